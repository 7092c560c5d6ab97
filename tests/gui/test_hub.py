"""What a write changed is said in one place: the hub's constructors, one per kind of write, so
sibling actions (the desk's and the nurse's inbox, save and confirm) cannot say different things
and leave a view unrefreshed."""

from __future__ import annotations

import ast
from pathlib import Path

import dosisdesk
from dosisdesk.ui.hub import Changed

PACKAGE = Path(dosisdesk.__file__).resolve().parent


def test_only_the_hub_spells_out_what_a_write_changed() -> None:
    spelled = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "ui" / "hub.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Changed"
            ):
                spelled.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not spelled, "use (or add) a constructor on ui.hub.Changed: " + ", ".join(spelled)


def test_a_message_and_a_change_refresh_what_their_siblings_refresh() -> None:
    # sent from the compose form, or fetched from the inbox by the nurse or the desk: the same
    assert Changed.correspondence(7) == Changed(frozenset({7}), flags=True)
    # a proposal from FMK accepted becomes a change: the card, the queue, flags and renewals
    assert Changed.fmk_proposal(3) == Changed.change(3)
