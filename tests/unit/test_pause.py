"""R4: periods not dispensed while paused, the resume plan and derived period status."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dosisdesk.domain.errors import RuleViolation
from dosisdesk.domain.pause import PauseSpan, not_dispensed, period_status, resume_plan
from dosisdesk.domain.types import (
    CPH,
    PackingGroupId,
    PeriodDTO,
    PeriodId,
    PeriodStatus,
    ResumePlan,
)

FIRST = date(2025, 11, 3)  # a Monday


def at(d: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(d, time(hour, minute), tzinfo=CPH)


def make_periods(n: int = 5, first: date = FIRST, length: int = 14) -> list[PeriodDTO]:
    """Periods of ``length`` days; deadline two days before start at 12:00, delivery the day
    before."""
    result = []
    for i in range(n):
        start = first + timedelta(days=i * length)
        result.append(
            PeriodDTO(
                id=PeriodId(i + 1),
                packing_group_id=PackingGroupId(1),
                first_day=start,
                last_day=start + timedelta(days=length - 1),
                deadline=at(start - timedelta(days=2)),
                expected_delivery=start - timedelta(days=1),
            )
        )
    return result


PERIODS = make_periods()
P1, P2, P3, P4, P5 = PERIODS
# P1  3–16 Nov, deadline Sat 1 Nov 12:00
# P2 17–30 Nov, deadline Sat 15 Nov 12:00
# P3  1–14 Dec, deadline Sat 29 Nov 12:00
# P4 15–28 Dec, deadline Sat 13 Dec 12:00


def days(first: date, last: date) -> tuple[date, ...]:
    return tuple(first + timedelta(days=i) for i in range((last - first).days + 1))


# --- not dispensed ---------------------------------------------------------------------------


def test_deadline_inside_a_closed_pause_is_not_dispensed() -> None:
    pause = PauseSpan(at(date(2025, 11, 10)), at(date(2025, 11, 20)))
    assert not_dispensed(PERIODS, [pause]) == {P2.id}


def test_open_pause_takes_every_later_deadline_unless_as_of() -> None:
    pause = PauseSpan(at(date(2025, 11, 10)))
    assert not_dispensed(PERIODS, [pause]) == {P2.id, P3.id, P4.id, P5.id}
    assert not_dispensed(PERIODS, [pause], as_of=at(date(2025, 11, 20))) == {P2.id}
    assert not_dispensed(PERIODS, [pause], as_of=P3.deadline) == {P2.id, P3.id}


def test_deadline_instant_belongs_to_the_locked_side() -> None:
    # Paused at the very deadline: packing has started, the period is dispensed.
    assert not_dispensed(PERIODS, [PauseSpan(P2.deadline, at(date(2025, 11, 20)))]) == set()
    # Resumed at the very deadline: too late, the period is not dispensed.
    assert not_dispensed(PERIODS, [PauseSpan(at(date(2025, 11, 10)), P2.deadline)]) == {P2.id}
    one_second = timedelta(seconds=1)
    assert not_dispensed(PERIODS, [PauseSpan(P2.deadline - one_second, None)]) >= {P2.id}
    assert not_dispensed(PERIODS, [PauseSpan(at(FIRST), P2.deadline - one_second)]) == set()


def test_several_pauses() -> None:
    pauses = [
        PauseSpan(at(date(2025, 10, 31)), at(date(2025, 11, 2))),
        PauseSpan(at(date(2025, 12, 12)), at(date(2025, 12, 14))),
    ]
    assert not_dispensed(PERIODS, pauses) == {P1.id, P4.id}


def test_pause_validation() -> None:
    with pytest.raises(ValueError):
        PauseSpan(datetime(2025, 11, 3, 12), None)  # noqa: DTZ001
    with pytest.raises(ValueError):
        PauseSpan(at(FIRST), at(FIRST) - timedelta(minutes=1))


# --- resume plan -----------------------------------------------------------------------------


def test_resume_without_dispensed_period_in_between() -> None:
    # Paused after P1 was packed; P2's deadline passes while paused; resumed Thu 20 Nov.
    pauses = [PauseSpan(at(date(2025, 11, 5)), None)]
    plan = resume_plan(PERIODS, pauses, at(date(2025, 11, 20), 10))
    assert plan == ResumePlan(P3.first_day, days(date(2025, 11, 20), date(2025, 11, 30)))


def test_resume_with_dispensed_period_covering_the_gap() -> None:
    # Paused Sun 16 Nov, after P2's deadline: P2's bags exist, so nothing is manual.
    pauses = [PauseSpan(at(date(2025, 11, 16), 8), None)]
    plan = resume_plan(PERIODS, pauses, at(date(2025, 11, 20), 10))
    assert plan == ResumePlan(P3.first_day, ())


def test_resume_with_part_of_the_gap_dispensed() -> None:
    # Paused Mon 10 Nov (P1 packed), resumed Sun 16 Nov: P2 not dispensed.
    pauses = [PauseSpan(at(date(2025, 11, 10), 9), None)]
    plan = resume_plan(PERIODS, pauses, at(date(2025, 11, 16), 10))
    assert plan.first_packed_period_start == P3.first_day
    # 16 Nov is P1's last day and its bag exists; 17–30 Nov (P2) are manual.
    assert plan.manual_days == days(date(2025, 11, 17), date(2025, 11, 30))


def test_resume_before_the_next_deadline_needs_nothing_manual() -> None:
    pauses = [PauseSpan(at(date(2025, 11, 10)), None)]
    plan = resume_plan(PERIODS, pauses, at(date(2025, 11, 14), 9))
    assert plan == ResumePlan(P2.first_day, ())


def test_resume_at_the_very_deadline_misses_that_period() -> None:
    pauses = [PauseSpan(at(date(2025, 11, 10)), None)]
    plan = resume_plan(PERIODS, pauses, P2.deadline)
    assert plan.first_packed_period_start == P3.first_day
    # Resume day is Sat 15 Nov, covered by P1's bags; all of P2 is manual.
    assert plan.manual_days == days(date(2025, 11, 17), date(2025, 11, 30))
    assert P2.id in not_dispensed(PERIODS, [PauseSpan(pauses[0].paused_at, P2.deadline)])


def test_resume_uses_the_copenhagen_date() -> None:
    pauses = [PauseSpan(at(date(2025, 11, 5)), None)]
    resume = datetime(2025, 11, 19, 23, 30, tzinfo=UTC)  # 00:30 on 20 Nov in Copenhagen
    plan = resume_plan(PERIODS, pauses, resume)
    assert plan.manual_days[0] == date(2025, 11, 20)


def test_resume_after_a_closed_pause_ignores_later_resumed_at() -> None:
    # The registered resume is later than the one being planned: the planned one counts.
    pauses = [PauseSpan(at(date(2025, 11, 10)), at(date(2025, 12, 20)))]
    plan = resume_plan(PERIODS, pauses, at(date(2025, 11, 20), 10))
    assert plan == ResumePlan(P3.first_day, days(date(2025, 11, 20), date(2025, 11, 30)))


def test_resume_with_no_known_period_ahead() -> None:
    pauses = [PauseSpan(at(date(2025, 11, 10)), None)]
    with pytest.raises(RuleViolation) as err:
        resume_plan(PERIODS, pauses, P5.deadline)
    assert "perioder længere frem" in err.value.message
    with pytest.raises(RuleViolation):
        resume_plan([], pauses, at(FIRST))


def test_resume_plan_with_unordered_periods_and_a_long_period() -> None:
    # A 28-day holiday period in the middle; the periods arrive in any order.
    p1, p2, p3 = make_periods(3)
    long = PeriodDTO(
        id=PeriodId(9),
        packing_group_id=PackingGroupId(1),
        first_day=p3.first_day,
        last_day=p3.first_day + timedelta(days=27),
        deadline=p3.deadline,
        expected_delivery=p3.expected_delivery,
    )
    after = replace(make_periods(1, first=long.last_day + timedelta(days=1))[0], id=PeriodId(10))
    periods = [after, long, p2, p1]
    pauses = [PauseSpan(at(date(2025, 11, 20)), None)]
    plan = resume_plan(periods, pauses, at(date(2025, 12, 5), 10))
    assert plan.first_packed_period_start == after.first_day
    assert plan.manual_days == days(date(2025, 12, 5), long.last_day)


# --- period status ---------------------------------------------------------------------------


def test_period_status() -> None:
    none: set[PeriodId] = set()
    assert period_status(P2, P2.deadline - timedelta(seconds=1), none) is PeriodStatus.PLANNED
    assert period_status(P2, P2.deadline, none) is PeriodStatus.LOCKED
    midnight = datetime.combine(P2.expected_delivery, time(0), tzinfo=CPH)
    assert period_status(P2, midnight - timedelta(seconds=1), none) is PeriodStatus.LOCKED
    assert period_status(P2, midnight, none) is PeriodStatus.DELIVERED
    assert period_status(P2, midnight.astimezone(UTC), none) is PeriodStatus.DELIVERED
    assert period_status(P2, midnight, {P2.id}) is PeriodStatus.NOT_DISPENSED
    assert period_status(P2, P2.deadline - timedelta(days=3), {P2.id}) is PeriodStatus.NOT_DISPENSED


def test_period_status_ignores_stored_status_and_refuses_naive_now() -> None:
    packed = replace(P2, status=PeriodStatus.PACKED)
    assert period_status(packed, P2.deadline, set()) is PeriodStatus.LOCKED
    with pytest.raises(ValueError):
        period_status(P2, datetime(2025, 11, 3, 12), set())  # noqa: DTZ001


# --- properties ------------------------------------------------------------------------------

MINUTES = 60 * 24 * 70


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(-MINUTES // 10, MINUTES // 2), st.integers(0, MINUTES // 2))
def test_resume_plan_accounts_for_every_day(pause_min: int, length_min: int) -> None:
    base = at(FIRST, 0)
    paused_at = base + timedelta(minutes=pause_min)
    resume_at = paused_at + timedelta(minutes=length_min)
    pauses = [PauseSpan(paused_at, None)]
    try:
        plan = resume_plan(PERIODS, pauses, resume_at)
    except RuleViolation:
        assert all(p.deadline <= resume_at for p in PERIODS)
        return
    first = next(p for p in PERIODS if p.first_day == plan.first_packed_period_start)
    assert first.deadline > resume_at
    assert all(p.deadline <= resume_at for p in PERIODS if p.first_day < first.first_day)
    skipped = not_dispensed(PERIODS, [PauseSpan(paused_at, resume_at)])
    assert first.id not in skipped
    start = resume_at.astimezone(CPH).date()
    manual = set(plan.manual_days)
    assert list(plan.manual_days) == sorted(manual)
    d = start
    while d < first.first_day:
        period = next((p for p in PERIODS if p.contains(d)), None)
        bags_exist = period is not None and period.id not in skipped
        assert (d in manual) is not bags_exist
        d += timedelta(days=1)
    assert all(start <= m < first.first_day for m in manual)
