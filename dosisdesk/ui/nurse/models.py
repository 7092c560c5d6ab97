"""Thin table models over the services' DTOs: the card's. They hold the DTOs of one
:class:`~dosisdesk.services.dto.CardView` and load with the card, when the first citizen is
opened; the citizen list's model is :mod:`dosisdesk.ui.nurse.citizen_model` (named here too).

Size: the card's table models: the dose grid period by period, changes, flags, renewals and the
bags.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, time
from functools import lru_cache
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from dosisdesk.domain.bags import BagAction
from dosisdesk.domain.calendar import format_clock
from dosisdesk.domain.dosage import format_amount, parse_dosage
from dosisdesk.domain.errors import InvalidDosage
from dosisdesk.domain.text import product_label
from dosisdesk.domain.types import SLOT_ORDER, ChangeKind, LineStatus, Severity, Supply
from dosisdesk.services.dto import (
    AcuteInRollDTO,
    BagEntryDTO,
    CardView,
    ChangeDTO,
    FlagDTO,
    LineDTO,
    PeriodColumn,
    RenewalDTO,
)
from dosisdesk.ui import texts
from dosisdesk.ui.nurse.citizen_model import ALERT_FG as ALERT_FG  # (callers name them here too)
from dosisdesk.ui.nurse.citizen_model import CitizenListModel as CitizenListModel
from dosisdesk.ui.nurse.citizen_model import ItemRole as ItemRole
from dosisdesk.ui.nurse.citizen_model import attention_labels as attention_labels
from dosisdesk.ui.widgets.table_model import (
    ROOT,
    AccessibleRole,
    BackgroundRole,
    DisplayRole,
    FontRole,
    ForegroundRole,
    Index,
    TableModel,
    ToolTipRole,
    bold_font,
)

AlignRole = Qt.ItemDataRole.TextAlignmentRole

_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

# High-contrast tints (text stays black on all of them).
CHANGED_BG = QColor("#ffe8a3")  # differs from the current period
APPEARANCE_BG = QColor("#cfe2ff")  # new appearance (R8)
ABSENT_BG = QColor("#e9ecef")  # not on the card in this period
GROUP_BG = QColor("#d5dbe1")
MUTED_FG = QColor("#495057")
_CHANGED_BRUSH = QBrush(CHANGED_BG)
_APPEARANCE_BRUSH = QBrush(APPEARANCE_BG)
_ABSENT_BRUSH = QBrush(ABSENT_BG)
_GROUP_BRUSH = QBrush(GROUP_BG)
_MUTED_BRUSH = QBrush(MUTED_FG)
# the card's own brushes by value (they live as long as the module: ids are not reused)
_BRUSH_KEYS = {
    id(b): (b.color().rgba(), b.style().value)
    for b in (_CHANGED_BRUSH, _APPEARANCE_BRUSH, _ABSENT_BRUSH, _GROUP_BRUSH, _MUTED_BRUSH)
}


# ---------------------------------------------------------------------------
# The dose card: lines side by side per period
# ---------------------------------------------------------------------------


class CellLook(NamedTuple):
    """A card cell as Qt's item delegate paints it: the roles it reads, answered once."""

    text: str | None  # DisplayRole (None: no text at all)
    bold: bool  # FontRole is the bold font
    align: int | None  # TextAlignmentRole
    fg: QBrush | None  # ForegroundRole
    bg: QBrush | None  # BackgroundRole
    key: tuple[object, ...]  # the above by value: cells that look alike have equal keys


def _look(text: Any, bold: bool, align: Any, fg: Any, bg: Any) -> CellLook:
    text = None if text is None else str(text)
    align = None if align is None else int(align)
    return CellLook(text, bold, align, fg, bg, (text, bold, align, _brush_key(fg), _brush_key(bg)))


def _brush_key(b: QBrush | None) -> tuple[int, int] | None:
    if b is None:
        return None
    known = _BRUSH_KEYS.get(id(b))
    return known if known is not None else (b.color().rgba(), b.style().value)


@dataclass(frozen=True)
class _CardRow:
    supply: Supply
    line_id: int | None  # None: the group's heading row
    cells: tuple[LineDTO | None, ...] = ()  # the line in each period column
    changes: tuple[tuple[ChangeDTO, ...], ...] = ()
    # Worked out once when the card loads (a repaint only looks them up):
    doses: tuple[tuple[str, ...], ...] = ()  # per period column, the text of each slot column
    differs: tuple[bool, ...] = ()  # per period column, differs from the current period
    notes: str = ""

    @property
    def line(self) -> LineDTO | None:
        return next((c for c in self.cells if c is not None), None)


def _content(ln: LineDTO | None) -> tuple[object, ...] | None:
    if ln is None:
        return None
    return (ln.product.id, ln.dosage, ln.supply, ln.status)


@lru_cache(maxsize=4096)
def _parse(dosage: str) -> Any:
    """A dose text parsed (a Dosage is frozen): once per text, not once per card that shows
    it (the same few dose texts are on most cards)."""
    if not dosage.strip():
        return None
    try:
        return parse_dosage(dosage, allow_zero=True)
    except InvalidDosage:
        return None


_SUPPLY_ORDER = (Supply.DOSE_ROLL, Supply.ORDINARY, Supply.AS_NEEDED)
_CARD_ROLE_LIST = (
    DisplayRole,
    AccessibleRole,
    ToolTipRole,
    BackgroundRole,
    ForegroundRole,
    FontRole,
    AlignRole,
    ItemRole.LineIdRole,
)
# the roles the card's table answers (as the enums and as the plain ints Qt may pass)
_CARD_ROLES = frozenset(_CARD_ROLE_LIST) | frozenset(int(r) for r in _CARD_ROLE_LIST)


class CardLinesModel(TableModel[_CardRow]):
    """The card's lines, grouped (in the roll / beside the roll / as needed), with the dose per
    slot in each period side by side: one column group per period column of the CardView, then
    a column of what changes. Cells that differ from the current period are tinted."""

    COL_DRUG = 0

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self._period_cols: tuple[PeriodColumn, ...] = ()
        self._clock = False
        self._per_period = 4
        # model columns the period separator is drawn before (a new period, the notes)
        self.separator_columns: frozenset[int] = frozenset()
        # each row's cells as painted, by row (worked out when first painted, per load)
        self._looks: dict[int, tuple[CellLook, ...]] = {}
        self._rebuild_headers()

    # -- layout -------------------------------------------------------------

    @property
    def periods(self) -> tuple[PeriodColumn, ...]:
        return self._period_cols

    @property
    def per_period(self) -> int:
        return self._per_period

    def period_columns(self, i: int) -> tuple[int, int]:
        """First and last model column of period column ``i``."""
        first = 1 + i * self._per_period
        return first, first + self._per_period - 1

    @property
    def notes_column(self) -> int:
        return 1 + len(self._period_cols) * self._per_period

    def group_rows(self) -> list[int]:
        return [i for i, r in enumerate(self._rows) if r.line_id is None]

    def _split(self, col: int) -> tuple[int, int] | None:
        """(period column, slot index) of a model column; slot 4 is the clock column."""
        if col < 1 or col >= self.notes_column:
            return None
        return divmod(col - 1, self._per_period)

    def _rebuild_headers(self) -> None:
        self._header_answers: dict[tuple[int, Qt.Orientation, int], Any] = {}
        per = [texts.slot_short(s) for s in SLOT_ORDER] + (
            [QCoreApplication.translate("models", "Times")] if self._clock else []
        )
        self._headers = (
            [QCoreApplication.translate("models", "Drug")]
            + per * len(self._period_cols)
            + [QCoreApplication.translate("models", "Changes and notes")]
        )

    # -- loading ------------------------------------------------------------

    def set_card(self, cv: CardView | None) -> None:
        self.beginResetModel()
        self._looks.clear()
        self._period_cols = cv.columns if cv else ()
        if cv and not self._period_cols:
            # No period known: show the card as it is today in one column.
            self._period_cols = ()
        rows = self._build(cv) if cv else []
        parsed: dict[str, Any] = {}  # each dose text parsed once per load, never per repaint

        def parse(dosage: str) -> Any:
            if dosage not in parsed:
                parsed[dosage] = _parse(dosage)
            return parsed[dosage]

        slots = {s.value for s in SLOT_ORDER}
        self._clock = any(
            d is not None and any(e.at not in slots for e in d.entries)
            for r in rows
            for c in r.cells
            if c is not None
            for d in [parse(c.dosage)]
        )
        self._per_period = 5 if self._clock else 4
        self._rows = [r if r.line_id is None else self._finish(r, parse) for r in rows]
        first_columns = {self.period_columns(i)[0] for i in range(len(self._period_cols))}
        self.separator_columns = frozenset(first_columns | {self.notes_column})
        self._rebuild_headers()
        self.endResetModel()

    def _finish(self, r: _CardRow, parse: Callable[[str], Any]) -> _CardRow:
        """The row with its display texts worked out (the dose parsed once)."""
        doses = tuple(self._slot_texts(ln, parse) for ln in r.cells)
        first = _content(r.cells[0]) if r.cells else None
        differs = tuple(
            i > 0 and ln is not None and _content(ln) != first for i, ln in enumerate(r.cells)
        )
        notes = "\n".join(self._notes(r, parse))
        return replace(r, doses=doses, differs=differs, notes=notes)

    def _slot_texts(self, ln: LineDTO | None, parse: Callable[[str], Any]) -> tuple[str, ...]:
        if ln is None:
            return ("–",) * self._per_period
        dosage = parse(ln.dosage)
        if dosage is None:
            return ("",) * self._per_period
        out = []
        for slot in range(self._per_period):
            if slot < 4:
                amount = dosage.amount_at(SLOT_ORDER[slot].value)
                text = format_amount(amount) if amount else ""
            else:
                slots = {s.value for s in SLOT_ORDER}
                text = ", ".join(
                    f"{format_clock(time.fromisoformat(e.at))}: {format_amount(e.amount)}"
                    for e in dosage.entries
                    if e.at not in slots
                )
            if text and ln.status is LineStatus.PAUSED and slot == 0:
                text = f"({text})"
            out.append(text)
        return tuple(out)

    def _build(self, cv: CardView) -> list[_CardRow]:
        cols = cv.columns
        per_col: list[dict[int, LineDTO]] = [{ln.line_id: ln for ln in c.lines} for c in cols]
        if not cols:
            per_col = [{ln.line_id: ln for ln in cv.lines_today}]
        order: dict[int, LineDTO] = {}
        for d in per_col:
            for lid, ln in d.items():
                order.setdefault(lid, ln)
        changes_by: list[dict[int, list[ChangeDTO]]] = []
        for c in cols:
            by: dict[int, list[ChangeDTO]] = {}
            for ch in c.changes:
                if ch.line_id is not None:
                    by.setdefault(ch.line_id, []).append(ch)
            changes_by.append(by)
        rows: list[_CardRow] = []
        for supply in _SUPPLY_ORDER:
            members = sorted(
                (ln for ln in order.values() if ln.supply is supply),
                key=lambda ln: (ln.product.trade_name.casefold(), ln.line_id),
            )
            if not members:
                continue
            rows.append(_CardRow(supply, None))
            for ln in members:
                cells = tuple(d.get(ln.line_id) for d in per_col)
                changes = tuple(tuple(by.get(ln.line_id, ())) for by in changes_by)
                rows.append(_CardRow(supply, ln.line_id, cells, changes))
        return rows

    # -- reading ------------------------------------------------------------

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DisplayRole) -> Any:
        # The header asks each section for a dozen roles at every layout of a card: each
        # answer is worked out once per load.
        key = (section, orientation, role)
        try:
            return self._header_answers[key]
        except KeyError:
            answer = self._header_answers[key] = self._header_data(section, orientation, role)
            return answer

    def header_key(self, section: int) -> tuple[str | None, bool]:
        """What a column title's size depends on: its text and whether it is centred."""
        text = self._headers[section] if 0 <= section < len(self._headers) else None
        return text, self._split(section) is not None

    def _header_data(self, section: int, orientation: Qt.Orientation, role: int) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == ToolTipRole:
            split = self._split(section)
            if split is not None and split[0] < len(self._period_cols):
                p = self._period_cols[split[0]].period
                return texts.fmt_span(p.first_day, p.last_day)
        if orientation is Qt.Orientation.Horizontal and role == AlignRole:
            return _CENTER if self._split(section) is not None else _LEFT
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].line_id is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def line_id(self, row: int) -> int | None:
        return self._rows[row].line_id if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        # Qt asks every cell for every role each time it measures the rows (size hints,
        # decorations, check states ...): answer those it never needs at once.
        if role not in _CARD_ROLES:
            return None
        r = self._row_at(index)
        if r is None:
            return None
        return self._cell(r, index.column(), role)

    def looks(self, row: int) -> tuple[CellLook, ...]:
        """How each cell of ``row`` is painted: what :meth:`data` answers for the roles Qt's
        item delegate paints from, asked once per row and load (the card's view paints from
        these, not by a call into Python per cell and role: issue #10)."""
        known = self._looks.get(row)
        if known is None:
            known = self._looks[row] = self._row_looks(self._rows[row])
        return known

    def _row_looks(self, r: _CardRow) -> tuple[CellLook, ...]:
        """What data() answers for the painted roles, for a whole row at once (the group
        titles', the drug's, each dose's and the notes'; tests/gui/test_card_paint.py holds
        them to data())."""
        n = len(self._headers)
        if r.line_id is None:
            rest = _look(None, True, None, None, _GROUP_BRUSH)
            return (_look(texts.supply_label(r.supply), True, None, None, _GROUP_BRUSH),) + (
                rest,
            ) * (n - 1)
        first = r.cells[0] if r.cells else None
        muted = first is None or first.status is not LineStatus.ACTIVE
        out = [
            _look(
                self._drug_data(r, DisplayRole), False, None, _MUTED_BRUSH if muted else None, None
            )
        ]
        nothing = _look(None, False, None, None, None)
        for pcol in range(len(self._period_cols)):
            if pcol >= len(r.cells):
                out.extend((nothing,) * self._per_period)
                continue
            ln = r.cells[pcol]
            differs = r.differs[pcol]
            if ln is None:
                bg: QBrush | None = _ABSENT_BRUSH
            elif differs:
                bg = _CHANGED_BRUSH
            elif ln.new_appearance:
                bg = _APPEARANCE_BRUSH
            else:
                bg = None
            fg = _MUTED_BRUSH if ln is not None and ln.status is LineStatus.PAUSED else None
            doses = r.doses[pcol]
            for slot in range(self._per_period):
                text = doses[slot] if slot < len(doses) else ""
                out.append(_look(text, differs, _CENTER, fg, bg))
        out.append(_look(r.notes or None, False, None, None, None))
        return tuple(out[:n]) + (nothing,) * (n - len(out))

    def _cell(self, r: _CardRow, col: int, role: int) -> Any:
        if r.line_id is None:
            return self._group_data(r, col, role)
        if role == ItemRole.LineIdRole:
            return r.line_id
        if col == self.COL_DRUG:
            return self._drug_data(r, role)
        if col == self.notes_column:
            if role in (DisplayRole, AccessibleRole, ToolTipRole):
                return r.notes or None
            return None
        split = self._split(col)
        if split is None:
            return None
        return self._dose_data(r, split[0], split[1], role)

    def _group_data(self, r: _CardRow, col: int, role: int) -> Any:
        if role in (DisplayRole, AccessibleRole) and col == self.COL_DRUG:
            return texts.supply_label(r.supply)
        if role == BackgroundRole:
            return _GROUP_BRUSH
        if role == FontRole:
            return bold_font()
        return None

    def _drug_data(self, r: _CardRow, role: int) -> Any:
        ln = r.line
        assert ln is not None
        p = ln.product
        if role in (DisplayRole, AccessibleRole):
            text = product_label(p.trade_name, p.strength)
            return f"{text} ({p.substance})" if p.substance else text
        if role == ToolTipRole:
            parts = [
                product_label(p.trade_name, p.strength),
                f"{p.substance} · ATC {p.atc}",
                p.form,
                texts.supply_label(ln.supply),
            ]
            if ln.prescription_valid_until:
                parts.append(
                    QCoreApplication.translate("models", "Prescription valid until %1").replace(
                        "%1", texts.fmt_date(ln.prescription_valid_until)
                    )
                )
            return "\n".join(x for x in parts if x)
        if role == ForegroundRole and all(
            c is None or c.status is not LineStatus.ACTIVE for c in r.cells[:1]
        ):
            return _MUTED_BRUSH
        return None

    def _dose_data(self, r: _CardRow, pcol: int, slot: int, role: int) -> Any:
        if pcol >= len(r.cells):
            return None
        ln = r.cells[pcol]
        if role == AlignRole:
            return _CENTER
        if role == BackgroundRole:
            if ln is None:
                return _ABSENT_BRUSH
            if r.differs[pcol]:
                return _CHANGED_BRUSH
            if ln.new_appearance:
                return _APPEARANCE_BRUSH
            return None
        if role == FontRole and r.differs[pcol]:
            return bold_font()
        if role == ForegroundRole and ln is not None and ln.status is LineStatus.PAUSED:
            return _MUTED_BRUSH
        if role == ToolTipRole:
            if ln is None:
                return QCoreApplication.translate("models", "Not on the card in this period")
            tip = [ln.dosage or QCoreApplication.translate("models", "No fixed dose")]
            if ln.status is not LineStatus.ACTIVE:
                tip.append(texts.line_status_label(ln.status))
            if ln.new_appearance and ln.packed_trade_name:
                tip.append(
                    QCoreApplication.translate("models", "New appearance: packed as %1").replace(
                        "%1", ln.packed_trade_name
                    )
                )
            return "\n".join(tip)
        if role not in (DisplayRole, AccessibleRole):
            return None
        texts_ = r.doses[pcol]
        return texts_[slot] if slot < len(texts_) else ""

    def _notes(self, r: _CardRow, parse: Callable[[str], Any]) -> list[str]:
        out: list[str] = []
        first = r.line
        assert first is not None
        parsed = parse(first.dosage)
        if first.supply is not Supply.DOSE_ROLL and first.dosage and parsed is None:
            out.append(first.dosage)
        if first.supply is Supply.AS_NEEDED and not first.dosage:
            out.append(QCoreApplication.translate("models", "As needed, no fixed dose"))
        if parsed is not None and parsed.weekdays:
            out.append(
                QCoreApplication.translate("models", "Only on: %1").replace(
                    "%1", first.dosage.split(":")[0]
                )
            )
        if first.status is LineStatus.PAUSED:
            out.append(texts.line_status_label(LineStatus.PAUSED))
        if first.origin_acute_change_id is not None:
            out.append(
                QCoreApplication.translate("models", "Temporary, until the roll carries the change")
            )
        for i, changes in enumerate(r.changes):
            for ch in changes:
                out.append(change_summary(ch))
            ln = r.cells[i] if i < len(r.cells) else None
            if ln is not None and ln.new_appearance:
                p = self._period_cols[i].period if i < len(self._period_cols) else None
                when = texts.fmt_day(p.first_day) if p else ""
                out.append(
                    QCoreApplication.translate("models", "New appearance from %1: %2")
                    .replace("%1", when)
                    .replace("%2", ln.packed_trade_name or "")
                )
        return out


def change_summary(ch: ChangeDTO) -> str:
    """``Fra tors. 3. dec.: Dosisændring 2+0+1+0 (Registreret)``; the follow-up of an acute
    change reads as the roll catching up (``Apoteket stopper pakningen fra rullen ...``)."""
    if ch.follow_up_of_day is not None:
        return (
            QCoreApplication.translate("models", "%1 (%2)")
            .replace("%1", texts.follow_up_text(ch.kind, ch.effective_date, ch.follow_up_of_day))
            .replace("%2", texts.state_label(ch.state))
        )
    what = texts.kind_label(ch.kind)
    if ch.acute:
        what = QCoreApplication.translate("models", "Acute %1").replace(
            "%1", what.lower() if what else what
        )
    if ch.dosage and ch.kind in (ChangeKind.DOSE_CHANGE, ChangeKind.NEW, ChangeKind.SWITCH_SUPPLY):
        what += f" {ch.dosage}"
    if ch.kind is ChangeKind.SWITCH_SUPPLY and ch.supply is not None:
        what += f" → {texts.supply_label(ch.supply).lower()}"
    text = (
        QCoreApplication.translate("models", "From %1: %2 (%3)")
        .replace("%1", texts.fmt_day(ch.effective_date))
        .replace("%2", what)
        .replace("%3", texts.state_label(ch.state))
    )
    gap = before_roll_text(ch)
    return f"{text}. {gap}" if gap else text


def before_roll_text(ch: ChangeDTO) -> str:
    """The days an order is wanted before the roll carrying it starts (a first day inside a
    roll, or a stretch that moved it later): the bags of those days need handling, or the
    medicine is given by manual dispensing. Empty when there are none."""
    gap = ch.days_before_roll
    if gap is None:
        return ""
    return (
        QCoreApplication.translate(
            "models", "Wanted from %1: handle the bags or dispense by hand %1–%2"
        )
        .replace("%1", texts.fmt_date(gap[0]))
        .replace("%2", texts.fmt_date(gap[1]))
    )


# ---------------------------------------------------------------------------
# Changes, flags, renewals, bags, users
# ---------------------------------------------------------------------------


class ChangesModel(TableModel[ChangeDTO]):
    """The citizen's open changes (registered, confirmed, locked)."""

    (COL_EFFECTIVE, COL_KIND, COL_DRUG, COL_DOSE, COL_DEADLINE, COL_STATE, COL_REGISTERED) = range(
        7
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self._labels: dict[int, str] = {}
        self._acute: dict[int, AcuteInRollDTO] = {}
        self._headers = [
            QCoreApplication.translate("models", "Takes effect"),
            QCoreApplication.translate("models", "Kind"),
            QCoreApplication.translate("models", "Drug"),
            QCoreApplication.translate("models", "New dose"),
            QCoreApplication.translate("models", "Deadline"),
            QCoreApplication.translate("models", "State"),
            QCoreApplication.translate("models", "Registered"),
        ]

    def set_changes(
        self,
        changes: Sequence[ChangeDTO],
        line_labels: dict[int, str],
        acute: Sequence[AcuteInRollDTO] = (),
    ) -> None:
        """The open changes, after the acute changes the roll does not carry yet (each with its
        handling)."""
        self.beginResetModel()
        self._acute = {a.change.id: a for a in acute}
        self._rows = [a.change for a in acute] + [c for c in changes if c.id not in self._acute]
        self._labels = dict(line_labels)
        self._labels.update({a.change.line_id: a.label for a in acute if a.change.line_id})
        self.endResetModel()

    def acute(self, change_id: int) -> AcuteInRollDTO | None:
        return self._acute.get(change_id)

    def change(self, row: int) -> ChangeDTO:
        return self._rows[row]

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        c = self._row_at(index)
        if c is None:
            return None
        col = index.column()
        if role == ItemRole.ChangeIdRole:
            return c.id
        if role == ItemRole.VersionRole:
            return c.version
        if role == ItemRole.DtoRole:
            return c
        if role in (DisplayRole, AccessibleRole):
            return self._text(c, col)
        if role == ToolTipRole:
            parts = []
            if c.acute:
                parts.append(
                    QCoreApplication.translate("models", "Reason: %1").replace("%1", c.reason)
                )
                parts.append(
                    QCoreApplication.translate("models", "Deciding doctor: %1").replace(
                        "%1", c.doctor
                    )
                )
            if c.source:
                parts.append(
                    QCoreApplication.translate("models", "Source: %1").replace("%1", c.source)
                )
            if c.missed_deadlines:
                parts.append(
                    QCoreApplication.translate("models", "Missed deadlines: %1").replace(
                        "%1", str(c.missed_deadlines)
                    )
                )
            if c.days_before_roll:
                parts.append(before_roll_text(c))
            return "\n".join(parts) or None
        if (
            role == ForegroundRole
            and (c.acute or c.missed_deadlines)
            and col in (self.COL_KIND, self.COL_DEADLINE)
        ) or (role == ForegroundRole and col == self.COL_EFFECTIVE and c.days_before_roll):
            return QBrush(ALERT_FG)
        return None

    def _text(self, c: ChangeDTO, col: int) -> str:
        if col == self.COL_EFFECTIVE:
            gap = c.days_before_roll
            if gap:
                return (
                    QCoreApplication.translate("models", "%1 (wanted from %2)")
                    .replace("%1", texts.fmt_date(c.effective_date))
                    .replace("%2", texts.fmt_date(gap[0]))
                )
            return texts.fmt_date(c.effective_date)
        if col == self.COL_KIND:
            kind = texts.kind_label(c.kind)
            return (
                QCoreApplication.translate("models", "ACUTE: %1").replace("%1", kind)
                if c.acute
                else kind
            )
        if col == self.COL_DRUG:
            if c.product is not None:
                return c.product.label
            return self._labels.get(c.line_id or -1, "")
        if col == self.COL_DOSE:
            # Only a new line, a dose change and a switch of supply set a dose; a
            # discontinuation or a pause carries the old one, which must not read as new.
            if c.kind in (ChangeKind.NEW, ChangeKind.DOSE_CHANGE, ChangeKind.SWITCH_SUPPLY):
                return c.dosage
            return "–"
        if col == self.COL_DEADLINE:
            acute = self._acute.get(c.id)
            if acute is not None:
                return handling_progress(acute)
            if c.target_period is None:
                return ""
            text = texts.fmt_day_time(c.target_period.deadline)
            if c.missed_deadlines:
                text += " " + QCoreApplication.translate("models", "(missed %1)").replace(
                    "%1", str(c.missed_deadlines)
                )
            return text
        if col == self.COL_STATE:
            return texts.state_label(c.state)
        if col == self.COL_REGISTERED:
            return (
                f"{texts.fmt_datetime(c.registered_at)}, {c.registered_by_name or c.registered_by}"
            )
        return ""


class FlagsModel(TableModel[FlagDTO]):
    COL_SEVERITY, COL_A, COL_B, COL_FROM, COL_ACK = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self._headers = [
            QCoreApplication.translate("models", "Severity"),
            QCoreApplication.translate("models", "Line A"),
            QCoreApplication.translate("models", "Line B"),
            QCoreApplication.translate("models", "Overlap from"),
            QCoreApplication.translate("models", "Acknowledged"),
        ]

    def set_flags(self, flags: Sequence[FlagDTO]) -> None:
        self.set_rows(flags)

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        f = self._row_at(index)
        if f is None:
            return None
        col = index.column()
        if role == ItemRole.DtoRole:
            return f
        if role in (DisplayRole, AccessibleRole):
            if col == self.COL_SEVERITY:
                return texts.severity_label(f.severity)
            if col == self.COL_A:
                return f"{f.label_a} · {texts.supply_label(f.supply_a).lower()}"
            if col == self.COL_B:
                return f"{f.label_b} · {texts.supply_label(f.supply_b).lower()}"
            if col == self.COL_FROM:
                return texts.fmt_date(f.overlap_from)
            if col == self.COL_ACK:
                if not f.acknowledged:
                    return QCoreApplication.translate("models", "No")
                return (
                    QCoreApplication.translate("models", "Yes: %1").replace("%1", f.ack_reason)
                    if f.ack_reason
                    else QCoreApplication.translate("models", "Yes")
                )
        if role == ToolTipRole and col in (self.COL_A, self.COL_B):
            return f"ATC {f.atc_a if col == self.COL_A else f.atc_b}"
        if role == ForegroundRole and col == self.COL_SEVERITY and f.severity is Severity.HIGH:
            return QBrush(ALERT_FG)
        if role == FontRole and col == self.COL_SEVERITY and f.severity is Severity.HIGH:
            return bold_font()
        return None


class RenewalsModel(TableModel[RenewalDTO]):
    COL_DRUG, COL_UNTIL, COL_STATE, COL_REASON, COL_SENT = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self._headers = [
            QCoreApplication.translate("models", "Drug"),
            QCoreApplication.translate("models", "Prescription valid until"),
            QCoreApplication.translate("models", "State"),
            QCoreApplication.translate("models", "Rejection reason"),
            QCoreApplication.translate("models", "Request sent"),
        ]

    def set_renewals(self, renewals: Sequence[RenewalDTO]) -> None:
        self.set_rows(renewals)

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        r = self._row_at(index)
        if r is None:
            return None
        col = index.column()
        if role == ItemRole.LineIdRole:
            return r.line_id
        if role == ItemRole.DtoRole:
            return r
        if role in (DisplayRole, AccessibleRole):
            if col == self.COL_DRUG:
                return r.product_label
            if col == self.COL_UNTIL:
                return texts.fmt_date(r.valid_until) if r.valid_until else ""
            if col == self.COL_STATE:
                if r.state is None and r.urgency is not None:
                    return texts.renewal_urgency_label(r.urgency)
                return texts.renewal_state_label(r.state)
            if col == self.COL_REASON:
                return texts.rejection_label(r.rejection_reason)
            if col == self.COL_SENT:
                return texts.fmt_datetime(r.sent_at) if r.sent_at else ""
        if role == BackgroundRole and col in (self.COL_UNTIL, self.COL_STATE) and r.urgency:
            return QBrush(QColor(texts.RENEWAL_BG[r.urgency]))
        if role == ToolTipRole and r.urgency:
            return texts.renewal_urgency_label(r.urgency)
        return None


class BagsModel(TableModel[tuple[str, BagEntryDTO, bool]]):
    """The day view: each bag (intake time) and what the roll put in it, with what an acute
    change not yet in the roll asks of the bag and whether it was done (R3)."""

    COL_TIME, COL_DRUG, COL_AMOUNT, COL_HANDLING = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self._day: date | None = None
        self._headers = [
            QCoreApplication.translate("models", "Bag"),
            QCoreApplication.translate("models", "Drug"),
            QCoreApplication.translate("models", "Amount"),
            QCoreApplication.translate("models", "What to do"),
        ]

    def set_bags(self, day: date, bags: Sequence[tuple[str, Sequence[BagEntryDTO]]]) -> None:
        self.beginResetModel()
        self._day = day
        self._rows = [(at, e, i == 0) for at, content in bags for i, e in enumerate(content)]
        self.endResetModel()

    @property
    def bag_count(self) -> int:
        return sum(1 for r in self._rows if r[2])

    @property
    def open_count(self) -> int:
        """Bag lines with a handling still to do (taken out or discarded, not signed)."""
        return sum(1 for _at, e, _f in self._rows if _to_do(e))

    def entry(self, row: int) -> BagEntryDTO | None:
        return self._rows[row][1] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        row = self._row_at(index)
        if row is None:
            return None
        at, e, first = row
        ln = e.line
        col = index.column()
        if role == ItemRole.LineIdRole:
            return ln.line_id
        if role == ItemRole.ChangeIdRole:
            return e.change_id
        if role in (DisplayRole, AccessibleRole):
            if col == self.COL_TIME:
                return texts.slot_label(at) if first or role == AccessibleRole else ""
            if col == self.COL_DRUG:
                return f"{product_label(ln.product.trade_name, ln.product.strength)} ({ln.product.substance})"
            if col == self.COL_AMOUNT:
                return e.packed
            if col == self.COL_HANDLING:
                return bag_handling_text(e)
        if role == AlignRole and col == self.COL_AMOUNT:
            return _CENTER
        if role == FontRole and col == self.COL_TIME:
            return bold_font()
        if (
            role == ForegroundRole
            and col == self.COL_HANDLING
            and (_to_do(e) or e.action is BagAction.UNHANDLED)
        ):
            return QBrush(ALERT_FG)
        if (
            role == BackgroundRole
            and e.action is not None
            and e.action is not (BagAction.UNCHANGED)
        ):
            return QBrush(CHANGED_BG)
        if role == ToolTipRole and col == self.COL_DRUG and ln.new_appearance:
            return QCoreApplication.translate("models", "New appearance")
        return None


def handling_progress(a: AcuteInRollDTO) -> str:
    """``Håndtering: 1 af 2 udført`` for an acute change's signed steps."""
    if not a.steps:
        return QCoreApplication.translate("models", "No handling to sign")
    done = len(a.steps) - a.open_steps
    return (
        QCoreApplication.translate("models", "Handling: %1 of %2 done")
        .replace("%1", str(done))
        .replace("%2", str(len(a.steps)))
    )


def _to_do(e: BagEntryDTO) -> bool:
    return e.action in (BagAction.REMOVE, BagAction.DISCARD) and not e.done


def bag_handling_text(e: BagEntryDTO) -> str:
    """``tages ud — mangler`` / ``tages ud — udført af sygpl 22-11 10.05`` / ``uændret``."""
    if e.action is None:
        return ""
    what = texts.bag_action_label(e.action)
    if e.action in (BagAction.UNCHANGED, BagAction.UNHANDLED):
        return what
    if e.done_at is None:
        return QCoreApplication.translate("models", "%1 — not done").replace("%1", what)
    return (
        QCoreApplication.translate("models", "%1 — done by %2 %3")
        .replace("%1", what)
        .replace("%2", e.done_by_name or e.done_by or "?")
        .replace("%3", texts.fmt_day_time(e.done_at))
    )
