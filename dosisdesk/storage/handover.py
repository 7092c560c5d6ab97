"""The handover summary's statements (R10): one per section, each over one team, built once
(``@cache``) with the team, the date, the shift's hours and the roll days as bound parameters
(:mod:`dosisdesk.services.handover` runs them and builds the sheet), and the private-line filters
the handover and the medicine list share (a private-marked line is never printed).
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeAlias

from sqlalchemy import Date, and_, bindparam, exists, false, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from dosisdesk.domain.types import OPEN_CHANGE_STATES, ChangeState, LineStatus
from dosisdesk.storage import models as m
from dosisdesk.storage import renewals as renewals_sql

#: The discharge checklist's items (the columns of a hospital contact), in the sheet's order; their
#: words are ``words.HANDOVER_CHECKLIST``.
CHECKLIST = ("epicrisis_received", "fmk_checked", "changes_registered", "dd_decided")

# The sections' aliases, made once: an alias builds its column collection when first used, which
# cost more than running a section's statement when made on every call.
_PRIVATE_V = aliased(m.LineVersion)
_FOLLOW_UP = aliased(m.Change)
_FOLLOWED = aliased(m.Change)  # the acute change a planned change follows up
_CHANGES = m.Change.__table__  # a change's columns by its attributes' names
_NOW_P, _PREV_P, _EARLIER_P = aliased(m.Period), aliased(m.Period), aliased(m.Period)
_DAYS_P = aliased(m.Period)
_PP_NOW, _PP_PREV = aliased(m.PackedProduct), aliased(m.PackedProduct)
_NA_V = aliased(m.LineVersion)
_NEWER_RR = aliased(m.RenewalRequest)
_RR_V = aliased(m.LineVersion)

# The sections' statements are built once (functions below under ``@cache``) with their values
# as bound parameters: building a statement and its cache key cost more than running most of
# them. The parameters: the team, the date, the shift's hours, the moment, the roll days.
_AnySelect: TypeAlias = Select[*tuple[Any, ...]]
_TEAM: Any = bindparam("team")
_DAY: Any = bindparam("day", type_=Date)
_IDS: Any = bindparam("ids", expanding=True)


@cache
def team_size_select() -> _AnySelect:
    return select(func.count(m.Citizen.id)).where(m.Citizen.team_id == _TEAM)


@cache
def teams_select() -> _AnySelect:
    return select(m.Team.id, m.Team.name).order_by(m.Team.id)


def private_line(line_id: Any) -> ColumnElement[bool]:
    """True when the line has (or ever had) a private-marked version."""
    pv = _PRIVATE_V
    return exists().where(pv.line_id == line_id, pv.private.is_(True))


def private_change(change: Any) -> ColumnElement[bool]:
    """True when a change touches a private-marked line (its own versions or its line's)."""
    pv = _PRIVATE_V
    return exists().where(
        or_(pv.change_id == change.id, pv.line_id == change.line_id), pv.private.is_(True)
    )


@cache
def acute_select() -> _AnySelect:
    fu, c, day = _FOLLOW_UP, m.Change, _DAY
    return (  # plain columns: the change's by its attributes' names
        select(
            *_CHANGES.c,
            m.Product.trade_name.label("product_name"),
            m.Product.strength.label("product_strength"),
            fu.effective_date.label("follow_day"),
        )
        .join(m.Citizen, m.Citizen.id == c.citizen_id)
        .outerjoin(m.Product, m.Product.id == c.product_id)
        .outerjoin(fu, and_(fu.follow_up_of_id == c.id, fu.state != ChangeState.CANCELLED.value))
        .where(
            m.Citizen.team_id == _TEAM,
            c.acute.is_(True),
            c.state != ChangeState.CANCELLED.value,
            c.effective_date <= day,
            or_(c.effective_date == day, and_(fu.id.is_not(None), fu.effective_date > day)),
            ~private_change(c),
        )
        .order_by(c.registered_at, c.id)
    )


@cache
def steps_select() -> _AnySelect:
    return (
        select(
            m.HandlingStep.handling_id, m.HandlingStep.day, m.HandlingStep.slot, m.User.full_name
        )
        .join(m.User, m.User.id == m.HandlingStep.done_by)
        .where(m.HandlingStep.change_id.in_(_IDS), m.HandlingStep.done_at.is_not(None))
    )


@cache
def acute_handlings_select() -> _AnySelect:
    h = m.AcuteHandling
    return (
        select(h.id, h.change_id, h.kind, h.bags, h.identifiable, h.ordinary_until)
        .where(m.AcuteHandling.change_id.in_(_IDS))
        .order_by(m.AcuteHandling.id)
    )


def changes_select(office: bool, moved: ColumnElement[bool]) -> _AnySelect:
    """The team's planned changes for the rolls (and, in office hours, those that missed a
    deadline) in one statement, each marked with the section(s) it is read for. ``moved``: the
    changes time has moved by the bound moment ``now`` (``services.change_state.moved_by_time``;
    the service builds the statement once per ``office``)."""
    c = m.Change
    in_roll = and_(
        c.acute.is_(False),
        c.state != ChangeState.CANCELLED.value,
        or_(
            c.effective_date.in_(bindparam("days", expanding=True)),
            moved,
            and_(c.wanted_from <= bindparam("last", type_=Date), c.effective_date > _DAY),
        ),
    )
    missed = and_(
        or_(c.missed_deadlines > 0, moved),
        c.state.in_([st.value for st in OPEN_CHANGE_STATES]),
    )
    wanted = or_(in_roll, missed) if office else in_roll
    acute = _FOLLOWED
    return (  # plain columns: the change's by its attributes' names
        select(
            *_CHANGES.c,
            m.Product.trade_name.label("product_name"),
            m.Product.strength.label("product_strength"),
            acute.effective_date.label("acute_day"),
            in_roll.label("in_roll"),
            (missed if office else false()).label("missed"),
        )
        .join(m.Citizen, m.Citizen.id == c.citizen_id)
        .outerjoin(m.Product, m.Product.id == c.product_id)
        .outerjoin(acute, acute.id == c.follow_up_of_id)
        .where(m.Citizen.team_id == _TEAM, wanted, ~private_change(c))
    )


@cache
def new_appearance_select() -> _AnySelect:
    now_p, prev_p, q, q2 = _NOW_P, _PREV_P, _EARLIER_P, _DAYS_P
    pp_now, pp_prev = _PP_NOW, _PP_PREV
    v = _NA_V
    prev_first = (
        select(func.max(q.first_day))
        .where(q.packing_group_id == now_p.packing_group_id, q.first_day < now_p.first_day)
        .correlate(now_p)
        .scalar_subquery()
    )
    return (
        select(
            m.Line.citizen_id,
            m.Line.id,
            now_p.first_day,
            pp_prev.trade_name,
            pp_now.trade_name,
            m.Product.strength,
        )
        .select_from(pp_now)
        .join(now_p, now_p.id == pp_now.period_id)
        .join(m.Line, m.Line.id == pp_now.line_id)
        .join(m.Citizen, m.Citizen.id == m.Line.citizen_id)
        .join(
            prev_p,
            and_(
                prev_p.packing_group_id == now_p.packing_group_id,
                prev_p.first_day == prev_first,
            ),
        )
        .join(pp_prev, and_(pp_prev.line_id == pp_now.line_id, pp_prev.period_id == prev_p.id))
        .join(
            v,
            and_(
                v.line_id == m.Line.id,
                v.valid_from <= now_p.first_day,
                or_(v.valid_to.is_(None), v.valid_to > now_p.first_day),
            ),
        )
        .join(m.Product, m.Product.id == v.product_id)
        .where(
            m.Citizen.team_id == _TEAM,
            now_p.first_day.in_(bindparam("days", expanding=True)),
            # the same, as the packed rows' periods: the packed rows are then found by period
            # (a few periods) instead of every roll of every line of the team (SQLite: 9 -> 0.2 ms)
            pp_now.period_id.in_(
                select(q2.id).where(q2.first_day.in_(bindparam("days", expanding=True)))
            ),
            pp_now.trade_name != pp_prev.trade_name,
            v.status == LineStatus.ACTIVE.value,
            ~private_line(m.Line.id),
        )
        .order_by(now_p.first_day, m.Line.id)
    )


@cache
def paused_select() -> _AnySelect:
    hc = m.HospitalContact
    return (
        select(m.Card.citizen_id, m.Card.id, m.Pause.paused_at, hc.hospital, hc.department)
        .join(m.Citizen, m.Citizen.id == m.Card.citizen_id)
        .outerjoin(m.Pause, and_(m.Pause.card_id == m.Card.id, m.Pause.resumed_at.is_(None)))
        .outerjoin(hc, hc.id == m.Pause.contact_id)
        .where(m.Citizen.team_id == _TEAM, m.Card.paused.is_(True))
        .order_by(m.Card.id, m.Pause.paused_at)
    )


@cache
def hospital_select() -> _AnySelect:
    """Admissions: open, begun before the shift ends. Discharges: ended before the shift ends,
    with the 72-hour window open at some time in the shift or the checklist not done within
    ``services.handover.CHECKLIST_DAYS`` (``checklist_from``)."""
    hc = m.HospitalContact
    not_done = or_(
        hc.epicrisis_received.is_(False),
        hc.fmk_checked.is_(False),
        hc.changes_registered.is_(False),
        hc.dd_decided.is_(False),
    )
    ends: Any = bindparam("ends")
    return (
        select(
            hc.id,
            hc.citizen_id,
            hc.hospital,
            hc.department,
            hc.phone,
            hc.started_at,
            hc.ended_at,
            hc.responsibility_until,
            *(getattr(hc, k) for k in CHECKLIST),
        )
        .join(m.Citizen, m.Citizen.id == hc.citizen_id)
        .where(
            m.Citizen.team_id == _TEAM,
            hc.kind == "admission",
            or_(
                and_(hc.ended_at.is_(None), hc.started_at < ends),
                and_(
                    hc.ended_at.is_not(None),
                    hc.ended_at < ends,
                    or_(
                        hc.responsibility_until > bindparam("starts"),
                        and_(hc.ended_at >= bindparam("checklist_from"), not_done),
                    ),
                ),
            ),
        )
    )


@cache
def private_lines_select() -> _AnySelect:
    lv = m.LineVersion
    return select(lv.line_id).where(lv.line_id.in_(_IDS), lv.private.is_(True))


@cache
def due_select(within: int) -> _AnySelect:
    lv = m.LineVersion
    return (  # plain columns: a team has hundreds of dose prescriptions
        select(
            lv.citizen_id,
            lv.line_id,
            lv.prescription_valid_until,
            m.Product.trade_name,
            m.Product.strength,
        )
        .select_from(m.LineVersion)
        .where(*renewals_sql.due_filter(_DAY, within, until=bindparam("until", type_=Date)))
        .join(m.Citizen, m.Citizen.id == lv.citizen_id)
        .join(m.Product, m.Product.id == lv.product_id)
        .where(m.Citizen.team_id == _TEAM, ~private_line(lv.line_id))
        .order_by(lv.prescription_valid_until, lv.line_id)
    )


@cache
def rejected_select() -> _AnySelect:
    rr, newer, v2, day = m.RenewalRequest, _NEWER_RR, _RR_V, _DAY
    return (
        select(
            rr.citizen_id,
            rr.line_id,
            rr.rejection_reason,
            rr.decided_at,
            v2.prescription_valid_until,
            m.Product.trade_name,
            m.Product.strength,
        )
        .join(m.Citizen, m.Citizen.id == rr.citizen_id)
        .join(
            v2,
            and_(
                v2.line_id == rr.line_id,
                v2.valid_from <= day,
                or_(v2.valid_to.is_(None), v2.valid_to > day),
            ),
        )
        .join(m.Product, m.Product.id == v2.product_id)
        .where(
            m.Citizen.team_id == _TEAM,
            rr.state == "rejected",
            v2.status != LineStatus.DISCONTINUED.value,
            ~exists().where(newer.line_id == rr.line_id, newer.id > rr.id),
            ~exists().where(m.Task.renewal_id == rr.id, m.Task.done_at.is_not(None)),
            ~private_line(rr.line_id),
        )
        .order_by(rr.decided_at, rr.id)
    )


@cache
def citizens_select() -> _AnySelect:
    z = m.Citizen
    return select(z.id, z.first_name, z.last_name, z.cpr, z.route_order, z.sort_key).where(
        z.id.in_(_IDS)
    )


def team_names(s: Session, only: int | None) -> list[str]:
    """The teams' names in order of name; ``only``: just that team's (none when there is no
    such team)."""
    stmt = select(m.Team.name).order_by(m.Team.name)
    if only is not None:
        stmt = stmt.where(m.Team.id == only)
    return list(s.scalars(stmt))


__all__ = [
    "CHECKLIST",
    "acute_handlings_select",
    "acute_select",
    "changes_select",
    "citizens_select",
    "due_select",
    "hospital_select",
    "new_appearance_select",
    "paused_select",
    "private_change",
    "private_line",
    "private_lines_select",
    "rejected_select",
    "steps_select",
    "team_names",
    "team_size_select",
    "teams_select",
]
