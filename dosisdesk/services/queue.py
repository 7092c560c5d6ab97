"""The change queue: changes not yet in effect, across citizens, next deadline first.

Set-based SQL with indexes; Python only shapes the rows of one page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, TypeAlias

from sqlalchemy import Date, bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import Select

from dosisdesk.domain.calendar import to_cph
from dosisdesk.domain.periods import days_before_roll
from dosisdesk.domain.text import full_name, product_label
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


@dataclass(frozen=True)
class QueueShape:
    """What of a :class:`QueueFilter` shapes the statement (its values are bound parameters):
    one statement is built per shape and kept (building one and its cache key cost more than
    running it on a small municipality's queue)."""

    states: tuple[str, ...]
    team: bool
    pharmacy: bool
    acute: bool | None
    missed_only: bool
    registered_by: bool
    search: tuple[str, int] | None  # the match's kind and its number of name parts


@dataclass(frozen=True)
class QueueCore:
    """The queue's change ids under a shape with what filtering and ordering need joined (see
    :func:`core_select`), and the pieces pages and counts build on."""

    stmt: AnySelect
    now: change_state.SqlAt
    reg: Any  # the registering user's alias when the shape filters on it, else None
    stored_target: Any  # the change's target as stored (``m.Period`` alias)


_MOMENT: Any = bindparam("moment", type_=m.AwareDateTime())
_TODAY: Any = bindparam("today", type_=Date)


def queue_params(s: Session, ctx: Ctx, f: QueueFilter) -> tuple[QueueShape, dict[str, Any]]:
    """The shape of filter ``f`` for this user and the values to bind: the moment (``ctx.now()``),
    the team (a nurse's own), the pharmacies, the registering user and the search."""
    now = ctx.now()
    params: dict[str, Any] = {"moment": now, "today": to_cph(now).date()}
    tid = scope_team(ctx, team_id(s, f.team))
    if tid is not None:
        params["team"] = tid
    if f.pharmacy:
        wanted = f.pharmacy.strip().casefold()
        ids = [p.id for p in s.scalars(select(m.Pharmacy)) if p.name.casefold() == wanted]
        params["pharmacies"] = ids
    if f.registered_by:
        params["registered_by"] = f.registered_by
    search = None
    if f.search:
        match = repo.citizen_match_params(f.search)
        params.update(match.params)
        search = (match.kind, len(match.params) if match.kind == "name" else 0)
    states = f.states or (ChangeState.REGISTERED, ChangeState.CONFIRMED, ChangeState.LOCKED)
    shape = QueueShape(
        states=tuple(st.value for st in states),
        team=tid is not None,
        pharmacy=bool(f.pharmacy),
        acute=f.acute,
        missed_only=f.missed_only,
        registered_by=bool(f.registered_by),
        search=search,
    )
    return shape, params


@cache
def core_select(shape: QueueShape, citizen: bool = True) -> QueueCore:
    """The queue's change ids under ``shape`` at the bound moment with only what filtering and
    ordering need joined: the change, its target now (``m.Period``) with group and pharmacy, its
    citizen when ``citizen`` or the shape asks (a team or a search; counts need no citizen,
    every change has one); the user who registered it only when the shape asks for one. Each
    change as it stands at the moment (``change_state.sql_at``, the domain's ``change_at`` in
    SQL), whether or not the queue clock has stored the moves. Pages and counts start here and
    join the rest for the rows they keep."""
    stored_target = aliased(m.Period)
    now_sql = change_state.sql_at(stored_target, _MOMENT, _TODAY)
    stmt: AnySelect = select(m.Change.id)
    if citizen or shape.team or shape.search:
        stmt = stmt.join(m.Citizen, m.Citizen.id == m.Change.citizen_id)
    stmt = (
        stmt.join(stored_target, stored_target.id == m.Change.target_period_id)
        .join(m.Period, m.Period.id == now_sql.target_id)
        .join(m.PackingGroup, m.PackingGroup.id == m.Period.packing_group_id)
        .join(m.Pharmacy, m.Pharmacy.id == m.PackingGroup.pharmacy_id)
    )
    values = list(shape.states)
    stmt = stmt.where(
        m.Change.state.in_(change_state.stored_states(values)),  # the index's share of it
        now_sql.state.in_(values),
        repo.private_change_filter(),
    )
    if shape.team:
        stmt = stmt.where(m.Citizen.team_id == bindparam("team"))
    if shape.pharmacy:
        stmt = stmt.where(m.Pharmacy.id.in_(bindparam("pharmacies", expanding=True)))
    if shape.acute is not None:
        # An acute change is in effect at once; what waits in the queue is its follow-up.
        acute_related = or_(m.Change.acute.is_(True), m.Change.follow_up_of_id.is_not(None))
        stmt = stmt.where(acute_related if shape.acute else ~acute_related)
    if shape.missed_only:
        stmt = stmt.where(now_sql.missed)
    reg = None
    if shape.registered_by:
        reg = aliased(m.User)
        stmt = stmt.join(reg, reg.id == m.Change.registered_by)
        stmt = stmt.where(reg.username == bindparam("registered_by"))
    if shape.search:
        stmt = stmt.where(repo.citizen_match_clause(*shape.search))
    return QueueCore(stmt, now_sql, reg, stored_target)


def queue_core_at(
    s: Session, ctx: Ctx, f: QueueFilter, *, citizen: bool = True
) -> tuple[AnySelect, change_state.SqlAt, Any]:
    """:func:`core_select` of filter ``f`` at ``ctx.now()``, its values bound in the statement."""
    shape, params = queue_params(s, ctx, f)
    core = core_select(shape, citizen)
    return core.stmt.params(params), core.now, core.reg


_FOLLOWED = aliased(m.Change)  # the acute change a follow-up follows


@cache
def page_select(shape: QueueShape) -> AnySelect:
    """One page of the queue under ``shape`` (bound: the moment, ``limit`` and ``offset``), in
    plain columns: the page's ids first (what the filter and the order need), the rest joined
    for those rows only (PostgreSQL would otherwise join every open change with its product,
    team and user before sorting them all and keeping a page)."""
    core = core_select(shape)
    first = (
        core.stmt.with_only_columns(
            m.Change.id.label("cid"),
            m.Period.id.label("pid"),
            m.Period.deadline.label("deadline"),
            m.Pharmacy.name.label("pharmacy"),
            m.PackingGroup.name.label("grp"),
            m.Citizen.sort_key.label("sort_key"),
            core.now.stale.label("stale"),
        )
        .order_by(
            m.Period.deadline,
            m.Pharmacy.name,
            m.PackingGroup.name,
            m.Citizen.sort_key,
            m.Change.id,
        )
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery()
    )
    reg = aliased(m.User)
    c, z = m.Change, m.Citizen
    return (
        select(
            # what change_state.project reads of a change, by its attributes' names
            c.id,
            c.state,
            c.acute,
            c.target_period_id,
            c.effective_date,
            c.missed_deadlines,
            c.kind,
            c.dosage,
            c.follow_up_of_id,
            c.registered_at,
            c.version_id,
            c.wanted_from,
            z.id.label("citizen_id"),
            z.first_name,
            z.last_name,
            z.cpr,
            m.Team.name.label("team"),
            first.c.pharmacy,
            first.c.grp,
            m.Period.first_day.label("now_first_day"),
            m.Period.deadline.label("now_deadline"),
            m.Product.trade_name,
            m.Product.strength,
            reg.username,
            reg.full_name,
            _FOLLOWED.effective_date.label("followed_day"),
            first.c.stale,
        )
        .select_from(first)
        .join(c, c.id == first.c.cid)
        .join(z, z.id == c.citizen_id)
        .join(m.Period, m.Period.id == first.c.pid)
        .join(reg, reg.id == c.registered_by)
        .outerjoin(m.Team, m.Team.id == z.team_id)
        .outerjoin(m.Product, m.Product.id == c.product_id)
        .outerjoin(_FOLLOWED, _FOLLOWED.id == c.follow_up_of_id)
        .order_by(first.c.deadline, first.c.pharmacy, first.c.grp, first.c.sort_key, first.c.cid)
    )


def queue(ctx: Ctx, f: QueueFilter, *, limit: int = 500, offset: int = 0) -> list[QueueRow]:
    """Changes not yet in effect, next deadline first, grouped by pharmacy and period; each as
    it stands now (``change_state``). The read writes nothing; it is logged after, in one
    entry naming the citizens shown. One statement for the page (built once per filter shape);
    only when time has moved changes the store has not, one for their stored targets and one per
    packing group of theirs (``change_state.project``, the domain's rule)."""
    now = ctx.now()
    with ctx.db.read() as s:
        shape, params = queue_params(s, ctx, f)
        page = s.execute(page_select(shape), {**params, "limit": limit, "offset": offset}).all()
        # time has moved only the stale ones since they were stored: the others are as stored,
        # their target the one the page joined
        projected = change_state.project(s, [r for r in page if r.stale], now)
        out = []
        for r in page:
            at = projected.get(r.id)
            if at is None:
                state, effective, missed = (
                    ChangeState(r.state),
                    r.effective_date,
                    r.missed_deadlines,
                )
                first_day, deadline = r.now_first_day, r.now_deadline
            else:
                state, effective, missed = at.state, at.effective_date, at.missed_deadlines
                shown = at.target
                first_day = shown.first_day if shown else r.now_first_day
                deadline = shown.deadline if shown else r.now_deadline
            out.append(
                QueueRow(
                    change_id=r.id,
                    citizen_id=r.citizen_id,
                    citizen_name=full_name(r.first_name, r.last_name),
                    cpr=r.cpr,
                    team_name=r.team or "",
                    pharmacy=r.pharmacy,
                    packing_group=r.grp,
                    period_first_day=first_day,
                    deadline=deadline,
                    kind=ChangeKind(r.kind),
                    product_label=(
                        product_label(r.trade_name, r.strength) if r.trade_name is not None else ""
                    ),
                    dosage=r.dosage,
                    state=state,
                    acute=r.acute or r.follow_up_of_id is not None,
                    follow_up_of=r.follow_up_of_id,
                    follow_up_of_day=r.followed_day,
                    missed_deadlines=missed,
                    registered_at=r.registered_at,
                    registered_by=r.username,
                    version=r.version_id,
                    days_before_roll=days_before_roll(r.wanted_from, effective),
                    registered_by_name=r.full_name,
                )
            )
    with ctx.db.begin() as w:  # the read is logged in a unit of its own
        audit.record_list(w, ctx.actor, "queue.read", [r.citizen_id for r in out])
    return out


def queue_count(ctx: Ctx, f: QueueFilter) -> int:
    with ctx.db.read() as s:
        sub = queue_core_at(s, ctx, f, citizen=False)[0].subquery()
        return int(s.scalar(select(func.count()).select_from(sub)) or 0)


__all__ = [
    "QueueCore",
    "QueueFilter",
    "QueueShape",
    "core_select",
    "page_select",
    "queue",
    "queue_core_at",
    "queue_count",
    "queue_params",
    "queue_select",
    "queue_select_at",
]
