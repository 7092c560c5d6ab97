"""One double prescription (R5): acknowledge it as intentional, mark it as sent to the doctor, or
read its history — the same services, checks and role rules as the desk's *Dobbeltordinationer*.

A flag is named by its two lines, ``A-B`` (``dosisdesk flags`` lists them in its first column).
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from dosisdesk.cli.common import (
    FLAG_ACK,
    Out,
    cli_ctx,
    day,
    moment,
    parse_date,
    subcommands,
    table,
)
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.words import Columns, say

_FLAG = re.compile(r"\s*(\d+)\s*[-:]\s*(\d+)\s*")


def parse_flag(text: str) -> tuple[int, int]:
    match = _FLAG.fullmatch(text)
    if match is None or match.group(1) == match.group(2):
        raise InvalidInput("cli.flag.not_a_flag", text=text)
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
        text = say("flag.acknowledged", a=a, b=b, what=FLAG_ACK[kind], reason=args.reason.strip())
        if until:
            text += say("flag.until", until=day(until, today))
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

    out.emit(
        [{"at": at, "by": who, "kind": kind, "reason": reason} for at, who, kind, reason in rows],
        lambda: table(
            [
                (moment(at, today), who, FLAG_ACK.get(kind, kind), reason)
                for at, who, kind, reason in rows
            ],
            Columns("cli_flag_history"),
            empty=say("flag.no_history", a=a, b=b),
        ),
    )
    return 0


def register(sub: Any) -> None:
    fs = subcommands(sub, "flag", say("flag.help"))
    a = fs.add_parser("ack", help=say("flag.ack.help"))
    a.add_argument("flag", help=say("flag.ack.help.flag"))
    a.add_argument("--reason", required=True, help=say("flag.ack.help.reason"))
    a.add_argument("--until", metavar=say("metavar.date"), help=say("flag.ack.help.until"))
    a.set_defaults(func=cmd_ack)
    s = fs.add_parser("sent", help=say("flag.sent.help"))
    s.add_argument("flag", help=say("flag.help.flag"))
    s.add_argument(
        "--reason", default=say("flag.sent.default_reason"), help=say("flag.sent.help.reason")
    )
    s.set_defaults(func=cmd_sent)
    h = fs.add_parser("history", help=say("flag.history.help"))
    h.add_argument("flag", help=say("flag.help.flag"))
    h.set_defaults(func=cmd_history)
