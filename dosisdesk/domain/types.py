"""Value types shared by every layer: ids, enums and small immutable DTOs.

Pure Python: no Qt, no SQLAlchemy. Times are timezone-aware (Europe/Copenhagen).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import NewType

from dateutil import tz

CPH = tz.gettz("Europe/Copenhagen")
assert CPH is not None

CitizenId = NewType("CitizenId", int)
CardId = NewType("CardId", int)
PeriodId = NewType("PeriodId", int)
LineId = NewType("LineId", int)
VersionId = NewType("VersionId", int)
ChangeId = NewType("ChangeId", int)
ProductId = NewType("ProductId", int)
TeamId = NewType("TeamId", int)
UserId = NewType("UserId", int)
PharmacyId = NewType("PharmacyId", int)
PackingGroupId = NewType("PackingGroupId", int)
ContactId = NewType("ContactId", int)
RenewalId = NewType("RenewalId", int)


class Slot(enum.StrEnum):
    """The four structured intake times. Named clock times ("14:00") are plain strings."""

    MORNING = "morning"
    NOON = "noon"
    EVENING = "evening"
    NIGHT = "night"


SLOT_ORDER: tuple[Slot, ...] = (Slot.MORNING, Slot.NOON, Slot.EVENING, Slot.NIGHT)


class Supply(enum.StrEnum):
    DOSE_ROLL = "dose_roll"  # i rullen
    ORDINARY = "ordinary"  # almindelig pakning ved siden af rullen
    AS_NEEDED = "as_needed"  # PN


class LineStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"  # the line is paused (sat i bero)
    DISCONTINUED = "discontinued"  # seponeret


class PeriodStatus(enum.StrEnum):
    PLANNED = "planned"
    LOCKED = "locked"  # packing started (deadline passed)
    NOT_DISPENSED = "not_dispensed"  # deadline passed while the card was paused
    PACKED = "packed"
    DELIVERED = "delivered"


class ChangeKind(enum.StrEnum):
    NEW = "new"
    DOSE_CHANGE = "dose_change"
    DISCONTINUE = "discontinue"
    SWITCH_SUPPLY = "switch_supply"
    PAUSE_LINE = "pause_line"
    RESUME_LINE = "resume_line"


class ChangeState(enum.StrEnum):
    REGISTERED = "registered"
    CONFIRMED = "confirmed"
    LOCKED = "locked"
    IN_EFFECT = "in_effect"
    CANCELLED = "cancelled"


OPEN_CHANGE_STATES = (ChangeState.REGISTERED, ChangeState.CONFIRMED, ChangeState.LOCKED)


class HandlingKind(enum.StrEnum):
    REMOVE_TABLETS = "remove_tablets"  # take identifiable tablets out of named bags
    DISCARD_BAGS = "discard_bags"  # discard named bags, give from an ordinary pack
    ASK_PHARMACY = "ask_pharmacy"  # replacement or extra roll
    PAUSE_CARD = "pause_card"


class Severity(enum.StrEnum):
    HIGH = "high"
    REVIEW = "review"
    INFO = "info"


SEVERITY_RANK = {Severity.HIGH: 0, Severity.REVIEW: 1, Severity.INFO: 2}
#: The severity of a rank (``SEVERITY_BY_RANK[SEVERITY_RANK[s]] is s``).
SEVERITY_BY_RANK = tuple(sorted(SEVERITY_RANK, key=SEVERITY_RANK.__getitem__))


class ContactKind(enum.StrEnum):
    ADMISSION = "admission"
    OUTPATIENT = "outpatient"
    ACUTE_OUTPATIENT = "acute_outpatient"


class RenewalState(enum.StrEnum):
    SENT = "sent"
    RENEWED = "renewed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class RejectionReason(enum.StrEnum):
    """The ten standard rejection reasons for a renewal request (R7)."""

    TREATMENT_ENDED = "treatment_ended"
    NEEDS_CONSULTATION = "needs_consultation"
    CONTACT_OWN_DOCTOR = "contact_own_doctor"
    RENEW_AT_CHECKUP_PLACE = "renew_at_checkup_place"
    RENEW_WITH_LAST_PRESCRIBER = "renew_with_last_prescriber"
    REQUEST_WITHDRAWN = "request_withdrawn"
    VALID_PRESCRIPTION_EXISTS = "valid_prescription_exists"
    TOO_EARLY = "too_early"
    SUPPLIED_BY_HOSPITAL = "supplied_by_hospital"
    OVER_THE_COUNTER = "over_the_counter"


class Role(enum.StrEnum):
    NURSE = "nurse"
    COORDINATOR = "coordinator"
    ADMINISTRATOR = "administrator"


# ---------------------------------------------------------------------------
# Dosage
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DoseEntry:
    """An amount at one intake time: a Slot value or a clock time "HH:MM"."""

    at: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Dosage:
    """Structured dosage: amounts per slot or clock time, optionally on some weekdays only.

    ``weekdays`` holds Python weekday numbers (Monday 0 .. Sunday 6); empty means every day.
    """

    entries: tuple[DoseEntry, ...]
    weekdays: frozenset[int] = frozenset()

    def amount_at(self, at: str) -> Decimal:
        for e in self.entries:
            if e.at == at:
                return e.amount
        return Decimal(0)

    def applies_on(self, day: date) -> bool:
        return not self.weekdays or day.weekday() in self.weekdays

    @property
    def daily_total(self) -> Decimal:
        return sum((e.amount for e in self.entries), Decimal(0))


# ---------------------------------------------------------------------------
# Calendar and periods
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PackingSchedule:
    """A packing group's schedule (R1). All values are configurable per packing group."""

    start_weekday: int  # Monday 0 .. Sunday 6: weekday of a period's first day
    length_days: int = 14
    deadline_days_before: int = 2
    deadline_time: time = time(12, 0)
    delivery_days_before: int = 1
    closed_christmas_eve: bool = True
    closed_constitution_day: bool = True
    extra_closed_days: frozenset[date] = frozenset()


class _DaySpan:
    """The days ``first_day`` .. ``last_day`` (inclusive) of a period, planned or stored."""

    __slots__ = ()
    first_day: date
    last_day: date

    @property
    def length_days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True, slots=True)
class PeriodPlan(_DaySpan):
    """One dispensing period as generated from a schedule (no id yet)."""

    first_day: date
    last_day: date  # inclusive
    deadline: datetime  # aware, Europe/Copenhagen
    expected_delivery: date
    note: str = ""


@dataclass(frozen=True, slots=True)
class PeriodDTO(_DaySpan):
    id: PeriodId
    packing_group_id: PackingGroupId
    first_day: date
    last_day: date
    deadline: datetime
    expected_delivery: date
    note: str = ""
    status: PeriodStatus = PeriodStatus.PLANNED

    def with_status(self, status: PeriodStatus) -> PeriodDTO:
        """The period with ``status`` (itself when it has it already): made directly, at a
        fraction of ``dataclasses.replace``'s cost (a card's read asks for every period)."""
        if status is self.status:
            return self
        return PeriodDTO(
            self.id,
            self.packing_group_id,
            self.first_day,
            self.last_day,
            self.deadline,
            self.expected_delivery,
            self.note,
            status,
        )


@dataclass(frozen=True, slots=True)
class BagRef:
    """One dose bag: a day and an intake time."""

    day: date
    slot: str


# ---------------------------------------------------------------------------
# Lines (for rules that look at spans of ordination versions)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineSpan:
    """One ordination version as the rules see it: a line's content from valid_from to valid_to
    (exclusive; None = open)."""

    line_id: int
    version_id: int
    citizen_id: int
    atc: str
    supply: Supply
    status: LineStatus
    valid_from: date
    valid_to: date | None
    origin_acute_change_id: int | None = None
    follow_up_effective: date | None = None  # when the acute change's follow-up takes effect
    supply_failure: bool = False  # given beside the roll because of a supply failure (R8)

    def active_on(self, day: date) -> bool:
        return (
            self.status is LineStatus.ACTIVE
            and self.valid_from <= day
            and (self.valid_to is None or day < self.valid_to)
        )


@dataclass(frozen=True, slots=True)
class DoubleFlag:
    """A double-prescription flag (R5) between two lines of one citizen."""

    citizen_id: int
    line_a: int
    line_b: int
    version_a: int
    version_b: int
    severity: Severity
    atc_a: str
    atc_b: str
    overlap_from: date
    overlap_to: date | None

    @property
    def key(self) -> tuple[int, int]:
        return (min(self.line_a, self.line_b), max(self.line_a, self.line_b))


@dataclass(frozen=True, slots=True)
class IfWaited:
    """What waiting for the next roll would mean (R3), shown on the acute form."""

    period_first_day: date
    deadline: datetime
    days_until_deadline: int
    days_until_start: int


@dataclass(frozen=True, slots=True)
class Transition:
    from_state: ChangeState | None
    to_state: ChangeState
    at: datetime
    by: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class ResumePlan:
    """What resuming a paused card means (R4)."""

    first_packed_period_start: date
    manual_days: tuple[date, ...] = field(default_factory=tuple)
