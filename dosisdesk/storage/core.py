"""The look-ups the first screen runs, on the Core tables (:mod:`dosisdesk.storage.tables`):
ids in chunks, a read of plain columns in a unit of work, the citizen match, the line spans of
the double-prescription rule and the handling steps not signed (the citizen list's marks).

Nothing here imports SQLAlchemy's ORM or the mapped classes: opening the database, signing in
and the citizen list's first page run without them (issue #10: the ORM, the 31 mapped classes
and their mappers were 10 MB of the memory with the list open). A unit of work is a
:class:`~sqlalchemy.engine.Connection` (``Database.begin_core``/``read_core``) or an ORM
``Session`` (``Database.begin``/``read``): both run these statements. :mod:`dosisdesk.storage.repo`
names them too, for the services that work with the ORM.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from sqlalchemy import (
    Connection,
    Result,
    Select,
    String,
    and_,
    bindparam,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from dosisdesk.domain.bags import step_open
from dosisdesk.domain.text import danish_sort_key
from dosisdesk.domain.types import LineSpan, LineStatus, Supply
from dosisdesk.storage import tables as t

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: A unit of work: an ORM session, or a connection in a transaction (the first screen's).
Unit: TypeAlias = "Session | Connection"

_T = TypeVar("_T")

#: How many ids go into one ``IN (...)`` list (within every database's parameter limit).
CHUNK = 500


def chunks(ids: Iterable[_T], size: int = CHUNK) -> list[list[_T]]:
    """``ids`` (or CPR numbers, days) in lists of at most ``size``, for ``IN (...)`` lists: the
    one place a list is cut for a query."""
    items = list(ids)
    if len(items) <= size:  # the common case: one list (none when there is no id)
        return [items] if items else []
    return [items[i : i + size] for i in range(0, len(items), size)]


def connection(unit: Unit) -> Connection:
    """The connection a unit of work runs on (a session's is its transaction's)."""
    return unit if isinstance(unit, Connection) else unit.connection()


#: the key in a connection's info of what its unit of work keeps (see :func:`unit_info`)
_UNIT_INFO = "dosisdesk_unit_info"


def unit_info(unit: Unit) -> dict[str, Any]:
    """What a unit of work keeps until it ends (the products and people it has read): a
    session's ``info``; on a connection, a dictionary of its transaction's (a connection's own
    ``info`` outlives the unit of work: it goes back to the pool with it), an empty one each time
    outside a transaction."""
    if not isinstance(unit, Connection):
        return unit.info
    tx = unit.get_transaction()
    if tx is None:
        return {}
    held = unit.info.get(_UNIT_INFO)
    if held is None or held[0] is not tx:  # the transaction held keeps its object alive
        held = unit.info[_UNIT_INFO] = (tx, {})
    return held[1]


def core_rows(unit: Unit, statement: Any, params: Any = None) -> Result[*tuple[Any, ...]]:
    """A read of plain columns in the unit of work, run on its connection: no ORM entity
    loading and none of the ORM's per-statement work (about half of a small read's CPU; a card
    open runs a dozen). In a session, what the unit of work has not written yet is flushed
    first, as the ORM's autoflush would."""
    if isinstance(unit, Connection):
        return unit.execute(statement, params)
    if unit.autoflush:
        unit.flush()
    return unit.connection().execute(statement, params)


# ---------------------------------------------------------------------------
# Constants of the schema, and the citizen match
# ---------------------------------------------------------------------------


def written(value: str) -> Any:
    """A constant of the schema (a status, a supply) written into a statement's text, not bound.
    SQLite prepares a statement again at every run when a bound value is compared with a
    column that a partial index's filter names (``line_versions.status`` and ``supply``): the
    citizen search's page statement, 3.7 kB, was compiled anew at each keystroke (0.3 ms of its
    0.4 ms for one citizen at 85,000)."""
    if not value.replace("_", "").isalnum():
        raise ValueError(f"not a constant of the schema: {value!r}")
    return literal_column(f"'{value}'", String())


@dataclass(frozen=True)
class CitizenMatch:
    """A search text as a shape (``cpr``, ``name`` or ``all``) and the values to bind."""

    kind: str
    params: dict[str, str]


def citizen_match_params(text: str) -> CitizenMatch:
    """The values for :func:`citizen_match_clause`: a CPR prefix (with or without the dash) as
    a range ``lo``..``hi`` on the indexed column, or each name part as ``p0``, ``p1``, ..."""
    s = text.strip()
    digits = s.replace("-", "").replace(" ", "")
    if digits.isdigit():
        return CitizenMatch("cpr", {"lo": digits, "hi": digits[:-1] + chr(ord(digits[-1]) + 1)})
    parts = [p for p in danish_sort_key(s).replace("\t", " ").split() if p]
    if not parts:
        return CitizenMatch("all", {})
    return CitizenMatch("name", {f"p{i}": f"%{p}%" for i, p in enumerate(parts)})


def citizen_match_clause(kind: str, parts: int) -> Any:
    """The filter of :func:`citizen_match_params`' shape, with bound parameters."""
    c = t.citizens.c
    if kind == "cpr":
        return and_(c.cpr >= bindparam("lo"), c.cpr < bindparam("hi"))
    if kind == "name":
        return and_(*[c.sort_key.like(bindparam(f"p{i}")) for i in range(parts)])
    return literal(True)


def private_change_filter() -> Any:
    """Changes to a private-marked line (or that made one) are never shown, printed or exported
    (R11): a change is private when its line has a private version."""
    v = t.line_versions.c
    return ~exists().where(v.line_id == t.changes.c.line_id, v.private.is_(True))


# ---------------------------------------------------------------------------
# Line spans (the double-prescription rule's facts)
# ---------------------------------------------------------------------------

_FOLLOW_UP = t.changes.alias()  # made once: an alias is costly to build on every call
_SUPPLY_OF = {s.value: s for s in Supply}
_STATUS_OF = {s.value: s for s in LineStatus}


def span_select(*extra: Any) -> Select[*tuple[Any, ...]]:
    """The columns of a :class:`LineSpan` (read them with :func:`span_of`), then ``extra``: a
    version joined to its line and to the follow-up of the acute change that started the line.
    The caller adds which versions."""
    follow = _FOLLOW_UP.c
    v, line = t.line_versions.c, t.lines.c
    return (
        select(
            v.line_id,
            v.id,
            v.citizen_id,
            v.atc,
            v.supply,
            v.status,
            v.valid_from,
            v.valid_to,
            line.origin_acute_change_id,
            line.supply_failure_id,
            follow.effective_date,
            *extra,
        )
        .join(t.lines, line.id == v.line_id)
        .outerjoin(
            _FOLLOW_UP,
            and_(
                follow.follow_up_of_id == line.origin_acute_change_id,
                follow.state != "cancelled",
            ),
        )
    )


def span_of(row: Sequence[Any]) -> LineSpan:
    """The :class:`LineSpan` of a row of :func:`span_select`."""
    line_id, vid, cid, atc, supply, status, vf, vt, origin, sf, fu = row[:11]
    # positional, in the fields' order (line, version, citizen, ATC, supply, status, from, to,
    # origin, follow-up, supply failure): a whole-database flag list builds thousands
    return LineSpan(
        line_id,
        vid,
        cid,
        atc,
        _SUPPLY_OF[supply],  # a dict lookup, not an Enum() call per row
        _STATUS_OF[status],
        vf,
        vt,
        origin,
        fu,
        sf is not None,
    )


@cache
def _spans_statement() -> Any:
    """:func:`spans_for_citizens`' query, built once and run with the ids and the day bound
    (a card open asks it for one citizen: building it cost more than running it)."""
    v = t.line_versions.c
    ids: Any = bindparam("ids", expanding=True)
    return span_select().where(
        v.citizen_id.in_(ids),
        # the same citizens' lines, said of the lines too: PostgreSQL then reads them through
        # their citizen index instead of hashing every line in the database
        t.lines.c.citizen_id.in_(ids),
        or_(v.valid_to.is_(None), v.valid_to > bindparam("from_day")),
    )


def spans_for_citizens(unit: Unit, citizen_ids: Sequence[int], from_day: date) -> list[LineSpan]:
    """Line spans (for the R5 rule) of some citizens from ``from_day`` on (plain columns, no
    ORM objects: this runs for thousands of citizens)."""
    rows = core_rows(
        unit, _spans_statement(), {"ids": list(citizen_ids), "from_day": from_day}
    ).all()
    supplies, statuses = _SUPPLY_OF, _STATUS_OF  # a dict lookup, not an Enum() call per row
    return [
        LineSpan(
            line_id=line_id,
            version_id=vid,
            citizen_id=cid,
            atc=atc,
            supply=supplies[supply],
            status=statuses[status],
            valid_from=vf,
            valid_to=vt,
            origin_acute_change_id=origin,
            follow_up_effective=fu,
            supply_failure=sf is not None,
        )
        for line_id, vid, cid, atc, supply, status, vf, vt, origin, sf, fu in rows
    ]


# ---------------------------------------------------------------------------
# Handling steps not signed (the citizen list's mark)
# ---------------------------------------------------------------------------


def step_open_filter() -> tuple[Any, ...]:
    """A step not signed, of a change not cancelled and not of a private line."""
    return (
        t.handling_steps.c.done_at.is_(None),
        t.changes.c.state != "cancelled",
        private_change_filter(),
    )


class _IsoDay(FunctionElement[str]):
    """A date as ISO text (``YYYY-MM-DD``): SQLite keeps dates so, PostgreSQL formats them."""

    type = String()
    inherit_cache = True
    name = "iso_day"


@compiles(_IsoDay)
def _iso_day(element: _IsoDay, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_IsoDay, "postgresql")
def _iso_day_pg(element: _IsoDay, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD')"


def packed_open_step_days(citizen_id: Any) -> Any:
    """A column for a list's row of citizens: the steps not signed of the citizen's changes (not
    cancelled, not of private lines), each as its day and the day its change's follow-up takes
    effect (ISO dates, empty when none) joined by ``/``, the steps by ``,``; NULL when there is
    none. :func:`unpack_step_days` reads it back; the handlings' rule counts them: the list's
    mark costs no statement of its own.

    The steps are looked up by their changes (the citizen's changes first, then the index of
    steps not signed by change): SQLite otherwise walks every step not signed in the database
    for each row."""
    follow, own = t.changes.alias(), t.changes.alias()
    st, ch = t.handling_steps.c, t.changes.c
    theirs = select(own.c.id).where(own.c.citizen_id == citizen_id, own.c.state != "cancelled")
    theirs = theirs.correlate(t.citizens)  # the list's citizen, two levels out
    step = func.coalesce(_IsoDay(st.day), "") + "/"
    step = step + func.coalesce(_IsoDay(follow.c.effective_date), "")
    return (
        select(func.aggregate_strings(step, ","))
        .select_from(t.handling_steps)
        .join(t.changes, ch.id == st.change_id)
        .outerjoin(follow, follow.c.follow_up_of_id == ch.id)
        .where(*step_open_filter(), st.change_id.in_(theirs))
        .scalar_subquery()
    )


def unpack_step_days(packed: str) -> Iterator[tuple[date | None, date | None]]:
    """(the step's day, the day its follow-up takes effect) of each step in a column of
    :func:`packed_open_step_days`."""
    for step in packed.split(","):
        day, _, carried = step.partition("/")
        yield (
            date.fromisoformat(day) if day else None,
            date.fromisoformat(carried) if carried else None,
        )


def open_step_count(packed: str, today: date) -> int:
    """How many handling steps a citizen still has to do (the citizen list's mark): the steps
    ``services.handlings.open_by_citizen`` lists, from a column of :func:`packed_open_step_days`
    on the list's row, by the domain's rule (``domain.bags.step_open``)."""
    return sum(step_open(False, day, carried, today) for day, carried in unpack_step_days(packed))


# ---------------------------------------------------------------------------
# Time's moves (the queue clock)
# ---------------------------------------------------------------------------

#: How far ahead periods are kept generated for every packing group.
HORIZON_DAYS = 200


def time_may_move(moment: datetime, today: date) -> tuple[Any, ...]:
    """Which ``changes`` time may have moved by ``moment`` (a superset: the domain's
    ``change_at`` decides for these): not acute, and registered or confirmed with their target's
    deadline passed, or locked with their first day come."""
    c, p = t.changes.c, t.periods.c
    passed = select(p.id).where(p.deadline <= moment)
    return (
        c.acute.is_(False),
        (c.state.in_(("registered", "confirmed")) & c.target_period_id.in_(passed))
        | ((c.state == "locked") & (c.effective_date <= today)),
    )


def time_has_work(unit: Unit, moment: datetime, today: date) -> bool:
    """Whether the queue clock has anything to do at ``moment``: a change time may have moved
    (:func:`time_may_move`), a packing group whose periods are not laid ``HORIZON_DAYS`` ahead,
    or no ``system`` user (the clock then fails as it always did). One read; when it says no,
    the clock's run would write nothing."""
    g, p = t.packing_groups.c, t.periods.c
    last = select(func.max(p.last_day)).where(p.packing_group_id == g.id).scalar_subquery()
    until = today + timedelta(days=HORIZON_DAYS)
    moved, short, system = unit.execute(
        select(
            exists().where(*time_may_move(moment, today)),
            exists().where(or_(last.is_(None), last < until)).select_from(t.packing_groups),
            exists().where(t.users.c.username == "system"),
        )
    ).one()
    return bool(moved or short or not system)


__all__ = [
    "CHUNK",
    "HORIZON_DAYS",
    "CitizenMatch",
    "Unit",
    "chunks",
    "citizen_match_clause",
    "citizen_match_params",
    "connection",
    "core_rows",
    "open_step_count",
    "packed_open_step_days",
    "private_change_filter",
    "span_of",
    "span_select",
    "spans_for_citizens",
    "step_open_filter",
    "time_has_work",
    "time_may_move",
    "unit_info",
    "unpack_step_days",
    "written",
]
