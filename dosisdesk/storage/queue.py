"""Storage helpers of the queue clock (R2). What time does to a change is the domain's
``change_at``; ``services.change_state`` finds and stores the moves."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dosisdesk.storage import models as m
from dosisdesk.storage.repo import chunks


def system_user_id(session: Session) -> int:
    """The id of the 'system' user, who records what time does to the queue."""
    system_id = session.scalar(select(m.User.id).where(m.User.username == "system"))
    assert system_id is not None, "the database has no 'system' user"
    return system_id


#: PostgreSQL advisory lock serialising the queue clock (one mover at a time).
_QUEUE_LOCK = 727002


def lock_queue_clock(session: Session) -> None:
    """Serialise the queue clock for this unit of work: a second mover waits and then finds
    what the first stored, so a missed deadline is counted once, whoever gets there first.
    (SQLite's units of work are serial already: BEGIN IMMEDIATE.)"""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _QUEUE_LOCK})


def lines_of_changes(session: Session, change_ids: Iterable[int]) -> set[int]:
    """The lines a change touches: its own and the lines of its versions."""
    out: set[int] = set()
    for ids in chunks(sorted(set(change_ids))):
        out.update(
            session.scalars(select(m.LineVersion.line_id).where(m.LineVersion.change_id.in_(ids)))
        )
        out.update(
            x
            for x in session.scalars(select(m.Change.line_id).where(m.Change.id.in_(ids)))
            if x is not None
        )
    return out


def lock_in_order(
    session: Session, *, lines: Iterable[int] = (), changes: Iterable[int] = ()
) -> None:
    """Take the row locks a unit of work needs in the one order every writer uses: lines by id,
    then changes by id (then the audit chain's head, taken when the entry is written). Writers
    that agree on the order cannot deadlock. A no-op on SQLite (one writer at a time)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for ids in chunks(sorted(set(lines))):
        session.execute(
            select(m.Line.id).where(m.Line.id.in_(ids)).order_by(m.Line.id).with_for_update()
        ).all()
    for ids in chunks(sorted(set(changes))):
        session.execute(
            select(m.Change.id).where(m.Change.id.in_(ids)).order_by(m.Change.id).with_for_update()
        ).all()


def last_transition(session: Session, change_id: int) -> tuple[m.ChangeTransition, str] | None:
    """A change's latest transition and the full name of the user who made it (None when it has
    none): who changed it last (a conflict's message), what a cancellation left (undo)."""
    row = session.execute(
        select(m.ChangeTransition, m.User.full_name)
        .join(m.User, m.User.id == m.ChangeTransition.by_user_id)
        .where(m.ChangeTransition.change_id == change_id)
        .order_by(m.ChangeTransition.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row is not None else None


__all__ = [
    "chunks",
    "last_transition",
    "lines_of_changes",
    "lock_in_order",
    "lock_queue_clock",
    "system_user_id",
]
