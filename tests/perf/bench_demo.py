"""Benchmark building demo data (a script, not collected by pytest).

    python tests/perf/bench_demo.py [--citizens 85000] [--seed 1] [--db PATH] [--keep]

Builds the demo into a fresh temporary SQLite file (or PATH, which must not exist yet), then
prints the time it took, the rows made and the size of the database file in MiB (after a WAL
checkpoint, so the number is the size of the file a user would copy).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from dosisdesk.demo.build import build_demo
from dosisdesk.domain.types import CPH
from dosisdesk.storage.db import Database

#: The moment the tests live in (tests/conftest.py).
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=CPH)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=85_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="SQLite file to create (default: a temp file)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary file")
    args = parser.parse_args()

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="dosisdesk-bench-")
        path = Path(tmp.name) / "demo.sqlite"
    else:
        path = args.db
        if path.exists():
            parser.error(f"{path} exists; give a new file")

    t0 = time.perf_counter()
    db = Database.create(f"sqlite:///{path}", training=True)
    migrated = time.perf_counter() - t0
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 5 or done == total:
            print(f"  {done}/{total} steps, {now - t0:.0f} s", flush=True)
            last[0] = now

    summary = build_demo(db, citizens=args.citizens, seed=args.seed, now=NOW, progress=progress)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                  for t in ("citizens", "cards", "lines", "line_versions", "changes",
                            "change_transitions", "hospital_contacts", "packed_products",
                            "renewal_requests", "audit_log")}
    db.dispose()
    size = path.stat().st_size / 2**20
    print(f"migrate: {migrated:.2f} s")
    print(f"build_demo({args.citizens} citizens): {summary.seconds:.1f} s")
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(f"flags expected: {summary.flags_expected}")
    print(f"database file: {size:.1f} MiB ({path})")
    if tmp is not None:
        if args.keep:
            kept = Path(tempfile.gettempdir()) / f"dosisdesk-demo-{args.citizens}.sqlite"
            path.replace(kept)
            print(f"kept as {kept}")
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
