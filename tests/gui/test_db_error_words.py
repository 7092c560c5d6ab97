"""The window gives each kind of database error its words (the kinds come classified from the
storage layer; the window never reads a driver's text)."""

from __future__ import annotations

import gc

import pytest
from pytestqt.qtbot import QtBot

from dosisdesk.domain.errors import DatabaseBusy, DatabaseConflict, DatabaseLost, StorageError
from dosisdesk.ui.errors import present
from dosisdesk.ui.messages import bridge


def test_each_kind_has_its_words(qtbot: QtBot) -> None:
    for exc, words in (
        (DatabaseBusy("busy", "optaget"), "busy with another user"),
        (DatabaseConflict("deadlock", "optaget"), "busy with another user"),
        (DatabaseLost("gone", "væk"), "connection to the database was lost"),
        (StorageError("other", "Databasen kan ikke åbnes."), "Databasen kan ikke åbnes."),
    ):
        bridge.history.clear()
        present(None, exc)
        assert words in bridge.history[-1].text and bridge.history[-1].level == "error"


def test_an_error_outside_any_window_is_shown_and_let_go_when_closed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program error caught by the excepthook has no window, and a message may be given none:
    such a dialog belonged to Python alone and was deleted before it showed (nothing on the
    screen, only the log). It shows now, and is let go once closed."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from dosisdesk.ui import messages
    from dosisdesk.ui.errors import CrashDialog, crash

    monkeypatch.setattr(bridge, "interactive", True)
    monkeypatch.setattr(bridge, "history", [])
    try:
        raise ValueError("eksempel")
    except ValueError as e:
        crash(None, ValueError, e, e.__traceback__)
    bridge.error(None, "Fejl", "Databasen kan ikke åbnes.")
    gc.collect()
    QApplication.processEvents()
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    crash_dialog = next(w for w in shown if isinstance(w, CrashDialog))
    box = next(w for w in shown if isinstance(w, QMessageBox))
    assert "ValueError: eksempel" in crash_dialog.details.toPlainText()
    assert box.text() == "Databasen kan ikke åbnes."
    crash_dialog.reject()
    box.reject()
    QApplication.processEvents()
    assert messages._open_alone == []
