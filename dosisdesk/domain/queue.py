"""The change queue's rules (R2, R3): where a change lands, its states, and what waiting means.

A planned change targets the first period whose deadline is still ahead at the moment it is
registered (strictly: at the deadline minute itself the pharmacy starts packing, so the change is
too late for that roll) and takes effect on that period's first day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol, TypeVar

from dosisdesk.domain.errors import RuleViolation
from dosisdesk.domain.types import (
    BagRef,
    ChangeKind,
    ChangeState,
    HandlingKind,
    IfWaited,
)


class HasSchedule(Protocol):
    @property
    def first_day(self) -> date: ...

    @property
    def last_day(self) -> date: ...

    @property
    def deadline(self) -> datetime: ...


P = TypeVar("P", bound=HasSchedule)

STATE_DA: dict[ChangeState, str] = {
    ChangeState.REGISTERED: "Registreret",
    ChangeState.CONFIRMED: "Bekræftet",
    ChangeState.LOCKED: "Låst",
    ChangeState.IN_EFFECT: "I kraft",
    ChangeState.CANCELLED: "Annulleret",
}

KIND_DA: dict[ChangeKind, str] = {
    ChangeKind.NEW: "Ny ordination",
    ChangeKind.DOSE_CHANGE: "Dosisændring",
    ChangeKind.DISCONTINUE: "Seponering",
    ChangeKind.SWITCH_SUPPLY: "Skift af forsyning",
    ChangeKind.PAUSE_LINE: "Sæt i bero",
    ChangeKind.RESUME_LINE: "Genoptag",
}

HANDLING_DA: dict[HandlingKind, str] = {
    HandlingKind.REMOVE_TABLETS: "Tabletter udtages af navngivne poser",
    HandlingKind.DISCARD_BAGS: "Poser kasseres, medicin gives fra almindelig pakning",
    HandlingKind.ASK_PHARMACY: "Apoteket bedes om erstatnings- eller ekstrarulle",
    HandlingKind.PAUSE_CARD: "Dosisdispensering sættes i bero",
}

# Who may move a change where. LOCKED and IN_EFFECT are reached by time, not by hand.
ALLOWED: dict[ChangeState, frozenset[ChangeState]] = {
    ChangeState.REGISTERED: frozenset(
        {ChangeState.CONFIRMED, ChangeState.CANCELLED, ChangeState.IN_EFFECT}
    ),
    ChangeState.CONFIRMED: frozenset(
        {ChangeState.LOCKED, ChangeState.CANCELLED, ChangeState.IN_EFFECT}
    ),
    ChangeState.LOCKED: frozenset({ChangeState.IN_EFFECT, ChangeState.CANCELLED}),
    ChangeState.IN_EFFECT: frozenset(),
    ChangeState.CANCELLED: frozenset(),
}


def check_transition(current: ChangeState, target: ChangeState) -> None:
    """Raise RuleViolation unless the queue allows moving from ``current`` to ``target``."""
    if target not in ALLOWED[current]:
        raise RuleViolation(
            f"change cannot move from {current} to {target}",
            f"Ændringen kan ikke gå fra »{STATE_DA[current]}« til »{STATE_DA[target]}«.",
        )


def target_period(periods: Sequence[P], registered_at: datetime) -> P:
    """The first period (by first day) whose deadline is strictly after ``registered_at``."""
    if registered_at.tzinfo is None:
        raise ValueError("registered_at must be timezone-aware")
    for p in sorted(periods, key=lambda p: p.first_day):
        if p.deadline > registered_at:
            return p
    raise RuleViolation(
        "no period with a deadline ahead is known",
        "Der er ingen kommende dispenseringsperiode med frist efter nu. "
        "Pakkegruppens perioder skal dannes længere frem.",
    )


def if_waited(periods: Sequence[P], now: datetime) -> IfWaited:
    """What waiting for the next roll would mean for an acute change decided at ``now``."""
    p = target_period(periods, now)
    today = now.date()
    return IfWaited(
        period_first_day=p.first_day,
        deadline=p.deadline,
        days_until_deadline=(p.deadline.date() - today).days,
        days_until_start=(p.first_day - today).days,
    )


def check_acute(
    reason: str | None,
    doctor: str | None,
    handling: Sequence[HandlingKind],
) -> None:
    """An acute change needs a justification, the deciding doctor and at least one handling."""
    missing: list[str] = []
    if not (reason and reason.strip()):
        missing.append("begrundelse")
    if not (doctor and doctor.strip()):
        missing.append("den besluttende læge")
    if not handling:
        missing.append("mindst én håndtering")
    if missing:
        raise RuleViolation(
            "acute change lacks " + ", ".join(missing),
            "En akut ændring kræver " + _join_da(missing) + ".",
        )


def check_bags(
    kind: HandlingKind,
    bags: Sequence[BagRef],
    *,
    identifiable: bool,
    first_allowed: date,
    last_allowed: date,
) -> None:
    """Bags named for a handling must lie in the roll that is in the home, and tablets may be taken
    out only when every tablet can be identified (otherwise the bag is discarded)."""
    if kind in (HandlingKind.REMOVE_TABLETS, HandlingKind.DISCARD_BAGS) and not bags:
        raise RuleViolation(
            "no bags named for the handling",
            "Vælg de poser, håndteringen gælder (dato og tidspunkt).",
        )
    if kind is HandlingKind.REMOVE_TABLETS and not identifiable:
        raise RuleViolation(
            "tablets can only be taken out when every tablet is identifiable",
            "Tabletter må kun tages ud af posen, når alle tabletter kan identificeres. "
            "Ellers skal posen kasseres.",
        )
    for b in bags:
        if not first_allowed <= b.day <= last_allowed:
            raise RuleViolation(
                f"bag {b.day} {b.slot} is outside the roll in the home",
                f"Posen {b.day:%d-%m-%Y} ({b.slot}) ligger uden for den rulle, "
                f"borgeren har ({first_allowed:%d-%m-%Y} – {last_allowed:%d-%m-%Y}).",
            )


def _join_da(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " og " + parts[-1]
