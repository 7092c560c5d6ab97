"""Start-up: the first-run dialog, demo data with progress and cancel, signing in (no list of
users; the first administrator's password; a training database's demo nurse; switching user signs
out first), errors at start in plain Danish, and ``--screenshot``."""

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

from dosisdesk.app import FirstRunDialog, Startup, parse_args
from dosisdesk.storage.db import Database
from dosisdesk.ui.messages import bridge
from dosisdesk.ui.nurse.mainwindow import MainWindow
from dosisdesk.ui.signin import SignInDialog
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


def test_first_run_empty_database_then_the_administrator_sets_a_password(
    started: object, qtbot: QtBot
) -> None:
    w, s = started()  # type: ignore[operator]
    s.start()
    dialog = s.dialog
    assert isinstance(dialog, FirstRunDialog) and dialog.isVisible()
    assert dialog.choice == FirstRunDialog.DEMO  # the default
    dialog.empty.setChecked(True)
    assert not dialog.citizens.isEnabled()
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: isinstance(s.dialog, SignInDialog), timeout=20_000)
    sign = s.dialog
    assert isinstance(sign, SignInDialog)
    assert sign.first and not sign.training and sign.username.text() == "admin"
    sign.password.setText("kort")
    sign.repeat.setText("kort")
    sign.buttons.accepted.emit()
    qtbot.waitUntil(lambda: sign.error.isVisibleTo(sign), timeout=20_000)
    assert "mindst 10 tegn" in sign.error.text() and w.ctx is None
    sign.password.setText("en lang og god adgangskode")
    sign.repeat.setText("en lang og god adgangskode")
    with qtbot.waitSignal(s.ready, timeout=20_000):
        sign.buttons.accepted.emit()
    assert w.ctx is not None and w.ctx.actor.username == "admin"
    assert (Path(os.environ["DOSISDESK_DATA_DIR"]) / "dosisdesk.sqlite").exists()
    assert "SQLite" in w.db_label.text()
    assert not w.demo_label.isVisible()
    assert s.db is not None and not s.db.is_training()  # an empty database is a real one


def test_sign_in_with_a_password_never_says_whether_the_name_exists(
    started: object, qtbot: QtBot, tmp_path: Path
) -> None:
    from dosisdesk.services import signin
    from tests.storage.test_signin import real_world

    url, _w = real_world(tmp_path)
    w, s = started("--db", url)
    s.start()
    qtbot.waitUntil(lambda: isinstance(s.dialog, SignInDialog), timeout=20_000)
    sign = s.dialog
    assert isinstance(sign, SignInDialog) and not sign.training and not sign.first
    assert sign.demo_button is None
    messages = []
    for name, pw in (
        ("nobody", "whatever-123"),
        ("sygpl", "wrong-password"),
        ("gammel", "gammel-adgangskode"),
    ):
        sign.username.setText(name)
        sign.password.setText(pw)
        sign.error.hide()
        sign.buttons.accepted.emit()
        qtbot.waitUntil(lambda: sign.error.isVisibleTo(sign), timeout=20_000)
        messages.append(sign.error.text())
        assert sign.password.text() == ""
    assert messages == [signin.bad_credentials_da()] * 3
    sign.username.setText("sygpl")
    sign.password.setText("sifs-adgangskode")
    with qtbot.waitSignal(s.ready, timeout=20_000):
        sign.buttons.accepted.emit()
    assert w.ctx is not None and w.ctx.actor.username == "sygpl"


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
    qtbot.waitUntil(lambda: isinstance(s.dialog, SignInDialog), timeout=60_000)
    assert s.progress is None  # closed again
    assert w.demo_label.isVisibleTo(w)  # the database is marked as a training database
    assert w.demo_label.text() == "TRAINING"
    assert s.db is not None and s.db.is_training()
    sign = s.dialog
    assert isinstance(sign, SignInDialog)
    assert sign.training and sign.training_label.isVisibleTo(sign)
    assert "ØVELSE" in sign.training_label.text()
    assert sign.demo_button is not None  # a demo nurse, without a password, marked as such
    assert sign.demo_button.text().startswith("TRAINING:")
    with (
        qtbot.waitSignal(w.citizens.model.page_loaded, timeout=20_000),
        qtbot.waitSignal(s.ready, timeout=10_000),
    ):
        sign.demo_button.click()
    assert w.ctx is not None and w.ctx.actor.role.value == "nurse"
    assert w.citizens.model.rowCount() > 0


def test_cancelling_demo_data_leaves_an_empty_database(
    started: object, qtbot: QtBot, tmp_path: Path
) -> None:
    _w, s = started(
        "--db", str(tmp_path / "demo.sqlite"), "--demo-if-empty", "--demo-citizens", "3000"
    )
    s.start()
    qtbot.waitUntil(lambda: s.progress is not None, timeout=10_000)
    assert s.progress is not None
    s.progress.canceled.emit()  # what the Cancel button does
    qtbot.waitUntil(lambda: isinstance(s.dialog, SignInDialog), timeout=60_000)
    assert any("No demo data" in m.text for m in bridge.history)
    assert s.db is not None
    from dosisdesk.services.users import database_info

    assert not database_info(s.db).has_citizens
    assert s.dialog is not None
    s.dialog.reject()


def test_user_given_on_the_command_line(
    started: object, qtbot: QtBot, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    w, s = started("--db", sqlite_db.url, "--user", "sygpl")
    with qtbot.waitSignal(s.ready, timeout=20_000):
        s.start()
    assert s.dialog is None
    assert w.ctx is not None and w.ctx.actor.username == "sygpl"
    assert "Sif Sygeplejerske" in w.user_label.text()
    assert not w.citizens.team.isEnabled()  # a nurse sees her own team


def test_switching_user_signs_out_first(
    started: object, qtbot: QtBot, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    w, s = started("--db", sqlite_db.url, "--user", "koord")
    with qtbot.waitSignal(s.ready, timeout=20_000):
        s.start()
    assert w.ctx is not None and w.ctx.actor.username == "koord"
    w.act_switch.trigger()
    assert w.ctx is None  # signed out before anyone is asked
    assert "Not signed in" in w.user_label.text()
    qtbot.waitUntil(lambda: isinstance(s.dialog, SignInDialog), timeout=20_000)
    sign = s.dialog
    assert isinstance(sign, SignInDialog) and sign.training
    assert sign.username.text() == ""  # no name preselected, no list
    sign.username.setText("sygpl")
    with qtbot.waitSignal(s.ready, timeout=20_000):
        sign.buttons.accepted.emit()
    assert w.ctx is not None and w.ctx.actor.username == "sygpl"


def test_system_can_never_sign_in(
    started: object, qtbot: QtBot, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    _w, s = started("--db", sqlite_db.url, "--user", "system")
    with qtbot.waitSignal(s.failed, timeout=20_000):
        s.start()
    assert "programmets egen konto" in bridge.history[-1].text


def test_a_database_error_at_start_is_a_plain_danish_message(
    started: object, qtbot: QtBot, tmp_path: Path
) -> None:
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


def test_unknown_user_is_a_plain_message(
    started: object, qtbot: QtBot, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    _w, s = started("--db", sqlite_db.url, "--user", "nobody")
    with qtbot.waitSignal(s.failed, timeout=20_000):
        s.start()
    assert "nobody" in bridge.history[-1].text


@pytest.mark.slow
def test_screenshot_option_writes_a_png(
    tmp_path: Path, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dosisdesk",
            "--screenshot",
            str(out),
            "--db",
            sqlite_db.url,
            "--user",
            "koord",
            "--now",
            "2026-11-22T10:00",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert not image.isNull()
    assert image.width() >= 1000 and image.height() >= 700


def test_the_window_on_a_real_database_keeps_the_real_clock(
    started: object, qtbot: QtBot, tmp_path: Path
) -> None:
    """``--now`` sets the clock only on a training database: the window saves at the real time
    on a real one, and says so."""
    from tests.storage.test_signin import real_world

    url, _w = real_world(tmp_path)
    _win, s = started("--db", url)
    s.start()
    qtbot.waitUntil(lambda: isinstance(s.dialog, SignInDialog), timeout=20_000)
    assert any("--now" in m.text and "real database" in m.text for m in bridge.history)
    from dosisdesk.domain.calendar import now_cph

    assert s.clock is now_cph
