"""The citizen's medicine list (R10, R11): what the paper in the home shows, card by card: the
lines today and in the next roll (dose columns morning, noon, evening, night), what changes in
the next roll, the acute changes' bags in the home. Data only: ``reports/medlist.py`` lays it out.

Never printed: private-marked lines (and every change that touches one), indications, and free
text that may hold a diagnosis. The CPR is shown in full: it is the citizen's own paper. A print
is logged by :func:`dosisdesk.services.handover.record_print`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from dosisdesk import words
from dosisdesk.domain.calendar import (
    format_day,
    format_time,
    format_weekday,
)
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.dosage import format_amount, parse_dosage
from dosisdesk.domain.errors import InvalidDosage
from dosisdesk.domain.periods import period_containing
from dosisdesk.domain.queue import ChangeAt
from dosisdesk.domain.text import full_name, product_label
from dosisdesk.domain.types import (
    SLOT_ORDER,
    LineStatus,
    PeriodDTO,
    Supply,
)
from dosisdesk.services import change_state, handlings
from dosisdesk.services.access import card_of, check_access, citizen_by_cpr
from dosisdesk.services.cards import lines_on
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import LineDTO
from dosisdesk.services.handover import (
    ChangeItem,
    _bag_key,
    _change_item,
)
from dosisdesk.storage import medlist as medlist_sql
from dosisdesk.storage import models as m
from dosisdesk.storage import repo

__all__ = ["MedCard", "MedLine", "MedicineList", "dose_columns", "medicine_list"]


@dataclass(frozen=True, slots=True)
class MedLine:
    line_id: int
    trade_name: str
    substance: str
    strength: str
    form: str
    dosage: str  # canonical notation, "" for as-needed without a fixed dose
    slots: tuple[str, str, str, str]  # morning, noon, evening, night ("" = none)
    extra: str  # weekdays and clock times the four columns cannot show
    supply: Supply
    paused: bool
    start: date
    new_appearance: bool
    packed_trade_name: str | None
    last_day: date | None = None  # the line ends after this day (before the next roll)
    change: str = ""  # in the next roll: "NY" (not on the card today) or "ÆNDRET"


@dataclass(frozen=True, slots=True)
class MedCard:
    card_id: int
    pharmacy: str
    packing_group: str
    paused: bool
    paused_since: datetime | None
    current_period: PeriodDTO | None
    next_period: PeriodDTO | None
    today: tuple[MedLine, ...]
    next_roll: tuple[MedLine, ...]
    next_same_as_today: bool
    coming: tuple[ChangeItem, ...]
    #: The follow-ups of acute changes: the roll catching up, not a change for the citizen.
    roll_catch_up: tuple[ChangeItem, ...] = ()
    #: Bags of the roll in the home that an acute change touches, per drug: what was or is to
    #: be done with them ("Zarator 20 mg: tages ud af poserne søn. 22. nov. aften, ...").
    bag_notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MedicineList:
    citizen_id: int
    name: str
    cpr: str  # formatted DDMMYY-XXXX: it is the citizen's own paper
    address: str
    gp_name: str
    gp_phone: str
    team: str
    day: date
    printed_by: str
    printed_at: datetime
    cards: tuple[MedCard, ...] = field(default_factory=tuple)

    @property
    def citizen_ids(self) -> tuple[int, ...]:
        return (self.citizen_id,)


def dose_columns(dosage: str) -> tuple[tuple[str, str, str, str], str]:
    """The four slot columns of a dosage, and what they cannot show (weekdays, clock times)."""
    if not dosage.strip():
        return ("", "", "", ""), ""
    try:
        d = parse_dosage(dosage, allow_zero=True)
    except InvalidDosage:
        return ("", "", "", ""), dosage
    slots = tuple(
        format_amount(d.amount_at(slot.value)) if d.amount_at(slot.value) else ""
        for slot in SLOT_ORDER
    )
    slot_values = {slot.value for slot in SLOT_ORDER}
    extra = []
    if d.weekdays:
        extra.append("kun " + ", ".join(format_weekday(i) for i in sorted(d.weekdays)))
    extra += [
        f"{format_time(time.fromisoformat(e.at))}: {format_amount(e.amount)}"
        for e in d.entries
        if e.at not in slot_values and e.amount
    ]
    a, b, c, d4 = slots
    return (a, b, c, d4), "; ".join(extra)


def medicine_list(ctx: Ctx, cpr: str) -> MedicineList:
    """The citizen's cards today and as the next roll will be, with the coming changes. Private
    lines are left out. Not logged: call :func:`record_print` when printing."""
    now = ctx.now()
    today = now.date()
    with ctx.db.read() as s:
        citizen = citizen_by_cpr(s, cpr)
        check_access(ctx, citizen)
        card_of(s, citizen)  # NotFound in Danish when there is no card
        team = s.get(m.Team, citizen.team_id) if citizen.team_id else None
        out_cards = [_med_card(s, card, now, today) for card in medlist_sql.cards(s, citizen.id)]
        return MedicineList(
            citizen_id=citizen.id,
            name=full_name(citizen.first_name, citizen.last_name),
            cpr=format_cpr(citizen.cpr),
            address=citizen.address,
            gp_name=citizen.gp_name,
            gp_phone=citizen.gp_phone,
            team=team.name if team else "",
            day=today,
            printed_by=ctx.actor.full_name,
            printed_at=now,
            cards=tuple(out_cards),
        )


def _med_card(s: Session, card: m.Card, now: datetime, today: date) -> MedCard:
    group = s.get(m.PackingGroup, card.packing_group_id)
    assert group is not None
    pharmacy = s.get(m.Pharmacy, group.pharmacy_id)
    assert pharmacy is not None
    periods = repo.card_periods(
        s, card, now, from_day=today - timedelta(days=60), to_day=today + timedelta(days=90)
    )
    cur = period_containing(periods, today)
    ahead = [p for p in periods if p.first_day > today]
    nxt = ahead[0] if ahead else None
    before_cur = [p for p in periods if cur and p.last_day < cur.first_day]
    prev_id = before_cur[-1].id if before_cur else None
    open_rows = medlist_sql.open_changes(s, card.id)
    at = change_state.project(s, open_rows, now)
    moved = change_state.moved_days(at, open_rows)
    today_lines, _hidden = lines_on(
        s, [card.id], today, cur.id if cur else None, prev_id, moved=moved
    )
    next_lines: list[LineDTO] = []
    if nxt is not None:
        next_lines, _hidden = lines_on(
            s, [card.id], nxt.first_day, nxt.id, cur.id if cur else None, moved=moved
        )
    starts = medlist_sql.line_starts(
        s, {ln.line_id for ln in today_lines} | {ln.line_id for ln in next_lines}
    )
    paused_since = medlist_sql.paused_since(s, card.id)
    products = medlist_sql.products(s, (c.product_id for c in open_rows))
    coming_rows = sorted(
        (c for c in open_rows if at[c.id].open and at[c.id].effective_date > today),
        key=lambda c: (at[c.id].effective_date, c.id),
    )
    in_next = {ln.line_id for ln in next_lines}
    ending = {
        ln.line_id: ln.valid_to - timedelta(days=1)
        for ln in today_lines
        if ln.valid_to is not None
        and (
            (nxt is not None and ln.line_id not in in_next) or ln.origin_acute_change_id is not None
        )  # a temporary line says until when
    }
    today_med = tuple(_med_line(ln, starts, ending.get(ln.line_id)) for ln in today_lines)
    now_key = {ln.line_id: _content(ln) for ln in today_med}
    next_med = tuple(
        replace(x, change=_compare(now_key.get(x.line_id), _content(x)))
        for x in (_med_line(ln, starts) for ln in next_lines)
    )
    return MedCard(
        card_id=card.id,
        pharmacy=pharmacy.name,
        packing_group=group.name,
        paused=card.paused,
        paused_since=paused_since,
        current_period=cur,
        next_period=nxt,
        today=today_med,
        next_roll=next_med,
        next_same_as_today=_same(today_med, next_med),
        coming=tuple(
            _coming(s, c, products.get(c.product_id) if c.product_id else None, at[c.id])
            for c in coming_rows
            if c.follow_up_of_id is None
        ),
        roll_catch_up=tuple(
            _coming(s, c, products.get(c.product_id) if c.product_id else None, at[c.id])
            for c in coming_rows
            if c.follow_up_of_id is not None
        ),
        bag_notes=_bag_notes(s, card.id, today),
    )


def _coming(s: Session, c: m.Change, p: m.Product | None, at: ChangeAt[PeriodDTO]) -> ChangeItem:
    """A coming change as the handover words it, with the day of the acute change it follows
    up."""
    acute = s.get(m.Change, c.follow_up_of_id) if c.follow_up_of_id is not None else None
    label = product_label(p.trade_name, p.strength) if p else ""
    return _change_item(c, label, acute.effective_date if acute is not None else None, at)


def _bag_notes(s: Session, card_id: int, today: date) -> tuple[str, ...]:
    """Per acute change the roll does not carry yet: the bags it names, in words."""
    from dosisdesk.domain.bags import BagAction

    out = []
    for a in handlings.acute_in_roll(s, card_id, today, {}):
        if a.change.line_id is None:
            continue
        removed = sorted(
            {(b.day, b.slot) for b in a.bags if b.action is BagAction.REMOVE}, key=_bag_key
        )
        discarded = sorted(
            {(b.day, b.slot) for b in a.bags if b.action is BagAction.DISCARD}, key=_bag_key
        )
        label = a.label or handlings.line_label(s, a.change.line_id)
        if removed:
            out.append(
                words.phrase("handover.remove_from_bags", line=label, bags=_bag_list(removed))
            )
        if discarded:
            out.append(words.phrase("handover.discard_bags", bags=_bag_list(discarded)))
    return tuple(out)


def _bag_list(bags: Sequence[tuple[date, str]]) -> str:
    names = words.LANGUAGES[words.language()].labels["slot"]
    return ", ".join(
        f"{format_day(d, with_year=False)} {names.get(slot) or format_time(time.fromisoformat(slot))}"
        for d, slot in bags
    )


def _compare(before: tuple[Any, ...] | None, after: tuple[Any, ...]) -> str:
    if before is None:
        return words.ROLL_CHANGE["new"]
    return "" if before == after else words.ROLL_CHANGE["changed"]


def _content(ln: MedLine) -> tuple[Any, ...]:
    return (ln.line_id, ln.trade_name, ln.strength, ln.dosage, ln.supply, ln.paused)


def _same(a: Iterable[MedLine], b: Iterable[MedLine]) -> bool:
    return sorted(map(_content, a)) == sorted(map(_content, b)) and not any(
        x.new_appearance for x in b
    )


def _med_line(ln: LineDTO, starts: dict[int, date], last_day: date | None = None) -> MedLine:
    slots, extra = dose_columns(ln.dosage)
    if ln.status is LineStatus.PAUSED:
        # A paused line is not given: no dose under a time slot as if it were.
        slots, extra = ("", "", "", ""), ""
    return MedLine(
        line_id=ln.line_id,
        trade_name=ln.product.trade_name,
        substance=ln.product.substance,
        strength=ln.product.strength,
        form=ln.product.form,
        dosage=ln.dosage,
        slots=slots,
        extra=extra,
        supply=ln.supply,
        paused=ln.status is LineStatus.PAUSED,
        start=starts.get(ln.line_id, ln.valid_from),
        new_appearance=ln.new_appearance,
        packed_trade_name=ln.packed_trade_name,
        last_day=last_day,
    )
