"""FMK in through the services: proposals from FMK's card, accepted into the queue or rejected
(SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from dosisdesk.domain.errors import AccessDenied, InvalidInput, RuleViolation
from dosisdesk.domain.fmk import FmkDocumentError, ProposalKind
from dosisdesk.domain.types import CPH, ChangeKind, ChangeState, Supply
from dosisdesk.interop.fmk.document import parse_medicine_card
from dosisdesk.services import audit, changes, fmk
from dosisdesk.services.changes import ChangeRequest
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.fmk_docs import RECORDING_HELLE, Dose, Drug, Structure, card_xml
from tests.helpers.fmk import anna_as_on_fmk, at
from tests.world import World


def pending_kinds(result: fmk.ReadResult) -> list[ProposalKind]:
    return [p.kind for p in result.pending]


def test_a_card_equal_to_fmk_except_the_pn_text_proposes_only_that(db: Database, world: World):
    r = fmk.read_card(at(db), anna_as_on_fmk(world))
    # Panodil: FMK's "1 tablet efter behov" has no time, so its text replaces the empty PN dose
    assert [(p.kind, p.line_id) for p in r.new] == [(ProposalKind.DOSE, world.line_pn)]
    assert r.read.private_count == 1 and r.read.drug_medications == 3
    assert r.target.first_day == date(2026, 12, 3)


def test_a_new_drug_is_proposed_with_its_roll_and_accepted_into_the_queue(
    db: Database, world: World
):
    new = Drug(
        identifier="21",
        version="77",
        atc="C09AA05",
        name="Ramipril Actavis",
        strength="5 mg",
        dose_dispensed=True,
        fixed=[Structure(days={1: [Dose("1", "morning")]}, supplementary="tages med vand")],
        author="Dr. Berg",
    )
    ctx = at(db)
    r = fmk.read_card(ctx, anna_as_on_fmk(world, new))
    prop = next(p for p in r.new if p.kind is ProposalKind.NEW)
    assert (prop.dosage, prop.supply, prop.dosage_exact) == ("1+0+0+0", Supply.DOSE_ROLL, True)
    assert prop.author == "Dr. Berg, Lægehuset Demo" and prop.note == "tages med vand"
    assert r.target.deadline == datetime(2026, 12, 1, 12, 0, tzinfo=CPH)

    change = fmk.accept(ctx, prop.id)
    assert change.kind is ChangeKind.NEW and change.state is ChangeState.REGISTERED
    assert change.source == "FMK" and change.registered_by == "sygpl" and not change.acute
    assert change.doctor == "Dr. Berg, Lægehuset Demo"
    assert change.target_period is not None
    assert change.target_period.first_day == date(2026, 12, 3)
    with db.begin() as s:
        row = s.get(m.Change, change.id)
        assert row is not None and row.fmk_version == "77"
        line = s.get(m.Line, change.line_id)
        assert line is not None and line.fmk_id == "21"
        versions = s.scalars(select(m.LineVersion).where(m.LineVersion.change_id == change.id))
        assert {v.fmk_version for v in versions} == {"77"}
        p = s.get(m.FmkProposal, prop.id)
        assert p is not None and p.state == "accepted" and p.change_id == change.id

    # re-reading the same version proposes nothing new, and the accepted line now matches
    again = fmk.read_card(ctx, anna_as_on_fmk(world, new))
    assert again.new == ()
    with pytest.raises(RuleViolation):
        fmk.accept(ctx, prop.id)


def test_rereading_the_same_version_proposes_nothing_new(db: Database, world: World):
    ctx = at(db)
    card = anna_as_on_fmk(
        world,
        zarator=Drug(
            identifier="11",
            version="2",
            dose_dispensed=True,
            fixed=[Structure(days={1: [Dose("2", "evening")]})],
        ),
    )
    first = fmk.read_card(ctx, card)
    second = fmk.read_card(ctx, card)
    assert second.new == () and len(second.pending) == len(first.pending)
    rejected = fmk.reject(ctx, first.pending[0].id, "Lægen retter FMK")
    assert rejected.state == "rejected" and rejected.reject_reason == "Lægen retter FMK"
    third = fmk.read_card(ctx, card)
    assert all(p.id != rejected.id for p in third.new)


def test_a_newer_fmk_version_supersedes_the_pending_proposal(db: Database, world: World):
    ctx = at(db)
    v2 = Drug(
        identifier="11",
        version="2",
        dose_dispensed=True,
        fixed=[Structure(days={1: [Dose("2", "evening")]})],
    )
    v3 = Drug(
        identifier="11",
        version="3",
        dose_dispensed=True,
        fixed=[Structure(days={1: [Dose("3", "evening")]})],
    )
    r1 = fmk.read_card(ctx, anna_as_on_fmk(world, zarator=v2))
    r2 = fmk.read_card(ctx, anna_as_on_fmk(world, zarator=v3))
    old = next(p for p in r1.new if p.line_id == world.line_atorva)
    new = next(p for p in r2.new if p.line_id == world.line_atorva)
    assert new.dosage == "0+0+3+0" and new.kind is ProposalKind.DOSE
    assert old.id not in {p.id for p in r2.pending}


def test_a_change_already_queued_for_the_same_thing_is_not_proposed(db: Database, world: World):
    ctx = at(db)
    changes.register(
        ctx,
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=world.line_atorva,
            dosage="0+0+2+0",
            source="Egen læge",
        ),
    )
    r = fmk.read_card(
        ctx,
        anna_as_on_fmk(
            world,
            zarator=Drug(
                identifier="11",
                version="2",
                dose_dispensed=True,
                fixed=[Structure(days={1: [Dose("2", "evening")]})],
            ),
        ),
    )
    assert all(p.line_id != world.line_atorva for p in r.new)


def test_a_pending_proposal_whose_difference_is_gone_is_superseded(db: Database, world: World):
    ctx = at(db)
    card = anna_as_on_fmk(
        world,
        zarator=Drug(
            identifier="11",
            version="2",
            dose_dispensed=True,
            fixed=[Structure(days={1: [Dose("2", "evening")]})],
        ),
    )
    fmk.read_card(ctx, card)
    changes.register(
        ctx,
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=world.line_atorva,
            dosage="0+0+2+0",
            source="Telefon",
        ),
    )
    r = fmk.read_card(
        ctx,
        anna_as_on_fmk(
            world,
            version="7002",
            zarator=Drug(
                identifier="11",
                version="2",
                dose_dispensed=True,
                fixed=[Structure(days={1: [Dose("2", "evening")]})],
            ),
        ),
    )
    assert r.superseded == 1 and all(p.line_id != world.line_atorva for p in r.pending)


def test_ended_in_fmk_is_accepted_as_a_discontinuation(db: Database, world: World):
    ctx = at(db)
    r = fmk.read_card(
        ctx,
        anna_as_on_fmk(
            world,
            glucophage=Drug(
                identifier="12",
                version="2",
                atc="A10BA02",
                name="Glucophage",
                strength="500 mg",
                dose_dispensed=True,
                end="2026-11-20",
            ),
        ),
    )
    prop = next(p for p in r.new if p.kind is ProposalKind.ENDED)
    assert prop.line_id == world.line_metformin and prop.after == "seponeres"
    c = fmk.accept(ctx, prop.id)
    assert c.kind is ChangeKind.DISCONTINUE and c.line_id == world.line_metformin


def test_a_dosage_that_does_not_map_is_proposed_beside_the_roll_as_text(db: Database, world: World):
    ctx = at(db)
    r = fmk.read_card(
        ctx,
        anna_as_on_fmk(
            world,
            Drug(
                identifier="31",
                version="1",
                atc="B01AC06",
                name="Hjertemagnyl",
                strength="75 mg",
                dose_dispensed=True,
                fixed=[Structure(days={1: [Dose(time=None)]}, text="1 tablet dagligt")],
            ),
        ),
    )
    prop = next(p for p in r.new if p.kind is ProposalKind.NEW)
    assert prop.cannot_dose_dispense and prop.supply is Supply.ORDINARY
    assert prop.dosage == "1 tablet dagligt" and not prop.dosage_exact
    c = fmk.accept(ctx, prop.id)
    assert c.dosage == "1 tablet dagligt" and c.supply is Supply.ORDINARY


def test_moved_into_the_roll_and_substituted(db: Database, world: World):
    ctx = at(db)
    r = fmk.read_card(
        ctx,
        anna_as_on_fmk(
            world,
            zarator=Drug(
                identifier="11",
                version="2",
                name='Atorvastatin "Krka"',
                dose_dispensed=True,
                fixed=[Structure(days={1: [Dose("1", "evening")]})],
            ),
            panodil=Drug(
                identifier="13",
                version="2",
                atc="N02BE01",
                name="Panodil",
                strength="500 mg",
                dose_dispensed=True,
                fixed=[Structure(days={1: [Dose("1", "morning")]})],
            ),
        ),
    )
    by_line = {p.line_id: p for p in r.new}
    assert by_line[world.line_atorva].kind is ProposalKind.SUBSTITUTED
    assert by_line[world.line_pn].kind is ProposalKind.INTO_ROLL
    sub = fmk.accept(ctx, by_line[world.line_atorva].id)
    assert sub.product is not None and sub.product.id == world.p_atorva_krka
    into = fmk.accept(ctx, by_line[world.line_pn].id)
    assert into.kind is ChangeKind.SWITCH_SUPPLY and into.supply is Supply.DOSE_ROLL


def test_a_card_for_another_cpr_is_refused_and_nothing_changes(db: Database, world: World):
    ctx = at(db)
    with pytest.raises(FmkDocumentError):
        fmk.read_card(ctx, anna_as_on_fmk(world), expected_cpr=world.ojvind)
    with db.begin() as s:
        assert s.scalar(select(m.FmkRead.id)) is None


def test_every_read_is_an_audited_access_and_the_document_is_not_kept(db: Database, world: World):
    ctx = at(db)
    r = fmk.read_card(ctx, anna_as_on_fmk(world))
    rows = audit.who_looked(ctx, r.citizen_id)
    assert rows[0].action == "fmk.read" and rows[0].username == "sygpl"
    with db.begin() as s:
        stored = " ".join(
            str(v) for p in s.scalars(select(m.FmkProposal)) for v in vars(p).values()
        )
    assert "kolesterol" not in stored  # the indication never reaches the database


def test_reject_needs_a_reason_and_a_nurse_of_another_team_may_not_read(db: Database, world: World):
    ctx = at(db)
    r = fmk.read_card(ctx, anna_as_on_fmk(world))
    with pytest.raises(InvalidInput):
        fmk.reject(ctx, r.new[0].id, "  ")
    with db.begin() as s:
        s.add(m.User(username="syd", full_name="Sara Syd", role="nurse", team_id=world.team_syd))
    with pytest.raises(AccessDenied):
        fmk.read_card(at(db, "syd"), anna_as_on_fmk(world))


def test_a_coordinator_creates_a_citizen_from_the_fmk_card(db: Database, world: World):
    card = parse_medicine_card(RECORDING_HELLE.read_bytes())
    with pytest.raises(fmk.CitizenNotInDosisdesk):
        fmk.read_card(at(db), card)
    with pytest.raises(AccessDenied):
        fmk.create_citizen(at(db), card, "Team Nord", "Torsdag")
    koord = at(db, "koord")
    fmk.create_citizen(koord, card, "Team Nord", "Torsdag")
    r = fmk.read_card(koord, card)
    assert r.name == "Helle Bonde" and r.read.private_count == 1
    (prop,) = r.new
    assert prop.kind is ProposalKind.NEW and prop.drug == "Ipren 200 mg"
    assert prop.supply is Supply.ORDINARY and not prop.dosage_exact
    change = fmk.accept(koord, prop.id)
    assert change.state is ChangeState.REGISTERED and change.source == "FMK"
    rows = fmk.citizens_with_differences(koord)
    assert all(row.cpr != "1111111118" for row in rows)


def test_the_desk_lists_citizens_whose_card_differs_oldest_first(db: Database, world: World):
    ctx = at(db, "koord")
    fmk.read_card(ctx, anna_as_on_fmk(world))
    later = at(db, "koord", datetime(2026, 11, 22, 11, 0, tzinfo=CPH))
    with db.begin() as s:
        oj = s.scalar(select(m.Citizen).where(m.Citizen.cpr == world.ojvind))
        assert oj is not None
    fmk.read_card(later, parse_medicine_card(card_xml(world.ojvind, [Drug()])))
    rows = fmk.citizens_with_differences(ctx)
    assert [r.cpr for r in rows] == [world.anna, world.ojvind]
    assert rows[0].oldest < rows[1].oldest
    # a nurse sees her own team only
    assert [r.cpr for r in fmk.citizens_with_differences(at(db))] == [world.anna]
