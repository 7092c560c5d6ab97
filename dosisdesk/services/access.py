"""Who may see what, and the look-ups every service starts from: a citizen by CPR number (access
checked by the caller with :func:`check_access`), the citizen's card, a team by name and the team
a user's lists are scoped to.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dosisdesk.domain.cpr import normalize_cpr
from dosisdesk.domain.errors import AccessDenied, NotFound
from dosisdesk.domain.types import Role
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ProductDTO
from dosisdesk.storage import models as m


def citizen_by_cpr(session: Session, cpr: str) -> m.Citizen:
    number = normalize_cpr(cpr)
    row = session.scalar(select(m.Citizen).where(m.Citizen.cpr == number))
    if row is None:
        raise NotFound(
            f"no citizen with CPR {number[:6]}-xxxx",
            f"Der findes ingen borger med CPR-nummer {number[:6]}-{number[6:]} i databasen.",
        )
    return row


def check_access(ctx: Ctx, citizen: m.Citizen) -> None:
    """Nurses see citizens of their own team (those in their current care); coordinators and
    administrators see all."""
    a = ctx.actor
    if a.role is Role.NURSE and a.team_id is not None and citizen.team_id != a.team_id:
        raise AccessDenied(
            f"{a.username} is not in the citizen's team",
            "Borgeren hører ikke til dit team. Du kan kun se borgere i din aktuelle pleje.",
        )


def card_of(session: Session, citizen: m.Citizen, card_id: int | None = None) -> m.Card:
    stmt = select(m.Card).where(m.Card.citizen_id == citizen.id).order_by(m.Card.id)
    cards = session.scalars(stmt).all()
    if card_id is not None:
        cards = [c for c in cards if c.id == card_id]
    if not cards:
        raise NotFound(
            f"citizen {citizen.id} has no dose card",
            f"{citizen.first_name} {citizen.last_name} har intet dosisdispenseringskort.",
        )
    return cards[0]


def product_dto(p: m.Product) -> ProductDTO:
    return ProductDTO(
        p.id, p.atc, p.substance, p.trade_name, p.strength, p.form, p.dose_dispensable
    )


def team_id(session: Session, name: str | None) -> int | None:
    if not name:
        return None
    # Teams are few; compare in Python, since SQLite's lower() only folds ASCII ("Team Øst").
    wanted = name.strip().casefold()
    tid = next((t.id for t in session.scalars(select(m.Team)) if t.name.casefold() == wanted), None)
    if tid is None:
        raise NotFound(f"unknown team {name!r}", f"Teamet »{name}« findes ikke.")
    return tid


def scope_team(ctx: Ctx, requested: int | None) -> int | None:
    """Nurses see their own team only; others see the team they ask for, or all."""
    if ctx.actor.role is Role.NURSE and ctx.actor.team_id is not None:
        return ctx.actor.team_id
    return requested


__all__ = ["card_of", "check_access", "citizen_by_cpr", "product_dto", "scope_team", "team_id"]
