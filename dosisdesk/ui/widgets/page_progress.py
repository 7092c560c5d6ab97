"""The progress of making PDF pages: one window-modal, cancellable QProgressDialog that appears
only after half a second, busy until the pages are counted, then counting them.

    pages = PageProgress(self, self.tr("The citizen's log"))
    pages.start(self.tr("Collecting the data…"))     # shows busy; clears a cancel from before
    pdf.render_pdf_file(job, path, progress=pages.on_page, cancelled=pages.cancelled)
    pages.finish()                                   # hides it again

The dialog is made at the first :meth:`start` and kept for the next run (``dialog``); it is a
:func:`cancellable_progress`, as the demo data's at start-up is.
:func:`log_then_commit` ends a PDF run: the print logged on the runner, then the file moved into
place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget


def cancellable_progress(parent: QWidget, title: str, delay_ms: int) -> QProgressDialog:
    """A window-modal progress dialog with Cancel that appears only when its work lasts
    ``delay_ms`` and stays until it is closed (it neither closes nor resets at its maximum)."""
    p = QProgressDialog(parent)
    p.setWindowTitle(title)
    p.setCancelButtonText(QCoreApplication.translate("PageProgress", "Cancel"))
    p.setWindowModality(Qt.WindowModality.WindowModal)
    p.setMinimumDuration(delay_ms)
    p.setAutoClose(False)
    p.setAutoReset(False)
    return p


class PageProgress(QObject):
    """The progress dialog of one window's page-making runs (see the module's docstring)."""

    def __init__(self, parent: QWidget, title: str | None = None) -> None:
        """``title`` is the dialog's; None: the parent's window title when the dialog is made."""
        super().__init__(parent)
        self._parent, self._title = parent, title
        self._dialog: QProgressDialog | None = None
        self._cancelled = False

    @property
    def dialog(self) -> QProgressDialog | None:
        """The progress dialog, once a run has started."""
        return self._dialog

    def start(self, label: str) -> None:
        """Begin a run: not cancelled, ``label`` shown, busy until the pages are counted."""
        self._cancelled = False
        if self._dialog is None:
            title = self._parent.windowTitle() if self._title is None else self._title
            p = cancellable_progress(self._parent, title, 500)
            p.canceled.connect(self._on_cancel)
            self._dialog = p
        self.busy(label)
        self._dialog.setValue(0)

    def busy(self, label: str) -> None:
        """Show ``label`` with a busy bar (a step whose length is not known)."""
        if self._dialog is not None:
            self._dialog.setLabelText(label)
            self._dialog.setRange(0, 0)

    @Slot()
    def _on_cancel(self) -> None:
        self._cancelled = True

    def cancelled(self) -> bool:
        """Whether the user cancelled this run (the renderer asks between pages)."""
        p = self._dialog
        return self._cancelled or (p is not None and p.wasCanceled())

    def on_page(self, done: int, total: int) -> None:
        """``done`` of ``total`` pages made (the renderer's progress callback)."""
        p = self._dialog
        if p is None:
            return
        if p.maximum() != total:
            p.setLabelText(self.tr("Making the pages…"))
            p.setRange(0, total)
        p.setValue(done)  # a window-modal progress dialog processes events: Cancel works

    def finish(self) -> None:
        """End the run: the dialog reset and hidden."""
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.hide()


def log_then_commit(
    owner: QWidget,
    runner: Any,
    work: Callable[[], object],
    tmp: str,
    path: str,
    done: Callable[[], None],
    fail: Callable[[BaseException], None],
) -> None:
    """Run ``work`` (logging the print) on ``runner``, then move the laid-out ``tmp`` file to
    ``path`` (``pdf.commit_pdf_file``): ``done()`` once it is in place, ``fail(exc)`` when the work
    or the move failed (after the work failed the temporary file is removed). Neither is called
    once ``owner`` is gone."""
    from dosisdesk.reports import pdf

    def commit(_r: object) -> None:
        try:
            pdf.commit_pdf_file(tmp, path)
        except Exception as e:
            if shiboken6.isValid(owner):
                fail(e)
            return
        if shiboken6.isValid(owner):
            done()

    def failed(exc: BaseException) -> None:
        Path(tmp).unlink(missing_ok=True)
        if shiboken6.isValid(owner):
            fail(exc)

    runner.run(work, commit, failed)
