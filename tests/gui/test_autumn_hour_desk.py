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


def test_the_card_counts_down_to_a_deadline_across_the_october_change(qtbot: QtBot):
    """The roll box's countdown to the pharmacy's deadline is the real time left: from Sunday
    01:00 summer time to Monday 12:00 winter time is 36 hours (the wall clocks say 35)."""
    from datetime import date

    from PySide6.QtWidgets import QTableView

    from dosisdesk.domain.types import PackingGroupId, PeriodDTO, PeriodId
    from dosisdesk.services.dto import PeriodColumn
    from dosisdesk.ui.nurse.card_views import PeriodStrip
    from dosisdesk.ui.nurse.models import CardLinesModel

    period = PeriodDTO(
        PeriodId(1),
        PackingGroupId(1),
        date(2026, 10, 29),
        date(2026, 11, 11),
        MONDAY_NOON,
        date(2026, 10, 28),
    )
    view = QTableView()
    qtbot.addWidget(view)
    model = CardLinesModel()
    view.setModel(model)
    strip = PeriodStrip(view, model)
    qtbot.addWidget(strip)
    sunday_one = datetime(2026, 10, 25, 1, 0, tzinfo=CPH)  # summer time, before the change
    column = PeriodColumn(period=period, lines=(), changes=(), is_current=False)
    strip.set_periods((column,), sunday_one)
    (box,) = strip.texts_of()
    assert texts.countdown(timedelta(hours=36)) in box
    assert texts.countdown(timedelta(hours=35)) not in box
