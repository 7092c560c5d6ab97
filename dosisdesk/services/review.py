"""What the coordinator's desk needs beyond :mod:`dosisdesk.services.queue`: the queue's groups
with their counts, a review of acute changes with their handling and the "if it waited" answer
recorded at the time, the teams' open tasks, discharges whose checklist is not done, and the
latest mark on each double-prescription flag. Set-based SQL; no Qt.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session, aliased

from dosisdesk.domain.calendar import cph_datetime
from dosisdesk.domain.errors import NotFound, RuleViolation
from dosisdesk.domain.types import ChangeKind, ChangeState, HandlingKind, Role
from dosisdesk.services import audit
from dosisdesk.services.access import checked_citizen, scope_team, team_id
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ContactDTO
from dosisdesk.services.queue import QueueFilter, QueueShape, core_select, queue_params
from dosisdesk.storage import models as m
from dosisdesk.storage.repo import chunks

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
    now = core.now
    sub = core.stmt.with_only_columns(
        m.Period.id.label("pid"),
        case((now.missed, 1), else_=0).label("missed"),
        case((m.Change.acute.is_(True), 1), else_=0).label("acute"),
        case((now.state == "registered", 1), else_=0).label("reg"),
    ).subquery()
    counts = (
        select(
            sub.c.pid,
            func.count().label("n"),
            func.sum(sub.c.missed).label("missed"),
            func.sum(sub.c.acute).label("acute"),
            func.sum(sub.c.reg).label("reg"),
        )
        .group_by(sub.c.pid)
        .subquery()
    )
    return (
        select(
            counts,
            m.Period.deadline,
            m.Period.first_day,
            m.Pharmacy.name,
            m.PackingGroup.name,
        )
        .join(m.Period, m.Period.id == counts.c.pid)
        .join(m.PackingGroup, m.PackingGroup.id == m.Period.packing_group_id)
        .join(m.Pharmacy, m.Pharmacy.id == m.PackingGroup.pharmacy_id)
        .order_by(m.Period.deadline, m.Pharmacy.name, m.PackingGroup.name)
    )


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
        return list(s.scalars(select(m.Pharmacy.name).order_by(m.Pharmacy.name)))


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
    """Acute changes registered from ``first`` to ``last`` (inclusive), newest first."""
    start = cph_datetime(first, time(0, 0))
    end = cph_datetime(last + timedelta(days=1), time(0, 0))
    c = m.Change
    reg = aliased(m.User)
    follow = aliased(m.Change)
    with ctx.db.begin() as s:
        stmt = (
            select(
                c,
                m.Citizen,
                m.Team.name,
                m.Product,
                reg.username,
                follow.id,
                follow.state,
                reg.full_name,
            )
            .join(m.Citizen, m.Citizen.id == c.citizen_id)
            .outerjoin(m.Team, m.Team.id == m.Citizen.team_id)
            .outerjoin(m.Product, m.Product.id == c.product_id)
            .join(reg, reg.id == c.registered_by)
            .outerjoin(follow, and_(follow.follow_up_of_id == c.id, follow.state != "cancelled"))
            .where(c.acute.is_(True), c.registered_at >= start, c.registered_at < end)
            .order_by(c.registered_at.desc(), c.id.desc())
            .limit(limit)
        )
        tid = scope_team(ctx, team_id(s, team))
        if tid is not None:
            stmt = stmt.where(m.Citizen.team_id == tid)
        rows = s.execute(stmt).all()
        handlings = _handlings(s, [r[0].id for r in rows])
        audit.record_list(s, ctx.actor, "acute.read", [r[1].id for r in rows])
        return [
            AcuteReview(
                change_id=ch.id,
                citizen_id=cit.id,
                citizen_name=f"{cit.first_name} {cit.last_name}",
                cpr=cit.cpr,
                team_name=tname or "",
                registered_at=ch.registered_at,
                registered_by=user,
                kind=ChangeKind(ch.kind),
                product_label=f"{p.trade_name} {p.strength}" if p else "",
                dosage=ch.dosage,
                reason=ch.reason,
                doctor=ch.doctor,
                handlings=tuple(handlings.get(ch.id, ())),
                if_waited_first_day=ch.if_waited_first_day,
                if_waited_deadline=ch.if_waited_deadline,
                follow_up_id=fid,
                follow_up_state=ChangeState(fstate) if fstate else None,
                registered_by_name=user_name,
            )
            for ch, cit, tname, p, user, fid, fstate, user_name in rows
        ]


def _handlings(s: Session, ids: Sequence[int]) -> dict[int, list[tuple[HandlingKind, str]]]:
    out: dict[int, list[tuple[HandlingKind, str]]] = defaultdict(list)
    for chunk in chunks(ids):
        for h in s.scalars(
            select(m.AcuteHandling)
            .where(m.AcuteHandling.change_id.in_(chunk))
            .order_by(m.AcuteHandling.id)
        ):
            out[h.change_id].append((HandlingKind(h.kind), h.note))
    return out


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
        stmt = (
            select(m.Task, m.Citizen, m.Team.name)
            .join(m.Citizen, m.Citizen.id == m.Task.citizen_id)
            .outerjoin(m.Team, m.Team.id == m.Task.team_id)
            .order_by(m.Task.created_at, m.Task.id)
            .limit(limit)
        )
        if open_only:
            stmt = stmt.where(m.Task.done_at.is_(None))
        tid = scope_team(ctx, team_id(s, team))
        if tid is not None:
            stmt = stmt.where(m.Task.team_id == tid)
        found = s.execute(stmt).all()
        audit.record_list(s, ctx.actor, "tasks.read", [c.id for _t, c, _n in found])
        return [
            TaskDTO(
                t.id,
                c.id,
                f"{c.first_name} {c.last_name}",
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
        stmt = (
            select(m.Team.name, func.count())
            .select_from(m.Task)
            .outerjoin(m.Team, m.Team.id == m.Task.team_id)
            .where(m.Task.done_at.is_(None))
            .group_by(m.Team.name)
        )
        tid = scope_team(ctx, None)
        if tid is not None:
            stmt = stmt.where(m.Task.team_id == tid)
        return {name or "": int(n) for name, n in s.execute(stmt)}


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
    """Ended admissions whose discharge checklist is not complete, oldest discharge first."""
    from dosisdesk.services.contacts import contact_dto

    now = ctx.now()
    hc = m.HospitalContact
    with ctx.db.begin() as s:
        stmt = (
            select(hc)
            .join(m.Citizen, m.Citizen.id == hc.citizen_id)
            .where(
                hc.kind == "admission",
                hc.ended_at.is_not(None),
                ~and_(
                    hc.epicrisis_received.is_(True),
                    hc.fmk_checked.is_(True),
                    hc.changes_registered.is_(True),
                    hc.dd_decided.is_(True),
                ),
            )
            .order_by(hc.ended_at, hc.id)
            .limit(limit)
        )
        tid = scope_team(ctx, team_id(s, team))
        if tid is not None:
            stmt = stmt.where(m.Citizen.team_id == tid)
        found = [contact_dto(s, c, now) for c in s.scalars(stmt)]
        audit.record_list(s, ctx.actor, "discharges.read", [c.citizen_id for c in found])
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
        for chunk in chunks(lines):
            for r, user in s.execute(
                select(m.FlagAck, m.User.username)
                .join(m.User, m.User.id == m.FlagAck.created_by)
                .where(m.FlagAck.line_a.in_(chunk))
                .order_by(m.FlagAck.id)
            ):
                key = (r.line_a, r.line_b)
                if key in wanted:
                    out[key] = FlagMark(r.kind, r.created_at, user, r.reason, r.until)
    return out
