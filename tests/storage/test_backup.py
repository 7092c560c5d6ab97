"""Backup → restore → verify: a restored database opens with every citizen, change and audit
entry, and its chain verifies; a restore never goes over data."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from dosisdesk.cli import run
from dosisdesk.domain.errors import AccessDenied, InvalidInput
from dosisdesk.services import audit, backup, cards, changes
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database, normalize_url
from tests.conftest import NOW, PG_URL
from tests.world import World


def counts(db: Database) -> tuple[int, int, int]:
    with db.begin() as s:
        return (
            int(s.scalar(select(func.count()).select_from(m.Citizen)) or 0),
            int(s.scalar(select(func.count()).select_from(m.Change)) or 0),
            int(s.scalar(select(func.count()).select_from(m.AuditEntry)) or 0),
        )


def some_work(db: Database, world: World) -> None:
    from tests.storage.test_changes import dose_change

    nurse = open_ctx(db, "sygpl", fixed_clock(NOW))
    cards.card_view(nurse, world.anna)
    changes.register(nurse, dose_change(world))


def test_backup_and_restore_on_sqlite(db: Database, world: World, tmp_path: Path):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the PostgreSQL variant is below")
    some_work(db, world)
    with pytest.raises(AccessDenied):  # administrators only (the refusal is logged)
        backup.backup(open_ctx(db, "sygpl"), tmp_path / "x.bak")
    before = counts(db)
    res = backup.backup(open_ctx(db, "admin"), tmp_path / "kopi.sqlite")
    assert (Path(res.file).stat().st_mode & 0o777) == 0o600
    with pytest.raises(InvalidInput):  # never over an existing file
        backup.backup(open_ctx(db, "admin"), tmp_path / "kopi.sqlite")
    target = f"sqlite:///{tmp_path / 'restored' / 'dosisdesk.sqlite'}"
    out = backup.restore(tmp_path / "kopi.sqlite", target)
    assert out.audit.ok and out.citizens == before[0]
    restored = Database.open(target)
    assert counts(restored) == before  # the backup's own entry came after the copy
    restored.dispose()
    with pytest.raises(InvalidInput):  # never over data
        backup.restore(tmp_path / "kopi.sqlite", target)


def test_backup_and_restore_from_the_cli(db: Database, world: World, tmp_path: Path, capsys):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite here")
    url = db.url
    assert run(["--db", url, "--user", "admin", "backup", str(tmp_path / "b.sqlite")]) == 0
    new = tmp_path / "ny.sqlite"
    assert run(["--db", str(new), "restore", str(tmp_path / "b.sqlite")]) == 0
    assert "Revisionsloggen er intakt" in capsys.readouterr().out
    assert run(["--db", str(new), "restore", str(tmp_path / "b.sqlite")]) == 2
    assert "tom database" in capsys.readouterr().err


@pytest.mark.skipif(not PG_URL, reason="set DOSISDESK_TEST_DATABASE_URL to run on PostgreSQL")
def test_backup_and_restore_on_postgresql(pg_schema_url: str, tmp_path: Path):
    from tests.world import build_world

    db = Database.create(pg_schema_url, training=True)
    w = build_world(db)
    some_work(db, w)
    before = counts(db)
    backup.backup(open_ctx(db, "admin"), tmp_path / "kopi.dump")
    schema = pg_schema_url.split("search_path%3D", 1)[1]
    db.dispose()
    admin = create_engine(normalize_url(PG_URL or ""))
    with admin.begin() as c:
        c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    out = backup.restore(tmp_path / "kopi.dump", pg_schema_url)
    assert out.audit.ok, out.audit.problems
    again = Database.open(pg_schema_url)
    assert counts(again) == before
    assert audit.verify_db(again).ok
    again.dispose()
    with admin.begin() as c:  # the fixture drops it again
        c.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    admin.dispose()
