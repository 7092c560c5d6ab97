"""The Danish working calendar and Copenhagen time.

Public holidays are computed from Easter (``dateutil.easter``); the ``holidays`` package is not
used because it pins an older python-dateutil. Christmas Eve (24 December) and Constitution Day
(5 June) are *not* public holidays: many pharmacies close on them, so they are closing days per
packing schedule (``PackingSchedule.closed_christmas_eve`` / ``closed_constitution_day``), as are
the schedule's ``extra_closed_days``. Nothing else closes a pharmacy here (New Year's Eve does not).

Deadlines are wall-clock times in Europe/Copenhagen. :func:`cph_datetime` builds them by combining
a date with a clock time, never by adding hours to an aware datetime, so a change of daylight saving
time never moves a deadline's wall-clock time (only its UTC offset differs).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from dateutil import easter, tz

from dosisdesk.domain.errors import InvalidInput
from dosisdesk.domain.types import CPH, PackingSchedule
from dosisdesk.words import label

# The one way dates and times are written (as nurses write them) is in the word tables
# (``dosisdesk.words.calendar_da``); every layer takes it from here under these names.
from dosisdesk.words.calendar_da import (
    format_clock,
    format_date,
    format_date_numeric,
    format_day,
    format_long_day,
    format_long_moment,
    format_moment,
    format_moment_numeric,
    format_time,
    format_weekday,
)

__all__ = [
    "closed_day",
    "closed_reason",
    "cph_datetime",
    "danish_public_holidays",
    "format_clock",
    "format_date",
    "format_date_numeric",
    "format_day",
    "format_long_day",
    "format_long_moment",
    "format_moment",
    "format_moment_numeric",
    "format_time",
    "format_weekday",
    "is_before",
    "is_closed",
    "is_public_holiday",
    "iso_week",
    "now_cph",
    "parse_moment",
    "previous_working_day",
    "require_aware",
    "time_between",
    "to_cph",
    "to_utc",
    "utc_naive",
    "utc_to_cph",
]

#: Great Prayer Day (store bededag) was abolished as a public holiday from 2024.
_LAST_GREAT_PRAYER_DAY_YEAR = 2023

_TZ = CPH
assert _TZ is not None


@lru_cache(maxsize=256)
def _holidays(year: int) -> tuple[tuple[date, str], ...]:
    """The public holidays of ``year`` with their codes (the keys of the ``closed_day`` labels),
    as an immutable, date-sorted tuple (cached per year)."""
    e = easter.easter(year)
    days: list[tuple[date, str]] = [
        (date(year, 1, 1), "new_year"),
        (e - timedelta(days=3), "maundy_thursday"),
        (e - timedelta(days=2), "good_friday"),
        (e, "easter_sunday"),
        (e + timedelta(days=1), "easter_monday"),
        (e + timedelta(days=39), "ascension_day"),
        (e + timedelta(days=49), "whit_sunday"),
        (e + timedelta(days=50), "whit_monday"),
        (date(year, 12, 25), "christmas_day"),
        (date(year, 12, 26), "boxing_day"),
    ]
    if year <= _LAST_GREAT_PRAYER_DAY_YEAR:
        days.append((e + timedelta(days=26), "great_prayer_day"))
    return tuple(sorted(days))


@lru_cache(maxsize=256)
def _holiday_map(year: int) -> dict[date, str]:
    return dict(_holidays(year))


def danish_public_holidays(year: int) -> dict[date, str]:
    """Danish public holidays of ``year``, mapped to their names (``words.label("closed_day",
    code)``: Danish unless a face chose another language), in date order.

    New Year's Day, Maundy Thursday, Good Friday, Easter Sunday and Monday, Great Prayer Day (years
    before 2024 only), Ascension Day, Whit Sunday and Monday, Christmas Day and Boxing Day. The
    result is computed once per year and cached; the returned dict is a fresh copy the caller may
    change.
    """
    return {day: label("closed_day", code) for day, code in _holidays(year)}


def is_public_holiday(day: date) -> bool:
    """True when ``day`` is a Danish public holiday (weekends are not counted here)."""
    return day in _holiday_map(day.year)


def closed_day(day: date, schedule: PackingSchedule) -> str | None:
    """Why the pharmacy of ``schedule`` is closed on ``day``, as a code of the ``closed_day``
    labels (``christmas_eve``, ``saturday`` ...), or None when open.

    The holiday wins over the weekend when a holiday falls on a Saturday or Sunday.
    """
    code = _holiday_map(day.year).get(day)
    if code is not None:
        return code
    if schedule.closed_christmas_eve and (day.month, day.day) == (12, 24):
        return "christmas_eve"
    if schedule.closed_constitution_day and (day.month, day.day) == (6, 5):
        return "constitution_day"
    if day in schedule.extra_closed_days:
        return "pharmacy_closed"
    weekday = day.weekday()
    if weekday == 5:
        return "saturday"
    if weekday == 6:
        return "sunday"
    return None


def closed_reason(day: date, schedule: PackingSchedule) -> str | None:
    """Why the pharmacy of ``schedule`` is closed on ``day`` in words ("Juleaftensdag",
    "Lørdag"), or None when open."""
    code = closed_day(day, schedule)
    return None if code is None else label("closed_day", code)


def is_closed(day: date, schedule: PackingSchedule) -> bool:
    """True on weekends, public holidays and the schedule's own closing days.

    The schedule's closing days are Christmas Eve (if ``closed_christmas_eve``), Constitution Day
    (if ``closed_constitution_day``) and every date in ``extra_closed_days``.
    """
    return closed_day(day, schedule) is not None


def previous_working_day(day: date, schedule: PackingSchedule) -> date:
    """``day`` itself when the pharmacy is open, else the nearest earlier open day."""
    while is_closed(day, schedule):
        day -= timedelta(days=1)
    return day


def cph_datetime(day: date, t: time) -> datetime:
    """The aware datetime at wall-clock time ``t`` on ``day`` in Europe/Copenhagen.

    A time inside the spring-forward gap (e.g. 02:30 on the last Sunday of March) does not exist
    and resolves forward (to 03:30) with ``dateutil.tz.resolve_imaginary``. An ambiguous time in
    the autumn (02:00-02:59 on the last Sunday of October) takes its first occurrence (summer time,
    ``fold=0``). ``t`` must be naive; its ``fold`` is ignored.
    """
    if t.tzinfo is not None:
        raise ValueError("cph_datetime expects a naive wall-clock time")
    dt = datetime.combine(day, t.replace(fold=0), tzinfo=_TZ)
    if not tz.datetime_exists(dt):
        resolved: datetime = tz.resolve_imaginary(dt)
        return resolved
    return dt


def now_cph() -> datetime:
    """The current moment as an aware datetime in Europe/Copenhagen."""
    return datetime.now(_TZ)


def to_cph(dt: datetime) -> datetime:
    """``dt`` converted to Europe/Copenhagen. Raises ValueError for a naive datetime."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"naive datetime has no time zone: {dt.isoformat()}")
    return dt.astimezone(_TZ)


def require_aware(name: str, value: datetime | None) -> None:
    """Raise ValueError when ``value`` (called ``name`` in the message) is a naive datetime;
    ``None`` passes (the rules' optional moments)."""
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")


def fixed_clock(moment: datetime) -> Callable[[], datetime]:
    """A clock that always says ``moment`` (in Europe/Copenhagen): ``--now``, tests."""
    aware = to_cph(moment)
    return lambda: aware


# Bulk conversions (demo data, imports, bulk rows): dateutil searches its transition list on
# every conversion (~5 us each, hundreds of thousands per demo). Copenhagen changes its offset
# only on whole hours, so the offset (and, from UTC, the fold) is looked up once per hour and
# kept; an hour in which it would change anyway is never kept and converted by dateutil.
_WALL_HOUR: dict[tuple[int, int, int, int, int], timedelta] = {}
_UTC_HOUR: dict[tuple[int, int, int, int], tuple[timedelta, int]] = {}


def utc_naive(dt: datetime) -> datetime:
    """``dt`` as naive UTC (as the database keeps a moment), exactly
    ``dt.astimezone(UTC).replace(tzinfo=None)``, fast for Copenhagen time. Raises ValueError for a
    naive datetime."""
    if dt.tzinfo is _TZ:
        key = (dt.year, dt.month, dt.day, dt.hour, dt.fold)
        offset = _WALL_HOUR.get(key)
        if offset is None:
            start = dt.replace(minute=0, second=0, microsecond=0)
            offset = start.utcoffset()
            end = start.replace(minute=59, second=59, microsecond=999_999)
            if offset is None or end.utcoffset() != offset:
                return dt.astimezone(UTC).replace(tzinfo=None)
            _WALL_HOUR[key] = offset
        return dt.replace(tzinfo=None) - offset
    offset = dt.utcoffset()
    if offset is None:
        raise ValueError(f"naive datetime has no time zone: {dt.isoformat()}")
    return dt.replace(tzinfo=None) - offset


def to_utc(dt: datetime) -> datetime:
    """``dt`` as an aware UTC datetime, exactly ``dt.astimezone(UTC)`` (fast for Copenhagen
    time). Raises ValueError for a naive datetime."""
    return utc_naive(dt).replace(tzinfo=UTC)


def utc_to_cph(dt: datetime) -> datetime:
    """An aware ``dt`` in Europe/Copenhagen, exactly ``dt.astimezone(CPH)`` (fold included; fast
    for a UTC datetime). Raises ValueError for a naive datetime."""
    if dt.tzinfo is not UTC:
        return to_cph(dt)
    key = (dt.year, dt.month, dt.day, dt.hour)
    hit = _UTC_HOUR.get(key)
    if hit is None:
        start = dt.replace(minute=0, second=0, microsecond=0).astimezone(_TZ)
        end = dt.replace(minute=59, second=59, microsecond=999_999).astimezone(_TZ)
        offset = start.utcoffset()
        if offset is None or end.utcoffset() != offset or end.fold != start.fold:
            return dt.astimezone(_TZ)
        hit = _UTC_HOUR[key] = (offset, start.fold)
    offset, fold = hit
    return (dt + offset).replace(tzinfo=_TZ, fold=fold)


# Comparing and subtracting moments. Python compares and subtracts two aware datetimes that share
# a ``tzinfo`` object (every Copenhagen moment here: the clock's, the database's, a typed one) by
# their wall clocks and ignores ``fold``: 02:40 summer time (the first 02:40 of the last Sunday of
# October) counts as after 02:30 winter time (the second 02:30, 50 minutes later), and a span
# across a change of summer time is an hour off. Datetimes with different zones compare in UTC.


def is_before(a: datetime, b: datetime) -> bool:
    """True when the moment ``a`` comes before ``b`` (``a < b`` as moments, not wall clocks;
    ``not is_before(b, a)`` is ``a <= b``).

    Cheap: two moments of one zone with the same ``fold`` keep their order on the wall clock, so
    only a pair from the two passes of the repeated autumn hour is converted to UTC."""
    if a.fold == b.fold or a.tzinfo is not b.tzinfo:
        return a < b
    return utc_naive(a) < utc_naive(b)


def time_between(start: datetime, end: datetime) -> timedelta:
    """The real time from ``start`` to ``end`` (negative when ``end`` is before ``start``):
    ``end - start`` in UTC, so a span across a change of summer time is not an hour off (a
    countdown on the Saturday before the October change to Monday 12.00 has 49 hours, not 48).
    Raises ValueError for a naive datetime."""
    if start.tzinfo is not end.tzinfo:
        return end - start
    return utc_naive(end) - utc_naive(start)


def iso_week(day: date) -> int:
    """The ISO 8601 week number of ``day`` (1..53), as used on Danish calendars."""
    return day.isocalendar().week


def parse_moment(text: str) -> datetime:
    """An ISO-8601 time typed by a user (``--now``, ``--received``); without an offset it is
    Copenhagen wall-clock time. Raises InvalidInput with a Danish message."""
    try:
        dt = datetime.fromisoformat(text.strip())
    except ValueError as e:
        raise InvalidInput("calendar.not_iso_8601_time", text=text) from e
    from dosisdesk.domain.invariants import check_year

    check_year(dt.year)  # before any time-zone arithmetic (year 1 or 9999 would overflow)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=_TZ)
    return to_cph(dt)
