"""Stretching a period after the periods exist (R1): the open changes move along."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from dosisdesk.domain.errors import AccessDenied, InvalidInput, RuleViolation
from dosisdesk.domain.types import CPH, ChangeKind
from dosisdesk.services import cards, changes, periods
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.world import World


def test_stretch_over_christmas_moves_nothing_that_was_packed(db: Database, world: World):
    nurse = open_ctx(db, "sygpl", fixed_clock(NOW))
    k = open_ctx(db, "koord", fixed_clock(NOW))
    # a change for the roll of 17 December, registered after the 1 December deadline
    later = open_ctx(db, "sygpl", fixed_clock(datetime(2026, 12, 2, 9, 0, tzinfo=CPH)))
    c = changes.register(
        later,
        changes.ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=world.line_metformin,
            dosage="1+1+1+0",
        ),
    )
    assert c.effective_date == date(2026, 12, 17)
    with pytest.raises(AccessDenied):
        periods.stretch_period(nurse, "Torsdag", date(2026, 12, 17), 21, "Jul")
    with pytest.raises(InvalidInput):
        periods.stretch_period(k, "Torsdag", date(2026, 12, 17), 35, "Jul")  # over 28 days
    with pytest.raises(InvalidInput):
        periods.stretch_period(k, "Torsdag", date(2026, 12, 17), 21, " ")
    rows = periods.stretch_period(
        k, "Apotek Test/Torsdag", date(2026, 12, 17), 21, "Forlænget over jul"
    ).periods
    assert (rows[0].first_day, rows[0].last_day, rows[0].note) == (
        date(2026, 12, 17),
        date(2027, 1, 6),
        "Forlænget over jul",
    )
    assert rows[1].first_day == date(2027, 1, 7) and rows[1].length_days == 14
    moved = changes.get(k, c.id)
    assert moved.target_period is not None and moved.target_period.last_day == date(2027, 1, 6)
    lines, _ = cards.card_on(k, world.anna, date(2026, 12, 20))
    assert {ln.line_id: ln.dosage for ln in lines}[world.line_metformin] == "1+1+1+0"
    # a planned change now lands in the stretched roll, the one after starts 7 January
    after = open_ctx(db, "sygpl", fixed_clock(datetime(2026, 12, 16, 9, 0, tzinfo=CPH)))
    d = changes.register(
        after,
        changes.ChangeRequest(
            cpr=world.anna, kind=ChangeKind.DISCONTINUE, line_id=world.line_atorva
        ),
    )
    assert d.effective_date == date(2027, 1, 7)
    k_after = open_ctx(db, "koord", fixed_clock(datetime(2026, 12, 16, 9, 0, tzinfo=CPH)))
    with pytest.raises(RuleViolation):  # deadline passed: packing has started
        periods.stretch_period(k_after, "Torsdag", date(2026, 12, 17), 28, "for sent")
    listed = periods.list_periods(k, "torsdag", count=3)
    assert [p.first_day for p in listed] == [
        date(2026, 11, 19),
        date(2026, 12, 3),
        date(2026, 12, 17),
    ]
    assert listed[2].last_day - listed[2].first_day == timedelta(days=20)
