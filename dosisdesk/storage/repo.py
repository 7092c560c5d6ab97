"""Repositories: rows in, domain values out. Used by the services inside their unit of work.

Size: the look-ups every service shares (ids in chunks, periods, line versions and spans, the
citizen match, the bags); one module, so that each has one function and a service finds it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, Protocol

from sqlalchemy import (
    Connection,
    Row,
    and_,
    bindparam,
    delete,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.util import identity_key

from dosisdesk.domain.errors import InvalidInput, NotFound
from dosisdesk.domain.pause import PauseSpan, not_dispensed, with_statuses
from dosisdesk.domain.periods import generate_periods
from dosisdesk.domain.text import danish_sort_key
from dosisdesk.domain.types import (
    LineStatus,
    PackingGroupId,
    PackingSchedule,
    PeriodDTO,
    PeriodId,
    PeriodPlan,
    PeriodStatus,
    Supply,
)
from dosisdesk.storage import models as m
from dosisdesk.storage.core import CHUNK as CHUNK  # (the services name them here too)
from dosisdesk.storage.core import HORIZON_DAYS as HORIZON_DAYS
from dosisdesk.storage.core import CitizenMatch as CitizenMatch
from dosisdesk.storage.core import Unit as Unit
from dosisdesk.storage.core import chunks as chunks
from dosisdesk.storage.core import citizen_match_clause as citizen_match_clause
from dosisdesk.storage.core import citizen_match_params as citizen_match_params
from dosisdesk.storage.core import core_rows as core_rows
from dosisdesk.storage.core import private_change_filter as private_change_filter
from dosisdesk.storage.core import span_of as span_of
from dosisdesk.storage.core import span_select as span_select
from dosisdesk.storage.core import spans_for_citizens as spans_for_citizens
from dosisdesk.storage.core import unit_info as unit_info
from dosisdesk.storage.core import written as written


@contextmanager
def orm_on(conn: Connection) -> Iterator[Session]:
    """An ORM session in the unit of work of ``conn`` (one without the ORM), for a step of it
    that needs the ORM: what the session writes is flushed into the unit of work, which commits
    or rolls back with the connection's transaction (the session never ends it)."""
    session = Session(bind=conn, expire_on_commit=False, join_transaction_mode="rollback_only")
    try:
        yield session
        session.flush()
    finally:
        session.close()


def hold(session: Session, rows: Iterable[Any]) -> None:
    """Keep rows in the unit of work's identity map until it ends (the map holds rows weakly):
    a later :func:`by_id` or ``Session.get`` of them in the same unit of work reads nothing."""
    session.info.setdefault("dosisdesk_held", []).extend(rows)


def by_id(session: Unit, model: type[Any], ids: Iterable[int]) -> dict[int, Any]:
    """Rows of ``model`` by primary key: those the unit of work holds already come from its
    identity map (as ``Session.get`` would), the rest in one ``IN`` query per :data:`CHUNK`
    (and are then held, :func:`hold`). On a connection (a unit of work without the ORM) they
    are plain rows of the table's columns (by the attributes' names), kept by the unit of
    work (:func:`unit_info`) as a session's identity map would keep them."""
    if isinstance(session, Connection):
        return _plain_by_id(session, model, ids)
    out: dict[int, Any] = {}
    missing: list[int] = []
    for i in set(ids):
        row = session.identity_map.get(identity_key(model, i))
        if row is not None:
            out[i] = row
        else:
            missing.append(i)
    for part in chunks(sorted(missing)):
        read = list(session.scalars(_by_id_statement(model), {"ids": part}))
        hold(session, read)
        out.update((r.id, r) for r in read)
    return out


def first_follow_up() -> Any:
    """SQL: the first follow-up (not cancelled) of the change of the enclosing statement (on
    ``changes``, unaliased), or NULL: a column for a statement that reads changes to show."""
    f = aliased(m.Change)
    return (
        select(func.min(f.id))
        .where(f.follow_up_of_id == m.Change.id, f.state != "cancelled")
        .scalar_subquery()
    )


def user_names(session: Unit, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """(login, the person's name) by user id, as plain columns. No unit of work renames a user,
    so it keeps those it has read (a card names the same people in its changes and its bags)
    and reads only the others, in one query per :data:`CHUNK`."""
    wanted = set(ids)
    known: dict[int, tuple[str, str]] = unit_info(session).setdefault("dosisdesk_user_names", {})
    for part in chunks(sorted(wanted - known.keys())):
        for uid, login, name in core_rows(session, _user_names_statement(), {"ids": part}):
            known[uid] = (login, name)
    return {i: known[i] for i in wanted if i in known}


@cache
def _user_names_statement() -> Any:
    """Users' logins and names by id (built once, run with the ids)."""
    u = m.User
    return select(u.id, u.username, u.full_name).where(u.id.in_(bindparam("ids", expanding=True)))


def _plain_by_id(conn: Connection, model: type[Any], ids: Iterable[int]) -> dict[int, Any]:
    """:func:`by_id` on a connection: plain rows, each read once per unit of work."""
    table = model.__table__
    held: dict[int, Any] = unit_info(conn).setdefault(f"dosisdesk_rows.{table.name}", {})
    wanted = set(ids)
    for part in chunks(sorted(wanted - held.keys())):
        for row in conn.execute(_plain_by_id_statement(table), {"ids": part}):
            held[row.id] = row
    return {i: held[i] for i in wanted if i in held}


@cache
def _plain_by_id_statement(table: Any) -> Any:
    """A table's rows by id, every column (built once per table, run with the ids)."""
    return select(*table.c).where(table.c.id.in_(bindparam("ids", expanding=True)))


#: each model's by-id statement, built once (see :func:`_by_id_statement`)
_BY_ID: dict[type[Any], Any] = {}


def _by_id_statement(model: type[Any]) -> Any:
    """``model``'s rows by id, built once per model and run with the ids bound (a card open
    asks :func:`by_id` a dozen times: building the statement cost more than running it)."""
    stmt = _BY_ID.get(model)
    if stmt is None:
        stmt = _BY_ID[model] = select(model).where(model.id.in_(bindparam("ids", expanding=True)))
    return stmt


def schedule_of(group: m.PackingGroup, pharmacy: m.Pharmacy) -> PackingSchedule:
    hh, mm = (int(x) for x in group.deadline_time.split(":"))
    extra = frozenset(date.fromisoformat(d) for d in json.loads(pharmacy.extra_closed_days or "[]"))
    return PackingSchedule(
        start_weekday=group.start_weekday,
        length_days=group.length_days,
        deadline_days_before=group.deadline_days_before,
        deadline_time=time(hh, mm),
        delivery_days_before=group.delivery_days_before,
        closed_christmas_eve=pharmacy.closed_christmas_eve,
        closed_constitution_day=pharmacy.closed_constitution_day,
        extra_closed_days=extra,
    )


def period_values(group_id: int, plan: PeriodPlan) -> dict[str, Any]:
    """The columns of the period row a plan becomes (in a packing group)."""
    return dict(
        packing_group_id=group_id,
        first_day=plan.first_day,
        last_day=plan.last_day,
        deadline=plan.deadline,
        expected_delivery=plan.expected_delivery,
        note=plan.note,
    )


def ensure_periods(session: Session, group_id: int, until: date) -> None:
    """Generate and store the group's periods from its anchor up to ``until`` (idempotent).

    Inside a read (``Database.read``) nothing is written: the periods are laid by the queue clock
    (at start, on its timer and before every write) ``HORIZON_DAYS`` ahead."""
    if session.info.get("read_only"):
        return
    group = session.get(m.PackingGroup, group_id)
    if group is None:
        raise NotFound("storage.repo.packing_group", group_id=group_id)
    last = session.scalar(
        select(func.max(m.Period.last_day)).where(m.Period.packing_group_id == group_id)
    )
    if last is not None and last >= until:
        return
    pharmacy = session.get(m.Pharmacy, group.pharmacy_id)
    assert pharmacy is not None
    stretches = {
        s.first_day: (s.length_days, s.note)
        for s in session.scalars(select(m.Stretch).where(m.Stretch.packing_group_id == group_id))
    }
    plans = generate_periods(
        schedule_of(group, pharmacy),
        anchor=group.anchor,
        start_from=group.anchor,
        until=until,
        stretches=stretches,
    )
    existing = set(
        session.scalars(select(m.Period.first_day).where(m.Period.packing_group_id == group_id))
    )
    rows = [period_values(group_id, p) for p in plans if p.first_day not in existing]
    if rows:
        # Two sessions (two workstations, or two background jobs) may generate the same periods
        # at once: the second one's rows are simply not needed.
        if session.get_bind().dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            session.execute(pg_insert(m.Period).on_conflict_do_nothing(), rows)
        else:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            session.execute(sqlite_insert(m.Period).on_conflict_do_nothing(), rows)
    session.flush()


def ensure_all_periods(session: Session, today: date) -> None:
    for gid in session.scalars(select(m.PackingGroup.id)):
        ensure_periods(session, gid, today + timedelta(days=HORIZON_DAYS))


def to_period_dto(row: m.Period | Row[Any], status: object = None) -> PeriodDTO:
    """A period's row (of the ORM, or its plain columns by the same names) as its DTO."""
    return PeriodDTO(
        id=PeriodId(row.id),
        packing_group_id=PackingGroupId(row.packing_group_id),
        first_day=row.first_day,
        last_day=row.last_day,
        deadline=row.deadline,
        expected_delivery=row.expected_delivery,
        note=row.note,
        status=status if isinstance(status, PeriodStatus) else PeriodStatus.PLANNED,
    )


def periods_until(to_day: date, now: datetime) -> date:
    """How far :func:`card_periods` needs the group's periods generated."""
    return max(to_day, now.date()) + timedelta(days=30)


class CardRef(Protocol):
    """What :func:`card_periods` asks of a card: an ORM row or the card's plain columns."""

    @property
    def id(self) -> int: ...

    @property
    def packing_group_id(self) -> int: ...


@cache
def _card_periods_statement() -> Any:
    """A group's periods overlapping a span as :class:`PeriodDTO`'s columns, each with the
    group's last day laid (built once)."""
    laid = aliased(m.Period)
    last = (
        select(func.max(laid.last_day))
        .where(laid.packing_group_id == bindparam("group"))
        .scalar_subquery()
    )
    p = m.Period
    return (
        select(
            p.id,
            p.packing_group_id,
            p.first_day,
            p.last_day,
            p.deadline,
            p.expected_delivery,
            p.note,
            last,
        )
        .where(
            m.Period.packing_group_id == bindparam("group"),
            m.Period.last_day >= bindparam("from_day"),
            m.Period.first_day <= bindparam("to_day"),
        )
        .order_by(m.Period.first_day)
    )


def card_periods(
    session: Unit,
    card: CardRef,
    now: datetime,
    *,
    from_day: date,
    to_day: date,
    ensure: bool = True,
    pauses: Sequence[PauseSpan] | None = None,
) -> list[PeriodDTO]:
    """The card's periods overlapping [from_day, to_day], each with its status for this card
    (``ensure=False``: the caller has generated them, :func:`periods_until`, in a write;
    ``pauses``: the card's pauses' spans when the caller has read them)."""
    # the periods and how far the group's are laid, in one query: they are generated (a write)
    # only when they do not reach far enough yet
    params = {"group": card.packing_group_id, "from_day": from_day, "to_day": to_day}
    found = core_rows(session, _card_periods_statement(), params).all()
    until = periods_until(to_day, now)
    if ensure and (not found or found[0][-1] is None or found[0][-1] < until):
        if isinstance(session, Connection):  # laying periods is the ORM's work
            with orm_on(session) as orm:
                ensure_periods(orm, card.packing_group_id, until)
        else:
            ensure_periods(session, card.packing_group_id, until)
        found = core_rows(session, _card_periods_statement(), params).all()
    dtos = [PeriodDTO(*r[:-1]) for r in found]  # planned: the status follows
    if pauses is None:
        p = m.Pause
        read = core_rows(session, select(p.paused_at, p.resumed_at).where(p.card_id == card.id))
        pauses = [PauseSpan(paused_at, resumed_at) for paused_at, resumed_at in read]
    return with_statuses(dtos, now, not_dispensed(dtos, list(pauses)))


def as_planned(periods: Iterable[PeriodDTO]) -> dict[int, PeriodDTO]:
    """Periods by id as their rows alone say (:func:`to_period_dto`, status planned), for
    ``change_state``'s ``known`` targets: what a change names as its target."""
    return {p.id: p.with_status(PeriodStatus.PLANNED) for p in periods}


def group_periods_ahead(session: Session, group_id: int, now: datetime) -> list[m.Period]:
    """The group's periods from the one containing today on, generated far enough ahead."""
    ensure_periods(session, group_id, now.date() + timedelta(days=HORIZON_DAYS))
    return list(
        session.scalars(
            select(m.Period)
            .where(m.Period.packing_group_id == group_id, m.Period.last_day >= now.date())
            .order_by(m.Period.first_day)
        )
    )


# ---------------------------------------------------------------------------
# Line versions
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VersionInForce:
    """A line version in force on some day, with the card and origin of its line."""

    id: int
    line_id: int
    card_id: int
    origin_acute_change_id: int | None
    product_id: int
    dosage: str
    supply: Supply
    status: LineStatus
    valid_from: date
    valid_to: date | None
    private: bool
    prescription_valid_until: date | None
    change_id: int | None


_SUPPLY_OF = {s.value: s for s in Supply}
_STATUS_OF = {s.value: s for s in LineStatus}


def _versions(session: Unit, *where: Any) -> list[VersionInForce]:
    """The versions chosen by ``where``."""
    rows = session.execute(_versions_select().where(*where).order_by(m.LineVersion.line_id)).all()
    return _in_force_rows(rows)


def _versions_select() -> Any:
    v = m.LineVersion
    return select(
        v.id,
        v.line_id,
        m.Line.card_id,
        m.Line.origin_acute_change_id,
        v.product_id,
        v.dosage,
        v.supply,
        v.status,
        v.valid_from,
        v.valid_to,
        v.private,
        v.prescription_valid_until,
        v.change_id,
    ).join(m.Line, m.Line.id == v.line_id)


@cache
def _cards_versions_statement() -> Any:
    """Every version of some cards' lines, by line, each with its product's columns (built
    once, run with the card ids)."""
    p = m.Product
    return (
        _versions_select()
        .add_columns(p.id, p.atc, p.substance, p.trade_name, p.strength, p.form, p.dose_dispensable)
        .join(p, p.id == m.LineVersion.product_id)
        .where(m.Line.card_id.in_(bindparam("cards", expanding=True)))
        .order_by(m.LineVersion.line_id)
    )


def _in_force_rows(rows: Sequence[Any]) -> list[VersionInForce]:
    return [
        VersionInForce(
            vid,
            line_id,
            card_id,
            origin,
            pid,
            dosage,
            _SUPPLY_OF[supply],
            _STATUS_OF[status],
            vf,
            vt,
            private,
            until,
            change_id,
        )
        for (
            vid,
            line_id,
            card_id,
            origin,
            pid,
            dosage,
            supply,
            status,
            vf,
            vt,
            private,
            until,
            change_id,
        ) in rows
    ]


def versions_at(session: Unit, card_ids: Sequence[int], day: date) -> list[VersionInForce]:
    """The versions in force on ``day`` for the given cards (any status), by line."""
    v = m.LineVersion
    return _versions(
        session,
        m.Line.card_id.in_(card_ids),
        v.valid_from <= day,
        or_(v.valid_to.is_(None), v.valid_to > day),
    )


def versions_of_cards(
    session: Unit, card_ids: Sequence[int]
) -> tuple[list[VersionInForce], list[tuple[Any, ...]]]:
    """Every version of the lines of the given cards, in force or not (by line): a screen that
    shows a card on several days reads them once and picks each day's with :func:`in_force`.
    With them, in the same statement, their products' columns (id, ATC, substance, trade name,
    strength, form, dose-dispensable; one row per version)."""
    rows = core_rows(session, _cards_versions_statement(), {"cards": list(card_ids)}).all()
    return _in_force_rows([r[:13] for r in rows]), [tuple(r[13:]) for r in rows]


def in_force(versions: Iterable[VersionInForce], day: date) -> list[VersionInForce]:
    """Of some versions, those in force on ``day`` (:func:`versions_at` without the query)."""
    return [v for v in versions if v.valid_from <= day and (v.valid_to is None or v.valid_to > day)]


def versions_of_lines(session: Unit, line_ids: Iterable[int]) -> list[VersionInForce]:
    """Every version of the given lines, in force or not."""
    return _versions(session, m.LineVersion.line_id.in_(sorted(set(line_ids))))


def version_at(session: Session, line_id: int, day: date) -> m.LineVersion | None:
    """The version of one line in force on ``day``: the latest valid_from <= day (ties: newest)."""
    return session.scalars(
        select(m.LineVersion)
        .where(m.LineVersion.line_id == line_id, m.LineVersion.valid_from <= day)
        .order_by(m.LineVersion.valid_from.desc(), m.LineVersion.id.desc())
        .limit(1)
    ).first()


def version_content(v: m.LineVersion) -> dict[str, Any]:
    """A line version's content (product, dosage, supply, status, …) as the columns of a new
    version that starts from it."""
    return dict(
        product_id=v.product_id,
        atc=v.atc,
        dosage=v.dosage,
        supply=v.supply,
        status=v.status,
        private=v.private,
        prescription_valid_until=v.prescription_valid_until,
    )


def recompute_valid_to(session: Session, line_ids: Iterable[int]) -> None:
    """Set each version's valid_to to the next version's valid_from (set-based, per line).

    A version superseded on its own first day gets a zero-length span and is never in force.
    """
    ids = sorted(set(line_ids))
    if not ids:
        return
    v2 = aliased(m.LineVersion)
    nxt = (
        select(func.min(v2.valid_from))
        .where(
            v2.line_id == m.LineVersion.line_id,
            or_(
                v2.valid_from > m.LineVersion.valid_from,
                and_(v2.valid_from == m.LineVersion.valid_from, v2.id > m.LineVersion.id),
            ),
        )
        .scalar_subquery()
    )
    for chunk in chunks(ids):
        session.execute(
            update(m.LineVersion)
            .where(m.LineVersion.line_id.in_(chunk))
            .values(valid_to=nxt)
            .execution_options(synchronize_session=False)
        )
    session.expire_all()


#: The fields a change of each kind sets on its version; the others carry over from the version
#: before it. A version without a change (imported, or the first of a line) and a new line's
#: first version own all fields.
OWNED_BY_KIND: dict[str, frozenset[str]] = {
    "dose_change": frozenset({"dosage", "product_id", "atc"}),
    "discontinue": frozenset({"status"}),
    "pause_line": frozenset({"status"}),
    "resume_line": frozenset({"status"}),
    "switch_supply": frozenset({"supply", "dosage"}),
}
CONTENT_FIELDS = (
    "product_id",
    "atc",
    "dosage",
    "supply",
    "status",
    "private",
    "prescription_valid_until",
)


def rederive_lines(session: Session, line_ids: Iterable[int]) -> None:
    """Walk each line's versions in order and carry the fields a change does not own over from
    the version before it.

    So a change registered for an earlier period than a pending one on the same line reaches
    the later version too, and cancelling or moving a change leaves no stale content behind
    (a pending pause keeps the dose the line will have, not the dose it had when registered).
    """
    temporary = set(
        session.scalars(
            select(m.Line.id).where(
                m.Line.id.in_(set(line_ids)), m.Line.origin_acute_change_id.is_not(None)
            )
        )
    )
    for line_id in sorted(set(line_ids) - temporary):  # a temporary line's versions are explicit
        rows = session.execute(
            select(m.LineVersion, m.Change.kind)
            .outerjoin(m.Change, m.Change.id == m.LineVersion.change_id)
            .where(m.LineVersion.line_id == line_id)
            .order_by(m.LineVersion.valid_from, m.LineVersion.id)
        ).all()
        prev: m.LineVersion | None = None
        for version, kind in rows:
            owned = OWNED_BY_KIND.get(kind) if kind else None
            if prev is not None and owned is not None:
                for name in CONTENT_FIELDS:
                    if name not in owned and getattr(version, name) != getattr(prev, name):
                        setattr(version, name, getattr(prev, name))
            prev = version
    session.flush()


def delete_versions_of_change(session: Session, change_id: int) -> list[int]:
    line_ids = list(
        session.scalars(select(m.LineVersion.line_id).where(m.LineVersion.change_id == change_id))
    )
    session.execute(delete(m.LineVersion).where(m.LineVersion.change_id == change_id))
    return line_ids


def citizen_match(text: str) -> Any:
    """A filter on citizens: a CPR prefix (with or without the dash) or all the name parts."""
    t = text.strip()
    digits = t.replace("-", "").replace(" ", "")
    if digits.isdigit():
        # A range on the indexed column: SQLite cannot serve LIKE 'prefix%' from the index
        # (LIKE ignores case), so a prefix scanned every citizen.
        upper = digits[:-1] + chr(ord(digits[-1]) + 1)
        return and_(m.Citizen.cpr >= digits, m.Citizen.cpr < upper)
    key = danish_sort_key(t)
    parts = [p for p in key.replace("\t", " ").split() if p]
    return and_(*[m.Citizen.sort_key.like(f"%{p}%") for p in parts]) if parts else literal(True)


def parse_bags(raw: str) -> tuple[tuple[date, str], ...]:
    try:
        return tuple((date.fromisoformat(b["day"]), str(b["slot"])) for b in json.loads(raw))
    except (ValueError, KeyError, TypeError) as e:
        raise InvalidInput("storage.repo.bad_bag_list", raw=raw) from e


def handling_step_rows(
    handling_id: int, change_id: int, kind: str, bags: Iterable[tuple[date, str]]
) -> list[dict[str, Any]]:
    """The steps a handling asks a nurse to do and sign: one per named bag for taking tablets
    out or discarding bags, one for asking the pharmacy. Pausing the card is done by the program
    itself, so it has no step. Used by the service, the import and the demo alike."""
    if kind in ("remove_tablets", "discard_bags"):
        seen: dict[tuple[date, str], None] = {}
        for day, slot in bags:
            seen.setdefault((day, slot), None)
        return [dict(handling_id=handling_id, change_id=change_id, day=d, slot=s) for d, s in seen]
    if kind == "ask_pharmacy":
        return [dict(handling_id=handling_id, change_id=change_id, day=None, slot=None)]
    return []
