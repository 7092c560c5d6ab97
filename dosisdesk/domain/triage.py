"""The handover as a triage sheet (R10): what comes first, and what belongs to which shift.

A shift's sheet is read top-down by a nurse about to go out: the most urgent things first, then
within each urgency the route (the order she drives), then the name. The urgencies, most urgent
first:

1. ``HANDLINGS``: bags of the roll an acute change named (take tablets out, discard) that are
   not signed as done and whose intake time is before the end of the shift (overdue ones
   included: they stay on every shift's sheet until done);
2. ``ACUTE``: the other acute changes of the day (and earlier ones the roll does not carry yet);
3. ``WINDOW_CLOSING``: a 72-hour window that closes during the shift;
4. ``HOSPITAL``: admitted now, discharged (window open, checklist not done), dose dispensing
   paused;
5. ``BAGS_CHANGING``: a roll whose first bag is before the end of the next day with a change
   or a new appearance;
6. ``EXPIRED``: a dose prescription whose last valid day has passed: the pharmacy cannot pack it
   (its own red item, never among the renewals due);
7. ``FOLLOW_UP``: office-hours work: missed deadlines, double prescriptions, rejected renewals,
   renewals due within 7 days;
8. ``SHORT_LIST``: renewals due within 28 days and information-level flags, as a short list at
   the end (a setting leaves it out).

Pure functions of plain values and aware datetimes.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta

from dosisdesk.domain.calendar import cph_datetime
from dosisdesk.domain.types import Slot

__all__ = [
    "SLOT_CLOCK",
    "BagTiming",
    "Urgency",
    "bag_moment",
    "bag_timing",
    "roll_days",
    "triage_key",
    "window_closes_in",
]


class Urgency(enum.IntEnum):
    HANDLINGS = 1
    ACUTE = 2
    WINDOW_CLOSING = 3
    HOSPITAL = 4
    BAGS_CHANGING = 5
    EXPIRED = 6
    FOLLOW_UP = 7
    SHORT_LIST = 8


#: The wall-clock time a bag of each structured intake time is given (a bag at a named clock
#: time, "14:00", is given at that time).
SLOT_CLOCK: dict[str, time] = {
    Slot.MORNING.value: time(8),
    Slot.NOON.value: time(12),
    Slot.EVENING.value: time(18),
    Slot.NIGHT.value: time(22),
}


class BagTiming(enum.StrEnum):
    OVERDUE = "overdue"  # its time was before the shift
    IN_SHIFT = "in_shift"
    LATER = "later"  # after the shift


def bag_moment(day: date, slot: str) -> datetime:
    """When the bag of ``day`` at ``slot`` (a Slot value or ``"HH:MM"``) is given, Copenhagen."""
    at = SLOT_CLOCK.get(slot)
    if at is None:
        hh, _sep, mm = slot.partition(":")
        at = time(int(hh), int(mm or 0))
    return cph_datetime(day, at)


def bag_timing(day: date, slot: str, starts: datetime, ends: datetime) -> BagTiming:
    """Whether a bag's intake time is before, in or after the shift ``[starts, ends)``."""
    moment = bag_moment(day, slot)
    if moment < starts:
        return BagTiming.OVERDUE
    return BagTiming.IN_SHIFT if moment < ends else BagTiming.LATER


def roll_days(day: date, starts: datetime, ends: datetime) -> tuple[date, ...]:
    """The first days of rolls the shift must know of: those whose first (morning) bag is given
    from the start of the shift until 24 hours after its end. The day shift sees the roll that
    started this morning and tomorrow's; the evening and the night see tomorrow's."""
    out = []
    for d in (day, day + timedelta(days=1), day + timedelta(days=2)):
        moment = bag_moment(d, Slot.MORNING.value)
        if starts <= moment < ends + timedelta(days=1):
            out.append(d)
    return tuple(out)


def window_closes_in(until: datetime | None, starts: datetime, ends: datetime) -> bool:
    """A 72-hour window ending at ``until`` closes during the shift ``[starts, ends)``."""
    return until is not None and starts <= until < ends


def triage_key(
    urgency: Urgency, route_order: int, name_key: str, citizen_id: int
) -> tuple[int, int, str, int]:
    """The order of the sheet: urgency first, then the route, then the name in Danish order."""
    return int(urgency), route_order, name_key, citizen_id
