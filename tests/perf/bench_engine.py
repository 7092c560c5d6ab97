"""Benchmark the engine on a large demo database, as ratios against hand-written SQL measured in
the same run (never a timed assertion in the test suite).

    python tests/perf/bench_engine.py --citizens 85000 [--db sqlite:////tmp/bench.sqlite]
                                      [--keep] [--repeat 5]

Builds the demo database if it does not exist yet (and reports how long that took and the file
size), then times `queue`, `flags` and `card` through the services next to the bare SQL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from dosisdesk.domain.types import CPH
from dosisdesk.services import cards, flags, queue, queue_clock, search
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage.db import Database, make_url

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=CPH)


def timed(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm caches the same way for both sides
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


RAW_QUEUE = """
SELECT c.id, z.cpr, z.first_name, z.last_name, ph.name, p.first_day, p.deadline, c.kind,
       pr.trade_name, c.dosage, c.state, c.missed_deadlines
FROM changes c JOIN citizens z ON z.id = c.citizen_id
JOIN periods p ON p.id = c.target_period_id
JOIN packing_groups g ON g.id = p.packing_group_id JOIN pharmacies ph ON ph.id = g.pharmacy_id
LEFT JOIN products pr ON pr.id = c.product_id
WHERE c.state IN ('registered', 'confirmed', 'locked')
ORDER BY p.deadline, ph.name, g.name, z.sort_key, c.id LIMIT 500
"""

RAW_FLAGS = """
SELECT DISTINCT a.citizen_id, a.line_id, b.line_id
FROM line_versions a JOIN line_versions b
  ON b.citizen_id = a.citizen_id AND b.line_id <> a.line_id
 AND substr(b.atc, 1, 5) = substr(a.atc, 1, 5)
WHERE a.status = 'active' AND b.status = 'active' AND a.supply = 'dose_roll'
  AND (a.valid_to IS NULL OR a.valid_to > :today)
  AND (b.valid_to IS NULL OR b.valid_to > :today)
  AND (b.valid_to IS NULL OR a.valid_from < b.valid_to)
  AND (a.valid_to IS NULL OR b.valid_from < a.valid_to)
"""

RAW_CARD = """
SELECT v.*, p.trade_name, p.strength FROM line_versions v
JOIN lines l ON l.id = v.line_id JOIN products p ON p.id = v.product_id
WHERE l.card_id = (SELECT c.id FROM cards c JOIN citizens z ON z.id = c.citizen_id
                   WHERE z.cpr = :cpr ORDER BY c.id LIMIT 1)
  AND v.valid_from <= :day AND (v.valid_to IS NULL OR v.valid_to > :day)
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--citizens", type=int, default=85000)
    ap.add_argument("--db", default="sqlite:////tmp/dosisdesk-bench.sqlite")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    url = make_url(args.db)
    fresh = url.get_backend_name() == "sqlite" and not Path(url.database or "").exists()
    db = Database.create(args.db, training=True) if fresh else Database.open(args.db, upgrade=True)
    if fresh:
        from dosisdesk.demo.build import build_demo

        t = time.perf_counter()
        build_demo(db, citizens=args.citizens, seed=1, now=NOW)
        built = time.perf_counter() - t
        size = os.path.getsize(url.database or "") / 2**20
        print(f"demo --citizens {args.citizens}: {built:.1f} s, {size:.0f} MiB")
    ctx = open_ctx(db, "admin", fixed_clock(NOW))
    queue_clock.advance(ctx)
    with db.begin() as s:
        cpr = s.execute(
            text(
                "SELECT z.cpr FROM citizens z JOIN changes c ON c.citizen_id = z.id "
                "WHERE c.state = 'registered' ORDER BY z.id LIMIT 1"
            )
        ).scalar_one()
        n = s.execute(text("SELECT count(*) FROM citizens")).scalar_one()
        nc = s.execute(
            text("SELECT count(*) FROM changes WHERE state IN ('registered','confirmed','locked')")
        ).scalar_one()
    print(f"database: {n} citizens, {nc} open changes")

    def raw(sql: str, **params: object) -> Callable[[], object]:
        def go() -> object:
            with db.engine.connect() as c:
                return c.execute(text(sql), params).fetchall()

        return go

    rows = [
        (
            "queue (first 500 rows)",
            lambda: queue.queue(ctx, queue.QueueFilter()),
            raw(RAW_QUEUE),
        ),
        ("flags (all)", lambda: flags.flags(ctx), raw(RAW_FLAGS, today=NOW.date())),
        (
            "card (one citizen)",
            lambda: cards.card_view(ctx, cpr, log=False),
            raw(RAW_CARD, cpr=cpr, day=NOW.date()),
        ),
        (
            "search 'han' (first page)",
            lambda: search.search_citizens(ctx, "han", limit=100),
            raw(
                "SELECT id, cpr, first_name, last_name FROM citizens WHERE sort_key LIKE :p "
                "ORDER BY sort_key LIMIT 100",
                p="%han%",
            ),
        ),
    ]
    print(f"{'operation':28} {'service':>10} {'bare SQL':>10} {'ratio':>7}")
    for name, svc, base in rows:
        a = timed(svc, args.repeat)
        b = timed(base, args.repeat)
        print(f"{name:28} {a * 1000:8.1f}ms {b * 1000:8.1f}ms {a / b:7.1f}")
    db.dispose()


if __name__ == "__main__":
    main()
