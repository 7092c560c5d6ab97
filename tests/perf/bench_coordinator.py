"""Benchmark the coordinator's desk on a big demo database (a script, not collected by pytest).

    python tests/perf/bench_coordinator.py [--db /tmp/dosisdesk-bench.sqlite] [--repeat 5]

Uses the SQLite file given (made with ``tests/perf/bench_demo.py --db PATH`` when it does not
exist yet: 85,000 citizens take a few minutes). Offscreen, it measures, as medians of
``--repeat`` runs and in the same process:

* the bare SQL of the queue's first page (the same statement the service runs, through the raw
  DB-API cursor) and of the groups' counts: the baseline;
* the services the desk calls for that (``queue.queue`` + ``review.queue_groups``);
* opening the desk until the first queue page is shown (widget, filters' lists, queue);
* applying a filter in the desk until the new first page is shown (team, search, missed only);
* an empty PySide6 window shown (the other baseline) and the slower tabs (figures, flags).

Times are reported in ms with the ratio to the bare SQL. The database is read and (by the queue's
``advance``) at most brought up to the fixed moment of the demo; nothing else is written.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QModelIndex, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QMainWindow
from sqlalchemy import func, select

from dosisdesk.domain.types import CPH, ChangeState
from dosisdesk.services import figures, flags, queue, review
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.services.queue import QueueFilter
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from dosisdesk.ui.messages import bridge

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=CPH)
PAGE = 200


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def wait(app: QApplication, signal: SignalInstance, start: Callable[[], None]) -> float:
    """Milliseconds from ``start()`` until ``signal`` fires (events processed meanwhile)."""
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(120_000, loop.quit)
    t0 = time.perf_counter()
    start()
    loop.exec()
    ms = (time.perf_counter() - t0) * 1000
    signal.disconnect(loop.quit)
    return ms


def bare_sql(db: Database, ctx: Ctx, f: QueueFilter) -> tuple[Callable[[], object], ...]:
    """The first page's and the counts' SQL, compiled once, run on the raw DB-API cursor."""
    with db.begin() as s:
        page = (
            queue.queue_select(s, ctx, f)
            .order_by(
                m.Period.deadline,
                m.Pharmacy.name,
                m.PackingGroup.name,
                m.Citizen.sort_key,
                m.Change.id,
            )
            .limit(PAGE)
        )
        count = queue.queue_select(s, ctx, f).with_only_columns(m.Period.id)
    out = []
    for stmt, grouped in ((page, False), (count, True)):
        compiled = stmt.compile(
            dialect=db.engine.dialect, compile_kwargs={"render_postcompile": True}
        )
        sql = str(compiled)
        if grouped:
            sql = f"SELECT anon.id, count(*) FROM ({sql}) AS anon GROUP BY anon.id"
        params = [compiled.params[k] for k in compiled.positiontup or ()]

        def run(sql: str = sql, params: list[object] = params) -> object:
            raw = db.engine.raw_connection()
            try:
                cur = raw.cursor()
                cur.execute(sql, params)
                return cur.fetchall()
            finally:
                raw.close()

        out.append(run)
    return tuple(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/dosisdesk-bench.sqlite"))
    parser.add_argument("--citizens", type=int, default=85_000, help="when building the db")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--user", default="koord1")
    args = parser.parse_args()
    if not args.db.exists():
        print(f"building {args.db} ({args.citizens} citizens) ...", flush=True)
        here = Path(__file__).with_name("bench_demo.py")
        subprocess.run(
            [sys.executable, str(here), "--citizens", str(args.citizens), "--db", str(args.db)],
            check=True,
        )
    app = QApplication([])
    bridge.interactive = False
    db = Database.open(f"sqlite:///{args.db}")
    ctx = open_ctx(db, args.user, fixed_clock(NOW))
    with db.begin() as s:
        citizens = s.scalar(select(func.count()).select_from(m.Citizen))
        team = s.scalar(select(m.Team.name).order_by(m.Team.name).limit(1))
    print(
        f"database: {args.db} ({citizens:,} citizens), user {args.user}, now {NOW:%Y-%m-%d %H:%M}"
    )

    rows: list[tuple[str, float]] = []
    # the desk's default filter: every change still to act on (registered or confirmed)
    f = QueueFilter(states=(ChangeState.REGISTERED, ChangeState.CONFIRMED))
    queue.queue(ctx, f, limit=1)  # lets time move the queue once, outside the timings
    page_sql, count_sql = bare_sql(db, ctx, f)
    base = median_ms(page_sql, args.repeat)
    rows.append(("bare SQL: first page of the queue (200 rows)", base))
    rows.append(("bare SQL: the groups' counts", median_ms(count_sql, args.repeat)))
    open_count = queue.queue_count(ctx, f)
    rows.append(
        (
            "service: queue.queue (first page, with advance)",
            median_ms(lambda: queue.queue(ctx, f, limit=PAGE), args.repeat),
        )
    )
    rows.append(
        (
            "service: review.queue_groups",
            median_ms(lambda: review.queue_groups(ctx, f), args.repeat),
        )
    )

    # Baseline: an empty window.
    def empty() -> None:
        w = QMainWindow()
        w.resize(1400, 900)
        w.show()
        app.processEvents()
        w.close()

    rows.append(("empty PySide6 window shown", median_ms(empty, args.repeat)))

    # Opening the desk until the first page of the queue is shown.
    from dosisdesk.ui.desk.desk import CoordinatorDesk
    from dosisdesk.ui.runner import Runner

    opens = []
    desk = None
    for _ in range(args.repeat):
        if desk is not None:
            desk.close()
            desk.deleteLater()
            app.processEvents()
        runner = Runner()
        t0 = time.perf_counter()
        desk = CoordinatorDesk(ctx, runner)
        desk.resize(1400, 900)
        desk.show()
        wait(app, desk.queue_tab.loaded, desk.refresh)
        opens.append((time.perf_counter() - t0) * 1000)
    rows.append(("desk opened, first queue page shown", statistics.median(opens)))
    assert desk is not None
    tab = desk.queue_tab
    shown = tab.model.loaded

    def filtered(set_: Callable[[], None], reset: Callable[[], None]) -> float:
        times = []
        for _ in range(args.repeat):
            times.append(wait(app, tab.loaded, set_))
            wait(app, tab.loaded, reset)
        return statistics.median(times)

    rows.append(
        (
            f"filter: team = {team}",
            filtered(
                lambda: tab.team.setCurrentIndex(tab.team.findData(team)),
                lambda: tab.team.setCurrentIndex(0),
            ),
        )
    )

    def search(text: str) -> Callable[[], None]:
        def go() -> None:
            tab.search.setText(text)
            tab.apply_filter()

        return go

    rows.append(("filter: search 'hansen'", filtered(search("hansen"), search(""))))
    rows.append(
        (
            "filter: missed deadlines only",
            filtered(lambda: tab.missed.setChecked(True), lambda: tab.missed.setChecked(False)),
        )
    )
    rows.append(
        (
            "scroll: next page of 200 (fetchMore)",
            median_ms(
                lambda: wait(
                    app, tab.model.page_loaded, lambda: tab.model.fetchMore(QModelIndex())
                ),
                1,
            ),
        )
    )

    # The slower tabs, once each.
    t0 = time.perf_counter()
    fig = figures.figures(ctx)
    rows.append(("figures.figures (all figures, all teams)", (time.perf_counter() - t0) * 1000))
    t0 = time.perf_counter()
    found = flags.flags(ctx)
    rows.append(
        ("flags.flags (the double-prescription list)", (time.perf_counter() - t0) * 1000)
    )

    print(
        f"open changes: {open_count:,}; first page shows {shown} of them; "
        f"flags {len(found):,}; figures' parts: "
        + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in fig.seconds.items())
    )
    width = max(len(name) for name, _ in rows)
    print(f"{'':{width}}  {'median ms':>10}  {'x bare SQL':>10}")
    for name, ms in rows:
        print(f"{name:{width}}  {ms:10.0f}  {ms / base:10.1f}")
    desk.close()
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
