"""Pausing and resuming a citizen's dose dispensing (R4), as the card's *Sygehus* tab does."""

from __future__ import annotations

import argparse
from typing import Any

from dosisdesk.cli.common import Out, cli_ctx, day, moment, parse_now
from dosisdesk.domain.cpr import format_cpr


def cmd_pause(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.contacts import pause_card

    ctx = cli_ctx(args)
    at = parse_now(args.from_) if args.from_ else ctx.now()
    pause_card(ctx, args.cpr, args.reason, at=at)
    today = ctx.today()
    out.emit(
        {"cpr": args.cpr, "paused_from": at, "reason": args.reason.strip()},
        lambda: (
            f"Dosisdispenseringen for {format_cpr(args.cpr)} er sat i bero fra "
            f"{moment(at, today)}: {args.reason.strip()}."
        ),
    )
    return 0


def cmd_resume(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.contacts import resume_card

    ctx = cli_ctx(args)
    at = parse_now(args.at) if args.at else ctx.now()
    plan = resume_card(ctx, args.cpr, at=at)
    today = ctx.today()

    def human() -> str:
        text = (
            f"Dosisdispenseringen for {format_cpr(args.cpr)} er genoptaget {moment(at, today)}. "
            f"Første pakkede rulle begynder {day(plan.first_packed_period_start, today)}."
        )
        if plan.manual_days:
            days = ", ".join(day(d, today) for d in plan.manual_days)
            text += f"\nManuel dosering {len(plan.manual_days)} dage: {days}."
        else:
            text += "\nIngen dage skal doseres manuelt."
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
    p = sub.add_parser("pause", help="sæt dosisdispenseringen i bero")
    p.add_argument("cpr")
    p.add_argument(
        "--from", dest="from_", metavar="ISO", help="fra hvornår, ISO-8601 (standard: nu)"
    )
    p.add_argument(
        "--reason",
        default="Sygehuskontakt",
        help="hvorfor (standard: Sygehuskontakt, som i vinduet uden valgt kontakt)",
    )
    p.set_defaults(func=cmd_pause)

    r = sub.add_parser(
        "resume", help="genoptag dosisdispenseringen (viser første rulle og manuelle dage)"
    )
    r.add_argument("cpr")
    r.add_argument("--at", metavar="ISO", help="hvornår, ISO-8601 (standard: nu)")
    r.set_defaults(func=cmd_resume)
