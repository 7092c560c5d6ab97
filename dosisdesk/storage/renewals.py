"""Renewal data (R7): which dose prescriptions are due for renewal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.sql import Select

from dosisdesk.storage import models as m
from dosisdesk.storage import repo

#: Days ahead a dose prescription counts as due for renewal.
DUE_WITHIN_DAYS = 28


def due_select(today: Any, within: int = DUE_WITHIN_DAYS, *, until: Any = None) -> Select[Any]:
    """Versions in force on ``today`` of dose-roll lines whose prescription ends within
    ``within`` days (or has ended) and that have no open renewal request. ``today`` and
    ``until`` (the last day counted; default ``today`` + ``within``) may be bound parameters,
    for a statement built once and run with values."""
    open_req = exists().where(
        m.RenewalRequest.line_id == m.LineVersion.line_id,
        # two comparisons, not IN: an IN list is expanded into the SQL text on every execution,
        # and the citizen search runs this inside its page statement at every keystroke
        or_(m.RenewalRequest.state == "sent", m.RenewalRequest.state == "rejected"),
    )
    # the status and supply written into the statement (repo.written): the search runs it
    return select(m.LineVersion).where(
        m.LineVersion.status != repo.written("discontinued"),
        m.LineVersion.valid_from <= today,
        or_(m.LineVersion.valid_to.is_(None), m.LineVersion.valid_to > today),
        m.LineVersion.supply == repo.written("dose_roll"),
        m.LineVersion.private.is_(False),
        m.LineVersion.prescription_valid_until.is_not(None),
        m.LineVersion.prescription_valid_until
        <= (today + timedelta(days=within) if until is None else until),
        ~open_req,
    )


__all__ = ["DUE_WITHIN_DAYS", "due_select"]
