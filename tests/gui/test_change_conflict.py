"""The change dialog stops at a change already queued for the line and roll, shows what is
queued, and saves only after an explicit choice (replace it, or keep both)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from dosisdesk.domain.types import ChangeKind, ChangeState
from dosisdesk.services import changes
from dosisdesk.services.changes import ChangeRequest
from dosisdesk.services.context import Ctx
from dosisdesk.storage.db import Database
from dosisdesk.ui.runner import Runner
from tests.helpers.gui import count_changes
from tests.helpers.gui import open_change_dialog as open_dialog
from tests.world import World

pytestmark = pytest.mark.usefixtures("quiet_messages")


def test_a_queued_change_stops_the_dialog_until_the_nurse_chooses(
    qtbot: QtBot,
    ctx: Ctx,
    runner: Runner,
    sqlite_db: Database,
    sqlite_world: World,
) -> None:
    w = sqlite_world
    first = changes.register(
        ctx, ChangeRequest(cpr=w.anna, kind=ChangeKind.PAUSE_LINE, line_id=w.line_metformin)
    )
    d = open_dialog(qtbot, ctx, runner, w.anna, line_id=w.line_metformin)
    d.form.dose_edit.setText("2+0+1+0")
    d.form.source_combo.setEditText("Læge Lund")
    before = count_changes(sqlite_db)
    d.save_button.click()
    qtbot.waitUntil(lambda: d.conflict_box.isVisible(), timeout=5000)
    assert f"ændring {first.id}: sæt i bero" in d.banner.text()
    assert count_changes(sqlite_db) == before
    with qtbot.waitSignal(d.change_saved, timeout=5000) as saved:
        d.replace_button.click()
    assert changes.get(ctx, first.id).state is ChangeState.CANCELLED
    new = changes.get(ctx, int(saved.args[0]))
    assert new.dosage == "2+0+1+0" and new.state is ChangeState.REGISTERED
