"""Correspondence with the GP and the hospital (R9): MedCom's CareCommunication, as rules.

A correspondence message goes to one organisation (the citizen's GP or a hospital department) under
one category from MedCom's national list (version 1.9.0). The rules the guide and the
cross-sector group set, which the message builder and the compose form both obey:

- the category must be one of the list; a topic (emne) is required when it is ``other``;
- priority (ASAP) is allowed only with ``regarding-referral``;
- every text segment is signed: the author's name, role and phone are required;
- a message is never the way to handle an acute matter: acute goes by phone (the form says so);
- nothing derived from a private-marked line ever goes into a message (R11).

The status of a message we send: ``ready`` (klar: written to the outbox, the gateway has not
taken it yet), ``sent`` (sendt: the gateway took the file), ``answered`` (besvaret: a reply
arrived), ``failed`` (fejlet: it could not be written, or the gateway put it aside). A message we
receive is ``received``.
"""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from dosisdesk.domain.errors import InvalidInput, RuleViolation

#: MedCom's category codes (CodeSystem medcom-careCommunication-categoryCodes, v1.9.0); the
#: words nurses see are ``dosisdesk.words.CORRESPONDENCE_CATEGORY``. ``acute-ambulant`` and
#: ``extended-care-responsibility`` are active since 22 September 2025.
CATEGORIES: frozenset[str] = frozenset(
    {
        "alcohol-and-drug-treatment",
        "assistive-devices",
        "carecoordination",
        "decease",
        "discharge",
        "examination-results",
        "healthcare",
        "home-care-assessment",
        "medicine",
        "nursing",
        "outpatient",
        "psychiatry-social-disability",
        "regarding-referral",
        "telemedicine",
        "training",
        "acute-ambulant",
        "extended-care-responsibility",
        "other",
    }
)

#: Attachments the guide accepts (ValueSet medcom-core-attachmentMimeTypes).
ATTACHMENT_TYPES = frozenset(
    {
        "application/pdf",
        "image/gif",
        "image/jpeg",
        "image/png",
        "image/tiff",
        "image/bmp",
    }
)

MAX_TEXT = 10_000
MAX_TOPIC = 60
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,19}$")


class MessageStatus(enum.StrEnum):
    READY = "ready"
    SENT = "sent"
    ANSWERED = "answered"
    FAILED = "failed"
    RECEIVED = "received"


class Direction(enum.StrEnum):
    OUT = "out"
    IN = "in"


class Receiver(enum.StrEnum):
    GP = "gp"
    DEPARTMENT = "department"


@dataclass(frozen=True, slots=True)
class Signature:
    """Who signs a text segment: required on every segment."""

    name: str
    role: str
    team: str
    phone: str


@dataclass(frozen=True, slots=True)
class Organisation:
    """A party with its SOR code and EAN location number (both required to address a message)."""

    name: str
    sor: str
    ean: str


@dataclass(frozen=True, slots=True)
class Draft:
    category: str
    topic: str
    text: str
    signature: Signature
    asap: bool = False


def normalise_phone(phone: str) -> str:
    """A phone number as the guide wants it: an optional + and digits only."""
    return re.sub(r"[ \-]", "", phone.strip())


def check_signature(sig: Signature) -> None:
    if not sig.name.strip() or not sig.role.strip():
        raise RuleViolation("correspondence.signature_needs_name_role")
    if not _PHONE.match(sig.phone.strip()):
        raise RuleViolation("correspondence.bad_signature_phone", phone=sig.phone)


def check_organisation(org: Organisation, who: str) -> None:
    """SOR codes are 15 digits or fewer; EAN location numbers are 13 digits (GS1)."""
    if not re.fullmatch(r"[0-9]{6,18}", org.sor or ""):
        raise RuleViolation("correspondence.no_sor_code", who_=who)
    if not re.fullmatch(r"[0-9]{13}", org.ean or ""):
        raise RuleViolation("correspondence.no_ean_number", who_=who)


def check_draft(draft: Draft) -> None:
    """The guide's rules for what a nurse writes (invariants 5 and 6 of the Communication)."""
    if draft.category not in CATEGORIES:
        raise InvalidInput("correspondence.unknown_category", category=draft.category)
    topic = draft.topic.strip()
    if draft.category == "other" and not topic:
        raise RuleViolation("correspondence.topic_required_other")
    if len(topic) > MAX_TOPIC:
        raise InvalidInput("correspondence.topic_too_long", max_topic=MAX_TOPIC)
    if draft.asap and draft.category != "regarding-referral":
        raise RuleViolation("correspondence.priority_only_regarding_referral")
    if not draft.text.strip():
        raise InvalidInput("correspondence.empty_text")
    if len(draft.text) > MAX_TEXT:
        raise InvalidInput("correspondence.text_too_long", max_text=MAX_TEXT)
    check_signature(draft.signature)


# ---------------------------------------------------------------------------
# A message as values (the format lives in dosisdesk.interop.medcom)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """One signed text segment of a thread (ours or the other party's)."""

    identifier: str  # urn:uuid:…
    text: str
    at: datetime
    author_name: str
    author_role: str
    phone: str
    by_sender: bool  # written by the party that sends this message


@dataclass(frozen=True, slots=True)
class Attachment:
    title: str
    content_type: str
    data: bytes
    created: datetime
    identifier: str = field(default_factory=lambda: f"urn:uuid:{uuid.uuid4()}")


@dataclass(frozen=True, slots=True)
class Message:
    """An outgoing message: the parties, the citizen, the category, the thread's segments."""

    header_id: str
    communication_identifier: str
    sender: Organisation
    receiver: Organisation
    cpr: str
    given: str
    family: str
    category: str
    topic: str
    asap: bool
    segments: tuple[Segment, ...]
    attachment: Attachment | None
    timestamp: datetime
    preceding_header_id: str | None = None


@dataclass(frozen=True, slots=True)
class ReadSegment:
    identifier: str
    text: str
    at: datetime | None
    author_name: str
    author_role: str
    phone: str


@dataclass(frozen=True, slots=True)
class Incoming:
    """What dosisdesk keeps of a message that arrived."""

    header_id: str
    communication_identifier: str
    cpr: str
    patient_name: str
    category: str
    topic: str
    sender_name: str
    sender_sor: str
    sender_ean: str
    receiver_sor: str
    preceding_header_id: str | None
    segments: tuple[ReadSegment, ...]
    attachments: tuple[str, ...]  # titles
    timestamp: datetime | None
    activity: str = "new-message"  # new-message, reply-message or forward-message
