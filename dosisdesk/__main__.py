"""``dosisdesk`` with no arguments starts the GUI; with a subcommand, the command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    gui_flags = {"--screenshot", "--demo-if-empty"}
    if not args or (
        args[0].startswith("--")
        and args[0].split("=")[0] in gui_flags
        and not any(a in ("-h", "--help") for a in args)
    ):
        from dosisdesk.app import main as gui_main

        return int(gui_main(args))
    from dosisdesk.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
