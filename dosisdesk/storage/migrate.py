"""Alembic, driven from code: the migrations live inside the package (``storage/migrations``)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from dosisdesk.domain.errors import SchemaMismatch, StorageError
from dosisdesk.storage.db import is_sqlite, make_engine


def config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "dosisdesk:storage/migrations")
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head() -> str:
    head_rev = ScriptDirectory.from_config(config("sqlite://")).get_current_head()
    assert head_rev is not None
    return head_rev


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(url: str, revision: str = "head", *, kind: str | None = None) -> None:
    """Upgrade the schema in one transaction per migration (foreign keys off on SQLite).

    ``kind`` ("real" or "training") is what a database created now becomes; an existing one keeps
    its kind (or, first time, gets it from its demo marker: migration 0003)."""
    engine = make_engine(url, migration=True)
    try:
        check_not_newer(engine)
        with engine.connect() as conn:
            cfg = config(url)
            cfg.attributes["connection"] = conn
            if kind is not None:
                cfg.attributes["database_kind"] = kind
            command.upgrade(cfg, revision)
            if is_sqlite(url):
                bad = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                if bad:
                    raise StorageError(
                        f"foreign key check failed after migration: {bad[:5]}",
                        "Databasen er ikke konsistent efter opgraderingen. Kontakt IT, og brug "
                        "sikkerhedskopien.",
                    )
    finally:
        engine.dispose()


def _known() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(config("sqlite://")).walk_revisions()}


def check_not_newer(engine: Engine) -> None:
    """Refuse, before any upgrade, a database migrated by a newer program."""
    rev = current(engine)
    if rev is not None and rev not in _known():
        raise SchemaMismatch(
            f"the database schema {rev} is unknown to this program (newer version?)",
            "Databasen er opgraderet til en nyere version af dosisdesk end denne. Opdater "
            "programmet på denne maskine; der er ikke ændret noget i databasen.",
        )


def check_current(engine: Engine) -> None:
    """Refuse a schema this version of the program does not know, with a clear message."""
    rev = current(engine)
    expected = head()
    if rev == expected:
        return
    known = _known()
    if rev is None:
        raise SchemaMismatch(
            "the database has no dosisdesk schema; run 'dosisdesk db upgrade'",
            "Databasen er tom eller ikke en dosisdesk-database. En administrator skal køre "
            "'dosisdesk db upgrade' først.",
        )
    if rev in known:
        raise SchemaMismatch(
            f"the database schema {rev} is older than this program's {expected}; "
            "run 'dosisdesk db upgrade'",
            "Databasen har en ældre opbygning end dette program. En administrator skal køre "
            "'dosisdesk db upgrade'.",
        )
    raise SchemaMismatch(
        f"the database schema {rev} is unknown to this program (newer version?)",
        "Databasen er opgraderet til en nyere version af dosisdesk end denne. Opdater programmet "
        "på denne maskine; der er ikke ændret noget i databasen.",
    )
