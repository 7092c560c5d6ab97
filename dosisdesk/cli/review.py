"""Double prescriptions, hospital contacts, renewals and the packing groups' periods."""

from __future__ import annotations

import argparse
from typing import Any

from dosisdesk.cli.common import (
    PERIOD_STATUS,
    RENEWAL_STATE,
    SEVERITY,
    Out,
    choice,
    cli_ctx,
    fmt_d,
    fmt_dt,
    parse_date,
    subcommands,
    table,
)
from dosisdesk.domain.calendar import format_day, format_moment
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.domain.text import format_phone
from dosisdesk.words import REJECTION_REASON, RENEWAL_URGENCY, Columns, say


def cmd_flags(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.types import Severity
    from dosisdesk.services.flags import flags

    sev = None
    if args.severity:
        sev = choice(Severity, args.severity, lambda: InvalidInput("cli.review.bad_severity"))
    rows = flags(cli_ctx(args), severity=sev, team=args.team, include_acknowledged=args.all)
    out.emit(
        rows,
        lambda: table(
            [
                (
                    f"{r.line_a}-{r.line_b}",
                    SEVERITY[r.severity],
                    format_cpr(r.cpr),
                    r.citizen_name,
                    r.label_a,
                    r.label_b,
                    say("flags.acknowledged") if r.acknowledged else "",
                )
                for r in rows
            ],
            Columns("cli_flags"),
        ),
    )
    return 0


def cmd_contacts(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.contacts import KIND_DA, list_contacts

    rows = list_contacts(
        cli_ctx(args),
        open_only=args.open,
        team=args.team,
        admitted_now=args.admitted,
        limit=args.limit,
    )
    out.emit(
        rows,
        lambda: table(
            [
                (
                    format_cpr(r.cpr),
                    r.citizen_name,
                    KIND_DA[r.kind],
                    r.hospital,
                    r.department,
                    format_phone(r.phone),
                    fmt_dt(r.started_at),
                    fmt_dt(r.ended_at),
                    fmt_dt(r.responsibility_until) if r.window_open else "",
                )
                for r in rows
            ],
            Columns("cli_contacts"),
        ),
    )
    return 0


def cmd_renewals(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.types import RenewalState
    from dosisdesk.services.renewals import renewals

    state = None
    if args.state:
        state = choice(
            RenewalState, args.state, lambda: InvalidInput("cli.review.bad_renewal_state")
        )
    rows = renewals(cli_ctx(args), due=args.due or state is None, team=args.team, state=state)
    out.emit(
        rows,
        lambda: table(
            [
                (
                    format_cpr(r.cpr),
                    r.citizen_name,
                    r.product_label,
                    fmt_d(r.valid_until),
                    r.line_id,
                    r.request_id or "",
                    RENEWAL_STATE[r.state] if r.state else say("renewals.due"),
                    RENEWAL_URGENCY[r.urgency] if r.urgency else "",
                    REJECTION_REASON[r.rejection_reason] if r.rejection_reason else "",
                )
                for r in rows
            ],
            Columns("cli_renewals"),
        ),
    )
    return 0


def cmd_period(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import periods

    ctx = cli_ctx(args)
    if args.period_command == "stretch":
        result = periods.stretch_period(
            ctx,
            args.group,
            parse_date(args.first_day),
            args.days,
            args.note,
            preview=args.preview,
        )
        out.emit(result, lambda: _stretch_text(result))
        return 0
    rows = periods.list_periods(ctx, args.group, count=args.count)
    out.emit(rows, lambda: _periods_table(rows))
    return 0


def _periods_table(rows: Any) -> str:
    return table(
        [
            (
                f"{format_day(p.first_day, with_year=False)} – {format_day(p.last_day, with_year=False)}",
                p.length_days,
                f"{format_moment(p.deadline, with_year=False)}",
                fmt_d(p.expected_delivery),
                PERIOD_STATUS[p.status],
                p.note,
            )
            for p in rows
        ],
        Columns("cli_periods"),
    )


def _stretch_text(result: Any) -> str:
    head = say("period.preview") if result.preview else say("period.stretched")
    parts = [head, _periods_table(result.periods)]
    if not result.moved:
        parts.append(say("period.none_moved"))
        return "\n\n".join(parts)
    parts.append(say("period.moved", n=len(result.moved)))
    parts.append(
        table(
            [
                (
                    x.change_id,
                    format_cpr(x.cpr),
                    x.citizen_name,
                    x.product_label,
                    f"{format_day(x.old_first_day, with_year=False)} → {format_day(x.new_first_day, with_year=False)}",
                    f"{fmt_d(x.manual_days[0])} – {fmt_d(x.manual_days[1])}"
                    if x.manual_days
                    else "",
                )
                for x in result.moved
            ],
            Columns("cli_moved"),
        )
    )
    return "\n\n".join(parts)


def register(sub: Any) -> None:
    f = sub.add_parser("flags", help=say("flags.help"))
    f.add_argument("--severity")
    f.add_argument("--team")
    f.add_argument("--all", action="store_true", help=say("flags.help.all"))
    f.set_defaults(func=cmd_flags)

    k = sub.add_parser("contacts", help=say("contacts.help"))
    k.add_argument("--open", action="store_true", help=say("contacts.help.open"))
    k.add_argument("--admitted", action="store_true", help=say("contacts.help.admitted"))
    k.add_argument("--team")
    k.add_argument("--limit", type=int, default=500)
    k.set_defaults(func=cmd_contacts)

    r = sub.add_parser("renewals", help=say("renewals.help"))
    r.add_argument("--due", action="store_true", help=say("renewals.help.due"))
    r.add_argument("--state")
    r.add_argument("--team")
    r.set_defaults(func=cmd_renewals)

    pes = subcommands(sub, "period", say("period.help"))
    pl = pes.add_parser("list", help=say("period.list.help"))
    pl.add_argument("group", help=say("period.help.group"))
    pl.add_argument("--count", type=int, default=6)
    pl.set_defaults(func=cmd_period)
    ps = pes.add_parser("stretch", help=say("period.stretch.help"))
    ps.add_argument("group", help=say("period.help.group"))
    ps.add_argument("--first-day", required=True, help=say("period.stretch.help.first_day"))
    ps.add_argument("--days", type=int, required=True, help=say("period.stretch.help.days"))
    ps.add_argument("--note", required=True, help=say("period.stretch.help.note"))
    ps.add_argument(
        "--preview",
        action="store_true",
        help=say("period.stretch.help.preview"),
    )
    ps.set_defaults(func=cmd_period)
