"""Races: several programs at once on one PostgreSQL database (the issue "Nothing wrong gets in,
nothing breaks"). No lost update, never a program error, a missed deadline counted once however
many movers get there, and the audit chain still verifies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dosisdesk.domain.types import CPH
from dosisdesk.services import change_state
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database

PG_URL = os.environ.get("DOSISDESK_TEST_DATABASE_URL")
pytestmark = pytest.mark.skipif(not PG_URL, reason="needs DOSISDESK_TEST_DATABASE_URL")

BUILT = datetime(2026, 11, 22, 10, 0, tzinfo=CPH)

#: A worker: runs its command lines one after the other in-process and prints their exit codes.
WORKER = """
import io, json, sys, contextlib
from dosisdesk.cli import run
codes = []
for argv in json.loads(sys.argv[1]):
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        codes.append([run(argv), err.getvalue().strip()[:300]])
print(json.dumps(codes))
"""


def _moves_due(db: Database, at: datetime) -> int:
    with db.read() as s:
        return sum(
            1
            for c, new in change_state.due(s, at)
            if new.target is not None and new.target.id != c.target_period_id
        )


def _queue_changes(db: Database, wanted: int) -> None:
    """Register dose changes on roll lines at BUILT, so the next deadline has changes to miss."""
    from dosisdesk.domain.errors import DosisError
    from dosisdesk.domain.types import ChangeKind
    from dosisdesk.services import changes
    from dosisdesk.services.context import fixed_clock, open_ctx

    ctx = open_ctx(db, "admin", fixed_clock(BUILT))
    with db.read() as s:
        lines = s.execute(
            select(m.Line.id, m.Citizen.cpr)
            .join(m.Citizen, m.Citizen.id == m.Line.citizen_id)
            .where(m.Line.origin_acute_change_id.is_(None))
            .order_by(m.Line.id)
        ).all()
    done = 0
    for line_id, cpr in lines:
        try:
            changes.register(
                ctx,
                changes.ChangeRequest(
                    cpr=cpr,
                    kind=ChangeKind.DOSE_CHANGE,
                    line_id=line_id,
                    dosage="1+1+0+0",
                    source="Egen læge",
                ),
            )
        except DosisError:
            continue
        done += 1
        if done == wanted:
            return


def test_concurrent_movers_and_writers(pg_schema_url: str, tmp_path: Path) -> None:
    db = Database.create(pg_schema_url, training=True)
    from dosisdesk.demo.build import build_demo

    build_demo(db, citizens=12, seed=3, now=BUILT)
    _queue_changes(db, 10)
    with db.read() as s:
        first_deadline = s.scalar(
            select(func.min(m.Period.deadline)).where(m.Period.deadline > BUILT)
        )
        open_changes = s.execute(
            select(m.Change.id, m.Citizen.cpr, m.Change.line_id)
            .join(m.Citizen, m.Citizen.id == m.Change.citizen_id)
            .where(m.Change.state == "registered", m.Change.acute.is_(False))
            .order_by(m.Change.id)
        ).all()
        seq_before = s.scalar(select(func.max(m.AuditEntry.seq)))
        missed_before = s.scalar(
            select(func.count())
            .select_from(m.ChangeTransition)
            .where(m.ChangeTransition.note == change_state.MISSED_NOTE)
        )
    assert first_deadline is not None and len(open_changes) >= 4
    now = (first_deadline.astimezone(CPH) + timedelta(minutes=30)).isoformat()
    expected = _moves_due(db, datetime.fromisoformat(now))
    assert expected > 0
    db.dispose()

    base = ["--db", pg_schema_url, "--user", "admin", "--now", now]
    workers = []
    for w in range(4):
        argvs: list[list[str]] = [[*base, "advance"], [*base, "queue", "--missed"]]
        for i, (cid, cpr, line) in enumerate(open_changes[:5]):
            if (i + w) % 3 == 0:
                argvs.append([*base, "change", "cancel", str(cid), "--reason", f"w{w}"])
            elif line is not None:
                argvs.append(
                    [
                        *base,
                        "change",
                        "add",
                        cpr,
                        "--kind",
                        "dose_change",
                        "--line",
                        str(line),
                        "--dose",
                        f"{w % 3 + 1}+0+0+0",
                        "--source",
                        f"w{w}",
                        "--replace",
                        str(cid),
                    ]
                )
            argvs.append([*base, "advance"])
        workers.append(argvs)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, json.dumps(argvs)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        for argvs in workers
    ]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        results.extend(json.loads(out))
    codes = [c for c, _ in results]
    assert 1 not in codes, [r for r in results if r[0] == 1]
    assert set(codes) <= {0, 2}, results
    refused = [e for c, e in results if c == 2]
    assert all("programfejl" not in e and e.count("\n") == 0 for e in refused)

    db = Database.open(pg_schema_url)
    try:
        with db.read() as s:
            missed_after = s.scalar(
                select(func.count())
                .select_from(m.ChangeTransition)
                .where(m.ChangeTransition.note == change_state.MISSED_NOTE)
            )
            advance_entries = s.scalars(
                select(m.AuditEntry.after).where(
                    m.AuditEntry.action == "queue.advance", m.AuditEntry.seq > seq_before
                )
            ).all()
            # no lost update: every line has one unbroken chain of versions
            gaps = s.execute(
                select(m.LineVersion.line_id)
                .group_by(m.LineVersion.line_id)
                .having(func.count().filter(m.LineVersion.valid_to.is_(None)) != 1)
            ).all()
        counted = sum(json.loads(a)["missed_count"] for a in advance_entries if a)
        # One move per real miss, whoever got there first (every writer moves the queue first).
        assert (missed_after - missed_before, counted) == (expected, expected)
        assert not gaps
        from dosisdesk.services.audit import verify_db

        assert verify_db(db).ok
    finally:
        db.dispose()
