"""The printed handover and medicine list."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from dosisdesk import outfile
from dosisdesk.cli.common import Out, cli_ctx, parse_date
from dosisdesk.domain.calendar import format_day
from dosisdesk.domain.cpr import check_file_name
from dosisdesk.domain.triage import Urgency
from dosisdesk.words import SHIFT


def cmd_handover(args: argparse.Namespace, out: Out) -> int:
    """The handover summary of a team for one shift, as a PDF (R10); logged per citizen."""
    from dosisdesk.reports import pdf
    from dosisdesk.reports.handover import handover_job
    from dosisdesk.services import handover as ho
    from dosisdesk.ui.pyside_fix import pin_singletons

    check_file_name(args.pdf)
    outfile.check_target(args.pdf)  # before anything is read, logged or painted
    shift = ho.parse_shift(args.shift)
    ctx = cli_ctx(args)
    day = parse_date(args.date) if args.date else ctx.today()
    summary = ho.handover_summary(ctx, args.team, day, shift, short_list=not args.no_short_list)
    pin_singletons()  # PySide6 6.12 on Python 3.11: see dosisdesk/ui/pyside_fix.py
    pdf.ensure_gui_app()
    pages = pdf.write_pdf(
        replace(handover_job(summary), training=ctx.is_training()),
        args.pdf,
        before_commit=lambda: ho.record_print(ctx, summary, "pdf"),
    )
    data = {
        "file": str(Path(args.pdf).resolve()),
        "pages": pages,
        "team": summary.team,
        "date": day.isoformat(),
        "shift": shift.value,
        "citizens": len(summary.citizens),
        "short_list": summary.short_list,
        "sections": {
            u.name.lower(): len(summary.section(u)) for u in Urgency if summary.section(u)
        },
    }
    out.emit(
        data,
        lambda: (
            f"Overleveringen for {summary.team}, {SHIFT[shift].lower()} {format_day(day, with_year=False)}, "
            "er gemt "
            f"i {args.pdf}: {len(summary.citizens)} borgere, {pages} "
            + ("side." if pages == 1 else "sider.")
        ),
    )
    return 0


def cmd_medlist(args: argparse.Namespace, out: Out) -> int:
    """The citizen's medicine list as a PDF; logged. The file name must not carry the CPR."""
    from dosisdesk.reports import pdf
    from dosisdesk.reports.medlist import medlist_job
    from dosisdesk.services import handover as ho
    from dosisdesk.services import medlist
    from dosisdesk.ui.pyside_fix import pin_singletons

    check_file_name(args.pdf, example="medicinliste.pdf")
    outfile.check_target(args.pdf)  # before anything is read, logged or painted
    ctx = cli_ctx(args)
    ml = medlist.medicine_list(ctx, args.cpr)
    pin_singletons()  # PySide6 6.12 on Python 3.11: see dosisdesk/ui/pyside_fix.py
    pdf.ensure_gui_app()
    pages = pdf.write_pdf(
        replace(medlist_job(ml), training=ctx.is_training()),
        args.pdf,
        before_commit=lambda: ho.record_print(ctx, ml, "pdf"),
    )
    data = {"file": str(Path(args.pdf).resolve()), "pages": pages, "date": ml.day.isoformat()}
    out.emit(
        data,
        lambda: (
            f"Medicinlisten for {ml.name} er gemt i {args.pdf} "
            + ("(1 side)." if pages == 1 else f"({pages} sider).")
        ),
    )
    return 0


def register(sub: Any) -> None:
    ho = sub.add_parser("handover", help="overlevering til næste vagt som PDF")
    ho.add_argument("--team", required=True, help="teamets navn")
    ho.add_argument("--date", help="dato (ÅÅÅÅ-MM-DD); standard: i dag")
    ho.add_argument(
        "--shift", default="day", help="day (07-15), evening (15-23) eller night (23-07)"
    )
    ho.add_argument("--pdf", required=True, metavar="FIL", help="PDF-fil (uden CPR i navnet)")
    ho.add_argument(
        "--no-short-list",
        action="store_true",
        help="udelad den korte liste til sidst (fornyelser om 8–28 dage, orientering)",
    )
    ho.set_defaults(func=cmd_handover)

    ml = sub.add_parser("medlist", help="borgerens medicinliste som PDF")
    ml.add_argument("cpr")
    ml.add_argument("--pdf", required=True, metavar="FIL", help="PDF-fil (uden CPR i navnet)")
    ml.set_defaults(func=cmd_medlist)
