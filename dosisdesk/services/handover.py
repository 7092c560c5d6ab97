"""What the printed handover summary and the citizen's medicine list show (R10, R11).

Data only: no Qt here. The reports package turns these DTOs into HTML and paper.

**The handover summary** is for one team, one date and one shift. Shifts are fixed wall-clock
windows in Copenhagen: day 07-15, evening 15-23, night 23-07 (the night of a date runs from 23:00
that date to 07:00 the next morning). A citizen is on the summary when there is something to act
on, gathered with one set-based query per section, restricted to the team in SQL:

- acute changes in force on the date (registered that day, or not yet carried by the roll because
  their follow-up takes effect later), with the handling chosen and the bags named;
- planned changes that take effect in a roll starting on the date or the day after;
- new appearance: the packed trade name in a roll starting on the date or the day after differs
  from the previous roll's (R8);
- dose dispensing paused, admitted now (not discharged);
- discharges with an open 72-hour window during the shift (end time and the department's phone),
  and discharges of the last :data:`CHECKLIST_DAYS` days whose checklist is not done;
- open double-prescription flags, most severe first (R5);
- dose prescriptions due for renewal within 28 days of the date, and renewal requests the doctor
  rejected (the latest request of the line, its task not done);
- changes that missed a deadline and are still open.

The sheet is a triage list (:mod:`dosisdesk.domain.triage`, :attr:`Handover.rows`): urgency
first (bags to handle in the shift, acute changes, 72-hour windows closing in the shift,
admissions/discharges/pauses, rolls changing, expired prescriptions, office follow-up, the short
list), then the order the team works: route order, then name in Danish order. Each shift shows
its own hours: bags by their intake time against the shift, rolls whose first bag falls within a
day of it; renewals, missed deadlines and double prescriptions to review only on the day sheet
(a high-severity double prescription on every sheet). Renewals due in 8-28 days and
information-level flags make the short list, which ``short_list=False`` leaves out.

**Never printed**: private-marked lines (any line that has ever had a private version, and every
change, flag, renewal and new appearance that touches one), indications, and free text that may
hold a diagnosis (the justification of an acute change, pause reasons, contact and handling
notes). The handover shows the CPR masked (DDMMYY-xxxx); the medicine list, which is the citizen's
own paper, shows it in full.

Every print is logged by :func:`record_print`: one audit entry naming every citizen on the paper.

The citizen's medicine list is :mod:`dosisdesk.services.medlist`; it shares this module's
change items, and :mod:`dosisdesk.storage.handover`'s private-line filters.

Size: the handover's eleven sections, each running its statement over the team
(:mod:`dosisdesk.storage.handover`) into the DTO it fills, and the triage that orders them; a
section split from its DTO and the triage would be harder to check against the paper.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cache
from operator import attrgetter
from typing import Any, Protocol

from sqlalchemy import Row, bindparam
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from dosisdesk.domain.calendar import (
    cph_datetime,
    to_cph,
)
from dosisdesk.domain.cpr import mask_cpr
from dosisdesk.domain.doubles import double_pairs, held_by, holding
from dosisdesk.domain.errors import AccessDenied, InvalidInput, NotFound
from dosisdesk.domain.periods import days_before_roll
from dosisdesk.domain.queue import ChangeAt
from dosisdesk.domain.renewals import RenewalUrgency, renewal_urgency
from dosisdesk.domain.substitution import new_appearance
from dosisdesk.domain.text import product_label
from dosisdesk.domain.triage import (
    BagTiming,
    Urgency,
    bag_timing,
    roll_days,
    triage_key,
    window_closes_in,
)
from dosisdesk.domain.types import (
    SEVERITY_BY_RANK,
    SLOT_ORDER,
    ChangeKind,
    ChangeState,
    HandlingKind,
    PeriodDTO,
    RejectionReason,
    Role,
    Severity,
    Supply,
)
from dosisdesk.services import audit, change_state
from dosisdesk.services.context import Ctx
from dosisdesk.storage import flags as flags_sql
from dosisdesk.storage import handover as handover_sql
from dosisdesk.storage import models as m
from dosisdesk.storage import repo
from dosisdesk.storage.handover import CHECKLIST
from dosisdesk.storage.repo import chunks

__all__ = [
    "CHECKLIST_DAYS",
    "AcuteItem",
    "BagItem",
    "ChangeItem",
    "DischargeItem",
    "FlagItem",
    "Handover",
    "HandoverCitizen",
    "NewAppearanceItem",
    "Shift",
    "TriageRow",
    "handover_summary",
    "next_shift",
    "parse_shift",
    "record_print",
    "shift_of",
    "shift_window",
    "team_names",
]

#: Discharges this many days back stay on the handover while their checklist is not done.
CHECKLIST_DAYS = 7
#: Renewals due within this many days of the handover date (R7).
RENEWAL_DAYS = 28


# ---------------------------------------------------------------------------
# Shifts
# ---------------------------------------------------------------------------


class Shift(enum.StrEnum):
    DAY = "day"
    EVENING = "evening"
    NIGHT = "night"


SHIFT_HOURS: dict[Shift, tuple[time, time]] = {
    Shift.DAY: (time(7), time(15)),
    Shift.EVENING: (time(15), time(23)),
    Shift.NIGHT: (time(23), time(7)),
}


_SHIFT_WORDS = {
    "day": Shift.DAY,
    "dag": Shift.DAY,
    "dagvagt": Shift.DAY,
    "evening": Shift.EVENING,
    "aften": Shift.EVENING,
    "aftenvagt": Shift.EVENING,
    "night": Shift.NIGHT,
    "nat": Shift.NIGHT,
    "nattevagt": Shift.NIGHT,
}


def parse_shift(text: str) -> Shift:
    """``day``/``evening``/``night`` (or the Danish ``dag``/``aften``/``nat``)."""
    shift = _SHIFT_WORDS.get(text.strip().casefold())
    if shift is None:
        raise InvalidInput("services.handover.unknown_shift", text=text)
    return shift


def shift_window(day: date, shift: Shift) -> tuple[datetime, datetime]:
    """Start and end (exclusive) of a shift in Copenhagen; the night ends the next morning."""
    start, end = SHIFT_HOURS[shift]
    end_day = day + timedelta(days=1) if shift is Shift.NIGHT else day
    return cph_datetime(day, start), cph_datetime(end_day, end)


def shift_of(moment: datetime) -> tuple[date, Shift]:
    """The shift a moment falls in (00:00-07:00 belongs to the previous date's night)."""
    local = to_cph(moment)
    hour = local.hour
    if 7 <= hour < 15:
        return local.date(), Shift.DAY
    if 15 <= hour < 23:
        return local.date(), Shift.EVENING
    if hour >= 23:
        return local.date(), Shift.NIGHT
    return local.date() - timedelta(days=1), Shift.NIGHT


def next_shift(moment: datetime) -> tuple[date, Shift]:
    """The shift after the one ``moment`` falls in: the one a handover printed now is for."""
    day, shift = shift_of(moment)
    if shift is Shift.DAY:
        return day, Shift.EVENING
    if shift is Shift.EVENING:
        return day, Shift.NIGHT
    return day + timedelta(days=1), Shift.DAY


# ---------------------------------------------------------------------------
# DTOs
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BagItem:
    day: date
    slot: str  # a Slot value or "HH:MM"
    done_by: str | None = None  # the nurse who signed the bag's handling as done
    timing: BagTiming = BagTiming.IN_SHIFT  # its intake time against the shift


@dataclass(frozen=True, slots=True)
class ShiftBags:
    """What of a handling's bags falls to the shift."""

    due: tuple[BagItem, ...]  # not done, intake time before the end of the shift
    later: tuple[BagItem, ...]  # not done, after the shift
    done: tuple[BagItem, ...]


@dataclass(frozen=True, slots=True)
class HandlingItem:
    kind: HandlingKind
    bags: tuple[BagItem, ...]
    identifiable: bool
    ordinary_until: date | None

    def shift_bags(self) -> ShiftBags:
        todo = [b for b in self.bags if b.done_by is None]
        return ShiftBags(
            tuple(b for b in todo if b.timing is not BagTiming.LATER),
            tuple(b for b in todo if b.timing is BagTiming.LATER),
            tuple(b for b in self.bags if b.done_by is not None),
        )


@dataclass(frozen=True, slots=True)
class AcuteItem:
    change_id: int
    kind: ChangeKind
    product: str  # trade name and strength
    dosage: str
    supply: Supply | None
    effective_date: date
    registered_at: datetime
    doctor: str
    handlings: tuple[HandlingItem, ...]
    roll_from: date | None  # the follow-up makes the roll right from this day

    @property
    def due_in_shift(self) -> bool:
        """A bag of it is to be handled before the end of the shift (or is overdue)."""
        return any(h.shift_bags().due for h in self.handlings)


@dataclass(frozen=True, slots=True)
class ChangeItem:
    """A planned change: taking effect in a roll soon, or one that missed its deadline."""

    change_id: int
    kind: ChangeKind
    product: str
    dosage: str
    supply: Supply | None
    effective_date: date
    state: ChangeState
    follow_up: bool  # the follow-up of an acute change
    missed_deadlines: int = 0
    deadline: datetime | None = None  # the (new) target period's deadline
    follow_up_of_day: date | None = None  # the day the acute change it follows took effect
    #: The days the order is wanted before its roll starts (bags handled or manual dispensing).
    days_before_roll: tuple[date, date] | None = None


@dataclass(frozen=True, slots=True)
class NewAppearanceItem:
    line_id: int
    previous: str
    current: str
    strength: str
    from_day: date


@dataclass(frozen=True, slots=True)
class PauseItem:
    card_id: int
    since: datetime | None
    hospital: str  # when the pause came with a hospital contact
    department: str


@dataclass(frozen=True, slots=True)
class AdmissionItem:
    contact_id: int
    hospital: str
    department: str
    phone: str
    since: datetime


@dataclass(frozen=True, slots=True)
class DischargeItem:
    contact_id: int
    hospital: str
    department: str
    phone: str
    discharged_at: datetime
    responsibility_until: datetime | None
    window_open: bool  # open at some time during the shift
    missing: tuple[str, ...]  # checklist items not done, as ``words.HANDOVER_CHECKLIST`` keys


@dataclass(frozen=True, slots=True)
class FlagItem:
    severity: Severity
    label_a: str
    label_b: str
    supply_a: Supply
    supply_b: Supply


@dataclass(frozen=True, slots=True)
class RenewalItem:
    line_id: int
    product: str
    valid_until: date | None
    rejected: bool
    rejection_reason: RejectionReason | None = None
    decided_at: datetime | None = None
    #: expired, due within 7 days or within 28 (None for a rejected request still valid)
    urgency: RenewalUrgency | None = None


@dataclass(frozen=True, slots=True)
class HandoverCitizen:
    citizen_id: int
    name: str
    masked_cpr: str
    route_order: int
    acute: tuple[AcuteItem, ...] = ()
    roll_changes: tuple[ChangeItem, ...] = ()
    new_appearance: tuple[NewAppearanceItem, ...] = ()
    paused: tuple[PauseItem, ...] = ()
    admissions: tuple[AdmissionItem, ...] = ()
    discharges: tuple[DischargeItem, ...] = ()
    flags: tuple[FlagItem, ...] = ()
    renewals: tuple[RenewalItem, ...] = ()
    missed: tuple[ChangeItem, ...] = ()
    name_key: str = ""  # the name's Danish sort key


@dataclass(frozen=True, slots=True)
class TriageRow:
    """One citizen's items of one urgency on the sheet: ``entries`` are (section, item) pairs,
    the section being the :class:`HandoverCitizen` field the item is from ("acute",
    "renewals", ...)."""

    urgency: Urgency
    citizen: HandoverCitizen
    entries: tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Handover:
    team_id: int
    team: str
    day: date
    shift: Shift
    starts: datetime
    ends: datetime
    printed_by: str  # full name of the acting user
    printed_at: datetime
    team_citizens: int  # citizens in the team, on the paper or not
    citizens: tuple[HandoverCitizen, ...]
    #: The sheet: most urgent first, then route and name (:mod:`dosisdesk.domain.triage`).
    rows: tuple[TriageRow, ...] = ()
    office_hours: bool = True  # the day shift: renewals, flags and deadlines are on it
    short_list: bool = True  # renewals due weeks ahead and info flags at the end

    def section(self, urgency: Urgency) -> tuple[TriageRow, ...]:
        return tuple(r for r in self.rows if r.urgency is urgency)

    @property
    def citizen_ids(self) -> tuple[int, ...]:
        return tuple(c.citizen_id for c in self.citizens)


# ---------------------------------------------------------------------------
# Labels and the team
# ---------------------------------------------------------------------------


def _product_label(c: Row[Any]) -> str:
    """The label of a change read with its product's columns (``product_name``,
    ``product_strength``; none for a change without a product)."""
    return "" if c.product_name is None else product_label(c.product_name, c.product_strength)


def team_names(ctx: Ctx) -> tuple[list[str], str | None]:
    """The teams the actor may print a handover for (a nurse: her own team only), and the
    actor's own team, if any."""
    with ctx.db.begin() as s:
        only = None
        if ctx.actor.role is Role.NURSE:  # her own team; without a team, none
            only = ctx.actor.team_id or -1
        own = s.get(m.Team, ctx.actor.team_id) if ctx.actor.team_id is not None else None
        return handover_sql.team_names(s, only), own.name if own else None


def _team(s: Session, name: str) -> tuple[int, str]:
    """A team by name, ignoring case in Python: SQLite's lower() leaves Æ, Ø, Å alone, so
    "team øst" would not find "Team Øst" in SQL. A municipality has a handful of teams."""
    wanted = name.strip().casefold()
    for tid, tname in repo.core_rows(s, handover_sql.teams_select()):
        if tname.casefold() == wanted:
            return tid, tname
    raise NotFound("services.handover.unknown_team", name=name)


def _check_team(ctx: Ctx, tid: int) -> None:
    a = ctx.actor
    if a.role is Role.NURSE and a.team_id != tid:
        raise AccessDenied(
            "services.handover.may_not_print_another_team", username=a.username, who=a, what="team"
        )


# ---------------------------------------------------------------------------
# The handover summary
# ---------------------------------------------------------------------------


class _Acc:
    """Items per citizen while the sections are gathered."""

    def __init__(self) -> None:
        self.items: dict[int, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))

    def add(self, citizen_id: int, section: str, item: Any) -> None:
        self.items[citizen_id][section].append(item)


def handover_summary(
    ctx: Ctx, team: str, day: date, shift: Shift = Shift.DAY, *, short_list: bool = True
) -> Handover:
    """Everything the team must act on in one shift, as a triage sheet (see the module
    docstring). ``short_list=False`` leaves out the short list at the end (renewals due weeks
    ahead, information-level flags). Not logged: call :func:`record_print` when the paper or
    PDF is made."""
    starts, ends = shift_window(day, shift)
    office = shift is Shift.DAY
    rolls = roll_days(day, starts, ends)
    now = ctx.now()
    acc = _Acc()
    with ctx.db.read() as s:  # one read: the team, then its sections
        tid, team_name = _team(s, team)
        _check_team(ctx, tid)
        team_size = int(
            repo.core_rows(s, handover_sql.team_size_select(), {"team": tid}).scalar() or 0
        )
        _acute(s, tid, day, starts, ends, acc)
        _changes(s, tid, day, rolls, now, office, acc)
        _new_appearance(s, tid, rolls, acc)
        _paused(s, tid, acc)
        _hospital(s, tid, starts, ends, acc)
        _flags(s, tid, day, acc)
        if office:
            _renewals(s, tid, day, acc)
        everyone = _citizens(s, list(acc.items), acc)
    rows = _triage(everyone, starts, ends, office=office, short_list=short_list)
    on_sheet: dict[int, list[TriageRow]] = defaultdict(list)
    for r in rows:
        on_sheet[r.citizen.citizen_id].append(r)
    citizens = [_kept(c, on_sheet[c.citizen_id]) for c in everyone if c.citizen_id in on_sheet]
    kept = {c.citizen_id: c for c in citizens}
    rows = [TriageRow(r.urgency, kept[r.citizen.citizen_id], r.entries) for r in rows]
    return Handover(
        team_id=tid,
        team=team_name,
        day=day,
        shift=shift,
        starts=starts,
        ends=ends,
        printed_by=ctx.actor.full_name,
        printed_at=now,
        team_citizens=team_size,
        citizens=tuple(citizens),
        rows=tuple(rows),
        office_hours=office,
        short_list=short_list,
    )


def _urgency(section: str, item: Any, starts: datetime, ends: datetime) -> Urgency:
    """Where an item goes on the sheet (:mod:`dosisdesk.domain.triage`)."""
    if section == "acute":
        return Urgency.HANDLINGS if item.due_in_shift else Urgency.ACUTE
    if section == "discharges":
        closing = window_closes_in(item.responsibility_until, starts, ends)
        return Urgency.WINDOW_CLOSING if closing else Urgency.HOSPITAL
    if section in ("admissions", "paused"):
        return Urgency.HOSPITAL
    if section in ("roll_changes", "new_appearance"):
        return Urgency.BAGS_CHANGING
    if section == "flags":
        return Urgency.SHORT_LIST if item.severity is Severity.INFO else Urgency.FOLLOW_UP
    if section == "renewals":
        if not item.rejected and item.urgency is RenewalUrgency.EXPIRED:
            return Urgency.EXPIRED
        if item.rejected or item.urgency is RenewalUrgency.SOON:
            return Urgency.FOLLOW_UP
        return Urgency.SHORT_LIST
    return Urgency.FOLLOW_UP  # missed deadlines


#: The order of a citizen's items within one urgency.
_SECTIONS = (
    "acute",
    "discharges",
    "admissions",
    "paused",
    "roll_changes",
    "new_appearance",
    "missed",
    "flags",
    "renewals",
)


_ALL_SECTIONS = attrgetter(*_SECTIONS)


def _triage(
    citizens: Iterable[HandoverCitizen],
    starts: datetime,
    ends: datetime,
    *,
    office: bool,
    short_list: bool,
) -> list[TriageRow]:
    """The rows of the sheet, most urgent first, then route and name. Outside office hours
    only what belongs to the shift's hours (and high-severity double prescriptions); the
    short list only when asked for."""
    rows: list[TriageRow] = []
    for c in citizens:
        by_urgency: dict[Urgency, list[tuple[str, Any]]] = defaultdict(list)
        admitted = bool(c.admissions)
        for section, items in zip(_SECTIONS, _ALL_SECTIONS(c), strict=True):
            for item in items:
                if section == "paused" and admitted and item.hospital:
                    continue  # the admission says it: dose dispensing paused while admitted
                urgency = _urgency(section, item, starts, ends)
                if urgency is Urgency.SHORT_LIST and not (office and short_list):
                    continue
                if section == "flags" and not office and item.severity is not Severity.HIGH:
                    continue
                by_urgency[urgency].append((section, item))
        rows.extend(TriageRow(u, c, tuple(entries)) for u, entries in by_urgency.items())
    rows.sort(
        key=lambda r: triage_key(
            r.urgency, r.citizen.route_order, r.citizen.name_key, r.citizen.citizen_id
        )
    )
    return rows


def _kept(c: HandoverCitizen, rows: Sequence[TriageRow]) -> HandoverCitizen:
    """The citizen with only the items that are on the sheet."""
    if len(rows) == 1 and len(rows[0].entries) == sum(map(len, _ALL_SECTIONS(c))):
        return c  # one row with every item, in the sections' order (most citizens): as read
    items: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        for section, item in r.entries:
            items[section].append(item)
    fields: dict[str, Any] = {section: tuple(items.get(section, ())) for section in _SECTIONS}
    return replace(c, **fields)


def _acute(s: Session, tid: int, day: date, starts: datetime, ends: datetime, acc: _Acc) -> None:
    rows = repo.core_rows(s, handover_sql.acute_select(), {"team": tid, "day": day}).all()
    ids = [ch.id for ch in rows]
    handlings: dict[int, list[HandlingItem]] = defaultdict(list)
    signed: dict[tuple[int, date | None, str | None], str] = {}
    for chunk in chunks(ids):
        for handling_id, step_day, slot, who in repo.core_rows(
            s, handover_sql.steps_select(), {"ids": chunk}
        ):
            signed[(handling_id, step_day, slot)] = who
    for chunk in chunks(ids):
        for h in repo.core_rows(s, handover_sql.acute_handlings_select(), {"ids": chunk}):
            bags = tuple(
                BagItem(d, slot, signed.get((h.id, d, slot)), bag_timing(d, slot, starts, ends))
                for d, slot in sorted(repo.parse_bags(h.bags), key=_bag_key)
            )
            handlings[h.change_id].append(
                HandlingItem(HandlingKind(h.kind), bags, h.identifiable, h.ordinary_until)
            )
    for ch in rows:
        acc.add(
            ch.citizen_id,
            "acute",
            AcuteItem(
                change_id=ch.id,
                kind=ChangeKind(ch.kind),
                product=_product_label(ch),
                dosage=ch.dosage,
                supply=Supply(ch.supply) if ch.supply else None,
                effective_date=ch.effective_date,
                registered_at=ch.registered_at,
                doctor=ch.doctor,
                handlings=tuple(handlings.get(ch.id, ())),
                roll_from=ch.follow_day,
            ),
        )


_SLOT_RANK = {slot.value: i for i, slot in enumerate(SLOT_ORDER)}


def _bag_key(bag: tuple[date, str]) -> tuple[date, int, str]:
    return bag[0], _SLOT_RANK.get(bag[1], 9), bag[1]


def _change_item(
    c: m.ChangeRow, product: str, acute_day: date | None, at: ChangeAt[PeriodDTO]
) -> ChangeItem:
    """A change as it stands at the moment of the handover (``change_state``), with its
    product's label and the day the acute change it follows up took effect."""
    return ChangeItem(
        change_id=c.id,
        kind=ChangeKind(c.kind),
        product=product,
        dosage=c.dosage,
        supply=Supply(c.supply) if c.supply else None,
        effective_date=at.effective_date,
        state=at.state,
        follow_up=c.follow_up_of_id is not None,
        missed_deadlines=at.missed_deadlines,
        deadline=at.target.deadline if at.target else None,
        follow_up_of_day=acute_day,
        days_before_roll=days_before_roll(c.wanted_from, at.effective_date),
    )


@cache
def _changes_select(office: bool) -> Select[*tuple[Any, ...]]:
    """The changes' statement (:func:`dosisdesk.storage.handover.changes_select`) with time's
    moves by the bound moment ``now``, built once per ``office``."""
    return handover_sql.changes_select(office, change_state.moved_by_time(bindparam("now")))


def _changes(
    s: Session,
    tid: int,
    day: date,
    days: tuple[date, ...],
    now: datetime,
    office: bool,
    acc: _Acc,
) -> None:
    """Planned changes in a roll whose first bag falls to the shift (``days``,
    :func:`dosisdesk.domain.triage.roll_days`), or wanted already while the old roll runs; in
    office hours also the changes that missed a deadline and are still open. Each as it stands
    at ``now`` (``change_state``), in order of that day."""
    params = {"team": tid, "day": day, "days": list(days), "last": days[-1], "now": now}
    rows = repo.core_rows(s, _changes_select(office), params).all()
    at = change_state.project(s, rows, now)
    for ch in sorted(rows, key=lambda r: (at[r.id].effective_date, r.id)):
        here = at[ch.id]
        if ch.in_roll:
            item = _change_item(ch, _product_label(ch), ch.acute_day, here)
            gap = item.days_before_roll
            # in a roll starting today or tomorrow, or wanted already while the old roll runs
            if item.effective_date in days or (gap and gap[0] <= days[-1] and gap[1] >= day):
                acc.add(ch.citizen_id, "roll_changes", item)
        if ch.missed and here.missed_deadlines > 0 and here.open:
            acc.add(
                ch.citizen_id, "missed", _change_item(ch, _product_label(ch), ch.acute_day, here)
            )


def _new_appearance(s: Session, tid: int, days: tuple[date, ...], acc: _Acc) -> None:
    rows = repo.core_rows(
        s, handover_sql.new_appearance_select(), {"team": tid, "days": list(days)}
    ).all()
    for cid, line_id, first_day, before, current, strength in rows:
        if new_appearance(before, current):
            acc.add(
                cid,
                "new_appearance",
                NewAppearanceItem(line_id, before, current, strength, first_day),
            )


def _paused(s: Session, tid: int, acc: _Acc) -> None:
    rows = repo.core_rows(s, handover_sql.paused_select(), {"team": tid}).all()
    seen: set[int] = set()
    for cid, card_id, since, hospital, department in rows:
        if card_id in seen:
            continue
        seen.add(card_id)
        acc.add(
            cid,
            "paused",
            PauseItem(card_id, since, hospital or "", department or ""),
        )


def _hospital(s: Session, tid: int, starts: datetime, ends: datetime, acc: _Acc) -> None:
    """Admissions and discharges (one statement): admissions by admission time, discharges by
    discharge time."""
    params = {
        "team": tid,
        "starts": starts,
        "ends": ends,
        "checklist_from": starts - timedelta(days=CHECKLIST_DAYS),
    }
    rows = repo.core_rows(s, handover_sql.hospital_select(), params).all()
    admitted = sorted((r for r in rows if r.ended_at is None), key=lambda r: r.started_at)
    for c in admitted:
        acc.add(
            c.citizen_id,
            "admissions",
            AdmissionItem(c.id, c.hospital, c.department, c.phone, c.started_at),
        )
    discharged = sorted((r for r in rows if r.ended_at is not None), key=lambda r: r.ended_at)
    for c in discharged:
        done = c[8:]
        missing = tuple(k for k, ok in zip(CHECKLIST, done, strict=True) if not ok)
        until = c.responsibility_until
        acc.add(
            c.citizen_id,
            "discharges",
            DischargeItem(
                c.id,
                c.hospital,
                c.department,
                c.phone,
                c.ended_at,
                until,
                until is not None and until > starts,
                missing,
            ),
        )


def _flags(s: Session, tid: int, day: date, acc: _Acc) -> None:
    """Open double-prescription flags (R5) of the team on the day, most severe first. The SQL
    finds the team's candidates (:mod:`dosisdesk.storage.flags`); the domain rule decides."""
    found = double_pairs(flags_sql.candidate_rows(s, day, None, tid), from_day=day)
    if not found:
        return
    held = holding(flags_sql.candidate_acknowledgements(s, None, tid), day)
    flags = [
        (pair[0][0], line_a, line_b, citizen_id, pair)
        for (citizen_id, line_a, line_b), pair in found.items()
        if held_by(line_a, pair[0][2], line_b, pair[0][3]) not in held
    ]
    if not flags:
        return
    line_ids = sorted({f[1] for f in flags} | {f[2] for f in flags})
    private: set[int] = set()
    for chunk in chunks(line_ids):
        private.update(
            repo.core_rows(s, handover_sql.private_lines_select(), {"ids": chunk}).scalars()
        )
    flags.sort(key=lambda f: f[:3])
    for rank, line_a, line_b, citizen_id, (_key, a, b, *_rest) in flags:
        if line_a in private or line_b in private:
            continue
        item = FlagItem(
            SEVERITY_BY_RANK[rank],
            flags_sql.label(a),
            flags_sql.label(b),
            flags_sql.supply(a),
            flags_sql.supply(b),
        )
        acc.add(citizen_id, "flags", item)


def _renewals(s: Session, tid: int, day: date, acc: _Acc) -> None:
    until = day + timedelta(days=RENEWAL_DAYS)
    due = repo.core_rows(
        s, handover_sql.due_select(RENEWAL_DAYS), {"team": tid, "day": day, "until": until}
    ).all()
    for cid, line_id, until, trade, strength in due:
        acc.add(
            cid,
            "renewals",
            RenewalItem(
                line_id,
                product_label(trade, strength),
                until,
                rejected=False,
                urgency=renewal_urgency(until, day, RENEWAL_DAYS),
            ),
        )
    rejected = repo.core_rows(s, handover_sql.rejected_select(), {"team": tid, "day": day}).all()
    for cid, line_id, reason, decided_at, until, trade, strength in rejected:
        acc.add(
            cid,
            "renewals",
            RenewalItem(
                line_id,
                product_label(trade, strength),
                until,
                rejected=True,
                rejection_reason=RejectionReason(reason) if reason else None,
                decided_at=decided_at,
                urgency=renewal_urgency(until, day, RENEWAL_DAYS),
            ),
        )


def _citizens(s: Session, ids: list[int], acc: _Acc) -> list[HandoverCitizen]:
    rows: list[Any] = []  # plain columns: a team's sheet names hundreds
    stmt = handover_sql.citizens_select()
    for chunk in chunks(sorted(ids)):
        rows.extend(repo.core_rows(s, stmt, {"ids": chunk}))
    rows = [tuple(r) for r in rows]
    rows.sort(key=lambda c: (c[4], c[5], c[0]))  # route order, name's sort key, id
    out = []
    for cid, first, last, cpr, route_order, sort_key in rows:
        items = acc.items[cid]
        out.append(
            HandoverCitizen(
                citizen_id=cid,
                name=f"{first} {last}",
                masked_cpr=mask_cpr(cpr),
                route_order=route_order,
                acute=tuple(items.get("acute", ())),
                roll_changes=tuple(items.get("roll_changes", ())),
                new_appearance=tuple(items.get("new_appearance", ())),
                paused=tuple(items.get("paused", ())),
                admissions=tuple(items.get("admissions", ())),
                discharges=tuple(items.get("discharges", ())),
                flags=tuple(items.get("flags", ())),
                renewals=tuple(items.get("renewals", ())),
                missed=tuple(items.get("missed", ())),
                name_key=sort_key,
            )
        )
    return out


# ---------------------------------------------------------------------------
# The audit log (R11)
# ---------------------------------------------------------------------------


class Paper(Protocol):
    """A printed paper other than the handover (the medicine list): its day and its citizens."""

    @property
    def day(self) -> date: ...

    @property
    def citizen_ids(self) -> tuple[int, ...]: ...


def record_print(ctx: Ctx, doc: Handover | Paper, output: str) -> int:
    """Log a print (``output``: "pdf", "printer" or "preview") in one unit of work; call it
    before the paper or file is handed out. A handover is one entry of the team naming every
    citizen on it (as a list is logged: each citizen's log shows it, ``audit.who_looked``; an
    empty handover names none), the medicine list an entry of its citizen. Returns the number
    of entries written."""
    now = ctx.now()
    with ctx.db.begin() as s:
        if isinstance(doc, Handover):
            shown = sorted(set(doc.citizen_ids))
            details: dict[str, Any] = {
                "team": doc.team,
                "date": doc.day,
                "shift": doc.shift.value,
                "output": output,
                "count": len(shown),
            }
            one = shown[0] if len(shown) == 1 else None
            audit.record(
                s,
                ctx.actor,
                now,
                "print.handover",
                "team",
                doc.team_id,
                one,
                after=details,
                citizens=shown,
            )
            return 1
        details = {"date": doc.day, "output": output}
        for cid in doc.citizen_ids:
            audit.record(s, ctx.actor, now, "print.medlist", "citizen", cid, cid, after=details)
    return len(doc.citizen_ids)
