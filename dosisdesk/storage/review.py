"""The coordinator's desk data: the queue's groups counted, acute changes with their handlings,
the teams' tasks, discharges whose checklist is not done, and the marks on double-prescription
flags. The use cases (access, the team in scope, the audit, the DTOs) are ``services.review``'s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session, aliased

from dosisdesk.domain.types import HandlingKind
from dosisdesk.storage import models as m
from dosisdesk.storage.repo import chunks


def groups_select(
    core: Select[Any], missed: ColumnElement[Any], state: ColumnElement[Any]
) -> Select[Any]:
    """The queue's groups with their counts, next deadline first: ``core`` is the queue's
    statement (its rows joined to their target ``m.Period``), ``missed`` and ``state`` each
    change's missed deadline and state as it stands now."""
    sub = core.with_only_columns(
        m.Period.id.label("pid"),
        case((missed, 1), else_=0).label("missed"),
        case((m.Change.acute.is_(True), 1), else_=0).label("acute"),
        case((state == "registered", 1), else_=0).label("reg"),
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


def pharmacy_names(s: Session) -> list[str]:
    """Every pharmacy's name, sorted."""
    return list(s.scalars(select(m.Pharmacy.name).order_by(m.Pharmacy.name)))


def acute_rows(
    s: Session, start: datetime, end: datetime, *, team_id: int | None, limit: int
) -> Sequence[Any]:
    """Acute changes registered in [``start``, ``end``), newest first, of one team's citizens
    (``team_id``) or all: (change, citizen, team name, product, registrar's login, follow-up
    id, follow-up state, registrar's name)."""
    c = m.Change
    reg = aliased(m.User)
    follow = aliased(m.Change)
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
    if team_id is not None:
        stmt = stmt.where(m.Citizen.team_id == team_id)
    return s.execute(stmt).all()


def handlings(s: Session, ids: Sequence[int]) -> dict[int, list[tuple[HandlingKind, str]]]:
    """The handlings of these acute changes, by change id, in the order they were recorded:
    (kind, note)."""
    out: dict[int, list[tuple[HandlingKind, str]]] = defaultdict(list)
    for chunk in chunks(ids):
        for h in s.scalars(
            select(m.AcuteHandling)
            .where(m.AcuteHandling.change_id.in_(chunk))
            .order_by(m.AcuteHandling.id)
        ):
            out[h.change_id].append((HandlingKind(h.kind), h.note))
    return out


def task_rows(
    s: Session, *, open_only: bool, team_id: int | None, limit: int
) -> Sequence[tuple[m.Task, m.Citizen, str | None]]:
    """The tasks (only the open ones, or all) of one team (``team_id``) or all, oldest first:
    (task, citizen, team name)."""
    stmt = (
        select(m.Task, m.Citizen, m.Team.name)
        .join(m.Citizen, m.Citizen.id == m.Task.citizen_id)
        .outerjoin(m.Team, m.Team.id == m.Task.team_id)
        .order_by(m.Task.created_at, m.Task.id)
        .limit(limit)
    )
    if open_only:
        stmt = stmt.where(m.Task.done_at.is_(None))
    if team_id is not None:
        stmt = stmt.where(m.Task.team_id == team_id)
    rows: Any = s.execute(stmt).all()
    return [tuple(r) for r in rows]


def open_task_counts(s: Session, team_id: int | None) -> dict[str, int]:
    """Open tasks per team name ("" for tasks without a team), of one team or all."""
    stmt = (
        select(m.Team.name, func.count())
        .select_from(m.Task)
        .outerjoin(m.Team, m.Team.id == m.Task.team_id)
        .where(m.Task.done_at.is_(None))
        .group_by(m.Team.name)
    )
    if team_id is not None:
        stmt = stmt.where(m.Task.team_id == team_id)
    return {name or "": int(n) for name, n in s.execute(stmt)}


def pending_discharges(s: Session, *, team_id: int | None, limit: int) -> list[m.HospitalContact]:
    """Ended admissions whose discharge checklist is not complete, oldest discharge first, of
    one team's citizens or all."""
    hc = m.HospitalContact
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
    if team_id is not None:
        stmt = stmt.where(m.Citizen.team_id == team_id)
    return list(s.scalars(stmt))


def flag_acks(s: Session, lines: Sequence[int]) -> list[tuple[m.FlagAck, str]]:
    """The marks on flags whose first line is one of ``lines``, oldest first: (mark, login of
    the person who made it)."""
    out: list[tuple[m.FlagAck, str]] = []
    for chunk in chunks(lines):
        out.extend(
            (r, user)
            for r, user in s.execute(
                select(m.FlagAck, m.User.username)
                .join(m.User, m.User.id == m.FlagAck.created_by)
                .where(m.FlagAck.line_a.in_(chunk))
                .order_by(m.FlagAck.id)
            )
        )
    return out


__all__ = [
    "acute_rows",
    "flag_acks",
    "groups_select",
    "handlings",
    "open_task_counts",
    "pending_discharges",
    "pharmacy_names",
    "task_rows",
]
