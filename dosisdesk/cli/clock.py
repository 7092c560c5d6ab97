"""``dosisdesk advance``: let time move the change queue up to now (or ``--now``).

Reads never move the queue: every view reports a change's state at the moment from the
domain's ``change_at`` whether or not the move is stored. Moves are stored by the window (at
sign-in, each minute, at each deadline), by every command that writes, and by this command
(e.g. from a scheduled task on a server with no window open).
"""

from __future__ import annotations

import argparse
from typing import Any

from dosisdesk.cli.common import Out, cli_ctx
from dosisdesk.domain.calendar import format_moment
from dosisdesk.words import say


def cmd_advance(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import queue_clock as changes

    ctx = cli_ctx(args)
    moved = changes.advance(ctx)
    nxt = changes.next_deadline(ctx)
    data = {
        "missed": list(moved.missed),
        "locked": moved.locked,
        "in_effect": moved.in_effect,
        "next_deadline": nxt,
    }

    def human() -> str:
        text = say(
            "advance.done",
            now=format_moment(ctx.now(), with_year=False),
            missed=len(moved.missed),
            locked=moved.locked,
            in_effect=moved.in_effect,
        )
        if nxt is not None:
            text += say("advance.next", deadline=format_moment(nxt, with_year=False))
        return text

    out.emit(data, human)
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "advance",
        help=say("advance.help"),
    )
    p.set_defaults(func=cmd_advance)
