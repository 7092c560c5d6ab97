"""Benchmark the printed handover of a 300-citizen team: the PDF next to the same document's
HTML alone, measured in the same run (never a timed assertion in the test suite).

    python tests/perf/bench_handover.py [--team-size 300] [--repeat 5] [--db URL]

Builds demo data (900 citizens, 3 teams) in a temporary SQLite file unless ``--db`` names an
existing demo database, moves citizens between teams so one team has exactly ``--team-size``,
then times, median of ``--repeat`` runs after one warm-up:

- data: ``services.handover.handover_summary`` (set-based SQL for the team);
- html: ``reports.handover.handover_html`` on that DTO (pure Python), the baseline;
- layout: HTML → QTextDocument laid out at A4 width;
- pdf: layout, pagination and painting every page into a PDF (``reports.pdf.write_pdf``);
- end to end: data + html + pdf + the audit log (one entry per citizen), as the CLI does it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select, update

from dosisdesk.demo.build import build_demo
from dosisdesk.domain.types import CPH
from dosisdesk.reports import pdf
from dosisdesk.reports.handover import handover_html, handover_job
from dosisdesk.services import handover as ho
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from dosisdesk.ui.pyside_fix import pin_singletons

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=CPH)


def timed(fn: Callable[[], object], repeat: int) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def team_of_size(db: Database, size: int) -> str:
    """The largest team, made exactly ``size`` citizens big by moving the rest elsewhere."""
    with db.begin() as s:
        counts = s.execute(
            select(m.Team.id, m.Team.name, func.count(m.Citizen.id))
            .join(m.Citizen, m.Citizen.team_id == m.Team.id)
            .group_by(m.Team.id, m.Team.name)
            .order_by(func.count(m.Citizen.id).desc())
        ).all()
        (tid, name, n), (other, _n2, _c2) = counts[0], counts[1]
        if n > size:
            extra = s.scalars(
                select(m.Citizen.id)
                .where(m.Citizen.team_id == tid)
                .order_by(m.Citizen.route_order.desc())
                .limit(n - size)
            ).all()
            s.execute(update(m.Citizen).where(m.Citizen.id.in_(extra)).values(team_id=other))
        elif n < size:
            more = s.scalars(
                select(m.Citizen.id).where(m.Citizen.team_id == other).limit(size - n)
            ).all()
            s.execute(update(m.Citizen).where(m.Citizen.id.in_(more)).values(team_id=tid))
        return str(name)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--team-size", type=int, default=300)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--db", help="an existing demo database (else a temporary one is built)")
    args = p.parse_args(argv)
    pin_singletons()  # PySide6 6.12 on Python 3.11 (dosisdesk/ui/pyside_fix.py)
    pdf.ensure_gui_app()
    with tempfile.TemporaryDirectory(prefix="dosisdesk-bench-") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        db = Database.open(url) if args.db else Database.create(url, training=True)
        if not args.db:
            t = time.perf_counter()
            build_demo(db, citizens=3 * args.team_size, seed=1, now=NOW)
            print(f"demo data: {3 * args.team_size} citizens in {time.perf_counter() - t:.1f} s")
        team = team_of_size(db, args.team_size)
        ctx = open_ctx(db, "koord1", fixed_clock(NOW))
        summary = ho.handover_summary(ctx, team, NOW.date(), ho.Shift.DAY)
        job = handover_job(summary)
        out = Path(tmp) / "handover.pdf"
        pages = pdf.write_pdf(job, out)
        print(
            f"{team}: {summary.team_citizens} citizens, {len(summary.citizens)} on the handover, "
            f"{pages} pages, {out.stat().st_size / 1024:.0f} KiB; {len(job.html) / 1024:.0f} KiB "
            "of HTML"
        )

        def end_to_end() -> None:
            h = ho.handover_summary(ctx, team, NOW.date(), ho.Shift.DAY)
            pdf.write_pdf(
                handover_job(h), out, before_commit=lambda: ho.record_print(ctx, h, "pdf")
            )

        day = NOW.date()
        cases: list[tuple[str, Callable[[], object]]] = [
            ("data (SQL → DTO)", lambda: ho.handover_summary(ctx, team, day)),
            ("html (DTO → HTML)", lambda: handover_html(summary)),
            ("layout (HTML → QTextDocument)", lambda: pdf.build_document(job.html, 680.0)),
            ("pdf (layout + pages → file)", lambda: pdf.write_pdf(job, out)),
            ("end to end (data + html + pdf + audit)", end_to_end),
        ]
        rows = [(label, timed(fn, args.repeat)) for label, fn in cases]
        html_alone = rows[1][1]
        print(f"\nmedian of {args.repeat} runs:")
        for label, seconds in rows:
            print(f"  {label:<40} {seconds * 1000:8.1f} ms  {seconds / html_alone:8.1f} × html")
        pdf_ratio = (rows[3][1] + html_alone) / html_alone
        e2e_ratio = rows[4][1] / (rows[0][1] + html_alone)
        print(f"\nPDF from the DTO / HTML from the DTO: {pdf_ratio:.0f}×")
        print(f"end to end / (data + HTML), i.e. the printout vs. the HTML alone: {e2e_ratio:.1f}×")
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
