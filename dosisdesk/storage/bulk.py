"""Bulk rows straight to the driver: building demo data and importing an extract write tens of
thousands of rows at once, with ids they assign themselves.

:func:`insert` hands the rows to the driver's ``executemany`` (half the time of a Core insert went
to SQLAlchemy's processing of each value); :func:`next_ids` gives the ids to use and
:func:`sync_sequences` moves PostgreSQL's sequences past them afterwards, so rows the services add
later get fresh ids. Values are stored as the models store them (on SQLite: dates as ISO text,
moments as naive UTC text). :class:`ReferenceRows` makes the reference data (teams, users,
pharmacies, packing groups, products, supply failures) the same way, with ids from
:func:`reserve_ids`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from itertools import count
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Table, TypeDecorator, func, select, text
from sqlalchemy.orm import Session

from dosisdesk.domain.calendar import utc_naive
from dosisdesk.storage import flags
from dosisdesk.storage import models as m

__all__ = [
    "REFERENCE_TABLES",
    "ReferenceRows",
    "analyze",
    "indexes_after",
    "insert",
    "link",
    "next_ids",
    "reserve_ids",
    "sync_sequences",
    "table",
]


#: The table the database keeps by triggers (their names begin with it).
_KEEPERS = "flag_candidates"


def table(name: str) -> Table:
    return m.Base.metadata.tables[name]


@dataclass(frozen=True)
class _Plan:
    sql: str
    present: tuple[str, ...]  # the columns the rows name, in the statement's order
    defaults: dict[str, Any]  # their defaults, for a row that leaves one out
    # The statement's values of rows that name every column present: one pass per row, the
    # columns no row names (but that have a default) appended as constants, dates and moments
    # as text on SQLite.
    values: Callable[[Sequence[Mapping[str, Any]]], list[tuple[Any, ...]]]


@cache
def _columns(name: str) -> frozenset[str]:
    return frozenset(table(name).columns.keys())


@cache
def _plan(name: str, keys: frozenset[str], sqlite: bool) -> _Plan:
    t = table(name)

    def default(c: Any) -> Any:
        return getattr(c.default, "arg", None) if c.default.is_scalar else None

    def converter(c: Any) -> str | None:
        kind = c.type.impl if isinstance(c.type, TypeDecorator) else c.type
        if not sqlite:
            return None
        if isinstance(kind, DateTime):
            return "_moment"
        if isinstance(kind, Date):
            return "_day"
        return None

    present = [c for c in t.columns if c.name in keys]
    absent = [c for c in t.columns if c.name not in keys and c.default is not None]
    constants = []
    for c in absent:
        v, f = default(c), converter(c)
        constants.append(_CONVERT[f](v) if f is not None and v is not None else v)
    # The rows' values in one comprehension, compiled once per table and set of columns (as
    # dataclasses and namedtuple compile theirs): no intermediate tuple or list per row, no
    # call per value but for a moment.
    picks = []
    for c in present:
        f = converter(c)
        key = repr(c.name)
        if f == "_day":
            picks.append(f"(None if (v := r[{key}]) is None else v.isoformat())")
        elif f == "_moment":
            picks.append(f"(None if (v := r[{key}]) is None else _moment(v))")
        else:
            picks.append(f"r[{key}]")
    row = f"({', '.join(picks)},)" if picks else "()"
    source = (
        "def values(rows):\n"
        f"    return [{row}{' + _constants' if constants else ''} for r in rows]\n"
    )
    scope: dict[str, Any] = {"_moment": _sqlite_moment, "_constants": tuple(constants)}
    exec(compile(source, f"<bulk rows of {name}>", "exec"), scope)
    names = [c.name for c in present + absent]
    mark = "?" if sqlite else "%s"
    sql = (
        f'INSERT INTO "{t.name}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) '
        f"VALUES ({', '.join([mark] * len(names))})"
    )
    return _Plan(
        sql,
        tuple(c.name for c in present),
        {c.name: default(c) if c.default is not None else None for c in present},
        scope["values"],
    )


def insert(conn: Connection, name: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts of column values) into table ``name`` with one ``executemany``. A
    column a row leaves out gets its default. The rows are not changed."""
    if not rows:
        return
    sqlite = conn.dialect.name == "sqlite"
    columns = _columns(name)
    first = rows[0]
    whole = len(first)
    out: list[tuple[Any, ...]] | None = None
    if first.keys() <= columns and set(map(len, rows)) == {whole}:
        # Each row names as many keys as the first, all columns: when every row has the first
        # row's keys (no KeyError) they name the same columns, the common case.
        plan = _plan(name, frozenset(first), sqlite)
        try:
            out = plan.values(rows)
        except KeyError:
            out = None
    if out is None:
        named = frozenset().union(*rows)
        plan = _plan(name, named & columns, sqlite)
        count = len(named)  # a row naming every key names every column present
        defaults = plan.defaults
        out = plan.values([r if len(r) == count else {**defaults, **r} for r in rows])
    cursor = conn.connection.cursor()  # the driver's own, in the connection's transaction
    try:
        cursor.executemany(plan.sql, out)
    finally:
        cursor.close()


def _sqlite_moment(v: datetime) -> str:
    """As the models store a moment on SQLite: naive UTC text."""
    if v.tzinfo is None:
        raise ValueError("naive datetime given to the database")
    return utc_naive(v).isoformat(" ", "microseconds")


def _sqlite_day(v: date) -> str:
    return v.isoformat()


_CONVERT: dict[str, Callable[[Any], Any]] = {"_moment": _sqlite_moment, "_day": _sqlite_day}


def next_ids(session: Session, names: Iterable[str]) -> dict[str, Iterator[int]]:
    """For each table, the ids after the highest one it holds."""
    out: dict[str, Iterator[int]] = {}
    for name in names:
        t = table(name)
        out[name] = count((session.scalar(select(func.max(t.c.id))) or 0) + 1)
    return out


#: Ids taken from a PostgreSQL sequence at a time by :func:`reserve_ids`.
ID_BLOCK = 1000


def reserve_ids(session: Session, names: Iterable[str]) -> dict[str, Iterator[int]]:
    """For each table, ids nobody else gets, for rows written in bulk beside writers that may add
    rows at the same time (an import into a database in use). PostgreSQL: from the table's own
    sequence, :data:`ID_BLOCK` at a time (a rollback leaves a gap, as a sequence does); SQLite:
    after the highest id (the unit of work holds the database's write lock; write the rows before
    the unit of work adds others to the same table)."""
    if session.get_bind().dialect.name != "postgresql":
        return next_ids(session, names)
    return {name: _from_sequence(session, name) for name in names}


def _from_sequence(session: Session, name: str) -> Iterator[int]:
    block = text(
        f"SELECT nextval(pg_get_serial_sequence('{table(name).name}', 'id')) "
        "FROM generate_series(1, :n) ORDER BY 1"
    )
    while True:
        yield from session.scalars(block, {"n": ID_BLOCK}).all()


def link(conn: Connection, name: str, column: str, pairs: Sequence[tuple[int, int]]) -> None:
    """Point ``column`` of the rows ``(id, target)`` at their targets once both are written (a
    reference forward or in a circle, which an insert cannot hold), with one ``executemany``;
    like the ORM's update, it counts a new version of a versioned row."""
    if not pairs:
        return
    t = table(name)
    mark = "?" if conn.dialect.name == "sqlite" else "%s"
    bump = ', "version_id" = "version_id" + 1' if "version_id" in t.columns else ""
    sql = f'UPDATE "{t.name}" SET "{t.c[column].name}" = {mark}{bump} WHERE "id" = {mark}'
    cursor = conn.connection.cursor()
    try:
        cursor.executemany(sql, [(target, row_id) for row_id, target in pairs])
    finally:
        cursor.close()


def sync_sequences(session: Session, names: Iterable[str]) -> None:
    """PostgreSQL: move each table's id sequence past the ids written with explicit values.
    (SQLite takes max(id) + 1 by itself.)"""
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in names:
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {name}), 1), "
                f"(SELECT max(id) FROM {name}) IS NOT NULL)"
            )
        )


@contextmanager
def indexes_after(conn: Connection, names: Iterable[str]) -> Iterator[None]:
    """SQLite: the tables' own indexes are dropped while the block writes its rows and built
    again after it, each in one sorted pass instead of one insert into every index per row
    (about a quarter of a bulk load's time); the schema is the same after. The triggers that
    keep ``flag_candidates`` (migration 0013) go and come back with them (without the indexes
    each would read the whole table per row), and the table is filled anew in one pass after.
    It all happens in the caller's transaction: a rollback brings the indexes and triggers back
    with everything else. On PostgreSQL nothing changes."""
    if conn.dialect.name != "sqlite":
        yield
        return
    names = sorted(names)
    marks = ", ".join("?" * len(names))
    found = conn.exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        f"AND (type = 'index' OR (type = 'trigger' AND name LIKE '{_KEEPERS}%')) "
        f"AND tbl_name IN ({marks}) ORDER BY type, name",
        tuple(names),
    ).all()
    for kind, name, _sql in found:
        conn.exec_driver_sql(f'DROP {kind.upper()} "{name}"')
    yield
    for _kind, _name, sql in found:
        conn.exec_driver_sql(sql)
    if any(kind == "trigger" for kind, _name, _sql in found):
        conn.exec_driver_sql(f"DELETE FROM {_KEEPERS}")
        conn.exec_driver_sql(flags.FILL_CANDIDATES)


def analyze(conn: Connection, names: Iterable[str]) -> None:
    """PostgreSQL: gather the planner's statistics of the tables a bulk load filled, at its end,
    in the caller's transaction (``ANALYZE`` counts the rows the transaction wrote itself). The
    server's autovacuum may be off or far behind a load of tens of thousands of rows; without
    statistics the planner guesses the tables' sizes and the share of rows a filter keeps, and
    takes longer to plan each statement. ``ANALYZE`` reads a sample of at most 30,000 rows a
    table, so it costs about the same after a small import into a large database. Only the
    tables named: a bare ``ANALYZE`` would read every schema of the database.

    SQLite: nothing. Its planner has no statistics unless ``ANALYZE`` writes ``sqlite_stat1``,
    and every query's plan on SQLite was chosen and measured without them."""
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql("ANALYZE " + ", ".join(f'"{table(n).name}"' for n in sorted(set(names))))


#: The reference tables (:class:`ReferenceRows`), in the order their references need (a write
#: goes in this order).
REFERENCE_TABLES = (
    "teams",
    "users",
    "pharmacies",
    "packing_groups",
    "stretches",
    "products",
    "supply_failures",
)


class ReferenceRows:
    """Reference rows made in one unit of work, written by :meth:`write`. Each builder gives the
    new row's id at once (rows made after it may name it); a table's ids are reserved the first
    time a row of it is made. On SQLite write the rows before the unit of work adds others to
    the same table (see :func:`reserve_ids`).

    Reference data (teams, users, pharmacies, packing groups and their stretches, products,
    supply failures) is written as every other table of the demo and an extract import: one
    builder per noun, which the demo, the catalogue's seeding and the import all call."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self._ids: dict[str, Iterator[int]] = {}
        self._rows: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def _new(self, table: str, **values: Any) -> int:
        ids = self._ids.get(table)
        if ids is None:
            ids = self._ids[table] = reserve_ids(self.s, (table,))[table]
        row_id = next(ids)
        self._rows[table].append({"id": row_id, **values})
        return row_id

    def team(self, name: str) -> int:
        return self._new("teams", name=name)

    def user(
        self, username: str, full_name: str, role: str, team_id: int | None, *, active: bool
    ) -> int:
        return self._new(
            "users",
            username=username,
            full_name=full_name,
            role=role,
            team_id=team_id,
            active=active,
        )

    def pharmacy(
        self,
        name: str,
        phone: str,
        *,
        closed_christmas_eve: bool,
        closed_constitution_day: bool,
        extra_closed_days: Iterable[date],
    ) -> int:
        return self._new(
            "pharmacies",
            name=name,
            phone=phone,
            closed_christmas_eve=closed_christmas_eve,
            closed_constitution_day=closed_constitution_day,
            extra_closed_days=json.dumps([d.isoformat() for d in sorted(set(extra_closed_days))]),
        )

    def packing_group(
        self,
        pharmacy_id: int,
        name: str,
        *,
        start_weekday: int,
        length_days: int,
        deadline_days_before: int,
        deadline_time: time,
        delivery_days_before: int,
        anchor: date,
    ) -> int:
        return self._new(
            "packing_groups",
            pharmacy_id=pharmacy_id,
            name=name,
            start_weekday=start_weekday,
            length_days=length_days,
            deadline_days_before=deadline_days_before,
            deadline_time=f"{deadline_time:%H:%M}",
            delivery_days_before=delivery_days_before,
            anchor=anchor,
        )

    def stretch(self, packing_group_id: int, first_day: date, length_days: int, note: str) -> int:
        return self._new(
            "stretches",
            packing_group_id=packing_group_id,
            first_day=first_day,
            length_days=length_days,
            note=note,
        )

    def product(
        self,
        atc: str,
        substance: str,
        trade_name: str,
        strength: str,
        form: str,
        *,
        dose_dispensable: bool,
    ) -> int:
        return self._new(
            "products",
            atc=atc,
            substance=substance,
            trade_name=trade_name,
            strength=strength,
            form=form,
            dose_dispensable=dose_dispensable,
        )

    def supply_failure(
        self, product_id: int, from_day: date, to_day: date | None, note: str
    ) -> int:
        return self._new(
            "supply_failures", product_id=product_id, from_day=from_day, to_day=to_day, note=note
        )

    def write(self) -> None:
        """Write the rows made so far, table by table in :data:`REFERENCE_TABLES` order; the ids go on
        from where they were for rows made after."""
        conn = self.s.connection()
        for name in REFERENCE_TABLES:
            insert(conn, name, self._rows.pop(name, []))
