"""The change dialog end to end (R2, R3): where a change lands, acute handling, bad input,
conflicts. Offscreen, on the small test world, with the clock fixed at NOW."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from dosisdesk.domain.errors import StorageError
from dosisdesk.domain.types import BagRef, ChangeKind, ChangeState, HandlingKind, Supply
from dosisdesk.services import changes
from dosisdesk.services.changes import ChangeRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage.db import Database
from dosisdesk.ui.dialogs import change as change_dialog
from dosisdesk.ui.dialogs.change import ChangeDialog
from dosisdesk.ui.messages import Message
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets import forms
from tests.conftest import NOW
from tests.helpers.gui import count_changes, open_change_dialog
from tests.world import World

TODAY = NOW.date()


pytestmark = pytest.mark.usefixtures("quiet_messages")


def save(qtbot: QtBot, d: ChangeDialog) -> int:
    with qtbot.waitSignal(d.change_saved, timeout=5000) as blocker:
        d.save_button.click()
    return int(blocker.args[0])


def refuse(qtbot: QtBot, d: ChangeDialog, runner: Runner, db: Database) -> None:
    """Saving is refused on the form: nothing runs, nothing is stored, the dialog stays."""
    before = count_changes(db)
    d.save_button.click()
    assert runner.idle
    assert d.isVisible() and d.stack.currentWidget() is d.form_page
    assert not d.banner.isHidden()
    assert count_changes(db) == before


def click_cell(qtbot: QtBot, d: ChangeDialog, row: int, col: int) -> None:
    grid = d.form.acute_box.bag_grid
    item = grid.item(row, col)
    assert item is not None
    grid.scrollToItem(item)
    rect = grid.visualItemRect(item)
    QTest.mouseClick(
        grid.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )


def fill_acute(d: ChangeDialog, *, reason: str = "Muskelsmerter", doctor: str = "Dr. Berg") -> None:
    d.form.source_combo.setEditText("Læge Lund")
    d.form.acute_box.reason_edit.setPlainText(reason)
    d.form.acute_box.doctor_edit.setText(doctor)


# ---------------------------------------------------------------------------


def test_planned_change_lands_in_the_next_roll(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_metformin
    )
    assert d.form.current_line() is not None
    assert d.form.current_line().product.trade_name == "Glucophage"  # type: ignore[union-attr]
    assert d.form.dose_edit.text() == "1+0+1+0"
    text = d.form.landing_text
    assert "torsdag 3. december" in text
    assert "tirsdag 1. december kl. 12.00" in text
    d.form.dose_edit.setText("1+1+1+0")
    d.form.source_combo.setEditText("Læge Lund")
    change_id = save(qtbot, d)
    c = changes.get(ctx, change_id)
    assert c.state is ChangeState.REGISTERED and not c.acute
    assert c.target_period is not None and c.target_period.first_day == date(2026, 12, 3)
    assert c.effective_date == date(2026, 12, 3)
    assert (c.dosage, c.source) == ("1+1+1+0", "Læge Lund")
    assert c.received_at == NOW
    assert d.stack.currentWidget() is d.summary_page
    assert f"Change {change_id}" in d.summary_text
    assert "torsdag 3. december" in d.summary_text


def test_ctrl_enter_saves(qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World) -> None:
    d = open_change_dialog(qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_atorva)
    d.form.kind_combo.setCurrentIndex(d.form.kind_combo.findData(ChangeKind.DISCONTINUE.value))
    assert not d.form.dose_edit.isVisibleTo(d)  # a discontinuation has no dose
    d.form.source_combo.setEditText("Læge Lund")
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    with qtbot.waitSignal(d.change_saved, timeout=5000):
        QTest.keyClick(d.form.source_combo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert d.saved_change is not None and d.saved_change.kind is ChangeKind.DISCONTINUE


def test_kinds_follow_the_line(qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World) -> None:
    d = open_change_dialog(qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_atorva)
    kinds = [d.form.kind_combo.itemData(i) for i in range(d.form.kind_combo.count())]
    assert kinds == ["dose_change", "discontinue", "switch_supply", "pause_line"]
    d.form.line_combo.setCurrentIndex(d.form.line_combo.count() - 1)  # "New drug…"
    assert [d.form.kind_combo.itemData(i) for i in range(d.form.kind_combo.count())] == ["new"]
    assert d.form.search_edit.isVisibleTo(d) and d.form.supply_combo.isVisibleTo(d)
    assert d.form.private_note.text().startswith("1 private")  # the private line is not offered
    labels = [d.form.line_combo.itemText(i) for i in range(d.form.line_combo.count())]
    assert not any("Zoloft" in t for t in labels)


def test_dose_text_and_slots_stay_in_sync(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_metformin
    )
    d.form.dose_edit.clear()
    QTest.keyClicks(d.form.dose_edit, "1+0+½+0")
    assert [s.value() for s in d.form.dose_spins] == [1, 0, 0.5, 0]
    d.form.dose_spins[3].setValue(2)
    assert d.form.dose_edit.text() == "1+0+½+2"
    d.form.dose_spins[0].stepDown()
    assert d.form.dose_edit.text() == "½+0+½+2"
    d.form.dose_edit.setText("man,ons: 1+0+0+0")
    assert not d.form.dose_spins[0].isEnabled()  # weekdays cannot be shown per slot
    assert d.form.dose_error.isHidden()
    d.form.dose_edit.setText("1+x")
    assert not d.form.dose_error.isHidden()
    assert "Doseringen kan ikke læses" in d.form.dose_error.text()
    assert "border" in d.form.dose_edit.styleSheet()
    d.form.dose_edit.setText("1+0+1+0")
    assert d.form.dose_error.isHidden() and d.form.dose_edit.styleSheet() == ""


def test_new_drug_from_the_catalogue(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = open_change_dialog(qtbot, ctx, runner, sqlite_world.anna)
    d.form.line_combo.setCurrentIndex(d.form.line_combo.findData(change_dialog.NEW_DRUG))
    QTest.keyClicks(d.form.search_edit, "c10aa")  # by ATC
    qtbot.waitUntil(lambda: d.form.results.count() == 3, timeout=5000)
    names = [d.form.results.item(i).text() for i in range(d.form.results.count())]
    assert any(n.startswith("Zocor 40 mg") for n in names)
    d.form.search_edit.clear()
    QTest.keyClicks(d.form.search_edit, "simva")  # by substance
    qtbot.waitUntil(lambda: d.form.results.count() == 1, timeout=5000)
    d.form.results.setCurrentRow(0)
    assert "Zocor" in d.form.chosen_label.text()
    d.form.dose_edit.setText("0+0+1+0")
    d.form.source_combo.setEditText("Læge Lund")
    c = changes.get(ctx, save(qtbot, d))
    assert c.kind is ChangeKind.NEW and c.product is not None
    assert (c.product.trade_name, c.supply, c.dosage) == ("Zocor", Supply.DOSE_ROLL, "0+0+1+0")


def test_a_drug_that_cannot_be_dose_dispensed_goes_beside_the_roll(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World, sqlite_db: Database
) -> None:
    d = open_change_dialog(qtbot, ctx, runner, sqlite_world.anna)
    d.form.line_combo.setCurrentIndex(d.form.line_combo.findData(change_dialog.NEW_DRUG))
    QTest.keyClicks(d.form.search_edit, "xala")
    qtbot.waitUntil(lambda: d.form.results.count() == 1, timeout=5000)
    d.form.results.setCurrentRow(0)
    assert d.form.current_supply() is Supply.ORDINARY  # switched away from the roll
    d.form.supply_combo.setCurrentIndex(d.form.supply_combo.findData(Supply.DOSE_ROLL.value))
    assert "cannot be dose dispensed" in d.form.supply_error.text()
    d.form.dose_edit.setText("0+0+1+0")
    d.form.source_combo.setEditText("Øjenlæge")
    refuse(qtbot, d, runner, sqlite_db)


def test_acute_requires_reason_and_doctor_and_creates_the_follow_up(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World, sqlite_db: Database
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_atorva, acute=True
    )
    assert d.form.acute_check.isChecked() and d.form.acute_box.isVisibleTo(d)
    d.form.kind_combo.setCurrentIndex(d.form.kind_combo.findData(ChangeKind.DISCONTINUE.value))
    d.form.source_combo.setEditText("Læge Lund")
    d.form.acute_box.bag_grid.set_checked(TODAY, "evening", True)
    d.form.acute_box.remove_radio.setChecked(True)
    d.form.acute_box.identifiable_check.setChecked(True)
    refuse(qtbot, d, runner, sqlite_db)
    assert (
        "reason" in d.form.acute_box.reason_error.text()
        and not d.form.acute_box.reason_error.isHidden()
    )
    assert not d.form.acute_box.doctor_error.isHidden()
    d.form.acute_box.reason_edit.setPlainText("Muskelsmerter")
    refuse(qtbot, d, runner, sqlite_db)
    assert d.form.acute_box.reason_error.isHidden() and not d.form.acute_box.doctor_error.isHidden()
    d.form.acute_box.doctor_edit.setText("Dr. Berg")
    change_id = save(qtbot, d)

    acute = changes.get(ctx, change_id)
    assert acute.acute and acute.state is ChangeState.IN_EFFECT
    assert (acute.reason, acute.doctor, acute.effective_date) == (
        "Muskelsmerter",
        "Dr. Berg",
        TODAY,
    )
    assert acute.follow_up_id is not None
    follow = changes.get(ctx, acute.follow_up_id)
    assert follow.follow_up_of_id == change_id and follow.state is ChangeState.REGISTERED
    assert follow.effective_date == date(2026, 12, 3)
    text = d.summary_text
    assert f"Acute change {change_id}" in text
    assert f"Follow-up change {follow.id}" in text
    assert "torsdag 3. december" in text and "tirsdag 1. december kl. 12.00" in text
    assert d.follow_up is not None and d.follow_up.id == follow.id


def test_what_waiting_would_mean(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = open_change_dialog(qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_atorva)
    d.form.acute_check.setChecked(True)
    text = d.form.acute_box.waiting_text
    assert "tors. 3. dec." in text and "tirs. 1. dec. kl. 12.00" in text
    assert "in 9 day" in text  # English source; the Danish .ts says "om 9 dage"
    assert "today" in d.form.landing_text and "torsdag 3. december" in d.form.landing_text


def test_the_bag_grid_picks_the_right_bags(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_metformin, acute=True
    )
    grid = d.form.acute_box.bag_grid
    # from today to the last day of the roll in the home (the current period ends Wed 2 Dec)
    assert grid.days[0] == TODAY and grid.days[-1] == date(2026, 12, 2)
    assert grid.rowCount() == 11
    assert grid.verticalHeaderItem(0).text() == "søn. 22. nov."
    first, second = grid.item(0, 0), grid.item(0, 1)
    assert first is not None and second is not None
    assert first.text() == "1" and second.text() == ""  # the tablets in each bag
    click_cell(qtbot, d, 0, 2)  # today evening
    click_cell(qtbot, d, 1, 0)  # tomorrow morning
    click_cell(qtbot, d, 1, 0)  # ... and off again
    grid.verticalHeader().sectionClicked.emit(2)  # every bag on Tue 24 Nov
    grid.setCurrentCell(3, 3)
    QTest.keyClick(grid, Qt.Key.Key_Space)  # Wed 25 Nov at night
    expected = (
        BagRef(TODAY, "evening"),
        *(BagRef(date(2026, 11, 24), s) for s in ("morning", "noon", "evening", "night")),
        BagRef(date(2026, 11, 25), "night"),
    )
    assert grid.bags() == expected
    d.form.kind_combo.setCurrentIndex(d.form.kind_combo.findData(ChangeKind.DOSE_CHANGE.value))
    d.form.dose_edit.setText("1+0+0+0")
    fill_acute(d, reason="Lavt blodsukker")
    d.form.acute_box.discard_radio.setChecked(True)
    assert "ordinary pack until torsdag 3. december" in d.form.landing_text
    acute = changes.get(ctx, save(qtbot, d))
    discard = [h for h in acute.handlings if h.kind is HandlingKind.DISCARD_BAGS]
    assert len(discard) == 1
    assert discard[0].bags == tuple((b.day, b.slot) for b in expected)
    assert discard[0].ordinary_until == date(2026, 12, 3)


def test_identifiable_rule_is_enforced(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World, sqlite_db: Database
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_atorva, acute=True
    )
    d.form.kind_combo.setCurrentIndex(d.form.kind_combo.findData(ChangeKind.DISCONTINUE.value))
    fill_acute(d)
    assert not d.form.acute_box.identifiable_check.isEnabled()
    d.form.acute_box.bag_grid.set_checked(TODAY, "evening", True)
    d.form.acute_box.remove_radio.setChecked(True)
    assert d.form.acute_box.identifiable_check.isEnabled()
    refuse(qtbot, d, runner, sqlite_db)
    assert "every tablet can be identified" in d.form.acute_box.identifiable_error.text()
    d.form.acute_box.discard_radio.setChecked(True)  # the alternative: discard the bag
    assert not d.form.acute_box.identifiable_check.isEnabled()
    acute = changes.get(ctx, save(qtbot, d))
    assert [h.kind for h in acute.handlings] == [HandlingKind.DISCARD_BAGS]


def test_acute_handling_needs_a_choice(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World, sqlite_db: Database
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_atorva, acute=True
    )
    d.form.kind_combo.setCurrentIndex(d.form.kind_combo.findData(ChangeKind.DISCONTINUE.value))
    fill_acute(d)
    refuse(qtbot, d, runner, sqlite_db)
    assert "what happens to the bags" in d.form.acute_box.handling_error.text()
    d.form.acute_box.remove_radio.setChecked(True)
    d.form.acute_box.identifiable_check.setChecked(True)
    refuse(qtbot, d, runner, sqlite_db)
    assert "Tick the bags" in d.form.acute_box.handling_error.text()
    d.form.acute_box.none_radio.setChecked(True)
    refuse(qtbot, d, runner, sqlite_db)
    assert "at least one handling" in d.form.acute_box.handling_error.text()
    d.form.acute_box.pharmacy_check.setChecked(True)
    d.form.acute_box.pause_check.setChecked(True)
    acute = changes.get(ctx, save(qtbot, d))
    assert {h.kind for h in acute.handlings} == {HandlingKind.ASK_PHARMACY, HandlingKind.PAUSE_CARD}


@pytest.mark.parametrize(
    "case", ["dose", "empty_dose", "source", "received", "product", "reason", "same_dose"]
)
def test_bad_input_is_caught_where_it_is_typed(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World, sqlite_db: Database, case: str
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_metformin
    )
    d.form.dose_edit.setText("1+1+1+0")
    d.form.source_combo.setEditText("Læge Lund")
    field: QWidget
    if case == "dose":
        d.form.dose_edit.setText("1+x")
        field, label, words = d.form.dose_edit, d.form.dose_error, "Doseringen kan ikke læses"
    elif case == "empty_dose":
        d.form.dose_edit.setText("")
        field, label, words = d.form.dose_edit, d.form.dose_error, "Enter the dose"
    elif case == "same_dose":
        d.form.dose_edit.setText("1+0+1+0")
        field, label, words = d.form.dose_edit, d.form.dose_error, "same as the current"
    elif case == "source":
        d.form.source_combo.setEditText("  ")
        field, label, words = d.form.source_combo, d.form.source_error, "GP or the hospital"
    elif case == "received":
        future = d.form.received_edit.dateTime().addSecs(3 * 3600)
        d.form.received_edit.setDateTime(future)
        assert not d.form.received_error.isHidden()  # as typed, before saving
        field, label, words = d.form.received_edit, d.form.received_error, "in the future"
    elif case == "product":
        d.form.line_combo.setCurrentIndex(d.form.line_combo.findData(change_dialog.NEW_DRUG))
        d.form.dose_edit.setText("1+0+0+0")
        field, label, words = d.form.search_edit, d.form.product_error, "choose it in the list"
    else:
        d.form.acute_check.setChecked(True)
        d.form.acute_box.doctor_edit.setText("Dr. Berg")
        d.form.acute_box.none_radio.setChecked(True)
        d.form.acute_box.pharmacy_check.setChecked(True)
        d.form.acute_box.reason_edit.setPlainText("   ")
        field, label, words = (
            d.form.acute_box.reason_edit,
            d.form.acute_box.reason_error,
            "needs a reason",
        )
    refuse(qtbot, d, runner, sqlite_db)
    assert not label.isHidden() and words in label.text()
    assert "border" in field.styleSheet()
    assert field.accessibleDescription() == label.text()
    assert QApplication.focusWidget() in (field, *field.findChildren(QWidget))


def test_a_service_error_keeps_everything_typed(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World, sqlite_db: Database
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_metformin
    )
    d.form.dose_edit.setText("1+1+1+0")
    d.form.source_combo.setEditText("Læge Lund")
    # meanwhile another nurse discontinues the same line from the same roll
    other = open_ctx(sqlite_db, "koord", fixed_clock(NOW))
    changes.register(
        other,
        ChangeRequest(
            cpr=sqlite_world.anna,
            kind=ChangeKind.DISCONTINUE,
            line_id=sqlite_world.line_metformin,
            source="Læge",
        ),
    )
    d.save_button.click()
    qtbot.waitUntil(lambda: not d.banner.isHidden(), timeout=5000)
    # The other nurse's discontinuation is queued for the same roll: the dialog names it and
    # asks for a choice (conflicting changes are never accepted silently).
    assert "seponering" in d.banner.text() and d.conflict_box.isVisible()
    assert d.isVisible() and d.stack.currentWidget() is d.form_page
    assert d.form.dose_edit.text() == "1+1+1+0" and d.form.source_combo.currentText() == "Læge Lund"
    assert d.save_button.isEnabled()
    assert count_changes(sqlite_db) == 1


def test_a_database_error_is_presented_and_nothing_is_lost(
    qtbot: QtBot,
    ctx: Ctx,
    runner: Runner,
    sqlite_world: World,
    monkeypatch: pytest.MonkeyPatch,
    quiet_messages: list[Message],
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_metformin
    )
    d.form.dose_edit.setText("1+1+1+0")
    d.form.source_combo.setEditText("Læge Lund")

    def locked(_ctx: Ctx, _req: ChangeRequest) -> None:
        raise StorageError("locked", "Databasen er låst.")

    monkeypatch.setattr(changes, "register", locked)
    d.save_button.click()
    qtbot.waitUntil(lambda: bool(quiet_messages), timeout=5000)
    assert quiet_messages[-1].text == "Databasen er låst."
    assert "still here" in d.banner.text()
    assert d.form.dose_edit.text() == "1+1+1+0" and d.isVisible()


def test_confirm_conflicts_when_another_session_cancelled_first(
    qtbot: QtBot,
    ctx: Ctx,
    runner: Runner,
    sqlite_world: World,
    sqlite_db: Database,
    quiet_messages: list[Message],
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_metformin
    )
    d.form.dose_edit.setText("1+1+1+0")
    d.form.source_combo.setEditText("Læge Lund")
    change_id = save(qtbot, d)
    other = open_ctx(sqlite_db, "koord", fixed_clock(NOW + timedelta(minutes=2)))
    changes.cancel(other, change_id, None, "Registreret to gange")
    d.confirm_button.click()
    qtbot.waitUntil(lambda: "Cancelled" in d.summary_text, timeout=5000)
    assert [m.level for m in quiet_messages] == ["warning"]  # the conflict, once
    assert "Karl Koordinator" in quiet_messages[0].text
    assert "Annulleret" in quiet_messages[0].text
    c = changes.get(ctx, change_id)
    assert c.state is ChangeState.CANCELLED and c.cancel_reason == "Registreret to gange"
    assert not d.confirm_button.isEnabled()


def test_confirm_and_cancel_from_the_summary(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_metformin
    )
    d.form.dose_edit.setText("1+1+1+0")
    d.form.source_combo.setEditText("Læge Lund")
    change_id = save(qtbot, d)
    d.confirm_button.click()
    qtbot.waitUntil(lambda: "Confirmed" in d.summary_text, timeout=5000)
    assert changes.get(ctx, change_id).state is ChangeState.CONFIRMED
    assert not d.cancel_change_button.isEnabled()
    d.cancel_reason_edit.setText("Lægen fortrød")
    d.cancel_change_button.click()
    qtbot.waitUntil(lambda: "Cancelled" in d.summary_text, timeout=5000)
    assert changes.get(ctx, change_id).state is ChangeState.CANCELLED


def test_escape_asks_before_discarding_input(
    qtbot: QtBot,
    ctx: Ctx,
    runner: Runner,
    sqlite_world: World,
    monkeypatch: pytest.MonkeyPatch,
    quiet_messages: list[Message],
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_metformin
    )
    assert not d.dirty
    QTest.keyClicks(d.form.dose_edit, "+1")
    assert d.dirty
    monkeypatch.setattr(forms, "AUTO_ANSWER", False)
    QTest.keyClick(d.form.dose_edit, Qt.Key.Key_Escape)
    assert d.isVisible()
    assert quiet_messages[-1].level == "question"
    monkeypatch.setattr(forms, "AUTO_ANSWER", True)
    QTest.keyClick(d.form.dose_edit, Qt.Key.Key_Escape)
    assert not d.isVisible()


def test_escape_closes_an_untouched_dialog_without_asking(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World, quiet_messages: list[Message]
) -> None:
    d = open_change_dialog(qtbot, ctx, runner, sqlite_world.anna)
    QTest.keyClick(d.form.line_combo, Qt.Key.Key_Escape)
    assert not d.isVisible() and quiet_messages == []


def test_the_form_is_labelled_and_in_order(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = open_change_dialog(
        qtbot, ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_metformin, acute=True
    )
    fields: list[QWidget] = [
        d.form.line_combo,
        d.form.kind_combo,
        d.form.dose_edit,
        *d.form.dose_spins,
        d.form.supply_combo,
        d.form.source_combo,
        d.form.received_edit,
        d.form.acute_check,
        d.form.acute_box.reason_edit,
        d.form.acute_box.doctor_edit,
        d.form.acute_box.bag_grid,
        d.form.acute_box.identifiable_check,
    ]
    assert all(w.accessibleName() for w in fields)
    assert QApplication.focusWidget() is d.form.line_combo
    seen: list[QWidget] = []
    w: QWidget | None = d.form.line_combo
    for _ in range(500):  # Tab from field to field
        assert w is not None
        w = w.nextInFocusChain()
        if w is d.form.line_combo:
            break
        if w in fields and w not in seen and w.isVisibleTo(d):
            seen.append(w)
    assert (
        seen.index(d.form.kind_combo)
        < seen.index(d.form.dose_edit)
        < seen.index(d.form.source_combo)
        < seen.index(d.form.received_edit)
        < seen.index(d.form.acute_box.reason_edit)
        < seen.index(d.form.acute_box.doctor_edit)
        < seen.index(d.form.acute_box.bag_grid)
    )
