"""The coordinator's queue is a handful of statements, however many changes it shows (issue #10):
the page in one statement of plain columns (the acute change a follow-up follows joined, not read
after), its groups in one, and the page's one access entry; time's moves the store has not made
yet cost a statement for the moved changes' targets and one per packing group."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from dosisdesk.domain.types import ChangeState
from dosisdesk.services import changes, queue, review
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.helpers.changes import acute_stop
from tests.storage.test_card_statements import counting
from tests.storage.test_changes import DEADLINE_DEC1, dose_change
from tests.world import World

#: Statements of the queue's page after a read, BEGIN not counted (6 before the page was read in
#: plain columns with the follow-ups' acute day joined: a statement more for the acute days when a
#: follow-up was on the page). SQLite: the page; the entry's PRAGMA, the chain's head with the
#: clock, the entry and its citizens. PostgreSQL: READ ONLY, the page; the chain's lock, its head
#: with the clock, the entry and its citizens.
PAGE_BUDGET = {"sqlite": 5, "postgresql": 6}
#: The same page after a write, when time has moved a change the store has not: the read's
#: PRAGMA on SQLite, and the moved changes' stored targets and their packing group's calendar
#: (9 before, with the acute days).
MOVED_BUDGET = {"sqlite": 8, "postgresql": 8}
#: The groups' counts: the read's PRAGMA (READ ONLY on PostgreSQL) and the counts.
GROUPS_BUDGET = 2


def _queue_with_a_follow_up(db: Database, world: World) -> tuple[int, int]:
    ctx = open_ctx(db, "sygpl", fixed_clock(NOW))
    acute = changes.register(ctx, acute_stop(world))
    planned = changes.register(ctx, dose_change(world))
    assert acute.follow_up_id is not None
    return acute.follow_up_id, planned.id


def _statements(seen: dict[str, list[str]]) -> list[str]:
    return [s for s in seen["statements"] if not s.lstrip().upper().startswith("BEGIN")]


def test_the_queue_page_and_groups_stay_within_their_statement_budget(
    db: Database, world: World
) -> None:
    follow_up, planned = _queue_with_a_follow_up(db, world)
    k = open_ctx(db, "koord", fixed_clock(NOW))
    f = queue.QueueFilter()
    queue.queue(k, f)
    review.queue_groups(k, f)
    with counting(db) as seen:
        rows = queue.queue(k, f)
    page = _statements(seen)
    assert len(page) <= PAGE_BUDGET[db.engine.dialect.name], "\n".join(
        s.split("\n")[0][:90] for s in page
    )
    by_id = {r.change_id: r for r in rows}
    assert set(by_id) == {follow_up, planned}
    assert by_id[follow_up].follow_up_of_day == NOW.date()  # the acute change's day, joined
    assert by_id[planned].follow_up_of_day is None
    with db.begin() as s:
        last = s.execute(text("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1")).scalar()
    assert last == "queue.read"
    with counting(db) as seen:
        groups = review.queue_groups(k, f)
    counted = _statements(seen)
    assert len(counted) <= GROUPS_BUDGET, "\n".join(s.split("\n")[0][:90] for s in counted)
    assert sum(g.count for g in groups) == 2


def test_time_moving_the_queue_costs_a_statement_per_packing_group_not_per_change(
    db: Database, world: World
) -> None:
    """The deadline has come and the queue clock has not stored it: the page shows the planned
    change moved to the next period with its missed deadline, from the domain's rule."""
    _follow_up, planned = _queue_with_a_follow_up(db, world)
    later = open_ctx(db, "koord", fixed_clock(DEADLINE_DEC1 + timedelta(hours=1)))
    f = queue.QueueFilter(states=(ChangeState.REGISTERED,))
    queue.queue(later, f)
    with counting(db) as seen:
        rows = queue.queue(later, f)
    moved = [r for r in rows if r.change_id == planned]
    assert moved and moved[0].missed_deadlines == 1
    assert moved[0].deadline > DEADLINE_DEC1
    page = _statements(seen)
    assert len(page) <= MOVED_BUDGET[db.engine.dialect.name], "\n".join(
        s.split("\n")[0][:90] for s in page
    )
