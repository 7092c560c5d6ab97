"""Finding a citizen and reading the card."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from dosisdesk.cli.common import (
    CONTACT_KIND,
    PERIOD_STATUS,
    SEVERITY,
    SLOT,
    Out,
    change_words,
    cli_ctx,
    day,
    moment,
    table,
)
from dosisdesk.domain.calendar import format_day, format_moment
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.domain.text import format_phone
from dosisdesk.words import (
    BAG_ACTION,
    CHANGE_KIND,
    CHANGE_STATE,
    RENEWAL_URGENCY,
    SUPPLY,
    Columns,
    say,
)


def cmd_search(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.search import search_citizens

    rows = search_citizens(cli_ctx(args), args.text, team=args.team, limit=args.limit)

    def human() -> str:
        def att(r: Any) -> str:
            marks = [
                (
                    say(
                        "search.admitted",
                        hospital=r.admitted[0],
                        phone=format_phone(r.admitted[1]),
                    )
                    if r.admitted
                    else "",
                    r.admitted is not None,
                ),
                (say("search.acute_today"), r.acute_today),
                (say("search.window"), r.window_open),
                (say("search.paused"), r.paused),
                (say("search.double"), r.high_flag),
                (
                    RENEWAL_URGENCY[r.renewal].lower() if r.renewal else "",
                    r.renewal is not None,
                ),
                (say("search.bags", n=r.open_handlings), r.open_handlings > 0),
            ]
            return ", ".join(n for n, on in marks if on)

        return table(
            [(format_cpr(r.cpr), r.name, r.team_name, att(r)) for r in rows],
            Columns("cli_search"),
        )

    out.emit(rows, human)
    return 0


def cmd_card(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.bags import BagAction
    from dosisdesk.services.cards import card_view

    view = card_view(cli_ctx(args), args.cpr, args.card)
    columns = list(view.columns)
    if args.period == "next":
        columns = [c for c in columns if not c.is_current][:1]
    elif args.period is not None:
        try:
            n = int(args.period)
        except ValueError as e:
            raise InvalidInput("cli.citizens.bad_period") from e
        columns = columns[n : n + 1] if 0 <= n < len(columns) else []
        if not columns:
            raise InvalidInput("cli.citizens.no_such_period", n=n)

    def human() -> str:
        c = view.citizen
        out_lines = [
            f"{c.name}  {format_cpr(c.cpr)}  {c.team_name}",
            say("card.packing_group", group=view.packing_group, pharmacy=view.pharmacy),
        ]
        if view.paused:
            out_lines.append(
                say(
                    "card.paused_since",
                    at=format_moment(view.pause.paused_at, with_year=False),
                    reason=view.pause.reason,
                )
                if view.pause
                else say("card.paused")
            )
        for col in columns:
            p = col.period
            out_lines.append("")
            out_lines.append(
                say(
                    "card.period_current" if col.is_current else "card.period_coming",
                    first=format_day(p.first_day, with_year=False),
                    last=format_day(p.last_day, with_year=False),
                    deadline=format_moment(p.deadline, with_year=False),
                    delivery=format_day(p.expected_delivery, with_year=False),
                    status=PERIOD_STATUS[p.status],
                )
                + (f"  ({p.note})" if p.note else "")
            )
            out_lines.append(
                table(
                    [
                        (
                            ln.product.trade_name,
                            ln.product.strength,
                            ln.product.substance,
                            ln.dosage,
                            SUPPLY[ln.supply],
                            say("card.new_appearance") if ln.new_appearance else "",
                            say("card.line_paused") if ln.status.value == "paused" else "",
                        )
                        for ln in col.lines
                    ],
                    Columns("cli_card"),
                )
            )
            for ch in col.changes:
                label = ch.product.label if ch.product else ""
                if ch.follow_up_of_id is not None:
                    out_lines.append(
                        f"  • {label}: "
                        f"{change_words(ch.kind, ch.follow_up_of_day, ch.effective_date)} "
                        f"({CHANGE_STATE[ch.state]})"
                    )
                    continue
                out_lines.append(
                    say(
                        "card.change_acute" if ch.acute else "card.change",
                        kind=CHANGE_KIND[ch.kind],
                        drug=label,
                        dosage=ch.dosage,
                        day=format_day(ch.effective_date, with_year=False),
                        state=CHANGE_STATE[ch.state],
                    )
                )
        if view.acute_in_roll:
            out_lines.append("\n" + say("card.acute_heading"))
            for a in view.acute_in_roll:
                out_lines.append(
                    say(
                        "card.acute",
                        kind=CHANGE_KIND[a.change.kind],
                        drug=a.label,
                        day=format_day(a.change.effective_date, with_year=False),
                        id=a.change.id,
                    )
                    + (
                        say("card.carried_from", day=format_day(a.carried_from, with_year=False))
                        if a.carried_from
                        else ""
                    )
                )
                for b in a.bags:
                    if b.action is None:
                        continue
                    done = (
                        say(
                            "card.bag_done",
                            by=b.done_by_name or b.done_by,
                            at=format_moment(b.done_at, with_year=False),
                        )
                        if b.done_at
                        else ""
                        if b.action is BagAction.UNCHANGED
                        else say("card.bag_missing")
                    )
                    out_lines.append(
                        f"    {format_day(b.day, with_year=False)} {SLOT.get(b.slot, b.slot)}: "
                        f"{BAG_ACTION[b.action]}{done}"
                    )
        if view.hidden_private:
            out_lines.append("\n" + say("card.hidden_private", n=view.hidden_private))
        if view.flags:
            out_lines.append("\n" + say("card.flags_heading"))
            out_lines += [
                f"  [{SEVERITY[f.severity]}] {f.line_a}-{f.line_b}: "
                f"{f.label_a}  ↔  {f.label_b}"
                + (say("card.flag_acknowledged") if f.acknowledged else "")
                for f in view.flags
            ]
        if view.contacts:
            out_lines.append("\n" + say("card.contacts_heading"))
            for k in view.contacts[:5]:
                w = (
                    say(
                        "card.window",
                        until=moment(k.responsibility_until),
                        phone=format_phone(k.phone),
                    )
                    if k.window_open
                    else ""
                )
                out_lines.append(
                    f"  {CONTACT_KIND[k.kind]} {k.hospital}, {k.department} "
                    f"{moment(k.started_at)}–{moment(k.ended_at)}{w}"
                )
        if view.renewals:
            out_lines.append("\n" + say("card.renewals_heading"))
            out_lines += [
                say("card.renewal", drug=r.product_label, until=day(r.valid_until))
                + (f" – {RENEWAL_URGENCY[r.urgency].lower()}" if r.urgency else "")
                for r in view.renewals
            ]
        return "\n".join(out_lines)

    out.emit(dataclasses.replace(view, columns=tuple(columns)), human)
    return 0


def register(sub: Any) -> None:
    se = sub.add_parser("search", help=say("search.help"))
    se.add_argument("text", nargs="?", default="")
    se.add_argument("--team")
    se.add_argument("--limit", type=int, default=50)
    se.set_defaults(func=cmd_search)

    c = sub.add_parser("card", help=say("card.help"))
    c.add_argument("cpr")
    c.add_argument("--period", help=say("card.help.period"))
    c.add_argument("--card", type=int, help=say("card.help.card"))
    c.set_defaults(func=cmd_card)
