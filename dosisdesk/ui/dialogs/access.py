"""Access to health data at the window: break the glass (a nurse opens a citizen outside her team
with a reason), the coordinators' review of those breaks, and the citizen's log (every access to
one citizen, saved as PDF for an insight request). Database work runs in the window's runner."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.cpr import check_file_name, mask_cpr
from dosisdesk.domain.errors import DosisError
from dosisdesk.ui.messages import bridge


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return t


def _fill(t: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.setItem(r, c, QTableWidgetItem(value))
    t.resizeColumnsToContents()


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
                    f"{g.granted_at:%d-%m-%Y %H:%M}",
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
    """Every access to one citizen (who, role, when, what); save it as PDF for the citizen."""

    def __init__(self, ctx: Any, runner: Any, cpr: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._runner, self._cpr = ctx, runner, cpr
        self.log: Any = None
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
        _fill(self.table, [(f"{r.at:%d-%m-%Y %H:%M}", r.who, r.role, r.what) for r in log.rows])
        self.save.setEnabled(True)

    def _on_failed(self, exc: BaseException) -> None:
        from dosisdesk.ui.errors import present

        present(self, exc)
        self.reject()

    @Slot()
    def _on_save(self) -> None:
        name = f"borgerens-log-{self.log.printed_at:%Y-%m-%d}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the citizen's log"), name, self.tr("PDF files (*.pdf)")
        )
        if path:
            try:
                self.save_pdf(path)
            except DosisError as e:
                bridge.error(self, self.tr("The citizen's log"), e.message)

    def save_pdf(self, path: str) -> int:
        """Write the PDF (logged before the file is in place; a checkpoint after)."""
        from dosisdesk.reports import pdf
        from dosisdesk.reports.accesslog import accesslog_job
        from dosisdesk.services import accesslog

        check_file_name(path, example="log-team-nord.pdf")
        ctx, log = self._ctx, self.log
        pages = pdf.write_pdf(
            accesslog_job(log), path, before_commit=lambda: accesslog.record_print(ctx, log)
        )
        accesslog.after_print(ctx)
        bridge.info(self, self.tr("The citizen's log"), self.tr("Saved in %1.").replace("%1", path))
        return pages
