"""Renewal requests (R7): request a renewal of a line's dose prescription, record the doctor's
answer (renewed, rejected with one of the ten standard reasons) or cancel the request — the same
services, checks and audit as the desk's *Fornyelser*.

``request`` takes the line's id (``line_id`` in ``dosisdesk renewals --json``); the answers take
the request's id (``request_id``).
"""

from __future__ import annotations

import argparse
from typing import Any

from dosisdesk.cli.common import RENEWAL_STATE_DA, Out, cli_ctx
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.words import REJECTION_REASON


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
    try:
        return RejectionReason(t)
    except ValueError as e:
        raise InvalidInput(
            f"unknown rejection reason {text!r}",
            f"Ukendt afvisningsårsag »{text}«; brug en af de ti standardårsager: "
            f"{_reasons_help()}.",
        ) from e


def cmd_request(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.renewals import request_renewal

    rid = request_renewal(cli_ctx(args), args.id, args.note)
    out.emit(
        {"request_id": rid, "line_id": args.id, "state": "sent"},
        lambda: f"Receptanmodning {rid} sendt for linje {args.id}.",
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
        raise InvalidInput(
            "a rejection needs a reason",
            f"En afvisning kræver en af de ti standardårsager (--reason): {_reasons_help()}.",
        )
    decide_renewal(cli_ctx(args), args.id, None, target, reason)

    def human() -> str:
        text = f"Receptanmodning {args.id}: {RENEWAL_STATE_DA[target.value]}"
        if reason is not None:
            text += f" ({REJECTION_REASON[reason]}); teamet har fået en opgave"
        return text + "."

    out.emit(
        {"request_id": args.id, "state": target.value, "reason": reason},
        human,
    )
    return 0


def register(sub: Any) -> None:
    r = sub.add_parser("renewal", help="receptanmodning: send, fornyet, afvist, annullér")
    rs = r.add_subparsers(dest="renewal_command", required=True)
    q = rs.add_parser("request", help="send en receptanmodning for en linje")
    q.add_argument("id", type=int, help="linjens id (line_id i dosisdesk renewals --json)")
    q.add_argument("--note", default="", help="note til anmodningen")
    q.set_defaults(func=cmd_request)
    for name, help_ in (
        ("renewed", "lægen har fornyet recepten"),
        ("reject", "lægen har afvist (med en af de ti standardårsager)"),
        ("cancel", "annullér anmodningen"),
    ):
        d = rs.add_parser(name, help=help_)
        d.add_argument("id", type=int, help="anmodningens id (request_id)")
        if name == "reject":
            d.add_argument(
                "--reason",
                required=True,
                metavar="ÅRSAG",
                help="nummer 1-10 eller kode: " + _reasons_help(),
            )
        d.set_defaults(func=cmd_decide)
