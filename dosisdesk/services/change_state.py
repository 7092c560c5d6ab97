"""The state of stored changes at a moment, for every view and for the queue clock (R2).

The rule is one pure function, :func:`dosisdesk.domain.queue.change_at`. This module only feeds
it: the stored change (state, target period, effective day, missed deadlines), the calendar of
its packing group and the moment. Every view (the card, the queue, ``change show``, the
handover, the coordinator's desk, exports) reports what it returns, so two views at the same
moment agree whether or not the queue clock has stored the moves yet; the queue clock stores
exactly what it returns.

A stored change is *stale* when time has moved it since it was written (registered or
confirmed with its deadline come, locked with its first day come). Only stale changes need
their group's calendar; the others are their own answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from dosisdesk import words
from dosisdesk.domain.calendar import to_cph
from dosisdesk.domain.queue import ChangeAt, change_at
from dosisdesk.domain.types import ChangeState, PeriodDTO
from dosisdesk.storage import core, repo
from dosisdesk.storage import models as m


@dataclass(frozen=True)
class SqlAt:
    """``change_at`` as SQL expressions over a change and its stored target period, for lists
    that filter, group, order and page in SQL (the queue). Tested against the function at the
    deadline second, one second before and at random moments."""

    state: ColumnElement[str]
    target_id: ColumnElement[int]
    missed: ColumnElement[bool]
    #: :func:`is_stale` (time has moved the change since it was stored): only these need
    #: :func:`project`, the others are their own answer
    stale: ColumnElement[bool]


def sql_at(target: Any, moment: datetime | Any, today: date | Any = None) -> SqlAt:
    """``target`` is an alias of ``m.Period`` joined on ``m.Change.target_period_id``.
    ``moment`` and ``today`` (its Copenhagen date, from ``moment`` when not given) may be bound
    parameters, for a statement built once."""
    if today is None:
        today = to_cph(moment).date()
    nxt = aliased(m.Period)
    passed = target.deadline <= moment
    stale_registered = and_(m.Change.state == "registered", m.Change.acute.is_(False), passed)
    next_id = (
        select(nxt.id)
        .where(
            nxt.packing_group_id == target.packing_group_id,
            nxt.first_day > target.first_day,
            nxt.deadline > moment,
        )
        .order_by(nxt.first_day)
        .limit(1)
        .scalar_subquery()
    )
    planned = m.Change.acute.is_(False)
    state = case(
        (
            and_(planned, m.Change.state == "confirmed", passed, m.Change.effective_date <= today),
            literal("in_effect"),
        ),
        (and_(planned, m.Change.state == "confirmed", passed), literal("locked")),
        (
            and_(planned, m.Change.state == "locked", m.Change.effective_date <= today),
            literal("in_effect"),
        ),
        else_=m.Change.state,
    )
    target_id = case((stale_registered, func.coalesce(next_id, target.id)), else_=target.id)
    stale = and_(
        planned,
        or_(
            and_(m.Change.state.in_(("registered", "confirmed")), passed),
            and_(m.Change.state == "locked", m.Change.effective_date <= today),
        ),
    )
    missed = or_(m.Change.missed_deadlines > 0, stale_registered)
    return SqlAt(state, target_id, missed, stale)


def stored_states(states: Iterable[str]) -> list[str]:
    """The stored states a change can have when its state now (``sql_at``) is one of
    ``states``: time only moves a confirmed change on to locked or in effect and a locked one
    to in effect. A plain filter on the stored column, which the planner can estimate and
    serve by index, to go with the exact ``sql_at`` test."""
    wanted = set(states)
    out = set(wanted)
    if wanted & {"locked", "in_effect"}:
        out.add("confirmed")
    if "in_effect" in wanted:
        out.add("locked")
    return sorted(out)


def moved_by_time(moment: datetime | ColumnElement[Any]) -> ColumnElement[bool]:
    """SQL: the registered changes whose deadline has come by ``moment`` (time has moved their
    target and effective day; select them too when filtering on those). ``moment`` may be a
    bound parameter, for a statement built once."""
    return and_(
        m.Change.state == "registered",
        m.Change.acute.is_(False),
        m.Change.target_period_id.in_(select(m.Period.id).where(m.Period.deadline <= moment)),
    )


def stored(c: m.ChangeRow, target: m.Period | PeriodDTO | None) -> ChangeAt[PeriodDTO]:
    """The change as written (no time applied). ``target``: its period as a row (of the ORM,
    or plain columns by the same names: a unit of work without the ORM reads those) or as
    the DTO."""
    return ChangeAt(
        ChangeState(c.state),
        target if target is None or isinstance(target, PeriodDTO) else repo.to_period_dto(target),
        c.effective_date,
        c.missed_deadlines,
        acute=c.acute,
    )


def is_stale(c: m.ChangeRow, target: m.Period | PeriodDTO | None, moment: datetime) -> bool:
    """Whether time has moved the change since it was stored."""
    if c.acute or target is None:
        return False
    if c.state in ("registered", "confirmed"):
        return target.deadline.astimezone(UTC) <= moment.astimezone(UTC)
    return c.state == "locked" and c.effective_date <= to_cph(moment).date()


def project(
    s: repo.Unit,
    rows: Iterable[m.ChangeRow],
    moment: datetime,
    known: Mapping[int, PeriodDTO] | None = None,
) -> dict[int, ChangeAt[PeriodDTO]]:
    """Each change's state at ``moment``, by id (one query for the targets the unit of work
    does not hold yet, one per packing group that has a stale registered change). ``known``:
    periods the caller has read (:func:`repo.as_planned`), not read again."""
    changes = list(rows)
    targets = _targets(s, changes, known)
    need: dict[int, date] = {}
    for c in changes:
        t = targets.get(c.target_period_id) if c.target_period_id else None
        if t is not None and c.state == "registered" and is_stale(c, t, moment):
            need[t.packing_group_id] = min(need.get(t.packing_group_id, t.first_day), t.first_day)
    calendars = _calendars(s, need)
    out: dict[int, ChangeAt[PeriodDTO]] = {}
    for c in changes:
        t = targets.get(c.target_period_id) if c.target_period_id else None
        here = stored(c, t)
        if t is not None and is_stale(c, t, moment):
            here = change_at(here, calendars.get(t.packing_group_id, ()), moment)
        out[c.id] = here
    return out


def project_one(s: Session, c: m.Change, moment: datetime) -> ChangeAt[PeriodDTO]:
    return project(s, [c], moment)[c.id]


def _calendars(s: repo.Unit, since: Mapping[int, date]) -> dict[int, list[PeriodDTO]]:
    out: dict[int, list[PeriodDTO]] = defaultdict(list)
    p = m.Period
    for gid, first in since.items():  # plain columns by the attributes' names
        out[gid] = list(
            repo.to_period_dto(row)
            for row in repo.core_rows(
                s,
                select(*p.__table__.c)
                .where(p.packing_group_id == gid, p.first_day >= first)
                .order_by(p.first_day),
            )
        )
    return out


def due(s: Session, moment: datetime) -> list[tuple[m.Change, ChangeAt[PeriodDTO]]]:
    """Every stored change time has moved by ``moment``, with where it stands now: what the
    queue clock must store."""
    today = to_cph(moment).date()
    rows = list(s.scalars(select(m.Change).where(*core.time_may_move(moment, today))))
    projected = project(s, rows, moment)
    return [(c, projected[c.id]) for c in rows if projected[c.id] != stored_row(s, c)]


#: The notes time's moves carry (stored with the transition; from the words' tables).
MISSED_NOTE = words.phrase("note.missed_deadline")
LOCKED_NOTE = words.phrase("note.locked")
IN_EFFECT_NOTE = words.phrase("note.in_effect")


def store(
    s: Session, moves: Sequence[tuple[m.Change, ChangeAt[PeriodDTO]]], now: datetime, by: int
) -> tuple[list[int], int, int]:
    """Write what :func:`due` found: targets, effective days (and the line versions with them),
    missed deadlines and states, each move recorded as a transition by ``by``. Returns the ids
    moved past a missed deadline and how many were locked and took effect."""
    missed: list[int] = []
    locked = in_effect = 0
    lines: set[int] = set()
    for c, new in moves:
        old_state = c.state
        if new.target is not None and new.target.id != c.target_period_id:
            c.target_period_id = new.target.id
            missed.append(c.id)
            _transition(s, c.id, "registered", "registered", now, by, MISSED_NOTE)
        if new.effective_date != c.effective_date:
            c.effective_date = new.effective_date
            versions = list(s.scalars(select(m.LineVersion).where(m.LineVersion.change_id == c.id)))
            for v in versions:
                v.valid_from = new.effective_date
                lines.add(v.line_id)
        c.missed_deadlines = new.missed_deadlines
        if new.state is not ChangeState(old_state):
            if old_state == "confirmed":
                _transition(s, c.id, "confirmed", "locked", now, by, LOCKED_NOTE)
                locked += 1
            if new.state is ChangeState.IN_EFFECT:
                _transition(s, c.id, "locked", "in_effect", now, by, IN_EFFECT_NOTE)
                in_effect += 1
            c.state = new.state.value
    s.flush()
    if lines:
        repo.rederive_lines(s, lines)
        repo.recompute_valid_to(s, lines)
    return missed, locked, in_effect


def _transition(
    s: Session, change_id: int, old: str, new: str, now: datetime, by: int, note: str
) -> None:
    s.add(
        m.ChangeTransition(
            change_id=change_id, from_state=old, to_state=new, at=now, by_user_id=by, note=note
        )
    )


def stored_row(s: Session, c: m.Change) -> ChangeAt[PeriodDTO]:
    return stored(c, s.get(m.Period, c.target_period_id) if c.target_period_id else None)


def stored_rows(
    s: repo.Unit, rows: Sequence[m.ChangeRow], known: Mapping[int, PeriodDTO] | None = None
) -> dict[int, ChangeAt[PeriodDTO]]:
    """:func:`stored_row` of many changes, by id (their targets read at once; ``known`` as in
    :func:`project`)."""
    targets = _targets(s, rows, known)
    return {
        c.id: stored(c, targets.get(c.target_period_id) if c.target_period_id else None)
        for c in rows
    }


def _targets(
    s: repo.Unit, rows: Iterable[m.ChangeRow], known: Mapping[int, PeriodDTO] | None
) -> dict[int, m.Period | PeriodDTO]:
    """The changes' target periods by id: those ``known``, the others read (or held)."""
    wanted = {c.target_period_id for c in rows if c.target_period_id is not None}
    out: dict[int, m.Period | PeriodDTO] = {}
    if known:
        out.update((i, known[i]) for i in wanted if i in known)
    out.update(repo.by_id(s, m.Period, wanted - out.keys()))
    return out


def moved_days(
    projected: Mapping[int, ChangeAt[PeriodDTO]], rows: Sequence[m.ChangeRow]
) -> dict[int, date]:
    """The changes whose effective day time has moved but the store has not (id → new day)."""
    return {
        c.id: projected[c.id].effective_date
        for c in rows
        if c.id in projected and projected[c.id].effective_date != c.effective_date
    }


__all__ = [
    "due",
    "is_stale",
    "moved_by_time",
    "moved_days",
    "project",
    "project_one",
    "stored",
    "stored_states",
]
