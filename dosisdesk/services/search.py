"""Citizen search: citizens matching a CPR prefix or name parts, in Danish order, each with what
needs attention (acute today, hospital window open, paused, high flag, renewal due)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dosisdesk.domain.types import Severity
from dosisdesk.services.access import scope_team, team_id
from dosisdesk.services.context import Ctx
from dosisdesk.services.flags import open_flags_of
from dosisdesk.storage import models as m
from dosisdesk.storage import renewals as renewals_sql
from dosisdesk.storage import repo


@dataclass(frozen=True, slots=True)
class CitizenRow:
    id: int
    cpr: str
    name: str
    address: str
    team_name: str
    sort_key: str
    acute_today: bool
    window_open: bool
    paused: bool
    high_flag: bool
    renewal_due: bool


def search_citizens(
    ctx: Ctx, text: str = "", *, team: str | None = None, limit: int = 100, offset: int = 0
) -> list[CitizenRow]:
    """Citizens matching a CPR prefix (with or without the dash) or name parts, in Danish order,
    each with what needs attention. One page per call; the GUI fetches more as it scrolls."""
    now = ctx.now()
    today = now.date()
    with ctx.db.begin() as s:
        stmt = select(m.Citizen, m.Team.name).outerjoin(m.Team, m.Team.id == m.Citizen.team_id)
        tid = scope_team(ctx, team_id(s, team))
        if tid is not None:
            stmt = stmt.where(m.Citizen.team_id == tid)
        if text.strip():
            stmt = stmt.where(repo.citizen_match(text))
        rows = s.execute(
            stmt.order_by(m.Citizen.sort_key, m.Citizen.id).limit(limit).offset(offset)
        ).all()
        ids = [c.id for c, _ in rows]
        att = _attention(s, ids, now, today)
        return [
            CitizenRow(
                c.id,
                c.cpr,
                f"{c.first_name} {c.last_name}",
                c.address,
                tname or "",
                c.sort_key,
                *att.get(c.id, (False,) * 5),
            )
            for c, tname in rows
        ]


def _attention(
    s: Session, ids: Sequence[int], now: datetime, today: date
) -> dict[int, tuple[bool, bool, bool, bool, bool]]:
    if not ids:
        return {}
    start = datetime.combine(today, datetime.min.time(), tzinfo=now.tzinfo)
    acute = set(
        s.scalars(
            select(m.Change.citizen_id).where(
                m.Change.citizen_id.in_(ids),
                m.Change.acute.is_(True),
                m.Change.registered_at >= start,
                m.Change.state != "cancelled",
            )
        )
    )
    window = set(
        s.scalars(
            select(m.HospitalContact.citizen_id).where(
                m.HospitalContact.citizen_id.in_(ids), m.HospitalContact.responsibility_until > now
            )
        )
    )
    paused = set(
        s.scalars(
            select(m.Card.citizen_id).where(m.Card.citizen_id.in_(ids), m.Card.paused.is_(True))
        )
    )
    high = {f.citizen_id for f in open_flags_of(s, ids, today) if f.severity is Severity.HIGH}
    due = set(
        s.scalars(
            renewals_sql.due_select(today)
            .where(m.LineVersion.citizen_id.in_(ids))
            .with_only_columns(m.LineVersion.citizen_id)
        )
    )
    return {i: (i in acute, i in window, i in paused, i in high, i in due) for i in ids}


__all__ = ["CitizenRow", "search_citizens"]
