"""``dosisdesk supply list|add|affected``: products in supply failure (R8) and who they hit.

The same service as the coordinator's desk (*Leveringssvigt*): a failure is a product the
pharmacy cannot deliver from one day (to another); the affected are the active roll lines of
that product that overlap it, and whether a line beside the roll is already given for it.
"""

from __future__ import annotations

import argparse
from typing import Any

from dosisdesk.cli.common import Out, cli_ctx, fmt_d, parse_date, subcommands, table
from dosisdesk.domain.calendar import format_day
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.words import Columns, say


def cmd_supply(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import supply

    ctx = cli_ctx(args)
    if args.supply_command == "add":
        f = supply.register_failure(
            ctx,
            args.product,
            parse_date(args.from_day),
            parse_date(args.to_day) if args.to_day else None,
            args.note or "",
        )
        out.emit(
            f,
            lambda: (
                say(
                    "supply.added",
                    id=f.id,
                    drug=f.product_label,
                    atc=f.atc,
                    first=format_day(f.from_day, with_year=False),
                )
                + (
                    say("supply.until", last=format_day(f.to_day, with_year=False))
                    if f.to_day
                    else ""
                )
                + "."
            ),
        )
        return 0
    if args.supply_command == "list":
        rows = supply.failures(ctx, current_only=not args.all)
        out.emit(
            rows,
            lambda: table(
                [
                    (f.id, f.product_label, f.atc, fmt_d(f.from_day), fmt_d(f.to_day), f.note)
                    for f in rows
                ],
                Columns("cli_supply"),
                empty=say("supply.none"),
            ),
        )
        return 0
    hit = supply.affected(ctx, args.id, team=args.team)
    out.emit(
        hit,
        lambda: table(
            [
                (
                    format_cpr(a.cpr),
                    a.citizen_name,
                    a.team_name,
                    a.line_id,
                    a.dosage,
                    fmt_d(a.valid_from),
                    fmt_d(a.valid_to),
                    say("yes") if a.handled else say("no"),
                )
                for a in hit
            ],
            Columns("cli_supply_affected"),
            empty=say("supply.none_affected"),
        ),
    )
    return 0


def register(sub: Any) -> None:
    ps = subcommands(sub, "supply", say("supply.help"))
    ls = ps.add_parser("list", help=say("supply.list.help"))
    ls.add_argument("--all", action="store_true", help=say("supply.list.help.all"))
    ls.set_defaults(func=cmd_supply)
    add = ps.add_parser("add", help=say("supply.add.help"))
    add.add_argument("product", help=say("supply.add.help.product"))
    add.add_argument("--from", dest="from_day", required=True, help=say("supply.add.help.from"))
    add.add_argument("--to", dest="to_day", help=say("supply.add.help.to"))
    add.add_argument("--note", help=say("supply.add.help.note"))
    add.set_defaults(func=cmd_supply)
    af = ps.add_parser("affected", help=say("supply.affected.help"))
    af.add_argument("id", type=int, help=say("supply.affected.help.id"))
    af.add_argument("--team")
    af.set_defaults(func=cmd_supply)
