"""The queue clock (R2): what the passing of time does to the change queue.

- a change still registered when its deadline passes moves to the next period and counts a
  missed deadline (its versions move with it);
- a confirmed change whose deadline passed is locked;
- a locked change whose first day has come is in effect.

Every move is recorded as a transition by the 'system' user, and audited once per run. The bulk
SQL is in :mod:`dosisdesk.storage.queue`.
"""

from __future__ import annotations

from dataclasses import dataclass

from dosisdesk.domain.types import Role
from dosisdesk.services import audit
from dosisdesk.services.context import Actor, Ctx
from dosisdesk.storage import queue as queue_sql
from dosisdesk.storage import repo

MISSED_NOTE = "Frist overskredet uden bekræftelse: flyttet til næste periode"
LOCKED_NOTE = "Fristen er passeret"
IN_EFFECT_NOTE = "Perioden er begyndt"


@dataclass(frozen=True)
class Advanced:
    missed: tuple[int, ...]
    locked: int
    in_effect: int


def advance(ctx: Ctx) -> Advanced:
    """Let time move the queue up to ``ctx.now()``, set-based (see the module text)."""
    now = ctx.now()
    today = now.date()
    with ctx.db.begin() as s:
        system_id = queue_sql.system_user_id(s)
        repo.ensure_all_periods(s, today)
        missed_ids = queue_sql.past_deadline(s, "registered", now)
        queue_sql.move_to_next_period(s, missed_ids, now, system_id, MISSED_NOTE)
        lock_ids = queue_sql.past_deadline(s, "confirmed", now)
        queue_sql.move_state(s, lock_ids, "confirmed", "locked", now, system_id, LOCKED_NOTE)
        eff_ids = queue_sql.locked_from(s, today)
        queue_sql.move_state(s, eff_ids, "locked", "in_effect", now, system_id, IN_EFFECT_NOTE)
        if missed_ids or lock_ids or eff_ids:
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
                    "locked": len(lock_ids),
                    "in_effect": len(eff_ids),
                },
            )
    return Advanced(tuple(missed_ids), len(lock_ids), len(eff_ids))


__all__ = ["Advanced", "advance"]
