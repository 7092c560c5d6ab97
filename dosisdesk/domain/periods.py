"""Dispensing periods generated from a packing group's schedule (rule R1).

Periods are laid end to end from an *anchor* date (a first day on the schedule's start weekday).
Each lasts ``schedule.length_days`` unless the pharmacy stretched it (e.g. to 21 or 28 days over
Christmas, with a note); later periods follow on from the stretched period's last day. The period
length is never assumed: read each period's own ``first_day`` and ``last_day``.

Deadline convention: a period's ``deadline`` is the last moment a change can reach its roll, and it
is also the moment the pharmacy starts packing. A change registered *at* the deadline is therefore
too late: a period is still open for changes only while ``deadline > moment`` (strictly greater).

A deadline is ``deadline_days_before`` days before the first day at ``deadline_time``
(Europe/Copenhagen wall-clock time, unaffected by daylight saving time); the expected delivery is
``delivery_days_before`` days before the first day. Either moves to the nearest earlier working day
when it falls on a weekend, a public holiday or a closing day of the pharmacy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Protocol, TypeVar

from dosisdesk.domain.calendar import (
    cph_datetime,
    previous_working_day,
    to_cph,
)
from dosisdesk.domain.errors import InvalidInput, RuleViolation
from dosisdesk.domain.types import PackingSchedule, PeriodPlan

__all__ = [
    "MAX_STRETCH_DAYS",
    "MIN_STRETCH_DAYS",
    "HasDeadline",
    "HasSpan",
    "check_no_overlap",
    "days_before_roll",
    "deadline_for",
    "expected_delivery_for",
    "first_starting_on_or_after",
    "first_with_deadline_after",
    "generate_periods",
    "period_containing",
]

#: Shortest and longest length a pharmacy may give a stretched (or shortened) period.
MIN_STRETCH_DAYS = 7
MAX_STRETCH_DAYS = 28


class HasSpan(Protocol):
    """Anything with an inclusive first and last day (PeriodPlan, PeriodDTO, ORM rows)."""

    @property
    def first_day(self) -> date: ...

    @property
    def last_day(self) -> date: ...


class HasDeadline(HasSpan, Protocol):
    """A period with an aware deadline."""

    @property
    def deadline(self) -> datetime: ...


S = TypeVar("S", bound=HasSpan)
D = TypeVar("D", bound=HasDeadline)


def _check_schedule(schedule: PackingSchedule) -> None:
    if not 0 <= schedule.start_weekday <= 6:
        raise InvalidInput("periods.start_weekday_must_0", start_weekday=schedule.start_weekday)
    if schedule.length_days < 1:
        raise InvalidInput("periods.length_days_must_least", length_days=schedule.length_days)
    if schedule.deadline_days_before < 1:
        raise InvalidInput(
            "periods.deadline_days_before_must", deadline_days_before=schedule.deadline_days_before
        )
    if schedule.delivery_days_before < 0:
        raise InvalidInput(
            "periods.delivery_days_before_must_not",
            delivery_days_before=schedule.delivery_days_before,
        )


def deadline_for(first_day: date, schedule: PackingSchedule) -> datetime:
    """The change deadline of a period starting on ``first_day`` (aware, Europe/Copenhagen)."""
    day = previous_working_day(first_day - timedelta(days=schedule.deadline_days_before), schedule)
    return cph_datetime(day, schedule.deadline_time)


def expected_delivery_for(first_day: date, schedule: PackingSchedule) -> date:
    """The expected delivery day of a period starting on ``first_day``."""
    return previous_working_day(first_day - timedelta(days=schedule.delivery_days_before), schedule)


def _check_stretches(stretches: Mapping[date, tuple[int, str]]) -> None:
    for first_day, (length, note) in stretches.items():
        if not MIN_STRETCH_DAYS <= length <= MAX_STRETCH_DAYS:
            raise InvalidInput(
                "periods.stretched_period_starting_length",
                first_day=first_day,
                length=length,
                min_stretch_days=MIN_STRETCH_DAYS,
                max_stretch_days=MAX_STRETCH_DAYS,
            )
        if not note or not note.strip():
            raise InvalidInput("periods.stretched_period_starting_no", first_day=first_day)


def generate_periods(
    schedule: PackingSchedule,
    *,
    anchor: date,
    start_from: date,
    until: date,
    stretches: Mapping[date, tuple[int, str]] | None = None,
) -> list[PeriodPlan]:
    """The periods of ``schedule`` that overlap ``start_from..until`` (both inclusive), in order.

    Periods are laid end to end from ``anchor``, which must fall on ``schedule.start_weekday``.
    Each lasts ``schedule.length_days`` unless ``stretches`` maps its first day to
    ``(length, note)`` (length 7..28 days, a non-empty note); the periods after a stretched one
    follow on from its last day. When ``start_from`` is before ``anchor``, periods are laid
    backwards from ``anchor`` with the normal length (stretches do not apply there).

    Raises InvalidInput (Danish ``message``) when the anchor is on the wrong weekday,
    ``start_from`` is after ``until``, a stretch is invalid, or a stretch's date is not the first
    day of a generated period. Stretches dated after the last generated period cannot be checked
    yet and are ignored.
    """
    _check_schedule(schedule)
    if anchor.weekday() != schedule.start_weekday:
        raise InvalidInput(
            "periods.anchor_weekday_schedule_starts",
            anchor=anchor,
            value=anchor.weekday(),
            start_weekday=schedule.start_weekday,
        )
    if start_from > until:
        raise InvalidInput("periods.start_from_after_until", start_from=start_from, until=until)
    stretches = stretches or {}
    _check_stretches(stretches)

    spans: list[tuple[date, date, str]] = []
    normal = timedelta(days=schedule.length_days)

    # Backwards from the anchor, normal length only.
    if start_from < anchor:
        backwards: list[tuple[date, date, str]] = []
        first = anchor - normal
        while first + normal - timedelta(days=1) >= start_from:
            backwards.append((first, first + normal - timedelta(days=1), ""))
            first -= normal
        spans.extend(reversed(backwards))

    # Forwards from the anchor, honouring stretches.
    used: set[date] = set()
    first = anchor
    last_generated: date | None = None
    while first <= until:
        if first in stretches:
            length, note = stretches[first]
            used.add(first)
            note = note.strip()
        else:
            length, note = schedule.length_days, ""
        last = first + timedelta(days=length - 1)
        spans.append((first, last, note))
        last_generated = last
        first = last + timedelta(days=1)

    for key in stretches:
        if key in used:
            continue
        if key < anchor or (last_generated is not None and key <= last_generated):
            raise InvalidInput("periods.stretch_date_not_first_day", key=key)

    return [
        PeriodPlan(
            first_day=f,
            last_day=lst,
            deadline=deadline_for(f, schedule),
            expected_delivery=expected_delivery_for(f, schedule),
            note=note,
        )
        for f, lst, note in spans
        if lst >= start_from and f <= until
    ]


def first_starting_on_or_after(periods: Iterable[S], day: date) -> S | None:
    """The earliest period (by first day) that starts on or after ``day``, or None.

    Where a change queued for a period lands when a stretch re-lays the periods: never earlier
    than the first day it was queued for (the doctor's order starts then, not before)."""
    best: S | None = None
    for p in periods:
        if p.first_day >= day and (best is None or p.first_day < best.first_day):
            best = p
    return best


def relaid_starts(
    schedule: PackingSchedule,
    *,
    anchor: date,
    until: date,
    stretches: Mapping[date, tuple[int, str]],
) -> set[date]:
    """The days up to ``until`` on which a period of the group started before one of its
    stretches re-laid the periods, and on which none starts now: the periods that no longer
    exist. (The periods are laid with the stretches added one at a time, earliest first; a day
    that starts a period in one of those layouts but not in the last is re-laid.)

    A change that names such a day moves to ``first_starting_on_or_after`` it; a day that never
    started a period is not one of these (it is a mistake, not a stretch)."""
    ordered = sorted(stretches)
    layouts = [
        {
            p.first_day
            for p in generate_periods(
                schedule,
                anchor=anchor,
                start_from=anchor,
                until=until,
                stretches={d: stretches[d] for d in ordered[:k]},
            )
        }
        for k in range(len(ordered) + 1)
    ]
    now = layouts[-1]
    return {d for layout in layouts[:-1] for d in layout if d not in now and d <= until}


def days_before_roll(wanted_from: date | None, first_day: date) -> tuple[date, date] | None:
    """The days from ``wanted_from`` up to (not including) the roll's ``first_day``: the days a
    change is wanted but not yet in the roll (its bags need handling, or it is given by hand).
    None when there are none."""
    if wanted_from is None or wanted_from >= first_day:
        return None
    return wanted_from, first_day - timedelta(days=1)


def period_containing(periods: Sequence[S], day: date) -> S | None:
    """The period whose first..last day (inclusive) contains ``day``, or None."""
    for p in periods:
        if p.first_day <= day <= p.last_day:
            return p
    return None


def first_with_deadline_after(periods: Iterable[D], moment: datetime) -> D | None:
    """The earliest period (by first day) whose deadline is strictly after ``moment``, or None.

    At the deadline minute itself the pharmacy starts packing, so a change registered then is too
    late for that period. ``moment`` must be timezone-aware (ValueError otherwise).
    """
    # Compare in UTC: Python compares datetimes sharing a tzinfo by wall-clock time, which is
    # ambiguous in the autumn DST hour.
    moment = to_cph(moment).astimezone(UTC)
    best: D | None = None
    for p in periods:
        if to_cph(p.deadline).astimezone(UTC) > moment and (
            best is None or p.first_day < best.first_day
        ):
            best = p
    return best


def check_no_overlap(periods: Iterable[HasSpan]) -> None:
    """Raise RuleViolation when two periods of one sequence (one card or schedule) overlap.

    Also rejects a period whose last day is before its first day.
    """
    ordered = sorted(periods, key=lambda p: (p.first_day, p.last_day))
    for p in ordered:
        if p.last_day < p.first_day:
            raise RuleViolation(
                "periods.period_ends_before_starts", first_day=p.first_day, last_day=p.last_day
            )
    for a, b in pairwise(ordered):
        if b.first_day <= a.last_day:
            raise RuleViolation(
                "periods.overlap",
                first_day=a.first_day,
                last_day=a.last_day,
                first_day2=b.first_day,
                last_day2=b.last_day,
            )
