"""The 72-hour extended treatment responsibility after a discharge (R6).

After a discharge to municipal nursing from a somatic admission of 24 hours or more (not
psychiatric), the discharging department answers the municipality's questions around the clock
until discharge + 72 hours, or a later end the hospital sets.

All times are timezone-aware. Durations and comparisons are done in UTC: Python compares and
subtracts two datetimes that share a ``tzinfo`` object by their wall clocks, which is wrong across a
daylight-saving change. So 72 hours are 72 real hours: a discharge on the Friday before the
October change ends 71 wall-clock hours later, one before the March change 73 wall-clock hours
later.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Literal

from .calendar import is_before, require_aware
from .types import ContactKind

__all__ = [
    "EXTENDED_RESPONSIBILITY",
    "MIN_ADMISSION",
    "Answers",
    "DischargeChecklist",
    "HospitalStay",
    "admitted_at",
    "admitted_now",
    "remaining",
    "responsibility_applies",
    "responsibility_until",
    "still_open",
    "who_answers",
    "who_to_call",
    "window_open",
]

EXTENDED_RESPONSIBILITY = timedelta(hours=72)
MIN_ADMISSION = timedelta(hours=24)


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


@dataclass(frozen=True)
class HospitalStay:
    """One hospital contact as the 72-hour rule sees it.

    ``somatic`` is false for a psychiatric stay; ``municipal_nursing`` says whether the citizen
    was discharged to municipal nursing; ``extended_until`` is a later end the hospital set.
    Every datetime must be aware; ``discharged_at`` may not be before ``admitted_at``.
    """

    kind: ContactKind
    admitted_at: datetime
    discharged_at: datetime | None
    somatic: bool = True
    municipal_nursing: bool = True
    extended_until: datetime | None = None

    def __post_init__(self) -> None:
        require_aware("admitted_at", self.admitted_at)
        require_aware("discharged_at", self.discharged_at)
        require_aware("extended_until", self.extended_until)
        if self.discharged_at is not None and _utc(self.discharged_at) < _utc(self.admitted_at):
            raise ValueError("discharged_at is before admitted_at")

    @property
    def duration(self) -> timedelta | None:
        """Real time from admission to discharge (``None`` while admitted)."""
        if self.discharged_at is None:
            return None
        return _utc(self.discharged_at) - _utc(self.admitted_at)


def responsibility_applies(stay: HospitalStay) -> bool:
    """True for a finished somatic admission of at least 24 real hours, discharged to municipal
    nursing. Outpatient and acute outpatient contacts never qualify; exactly 24 hours does."""
    duration = stay.duration
    return (
        stay.kind is ContactKind.ADMISSION
        and duration is not None
        and stay.somatic
        and stay.municipal_nursing
        and duration >= MIN_ADMISSION
    )


def responsibility_until(stay: HospitalStay) -> datetime | None:
    """When the department's responsibility ends, or ``None`` when the rule does not apply.

    Discharge + 72 real hours (expressed in the discharge's time zone), or ``extended_until``
    when that is later. An earlier ``extended_until`` never shortens the 72 hours.
    """
    if not responsibility_applies(stay):
        return None
    assert stay.discharged_at is not None  # responsibility_applies checked it
    tzinfo = stay.discharged_at.tzinfo
    until = (_utc(stay.discharged_at) + EXTENDED_RESPONSIBILITY).astimezone(tzinfo)
    if stay.extended_until is not None and _utc(stay.extended_until) > _utc(until):
        return stay.extended_until
    return until


def window_open(stay: HospitalStay, now: datetime) -> bool:
    """True while the department is responsible: the rule applies and ``now < until``.

    A discharge registered ahead of ``now`` also counts as open (the citizen is still in the
    hospital, so the department is the right place to call anyway).
    """
    require_aware("now", now)
    until = responsibility_until(stay)
    return until is not None and _utc(now) < _utc(until)


def still_open(until: datetime | None, now: datetime) -> bool:
    """:func:`window_open` of a window whose end is known (a contact's stored
    ``responsibility_until``; ``None``: no window): ``now`` before ``until`` as moments, also in
    the hour October repeats (a list of thousands of contacts asks it of every row)."""
    return until is not None and is_before(now, until)


def remaining(stay: HospitalStay, now: datetime) -> timedelta:
    """Real time left of the window; zero when it is closed or never applied."""
    require_aware("now", now)
    until = responsibility_until(stay)
    if until is None:
        return timedelta(0)
    return max(_utc(until) - _utc(now), timedelta(0))


def who_to_call(stay: HospitalStay, now: datetime) -> Literal["department", "gp"]:
    """Where medicine questions go: the discharging department while the window is open, else
    the GP."""
    return "department" if window_open(stay, now) else "gp"


class Answers(enum.StrEnum):
    """Who answers the municipality's questions about the citizen's medicine now."""

    HOSPITAL = "hospital"  # admitted: the hospital department has the citizen
    DEPARTMENT = "department"  # the 72 hours after a discharge
    GP = "gp"  # otherwise: the citizen's own GP


def admitted_now(stay: HospitalStay, now: datetime) -> bool:
    """An admission that has started and not ended (or ends later) at ``now``."""
    return admitted_at(stay.kind, stay.admitted_at, stay.discharged_at, now)


def admitted_at(
    kind: ContactKind, admitted: datetime, discharged: datetime | None, now: datetime
) -> bool:
    """:func:`admitted_now` of a stay's kind and moments (aware), without a
    :class:`HospitalStay` made and checked for each: a list of thousands of contacts read from
    the database asks it of every row. Only an admission's moments are compared (in UTC; ``now``
    given in UTC is not converted again)."""
    require_aware("now", now)
    if kind is not ContactKind.ADMISSION:
        return False
    if admitted.tzinfo is None or (discharged is not None and discharged.tzinfo is None):
        raise ValueError("a stay's moments must be timezone-aware")
    at = _utc(now)
    return _utc(admitted) <= at and (discharged is None or at < _utc(discharged))


def who_answers(stays: Sequence[HospitalStay], now: datetime) -> tuple[Answers, int | None]:
    """Who answers now, and which of ``stays`` (its index) says so: while admitted the hospital
    (the latest admission); else, during an open 72-hour window, the department (the window
    ending last); else the GP (no stay)."""
    admitted = [i for i, st in enumerate(stays) if admitted_now(st, now)]
    if admitted:
        return Answers.HOSPITAL, max(admitted, key=lambda i: _utc(stays[i].admitted_at))
    open_ = [i for i, st in enumerate(stays) if window_open(st, now)]
    if open_:
        last = max(open_, key=lambda i: _utc(responsibility_until(stays[i]) or now))
        return Answers.DEPARTMENT, last
    return Answers.GP, None


@dataclass(frozen=True)
class DischargeChecklist:
    """The nurse's checklist after a discharge (R6)."""

    epicrisis_received: bool = False
    fmk_checked: bool = False
    changes_registered: bool = False
    dd_resumed_or_still_paused_decided: bool = False

    @property
    def done(self) -> bool:
        """True when every item is ticked."""
        return not self.missing()

    def missing(self) -> list[str]:
        """The unticked items (their field names, the keys of ``words.DISCHARGE_CHECKLIST``), in
        checklist order."""
        return [f.name for f in fields(self) if not getattr(self, f.name)]
