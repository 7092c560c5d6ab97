"""Start-up pays only for the first screen (issue #10): the coordinator's desk is built when first
opened, and the card's table works its texts out once per load, not per repaint."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from dosisdesk.ui.nurse.models import CardLinesModel


def test_the_desk_is_built_when_first_opened(window: Any, qtbot: QtBot) -> None:
    assert window._desk is None  # signed in, list shown: no desk yet
    assert window.act_show_desk.isEnabled()
    slot = window.workspaces.widget(1)
    assert slot.objectName() == "deskPlaceholder"
    window.workspaces.setCurrentIndex(1)  # the user clicks the tab
    desk = window._desk
    assert desk is not None
    assert window.workspaces.currentWidget() is desk
    assert window.workspaces.count() == 2
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    window.workspaces.setCurrentIndex(0)
    window.act_show_desk.trigger()  # Ctrl+2 later: the same desk, not a new one
    assert window.desk is desk and window.workspaces.currentWidget() is desk
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)


def test_signing_out_drops_the_stand_in(window: Any, qtbot: QtBot) -> None:
    window.set_session(None)
    assert window.desk is None and window.workspaces.count() == 1
    assert not window.act_show_desk.isEnabled()


def test_card_cells_are_worked_out_once_per_load(
    window: Any, qtbot: QtBot, gui_world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dosisdesk.ui.nurse.models as models

    calls: list[str] = []
    real = models.parse_dosage

    def counting(text: str, **kw: Any) -> Any:
        calls.append(text)
        return real(text, **kw)

    monkeypatch.setattr(models, "parse_dosage", counting)
    with qtbot.waitSignal(window.card.day_loaded, timeout=10_000):
        window.card.show_citizen(gui_world.world.anna)
    model: CardLinesModel = window.card.card.model
    assert model.rowCount() > 0
    loaded = len(calls)
    assert loaded <= len({t for t in calls})  # each distinct dose text parsed once
    for _ in range(3):  # repaints ask for every cell again
        for row in range(model.rowCount()):
            for col in range(model.columnCount()):
                model.data(model.index(row, col))
    window.card.card.view.viewport().repaint()
    assert len(calls) == loaded
    assert model.separator_columns  # the delegate draws from data worked out at load
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
