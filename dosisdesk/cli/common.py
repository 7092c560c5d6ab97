"""What every command shares: moments and dates parsed, output as text or JSON, the context."""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from dosisdesk.domain.errors import DosisError, InvalidInput
from dosisdesk.words import CHANGE_KIND, Labels, follow_up_text, say


def parse_now(text: str) -> datetime:
    from dosisdesk.domain.calendar import parse_moment

    return parse_moment(text)


def parse_date(text: str) -> date:
    from dosisdesk.domain.invariants import check_day, shown

    try:
        day = date.fromisoformat(text)
    except ValueError as e:
        raise InvalidInput("cli.common.not_a_date", text=shown(text)) from e
    return check_day(day)


E = TypeVar("E", bound=enum.Enum)


def choice(kind: type[E], text: str, refusal: Callable[[], DosisError]) -> E:
    """The member of ``kind`` whose value is ``text`` (an option such as ``--kind``,
    ``--state``); else the error ``refusal()`` makes is raised (one line naming what it takes)."""
    try:
        return kind(text)
    except ValueError as e:
        raise refusal() from e


def at_or_now(ctx: Any, text: str | None) -> datetime:
    """The moment an option gives (ISO-8601, ``--at``, ``--from``), or now when it is left out."""
    return parse_now(text) if text else ctx.now()


def subcommands(sub: Any, noun: str, help_: str) -> Any:
    """The command ``dosisdesk NOUN VERB ...``: its verbs (``add_parser`` on what this returns),
    one of them required; the verb given is ``args.NOUN_command`` (what ``reads_only`` reads)."""
    return sub.add_parser(noun, help=help_).add_subparsers(dest=f"{noun}_command", required=True)


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


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str], empty: str | None = None) -> str:
    """``rows`` under ``headers`` in aligned columns; ``empty`` instead when there are no rows
    and it is given ("Ingen leveringssvigt.")."""
    if not rows and empty is not None:
        return empty
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
        raise InvalidInput("cli.common.no_terminal")
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
        raise InvalidInput("cli.common.system_user")
    method = signin.method_for(db)
    if method != "password":
        return signin.sign_in(db, args.user, clock=clock)
    name = args.user
    if not name:
        if not sys.stdin.isatty():
            raise InvalidInput("cli.common.no_user_name")
        name = input(say("signin.user_name"))
    password = read_secret(args, say("signin.password"))
    try:
        return signin.sign_in(db, name, password, clock=clock)
    except signin.PasswordNeeded:
        print(say("signin.first_password", min=signin.MIN_PASSWORD), file=sys.stderr)
        new = read_secret(args, say("signin.new_password"))
        again = (
            new
            if getattr(args, "password_stdin", False)
            else read_secret(args, say("signin.repeat_password"))
        )
        if new != again:
            raise InvalidInput("cli.common.passwords_differ") from None
        return signin.set_first_password(db, name, new, clock)


def cli_ctx(args: argparse.Namespace) -> Any:
    from dosisdesk.storage.db import Database

    db = Database.open(args.db)
    try:
        what_if = bool(getattr(args, "now", None)) and not db.is_training()
        if what_if and not getattr(args, "reads_only", False):
            raise InvalidInput("cli.common.now_on_real_database")
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


#: The command line's names for the program's states (``cli_*`` groups of the word tables; the
#: window's are in ui/texts.py).
PERIOD_STATUS = Labels("cli_period_status")
SEVERITY = Labels("severity")
RENEWAL_STATE = Labels("cli_renewal_state")
FLAG_ACK = Labels("cli_flag_ack")
CONTACT_KIND = Labels("cli_contact_kind")


def change_words(kind: Any, follow_up_of_day: date | None, effective: date) -> str:
    """What a change is, in words: the kind, or for the follow-up of an acute change, the roll
    catching up ("Apoteket stopper pakningen fra rullen ons. 2. dec. (opfølgning af ...)")."""

    if follow_up_of_day is not None:
        return follow_up_text(kind, effective, follow_up_of_day)
    return CHANGE_KIND[kind]


#: The intake times as the CLI writes them.
SLOT = Labels("slot")
