"""Pausing and resuming dose dispensing (R4).

Periods whose deadline passes while the card is paused are not dispensed. On resume the first
packed period is the first whose deadline is still ahead; the days between the resume and that
period's start need manual dispensing.

The deadline instant
    A period's deadline is when the pharmacy starts packing; from that instant the period is
    locked (:func:`period_status`). The same convention is used throughout this module: an event
    at time ``t`` reaches a period only when ``t < deadline``. Hence

    * a period is *not dispensed* when ``paused_at < deadline <= resumed_at`` (``resumed_at``
      ``None`` = still paused): a pause at the very deadline instant is too late to stop the
      packing, and a resume at the very deadline instant is too late to have the period packed;
    * the first packed period after a resume at ``t`` is the first with ``deadline > t``.

    (The other reading, ``paused_at <= deadline < resumed_at``, differs only at those two instants
    but would make a period whose deadline equals the resume time neither packed according to
    :func:`resume_plan` nor not dispensed. SQL versions must use the same comparisons.)

All datetimes are aware and compared in UTC; dates are Copenhagen dates. ``periods`` are the
periods of one card (they do not overlap).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from .calendar import require_aware
from .errors import RuleViolation
from .types import CPH, PeriodDTO, PeriodId, PeriodStatus, ResumePlan

__all__ = ["PauseSpan", "not_dispensed", "period_status", "resume_plan", "with_statuses"]


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


@dataclass(frozen=True)
class PauseSpan:
    """One pause of a card: from ``paused_at`` until ``resumed_at`` (``None`` = still paused)."""

    paused_at: datetime
    resumed_at: datetime | None = None

    def __post_init__(self) -> None:
        require_aware("paused_at", self.paused_at)
        require_aware("resumed_at", self.resumed_at)
        if self.resumed_at is not None and _utc(self.resumed_at) < _utc(self.paused_at):
            raise ValueError("resumed_at is before paused_at")

    def covers_deadline(self, deadline: datetime) -> bool:
        """True when a deadline at this instant passes while paused:
        ``paused_at < deadline <= resumed_at``."""
        d = _utc(deadline)
        return _utc(self.paused_at) < d and (self.resumed_at is None or d <= _utc(self.resumed_at))


def not_dispensed(
    periods: Sequence[PeriodDTO],
    pauses: Sequence[PauseSpan],
    *,
    as_of: datetime | None = None,
) -> set[PeriodId]:
    """Ids of the periods whose deadline passes while the card is paused.

    For a pause that is still open every later deadline counts (as things stand, they will not be
    dispensed). With ``as_of`` only deadlines already passed then (``deadline <= as_of``) count.
    """
    require_aware("as_of", as_of)
    limit = None if as_of is None else _utc(as_of)
    return {
        p.id
        for p in periods
        if (limit is None or _utc(p.deadline) <= limit)
        and any(pause.covers_deadline(p.deadline) for pause in pauses)
    }


def _days(first: date, stop: date) -> list[date]:
    """The days from ``first`` up to but not including ``stop``."""
    return [first + timedelta(days=i) for i in range((stop - first).days)]


def resume_plan(
    periods: Sequence[PeriodDTO], pauses: Sequence[PauseSpan], resume_at: datetime
) -> ResumePlan:
    """What resuming the card at ``resume_at`` means.

    * The first packed period is the first (by ``first_day``) whose ``deadline > resume_at``.
    * Manual days are every day from ``resume_at``'s Copenhagen date up to the day before that
      period starts, except days covered by a period that *was* dispensed: its deadline passed
      before ``resume_at`` outside every pause (so its bags exist).

    Pauses still open at ``resume_at`` (and pauses resumed later than it) are taken as ending at
    ``resume_at``; pauses that start after ``resume_at`` are ignored. Raises
    :class:`RuleViolation` when no known period has its deadline after ``resume_at``.
    """
    require_aware("resume_at", resume_at)
    at = _utc(resume_at)
    effective = [
        PauseSpan(
            pause.paused_at,
            resume_at
            if pause.resumed_at is None or _utc(pause.resumed_at) > at
            else pause.resumed_at,
        )
        for pause in pauses
        if _utc(pause.paused_at) <= at
    ]
    ordered = sorted(periods, key=lambda p: (p.first_day, p.id))
    first = next((p for p in ordered if _utc(p.deadline) > at), None)
    if first is None:
        raise RuleViolation("pause.no_known_period_deadline", resume_at=resume_at.isoformat())
    skipped = not_dispensed(periods, effective)
    dispensed = [p for p in periods if _utc(p.deadline) <= at and p.id not in skipped]
    start = resume_at.astimezone(CPH).date()
    manual = tuple(
        day for day in _days(start, first.first_day) if not any(p.contains(day) for p in dispensed)
    )
    return ResumePlan(first_packed_period_start=first.first_day, manual_days=manual)


def _start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=CPH)


def period_status(
    period: PeriodDTO, now: datetime, not_dispensed_ids: set[PeriodId]
) -> PeriodStatus:
    """The derived status of a period at ``now``.

    * ``NOT_DISPENSED`` when its id is in ``not_dispensed_ids``;
    * ``PLANNED`` while ``now < deadline``;
    * ``LOCKED`` from the deadline until the start (00:00 Copenhagen) of ``expected_delivery``;
    * ``DELIVERED`` from then on.

    ``PACKED`` is never derived (it records a pharmacy's confirmation); ``period.status`` is not
    read.
    """
    require_aware("now", now)
    return _status(period, _utc(now), not_dispensed_ids)


def with_statuses(
    periods: Sequence[PeriodDTO], now: datetime, not_dispensed_ids: set[PeriodId]
) -> list[PeriodDTO]:
    """The periods, each with its :func:`period_status` at ``now`` (a period whose status is
    the one it has already is the same object)."""
    require_aware("now", now)
    at = _utc(now)
    return [p.with_status(_status(p, at, not_dispensed_ids)) for p in periods]


def _status(period: PeriodDTO, at: datetime, not_dispensed_ids: set[PeriodId]) -> PeriodStatus:
    """:func:`period_status` at ``at`` (UTC)."""
    if period.id in not_dispensed_ids:
        return PeriodStatus.NOT_DISPENSED
    if at < _utc(period.deadline):
        return PeriodStatus.PLANNED
    if at < _utc(_start_of_day(period.expected_delivery)):
        return PeriodStatus.LOCKED
    return PeriodStatus.DELIVERED
