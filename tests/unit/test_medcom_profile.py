"""MedCom CareCommunication: the guide's example messages pass, and every rule the project
encodes refuses a message that breaks it, naming the element."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from dosisdesk.domain.correspondence import (
    CATEGORIES,
    Draft,
    Organisation,
    Signature,
    check_draft,
)
from dosisdesk.domain.errors import InvalidInput, RuleViolation
from dosisdesk.domain.types import CPH
from dosisdesk.interop.medcom import profile as pf
from dosisdesk.interop.medcom.build import Attachment, Message, Segment, build_message, new_uuid
from dosisdesk.interop.medcom.read import read_message

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "medcom"
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=CPH)


def example(name: str) -> dict[str, Any]:
    return json.loads((FIX / f"{name}-message.json").read_text(encoding="utf-8"))


def res(bundle: dict[str, Any], rtype: str) -> dict[str, Any]:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype)


def refused(bundle: dict[str, Any], where: str) -> None:
    with pytest.raises(InvalidInput) as e:
        pf.check_bundle(bundle)
    assert e.value.path is not None and e.value.path.startswith(where), e.value.path


def test_the_guides_new_message_and_reply_pass_and_read_back():
    first = read_message((FIX / "1st-message.json").read_bytes())
    reply = read_message((FIX / "2nd-message.json").read_bytes())
    assert first.cpr == "2509479989" and first.category == "examination-results"
    assert first.preceding_header_id is None
    assert [s.author_name for s in first.segments] == ["Michael Burns"]
    assert first.segments[0].author_role == "sygeplejerske"
    assert reply.preceding_header_id == first.header_id
    assert reply.communication_identifier == first.communication_identifier
    assert reply.segments[-1].text.startswith("Hej Michael")
    assert reply.attachments == ("Blodprøveresultater",)
    assert reply.sender_sor == "953741000016009"


# Each required element of the profile, removed in turn (element path, how to break it).
def _drop(rtype: str, *keys: str):  # type: ignore[no-untyped-def]
    def go(b: dict[str, Any]) -> None:
        node: Any = res(b, rtype)
        for k in keys[:-1]:
            node = node[int(k)] if isinstance(node, list) else node[k]
        del node[keys[-1]]

    return go


def _payload_ext(url: str):  # type: ignore[no-untyped-def]
    def go(b: dict[str, Any]) -> None:
        pl = res(b, "Communication")["payload"][0]
        pl["extension"] = [e for e in pl["extension"] if e["url"] != url]

    return go


REQUIRED = [
    ("Bundle.timestamp", lambda b: b.pop("timestamp")),
    ("Bundle.meta.profile", lambda b: b.pop("meta")),
    ("Bundle.entry[0]", lambda b: b["entry"].insert(0, b["entry"].pop(1))),
    (
        "Bundle.entry",
        lambda b: b.__setitem__(
            "entry", [e for e in b["entry"] if e["resource"]["resourceType"] != "Patient"]
        ),
    ),
    ("Bundle.entry[0].resource.eventCoding", _drop("MessageHeader", "eventCoding")),
    ("Bundle.entry[0].resource.definition", _drop("MessageHeader", "definition")),
    ("Bundle.entry[0].resource.destination", _drop("MessageHeader", "destination")),
    (
        "Bundle.entry[0].resource.destination[0].extension[use]",
        _drop("MessageHeader", "destination", "0", "extension"),
    ),
    ("Bundle.entry[0].resource.sender", _drop("MessageHeader", "sender")),
    ("Bundle.entry[0].resource.focus", _drop("MessageHeader", "focus")),
    ("Bundle.entry[2].resource.status", _drop("Communication", "status")),
    ("Bundle.entry[2].resource.identifier", _drop("Communication", "identifier")),
    ("Bundle.entry[2].resource.category", _drop("Communication", "category")),
    ("Bundle.entry[2].resource.subject", _drop("Communication", "subject")),
    ("Bundle.entry[2].resource.payload", _drop("Communication", "payload")),
    ("Bundle.entry[2].resource.payload[0].extension[date]", _payload_ext(pf.EXT_DATE)),
    ("Bundle.entry[2].resource.payload[0].extension[identifier]", _payload_ext(pf.EXT_IDENTIFIER)),
    ("Bundle.entry[2].resource.payload[0].extension[author]", _payload_ext(pf.EXT_AUTHOR)),
    ("Bundle.entry[2].resource.payload[0].extension[authorContact]", _payload_ext(pf.EXT_CONTACT)),
    ("Bundle.entry[3].resource.practitioner", _drop("PractitionerRole", "practitioner")),
    ("Bundle.entry[4].resource.name", _drop("Practitioner", "name")),
    ("Bundle.entry[7].resource.activity", _drop("Provenance", "activity")),
    ("Bundle.entry[7].resource.entity", _drop("Provenance", "entity")),
    ("Bundle.entry[5].resource", lambda b: b["entry"][5]["resource"]["identifier"].pop()),
    ("Bundle.entry[6].resource", lambda b: b["entry"][6]["resource"]["identifier"].pop(0)),
]


@pytest.mark.parametrize(("where", "breaks"), REQUIRED, ids=[w for w, _ in REQUIRED])
def test_every_required_element_missing_is_refused_by_name(where, breaks):
    bundle = copy.deepcopy(example("1st"))
    pf.check_bundle(bundle)
    breaks(bundle)
    refused(bundle, where)


def test_a_category_outside_the_national_list_is_refused():
    bundle = example("1st")
    res(bundle, "Communication")["category"][0]["coding"][0]["code"] = "medication"
    refused(bundle, "Bundle.entry[2].resource.category")
    with pytest.raises(InvalidInput):
        check_draft(Draft("medication", "", "x", Signature("A B", "Sygeplejerske", "", "12345678")))


def test_priority_only_with_regarding_referral_and_topic_required_with_other():
    bundle = example("1st")
    res(bundle, "Communication")["priority"] = "asap"
    refused(bundle, "Bundle.entry[2].resource.priority")
    res(bundle, "Communication")["category"][0]["coding"][0]["code"] = "regarding-referral"
    pf.check_bundle(bundle)
    other = example("1st")
    comm = res(other, "Communication")
    comm["category"][0]["coding"][0]["code"] = "other"
    del comm["topic"]
    refused(other, "Bundle.entry[2].resource.topic")
    sig = Signature("Sif Sygeplejerske", "Sygeplejerske", "Team Nord", "38683868")
    with pytest.raises(RuleViolation) as e:
        check_draft(Draft("other", " ", "Tekst", sig))
    assert "emne" in e.value.message
    with pytest.raises(RuleViolation) as e:
        check_draft(Draft("medicine", "", "Tekst", sig, asap=True))
    assert "Prioritet" in e.value.message
    with pytest.raises(RuleViolation) as e:
        check_draft(Draft("medicine", "", "Tekst", Signature("Sif", "Sygeplejerske", "", "")))
    assert "telefonnummer" in e.value.message


def test_a_reply_must_name_the_message_it_answers():
    bundle = example("2nd")
    prov = next(e["resource"] for e in bundle["entry"] if e["resource"]["id"].startswith("30c0"))
    prov["entity"] = [e for e in prov["entity"] if e["role"] != "revision"]
    refused(bundle, "Bundle.entry[9].resource.entity")


def test_a_tampered_or_foreign_file_is_refused_with_a_located_message():
    raw = (FIX / "1st-message.json").read_bytes()
    with pytest.raises(InvalidInput) as e:
        read_message(raw[: len(raw) // 2])
    assert "JSON" in e.value.message
    bundle = example("1st")
    res(bundle, "MessageHeader")["focus"] = [{"reference": "Communication/not-here"}]
    with pytest.raises(InvalidInput) as e:
        read_message(json.dumps(bundle).encode())
    assert e.value.message.endswith("findes ikke i beskeden")
    bundle = example("1st")
    res(bundle, "Communication")["payload"][0]["contentString"] = 17  # not a FHIR string
    with pytest.raises(InvalidInput) as e:
        read_message(json.dumps(bundle).encode())
    assert "ikke gyldig FHIR" in e.value.message
    with pytest.raises(InvalidInput):
        read_message(b"[1, 2, 3]")
    with pytest.raises(InvalidInput):
        read_message(b"[" * 100_000)


def _msg(**kw: Any) -> Message:
    base = dict(
        header_id=new_uuid(),
        communication_identifier=f"urn:uuid:{new_uuid()}",
        sender=Organisation("Hjemmeplejen Nord", "999990000016001", "5790000000017"),
        receiver=Organisation("Lægehuset Lund", "999990000016002", "5790000000024"),
        cpr="0305401234",
        given="Anna",
        family="Hansen",
        category="medicine",
        topic="Dobbeltordination",
        asap=False,
        segments=(
            Segment(
                f"urn:uuid:{new_uuid()}",
                "Hej\nTo linjer",
                NOW,
                "Sif Sygeplejerske",
                "Sygeplejerske",
                "38683868",
                True,
            ),
        ),
        attachment=None,
        timestamp=NOW,
    )
    base.update(kw)
    return Message(**base)  # type: ignore[arg-type]


def test_what_dosisdesk_builds_passes_the_profile_and_reads_back_the_same():
    att = Attachment("Medicinliste", "application/pdf", b"%PDF-1.4 test", NOW)
    bundle = build_message(_msg(attachment=att))
    back = read_message(json.dumps(bundle).encode())
    assert (back.cpr, back.category, back.topic) == ("0305401234", "medicine", "Dobbeltordination")
    assert back.segments[0].text == "Hej\nTo linjer"
    assert back.segments[0].author_name == "Sif Sygeplejerske"
    assert back.attachments == ("Medicinliste",)
    comm = res(bundle, "Communication")
    assert "priority" not in comm
    assert pf.PROFILE_COMMUNICATION in comm["meta"]["profile"]
    reply = build_message(_msg(preceding_header_id=back.header_id))
    assert read_message(json.dumps(reply).encode()).preceding_header_id == back.header_id


def test_an_organisation_without_sor_or_ean_cannot_be_addressed():
    from dosisdesk.domain.correspondence import check_organisation

    with pytest.raises(RuleViolation) as e:
        check_organisation(Organisation("Læge", "", "5790000000024"), "Lægen")
    assert "SOR" in e.value.message
    with pytest.raises(RuleViolation) as e:
        check_organisation(Organisation("Læge", "999990000016002", "123"), "Lægen")
    assert "EAN" in e.value.message
    assert len(CATEGORIES) == 18
