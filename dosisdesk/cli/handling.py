"""Acute handlings: list what is still to do, and sign steps as done (R3)."""

from __future__ import annotations

import argparse
from typing import Any

from dosisdesk.cli.common import SLOT_DA, Out, cli_ctx, fmt_d, moment, parse_date, table
from dosisdesk.domain.calendar import format_day
from dosisdesk.domain.cpr import mask_cpr

_KIND_DA = {
    "remove_tablets": "tages ud",
    "discard_bags": "kasseres — giv fra alm. pakning",
    "ask_pharmacy": "spørg apoteket om erstatningsrulle",
}


def _bag(text: str) -> Any:
    from dosisdesk.domain.errors import InvalidInput
    from dosisdesk.domain.types import BagRef

    day, _, slot = text.strip().partition("/")
    if slot not in SLOT_DA and not (
        len(slot) == 5 and slot[2] == ":" and slot.replace(":", "").isdigit()
    ):
        raise InvalidInput(
            f"bad bag {text!r}", f"Posen »{text}« skal skrives DATO/tid, fx 2026-11-22/evening."
        )
    return BagRef(parse_date(day), slot)


def _step_text(day: Any, slot: str | None, kind: Any) -> str:
    what = str(_KIND_DA.get(kind.value, kind.value))
    if day is None:
        return what
    return f"{format_day(day, with_year=False)} {SLOT_DA.get(slot or '', slot or '')}: {what}"


def cmd_handling(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import handlings

    ctx = cli_ctx(args)
    if args.handling_command == "done":
        bags = [_bag(b) for b in args.bag or []]
        steps = handlings.mark_done(ctx, args.id, bags)
        out.emit(
            {"change_id": args.id, "done": steps},
            lambda: "\n".join(
                [f"Håndtering af akut ændring {args.id} kvitteret:"]
                + [
                    f"  {_step_text(s.day, s.slot, s.kind)} — udført af {s.done_by_name or s.done_by} "
                    f"{moment(s.done_at)}"
                    for s in steps
                ]
            ),
        )
        return 0
    rows = handlings.open_handlings(ctx, team=args.team)
    out.emit(
        rows,
        lambda: (
            table(
                [
                    (
                        o.change_id,
                        mask_cpr(o.cpr),
                        o.citizen_name,
                        o.label,
                        fmt_d(o.effective),
                        "; ".join(_step_text(s.day, s.slot, s.kind) for s in o.open_steps),
                    )
                    for o in rows
                ],
                ("Ændring", "CPR", "Navn", "Lægemiddel", "Akut fra", "Mangler"),
            )
            if rows
            else "Ingen åbne håndteringer."
        ),
    )
    return 0


def register(sub: Any) -> None:
    h = sub.add_parser("handling", help="håndteringer af akutte ændringer")
    hs = h.add_subparsers(dest="handling_command", required=True)
    d = hs.add_parser("done", help="kvittér for en håndtering (alle poser eller de nævnte)")
    d.add_argument("id", type=int, help="den akutte ændrings id")
    d.add_argument("--bag", action="append", help="DATO/tid, fx 2026-11-22/evening (gentages)")
    d.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="maskinlæsbart output"
    )
    d.set_defaults(func=cmd_handling)
    ls = hs.add_parser("list", help="åbne håndteringer (dit team)")
    ls.add_argument("--team")
    ls.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="maskinlæsbart output"
    )
    ls.set_defaults(func=cmd_handling)
