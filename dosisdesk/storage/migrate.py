"""Alembic, driven from code: the migrations live inside the package (``storage/migrations``).

Opening a database whose schema is current must stay cheap at any size: the stored revision is
read with one query and compared with the newest migration file's revision (read from the files,
without Alembic); Alembic itself (and its imports) and the foreign-key check after a migration run
only when the database is behind.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text

from dosisdesk.domain.errors import SchemaMismatch, StorageError
from dosisdesk.storage.db import is_sqlite, make_engine

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "dosisdesk:storage/migrations")
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@cache
def revisions() -> dict[str, tuple[str, ...]]:
    """Each migration's revision and the revisions it follows, read from the migration files
    (``revision = "..."``, ``down_revision = ...``) without importing Alembic."""
    out: dict[str, tuple[str, ...]] = {}
    folder = resources.files("dosisdesk.storage.migrations").joinpath("versions")
    for entry in folder.iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("__"):
            continue
        source = entry.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev is None or down is None:
            continue
        out[rev.group(1)] = tuple(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    return out


@cache
def head() -> str:
    """The newest revision this program knows (the one no other migration follows)."""
    revs = revisions()
    followed = {d for downs in revs.values() for d in downs}
    heads = sorted(set(revs) - followed)
    if len(heads) == 1:
        return heads[0]
    from alembic.script import ScriptDirectory  # several heads or none: let Alembic decide

    head_rev = ScriptDirectory.from_config(config("sqlite://")).get_current_head()
    assert head_rev is not None
    return head_rev


def current(engine: Engine) -> str | None:
    """The revision stored in the database (None when it has no schema yet): one query."""
    with engine.connect() as conn:
        return _stored(conn)


def _stored(conn: Connection) -> str | None:
    if not conn.dialect.has_table(conn, "alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(url: str, revision: str = "head", *, kind: str | None = None) -> None:
    """Upgrade the schema in one transaction per migration (foreign keys off on SQLite).

    ``kind`` ("real" or "training") is what a database created now becomes; an existing one keeps
    its kind (or, first time, gets it from its demo marker: migration 0003)."""
    from alembic import command

    engine = make_engine(url, migration=True)
    try:
        before = check_not_newer(engine)
        with engine.connect() as conn:
            cfg = config(url)
            cfg.attributes["connection"] = conn
            if kind is not None:
                cfg.attributes["database_kind"] = kind
            command.upgrade(cfg, revision)
            if is_sqlite(url) and before != _stored(conn):  # only when something migrated
                bad = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                if bad:
                    raise StorageError("storage.migrate.foreign_key_check_failed", bad=bad[:5])
    finally:
        engine.dispose()


def _known() -> set[str]:
    return set(revisions())


def check_not_newer(engine: Engine) -> str | None:
    """Refuse, before any upgrade, a database migrated by a newer program; the stored revision."""
    rev = current(engine)
    if rev is not None and rev not in _known():
        raise SchemaMismatch("storage.migrate.database_schema_unknown_this", rev=rev)
    return rev


def check_current(engine: Engine, rev: str | None = None) -> None:
    """Refuse a schema this version of the program does not know, with a clear message
    (``rev``: the stored revision, when the caller has just read it)."""
    rev = current(engine) if rev is None else rev
    expected = head()
    if rev == expected:
        return
    known = _known()
    if rev is None:
        raise SchemaMismatch("storage.migrate.database_no_dosisdesk_schema")
    if rev in known:
        raise SchemaMismatch(
            "storage.migrate.database_schema_older_than", rev=rev, expected=expected
        )
    raise SchemaMismatch("storage.migrate.database_schema_unknown_this", rev=rev)
