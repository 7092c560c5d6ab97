"""Property: for random sequences of planned and acute changes on one card (and random signed
handlings), the day view of every day equals what the packed rolls hold minus the recorded
handlings (R3).

The oracle does not use the bag rule: what a roll holds is the card *as it was when the roll was
packed* — the roll in the home is the card before any change of the sequence; the next roll (its
deadline after the last change) is the card as the changes left it. The recorded handlings are the
bags the test itself signed: a bag whose tablets were taken out no longer holds that drug; a
discarded bag holds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dosisdesk.domain.bags import BagAction
from dosisdesk.domain.conflicts import ConflictChoice, ConflictingChange
from dosisdesk.domain.dosage import bags_on, parse_dosage
from dosisdesk.domain.errors import DosisError
from dosisdesk.domain.types import BagRef, ChangeKind, HandlingKind, LineStatus, Supply
from dosisdesk.services import cards, changes, handlings
from dosisdesk.services.changes import ChangeRequest, HandlingRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.world import World, build_world

FIRST_DAY = date(2026, 11, 22)  # today in the roll 19 Nov - 2 Dec
LAST_DAY = date(2026, 12, 16)  # the last day of the next roll (3 - 16 Dec)
SLOTS = ("morning", "evening")

Content = dict[tuple[str, int], Decimal]  # (slot, line id) -> amount in the bag


@dataclass(frozen=True)
class Op:
    hours: int  # after the previous op
    kind: str  # planned_dose, planned_pause, acute_stop, acute_dose, acute_pause, sign
    line: int  # 0 = Zarator, 1 = Glucophage
    dose: str
    bag_days: tuple[int, ...]  # days after the op's day
    slot: int
    remove: bool  # take out (True) or discard (False)


ops = st.lists(
    st.builds(
        Op,
        hours=st.integers(1, 30),
        kind=st.sampled_from(
            (
                "planned_dose",
                "planned_pause",
                "acute_stop",
                "acute_dose",
                "acute_pause",
                "sign",
                "sign",
            )
        ),
        line=st.integers(0, 1),
        dose=st.sampled_from(("1+0+0+0", "2+0+1+0", "0+0+1+0", "1+0+1+0")),
        bag_days=st.lists(st.integers(0, 3), min_size=1, max_size=3, unique=True).map(tuple),
        slot=st.integers(0, 1),
        remove=st.booleans(),
    ),
    min_size=1,
    max_size=5,
)


def content_of(ctx: Ctx, w: World, day: date) -> Content:
    """The roll lines of the card on ``day`` (from card_on, not from the bag rule)."""
    lines, _ = cards.card_on(ctx, w.anna, day)
    out: Content = {}
    for ln in lines:
        if ln.supply is not Supply.DOSE_ROLL or ln.status is not LineStatus.ACTIVE:
            continue
        for slot, amount in bags_on(parse_dosage(ln.dosage), day):
            out[(slot, ln.line_id)] = amount
    return out


def days(first: date, last: date) -> Iterator[date]:
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


def register(ctx: Ctx, req: ChangeRequest) -> changes.ChangeDTO | None:
    """Register; a conflict is answered by replacing what is queued; a change the rules refuse
    (a stopped line changed again, a bag outside the roll) is simply not made."""
    try:
        try:
            return changes.register(ctx, req)
        except ConflictingChange as c:
            return changes.register(
                ctx,
                ChangeRequest(
                    **{
                        **req.__dict__,
                        "conflict_choice": ConflictChoice.REPLACE,
                        "conflict_with": tuple(q.id for q in c.queued),
                    }
                ),
            )
    except DosisError:
        return None


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One built world, copied for each example (building it is the slow part)."""
    folder = tmp_path_factory.mktemp("property")
    db = Database.create(f"sqlite:///{folder / 'base.sqlite'}", training=True)
    build_world(db)
    cards.card_view(open_ctx(db, "sygpl", fixed_clock(NOW)), _anna(db))  # periods generated
    db.dispose()
    return folder / "base.sqlite"


def _anna(db: Database) -> str:
    from sqlalchemy import select

    from dosisdesk.storage import models as m

    with db.begin() as s:
        return str(s.scalar(select(m.Citizen.cpr).where(m.Citizen.first_name == "Anna")))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=ops)
@example(  # tablets taken out of a bag (signed) that another acute stop later discards whole
    sequence=[
        Op(
            hours=3,
            kind="planned_dose",
            line=0,
            dose="1+0+0+0",
            bag_days=(0, 1, 2),
            slot=0,
            remove=False,
        ),
        Op(
            hours=25,
            kind="acute_stop",
            line=0,
            dose="1+0+0+0",
            bag_days=(0, 3, 2),
            slot=1,
            remove=True,
        ),
        Op(
            hours=13,
            kind="acute_stop",
            line=1,
            dose="1+0+0+0",
            bag_days=(0, 1, 2),
            slot=1,
            remove=False,
        ),
        Op(hours=1, kind="sign", line=0, dose="1+0+0+0", bag_days=(0,), slot=0, remove=False),
        Op(hours=1, kind="sign", line=0, dose="1+0+0+0", bag_days=(0,), slot=0, remove=False),
    ]
)
@example(  # two acute stops discard the same bag; signing the second's discard empties it
    sequence=[
        Op(hours=1, kind="acute_stop", line=0, dose="1+0+0+0", bag_days=(0,), slot=0, remove=False),
        Op(hours=1, kind="acute_stop", line=1, dose="1+0+0+0", bag_days=(0,), slot=0, remove=False),
        Op(hours=1, kind="sign", line=0, dose="1+0+0+0", bag_days=(0,), slot=1, remove=False),
    ]
)
def test_the_day_view_is_the_packed_rolls_minus_the_signed_handlings(
    base: Path, tmp_path: Path, sequence: list[Op]
) -> None:
    import shutil
    import uuid

    path = tmp_path / f"{uuid.uuid4().hex}.sqlite"
    shutil.copy(base, path)
    db = Database.open(f"sqlite:///{path}")
    from sqlalchemy import select

    from dosisdesk.storage import models as m

    with db.begin() as s:
        anna = s.scalars(select(m.Citizen).where(m.Citizen.first_name == "Anna")).one()
        line_ids = [
            lid
            for (lid,) in s.execute(
                select(m.Line.id).where(m.Line.citizen_id == anna.id).order_by(m.Line.id)
            )
        ][:2]
        cpr = anna.cpr
    w = World(0, 0, 0, cpr, "", anna.id, 0, line_ids[0], line_ids[1], 0, 0, 0, 0, 0, 0, 0, 0)
    start = open_ctx(db, "sygpl", fixed_clock(NOW))
    in_home = {d: content_of(start, w, d) for d in days(FIRST_DAY, date(2026, 12, 2))}

    moment = NOW
    deadline = datetime(2026, 12, 1, 11, 0, tzinfo=NOW.tzinfo)
    removed: set[tuple[date, str, int]] = set()  # bag and line taken out, signed
    discarded: set[tuple[date, str]] = set()  # bag discarded, signed
    acute_line: dict[int, int] = {}  # acute change -> its line
    for op in sequence:
        moment = min(moment + timedelta(hours=op.hours), deadline)
        ctx = open_ctx(db, "sygpl", fixed_clock(moment))
        line = line_ids[op.line]
        today = moment.date()
        bags = tuple(BagRef(today + timedelta(days=d), SLOTS[op.slot]) for d in op.bag_days)
        handling = (
            HandlingRequest(HandlingKind.REMOVE_TABLETS, bags, identifiable=True)
            if op.remove
            else HandlingRequest(HandlingKind.DISCARD_BAGS, bags)
        )
        acute = dict(acute=True, reason="Akut", doctor="Dr. Berg", handlings=(handling,))
        if op.kind == "sign":
            open_ = [
                o for o in handlings.open_handlings(open_ctx(db, "koord", fixed_clock(moment)))
            ]
            if not open_:
                continue
            o = open_[op.slot % len(open_)]
            step = o.open_steps[op.line % len(o.open_steps)]
            assert step.day is not None and step.slot is not None
            handlings.mark_done(ctx, o.change_id, [BagRef(step.day, step.slot)])
            if step.kind is HandlingKind.REMOVE_TABLETS:
                removed.add((step.day, step.slot, acute_line[o.change_id]))
            else:
                discarded.add((step.day, step.slot))
            continue
        req = {
            "planned_dose": ChangeRequest(
                cpr=cpr, kind=ChangeKind.DOSE_CHANGE, line_id=line, dosage=op.dose
            ),
            "planned_pause": ChangeRequest(cpr=cpr, kind=ChangeKind.PAUSE_LINE, line_id=line),
            "acute_stop": ChangeRequest(
                cpr=cpr, kind=ChangeKind.DISCONTINUE, line_id=line, **acute
            ),  # type: ignore[arg-type]
            "acute_dose": ChangeRequest(
                cpr=cpr, kind=ChangeKind.DOSE_CHANGE, line_id=line, dosage=op.dose, **acute
            ),  # type: ignore[arg-type]
            "acute_pause": ChangeRequest(
                cpr=cpr, kind=ChangeKind.PAUSE_LINE, line_id=line, **acute
            ),  # type: ignore[arg-type]
        }[op.kind]
        made = register(ctx, req)
        if made is not None and made.acute:
            acute_line[made.id] = line

    end = open_ctx(db, "sygpl", fixed_clock(moment))
    packed = dict(in_home)
    packed.update({d: content_of(end, w, d) for d in days(date(2026, 12, 3), LAST_DAY)})
    for day in days(FIRST_DAY, LAST_DAY):
        expected = {
            (slot, line): amount
            for (slot, line), amount in packed[day].items()
            if (day, slot) not in discarded and (day, slot, line) not in removed
        }
        shown: Content = {}
        for slot, entries in cards.bags_on(end, cpr, day):
            for e in entries:
                gone = e.done and e.action in (BagAction.REMOVE, BagAction.DISCARD)
                if not gone:
                    shown[(slot, e.line.line_id)] = parse_dosage(
                        f"{e.packed}+0+0+0", allow_zero=True
                    ).amount_at("morning")
        assert shown == expected, (day, shown, expected, sequence)
    db.dispose()
