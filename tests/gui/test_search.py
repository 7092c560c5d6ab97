"""The citizen search: typing narrows the list, Danish order, CPR with or without the dash, the
team filter, and lazy loading a page at a time."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from dosisdesk.domain.cpr import format_cpr
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage.db import Database
from dosisdesk.ui.nurse import mainwindow
from dosisdesk.ui.nurse.mainwindow import MainWindow
from dosisdesk.ui.nurse.models import CitizenListModel, ItemRole
from dosisdesk.ui.runner import Runner
from tests.conftest import NOW
from tests.gui.gui_world import GuiWorld, add_many


def names(model: CitizenListModel) -> list[str]:
    return [model.data(model.index(r, CitizenListModel.COL_NAME)) for r in range(model.rowCount())]


def type_and_wait(qtbot: QtBot, w: MainWindow, text: str) -> None:
    with qtbot.waitSignal(w.citizens.model.page_loaded, timeout=5000):
        w.citizens.search.clear()
        qtbot.keyClicks(w.citizens.search, text)


def test_search_field_has_focus_at_start(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: window.citizens.search.hasFocus() or not window.isActiveWindow())
    assert window.focusWidget() is window.citizens.search


def test_danish_order_aa_last(window: MainWindow) -> None:
    assert names(window.citizens.model) == [
        "Bent Andersen",
        "Anna Hansen",
        "Zenia Zander",
        "Else Ærø",
        "Øjvind Ærø",
        "Ole Ørum",
        "Ib Aagaard",
    ]


def test_typing_narrows_the_list(window: MainWindow, qtbot: QtBot) -> None:
    type_and_wait(qtbot, window, "ærø")
    assert names(window.citizens.model) == ["Else Ærø", "Øjvind Ærø"]
    type_and_wait(qtbot, window, "ærø el")
    assert names(window.citizens.model) == ["Else Ærø"]
    type_and_wait(qtbot, window, "nobody here")
    assert window.citizens.model.rowCount() == 0
    assert window.citizens.count.text()


def test_typing_is_debounced(window: MainWindow, qtbot: QtBot) -> None:
    """Fast typing sends one query, not one per keystroke."""
    calls: list[str] = []
    model = window.citizens.model
    inner = model._fetch
    assert inner is not None

    def spy(text: str, team: str | None, offset: int, limit: int) -> Any:
        calls.append(text)
        return inner(text, team, offset, limit)

    model.set_fetcher(spy, model._log)
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        qtbot.keyClicks(window.citizens.search, "zander")
    assert calls == ["zander"]
    assert names(model) == ["Zenia Zander"]


def test_cpr_with_and_without_dash(window: MainWindow, qtbot: QtBot, gui_world: GuiWorld) -> None:
    cpr = gui_world.names["Ørum"]
    type_and_wait(qtbot, window, format_cpr(cpr))
    assert names(window.citizens.model) == ["Ole Ørum"]
    type_and_wait(qtbot, window, cpr)
    assert names(window.citizens.model) == ["Ole Ørum"]
    type_and_wait(qtbot, window, cpr[:6])
    assert names(window.citizens.model) == ["Ole Ørum"]
    model = window.citizens.model
    idx = model.index(0, CitizenListModel.COL_CPR)
    assert model.data(idx) == format_cpr(cpr)
    assert model.data(idx, ItemRole.CprRole) == cpr


def test_team_filter(window: MainWindow, qtbot: QtBot) -> None:
    combo = window.citizens.team
    i = combo.findData("Team Syd")
    assert i >= 0
    with qtbot.waitSignal(window.citizens.model.page_loaded, timeout=5000):
        combo.setCurrentIndex(i)
    assert names(window.citizens.model) == ["Øjvind Ærø"]


def test_nurse_sees_only_her_team(qtbot: QtBot, sqlite_db: Database, gui_world: GuiWorld) -> None:
    from dosisdesk.services.users import database_info, list_teams

    ctx = open_ctx(sqlite_db, "sygpl", fixed_clock(NOW))
    w = MainWindow()
    qtbot.addWidget(w)
    w.set_database(sqlite_db.url, database_info(sqlite_db))
    with qtbot.waitSignal(w.citizens.model.page_loaded, timeout=5000):
        w.set_session(ctx, list_teams(sqlite_db), "Team Nord", None)
    assert not w.citizens.team.isEnabled()
    assert "Øjvind Ærø" not in names(w.citizens.model)
    assert "Anna Hansen" in names(w.citizens.model)
    qtbot.waitUntil(lambda: w.runner.idle)


def test_choosing_a_citizen_loads_the_card(window: MainWindow, qtbot: QtBot) -> None:
    type_and_wait(qtbot, window, "anna")
    with qtbot.waitSignal(window.card.card_loaded, timeout=5000):
        qtbot.keyClick(window.citizens.search, Qt.Key.Key_Return)
        qtbot.keyClick(window.citizens.view, Qt.Key.Key_Return)
    assert window.card.card_view is not None
    assert window.card.card_view.citizen.name == "Anna Hansen"
    assert "Anna Hansen" in window.windowTitle()
    assert window.act_new.isEnabled()


def test_lazy_loading_a_page_at_a_time(
    qtbot: QtBot, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    add_many(sqlite_db, 250, gui_world.world.team_nord)
    ctx = open_ctx(sqlite_db, "koord", fixed_clock(NOW))
    runner = Runner()
    seen: list[tuple[int, int]] = []

    def fetch(text: str, team: str | None, offset: int, limit: int) -> Any:
        from dosisdesk.services.search import search_citizens

        seen.append((offset, limit))
        return search_citizens(ctx, text, team=team, limit=limit, offset=offset)

    model = CitizenListModel(runner, fetch, page_size=100)
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_query("", None)
    assert model.rowCount() == 100
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 200
    assert not model.canFetchMore(QModelIndex()) or model.rowCount() == 200
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.fetchMore(QModelIndex())
    total = 7 + 250
    assert model.rowCount() == total
    assert not model.canFetchMore(QModelIndex())
    assert seen == [(0, 100), (100, 100), (200, 100)]
    assert all(limit <= 100 for _, limit in seen)
    qtbot.waitUntil(lambda: runner.idle)


def test_scrolling_the_view_fetches_more(
    window: MainWindow, qtbot: QtBot, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    add_many(sqlite_db, 250, gui_world.world.team_nord)
    model = window.citizens.model
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_query("", None)
    assert model.rowCount() == 100
    view = window.citizens.view
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        view.scrollToBottom()
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    assert model.rowCount() == 200


def test_busy_shows_only_for_slow_work(window: MainWindow, qtbot: QtBot, monkeypatch: Any) -> None:
    """A search of a few milliseconds leaves the cursor and the status bar alone; work that
    lasts shows "Working…" and the busy cursor until it is done."""
    import threading

    from PySide6.QtWidgets import QApplication

    shown: list[str] = []
    set_text = window.busy_label.setText

    def record(text: str) -> None:
        shown.append(text)
        set_text(text)

    monkeypatch.setattr(window.busy_label, "setText", record)
    type_and_wait(qtbot, window, "ærø")
    qtbot.wait(mainwindow.BUSY_SHOW_MS + 100)
    assert shown == []
    assert QApplication.overrideCursor() is None

    release = threading.Event()
    done: list[object] = []
    window.runner.run(lambda: release.wait(10), done.append)
    qtbot.waitUntil(lambda: window.busy_label.text() != "", timeout=3000)
    assert QApplication.overrideCursor() is not None
    release.set()
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert window.busy_label.text() == ""
    assert QApplication.overrideCursor() is None
    assert shown == [window.tr("Working…"), ""]


def test_enter_before_the_new_page_never_opens_a_row_of_the_last_search(
    window: MainWindow, qtbot: QtBot, gui_world: GuiWorld
) -> None:
    """A CPR number typed and Enter pressed at once: the last search's rows stay on screen until
    the new page replaces them (one reset, no empty list in between), but neither Enter in the
    field nor Enter or a click in the list opens one of them; the new page's first row is
    selected, and its card opened, when it comes."""
    type_and_wait(qtbot, window, "a")
    model = window.citizens.model
    assert model.rowCount() > 1
    inner = model._fetch
    assert inner is not None
    release = threading.Event()

    def slow(text: str, team: str | None, offset: int, limit: int) -> Any:
        release.wait(10)
        return inner(text, team, offset, limit)

    model.set_fetcher(slow, model._log)
    chosen: list[Any] = []
    window.citizens.citizen_chosen.connect(chosen.append)
    window.citizens.search.setText(gui_world.names["Ørum"])
    qtbot.keyClick(window.citizens.search, Qt.Key.Key_Return)
    assert model.replacing and model.rowCount() > 1  # the last search's rows, still shown
    assert not window.citizens.view.selectionModel().hasSelection()
    qtbot.keyClick(window.citizens.view, Qt.Key.Key_Return)
    qtbot.mouseClick(
        window.citizens.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.citizens.view.visualRect(model.index(1, 0)).center(),
    )
    qtbot.wait(mainwindow.SELECT_DEBOUNCE_MS + 100)
    assert chosen == []
    with qtbot.waitSignal(window.card.card_loaded, timeout=5000):
        release.set()
    assert names(model) == ["Ole Ørum"]
    assert [row.name for row in chosen if row is not None] == ["Ole Ørum"]
    assert window.card.card_view is not None
    assert window.card.card_view.citizen.name == "Ole Ørum"
