"""How Danish writes a day, a date and a time (as nurses write them): the one place.

Every date or time a user reads (screen, paper, command line) is written by a function here
(``domain.calendar`` hands them on under the same names). Running text uses the words
(``tirs. 1. dec. kl. 12.00``); a table cell may use the numeric form (``01-12-2026 12.00``).
Machine formats (ISO in JSON and CSV, file names) stay ISO and do not come from here.
"""

from __future__ import annotations

from datetime import date, datetime, time

from dateutil import tz

#: Danish weekday names (Monday first, as ``date.weekday()``), and the month names: the one place
#: the program keeps them. ``WEEKDAY_ABBR`` are the three-letter words of the dosage notation
#: (``man,ons,fre: 1+0+0+0``, see ``domain.dosage``), not how a day is written in text (that is
#: :func:`format_day`).
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
WEEKDAY_ABBR = ("man", "tir", "ons", "tor", "fre", "lør", "søn")
MONTHS = (
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
WEEKDAY_SHORT = ("man.", "tirs.", "ons.", "tors.", "fre.", "lør.", "søn.")
MONTH_SHORT = (
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

_CPH = tz.gettz("Europe/Copenhagen")


def to_cph(dt: datetime) -> datetime:
    """``dt`` converted to Europe/Copenhagen. Raises ValueError for a naive datetime."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"naive datetime has no time zone: {dt.isoformat()}")
    return dt.astimezone(_CPH)


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
    return WEEKDAY_SHORT[day if isinstance(day, int) else day.weekday()]


def weekday_name(day: date | int) -> str:
    """``tirsdag``: the weekday (of a date, or a weekday number, Monday 0) in full."""
    return WEEKDAYS[day if isinstance(day, int) else day.weekday()]


def month_name(month: int) -> str:
    """``december``: the month (1-12) in full."""
    return MONTHS[month - 1]


def _year(day: date, today: date | None, with_year: bool) -> str:
    return f" {day.year}" if with_year and (today is None or day.year != today.year) else ""


def format_date(day: date, *, today: date | None = None, with_year: bool = True) -> str:
    """``1. dec. 2026``; with ``today`` given, the year is left out when it is ``today``'s
    (``1. dec.``), and always with ``with_year=False`` (a day the reader places by context)."""
    return f"{day.day}. {MONTH_SHORT[day.month - 1]}{_year(day, today, with_year)}"


def format_day(day: date, *, today: date | None = None, with_year: bool = True) -> str:
    """``tirs. 1. dec. 2026``: weekday, day and month (the year as in :func:`format_date`:
    ``tirs. 1. dec.`` in ``today``'s year or with ``with_year=False``)."""
    return f"{format_weekday(day)} {format_date(day, today=today, with_year=with_year)}"


def format_long_day(day: date, *, today: date | None = None, with_year: bool = True) -> str:
    """``tirsdag 1. december 2026``: the words in full, for a sentence that stresses the day (the
    year as in :func:`format_date`)."""
    month = MONTHS[day.month - 1]
    return f"{WEEKDAYS[day.weekday()]} {day.day}. {month}{_year(day, today, with_year)}"


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


def _day_no_year(day: date) -> str:
    return format_day(day, with_year=False)


def _date_no_year(day: date) -> str:
    return format_date(day, with_year=False)


def _moment_no_year(moment: datetime) -> str:
    return format_moment(moment, with_year=False)


#: The ``{name:spec}`` formats a Danish sentence in ``errors_da`` may use for a parameter.
FORMATS = {
    "date": format_date,
    "day": format_day,
    "day_no_year": _day_no_year,
    "date_no_year": _date_no_year,
    "moment_no_year": _moment_no_year,
    "time": format_time,
    "date_numeric": format_date_numeric,
    "long_day": format_long_day,
    "moment": format_moment,
    "moment_numeric": format_moment_numeric,
    "clock": format_clock,
    "weekday": weekday_name,
    "month": month_name,
}
