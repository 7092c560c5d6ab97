"""The change queue's rules (R2, R3): where a change lands, its states, and what waiting means.

A planned change targets the first period whose deadline is still ahead at the moment it is
registered (strictly: at the deadline minute itself the pharmacy starts packing, so the change is
too late for that roll) and takes effect on that period's first day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Generic, Protocol, TypeVar

from dosisdesk.domain.calendar import to_utc
from dosisdesk.domain.errors import RuleViolation
from dosisdesk.domain.types import (
    CPH,
    BagRef,
    ChangeState,
    HandlingKind,
    IfWaited,
)


class HasSchedule(Protocol):
    @property
    def first_day(self) -> date: ...

    @property
    def last_day(self) -> date: ...

    @property
    def deadline(self) -> datetime: ...


P = TypeVar("P", bound=HasSchedule)

# Who may move a change where. LOCKED and IN_EFFECT are reached by time, not by hand.
ALLOWED: dict[ChangeState, frozenset[ChangeState]] = {
    ChangeState.REGISTERED: frozenset(
        {ChangeState.CONFIRMED, ChangeState.CANCELLED, ChangeState.IN_EFFECT}
    ),
    ChangeState.CONFIRMED: frozenset(
        {ChangeState.LOCKED, ChangeState.CANCELLED, ChangeState.IN_EFFECT}
    ),
    ChangeState.LOCKED: frozenset({ChangeState.IN_EFFECT, ChangeState.CANCELLED}),
    ChangeState.IN_EFFECT: frozenset(),
    ChangeState.CANCELLED: frozenset(),
}


def check_transition(current: ChangeState, target: ChangeState) -> None:
    """Raise RuleViolation unless the queue allows moving from ``current`` to ``target``."""
    if target not in ALLOWED[current]:
        raise RuleViolation("queue.change_cannot_move_from", current=current, target=target)


def check_undo_confirm(state: ChangeState, deadline: datetime | None, now: datetime) -> None:
    """A confirmation can be undone (back to registered) while the change is still confirmed
    and its deadline is ahead; after the deadline the pharmacy packs what was confirmed."""
    if state is ChangeState.LOCKED:
        deadline = None
    elif state is not ChangeState.CONFIRMED:
        raise RuleViolation("queue.cannot_undo_confirmation_change", state=state)
    if deadline is None or deadline <= now:
        raise RuleViolation("queue.cannot_undo_confirmation_after")


def check_undo_cancel(
    state: ChangeState,
    previous: ChangeState | None,
    acute: bool,
    deadline: datetime | None,
    now: datetime,
) -> ChangeState:
    """A cancellation can be undone while the change is still cancelled, was a planned change
    registered or confirmed, and its deadline is ahead. Returns the state it goes back to."""
    if state is not ChangeState.CANCELLED:
        raise RuleViolation("queue.cannot_undo_cancellation_change", state=state)
    if acute or previous not in (ChangeState.REGISTERED, ChangeState.CONFIRMED):
        raise RuleViolation("queue.only_cancelled_planned_change")
    if deadline is None or deadline <= now:
        raise RuleViolation("queue.cannot_undo_cancellation_after")
    return previous


def target_period(periods: Sequence[P], registered_at: datetime) -> P:
    """The first period (by first day) whose deadline is strictly after ``registered_at``."""
    if registered_at.tzinfo is None:
        raise ValueError("registered_at must be timezone-aware")
    for p in sorted(periods, key=lambda p: p.first_day):
        if p.deadline > registered_at:
            return p
    raise RuleViolation("queue.no_period_deadline_ahead")


# ---------------------------------------------------------------------------
# The state of a change at a moment: one function, every view (R2)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeAt(Generic[P]):
    """Where a change stands at a moment.

    ``target`` is the period whose roll carries it (None for an acute change outside every
    period, or when no period with a deadline ahead is laid yet), ``effective_date`` the day it
    takes (or took) effect, ``missed_deadlines`` how many deadlines it has missed in all, and
    ``missed`` the deadlines it has missed since the stored snapshot it was projected from (the
    moves the stored queue has not made yet; empty when the store is up to date).
    """

    state: ChangeState
    target: P | None
    effective_date: date
    missed_deadlines: int
    acute: bool = False
    missed: tuple[datetime, ...] = ()

    @property
    def open(self) -> bool:
        return self.state in (ChangeState.REGISTERED, ChangeState.CONFIRMED, ChangeState.LOCKED)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("moments must be timezone-aware")
    return moment


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("moments must be timezone-aware")
    return to_utc(moment)


def change_at(stored: ChangeAt[P], calendar: Sequence[P], moment: datetime) -> ChangeAt[P]:
    """The state of a change at ``moment``, from what is stored about it (R2).

    ``stored`` is the change as last written (by a person, or by the last run of the queue
    clock); ``calendar`` the periods of its packing group (any order; at least those from its
    target on). Time moves a change like this, and only like this:

    - still *registered* when its target's deadline has come (``deadline <= moment``: at the
      deadline minute itself the pharmacy starts packing): it moves to the first period whose
      deadline is still ahead and counts every deadline it missed on the way; its effective day
      becomes that period's first day;
    - *confirmed* when the deadline has come: *locked*;
    - *locked* on or after its effective day (Copenhagen date of ``moment``): *in effect*;
    - *cancelled*, *in effect* and acute changes stay as they are.

    The function is idempotent (projecting a projection to the same moment changes nothing) and
    path-independent (projecting to t1 and then to t2 equals projecting to t2), so a view may read
    the stored row whether or not the queue clock has run since: it reports the same state.
    The queue clock (``queue_clock.advance``) stores exactly this.
    """
    # (compared with the deadlines on the wall clock when both are Copenhagen's: no deadline
    # falls in the hour October repeats, as deadlines move off weekends, so the order holds)
    at = _aware(moment)
    cur = stored
    if cur.acute or cur.state in (ChangeState.CANCELLED, ChangeState.IN_EFFECT):
        return cur
    target = cur.target
    if target is None:
        return cur
    if cur.state is ChangeState.REGISTERED and target.deadline <= at:
        ordered = sorted(calendar, key=lambda p: p.first_day)
        nxt = next(
            (p for p in ordered if p.first_day > target.first_day and p.deadline > at),
            None,
        )
        passed = tuple(
            p.deadline
            for p in ordered
            if p.first_day >= target.first_day
            and (nxt is None or p.first_day < nxt.first_day)
            and p.deadline <= at
        )
        if nxt is None:
            # No period with a deadline ahead is laid yet: the change waits for one.
            return replace(
                cur,
                missed_deadlines=cur.missed_deadlines + len(passed),
                missed=cur.missed + passed,
            )
        return replace(
            cur,
            target=nxt,
            effective_date=nxt.first_day,
            missed_deadlines=cur.missed_deadlines + len(passed),
            missed=cur.missed + passed,
        )
    if cur.state is ChangeState.CONFIRMED and target.deadline <= at:
        cur = replace(cur, state=ChangeState.LOCKED)
    if cur.state is ChangeState.LOCKED and cur.effective_date <= at.astimezone(CPH).date():
        cur = replace(cur, state=ChangeState.IN_EFFECT)
    return cur


@dataclass(frozen=True)
class ChangeHistory(Generic[P]):
    """What people did to a planned change: registered (for the period it was first queued
    for), then perhaps confirmed and perhaps cancelled, each at a moment."""

    registered_at: datetime
    first_target: P
    confirmed_at: datetime | None = None
    cancelled_at: datetime | None = None


def change_from_history(
    history: ChangeHistory[P], calendar: Sequence[P], moment: datetime
) -> ChangeAt[P]:
    """The state at ``moment`` of a planned change, computed from its history alone.

    The same rule as :func:`change_at`: time runs from the registration to each person's act and
    on to ``moment``. A confirmation counts only while the change is still registered (the queue
    is brought to the moment of the confirmation first, as the service does).
    """
    return change_path(history, calendar, moment).at


@dataclass(frozen=True)
class Move:
    """One step in a change's life: at ``at`` it went from ``before`` (None: it was registered)
    to ``after``, moved by a person or, ``by_time``, by the queue clock (a missed deadline is a
    move from *registered* to *registered*: the change went on to the next roll)."""

    at: datetime
    before: ChangeState | None
    after: ChangeState
    by_time: bool


@dataclass(frozen=True)
class ChangePath(Generic[P]):
    """Where a planned change stands at a moment, and the moves that brought it there in order
    (the first is its registration)."""

    at: ChangeAt[P]
    moves: tuple[Move, ...]


def _due(cur: ChangeAt[P]) -> datetime | None:
    """The next moment time moves ``cur`` (None: time never moves it again)."""
    if cur.acute or cur.target is None:
        return None
    if cur.state in (ChangeState.REGISTERED, ChangeState.CONFIRMED):
        return cur.target.deadline
    if cur.state is ChangeState.LOCKED:
        return datetime.combine(cur.effective_date, datetime.min.time(), tzinfo=CPH)
    return None


def change_path(
    history: ChangeHistory[P], calendar: Sequence[P], moment: datetime
) -> ChangePath[P]:
    """:func:`change_from_history` with the moves on the way: the people's acts and, between
    them, each move time makes (:func:`change_at` applied at the moment it comes due: a missed
    deadline and a lock at the deadline, taking effect at the start of the first day). What a
    store of the change's transitions holds when the queue clock ran on time."""
    moves: list[Move] = [Move(history.registered_at, None, ChangeState.REGISTERED, False)]

    def run(cur: ChangeAt[P], until: datetime) -> ChangeAt[P]:
        while True:
            due = _due(cur)
            if due is None or due > until:
                return cur
            nxt = change_at(cur, calendar, due)
            moves.extend(
                Move(d, ChangeState.REGISTERED, ChangeState.REGISTERED, True)
                for d in nxt.missed[len(cur.missed) :]
            )
            if cur.state is ChangeState.CONFIRMED and nxt.state is not ChangeState.CONFIRMED:
                moves.append(Move(due, ChangeState.CONFIRMED, ChangeState.LOCKED, True))
            if nxt.state is ChangeState.IN_EFFECT:
                moves.append(Move(due, ChangeState.LOCKED, ChangeState.IN_EFFECT, True))
            if nxt.state is ChangeState.REGISTERED and nxt.target == cur.target:
                return nxt  # no period with a deadline ahead is laid: it waits
            cur = nxt

    cur: ChangeAt[P] = ChangeAt(
        ChangeState.REGISTERED,
        history.first_target,
        history.first_target.first_day,
        0,
    )
    events: list[tuple[datetime, ChangeState]] = []
    if history.confirmed_at is not None:
        events.append((history.confirmed_at, ChangeState.CONFIRMED))
    if history.cancelled_at is not None:
        events.append((history.cancelled_at, ChangeState.CANCELLED))
    for when, state in sorted(events, key=lambda e: _utc(e[0])):
        if _utc(when) > _utc(moment):
            break
        cur = run(cur, when)
        if state is ChangeState.CONFIRMED and cur.state is ChangeState.REGISTERED:
            moves.append(Move(when, cur.state, ChangeState.CONFIRMED, False))
            cur = replace(cur, state=ChangeState.CONFIRMED)
        elif state is ChangeState.CANCELLED and cur.open:
            moves.append(Move(when, cur.state, ChangeState.CANCELLED, False))
            cur = replace(cur, state=ChangeState.CANCELLED)
    return ChangePath(run(cur, moment), tuple(moves))


def target_period_from(periods: Sequence[P], registered_at: datetime, wanted_from: date) -> P:
    """The roll for an order that starts on a given day ("fra 15. december"): the first period
    that starts on or after ``wanted_from`` and whose deadline is strictly after
    ``registered_at``. A day in the past, or beyond the periods laid, is refused (Danish)."""
    today = registered_at.astimezone(CPH).date()
    if wanted_from < today:
        raise RuleViolation("queue.first_day_past", wanted_from=wanted_from)
    ahead = [
        p
        for p in sorted(periods, key=lambda p: p.first_day)
        if p.first_day >= wanted_from and _utc(p.deadline) > _utc(registered_at)
    ]
    if not ahead:
        last = max((p.first_day for p in periods), default=None)
        if last is None:
            raise RuleViolation("queue.no_period_from", wanted_from=wanted_from)
        raise RuleViolation("queue.no_period_from_last", wanted_from=wanted_from, last=last)
    return ahead[0]


def if_waited(periods: Sequence[P], now: datetime) -> IfWaited:
    """What waiting for the next roll would mean for an acute change decided at ``now``."""
    p = target_period(periods, now)
    today = now.date()
    return IfWaited(
        period_first_day=p.first_day,
        deadline=p.deadline,
        days_until_deadline=(p.deadline.date() - today).days,
        days_until_start=(p.first_day - today).days,
    )


def check_acute(
    reason: str | None,
    doctor: str | None,
    handling: Sequence[HandlingKind],
) -> None:
    """An acute change needs a justification, the deciding doctor and at least one handling."""
    missing: list[str] = []
    if not (reason and reason.strip()):
        missing.append("reason")
    if not (doctor and doctor.strip()):
        missing.append("doctor")
    if not handling:
        missing.append("handling")
    if missing:
        raise RuleViolation("queue.acute_lacks", missing=tuple(missing))


def check_bags(
    kind: HandlingKind,
    bags: Sequence[BagRef],
    *,
    identifiable: bool,
    first_allowed: date,
    last_allowed: date,
) -> None:
    """Bags named for a handling must lie in the roll that is in the home, and tablets may be taken
    out only when every tablet can be identified (otherwise the bag is discarded)."""
    if kind in (HandlingKind.REMOVE_TABLETS, HandlingKind.DISCARD_BAGS) and not bags:
        raise RuleViolation("queue.no_bags_named_handling")
    if kind is HandlingKind.REMOVE_TABLETS and not identifiable:
        raise RuleViolation("queue.tablets_can_only_taken")
    for b in bags:
        if not first_allowed <= b.day <= last_allowed:
            raise RuleViolation(
                "queue.bag_outside_roll_home",
                b=b,
                slot=b.slot,
                first_allowed=first_allowed,
                last_allowed=last_allowed,
            )
