"""Pausing and resuming a citizen's dose dispensing (R4), as the card's *Sygehus* tab does."""

from __future__ import annotations

import argparse
from typing import Any

from dosisdesk.cli.common import Out, at_or_now, cli_ctx, day, moment
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.words import say


def cmd_pause(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.contacts import pause_card

    ctx = cli_ctx(args)
    at = at_or_now(ctx, args.from_)
    pause_card(ctx, args.cpr, args.reason, at=at)
    today = ctx.today()
    out.emit(
        {"cpr": args.cpr, "paused_from": at, "reason": args.reason.strip()},
        lambda: say(
            "pause.done", cpr=format_cpr(args.cpr), at=moment(at, today), reason=args.reason.strip()
        ),
    )
    return 0


def cmd_resume(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.contacts import resume_card

    ctx = cli_ctx(args)
    at = at_or_now(ctx, args.at)
    plan = resume_card(ctx, args.cpr, at=at)
    today = ctx.today()

    def human() -> str:
        text = say(
            "resume.done",
            cpr=format_cpr(args.cpr),
            at=moment(at, today),
            first=day(plan.first_packed_period_start, today),
        )
        if plan.manual_days:
            days = ", ".join(day(d, today) for d in plan.manual_days)
            text += "\n" + say("resume.manual_days", n=len(plan.manual_days), days=days)
        else:
            text += "\n" + say("resume.no_manual_days")
        return text

    out.emit(
        {
            "cpr": args.cpr,
            "resumed_at": at,
            "first_packed_period_start": plan.first_packed_period_start,
            "manual_days": list(plan.manual_days),
        },
        human,
    )
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("pause", help=say("pause.help"))
    p.add_argument("cpr")
    p.add_argument("--from", dest="from_", metavar="ISO", help=say("pause.help.from"))
    p.add_argument(
        "--reason",
        default=say("pause.default_reason"),
        help=say("pause.help.reason"),
    )
    p.set_defaults(func=cmd_pause)

    r = sub.add_parser("resume", help=say("resume.help"))
    r.add_argument("cpr")
    r.add_argument("--at", metavar="ISO", help=say("resume.help.at"))
    r.set_defaults(func=cmd_resume)
