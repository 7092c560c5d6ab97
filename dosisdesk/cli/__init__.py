"""The command line: the same services the GUI uses, scriptable, with ``--json`` for machines.

Exit codes: 0 done; 2 bad input, a rule said no, a wrong database address, or a database busy
or in conflict right now (one clear line on stderr, nothing changed: fix it or try again); 3 the
database broke during the work or has another schema (nothing saved halfway); 1 a bug (logged
with its traceback).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
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
from dosisdesk.words import say

#: argparse's own English messages and the Danish line each becomes (one line on stderr, exit
#: status 2), from the match of the message.
_ARGPARSE: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"the following arguments are required: (.*)"),
        lambda m: say("argparse.required", args=m[1]),
    ),
    (
        re.compile(r"unrecognized arguments: (.*)"),
        lambda m: say("argparse.unrecognized", args=m[1]),
    ),
    (
        re.compile(r"argument (\S+): invalid choice: (\S+) \(choose from (.*)\)"),
        lambda m: say("argparse.invalid_choice", arg=m[1], value=m[2], choices=m[3]),
    ),
    (
        re.compile(r"argument (\S+): invalid int value: (.*)"),
        lambda m: say("argparse.invalid_int", arg=m[1], value=m[2]),
    ),
    (
        re.compile(r"argument (\S+): expected one argument"),
        lambda m: say("argparse.expected_one", arg=m[1]),
    ),
    (
        re.compile(r"argument (\S+): not allowed with argument (\S+)"),
        lambda m: say("argparse.not_allowed_with", arg=m[1], other=m[2]),
    ),
    (
        re.compile(r"argument (\S+): ambiguous option: (.*)"),
        lambda m: say("argparse.ambiguous", arg=m[1], options=m[2]),
    ),
    (re.compile(r"argument (\S+): (.*)"), lambda m: say("argparse.other", arg=m[1], message=m[2])),
)


def _bounded_int(text: str) -> int:
    """An integer option or argument: an id or a count a database can hold (0 to 2^31-1), so
    a number above 2^63 is one Danish line, never an overflow deep inside."""
    from dosisdesk.domain.invariants import MAX_INT, shown

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            say("argparse.not_an_int", value=shown(text, 30))
        ) from None
    if not 0 <= value <= MAX_INT:
        raise argparse.ArgumentTypeError(
            say("argparse.out_of_range", value=shown(text, 30), max=MAX_INT)
        )
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
        message = re.sub(r"\b\w*command\b", say("argparse.command"), message)
        for pattern, danish in _ARGPARSE:
            match = pattern.fullmatch(message)
            if match:
                message = danish(match)
                break
        self.exit(2, say("argparse.error", prog=self.prog, message=message) + "\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(
            usage, actions, groups, say("argparse.usage") if prefix is None else prefix
        )


def _danish_help(p: argparse.ArgumentParser) -> None:
    """argparse's own headings and the help option in Danish."""
    p.formatter_class = _Formatter
    p._positionals.title = say("argparse.positionals")
    p._optionals.title = say("argparse.optionals")
    for action in p._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = say("argparse.help")


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
                "help": say("global.help.db"),
            },
        ),
        (
            "--user",
            {
                "default": default(os.environ.get("DOSISDESK_USER") or None),
                "help": say("global.help.user"),
            },
        ),
        (
            "--password-stdin",
            {
                "action": "store_true",
                "default": default(False),
                "help": say("global.help.password_stdin"),
            },
        ),
        ("--now", {"default": default(None), "help": say("global.help.now")}),
        (
            "--json",
            {"action": "store_true", "default": default(False), "help": say("global.help.json")},
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
        description=say("global.description"),
        epilog=say("global.commands"),
        formatter_class=_Formatter,
    )
    _global_options(p, after=False)
    p.add_argument("--version", action="store_true", help=say("global.help.version"))
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

        print(say("global.version", version=__version__))
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
        print(say("error", message=e.message), file=sys.stderr)
        return 3
    except StorageError as e:  # a wrong address, a busy or conflicting database: fix, try again
        print(say("error", message=e.message), file=sys.stderr)
        return 2
    except AccessDenied as e:
        # A refusal is logged (who, what was refused; never the citizen's CPR or name).
        log.warning("refused in the command line (%s): %s", args.command, e.english)
        print(say("error", message=e.message), file=sys.stderr)
        return 2
    except DosisError as e:
        where = f"{e.path}: " if e.path and e.path not in e.message else ""
        print(say("error", message=where + e.message), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(say("interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader stopped reading (``dosisdesk ... | head``): what was done stays done, and
        # what it was not shown is not an error of this program; Python's own flush at exit
        # must not fail again on the closed pipe
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # as a shell reports a program ended by SIGPIPE
    except Exception:
        log.exception("unexpected error in the command line")
        print(say("bug"), file=sys.stderr)
        return 1
