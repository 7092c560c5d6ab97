"""FMK in: read a citizen's FMK medicine card, propose every difference as a change, and let a
person accept (it becomes a registered change) or reject (with a reason) each proposal.

The rules, in the order a read applies them:

* The document was already checked (size, secure parse, FMK's schema) and mapped by
  ``dosisdesk.interop.fmk``; this module sees only :class:`~dosisdesk.domain.fmk.FmkCard`.
* A card for another CPR than the chosen citizen is refused; a citizen not in dosisdesk is
  :class:`CitizenNotInDosisdesk` (a coordinator may create them from the card,
  :func:`create_citizen`).
* Every read is an audited access to the citizen (``fmk.read``); only what is mapped is kept
  (an ``fmk_reads`` row with the card's version and counts, and the proposals). The indication and
  private-marked entries never reach the database.
* The differences are computed against the card *as of the first day of the roll a change
  registered now would reach* (R2, the same targeting the change dialog uses), so a change
  already queued for the same thing counts and is not proposed twice.
* The same FMK version of the same drug medication is never proposed twice, whatever became of
  the first proposal; a newer version supersedes a pending older one, and a pending proposal whose
  difference has gone (someone registered it by hand) is superseded as well.
* Nothing is queued without a person: :func:`accept` registers a planned change (never acute:
  an acute change needs a doctor's decision and a handling, which FMK does not carry), attributed
  to the person accepting, source "FMK", the FMK author as the ordering doctor, the FMK version
  kept on the change and on the line versions it writes.

Size: one use case (a read) with its rules, proposals and their acceptance; splitting it
would scatter one reconciliation over several modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from dosisdesk.domain import queue as q
from dosisdesk.domain.calendar import is_before
from dosisdesk.domain.cpr import birth_date, format_cpr, mask_cpr, normalize_cpr
from dosisdesk.domain.errors import ConflictError, InvalidInput, NotFound, RuleViolation
from dosisdesk.domain.fmk import (
    CardLine,
    Difference,
    FmkCard,
    FmkDocumentError,
    ProposalKind,
    reconcile,
)
from dosisdesk.domain.text import full_name, name_sort_key, product_label
from dosisdesk.domain.types import ChangeKind, PeriodDTO, Role, Supply
from dosisdesk.services import audit
from dosisdesk.services.access import card_of, check_access, checked_citizen, citizen_by_cpr
from dosisdesk.services.changes import ChangeRequest, register
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ChangeDTO
from dosisdesk.storage import fmk as store
from dosisdesk.storage import models as m
from dosisdesk.storage import repo
from dosisdesk.storage.fmk import ACCEPTED, PENDING, REJECTED, SUPERSEDED
from dosisdesk.words import FMK_PROPOSAL_KIND, SUPPLY

__all__ = [
    "SOURCE",
    "CitizenNotInDosisdesk",
    "FmkCitizenRow",
    "FmkReadDTO",
    "FmkStatus",
    "ProposalDTO",
    "ReadResult",
    "accept",
    "citizens_with_differences",
    "create_citizen",
    "inbox_folder",
    "read_card",
    "reject",
    "set_inbox_folder",
    "status",
]

SOURCE = "FMK"

#: The words for a proposal's kind and state are ``words.FMK_PROPOSAL_KIND`` and
#: ``words.FMK_PROPOSAL_STATE``.


class CitizenNotInDosisdesk(NotFound):
    """The FMK card is for a citizen dosisdesk does not have (yet)."""

    def __init__(self, card: FmkCard):
        super().__init__(
            "services.fmk.citizen_not_in_dosisdesk",
            masked=mask_cpr(card.cpr),
            given_name=card.given_name,
            surname=card.surname,
            cpr=format_cpr(card.cpr),
        )
        self.card = card


# ---------------------------------------------------------------------------
# DTOs
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FmkReadDTO:
    id: int
    read_at: datetime
    read_by: str
    source: str
    card_version: str
    fmk_modified_at: datetime | None
    drug_medications: int
    private_count: int
    differences: int
    read_by_name: str = ""  # the person's name (``read_by`` is the login)


@dataclass(frozen=True, slots=True)
class ProposalDTO:
    id: int
    citizen_id: int
    kind: ProposalKind
    change_kind: ChangeKind
    fmk_id: str | None
    fmk_version: str | None
    line_id: int | None
    drug: str  # trade name and strength
    atc: str
    dosage: str
    dosage_exact: bool
    supply: Supply | None
    before: str
    note: str
    author: str
    fmk_modified_at: datetime | None
    created_at: datetime
    state: str
    decided_at: datetime | None
    decided_by: str | None
    reject_reason: str
    change_id: int | None
    version: int

    @property
    def kind_da(self) -> str:
        return FMK_PROPOSAL_KIND[self.kind]

    @property
    def cannot_dose_dispense(self) -> bool:
        """FMK dispenses it in doses but its dosage is only text: placed beside the roll."""
        return not self.dosage_exact and self.supply is Supply.ORDINARY and bool(self.dosage)

    @property
    def after(self) -> str:
        """What the line becomes, in Danish."""
        if self.change_kind is ChangeKind.DISCONTINUE:
            return "seponeres"
        where = SUPPLY[self.supply] if self.supply else ""
        dose = self.dosage or "ingen fast dosis"
        return f"{self.drug}: {dose} ({where})" if where else f"{self.drug}: {dose}"


@dataclass(frozen=True, slots=True)
class ReadResult:
    citizen_id: int
    cpr: str
    name: str
    read: FmkReadDTO
    new: tuple[ProposalDTO, ...]
    pending: tuple[ProposalDTO, ...]
    superseded: int
    target: PeriodDTO


@dataclass(frozen=True, slots=True)
class FmkStatus:
    citizen_id: int
    cpr: str
    name: str
    last_read: FmkReadDTO | None
    pending: tuple[ProposalDTO, ...]
    decided: tuple[ProposalDTO, ...]
    target: PeriodDTO | None


@dataclass(frozen=True, slots=True)
class FmkCitizenRow:
    citizen_id: int
    cpr: str
    name: str
    team: str
    pending: int
    oldest: datetime
    last_read_at: datetime | None
    card_version: str


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def _card_lines(s: Session, card: m.Card, day: date) -> list[CardLine]:
    versions = repo.versions_at(s, [card.id], day)
    if not versions:
        return []
    lines = store.lines_by_id(s, [v.line_id for v in versions])
    products = store.products_by_id(s, {v.product_id for v in versions})
    out = []
    for v in versions:
        ln, p = lines[v.line_id], products[v.product_id]
        out.append(
            CardLine(
                line_id=v.line_id,
                fmk_id=ln.fmk_id,
                atc=p.atc,
                trade_name=p.trade_name,
                strength=p.strength,
                dosage=v.dosage,
                supply=v.supply,
                status=v.status,
                private=v.private,
                temporary=ln.origin_acute_change_id is not None or ln.supply_failure_id is not None,
            )
        )
    return out


def _before(ln: CardLine | None) -> str:
    if ln is None:
        return ""
    dose = ln.dosage or "ingen fast dosis"
    return f"{product_label(ln.trade_name, ln.strength)}: {dose} ({SUPPLY[ln.supply]})".strip()


def _read_dto(s: Session, r: m.FmkRead) -> FmkReadDTO:
    who = s.get(m.User, r.read_by)
    return FmkReadDTO(
        r.id,
        r.read_at,
        who.username if who else "?",
        r.source,
        r.card_version,
        r.fmk_modified_at,
        r.drug_medications,
        r.private_count,
        r.differences,
        who.full_name if who else "?",
    )


def _proposal_dto(s: Session, p: m.FmkProposal) -> ProposalDTO:
    who = s.get(m.User, p.decided_by) if p.decided_by else None
    return ProposalDTO(
        id=p.id,
        citizen_id=p.citizen_id,
        kind=ProposalKind(p.kind),
        change_kind=ChangeKind(p.change_kind),
        fmk_id=p.fmk_id,
        fmk_version=p.fmk_version,
        line_id=p.line_id,
        drug=f"{p.drug_name} {p.strength}".strip(),
        atc=p.atc,
        dosage=p.dosage,
        dosage_exact=p.dosage_exact,
        supply=Supply(p.supply) if p.supply else None,
        before=p.before,
        note=p.note,
        author=p.author,
        fmk_modified_at=p.fmk_modified_at,
        created_at=p.created_at,
        state=p.state,
        decided_at=p.decided_at,
        decided_by=who.username if who else None,
        reject_reason=p.reject_reason,
        change_id=p.change_id,
        version=p.version_id,
    )


def _key(p: m.FmkProposal) -> tuple[str, str]:
    who = f"fmk:{p.fmk_id}" if p.fmk_id else f"line:{p.line_id}"
    return (who, p.kind)


def read_card(
    ctx: Ctx, card: FmkCard, *, source: str = "file", expected_cpr: str | None = None
) -> ReadResult:
    """Reconcile FMK's card with the citizen's card; store the new proposals (one unit of work).

    Raises :class:`FmkDocumentError` when ``expected_cpr`` is given and the card is another
    citizen's, and :class:`CitizenNotInDosisdesk` when dosisdesk has no such citizen.
    """
    ctx.require_role(Role.NURSE, Role.COORDINATOR, Role.ADMINISTRATOR)
    if expected_cpr is not None and normalize_cpr(expected_cpr) != card.cpr:
        raise FmkDocumentError("services.fmk.card_another_citizen", cpr=mask_cpr(card.cpr))
    now = ctx.now()
    with ctx.db.begin() as s:
        try:
            citizen = citizen_by_cpr(s, card.cpr)
        except NotFound as e:
            raise CitizenNotInDosisdesk(card) from e
        check_access(ctx, citizen)
        dcard = card_of(s, citizen)
        periods = repo.group_periods_ahead(s, dcard.packing_group_id, now)
        tp = q.target_period(periods, now)
        lines = _card_lines(s, dcard, tp.first_day)
        by_id = {ln.line_id: ln for ln in lines}
        diffs = reconcile(card, lines, tp.first_day)
        read = m.FmkRead(
            citizen_id=citizen.id,
            read_at=now,
            read_by=ctx.actor.id,
            source=source,
            card_version=card.version,
            fmk_modified_at=card.modified_at,
            drug_medications=len(card.drug_medications),
            private_count=card.private_count,
            differences=len(diffs),
        )
        s.add(read)
        s.flush()
        existing = store.proposals_of(s, citizen.id)
        new_rows: list[m.FmkProposal] = []
        live_keys: set[tuple[str, str]] = set()
        for d in diffs:
            live_keys.add(d.key)
            version = d.dm.version if d.dm is not None else card.version
            same = [p for p in existing if _key(p) == d.key and p.state != SUPERSEDED]
            if any(p.fmk_version == version for p in same):
                continue  # this FMK version of this thing was proposed before
            if any(p.state == PENDING for p in same) and d.dm is None:
                continue  # a card line FMK lacks: still pending from an earlier read
            for p in same:
                if p.state == PENDING:
                    p.state = SUPERSEDED
                    p.decided_at = now
            row = _proposal_row(citizen.id, read.id, d, by_id.get(d.line_id or -1), version, now)
            s.add(row)
            new_rows.append(row)
        superseded = 0
        for p in existing:
            if p.state == PENDING and _key(p) not in live_keys:
                p.state = SUPERSEDED
                p.decided_at = now
                superseded += 1
        s.flush()
        audit.record(
            s,
            ctx.actor,
            now,
            "fmk.read",
            "citizen",
            citizen.id,
            citizen.id,
            after={
                "source": source,
                "card_version": card.version,
                "drug_medications": len(card.drug_medications),
                "private": card.private_count,
                "differences": len(diffs),
                "proposed": [p.id for p in new_rows],
            },
        )
        pending = store.pending_proposals(s, citizen.id)
        return ReadResult(
            citizen_id=citizen.id,
            cpr=citizen.cpr,
            name=full_name(citizen.first_name, citizen.last_name),
            read=_read_dto(s, read),
            new=tuple(_proposal_dto(s, p) for p in new_rows),
            pending=tuple(_proposal_dto(s, p) for p in pending),
            superseded=superseded,
            target=repo.to_period_dto(tp),
        )


def _proposal_row(
    citizen_id: int,
    read_id: int,
    d: Difference,
    line: CardLine | None,
    version: str,
    now: datetime,
) -> m.FmkProposal:
    dm = d.dm
    drug_name = dm.drug_name if dm is not None else (line.trade_name if line else "")
    strength = dm.strength if dm is not None else (line.strength if line else "")
    return m.FmkProposal(
        citizen_id=citizen_id,
        read_id=read_id,
        kind=d.kind.value,
        change_kind=d.change_kind.value,
        fmk_id=dm.identifier if dm is not None else (line.fmk_id if line else None),
        fmk_version=version,
        line_id=d.line_id,
        atc=dm.atc if dm is not None else (line.atc if line else ""),
        drug_name=drug_name[:200],
        strength=strength[:100],
        form=(dm.form if dm is not None else "")[:200],
        substance=(dm.atc_text if dm is not None else "")[:200],
        dosage=" ".join(d.dosage.split())[:200],
        dosage_exact=d.mapped.exact if d.mapped is not None else True,
        supply=d.supply.value if d.supply is not None else None,
        before=_before(line),
        note=(d.mapped.note if d.mapped is not None else ""),
        author=(dm.author.label if dm is not None else "")[:300],
        fmk_modified_at=dm.modified_at if dm is not None else None,
        created_at=now,
        state=PENDING,
    )


# ---------------------------------------------------------------------------
# Deciding
# ---------------------------------------------------------------------------


def _open(s: Session, ctx: Ctx, proposal_id: int, version: int | None) -> m.FmkProposal:
    p = s.get(m.FmkProposal, proposal_id)
    if p is None:
        raise NotFound("services.fmk.no_proposal", proposal_id=proposal_id)
    checked_citizen(s, ctx, p.citizen_id)
    if version is not None and p.version_id != version:
        raise ConflictError(
            "services.fmk.proposal_changed_meanwhile",
            proposal_id=proposal_id,
            state=p.state,
            changed={"state": (None, p.state)},
        )
    if p.state != PENDING:
        raise RuleViolation(
            "services.fmk.proposal",
            proposal_id=proposal_id,
            state=p.state,
        )
    return p


def _norm_strength(text: str) -> str:
    return "".join(text.casefold().replace(",", ".").split())


def _product(s: Session, ctx: Ctx, p: m.FmkProposal) -> int:
    """The catalogue product for a proposal's drug: same trade name and strength, else one is
    added to the catalogue from FMK's data (name, strength, form, ATC)."""
    for row in store.products_named(s, p.drug_name):
        if _norm_strength(row.strength) == _norm_strength(p.strength):
            return row.id
    form = p.form or "ukendt form"
    clash = store.product_id(s, p.drug_name, p.strength, form)
    if clash is not None:
        return clash
    row = m.Product(
        atc=p.atc,
        substance=(p.substance or p.atc).lower(),
        trade_name=p.drug_name,
        strength=p.strength,
        form=form,
        dose_dispensable=p.supply == Supply.DOSE_ROLL.value,
    )
    s.add(row)
    s.flush()
    audit.record(
        s,
        ctx.actor,
        ctx.now(),
        "product.add",
        "product",
        row.id,
        None,
        after={"trade_name": row.trade_name, "strength": row.strength, "source": SOURCE},
    )
    return row.id


def accept(ctx: Ctx, proposal_id: int, version: int | None = None) -> ChangeDTO:
    """Accept a proposal: it becomes a planned change registered by the person accepting
    (source "FMK", FMK's author as the ordering doctor, the FMK version kept), in the roll R2
    targets now. The proposal and the change are written in one unit of work."""
    ctx.require_role(Role.NURSE, Role.COORDINATOR, Role.ADMINISTRATOR)
    with ctx.db.begin() as s:
        p = _open(s, ctx, proposal_id, version)
        citizen = s.get(m.Citizen, p.citizen_id)
        assert citizen is not None
        kind = ProposalKind(p.kind)
        change_kind = ChangeKind(p.change_kind)
        snapshot = (p.id, p.version_id)
        supply = Supply(p.supply) if p.supply else None
        dosage = p.dosage if change_kind is not ChangeKind.DISCONTINUE else None
        modified, now = p.fmk_modified_at, ctx.now()
        received = None if modified is None else modified if is_before(modified, now) else now
        exact, author, line_id = p.dosage_exact, p.author, p.line_id
        needs_product = kind in (ProposalKind.NEW, ProposalKind.SUBSTITUTED)
        product = f"#{_product(s, ctx, p)}" if needs_product else None
        cpr = citizen.cpr
    req = ChangeRequest(
        cpr=cpr,
        kind=change_kind,
        line_id=line_id,
        product=product,
        dosage=dosage,
        supply=supply if change_kind in (ChangeKind.NEW, ChangeKind.SWITCH_SUPPLY) else None,
        source=SOURCE,
        received_at=received,
        dosage_is_text=not exact,
    )

    def mark(s: Session, change: m.Change) -> None:
        row = s.get(m.FmkProposal, snapshot[0])
        assert row is not None
        if row.version_id != snapshot[1] or row.state != PENDING:
            raise ConflictError(
                "services.fmk.proposal_was_decided_meanwhile",
                proposal_id=proposal_id,
                changed={"state": (PENDING, row.state)},
            )
        now = ctx.now()
        row.state = ACCEPTED
        row.decided_at = now
        row.decided_by = ctx.actor.id
        row.change_id = change.id
        change.fmk_version = row.fmk_version
        change.doctor = author[:200]
        store.stamp_versions(s, change.id, row.fmk_version)
        if row.fmk_id and change.line_id is not None:
            line = s.get(m.Line, change.line_id)
            assert line is not None
            line.fmk_id = row.fmk_id
        s.flush()
        audit.record(
            s,
            ctx.actor,
            now,
            "fmk.accept",
            "fmk_proposal",
            row.id,
            row.citizen_id,
            after={"change": change.id, "kind": row.kind, "fmk_version": row.fmk_version},
        )

    return register(ctx, req, on_saved=mark)


def reject(ctx: Ctx, proposal_id: int, reason: str, version: int | None = None) -> ProposalDTO:
    """Reject a proposal with a reason; the same FMK version is not proposed again."""
    ctx.require_role(Role.NURSE, Role.COORDINATOR, Role.ADMINISTRATOR)
    if not reason.strip():
        raise InvalidInput("services.fmk.rejection_needs_reason")
    now = ctx.now()
    with ctx.db.begin() as s:
        p = _open(s, ctx, proposal_id, version)
        p.state = REJECTED
        p.decided_at = now
        p.decided_by = ctx.actor.id
        p.reject_reason = reason.strip()
        s.flush()
        audit.record(
            s,
            ctx.actor,
            now,
            "fmk.reject",
            "fmk_proposal",
            p.id,
            p.citizen_id,
            after={"reason": p.reject_reason, "kind": p.kind, "fmk_version": p.fmk_version},
        )
        return _proposal_dto(s, p)


# ---------------------------------------------------------------------------
# Looking
# ---------------------------------------------------------------------------


def status(ctx: Ctx, cpr: str, decided_limit: int = 30) -> FmkStatus:
    """The FMK tab: the last read, the pending proposals, the recent decisions, and the roll a
    change accepted now would reach."""
    now = ctx.now()
    with ctx.db.begin() as s:
        citizen = citizen_by_cpr(s, cpr)
        check_access(ctx, citizen)
        last = store.last_read(s, citizen.id)
        pending = store.pending_proposals(s, citizen.id)
        decided = store.decided_proposals(s, citizen.id, decided_limit)
        target: PeriodDTO | None = None
        group = store.card_group(s, citizen.id)
        if group is not None:
            periods = repo.group_periods_ahead(s, group, now)
            try:
                target = repo.to_period_dto(q.target_period(periods, now))
            except RuleViolation:
                target = None
        return FmkStatus(
            citizen_id=citizen.id,
            cpr=citizen.cpr,
            name=full_name(citizen.first_name, citizen.last_name),
            last_read=_read_dto(s, last) if last else None,
            pending=tuple(_proposal_dto(s, p) for p in pending),
            decided=tuple(_proposal_dto(s, p) for p in decided),
            target=target,
        )


def get_proposal(ctx: Ctx, proposal_id: int) -> ProposalDTO:
    with ctx.db.begin() as s:
        p = s.get(m.FmkProposal, proposal_id)
        if p is None:
            raise NotFound("services.fmk.no_proposal", proposal_id=proposal_id)
        checked_citizen(s, ctx, p.citizen_id)
        return _proposal_dto(s, p)


def citizens_with_differences(ctx: Ctx, team: str | None = None) -> list[FmkCitizenRow]:
    """Citizens whose FMK card differs from dosisdesk (pending proposals), oldest first.

    Nurses see their own team; coordinators and administrators all, or one team.
    """
    with ctx.db.begin() as s:
        a = ctx.actor
        nurse = a.role is Role.NURSE and a.team_id is not None
        rows = store.citizens_pending(s, team_id=a.team_id if nurse else None, team=team)
        last = store.last_reads(s, [r[0] for r in rows])
        out = []
        for cid, cpr, first, lastname, team_name, count, old in rows:
            lr = last.get(cid)
            out.append(
                FmkCitizenRow(
                    citizen_id=cid,
                    cpr=cpr,
                    name=f"{first} {lastname}",
                    team=team_name or "",
                    pending=count,
                    oldest=old,
                    last_read_at=lr.read_at if lr else None,
                    card_version=lr.card_version if lr else "",
                )
            )
        if out:
            audit.record(
                s,
                ctx.actor,
                ctx.now(),
                "fmk.list",
                "citizen",
                None,
                None,
                after={"citizens": len(out)},
            )
        return out


# ---------------------------------------------------------------------------
# A citizen from FMK
# ---------------------------------------------------------------------------


def create_citizen(ctx: Ctx, card: FmkCard, team: str, packing_group: str) -> int:
    """A coordinator creates a citizen dosisdesk does not have yet from FMK's card: name,
    address and birth date from the card (the CPR number's birth date), a dose card in the given
    packing group. Nothing of the medicine is copied: a read afterwards proposes every drug."""
    ctx.require_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    with ctx.db.begin() as s:
        if store.cpr_known(s, card.cpr):
            raise RuleViolation("services.fmk.citizen_exists_already")
        team_row = store.team_named(s, team)
        if team_row is None:
            raise NotFound("services.fmk.no_team", team=team, teams=tuple(store.team_names(s)))
        group = store.packing_group_named(s, packing_group)
        if group is None and packing_group.isdigit():
            group = s.get(m.PackingGroup, int(packing_group))
        if group is None:
            names = tuple(store.packing_group_names(s))
            raise NotFound(
                "services.fmk.no_packing_group", packing_group=packing_group, names=names
            )
        first = card.given_name or "?"
        last = card.surname or "?"
        citizen = m.Citizen(
            cpr=card.cpr,
            first_name=first[:100],
            last_name=last[:100],
            sort_key=name_sort_key(first, last),
            address=card.address[:300],
            team_id=team_row.id,
            birth_date=birth_date(card.cpr),
        )
        s.add(citizen)
        s.flush()
        dose_card = m.Card(citizen_id=citizen.id, packing_group_id=group.id)
        s.add(dose_card)
        s.flush()
        audit.record(
            s,
            ctx.actor,
            ctx.now(),
            "citizen.create",
            "citizen",
            citizen.id,
            citizen.id,
            after={"source": SOURCE, "team": team, "packing_group": group.name},
        )
        return citizen.id


# ---------------------------------------------------------------------------
# The inbox folder (a municipality setting, shared by every workstation)
# ---------------------------------------------------------------------------

INBOX_KEY = "fmk_inbox"


def inbox_folder(ctx: Ctx) -> str | None:
    with ctx.db.begin() as s:
        row = s.get(m.Meta, INBOX_KEY)
        return row.value if row is not None and row.value else None


def set_inbox_folder(ctx: Ctx, folder: str | None) -> None:
    """Coordinators and administrators set the folder the integration fills (None: no inbox)."""
    ctx.require_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    with ctx.db.begin() as s:
        row = s.get(m.Meta, INBOX_KEY)
        before = row.value if row is not None else None
        if row is None:
            row = m.Meta(key=INBOX_KEY, value="")
            s.add(row)
        row.value = (folder or "").strip()
        s.flush()
        audit.record(
            s,
            ctx.actor,
            ctx.now(),
            "setting.change",
            "meta",
            None,
            None,
            before={INBOX_KEY: before},
            after={INBOX_KEY: row.value},
        )


def teams_and_groups(ctx: Ctx) -> tuple[list[str], list[str]]:
    """Team and packing-group names, for creating a citizen from an FMK card."""
    with ctx.db.begin() as s:
        return store.team_names(s), store.packing_group_names(s)
