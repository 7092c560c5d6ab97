"""The card's tabs that act: the open changes (confirm, cancel with a reason), and the flags
and renewals (acknowledge, ask for a renewal).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.types import ChangeState, RenewalState
from dosisdesk.services.dto import (
    AcuteInRollDTO,
    CardView,
    ChangeDTO,
)
from dosisdesk.ui import texts
from dosisdesk.ui.nurse.card_views import _table
from dosisdesk.ui.nurse.models import (
    ChangesModel,
    FlagsModel,
    RenewalsModel,
)
from dosisdesk.ui.widgets.labels import WrappedLabel

log = logging.getLogger("dosisdesk.ui")


class CancelChangeDialog(QDialog):
    """Ask why a change is cancelled (the reason is required)."""

    def __init__(self, change: ChangeDTO, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.change = change
        self.setWindowTitle(self.tr("Cancel change"))
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(self.tr("Reason for cancelling"))
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("Cancel: %1").replace("%1", label)))
        reason_label = QLabel(self.tr("&Reason:"))
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Cancel the change"))
        ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._on_text_changed)
        form.addRow(self.buttons)

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    @Slot()
    def _on_text_changed(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason_text()))


class ChangesTab(QWidget):
    confirm_requested = Signal(int, int)  # change id, version
    cancel_requested = Signal(int, int, str)  # change id, version, reason
    new_change_requested = Signal(bool)  # acute
    handling_done_requested = Signal(int, object)  # acute change id, bags (empty: all open)
    write_requested = Signal(str, str)  # "change", change id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ChangesModel(self)
        self.view = _table(self.tr("Open changes"))
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(ChangesModel.COL_DRUG, QHeaderView.ResizeMode.Stretch)
        for col, width in (
            (ChangesModel.COL_EFFECTIVE, 110),
            (ChangesModel.COL_KIND, 150),
            (ChangesModel.COL_DOSE, 90),
            (ChangesModel.COL_DEADLINE, 170),
            (ChangesModel.COL_STATE, 100),
            (ChangesModel.COL_REGISTERED, 200),
        ):
            header.resizeSection(col, width)
        self.confirm_button = QPushButton(self.tr("C&onfirm (checked in FMK)"))
        self.cancel_button = QPushButton(self.tr("Ca&ncel change…"))
        self.new_button = QPushButton(self.tr("New change…"))
        self.acute_button = QPushButton(self.tr("Acute change…"))
        self.done_button = QPushButton(self.tr("Mark handling &done (all bags)"))
        self.done_button.setAccessibleName(
            self.tr("Mark every open bag of the selected acute change as done")
        )
        self.write_button = QPushButton(self.tr("&Write to the GP…"))
        self.write_button.setObjectName("write_change")
        self.write_button.setToolTip(
            self.tr("A correspondence message (MedCom) to the GP about the selected change")
        )
        self.confirm_button.setAccessibleName(self.tr("Confirm the selected change"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the selected change"))
        self.new_button.setAccessibleName(self.tr("Register a new change"))
        self.acute_button.setAccessibleName(self.tr("Register an acute change"))
        self.detail = WrappedLabel()
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = QLabel(self.tr("No open changes."))
        buttons = QHBoxLayout()
        for b in (self.confirm_button, self.cancel_button, self.done_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.acute_button)
        buttons.addWidget(self.write_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.empty)
        lay.addWidget(self.detail)
        lay.addLayout(buttons)
        self._dialog: CancelChangeDialog | None = None
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.confirm_button.clicked.connect(self._on_confirm)
        self.cancel_button.clicked.connect(self._on_cancel)
        self.new_button.clicked.connect(self._on_new)
        self.acute_button.clicked.connect(self._on_acute)
        self.done_button.clicked.connect(self._on_done)
        self.write_button.clicked.connect(self._on_write)
        self._update_buttons()

    def set_changes(
        self,
        changes: tuple[ChangeDTO, ...],
        labels: dict[int, str],
        acute: tuple[AcuteInRollDTO, ...] = (),
    ) -> None:
        current = self.selected()
        self.model.set_changes(changes, labels, acute)
        rows = self.model.rowCount()
        self.empty.setVisible(rows == 0)
        row = next((i for i in range(rows) if current and self.model.change(i).id == current.id), 0)
        if rows:
            self.view.selectRow(row)
        self._update_buttons()

    def selected(self) -> ChangeDTO | None:
        idx = self.view.currentIndex()
        if not idx.isValid() or idx.row() >= self.model.rowCount():
            return None
        return self.model.change(idx.row())

    def select_change(self, change_id: int) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.change(row).id == change_id:
                self.view.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        c = self.selected()
        acute = self.model.acute(c.id) if c is not None else None
        self.done_button.setVisible(acute is not None)
        self.done_button.setEnabled(acute is not None and acute.open_steps > 0)
        self.confirm_button.setEnabled(c is not None and c.state is ChangeState.REGISTERED)
        self.write_button.setEnabled(c is not None)
        self.cancel_button.setEnabled(
            c is not None
            and c.state in (ChangeState.REGISTERED, ChangeState.CONFIRMED, ChangeState.LOCKED)
        )
        if c is None:
            self.detail.clear()
            return
        parts = [
            self.tr("Change %1, registered %2 by %3")
            .replace("%1", str(c.id))
            .replace("%2", texts.fmt_datetime(c.registered_at))
            .replace("%3", c.registered_by_name or c.registered_by)
        ]
        if c.target_period is not None:
            p = c.target_period
            parts.append(
                self.tr("Lands in the roll %1 (deadline %2)")
                .replace("%1", texts.fmt_span(p.first_day, p.last_day))
                .replace("%2", texts.fmt_day_time(p.deadline))
            )
        if c.acute:
            parts.append(
                self.tr("Acute: %1 · doctor: %2").replace("%1", c.reason).replace("%2", c.doctor)
            )
        if c.follow_up_of_id and c.follow_up_of_day is not None:
            parts.append(texts.follow_up_text(c.kind, c.effective_date, c.follow_up_of_day))
        acute = self.model.acute(c.id)
        if acute is not None:
            if acute.carried_from is not None:
                parts.append(
                    self.tr("The roll carries it from %1; until then:").replace(
                        "%1", texts.fmt_day(acute.carried_from)
                    )
                )
            for h in c.handlings:
                parts.append("• " + texts.handling_label(h.kind))
            for st in acute.steps:
                where = (
                    f"{texts.fmt_day(st.day)} {texts.slot_label(st.slot or '')}"
                    if st.day is not None
                    else texts.handling_label(st.kind)
                )
                state = (
                    self.tr("done by %1 %2")
                    .replace("%1", st.done_by_name or st.done_by or "?")
                    .replace("%2", texts.fmt_day_time(st.done_at))
                    if st.done_at is not None
                    else self.tr("not done")
                )
                parts.append(f"   {where}: {state}")
        if c.source:
            parts.append(self.tr("Source: %1").replace("%1", c.source))
        self.detail.setText("\n".join(parts))

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, _cur: QModelIndex, _prev: QModelIndex) -> None:
        self._update_buttons()

    @Slot()
    def _on_confirm(self) -> None:
        c = self.selected()
        if c is not None:
            self.confirm_requested.emit(c.id, c.version)

    @Slot()
    def _on_cancel(self) -> None:
        c = self.selected()
        if c is None:
            return
        label = self.model.data(
            self.model.index(self.view.currentIndex().row(), ChangesModel.COL_DRUG)
        )
        dialog = CancelChangeDialog(c, f"{texts.kind_label(c.kind)} {label or ''}".strip(), self)
        dialog.accepted.connect(self._on_cancel_accepted)
        self._dialog = dialog
        dialog.open()

    @Slot()
    def _on_cancel_accepted(self) -> None:
        dialog = self._dialog
        if dialog is not None:
            self.cancel_requested.emit(
                dialog.change.id, dialog.change.version, dialog.reason_text()
            )
            dialog.deleteLater()
            self._dialog = None

    @Slot()
    def _on_done(self) -> None:
        c = self.selected()
        if c is not None and self.model.acute(c.id) is not None:
            self.handling_done_requested.emit(c.id, ())

    @Slot()
    def _on_new(self) -> None:
        self.new_change_requested.emit(False)

    @Slot()
    def _on_acute(self) -> None:
        self.new_change_requested.emit(True)

    @Slot()
    def _on_write(self) -> None:
        c = self.selected()
        if c is not None:
            self.write_requested.emit("change", str(c.id))


class FlagsRenewalsTab(QWidget):
    write_requested = Signal(str, str)  # context kind ("flag", "renewal"), reference

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._flags: tuple[Any, ...] = ()
        self._renewals: tuple[Any, ...] = ()
        self.flags_model = FlagsModel(self)
        self.flags_view = _table(self.tr("Double prescriptions"))
        self.flags_view.setModel(self.flags_model)
        fh = self.flags_view.horizontalHeader()
        fh.setSectionResizeMode(FlagsModel.COL_A, QHeaderView.ResizeMode.Stretch)
        fh.setSectionResizeMode(FlagsModel.COL_B, QHeaderView.ResizeMode.Stretch)
        self.renewals_model = RenewalsModel(self)
        self.renewals_view = _table(self.tr("Renewals"))
        self.renewals_view.setModel(self.renewals_model)
        rh = self.renewals_view.horizontalHeader()
        rh.setSectionResizeMode(RenewalsModel.COL_DRUG, QHeaderView.ResizeMode.Stretch)
        rh.setSectionResizeMode(RenewalsModel.COL_REASON, QHeaderView.ResizeMode.Stretch)
        rh.resizeSection(RenewalsModel.COL_UNTIL, 170)
        for col in (RenewalsModel.COL_STATE, RenewalsModel.COL_SENT):
            rh.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.flags_title = QLabel()
        self.flags_title.setObjectName("sectionTitle")
        self.renewals_title = QLabel()
        self.renewals_title.setObjectName("sectionTitle")
        self.flags_hint = WrappedLabel(
            self.tr(
                "Found by active substance (ATC level 5), never by trade name. High: the same "
                "substance in the roll and on an ordinary prescription. Review: with an as-needed "
                "line or two roll lines. Info: the same therapeutic group. The decision is "
                "clinical: talk to the GP."
            )
        )
        self.flags_hint.setObjectName("hint")
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.flags_title)
        tl.addWidget(self.flags_view, 1)
        self.write_flag_button = QPushButton(self.tr("&Write to the GP about it…"))
        self.write_flag_button.setObjectName("write_flag")
        self.write_flag_button.setToolTip(
            self.tr("A correspondence message (MedCom) to the GP naming both lines")
        )
        self.write_flag_button.setEnabled(False)
        fl = QHBoxLayout()
        fl.addWidget(self.flags_hint, 1)
        fl.addWidget(self.write_flag_button, 0, Qt.AlignmentFlag.AlignTop)
        tl.addLayout(fl)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.renewals_title)
        bl.addWidget(self.renewals_view, 1)
        self.write_renewal_button = QPushButton(self.tr("Write to the GP about the re&jection…"))
        self.write_renewal_button.setObjectName("write_renewal")
        self.write_renewal_button.setEnabled(False)
        rl = QHBoxLayout()
        rl.addStretch(1)
        rl.addWidget(self.write_renewal_button)
        bl.addLayout(rl)
        self.flags_view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.renewals_view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.write_flag_button.clicked.connect(self._on_write_flag)
        self.write_renewal_button.clicked.connect(self._on_write_renewal)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        lay = QVBoxLayout(self)
        lay.addWidget(split)

    def _selected(self, view: QTableView, rows: tuple[Any, ...]) -> Any:
        row = view.currentIndex().row()
        return rows[row] if 0 <= row < len(rows) else None

    @Slot()
    def _update_buttons(self) -> None:
        self.write_flag_button.setEnabled(self._selected(self.flags_view, self._flags) is not None)
        r = self._selected(self.renewals_view, self._renewals)
        self.write_renewal_button.setEnabled(
            r is not None and r.request_id is not None and r.state is RenewalState.REJECTED
        )

    @Slot()
    def _on_write_flag(self) -> None:
        f = self._selected(self.flags_view, self._flags)
        if f is not None:
            self.write_requested.emit("flag", f"{f.line_a}-{f.line_b}")

    @Slot()
    def _on_write_renewal(self) -> None:
        r = self._selected(self.renewals_view, self._renewals)
        if r is not None and r.request_id is not None:
            self.write_requested.emit("renewal", str(r.request_id))

    def set_card(self, cv: CardView) -> None:
        self._flags, self._renewals = tuple(cv.flags), tuple(cv.renewals)
        self.flags_model.set_flags(cv.flags)
        self.renewals_model.set_renewals(cv.renewals)
        self._update_buttons()
        self.flags_title.setText(
            self.tr("Double prescriptions (%1)").replace("%1", str(len(cv.flags)))
        )
        self.renewals_title.setText(
            self.tr("Renewals due within 28 days (%1)").replace("%1", str(len(cv.renewals)))
        )
