"""Engines, sessions, where the database lives, and the schema check at start.

SQLite (the default, one workstation) is migrated automatically at start. A shared PostgreSQL
database is migrated only by ``dosisdesk db upgrade`` (an administrator's act); a client that finds
an older or unknown schema refuses with a clear message.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from dosisdesk.domain.errors import SchemaMismatch, StorageError
from dosisdesk.paths import APP_NAME, data_dir

DB_FILE = "dosisdesk.sqlite"


def default_url() -> str:
    return f"sqlite:///{data_dir() / DB_FILE}"


def site_config_path() -> Path:
    """The machine-wide settings file IT may deploy (``DOSISDESK_CONFIG`` overrides):
    Windows ``%PROGRAMDATA%\\dosisdesk\\dosisdesk.ini``, elsewhere ``/etc/dosisdesk/dosisdesk.ini``.
    """
    override = os.environ.get("DOSISDESK_CONFIG")
    if override:
        return Path(override)
    if sys.platform.startswith("win"):
        return Path(os.environ.get("PROGRAMDATA") or "C:/ProgramData") / APP_NAME / "dosisdesk.ini"
    return Path("/etc") / APP_NAME / "dosisdesk.ini"


def site_database_url() -> str | None:
    """``[database] url = ...`` from the site settings file, if IT deployed one."""
    import configparser

    path = site_config_path()
    if not path.is_file():
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError) as e:
        raise StorageError(
            f"cannot read {path}: {e}",
            f"Indstillingsfilen {path} kan ikke læses. Kontakt IT.",
        ) from e
    url = parser.get("database", "url", fallback="").strip()
    return url or None


def resolve_url(explicit: str | None = None) -> str:
    """``--db`` wins, then ``DOSISDESK_DATABASE_URL``, then the site settings file IT deployed,
    then the SQLite file in the user's data folder."""
    url = (
        explicit
        or os.environ.get("DOSISDESK_DATABASE_URL")
        or site_database_url()
        or default_url()
    )
    return normalize_url(url)


def normalize_url(url: str) -> str:
    """Accept a plain path for SQLite and a plain ``postgresql://`` URL for psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    try:
        parsed = make_url(url)
    except ArgumentError as e:
        raise StorageError(
            f"not a database URL: {url!r}",
            f"»{url}« er ikke en gyldig database-adresse. Brug fx "
            "postgresql://bruger@server/dosisdesk eller en sti til en SQLite-fil.",
        ) from e
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see make_engine)
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(url: str, *, migration: bool = False) -> Engine:
    """An engine with the safe SQLite pragmas, or a PostgreSQL engine.

    ``migration=True`` gives SQLite real transactions around DDL (SQLAlchemy's "serializable
    isolation / savepoints" recipe) with foreign keys off, so a failed migration leaves nothing
    half-done and batch table rebuilds cannot cascade-delete child rows (NOTES.md).
    """
    if is_sqlite(url):
        db_path = make_url(url).database
        if db_path and db_path != ":memory:":
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, poolclass=NullPool if migration else None)
        if migration:

            @event.listens_for(engine, "connect")
            def _connect(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.isolation_level = None
                cur = dbapi_connection.cursor()
                cur.execute("PRAGMA foreign_keys=OFF")
                cur.execute("PRAGMA busy_timeout=5000")
                cur.close()

            @event.listens_for(engine, "begin")
            def _begin(conn: Any) -> None:
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        else:
            event.listen(engine, "connect", _sqlite_pragmas)

            @event.listens_for(engine, "begin")
            def _begin_immediate(conn: Any) -> None:
                if conn.get_execution_options().get("dosisdesk_read_only"):
                    # A read (Database.read): a deferred transaction, one consistent snapshot,
                    # no write lock; query_only makes any write in it fail loudly.
                    conn.exec_driver_sql("PRAGMA query_only=ON")
                    conn.exec_driver_sql("BEGIN")
                    return
                conn.exec_driver_sql("PRAGMA query_only=OFF")
                # Every unit of work takes SQLite's write lock when it starts (waiting up to the
                # busy timeout), so one that reads and then writes can never find that another
                # wrote in between (SQLITE_BUSY_SNAPSHOT, "database is locked" at once). Units of
                # work are short and never nest, so this only queues them.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


@dataclass
class Database:
    """One database: the engine and the session factory the services use."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool | None = None) -> Database:
        """Open and check the schema. SQLite is upgraded automatically unless ``upgrade=False``;
        PostgreSQL only when ``upgrade=True``."""
        from dosisdesk.storage import migrate

        resolved = resolve_url(url)
        engine = make_engine(resolved)
        db = cls(resolved, engine, sessionmaker(engine, expire_on_commit=False))
        try:
            auto = is_sqlite(resolved) if upgrade is None else upgrade
            if auto:
                migrate.upgrade(resolved)
            migrate.check_current(engine)
        except OperationalError as e:
            engine.dispose()
            raise StorageError(
                f"cannot open the database: {e.orig}",
                "Databasen kan ikke åbnes. Kontrollér adressen, at serveren kører, og at du har "
                f"adgang. ({_short(e)})",
            ) from e
        except DatabaseError as e:
            engine.dispose()
            raise StorageError(
                f"not a usable database: {e.orig}",
                "Filen er ikke en dosisdesk-database, eller den er beskadiget. Vælg en anden fil, "
                f"eller læg sikkerhedskopien tilbage. ({_short(e)})",
            ) from e
        except SchemaMismatch:
            engine.dispose()
            raise
        return db

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A unit of work that only reads: one consistent snapshot, never a write lock (SQLite
        begins a deferred transaction; PostgreSQL a READ ONLY one), rolled back at the end.
        Any write inside it fails. Time moving the queue is a write of its own
        (``queue_clock.advance``), never part of a read."""
        with (
            self.engine.connect().execution_options(dosisdesk_read_only=True) as conn,
            Session(bind=conn, expire_on_commit=False) as session,
        ):
            session.info["read_only"] = True
            session.begin()
            if conn.dialect.name == "postgresql":
                session.execute(text("SET TRANSACTION READ ONLY"))
            try:
                yield session
            finally:
                session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))


def _short(e: Exception) -> str:
    msg = str(getattr(e, "orig", e)).strip().splitlines()
    return msg[0][:200] if msg else type(e).__name__
