"""Hospital contacts from the command line (R6): admission, outpatient and acute outpatient
contacts, the discharge (which prints the 72-hour window) and the hospital's extension — the same
services and checks as the contact dialogs of the window."""

from __future__ import annotations

import argparse
from typing import Any

from dosisdesk.cli.common import CONTACT_KIND_DA, Out, cli_ctx, moment, parse_now
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import NotFound, RuleViolation
from dosisdesk.domain.text import format_phone

_KINDS = {
    "admit": "admission",
    "outpatient": "outpatient",
    "acute-outpatient": "acute_outpatient",
}


def cmd_add(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.types import ContactKind
    from dosisdesk.services.contacts import ContactRequest, add_contact

    ctx = cli_ctx(args)
    kind = ContactKind(_KINDS[args.contact_command])
    admission = kind is ContactKind.ADMISSION
    req = ContactRequest(
        cpr=args.cpr,
        kind=kind,
        hospital=args.hospital,
        department=args.department,
        phone=args.phone,
        started_at=parse_now(args.at) if args.at else ctx.now(),
        ended_at=None if admission or not args.end else parse_now(args.end),
        somatic=not args.psychiatric,
        # An admission pauses dose dispensing unless told not to, as the dialog's default.
        pause_card=(not args.no_pause) if admission else args.pause,
        dd_changes=args.changes,
        note=args.note,
    )
    dto = add_contact(ctx, req)
    today = ctx.today()

    def human() -> str:
        text = (
            f"Kontakt {dto.id}: {CONTACT_KIND_DA[dto.kind.value]} for {format_cpr(dto.cpr)} på "
            f"{dto.hospital}, {dto.department} (tlf. {format_phone(dto.phone)}) "
            f"fra {moment(dto.started_at, today)}"
        )
        if dto.ended_at:
            text += f" til {moment(dto.ended_at, today)}"
        text += "."
        if dto.dd_paused:
            text += "\nDosisdispenseringen er sat i bero."
        return text

    out.emit(dto, human)
    return 0


def _contact_of(args: argparse.Namespace, ctx: Any, *, discharged: bool) -> Any:
    """The contact a discharge or an extension is about: ``--contact ID`` (of this citizen), or
    the citizen's open admission (discharge) / latest discharged admission (extension)."""
    from dosisdesk.domain.types import ContactKind
    from dosisdesk.services.contacts import list_contacts

    rows = list_contacts(ctx, cpr=args.cpr)
    if args.contact is not None:
        hit = [c for c in rows if c.id == args.contact]
        if not hit:
            raise NotFound(
                f"contact {args.contact} is not this citizen's",
                f"Kontakt {args.contact} hører ikke til borgeren {format_cpr(rows[0].cpr)}."
                if rows
                else f"Kontakt {args.contact} hører ikke til borgeren.",
            )
        return hit[0]
    admissions = [c for c in rows if c.kind is ContactKind.ADMISSION]
    if discharged:
        done = [c for c in admissions if c.ended_at is not None]
        if not done:
            raise RuleViolation("no discharged admission", "Borgeren er ikke udskrevet endnu.")
        return max(done, key=lambda c: c.ended_at or c.started_at)
    open_ = [c for c in admissions if c.ended_at is None]
    if not open_:
        raise RuleViolation("not admitted", "Borgeren er ikke indlagt.")
    return max(open_, key=lambda c: c.started_at)


def _window_text(dto: Any, today: Any) -> str:
    if dto.responsibility_until is None:
        return (
            "Intet 72-timers vindue: det gælder kun efter en somatisk indlæggelse på mindst "
            "24 timer med udskrivelse til kommunal sygepleje. Kontakt egen læge."
        )
    state = "åbent" if dto.window_open else "lukket"
    return (
        f"72-timers vindue ({state}): afdelingen har ansvaret til "
        f"{moment(dto.responsibility_until, today)}; ring {format_phone(dto.phone)}."
    )


def cmd_discharge(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.contacts import discharge

    ctx = cli_ctx(args)
    c = _contact_of(args, ctx, discharged=False)
    told = "somatic" if args.somatic else "psychiatric" if args.psychiatric else None
    if told is not None and (told == "somatic") != c.somatic:
        # asked once, at the admission: a discharge may repeat it, never change it
        said = "somatisk" if c.somatic else "psykiatrisk"
        raise RuleViolation(
            f"the admission was registered as {'somatic' if c.somatic else 'psychiatric'}",
            f"Indlæggelsen blev registreret som {said}; det angives ved indlæggelsen og ændres "
            "ikke ved udskrivelsen. Intet er ændret.",
        )
    ended = parse_now(args.at) if args.at else ctx.now()
    dto = discharge(
        ctx,
        c.id,
        c.version,
        ended,
        municipal_nursing=False if args.no_municipal_nursing else None,
    )
    today = ctx.today()
    out.emit(
        dto,
        lambda: (
            f"Kontakt {dto.id}: udskrevet {moment(dto.ended_at, today)} fra {dto.hospital}, "
            f"{dto.department}.\n{_window_text(dto, today)}"
        ),
    )
    return 0


def cmd_extend(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.contacts import extend

    ctx = cli_ctx(args)
    c = _contact_of(args, ctx, discharged=True)
    dto = extend(ctx, c.id, c.version, parse_now(args.until))
    today = ctx.today()
    out.emit(dto, lambda: f"Kontakt {dto.id}: forlænget.\n{_window_text(dto, today)}")
    return 0


def register(sub: Any) -> None:
    k = sub.add_parser("contact", help="registrér en sygehuskontakt, udskrivelse eller forlængelse")
    ks = k.add_subparsers(dest="contact_command", required=True)
    for name, help_ in (
        ("admit", "indlæggelse (sætter dosisdispenseringen i bero, medmindre --no-pause)"),
        ("outpatient", "ambulant kontakt"),
        ("acute-outpatient", "akut ambulant kontakt"),
    ):
        a = ks.add_parser(name, help=help_)
        a.add_argument("cpr")
        a.add_argument("--hospital", required=True, help="sygehus")
        a.add_argument("--department", required=True, help="afdeling")
        a.add_argument("--phone", required=True, help="afdelingens telefonnummer")
        a.add_argument("--psychiatric", action="store_true", help="psykiatrisk (ellers somatisk)")
        a.add_argument("--at", metavar="ISO", help="start, ISO-8601 (standard: nu)")
        if name == "admit":
            a.add_argument(
                "--no-pause", action="store_true", help="sæt ikke dosisdispenseringen i bero"
            )
        else:
            a.add_argument("--end", metavar="ISO", help="slut, ISO-8601")
            a.add_argument("--pause", action="store_true", help="sæt dosisdispenseringen i bero")
        a.add_argument("--changes", action="store_true", help="kontakten gav ændringer i medicinen")
        a.add_argument("--note", default="", help="note")
        a.set_defaults(func=cmd_add)

    d = ks.add_parser("discharge", help="udskrivelse; viser 72-timers vinduet")
    d.add_argument("cpr")
    d.add_argument("--at", metavar="ISO", help="udskrevet, ISO-8601 (standard: nu)")
    d.add_argument("--contact", type=int, help="kontakt-id (standard: den åbne indlæggelse)")
    d.add_argument(
        "--no-municipal-nursing",
        action="store_true",
        help="ikke udskrevet til kommunal sygepleje",
    )
    kind = d.add_mutually_exclusive_group()  # asked at the admission; may only repeat it here
    kind.add_argument("--somatic", action="store_true", help="somatisk (som ved indlæggelsen)")
    kind.add_argument(
        "--psychiatric", action="store_true", help="psykiatrisk (som ved indlæggelsen)"
    )
    d.set_defaults(func=cmd_discharge)

    e = ks.add_parser("extend", help="sygehuset forlænger sit ansvar efter udskrivelsen")
    e.add_argument("cpr")
    e.add_argument("--until", required=True, metavar="ISO", help="ny slut, ISO-8601")
    e.add_argument(
        "--contact", type=int, help="kontakt-id (standard: den senest udskrevne indlæggelse)"
    )
    e.set_defaults(func=cmd_extend)
