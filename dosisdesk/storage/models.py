"""The ORM's classes, each mapped onto its table in :mod:`dosisdesk.storage.tables` (SQLAlchemy's
declarative mapping with an imperative table). The tables, their columns, keys, indexes and what
each holds are declared there, once; the annotations here are the rows' types for the code that
uses the ORM. Rows stay in this layer: repositories turn them into domain DTOs.

Code on the first screen's path reads the tables with Core and never imports this module: the
ORM and its configured mappers load only when a screen that needs them is used.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeAlias

from sqlalchemy.engine import Row
from sqlalchemy.orm import DeclarativeBase, Mapped

from dosisdesk.storage import tables as t
from dosisdesk.storage.tables import AwareDateTime as AwareDateTime  # (callers name it here too)


class Base(DeclarativeBase):
    metadata = t.metadata


class Meta(Base):
    __table__ = t.meta
    key: Mapped[str]
    value: Mapped[str]


class DatabaseKind(Base):
    __table__ = t.database_kind
    id: Mapped[int]
    kind: Mapped[str]


class Team(Base):
    __table__ = t.teams
    id: Mapped[int]
    name: Mapped[str]
    sor: Mapped[str]
    ean: Mapped[str]


class User(Base):
    __table__ = t.users
    id: Mapped[int]
    username: Mapped[str]
    full_name: Mapped[str]
    role: Mapped[str]
    team_id: Mapped[int | None]
    active: Mapped[bool]
    login: Mapped[str | None]
    password_hash: Mapped[str | None]


class SigninFailure(Base):
    __table__ = t.signin_failures
    name: Mapped[str]
    failures: Mapped[int]
    last_at: Mapped[datetime]


class AccessGrant(Base):
    __table__ = t.access_grants
    id: Mapped[int]
    user_id: Mapped[int]
    citizen_id: Mapped[int]
    reason: Mapped[str]
    granted_at: Mapped[datetime]
    until: Mapped[datetime]
    reviewed_by: Mapped[int | None]
    reviewed_at: Mapped[datetime | None]


class Pharmacy(Base):
    __table__ = t.pharmacies
    id: Mapped[int]
    name: Mapped[str]
    phone: Mapped[str]
    closed_christmas_eve: Mapped[bool]
    closed_constitution_day: Mapped[bool]
    extra_closed_days: Mapped[str]


class PackingGroup(Base):
    __table__ = t.packing_groups
    id: Mapped[int]
    pharmacy_id: Mapped[int]
    name: Mapped[str]
    start_weekday: Mapped[int]
    length_days: Mapped[int]
    deadline_days_before: Mapped[int]
    deadline_time: Mapped[str]
    delivery_days_before: Mapped[int]
    anchor: Mapped[date]


class Stretch(Base):
    __table__ = t.stretches
    id: Mapped[int]
    packing_group_id: Mapped[int]
    first_day: Mapped[date]
    length_days: Mapped[int]
    note: Mapped[str]


class Period(Base):
    __table__ = t.periods
    id: Mapped[int]
    packing_group_id: Mapped[int]
    first_day: Mapped[date]
    last_day: Mapped[date]
    deadline: Mapped[datetime]
    expected_delivery: Mapped[date]
    note: Mapped[str]


class Citizen(Base):
    __table__ = t.citizens
    __mapper_args__ = {"version_id_col": t.citizens.c.version_id}
    id: Mapped[int]
    cpr: Mapped[str]
    first_name: Mapped[str]
    last_name: Mapped[str]
    sort_key: Mapped[str]
    address: Mapped[str]
    phone: Mapped[str]
    team_id: Mapped[int | None]
    route_order: Mapped[int]
    gp_name: Mapped[str]
    gp_phone: Mapped[str]
    gp_sor: Mapped[str]
    gp_ean: Mapped[str]
    birth_date: Mapped[date]
    version_id: Mapped[int]


class Card(Base):
    __table__ = t.cards
    __mapper_args__ = {"version_id_col": t.cards.c.version_id}
    id: Mapped[int]
    citizen_id: Mapped[int]
    packing_group_id: Mapped[int]
    dispensing_pharmacy_id: Mapped[int | None]
    paused: Mapped[bool]
    version_id: Mapped[int]


class Pause(Base):
    __table__ = t.pauses
    id: Mapped[int]
    card_id: Mapped[int]
    paused_at: Mapped[datetime]
    resumed_at: Mapped[datetime | None]
    reason: Mapped[str]
    contact_id: Mapped[int | None]


class Product(Base):
    __table__ = t.products
    id: Mapped[int]
    atc: Mapped[str]
    substance: Mapped[str]
    trade_name: Mapped[str]
    strength: Mapped[str]
    form: Mapped[str]
    dose_dispensable: Mapped[bool]


class Line(Base):
    __table__ = t.lines
    __mapper_args__ = {"version_id_col": t.lines.c.version_id}
    id: Mapped[int]
    card_id: Mapped[int]
    citizen_id: Mapped[int]
    origin_acute_change_id: Mapped[int | None]
    supply_failure_id: Mapped[int | None]
    fmk_id: Mapped[str | None]
    version_id: Mapped[int]


class LineVersion(Base):
    __table__ = t.line_versions
    id: Mapped[int]
    line_id: Mapped[int]
    citizen_id: Mapped[int]
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]
    product_id: Mapped[int]
    atc: Mapped[str]
    dosage: Mapped[str]
    supply: Mapped[str]
    status: Mapped[str]
    private: Mapped[bool]
    prescription_valid_until: Mapped[date | None]
    indication: Mapped[str]
    change_id: Mapped[int | None]
    fmk_version: Mapped[str | None]


class Change(Base):
    __table__ = t.changes
    __mapper_args__ = {"version_id_col": t.changes.c.version_id}
    id: Mapped[int]
    citizen_id: Mapped[int]
    card_id: Mapped[int]
    line_id: Mapped[int | None]
    kind: Mapped[str]
    product_id: Mapped[int | None]
    dosage: Mapped[str]
    supply: Mapped[str | None]
    acute: Mapped[bool]
    reason: Mapped[str]
    doctor: Mapped[str]
    source: Mapped[str]
    received_at: Mapped[datetime | None]
    registered_at: Mapped[datetime]
    registered_by: Mapped[int]
    target_period_id: Mapped[int | None]
    original_period_id: Mapped[int | None]
    effective_date: Mapped[date]
    wanted_from: Mapped[date | None]
    state: Mapped[str]
    missed_deadlines: Mapped[int]
    follow_up_of_id: Mapped[int | None]
    if_waited_first_day: Mapped[date | None]
    if_waited_deadline: Mapped[datetime | None]
    cancel_reason: Mapped[str]
    fmk_version: Mapped[str | None]
    version_id: Mapped[int]


#: A change as its ORM row, or as its plain columns by the same names (read only): a screen
#: that only shows changes reads them without the ORM (the card).
ChangeRow: TypeAlias = Change | Row[Any]


class ChangeTransition(Base):
    __table__ = t.change_transitions
    id: Mapped[int]
    change_id: Mapped[int]
    from_state: Mapped[str | None]
    to_state: Mapped[str]
    at: Mapped[datetime]
    by_user_id: Mapped[int]
    note: Mapped[str]


class AcuteHandling(Base):
    __table__ = t.acute_handlings
    id: Mapped[int]
    change_id: Mapped[int]
    kind: Mapped[str]
    bags: Mapped[str]
    identifiable: Mapped[bool]
    ordinary_until: Mapped[date | None]
    note: Mapped[str]


class HandlingStep(Base):
    __table__ = t.handling_steps
    id: Mapped[int]
    handling_id: Mapped[int]
    change_id: Mapped[int]
    day: Mapped[date | None]
    slot: Mapped[str | None]
    done_at: Mapped[datetime | None]
    done_by: Mapped[int | None]


class HospitalContact(Base):
    __table__ = t.hospital_contacts
    __mapper_args__ = {"version_id_col": t.hospital_contacts.c.version_id}
    id: Mapped[int]
    citizen_id: Mapped[int]
    kind: Mapped[str]
    hospital: Mapped[str]
    department: Mapped[str]
    phone: Mapped[str]
    dept_sor: Mapped[str]
    dept_ean: Mapped[str]
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    somatic: Mapped[bool]
    municipal_nursing: Mapped[bool]
    extended_until: Mapped[datetime | None]
    responsibility_until: Mapped[datetime | None]
    dd_paused: Mapped[bool]
    dd_changes: Mapped[bool]
    note: Mapped[str]
    epicrisis_received: Mapped[bool]
    fmk_checked: Mapped[bool]
    changes_registered: Mapped[bool]
    dd_decided: Mapped[bool]
    version_id: Mapped[int]


class RenewalRequest(Base):
    __table__ = t.renewal_requests
    __mapper_args__ = {"version_id_col": t.renewal_requests.c.version_id}
    id: Mapped[int]
    line_id: Mapped[int]
    citizen_id: Mapped[int]
    sent_at: Mapped[datetime]
    state: Mapped[str]
    rejection_reason: Mapped[str | None]
    decided_at: Mapped[datetime | None]
    note: Mapped[str]
    version_id: Mapped[int]


class SupplyFailure(Base):
    __table__ = t.supply_failures
    id: Mapped[int]
    product_id: Mapped[int]
    from_day: Mapped[date]
    to_day: Mapped[date | None]
    note: Mapped[str]


class PackedProduct(Base):
    __table__ = t.packed_products
    id: Mapped[int]
    line_id: Mapped[int]
    period_id: Mapped[int]
    trade_name: Mapped[str]


class FlagAck(Base):
    __table__ = t.flag_acks
    id: Mapped[int]
    citizen_id: Mapped[int]
    line_a: Mapped[int]
    line_b: Mapped[int]
    version_a: Mapped[int]
    version_b: Mapped[int]
    kind: Mapped[str]
    reason: Mapped[str]
    until: Mapped[date | None]
    created_at: Mapped[datetime]
    created_by: Mapped[int]


class FlagCandidate(Base):
    __table__ = t.flag_candidates
    citizen_id: Mapped[int]
    atc_group: Mapped[str]


class Task(Base):
    __table__ = t.tasks
    id: Mapped[int]
    citizen_id: Mapped[int]
    team_id: Mapped[int | None]
    kind: Mapped[str]
    text: Mapped[str]
    created_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
    renewal_id: Mapped[int | None]


class FmkRead(Base):
    __table__ = t.fmk_reads
    id: Mapped[int]
    citizen_id: Mapped[int]
    read_at: Mapped[datetime]
    read_by: Mapped[int]
    source: Mapped[str]
    card_version: Mapped[str]
    fmk_modified_at: Mapped[datetime | None]
    drug_medications: Mapped[int]
    private_count: Mapped[int]
    differences: Mapped[int]


class FmkProposal(Base):
    __table__ = t.fmk_proposals
    id: Mapped[int]
    citizen_id: Mapped[int]
    read_id: Mapped[int]
    kind: Mapped[str]
    change_kind: Mapped[str]
    fmk_id: Mapped[str | None]
    fmk_version: Mapped[str | None]
    line_id: Mapped[int | None]
    atc: Mapped[str]
    drug_name: Mapped[str]
    strength: Mapped[str]
    form: Mapped[str]
    substance: Mapped[str]
    dosage: Mapped[str]
    dosage_exact: Mapped[bool]
    supply: Mapped[str | None]
    before: Mapped[str]
    note: Mapped[str]
    author: Mapped[str]
    fmk_modified_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    state: Mapped[str]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[int | None]
    reject_reason: Mapped[str]
    change_id: Mapped[int | None]
    version_id: Mapped[int]


class CorrespondenceMessage(Base):
    __table__ = t.correspondence
    __mapper_args__ = {"version_id_col": t.correspondence.c.version_id}
    id: Mapped[int]
    citizen_id: Mapped[int]
    direction: Mapped[str]
    header_id: Mapped[str]
    communication_identifier: Mapped[str]
    category: Mapped[str]
    topic: Mapped[str]
    status: Mapped[str]
    party_name: Mapped[str]
    party_sor: Mapped[str]
    party_ean: Mapped[str]
    segments: Mapped[str]
    attachments: Mapped[str]
    context_kind: Mapped[str]
    context_ref: Mapped[str]
    reply_to_id: Mapped[int | None]
    file_name: Mapped[str]
    error: Mapped[str]
    created_at: Mapped[datetime]
    created_by: Mapped[int | None]
    status_at: Mapped[datetime]
    version_id: Mapped[int]


class AuditEntry(Base):
    __table__ = t.audit_log
    id: Mapped[int]
    seq: Mapped[int]
    at: Mapped[datetime]
    user_id: Mapped[int | None]
    username: Mapped[str]
    db_user: Mapped[str]
    action: Mapped[str]
    entity: Mapped[str]
    entity_id: Mapped[int | None]
    citizen_id: Mapped[int | None]
    before: Mapped[str | None]
    after: Mapped[str | None]
    prev_hash: Mapped[str]
    hash: Mapped[str]
    mac: Mapped[str | None]


class AuditCitizen(Base):
    __table__ = t.audit_citizens
    citizen_id: Mapped[int]
    entry_id: Mapped[int]
