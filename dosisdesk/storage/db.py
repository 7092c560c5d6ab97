"""Engines, sessions, where the database lives, and the schema check at start.

SQLite (the default, one workstation) is migrated automatically at start. A shared PostgreSQL
database is migrated only by ``dosisdesk db upgrade`` (an administrator's act); a client that finds
an older or unknown schema refuses with a clear message.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.pool import NullPool

from dosisdesk.domain.errors import (
    AccessDenied,
    DatabaseExists,
    DatabaseMissing,
    SchemaMismatch,
    StorageError,
)
from dosisdesk.paths import default_database
from dosisdesk.settings import site_config_path
from dosisdesk.storage.tables import postgresql_options, sqlite_options

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


def default_url() -> str:
    return f"sqlite:///{default_database()}"


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
        raise StorageError("storage.db.cannot_read", file=path, e=str(e)) from e
    url = parser.get("database", "url", fallback="").strip()
    return url or None


def resolve_url(explicit: str | None = None) -> str:
    """``--db`` wins, then ``DOSISDESK_DATABASE_URL``, then the site settings file IT deployed,
    then the SQLite file in the user's data folder."""
    url = (
        explicit or os.environ.get("DOSISDESK_DATABASE_URL") or site_database_url() or default_url()
    )
    return normalize_url(url)


def normalize_url(url: str) -> str:
    """Accept a plain path for SQLite and a plain ``postgresql://`` URL for psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    try:
        parsed = make_url(url)
    except ArgumentError as e:
        raise StorageError("storage.db.not_database_url", url=url) from e
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_file(url: str | URL) -> Path | None:
    """The file of an SQLite URL (None for an in-memory database or another backend)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    name = parsed.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def _missing(path: Path) -> DatabaseMissing:
    return DatabaseMissing("storage.db.no_database", file=path)


def _check_sqlite_file(path: Path) -> None:
    """An existing regular file, or a plain refusal (nothing is created)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise _missing(path) from None
    except OSError as e:
        raise StorageError(
            "storage.db.cannot_reach", file=path, e=str(e), reason=str(e.strerror or e)
        ) from e
    import stat

    if stat.S_ISDIR(st.st_mode):
        raise DatabaseMissing("storage.db.folder", file=path)
    if not stat.S_ISREG(st.st_mode):
        raise DatabaseMissing("storage.db.not_regular_file", file=path)


def _make_private_dirs(folder: Path) -> None:
    """Create missing folders for the owner only (0700): they will hold health data."""
    missing: list[Path] = []
    p = folder
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for d in reversed(missing):
        d.mkdir(mode=0o700)
        os.chmod(d, 0o700)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see make_engine)
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


#: the key in a connection's info: whether SQLite's query_only is on (see make_engine)
_QUERY_ONLY = "dosisdesk_query_only"


def make_engine(url: str, *, migration: bool = False) -> Engine:
    """An engine with the safe SQLite pragmas, or a PostgreSQL engine.

    ``migration=True`` gives SQLite real transactions around DDL (SQLAlchemy's "serializable
    isolation / savepoints" recipe) with foreign keys off, so a failed migration leaves nothing
    half-done and batch table rebuilds cannot cascade-delete child rows (NOTES.md).
    """
    if is_sqlite(url):
        sqlite_options()  # the partial indexes' filters, the tables without a rowid
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
                # query_only is set only when it changes: the connection's info remembers it
                # (a new connection starts with it off), a statement less per unit of work
                info = conn.info
                if conn.get_execution_options().get("dosisdesk_read_only"):
                    # A read (Database.read): a deferred transaction, one consistent snapshot,
                    # no write lock; query_only makes any write in it fail loudly.
                    if not info.get(_QUERY_ONLY):
                        conn.exec_driver_sql("PRAGMA query_only=ON")
                        info[_QUERY_ONLY] = True
                    conn.exec_driver_sql("BEGIN")
                    return
                if info.get(_QUERY_ONLY):
                    conn.exec_driver_sql("PRAGMA query_only=OFF")
                    info[_QUERY_ONLY] = False
                # Every unit of work takes SQLite's write lock when it starts (waiting up to the
                # busy timeout), so one that reads and then writes can never find that another
                # wrote in between (SQLITE_BUSY_SNAPSHOT, "database is locked" at once). Units of
                # work are short and never nest, so this only queues them.
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    postgresql_options()  # the partial indexes' PostgreSQL filters (see storage/tables.py)
    # the connection used last is used next (LIFO): the driver prepares a statement on the
    # server after its fifth run on one connection, and with the pool handing its connections
    # round (FIFO) each of them had to see a statement five times first
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, pool_use_lifo=True)
    event.listen(engine, "do_execute", _prepare_as_asked)
    return engine


#: An execution option (PostgreSQL): whether the driver prepares the statement on the server
#: at this run (True), or never (False); without it the driver (psycopg) prepares a statement
#: run five times on one connection. A statement never prepared is planned for its values at
#: each run: what a filter whose best index depends on the value needs (a name that many
#: citizens or none share, a CPR range). One prepared at once is parsed once per connection,
#: and its plan can be kept (``plan_cache_mode``). psycopg deallocates every statement it
#: prepared at a ROLLBACK: see :meth:`Database.read_core`'s ``keep_prepared``.
PREPARE = "dosisdesk_prepare"


def _prepare_as_asked(cursor: Any, statement: str, parameters: Any, context: Any) -> bool | None:
    prepare = None if context is None else context.execution_options.get(PREPARE)
    if prepare is None:
        return None
    cursor.execute(statement, parameters, prepare=bool(prepare))
    return True


def database_exists(url: str) -> bool:
    """Whether there is a dosisdesk database at ``url`` (an SQLite file, or a PostgreSQL database
    with a dosisdesk schema). Creates nothing."""
    from dosisdesk.storage import migrate

    resolved = normalize_url(url)
    path = sqlite_file(resolved)
    if path is not None:
        return path.exists()
    if is_sqlite(resolved):
        return False
    engine = _engine_or_refuse(resolved)
    try:
        return migrate.current(engine) is not None
    except OperationalError as e:
        raise _cannot_open(e) from e
    finally:
        engine.dispose()


def _engine_or_refuse(url: str) -> Engine:
    """An engine, or a plain refusal for an address no installed driver understands."""
    try:
        return make_engine(url)
    except (ImportError, ArgumentError) as e:  # e.g. mysql:// (no driver, not supported)
        raise StorageError("storage.db.unsupported_database_url", url=url, e=str(e)) from e


def _cannot_open(e: OperationalError) -> StorageError:
    from dosisdesk.storage.errors import classify, translate

    if classify(e) in ("busy", "schema"):
        known = translate(e)
        assert known is not None
        return known
    return StorageError("storage.db.cannot_open_database", orig=str(e.orig), detail=_short(e))


@dataclass
class Database:
    """One database: the engine and the units of work the services use.

    A unit of work is an ORM session (:meth:`begin`, :meth:`read`) or, on the first screen's
    path, a connection in a transaction (:meth:`begin_core`, :meth:`read_core`: SQLAlchemy's
    Core on ``storage.tables``). The ORM is imported with the first session, not before: opening
    the database, signing in and the citizen list's first page never load it (issue #10)."""

    url: str
    engine: Engine
    #: The ORM's session factory, made at the first :meth:`begin`.
    sessions: sessionmaker[Session] | None = None
    kind: str = "real"
    #: Called with a refused access after its unit of work rolled back, so the refusal can be
    #: logged in a unit of its own (set by the services; see ``services.audit``).
    on_refused: Callable[[AccessDenied], None] | None = None
    #: The engine :meth:`read` uses: on an SQLite file, one of its own, whose connections only
    #: read (query_only on, once for good); else :attr:`engine`. Switching query_only makes
    #: SQLite discard every statement the connection has prepared (a flag pragma expires them):
    #: with reads and writes taking turns on one connection (the window's audit writer after
    #: each page), the search's page statement was compiled anew at every keystroke.
    reads: Engine = field(init=False, repr=False)

    def __post_init__(self) -> None:
        own = self.engine.dialect.name == "sqlite" and sqlite_file(self.url) is not None
        self.reads = make_engine(self.url) if own else self.engine

    @property
    def engines(self) -> tuple[Engine, ...]:
        """Every engine the database is used through (:attr:`engine`, and :attr:`reads` when
        it is another): what watches the statements run watches them all."""
        return (self.engine,) if self.reads is self.engine else (self.engine, self.reads)

    def is_training(self) -> bool:
        """A training database (øvelsesdatabase: demo data, teaching, tests)? Then setting the
        clock (``--now``) is allowed for writes and ``--user`` acts without credentials. Read once
        at open: the kind never changes (the database refuses it)."""
        return self.kind == "training"

    @classmethod
    def create(cls, url: str | None = None, *, training: bool) -> Database:
        """Create a new, empty database of the given kind and open it. Refuses (DatabaseExists)
        when one is there already: an existing database keeps its data and its kind. A new SQLite
        file and the folders made for it are the owner's alone (0600/0700)."""
        from dosisdesk.storage import migrate

        resolved = resolve_url(url)
        kind = "training" if training else "real"
        path = sqlite_file(resolved)
        if path is not None:
            if path.exists() or path.is_symlink():
                raise DatabaseExists("storage.db.exists_already", file=path)
            try:
                _make_private_dirs(path.parent)
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except OSError as e:
                raise StorageError(
                    "storage.db.cannot_create", file=path, e=str(e), reason=str(e.strerror or e)
                ) from e
            os.close(fd)
            try:
                migrate.upgrade(resolved, kind=kind)
            except BaseException:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                raise
        elif is_sqlite(resolved):
            migrate.upgrade(resolved, kind=kind)
        else:
            if database_exists(resolved):
                raise DatabaseExists("storage.db.database_dosisdesk_schema_already")
            try:
                migrate.upgrade(resolved, kind=kind)
            except OperationalError as e:
                raise _cannot_open(e) from e
        return cls.open(resolved, upgrade=False)

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool | None = None) -> Database:
        """Open an existing database and check the schema. SQLite is upgraded automatically
        unless ``upgrade=False``; PostgreSQL only when ``upgrade=True``. Creates nothing: a
        missing SQLite file is DatabaseMissing (see ``create``)."""
        from dosisdesk.storage import migrate

        resolved = resolve_url(url)
        path = sqlite_file(resolved)
        if path is not None:
            _check_sqlite_file(path)
        engine = _engine_or_refuse(resolved)
        db = cls(resolved, engine)
        try:
            auto = is_sqlite(resolved) if upgrade is None else upgrade
            # Opening only reads: no write lock (SQLite: a deferred transaction), so a database
            # another program is writing opens all the same.
            reader = engine.execution_options(dosisdesk_read_only=True)
            stored = migrate.current(reader)  # one query; Alembic only when behind
            if stored != migrate.head():
                if auto:
                    migrate.upgrade(resolved)
                    stored = None
                migrate.check_current(reader, stored)
            with reader.connect() as conn:
                kind = conn.execute(text("SELECT kind FROM database_kind WHERE id = 1")).scalar()
            db.kind = "training" if kind == "training" else "real"
        except OperationalError as e:
            engine.dispose()
            raise _cannot_open(e) from e
        except DatabaseError as e:
            engine.dispose()
            raise StorageError(
                "storage.db.not_usable_database", orig=str(e.orig), detail=_short(e)
            ) from e
        except SchemaMismatch:
            engine.dispose()
            raise
        return db

    def _sessions(self) -> sessionmaker[Session]:
        if self.sessions is None:
            # The ORM loads with the first session: the first screen's units of work are
            # connections (begin_core, read_core), and the ORM is 10 MB (issue #10).
            from sqlalchemy.orm import sessionmaker

            self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        return self.sessions

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error. A refused access is
        handed to ``on_refused`` after the rollback (once)."""
        try:
            with _classified(), self._sessions().begin() as session:
                yield session
        except AccessDenied as e:
            self._refused(e)
            raise

    @contextmanager
    def begin_core(self) -> Iterator[Connection]:
        """:meth:`begin` on a connection (SQLAlchemy Core, no ORM session): the same
        transaction (on SQLite ``BEGIN IMMEDIATE``), committed on success, rolled back on any
        error. What is to be done once it has committed is added to :func:`after_commit`."""
        done: list[Callable[[], None]] = []
        try:
            with _classified(), self.engine.begin() as conn:
                conn.info[_AFTER_COMMIT] = done
                try:
                    yield conn
                finally:
                    del conn.info[_AFTER_COMMIT]
        except AccessDenied as e:
            self._refused(e)
            raise
        for then in done:
            then()

    def _refused(self, e: AccessDenied) -> None:
        """A refused access goes to ``on_refused`` after its unit of work rolled back (once)."""
        if self.on_refused is not None and not e.logged:
            e.logged = True
            self.on_refused(e)

    def _read_options(self) -> dict[str, Any]:
        # PostgreSQL: the driver begins the transaction READ ONLY (psycopg's read_only, reset
        # when the connection goes back to the pool): no SET TRANSACTION round trip per read
        options: dict[str, Any] = {"dosisdesk_read_only": True}
        if self.engine.dialect.name == "postgresql":
            options["postgresql_readonly"] = True
        return options

    @contextmanager
    def read_core(self, *, keep_prepared: bool = False) -> Iterator[Connection]:
        """:meth:`read` on a connection (SQLAlchemy Core, no ORM session): one consistent
        snapshot, never a write lock, rolled back at the end.

        ``keep_prepared`` (PostgreSQL): a read that went well ends with COMMIT, which for a
        READ ONLY transaction does what a ROLLBACK does, but keeps the statements the driver
        prepared on the server (psycopg deallocates them all at a ROLLBACK): for a read run at
        every keystroke whose statement is prepared (:data:`PREPARE`)."""
        commit = keep_prepared and self.engine.dialect.name == "postgresql"
        try:
            with (
                _classified(),
                self.reads.connect().execution_options(**self._read_options()) as conn,
                conn.begin() as tx,
            ):
                try:
                    yield conn
                    if commit:
                        tx.commit()  # nothing was written: a READ ONLY transaction
                finally:
                    if tx.is_active:
                        tx.rollback()
        except AccessDenied as e:
            self._refused(e)
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A unit of work that only reads: one consistent snapshot, never a write lock (SQLite
        begins a deferred transaction; PostgreSQL a READ ONLY one), rolled back at the end.
        Any write inside it fails. Time moving the queue is a write of its own
        (``queue_clock.advance``), never part of a read. A refused access is handed to
        ``on_refused`` afterwards (logging it is a write of its own)."""
        # the ORM loads with the first session (see _sessions)
        from sqlalchemy.orm import Session

        try:
            with (
                _classified(),
                self.reads.connect().execution_options(**self._read_options()) as conn,
                Session(bind=conn, expire_on_commit=False) as session,
            ):
                session.info["read_only"] = True
                session.begin()
                try:
                    yield session
                finally:
                    session.rollback()
        except AccessDenied as e:
            self._refused(e)
            raise

    def dispose(self) -> None:
        for engine in self.engines:
            engine.dispose()

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))


#: the key in a connection's info of a Core unit of work's list of what to do once it committed
_AFTER_COMMIT = "dosisdesk_after_commit"


def defers(conn: Connection) -> bool:
    """Whether :func:`after_commit` can wait for the unit of work of ``conn``."""
    return _AFTER_COMMIT in conn.info


def after_commit(conn: Connection, then: Callable[[], None]) -> bool:
    """Do ``then`` once the unit of work of ``conn`` (:meth:`Database.begin_core`) has
    committed; False (and nothing done) on a connection of another kind of unit of work."""
    done = conn.info.get(_AFTER_COMMIT)
    if done is None:
        return False
    done.append(then)
    return True


@contextmanager
def _classified() -> Iterator[None]:
    """Driver errors leave a unit of work as their kind (``storage.errors``): busy, conflict,
    lost or schema; anything else is a bug and goes on as it is."""
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as e:
        from dosisdesk.storage.errors import translate

        known = translate(e)
        if known is None:
            raise
        raise known from e


def _short(e: Exception) -> str:
    msg = str(getattr(e, "orig", e)).strip().splitlines()
    return msg[0][:200] if msg else type(e).__name__
