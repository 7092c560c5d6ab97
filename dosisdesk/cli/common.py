"""What every command shares: moments and dates parsed, output as text or JSON, the context."""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from dosisdesk.domain.errors import InvalidInput
from dosisdesk.words import CHANGE_KIND, follow_up_text


def parse_now(text: str) -> datetime:
    from dosisdesk.domain.calendar import parse_moment

    return parse_moment(text)


def parse_date(text: str) -> date:
    from dosisdesk.domain.invariants import check_day, shown

    try:
        day = date.fromisoformat(text)
    except ValueError as e:
        raise InvalidInput(
            f"not a date: {text!r}",
            f"»{shown(text)}« er ikke en gyldig dato (ÅÅÅÅ-MM-DD, og datoen skal findes).",
        ) from e
    return check_day(day)


def jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> str:
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def fmt_dt(value: datetime | None) -> str:
    """A moment in a table cell (``01-12-2026 12.00``, from ``domain.calendar``)."""
    from dosisdesk.domain.calendar import format_moment_numeric

    return format_moment_numeric(value) if value else ""


def fmt_d(value: date | None) -> str:
    """A date in a table cell (``01-12-2026``, from ``domain.calendar``)."""
    from dosisdesk.domain.calendar import format_date_numeric

    return format_date_numeric(value) if value else ""


class Out:
    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def emit(self, data: Any, human: Callable[[], str]) -> None:
        if self.as_json:
            print(json.dumps(jsonable(data), ensure_ascii=False, indent=1))
        else:
            print(human())


def read_secret(args: argparse.Namespace, prompt: str) -> str:
    """A password: one line from stdin with ``--password-stdin``, else typed at the terminal
    (not echoed). Never from the command line or the environment."""
    import getpass
    import sys

    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InvalidInput(
            "a password is needed but there is no terminal",
            "Der skal bruges en adgangskode, men der er ingen terminal at skrive den i. Brug "
            "--password-stdin og send den på standard-input.",
        )
    return getpass.getpass(prompt)


def sign_in(args: argparse.Namespace, db: Any) -> Any:
    """Sign in as the installation says: a training database takes ``--user`` (default admin);
    otherwise the OS account or database role, or a user name and a password typed at the
    terminal (``--user`` names only yourself)."""
    import sys

    from dosisdesk.domain.calendar import now_cph
    from dosisdesk.services import signin
    from dosisdesk.services.context import fixed_clock

    clock = fixed_clock(parse_now(args.now)) if args.now else now_cph
    if args.user is not None and args.user.strip().lower() == signin.SYSTEM:
        raise InvalidInput(
            "system cannot be named",
            "»system« er programmets egen konto; ingen kan handle som den (--user).",
        )
    method = signin.method_for(db)
    if method != "password":
        return signin.sign_in(db, args.user, clock=clock)
    name = args.user
    if not name:
        if not sys.stdin.isatty():
            raise InvalidInput("no user name", "Angiv dit brugernavn med --user.")
        name = input("Brugernavn: ")
    password = read_secret(args, "Adgangskode: ")
    try:
        return signin.sign_in(db, name, password, clock=clock)
    except signin.PasswordNeeded:
        print(
            "Der er endnu ingen adgangskoder i databasen. Vælg administratorens adgangskode "
            f"(mindst {signin.MIN_PASSWORD} tegn).",
            file=sys.stderr,
        )
        new = read_secret(args, "Ny adgangskode: ")
        again = (
            new
            if getattr(args, "password_stdin", False)
            else read_secret(args, "Gentag adgangskoden: ")
        )
        if new != again:
            raise InvalidInput("passwords differ", "De to adgangskoder er ikke ens.") from None
        return signin.set_first_password(db, name, new, clock)


def cli_ctx(args: argparse.Namespace) -> Any:
    from dosisdesk.storage.db import Database

    db = Database.open(args.db)
    try:
        what_if = bool(getattr(args, "now", None)) and not db.is_training()
        if what_if and not getattr(args, "reads_only", False):
            raise InvalidInput(
                "--now with a write on a real database",
                "--now kan ikke bruges, når noget gemmes i en rigtig database: en ændring gemmes "
                "altid på det rigtige tidspunkt. Udelad --now (kun en øvelsesdatabase kan stille "
                "uret).",
            )
        ctx = sign_in(args, db)
        ctx.what_if = what_if
    except BaseException:
        db.dispose()
        raise
    args.signed_in = ctx
    return ctx


def admin_roles() -> tuple[Any, ...]:
    from dosisdesk.domain.types import Role

    return (Role.COORDINATOR, Role.ADMINISTRATOR)


def moment(value: datetime | None, today: date | None = None) -> str:
    """A moment written as nurses write it: ``tirs. 1. dec. kl. 12.00`` (the year only when
    ``today`` is given and in another year); "" for None."""
    from dosisdesk.domain.calendar import format_moment

    return format_moment(value, today=today, with_year=today is not None) if value else ""


def day(value: date | None, today: date | None = None) -> str:
    """A day written as nurses write it: ``tirs. 1. dec.`` (the year only when ``today`` is given
    and in another year); "" for None."""
    from dosisdesk.domain.calendar import format_day

    return format_day(value, today=today, with_year=today is not None) if value else ""


#: The command line's Danish words for the program's states (the window's are in ui/texts.py).
PERIOD_STATUS_DA = {
    "planned": "planlagt",
    "locked": "låst (pakkes)",
    "not_dispensed": "ikke dispenseret",
    "packed": "pakket",
    "delivered": "leveret",
}
SEVERITY_DA = {"high": "høj", "review": "vurdér", "info": "info"}
RENEWAL_STATE_DA = {
    "sent": "anmodning sendt",
    "renewed": "fornyet",
    "rejected": "afvist",
    "cancelled": "annulleret",
}
FLAG_ACK_DA = {"intentional": "kvitteret som tilsigtet", "sent_to_doctor": "sendt til lægen"}
CONTACT_KIND_DA = {
    "admission": "indlæggelse",
    "outpatient": "ambulant",
    "acute_outpatient": "akut ambulant",
}


def change_words(kind: Any, follow_up_of_day: date | None, effective: date) -> str:
    """What a change is, in words: the kind, or for the follow-up of an acute change, the roll
    catching up ("Apoteket stopper pakningen fra rullen ons. 2. dec. (opfølgning af ...)")."""

    if follow_up_of_day is not None:
        return follow_up_text(kind, effective, follow_up_of_day)
    return CHANGE_KIND[kind]


#: The intake times as the CLI writes them.
SLOT_DA = {"morning": "morgen", "noon": "middag", "evening": "aften", "night": "nat"}
