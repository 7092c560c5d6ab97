"""Hospital contacts from the command line (R6): admission, outpatient and acute outpatient
contacts, the discharge (which prints the 72-hour window) and the hospital's extension — the same
services and checks as the contact dialogs of the window."""

from __future__ import annotations

import argparse
from typing import Any

from dosisdesk.cli.common import (
    CONTACT_KIND,
    Out,
    at_or_now,
    cli_ctx,
    moment,
    parse_now,
    subcommands,
)
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import NotFound, RuleViolation
from dosisdesk.domain.text import format_phone
from dosisdesk.words import say

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
        started_at=at_or_now(ctx, args.at),
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
        text = say(
            "contact.added",
            id=dto.id,
            kind=CONTACT_KIND[dto.kind],
            cpr=format_cpr(dto.cpr),
            hospital=dto.hospital,
            department=dto.department,
            phone=format_phone(dto.phone),
            start=moment(dto.started_at, today),
        )
        if dto.ended_at:
            text += say("contact.until", end=moment(dto.ended_at, today))
        text += "."
        if dto.dd_paused:
            text += "\n" + say("contact.paused")
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
            if rows:
                raise NotFound(
                    "cli.contact.not_this_citizens", id=args.contact, cpr=format_cpr(rows[0].cpr)
                )
            raise NotFound("cli.contact.not_the_citizens", id=args.contact)
        return hit[0]
    admissions = [c for c in rows if c.kind is ContactKind.ADMISSION]
    if discharged:
        done = [c for c in admissions if c.ended_at is not None]
        if not done:
            raise RuleViolation("cli.contact.not_discharged")
        return max(done, key=lambda c: c.ended_at or c.started_at)
    open_ = [c for c in admissions if c.ended_at is None]
    if not open_:
        raise RuleViolation("cli.contact.not_admitted")
    return max(open_, key=lambda c: c.started_at)


def _window_text(dto: Any, today: Any) -> str:
    if dto.responsibility_until is None:
        return say("contact.no_window")
    return say(
        "contact.window_open" if dto.window_open else "contact.window_closed",
        until=moment(dto.responsibility_until, today),
        phone=format_phone(dto.phone),
    )


def cmd_discharge(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.contacts import discharge

    ctx = cli_ctx(args)
    c = _contact_of(args, ctx, discharged=False)
    told = "somatic" if args.somatic else "psychiatric" if args.psychiatric else None
    if told is not None and (told == "somatic") != c.somatic:
        # asked once, at the admission: a discharge may repeat it, never change it
        raise RuleViolation(
            "cli.contact.was_somatic" if c.somatic else "cli.contact.was_psychiatric"
        )
    ended = at_or_now(ctx, args.at)
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
            say(
                "contact.discharged",
                id=dto.id,
                end=moment(dto.ended_at, today),
                hospital=dto.hospital,
                department=dto.department,
            )
            + "\n"
            + _window_text(dto, today)
        ),
    )
    return 0


def cmd_extend(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.contacts import extend

    ctx = cli_ctx(args)
    c = _contact_of(args, ctx, discharged=True)
    dto = extend(ctx, c.id, c.version, parse_now(args.until))
    today = ctx.today()
    out.emit(dto, lambda: say("contact.extended", id=dto.id) + "\n" + _window_text(dto, today))
    return 0


def register(sub: Any) -> None:
    ks = subcommands(sub, "contact", say("contact.help"))
    for name, help_ in (
        ("admit", say("contact.admit.help")),
        ("outpatient", say("contact.outpatient.help")),
        ("acute-outpatient", say("contact.acute_outpatient.help")),
    ):
        a = ks.add_parser(name, help=help_)
        a.add_argument("cpr")
        a.add_argument("--hospital", required=True, help=say("contact.help.hospital"))
        a.add_argument("--department", required=True, help=say("contact.help.department"))
        a.add_argument("--phone", required=True, help=say("contact.help.phone"))
        a.add_argument("--psychiatric", action="store_true", help=say("contact.help.psychiatric"))
        a.add_argument("--at", metavar="ISO", help=say("contact.help.at"))
        if name == "admit":
            a.add_argument("--no-pause", action="store_true", help=say("contact.help.no_pause"))
        else:
            a.add_argument("--end", metavar="ISO", help=say("contact.help.end"))
            a.add_argument("--pause", action="store_true", help=say("contact.help.pause"))
        a.add_argument("--changes", action="store_true", help=say("contact.help.changes"))
        a.add_argument("--note", default="", help=say("contact.help.note"))
        a.set_defaults(func=cmd_add)

    d = ks.add_parser("discharge", help=say("contact.discharge.help"))
    d.add_argument("cpr")
    d.add_argument("--at", metavar="ISO", help=say("contact.discharge.help.at"))
    d.add_argument("--contact", type=int, help=say("contact.discharge.help.contact"))
    d.add_argument(
        "--no-municipal-nursing",
        action="store_true",
        help=say("contact.discharge.help.no_municipal_nursing"),
    )
    kind = d.add_mutually_exclusive_group()  # asked at the admission; may only repeat it here
    kind.add_argument("--somatic", action="store_true", help=say("contact.discharge.help.somatic"))
    kind.add_argument(
        "--psychiatric", action="store_true", help=say("contact.discharge.help.psychiatric")
    )
    d.set_defaults(func=cmd_discharge)

    e = ks.add_parser("extend", help=say("contact.extend.help"))
    e.add_argument("cpr")
    e.add_argument("--until", required=True, metavar="ISO", help=say("contact.extend.help.until"))
    e.add_argument("--contact", type=int, help=say("contact.extend.help.contact"))
    e.set_defaults(func=cmd_extend)
