"""The medicine list's reads (R11): a citizen's cards, a card's open changes (private-marked
lines left out) with their products, the card's open pause, and when each line began.
:mod:`dosisdesk.services.medlist` builds the paper from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from dosisdesk.domain.types import OPEN_CHANGE_STATES
from dosisdesk.storage import models as m
from dosisdesk.storage.handover import private_change
from dosisdesk.storage.repo import chunks


def cards(s: Session, citizen_id: int) -> Sequence[m.Card]:
    """The citizen's cards in order of id."""
    return s.scalars(
        select(m.Card).where(m.Card.citizen_id == citizen_id).order_by(m.Card.id)
    ).all()


def open_changes(s: Session, card_id: int) -> Sequence[m.Change]:
    """The card's open changes (as stored), none touching a private-marked line."""
    return s.scalars(
        select(m.Change).where(
            m.Change.card_id == card_id,
            m.Change.state.in_([st.value for st in OPEN_CHANGE_STATES]),
            ~private_change(m.Change),
        )
    ).all()


def paused_since(s: Session, card_id: int) -> datetime | None:
    """When the card's open pause began (the earliest, if several; None when none is open)."""
    pause = s.scalars(
        select(m.Pause)
        .where(m.Pause.card_id == card_id, m.Pause.resumed_at.is_(None))
        .order_by(m.Pause.paused_at)
    ).first()
    return pause.paused_at if pause else None


def products(s: Session, product_ids: Iterable[int | None]) -> dict[int, m.Product]:
    """The products by id."""
    return {p.id: p for p in s.scalars(select(m.Product).where(m.Product.id.in_(set(product_ids))))}


def line_starts(s: Session, line_ids: set[int]) -> dict[int, date]:
    """The day each line began: its first version that was in force for a day."""
    out: dict[int, date] = {}
    ids = sorted(line_ids)
    for chunk in chunks(ids):
        for line_id, first in s.execute(
            select(m.LineVersion.line_id, func.min(m.LineVersion.valid_from))
            .where(
                m.LineVersion.line_id.in_(chunk),
                or_(
                    m.LineVersion.valid_to.is_(None),
                    m.LineVersion.valid_to > m.LineVersion.valid_from,
                ),
            )
            .group_by(m.LineVersion.line_id)
        ):
            out[line_id] = first
    return out


__all__ = ["cards", "line_starts", "open_changes", "paused_since", "products"]
