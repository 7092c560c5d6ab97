"""What every stored record holds, written once: the services keep it when they write, and the
import (``interop.extract``) checks it before it writes anything.

Each check raises :class:`InvalidInput` with a Danish sentence; ``where`` names the place (a
command-line option, a field, a JSON path) and is carried as the error's ``path``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from dosisdesk.domain.calendar import is_before
from dosisdesk.domain.errors import InvalidInput

#: The days a record may name: nothing in home care's dose dispensing is older or further ahead.
EARLIEST_DAY = date(1990, 1, 1)
LATEST_DAY = date(2100, 12, 31)
EARLIEST_MOMENT = datetime(1990, 1, 1, tzinfo=UTC)
LATEST_MOMENT = datetime(2100, 12, 31, tzinfo=UTC)

#: The most units one intake can hold (a bag holds tablets, not thousands of them).
MAX_UNITS_PER_INTAKE = Decimal(100)

#: The longest name (user, team, pharmacy, group) and the longest free text a record keeps.
MAX_NAME = 100
MAX_TEXT = 2000

#: The largest id or count a command line or a file may name (PostgreSQL's INTEGER).
MAX_INT = 2**31 - 1

#: How far back a handling (a bag taken out) may be recorded, and how far ahead.
HANDLING_BACK = timedelta(days=14)
HANDLING_AHEAD = timedelta(days=60)


def _where(where: str) -> str:
    return f" ({where})" if where else ""


def check_day(day: date, where: str = "") -> date:
    """A day in the plausible range (1990-2100)."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InvalidInput(
            "invariants.day_out_range",
            day=day.isoformat(),
            where=where,
            earliest_day=EARLIEST_DAY,
            latest_day=LATEST_DAY,
            path=where or None,
        )
    return day


def check_year(year: int, where: str = "") -> None:
    """A year in the plausible range: checked before any arithmetic on a moment (a moment near
    year 1 or 9999 overflows when it is moved to another time zone)."""
    if not EARLIEST_DAY.year <= year <= LATEST_DAY.year:
        raise InvalidInput(
            "invariants.year_out_range",
            year=year,
            where=where,
            earliest_day=EARLIEST_DAY,
            latest_day=LATEST_DAY,
            path=where or None,
        )


def check_moment(moment: datetime, where: str = "") -> datetime:
    """An aware moment in the plausible range."""
    check_year(moment.year, where)
    if not EARLIEST_MOMENT <= moment <= LATEST_MOMENT:
        check_year(0, where)
    return moment


def check_int(value: int, where: str = "") -> int:
    """An id or a count a database can hold (0 to 2^31-1)."""
    if not 0 <= value <= MAX_INT:
        raise InvalidInput(
            "invariants.integer_out_range",
            value=value,
            value2=_short(str(value)),
            where=where,
            max_int=MAX_INT,
            path=where or None,
        )
    return value


def check_units(amount: Decimal, where: str = "") -> Decimal:
    """The units of one intake: at most :data:`MAX_UNITS_PER_INTAKE`."""
    if amount > MAX_UNITS_PER_INTAKE:
        raise InvalidInput(
            "invariants.absurd_amount",
            amount=amount,
            amount2=_short(str(amount)),
            where=where,
            max_units_per_intake=MAX_UNITS_PER_INTAKE,
            path=where or None,
        )
    return amount


def check_text(text: str, where: str = "", *, limit: int = MAX_TEXT) -> str:
    """A name or a text no longer than ``limit`` characters and without control characters."""
    if len(text) > limit:
        raise InvalidInput(
            "invariants.text_too_long_characters",
            n_text=len(text),
            where=where,
            limit=limit,
            path=where or None,
        )
    bad = next((c for c in text if ord(c) < 32 and c not in "\n\t"), None)
    if bad is not None:
        raise InvalidInput(
            "invariants.control_character_text",
            where=where,
            bad=shown(bad),
            path=where or None,
        )
    return text


def check_name(text: str, where: str = "") -> str:
    """A name (user, team, group, pharmacy): not empty, at most :data:`MAX_NAME` characters."""
    if not text.strip():
        raise InvalidInput("invariants.empty_name", where=where, path=where or None)
    return check_text(text, where, limit=MAX_NAME)


def shown(text: str, limit: int = 80) -> str:
    """Text from outside shown safely: control characters escaped (``\\x1b``), cut at ``limit``."""
    out = "".join(
        c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
        for c in text[:limit]
    )
    return out + ("…" if len(text) > limit else "")


def _short(text: str) -> str:
    return shown(text, 24)


# ---------------------------------------------------------------------------
# A stored change and its history (what the services guarantee)
# ---------------------------------------------------------------------------


def check_received(received: datetime | None, registered: datetime, where: str = "") -> None:
    """A change is received before (or when) it is registered."""
    if received is not None and is_before(registered, received):
        raise InvalidInput("invariants.received_after_registered", where=where, path=where or None)


def check_transitions(
    state: str, transitions: Sequence[tuple[str | None, str, datetime]], where: str = ""
) -> None:
    """A change's history: at least one transition, each starting where the one before ended,
    in time order, and its state is its last transition's."""
    if not transitions:
        raise InvalidInput("invariants.change_without_history", where=where, path=where or None)
    prev_to: str | None = None
    prev_at: datetime | None = None
    for i, (old, new, at) in enumerate(transitions):
        if i > 0 and old != prev_to:
            raise InvalidInput(
                "invariants.broken_transition_chain",
                where=where,
                i=i + 1,
                old=shown(str(old)),
                prev_to=shown(str(prev_to)),
                path=where or None,
            )
        if prev_at is not None and is_before(at, prev_at):
            raise InvalidInput(
                "invariants.transitions_out_time_order",
                where=where,
                i=i + 1,
                path=where or None,
            )
        prev_to, prev_at = new, at
    if prev_to != state:
        raise InvalidInput(
            "invariants.state_not_last_transition_s",
            state=shown(state),
            where=where,
            prev_to=shown(str(prev_to)),
            path=where or None,
        )


def check_renewal(sent_at: datetime, decided_at: datetime | None, where: str = "") -> None:
    """A renewal is decided after it was sent."""
    if decided_at is not None and is_before(decided_at, sent_at):
        raise InvalidInput("invariants.renewal_decided_before_was", where=where, path=where or None)


def check_line_has_versions(count: int, withdrawn_new: bool = False, where: str = "") -> None:
    """A line has at least one version (its content over time); only the line of a new
    ordination cancelled before it began (``withdrawn_new``) is left without any."""
    if count < 1 and not withdrawn_new:
        raise InvalidInput("invariants.line_without_versions", where=where, path=where or None)


__all__ = [
    "EARLIEST_DAY",
    "LATEST_DAY",
    "MAX_INT",
    "MAX_NAME",
    "MAX_UNITS_PER_INTAKE",
    "check_day",
    "check_int",
    "check_line_has_versions",
    "check_moment",
    "check_name",
    "check_received",
    "check_renewal",
    "check_text",
    "check_transitions",
    "check_units",
    "check_year",
    "shown",
]
