"""Ordination changes and the queue."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from dosisdesk.cli.common import (
    Out,
    change_words,
    choice,
    cli_ctx,
    fmt_d,
    fmt_dt,
    parse_date,
    parse_now,
    subcommands,
    table,
)
from dosisdesk.domain.calendar import format_day, format_moment
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.words import CHANGE_KIND, CHANGE_STATE, Columns, say


def _handling(text: str) -> Any:
    from dosisdesk.domain.types import BagRef, HandlingKind

    kind_text, _, bags_text = text.partition("=")
    kind = choice(
        HandlingKind,
        kind_text.strip(),
        lambda: InvalidInput(
            "cli.changes.unknown_handling",
            kind=kind_text,
            known=", ".join(k.value for k in HandlingKind),
        ),
    )
    bags = []
    for part in filter(None, (p.strip() for p in bags_text.split(","))):
        day, _, slot = part.partition("/")
        if slot not in ("morning", "noon", "evening", "night") and not (
            len(slot) == 5 and slot[2] == ":"
        ):
            raise InvalidInput("cli.bad_bag", bag=part)
        bags.append(BagRef(parse_date(day), slot))
    return kind, tuple(bags)


def cmd_change(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.types import ChangeKind, Supply
    from dosisdesk.services import changes

    ctx = cli_ctx(args)
    if args.change_command == "add":
        kind = choice(
            ChangeKind,
            args.kind,
            lambda: InvalidInput(
                "cli.changes.unknown_kind",
                kind=args.kind,
                known=", ".join(k.value for k in ChangeKind),
            ),
        )
        supply = None
        if args.supply:
            supply = choice(Supply, args.supply, lambda: InvalidInput("cli.changes.bad_supply"))
        handlings = []
        for h in args.handling or []:
            hk, bags = _handling(h)
            handlings.append(changes.HandlingRequest(hk, bags, identifiable=args.identifiable))
        received = parse_now(args.received) if args.received else None
        req = changes.ChangeRequest(
            cpr=args.cpr,
            kind=kind,
            line_id=args.line,
            product=args.drug,
            dosage=args.dose,
            supply=supply,
            source=args.source or "",
            received_at=received,
            acute=args.acute,
            reason=args.reason or "",
            doctor=args.doctor or "",
            handlings=tuple(handlings),
            private=args.private,
            prescription_valid_until=parse_date(args.valid_until) if args.valid_until else None,
            conflict_choice=_conflict_choice(args),
            conflict_with=tuple(args.replace or args.keep_both or ()),
            wanted_from=parse_date(args.from_day) if args.from_day else None,
        )
        if kind is not ChangeKind.NEW and args.line is None and args.drug:
            # --drug names the line on the card (by ATC, trade name or substance)
            req = dataclasses.replace(
                req, product=None, line_id=_line_by_drug(ctx, args.cpr, args.drug)
            )
        result = changes.register(ctx, req)
        p = result.target_period
        data = {
            "id": result.id,
            "state": result.state.value,
            "acute": result.acute,
            "effective_date": result.effective_date.isoformat(),
            "target_period": {
                "start": p.first_day.isoformat(),
                "end": p.last_day.isoformat(),
                "deadline": p.deadline.isoformat(),
            }
            if p
            else None,
            "follow_up_id": result.follow_up_id,
            "wanted_from": result.wanted_from.isoformat() if result.wanted_from else None,
            "days_before_roll": [d.isoformat() for d in result.days_before_roll]
            if result.days_before_roll
            else None,
            "if_waited": {
                "start": result.if_waited_first_day.isoformat(),
                "deadline": result.if_waited_deadline.isoformat(),
            }
            if result.if_waited_first_day and result.if_waited_deadline
            else None,
        }

        def human() -> str:
            if result.acute:
                text = say(
                    "change.acute_added",
                    id=result.id,
                    day=format_day(result.effective_date, with_year=False),
                )
                if result.follow_up_id:
                    fu = changes.get(ctx, result.follow_up_id)
                    assert fu.target_period is not None
                    text += "\n" + say(
                        "change.follow_up",
                        id=fu.id,
                        what=change_words(fu.kind, fu.follow_up_of_day, fu.effective_date),
                        deadline=format_moment(fu.target_period.deadline, with_year=False),
                    )
                return text
            assert p is not None
            text = say(
                "change.added",
                id=result.id,
                day=format_day(result.effective_date, with_year=False),
                deadline=format_moment(p.deadline, with_year=False),
            )
            gap = result.days_before_roll
            if gap:
                text += "\n" + say(
                    "change.days_before_roll",
                    first=format_day(gap[0], with_year=False),
                    last=format_day(gap[1], with_year=False),
                )
            return text

        out.emit(data, human)
    elif args.change_command == "confirm":
        done = changes.confirm(ctx, [(i, None) for i in args.ids], note=args.note or "")
        out.emit(
            done,
            lambda: "\n".join(
                say("change.state", id=c.id, state=CHANGE_STATE[c.state]) for c in done
            ),
        )
    elif args.change_command == "cancel":
        c = changes.cancel(ctx, args.id, None, args.reason or "")
        out.emit(c, lambda: say("change.state", id=c.id, state=CHANGE_STATE[c.state]))
    elif args.change_command == "show":
        c = changes.get(ctx, args.id)
        out.emit(
            c,
            lambda: "\n".join(
                [
                    say(
                        "change.show",
                        id=c.id,
                        kind=CHANGE_KIND[c.kind],
                        state=CHANGE_STATE[c.state],
                        day=format_day(c.effective_date, with_year=False),
                    ),
                    say(
                        "change.registered",
                        at=format_moment(c.registered_at, with_year=False),
                        by=c.registered_by_name or c.registered_by,
                    ),
                ]
                + (
                    [f"  {change_words(c.kind, c.follow_up_of_day, c.effective_date)}"]
                    if c.follow_up_of_id is not None
                    else []
                )
                + [
                    f"  {format_moment(t.at, with_year=False)} {t.by_name or t.by}: "
                    f"{CHANGE_STATE[t.from_state] if t.from_state else '-'} → "
                    f"{CHANGE_STATE[t.to_state]} {t.note}".rstrip()
                    for t in c.transitions
                ]
            ),
        )
    return 0


def _conflict_choice(args: argparse.Namespace) -> Any:
    """--replace ID / --keep-both ID: the explicit answer to a change already queued for the
    line and roll (the ids are those the refusal named)."""
    from dosisdesk.domain.conflicts import ConflictChoice

    if args.replace and args.keep_both:
        raise InvalidInput("cli.changes.replace_and_keep_both")
    if args.replace:
        return ConflictChoice.REPLACE
    if args.keep_both:
        return ConflictChoice.KEEP_BOTH
    return None


def _line_by_drug(ctx: Any, cpr: str, drug: str) -> int:
    """The line of the citizen's card that holds this drug (by ATC, trade name or substance)."""
    from dosisdesk.services.cards import card_on

    lines, _ = card_on(ctx, cpr, ctx.today())
    key = drug.strip().casefold()
    hits = [
        ln
        for ln in lines
        if key
        in (
            ln.product.atc.casefold(),
            ln.product.trade_name.casefold(),
            ln.product.substance.casefold(),
        )
    ]
    if len(hits) != 1:
        if not hits:
            raise InvalidInput("cli.changes.no_line_for_drug", drug=drug)
        raise InvalidInput(
            "cli.changes.lines_for_drug",
            drug=drug,
            lines=say("change.or").join(str(h.line_id) for h in hits),
        )
    return hits[0].line_id


def cmd_queue(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.types import ChangeState
    from dosisdesk.services.queue import QueueFilter, queue

    states: tuple[ChangeState, ...] = ()
    if args.state:
        states = (
            choice(
                ChangeState,
                args.state,
                lambda: InvalidInput(
                    "cli.changes.bad_state", known=", ".join(s.value for s in ChangeState)
                ),
            ),
        )
    rows = queue(
        cli_ctx(args),
        QueueFilter(
            team=args.team,
            pharmacy=args.pharmacy,
            states=states,
            acute=True if args.acute else None,
            missed_only=args.missed,
        ),
        limit=args.limit,
    )
    out.emit(
        rows,
        lambda: table(
            [
                (
                    r.change_id,
                    format_cpr(r.cpr),
                    r.citizen_name,
                    r.pharmacy,
                    fmt_d(r.period_first_day),
                    fmt_dt(r.deadline),
                    change_words(r.kind, r.follow_up_of_day, r.period_first_day),
                    r.product_label,
                    r.dosage,
                    CHANGE_STATE[r.state],
                    say("queue.missed") if r.missed_deadlines else "",
                    r.registered_by_name or r.registered_by,
                )
                for r in rows
            ],
            Columns("cli_queue"),
        ),
    )
    return 0


def register(sub: Any) -> None:
    chs = subcommands(sub, "change", say("change.help"))
    a = chs.add_parser("add", help=say("change.add.help"))
    a.add_argument("cpr")
    a.add_argument(
        "--kind",
        required=True,
        help=say("change.add.help.kind"),
    )
    a.add_argument("--drug", help=say("change.add.help.drug"))
    a.add_argument("--line", type=int, help=say("change.add.help.line"))
    a.add_argument("--dose", help=say("change.add.help.dose"))
    a.add_argument("--supply", help=say("change.add.help.supply"))
    a.add_argument("--source", help=say("change.add.help.source"))
    a.add_argument(
        "--from",
        dest="from_day",
        help=say("change.add.help.from"),
    )
    a.add_argument("--received", help=say("change.add.help.received"))
    a.add_argument("--valid-until", help=say("change.add.help.valid_until"))
    a.add_argument("--private", action="store_true", help=say("change.add.help.private"))
    a.add_argument("--acute", action="store_true")
    a.add_argument("--reason", help=say("change.add.help.reason"))
    a.add_argument("--doctor", help=say("change.add.help.doctor"))
    a.add_argument(
        "--handling",
        action="append",
        help=say("change.add.help.handling"),
    )
    a.add_argument(
        "--identifiable",
        action="store_true",
        help=say("change.add.help.identifiable"),
    )
    a.add_argument(
        "--replace",
        type=int,
        action="append",
        metavar="ID",
        help=say("change.add.help.replace"),
    )
    a.add_argument(
        "--keep-both",
        type=int,
        action="append",
        metavar="ID",
        help=say("change.add.help.keep_both"),
    )
    a.set_defaults(func=cmd_change)
    cf = chs.add_parser("confirm", help=say("change.confirm.help"))
    cf.add_argument("ids", type=int, nargs="+")
    cf.add_argument("--note")
    cf.set_defaults(func=cmd_change)
    cc = chs.add_parser("cancel", help=say("change.cancel.help"))
    cc.add_argument("id", type=int)
    cc.add_argument("--reason", required=True)
    cc.set_defaults(func=cmd_change)
    cs = chs.add_parser("show", help=say("change.show.help"))
    cs.add_argument("id", type=int)
    cs.set_defaults(func=cmd_change)

    q = sub.add_parser("queue", help=say("queue.help"))
    q.add_argument("--team")
    q.add_argument("--pharmacy")
    q.add_argument("--state")
    q.add_argument("--acute", action="store_true")
    q.add_argument("--missed", action="store_true", help=say("queue.help.missed"))
    q.add_argument("--limit", type=int, default=500)
    q.set_defaults(func=cmd_queue)
