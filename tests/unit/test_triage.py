"""The handover's triage rules (R10): bag times against a shift, the rolls a shift must know
of, the 72-hour window closing in a shift, the order of the sheet."""

from __future__ import annotations

from datetime import date, datetime

from dosisdesk.domain.triage import (
    BagTiming,
    Urgency,
    bag_timing,
    roll_days,
    triage_key,
    window_closes_in,
)
from dosisdesk.domain.types import CPH

MON = date(2026, 11, 30)


def window(day: date, start: int, end_day: date, end: int) -> tuple[datetime, datetime]:
    return (
        datetime(day.year, day.month, day.day, start, tzinfo=CPH),
        datetime(end_day.year, end_day.month, end_day.day, end, tzinfo=CPH),
    )


DAY = window(MON, 7, MON, 15)
EVENING = window(MON, 15, MON, 23)
NIGHT = window(MON, 23, date(2026, 12, 1), 7)


def test_bags_fall_to_the_shift_of_their_intake_time() -> None:
    assert bag_timing(MON, "morning", *DAY) is BagTiming.IN_SHIFT
    assert bag_timing(MON, "noon", *DAY) is BagTiming.IN_SHIFT
    assert bag_timing(MON, "evening", *DAY) is BagTiming.LATER
    assert bag_timing(MON, "evening", *EVENING) is BagTiming.IN_SHIFT
    assert bag_timing(MON, "night", *EVENING) is BagTiming.IN_SHIFT
    assert bag_timing(MON, "night", *NIGHT) is BagTiming.OVERDUE
    assert bag_timing(MON, "14:00", *DAY) is BagTiming.IN_SHIFT
    assert bag_timing(MON, "15:00", *DAY) is BagTiming.LATER  # the end is not in the shift
    assert bag_timing(date(2026, 11, 29), "evening", *DAY) is BagTiming.OVERDUE


def test_day_evening_and_night_see_different_rolls() -> None:
    tue = date(2026, 12, 1)
    assert roll_days(MON, *DAY) == (MON, tue)  # this morning's roll and tomorrow's
    assert roll_days(MON, *EVENING) == (tue,)
    assert roll_days(MON, *NIGHT) == (tue,)


def test_a_window_closes_in_the_shift_it_ends_in() -> None:
    until = datetime(2026, 11, 30, 11, 30, tzinfo=CPH)
    assert window_closes_in(until, *DAY)
    assert not window_closes_in(until, *EVENING)
    assert not window_closes_in(None, *DAY)
    assert not window_closes_in(DAY[1], *DAY)  # at 15:00 it is the evening's


def test_urgency_first_then_route_then_name() -> None:
    rows = [
        (Urgency.SHORT_LIST, 1, "a"),
        (Urgency.HANDLINGS, 9, "b"),
        (Urgency.ACUTE, 2, "c"),
        (Urgency.HANDLINGS, 3, "d"),
        (Urgency.EXPIRED, 1, "e"),
        (Urgency.HANDLINGS, 3, "a"),
    ]
    ordered = sorted(rows, key=lambda r: triage_key(r[0], r[1], r[2], 0))
    assert ordered == [
        (Urgency.HANDLINGS, 3, "a"),
        (Urgency.HANDLINGS, 3, "d"),
        (Urgency.HANDLINGS, 9, "b"),
        (Urgency.ACUTE, 2, "c"),
        (Urgency.EXPIRED, 1, "e"),
        (Urgency.SHORT_LIST, 1, "a"),
    ]
