"""The acute part of the change dialog (R3): why it cannot wait, the deciding doctor, what
waiting would mean, and the handling of the bags in the home (a grid of days × intake times).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.calendar import format_day, format_moment, time_between
from dosisdesk.domain.dosage import format_amount, parse_dosage
from dosisdesk.domain.errors import InvalidDosage
from dosisdesk.domain.types import (
    SLOT_ORDER,
    BagRef,
    Dosage,
    HandlingKind,
    IfWaited,
)
from dosisdesk.services.changes import HandlingRequest
from dosisdesk.ui import texts
from dosisdesk.ui.widgets.forms import (
    error_label,
    info_box,
    show_field_error,
)


def slot_names() -> tuple[str, ...]:
    return tuple(texts.slot_label(s.value) for s in SLOT_ORDER)


def slot_name(slot: str) -> str:
    return texts.slot_label(slot)


def bag_text(day: date, slot: str, today: date | None = None) -> str:
    """``søn. 22. nov. aften``."""
    return f"{format_day(day, today=today)} {slot_name(slot).lower()}"


class BagGrid(QTableWidget):
    """The bags in the home, one row per day and a column per slot; a cell is ticked by a click
    or the space bar, a whole day or slot by its header."""

    bags_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(SLOT_ORDER), parent)
        self._days: list[date] = []
        self.setObjectName("bag_grid")
        self.setAccessibleName(self.tr("Bags in the home"))
        self.setHorizontalHeaderLabels(list(slot_names()))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(24)
        self.horizontalHeader().setSectionsClickable(True)
        self.verticalHeader().setSectionsClickable(True)
        self.cellClicked.connect(self._on_cell_clicked)
        self.horizontalHeader().sectionClicked.connect(self._on_slot_header_clicked)
        self.verticalHeader().sectionClicked.connect(self._on_day_header_clicked)

    def set_days(self, days: Sequence[date], amounts: dict[str, str]) -> None:
        """Show these days; ``amounts`` per slot ("1", "½") marks the bags the line is in. Ticks
        on days still shown are kept."""
        kept = set(self.bags())
        self._days = list(days)
        self.setRowCount(len(self._days))
        today = self._days[0] if self._days else None
        self.setVerticalHeaderLabels([format_day(d, today=today) for d in self._days])
        for row, day in enumerate(self._days):
            for col, slot in enumerate(SLOT_ORDER):
                item = QTableWidgetItem(amounts.get(slot.value, ""))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                on = BagRef(day, slot.value) in kept
                item.setData(
                    Qt.ItemDataRole.CheckStateRole,
                    Qt.CheckState.Checked if on else Qt.CheckState.Unchecked,
                )
                item.setData(
                    Qt.ItemDataRole.AccessibleTextRole,
                    f"{format_day(day, today=today)} {slot_names()[col]}",
                )
                self.setItem(row, col, item)
        self.bags_changed.emit()

    @property
    def days(self) -> list[date]:
        return list(self._days)

    def bags(self) -> tuple[BagRef, ...]:
        out: list[BagRef] = []
        for row, day in enumerate(self._days):
            for col, slot in enumerate(SLOT_ORDER):
                item = self.item(row, col)
                if item is not None and item.checkState() == Qt.CheckState.Checked:
                    out.append(BagRef(day, slot.value))
        return tuple(out)

    def set_checked(self, day: date, slot: str, on: bool) -> None:
        row = self._days.index(day)
        col = [s.value for s in SLOT_ORDER].index(slot)
        self._set(row, col, on)
        self.bags_changed.emit()

    def clear_bags(self) -> None:
        for row in range(self.rowCount()):
            for col in range(self.columnCount()):
                self._set(row, col, False)
        self.bags_changed.emit()

    def _set(self, row: int, col: int, on: bool) -> None:
        item = self.item(row, col)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _toggle(self, row: int, col: int) -> None:
        item = self.item(row, col)
        if item is None or not self.isEnabled():
            return
        self._set(row, col, item.checkState() != Qt.CheckState.Checked)
        self.bags_changed.emit()

    def _set_all(self, cells: list[tuple[int, int]]) -> None:
        items = [self.item(r, c) for r, c in cells]
        on = any(i is not None and i.checkState() != Qt.CheckState.Checked for i in items)
        for r, c in cells:
            self._set(r, c, on)
        self.bags_changed.emit()

    @Slot(int, int)
    def _on_cell_clicked(self, row: int, col: int) -> None:
        self._toggle(row, col)

    @Slot(int)
    def _on_slot_header_clicked(self, col: int) -> None:
        self._set_all([(r, col) for r in range(self.rowCount())])

    @Slot(int)
    def _on_day_header_clicked(self, row: int) -> None:
        self._set_all([(row, c) for c in range(self.columnCount())])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self.currentItem() is not None:
            self._toggle(self.currentRow(), self.currentColumn())
            event.accept()
            return
        super().keyPressEvent(event)


# Marks a field wrong: the field, its error label and the message.
Fail = Callable[[QWidget, QLabel, str], None]


class AcutePanel(QGroupBox):
    """The acute part of the change form. ``edited`` says the user changed something;
    ``choice_changed`` that the handling chosen for the bags changed (where the change lands
    reads it)."""

    edited = Signal()
    choice_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Acute change"))
        self.setObjectName("acute_box")
        self.setMinimumWidth(430)
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.waiting_label = info_box("warn")
        self.waiting_label.setObjectName("waiting_label")
        self.waiting_label.setAccessibleName(self.tr("What waiting would mean"))
        form.addRow(self.waiting_label)

        reason = QWidget()
        rl = QVBoxLayout(reason)
        rl.setContentsMargins(0, 0, 0, 0)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("reason_edit")
        self.reason_edit.setAccessibleName(self.tr("Why it cannot wait"))
        self.reason_edit.setPlaceholderText(self.tr("Why the change cannot wait for the next roll"))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(54)
        self.reason_error = error_label("reason_error")
        rl.addWidget(self.reason_edit)
        rl.addWidget(self.reason_error)
        form.addRow(self.tr("Reaso&n:"), reason)

        doc = QWidget()
        dl = QVBoxLayout(doc)
        dl.setContentsMargins(0, 0, 0, 0)
        self.doctor_edit = QLineEdit()
        self.doctor_edit.setObjectName("doctor_edit")
        self.doctor_edit.setAccessibleName(self.tr("Deciding doctor"))
        self.doctor_edit.setPlaceholderText(self.tr("Name of the doctor who decided"))
        self.doctor_error = error_label("doctor_error")
        dl.addWidget(self.doctor_edit)
        dl.addWidget(self.doctor_error)
        form.addRow(self.tr("Do&ctor:"), doc)

        outer.addLayout(form)
        bags_caption = QLabel(self.tr("Bags affected (click a cell, a day or a slot):"))
        bags_caption.setWordWrap(True)
        outer.addWidget(bags_caption)
        self.bag_grid = BagGrid()
        self.bag_grid.setMinimumHeight(170)
        self.bag_grid.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        outer.addWidget(self.bag_grid)

        self.remove_radio = QRadioButton(self.tr("Take the tablets &out of these bags"))
        self.remove_radio.setObjectName("remove_radio")
        self.discard_radio = QRadioButton(
            self.tr("D&iscard these bags and give from an ordinary pack")
        )
        self.discard_radio.setObjectName("discard_radio")
        self.none_radio = QRadioButton(self.tr("The &bags stay as they are"))
        self.none_radio.setObjectName("none_radio")
        self.bag_choice = QButtonGroup(self)
        for i, rb in enumerate((self.remove_radio, self.discard_radio, self.none_radio)):
            self.bag_choice.addButton(rb, i)
            outer.addWidget(rb)
        self.handling_error = error_label("handling_error")
        outer.addWidget(self.handling_error)
        self.identifiable_check = QCheckBox(
            self.tr("E&very tablet in these bags can be identified")
        )
        self.identifiable_check.setObjectName("identifiable_check")
        self.identifiable_check.setAccessibleName(self.tr("All tablets can be identified"))
        self.identifiable_check.setEnabled(False)
        ident = QWidget()
        il = QVBoxLayout(ident)
        il.setContentsMargins(24, 0, 0, 0)
        self.identifiable_error = error_label("identifiable_error")
        il.addWidget(self.identifiable_check)
        il.addWidget(self.identifiable_error)
        outer.addWidget(ident)
        self.pharmacy_check = QCheckBox(self.tr("Ask the &pharmacy for a replacement roll"))
        self.pharmacy_check.setObjectName("pharmacy_check")
        self.pause_check = QCheckBox(self.tr("Pa&use dose dispensing"))
        self.pause_check.setObjectName("pause_check")
        outer.addWidget(self.pharmacy_check)
        outer.addWidget(self.pause_check)
        outer.addStretch(1)
        for edit in (self.reason_edit, self.doctor_edit):
            edit.textChanged.connect(self._on_input_changed)
        self.bag_grid.bags_changed.connect(self._on_input_changed)
        self.bag_choice.idToggled.connect(self._on_bag_choice_toggled)
        for cb in (self.identifiable_check, self.pharmacy_check, self.pause_check):
            cb.toggled.connect(self._on_input_changed)

    def show_bags(self, first: date, last: date, roll_dosage: str | None) -> None:
        """The bags from ``first`` to ``last``, each with the line's amount when the line is in
        the roll (``roll_dosage``, its dose as written)."""
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        amounts: dict[str, str] = {}
        if roll_dosage:
            try:
                d = parse_dosage(roll_dosage)
            except InvalidDosage:
                d = Dosage(())
            amounts = {e.at: format_amount(e.amount) for e in d.entries}
        self.bag_grid.set_days(days, amounts)

    def tab_order(self) -> list[QWidget]:
        return [
            self.reason_edit,
            self.doctor_edit,
            self.bag_grid,
            self.remove_radio,
            self.discard_radio,
            self.none_radio,
            self.identifiable_check,
            self.pharmacy_check,
            self.pause_check,
        ]

    @Slot()
    def _on_input_changed(self) -> None:
        if self.reason_edit.toPlainText().strip():
            show_field_error(self.reason_edit, self.reason_error, None)
        if self.doctor_edit.text().strip():
            show_field_error(self.doctor_edit, self.doctor_error, None)
        if self.identifiable_check.isChecked():
            show_field_error(self.identifiable_check, self.identifiable_error, None)
        self.edited.emit()

    @Slot(int, bool)
    def _on_bag_choice_toggled(self, _id: int, _on: bool) -> None:
        remove = self.remove_radio.isChecked()
        self.identifiable_check.setEnabled(remove)
        if not remove:
            show_field_error(self.identifiable_check, self.identifiable_error, None)
        self.edited.emit()
        self.choice_changed.emit()

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def doctor(self) -> str:
        return self.doctor_edit.text().strip()

    def handlings(self) -> tuple[HandlingRequest, ...]:
        """The handling as chosen on the form."""
        bags = self.bag_grid.bags()
        out: list[HandlingRequest] = []
        if self.remove_radio.isChecked():
            out.append(
                HandlingRequest(
                    HandlingKind.REMOVE_TABLETS,
                    bags,
                    identifiable=self.identifiable_check.isChecked(),
                )
            )
        elif self.discard_radio.isChecked():
            out.append(HandlingRequest(HandlingKind.DISCARD_BAGS, bags))
        if self.pharmacy_check.isChecked():
            out.append(HandlingRequest(HandlingKind.ASK_PHARMACY))
        if self.pause_check.isChecked():
            out.append(HandlingRequest(HandlingKind.PAUSE_CARD))
        return tuple(out)

    def until_text(self, deadline: datetime, now: datetime | None, days: int) -> str:
        """``om 2 dage``; inside a day ``om 3 timer`` (never ``om 0 dage``), inside an hour
        ``om 20 minutter``."""
        if now is not None:
            left = time_between(now, deadline)
            if left < timedelta(hours=1):
                return self.tr("in %n minute(s)", "", max(int(left.total_seconds() // 60), 0))
            if left < timedelta(days=1):
                return self.tr("in %n hour(s)", "", int(left.total_seconds() // 3600))
        return self.tr("in %n day(s)", "", days)

    def show_waiting(self, w: IfWaited, today: date, now: datetime | None = None) -> None:
        """What waiting for the next roll would mean."""
        waiting = self.tr("Next roll starts {start}, deadline {deadline}, {in_days}.").format(
            start=format_day(w.period_first_day, today=today),
            deadline=format_moment(w.deadline, today=today),
            in_days=self.until_text(w.deadline, now, w.days_until_deadline),
        )
        waiting += "<br>" + self.tr(
            "Waiting, the citizen gets the change in %n day(s).", "", w.days_until_start
        )
        self.waiting_label.setText("<b>" + self.tr("If it waits:") + "</b> " + waiting)

    @property
    def waiting_text(self) -> str:
        return self.waiting_label.text()

    def clear_errors(self) -> None:
        for field, label in (
            (self.reason_edit, self.reason_error),
            (self.doctor_edit, self.doctor_error),
            (self.identifiable_check, self.identifiable_error),
            (self.bag_grid, self.handling_error),
        ):
            show_field_error(field, label, None)

    def check(self, fail: Fail) -> tuple[HandlingRequest, ...]:
        """The handlings chosen, after marking (through ``fail``) every field that is wrong."""
        if not self.reason_edit.toPlainText().strip():
            fail(
                self.reason_edit,
                self.reason_error,
                self.tr("An acute change needs a reason: why can it not wait?"),
            )
        if not self.doctor_edit.text().strip():
            fail(
                self.doctor_edit,
                self.doctor_error,
                self.tr("Enter the doctor who decided the change is acute."),
            )
        bags = self.bag_grid.bags()
        choice = self.bag_choice.checkedButton()
        if choice is None:
            fail(
                self.bag_grid,
                self.handling_error,
                self.tr("Choose what happens to the bags in the home."),
            )
        elif choice is self.none_radio:
            if bags:
                fail(
                    self.bag_grid,
                    self.handling_error,
                    self.tr(
                        "You ticked bags: choose whether the tablets are taken out or the bags "
                        "discarded."
                    ),
                )
            elif not (self.pharmacy_check.isChecked() or self.pause_check.isChecked()):
                fail(
                    self.bag_grid,
                    self.handling_error,
                    self.tr("Choose at least one handling: bags, pharmacy or pause."),
                )
        elif not bags:
            fail(
                self.bag_grid,
                self.handling_error,
                self.tr("Tick the bags (day and time) in the grid."),
            )
        if choice is self.remove_radio and not self.identifiable_check.isChecked():
            fail(
                self.identifiable_check,
                self.identifiable_error,
                self.tr(
                    "Tablets may only be taken out when every tablet can be identified. "
                    "Otherwise discard the bags."
                ),
            )
        return self.handlings()
