"""`audit verify` at a year of a large municipality's entries (issue #13; not collected by pytest).

    python -m tests.perf.audit [--entries 1000000] [--repeat 5] [--no-pg] [--no-sqlite]

The estimate. A large municipality doses ~3,000 citizens from one office. In a year the log
gets, per working day: ~1,000 card reads (a card opened to register, confirm or check a change),
~1,500 lists (every search page, the queue, flags, renewals and contacts: one entry naming every
citizen shown), ~600 handover lines (each print logs one entry per citizen on it), ~300 writes
(changes, confirmations, transitions, contacts) and ~100 sign-ins and refusals: ~3,500 a day, a
little over 1 million in 300 days (weekends are quieter). The benchmark builds 1,000,000 sealed
entries in that mix (lists name 5–100 citizens, so their ``after`` is up to ~700 bytes) into a
freshly migrated database, cached under /tmp/dosisdesk-perf, and times:

- the operation: ``services.audit.verify_db`` — what ``dosisdesk audit verify`` runs — with the
  sealing key set, so every entry's hash *and* seal are checked;
- the baseline: the same rows read with the driver's plain cursor in the same order and the same
  hashes and seals computed and compared in a minimal hand-written loop (no problem reporting).

timed in alternating pairs (tests/perf/harness.py); the ratio is the median of the pairs'.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sqlite3
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.perf.harness import CACHE, Results, alternate, pair

KEY = b"0123456789abcdef0123456789abcdef-perf-key"
COLS = (
    "id, seq, at, user_id, username, db_user, action, entity, entity_id, citizen_id, "
    "before, after, prev_hash, hash, mac"
)
#: the moment as hashed (UTC, microseconds), computed by PostgreSQL
PG_MOMENT = "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"


def entries(n: int, seed: int = 13) -> Any:
    """``n`` entries in the estimate's mix, chained and sealed, as insert tuples (no id)."""
    from dosisdesk.domain import auditchain as chain

    rnd = random.Random(seed)
    start = datetime(2025, 11, 22, 7, 0, tzinfo=UTC)
    step = timedelta(days=365) / n
    users = [(i, f"sygpl{i}") for i in range(2, 60)] + [(1, "admin"), (60, "koord1")]
    prev = chain.GENESIS
    for seq in range(1, n + 1):
        at = start + step * seq + timedelta(microseconds=rnd.randrange(1000))
        uid, name = users[rnd.randrange(len(users))]
        cid = rnd.randrange(1, 3001)
        roll = rnd.random()
        before: str | None = None
        after: str | None = None
        entity_id: int | None = cid
        citizen: int | None = cid
        if roll < 0.29:
            action, entity = "card.read", "card"
        elif roll < 0.72:
            action, entity, entity_id, citizen = "search.read", "citizen_list", None, None
            shown = sorted(rnd.sample(range(1, 3001), rnd.randrange(5, 101)))
            after = json.dumps({"citizens": shown, "count": len(shown)}, sort_keys=True)
        elif roll < 0.89:
            action, entity = "handover.pdf", "citizen"
            after = json.dumps({"day": "2026-11-22", "shift": "day", "team": "Team Nord"})
        elif roll < 0.97:
            action, entity = "change.register", "change"
            entity_id = rnd.randrange(1, 100_000)
            before = json.dumps({"dosage": "1+0+1+0", "drug": "Metformin 500 mg"})
            after = json.dumps(
                {"dosage": "1+0+0+0", "drug": "Metformin 500 mg", "reason": "Lavere blodsukker"},
                ensure_ascii=False,
            )
        else:
            action, entity, entity_id, citizen = "signin", "user", uid, None
            after = json.dumps({"method": "password"})
        h = chain.digest(
            seq=seq,
            at=at,
            user_id=uid,
            username=name,
            db_user="dosisdesk",
            action=action,
            entity=entity,
            entity_id=entity_id,
            citizen_id=citizen,
            before=before,
            after=after,
            prev_hash=prev,
        )
        yield (
            seq,
            at,
            uid,
            name,
            "dosisdesk",
            action,
            entity,
            entity_id,
            citizen,
            before,
            after,
            prev,
            h,
            chain.seal(KEY, h),
        )
        prev = h


def key_file() -> Path:
    path = CACHE / "audit-perf.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(KEY + b"\n")
    return path


def ensure_sqlite(n: int) -> Path:
    """A migrated SQLite database holding ``n`` entries (built once)."""
    from dosisdesk.storage.db import Database

    path = CACHE / f"audit-{n}.sqlite"
    if path.exists():
        return path
    tmp = path.with_suffix(".building")
    for sfx in ("", "-wal", "-shm"):
        Path(f"{tmp}{sfx}").unlink(missing_ok=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {n:,} audit entries into {path} ...", flush=True)
    t = time.perf_counter()
    Database.create(f"sqlite:///{tmp}", training=True).dispose()
    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("DELETE FROM audit_log")
    conn.execute("BEGIN")
    conn.executemany(
        f"INSERT INTO audit_log ({COLS.removeprefix('id, ')}) VALUES ({', '.join('?' * 14)})",
        (
            (seq, at.strftime("%Y-%m-%d %H:%M:%S.%f"), *rest)
            for seq, at, *rest in entries(n)  # stored as SQLAlchemy stores it: naive UTC text
        ),
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    tmp.replace(path)
    print(f"  built in {time.perf_counter() - t:.0f} s", flush=True)
    return path


def ensure_pg(n: int) -> str | None:
    """A schema ``perf_audit_<n>`` on DOSISDESK_TEST_DATABASE_URL holding the same entries."""
    base = os.environ.get("DOSISDESK_TEST_DATABASE_URL")
    if not base:
        return None
    from sqlalchemy import create_engine, text

    from dosisdesk.storage.db import Database, normalize_url

    schema = f"perf_audit_{n}"
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options=-csearch_path%3D{schema}"
    admin = create_engine(normalize_url(base))
    with admin.begin() as c:
        done = c.execute(
            text(
                "SELECT 1 FROM information_schema.tables "
                "WHERE table_schema = :s AND table_name = 'perf_complete'"
            ),
            {"s": schema},
        ).first()
        if not done:
            c.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            c.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    if done:
        return url
    print(f"copying {n:,} audit entries into PostgreSQL schema {schema} ...", flush=True)
    t = time.perf_counter()
    db = Database.open(url, upgrade=True)
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SET session_replication_role = replica")  # the stamping trigger stays off
        cur.execute("DELETE FROM audit_log")
        with cur.copy(f"COPY audit_log ({COLS.removeprefix('id, ')}) FROM STDIN") as cp:  # type: ignore[attr-defined]
            for row in entries(n):
                cp.write_row(row)
        cur.execute("SET session_replication_role = DEFAULT")
        raw.commit()
        cur.execute("ANALYZE audit_log")
        cur.execute("CREATE TABLE perf_complete (at timestamptz DEFAULT now())")
        raw.commit()
    finally:
        raw.close()
    db.dispose()
    print(f"  copied in {time.perf_counter() - t:.0f} s", flush=True)
    return url


# ---------------------------------------------------------------------------
# The baseline: the same rows, the same hashes, a minimal loop
# ---------------------------------------------------------------------------


def baseline(url: str, sqlite: bool) -> int:
    """Read every entry in chain order with the driver's plain cursor; recompute and compare each
    hash (the canonical JSON written by hand, SHA-256), link and seal (HMAC with the key prepared
    once). Returns how many entries matched. Nothing of dosisdesk's is called."""
    from json.encoder import encode_basestring as q

    if sqlite:
        conn: Any = sqlite3.connect(url.removeprefix("sqlite:///"))
        cur = conn.execute(f"SELECT {COLS} FROM audit_log ORDER BY seq, id")
    else:
        import psycopg

        from dosisdesk.storage.db import normalize_url

        conn = psycopg.connect(normalize_url(url).replace("postgresql+psycopg", "postgresql"))
        cur = conn.cursor(name="verify_baseline")
        cur.itersize = 10_000
        cur.execute(
            f"SELECT {COLS.replace(' at,', ' ' + PG_MOMENT + ',')} FROM audit_log ORDER BY seq, id"
        )
    key = KEY.ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    inner.update(b"entry|")
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
    sha = hashlib.sha256
    good = 0
    prev = "0" * 64
    for _id, seq, at, uid, name, dbu, act, ent, eid, cid, bef, aft, ph, h, mac in cur:
        if sqlite:
            at = at.replace(" ", "T")
        payload = (
            f"[2,{seq},{q(at)},{'null' if uid is None else uid},{q(name)},{q(dbu)},{q(act)},"
            f"{q(ent)},{'null' if eid is None else eid},{'null' if cid is None else cid},"
            f"{'null' if bef is None else q(bef)},{'null' if aft is None else q(aft)},{q(ph)}]"
        )
        i = inner.copy()
        i.update(h.encode())
        o = outer.copy()
        o.update(i.digest())
        if ph == prev and sha(payload.encode()).hexdigest() == h and o.hexdigest() == mac:
            good += 1
        prev = h
    conn.close()
    return good


def bench(results: Results, engine: str, url: str, n: int, repeat: int) -> None:
    from dosisdesk.services import audit
    from dosisdesk.storage.db import Database

    os.environ["DOSISDESK_AUDIT_KEY_FILE"] = str(key_file())
    os.environ["DOSISDESK_AUDIT_CHECKPOINT_FILE"] = str(CACHE / "audit-perf-none.jsonl")
    db = Database.open(url)
    rep = audit.verify_db(db)
    good = baseline(url, engine == "sqlite")
    note = f"{rep.entries:,} entries, {rep.sealed:,} sealed, {len(rep.problems)} problems"
    if not rep.ok or rep.entries != n or good != n:
        note += f" !! verify found {rep.problems[:2]}, baseline {good:,} good"
    cpu: dict[str, list[float]] = {"op": [], "base": []}

    def timed_cpu(side: str, fn: Any) -> Any:
        def run() -> None:
            t = time.process_time()
            fn()
            cpu[side].append(time.process_time() - t)

        return run

    timing = alternate(
        timed_cpu("op", lambda: audit.verify_db(db)),
        timed_cpu("base", lambda: baseline(url, engine == "sqlite")),
        repeat,
        warm=0,
    )
    ms = timing[0]
    op_cpu, base_cpu = statistics.median(cpu["op"]), statistics.median(cpu["base"])
    note += (
        f"; {n / (ms / 1000):,.0f} entries/s; this process's CPU {op_cpu:.1f} s vs "
        f"{base_cpu:.1f} s{' (the server reads)' if engine == 'pg' else ''}"
    )
    pair(
        results,
        "audit verify, a year's entries",
        n,
        engine,
        timing,
        "<= 1.5x and a few seconds",
        lambda r, op_ms: r <= 1.5 and op_ms < 10_000,
        note,
    )
    db.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--no-sqlite", action="store_true")
    args = ap.parse_args()
    results = Results()
    if not args.no_sqlite:
        bench(
            results, "sqlite", f"sqlite:///{ensure_sqlite(args.entries)}", args.entries, args.repeat
        )
    pg = None if args.no_pg else ensure_pg(args.entries)
    if pg:
        bench(results, "pg", pg, args.entries, args.repeat)
    for r in results.rows:
        print(
            f"| {r.path} | {r.engine} | {r.size:,} | {r.op_ms / 1000:.2f} s | "
            f"{r.base_ms / 1000:.2f} s | {r.ratio:.2f}x | {r.goal} | {'ok' if r.ok else 'MISS'} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
