"""Hospital contacts as plain columns, each with its citizen's name and CPR number: the lists
(every contact newest first, the open 72-hour windows ending soonest first, the admissions not
ended, the ended admissions whose discharge checklist is not done), of one citizen, one team's
citizens or all. One statement per list, built once per shape; no ORM rows (the coordinator's
"Sygehus" tab read 2,749 contacts as mapped objects and then each one's citizen by itself).
The use cases (access, the team in scope, the audit, the DTOs) are ``services.contacts``' and
``services.review``'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, select

from dosisdesk.storage import tables as t
from dosisdesk.storage.core import Unit, core_rows


class ContactList(StrEnum):
    """Which contacts a list shows, and in what order (contacts at the same moment by their id,
    the first registered first, in every list: the order was the plan's before)."""

    ALL = "all"  # every contact, newest first
    OPEN = "open"  # 72-hour windows still open, ending soonest first
    ADMITTED = "admitted"  # admissions not ended, oldest first
    DISCHARGES = "discharges"  # ended admissions, checklist not done, oldest discharge first


#: A row of :func:`contact_rows`: what a contact shows (the contact's columns, then its
#: citizen's), in this order (read by position: by name a row's value costs a lookup).
COLUMNS = (
    "id",
    "citizen_id",
    "kind",
    "hospital",
    "department",
    "phone",
    "started_at",
    "ended_at",
    "somatic",
    "municipal_nursing",
    "extended_until",
    "responsibility_until",
    "dd_paused",
    "note",
    "epicrisis_received",
    "fmk_checked",
    "changes_registered",
    "dd_decided",
    "version_id",
    "first_name",
    "last_name",
    "cpr",
)


def contact_rows(
    unit: Unit,
    which: ContactList,
    *,
    now: datetime,
    citizen_id: int | None = None,
    team_id: int | None = None,
    limit: int,
) -> Sequence[Row[Any]]:
    """The contacts of ``which`` list (of ``citizen_id``, of ``team_id``'s citizens, or all),
    at most ``limit``: the columns :data:`COLUMNS` names, in its order."""
    stmt = _select(which, citizen_id is not None, team_id is not None)
    params: dict[str, Any] = {"limit": limit}
    if which is ContactList.OPEN:
        params["now"] = now
    if citizen_id is not None:
        params["citizen_id"] = citizen_id
    if team_id is not None:
        params["team_id"] = team_id
    return core_rows(unit, stmt, params).all()


@cache
def _select(which: ContactList, by_citizen: bool, by_team: bool) -> Select[Any]:
    hc, z = t.hospital_contacts.c, t.citizens.c
    stmt = select(*(hc[n] for n in COLUMNS[:-3]), z.first_name, z.last_name, z.cpr).join_from(
        t.hospital_contacts, t.citizens, z.id == hc.citizen_id
    )
    if by_citizen:
        stmt = stmt.where(hc.citizen_id == bindparam("citizen_id"))
    if by_team:
        stmt = stmt.where(z.team_id == bindparam("team_id"))
    if which is ContactList.OPEN:
        stmt = stmt.where(
            hc.responsibility_until > bindparam("now", type_=hc.responsibility_until.type)
        ).order_by(hc.responsibility_until, hc.id)
    elif which is ContactList.ADMITTED:
        stmt = stmt.where(hc.kind == "admission", hc.ended_at.is_(None)).order_by(
            hc.started_at, hc.id
        )
    elif which is ContactList.DISCHARGES:
        stmt = stmt.where(
            hc.kind == "admission",
            hc.ended_at.is_not(None),
            ~and_(
                hc.epicrisis_received.is_(True),
                hc.fmk_checked.is_(True),
                hc.changes_registered.is_(True),
                hc.dd_decided.is_(True),
            ),
        ).order_by(hc.ended_at, hc.id)
    else:
        stmt = stmt.order_by(hc.started_at.desc(), hc.id)
    return stmt.limit(bindparam("limit"))


__all__ = ["COLUMNS", "ContactList", "contact_rows"]
