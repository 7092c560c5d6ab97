"""SQLAlchemy 2 models. Rows stay in this layer: repositories turn them into domain DTOs.

Size: every table with its columns, keys and indexes; the schema reads in one place, as the
migrations compare against it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, TypeAlias

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect, Row
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from dosisdesk.domain.types import CPH

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class AwareDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; returns them in Europe/Copenhagen. Naive input is a bug."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        utc = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return utc.replace(tzinfo=None)
        return utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(CPH)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: dict[Any, Any] = {datetime: AwareDateTime(), date: Date()}


class Meta(Base):
    """Key/value facts about this database: demo marker, municipality settings."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DatabaseKind(Base):
    """What this database is: ``real`` (health data of real citizens) or ``training`` (an
    øvelsesdatabase: every demo database and one made with ``db init --training``). One row, set
    once when the database is created; the database itself refuses to change or delete it."""

    __tablename__ = "database_kind"
    __table_args__ = (
        CheckConstraint("id = 1", name="one_row"),
        CheckConstraint("kind IN ('real', 'training')", name="kind"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # The team's own SOR code and EAN location number, when it receives messages itself (R9);
    # otherwise the municipality's (meta keys medcom.sor / medcom.ean) are used.
    sor: Mapped[str] = mapped_column(String(20), default="", server_default="")
    ean: Mapped[str] = mapped_column(String(20), default="", server_default="")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: The operating-system account or PostgreSQL role that is this person (None: the username).
    login: Mapped[str | None] = mapped_column(String(128), unique=True)
    #: Argon2id hash of the local password (SQLite installations that sign in by password).
    password_hash: Mapped[str | None] = mapped_column(Text)


class SigninFailure(Base):
    """Failed sign-ins per name tried (whether or not such a user exists), to slow guessing."""

    __tablename__ = "signin_failures"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[datetime] = mapped_column(AwareDateTime())


class AccessGrant(Base):
    """Break the glass: a nurse opened a citizen outside her team, giving a reason (logged,
    listed for the coordinator to review)."""

    __tablename__ = "access_grants"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    granted_at: Mapped[datetime] = mapped_column(AwareDateTime())
    until: Mapped[datetime] = mapped_column(AwareDateTime())
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    __table_args__ = (Index("ix_access_grants_user_until", "user_id", "until"),)


class Pharmacy(Base):
    __tablename__ = "pharmacies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    closed_christmas_eve: Mapped[bool] = mapped_column(Boolean, default=True)
    closed_constitution_day: Mapped[bool] = mapped_column(Boolean, default=True)
    extra_closed_days: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of ISO dates


class PackingGroup(Base):
    __tablename__ = "packing_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    pharmacy_id: Mapped[int] = mapped_column(ForeignKey("pharmacies.id"))
    name: Mapped[str] = mapped_column(String(200))
    start_weekday: Mapped[int] = mapped_column(Integer)
    length_days: Mapped[int] = mapped_column(Integer, default=14)
    deadline_days_before: Mapped[int] = mapped_column(Integer, default=2)
    deadline_time: Mapped[str] = mapped_column(String(5), default="12:00")
    delivery_days_before: Mapped[int] = mapped_column(Integer, default=1)
    anchor: Mapped[date] = mapped_column(Date)  # a known first day of a period
    __table_args__ = (UniqueConstraint("pharmacy_id", "name"),)


class Stretch(Base):
    """A period the pharmacy stretched (e.g. 21 or 28 days over Christmas), with its note."""

    __tablename__ = "stretches"
    id: Mapped[int] = mapped_column(primary_key=True)
    packing_group_id: Mapped[int] = mapped_column(ForeignKey("packing_groups.id"))
    first_day: Mapped[date] = mapped_column(Date)
    length_days: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("packing_group_id", "first_day"),)


class Period(Base):
    __tablename__ = "periods"
    id: Mapped[int] = mapped_column(primary_key=True)
    packing_group_id: Mapped[int] = mapped_column(ForeignKey("packing_groups.id"))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    deadline: Mapped[datetime] = mapped_column(AwareDateTime())
    expected_delivery: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        UniqueConstraint("packing_group_id", "first_day"),
        Index("ix_periods_group_deadline", "packing_group_id", "deadline"),
    )


class Citizen(Base):
    __tablename__ = "citizens"
    id: Mapped[int] = mapped_column(primary_key=True)
    cpr: Mapped[str] = mapped_column(String(10), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    sort_key: Mapped[str] = mapped_column(String(220))  # Danish collation key of "last, first"
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    route_order: Mapped[int] = mapped_column(Integer, default=0)
    gp_name: Mapped[str] = mapped_column(String(200), default="")
    gp_phone: Mapped[str] = mapped_column(String(40), default="")
    gp_sor: Mapped[str] = mapped_column(String(20), default="", server_default="")
    gp_ean: Mapped[str] = mapped_column(String(20), default="", server_default="")
    birth_date: Mapped[date] = mapped_column(Date)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __table_args__ = (
        Index("ix_citizens_team_sort", "team_id", "sort_key"),
        Index("ix_citizens_sort", "sort_key"),
    )
    __mapper_args__ = {"version_id_col": version_id}


class Card(Base):
    __tablename__ = "cards"
    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    packing_group_id: Mapped[int] = mapped_column(ForeignKey("packing_groups.id"), index=True)
    dispensing_pharmacy_id: Mapped[int | None] = mapped_column(ForeignKey("pharmacies.id"))
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}


class Pause(Base):
    __tablename__ = "pauses"
    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"), index=True)
    paused_at: Mapped[datetime] = mapped_column(AwareDateTime())
    resumed_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    reason: Mapped[str] = mapped_column(Text, default="")
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("hospital_contacts.id"))


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    atc: Mapped[str] = mapped_column(String(7), index=True)
    substance: Mapped[str] = mapped_column(String(200))
    trade_name: Mapped[str] = mapped_column(String(200))
    strength: Mapped[str] = mapped_column(String(100))
    form: Mapped[str] = mapped_column(String(200))
    dose_dispensable: Mapped[bool] = mapped_column(Boolean, default=True)
    __table_args__ = (UniqueConstraint("trade_name", "strength", "form"),)


class Line(Base):
    """One line on a card; its content over time lives in LineVersion."""

    __tablename__ = "lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"), index=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    # indexed: the card asks which lines an acute change started, the desk which lines a
    # supply failure holds (a scan of every line at national size otherwise)
    origin_acute_change_id: Mapped[int | None] = mapped_column(
        ForeignKey("changes.id", use_alter=True), index=True
    )
    supply_failure_id: Mapped[int | None] = mapped_column(
        ForeignKey("supply_failures.id"), index=True
    )
    # FMK's DrugMedication identifier: a re-read of the FMK card matches this line
    fmk_id: Mapped[str | None] = mapped_column(String(20), index=True)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}


_NOW = ("citizen_id", "atc", "line_id", "status", "supply", "valid_to")
_ENDING = ("valid_to", "citizen_id", "atc", "line_id", "status", "valid_from")
_ROLL_NOW = "status = 'active' AND valid_to IS NULL AND supply = 'dose_roll'"
_OTHER_NOW = "status = 'active' AND valid_to IS NULL AND supply <> 'dose_roll'"


#: The partial indexes' filters by index name. SQLite's is declared on the index; PostgreSQL's
#: is added by :func:`postgresql_options` when a PostgreSQL engine is made (storage/db.py): an
#: option named ``postgresql_*`` loads SQLAlchemy's PostgreSQL dialect to check it, and a program
#: on SQLite would pay for that at every start (~60 ms and 2 MB).
_PARTIAL_WHERE: dict[str, str] = {}


def _partial(name: str, columns: tuple[str, ...], where: str) -> Index:
    """A partial index, the same filter on SQLite and PostgreSQL."""
    _PARTIAL_WHERE[name] = where
    return Index(name, *columns, sqlite_where=text(where))


def postgresql_options() -> None:
    """Give the models their PostgreSQL-only options (the partial indexes' filters); once."""
    for table in Base.metadata.tables.values():
        for index in table.indexes:
            where = _PARTIAL_WHERE.get(str(index.name))
            if where is not None and index.dialect_kwargs.get("postgresql_where") is None:
                index.dialect_kwargs["postgresql_where"] = text(where)


class LineVersion(Base):
    """A line's content valid from ``valid_from`` up to (not including) ``valid_to``."""

    __tablename__ = "line_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("lines.id"))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    atc: Mapped[str] = mapped_column(String(7))
    dosage: Mapped[str] = mapped_column(String(200), default="")
    supply: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="active")
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    prescription_valid_until: Mapped[date | None] = mapped_column(Date)
    indication: Mapped[str] = mapped_column(String(200), default="")
    change_id: Mapped[int | None] = mapped_column(ForeignKey("changes.id", use_alter=True))
    fmk_version: Mapped[str | None] = mapped_column(String(20))  # FMK's DrugMedication version
    __table_args__ = (
        Index("ix_line_versions_line_from", "line_id", "valid_from"),
        Index("ix_line_versions_atc5", "atc", "citizen_id"),
        Index("ix_line_versions_renewal", "prescription_valid_until"),
        Index("ix_line_versions_change", "change_id"),
        # made for the double-prescription search before migration 0013 (it reads
        # flag_candidates now): the versions with no end, roll and the rest apart, and the
        # versions that end; covering (SQLite reads an index alone only when it holds every
        # column the query names, its filter's too)
        _partial("ix_line_versions_roll_now", _NOW, _ROLL_NOW),
        _partial("ix_line_versions_other_now", _NOW, _OTHER_NOW),
        _partial("ix_line_versions_ending", _ENDING, "valid_to IS NOT NULL"),
    )


class Change(Base):
    __tablename__ = "changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"), index=True)
    line_id: Mapped[int | None] = mapped_column(ForeignKey("lines.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    dosage: Mapped[str] = mapped_column(String(200), default="")
    supply: Mapped[str | None] = mapped_column(String(20))
    acute: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    doctor: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    received_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    registered_at: Mapped[datetime] = mapped_column(AwareDateTime())
    registered_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    target_period_id: Mapped[int | None] = mapped_column(ForeignKey("periods.id"))
    original_period_id: Mapped[int | None] = mapped_column(ForeignKey("periods.id"))
    effective_date: Mapped[date] = mapped_column(Date)
    #: The day the order is wanted from, when the roll carrying it starts later: given with the
    #: change (``--from`` a day inside a roll), or the first day it was queued for before a
    #: stretch re-laid the periods. The days in between need the bags handled or manual
    #: dispensing (``domain.periods.days_before_roll``).
    wanted_from: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20))
    missed_deadlines: Mapped[int] = mapped_column(Integer, default=0)
    follow_up_of_id: Mapped[int | None] = mapped_column(ForeignKey("changes.id"))
    if_waited_first_day: Mapped[date | None] = mapped_column(Date)
    if_waited_deadline: Mapped[datetime | None] = mapped_column(AwareDateTime())
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    fmk_version: Mapped[str | None] = mapped_column(String(20))  # accepted from this FMK version
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __table_args__ = (
        Index("ix_changes_state_period", "state", "target_period_id"),
        Index("ix_changes_period", "target_period_id"),
        Index("ix_changes_follow_up", "follow_up_of_id"),
    )
    __mapper_args__ = {"version_id_col": version_id}


#: A change as its ORM row, or as its plain columns by the same names (read only): a screen
#: that only shows changes reads them without the ORM (the card).
ChangeRow: TypeAlias = Change | Row[Any]


class ChangeTransition(Base):
    __tablename__ = "change_transitions"
    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(AwareDateTime())
    by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class AcuteHandling(Base):
    __tablename__ = "acute_handlings"
    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    bags: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{"day": ISO, "slot": ...}]
    identifiable: Mapped[bool] = mapped_column(Boolean, default=False)
    ordinary_until: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class HandlingStep(Base):
    """One thing a nurse does for an acute change's handling: one named bag (take the tablets
    out, discard it) or, for a handling without bags, the handling itself (ask the pharmacy).
    Done and signed per step: who and when (audited)."""

    __tablename__ = "handling_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    handling_id: Mapped[int] = mapped_column(ForeignKey("acute_handlings.id"), index=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id"), index=True)
    day: Mapped[date | None] = mapped_column(Date)
    slot: Mapped[str | None] = mapped_column(String(20))
    done_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    __table_args__ = (
        UniqueConstraint("handling_id", "day", "slot"),
        Index("ix_handling_steps_open", "done_at", "change_id"),
    )


class HospitalContact(Base):
    __tablename__ = "hospital_contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    hospital: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40))
    dept_sor: Mapped[str] = mapped_column(String(20), default="", server_default="")
    dept_ean: Mapped[str] = mapped_column(String(20), default="", server_default="")
    started_at: Mapped[datetime] = mapped_column(AwareDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    somatic: Mapped[bool] = mapped_column(Boolean, default=True)
    municipal_nursing: Mapped[bool] = mapped_column(Boolean, default=True)
    extended_until: Mapped[datetime | None] = mapped_column(AwareDateTime())
    responsibility_until: Mapped[datetime | None] = mapped_column(AwareDateTime(), index=True)
    dd_paused: Mapped[bool] = mapped_column(Boolean, default=False)
    dd_changes: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    epicrisis_received: Mapped[bool] = mapped_column(Boolean, default=False)
    fmk_checked: Mapped[bool] = mapped_column(Boolean, default=False)
    changes_registered: Mapped[bool] = mapped_column(Boolean, default=False)
    dd_decided: Mapped[bool] = mapped_column(Boolean, default=False)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}


class RenewalRequest(Base):
    __tablename__ = "renewal_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("lines.id"), index=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    sent_at: Mapped[datetime] = mapped_column(AwareDateTime())
    state: Mapped[str] = mapped_column(String(20))
    rejection_reason: Mapped[str | None] = mapped_column(String(40))
    decided_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    note: Mapped[str] = mapped_column(Text, default="")
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}


class SupplyFailure(Base):
    __tablename__ = "supply_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    from_day: Mapped[date] = mapped_column(Date)
    to_day: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class PackedProduct(Base):
    """The trade name the pharmacy packed for a line in a period (R8)."""

    __tablename__ = "packed_products"
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("lines.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"), index=True)
    trade_name: Mapped[str] = mapped_column(String(200))
    __table_args__ = (UniqueConstraint("line_id", "period_id"),)


class FlagAck(Base):
    """A coordinator's acknowledgement of a double prescription as intentional (R5)."""

    __tablename__ = "flag_acks"
    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    line_a: Mapped[int] = mapped_column(ForeignKey("lines.id"))
    line_b: Mapped[int] = mapped_column(ForeignKey("lines.id"))
    version_a: Mapped[int] = mapped_column(Integer)
    version_b: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default="intentional")  # or sent_to_doctor
    reason: Mapped[str] = mapped_column(Text, default="")
    until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    __table_args__ = (Index("ix_flag_acks_pair", "line_a", "line_b"),)


class FlagCandidate(Base):
    """A citizen's ATC level-4 group (the first 5 characters) that holds an active version in
    the roll and an active version of another line, on any days: the groups a double
    prescription can be in (R5), whatever today is. Kept by the database itself: triggers on
    ``line_versions`` (migration 0013) refresh a group whenever a version of it is written,
    changed or removed, so no writer can forget it. Never written by the program."""

    __tablename__ = "flag_candidates"
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), primary_key=True)
    atc_group: Mapped[str] = mapped_column(String(5), primary_key=True)
    __table_args__ = {"sqlite_with_rowid": False}


class Task(Base):
    """Something a team must do: a rejected renewal, a missed deadline to chase."""

    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    done_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    renewal_id: Mapped[int | None] = mapped_column(ForeignKey("renewal_requests.id"))


class FmkRead(Base):
    """One reading of a citizen's FMK medicine card: what was read, by whom, and what it held.

    The document itself is not kept (it holds indications and private-marked entries): only the
    card's version, when FMK last changed it, and the counts.
    """

    __tablename__ = "fmk_reads"
    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    read_at: Mapped[datetime] = mapped_column(AwareDateTime())
    read_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    source: Mapped[str] = mapped_column(String(20))  # file | inbox
    card_version: Mapped[str] = mapped_column(String(20))
    fmk_modified_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    drug_medications: Mapped[int] = mapped_column(Integer, default=0)
    private_count: Mapped[int] = mapped_column(Integer, default=0)
    differences: Mapped[int] = mapped_column(Integer, default=0)


class FmkProposal(Base):
    """A difference between FMK's card and the citizen's card, proposed as a change (R2).

    Pending until a person accepts it (it becomes a registered change, ``change_id``) or rejects
    it with a reason; superseded when a newer FMK version of the same drug medication arrives.
    """

    __tablename__ = "fmk_proposals"
    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    read_id: Mapped[int] = mapped_column(ForeignKey("fmk_reads.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # new|dose|ended|into_roll|out_of_roll|...
    change_kind: Mapped[str] = mapped_column(String(20))
    fmk_id: Mapped[str | None] = mapped_column(String(20))
    fmk_version: Mapped[str | None] = mapped_column(String(20))
    line_id: Mapped[int | None] = mapped_column(ForeignKey("lines.id"))
    atc: Mapped[str] = mapped_column(String(7), default="")
    drug_name: Mapped[str] = mapped_column(String(200), default="")
    strength: Mapped[str] = mapped_column(String(100), default="")
    form: Mapped[str] = mapped_column(String(200), default="")
    substance: Mapped[str] = mapped_column(String(200), default="")
    dosage: Mapped[str] = mapped_column(String(200), default="")
    dosage_exact: Mapped[bool] = mapped_column(Boolean, default=True)
    supply: Mapped[str | None] = mapped_column(String(20))
    before: Mapped[str] = mapped_column(Text, default="")  # the line as dosisdesk has it
    note: Mapped[str] = mapped_column(Text, default="")  # FMK's supplementary text
    author: Mapped[str] = mapped_column(String(300), default="")
    fmk_modified_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    state: Mapped[str] = mapped_column(String(20), default="pending")
    decided_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reject_reason: Mapped[str] = mapped_column(Text, default="")
    change_id: Mapped[int | None] = mapped_column(ForeignKey("changes.id"))
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __table_args__ = (Index("ix_fmk_proposals_state_created", "state", "created_at"),)


class CorrespondenceMessage(Base):
    """A CareCommunication message sent to or received from the GP or a hospital (R9).

    Only what the app shows is kept: the parties, the category and topic, the text segments
    (JSON: identifier, text, at, author, role, phone) and where it came from in the app
    (``context``: a flag, a renewal, a change, a supply failure, a contact, or nothing).
    """

    __tablename__ = "correspondence"
    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    direction: Mapped[str] = mapped_column(String(3))
    header_id: Mapped[str] = mapped_column(String(64), unique=True)
    communication_identifier: Mapped[str] = mapped_column(String(64), index=True)
    category: Mapped[str] = mapped_column(String(40))
    topic: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(20))
    party_name: Mapped[str] = mapped_column(String(200))
    party_sor: Mapped[str] = mapped_column(String(20))
    party_ean: Mapped[str] = mapped_column(String(20), default="")
    segments: Mapped[str] = mapped_column(Text, default="[]")
    attachments: Mapped[str] = mapped_column(Text, default="[]")
    context_kind: Mapped[str] = mapped_column(String(20), default="")
    context_ref: Mapped[str] = mapped_column(String(64), default="", index=True)
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("correspondence.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(200), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status_at: Mapped[datetime] = mapped_column(AwareDateTime())
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}


class AuditEntry(Base):
    """Append-only log of every read of health data, every write, print and refusal (R11).

    Entries are numbered without gaps (``seq``) and hashed over every field with the hash of the
    one before; ``mac`` seals the hash with a key kept outside the database
    (:mod:`dosisdesk.domain.auditchain`). The moment and, on PostgreSQL, the database account
    (``db_user`` = ``session_user``) are the database's, not the client's. Triggers refuse UPDATE,
    DELETE and TRUNCATE.
    """

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[datetime] = mapped_column(AwareDateTime())
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(64))
    db_user: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    citizen_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (Index("ix_audit_citizen_at", "citizen_id", "at"),)


class AuditCitizen(Base):
    """The citizens one audit entry names when it covers a list (search results, the queue…):
    an index for the citizen's log. The entry's own ``after`` (hashed) names them too.

    Keyed by citizen first, and on SQLite without a rowid: the table is its own index, one
    b-tree where a list's hundred rows went into three (the rows, the key, the citizen index):
    a quarter of the space, and a citizen's entries in one seek (migration 0012)."""

    __tablename__ = "audit_citizens"
    citizen_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("audit_log.id"), primary_key=True)
    __table_args__ = {"sqlite_with_rowid": False}
