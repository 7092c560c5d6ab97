"""Every package under dosisdesk/ is in pyproject's package list: one left out installs from a
wheel without it (an editable install hides the mistake)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_is_listed_in_pyproject():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "dosisdesk").rglob("__init__.py")
    }
    assert found <= listed, sorted(found - listed)
    assert listed - found == {"dosisdesk.resources"}
