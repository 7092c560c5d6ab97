"""Read a CareCommunication Bundle that arrived in the inbox: size limit, JSON, structure,
profile, then the few facts dosisdesk keeps (who, about whom, which thread, the text segments).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from dosisdesk.domain.correspondence import Incoming, ReadSegment
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.interop.medcom import profile as pf
from dosisdesk.interop.medcom.build import validate_structure

MAX_BYTES = 20 * 2**20  # a message with a PDF is well under this


def _json(data: bytes) -> dict[str, Any]:
    if len(data) > MAX_BYTES:
        raise InvalidInput("interop.medcom.read.file_too_large", max_bytes=MAX_BYTES // 2**20)
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise InvalidInput("interop.medcom.read.not_json", e=str(e)) from e
    if not isinstance(value, dict):
        raise InvalidInput("interop.medcom.read.not_object")
    return value


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _name(resource: dict[str, Any]) -> str:
    names = resource.get("name") or []
    if isinstance(names, list) and names:
        n = names[0]
        return " ".join([*(n.get("given") or []), n.get("family") or ""]).strip()
    return str(names) if isinstance(names, str) else ""


def read_message(data: bytes) -> Incoming:
    bundle = _json(data)
    validate_structure(bundle)
    pf.check_bundle(bundle)
    idx = pf.Index(bundle)
    _, header = idx.entries[0]
    _, comm = idx.resolve(header["focus"][0], "Bundle.entry[0].resource.focus", "Communication")
    _, patient = next(idx.of_type("Patient"))
    _, sender = idx.resolve(header.get("sender"), "sender", "Organization")
    _, receiver = idx.resolve(header["destination"][0].get("receiver"), "receiver", "Organization")
    segments = []
    attachments = []
    for pl in comm.get("payload") or []:
        exts = {e.get("url"): e for e in pl.get("extension") or []}
        ident = exts[pf.EXT_IDENTIFIER]["valueIdentifier"]["value"]
        if "contentString" not in pl:
            attachments.append(str((pl.get("contentAttachment") or {}).get("title") or ""))
            continue
        author_name = author_role = ""
        ref = (exts.get(pf.EXT_AUTHOR) or {}).get("valueReference")
        if ref:
            _, who = idx.resolve(ref, "author", "PractitionerRole", "Practitioner")
            if who["resourceType"] == "PractitionerRole":
                codes = who.get("code") or []
                c0 = codes[0] if codes else {}
                author_role = c0.get("text") or ((c0.get("coding") or [{}])[0].get("code") or "")
                _, prac = idx.resolve(who.get("practitioner"), "practitioner", "Practitioner")
                author_name = _name(prac)
            else:
                author_name = _name(who)
        phone = str(
            ((exts.get(pf.EXT_CONTACT) or {}).get("valueContactPoint") or {}).get("value") or ""
        )
        segments.append(
            ReadSegment(
                ident,
                str(pl["contentString"]),
                _moment((exts.get(pf.EXT_DATE) or {}).get("valueDateTime")),
                author_name,
                author_role,
                phone,
            )
        )
    preceding = None
    activity = "new-message"
    for _, prov in idx.of_type("Provenance"):
        targets = [str(t.get("reference")) for t in prov.get("target") or []]
        if not any(idx.by_ref.get(t, (None, None))[1] is header for t in targets):
            continue
        activity = str(((prov.get("activity") or {}).get("coding") or [{}])[0].get("code"))
        for ent in prov.get("entity") or []:
            if ent.get("role") == "revision":
                what = ent.get("what") or {}
                ref_ = str(what.get("reference") or "")
                if ref_:
                    preceding = ref_.rstrip("/").split("/")[-1]
                else:
                    preceding = str((what.get("identifier") or {}).get("value") or "") or None
    cat = comm["category"][0]["coding"][0]["code"]
    return Incoming(
        header_id=str(header["id"]),
        communication_identifier=str(comm["identifier"][0]["value"]),
        cpr=pf.identifier_of(patient, pf.CPR_SYSTEM) or "",
        patient_name=_name(patient),
        category=cat,
        topic=str((comm.get("topic") or {}).get("text") or ""),
        sender_name=str(sender.get("name") or ""),
        sender_sor=pf.identifier_of(sender, pf.SOR_SYSTEM) or "",
        sender_ean=pf.identifier_of(sender, pf.EAN_SYSTEM) or "",
        receiver_sor=pf.identifier_of(receiver, pf.SOR_SYSTEM) or "",
        preceding_header_id=preceding,
        segments=tuple(segments),
        attachments=tuple(attachments),
        timestamp=_moment(bundle.get("timestamp")),
        activity=activity,
    )
