"""Who is acting and what time it is: every service call carries both."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from dosisdesk.domain.calendar import fixed_clock as fixed_clock  # (callers import it here too)
from dosisdesk.domain.calendar import now_cph, to_cph
from dosisdesk.domain.errors import AccessDenied, NotFound
from dosisdesk.domain.types import Role
from dosisdesk.storage import tables as t
from dosisdesk.storage.core import Unit
from dosisdesk.storage.db import Database


@dataclass(frozen=True, slots=True)
class Actor:
    id: int
    username: str
    full_name: str
    role: Role
    team_id: int | None


@dataclass
class Ctx:
    """The database, the acting user and the clock (``--now`` makes it fixed)."""

    db: Database
    actor: Actor
    clock: Callable[[], datetime] = field(default=now_cph)
    #: A what-if look at another moment (``--now``) on a real database: reads project the queue
    #: to that moment, and the queue clock stores nothing (see ``queue_clock.advance``).
    what_if: bool = False

    def __post_init__(self) -> None:
        if self.db.on_refused is None:
            from dosisdesk.services.audit import refusal_logger

            self.db.on_refused = refusal_logger(self.db)

    def now(self) -> datetime:
        return to_cph(self.clock())

    def today(self) -> date:
        return self.now().date()

    def is_training(self) -> bool:
        """The one question services and UI ask: is this a training database (øvelsesdatabase)?
        Set when the database was created and never changed (see storage.db.Database)."""
        return self.db.is_training()

    def require_role(self, *roles: Role) -> None:
        if self.actor.role not in roles:
            err = AccessDenied(
                "services.context.role_required",
                username=self.actor.username,
                role=self.actor.role,
                roles=tuple(r.value for r in roles),
                who=self.actor,
                what="role:" + ",".join(r.value for r in roles),
            )
            # Called before the unit of work starts: log the refusal in one of its own.
            if self.db.on_refused is not None:
                err.logged = True
                self.db.on_refused(err)
            raise err


def load_actor(session: Unit, username: str) -> Actor:
    u = t.users.c
    row = session.execute(
        select(u.id, u.username, u.full_name, u.role, u.team_id, u.active).where(
            u.username == username
        )
    ).first()
    # 'system' is the program's own account: it never acts for a person (services that move
    # the queue build its Actor themselves).
    if row is None or not row.active or row.username == "system":
        raise NotFound("services.context.unknown_user", username=username)
    return Actor(row.id, row.username, row.full_name, Role(row.role), row.team_id)


def open_ctx(db: Database, username: str, clock: Callable[[], datetime] | None = None) -> Ctx:
    with db.begin_core() as conn:
        actor = load_actor(conn, username)
    return Ctx(db, actor, clock or now_cph)
