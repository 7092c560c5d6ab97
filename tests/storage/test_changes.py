"""The change queue through the services, on SQLite and PostgreSQL (R2, R3, R5, R11)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from dosisdesk.domain.conflicts import ConflictChoice
from dosisdesk.domain.errors import (
    AccessDenied,
    ConflictError,
    InvalidDosage,
    InvalidInput,
    NotFound,
    RuleViolation,
)
from dosisdesk.domain.types import (
    CPH,
    BagRef,
    ChangeKind,
    ChangeState,
    HandlingKind,
    Severity,
    Supply,
)
from dosisdesk.services import audit, cards, changes, flags, queue, queue_clock, renewals, search
from dosisdesk.services.changes import ChangeRequest, HandlingRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.helpers.changes import acute_new, acute_stop
from tests.world import World

DEADLINE_DEC1 = datetime(2026, 12, 1, 12, 0, tzinfo=CPH)


def at(db: Database, moment: datetime, user: str = "sygpl") -> Ctx:
    return open_ctx(db, user, fixed_clock(moment))


def dose_change(w: World, dose: str = "1+1+1+0") -> ChangeRequest:
    return ChangeRequest(
        cpr=w.anna,
        kind=ChangeKind.DOSE_CHANGE,
        line_id=w.line_metformin,
        dosage=dose,
        source="Egen læge",
    )


def test_planned_change_lands_in_next_roll_and_card_shows_it_apart(db: Database, world: World):
    ctx = at(db, NOW)
    where = changes.landing(ctx, world.anna)
    c = changes.register(ctx, dose_change(world))
    assert c.state is ChangeState.REGISTERED
    assert c.target_period is not None
    assert (where.first_day, where.deadline) == (
        c.target_period.first_day,
        c.target_period.deadline,
    )
    assert c.effective_date == date(2026, 12, 3)
    assert c.target_period.deadline == DEADLINE_DEC1
    view = cards.card_view(ctx, world.anna)
    today_doses = {ln.product.trade_name: ln.dosage for ln in view.lines_today}
    assert today_doses["Glucophage"] == "1+0+1+0"  # today's content is unchanged
    coming = next(col for col in view.columns if not col.is_current)
    assert {ln.product.trade_name: ln.dosage for ln in coming.lines}["Glucophage"] == "1+1+1+0"
    assert [ch.id for ch in coming.changes] == [c.id]
    assert [ch.id for ch in view.open_changes] == [c.id]


@pytest.mark.parametrize(
    ("moment", "first_day"),
    [
        (DEADLINE_DEC1 - timedelta(minutes=1), date(2026, 12, 3)),
        (DEADLINE_DEC1, date(2026, 12, 17)),  # at the deadline minute the pharmacy starts packing
        (DEADLINE_DEC1 + timedelta(minutes=1), date(2026, 12, 17)),
    ],
)
def test_the_deadline_minute(db: Database, world: World, moment: datetime, first_day: date):
    c = changes.register(at(db, moment), dose_change(world))
    assert c.effective_date == first_day


def test_missed_deadline_moves_the_change_and_its_content(db: Database, world: World):
    c = changes.register(at(db, NOW), dose_change(world))
    later = at(db, DEADLINE_DEC1 + timedelta(minutes=5), "koord")
    moved = queue_clock.advance(later)
    assert moved.missed == (c.id,)
    after = changes.get(later, c.id)
    assert after.state is ChangeState.REGISTERED
    assert after.missed_deadlines == 1
    assert after.effective_date == date(2026, 12, 17)
    assert after.transitions[-1].by == "system"
    # the card of 3 December no longer shows the new dose; 17 December does
    lines, _ = cards.card_on(later, world.anna, date(2026, 12, 3))
    assert {ln.product.trade_name: ln.dosage for ln in lines}["Glucophage"] == "1+0+1+0"
    lines, _ = cards.card_on(later, world.anna, date(2026, 12, 17))
    assert {ln.product.trade_name: ln.dosage for ln in lines}["Glucophage"] == "1+1+1+0"
    rows = queue.queue(later, queue.QueueFilter(missed_only=True))
    assert [r.change_id for r in rows] == [c.id]


def test_confirmed_change_locks_then_takes_effect(db: Database, world: World):
    c = changes.register(at(db, NOW), dose_change(world))
    changes.confirm(at(db, NOW, "koord"), [(c.id, c.version)], note="tjekket i FMK")
    assert queue_clock.advance(at(db, DEADLINE_DEC1 + timedelta(hours=1))).locked == 1
    assert changes.get(at(db, NOW), c.id).state is ChangeState.LOCKED
    assert queue_clock.advance(at(db, datetime(2026, 12, 3, 6, 0, tzinfo=CPH))).in_effect == 1
    done = changes.get(at(db, NOW), c.id)
    assert done.state is ChangeState.IN_EFFECT
    assert [t.to_state for t in done.transitions] == [
        ChangeState.REGISTERED,
        ChangeState.CONFIRMED,
        ChangeState.LOCKED,
        ChangeState.IN_EFFECT,
    ]


def test_cancel_needs_a_reason_and_removes_the_content(db: Database, world: World):
    ctx = at(db, NOW)
    c = changes.register(ctx, dose_change(world))
    with pytest.raises(InvalidInput):
        changes.cancel(ctx, c.id, c.version, "  ")
    done = changes.cancel(ctx, c.id, c.version, "Lægen fortrød")
    assert done.state is ChangeState.CANCELLED
    lines, _ = cards.card_on(ctx, world.anna, date(2026, 12, 10))
    assert {ln.product.trade_name: ln.dosage for ln in lines}["Glucophage"] == "1+0+1+0"
    with pytest.raises(RuleViolation):
        changes.confirm(ctx, [(c.id, None)])


def test_conflicting_confirm_names_the_change_and_saves_nothing(db: Database, world: World):
    c = changes.register(at(db, NOW), dose_change(world))
    changes.cancel(at(db, NOW, "koord"), c.id, c.version, "dublet")
    with pytest.raises(ConflictError) as err:
        changes.confirm(at(db, NOW), [(c.id, c.version)])
    assert "Annulleret" in err.value.message
    assert "Karl Koordinator" in err.value.message  # who made the change's latest transition
    assert changes.get(at(db, NOW), c.id).state is ChangeState.CANCELLED


def test_bulk_confirm_is_all_or_nothing(db: Database, world: World):
    ctx = at(db, NOW)
    a = changes.register(ctx, dose_change(world))
    b = changes.register(
        ctx, ChangeRequest(cpr=world.anna, kind=ChangeKind.DISCONTINUE, line_id=world.line_atorva)
    )
    changes.cancel(ctx, b.id, b.version, "fejl")
    with pytest.raises(RuleViolation):
        changes.confirm(at(db, NOW, "koord"), [(a.id, a.version), (b.id, None)])
    assert changes.get(ctx, a.id).state is ChangeState.REGISTERED


@pytest.mark.parametrize(
    ("req", "error"),
    [
        (dict(kind=ChangeKind.DOSE_CHANGE, dosage="1+x+1+0"), InvalidDosage),
        (dict(kind=ChangeKind.DOSE_CHANGE, dosage="1+0+1+0"), InvalidInput),  # same as now
        (dict(kind=ChangeKind.NEW, product="XYZ", dosage="1+0+0+0", line_id=None), NotFound),
        (
            dict(kind=ChangeKind.NEW, product="Xalatan", dosage="1+0+0+0", line_id=None),
            RuleViolation,
        ),  # eye drops cannot be dose dispensed
        (dict(kind=ChangeKind.RESUME_LINE), RuleViolation),  # not paused
    ],
)
def test_bad_changes_are_refused_and_nothing_is_saved(db: Database, world: World, req, error):
    ctx = at(db, NOW)
    base = dict(cpr=world.anna, line_id=world.line_metformin)
    with pytest.raises(error):
        changes.register(ctx, ChangeRequest(**(base | req)))
    with db.begin() as s:
        assert s.scalar(select(m.Change.id)) is None


def test_acute_change_requires_reason_doctor_and_handling(db: Database, world: World):
    ctx = at(db, NOW)
    bag = (BagRef(NOW.date(), "evening"),)
    req = ChangeRequest(
        cpr=world.anna,
        kind=ChangeKind.DISCONTINUE,
        line_id=world.line_atorva,
        acute=True,
        reason="",
        doctor="Dr. Berg",
        handlings=(HandlingRequest(HandlingKind.REMOVE_TABLETS, bag, True),),
    )
    with pytest.raises(RuleViolation, match="lacks reason"):
        changes.register(ctx, req)
    with pytest.raises(RuleViolation, match="identifiable"):
        changes.register(
            ctx,
            ChangeRequest(
                **(
                    req.__dict__
                    | dict(
                        reason="Muskelsmerter",
                        handlings=(HandlingRequest(HandlingKind.REMOVE_TABLETS, bag, False),),
                    )
                )
            ),
        )
    with pytest.raises(RuleViolation, match="outside the roll"):
        changes.register(
            ctx,
            ChangeRequest(
                **(
                    req.__dict__
                    | dict(
                        reason="Muskelsmerter",
                        handlings=(
                            HandlingRequest(
                                HandlingKind.REMOVE_TABLETS,
                                (BagRef(date(2026, 12, 20), "evening"),),
                                True,
                            ),
                        ),
                    )
                )
            ),
        )


def test_acute_discontinue_takes_effect_today_with_follow_up(db: Database, world: World):
    ctx = at(db, NOW)
    c = changes.register(
        ctx,
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DISCONTINUE,
            line_id=world.line_atorva,
            acute=True,
            reason="Muskelsmerter",
            doctor="Dr. Berg",
            handlings=(
                HandlingRequest(
                    HandlingKind.REMOVE_TABLETS,
                    (
                        BagRef(NOW.date(), "evening"),
                        BagRef(NOW.date() + timedelta(days=1), "evening"),
                    ),
                    identifiable=True,
                ),
            ),
        ),
    )
    assert c.state is ChangeState.IN_EFFECT and c.acute
    assert c.if_waited_first_day == date(2026, 12, 3)
    assert c.if_waited_deadline == DEADLINE_DEC1
    assert len(c.handlings[0].bags) == 2
    follow = changes.get(ctx, c.follow_up_id or 0)
    assert follow.follow_up_of_id == c.id and follow.state is ChangeState.REGISTERED
    assert follow.effective_date == date(2026, 12, 3)
    names = {ln.product.trade_name for ln in cards.card_on(ctx, world.anna, NOW.date())[0]}
    assert "Zarator" not in names


def test_acute_new_drug_is_given_beside_the_roll_until_the_follow_up(db: Database, world: World):
    ctx = at(db, NOW)
    c = changes.register(ctx, acute_new(world, "Zocor"))
    follow = changes.get(ctx, c.follow_up_id or 0)
    today = {
        ln.product.trade_name: ln.supply for ln in cards.card_on(ctx, world.anna, NOW.date())[0]
    }
    assert today["Zocor"] is Supply.ORDINARY
    in_roll = cards.card_on(ctx, world.anna, follow.effective_date)[0]
    zocor = [ln for ln in in_roll if ln.product.trade_name == "Zocor"]
    assert [ln.supply for ln in zocor] == [Supply.DOSE_ROLL]  # the temporary line has ended
    assert c.handlings[0].ordinary_until == follow.effective_date
    # same therapeutic group as atorvastatin in the roll: info only, never high for the temp line
    sev = {f.severity for f in flags.flags(ctx, cpr=world.anna)}
    assert Severity.HIGH not in sev
    # if the follow-up misses its deadline, the temporary line goes on until it takes effect
    later = at(db, DEADLINE_DEC1 + timedelta(minutes=1), "koord")
    queue_clock.advance(later)
    moved = changes.get(later, follow.id)
    assert moved.effective_date == date(2026, 12, 17)
    lines = cards.card_on(later, world.anna, date(2026, 12, 10))[0]
    assert [ln.supply for ln in lines if ln.product.trade_name == "Zocor"] == [Supply.ORDINARY]


def test_double_prescription_flag_and_acknowledgement_lapse(db: Database, world: World):
    ctx = at(db, NOW)
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
    koord = at(db, datetime(2026, 12, 4, 9, 0, tzinfo=CPH), "koord")
    found = flags.flags(koord, severity=Severity.HIGH)
    assert [(f.cpr, f.severity) for f in found] == [(world.anna, Severity.HIGH)]
    f = found[0]
    with pytest.raises(AccessDenied):
        flags.acknowledge_flag(at(db, NOW), f.line_a, f.line_b, "bevidst")
    flags.acknowledge_flag(koord, f.line_a, f.line_b, "Bevidst: styrkekombination")
    assert flags.flags(koord, severity=Severity.HIGH) == []
    assert flags.flags(koord, severity=Severity.HIGH, include_acknowledged=True)[0].acknowledged
    # a change to either line lapses the acknowledgement
    changes.register(
        koord,
        ChangeRequest(
            cpr=world.anna, kind=ChangeKind.DOSE_CHANGE, line_id=world.line_atorva, dosage="0+0+2+0"
        ),
    )
    later = at(db, datetime(2026, 12, 17, 9, 0, tzinfo=CPH), "koord")
    assert [x.cpr for x in flags.flags(later, severity=Severity.HIGH)] == [world.anna]


def test_nurse_sees_only_her_team(db: Database, world: World):
    ctx = at(db, NOW)
    with pytest.raises(AccessDenied):
        cards.card_view(ctx, world.ojvind)
    assert [r.cpr for r in search.search_citizens(ctx, "")] == [world.anna]
    assert {r.cpr for r in search.search_citizens(at(db, NOW, "koord"), "")} == {
        world.anna,
        world.ojvind,
    }


def test_search_by_cpr_with_or_without_dash_and_danish_order(db: Database, world: World):
    k = at(db, NOW, "koord")
    with_dash = f"{world.ojvind[:6]}-{world.ojvind[6:8]}"
    assert [r.cpr for r in search.search_citizens(k, with_dash)] == [world.ojvind]
    assert [r.cpr for r in search.search_citizens(k, world.ojvind[:4])] == [world.ojvind]
    assert [r.name for r in search.search_citizens(k, "")] == ["Anna Hansen", "Øjvind Ærø"]
    assert [r.name for r in search.search_citizens(k, "ærø")] == ["Øjvind Ærø"]


def test_private_lines_are_hidden_and_counted(db: Database, world: World):
    view = cards.card_view(at(db, NOW), world.anna)
    assert view.hidden_private == 1
    assert "Zoloft" not in {ln.product.trade_name for ln in view.lines_today}


def test_every_read_and_write_is_audited_and_the_log_is_append_only(db: Database, world: World):
    ctx = at(db, NOW)
    cards.card_view(ctx, world.anna)
    changes.register(ctx, dose_change(world))
    rows = audit.who_looked(at(db, NOW, "koord"), world.anna_id)
    assert [r.action for r in rows][:2] == ["change.register", "card.read"]
    assert all(r.username == "sygpl" for r in rows[:2])
    assert audit.verify(ctx).ok
    with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET username = 'x'"))
    with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))
    assert audit.verify(ctx).entries == len(rows)


def test_renewal_rejection_becomes_a_task(db: Database, world: World):
    from dosisdesk.domain.types import RejectionReason, RenewalState

    k = at(db, NOW, "koord")
    due = renewals.renewals(k)
    assert [(r.cpr, r.product_label) for r in due] == [(world.anna, "Glucophage 500 mg")]
    rid = renewals.request_renewal(k, due[0].line_id)
    assert renewals.renewals(k) == []  # requested: no longer just due
    with pytest.raises(RuleViolation):
        renewals.decide_renewal(k, rid, None, RenewalState.REJECTED)
    renewals.decide_renewal(k, rid, None, RenewalState.REJECTED, RejectionReason.NEEDS_CONSULTATION)
    rejected = renewals.renewals(k, state=RenewalState.REJECTED)
    assert rejected[0].rejection_reason is RejectionReason.NEEDS_CONSULTATION
    with db.begin() as s:
        task = s.scalars(select(m.Task)).one()
        assert "konsultation" in task.text and task.team_id == world.team_nord


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(minutes=st.integers(min_value=0, max_value=60 * 24 * 40))
def test_property_planned_change_never_before_first_deadline_after_registration(
    sqlite_world: World, sqlite_db: Database, minutes: int
):
    moment = datetime(2026, 11, 20, 0, 0, tzinfo=CPH) + timedelta(minutes=minutes)
    c = changes.register(at(sqlite_db, moment), dose_change(sqlite_world, "2+0+1+0"))
    assert c.target_period is not None
    assert c.target_period.deadline > moment
    assert c.effective_date == c.target_period.first_day
    with sqlite_db.begin() as s:
        earlier = s.scalars(
            select(m.Period).where(
                m.Period.first_day < c.target_period.first_day, m.Period.deadline > moment
            )
        ).all()
    assert earlier == []  # no earlier period was still open
    changes.cancel(at(sqlite_db, moment), c.id, None, "test")


def test_changes_to_a_private_line_stay_private(db: Database, world: World):
    ctx = at(db, NOW)
    c = changes.register(
        ctx,
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=world.line_private,
            dosage="2+0+0+0",
        ),
    )
    acute = changes.register(
        ctx,
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=world.line_private,
            dosage="1+0+1+0",
            acute=True,
            reason="Uro",
            doctor="Dr. Berg",
            handlings=(
                HandlingRequest(HandlingKind.DISCARD_BAGS, (BagRef(NOW.date(), "morning"),)),
            ),
            conflict_choice=ConflictChoice.KEEP_BOTH,
            conflict_with=(c.id,),
        ),
    )
    view = cards.card_view(ctx, world.anna)
    shown = {ch.id for ch in view.open_changes} | {
        ch.id for col in view.columns for ch in col.changes
    }
    assert not shown & {c.id, acute.id, acute.follow_up_id}
    names = {ln.product.trade_name for col in view.columns for ln in col.lines}
    assert "Zoloft" not in names and "Zoloft" not in {
        ln.product.trade_name for ln in view.lines_today
    }
    assert view.hidden_private >= 1


def test_team_names_with_danish_letters_are_found(db: Database, world: World):
    with db.begin() as s:
        s.add(m.Team(name="Team Øst"))
    k = at(db, NOW, "koord")
    assert search.search_citizens(k, "", team="team øst") == []
    assert queue.queue(k, queue.QueueFilter(team="TEAM ØST", pharmacy="apotek test")) == []
    with pytest.raises(NotFound):
        search.search_citizens(k, "", team="Team Vest")


def test_queue_acute_filter_finds_the_follow_ups_and_hides_private_lines(
    db: Database, world: World
):
    ctx = at(db, NOW)
    a = changes.register(ctx, acute_stop(world))
    planned = changes.register(ctx, dose_change(world))
    changes.register(
        ctx,
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=world.line_private,
            dosage="2+0+0+0",
        ),
    )
    k = at(db, NOW, "koord")
    acute_rows = queue.queue(k, queue.QueueFilter(acute=True))
    assert [(r.change_id, r.acute, r.follow_up_of) for r in acute_rows] == [
        (a.follow_up_id, True, a.id)
    ]
    assert [r.change_id for r in queue.queue(k, queue.QueueFilter(acute=False))] == [planned.id]
    assert queue.queue_count(k, queue.QueueFilter()) == 2  # the private change is hidden


def test_an_earlier_change_reaches_a_later_pending_one_and_cancel_leaves_nothing_stale(
    db: Database, world: World
):
    ctx = at(db, NOW)
    # a pause of the metformin line registered for the roll of 17 December ...
    later = at(db, DEADLINE_DEC1 + timedelta(hours=1))
    pause = changes.register(
        later,
        ChangeRequest(cpr=world.anna, kind=ChangeKind.PAUSE_LINE, line_id=world.line_metformin),
    )
    assert pause.effective_date == date(2026, 12, 17)
    # ... then (time travel aside) a dose change for the roll of 3 December
    dose = changes.register(ctx, dose_change(world, "2+0+2+0"))
    assert dose.effective_date == date(2026, 12, 3)

    def metformin(day: date) -> tuple[str, str] | None:
        lines, _ = cards.card_on(ctx, world.anna, day)
        hit = [ln for ln in lines if ln.line_id == world.line_metformin]
        return (hit[0].dosage, hit[0].status.value) if hit else None

    assert metformin(date(2026, 12, 10)) == ("2+0+2+0", "active")
    assert metformin(date(2026, 12, 20)) == ("2+0+2+0", "paused")  # the pause keeps the new dose
    changes.cancel(ctx, dose.id, None, "Lægen fortrød")
    assert metformin(date(2026, 12, 10)) == ("1+0+1+0", "active")
    assert metformin(date(2026, 12, 20)) == ("1+0+1+0", "paused")  # nothing stale left


def test_a_dose_written_before_the_quarter_sign_is_the_same_dose(db: Database, world: World):
    """A line stored as "0,25+0+1+0" (before ¼ became the notation) and a new order of
    "¼+0+1+0" are the same dose: refused as no change, not queued as one."""
    with db.begin() as s:
        s.execute(
            text("UPDATE line_versions SET dosage = '0,25+0+1+0' WHERE line_id = :l"),
            {"l": world.line_metformin},
        )
    with pytest.raises(InvalidInput) as e:
        changes.register(at(db, NOW), dose_change(world, "¼+0+1+0"))
    assert "samme som den nuværende" in e.value.message
    assert changes.register(at(db, NOW), dose_change(world, "½+0+1+0")).dosage == "½+0+1+0"


def test_queue_pages_continue_each_other_under_a_filter(db: Database, world: World):
    ctx = at(db, NOW)
    later = at(db, DEADLINE_DEC1 + timedelta(hours=1))
    ids = [
        changes.register(ctx, dose_change(world)).id,
        changes.register(
            ctx,
            ChangeRequest(
                cpr=world.anna,
                kind=ChangeKind.DOSE_CHANGE,
                line_id=world.line_atorva,
                dosage="0+0+2+0",
                source="Egen læge",
            ),
        ).id,
        changes.register(
            later,
            ChangeRequest(cpr=world.anna, kind=ChangeKind.PAUSE_LINE, line_id=world.line_pn),
        ).id,
    ]
    changes.register(  # a private line's change is never on a page
        ctx,
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=world.line_private,
            dosage="2+0+0+0",
        ),
    )
    k = at(db, NOW, "koord")
    f = queue.QueueFilter(registered_by="sygpl", states=(ChangeState.REGISTERED,))
    whole = queue.queue(k, f)
    pages = [r for off in range(4) for r in queue.queue(k, f, limit=1, offset=off)]
    assert [r.change_id for r in pages] == [r.change_id for r in whole]
    assert sorted(r.change_id for r in whole) == sorted(ids)
    assert [(r.deadline, r.change_id) for r in whole] == sorted(
        (r.deadline, r.change_id) for r in whole
    )
    assert pages[0].registered_by == "sygpl" and pages[0].product_label
    assert queue.queue_count(k, f) == 3
