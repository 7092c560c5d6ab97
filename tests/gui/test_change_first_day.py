"""The order's first day in the change dialog (issue 17): a planned change from a given day
targets the first roll that starts on or after it, the dialog says which roll and which days
need the bags handled or manual dispensing, and a first day in the past or beyond the periods
laid is refused next to the field with nothing saved. Offscreen, clock fixed at NOW."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from dosisdesk.domain.types import ChangeKind
from dosisdesk.services import changes
from dosisdesk.services.context import Ctx
from dosisdesk.storage.db import Database
from dosisdesk.ui import texts
from dosisdesk.ui.dialogs.change import ChangeDialog
from dosisdesk.ui.runner import Runner
from tests.helpers.gui import count_changes, open_change_dialog
from tests.world import World

pytestmark = pytest.mark.usefixtures("quiet_messages")


def set_first_day(qtbot: QtBot, d: ChangeDialog, runner: Runner, day: date) -> None:
    d.form.first_day_check.setChecked(True)
    d.form.first_day_edit.setDate(texts.qdate(day))
    qtbot.waitUntil(lambda: runner.idle, timeout=5000)


def test_a_first_day_inside_a_roll_targets_the_next_roll_and_names_the_days(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_metformin
    )
    assert d.form.first_day_edit.isVisibleTo(d) and not d.form.first_day_edit.isEnabled()
    set_first_day(qtbot, d, runner, date(2026, 12, 10))
    qtbot.waitUntil(lambda: "17. december" in d.form.landing_text, timeout=5000)
    text = d.form.landing_text
    assert "torsdag 10. december" in text  # the order's first day
    assert "torsdag 17. december" in text and "onsdag 30. december" in text  # the roll
    # the days in force before the roll: bags handled or manual dispensing
    assert "onsdag 16. december" in text and "manual dispensing" in text
    assert d.form.first_day_error.isHidden()
    d.form.dose_edit.setText("1+1+1+0")
    d.form.source_combo.setEditText("Læge Lund")
    with qtbot.waitSignal(d.change_saved, timeout=5000) as blocker:
        d.save_button.click()
    c = changes.get(ctx, int(blocker.args[0]))
    assert (c.effective_date, c.wanted_from) == (date(2026, 12, 17), date(2026, 12, 10))
    assert c.target_period is not None and c.target_period.first_day == date(2026, 12, 17)
    assert "16. december" in d.summary_text


def test_a_first_day_on_a_roll_start_has_no_days_before_it(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = open_change_dialog(qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_atorva)
    d.form.kind_combo.setCurrentIndex(d.form.kind_combo.findData(ChangeKind.DISCONTINUE.value))
    set_first_day(qtbot, d, runner, date(2026, 12, 31))
    qtbot.waitUntil(lambda: "31. december" in d.form.landing_text, timeout=5000)
    assert "manual dispensing" not in d.form.landing_text
    d.form.source_combo.setEditText("Læge Lund")
    with qtbot.waitSignal(d.change_saved, timeout=5000) as blocker:
        d.save_button.click()
    c = changes.get(ctx, int(blocker.args[0]))
    assert c.effective_date == date(2026, 12, 31) and c.days_before_roll is None


@pytest.mark.parametrize(
    ("day", "words"),
    [(date(2026, 11, 1), "fortiden"), (date(2028, 1, 6), "ikke lagt perioder")],
)
def test_a_first_day_in_the_past_or_beyond_the_periods_is_refused_by_the_field(
    qtbot: QtBot,
    ctx: Ctx,
    runner: Runner,
    sqlite_world: World,
    sqlite_db: Database,
    day: date,
    words: str,
) -> None:
    d = open_change_dialog(qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_atorva)
    d.form.kind_combo.setCurrentIndex(d.form.kind_combo.findData(ChangeKind.DISCONTINUE.value))
    d.form.source_combo.setEditText("Læge Lund")
    set_first_day(qtbot, d, runner, day)
    qtbot.waitUntil(lambda: not d.form.first_day_error.isHidden(), timeout=5000)
    assert words in d.form.first_day_error.text()
    assert "border" in d.form.first_day_edit.styleSheet()
    before = count_changes(sqlite_db)
    d.save_button.click()
    qtbot.waitUntil(lambda: runner.idle, timeout=5000)
    assert d.isVisible() and d.stack.currentWidget() is d.form_page
    assert not d.banner.isHidden() and words in d.form.first_day_error.text()
    assert count_changes(sqlite_db) == before
    # a day that lands clears the message
    set_first_day(qtbot, d, runner, date(2026, 12, 17))
    qtbot.waitUntil(lambda: d.form.first_day_error.isHidden(), timeout=5000)


def test_an_acute_change_has_no_first_day(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = open_change_dialog(qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_atorva)
    set_first_day(qtbot, d, runner, date(2026, 12, 10))
    d.form.acute_check.setChecked(True)
    assert not d.form.first_day_edit.isVisibleTo(d)
    assert d.form.first_day() is None
    qtbot.waitUntil(lambda: runner.idle, timeout=5000)
    assert "today" in d.form.landing_text
    d.form.acute_check.setChecked(False)
    assert d.form.first_day_edit.isVisibleTo(d) and d.form.first_day() == date(2026, 12, 10)
    qtbot.waitUntil(lambda: "17. december" in d.form.landing_text, timeout=5000)


def test_an_acute_dialog_hides_the_first_day(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_atorva, acute=True
    )
    assert not d.form.first_day_check.isVisibleTo(d)
