"""The command line in tests: a world database in a file, and the arguments of a command run
in-process at the test world's moment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dosisdesk.storage.db import Database
from tests.world import World, build_world

#: The test world's "now" as the CLI takes it (``--now``).
NOW = "2026-11-22T10:00"


def world_file(tmp_path: Path, name: str = "cli.sqlite") -> tuple[str, World]:
    """A SQLite file holding the test world (closed again, so the CLI opens it itself)."""
    url = f"sqlite:///{tmp_path / name}"
    db = Database.create(url, training=True)
    w = build_world(db)
    db.dispose()
    return url, w


def cli(url: str, *args: str, user: str = "sygpl", now: str = NOW) -> list[str]:
    """The argument list of ``dosisdesk --db URL --user USER --now NOW ARGS...``."""
    return ["--db", url, "--user", user, "--now", now, *args]


def out_json(capsys: pytest.CaptureFixture[str]) -> object:
    """What the command printed, read as JSON."""
    return json.loads(capsys.readouterr().out)
