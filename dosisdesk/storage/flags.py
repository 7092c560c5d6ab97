"""Double-prescription data (R5): the set-based search for candidate citizens, their line spans
(:func:`dosisdesk.storage.repo.spans_for_citizens`) and the acknowledgements on record. The rule
itself is the domain's (:mod:`dosisdesk.domain.doubles`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from dosisdesk.domain.doubles import Acknowledgement
from dosisdesk.domain.types import LineSpan
from dosisdesk.storage import models as m
from dosisdesk.storage import repo
from dosisdesk.storage.repo import chunks


def candidate_citizens(
    s: Session, today: date, citizen_ids: Sequence[int] | None = None, team: int | None = None
) -> list[int]:
    """Citizens with two or more lines of one ATC level-4 group alive from today, at least one
    of them in the roll: a superset of those with a flag (the exact rule, overlap and exemptions
    included, is then applied by the domain to these few)."""
    a = m.LineVersion

    def alive(v: type[m.LineVersion]) -> ColumnElement[bool]:
        return and_(
            v.status == "active",
            or_(v.valid_to.is_(None), and_(v.valid_to > today, v.valid_to > v.valid_from)),
        )

    group = func.substr(a.atc, 1, 5)
    if s.get_bind().dialect.name == "postgresql":
        # the roll versions, each asked for a partner of another line in its group: a hashed
        # semi-join (grouping every version in the database sorts them all, ~2x slower)
        c = aliased(m.LineVersion)
        partner = (
            select(c.id)
            .where(
                c.citizen_id == a.citizen_id,
                c.line_id != a.line_id,
                func.substr(c.atc, 1, 5) == group,
                alive(c),
            )
            .exists()
        )
        stmt = select(a.citizen_id).distinct().where(a.supply == "dose_roll", alive(a), partner)
    else:
        # SQLite: one grouped scan (a partner looked up per roll version is slower there)
        stmt = (
            select(a.citizen_id)
            .where(alive(a))
            .group_by(a.citizen_id, group)
            .having(
                func.count(func.distinct(a.line_id)) >= 2,
                func.max(case((a.supply == "dose_roll", 1), else_=0)) == 1,
            )
        )
    if citizen_ids is not None:
        stmt = stmt.where(a.citizen_id.in_(citizen_ids))
    if team is not None:
        stmt = stmt.join(m.Citizen, m.Citizen.id == a.citizen_id).where(m.Citizen.team_id == team)
    return sorted(set(s.scalars(stmt)))


def acknowledgements(s: Session, citizen_ids: Sequence[int]) -> list[Acknowledgement]:
    """The 'intentional' acknowledgements on record for some citizens' flags."""
    out = []
    for chunk in chunks(citizen_ids):
        for r in s.scalars(
            select(m.FlagAck).where(
                m.FlagAck.citizen_id.in_(chunk), m.FlagAck.kind == "intentional"
            )
        ):
            out.append(
                Acknowledgement(
                    r.line_a, r.line_b, r.version_a, r.version_b, r.reason or "-", r.until
                )
            )
    return out


def spans(s: Session, citizen_ids: Sequence[int], from_day: date) -> list[LineSpan]:
    """The line spans of some (possibly thousands of) citizens from ``from_day`` on."""
    out: list[LineSpan] = []
    for chunk in chunks(citizen_ids):
        out.extend(repo.spans_for_citizens(s, chunk, from_day))
    return out


__all__ = ["acknowledgements", "candidate_citizens", "spans"]
