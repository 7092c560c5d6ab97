"""Storage helpers of the queue clock (R2). What time does to a change is the domain's
``change_at``; ``services.change_state`` finds and stores the moves."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dosisdesk.storage import models as m
from dosisdesk.storage.repo import chunks


def system_user_id(session: Session) -> int:
    """The id of the 'system' user, who records what time does to the queue."""
    system_id = session.scalar(select(m.User.id).where(m.User.username == "system"))
    assert system_id is not None, "the database has no 'system' user"
    return system_id


__all__ = ["chunks", "system_user_id"]
