"""The command line: the same services the GUI uses, scriptable, with ``--json`` for machines.

Exit codes: 0 done; 2 bad input, a rule said no, a wrong database address, or a database busy
or in conflict right now (one clear line on stderr, nothing changed: fix it or try again); 3 the
database broke during the work or has another schema (nothing saved halfway); 1 a bug (logged
with its traceback).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from dosisdesk.cli import (
    changes,
    citizens,
    clock,
    contact,
    data,
    flag,
    fmk,
    handling,
    medcom,
    pausing,
    printing,
    renewal,
    review,
    security,
    supply,
)
from dosisdesk.cli.common import Out
from dosisdesk.domain.errors import (
    AccessDenied,
    DatabaseLost,
    DosisError,
    SchemaMismatch,
    StorageError,
)

COMMANDS_HELP = """\
kommandoer:
  demo                 fyld en tom database med demodata
  db init [--training] opret en ny, tom database (--training: en øvelsesdatabase)
  db upgrade|current   opgradér skemaet (PostgreSQL: administratoren) / vis version
  import FIL           indlæs et udtræk (alt eller intet)
  export FIL           skriv et udtræk (uden privatmarkerede linjer)
  search TEKST         find borgere (CPR eller navn)
  card CPR             kortet nu og i de kommende perioder
  change add|confirm|cancel|show
  queue                ændringskøen på tværs af borgere
  advance              før køen frem til nu (kører også ved start og før hver skrivning)
  pause CPR / resume CPR  sæt dosisdispenseringen i bero / genoptag (manuelle dage)
  handling done|list   kvittér for akutte håndteringer (poser) / vis de åbne
  flags                dobbeltordinationer
  flag ack|sent|history   kvittér en dobbeltordination, send den til lægen, historik
  contacts             sygehuskontakter og 72-timers vinduer
  contact admit|outpatient|acute-outpatient|discharge|extend   registrér en sygehuskontakt
  renewals             receptfornyelser
  renewal request|renewed|reject|cancel   receptanmodninger
  handover / medlist   udskriv overlevering / medicinliste som PDF
  supply list|add|affected   leveringssvigt og de ramte borgere
  period list|stretch  pakkegruppens perioder; forlæng en periode over en helligdag
  user list|add|activate|deactivate|team   brugere og teams (administrator)
  audit verify|citizen revisionsloggen
  fmk read|accept|reject|status|inbox   medicinkortet fra FMK: forskelle som forslag
  password             skift din adgangskode (administrator: --for BRUGER)
  roles                PostgreSQL: roller, rettigheder og rækkesikkerhed (IT)
  glass open|list|reviewed   nødadgang til en borger uden for eget team (med grund)
  backup FIL / restore FIL   sikkerhedskopi af databasen / læg en kopi tilbage i en tom database
  medcom new|inbox|thread|setup|address   korrespondance med læge og sygehus (MedCom)

Fælles tilvalg (--db, --user, --now, --json) kan også stå efter kommandoen.
"""

#: argparse's own English messages, in Danish (one line on stderr, exit status 2).
_ARGPARSE_DA = (
    (re.compile(r"the following arguments are required: (.*)"), "mangler: {0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "ukendte argumenter: {0}"),
    (
        re.compile(r"argument (\S+): invalid choice: (\S+) \(choose from (.*)\)"),
        "{0}: ukendt valg {1} (vælg mellem {2})",
    ),
    (re.compile(r"argument (\S+): invalid int value: (.*)"), "{0}: {1} er ikke et heltal"),
    (re.compile(r"argument (\S+): expected one argument"), "{0}: mangler en værdi"),
    (
        re.compile(r"argument (\S+): not allowed with argument (\S+)"),
        "{0} kan ikke bruges sammen med {1}",
    ),
    (re.compile(r"argument (\S+): ambiguous option: (.*)"), "{0}: tvetydigt tilvalg: {1}"),
    (re.compile(r"argument (\S+): (.*)"), "{0}: {1}"),
)


def _bounded_int(text: str) -> int:
    """An integer option or argument: an id or a count a database can hold (0 to 2^31-1), so
    a number above 2^63 is one Danish line, never an overflow deep inside."""
    from dosisdesk.domain.invariants import MAX_INT, shown

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shown(text, 30)} er ikke et heltal") from None
    if not 0 <= value <= MAX_INT:
        raise argparse.ArgumentTypeError(f"{shown(text, 30)} er ikke et tal fra 0 til {MAX_INT}")
    return value


def _bound_integers(p: argparse.ArgumentParser) -> None:
    """Every ``type=int`` of every (sub)command takes :func:`_bounded_int`."""
    for action in p._actions:
        if action.type is int:
            action.type = _bounded_int
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _bound_integers(child)


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad command lines as one Danish line (and the usage only on
    ``--help``)."""

    def error(self, message: str) -> NoReturn:
        message = re.sub(r"\b\w*command\b", "kommando", message)
        for pattern, danish in _ARGPARSE_DA:
            match = pattern.fullmatch(message)
            if match:
                message = danish.format(*match.groups())
                break
        self.exit(2, f"{self.prog}: {message} (se {self.prog} --help)\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "brug: " if prefix is None else prefix)


def _danish_help(p: argparse.ArgumentParser) -> None:
    """argparse's own headings and the help option in Danish."""
    p.formatter_class = _Formatter
    p._positionals.title = "argumenter"
    p._optionals.title = "tilvalg"
    for action in p._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = "vis denne hjælp"


def _global_options(p: argparse.ArgumentParser, *, after: bool) -> None:
    """The options every command shares. ``after``: the copy a subcommand accepts, whose
    defaults are suppressed so it only overrides what is given there."""
    import os

    def default(value: object) -> object:
        return argparse.SUPPRESS if after else value

    options: list[tuple[str, dict[str, object]]] = [
        (
            "--db",
            {
                "default": default(None),
                "help": "database-URL eller sti til SQLite-fil "
                "(ellers DOSISDESK_DATABASE_URL, ellers datamappen)",
            },
        ),
        (
            "--user",
            {
                "default": default(os.environ.get("DOSISDESK_USER") or None),
                "help": "brugernavn; i en øvelsesdatabase handles der som denne bruger "
                "(standard admin), ellers kun dig selv (styresystemets konto, databaserollen "
                "eller med adgangskode)",
            },
        ),
        (
            "--password-stdin",
            {
                "action": "store_true",
                "default": default(False),
                "help": "læs adgangskoden fra standard-input (ellers spørges der i terminalen)",
            },
        ),
        ("--now", {"default": default(None), "help": "tidspunkt at regne fra, ISO-8601"}),
        (
            "--json",
            {"action": "store_true", "default": default(False), "help": "maskinlæsbart output"},
        ),
    ]
    for option, kwargs in options:
        if option not in p._option_string_actions:
            p.add_argument(option, **kwargs)  # type: ignore[arg-type]


def _globals_after_subcommands(p: argparse.ArgumentParser) -> None:
    """``dosisdesk queue --json`` works like ``dosisdesk --json queue``: every (sub)command
    accepts the global options too."""
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _global_options(child, after=True)
                _danish_help(child)
                _globals_after_subcommands(child)


#: The commands that only read (and log what they showed). On a real database only these take
#: ``--now``, as a what-if look that stores nothing; every other command saves at the real time.
READS = {
    ("search",),
    ("card",),
    ("queue",),
    ("change", "show"),
    ("flags",),
    ("flag", "history"),
    ("contacts",),
    ("renewals",),
    ("handling", "list"),
    ("period", "list"),
    ("supply", "list"),
    ("supply", "affected"),
    ("handover",),
    ("medlist",),
    ("export",),
    ("audit", "verify"),
    ("audit", "citizen"),
    ("fmk", "read"),
    ("fmk", "status"),
    ("user", "list"),
    ("glass", "list"),
    ("medcom", "thread"),
}


def reads_only(args: argparse.Namespace) -> bool:
    """Whether the command line only reads (see :data:`READS`)."""
    command = args.command
    sub = getattr(args, f"{command}_command", None) if command else None
    if command == "period" and sub == "stretch":
        return bool(getattr(args, "preview", False))
    return (command,) in READS or (command, sub) in READS


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="dosisdesk",
        description="Dosisdispensering i hjemmeplejen.",
        epilog=COMMANDS_HELP,
        formatter_class=_Formatter,
    )
    _global_options(p, after=False)
    p.add_argument("--version", action="store_true", help="vis versionen")
    sub = p.add_subparsers(dest="command")
    for module in (
        data,
        citizens,
        changes,
        clock,
        handling,
        review,
        supply,
        pausing,
        contact,
        flag,
        renewal,
        printing,
        fmk,
        security,
        medcom,
    ):
        module.register(sub)
    _danish_help(p)
    _globals_after_subcommands(p)
    _bound_integers(p)
    return p


def run(argv: Sequence[str]) -> int:
    from dosisdesk.logs import setup_logging

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, or a bad command line (one Danish line already printed)
        return e.code if isinstance(e.code, int) else 2
    if args.version:
        from dosisdesk import __version__  # the installed package's metadata: only when asked

        print(f"dosisdesk {__version__}")
        return 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    log = setup_logging(console=False)
    out = Out(args.json)
    args.reads_only = reads_only(args)
    from dosisdesk import outfile

    outfile.sweep()  # a temporary file an interrupted export or print left behind
    try:
        code = int(args.func(args, out))
        ctx = getattr(args, "signed_in", None)
        if ctx is not None:
            from dosisdesk.services.audit import maybe_checkpoint

            maybe_checkpoint(ctx.db)
            ctx.db.dispose()  # closed now: the program may end without tearing down
        return code
    except (DatabaseLost, SchemaMismatch) as e:  # broke during the work, or an admin must act
        print(f"dosisdesk: {e.message}", file=sys.stderr)
        return 3
    except StorageError as e:  # a wrong address, a busy or conflicting database: fix, try again
        print(f"dosisdesk: {e.message}", file=sys.stderr)
        return 2
    except AccessDenied as e:
        # A refusal is logged (who, what was refused; never the citizen's CPR or name).
        log.warning("refused in the command line (%s): %s", args.command, e.english)
        print(f"dosisdesk: {e.message}", file=sys.stderr)
        return 2
    except DosisError as e:
        where = f"{e.path}: " if e.path and e.path not in e.message else ""
        print(f"dosisdesk: {where}{e.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dosisdesk: afbrudt", file=sys.stderr)
        return 130
    except Exception:
        log.exception("unexpected error in the command line")
        print(
            "dosisdesk: der opstod en programfejl; detaljer står i logfilen. Intet er gemt "
            "halvt: ændringen er rullet tilbage.",
            file=sys.stderr,
        )
        return 1
