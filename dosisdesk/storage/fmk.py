"""FMK data: the reads of citizens' FMK cards, the proposals they made, and the catalogue,
line and reference rows a read or an acceptance looks up. The use cases (access, the
reconciliation, the decisions, the audit) are ``services.fmk``'s.

The proposals are returned as ORM rows: a read or a decision changes their state in the same
unit of work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from dosisdesk.storage import models as m

#: A proposal's states.
PENDING, ACCEPTED, REJECTED, SUPERSEDED = "pending", "accepted", "rejected", "superseded"


def lines_by_id(s: Session, ids: Iterable[int]) -> dict[int, m.Line]:
    """The lines with these ids, by id."""
    return {ln.id: ln for ln in s.scalars(select(m.Line).where(m.Line.id.in_(list(ids))))}


def products_by_id(s: Session, ids: Iterable[int]) -> dict[int, m.Product]:
    """The catalogue products with these ids, by id."""
    return {p.id: p for p in s.scalars(select(m.Product).where(m.Product.id.in_(set(ids))))}


def proposals_of(s: Session, citizen_id: int) -> list[m.FmkProposal]:
    """Every proposal made for a citizen, whatever its state."""
    return list(s.scalars(select(m.FmkProposal).where(m.FmkProposal.citizen_id == citizen_id)))


def pending_proposals(s: Session, citizen_id: int) -> Sequence[m.FmkProposal]:
    """A citizen's pending proposals, oldest first."""
    return s.scalars(
        select(m.FmkProposal)
        .where(m.FmkProposal.citizen_id == citizen_id, m.FmkProposal.state == PENDING)
        .order_by(m.FmkProposal.id)
    ).all()


def decided_proposals(s: Session, citizen_id: int, limit: int) -> Sequence[m.FmkProposal]:
    """A citizen's latest ``limit`` decided (or superseded) proposals, newest first."""
    return s.scalars(
        select(m.FmkProposal)
        .where(m.FmkProposal.citizen_id == citizen_id, m.FmkProposal.state != PENDING)
        .order_by(m.FmkProposal.id.desc())
        .limit(limit)
    ).all()


def last_read(s: Session, citizen_id: int) -> m.FmkRead | None:
    """A citizen's latest FMK read (None when the card was never read)."""
    return s.scalars(
        select(m.FmkRead)
        .where(m.FmkRead.citizen_id == citizen_id)
        .order_by(m.FmkRead.id.desc())
        .limit(1)
    ).first()


def last_reads(s: Session, citizen_ids: Sequence[int]) -> dict[int, m.FmkRead]:
    """Each of these citizens' latest FMK read, by citizen id (those never read are missing)."""
    if not citizen_ids:
        return {}
    latest = (
        select(func.max(m.FmkRead.id))
        .where(m.FmkRead.citizen_id.in_(citizen_ids))
        .group_by(m.FmkRead.citizen_id)
    )
    return {r.citizen_id: r for r in s.scalars(select(m.FmkRead).where(m.FmkRead.id.in_(latest)))}


def card_group(s: Session, citizen_id: int) -> int | None:
    """The packing group of a citizen's (first) dose card; None when the citizen has none."""
    cards = s.scalars(select(m.Card).where(m.Card.citizen_id == citizen_id)).all()
    return cards[0].packing_group_id if cards else None


def citizens_pending(
    s: Session, *, team_id: int | None = None, team: str | None = None
) -> list[tuple[int, str, str, str, str | None, int, datetime]]:
    """The citizens with pending proposals, oldest proposal first: id, CPR, first and last
    name, team name, how many, the oldest's time. Narrowed to a team by id (``team_id``) or
    else by name (``team``)."""
    oldest = func.min(m.FmkProposal.created_at)
    stmt = (
        select(
            m.Citizen.id,
            m.Citizen.cpr,
            m.Citizen.first_name,
            m.Citizen.last_name,
            m.Team.name,
            func.count(m.FmkProposal.id),
            oldest,
        )
        .join(m.FmkProposal, m.FmkProposal.citizen_id == m.Citizen.id)
        .outerjoin(m.Team, m.Team.id == m.Citizen.team_id)
        .where(m.FmkProposal.state == PENDING)
        .group_by(
            m.Citizen.id, m.Citizen.cpr, m.Citizen.first_name, m.Citizen.last_name, m.Team.name
        )
        .order_by(oldest, m.Citizen.id)
    )
    if team_id is not None:
        stmt = stmt.where(m.Citizen.team_id == team_id)
    elif team:
        stmt = stmt.where(m.Team.name == team)
    rows: Any = s.execute(stmt).all()
    return [tuple(r) for r in rows]


def products_named(s: Session, trade_name: str) -> Sequence[m.Product]:
    """The catalogue products of a trade name, letter case aside."""
    return s.scalars(
        select(m.Product).where(func.lower(m.Product.trade_name) == trade_name.lower())
    ).all()


def product_id(s: Session, trade_name: str, strength: str, form: str) -> int | None:
    """The id of the catalogue product with exactly this name, strength and form (None: none)."""
    row = s.scalar(
        select(m.Product).where(
            m.Product.trade_name == trade_name,
            m.Product.strength == strength,
            m.Product.form == form,
        )
    )
    return row.id if row is not None else None


def stamp_versions(s: Session, change_id: int, fmk_version: str | None) -> None:
    """Keep the FMK version on the line versions a change wrote."""
    s.execute(
        update(m.LineVersion)
        .where(m.LineVersion.change_id == change_id)
        .values(fmk_version=fmk_version)
        .execution_options(synchronize_session=False)
    )


def cpr_known(s: Session, cpr: str) -> bool:
    """Whether dosisdesk has a citizen with this CPR number."""
    return s.scalar(select(m.Citizen.id).where(m.Citizen.cpr == cpr)) is not None


def team_named(s: Session, name: str) -> m.Team | None:
    return s.scalar(select(m.Team).where(m.Team.name == name))


def packing_group_named(s: Session, name: str) -> m.PackingGroup | None:
    return s.scalar(select(m.PackingGroup).where(m.PackingGroup.name == name))


def team_names(s: Session) -> list[str]:
    """Every team's name, sorted."""
    return sorted(s.scalars(select(m.Team.name)))


def packing_group_names(s: Session) -> list[str]:
    """Every packing group's name, sorted."""
    return sorted(s.scalars(select(m.PackingGroup.name)))


__all__ = [
    "ACCEPTED",
    "PENDING",
    "REJECTED",
    "SUPERSEDED",
    "card_group",
    "citizens_pending",
    "cpr_known",
    "decided_proposals",
    "last_read",
    "last_reads",
    "lines_by_id",
    "packing_group_named",
    "packing_group_names",
    "pending_proposals",
    "product_id",
    "products_by_id",
    "products_named",
    "proposals_of",
    "stamp_versions",
    "team_named",
    "team_names",
]
