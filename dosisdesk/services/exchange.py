"""Sending and receiving correspondence messages: the outbox and the inbox folders.

Sending writes the message into the outbox folder, from which the municipality's VANS/EDI
gateway picks it up. The file appears under its final name only whole (written beside it,
flushed, renamed), and only after the message's row and its audit entry are committed; a
failure leaves no file and no message. Receiving reads the inbox folder: each valid message is
stored on its citizen and threaded under the message it answers; an invalid file is moved to
``fejlede/`` beside a text file with the reason, and nothing else is touched.

The format is plugged in by the caller (``render`` and ``read_message``): the services know no
FHIR. :mod:`dosisdesk.interop.medcom` passes MedCom's CareCommunication.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from dosisdesk.domain.correspondence import (
    Attachment,
    Direction,
    Draft,
    Incoming,
    Message,
    MessageStatus,
    Organisation,
    Segment,
    check_draft,
    check_organisation,
    normalise_phone,
)
from dosisdesk.domain.cpr import mask_cpr
from dosisdesk.domain.errors import InvalidInput, NotFound, RuleViolation
from dosisdesk.services import audit
from dosisdesk.services.access import check_access, citizen_by_cpr
from dosisdesk.services.context import Ctx
from dosisdesk.services.correspondence import (
    DONE_DIR,
    FAILED_DIR,
    InboxReport,
    MessageDTO,
    Recipient,
    compose,
    message_dto,
    parse_id,
    recipients_of,
    sender_of,
)
from dosisdesk.storage import models as m
from dosisdesk.storage.correspondence import site_settings


def _write_temp(folder: Path, data: bytes) -> Path:
    """A hidden, flushed temporary file in the target folder, ready to be renamed."""
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def _write_atomic(folder: Path, name: str, data: bytes) -> None:
    """The file appears under its name whole or not at all (temp file, fsync, rename)."""
    tmp = _write_temp(folder, data)
    try:
        os.replace(tmp, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)


def send(
    ctx: Ctx,
    cpr: str,
    draft: Draft,
    to: str,
    *,
    context_kind: str = "",
    context_ref: str = "",
    reply_to: int | None = None,
    attachment: tuple[str, bytes] | None = None,
    render: Callable[[Message], bytes],
) -> MessageDTO:
    """Build, check and place the message in the outbox; audited as an access to the citizen.

    ``attachment`` is (title, PDF bytes), e.g. the citizen's medicine list. ``render`` turns the
    message into the file's bytes and refuses one that breaks the format's rules: callers use
    :func:`dosisdesk.interop.medcom.send`, which passes MedCom's CareCommunication.
    """
    check_draft(draft)
    if context_kind:
        compose(ctx, cpr, context_kind, context_ref)  # same checks: access, private lines
    now = ctx.now()
    with ctx.db.begin() as s:
        outbox = Path(site_settings(s).get("outbox", ""))
        if not str(outbox) or str(outbox) == "." or not outbox.is_dir():
            raise RuleViolation("services.exchange.no_outbox")
        c = citizen_by_cpr(s, cpr)
        check_access(ctx, c)
        sender = sender_of(s, ctx)
        recipient = next((r for r in recipients_of(s, c, now) if r.key == to), None)
        if recipient is None and to.startswith("contact:"):
            k = s.get(m.HospitalContact, parse_id(to.removeprefix("contact:")))
            if k is not None and k.citizen_id == c.id:
                recipient = Recipient(
                    to,
                    k.department,
                    Organisation(f"{k.hospital}, {k.department}", k.dept_sor, k.dept_ean),
                    True,
                )
        if recipient is None:
            raise InvalidInput("services.exchange.unknown_recipient", to=to)
        check_organisation(recipient.organisation, recipient.label)
        segments: list[Segment] = []
        comm_id = f"urn:uuid:{uuid.uuid4()}"
        preceding: str | None = None
        parent: m.CorrespondenceMessage | None = None
        if reply_to is not None:
            parent = s.get(m.CorrespondenceMessage, reply_to)
            if parent is None or parent.citizen_id != c.id:
                raise NotFound("services.exchange.message", reply_to=reply_to)
            comm_id, preceding = parent.communication_identifier, parent.header_id
            for d in json.loads(parent.segments):
                segments.append(
                    Segment(
                        d["identifier"],
                        d["text"],
                        datetime.fromisoformat(d["at"]),
                        d.get("author") or "-",
                        d.get("role") or "-",
                        d.get("phone") or "0",
                        parent.direction == Direction.OUT,
                    )
                )
        sig = draft.signature
        mine = Segment(
            f"urn:uuid:{uuid.uuid4()}",
            draft.text.strip(),
            now,
            sig.name.strip(),
            sig.role.strip(),
            normalise_phone(sig.phone),
            True,
        )
        segments.append(mine)
        att = None
        if attachment is not None:
            att = Attachment(attachment[0], "application/pdf", attachment[1], now)
        header_id = str(uuid.uuid4())
        data = render(
            Message(
                header_id,
                comm_id,
                sender,
                recipient.organisation,
                c.cpr,
                c.first_name,
                c.last_name,
                draft.category,
                draft.topic.strip(),
                draft.asap,
                tuple(segments),
                att,
                now,
                preceding,
            )
        )
        file_name = f"carecommunication-{header_id}.json"
        row = m.CorrespondenceMessage(
            citizen_id=c.id,
            direction=Direction.OUT.value,
            header_id=header_id,
            communication_identifier=comm_id,
            category=draft.category,
            topic=draft.topic.strip(),
            status=MessageStatus.READY.value,
            party_name=recipient.organisation.name,
            party_sor=recipient.organisation.sor,
            party_ean=recipient.organisation.ean,
            segments=json.dumps([_seg_json(mine)], ensure_ascii=False),
            attachments=json.dumps([att.title] if att else [], ensure_ascii=False),
            context_kind=context_kind,
            context_ref=context_ref,
            reply_to_id=parent.id if parent else None,
            file_name=file_name,
            created_at=now,
            created_by=ctx.actor.id,
            status_at=now,
        )
        s.add(row)
        s.flush()
        audit.record(
            s,
            ctx.actor,
            now,
            "medcom.send",
            "correspondence",
            row.id,
            c.id,
            after={"category": draft.category, "to": recipient.organisation.sor, "file": file_name},
        )
        try:
            tmp = _write_temp(outbox, data)
        except OSError as e:
            raise InvalidInput(
                "services.exchange.cannot_write_outbox",
                e=str(e),
                outbox=outbox,
                value=e.strerror or e,
            ) from e
        dto = message_dto(row, c)
    # The row and its audit entry are committed: only now does the file get its name.
    try:
        os.replace(tmp, outbox / file_name)
        _fsync_dir(outbox)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        with ctx.db.begin() as s:
            row2 = s.get(m.CorrespondenceMessage, dto.id)
            assert row2 is not None
            row2.status, row2.error = MessageStatus.FAILED.value, str(e)
        raise InvalidInput(
            "services.exchange.cannot_place_message_outbox",
            e=str(e),
            outbox=outbox,
            value=e.strerror or e,
        ) from e
    return dto


def _seg_json(seg: Any) -> dict[str, Any]:
    return {
        "identifier": seg.identifier,
        "text": seg.text,
        "at": seg.at.isoformat() if seg.at else None,
        "author": seg.author_name,
        "role": seg.author_role,
        "phone": seg.phone,
    }


# ---------------------------------------------------------------------------
# Receive
# ---------------------------------------------------------------------------


def _move_aside(inbox: Path, path: Path, sub: str, reason: str | None = None) -> None:
    target = inbox / sub
    target.mkdir(exist_ok=True)
    dest = target / path.name
    n = 1
    while dest.exists():
        dest = target / f"{path.stem}-{n}{path.suffix}"
        n += 1
    os.replace(path, dest)
    if reason is not None:
        _write_atomic(target, dest.name + ".txt", (reason + "\n").encode("utf-8"))


def scan_inbox(ctx: Ctx, read_message: Callable[[bytes], Incoming]) -> InboxReport:
    """Read every message in the inbox with ``read_message`` (which refuses a bad file with a
    located InvalidInput); see which sent files the gateway has taken. Callers use
    :func:`dosisdesk.interop.medcom.scan_inbox`."""
    now = ctx.now()
    received: list[MessageDTO] = []
    refused: list[tuple[str, str]] = []
    with ctx.db.begin() as s:
        v = site_settings(s)
    inbox = Path(v.get("inbox", "")) if v.get("inbox") else None
    outbox = Path(v.get("outbox", "")) if v.get("outbox") else None
    if inbox is not None and inbox.is_dir():
        for path in sorted(inbox.glob("*.json")):
            if not path.is_file() or path.name.startswith("."):
                continue
            try:
                incoming = read_message(path.read_bytes())
                dto = _store_incoming(ctx, incoming, path.name, now)
            except (InvalidInput, NotFound, RuleViolation) as e:
                reason = e.message
                refused.append((path.name, reason))
                _move_aside(inbox, path, FAILED_DIR, reason)
                continue
            except OSError as e:
                refused.append((path.name, str(e)))
                continue
            received.append(dto)
            _move_aside(inbox, path, DONE_DIR)
    taken = 0
    if outbox is not None and outbox.is_dir():
        with ctx.db.begin() as s:
            ready = s.scalars(
                select(m.CorrespondenceMessage).where(
                    m.CorrespondenceMessage.status == MessageStatus.READY.value
                )
            )
            for row in ready:
                if not (outbox / row.file_name).exists():
                    row.status, row.status_at = MessageStatus.SENT.value, now
                    taken += 1
    return InboxReport(tuple(received), tuple(refused), taken)


def _store_incoming(ctx: Ctx, inc: Incoming, file_name: str, now: datetime) -> MessageDTO:
    with ctx.db.begin() as s:
        if (
            s.scalar(
                select(m.CorrespondenceMessage.id).where(
                    m.CorrespondenceMessage.header_id == inc.header_id
                )
            )
            is not None
        ):
            raise RuleViolation("services.exchange.duplicate")
        c = s.scalar(select(m.Citizen).where(m.Citizen.cpr == inc.cpr))
        if c is None:
            raise NotFound("services.exchange.unknown_citizen", cpr=mask_cpr(inc.cpr))
        parent = None
        if inc.preceding_header_id:
            parent = s.scalar(
                select(m.CorrespondenceMessage).where(
                    m.CorrespondenceMessage.header_id == inc.preceding_header_id
                )
            )
            if parent is None and inc.activity == "forward-message":
                pass  # forwarded from a thread we were not part of: a new thread here
            elif parent is None:
                raise NotFound(
                    "services.exchange.reply_unknown_message",
                    preceding_header_id=inc.preceding_header_id,
                )
            if parent is not None and parent.citizen_id != c.id:
                raise RuleViolation("services.exchange.reply_about_another_citizen")
        known = set()
        if parent is not None:
            known = {d["identifier"] for d in json.loads(parent.segments)}
            ancestor = parent
            while ancestor.reply_to_id is not None:
                ancestor = s.get(m.CorrespondenceMessage, ancestor.reply_to_id)  # type: ignore[assignment]
                known |= {d["identifier"] for d in json.loads(ancestor.segments)}
        new = [g for g in inc.segments if g.identifier not in known]
        row = m.CorrespondenceMessage(
            citizen_id=c.id,
            direction=Direction.IN.value,
            header_id=inc.header_id,
            communication_identifier=inc.communication_identifier,
            category=inc.category,
            topic=inc.topic[:100],
            status=MessageStatus.RECEIVED.value,
            party_name=inc.sender_name[:200],
            party_sor=inc.sender_sor[:20],
            party_ean=inc.sender_ean[:20],
            segments=json.dumps([_seg_json(g) for g in new], ensure_ascii=False),
            attachments=json.dumps(list(inc.attachments), ensure_ascii=False),
            context_kind=parent.context_kind if parent else "",
            context_ref=parent.context_ref if parent else "",
            reply_to_id=parent.id if parent else None,
            file_name=file_name[:200],
            created_at=now,
            created_by=None,
            status_at=now,
        )
        s.add(row)
        if parent is not None and parent.direction == Direction.OUT.value:
            parent.status, parent.status_at = MessageStatus.ANSWERED.value, now
        s.flush()
        audit.record(
            s,
            ctx.actor,
            now,
            "medcom.receive",
            "correspondence",
            row.id,
            c.id,
            after={"from": inc.sender_sor, "file": file_name},
        )
        return message_dto(row, c)


# ---------------------------------------------------------------------------
