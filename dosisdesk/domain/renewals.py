"""Renewal requests for dose prescriptions (R7).

A dose prescription is valid until a date (the last valid day, inclusive), at most two years after
it was issued. The app shows renewals due within 28 days and tracks each request:
sent → renewed | rejected (with one of the standard reasons) | cancelled.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from .errors import InvalidInput, RuleViolation
from .types import RejectionReason, RenewalState

__all__ = [
    "ALLOWED",
    "DEFAULT_DUE_WITHIN_DAYS",
    "MAX_VALIDITY",
    "RenewalUrgency",
    "check_validity",
    "latest_valid_until",
    "renewal_due",
    "renewal_expired",
    "renewal_urgency",
    "transition",
]

MAX_VALIDITY = relativedelta(years=2)
DEFAULT_DUE_WITHIN_DAYS = 28


def latest_valid_until(issued: date) -> date:
    """The latest allowed ``valid_until`` for a prescription issued on ``issued``.

    Two calendar years later; from 29 February that is 28 February (``relativedelta`` clips to the
    end of the month), never 1 March.
    """
    result: date = issued + MAX_VALIDITY
    return result


def check_validity(issued: date, valid_until: date) -> None:
    """Raise :class:`InvalidInput` unless ``issued <= valid_until <= issued + 2 years``."""
    if valid_until < issued:
        raise InvalidInput(
            "renewals.valid_until_before_issued", valid_until=valid_until, issued=issued
        )
    latest = latest_valid_until(issued)
    if valid_until > latest:
        raise InvalidInput(
            "renewals.valid_until_more_than", valid_until=valid_until, issued=issued, latest=latest
        )


def renewal_due(
    valid_until: date | None, today: date, within_days: int = DEFAULT_DUE_WITHIN_DAYS
) -> bool:
    """True when ``today <= valid_until <= today + within_days``.

    With the default 28: a prescription ending in 28 days is due, one ending in 29 days is not.
    An expired one (``valid_until < today``) is not *due*; see :func:`renewal_expired`. No
    ``valid_until`` is never due.
    """
    if within_days < 0:
        raise ValueError("within_days must not be negative")
    if valid_until is None:
        return False
    return today <= valid_until <= today + timedelta(days=within_days)


def renewal_expired(valid_until: date | None, today: date) -> bool:
    """True when the last valid day has passed (``valid_until < today``)."""
    return valid_until is not None and valid_until < today


#: Due "soon": within this many days the GP must act this week.
SOON_DAYS = 7


class RenewalUrgency(enum.StrEnum):
    """How urgent a dose prescription's renewal is on a day (R7). Three distinct states;
    ``rank`` sorts the most urgent first:

    * ``EXPIRED``: the last valid day has passed; the pharmacy cannot pack it (red);
    * ``SOON``: it ends within :data:`SOON_DAYS` days (orange);
    * ``DUE``: it ends within :data:`DEFAULT_DUE_WITHIN_DAYS` days (yellow).
    """

    EXPIRED = "expired"
    SOON = "soon"
    DUE = "due"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {RenewalUrgency.EXPIRED: 0, RenewalUrgency.SOON: 1, RenewalUrgency.DUE: 2}


def renewal_urgency(
    valid_until: date | None, today: date, within_days: int = DEFAULT_DUE_WITHIN_DAYS
) -> RenewalUrgency | None:
    """The renewal state of a prescription valid until ``valid_until`` (inclusive) on ``today``:
    EXPIRED when it has passed, SOON when it ends within 7 days, DUE within ``within_days``
    (28), None otherwise (or without a date). Every view asks this one function."""
    if valid_until is None:
        return None
    if valid_until < today:
        return RenewalUrgency.EXPIRED
    if valid_until <= today + timedelta(days=min(SOON_DAYS, within_days)):
        return RenewalUrgency.SOON
    if valid_until <= today + timedelta(days=within_days):
        return RenewalUrgency.DUE
    return None


ALLOWED: dict[RenewalState, set[RenewalState]] = {
    RenewalState.SENT: {RenewalState.RENEWED, RenewalState.REJECTED, RenewalState.CANCELLED},
    RenewalState.RENEWED: set(),
    RenewalState.REJECTED: set(),
    RenewalState.CANCELLED: set(),
}


def transition(
    current: RenewalState, target: RenewalState, reason: RejectionReason | None = None
) -> RenewalState:
    """Move a renewal request from ``current`` to ``target`` and return ``target``.

    Raises :class:`RuleViolation` for a move :data:`ALLOWED` does not list (anything out of a
    terminal state, or to the same state), for a rejection without a reason, and for a reason on
    anything but a rejection.
    """
    if target not in ALLOWED[current]:
        raise RuleViolation(
            "renewals.renewal_request_cannot_go",
            current=current,
            target=target,
        )
    if target is RenewalState.REJECTED and reason is None:
        raise RuleViolation("renewals.rejection_needs_reason")
    if target is not RenewalState.REJECTED and reason is not None:
        raise RuleViolation("renewals.reason_only_given_rejection_not", target=target)
    return target
