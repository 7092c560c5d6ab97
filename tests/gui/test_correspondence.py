"""The Korrespondance tab and the compose form: write to the GP about a double prescription from
the flags tab, the form checks before it sends, a reply fetched from the inbox shows in the
thread."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from dosisdesk.domain.correspondence import Draft, Message, Organisation, Segment
from dosisdesk.domain.types import ChangeKind, Supply
from dosisdesk.interop import medcom
from dosisdesk.interop.medcom.build import build_message, new_uuid
from dosisdesk.interop.medcom.read import read_message
from dosisdesk.services import changes, flags
from dosisdesk.services import correspondence as corr
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from dosisdesk.ui.dialogs.correspondence import ComposeDialog
from dosisdesk.ui.messages import bridge
from dosisdesk.ui.nurse.correspondence import CorrespondencePanel
from dosisdesk.ui.nurse.mainwindow import MainWindow
from tests.conftest import NOW
from tests.gui.gui_world import GuiWorld
from tests.gui.test_card import open_citizen
from tests.gui.test_coordinator import show
from tests.helpers.gui import open_desk


def prepare(db: Database, gw: GuiWorld, tmp_path: Path) -> tuple[Path, Path]:
    out, inbox = tmp_path / "ud", tmp_path / "ind"
    out.mkdir()
    inbox.mkdir()
    admin = open_ctx(db, "admin", fixed_clock(NOW))
    corr.set_settings(
        admin,
        name="Hjemmeplejen",
        sor="999990000016001",
        ean="5790000000017",
        phone="38683868",
        outbox=str(out),
        inbox=str(inbox),
    )
    corr.set_gp_address(admin, gw.world.anna, "999990000016002", "5790000000024")
    changes.register(
        admin,
        changes.ChangeRequest(
            cpr=gw.world.anna,
            kind=ChangeKind.NEW,
            product=f"#{gw.world.p_atorva_krka}",
            dosage="0+0+1+0",
            supply=Supply.ORDINARY,
            source="Egen læge",
        ),
    )
    return out, inbox


def compose_dialog() -> ComposeDialog:
    dlgs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, ComposeDialog) and w.isVisible()
    ]
    assert len(dlgs) == 1
    return dlgs[0]


def gp_reply(first: Any, cpr: str, text: str) -> Any:
    """Læge Lund's answer to our first message about Anna's double prescription."""
    return build_message(
        Message(
            new_uuid(),
            first.communication_identifier,
            Organisation("Læge Lund", "999990000016002", "5790000000024"),
            Organisation("Hjemmeplejen", "999990000016001", "5790000000017"),
            cpr,
            "Anna",
            "Hansen",
            "medicine",
            "Dobbeltordination",
            False,
            (Segment(f"urn:uuid:{new_uuid()}", text, NOW, "Lars Lund", "Læge", "70202020", True),),
            None,
            NOW,
            preceding_header_id=first.header_id,
        )
    )


def test_write_to_the_gp_about_a_double_prescription_and_read_the_reply(
    window: MainWindow,
    qtbot: QtBot,
    sqlite_db: Database,
    gui_world: GuiWorld,
    koord: Ctx,
    tmp_path: Path,
) -> None:
    out, inbox = prepare(sqlite_db, gui_world, tmp_path)
    open_citizen(qtbot, window, "anna")
    card = window.card
    flags = card.flags_tab
    assert not flags.write_flag_button.isEnabled()
    flags.flags_view.setCurrentIndex(flags.flags_model.index(0, 0))
    assert flags.write_flag_button.isEnabled()
    flags.write_flag_button.click()
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, ComposeDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
        ),
        timeout=5000,
    )
    assert card.tabs.currentIndex() == card.TAB_CORRESPONDENCE
    dlg = compose_dialog()
    assert dlg.category_combo.currentData() == "medicine"
    assert "Zarator" in dlg.text_edit.toPlainText()
    assert "Krka" in dlg.text_edit.toPlainText()
    assert not dlg.asap_check.isEnabled()  # priority only with Regarding referral
    # the form's own check: Other needs a topic
    dlg.category_combo.setCurrentIndex(dlg.category_combo.findData("other"))
    dlg.topic_edit.clear()
    dlg.send_button.click()
    assert dlg.topic_error.isVisible() and dlg.isVisible()
    assert list(out.iterdir()) == []
    dlg.category_combo.setCurrentIndex(dlg.category_combo.findData("medicine"))
    dlg.topic_edit.setText("Dobbeltordination")
    with qtbot.waitSignal(dlg.sent, timeout=10000):
        dlg.send_button.click()
    files = list(out.iterdir())
    assert len(files) == 1
    first = read_message(files[0].read_bytes())
    panel = card.correspondence_panel
    assert isinstance(panel, CorrespondencePanel)
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 1, timeout=5000)
    assert "klar" in panel.tree.topLevelItem(0).text(2)
    # the GP answers; "Hent indbakke" threads it under our message
    reply = gp_reply(first, gui_world.world.anna, "Zarator er seponeret i FMK.")
    (inbox / "svar.json").write_text(json.dumps(reply), encoding="utf-8")
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.inbox_button.click()
    qtbot.waitUntil(lambda: panel.tree.topLevelItem(0).childCount() == 1, timeout=5000)
    assert "besvaret" in panel.tree.topLevelItem(0).text(2)
    assert "Zarator er seponeret i FMK." in panel.detail.toPlainText()
    assert any(m.title == panel.tr("Inbox") for m in bridge.history)


def test_the_desk_lists_unanswered_messages_and_shows_them_with_the_flag(
    qtbot: QtBot, sqlite_db: Database, gui_world: GuiWorld, koord: Ctx, tmp_path: Path
) -> None:
    prepare(sqlite_db, gui_world, tmp_path)
    flag = flags.flags(koord, cpr=gui_world.world.anna)[0]
    prop = corr.compose(koord, gui_world.world.anna, "flag", f"{flag.line_a}-{flag.line_b}")
    medcom.send(
        koord,
        gui_world.world.anna,
        Draft("medicine", "Dobbeltordination", "Se venligst på begge.", prop.signature),
        "gp",
        context_kind="flag",
        context_ref=f"{flag.line_a}-{flag.line_b}",
    )
    for desk in open_desk(qtbot, koord):
        tab = desk.correspondence_tab
        show(qtbot, desk, tab)
        assert tab.table.rowCount() == 1
        assert tab.table.item(0, 1).text() == "Anna Hansen"
        assert "Dobbeltordination" in tab.table.item(0, 3).text()
        show(qtbot, desk, desk.flags_tab)
        ftab = desk.flags_tab
        ftab.view.setCurrentIndex(ftab.model.index(0, 0))
        qtbot.waitUntil(lambda: ftab.history.count() == 1, timeout=5000)  # noqa: B023
        assert "Læge Lund: Se venligst på begge." in ftab.history.item(0).text()
        assert ftab.write_button.isEnabled()


def test_a_receiver_without_an_address_gets_one_from_the_form(
    qtbot: QtBot, sqlite_db: Database, gui_world: GuiWorld, koord: Ctx, tmp_path: Path
) -> None:
    from dosisdesk.ui.runner import Runner

    out, _ = prepare(sqlite_db, gui_world, tmp_path)
    runner = Runner()
    proposal = corr.compose(koord, gui_world.world.ojvind)
    dlg = ComposeDialog(koord, runner, proposal)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.text_edit.setPlainText("Spørgsmål om medicinen.")
    dlg.send_button.click()
    assert dlg.to_error.isVisible() and list(out.iterdir()) == []
    dlg.address_button.click()
    addr = dlg.address_dialog
    assert addr is not None and addr.isVisible()
    addr.sor_edit.setText("12")
    addr.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert addr.isVisible() and addr.error.isVisible()  # refused: not a SOR code
    addr.sor_edit.setText("999990000016005")
    addr.ean_edit.setText("5790000000055")
    addr.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: "SOR" not in dlg.to_combo.currentText(), timeout=5000)
    with qtbot.waitSignal(dlg.sent, timeout=10000):
        dlg.send_button.click()
    assert len(list(out.iterdir())) == 1
    qtbot.waitUntil(lambda: runner.idle, timeout=5000)


def test_the_desk_fetching_the_inbox_tells_the_windows_whose_correspondence_changed(
    qtbot: QtBot, sqlite_db: Database, gui_world: GuiWorld, koord: Ctx, tmp_path: Path
) -> None:
    """The desk's "Hent indbakke" and the nurse's say the same: the citizens a reply came for
    (so an open card's Korrespondance refreshes) and the flags."""
    from dosisdesk.ui.hub import Changed, hub

    out, inbox = prepare(sqlite_db, gui_world, tmp_path)
    flag = flags.flags(koord, cpr=gui_world.world.anna)[0]
    prop = corr.compose(koord, gui_world.world.anna, "flag", f"{flag.line_a}-{flag.line_b}")
    medcom.send(
        koord,
        gui_world.world.anna,
        Draft("medicine", "Dobbeltordination", "Se venligst på begge.", prop.signature),
        "gp",
        context_kind="flag",
        context_ref=f"{flag.line_a}-{flag.line_b}",
    )
    first = read_message(next(out.iterdir()).read_bytes())
    reply = gp_reply(first, gui_world.world.anna, "Set.")
    (inbox / "svar.json").write_text(json.dumps(reply), encoding="utf-8")
    with sqlite_db.read() as s:
        anna_id = s.scalar(select(m.Citizen.id).where(m.Citizen.cpr == gui_world.world.anna))
    heard: list[Changed] = []
    hub.changed.connect(heard.append)
    try:
        for desk in open_desk(qtbot, koord):
            tab = desk.correspondence_tab
            show(qtbot, desk, tab)
            tab.inbox_button.click()
            qtbot.waitUntil(lambda: bool(heard), timeout=10000)
    finally:
        hub.changed.disconnect(heard.append)
    (what,) = heard
    assert what.flags
    assert what.citizen_ids == {anna_id}  # Anna's, whose reply came in
