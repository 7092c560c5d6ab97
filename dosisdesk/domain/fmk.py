"""FMK (Fælles Medicinkort) in the app's own terms: what a medicine card says, and how its
structured dosages map onto the app's dosage notation.

The parser (``dosisdesk.interop.fmk``) turns a validated GetMedicineCardResponse into the plain
values below; nothing here knows XML. The indication is never part of these values (R11: it is
never stored nor printed), and a private-marked drug medication is only counted.

**Mapping a dosage** (:func:`map_dosage`). FMK's structured dosage is a list of *structures*, each
with an iteration interval (or "not iterated"), a start and end date, an optional supplementary
text, and numbered *days* holding *doses* (a time — morning, noon, evening, night or a clock time
— and a quantity, or a minimal/maximal quantity). The app's notation (``domain/dosage.py``) holds
amounts per slot or clock time, every day or on some weekdays. A dosage maps **exactly** when:

* it has one structure (fixed, or according to need), not several over time, and not both kinds
  (a combined dosage is one FMK line that the app would need two lines for);
* the structure repeats every day (iteration 1, day 1), or every week (iteration 7, days 1..7 with
  the same doses on each day named; day *n* is the weekday of start date + *n* − 1);
* every dose names its time (a dose without a time — "1 tablet 3 gange daglig" — is never placed
  in a bag by guessing), no time twice on one day, a clock time on the whole minute;
* every quantity is a single positive number with at most two decimals (no minimal/maximal).

Everything else (free text, "according to the schema in the local system", several structures,
combined, a dose without a time, a range, an interval of 2 days, ...) is kept as FMK's own dosage
text, and a drug medication FMK dispenses in doses is then marked *cannot be dose-dispensed as
given* and placed beside the roll: nothing is guessed. :func:`to_fmk_structure` is the inverse
of an exact mapping, so FMK → notation → FMK gives the same structure (tested as a property).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from dosisdesk.domain.dosage import format_dosage
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.domain.types import SLOT_ORDER, ChangeKind, Dosage, DoseEntry, LineStatus, Supply

__all__ = [
    "CardLine",
    "Difference",
    "FmkAuthor",
    "FmkCard",
    "FmkDay",
    "FmkDocumentError",
    "FmkDosage",
    "FmkDosageKind",
    "FmkDose",
    "FmkDrugMedication",
    "FmkStructure",
    "MappedDosage",
    "NotMapped",
    "ProposalKind",
    "map_dosage",
    "reconcile",
    "supply_for",
    "to_fmk_structure",
]

SLOT_TIMES = tuple(s.value for s in SLOT_ORDER)


class FmkDosageKind(enum.StrEnum):
    """What a drug medication's dosage is made of (counted in the read's report)."""

    FIXED = "fixed"  # StructuresFixed only
    ACCORDING_TO_NEED = "according_to_need"  # StructuresAccordingToNeed only
    COMBINED = "combined"  # both
    FREE_TEXT = "free_text"
    LOCAL_SCHEMA = "local_schema"  # AdministrationAccordingToSchemaInLocalSystem
    NONE = "none"  # no structure at all (only empty structures)


class NotMapped(enum.StrEnum):
    """Why a dosage does not map exactly (the words are ``dosisdesk.words.NOT_MAPPED``)."""

    FREE_TEXT = "free_text"
    LOCAL_SCHEMA = "local_schema"
    COMBINED = "combined"
    SEVERAL_STRUCTURES = "several_structures"
    NO_STRUCTURE = "no_structure"
    NOT_ITERATED = "not_iterated"
    INTERVAL = "interval"
    ANY_DAY = "any_day"
    DAYS_DIFFER = "days_differ"
    NO_TIME = "no_time"
    TIME_TWICE = "time_twice"
    SECONDS = "seconds"
    RANGE = "range"
    QUANTITY = "quantity"
    ENDS_EARLY = "ends_early"


@dataclass(frozen=True, slots=True)
class FmkAuthor:
    """Who made or last changed something in FMK (Created/Modified)."""

    name: str
    organisation: str = ""
    authorisation: str = ""

    @property
    def label(self) -> str:
        return ", ".join(p for p in (self.name, self.organisation) if p)


@dataclass(frozen=True, slots=True)
class FmkDose:
    """One dose: ``time`` is morning/noon/evening/night, a clock time "HH:MM:SS", or None."""

    time: str | None
    quantity: Decimal | None = None
    minimal: Decimal | None = None
    maximal: Decimal | None = None


@dataclass(frozen=True, slots=True)
class FmkDay:
    number: int
    doses: tuple[FmkDose, ...]


@dataclass(frozen=True, slots=True)
class FmkStructure:
    """One dosage structure. ``iteration_interval`` None means "not iterated"."""

    iteration_interval: int | None
    start: date
    end: date | None = None
    supplementary_text: str = ""
    days: tuple[FmkDay, ...] = ()
    any_day: tuple[FmkDose, ...] | None = None
    text: str = ""  # FMK's own translation (ShortText, else LongText)


@dataclass(frozen=True, slots=True)
class FmkDosage:
    type: str  # FMK's Dosage/Type: "fast", "efter behov", "kombineret", "ikke angivet"
    fixed: tuple[FmkStructure, ...] = ()
    according_to_need: tuple[FmkStructure, ...] = ()
    free_text: str | None = None
    local_schema: bool = False
    unit: str = ""  # plural unit text ("tabletter")
    text: str = ""  # FMK's combined translation or free text: what a person reads

    @property
    def kind(self) -> FmkDosageKind:
        if self.free_text is not None:
            return FmkDosageKind.FREE_TEXT
        if self.local_schema:
            return FmkDosageKind.LOCAL_SCHEMA
        if self.fixed and self.according_to_need:
            return FmkDosageKind.COMBINED
        if self.fixed:
            return FmkDosageKind.FIXED
        if self.according_to_need:
            return FmkDosageKind.ACCORDING_TO_NEED
        return FmkDosageKind.NONE


@dataclass(frozen=True, slots=True)
class FmkDrugMedication:
    """One drug medication (a line on FMK's card), without its indication."""

    identifier: str
    version: str
    atc: str
    atc_text: str
    drug_name: str
    drug_identifier: str
    form: str
    strength: str
    begin: date | None  # None: FMK says "started previously"
    end: date | None
    dosage: FmkDosage
    dose_dispensed: bool
    author: FmkAuthor
    modified_at: datetime
    withdrawn: bool = False
    paused: bool = False

    def ended_by(self, day: date) -> bool:
        """Withdrawn, or its treatment ends before ``day`` (the end date is the last day)."""
        return self.withdrawn or (self.end is not None and self.end < day)


@dataclass(frozen=True, slots=True)
class FmkCard:
    """A citizen's medicine card as FMK gave it."""

    cpr: str
    given_name: str
    surname: str
    birth_date: date | None
    address: str
    version: str
    modified_at: datetime | None
    author: FmkAuthor | None
    drug_medications: tuple[FmkDrugMedication, ...] = field(default_factory=tuple)
    private_count: int = 0
    private_identifiers: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class MappedDosage:
    """A dosage in the app's terms. ``notation`` is set exactly when the dosage maps."""

    kind: FmkDosageKind
    notation: str | None
    text: str  # FMK's own words, always kept for the nurse to read
    reason: NotMapped | None = None
    note: str = ""  # the supplementary text ("ved smerter"), shown beside the dose

    @property
    def exact(self) -> bool:
        return self.notation is not None


def _clock(time: str) -> tuple[str | None, NotMapped | None]:
    """ "HH:MM:SS" (or "HH:MM") → "HH:MM"; seconds other than 00 do not map."""
    parts = time.split(":")
    if len(parts) < 2 or not all(p.isdigit() for p in parts[:2]):
        return None, NotMapped.NO_TIME
    hh, mm = int(parts[0]), int(parts[1])
    if len(parts) > 2 and Decimal(parts[2] or "0") != 0:
        return None, NotMapped.SECONDS
    if hh > 23 or mm > 59:
        return None, NotMapped.NO_TIME
    return f"{hh:02d}:{mm:02d}", None


def _entries(doses: tuple[FmkDose, ...]) -> tuple[tuple[DoseEntry, ...] | None, NotMapped | None]:
    seen: dict[str, Decimal] = {}
    for d in doses:
        if d.time is None:
            return None, NotMapped.NO_TIME
        if d.quantity is None:
            return None, NotMapped.RANGE
        q = d.quantity
        if q <= 0 or q != q.quantize(Decimal("0.01")) or q > Decimal(1000):
            return None, NotMapped.QUANTITY
        if d.time in SLOT_TIMES:
            at: str | None = d.time
        else:
            at, why = _clock(d.time)
            if at is None:
                return None, why
        assert at is not None
        if at in seen:
            return None, NotMapped.TIME_TWICE
        seen[at] = _canonical(q)
    order = {s: i for i, s in enumerate(SLOT_TIMES)}
    entries = tuple(
        DoseEntry(at, amount)
        for at, amount in sorted(seen.items(), key=lambda kv: (order.get(kv[0], 9), kv[0]))
    )
    return entries, None


def _canonical(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def structure_to_dosage(s: FmkStructure) -> tuple[Dosage | None, NotMapped | None]:
    """One structure as an app :class:`Dosage`, or why it does not map."""
    if s.any_day is not None:
        return None, NotMapped.ANY_DAY
    if s.iteration_interval is None:
        return None, NotMapped.NOT_ITERATED
    if not s.days:
        return None, NotMapped.NO_STRUCTURE
    if s.iteration_interval == 1:
        if len(s.days) != 1 or s.days[0].number != 1:
            return None, NotMapped.INTERVAL
        entries, why = _entries(s.days[0].doses)
        if entries is None:
            return None, why
        return Dosage(entries=entries), None
    if s.iteration_interval == 7:
        numbers = [d.number for d in s.days]
        if len(set(numbers)) != len(numbers) or not all(1 <= n <= 7 for n in numbers):
            return None, NotMapped.INTERVAL
        first: tuple[DoseEntry, ...] | None = None
        for day in s.days:
            entries, why = _entries(day.doses)
            if entries is None:
                return None, why
            if first is not None and entries != first:
                return None, NotMapped.DAYS_DIFFER
            first = entries
        assert first is not None
        weekdays = frozenset((s.start + timedelta(days=n - 1)).weekday() for n in numbers)
        return Dosage(entries=first, weekdays=weekdays), None
    return None, NotMapped.INTERVAL


def map_dosage(d: FmkDosage, treatment_end: date | None = None) -> MappedDosage:
    """FMK's dosage in the app's notation where it maps exactly (see the module docstring)."""
    kind = d.kind
    text = d.text or " / ".join(s.text for s in (*d.fixed, *d.according_to_need) if s.text)

    def no(reason: NotMapped, note: str = "") -> MappedDosage:
        return MappedDosage(kind, None, text, reason, note)

    if kind is FmkDosageKind.FREE_TEXT:
        return no(NotMapped.FREE_TEXT)
    if kind is FmkDosageKind.LOCAL_SCHEMA:
        return no(NotMapped.LOCAL_SCHEMA)
    if kind is FmkDosageKind.NONE:
        return no(NotMapped.NO_STRUCTURE)
    structures = d.fixed or d.according_to_need
    notes = [s.supplementary_text for s in (*d.fixed, *d.according_to_need)]
    note = "; ".join(dict.fromkeys(n for n in notes if n))
    if kind is FmkDosageKind.COMBINED:
        return no(NotMapped.COMBINED, note)
    if len(structures) != 1:
        return no(NotMapped.SEVERAL_STRUCTURES, note)
    s = structures[0]
    if s.end is not None and (treatment_end is None or s.end < treatment_end):
        return no(NotMapped.ENDS_EARLY, note)
    dosage, why = structure_to_dosage(s)
    if dosage is None:
        assert why is not None
        return no(why, note)
    return MappedDosage(kind, format_dosage(dosage), text, None, note)


def to_fmk_structure(d: Dosage, start: date) -> FmkStructure:
    """The inverse of an exact mapping: the FMK structure an app dosage stands for.

    Every day → iteration 1 with day 1; on some weekdays → iteration 7 with the days (counted
    from ``start``) that fall on those weekdays.
    """
    doses = tuple(
        FmkDose(time=e.at if e.at in SLOT_TIMES else f"{e.at}:00", quantity=e.amount)
        for e in d.entries
    )
    if not d.weekdays:
        return FmkStructure(iteration_interval=1, start=start, days=(FmkDay(1, doses),))
    days = tuple(
        FmkDay(n, doses)
        for n in range(1, 8)
        if (start + timedelta(days=n - 1)).weekday() in d.weekdays
    )
    return FmkStructure(iteration_interval=7, start=start, days=days)


def supply_for(dm: FmkDrugMedication, mapped: MappedDosage) -> Supply:
    """Where the line goes (R2's roll or beside it).

    According to need → as needed (PN). Dose-dispensed in FMK and mapped exactly → in the roll.
    Dose-dispensed but not mapped ("cannot be dose-dispensed as given") → beside the roll, with
    FMK's text, until someone clarifies it with the doctor. Otherwise → beside the roll.
    """
    if mapped.kind is FmkDosageKind.ACCORDING_TO_NEED:
        return Supply.AS_NEEDED
    if dm.dose_dispensed and mapped.exact:
        return Supply.DOSE_ROLL
    return Supply.ORDINARY


def cannot_dose_dispense(dm: FmkDrugMedication, mapped: MappedDosage) -> bool:
    """FMK dispenses it in doses, but its dosage does not map: "kan ikke dosisdispenseres som
    angivet"."""
    return dm.dose_dispensed and not mapped.exact


class FmkDocumentError(InvalidInput):
    """An FMK document that cannot be read: too large, not XML, not FMK's, not valid against
    FMK's schema, or for another citizen. ``path`` names the element ("/GetMedicineCardResponse/
    MedicineCard/DrugMedication[2]/Dosage") and ``message`` says the problem in Danish."""


# ---------------------------------------------------------------------------
# Reconciliation: FMK's card against the citizen's card
# ---------------------------------------------------------------------------


class ProposalKind(enum.StrEnum):
    """The differences FMK's card can show, each proposed as one change."""

    NEW = "new"  # a drug on FMK that the card lacks
    DOSE = "dose"  # the dose differs
    ENDED = "ended"  # ended, withdrawn or gone from FMK
    INTO_ROLL = "into_roll"  # FMK dispenses it in doses; the card has it beside the roll
    OUT_OF_ROLL = "out_of_roll"  # the other way
    SUPPLY = "supply"  # beside the roll <-> as needed
    SUBSTITUTED = "substituted"  # another trade name of the same substance
    NOT_IN_FMK = "not_in_fmk"  # a line on the card that FMK does not have


PROPOSAL_CHANGE_KIND: dict[ProposalKind, ChangeKind] = {
    ProposalKind.NEW: ChangeKind.NEW,
    ProposalKind.DOSE: ChangeKind.DOSE_CHANGE,
    ProposalKind.ENDED: ChangeKind.DISCONTINUE,
    ProposalKind.INTO_ROLL: ChangeKind.SWITCH_SUPPLY,
    ProposalKind.OUT_OF_ROLL: ChangeKind.SWITCH_SUPPLY,
    ProposalKind.SUPPLY: ChangeKind.SWITCH_SUPPLY,
    ProposalKind.SUBSTITUTED: ChangeKind.DOSE_CHANGE,
    ProposalKind.NOT_IN_FMK: ChangeKind.DISCONTINUE,
}


@dataclass(frozen=True, slots=True)
class CardLine:
    """A line of the citizen's card as reconciliation sees it: its content on the day a change
    registered now would take effect (so changes already queued count)."""

    line_id: int
    fmk_id: str | None
    atc: str
    trade_name: str
    strength: str
    dosage: str
    supply: Supply
    status: LineStatus
    private: bool = False
    temporary: bool = False  # an acute change's interim line or a supply-failure line


@dataclass(frozen=True, slots=True)
class Difference:
    kind: ProposalKind
    line_id: int | None
    dm: FmkDrugMedication | None
    mapped: MappedDosage | None
    supply: Supply | None
    dosage: str  # the notation, or FMK's text when it does not map

    @property
    def change_kind(self) -> ChangeKind:
        return PROPOSAL_CHANGE_KIND[self.kind]

    @property
    def key(self) -> tuple[str, str]:
        """What makes two proposals "the same thing": the FMK line (or the card line) and kind."""
        who = f"fmk:{self.dm.identifier}" if self.dm is not None else f"line:{self.line_id}"
        return (who, self.kind.value)


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace(",", ".").split())


def _same_dosage(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def reconcile(card: FmkCard, lines: Sequence[CardLine], day: date) -> list[Difference]:
    """Every difference between FMK's card and the citizen's lines as of ``day`` (the first day of
    the roll a change registered now would reach, R2).

    Lines are matched by FMK identifier; a line not yet linked to FMK is matched by ATC code when
    exactly one such line has that code (the first read of a card typed in by hand). Private-
    marked FMK entries are never compared (their content is not in the document); a card line
    linked to one is left alone. Temporary lines (acute interim, supply failure) are the app's own
    and are never proposed away. A paused line is compared on its content, not its pause.
    """
    live = [ln for ln in lines if ln.status is not LineStatus.DISCONTINUED and not ln.temporary]
    by_fmk = {ln.fmk_id: ln for ln in live if ln.fmk_id}
    unlinked = [ln for ln in live if not ln.fmk_id]
    used: set[int] = set()
    out: list[Difference] = []
    for dm in sorted(card.drug_medications, key=lambda d: (d.drug_name.casefold(), d.identifier)):
        line = by_fmk.get(dm.identifier)
        if line is None:
            same_atc = [ln for ln in unlinked if ln.atc == dm.atc and ln.line_id not in used]
            if len(same_atc) == 1:
                line = same_atc[0]
        if line is not None:
            used.add(line.line_id)
        if line is not None and line.private:
            continue
        if dm.ended_by(day):
            if line is not None:
                out.append(Difference(ProposalKind.ENDED, line.line_id, dm, None, None, ""))
            continue
        mapped = map_dosage(dm.dosage, dm.end)
        supply = supply_for(dm, mapped)
        dosage = mapped.notation if mapped.notation is not None else mapped.text
        if line is None:
            out.append(Difference(ProposalKind.NEW, None, dm, mapped, supply, dosage))
            continue
        if supply is not line.supply:
            if supply is Supply.DOSE_ROLL:
                kind = ProposalKind.INTO_ROLL
            elif line.supply is Supply.DOSE_ROLL:
                kind = ProposalKind.OUT_OF_ROLL
            else:
                kind = ProposalKind.SUPPLY
        elif line.trade_name.casefold() != dm.drug_name.casefold():
            kind = ProposalKind.SUBSTITUTED
        elif not _same_dosage(line.dosage, dosage) or _norm(line.strength) != _norm(dm.strength):
            kind = ProposalKind.DOSE
        else:
            continue
        out.append(Difference(kind, line.line_id, dm, mapped, supply, dosage))
    ids = {dm.identifier for dm in card.drug_medications}
    for ln in live:
        if ln.line_id in used or ln.private:
            continue
        if ln.fmk_id and (ln.fmk_id in card.private_identifiers or ln.fmk_id in ids):
            continue
        out.append(
            Difference(
                ProposalKind.NOT_IN_FMK if not ln.fmk_id else ProposalKind.ENDED,
                ln.line_id,
                None,
                None,
                None,
                "",
            )
        )
    return out
