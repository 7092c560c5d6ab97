"""Which citizens a user's lists show: a team by name, and the team a user's lists are scoped to
(on the Core tables: the citizen list's first page asks, before the ORM is loaded)."""

from __future__ import annotations

from sqlalchemy import select

from dosisdesk.domain.errors import NotFound
from dosisdesk.domain.types import Role
from dosisdesk.services.context import Ctx
from dosisdesk.storage import tables as t
from dosisdesk.storage.core import Unit


def team_id(session: Unit, name: str | None) -> int | None:
    if not name:
        return None
    # Teams are few; compare in Python, since SQLite's lower() only folds ASCII ("Team Øst").
    wanted = name.strip().casefold()
    rows = session.execute(select(t.teams.c.id, t.teams.c.name))
    tid: int | None = next((i for i, n in rows if n.casefold() == wanted), None)
    if tid is None:
        raise NotFound("services.access.unknown_team", name=name)
    return tid


#: A team id no team has: the scope of a nurse without a team.
NO_TEAM = -1


def scope_team(ctx: Ctx, requested: int | None) -> int | None:
    """Nurses see their own team only (a nurse without a team sees no citizen: NO_TEAM matches
    no team); others see the team they ask for, or all (None)."""
    if ctx.actor.role is Role.NURSE:
        return ctx.actor.team_id if ctx.actor.team_id is not None else NO_TEAM
    return requested


__all__ = ["NO_TEAM", "scope_team", "team_id"]
