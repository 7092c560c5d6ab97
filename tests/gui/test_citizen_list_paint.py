"""The citizen list paints its rows itself (issue #10: Qt's table asked the model nine times per
cell). It must look exactly as Qt's table with the program's style draws the same rows: every
pixel is compared, with the app's style sheet at two text sizes and without it, in the states a
list is seen in while someone types (rows tinted in turn, a selected row, red and bold
attention marks, texts cut with "…", scrolled both ways)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dosisdesk.domain.renewals import RenewalUrgency
from dosisdesk.services.search import CitizenRow
from dosisdesk.ui import appearance
from dosisdesk.ui.nurse.mainwindow import CitizenSearch
from dosisdesk.ui.runner import Runner
from tests.helpers.gui import paints_as_qt


def _list(qtbot: QtBot, width: int, height: int) -> CitizenSearch:
    """The window's search and list, shown, holding the rows of :func:`_rows`."""
    runner = Runner()
    search = CitizenSearch(runner)
    runner.setParent(search)
    qtbot.addWidget(search)
    search.resize(width, height)
    search.show()
    qtbot.waitExposed(search)
    search.model._take_first(_rows())
    return search


def _rows() -> list[CitizenRow]:
    rows = []
    for i in range(60):
        kind = i % 6
        rows.append(
            CitizenRow(
                id=i + 1,
                cpr=f"{(i % 28) + 1:02d}0{(i % 9) + 1}45{1000 + i:04d}",
                name=(
                    "Anna Christine Margrethe Bach-Christensen-Østergaard"
                    if kind == 5
                    else f"Birthe {'Hansen' if i % 2 else 'Ærø'} {i}"
                ),
                address=f"Vejen {i}, 8000 Aarhus C",
                team_name="Hjemmeplejen Nord" if i % 3 else "Team Syd",
                sort_key=f"{i:03d}",
                acute_today=kind == 1,
                window_open=kind == 2,
                paused=kind == 3,
                high_flag=kind == 4,
                renewal_due=kind == 4,
                open_handlings=2 if kind == 1 else 0,
                renewal=RenewalUrgency.SOON if kind == 4 else None,
                admitted=("Medicinsk afdeling M1", "78450000") if kind == 2 else None,
            )
        )
    return rows


def _same(qtbot: QtBot, search: CitizenSearch, what: str) -> None:
    qtbot.wait(20)  # layouts and scroll positions settle
    view = search.view
    assert view._can_paint(), what  # the list's own paint is the one compared
    # first seen, texts are drawn as text; seen again, from their layouts (QStaticText)
    paints_as_qt(view, what, view._elided.clear)


@pytest.mark.parametrize("look", ["sheet-100", "sheet-140", "plain"])
def test_the_list_paints_as_qt_table_does(
    restore_look: QApplication, qtbot: QtBot, look: str
) -> None:
    if look != "plain":
        appearance.apply(restore_look, int(look.split("-")[1]))
    search = _list(qtbot, 560, 640)
    search.search.setFocus()
    _same(qtbot, search, "first page")
    search.view.selectRow(4)  # a row with red, bold marks, selected while the field is typed in
    search.search.setFocus()
    _same(qtbot, search, "a selected row")
    search.view.verticalScrollBar().setValue(search.view.verticalScrollBar().maximum() // 2)
    _same(qtbot, search, "scrolled down")
    search.resize(330, 640)  # every column narrower than its text: cut with "…"
    _same(qtbot, search, "narrow")
    search.view.horizontalScrollBar().setValue(search.view.horizontalScrollBar().maximum())
    _same(qtbot, search, "scrolled sideways")
    search.view.setAlternatingRowColors(False)
    _same(qtbot, search, "no alternating tint")


def test_a_focused_list_is_painted_by_qt(qtbot: QtBot) -> None:
    """The focused current cell's frame is the style's: with the list in focus Qt paints it."""
    search = _list(qtbot, 500, 400)
    assert search.view._can_paint()
    search.view.setFocus()
    search.view.selectRow(2)
    qtbot.waitUntil(search.view.hasFocus)
    assert not search.view._can_paint()
    search.view.setEnabled(False)
    search.search.setFocus()
    assert not search.view._can_paint()  # a disabled list: Qt's greyed rows


@pytest.mark.parametrize("look", ["sheet-100", "plain"])
def test_the_list_paints_its_own_background_as_qt_does(
    restore_look: QApplication, qtbot: QtBot, look: str
) -> None:
    """The list's viewport paints its background itself (Qt paints nothing beneath it): the
    search panel looks the same as when Qt paints the background and the widgets under it, with
    a few rows (the empty part below them shown), in the list's own paint and in Qt's."""
    if look != "plain":
        appearance.apply(restore_look, 100)
    search = _list(qtbot, 560, 640)
    search.model._take_first(_rows()[:3])
    viewport = search.view.viewport()
    opaque = Qt.WidgetAttribute.WA_OpaquePaintEvent
    assert viewport.testAttribute(opaque)
    for focused in (False, True):
        (search.view if focused else search.search).setFocus()
        search.view.selectRow(1)
        qtbot.wait(20)
        assert search.view._can_paint() is not focused
        own = search.grab().toImage()
        viewport.setAttribute(opaque, False)
        try:
            by_qt = search.grab().toImage()
        finally:
            viewport.setAttribute(opaque, True)
        assert own.size() == by_qt.size()
        assert own == by_qt, (focused, _differing_count(own, by_qt))


def _differing_count(a: QImage, b: QImage) -> int:
    return sum(a.pixel(x, y) != b.pixel(x, y) for y in range(a.height()) for x in range(a.width()))


def test_a_new_page_leaves_the_headings_as_they_are(qtbot: QtBot) -> None:
    """A new page replaces the rows in one reset; the column headings, the same, are neither
    started over nor painted again (at each keystroke), and look as before."""
    from PySide6.QtCore import QEvent, QObject

    search = _list(qtbot, 560, 640)
    search.model._take_first(_rows()[:3])  # no scroll bar before or after: the same width
    header = search.view.horizontalHeader()
    header.resizeSection(1, 150)
    qtbot.wait(20)
    before = header.grab().toImage()
    painted: list[int] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(1)
            return False

    paints = Paints()
    header.viewport().installEventFilter(paints)
    search.model._take_first(_rows()[5:8])
    qtbot.wait(20)
    assert painted == []
    assert header.sectionSize(1) == 150
    assert header.grab().toImage() == before
    assert search.view.model().rowCount() == 3
