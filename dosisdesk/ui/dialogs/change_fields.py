"""The change dialog's form pieces that keep their own state: the new dose (typed, or per intake
time, kept in sync), the catalogue search for a new drug, the order's first day, and the choice
when the line already has a change queued for the same roll.

Each says through ``edited`` that the user changed it (the dialog's "something was typed");
the dialog decides what follows (where the change lands, the checks across fields).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.calendar import time_between
from dosisdesk.domain.conflicts import ConflictChoice, ConflictingChange
from dosisdesk.domain.dosage import format_dosage, parse_dosage
from dosisdesk.domain.errors import InvalidDosage, RuleViolation
from dosisdesk.domain.types import SLOT_ORDER, ChangeKind, Dosage, DoseEntry, Supply
from dosisdesk.services import catalogue, changes
from dosisdesk.services.changes import Landing
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ProductDTO
from dosisdesk.ui import errors, texts
from dosisdesk.ui.dialogs.acute import slot_names
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.forms import (
    error_label,
    from_qdatetime,
    make_datetime_edit,
    run_guarded,
    show_field_error,
)

__all__ = [
    "ConflictBox",
    "DoseField",
    "DrugSearch",
    "FirstDayField",
    "ReceivedField",
    "SourceField",
    "SupplyField",
]


class _DoseSpin(QDoubleSpinBox):
    """Amount per slot: halves by the arrows, quarters by typing; no trailing zeros."""

    def textFromValue(self, value: float) -> str:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", self.locale().decimalPoint())


class DoseField(QWidget):
    """The new dose: ``edit`` ("1+0+1+0", weekdays and clock times too) and a spin box per
    intake time (``spins``), kept in sync while the dose is a simple one; ``error`` under them.
    ``supply`` tells which supply the dose is for (as needed allows a zero dose)."""

    edited = Signal()

    def __init__(self, supply: Callable[[], Supply], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._supply = supply
        self._quiet = 0  # > 0 while the field syncs its text and its spin boxes
        dgrid = QGridLayout(self)
        dgrid.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setObjectName("dose_edit")
        self.edit.setPlaceholderText("1+0+1+0")
        self.edit.setAccessibleName(self.tr("New dose, morning+noon+evening+night"))
        self.edit.setToolTip(
            self.tr(
                "Morning+noon+evening+night, e.g. 1+0+½+0. Weekdays and clock times too: "
                "man,ons,fre: 1+0+0+0 or 1+0+1+0 14:00=1"
            )
        )
        dgrid.addWidget(self.edit, 0, 0, 1, 4)
        self.spins: list[QDoubleSpinBox] = []
        for col, name in enumerate(slot_names()):
            cap = QLabel(name)
            cap.setAlignment(Qt.AlignmentFlag.AlignCenter)
            spin = _DoseSpin()
            spin.setObjectName(f"dose_spin_{SLOT_ORDER[col].value}")
            spin.setAccessibleName(self.tr("Dose {slot}").format(slot=name.lower()))
            spin.setRange(0, 99)
            spin.setDecimals(2)
            spin.setSingleStep(0.5)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            dgrid.addWidget(cap, 1, col)
            dgrid.addWidget(spin, 2, col)
            self.spins.append(spin)
        self.error = error_label("dose_error")
        dgrid.addWidget(self.error, 3, 0, 1, 4)
        self.edit.textChanged.connect(self._on_text_changed)
        for box in self.spins:
            box.valueChanged.connect(self._on_spin_changed)

    def request_dose(self, current: str | None) -> tuple[str | None, bool]:
        """The dose for the request, checked: (the dose as written, None when none is given;
        whether it may be saved, else it is marked). ``current``: the line's dose, which a new
        dose may not repeat."""
        text = self.edit.text().strip()
        dosage = self.validate()
        if not self.error.isHidden():
            return None, False
        if not text and self._supply() is not Supply.AS_NEEDED:
            show_field_error(self.edit, self.error, self.tr("Enter the dose, e.g. 1+0+1+0."))
            return None, False
        if dosage is None:
            return None, True
        written = format_dosage(dosage)
        if current is not None and written == current:
            message = self.tr("The new dose is the same as the current one ({dose}).")
            show_field_error(self.edit, self.error, message.format(dose=current))
            return written, False
        return written, True

    def validate(self) -> Dosage | None:
        """Check the dose as typed; return it when valid (None when empty or bad)."""
        text = self.edit.text()
        message: str | None = None
        dosage: Dosage | None = None
        if text.strip():
            try:
                dosage = parse_dosage(text, allow_zero=self._supply() is Supply.AS_NEEDED)
            except InvalidDosage as e:
                message = e.message
        show_field_error(self.edit, self.error, message)
        return dosage

    @Slot(str)
    def _on_text_changed(self, _text: str) -> None:
        if not self._quiet:
            self.edited.emit()
        dosage = self.validate()
        self._quiet += 1
        try:
            simple = (
                dosage is not None
                and not dosage.weekdays
                and all(e.at in {s.value for s in SLOT_ORDER} for e in dosage.entries)
            )
            for spin in self.spins:
                spin.setEnabled(simple or dosage is None)
            if dosage is not None and simple:
                for spin, slot in zip(self.spins, SLOT_ORDER, strict=True):
                    spin.setValue(float(dosage.amount_at(slot.value)))
            elif not self.edit.text().strip():
                for spin in self.spins:
                    spin.setValue(0)
        finally:
            self._quiet -= 1

    @Slot(float)
    def _on_spin_changed(self, _value: float) -> None:
        if self._quiet:
            return
        entries = tuple(
            DoseEntry(slot.value, Decimal(str(round(spin.value(), 2))))
            for spin, slot in zip(self.spins, SLOT_ORDER, strict=True)
            if spin.value() > 0
        )
        self._quiet += 1
        try:
            self.edit.setText(format_dosage(Dosage(entries)))
        finally:
            self._quiet -= 1
        self.edited.emit()
        self.validate()


class DrugSearch(QWidget):
    """A new drug from the catalogue: search by trade name, substance or ATC code as you type
    (``search_edit``, ``results``), the drug chosen (``product``, ``chosen_label``) and
    ``error`` under them. ``chosen`` carries the drug picked from the list."""

    edited = Signal()
    chosen = Signal(object)

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._runner = runner
        self._seq = 0
        self.product: ProductDTO | None = None
        dl = QVBoxLayout(self)
        dl.setContentsMargins(0, 0, 0, 0)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search_edit")
        self.search_edit.setPlaceholderText(self.tr("Trade name, substance or ATC code"))
        self.search_edit.setAccessibleName(self.tr("Search the catalogue"))
        self.search_edit.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("results")
        self.results.setAccessibleName(self.tr("Drugs found"))
        self.results.setMaximumHeight(110)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.chosen_label = QLabel()
        self.chosen_label.setObjectName("chosen_label")
        self.chosen_label.setWordWrap(True)
        self.error = error_label("product_error")
        for w in (self.search_edit, self.results, self.chosen_label, self.error):
            dl.addWidget(w)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self._on_search_due)
        self.search_edit.textEdited.connect(self._on_search_edited)
        self.results.currentItemChanged.connect(self._on_result_chosen)

    def choose_product(self, product: ProductDTO) -> None:
        """Choose a drug directly (the main window's catalogue, tests)."""
        item = QListWidgetItem(product.label)
        item.setData(Qt.ItemDataRole.UserRole, product)
        self.results.addItem(item)
        self.results.setCurrentItem(item)

    @Slot(str)
    def _on_search_edited(self, _text: str) -> None:
        self.edited.emit()
        self.timer.start()

    @Slot()
    def _on_search_due(self) -> None:
        text = self.search_edit.text().strip()
        self._seq += 1
        seq = self._seq
        if len(text) < 2:
            self.results.clear()
            return
        ctx = self._ctx
        run_guarded(
            self._runner,
            self,
            lambda: catalogue.search_products(ctx, text, 50),
            lambda found: self._on_search_done(seq, found),
            lambda exc: errors.present(self.window(), exc),
        )

    def _on_search_done(self, seq: int, found: list[ProductDTO]) -> None:
        if seq != self._seq:
            return  # an older query
        self.results.clear()
        for p in found:
            text = f"{p.label} · {p.substance} ({p.atc}) · {p.form}"
            if not p.dose_dispensable:
                text += " · " + self.tr("cannot be dose dispensed")
            item = QListWidgetItem(text)
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.results.addItem(item)
        if not found:
            item = QListWidgetItem(self.tr("No drug matches"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_result_chosen(self, item: QListWidgetItem | None, _prev: object) -> None:
        product = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(product, ProductDTO):
            return
        self.product = product
        self.chosen_label.setText(
            self.tr("Chosen: {drug} ({substance}, {atc})").format(
                drug=product.label, substance=product.substance, atc=product.atc
            )
        )
        show_field_error(self.search_edit, self.error, None)
        self.chosen.emit(product)


class SourceField(QWidget):
    """Who made the change: the GP or a hospital department, typed or picked from the presets
    (``combo``), and ``error`` under it."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = 0  # > 0 while the field fills its presets
        srl = QVBoxLayout(self)
        srl.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.setObjectName("source_combo")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setAccessibleName(self.tr("Source of the change"))
        line_edit = self.combo.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(self.tr("GP or hospital department"))
        self.error = error_label("source_error")
        srl.addWidget(self.combo)
        srl.addWidget(self.error)
        self.combo.editTextChanged.connect(self._on_changed)

    def set_presets(self, gp_name: str | None) -> None:
        """The citizen's GP, the out-of-hours doctor and a hospital department to pick from;
        nothing chosen."""
        self._quiet += 1
        try:
            self.combo.clear()
            presets = [
                self.tr("GP {name}").format(name=gp_name).strip() if gp_name else self.tr("GP"),
                self.tr("Out-of-hours doctor"),
                self.tr("Hospital department: "),
            ]
            self.combo.addItems(presets)
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText("")
        finally:
            self._quiet -= 1

    def text(self) -> str:
        return self.combo.currentText().strip()

    def check(self) -> str | None:
        """Mark the field when no source is given (a preset's "department:" left unfinished
        counts as none); the message, or None."""
        source = self.text()
        message = None
        if not source or source.endswith(":"):
            message = self.tr("Enter who made the change: the GP or the hospital department.")
        show_field_error(self.combo, self.error, message)
        return message

    @Slot(str)
    def _on_changed(self, _text: str) -> None:
        if self._quiet:
            return
        self.edited.emit()
        if self.text():
            show_field_error(self.combo, self.error, None)


class ReceivedField(QWidget):
    """When the change was received (``edit``, to the minute, from now) and ``error`` under it;
    ``now`` is the clock a time in the future is measured by."""

    edited = Signal()

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = now
        rl = QVBoxLayout(self)
        rl.setContentsMargins(0, 0, 0, 0)
        self.edit = make_datetime_edit("received_edit", self.tr("Time received"), now())
        self.error = error_label("received_error")
        rl.addWidget(self.edit)
        rl.addWidget(self.error)
        self.edit.dateTimeChanged.connect(self._on_changed)

    def at(self) -> datetime:
        return from_qdatetime(self.edit.dateTime())

    def check(self) -> str | None:
        """Mark the field when the time is in the future; the message, or None."""
        message = None
        if time_between(self._now(), self.at()) > timedelta(minutes=1):
            message = self.tr("The time received is in the future.")
        show_field_error(self.edit, self.error, message)
        return message

    @Slot(QDateTime)
    def _on_changed(self, _value: QDateTime) -> None:
        self.edited.emit()
        self.check()


class FirstDayField(QWidget):
    """The order's first day: a check (``check``: the order starts on a given day), the day
    (``edit``, from today) and ``error`` under them; and where a change from that day lands, as
    the service answered (:attr:`landing`), or why no roll takes it (:attr:`refusal`).
    ``answered`` says an answer came."""

    edited = Signal()
    answered = Signal()

    def __init__(self, ctx: Ctx, runner: Runner, cpr: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._runner = runner
        self._cpr = cpr
        self.landing: Landing | None = None
        self.refusal: str | None = None
        self._seq = 0  # the latest question; an older answer is dropped
        fl = QGridLayout(self)
        fl.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(self.tr("The order starts on"))
        self.check.setObjectName("first_day_check")
        self.check.setAccessibleName(self.tr("The order starts on a given day"))
        self.check.setToolTip(
            self.tr(
                "A doctor's order that starts on a given day (e.g. a tapering scheme from "
                "15 December): the change goes in the first roll that starts on or after it."
            )
        )
        self.edit = QDateEdit()
        self.edit.setObjectName("first_day_edit")
        self.edit.setAccessibleName(self.tr("The order's first day"))
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd-MM-yyyy")
        self.edit.setDate(texts.qdate(ctx.today()))
        self.edit.setEnabled(False)
        self.error = error_label("first_day_error")
        fl.addWidget(self.check, 0, 0)
        fl.addWidget(self.edit, 0, 1)
        fl.setColumnStretch(2, 1)
        fl.addWidget(self.error, 1, 0, 1, 3)
        self.check.toggled.connect(self._on_toggled)
        self.edit.dateChanged.connect(self.edited)

    def day(self) -> date | None:
        """The day as chosen (None: the order has no first day of its own)."""
        return texts.pydate(self.edit.date()) if self.check.isChecked() else None

    def forget(self) -> None:
        """Drop the last answer (and one still on its way)."""
        self._seq += 1
        self.landing = None
        self.refusal = None
        show_field_error(self.edit, self.error, None)

    def ask(self, wanted: date, card_id: int) -> None:
        """Ask the service where a change from ``wanted`` on the card lands."""
        self.forget()
        seq = self._seq
        ctx, cpr = self._ctx, self._cpr
        run_guarded(
            self._runner,
            self,
            lambda: changes.landing(ctx, cpr, card_id, wanted_from=wanted),
            lambda lnd: self._on_landed(seq, lnd),
            lambda exc: self._on_refused(seq, exc),
        )

    def refuse(self, message: str) -> None:
        """No roll takes the change from the day: say why under the field."""
        self.refusal = message
        show_field_error(self.edit, self.error, message)

    def _on_landed(self, seq: int, lnd: Landing) -> None:
        if seq != self._seq:
            return  # an older question
        self.landing = lnd
        self.answered.emit()

    def _on_refused(self, seq: int, exc: BaseException) -> None:
        if seq != self._seq:
            return
        if isinstance(exc, RuleViolation):
            self.refuse(exc.message)
            self.answered.emit()
        else:
            errors.present(self.window(), exc)

    @Slot(bool)
    def _on_toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        self.edited.emit()


class SupplyField(QWidget):
    """The supply of the line (``combo``: in the roll, an ordinary pack, as needed) and
    ``error`` under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        sl = QVBoxLayout(self)
        sl.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.setObjectName("supply_combo")
        self.combo.setAccessibleName(self.tr("Supply"))
        for s in Supply:
            self.combo.addItem(texts.supply_label(s), s.value)
        self.error = error_label("supply_error")
        sl.addWidget(self.combo)
        sl.addWidget(self.error)

    def supply(self) -> Supply:
        return Supply(self.combo.currentData())

    def check(
        self, kind: ChangeKind | None, current: Supply | None, product: ProductDTO | None
    ) -> str | None:
        """Mark the field when the supply does not fit the change (``current``: the line's
        supply; ``product``: the drug); the message, or None."""
        message: str | None = None
        supply = self.supply()
        if kind is ChangeKind.SWITCH_SUPPLY and current is not None and supply is current:
            message = self.tr("Choose a supply other than the current one.")
        elif (
            kind in (ChangeKind.NEW, ChangeKind.SWITCH_SUPPLY)
            and product is not None
            and supply is Supply.DOSE_ROLL
            and not product.dose_dispensable
        ):
            message = self.tr(
                "{drug} cannot be dose dispensed: choose an ordinary pack beside "
                "the roll or as needed."
            ).format(drug=product.label)
        show_field_error(self.combo, self.error, message)
        return message


class ConflictBox(QWidget):
    """Shown when the line already has a change queued for the same roll: the explicit choice
    (replace it, or keep both with the new one after it). ``chosen`` carries the
    :class:`ConflictChoice`; :attr:`ids` are the queued changes it is about."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_box")
        self.ids: tuple[int, ...] = ()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.replace_button = QPushButton(self.tr("&Replace the queued change"))
        self.replace_button.setAccessibleName(
            self.tr("Replace the queued change: it is cancelled with a reason")
        )
        self.keep_both_button = QPushButton(self.tr("&Keep both (the new one after)"))
        self.keep_both_button.setAccessibleName(
            self.tr("Keep both changes: the new one comes after the queued one")
        )
        lay.addStretch(1)
        lay.addWidget(self.replace_button)
        lay.addWidget(self.keep_both_button)
        self.replace_button.clicked.connect(self._on_replace)
        self.keep_both_button.clicked.connect(self._on_keep_both)
        self.setVisible(False)

    def show_conflict(self, exc: ConflictingChange) -> None:
        """Offer the choice about the changes ``exc`` names."""
        self.ids = tuple(c.id for c in exc.queued)
        self.setVisible(True)
        self.replace_button.setFocus()

    @Slot()
    def _on_replace(self) -> None:
        self.chosen.emit(ConflictChoice.REPLACE)

    @Slot()
    def _on_keep_both(self) -> None:
        self.chosen.emit(ConflictChoice.KEEP_BOTH)
