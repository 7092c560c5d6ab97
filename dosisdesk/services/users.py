"""Read-only facts the desktop app needs before anyone is signed in: who may sign in, which teams
exist, and what the database says about itself (the demo marker). On the Core tables: the start-up
asks these before anyone is signed in, without the ORM."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select

from dosisdesk.domain.types import Role
from dosisdesk.storage import tables as t
from dosisdesk.storage.db import Database


@dataclass(frozen=True, slots=True)
class UserDTO:
    username: str
    full_name: str
    role: Role
    team_name: str


@dataclass(frozen=True, slots=True)
class DatabaseInfo:
    """What the status bar shows about the database, and whether it holds any citizen yet
    (``--demo-if-empty`` fills a training database that does not)."""

    demo: bool
    has_citizens: bool
    meta: dict[str, str]
    training: bool = False


_ROLE_ORDER = {Role.NURSE: 0, Role.COORDINATOR: 1, Role.ADMINISTRATOR: 2}


def list_users(db: Database) -> list[UserDTO]:
    """Active users (not the program's own ``system`` user), nurses first, then by name."""
    u = t.users.c
    with db.begin_core() as conn:
        rows = conn.execute(
            select(u.username, u.full_name, u.role, t.teams.c.name)
            .outerjoin(t.teams, t.teams.c.id == u.team_id)
            .where(u.active.is_(True), u.username != "system")
        ).all()
        out = [UserDTO(name, full, Role(role), tname or "") for name, full, role, tname in rows]
    out.sort(key=lambda u: (_ROLE_ORDER[u.role], u.full_name.casefold(), u.username))
    return out


def team_name(db: Database, team_id: int | None) -> str | None:
    if team_id is None:
        return None
    with db.begin_core() as conn:
        return conn.scalar(select(t.teams.c.name).where(t.teams.c.id == team_id))


def list_teams(db: Database) -> list[str]:
    with db.begin_core() as conn:
        return list(conn.scalars(select(t.teams.c.name).order_by(t.teams.c.name)))


def read_meta(db: Database) -> dict[str, str]:
    with db.begin_core() as conn:
        return {r.key: r.value for r in conn.execute(select(t.meta))}


def is_demo(meta: dict[str, str]) -> bool:
    """The meta table marks generated data with ``demo`` (any value but "", "0", "false")."""
    value = meta.get("demo")
    return value is not None and value.strip().lower() not in ("", "0", "false", "no")


def database_info(db: Database) -> DatabaseInfo:
    """One read at start-up: the meta rows and whether a citizen exists (not a count of them
    all, which at 85,000 citizens costs 15-45 ms at every start)."""
    with db.read_core() as conn:
        meta = {r.key: r.value for r in conn.execute(select(t.meta))}
        has_citizens = bool(conn.scalar(select(exists().select_from(t.citizens))))
    return DatabaseInfo(is_demo(meta), has_citizens, meta, db.is_training())
