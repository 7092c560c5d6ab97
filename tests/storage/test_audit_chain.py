"""The audit log holds: every field hashed, the database's clock, a seal and checkpoints outside
the database, and `audit verify` naming each kind of tampering — probed as someone with the
database owner's rights (guards dropped, rows edited), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from dosisdesk.services import audit, cards
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.world import World


@pytest.fixture
def sealed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An installation that seals: a key file and a checkpoint file outside the database."""
    key = tmp_path / "keys" / "audit.key"
    audit.create_key(key)
    monkeypatch.setenv("DOSISDESK_AUDIT_KEY_FILE", str(key))
    monkeypatch.setenv("DOSISDESK_AUDIT_CHECKPOINT_FILE", str(tmp_path / "keys" / "cp.jsonl"))
    return key


def ctx_of(db: Database, user: str = "koord") -> Ctx:
    return open_ctx(db, user, fixed_clock(NOW))


def write_entries(db: Database, world: World, n: int) -> None:
    nurse = ctx_of(db, "sygpl")
    for _ in range(n):
        cards.card_view(nurse, world.anna)


def tamper(db: Database, *sql: str) -> None:
    """As the database's owner: drop the guards, run the statements."""
    with db.engine.begin() as c:
        if db.engine.dialect.name == "postgresql":
            c.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        else:
            c.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
            c.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
        for stmt in sql:
            c.execute(text(stmt))
        if db.engine.dialect.name == "postgresql":
            c.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))


def kinds(db: Database) -> list[str]:
    return [p.kind for p in audit.verify(ctx_of(db)).problems]


def row(db: Database, seq: int) -> dict:
    with db.engine.connect() as c:
        return dict(
            c.execute(text("SELECT * FROM audit_log WHERE seq = :s"), {"s": seq}).mappings().one()
        )


def test_a_clean_chain_verifies_sealed_and_numbered(db: Database, world: World, sealed: Path):
    write_entries(db, world, 5)
    audit.checkpoint(db)
    rep = audit.verify(ctx_of(db))
    assert rep.ok, rep.problems
    assert rep.keyed and rep.sealed == rep.entries == 5 and rep.checkpoints == 1
    with db.begin() as s:
        seqs = list(s.scalars(select(m.AuditEntry.seq).order_by(m.AuditEntry.id)))
    assert seqs == [1, 2, 3, 4, 5]


def test_the_moment_is_the_database_clock_not_the_clients(db: Database, world: World):
    future = open_ctx(db, "sygpl", fixed_clock(datetime(2027, 6, 1, 9, 0, tzinfo=UTC)))
    before = datetime.now(UTC)
    cards.card_view(future, world.anna)
    after = datetime.now(UTC)
    with db.begin() as s:
        at = s.scalar(select(m.AuditEntry.at).order_by(m.AuditEntry.seq.desc()).limit(1))
    assert at is not None
    assert before - timedelta(seconds=5) <= at <= after + timedelta(seconds=5)


@pytest.mark.parametrize(
    "column, value",
    [
        ("user_id", "999"),
        ("username", "'koord'"),
        ("action", "'card.print'"),
        ("citizen_id", "NULL"),
        ("entity_id", "4242"),
        ("at", None),
        ("db_user", "'mallory'"),
    ],
)
def test_every_field_is_covered_by_the_hash(db: Database, world: World, column: str, value):
    write_entries(db, world, 3)
    if value is None:
        value = (
            "at + interval '1 hour'"
            if db.engine.dialect.name == "postgresql"
            else "datetime(at, '+1 hour')"
        )
    tamper(db, f"UPDATE audit_log SET {column} = {value} WHERE seq = 2")
    rep = audit.verify(ctx_of(db))
    assert [(p.kind, p.seq) for p in rep.problems] == [("edited", 2)]


def test_a_deleted_entry_is_named(db: Database, world: World):
    write_entries(db, world, 5)
    tamper(db, "DELETE FROM audit_log WHERE seq IN (2, 3)")
    probs = audit.verify(ctx_of(db)).problems
    assert [(p.kind, p.first, p.last) for p in probs] == [("deleted", 2, 3)]


def test_reordered_rows_are_named(db: Database, world: World):
    write_entries(db, world, 4)
    a, b = row(db, 2)["id"], row(db, 3)["id"]
    # entries 2 and 3 change places in the table (each row keeps its own content)
    tamper(
        db,
        f"UPDATE audit_log SET id = -1 WHERE id = {a}",
        f"UPDATE audit_log SET id = {a} WHERE id = {b}",
        f"UPDATE audit_log SET id = {b} WHERE id = -1",
    )
    probs = audit.verify(ctx_of(db)).problems
    assert [(p.kind, p.seq) for p in probs] == [("reordered", 3)]


def test_an_inserted_entry_is_named(db: Database, world: World):
    write_entries(db, world, 3)
    r = row(db, 3)
    tamper(
        db,
        "UPDATE audit_log SET seq = seq + 1 WHERE seq = 3",
    )
    at = r["at"].isoformat(sep=" ") if isinstance(r["at"], datetime) else r["at"]
    tamper(
        db,
        "INSERT INTO audit_log (seq, at, user_id, username, db_user, action, entity, prev_hash, "
        f"hash) VALUES (3, '{at}', 1, 'admin', '', 'card.read', 'card', 'x', 'y')",
    )
    assert "inserted" in kinds(db)


def test_truncation_and_deleting_everything_are_found_by_the_checkpoint(
    db: Database, world: World, sealed: Path
):
    write_entries(db, world, 5)
    audit.checkpoint(db)
    tamper(db, "DELETE FROM audit_log WHERE seq >= 4")
    probs = audit.verify(ctx_of(db)).problems
    assert [(p.kind, p.first, p.last) for p in probs] == [("truncated", 4, 5)]
    tamper(db, "DELETE FROM audit_log")
    probs = audit.verify(ctx_of(db)).problems
    assert [(p.kind, p.first, p.last) for p in probs] == [("truncated", 1, 5)]


def test_a_forged_append_is_found_by_its_seal(db: Database, world: World, sealed: Path):
    from dosisdesk.domain import auditchain as chain

    write_entries(db, world, 3)
    head = row(db, 3)
    at = datetime.now(UTC)
    h = chain.digest(
        seq=4,
        at=at,
        user_id=1,
        username="admin",
        db_user="",
        action="user.add",
        entity="user",
        entity_id=9,
        citizen_id=None,
        before=None,
        after=None,
        prev_hash=head["hash"],
    )
    with db.begin() as s:  # a perfectly chained row, written without the key
        s.add(
            m.AuditEntry(
                seq=4,
                at=at,
                user_id=1,
                username="admin",
                db_user="",
                action="user.add",
                entity="user",
                entity_id=9,
                prev_hash=head["hash"],
                hash=h,
                mac="0" * 64,
            )
        )
    probs = audit.verify(ctx_of(db)).problems
    if db.engine.dialect.name == "postgresql":  # the trigger stamped its own moment and account
        assert {p.kind for p in probs} == {"edited", "forged"}
    else:
        assert [(p.kind, p.seq) for p in probs] == [("forged", 4)]


def test_a_recomputed_chain_is_found_by_seal_and_checkpoint(
    db: Database, world: World, sealed: Path
):
    from dosisdesk.domain import auditchain as chain

    write_entries(db, world, 4)
    audit.checkpoint(db)
    # edit entry 2 and recompute every hash after it, exactly as the program would
    with db.engine.connect() as c:
        rows = [dict(r) for r in c.execute(text("SELECT * FROM audit_log ORDER BY seq")).mappings()]
    stmts, prev = [], rows[0]["hash"]
    for r in rows[1:]:
        if r["seq"] == 2:
            r["username"] = "koord"
        at = (
            r["at"]
            if isinstance(r["at"], datetime)
            else datetime.fromisoformat(str(r["at"])).replace(tzinfo=UTC)
        )
        h = chain.digest(
            seq=r["seq"],
            at=at,
            user_id=r["user_id"],
            username=r["username"],
            db_user=r["db_user"],
            action=r["action"],
            entity=r["entity"],
            entity_id=r["entity_id"],
            citizen_id=r["citizen_id"],
            before=r["before"],
            after=r["after"],
            prev_hash=prev,
        )
        stmts.append(
            f"UPDATE audit_log SET username = '{r['username']}', prev_hash = '{prev}', "
            f"hash = '{h}' WHERE id = {r['id']}"
        )
        prev = h
    tamper(db, *stmts)
    rep = audit.verify(ctx_of(db))
    found = {(p.kind, p.seq) for p in rep.problems}
    assert ("forged", 2) in found and ("recomputed", 4) in found
    assert not {k for k, _ in found} & {"edited", "deleted", "inserted"}


def test_a_forged_checkpoint_is_named(db: Database, world: World, sealed: Path):
    write_entries(db, world, 2)
    audit.checkpoint(db)
    cp_file = Path(str(sealed.parent / "cp.jsonl"))
    line = json.loads(cp_file.read_text().splitlines()[0])
    line.update(seq=99, mac="1" * 64)
    with cp_file.open("a") as f:
        f.write(json.dumps(line) + "\n")
    probs = audit.verify(ctx_of(db)).problems
    assert [(p.kind, p.seq) for p in probs] == [("checkpoint", 99)]


def test_the_guards_still_refuse_update_delete(db: Database, world: World):
    write_entries(db, world, 1)
    for stmt in ("UPDATE audit_log SET username = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), db.engine.begin() as c:
            c.execute(text(stmt))


_WORKER = """
import sys
from dosisdesk.services import audit
from dosisdesk.services.context import open_ctx
from dosisdesk.storage.db import Database
db = Database.open(sys.argv[1], upgrade=False)
ctx = open_ctx(db, "sygpl")
for i in range(int(sys.argv[3])):
    with db.begin() as s:
        audit.record(s, ctx.actor, None, "card.read", "card", i, int(sys.argv[2]))
db.dispose()
"""


def test_concurrent_appends_from_several_processes_keep_one_chain(any_url: str, sealed: Path):
    from tests.world import build_world

    db = Database.create(any_url, training=True)
    w = build_world(db)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, any_url, str(w.anna_id), "15"], stderr=subprocess.PIPE
        )
        for _ in range(4)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()[-2000:]
    rep = audit.verify(ctx_of(db))
    assert rep.ok, rep.problems
    assert rep.entries == 60 and rep.sealed == 60
    db.dispose()


def test_a_session_and_its_connection_write_one_chain(db: Database, world: World) -> None:
    """The first screen writes its entries on a connection (``Database.begin_core``), the other
    services through an ORM session: in one unit of work both continue the same head."""
    ctx = ctx_of(db)
    before = audit.entry_count(db)
    with db.begin() as s:
        audit.record(s, ctx.actor, None, "test.session", "test")
        audit.record(s.connection(), ctx.actor, None, "test.connection", "test")
        audit.record(s, ctx.actor, None, "test.session", "test")
    with db.begin_core() as conn:
        audit.record(conn, ctx.actor, None, "test.connection", "test")
        audit.record(conn, ctx.actor, None, "test.connection", "test")
    assert audit.entry_count(db) == before + 5
    assert kinds(db) == []  # numbered without a gap, each linked to the one before
