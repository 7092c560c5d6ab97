"""The command line: the same services the GUI uses, scriptable, with ``--json`` for machines.

Exit codes: 0 done; 2 bad input or a rule said no (one clear line on stderr, nothing changed);
3 the database could not be used; 1 a bug (logged with its traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from dosisdesk.cli import changes, citizens, clock, data, fmk, printing, review, supply
from dosisdesk.cli.common import Out
from dosisdesk.domain.errors import DatabaseExists, DatabaseMissing, DosisError, StorageError

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
  flags                dobbeltordinationer
  contacts             sygehuskontakter og 72-timers vinduer
  renewals             receptfornyelser
  handover / medlist   udskriv overlevering / medicinliste som PDF
  supply list|add|affected   leveringssvigt og de ramte borgere
  period list|stretch  pakkegruppens perioder; forlæng en periode over en helligdag
  user list|add|activate|deactivate|team   brugere og teams (administrator)
  audit verify|citizen revisionsloggen
  fmk read|accept|reject|status|inbox   medicinkortet fra FMK: forskelle som forslag
"""


def build_parser() -> argparse.ArgumentParser:
    import os

    p = argparse.ArgumentParser(
        prog="dosisdesk",
        description="Dosisdispensering i hjemmeplejen.",
        epilog=COMMANDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--db",
        help="database-URL eller sti til SQLite-fil "
        "(ellers DOSISDESK_DATABASE_URL, ellers datamappen)",
    )
    p.add_argument(
        "--user",
        default=os.environ.get("DOSISDESK_USER", "admin"),
        help="brugernavn handlingen udføres som (standard: admin)",
    )
    p.add_argument("--now", help="tidspunkt at regne fra, ISO-8601 (hvad-nu-hvis)")
    p.add_argument("--json", action="store_true", help="maskinlæsbart output")
    p.add_argument("--version", action="store_true", help="vis versionen")
    sub = p.add_subparsers(dest="command")
    for module in (data, citizens, changes, clock, review, supply, printing, fmk):
        module.register(sub)
    return p


def run(argv: Sequence[str]) -> int:
    from dosisdesk import __version__
    from dosisdesk.logs import setup_logging

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        print(f"dosisdesk {__version__}")
        return 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    log = setup_logging(console=False)
    out = Out(args.json)
    try:
        return int(args.func(args, out))
    except (DatabaseMissing, DatabaseExists) as e:  # the address given was wrong: bad input
        print(f"dosisdesk: {e.message}", file=sys.stderr)
        return 2
    except StorageError as e:
        print(f"dosisdesk: {e.message}", file=sys.stderr)
        return 3
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
