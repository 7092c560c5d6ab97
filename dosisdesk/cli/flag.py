"""One double prescription (R5): acknowledge it as intentional, mark it as sent to the doctor, or
read its history — the same services, checks and role rules as the desk's *Dobbeltordinationer*.

A flag is named by its two lines, ``A-B`` (``dosisdesk flags`` lists them in its first column).
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from dosisdesk.cli.common import FLAG_ACK_DA, Out, cli_ctx, day, moment, parse_date, table
from dosisdesk.domain.errors import InvalidInput

_FLAG = re.compile(r"\s*(\d+)\s*[-:]\s*(\d+)\s*")


def parse_flag(text: str) -> tuple[int, int]:
    match = _FLAG.fullmatch(text)
    if match is None or match.group(1) == match.group(2):
        raise InvalidInput(
            f"not a flag id: {text!r}",
            f"»{text}« er ikke en dobbeltordination: skriv de to linjenumre, fx 12-15 "
            "(se dosisdesk flags).",
        )
    a, b = sorted((int(match.group(1)), int(match.group(2))))
    return a, b


def _ack(args: argparse.Namespace, out: Out, kind: str) -> int:
    from dosisdesk.services.flags import acknowledge_flag

    a, b = parse_flag(args.flag)
    until = parse_date(args.until) if getattr(args, "until", None) else None
    ctx = cli_ctx(args)
    acknowledge_flag(ctx, a, b, args.reason, until, kind=kind)
    today = ctx.today()

    def human() -> str:
        text = f"Dobbeltordination {a}-{b}: {FLAG_ACK_DA[kind]} – {args.reason.strip()}"
        if until:
            text += f" (til og med {day(until, today)})"
        return text + "."

    out.emit(
        {"flag": f"{a}-{b}", "kind": kind, "reason": args.reason.strip(), "until": until},
        human,
    )
    return 0


def cmd_ack(args: argparse.Namespace, out: Out) -> int:
    return _ack(args, out, "intentional")


def cmd_sent(args: argparse.Namespace, out: Out) -> int:
    return _ack(args, out, "sent_to_doctor")


def cmd_history(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.flags import flag_history

    a, b = parse_flag(args.flag)
    ctx = cli_ctx(args)
    rows = flag_history(ctx, a, b)
    today = ctx.today()

    def human() -> str:
        if not rows:
            return f"Dobbeltordination {a}-{b} er hverken kvitteret eller sendt til lægen."
        return table(
            [
                (moment(at, today), who, FLAG_ACK_DA.get(kind, kind), reason)
                for at, who, kind, reason in rows
            ],
            ("Hvornår", "Hvem", "Hvad", "Begrundelse"),
        )

    out.emit(
        [{"at": at, "by": who, "kind": kind, "reason": reason} for at, who, kind, reason in rows],
        human,
    )
    return 0


def register(sub: Any) -> None:
    f = sub.add_parser("flag", help="kvittér en dobbeltordination, send den til lægen, se historik")
    fs = f.add_subparsers(dest="flag_command", required=True)
    a = fs.add_parser("ack", help="kvittér som tilsigtet (medicinkoordinator)")
    a.add_argument("flag", help="de to linjer, fx 12-15 (se dosisdesk flags)")
    a.add_argument("--reason", required=True, help="hvorfor dobbeltordinationen er tilsigtet")
    a.add_argument("--until", metavar="DATO", help="gælder til og med (ÅÅÅÅ-MM-DD)")
    a.set_defaults(func=cmd_ack)
    s = fs.add_parser("sent", help="markér som sendt til lægen (medicinkoordinator)")
    s.add_argument("flag", help="de to linjer, fx 12-15")
    s.add_argument("--reason", default="Sendt til lægen", help="hvad blev sendt, og til hvem")
    s.set_defaults(func=cmd_sent)
    h = fs.add_parser("history", help="hvem kvitterede eller sendte, hvornår og hvorfor")
    h.add_argument("flag", help="de to linjer, fx 12-15")
    h.set_defaults(func=cmd_history)
