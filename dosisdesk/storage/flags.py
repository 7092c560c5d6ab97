"""Double-prescription data (R5): the search for candidate citizens, their line spans
(:func:`dosisdesk.storage.core.span_select`) and the acknowledgements on record. The rule itself
is the domain's (:mod:`dosisdesk.domain.doubles`).

Nearly every version in the database is in force with no end, so "every version alive from
today" is the whole table (818,000 of 900,000 versions at 85,000 citizens): no search over the
versions can be quick. The database keeps the answer instead (migration 0013's triggers):
``flag_candidates`` holds each citizen's ATC level-4 groups with an active roll version and an
active version of another line, on any days (a few thousand). Every flag's two lines are in one
of them; the search reads only their versions alive from today and the domain decides the days.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Date,
    Result,
    Select,
    String,
    and_,
    bindparam,
    exists,
    func,
    literal_column,
    or_,
    select,
)

from dosisdesk.domain.doubles import Acknowledgement, detect_double_prescriptions, open_flags
from dosisdesk.domain.types import DoubleFlag, LineSpan, Severity, Supply
from dosisdesk.storage import core
from dosisdesk.storage import tables as t
from dosisdesk.storage.core import Unit, chunks

_V = t.line_versions.c
_C = t.flag_candidates.c

#: ``flag_candidates`` computed from the versions on record, as migration 0013's triggers keep
#: it (a bulk load that sets the triggers aside fills it so after,
#: :func:`dosisdesk.storage.bulk.indexes_after`; the tests compare the kept table with it).
CANDIDATE_GROUPS = (
    "SELECT DISTINCT r.citizen_id, substr(r.atc, 1, 5) FROM line_versions r "
    "WHERE r.status = 'active' AND r.supply = 'dose_roll' AND EXISTS (SELECT 1 "
    "FROM line_versions o WHERE o.citizen_id = r.citizen_id AND o.line_id <> r.line_id "
    "AND o.status = 'active' AND substr(o.atc, 1, 5) = substr(r.atc, 1, 5))"
)
#: The same groups in one grouped pass over the active versions, instead of a search of the
#: citizen's versions for each roll version: a citizen's group holds an active roll version and
#: an active version of another line exactly when its active versions hold a roll version and
#: versions of at least two lines (a version's citizen, line and ATC code are never NULL). What
#: a bulk load fills the table with (SQLite: 150 ms instead of 410 ms at 20,000 citizens, 0.7 s
#: instead of 1.6 s at 85,000, the same rows); the tests compare it with ``CANDIDATE_GROUPS``.
CANDIDATE_GROUPS_GROUPED = (
    "SELECT citizen_id, substr(atc, 1, 5) FROM line_versions WHERE status = 'active' "
    "GROUP BY citizen_id, substr(atc, 1, 5) "
    "HAVING count(CASE WHEN supply = 'dose_roll' THEN 1 END) > 0 AND count(DISTINCT line_id) > 1"
)
FILL_CANDIDATES = f"INSERT INTO flag_candidates (citizen_id, atc_group) {CANDIDATE_GROUPS_GROUPED}"


def _group(x: Any) -> ColumnElement[str]:
    """The ATC level-4 group (the first 5 characters; written out, not bound, so that
    PostgreSQL sees the same expression wherever it is named)."""
    return func.substr(x.atc, literal_column("1"), literal_column("5"))


# How a search is narrowed: the whole database, some citizens (bound "ids"), a team ("team"),
# or some citizens of a team.
_Scope = Literal["all", "ids", "team", "ids_team"]


def _scope(citizen_ids: Sequence[int] | None, team: int | None) -> tuple[_Scope, dict[str, Any]]:
    if citizen_ids is not None and team is not None:
        return "ids_team", {"ids": list(citizen_ids), "team": team}
    if citizen_ids is not None:
        return "ids", {"ids": list(citizen_ids)}
    if team is not None:
        return "team", {"team": team}
    return "all", {}


def _narrowed(stmt: Select[*tuple[Any, ...]], scope: _Scope) -> Select[*tuple[Any, ...]]:
    """``stmt`` (which names ``flag_candidates``) narrowed to the scope's citizens."""
    if scope in ("ids", "ids_team"):
        stmt = stmt.where(_C.citizen_id.in_(bindparam("ids", expanding=True)))
    if scope in ("team", "ids_team"):
        team = select(t.citizens.c.id).where(t.citizens.c.team_id == bindparam("team"))
        stmt = stmt.where(_C.citizen_id.in_(team))
    return stmt


@cache
def _candidates(scope: _Scope) -> Select[*tuple[Any, ...]]:
    """The citizens with a candidate group (a superset of those with a flag: the domain decides
    the days and the pairs). Built once per scope, run with "ids" or "team" bound."""
    return _narrowed(select(_C.citizen_id).distinct(), scope)


def _shown(stmt: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
    """A :func:`core.span_select` of :data:`SHOWN_AT`'s columns joined to what they come from, of
    the versions alive from "today"."""
    v, z = _V, t.citizens.c
    return (
        stmt.join(t.products, t.products.c.id == v.product_id)
        .join(t.citizens, z.id == v.citizen_id)
        .outerjoin(t.teams, t.teams.c.id == z.team_id)
        .where(or_(v.valid_to.is_(None), v.valid_to > bindparam("today", type_=Date)))
    )


#: What a flag list shows of a version and its citizen, read after a span's columns (a row of
#: :func:`candidate_rows` or :func:`citizen_rows` is a ``domain.doubles.SpanRow`` and then these):
#: the version's trade name, strength and dosage in one text, the citizen's name, CPR and team
#: ("" when none). Joined in the statement, as the list shows them: a whole-database list shows
#: thousands, and each of their texts was put together in Python.
SHOWN_AT = 11


@cache
def _candidate_spans(sqlite: bool, scope: _Scope) -> Select[*tuple[Any, ...]]:
    """:func:`candidate_rows`' statement, built once per engine and scope: the candidate groups
    drive (a few thousand rows), each citizen's versions read through the citizen index, those
    of the group and alive from "today"."""
    v = _V
    citizen: Any = _C.citizen_id
    group: Any = _C.atc_group
    if sqlite:
        # the table's key made unusable for this join (an expression of its columns): SQLite,
        # which has no statistics to go by, would otherwise read every version and look each
        # up in the key; so the few candidates drive
        citizen, group = citizen + literal_column("0"), group.concat(literal_column("''"))
    return _narrowed(
        _shown(
            core.span_select(*_shown_columns()).join(
                t.flag_candidates, and_(v.citizen_id == citizen, _group(v) == group)
            )
        ),
        scope,
    )


def _shown_columns() -> tuple[Any, ...]:
    z, p = t.citizens.c, t.products.c
    space = literal_column("' '", String())
    return (
        # (every part NOT NULL: the text is what "{trade} {strength} {dosage}" writes)
        (p.trade_name + space + p.strength + space + _V.dosage).label("shown_label"),
        (z.first_name + space + z.last_name).label("shown_name"),
        z.cpr,
        func.coalesce(t.teams.c.name, literal_column("''", String())).label("shown_team"),
    )


@cache
def _citizen_spans(one: bool = False) -> Select[*tuple[Any, ...]]:
    """:func:`citizen_rows`' statement, built once: every version of the citizens alive from
    "today", through the citizen index (the same citizens said of the lines too, for PostgreSQL).
    ``one``: of one citizen (``id``), compared with ``=``: the card's; an expanding ``IN`` list
    is rendered anew at every run."""
    if one:
        one_id: Any = bindparam("id")
        return _shown(core.span_select(*_shown_columns())).where(
            _V.citizen_id == one_id, t.lines.c.citizen_id == one_id
        )
    ids: Any = bindparam("ids", expanding=True)
    return _shown(core.span_select(*_shown_columns())).where(
        _V.citizen_id.in_(ids), t.lines.c.citizen_id.in_(ids)
    )


def candidate_rows(
    s: Unit, today: date, citizen_ids: Sequence[int] | None = None, team: int | None = None
) -> list[Any]:
    """The rows from ``today`` on of the candidate groups (:func:`candidate_citizens`, each
    citizen's lines in the groups that can hold a flag): a span's columns, then :data:`SHOWN_AT`'s,
    in one statement (plain rows on the unit of work's connection, as tuples: :func:`_tuples`)."""
    sqlite = core.connection(s).dialect.name == "sqlite"
    out: list[Any] = []
    for chunk in [None] if citizen_ids is None else chunks(citizen_ids):
        scope, values = _scope(chunk, team)
        out.extend(
            _tuples(core.core_rows(s, _candidate_spans(sqlite, scope), {"today": today, **values}))
        )
    return out


def _tuples(result: Result[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """A result's rows as plain tuples, fetched a few hundred at a time. A tuple of numbers,
    strings and dates is one the garbage collector stops following at its first look, and so
    is every tuple the rule makes of them; a result's rows (an object each) it follows as long
    as they live, and all of them alive at once (``all()``, over the whole database 5,600) made
    it move thousands to its oldest generation at each list, and a full collection (30 ms at
    85,000 citizens) came every two or three lists."""
    out: list[tuple[Any, ...]] = []
    for part in result.partitions(256):
        out.extend(map(tuple, part))
    return out


def citizen_rows(s: Unit, today: date, citizen_ids: Sequence[int]) -> list[Any]:
    """As :func:`candidate_rows`, of every line of some citizens (no candidate search: for one
    citizen it would cost what this costs)."""
    if len(citizen_ids) == 1:  # the card's
        params = {"today": today, "id": citizen_ids[0]}
        return list(core.core_rows(s, _citizen_spans(True), params))
    out: list[Any] = []
    for chunk in chunks(citizen_ids):
        out.extend(core.core_rows(s, _citizen_spans(), {"today": today, "ids": chunk}))
    return out


def candidate_citizens(
    s: Unit, citizen_ids: Sequence[int] | None = None, team: int | None = None
) -> list[int]:
    """Citizens with a line in the roll and another line of its ATC level-4 group, active on
    some days: a superset of those with a flag on any day (the exact rule, the days,
    exemptions and which pairs count, is then applied by the domain to these few)."""
    found: set[int] = set()
    for chunk in [None] if citizen_ids is None else chunks(citizen_ids):
        scope, values = _scope(chunk, team)
        found.update(s.scalars(_candidates(scope), values))
    return sorted(found)


def label(row: Sequence[Any]) -> str:
    """A row's version as a flag shows it: trade name, strength and dose."""
    text: str = row[SHOWN_AT]
    return text.strip()


def supply(row: Sequence[Any]) -> Supply:
    """A row's supply."""
    return _SUPPLY[row[4]]


def citizen(row: Sequence[Any]) -> tuple[str, str, str]:
    """A row's citizen as a flag shows them: name, CPR and team ("" when none)."""
    name, cpr, team = row[SHOWN_AT + 1 : SHOWN_AT + 4]
    return name, cpr, team


_SUPPLY = {x.value: x for x in Supply}


@cache
def _acknowledgements_statement() -> Any:
    """:func:`acknowledgements`' query, built once and run with the ids bound (a search
    keystroke asks it for one citizen: building it cost more than running it)."""
    f = t.flag_acks.c
    return select(f.line_a, f.line_b, f.version_a, f.version_b, f.reason, f.until).where(
        f.citizen_id.in_(bindparam("ids", expanding=True)), f.kind == "intentional"
    )


#: An acknowledgement on record as plain values: line_a, line_b, version_a, version_b, reason,
#: until (``domain.doubles.holding`` reads them).
AckRow = tuple[int, int, int, int, str, date | None]


def acknowledgement_rows(s: Unit, citizen_ids: Sequence[int]) -> list[AckRow]:
    """The 'intentional' acknowledgements on record for some citizens' flags (plain rows on the
    unit of work's connection: no ORM work per row)."""
    out = []
    conn, stmt = core.connection(s), _acknowledgements_statement()
    for chunk in chunks(citizen_ids):
        for a, b, va, vb, reason, until in conn.execute(stmt, {"ids": chunk}):
            out.append((a, b, va, vb, reason or "-", until))
    return out


def acknowledgements(s: Unit, citizen_ids: Sequence[int]) -> list[Acknowledgement]:
    """:func:`acknowledgement_rows` as the domain's acknowledgements."""
    return [Acknowledgement(*row) for row in acknowledgement_rows(s, citizen_ids)]


@cache
def _candidate_acknowledgements(scope: _Scope) -> Select[*tuple[Any, ...]]:
    """:func:`candidate_acknowledgements`' query, built once per scope: the acknowledgements of
    the candidate citizens (:func:`candidate_citizens`' statement as a subquery), oldest first;
    a blank reason reads "-". Over the whole database each acknowledgement's citizen is looked
    up among the candidates instead (the key's first column): SQLite reads the table once, in
    its order, where it gathered every candidate first and sorted what it found (1.5 ms to
    0.9 ms at 85,000 citizens); a few citizens' or a team's are found through their citizens."""
    f = t.flag_acks.c
    among: ColumnElement[bool] = (
        exists().where(_C.citizen_id == f.citizen_id)
        if scope == "all"
        else f.citizen_id.in_(_candidates(scope))
    )
    reason = func.coalesce(func.nullif(f.reason, ""), "-")
    return (
        select(f.line_a, f.line_b, f.version_a, f.version_b, reason, f.until)
        .where(f.kind == "intentional", among)
        .order_by(f.id)
    )


def candidate_acknowledgements(
    s: Unit, citizen_ids: Sequence[int] | None = None, team: int | None = None
) -> list[AckRow]:
    """The 'intentional' acknowledgements of the candidate citizens (of ``citizen_ids`` and/or
    ``team``, or of the whole database), oldest first: those of every flag :func:`candidate_rows`
    can hold, read in one statement beside the candidates instead of as lists of ids."""
    out: list[AckRow] = []
    for chunk in [None] if citizen_ids is None else chunks(citizen_ids):
        scope, values = _scope(chunk, team)
        out.extend(_tuples(core.core_rows(s, _candidate_acknowledgements(scope), values)))
    return out


def spans(s: Unit, citizen_ids: Sequence[int], from_day: date) -> list[LineSpan]:
    """The line spans of some (possibly thousands of) citizens from ``from_day`` on."""
    out: list[LineSpan] = []
    for chunk in chunks(citizen_ids):
        out.extend(core.spans_for_citizens(s, chunk, from_day))
    return out


# ---------------------------------------------------------------------------
# Open flags of some citizens (the rows here, the rule the domain's)
# ---------------------------------------------------------------------------


def open_flags_of(s: Unit, citizen_ids: Sequence[int], today: date) -> list[DoubleFlag]:
    """Open (not acknowledged) flags of some citizens."""
    cands = candidate_citizens(s, citizen_ids)
    if not cands:
        return []
    flags = detect_double_prescriptions(spans(s, cands, today), from_day=today)
    return _unacknowledged(s, flags, today)


def open_flags_in(
    s: Unit, citizen_ids: Sequence[int], today: date, severity: Severity | None = None
) -> list[DoubleFlag]:
    """Open flags (of ``severity``, or all) of citizens already known to be candidates (no
    candidate search first)."""
    flags = detect_double_prescriptions(spans(s, citizen_ids, today), from_day=today)
    return _unacknowledged(s, [f for f in flags if severity in (None, f.severity)], today)


def _unacknowledged(s: Unit, flags: list[DoubleFlag], today: date) -> list[DoubleFlag]:
    """The flags no acknowledgement holds for (the acknowledgements read only when there is a
    flag, and only of the citizens with one)."""
    if not flags:
        return []
    acks = acknowledgements(s, sorted({f.citizen_id for f in flags}))
    return open_flags(flags, acks, today)


__all__ = [
    "CANDIDATE_GROUPS",
    "CANDIDATE_GROUPS_GROUPED",
    "FILL_CANDIDATES",
    "SHOWN_AT",
    "AckRow",
    "acknowledgement_rows",
    "acknowledgements",
    "candidate_acknowledgements",
    "candidate_citizens",
    "candidate_rows",
    "citizen",
    "citizen_rows",
    "label",
    "open_flags_in",
    "open_flags_of",
    "spans",
    "supply",
]
