"""Citizen search: citizens matching a CPR prefix or name parts, in Danish order, each with what
needs attention (acute today, hospital window open, paused, high flag, renewal due)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Select

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
    each with what needs attention. One page per call; the GUI fetches more as it scrolls.

    One statement returns the page with its marks; only a citizen the statement finds with a
    roll line and an ordinary line of the same substance is then checked by the domain's rule
    (overlap, exemptions, acknowledgements) for an open high flag.
    """
    now = ctx.now()
    today = now.date()
    with ctx.db.begin() as s:
        tid = scope_team(ctx, team_id(s, team))
        stmt = _page_select(now, today)
        if tid is not None:
            stmt = stmt.where(m.Citizen.team_id == tid)
        if text.strip():
            stmt = stmt.where(repo.citizen_match(text))
        rows = s.execute(
            stmt.order_by(m.Citizen.sort_key, m.Citizen.id).limit(limit).offset(offset)
        ).all()
        maybe_high = [r.id for r in rows if r.high]
        high = (
            {f.citizen_id for f in open_flags_of(s, maybe_high, today)
             if f.severity is Severity.HIGH}
            if maybe_high
            else set()
        )
        return [
            CitizenRow(
                r.id,
                r.cpr,
                f"{r.first_name} {r.last_name}",
                r.address,
                r.team or "",
                r.sort_key,
                bool(r.acute),
                bool(r.window),
                bool(r.paused),
                r.id in high,
                bool(r.due),
            )
            for r in rows
        ]


def _page_select(now: datetime, today: date) -> Select[*tuple[Any, ...]]:
    """Citizens with their team and attention marks as correlated EXISTS (each served by an
    index on citizen_id), evaluated only for the rows of the page."""
    c = m.Citizen
    start = datetime.combine(today, datetime.min.time(), tzinfo=now.tzinfo)
    acute = exists().where(
        m.Change.citizen_id == c.id,
        m.Change.acute.is_(True),
        m.Change.registered_at >= start,
        m.Change.state != "cancelled",
    )
    window = exists().where(
        m.HospitalContact.citizen_id == c.id, m.HospitalContact.responsibility_until > now
    )
    paused = exists().where(m.Card.citizen_id == c.id, m.Card.paused.is_(True))
    due = (
        renewals_sql.due_select(today)
        .with_only_columns(m.LineVersion.id)
        .where(m.LineVersion.citizen_id == c.id)
        .exists()
    )
    return (
        select(
            c.id, c.cpr, c.first_name, c.last_name, c.address, c.sort_key,
            m.Team.name.label("team"),
            acute.label("acute"), window.label("window"), paused.label("paused"),
            _maybe_high(today).label("high"), due.label("due"),
        )
        .outerjoin(m.Team, m.Team.id == c.team_id)
    )


def _maybe_high(today: date) -> Any:
    """A roll line and an ordinary line of the same substance (ATC level 5), both active from
    today and overlapping: the citizens who may have a high flag (a superset)."""
    a, b = aliased(m.LineVersion), aliased(m.LineVersion)
    la, lb = aliased(m.Line), aliased(m.Line)

    def alive(v: Any) -> Any:
        return or_(v.valid_to.is_(None), v.valid_to > today)

    return (
        exists()
        .where(
            a.citizen_id == m.Citizen.id,
            a.supply == "dose_roll",
            a.status == "active",
            alive(a),
            b.citizen_id == a.citizen_id,
            b.atc == a.atc,
            b.line_id != a.line_id,
            b.supply == "ordinary",
            b.status == "active",
            alive(b),
            or_(a.valid_to.is_(None), a.valid_to > b.valid_from),
            or_(b.valid_to.is_(None), b.valid_to > a.valid_from),
            la.id == a.line_id,
            la.supply_failure_id.is_(None),
            lb.id == b.line_id,
            lb.supply_failure_id.is_(None),
        )
    )


__all__ = ["CitizenRow", "search_citizens"]
