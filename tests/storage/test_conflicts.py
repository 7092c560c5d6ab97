"""Conflicting changes are never accepted silently: a second open change on a line for the same
roll stops with what is queued and asks for an explicit choice (replace, or keep both in a stated
order); two nurses at once on PostgreSQL end with one decision."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from dosisdesk.domain.conflicts import ConflictChoice, ConflictingChange
from dosisdesk.domain.types import BagRef, ChangeKind, ChangeState, HandlingKind
from dosisdesk.services import cards, changes
from dosisdesk.services.changes import ChangeRequest, HandlingRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.world import World

NEXT_ROLL = date(2026, 12, 3)


def at(db: Database, user: str = "sygpl") -> Ctx:
    return open_ctx(db, user, fixed_clock(NOW))


def pause(w: World) -> ChangeRequest:
    return ChangeRequest(
        cpr=w.anna, kind=ChangeKind.PAUSE_LINE, line_id=w.line_metformin, source="Egen læge"
    )


def dose(w: World, **kw: object) -> ChangeRequest:
    return ChangeRequest(
        cpr=w.anna,
        kind=ChangeKind.DOSE_CHANGE,
        line_id=w.line_metformin,
        dosage="2+0+1+0",
        source="Egen læge",
        **kw,
    )  # type: ignore[arg-type]


def metformin_on(ctx: Ctx, w: World, day: date) -> tuple[str, str] | None:
    lines, _ = cards.card_on(ctx, w.anna, day)
    ln = next((x for x in lines if x.line_id == w.line_metformin), None)
    return (ln.dosage, ln.status.value) if ln else None


def test_a_second_change_for_the_same_roll_stops_with_what_is_queued(
    db: Database, world: World
) -> None:
    ctx = at(db)
    first = changes.register(ctx, pause(world))
    changes.confirm(ctx, [(first.id, None)])
    with db.begin() as s:
        before = s.query(m.Change).count()
    with pytest.raises(ConflictingChange) as stop:
        changes.register(ctx, dose(world))
    assert [c.id for c in stop.value.queued] == [first.id]
    assert f"ændring {first.id}: sæt i bero, bekræftet" in stop.value.message
    assert "erstat den" in stop.value.message and "behold begge" in stop.value.message
    with db.begin() as s:
        assert s.query(m.Change).count() == before  # nothing saved


def test_replace_cancels_the_queued_change_with_a_reason_and_audits_it(
    db: Database, world: World
) -> None:
    ctx = at(db)
    first = changes.register(ctx, pause(world))
    new = changes.register(
        ctx, dose(world, conflict_choice=ConflictChoice.REPLACE, conflict_with=(first.id,))
    )
    old = changes.get(ctx, first.id)
    assert old.state is ChangeState.CANCELLED and "Erstattet af en ny ændring" in old.cancel_reason
    assert metformin_on(ctx, world, NEXT_ROLL) == ("2+0+1+0", "active")
    assert any(f"Erstatter ændring {first.id}" in t.note for t in new.transitions)
    with db.begin() as s:
        actions = [
            a
            for (a,) in s.execute(
                select(m.AuditEntry.action).where(
                    m.AuditEntry.entity_id.in_([first.id, new.id]), m.AuditEntry.entity == "change"
                )
            )
        ]
    assert "change.cancel" in actions and "change.register" in actions


def test_keep_both_puts_the_new_one_after_the_queued_one(db: Database, world: World) -> None:
    ctx = at(db)
    first = changes.register(ctx, pause(world))
    changes.register(
        ctx, dose(world, conflict_choice=ConflictChoice.KEEP_BOTH, conflict_with=(first.id,))
    )
    assert changes.get(ctx, first.id).state is ChangeState.REGISTERED
    # The dose change comes after the pause: the line is paused with the new dose.
    assert metformin_on(ctx, world, NEXT_ROLL) == ("2+0+1+0", "paused")


def test_keep_both_with_an_acute_change_after_a_planned_one_the_acute_wins_on_the_roll(
    db: Database, world: World
) -> None:
    ctx = at(db)
    planned = changes.register(ctx, dose(world))  # 2+0+1+0 from the next roll
    assert metformin_on(ctx, world, NEXT_ROLL) == ("2+0+1+0", "active")
    bags = (BagRef(NOW.date(), "evening"), BagRef(NOW.date() + timedelta(days=1), "morning"))
    changes.register(
        ctx,
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=world.line_metformin,
            dosage="1+0+0+0",
            acute=True,
            reason="Lavt blodsukker",
            doctor="Læge Lund",
            handlings=(HandlingRequest(HandlingKind.REMOVE_TABLETS, bags, True),),
            conflict_choice=ConflictChoice.KEEP_BOTH,
            conflict_with=(planned.id,),
        ),
    )
    assert changes.get(ctx, planned.id).state is ChangeState.REGISTERED  # both kept
    # the acute decision came later: it is what the citizen takes today and on the roll
    assert metformin_on(ctx, world, NOW.date()) == ("1+0+0+0", "active")
    assert metformin_on(ctx, world, NEXT_ROLL) == ("1+0+0+0", "active")
    assert metformin_on(ctx, world, NEXT_ROLL + timedelta(days=20)) == ("1+0+0+0", "active")


def test_a_choice_about_a_queue_that_changed_is_refused(db: Database, world: World) -> None:
    ctx = at(db)
    first = changes.register(ctx, pause(world))
    other = changes.register(
        ctx, dose(world, conflict_choice=ConflictChoice.REPLACE, conflict_with=(first.id,))
    )
    with pytest.raises(ConflictingChange) as stop:
        changes.register(
            ctx,
            ChangeRequest(
                cpr=world.anna,
                kind=ChangeKind.DOSE_CHANGE,
                line_id=world.line_metformin,
                dosage="1+1+1+0",
                conflict_choice=ConflictChoice.REPLACE,
                conflict_with=(first.id,),
            ),
        )
    assert stop.value.stale_choice and [c.id for c in stop.value.queued] == [other.id]
    assert stop.value.message.startswith("Køen er ændret, siden du valgte.")


def test_two_nurses_at_once_end_with_one_decision(db: Database, world: World) -> None:
    """Two sessions replace the same queued change at the same moment: on PostgreSQL the line
    row lock (on SQLite the write lock) serves them one after the other; the second sees the
    first one's change queued and is refused (its choice was about a queue that changed). One
    decision, not two."""
    first = changes.register(at(db), pause(world))
    barrier = threading.Barrier(2)
    results: list[object] = []

    def nurse(dosage: str) -> None:
        ctx = at(db)
        barrier.wait()
        try:
            results.append(
                changes.register(
                    ctx,
                    ChangeRequest(
                        cpr=world.anna,
                        kind=ChangeKind.DOSE_CHANGE,
                        line_id=world.line_metformin,
                        dosage=dosage,
                        conflict_choice=ConflictChoice.REPLACE,
                        conflict_with=(first.id,),
                    ),
                )
            )
        except ConflictingChange as e:
            results.append(e)

    threads = [threading.Thread(target=nurse, args=(d,)) for d in ("2+0+1+0", "1+1+1+0")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(type(r).__name__ for r in results) == ["ChangeDTO", "ConflictingChange"]
    with db.begin() as s:
        open_ = s.scalars(
            select(m.Change).where(
                m.Change.line_id == world.line_metformin,
                m.Change.state.in_(["registered", "confirmed", "locked"]),
            )
        ).all()
    assert len(open_) == 1
