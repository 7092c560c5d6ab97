"""Database errors classified once, here at the storage boundary.

A driver's error becomes one of a few kinds; the CLI and the UI only map the kind (the typed
error from ``domain.errors``) to Danish words, and never look at a driver's text:

- ``busy``: SQLite's write lock is held by another program longer than we wait (try again);
- ``conflict``: PostgreSQL gave up a deadlock or a serialisation failure: the unit of work is
  retried a few times (:func:`retrying`) before the user is told to try again;
- ``lost``: the server cannot be reached or the connection broke;
- ``schema``: a table or column is missing (an older or foreign database);
- ``bug``: anything else (a constraint the program should have checked first): a program error.
"""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable
from typing import Literal, ParamSpec, TypeVar

from dosisdesk.domain.errors import (
    DatabaseBusy,
    DatabaseConflict,
    DatabaseLost,
    SchemaMismatch,
    StorageError,
)

log = logging.getLogger("dosisdesk.storage")

Kind = Literal["busy", "conflict", "lost", "schema", "bug"]

#: PostgreSQL's SQLSTATEs by kind (https://www.postgresql.org/docs/current/errcodes-appendix.html)
_PG_CONFLICT = {"40001", "40P01", "55P03"}  # serialization_failure, deadlock, lock_not_available
_PG_SCHEMA = {"42P01", "42703", "3F000"}  # undefined table / column, invalid schema name
_PG_LOST_CLASSES = ("08", "57", "53")  # connection exception, operator intervention, resources


def classify(exc: BaseException) -> Kind:
    """The kind of a database error (a SQLAlchemy ``DBAPIError`` or the driver's own)."""
    from sqlalchemy.exc import DBAPIError

    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return "lost"
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if isinstance(state, str) and state:
        if state in _PG_CONFLICT:
            return "conflict"
        if state in _PG_SCHEMA:
            return "schema"
        if state.startswith(_PG_LOST_CLASSES):
            return "lost"
        return "bug"
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        primary = code & 0xFF
        if primary in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
            return "busy"
        if primary in (14, 13, 10, 26, 11):  # CANTOPEN, FULL, IOERR, NOTADB, CORRUPT
            return "lost"
    text = str(orig).lower()
    if (
        "database is locked" in text
        or "database is busy" in text
        or "database table is locked" in text
    ):
        return "busy"
    if "no such table" in text or "no such column" in text:
        return "schema"
    if "unable to open" in text or "disk i/o" in text:
        return "lost"
    from sqlalchemy.exc import InterfaceError, OperationalError

    if isinstance(exc, InterfaceError) or (
        isinstance(exc, OperationalError) and "connection" in text
    ):
        return "lost"
    return "bug"


def _short(exc: BaseException) -> str:
    msg = str(getattr(exc, "orig", exc)).strip().splitlines()
    return msg[0][:200] if msg else type(exc).__name__


def translate(exc: BaseException) -> StorageError | None:
    """The typed error for a database error, or None for a bug (re-raised as it is)."""
    kind = classify(exc)
    detail = _short(exc)
    if kind == "busy":
        return DatabaseBusy("storage.errors.database_busy", detail=detail)
    if kind == "conflict":
        return DatabaseConflict("storage.errors.conflicting_unit_work", detail=detail)
    if kind == "lost":
        return DatabaseLost("storage.errors.database_unreachable", detail=detail)
    if kind == "schema":
        return SchemaMismatch("storage.errors.database_schema_does_not_match", detail=detail)
    return None


P = ParamSpec("P")
R = TypeVar("R")

#: How many times a unit of work that met a deadlock or a serialisation failure is run again.
RETRIES = 5


def retrying(fn: Callable[P, R]) -> Callable[P, R]:
    """Run a service call (one unit of work, or an idempotent few) again when PostgreSQL gave it
    up for a deadlock or a serialisation failure; after :data:`RETRIES` tries the conflict
    reaches the user (try again, nothing changed). The call must have rolled back whole."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(RETRIES):
            try:
                return fn(*args, **kwargs)
            except DatabaseConflict:
                if attempt == RETRIES - 1:
                    raise
                log.info("%s met a conflicting unit of work; again (%d)", fn.__name__, attempt + 1)
                time.sleep(random.uniform(0.01, 0.05) * (2**attempt))
        raise AssertionError("unreachable")

    return run


__all__ = ["Kind", "classify", "retrying", "translate"]
