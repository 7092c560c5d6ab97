"""The queue clock (R2): time moving the change queue, stored as a write of its own.

What time does to a change is the domain's pure ``change_at`` (``dosisdesk.domain.queue``):

- a change still registered when its deadline comes moves to the first period whose deadline is
  ahead and counts every deadline it missed (its versions move with it);
- a confirmed change whose deadline has come is locked;
- a locked change whose first day has come is in effect.

Every view reports that function's answer at its moment (``services.change_state``), so reads
never run this clock and never write. It runs when the window signs someone in, every minute and
at each deadline (``ui.queue_clock``), before every service that writes a change or a period,
and on demand (``dosisdesk advance``). It stores exactly what the function says; each move is a
transition by the 'system' user, and each run that moved something is audited once.

A run first asks, in one read on the Core tables, whether time has anything to move
(``storage.core.time_has_work``); only then does it load the ORM and its unit of work. The first
run, right after the window's list shows, so leaves the ORM unloaded on most starts (issue #10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from dosisdesk.domain.types import Role
from dosisdesk.services import audit
from dosisdesk.services.context import Actor, Ctx
from dosisdesk.storage import core
from dosisdesk.storage import tables as t
from dosisdesk.storage.errors import retrying


@dataclass(frozen=True)
class Advanced:
    missed: tuple[int, ...]
    locked: int
    in_effect: int


@retrying
def advance(ctx: Ctx) -> Advanced:
    """Store time's moves up to ``ctx.now()`` (see the module text). Idempotent: movers at once
    are served one after the other and the later ones find nothing left to move, so a missed
    deadline is counted once. Locks are taken in the writers' one order (lines, changes)."""
    if ctx.what_if:
        # A look at another moment on a real database changes nothing: the reads project the
        # queue to that moment themselves (services.change_state).
        return Advanced((), 0, 0)
    now = ctx.now()
    today = now.date()
    with ctx.db.read_core() as conn:
        if not core.time_has_work(conn, now, today):
            return Advanced((), 0, 0)  # the run below would write nothing
    # Time moves something: the ORM's unit of work, loaded now (the list's first page, which
    # the clock's first run follows, never loads the ORM: see the module text).
    from dosisdesk.services import change_state
    from dosisdesk.storage import queue as queue_sql
    from dosisdesk.storage import repo

    with ctx.db.begin() as s:
        queue_sql.lock_queue_clock(s)
        system_id = queue_sql.system_user_id(s)
        repo.ensure_all_periods(s, today)
        moves = change_state.due(s, now)
        if moves and s.get_bind().dialect.name == "postgresql":
            queue_sql.lock_in_order(
                s,
                lines=queue_sql.lines_of_changes(s, [c.id for c, _ in moves]),
                changes=[c.id for c, _ in moves],
            )
            s.expire_all()
            moves = change_state.due(s, now)  # as they stand now that they are ours
        missed_ids, locked, in_effect = change_state.store(s, moves, now, system_id)
        if missed_ids or locked or in_effect:
            system = Actor(system_id, "system", "dosisdesk", Role.ADMINISTRATOR, None)
            audit.record(
                s,
                system,
                now,
                "queue.advance",
                "change",
                None,
                None,
                after={
                    "missed": missed_ids[:1000],
                    "missed_count": len(missed_ids),
                    "locked": locked,
                    "in_effect": in_effect,
                },
            )
    return Advanced(tuple(missed_ids), locked, in_effect)


def next_deadline(ctx: Ctx) -> datetime | None:
    """The next moment a deadline moves the queue: the earliest deadline after now (a read)."""
    now = ctx.now()
    deadline = t.periods.c.deadline
    with ctx.db.read_core() as conn:
        found: datetime | None = conn.scalar(select(func.min(deadline)).where(deadline > now))
    return found


__all__ = ["Advanced", "advance", "next_deadline"]
