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

#: a supply's stored text (an enum's ``value`` is a property, asked for every version)
_SUPPLY = {s: s.value for s in Supply}


def add_card(w: World, citizen_id: int, gi: int) -> int:
    return w.add(
        "cards",
        citizen_id=citizen_id,
        packing_group_id=w.groups[gi].id,
        dispensing_pharmacy_id=w.pharmacy_of[gi],
        paused=False,
        version_id=1,
    )


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
    base = {
        "line_id": line.id,
        "citizen_id": citizen_id,
        "product_id": prod.id,
        "atc": prod.atc,
        "dosage": dosage,
        "supply": _SUPPLY[supply or line.supply],
        "status": status,
        "private": private,
        "prescription_valid_until": prescription_valid_until,
        "indication": indication,
    }
    return derive_version(w, line, base, valid_from, change_id)


def derive_version(
    w: World,
    line: Line,
    base: dict[str, Any],
    valid_from: date,
    change_id: int | None,
    **changes: Any,
) -> dict[str, Any]:
    """A new version of ``line``: ``base``'s values but for ``changes``, from ``valid_from``
    (open-ended until the citizen's versions are finished), made by ``change_id``."""
    v = {
        **base,
        "id": next(w.ids["line_versions"]),
        "valid_from": valid_from,
        "valid_to": None,
        "change_id": change_id,
        **changes,
    }
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
    _atc, _w, dosages, _s, indication = ROLL[idx]
    prod = product or w.rng.choice(w.roll_choices[idx])
    return _line(w, citizen_id, card_id, prod, Supply.DOSE_ROLL, valid_from, dosages, indication)


def outside_line(
    w: World,
    citizen_id: int,
    card_id: int,
    idx: int,
    valid_from: date | None = None,
    product: Prod | None = None,
    supply: Supply | None = None,
) -> Line:
    _atc, _w, default_supply, dosages, _t, _s, indication = OUTSIDE[idx]
    prod = product or w.rng.choice(w.outside_choices[idx])
    sup = supply or default_supply
    return _line(w, citizen_id, card_id, prod, sup, valid_from, dosages, indication)


def _line(
    w: World,
    citizen_id: int,
    card_id: int,
    prod: Prod,
    supply: Supply,
    valid_from: date | None,
    dosages: tuple[str, ...],
    indication: str,
) -> Line:
    """A line of a drug profile with its first version (from ``valid_from``, or 45-900 days
    ago); a line in the roll has a prescription that runs out between 10 days ago and 700 days
    ahead."""
    rng = w.rng
    line = Line(w.next_id("lines"), card_id, prod, supply, [])
    vf = valid_from or w.days[-rng.randint(45, 900)]
    dosage = canon(rng.choice(dosages))
    valid_until = w.days[rng.randint(-10, 700)] if supply is Supply.DOSE_ROLL else None
    add_version(
        w,
        line,
        citizen_id,
        vf,
        dosage,
        prescription_valid_until=valid_until,
        indication=indication,
        private=rng.random() < 0.01,
    )
    return line


def other_dosage(w: World, current: str, atc: str) -> str:
    options = _DOSAGES.get(atc)
    if options is None:
        texts = next((r[2] for r in ROLL if r[0] == atc), ()) + GENERIC_DOSAGES
        options = _DOSAGES[atc] = tuple(canon(d) for d in texts)
    return w.rng.choice([d for d in options if d != current])


#: an ATC code's dosages to change to, canonical (its profile's in the roll, then the generic
#: ones), worked out once
_DOSAGES: dict[str, tuple[str, ...]] = {}


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
