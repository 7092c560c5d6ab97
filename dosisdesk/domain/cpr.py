"""CPR numbers (rule R11): validation, birth date, sex, display and demo numbers.

A CPR number is ten digits ``DDMMYY-SSSS``. The seventh digit together with ``YY`` gives the
century (the century rule): digits 0-3 mean 1900-1999; 4 and 9 mean 2000-2036 for YY 00-36 and
1937-1999 for YY 37-99; 5-8 mean 2000-2057 for YY 00-57 and 1858-1899 for YY 58-99.

Numbers without a valid modulus-11 check digit have been issued since 2007 and are accepted.
``stdnum.dk.cpr`` (python-stdnum) gives the birth date and the check-digit sum; the tests hold
our century rule to it (``tests/unit/test_cpr.py``). Its ``validate`` does *not* check
modulus 11 (despite its docstring) but rejects birth dates after ``date.today()``, so the checks
here are our own, each failure with a precise Danish message. stdnum (which loads ``pydoc`` and
``ssl``) is imported when a CPR number is first checked, not when the program starts: showing a
list only formats numbers.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import PurePath

from dosisdesk.domain.calendar import now_cph
from dosisdesk.domain.errors import InvalidCpr, InvalidInput

__all__ = [
    "age_on",
    "birth_date",
    "check_file_name",
    "cpr_in_file_name",
    "demo_cpr",
    "format_cpr",
    "has_modulus11",
    "is_female",
    "mask_cpr",
    "mask_cpr_in_file_name",
    "normalize_cpr",
]

_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]")


def _century_year(yy: int, seventh: int) -> int:
    """The four-digit birth year from YY and the seventh digit (the century rule)."""
    if seventh <= 3:
        return 1900 + yy
    if seventh in (4, 9):
        return 2000 + yy if yy <= 36 else 1900 + yy
    return 2000 + yy if yy <= 57 else 1800 + yy


def _digits(text: str) -> str:
    """Strip separators and check for exactly ten ASCII digits; raise InvalidCpr otherwise."""
    if not isinstance(text, str):
        raise InvalidCpr("cpr.must_string")
    compact = _SEPARATORS.sub("", text)
    if not compact:
        raise InvalidCpr("cpr.empty")
    letters = [c for c in compact if c.isalpha()]
    if letters:
        raise InvalidCpr("cpr.contains_letters", compact=compact, value="".join(letters))
    others = [c for c in compact if c not in "0123456789"]
    if others:
        raise InvalidCpr("cpr.contains_invalid_characters", compact=compact, value="".join(others))
    if len(compact) != 10:
        raise InvalidCpr("cpr.must_have_10_digits", n_compact=len(compact))
    return compact


def _birth(digits: str) -> date:
    """The birth date of ten checked digits; InvalidCpr when the date does not exist."""
    dd, mm, yy, seventh = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    year = _century_year(yy, seventh)
    if not 1 <= mm <= 12:
        raise InvalidCpr("cpr.month", mm=mm)
    from stdnum.dk import cpr as stdnum_cpr  # late: not needed to show a list (module docstring)
    from stdnum.exceptions import ValidationError

    try:
        born = stdnum_cpr.get_birth_date(digits)
    except (ValidationError, ValueError) as exc:  # no such day in that month
        raise InvalidCpr(
            "cpr.no_day_zero" if dd == 0 else "cpr.no_such_day", dd=dd, mm=mm, year=year
        ) from exc
    assert isinstance(born, date)
    return born


def normalize_cpr(text: str, *, today: date | None = None) -> str:
    """The CPR number in ``text`` as ten digits, e.g. ``"0102031234"``.

    Accepts ``"0102031234"``, ``"010203-1234"`` and spaces anywhere. Raises InvalidCpr with a
    Danish message when the text has letters or other characters, is not ten digits, does not hold
    a real date by the century rule, or gives a birth date after ``today`` (default: today in
    Copenhagen). A missing modulus-11 check digit is not an error.
    """
    digits = _digits(text)
    born = _birth(digits)
    today = today or now_cph().date()
    if born > today:
        raise InvalidCpr("cpr.birth_date_future", born=born)
    return digits


def birth_date(cpr: str) -> date:
    """The birth date of ``cpr`` by the century rule (no check against today's date)."""
    return _birth(_digits(cpr))


def age_on(cpr: str, day: date) -> int:
    """Completed years on ``day``. Someone born on 29 February ages on 1 March in common years."""
    born = birth_date(cpr)
    if day < born:
        raise InvalidCpr("cpr.before_birth_date", day=day, born=born)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_female(cpr: str) -> bool:
    """True when the last digit is even (female), False when odd (male)."""
    return int(_digits(cpr)[9]) % 2 == 0


def format_cpr(cpr: str) -> str:
    """``"DDMMYY-XXXX"``."""
    d = _digits(cpr)
    return f"{d[:6]}-{d[6:]}"


def mask_cpr(cpr: str) -> str:
    """``"DDMMYY-xxxx"``: the birth date only, for printed lists (R10)."""
    if isinstance(cpr, str) and len(cpr) == 10 and cpr.isascii() and cpr.isdigit():
        return f"{cpr[:6]}-xxxx"  # stored CPR numbers: ten digits, nothing to strip or check
    return f"{_digits(cpr)[:6]}-xxxx"


# ---------------------------------------------------------------------------
# CPR numbers in file names (R11: never)
# ---------------------------------------------------------------------------

#: Six digits on their own (no digit either side), optionally followed by a dash, space, underscore
#: or dot and four digits or mask characters (``010170``, ``010170-1234``, ``010170-xxxx``), or ten
#: digits in a row. A longer run of digits (a timestamp such as ``20261122153000``) is not a CPR.
_CPR_IN_NAME = re.compile(
    r"(?<![0-9])(?P<birth>[0-9]{6})(?:(?P<sep>[-\u2010-\u2015\u2212 _.]?)(?P<tail>[0-9xX*]{4}))?"
    r"(?![0-9xX*])",
    re.ASCII,
)


def _is_birth_date(six: str) -> bool:
    """True when ``DDMMYY`` is a real day in some century (29 February in a leap year)."""
    dd, mm, yy = int(six[0:2]), int(six[2:4]), int(six[4:6])
    for year in (1900 + yy, 2000 + yy):
        try:
            date(year, mm, dd)
        except ValueError:
            continue
        return True
    return False


def _cpr_matches(name: str) -> list[re.Match[str]]:
    return [m_ for m_ in _CPR_IN_NAME.finditer(name) if _is_birth_date(m_["birth"])]


def cpr_in_file_name(name: str | PurePath) -> bool:
    """True when the file name, or a folder on its path, holds something that reads as a CPR
    number: six digits that form a date (DDMMYY), alone or followed by ``-``, a space, ``_`` or
    ``.`` and four digits or mask letters (``010170-1234``, ``010170-xxxx``, ``0101701234``). A
    timestamp (``order-20261122153000.json``) or an ISO date (``2026-11-22``) is not one."""
    return any(_cpr_matches(part) for part in PurePath(name).parts)


def mask_cpr_in_file_name(name: str | PurePath) -> str:
    """The file name (last part of a path) with every CPR-like number masked (``010170-xxxx``),
    safe to show and log."""
    text = PurePath(name).name
    for m_ in reversed(_cpr_matches(text)):
        if m_["tail"] is None:
            continue  # a birth date alone is not masked (but still refused as a file name)
        text = f"{text[: m_.start()]}{m_['birth']}-xxxx{text[m_.end() :]}"
    return text


def check_file_name(name: str | PurePath, *, example: str = "overlevering-team-nord.pdf") -> None:
    """Refuse a file name that holds a CPR number (R11), for every file the program writes
    (export, PDF, medicine list): InvalidInput with a Danish message that proposes ``example``."""
    shown = PurePath(name).name
    if cpr_in_file_name(name):
        raise InvalidInput("cpr.file_name_looks_like", shown=shown, example=example)


def has_modulus11(cpr: str) -> bool:
    """True when the weighted digit sum (4,3,2,7,6,5,4,3,2,1) is divisible by 11."""
    from stdnum.dk import cpr as stdnum_cpr  # late: see the module docstring

    return int(stdnum_cpr.checksum(_digits(cpr))) == 0


def _century_digits(birth: date) -> tuple[int, ...]:
    """The seventh digits that give ``birth.year`` for its YY under the century rule."""
    return _century_digits_of(birth.year)


@cache
def _century_digits_of(year: int) -> tuple[int, ...]:
    return tuple(s for s in range(10) if _century_year(year % 100, s) == year)


def demo_cpr(birth: date, serial: int) -> str:
    """A deterministic CPR number for DEMO data that fails the modulus-11 check on purpose.

    The seventh digit is consistent with ``birth`` under the century rule, so the number passes
    :func:`normalize_cpr` (for a birth date not in the future). ``serial`` (0 or more) picks the
    seventh digit among the valid ones, the eighth and ninth digits and the last digit among the
    nine or ten that fail modulus 11; distinct serials below 3,600 give distinct numbers for one
    birth date (larger serials wrap around). Raises ValueError for a birth year outside
    1858-2057, which the century rule cannot express, or a negative serial.
    """
    if serial < 0:
        raise ValueError(f"serial must not be negative, got {serial}")
    centuries = _century_digits(birth)
    if not centuries:
        raise ValueError(f"no CPR century digit gives the year {birth.year}")
    capacity = len(centuries) * 100 * 9
    n = serial % capacity
    last_index, n = n % 9, n // 9
    middle, n = n % 100, n // 100
    seventh = centuries[n]
    head = f"{birth:%d%m}{birth.year % 100:02d}{seventh}{middle:02d}"
    partial = sum(w * int(c) for w, c in zip(_WEIGHTS, head, strict=False))
    failing = [d for d in range(10) if (partial + d) % 11 != 0]
    return f"{head}{failing[last_index]}"
