"""Migration 0012 keys the list citizens of the audit log by citizen (SQLite: the table is its
own index, without a rowid): the rows written before survive the upgrade, stay append-only, and
the citizen's log finds a list entry by the key."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from dosisdesk.storage import migrate
from dosisdesk.storage.db import normalize_url

ROWS = [(1, 7), (1, 9), (2, 7), (2, 11)]  # (entry, citizen)


def _entries(c: object) -> None:
    from sqlalchemy import Connection

    assert isinstance(c, Connection)
    for seq in (1, 2):
        c.execute(
            text(
                "INSERT INTO audit_log (id, seq, at, username, db_user, action, entity, after, "
                "prev_hash, hash) VALUES (:id, :id, :at, 'koord', '', 'search.read', "
                "'citizen_list', '{}', :prev, :hash)"
            ),
            {"id": seq, "at": "2026-11-22 09:00:00.000000", "prev": "0" * 64, "hash": "1" * 64},
        )
    c.execute(
        text("INSERT INTO audit_citizens (entry_id, citizen_id) VALUES (:e, :c)"),
        [{"e": e, "c": cid} for e, cid in ROWS],
    )


def test_the_upgrade_keeps_the_rows_keyed_by_citizen(any_url: str) -> None:
    migrate.upgrade(any_url, "0011")
    engine = create_engine(normalize_url(any_url))
    try:
        with engine.begin() as c:
            _entries(c)
        migrate.upgrade(any_url)
        with engine.begin() as c:
            kept = c.execute(
                text("SELECT entry_id, citizen_id FROM audit_citizens ORDER BY 1, 2")
            ).all()
            assert [tuple(r) for r in kept] == ROWS
            found = c.execute(
                text("SELECT entry_id FROM audit_citizens WHERE citizen_id = 7 ORDER BY 1")
            ).scalars()
            assert list(found) == [1, 2]
            if engine.dialect.name == "sqlite":
                sql = c.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'audit_citizens'")
                ).scalar_one()
                assert "WITHOUT ROWID" in sql and "PRIMARY KEY (citizen_id, entry_id)" in sql
                plan = " ".join(
                    str(r[-1])
                    for r in c.execute(
                        text(
                            "EXPLAIN QUERY PLAN SELECT entry_id FROM audit_citizens "
                            "WHERE citizen_id = 7"
                        )
                    )
                )
                assert "PRIMARY KEY" in plan
            else:
                key = c.execute(
                    text(
                        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                        "WHERE conrelid = 'audit_citizens'::regclass AND contype = 'p'"
                    )
                ).scalar_one()
                assert key == "PRIMARY KEY (citizen_id, entry_id)"
        for sql in (
            "UPDATE audit_citizens SET citizen_id = 8 WHERE citizen_id = 7",
            "DELETE FROM audit_citizens WHERE citizen_id = 7",
        ):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as c:
                c.execute(text(sql))
        migrate.upgrade(any_url)  # again: nothing to do
    finally:
        engine.dispose()


def test_downgrade_restores_the_old_layout_with_the_rows(any_url: str) -> None:
    from alembic import command

    from dosisdesk.storage.db import make_engine

    migrate.upgrade(any_url)
    engine = create_engine(normalize_url(any_url))
    try:
        with engine.begin() as c:
            _entries(c)
        migration = make_engine(normalize_url(any_url), migration=True)
        with migration.connect() as conn:
            cfg = migrate.config(normalize_url(any_url))
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0011")
            conn.commit()
        migration.dispose()
        with engine.begin() as c:
            kept = c.execute(
                text("SELECT entry_id, citizen_id FROM audit_citizens ORDER BY 1, 2")
            ).all()
        assert [tuple(r) for r in kept] == ROWS
        migrate.upgrade(any_url)
        with engine.begin() as c:
            assert c.execute(text("SELECT count(*) FROM audit_citizens")).scalar_one() == 4
    finally:
        engine.dispose()
