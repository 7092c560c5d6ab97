"""Undoing the desk's last action through the services: un-confirm, un-cancel, un-acknowledge
(each audited as its own event, refused with a Danish message when no longer possible)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from dosisdesk.domain.errors import AccessDenied, ConflictError, RuleViolation
from dosisdesk.domain.types import CPH, ChangeKind, ChangeState, Severity, Supply
from dosisdesk.services import changes, flags, undo
from dosisdesk.services.changes import ChangeRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.world import World

DEADLINE_DEC1 = datetime(2026, 12, 1, 12, 0, tzinfo=CPH)


def at(db: Database, moment: datetime, user: str = "koord") -> Ctx:
    return open_ctx(db, user, fixed_clock(moment))


def dose_change(w: World) -> ChangeRequest:
    return ChangeRequest(
        cpr=w.anna,
        kind=ChangeKind.DOSE_CHANGE,
        line_id=w.line_metformin,
        dosage="1+1+1+0",
        source="Egen læge",
    )


def actions(db: Database, action: str) -> list[int | None]:
    with db.begin() as s:
        return list(s.scalars(select(m.AuditEntry.entity_id).where(m.AuditEntry.action == action)))


def versions_of(db: Database, change_id: int) -> list[tuple[str, str]]:
    with db.begin() as s:
        return [
            (v.dosage, v.status)
            for v in s.scalars(select(m.LineVersion).where(m.LineVersion.change_id == change_id))
        ]


def test_unconfirm_goes_back_to_registered_and_is_audited(db: Database, world: World):
    ctx = at(db, NOW)
    a = changes.register(ctx, dose_change(world))
    b = changes.register(
        ctx, ChangeRequest(cpr=world.anna, kind=ChangeKind.DISCONTINUE, line_id=world.line_atorva)
    )
    done = changes.confirm(ctx, [(a.id, a.version), (b.id, b.version)])
    back = undo.unconfirm(ctx, [(c.id, c.version) for c in done])
    assert [c.state for c in back] == [ChangeState.REGISTERED, ChangeState.REGISTERED]
    assert changes.get(ctx, a.id).state is ChangeState.REGISTERED
    assert sorted(actions(db, "change.unconfirm")) == sorted([a.id, b.id])
    assert changes.get(ctx, a.id).transitions[-1].note == "fortrudt"


def test_unconfirm_is_refused_after_the_deadline_and_when_someone_else_changed_it(
    db: Database, world: World
):
    ctx = at(db, NOW)
    a = changes.register(ctx, dose_change(world))
    [done] = changes.confirm(ctx, [(a.id, a.version)])
    late = at(db, DEADLINE_DEC1)
    with pytest.raises(RuleViolation) as e:
        undo.unconfirm(late, [(done.id, None)])
    assert "fristen er passeret" in e.value.message
    # someone else cancelled it since: the version the desk holds is stale
    b = changes.register(
        ctx, ChangeRequest(cpr=world.anna, kind=ChangeKind.DISCONTINUE, line_id=world.line_atorva)
    )
    [cb] = changes.confirm(ctx, [(b.id, b.version)])
    changes.cancel(at(db, NOW, "sygpl"), cb.id, cb.version, "fejl")
    with pytest.raises(ConflictError) as e2:
        undo.unconfirm(ctx, [(cb.id, cb.version)])
    assert "ændret af" in e2.value.message
    assert changes.get(ctx, cb.id).state is ChangeState.CANCELLED
    assert actions(db, "change.unconfirm") == []


def test_uncancel_brings_the_change_and_its_content_back(db: Database, world: World):
    ctx = at(db, NOW)
    a = changes.register(ctx, dose_change(world))
    [a] = changes.confirm(ctx, [(a.id, a.version)])
    before = versions_of(db, a.id)
    cancelled = changes.cancel(ctx, a.id, a.version, "fejl")
    assert versions_of(db, a.id) == []
    back = undo.uncancel(ctx, cancelled.id, cancelled.version)
    assert back.state is ChangeState.CONFIRMED
    assert back.cancel_reason == ""
    assert versions_of(db, a.id) == before
    assert actions(db, "change.uncancel") == [a.id]


def test_uncancel_of_a_new_line(db: Database, world: World):
    ctx = at(db, NOW)
    c = changes.register(
        ctx,
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.NEW,
            product="Zocor",
            dosage="1+0+0+0",
            supply=Supply.DOSE_ROLL,
        ),
    )
    before = versions_of(db, c.id)
    cancelled = changes.cancel(ctx, c.id, c.version, "fejl")
    back = undo.uncancel(ctx, cancelled.id, cancelled.version)
    assert back.state is ChangeState.REGISTERED
    assert versions_of(db, c.id) == before


def test_uncancel_is_refused_after_the_deadline_or_a_newer_change(db: Database, world: World):
    ctx = at(db, NOW)
    a = changes.register(ctx, dose_change(world))
    cancelled = changes.cancel(ctx, a.id, a.version, "fejl")
    with pytest.raises(RuleViolation) as e:
        undo.uncancel(at(db, DEADLINE_DEC1), a.id, cancelled.version)
    assert "fristen er passeret" in e.value.message
    changes.register(ctx, dose_change(world))  # a newer change to the same line
    with pytest.raises(ConflictError) as e2:
        undo.uncancel(ctx, a.id, cancelled.version)
    assert "nyere ændring" in e2.value.message
    assert changes.get(ctx, a.id).state is ChangeState.CANCELLED
    assert actions(db, "change.uncancel") == []


def test_unacknowledge_opens_the_flag_again(db: Database, world: World):
    ctx = at(db, NOW, "sygpl")
    changes.register(
        ctx,
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.NEW,
            product='Atorvastatin "Krka"',
            dosage="0+0+1+0",
            supply=Supply.ORDINARY,
        ),
    )
    koord = at(db, datetime(2026, 12, 4, 9, 0, tzinfo=CPH))
    [f] = flags.flags(koord, severity=Severity.HIGH)
    ack = flags.acknowledge_flag(koord, f.line_a, f.line_b, "Bevidst")
    assert flags.flags(koord, severity=Severity.HIGH) == []
    with pytest.raises(AccessDenied):
        undo.unacknowledge(at(db, datetime(2026, 12, 4, 9, 0, tzinfo=CPH), "sygpl"), ack)
    undo.unacknowledge(koord, ack)
    assert [x.cpr for x in flags.flags(koord, severity=Severity.HIGH)] == [world.anna]
    assert actions(db, "flag.unacknowledge") == [f.line_a]
    # a second undo of the same acknowledgement: it is gone
    with pytest.raises(Exception, match="acknowledgement"):
        undo.unacknowledge(koord, ack)
    # acknowledged again by someone since: refused
    first = flags.acknowledge_flag(koord, f.line_a, f.line_b, "Bevidst")
    flags.acknowledge_flag(koord, f.line_a, f.line_b, "Sendt", kind="sent_to_doctor")
    with pytest.raises(RuleViolation):
        undo.unacknowledge(koord, first)
