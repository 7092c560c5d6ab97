"""Bad command lines, busy databases and files that are not files (the issue "Nothing wrong gets
in, nothing breaks"): each is refused with exit 2 and one Danish line, and nothing changes."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from dosisdesk import outfile
from dosisdesk.cli import run
from dosisdesk.storage.db import Database
from tests.world import World, build_world

NOW = "2026-11-22T10:00"
BIG = "99999999999999999999"


@pytest.fixture
def dbfile(tmp_path: Path) -> tuple[Path, World]:
    path = tmp_path / "cli.sqlite"
    db = Database.create(str(path), training=True)
    w = build_world(db)
    db.dispose()
    assert run(["--db", str(path), "--user", "koord", "--now", NOW, "advance"]) == 0
    return path, w


def content(path: Path, skip: tuple[str, ...] = ()) -> str:
    """Every table but the audit log's (a refusal may be logged) and sign-in bookkeeping."""
    con = sqlite3.connect(path)
    h = hashlib.sha256()
    names = [
        n
        for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        if not n.startswith("audit") and n not in ("signin_failures", *skip)
    ]
    for n in names:
        for row in con.execute(f'SELECT * FROM "{n}" ORDER BY 1'):
            h.update(repr(row).encode())
    con.close()
    return h.hexdigest()


def audit_actions(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    rows = [a for (a,) in con.execute("SELECT action FROM audit_log ORDER BY seq")]
    con.close()
    return rows


def refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = run(argv)
    err = capsys.readouterr().err.strip()
    assert code == 2, (argv[:8], err)
    assert err.count("\n") == 0 and "Traceback" not in err and "programfejl" not in err, err
    return err


def bad_lines(w: World, tmp: Path) -> list[list[str]]:
    return [
        ["change", "show", BIG],
        ["change", "confirm", BIG],
        ["change", "cancel", BIG, "--reason", "x"],
        ["change", "add", w.anna, "--kind", "dose_change", "--line", BIG, "--dose", "1+0+0+0"],
        ["queue", "--limit", BIG],
        ["search", "a", "--limit", "-1"],
        ["handling", "done", BIG],
        ["--now", "9999-12-31T23:59", "card", w.anna],
        ["--now", "0001-01-01T00:00:00+14:00", "card", w.anna],
        ["change", "add", w.anna, "--kind", "new", "--drug", "Panodil", "--dose", "1+0+0+0",
         "--received", "0001-01-01T00:00"],
        ["period", "stretch", "1", "--first-day", "9999-12-31", "--days", "14", "--note", "x"],
        ["handover", "--team", "Team Nord", "--date", "0001-01-01", "--pdf", str(tmp / "h.pdf")],
        ["handover", "--team", "Team Nord", "--pdf", str(tmp / ("a" * 300 + ".pdf"))],
        ["search", "x" * 100_000],
        ["change", "add", w.anna, "--kind", "new", "--drug", "Panodil", "--dose",
         f"{BIG}+0+0+0"],
        ["change", "add", w.anna, "--kind", "new", "--drug", "Panodil", "--dose", "1+0+0+0",
         "--valid-until", "1900-01-01"],
        ["change", "add", w.anna, "--kind", "discontinue", "--line", str(w.line_atorva),
         "--acute", "--reason", "x", "--doctor", "y", "--handling",
         "remove_tablets=1999-11-22/evening"],
        ["user", "add", "ny", "--name", "n" * 100_000, "--role", "coordinator"],
        ["user", "team", "t" * 100_000],
        ["export", str(tmp)],
    ]  # fmt: skip


def test_bad_command_lines_are_one_danish_line_and_change_nothing(qapp, dbfile, tmp_path, capsys):
    path, w = dbfile
    before, logged = content(path), audit_actions(path)
    for argv in bad_lines(w, tmp_path):
        user = "admin" if argv[0] in ("user", "export", "period") else "koord"
        refused(["--db", str(path), "--user", user, "--now", NOW, *argv], capsys)
        assert content(path) == before, argv[:6]
    new = audit_actions(path)[len(logged) :]
    assert not [a for a in new if a not in ("signin", "access.refused")], new
    assert not list(tmp_path.glob(".*.tmp")) and not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize(
    "db",
    ["text", "folder", "postgresql://nobody@127.0.0.1:1/x", "mysql://u@h/d"],
)
def test_a_db_that_is_no_database_is_refused(db, tmp_path, capsys):
    if db == "text":
        (tmp_path / "notes.txt").write_text("hello")
        db = str(tmp_path / "notes.txt")
    elif db == "folder":
        db = str(tmp_path)
    refused(["--db", db, "--user", "admin", "search", "a"], capsys)


def test_export_and_pdf_never_write_over_a_special_file(qapp, dbfile, tmp_path, capsys):
    path, w = dbfile
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    logged = audit_actions(path)
    err = refused(["--db", str(path), "--user", "admin", "export", str(fifo)], capsys)
    assert "almindelig fil" in err
    refused(["--db", str(path), "--user", "koord", "medlist", w.anna, "--pdf", str(fifo)], capsys)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    new = audit_actions(path)[len(logged) :]
    assert "extract.export" not in new and "print.medlist" not in new


def test_a_leftover_temporary_file_is_removed_at_the_next_start(dbfile, tmp_path, capsys):
    path, _ = dbfile
    target = tmp_path / "udtraek.json"
    tmp = outfile.temp_beside(target, prefix=".udtraek.json.")  # an export that was killed
    os.utime(tmp, (1, 1))
    assert run(["--db", str(path), "--user", "admin", "--now", NOW, "export", str(target)]) == 0
    assert not tmp.exists() and target.is_file()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_busy_database_is_busy_not_unopenable(dbfile, capsys):
    """Another program holds SQLite's write lock: a write says "optaget, prøv igen" (exit 2)."""
    path, w = dbfile
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        before = content(path)
        err = refused(
            ["--db", str(path), "--user", "koord", "--now", NOW, "change", "add", w.anna,
             "--kind", "dose_change", "--line", str(w.line_metformin), "--dose", "2+0+0+0"],
            capsys,
        )  # fmt: skip
        assert "optaget" in err and "prøv igen" in err
    finally:
        holder.rollback()
        holder.close()
    assert content(path) == before


def test_reads_need_no_write_lock(dbfile, capsys):
    """While another program holds SQLite's write lock, search and audit verify still answer;
    their entries (sign-in, the search's list) wait in the spool, durably, and the next unit of
    work that writes appends them to the chain, which still verifies."""
    path, _ = dbfile
    logged = audit_actions(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        argv = ["--db", str(path), "--user", "admin", "--now", NOW]
        assert run([*argv, "search", "Hansen"]) == 0
        assert "Anna Hansen" in capsys.readouterr().out
        assert run([*argv, "audit", "verify"]) == 0
        assert "intakt" in capsys.readouterr().out
    finally:
        holder.rollback()
        holder.close()
    assert audit_actions(path) == logged  # nothing could be written meanwhile
    db = Database.open(str(path))
    from dosisdesk.services import audit

    assert audit.spooled(db) == 3  # two sign-ins and the search
    db.dispose()
    assert run(["--db", str(path), "--user", "admin", "--now", NOW, "audit", "verify"]) == 0
    assert "intakt" in capsys.readouterr().out
    new = audit_actions(path)[len(logged) :]
    assert new.count("search.read") == 1 and new.count("signin") == 3, new
    db = Database.open(str(path))
    assert audit.spooled(db) == 0
    db.dispose()
