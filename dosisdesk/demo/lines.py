"""The lines of a card as the demo writes them: a card, a line in the roll or outside it, its
versions (each change's new version derived from the one before), a different dosage, and the
bags of a roll still to come on a day (what an acute change's handling names)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from dosisdesk.demo.catalogue import (
    GENERIC_DOSAGES,
    OUTSIDE,
    ROLL,
    SLOT_HOUR,
    canon,
)
from dosisdesk.demo.world import Line, Per, Prod, World
from dosisdesk.domain.dosage import bags_on
from dosisdesk.domain.types import BagRef, Dosage, Supply


def add_card(w: World, citizen_id: int, gi: int) -> int:
    card_id = w.next_id("cards")
    w.buf["cards"].append(
        dict(
            id=card_id,
            citizen_id=citizen_id,
            packing_group_id=w.groups[gi].id,
            dispensing_pharmacy_id=w.pharmacy_of[gi],
            paused=False,
            version_id=1,
        )
    )
    return card_id


def add_version(
    w: World,
    line: Line,
    citizen_id: int,
    valid_from: date,
    dosage: str,
    *,
    status: str = "active",
    supply: Supply | None = None,
    prescription_valid_until: date | None = None,
    indication: str = "",
    private: bool = False,
    change_id: int | None = None,
    product: Prod | None = None,
) -> dict[str, Any]:
    prod = product or line.product
    v = dict(
        id=w.next_id("line_versions"),
        line_id=line.id,
        citizen_id=citizen_id,
        valid_from=valid_from,
        valid_to=None,
        product_id=prod.id,
        atc=prod.atc,
        dosage=dosage,
        supply=(supply or line.supply).value,
        status=status,
        private=private,
        prescription_valid_until=prescription_valid_until,
        indication=indication,
        change_id=change_id,
    )
    line.versions.append(v)
    return v


def derive_version(
    w: World, line: Line, base: dict[str, Any], valid_from: date, change_id: int, **changes: Any
) -> dict[str, Any]:
    v = dict(base)
    v.update(
        id=w.next_id("line_versions"),
        valid_from=valid_from,
        valid_to=None,
        change_id=change_id,
        **changes,
    )
    line.versions.append(v)
    return v


def roll_line(
    w: World,
    citizen_id: int,
    card_id: int,
    idx: int,
    valid_from: date | None = None,
    product: Prod | None = None,
) -> Line:
    rng = w.rng
    _atc, _w, dosages, _s, indication = ROLL[idx]
    prod = product or rng.choice(w.roll_choices[idx])
    line = Line(w.next_id("lines"), card_id, prod, Supply.DOSE_ROLL, [])
    vf = valid_from or w.today - timedelta(days=rng.randint(45, 900))
    add_version(
        w,
        line,
        citizen_id,
        vf,
        canon(rng.choice(dosages)),
        prescription_valid_until=w.today + timedelta(days=rng.randint(-10, 700)),
        indication=indication,
        private=rng.random() < 0.01,
    )
    return line


def outside_line(
    w: World,
    citizen_id: int,
    card_id: int,
    idx: int,
    valid_from: date | None = None,
    product: Prod | None = None,
    supply: Supply | None = None,
) -> Line:
    rng = w.rng
    _atc, _w, default_supply, dosages, _t, _s, indication = OUTSIDE[idx]
    prod = product or rng.choice(w.outside_choices[idx])
    sup = supply or default_supply
    line = Line(w.next_id("lines"), card_id, prod, sup, [])
    vf = valid_from or w.today - timedelta(days=rng.randint(45, 900))
    add_version(
        w,
        line,
        citizen_id,
        vf,
        canon(rng.choice(dosages)),
        indication=indication,
        private=rng.random() < 0.01,
    )
    return line


def other_dosage(w: World, current: str, atc: str) -> str:
    options = next((r[2] for r in ROLL if r[0] == atc), ()) + GENERIC_DOSAGES
    choices = [canon(d) for d in options if canon(d) != current]
    return w.rng.choice(choices)


def bags_left(
    w: World, dosage: Dosage, day: date, at: datetime, cur: Per, only: str | None = None
) -> list[BagRef]:
    out: list[BagRef] = []
    for d in range(3):
        bag_day = day + timedelta(days=d)
        if bag_day > cur.last_day:
            break
        for slot, _amount in bags_on(dosage, bag_day):
            if only is not None and slot != only:
                continue
            hour = SLOT_HOUR.get(slot)
            if hour is None:
                hour = int(slot.split(":")[0])
            if bag_day == day and hour <= at.hour:
                continue
            out.append(BagRef(bag_day, slot))
    return out[:4]
