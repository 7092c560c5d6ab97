"""Renewal data (R7): which dose prescriptions are due for renewal (on the Core tables: the
citizen list's first page marks them)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import exists, or_

from dosisdesk.storage import tables as t
from dosisdesk.storage.core import written

#: Days ahead a dose prescription counts as due for renewal.
DUE_WITHIN_DAYS = 28


def due_filter(today: Any, within: int = DUE_WITHIN_DAYS, *, until: Any = None) -> tuple[Any, ...]:
    """Which ``line_versions`` are due: versions in force on ``today`` of dose-roll lines whose
    prescription ends within ``within`` days (or has ended) and that have no open renewal
    request. ``today`` and ``until`` (the last day counted; default ``today`` + ``within``) may
    be bound parameters, for a statement built once and run with values."""
    v, req = t.line_versions.c, t.renewal_requests.c
    open_req = exists().where(
        req.line_id == v.line_id,
        # two comparisons, not IN: an IN list is expanded into the SQL text on every execution,
        # and the citizen search runs this inside its page statement at every keystroke
        or_(req.state == "sent", req.state == "rejected"),
    )
    # the status and supply written into the statement (core.written): the search runs it
    return (
        v.status != written("discontinued"),
        v.valid_from <= today,
        or_(v.valid_to.is_(None), v.valid_to > today),
        v.supply == written("dose_roll"),
        v.private.is_(False),
        v.prescription_valid_until.is_not(None),
        v.prescription_valid_until <= (today + timedelta(days=within) if until is None else until),
        ~open_req,
    )


__all__ = ["DUE_WITHIN_DAYS", "due_filter"]
