"""Moments compared and subtracted as moments (``domain.calendar.is_before``, ``time_between``),
also in the hour Copenhagen repeats on the last Sunday of October: Python compares two datetimes
that share a ``tzinfo`` by their wall clocks and ignores ``fold``, so 02:40 summer time (the first
pass) counted as after 02:30 winter time (the second pass, 50 minutes later), and a span across a
change of summer time was an hour off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dosisdesk.domain import invariants as inv
from dosisdesk.domain.calendar import is_before, time_between, utc_to_cph
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.domain.responsibility import HospitalStay, responsibility_until, still_open
from dosisdesk.domain.types import CPH, ContactKind

#: 02:40 summer time, the first pass of the repeated hour (00:40 UTC)
FIRST_0240 = datetime(2026, 10, 25, 2, 40, tzinfo=CPH)
#: 02:30 winter time, the second pass (01:30 UTC): 50 minutes after FIRST_0240
SECOND_0230 = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=CPH)


def test_the_two_passes_are_what_the_tests_say():
    assert FIRST_0240.astimezone(UTC) == datetime(2026, 10, 25, 0, 40, tzinfo=UTC)
    assert SECOND_0230.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert not FIRST_0240 < SECOND_0230  # Python's own comparison: the wall clocks


def _around(year: int, month: int, day: int) -> list[datetime]:
    """Copenhagen moments every 10 minutes from 22:00 UTC the day before to 04:00 UTC."""
    start = datetime(year, month, day - 1, 22, 0, tzinfo=UTC)
    return [utc_to_cph(start + timedelta(minutes=10 * i)) for i in range(37)]


@pytest.mark.parametrize("day", [(2026, 10, 25), (2026, 3, 29)], ids=["october", "march"])
def test_moments_compare_and_subtract_as_moments_around_each_change(day: tuple[int, int, int]):
    moments = _around(*day)
    wrong = 0
    for a in moments:
        for b in moments:
            real = b.astimezone(UTC) - a.astimezone(UTC)
            assert is_before(a, b) is (real > timedelta(0)), (a, b)
            assert time_between(a, b) == real, (a, b)
            wrong += (a < b) is not (real > timedelta(0)) or b - a != real
    assert wrong  # the wall clocks would have got some of these pairs wrong


def test_moments_of_other_zones_compare_too():
    assert is_before(FIRST_0240, SECOND_0230.astimezone(UTC))
    assert time_between(FIRST_0240.astimezone(UTC), SECOND_0230) == timedelta(minutes=50)


def test_a_span_across_the_change_counts_the_real_hours():
    saturday = datetime(2026, 10, 24, 12, 0, tzinfo=CPH)
    monday = datetime(2026, 10, 26, 12, 0, tzinfo=CPH)
    assert time_between(saturday, monday) == timedelta(hours=49)
    assert time_between(monday, saturday) == timedelta(hours=-49)
    spring_sat, spring_mon = (datetime(2026, 3, d, 12, 0, tzinfo=CPH) for d in (28, 30))
    assert time_between(spring_sat, spring_mon) == timedelta(hours=47)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        time_between(FIRST_0240.replace(tzinfo=None), FIRST_0240.replace(tzinfo=None))


def test_a_window_ending_in_the_second_pass_is_open_during_the_first():
    """R6: discharged Thursday 03:30 summer time, the department answers until 02:30 winter
    time on Sunday, 72 real hours; at 02:40 summer time that is 50 minutes ahead."""
    stay = HospitalStay(
        ContactKind.ADMISSION,
        datetime(2026, 10, 18, 10, 0, tzinfo=CPH),
        datetime(2026, 10, 22, 3, 30, tzinfo=CPH),
    )
    until = responsibility_until(stay)
    assert until == SECOND_0230 and until is not None and until.fold == 1
    assert still_open(until, FIRST_0240)
    assert not still_open(until, SECOND_0230)
    assert not still_open(until, utc_to_cph(SECOND_0230.astimezone(UTC) + timedelta(minutes=5)))
    assert not still_open(None, FIRST_0240)


def test_history_in_the_repeated_hour_is_in_order():
    """An extract whose change was registered at 02:40 summer time and confirmed at 02:30 winter
    time is in time order; its receipt and a renewal decided then too."""
    inv.check_transitions(
        "confirmed", [(None, "registered", FIRST_0240), ("registered", "confirmed", SECOND_0230)]
    )
    inv.check_received(FIRST_0240, SECOND_0230)
    inv.check_renewal(FIRST_0240, SECOND_0230)
    with pytest.raises(InvalidInput):
        inv.check_transitions(
            "registered",
            [(None, "confirmed", SECOND_0230), ("confirmed", "registered", FIRST_0240)],
        )
    with pytest.raises(InvalidInput):
        inv.check_received(SECOND_0230, FIRST_0240)
    with pytest.raises(InvalidInput):
        inv.check_renewal(SECOND_0230, FIRST_0240)
