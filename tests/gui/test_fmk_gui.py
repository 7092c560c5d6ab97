"""FMK in the window: read a file (as the file dialog or a drop would), see the differences on the
card's FMK tab, accept one into the queue, reject one; create a citizen from an FMK card."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from dosisdesk.services.context import Ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from dosisdesk.ui.messages import bridge
from dosisdesk.ui.nurse.fmk import CreateCitizenDialog, ProposalsModel, RejectDialog
from dosisdesk.ui.nurse.mainwindow import MainWindow
from tests.fmk_docs import RECORDING_HELLE, Drug, card_xml
from tests.gui.gui_world import GuiWorld
from tests.helpers.fmk import anna_differs_xml


def test_read_a_file_see_the_differences_and_accept_one(
    window: MainWindow,
    qtbot: QtBot,
    gui_world: GuiWorld,
    sqlite_db: Database,
    tmp_path: Path,
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    f = tmp_path / "fmk.xml"
    f.write_bytes(anna_differs_xml(gui_world.world.anna))
    tab = window.card.fmk_tab
    window.read_fmk_file(str(f))
    qtbot.waitUntil(lambda: window.card.cpr == gui_world.world.anna, timeout=10000)
    qtbot.waitUntil(lambda: tab.model.rowCount() >= 2, timeout=10000)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=5000)
    assert window.card.tabs.currentWidget() is tab
    assert window.card.tabs.tabText(window.card.TAB_FMK).endswith(f"({len(tab.model.rows)})")
    qtmodeltester.check(tab.model)
    rows = [tab.model.proposal(r) for r in range(tab.model.rowCount())]
    new_row = next(i for i, p in enumerate(rows) if p.kind.value == "new")
    assert "Ramipril" in tab.model.data(tab.model.index(new_row, 2))
    tab.view.selectRow(new_row)
    assert tab.accept_button.isEnabled()
    tab.accept_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == len(rows) - 1, timeout=10000)
    with sqlite_db.begin() as s:
        change = s.scalar(select(m.Change).where(m.Change.source == "FMK"))
        assert change is not None and change.state == "registered" and change.kind == "new"

    tab.view.selectRow(0)
    tab.reject_button.click()
    dlg = tab.findChild(RejectDialog)
    assert dlg is not None
    assert not dlg.buttons.button(dlg.buttons.StandardButton.Ok).isEnabled()
    dlg.reason.setText("Lægen retter FMK")
    dlg.buttons.button(dlg.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == len(rows) - 2, timeout=10000)


def test_a_bad_file_is_a_danish_message_and_nothing_changes(
    window: MainWindow, qtbot: QtBot, sqlite_db: Database, tmp_path: Path
) -> None:
    f = tmp_path / "bad.xml"
    f.write_bytes(b"<ikke xml")
    window.read_fmk_file(str(f))
    qtbot.waitUntil(lambda: bool(bridge.history), timeout=10000)
    assert "ikke gyldig XML" in bridge.history[-1].text
    with sqlite_db.begin() as s:
        assert s.scalar(select(m.FmkRead.id)) is None


def test_a_coordinator_creates_the_citizen_from_the_card(
    window: MainWindow, qtbot: QtBot, koord: Ctx, sqlite_db: Database
) -> None:
    window.read_fmk_file(str(RECORDING_HELLE))
    qtbot.waitUntil(lambda: window.findChild(CreateCitizenDialog) is not None, timeout=10000)
    dlg = window.findChild(CreateCitizenDialog)
    assert dlg is not None and dlg.team.count() >= 1 and dlg.group.count() >= 1
    dlg.accept()
    qtbot.waitUntil(lambda: window.card.cpr == "1111111118", timeout=10000)
    tab = window.card.fmk_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10000)
    text = tab.model.data(tab.model.index(0, 2))
    assert "Ipren" in text
    assert "cannot be dose-dispensed" in text or "kan ikke" in text
    assert isinstance(tab.model, ProposalsModel)


def test_the_desk_reads_the_inbox_and_lists_who_differs(
    window: MainWindow,
    qtbot: QtBot,
    koord: Ctx,
    gui_world: GuiWorld,
    tmp_path: Path,
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    from dosisdesk.services import fmk

    inbox = tmp_path / "indbakke"
    inbox.mkdir()
    (inbox / "a.xml").write_bytes(card_xml(gui_world.world.anna, [Drug(identifier="77")]))
    fmk.set_inbox_folder(koord, str(inbox))
    desk = window.desk
    assert desk is not None
    window.workspaces.setCurrentWidget(desk)
    tab = desk.fmk_tab
    desk.tabs.setCurrentWidget(tab)
    desk.refresh()
    qtbot.waitUntil(lambda: tab.inbox_button.isEnabled(), timeout=10000)
    assert tab.model.rowCount() == 0
    tab.inbox_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10000)
    qtmodeltester.check(tab.model)
    assert tab.model.data(tab.model.index(0, 0)) == "Anna Hansen"
    assert not (inbox / "a.xml").exists()
    with qtbot.waitSignal(desk.open_citizen, timeout=5000) as sig:
        tab.view.setCurrentIndex(tab.model.index(0, 0))
        tab._open_selected(tab.view)
    assert sig.args == [gui_world.world.anna]
