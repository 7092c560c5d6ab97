"""One truth about a change at any moment (R2), through the services on a real database.

At every sampled moment (the deadline second, one second before and after, and random ones)
every view reports the same state for every change, before the queue clock has run and after;
the clock stores exactly what the domain's ``change_at`` says; and a change computed from its
history alone agrees.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from dosisdesk.domain.queue import ChangeHistory, change_from_history
from dosisdesk.domain.types import ChangeKind, ChangeState, PeriodDTO
from dosisdesk.services import cards, changes, queue, queue_clock
from dosisdesk.services.changes import ChangeRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage import repo
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.world import World, build_world

SECOND = timedelta(seconds=1)
ALL_STATES = (
    ChangeState.REGISTERED,
    ChangeState.CONFIRMED,
    ChangeState.LOCKED,
    ChangeState.IN_EFFECT,
)


def at(db: Database, moment: datetime, user: str = "koord") -> Ctx:
    return open_ctx(db, user, fixed_clock(moment))


def requests(w: World) -> list[ChangeRequest]:
    return [
        ChangeRequest(
            cpr=w.anna, kind=ChangeKind.DOSE_CHANGE, line_id=w.line_metformin, dosage="1+1+1+0"
        ),
        ChangeRequest(cpr=w.anna, kind=ChangeKind.DISCONTINUE, line_id=w.line_atorva),
        ChangeRequest(cpr=w.anna, kind=ChangeKind.NEW, product="Zocor", dosage="0+0+1+0"),
    ]


@dataclass(frozen=True)
class Seen:
    state: ChangeState
    first_day: date
    missed: int


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, World]]:
    """One migrated database with the small world, copied for each example."""
    path = tmp_path_factory.mktemp("truth") / "template.sqlite"
    db = Database.create(f"sqlite:///{path}", training=True)
    w = build_world(db)
    with db.begin() as s:
        repo.ensure_all_periods(s, NOW.date())
    db.dispose()  # the last connection closed checkpoints the WAL into the file
    yield path, w


def fresh(template: tuple[Path, World], tmp: Path) -> Database:
    src, _ = template
    dst = tmp / f"db-{len(list(tmp.iterdir()))}.sqlite"
    shutil.copy(src, dst)
    return Database.open(f"sqlite:///{dst}")


def views(db: Database, w: World, moment: datetime, ids: list[int]) -> dict[int, Seen]:
    """Every view's report of every change at ``moment``; fails if two views disagree."""
    ctx = at(db, moment)
    shown = {i: changes.get(ctx, i) for i in ids}
    out = {}
    for i, c in shown.items():
        assert c.target_period is not None
        out[i] = Seen(c.state, c.effective_date, c.missed_deadlines)
        assert c.effective_date == c.target_period.first_day
    listed = {
        r.change_id: Seen(r.state, r.period_first_day, r.missed_deadlines)
        for r in queue.queue(ctx, queue.QueueFilter(states=ALL_STATES))
    }
    for i, seen in out.items():
        if seen.state is not ChangeState.CANCELLED:
            assert listed[i] == seen, (i, moment)
    missed = {r.change_id for r in queue.queue(ctx, queue.QueueFilter(missed_only=True))}
    assert missed == {i for i, v in out.items() if v.missed and v.state in ALL_STATES[:3]}
    card = cards.card_view(ctx, w.anna, log=False)
    on_card = {c.id: Seen(c.state, c.effective_date, c.missed_deadlines) for c in card.open_changes}
    assert on_card == {i: v for i, v in out.items() if v.state in ALL_STATES[:3]}
    return out


def stored(db: Database, ids: list[int]) -> dict[int, Seen]:
    with db.begin() as s:
        out = {}
        for c, p in s.execute(
            select(m.Change, m.Period)
            .join(m.Period, m.Period.id == m.Change.target_period_id)
            .where(m.Change.id.in_(ids))
        ):
            assert c.effective_date == p.first_day
            out[c.id] = Seen(ChangeState(c.state), p.first_day, c.missed_deadlines)
        return out


def calendar(db: Database) -> list[PeriodDTO]:
    with db.begin() as s:
        return [repo.to_period_dto(p) for p in s.scalars(select(m.Period))]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[tuple[int, int, int | None, bool]], list[int]]:
    """Changes (which request, registered minute, confirmed minute or None, cancelled) and the
    sampled moments (seconds from NOW), both within six weeks."""
    which = draw(st.lists(st.integers(0, 2), min_size=1, max_size=3, unique=True))
    plan = []
    for i in which:
        reg = draw(st.integers(0, 60 * 24 * 30))
        conf = draw(st.one_of(st.none(), st.integers(reg, reg + 60 * 24 * 20)))
        plan.append((i, reg, conf, draw(st.booleans()) and draw(st.booleans())))
    samples = draw(st.lists(st.integers(0, 42 * 86400), min_size=1, max_size=3))
    return plan, samples


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(scenario=scenarios(), near=st.lists(st.integers(0, 4), max_size=2))
def test_every_view_reports_what_the_clock_stores_at_every_moment(
    template: tuple[Path, World], tmp_path: Path, scenario, near
) -> None:
    db = fresh(template, tmp_path)
    _, w = template
    try:
        plan, samples = scenario
        cal = calendar(db)
        deadlines = sorted(p.deadline for p in cal if p.deadline > NOW)[:5]
        moments = [NOW + timedelta(seconds=x) for x in samples]
        for k in near:  # the deadline second, one before and one after
            moments += [deadlines[k] - SECOND, deadlines[k], deadlines[k] + SECOND]
        events: list[tuple[datetime, int, str, int]] = []
        for n, (_i, reg, conf, cancel) in enumerate(plan):
            events.append((NOW + timedelta(minutes=reg), 0, "register", n))
            if conf is not None:
                events.append((NOW + timedelta(minutes=conf), 1, "confirm", n))
            if cancel:
                events.append((NOW + timedelta(minutes=(conf or reg) + 7), 2, "cancel", n))
        events += [(t, 3, "look", -1) for t in moments]
        ids: dict[int, int] = {}
        history: dict[int, ChangeHistory[PeriodDTO]] = {}
        for moment, _, what, n in sorted(events):
            if what == "register":
                c = changes.register(at(db, moment, "sygpl"), requests(w)[plan[n][0]])
                assert c.target_period is not None
                ids[n] = c.id
                history[c.id] = ChangeHistory(moment, c.target_period)
            elif what == "confirm" and n in ids:
                now = changes.get(at(db, moment), ids[n])
                if now.state is ChangeState.REGISTERED:
                    changes.confirm(at(db, moment), [(ids[n], None)])
                    h = history[ids[n]]
                    history[ids[n]] = ChangeHistory(h.registered_at, h.first_target, moment)
            elif what == "cancel" and n in ids:
                now = changes.get(at(db, moment), ids[n])
                if now.state in ALL_STATES[:3]:
                    changes.cancel(at(db, moment), ids[n], None, "fortrudt")
                    h = history[ids[n]]
                    history[ids[n]] = ChangeHistory(
                        h.registered_at, h.first_target, h.confirmed_at, moment
                    )
            elif what == "look" and ids:
                watched = sorted(ids.values())
                before = views(db, w, moment, watched)  # the clock has not run yet
                for cid, h in history.items():
                    pure = change_from_history(h, cal, moment)
                    assert (
                        Seen(pure.state, pure.effective_date, pure.missed_deadlines) == before[cid]
                    ), (cid, moment)
                    assert pure.effective_date >= h.first_target.first_day
                queue_clock.advance(at(db, moment))
                assert stored(db, watched) == before
                assert views(db, w, moment, watched) == before
    finally:
        db.dispose()


def test_the_clocks_first_read_finds_work_whenever_its_run_would_write(
    db: Database, world: World
) -> None:
    """The queue clock asks first, in one read on the Core tables, whether time moves anything
    (``storage.core.time_has_work``: the window's first run then never loads the ORM). At every
    moment sampled, with changes registered, confirmed and left to time, a "no" means its run
    would write nothing: no change due, every packing group's periods laid far enough."""
    from dosisdesk.services import change_state
    from dosisdesk.storage import core

    w = world
    for n, req in enumerate(requests(w)):
        c = changes.register(at(db, NOW + timedelta(minutes=n), "sygpl"), req)
        if n == 0:
            changes.confirm(at(db, NOW + timedelta(minutes=5)), [(c.id, None)])
    queue_clock.advance(at(db, NOW))  # periods laid from NOW on
    answers = set()
    for days in (0, 1, 3, 6, 9, 13, 20, 30, 60, 120, 250):
        moment = NOW + timedelta(days=days, hours=3)
        with db.read_core() as conn:
            work = core.time_has_work(conn, moment, moment.date())
        with db.read() as s:
            due = change_state.due(s, moment)
            horizon = moment.date() + timedelta(days=core.HORIZON_DAYS)
            short = [
                g
                for g in s.scalars(select(m.PackingGroup.id))
                if (s.scalar(last_day(g)) or date.min) < horizon
            ]
        assert work or (not due and not short), (days, due, short)
        answers.add(work)
        if days in (0, 9, 60):  # the clock runs now and then, as in the window
            queue_clock.advance(at(db, moment))
            with db.read_core() as conn:
                assert not core.time_has_work(conn, moment, moment.date())  # all stored
    assert answers == {True, False}  # both answers were asked for


def last_day(group_id: int) -> Any:
    return select(func.max(m.Period.last_day)).where(m.Period.packing_group_id == group_id)
