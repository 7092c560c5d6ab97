"""Property (issue 17): for random packing schedules, stretches within the rules and changes
queued at random moments (some with a first day of their own), no change's effective day ever
moves earlier than the day it was queued for, each lands in exactly one re-laid period, and
every view reports the same state for every change at every sampled moment."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from dosisdesk.domain.errors import RuleViolation
from dosisdesk.domain.periods import check_no_overlap
from dosisdesk.domain.types import ChangeKind, ChangeState
from dosisdesk.services import changes, periods, queue_clock
from dosisdesk.services.changes import ChangeRequest
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.storage.test_change_state import at, views
from tests.world import World, build_world


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, World]]:
    path = tmp_path_factory.mktemp("stretch") / "template.sqlite"
    db = Database.create(f"sqlite:///{path}", training=True)
    w = build_world(db)  # no periods laid yet: each example chooses the schedule
    db.dispose()
    yield path, w


def requests(w: World, wanted: list[date | None]) -> list[ChangeRequest]:
    return [
        ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=w.line_metformin,
            dosage="1+1+1+0",
            wanted_from=wanted[0],
        ),
        ChangeRequest(
            cpr=w.anna, kind=ChangeKind.DISCONTINUE, line_id=w.line_atorva, wanted_from=wanted[1]
        ),
        ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.NEW,
            product="Zocor",
            dosage="0+0+1+0",
            wanted_from=wanted[2],
        ),
    ]


def stored_days(db: Database) -> dict[int, tuple[str, date, date, date]]:
    """Each change's state, effective day and its target period's first and last day."""
    with db.begin() as s:
        return {
            c.id: (c.state, c.effective_date, p.first_day, p.last_day)
            for c, p in s.execute(
                select(m.Change, m.Period).join(m.Period, m.Period.id == m.Change.target_period_id)
            )
        }


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    length=st.sampled_from([7, 14]),
    days_before=st.integers(1, 4),
    clock=st.sampled_from([time(10), time(12), time(15, 30)]),
    registered=st.lists(st.integers(0, 20 * 24 * 60), min_size=1, max_size=3),
    wanted=st.lists(st.one_of(st.none(), st.integers(0, 50)), min_size=3, max_size=3),
    stretches=st.lists(
        st.tuples(st.integers(0, 25 * 24 * 60), st.integers(0, 3), st.integers(7, 28)),
        min_size=1,
        max_size=2,
    ),
    looks=st.lists(st.integers(0, 60 * 86400), min_size=1, max_size=2),
)
def test_stretches_never_move_a_change_earlier_and_views_agree(
    template, tmp_path: Path, length, days_before, clock, registered, wanted, stretches, looks
) -> None:
    src, w = template
    dst = tmp_path / f"db-{len(list(tmp_path.iterdir()))}.sqlite"
    shutil.copy(src, dst)
    db = Database.open(f"sqlite:///{dst}")
    try:
        with db.begin() as s:
            g = s.scalars(select(m.PackingGroup)).one()
            g.length_days, g.deadline_days_before = length, days_before
            g.deadline_time = clock.strftime("%H:%M")
        events: list[tuple[datetime, str, int]] = []
        events += [(NOW + timedelta(minutes=x), "register", i) for i, x in enumerate(registered)]
        events += [(NOW + timedelta(minutes=x[0]), "stretch", i) for i, x in enumerate(stretches)]
        events += [(NOW + timedelta(seconds=x), "look", i) for i, x in enumerate(looks)]
        queued: dict[int, date] = {}  # change id -> the latest first day it was queued for
        for moment, what, i in sorted(events):
            if what == "register":
                day = wanted[i]
                req = requests(w, [None] * 3)[i]
                if day is not None:
                    req = requests(w, [moment.date() + timedelta(days=day)] * 3)[i]
                try:
                    c = changes.register(at(db, moment, "sygpl"), req)
                except RuleViolation:
                    continue  # a first day beyond the periods laid is refused
                queued[c.id] = c.effective_date
                assert c.wanted_from is None or c.effective_date >= c.wanted_from
            elif what == "stretch":
                _, pick, days = stretches[i]
                ctx = at(db, moment)
                ahead = [
                    p for p in periods.list_periods(ctx, "Torsdag", count=6) if p.deadline > moment
                ]
                if not ahead:
                    continue
                queue_clock.advance(ctx)  # as the stretch does first: time's moves are not its own
                before = stored_days(db)
                try:
                    result = periods.stretch_period(
                        ctx, "Torsdag", ahead[min(pick, len(ahead) - 1)].first_day, days, "Jul"
                    )
                except RuleViolation:
                    continue  # a later stretch exists: not within the rules
                after = stored_days(db)
                listed = {x.change_id: x for x in result.moved}
                for cid, (state, eff, first, last) in after.items():
                    old = before[cid]
                    if state in ("registered", "confirmed"):
                        assert eff >= old[1], (cid, old, eff)  # never earlier
                        assert eff == first  # lands on its roll's first day
                        if (eff, last) != (old[1], old[3]):
                            x = listed[cid]
                            assert (x.old_first_day, x.new_first_day) == (old[1], eff)
                            assert x.manual_days is None or x.manual_days[0] == old[1]
                        queued[cid] = eff
                with db.begin() as s:  # exactly one re-laid period: they never overlap
                    check_no_overlap(list(s.scalars(select(m.Period))))
            elif what == "look" and queued:
                seen = views(db, w, moment, sorted(queued))
                for cid, v in seen.items():
                    if v.state is not ChangeState.CANCELLED:
                        assert v.first_day >= queued[cid]
    finally:
        db.dispose()
