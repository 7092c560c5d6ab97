"""Danish public holidays, pharmacy closing days and Copenhagen time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dosisdesk.domain.calendar import (
    closed_reason,
    cph_datetime,
    danish_public_holidays,
    is_closed,
    is_public_holiday,
    iso_week,
    now_cph,
    previous_working_day,
    to_cph,
    to_utc,
    utc_naive,
    utc_to_cph,
)
from dosisdesk.domain.types import CPH, PackingSchedule

SCHED = PackingSchedule(start_weekday=0)
OPEN_XMAS_EVE = PackingSchedule(
    start_weekday=0, closed_christmas_eve=False, closed_constitution_day=False
)


class TestHolidays:
    def test_easter_2025(self) -> None:
        h = danish_public_holidays(2025)
        assert h[date(2025, 4, 17)] == "Skærtorsdag"
        assert h[date(2025, 4, 18)] == "Langfredag"
        assert h[date(2025, 4, 20)] == "Påskedag"
        assert h[date(2025, 4, 21)] == "2. påskedag"
        assert h[date(2025, 5, 29)] == "Kristi himmelfartsdag"
        assert h[date(2025, 6, 8)] == "Pinsedag"
        assert h[date(2025, 6, 9)] == "2. pinsedag"

    def test_easter_2026(self) -> None:
        h = danish_public_holidays(2026)
        assert {d for d, _ in h.items() if d.month in (4, 5)} == {
            date(2026, 4, 2),
            date(2026, 4, 3),
            date(2026, 4, 5),
            date(2026, 4, 6),
            date(2026, 5, 14),
            date(2026, 5, 24),
            date(2026, 5, 25),
        }

    def test_fixed_days_and_count(self) -> None:
        h = danish_public_holidays(2025)
        assert h[date(2025, 1, 1)] == "Nytårsdag"
        assert h[date(2025, 12, 25)] == "Juledag"
        assert h[date(2025, 12, 26)] == "2. juledag"
        assert len(h) == 10
        assert list(h) == sorted(h)

    def test_great_prayer_day_until_2023(self) -> None:
        h2023 = danish_public_holidays(2023)
        assert h2023[date(2023, 5, 5)] == "Store bededag"
        assert len(h2023) == 11
        assert "Store bededag" not in danish_public_holidays(2024).values()
        assert not is_public_holiday(date(2024, 4, 26))  # would have been Great Prayer Day

    def test_christmas_eve_and_constitution_day_are_not_public_holidays(self) -> None:
        h = danish_public_holidays(2025)
        assert date(2025, 12, 24) not in h
        assert date(2025, 6, 5) not in h
        assert date(2025, 12, 31) not in h

    def test_result_is_a_copy(self) -> None:
        danish_public_holidays(2030).clear()
        assert len(danish_public_holidays(2030)) == 10


class TestClosed:
    def test_weekend(self) -> None:
        assert is_closed(date(2025, 3, 1), SCHED)  # Saturday
        assert is_closed(date(2025, 3, 2), SCHED)  # Sunday
        assert not is_closed(date(2025, 3, 3), SCHED)
        assert closed_reason(date(2025, 3, 1), SCHED) == "Lørdag"

    def test_holiday_name_wins_over_weekend(self) -> None:
        assert closed_reason(date(2025, 4, 20), SCHED) == "Påskedag"

    def test_christmas_eve_per_pharmacy(self) -> None:
        xmas_eve = date(2025, 12, 24)  # a Wednesday
        assert is_closed(xmas_eve, SCHED)
        assert closed_reason(xmas_eve, SCHED) == "Juleaftensdag"
        assert not is_closed(xmas_eve, OPEN_XMAS_EVE)

    def test_constitution_day_per_pharmacy(self) -> None:
        day = date(2025, 6, 5)  # a Thursday
        assert is_closed(day, SCHED)
        assert not is_closed(day, OPEN_XMAS_EVE)

    def test_new_years_eve_is_open(self) -> None:
        assert not is_closed(date(2025, 12, 31), SCHED)

    def test_extra_closed_days(self) -> None:
        day = date(2025, 11, 12)
        sched = PackingSchedule(start_weekday=0, extra_closed_days=frozenset({day}))
        assert is_closed(day, sched)
        assert not is_closed(day, SCHED)
        assert previous_working_day(day, sched) == date(2025, 11, 11)


class TestPreviousWorkingDay:
    def test_open_day_is_itself(self) -> None:
        assert previous_working_day(date(2025, 12, 23), SCHED) == date(2025, 12, 23)

    def test_christmas(self) -> None:
        # Sat 27 Dec -> Fri 26 (Boxing Day) -> Thu 25 -> Wed 24 (closed here) -> Tue 23.
        assert previous_working_day(date(2025, 12, 27), SCHED) == date(2025, 12, 23)
        assert previous_working_day(date(2025, 12, 27), OPEN_XMAS_EVE) == date(2025, 12, 24)

    def test_new_year(self) -> None:
        assert previous_working_day(date(2026, 1, 1), SCHED) == date(2025, 12, 31)

    def test_easter(self) -> None:
        # Easter Monday 2026 -> Sunday, Saturday, Good Friday, Maundy Thursday -> Wed 1 April.
        assert previous_working_day(date(2026, 4, 6), SCHED) == date(2026, 4, 1)

    @settings(max_examples=150, deadline=None)
    @given(
        day=st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)),
        xmas=st.booleans(),
        constitution=st.booleans(),
    )
    def test_property(self, day: date, xmas: bool, constitution: bool) -> None:
        sched = PackingSchedule(
            start_weekday=0, closed_christmas_eve=xmas, closed_constitution_day=constitution
        )
        result = previous_working_day(day, sched)
        assert result <= day
        assert not is_closed(result, sched)
        gap = (day - result).days
        assert gap <= 6
        assert all(is_closed(result + timedelta(days=i), sched) for i in range(1, gap + 1))


class TestCphDatetime:
    def test_plain(self) -> None:
        dt = cph_datetime(date(2025, 6, 10), time(12, 0))
        assert dt.tzinfo is CPH
        assert dt.utcoffset() == timedelta(hours=2)
        assert (dt.hour, dt.minute) == (12, 0)

    def test_dst_spring_keeps_wall_clock(self) -> None:
        before = cph_datetime(date(2026, 3, 28), time(12, 0))
        after = cph_datetime(date(2026, 3, 30), time(12, 0))
        assert before.utcoffset() == timedelta(hours=1)
        assert after.utcoffset() == timedelta(hours=2)
        assert before.time() == after.time() == time(12, 0)
        # Two wall-clock days across the DST Sunday are only 47 real hours. (Python subtracts
        # datetimes with the same tzinfo as wall-clock times, so convert to UTC first.)
        assert after.astimezone(UTC) - before.astimezone(UTC) == timedelta(hours=47)
        assert after - before == timedelta(hours=48)

    def test_spring_gap_resolves_forward(self) -> None:
        dt = cph_datetime(date(2026, 3, 29), time(2, 30))
        assert dt.time() == time(3, 30)
        assert dt.utcoffset() == timedelta(hours=2)
        assert dt.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)

    def test_autumn_ambiguous_takes_first(self) -> None:
        dt = cph_datetime(date(2025, 10, 26), time(2, 30))
        assert dt.time() == time(2, 30)
        assert dt.utcoffset() == timedelta(hours=2)
        assert dt.astimezone(UTC) == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
        # Even if the caller passes fold=1, the first occurrence is used.
        assert cph_datetime(date(2025, 10, 26), time(2, 30, fold=1)) == dt

    def test_autumn_keeps_wall_clock(self) -> None:
        fri = cph_datetime(date(2025, 10, 24), time(12, 0))
        mon = cph_datetime(date(2025, 10, 27), time(12, 0))
        assert fri.utcoffset() == timedelta(hours=2)
        assert mon.utcoffset() == timedelta(hours=1)
        assert fri.time() == mon.time() == time(12, 0)

    def test_rejects_aware_time(self) -> None:
        with pytest.raises(ValueError):
            cph_datetime(date(2025, 1, 1), time(12, 0, tzinfo=UTC))


class TestConversions:
    def test_now_is_aware_cph(self) -> None:
        now = now_cph()
        assert now.tzinfo is CPH
        assert now.utcoffset() in (timedelta(hours=1), timedelta(hours=2))

    def test_to_cph(self) -> None:
        dt = to_cph(datetime(2025, 1, 15, 11, 0, tzinfo=UTC))
        assert (dt.hour, dt.utcoffset()) == (12, timedelta(hours=1))
        assert to_cph(datetime(2025, 7, 15, 10, 0, tzinfo=UTC)).hour == 12

    def test_to_cph_rejects_naive(self) -> None:
        with pytest.raises(ValueError):
            to_cph(datetime(2025, 1, 15, 12, 0))  # noqa: DTZ001

    def test_iso_week_at_year_end(self) -> None:
        assert iso_week(date(2025, 12, 29)) == 1
        assert iso_week(date(2027, 1, 1)) == 53
        assert iso_week(date(2025, 12, 1)) == 49


def test_one_way_to_write_a_moment_as_nurses_do():
    from dosisdesk.domain.calendar import format_date, format_day, format_moment, format_time

    deadline = datetime(2026, 12, 1, 12, 0, tzinfo=CPH)
    assert format_moment(deadline, today=date(2026, 11, 22)) == "tirs. 1. dec. kl. 12.00"
    assert format_moment(deadline) == "tirs. 1. dec. 2026 kl. 12.00"
    assert format_day(date(2027, 1, 7), today=date(2026, 12, 30)) == "tors. 7. jan. 2027"
    assert format_date(date(2026, 5, 14), today=date(2026, 1, 1)) == "14. maj"
    assert format_time(datetime(2026, 7, 1, 6, 5, tzinfo=UTC)) == "kl. 08.05"  # summer time


def test_the_short_and_long_forms_come_from_the_same_module():
    from datetime import time

    from dosisdesk.domain.calendar import (
        format_clock,
        format_date_numeric,
        format_long_day,
        format_moment_numeric,
        format_time,
        format_weekday,
    )

    deadline = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)  # 12.00 in Copenhagen
    assert format_moment_numeric(deadline) == "01-12-2026 12.00"
    assert format_date_numeric(date(2026, 3, 5)) == "05-03-2026"
    assert format_clock(deadline) == "12.00"
    assert format_time(time(8, 0)) == "kl. 08.00"
    assert format_long_day(date(2026, 12, 1)) == "tirsdag 1. december 2026"
    assert format_long_day(date(2026, 12, 1), today=date(2026, 11, 22)) == "tirsdag 1. december"
    assert [format_weekday(i) for i in range(7)] == [
        "man.",
        "tirs.",
        "ons.",
        "tors.",
        "fre.",
        "lør.",
        "søn.",
    ]
    assert format_weekday(date(2026, 12, 1)) == "tirs."


def test_phone_numbers_are_written_as_danish_numbers() -> None:
    from dosisdesk.domain.text import format_phone

    assert format_phone("97660000") == "97 66 00 00"
    assert format_phone(" 9766 0000 ") == "97 66 00 00"
    assert format_phone("+4597660000") == "+45 97 66 00 00"
    assert format_phone("0045 97 66 00 00") == "+45 97 66 00 00"
    assert format_phone("97 66 00 00") == "97 66 00 00"
    assert format_phone("1813") == "1813"  # not a Danish subscriber number: as typed
    assert format_phone("ring via omstilling") == "ring via omstilling"


class TestBulkConversions:
    """to_utc / utc_to_cph (kept offsets per hour) give exactly what dateutil gives: the same
    moment, wall clock and fold, around every daylight-saving change."""

    @staticmethod
    def same(a: datetime, b: datetime) -> None:
        assert a == b
        assert a.replace(tzinfo=None) == b.replace(tzinfo=None)
        assert a.fold == b.fold
        assert a.tzinfo is b.tzinfo

    @pytest.mark.parametrize("year", [1996, 2026, 2099])
    def test_every_ten_minutes_of_a_year(self, year: int) -> None:
        u = datetime(year, 1, 1, tzinfo=UTC)
        while u.year == year:
            cph = u.astimezone(CPH)
            self.same(utc_to_cph(u), cph)
            for fold in (0, 1):
                wall = cph.replace(fold=fold)
                self.same(to_utc(wall), wall.astimezone(UTC))
                self.same(utc_naive(wall), wall.astimezone(UTC).replace(tzinfo=None))
            u += timedelta(minutes=10, seconds=7)

    def test_times_that_never_existed_and_other_zones(self) -> None:
        gap = datetime(2026, 3, 29, 2, 30, tzinfo=CPH)  # spring forward: 02:00-03:00 is skipped
        self.same(to_utc(gap), gap.astimezone(UTC))
        self.same(
            to_utc(cph_datetime(gap.date(), time(2, 30))), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
        )
        plus2 = datetime(2026, 10, 25, 2, 30, tzinfo=timezone(timedelta(hours=2)))
        self.same(to_utc(plus2), plus2.astimezone(UTC))
        self.same(utc_to_cph(plus2), plus2.astimezone(CPH))
        with pytest.raises(ValueError):
            to_utc(datetime(2026, 1, 1))  # noqa: DTZ001
        with pytest.raises(ValueError):
            utc_to_cph(datetime(2026, 1, 1))  # noqa: DTZ001

    @settings(max_examples=300, deadline=None)
    @given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31)))  # noqa: DTZ001
    def test_any_moment(self, naive: datetime) -> None:
        u = naive.replace(tzinfo=UTC)
        cph = u.astimezone(CPH)
        self.same(utc_to_cph(u), cph)
        self.same(to_utc(cph), cph.astimezone(UTC))
