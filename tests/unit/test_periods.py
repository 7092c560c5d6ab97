"""Dispensing periods from a packing schedule (R1)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dosisdesk.domain.calendar import cph_datetime, is_closed
from dosisdesk.domain.errors import InvalidInput, RuleViolation
from dosisdesk.domain.periods import (
    check_no_overlap,
    first_with_deadline_after,
    generate_periods,
    period_containing,
    relaid_starts,
)
from dosisdesk.domain.types import (
    CPH,
    PackingGroupId,
    PackingSchedule,
    PeriodDTO,
    PeriodId,
    PeriodPlan,
)

MONDAY = PackingSchedule(start_weekday=0)  # 14 days, deadline 2 days before 12:00, delivery -1


def _plan(first: date, last: date) -> PeriodPlan:
    return PeriodPlan(first, last, cph_datetime(first - timedelta(days=2), time(12)), first)


class TestBasics:
    def test_default_schedule(self) -> None:
        ps = generate_periods(
            MONDAY, anchor=date(2025, 9, 1), start_from=date(2025, 9, 1), until=date(2025, 9, 30)
        )
        assert [(p.first_day, p.last_day) for p in ps] == [
            (date(2025, 9, 1), date(2025, 9, 14)),
            (date(2025, 9, 15), date(2025, 9, 28)),
            (date(2025, 9, 29), date(2025, 10, 12)),
        ]
        # Deadline Saturday 13 Sep -> Friday 12 Sep 12:00; delivery Sunday -> Friday.
        p = ps[1]
        assert p.deadline == datetime(2025, 9, 12, 12, 0, tzinfo=CPH)
        assert p.expected_delivery == date(2025, 9, 12)
        assert p.note == ""

    def test_wednesday_schedule_no_move(self) -> None:
        sched = PackingSchedule(start_weekday=2)
        (p,) = generate_periods(
            sched, anchor=date(2025, 9, 3), start_from=date(2025, 9, 3), until=date(2025, 9, 3)
        )
        assert p.deadline == datetime(2025, 9, 1, 12, 0, tzinfo=CPH)  # Monday
        assert p.expected_delivery == date(2025, 9, 2)

    @pytest.mark.parametrize("length", [7, 10, 28])
    def test_length_is_read_from_schedule(self, length: int) -> None:
        sched = PackingSchedule(start_weekday=0, length_days=length)
        ps = generate_periods(
            sched, anchor=date(2025, 9, 1), start_from=date(2025, 9, 1), until=date(2025, 12, 31)
        )
        assert all(p.length_days == length for p in ps)
        assert ps[1].first_day == date(2025, 9, 1) + timedelta(days=length)

    def test_window_filter_includes_overlapping_periods(self) -> None:
        ps = generate_periods(
            MONDAY, anchor=date(2025, 1, 6), start_from=date(2025, 9, 10), until=date(2025, 9, 20)
        )
        assert [p.first_day for p in ps] == [date(2025, 9, 1), date(2025, 9, 15)]
        assert ps[0].contains(date(2025, 9, 10))
        assert ps[-1].contains(date(2025, 9, 20))

    def test_backwards_from_anchor(self) -> None:
        ps = generate_periods(
            MONDAY, anchor=date(2025, 9, 1), start_from=date(2025, 8, 1), until=date(2025, 9, 5)
        )
        assert [p.first_day for p in ps] == [
            date(2025, 7, 21),
            date(2025, 8, 4),
            date(2025, 8, 18),
            date(2025, 9, 1),
        ]
        check_no_overlap(ps)

    def test_wrong_anchor_weekday(self) -> None:
        with pytest.raises(InvalidInput) as exc:
            generate_periods(
                MONDAY,
                anchor=date(2025, 9, 2),
                start_from=date(2025, 9, 2),
                until=date(2025, 10, 1),
            )
        assert "tirsdag" in exc.value.message
        assert "mandag" in exc.value.message

    def test_start_after_until(self) -> None:
        with pytest.raises(InvalidInput):
            generate_periods(
                MONDAY,
                anchor=date(2025, 9, 1),
                start_from=date(2025, 10, 1),
                until=date(2025, 9, 1),
            )

    def test_bad_schedule(self) -> None:
        with pytest.raises(InvalidInput):
            generate_periods(
                PackingSchedule(start_weekday=0, length_days=0),
                anchor=date(2025, 9, 1),
                start_from=date(2025, 9, 1),
                until=date(2025, 9, 30),
            )


class TestHolidaysAndYearEnd:
    def test_christmas_deadline_moves_before_christmas_eve(self) -> None:
        # Saturday start, deadline 2 days before = Thursday 25 Dec (Christmas Day) -> Wed 24
        # (closed at this pharmacy) -> Tue 23 Dec.
        sched = PackingSchedule(start_weekday=5)
        ps = generate_periods(
            sched, anchor=date(2025, 12, 13), start_from=date(2025, 12, 27), until=date(2026, 1, 3)
        )
        assert [p.first_day for p in ps] == [date(2025, 12, 27)]
        assert ps[0].deadline == datetime(2025, 12, 23, 12, 0, tzinfo=CPH)
        # Delivery Friday 26 Dec (Boxing Day) moves the same way.
        assert ps[0].expected_delivery == date(2025, 12, 23)

    def test_christmas_eve_open_pharmacy(self) -> None:
        sched = PackingSchedule(start_weekday=5, closed_christmas_eve=False)
        (p,) = generate_periods(
            sched,
            anchor=date(2025, 12, 27),
            start_from=date(2025, 12, 27),
            until=date(2025, 12, 27),
        )
        assert p.deadline == datetime(2025, 12, 24, 12, 0, tzinfo=CPH)
        assert p.expected_delivery == date(2025, 12, 24)

    def test_boxing_day_deadline(self) -> None:
        sched = PackingSchedule(start_weekday=6)  # Sunday start: deadline Fri 26 Dec
        (p,) = generate_periods(
            sched,
            anchor=date(2025, 12, 28),
            start_from=date(2025, 12, 28),
            until=date(2025, 12, 28),
        )
        assert p.deadline.date() == date(2025, 12, 23)

    def test_new_years_day_deadline_moves_to_new_years_eve(self) -> None:
        sched = PackingSchedule(start_weekday=5)  # Sat 3 Jan 2026: deadline Thu 1 Jan
        ps = generate_periods(
            sched, anchor=date(2025, 12, 20), start_from=date(2026, 1, 3), until=date(2026, 1, 3)
        )
        assert ps[0].first_day == date(2026, 1, 3)
        assert ps[0].deadline == datetime(2025, 12, 31, 12, 0, tzinfo=CPH)
        assert ps[0].expected_delivery == date(2026, 1, 2)

    def test_period_across_year_end(self) -> None:
        ps = generate_periods(
            MONDAY, anchor=date(2025, 12, 22), start_from=date(2025, 12, 31), until=date(2026, 1, 1)
        )
        assert [(p.first_day, p.last_day) for p in ps] == [(date(2025, 12, 22), date(2026, 1, 4))]

    def test_easter_deadline(self) -> None:
        # Wednesday start 8 April 2026: deadline Easter Monday -> back past Good Friday and
        # Maundy Thursday to Wednesday 1 April.
        sched = PackingSchedule(start_weekday=2)
        (p,) = generate_periods(
            sched, anchor=date(2026, 4, 8), start_from=date(2026, 4, 8), until=date(2026, 4, 8)
        )
        assert p.deadline == datetime(2026, 4, 1, 12, 0, tzinfo=CPH)
        assert p.expected_delivery == date(2026, 4, 7)  # Tuesday after Easter is open

    def test_great_prayer_day_only_before_2024(self) -> None:
        # Sunday starts: the deadline falls on Friday 5 May 2023 / Friday 26 April 2024.
        sched = PackingSchedule(start_weekday=6, deadline_days_before=2)  # Sunday start
        (p23,) = generate_periods(
            sched, anchor=date(2023, 5, 7), start_from=date(2023, 5, 7), until=date(2023, 5, 7)
        )
        (p24,) = generate_periods(
            sched, anchor=date(2024, 4, 28), start_from=date(2024, 4, 28), until=date(2024, 4, 28)
        )
        assert p23.deadline.date() == date(2023, 5, 4)
        assert p24.deadline.date() == date(2024, 4, 26)


class TestDst:
    def test_spring_forward_week(self) -> None:
        # Wednesday starts: deadline Monday 23 March 2026 (CET) and Wednesday 1 April (CEST).
        sched = PackingSchedule(start_weekday=2)
        ps = generate_periods(
            sched, anchor=date(2026, 3, 25), start_from=date(2026, 3, 25), until=date(2026, 4, 8)
        )
        a, b = ps
        assert a.deadline.time() == b.deadline.time() == time(12, 0)
        assert a.deadline.utcoffset() == timedelta(hours=1)
        assert b.deadline.utcoffset() == timedelta(hours=2)

    def test_weekly_schedule_across_both_changes(self) -> None:
        sched = PackingSchedule(start_weekday=1, length_days=7, deadline_days_before=1)
        ps = generate_periods(
            sched, anchor=date(2025, 10, 21), start_from=date(2025, 10, 21), until=date(2026, 4, 7)
        )
        offsets = {p.deadline.utcoffset() for p in ps}
        assert offsets == {timedelta(hours=1), timedelta(hours=2)}
        assert {p.deadline.time() for p in ps} == {time(12, 0)}
        # Monday 27 Oct 2025 (after the change) is CET; Monday 20 Oct would have been CEST.
        oct27 = next(p for p in ps if p.deadline.date() == date(2025, 10, 27))
        assert oct27.deadline.astimezone(UTC).hour == 11

    def test_deadline_in_spring_gap_clock_time(self) -> None:
        # 02:30 deadlines are on open days, never on a DST Sunday, so the wall clock holds.
        sched = PackingSchedule(start_weekday=1, deadline_days_before=2, deadline_time=time(2, 30))
        ps = generate_periods(
            sched, anchor=date(2026, 3, 17), start_from=date(2026, 3, 17), until=date(2026, 4, 30)
        )
        assert {p.deadline.time() for p in ps} == {time(2, 30)}


class TestStretches:
    @pytest.mark.parametrize("length", [21, 28])
    def test_christmas_stretch_shifts_following_periods(self, length: int) -> None:
        stretch_first = date(2025, 12, 15)
        ps = generate_periods(
            MONDAY,
            anchor=date(2025, 12, 1),
            start_from=date(2025, 12, 1),
            until=date(2026, 2, 28),
            stretches={stretch_first: (length, "Forlænget over julen")},
        )
        stretched = period_containing(ps, date(2025, 12, 24))
        assert stretched is not None
        assert stretched.first_day == stretch_first
        assert stretched.length_days == length
        assert stretched.note == "Forlænget over julen"
        nxt = ps[ps.index(stretched) + 1]
        assert nxt.first_day == stretch_first + timedelta(days=length)
        assert nxt.length_days == 14
        assert nxt.note == ""
        check_no_overlap(ps)
        for p, q in pairwise(ps):
            assert q.first_day == p.last_day + timedelta(days=1)

    def test_21_days_dates(self) -> None:
        ps = generate_periods(
            MONDAY,
            anchor=date(2025, 12, 1),
            start_from=date(2025, 12, 15),
            until=date(2026, 1, 20),
            stretches={date(2025, 12, 15): (21, "Jul og nytår")},
        )
        assert [(p.first_day, p.last_day) for p in ps] == [
            (date(2025, 12, 15), date(2026, 1, 4)),
            (date(2026, 1, 5), date(2026, 1, 18)),
            (date(2026, 1, 19), date(2026, 2, 1)),
        ]
        # Deadline of 5 Jan: Sat 3 Jan -> Fri 2 Jan (1 Jan is only the day before).
        assert ps[1].deadline == datetime(2026, 1, 2, 12, 0, tzinfo=CPH)

    def test_stretch_before_window_still_shifts(self) -> None:
        ps = generate_periods(
            MONDAY,
            anchor=date(2025, 12, 1),
            start_from=date(2026, 3, 1),
            until=date(2026, 3, 10),
            stretches={date(2025, 12, 15): (21, "Jul")},
        )
        assert ps[0].first_day.weekday() == 0
        # Without the stretch the period containing 1 March would start on 23 February.
        assert ps[0].first_day == date(2026, 2, 16)

    def test_stretch_after_window_is_ignored(self) -> None:
        ps = generate_periods(
            MONDAY,
            anchor=date(2025, 12, 1),
            start_from=date(2025, 12, 1),
            until=date(2025, 12, 20),
            stretches={date(2026, 12, 14): (21, "Jul 2026")},
        )
        assert len(ps) == 2

    @pytest.mark.parametrize("length", [6, 29, 0])
    def test_bad_length(self, length: int) -> None:
        with pytest.raises(InvalidInput) as exc:
            generate_periods(
                MONDAY,
                anchor=date(2025, 12, 1),
                start_from=date(2025, 12, 1),
                until=date(2026, 1, 31),
                stretches={date(2025, 12, 15): (length, "Jul")},
            )
        assert "7 til 28 dage" in exc.value.message

    @pytest.mark.parametrize("note", ["", "   "])
    def test_note_required(self, note: str) -> None:
        with pytest.raises(InvalidInput) as exc:
            generate_periods(
                MONDAY,
                anchor=date(2025, 12, 1),
                start_from=date(2025, 12, 1),
                until=date(2026, 1, 31),
                stretches={date(2025, 12, 15): (21, note)},
            )
        assert "note" in exc.value.message

    @pytest.mark.parametrize("key", [date(2025, 12, 16), date(2025, 11, 17), date(2025, 12, 29)])
    def test_key_must_be_a_first_day(self, key: date) -> None:
        # 16 Dec is mid-period; 17 Nov is before the anchor; 29 Dec is a first day only
        # without the other stretch.
        with pytest.raises(InvalidInput) as exc:
            generate_periods(
                MONDAY,
                anchor=date(2025, 12, 1),
                start_from=date(2025, 12, 1),
                until=date(2026, 1, 31),
                stretches={date(2025, 12, 15): (21, "Jul"), key: (21, "X")},
            )
        assert "første dag" in exc.value.message


class TestLookups:
    PS = generate_periods(
        MONDAY, anchor=date(2025, 12, 1), start_from=date(2025, 12, 1), until=date(2026, 1, 31)
    )

    def test_period_containing(self) -> None:
        p = period_containing(self.PS, date(2025, 12, 14))
        assert p is not None and p.first_day == date(2025, 12, 1)
        p = period_containing(self.PS, date(2025, 12, 15))
        assert p is not None and p.first_day == date(2025, 12, 15)
        assert period_containing(self.PS, date(2025, 11, 30)) is None

    def test_period_containing_works_on_dtos(self) -> None:
        dtos = [
            PeriodDTO(
                PeriodId(i),
                PackingGroupId(1),
                p.first_day,
                p.last_day,
                p.deadline,
                p.expected_delivery,
            )
            for i, p in enumerate(self.PS)
        ]
        found = period_containing(dtos, date(2025, 12, 20))
        assert found is not None and found.id == PeriodId(1)

    def test_deadline_is_strict(self) -> None:
        second = self.PS[1]  # first day 15 Dec, deadline Fri 12 Dec 12:00
        assert second.deadline == datetime(2025, 12, 12, 12, 0, tzinfo=CPH)
        before = second.deadline - timedelta(minutes=1)
        assert first_with_deadline_after(self.PS, before) is second
        at = first_with_deadline_after(self.PS, second.deadline)
        assert at is self.PS[2]
        # The same moment given in UTC.
        assert first_with_deadline_after(self.PS, second.deadline.astimezone(UTC)) is self.PS[2]

    def test_first_by_first_day_even_if_unsorted(self) -> None:
        moment = datetime(2025, 11, 1, tzinfo=CPH)
        assert first_with_deadline_after(list(reversed(self.PS)), moment) is self.PS[0]

    def test_none_after_last(self) -> None:
        assert first_with_deadline_after(self.PS, datetime(2027, 1, 1, tzinfo=CPH)) is None

    def test_naive_moment_rejected(self) -> None:
        with pytest.raises(ValueError):
            first_with_deadline_after(self.PS, datetime(2025, 12, 1))  # noqa: DTZ001


class TestNoOverlap:
    def test_adjacent_ok(self) -> None:
        check_no_overlap(
            [
                _plan(date(2025, 1, 1), date(2025, 1, 14)),
                _plan(date(2025, 1, 15), date(2025, 1, 28)),
            ]
        )
        check_no_overlap([])

    def test_overlap(self) -> None:
        with pytest.raises(RuleViolation) as exc:
            check_no_overlap(
                [
                    _plan(date(2025, 1, 15), date(2025, 1, 28)),
                    _plan(date(2025, 1, 1), date(2025, 1, 15)),
                ]
            )
        assert "overlapper" in exc.value.message
        assert "15. jan. 2025" in exc.value.message

    def test_backwards_period(self) -> None:
        with pytest.raises(RuleViolation):
            check_no_overlap([_plan(date(2025, 1, 15), date(2025, 1, 1))])


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------


@st.composite
def _schedules(draw: st.DrawFn) -> PackingSchedule:
    deadline_before = draw(st.integers(1, 7))
    extra = draw(st.frozensets(st.dates(date(2024, 1, 1), date(2027, 12, 31)), max_size=30))
    return PackingSchedule(
        start_weekday=draw(st.integers(0, 6)),
        length_days=draw(st.integers(7, 28)),
        deadline_days_before=deadline_before,
        deadline_time=draw(st.times()).replace(microsecond=0),
        delivery_days_before=draw(st.integers(0, deadline_before)),
        closed_christmas_eve=draw(st.booleans()),
        closed_constitution_day=draw(st.booleans()),
        extra_closed_days=extra,
    )


@st.composite
def _cases(
    draw: st.DrawFn,
) -> tuple[PackingSchedule, date, date, date, dict[date, tuple[int, str]]]:
    sched = draw(_schedules())
    base = draw(st.dates(date(2024, 6, 1), date(2026, 6, 1)))
    anchor = base + timedelta(days=(sched.start_weekday - base.weekday()) % 7)
    start_from = anchor + timedelta(days=draw(st.integers(-120, 200)))
    until = start_from + timedelta(days=draw(st.integers(0, 400)))
    # Stretch some of the first periods from the anchor, walking their real first days.
    stretches: dict[date, tuple[int, str]] = {}
    first = anchor
    for _ in range(draw(st.integers(0, 12))):
        if draw(st.booleans()):
            length = draw(st.integers(7, 28))
            stretches[first] = (length, "Ændret af apoteket")
        else:
            length = sched.length_days
        first += timedelta(days=length)
    # Keys after the last generated period are allowed (and ignored).
    return sched, anchor, start_from, until, stretches


@settings(max_examples=120, deadline=None)
@given(case=_cases())
def test_generated_periods_properties(
    case: tuple[PackingSchedule, date, date, date, dict[date, tuple[int, str]]],
) -> None:
    sched, anchor, start_from, until, stretches = case
    ps = generate_periods(
        sched, anchor=anchor, start_from=start_from, until=until, stretches=stretches
    )
    assert ps
    check_no_overlap(ps)
    # Contiguous, covering the whole window.
    for p, q in pairwise(ps):
        assert q.first_day == p.last_day + timedelta(days=1)
    assert ps[0].first_day <= start_from <= ps[0].last_day
    assert ps[-1].first_day <= until <= ps[-1].last_day
    for p in ps:
        assert p.first_day <= p.last_day
        if p.first_day in stretches:
            assert p.length_days == stretches[p.first_day][0]
            assert p.note
        else:
            assert p.length_days == sched.length_days
            assert p.note == ""
        # Deadline: an open day, before the first day, at the schedule's wall-clock time.
        dl = p.deadline
        assert dl.tzinfo is CPH
        assert not is_closed(dl.date(), sched)
        assert dl.date() < p.first_day
        assert dl.date() <= p.first_day - timedelta(days=sched.deadline_days_before)
        assert dl.time() == sched.deadline_time
        assert not is_closed(p.expected_delivery, sched)
        assert p.expected_delivery <= p.first_day


def test_relaid_starts_are_the_period_starts_a_stretch_removed() -> None:
    """The days a period started on before the stretches re-laid the periods (a change queued
    for one moves); a day that never started a period is not among them."""
    anchor = date(2025, 9, 1)  # periods start 8 Dec, 22 Dec, 5 Jan, 19 Jan, 2 Feb
    one = {date(2025, 12, 8): (21, "Jul")}  # now 8 Dec (21 days), 29 Dec, 12 Jan, 26 Jan
    got = relaid_starts(MONDAY, anchor=anchor, until=date(2026, 1, 31), stretches=one)
    assert got == {date(2025, 12, 22), date(2026, 1, 5), date(2026, 1, 19)}
    assert relaid_starts(MONDAY, anchor=anchor, until=date(2026, 1, 31), stretches={}) == set()
    # a second stretch (29 Dec, 7 days: then 5 Jan, 19 Jan, 2 Feb): the starts of the layout
    # with the first stretch only count too, and a day that starts a period again does not
    two = {**one, date(2025, 12, 29): (7, "Kort")}
    got2 = relaid_starts(MONDAY, anchor=anchor, until=date(2026, 1, 31), stretches=two)
    assert got2 == {date(2025, 12, 22), date(2026, 1, 12), date(2026, 1, 26)}


def test_a_period_with_another_status_changes_that_status_alone() -> None:
    """PeriodDTO.with_status (the card's read asks it of every period it shows): the same
    object when the status is the one it has, else every field but the status kept."""
    from dataclasses import fields, replace

    from dosisdesk.domain.types import PeriodStatus

    p = PeriodDTO(
        PeriodId(7),
        PackingGroupId(3),
        date(2026, 11, 25),
        date(2026, 12, 8),
        cph_datetime(date(2026, 11, 23), time(12)),
        date(2026, 11, 24),
        "note",
        PeriodStatus.PLANNED,
    )
    assert p.with_status(PeriodStatus.PLANNED) is p
    for status in PeriodStatus:
        got = p.with_status(status)
        assert got == replace(p, status=status)
        assert [getattr(got, f.name) for f in fields(p) if f.name != "status"] == [
            getattr(p, f.name) for f in fields(p) if f.name != "status"
        ]
