"""A keystroke in the citizen search is a handful of statements, however big the database (issue
#10): the page with its marks in one (PostgreSQL: the page, then its marks), the domain's flag rule only for rows the page statement
marks as maybe high, the handling steps counted only for rows it marks as having a step not
signed, and one access entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from dosisdesk.domain.errors import InvalidInput
from dosisdesk.domain.types import BagRef, Severity
from dosisdesk.services import changes, flags, search
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.helpers.changes import acute_new, acute_stop
from tests.storage.test_card_statements import counting
from tests.world import World

#: Statements of one search without a flag candidate or a step not signed on the page, BEGIN not
#: counted (8 on both before the chain's head and the database's clock were read in one, 7 before
#: the steps were counted only for the rows that have some). SQLite: the read's PRAGMA, the page;
#: the entry's PRAGMA, the chain's head with the clock, the entry and its citizens. PostgreSQL:
#: the page's citizens, the read's plan mode, their marks (the read begins READ ONLY; 5 when the
#: page and its marks were one statement, planned at each run); the chain's lock, its head with
#: the clock, the entry and its citizens.
BUDGET = {"sqlite": 6, "postgresql": 7}


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
    with db.begin() as s:
        last = s.execute(text("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1")).scalar()
    assert last == "search.read"


def test_the_steps_still_to_do_come_with_the_page(db: Database, world: World) -> None:
    """A citizen with steps of an acute handling still to do costs no statement more: their
    days come with her row and the handlings' rule counts them."""
    ctx = open_ctx(db, "sygpl", fixed_clock(NOW))
    tonight, tomorrow = NOW.date(), NOW.date() + timedelta(days=1)
    changes.register(ctx, acute_stop(world, BagRef(tonight, "evening"), BagRef(tomorrow, "noon")))
    search.search_citizens(ctx, "Hansen")
    with counting(db) as seen:
        rows = search.search_citizens(ctx, "Hansen")
    assert [(r.cpr, r.open_handlings) for r in rows] == [(world.anna, 2)]
    statements = [s for s in seen["statements"] if not s.lstrip().upper().startswith("BEGIN")]
    assert len(statements) <= BUDGET[db.engine.dialect.name], "\n".join(
        s.split("\n")[0][:90] for s in statements
    )


def test_the_page_statement_is_compiled_once(sqlite_db: Database, sqlite_world: World) -> None:
    """SQLite prepares a statement again at every run when a bound value is compared with a
    column a partial index's filter names (the versions' status and supply): the page
    statement, some kilobytes, was compiled anew at each keystroke. Prepared once, a search by
    CPR runs it from the connection's cache: the authorizer, asked only while a statement is
    prepared, is not asked about the page's columns again, though the page's audit entry was
    written in between (a read and a write taking turns on one connection switched its
    query_only, which makes SQLite discard every statement the connection has prepared)."""
    import sqlite3

    from sqlalchemy import event

    asked: list[tuple[str | None, str | None]] = []

    def authorize(action: int, table: str | None, column: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_READ:
            asked.append((table, column))
        return sqlite3.SQLITE_OK

    sqlite_db.dispose()
    for engine in sqlite_db.engines:  # the reads' own engine too
        event.listen(engine, "connect", lambda conn, _record: conn.set_authorizer(authorize))
    ctx = open_ctx(sqlite_db, "sygpl", fixed_clock(NOW))
    found = search.find_citizens(ctx, sqlite_world.anna)
    assert [r.cpr for r in found] == [sqlite_world.anna]
    assert ("hospital_contacts", "phone") in asked  # the page statement, prepared
    search.log_shown(ctx, found)  # a write between (the window's audit writer after a page)
    asked.clear()
    found = search.find_citizens(ctx, sqlite_world.anna)
    assert [r.cpr for r in found] == [sqlite_world.anna]
    assert ("hospital_contacts", "phone") not in asked


def test_postgresql_plans_the_page_for_its_values_and_the_marks_once(
    db: Database, world: World
) -> None:
    """PostgreSQL: the page's citizens are planned for the values typed at each run (which
    index serves a name or a CPR range depends on them: the driver never prepares that
    statement on the server), their marks once for any page (the driver prepares the statement
    after five runs; the read's plan mode keeps its generic plan, made once)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's plans")
    ctx = open_ctx(db, "sygpl", fixed_clock(NOW))
    for word in ("Hansen", "Han", world.anna, "Anna", "H") * 3:
        search.find_citizens(ctx, word)
    with db.read() as s:
        prepared = s.execute(
            text("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        ).all()
    marks = [p for p in prepared if "hospital_contacts" in p.statement]
    assert len(marks) == 1
    assert marks[0].generic_plans >= 1 and marks[0].custom_plans == 0
    pages = [p for p in prepared if "LIKE" in p.statement or "citizens.cpr >=" in p.statement]
    assert pages == []


def test_the_name_indexes_carry_the_citizen_id_on_postgresql(db: Database) -> None:
    """Migration 0014: on PostgreSQL the citizen list's name indexes carry the citizen's id, so
    a page is read from the index alone; SQLite's are as they were (an SQLite index holds the
    row's id, the citizen's id, already)."""
    with db.engine.connect() as c:
        if db.engine.dialect.name == "postgresql":
            found = dict(
                c.execute(
                    text(
                        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'citizens'"
                        " AND schemaname = current_schema()"
                    )
                ).all()
            )
            assert found["ix_citizens_sort"].endswith("(sort_key) INCLUDE (id)")
            assert found["ix_citizens_team_sort"].endswith("(team_id, sort_key) INCLUDE (id)")
        else:
            for name, columns in (
                ("ix_citizens_sort", ["sort_key"]),
                ("ix_citizens_team_sort", ["team_id", "sort_key"]),
            ):
                info = c.exec_driver_sql(f"PRAGMA index_info('{name}')").all()
                assert [r[2] for r in info] == columns


def test_an_acute_bridge_beside_the_roll_costs_the_search_no_flag_check(
    db: Database, world: World
) -> None:
    """Atorvastatin given acutely beside the roll's atorvastatin, until its follow-up takes it
    into the roll, is no double prescription (R5): the page's statement knows it, so the search does not read
    the citizen's lines for the flags' rule, and shows no mark."""
    ctx = open_ctx(db, "sygpl", fixed_clock(NOW))
    changes.register(ctx, acute_new(world, 'Atorvastatin "Krka"'))
    assert Severity.HIGH not in {f.severity for f in flags.flags(ctx, cpr=world.anna)}
    search.find_citizens(ctx, world.anna)
    with counting(db) as seen:
        rows = search.find_citizens(ctx, world.anna)
    assert [(r.cpr, r.high_flag) for r in rows] == [(world.anna, False)]
    spans = [s for s in seen["statements"] if s.lstrip().startswith("SELECT line_versions.line_id")]
    assert spans == []


def test_an_acute_bridge_running_past_its_follow_up_is_marked(db: Database, world: World) -> None:
    """The same bridge running a day past the day its follow-up takes effect is a double
    prescription of high severity, and the search marks it."""
    ctx = open_ctx(db, "sygpl", fixed_clock(NOW))
    acute = changes.register(ctx, acute_new(world, 'Atorvastatin "Krka"'))
    with db.begin() as s:
        s.execute(
            text(
                "UPDATE changes SET effective_date = :day WHERE id = :id",
            ),
            {"day": NOW.date() + timedelta(days=3), "id": acute.follow_up_id},
        )
    assert Severity.HIGH in {f.severity for f in flags.flags(ctx, cpr=world.anna)}
    rows = search.find_citizens(ctx, world.anna)
    assert [(r.cpr, r.high_flag) for r in rows] == [(world.anna, True)]


@pytest.mark.parametrize("text", ["a" * 201, "Hans\x07en"])
def test_a_search_text_refused_names_the_search(db: Database, world: World, text: str) -> None:
    """A text too long or with a control character is refused before anything is read, and the
    message says it was the search's (the field's name is looked up only to refuse a text)."""
    ctx = open_ctx(db, "sygpl", fixed_clock(NOW))
    with pytest.raises(InvalidInput) as refused:
        search.search_citizens(ctx, text)
    assert "søgning" in refused.value.message
    assert [r.cpr for r in search.search_citizens(ctx, "a" * 200)] == []
