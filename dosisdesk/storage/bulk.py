"""Bulk rows straight to the driver: building demo data and importing an extract write tens of
thousands of rows at once, with ids they assign themselves.

:func:`insert` hands the rows to the driver's ``executemany`` (half the time of a Core insert went
to SQLAlchemy's processing of each value); :func:`next_ids` gives the ids to use and
:func:`sync_sequences` moves PostgreSQL's sequences past them afterwards, so rows the services add
later get fresh ids. Values are stored as the models store them (on SQLite: dates as ISO text,
moments as naive UTC text).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import cache
from itertools import count
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Table, TypeDecorator, func, select, text
from sqlalchemy.orm import Session

from dosisdesk.storage import models as m

__all__ = ["insert", "next_ids", "sync_sequences", "table"]


def table(name: str) -> Table:
    return m.Base.metadata.tables[name]


@cache
def _plan(
    name: str, keys: frozenset[str], sqlite: bool
) -> tuple[str, list[str], dict[str, Any], list[tuple[int, Callable[[Any], Any]]]]:
    """For rows naming ``keys``: the columns written (those named, and those with a default),
    the defaults, and on SQLite the positions of dates and moments with their conversion."""
    t = table(name)
    cols = [c for c in t.columns if c.name in keys or c.default is not None]
    names = [c.name for c in cols]
    defaults = {
        c.name: getattr(c.default, "arg", None)
        if c.default is not None and c.default.is_scalar
        else None
        for c in cols
    }
    convert: list[tuple[int, Callable[[Any], Any]]] = []
    if sqlite:
        for i, c in enumerate(cols):
            kind = c.type.impl if isinstance(c.type, TypeDecorator) else c.type
            if isinstance(kind, DateTime):
                convert.append((i, _sqlite_moment))
            elif isinstance(kind, Date):
                convert.append((i, _sqlite_day))
    mark = "?" if sqlite else "%s"
    sql = (
        f'INSERT INTO "{t.name}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) '
        f"VALUES ({', '.join([mark] * len(names))})"
    )
    return sql, names, defaults, convert


def insert(conn: Connection, name: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts of column values) into table ``name`` with one ``executemany``. A
    column a row leaves out gets its default."""
    if not rows:
        return
    sqlite = conn.dialect.name == "sqlite"
    keys = frozenset().union(*rows)
    sql, names, defaults, convert = _plan(name, keys, sqlite)
    pick = itemgetter(*names)
    if len(names) == 1:
        out: list[Any] = [[pick({**defaults, **r})] for r in rows]
    else:
        out = [list(pick({**defaults, **r})) for r in rows]
    for i, f in convert:
        for values in out:
            v = values[i]
            if v is not None:
                values[i] = f(v)
    cursor = conn.connection.cursor()  # the driver's own, in the connection's transaction
    try:
        cursor.executemany(sql, out)
    finally:
        cursor.close()


def _sqlite_moment(v: datetime) -> str:
    """As the models store a moment on SQLite: naive UTC text."""
    if v.tzinfo is None:
        raise ValueError("naive datetime given to the database")
    return v.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _sqlite_day(v: date) -> str:
    return v.isoformat()


def next_ids(session: Session, names: Iterable[str]) -> dict[str, Iterator[int]]:
    """For each table, the ids after the highest one it holds."""
    out: dict[str, Iterator[int]] = {}
    for name in names:
        t = table(name)
        out[name] = count((session.scalar(select(func.max(t.c.id))) or 0) + 1)
    return out


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
