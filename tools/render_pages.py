"""Render page 1 of a handover summary and of a medicine list to PNG, from fresh demo data.

    python -m tools.render_pages docs/screenshots

builds a demo database in a temporary folder (fixed seed and clock: Sunday 22 November 2026
10:00, so the pictures are reproducible), writes the day shift's handover for the first team and
the medicine list of one of its citizens as PDFs, and renders page 1 of each with ``pdftoppm``
(poppler-utils) to ``OUTDIR/handover-page1.png`` and ``OUTDIR/medlist-page1.png``. The PDFs are
kept beside them only with ``--keep-pdf``. No CPR number is in any file name.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from functools import partial
from pathlib import Path

from sqlalchemy import func, select

from dosisdesk.demo.build import build_demo
from dosisdesk.domain.types import CPH
from dosisdesk.reports import pdf
from dosisdesk.reports.handover import handover_job
from dosisdesk.reports.medlist import medlist_job
from dosisdesk.services import handover as ho
from dosisdesk.services import medlist
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=CPH)
CITIZENS = 600
SEED = 1
DPI = 90


def _choose(db: Database) -> tuple[str, str, str]:
    """The first team, a nurse of it, and a citizen of it with one card, coming changes and
    many lines."""
    with db.begin() as s:
        team = s.scalars(select(m.Team).order_by(m.Team.id)).first()
        assert team is not None, "the demo made no team"
        nurse = s.scalar(
            select(m.User.username)
            .where(m.User.team_id == team.id, m.User.role == "nurse")
            .order_by(m.User.username)
        )
        open_changes = (
            select(m.Change.citizen_id, func.count(m.Change.id).label("n"))
            .where(m.Change.state.in_(["registered", "confirmed", "locked"]))
            .group_by(m.Change.citizen_id)
            .subquery()
        )
        lines = (
            select(m.Line.citizen_id, func.count(m.Line.id).label("n"))
            .group_by(m.Line.citizen_id)
            .subquery()
        )
        cards = (
            select(m.Card.citizen_id, func.count(m.Card.id).label("n"))
            .group_by(m.Card.citizen_id)
            .subquery()
        )
        cpr = s.scalar(
            select(m.Citizen.cpr)
            .join(open_changes, open_changes.c.citizen_id == m.Citizen.id)
            .join(lines, lines.c.citizen_id == m.Citizen.id)
            .join(cards, cards.c.citizen_id == m.Citizen.id)
            .where(m.Citizen.team_id == team.id, cards.c.n == 1)
            .order_by(open_changes.c.n.desc(), lines.c.n.desc(), m.Citizen.id)
            .limit(1)
        )
        assert cpr is not None, "no citizen with coming changes in the demo"
        return team.name, nurse or "admin", cpr


def _png(pdf_path: Path, png_stem: Path) -> Path:
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise SystemExit("pdftoppm was not found: apt-get install poppler-utils")
    subprocess.run(
        [
            tool,
            "-png",
            "-r",
            str(DPI),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf_path),
            str(png_stem),
        ],
        check=True,
    )
    return png_stem.with_suffix(".png")


def render(outdir: Path, *, keep_pdf: bool = False) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    pdf.ensure_gui_app()
    with tempfile.TemporaryDirectory(prefix="dosisdesk-pages-") as tmp:
        db = Database.create(f"sqlite:///{Path(tmp) / 'demo.sqlite'}", training=True)
        try:
            build_demo(db, citizens=CITIZENS, seed=SEED, now=NOW)
            team, nurse, cpr = _choose(db)
            ctx = open_ctx(db, nurse, fixed_clock(NOW))
            summary = ho.handover_summary(ctx, team, NOW.date(), ho.Shift.DAY)
            medicine = medlist.medicine_list(ctx, cpr)
            made = []
            docs: list[tuple[str, pdf.PrintJob, ho.Handover | medlist.MedicineList]] = [
                ("handover", handover_job(summary), summary),
                ("medlist", medlist_job(medicine), medicine),
            ]
            for name, job, doc in docs:
                target = Path(tmp) / f"{name}.pdf"
                pdf.write_pdf(job, target, before_commit=partial(ho.record_print, ctx, doc, "pdf"))
                made.append(_png(target, outdir / f"{name}-page1"))
                if keep_pdf:
                    shutil.copy(target, outdir / f"{name}.pdf")
        finally:
            db.dispose()
    return made


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("outdir", type=Path)
    p.add_argument("--keep-pdf", action="store_true", help="also copy the PDFs to OUTDIR")
    args = p.parse_args(argv)
    for path in render(args.outdir, keep_pdf=args.keep_pdf):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
