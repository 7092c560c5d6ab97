"""Which arguments start the GUI and which the command line; how the program ends."""

import subprocess
import sys
from pathlib import Path

import pytest

from dosisdesk.__main__ import wants_gui


@pytest.mark.parametrize(
    ("args", "gui"),
    [
        ([], True),
        (["--db", "sqlite:////tmp/x.sqlite"], True),
        (["--user", "sygpl", "--now", "2026-11-22T10:00", "--demo-if-empty"], True),
        (["--screenshot", "/tmp/a.png", "--db=sqlite:////x"], True),
        (["--db", "x", "queue"], False),
        (["card", "0102031234"], False),
        (["--version"], False),
        (["--json", "--db", "x"], False),
        (["-h"], False),
    ],
)
def test_gui_or_cli(args: list[str], gui: bool) -> None:
    assert wants_gui(args) is gui


def test_the_program_ends_as_python_would_less_the_teardown(tmp_path: Path) -> None:
    """``exit_now`` (the end of ``python -m dosisdesk``): what Python does at exit that matters
    still happens: a thread still working is waited for, ``atexit`` functions run (the log file
    is flushed), buffered output reaches the pipe, and the exit code is the command's."""
    marker = tmp_path / "atexit.txt"
    log = tmp_path / "app.log"
    probe = (
        "import atexit, logging, threading, time\n"
        "from dosisdesk.__main__ import exit_now\n"
        f"atexit.register(lambda: open({str(marker)!r}, 'w').write('ran'))\n"
        f"handler = logging.FileHandler({str(log)!r}); logging.getLogger().addHandler(handler)\n"
        "logging.getLogger().warning('the last line')\n"
        "done = []\n"
        "t = threading.Thread(target=lambda: (time.sleep(0.2), done.append(1), print('thread done')))\n"
        "t.start()\n"
        "print('x' * 100_000)\n"
        "exit_now(3)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode == 3, out.stderr
    assert out.stdout.splitlines() == ["x" * 100_000, "thread done"]
    assert marker.read_text() == "ran"
    assert log.read_text().strip() == "the last line"


def test_a_refused_command_line_ends_with_its_code_and_its_danish_line() -> None:
    bad = subprocess.run(
        [sys.executable, "-m", "dosisdesk", "no-such-command"], capture_output=True, text=True
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("dosisdesk: ") and "ukendt valg" in bad.stderr


def test_a_reader_that_stops_reading_is_not_a_program_error(tmp_path: Path) -> None:
    """``dosisdesk --json search "" | head``: the reader closes the pipe before the list is
    written. The command ends with the shell's code for a closed pipe (141), says nothing of
    a program error, and writes no traceback; what it did (the list's audit entry) stays done."""
    db = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    made = subprocess.run(
        [sys.executable, "-m", "dosisdesk", "--db", db, "demo", "--citizens", "40"],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    with subprocess.Popen(
        [sys.executable, "-m", "dosisdesk", "--db", db, "--user", "admin", "--json", "search", ""],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as p:
        assert p.stdout is not None and p.stderr is not None
        p.stdout.close()  # the reader is gone before a line is written (more than a pipe holds)
        err = p.stderr.read().decode()
        code = p.wait(timeout=60)
    assert code == 141, err
    assert err == ""
