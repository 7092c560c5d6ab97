"""What the coordinator's desk needs beyond :mod:`dosisdesk.services.queue`: the queue's groups
with their counts, a review of acute changes with their handling and the "if it waited" answer
recorded at the time, the teams' open tasks, discharges whose checklist is not done, and the
latest mark on each double-prescription flag. Set-based SQL; no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select

from dosisdesk.domain.calendar import cph_datetime
from dosisdesk.domain.errors import NotFound, RuleViolation
from dosisdesk.domain.text import full_name, product_label
from dosisdesk.domain.types import ChangeKind, ChangeState, HandlingKind, Role
from dosisdesk.services import audit
from dosisdesk.services.access import checked_citizen, scope_team, team_id
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ContactDTO
from dosisdesk.services.queue import QueueFilter, QueueShape, core_select, queue_params
from dosisdesk.storage import models as m
from dosisdesk.storage import review as store
from dosisdesk.storage.contacts import ContactList, contact_rows

__all__ = [
    "AcuteReview",
    "FlagMark",
    "QueueGroup",
    "TaskDTO",
    "acute_changes",
    "complete_task",
    "flag_marks",
    "pending_discharges",
    "pharmacies",
    "queue_groups",
    "task_counts",
    "tasks",
]


# ---------------------------------------------------------------------------
# The queue's groups
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueueGroup:
    """One group of the queue: the changes aimed at one period of one packing group."""

    period_id: int
    pharmacy: str
    packing_group: str
    deadline: datetime
    first_day: date
    count: int
    missed: int  # changes in the group that missed an earlier deadline
    acute: int
    registered: int  # not yet confirmed


@cache
def _groups_select(shape: QueueShape) -> Select[Any]:
    """The groups' counts under ``shape`` (built once per shape, the moment bound)."""
    # each change as it stands now (change_state); a count needs no citizen
    core = core_select(shape, citizen=False)
    return store.groups_select(core.stmt, core.now.missed, core.now.state)


def queue_groups(ctx: Ctx, f: QueueFilter) -> list[QueueGroup]:
    """The groups of the queue under filter ``f`` with their counts, next deadline first (the
    order of :func:`dosisdesk.services.queue.queue`, which pages the rows themselves)."""
    with ctx.db.read() as s:
        shape, params = queue_params(s, ctx, f)
        rows = s.execute(_groups_select(shape), params).all()
        return [
            QueueGroup(
                period_id=pid,
                pharmacy=pharm,
                packing_group=group,
                deadline=deadline,
                first_day=first,
                count=int(n),
                missed=int(missed or 0),
                acute=int(acute or 0),
                registered=int(reg or 0),
            )
            for pid, n, missed, acute, reg, deadline, first, pharm, group in rows
        ]


def pharmacies(ctx: Ctx) -> list[str]:
    with ctx.db.begin() as s:
        return store.pharmacy_names(s)


# ---------------------------------------------------------------------------
# Acute changes
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AcuteReview:
    """An acute change as the coordinator reviews it: why, who decided, how it was handled, and
    what waiting for the next roll would have meant when it was decided (recorded then)."""

    change_id: int
    citizen_id: int
    citizen_name: str
    cpr: str
    team_name: str
    registered_at: datetime
    registered_by: str
    kind: ChangeKind
    product_label: str
    dosage: str
    reason: str
    doctor: str
    handlings: tuple[tuple[HandlingKind, str], ...]  # (kind, note)
    if_waited_first_day: date | None
    if_waited_deadline: datetime | None
    follow_up_id: int | None
    follow_up_state: ChangeState | None
    #: The name of the person who registered it (``registered_by`` is the login).
    registered_by_name: str = ""

    @property
    def days_to_next_roll(self) -> int | None:
        """Days from the decision to the first day of the roll it could have waited for."""
        if self.if_waited_first_day is None:
            return None
        return (self.if_waited_first_day - self.registered_at.date()).days


def acute_changes(
    ctx: Ctx, first: date, last: date, *, team: str | None = None, limit: int = 5000
) -> list[AcuteReview]:
    """Acute changes registered from ``first`` to ``last`` (inclusive), newest first: read in
    plain columns (the changes with their citizen, product, registrar and follow-up in one
    statement, their handlings by the changes' ids) and the list's one entry naming the
    citizens shown, in one unit of work."""
    start = cph_datetime(first, time(0, 0))
    end = cph_datetime(last + timedelta(days=1), time(0, 0))
    kinds, states = _change_kinds(), _change_states()
    with ctx.db.begin_core() as conn:
        tid = scope_team(ctx, team_id(conn, team))
        rows, handlings = store.acute_rows(conn, start, end, team_id=tid, limit=limit)
        audit.record_list(conn, ctx.actor, "acute.read", [r.citizen_id for r in rows])
    none: tuple[tuple[HandlingKind, str], ...] = ()
    # the rows unpacked as tuples (a row's attributes by name cost more than building the DTO)
    return [
        AcuteReview(
            change_id=cid,
            citizen_id=citizen_id,
            citizen_name=full_name(first_name, last_name),
            cpr=cpr,
            team_name=team_name or "",
            registered_at=registered_at,
            registered_by=username,
            kind=kinds[kind],
            product_label=product_label(trade_name, strength) if trade_name is not None else "",
            dosage=dosage,
            reason=reason,
            doctor=doctor,
            handlings=tuple(h) if (h := handlings.get(cid)) else none,
            if_waited_first_day=waited_day,
            if_waited_deadline=waited_deadline,
            follow_up_id=follow_up_id,
            follow_up_state=states[follow_up_state] if follow_up_state else None,
            registered_by_name=user_name,
        )
        for (
            cid,
            kind,
            dosage,
            reason,
            doctor,
            registered_at,
            waited_day,
            waited_deadline,
            citizen_id,
            first_name,
            last_name,
            cpr,
            team_name,
            trade_name,
            strength,
            username,
            user_name,
            follow_up_id,
            follow_up_state,
        ) in rows
    ]


@cache
def _change_kinds() -> dict[str, ChangeKind]:
    return {k.value: k for k in ChangeKind}


@cache
def _change_states() -> dict[str, ChangeState]:
    return {k.value: k for k in ChangeState}


# ---------------------------------------------------------------------------
# Tasks (a rejected renewal becomes one for the citizen's team)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskDTO:
    id: int
    citizen_id: int
    citizen_name: str
    cpr: str
    team_name: str
    kind: str
    text: str
    created_at: datetime
    done_at: datetime | None


def tasks(
    ctx: Ctx, *, team: str | None = None, open_only: bool = True, limit: int = 2000
) -> list[TaskDTO]:
    """The teams' tasks, oldest open first."""
    with ctx.db.begin() as s:
        tid = scope_team(ctx, team_id(s, team))
        found = store.task_rows(s, open_only=open_only, team_id=tid, limit=limit)
        audit.record_list(s, ctx.actor, "tasks.read", [c.id for _t, c, _n in found])
        return [
            TaskDTO(
                t.id,
                c.id,
                full_name(c.first_name, c.last_name),
                c.cpr,
                tname or "",
                t.kind,
                t.text,
                t.created_at,
                t.done_at,
            )
            for t, c, tname in found
        ]


def task_counts(ctx: Ctx) -> dict[str, int]:
    """Open tasks per team name ("" for tasks without a team)."""
    with ctx.db.begin() as s:
        return store.open_task_counts(s, scope_team(ctx, None))


def complete_task(ctx: Ctx, task_id: int) -> None:
    """Mark a task done (anyone in the citizen's care)."""
    now = ctx.now()
    with ctx.db.begin() as s:
        t = s.get(m.Task, task_id)
        if t is None:
            raise NotFound("services.review.task", task_id=task_id)
        cit = checked_citizen(s, ctx, t.citizen_id)
        if t.done_at is not None:
            raise RuleViolation("services.review.task_already_done")
        t.done_at = now
        s.flush()
        audit.record(s, ctx.actor, now, "task.done", "task", t.id, cit.id, after={"kind": t.kind})


# ---------------------------------------------------------------------------
# Hospital: discharges whose checklist is not done
# ---------------------------------------------------------------------------


def pending_discharges(ctx: Ctx, *, team: str | None = None, limit: int = 1000) -> list[ContactDTO]:
    """Ended admissions whose discharge checklist is not complete, oldest discharge first (one
    statement of plain columns with the citizens' names), and one entry naming the citizens
    shown."""
    from dosisdesk.services.contacts import contact_dtos

    now = ctx.now()
    with ctx.db.begin_core() as conn:
        tid = scope_team(ctx, team_id(conn, team))
        rows = contact_rows(conn, ContactList.DISCHARGES, now=now, team_id=tid, limit=limit)
        found = contact_dtos(rows, now)
        audit.record_list(conn, ctx.actor, "discharges.read", [c.citizen_id for c in found])
        return found


# ---------------------------------------------------------------------------
# Double prescriptions: the latest mark on each flag
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlagMark:
    kind: str  # "intentional" | "sent_to_doctor"
    at: datetime
    by: str
    reason: str
    until: date | None


def flag_marks(ctx: Ctx, pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], FlagMark]:
    """The latest acknowledgement or "sent to the doctor" of each pair of lines (a, b), a < b."""
    ctx.require_role(Role.NURSE, Role.COORDINATOR, Role.ADMINISTRATOR)
    out: dict[tuple[int, int], FlagMark] = {}
    wanted = {(min(a, b), max(a, b)) for a, b in pairs}
    lines = sorted({a for a, _ in wanted})
    with ctx.db.begin() as s:
        for r, user in store.flag_acks(s, lines):
            key = (r.line_a, r.line_b)
            if key in wanted:
                out[key] = FlagMark(r.kind, r.created_at, user, r.reason, r.until)
    return out
