"""Build a CareCommunication message Bundle (FHIR R4 JSON) as MedCom's guide specifies.

The Bundle holds, in this order: the MessageHeader (event ``care-communication-message``, the
sender and the one primary receiver with their SOR and EAN identifiers, focus on the
Communication), the Patient (CPR identifier, name), the Communication (a UUID v4 identifier,
the category, the topic, one payload per text segment with its date, identifier, author and the
author's phone, and an optional PDF attachment), the author PractitionerRole and Practitioner
of every segment, both Organizations, and the Provenance of this message (``new-message`` or
``reply-message`` with the preceding MessageHeader). A reply carries the earlier segments of
the thread before its own, as the guide's reply example does.

Every resource's structure is checked with ``fhir.resources`` (R4B models), and the profile's
own rules with :func:`dosisdesk.interop.medcom.profile.check_bundle`, before a byte is written.
"""

from __future__ import annotations

import base64
import html
import uuid
from typing import Any

from dosisdesk import words
from dosisdesk.domain.correspondence import Attachment, Message, Organisation, Segment
from dosisdesk.interop.medcom import profile as pf
from dosisdesk.words import CORRESPONDENCE_CATEGORY

BASE = "https://dosisdesk.invalid/fhir"


def new_uuid() -> str:
    return str(uuid.uuid4())


def _div(text: str) -> dict[str, str]:
    body = "<br/>".join(html.escape(line) for line in text.splitlines()) or "&#160;"
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"{BASE}/{resource['resourceType']}/{resource['id']}", "resource": resource}


def _ref(resource: dict[str, Any]) -> dict[str, str]:
    return {"reference": f"{resource['resourceType']}/{resource['id']}"}


def _split_name(full: str) -> dict[str, Any]:
    parts = full.split()
    if len(parts) == 1:
        return {"family": parts[0]}
    return {"given": parts[:-1], "family": parts[-1]}


def _organization(org: Organisation) -> dict[str, Any]:
    return {
        "resourceType": "Organization",
        "id": new_uuid(),
        "meta": {"profile": [pf.PROFILE_ORGANIZATION]},
        "text": _div(f"{org.name} (SOR {org.sor}, EAN {org.ean})"),
        "identifier": [
            {"system": pf.SOR_SYSTEM, "value": org.sor},
            {"system": pf.EAN_SYSTEM, "value": org.ean},
        ],
        "name": org.name,
    }


def build_message(msg: Message) -> dict[str, Any]:
    """The Bundle as a JSON-ready dict, checked against base FHIR R4 and the profile."""
    stamp = msg.timestamp.isoformat(timespec="seconds")
    sender = _organization(msg.sender)
    receiver = _organization(msg.receiver)
    patient = {
        "resourceType": "Patient",
        "id": new_uuid(),
        "meta": {"profile": [pf.PROFILE_PATIENT]},
        "text": _div(f"{msg.given} {msg.family}"),
        "identifier": [{"system": pf.CPR_SYSTEM, "value": msg.cpr}],
        "name": [
            {
                "use": "official",
                "family": msg.family,
                **({"given": [msg.given]} if msg.given else {}),
            }
        ],
    }
    authors: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]] = {}
    payloads: list[dict[str, Any]] = []
    for seg in msg.segments:
        key = (seg.author_name, seg.author_role)
        if key not in authors:
            prac = {
                "resourceType": "Practitioner",
                "id": new_uuid(),
                "meta": {"profile": [pf.PROFILE_PRACTITIONER]},
                "text": _div(seg.author_name),
                "name": [_split_name(seg.author_name)],
            }
            role = {
                "resourceType": "PractitionerRole",
                "id": new_uuid(),
                "meta": {"profile": [pf.PROFILE_PRACTITIONER_ROLE]},
                "text": _div(f"{seg.author_name}, {seg.author_role}"),
                "practitioner": _ref(prac),
                "code": [{"text": seg.author_role}],
            }
            authors[key] = (role, prac)
        role = authors[key][0]
        assigner = sender if seg.by_sender else receiver
        payloads.append(
            {
                "extension": [
                    {"url": pf.EXT_DATE, "valueDateTime": seg.at.isoformat(timespec="seconds")},
                    {
                        "url": pf.EXT_IDENTIFIER,
                        "valueIdentifier": {"value": seg.identifier, "assigner": _ref(assigner)},
                    },
                    {"url": pf.EXT_AUTHOR, "valueReference": _ref(role)},
                    {
                        "url": pf.EXT_CONTACT,
                        "valueContactPoint": {"system": "phone", "value": seg.phone},
                    },
                ],
                "contentString": seg.text,
            }
        )
    if msg.attachment is not None:
        att = msg.attachment
        payloads.append(
            {
                "extension": [
                    {
                        "url": pf.EXT_DATE,
                        "valueDateTime": att.created.isoformat(timespec="seconds"),
                    },
                    {
                        "url": pf.EXT_IDENTIFIER,
                        "valueIdentifier": {"value": att.identifier, "assigner": _ref(sender)},
                    },
                ],
                "contentAttachment": {
                    "contentType": att.content_type,
                    "data": base64.b64encode(att.data).decode("ascii"),
                    "title": att.title,
                    "creation": att.created.isoformat(timespec="seconds"),
                },
            }
        )
    narrative = [f"Kategori: {CORRESPONDENCE_CATEGORY.get(msg.category, msg.category)}"]
    if msg.topic:
        narrative.append(f"Emne: {msg.topic}")
    narrative += [s.text for s in msg.segments]
    comm: dict[str, Any] = {
        "resourceType": "Communication",
        "id": new_uuid(),
        "meta": {"profile": [pf.PROFILE_COMMUNICATION]},
        "text": _div("\n".join(narrative)),
        "identifier": [{"value": msg.communication_identifier}],
        "status": "unknown",
        "category": [{"coding": [{"system": pf.CS_CATEGORY, "code": msg.category}]}],
        "subject": _ref(patient),
        "payload": payloads,
    }
    if msg.topic:
        comm["topic"] = {"text": msg.topic}
    if msg.asap:
        comm["priority"] = "asap"
    header = {
        "resourceType": "MessageHeader",
        "id": msg.header_id,
        "meta": {"profile": [pf.PROFILE_HEADER]},
        "text": _div(
            words.phrase("medcom.narrative", sender=msg.sender.name, receiver=msg.receiver.name)
        ),
        "eventCoding": {"system": pf.CS_EVENTS, "code": pf.EVENT_CODE},
        "destination": [
            {
                "extension": [
                    {
                        "url": pf.EXT_DESTINATION_USE,
                        "valueCoding": {"system": pf.CS_USE, "code": "primary"},
                    }
                ],
                "endpoint": f"https://sor2.sum.dsdn.dk/#id={msg.receiver.sor}",
                "receiver": _ref(receiver),
            }
        ],
        "sender": _ref(sender),
        "source": {"endpoint": f"https://sor2.sum.dsdn.dk/#id={msg.sender.sor}"},
        "focus": [_ref(comm)],
        "definition": pf.DEFINITION,
    }
    own = [s for s in msg.segments if s.by_sender][-1:]
    entities: list[dict[str, Any]] = []
    if msg.preceding_header_id:
        entities.append(
            {"role": "revision", "what": {"reference": f"MessageHeader/{msg.preceding_header_id}"}}
        )
    new_ids = [s.identifier for s in own]
    if msg.attachment is not None:
        new_ids.append(msg.attachment.identifier)
    entities += [{"role": "source", "what": {"identifier": {"value": i}}} for i in new_ids]
    provenance = {
        "resourceType": "Provenance",
        "id": new_uuid(),
        "meta": {"profile": [pf.PROFILE_PROVENANCE]},
        "text": _div("Ny besked" if not msg.preceding_header_id else "Svar"),
        "target": [_ref(header)],
        "occurredDateTime": stamp,
        "recorded": stamp,
        "activity": {
            "coding": [
                {
                    "system": pf.CS_ACTIVITY,
                    "code": "reply-message" if msg.preceding_header_id else "new-message",
                }
            ]
        },
        "agent": [{"who": _ref(sender)}],
        "entity": entities,
    }
    resources = [header, patient, comm]
    for role, prac in authors.values():
        resources += [role, prac]
    resources += [receiver, sender, provenance]
    bundle = {
        "resourceType": "Bundle",
        "id": new_uuid(),
        "meta": {"profile": [pf.PROFILE_MESSAGE]},
        "type": "message",
        "timestamp": stamp,
        "entry": [_entry(r) for r in resources],
    }
    validate_structure(bundle)
    pf.check_bundle(bundle, reply=bool(msg.preceding_header_id))
    return bundle


def validate_structure(bundle: dict[str, Any]) -> None:
    """Base FHIR R4 structure through fhir.resources' R4B models (imported here: 150 ms+)."""
    from pydantic import ValidationError

    from dosisdesk.domain.errors import InvalidInput

    try:
        from fhir.resources.R4B.bundle import Bundle

        Bundle.model_validate(bundle)
    except ValidationError as e:
        first = e.errors()[0]
        where = "Bundle." + ".".join(str(x) for x in first.get("loc", ()))
        raise InvalidInput(
            "interop.medcom.build.invalid_fhir", place=where, value=first.get("msg"), path=where
        ) from e


def render(msg: Message) -> bytes:
    """The checked Bundle as the bytes written to the outbox (UTF-8 JSON)."""
    import json

    return json.dumps(build_message(msg), ensure_ascii=False, indent=1).encode("utf-8")


__all__ = ["Attachment", "Message", "Segment", "build_message", "new_uuid", "render"]
