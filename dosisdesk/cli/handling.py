"""Acute handlings: list what is still to do, and sign steps as done (R3)."""

from __future__ import annotations

import argparse
from typing import Any

from dosisdesk.cli.common import (
    SLOT,
    Out,
    cli_ctx,
    fmt_d,
    moment,
    parse_date,
    subcommands,
    table,
)
from dosisdesk.domain.calendar import format_day
from dosisdesk.domain.cpr import mask_cpr
from dosisdesk.words import Columns, Labels, say

#: What a step of a handling asks, as the list names it.
_STEP = Labels("cli_handling_step")


def _bag(text: str) -> Any:
    from dosisdesk.domain.errors import InvalidInput
    from dosisdesk.domain.types import BagRef

    day, _, slot = text.strip().partition("/")
    if slot not in SLOT and not (
        len(slot) == 5 and slot[2] == ":" and slot.replace(":", "").isdigit()
    ):
        raise InvalidInput("cli.bad_bag", bag=text)
    return BagRef(parse_date(day), slot)


def _step_text(day: Any, slot: str | None, kind: Any) -> str:
    what = str(_STEP.get(kind.value, kind.value))
    if day is None:
        return what
    return f"{format_day(day, with_year=False)} {SLOT.get(slot or '', slot or '')}: {what}"


def cmd_handling(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import handlings

    ctx = cli_ctx(args)
    if args.handling_command == "done":
        bags = [_bag(b) for b in args.bag or []]
        steps = handlings.mark_done(ctx, args.id, bags)
        out.emit(
            {"change_id": args.id, "done": steps},
            lambda: "\n".join(
                [say("handling.done", id=args.id)]
                + [
                    say(
                        "handling.step_done",
                        step=_step_text(s.day, s.slot, s.kind),
                        by=s.done_by_name or s.done_by,
                        at=moment(s.done_at),
                    )
                    for s in steps
                ]
            ),
        )
        return 0
    rows = handlings.open_handlings(ctx, team=args.team)
    out.emit(
        rows,
        lambda: table(
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
            Columns("cli_handlings"),
            empty=say("handling.none"),
        ),
    )
    return 0


def register(sub: Any) -> None:
    hs = subcommands(sub, "handling", say("handling.help"))
    d = hs.add_parser("done", help=say("handling.done.help"))
    d.add_argument("id", type=int, help=say("handling.done.help.id"))
    d.add_argument("--bag", action="append", help=say("handling.done.help.bag"))
    d.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help=say("global.help.json")
    )
    d.set_defaults(func=cmd_handling)
    ls = hs.add_parser("list", help=say("handling.list.help"))
    ls.add_argument("--team")
    ls.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help=say("global.help.json")
    )
    ls.set_defaults(func=cmd_handling)
