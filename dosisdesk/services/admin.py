"""User administration (administrators only): add users, set role and team, (de)activate, and
add teams. Every change is audited."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from dosisdesk.domain.errors import InvalidInput, NotFound, RuleViolation
from dosisdesk.domain.invariants import check_name
from dosisdesk.domain.types import Role
from dosisdesk.services import audit
from dosisdesk.services.access import team_id
from dosisdesk.services.context import Ctx
from dosisdesk.storage import models as m

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


@dataclass(frozen=True, slots=True)
class UserRow:
    username: str
    full_name: str
    role: Role
    team_name: str
    active: bool


def users(ctx: Ctx) -> list[UserRow]:
    ctx.require_role(Role.ADMINISTRATOR, Role.COORDINATOR)
    with ctx.db.begin() as s:
        rows = s.execute(
            select(m.User, m.Team.name)
            .outerjoin(m.Team, m.Team.id == m.User.team_id)
            .where(m.User.username != "system")
            .order_by(m.User.username)
        ).all()
        return [UserRow(u.username, u.full_name, Role(u.role), t or "", u.active) for u, t in rows]


def _role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError as e:
        raise InvalidInput("services.admin.unknown_role", text=text) from e


def add_user(ctx: Ctx, username: str, full_name: str, role: str, team: str | None) -> UserRow:
    ctx.require_role(Role.ADMINISTRATOR)
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise InvalidInput("services.admin.bad_username", username=username)
    if not full_name.strip():
        raise InvalidInput("services.admin.full_name_required")
    check_name(full_name, "navn")
    r = _role(role)
    with ctx.db.begin() as s:
        if s.scalar(select(m.User.id).where(m.User.username == name)):
            raise RuleViolation("services.admin.user_exists", name=name)
        tid = team_id(s, team)
        if r is Role.NURSE and tid is None:
            raise InvalidInput("services.admin.nurse_needs_team")
        u = m.User(
            username=name, full_name=full_name.strip(), role=r.value, team_id=tid, active=True
        )
        s.add(u)
        s.flush()
        audit.record(
            s,
            ctx.actor,
            ctx.now(),
            "user.add",
            "user",
            u.id,
            after={"username": name, "role": r.value, "team": team},
        )
        return UserRow(name, u.full_name, r, team or "", True)


def set_active(ctx: Ctx, username: str, active: bool) -> None:
    ctx.require_role(Role.ADMINISTRATOR)
    with ctx.db.begin() as s:
        u = s.scalar(select(m.User).where(m.User.username == username))
        if u is None or u.username == "system":
            raise NotFound("services.admin.unknown_user", username=username)
        if u.id == ctx.actor.id and not active:
            raise RuleViolation("services.admin.cannot_deactivate_yourself")
        before = u.active
        u.active = active
        audit.record(
            s,
            ctx.actor,
            ctx.now(),
            "user.activate" if active else "user.deactivate",
            "user",
            u.id,
            before={"active": before},
            after={"active": active},
        )


def add_team(ctx: Ctx, name: str) -> None:
    ctx.require_role(Role.ADMINISTRATOR)
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput("services.admin.team_name_required")
    check_name(clean, "team")
    with ctx.db.begin() as s:
        if any(t.casefold() == clean.casefold() for t in s.scalars(select(m.Team.name))):
            raise RuleViolation("services.admin.team_exists", clean=clean)
        t = m.Team(name=clean)
        s.add(t)
        s.flush()
        audit.record(s, ctx.actor, ctx.now(), "team.add", "team", t.id, after={"name": clean})
