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
    """Active roll lines of the failing product that overlap the failure (set-based)."""
    with ctx.db.begin() as s:
        f = s.get(m.SupplyFailure, failure_id)
        if f is None:
            raise NotFound("services.supply.failure", failure_id=failure_id)
        v = m.LineVersion
        stmt = (
            select(v, m.Citizen, m.Team.name)
            .join(m.Citizen, m.Citizen.id == v.citizen_id)
            .outerjoin(m.Team, m.Team.id == m.Citizen.team_id)
            .where(
                v.product_id == f.product_id,
                v.supply == "dose_roll",
                v.status == "active",
                or_(v.valid_to.is_(None), v.valid_to > f.from_day),
                or_(v.valid_to.is_(None), v.valid_to > v.valid_from),
            )
            .order_by(m.Citizen.sort_key, v.line_id)
        )
        if f.to_day is not None:
            stmt = stmt.where(v.valid_from <= f.to_day)
        tid = scope_team(ctx, team_id(s, team))
        if tid is not None:
            stmt = stmt.where(m.Citizen.team_id == tid)
        handled = set(
            s.scalars(select(m.Line.citizen_id).where(m.Line.supply_failure_id == failure_id))
        )
        return [
            AffectedLine(
                c.id,
                full_name(c.first_name, c.last_name),
                c.cpr,
                tname or "",
                ver.line_id,
                ver.dosage,
                ver.valid_from,
                ver.valid_to,
                c.id in handled,
            )
            for ver, c, tname in s.execute(stmt)
        ]
