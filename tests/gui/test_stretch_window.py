"""The desk's *Perioder* tab (issue 17): the coordinator chooses a period, a new length or last
day, sees every open change the stretch moves (old → new, with the days that may need manual
dispensing) before confirming, then stretches; refusals are Danish messages under the form and
store nothing; a nurse cannot stretch. Offscreen, on the small test world, clock at NOW."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from dosisdesk.domain.types import CPH, ChangeKind
from dosisdesk.services import changes
from dosisdesk.services.changes import ChangeRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from dosisdesk.ui import texts
from dosisdesk.ui.desk.desk import CoordinatorDesk
from dosisdesk.ui.desk.periods_tab import PeriodsTab
from tests.conftest import NOW
from tests.gui.gui_world import GuiWorld
from tests.helpers.gui import open_desk

TIMEOUT = 15_000


@pytest.fixture
def queued(sqlite_db: Database, gui_world: GuiWorld) -> tuple[int, int]:
    """Anna: a change queued for the roll of 17 December ("fra 17. december") and one for the
    roll of 3 December."""
    w = gui_world.world
    nurse = open_ctx(sqlite_db, "sygpl", fixed_clock(NOW))
    later = changes.register(
        nurse,
        ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=w.line_metformin,
            dosage="1+1+1+0",
            wanted_from=date(2026, 12, 17),
        ),
    )
    soon = changes.register(
        nurse, ChangeRequest(cpr=w.anna, kind=ChangeKind.DISCONTINUE, line_id=w.line_atorva)
    )
    return later.id, soon.id


def _desk(qtbot: QtBot, ctx: Ctx) -> Iterator[CoordinatorDesk]:
    for desk in open_desk(qtbot, ctx):
        with qtbot.waitSignal(desk.periods_tab.loaded, timeout=TIMEOUT):
            desk.tabs.setCurrentWidget(desk.periods_tab)
        yield desk


@pytest.fixture
def desk(qtbot: QtBot, koord: Ctx, queued: tuple[int, int]) -> Iterator[CoordinatorDesk]:
    yield from _desk(qtbot, koord)


def choose(tab: PeriodsTab, first_day: date) -> None:
    row = next(
        i for i in range(tab.periods.rowCount()) if tab.periods.row(i).first_day == first_day
    )
    tab.periods_view.selectRow(row)


def stretch_count(db: Database) -> int:
    with db.begin() as s:
        return int(s.scalar(select(func.count(m.Stretch.id))) or 0)


def test_the_coordinator_sees_what_moves_before_stretching(
    qtbot: QtBot, desk: CoordinatorDesk, koord: Ctx, queued: tuple[int, int], sqlite_db: Database
) -> None:
    later, soon = queued
    tab = desk.periods_tab
    assert tab.group_combo.currentText() == "Apotek Test / Torsdag"
    choose(tab, date(2026, 12, 3))
    assert texts.fmt_span(date(2026, 12, 3), date(2026, 12, 16)) in tab.period_label.text()
    assert tab.length_spin.value() == 14 and not tab.confirm_button.isEnabled()
    # the new last day sets the length, and the length the last day
    tab.last_day.setDate(texts.qdate(date(2026, 12, 23)))
    assert tab.length_spin.value() == 21
    tab.length_spin.setValue(20)
    assert texts.pydate(tab.last_day.date()) == date(2026, 12, 22)
    tab.length_spin.setValue(21)
    tab.note_edit.setText("Jul")
    before = stretch_count(sqlite_db)
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.preview_button.click()
    assert stretch_count(sqlite_db) == before  # a preview stores nothing
    assert changes.get(koord, later).effective_date == date(2026, 12, 17)
    rows = {tab.moved.row(i).change_id: tab.moved.row(i) for i in range(tab.moved.rowCount())}
    assert set(rows) == {later, soon}
    x = rows[later]  # the period of 17 December is gone: to 24 December, never 3 December
    assert (x.old_first_day, x.new_first_day, x.manual_days) == (
        date(2026, 12, 17),
        date(2026, 12, 24),
        (date(2026, 12, 17), date(2026, 12, 23)),
    )
    row = list(rows).index(later)
    shown = [str(tab.moved.index(row, c).data()).lower() for c in range(tab.moved.columnCount())]
    # old → new, and the days of manual dispensing (in the language the test runs in)
    assert any("17" in t and "24" in t and "dec" in t for t in shown)
    assert "23" in shown[-1] and "dec" in shown[-1]
    assert "Preview" in tab.result_text and tab.confirm_button.isEnabled()
    # editing the form voids the preview
    tab.note_edit.setText("Jul og nytår")
    assert not tab.confirm_button.isEnabled()
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.preview_button.click()
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.confirm_button.click()
    assert stretch_count(sqlite_db) == before + 1
    assert "stretched" in tab.result_text
    c = changes.get(koord, later)
    assert (c.effective_date, c.wanted_from) == (date(2026, 12, 24), date(2026, 12, 17))
    qtbot.waitUntil(
        lambda: any(
            tab.periods.row(i).first_day == date(2026, 12, 24)
            for i in range(tab.periods.rowCount())
        ),
        timeout=TIMEOUT,
    )


def test_refusals_are_danish_under_the_form_and_store_nothing(
    qtbot: QtBot, desk: CoordinatorDesk, sqlite_db: Database
) -> None:
    tab = desk.periods_tab
    before = stretch_count(sqlite_db)
    # a length outside the rule
    choose(tab, date(2026, 12, 3))
    tab.length_spin.setValue(35)
    tab.note_edit.setText("Jul")
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.preview_button.click()
    assert "28" in tab.error_text and not tab.confirm_button.isEnabled()
    # a period whose deadline has passed (the current one, 19 November)
    choose(tab, date(2026, 11, 19))
    tab.length_spin.setValue(21)
    tab.note_edit.setText("Jul")
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.preview_button.click()
    assert "frist er passeret" in tab.error_text
    assert tab.moved.rowCount() == 0 and not tab.confirm_button.isEnabled()
    assert stretch_count(sqlite_db) == before


def test_a_nurse_sees_the_periods_but_cannot_stretch(
    qtbot: QtBot, sqlite_db: Database, queued: tuple[int, int]
) -> None:
    nurse = open_ctx(sqlite_db, "sygpl", fixed_clock(NOW))
    for desk in _desk(qtbot, nurse):
        tab = desk.periods_tab
        assert tab.periods.rowCount() > 0
        choose(tab, date(2026, 12, 3))
        for w in (tab.length_spin, tab.note_edit, tab.preview_button, tab.confirm_button):
            assert not w.isEnabled()
        tab.preview()
        tab.confirm()
        assert desk.runner.idle and stretch_count(sqlite_db) == 0


def chosen(tab: PeriodsTab) -> date | None:
    """The period the form is for, after checking that the list shows the same one selected."""
    rows = tab.periods_view.selectionModel().selectedRows()
    shown = tab.periods.row(rows[0].row()).first_day if rows else None
    form = tab._period.first_day if tab._period is not None else None
    assert shown == form, (shown, form)
    return form


def test_the_tab_chooses_the_first_period_that_can_still_be_stretched(
    qtbot: QtBot, desk: CoordinatorDesk, koord: Ctx
) -> None:
    tab = desk.periods_tab
    # opened at NOW: 19 November is the current, delivered period; 3 December the first ahead
    assert tab.periods.row(0).first_day == date(2026, 11, 19)
    assert chosen(tab) == date(2026, 12, 3)
    # the deadline of 3 December passes while the tab is open: the reload chooses 17 December,
    # not the period that can no longer be stretched
    koord.clock = fixed_clock(datetime(2026, 12, 1, 12, 30, tzinfo=CPH))
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        desk.refresh()
    assert chosen(tab) == date(2026, 12, 17)
    assert "17" in tab.period_label.text() and tab.preview_button.isEnabled()


def test_a_period_the_coordinator_chose_stays_chosen_after_a_reload(
    qtbot: QtBot, desk: CoordinatorDesk
) -> None:
    tab = desk.periods_tab
    choose(tab, date(2026, 12, 31))
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        desk.refresh()
    assert chosen(tab) == date(2026, 12, 31)
    # the delivered period, chosen to read it, stays chosen too (its refusal stays under the form)
    choose(tab, date(2026, 11, 19))
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        desk.refresh()
    assert chosen(tab) == date(2026, 11, 19)
