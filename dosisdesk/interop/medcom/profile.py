"""The CareCommunication profile's own rules, checked on every Bundle we write or read.

``fhir.resources`` (R4B models, close to FHIR R4 4.0.1) checks a Bundle's structure: element names,
types and cardinalities of base FHIR. It cannot know MedCom's profiles: required elements, fixed
codes, the category list, the invariants written in FHIRPath. Those are encoded here, one check
per rule, each named after the guide's element or invariant, so a refused message names the
element (a path such as ``Bundle.entry[2].resource.payload[0].extension[author]``).

Checked (MedComCareCommunicationMessage and its parts, guide version 5.0 / categories 1.9.0):

- Bundle: ``type = message``, a ``timestamp``, ``meta.profile`` the message profile;
  every entry has a ``fullUrl`` and a resource with an ``id``; references resolve inside the
  Bundle (``^type.aggregation = #bundled``).
- medcom-careCommunication-1: ``entry[0]`` is the CareCommunication MessageHeader (by profile).
- medcom-careCommunication-2: exactly one Patient, with a CPR identifier
  (``urn:oid:1.2.208.176.1.2``) of ten digits.
- medcom-careCommunication-3: every Provenance has the CareCommunication Provenance profile.
- medcom-careCommunication-4: every Practitioner has a name.
- medcom-careCommunication-13: every PractitionerRole references a Practitioner.
- medcom-careCommunication-7: an author PractitionerRole has a role code or text.
- medcom-careCommunication-15: an Encounter only together with ``Communication.encounter``.
- MessageHeader: ``eventCoding`` ``care-communication-message`` in MedCom's event code system;
  ``definition`` matches ``…MedComCareCommunicationMessageDefinition|5.x``; exactly one
  destination, with the use extension ``primary`` (no cc); ``sender`` and
  ``destination.receiver`` are MedComMessagingOrganizations with a SOR and an EAN identifier;
  ``focus`` is the Communication.
- Communication: ``status = unknown``; ``identifier.value`` a ``urn:uuid:`` UUID version 4
  (medcom-uuidv4); exactly one category coding, in the category code system and on the list;
  medcom-careCommunication-5 (priority only with ``regarding-referral``); -6 (a topic with
  ``other``); ``subject`` the Patient; at least one text payload; every text payload has the
  date, identifier, author and authorContact extensions; every attachment payload has date and
  identifier, a title and a content type from the list, and data or a url.
- Provenance: target the MessageHeader; activity ``new-message``, ``reply-message`` or
  ``forward-message``; at least one ``payload`` entity (role ``source``, an identifier); a
  ``preceedingMessage`` entity (role ``revision``) has a reference or an identifier
  (medcom-careCommunication-14) and is required on a reply.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from dosisdesk.domain.correspondence import ATTACHMENT_TYPES, CATEGORIES
from dosisdesk.domain.errors import InvalidInput

IG = "http://medcomfhir.dk/ig"
PROFILE_MESSAGE = f"{IG}/carecommunication/StructureDefinition/medcom-careCommunication-message"
PROFILE_HEADER = (
    f"{IG}/carecommunication/StructureDefinition/medcom-careCommunication-messageHeader"
)
PROFILE_COMMUNICATION = (
    f"{IG}/carecommunication/StructureDefinition/medcom-careCommunication-communication"
)
PROFILE_PROVENANCE = (
    f"{IG}/carecommunication/StructureDefinition/medcom-careCommunication-provenance"
)
PROFILE_PATIENT = f"{IG}/core/StructureDefinition/medcom-core-patient"
PROFILE_ORGANIZATION = f"{IG}/messaging/StructureDefinition/medcom-messaging-organization"
PROFILE_PRACTITIONER = f"{IG}/core/StructureDefinition/medcom-core-practitioner"
PROFILE_PRACTITIONER_ROLE = f"{IG}/core/StructureDefinition/medcom-core-practitionerrole"

EXT_DATE = f"{IG}/core/StructureDefinition/medcom-core-datetime-extension"
EXT_AUTHOR = f"{IG}/core/StructureDefinition/medcom-core-practitioner-extension"
EXT_CONTACT = f"{IG}/core/StructureDefinition/medcom-core-contact-extension"
EXT_IDENTIFIER = f"{IG}/core/StructureDefinition/medcom-core-identifier-extension"
EXT_DESTINATION_USE = f"{IG}/messaging/StructureDefinition/medcom-messaging-destinationUseExtension"

CS_CATEGORY = f"{IG}/terminology/CodeSystem/medcom-careCommunication-categoryCodes"
CS_EVENTS = f"{IG}/terminology/CodeSystem/medcom-messaging-eventCodes"
CS_ACTIVITY = f"{IG}/terminology/CodeSystem/medcom-messaging-activityCodes"
CS_USE = f"{IG}/terminology/CodeSystem/medcom-messaging-destinationUse"
CS_ROLE = f"{IG}/terminology/CodeSystem/medcom-core-PractitionerRolesSKSadministrativ"
CS_PRIORITY = "http://hl7.org/fhir/request-priority"

CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"
SOR_SYSTEM = "urn:oid:1.2.208.176.1.1"
EAN_SYSTEM = "urn:oid:1.3.88"

EVENT_CODE = "care-communication-message"
DEFINITION = (
    "http://medcomfhir.dk/ig/messagedefinitions/MessageDefinition/"
    "MedComCareCommunicationMessageDefinition|5.0"
)
_DEFINITION = re.compile(
    r"^http://medcomfhir\.dk/ig/messagedefinitions/MessageDefinition/"
    r"MedComCareCommunicationMessageDefinition[|]5[.][0-9]{1,2}$"
)
_UUID4 = re.compile(
    r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
)
ACTIVITIES = ("new-message", "reply-message", "forward-message")


def _fail(path: str, code: str, **params: Any) -> InvalidInput:
    """The profile error ``code`` at ``path`` in the Bundle (its sentences start with
    ``{where}: ``)."""
    return InvalidInput(code, path=path, where=path, **params)


def _profiles(resource: dict[str, Any]) -> list[str]:
    meta = resource.get("meta") or {}
    return [p for p in meta.get("profile") or [] if isinstance(p, str)]


def _has_profile(resource: dict[str, Any], url: str) -> bool:
    return any(p.split("|")[0] == url for p in _profiles(resource))


def _ext(element: dict[str, Any], url: str) -> dict[str, Any] | None:
    for e in element.get("extension") or []:
        if isinstance(e, dict) and e.get("url") == url:
            return e
    return None


class Index:
    """The Bundle's entries by reference (``Type/id``, the fullUrl, or a urn:uuid)."""

    def __init__(self, bundle: dict[str, Any]) -> None:
        self.entries: list[tuple[int, dict[str, Any]]] = []
        self.by_ref: dict[str, tuple[int, dict[str, Any]]] = {}
        for i, entry in enumerate(bundle.get("entry") or []):
            res = entry.get("resource") if isinstance(entry, dict) else None
            if not isinstance(res, dict):
                raise _fail(f"Bundle.entry[{i}]", "interop.medcom.profile.entry_without_resource")
            rid = res.get("id")
            rtype = res.get("resourceType")
            if not rid or not rtype:
                raise _fail(
                    f"Bundle.entry[{i}].resource", "interop.medcom.profile.resource_without_id"
                )
            full = entry.get("fullUrl")
            if not full:
                raise _fail(f"Bundle.entry[{i}]", "interop.medcom.profile.entry_without_fullurl")
            self.entries.append((i, res))
            for key in (f"{rtype}/{rid}", full, f"urn:uuid:{rid}"):
                self.by_ref[key] = (i, res)

    def of_type(self, rtype: str) -> Iterator[tuple[int, dict[str, Any]]]:
        return ((i, r) for i, r in self.entries if r.get("resourceType") == rtype)

    def resolve(self, ref: Any, path: str, *types: str) -> tuple[int, dict[str, Any]]:
        target = ref.get("reference") if isinstance(ref, dict) else None
        if not target:
            raise _fail(path, "interop.medcom.profile.reference_missing")
        found = self.by_ref.get(target)
        if found is None:
            # a relative reference may be written with the base of the fullUrls
            tail = "/".join(target.rstrip("/").split("/")[-2:])
            found = self.by_ref.get(tail)
        if found is None:
            raise _fail(path, "interop.medcom.profile.reference_not_bundle", target=target)
        if types and found[1].get("resourceType") not in types:
            raise _fail(
                path, "interop.medcom.profile.reference_not", target=target, value="/".join(types)
            )
        return found


def identifier_of(resource: dict[str, Any], system: str) -> str | None:
    for ident in resource.get("identifier") or []:
        if isinstance(ident, dict) and ident.get("system") == system and ident.get("value"):
            return str(ident["value"])
    return None


def _check_organization(idx: Index, ref: Any, path: str) -> None:
    i, org = idx.resolve(ref, path, "Organization")
    where = f"Bundle.entry[{i}].resource"
    if not identifier_of(org, SOR_SYSTEM):
        raise _fail(where, "interop.medcom.profile.organization_without_sor_identifier")
    if not identifier_of(org, EAN_SYSTEM):
        raise _fail(where, "interop.medcom.profile.organization_without_ean_identifier")


def check_bundle(bundle: dict[str, Any], *, reply: bool | None = None) -> None:
    """Raise :class:`InvalidInput` naming the first element that breaks the profile.

    ``reply=True`` also requires a preceding message in the Provenance; ``None`` accepts both.
    """
    if bundle.get("resourceType") != "Bundle":
        raise _fail("Bundle", "interop.medcom.profile.not_bundle")
    if bundle.get("type") != "message":
        raise _fail("Bundle.type", "interop.medcom.profile.type_must_message")
    if not bundle.get("timestamp"):
        raise _fail("Bundle.timestamp", "interop.medcom.profile.timestamp_missing")
    if not _has_profile(bundle, PROFILE_MESSAGE):
        raise _fail("Bundle.meta.profile", "interop.medcom.profile.not_carecommunication_message")
    entries = bundle.get("entry") or []
    if not entries:
        raise _fail("Bundle.entry", "interop.medcom.profile.no_entries")
    idx = Index(bundle)

    # medcom-careCommunication-1
    _, header = idx.entries[0]
    if header.get("resourceType") != "MessageHeader" or not _has_profile(header, PROFILE_HEADER):
        raise _fail(
            "Bundle.entry[0].resource",
            "interop.medcom.profile.first_entry_not_carecommunication_messageheader",
        )
    # medcom-careCommunication-2
    patients = list(idx.of_type("Patient"))
    if len(patients) != 1:
        raise _fail(
            "Bundle.entry",
            "interop.medcom.profile.patient_resources_exactly_one",
            n_patients=len(patients),
        )
    pi, patient = patients[0]
    cpr = identifier_of(patient, CPR_SYSTEM)
    if not cpr or not re.fullmatch(r"[0-9]{10}", cpr):
        raise _fail(
            f"Bundle.entry[{pi}].resource.identifier", "interop.medcom.profile.no_cpr_identifier"
        )
    # -3
    for i, prov in idx.of_type("Provenance"):
        if not _has_profile(prov, PROFILE_PROVENANCE):
            raise _fail(
                f"Bundle.entry[{i}].resource.meta.profile",
                "interop.medcom.profile.provenance_another",
            )
    # -4
    for i, prac in idx.of_type("Practitioner"):
        if not prac.get("name"):
            raise _fail(
                f"Bundle.entry[{i}].resource.name",
                "interop.medcom.profile.practitioner_without_name",
            )
    # -13
    for i, role in idx.of_type("PractitionerRole"):
        idx.resolve(
            role.get("practitioner"), f"Bundle.entry[{i}].resource.practitioner", "Practitioner"
        )

    _check_header(idx, header)
    ci, comm = idx.resolve(
        header.get("focus", [None])[0]
        if isinstance(header.get("focus"), list)
        else header.get("focus"),
        "Bundle.entry[0].resource.focus",
        "Communication",
    )
    _check_communication(idx, ci, comm)
    _check_provenance(idx, header, reply)


def _check_header(idx: Index, header: dict[str, Any]) -> None:
    p = "Bundle.entry[0].resource"
    ev = header.get("eventCoding") or {}
    if ev.get("code") != EVENT_CODE or ev.get("system") != CS_EVENTS:
        raise _fail(f"{p}.eventCoding", "interop.medcom.profile.event_must_care_communication")
    if not _DEFINITION.match(str(header.get("definition") or "")):
        raise _fail(f"{p}.definition", "interop.medcom.profile.definition_must_messagedefinition_5")
    if not header.get("id"):
        raise _fail(f"{p}.id", "interop.medcom.profile.id_missing")
    dests = header.get("destination") or []
    if len(dests) != 1:
        raise _fail(f"{p}.destination", "interop.medcom.profile.exactly_one_primary_destination")
    use = _ext(dests[0], EXT_DESTINATION_USE)
    coding = (use or {}).get("valueCoding") or {}
    if coding.get("code") != "primary" or coding.get("system") != CS_USE:
        raise _fail(
            f"{p}.destination[0].extension[use]",
            "interop.medcom.profile.destination_use_must_primary",
        )
    _check_organization(idx, dests[0].get("receiver"), f"{p}.destination[0].receiver")
    _check_organization(idx, header.get("sender"), f"{p}.sender")
    focus = header.get("focus")
    if not isinstance(focus, list) or len(focus) != 1:
        raise _fail(f"{p}.focus", "interop.medcom.profile.exactly_one_focus")


def _check_communication(idx: Index, ci: int, comm: dict[str, Any]) -> None:
    p = f"Bundle.entry[{ci}].resource"
    if not _has_profile(comm, PROFILE_COMMUNICATION):
        raise _fail(f"{p}.meta.profile", "interop.medcom.profile.not_carecommunication")
    if comm.get("status") != "unknown":
        raise _fail(f"{p}.status", "interop.medcom.profile.status_must_unknown")
    idents = comm.get("identifier") or []
    if len(idents) != 1 or not _UUID4.match(str(idents[0].get("value") or "")):
        raise _fail(f"{p}.identifier", "interop.medcom.profile.one_identifier_urn_uuid")
    cats = comm.get("category") or []
    codings = (cats[0].get("coding") if len(cats) == 1 else None) or []
    if len(cats) != 1 or len(codings) != 1:
        raise _fail(f"{p}.category", "interop.medcom.profile.exactly_one_category_coding")
    code = codings[0].get("code")
    if codings[0].get("system") != CS_CATEGORY or code not in CATEGORIES:
        raise _fail(
            f"{p}.category.coding", "interop.medcom.profile.category_not_medcom_s_list", code_=code
        )
    if comm.get("priority") is not None and code != "regarding-referral":
        raise _fail(f"{p}.priority", "interop.medcom.profile.priority_only_regarding_referral")
    topic = (comm.get("topic") or {}).get("text")
    if code == "other" and not topic:
        raise _fail(f"{p}.topic", "interop.medcom.profile.topic_required_category_other")
    idx.resolve(comm.get("subject"), f"{p}.subject", "Patient")
    # -15
    encounters = list(idx.of_type("Encounter"))
    if bool(encounters) != bool(comm.get("encounter")):
        raise _fail(f"{p}.encounter", "interop.medcom.profile.encounter_communication_encounter_go")
    payloads = comm.get("payload") or []
    texts = 0
    for j, pl in enumerate(payloads):
        pp = f"{p}.payload[{j}]"
        is_text = "contentString" in pl
        if is_text:
            texts += 1
            if not str(pl.get("contentString") or "").strip():
                raise _fail(f"{pp}.contentString", "interop.medcom.profile.empty_text")
        elif "contentAttachment" not in pl:
            raise _fail(pp, "interop.medcom.profile.payload_without_text_attachment")
        required = (
            (EXT_DATE, EXT_IDENTIFIER, EXT_AUTHOR, EXT_CONTACT)
            if is_text
            else (EXT_DATE, EXT_IDENTIFIER)
        )
        names = {
            EXT_DATE: "date",
            EXT_IDENTIFIER: "identifier",
            EXT_AUTHOR: "author",
            EXT_CONTACT: "authorContact",
        }
        for url in required:
            if _ext(pl, url) is None:
                raise _fail(
                    f"{pp}.extension[{names[url]}]",
                    "interop.medcom.profile.extension_missing",
                    names=names[url],
                )
        ident = (_ext(pl, EXT_IDENTIFIER) or {}).get("valueIdentifier") or {}
        if not ident.get("value"):
            raise _fail(
                f"{pp}.extension[identifier]",
                "interop.medcom.profile.payload_identifier_without_value",
            )
        author = _ext(pl, EXT_AUTHOR)
        if author is not None:
            ai, role = idx.resolve(
                author.get("valueReference"),
                f"{pp}.extension[author]",
                "PractitionerRole",
                "Practitioner",
            )
            if role.get("resourceType") == "PractitionerRole":
                code_ = role.get("code") or []
                if not code_ or not any(c.get("coding") or c.get("text") for c in code_):
                    raise _fail(
                        f"Bundle.entry[{ai}].resource.code",
                        "interop.medcom.profile.author_role_without_role",
                    )
        contact = _ext(pl, EXT_CONTACT)
        if contact is not None:
            cp = contact.get("valueContactPoint") or {}
            if cp.get("system") != "phone" or not re.fullmatch(
                r"\+?[-0-9]+", str(cp.get("value") or "")
            ):
                raise _fail(
                    f"{pp}.extension[authorContact]",
                    "interop.medcom.profile.author_contact_must_phone",
                )
        if not is_text:
            att = pl.get("contentAttachment") or {}
            if not att.get("title"):
                raise _fail(
                    f"{pp}.contentAttachment.title",
                    "interop.medcom.profile.attachment_without_title",
                )
            if att.get("contentType") not in ATTACHMENT_TYPES:
                raise _fail(
                    f"{pp}.contentAttachment.contentType",
                    "interop.medcom.profile.attachment_type_not_allowed",
                )
            if not (att.get("data") or att.get("url")):
                raise _fail(
                    f"{pp}.contentAttachment", "interop.medcom.profile.attachment_without_data_url"
                )
    if texts == 0:
        raise _fail(f"{p}.payload", "interop.medcom.profile.least_one_text_payload")


def payload_identifiers(comm: dict[str, Any]) -> list[str]:
    out = []
    for pl in comm.get("payload") or []:
        ident = (_ext(pl, EXT_IDENTIFIER) or {}).get("valueIdentifier") or {}
        if ident.get("value"):
            out.append(str(ident["value"]))
    return out


def _check_provenance(idx: Index, header: dict[str, Any], reply: bool | None) -> None:
    mine = []
    for i, prov in idx.of_type("Provenance"):
        targets = prov.get("target") or []
        if any(
            isinstance(t, dict)
            and idx.by_ref.get(str(t.get("reference"))) is not None
            and idx.by_ref[str(t.get("reference"))][1] is header
            for t in targets
        ):
            mine.append((i, prov))
    if not mine:
        raise _fail("Bundle.entry", "interop.medcom.profile.no_provenance_this_message")
    i, prov = mine[0]
    p = f"Bundle.entry[{i}].resource"
    codings = (prov.get("activity") or {}).get("coding") or []
    if (
        not codings
        or codings[0].get("code") not in ACTIVITIES
        or codings[0].get("system") != CS_ACTIVITY
    ):
        raise _fail(f"{p}.activity", "interop.medcom.profile.activity_must_new_reply")
    if not prov.get("recorded"):
        raise _fail(f"{p}.recorded", "interop.medcom.profile.recorded_missing")
    if not prov.get("agent"):
        raise _fail(f"{p}.agent", "interop.medcom.profile.agent_missing")
    payload_entities = 0
    preceding = 0
    for j, ent in enumerate(prov.get("entity") or []):
        what = ent.get("what") or {}
        if ent.get("role") == "revision":
            preceding += 1
            if not (what.get("reference") or what.get("identifier")):
                raise _fail(
                    f"{p}.entity[{j}].what",
                    "interop.medcom.profile.preceding_message_without_reference",
                )
        elif ent.get("role") == "source":
            payload_entities += 1
            if not (what.get("identifier") or {}).get("value"):
                raise _fail(
                    f"{p}.entity[{j}].what.identifier",
                    "interop.medcom.profile.payload_entity_without_identifier",
                )
        else:
            raise _fail(f"{p}.entity[{j}].role", "interop.medcom.profile.role_must_source_revision")
    if payload_entities == 0:
        raise _fail(f"{p}.entity", "interop.medcom.profile.no_payload_entity")
    activity = codings[0].get("code")
    if (reply or activity == "reply-message") and preceding == 0:
        raise _fail(f"{p}.entity", "interop.medcom.profile.reply_names_preceding_message")
