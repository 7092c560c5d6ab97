"""Undo the desk's last bulk action: a confirmation, a cancellation, an acknowledgement.

Each undo is a use case of its own (one unit of work, the same access checks as the action it
undoes, audited as its own event: ``change.unconfirm``, ``change.uncancel``,
``flag.unacknowledge``). It refuses with a Danish message when the undo is no longer possible:
the deadline passed (``domain.queue.check_undo_confirm`` / ``check_undo_cancel``) or someone
else changed the change or the flag since (the version the desk saw is stale).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dosisdesk.domain import queue as q
from dosisdesk.domain.errors import ConflictError, NotFound, RuleViolation
from dosisdesk.domain.types import ChangeKind, ChangeState, LineStatus, Role
from dosisdesk.services import audit, change_state
from dosisdesk.services.changes import (
    change_dto,
    change_dtos,
    change_work,
    move_state,
    open_for_update,
)
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ChangeDTO
from dosisdesk.storage import models as m
from dosisdesk.storage import queue as queue_sql
from dosisdesk.storage import repo

UNDO_NOTE = "fortrudt"


def unconfirm(ctx: Ctx, items: Sequence[tuple[int, int | None]]) -> list[ChangeDTO]:
    """Undo confirmations: each change back to registered while its deadline is ahead (all or
    none). ``items`` are (change id, the version the confirmation left)."""
    done: list[m.Change] = []
    with change_work(ctx) as (s, now):
        for change_id, version in items:
            change = open_for_update(s, ctx, change_id, version)
            at = change_state.project_one(s, change, now)
            q.check_undo_confirm(at.state, at.target.deadline if at.target else None, now)
            move_state(
                s,
                ctx,
                change,
                ChangeState.REGISTERED,
                UNDO_NOTE,
                "change.unconfirm",
                from_state=ChangeState.CONFIRMED,
                now=now,
            )
            done.append(change)
        out = change_dtos(s, done, now)  # all at once, after the last write
    return out


def uncancel(ctx: Ctx, change_id: int, version: int | None) -> ChangeDTO:
    """Undo a cancellation: the planned change comes back in the state it had, its content on
    the card again, while its deadline is ahead and nothing newer was queued for its line."""
    with change_work(ctx) as (s, now):
        change = open_for_update(s, ctx, change_id, version)
        last = queue_sql.last_transition(s, change.id)
        cancelled = last[0] if last is not None else None
        previous = (
            ChangeState(cancelled.from_state)
            if cancelled is not None and cancelled.from_state
            else None
        )
        target = s.get(m.Period, change.target_period_id) if change.target_period_id else None
        back = q.check_undo_cancel(
            ChangeState(change.state),
            previous,
            change.acute,
            target.deadline if target is not None else None,
            now,
        )
        assert cancelled is not None and change.line_id is not None
        _check_line_untouched(s, change, cancelled.at)
        line = s.get(m.Line, change.line_id)
        assert line is not None
        content = _content_again(s, change)
        version_row = m.LineVersion(
            line_id=line.id,
            citizen_id=line.citizen_id,
            valid_from=change.effective_date,
            change_id=change.id,
            **content,
        )
        s.add(version_row)
        change.cancel_reason = ""
        move_state(
            s,
            ctx,
            change,
            back,
            UNDO_NOTE,
            "change.uncancel",
            from_state=ChangeState.CANCELLED,
            now=now,
        )
        repo.rederive_lines(s, [line.id])
        repo.recompute_valid_to(s, [line.id])
        return change_dto(s, change, now)


def _check_line_untouched(s: Session, change: m.Change, cancelled_at: Any) -> None:
    """Refuse when another change for the same line was registered after the cancellation."""
    newer = s.scalar(
        select(m.Change.id)
        .where(
            m.Change.line_id == change.line_id,
            m.Change.id != change.id,
            m.Change.state != ChangeState.CANCELLED.value,
            m.Change.registered_at >= cancelled_at,
        )
        .limit(1)
    )
    if newer is not None:
        raise ConflictError(
            "services.undo.line_newer_change",
            line_id=change.line_id,
            newer=newer,
            changed={"line": (None, newer)},
        )


def _content_again(s: Session, change: m.Change) -> dict[str, Any]:
    """The line's content after the change, from the change and the version before it."""
    assert change.line_id is not None
    base = repo.version_at(s, change.line_id, change.effective_date)
    product = s.get(m.Product, change.product_id) if change.product_id else None
    kind = ChangeKind(change.kind)
    if base is None and product is None:
        raise NotFound("services.undo.line_no_content_return")
    content: dict[str, Any] = (
        repo.version_content(base)
        if base is not None
        else dict(status=LineStatus.ACTIVE.value, private=False, prescription_valid_until=None)
    )
    if product is not None:
        content.update(product_id=product.id, atc=product.atc)
    content.update(dosage=change.dosage)
    if change.supply:
        content["supply"] = change.supply
    status = {
        ChangeKind.NEW: LineStatus.ACTIVE,
        ChangeKind.DISCONTINUE: LineStatus.DISCONTINUED,
        ChangeKind.PAUSE_LINE: LineStatus.PAUSED,
        ChangeKind.RESUME_LINE: LineStatus.ACTIVE,
    }.get(kind)
    if status is not None:
        content["status"] = status.value
    return content


def unacknowledge(ctx: Ctx, ack_id: int) -> None:
    """Undo an acknowledgement of a double prescription (intentional or sent to the doctor):
    the flag is open again. Refused when a newer acknowledgement of the same flag was made."""
    ctx.require_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    with ctx.db.begin() as s:
        ack = s.get(m.FlagAck, ack_id)
        if ack is None:
            raise NotFound("services.undo.acknowledgement", ack_id=ack_id)
        newer = s.scalar(
            select(m.FlagAck.id)
            .where(
                m.FlagAck.line_a == ack.line_a,
                m.FlagAck.line_b == ack.line_b,
                m.FlagAck.id > ack.id,
            )
            .limit(1)
        )
        if newer is not None:
            raise RuleViolation("services.undo.flag_was_acknowledged_again")
        before = {
            "lines": [ack.line_a, ack.line_b],
            "kind": ack.kind,
            "reason": ack.reason,
            "until": ack.until,
        }
        citizen_id, line_a = ack.citizen_id, ack.line_a
        s.execute(delete(m.FlagAck).where(m.FlagAck.id == ack_id))
        audit.record(
            s,
            ctx.actor,
            ctx.now(),
            "flag.unacknowledge",
            "flag",
            line_a,
            citizen_id,
            before=before,
            after=None,
        )


__all__ = ["unacknowledge", "uncancel", "unconfirm"]
