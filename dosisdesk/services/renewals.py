"""Renewals of dose prescriptions (R7): which are due, sending a request to the GP, and the GP's
answer (a rejection becomes a task for the citizen's team)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Connection, and_, bindparam, or_, select

from dosisdesk.domain.errors import ConflictError, NotFound, RuleViolation
from dosisdesk.domain.renewals import renewal_urgency
from dosisdesk.domain.renewals import transition as renewal_transition
from dosisdesk.domain.text import full_name, product_label
from dosisdesk.domain.types import LineStatus, RejectionReason, RenewalState, Supply
from dosisdesk.services import audit
from dosisdesk.services.access import (
    check_access,
    checked_citizen,
    citizen_by_cpr,
    product_dtos,
    scope_team,
    team_id,
)
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import CitizenDTO, RenewalDTO
from dosisdesk.storage import models as m
from dosisdesk.storage import renewals as renewals_sql
from dosisdesk.storage import repo
from dosisdesk.words import REJECTION_REASON


def renewals(
    ctx: Ctx,
    *,
    due: bool = True,
    team: str | None = None,
    state: RenewalState | None = None,
    cpr: str | None = None,
    limit: int = 1000,
    log: bool = True,
) -> list[RenewalDTO]:
    """Dose prescriptions due for renewal within 28 days (and expired ones not requested), and/or
    renewal requests in a state."""
    today = ctx.today()
    with ctx.db.begin() as s:
        tid = scope_team(ctx, team_id(s, team))
        only = None
        if cpr:
            cit = citizen_by_cpr(s, cpr)
            check_access(ctx, cit)
            only = cit.id
        out: list[RenewalDTO] = []
        if due and state is None:
            out.extend(due_in(s, today, tid, only, limit))
        if state is not None or not due:
            stmt2 = (
                select(m.RenewalRequest, m.Citizen, m.LineVersion, m.Product)
                .join(m.Citizen, m.Citizen.id == m.RenewalRequest.citizen_id)
                .join(
                    m.LineVersion,
                    and_(
                        m.LineVersion.line_id == m.RenewalRequest.line_id,
                        m.LineVersion.valid_from <= today,
                        or_(m.LineVersion.valid_to.is_(None), m.LineVersion.valid_to > today),
                    ),
                )
                .join(m.Product, m.Product.id == m.LineVersion.product_id)
                .order_by(m.RenewalRequest.sent_at.desc())
                .limit(limit)
            )
            if state is not None:
                stmt2 = stmt2.where(m.RenewalRequest.state == state.value)
            if tid is not None:
                stmt2 = stmt2.where(m.Citizen.team_id == tid)
            if only is not None:
                stmt2 = stmt2.where(m.Citizen.id == only)
            for r, c, v, p in s.execute(stmt2):
                out.append(
                    RenewalDTO(
                        r.line_id,
                        c.id,
                        full_name(c.first_name, c.last_name),
                        c.cpr,
                        product_label(p.trade_name, p.strength),
                        v.prescription_valid_until,
                        r.id,
                        RenewalState(r.state),
                        RejectionReason(r.rejection_reason) if r.rejection_reason else None,
                        r.sent_at,
                        r.version_id,
                        renewal_urgency(v.prescription_valid_until, today)
                        if r.state in (RenewalState.SENT.value, RenewalState.REJECTED.value)
                        else None,
                    )
                )
        if log:
            audit.record_list(s, ctx.actor, "renewals.read", [r.citizen_id for r in out])
        return out


def due_in(
    s: repo.Unit, today: date, tid: int | None, only: int | None, limit: int = 1000
) -> list[RenewalDTO]:
    """Dose prescriptions due for renewal (of one team, or one citizen) in the caller's unit of
    work (the caller has checked access)."""
    if isinstance(s, Connection):  # the versions with their citizens and products: the ORM's
        with repo.orm_on(s) as orm:
            return due_in(orm, today, tid, only, limit)
    out: list[RenewalDTO] = []
    stmt = (
        select(m.LineVersion)
        .where(*renewals_sql.due_filter(today))
        .join(m.Citizen, m.Citizen.id == m.LineVersion.citizen_id)
        .join(m.Product, m.Product.id == m.LineVersion.product_id)
        .add_columns(m.Citizen, m.Product)
        .order_by(m.LineVersion.prescription_valid_until, m.Citizen.sort_key)
        .limit(limit)
    )
    if tid is not None:
        stmt = stmt.where(m.Citizen.team_id == tid)
    if only is not None:
        stmt = stmt.where(m.Citizen.id == only)
    for v, c, p in s.execute(stmt):
        out.append(
            _due(
                v.line_id,
                c.id,
                full_name(c.first_name, c.last_name),
                c.cpr,
                product_label(p.trade_name, p.strength),
                v.prescription_valid_until,
                today,
            )
        )
    return out


def due_of_card(
    s: repo.Unit,
    today: date,
    citizen: CitizenDTO,
    versions: Iterable[repo.VersionInForce],
) -> list[RenewalDTO]:
    """:func:`due_in` of a citizen with one card, from every version of its lines read already
    (the card's): the same rows in the same order, without reading the versions again; the
    open requests are read only when a prescription is due."""
    until = today + timedelta(days=renewals_sql.DUE_WITHIN_DAYS)
    due = [
        v
        for v in repo.in_force(versions, today)
        if v.status is not LineStatus.DISCONTINUED
        and v.supply is Supply.DOSE_ROLL
        and not v.private
        and v.prescription_valid_until is not None
        and v.prescription_valid_until <= until
    ]
    if not due:
        return []
    asked = set(s.scalars(_asked_statement(), {"lines": sorted({v.line_id for v in due})}))
    due = [v for v in due if v.line_id not in asked]
    products = product_dtos(s, {v.product_id for v in due})
    due.sort(key=lambda v: (v.prescription_valid_until or today, v.id))
    name = full_name(citizen.first_name, citizen.last_name)
    return [
        _due(
            v.line_id,
            citizen.id,
            name,
            citizen.cpr,
            product_label(products[v.product_id].trade_name, products[v.product_id].strength),
            v.prescription_valid_until,
            today,
        )
        for v in due
    ]


def _due(
    line_id: int,
    citizen_id: int,
    name: str,
    cpr: str,
    product: str,
    valid_until: date | None,
    today: date,
) -> RenewalDTO:
    """A prescription due for renewal and not asked for yet (no request: no state, no dates)."""
    return RenewalDTO(
        line_id,
        citizen_id,
        name,
        cpr,
        product,
        valid_until,
        None,
        None,
        None,
        None,
        None,
        renewal_urgency(valid_until, today),
    )


@cache
def _asked_statement() -> Any:
    """The lines among some with an open renewal request (built once, run with the ids)."""
    return select(m.RenewalRequest.line_id).where(
        m.RenewalRequest.line_id.in_(bindparam("lines", expanding=True)),
        m.RenewalRequest.state.in_(("sent", "rejected")),
    )


def request_renewal(ctx: Ctx, line_id: int, note: str = "") -> int:
    """Record that a renewal request was sent to the GP for a line."""
    now = ctx.now()
    with ctx.db.begin() as s:
        line = s.get(m.Line, line_id)
        if line is None:
            raise NotFound("services.renewals.line", line_id=line_id)
        cit = checked_citizen(s, ctx, line.citizen_id)
        if s.scalar(
            select(m.RenewalRequest.id).where(
                m.RenewalRequest.line_id == line_id, m.RenewalRequest.state == "sent"
            )
        ):
            raise RuleViolation("services.renewals.request_already_open")
        r = m.RenewalRequest(
            line_id=line_id,
            citizen_id=line.citizen_id,
            sent_at=now,
            state=RenewalState.SENT.value,
            note=note,
        )
        s.add(r)
        s.flush()
        audit.record(
            s, ctx.actor, now, "renewal.send", "renewal", r.id, cit.id, after={"line": line_id}
        )
        return r.id


def decide_renewal(
    ctx: Ctx,
    request_id: int,
    version: int | None,
    target: RenewalState,
    reason: RejectionReason | None = None,
) -> None:
    """Renewed, rejected (with one of the ten standard reasons) or cancelled. A rejection
    becomes a task for the citizen's team."""
    now = ctx.now()
    with ctx.db.begin() as s:
        r = s.get(m.RenewalRequest, request_id)
        if r is None:
            raise NotFound("services.renewals.renewal", request_id=request_id)
        cit = checked_citizen(s, ctx, r.citizen_id)
        if version is not None and version != r.version_id:
            raise ConflictError(
                "services.renewals.renewal_changed_meanwhile", changed={"state": (None, r.state)}
            )
        before = r.state
        new = renewal_transition(RenewalState(r.state), target, reason)
        r.state = new.value
        r.rejection_reason = reason.value if reason else None
        r.decided_at = now
        if new is RenewalState.REJECTED and reason is not None:
            s.add(
                m.Task(
                    citizen_id=cit.id,
                    team_id=cit.team_id,
                    kind="renewal_rejected",
                    text=f"Receptfornyelse afvist: {REJECTION_REASON[reason]}",
                    created_at=now,
                    renewal_id=r.id,
                )
            )
        s.flush()
        audit.record(
            s,
            ctx.actor,
            now,
            "renewal.decide",
            "renewal",
            r.id,
            cit.id,
            before={"state": before},
            after={"state": r.state, "reason": r.rejection_reason},
        )


__all__ = ["decide_renewal", "renewals", "request_renewal"]
