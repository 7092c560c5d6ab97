"""``dosisdesk supply list|add|affected``: products in supply failure (R8) and who they hit.

The same service as the coordinator's desk (*Leveringssvigt*): a failure is a product the
pharmacy cannot deliver from one day (to another); the affected are the active roll lines of
that product that overlap it, and whether a line beside the roll is already given for it.
"""

from __future__ import annotations

import argparse
from typing import Any

from dosisdesk.cli.common import Out, cli_ctx, fmt_d, parse_date, table
from dosisdesk.domain.calendar import format_day
from dosisdesk.domain.cpr import format_cpr


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
                f"Leveringssvigt {f.id} registreret: {f.product_label} ({f.atc}) "
                f"fra {format_day(f.from_day, with_year=False)}"
                + (f" til {format_day(f.to_day, with_year=False)}" if f.to_day else "")
                + "."
            ),
        )
        return 0
    if args.supply_command == "list":
        rows = supply.failures(ctx, current_only=not args.all)
        out.emit(
            rows,
            lambda: (
                table(
                    [
                        (f.id, f.product_label, f.atc, fmt_d(f.from_day), fmt_d(f.to_day), f.note)
                        for f in rows
                    ],
                    ("Nr.", "Præparat", "ATC", "Fra", "Til", "Note"),
                )
                if rows
                else "Ingen leveringssvigt."
            ),
        )
        return 0
    hit = supply.affected(ctx, args.id, team=args.team)
    out.emit(
        hit,
        lambda: (
            table(
                [
                    (
                        format_cpr(a.cpr),
                        a.citizen_name,
                        a.team_name,
                        a.line_id,
                        a.dosage,
                        fmt_d(a.valid_from),
                        fmt_d(a.valid_to),
                        "ja" if a.handled else "nej",
                    )
                    for a in hit
                ],
                ("CPR", "Navn", "Team", "Linje", "Dosering", "Fra", "Til", "Givet ved siden af"),
            )
            if hit
            else "Ingen borgere er ramt af dette leveringssvigt."
        ),
    )
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("supply", help="leveringssvigt: præparater apoteket ikke kan levere")
    ps = p.add_subparsers(dest="supply_command", required=True)
    ls = ps.add_parser("list", help="leveringssvigt (aktuelle; --all: også afsluttede)")
    ls.add_argument("--all", action="store_true", help="også afsluttede")
    ls.set_defaults(func=cmd_supply)
    add = ps.add_parser("add", help="registrér et præparat i leveringssvigt (koordinator)")
    add.add_argument("product", help="handelsnavn, stof, ATC-kode eller #nummer")
    add.add_argument("--from", dest="from_day", required=True, help="første dag (ÅÅÅÅ-MM-DD)")
    add.add_argument("--to", dest="to_day", help="sidste dag (ÅÅÅÅ-MM-DD; udelades: åben)")
    add.add_argument("--note", help="fx apotekets besked")
    add.set_defaults(func=cmd_supply)
    af = ps.add_parser("affected", help="borgere og rullelinjer ramt af et leveringssvigt")
    af.add_argument("id", type=int, help="leveringssvigtets nummer (se supply list)")
    af.add_argument("--team")
    af.set_defaults(func=cmd_supply)
