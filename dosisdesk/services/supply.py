"""Supply failures (R8): a product the pharmacy cannot deliver for a while, and who is affected."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from dosisdesk.domain.errors import InvalidInput, NotFound
from dosisdesk.domain.text import full_name, product_label
from dosisdesk.domain.types import Role
from dosisdesk.services import audit
from dosisdesk.services.access import scope_team, team_id
from dosisdesk.services.catalogue import resolve_product
from dosisdesk.services.context import Ctx
from dosisdesk.storage import models as m
from dosisdesk.storage import tables as t


@dataclass(frozen=True, slots=True)
class SupplyFailureDTO:
    id: int
    product_label: str
    atc: str
    from_day: date
    to_day: date | None
    note: str


@dataclass(frozen=True, slots=True)
class AffectedLine:
    citizen_id: int
    citizen_name: str
    cpr: str
    team_name: str
    line_id: int
    dosage: str
    valid_from: date
    valid_to: date | None
    handled: bool  # a line is already given beside the roll because of this failure


def register_failure(
    ctx: Ctx, product: str, from_day: date, to_day: date | None, note: str = ""
) -> SupplyFailureDTO:
    ctx.require_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    if to_day is not None and to_day < from_day:
        raise InvalidInput("services.supply.ends_before_starts")
    with ctx.db.begin() as s:
        p = resolve_product(s, product)
        f = m.SupplyFailure(product_id=p.id, from_day=from_day, to_day=to_day, note=note)
        s.add(f)
        s.flush()
        audit.record(
            s,
            ctx.actor,
            ctx.now(),
            "supply_failure.add",
            "supply_failure",
            f.id,
            after={"product": p.id, "from": from_day, "to": to_day},
        )
        return SupplyFailureDTO(
            f.id, product_label(p.trade_name, p.strength), p.atc, from_day, to_day, note
        )


def failures(ctx: Ctx, *, current_only: bool = True) -> list[SupplyFailureDTO]:
    today = ctx.today()
    with ctx.db.begin() as s:
        stmt = select(m.SupplyFailure, m.Product).join(
            m.Product, m.Product.id == m.SupplyFailure.product_id
        )
        if current_only:
            stmt = stmt.where(
                or_(m.SupplyFailure.to_day.is_(None), m.SupplyFailure.to_day >= today)
            )
        return [
            SupplyFailureDTO(
                f.id, product_label(p.trade_name, p.strength), p.atc, f.from_day, f.to_day, f.note
            )
            for f, p in s.execute(stmt.order_by(m.SupplyFailure.from_day))
        ]


def affected(ctx: Ctx, failure_id: int, *, team: str | None = None) -> list[AffectedLine]:
    """Active roll lines of the failing product that overlap the failure (set-based: one
    query for the lines with their citizens, one for those already given beside the roll),
    in the citizen list's order. The list names citizens and what they take: it is logged
    as one entry naming them (``supply.read``), as every list of health data is."""
    v, c, tm = t.line_versions.c, t.citizens.c, t.teams.c
    with ctx.db.begin_core() as conn:
        f = conn.execute(
            select(
                t.supply_failures.c.product_id,
                t.supply_failures.c.from_day,
                t.supply_failures.c.to_day,
            ).where(t.supply_failures.c.id == failure_id)
        ).one_or_none()
        if f is None:
            raise NotFound("services.supply.failure", failure_id=failure_id)
        product_id, from_day, to_day = f
        stmt = (
            select(
                c.id,
                c.first_name,
                c.last_name,
                c.cpr,
                tm.name,
                v.line_id,
                v.dosage,
                v.valid_from,
                v.valid_to,
            )
            .select_from(
                t.line_versions.join(t.citizens, c.id == v.citizen_id).outerjoin(
                    t.teams, tm.id == c.team_id
                )
            )
            .where(
                v.product_id == product_id,
                v.supply == "dose_roll",
                v.status == "active",
                or_(v.valid_to.is_(None), v.valid_to > from_day),
                or_(v.valid_to.is_(None), v.valid_to > v.valid_from),
            )
            .order_by(c.sort_key, v.line_id)
        )
        if to_day is not None:
            stmt = stmt.where(v.valid_from <= to_day)
        tid = scope_team(ctx, team_id(conn, team))
        if tid is not None:
            stmt = stmt.where(c.team_id == tid)
        handled = set(
            conn.scalars(
                select(t.lines.c.citizen_id).where(t.lines.c.supply_failure_id == failure_id)
            )
        )
        found = [
            AffectedLine(
                cid,
                full_name(first, last),
                cpr,
                tname or "",
                line_id,
                dosage,
                valid_from,
                valid_to,
                cid in handled,
            )
            for cid, first, last, cpr, tname, line_id, dosage, valid_from, valid_to in conn.execute(
                stmt
            )
        ]
        audit.record_list(
            conn, ctx.actor, "supply.read", [a.citizen_id for a in found], failure_id=failure_id
        )
        return found
