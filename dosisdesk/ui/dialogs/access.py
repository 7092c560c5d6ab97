"""Access to health data at the window: break the glass (a nurse opens a citizen outside her team
with a reason), the coordinators' review of those breaks, and the citizen's log (every access to
one citizen, saved as PDF for an insight request). Database work runs in the window's runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.calendar import format_moment_numeric
from dosisdesk.domain.cpr import check_file_name, mask_cpr
from dosisdesk.domain.errors import DosisError
from dosisdesk.ui.messages import bridge
from dosisdesk.ui.widgets.page_progress import PageProgress, log_then_commit


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    t.setWordWrap(True)
    t.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return t


def _fill(t: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    """The rows; every column but the last as wide as its text, the last (a reason, what was
    done) fills the rest and wraps, so nothing is cut off behind a scroll bar."""
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            t.setItem(r, c, item)
    for c in range(t.columnCount() - 1):
        t.resizeColumnToContents(c)
    t.resizeRowsToContents()


class BreakGlassDialog(QDialog):
    """A nurse opens a citizen outside her team for a shift; the reason is required and logged."""

    opened = Signal(str)  # CPR

    def __init__(self, ctx: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.setWindowTitle(self.tr("Emergency access to a citizen"))
        intro = QLabel(
            self.tr(
                "Only when you cover for another team: the citizen opens for this shift (12 hours). "
                "Your reason is logged and the medicine coordinator reviews it."
            )
        )
        intro.setWordWrap(True)
        self.cpr = QLineEdit()
        self.cpr.setAccessibleName(self.tr("CPR number"))
        self.cpr.setPlaceholderText("ddmmåå-xxxx")
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("e.g. covering for Team Syd this evening"))
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("&CPR number:"), self.cpr)
        form.addRow(self.tr("&Reason:"), self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Open"))
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.resize(480, 220)

    @Slot()
    def _on_accept(self) -> None:
        from dosisdesk.services import glass

        ctx, cpr, reason = self._ctx, self.cpr.text(), self.reason.text()
        self.buttons.setEnabled(False)
        self._runner.run(
            lambda: glass.break_glass(ctx, cpr, reason), self._on_done, self._on_failed
        )

    def _on_done(self, grant: Any) -> None:
        self.opened.emit(grant.cpr)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, DosisError):
            self.error.setText(exc.message)
            self.error.show()
            return
        from dosisdesk.ui.errors import present

        present(self, exc)


class GlassReviewDialog(QDialog):
    """The coordinators' list of breaks of the glass, not yet reviewed."""

    def __init__(self, ctx: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.grants: list[Any] = []
        self.setWindowTitle(self.tr("Emergency accesses to review"))
        self.table = _table(
            [
                self.tr("When"),
                self.tr("User"),
                self.tr("Citizen"),
                self.tr("CPR"),
                self.tr("Reason"),
            ]
        )
        self.table.setAccessibleName(self.tr("Emergency accesses"))
        self.empty = QLabel(self.tr("No emergency accesses to review."))
        self.reviewed = QPushButton(self.tr("&Mark as reviewed"))
        self.reviewed.clicked.connect(self._on_reviewed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.reviewed, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)
        lay.addWidget(buttons)
        self.resize(820, 380)
        self.reload()

    def reload(self) -> None:
        from dosisdesk.services import glass

        ctx = self._ctx
        self._runner.run(lambda: glass.grants_to_review(ctx), self._on_loaded)

    def _on_loaded(self, grants: list[Any]) -> None:
        self.grants = grants
        _fill(
            self.table,
            [
                (
                    format_moment_numeric(g.granted_at),
                    f"{g.full_name} ({g.username})",
                    g.citizen_name,
                    mask_cpr(g.cpr),
                    g.reason,
                )
                for g in grants
            ],
        )
        self.empty.setVisible(not grants)
        self.reviewed.setEnabled(bool(grants))
        if grants:
            self.table.selectRow(0)

    @Slot()
    def _on_reviewed(self) -> None:
        from dosisdesk.services import glass

        row = self.table.currentRow()
        if not 0 <= row < len(self.grants):
            return
        ctx, gid = self._ctx, self.grants[row].id
        self._runner.run(lambda: glass.mark_reviewed(ctx, gid), lambda _r: self.reload())


class CitizenLogDialog(QDialog):
    """Every access to one citizen (who, role, when, what); save it as PDF for the citizen.

    Saving works like the other prints: the pages are laid out into a temporary file with a
    progress dialog (Cancel works), the print is logged and the chain's checkpoint written on the
    runner (never on the GUI thread), and only then is the file moved into place."""

    pdf_saved = Signal(str)  # the path
    pdf_failed = Signal(object)  # the exception (PrintCancelled when cancelled)

    def __init__(self, ctx: Any, runner: Any, cpr: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._runner, self._cpr = ctx, runner, cpr
        self.log: Any = None
        self._pages = PageProgress(self, self.tr("The citizen's log"))
        self.setWindowTitle(self.tr("The citizen's log · %1").replace("%1", mask_cpr(cpr)))
        self.table = _table([self.tr("When"), self.tr("Who"), self.tr("Role"), self.tr("What")])
        self.table.setAccessibleName(self.tr("Accesses to the citizen"))
        self.save = QPushButton(self.tr("&Save as PDF…"))
        self.save.setEnabled(False)
        self.save.clicked.connect(self._on_save)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.resize(760, 460)
        from dosisdesk.services import accesslog

        ctx = self._ctx
        self._runner.run(lambda: accesslog.citizen_log(ctx, cpr), self._on_loaded, self._on_failed)

    def _on_loaded(self, log: Any) -> None:
        self.log = log
        _fill(self.table, [(format_moment_numeric(r.at), r.who, r.role, r.what) for r in log.rows])
        self.save.setEnabled(True)

    def _on_failed(self, exc: BaseException) -> None:
        from dosisdesk.ui.errors import present

        present(self, exc)
        self.reject()

    @Slot()
    def _on_save(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"borgerens-log-{self.log.printed_at:%Y-%m-%d}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the citizen's log"),
            str(Path(folder) / name),
            self.tr("PDF files (*.pdf)"),
        )
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.save_pdf(path)

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        return self._pages.dialog

    def save_pdf(self, path: str) -> None:
        """Lay out the pages, log the print and anchor the chain in the background, then move
        the file into place; ``pdf_saved`` or ``pdf_failed`` says how it went."""
        from dosisdesk.reports import pdf
        from dosisdesk.reports.accesslog import accesslog_job
        from dosisdesk.services import accesslog

        try:
            check_file_name(path, example="borgerens-log.pdf")
        except DosisError as e:
            self._fail(e)
            return
        self.save.setEnabled(False)
        self._pages.start(self.tr("Making the pages…"))
        ctx, log = self._ctx, self.log
        try:
            tmp, pages = pdf.render_pdf_file(
                accesslog_job(log),
                path,
                progress=self._pages.on_page,
                cancelled=self._pages.cancelled,
            )
        except Exception as e:  # cancelled, or the folder cannot be written
            self._fail(e)
            return

        def work() -> None:
            accesslog.record_print(ctx, log)  # logged before the file is in place
            accesslog.after_print(ctx)

        def done() -> None:
            self._finish()
            bridge.info(
                self,
                self.tr("The citizen's log"),
                self.tr("Saved %1 pages as %2.").replace("%1", str(pages)).replace("%2", path),
            )
            self.pdf_saved.emit(path)

        self._pages.busy(self.tr("Logging the print…"))
        log_then_commit(self, self._runner, work, tmp, path, done, self._fail)

    # -- progress and errors ---------------------------------------------------------------

    def _finish(self) -> None:
        self._pages.finish()
        self.save.setEnabled(self.log is not None)

    def _fail(self, exc: BaseException) -> None:
        from dosisdesk.reports import pdf

        self._finish()
        if isinstance(exc, pdf.PrintCancelled):
            pass
        elif isinstance(exc, DosisError):
            bridge.error(self, self.tr("The citizen's log"), exc.message)
        else:
            from dosisdesk.ui.errors import present

            present(self, exc)
        self.pdf_failed.emit(exc)
