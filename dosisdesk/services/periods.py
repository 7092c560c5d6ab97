"""Packing groups' periods: list them, and let the pharmacy stretch one (R1).

A pharmacy may stretch a period (typically to 21 or 28 days over Christmas) with a note. Only a
period whose deadline is still ahead can be stretched: nothing of it or after it has been packed.
The group's periods from that day on are laid anew. A change queued for a period that no longer
exists never lands earlier than the first day it was queued for (the doctor's order starts
then): it moves to the first re-laid period that starts on or after that day, its versions move
with it, and it keeps that day as the day it is wanted from, so the card, the queue and the
handover show the delay and the days in between that may need manual dispensing. The stretch
lists every open change whose roll and first day change (old → new); ``preview=True`` gives the
list without stretching, for the coordinator to see before confirming.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from dosisdesk.domain.errors import InvalidInput, NotFound, RuleViolation
from dosisdesk.domain.pause import period_status
from dosisdesk.domain.periods import (
    days_before_roll,
    first_starting_on_or_after,
    generate_periods,
)
from dosisdesk.domain.text import full_name, product_label
from dosisdesk.domain.types import ChangeKind, ChangeState, PeriodDTO, Role
from dosisdesk.services import audit
from dosisdesk.services.context import Ctx
from dosisdesk.storage import models as m
from dosisdesk.storage import periods as periods_sql
from dosisdesk.storage import repo


@dataclass(frozen=True, slots=True)
class MovedChange:
    """An open change a stretch moves to a later roll."""

    change_id: int
    citizen_id: int
    citizen_name: str
    cpr: str
    kind: ChangeKind
    product_label: str
    state: ChangeState
    old_first_day: date
    old_last_day: date
    new_first_day: date
    new_last_day: date
    #: The days from the old first day up to the new one, which may need manual dispensing.
    manual_days: tuple[date, date] | None


@dataclass(frozen=True, slots=True)
class StretchResult:
    periods: tuple[PeriodDTO, ...]  # the stretched period and the ones after it
    moved: tuple[MovedChange, ...]
    preview: bool  # True: nothing was stored


class _Preview(Exception):
    def __init__(self, result: StretchResult) -> None:
        super().__init__("preview")
        self.result = result


@dataclass(frozen=True, slots=True)
class GroupDTO:
    id: int
    pharmacy: str
    name: str


def groups(ctx: Ctx) -> list[GroupDTO]:
    with ctx.db.begin() as s:
        return [GroupDTO(g.id, p.name, g.name) for g, p in periods_sql.groups_with_pharmacy(s)]


def _group(s: Session, ref: str) -> m.PackingGroup:
    """A packing group by id, by name, or as "pharmacy/group" (case-insensitive)."""
    rows = periods_sql.groups_and_pharmacy_names(s)
    want = ref.strip().casefold()
    hits = [
        (g, ph)
        for g, ph in rows
        if want in (str(g.id), g.name.casefold(), f"{ph}/{g.name}".casefold())
    ]
    if not hits:  # then any group whose "pharmacy/name" contains the text
        hits = [(g, ph) for g, ph in rows if want in f"{ph}/{g.name}".casefold()]
    if len(hits) != 1:
        names = "; ".join(f"{g.id}: {ph}/{g.name}" for g, ph in (hits or rows))
        raise NotFound(
            "services.periods.no_group_matches" if not hits else "services.periods.groups_match",
            n_hits=len(hits),
            ref=ref,
            names=names,
        )
    return hits[0][0]


def list_periods(ctx: Ctx, group: str, *, count: int = 6) -> list[PeriodDTO]:
    today = ctx.today()
    with ctx.db.begin() as s:
        g = _group(s, group)
        repo.ensure_periods(s, g.id, today + timedelta(days=repo.HORIZON_DAYS))
        rows = periods_sql.periods_ending_from(s, g.id, today, count)
        # Each period's real status now (a group has no pauses: those are a card's).
        now = ctx.now()
        return [
            repo.to_period_dto(r, period_status(repo.to_period_dto(r), now, set())) for r in rows
        ]


def stretch_period(
    ctx: Ctx,
    group: str,
    first_day: date,
    length_days: int,
    note: str,
    *,
    preview: bool = False,
) -> StretchResult:
    """Stretch (or shorten) the period starting on ``first_day`` to ``length_days`` days, and
    list the open changes it moves. With ``preview`` nothing is stored."""
    try:
        return _stretch(ctx, group, first_day, length_days, note, preview)
    except _Preview as p:
        return p.result


def _stretch(
    ctx: Ctx, group: str, first_day: date, length_days: int, note: str, preview: bool
) -> StretchResult:
    ctx.require_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    if not note.strip():
        raise InvalidInput("services.periods.stretched_period_needs_note")
    from dosisdesk.services.queue_clock import advance

    advance(ctx)  # the open changes as they stand now are the ones the stretch moves
    now = ctx.now()
    with ctx.db.begin() as s:
        g = _group(s, group)
        horizon = max(first_day, now.date()) + timedelta(days=repo.HORIZON_DAYS)
        repo.ensure_periods(s, g.id, horizon)
        target = periods_sql.period_starting(s, g.id, first_day)
        if target is None:
            raise NotFound("services.periods.no_period_starts", first_day=first_day)
        if target.deadline <= now:
            raise RuleViolation("services.periods.period_s_deadline_passed")
        if periods_sql.stretched_from(s, g.id, first_day):
            raise RuleViolation("services.periods.later_stretch_exists")
        pharmacy = s.get(m.Pharmacy, g.pharmacy_id)
        assert pharmacy is not None
        stretches = periods_sql.stretches(s, g.id)
        stretches[first_day] = (length_days, note.strip())
        plans = generate_periods(
            repo.schedule_of(g, pharmacy),
            anchor=g.anchor,
            start_from=first_day,
            until=horizon,
            stretches=stretches,
        )
        plans = [p for p in plans if p.first_day >= first_day]
        old = periods_sql.periods_starting_from(s, g.id, first_day)
        s.add(
            m.Stretch(
                packing_group_id=g.id,
                first_day=first_day,
                length_days=length_days,
                note=note.strip(),
            )
        )
        new_rows = [m.Period(**repo.period_values(g.id, p)) for p in plans]
        # Move the old rows out of the way (unique first day), then add the new ones.
        old_ids = [p.id for p in old]
        old_last = [p.last_day for p in old]
        for p in old:
            p.first_day = p.first_day - timedelta(days=100_000)
            p.last_day = p.first_day
        s.flush()
        s.add_all(new_rows)
        s.flush()
        moved_lines: set[int] = set()
        moved: list[MovedChange] = []
        for o, o_first, o_last in zip(
            old,
            [p.first_day + timedelta(days=100_000) for p in old],
            old_last,
            strict=True,
        ):
            # A change queued for a period never lands earlier than that period's first day.
            home = first_starting_on_or_after(new_rows, o_first) or new_rows[-1]
            changes = periods_sql.changes_of_period(s, o.id)
            for c in changes:
                if c.original_period_id == o.id:
                    c.original_period_id = home.id
                if c.target_period_id != o.id:
                    continue
                x, lines = move_to_relaid(s, c, o_last, home)
                moved_lines.update(lines)
                if x is not None:
                    moved.append(x)
            # Nothing of a period with its deadline ahead has been packed; drop any stray note.
            periods_sql.delete_packed(s, o.id)
        s.flush()
        periods_sql.delete_periods(s, old_ids)
        repo.rederive_lines(s, moved_lines)
        repo.recompute_valid_to(s, moved_lines)
        audit.record(
            s,
            ctx.actor,
            now,
            "period.stretch",
            "packing_group",
            g.id,
            after={
                "first_day": first_day,
                "length_days": length_days,
                "note": note.strip(),
                "moved_changes_lines": sorted(moved_lines),
                "moved_changes": [
                    {"change": x.change_id, "from": x.old_first_day, "to": x.new_first_day}
                    for x in moved
                ],
            },
        )
        rows = periods_sql.periods_starting_from(s, g.id, first_day, 4)
        moved.sort(key=lambda x: (x.old_first_day, x.citizen_name, x.change_id))
        result = StretchResult(
            tuple(
                repo.to_period_dto(r, period_status(repo.to_period_dto(r), now, set()))
                for r in rows
            ),
            tuple(moved),
            preview=preview,
        )
        if preview:
            raise _Preview(result)  # roll the unit of work back: nothing is stored
        return result


def move_to_relaid(
    s: Session, c: m.Change, old_last: date, home: m.Period
) -> tuple[MovedChange | None, set[int]]:
    """Move a change whose period no longer exists (a stretch, or an import that brings one,
    re-laid the periods) to ``home``: the first re-laid period that starts on or after the day
    its old period started (``domain.periods.first_starting_on_or_after``; the caller picks it).

    An open change (registered or confirmed) never lands earlier than the first day it was queued
    for: its first day and its line versions move to ``home``'s first day, and it keeps that day
    as the day it is wanted from. Returns the change as moved (None when neither its first day
    nor its roll's last day changes, or it is not open) and the lines whose versions moved (for
    ``repo.rederive_lines`` and ``repo.recompute_valid_to``)."""
    c.target_period_id = home.id
    if c.state not in ("registered", "confirmed"):
        return None, set()
    old_day = c.effective_date
    lines: set[int] = set()
    if home.first_day != old_day:
        c.effective_date = home.first_day
        if home.first_day > old_day:
            c.wanted_from = min(c.wanted_from or old_day, old_day)
        lines.update(periods_sql.move_versions_of_change(s, c.id, home.first_day))
    if home.first_day == old_day and home.last_day == old_last:
        return None, lines
    return _moved(s, c, old_day, old_last, home), lines


def _moved(s: Session, c: m.Change, old_day: date, old_last: date, home: m.Period) -> MovedChange:
    citizen = s.get(m.Citizen, c.citizen_id)
    assert citizen is not None
    product = s.get(m.Product, c.product_id) if c.product_id else None
    return MovedChange(
        change_id=c.id,
        citizen_id=citizen.id,
        citizen_name=full_name(citizen.first_name, citizen.last_name),
        cpr=citizen.cpr,
        kind=ChangeKind(c.kind),
        product_label=product_label(product.trade_name, product.strength) if product else "",
        state=ChangeState(c.state),
        old_first_day=old_day,
        old_last_day=old_last,
        new_first_day=home.first_day,
        new_last_day=home.last_day,
        manual_days=days_before_roll(old_day, home.first_day),
    )
