"""Lists across citizens: the change queue, double-prescription flags, renewals, citizen search.

Everything here is set-based SQL with indexes; Python only shapes the rows of one page (or, for
flags, applies the domain rule to the few citizens the SQL found candidates for).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeAlias

from sqlalchemy import and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import Select

from dosisdesk.domain.doubles import Acknowledgement, detect_double_prescriptions, open_flags
from dosisdesk.domain.errors import InvalidInput, NotFound, RuleViolation
from dosisdesk.domain.renewals import transition as renewal_transition
from dosisdesk.domain.text import danish_sort_key
from dosisdesk.domain.types import (
    SEVERITY_RANK,
    ChangeKind,
    ChangeState,
    DoubleFlag,
    RejectionReason,
    RenewalState,
    Role,
    Severity,
    Supply,
)
from dosisdesk.services import audit
from dosisdesk.services.changes import check_access, citizen_by_cpr
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import FlagDTO, QueueRow, RenewalDTO
from dosisdesk.storage import models as m
from dosisdesk.storage import repo

AnySelect: TypeAlias = Select[*tuple[Any, ...]]

# ---------------------------------------------------------------------------
# Teams and users
# ---------------------------------------------------------------------------


def team_id(session: Session, name: str | None) -> int | None:
    if not name:
        return None
    # Teams are few; compare in Python, since SQLite's lower() only folds ASCII ("Team Øst").
    wanted = name.strip().casefold()
    tid = next((t.id for t in session.scalars(select(m.Team)) if t.name.casefold() == wanted),
               None)
    if tid is None:
        raise NotFound(f"unknown team {name!r}", f"Teamet »{name}« findes ikke.")
    return tid


def scope_team(ctx: Ctx, requested: int | None) -> int | None:
    """Nurses see their own team only; others see the team they ask for, or all."""
    if ctx.actor.role is Role.NURSE and ctx.actor.team_id is not None:
        return ctx.actor.team_id
    return requested


# ---------------------------------------------------------------------------
# The queue
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    team: str | None = None
    pharmacy: str | None = None
    states: tuple[ChangeState, ...] = ()
    acute: bool | None = None
    missed_only: bool = False
    registered_by: str | None = None
    search: str | None = None


def queue_select(s: Session, ctx: Ctx, f: QueueFilter) -> AnySelect:
    reg = aliased(m.User)
    stmt: AnySelect = (
        select(
            m.Change,
            m.Citizen,
            m.Period,
            m.Pharmacy.name,
            m.PackingGroup.name,
            m.Team.name,
            m.Product,
            reg.username,
        )
        .join(m.Citizen, m.Citizen.id == m.Change.citizen_id)
        .join(m.Period, m.Period.id == m.Change.target_period_id)
        .join(m.PackingGroup, m.PackingGroup.id == m.Period.packing_group_id)
        .join(m.Pharmacy, m.Pharmacy.id == m.PackingGroup.pharmacy_id)
        .outerjoin(m.Team, m.Team.id == m.Citizen.team_id)
        .outerjoin(m.Product, m.Product.id == m.Change.product_id)
        .join(reg, reg.id == m.Change.registered_by)
    )
    states = f.states or (ChangeState.REGISTERED, ChangeState.CONFIRMED, ChangeState.LOCKED)
    stmt = stmt.where(m.Change.state.in_([st.value for st in states]),
                      repo.private_change_filter())
    tid = scope_team(ctx, team_id(s, f.team))
    if tid is not None:
        stmt = stmt.where(m.Citizen.team_id == tid)
    if f.pharmacy:
        wanted = f.pharmacy.strip().casefold()
        ids = [p.id for p in s.scalars(select(m.Pharmacy)) if p.name.casefold() == wanted]
        stmt = stmt.where(m.Pharmacy.id.in_(ids))
    if f.acute is not None:
        # An acute change is in effect at once; what waits in the queue is its follow-up.
        acute_related = or_(m.Change.acute.is_(True), m.Change.follow_up_of_id.is_not(None))
        stmt = stmt.where(acute_related if f.acute else ~acute_related)
    if f.missed_only:
        stmt = stmt.where(m.Change.missed_deadlines > 0)
    if f.registered_by:
        stmt = stmt.where(reg.username == f.registered_by)
    if f.search:
        stmt = stmt.where(_citizen_match(f.search))
    return stmt


def queue(ctx: Ctx, f: QueueFilter, *, limit: int = 500, offset: int = 0) -> list[QueueRow]:
    """Changes not yet in effect, next deadline first, grouped by pharmacy and period."""
    from dosisdesk.services.changes import advance

    advance(ctx)
    with ctx.db.begin() as s:
        stmt = (
            queue_select(s, ctx, f)
            .order_by(
                m.Period.deadline,
                m.Pharmacy.name,
                m.PackingGroup.name,
                m.Citizen.sort_key,
                m.Change.id,
            )
            .limit(limit)
            .offset(offset)
        )
        out = []
        for c, cit, per, pharm, group, team, prod, user in s.execute(stmt):
            out.append(
                QueueRow(
                    change_id=c.id,
                    citizen_id=cit.id,
                    citizen_name=f"{cit.first_name} {cit.last_name}",
                    cpr=cit.cpr,
                    team_name=team or "",
                    pharmacy=pharm,
                    packing_group=group,
                    period_first_day=per.first_day,
                    deadline=per.deadline,
                    kind=ChangeKind(c.kind),
                    product_label=f"{prod.trade_name} {prod.strength}" if prod else "",
                    dosage=c.dosage,
                    state=ChangeState(c.state),
                    acute=c.acute or c.follow_up_of_id is not None,
                    follow_up_of=c.follow_up_of_id,
                    missed_deadlines=c.missed_deadlines,
                    registered_at=c.registered_at,
                    registered_by=user,
                    version=c.version_id,
                )
            )
        return out


def queue_count(ctx: Ctx, f: QueueFilter) -> int:
    with ctx.db.begin() as s:
        sub = queue_select(s, ctx, f).with_only_columns(m.Change.id).subquery()
        return int(s.scalar(select(func.count()).select_from(sub)) or 0)


# ---------------------------------------------------------------------------
# Citizens
# ---------------------------------------------------------------------------


def _citizen_match(text: str) -> Any:
    t = text.strip()
    digits = t.replace("-", "").replace(" ", "")
    if digits.isdigit():
        return m.Citizen.cpr.like(f"{digits}%")
    key = danish_sort_key(t)
    parts = [p for p in key.replace("\t", " ").split() if p]
    return and_(*[m.Citizen.sort_key.like(f"%{p}%") for p in parts]) if parts else literal(True)


@dataclass(frozen=True, slots=True)
class CitizenRow:
    id: int
    cpr: str
    name: str
    address: str
    team_name: str
    sort_key: str
    acute_today: bool
    window_open: bool
    paused: bool
    high_flag: bool
    renewal_due: bool


def search_citizens(
    ctx: Ctx, text: str = "", *, team: str | None = None, limit: int = 100, offset: int = 0
) -> list[CitizenRow]:
    """Citizens matching a CPR prefix (with or without the dash) or name parts, in Danish order,
    each with what needs attention. One page per call; the GUI fetches more as it scrolls."""
    now = ctx.now()
    today = now.date()
    with ctx.db.begin() as s:
        stmt = select(m.Citizen, m.Team.name).outerjoin(m.Team, m.Team.id == m.Citizen.team_id)
        tid = scope_team(ctx, team_id(s, team))
        if tid is not None:
            stmt = stmt.where(m.Citizen.team_id == tid)
        if text.strip():
            stmt = stmt.where(_citizen_match(text))
        rows = s.execute(
            stmt.order_by(m.Citizen.sort_key, m.Citizen.id).limit(limit).offset(offset)
        ).all()
        ids = [c.id for c, _ in rows]
        att = _attention(s, ids, now, today)
        return [
            CitizenRow(
                c.id,
                c.cpr,
                f"{c.first_name} {c.last_name}",
                c.address,
                tname or "",
                c.sort_key,
                *att.get(c.id, (False,) * 5),
            )
            for c, tname in rows
        ]


def _attention(
    s: Session, ids: Sequence[int], now: datetime, today: date
) -> dict[int, tuple[bool, bool, bool, bool, bool]]:
    if not ids:
        return {}
    start = datetime.combine(today, datetime.min.time(), tzinfo=now.tzinfo)
    acute = set(
        s.scalars(
            select(m.Change.citizen_id).where(
                m.Change.citizen_id.in_(ids),
                m.Change.acute.is_(True),
                m.Change.registered_at >= start,
                m.Change.state != "cancelled",
            )
        )
    )
    window = set(
        s.scalars(
            select(m.HospitalContact.citizen_id).where(
                m.HospitalContact.citizen_id.in_(ids), m.HospitalContact.responsibility_until > now
            )
        )
    )
    paused = set(
        s.scalars(
            select(m.Card.citizen_id).where(m.Card.citizen_id.in_(ids), m.Card.paused.is_(True))
        )
    )
    high = {f.citizen_id for f in _flags_for(s, ids, today) if f.severity is Severity.HIGH}
    due = set(
        s.scalars(
            _renewal_due_select(today)
            .where(m.LineVersion.citizen_id.in_(ids))
            .with_only_columns(m.LineVersion.citizen_id)
        )
    )
    return {i: (i in acute, i in window, i in paused, i in high, i in due) for i in ids}


# ---------------------------------------------------------------------------
# Double prescriptions (R5)
# ---------------------------------------------------------------------------


def _candidate_citizens(
    s: Session, today: date, citizen_ids: Sequence[int] | None = None, team: int | None = None
) -> list[int]:
    """Citizens with two or more lines of one ATC level-4 group alive from today, at least one
    of them in the roll: a superset of those with a flag, found with one grouped scan (the exact
    rule, overlap and exemptions included, is then applied by the domain to these few)."""
    v = m.LineVersion
    group = func.substr(v.atc, 1, 5)
    stmt = (
        select(v.citizen_id)
        .where(
            v.status == "active",
            or_(v.valid_to.is_(None), and_(v.valid_to > today, v.valid_to > v.valid_from)),
        )
        .group_by(v.citizen_id, group)
        .having(
            func.count(func.distinct(v.line_id)) >= 2,
            func.max(case((v.supply == "dose_roll", 1), else_=0)) == 1,
        )
    )
    if citizen_ids is not None:
        stmt = stmt.where(v.citizen_id.in_(citizen_ids))
    if team is not None:
        stmt = stmt.join(m.Citizen, m.Citizen.id == v.citizen_id).where(m.Citizen.team_id == team)
    return sorted(set(s.scalars(stmt)))


def _acks(s: Session, citizen_ids: Sequence[int]) -> list[tuple[Acknowledgement, m.FlagAck]]:
    out = []
    for chunk in _chunks(list(citizen_ids)):
        for r in s.scalars(
            select(m.FlagAck).where(
                m.FlagAck.citizen_id.in_(chunk), m.FlagAck.kind == "intentional"
            )
        ):
            out.append(
                (
                    Acknowledgement(
                        r.line_a, r.line_b, r.version_a, r.version_b, r.reason or "-", r.until
                    ),
                    r,
                )
            )
    return out


def _flags_for(s: Session, citizen_ids: Sequence[int], today: date) -> list[DoubleFlag]:
    """Open (not acknowledged) flags of some citizens."""
    cands = _candidate_citizens(s, today, citizen_ids)
    if not cands:
        return []
    spans = []
    for chunk in _chunks(cands):
        spans.extend(repo.spans_for_citizens(s, chunk, today))
    flags = detect_double_prescriptions(spans, from_day=today)
    return open_flags(flags, [a for a, _ in _acks(s, cands)], today)


def flags(
    ctx: Ctx,
    *,
    severity: Severity | None = None,
    team: str | None = None,
    include_acknowledged: bool = False,
    cpr: str | None = None,
) -> list[FlagDTO]:
    """Double-prescription flags, most severe first."""
    today = ctx.today()
    with ctx.db.begin() as s:
        only: list[int] | None = None
        if cpr:
            citizen = citizen_by_cpr(s, cpr)
            check_access(ctx, citizen)
            only = [citizen.id]
        tid = scope_team(ctx, team_id(s, team))
        cands = _candidate_citizens(s, today, only, tid)
        spans = []
        for chunk in _chunks(cands):
            spans.extend(repo.spans_for_citizens(s, chunk, today))
        all_flags = detect_double_prescriptions(spans, from_day=today)
        acks = _acks(s, cands)
        open_ = {(f.line_a, f.line_b) for f in open_flags(all_flags, [a for a, _ in acks], today)}
        chosen = [
            f
            for f in all_flags
            if (include_acknowledged or (f.line_a, f.line_b) in open_)
            and (severity is None or f.severity is severity)
        ]
        chosen.sort(key=lambda f: (SEVERITY_RANK[f.severity], f.citizen_id, f.line_a))
        return _flag_dtos(s, chosen, open_, acks)


def _flag_dtos(
    s: Session,
    chosen: list[DoubleFlag],
    open_: set[tuple[int, int]],
    acks: list[tuple[Acknowledgement, m.FlagAck]],
) -> list[FlagDTO]:
    if not chosen:
        return []
    cids = {f.citizen_id for f in chosen}
    citizens = {
        c.id: (c, t)
        for c, t in s.execute(
            select(m.Citizen, m.Team.name)
            .outerjoin(m.Team, m.Team.id == m.Citizen.team_id)
            .where(m.Citizen.id.in_(cids))
        )
    }
    vids = {f.version_a for f in chosen} | {f.version_b for f in chosen}
    versions = {
        v.id: (v, p)
        for v, p in s.execute(
            select(m.LineVersion, m.Product)
            .join(m.Product, m.Product.id == m.LineVersion.product_id)
            .where(m.LineVersion.id.in_(vids))
        )
    }
    ack_reason = {(a.line_a, a.line_b): a.reason for a, _ in acks}
    out = []
    for f in chosen:
        c, team = citizens[f.citizen_id]
        va, pa = versions[f.version_a]
        vb, pb = versions[f.version_b]
        out.append(
            FlagDTO(
                citizen_id=c.id,
                citizen_name=f"{c.first_name} {c.last_name}",
                cpr=c.cpr,
                team_name=team or "",
                severity=f.severity,
                line_a=f.line_a,
                line_b=f.line_b,
                version_a=f.version_a,
                version_b=f.version_b,
                label_a=f"{pa.trade_name} {pa.strength} {va.dosage}".strip(),
                label_b=f"{pb.trade_name} {pb.strength} {vb.dosage}".strip(),
                supply_a=Supply(va.supply),
                supply_b=Supply(vb.supply),
                atc_a=f.atc_a,
                atc_b=f.atc_b,
                overlap_from=f.overlap_from,
                acknowledged=(f.line_a, f.line_b) not in open_,
                ack_reason=ack_reason.get((f.line_a, f.line_b), ""),
            )
        )
    return out


def acknowledge_flag(
    ctx: Ctx,
    line_a: int,
    line_b: int,
    reason: str,
    until: date | None = None,
    *,
    kind: str = "intentional",
) -> None:
    """A coordinator marks a flag intentional (with a reason, optional end) or as sent to the
    doctor. The acknowledgement names the lines' current versions, so a change lapses it."""
    ctx.require_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    if not reason.strip():
        raise InvalidInput("a reason is required", "Skriv en begrundelse.")
    today = ctx.today()
    if until is not None and until < today:
        raise InvalidInput("end date in the past", "Slutdatoen ligger før i dag.")
    a, b = sorted((line_a, line_b))
    with ctx.db.begin() as s:
        line = s.get(m.Line, a)
        if line is None:
            raise NotFound(f"line {a}", f"Linje {a} findes ikke.")
        current = [
            f for f in _all_flags_of(s, line.citizen_id, today) if (f.line_a, f.line_b) == (a, b)
        ]
        if not current:
            raise RuleViolation(
                "no such flag now",
                "Der er ikke længere en dobbeltordination mellem de to linjer. Genindlæs listen.",
            )
        f = current[0]
        s.add(
            m.FlagAck(
                citizen_id=line.citizen_id,
                line_a=a,
                line_b=b,
                version_a=f.version_a,
                version_b=f.version_b,
                kind=kind,
                reason=reason.strip(),
                until=until,
                created_at=ctx.now(),
                created_by=ctx.actor.id,
            )
        )
        s.flush()
        audit.record(
            s,
            ctx.actor,
            ctx.now(),
            f"flag.{kind}",
            "flag",
            a,
            line.citizen_id,
            after={
                "lines": [a, b],
                "severity": f.severity.value,
                "reason": reason.strip(),
                "until": until,
            },
        )


def _all_flags_of(s: Session, citizen_id: int, today: date) -> list[DoubleFlag]:
    spans = repo.spans_for_citizens(s, [citizen_id], today)
    return detect_double_prescriptions(spans, from_day=today)


def flag_history(ctx: Ctx, line_a: int, line_b: int) -> list[tuple[datetime, str, str, str]]:
    a, b = sorted((line_a, line_b))
    with ctx.db.begin() as s:
        return [
            (r.created_at, u, r.kind, r.reason)
            for r, u in s.execute(
                select(m.FlagAck, m.User.username)
                .join(m.User, m.User.id == m.FlagAck.created_by)
                .where(m.FlagAck.line_a == a, m.FlagAck.line_b == b)
                .order_by(m.FlagAck.id)
            )
        ]


# ---------------------------------------------------------------------------
# Renewals (R7)
# ---------------------------------------------------------------------------


def _renewal_due_select(today: date, within: int = 28) -> Select[Any]:
    open_req = exists().where(
        m.RenewalRequest.line_id == m.LineVersion.line_id,
        m.RenewalRequest.state.in_(("sent", "rejected")),
    )
    return select(m.LineVersion).where(
        m.LineVersion.status != "discontinued",
        m.LineVersion.valid_from <= today,
        or_(m.LineVersion.valid_to.is_(None), m.LineVersion.valid_to > today),
        m.LineVersion.supply == "dose_roll",
        m.LineVersion.private.is_(False),
        m.LineVersion.prescription_valid_until.is_not(None),
        m.LineVersion.prescription_valid_until <= today + timedelta(days=within),
        ~open_req,
    )


def renewals(
    ctx: Ctx,
    *,
    due: bool = True,
    team: str | None = None,
    state: RenewalState | None = None,
    cpr: str | None = None,
    limit: int = 1000,
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
            stmt = (
                _renewal_due_select(today)
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
                    RenewalDTO(
                        v.line_id,
                        c.id,
                        f"{c.first_name} {c.last_name}",
                        c.cpr,
                        f"{p.trade_name} {p.strength}",
                        v.prescription_valid_until,
                        None,
                        None,
                        None,
                        None,
                        None,
                    )
                )
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
                        f"{c.first_name} {c.last_name}",
                        c.cpr,
                        f"{p.trade_name} {p.strength}",
                        v.prescription_valid_until,
                        r.id,
                        RenewalState(r.state),
                        RejectionReason(r.rejection_reason) if r.rejection_reason else None,
                        r.sent_at,
                        r.version_id,
                    )
                )
        return out


def request_renewal(ctx: Ctx, line_id: int, note: str = "") -> int:
    """Record that a renewal request was sent to the GP for a line."""
    now = ctx.now()
    with ctx.db.begin() as s:
        line = s.get(m.Line, line_id)
        if line is None:
            raise NotFound(f"line {line_id}", f"Linje {line_id} findes ikke.")
        cit = s.get(m.Citizen, line.citizen_id)
        assert cit is not None
        check_access(ctx, cit)
        if s.scalar(
            select(m.RenewalRequest.id).where(
                m.RenewalRequest.line_id == line_id, m.RenewalRequest.state == "sent"
            )
        ):
            raise RuleViolation(
                "a request is already open", "Der er allerede sendt en receptanmodning for linjen."
            )
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
            raise NotFound(f"renewal {request_id}", f"Receptanmodning {request_id} findes ikke.")
        cit = s.get(m.Citizen, r.citizen_id)
        assert cit is not None
        check_access(ctx, cit)
        if version is not None and version != r.version_id:
            from dosisdesk.domain.errors import ConflictError

            raise ConflictError(
                "renewal changed meanwhile",
                "Anmodningen er ændret af en anden. Genindlæs.",
                changed={"state": (None, r.state)},
            )
        before = r.state
        new = renewal_transition(RenewalState(r.state), target, reason)
        r.state = new.value
        r.rejection_reason = reason.value if reason else None
        r.decided_at = now
        if new is RenewalState.REJECTED and reason is not None:
            from dosisdesk.domain.renewals import rejection_text

            s.add(
                m.Task(
                    citizen_id=cit.id,
                    team_id=cit.team_id,
                    kind="renewal_rejected",
                    text=f"Receptfornyelse afvist: {rejection_text(reason)}",
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


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
