"""The coordinator's figures' data (``services.figures`` shapes them): counts grouped by team in
SQL over the whole population, and the rows the double-prescription series runs the rule on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Date,
    Select,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased

from dosisdesk.storage import core
from dosisdesk.storage import models as m
from dosisdesk.storage import tables as t


def meta_values(s: Session, keys: Iterable[str]) -> dict[str, str]:
    """The stored meta values of ``keys`` (a key not stored is left out)."""
    return {r.key: r.value for r in s.scalars(select(m.Meta).where(m.Meta.key.in_(list(keys))))}


def meta_value(s: Session, key: str) -> str | None:
    """One meta value (``None`` when not stored)."""
    return s.scalar(select(m.Meta.value).where(m.Meta.key == key))


def team_names(s: Session) -> dict[int, str]:
    """Every team's name by its id."""
    return {tid: name for tid, name in s.execute(select(m.Team.id, m.Team.name))}


def _in_force(v: Any, day: date) -> Any:
    return and_(v.valid_from <= day, or_(v.valid_to.is_(None), v.valid_to > day))


def on_dd_by_team(s: Session, today: date, born_by: date) -> list[tuple[int | None, int, int]]:
    """Per team id: the citizens on dose dispensing ``today`` (a card and a line in force that
    is not discontinued) and how many of them were born on or before ``born_by``."""
    v = m.LineVersion
    # IN (subquery) rather than correlated EXISTS: one pass over the versions (2.5 times faster
    # on SQLite at 85,000 citizens; PostgreSQL plans both as a semi-join).
    on_dd = and_(
        m.Citizen.id.in_(select(m.Card.citizen_id)),
        m.Citizen.id.in_(
            select(v.citizen_id).where(_in_force(v, today), v.status != "discontinued")
        ),
    )
    old = case((m.Citizen.birth_date <= born_by, 1), else_=0)
    rows = s.execute(
        select(m.Citizen.team_id, func.count(), func.coalesce(func.sum(old), 0))
        .where(on_dd)
        .group_by(m.Citizen.team_id)
    ).all()
    return [(tid, int(n), int(n_old)) for tid, n, n_old in rows]


def _bucket(column: Any, ends: Sequence[datetime]) -> Any:
    """The window index of a timestamp column, windows given by their ends (the caller
    restricts the column to the windows)."""
    return case(*[(column < end, i) for i, end in enumerate(ends[:-1])], else_=len(ends) - 1)


def acute_by_team_window(
    s: Session, start: datetime, ends: Sequence[datetime]
) -> list[tuple[int | None, int, int, int]]:
    """(team id, window index, changes, acute changes) registered in the windows that run from
    ``start`` and end at ``ends``: follow-ups and cancelled changes not counted."""
    c = m.Change
    # The window index is computed in a subquery and grouped on outside: PostgreSQL does not
    # see two CASE expressions with their own bound parameters as the same grouping expression.
    sub = (
        select(
            m.Citizen.team_id.label("team_id"),
            _bucket(c.registered_at, ends).label("w"),
            case((c.acute.is_(True), 1), else_=0).label("acute"),
        )
        .join(m.Citizen, m.Citizen.id == c.citizen_id)
        .where(
            c.registered_at >= start,
            c.registered_at < ends[-1],
            c.follow_up_of_id.is_(None),
            c.state != "cancelled",
        )
        .subquery()
    )
    rows = s.execute(
        select(
            sub.c.team_id, sub.c.w, func.count(), func.coalesce(func.sum(sub.c.acute), 0)
        ).group_by(sub.c.team_id, sub.c.w)
    ).all()
    return [(tid, int(i), int(n), int(n_acute)) for tid, i, n, n_acute in rows]


def missed_by_team_window(
    s: Session, start: datetime, ends: Sequence[datetime], at_of: Callable[[Any], Any]
) -> list[tuple[int | None, int, int]]:
    """(team id, window index, deadlines missed) in the windows from ``start`` to ``ends``:
    the deadlines of a change's packing group from its original period's up to (not including)
    its target's. ``at_of`` gives, for the alias of the stored target period, the change's state
    as it stands (``services.change_state.sql_at``: its ``target_id`` and ``missed``)."""
    c = m.Change
    orig = aliased(m.Period)
    stored_tgt = aliased(m.Period)
    tgt = aliased(m.Period)
    p = aliased(m.Period)
    at = at_of(stored_tgt)
    sub = (
        select(m.Citizen.team_id.label("team_id"), _bucket(p.deadline, ends).label("w"))
        .select_from(c)
        .join(orig, orig.id == c.original_period_id)
        .join(stored_tgt, stored_tgt.id == c.target_period_id)
        .join(tgt, tgt.id == at.target_id)
        .join(
            p,
            and_(
                p.packing_group_id == orig.packing_group_id,
                p.deadline >= orig.deadline,
                p.deadline < tgt.deadline,
            ),
        )
        .join(m.Citizen, m.Citizen.id == c.citizen_id)
        .where(
            at.missed,
            p.deadline >= start,
            p.deadline < ends[-1],
        )
        .subquery()
    )
    rows = s.execute(
        select(sub.c.team_id, sub.c.w, func.count()).group_by(sub.c.team_id, sub.c.w)
    ).all()
    return [(tid, int(i), int(n)) for tid, i, n in rows]


@cache
def _candidate_spans(sqlite: bool) -> Select[*tuple[Any, ...]]:
    """:func:`candidate_spans`' statement, built once per engine: the candidate groups drive
    (a few thousand rows), each citizen's versions read through the citizen index."""
    v, z = t.line_versions.c, t.citizens.c
    citizen: Any = t.flag_candidates.c.citizen_id
    group: Any = t.flag_candidates.c.atc_group
    if sqlite:
        # as storage.flags: the table's key made unusable for the join, so that SQLite (no
        # statistics to go by) lets the few candidates drive instead of reading every version
        citizen, group = citizen + literal_column("0"), group.concat(literal_column("''"))
    return (
        core.span_select(z.team_id)
        .join(
            t.flag_candidates,
            and_(
                v.citizen_id == citizen,
                func.substr(v.atc, literal_column("1"), literal_column("5")) == group,
            ),
        )
        .join(t.citizens, z.id == v.citizen_id)
        .where(
            v.valid_from <= bindparam("last", type_=Date),
            or_(v.valid_to.is_(None), v.valid_to > bindparam("first", type_=Date)),
        )
    )


def candidate_spans(s: Session, first: date, last: date) -> list[tuple[Any, ...]]:
    """The versions of the candidate groups (``flag_candidates``: each citizen's ATC level-4
    groups that can hold a double prescription; every flag's two lines are in one) in force on
    some day of [first, last], as span rows (``domain.doubles.SpanRow``) followed by the
    citizen's team id, plain tuples. One statement."""
    sqlite = core.connection(s).dialect.name == "sqlite"
    result = core.core_rows(s, _candidate_spans(sqlite), {"first": first, "last": last})
    out: list[tuple[Any, ...]] = []
    for part in result.partitions(256):  # plain tuples (storage.flags._tuples: the collector)
        out.extend(map(tuple, part))
    return out


_ACKS = select(
    t.flag_acks.c.created_at,
    t.flag_acks.c.line_a,
    t.flag_acks.c.line_b,
    t.flag_acks.c.version_a,
    t.flag_acks.c.version_b,
    t.flag_acks.c.reason,
    t.flag_acks.c.until,
).where(t.flag_acks.c.kind == "intentional")


def intentional_acks(s: Session) -> list[tuple[date, tuple[int, int, int, int, str, date | None]]]:
    """Every flag acknowledged as intentional, with the day it was made (in Copenhagen):
    ``(day, (line_a, line_b, version_a, version_b, reason, until))``, as
    ``domain.doubles.holding`` takes them."""
    return [
        (made.date(), (la, lb, va, vb, reason, until))
        for made, la, lb, va, vb, reason, until in core.core_rows(s, _ACKS)
    ]


def private_open_change_ids(s: Session) -> set[int]:
    """Open changes that touch a private-marked line (their own versions or their line's)."""
    pv = aliased(m.LineVersion)
    return set(
        s.scalars(
            select(m.Change.id).where(
                m.Change.state.in_(("registered", "confirmed", "locked")),
                exists().where(
                    or_(pv.change_id == m.Change.id, pv.line_id == m.Change.line_id),
                    pv.private.is_(True),
                ),
            )
        )
    )


__all__ = [
    "acute_by_team_window",
    "candidate_spans",
    "intentional_acks",
    "meta_value",
    "meta_values",
    "missed_by_team_window",
    "on_dd_by_team",
    "private_open_change_ids",
    "team_names",
]
