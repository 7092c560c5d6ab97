"""``--now`` on each kind of database: on a real one a read is a what-if that stores nothing
(its access still logged, at the real time) and a write is refused; on a training database the
clock may be set for reads and writes alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from dosisdesk.cli import run
from dosisdesk.services import audit
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.cli.test_hostile_input import audit_actions, content
from tests.storage.test_signin import real_world
from tests.world import build_world

FUTURE = "2027-06-01T10:00"


@pytest.fixture
def real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, object]:
    """A real database with the small world; the OS account 'koord' is the coordinator."""
    url, w = real_world(tmp_path)
    db = Database.open(url)
    with db.begin() as s:
        u = s.scalar(select(m.User).where(m.User.username == "koord"))
        assert u is not None
        u.login = "koord"
    db.dispose()
    monkeypatch.setenv("DOSISDESK_SIGNIN", "os")
    monkeypatch.setattr(audit, "os_account", lambda: "koord")
    return tmp_path / "real.sqlite", w


def test_a_read_with_now_on_a_real_database_stores_nothing(real, capsys):
    path, w = real
    # The packing calendar ahead may be laid (derived from the schedule alone, the same
    # whenever it is laid); nothing else may change.
    before, logged = content(path, skip=("periods",)), audit_actions(path)
    for argv in (["queue"], ["card", w.anna], ["queue", "--missed"], ["search", "Hansen"]):
        assert run(["--db", str(path), "--now", FUTURE, *argv]) == 0, capsys.readouterr().err
    assert content(path, skip=("periods",)) == before  # no change moved, no transition
    new = audit_actions(path)[len(logged) :]
    assert "queue.advance" not in new and "card.read" in new
    db = Database.open(str(path))
    with db.read() as s:
        latest = s.scalar(select(m.AuditEntry.at).order_by(m.AuditEntry.seq.desc()).limit(1))
    db.dispose()
    assert latest is not None
    at = latest if latest.tzinfo else latest.replace(tzinfo=UTC)
    assert abs(at - datetime.now(UTC)) < timedelta(hours=1)  # logged at the real time


@pytest.mark.parametrize(
    "argv",
    [
        ["advance"],
        ["change", "add", "{anna}", "--kind", "dose_change", "--drug", "Glucophage", "--dose",
         "2+0+0+0"],
        ["change", "cancel", "1", "--reason", "x"],
        ["pause", "{anna}"],
        ["period", "stretch", "1", "--first-day", "2026-12-17", "--days", "21", "--note", "x"],
    ],
)  # fmt: skip
def test_a_write_with_now_on_a_real_database_is_refused(real, argv, capsys):
    path, w = real
    before = content(path)
    argv = [a.format(anna=w.anna) for a in argv]
    assert run(["--db", str(path), "--now", "2026-11-19T10:00", *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert "--now" in err and "rigtige tidspunkt" in err and err.count("\n") == 0
    assert content(path) == before


def test_a_training_database_may_set_the_clock_for_writes(tmp_path: Path, capsys):
    path = tmp_path / "train.sqlite"
    db = Database.create(str(path), training=True)
    w = build_world(db)
    db.dispose()
    argv = ["--db", str(path), "--user", "koord", "--now", "2026-11-22T10:00"]
    assert run([*argv, "change", "add", w.anna, "--kind", "dose_change", "--drug", "Glucophage",
                "--dose", "2+0+0+0"]) == 0  # fmt: skip
    assert run([*argv, "advance"]) == 0
    capsys.readouterr()
