"""The desk's countdown of a 72-hour window across the October change of summer time: the real
time left, not the wall clocks' difference (an hour short the whole weekend)."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dosisdesk.domain.types import CPH, ContactKind
from dosisdesk.services.dto import ContactDTO
from dosisdesk.ui import texts
from dosisdesk.ui.desk.models import ContactMode, contacts_model

SATURDAY_NOON = datetime(2026, 10, 24, 12, 0, tzinfo=CPH)  # summer time
MONDAY_NOON = datetime(2026, 10, 26, 12, 0, tzinfo=CPH)  # winter time: 49 hours later


def test_the_time_left_counts_the_hour_october_repeats(qtbot: QtBot):
    window = ContactDTO(
        id=1,
        citizen_id=1,
        citizen_name="Anna Hansen",
        cpr="0101011234",
        kind=ContactKind.ADMISSION,
        hospital="Demo Hospital",
        department="Medicinsk afdeling M2",
        phone="70112233",
        started_at=datetime(2026, 10, 20, 9, 0, tzinfo=CPH),
        ended_at=MONDAY_NOON - timedelta(hours=73),  # 72 real hours before, summer time
        somatic=True,
        municipal_nursing=True,
        extended_until=None,
        responsibility_until=MONDAY_NOON,
        window_open=True,
        dd_paused=False,
        note="",
        epicrisis_received=False,
        fmk_checked=False,
        changes_registered=False,
        dd_decided=False,
        version=1,
    )
    model = contacts_model(ContactMode.WINDOWS, lambda: SATURDAY_NOON)
    model.set_rows([window])
    names = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    left = model.index(0, names.index("Time left"))
    assert model.data(left) == texts.countdown(timedelta(hours=49))
