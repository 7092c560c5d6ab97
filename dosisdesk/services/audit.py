"""The append-only audit log (R11, sundhedsloven § 42 a): who read, changed, printed or was refused
what, and when.

Entries form a numbered hash chain over every field, sealed with a key kept outside the database,
and anchored by checkpoints written outside it (:mod:`dosisdesk.domain.auditchain` states what each
kind of tampering leaves behind). The moment of an entry is the database's clock, never the
client's (``--now`` does not reach the log); on PostgreSQL a trigger also stamps ``session_user``.
Appends take one lock (PostgreSQL: an advisory lock; SQLite: units of work begin IMMEDIATE), so
many sessions at once keep one chain; the unique ``seq`` makes a fork impossible.

No health data is written to the program log; the audit log lives in the database with the data
it protects.

Size: writing the chain (an entry, a list of entries, the spool for when the database refuses),
anchoring it (the seal key, the checkpoints) and checking it (verify) share the chain's head and
the encoding of an entry; apart, one format would be written in one file and read in another.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, insert, or_, select, text

from dosisdesk.domain import auditchain as chain
from dosisdesk.domain.errors import AccessDenied, StorageError
from dosisdesk.domain.types import Role
from dosisdesk.services.context import Actor, Ctx
from dosisdesk.settings import SettingsError, audit_settings
from dosisdesk.storage import core
from dosisdesk.storage import tables as t
from dosisdesk.storage.core import Unit
from dosisdesk.storage.db import Database, after_commit, defers

if TYPE_CHECKING:
    pass

log = logging.getLogger("dosisdesk.audit")

GENESIS = chain.GENESIS
_LOCK_ID = 727001
_HEAD_KEY = "dosisdesk.audit.head"


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)


# ---------------------------------------------------------------------------
# The key and the checkpoint file
# ---------------------------------------------------------------------------

_key_cache: dict[str, tuple[float, bytes]] = {}


def seal_key() -> bytes | None:
    """The sealing key from the file IT names (``[audit] key_file`` or
    ``DOSISDESK_AUDIT_KEY_FILE``); None when none is named. A named file that cannot be read is
    an error: the program does not write unsealed entries on an installation that seals."""
    try:
        path = audit_settings().key_file
    except SettingsError as e:
        raise StorageError("services.audit.settings", e=str(e), message=e.message) from e
    if path is None:
        return None
    try:
        st = path.stat()
        cached = _key_cache.get(str(path))
        if cached and cached[0] == st.st_mtime:
            return cached[1]
        raw = path.read_bytes().strip()
    except OSError as e:
        raise StorageError("services.audit.cannot_read_key", file=path, e=str(e)) from e
    if len(raw) < 32:
        raise StorageError("services.audit.key_too_short", file=path)
    _key_cache[str(path)] = (st.st_mtime, raw)
    return raw


def create_key(path: Path) -> None:
    """Write a new random key (64 hex characters) readable by its owner only; never overwrite."""
    import secrets

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as e:
        raise StorageError("services.audit.exists", file=path) from e
    except OSError as e:
        raise StorageError(
            "services.audit.cannot_write", file=path, e=str(e), strerror=e.strerror
        ) from e
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(32) + "\n")


def chain_id(session: Unit) -> str:
    value = session.scalar(select(t.meta.c.value).where(t.meta.c.key == "audit_chain_id"))
    return value or ""


def _checkpoint_path() -> Path | None:
    try:
        return audit_settings().checkpoint_file
    except SettingsError as e:
        raise StorageError("services.audit.settings", e=str(e), message=e.message) from e


def read_checkpoints(chain_name: str) -> list[chain.Checkpoint]:
    path = _checkpoint_path()
    if path is None or not path.is_file():
        return []
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            return list(chain.parse_checkpoints(f, chain_name))
    except OSError as e:
        raise StorageError(
            "services.audit.cannot_read", file=path, e=str(e), strerror=e.strerror
        ) from e


# ---------------------------------------------------------------------------
# Appending
# ---------------------------------------------------------------------------


def _db_moment(session: Unit) -> tuple[datetime, str]:
    """The database's clock and account. PostgreSQL: ``now()`` (the transaction's start, which
    the stamping trigger writes too) and ``session_user``; SQLite: its own clock, and the
    operating-system account the program runs as."""
    if core.connection(session).dialect.name == "postgresql":
        at, who = session.execute(text("SELECT now(), session_user")).one()
        return at.astimezone(UTC), str(who)
    raw = session.scalar(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')"))
    return _sqlite_moment(raw), os_account()


def _sqlite_moment(raw: Any) -> datetime:
    """SQLite's ``strftime('%Y-%m-%d %H:%M:%f', 'now')`` (``2026-12-01 03:04:28.016``) as an aware
    UTC moment: ``fromisoformat`` reads that text as ``strptime`` with ``%S.%f`` did, at a
    tenth of its cost (every entry asks); anything else still goes through ``strptime``."""
    text_ = str(raw)
    if len(text_) == 23 and text_[10] == " " and text_[19] == ".":
        return datetime.fromisoformat(text_).replace(tzinfo=UTC)
    return datetime.strptime(text_, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC)


#: the environment variables ``getpass.getuser`` looks at, in its order
_ACCOUNT_ENV = ("LOGNAME", "USER", "LNAME", "USERNAME")
#: :func:`os_account` by those variables' values (the password database is asked only when
#: none is set: a lookup every audit entry made, 0.03 ms of a card's open)
_accounts: dict[tuple[str | None, ...], str] = {}


def os_account() -> str:
    """The operating-system account this program runs as (``DOMAIN\\name`` → ``name``)."""
    env = tuple([os.environ.get(k) for k in _ACCOUNT_ENV])
    known = _accounts.get(env)
    if known is not None:
        return known
    import getpass

    try:
        name = getpass.getuser()
    except (OSError, KeyError):
        return ""
    account = _accounts[env] = name.rsplit("\\", 1)[-1].strip().lower()[:64]
    return account


def _head(session: Unit) -> dict[str, Any]:
    """The chain's head, locked for this unit of work (cached until it ends: on its connection,
    by its transaction, so a session and the connection beneath it share it)."""
    conn = core.connection(session)
    tx = conn.get_transaction()
    cached = conn.info.get(_HEAD_KEY)
    if cached is not None and cached["tx"] is tx:
        return dict(cached)
    if conn.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_ID})
        # through a function: a nurse's role may read only her own entries (row-level security);
        # with the database's clock and account (one row, NULLs on an empty log)
        row = session.execute(
            text("SELECT h.seq, h.hash, now(), session_user FROM dosisdesk_audit_head() AS h")
        ).one()
        at, who = row[2].astimezone(UTC), str(row[3])
    else:  # the last link and the database's clock in one statement
        row = core.core_rows(session, _LAST_LINK_AND_CLOCK).one()
        at, who = _sqlite_moment(row[2]), os_account()
    seq, last = (row[0], row[1]) if row is not None and row[0] is not None else (0, GENESIS)
    head = {"tx": tx, "seq": seq, "hash": last, "at": at, "db_user": who}
    conn.info[_HEAD_KEY] = head
    _drain_spool(session)  # entries a busy database could not take, first
    return dict(conn.info[_HEAD_KEY])


# Built once: an entry is written on every read of health data, and building the statement
# costs more than running it. On the table, run on the unit of work's connection: through the
# session, the ORM's bulk insert did more work than the insert itself.
_ENTRIES = t.audit_log
_INSERT_ENTRY = insert(_ENTRIES).returning(_ENTRIES.c.id)
# The citizens of a list: one executemany of plain pairs in the driver's own parameter style
# (through the session, the ORM's bulk insert worked on each of a page's hundred rows in Python
# first; through a Core insert, SQLAlchemy still built each row's parameters: half the insert's
# CPU for the 1,700 citizens of the whole database's flag list).
_INSERT_CITIZENS = "INSERT INTO audit_citizens (entry_id, citizen_id) VALUES ({0}, {0})"
_LAST = select(_ENTRIES).order_by(_ENTRIES.c.seq.desc()).limit(1)
_LAST_LINK_AND_CLOCK = select(
    _LAST.with_only_columns(_ENTRIES.c.seq).scalar_subquery(),
    _LAST.with_only_columns(_ENTRIES.c.hash).scalar_subquery(),
    func.strftime("%Y-%m-%d %H:%M:%f", "now"),
)


def record(
    session: Unit,
    actor: Actor,
    at: datetime | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    citizen_id: int | None = None,
    before: Any = None,
    after: Any = None,
    *,
    citizens: Iterable[int] = (),
) -> None:
    """Append one entry in the caller's unit of work (it commits or rolls back with it).

    ``at`` is the moment the caller works at; it is *not* the entry's time (the database's clock
    is), so a what-if ``--now`` cannot date the log. ``citizens`` names every citizen a list
    showed (search results, the queue…): one entry for the whole list.
    """
    del at  # the database's clock stamps the entry
    head = _head(session)
    shown = sorted(set(citizens))
    if shown:
        after = (
            {**(after or {}), "citizens": shown}
            if isinstance(after, dict) or after is None
            else {"value": after, "citizens": shown}
        )
    b, a = _dump(before), _dump(after)
    seq = head["seq"] + 1
    h = chain.digest(
        seq=seq,
        at=head["at"],
        user_id=actor.id,
        username=actor.username,
        db_user=head["db_user"],
        action=action,
        entity=entity,
        entity_id=entity_id,
        citizen_id=citizen_id,
        before=b,
        after=a,
        prev_hash=head["hash"],
    )
    key = seal_key()
    entry_id = core.core_rows(
        session,
        _INSERT_ENTRY,
        {
            "seq": seq,
            "at": head["at"],
            "user_id": actor.id,
            "username": actor.username,
            "db_user": head["db_user"],
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "citizen_id": citizen_id,
            "before": b,
            "after": a,
            "prev_hash": head["hash"],
            "hash": h,
            "mac": chain.seal(key, h) if key is not None else None,
        },
    ).scalar_one()
    if shown:
        conn = core.connection(session)
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        conn.exec_driver_sql(_INSERT_CITIZENS.format(mark), [(entry_id, c) for c in shown])
    cached = core.connection(session).info[_HEAD_KEY]
    cached["seq"], cached["hash"] = seq, h


# ---------------------------------------------------------------------------
# Entries of their own, and the spool for a busy database
# ---------------------------------------------------------------------------


def _spool_path(session_or_db: Unit | Database) -> Path:
    """The spool of one database: a file in the user's data folder, the owner's alone."""
    import hashlib

    from sqlalchemy.engine import make_url

    from dosisdesk.paths import data_dir

    url = (
        make_url(session_or_db.url)
        if isinstance(session_or_db, Database)
        else core.connection(session_or_db).engine.url
    )
    # every unit of work that writes the chain asks (a card open too): the path is made once
    # per address and data folder (the folder follows the environment, as data_dir says)
    where = (url, *[os.environ.get(k) for k in _DATA_ENV])
    path = _spool_paths.get(where)
    if path is None:
        text_url = url.render_as_string(hide_password=True)
        name = hashlib.sha256(text_url.encode()).hexdigest()[:20]
        path = _spool_paths[where] = data_dir() / "audit-spool" / f"{name}.jsonl"
    return path


#: the environment variables ``paths.data_dir`` reads (``Path.home`` reads HOME, and the
#: password database only when HOME is not set, as for the account: the same for a process)
_DATA_ENV = (
    "DOSISDESK_DATA_DIR",
    "LOCALAPPDATA",
    "XDG_DATA_HOME",
    "HOME",
    "USERPROFILE",
    "HOMEDRIVE",
    "HOMEPATH",
)
#: a database's spool file by its address and the environment ``data_dir`` reads
_spool_paths: dict[tuple[Any, ...], Path] = {}


def _locked(fd: int) -> Any:
    """An exclusive lock on an open spool file (POSIX; elsewhere appends are single writes)."""
    from contextlib import contextmanager

    @contextmanager
    def held() -> Iterator[None]:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

    return held()


def append(
    db: Database,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None = None,
    citizen_id: int | None = None,
    after: Any = None,
    *,
    citizens: Iterable[int] = (),
) -> None:
    """One entry in a unit of work of its own: a read's access, a sign-in. A read needs no write
    lock, so when SQLite's lock is held by another program longer than we wait, the entry is
    kept durably (fsync) in the database's spool in the user's data folder, with its real
    moment, and the next unit of work that writes to the chain appends it first."""
    from dosisdesk.domain.errors import DatabaseBusy

    try:
        with db.begin_core() as s:
            record(
                s,
                actor,
                None,
                action,
                entity,
                entity_id,
                citizen_id,
                after=after,
                citizens=citizens,
            )
    except DatabaseBusy:
        line = json.dumps(
            {
                "user_id": actor.id,
                "username": actor.username,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "citizen_id": citizen_id,
                "after": after,
                "citizens": sorted(set(citizens)),
                "logged_at": datetime.now(UTC).isoformat(timespec="microseconds"),
            },
            default=str,
            ensure_ascii=False,
        )
        path = _spool_path(db)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            with _locked(fd):
                os.write(fd, (line + "\n").encode("utf-8"))
                os.fsync(fd)
        finally:
            os.close(fd)
        log.info("the database was busy: %s kept in the spool", action)


def append_list(db: Database, actor: Actor, action: str, citizen_ids: Iterable[int]) -> None:
    """:func:`record_list` in a unit of its own (see :func:`append`)."""
    shown = sorted(set(citizen_ids))
    if shown:
        append(
            db,
            actor,
            action,
            "citizen_list",
            None,
            shown[0] if len(shown) == 1 else None,
            after={"count": len(shown)},
            citizens=shown,
        )


def _drain_spool(session: Unit) -> None:
    """Append the spooled entries in this unit of work (which holds the chain's head); the
    spool loses them only once it commits (a unit of work that cannot tell when it committed
    leaves them to the next)."""
    if isinstance(session, Connection) and not defers(session):
        return
    path = _spool_path(session)
    if not os.access(path, os.F_OK):  # no spool (the common case): no exception raised
        return
    try:
        data = path.read_bytes()
    except OSError:
        return
    if not data:
        return
    taken = data[: data.rfind(b"\n") + 1]
    for raw in taken.decode("utf-8", errors="replace").splitlines():
        try:
            e = json.loads(raw)
            who = Actor(int(e["user_id"]), str(e["username"]), "", Role.NURSE, None)
            kept = e.get("after")
            after: dict[str, Any] = dict(kept) if isinstance(kept, dict) else {}
            if kept is not None and not isinstance(kept, dict):
                after["value"] = kept
            after.update(logged_at=e["logged_at"], spooled=True)
            record(
                session,
                who,
                None,
                str(e["action"]),
                str(e["entity"]),
                e.get("entity_id"),
                e.get("citizen_id"),
                after=after,
                citizens=e.get("citizens") or (),
            )
        except (ValueError, KeyError, TypeError):
            log.warning("a spooled audit entry could not be read; kept in %s", path)
            return

    def forget(*_session: Any) -> None:
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            return
        try:
            with _locked(fd):
                now = os.read(fd, 1 << 30)
                rest = now[len(taken) :] if now.startswith(taken) else now
                os.lseek(fd, 0, os.SEEK_SET)
                os.ftruncate(fd, 0)
                os.write(fd, rest)
                os.fsync(fd)
        finally:
            os.close(fd)

    if isinstance(session, Connection):
        after_commit(session, forget)
        return
    from sqlalchemy import event

    event.listen(session, "after_commit", forget, once=True)


def spooled(db: Database) -> int:
    """How many entries wait in this database's spool."""
    try:
        return _spool_path(db).read_bytes().count(b"\n")
    except OSError:
        return 0


def record_list(
    session: Unit, actor: Actor, action: str, citizen_ids: Iterable[int], **details: Any
) -> None:
    """A list that showed health data (search results, the queue, flags…): one entry naming
    every citizen shown. An empty list showed none and is not logged."""
    shown = sorted(set(citizen_ids))
    if not shown:
        return
    record(
        session,
        actor,
        None,
        action,
        "citizen_list",
        None,
        shown[0] if len(shown) == 1 else None,
        after={"count": len(shown), **details},
        citizens=shown,
    )


def record_refusal(
    db: Database, actor: Actor, what: str, citizen_id: int | None = None, detail: str = ""
) -> None:
    """Log a refused access in a unit of work of its own (the refused one rolls back)."""
    try:
        with db.begin_core() as s:
            record(
                s,
                actor,
                None,
                "access.refused",
                what,
                citizen_id=citizen_id,
                after={"detail": detail} if detail else None,
            )
    except Exception:  # the refusal itself must still reach the user
        log.exception("could not log a refused access")


def refusal_logger(db: Database) -> Callable[[AccessDenied], None]:
    """The hook the database calls with a refused access after its unit of work rolled back."""

    def log_it(e: AccessDenied) -> None:
        if isinstance(e.who, Actor):
            record_refusal(db, e.who, e.what or "access", e.citizen_id, e.english)

    return log_it


# ---------------------------------------------------------------------------
# Checkpoints
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckpointResult:
    written: bool
    seq: int
    path: str


def checkpoint(db: Database) -> CheckpointResult:
    """Write the chain's head, sealed, to the checkpoint file (appended; one line)."""
    key = seal_key()
    path = _checkpoint_path()
    if key is None or path is None:
        return CheckpointResult(False, 0, "")
    with db.read() as s:
        row = s.execute(
            select(_ENTRIES.c.seq, _ENTRIES.c.hash).order_by(_ENTRIES.c.seq.desc()).limit(1)
        ).first()
        name = chain_id(s)
        at, _who = _db_moment(s)
    seq, head = (row[0], row[1]) if row else (0, GENESIS)
    cp = chain.make_checkpoint(key, name, seq, head, at.strftime("%Y-%m-%dT%H:%M:%SZ"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (chain.checkpoint_line(cp) + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as e:
        raise StorageError(
            "services.audit.cannot_write_checkpoint", file=path, e=str(e), strerror=e.strerror
        ) from e
    return CheckpointResult(True, seq, str(path))


def checkpoint_due() -> bool:
    """True when a checkpoint file is set and its last write is older than the interval."""
    try:
        st = audit_settings()
    except SettingsError:
        return False
    if st.key_file is None or st.checkpoint_file is None:
        return False
    try:
        age = time.time() - st.checkpoint_file.stat().st_mtime
    except OSError:
        return True
    return age >= st.checkpoint_minutes * 60


def maybe_checkpoint(db: Database) -> None:
    """A checkpoint when one is due (called after commands and on a timer); never fails loudly."""
    if checkpoint_due():
        try:
            checkpoint(db)
        except Exception:
            log.exception("could not write an audit checkpoint")


# ---------------------------------------------------------------------------
# Verifying
# ---------------------------------------------------------------------------


#: The moment as the chain hashes it (UTC to the microsecond, ``auditchain.moment_text``), written
#: by the database itself so the verifier parses and formats no datetime per entry.
_MOMENT_SQL = {
    "postgresql": "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')",
    # SQLite keeps SQLAlchemy's text, naive UTC: 'YYYY-MM-DD HH:MM:SS.ffffff'
    "sqlite": "CASE WHEN at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] "
    "[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]' "
    "THEN substr(at, 1, 10) || 'T' || substr(at, 12) ELSE at END",
}


def _entries(s: Unit) -> Iterator[chain.ChainEntry]:
    """Every entry in chain order, streamed in batches straight from the driver (no ORM rows, no
    datetime per entry: a million entries are read in a second or two)."""
    conn = core.connection(s)
    dialect = conn.dialect
    sql = (
        f"SELECT id, seq, {_MOMENT_SQL.get(dialect.name, 'at')}, user_id, username, db_user, "
        "action, entity, entity_id, citizen_id, before, after, prev_hash, hash, mac "
        "FROM audit_log ORDER BY seq, id"
    )
    raw = conn.connection.dbapi_connection
    assert raw is not None
    if dialect.name == "postgresql":  # a server-side cursor: the rows come in batches
        cur: Any = raw.cursor(name="dosisdesk_audit_verify")
        cur.itersize = 10_000
    else:
        cur = raw.cursor()
    parse = _ENTRIES.c.at.type.dialect_impl(dialect).result_processor(dialect, None)
    new, entry = tuple.__new__, chain.ChainEntry  # ChainEntry._make without its Python frame
    try:
        cur.execute(sql)
        for r in cur:
            e = new(entry, r)
            at = e.at
            if at.__class__ is not str or len(at) != 26 or at[10] != "T":
                e = e._replace(at=_moment_of(at, parse))
            yield e
    finally:
        cur.close()


def _moment_of(raw: Any, parse: Callable[[Any], Any] | None) -> datetime | str:
    """A stored moment in an unusual form (written by hand): read it as the ORM would; what no
    one can read is hashed as it stands (and so fails its hash)."""
    try:
        value = parse(raw) if parse is not None else raw
    except (ValueError, TypeError):
        return str(raw)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value
    return str(raw)


def verify(ctx: Ctx) -> chain.Report:
    """Walk the whole chain and the checkpoints; name every break (see auditchain)."""
    return verify_db(ctx.db)


def verify_db(db: Database) -> chain.Report:
    key = seal_key()
    with db.read() as s:  # a read: no write lock (verifies while another program writes)
        points = read_checkpoints(chain_id(s))
        return chain.check(_entries(s), points, key)


# ---------------------------------------------------------------------------
# The citizen's log
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    username: str
    full_name: str
    role: str
    action: str
    entity: str
    entity_id: int | None
    citizen_id: int | None
    before: str | None
    after: str | None


def who_looked(ctx: Ctx, citizen_id: int, limit: int = 5000) -> list[AuditRow]:
    """Every logged access to one citizen, newest first: entries about her and lists that showed
    her (a citizen may ask who looked)."""
    with ctx.db.begin() as s:
        a, e = t.audit_citizens.c, _ENTRIES.c
        in_list = select(a.entry_id).where(a.citizen_id == citizen_id)
        rows = s.execute(
            select(_ENTRIES, t.users.c.full_name, t.users.c.role)
            .outerjoin(t.users, t.users.c.id == e.user_id)
            .where(or_(e.citizen_id == citizen_id, e.id.in_(in_list)))
            .order_by(e.seq.desc())
            .limit(limit)
        ).all()
        return [
            AuditRow(
                r.id,
                r.at,
                r.username,
                r.full_name or "",
                r.role or "",
                r.action,
                r.entity,
                r.entity_id,
                r.citizen_id,
                r.before,
                r.after,
            )
            for r in rows
        ]


def entry_count(db: Database) -> int:
    with db.begin() as s:
        return int(s.scalar(select(func.count()).select_from(_ENTRIES)) or 0)
