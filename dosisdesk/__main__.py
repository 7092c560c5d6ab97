"""``dosisdesk`` without a subcommand starts the GUI; with one, the command line."""

from __future__ import annotations

import sys

#: Options of both the GUI and the CLI that take a value.
_WITH_VALUE = {"--db", "--user", "--now", "--screenshot", "--demo-citizens"}
_CLI_ONLY = {"-h", "--help", "--version", "--json"}


def wants_gui(args: list[str]) -> bool:
    """True when no subcommand (no positional word) is given and no CLI-only flag."""
    skip = False
    for a in args:
        if skip:
            skip = False
            continue
        if a in _CLI_ONLY:
            return False
        if a.startswith("--"):
            skip = "=" not in a and a in _WITH_VALUE
            continue
        return False  # a subcommand
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if wants_gui(args):
        from dosisdesk.app import main as gui_main

        return int(gui_main(args))
    from dosisdesk.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
