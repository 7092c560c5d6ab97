"""Finding a citizen and reading the card."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from dosisdesk.cli.common import (
    CONTACT_KIND_DA,
    PERIOD_STATUS_DA,
    SEVERITY_DA,
    SLOT_DA,
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
from dosisdesk.words import BAG_ACTION, CHANGE_KIND, CHANGE_STATE, RENEWAL_URGENCY, SUPPLY


def cmd_search(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.search import search_citizens

    rows = search_citizens(cli_ctx(args), args.text, team=args.team, limit=args.limit)

    def human() -> str:
        def att(r: Any) -> str:
            marks = [
                (
                    f"indlagt: {r.admitted[0]}, tlf. {format_phone(r.admitted[1])}"
                    if r.admitted
                    else "",
                    r.admitted is not None,
                ),
                ("akut i dag", r.acute_today),
                ("72 t", r.window_open),
                ("i bero", r.paused),
                ("dobbelt", r.high_flag),
                (
                    RENEWAL_URGENCY[r.renewal].lower() if r.renewal else "",
                    r.renewal is not None,
                ),
                (f"{r.open_handlings} poser at håndtere", r.open_handlings > 0),
            ]
            return ", ".join(n for n, on in marks if on)

        return table(
            [(format_cpr(r.cpr), r.name, r.team_name, att(r)) for r in rows],
            ("CPR", "Navn", "Team", "Opmærksomhed"),
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
            raise InvalidInput("bad --period", "--period skal være 'next' eller et tal.") from e
        columns = columns[n : n + 1] if 0 <= n < len(columns) else []
        if not columns:
            raise InvalidInput("no such period", f"Kortet viser ikke periode {n}.")

    def human() -> str:
        c = view.citizen
        out_lines = [
            f"{c.name}  {format_cpr(c.cpr)}  {c.team_name}",
            f"Pakkegruppe: {view.packing_group} ({view.pharmacy})",
        ]
        if view.paused:
            out_lines.append(
                "DOSISDISPENSERING I BERO"
                + (
                    f" siden {format_moment(view.pause.paused_at, with_year=False)}: {view.pause.reason}"
                    if view.pause
                    else ""
                )
            )
        for col in columns:
            p = col.period
            title = "Nuværende periode" if col.is_current else "Kommende periode"
            out_lines.append("")
            out_lines.append(
                f"{title}: {format_day(p.first_day, with_year=False)} – {format_day(p.last_day, with_year=False)}  "
                f"frist {format_moment(p.deadline, with_year=False)}  "
                f"levering {format_day(p.expected_delivery, with_year=False)}  [{PERIOD_STATUS_DA[p.status.value]}]"
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
                            "ny udseende" if ln.new_appearance else "",
                            "i bero" if ln.status.value == "paused" else "",
                        )
                        for ln in col.lines
                    ],
                    ("Lægemiddel", "Styrke", "Stof", "Dosering", "Forsyning", "", ""),
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
                    f"  • {CHANGE_KIND[ch.kind]} {label} {ch.dosage} fra "
                    f"{format_day(ch.effective_date, with_year=False)} ({CHANGE_STATE[ch.state]}"
                    + (", AKUT" if ch.acute else "")
                    + ")"
                )
        if view.acute_in_roll:
            out_lines.append("\nAkutte ændringer, som rullen endnu ikke bærer:")
            for a in view.acute_in_roll:
                out_lines.append(
                    f"  {CHANGE_KIND[a.change.kind]} {a.label} fra {format_day(a.change.effective_date, with_year=False)}"
                    f" (ændring {a.change.id})"
                    + (
                        f"; rullen bærer den fra {format_day(a.carried_from, with_year=False)}"
                        if a.carried_from
                        else ""
                    )
                )
                for b in a.bags:
                    if b.action is None:
                        continue
                    done = (
                        f" — udført af {b.done_by_name or b.done_by} {format_moment(b.done_at, with_year=False)}"
                        if b.done_at
                        else ""
                        if b.action is BagAction.UNCHANGED
                        else " — mangler"
                    )
                    out_lines.append(
                        f"    {format_day(b.day, with_year=False)} {SLOT_DA.get(b.slot, b.slot)}: "
                        f"{BAG_ACTION[b.action]}{done}"
                    )
        if view.hidden_private:
            out_lines.append(f"\n{view.hidden_private} privatmarkerede linjer er skjult.")
        if view.flags:
            out_lines.append("\nDobbeltordinationer:")
            out_lines += [
                f"  [{SEVERITY_DA[f.severity.value]}] {f.line_a}-{f.line_b}: "
                f"{f.label_a}  ↔  {f.label_b}" + (" (kvitteret)" if f.acknowledged else "")
                for f in view.flags
            ]
        if view.contacts:
            out_lines.append("\nSygehuskontakter:")
            for k in view.contacts[:5]:
                w = (
                    f"  72 t til {moment(k.responsibility_until)} – ring {format_phone(k.phone)}"
                    if k.window_open
                    else ""
                )
                out_lines.append(
                    f"  {CONTACT_KIND_DA[k.kind.value]} {k.hospital}, {k.department} "
                    f"{moment(k.started_at)}–{moment(k.ended_at)}{w}"
                )
        if view.renewals:
            out_lines.append("\nReceptfornyelser:")
            out_lines += [
                f"  {r.product_label} gyldig til {day(r.valid_until)}"
                + (f" – {RENEWAL_URGENCY[r.urgency].lower()}" if r.urgency else "")
                for r in view.renewals
            ]
        return "\n".join(out_lines)

    out.emit(dataclasses.replace(view, columns=tuple(columns)), human)
    return 0


def register(sub: Any) -> None:
    se = sub.add_parser("search", help="find borgere")
    se.add_argument("text", nargs="?", default="")
    se.add_argument("--team")
    se.add_argument("--limit", type=int, default=50)
    se.set_defaults(func=cmd_search)

    c = sub.add_parser("card", help="borgerens dosisdispenseringskort")
    c.add_argument("cpr")
    c.add_argument("--period", help="'next' eller et nummer (0 = nuværende)")
    c.add_argument("--card", type=int, help="kort-id, hvis borgeren har flere kort")
    c.set_defaults(func=cmd_card)
