"""The card's lines are painted from the cells' looks worked out once per load, each cell drawn
by the style as Qt's item delegate draws it and kept as a picture for the next paint (issue #10:
Qt's table asked the model for every role of every cell, and laid out every text again, at each
paint). It must look exactly as Qt's table draws the same card: every pixel is compared, with the
app's style sheet at two text sizes and without it, on a card with a coming dose change (tinted,
bold), an acute stop, a line paused from the next roll, a new line from the next roll (a
double prescription) and the changes' notes, in the states a card is seen in
(first paint, repainted from the kept pictures, a selected line, the focused current cell, narrow
columns that wrap the drug names, scrolled)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHeaderView
from pytestqt.qtbot import QtBot

from dosisdesk.domain.types import ChangeKind, Supply
from dosisdesk.services import cards, changes
from dosisdesk.services.context import Ctx
from dosisdesk.ui import appearance
from dosisdesk.ui.nurse.card_views import CardTable, _ColumnHeader
from dosisdesk.ui.nurse.mainwindow import MainWindow
from tests.conftest import NOW
from tests.gui.gui_world import GuiWorld
from tests.gui.test_card import open_citizen, planned
from tests.helpers.changes import acute_stop
from tests.helpers.gui import paints_as_qt


def _card(qtbot: QtBot, koord: Ctx, gui_world: GuiWorld, width: int, height: int) -> CardTable:
    """Anna's card, with something in every kind of cell, shown in a card table."""
    w = gui_world.world
    planned(koord, gui_world)
    changes.register(koord, acute_stop(w))
    changes.register(
        koord,
        changes.ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.PAUSE_LINE,
            line_id=w.line_pn,
            source="Egen læge",
        ),
    )
    changes.register(  # a second atorvastatin beside the roll: a double prescription
        koord,
        changes.ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.NEW,
            product=f"#{w.p_atorva_krka}",
            dosage="0+0+1+0",
            supply=Supply.ORDINARY,
        ),
    )
    table = CardTable()
    qtbot.addWidget(table)
    table.resize(width, height)
    table.show()
    qtbot.waitExposed(table)
    table.set_card(cards.card_view(koord, w.anna), NOW)
    return table


def _same(qtbot: QtBot, table: CardTable, what: str) -> list[int]:
    """The pixels are Qt's table's and the rows as tall as Qt's ResizeToContents makes them
    (the view sets them itself); gives the rows' heights."""
    qtbot.wait(20)  # layouts and scroll positions settle
    view = table.view
    header = view.verticalHeader()
    ours = [view.rowHeight(r) for r in range(table.model.rowCount())]
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.resizeSections()
    try:
        assert [view.rowHeight(r) for r in range(table.model.rowCount())] == ours, what
    finally:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    # every cell drawn afresh (and kept), then every cell from its kept picture
    paints_as_qt(view, what, view._images.clear)
    assert view._images, what  # the card's own paint is the one compared
    # the column titles: drawn once (and kept), from the kept picture, and by Qt
    titles = view.horizontalHeader()
    assert isinstance(titles, _ColumnHeader)
    paints_as_qt(titles, f"{what}, the column titles", titles._pictures.clear)
    if not view.selectionModel().hasSelection():  # (highlighted titles: Qt's to draw)
        assert titles._pictures, what
    return ours


def test_the_looks_are_what_data_answers(qtbot: QtBot, koord: Ctx, gui_world: GuiWorld) -> None:
    """The paint reads each cell's looks, worked out a row at a time: they must be what the
    model's data() answers Qt's table for the same cell (text, bold, alignment, colours)."""
    table = _card(qtbot, koord, gui_world, 900, 400)
    model = table.model
    roles = (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
    )
    kinds = set()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            text, font, align, fg, bg = (model.data(model.index(row, column), r) for r in roles)
            look = model.looks(row)[column]
            kinds.add(look.key[1:])
            assert look.text == text, (row, column)
            assert look.bold == (font is not None), (row, column)
            assert look.align == (None if align is None else int(align)), (row, column)
            for ours, theirs in ((look.fg, fg), (look.bg, bg)):
                assert (ours is None) == (theirs is None), (row, column)
                assert ours is None or ours == theirs, (row, column)
    assert len(kinds) >= 5  # group titles, drugs, tinted and plain doses, notes
    assert any(model.looks(r)[0].fg is not None for r in range(model.rowCount()))  # the new line


@pytest.mark.parametrize("look", ["sheet-100", "sheet-140", "plain"])
def test_the_card_paints_as_qt_table_does(
    restore_look: QApplication, qtbot: QtBot, koord: Ctx, gui_world: GuiWorld, look: str
) -> None:
    if look != "plain":
        appearance.apply(restore_look, int(look.split("-")[1]))
    table = _card(qtbot, koord, gui_world, 1100, 520)
    model = table.model
    looks = [look for r in range(model.rowCount()) for look in model.looks(r)]
    assert any(look.fg is not None for look in looks)  # paused from the next roll: muted
    assert any(look.bold and look.bg is not None for look in looks)  # the coming dose: tinted
    assert model.group_rows()
    _same(qtbot, table, "first card")
    table.view.selectRow(model.group_rows()[0] + 1)
    _same(qtbot, table, "a selected line")
    table.view.setFocus()
    qtbot.waitUntil(table.view.hasFocus)
    _same(qtbot, table, "the focused current cell")
    wide = _same(qtbot, table, "wide")
    table.resize(640, 300)  # narrow: drug names and notes wrap, the rows scroll
    narrow = _same(qtbot, table, "narrow")
    assert len(set(narrow)) >= 3 and narrow != wide  # rows of one, two and more lines
    table.resize(820, 300)  # wider again: fewer lines
    _same(qtbot, table, "wider again")
    table.resize(640, 300)
    table.view.verticalScrollBar().setValue(table.view.verticalScrollBar().maximum())
    table.view.horizontalScrollBar().setValue(table.view.horizontalScrollBar().maximum() // 2)
    _same(qtbot, table, "scrolled")


def test_a_tinted_moved_or_mirrored_card_is_painted_by_qt(
    qtbot: QtBot, koord: Ctx, gui_world: GuiWorld
) -> None:
    """What the card's paint does not draw itself (tinted rows in turn, moved columns, right
    to left) it leaves to Qt's table."""
    table = _card(qtbot, koord, gui_world, 900, 400)
    view = table.view
    qtbot.wait(20)
    assert view._can_keep_images()
    view._images.clear()
    view.viewport().repaint()
    assert view._images
    for change, undo in (
        (lambda: view.setAlternatingRowColors(True), lambda: view.setAlternatingRowColors(False)),
        (
            lambda: view.horizontalHeader().moveSection(1, 2),
            lambda: view.horizontalHeader().moveSection(2, 1),
        ),
        (lambda: view.setLayoutDirection(_rtl()), lambda: view.unsetLayoutDirection()),
    ):
        change()
        view._images.clear()
        view.viewport().repaint()
        assert not view._images
        undo()


def _rtl() -> Qt.LayoutDirection:
    return Qt.LayoutDirection.RightToLeft


@pytest.mark.parametrize("look", ["sheet-100", "plain"])
def test_the_card_paints_the_ground_beneath_it_as_qt_does(
    restore_look: QApplication, qtbot: QtBot, window: MainWindow, gui_world: GuiWorld, look: str
) -> None:
    """The card paints the ground beneath it itself and is opaque to Qt (each card opened no
    longer repaints the window, its workspaces and the splitter beneath the card): the window
    looks as when Qt paints beneath the card, with a card shown, with none, and after the
    window changed its size."""
    if look != "plain":
        appearance.apply(restore_look, 100)
    open_citizen(qtbot, window, "Anna")
    card = window.card
    opaque = Qt.WidgetAttribute.WA_OpaquePaintEvent
    for step in ("card", "resized", "none"):
        if step == "resized":
            window.resize(window.width() - 37, window.height() - 23)
        if step == "none":
            card.show_citizen(None)
        qtbot.wait(20)
        assert card.testAttribute(opaque), step
        own = window.grab().toImage()
        card.setAttribute(opaque, False)
        try:
            by_qt = window.grab().toImage()
        finally:
            card.setAttribute(opaque, True)
        assert own.size() == by_qt.size()
        assert own == by_qt, (
            step,
            sum(
                own.pixel(x, y) != by_qt.pixel(x, y)
                for y in range(own.height())
                for x in range(own.width())
            ),
        )
