"""Demo data: deterministic, fictitious, and showing every kind of thing the app has screens for."""

from __future__ import annotations

import hashlib
import os
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import astuple
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from dosisdesk.demo.build import DemoCancelled, DemoSummary, build_demo
from dosisdesk.domain.cpr import has_modulus11, normalize_cpr
from dosisdesk.domain.errors import RuleViolation
from dosisdesk.domain.queue import ChangeHistory, change_from_history
from dosisdesk.domain.responsibility import HospitalStay, responsibility_until
from dosisdesk.domain.types import (
    CPH,
    ChangeState,
    ContactKind,
    RejectionReason,
    RenewalState,
    Severity,
)
from dosisdesk.services import cards, change_state, contacts, flags, queue, renewals, search
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage import repo
from dosisdesk.storage.db import Database

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=CPH)
TODAY = NOW.date()
N = 300


def _open(path: Path) -> Database:
    return Database.create("sqlite:///" + str(path), training=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    db = _open(tmp_path_factory.mktemp("demo") / "t.sqlite")
    summary = build_demo(db, citizens=N, seed=7, now=NOW)
    yield db, summary
    db.dispose()


@pytest.fixture(scope="module")
def db(built: tuple[Database, DemoSummary]) -> Database:
    return built[0]


@pytest.fixture(scope="module")
def summary(built: tuple[Database, DemoSummary]) -> DemoSummary:
    return built[1]


@pytest.fixture(scope="module")
def ctx(db: Database) -> Ctx:
    return open_ctx(db, "admin", fixed_clock(NOW))


def _digest(db: Database) -> str:
    """A fingerprint of the data (ids included)."""
    h = hashlib.sha256()
    with db.engine.connect() as conn:
        for table, cols in (
            ("citizens", "id, cpr, first_name, last_name, address, team_id, birth_date"),
            (
                "line_versions",
                "id, line_id, valid_from, valid_to, product_id, dosage, supply, "
                "status, prescription_valid_until, change_id",
            ),
            ("changes", "id, citizen_id, kind, state, registered_at, target_period_id, acute"),
            ("hospital_contacts", "id, citizen_id, kind, started_at, ended_at"),
            ("packed_products", "line_id, period_id, trade_name"),
            # the audit log's moments (and so its hashes) are the database's clock: not seeded
            ("audit_log", "id, seq, action, entity, citizen_id"),
        ):
            for row in conn.execute(text(f"SELECT {cols} FROM {table} ORDER BY 1")):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def _people(db: Database) -> list[tuple[str, str, str]]:
    with db.begin() as s:
        return [
            tuple(r)
            for r in s.execute(  # type: ignore[misc]
                select(m.Citizen.cpr, m.Citizen.first_name, m.Citizen.last_name).order_by(
                    m.Citizen.id
                )
            )
        ]


# ---------------------------------------------------------------------------
# Determinism, refusal, cancellation
# ---------------------------------------------------------------------------


def test_same_seed_same_data_other_seed_other_data(db: Database, tmp_path: Path) -> None:
    again = _open(tmp_path / "again.sqlite")
    other = _open(tmp_path / "other.sqlite")
    try:
        build_demo(again, citizens=N, seed=7, now=NOW)
        build_demo(other, citizens=N, seed=8, now=NOW)
        assert _people(again) == _people(db)
        assert _digest(again) == _digest(db)
        theirs = _people(other)
        assert len(theirs) == N
        assert {c for c, _, _ in theirs} != {c for c, _, _ in _people(db)}
        assert [(f, n) for _, f, n in theirs] != [(f, n) for _, f, n in _people(db)]
    finally:
        again.dispose()
        other.dispose()


def test_building_twice_refuses(db: Database) -> None:
    with pytest.raises(RuleViolation) as err:
        build_demo(db, citizens=10, seed=1, now=NOW)
    assert "tom database" in err.value.message


def test_cancel_leaves_the_database_unchanged(tmp_path: Path) -> None:
    target = _open(tmp_path / "cancel.sqlite")
    try:
        calls: list[tuple[int, int]] = []
        with pytest.raises(DemoCancelled) as err:
            build_demo(
                target,
                citizens=3000,
                seed=1,
                now=NOW,
                progress=lambda done, total: calls.append((done, total)),
                should_cancel=lambda: len(calls) >= 2,
            )
        assert "afbrudt" in err.value.message
        assert calls[:2] == [(1, 5), (2, 5)]
        with target.begin() as s:
            for model in (
                m.Citizen,
                m.Team,
                m.Product,
                m.Period,
                m.AuditEntry,
                m.Pharmacy,
                m.LineVersion,
            ):
                assert s.scalar(select(func.count()).select_from(model)) == 0, model
            # only what the schema itself holds (the audit chain's name)
            assert set(s.scalars(select(m.Meta.key))) <= {"audit_chain_id"}
        # ... and it can be built afterwards.
        done: list[tuple[int, int]] = []
        result = build_demo(
            target, citizens=20, seed=1, now=NOW, progress=lambda d, t: done.append((d, t))
        )
        assert result.citizens == 20
        assert done[-1] == (4, 4) and [d for d, _ in done] == [1, 2, 3, 4]
    finally:
        target.dispose()


# ---------------------------------------------------------------------------
# Fictitious and marked as demo
# ---------------------------------------------------------------------------


def test_demo_marker_and_meta(db: Database) -> None:
    with db.begin() as s:
        meta = {r.key: r.value for r in s.scalars(select(m.Meta))}
    assert meta["demo"] == "true"
    assert meta["municipality"] == "Demo Kommune"
    assert N * 3 < int(meta["population_75plus"]) < N * 15


def test_cprs_are_valid_unique_and_never_modulus_11(db: Database) -> None:
    people = _people(db)
    cprs = [c for c, _, _ in people]
    assert len(cprs) == len(set(cprs)) == N
    for cpr in cprs:
        assert normalize_cpr(cpr, today=TODAY) == cpr
        assert not has_modulus11(cpr)


def test_ages_names_and_sizes(db: Database, summary: DemoSummary) -> None:
    with db.begin() as s:
        births = list(s.scalars(select(m.Citizen.birth_date)))
        names = {n for (n,) in s.execute(select(m.Citizen.last_name))}
        roll = Counter(
            s.scalars(
                select(m.LineVersion.citizen_id).where(
                    m.LineVersion.supply == "dose_roll",
                    m.LineVersion.valid_from <= TODAY,
                    (m.LineVersion.valid_to.is_(None)) | (m.LineVersion.valid_to > TODAY),
                )
            )
        )
        teams = s.scalar(select(func.count()).select_from(m.Team))
        users = Counter(s.scalars(select(m.User.role)))
    ages = [(TODAY - b).days / 365.25 for b in births]
    assert 0.72 < sum(a >= 75 for a in ages) / len(ages) < 0.9
    assert min(ages) >= 40 and max(ages) < 106
    assert names & {"Ærø", "Østergaard", "Aagaard", "Åberg"}
    assert 6 <= statistics.median(roll.values()) <= 8
    assert min(roll.values()) >= 3
    assert summary.citizens == N
    assert 8 * N < summary.lines < 12 * N
    assert teams is not None and 3 <= teams <= 8
    assert users["nurse"] == 2 * teams and users["coordinator"] == 2 * teams


def test_periods_with_a_christmas_stretch(db: Database) -> None:
    with db.begin() as s:
        stretched = s.scalars(select(m.Period).where(m.Period.note == "Forlænget over jul")).all()
        groups = s.scalar(select(func.count()).select_from(m.PackingGroup))
        weekdays = {g.start_weekday for g in s.scalars(select(m.PackingGroup))}
        clocks = {g.deadline_time for g in s.scalars(select(m.PackingGroup))}
    assert len(stretched) == 1
    p = stretched[0]
    assert p.first_day <= date(2026, 12, 24) <= p.last_day
    assert (p.last_day - p.first_day).days + 1 == 21
    assert groups is not None and groups >= 3
    assert len(weekdays) == 3 and clocks == {"10:00", "12:00"}


# ---------------------------------------------------------------------------
# What the screens show
# ---------------------------------------------------------------------------


def test_flags_of_each_severity(ctx: Ctx, summary: DemoSummary) -> None:
    open_ = flags.flags(ctx)
    assert {f.severity for f in open_} == {Severity.HIGH, Severity.REVIEW, Severity.INFO}
    every = flags.flags(ctx, include_acknowledged=True)
    assert len(every) == summary.flags_expected
    assert any(f.acknowledged for f in every)
    assert 0.02 * N <= len({f.citizen_id for f in every}) <= 0.06 * N


def test_queue_has_registered_confirmed_locked_and_missed(ctx: Ctx) -> None:
    rows = queue.queue(ctx, queue.QueueFilter(), limit=5000)
    states = Counter(r.state for r in rows)
    assert states[ChangeState.REGISTERED] and states[ChangeState.CONFIRMED]
    assert states[ChangeState.LOCKED]
    missed = [r for r in rows if r.missed_deadlines]
    # waiting for confirmation in the next roll (a few were confirmed there since)
    assert any(r.state is ChangeState.REGISTERED for r in missed)
    assert all(r.deadline > NOW for r in rows if r.state is not ChangeState.LOCKED)
    citizens_with_change = len({r.citizen_id for r in rows})
    assert 0.18 * N <= citizens_with_change <= 0.32 * N


def test_every_change_stands_where_the_domain_says(db: Database) -> None:
    """The demo decides only what people did; where each change stands at the demo's moment is
    the domain's rule. Through the services nothing is stale (the queue clock has nothing to
    move), and each planned change is where ``change_from_history`` puts it given its recorded
    registration, confirmation and cancellation, with one move of time per missed deadline."""
    with db.begin() as s:
        rows = list(s.scalars(select(m.Change).order_by(m.Change.id)))
        assert change_state.due(s, NOW) == []
        seen = change_state.project(s, rows, NOW)
        periods = {p.id: repo.to_period_dto(p) for p in s.scalars(select(m.Period))}
        moves: dict[int, list[m.ChangeTransition]] = defaultdict(list)
        for t in s.scalars(select(m.ChangeTransition).order_by(m.ChangeTransition.id)):
            moves[t.change_id].append(t)
        system = s.scalar(select(m.User.id).where(m.User.username == "system"))
    calendars: dict[int, list[object]] = defaultdict(list)
    for p in periods.values():
        calendars[p.packing_group_id].append(p)
    states: Counter[ChangeState] = Counter()
    for c in rows:
        here = seen[c.id]
        target = periods.get(c.target_period_id) if c.target_period_id else None
        assert here == change_state.stored(c, target), c.id  # nothing for the clock to do
        if c.acute:
            continue
        assert c.original_period_id is not None
        first = periods[c.original_period_id]
        ts = moves[c.id]
        assert ts[0].from_state is None and ts[0].to_state == "registered"
        confirmed = next((t.at for t in ts if t.to_state == "confirmed"), None)
        cancelled = next((t.at for t in ts if t.to_state == "cancelled"), None)
        pure = change_from_history(
            ChangeHistory(c.registered_at, first, confirmed, cancelled),
            calendars[first.packing_group_id],  # type: ignore[arg-type]
            NOW,
        )
        assert pure.target is not None and here.target is not None
        assert (pure.state, pure.target.id, pure.effective_date, pure.missed_deadlines) == (
            here.state,
            here.target.id,
            here.effective_date,
            here.missed_deadlines,
        ), c.id
        missed = [t for t in ts if t.by_user_id == system and t.to_state == "registered"]
        assert len(missed) == c.missed_deadlines, c.id
        states[here.state] += 1
    assert set(states) == set(ChangeState), states  # the demo shows every state


def test_acute_changes_through_the_service(db: Database, ctx: Ctx) -> None:
    start_of_day = datetime.combine(TODAY, datetime.min.time(), tzinfo=CPH)
    with db.begin() as s:
        acute = s.scalars(select(m.Change).where(m.Change.acute.is_(True))).all()
        follow_ups = s.scalars(select(m.Change).where(m.Change.follow_up_of_id.is_not(None))).all()
        handlings = Counter(s.scalars(select(m.AcuteHandling.kind)))
        total = s.scalar(select(func.count()).select_from(m.Change))
    today = [c for c in acute if c.registered_at >= start_of_day]
    assert today and all(c.registered_at <= NOW for c in acute)
    assert all(c.reason and c.doctor and c.state == "in_effect" for c in acute)
    assert {f.follow_up_of_id for f in follow_ups} <= {c.id for c in acute}
    assert handlings["remove_tablets"] and handlings["ask_pharmacy"]
    assert total is not None and 0.07 <= len(acute) / total <= 0.2
    rows = search.search_citizens(ctx, limit=1000)
    assert any(r.acute_today for r in rows)


def test_the_acute_tab_lists_each_acute_change_as_recorded(db: Database, ctx: Ctx) -> None:
    """The desk's "Acute changes" list (every team, and one team; the tab's 14 days and a
    span that reaches the list's limit) reads every field as the changes, citizens, products,
    users, follow-ups and handlings stored say, newest first, and logs the citizens shown."""
    from dosisdesk.domain.calendar import cph_datetime
    from dosisdesk.services import review

    def expected(first: date, last: date, team: str | None, limit: int) -> list[tuple]:
        start = cph_datetime(first, datetime.min.time())
        end = cph_datetime(last + timedelta(days=1), datetime.min.time())
        with db.begin() as s:
            acute = s.scalars(
                select(m.Change)
                .where(
                    m.Change.acute.is_(True),
                    m.Change.registered_at >= start,
                    m.Change.registered_at < end,
                )
                .order_by(m.Change.registered_at.desc(), m.Change.id.desc())
            ).all()
            out = []
            for c in acute:
                z = s.get(m.Citizen, c.citizen_id)
                assert z is not None
                tname = s.get(m.Team, z.team_id).name if z.team_id else ""  # type: ignore[union-attr]
                if team is not None and tname != team:
                    continue
                p = s.get(m.Product, c.product_id) if c.product_id else None
                u = s.get(m.User, c.registered_by)
                assert u is not None
                hs = s.scalars(
                    select(m.AcuteHandling)
                    .where(m.AcuteHandling.change_id == c.id)
                    .order_by(m.AcuteHandling.id)
                ).all()
                fus = s.scalars(
                    select(m.Change).where(
                        m.Change.follow_up_of_id == c.id, m.Change.state != "cancelled"
                    )
                ).all() or [None]
                for fu in fus:
                    out.append(
                        (
                            c.id,
                            z.id,
                            f"{z.first_name} {z.last_name}",
                            z.cpr,
                            tname,
                            c.registered_at,
                            u.username,
                            c.kind,
                            f"{p.trade_name} {p.strength}".strip() if p else "",
                            c.dosage,
                            c.reason,
                            c.doctor,
                            tuple((h.kind, h.note) for h in hs),
                            c.if_waited_first_day,
                            c.if_waited_deadline,
                            fu.id if fu else None,
                            fu.state if fu else None,
                            u.full_name,
                            None
                            if c.if_waited_first_day is None
                            else (
                                c.if_waited_first_day - c.registered_at.astimezone(CPH).date()
                            ).days,
                        )
                    )
            return out[:limit]

    def shown(rows: list[review.AcuteReview]) -> list[tuple]:
        return [(*astuple(r), r.days_to_next_roll) for r in rows]

    tab = (TODAY - timedelta(days=13), TODAY)  # the tab's default span
    with db.begin() as s:
        team = s.scalars(select(m.Team.name).order_by(m.Team.id)).first()
    checked = 0
    for (first, last), who, limit in (
        (tab, None, 5000),
        (tab, team, 5000),
        ((TODAY - timedelta(days=400), TODAY), None, 40),
    ):
        rows = review.acute_changes(ctx, first, last, team=who, limit=limit)
        want = expected(first, last, who, limit)
        assert shown(rows) == want
        assert all(r.handlings for r in rows)  # the demo handles every acute change
        with db.begin() as s:
            entry = s.scalars(select(m.AuditEntry).order_by(m.AuditEntry.seq.desc())).first()
            named = sorted(
                s.scalars(
                    select(m.AuditCitizen.citizen_id).where(m.AuditCitizen.entry_id == entry.id)  # type: ignore[union-attr]
                )
            )
        assert entry is not None and entry.action == "acute.read"
        assert named == sorted({r.citizen_id for r in rows})
        checked += len(rows)
    assert checked > 40


def test_hospital_contacts(db: Database, ctx: Ctx) -> None:
    windows = contacts.list_contacts(ctx, open_only=True)
    assert windows and all(c.window_open and c.somatic for c in windows)
    admitted = contacts.list_contacts(ctx, admitted_now=True)
    assert 0.02 * N <= len(admitted) <= 0.06 * N
    with db.begin() as s:
        kinds = Counter(s.scalars(select(m.HospitalContact.kind)))
        psych = s.scalar(
            select(func.count())
            .select_from(m.HospitalContact)
            .where(m.HospitalContact.somatic.is_(False))
        )
        paused = set(s.scalars(select(m.Card.citizen_id).where(m.Card.paused.is_(True))))
        open_pauses = s.scalar(
            select(func.count()).select_from(m.Pause).where(m.Pause.resumed_at.is_(None))
        )
        rows = s.scalars(
            select(m.HospitalContact).where(m.HospitalContact.ended_at.is_not(None))
        ).all()
    assert kinds[ContactKind.ADMISSION.value] and kinds[ContactKind.OUTPATIENT.value]
    assert kinds[ContactKind.ACUTE_OUTPATIENT.value]
    assert psych
    assert {c.citizen_id for c in admitted} <= paused
    assert open_pauses is not None and open_pauses >= len(admitted)
    for c in rows:
        stay = HospitalStay(
            ContactKind(c.kind),
            c.started_at,
            c.ended_at,
            c.somatic,
            c.municipal_nursing,
            c.extended_until,
        )
        assert c.responsibility_until == responsibility_until(stay)
    assert any(not w.checklist_done for w in windows) or len(windows) == 1


def test_renewals(db: Database, ctx: Ctx) -> None:
    due = renewals.renewals(ctx, due=True)
    assert due and all(r.valid_until is not None for r in due)
    assert all(r.valid_until <= TODAY + timedelta(days=28) for r in due if r.valid_until)
    rejected = renewals.renewals(ctx, due=False, state=RenewalState.REJECTED)
    assert {r.rejection_reason for r in rejected} == set(RejectionReason)
    sent = renewals.renewals(ctx, due=False, state=RenewalState.SENT)
    assert sent
    with db.begin() as s:
        tasks = s.scalars(select(m.Task)).all()
    assert len(tasks) == len(rejected)
    assert all(t.kind == "renewal_rejected" and t.renewal_id for t in tasks)


def test_supply_failure_and_its_lines(db: Database) -> None:
    with db.begin() as s:
        failures = s.scalars(select(m.SupplyFailure)).all()
        temp = s.scalars(select(m.Line).where(m.Line.supply_failure_id.is_not(None))).all()
        product = s.get(m.Product, failures[0].product_id) if failures else None
    assert len(failures) == 1 and product is not None
    f = failures[0]
    assert f.from_day == TODAY - timedelta(days=7) and f.to_day == TODAY + timedelta(days=21)
    assert temp and all(t.supply_failure_id == f.id for t in temp)


def test_card_view_for_some_citizens(db: Database, ctx: Ctx) -> None:
    with db.begin() as s:
        sample = list(s.scalars(select(m.Citizen.cpr).order_by(m.Citizen.id).limit(8)))
        paused = s.scalar(
            select(m.Citizen.cpr)
            .join(m.Card, m.Card.citizen_id == m.Citizen.id)
            .where(m.Card.paused.is_(True))
            .limit(1)
        )
        changed = s.scalar(
            select(m.Citizen.cpr)
            .join(m.Change, m.Change.citizen_id == m.Citizen.id)
            .where(m.Change.state == "registered")
            .limit(1)
        )
        history = s.scalar(
            select(func.count())
            .select_from(m.LineVersion)
            .where(m.LineVersion.valid_to.is_not(None), m.LineVersion.valid_to <= TODAY)
        )
        new_look = s.scalar(
            text(
                "SELECT count(*) FROM packed_products a JOIN packed_products b "
                "ON a.line_id = b.line_id AND a.period_id < b.period_id "
                "WHERE a.trade_name <> b.trade_name"
            )
        )
    assert paused and changed and history and new_look
    views = [cards.card_view(ctx, cpr) for cpr in [*sample, paused, changed]]
    for v in views:
        assert v.lines_today and v.columns
        assert any(col.is_current for col in v.columns)
    assert views[-2].paused
    assert views[-1].open_changes
    assert (
        any(ln.new_appearance for v in views for col in v.columns for ln in col.lines) or new_look
    )
    with db.begin() as s:
        private = s.scalar(
            select(func.count()).select_from(m.LineVersion).where(m.LineVersion.private.is_(True))
        )
    assert private


def test_one_audit_entry_for_the_build(db: Database) -> None:
    with db.begin() as s:
        builds = s.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "demo.build")).all()
        registered = s.scalar(
            select(func.count())
            .select_from(m.AuditEntry)
            .where(m.AuditEntry.action == "change.register")
        )
        acute = s.scalar(
            select(func.count())
            .select_from(m.Change)
            .where(m.Change.acute.is_(True), m.Change.registered_at >= NOW - timedelta(days=7))
        )
    assert len(builds) == 1 and builds[0].username == "system"
    assert registered == acute


@pytest.mark.postgres
@pytest.mark.skipif(
    not os.environ.get("DOSISDESK_TEST_DATABASE_URL"),
    reason="set DOSISDESK_TEST_DATABASE_URL to run on PostgreSQL",
)
def test_builds_on_postgresql(pg_schema_url: str) -> None:
    """Explicit ids do not move PostgreSQL's sequences: the services must still get fresh ids."""
    pg = Database.create(pg_schema_url, training=True)
    try:
        result = build_demo(pg, citizens=150, seed=7, now=NOW)
        pg_ctx = open_ctx(pg, "admin", fixed_clock(NOW))
        assert len(flags.flags(pg_ctx, include_acknowledged=True)) == result.flags_expected
        with pg.begin() as s:
            acute = s.scalar(
                select(func.count()).select_from(m.Change).where(m.Change.acute.is_(True))
            )
        assert acute
        # The build gathered the planner's statistics of what it wrote (bulk.analyze): the
        # tables' sizes and the columns' values, in this schema.
        with pg.begin() as s:
            sizes = dict(
                s.execute(
                    text(
                        "SELECT c.relname, c.reltuples FROM pg_class c "
                        "WHERE c.relnamespace = current_schema()::regnamespace "
                        "AND c.relname IN ('citizens', 'line_versions', 'flag_candidates')"
                    )
                ).all()
            )
            columns = set(
                s.scalars(
                    text(
                        "SELECT attname FROM pg_stats "
                        "WHERE schemaname = current_schema() AND tablename = 'citizens'"
                    )
                )
            )
        # Never analysed: -1 (PostgreSQL 14 on), whatever the table holds.
        assert sizes.keys() == {"citizens", "line_versions", "flag_candidates"}
        assert sizes["citizens"] == 150 and sizes["line_versions"] > 150
        assert sizes["flag_candidates"] >= 0
        assert {"sort_key", "cpr", "team_id"} <= columns
    finally:
        pg.dispose()
