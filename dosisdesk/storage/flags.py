"""Double-prescription data (R5): the set-based search for candidate citizens, their line spans
(:func:`dosisdesk.storage.repo.span_select`) and the acknowledgements on record. The rule itself
is the domain's (:mod:`dosisdesk.domain.doubles`).

Nearly every version in the database is in force with no end, so "every version alive from
today" is the whole table (900,000 versions at 85,000 citizens: grouping them all by citizen and
ATC level 4 took about a second). The search reads migration 0011's narrow, covering indexes
instead, in parts: a roll partner of each version outside the roll (a seek per version, on the
smaller side), two roll lines of one substance (one scan in index order, no sort), and the few
versions that end (a later version or a stop is on record).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal, TypeVar

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Date,
    Select,
    and_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
    tuple_,
    union,
)
from sqlalchemy.orm import Session, aliased

from dosisdesk.domain.doubles import Acknowledgement
from dosisdesk.domain.types import DoubleFlag, LineSpan, Supply
from dosisdesk.storage import models as m
from dosisdesk.storage import repo
from dosisdesk.storage.repo import chunks

_V = m.LineVersion
# made once: an alias is costly to build on every call
_OTHER, _ROLL, _ENDING, _P_ROLL, _P_OTHER = (aliased(m.LineVersion) for _ in range(5))


def _now(x: type[m.LineVersion], roll: bool) -> ColumnElement[bool]:
    """In force with no end (index ix_line_versions_roll_now / _other_now)."""
    supply = x.supply == "dose_roll" if roll else x.supply != "dose_roll"
    return and_(x.status == "active", x.valid_to.is_(None), supply)


def _ends(x: type[m.LineVersion], today: Any) -> ColumnElement[bool]:
    """Ends, and not before tomorrow (index ix_line_versions_ending)."""
    return and_(
        x.status == "active",
        x.valid_to.is_not(None),
        x.valid_to > today,
        x.valid_to > x.valid_from,
    )


def _group(x: Any) -> ColumnElement[str]:
    """The ATC level-4 group (the first 5 characters; written out, not bound, so that
    PostgreSQL sees the same expression in a SELECT and its GROUP BY)."""
    return func.substr(x.atc, literal_column("1"), literal_column("5"))


def _partner(x: type[m.LineVersion], of: Any, sqlite: bool) -> ColumnElement[bool]:
    """``x`` is another line of ``of``'s citizen in ``of``'s ATC level-4 group (``of``: a
    version, or the columns of one: citizen, ATC and line)."""
    same = [x.citizen_id == of.citizen_id, x.line_id != of.line_id]
    if sqlite:  # a range on the indexed column: SQLite seeks it, not a function of it
        same += [x.atc >= _group(of), x.atc < _group(of).concat("\U0010ffff")]
    return and_(*same, _group(x) == _group(of))


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


@cache
def _candidates(sqlite: bool, scope: _Scope) -> CompoundSelect:
    """(citizen, ATC level 4) with a roll line and another line of the group both alive from
    today: every flag's two lines are in one of these groups (a superset: the domain decides).
    Built once per engine and scope, run with "today" (and "ids" or "team") bound."""
    today = bindparam("today", type_=Date)
    other, roll, ending = _OTHER, _ROLL, _ENDING
    roll_partner = (
        select(other.citizen_id, _group(other))
        .where(_now(other, roll=False))
        .where(select(roll.id).where(_now(roll, roll=True), _partner(roll, other, sqlite)).exists())
    )
    two_rolls = (
        select(_V.citizen_id, _group(_V))
        .where(_now(_V, roll=True))
        .group_by(_V.citizen_id, _V.atc)
        .having(func.count() > 1)
    )
    parts = [
        _scoped(roll_partner, other.citizen_id, scope),
        _scoped(two_rolls, _V.citizen_id, scope),
    ]
    if sqlite:
        # the versions that end are read once for the two parts that need them (a table row
        # each, through the citizen index), not once for each
        e = _scoped(
            select(ending.citizen_id, ending.atc, ending.line_id).where(_ends(ending, today)),
            ending.citizen_id,
            scope,
        ).cte("ending")
        return union(
            *parts,
            select(e.c.citizen_id, _group(e.c)).where(_partner_now(e.c, sqlite)),
            select(e.c.citizen_id, _group(e.c))
            .group_by(e.c.citizen_id, _group(e.c))
            .having(func.min(e.c.line_id) < func.max(e.c.line_id)),
        )
    ending_now = select(ending.citizen_id, _group(ending)).where(
        _ends(ending, today), _partner_now(ending, sqlite)
    )
    two_ending = (
        select(_V.citizen_id, _group(_V))
        .where(_ends(_V, today))
        .group_by(_V.citizen_id, _group(_V))
        .having(func.min(_V.line_id) < func.max(_V.line_id))
    )
    parts += [
        _scoped(ending_now, ending.citizen_id, scope),
        _scoped(two_ending, _V.citizen_id, scope),
    ]
    return union(*parts)


_Part = TypeVar("_Part", bound=Select[*tuple[Any, ...]])


def _partner_now(of: Any, sqlite: bool) -> ColumnElement[bool]:
    """A line in force with no end, in the roll or not, is in ``of``'s group (``of``: a
    version, or the columns of one)."""
    p_roll, p_other = _P_ROLL, _P_OTHER
    return or_(
        select(p_roll.id).where(_now(p_roll, roll=True), _partner(p_roll, of, sqlite)).exists(),
        select(p_other.id).where(_now(p_other, roll=False), _partner(p_other, of, sqlite)).exists(),
    )


def _scoped(part: _Part, citizen: Any, scope: _Scope) -> _Part:
    """``part`` narrowed to the scope's citizens (``citizen``: its citizen column)."""
    if scope in ("ids", "ids_team"):
        part = part.where(citizen.in_(bindparam("ids", expanding=True)))
    if scope in ("team", "ids_team"):
        part = part.where(
            citizen.in_(select(m.Citizen.id).where(m.Citizen.team_id == bindparam("team")))
        )
    return part


@cache
def _candidate_spans(sqlite: bool, scope: _Scope) -> Select[*tuple[Any, ...]]:
    """:func:`candidates`' statement, built once per engine and scope."""
    cand = _candidates(sqlite, scope).cte("cand")
    v, z = _V, m.Citizen
    return (
        repo.span_select(
            m.Product.trade_name,
            m.Product.strength,
            v.dosage,
            z.first_name,
            z.last_name,
            z.cpr,
            m.Team.name,
        )
        .join(m.Product, m.Product.id == v.product_id)
        .join(z, z.id == v.citizen_id)
        .outerjoin(m.Team, m.Team.id == z.team_id)
        .where(
            # the candidates' citizens drive (their lines through the citizen index), then
            # only the lines in a candidate group
            v.citizen_id.in_(select(cand.c.citizen_id)),
            m.Line.citizen_id.in_(select(cand.c.citizen_id)),
            tuple_(v.citizen_id, _group(v)).in_(select(cand.c.citizen_id, cand.c[1])),
            or_(v.valid_to.is_(None), v.valid_to > bindparam("today", type_=Date)),
        )
    )


def _is_sqlite(s: Session) -> bool:
    return s.get_bind().dialect.name == "sqlite"


def candidate_citizens(
    s: Session, today: date, citizen_ids: Sequence[int] | None = None, team: int | None = None
) -> list[int]:
    """Citizens with a line in the roll and another line of its ATC level-4 group both alive
    from today: a superset of those with a flag (the exact rule, overlap, exemptions and which
    pairs count included, is then applied by the domain to these few)."""
    found: set[int] = set()
    for chunk in [None] if citizen_ids is None else chunks(citizen_ids):
        scope, values = _scope(chunk, team)
        stmt = _candidates(_is_sqlite(s), scope)
        found.update(citizen for citizen, _group in s.execute(stmt, {"today": today, **values}))
    return sorted(found)


@dataclass(frozen=True)
class Candidates:
    """The candidates' spans in their groups (all a flag needs to be decided), and what a flag
    list shows of them: each version's product and dose, each citizen's name, CPR and team."""

    spans: list[LineSpan]
    versions: dict[int, tuple[str, str, str]]  # version id: trade name, strength, dosage
    citizens: dict[int, tuple[str, str, str, str]]  # citizen id: first, last name, CPR, team

    def label(self, version_id: int) -> str:
        """A version as a flag shows it: trade name, strength and dose."""
        trade, strength, dosage = self.versions[version_id]
        return f"{trade} {strength} {dosage}".strip()

    def supplies(self) -> dict[int, Supply]:
        """Each version's supply."""
        return {sp.version_id: sp.supply for sp in self.spans}


def candidates(
    s: Session, today: date, citizen_ids: Sequence[int] | None = None, team: int | None = None
) -> Candidates:
    """The spans from ``today`` on of the candidate groups (:func:`candidate_citizens`, each
    citizen's lines in the groups that can hold a flag), with what a flag list shows, in one
    statement."""
    out = Candidates([], {}, {})
    for chunk in [None] if citizen_ids is None else chunks(citizen_ids):
        scope, values = _scope(chunk, team)
        stmt = _candidate_spans(_is_sqlite(s), scope)
        for row in repo.core_rows(s, stmt, {"today": today, **values}):
            out.spans.append(repo.span_of(row))
            vid, cid = row[1], row[2]
            trade, strength, dosage, first, last, cpr, team_name = row[11:]
            out.versions[vid] = (trade, strength, dosage)
            out.citizens[cid] = (first, last, cpr, team_name or "")
    return out


def described(s: Session, found: Candidates, flags: Sequence[DoubleFlag]) -> Candidates:
    """``found`` with what a flag list shows of these flags' versions and citizens, read when
    ``found`` does not hold it yet (spans read without :func:`candidates`)."""
    vids = sorted(
        {f.version_a for f in flags} | {f.version_b for f in flags} - found.versions.keys()
    )
    cids = sorted({f.citizen_id for f in flags} - found.citizens.keys())
    if not vids and not cids:
        return found
    versions, citizens = dict(found.versions), dict(found.citizens)
    z, v, p = m.Citizen, m.LineVersion, m.Product
    for chunk in chunks(cids):
        for cid, first, last, cpr, team in s.execute(
            select(z.id, z.first_name, z.last_name, z.cpr, m.Team.name)
            .outerjoin(m.Team, m.Team.id == z.team_id)
            .where(z.id.in_(chunk))
        ):
            citizens[cid] = (first, last, cpr, team or "")
    for chunk in chunks(vids):
        for vid, trade, strength, dosage in s.execute(
            select(v.id, p.trade_name, p.strength, v.dosage)
            .join(p, p.id == v.product_id)
            .where(v.id.in_(chunk))
        ):
            versions[vid] = (trade, strength, dosage)
    return Candidates(found.spans, versions, citizens)


@cache
def _acknowledgements_statement() -> Any:
    """:func:`acknowledgements`' query, built once and run with the ids bound (a search
    keystroke asks it for one citizen: building it cost more than running it)."""
    f = m.FlagAck
    return select(f.line_a, f.line_b, f.version_a, f.version_b, f.reason, f.until).where(
        f.citizen_id.in_(bindparam("ids", expanding=True)), f.kind == "intentional"
    )


def acknowledgements(s: Session, citizen_ids: Sequence[int]) -> list[Acknowledgement]:
    """The 'intentional' acknowledgements on record for some citizens' flags (plain rows on the
    unit of work's connection: no ORM work per row)."""
    out = []
    conn, stmt = s.connection(), _acknowledgements_statement()
    for chunk in chunks(citizen_ids):
        for a, b, va, vb, reason, until in conn.execute(stmt, {"ids": chunk}):
            out.append(Acknowledgement(a, b, va, vb, reason or "-", until))
    return out


def spans(s: Session, citizen_ids: Sequence[int], from_day: date) -> list[LineSpan]:
    """The line spans of some (possibly thousands of) citizens from ``from_day`` on."""
    out: list[LineSpan] = []
    for chunk in chunks(citizen_ids):
        out.extend(repo.spans_for_citizens(s, chunk, from_day))
    return out


__all__ = [
    "Candidates",
    "acknowledgements",
    "candidate_citizens",
    "candidates",
    "described",
    "spans",
]
