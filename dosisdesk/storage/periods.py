"""Packing groups' periods and stretches (R1): the rows ``services.periods`` reads when it lists
a group's periods and when a stretch re-lays them. How periods are laid is the domain's
``periods``; laying them is ``repo.ensure_periods``."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from dosisdesk.storage import models as m


def groups_with_pharmacy(s: Session) -> list[tuple[m.PackingGroup, m.Pharmacy]]:
    """Every packing group with its pharmacy, by pharmacy and group name."""
    return [
        (g, p)
        for g, p in s.execute(
            select(m.PackingGroup, m.Pharmacy)
            .join(m.Pharmacy, m.Pharmacy.id == m.PackingGroup.pharmacy_id)
            .order_by(m.Pharmacy.name, m.PackingGroup.name)
        )
    ]


def groups_and_pharmacy_names(s: Session) -> list[tuple[m.PackingGroup, str]]:
    """Every packing group with its pharmacy's name."""
    return [
        (g, name)
        for g, name in s.execute(
            select(m.PackingGroup, m.Pharmacy.name).join(
                m.Pharmacy, m.Pharmacy.id == m.PackingGroup.pharmacy_id
            )
        )
    ]


def periods_ending_from(s: Session, group_id: int, day: date, limit: int) -> list[m.Period]:
    """A group's first ``limit`` periods that end on or after ``day``, in order."""
    return list(
        s.scalars(
            select(m.Period)
            .where(m.Period.packing_group_id == group_id, m.Period.last_day >= day)
            .order_by(m.Period.first_day)
            .limit(limit)
        )
    )


def periods_starting_from(
    s: Session, group_id: int, day: date, limit: int | None = None
) -> list[m.Period]:
    """A group's periods that start on or after ``day``, in order (the first ``limit``)."""
    stmt = (
        select(m.Period)
        .where(m.Period.packing_group_id == group_id, m.Period.first_day >= day)
        .order_by(m.Period.first_day)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(s.scalars(stmt))


def period_starting(s: Session, group_id: int, day: date) -> m.Period | None:
    """A group's period that starts on ``day``."""
    return s.scalar(
        select(m.Period).where(m.Period.packing_group_id == group_id, m.Period.first_day == day)
    )


def stretched_from(s: Session, group_id: int, day: date) -> bool:
    """Whether a group has a stretch starting on or after ``day``."""
    return bool(
        s.scalar(
            select(m.Stretch.id).where(
                m.Stretch.packing_group_id == group_id, m.Stretch.first_day >= day
            )
        )
    )


def stretches(s: Session, group_id: int) -> dict[date, tuple[int, str]]:
    """A group's stretches: (length in days, note) by first day."""
    return {
        st.first_day: (st.length_days, st.note)
        for st in s.scalars(select(m.Stretch).where(m.Stretch.packing_group_id == group_id))
    }


def changes_of_period(s: Session, period_id: int) -> list[m.Change]:
    """The changes queued for a period or first queued for it (the caller moves them)."""
    return list(
        s.scalars(
            select(m.Change).where(
                or_(
                    m.Change.target_period_id == period_id, m.Change.original_period_id == period_id
                )
            )
        )
    )


def delete_packed(s: Session, period_id: int) -> None:
    """Drop what is noted as packed for a period."""
    s.execute(delete(m.PackedProduct).where(m.PackedProduct.period_id == period_id))


def delete_periods(s: Session, period_ids: list[int]) -> None:
    """Drop periods (re-laid: nothing points at them any more)."""
    s.execute(delete(m.Period).where(m.Period.id.in_(period_ids)))


def move_versions_of_change(s: Session, change_id: int, day: date) -> set[int]:
    """Let a change's line versions start on ``day``; the lines they belong to."""
    s.execute(
        update(m.LineVersion)
        .where(m.LineVersion.change_id == change_id)
        .values(valid_from=day)
        .execution_options(synchronize_session=False)
    )
    return set(s.scalars(select(m.LineVersion.line_id).where(m.LineVersion.change_id == change_id)))


__all__ = [
    "changes_of_period",
    "delete_packed",
    "delete_periods",
    "groups_and_pharmacy_names",
    "groups_with_pharmacy",
    "move_versions_of_change",
    "period_starting",
    "periods_ending_from",
    "periods_starting_from",
    "stretched_from",
    "stretches",
]
