"""The change queue: changes not yet in effect, across citizens, next deadline first.

Set-based SQL with indexes; Python only shapes the rows of one page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeAlias

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import Select

from dosisdesk.domain.periods import days_before_roll
from dosisdesk.domain.types import ChangeKind, ChangeState
from dosisdesk.services import audit, change_state
from dosisdesk.services.access import scope_team, team_id
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import QueueRow
from dosisdesk.storage import models as m
from dosisdesk.storage import repo

AnySelect: TypeAlias = Select[*tuple[Any, ...]]


@dataclass(frozen=True)
class QueueFilter:
    team: str | None = None
    pharmacy: str | None = None
    states: tuple[ChangeState, ...] = ()
    acute: bool | None = None
    missed_only: bool = False
    registered_by: str | None = None
    search: str | None = None


def queue_select(s: Session, ctx: Ctx, f: QueueFilter) -> AnySelect:
    """The queue's rows as they stand now (see :func:`queue_select_at`)."""
    return queue_select_at(s, ctx, f)[0]


def queue_select_at(s: Session, ctx: Ctx, f: QueueFilter) -> tuple[AnySelect, change_state.SqlAt]:
    """The queue's rows as they stand at ``ctx.now()``: filtered, grouped and ordered by each
    change's state, target and missed deadlines at that moment (``change_state.sql_at``, the
    domain's ``change_at`` in SQL), whether or not the queue clock has stored the moves."""
    stmt, now_sql, reg = queue_core_at(s, ctx, f)
    if reg is None:
        reg = aliased(m.User)
        stmt = stmt.join(reg, reg.id == m.Change.registered_by)
    stmt = (
        stmt.with_only_columns(
            m.Change,
            m.Citizen,
            m.Period,
            m.Pharmacy.name,
            m.PackingGroup.name,
            m.Team.name,
            m.Product,
            reg.username,
            reg.full_name,
        )
        .outerjoin(m.Team, m.Team.id == m.Citizen.team_id)
        .outerjoin(m.Product, m.Product.id == m.Change.product_id)
    )
    return stmt, now_sql


def queue_core_at(
    s: Session, ctx: Ctx, f: QueueFilter, *, citizen: bool = True
) -> tuple[AnySelect, change_state.SqlAt, Any]:
    """The queue's change ids under filter ``f`` at ``ctx.now()`` with only what filtering and
    ordering need joined: the change, its target now (``m.Period``) with group and pharmacy, its
    citizen when ``citizen`` or the filter asks (a team or a search; counts need no citizen, every
    change has one); the user who registered it only when ``f`` asks for one (returned, else
    None). Pages and counts start here and join the rest for the rows they keep."""
    stored_target = aliased(m.Period)
    now_sql = change_state.sql_at(stored_target, ctx.now())
    tid = scope_team(ctx, team_id(s, f.team))
    stmt: AnySelect = select(m.Change.id)
    if citizen or tid is not None or f.search:
        stmt = stmt.join(m.Citizen, m.Citizen.id == m.Change.citizen_id)
    stmt = (
        stmt.join(stored_target, stored_target.id == m.Change.target_period_id)
        .join(m.Period, m.Period.id == now_sql.target_id)
        .join(m.PackingGroup, m.PackingGroup.id == m.Period.packing_group_id)
        .join(m.Pharmacy, m.Pharmacy.id == m.PackingGroup.pharmacy_id)
    )
    states = f.states or (ChangeState.REGISTERED, ChangeState.CONFIRMED, ChangeState.LOCKED)
    values = [st.value for st in states]
    stmt = stmt.where(
        m.Change.state.in_(change_state.stored_states(values)),  # the index's share of it
        now_sql.state.in_(values),
        repo.private_change_filter(),
    )
    if tid is not None:
        stmt = stmt.where(m.Citizen.team_id == tid)
    if f.pharmacy:
        wanted = f.pharmacy.strip().casefold()
        ids = [p.id for p in s.scalars(select(m.Pharmacy)) if p.name.casefold() == wanted]
        stmt = stmt.where(m.Pharmacy.id.in_(ids))
    if f.acute is not None:
        # An acute change is in effect at once; what waits in the queue is its follow-up.
        acute_related = or_(m.Change.acute.is_(True), m.Change.follow_up_of_id.is_not(None))
        stmt = stmt.where(acute_related if f.acute else ~acute_related)
    if f.missed_only:
        stmt = stmt.where(now_sql.missed)
    reg = None
    if f.registered_by:
        reg = aliased(m.User)
        stmt = stmt.join(reg, reg.id == m.Change.registered_by)
        stmt = stmt.where(reg.username == f.registered_by)
    if f.search:
        stmt = stmt.where(repo.citizen_match(f.search))
    return stmt, now_sql, reg


def queue(ctx: Ctx, f: QueueFilter, *, limit: int = 500, offset: int = 0) -> list[QueueRow]:
    """Changes not yet in effect, next deadline first, grouped by pharmacy and period; each as
    it stands now (``change_state``). The read writes nothing; it is logged after, in one
    entry naming the citizens shown."""
    now = ctx.now()
    with ctx.db.read() as s:
        # The page's ids first (what the filter and the order need), the rest joined for those
        # rows only: PostgreSQL would otherwise join every open change with its product, team
        # and user before sorting them all and keeping a page.
        core, _, _ = queue_core_at(s, ctx, f)
        first = (
            core.with_only_columns(
                m.Change.id.label("cid"),
                m.Period.id.label("pid"),
                m.Period.deadline.label("deadline"),
                m.Pharmacy.name.label("pharmacy"),
                m.PackingGroup.name.label("grp"),
                m.Citizen.sort_key.label("sort_key"),
            )
            .order_by(
                m.Period.deadline,
                m.Pharmacy.name,
                m.PackingGroup.name,
                m.Citizen.sort_key,
                m.Change.id,
            )
            .limit(limit)
            .offset(offset)
            .subquery()
        )
        reg = aliased(m.User)
        stmt = (
            select(
                m.Change,
                m.Citizen,
                m.Period,
                first.c.pharmacy,
                first.c.grp,
                m.Team.name,
                m.Product,
                reg.username,
                reg.full_name,
            )
            .select_from(first)
            .join(m.Change, m.Change.id == first.c.cid)
            .join(m.Citizen, m.Citizen.id == m.Change.citizen_id)
            .join(m.Period, m.Period.id == first.c.pid)
            .join(reg, reg.id == m.Change.registered_by)
            .outerjoin(m.Team, m.Team.id == m.Citizen.team_id)
            .outerjoin(m.Product, m.Product.id == m.Change.product_id)
            .order_by(
                first.c.deadline, first.c.pharmacy, first.c.grp, first.c.sort_key, first.c.cid
            )
        )
        out = []
        page = s.execute(stmt).all()
        acute_days = _acute_days(s, [r[0].follow_up_of_id for r in page if r[0].follow_up_of_id])
        projected = change_state.project(s, [r[0] for r in page], now)
        for c, cit, per, pharm, group, team, prod, user, user_name in page:
            at = projected[c.id]
            shown = at.target or per
            first_day, deadline = shown.first_day, shown.deadline
            out.append(
                QueueRow(
                    change_id=c.id,
                    citizen_id=cit.id,
                    citizen_name=f"{cit.first_name} {cit.last_name}",
                    cpr=cit.cpr,
                    team_name=team or "",
                    pharmacy=pharm,
                    packing_group=group,
                    period_first_day=first_day,
                    deadline=deadline,
                    kind=ChangeKind(c.kind),
                    product_label=f"{prod.trade_name} {prod.strength}" if prod else "",
                    dosage=c.dosage,
                    state=at.state,
                    acute=c.acute or c.follow_up_of_id is not None,
                    follow_up_of=c.follow_up_of_id,
                    follow_up_of_day=acute_days.get(c.follow_up_of_id or 0),
                    missed_deadlines=at.missed_deadlines,
                    registered_at=c.registered_at,
                    registered_by=user,
                    version=c.version_id,
                    days_before_roll=days_before_roll(c.wanted_from, at.effective_date),
                    registered_by_name=user_name,
                )
            )
    with ctx.db.begin() as w:  # the read is logged in a unit of its own
        audit.record_list(w, ctx.actor, "queue.read", [r.citizen_id for r in out])
    return out


def _acute_days(s: Session, ids: list[int]) -> dict[int, date]:
    """The day each acute change took effect (its follow-ups name it)."""
    out: dict[int, date] = {}
    for chunk in repo.chunks(sorted(set(ids))):
        out.update(
            s.execute(
                select(m.Change.id, m.Change.effective_date).where(m.Change.id.in_(chunk))
            ).all()
        )
    return out


def queue_count(ctx: Ctx, f: QueueFilter) -> int:
    with ctx.db.read() as s:
        sub = queue_core_at(s, ctx, f, citizen=False)[0].subquery()
        return int(s.scalar(select(func.count()).select_from(sub)) or 0)


__all__ = [
    "QueueFilter",
    "queue",
    "queue_core_at",
    "queue_count",
    "queue_select",
    "queue_select_at",
]
