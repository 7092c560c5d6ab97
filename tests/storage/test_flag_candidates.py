"""``flag_candidates`` (migration 0013) is kept by the database: after every kind of write of line
versions, through the services, the demo's bulk build, an upgrade of a populated database or
plain SQL, it holds exactly the groups a recomputation from the versions finds, so the flag list
(which reads only these groups) can never miss a double prescription because a writer forgot
it. On PostgreSQL two transactions writing one citizen's lines at once keep it right too."""

from __future__ import annotations

import random
import sqlite3
import threading
from datetime import date, timedelta
from itertools import pairwise

import pytest
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.exc import DBAPIError

from dosisdesk.demo.build import build_demo
from dosisdesk.domain.errors import DosisError
from dosisdesk.domain.types import ChangeKind, ChangeState, Supply
from dosisdesk.services import changes, flags, queue_clock, undo
from dosisdesk.services.changes import ChangeRequest
from dosisdesk.storage import flags as flags_sql
from dosisdesk.storage import migrate
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database, normalize_url
from tests.conftest import NOW, PG_URL
from tests.storage.test_change_state import at
from tests.world import World

Groups = set[tuple[int, str]]
#: The writes of the walk ("new" thrice: lines must pile up for groups to form).
WRITES = [
    *("new", "new", "new", "dose", "stop", "switch", "pause", "cancel", "uncancel", "confirm"),
    *("advance", "sql_supply", "sql_atc", "sql_status", "sql_delete", "sql_move"),
]


def kept(engine: Engine) -> Groups:
    with engine.connect() as c:
        return {(r[0], r[1]) for r in c.execute(text("SELECT * FROM flag_candidates"))}


def recomputed(engine: Engine) -> Groups:
    with engine.connect() as c:
        return {(r[0], r[1]) for r in c.execute(text(flags_sql.CANDIDATE_GROUPS))}


def _write(db: Database, w: World, rng: random.Random, moment: object) -> str:
    """One random write of line versions (a service, or plain SQL as a fix by hand would)."""
    ctx = at(db, moment)  # type: ignore[arg-type]
    cpr = rng.choice([w.anna, w.ojvind])
    groups = kept(db.engine)
    with db.begin() as s:
        cid = s.scalar(select(m.Citizen.id).where(m.Citizen.cpr == cpr))
        lines = list(
            s.scalars(select(m.Line.id).where(m.Line.citizen_id == cid).order_by(m.Line.id))
        )
        versions = [
            vid
            for vid, atc in s.execute(
                select(m.LineVersion.id, m.LineVersion.atc)
                .where(m.LineVersion.citizen_id == cid)
                .order_by(m.LineVersion.id)
            )
            # mostly versions of a kept group: the writes that can take a group away
            if rng.random() < 0.3 or (cid, atc[:5]) in groups
        ]
        busy = set(
            s.scalars(
                select(m.Change.line_id).where(
                    m.Change.citizen_id == cid,
                    m.Change.state.in_([ChangeState.REGISTERED.value, ChangeState.CONFIRMED.value]),
                )
            )
        )
        open_ = list(
            s.execute(
                select(m.Change.id, m.Change.version_id)
                .where(m.Change.citizen_id == cid, m.Change.state == ChangeState.REGISTERED.value)
                .order_by(m.Change.id)
            )
        )
        cancelled = list(
            s.execute(
                select(m.Change.id, m.Change.version_id)
                .where(m.Change.citizen_id == cid, m.Change.state == ChangeState.CANCELLED.value)
                .order_by(m.Change.id)
            )
        )
    product = rng.choice([w.p_zarator, w.p_atorva_krka, w.p_simva, w.p_panodil, w.p_metformin])
    supply = rng.choice(list(Supply))
    what = rng.choice(WRITES)
    line = rng.choice(lines) if lines else None
    if what in ("dose", "stop", "pause"):  # a line with no open change (no conflict to decide)
        free = [ln for ln in lines if ln not in busy]
        line = rng.choice(free) if free else None
    try:
        if what == "new":
            changes.register(
                ctx,
                ChangeRequest(
                    cpr, ChangeKind.NEW, product=f"#{product}", dosage="1+0+0+0", supply=supply
                ),
            )
        elif what in ("dose", "stop", "switch", "pause") and line is not None:
            kind = {
                "dose": ChangeKind.DOSE_CHANGE,
                "stop": ChangeKind.DISCONTINUE,
                "switch": ChangeKind.SWITCH_SUPPLY,
                "pause": ChangeKind.PAUSE_LINE,
            }[what]
            changes.register(
                ctx,
                ChangeRequest(
                    cpr,
                    kind,
                    line_id=line,
                    dosage="0+1+0+0" if kind is ChangeKind.DOSE_CHANGE else None,
                    supply=supply if kind is ChangeKind.SWITCH_SUPPLY else None,
                ),
            )
        elif what == "cancel" and open_:
            cid_, version = rng.choice(open_)
            changes.cancel(ctx, cid_, version, "Lægen fortrød")
        elif what == "uncancel" and cancelled:
            cid_, version = rng.choice(cancelled)
            undo.uncancel(ctx, cid_, version)
        elif what == "confirm" and open_:
            changes.confirm(ctx, [rng.choice(open_)])
        elif what == "advance":
            queue_clock.advance(ctx)
        elif what.startswith("sql_") and versions:
            vid = rng.choice(versions)
            sql = {
                "sql_supply": f"UPDATE line_versions SET supply = '{supply.value}' WHERE id = {vid}",
                "sql_atc": "UPDATE line_versions SET atc = "
                f"(SELECT atc FROM products WHERE id = {product}) WHERE id = {vid}",
                "sql_status": "UPDATE line_versions SET status = "
                f"'{rng.choice(['active', 'paused', 'discontinued'])}' WHERE id = {vid}",
                "sql_delete": f"DELETE FROM line_versions WHERE id = {vid}",
                "sql_move": f"UPDATE line_versions SET line_id = {line} WHERE id = {vid}",
            }[what]
            with db.engine.begin() as c:
                c.execute(text(sql))
        else:
            return "nothing"
    except (DosisError, DBAPIError):
        return f"{what} refused"
    return what


def test_after_every_kind_of_write_the_kept_groups_are_the_recomputed_ones(
    db: Database, world: World
) -> None:
    engine = db.engine
    assert kept(engine) == recomputed(engine)
    rng = random.Random(13)
    seen: list[Groups] = [kept(engine)]
    done = []
    for step in range(150):
        moment = NOW + timedelta(days=step // 4, hours=step % 4)
        done.append(_write(db, world, rng, moment))
        now_kept = kept(engine)
        assert now_kept == recomputed(engine), (step, done[-1])
        seen.append(now_kept)
    # the walk did add and remove groups, through the services and by hand
    assert any(b - a for a, b in pairwise(seen))
    assert any(a - b for a, b in pairwise(seen))
    assert {"new", "switch", "advance", "sql_delete", "sql_atc", "sql_status"} <= set(done), done
    assert {"dose", "stop", "pause"} & set(done), done
    # and the flag list read through it is the rule's on every citizen
    ctx = at(db, NOW + timedelta(days=18))
    with db.begin() as s:
        ids = list(s.scalars(select(m.Citizen.id)))
        listed = flags.flags_in(s, ctx.today(), None, None, include_acknowledged=True)
        one_by_one = [f for cid in ids for f in flags.flags_in(s, ctx.today(), [cid], None)]
    key = [(f.citizen_id, f.line_a, f.line_b, f.severity) for f in listed]
    assert sorted(key) == sorted((f.citizen_id, f.line_a, f.line_b, f.severity) for f in one_by_one)


def test_the_demo_bulk_build_fills_it(db: Database) -> None:
    build_demo(db, citizens=150, seed=5, now=NOW)
    found = kept(db.engine)
    assert found and found == recomputed(db.engine)
    if db.engine.dialect.name == "sqlite":  # the triggers came back after the bulk load
        with db.engine.connect() as c:
            names = c.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            ).scalars()
            assert {"flag_candidates_delete", "flag_candidates_insert"} <= set(names)


def test_the_bulk_fill_finds_exactly_the_groups_the_search_finds() -> None:
    """A bulk load fills the table with the grouped form (one pass over the active versions);
    on random versions it finds exactly CANDIDATE_GROUPS' groups, the corners included: a group
    whose versions are all of one line, a roll version no longer active, two roll lines, a
    line whose versions changed ATC code or supply, two codes of one group."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE line_versions (citizen_id INTEGER NOT NULL, line_id INTEGER NOT NULL, "
        "atc VARCHAR(7) NOT NULL, supply VARCHAR(20) NOT NULL, status VARCHAR(20) NOT NULL)"
    )
    codes = ("N02BE01", "N02BE51", "B01AC06", "B01AA03", "C03CA01")
    supplies = [s.value for s in Supply]
    statuses = ("active", "active", "paused", "discontinued")
    rng = random.Random(11)
    found = 0
    for _round in range(40):
        conn.execute("DELETE FROM line_versions")
        rows = []
        for citizen in range(1, 30):
            for line in range(rng.randint(1, 6)):
                atc, supply = rng.choice(codes), rng.choice(supplies)
                for _version in range(rng.randint(1, 3)):
                    if rng.random() < 0.2:
                        atc, supply = rng.choice(codes), rng.choice(supplies)
                    rows.append((citizen, citizen * 100 + line, atc, supply, rng.choice(statuses)))
        conn.executemany("INSERT INTO line_versions VALUES (?, ?, ?, ?, ?)", rows)
        searched = set(conn.execute(flags_sql.CANDIDATE_GROUPS))
        assert set(conn.execute(flags_sql.CANDIDATE_GROUPS_GROUPED)) == searched
        found += len(searched)
    assert found > 100  # the rounds had groups to find


def test_the_upgrade_fills_it_on_a_populated_database(any_url: str) -> None:
    engine = create_engine(normalize_url(any_url))
    try:
        # a populated 0012 database: the demo written by this program, then 0013's table and
        # triggers taken away (the layout a 0012 program left)
        full = Database.create(any_url, training=True)
        build_demo(full, citizens=60, seed=3, now=NOW)
        full.dispose()
        before = recomputed(engine)
        assert before
        _downgrade(any_url, "0012")
        with engine.connect() as c:
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0012"
        migrate.upgrade(any_url)
        assert kept(engine) == before == recomputed(engine)
        with engine.begin() as c:  # and the triggers keep it from then on
            c.execute(text("UPDATE line_versions SET status = 'discontinued'"))
        assert kept(engine) == set()
    finally:
        engine.dispose()


def _downgrade(url: str, revision: str) -> None:
    from alembic import command

    from dosisdesk.storage.db import make_engine

    migration = make_engine(normalize_url(url), migration=True)
    with migration.connect() as conn:
        cfg = migrate.config(normalize_url(url))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
        conn.commit()
    migration.dispose()


@pytest.mark.skipif(not PG_URL, reason="set DOSISDESK_TEST_DATABASE_URL to run on PostgreSQL")
def test_two_transactions_adding_the_two_lines_of_a_double_at_once(pg_schema_url: str) -> None:
    """Each would see no partner in its own snapshot: the second waits for the first (a lock
    per citizen) and then sees its line."""
    from tests.world import build_world

    db = Database.create(pg_schema_url, training=True)
    w = build_world(db)
    with db.begin() as s:
        citizen = s.scalar(select(m.Citizen.id).where(m.Citizen.cpr == w.ojvind))
        card = s.scalar(select(m.Card.id).where(m.Card.citizen_id == citizen))
        s.execute(text("DELETE FROM line_versions WHERE citizen_id = :c"), {"c": citizen})
        ids = []
        for _ in range(2):
            ln = m.Line(card_id=card, citizen_id=citizen)
            s.add(ln)
            s.flush()
            ids.append(ln.id)
    assert kept(db.engine) == set()
    insert = text(
        "INSERT INTO line_versions (line_id, citizen_id, valid_from, product_id, atc, dosage, "
        "supply, status, private, indication) VALUES (:line, :c, :day, :p, 'C10AA05', '1', "
        ":supply, 'active', false, '')"
    )
    day = date(2026, 11, 22)
    first, second = db.engine.connect(), db.engine.connect()
    try:
        first.begin()
        first.execute(
            insert,
            {"line": ids[0], "c": citizen, "day": day, "p": w.p_zarator, "supply": "dose_roll"},
        )
        second.begin()
        done = threading.Event()

        def other() -> None:
            second.execute(
                insert,
                {"line": ids[1], "c": citizen, "day": day, "p": w.p_zarator, "supply": "ordinary"},
            )
            done.set()

        t = threading.Thread(target=other)
        t.start()
        assert not done.wait(0.5)  # waits for the first
        first.commit()
        t.join(10)
        assert done.is_set()
        second.commit()
    finally:
        first.close()
        second.close()
    assert kept(db.engine) == {(citizen, "C10AA")} == recomputed(db.engine)
    db.dispose()
