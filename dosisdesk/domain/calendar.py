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

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from dateutil import easter, tz

from dosisdesk.domain.errors import InvalidInput
from dosisdesk.domain.types import CPH, PackingSchedule

__all__ = [
    "CHRISTMAS_EVE_NAME",
    "CONSTITUTION_DAY_NAME",
    "MONTHS_DA",
    "MONTH_SHORT_DA",
    "WEEKDAYS_DA",
    "WEEKDAY_ABBR_DA",
    "WEEKDAY_SHORT_DA",
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
    "is_closed",
    "is_public_holiday",
    "iso_week",
    "now_cph",
    "parse_moment",
    "previous_working_day",
    "to_cph",
]

#: Danish weekday names (Monday first, as ``date.weekday()``), and the month names: the one place
#: the program keeps them. ``WEEKDAY_ABBR_DA`` are the three-letter words of the dosage notation
#: (``man,ons,fre: 1+0+0+0``, see ``domain.dosage``), not how a day is written in text (that is
#: :func:`format_day`).
WEEKDAYS_DA = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
WEEKDAY_ABBR_DA = ("man", "tir", "ons", "tor", "fre", "lør", "søn")
MONTHS_DA = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)

#: How nurses abbreviate weekdays and months on paper and on screen ("tirs. 1. dec."): the
#: abbreviation keeps enough letters to be read aloud; a full word keeps no dot ("maj").
WEEKDAY_SHORT_DA = ("man.", "tirs.", "ons.", "tors.", "fre.", "lør.", "søn.")
MONTH_SHORT_DA = (
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "maj",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "dec.",
)

CHRISTMAS_EVE_NAME = "Juleaftensdag"
CONSTITUTION_DAY_NAME = "Grundlovsdag"

#: Great Prayer Day (store bededag) was abolished as a public holiday from 2024.
_LAST_GREAT_PRAYER_DAY_YEAR = 2023

_TZ = CPH
assert _TZ is not None


@lru_cache(maxsize=256)
def _holidays(year: int) -> tuple[tuple[date, str], ...]:
    """The public holidays of ``year`` as an immutable, date-sorted tuple (cached per year)."""
    e = easter.easter(year)
    days: list[tuple[date, str]] = [
        (date(year, 1, 1), "Nytårsdag"),
        (e - timedelta(days=3), "Skærtorsdag"),
        (e - timedelta(days=2), "Langfredag"),
        (e, "Påskedag"),
        (e + timedelta(days=1), "2. påskedag"),
        (e + timedelta(days=39), "Kristi himmelfartsdag"),
        (e + timedelta(days=49), "Pinsedag"),
        (e + timedelta(days=50), "2. pinsedag"),
        (date(year, 12, 25), "Juledag"),
        (date(year, 12, 26), "2. juledag"),
    ]
    if year <= _LAST_GREAT_PRAYER_DAY_YEAR:
        days.append((e + timedelta(days=26), "Store bededag"))
    return tuple(sorted(days))


@lru_cache(maxsize=256)
def _holiday_map(year: int) -> dict[date, str]:
    return dict(_holidays(year))


def danish_public_holidays(year: int) -> dict[date, str]:
    """Danish public holidays of ``year``, mapped to their Danish names, in date order.

    New Year's Day, Maundy Thursday, Good Friday, Easter Sunday and Monday, Great Prayer Day (years
    before 2024 only), Ascension Day, Whit Sunday and Monday, Christmas Day and Boxing Day. The
    result is computed once per year and cached; the returned dict is a fresh copy the caller may
    change.
    """
    return dict(_holidays(year))


def is_public_holiday(day: date) -> bool:
    """True when ``day`` is a Danish public holiday (weekends are not counted here)."""
    return day in _holiday_map(day.year)


def closed_reason(day: date, schedule: PackingSchedule) -> str | None:
    """Why the pharmacy of ``schedule`` is closed on ``day`` (Danish text), or None when open.

    The holiday's own name wins over "Lørdag"/"Søndag" when a holiday falls on a weekend.
    """
    name = _holiday_map(day.year).get(day)
    if name is not None:
        return name
    if schedule.closed_christmas_eve and (day.month, day.day) == (12, 24):
        return CHRISTMAS_EVE_NAME
    if schedule.closed_constitution_day and (day.month, day.day) == (6, 5):
        return CONSTITUTION_DAY_NAME
    if day in schedule.extra_closed_days:
        return "Apoteket holder lukket"
    weekday = day.weekday()
    if weekday == 5:
        return "Lørdag"
    if weekday == 6:
        return "Søndag"
    return None


def is_closed(day: date, schedule: PackingSchedule) -> bool:
    """True on weekends, public holidays and the schedule's own closing days.

    The schedule's closing days are Christmas Eve (if ``closed_christmas_eve``), Constitution Day
    (if ``closed_constitution_day``) and every date in ``extra_closed_days``.
    """
    return closed_reason(day, schedule) is not None


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


def iso_week(day: date) -> int:
    """The ISO 8601 week number of ``day`` (1..53), as used on Danish calendars."""
    return day.isocalendar().week


def parse_moment(text: str) -> datetime:
    """An ISO-8601 time typed by a user (``--now``, ``--received``); without an offset it is
    Copenhagen wall-clock time. Raises InvalidInput with a Danish message."""
    try:
        dt = datetime.fromisoformat(text.strip())
    except ValueError as e:
        raise InvalidInput(
            f"not an ISO-8601 time: {text!r}",
            f"»{text}« er ikke et gyldigt tidspunkt (ISO-8601, fx 2026-11-22T10:00).",
        ) from e
    from dosisdesk.domain.invariants import check_year

    check_year(dt.year)  # before any time-zone arithmetic (year 1 or 9999 would overflow)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=_TZ)
    return to_cph(dt)


# ---------------------------------------------------------------------------
# The one way dates and times are written (as nurses write them)
# ---------------------------------------------------------------------------
#
# Every date or time a user reads (screen, paper, command line) is written by a function below.
# Running text uses the words (``tirs. 1. dec. kl. 12.00``); a table cell may use the numeric
# form (``01-12-2026 12.00``). Machine formats (ISO in JSON and CSV, file names) stay ISO and do
# not come from here.


def _cph_time(moment: datetime | time) -> time:
    return to_cph(moment).timetz() if isinstance(moment, datetime) else moment


def format_clock(moment: datetime | time) -> str:
    """``12.00``: a clock time with a dot (Copenhagen time), for a table cell or after ``kl.``"""
    t = _cph_time(moment)
    return f"{t.hour:02d}.{t.minute:02d}"


def format_time(moment: datetime | time) -> str:
    """``kl. 12.00``: a clock time as Danish writes it in running text (Copenhagen time)."""
    return f"kl. {format_clock(moment)}"


def format_weekday(day: date | int) -> str:
    """``tirs.``: the weekday (of a date, or a weekday number, Monday 0) as nurses abbreviate
    it."""
    return WEEKDAY_SHORT_DA[day if isinstance(day, int) else day.weekday()]


def _year(day: date, today: date | None, with_year: bool) -> str:
    return f" {day.year}" if with_year and (today is None or day.year != today.year) else ""


def format_date(day: date, *, today: date | None = None, with_year: bool = True) -> str:
    """``1. dec. 2026``; with ``today`` given, the year is left out when it is ``today``'s
    (``1. dec.``), and always with ``with_year=False`` (a day the reader places by context)."""
    return f"{day.day}. {MONTH_SHORT_DA[day.month - 1]}{_year(day, today, with_year)}"


def format_day(day: date, *, today: date | None = None, with_year: bool = True) -> str:
    """``tirs. 1. dec. 2026``: weekday, day and month (the year as in :func:`format_date`:
    ``tirs. 1. dec.`` in ``today``'s year or with ``with_year=False``)."""
    return f"{format_weekday(day)} {format_date(day, today=today, with_year=with_year)}"


def format_long_day(day: date, *, today: date | None = None, with_year: bool = True) -> str:
    """``tirsdag 1. december 2026``: the words in full, for a sentence that stresses the day (the
    year as in :func:`format_date`)."""
    month = MONTHS_DA[day.month - 1]
    return f"{WEEKDAYS_DA[day.weekday()]} {day.day}. {month}{_year(day, today, with_year)}"


def format_long_moment(
    moment: datetime, *, today: date | None = None, with_year: bool = True
) -> str:
    """``tirsdag 1. december kl. 12.00``: a moment with the words in full, for a sentence that
    stresses the day (the year as in :func:`format_date`)."""
    t = to_cph(moment)
    return f"{format_long_day(t.date(), today=today, with_year=with_year)} {format_time(t)}"


def format_moment(moment: datetime, *, today: date | None = None, with_year: bool = True) -> str:
    """``tirs. 1. dec. kl. 12.00``: the one way a moment is written to a user (the year as in
    :func:`format_date`)."""
    t = to_cph(moment)
    return f"{format_day(t.date(), today=today, with_year=with_year)} {format_time(t)}"


def format_date_numeric(day: date) -> str:
    """``01-12-2026``: the short form of a date for a table cell."""
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


def format_moment_numeric(moment: datetime) -> str:
    """``01-12-2026 12.00``: the short form of a moment for a table cell (Copenhagen time)."""
    t = to_cph(moment)
    return f"{format_date_numeric(t.date())} {format_clock(t)}"
