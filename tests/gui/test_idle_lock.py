"""The idle lock: after the configured time without input the window hides all health data and
asks for the sign-in again (a fake clock moves time; nothing sleeps). The same person gets her
open dialog back with what she typed; someone else starts afresh."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from dosisdesk.app import Startup, parse_args
from dosisdesk.storage.db import Database
from dosisdesk.ui.nurse.mainwindow import MainWindow
from dosisdesk.ui.signin import SignInDialog
from tests.gui.gui_world import GuiWorld


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def signed_in(
    qtbot: QtBot,
    tmp_path: Path,
    sqlite_db: Database,
    gui_world: GuiWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[MainWindow, Startup, FakeClock]]:
    monkeypatch.setenv("DOSISDESK_IDLE_MINUTES", "10")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow()
    w.show()
    s = Startup(
        w,
        parse_args(["--db", sqlite_db.url, "--user", "sygpl", "--now", "2026-11-22T10:00"]),
        settings,
        w,
    )
    with qtbot.waitSignal(s.ready, timeout=20_000):
        s.start()
    clock = FakeClock()
    s.idle.clock = clock
    s.idle.arm()
    yield w, s, clock
    qtbot.waitUntil(lambda: w.runner.idle, timeout=20_000)
    s.db.dispose()
    w.close()
    w.deleteLater()


def open_note(w: MainWindow, text: str) -> QDialog:
    """A dialog holding typed text, as the change dialog would."""
    d = QDialog(w)
    field = QLineEdit(d)
    field.setObjectName("note")
    field.setText(text)
    d.show()
    return d


def test_the_default_is_ten_minutes_and_activity_keeps_it_open(signed_in) -> None:
    w, s, clock = signed_in
    assert s.idle.seconds == 600
    clock.t += 599
    s.idle.check()
    assert not w.locked
    s.idle.eventFilter(w, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier))
    clock.t += 599
    s.idle.check()
    assert not w.locked  # a key press 599 s ago re-armed the time


def test_typing_or_moving_the_mouse_in_a_dialog_opened_later_keeps_it_open(
    signed_in, qtbot: QtBot
) -> None:
    """The lock watches each window (a dialog opened after the sign-in too), where the keyboard
    and the mouse arrive, not every event of every widget."""
    w, s, clock = signed_in
    note = open_note(w, "")
    note.activateWindow()
    qtbot.waitUntil(note.isActiveWindow)
    field = note.findChild(QLineEdit, "note")
    field.setFocus()
    clock.t += 599
    qtbot.keyClick(note.windowHandle(), Qt.Key.Key_A)  # through the window, as typing comes
    assert field.text() == "a"
    clock.t += 599
    s.idle.check()
    assert not w.locked  # the key press in the dialog counted
    QTest.mouseMove(note.windowHandle(), QPoint(5, 5))
    QTest.mouseMove(note.windowHandle(), QPoint(9, 7))
    clock.t += 599
    s.idle.check()
    assert not w.locked  # so did the mouse moving over it
    clock.t += 2
    s.idle.check()
    assert w.locked  # and ten minutes of nothing after that locks


def test_idle_locks_hides_data_and_the_same_person_gets_her_typing_back(
    signed_in, qtbot: QtBot
) -> None:
    w, s, clock = signed_in
    note = open_note(w, "halvt skrevet begrundelse")
    w.setWindowTitle("Anna Hansen, 030540-xxxx")
    clock.t += 601
    s.idle.check()
    assert w.locked and w.stack.currentWidget() is w.lock_page
    assert not w.workspaces.isVisible() and not note.isVisible()
    assert "Anna" not in w.windowTitle()
    assert not w.act_new.isEnabled() and not w.act_switch.isEnabled()
    lock = s.dialog
    assert isinstance(lock, SignInDialog) and lock.locked_for == "sygpl"
    lock.reject()  # Escape does not get past the lock
    qtbot.waitUntil(
        lambda: isinstance(s.dialog, SignInDialog) and s.dialog is not lock, timeout=5_000
    )
    assert w.locked
    again = s.dialog
    assert isinstance(again, SignInDialog)
    with qtbot.waitSignal(again.finished, timeout=20_000):
        again.buttons.accepted.emit()
    assert not w.locked and w.stack.currentWidget() is w.workspaces
    assert note.isVisible()
    assert note.findChild(QLineEdit, "note").text() == "halvt skrevet begrundelse"
    assert w.windowTitle() == "ØVELSE – Anna Hansen, 030540-xxxx"  # a training database
    assert w.ctx is not None and w.ctx.actor.username == "sygpl"
    assert s.idle.armed


def test_someone_else_at_the_lock_starts_afresh(signed_in, qtbot: QtBot) -> None:
    w, s, clock = signed_in
    note = open_note(w, "Sifs tekst")
    clock.t += 601
    s.idle.check()
    lock = s.dialog
    assert isinstance(lock, SignInDialog)
    lock.username.setText("koord")
    with qtbot.waitSignal(s.ready, timeout=20_000):
        lock.buttons.accepted.emit()
    assert not w.locked
    assert w.ctx is not None and w.ctx.actor.username == "koord"
    assert not note.isVisible() and note.result() == QDialog.DialogCode.Rejected
