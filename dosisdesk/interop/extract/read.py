"""Reading an extract file safely before anything is written: its size and nesting depth, JSON
without constants such as NaN, every value's text, and the dates and moments it holds.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dosisdesk import words
from dosisdesk.domain import invariants as inv
from dosisdesk.domain.calendar import to_cph
from dosisdesk.interop.extract.format import _err, _show

#: Limits checked before the file is parsed: its size, and how deep objects and lists nest.
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_DEPTH = 64


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` before parsing (a thousand nested lists
    would exhaust the parser's recursion)."""
    depth = 0
    in_string = escaped = False
    line = 1
    for c in text:
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _err(
                    "$", "interop.extract.nesting_deeper_than", max_depth=MAX_DEPTH, line=line
                )
        elif c in "]}":
            depth -= 1
        elif c == "\n":
            line += 1


_DAY_PREFIX = re.compile(r"(\d{4})-\d{2}-\d{2}")


def _check_values(value: Any, path: str = "$") -> None:
    """Every day and moment in the plausible years, every whole number one a database holds
    (``domain.invariants``); checked before any date arithmetic (year 1 at +14:00 overflows)."""
    if isinstance(value, dict):
        for k, v in value.items():
            _check_values(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_values(v, f"{path}[{i}]")
    elif isinstance(value, str):
        if len(value) >= 10 and (m_ := _DAY_PREFIX.match(value)):
            year = int(m_.group(1))
            if not inv.EARLIEST_DAY.year <= year <= inv.LATEST_DAY.year:
                raise _err(
                    path,
                    "interop.extract.year_out_range",
                    value=_show(value),
                    year=inv.EARLIEST_DAY.year,
                    year2=inv.LATEST_DAY.year,
                    year3=year,
                )
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > inv.MAX_INT:
        raise _err(
            path, "interop.extract.integer_out_range", value=_show(value), max_int=inv.MAX_INT
        )


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _load(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _err(
                "$",
                "interop.extract.file_too_large_bytes",
                size=size // (1024 * 1024),
                max_file_bytes=MAX_FILE_BYTES // (1024 * 1024),
                size2=size,
            )
        raw = path.read_bytes()
    except FileNotFoundError as e:
        raise _err("$", "interop.extract.file_not_found", file=path) from e
    except OSError as e:
        raise _err(
            "$", "interop.extract.cannot_read", file=path, value=e.strerror or e, e=str(e)
        ) from e
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise _err("$", "interop.extract.not_utf_8_line", line=line) from e
    _check_depth(text)
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        errors = words.LANGUAGES[words.language()].labels["json_error"]
        what = errors.get(e.msg, e.msg)
        raise _err(
            "$", "interop.extract.not_json", lineno=e.lineno, colno=e.colno, what_=what, e=e
        ) from e
    except ValueError as e:  # NaN, Infinity
        raise _err("$", "interop.extract.json_2", e=str(e)) from e


def _day(text: str) -> date:
    return date.fromisoformat(text)  # the schema checked that it exists


def _day_opt(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None


def _moment(text: str) -> datetime:
    return to_cph(datetime.fromisoformat(text))  # the schema checked it has an offset


def _moment_opt(text: str | None) -> datetime | None:
    return _moment(text) if text is not None else None


def _cpr_detail(message: str) -> str:
    for prefix in ("CPR-nummeret er ikke en rigtig dato: ",):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return message.removesuffix(" Skriv fx 010203-1234.").rstrip(".")
