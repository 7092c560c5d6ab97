"""A keystroke in the citizen search is a handful of statements, however big the database (issue
#10): the page with its marks in one, the domain's flag rule only for rows the page statement
marks as maybe high, the handling steps counted only for rows it marks as having a step not
signed, and one access entry."""

from __future__ import annotations

from sqlalchemy import text

from dosisdesk.services import search
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.storage.test_card_statements import counting
from tests.world import World

#: Statements of one search without a flag candidate or a step not signed on the page, BEGIN not
#: counted (8 on both before the chain's head and the database's clock were read in one, 7 before
#: the steps were counted only for the rows that have some). SQLite: the read's PRAGMA, the page;
#: the entry's PRAGMA, the chain's head with the clock, the entry and its citizens. PostgreSQL:
#: READ ONLY, the page; the chain's lock, its head with the clock, the entry and its citizens.
BUDGET = {"sqlite": 6, "postgresql": 6}


def test_a_search_stays_within_its_statement_budget(db: Database, world: World) -> None:
    ctx = open_ctx(db, "sygpl", fixed_clock(NOW))
    search.search_citizens(ctx, "Hansen")
    with counting(db) as seen:
        rows = search.search_citizens(ctx, "Hansen")
    assert [r.cpr for r in rows] == [world.anna]
    statements = [s for s in seen["statements"] if not s.lstrip().upper().startswith("BEGIN")]
    assert len(statements) <= BUDGET[db.engine.dialect.name], "\n".join(
        s.split("\n")[0][:90] for s in statements
    )
    assert not any("flag_acks" in s for s in statements)
    assert not any(s.lstrip().upper().startswith("SELECT CHANGES.CITIZEN_ID") for s in statements)
    with db.begin() as s:
        last = s.execute(text("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1")).scalar()
    assert last == "search.read"
