"""The append-only audit log (R11): who read, changed or printed what, and when.

Entries form a hash chain: each stores the SHA-256 of the previous entry and of itself, so a
deleted or edited row is found by :func:`verify`. The database refuses UPDATE and DELETE on the
table (triggers in the first migration). No health data is written to the program log; the audit
log lives in the database with the data it protects.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dosisdesk.domain.calendar import to_cph
from dosisdesk.services.context import Actor, Ctx
from dosisdesk.storage import models as m

GENESIS = "0" * 64


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)


def _digest(
    prev: str,
    at: datetime,
    username: str,
    action: str,
    entity: str,
    entity_id: int | None,
    citizen_id: int | None,
    before: str | None,
    after: str | None,
) -> str:
    payload = "\x1f".join(
        [
            prev,
            at.isoformat(timespec="microseconds"),
            username,
            action,
            entity,
            str(entity_id),
            str(citizen_id),
            before or "",
            after or "",
        ]
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(727001)"))


def record(
    session: Session,
    actor: Actor,
    at: datetime,
    action: str,
    entity: str,
    entity_id: int | None = None,
    citizen_id: int | None = None,
    before: Any = None,
    after: Any = None,
) -> None:
    """Append one entry in the caller's unit of work (it commits or rolls back with it)."""
    _lock_chain(session)
    prev = session.scalar(select(m.AuditEntry.hash).order_by(m.AuditEntry.id.desc()).limit(1))
    prev = prev or GENESIS
    at = to_cph(at)
    b, a = _dump(before), _dump(after)
    entry = m.AuditEntry(
        at=at,
        user_id=actor.id,
        username=actor.username,
        action=action,
        entity=entity,
        entity_id=entity_id,
        citizen_id=citizen_id,
        before=b,
        after=a,
        prev_hash=prev,
        hash=_digest(prev, at, actor.username, action, entity, entity_id, citizen_id, b, a),
    )
    session.add(entry)
    session.flush()


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: int | None
    citizen_id: int | None
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class VerifyResult:
    entries: int
    ok: bool
    first_bad_id: int | None = None


def verify(ctx: Ctx) -> VerifyResult:
    """Walk the chain in id order; report the first entry whose hashes do not match."""
    prev = GENESIS
    n = 0
    with ctx.db.begin() as s:
        for e in s.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id)).yield_per(5000):
            n += 1
            want = _digest(
                prev,
                e.at,
                e.username,
                e.action,
                e.entity,
                e.entity_id,
                e.citizen_id,
                e.before,
                e.after,
            )
            if e.prev_hash != prev or e.hash != want:
                return VerifyResult(n, False, e.id)
            prev = e.hash
    return VerifyResult(n, True)


def who_looked(ctx: Ctx, citizen_id: int, limit: int = 500) -> list[AuditRow]:
    """Every logged access to one citizen, newest first (a citizen may ask who looked)."""
    with ctx.db.begin() as s:
        rows = s.scalars(
            select(m.AuditEntry)
            .where(m.AuditEntry.citizen_id == citizen_id)
            .order_by(m.AuditEntry.id.desc())
            .limit(limit)
        ).all()
        return [
            AuditRow(
                r.id,
                r.at,
                r.username,
                r.action,
                r.entity,
                r.entity_id,
                r.citizen_id,
                r.before,
                r.after,
            )
            for r in rows
        ]
