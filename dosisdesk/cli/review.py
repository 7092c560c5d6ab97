"""Double prescriptions, hospital contacts, renewals and the packing groups' periods."""

from __future__ import annotations

import argparse
from typing import Any

from dosisdesk.cli.common import (
    PERIOD_STATUS_DA,
    RENEWAL_STATE_DA,
    SEVERITY_DA,
    Out,
    cli_ctx,
    fmt_d,
    fmt_dt,
    parse_date,
    table,
)
from dosisdesk.domain.calendar import format_day, format_moment
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.domain.text import format_phone
from dosisdesk.words import REJECTION_REASON, RENEWAL_URGENCY


def cmd_flags(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.types import Severity
    from dosisdesk.services.flags import flags

    sev = None
    if args.severity:
        try:
            sev = Severity(args.severity)
        except ValueError as e:
            raise InvalidInput("bad severity", "Alvor skal være high, review eller info.") from e
    rows = flags(cli_ctx(args), severity=sev, team=args.team, include_acknowledged=args.all)
    out.emit(
        rows,
        lambda: table(
            [
                (
                    f"{r.line_a}-{r.line_b}",
                    SEVERITY_DA[r.severity.value],
                    format_cpr(r.cpr),
                    r.citizen_name,
                    r.label_a,
                    r.label_b,
                    "kvitteret" if r.acknowledged else "",
                )
                for r in rows
            ],
            ("Id", "Alvor", "CPR", "Navn", "Linje A", "Linje B", ""),
        ),
    )
    return 0


def cmd_contacts(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.contacts import KIND_DA, list_contacts

    rows = list_contacts(
        cli_ctx(args),
        open_only=args.open,
        team=args.team,
        admitted_now=args.admitted,
        limit=args.limit,
    )
    out.emit(
        rows,
        lambda: table(
            [
                (
                    format_cpr(r.cpr),
                    r.citizen_name,
                    KIND_DA[r.kind],
                    r.hospital,
                    r.department,
                    format_phone(r.phone),
                    fmt_dt(r.started_at),
                    fmt_dt(r.ended_at),
                    fmt_dt(r.responsibility_until) if r.window_open else "",
                )
                for r in rows
            ],
            (
                "CPR",
                "Navn",
                "Kontakt",
                "Sygehus",
                "Afdeling",
                "Telefon",
                "Start",
                "Slut",
                "72 t til",
            ),
        ),
    )
    return 0


def cmd_renewals(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.types import RenewalState
    from dosisdesk.services.renewals import renewals

    state = None
    if args.state:
        try:
            state = RenewalState(args.state)
        except ValueError as e:
            raise InvalidInput(
                "bad state", "Tilstand skal være sent, renewed, rejected eller cancelled."
            ) from e
    rows = renewals(cli_ctx(args), due=args.due or state is None, team=args.team, state=state)
    out.emit(
        rows,
        lambda: table(
            [
                (
                    format_cpr(r.cpr),
                    r.citizen_name,
                    r.product_label,
                    fmt_d(r.valid_until),
                    r.line_id,
                    r.request_id or "",
                    RENEWAL_STATE_DA[r.state.value] if r.state else "skal fornyes",
                    RENEWAL_URGENCY[r.urgency] if r.urgency else "",
                    REJECTION_REASON[r.rejection_reason] if r.rejection_reason else "",
                )
                for r in rows
            ],
            (
                "CPR",
                "Navn",
                "Lægemiddel",
                "Gyldig til",
                "Linje",
                "Anmodning",
                "Status",
                "Fornyelse",
                "Afvist fordi",
            ),
        ),
    )
    return 0


def cmd_period(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import periods

    ctx = cli_ctx(args)
    if args.period_command == "stretch":
        result = periods.stretch_period(
            ctx,
            args.group,
            parse_date(args.first_day),
            args.days,
            args.note,
            preview=args.preview,
        )
        out.emit(result, lambda: _stretch_text(result))
        return 0
    rows = periods.list_periods(ctx, args.group, count=args.count)
    out.emit(rows, lambda: _periods_table(rows))
    return 0


def _periods_table(rows: Any) -> str:
    return table(
        [
            (
                f"{format_day(p.first_day, with_year=False)} – {format_day(p.last_day, with_year=False)}",
                p.length_days,
                f"{format_moment(p.deadline, with_year=False)}",
                fmt_d(p.expected_delivery),
                PERIOD_STATUS_DA[p.status.value],
                p.note,
            )
            for p in rows
        ],
        ("Periode", "Dage", "Frist", "Levering", "Status", "Note"),
    )


def _stretch_text(result: Any) -> str:
    head = (
        "Forhåndsvisning: intet er gemt. Kør uden --preview for at forlænge perioden."
        if result.preview
        else "Perioden er forlænget."
    )
    parts = [head, _periods_table(result.periods)]
    if not result.moved:
        parts.append("Ingen åbne ændringer skifter rulle eller første dag.")
        return "\n\n".join(parts)
    parts.append(
        f"{len(result.moved)} åbne ændringer skifter rulle (gammel → ny første dag); dagene "
        "imellem kan kræve manuel dispensering:"
    )
    parts.append(
        table(
            [
                (
                    x.change_id,
                    format_cpr(x.cpr),
                    x.citizen_name,
                    x.product_label,
                    f"{format_day(x.old_first_day, with_year=False)} → {format_day(x.new_first_day, with_year=False)}",
                    f"{fmt_d(x.manual_days[0])} – {fmt_d(x.manual_days[1])}"
                    if x.manual_days
                    else "",
                )
                for x in result.moved
            ],
            ("Ændring", "CPR", "Navn", "Lægemiddel", "Første dag", "Manuel dispensering"),
        )
    )
    return "\n\n".join(parts)


def register(sub: Any) -> None:
    f = sub.add_parser("flags", help="dobbeltordinationer")
    f.add_argument("--severity")
    f.add_argument("--team")
    f.add_argument("--all", action="store_true", help="også kvitterede")
    f.set_defaults(func=cmd_flags)

    k = sub.add_parser("contacts", help="sygehuskontakter")
    k.add_argument("--open", action="store_true", help="kun åbne 72-timers vinduer")
    k.add_argument("--admitted", action="store_true", help="kun indlagte nu")
    k.add_argument("--team")
    k.add_argument("--limit", type=int, default=500)
    k.set_defaults(func=cmd_contacts)

    r = sub.add_parser("renewals", help="receptfornyelser")
    r.add_argument("--due", action="store_true", help="kun dem der skal fornyes inden 28 dage")
    r.add_argument("--state")
    r.add_argument("--team")
    r.set_defaults(func=cmd_renewals)

    pe = sub.add_parser("period", help="pakkegruppens perioder")
    pes = pe.add_subparsers(dest="period_command", required=True)
    pl = pes.add_parser("list", help="de kommende perioder")
    pl.add_argument("group", help="pakkegruppe: navn, apotek/navn eller nummer")
    pl.add_argument("--count", type=int, default=6)
    pl.set_defaults(func=cmd_period)
    ps = pes.add_parser("stretch", help="forlæng en periode (fx over jul)")
    ps.add_argument("group", help="pakkegruppe: navn, apotek/navn eller nummer")
    ps.add_argument("--first-day", required=True, help="periodens første dag (ÅÅÅÅ-MM-DD)")
    ps.add_argument("--days", type=int, required=True, help="ny længde, 7-28 dage")
    ps.add_argument("--note", required=True, help="hvorfor (vises på kortet)")
    ps.add_argument(
        "--preview",
        action="store_true",
        help="vis perioderne og de ændringer, der flyttes, uden at gemme",
    )
    ps.set_defaults(func=cmd_period)
