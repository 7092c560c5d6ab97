"""The desk says what a confirm, cancel or acknowledgement did (how many, which) and undoes the
last one (Fortryd, Ctrl+Z) through the services; an undo that is no longer possible is refused
with a message and changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from dosisdesk.domain.types import ChangeState
from dosisdesk.services import changes
from dosisdesk.services.context import Ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from dosisdesk.ui.desk.base import ReasonDialog
from dosisdesk.ui.desk.desk import CoordinatorDesk
from dosisdesk.ui.messages import bridge
from tests.conftest import NOW
from tests.gui.gui_world import GuiWorld
from tests.gui.test_coordinator import (
    TIMEOUT,
    Queue,
    at,
    flag_selected,
    reload_queue,
    select_changes,
)
from tests.gui.test_coordinator import queue as queue
from tests.helpers.gui import open_desk


@pytest.fixture
def desk(qtbot: QtBot, koord: Ctx, queue: Queue) -> Iterator[CoordinatorDesk]:
    yield from open_desk(qtbot, koord)


def audited(db: Database, action: str) -> list[int | None]:
    with db.begin() as s:
        return list(s.scalars(select(m.AuditEntry.entity_id).where(m.AuditEntry.action == action)))


def undo(qtbot: QtBot, desk: CoordinatorDesk, *, shortcut: bool = False) -> None:
    with qtbot.waitSignal(desk.queue_tab.loaded, timeout=TIMEOUT):
        if shortcut:
            desk.tabs.setFocus()
            qtbot.keyClick(desk.tabs, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        else:
            desk.undo_button.click()


def test_bulk_confirm_names_the_changes_and_ctrl_z_undoes_it(
    qtbot: QtBot,
    desk: CoordinatorDesk,
    queue: Queue,
    sqlite_db: Database,
) -> None:
    tab = desk.queue_tab
    assert not desk.undo_button.isEnabled()
    select_changes(desk, [queue.anna_dose, queue.anna_pn, queue.ojvind])
    reload_queue(qtbot, desk, tab.confirm_button.click)
    text = desk.notice.text()
    assert "3 change(s) confirmed" in text
    assert "Anna Hansen (Glucophage" in text and "Øjvind" in text
    assert desk.undo_button.isEnabled()
    assert "3 change(s) confirmed" in desk.undo_button.toolTip()
    undo(qtbot, desk, shortcut=True)
    k = at(sqlite_db, NOW)
    for cid in (queue.anna_dose, queue.anna_pn, queue.ojvind):
        assert changes.get(k, cid).state is ChangeState.REGISTERED
    assert sorted(audited(sqlite_db, "change.unconfirm")) == sorted(
        [queue.anna_dose, queue.anna_pn, queue.ojvind]
    )
    assert "Undone" in desk.notice.text() and "registered again" in desk.notice.text()
    assert not desk.undo_button.isEnabled()  # once


def test_many_names_are_shortened(
    qtbot: QtBot,
    desk: CoordinatorDesk,
    queue: Queue,
) -> None:
    select_changes(desk, [queue.anna_dose, queue.anna_pn, queue.ojvind, queue.soren])
    reload_queue(qtbot, desk, desk.queue_tab.confirm_button.click)
    assert "4 change(s) confirmed" in desk.notice.text()
    assert "and 1 more" in desk.notice.text()


def test_undo_cancel_brings_the_change_back_unless_someone_changed_it(
    qtbot: QtBot,
    desk: CoordinatorDesk,
    queue: Queue,
    sqlite_db: Database,
) -> None:
    tab = desk.queue_tab
    select_changes(desk, [queue.soren])
    tab.ask_cancel()
    dlg = tab.dialog
    assert isinstance(dlg, ReasonDialog)
    dlg.set_reason("Fejl")
    reload_queue(qtbot, desk, dlg.accept)
    assert "Change cancelled" in desk.notice.text() and "Søren" in desk.notice.text()
    undo(qtbot, desk)
    assert changes.get(at(sqlite_db, NOW), queue.soren).state is ChangeState.REGISTERED
    assert audited(sqlite_db, "change.uncancel") == [queue.soren]
    assert "back in the queue" in desk.notice.text()
    # cancel again, then someone else registers a newer change to the line: refused
    select_changes(desk, [queue.soren])
    tab.ask_cancel()
    dlg = tab.dialog
    assert isinstance(dlg, ReasonDialog)
    dlg.set_reason("Fejl igen")
    reload_queue(qtbot, desk, dlg.accept)
    with sqlite_db.begin() as s:
        line_id = s.scalar(select(m.Change.line_id).where(m.Change.id == queue.soren))
    soren = changes.get(at(sqlite_db, NOW), queue.soren)
    changes.register(
        at(sqlite_db, NOW),
        changes.ChangeRequest(
            cpr=queue.soren_cpr,
            kind=soren.kind,
            line_id=line_id,
            dosage="3+0+1+0",
        ),
    )
    undo(qtbot, desk)
    assert bridge.history and "nyere ændring" in bridge.history[-1].text
    assert changes.get(at(sqlite_db, NOW), queue.soren).state is ChangeState.CANCELLED
    assert audited(sqlite_db, "change.uncancel") == [queue.soren]  # only the first


def test_undo_acknowledgement_opens_the_flag_again(
    qtbot: QtBot, desk: CoordinatorDesk, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    tab = flag_selected(qtbot, desk, sqlite_db, gui_world)
    tab.ask_acknowledge()
    dlg = tab.dialog
    assert isinstance(dlg, ReasonDialog)
    dlg.set_reason("Bevidst")
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        dlg.accept()
    assert tab.model.rowCount() == 0
    text = desk.notice.text()
    assert "Acknowledged as intentional" in text
    assert "Zarator" in text and "Krka" in text and "Anna Hansen" in text
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        desk.undo_button.click()
    assert tab.model.rowCount() == 1
    assert audited(sqlite_db, "flag.unacknowledge") == [tab.model.rows[0].line_a]
    qtbot.waitUntil(lambda: desk.runner.idle, timeout=TIMEOUT)  # the flag's history too


def test_the_queue_names_who_registered_a_change_not_the_login(
    desk: CoordinatorDesk,
    queue: Queue,
) -> None:
    model = desk.queue_tab.model
    cell = model.data(model.index(model.row_of_change(queue.anna_dose), model.COL_REGISTERED))
    assert "Sif Sygeplejerske" in cell and "sygpl" not in cell
    cell = model.data(model.index(model.row_of_change(queue.soren), model.COL_REGISTERED))
    assert "Karl Koordinator" in cell and "koord" not in cell.replace("Koordinator", "")


def test_a_deadline_three_hours_away_says_hours_in_the_queue(
    qtbot: QtBot, sqlite_db: Database, queue: Queue
) -> None:
    from datetime import datetime, timedelta

    from dosisdesk.domain.types import CPH

    soon = at(sqlite_db, datetime(2026, 12, 1, 12, 0, tzinfo=CPH) - timedelta(hours=3))
    for desk in open_desk(qtbot, soon):
        model = desk.queue_tab.model
        heading = str(model.data(model.index(0, 0)))
        assert "(in 3 h 0 min)" in heading, heading
        assert "0 d" not in heading and "day" not in heading


def test_tabs_without_letters_are_reached_with_ctrl_tab(
    qtbot: QtBot, desk: CoordinatorDesk
) -> None:
    assert "&" not in desk.tabs.tabText(0)
    desk.queue_tab.search.setFocus()
    qtbot.waitUntil(desk.queue_tab.search.hasFocus)
    qtbot.keyClick(desk.queue_tab.search, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert desk.tabs.currentIndex() == 1
    qtbot.waitUntil(lambda: desk.runner.idle, timeout=TIMEOUT)  # the tab it opened loads
