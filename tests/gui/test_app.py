"""Start-up: the first-run dialog, demo data with progress and cancel, the user picker, errors at
start in plain Danish, and ``--screenshot``."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from dosisdesk.app import FirstRunDialog, Startup, UserPickerDialog, parse_args
from dosisdesk.storage.db import Database
from dosisdesk.ui.messages import bridge
from dosisdesk.ui.nurse.mainwindow import MainWindow
from tests.gui.gui_world import GuiWorld

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def started(qtbot: QtBot, settings: QSettings) -> Iterator[tuple[MainWindow, Startup]]:
    made: list[tuple[MainWindow, Startup]] = []

    def make(*argv: str) -> tuple[MainWindow, Startup]:
        w = MainWindow()
        w.show()
        s = Startup(w, parse_args(["--now", "2026-11-22T10:00", *argv]), settings, w)
        made.append((w, s))
        return w, s

    yield make  # type: ignore[misc]
    for w, s in made:
        qtbot.waitUntil(lambda w=w: w.runner.idle, timeout=20_000)
        if s.db is not None:
            s.db.dispose()
        w.close()
        w.deleteLater()


def test_first_run_empty_database_then_user_picker(started: object, qtbot: QtBot,
                                                   settings: QSettings) -> None:
    w, s = started()  # type: ignore[operator]
    s.start()
    dialog = s.dialog
    assert isinstance(dialog, FirstRunDialog) and dialog.isVisible()
    assert dialog.choice == FirstRunDialog.DEMO  # the default
    dialog.empty.setChecked(True)
    assert not dialog.citizens.isEnabled()
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: isinstance(s.dialog, UserPickerDialog), timeout=20_000)
    picker = s.dialog
    assert isinstance(picker, UserPickerDialog)
    assert [picker.model.user(r).username for r in range(picker.model.rowCount())] == ["admin"]
    with qtbot.waitSignal(s.ready, timeout=10_000):
        picker.buttons.accepted.emit()
    assert w.ctx is not None and w.ctx.actor.username == "admin"
    assert settings.value("session/last_user") == "admin"
    assert (Path(os.environ["DOSISDESK_DATA_DIR"]) / "dosisdesk.sqlite").exists()
    assert "SQLite" in w.db_label.text()
    assert not w.demo_label.isVisible()
    assert s.db is not None and not s.db.is_training()  # an empty database is a real one


def test_first_run_rejects_a_bad_server_address(started: object) -> None:
    _w, s = started()  # type: ignore[operator]
    s.start()
    dialog = s.dialog
    assert isinstance(dialog, FirstRunDialog)
    dialog.server.setChecked(True)
    dialog.url.setText("mysql://nope")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "postgresql://" in dialog.error.text()
    dialog.reject()


def test_first_run_demo_data_with_progress(started: object, qtbot: QtBot) -> None:
    w, s = started()  # type: ignore[operator]
    s.start()
    dialog = s.dialog
    assert isinstance(dialog, FirstRunDialog)
    dialog.citizens.setValue(20)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: isinstance(s.dialog, UserPickerDialog), timeout=60_000)
    assert s.progress is None  # closed again
    assert w.demo_label.isVisibleTo(w)  # the database is marked as a training database
    assert w.demo_label.text() == "TRAINING"
    assert s.db is not None and s.db.is_training()
    picker = s.dialog
    assert isinstance(picker, UserPickerDialog)
    assert picker.model.rowCount() > 1
    roles = {picker.model.user(r).role.value for r in range(picker.model.rowCount())}
    assert "nurse" in roles
    with (qtbot.waitSignal(w.citizens.model.page_loaded, timeout=20_000),
          qtbot.waitSignal(s.ready, timeout=10_000)):
        picker.buttons.accepted.emit()
    assert w.citizens.model.rowCount() > 0


def test_cancelling_demo_data_leaves_an_empty_database(started: object, qtbot: QtBot,
                                                       tmp_path: Path) -> None:
    _w, s = started("--db", str(tmp_path / "demo.sqlite"), "--demo-if-empty",
                   "--demo-citizens", "3000")
    s.start()
    qtbot.waitUntil(lambda: s.progress is not None, timeout=10_000)
    assert s.progress is not None
    s.progress.canceled.emit()  # what the Cancel button does
    qtbot.waitUntil(lambda: isinstance(s.dialog, UserPickerDialog), timeout=60_000)
    assert any("No demo data" in m.text for m in bridge.history)
    assert s.db is not None
    from dosisdesk.services.users import database_info

    assert database_info(s.db).citizens == 0
    assert s.dialog is not None
    s.dialog.reject()


def test_user_given_on_the_command_line(started: object, qtbot: QtBot, sqlite_db: Database,
                                        gui_world: GuiWorld) -> None:
    w, s = started("--db", sqlite_db.url, "--user", "sygpl")
    with qtbot.waitSignal(s.ready, timeout=20_000):
        s.start()
    assert s.dialog is None
    assert w.ctx is not None and w.ctx.actor.username == "sygpl"
    assert "Sif Sygeplejerske" in w.user_label.text()
    assert not w.citizens.team.isEnabled()  # a nurse sees her own team


def test_user_picker_remembers_the_last_user(started: object, qtbot: QtBot, settings: QSettings,
                                             sqlite_db: Database, gui_world: GuiWorld) -> None:
    settings.setValue("session/last_user", "koord")
    w, s = started("--db", sqlite_db.url)
    s.start()
    qtbot.waitUntil(lambda: isinstance(s.dialog, UserPickerDialog), timeout=20_000)
    picker = s.dialog
    assert isinstance(picker, UserPickerDialog)
    assert picker.username() == "koord"
    with qtbot.waitSignal(s.ready, timeout=10_000):
        picker.buttons.accepted.emit()
    assert w.ctx is not None and w.ctx.actor.username == "koord"
    # Switch user: the picker again
    w.act_switch.trigger()
    qtbot.waitUntil(lambda: isinstance(s.dialog, UserPickerDialog), timeout=20_000)
    assert s.dialog is not None
    s.dialog.reject()
    assert w.ctx is not None  # still signed in


def test_a_database_error_at_start_is_a_plain_danish_message(started: object, qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    bad = tmp_path / "not-a-database.sqlite"
    bad.write_bytes(b"this is not SQLite" * 100)
    w, s = started("--db", str(bad))
    with qtbot.waitSignal(s.failed, timeout=20_000):
        s.start()
    assert bridge.history
    msg = bridge.history[-1]
    assert msg.level == "error"
    assert msg.title == "The database cannot be opened"
    assert "ikke en dosisdesk-database" in msg.text and "Traceback" not in msg.text
    assert w.ctx is None


def test_a_mistyped_database_path_is_refused_and_nothing_is_created(
    started: object, qtbot: QtBot, tmp_path: Path
) -> None:
    wrong = tmp_path / "typo" / "dosisdesk.sqlite"
    w, s = started("--db", str(wrong))
    with qtbot.waitSignal(s.failed, timeout=20_000):
        s.start()
    msg = bridge.history[-1]
    assert msg.level == "error" and "ingen database" in msg.text
    assert not (tmp_path / "typo").exists()
    assert w.ctx is None


def test_unknown_user_is_a_plain_message(started: object, qtbot: QtBot, sqlite_db: Database,
                                         gui_world: GuiWorld) -> None:
    _w, s = started("--db", sqlite_db.url, "--user", "nobody")
    with qtbot.waitSignal(s.failed, timeout=20_000):
        s.start()
    assert "nobody" in bridge.history[-1].text


@pytest.mark.slow
def test_screenshot_option_writes_a_png(tmp_path: Path, sqlite_db: Database,
                                        gui_world: GuiWorld) -> None:
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    proc = subprocess.run(
        [sys.executable, "-m", "dosisdesk", "--screenshot", str(out), "--db", sqlite_db.url,
         "--user", "koord", "--now", "2026-11-22T10:00"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert not image.isNull()
    assert image.width() >= 1000 and image.height() >= 700
