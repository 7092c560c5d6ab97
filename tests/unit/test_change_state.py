"""The state of a change at a moment (R2): one pure function every view reports from."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dosisdesk.domain.periods import generate_periods
from dosisdesk.domain.queue import (
    ChangeAt,
    ChangeHistory,
    Move,
    change_at,
    change_from_history,
    change_path,
)
from dosisdesk.domain.types import CPH, ChangeState, PackingSchedule, PeriodPlan

MONDAY = PackingSchedule(start_weekday=0)  # 14 days, deadline 2 days before at 12:00
CAL = generate_periods(
    MONDAY, anchor=date(2026, 11, 2), start_from=date(2026, 11, 2), until=date(2027, 3, 1)
)
P_NOV16 = next(p for p in CAL if p.first_day == date(2026, 11, 16))
P_NOV30 = next(p for p in CAL if p.first_day == date(2026, 11, 30))
P_DEC14 = next(p for p in CAL if p.first_day == date(2026, 12, 14))
SECOND = timedelta(seconds=1)


def registered(p: PeriodPlan, state: ChangeState = ChangeState.REGISTERED) -> ChangeAt[PeriodPlan]:
    return ChangeAt(state, p, p.first_day, 0)


@pytest.mark.parametrize(
    ("moment", "state", "first_day", "missed"),
    [
        (P_NOV30.deadline - SECOND, ChangeState.REGISTERED, date(2026, 11, 30), 0),
        (P_NOV30.deadline, ChangeState.REGISTERED, date(2026, 12, 14), 1),  # the deadline minute
        (P_NOV30.deadline + SECOND, ChangeState.REGISTERED, date(2026, 12, 14), 1),
        (P_DEC14.deadline, ChangeState.REGISTERED, date(2026, 12, 28), 2),  # two deadlines missed
    ],
)
def test_a_registered_change_moves_at_the_deadline_and_counts_each_deadline(
    moment: datetime, state: ChangeState, first_day: date, missed: int
) -> None:
    got = change_at(registered(P_NOV30), CAL, moment)
    assert (got.state, got.effective_date, got.missed_deadlines) == (state, first_day, missed)
    assert got.target is not None and got.target.first_day == first_day
    assert len(got.missed) == missed


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (P_NOV30.deadline - SECOND, ChangeState.CONFIRMED),
        (P_NOV30.deadline, ChangeState.LOCKED),
        (datetime(2026, 11, 29, 23, 59, 59, tzinfo=CPH), ChangeState.LOCKED),
        (datetime(2026, 11, 30, 0, 0, tzinfo=CPH), ChangeState.IN_EFFECT),
    ],
)
def test_a_confirmed_change_locks_at_the_deadline_and_takes_effect_on_its_first_day(
    moment: datetime, state: ChangeState
) -> None:
    got = change_at(registered(P_NOV30, ChangeState.CONFIRMED), CAL, moment)
    assert got.state is state
    assert got.effective_date == date(2026, 11, 30) and got.missed_deadlines == 0


def test_cancelled_in_effect_and_acute_changes_stay() -> None:
    later = datetime(2027, 1, 20, 12, tzinfo=CPH)
    for state in (ChangeState.CANCELLED, ChangeState.IN_EFFECT):
        c = registered(P_NOV30, state)
        assert change_at(c, CAL, later) == c
    acute = ChangeAt(ChangeState.IN_EFFECT, P_NOV16, date(2026, 11, 20), 0, acute=True)
    assert change_at(acute, CAL, later) == acute


def test_no_period_ahead_keeps_the_target_and_counts_the_miss() -> None:
    short = [P_NOV16, P_NOV30]
    got = change_at(registered(P_NOV30), short, P_NOV30.deadline)
    assert got.target is P_NOV30 and got.missed_deadlines == 1


def test_history_confirmed_after_a_missed_deadline_locks_in_the_next_roll() -> None:
    h = ChangeHistory(
        registered_at=P_NOV30.deadline - timedelta(days=3),
        first_target=P_NOV30,
        confirmed_at=P_NOV30.deadline + timedelta(hours=1),
    )
    got = change_from_history(h, CAL, P_DEC14.deadline)
    assert (got.state, got.effective_date, got.missed_deadlines) == (
        ChangeState.LOCKED,
        date(2026, 12, 14),
        1,
    )
    cancelled = change_from_history(
        ChangeHistory(h.registered_at, P_NOV30, cancelled_at=P_NOV30.deadline - SECOND),
        CAL,
        P_DEC14.deadline,
    )
    assert cancelled.state is ChangeState.CANCELLED and cancelled.missed_deadlines == 0


def test_the_path_names_every_move_a_person_or_time_made() -> None:
    reg = P_NOV30.deadline - timedelta(days=3)
    conf = P_NOV30.deadline + timedelta(hours=1)
    path = change_path(ChangeHistory(reg, P_NOV30, conf), CAL, datetime(2027, 1, 2, 9, tzinfo=CPH))
    R, C, L, E = (
        ChangeState.REGISTERED,
        ChangeState.CONFIRMED,
        ChangeState.LOCKED,
        ChangeState.IN_EFFECT,
    )
    assert path.moves == (
        Move(reg, None, R, False),
        Move(P_NOV30.deadline, R, R, True),  # missed: on to the roll of 14 December
        Move(conf, R, C, False),
        Move(P_DEC14.deadline, C, L, True),
        Move(datetime(2026, 12, 14, 0, 0, tzinfo=CPH), L, E, True),
    )
    assert (path.at.state, path.at.effective_date, path.at.missed_deadlines) == (
        E,
        date(2026, 12, 14),
        1,
    )


# --- properties over random calendars --------------------------------------------------------

schedules = st.builds(
    PackingSchedule,
    start_weekday=st.integers(0, 6),
    length_days=st.sampled_from([7, 14, 14, 21, 28]),
    deadline_days_before=st.integers(1, 5),
    deadline_time=st.sampled_from([time(10), time(12), time(15, 30)]),
)


@st.composite
def calendars(draw: st.DrawFn) -> list[PeriodPlan]:
    sched = draw(schedules)
    anchor = date(2026, 3, 2) + timedelta(days=draw(st.integers(0, 300)))
    anchor += timedelta(days=(sched.start_weekday - anchor.weekday()) % 7)
    until = anchor + timedelta(400)
    stretches: dict[date, tuple[int, str]] = {}
    index = 0
    for _ in range(draw(st.integers(0, 3))):  # each stretch after the one before (R1)
        index += draw(st.integers(1, 4))
        laid = generate_periods(
            sched, anchor=anchor, start_from=anchor, until=until, stretches=stretches
        )
        stretches[laid[index].first_day] = (draw(st.integers(7, 28)), "Forlænget")
    return generate_periods(
        sched, anchor=anchor, start_from=anchor, until=until, stretches=stretches
    )


def moments(cal: list[PeriodPlan]) -> st.SearchStrategy[datetime]:
    """Any second of the calendar's first 200 days, weighted to the deadlines and just before."""
    start = datetime.combine(cal[0].first_day, time(0), tzinfo=CPH)
    anywhere = st.integers(0, 200 * 86400).map(lambda s: start + timedelta(seconds=s))
    near = st.sampled_from([p.deadline for p in cal[:12]]).flatmap(
        lambda d: st.sampled_from([d - SECOND, d, d + SECOND])
    )
    return st.one_of(anywhere, near)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_function_is_idempotent_path_independent_and_never_earlier(data: st.DataObject) -> None:
    cal = data.draw(calendars())
    first = data.draw(st.sampled_from(cal[1:10]))
    state = data.draw(st.sampled_from([ChangeState.REGISTERED, ChangeState.CONFIRMED]))
    c = registered(first, state)
    t1, t2 = sorted([data.draw(moments(cal)), data.draw(moments(cal))])
    a = change_at(c, cal, t1)
    b = change_at(a, cal, t2)
    direct = change_at(c, cal, t2)
    assert change_at(a, cal, t1) == a
    assert b == direct
    assert direct.effective_date >= first.first_day
    assert direct.target is not None
    if direct.state is ChangeState.REGISTERED:
        assert direct.target.deadline > t2  # waiting for a roll whose deadline is ahead
        assert direct.missed_deadlines == sum(
            1 for p in cal if first.first_day <= p.first_day < direct.target.first_day
        )
    else:
        assert direct.target is first and direct.missed_deadlines == 0


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_path_ends_where_the_function_says_and_its_moves_chain(data: st.DataObject) -> None:
    cal = data.draw(calendars())
    first = data.draw(st.sampled_from(cal[1:10]))
    t0 = first.deadline - timedelta(seconds=data.draw(st.integers(1, 20 * 86400)))
    acts = sorted(data.draw(moments(cal)) for _ in range(3))
    confirmed = data.draw(st.sampled_from([None, acts[0]]))
    cancelled = data.draw(st.sampled_from([None, acts[1]]))
    h = ChangeHistory(t0, first, confirmed if confirmed and confirmed > t0 else None)
    h = ChangeHistory(
        h.registered_at, first, h.confirmed_at, cancelled if cancelled and cancelled > t0 else None
    )
    end = max(acts[2], t0)
    path = change_path(h, cal, end)
    if h.confirmed_at is None and h.cancelled_at is None:
        assert path.at == change_at(registered(first), cal, end)
    assert path.at.state == path.moves[-1].after
    assert [m.at for m in path.moves] == sorted(m.at for m in path.moves)
    for a, b in zip(path.moves, path.moves[1:], strict=False):
        assert b.before == a.after
    assert sum(1 for m in path.moves if m.by_time and m.before is m.after) == (
        path.at.missed_deadlines
    )
