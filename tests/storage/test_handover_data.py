"""The data behind the printed handover and medicine list (R10, R11), on SQLite and PostgreSQL.

No Qt here: services/handover.py is pure services. The scene is tests/handover_world.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from dosisdesk.domain.errors import AccessDenied, InvalidInput, NotFound
from dosisdesk.domain.renewals import RenewalUrgency
from dosisdesk.domain.triage import BagTiming, Urgency
from dosisdesk.domain.types import CPH, ChangeKind, ChangeState, HandlingKind, Severity, Supply
from dosisdesk.services import audit, medlist
from dosisdesk.services import handover as ho
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.conftest import _backends, backend_url
from tests.handover_world import NOW, ROLL_EVE, Scene, at, build_scene
from tests.world import World, build_world

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module", params=_backends())
def shared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, Scene]]:
    """One scene per backend for the tests that only read at NOW (building it takes seconds)."""
    with backend_url(request.param, tmp_path_factory.mktemp("handover"), "shared.sqlite") as url:
        database = Database.create(url, training=True)
        yield database, build_scene(database, build_world(database))
        database.dispose()


@pytest.fixture
def sdb(shared: tuple[Database, Scene]) -> Database:
    return shared[0]


@pytest.fixture
def scene(shared: tuple[Database, Scene]) -> Scene:
    return shared[1]


def _by_name(h: ho.Handover) -> dict[str, ho.HandoverCitizen]:
    return {c.name: c for c in h.citizens}


def test_the_right_citizens_in_the_order_the_team_works(sdb: Database, scene: Scene) -> None:
    h = ho.handover_summary(at(sdb), "team nord", TODAY, ho.Shift.DAY)
    assert h.team == "Team Nord" and h.team_citizens == 6
    # route 0 by Danish name (Hansen, Ærbo, Aabye = Å), then route 1, route 2; Carl has nothing
    assert [c.name for c in h.citizens] == [
        "Anna Hansen",
        "Erik Ærbo",
        "Else Aabye",
        "Bo Bøgh",
        "Åse Ørum",
    ]
    assert all(c.masked_cpr.endswith("-xxxx") and len(c.masked_cpr) == 11 for c in h.citizens)
    assert h.citizens[0].masked_cpr == scene.world.anna[:6] + "-xxxx"
    assert (h.starts, h.ends) == (
        datetime(2026, 11, 22, 7, 0, tzinfo=CPH),
        datetime(2026, 11, 22, 15, 0, tzinfo=CPH),
    )


def test_sections_today(sdb: Database, scene: Scene) -> None:
    h = _by_name(ho.handover_summary(at(sdb), "Team Nord", TODAY, ho.Shift.DAY))
    anna = h["Anna Hansen"]
    (acute,) = anna.acute
    assert acute.kind is ChangeKind.DOSE_CHANGE and acute.product == "Glucophage 500 mg"
    assert acute.dosage == "1+1+1+0" and acute.doctor == "Læge Lund"
    assert acute.roll_from == date(2026, 12, 3)
    (handling,) = acute.handlings
    assert handling.kind is HandlingKind.DISCARD_BAGS
    assert [(b.day, b.slot) for b in handling.bags] == [
        (date(2026, 11, 22), "evening"),
        (date(2026, 11, 23), "morning"),
    ]
    assert handling.ordinary_until == date(2026, 12, 3)
    assert [(r.product, r.valid_until, r.rejected) for r in anna.renewals] == [
        ("Glucophage 500 mg", date(2026, 12, 10), False)
    ]
    assert not anna.roll_changes and not anna.missed  # nothing starts today or tomorrow

    bo = h["Bo Bøgh"]
    (adm,) = bo.admissions
    assert (adm.department, adm.phone) == ("Medicinsk afd. M3", "70 33 44 55")
    assert not bo.paused  # the admission says it: paused while admitted
    assert h["Erik Ærbo"].paused and h["Else Aabye"].paused

    aase = h["Åse Ørum"]
    (dis,) = aase.discharges
    assert dis.window_open and dis.responsibility_until == datetime(
        2026, 11, 24, 11, 30, tzinfo=CPH
    )
    assert dis.phone == "70 55 66 77"
    assert dis.missing == ("fmk_checked", "changes_registered", "dd_decided")
    assert [f.severity for f in aase.flags] == [Severity.HIGH, Severity.REVIEW]
    assert aase.flags[0].supply_b is Supply.ORDINARY
    (rej,) = [r for r in aase.renewals if r.rejected]
    assert rej.product == "Panodil 500 mg" and rej.rejection_reason is not None


def test_a_roll_starting_tomorrow_and_missed_deadlines(db: Database, world: World) -> None:
    scene = build_scene(db, world)
    # Wednesday 2 December: the roll of Thursday 3 December starts tomorrow; Anna's unconfirmed
    # Zarator change missed the deadline of 1 December and moved to 17 December.
    h = _by_name(ho.handover_summary(at(db, ROLL_EVE), "Team Nord", ROLL_EVE.date()))
    anna, aase = h["Anna Hansen"], h["Åse Ørum"]
    assert [(c.change_id, c.follow_up, c.state) for c in anna.roll_changes] == [
        (scene.follow_up_id, True, ChangeState.LOCKED)
    ]
    (missed,) = anna.missed
    assert missed.change_id == scene.missed_id and missed.missed_deadlines == 1
    assert missed.effective_date == date(2026, 12, 17)
    assert missed.deadline == datetime(2026, 12, 15, 12, 0, tzinfo=CPH)
    assert anna.acute  # still in force: the roll carries it from 3 December
    assert [c.change_id for c in aase.roll_changes] == [scene.morfin_change_id]
    (new,) = aase.new_appearance
    assert (new.previous, new.current, new.from_day) == (
        'Morfin "SAD"',
        'Morfin "Alternova"',
        date(2026, 12, 3),
    )
    # Zarator packed as "zarator " is the same name: no new appearance for Anna
    assert not anna.new_appearance
    # 4 December: the follow-up is in effect, the acute change is no longer "in force"
    dec4 = datetime(2026, 12, 4, 8, 0, tzinfo=CPH)
    later = ho.handover_summary(at(db, dec4), "Team Nord", dec4.date())
    assert not _by_name(later)["Anna Hansen"].acute
    # a team name with Æ/Ø/Å is found whatever its case (SQLite's lower() is ASCII-only)
    with db.begin() as s:
        s.add(m.Team(name="Team Ådalen"))
    assert ho.handover_summary(at(db), "TEAM ÅDALEN", TODAY).team == "Team Ådalen"
    printed = repr(h) + repr(later) + repr(medlist.medicine_list(at(db, ROLL_EVE), world.anna))
    assert "Zoloft" not in printed
    assert f"change_id={scene.private_change_id}," not in printed


def test_private_lines_never_appear(sdb: Database, scene: Scene) -> None:
    everything = repr(ho.handover_summary(at(sdb), "Team Nord", TODAY))
    everything += repr([medlist.medicine_list(at(sdb), c) for c in (scene.world.anna, scene.aase)])
    assert "Zoloft" not in everything
    assert "sertralin" in everything  # the non-private sertralin line is shown...
    # ...but not its double prescription with the private line (that would name it)
    with sdb.begin() as s:
        private_lines = set(
            s.scalars(select(m.LineVersion.line_id).where(m.LineVersion.private.is_(True)))
        )
    assert scene.world.line_private in private_lines
    assert f"line_id={scene.world.line_private}," not in everything
    assert "diagnose" not in everything and "pneumoni" not in everything  # free text, indication
    assert "Blodsukker" not in everything  # the acute change's justification


def test_other_teams_and_access(sdb: Database, scene: Scene) -> None:
    syd = ho.handover_summary(at(sdb), "Team Syd", TODAY)
    assert [c.name for c in syd.citizens] == ["Øjvind Ærø"]
    assert syd.citizens[0].acute[0].kind is ChangeKind.DISCONTINUE
    nurse = at(sdb, NOW, "sygpl")  # Team Nord
    assert ho.handover_summary(nurse, "Team Nord", TODAY).citizens
    with pytest.raises(AccessDenied):
        ho.handover_summary(nurse, "Team Syd", TODAY)
    with pytest.raises(AccessDenied):
        medlist.medicine_list(nurse, scene.world.ojvind)
    with pytest.raises(NotFound):
        ho.handover_summary(at(sdb), "Team Øst", TODAY)
    assert ho.team_names(nurse) == (["Team Nord"], "Team Nord")
    assert ho.team_names(at(sdb)) == (["Team Nord", "Team Syd"], None)


def test_medicine_list_today_next_roll_and_coming_changes(sdb: Database, scene: Scene) -> None:
    ml = medlist.medicine_list(at(sdb), scene.world.anna)
    assert ml.cpr == f"{scene.world.anna[:6]}-{scene.world.anna[6:]}"  # full: her own paper
    (card,) = ml.cards
    assert card.current_period and card.current_period.first_day == date(2026, 11, 19)
    assert card.next_period and card.next_period.first_day == date(2026, 12, 3)
    today = {(ln.trade_name, ln.supply): ln for ln in card.today}
    met = today[("Glucophage", Supply.DOSE_ROLL)]
    assert met.slots == ("1", "", "1", "") and met.start == date(2026, 3, 5)
    interim = today[("Glucophage", Supply.ORDINARY)]  # the acute change, beside the roll
    assert interim.slots == ("1", "1", "1", "") and interim.start == TODAY
    assert interim.last_day == date(2026, 12, 2)
    assert today[("Panodil", Supply.AS_NEEDED)].slots == ("", "", "", "")
    nxt = {(ln.trade_name, ln.supply): ln for ln in card.next_roll}
    assert nxt[("Glucophage", Supply.DOSE_ROLL)].slots == ("1", "1", "1", "")
    assert ("Glucophage", Supply.ORDINARY) not in nxt
    assert nxt[("Zarator", Supply.DOSE_ROLL)].slots == ("", "", "2", "")
    assert not card.next_same_as_today
    # The follow-up of the acute change is the roll catching up, not a change for the citizen.
    assert [(c.change_id, c.effective_date) for c in card.coming] == [
        (scene.missed_id, date(2026, 12, 3)),
    ]
    assert [(c.change_id, c.follow_up_of_day) for c in card.roll_catch_up] == [
        (scene.follow_up_id, TODAY),
    ]
    assert scene.private_change_id not in {c.change_id for c in card.coming}


def test_medicine_list_new_appearance_and_same_next_roll(sdb: Database, scene: Scene) -> None:
    ml = medlist.medicine_list(at(sdb), scene.aase)
    (card,) = ml.cards
    morfin = next(ln for ln in card.next_roll if ln.line_id == scene.line_morfin)
    assert morfin.new_appearance and morfin.packed_trade_name == 'Morfin "Alternova"'
    bo = medlist.medicine_list(at(sdb), scene.bo).cards[0]
    assert bo.paused and bo.paused_since is not None
    carl = medlist.medicine_list(at(sdb), scene.carl).cards[0]
    assert carl.next_same_as_today and not carl.coming


def test_every_print_is_logged_once_naming_each_citizen(sdb: Database, scene: Scene) -> None:
    ctx = at(sdb, NOW, "sygpl")
    with sdb.begin() as s:
        before = s.scalar(select(func.max(m.AuditEntry.id))) or 0
    h = ho.handover_summary(ctx, "Team Nord", TODAY, ho.Shift.NIGHT)
    assert len(h.citizens) == 5
    assert ho.record_print(ctx, h, "pdf") == 1
    ml = medlist.medicine_list(ctx, scene.world.anna)
    assert ho.record_print(ctx, ml, "printer") == 1
    with sdb.begin() as s:
        rows = s.scalars(
            select(m.AuditEntry)
            .where(
                m.AuditEntry.id > before,
                m.AuditEntry.action.in_(["print.handover", "print.medlist"]),
            )
            .order_by(m.AuditEntry.id)
        ).all()
        entries = [(r.action, r.entity, r.citizen_id, r.username) for r in rows]
        night, handover_id = rows[0].after or "", rows[0].id
        named = set(
            s.scalars(
                select(m.AuditCitizen.citizen_id).where(m.AuditCitizen.entry_id == handover_id)
            )
        )
    # one entry of the team naming the five citizens on the paper, then the medicine list's
    assert entries == [
        ("print.handover", "team", None, "sygpl"),
        ("print.medlist", "citizen", scene.world.anna_id, "sygpl"),
    ]
    assert named == {c.citizen_id for c in h.citizens}
    assert '"shift": "night"' in night and '"output": "pdf"' in night and '"count": 5' in night
    # each citizen's own log shows the print (the insight a citizen may ask for)
    for c in h.citizens:
        assert handover_id in {r.id for r in audit.who_looked(ctx, c.citizen_id)}
    # an empty handover is still logged, against the team, naming no one
    empty = ho.handover_summary(at(sdb), "Team Syd", date(2027, 3, 1))
    assert ho.record_print(at(sdb), empty, "pdf") == 1
    with sdb.begin() as s:
        last = s.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id.desc()).limit(1)).one()
        assert (last.action, last.entity, last.citizen_id) == ("print.handover", "team", None)
        assert not s.scalars(
            select(m.AuditCitizen.citizen_id).where(m.AuditCitizen.entry_id == last.id)
        ).all()
    assert audit.verify_db(sdb).ok


def test_shifts() -> None:
    day = date(2026, 3, 28)  # the night into summer time
    assert ho.shift_window(day, ho.Shift.NIGHT) == (
        datetime(2026, 3, 28, 23, 0, tzinfo=CPH),
        datetime(2026, 3, 29, 7, 0, tzinfo=CPH),
    )
    assert ho.shift_of(datetime(2026, 11, 22, 6, 59, tzinfo=CPH)) == (
        date(2026, 11, 21),
        ho.Shift.NIGHT,
    )
    assert ho.shift_of(datetime(2026, 11, 22, 15, 0, tzinfo=CPH))[1] is ho.Shift.EVENING
    assert ho.next_shift(NOW) == (TODAY, ho.Shift.EVENING)
    assert ho.next_shift(datetime(2026, 11, 22, 23, 30, tzinfo=CPH)) == (
        date(2026, 11, 23),
        ho.Shift.DAY,
    )
    assert ho.parse_shift("Aften") is ho.Shift.EVENING
    with pytest.raises(InvalidInput):
        ho.parse_shift("morgen")


def test_dose_columns() -> None:
    assert medlist.dose_columns("1+0+½+0") == (("1", "", "½", ""), "")
    assert medlist.dose_columns("man,ons: 1+0+0+0 14:00=2") == (
        ("1", "", "", ""),
        "kun man., ons.; kl. 14.00: 2",
    )
    assert medlist.dose_columns("") == (("", "", "", ""), "")
    assert medlist.dose_columns("¼+0+0+0") == (("¼", "", "", ""), "")


def _sections(h: ho.Handover) -> list[tuple[Urgency, str, tuple[str, ...]]]:
    return [(r.urgency, r.citizen.name, tuple(sec for sec, _i in r.entries)) for r in h.rows]


def test_the_sheet_is_triaged_most_urgent_first_then_route(sdb: Database, scene: Scene) -> None:
    day = ho.handover_summary(at(sdb), "Team Nord", TODAY, ho.Shift.DAY)
    keys = [(int(r.urgency), r.citizen.route_order) for r in day.rows]
    assert keys == sorted(keys)  # urgency first, then the route
    rows = _sections(day)
    # Anna's discarded bags are at 18:00 and tomorrow 08:00: not the day shift's to do
    assert (Urgency.ACUTE, "Anna Hansen", ("acute",)) in rows
    assert (Urgency.HOSPITAL, "Bo Bøgh", ("admissions",)) in rows
    # Åse's window closes on Tuesday, not in this shift
    assert (Urgency.HOSPITAL, "Åse Ørum", ("discharges",)) in rows
    assert (Urgency.FOLLOW_UP, "Åse Ørum", ("flags", "flags", "renewals")) in rows
    # Anna's renewal is 18 days ahead: the short list at the end
    assert rows[-1] == (Urgency.SHORT_LIST, "Anna Hansen", ("renewals",))
    (renewal,) = day.rows[-1].citizen.renewals
    assert renewal.urgency is RenewalUrgency.DUE

    without = ho.handover_summary(at(sdb), "Team Nord", TODAY, ho.Shift.DAY, short_list=False)
    assert not without.section(Urgency.SHORT_LIST) and not without.short_list
    assert not _by_name(without)["Anna Hansen"].renewals


def test_each_shift_shows_its_own_hours(sdb: Database, scene: Scene) -> None:
    evening = ho.handover_summary(at(sdb), "Team Nord", TODAY, ho.Shift.EVENING)
    (anna,) = [r for r in evening.rows if r.citizen.name == "Anna Hansen"]
    assert anna.urgency is Urgency.HANDLINGS  # the 18:00 bag is the evening's to discard
    (acute,) = anna.citizen.acute
    assert [b.timing for b in acute.handlings[0].bags] == [BagTiming.IN_SHIFT, BagTiming.LATER]
    # office-hours work is on the day sheet only; a HIGH double prescription on every sheet
    assert not evening.office_hours
    aase = _by_name(evening)["Åse Ørum"]
    assert [f.severity for f in aase.flags] == [Severity.HIGH] and not aase.renewals
    assert not evening.section(Urgency.SHORT_LIST)

    night = ho.handover_summary(at(sdb), "Team Nord", TODAY, ho.Shift.NIGHT)
    (acute,) = _by_name(night)["Anna Hansen"].acute
    assert [b.timing for b in acute.handlings[0].bags] == [BagTiming.OVERDUE, BagTiming.LATER]

    # Tuesday's day shift: Åse's 72-hour window closes at 11:30
    tuesday = date(2026, 11, 24)
    h = ho.handover_summary(at(sdb), "Team Nord", tuesday, ho.Shift.DAY)
    assert (Urgency.WINDOW_CLOSING, "Åse Ørum") in [(u, n) for u, n, _s in _sections(h)]
    later = ho.handover_summary(at(sdb), "Team Nord", tuesday, ho.Shift.EVENING)
    assert Urgency.WINDOW_CLOSING not in {r.urgency for r in later.rows}
