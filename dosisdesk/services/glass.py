"""Break the glass: a nurse covering another team opens a citizen outside her own team, only by
giving a reason. The access lasts a shift (12 hours), is logged as such, and is listed for the
coordinators to review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session, aliased

from dosisdesk.domain.cpr import normalize_cpr
from dosisdesk.domain.errors import InvalidInput, NotFound, RuleViolation
from dosisdesk.domain.text import full_name
from dosisdesk.domain.types import Role
from dosisdesk.services import audit
from dosisdesk.services.context import Ctx
from dosisdesk.storage import models as m
from dosisdesk.storage import roles

GRANT_HOURS = roles.GLASS_HOURS  # the database holds a nurse's role to it (storage.roles)
MIN_REASON = 10


@dataclass(frozen=True, slots=True)
class GrantDTO:
    id: int
    username: str
    full_name: str
    citizen_id: int
    citizen_name: str
    cpr: str
    reason: str
    granted_at: datetime
    until: datetime
    reviewed_by: str | None  # the login
    reviewed_at: datetime | None
    reviewed_by_name: str | None = None  # the person's name, as shown


def _citizen_id(s: Session, cpr: str) -> int | None:
    """By CPR, also where row-level security hides the citizen from a nurse's role (PostgreSQL:
    a function set up by ``dosisdesk roles`` answers with the id only)."""
    number = normalize_cpr(cpr)
    found = s.scalar(select(m.Citizen.id).where(m.Citizen.cpr == number))
    if found is None and s.get_bind().dialect.name == "postgresql":
        has = s.scalar(text("SELECT to_regproc('dosisdesk_citizen_id') IS NOT NULL"))
        if has:
            found = s.scalar(text("SELECT dosisdesk_citizen_id(:c)"), {"c": number})
    return found


def break_glass(ctx: Ctx, cpr: str, reason: str) -> GrantDTO:
    """Open one citizen outside the nurse's team for a shift, with a reason (logged)."""
    why = " ".join(reason.split())
    if len(why) < MIN_REASON:
        raise InvalidInput("services.glass.reason_required", min_reason=MIN_REASON)
    if ctx.actor.role is not Role.NURSE:
        raise RuleViolation("services.glass.only_nurses_need")
    now = ctx.now()
    with ctx.db.begin() as s:
        cid = _citizen_id(s, cpr)
        if cid is None:
            raise NotFound("services.glass.no_such_citizen")
        team = s.scalar(select(m.Citizen.team_id).where(m.Citizen.id == cid))
        if team is not None and team == ctx.actor.team_id:
            raise RuleViolation("services.glass.own_team")
        g = m.AccessGrant(
            user_id=ctx.actor.id,
            citizen_id=cid,
            reason=why,
            granted_at=now,
            until=now + timedelta(hours=GRANT_HOURS),
        )
        s.add(g)
        s.flush()
        audit.record(
            s,
            ctx.actor,
            None,
            "access.break_glass",
            "citizen",
            cid,
            cid,
            after={"reason": why, "until": g.until.isoformat()},
        )
        gid = g.id
    return next(x for x in _grants(ctx, only=gid))


def _grants(ctx: Ctx, *, unreviewed: bool = False, only: int | None = None) -> list[GrantDTO]:
    rev = aliased(m.User)
    with ctx.db.begin() as s:
        stmt = (
            select(m.AccessGrant, m.User, m.Citizen, rev.username, rev.full_name)
            .join(m.User, m.User.id == m.AccessGrant.user_id)
            .join(m.Citizen, m.Citizen.id == m.AccessGrant.citizen_id)
            .outerjoin(rev, rev.id == m.AccessGrant.reviewed_by)
            .order_by(m.AccessGrant.granted_at.desc(), m.AccessGrant.id.desc())
        )
        if unreviewed:
            stmt = stmt.where(m.AccessGrant.reviewed_at.is_(None))
        if only is not None:
            stmt = stmt.where(m.AccessGrant.id == only)
        rows = s.execute(stmt).all()
        if only is None:
            audit.record_list(s, ctx.actor, "glass.read", [c.id for _g, _u, c, _r, _n in rows])
        return [
            GrantDTO(
                g.id,
                u.username,
                u.full_name,
                c.id,
                full_name(c.first_name, c.last_name),
                c.cpr,
                g.reason,
                g.granted_at,
                g.until,
                r,
                g.reviewed_at,
                r_name,
            )
            for g, u, c, r, r_name in rows
        ]


def grants_to_review(ctx: Ctx, *, all_: bool = False) -> list[GrantDTO]:
    """For the coordinator's desk: every break of the glass, not yet reviewed first."""
    ctx.require_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    return _grants(ctx, unreviewed=not all_)


def mark_reviewed(ctx: Ctx, grant_id: int) -> None:
    ctx.require_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    with ctx.db.begin() as s:
        g = s.get(m.AccessGrant, grant_id)
        if g is None:
            raise NotFound("services.glass.grant", grant_id=grant_id)
        if g.reviewed_at is not None:
            return
        g.reviewed_by, g.reviewed_at = ctx.actor.id, ctx.now()
        audit.record(s, ctx.actor, None, "glass.reviewed", "access_grant", g.id, g.citizen_id)
