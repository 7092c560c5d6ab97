"""The window gives each kind of database error its words (the kinds come classified from the
storage layer; the window never reads a driver's text)."""

from __future__ import annotations

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
