"""Every list the citizen search shows is in the audit chain: one sealed entry per page, naming
exactly the citizens on it, in the order the pages were shown. The window shows a page first and
writes its entry right after, on its audit writer (a keystroke does not wait for the log's
commit); closing the window and signing out wait for the entries still being written."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from dosisdesk.services import audit, search
from dosisdesk.services.context import Ctx
from dosisdesk.services.search import CitizenRow
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from dosisdesk.ui.nurse.mainwindow import MainWindow
from tests.gui.gui_world import GuiWorld, add_many
from tests.gui.test_search import type_and_wait
from tests.helpers.gui import run_program


def logged_pages(db: Database) -> list[list[int]]:
    """The citizens of each search entry in the chain, in chain order."""
    with db.read() as s:
        afters = s.scalars(
            select(m.AuditEntry.after)
            .where(m.AuditEntry.action == "search.read")
            .order_by(m.AuditEntry.seq)
        ).all()
    return [json.loads(a)["citizens"] for a in afters if a is not None]


def shown(w: MainWindow, first: int = 0) -> list[int]:
    model = w.citizens.model
    return sorted(model.citizen(r).id for r in range(first, model.rowCount()))


def open_window(qtbot: QtBot, db: Database, ctx: Ctx) -> MainWindow:
    from dosisdesk.services.users import database_info, list_teams

    w = MainWindow()
    w.set_database(db.url, database_info(db))
    w.show()
    with qtbot.waitSignal(w.citizens.model.page_loaded, timeout=10_000):
        w.set_session(ctx, list_teams(db), None, None)
    return w


def test_every_page_shown_is_logged_in_the_order_shown(
    window: MainWindow, qtbot: QtBot, sqlite_db: Database, koord: Ctx
) -> None:
    window.wait_idle()
    before = logged_pages(sqlite_db)
    assert before and before[-1] == shown(window)  # the first page, at sign-in
    pages = []
    for text in ("ærø", "anna", "ørum", "a"):
        type_and_wait(qtbot, window, text)
        pages.append(shown(window))
    window.wait_idle()
    assert logged_pages(sqlite_db)[len(before) :] == pages
    assert audit.verify_db(sqlite_db).ok
    looked = audit.who_looked(koord, pages[1][0])
    assert sum(r.action == "search.read" for r in looked) >= 2  # at sign-in and for "anna"


def test_a_page_fetched_while_scrolling_is_logged_as_it_shows(
    window: MainWindow, qtbot: QtBot, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    add_many(sqlite_db, 150, gui_world.world.team_nord)
    model = window.citizens.model
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_query("", None)
    first = shown(window)
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.fetchMore(QModelIndex())
    second = shown(window, first=100)
    assert len(first) == 100 and second
    window.wait_idle()
    assert logged_pages(sqlite_db)[-2:] == [first, second]


def test_a_page_shown_right_before_the_window_closes_is_logged(
    qtbot: QtBot,
    sqlite_db: Database,
    koord: Ctx,
    gui_world: GuiWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The entry is still being written when the window closes (a slow disk): closing waits."""
    real = search.log_shown
    started: list[float] = []

    def slow(ctx: Ctx, rows: Sequence[CitizenRow]) -> None:
        started.append(time.monotonic())
        time.sleep(0.3)
        real(ctx, rows)

    w = open_window(qtbot, sqlite_db, koord)
    w.wait_idle()
    monkeypatch.setattr(search, "log_shown", slow)
    type_and_wait(qtbot, w, "ørum")
    page = shown(w)
    assert page
    w.close()
    assert started, "the page's entry was handed to the audit writer when it showed"
    assert logged_pages(sqlite_db)[-1] == page
    w.deleteLater()


def test_an_entry_that_cannot_be_written_is_not_silent(
    window: MainWindow, qtbot: QtBot, sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page was shown; when its entry cannot be written, the user is told (and the program
    log says why), never nothing."""
    from dosisdesk.domain.errors import StorageError
    from dosisdesk.ui.messages import bridge

    def broken(ctx: Ctx, rows: Sequence[CitizenRow]) -> None:
        raise StorageError("disk full", "Disken er fuld. Kontakt IT.")

    window.wait_idle()
    monkeypatch.setattr(search, "log_shown", broken)
    bridge.history.clear()
    type_and_wait(qtbot, window, "anna")
    # the page is handed to the audit writer once the list has painted it
    qtbot.waitUntil(lambda: any("Disken er fuld" in msg.text for msg in bridge.history))


@pytest.mark.slow
def test_the_program_quitting_right_after_the_list_shows_logs_it(
    tmp_path: Path, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    """``--exit-when-ready`` quits the moment the first page is painted; the page's entry is
    still being written then (slowed down here) and the program waits for it before it ends."""
    before = len(logged_pages(sqlite_db))
    probe = (
        "import json, time\n"
        "from dosisdesk.services import search\n"
        "real, seen = search.log_shown, {}\n"
        "def slow(ctx, rows):\n"
        "    time.sleep(0.5)\n"
        "    real(ctx, rows)\n"
        "    seen['written'] = time.monotonic()\n"
        "search.log_shown = slow\n"
        "from dosisdesk.app import main\n"
        f"code = main(['--db', {sqlite_db.url!r}, '--user', 'koord', "
        "'--now', '2026-11-22T10:00', '--exit-when-ready'])\n"
        "print(json.dumps({'code': code, 'written': seen.get('written'), "
        "'returned': time.monotonic()}))\n"
    )
    proc = run_program(tmp_path, probe)
    seen = json.loads(proc.stdout.splitlines()[-1])
    assert seen["code"] == 0
    assert seen["written"] is not None and seen["written"] <= seen["returned"]
    pages = logged_pages(sqlite_db)[before:]
    assert len(pages) == 1 and pages[0]
    assert audit.verify_db(sqlite_db).ok
