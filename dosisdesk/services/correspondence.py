"""Correspondence with the GP and the hospital department (R9): compose, send, receive, thread.

Sending writes a MedCom CareCommunication Bundle (FHIR R4 JSON) into the outbox folder, from
which the municipality's VANS/EDI gateway picks it up. The file appears under its final name
only whole (written beside it, flushed, renamed), and only after the message's row and its
audit entry are committed. Receiving reads the inbox folder: each valid Bundle is stored on its
citizen and threaded under the message it answers; an invalid file is moved to ``fejlede/``
beside a text file with the reason, and nothing else is touched.

Addresses: the municipality's name, SOR code, EAN number and phone, the outbox and the inbox
are site settings (administrator, in the database's meta table); a team with its own SOR/EAN
sends as itself; the GP's SOR/EAN is on the citizen and a department's on the contact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from dosisdesk import words
from dosisdesk.domain.calendar import utc_naive
from dosisdesk.domain.correspondence import (
    Direction,
    MessageStatus,
    Organisation,
    Signature,
    check_organisation,
)
from dosisdesk.domain.cpr import mask_cpr
from dosisdesk.domain.errors import InvalidInput, NotFound, RuleViolation
from dosisdesk.domain.responsibility import still_open
from dosisdesk.domain.text import full_name, product_label
from dosisdesk.domain.types import Role, Supply
from dosisdesk.services import audit
from dosisdesk.services.access import check_access, checked_citizen, citizen_by_cpr
from dosisdesk.services.context import Ctx
from dosisdesk.storage import correspondence as store
from dosisdesk.storage import models as m
from dosisdesk.storage.correspondence import site_settings
from dosisdesk.words import CORRESPONDENCE_CATEGORY, MESSAGE_STATUS, SIGNATURE_ROLE

CONTEXT_KINDS = ("", "flag", "renewal", "change", "supply", "contact")
SETTING_KEYS = ("name", "sor", "ean", "phone", "outbox", "inbox")
FAILED_DIR = "fejlede"
DONE_DIR = "behandlet"


# ---------------------------------------------------------------------------
# DTOs
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Settings:
    name: str
    sor: str
    ean: str
    phone: str
    outbox: str
    inbox: str


@dataclass(frozen=True, slots=True)
class SegmentDTO:
    identifier: str
    text: str
    at: datetime | None
    author: str
    role: str
    phone: str


@dataclass(frozen=True, slots=True)
class MessageDTO:
    id: int
    citizen_id: int
    direction: Direction
    header_id: str
    category: str
    category_da: str
    topic: str
    status: MessageStatus
    status_da: str
    party_name: str
    segments: tuple[SegmentDTO, ...]
    attachments: tuple[str, ...]
    context_kind: str
    context_ref: str
    reply_to_id: int | None
    file_name: str
    error: str
    created_at: datetime
    status_at: datetime
    citizen_name: str = ""
    masked_cpr: str = ""
    cpr: str = ""


@dataclass(frozen=True, slots=True)
class Recipient:
    """A party the nurse may write to about this citizen."""

    key: str  # "gp" or "contact:ID"
    label: str
    organisation: Organisation
    addressable: bool  # has a SOR code and an EAN number


@dataclass(frozen=True, slots=True)
class Proposal:
    """What the compose form starts from: prefilled, every field editable."""

    cpr: str
    citizen_name: str
    category: str
    topic: str
    text: str
    signature: Signature
    recipients: tuple[Recipient, ...]
    recipient_key: str
    context_kind: str
    context_ref: str
    acute_warning: bool  # acute matters go by phone: the form says so


@dataclass(frozen=True, slots=True)
class InboxReport:
    received: tuple[MessageDTO, ...]
    refused: tuple[tuple[str, str], ...]  # file name, reason
    taken_by_gateway: int


# ---------------------------------------------------------------------------
# Settings and addresses
# ---------------------------------------------------------------------------


def settings(ctx: Ctx) -> Settings:
    with ctx.db.begin() as s:
        v = site_settings(s)
    return Settings(*(v.get(k, "") for k in SETTING_KEYS))


def set_settings(ctx: Ctx, **values: str) -> Settings:
    """Administrator: the municipality's name, SOR, EAN and phone, the outbox and the inbox."""
    ctx.require_role(Role.ADMINISTRATOR)
    unknown = set(values) - set(SETTING_KEYS)
    if unknown:
        raise InvalidInput("services.correspondence.unknown_settings", unknown=unknown)
    for key in ("outbox", "inbox"):
        if values.get(key):
            folder = Path(values[key])
            if not folder.is_dir():
                raise InvalidInput("services.correspondence.no_folder", key=key, folder=folder)
    with ctx.db.begin() as s:
        current = site_settings(s)
        merged = {**current, **{k: v.strip() for k, v in values.items()}}
        if merged.get("sor") or merged.get("ean"):
            check_organisation(
                Organisation(merged.get("name", ""), merged.get("sor", ""), merged.get("ean", "")),
                "Kommunen",
            )
        for key, value in values.items():
            row = s.get(m.Meta, f"medcom.{key}")
            if row is None:
                s.add(m.Meta(key=f"medcom.{key}", value=value.strip()))
            else:
                row.value = value.strip()
        audit.record(s, ctx.actor, ctx.now(), "medcom.settings", "meta", after=values)
    return settings(ctx)


def set_team_address(ctx: Ctx, team: str, sor: str, ean: str) -> None:
    ctx.require_role(Role.ADMINISTRATOR)
    check_organisation(Organisation(team, sor.strip(), ean.strip()), f"Teamet {team}")
    with ctx.db.begin() as s:
        wanted = team.strip().casefold()
        row = store.team_named(s, wanted)
        if row is None:
            raise NotFound("services.correspondence.unknown_team", team=team)
        row.sor, row.ean = sor.strip(), ean.strip()
        audit.record(
            s,
            ctx.actor,
            ctx.now(),
            "medcom.team_address",
            "team",
            row.id,
            after={"sor": row.sor, "ean": row.ean},
        )


def set_gp_address(ctx: Ctx, cpr: str, sor: str, ean: str) -> None:
    """The citizen's GP's SOR code and EAN number (from the SOR register)."""
    with ctx.db.begin() as s:
        c = citizen_by_cpr(s, cpr)
        check_access(ctx, c)
        check_organisation(Organisation(c.gp_name, sor.strip(), ean.strip()), words.FIELD["gp"])
        c.gp_sor, c.gp_ean = sor.strip(), ean.strip()
        audit.record(
            s,
            ctx.actor,
            ctx.now(),
            "medcom.gp_address",
            "citizen",
            c.id,
            c.id,
            after={"sor": c.gp_sor, "ean": c.gp_ean},
        )


def set_contact_address(ctx: Ctx, contact_id: int, sor: str, ean: str) -> None:
    """A hospital department's SOR code and EAN number, on the contact."""
    with ctx.db.begin() as s:
        k = s.get(m.HospitalContact, contact_id)
        if k is None:
            raise NotFound("services.correspondence.contact", contact_id=contact_id)
        checked_citizen(s, ctx, k.citizen_id)
        check_organisation(Organisation(k.department, sor.strip(), ean.strip()), "Afdelingen")
        k.dept_sor, k.dept_ean = sor.strip(), ean.strip()
        audit.record(
            s,
            ctx.actor,
            ctx.now(),
            "medcom.contact_address",
            "contact",
            k.id,
            k.citizen_id,
            after={"sor": k.dept_sor, "ean": k.dept_ean},
        )


def sender_of(s: Session, ctx: Ctx) -> Organisation:
    v = site_settings(s)
    org = Organisation(v.get("name") or "Hjemmeplejen", v.get("sor", ""), v.get("ean", ""))
    if ctx.actor.team_id is not None:
        team = s.get(m.Team, ctx.actor.team_id)
        if team is not None and team.sor and team.ean:
            org = Organisation(f"{org.name}, {team.name}", team.sor, team.ean)
    check_organisation(org, words.FIELD["municipality"])
    return org


def recipients_of(s: Session, citizen: m.Citizen, now: datetime) -> list[Recipient]:
    out = [
        Recipient(
            "gp",
            words.phrase(
                "correspondence.gp", name=citizen.gp_name or words.phrase("correspondence.unknown")
            ),
            Organisation(
                citizen.gp_name or words.phrase("correspondence.gp_org"),
                citizen.gp_sor,
                citizen.gp_ean,
            ),
            bool(citizen.gp_sor and citizen.gp_ean),
        )
    ]
    for k in store.recent_contacts(s, citizen.id):
        label = f"{k.hospital}, {k.department}"
        if still_open(k.responsibility_until, now):
            label += " (72 timer)"
        out.append(
            Recipient(
                f"contact:{k.id}",
                label,
                Organisation(f"{k.hospital}, {k.department}", k.dept_sor, k.dept_ean),
                bool(k.dept_sor and k.dept_ean),
            )
        )
    return out


# ---------------------------------------------------------------------------
# Compose
# ---------------------------------------------------------------------------


def _line_text(s: Session, line_id: int, on: Any) -> tuple[str, bool]:
    """ "Trade name strength, dose (supply, ATC)" of a line on a day (else its latest version),
    and whether it is private-marked."""
    row = store.line_version(s, line_id, on)
    if row is None:
        raise NotFound("services.correspondence.line", line_id=line_id)
    ver, p = row
    supply = {
        Supply.DOSE_ROLL: "dosisrulle",
        Supply.ORDINARY: "almindelig recept",
        Supply.AS_NEEDED: "efter behov (PN)",
    }[Supply(ver.supply)]
    dose = f", {ver.dosage}" if ver.dosage else ""
    return f"{product_label(p.trade_name, p.strength)}{dose} ({supply}, ATC {p.atc})", bool(
        ver.private
    )


def compose(ctx: Ctx, cpr: str, context_kind: str = "", context_ref: str = "") -> Proposal:
    """A prefilled message for where the need arose; refused when it concerns a private line."""
    if context_kind not in CONTEXT_KINDS:
        raise InvalidInput("services.correspondence.unknown_context", context_kind=context_kind)
    now = ctx.now()
    with ctx.db.begin() as s:
        c = citizen_by_cpr(s, cpr)
        check_access(ctx, c)
        recipients = recipients_of(s, c, now)
        name = full_name(c.first_name, c.last_name)
        category, topic, text, to = "medicine", "", "", "gp"
        acute = False
        if context_kind == "flag":
            a, b = _flag_ref(context_ref)
            ta, pa = _line_text(s, a, now.date())
            tb, pb = _line_text(s, b, now.date())
            if pa or pb:
                raise _private()
            topic = words.phrase("correspondence.topic.flag")
            text = words.phrase("correspondence.text.flag", name=name, line_a=ta, line_b=tb)
        elif context_kind == "renewal":
            r = s.get(m.RenewalRequest, parse_id(context_ref))
            if r is None or r.citizen_id != c.id:
                raise NotFound("services.correspondence.renewal")
            t, private = _line_text(s, r.line_id, now.date())
            if private:
                raise _private()
            topic = words.phrase("correspondence.topic.renewal")
            text = words.phrase(
                "correspondence.text.renewal",
                name=name,
                line=t,
                reason=r.rejection_reason or words.phrase("correspondence.no_reason"),
            )
        elif context_kind == "change":
            ch = s.get(m.Change, parse_id(context_ref))
            if ch is None or ch.citizen_id != c.id:
                raise NotFound("services.correspondence.change")
            if ch.line_id is not None and _line_text(s, ch.line_id, ch.effective_date)[1]:
                raise _private()
            which = "acute_change" if ch.acute else "change"
            topic = words.phrase(f"correspondence.topic.{which}")
            text = words.phrase(
                f"correspondence.text.{which}",
                name=name,
                kind=ch.kind,
                day=ch.effective_date,
                reason=ch.reason or "-",
                doctor=ch.doctor or "-",
            )
        elif context_kind == "supply":
            f = s.get(m.SupplyFailure, parse_id(context_ref))
            if f is None:
                raise NotFound("services.correspondence.supply_failure")
            p = s.get(m.Product, f.product_id)
            assert p is not None
            topic = words.phrase("correspondence.topic.supply")
            text = words.phrase(
                "correspondence.text.supply",
                name=name,
                trade_name=p.trade_name,
                strength=p.strength,
                day=f.from_day,
            )
        elif context_kind == "contact":
            k = s.get(m.HospitalContact, parse_id(context_ref))
            if k is None or k.citizen_id != c.id:
                raise NotFound("services.correspondence.contact_2")
            to = f"contact:{k.id}"
            open_window = still_open(k.responsibility_until, now)
            category = "extended-care-responsibility" if open_window else "discharge"
            topic = words.phrase("correspondence.topic.contact")
            text = words.phrase("correspondence.text.contact", name=name, department=k.department)
            acute = open_window
            if not any(r.key == to for r in recipients):
                recipients.append(
                    Recipient(
                        to,
                        f"{k.hospital}, {k.department}",
                        Organisation(k.department, k.dept_sor, k.dept_ean),
                        bool(k.dept_sor and k.dept_ean),
                    )
                )
        team = s.get(m.Team, ctx.actor.team_id) if ctx.actor.team_id else None
        sig = Signature(
            ctx.actor.full_name,
            SIGNATURE_ROLE[ctx.actor.role],
            team.name if team else "",
            site_settings(s).get("phone", ""),
        )
        return Proposal(
            c.cpr,
            name,
            category,
            topic,
            text,
            sig,
            tuple(recipients),
            to,
            context_kind,
            context_ref,
            acute,
        )


def _private() -> RuleViolation:
    return RuleViolation("services.correspondence.concerns_private_marked_line")


def parse_id(text: str) -> int:
    if not text.isdigit() or len(text) > 12:
        raise InvalidInput("services.correspondence.bad_id", text=text)
    return int(text)


def _flag_ref(text: str) -> tuple[int, int]:
    parts = text.split("-")
    if len(parts) != 2:
        raise InvalidInput("services.correspondence.bad_flag", text=text)
    return parse_id(parts[0]), parse_id(parts[1])


# ---------------------------------------------------------------------------
# Send
# ---------------------------------------------------------------------------


def message_dto(row: m.CorrespondenceMessage, citizen: m.Citizen | None = None) -> MessageDTO:
    segs = tuple(
        SegmentDTO(
            d["identifier"],
            d["text"],
            datetime.fromisoformat(d["at"]) if d.get("at") else None,
            d.get("author", ""),
            d.get("role", ""),
            d.get("phone", ""),
        )
        for d in json.loads(row.segments or "[]")
    )
    status = MessageStatus(row.status)
    return MessageDTO(
        row.id,
        row.citizen_id,
        Direction(row.direction),
        row.header_id,
        row.category,
        CORRESPONDENCE_CATEGORY.get(row.category, row.category),
        row.topic,
        status,
        MESSAGE_STATUS[status],
        row.party_name,
        segs,
        tuple(json.loads(row.attachments or "[]")),
        row.context_kind,
        row.context_ref,
        row.reply_to_id,
        row.file_name,
        row.error,
        row.created_at,
        row.status_at,
        full_name(citizen.first_name, citizen.last_name) if citizen else "",
        mask_cpr(citizen.cpr) if citizen else "",
        citizen.cpr if citizen else "",
    )


# Reading
# ---------------------------------------------------------------------------


def messages(ctx: Ctx, cpr: str) -> list[MessageDTO]:
    """The citizen's messages, oldest first (a thread reads top-down via ``reply_to_id``)."""
    with ctx.db.begin() as s:
        c = citizen_by_cpr(s, cpr)
        check_access(ctx, c)
        out = [message_dto(r, c) for r in store.messages_of(s, c.id)]
        audit.record(s, ctx.actor, ctx.now(), "medcom.read", "citizen", c.id, c.id)
        return out


def threads(ctx: Ctx, cpr: str) -> list[list[MessageDTO]]:
    """Threads, each the first message and its replies in order; newest thread first."""
    msgs = messages(ctx, cpr)
    by_id = {d.id: d for d in msgs}
    roots: dict[int, list[MessageDTO]] = {}
    for d in msgs:
        root = d
        while root.reply_to_id is not None and root.reply_to_id in by_id:
            root = by_id[root.reply_to_id]
        roots.setdefault(root.id, []).append(d)
    return sorted(roots.values(), key=lambda t: utc_naive(t[-1].created_at), reverse=True)


def unanswered(ctx: Ctx) -> list[MessageDTO]:
    """Messages we sent that have no reply yet, and failed ones, oldest first."""
    with ctx.db.begin() as s:
        nurse = ctx.actor.role is Role.NURSE and ctx.actor.team_id is not None
        rows = store.unanswered(s, ctx.actor.team_id if nurse else None)
        out = [message_dto(r, c) for r, c in rows]
        for cid in sorted({c.id for _, c in rows}):
            audit.record(s, ctx.actor, ctx.now(), "medcom.list", "citizen", cid, cid)
        return out


def for_context(ctx: Ctx, kind: str, ref: str) -> list[MessageDTO]:
    """The messages sent about one thing (a flag "A-B", a renewal id, …) and their replies."""
    with ctx.db.begin() as s:
        rows = store.about(s, kind, ref)
        for _, c in rows:
            check_access(ctx, c)
        return [message_dto(r, c) for r, c in rows]


def categories() -> list[tuple[str, str]]:
    return list(CORRESPONDENCE_CATEGORY.items())
