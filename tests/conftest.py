"""Shared fixtures: a migrated database on SQLite (always) and PostgreSQL (when
DOSISDESK_TEST_DATABASE_URL is set), a small known world, and a fixed clock."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from sqlalchemy import create_engine, text

from dosisdesk.domain.types import CPH
from dosisdesk.storage.db import Database, normalize_url

PG_URL = os.environ.get("DOSISDESK_TEST_DATABASE_URL")

#: The moment the tests live in: Sunday 22 November 2026, 10:00 in Copenhagen.
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=CPH)


@pytest.fixture(scope="session", autouse=True)
def _one_qapplication(qapp: object) -> object:
    """The widgets QApplication first, in every test process: code that paints a PDF (the CLI's
    handover, medicine list, citizen's log) makes a bare QGuiApplication when none runs, and a
    GUI test later in the same process could then not get its QApplication."""
    return qapp


@pytest.fixture(autouse=True)
def _isolated_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test touches the user's data folder, log folder or a machine-wide settings file."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("DOSISDESK_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("DOSISDESK_LOG_DIR", str(base / "logs"))
    monkeypatch.setenv("DOSISDESK_CONFIG", str(base / "no-such-settings.ini"))
    monkeypatch.delenv("DOSISDESK_DATABASE_URL", raising=False)
    monkeypatch.delenv("DOSISDESK_USER", raising=False)


def _backends() -> list[object]:
    return [
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not PG_URL, reason="set DOSISDESK_TEST_DATABASE_URL to run on PostgreSQL"
            ),
        ),
    ]


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


@contextmanager
def pg_schema() -> Iterator[str]:
    """The URL of a fresh PostgreSQL schema, dropped when the block ends."""
    assert PG_URL
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(normalize_url(PG_URL))
    with admin.begin() as c:
        c.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@contextmanager
def backend_url(backend: str, folder: Path, name: str) -> Iterator[str]:
    """A database URL on ``backend`` ("sqlite": the file ``name`` in ``folder``; "postgresql":
    a fresh schema, dropped afterwards), for fixtures wider than one test."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / name}"
    else:
        with pg_schema() as url:
            yield url


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for one test, dropped afterwards."""
    with pg_schema() as url:
        yield url


@pytest.fixture(params=_backends())
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
    else:
        yield request.getfixturevalue("pg_schema_url")


@pytest.fixture
def db(any_url: str) -> Iterator[Database]:
    database = Database.create(any_url, training=True)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    database = Database.create(sqlite_url, training=True)
    yield database
    database.dispose()


@pytest.fixture
def world(db: Database):  # type: ignore[no-untyped-def]
    from tests.world import build_world

    return build_world(db)


@pytest.fixture
def sqlite_world(sqlite_db: Database):  # type: ignore[no-untyped-def]
    from tests.world import build_world

    return build_world(sqlite_db)


__all__ = ["NOW", "date"]
