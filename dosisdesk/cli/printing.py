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
from dosisdesk.words import SHIFT, say


def _print_pdf(ctx: Any, job: Any, path: str, printed: Any) -> int:
    """``job`` painted into the PDF file ``path`` (marked as training on a training database);
    the print of ``printed`` is logged in the same commit. The number of pages."""
    from dosisdesk.reports import pdf
    from dosisdesk.services import handover as ho
    from dosisdesk.ui.pyside_fix import pin_singletons

    pin_singletons()  # PySide6 6.12 on Python 3.11: see dosisdesk/ui/pyside_fix.py
    pdf.ensure_gui_app()
    return pdf.write_pdf(
        replace(job, training=ctx.is_training()),
        path,
        before_commit=lambda: ho.record_print(ctx, printed, "pdf"),
    )


def cmd_handover(args: argparse.Namespace, out: Out) -> int:
    """The handover summary of a team for one shift, as a PDF (R10); logged per citizen."""
    from dosisdesk.reports.handover import handover_job
    from dosisdesk.services import handover as ho

    check_file_name(args.pdf)
    outfile.check_target(args.pdf)  # before anything is read, logged or painted
    shift = ho.parse_shift(args.shift)
    ctx = cli_ctx(args)
    day = parse_date(args.date) if args.date else ctx.today()
    summary = ho.handover_summary(ctx, args.team, day, shift, short_list=not args.no_short_list)
    pages = _print_pdf(ctx, handover_job(summary), args.pdf, summary)
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
        lambda: say(
            "handover.saved_one" if pages == 1 else "handover.saved_many",
            team=summary.team,
            shift=SHIFT[shift].lower(),
            day=format_day(day, with_year=False),
            file=args.pdf,
            citizens=len(summary.citizens),
            pages=pages,
        ),
    )
    return 0


def cmd_medlist(args: argparse.Namespace, out: Out) -> int:
    """The citizen's medicine list as a PDF; logged. The file name must not carry the CPR."""
    from dosisdesk.reports.medlist import medlist_job
    from dosisdesk.services import medlist

    check_file_name(args.pdf, example="medicinliste.pdf")
    outfile.check_target(args.pdf)  # before anything is read, logged or painted
    ctx = cli_ctx(args)
    ml = medlist.medicine_list(ctx, args.cpr)
    pages = _print_pdf(ctx, medlist_job(ml), args.pdf, ml)
    data = {"file": str(Path(args.pdf).resolve()), "pages": pages, "date": ml.day.isoformat()}
    out.emit(
        data,
        lambda: say(
            "medlist.saved_one" if pages == 1 else "medlist.saved_many",
            name=ml.name,
            file=args.pdf,
            pages=pages,
        ),
    )
    return 0


def register(sub: Any) -> None:
    ho = sub.add_parser("handover", help=say("handover.help"))
    ho.add_argument("--team", required=True, help=say("handover.help.team"))
    ho.add_argument("--date", help=say("handover.help.date"))
    ho.add_argument("--shift", default="day", help=say("handover.help.shift"))
    ho.add_argument(
        "--pdf", required=True, metavar=say("metavar.file"), help=say("printing.help.pdf")
    )
    ho.add_argument(
        "--no-short-list",
        action="store_true",
        help=say("handover.help.no_short_list"),
    )
    ho.set_defaults(func=cmd_handover)

    ml = sub.add_parser("medlist", help=say("medlist.help"))
    ml.add_argument("cpr")
    ml.add_argument(
        "--pdf", required=True, metavar=say("metavar.file"), help=say("printing.help.pdf")
    )
    ml.set_defaults(func=cmd_medlist)
