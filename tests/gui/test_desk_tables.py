"""The desk's tables at the smallest screen (1366×768): every column as wide as its header and
content (up to a cap), and whatever is still cut shows its full text in a tooltip."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QTableView, QToolTip
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from dosisdesk.domain.types import ContactKind
from dosisdesk.services import changes, contacts, supply
from dosisdesk.services.context import Ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from dosisdesk.ui.desk.desk import CoordinatorDesk
from dosisdesk.ui.widgets.table_fit import cut_cells
from tests.conftest import NOW
from tests.gui.gui_world import GuiWorld
from tests.gui.test_coordinator import (
    Queue,
    _krka_beside_the_roll,
    at,
    show,
)
from tests.gui.test_coordinator import queue as queue  # the fixture
from tests.gui.test_danish_and_keys import Recorder
from tests.gui.test_danish_and_keys import danish as danish  # the fixture
from tests.helpers.changes import acute_stop
from tests.helpers.gui import open_desk

#: 1366×768 less the main window's menu, tool and status bars.
SMALL = (1366, 690)


@pytest.fixture
def busy(sqlite_db: Database, gui_world: GuiWorld, queue: Queue) -> Queue:
    """Something on every tab: the queue, an acute change, a flag, a supply failure, a
    hospital stay."""
    w = gui_world.world
    nurse, koord = at(sqlite_db, NOW, "sygpl"), at(sqlite_db, NOW)
    changes.register(
        nurse,
        acute_stop(
            w,
            reason="Muskelsmerter efter opstart, egen læge ringet op og enig i seponering",
            doctor="Dr. Berg, Lægehuset Nørrebrogade",
        ),
    )
    _krka_beside_the_roll(sqlite_db, gui_world)
    supply.register_failure(koord, "Glucophage", NOW.date(), None, "Restordre hos grossisten")
    contacts.add_contact(
        koord,
        contacts.ContactRequest(
            cpr=w.ojvind,
            kind=ContactKind.ADMISSION,
            hospital="Sjællands Universitetshospital",
            department="Medicinsk afdeling, Roskilde",
            phone="47323232",
            started_at=NOW - timedelta(days=3),
            pause_card=True,
        ),
    )
    with sqlite_db.begin() as s:  # names as long as real ones get
        s.execute(
            update(m.Citizen)
            .where(m.Citizen.cpr == w.anna)
            .values(first_name="Anna Christine Margrethe", last_name="Hansen-Østergaard")
        )
    return queue


@pytest.fixture
def small_desk(qtbot: QtBot, koord: Ctx, busy: Queue) -> Iterator[CoordinatorDesk]:
    for desk in open_desk(qtbot, koord):
        desk.resize(*SMALL)
        qtbot.waitExposed(desk)
        yield desk


@pytest.fixture
def small_danish_desk(
    qtbot: QtBot, danish: Recorder, koord: Ctx, busy: Queue
) -> Iterator[CoordinatorDesk]:
    for desk in open_desk(qtbot, koord):
        desk.resize(*SMALL)
        qtbot.waitExposed(desk)
        yield desk


def hovered(view: QTableView, target: int | QModelIndex) -> str:
    """The tooltip the table shows when the pointer rests on a header section or a cell."""
    QToolTip.hideText()
    if isinstance(target, int):
        header = view.horizontalHeader()
        x = header.sectionViewportPosition(target) + header.sectionSize(target) // 2
        widget, pos = header.viewport(), QPoint(x, header.height() // 2)
    else:
        view.scrollTo(target)
        widget, pos = view.viewport(), view.visualRect(target).center()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos)))
    return QToolTip.text() if QToolTip.isVisible() else ""


@pytest.mark.parametrize("language", ["small_desk", "small_danish_desk"])
def test_no_header_or_cell_is_cut_without_a_tooltip_at_1366x768(
    qtbot: QtBot, request: pytest.FixtureRequest, language: str
) -> None:
    """Every table on every tab (the figures' charts aside): what does not fit shows its full
    text when hovered. Long names are not cut at all."""
    desk: CoordinatorDesk = request.getfixturevalue(language)
    seen = 0
    for tab in desk.all_tabs:
        if tab is desk.figures_tab:
            continue
        show(qtbot, desk, tab)
        for view in tab.findChildren(QTableView):
            if not view.isVisible():
                continue
            qtbot.wait(1)  # the columns are fitted once the rows are in
            sections, cells = cut_cells(view)
            model = view.model()
            for section in sections:
                text = str(model.headerData(section, Qt.Orientation.Horizontal))
                assert text in hovered(view, section), (view.objectName(), text)
            for index in cells:
                text = str(index.data())
                assert text in hovered(view, index), (view.objectName(), text)
                assert "Hansen-Østergaard" not in text  # a name fits its column
            seen += model.rowCount()
    assert seen >= 8  # the queue, the acute change, the failure, the stay...


def test_a_cut_cell_shows_its_full_text_in_a_tooltip(
    qtbot: QtBot, small_desk: CoordinatorDesk
) -> None:
    desk = small_desk
    tab = desk.acute_tab
    show(qtbot, desk, tab)
    qtbot.wait(1)
    view = tab.view
    model = view.model()
    col = next(
        c for c in range(model.columnCount()) if "Muskelsmerter" in str(model.index(0, c).data())
    )
    full = str(model.index(0, col).data())
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.resizeSection(col, 40)
    assert cut_cells(view) == ([col], [model.index(0, col)])
    assert full in hovered(view, model.index(0, col))
    assert str(model.headerData(col, Qt.Orientation.Horizontal)) in hovered(view, col)
    header.resizeSection(col, 2000)
    assert model.index(0, col) not in cut_cells(view)[1]


def test_the_window_with_the_desk_fits_a_1366x768_screen(
    qtbot: QtBot, koord: Ctx, busy: Queue
) -> None:
    """Every tab of the desk fits (the figures scroll): the window is not forced taller or
    wider than the screen."""
    from dosisdesk.services.users import database_info, list_teams
    from dosisdesk.ui.nurse.mainwindow import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.set_database(koord.db.url, database_info(koord.db))
    w.show()
    with qtbot.waitSignal(w.citizens.model.page_loaded, timeout=10_000):
        w.set_session(koord, list_teams(koord.db), None, None)
    w.act_show_desk.trigger()
    qtbot.waitUntil(lambda: w.runner.idle, timeout=10_000)
    desk = w.desk  # type: ignore[attr-defined]
    for i in range(desk.tabs.count()):
        desk.tabs.setCurrentIndex(i)
        qtbot.waitUntil(lambda: w.runner.idle, timeout=10_000)
        need = w.minimumSizeHint()
        assert need.width() <= 1366 and need.height() <= 768, (desk.tabs.tabText(i), need)
    qtbot.waitUntil(lambda: w.size().height() <= 768)
    w.close()
