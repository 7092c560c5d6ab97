"""kill -9 during writes (the issue "Nothing wrong gets in, nothing breaks"): a program killed
at any moment loses nothing it reported as saved, leaves no half-written unit of work, and the
audit chain still verifies."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dosisdesk.services.audit import verify_db
from dosisdesk.storage.db import Database
from tests.world import build_world

NOW = "2026-11-22T10:00"

#: Writes changes and teams one unit of work at a time and prints what each committed.
WORKER = """
import sys
from dosisdesk.domain.calendar import parse_moment
from dosisdesk.domain.types import ChangeKind
from dosisdesk.services import admin, changes
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage.db import Database

db = Database.open(sys.argv[1])
ctx = open_ctx(db, "admin", fixed_clock(parse_moment(sys.argv[3])))
for i in range(10_000):
    if i % 2:
        admin.add_team(ctx, f"Hold {i}")
        print(f"team Hold {i}", flush=True)
    else:
        c = changes.register(ctx, changes.ChangeRequest(
            cpr=sys.argv[2], kind=ChangeKind.NEW, product="Zocor", dosage=f"{i % 3 + 1}+0+0+0",
            source=f"kill {i}"))
        print(f"change {c.id}", flush=True)
"""


@pytest.mark.parametrize("after", [3, 8, 17])
def test_nothing_committed_is_lost(after: int, tmp_path: Path) -> None:
    path = tmp_path / "kill.sqlite"
    db = Database.create(str(path), training=True)
    w = build_world(db)
    db.dispose()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(path), w.anna, NOW],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    saved: list[str] = []
    for line in proc.stdout:
        saved.append(line.strip())
        if len(saved) == after:
            proc.send_signal(signal.SIGKILL)  # in the middle of the next unit of work
            break
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, err
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    teams = {n for (n,) in con.execute("SELECT name FROM teams")}
    ids = {i for (i,) in con.execute("SELECT id FROM changes")}
    # every change has its line version and its first transition (no half unit of work)
    orphans = con.execute(
        "SELECT count(*) FROM changes c WHERE NOT EXISTS "
        "(SELECT 1 FROM change_transitions t WHERE t.change_id = c.id) OR NOT EXISTS "
        "(SELECT 1 FROM line_versions v WHERE v.change_id = c.id)"
    ).fetchone()[0]
    con.close()
    for s in saved:
        kind, _, value = s.partition(" ")
        assert (value in teams) if kind == "team" else (int(value) in ids), s
    assert orphans == 0
    db = Database.open(str(path))
    try:
        assert verify_db(db).ok
    finally:
        db.dispose()
