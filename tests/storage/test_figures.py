"""The coordinator's figures and review lists through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import itertools
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from dosisdesk.domain.cpr import demo_cpr, mask_cpr
from dosisdesk.domain.errors import AccessDenied, InvalidInput
from dosisdesk.domain.text import name_sort_key
from dosisdesk.domain.types import (
    CPH,
    ChangeKind,
    ChangeState,
    ContactKind,
    HandlingKind,
    RejectionReason,
    RenewalState,
    Severity,
    Supply,
)
from dosisdesk.services import changes, contacts, figures, flags, queue, renewals, review
from dosisdesk.services.changes import ChangeRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.services.queue import QueueFilter
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.helpers.changes import acute_stop
from tests.storage.test_card_statements import counting
from tests.world import World

DEADLINE_DEC1 = datetime(2026, 12, 1, 12, 0, tzinfo=CPH)
DEADLINE_DEC15 = datetime(2026, 12, 15, 12, 0, tzinfo=CPH)


def at(db: Database, moment: datetime, user: str = "koord") -> Ctx:
    return open_ctx(db, user, fixed_clock(moment))


def dose_change(w: World, dose: str = "1+1+1+0") -> ChangeRequest:
    return ChangeRequest(
        cpr=w.anna, kind=ChangeKind.DOSE_CHANGE, line_id=w.line_metformin, dosage=dose
    )


def acute_discontinue(w: World) -> ChangeRequest:
    return acute_stop(w, note="Taget ud af aftenposen")


def add_citizen(
    db: Database, w: World, born: date, serial: int, *, status: str = "active", card: bool = True
) -> int:
    with db.begin() as s:
        c = m.Citizen(
            cpr=demo_cpr(born, serial),
            first_name="Yngre",
            last_name=f"Borger{serial}",
            sort_key=name_sort_key("Yngre", f"Borger{serial}"),
            team_id=w.team_nord,
            birth_date=born,
        )
        s.add(c)
        s.flush()
        if card:
            k = m.Card(citizen_id=c.id, packing_group_id=w.group)
            s.add(k)
            s.flush()
            ln = m.Line(card_id=k.id, citizen_id=c.id)
            s.add(ln)
            s.flush()
            s.add(
                m.LineVersion(
                    line_id=ln.id,
                    citizen_id=c.id,
                    valid_from=date(2026, 3, 5),
                    product_id=w.p_simva,
                    atc="C10AA01",
                    dosage="0+0+1+0",
                    supply="dose_roll",
                    status=status,
                )
            )
        return c.id


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def test_citizens_on_dose_dispensing_and_their_75plus_share(db: Database, world: World):
    add_citizen(db, world, date(1960, 1, 1), 50)  # on DD, under 75
    add_citizen(db, world, date(1930, 1, 1), 51, status="discontinued")  # all lines ended
    add_citizen(db, world, date(1931, 1, 1), 52, card=False)  # no card
    # 75 exactly today (22 November 1951) counts; one day younger does not
    add_citizen(db, world, date(1951, 11, 22), 53)
    add_citizen(db, world, date(1951, 11, 23), 54)
    fig = figures.figures(at(db, NOW))
    assert fig.teams == ("Team Nord", "Team Syd")
    assert fig.citizens[None] == figures.CitizenCount(on_dd=5, over75=3)
    assert fig.citizens["Team Nord"] == figures.CitizenCount(on_dd=4, over75=2)
    assert fig.citizens["Team Syd"] == figures.CitizenCount(on_dd=1, over75=1)
    assert fig.citizens["Team Nord"].share75 == pytest.approx(0.5)
    assert fig.population_75plus is None and fig.coverage75 is None


def test_settings_are_for_coordinators_validated_and_audited(db: Database, world: World):
    with pytest.raises(AccessDenied):
        figures.set_setting(at(db, NOW, "sygpl"), "target_citizens", 10)
    k = at(db, NOW)
    with pytest.raises(InvalidInput):
        figures.set_setting(k, "target_citizens", 0)
    with pytest.raises(InvalidInput):
        figures.set_setting(k, "no_such_setting", 3)
    figures.set_setting(k, "population_75plus", 40)
    figures.set_setting(k, "target_citizens", 3)
    figures.set_setting(k, "target_citizens", 4)
    assert figures.read_settings(k) == {"population_75plus": 40, "target_citizens": 4}
    fig = figures.figures(k)
    assert (fig.population_75plus, fig.target_citizens) == (40, 4)
    assert fig.coverage75 == pytest.approx(2 / 40)
    figures.set_setting(k, "target_citizens", None)
    assert figures.read_settings(k)["target_citizens"] is None
    with db.begin() as s:
        actions = s.scalars(
            select(m.AuditEntry.action).where(m.AuditEntry.action == "setting.set")
        ).all()
    assert len(actions) == 4


def test_windows_are_iso_week_pairs_ending_this_week():
    wins = figures.windows(NOW.date())  # Sunday 22 November 2026, week 47
    assert len(wins) == 8
    assert wins[-1] == figures.Window(date(2026, 11, 9), date(2026, 11, 22))
    assert wins[-1].weeks == (46, 47)
    assert wins[0] == figures.Window(date(2026, 8, 3), date(2026, 8, 16))
    assert all(w.first_day.weekday() == 0 and w.last_day.weekday() == 6 for w in wins)
    assert all(b.first_day - a.last_day == timedelta(days=1) for a, b in itertools.pairwise(wins))
    # on a Monday the window still ends on the coming Sunday
    assert figures.windows(date(2026, 11, 23))[-1].last_day == date(2026, 11, 29)


def test_acute_share_per_window_counts_decisions_not_follow_ups(db: Database, world: World):
    nurse = lambda t: at(db, t, "sygpl")  # noqa: E731
    early = datetime(2026, 11, 5, 9, 0, tzinfo=CPH)  # window 26 Oct - 8 Nov
    changes.register(nurse(early), dose_change(world))
    changes.register(nurse(NOW), acute_discontinue(world))  # creates a follow-up as well
    oj_line = _line_of(db, world.ojvind)
    c = changes.register(
        at(db, NOW), ChangeRequest(cpr=world.ojvind, kind=ChangeKind.DISCONTINUE, line_id=oj_line)
    )
    cancelled = changes.register(
        nurse(NOW),
        ChangeRequest(cpr=world.anna, kind=ChangeKind.DISCONTINUE, line_id=world.line_pn),
    )
    changes.cancel(nurse(NOW), cancelled.id, cancelled.version, "fejl")
    fig = figures.figures(at(db, NOW))
    assert fig.acute[None][-1] == (1, 2)  # the acute change and Øjvind's planned one
    assert fig.acute[None][-2] == (0, 1)  # 5 November
    assert fig.acute["Team Nord"][-1] == (1, 1)
    assert fig.acute["Team Syd"][-1] == (0, 1)
    assert fig.acute_share(None)[-1] == pytest.approx(0.5)
    assert fig.acute_share(None)[0] is None  # nothing registered then
    assert c.state is ChangeState.REGISTERED


def _line_of(db: Database, cpr: str) -> int:
    with db.begin() as s:
        return s.scalars(
            select(m.Line.id)
            .join(m.Citizen, m.Citizen.id == m.Line.citizen_id)
            .where(m.Citizen.cpr == cpr)
        ).one()


def test_missed_deadlines_are_counted_at_each_deadline_passed(db: Database, world: World):
    changes.register(at(db, NOW, "sygpl"), dose_change(world))
    fig = figures.figures(at(db, DEADLINE_DEC1 + timedelta(hours=1)))
    assert fig.windows[-1] == figures.Window(date(2026, 11, 23), date(2026, 12, 6))
    assert fig.missed[None][-1] == 1 and sum(fig.missed[None]) == 1
    assert fig.missed["Team Nord"][-1] == 1 and sum(fig.missed["Team Syd"]) == 0
    # still not confirmed two weeks later: a second deadline, in the next window
    fig = figures.figures(at(db, DEADLINE_DEC15 + timedelta(hours=1)))
    assert fig.missed[None][-2:] == (1, 1)


def test_open_flags_over_time_and_acknowledgement(db: Database, world: World):
    new = changes.register(
        at(db, NOW, "sygpl"),
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.NEW,
            product='Atorvastatin "Krka"',
            dosage="0+0+1+0",
            supply=Supply.ORDINARY,
        ),
    )  # beside the roll from 3 December: a high-severity double with Zarator in the roll
    changes.confirm(at(db, NOW), [(new.id, new.version)])
    k = at(db, datetime(2026, 12, 4, 9, 0, tzinfo=CPH))
    fig = figures.figures(k)
    assert fig.flag_days[-1] == date(2026, 12, 4) and len(fig.flag_days) == 9
    assert fig.flags_now(None)[Severity.HIGH] == 1
    assert fig.flags_now("Team Nord")[Severity.HIGH] == 1
    assert fig.flags_now("Team Syd")[Severity.HIGH] == 0
    assert [d[Severity.HIGH] for d in fig.flags[None][:-1]] == [0] * 8  # before 3 December
    # the figure agrees with the list the coordinator works from
    listed = flags.flags(k)
    for sev in Severity:
        assert fig.flags_now(None)[sev] == sum(1 for f in listed if f.severity is sev)
    high = next(f for f in listed if f.severity is Severity.HIGH)
    flags.acknowledge_flag(k, high.line_a, high.line_b, "Bevidst")
    assert figures.figures(k).flags_now(None)[Severity.HIGH] == 0


def test_figures_csv(db: Database, world: World, tmp_path: Path):
    k = at(db, NOW)
    figures.set_setting(k, "population_75plus", 40)
    changes.register(at(db, NOW, "sygpl"), acute_discontinue(world))
    fig = figures.figures(k)
    rows = figures.figures_csv_rows(fig)
    assert ["Kommunen", "Borgere på dosisdispensering", "2026-11-22", "2026-11-22", "2"] in rows
    assert ["Kommunen", "Andel af kommunens 75+ på DD (%)", "2026-11-22", "2026-11-22", "5,0"] in (
        rows
    )
    assert ["Team Nord", "Andel akutte (%)", "2026-11-09", "2026-11-22", "100,0"] in rows
    assert ["Team Syd", "Andel akutte (%)", "2026-11-09", "2026-11-22", ""] in rows
    path = tmp_path / "nøgletal.csv"
    n = figures.write_csv(path, figures.FIGURES_HEADER, rows)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads æøå right
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "Område;Nøgletal;Fra;Til;Værdi"
    assert len(text.splitlines()) == n + 1


def test_queue_csv_masks_cpr_leaves_out_private_lines_and_is_audited(db: Database, world: World):
    nurse = at(db, NOW, "sygpl")
    changes.register(nurse, dose_change(world))
    changes.register(
        nurse,
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=world.line_private,
            dosage="2+0+0+0",
        ),
    )
    k = at(db, NOW)
    out = io.StringIO()
    n = figures.write_csv(out, figures.QUEUE_HEADER, figures.queue_csv_rows(k, QueueFilter()))
    assert n == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Apotek;Pakkegruppe;Frist;")
    row = lines[1].split(";")
    assert row[:6] == [
        "Apotek Test",
        "Torsdag",
        "01-12-2026 12:00",
        "03-12-2026",
        "Anna Hansen",
        mask_cpr(world.anna),
    ]
    assert world.anna not in out.getvalue()
    assert "Zoloft" not in out.getvalue()
    assert row[7:13] == ["Dosisændring", "Glucophage 500 mg", "1+1+1+0", "Registreret", "nej", "0"]
    with db.begin() as s:
        assert s.scalars(
            select(m.AuditEntry.action).where(m.AuditEntry.action == "queue.export")
        ).all() == ["queue.export"]


# ---------------------------------------------------------------------------
# Review lists
# ---------------------------------------------------------------------------


def test_queue_groups_count_the_filtered_rows(db: Database, world: World):
    nurse = at(db, NOW, "sygpl")
    changes.register(nurse, dose_change(world))
    changes.register(
        nurse, ChangeRequest(cpr=world.anna, kind=ChangeKind.DISCONTINUE, line_id=world.line_pn)
    )
    changes.register(
        at(db, NOW),
        ChangeRequest(
            cpr=world.ojvind, kind=ChangeKind.DISCONTINUE, line_id=_line_of(db, world.ojvind)
        ),
    )
    k = at(db, NOW)
    groups = review.queue_groups(k, QueueFilter())
    assert [(g.pharmacy, g.packing_group, g.deadline, g.count, g.registered) for g in groups] == [
        ("Apotek Test", "Torsdag", DEADLINE_DEC1, 3, 3)
    ]
    assert [g.count for g in review.queue_groups(k, QueueFilter(team="Team Nord"))] == [2]
    assert [g.count for g in review.queue_groups(k, QueueFilter(registered_by="koord"))] == [1]
    assert review.queue_groups(k, QueueFilter(acute=True)) == []
    assert review.queue_groups(k, QueueFilter(pharmacy="Intet Apotek")) == []
    assert sum(g.count for g in groups) == queue.queue_count(k, QueueFilter())
    # after the deadline the registered ones move to the next group, counted as missed
    later = at(db, DEADLINE_DEC1 + timedelta(minutes=1))
    queue.queue(later, QueueFilter(), limit=1)  # lets time move the queue
    groups = review.queue_groups(later, QueueFilter())
    assert [(g.deadline, g.count, g.missed) for g in groups] == [(DEADLINE_DEC15, 3, 3)]
    assert review.pharmacies(k) == ["Apotek Test"]


def test_acute_changes_with_handling_and_if_waited(db: Database, world: World):
    c = changes.register(at(db, NOW, "sygpl"), acute_discontinue(world))
    changes.register(at(db, NOW, "sygpl"), dose_change(world))  # planned: not listed
    k = at(db, NOW)
    rows = review.acute_changes(k, date(2026, 11, 9), date(2026, 11, 22))
    assert [r.change_id for r in rows] == [c.id]
    r = rows[0]
    assert (r.citizen_name, r.team_name, r.registered_by) == ("Anna Hansen", "Team Nord", "sygpl")
    assert (r.reason, r.doctor, r.kind) == ("Muskelsmerter", "Dr. Berg", ChangeKind.DISCONTINUE)
    assert r.product_label == "Zarator 20 mg"
    assert r.handlings == ((HandlingKind.REMOVE_TABLETS, "Taget ud af aftenposen"),)
    assert r.if_waited_first_day == date(2026, 12, 3)
    assert r.if_waited_deadline == DEADLINE_DEC1
    assert r.days_to_next_roll == 11
    assert r.follow_up_state is ChangeState.REGISTERED and r.follow_up_id == c.follow_up_id
    assert review.acute_changes(k, date(2026, 11, 1), date(2026, 11, 21)) == []
    assert review.acute_changes(k, date(2026, 11, 22), date(2026, 11, 22), team="Team Syd") == []
    # a nurse sees her own team only
    assert len(review.acute_changes(at(db, NOW, "sygpl"), NOW.date(), NOW.date())) == 1


def test_rejected_renewal_becomes_an_open_task_until_done(db: Database, world: World):
    k = at(db, NOW)
    due = renewals.renewals(k)
    rid = renewals.request_renewal(k, due[0].line_id)
    renewals.decide_renewal(k, rid, None, RenewalState.REJECTED, RejectionReason.TOO_EARLY)
    open_ = review.tasks(k)
    assert [(t.team_name, t.citizen_name, t.kind) for t in open_] == [
        ("Team Nord", "Anna Hansen", "renewal_rejected")
    ]
    assert review.task_counts(k) == {"Team Nord": 1}
    assert review.tasks(k, team="Team Syd") == []
    review.complete_task(at(db, NOW, "sygpl"), open_[0].id)
    assert review.tasks(k) == [] and review.task_counts(k) == {}
    assert len(review.tasks(k, open_only=False)) == 1


def test_discharges_with_checklist_not_done(db: Database, world: World):
    k = at(db, NOW)
    admitted = contacts.add_contact(
        k,
        contacts.ContactRequest(
            cpr=world.anna,
            kind=ContactKind.ADMISSION,
            hospital="Demo Sygehus",
            department="Medicinsk afdeling",
            phone="70112233",
            started_at=NOW - timedelta(days=4),
        ),
    )
    assert review.pending_discharges(k) == []  # still admitted
    done = contacts.discharge(k, admitted.id, admitted.version, NOW - timedelta(hours=3))
    assert [c.id for c in review.pending_discharges(k)] == [admitted.id]
    assert review.pending_discharges(k, team="Team Syd") == []
    contacts.set_checklist(
        k,
        done.id,
        done.version,
        epicrisis_received=True,
        fmk_checked=True,
        changes_registered=True,
        dd_decided=True,
    )
    assert review.pending_discharges(k) == []


def test_flag_marks_give_the_latest_mark(db: Database, world: World):
    changes.register(
        at(db, NOW, "sygpl"),
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.NEW,
            product='Atorvastatin "Krka"',
            dosage="0+0+1+0",
            supply=Supply.ORDINARY,
        ),
    )
    k = at(db, NOW)
    f = next(f for f in flags.flags(k) if f.severity is Severity.HIGH)
    assert review.flag_marks(k, [(f.line_a, f.line_b)]) == {}
    flags.acknowledge_flag(k, f.line_a, f.line_b, "Spurgt lægen", kind="sent_to_doctor")
    mark = review.flag_marks(k, [(f.line_b, f.line_a)])[(f.line_a, f.line_b)]
    assert (mark.kind, mark.by, mark.reason) == ("sent_to_doctor", "koord", "Spurgt lægen")
    assert [x.line_a for x in flags.flags(k)].count(f.line_a) >= 1  # still open


def test_flag_series_matches_the_rule_run_on_every_citizen(sqlite_db: Database):
    """The set-based shortcut (candidates, prefilter) finds exactly what the R5 rule finds when
    it is run on every citizen's spans, on every day of the series (demo data)."""
    from dosisdesk.demo.build import build_demo
    from dosisdesk.domain.doubles import Acknowledgement, detect_double_prescriptions, open_flags
    from dosisdesk.storage import repo

    build_demo(sqlite_db, citizens=300, seed=3, now=NOW)
    k = open_ctx(sqlite_db, "koord1", fixed_clock(NOW))
    f = flags.flags(k)[0]
    flags.acknowledge_flag(k, f.line_a, f.line_b, "Bevidst")  # one acknowledged today
    fig = figures.figures(k)
    with sqlite_db.begin() as s:
        ids = list(s.scalars(select(m.Citizen.id)))
        first = fig.flag_days[0]
        spans = []
        for i in range(0, len(ids), 500):
            spans.extend(repo.spans_for_citizens(s, ids[i : i + 500], first))
        acks = [
            (
                a.created_at.date(),
                Acknowledgement(a.line_a, a.line_b, a.version_a, a.version_b, a.reason, a.until),
            )
            for a in s.scalars(select(m.FlagAck).where(m.FlagAck.kind == "intentional"))
        ]
    for day, counts in zip(fig.flag_days, fig.flags[None], strict=True):
        active = [
            sp
            for sp in spans
            if sp.valid_from <= day and (sp.valid_to is None or day < sp.valid_to)
        ]
        found = open_flags(
            detect_double_prescriptions(active, from_day=day),
            [a for made, a in acks if made <= day],
            day,
        )
        assert {sev: sum(1 for x in found if x.severity is sev) for sev in Severity} == counts
    assert sum(fig.flags_now(None).values()) > 0


#: Every figure of the demo world (300 citizens, seed 3, at NOW, one flag acknowledged), per
#: scope: citizens on DD and 75+ of them, per window (acute, all changes) and missed deadlines,
#: per flag day open flags (high, review, info). Taken from the figures as they were before they
#: were computed in one pass (the same on SQLite and PostgreSQL): not one digit may move.
PINNED_DEMO_FIGURES = {
    None: {
        "citizens": (300, 249),
        "acute": ((5, 24), (1, 32), (4, 28), (3, 24), (3, 34), (2, 30), (0, 9), (8, 74)),
        "missed": (2, 0, 3, 2, 1, 1, 0, 11),
        "flags": (
            (3, 5, 1),
            (3, 6, 1),
            (3, 6, 1),
            (3, 6, 1),
            (4, 6, 2),
            (4, 7, 2),
            (5, 7, 2),
            (5, 7, 2),
            (3, 6, 2),
        ),
    },
    "Team Nord": {
        "citizens": (105, 87),
        "acute": ((2, 9), (0, 9), (2, 10), (2, 11), (0, 8), (1, 14), (0, 5), (3, 27)),
        "missed": (2, 0, 0, 1, 0, 1, 0, 5),
        "flags": ((2, 1, 0),) + ((2, 2, 0),) * 7 + ((2, 1, 0),),
    },
    "Team Syd": {
        "citizens": (101, 79),
        "acute": ((1, 5), (1, 17), (2, 9), (1, 9), (0, 12), (1, 11), (0, 3), (3, 24)),
        "missed": (0, 0, 2, 0, 1, 0, 0, 3),
        "flags": (
            (1, 3, 0),
            (1, 3, 0),
            (1, 3, 0),
            (1, 3, 0),
            (2, 3, 0),
            (2, 4, 0),
            (3, 4, 0),
            (3, 4, 0),
            (1, 4, 0),
        ),
    },
    "Team Øst": {
        "citizens": (94, 83),
        "acute": ((2, 10), (0, 6), (0, 9), (0, 4), (3, 14), (0, 5), (0, 1), (2, 23)),
        "missed": (0, 0, 1, 1, 0, 0, 0, 3),
        "flags": ((0, 1, 1),) * 4 + ((0, 1, 2),) * 5,
    },
}


#: Statements the figures may issue, whatever the size (teams, settings, municipality, the three
#: counts, the flag series' versions and acknowledgements): the series read its spans, teams and
#: acknowledgements in chunks of citizens before (25 at 85,000 citizens).
FIGURES_BUDGET = 8


def test_every_figure_of_a_demo_world_is_pinned(db: Database):
    """What a coordinator reads on the figures tab, every number of every team, on a demo world
    with history (flags that begin and end within the series, one acknowledged today)."""
    from dosisdesk.demo.build import build_demo

    build_demo(db, citizens=300, seed=3, now=NOW)
    k = open_ctx(db, "koord1", fixed_clock(NOW))
    f = flags.flags(k)[0]
    flags.acknowledge_flag(k, f.line_a, f.line_b, "Bevidst")
    with counting(db) as seen:
        fig = figures.figures(k)
    statements = [st for st in seen["statements"] if not st.startswith(("PRAGMA", "BEGIN"))]
    assert len(statements) <= FIGURES_BUDGET, statements
    assert fig.teams == ("Team Nord", "Team Syd", "Team Øst")
    got = {
        scope: {
            "citizens": (fig.citizens[scope].on_dd, fig.citizens[scope].over75),
            "acute": fig.acute[scope],
            "missed": fig.missed[scope],
            "flags": tuple(
                (d[Severity.HIGH], d[Severity.REVIEW], d[Severity.INFO]) for d in fig.flags[scope]
            ),
        }
        for scope in fig.scopes
    }
    assert got == PINNED_DEMO_FIGURES
