"""The change dialog's form: the line on the card (or a new drug), the kind of change, the new
dose, the supply, the source, when it was received, the order's first day and whether it is
acute (with the acute panel beside it); the checks across the fields and the request they make;
where the change lands, asked of the service as the fields change.

The dialog around it loads the card, saves the request and shows the summary. The pieces with
their own state are in ``change_fields``, the words of where a change lands in
``change_landing``, the acute part in ``acute``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from dosisdesk.domain.errors import DosisError, InvalidDosage, RuleViolation
from dosisdesk.domain.types import ChangeKind, LineStatus, Supply
from dosisdesk.services import changes, lookup
from dosisdesk.services.changes import ChangeRequest, HandlingRequest, Landing
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import LineDTO, ProductDTO
from dosisdesk.ui import texts
from dosisdesk.ui.dialogs.acute import AcutePanel
from dosisdesk.ui.dialogs.change_fields import (
    DoseField,
    DrugSearch,
    FirstDayField,
    ReceivedField,
    SourceField,
    SupplyField,
)
from dosisdesk.ui.dialogs.change_landing import LandingText
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.forms import (
    fit_to_contents,
    info_box,
    run_guarded,
    show_field_error,
)

__all__ = ["NEW_DRUG", "CardLoaded", "ChangeForm", "kinds_for"]


@dataclass(frozen=True)
class CardLoaded:
    """What the form is filled from: the citizen, the card of today, where a change lands."""

    brief: lookup.CitizenBrief
    lines: tuple[LineDTO, ...]
    hidden: int
    landing: Landing
    today: date


NEW_DRUG = -1


def kinds_for(line: LineDTO | None) -> list[ChangeKind]:
    """The kinds of change that make sense for a line (or a new drug)."""
    if line is None:
        return [ChangeKind.NEW]
    if line.status is LineStatus.PAUSED:
        return [ChangeKind.RESUME_LINE, ChangeKind.DISCONTINUE]
    return [
        ChangeKind.DOSE_CHANGE,
        ChangeKind.DISCONTINUE,
        ChangeKind.SWITCH_SUPPLY,
        ChangeKind.PAUSE_LINE,
    ]


class ChangeForm(QWidget):
    """The fields of a planned or acute change for one citizen. ``edited`` says the user
    changed something; ``show_banner`` is the dialog's line for what went wrong."""

    edited = Signal()

    def __init__(
        self,
        ctx: Ctx,
        runner: Runner,
        cpr: str,
        acute: bool,
        show_banner: Callable[[str | None], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._runner = runner
        self._cpr = cpr
        self._show_banner = show_banner
        self._quiet = 0  # > 0 while the form fills its own fields
        self._loaded: CardLoaded | None = None
        self._lines: dict[int, LineDTO] = {}
        self._words = LandingText(self)
        self._build(acute)
        self._connect()

    def _touch(self) -> None:
        if not self._quiet:
            self.edited.emit()

    @property
    def loaded(self) -> CardLoaded | None:
        return self._loaded

    def _build(self, acute: bool) -> None:
        columns = QHBoxLayout(self)
        columns.setContentsMargins(0, 0, 0, 0)

        left = QWidget()
        left.setMinimumWidth(470)
        form = QFormLayout(left)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form = form

        self.line_combo = QComboBox()
        self.line_combo.setObjectName("line_combo")
        self.line_combo.setAccessibleName(self.tr("Line on the card"))
        form.addRow(self.tr("&Line:"), self.line_combo)
        self.private_note = QLabel()
        self.private_note.setObjectName("private_note")
        self.private_note.setVisible(False)
        form.addRow("", self.private_note)

        self.drug = DrugSearch(self._ctx, self._runner)
        self.search_edit = self.drug.search_edit
        self.results = self.drug.results
        self.chosen_label = self.drug.chosen_label
        self.product_error = self.drug.error
        form.addRow(self.tr("&Drug:"), self.drug)

        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kind_combo")
        self.kind_combo.setAccessibleName(self.tr("Kind of change"))
        form.addRow(self.tr("&Kind:"), self.kind_combo)

        self.dose = DoseField(self._effective_supply)
        self.dose_edit = self.dose.edit
        self.dose_spins = self.dose.spins
        self.dose_error = self.dose.error
        form.addRow(self.tr("New dos&e:"), self.dose)

        self.supply = SupplyField()
        self.supply_combo = self.supply.combo
        self.supply_error = self.supply.error
        form.addRow(self.tr("Suppl&y:"), self.supply)

        self.source = SourceField()
        self.source_combo = self.source.combo
        self.source_error = self.source.error
        form.addRow(self.tr("&Source:"), self.source)

        self.received = ReceivedField(self._ctx.now)
        self.received_edit = self.received.edit
        self.received_error = self.received.error
        form.addRow(self.tr("&Received:"), self.received)

        self.first = FirstDayField(self._ctx, self._runner, self._cpr)
        self.first_day_check = self.first.check
        self.first_day_edit = self.first.edit
        self.first_day_error = self.first.error
        form.addRow(self.tr("&First day:"), self.first)
        first_label = form.labelForField(self.first)
        if isinstance(first_label, QLabel):
            first_label.setBuddy(self.first_day_check)
        form.setRowVisible(self.first, not acute)

        self.acute_check = QCheckBox(self.tr("&Acute: takes effect today, before the next roll"))
        self.acute_check.setObjectName("acute_check")
        self.acute_check.setAccessibleName(self.tr("Acute change"))
        self.acute_check.setChecked(acute)
        form.addRow("", self.acute_check)

        self.landing_label = info_box("info")
        self.landing_label.setObjectName("landing_label")
        self.landing_label.setAccessibleName(self.tr("Where the change lands"))
        form.addRow(self.landing_label)
        columns.addWidget(left, 1)

        self.acute_box = AcutePanel()
        columns.addWidget(self.acute_box, 1)
        self.acute_box.setVisible(acute)

    def _connect(self) -> None:
        self.line_combo.currentIndexChanged.connect(self._on_line_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.drug.edited.connect(self._touch)
        self.drug.chosen.connect(self._on_drug_chosen)
        self.dose.edited.connect(self._touch)
        self.supply_combo.currentIndexChanged.connect(self._on_supply_changed)
        self.source.edited.connect(self._touch)
        self.received.edited.connect(self._touch)
        self.acute_check.toggled.connect(self._on_acute_toggled)
        self.first.edited.connect(self._on_first_day_edited)
        self.first.answered.connect(self._on_first_day_answered)
        self.acute_box.edited.connect(self._touch)
        self.acute_box.choice_changed.connect(self._refresh_landing)

    def tab_order(self) -> list[QWidget]:
        """The fields in the order Tab visits them."""
        return [
            self.line_combo,
            self.search_edit,
            self.results,
            self.kind_combo,
            self.dose_edit,
            *self.dose_spins,
            self.supply_combo,
            self.source_combo,
            self.received_edit,
            self.first_day_check,
            self.first_day_edit,
            self.acute_check,
            *self.acute_box.tab_order(),
        ]

    # -- filling -----------------------------------------------------------

    def set_loaded(self, loaded: CardLoaded, initial_line: int | None) -> None:
        """Fill the form from the card (``initial_line``: the line chosen when it opened)."""
        self._loaded = loaded
        self._quiet += 1
        try:
            self.line_combo.clear()
            self._lines = {ln.line_id: ln for ln in loaded.lines}
            for ln in loaded.lines:
                self.line_combo.addItem(self._line_text(ln), ln.line_id)
            self.line_combo.addItem(self.tr("New drug…"), NEW_DRUG)
            if loaded.hidden:
                self.private_note.setText(
                    self.tr("%n private line(s) not shown", "", loaded.hidden)
                )
                self.private_note.setVisible(True)
            self.source.set_presets(loaded.brief.citizen.gp_name)
            idx = self.line_combo.findData(
                initial_line if initial_line in self._lines else NEW_DRUG
            )
            self.line_combo.setCurrentIndex(max(idx, 0))
            if initial_line is not None and initial_line not in self._lines:
                self._show_banner(
                    self.tr(
                        "The chosen line is not on today's card. Choose the line, or a new drug."
                    )
                )
            self._apply_line()
        finally:
            self._quiet -= 1
        self._refresh_landing()

    def _line_text(self, ln: LineDTO) -> str:
        parts = [ln.product.label, ln.dosage or "PN", texts.supply_label(ln.supply)]
        if ln.status is LineStatus.PAUSED:
            parts.append(self.tr("paused"))
        return " · ".join(parts)

    # -- state helpers ------------------------------------------------------

    def current_line(self) -> LineDTO | None:
        data = self.line_combo.currentData()
        return self._lines.get(data) if isinstance(data, int) else None

    def current_kind(self) -> ChangeKind | None:
        data = self.kind_combo.currentData()
        return ChangeKind(data) if isinstance(data, str) else None

    def current_supply(self) -> Supply:
        return self.supply.supply()

    def _effective_supply(self) -> Supply:
        kind, line = self.current_kind(), self.current_line()
        if kind in (ChangeKind.NEW, ChangeKind.SWITCH_SUPPLY) or line is None:
            return self.current_supply()
        return line.supply

    def _roll_involved(self) -> bool:
        line = self.current_line()
        return self._effective_supply() is Supply.DOSE_ROLL or (
            line is not None and line.supply is Supply.DOSE_ROLL
        )

    def is_new_drug(self) -> bool:
        return bool(self.line_combo.currentData() == NEW_DRUG)

    def fit(self) -> None:
        """Grow the dialog so wrapped texts and messages fit."""
        fit_to_contents(self.window())

    # -- the line, the drug and the kind -------------------------------------

    def _apply_line(self) -> None:
        line = self.current_line()
        new = self.is_new_drug()
        self._quiet += 1
        try:
            self.kind_combo.clear()
            for k in kinds_for(None if new else line):
                self.kind_combo.addItem(texts.kind_label(k), k.value)
            self.kind_combo.setCurrentIndex(0)
            self.dose_edit.setText("" if new or line is None else line.dosage)
            if line is not None:
                self.supply_combo.setCurrentIndex(self.supply_combo.findData(line.supply.value))
            else:
                self.supply_combo.setCurrentIndex(self.supply_combo.findData(Supply.DOSE_ROLL))
        finally:
            self._quiet -= 1
        self._apply_kind()
        self._fill_bag_grid()

    def _apply_kind(self) -> None:
        kind = self.current_kind()
        new = kind is ChangeKind.NEW
        has_dose = kind in (ChangeKind.NEW, ChangeKind.DOSE_CHANGE, ChangeKind.SWITCH_SUPPLY)
        has_supply = kind in (ChangeKind.NEW, ChangeKind.SWITCH_SUPPLY)
        self._form.setRowVisible(self.drug, new)
        self._form.setRowVisible(self.dose, has_dose)
        self._form.setRowVisible(self.supply, has_supply)
        line = self.current_line()
        if (
            kind is ChangeKind.SWITCH_SUPPLY
            and line is not None
            and self.current_supply() is line.supply
        ):
            self._quiet += 1
            other = next(s for s in Supply if s is not line.supply)
            self.supply_combo.setCurrentIndex(self.supply_combo.findData(other.value))
            self._quiet -= 1
        for lab, field in (
            (self.product_error, self.search_edit),
            (self.dose_error, self.dose_edit),
            (self.supply_error, self.supply_combo),
        ):
            show_field_error(field, lab, None)
        if has_dose:
            self.dose.validate()
        self._refresh_landing()

    def _fill_bag_grid(self) -> None:
        """The bags in the home: from today to the last day of the roll in the home, with the
        line's amounts when the line is in the roll."""
        if self._loaded is None:
            return
        first = self._loaded.today
        line = self.current_line()
        in_roll = line is not None and line.supply is Supply.DOSE_ROLL and line.dosage
        self.acute_box.show_bags(
            first,
            self._loaded.landing.current_period_last or first,
            line.dosage if in_roll and line is not None else None,
        )

    @Slot(int)
    def _on_line_changed(self, _index: int) -> None:
        if self._quiet:
            return
        self._touch()
        self._apply_line()

    @Slot(int)
    def _on_kind_changed(self, _index: int) -> None:
        if self._quiet:
            return
        self._touch()
        self._apply_kind()

    def _on_drug_chosen(self, product: ProductDTO) -> None:
        self._touch()
        if not product.dose_dispensable and self.current_supply() is Supply.DOSE_ROLL:
            self.supply_combo.setCurrentIndex(self.supply_combo.findData(Supply.ORDINARY.value))
        self._check_supply()

    # -- other fields ---------------------------------------------------------

    @Slot(int)
    def _on_supply_changed(self, _index: int) -> None:
        if self._quiet:
            return
        self._touch()
        self.dose.validate()
        self._check_supply()
        self._refresh_landing()

    def _check_supply(self) -> str | None:
        kind, line = self.current_kind(), self.current_line()
        product = (
            self.drug.product
            if kind is ChangeKind.NEW
            else (line.product if line is not None else None)
        )
        return self.supply.check(kind, line.supply if line is not None else None, product)

    # -- acute ----------------------------------------------------------------

    @Slot(bool)
    def _on_acute_toggled(self, on: bool) -> None:
        self._touch()
        self.acute_box.setVisible(on)
        # An acute change takes effect today: it has no later first day.
        self._form.setRowVisible(self.first, not on)
        self._ask_first_day()
        self._refresh_landing()
        window = self.window()
        window.setMinimumSize(0, 0)
        window.adjustSize()
        self.fit()

    # -- the order's first day -------------------------------------------------

    def first_day(self) -> date | None:
        """The order's first day as typed (None: the next roll; always None for acute)."""
        return None if self.acute_check.isChecked() else self.first.day()

    @Slot()
    def _on_first_day_edited(self) -> None:
        self._touch()
        self._ask_first_day()

    def _ask_first_day(self) -> None:
        """Ask the service where a change from the first day lands (or why it cannot)."""
        wanted = self.first_day()
        if wanted is None or self._loaded is None:
            self.first.forget()
            self._refresh_landing()
        else:
            self.first.ask(wanted, self._loaded.brief.card_id)

    @Slot()
    def _on_first_day_answered(self) -> None:
        self._refresh_landing()
        if self.first.refusal is not None:
            self.fit()

    # -- where it lands -------------------------------------------------------

    def refresh_landing(self) -> None:
        """Ask the database again where a change lands (the dialog's timer does, every minute)."""
        if self._loaded is None:
            return
        ctx, cpr, card = self._ctx, self._cpr, self._loaded.brief.card_id

        def work() -> tuple[Landing, date]:
            return changes.landing(ctx, cpr, card), ctx.today()

        run_guarded(self._runner, self, work, self._on_landing_loaded, lambda _e: None)

    def _on_landing_loaded(self, result: tuple[Landing, date]) -> None:
        if self._loaded is None:
            return
        landing, today = result
        moved = today != self._loaded.today or landing != self._loaded.landing
        self._loaded = CardLoaded(
            self._loaded.brief, self._loaded.lines, self._loaded.hidden, landing, today
        )
        if moved:
            self._fill_bag_grid()
        if self.first_day() is not None:
            self._ask_first_day()  # the deadline may have passed: ask again where it lands
        self._refresh_landing()

    def _refresh_landing(self) -> None:
        if self._loaded is None:
            return
        lnd, today = self._loaded.landing, self._loaded.today
        wanted = self.first_day()
        if wanted is not None:
            if self.first.refusal is not None or self.first.landing is None:
                self.landing_label.setText(
                    self._words.first_day_pending(self.first.refusal is not None)
                )
                self.acute_box.show_waiting(lnd.if_waited, today, self._ctx.now())
                return
            lnd = self.first.landing
        if not self.acute_check.isChecked():
            text = self._words.planned(lnd, today, self._ctx.now(), wanted)
        else:
            text = self._words.acute(
                lnd,
                today,
                roll_involved=self._roll_involved(),
                discard=self.acute_box.discard_radio.isChecked(),
            )
        self.landing_label.setText(text)
        self.acute_box.show_waiting(lnd.if_waited, today, self._ctx.now())

    @property
    def landing_text(self) -> str:
        return self.landing_label.text()

    # -- saving ---------------------------------------------------------------

    def _clear_errors(self) -> None:
        pairs = [
            (self.search_edit, self.product_error),
            (self.dose_edit, self.dose_error),
            (self.supply_combo, self.supply_error),
            (self.source_combo, self.source_error),
            (self.received_edit, self.received_error),
            (self.first_day_edit, self.first_day_error),
        ]
        for field, label in pairs:
            show_field_error(field, label, None)
        self.acute_box.clear_errors()
        self._show_banner(None)

    def build_request(self) -> ChangeRequest | None:
        """The request as typed, or None after marking every field that is wrong."""
        if self._loaded is None:
            return None
        self._clear_errors()
        bad: list[QWidget] = []

        def fail(field: QWidget, label: QLabel, message: str) -> None:
            show_field_error(field, label, message)
            bad.append(field)

        kind = self.current_kind()
        line = self.current_line()
        new = self.is_new_drug()
        if kind is None:
            return None
        if new and self.drug.product is None:
            fail(
                self.search_edit,
                self.product_error,
                self.tr("Search for the drug and choose it in the list."),
            )
        dosage_text: str | None = None
        if kind in (ChangeKind.NEW, ChangeKind.DOSE_CHANGE, ChangeKind.SWITCH_SUPPLY):
            current = line.dosage if kind is ChangeKind.DOSE_CHANGE and line is not None else None
            dosage_text, ok = self.dose.request_dose(current)
            if not ok:
                bad.append(self.dose_edit)
            if kind is ChangeKind.SWITCH_SUPPLY and line is not None and dosage_text == line.dosage:
                dosage_text = None
        if kind in (ChangeKind.NEW, ChangeKind.SWITCH_SUPPLY) and self._check_supply():
            bad.append(self.supply_combo)
        if self.source.check():
            bad.append(self.source_combo)
        if self.received.check():
            bad.append(self.received_edit)
        wanted = self.first_day()
        if wanted is not None and self.first.refusal is not None:
            fail(self.first_day_edit, self.first_day_error, self.first.refusal)
        acute = self.acute_check.isChecked()
        handlings: tuple[HandlingRequest, ...] = ()
        if acute:
            handlings = self.acute_box.check(fail)
        if bad:
            self._show_banner(self.tr("Check the marked fields. Nothing has been saved."))
            self.fit()
            bad[0].setFocus()
            return None
        return ChangeRequest(
            cpr=self._cpr,
            kind=kind,
            line_id=None if new or line is None else line.line_id,
            product=f"#{self.drug.product.id}" if new and self.drug.product else None,
            dosage=dosage_text,
            supply=self.current_supply()
            if kind in (ChangeKind.NEW, ChangeKind.SWITCH_SUPPLY)
            else None,
            source=self.source.text(),
            received_at=self.received.at(),
            acute=acute,
            reason=self.acute_box.reason() if acute else "",
            doctor=self.acute_box.doctor() if acute else "",
            handlings=handlings,
            card_id=self._loaded.brief.card_id,
            wanted_from=wanted,
        )

    def show_refusal(self, exc: DosisError) -> None:
        """Mark what the service refused in saving (the fields it names) and say it."""
        if isinstance(exc, InvalidDosage):
            show_field_error(self.dose_edit, self.dose_error, exc.message)
            self._show_banner(self.tr("Nothing has been saved."))
            self.dose_edit.setFocus()
        else:
            if "received" in exc.english:
                show_field_error(self.received_edit, self.received_error, exc.message)
            elif (
                isinstance(exc, RuleViolation)
                and self.first_day() is not None
                and ("first day" in exc.english or "no period starts" in exc.english)
            ):
                self.first.refuse(exc.message)
                self._refresh_landing()
            self._show_banner(exc.message)
