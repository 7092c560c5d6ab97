"""Hospital contacts, the 72-hour window, and pausing/resuming dose dispensing (R4, R6)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dosisdesk.domain.calendar import is_before, time_between
from dosisdesk.domain.errors import ConflictError, InvalidInput, NotFound, RuleViolation
from dosisdesk.domain.pause import PauseSpan, resume_plan
from dosisdesk.domain.responsibility import (
    HospitalStay,
    admitted_at,
    admitted_now,
    responsibility_until,
    still_open,
)
from dosisdesk.domain.text import full_name
from dosisdesk.domain.types import ContactKind, ResumePlan
from dosisdesk.services import audit
from dosisdesk.services.access import (
    card_of,
    check_access,
    checked_citizen,
    checked_citizen_id,
    citizen_by_cpr,
    scope_team,
    team_id,
)
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import CitizenDTO, ContactDTO
from dosisdesk.storage import models as m
from dosisdesk.storage import repo
from dosisdesk.storage.contacts import ContactList, contact_rows
from dosisdesk.words import CONTACT_KIND

#: How far ahead of the clock a moment typed may be (two clocks differ a little). Moments are
#: compared as moments (``domain.calendar``): in the hour October repeats, their wall clocks lie.
_AHEAD = timedelta(minutes=5)

#: The words for a contact's kind are ``words.CONTACT_KIND``.
KIND_DA = CONTACT_KIND


@dataclass(frozen=True)
class ContactRequest:
    cpr: str
    kind: ContactKind
    hospital: str
    department: str
    phone: str
    started_at: datetime
    ended_at: datetime | None = None
    somatic: bool = True
    municipal_nursing: bool = True
    pause_card: bool = False
    dd_changes: bool = False
    note: str = ""


def _check_phone(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 8:
        raise InvalidInput("services.contacts.bad_phone_number", phone=phone)
    return phone.strip()


def _stay(c: m.HospitalContact | Row[Any]) -> HospitalStay:
    return HospitalStay(
        ContactKind(c.kind),
        c.started_at,
        c.ended_at,
        c.somatic,
        c.municipal_nursing,
        c.extended_until,
    )


def contact_dto(s: Session, c: m.HospitalContact, now: datetime) -> ContactDTO:
    cit = s.get(m.Citizen, c.citizen_id)
    assert cit is not None
    return _contact_dto(c, cit.id, full_name(cit.first_name, cit.last_name), cit.cpr, now)


def _contact_dto(
    c: m.HospitalContact | Row[Any], citizen_id: int, name: str, cpr: str, now: datetime
) -> ContactDTO:
    """A contact as a DTO (``c``: the row, or its plain columns by the same names)."""
    until = c.responsibility_until
    return ContactDTO(
        id=c.id,
        citizen_id=citizen_id,
        citizen_name=name,
        cpr=cpr,
        kind=ContactKind(c.kind),
        hospital=c.hospital,
        department=c.department,
        phone=c.phone,
        started_at=c.started_at,
        ended_at=c.ended_at,
        somatic=c.somatic,
        municipal_nursing=c.municipal_nursing,
        extended_until=c.extended_until,
        responsibility_until=until,
        window_open=still_open(until, now),
        dd_paused=c.dd_paused,
        note=c.note,
        epicrisis_received=c.epicrisis_received,
        fmk_checked=c.fmk_checked,
        changes_registered=c.changes_registered,
        dd_decided=c.dd_decided,
        version=c.version_id,
        admitted=admitted_now(_stay(c), now),
    )


def add_contact(ctx: Ctx, req: ContactRequest) -> ContactDTO:
    """Register an admission, outpatient or acute outpatient contact; optionally pause the card."""
    for name, value in (("hospital", req.hospital), ("department", req.department)):
        if not value.strip():
            raise InvalidInput(
                "services.contacts.hospital_required"
                if name == "hospital"
                else "services.contacts.department_required",
                name=name,
            )
    phone = _check_phone(req.phone)
    now = ctx.now()
    if time_between(now, req.started_at) > _AHEAD:
        raise InvalidInput("services.contacts.contact_starts_future")
    if req.ended_at is not None and time_between(now, req.ended_at) > _AHEAD:
        raise InvalidInput("services.contacts.contact_ends_future")
    if req.ended_at is not None and is_before(req.ended_at, req.started_at):
        raise InvalidInput("services.contacts.ends_before_starts")
    with ctx.db.begin() as s:
        cit = citizen_by_cpr(s, req.cpr)
        check_access(ctx, cit)
        c = m.HospitalContact(
            citizen_id=cit.id,
            kind=req.kind.value,
            hospital=req.hospital.strip(),
            department=req.department.strip(),
            phone=phone,
            started_at=req.started_at,
            ended_at=req.ended_at,
            somatic=req.somatic,
            municipal_nursing=req.municipal_nursing,
            dd_paused=req.pause_card,
            dd_changes=req.dd_changes,
            note=req.note,
        )
        c.responsibility_until = responsibility_until(_stay(c)) if req.ended_at else None
        s.add(c)
        s.flush()
        if req.pause_card:
            for card in s.scalars(select(m.Card).where(m.Card.citizen_id == cit.id)):
                _pause(s, card, req.started_at, f"{KIND_DA[req.kind]}: {req.department}", c.id)
        audit.record(
            s,
            ctx.actor,
            now,
            "contact.add",
            "contact",
            c.id,
            cit.id,
            after={
                "kind": c.kind,
                "hospital": c.hospital,
                "department": c.department,
                "started_at": c.started_at,
                "ended_at": c.ended_at,
                "paused": req.pause_card,
            },
        )
        return contact_dto(s, c, now)


def _load(s: Session, ctx: Ctx, contact_id: int, version: int | None) -> m.HospitalContact:
    c = s.get(m.HospitalContact, contact_id)
    if c is None:
        raise NotFound("services.contacts.contact", contact_id=contact_id)
    checked_citizen(s, ctx, c.citizen_id)
    if version is not None and version != c.version_id:
        raise ConflictError(
            "services.contacts.contact_changed_meanwhile",
            contact_id=contact_id,
            changed={"version": (version, c.version_id)},
        )
    return c


def discharge(
    ctx: Ctx,
    contact_id: int,
    version: int | None,
    ended_at: datetime,
    *,
    municipal_nursing: bool | None = None,
    extended_until: datetime | None = None,
) -> ContactDTO:
    """Record the discharge; the 72-hour window is computed from the rules (R6). Somatic or
    psychiatric was said at the admission and is not asked again."""
    now = ctx.now()
    if time_between(now, ended_at) > _AHEAD:
        raise InvalidInput("services.contacts.discharge_future")
    try:
        with ctx.db.begin() as s:
            c = _load(s, ctx, contact_id, version)
            if is_before(ended_at, c.started_at):
                raise InvalidInput("services.contacts.discharge_before_admission")
            before = {"ended_at": c.ended_at, "until": c.responsibility_until}
            c.ended_at = ended_at
            if municipal_nursing is not None:
                c.municipal_nursing = municipal_nursing
            if extended_until is not None:
                c.extended_until = extended_until
            c.responsibility_until = responsibility_until(_stay(c))
            s.flush()
            audit.record(
                s,
                ctx.actor,
                now,
                "contact.discharge",
                "contact",
                c.id,
                c.citizen_id,
                before=before,
                after={"ended_at": c.ended_at, "until": c.responsibility_until},
            )
            return contact_dto(s, c, now)
    except StaleDataError as e:
        raise ConflictError("services.contacts.saved_meanwhile", e=str(e), changed={}) from e


def extend(ctx: Ctx, contact_id: int, version: int | None, until: datetime) -> ContactDTO:
    """The hospital sets a later end of its responsibility."""
    now = ctx.now()
    with ctx.db.begin() as s:
        c = _load(s, ctx, contact_id, version)
        if c.ended_at is None:
            raise RuleViolation("services.contacts.not_discharged")
        before = c.responsibility_until
        c.extended_until = until
        c.responsibility_until = responsibility_until(_stay(c))
        s.flush()
        audit.record(
            s,
            ctx.actor,
            now,
            "contact.extend",
            "contact",
            c.id,
            c.citizen_id,
            before={"until": before},
            after={"until": c.responsibility_until},
        )
        return contact_dto(s, c, now)


CHECKLIST_FIELDS = ("epicrisis_received", "fmk_checked", "changes_registered", "dd_decided")


def set_checklist(ctx: Ctx, contact_id: int, version: int | None, **items: bool) -> ContactDTO:
    """Tick the after-discharge checklist (epicrisis, FMK checked, changes registered, dose
    dispensing resumed or deliberately still paused)."""
    unknown = set(items) - set(CHECKLIST_FIELDS)
    if unknown:
        raise ValueError(f"unknown checklist items {unknown}")
    now = ctx.now()
    with ctx.db.begin() as s:
        c = _load(s, ctx, contact_id, version)
        before = {k: getattr(c, k) for k in items}
        for k, v in items.items():
            setattr(c, k, v)
        s.flush()
        audit.record(
            s,
            ctx.actor,
            now,
            "contact.checklist",
            "contact",
            c.id,
            c.citizen_id,
            before=before,
            after=items,
        )
        return contact_dto(s, c, now)


def contacts_of(s: repo.Unit, citizen: CitizenDTO, now: datetime) -> list[ContactDTO]:
    """One citizen's contacts, newest first, in the caller's unit of work (access checked),
    read as plain columns."""
    rows = repo.core_rows(s, _contacts_statement(), {"citizen_id": citizen.id})
    return [_contact_dto(c, citizen.id, citizen.name, citizen.cpr, now) for c in rows]


@cache
def _contacts_statement() -> Any:
    """One citizen's contacts, newest first, every column by its attribute's name (built once,
    run with the citizen)."""
    h = m.HospitalContact
    return (
        select(*h.__table__.c)
        .where(h.citizen_id == bindparam("citizen_id"))
        .order_by(h.started_at.desc())
    )


def list_contacts(
    ctx: Ctx,
    *,
    open_only: bool = False,
    cpr: str | None = None,
    team: str | None = None,
    admitted_now: bool = False,
    limit: int = 1000,
    log: bool = True,
) -> list[ContactDTO]:
    """Contacts, newest first; ``open_only``: 72-hour windows still open, ending soonest first;
    ``admitted_now``: admissions not ended, oldest first (contacts at the same moment by their
    id). One statement of plain columns with the citizens' names, and one entry naming the
    citizens shown."""
    now = ctx.now()
    which = (
        ContactList.OPEN if open_only else ContactList.ADMITTED if admitted_now else ContactList.ALL
    )
    with ctx.db.begin_core() as conn:
        citizen = checked_citizen_id(conn, ctx, cpr) if cpr else None
        tid = scope_team(ctx, team_id(conn, team))
        rows = contact_rows(conn, which, now=now, citizen_id=citizen, team_id=tid, limit=limit)
        found = contact_dtos(rows, now)
        if log:
            audit.record_list(conn, ctx.actor, "contacts.read", [c.citizen_id for c in found])
        return found


def contact_dtos(rows: Iterable[Sequence[Any]], now: datetime) -> list[ContactDTO]:
    """Contacts read with their citizens' names (``storage.contacts.contact_rows``, its
    columns by position) as DTOs: thousands of rows for the desk's hospital tab."""
    now_utc = now.astimezone(UTC)  # converted once, not for each row
    kinds = _KINDS
    out = []
    for (
        id_,
        citizen_id,
        kind,
        hospital,
        department,
        phone,
        started_at,
        ended_at,
        somatic,
        municipal_nursing,
        extended_until,
        until,
        dd_paused,
        note,
        epicrisis_received,
        fmk_checked,
        changes_registered,
        dd_decided,
        version,
        first_name,
        last_name,
        cpr,
    ) in rows:
        k = kinds[kind]
        out.append(
            ContactDTO(
                id_,
                citizen_id,
                full_name(first_name, last_name),
                cpr,
                k,
                hospital,
                department,
                phone,
                started_at,
                ended_at,
                somatic,
                municipal_nursing,
                extended_until,
                until,
                still_open(until, now),
                dd_paused,
                note,
                epicrisis_received,
                fmk_checked,
                changes_registered,
                dd_decided,
                version,
                admitted_at(k, started_at, ended_at, now_utc),
            )
        )
    return out


#: a contact's kind by its stored value
_KINDS = {k.value: k for k in ContactKind}


# ---------------------------------------------------------------------------
# Pause and resume (R4)
# ---------------------------------------------------------------------------


def _pause(s: Session, card: m.Card, at: datetime, reason: str, contact_id: int | None) -> None:
    if card.paused:
        return
    s.add(m.Pause(card_id=card.id, paused_at=at, reason=reason, contact_id=contact_id))
    card.paused = True


def pause_card(
    ctx: Ctx, cpr: str, reason: str, *, at: datetime | None = None, card_id: int | None = None
) -> None:
    if not reason.strip():
        raise InvalidInput("services.contacts.reason_required")
    now = ctx.now()
    if at is not None and time_between(now, at) > _AHEAD:
        raise InvalidInput("services.contacts.pause_future")
    with ctx.db.begin() as s:
        cit = citizen_by_cpr(s, cpr)
        check_access(ctx, cit)
        card = card_of(s, cit, card_id)
        if card.paused:
            raise RuleViolation("services.contacts.already_paused")
        _pause(s, card, at or now, reason.strip(), None)
        s.flush()
        audit.record(
            s,
            ctx.actor,
            now,
            "card.pause",
            "card",
            card.id,
            cit.id,
            after={"reason": reason.strip(), "at": at or now},
        )


def resume_preview(
    ctx: Ctx, cpr: str, *, at: datetime | None = None, card_id: int | None = None
) -> ResumePlan:
    """What resuming now means: the first packed period and the days needing manual dispensing."""
    now = ctx.now()
    with ctx.db.begin() as s:
        cit = citizen_by_cpr(s, cpr)
        check_access(ctx, cit)
        card = card_of(s, cit, card_id)
        return _plan(s, card, at or now)


def _plan(s: Session, card: m.Card, at: datetime) -> ResumePlan:
    periods = repo.card_periods(
        s, card, at, from_day=at.date() - timedelta(days=60), to_day=at.date() + timedelta(days=90)
    )
    pauses = [
        PauseSpan(p.paused_at, p.resumed_at)
        for p in s.scalars(select(m.Pause).where(m.Pause.card_id == card.id))
    ]
    return resume_plan(periods, pauses, at)


def resume_card(
    ctx: Ctx, cpr: str, *, at: datetime | None = None, card_id: int | None = None
) -> ResumePlan:
    now = ctx.now()
    moment = at or now
    if time_between(now, moment) > _AHEAD:
        raise InvalidInput("services.contacts.resume_future")
    with ctx.db.begin() as s:
        cit = citizen_by_cpr(s, cpr)
        check_access(ctx, cit)
        card = card_of(s, cit, card_id)
        pause = s.scalars(
            select(m.Pause).where(m.Pause.card_id == card.id, m.Pause.resumed_at.is_(None))
        ).first()
        if pause is None or not card.paused:
            raise RuleViolation("services.contacts.not_paused")
        if is_before(moment, pause.paused_at):
            raise InvalidInput("services.contacts.resume_before_pause")
        plan = _plan(s, card, moment)
        pause.resumed_at = moment
        card.paused = False
        ticked = _tick_resumed(s, cit.id, pause, moment)
        s.flush()
        audit.record(
            s,
            ctx.actor,
            now,
            "card.resume",
            "card",
            card.id,
            cit.id,
            after={
                "at": moment,
                "first_packed": plan.first_packed_period_start,
                "manual_days": list(plan.manual_days),
                "checklist_ticked": ticked,
            },
        )
        return plan


def _tick_resumed(s: Session, citizen_id: int, pause: m.Pause, at: datetime) -> int | None:
    """Resuming answers the discharge checklist's "dose dispensing resumed or still paused":
    tick it on the contact the pause came with, or else on the citizen's latest discharge
    before ``at`` whose item is open. Returns the contact ticked, if any."""
    c = s.get(m.HospitalContact, pause.contact_id) if pause.contact_id is not None else None
    if c is None or c.ended_at is None or is_before(at, c.ended_at):
        c = s.scalars(
            select(m.HospitalContact)
            .where(
                m.HospitalContact.citizen_id == citizen_id,
                m.HospitalContact.kind == ContactKind.ADMISSION.value,
                m.HospitalContact.ended_at.is_not(None),
                m.HospitalContact.ended_at <= at,
                m.HospitalContact.dd_decided.is_(False),
            )
            .order_by(m.HospitalContact.ended_at.desc())
        ).first()
    if c is None or c.dd_decided:
        return None
    c.dd_decided = True
    return c.id
