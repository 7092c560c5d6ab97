"""Acute handlings' data (R3): a card's acute changes, their handlings and steps, the steps still
to do, and signing them. What a bag holds is the domain's ``bags`` rule; ``services.handlings``
asks it and shapes what a nurse sees."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Result, bindparam, select, update
from sqlalchemy.orm import Session, aliased

from dosisdesk.storage import models as m
from dosisdesk.storage import repo
from dosisdesk.storage.core import Unit, step_open_filter
from dosisdesk.storage.core import packed_open_step_days as packed_open_step_days
from dosisdesk.storage.core import unpack_step_days as unpack_step_days

_HANDLING_COLUMNS = (
    m.AcuteHandling.id,
    m.AcuteHandling.change_id,
    m.AcuteHandling.kind,
    m.AcuteHandling.bags,
    m.AcuteHandling.identifiable,
    m.AcuteHandling.ordinary_until,
    m.AcuteHandling.note,
)


@cache
def steps_statement() -> Any:
    """Some changes' steps as ``services.handlings.StepRow``'s columns (built once, run with the
    ids)."""
    st = m.HandlingStep
    return select(
        st.id, st.handling_id, st.change_id, st.day, st.slot, st.done_at, st.done_by
    ).where(st.change_id.in_(bindparam("ids", expanding=True)))


@cache
def handlings_statement() -> Any:
    """Some changes' handlings, in id order (built once, run with the ids)."""
    return (
        select(*_HANDLING_COLUMNS)
        .where(m.AcuteHandling.change_id.in_(bindparam("ids", expanding=True)))
        .order_by(m.AcuteHandling.id)
    )


@cache
def card_handlings_statement() -> Any:
    """Every handling of one card's changes, in id order (built once, run with the card)."""
    return (
        select(*_HANDLING_COLUMNS)
        .join(m.Change, m.Change.id == m.AcuteHandling.change_id)
        .where(m.Change.card_id == bindparam("card_id"))
        .order_by(m.AcuteHandling.id)
    )


@cache
def acute_statement() -> Any:
    """A card's acute changes with the first day of their follow-ups, as plain columns by the
    attributes' names, ``follow_up_day`` and ``first_follow_up_id`` (for the card's changes
    shown, :func:`repo.first_follow_up`): built once and run with the card bound (building
    it, with its alias, costs more than running it)."""
    follow = aliased(m.Change)
    return (
        select(
            *m.Change.__table__.c,
            follow.effective_date.label("follow_up_day"),
            repo.first_follow_up().label("first_follow_up_id"),
        )
        .outerjoin(follow, follow.follow_up_of_id == m.Change.id)
        .where(
            m.Change.card_id == bindparam("card_id"),
            m.Change.acute.is_(True),
            m.Change.state != "cancelled",
        )
    )


def open_steps(
    s: Session, citizen_ids: Sequence[int] | None, team_id: int | None = None
) -> Result[*tuple[Any, ...]]:
    """(step, its handling's kind, its change, the day the change's follow-up takes effect) of
    each step not signed, of some citizens (or a team's, or everyone's) changes not cancelled
    and not of private lines."""
    follow = aliased(m.Change)
    stmt = (
        select(m.HandlingStep, m.AcuteHandling.kind, m.Change, follow.effective_date)
        .join(m.AcuteHandling, m.AcuteHandling.id == m.HandlingStep.handling_id)
        .join(m.Change, m.Change.id == m.HandlingStep.change_id)
        .outerjoin(follow, follow.follow_up_of_id == m.Change.id)
        .where(*step_open_filter())
    )
    if citizen_ids is not None:
        stmt = stmt.where(m.Change.citizen_id.in_(list(citizen_ids)))
    if team_id is not None:
        stmt = stmt.join(m.Citizen, m.Citizen.id == m.Change.citizen_id).where(
            m.Citizen.team_id == team_id
        )
    return s.execute(stmt)


def citizens_and_teams(
    s: Session, citizen_ids: Iterable[int]
) -> tuple[dict[int, m.Citizen], dict[int, str]]:
    """These citizens by id, and every team's name by its id."""
    cit = {c.id: c for c in s.scalars(select(m.Citizen).where(m.Citizen.id.in_(citizen_ids)))}
    teams = dict(s.execute(select(m.Team.id, m.Team.name)).all())
    return cit, teams


def line_labels(s: Unit, line_ids: Sequence[int]) -> dict[int, str]:
    """The drug of each line (its latest version's product), as ``Zarator 20 mg``."""
    if not line_ids:
        return {}
    rows = s.execute(
        select(m.LineVersion.line_id, m.Product.trade_name, m.Product.strength)
        .join(m.Product, m.Product.id == m.LineVersion.product_id)
        .where(m.LineVersion.line_id.in_(set(line_ids)))
        .order_by(m.LineVersion.valid_from, m.LineVersion.id)
    ).all()
    return {line_id: f"{name} {strength}".strip() for line_id, name, strength in rows}


def steps_of_change(s: Session, change_id: int) -> list[m.HandlingStep]:
    """Every step of one change's handlings, in id order."""
    return list(
        s.scalars(
            select(m.HandlingStep)
            .where(m.HandlingStep.change_id == change_id)
            .order_by(m.HandlingStep.id)
        )
    )


def handling_kinds(s: Session, change_id: int) -> dict[int, str]:
    """The kind of each of one change's handlings, by handling id."""
    return dict(
        s.execute(
            select(m.AcuteHandling.id, m.AcuteHandling.kind).where(
                m.AcuteHandling.change_id == change_id
            )
        ).all()
    )


def sign_steps(s: Session, step_ids: Sequence[int], at: datetime, by_user_id: int) -> int:
    """Sign these steps done, those not signed yet only; how many it signed (fewer than asked:
    someone signed one meanwhile)."""
    result = s.execute(
        update(m.HandlingStep)
        .where(m.HandlingStep.id.in_(step_ids), m.HandlingStep.done_at.is_(None))
        .values(done_at=at, done_by=by_user_id)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


__all__ = [
    "acute_statement",
    "card_handlings_statement",
    "citizens_and_teams",
    "handling_kinds",
    "handlings_statement",
    "line_labels",
    "open_steps",
    "packed_open_step_days",
    "sign_steps",
    "steps_of_change",
    "steps_statement",
    "unpack_step_days",
]
