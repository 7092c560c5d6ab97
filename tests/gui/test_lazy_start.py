"""Start-up pays only for the first screen (issue #10): the coordinator's desk is built when first
opened, the card's table works its texts out once per load, not per repaint, and the program
started until the list shows has loaded nothing the first screen does not need."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from dosisdesk.storage.db import Database
from dosisdesk.ui.nurse.models import CardLinesModel
from tests.gui.gui_world import GuiWorld
from tests.helpers.gui import run_program

#: What the first screen (the window, the signed-in user's list) must not load: the desk and its
#: charts, the printed pages, FMK/MedCom/extract files, demo data, the migrations, (on SQLite)
#: SQLAlchemy's PostgreSQL dialect, the card and its tabs before a citizen is opened, the dialogs,
#: the sign-in dialog when no one is asked, the command line, and the services of none of these.
NOT_AT_START = (
    "PySide6.QtCharts",
    "PySide6.QtPdf",
    "PySide6.QtPrintSupport",
    "alembic",
    "mako",
    "pygments",
    "lxml",
    "argon2",
    "stdnum",
    "sqlalchemy.dialects.postgresql",
    "dosisdesk.ui.desk",
    "dosisdesk.reports",
    "dosisdesk.interop",
    "dosisdesk.demo",
    "PySide6.QtSvg",
    "PySide6.QtNetwork",
    "reportlab",
    "fhir",
    "dosisdesk.ui.nurse.card",  # card, card_tabs, card_views
    "dosisdesk.ui.nurse.hospital",
    "dosisdesk.ui.nurse.fmk",
    "dosisdesk.ui.nurse.correspondence",
    "dosisdesk.ui.dialogs",
    "dosisdesk.ui.signin",
    "dosisdesk.ui.help",
    "dosisdesk.ui.widgets.forms",
    "dosisdesk.cli",
    "dosisdesk.services.cards",
    "dosisdesk.services.medlist",
    "dosisdesk.services.handover",
    "dosisdesk.services.exchange",
    "dosisdesk.services.backup",
    "dosisdesk.services.fmk",
    "dosisdesk.storage.bulk",
    "dosisdesk.storage.handover",
)


#: What the list shown needs not (issue #10, memory with the list open): opening the database,
#: signing in, the first page with its marks and its audit entry run on SQLAlchemy's Core and the
#: tables (storage/core.py, storage/tables.py); the ORM and the mapped classes (10 MB) load with
#: the first screen that uses them. Nor Qt's SVG module (1.1 MB): the style sheet's arrows are
#: PNGs (tools/render_arrows.py). Nor the English sentences (words/__init__.py): the list is
#: read in Danish, and English is for the log, when something is logged.
NOT_WITH_THE_LIST = (
    "sqlalchemy.orm",
    "dosisdesk.storage.models",
    *(f"dosisdesk.words.{kind}_en" for kind in ("errors", "labels", "phrases", "paper", "cli")),
)


@pytest.mark.slow
def test_the_program_until_the_list_shows_loads_only_the_first_screen(
    tmp_path: Path, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    """One start, looked at twice: when the list is ready (what its memory holds) and when the
    program has ended (what it loaded at all, the queue clock's first run included)."""
    probe = (
        "import gc, json, linecache, sys\n"
        "from PySide6.QtWidgets import QApplication, QMainWindow\n"
        "from dosisdesk import app\n"
        "from dosisdesk.ui import keys\n"
        f"watched = {NOT_WITH_THE_LIST!r}\n"
        "at = {}\n"
        "report = app.ReadyExit._report\n"
        "def at_ready(self):\n"
        "    at['ready'] = sorted(m for m in sys.modules if m.startswith(watched))\n"
        "    at['svg'] = 'libQt6Svg' in open('/proc/self/maps').read()\n"
        "    report(self)\n"
        "app.ReadyExit._report = at_ready\n"
        f"code = app.main(['--db', {sqlite_db.url!r}, '--user', 'koord', "
        "'--now', '2026-11-22T10:00', '--exit-when-ready'])\n"
        "print(json.dumps({'code': code, 'at': at, 'modules': sorted(sys.modules), "
        "'sources_kept': sorted(linecache.cache), 'frozen': gc.get_freeze_count(), "
        "'guard': keys._guard is not None, 'buddies': [bool(w.property('dosisdeskBuddies')) "
        "for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)]}))\n"
    )
    proc = run_program(tmp_path, probe)
    lines = proc.stdout.splitlines()
    assert lines[0] == "ready, search focused"
    seen = json.loads(lines[-1])
    assert seen["code"] == 0
    # when the list shows, with its marks: no ORM, no mapped classes, no Qt SVG (the combo
    # box's arrow painted from a PNG)
    assert seen["at"] == {"ready": [], "svg": False}
    loaded = [m for m in seen["modules"] if m.startswith(NOT_AT_START)]
    assert loaded == []
    # PySide6 asks of every module imported after it whether it uses PySide6; the answer is
    # read from the file (ui/pyside_fix.py), not kept line by line for the life of the process
    kept = [f.replace(os.sep, "/") for f in seen["sources_kept"] if f.endswith(".py")]
    assert not [f for f in kept if "/sqlalchemy/" in f or "/dosisdesk/s" in f]  # services, storage
    # what start-up made is moved out of the garbage collector's way once the list shows
    assert seen["frozen"] > 0
    # the Alt+letter guard comes once the window has painted, and the window's labels still
    # got their focusable buddies (ui/keys.py)
    assert seen["guard"] and seen["buddies"] == [True]


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


def test_the_card_is_built_when_the_first_citizen_is_opened(
    window: Any, qtbot: QtBot, gui_world: Any
) -> None:
    assert window._card is None  # signed in, list shown: the card's empty state stands in
    stand_in = window.splitter.widget(1)
    assert stand_in.objectName() == "emptyState" and stand_in.isVisible()
    assert "Ctrl+F" in stand_in.text()
    assert not window.act_new.isEnabled() and window.current_cpr() is None
    window.citizens.view.setFocus()
    with qtbot.waitSignal(window.citizens.citizen_chosen, timeout=10_000):
        window.citizens.select_row(0)  # the user picks the first name
    card = window._card
    assert card is not None and window.splitter.widget(1) is card
    qtbot.waitUntil(lambda: card.card_view is not None, timeout=10_000)
    assert window.act_new.isEnabled() and window.current_cpr() == card.cpr
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


def test_the_queue_clock_runs_at_sign_in_once_the_list_has_shown(
    qtbot: QtBot, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    from dosisdesk.services.context import fixed_clock, open_ctx
    from dosisdesk.services.users import database_info, list_teams
    from dosisdesk.ui.nurse.mainwindow import MainWindow
    from tests.conftest import NOW

    w = MainWindow()
    w.set_database(sqlite_db.url, database_info(sqlite_db))
    w.show()
    order: list[str] = []
    w.citizens.model.page_loaded.connect(lambda _n: order.append("list"))
    w.queue_clock.advanced.connect(lambda _moved: order.append("clock"))
    w.set_session(open_ctx(sqlite_db, "koord", fixed_clock(NOW)), list_teams(sqlite_db))
    qtbot.waitUntil(lambda: "clock" in order, timeout=10_000)
    assert order[:2] == ["list", "clock"]  # the clock stored its moves, after the list showed
    qtbot.waitUntil(lambda: w.runner.idle and w.queue_clock.runner.idle, timeout=10_000)
    w.close()
    w.deleteLater()
