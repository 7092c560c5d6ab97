"""A card opened is painted once (issue #10): its layouts, the rolls' row heights, the
stretched notes column, the scroll bars, the rich labels' text layout and the FMK tab's title
settle before the first paint, not in repaints of the same pixels after it. And the rolls'
columns are the same whatever was shown before (the drug column was fitted to the last card's
viewport, with or without its scroll bar)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QHeaderView
from pytestqt.qtbot import QtBot

from dosisdesk.ui import appearance
from dosisdesk.ui.nurse.card_views import DRUG_WIDTH, NOTES_MIN_WIDTH
from tests.gui.gui_world import GuiWorld


class _Paints(QObject):
    """The paints one widget gets (the card: it paints the ground beneath its parts, so any
    part repainted paints it too, over the part's area)."""

    def __init__(self, widget: Any) -> None:
        super().__init__()
        self.widget = widget
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _settled(window: Any, qtbot: QtBot) -> None:
    """The card's read, its FMK tab's read and whatever they set off (layouts, timers) done."""
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    qtbot.wait(250)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    qtbot.wait(100)


def _open(window: Any, qtbot: QtBot, cpr: str | None) -> None:
    if cpr == window.card.cpr:
        return  # (shown already)
    if cpr is None:
        window.card.show_citizen(None)
    else:
        with qtbot.waitSignal(window.card.day_loaded, timeout=10_000):
            window.card.show_citizen(cpr)
    _settled(window, qtbot)


def test_a_card_is_painted_once_when_it_opens(
    restore_look: QApplication, window: Any, qtbot: QtBot, gui_world: GuiWorld
) -> None:
    appearance.apply(restore_look, appearance.DEFAULT_ZOOM)  # the program's look, as it runs
    world = gui_world.world
    bent = gui_world.names["Andersen"]
    _open(window, qtbot, world.ojvind)  # (the card's parts built and shown once)
    card = window.card
    paints = _Paints(card)
    # from another card, from the empty state, cards of other heights (a paused banner, more
    # or fewer lines and periods) one after another
    for before, cpr in (
        (world.ojvind, world.anna),
        (world.anna, bent),
        (bent, world.anna),
        (None, bent),
        (None, world.anna),
        (world.ojvind, bent),
    ):
        _open(window, qtbot, before)
        paints.count = 0
        _open(window, qtbot, cpr)
        assert card.card_view is not None and card.card_view.citizen.cpr == cpr
        assert paints.count == 1, (before, cpr, paints.count)


def test_the_columns_do_not_depend_on_the_card_shown_before(
    restore_look: QApplication, window: Any, qtbot: QtBot, gui_world: GuiWorld
) -> None:
    """A window low enough that Anna's rolls need a scroll bar and a card with fewer lines
    does not: her drug column is as wide after that card as after none, and takes what the
    rolls and a readable notes column leave of the viewport as it is shown."""
    appearance.apply(restore_look, appearance.DEFAULT_ZOOM)
    world = gui_world.world
    card = window.card
    view = card.card.view
    header = view.horizontalHeader()
    _open(window, qtbot, world.anna)
    for height in range(window.height(), 200, -40):  # (the premise: her rolls need one)
        window.resize(1300, height)
        qtbot.wait(50)
        if view.verticalScrollBar().isVisible():
            break
    assert view.verticalScrollBar().isVisible()
    _open(window, qtbot, gui_world.names["Andersen"])
    assert not view.verticalScrollBar().isVisible()  # (and his card needs none)

    def widths() -> list[int]:
        return [header.sectionSize(c) for c in range(header.count())]

    seen: dict[str | None, list[int]] = {}
    for before in (None, gui_world.names["Andersen"], world.ojvind, None):
        _open(window, qtbot, before)
        _open(window, qtbot, world.anna)
        got = widths()
        model = card.card.model
        doses = sum(header.sectionSize(c) for c in range(1, model.notes_column))
        room = view.viewport().width() - doses - NOTES_MIN_WIDTH
        assert got[0] == max(180, min(DRUG_WIDTH, room)), (before, got)
        assert header.sectionResizeMode(model.notes_column) is QHeaderView.ResizeMode.Stretch
        seen[before] = got
    assert len({tuple(w) for w in seen.values()}) == 1, seen
