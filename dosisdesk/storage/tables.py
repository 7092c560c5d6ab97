"""The schema as SQLAlchemy Core tables: every table with its columns, keys and indexes.

Size: the whole schema reads in one place, as the migrations compare against it (the ORM's
classes in :mod:`dosisdesk.storage.models` are mapped onto these tables).

This module imports SQLAlchemy's Core only, never its ORM: what the first screen reads (the
schema revision, sign-in, the first page of the citizen list) runs on these tables without
loading ``sqlalchemy.orm`` and the mapped classes (issue #10: 10 MB of the start-up's memory).
"""

from __future__ import annotations

from datetime import UTC, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
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
        known = _IN_CPH.get(value)
        if known is not None:
            return known
        zone = value.tzinfo
        kept = zone is None or zone.__class__ is timezone or zone is _UTC or zone is _ETC_UTC
        out = (value.replace(tzinfo=UTC) if value.tzinfo is None else value).astimezone(CPH)
        if kept:
            if len(_IN_CPH) >= _IN_CPH_MAX:
                _IN_CPH.clear()
            _IN_CPH[value] = out
        return out


#: Moments read, in Copenhagen time, by the value the driver gave: a screen reads the same
#: deadlines and registrations again and again, and each conversion is dateutil's work (a card
#: open converted 18). Only values without a zone (SQLite: UTC) or with a fixed offset are kept:
#: two of them that compare equal are one instant. (Two moments of the hour a zone repeats in
#: autumn compare equal within that zone: such values are converted every time.)
_IN_CPH: dict[datetime, datetime] = {}
#: The zones psycopg gives a session's moments in when its time zone is UTC (the server's
#: default): fixed at offset 0 like ``timezone.utc``, so their values are kept too (the desk's
#: hospital lists converted 8,000 moments at each refresh on PostgreSQL).
_UTC, _ETC_UTC = ZoneInfo("UTC"), ZoneInfo("Etc/UTC")
_IN_CPH_MAX = 8192


metadata = MetaData(naming_convention=NAMING)

# Key/value facts about this database: demo marker, municipality settings.
meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# What this database is: ``real`` (health data of real citizens) or ``training`` (an
# øvelsesdatabase: every demo database and one made with ``db init --training``). One row, set
# once when the database is created; the database itself refuses to change or delete it.
database_kind = Table(
    "database_kind",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(16), nullable=False),
    CheckConstraint("id = 1", name="one_row"),
    CheckConstraint("kind IN ('real', 'training')", name="kind"),
)

teams = Table(
    "teams",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), unique=True, nullable=False),
    # The team's own SOR code and EAN location number, when it receives messages itself (R9);
    # otherwise the municipality's (meta keys medcom.sor / medcom.ean) are used.
    Column("sor", String(20), default="", server_default="", nullable=False),
    Column("ean", String(20), default="", server_default="", nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), unique=True, nullable=False),
    Column("full_name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("team_id", Integer, ForeignKey("teams.id")),
    Column("active", Boolean, default=True, nullable=False),
    #: The operating-system account or PostgreSQL role that is this person (None: the username).
    Column("login", String(128), unique=True),
    #: Argon2id hash of the local password (SQLite installations that sign in by password).
    Column("password_hash", Text),
)

# Failed sign-ins per name tried (whether or not such a user exists), to slow guessing.
signin_failures = Table(
    "signin_failures",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("failures", Integer, default=0, nullable=False),
    Column("last_at", AwareDateTime(), nullable=False),
)

# Break the glass: a nurse opened a citizen outside her team, giving a reason (logged,
# listed for the coordinator to review).
access_grants = Table(
    "access_grants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("citizen_id", Integer, ForeignKey("citizens.id"), index=True, nullable=False),
    Column("reason", Text, nullable=False),
    Column("granted_at", AwareDateTime(), nullable=False),
    Column("until", AwareDateTime(), nullable=False),
    Column("reviewed_by", Integer, ForeignKey("users.id")),
    Column("reviewed_at", AwareDateTime()),
    Index("ix_access_grants_user_until", "user_id", "until"),
)

pharmacies = Table(
    "pharmacies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), unique=True, nullable=False),
    Column("phone", String(40), default="", nullable=False),
    Column("closed_christmas_eve", Boolean, default=True, nullable=False),
    Column("closed_constitution_day", Boolean, default=True, nullable=False),
    Column("extra_closed_days", Text, default="[]", nullable=False),  # JSON list of ISO dates
)

packing_groups = Table(
    "packing_groups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("pharmacy_id", Integer, ForeignKey("pharmacies.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("start_weekday", Integer, nullable=False),
    Column("length_days", Integer, default=14, nullable=False),
    Column("deadline_days_before", Integer, default=2, nullable=False),
    Column("deadline_time", String(5), default="12:00", nullable=False),
    Column("delivery_days_before", Integer, default=1, nullable=False),
    Column("anchor", Date, nullable=False),  # a known first day of a period
    UniqueConstraint("pharmacy_id", "name"),
)

# A period the pharmacy stretched (e.g. 21 or 28 days over Christmas), with its note.
stretches = Table(
    "stretches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("packing_group_id", Integer, ForeignKey("packing_groups.id"), nullable=False),
    Column("first_day", Date, nullable=False),
    Column("length_days", Integer, nullable=False),
    Column("note", Text, nullable=False),
    UniqueConstraint("packing_group_id", "first_day"),
)

periods = Table(
    "periods",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("packing_group_id", Integer, ForeignKey("packing_groups.id"), nullable=False),
    Column("first_day", Date, nullable=False),
    Column("last_day", Date, nullable=False),
    Column("deadline", AwareDateTime(), nullable=False),
    Column("expected_delivery", Date, nullable=False),
    Column("note", Text, default="", nullable=False),
    UniqueConstraint("packing_group_id", "first_day"),
    Index("ix_periods_group_deadline", "packing_group_id", "deadline"),
)

citizens = Table(
    "citizens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cpr", String(10), unique=True, nullable=False),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("sort_key", String(220), nullable=False),  # Danish collation key of "last, first"
    Column("address", String(300), default="", nullable=False),
    Column("phone", String(40), default="", nullable=False),
    Column("team_id", Integer, ForeignKey("teams.id")),
    Column("route_order", Integer, default=0, nullable=False),
    Column("gp_name", String(200), default="", nullable=False),
    Column("gp_phone", String(40), default="", nullable=False),
    Column("gp_sor", String(20), default="", server_default="", nullable=False),
    Column("gp_ean", String(20), default="", server_default="", nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("version_id", Integer, default=1, nullable=False),
    Index("ix_citizens_team_sort", "team_id", "sort_key"),
    Index("ix_citizens_sort", "sort_key"),
)

cards = Table(
    "cards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("citizen_id", Integer, ForeignKey("citizens.id"), index=True, nullable=False),
    Column(
        "packing_group_id", Integer, ForeignKey("packing_groups.id"), index=True, nullable=False
    ),
    Column("dispensing_pharmacy_id", Integer, ForeignKey("pharmacies.id")),
    Column("paused", Boolean, default=False, nullable=False),
    Column("version_id", Integer, default=1, nullable=False),
)

pauses = Table(
    "pauses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("card_id", Integer, ForeignKey("cards.id"), index=True, nullable=False),
    Column("paused_at", AwareDateTime(), nullable=False),
    Column("resumed_at", AwareDateTime()),
    Column("reason", Text, default="", nullable=False),
    Column("contact_id", Integer, ForeignKey("hospital_contacts.id")),
)

products = Table(
    "products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("atc", String(7), index=True, nullable=False),
    Column("substance", String(200), nullable=False),
    Column("trade_name", String(200), nullable=False),
    Column("strength", String(100), nullable=False),
    Column("form", String(200), nullable=False),
    Column("dose_dispensable", Boolean, default=True, nullable=False),
    UniqueConstraint("trade_name", "strength", "form"),
)

# One line on a card; its content over time lives in LineVersion.
lines = Table(
    "lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("card_id", Integer, ForeignKey("cards.id"), index=True, nullable=False),
    Column("citizen_id", Integer, ForeignKey("citizens.id"), index=True, nullable=False),
    # indexed: the card asks which lines an acute change started, the desk which lines a
    # supply failure holds (a scan of every line at national size otherwise)
    Column("origin_acute_change_id", Integer, ForeignKey("changes.id", use_alter=True), index=True),
    Column("supply_failure_id", Integer, ForeignKey("supply_failures.id"), index=True),
    # FMK's DrugMedication identifier: a re-read of the FMK card matches this line
    Column("fmk_id", String(20), index=True),
    Column("version_id", Integer, default=1, nullable=False),
)


_NOW = ("citizen_id", "atc", "line_id", "status", "supply", "valid_to")
_ENDING = ("valid_to", "citizen_id", "atc", "line_id", "status", "valid_from")
_ROLL_NOW = "status = 'active' AND valid_to IS NULL AND supply = 'dose_roll'"
_OTHER_NOW = "status = 'active' AND valid_to IS NULL AND supply <> 'dose_roll'"


#: Columns a PostgreSQL index carries beside its key (``INCLUDE``), by index name, added by
#: :func:`postgresql_options` as the partial indexes' filters are (migration 0014). The citizen
#: list's indexes carry the citizen's id: a page of a search is then read from the index alone
#: (an index-only scan), not from a row per index entry (a name search at 85,000 citizens walked
#: ~15,000 rows for one page). SQLite's indexes hold the row's id already.
_PG_INCLUDE: dict[str, tuple[str, ...]] = {
    "ix_citizens_sort": ("id",),
    "ix_citizens_team_sort": ("id",),
}

#: The partial indexes' filters by index name, added to the indexes by :func:`sqlite_options`
#: and :func:`postgresql_options` when an engine of that kind is made (storage/db.py): an option
#: named ``postgresql_*`` or ``sqlite_*`` loads SQLAlchemy's dialect of that name to check it,
#: and a program on the other database would pay for it at every start (PostgreSQL's ~60 ms and
#: 2 MB on SQLite; SQLite's 12 ms and 0.9 MB on PostgreSQL).
_PARTIAL_WHERE: dict[str, str] = {}

#: The tables SQLite stores without a rowid (the key is the table: migration 0012, 0013).
_WITHOUT_ROWID = ("flag_candidates", "audit_citizens")


def _partial(name: str, columns: tuple[str, ...], where: str) -> Index:
    """A partial index, the same filter on SQLite and PostgreSQL."""
    _PARTIAL_WHERE[name] = where
    return Index(name, *columns)


def _options(prefix: str) -> None:
    for table in metadata.tables.values():
        for index in table.indexes:
            where = _PARTIAL_WHERE.get(str(index.name))
            if where is not None and index.dialect_kwargs.get(f"{prefix}_where") is None:
                index.dialect_kwargs[f"{prefix}_where"] = text(where)


def postgresql_options() -> None:
    """Give the tables their PostgreSQL-only options (the partial indexes' filters, the columns
    an index carries); once."""
    _options("postgresql")
    for table in metadata.tables.values():
        for index in table.indexes:
            include = _PG_INCLUDE.get(str(index.name))
            if include is not None and not index.dialect_kwargs.get("postgresql_include"):
                index.dialect_kwargs["postgresql_include"] = list(include)


def sqlite_options() -> None:
    """Give the tables their SQLite-only options (the partial indexes' filters, the tables
    without a rowid); once."""
    _options("sqlite")
    for name in _WITHOUT_ROWID:
        metadata.tables[name].dialect_kwargs["sqlite_with_rowid"] = False


# A line's content valid from ``valid_from`` up to (not including) ``valid_to``.
line_versions = Table(
    "line_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("line_id", Integer, ForeignKey("lines.id"), nullable=False),
    Column("citizen_id", Integer, ForeignKey("citizens.id"), index=True, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("atc", String(7), nullable=False),
    Column("dosage", String(200), default="", nullable=False),
    Column("supply", String(20), nullable=False),
    Column("status", String(20), default="active", nullable=False),
    Column("private", Boolean, default=False, nullable=False),
    Column("prescription_valid_until", Date),
    Column("indication", String(200), default="", nullable=False),
    Column("change_id", Integer, ForeignKey("changes.id", use_alter=True)),
    Column("fmk_version", String(20)),  # FMK's DrugMedication version
    Index("ix_line_versions_line_from", "line_id", "valid_from"),
    Index("ix_line_versions_atc5", "atc", "citizen_id"),
    Index("ix_line_versions_renewal", "prescription_valid_until"),
    Index("ix_line_versions_change", "change_id"),
    Index("ix_line_versions_product", "product_id", "supply"),  # a supply failure's lines
    # made for the double-prescription search before migration 0013 (it reads
    # flag_candidates now): the versions with no end, roll and the rest apart, and the
    # versions that end; covering (SQLite reads an index alone only when it holds every
    # column the query names, its filter's too)
    _partial("ix_line_versions_roll_now", _NOW, _ROLL_NOW),
    _partial("ix_line_versions_other_now", _NOW, _OTHER_NOW),
    _partial("ix_line_versions_ending", _ENDING, "valid_to IS NOT NULL"),
)

changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("citizen_id", Integer, ForeignKey("citizens.id"), index=True, nullable=False),
    Column("card_id", Integer, ForeignKey("cards.id"), index=True, nullable=False),
    Column("line_id", Integer, ForeignKey("lines.id"), index=True),
    Column("kind", String(20), nullable=False),
    Column("product_id", Integer, ForeignKey("products.id")),
    Column("dosage", String(200), default="", nullable=False),
    Column("supply", String(20)),
    Column("acute", Boolean, default=False, nullable=False),
    Column("reason", Text, default="", nullable=False),
    Column("doctor", String(200), default="", nullable=False),
    Column("source", String(200), default="", nullable=False),
    Column("received_at", AwareDateTime()),
    Column("registered_at", AwareDateTime(), nullable=False),
    Column("registered_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("target_period_id", Integer, ForeignKey("periods.id")),
    Column("original_period_id", Integer, ForeignKey("periods.id")),
    Column("effective_date", Date, nullable=False),
    #: The day the order is wanted from, when the roll carrying it starts later: given with the
    #: change (``--from`` a day inside a roll), or the first day it was queued for before a
    #: stretch re-laid the periods. The days in between need the bags handled or manual
    #: dispensing (``domain.periods.days_before_roll``).
    Column("wanted_from", Date),
    Column("state", String(20), nullable=False),
    Column("missed_deadlines", Integer, default=0, nullable=False),
    Column("follow_up_of_id", Integer, ForeignKey("changes.id")),
    Column("if_waited_first_day", Date),
    Column("if_waited_deadline", AwareDateTime()),
    Column("cancel_reason", Text, default="", nullable=False),
    Column("fmk_version", String(20)),  # accepted from this FMK version
    Column("version_id", Integer, default=1, nullable=False),
    Index("ix_changes_state_period", "state", "target_period_id"),
    Index("ix_changes_period", "target_period_id"),
    Index("ix_changes_follow_up", "follow_up_of_id"),
)

change_transitions = Table(
    "change_transitions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("change_id", Integer, ForeignKey("changes.id"), index=True, nullable=False),
    Column("from_state", String(20)),
    Column("to_state", String(20), nullable=False),
    Column("at", AwareDateTime(), nullable=False),
    Column("by_user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("note", Text, default="", nullable=False),
)

acute_handlings = Table(
    "acute_handlings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("change_id", Integer, ForeignKey("changes.id"), index=True, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("bags", Text, default="[]", nullable=False),  # JSON [{"day": ISO, "slot": ...}]
    Column("identifiable", Boolean, default=False, nullable=False),
    Column("ordinary_until", Date),
    Column("note", Text, default="", nullable=False),
)

# One thing a nurse does for an acute change's handling: one named bag (take the tablets
# out, discard it) or, for a handling without bags, the handling itself (ask the pharmacy).
# Done and signed per step: who and when (audited).
handling_steps = Table(
    "handling_steps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("handling_id", Integer, ForeignKey("acute_handlings.id"), index=True, nullable=False),
    Column("change_id", Integer, ForeignKey("changes.id"), index=True, nullable=False),
    Column("day", Date),
    Column("slot", String(20)),
    Column("done_at", AwareDateTime()),
    Column("done_by", Integer, ForeignKey("users.id")),
    UniqueConstraint("handling_id", "day", "slot"),
    Index("ix_handling_steps_open", "done_at", "change_id"),
)

hospital_contacts = Table(
    "hospital_contacts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("citizen_id", Integer, ForeignKey("citizens.id"), index=True, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("hospital", String(200), nullable=False),
    Column("department", String(200), nullable=False),
    Column("phone", String(40), nullable=False),
    Column("dept_sor", String(20), default="", server_default="", nullable=False),
    Column("dept_ean", String(20), default="", server_default="", nullable=False),
    Column("started_at", AwareDateTime(), nullable=False),
    Column("ended_at", AwareDateTime()),
    Column("somatic", Boolean, default=True, nullable=False),
    Column("municipal_nursing", Boolean, default=True, nullable=False),
    Column("extended_until", AwareDateTime()),
    Column("responsibility_until", AwareDateTime(), index=True),
    Column("dd_paused", Boolean, default=False, nullable=False),
    Column("dd_changes", Boolean, default=False, nullable=False),
    Column("note", Text, default="", nullable=False),
    Column("epicrisis_received", Boolean, default=False, nullable=False),
    Column("fmk_checked", Boolean, default=False, nullable=False),
    Column("changes_registered", Boolean, default=False, nullable=False),
    Column("dd_decided", Boolean, default=False, nullable=False),
    Column("version_id", Integer, default=1, nullable=False),
)

renewal_requests = Table(
    "renewal_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("line_id", Integer, ForeignKey("lines.id"), index=True, nullable=False),
    Column("citizen_id", Integer, ForeignKey("citizens.id"), index=True, nullable=False),
    Column("sent_at", AwareDateTime(), nullable=False),
    Column("state", String(20), nullable=False),
    Column("rejection_reason", String(40)),
    Column("decided_at", AwareDateTime()),
    Column("note", Text, default="", nullable=False),
    Column("version_id", Integer, default=1, nullable=False),
)

supply_failures = Table(
    "supply_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.id"), index=True, nullable=False),
    Column("from_day", Date, nullable=False),
    Column("to_day", Date),
    Column("note", Text, default="", nullable=False),
)

# The trade name the pharmacy packed for a line in a period (R8).
packed_products = Table(
    "packed_products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("line_id", Integer, ForeignKey("lines.id"), nullable=False),
    Column("period_id", Integer, ForeignKey("periods.id"), index=True, nullable=False),
    Column("trade_name", String(200), nullable=False),
    UniqueConstraint("line_id", "period_id"),
)

# A coordinator's acknowledgement of a double prescription as intentional (R5).
flag_acks = Table(
    "flag_acks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("citizen_id", Integer, ForeignKey("citizens.id"), index=True, nullable=False),
    Column("line_a", Integer, ForeignKey("lines.id"), nullable=False),
    Column("line_b", Integer, ForeignKey("lines.id"), nullable=False),
    Column("version_a", Integer, nullable=False),
    Column("version_b", Integer, nullable=False),
    Column("kind", String(20), default="intentional", nullable=False),  # or sent_to_doctor
    Column("reason", Text, default="", nullable=False),
    Column("until", Date),
    Column("created_at", AwareDateTime(), nullable=False),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
    Index("ix_flag_acks_pair", "line_a", "line_b"),
)

# A citizen's ATC level-4 group (the first 5 characters) that holds an active version in
# the roll and an active version of another line, on any days: the groups a double
# prescription can be in (R5), whatever today is. Kept by the database itself: triggers on
# ``line_versions`` (migration 0013) refresh a group whenever a version of it is written,
# changed or removed, so no writer can forget it. Never written by the program.
flag_candidates = Table(
    "flag_candidates",
    metadata,
    Column("citizen_id", Integer, ForeignKey("citizens.id"), primary_key=True),
    Column("atc_group", String(5), primary_key=True),
)

# Something a team must do: a rejected renewal, a missed deadline to chase.
tasks = Table(
    "tasks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("citizen_id", Integer, ForeignKey("citizens.id"), index=True, nullable=False),
    Column("team_id", Integer, ForeignKey("teams.id"), index=True),
    Column("kind", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", AwareDateTime(), nullable=False),
    Column("done_at", AwareDateTime()),
    Column("renewal_id", Integer, ForeignKey("renewal_requests.id")),
)

# One reading of a citizen's FMK medicine card: what was read, by whom, and what it held.
#
# The document itself is not kept (it holds indications and private-marked entries): only the
# card's version, when FMK last changed it, and the counts.
#
fmk_reads = Table(
    "fmk_reads",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("citizen_id", Integer, ForeignKey("citizens.id"), index=True, nullable=False),
    Column("read_at", AwareDateTime(), nullable=False),
    Column("read_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("source", String(20), nullable=False),  # file | inbox
    Column("card_version", String(20), nullable=False),
    Column("fmk_modified_at", AwareDateTime()),
    Column("drug_medications", Integer, default=0, nullable=False),
    Column("private_count", Integer, default=0, nullable=False),
    Column("differences", Integer, default=0, nullable=False),
)

# A difference between FMK's card and the citizen's card, proposed as a change (R2).
#
# Pending until a person accepts it (it becomes a registered change, ``change_id``) or rejects
# it with a reason; superseded when a newer FMK version of the same drug medication arrives.
#
fmk_proposals = Table(
    "fmk_proposals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("citizen_id", Integer, ForeignKey("citizens.id"), index=True, nullable=False),
    Column("read_id", Integer, ForeignKey("fmk_reads.id"), index=True, nullable=False),
    Column("kind", String(20), nullable=False),  # new|dose|ended|into_roll|out_of_roll|...
    Column("change_kind", String(20), nullable=False),
    Column("fmk_id", String(20)),
    Column("fmk_version", String(20)),
    Column("line_id", Integer, ForeignKey("lines.id")),
    Column("atc", String(7), default="", nullable=False),
    Column("drug_name", String(200), default="", nullable=False),
    Column("strength", String(100), default="", nullable=False),
    Column("form", String(200), default="", nullable=False),
    Column("substance", String(200), default="", nullable=False),
    Column("dosage", String(200), default="", nullable=False),
    Column("dosage_exact", Boolean, default=True, nullable=False),
    Column("supply", String(20)),
    Column("before", Text, default="", nullable=False),  # the line as dosisdesk has it
    Column("note", Text, default="", nullable=False),  # FMK's supplementary text
    Column("author", String(300), default="", nullable=False),
    Column("fmk_modified_at", AwareDateTime()),
    Column("created_at", AwareDateTime(), nullable=False),
    Column("state", String(20), default="pending", nullable=False),
    Column("decided_at", AwareDateTime()),
    Column("decided_by", Integer, ForeignKey("users.id")),
    Column("reject_reason", Text, default="", nullable=False),
    Column("change_id", Integer, ForeignKey("changes.id")),
    Column("version_id", Integer, default=1, nullable=False),
    Index("ix_fmk_proposals_state_created", "state", "created_at"),
)

# A CareCommunication message sent to or received from the GP or a hospital (R9).
#
# Only what the app shows is kept: the parties, the category and topic, the text segments
# (JSON: identifier, text, at, author, role, phone) and where it came from in the app
# (``context``: a flag, a renewal, a change, a supply failure, a contact, or nothing).
#
correspondence = Table(
    "correspondence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("citizen_id", Integer, ForeignKey("citizens.id"), index=True, nullable=False),
    Column("direction", String(3), nullable=False),
    Column("header_id", String(64), unique=True, nullable=False),
    Column("communication_identifier", String(64), index=True, nullable=False),
    Column("category", String(40), nullable=False),
    Column("topic", String(100), default="", nullable=False),
    Column("status", String(20), nullable=False),
    Column("party_name", String(200), nullable=False),
    Column("party_sor", String(20), nullable=False),
    Column("party_ean", String(20), default="", nullable=False),
    Column("segments", Text, default="[]", nullable=False),
    Column("attachments", Text, default="[]", nullable=False),
    Column("context_kind", String(20), default="", nullable=False),
    Column("context_ref", String(64), default="", index=True, nullable=False),
    Column("reply_to_id", Integer, ForeignKey("correspondence.id"), index=True),
    Column("file_name", String(200), default="", nullable=False),
    Column("error", Text, default="", nullable=False),
    Column("created_at", AwareDateTime(), nullable=False),
    Column("created_by", Integer, ForeignKey("users.id")),
    Column("status_at", AwareDateTime(), nullable=False),
    Column("version_id", Integer, default=1, nullable=False),
)

# Append-only log of every read of health data, every write, print and refusal (R11).
#
# Entries are numbered without gaps (``seq``) and hashed over every field with the hash of the
# one before; ``mac`` seals the hash with a key kept outside the database
# (:mod:`dosisdesk.domain.auditchain`). The moment and, on PostgreSQL, the database account
# (``db_user`` = ``session_user``) are the database's, not the client's. Triggers refuse UPDATE,
# DELETE and TRUNCATE.
#
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", Integer, unique=True, nullable=False),
    Column("at", AwareDateTime(), nullable=False),
    Column("user_id", Integer),
    Column("username", String(64), nullable=False),
    Column("db_user", String(64), default="", nullable=False),
    Column("action", String(40), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", Integer),
    Column("citizen_id", Integer),
    Column("before", Text),
    Column("after", Text),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("mac", String(64)),
    Index("ix_audit_citizen_at", "citizen_id", "at"),
)

# The citizens one audit entry names when it covers a list (search results, the queue…):
# an index for the citizen's log. The entry's own ``after`` (hashed) names them too.
#
# Keyed by citizen first, and on SQLite without a rowid: the table is its own index, one
# b-tree where a list's hundred rows went into three (the rows, the key, the citizen index):
# a quarter of the space, and a citizen's entries in one seek (migration 0012).
audit_citizens = Table(
    "audit_citizens",
    metadata,
    Column("citizen_id", Integer, primary_key=True),
    Column("entry_id", Integer, ForeignKey("audit_log.id"), primary_key=True),
)
