"""The training database (øvelsesdatabase): a kind set once when a database is created, never
changed; and only 'db init' (or demo, making a training one) creates a database."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from dosisdesk.cli import run
from dosisdesk.domain.errors import DatabaseExists, DatabaseMissing
from dosisdesk.services.context import open_ctx
from dosisdesk.storage import migrate
from dosisdesk.storage.db import Database, make_engine, normalize_url


def test_db_init_makes_a_real_database_and_training_only_when_asked(tmp_path: Path, capsys):
    real, training = tmp_path / "real.sqlite", tmp_path / "train.sqlite"
    assert run(["--db", str(real), "db", "init"]) == 0
    assert run(["--db", str(training), "--json", "db", "init", "--training"]) == 0
    assert '"training": true' in capsys.readouterr().out
    db = Database.open(str(real))
    assert not db.is_training() and not open_ctx(db, "admin").is_training()
    db.dispose()
    db = Database.open(str(training))
    assert db.is_training() and open_ctx(db, "admin").is_training()
    db.dispose()


def test_db_init_never_touches_an_existing_database(tmp_path: Path, capsys):
    path = tmp_path / "real.sqlite"
    assert run(["--db", str(path), "db", "init"]) == 0
    before = path.read_bytes()
    capsys.readouterr()
    assert run(["--db", str(path), "db", "init", "--training"]) == 2
    assert "findes allerede" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert not Database.open(str(path)).is_training()
    with pytest.raises(DatabaseExists):
        Database.create(str(path), training=True)
    # --training belongs to init only: an existing database never changes its kind
    assert run(["--db", str(path), "db", "upgrade", "--training"]) == 2


def test_a_mistyped_db_path_creates_nothing(tmp_path: Path, capsys):
    wrong = tmp_path / "typo" / "deeper" / "dosisdesk.sqlite"
    for argv in (["search", "x"], ["db", "upgrade"], ["db", "current"], ["audit", "verify"]):
        assert run(["--db", str(wrong), *argv]) == 2, argv
        err = capsys.readouterr().err
        assert "ingen" in err and "db init" in err and "Traceback" not in err
    assert not (tmp_path / "typo").exists()
    with pytest.raises(DatabaseMissing):
        Database.open(f"sqlite:///{wrong}")
    assert not (tmp_path / "typo").exists()


def test_a_folder_is_not_a_database(tmp_path: Path, capsys):
    assert run(["--db", str(tmp_path), "search", "x"]) == 2
    assert "er en mappe" in capsys.readouterr().err


def test_new_database_files_and_folders_are_the_owners_alone(tmp_path: Path):
    path = tmp_path / "new" / "sub" / "d.sqlite"
    Database.create(str(path), training=False).dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700


def test_demo_makes_a_training_database_and_refuses_a_real_one(tmp_path: Path, capsys):
    fresh, real = tmp_path / "demo.sqlite", tmp_path / "real.sqlite"
    assert run(["--db", str(fresh), "--now", "2026-11-22T10:00", "demo", "--citizens", "3"]) == 0
    assert Database.open(str(fresh)).is_training()
    assert run(["--db", str(real), "db", "init"]) == 0
    capsys.readouterr()
    assert run(["--db", str(real), "demo", "--citizens", "3"]) == 2
    assert "øvelsesdatabase" in capsys.readouterr().err
    db = Database.open(str(real))
    with db.begin() as s:
        assert s.execute(text("SELECT count(*) FROM citizens")).scalar() == 0
    assert not db.is_training()
    db.dispose()


@pytest.mark.parametrize("training", [False, True])
def test_the_database_refuses_to_change_its_kind(any_url: str, training: bool):
    db = Database.create(any_url, training=training)
    assert db.is_training() is training
    for sql in (
        "UPDATE database_kind SET kind = 'training'",
        "UPDATE database_kind SET kind = 'real'",
        "DELETE FROM database_kind",
        "INSERT INTO database_kind (id, kind) VALUES (2, 'training')",
    ):
        with pytest.raises(DBAPIError), db.engine.begin() as c:
            c.execute(text(sql))
    db.dispose()
    again = Database.open(any_url)
    assert again.is_training() is training
    again.dispose()


@pytest.mark.parametrize("demo", [False, True])
def test_an_existing_database_gets_its_kind_from_the_demo_marker(sqlite_url: str, demo: bool):
    """A database made before the kind existed: demo data → training, anything else → real."""
    url = normalize_url(sqlite_url)
    Database.create(url, training=True).dispose()
    from alembic import command

    engine = make_engine(url, migration=True)
    with engine.connect() as conn:
        cfg = migrate.config(url)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    engine.dispose()
    if demo:
        plain = create_engine(url)
        with plain.begin() as c:
            c.execute(text("INSERT INTO meta (key, value) VALUES ('demo', 'true')"))
        plain.dispose()
    db = Database.open(url)  # SQLite upgrades at open
    assert db.is_training() is demo
    db.dispose()
