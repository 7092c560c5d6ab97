"""``dosisdesk`` without a subcommand starts the GUI; with one, the command line.

Run as a program (``python -m dosisdesk``, the ``dosisdesk`` command: :func:`run`), the process
ends with :func:`exit_now` once the work is done and saved, without Python's teardown.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

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
        from dosisdesk.ui.pyside_fix import light_feature_scan, pin_singletons

        # before the app's own imports: PySide6 looks at every module imported after it
        # (pyside_fix says why and what the light look costs instead)
        pin_singletons()
        light_feature_scan()
        from dosisdesk.app import main as gui_main

        return int(gui_main(args))
    from dosisdesk.cli import run

    return run(args)


def exit_now(code: int) -> NoReturn:
    """End the process as Python would, less the teardown.

    Python's own exit frees every object one by one: the modules, SQLAlchemy's and Qt's
    wrappers, a full garbage collection over a heap of 100-odd MB, about a quarter of a
    second of CPU for nothing (the system takes the memory back whole). Everything that matters
    is done first, as in a normal exit: the threads Python would wait for are waited for, the
    ``atexit`` functions run (the log file is flushed and closed), the standard streams flushed.
    The callers have already closed the database and synced the settings."""
    current = threading.current_thread()
    for t in threading.enumerate():
        if t is not current and not t.daemon and t is not threading.main_thread():
            t.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass  # a closed pipe: nothing more can be said on it
    os._exit(code)


def run() -> NoReturn:
    """The program's entry point (``dosisdesk``, ``python -m dosisdesk``)."""
    try:
        code = main()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        if e.code is not None and not isinstance(e.code, int):
            print(e.code, file=sys.stderr)
    exit_now(code)


if __name__ == "__main__":
    run()
