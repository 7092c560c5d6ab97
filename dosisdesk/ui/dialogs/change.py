"""Register an ordination change (R2) and handle an acute one (R3).

The dialog picks a line on the card (or a new drug from the catalogue), the kind of change, the new
dose ("1+0+1+0" or per slot, kept in sync), the supply, the source and when it was received. It
shows where the change lands before saving. Marked acute it asks for the reason and the deciding
doctor, shows what waiting would mean, and leads through the handling of the bags in the home.
After saving it shows a summary (with the follow-up change of an acute one) from which the change
can be confirmed (checked in FMK) or cancelled.

All database work goes through the runner; errors from the services keep the dialog open with
everything typed.

Size: one form with live checks on every field, the landing preview, the summary after saving
and confirm/cancel from it; the acute part is in dialogs/acute.py, the form helpers in
widgets/forms.py.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.calendar import format_long_day, format_long_moment
from dosisdesk.domain.conflicts import ConflictChoice, ConflictingChange
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.dosage import format_amount, format_dosage, parse_dosage
from dosisdesk.domain.errors import (
    ConflictError,
    DosisError,
    InvalidDosage,
    RuleViolation,
    StorageError,
)
from dosisdesk.domain.types import (
    SLOT_ORDER,
    ChangeKind,
    ChangeState,
    Dosage,
    DoseEntry,
    LineStatus,
    Supply,
)
from dosisdesk.services import cards, catalogue, changes, lookup
from dosisdesk.services.changes import ChangeRequest, HandlingRequest, Landing
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ChangeDTO, LineDTO, ProductDTO
from dosisdesk.ui import errors, texts
from dosisdesk.ui.dialogs.acute import AcutePanel, bag_text, slot_name, slot_names
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.forms import (
    FormDialog,
    ask_yes_no,
    error_label,
    fit_to_contents,
    from_qdatetime,
    info_box,
    make_datetime_edit,
    set_type_size,
    show_field_error,
)

__all__ = ["ChangeDialog", "kinds_for"]


class _DoseSpin(QDoubleSpinBox):
    """Amount per slot: halves by the arrows, quarters by typing; no trailing zeros."""

    def textFromValue(self, value: float) -> str:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", self.locale().decimalPoint())


@dataclass(frozen=True)
class _Loaded:
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


class ChangeDialog(FormDialog):
    """Register a planned or acute ordination change for one citizen."""

    change_saved = Signal(int)

    def __init__(
        self,
        ctx: Ctx,
        runner: Runner,
        cpr: str,
        line_id: int | None = None,
        acute: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._ctx = ctx
        self._cpr = cpr
        self._initial_line = line_id
        self._loaded: _Loaded | None = None
        self._lines: dict[int, LineDTO] = {}
        self._product: ProductDTO | None = None
        self._search_seq = 0
        self._saved: ChangeDTO | None = None
        self._follow: ChangeDTO | None = None
        #: Where the change lands from the order's first day (None: no first day, or refused),
        #: the Danish reason a first day is refused, and the sequence of the latest question.
        self._from_landing: Landing | None = None
        self._from_error: str | None = None
        self._from_seq = 0
        self.setWindowTitle(self.tr("Register a change"))
        self.setObjectName("change_dialog")
        self._build(acute)
        self._connect()
        self._set_busy_form(True)
        self._load()

    # -- building ---------------------------------------------------------

    def _build(self, acute: bool) -> None:
        outer = QVBoxLayout(self)
        self.header = QLabel(self.tr("Loading the card…"))
        self.header.setObjectName("header")
        set_type_size(self.header, 13, bold=True)
        outer.addWidget(self.header)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.form_page = self._build_form(acute)
        self.stack.addWidget(self.form_page)
        self.summary_page = self._build_summary()
        self.stack.addWidget(self.summary_page)

    def _build_form(self, acute: bool) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        columns = QHBoxLayout()
        lay.addLayout(columns, 1)

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

        drug = QWidget()
        dl = QVBoxLayout(drug)
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
        self.product_error = error_label("product_error")
        for w in (self.search_edit, self.results, self.chosen_label, self.product_error):
            dl.addWidget(w)
        self._drug_row = drug
        form.addRow(self.tr("&Drug:"), drug)
        self._drug_label = form.labelForField(drug)

        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kind_combo")
        self.kind_combo.setAccessibleName(self.tr("Kind of change"))
        form.addRow(self.tr("&Kind:"), self.kind_combo)

        dose = QWidget()
        dgrid = QGridLayout(dose)
        dgrid.setContentsMargins(0, 0, 0, 0)
        self.dose_edit = QLineEdit()
        self.dose_edit.setObjectName("dose_edit")
        self.dose_edit.setPlaceholderText("1+0+1+0")
        self.dose_edit.setAccessibleName(self.tr("New dose, morning+noon+evening+night"))
        self.dose_edit.setToolTip(
            self.tr(
                "Morning+noon+evening+night, e.g. 1+0+½+0. Weekdays and clock times too: "
                "man,ons,fre: 1+0+0+0 or 1+0+1+0 14:00=1"
            )
        )
        dgrid.addWidget(self.dose_edit, 0, 0, 1, 4)
        self.dose_spins: list[QDoubleSpinBox] = []
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
            self.dose_spins.append(spin)
        self.dose_error = error_label("dose_error")
        dgrid.addWidget(self.dose_error, 3, 0, 1, 4)
        self._dose_row = dose
        form.addRow(self.tr("New dos&e:"), dose)

        supply = QWidget()
        sl = QVBoxLayout(supply)
        sl.setContentsMargins(0, 0, 0, 0)
        self.supply_combo = QComboBox()
        self.supply_combo.setObjectName("supply_combo")
        self.supply_combo.setAccessibleName(self.tr("Supply"))
        for s in Supply:
            self.supply_combo.addItem(texts.supply_label(s), s.value)
        self.supply_error = error_label("supply_error")
        sl.addWidget(self.supply_combo)
        sl.addWidget(self.supply_error)
        self._supply_row = supply
        form.addRow(self.tr("Suppl&y:"), supply)

        src = QWidget()
        srl = QVBoxLayout(src)
        srl.setContentsMargins(0, 0, 0, 0)
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("source_combo")
        self.source_combo.setEditable(True)
        self.source_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.source_combo.setAccessibleName(self.tr("Source of the change"))
        line_edit = self.source_combo.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(self.tr("GP or hospital department"))
        self.source_error = error_label("source_error")
        srl.addWidget(self.source_combo)
        srl.addWidget(self.source_error)
        form.addRow(self.tr("&Source:"), src)

        rec = QWidget()
        rl = QVBoxLayout(rec)
        rl.setContentsMargins(0, 0, 0, 0)
        self.received_edit = make_datetime_edit(
            "received_edit", self.tr("Time received"), self._ctx.now()
        )
        self.received_error = error_label("received_error")
        rl.addWidget(self.received_edit)
        rl.addWidget(self.received_error)
        form.addRow(self.tr("&Received:"), rec)

        first = QWidget()
        fl = QGridLayout(first)
        fl.setContentsMargins(0, 0, 0, 0)
        self.first_day_check = QCheckBox(self.tr("The order starts on"))
        self.first_day_check.setObjectName("first_day_check")
        self.first_day_check.setAccessibleName(self.tr("The order starts on a given day"))
        self.first_day_check.setToolTip(
            self.tr(
                "A doctor's order that starts on a given day (e.g. a tapering scheme from "
                "15 December): the change goes in the first roll that starts on or after it."
            )
        )
        self.first_day_edit = QDateEdit()
        self.first_day_edit.setObjectName("first_day_edit")
        self.first_day_edit.setAccessibleName(self.tr("The order's first day"))
        self.first_day_edit.setCalendarPopup(True)
        self.first_day_edit.setDisplayFormat("dd-MM-yyyy")
        self.first_day_edit.setDate(texts.qdate(self._ctx.today()))
        self.first_day_edit.setEnabled(False)
        self.first_day_error = error_label("first_day_error")
        fl.addWidget(self.first_day_check, 0, 0)
        fl.addWidget(self.first_day_edit, 0, 1)
        fl.setColumnStretch(2, 1)
        fl.addWidget(self.first_day_error, 1, 0, 1, 3)
        self._first_day_row = first
        form.addRow(self.tr("&First day:"), first)
        self._first_day_label = form.labelForField(first)
        if isinstance(self._first_day_label, QLabel):
            self._first_day_label.setBuddy(self.first_day_check)
        form.setRowVisible(first, not acute)

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

        lay.addWidget(self.banner)
        lay.addWidget(self._build_conflict_box())
        lay.addWidget(self._save_buttons(self.tr("Save (Ctrl+Enter)")))
        return page

    def _build_summary(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.summary_label = info_box("ok")
        self.summary_label.setObjectName("summary_label")
        self.summary_label.setAccessibleName(self.tr("Summary"))
        lay.addWidget(self.summary_label)
        row = QHBoxLayout()
        self.confirm_button = QPushButton(self.tr("&Confirm: checked in FMK"))
        self.confirm_button.setObjectName("confirm_button")
        self.confirm_button.setAutoDefault(False)
        row.addWidget(self.confirm_button)
        row.addStretch(1)
        lay.addLayout(row)
        crow = QHBoxLayout()
        self.cancel_reason_edit = QLineEdit()
        self.cancel_reason_edit.setObjectName("cancel_reason_edit")
        self.cancel_reason_edit.setAccessibleName(self.tr("Reason for cancelling"))
        self.cancel_reason_edit.setPlaceholderText(self.tr("Reason for cancelling the change"))
        self.cancel_change_button = QPushButton(self.tr("Ca&ncel the change"))
        self.cancel_change_button.setObjectName("cancel_change_button")
        self.cancel_change_button.setAutoDefault(False)
        self.cancel_change_button.setEnabled(False)
        crow.addWidget(self.cancel_reason_edit, 1)
        crow.addWidget(self.cancel_change_button)
        lay.addLayout(crow)
        lay.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("close_button")
        close.rejected.connect(self.accept)
        lay.addWidget(close)
        return page

    def _connect(self) -> None:
        self.line_combo.currentIndexChanged.connect(self._on_line_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.search_edit.textEdited.connect(self._on_search_edited)
        self.results.currentItemChanged.connect(self._on_result_chosen)
        self.dose_edit.textChanged.connect(self._on_dose_text_changed)
        for spin in self.dose_spins:
            spin.valueChanged.connect(self._on_dose_spin_changed)
        self.supply_combo.currentIndexChanged.connect(self._on_supply_changed)
        self.source_combo.editTextChanged.connect(self._on_source_changed)
        self.received_edit.dateTimeChanged.connect(self._on_received_changed)
        self.acute_check.toggled.connect(self._on_acute_toggled)
        self.first_day_check.toggled.connect(self._on_first_day_toggled)
        self.first_day_edit.dateChanged.connect(self._on_first_day_changed)
        self.acute_box.edited.connect(self._touch)
        self.acute_box.choice_changed.connect(self._refresh_landing)
        self.confirm_button.clicked.connect(self._on_confirm_clicked)
        self.cancel_change_button.clicked.connect(self._on_cancel_change_clicked)
        self.cancel_reason_edit.textChanged.connect(self._on_cancel_reason_changed)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self._on_search_due)
        self._landing_timer = QTimer(self)
        self._landing_timer.setInterval(60_000)
        self._landing_timer.timeout.connect(self._on_landing_due)
        self._landing_timer.start()
        order: list[QWidget] = [
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
            self.save_button,
        ]
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)

    # -- loading ----------------------------------------------------------

    def _load(self) -> None:
        ctx, cpr = self._ctx, self._cpr

        def work() -> _Loaded:
            brief = lookup.citizen_brief(ctx, cpr)
            today = ctx.today()
            lines, hidden = cards.card_on(ctx, cpr, today, brief.card_id)
            return _Loaded(
                brief, tuple(lines), hidden, changes.landing(ctx, cpr, brief.card_id), today
            )

        self._run(work, self._on_loaded, self._on_load_failed)

    def _on_loaded(self, loaded: _Loaded) -> None:
        self._loaded = loaded
        c = loaded.brief.citizen
        head = f"{html.escape(c.name)} · {format_cpr(c.cpr)}"
        if loaded.brief.paused:
            head += (
                " · <span style='color:#b26a00'>"
                + html.escape(self.tr("dose dispensing is paused"))
                + "</span>"
            )
        self.header.setText(head)
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
            self.source_combo.clear()
            presets = [
                self.tr("GP {name}").format(name=c.gp_name).strip() if c.gp_name else self.tr("GP"),
                self.tr("Out-of-hours doctor"),
                self.tr("Hospital department: "),
            ]
            self.source_combo.addItems(presets)
            self.source_combo.setCurrentIndex(-1)
            self.source_combo.setEditText("")
            idx = self.line_combo.findData(
                self._initial_line if self._initial_line in self._lines else NEW_DRUG
            )
            self.line_combo.setCurrentIndex(max(idx, 0))
            if self._initial_line is not None and self._initial_line not in self._lines:
                self._show_banner(
                    self.tr(
                        "The chosen line is not on today's card. Choose the line, or a new drug."
                    )
                )
            self._apply_line()
        finally:
            self._quiet -= 1
        self._set_busy_form(False)
        self._refresh_landing()
        self.adjustSize()
        self.fit()
        self.line_combo.setFocus()

    def _on_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DosisError) and not isinstance(exc, StorageError):
            self.header.setText(html.escape(exc.message))
            self._show_banner(exc.message)
        else:
            errors.present(self, exc)
            self._show_banner(self.tr("The card could not be loaded."))

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
        return Supply(self.supply_combo.currentData())

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

    def _on_form(self) -> bool:
        return self.stack.currentWidget() is self.form_page

    def fit(self) -> None:
        """Grow the dialog so wrapped texts and messages fit (layouts do not account for
        height-for-width in a top-level window)."""
        fit_to_contents(self)

    def _set_busy_form(self, busy: bool) -> None:
        self.form_page.setEnabled(not busy)

    def _build_conflict_box(self) -> QWidget:
        """Shown when the line already has a change queued for the same roll: what is queued,
        and the explicit choice (replace it, or keep both with the new one after it)."""
        box = QWidget()
        box.setObjectName("conflict_box")
        lay = QHBoxLayout(box)
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
        self._conflict_ids: tuple[int, ...] = ()
        self._conflict_choice: ConflictChoice | None = None
        self.conflict_box = box
        box.setVisible(False)
        return box

    def _show_conflict(self, exc: ConflictingChange) -> None:
        self._conflict_ids = tuple(c.id for c in exc.queued)
        self._show_banner(exc.message)
        self.conflict_box.setVisible(True)
        self.replace_button.setFocus()

    @Slot()
    def _on_replace(self) -> None:
        self._conflict_choice = ConflictChoice.REPLACE
        self._on_save_requested()

    @Slot()
    def _on_keep_both(self) -> None:
        self._conflict_choice = ConflictChoice.KEEP_BOTH
        self._on_save_requested()

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
        self._form.setRowVisible(self._drug_row, new)
        self._form.setRowVisible(self._dose_row, has_dose)
        self._form.setRowVisible(self._supply_row, has_supply)
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
            self._validate_dose()
        self._refresh_landing()

    def _fill_bag_grid(self) -> None:
        if self._loaded is None:
            return
        lnd = self._loaded.landing
        first = self._loaded.today
        last = lnd.current_period_last or first
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        amounts: dict[str, str] = {}
        line = self.current_line()
        if line is not None and line.supply is Supply.DOSE_ROLL and line.dosage:
            try:
                d = parse_dosage(line.dosage)
            except InvalidDosage:
                d = Dosage(())
            amounts = {e.at: format_amount(e.amount) for e in d.entries}
        self.acute_box.bag_grid.set_days(days, amounts)

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

    @Slot(str)
    def _on_search_edited(self, _text: str) -> None:
        self._touch()
        self._search_timer.start()

    @Slot()
    def _on_search_due(self) -> None:
        text = self.search_edit.text().strip()
        self._search_seq += 1
        seq = self._search_seq
        if len(text) < 2:
            self.results.clear()
            return
        ctx = self._ctx
        self._run(
            lambda: catalogue.search_products(ctx, text, 50),
            lambda found: self._on_search_done(seq, found),
            self._on_search_failed,
        )

    def _on_search_done(self, seq: int, found: list[ProductDTO]) -> None:
        if seq != self._search_seq:
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

    def _on_search_failed(self, exc: BaseException) -> None:
        errors.present(self, exc)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_result_chosen(self, item: QListWidgetItem | None, _prev: object) -> None:
        product = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(product, ProductDTO):
            return
        self._touch()
        self._product = product
        self.chosen_label.setText(
            self.tr("Chosen: {drug} ({substance}, {atc})").format(
                drug=product.label, substance=product.substance, atc=product.atc
            )
        )
        show_field_error(self.search_edit, self.product_error, None)
        if not product.dose_dispensable and self.current_supply() is Supply.DOSE_ROLL:
            self.supply_combo.setCurrentIndex(self.supply_combo.findData(Supply.ORDINARY.value))
        self._check_supply()

    def choose_product(self, product: ProductDTO) -> None:
        """Choose a drug directly (the main window's catalogue, tests)."""
        item = QListWidgetItem(product.label)
        item.setData(Qt.ItemDataRole.UserRole, product)
        self.results.addItem(item)
        self.results.setCurrentItem(item)

    # -- the dose -----------------------------------------------------------

    @Slot(str)
    def _on_dose_text_changed(self, _text: str) -> None:
        self._touch()
        dosage = self._validate_dose()
        self._quiet += 1
        try:
            simple = (
                dosage is not None
                and not dosage.weekdays
                and all(e.at in {s.value for s in SLOT_ORDER} for e in dosage.entries)
            )
            for spin in self.dose_spins:
                spin.setEnabled(simple or dosage is None)
            if dosage is not None and simple:
                for spin, slot in zip(self.dose_spins, SLOT_ORDER, strict=True):
                    spin.setValue(float(dosage.amount_at(slot.value)))
            elif not self.dose_edit.text().strip():
                for spin in self.dose_spins:
                    spin.setValue(0)
        finally:
            self._quiet -= 1

    @Slot(float)
    def _on_dose_spin_changed(self, _value: float) -> None:
        if self._quiet:
            return
        entries = tuple(
            DoseEntry(slot.value, Decimal(str(round(spin.value(), 2))))
            for spin, slot in zip(self.dose_spins, SLOT_ORDER, strict=True)
            if spin.value() > 0
        )
        self._quiet += 1
        try:
            self.dose_edit.setText(format_dosage(Dosage(entries)))
        finally:
            self._quiet -= 1
        self._touch()
        self._validate_dose()

    def _validate_dose(self) -> Dosage | None:
        """Check the dose as typed; return it when valid (None when empty or bad)."""
        text = self.dose_edit.text()
        supply = self._effective_supply()
        message: str | None = None
        dosage: Dosage | None = None
        if text.strip():
            try:
                dosage = parse_dosage(text, allow_zero=supply is Supply.AS_NEEDED)
            except InvalidDosage as e:
                message = e.message
        show_field_error(self.dose_edit, self.dose_error, message)
        return dosage

    # -- other fields ---------------------------------------------------------

    @Slot(int)
    def _on_supply_changed(self, _index: int) -> None:
        if self._quiet:
            return
        self._touch()
        self._validate_dose()
        self._check_supply()
        self._refresh_landing()

    def _check_supply(self) -> str | None:
        message: str | None = None
        kind, line, supply = self.current_kind(), self.current_line(), self.current_supply()
        product = (
            self._product
            if kind is ChangeKind.NEW
            else (line.product if line is not None else None)
        )
        if kind is ChangeKind.SWITCH_SUPPLY and line is not None and supply is line.supply:
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
        show_field_error(self.supply_combo, self.supply_error, message)
        return message

    @Slot(str)
    def _on_source_changed(self, _text: str) -> None:
        if self._quiet:
            return
        self._touch()
        if self.source_combo.currentText().strip():
            show_field_error(self.source_combo, self.source_error, None)

    @Slot(QDateTime)
    def _on_received_changed(self, _value: QDateTime) -> None:
        self._touch()
        self._check_received()

    def received_at(self) -> datetime:
        return from_qdatetime(self.received_edit.dateTime())

    def _check_received(self) -> str | None:
        message = None
        if self.received_at() > self._ctx.now() + timedelta(minutes=1):
            message = self.tr("The time received is in the future.")
        show_field_error(self.received_edit, self.received_error, message)
        return message

    # -- acute ----------------------------------------------------------------

    @Slot(bool)
    def _on_acute_toggled(self, on: bool) -> None:
        self._touch()
        self.acute_box.setVisible(on)
        # An acute change takes effect today: it has no later first day.
        self._form.setRowVisible(self._first_day_row, not on)
        self._ask_first_day()
        self._refresh_landing()
        self.setMinimumSize(0, 0)
        self.adjustSize()
        self.fit()

    # -- the order's first day -------------------------------------------------

    def first_day(self) -> date | None:
        """The order's first day as typed (None: the next roll; always None for acute)."""
        if self.acute_check.isChecked() or not self.first_day_check.isChecked():
            return None
        return texts.pydate(self.first_day_edit.date())

    @Slot(bool)
    def _on_first_day_toggled(self, on: bool) -> None:
        self._touch()
        self.first_day_edit.setEnabled(on)
        self._ask_first_day()

    @Slot()
    def _on_first_day_changed(self) -> None:
        self._touch()
        self._ask_first_day()

    def _ask_first_day(self) -> None:
        """Ask the service where a change from the first day lands (or why it cannot)."""
        self._from_seq += 1
        seq = self._from_seq
        wanted = self.first_day()
        self._from_landing = None
        self._from_error = None
        show_field_error(self.first_day_edit, self.first_day_error, None)
        if wanted is None or self._loaded is None:
            self._refresh_landing()
            return
        ctx, cpr, card = self._ctx, self._cpr, self._loaded.brief.card_id
        self._run(
            lambda: changes.landing(ctx, cpr, card, wanted_from=wanted),
            lambda lnd: self._on_first_day_landed(seq, lnd),
            lambda exc: self._on_first_day_refused(seq, exc),
        )

    def _on_first_day_landed(self, seq: int, lnd: Landing) -> None:
        if seq != self._from_seq:
            return  # an older question
        self._from_landing = lnd
        self._refresh_landing()

    def _on_first_day_refused(self, seq: int, exc: BaseException) -> None:
        if seq != self._from_seq:
            return
        if isinstance(exc, RuleViolation):
            self._from_error = exc.message
            show_field_error(self.first_day_edit, self.first_day_error, exc.message)
            self._refresh_landing()
            self.fit()
        else:
            errors.present(self, exc)

    # -- where it lands -------------------------------------------------------

    @Slot()
    def _on_landing_due(self) -> None:
        if self._loaded is None or self._saving or not self._on_form():
            return
        ctx, cpr, card = self._ctx, self._cpr, self._loaded.brief.card_id

        def work() -> tuple[Landing, date]:
            return changes.landing(ctx, cpr, card), ctx.today()

        self._run(work, self._on_landing_loaded, lambda _e: None)

    def _on_landing_loaded(self, result: tuple[Landing, date]) -> None:
        if self._loaded is None:
            return
        landing, today = result
        moved = today != self._loaded.today or landing != self._loaded.landing
        self._loaded = _Loaded(
            self._loaded.brief, self._loaded.lines, self._loaded.hidden, landing, today
        )
        if moved:
            self._fill_bag_grid()
        if self.first_day() is not None:
            self._ask_first_day()  # the deadline may have passed: ask again where it lands
        self._refresh_landing()

    def refresh_landing(self) -> None:
        """Ask the database again where a change lands (the 60-second timer does this too)."""
        self._on_landing_due()

    def _refresh_landing(self) -> None:
        if self._loaded is None:
            return
        lnd, today = self._loaded.landing, self._loaded.today
        acute = self.acute_check.isChecked()
        wanted = self.first_day()
        if not acute and wanted is not None:
            if self._from_error is not None or self._from_landing is None:
                self.landing_label.setText(
                    self.tr("No roll takes the change from that day: choose another first day.")
                    if self._from_error is not None
                    else self.tr("Finding the roll for the first day…")
                )
                self.acute_box.show_waiting(lnd.if_waited, today, self._ctx.now())
                return
            lnd = self._from_landing
        day = format_long_day(lnd.first_day, today=today)
        deadline = format_long_moment(lnd.deadline, today=today)
        if not acute:
            text = self.tr("Takes effect in the roll from <b>{day}</b> (deadline {deadline}).")
            parts = [text.format(day=day, deadline=deadline)]
            if wanted is not None:
                parts.insert(
                    0,
                    self.tr("The order starts {day}; the roll {first} – {last}.").format(
                        day=format_long_day(wanted, today=today),
                        first=format_long_day(lnd.first_day, today=today),
                        last=format_long_day(lnd.last_day, today=today),
                    ),
                )
                if lnd.days_before_roll is not None:
                    a, b = lnd.days_before_roll
                    parts.append(
                        "<span style='color:#b26a00'>"
                        + self.tr(
                            "From {first} to {last} the order is in force before its roll: "
                            "handle the bags of those days or give the medicine by hand "
                            "(manual dispensing)."
                        ).format(
                            first=format_long_day(a, today=today),
                            last=format_long_day(b, today=today),
                        )
                        + "</span>"
                    )
            if lnd.first_bag is not None:
                bag_day, bag_slot = lnd.first_bag
                parts.append(
                    self.tr("First bag with the change: {day}, {slot}.").format(
                        day=format_long_day(bag_day, today=today), slot=slot_name(bag_slot).lower()
                    )
                )
            left = lnd.deadline - self._ctx.now()
            if left <= timedelta(hours=48):
                hours = max(int(left.total_seconds() // 3600), 0)
                parts.append(
                    "<span style='color:#b3261e'>"
                    + self.tr("The deadline is in %n hour(s).", "", hours)
                    + "</span>"
                )
            self.landing_label.setText("<br>".join(parts))
        else:
            text = self.tr("Takes effect <b>today</b>, {today}.").format(
                today=format_long_day(today, today=today)
            )
            if self._roll_involved():
                text += " " + self.tr(
                    "The follow-up change puts it in the roll from <b>{day}</b> "
                    "(deadline {deadline})."
                ).format(day=day, deadline=deadline)
                if self.acute_box.discard_radio.isChecked():
                    text += " " + self.tr("Give from an ordinary pack until {day}.").format(
                        day=format_long_day(lnd.first_day, today=today)
                    )
            else:
                text += " " + self.tr("The line is not in the roll: no follow-up is needed.")
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
        if new and self._product is None:
            fail(
                self.search_edit,
                self.product_error,
                self.tr("Search for the drug and choose it in the list."),
            )
        dosage_text: str | None = None
        if kind in (ChangeKind.NEW, ChangeKind.DOSE_CHANGE, ChangeKind.SWITCH_SUPPLY):
            supply = self._effective_supply()
            text = self.dose_edit.text().strip()
            dosage = self._validate_dose()
            if not self.dose_error.isHidden():
                bad.append(self.dose_edit)
            elif not text and supply is not Supply.AS_NEEDED:
                fail(self.dose_edit, self.dose_error, self.tr("Enter the dose, e.g. 1+0+1+0."))
            elif dosage is not None:
                dosage_text = format_dosage(dosage)
                if (
                    kind is ChangeKind.DOSE_CHANGE
                    and line is not None
                    and dosage_text == line.dosage
                ):
                    fail(
                        self.dose_edit,
                        self.dose_error,
                        self.tr("The new dose is the same as the current one ({dose}).").format(
                            dose=line.dosage
                        ),
                    )
            if kind is ChangeKind.SWITCH_SUPPLY and line is not None and dosage_text == line.dosage:
                dosage_text = None
        if kind in (ChangeKind.NEW, ChangeKind.SWITCH_SUPPLY) and self._check_supply():
            bad.append(self.supply_combo)
        source = self.source_combo.currentText().strip()
        if not source or source.endswith(":"):
            fail(
                self.source_combo,
                self.source_error,
                self.tr("Enter who made the change: the GP or the hospital department."),
            )
        if self._check_received():
            bad.append(self.received_edit)
        wanted = self.first_day()
        if wanted is not None and self._from_error is not None:
            fail(self.first_day_edit, self.first_day_error, self._from_error)
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
            product=f"#{self._product.id}" if new and self._product else None,
            dosage=dosage_text,
            supply=self.current_supply()
            if kind in (ChangeKind.NEW, ChangeKind.SWITCH_SUPPLY)
            else None,
            source=source,
            received_at=self.received_at(),
            acute=acute,
            reason=self.acute_box.reason() if acute else "",
            doctor=self.acute_box.doctor() if acute else "",
            handlings=handlings,
            card_id=self._loaded.brief.card_id,
            wanted_from=wanted,
        )

    @Slot()
    def _on_save_requested(self) -> None:
        if self._saving or self._loaded is None or not self._on_form():
            return
        req = self.build_request()
        if req is None:
            return
        if self._conflict_choice is not None:
            req = replace(
                req, conflict_choice=self._conflict_choice, conflict_with=self._conflict_ids
            )
            self._conflict_choice = None
        self.conflict_box.setVisible(False)
        self._saving = True
        self.save_button.setEnabled(False)
        self._show_banner(None)
        self.setCursor(Qt.CursorShape.BusyCursor)
        ctx = self._ctx

        def work() -> tuple[ChangeDTO, ChangeDTO | None]:
            c = changes.register(ctx, req)
            follow = changes.get(ctx, c.follow_up_id) if c.follow_up_id else None
            return c, follow

        self._run(work, self._on_saved, self._on_save_failed)

    def _on_saved(self, result: tuple[ChangeDTO, ChangeDTO | None]) -> None:
        self._saving = False
        self.unsetCursor()
        self._saved, self._follow = result
        self._show_summary()
        self.stack.setCurrentWidget(self.summary_page)
        self.stack.removeWidget(self.form_page)  # the form is done; the dialog shrinks to fit
        self.form_page.hide()
        self.setMinimumSize(0, 0)
        self.resize(640, 10)
        self.fit()
        self.close_button.setFocus()
        self._landing_timer.stop()
        saved = self._saved
        self.change_saved.emit(saved.id)
        hub.publish(Changed.change(saved.citizen_id))

    def _on_save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.unsetCursor()
        self.save_button.setEnabled(True)
        if isinstance(exc, ConflictingChange):
            self._show_conflict(exc)
        elif isinstance(exc, InvalidDosage):
            show_field_error(self.dose_edit, self.dose_error, exc.message)
            self._show_banner(self.tr("Nothing has been saved."))
            self.dose_edit.setFocus()
        elif isinstance(exc, DosisError) and not isinstance(exc, ConflictError | StorageError):
            if "received" in exc.english:
                show_field_error(self.received_edit, self.received_error, exc.message)
            elif (
                isinstance(exc, RuleViolation)
                and self.first_day() is not None
                and ("first day" in exc.english or "no period starts" in exc.english)
            ):
                self._from_error = exc.message
                show_field_error(self.first_day_edit, self.first_day_error, exc.message)
                self._refresh_landing()
            self._show_banner(exc.message)
        else:
            errors.present(self, exc)
            self._show_banner(self.tr("Nothing has been saved. What you typed is still here."))

    # -- the summary ------------------------------------------------------------

    def _target(self) -> ChangeDTO | None:
        """The change to confirm or cancel: the planned change, or the acute one's follow-up."""
        if self._saved is None:
            return None
        return self._follow if self._saved.acute else self._saved

    def _show_summary(self) -> None:
        c = self._saved
        if c is None:
            return
        today = self._ctx.today()
        kind = texts.kind_label(c.kind)
        drug = c.product.label if c.product else ""
        if c.kind in (ChangeKind.NEW, ChangeKind.DOSE_CHANGE, ChangeKind.SWITCH_SUPPLY):
            drug = f"{drug} {c.dosage}"
        if c.kind in (ChangeKind.NEW, ChangeKind.SWITCH_SUPPLY) and c.supply is not None:
            drug = f"{drug} ({texts.supply_label(c.supply)})"
        out: list[str] = []
        if c.acute:
            out.append(
                "<b>"
                + html.escape(
                    self.tr("Acute change {id} is in effect from today, {day}.").format(
                        id=c.id, day=format_long_day(today, today=today)
                    )
                )
                + "</b>"
            )
            out.append(html.escape(f"{kind}: {drug}".strip()))
            for h in c.handlings:
                text = texts.handling_label(h.kind)
                if h.bags:
                    text += " (" + ", ".join(bag_text(d, s, today) for d, s in h.bags) + ")"
                if h.ordinary_until:
                    text += " " + self.tr("until {day}").format(
                        day=format_long_day(h.ordinary_until, today=today)
                    )
                out.append("• " + html.escape(text))
            f = self._follow
            if f is not None:
                out.append(
                    "<br><b>"
                    + html.escape(self.tr("Follow-up change {id}").format(id=f.id))
                    + "</b>: "
                    + html.escape(self._period_text(f, today))
                )
                out.append(
                    html.escape(self.tr("State: {state}").format(state=texts.state_label(f.state)))
                )
            else:
                out.append(
                    html.escape(self.tr("No follow-up change: the line is not in the roll."))
                )
        else:
            out.append(
                "<b>"
                + html.escape(self.tr("Change {id} is registered").format(id=c.id))
                + "</b>: "
                + html.escape(f"{kind}: {drug}".strip())
            )
            where = self._period_text(c, today)
            out.append(html.escape(where[:1].upper() + where[1:]))
            if c.days_before_roll is not None:
                a, b = c.days_before_roll
                out.append(
                    html.escape(
                        self.tr(
                            "The order starts {day}: from {first} to {last} handle the bags or "
                            "give the medicine by hand."
                        ).format(
                            day=format_long_day(a, today=today),
                            first=format_long_day(a, today=today),
                            last=format_long_day(b, today=today),
                        )
                    )
                )
            out.append(
                html.escape(self.tr("State: {state}").format(state=texts.state_label(c.state)))
            )
        self.summary_label.setText("<br>".join(out))
        target = self._target()
        can_act = target is not None and target.state in (
            ChangeState.REGISTERED,
            ChangeState.CONFIRMED,
        )
        self.confirm_button.setEnabled(
            target is not None and target.state is ChangeState.REGISTERED
        )
        self.cancel_reason_edit.setEnabled(can_act)
        self._on_cancel_reason_changed()

    def _period_text(self, c: ChangeDTO, today: date) -> str:
        p = c.target_period
        if p is None:
            return self.tr("Takes effect {day}.").format(
                day=format_long_day(c.effective_date, today=today)
            )
        return self.tr(
            "in the roll {first} – {last} (deadline {deadline}); takes effect {day}."
        ).format(
            first=format_long_day(p.first_day, today=today),
            last=format_long_day(p.last_day, today=today),
            deadline=format_long_moment(p.deadline, today=today),
            day=format_long_day(c.effective_date, today=today),
        )

    @property
    def summary_text(self) -> str:
        return self.summary_label.text()

    @property
    def saved_change(self) -> ChangeDTO | None:
        return self._saved

    @property
    def follow_up(self) -> ChangeDTO | None:
        return self._follow

    @Slot(str)
    def _on_cancel_reason_changed(self, _text: str = "") -> None:
        self.cancel_change_button.setEnabled(
            self.cancel_reason_edit.isEnabled() and bool(self.cancel_reason_edit.text().strip())
        )

    @Slot()
    def _on_confirm_clicked(self) -> None:
        target = self._target()
        if target is None:
            return
        ctx = self._ctx
        self.confirm_button.setEnabled(False)
        self._run(
            lambda: changes.confirm(ctx, [(target.id, target.version)])[0],
            self._on_target_updated,
            self._on_target_failed,
        )

    @Slot()
    def _on_cancel_change_clicked(self) -> None:
        target = self._target()
        reason = self.cancel_reason_edit.text().strip()
        if target is None or not reason:
            return
        ctx = self._ctx
        self.cancel_change_button.setEnabled(False)
        self._run(
            lambda: changes.cancel(ctx, target.id, target.version, reason),
            self._on_target_updated,
            self._on_target_failed,
        )

    def _on_target_updated(self, dto: ChangeDTO) -> None:
        if self._saved is not None and self._saved.acute:
            self._follow = dto
        else:
            self._saved = dto
        self._show_summary()
        hub.publish(Changed.change(dto.citizen_id))

    def _on_target_failed(self, exc: BaseException) -> None:
        errors.present(self, exc)
        target = self._target()
        if target is None:
            return
        ctx = self._ctx
        self._run(
            lambda: changes.get(ctx, target.id),
            self._on_target_updated,
            lambda e: errors.present(self, e),
        )

    # -- closing ------------------------------------------------------------------

    def reject(self) -> None:
        if self._saving:
            return
        if self._saved is not None:
            self.accept()
            return
        if self._dirty and not ask_yes_no(
            self,
            self.tr("Discard the change?"),
            self.tr("You have typed a change that is not saved. Close and discard it?"),
        ):
            return
        self._landing_timer.stop()
        self._search_timer.stop()
        super().reject()
