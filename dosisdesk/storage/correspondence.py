"""Correspondence data (R9): the site's MedCom settings, the addresses a message goes to, the
line a message is about, and the messages on record. The use cases (access, composing,
sending, receiving, the audit, the DTOs) are ``services.correspondence``'s and
``services.exchange``'s.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dosisdesk.domain.correspondence import Direction, MessageStatus
from dosisdesk.storage import models as m


def site_settings(s: Session) -> dict[str, str]:
    """The site's MedCom settings (meta keys ``medcom.*``), by key without the prefix."""
    rows = s.scalars(select(m.Meta).where(m.Meta.key.like("medcom.%")))
    return {r.key.removeprefix("medcom."): r.value for r in rows}


def team_named(s: Session, name: str) -> m.Team | None:
    """The team of this name, letter case aside (``name`` already case-folded)."""
    return next((t for t in s.scalars(select(m.Team)) if t.name.casefold() == name), None)


def recent_contacts(s: Session, citizen_id: int) -> list[m.HospitalContact]:
    """A citizen's five latest hospital contacts, latest first."""
    return list(
        s.scalars(
            select(m.HospitalContact)
            .where(m.HospitalContact.citizen_id == citizen_id)
            .order_by(m.HospitalContact.started_at.desc())
            .limit(5)
        )
    )


def line_version(s: Session, line_id: int, on: Any) -> tuple[m.LineVersion, m.Product] | None:
    """A line's version on a day (else its latest) with its product; None: no such line."""
    v = m.LineVersion
    row = s.execute(
        select(v, m.Product)
        .join(m.Product, m.Product.id == v.product_id)
        .where(v.line_id == line_id)
        .order_by((v.valid_from <= on).desc(), v.valid_from.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row is not None else None


def messages_of(s: Session, citizen_id: int) -> list[m.CorrespondenceMessage]:
    """A citizen's messages, oldest first."""
    return list(
        s.scalars(
            select(m.CorrespondenceMessage)
            .where(m.CorrespondenceMessage.citizen_id == citizen_id)
            .order_by(m.CorrespondenceMessage.created_at, m.CorrespondenceMessage.id)
        )
    )


def unanswered(s: Session, team_id: int | None) -> list[tuple[m.CorrespondenceMessage, m.Citizen]]:
    """Messages sent (or ready, or failed) that have no reply, oldest first, with their
    citizens; of one team's citizens (``team_id``) or all."""
    stmt = (
        select(m.CorrespondenceMessage, m.Citizen)
        .join(m.Citizen, m.Citizen.id == m.CorrespondenceMessage.citizen_id)
        .where(
            m.CorrespondenceMessage.direction == Direction.OUT.value,
            m.CorrespondenceMessage.status.in_(
                [
                    MessageStatus.READY.value,
                    MessageStatus.SENT.value,
                    MessageStatus.FAILED.value,
                ]
            ),
        )
        .order_by(m.CorrespondenceMessage.created_at)
    )
    if team_id is not None:
        stmt = stmt.where(m.Citizen.team_id == team_id)
    return [(r, c) for r, c in s.execute(stmt)]


def about(s: Session, kind: str, ref: str) -> list[tuple[m.CorrespondenceMessage, m.Citizen]]:
    """The messages about one thing (context kind and reference), oldest first, with their
    citizens."""
    stmt = (
        select(m.CorrespondenceMessage, m.Citizen)
        .join(m.Citizen, m.Citizen.id == m.CorrespondenceMessage.citizen_id)
        .where(
            m.CorrespondenceMessage.context_kind == kind,
            or_(m.CorrespondenceMessage.context_ref == ref),
        )
        .order_by(m.CorrespondenceMessage.created_at)
    )
    return [(r, c) for r, c in s.execute(stmt)]


__all__ = [
    "about",
    "line_version",
    "messages_of",
    "recent_contacts",
    "site_settings",
    "team_named",
    "unanswered",
]
