"""Hospital contacts (R6) and pause/resume (R4) in the GUI: the contact dialog, the discharge
dialog with the 72-hour window, and the panel's countdown, checklist and resume."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QRadioButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from dosisdesk.domain.types import CPH, ContactKind
from dosisdesk.services import contacts, lookup
from dosisdesk.services.contacts import ContactRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from dosisdesk.ui.dialogs.contact import ContactDialog, DischargeDialog, ExtendDialog
from dosisdesk.ui.messages import Message
from dosisdesk.ui.nurse.hospital import ContactPanel
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets import forms
from dosisdesk.ui.widgets.forms import to_qdatetime
from tests.conftest import NOW
from tests.helpers.gui import admission
from tests.world import World

pytestmark = pytest.mark.usefixtures("quiet_messages")


def count_contacts(db: Database) -> int:
    with db.begin() as s:
        return int(s.scalar(select(func.count(m.HospitalContact.id))) or 0)


def open_panel(qtbot: QtBot, ctx: Ctx, runner: Runner, w: World) -> ContactPanel:
    panel = ContactPanel(ctx, runner)
    qtbot.addWidget(panel)
    panel.resize(900, 560)
    panel.show()
    panel.set_citizen(w.anna, contacts.list_contacts(ctx, cpr=w.anna))
    qtbot.waitUntil(
        lambda: panel.pause_button.isEnabled() or panel.resume_button.isEnabled(), timeout=5000
    )
    return panel


def open_contact_dialog(qtbot: QtBot, ctx: Ctx, runner: Runner, w: World) -> ContactDialog:
    d = ContactDialog(ctx, runner, w.anna)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: "Anna Hansen" in d.header.text(), timeout=5000)
    return d


def fill_contact(d: ContactDialog) -> None:
    d.hospital_edit.setText("Aarhus Universitetshospital")
    d.department_edit.setText("Kardiologisk afdeling")
    d.phone_edit.setText("78 45 12 34")


# ---------------------------------------------------------------------------


def test_an_admission_pauses_the_card(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = open_contact_dialog(qtbot, ctx, runner, sqlite_world)
    assert d.current_kind() is ContactKind.ADMISSION and d.pause_check.isChecked()
    assert not d.ended_edit.isVisibleTo(d)  # an admission ends with a discharge
    fill_contact(d)
    d.started_edit.setDateTime(to_qdatetime(NOW - timedelta(hours=5)))
    with qtbot.waitSignal(d.contact_saved, timeout=5000) as blocker:
        d.save_button.click()
    contact_id = blocker.args[0]
    assert not d.isVisible()
    assert lookup.citizen_brief(ctx, sqlite_world.anna).paused
    [c] = contacts.list_contacts(ctx, cpr=sqlite_world.anna)
    assert (c.id, c.kind, c.dd_paused, c.somatic) == (contact_id, ContactKind.ADMISSION, True, True)
    assert (c.hospital, c.department, c.phone) == (
        "Aarhus Universitetshospital",
        "Kardiologisk afdeling",
        "78 45 12 34",
    )
    assert c.started_at == NOW - timedelta(hours=5)


def test_an_outpatient_contact_does_not_pause_by_default(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = ContactDialog(ctx, runner, sqlite_world.anna)
    qtbot.addWidget(d)
    d.show()
    d.kind_combo.setCurrentIndex(d.kind_combo.findData(ContactKind.OUTPATIENT.value))
    assert not d.pause_check.isChecked()
    assert d.ended_edit.isVisibleTo(d) and not d.ended_edit.isEnabled()
    fill_contact(d)
    d.psychiatric_radio.setChecked(True)
    d.ended_check.setChecked(True)
    d.started_edit.setDateTime(to_qdatetime(NOW - timedelta(hours=2)))
    d.ended_edit.setDateTime(to_qdatetime(NOW - timedelta(hours=1)))
    with qtbot.waitSignal(d.contact_saved, timeout=5000):
        d.save_button.click()
    [c] = contacts.list_contacts(ctx, cpr=sqlite_world.anna)
    assert c.kind is ContactKind.OUTPATIENT and not c.somatic and not c.dd_paused
    assert c.ended_at == NOW - timedelta(hours=1)
    assert not lookup.citizen_brief(ctx, sqlite_world.anna).paused


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("phone_short", "at least 8 digits"),
        ("phone_letters", "only digits"),
        ("hospital", "Enter the hospital"),
        ("department", "Enter the department"),
        ("start_future", "in the future"),
        ("end_before_start", "before the start"),
    ],
)
def test_bad_input_in_the_contact_dialog(
    qtbot: QtBot,
    ctx: Ctx,
    runner: Runner,
    sqlite_world: World,
    sqlite_db: Database,
    case: str,
    words: str,
) -> None:
    d = open_contact_dialog(qtbot, ctx, runner, sqlite_world)
    fill_contact(d)
    label = d.phone_error
    if case == "phone_short":
        d.phone_edit.clear()
        QTest.keyClicks(d.phone_edit, "7845 12")
        assert not d.phone_error.isHidden()  # as typed
    elif case == "phone_letters":
        d.phone_edit.setText("78 45 12 34 a")
    elif case == "hospital":
        d.hospital_edit.setText(" ")
        label = d.hospital_error
    elif case == "department":
        d.department_edit.clear()
        label = d.department_error
    elif case == "start_future":
        d.started_edit.setDateTime(to_qdatetime(NOW + timedelta(hours=2)))
        label = d.started_error
    else:
        d.kind_combo.setCurrentIndex(d.kind_combo.findData(ContactKind.ACUTE_OUTPATIENT.value))
        d.started_edit.setDateTime(to_qdatetime(NOW - timedelta(hours=1)))
        d.ended_check.setChecked(True)
        d.ended_edit.setDateTime(to_qdatetime(NOW - timedelta(hours=3)))
        label = d.ended_error
    d.save_button.click()
    assert runner.idle and d.isVisible()
    assert not label.isHidden() and words in label.text()
    assert not d.banner.isHidden()
    assert count_contacts(sqlite_db) == 0
    assert d.hospital_edit.text() in ("Aarhus Universitetshospital", " ")  # nothing lost


def test_discharge_after_24_hours_opens_the_72_hour_window(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    c = admission(ctx, sqlite_world, NOW - timedelta(days=3))
    d = DischargeDialog(ctx, runner, c)
    qtbot.addWidget(d)
    d.show()
    d.ended_edit.setDateTime(to_qdatetime(NOW - timedelta(hours=1)))
    assert "72-hour responsibility applies" in d.window_text
    assert "onsdag 25. november kl. 09.00" in d.window_text  # discharge + 72 h
    assert "78 45 12 34" in d.window_text
    # somatic or psychiatric was asked at the admission: shown, not asked again
    assert d.somatic_label.text() == "Somatic (said at the admission)"
    assert not d.findChildren(QRadioButton)
    d.nursing_check.setChecked(False)
    assert "municipal nursing" in d.window_text
    d.nursing_check.setChecked(True)
    with qtbot.waitSignal(d.contact_saved, timeout=5000):
        d.save_button.click()
    [saved] = contacts.list_contacts(ctx, cpr=sqlite_world.anna)
    assert saved.responsibility_until == NOW + timedelta(hours=71)

    panel = open_panel(qtbot, ctx, runner, sqlite_world)
    assert panel.open_window() is not None
    assert panel.call_phone.text() == "78 45 12 34"
    assert "Kardiologisk afdeling" in panel.call_who.text()
    assert "call the department" in panel.call_title.text()
    assert "onsdag 25. november kl. 09.00" in panel.until_label.text()
    assert panel.countdown_text == "2 d 23 t 0 min left"
    assert panel.countdown_timer.isActive() and panel.countdown_timer.interval() == 30_000
    ctx.clock = fixed_clock(NOW + timedelta(hours=2, minutes=30))
    panel.countdown_timer.timeout.emit()
    assert panel.countdown_text == "2 d 20 t 30 min left"
    ctx.clock = fixed_clock(NOW + timedelta(hours=71, seconds=1))  # the window has closed
    panel.countdown_timer.timeout.emit()
    assert panel.countdown_text == ""
    assert "own GP" in panel.call_title.text()
    assert (panel.call_who.text(), panel.call_phone.text()) == (
        "Læge Lund",
        "70 20 20 20",
    )  # a Danish number


def test_a_short_stay_has_no_72_hours(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    c = admission(ctx, sqlite_world, NOW - timedelta(hours=10))
    d = DischargeDialog(ctx, runner, c)
    qtbot.addWidget(d)
    d.show()
    assert "do not apply" in d.window_text and "shorter than 24 hours" in d.window_text
    d.ended_edit.setDateTime(to_qdatetime(NOW + timedelta(hours=3)))
    assert "in the future" in d.ended_error.text()
    d.save_button.click()
    assert runner.idle and d.isVisible()
    assert contacts.list_contacts(ctx, cpr=sqlite_world.anna)[0].ended_at is None


def test_a_discharge_registered_by_someone_else_is_not_overwritten(
    qtbot: QtBot,
    ctx: Ctx,
    runner: Runner,
    sqlite_world: World,
    sqlite_db: Database,
    quiet_messages: list[Message],
) -> None:
    c = admission(ctx, sqlite_world, NOW - timedelta(days=3))
    d = DischargeDialog(ctx, runner, c)
    qtbot.addWidget(d)
    d.show()
    d.ended_edit.setDateTime(to_qdatetime(NOW - timedelta(hours=1)))
    other = open_ctx(sqlite_db, "koord", fixed_clock(NOW))
    contacts.discharge(other, c.id, None, NOW - timedelta(hours=4))
    d.save_button.click()
    qtbot.waitUntil(lambda: "Someone else" in d.banner.text(), timeout=5000)
    assert [msg.level for msg in quiet_messages] == ["warning"]
    assert "ændret af en anden" in quiet_messages[0].text
    assert d.isVisible() and d.save_button.isEnabled()
    assert contacts.list_contacts(ctx, cpr=sqlite_world.anna)[0].ended_at == NOW - timedelta(
        hours=4
    )


def test_the_checklist_is_saved_and_a_conflict_reloads(
    qtbot: QtBot,
    ctx: Ctx,
    runner: Runner,
    sqlite_world: World,
    sqlite_db: Database,
    quiet_messages: list[Message],
) -> None:
    admission(ctx, sqlite_world, NOW - timedelta(days=3), ended=NOW - timedelta(hours=1))
    panel = open_panel(qtbot, ctx, runner, sqlite_world)
    assert panel.checklist_box.isEnabled()
    assert "Epicrisis received" in panel.checklist_state.text()
    panel.checks["epicrisis_received"].click()
    qtbot.waitUntil(lambda: panel.checklist_box.isEnabled(), timeout=5000)
    [c] = contacts.list_contacts(ctx, cpr=sqlite_world.anna)
    assert c.epicrisis_received and not c.fmk_checked
    # another nurse ticks "FMK checked" meanwhile; our next tick is based on the old version
    other = open_ctx(sqlite_db, "koord", fixed_clock(NOW))
    contacts.set_checklist(other, c.id, None, fmk_checked=True)
    panel.checks["changes_registered"].click()
    qtbot.waitUntil(lambda: panel.checks["fmk_checked"].isChecked(), timeout=5000)
    assert [msg.level for msg in quiet_messages] == ["warning"]
    assert "ændret af en anden" in quiet_messages[0].text
    assert not panel.checks["changes_registered"].isChecked()  # ours was not saved
    [fresh] = contacts.list_contacts(ctx, cpr=sqlite_world.anna)
    assert (fresh.epicrisis_received, fresh.fmk_checked, fresh.changes_registered) == (
        True,
        True,
        False,
    )
    qtbot.waitUntil(lambda: panel.checklist_box.isEnabled(), timeout=5000)
    panel.checks["changes_registered"].click()  # after the reload it saves
    qtbot.waitUntil(
        lambda: contacts.list_contacts(ctx, cpr=sqlite_world.anna)[0].changes_registered,
        timeout=5000,
    )


def test_resume_shows_the_days_of_manual_dispensing(
    qtbot: QtBot,
    ctx: Ctx,
    runner: Runner,
    sqlite_world: World,
    monkeypatch: pytest.MonkeyPatch,
    quiet_messages: list[Message],
) -> None:
    # admitted and paused before the deadline of the roll 19 Nov - 2 Dec: that roll is not packed
    admission(
        ctx, sqlite_world, datetime(2026, 11, 14, 10, 0, tzinfo=CPH), ended=NOW - timedelta(hours=2)
    )
    panel = open_panel(qtbot, ctx, runner, sqlite_world)
    assert panel.resume_button.isEnabled() and not panel.pause_button.isEnabled()
    monkeypatch.setattr(forms, "AUTO_ANSWER", False)  # "No" to the question first
    panel.resume_button.click()
    qtbot.waitUntil(lambda: bool(panel.resume_preview_text), timeout=5000)
    text = panel.resume_preview_text
    assert "torsdag 3. december" in text
    assert "søn. 22. nov." in text and "ons. 2. dec." in text and "lør. 21. nov." not in text
    assert quiet_messages[-1].level == "question" and "ons. 2. dec." in quiet_messages[-1].text
    assert lookup.citizen_brief(ctx, sqlite_world.anna).paused  # nothing done on "No"
    monkeypatch.setattr(forms, "AUTO_ANSWER", True)
    qtbot.waitUntil(panel.resume_button.isEnabled, timeout=5000)
    panel.resume_button.click()
    qtbot.waitUntil(lambda: panel.pause_button.isEnabled(), timeout=5000)
    assert not lookup.citizen_brief(ctx, sqlite_world.anna).paused
    assert "resumed" in panel.resume_preview_text and "søn. 22. nov." in panel.resume_preview_text
    # resuming answers the checklist's "dose dispensing resumed or still paused"
    (c,) = contacts.list_contacts(ctx, cpr=sqlite_world.anna)
    assert c.dd_decided
    qtbot.waitUntil(lambda: panel.checks["dd_decided"].isChecked(), timeout=5000)


def test_pause_from_the_panel(qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World) -> None:
    c = contacts.add_contact(
        ctx,
        ContactRequest(
            sqlite_world.anna,
            ContactKind.OUTPATIENT,
            "Herlev Hospital",
            "Medicinsk ambulatorium",
            "38 68 38 68",
            NOW - timedelta(hours=1),
        ),
    )
    panel = open_panel(qtbot, ctx, runner, sqlite_world)
    assert panel.selected_contact() == c
    assert not panel.discharge_button.isEnabled() and not panel.extend_button.isEnabled()
    assert "own GP" in panel.call_title.text()
    panel.pause_button.click()
    qtbot.waitUntil(lambda: panel.resume_button.isEnabled(), timeout=5000)
    assert lookup.citizen_brief(ctx, sqlite_world.anna).paused


def test_while_admitted_the_hospital_answers_and_the_card_and_list_say_so(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    from dosisdesk.services import cards, search
    from dosisdesk.ui.nurse.card_views import CardHeader
    from dosisdesk.ui.nurse.models import attention_labels

    c = admission(ctx, sqlite_world, NOW - timedelta(days=2))
    panel = open_panel(qtbot, ctx, runner, sqlite_world)
    assert "Admitted" in panel.call_title.text() and "GP" not in panel.call_title.text()
    assert panel.call_who.text() == "Aarhus Universitetshospital, Kardiologisk afdeling"
    assert panel.call_phone.text() == "78 45 12 34"
    header = CardHeader()
    qtbot.addWidget(header)
    header.set_card(cards.card_view(ctx, sqlite_world.anna))
    assert header.admitted_text == (
        "Admitted: Aarhus Universitetshospital, Kardiologisk afdeling · "
        "the department answers: phone 78 45 12 34"
    )
    (row,) = search.search_citizens(ctx, "Anna")
    assert attention_labels(row)[0][0] == "admitted: Kardiologisk afdeling, phone 78 45 12 34"
    # after the discharge: the department for 72 hours, then the GP
    contacts.discharge(ctx, c.id, c.version, NOW - timedelta(hours=1))
    panel.set_citizen(sqlite_world.anna, contacts.list_contacts(ctx, cpr=sqlite_world.anna))
    assert "72-hour window open" in panel.call_title.text()
    header.set_card(cards.card_view(ctx, sqlite_world.anna))
    assert header.admitted_text == ""
    (row,) = search.search_citizens(ctx, "Anna")
    assert row.admitted is None


def test_a_psychiatric_admission_is_not_asked_again_at_discharge(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    c = contacts.add_contact(
        ctx,
        ContactRequest(
            sqlite_world.anna,
            ContactKind.ADMISSION,
            "Psykiatrien",
            "Afsnit P3",
            "71003030",
            NOW - timedelta(days=4),
            somatic=False,
        ),
    )
    d = DischargeDialog(ctx, runner, c)
    qtbot.addWidget(d)
    d.show()
    d.ended_edit.setDateTime(to_qdatetime(NOW - timedelta(hours=1)))
    assert d.somatic_label.text() == "Psychiatric (said at the admission)"
    assert "do not apply" in d.window_text and "psychiatric" in d.window_text
    with qtbot.waitSignal(d.contact_saved, timeout=5000):
        d.save_button.click()
    (saved,) = contacts.list_contacts(ctx, cpr=sqlite_world.anna)
    assert not saved.somatic and saved.responsibility_until is None


def test_discharge_and_extend_from_the_panel(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    admission(ctx, sqlite_world, NOW - timedelta(days=2))
    panel = open_panel(qtbot, ctx, runner, sqlite_world)
    assert panel.discharge_button.isEnabled() and not panel.extend_button.isEnabled()
    assert not panel.checklist_box.isEnabled()  # still admitted
    panel.discharge_button.click()
    dialog = panel.last_dialog
    assert isinstance(dialog, DischargeDialog)
    with qtbot.waitSignal(dialog.contact_saved, timeout=5000):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: panel.extend_button.isEnabled(), timeout=5000)
    assert panel.countdown_text == "3 d 0 t 0 min left"
    assert panel.checklist_box.isEnabled()
    panel.extend_button.click()
    ext = panel.last_dialog
    assert isinstance(ext, ExtendDialog)
    later = NOW + timedelta(days=5)
    ext.until_edit.setDateTime(to_qdatetime(NOW + timedelta(hours=47)))  # not later: refused
    ext.save_button.click()
    assert "later than the current" in ext.until_error.text() and ext.isVisible()
    ext.until_edit.setDateTime(to_qdatetime(later))
    with qtbot.waitSignal(ext.contact_saved, timeout=5000):
        ext.save_button.click()
    qtbot.waitUntil(lambda: panel.countdown_text == "5 d 0 t 0 min left", timeout=5000)
    assert contacts.list_contacts(ctx, cpr=sqlite_world.anna)[0].responsibility_until == later


def test_escape_asks_before_discarding_a_contact(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = ContactDialog(ctx, runner, sqlite_world.anna)
    qtbot.addWidget(d)
    d.show()
    QTest.keyClicks(d.department_edit, "Medicinsk")
    monkeypatch.setattr(forms, "AUTO_ANSWER", False)
    QTest.keyClick(d.department_edit, Qt.Key.Key_Escape)
    assert d.isVisible() and d.department_edit.text() == "Medicinsk"
    monkeypatch.setattr(forms, "AUTO_ANSWER", True)
    QTest.keyClick(d.department_edit, Qt.Key.Key_Escape)
    assert not d.isVisible()
