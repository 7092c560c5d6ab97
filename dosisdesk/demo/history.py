"""The changes of the demo, written in bulk: the history of past periods, acute changes of the
last weeks with their handlings and follow-ups (R3), and the coming changes in every state.

The demo decides only what people did (when a change was registered, for which roll, whether and
when it was confirmed or cancelled); where each change stands at the demo's moment, and every move
time made on the way, come from the domain's rule (:func:`dosisdesk.domain.queue.change_path`, the
function every view reports from), so the queue the demo leaves is the one the queue clock would
have left.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from dosisdesk.demo.catalogue import (
    ACUTE_REASONS,
    FEMALE,
    LAST,
    MALE,
    ROLL,
    SOURCES,
    family,
)
from dosisdesk.demo.lines import bags_left, derive_version, other_dosage, roll_line
from dosisdesk.demo.world import Group, Line, Per, World
from dosisdesk.domain.dosage import format_dosage, parse_dosage
from dosisdesk.domain.queue import ChangeHistory, ChangePath, Move, change_path, target_period
from dosisdesk.domain.types import (
    ChangeKind,
    ChangeState,
    Dosage,
    HandlingKind,
    Supply,
)
from dosisdesk.services.change_state import IN_EFFECT_NOTE, LOCKED_NOTE, MISSED_NOTE
from dosisdesk.services.context import Actor
from dosisdesk.storage import repo


@dataclass(frozen=True, slots=True)
class Who:
    """Whose change and who handled it: the citizen and the card, the nurse who registered it
    and the coordinator who confirmed or cancelled it."""

    citizen_id: int
    card_id: int
    nurse: int
    coord: int


#: the kinds' and states' stored text (an enum's ``value`` is a property)
_VALUE: dict[ChangeKind | ChangeState, str] = {e: e.value for e in (*ChangeKind, *ChangeState)}


def write_change(
    w: World,
    who: Who,
    *,
    line: Line | None,
    kind: ChangeKind,
    version: dict[str, Any],
    registered_at: datetime,
    target: Per | None,
    original: Per | None,
    effective: date,
    state: ChangeState,
    version_id: int,
    acute: bool = False,
    reason: str = "",
    doctor: str = "",
    missed: int = 0,
    follow_up_of: int | None = None,
    if_waited: Per | None = None,
    cancel_reason: str = "",
    change_id: int,
) -> None:
    w.buf["changes"].append(
        {
            "id": change_id,
            "citizen_id": who.citizen_id,
            "card_id": who.card_id,
            "line_id": line.id if line else None,
            "kind": _VALUE[kind],
            "product_id": version["product_id"],
            "dosage": version["dosage"],
            "supply": version["supply"],
            "acute": acute,
            "reason": reason,
            "doctor": doctor,
            "source": w.rng.choice(SOURCES),
            "received_at": w.minutes_before(registered_at, 10, 600),
            "registered_at": registered_at,
            "registered_by": who.nurse,
            "target_period_id": target.id if target else None,
            "original_period_id": original.id if original else None,
            "effective_date": effective,
            "state": _VALUE[state],
            "missed_deadlines": missed,
            "follow_up_of_id": follow_up_of,
            "if_waited_first_day": if_waited.first_day if if_waited else None,
            "if_waited_deadline": if_waited.deadline if if_waited else None,
            "cancel_reason": cancel_reason,
            "version_id": version_id,
        }
    )


def write_transition(
    w: World,
    change_id: int,
    from_state: ChangeState | None,
    to: ChangeState,
    at: datetime,
    by: int,
    note: str = "",
) -> None:
    w.buf["change_transitions"].append(
        {
            "change_id": change_id,
            "from_state": _VALUE[from_state] if from_state else None,
            "to_state": _VALUE[to],
            "at": at,
            "by_user_id": by,
            "note": note,
            "id": next(w.ids["change_transitions"]),
        }
    )


#: The note on a coordinator's confirmation.
CONFIRM_NOTE = "Tjekket i FMK"
#: The note on each move time makes: the queue clock's words.
TIME_NOTES = {
    ChangeState.REGISTERED: MISSED_NOTE,
    ChangeState.LOCKED: LOCKED_NOTE,
    ChangeState.IN_EFFECT: IN_EFFECT_NOTE,
}


def fate(
    w: World,
    group: Group,
    registered_at: datetime,
    confirmed_at: datetime | None = None,
    cancelled_at: datetime | None = None,
) -> tuple[ChangeHistory[Per], ChangePath[Per]]:
    """What people did to a planned change (registered for the roll the domain says, perhaps
    confirmed, perhaps cancelled) and, by the domain's rule, where that leaves it at ``now``
    with every move on the way."""
    first = target_period(group.periods, registered_at)
    history = ChangeHistory(registered_at, first, confirmed_at, cancelled_at)
    return history, change_path(history, group.periods, w.now)


def write_moves(
    w: World,
    change_id: int,
    moves: Sequence[Move],
    *,
    nurse: int,
    coord: int,
    note: str = "",
    cancel_reason: str = "",
) -> None:
    """The transitions of ``moves``: registered by the nurse, confirmed or cancelled by the
    coordinator, each move of time by the system user with the queue clock's note."""
    for mv in moves:
        if mv.by_time:
            write_transition(
                w, change_id, mv.before, mv.after, mv.at, w.system_id, TIME_NOTES[mv.after]
            )
        elif mv.before is None:
            write_transition(w, change_id, None, mv.after, mv.at, nurse, note)
        elif mv.after is ChangeState.CANCELLED:
            write_transition(w, change_id, mv.before, mv.after, mv.at, coord, cancel_reason)
        else:
            write_transition(w, change_id, mv.before, mv.after, mv.at, coord, CONFIRM_NOTE)


def write_planned(
    w: World,
    who: Who,
    history: ChangeHistory[Per],
    path: ChangePath[Per],
    change_id: int,
    line: Line | None,
    kind: ChangeKind,
    version: dict[str, Any],
    *,
    note: str = "",
    cancel_reason: str = "",
    reason: str = "",
    doctor: str = "",
    follow_up_of: int | None = None,
) -> None:
    """A planned change as ``path`` leaves it, with its transitions (its version counts them)."""
    write_change(
        w,
        who,
        line=line,
        kind=kind,
        version=version,
        registered_at=history.registered_at,
        target=path.at.target,
        original=history.first_target,
        effective=path.at.effective_date,
        state=path.at.state,
        missed=path.at.missed_deadlines,
        version_id=len(path.moves),
        cancel_reason=cancel_reason,
        reason=reason,
        doctor=doctor,
        follow_up_of=follow_up_of,
        change_id=change_id,
    )
    write_moves(
        w,
        change_id,
        path.moves,
        nurse=who.nurse,
        coord=who.coord,
        note=note,
        cancel_reason=cancel_reason,
    )


def past_change(
    w: World,
    citizen_id: int,
    card_id: int,
    group: Group,
    lines: list[Line],
    nurse: Actor,
    period: Per | None = None,
) -> None:
    """A dose change that took effect with a past period (history; ``period`` or one
    chosen at random), some of them acute, some moved there after a missed deadline."""
    rng = w.rng
    roll = [
        ln
        for ln in lines
        if ln.supply is Supply.DOSE_ROLL and ln.card_id == card_id and len(ln.versions) == 1
    ]
    if not roll or not group.past:
        return
    line = rng.choice(roll)
    base = line.versions[0]
    since = base["valid_from"] + timedelta(days=21)
    if period is None:
        periods = [p for p in group.past if p.first_day >= since]
    else:  # one of group.past (a period is one row: equal is the same one)
        periods = [period] if period.first_day >= since else []
    if not periods:
        return
    p = rng.choice(periods)
    idx = group.place[p.id]
    who = Who(citizen_id, card_id, nurse.id, rng.choice(w.coordinators))
    if rng.random() < 0.12:
        # Acute, a few days before p's deadline: the follow-up took effect with p.
        lo = group.periods[idx - 1].deadline.date() + timedelta(days=1)
        hi = p.deadline.date() - timedelta(days=1)
        if lo <= hi:
            day = lo + timedelta(days=rng.randint(0, (hi - lo).days))
            if acute_bulk(w, who, group, line, day):
                return
    new = other_dosage(w, base["dosage"], base["atc"])
    earlier = group.periods[idx - 1] if idx > 0 else None
    if earlier is not None and rng.random() < 0.08:
        # Registered for the period before and not confirmed by its deadline: time moved it to
        # p, where it was confirmed.
        reg = w.minutes_before(earlier.deadline, 60, 4 * 24 * 60)
        confirmed = w.between(earlier.deadline, p.deadline)
    else:
        reg = w.minutes_before(p.deadline, 60, 6 * 24 * 60)
        confirmed = w.between(reg, min(p.deadline, w.now))
        if confirmed >= p.deadline:
            confirmed = reg
    history, path = fate(w, group, reg, confirmed)
    change_id = w.next_id("changes")
    v = derive_version(w, line, base, path.at.effective_date, change_id, dosage=new)
    write_planned(w, who, history, path, change_id, line, ChangeKind.DOSE_CHANGE, v)


#: the first names of either sex (a doctor's)
_ANYONE = FEMALE + MALE
#: each dosage text an acute change starts from, parsed, and the dosage less its last intake
#: (when it has two or more): worked out once per text
_PARSED: dict[str, tuple[Dosage, str]] = {}


def _parsed(text: str) -> tuple[Dosage, str]:
    hit = _PARSED.get(text)
    if hit is None:
        dosage = parse_dosage(text)
        reduced = ""
        if len(dosage.entries) >= 2:
            reduced = format_dosage(Dosage(entries=dosage.entries[:-1], weekdays=dosage.weekdays))
        hit = _PARSED[text] = (dosage, reduced)
    return hit


def acute_bulk(w: World, who: Who, group: Group, line: Line, day: date) -> bool:
    """An acute change on ``day`` as the service makes it when tablets can be taken out of the
    bags: a dose reduction (or a discontinuation) in effect that day, its handling, and its
    follow-up for the first period whose deadline was ahead, in the state it has reached by
    now. False when it does not fit the line."""
    rng = w.rng
    base = line.version_on(day)
    if (
        base is None
        or base["valid_from"] >= day
        or base["status"] != "active"
        or not base["dosage"]
    ):
        return False
    at = w.clock(day, rng.randint(8, 15), rng.choice((0, 10, 20, 30, 40, 50)))
    if at >= w.now:
        at = w.minutes_before(w.now, 30, 90)
    tp = target_period(group.periods, at)
    cur = group.containing(day)
    if cur is None:
        return False
    dosage, reduced = _parsed(base["dosage"])
    if len(dosage.entries) >= 2:
        kind, what = ChangeKind.DOSE_CHANGE, "decrease"
        slots = [dosage.entries[-1].at]
        changes: dict[str, Any] = {"dosage": reduced}
    else:
        kind, what = ChangeKind.DISCONTINUE, "discontinue"
        slots = [e.at for e in dosage.entries]
        changes = {"status": "discontinued"}
    acute_id = w.next_id("changes")
    v = derive_version(w, line, base, day, acute_id, **changes)
    doctor = f"Læge {rng.choice(_ANYONE)} {rng.choice(LAST)}" + (
        " (vagtlæge)" if rng.random() < 0.4 else ""
    )
    write_change(
        w,
        who,
        line=line,
        kind=kind,
        version=v,
        registered_at=at,
        target=cur,
        original=cur,
        effective=day,
        state=ChangeState.IN_EFFECT,
        version_id=1,
        acute=True,
        reason=rng.choice(ACUTE_REASONS[what]),
        doctor=doctor,
        if_waited=tp,
        change_id=acute_id,
    )
    write_transition(w, acute_id, None, ChangeState.IN_EFFECT, at, who.nurse, "akut")
    bags = [
        {"day": bag.day.isoformat(), "slot": bag.slot}
        for bag in bags_left(w, dosage, day, at, cur)
        if bag.slot in slots
    ]
    handling_id = w.add(
        "acute_handlings",
        change_id=acute_id,
        kind=HandlingKind.REMOVE_TABLETS.value,
        bags=json.dumps(bags),
        identifiable=True,
        ordinary_until=None,
        note="Tabletterne er taget ud af poserne",
    )
    # The nurse signs a bag when she takes the tablets out: the bags of the days before
    # today are signed; today's and later ones are still to do.
    for row in repo.handling_step_rows(
        handling_id,
        acute_id,
        HandlingKind.REMOVE_TABLETS.value,
        [(date.fromisoformat(b["day"]), b["slot"]) for b in bags],
    ):
        signed = row["day"] < w.today
        w.add(
            "handling_steps",
            **row,
            done_at=at if signed else None,
            done_by=who.nurse if signed else None,
        )
    # Its follow-up for the next roll: confirmed in time (always once that roll's deadline has
    # passed: a follow-up nobody confirmed would have missed it); where it stands now is the
    # domain's answer.
    confirmed: datetime | None = None
    if rng.random() < 0.7 or tp.deadline <= w.now:
        confirmed = w.between(at, min(tp.deadline, w.now))
        if confirmed >= tp.deadline:
            confirmed = at
    history, path = fate(w, group, at, confirmed)
    write_planned(
        w,
        who,
        history,
        path,
        w.next_id("changes"),
        line,
        kind,
        v,
        note=f"opfølgning på akut ændring {acute_id}",
        doctor=doctor,
        reason=f"Opfølgning på akut ændring {acute_id}",
        follow_up_of=acute_id,
    )
    return True


def recent_acute(
    w: World, citizen_id: int, card_id: int, group: Group, lines: list[Line], nurse: Actor
) -> None:
    """An acute change in the last two weeks, written in bulk (beyond the service's cap)."""
    rng = w.rng
    roll = [
        ln
        for ln in lines
        if ln.supply is Supply.DOSE_ROLL
        and ln.card_id == card_id
        and ln.end is None
        and not ln.reserved
    ]
    if not roll:
        return
    day = w.today - timedelta(days=rng.randint(1, 13))
    line = rng.choice(roll)
    if acute_bulk(
        w, Who(citizen_id, card_id, nurse.id, rng.choice(w.coordinators)), group, line, day
    ):
        line.reserved = True


def coming_changes(
    w: World,
    citizen_id: int,
    card_id: int,
    group: Group,
    lines: list[Line],
    families: list[str],
    nurse: Actor,
) -> None:
    rng = w.rng
    n = 2 if rng.random() < 0.15 else 1
    used: list[int] = []
    for _ in range(n):
        r = rng.random()
        if group.locked is not None and w.c.locked < 8:
            state = "locked"  # a few in every demo: a roll between deadline and start
        elif r < 0.40:
            state = "registered"
        elif r < 0.77:
            state = "confirmed"
        elif r < 0.87 or w.c.missed < 3:
            state = "missed" if group.earlier is not None else "registered"
        elif r < 0.95:
            state = "locked" if group.locked is not None else "confirmed"
        else:
            state = "cancelled"
        if state == "missed":
            w.c.missed += 1
        if state == "locked":
            w.c.locked += 1
        kind = rng.choices(
            (
                ChangeKind.DOSE_CHANGE,
                ChangeKind.NEW,
                ChangeKind.DISCONTINUE,
                ChangeKind.PAUSE_LINE,
                ChangeKind.SWITCH_SUPPLY,
            ),
            weights=(45, 20, 20, 5, 10),
        )[0]
        _coming_change(w, citizen_id, card_id, group, lines, families, nurse, state, kind, used)


def _coming_change(
    w: World,
    citizen_id: int,
    card_id: int,
    group: Group,
    lines: list[Line],
    families: list[str],
    nurse: Actor,
    state: str,
    kind: ChangeKind,
    used: list[int],
) -> None:
    rng = w.rng
    who = Who(citizen_id, card_id, nurse.id, rng.choice(w.coordinators))
    # What people did: when the nurse registered it, whether and when it was confirmed or
    # cancelled. Where that leaves it now is the domain's answer.
    cancel_reason = "Registreret på forkert borger" if state == "cancelled" else ""
    confirmed: datetime | None = None
    cancelled: datetime | None = None
    if state == "missed":  # registered for the roll before, and nobody confirmed it in time
        assert group.earlier is not None
        reg = w.minutes_before(group.earlier.deadline, 120, 4 * 24 * 60)
    elif state == "locked":  # confirmed before a deadline that has passed; the roll not begun
        assert group.locked is not None
        reg = w.minutes_before(group.locked.deadline, 180, 5 * 24 * 60)
        confirmed = w.between(reg, group.locked.deadline)
    else:
        lo = w.now - timedelta(days=12)
        if group.earlier is not None and group.earlier.deadline > lo:
            lo = group.earlier.deadline
        reg = w.between(lo, w.now)
        if state == "confirmed":
            confirmed = w.between(reg, w.now)
        elif state == "cancelled":
            cancelled = w.between(reg, w.now)
    history, path = fate(w, group, reg, confirmed, cancelled)
    eff = path.at.effective_date
    candidates = [
        ln
        for ln in lines
        if ln.card_id == card_id and not ln.reserved and ln.id not in used and ln.end is None
    ]
    line: Line | None = None
    if kind is not ChangeKind.NEW:
        if kind in (ChangeKind.PAUSE_LINE, ChangeKind.SWITCH_SUPPLY):
            candidates = [ln for ln in candidates if ln.supply is Supply.DOSE_ROLL]
        elif kind is ChangeKind.DOSE_CHANGE:
            candidates = [ln for ln in candidates if (ln.version_on(eff) or {}).get("dosage")]
        candidates = [
            ln for ln in candidates if (ln.version_on(eff) or {}).get("status") == "active"
        ]
        if not candidates:
            kind = ChangeKind.NEW
        else:
            line = rng.choice(candidates)
    change_id = w.next_id("changes")
    if kind is ChangeKind.NEW:
        idx = next(
            (i for i in w.weighted_order(w.roll_inv) if family(ROLL[i][0]) not in families),
            None,
        )
        if idx is None:
            return
        families.append(family(ROLL[idx][0]))
        line = roll_line(w, citizen_id, card_id, idx, valid_from=eff)
        line.versions[0]["change_id"] = change_id
        line.versions[0]["prescription_valid_until"] = eff + timedelta(days=rng.randint(180, 700))
        lines.append(line)
        v = line.versions[0]
    else:
        assert line is not None
        base = line.version_on(eff)
        assert base is not None
        if kind is ChangeKind.DOSE_CHANGE:
            changes: dict[str, Any] = {"dosage": other_dosage(w, base["dosage"], base["atc"])}
        elif kind is ChangeKind.DISCONTINUE:
            changes = {"status": "discontinued"}
        elif kind is ChangeKind.PAUSE_LINE:
            changes = {"status": "paused"}
        else:
            changes = {"supply": Supply.ORDINARY.value}
        if path.at.state is ChangeState.CANCELLED:
            v = dict(base, **changes)
        else:
            v = derive_version(w, line, base, eff, change_id, **changes)
    used.append(line.id)
    if path.at.state is ChangeState.CANCELLED and kind is ChangeKind.NEW:
        # a cancelled new line never reaches the card
        line.versions.clear()
        lines.remove(line)
        families.pop()
        v = dict(v)
        line = None
    write_planned(w, who, history, path, change_id, line, kind, v, cancel_reason=cancel_reason)
