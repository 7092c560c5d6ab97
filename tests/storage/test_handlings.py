"""Acute changes stay visible per bag until the roll carries them; handlings are signed (R3).

The world's clock: Sunday 22 November 2026 10:00, in the roll 19 Nov - 2 Dec; the next roll
starts Thursday 3 December (deadline Tuesday 1 December 12:00). Anna: Zarator 0+0+1+0 and
Glucophage 1+0+1+0 in the roll.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from dosisdesk.domain.bags import BagAction
from dosisdesk.domain.errors import InvalidInput, NotFound, RuleViolation
from dosisdesk.domain.types import BagRef, ChangeKind, HandlingKind
from dosisdesk.services import cards, changes, handlings, handover, search
from dosisdesk.services.changes import ChangeRequest, HandlingRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.services.dto import BagEntryDTO, ChangeDTO
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.helpers.changes import acute_stop
from tests.world import World

TODAY = NOW.date()
TOMORROW = TODAY + timedelta(days=1)


def at(db: Database, moment: datetime, user: str = "sygpl") -> Ctx:
    return open_ctx(db, user, fixed_clock(moment))


def stop_zarator(ctx: Ctx, w: World, *bags: BagRef) -> ChangeDTO:
    return changes.register(ctx, acute_stop(w, *bags))


def bag(ctx: Ctx, w: World, day: date, slot: str) -> dict[str, BagEntryDTO]:
    """The lines of one bag by trade name."""
    content = dict(cards.bags_on(ctx, w.anna, day))
    return {e.line.product.trade_name: e for e in content.get(slot, [])}


def test_an_acute_stop_stays_in_every_bag_of_the_roll_with_what_to_do(
    db: Database, world: World
) -> None:
    ctx = at(db, NOW)
    c = stop_zarator(ctx, world, BagRef(TODAY, "evening"), BagRef(TOMORROW, "evening"))
    today = bag(ctx, world, TODAY, "evening")
    assert today["Zarator"].action is BagAction.REMOVE and not today["Zarator"].done
    assert today["Zarator"].packed == "1" and today["Zarator"].prescribed == "0"
    assert today["Glucophage"].action is None  # not concerned
    later = bag(ctx, world, date(2026, 12, 2), "evening")
    assert later["Zarator"].action is BagAction.UNHANDLED  # in the bag, not named
    # The roll of 3 December carries the stop: Zarator is in no bag from then on.
    assert "Zarator" not in bag(ctx, world, date(2026, 12, 3), "evening")
    # The card's current roll still holds Zarator; the change and its steps are listed.
    cv = cards.card_view(ctx, world.anna)
    current = next(col for col in cv.columns if col.is_current)
    assert world.line_atorva in {ln.line_id for ln in current.lines}
    assert [a.change.id for a in cv.acute_in_roll] == [c.id]
    acute = cv.acute_in_roll[0]
    assert acute.carried_from == date(2026, 12, 3) and acute.open_steps == 2
    assert acute.label.startswith("Zarator")
    assert {(b.day, b.action) for b in acute.bags if b.day <= TOMORROW} == {
        (TODAY, BagAction.REMOVE),
        (TOMORROW, BagAction.REMOVE),
    }


def test_an_acute_dose_change_leaves_the_other_bags_unchanged(db: Database, world: World) -> None:
    ctx = at(db, NOW)
    changes.register(
        ctx,
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=world.line_metformin,
            dosage="1+0+0+0",
            acute=True,
            reason="Lavt blodsukker",
            doctor="Dr. Berg",
            handlings=(
                HandlingRequest(
                    HandlingKind.REMOVE_TABLETS, (BagRef(TODAY, "evening"),), identifiable=True
                ),
            ),
        ),
    )
    assert bag(ctx, world, TOMORROW, "morning")["Glucophage"].action is BagAction.UNCHANGED
    assert bag(ctx, world, TODAY, "evening")["Glucophage"].action is BagAction.REMOVE
    assert bag(ctx, world, TODAY, "evening")["Zarator"].action is None
    assert bag(ctx, world, TOMORROW, "evening")["Glucophage"].action is BagAction.UNHANDLED


def test_a_discarded_bag_takes_every_drug_and_the_ordinary_pack_gives_the_new_dose(
    db: Database, world: World
) -> None:
    ctx = at(db, NOW)
    changes.register(
        ctx,
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=world.line_metformin,
            dosage="1+0+0+0",
            acute=True,
            reason="Lavt blodsukker",
            doctor="Dr. Berg",
            handlings=(HandlingRequest(HandlingKind.DISCARD_BAGS, (BagRef(TODAY, "evening"),)),),
        ),
    )
    evening = bag(ctx, world, TODAY, "evening")
    assert evening["Glucophage"].action is BagAction.DISCARD
    assert evening["Zarator"].action is BagAction.DISCARD  # the whole bag goes
    # Until the roll carries the new dose it is given from an ordinary pack: the roll's
    # Glucophage in bags not discarded is not to be given.
    assert bag(ctx, world, TOMORROW, "morning")["Glucophage"].action is BagAction.UNHANDLED


def test_a_handling_is_signed_per_bag_or_for_all_and_audited(db: Database, world: World) -> None:
    nurse = at(db, NOW)
    c = stop_zarator(nurse, world, BagRef(TODAY, "evening"), BagRef(TOMORROW, "evening"))
    k = at(db, NOW, "koord")
    assert [o.change_id for o in handlings.open_handlings(k)] == [c.id]
    assert search.search_citizens(k, "Hansen")[0].open_handlings == 2
    done = handlings.mark_done(nurse, c.id, [BagRef(TODAY, "evening")])
    assert [(s.day, s.slot, s.done_by, s.done_by_name) for s in done] == [
        (TODAY, "evening", "sygpl", "Sif Sygeplejerske")
    ]
    signed = bag(nurse, world, TODAY, "evening")["Zarator"]
    assert (signed.done_by, signed.done_by_name) == ("sygpl", "Sif Sygeplejerske")
    # the handover names the person who signed, not her login
    paper = handover.handover_summary(k, "Team Nord", TODAY)
    bags = [
        b
        for cit in paper.citizens
        for a in cit.acute
        for h in a.handlings
        for b in h.bags
        if b.done_by
    ]
    assert [b.done_by for b in bags] == ["Sif Sygeplejerske"]
    with pytest.raises(RuleViolation) as again:
        handlings.mark_done(nurse, c.id, [BagRef(TODAY, "evening")])
    assert "allerede udført af Sif Sygeplejerske" in again.value.message
    with pytest.raises(InvalidInput) as unknown:
        handlings.mark_done(nurse, c.id, [BagRef(TODAY, "morning")])
    assert "ikke nævnt" in unknown.value.message
    with pytest.raises(NotFound):
        handlings.mark_done(nurse, c.follow_up_id or 0)
    rest = handlings.mark_done(nurse, c.id)
    assert [(s.day, s.slot) for s in rest] == [(TOMORROW, "evening")]
    assert handlings.open_handlings(k) == []
    assert search.search_citizens(k, "Hansen")[0].open_handlings == 0
    with pytest.raises(RuleViolation) as nothing:
        handlings.mark_done(nurse, c.id)
    assert "ingen håndtering" in nothing.value.message
    with db.begin() as s:
        entries = s.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "handling.done"))
        assert [e.username for e in entries] == ["sygpl", "sygpl"]


def test_an_unsigned_step_stays_open_until_the_roll_carries_the_change(
    db: Database, world: World
) -> None:
    c = stop_zarator(at(db, NOW), world, BagRef(TODAY, "evening"))
    later = at(db, datetime(2026, 12, 2, 20, 0, tzinfo=NOW.tzinfo), "koord")
    assert [o.change_id for o in handlings.open_handlings(later)] == [c.id]
    carried = at(db, datetime(2026, 12, 3, 8, 0, tzinfo=NOW.tzinfo), "koord")
    assert handlings.open_handlings(carried) == []


def test_the_follow_up_reads_as_the_roll_catching_up(db: Database, world: World) -> None:
    ctx = at(db, NOW)
    c = stop_zarator(ctx, world, BagRef(TODAY, "evening"))
    follow = changes.get(ctx, c.follow_up_id or 0)
    assert follow.follow_up_of_day == TODAY
    from dosisdesk.words import follow_up_text

    assert follow_up_text(follow.kind, follow.effective_date, TODAY) == (
        "Apoteket stopper pakningen fra rullen tors. 3. dec. "
        "(opfølgning af akut seponering søn. 22. nov.)"
    )


def test_migration_writes_the_catalogue_in_danish(sqlite_url: str) -> None:
    """0004 turns existing products'
    English substance names, units and forms into the Danish ones (ATC unchanged)."""
    from sqlalchemy import create_engine, text

    from dosisdesk.storage import migrate

    migrate.upgrade(sqlite_url, "0002")
    engine = create_engine(sqlite_url)
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO products (atc, substance, trade_name, strength, form, dose_dispensable)"
                " VALUES ('H03AA01', 'levothyroxine sodium', 'Eltroxin', '50 microgram',"
                " 'tablet', 1), ('C03CA01', 'furosemide', 'Furix', '40 mg', 'tablet / capsule', 1)"
            )
        )
    engine.dispose()
    migrate.upgrade(sqlite_url)
    engine = create_engine(sqlite_url)
    with engine.begin() as c:
        rows = c.execute(
            text("SELECT atc, substance, strength, form FROM products ORDER BY atc")
        ).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        ("C03CA01", "furosemid", "40 mg", "tabletter / kapsler"),
        ("H03AA01", "levothyroxinnatrium", "50 mikrogram", "tabletter"),
    ]
