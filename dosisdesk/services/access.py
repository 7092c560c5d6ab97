"""Who may see what, and the look-ups every service starts from: a citizen by CPR number (access
checked by the caller with :func:`check_access`), the citizen's card, a team by name and the team
a user's lists are scoped to.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from dosisdesk.domain.cpr import format_cpr, mask_cpr, normalize_cpr
from dosisdesk.domain.errors import AccessDenied, NotFound
from dosisdesk.domain.types import Role
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import CitizenDTO, ProductDTO
from dosisdesk.services.scope import NO_TEAM as NO_TEAM  # (callers name them here too)
from dosisdesk.services.scope import scope_team as scope_team
from dosisdesk.services.scope import team_id as team_id
from dosisdesk.storage import models as m
from dosisdesk.storage import repo


@dataclass(frozen=True, slots=True)
class CardRow:
    """A citizen's card as plain columns, with its packing group's and pharmacy's names."""

    id: int
    packing_group_id: int
    paused: bool
    group_name: str
    pharmacy_name: str


def citizen_and_cards(
    session: repo.Unit, ctx: Ctx, cpr: str, card_id: int | None = None
) -> tuple[CitizenDTO, CardRow, list[CardRow]]:
    """The citizen by CPR as her DTO (her team's name with it), access checked
    (:func:`check_access_to`), her card (the first, or ``card_id``) and her other cards: one
    statement of plain columns (the card screen's first read; no ORM rows)."""
    number = normalize_cpr(cpr)
    rows = repo.core_rows(session, _citizen_cards_statement(), {"cpr": number}).all()
    if not rows:
        raise _no_citizen(number)
    z = rows[0]  # the citizen's columns, then her team's name (none without a team)
    citizen = CitizenDTO(z[0], z[1], z[2], z[3], z[4], z[5], z[6], z[7] or "", *z[8:13])
    check_access_to(ctx, session, citizen.id, citizen.team_id)
    cards = [CardRow(*r[13:]) for r in rows if r[13] is not None]
    chosen = [c for c in cards if card_id is None or c.id == card_id]
    if not chosen:
        raise _no_card(citizen.id, citizen.first_name, citizen.last_name)
    return citizen, chosen[0], [c for c in cards if c is not chosen[0]]


@cache
def _citizen_cards_statement() -> Any:
    """:func:`citizen_and_cards`' statement: the citizen's DTO's columns and each card's (one
    row per card, the card's columns empty for a citizen without one), built once."""
    z, k, g = m.Citizen, m.Card, m.PackingGroup
    return (
        select(
            z.id,
            z.cpr,
            z.first_name,
            z.last_name,
            z.address,
            z.phone,
            z.team_id,
            m.Team.name,
            z.route_order,
            z.gp_name,
            z.gp_phone,
            z.birth_date,
            z.version_id,
            k.id,
            k.packing_group_id,
            k.paused,
            g.name,
            m.Pharmacy.name,
        )
        .outerjoin(m.Team, m.Team.id == z.team_id)
        .outerjoin(k, k.citizen_id == z.id)
        .outerjoin(g, g.id == k.packing_group_id)
        .outerjoin(m.Pharmacy, m.Pharmacy.id == g.pharmacy_id)
        .where(z.cpr == bindparam("cpr"))
        .order_by(k.id)
    )


def _no_citizen(number: str) -> NotFound:
    return NotFound(
        "services.access.no_citizen_cpr", number=mask_cpr(number), number2=format_cpr(number)
    )


def _no_card(citizen_id: int, first_name: str, last_name: str) -> NotFound:
    return NotFound(
        "services.access.citizen_no_dose_card",
        id=citizen_id,
        first_name=first_name,
        last_name=last_name,
    )


def citizen_by_cpr(session: Session, cpr: str, *, with_team: bool = False) -> m.Citizen:
    """``with_team``: the citizen's team is read in the same query (for the citizen's DTO)."""
    number = normalize_cpr(cpr)
    row: m.Citizen | None
    if with_team:
        found = session.execute(_citizen_statement(True), {"cpr": number}).first()
        row = cast(m.Citizen, found[0]) if found else None
        if found and found[1] is not None:
            repo.hold(session, [found[1]])
    else:
        row = cast(m.Citizen | None, session.scalar(_citizen_statement(False), {"cpr": number}))
    if row is None:
        raise _no_citizen(number)
    return row


def checked_citizen_id(session: repo.Unit, ctx: Ctx, cpr: str) -> int:
    """The id of the citizen by CPR, access checked (:func:`check_access_to`): her id and team
    read as plain columns, for a service that needs no more of her (no ORM row)."""
    number = normalize_cpr(cpr)
    found = repo.core_rows(session, _citizen_id_statement(), {"cpr": number}).first()
    if found is None:
        raise _no_citizen(number)
    check_access_to(ctx, session, found[0], found[1])
    return int(found[0])


@cache
def _citizen_id_statement() -> Any:
    z = m.Citizen
    return select(z.id, z.team_id).where(z.cpr == bindparam("cpr"))


@cache
def _citizen_statement(with_team: bool) -> Any:
    """The citizen by CPR (and the team), built once and run with the number bound: every
    screen asks it, and building it cost more than running it."""
    if with_team:
        return (
            select(m.Citizen, m.Team)
            .outerjoin(m.Team, m.Team.id == m.Citizen.team_id)
            .where(m.Citizen.cpr == bindparam("cpr"))
        )
    return select(m.Citizen).where(m.Citizen.cpr == bindparam("cpr"))


@cache
def _cards_statement(with_group: bool) -> Any:
    """A citizen's cards in id order (with their packing groups and pharmacies), built once."""
    if with_group:
        return (
            select(m.Card, m.PackingGroup, m.Pharmacy)
            .join(m.PackingGroup, m.PackingGroup.id == m.Card.packing_group_id)
            .join(m.Pharmacy, m.Pharmacy.id == m.PackingGroup.pharmacy_id)
            .where(m.Card.citizen_id == bindparam("citizen_id"))
            .order_by(m.Card.id)
        )
    return select(m.Card).where(m.Card.citizen_id == bindparam("citizen_id")).order_by(m.Card.id)


def check_access(ctx: Ctx, citizen: m.Citizen) -> None:
    """Nurses see citizens of their own team (those in their current care), and one they broke
    the glass for (a grant still in force); a nurse without a team sees none. Coordinators and
    administrators see all. A refusal is logged (``Database.on_refused``)."""
    from sqlalchemy.orm import object_session

    check_access_to(ctx, object_session(citizen), citizen.id, citizen.team_id)


def check_access_to(
    ctx: Ctx, session: repo.Unit | None, citizen_id: int, citizen_team_id: int | None
) -> None:
    """:func:`check_access` of a citizen read as plain columns (her id and team), the grants
    read in ``session``."""
    a = ctx.actor
    if a.role is not Role.NURSE:
        return
    if a.team_id is not None and citizen_team_id == a.team_id:
        return
    if session is not None and session.scalar(
        select(m.AccessGrant.id)
        .where(
            m.AccessGrant.user_id == a.id,
            m.AccessGrant.citizen_id == citizen_id,
            m.AccessGrant.until > ctx.now(),
        )
        .limit(1)
    ):
        return  # the glass was broken for this citizen, with a reason (logged)
    raise AccessDenied(
        "services.access.not_your_team" if a.team_id is not None else "services.access.no_team",
        username=a.username,
        who=a,
        what="citizen",
        citizen_id=citizen_id,
    )


def checked_citizen(session: Session, ctx: Ctx, citizen_id: int) -> m.Citizen:
    """The citizen a row just read belongs to, access checked (:func:`check_access`): how a
    service that starts from a line, a change or a request finds whose it is."""
    citizen = session.get(m.Citizen, citizen_id)
    assert citizen is not None
    check_access(ctx, citizen)
    return citizen


def card_of(session: Session, citizen: m.Citizen, card_id: int | None = None) -> m.Card:
    return card_and_others(session, citizen, card_id)[0]


def card_and_others(
    session: Session, citizen: m.Citizen, card_id: int | None = None, *, with_group: bool = False
) -> tuple[m.Card, list[m.Card]]:
    """The citizen's card (the first, or ``card_id``) and the citizen's other cards
    (``with_group``: their packing groups and pharmacies read in the same query and held)."""
    if with_group:
        rows = session.execute(_cards_statement(True), {"citizen_id": citizen.id}).all()
        repo.hold(session, [x for _card, *held in rows for x in held])
        cards = [r[0] for r in rows]
    else:
        cards = list(session.scalars(_cards_statement(False), {"citizen_id": citizen.id}))
    chosen = [c for c in cards if card_id is None or c.id == card_id]
    if not chosen:
        raise _no_card(citizen.id, citizen.first_name, citizen.last_name)
    return chosen[0], [c for c in cards if c is not chosen[0]]


def product_dto(p: m.Product) -> ProductDTO:
    return ProductDTO(
        p.id, p.atc, p.substance, p.trade_name, p.strength, p.form, p.dose_dispensable
    )


def product_dtos(session: repo.Unit, ids: Iterable[int]) -> dict[int, ProductDTO]:
    """Products by id as DTOs, read as plain columns (no ORM rows). A product is never changed
    once made, so the unit of work keeps those it has read (a card open names each of its
    products in several places) and reads only the others, in one query per chunk."""
    wanted = set(ids)
    known: dict[int, ProductDTO] = repo.unit_info(session).setdefault("dosisdesk_products", {})
    for part in repo.chunks(sorted(wanted - known.keys())):
        for row in repo.core_rows(session, _products_statement(), {"ids": part}):
            known[row[0]] = ProductDTO(*row)
    return {i: known[i] for i in wanted if i in known}


def hold_products(session: repo.Unit, rows: Iterable[Sequence[Any]]) -> None:
    """Products read with other rows (:class:`ProductDTO`'s columns), kept for
    :func:`product_dtos` in the unit of work (it then reads none of them again)."""
    known: dict[int, ProductDTO] = repo.unit_info(session).setdefault("dosisdesk_products", {})
    for row in rows:
        if row[0] not in known:
            known[row[0]] = ProductDTO(*row)


@cache
def _products_statement() -> Any:
    """Products by id as :class:`ProductDTO`'s columns (built once, run with the ids)."""
    p = m.Product
    return select(
        p.id, p.atc, p.substance, p.trade_name, p.strength, p.form, p.dose_dispensable
    ).where(p.id.in_(bindparam("ids", expanding=True)))


__all__ = [
    "NO_TEAM",
    "CardRow",
    "card_and_others",
    "card_of",
    "check_access",
    "check_access_to",
    "checked_citizen_id",
    "citizen_and_cards",
    "citizen_by_cpr",
    "product_dto",
    "scope_team",
    "team_id",
]
