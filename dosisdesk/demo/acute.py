"""The acute changes of the last days, made through the real service
(:func:`dosisdesk.services.changes.register`) so that they carry their follow-ups, handlings and
interim lines exactly as the app makes them; the follow-ups of earlier days are then confirmed and
brought to the demo's moment by the domain's rule."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from dosisdesk.demo.catalogue import (
    ACUTE_REASONS,
    FEMALE,
    LAST,
    MALE,
    ROLL,
    canon,
    family,
)
from dosisdesk.demo.history import fate, write_moves
from dosisdesk.demo.lines import bags_left
from dosisdesk.demo.world import AcutePlan, DemoCancelled, World
from dosisdesk.domain.dosage import format_dosage, parse_dosage
from dosisdesk.domain.errors import DosisError
from dosisdesk.domain.types import (
    ChangeKind,
    Dosage,
    DoseEntry,
    HandlingKind,
    Supply,
)
from dosisdesk.services.changes import ChangeRequest, HandlingRequest, register
from dosisdesk.services.context import Ctx, fixed_clock
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database

log = logging.getLogger(__name__)


class _InTransaction(Database):
    """The demo's open session as a Database: each service call runs in a savepoint of it, so the
    whole build stays one transaction."""

    def __init__(self, db: Database, session: Session) -> None:
        super().__init__(db.url, db.engine, db.sessions)
        self._session = session

    @contextmanager
    def begin(self) -> Iterator[Session]:
        with self._session.begin_nested():
            yield self._session

    @contextmanager
    def begin_core(self) -> Iterator[Connection]:
        with self._session.begin_nested():
            yield self._session.connection()


def plan_acute(w: World) -> list[tuple[datetime, AcutePlan, ChangeRequest]]:
    rng, now = w.rng, w.now
    out: list[tuple[datetime, AcutePlan, ChangeRequest]] = []
    for plan in w.acute:
        if rng.random() < 0.7:
            at = w.minutes_before(now, 5, 150)
            if at.date() != w.today:
                at = w.clock(w.today, 0, 5) if now > w.clock(w.today, 0, 5) else now
            # No deadline may fall between the change and now (it would count as missed).
            for p in plan.group.periods:
                if at < p.deadline <= now:
                    at = p.deadline
            plan.days_back = 0
        else:
            plan.days_back = rng.randint(1, 6)
            at = w.clock(
                w.today - timedelta(days=plan.days_back),
                rng.randint(8, 15),
                rng.choice((0, 10, 20, 30, 40, 50)),
            )
        plan.at = at
        req = _acute_request(w, plan, at)
        if req is not None:
            out.append((at, plan, req))
    out.sort(key=lambda x: (x[0].astimezone(UTC), x[1].order))
    return out


def _acute_request(w: World, plan: AcutePlan, at: datetime) -> ChangeRequest | None:
    rng = w.rng
    day = at.date()
    cur = plan.group.containing(day)
    if cur is None:
        return None
    roll = [
        ln
        for ln in plan.lines
        if ln.supply is Supply.DOSE_ROLL
        and ln.end is None
        and (ln.version_on(day) or {}).get("status") == "active"
    ]
    doctor = f"Læge {rng.choice(FEMALE + MALE)} {rng.choice(LAST)}" + (
        " (vagtlæge)" if rng.random() < 0.4 else ""
    )
    what = rng.choices(("decrease", "increase", "new", "discontinue"), weights=(40, 20, 20, 20))[0]
    source = rng.choice(("Vagtlæge", "Egen læge", "Sygehus"))
    received = w.minutes_before(at, 10, 60)
    if what != "new" and roll:
        line = rng.choice(roll)
        v = line.version_on(day)
        assert v is not None
        dosage = parse_dosage(v["dosage"])
        if what == "decrease" and len(dosage.entries) < 2:
            what = "discontinue"
        if what == "decrease":
            removed = dosage.entries[-1]
            new = format_dosage(Dosage(entries=dosage.entries[:-1], weekdays=dosage.weekdays))
            bags = bags_left(w, dosage, day, at, cur, only=removed.at)
            kind, handling, text = ChangeKind.DOSE_CHANGE, HandlingKind.REMOVE_TABLETS, new
        elif what == "increase":
            first = dosage.entries[0]
            entries = (DoseEntry(first.at, first.amount + 1), *dosage.entries[1:])
            text = format_dosage(Dosage(entries=entries, weekdays=dosage.weekdays))
            bags = bags_left(w, dosage, day, at, cur)
            kind, handling = ChangeKind.DOSE_CHANGE, HandlingKind.DISCARD_BAGS
        else:
            bags = bags_left(w, dosage, day, at, cur)
            kind, handling, text = ChangeKind.DISCONTINUE, HandlingKind.REMOVE_TABLETS, ""
        if bags:
            identifiable = handling is HandlingKind.REMOVE_TABLETS
            note = (
                "Tabletterne er taget ud af poserne"
                if identifiable
                else "Poserne kasseret; medicinen gives fra almindelig pakning"
            )
            return ChangeRequest(
                cpr=plan.cpr,
                kind=kind,
                line_id=line.id,
                dosage=text or None,
                source=source,
                received_at=received,
                acute=True,
                reason=rng.choice(ACUTE_REASONS[what]),
                doctor=doctor,
                handlings=(HandlingRequest(handling, tuple(bags), identifiable, note),),
            )
    # A new drug in the roll, given from an ordinary pack until the roll carries it.
    idx = next(
        (i for i in w.weighted_order(w.roll_inv) if family(ROLL[i][0]) not in plan.families),
        None,
    )
    if idx is None:
        return None
    _atc, _w, dosages, _s, _ind = ROLL[idx]
    prod = rng.choice(w.roll_choices[idx])
    return ChangeRequest(
        cpr=plan.cpr,
        kind=ChangeKind.NEW,
        product=f"#{prod.id}",
        dosage=canon(rng.choice(dosages)),
        supply=Supply.DOSE_ROLL,
        source=source,
        received_at=received,
        acute=True,
        reason=rng.choice(ACUTE_REASONS["new"]),
        doctor=doctor,
        card_id=plan.card_id,
        prescription_valid_until=day + timedelta(days=rng.randint(180, 700)),
        handlings=(
            HandlingRequest(
                HandlingKind.ASK_PHARMACY,
                note="Apoteket udleverer en almindelig pakning til tiden indtil næste rulle",
            ),
        ),
    )


def run_acute(w: World, db: Database, should_cancel: Callable[[], bool] | None) -> int:
    """Register the planned acute changes through the service; returns how many were made."""
    w.sync_sequences()
    planned = plan_acute(
        w,
    )
    inside = _InTransaction(db, w.s)
    earlier: list[int] = []
    made = 0
    for i, (at, plan, req) in enumerate(planned):
        if should_cancel is not None and i % 25 == 0 and should_cancel():
            raise DemoCancelled
        ctx = Ctx(inside, plan.actor, fixed_clock(at))
        try:
            dto = register(ctx, req)
        except DosisError as e:  # a rule said no: leave this one out, keep the rest
            log.warning("demo: acute change left out: %s", e.english)
            continue
        made += 1
        if plan.days_back and dto.follow_up_id is not None:
            earlier.append(dto.follow_up_id)
    _settle_follow_ups(w, earlier)
    return made


def _settle_follow_ups(w: World, follow_ids: list[int]) -> None:
    """Follow-ups of acute changes from earlier days: most were confirmed in time (all whose
    roll's deadline has passed by now), after whatever the queue clock did to them while the
    service ran. Where that leaves them now is the domain's answer (locked at the deadline, in
    effect from the first day); the moves still missing are written."""
    s, rng = w.s, w.rng
    if not follow_ids:
        return
    w.reset_ids()  # the service has written rows since
    group_of = {p.id: g for g in w.groups for p in g.periods}
    period = {p.id: p for g in w.groups for p in g.periods}
    stored: dict[int, list[tuple[datetime, str | None, str]]] = defaultdict(list)
    for change_id, at, before, after in s.execute(
        select(
            m.ChangeTransition.change_id,
            m.ChangeTransition.at,
            m.ChangeTransition.from_state,
            m.ChangeTransition.to_state,
        )
        .where(m.ChangeTransition.change_id.in_(follow_ids))
        .order_by(m.ChangeTransition.id)
    ):
        stored[change_id].append((at, before, after))
    rows = s.execute(
        select(
            m.Change.id,
            m.Change.registered_at,
            m.Change.version_id,
            m.Change.original_period_id,
            m.Change.target_period_id,
        )
        .where(m.Change.id.in_(follow_ids))
        .order_by(m.Change.id)
    ).all()
    for change_id, reg, version, first_id, target_id in rows:
        assert first_id is not None and target_id is not None, "a follow-up targets a roll"
        deadline = period[target_id].deadline
        last = max(at for at, _b, _a in stored[change_id])
        coord = rng.choice(w.coordinators)
        confirmed: datetime | None = None
        if deadline <= w.now or rng.random() >= 0.3:
            confirmed = w.minutes_after(last, 30, 180)
            if confirmed >= deadline or confirmed > w.now:
                confirmed = w.between(last, min(deadline, w.now))
        history, path = fate(w, group_of[first_id], reg, confirmed)
        done = [(b, a) for _at, b, a in stored[change_id]]
        assert history.first_target.id == first_id, "the service and the domain disagree"
        assert [
            (mv.before.value if mv.before else None, mv.after.value)
            for mv in path.moves[: len(done)]
        ] == done, "the queue clock and the domain disagree"
        assert path.at.target is not None and path.at.target.id == target_id
        moves = path.moves[len(done) :]
        if not moves:
            continue
        write_moves(w, change_id, moves, nurse=0, coord=coord)
        s.execute(
            update(m.Change)
            .where(m.Change.id == change_id)
            .values(state=path.at.state.value, version_id=version + len(moves))
            .execution_options(synchronize_session=False)
        )
    w.flush()
    w.sync_sequences()
    s.expire_all()
