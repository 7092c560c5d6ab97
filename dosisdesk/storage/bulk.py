"""Bulk rows straight to the driver: building demo data and importing an extract write tens of
thousands of rows at once, with ids they assign themselves.

:func:`insert` hands the rows to the driver's ``executemany`` (half the time of a Core insert went
to SQLAlchemy's processing of each value); :func:`next_ids` gives the ids to use and
:func:`sync_sequences` moves PostgreSQL's sequences past them afterwards, so rows the services add
later get fresh ids. Values are stored as the models store them (on SQLite: dates as ISO text,
moments as naive UTC text).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import cache
from itertools import count
from typing import Any

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.orm import Session

from dosisdesk.storage import models as m

__all__ = ["insert", "next_ids", "sync_sequences", "table"]


def table(name: str) -> Table:
    return m.Base.metadata.tables[name]


@cache
def _defaults(name: str) -> dict[str, Any]:
    """Each column's scalar default (None when it has none or it is not a constant)."""
    return {
        c.name: getattr(c.default, "arg", None)
        if c.default is not None and c.default.is_scalar
        else None
        for c in table(name).columns
    }


def insert(conn: Connection, name: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts of column values) into table ``name`` with one ``executemany``. A
    column a row leaves out gets its default; every row must name the same columns, or leave out
    only columns that have one."""
    if not rows:
        return
    t = table(name)
    defaults = _defaults(name)
    keys = set().union(*rows)
    names = [c.name for c in t.columns if c.name in keys or c.default is not None]
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f'INSERT INTO "{t.name}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) '
        f"VALUES ({', '.join([mark] * len(names))})"
    )
    pairs = [(n, defaults[n]) for n in names]
    if conn.dialect.name == "sqlite":
        out = [tuple(_sqlite_value(r.get(n, d)) for n, d in pairs) for r in rows]
    else:
        out = [tuple(r.get(n, d) for n, d in pairs) for r in rows]
    conn.exec_driver_sql(sql, out)


def _sqlite_value(v: Any) -> Any:
    if isinstance(v, datetime):
        if v.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(v, date):
        return v.isoformat()
    return v


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
