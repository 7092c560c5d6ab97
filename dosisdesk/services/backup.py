"""Backups: a copy of the whole database while it is in use, and putting one back.

SQLite: SQLite's online backup API (a consistent copy while the program runs; the copy is the
owner's alone, 0600). PostgreSQL: ``pg_dump`` in its custom format, and ``pg_restore`` back; when
those programs are not installed, a plain message says so. A restore goes only into an *empty*
database (never over data), and the audit chain is verified after it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from dosisdesk.domain import auditchain as chain
from dosisdesk.domain.errors import InvalidInput, StorageError
from dosisdesk.domain.types import Role
from dosisdesk.services import audit
from dosisdesk.services.context import Ctx
from dosisdesk.storage.db import Database, is_sqlite, make_engine, normalize_url


@dataclass(frozen=True, slots=True)
class BackupResult:
    file: str
    bytes: int
    audit_entries: int


@dataclass(frozen=True, slots=True)
class RestoreResult:
    file: str
    citizens: int
    audit: chain.Report


def _target(path: Path) -> Path:
    if path.exists():
        raise InvalidInput("services.backup.exists", file=path)
    if not path.parent.is_dir():
        raise InvalidInput("services.backup.no_folder", parent=path.parent)
    return path


def _sqlite_path(url: str) -> Path:
    name = make_url(url).database
    if not name or name == ":memory:":
        raise InvalidInput("services.backup.not_file_database")
    return Path(name)


def _libpq(url: str) -> tuple[str, str | None]:
    """A URL pg_dump understands, and the schema named in its search_path (tests, if any)."""
    u = make_url(url)
    options = u.query.get("options")
    schema = None
    if isinstance(options, str) and "search_path=" in options:
        schema = options.split("search_path=", 1)[1].split()[0]
    plain = u.set(drivername="postgresql", query={})
    return plain.render_as_string(hide_password=False), schema


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise StorageError("services.backup.not_found", name=name)
    return found


def backup(ctx: Ctx, file: str | Path) -> BackupResult:
    """Administrators copy the whole database to ``file`` (which must not exist)."""
    ctx.require_role(Role.ADMINISTRATOR)
    dest = _target(Path(file).expanduser().resolve())
    tmp = dest.with_name(f".{dest.name}.tmp")
    try:
        if is_sqlite(ctx.db.url):
            src = sqlite3.connect(_sqlite_path(ctx.db.url))
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.close(fd)
            out = sqlite3.connect(tmp)
            try:
                with out:
                    src.backup(out)
            finally:
                out.close()
                src.close()
        else:
            url, schema = _libpq(ctx.db.url)
            cmd = [_tool("pg_dump"), "--format=custom", "--file", str(tmp), "--dbname", url]
            if schema:
                cmd += ["--schema", schema]
            old = os.umask(0o077)
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
            finally:
                os.umask(old)
            if proc.returncode != 0:
                raise StorageError(
                    "services.backup.pg_dump_failed",
                    value=proc.stderr.strip()[:500],
                    value2=proc.stderr.strip()[:300],
                )
        os.chmod(tmp, 0o600)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with ctx.db.begin() as s:
        audit.record(s, ctx.actor, None, "database.backup", "database", after={"file": dest.name})
    return BackupResult(str(dest), dest.stat().st_size, audit.entry_count(ctx.db))


def _empty(url: str) -> bool:
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            if engine.dialect.name == "sqlite":
                return not inspect(c).get_table_names()
            return not c.execute(
                text(
                    "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
                    "LIMIT 1"
                )
            ).first()
    finally:
        engine.dispose()


def restore(file: str | Path, url: str) -> RestoreResult:
    """Put a backup into an empty database at ``url``; then open it (an older schema is
    upgraded) and verify the audit chain."""
    src = Path(file).expanduser()
    if not src.is_file():
        raise InvalidInput("services.backup.no_file", src=src)
    url = normalize_url(url)
    if is_sqlite(url):
        dest = _sqlite_path(url)
        if dest.exists() and dest.stat().st_size > 0:
            raise InvalidInput("services.backup.exists_2", dest=dest)
        try:
            con = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
            ok = con.execute("PRAGMA integrity_check").fetchone()
            if ok is None or ok[0] != "ok":
                raise InvalidInput("services.backup.damaged")
            dest.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
            out = sqlite3.connect(dest)
            with out:
                con.backup(out)
            out.close()
            con.close()
        except sqlite3.DatabaseError as e:
            dest.unlink(missing_ok=True)
            raise InvalidInput("services.backup.not_sqlite", e=str(e)) from e
    else:
        if not _empty(url):
            raise InvalidInput("services.backup.target_not_empty")
        libpq, schema = _libpq(url)
        cmd = [_tool("pg_restore"), "--no-owner", "--exit-on-error", "--dbname", libpq, str(src)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
        if proc.returncode != 0:
            raise StorageError(
                "services.backup.pg_restore_failed",
                value=proc.stderr.strip()[:500],
                value2=proc.stderr.strip()[:300],
            )
        del schema
    db = Database.open(url)
    try:
        rep = audit.verify_db(db)
        from sqlalchemy import func, select

        from dosisdesk.storage import models as m

        with db.begin() as s:
            citizens = int(s.scalar(select(func.count()).select_from(m.Citizen)) or 0)
    finally:
        db.dispose()
    return RestoreResult(str(src), citizens, rep)
