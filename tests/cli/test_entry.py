"""Which arguments start the GUI and which the command line."""

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
