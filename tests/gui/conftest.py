"""GUI tests: offscreen, no modal box ever blocks, Qt warnings fail the test, QSettings and the
data folder live in the test's temporary directory."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage.db import Database
from dosisdesk.ui.messages import Message, bridge
from dosisdesk.ui.pyside_fix import pin_singletons
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets import forms
from tests.conftest import NOW
from tests.gui.gui_world import GuiWorld, build_gui_world
from tests.world import World

os.environ["QT_QPA_PLATFORM"] = "offscreen"
pin_singletons()  # PySide6 6.12.0 on CPython 3.11 leaks references to None and True


@pytest.fixture(autouse=True)
def _gc_on_the_gui_thread() -> Iterator[None]:
    """As in the app (dosisdesk/ui/gcguard.py): no garbage collection in a background thread
    while a GUI test runs; collect on this (the GUI) thread before and after."""
    gc.collect()
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture(autouse=True)
def _quiet_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    bridge.interactive = False
    bridge.history.clear()
    monkeypatch.setenv("DOSISDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DOSISDESK_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("DOSISDESK_DATABASE_URL", raising=False)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    yield
    bridge.history.clear()


@pytest.fixture
def restore_look(qapp: QApplication) -> Iterator[QApplication]:
    """Put the test application's style, palette, font and sheet back afterwards."""
    style, palette = qapp.style().name(), qapp.palette()
    font, sheet = qapp.font(), qapp.styleSheet()
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)


@pytest.fixture
def gui_world(sqlite_db: Database, sqlite_world: World) -> GuiWorld:
    return build_gui_world(sqlite_db, sqlite_world)


@pytest.fixture
def koord(sqlite_db: Database, gui_world: GuiWorld) -> Ctx:
    return open_ctx(sqlite_db, "koord", fixed_clock(NOW))


@pytest.fixture
def window(qtbot: QtBot, sqlite_db: Database, koord: Ctx, gui_world: GuiWorld) -> Iterator[object]:
    from dosisdesk.services.users import database_info, list_teams
    from dosisdesk.ui.nurse.mainwindow import MainWindow

    w = MainWindow()
    w.set_database(sqlite_db.url, database_info(sqlite_db))
    w.show()
    with qtbot.waitSignal(w.citizens.model.page_loaded, timeout=10_000):
        w.set_session(koord, list_teams(sqlite_db), None, None)
    yield w
    # Not qtbot.addWidget: pytest-qt closes those before fixtures are torn down, and a window
    # deleted with work still pending would never hear the results.
    qtbot.waitUntil(lambda: w.runner.idle, timeout=10_000)
    w.close()
    w.deleteLater()


@pytest.fixture
def quiet_messages(monkeypatch: pytest.MonkeyPatch) -> list[Message]:
    """The messages shown (none blocks), and the forms' questions answered yes; a module that
    wants it for every test says ``pytestmark = pytest.mark.usefixtures("quiet_messages")``."""
    history: list[Message] = []
    monkeypatch.setattr(bridge, "interactive", False)
    monkeypatch.setattr(bridge, "history", history)
    monkeypatch.setattr(forms, "AUTO_ANSWER", True)
    return history


@pytest.fixture
def ctx(sqlite_db: Database, sqlite_world: World) -> Ctx:
    """The hospital nurse (sygpl) on the small test world, clock at NOW."""
    return open_ctx(sqlite_db, "sygpl", fixed_clock(NOW))


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[Runner]:
    r = Runner()
    yield r
    qtbot.waitUntil(lambda: r.idle, timeout=10_000)  # deliver the last results
