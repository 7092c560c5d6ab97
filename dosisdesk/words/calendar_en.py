"""How the English sentences (logs, developers) write a day, a date and a time: ISO 8601."""

from __future__ import annotations

from datetime import date, datetime

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _iso(value: date | datetime) -> str:
    return value.isoformat()


def _weekday(day: date | int) -> str:
    return _WEEKDAYS[day if isinstance(day, int) else day.weekday()]


def _month(month: int) -> str:
    return _MONTHS[month - 1]


#: The ``{name:spec}`` formats an English sentence in ``errors_en`` may use for a parameter.
FORMATS = {
    "date": _iso,
    "day": _iso,
    "day_no_year": _iso,
    "date_no_year": _iso,
    "moment_no_year": _iso,
    "time": _iso,
    "date_numeric": _iso,
    "long_day": _iso,
    "moment": _iso,
    "moment_numeric": _iso,
    "clock": _iso,
    "weekday": _weekday,
    "month": _month,
}
