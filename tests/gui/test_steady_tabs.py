"""The main window's workspaces are a SteadyTabWidget: a card opened (its size hints change)
must not repaint the citizen list beside it (QTabWidget repainted itself whole at every layout
request, issue #10), and the tabs must still be placed again when their own layout changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from dosisdesk.ui import appearance
from dosisdesk.ui.widgets.tabs import SteadyTabWidget
from tests.gui.gui_world import GuiWorld


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_opening_cards_does_not_repaint_the_citizen_list(
    restore_look: QApplication, window: Any, qtbot: QtBot, gui_world: GuiWorld
) -> None:
    appearance.apply(restore_look, appearance.DEFAULT_ZOOM)  # the program's look, as it runs
    world = gui_world.world
    with qtbot.waitSignal(window.card.day_loaded, timeout=10_000):  # the card is built
        window.card.show_citizen(world.ojvind)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    qtbot.wait(300)  # what the sign-in and the first card set off has settled
    paints = _Paints()
    # the list's frame and its rows (not the search panel: the search field's blinking cursor
    # paints what lies beneath it)
    for widget in (window.citizens.view, window.citizens.view.viewport()):
        widget.installEventFilter(paints)
    for cpr in (world.anna, world.ojvind, None, world.anna):
        card = window.card
        if cpr is None:  # the card's empty state, as when no citizen is chosen
            card.show_citizen(None)
        else:
            with qtbot.waitSignal(card.day_loaded, timeout=10_000):
                card.show_citizen(cpr)
        card.header.setFixedHeight(card.header.height() + 1)  # a hint changes
        qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)  # (the FMK tab's read)
        qtbot.wait(30)
    # what a page's changed size hint sends the workspaces (through the splitter)
    QCoreApplication.postEvent(window.workspaces, QEvent(QEvent.Type.LayoutRequest))
    qtbot.wait(30)
    assert window.card.card_view is not None
    assert paints.count == 0
    window.citizens.view.viewport().update()  # (the list still paints when it changes)
    qtbot.waitUntil(lambda: paints.count > 0, timeout=2000)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)


def test_the_tabs_are_placed_again_when_their_own_layout_changes(qtbot: QtBot) -> None:
    tabs = SteadyTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("one"), "A")
    tabs.resize(600, 300)
    tabs.show()
    qtbot.waitExposed(tabs)
    narrow = tabs.tabBar().width()
    tabs.setTabText(0, "A much longer title for the first workspace")
    qtbot.waitUntil(lambda: tabs.tabBar().width() > narrow, timeout=2000)
    page = tabs.widget(0)
    assert page.geometry().bottom() <= tabs.height() and page.isVisible()
    tabs.addTab(QLabel("two"), "B")
    tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: tabs.widget(1).isVisible(), timeout=2000)
    assert tabs.widget(1).geometry() == page.geometry()
