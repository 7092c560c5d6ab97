"""What services return: plain frozen dataclasses, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from dosisdesk.domain.bags import BagAction
from dosisdesk.domain.renewals import RenewalUrgency
from dosisdesk.domain.text import full_name, product_label
from dosisdesk.domain.types import (
    ChangeKind,
    ChangeState,
    ContactKind,
    HandlingKind,
    LineStatus,
    PeriodDTO,
    RejectionReason,
    RenewalState,
    Severity,
    Supply,
)

if TYPE_CHECKING:
    from dosisdesk.storage.repo import VersionInForce


@dataclass(frozen=True, slots=True)
class ProductDTO:
    id: int
    atc: str
    substance: str
    trade_name: str
    strength: str
    form: str
    dose_dispensable: bool

    @property
    def label(self) -> str:
        return product_label(self.trade_name, self.strength)


@dataclass(frozen=True, slots=True)
class CitizenDTO:
    id: int
    cpr: str
    first_name: str
    last_name: str
    address: str
    phone: str
    team_id: int | None
    team_name: str
    route_order: int
    gp_name: str
    gp_phone: str
    birth_date: date
    version: int

    @property
    def name(self) -> str:
        return full_name(self.first_name, self.last_name)


@dataclass(frozen=True, slots=True)
class LineDTO:
    line_id: int
    version_id: int
    card_id: int
    product: ProductDTO
    dosage: str
    supply: Supply
    status: LineStatus
    valid_from: date
    valid_to: date | None
    private: bool
    prescription_valid_until: date | None
    change_id: int | None
    origin_acute_change_id: int | None
    packed_trade_name: str | None = None
    new_appearance: bool = False


def line_dto(
    v: VersionInForce,
    product: ProductDTO,
    packed_trade_name: str | None = None,
    new_appearance: bool = False,
) -> LineDTO:
    """A line as the card shows it: the version in force and its product (and, on the card of
    a period, the trade name packed and whether it looks new)."""
    return LineDTO(
        line_id=v.line_id,
        version_id=v.id,
        card_id=v.card_id,
        product=product,
        dosage=v.dosage,
        supply=v.supply,
        status=v.status,
        valid_from=v.valid_from,
        valid_to=v.valid_to,
        private=v.private,
        prescription_valid_until=v.prescription_valid_until,
        change_id=v.change_id,
        origin_acute_change_id=v.origin_acute_change_id,
        packed_trade_name=packed_trade_name,
        new_appearance=new_appearance,
    )


@dataclass(frozen=True, slots=True)
class HandlingDTO:
    kind: HandlingKind
    bags: tuple[tuple[date, str], ...]
    identifiable: bool
    ordinary_until: date | None
    note: str


@dataclass(frozen=True, slots=True)
class TransitionDTO:
    from_state: ChangeState | None
    to_state: ChangeState
    at: datetime
    by: str  # the login
    note: str
    by_name: str = ""  # the person's name, as shown


@dataclass(frozen=True, slots=True)
class ChangeDTO:
    id: int
    citizen_id: int
    card_id: int
    line_id: int | None
    kind: ChangeKind
    product: ProductDTO | None
    dosage: str
    supply: Supply | None
    acute: bool
    reason: str
    doctor: str
    source: str
    received_at: datetime | None
    registered_at: datetime
    registered_by: str
    target_period: PeriodDTO | None
    effective_date: date
    state: ChangeState
    missed_deadlines: int
    follow_up_of_id: int | None
    follow_up_id: int | None
    if_waited_first_day: date | None
    if_waited_deadline: datetime | None
    cancel_reason: str
    version: int
    handlings: tuple[HandlingDTO, ...] = ()
    transitions: tuple[TransitionDTO, ...] = ()
    #: For the follow-up of an acute change: the acute change's kind of day (it reads
    #: "the pharmacy stops packing from the roll ... (follow-up of an acute stop on ...)").
    follow_up_of_day: date | None = None
    #: The day the order is wanted from when its roll starts later (``Change.wanted_from``).
    wanted_from: date | None = None
    #: The name of the person who registered it (``registered_by`` is the login).
    registered_by_name: str = ""

    @property
    def days_before_roll(self) -> tuple[date, date] | None:
        """The days the order is wanted but not yet in the roll (bags handled or manual
        dispensing), or None."""
        from dosisdesk.domain.periods import days_before_roll

        return days_before_roll(self.wanted_from, self.effective_date)


@dataclass(frozen=True, slots=True)
class PeriodColumn:
    """One period of the card: its dates and status, and the lines as they will be in it."""

    period: PeriodDTO
    lines: tuple[LineDTO, ...]
    changes: tuple[ChangeDTO, ...]
    is_current: bool


@dataclass(frozen=True, slots=True)
class FlagDTO:
    citizen_id: int
    citizen_name: str
    cpr: str
    team_name: str
    severity: Severity
    line_a: int
    line_b: int
    version_a: int
    version_b: int
    label_a: str
    label_b: str
    supply_a: Supply
    supply_b: Supply
    atc_a: str
    atc_b: str
    overlap_from: date
    acknowledged: bool = False
    ack_reason: str = ""


@dataclass(frozen=True, slots=True)
class ContactDTO:
    id: int
    citizen_id: int
    citizen_name: str
    cpr: str
    kind: ContactKind
    hospital: str
    department: str
    phone: str
    started_at: datetime
    ended_at: datetime | None
    somatic: bool
    municipal_nursing: bool
    extended_until: datetime | None
    responsibility_until: datetime | None
    window_open: bool
    dd_paused: bool
    note: str
    epicrisis_received: bool
    fmk_checked: bool
    changes_registered: bool
    dd_decided: bool
    version: int
    admitted: bool = False  # an admission going on now: the hospital answers (R6)

    @property
    def checklist_done(self) -> bool:
        return all(
            (self.epicrisis_received, self.fmk_checked, self.changes_registered, self.dd_decided)
        )


@dataclass(frozen=True, slots=True)
class RenewalDTO:
    line_id: int
    citizen_id: int
    citizen_name: str
    cpr: str
    product_label: str
    valid_until: date | None
    request_id: int | None
    state: RenewalState | None
    rejection_reason: RejectionReason | None
    sent_at: datetime | None
    version: int | None
    #: expired / within 7 days / within 28 days (:func:`domain.renewals.renewal_urgency`)
    urgency: RenewalUrgency | None = None


@dataclass(frozen=True, slots=True)
class PauseDTO:
    card_id: int
    paused_at: datetime
    resumed_at: datetime | None
    reason: str


@dataclass(frozen=True, slots=True)
class CardView:
    """A citizen's card now and in each coming period (what the card screen and CLI show)."""

    citizen: CitizenDTO
    card_id: int
    packing_group: str
    pharmacy: str
    paused: bool
    pause: PauseDTO | None
    today: date
    lines_today: tuple[LineDTO, ...]
    columns: tuple[PeriodColumn, ...]
    open_changes: tuple[ChangeDTO, ...]
    hidden_private: int
    flags: tuple[FlagDTO, ...] = ()
    contacts: tuple[ContactDTO, ...] = ()
    renewals: tuple[RenewalDTO, ...] = ()
    other_cards: tuple[int, ...] = field(default_factory=tuple)
    #: today's bags (the day view the card opens on), read with the card: one access, one entry
    bags_today: tuple[tuple[str, tuple[BagEntryDTO, ...]], ...] = ()
    acute_in_roll: tuple[AcuteInRollDTO, ...] = ()


@dataclass(frozen=True, slots=True)
class QueueRow:
    change_id: int
    citizen_id: int
    citizen_name: str
    cpr: str
    team_name: str
    pharmacy: str
    packing_group: str
    period_first_day: date
    deadline: datetime
    kind: ChangeKind
    product_label: str
    dosage: str
    state: ChangeState
    acute: bool
    missed_deadlines: int
    registered_at: datetime
    registered_by: str
    version: int
    follow_up_of: int | None = None  # the acute change this row follows up (acute = True then)
    follow_up_of_day: date | None = None  # the day that acute change took effect
    #: The days the order is wanted before its roll starts (bags handled or manual dispensing).
    days_before_roll: tuple[date, date] | None = None
    #: The name of the person who registered it (``registered_by`` is the login).
    registered_by_name: str = ""


@dataclass(frozen=True, slots=True)
class BagEntryDTO:
    """One line in one bag as the roll holds it, and what an acute change asks of the bag."""

    line: LineDTO  # the line as packed in the roll
    day: date
    slot: str
    packed: str  # the amount in the bag, as written on the card ("1", "½")
    prescribed: str  # what the card prescribes for this bag now ("0" when stopped)
    action: BagAction | None  # None: no acute change concerns this bag
    change_id: int | None
    step_id: int | None
    done_at: datetime | None
    done_by: str | None  # the login
    done_by_name: str | None = None  # the person's name, as shown

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True, slots=True)
class StepDTO:
    """One step of an acute change's handling (a named bag, or asking the pharmacy)."""

    id: int
    change_id: int
    citizen_id: int
    kind: HandlingKind
    day: date | None
    slot: str | None
    done_at: datetime | None
    done_by: str | None  # the login
    done_by_name: str | None = None  # the person's name, as shown


@dataclass(frozen=True, slots=True)
class AcuteInRollDTO:
    """An acute change in force on the card that the roll in the home does not carry yet."""

    change: ChangeDTO
    label: str  # the drug
    carried_from: date | None  # the first day of the roll that carries it (its follow-up)
    steps: tuple[StepDTO, ...]
    bags: tuple[BagEntryDTO, ...]  # the affected bags from today until the roll carries it

    @property
    def open_steps(self) -> int:
        return sum(1 for s in self.steps if s.done_at is None)


@dataclass(frozen=True, slots=True)
class OpenHandlingDTO:
    """A citizen's acute change with handling steps still to do (lists, handover, desk)."""

    change_id: int
    citizen_id: int
    citizen_name: str
    cpr: str
    team_name: str
    label: str
    kind: ChangeKind
    effective: date
    carried_from: date | None
    open_steps: tuple[StepDTO, ...]
