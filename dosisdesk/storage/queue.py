"""Bulk SQL that moves the change queue (R2): set-based updates over many changes at once, in
chunks that keep every ``IN (...)`` list within the databases' parameter limits.

The rules (which change moves where, and when) are the services' and the domain's; this module
only writes what it is told to, and records each move as a transition.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import insert, literal, select, update
from sqlalchemy.orm import Session, aliased

from dosisdesk.storage import models as m
from dosisdesk.storage import repo
from dosisdesk.storage.repo import chunks


def system_user_id(session: Session) -> int:
    """The id of the 'system' user, who records what time does to the queue."""
    system_id = session.scalar(select(m.User.id).where(m.User.username == "system"))
    assert system_id is not None, "the database has no 'system' user"
    return system_id


def past_deadline(session: Session, state: str, now: datetime) -> list[int]:
    """Changes in ``state`` whose target period's deadline has passed by ``now``."""
    passed = select(m.Period.id).where(m.Period.deadline <= now)
    return list(
        session.scalars(
            select(m.Change.id).where(
                m.Change.state == state, m.Change.target_period_id.in_(passed)
            )
        )
    )


def locked_from(session: Session, today: date) -> list[int]:
    """Locked changes whose first day has come by ``today``."""
    return list(
        session.scalars(
            select(m.Change.id).where(m.Change.state == "locked", m.Change.effective_date <= today)
        )
    )


def move_to_next_period(
    session: Session, ids: Sequence[int], now: datetime, by: int, note: str
) -> None:
    """Move registered changes to the next period of their packing group whose deadline is still
    ahead, count the missed deadline, move their line versions with them, and re-derive the lines
    they touch."""
    if not ids:
        return
    old = aliased(m.Period)
    nxt = aliased(m.Period)
    group_of = (
        select(old.packing_group_id)
        .where(old.id == m.Change.target_period_id)
        .correlate_except(old)
        .scalar_subquery()
    )
    next_id = (
        select(nxt.id)
        .where(nxt.packing_group_id == group_of, nxt.deadline > now)
        .order_by(nxt.first_day)
        .limit(1)
        .scalar_subquery()
    )
    for chunk in chunks(ids):
        session.execute(
            update(m.Change)
            .where(m.Change.id.in_(chunk))
            .values(
                target_period_id=next_id,
                missed_deadlines=m.Change.missed_deadlines + 1,
                version_id=m.Change.version_id + 1,
            )
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(m.Change)
            .where(m.Change.id.in_(chunk))
            .values(
                effective_date=select(m.Period.first_day)
                .where(m.Period.id == m.Change.target_period_id)
                .scalar_subquery()
            )
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(m.LineVersion)
            .where(m.LineVersion.change_id.in_(chunk))
            .values(
                valid_from=select(m.Change.effective_date)
                .where(m.Change.id == m.LineVersion.change_id)
                .scalar_subquery()
            )
            .execution_options(synchronize_session=False)
        )
        _record(session, chunk, "registered", "registered", now, by, note)
    lines = session.scalars(
        select(m.LineVersion.line_id).where(m.LineVersion.change_id.in_(ids)).distinct()
    ).all()
    repo.rederive_lines(session, lines)
    repo.recompute_valid_to(session, lines)


def move_state(
    session: Session, ids: Sequence[int], old: str, new: str, now: datetime, by: int, note: str
) -> None:
    """Move changes still in state ``old`` to ``new`` and record the transition."""
    for chunk in chunks(ids):
        session.execute(
            update(m.Change)
            .where(m.Change.id.in_(chunk), m.Change.state == old)
            .values(state=new, version_id=m.Change.version_id + 1)
            .execution_options(synchronize_session=False)
        )
        _record(session, chunk, old, new, now, by, note)


def _record(
    session: Session, chunk: list[int], old: str, new: str, now: datetime, by: int, note: str
) -> None:
    session.execute(
        insert(m.ChangeTransition).from_select(
            ["change_id", "from_state", "to_state", "at", "by_user_id", "note"],
            select(
                m.Change.id,
                literal(old),
                literal(new),
                literal(now, m.AwareDateTime()),
                literal(by),
                literal(note),
            ).where(m.Change.id.in_(chunk)),
        )
    )


__all__ = [
    "locked_from",
    "move_state",
    "move_to_next_period",
    "past_deadline",
    "system_user_id",
]
