"""Validation messages never overlap the fields: in every dialog that shows them, after its checks
have refused the input, no visible message (``forms.error_label``) intersects an input, and each
message has the height its wrapped text needs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from dosisdesk.domain.types import ContactKind
from dosisdesk.services import contacts
from dosisdesk.services import correspondence as corr
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage.db import Database
from dosisdesk.ui.dialogs import change as change_dialog
from dosisdesk.ui.dialogs.change import ChangeDialog
from dosisdesk.ui.dialogs.contact import ContactDialog, DischargeDialog, ExtendDialog
from dosisdesk.ui.dialogs.correspondence import AddressDialog, ComposeDialog
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets import forms
from dosisdesk.ui.widgets.forms import ERROR_RED, to_qdatetime
from tests.conftest import NOW
from tests.helpers.gui import admission
from tests.world import World

INPUTS = (
    QLineEdit,
    QAbstractSpinBox,
    QComboBox,
    QPlainTextEdit,
    QTextEdit,
    QAbstractButton,
    QAbstractItemView,
)


pytestmark = pytest.mark.usefixtures("quiet_messages")


def _rect(w: QWidget, top: QWidget) -> QRect:
    return QRect(w.mapTo(top, QPoint(0, 0)), w.size())


def messages(top: QWidget) -> list[QLabel]:
    return [
        lab
        for lab in top.findChildren(QLabel)
        if lab.isVisible() and lab.text() and ERROR_RED in lab.styleSheet()
    ]


def overlaps(top: QWidget) -> list[str]:
    """Each visible message that intersects a visible input, or is shorter than its text."""
    QApplication.processEvents()
    out = []
    inputs = [
        w
        for w in top.findChildren(QWidget)
        if isinstance(w, INPUTS) and w.isVisible() and w.window() is top
    ]
    for lab in messages(top):
        r = _rect(lab, top)
        for w in inputs:
            if w.isAncestorOf(lab) or lab.isAncestorOf(w):
                continue
            if r.intersects(_rect(w, top)):
                out.append(f"{lab.objectName()} over {type(w).__name__} {w.objectName()!r}")
        need = lab.heightForWidth(lab.width())
        if need > lab.height():
            out.append(f"{lab.objectName()} {lab.height()} px high, its text needs {need}")
    return out


def settle(qtbot: QtBot, d: QWidget) -> None:
    """Wait until the messages are shown and the dialog has made room for them."""
    qtbot.waitUntil(lambda: bool(messages(d)) and not forms.room_pending(d), timeout=5000)


def test_the_change_dialog_planned(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = ChangeDialog(ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_metformin)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.form_page.isEnabled(), timeout=5000)
    d.form.dose_edit.setText("1+x")
    d.form.source_combo.setEditText("  ")
    d.form.received_edit.setDateTime(d.form.received_edit.dateTime().addSecs(3 * 3600))
    d.save_button.click()
    settle(qtbot, d)
    assert len(messages(d)) >= 3
    assert overlaps(d) == []
    # a new drug not chosen in the list
    d.form.line_combo.setCurrentIndex(d.form.line_combo.findData(change_dialog.NEW_DRUG))
    d.form.search_edit.setText("Ukendt præparat med et langt navn")
    d.save_button.click()
    settle(qtbot, d)
    assert overlaps(d) == []


def test_the_change_dialog_acute(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    d = ChangeDialog(ctx, runner, sqlite_world.anna, line_id=sqlite_world.line_atorva, acute=True)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.form_page.isEnabled(), timeout=5000)
    d.form.source_combo.setEditText("Læge Lund")
    d.form.acute_box.remove_radio.setChecked(True)
    d.form.acute_box.identifiable_check.setChecked(False)
    d.save_button.click()
    settle(qtbot, d)
    box = d.form.acute_box
    shown = [
        lab for lab in (box.reason_error, box.doctor_error, box.handling_error) if lab.isVisible()
    ]
    assert len(shown) >= 2
    assert overlaps(d) == []


def test_the_contact_dialog(qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World) -> None:
    d = ContactDialog(ctx, runner, sqlite_world.anna)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: "Anna Hansen" in d.header.text(), timeout=5000)
    d.kind_combo.setCurrentIndex(d.kind_combo.findData(ContactKind.ACUTE_OUTPATIENT.value))
    d.hospital_edit.setText(" ")
    d.department_edit.clear()
    d.phone_edit.setText("78 45 12 34 a")
    d.started_edit.setDateTime(to_qdatetime(NOW + timedelta(hours=2)))
    d.ended_check.setChecked(True)
    d.ended_edit.setDateTime(to_qdatetime(NOW - timedelta(hours=3)))
    d.save_button.click()
    settle(qtbot, d)
    assert len(messages(d)) >= 4
    assert overlaps(d) == []


def test_the_discharge_and_extend_dialogs(
    qtbot: QtBot, ctx: Ctx, runner: Runner, sqlite_world: World
) -> None:
    c = admission(ctx, sqlite_world, NOW - timedelta(hours=72))
    d = DischargeDialog(ctx, runner, c)
    qtbot.addWidget(d)
    d.show()
    d.ended_edit.setDateTime(to_qdatetime(NOW + timedelta(hours=3)))
    d.save_button.click()
    settle(qtbot, d)
    assert overlaps(d) == []
    d.ended_edit.setDateTime(to_qdatetime(NOW - timedelta(hours=1)))
    with qtbot.waitSignal(d.contact_saved, timeout=5000):
        d.save_button.click()
    [c] = contacts.list_contacts(ctx, cpr=sqlite_world.anna)
    e = ExtendDialog(ctx, runner, c)
    qtbot.addWidget(e)
    e.show()
    e.until_edit.setDateTime(to_qdatetime(NOW + timedelta(hours=47)))
    e.save_button.click()
    settle(qtbot, e)
    assert overlaps(e) == []


def test_the_correspondence_dialogs(
    qtbot: QtBot, sqlite_db: Database, sqlite_world: World, runner: Runner
) -> None:
    koord = open_ctx(sqlite_db, "koord", fixed_clock(NOW))
    d = ComposeDialog(koord, runner, corr.compose(koord, sqlite_world.ojvind))
    qtbot.addWidget(d)
    d.show()
    d.category_combo.setCurrentIndex(d.category_combo.findData("other"))
    d.topic_edit.clear()
    d.text_edit.clear()
    d.send_button.click()
    settle(qtbot, d)
    assert len(messages(d)) >= 2
    assert overlaps(d) == []
    a = AddressDialog("Læge Lund, Lægehuset", "12", "")
    qtbot.addWidget(a)
    a.show()
    a._on_save()
    settle(qtbot, a)
    assert overlaps(a) == []


def test_the_stretch_form_on_the_desk(qtbot: QtBot, koord: Ctx) -> None:
    from dosisdesk.domain.errors import RuleViolation
    from tests.gui.test_coordinator import show
    from tests.helpers.gui import open_desk

    for desk in open_desk(qtbot, koord):
        desk.resize(1366, 690)
        tab = desk.periods_tab
        show(qtbot, desk, tab)
        tab._on_refused(
            RuleViolation(
                "length outside 7-28 days",
                "En periode kan forlænges til højst 28 dage, og kun mens fristen endnu ikke er "
                "passeret; vælg en kortere længde eller en senere periode, og prøv igen.",
            )
        )
        QApplication.processEvents()
        assert messages(desk) and overlaps(desk) == []
