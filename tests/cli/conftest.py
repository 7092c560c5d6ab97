"""Fixtures of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import world_file
from tests.world import World


@pytest.fixture
def dbfile(tmp_path: Path) -> tuple[str, World]:
    """The test world in a SQLite file: ``(url, world)``."""
    return world_file(tmp_path)
