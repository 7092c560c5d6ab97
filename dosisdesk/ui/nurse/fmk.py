"""The FMK tab of the card, reading an FMK document from a file, and creating a citizen from it.

The tab shows when the citizen's FMK card was last read (and its version), where an accepted
change would land (R2), and every pending difference with its kind, what dosisdesk has now, what
FMK says, and FMK's author. Accept turns the selected proposal into a registered change;
Reject asks for a reason. Reading goes through the background runner like every database job.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.calendar import format_day, format_moment, format_moment_numeric
from dosisdesk.domain.fmk import ProposalKind
from dosisdesk.services.context import Ctx
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.messages import bridge
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.labels import WrappedLabel
from dosisdesk.ui.widgets.table_model import Column, TableModel

log = logging.getLogger("dosisdesk.ui")


def kind_label(kind: ProposalKind) -> str:
    return {
        ProposalKind.NEW: QCoreApplication.translate("fmk", "New in FMK"),
        ProposalKind.DOSE: QCoreApplication.translate("fmk", "Dose changed"),
        ProposalKind.ENDED: QCoreApplication.translate("fmk", "Ended in FMK"),
        ProposalKind.INTO_ROLL: QCoreApplication.translate("fmk", "Into the roll"),
        ProposalKind.OUT_OF_ROLL: QCoreApplication.translate("fmk", "Out of the roll"),
        ProposalKind.SUPPLY: QCoreApplication.translate("fmk", "Supply changed"),
        ProposalKind.SUBSTITUTED: QCoreApplication.translate("fmk", "Other trade name"),
        ProposalKind.NOT_IN_FMK: QCoreApplication.translate("fmk", "Not in FMK"),
    }[kind]


def fmt_moment(value: Any) -> str:
    return format_moment_numeric(value) if value is not None else ""


def _after(p: Any) -> str:
    text: str = p.after
    if p.cannot_dose_dispense:
        text += " · " + QCoreApplication.translate("fmk", "cannot be dose-dispensed as given")
    if p.note and p.dosage_exact:
        text += " · " + QCoreApplication.translate("fmk", "Note: %1").replace("%1", p.note)
    return text


class ProposalsModel(TableModel[Any]):
    """Pending FMK proposals (ProposalDTO), one row each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    QCoreApplication.translate("fmk", "Difference"), lambda p: kind_label(p.kind)
                ),
                Column(
                    QCoreApplication.translate("fmk", "Now in dosisdesk"),
                    lambda p: p.before or "–",
                    tip=lambda p: p.before or None,
                ),
                Column(QCoreApplication.translate("fmk", "From FMK"), _after, tip=_after),
                Column(
                    QCoreApplication.translate("fmk", "Source in FMK"), lambda p: p.author or "FMK"
                ),
            ],
            parent=parent,
        )

    def proposal(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None


class RejectDialog(QDialog):
    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reject the FMK proposal"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(what))
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("Why is it rejected? (required)"))
        lay.addWidget(self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.reason.textChanged.connect(self._on_text)
        self._on_text("")

    @Slot(str)
    def _on_text(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(text.strip()))


class FmkTab(QWidget):
    """One citizen's FMK differences."""

    read_file_requested = Signal()

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._ctx: Ctx | None = None
        self._cpr: str | None = None
        self._status: Any = None
        self._generation = 0
        self.summary = WrappedLabel()
        self.summary.setObjectName("fmkSummary")
        self.model = ProposalsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Differences between FMK and dosisdesk"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.accept_button = QPushButton(self.tr("&Accept into the queue"))
        self.reject_button = QPushButton(self.tr("Re&ject…"))
        self.read_button = QPushButton(self.tr("&Read FMK card from file…"))
        row = QHBoxLayout()
        row.addWidget(self.accept_button)
        row.addWidget(self.reject_button)
        row.addStretch(1)
        row.addWidget(self.read_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.view, 1)
        lay.addLayout(row)
        self.accept_button.clicked.connect(self._on_accept)
        self.reject_button.clicked.connect(self._on_reject)
        self.read_button.clicked.connect(self.read_file_requested)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self._update_buttons()

    def set_context(self, ctx: Ctx | None) -> None:
        self._ctx = ctx

    @property
    def cpr(self) -> str | None:
        return self._cpr

    def show_citizen(self, cpr: str | None) -> None:
        self._cpr = cpr
        self.reload()

    @property
    def pending_count(self) -> int:
        return self.model.rowCount()

    def reload(self) -> None:
        ctx, cpr = self._ctx, self._cpr
        self._generation += 1
        gen = self._generation
        if ctx is None or cpr is None:
            self.model.set_rows([])
            return
        from dosisdesk.services import fmk

        self._runner.run(
            lambda: fmk.status(ctx, cpr),
            lambda st: self._on_loaded(gen, st),
            lambda exc: self._on_failed(gen, exc),
        )

    def _on_loaded(self, generation: int, st: Any) -> None:
        if generation != self._generation:
            return
        self._status = st
        lr = st.last_read
        if lr is None:
            text = self.tr(
                "The FMK card has not been read for this citizen. Read it with "
                "Citizen → Read FMK card… or drop the file on the window."
            )
        else:
            text = (
                self.tr("FMK read %1 by %2, FMK version %3.")
                .replace("%1", fmt_moment(lr.read_at))
                .replace("%2", lr.read_by_name or lr.read_by)
                .replace("%3", lr.card_version)
            )
            if lr.private_count:
                text += " " + self.tr("%1 private-marked entries are not shown.").replace(
                    "%1", str(lr.private_count)
                )
        if st.target is not None:
            text += " " + self.tr(
                "An accepted change lands in the roll from %1 (deadline %2)."
            ).replace("%1", format_day(st.target.first_day)).replace(
                "%2", format_moment(st.target.deadline)
            )
        if lr is not None and not st.pending:
            text += " " + self.tr("No differences: the card matches FMK.")
        self.summary.setText(text)
        self.model.set_rows(st.pending)
        self.view.resizeRowsToContents()
        if st.pending:
            self.view.selectRow(0)
        self._update_buttons()

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        from dosisdesk.ui.errors import present

        present(self, exc)

    def selected(self) -> Any:
        idx = self.view.currentIndex()
        return self.model.proposal(idx.row()) if idx.isValid() else None

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.accept_button.setEnabled(has)
        self.reject_button.setEnabled(has)
        self.read_button.setEnabled(self._ctx is not None)

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, _cur: QModelIndex, _prev: QModelIndex) -> None:
        self._update_buttons()

    def _write(self, fn: Any, cid: int, done_text: str) -> None:
        from dosisdesk.ui.errors import present

        def done(_r: Any) -> None:
            bridge.info(self, self.tr("FMK"), done_text)
            hub.publish(Changed.fmk_proposal(cid))

        def failed(exc: BaseException) -> None:
            present(self, exc)
            self.reload()

        self._runner.run(fn, done, failed)

    @Slot()
    def _on_accept(self) -> None:
        p, ctx = self.selected(), self._ctx
        if p is None or ctx is None:
            return
        from dosisdesk.services import fmk

        text = self.tr("Accepted: %1 is registered as a change for the coming roll.").replace(
            "%1", p.drug
        )
        self._write(lambda: fmk.accept(ctx, p.id, p.version), p.citizen_id, text)

    @Slot()
    def _on_reject(self) -> None:
        p, ctx = self.selected(), self._ctx
        if p is None or ctx is None:
            return
        dlg = RejectDialog(f"{kind_label(p.kind)}: {p.after}", self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def go() -> None:
            from dosisdesk.services import fmk

            reason = dlg.reason.text()
            self._write(
                lambda: fmk.reject(ctx, p.id, reason, p.version),
                p.citizen_id,
                self.tr("The proposal is rejected."),
            )

        dlg.accepted.connect(go)
        dlg.open()


class CreateCitizenDialog(QDialog):
    """A coordinator creates a citizen dosisdesk lacks from the FMK card: team and packing group."""

    def __init__(
        self, name: str, teams: list[str], groups: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Create citizen from FMK"))
        lay = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "%1 is not in dosisdesk. Create the citizen from the FMK card? "
                "The medicine is then proposed line by line."
            ).replace("%1", name)
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.team = QComboBox()
        self.team.addItems(teams)
        self.group = QComboBox()
        self.group.addItems(groups)
        form.addRow(self.tr("&Team:"), self.team)
        form.addRow(self.tr("&Packing group:"), self.group)
        lay.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)


class FmkReader(QObject):
    """Reads an FMK file for the main window: in the background, then opens the citizen's card on
    the FMK tab. A citizen dosisdesk lacks is offered to coordinators to create."""

    citizen_read = Signal(str)  # CPR

    def __init__(self, runner: Runner, parent: QWidget) -> None:
        super().__init__(parent)
        self._runner = runner
        self._parent = parent

    def choose_and_read(self, ctx: Ctx, expected_cpr: str | None) -> None:
        dlg = QFileDialog(self._parent, self.tr("Read FMK card"))
        dlg.setNameFilters([self.tr("FMK responses (*.xml)"), self.tr("All files (*)")])
        dlg.setFileMode(QFileDialog.FileMode.ExistingFile)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.fileSelected.connect(lambda f: self.read(ctx, Path(f), expected_cpr))
        dlg.open()

    def read(self, ctx: Ctx, path: Path, expected_cpr: str | None) -> None:
        from dosisdesk.interop.fmk import sources
        from dosisdesk.services import fmk

        def failed(exc: BaseException) -> None:
            if isinstance(exc, fmk.CitizenNotInDosisdesk):
                self._offer_create(ctx, exc)
                return
            from dosisdesk.ui.errors import present

            present(self._parent, exc)

        self._runner.run(
            lambda: sources.read_file(ctx, path, expected_cpr=expected_cpr), self._on_read, failed
        )

    def _on_read(self, result: Any) -> None:
        hub.publish(Changed.fmk_read(result.citizen_id))
        self.citizen_read.emit(result.cpr)
        n = len(result.pending)
        text = (
            self.tr("%1: %2 differences between FMK and dosisdesk. See the FMK tab.")
            .replace("%1", result.name)
            .replace("%2", str(n))
            if n
            else self.tr("%1: the card matches FMK.").replace("%1", result.name)
        )
        bridge.info(self._parent, self.tr("FMK card read"), text)

    def _offer_create(self, ctx: Ctx, exc: Any) -> None:
        from dosisdesk.domain.types import Role

        if ctx.actor.role is Role.NURSE:
            bridge.warning(self._parent, self.tr("FMK card read"), exc.message)
            return
        from dosisdesk.services import fmk

        def lists() -> tuple[list[str], list[str]]:
            return fmk.teams_and_groups(ctx)

        def ask(tg: tuple[list[str], list[str]]) -> None:
            card = exc.card
            dlg = CreateCitizenDialog(
                f"{card.given_name} {card.surname}", tg[0], tg[1], self._parent
            )
            dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

            def go() -> None:
                team, group = dlg.team.currentText(), dlg.group.currentText()

                def work() -> Any:
                    fmk.create_citizen(ctx, card, team, group)
                    return fmk.read_card(ctx, card, source="file")

                from dosisdesk.ui.errors import present

                self._runner.run(work, self._on_read, lambda e: present(self._parent, e))

            dlg.accepted.connect(go)
            dlg.open()

        from dosisdesk.ui.errors import present

        self._runner.run(lists, ask, lambda e: present(self._parent, e))


__all__ = ["CreateCitizenDialog", "FmkReader", "FmkTab", "ProposalsModel", "RejectDialog"]
