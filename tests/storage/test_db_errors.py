"""Database errors classified once, at the storage boundary (storage.errors): the CLI and the
window only map the kind to words."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg.errors
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from dosisdesk.cli import run
from dosisdesk.domain.errors import DatabaseBusy, DatabaseConflict, DatabaseLost, SchemaMismatch
from dosisdesk.storage.errors import classify, retrying, translate


def _wrapped(orig: BaseException) -> OperationalError:
    return OperationalError("SELECT 1", {}, orig)


def test_each_driver_error_has_one_kind() -> None:
    assert classify(_wrapped(sqlite3.OperationalError("database is locked"))) == "busy"
    assert classify(_wrapped(psycopg.errors.DeadlockDetected("deadlock detected"))) == "conflict"
    assert (
        classify(_wrapped(psycopg.errors.SerializationFailure("could not serialize"))) == "conflict"
    )
    assert classify(_wrapped(psycopg.errors.UndefinedTable("no table"))) == "schema"
    assert classify(_wrapped(psycopg.errors.AdminShutdown("terminating"))) == "lost"
    assert classify(IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE failed"))) == "bug"
    assert isinstance(
        translate(_wrapped(sqlite3.OperationalError("database is locked"))), DatabaseBusy
    )
    assert isinstance(translate(_wrapped(psycopg.errors.DeadlockDetected("x"))), DatabaseConflict)
    assert isinstance(translate(_wrapped(psycopg.errors.UndefinedColumn("x"))), SchemaMismatch)
    assert isinstance(translate(_wrapped(psycopg.errors.ConnectionFailure("x"))), DatabaseLost)
    assert translate(IntegrityError("INSERT", {}, sqlite3.IntegrityError("x"))) is None
    busy = translate(_wrapped(sqlite3.OperationalError("database is locked")))
    assert busy is not None and "optaget, prøv igen" in busy.message


def test_a_conflict_is_tried_again_then_told_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("time.sleep", lambda _s: None)
    calls: list[int] = []

    @retrying
    def twice_then_done() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise DatabaseConflict("deadlock", "prøv igen")
        return "done"

    assert twice_then_done() == "done" and len(calls) == 3
    calls.clear()

    @retrying
    def never() -> None:
        calls.append(1)
        raise DatabaseConflict("deadlock", "Databasen er optaget af andre; prøv igen.")

    with pytest.raises(DatabaseConflict):
        never()
    assert len(calls) == 5


def test_the_command_line_says_a_conflict_in_one_line_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from dosisdesk.services import queue_clock

    path = tmp_path / "d.sqlite"
    assert run(["--db", str(path), "db", "init", "--training"]) == 0

    def deadlocked(_ctx: object) -> None:
        raise DatabaseConflict("deadlock", "Databasen er optaget af andre; prøv igen.")

    monkeypatch.setattr(queue_clock, "advance", deadlocked)
    monkeypatch.setattr("dosisdesk.services.changes.advance", deadlocked)
    capsys.readouterr()
    assert run(["--db", str(path), "--user", "admin", "advance"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "prøv igen" in err and "programfejl" not in err
