"""Renewal requests (R7): request a renewal of a line's dose prescription, record the doctor's
answer (renewed, rejected with one of the ten standard reasons) or cancel the request — the same
services, checks and audit as the desk's *Fornyelser*.

``request`` takes the line's id (``line_id`` in ``dosisdesk renewals --json``); the answers take
the request's id (``request_id``).
"""

from __future__ import annotations

import argparse
from typing import Any

from dosisdesk.cli.common import RENEWAL_STATE, Out, choice, cli_ctx, subcommands
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.words import REJECTION_REASON, say


def _reasons_help() -> str:
    from dosisdesk.domain.types import RejectionReason

    return "; ".join(
        f"{i} {r.value} ({REJECTION_REASON[r]})" for i, r in enumerate(RejectionReason, 1)
    )


def parse_reason(text: str) -> Any:
    from dosisdesk.domain.types import RejectionReason

    reasons = list(RejectionReason)
    t = text.strip().casefold().replace("-", "_")
    if t.isdigit() and 1 <= int(t) <= len(reasons):
        return reasons[int(t) - 1]
    return choice(
        RejectionReason,
        t,
        lambda: InvalidInput("cli.renewal.unknown_reason", text=text, reasons=_reasons_help()),
    )


def cmd_request(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.renewals import request_renewal

    rid = request_renewal(cli_ctx(args), args.id, args.note)
    out.emit(
        {"request_id": rid, "line_id": args.id, "state": "sent"},
        lambda: say("renewal.requested", id=rid, line=args.id),
    )
    return 0


def cmd_decide(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.types import RenewalState
    from dosisdesk.services.renewals import decide_renewal

    target = {
        "renewed": RenewalState.RENEWED,
        "reject": RenewalState.REJECTED,
        "cancel": RenewalState.CANCELLED,
    }[args.renewal_command]
    reason = parse_reason(args.reason) if getattr(args, "reason", None) else None
    if target is RenewalState.REJECTED and reason is None:
        raise InvalidInput("cli.renewal.reason_needed", reasons=_reasons_help())
    decide_renewal(cli_ctx(args), args.id, None, target, reason)

    def human() -> str:
        text = say("renewal.decided", id=args.id, state=RENEWAL_STATE[target])
        if reason is not None:
            text += say("renewal.rejected", reason=REJECTION_REASON[reason])
        return text + "."

    out.emit(
        {"request_id": args.id, "state": target.value, "reason": reason},
        human,
    )
    return 0


def register(sub: Any) -> None:
    rs = subcommands(sub, "renewal", say("renewal.help"))
    q = rs.add_parser("request", help=say("renewal.request.help"))
    q.add_argument("id", type=int, help=say("renewal.request.help.id"))
    q.add_argument("--note", default="", help=say("renewal.request.help.note"))
    q.set_defaults(func=cmd_request)
    for name, help_ in (
        ("renewed", say("renewal.renewed.help")),
        ("reject", say("renewal.reject.help")),
        ("cancel", say("renewal.cancel.help")),
    ):
        d = rs.add_parser(name, help=help_)
        d.add_argument("id", type=int, help=say("renewal.help.id"))
        if name == "reject":
            d.add_argument(
                "--reason",
                required=True,
                metavar=say("metavar.reason"),
                help=say("renewal.reject.help.reason", reasons=_reasons_help()),
            )
        d.set_defaults(func=cmd_decide)
