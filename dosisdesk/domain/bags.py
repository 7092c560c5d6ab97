"""What is in the bags (R3): the roll as packed, and what an acute change asks of each bag.

An acute change takes effect on the card at once, but the roll in the home was packed before it:
until its follow-up takes effect (the first roll the pharmacy packs with the change), the bags
still hold what the card said when they were packed. So the rule is:

* **What the roll holds on a day** is the line's content on that day *without* the versions of
  acute changes whose follow-up takes effect later (``carried_from`` > day). An acute change
  without a follow-up (the roll was not involved) or whose follow-up is in the past is carried.
* **What to do with each bag** that holds a line touched by such an acute change:
  ``REMOVE`` ("tages ud") when a handling named the bag for taking the tablets out;
  ``DISCARD`` ("kasseres — giv fra alm. pakning") when a handling named the bag for discarding —
  then every line in that bag is discarded and given from an ordinary pack;
  ``UNCHANGED`` ("uændret") when the bag already holds what the card prescribes for it (a dose
  change that leaves this intake time as it was); ``UNHANDLED`` when it does not and no handling
  names the bag (a roll packed before the change that is not in the home yet, or a bag the
  nurse left out): the nurse must decide, and the screen says so. When the new dose is given
  from an ordinary pack until the follow-up (a temporary line), the roll line's bags hold
  nothing that is to be given.

Everything here is plain values, so the card, the day view, the handover and the property test
all ask the same function.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from dosisdesk.domain.dosage import parse_dosage, slot_amounts
from dosisdesk.domain.types import BagRef, Dosage, LineStatus, Supply


class BagAction(enum.StrEnum):
    REMOVE = "remove"  # tages ud
    DISCARD = "discard"  # kasseres — giv fra alm. pakning
    UNCHANGED = "unchanged"  # uændret
    UNHANDLED = "unhandled"  # posen indeholder noget andet end ordineret, og ingen håndtering


@dataclass(frozen=True, slots=True)
class VersionFact:
    """One version of a line as the bag rule sees it."""

    line_id: int
    version_id: int
    valid_from: date
    dosage: str
    supply: Supply
    status: LineStatus
    change_id: int | None


@dataclass(frozen=True, slots=True)
class AcuteFact:
    """An acute change with what its handlings named, and when the roll carries it."""

    change_id: int
    line_id: int | None
    effective: date
    carried_from: date | None  # the follow-up's first day; None: no (live) follow-up
    remove: frozenset[BagRef] = frozenset()
    discard: frozenset[BagRef] = frozenset()
    #: The drug is given from an ordinary pack (a temporary line) until the follow-up: then
    #: nothing of this line in the roll's bags is to be given.
    given_beside: bool = False

    def pending_on(self, day: date) -> bool:
        """The change is in force on the card but not yet in the roll on ``day``."""
        return self.carried_from is not None and self.effective <= day < self.carried_from


@dataclass(frozen=True, slots=True)
class BagLine:
    """One line in one bag: what the roll holds, what the card prescribes, what to do."""

    line_id: int
    day: date
    slot: str
    packed: Decimal
    prescribed: Decimal
    action: BagAction | None  # None: no acute change concerns this bag line
    change_id: int | None  # the acute change whose handling applies


def _latest(versions: Iterable[VersionFact], day: date, skip: set[int]) -> VersionFact | None:
    best: VersionFact | None = None
    for v in versions:
        if v.valid_from > day or (v.change_id is not None and v.change_id in skip):
            continue
        if best is None or (v.valid_from, v.version_id) > (best.valid_from, best.version_id):
            best = v
    return best


def _amounts(v: VersionFact | None, day: date) -> dict[str, Decimal]:
    if v is None or v.supply is not Supply.DOSE_ROLL or v.status is not LineStatus.ACTIVE:
        return {}
    if not v.dosage:
        return {}
    if not _parsed(v.dosage).applies_on(day):  # the weekdays of ``bags_on``
        return {}
    return dict(_bags(v.dosage))


@lru_cache(maxsize=4096)
def _parsed(text: str) -> Dosage:
    """A dosage text parsed once: the rule asks for the same few texts for every bag of every
    day it looks at (a :class:`Dosage` is immutable)."""
    return parse_dosage(text)


@lru_cache(maxsize=4096)
def _bags(text: str) -> tuple[tuple[str, Decimal], ...]:
    """The bags (intake time, amount, none empty) of a dosage text on a day it applies,
    :func:`bags_on` sorted once per text (the rule asks for every line of every day)."""
    return tuple((at, amount) for at, amount in slot_amounts(_parsed(text)) if amount)


def packed_version(
    versions: Sequence[VersionFact], acutes: Sequence[AcuteFact], day: date
) -> VersionFact | None:
    """The version of one line the roll holds on ``day``."""
    skip = {a.change_id for a in acutes if a.pending_on(day)}
    return _latest(versions, day, skip)


def prescribed_version(versions: Sequence[VersionFact], day: date) -> VersionFact | None:
    """The version of one line the card prescribes on ``day`` (acute changes included)."""
    return _latest(versions, day, set())


def bag_lines(
    versions: Sequence[VersionFact], acutes: Sequence[AcuteFact], day: date
) -> list[BagLine]:
    """Every line in every bag of ``day`` as the roll holds it, with what to do per bag.

    ``versions`` are all versions of the card's lines (any day), ``acutes`` the card's acute
    changes. Lines the roll does not hold (a new drug given from an ordinary pack until its
    follow-up) are not in the bags and not listed.
    """
    by_line: dict[int, list[VersionFact]] = {}
    for v in versions:
        by_line.setdefault(v.line_id, []).append(v)
    discard: dict[tuple[date, str], int] = {}
    for a in sorted(acutes, key=lambda a: a.change_id):
        for b in a.discard:
            discard.setdefault((b.day, b.slot), a.change_id)
    out: list[BagLine] = []
    for line_id, vs in by_line.items():
        packed = _amounts(packed_version(vs, acutes, day), day)
        if not packed:
            continue
        prescribed = _amounts(prescribed_version(vs, day), day)
        mine = [a for a in acutes if a.line_id == line_id and a.pending_on(day)]
        if any(a.given_beside for a in mine):
            prescribed = {}
        for slot, amount in packed.items():
            want = prescribed.get(slot, Decimal(0))
            action: BagAction | None = None
            change_id: int | None = None
            if (day, slot) in discard:
                action, change_id = BagAction.DISCARD, discard[(day, slot)]
            elif mine:
                remover = next((a for a in mine if BagRef(day, slot) in a.remove), None)
                if remover is not None:
                    action, change_id = BagAction.REMOVE, remover.change_id
                else:
                    action = BagAction.UNCHANGED if want == amount else BagAction.UNHANDLED
                    change_id = mine[-1].change_id
            out.append(BagLine(line_id, day, slot, amount, want, action, change_id))
    return sorted(out, key=lambda b: (_slot_rank(b.slot), b.line_id))


def in_bag(line: BagLine, done: bool) -> Decimal:
    """What is physically in the bag for this line: the packed amount, unless a handling that
    takes it out or discards the bag has been done."""
    if done and line.action in (BagAction.REMOVE, BagAction.DISCARD):
        return Decimal(0)
    return line.packed


def _slot_rank(slot: str) -> tuple[int, str]:
    order = {"morning": 0, "noon": 1, "evening": 2, "night": 3}
    return (order.get(slot, 4), slot)


# ---------------------------------------------------------------------------
# The follow-up of an acute change, as what it is
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# A handling's step: still to do?
# ---------------------------------------------------------------------------


def step_open(done: bool, bag_day: date | None, carried_from: date | None, today: date) -> bool:
    """Is an acute handling's step still to do? While it is not done and its bag can still be in
    the home: until the roll that carries the change starts (its follow-up's first day,
    ``carried_from``); a step without a follow-up until its bag's day has passed; a step without
    a bag (asking the pharmacy) until it is done (``services.handlings`` says more)."""
    if done:
        return False
    if carried_from is not None:
        return today < carried_from
    return bag_day is None or bag_day >= today
