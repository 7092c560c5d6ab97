"""The citizen's log ("Min Log", sundhedsloven § 42 a): every access to one citizen's data —
who, in which role, when, what — for an insight request. Reading it is itself logged; printing it
is logged and anchors the audit chain with a checkpoint outside the database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from dosisdesk.domain.text import full_name
from dosisdesk.domain.types import Role
from dosisdesk.services import audit
from dosisdesk.services.context import Ctx
from dosisdesk.words import AUDIT_ACTION, ROLE

#: What an audit action means to the citizen is ``words.AUDIT_ACTION`` (actions not listed
#: are shown as they are); a role is ``words.ROLE``.


@dataclass(frozen=True, slots=True)
class AccessRow:
    at: datetime
    who: str
    username: str
    role: str
    what: str
    action: str


@dataclass(frozen=True, slots=True)
class CitizenLog:
    citizen_id: int
    name: str
    cpr: str
    rows: tuple[AccessRow, ...]
    printed_by: str
    printed_at: datetime
    training: bool = False


def _what(action: str, after: str | None) -> str:
    text = AUDIT_ACTION.get(action)
    if text is None:
        verb = action.split(".", 1)[-1]
        text = AUDIT_ACTION.get(f"*.{verb}", action)
    if action == "access.break_glass" and after:
        try:
            reason = json.loads(after).get("reason")
        except (ValueError, AttributeError):
            reason = None
        if reason:
            text += f": {reason}"
    return text


def citizen_log(ctx: Ctx, cpr: str) -> CitizenLog:
    """Coordinators and administrators answer insight requests; reading the log is logged."""
    from dosisdesk.services.access import citizen_by_cpr

    ctx.require_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    with ctx.db.begin() as s:
        c = citizen_by_cpr(s, cpr)
        cid, name, number = c.id, full_name(c.first_name, c.last_name), c.cpr
        audit.record(s, ctx.actor, None, "audit.citizen", "citizen", cid, cid)
    rows = audit.who_looked(ctx, cid)
    out = tuple(
        AccessRow(
            r.at,
            r.full_name or r.username,
            r.username,
            ROLE.get(r.role, r.role),
            _what(r.action, r.after),
            r.action,
        )
        for r in rows
    )
    return CitizenLog(
        cid, name, number, out, ctx.actor.full_name, ctx.now(), training_database(ctx)
    )


def training_database(ctx: Ctx) -> bool:
    return ctx.db.is_training()


def record_print(ctx: Ctx, log: CitizenLog) -> None:
    with ctx.db.begin() as s:
        audit.record(
            s,
            ctx.actor,
            None,
            "print.citizen_log",
            "citizen",
            log.citizen_id,
            log.citizen_id,
            after={"entries": len(log.rows)},
        )


def after_print(ctx: Ctx) -> None:
    """Every print of a citizen's log anchors the chain outside the database."""
    audit.checkpoint(ctx.db)
