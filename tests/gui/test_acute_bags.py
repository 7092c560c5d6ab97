"""An acute stop on the card: the drug stays in the current roll and in the day view with what
to do per bag until the roll carries it; the nurse signs a bag done; the Changes tab lists the
acute change with its handling and the follow-up reads as the roll catching up (R3)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dosisdesk.domain.types import BagRef, ChangeKind, HandlingKind
from dosisdesk.services import changes
from dosisdesk.services.context import Ctx
from dosisdesk.ui.nurse.card import CardWidget
from dosisdesk.ui.nurse.mainwindow import MainWindow
from dosisdesk.ui.nurse.models import BagsModel, ChangesModel
from tests.gui.gui_world import GuiWorld
from tests.gui.test_card import open_citizen, row_of

TODAY = date(2026, 11, 22)


def stop_zarator(ctx: Ctx, gw: GuiWorld) -> changes.ChangeDTO:
    return changes.register(
        ctx,
        changes.ChangeRequest(
            cpr=gw.world.anna,
            kind=ChangeKind.DISCONTINUE,
            line_id=gw.world.line_atorva,
            acute=True,
            reason="Muskelsmerter",
            doctor="Dr. Berg",
            handlings=(
                changes.HandlingRequest(
                    HandlingKind.REMOVE_TABLETS,
                    (BagRef(TODAY, "evening"), BagRef(date(2026, 11, 23), "evening")),
                    identifiable=True,
                ),
            ),
        ),
    )


def test_an_acute_stop_stays_in_the_roll_and_the_bags_until_carried(
    window: MainWindow, qtbot: QtBot, koord: Ctx, gui_world: GuiWorld
) -> None:
    acute = stop_zarator(koord, gui_world)
    open_citizen(qtbot, window, "anna")
    card = window.card
    # The current roll still shows Zarator (it is in the bags), with the acute stop noted.
    model = card.card.model
    r = row_of(model, "Zarator")
    cur_first, _ = model.period_columns(0)
    assert model.data(model.index(r, cur_first + 2)) == "1"  # evening
    # The day view: Zarator in this evening's bag, to be taken out, not done yet.
    day_view = card.day_view
    bags = day_view.model
    zr = next(
        i
        for i in range(bags.rowCount())
        if "Zarator" in bags.data(bags.index(i, BagsModel.COL_DRUG))
    )
    assert bags.data(bags.index(zr, BagsModel.COL_HANDLING)) == "take out — not done"
    assert "1 handling(s) not done" in day_view.summary.text()
    day_view.view.selectRow(zr)
    assert day_view.done_button.isEnabled()
    with qtbot.waitSignal(card.day_loaded, timeout=10000):
        qtbot.mouseClick(day_view.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=5000)
    zr = next(
        i
        for i in range(bags.rowCount())
        if "Zarator" in bags.data(bags.index(i, BagsModel.COL_DRUG))
    )
    assert bags.data(bags.index(zr, BagsModel.COL_HANDLING)).startswith(
        "take out — done by Karl Koordinator"
    )
    # The Changes tab lists the acute change itself with its handling, then the follow-up.
    card.tabs.setCurrentIndex(CardWidget.TAB_CHANGES)
    tab = card.changes_tab
    ids = [tab.model.change(i).id for i in range(tab.model.rowCount())]
    assert ids[:2] == [acute.id, acute.follow_up_id]
    assert tab.model.data(tab.model.index(0, ChangesModel.COL_DEADLINE)) == (
        "Handling: 1 of 2 done"
    )
    tab.view.selectRow(0)
    assert tab.done_button.isVisible() and tab.done_button.isEnabled()
    assert "not done" in tab.detail.text()
    tab.view.selectRow(1)
    assert (
        "The pharmacy stops packing it from the roll Thu 3 Dec (follow-up of the acute "
        "discontinuation Sun 22 Nov)"
    ) in tab.detail.text()
    notes = model.data(model.index(r, model.notes_column))
    assert "The pharmacy stops packing it from the roll Thu 3 Dec" in notes
