"""Ordination changes (R2, R3): register planned and acute changes, confirm, cancel, and let time
move the queue (missed deadlines, locking, taking effect).

How a change reaches the card: every change writes line versions valid from its effective date
(a planned change from its target period's first day), linked to the change. The card of any day
is then "the versions in force that day"; cancelling a change deletes its versions; moving a
change past a missed deadline moves its versions with it.

Acute changes take effect today. When the roll is involved they also create their follow-up: the
same change planned for the next period, so the roll itself becomes right. Medicine that must be
given before the roll carries it (a new drug, or a new dose after the bags were discarded) is given
from an ordinary pack on a temporary line that ends when the follow-up takes effect; that line is
exempt from the double-prescription rule as long as it ends on time (R5).

Size: registering planned and acute changes, confirming, cancelling and the change DTO. The
acute path shares the content derivation and the version writing with the planned one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dosisdesk import words
from dosisdesk.domain import invariants as inv
from dosisdesk.domain import queue as q
from dosisdesk.domain.calendar import format_moment, time_between
from dosisdesk.domain.conflicts import ConflictChoice, QueuedChange, check_choice
from dosisdesk.domain.dosage import format_dosage, parse_dosage
from dosisdesk.domain.errors import (
    ConflictError,
    InvalidDosage,
    InvalidInput,
    NotFound,
    RuleViolation,
)
from dosisdesk.domain.periods import days_before_roll, period_containing
from dosisdesk.domain.types import (
    OPEN_CHANGE_STATES,
    BagRef,
    ChangeKind,
    ChangeState,
    HandlingKind,
    IfWaited,
    LineStatus,
    PeriodDTO,
    Role,
    Supply,
)
from dosisdesk.services import audit, handlings
from dosisdesk.services.access import (
    card_of,
    check_access,
    checked_citizen,
    citizen_by_cpr,
    product_dtos,
)
from dosisdesk.services.catalogue import resolve_product
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ChangeDTO, HandlingDTO, TransitionDTO
from dosisdesk.services.queue_clock import advance
from dosisdesk.storage import models as m
from dosisdesk.storage import queue as queue_sql
from dosisdesk.storage import repo
from dosisdesk.storage.errors import retrying

# ---------------------------------------------------------------------------
# Requests and previews
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HandlingRequest:
    kind: HandlingKind
    bags: tuple[BagRef, ...] = ()
    identifiable: bool = False
    note: str = ""


@dataclass(frozen=True)
class ChangeRequest:
    cpr: str
    kind: ChangeKind
    line_id: int | None = None
    product: str | None = None  # ATC code, product id ("#12") or trade name
    dosage: str | None = None
    supply: Supply | None = None
    source: str = ""
    received_at: datetime | None = None
    acute: bool = False
    reason: str = ""
    doctor: str = ""
    handlings: tuple[HandlingRequest, ...] = field(default_factory=tuple)
    card_id: int | None = None
    private: bool = False
    prescription_valid_until: date | None = None
    supply_failure_id: int | None = None  # a new line given beside the roll because of it (R8)
    # FMK's own dosage text kept as it is (a dosage that does not map onto the notation): only
    # beside the roll or as needed, never in the roll (the pharmacy packs from the notation)
    dosage_is_text: bool = False
    #: When the line already has open changes for the same roll: the explicit choice, and the
    #: ids of the queued changes it was made about (see domain.conflicts).
    conflict_choice: ConflictChoice | None = None
    conflict_with: tuple[int, ...] = ()
    #: The order's first day ("fra 15. december"): the change targets the first roll starting
    #: on or after it whose deadline is ahead; None: the next roll.
    wanted_from: date | None = None


@dataclass(frozen=True)
class Landing:
    """Where a planned change lands (shown before saving) and what waiting means (acute form)."""

    period_id: int
    first_day: date
    last_day: date
    deadline: datetime
    first_bag: tuple[date, str] | None
    if_waited: IfWaited
    current_period_first: date | None
    current_period_last: date | None
    #: The days the order is wanted before its roll starts (bags handled or manual dispensing).
    days_before_roll: tuple[date, date] | None = None


# ---------------------------------------------------------------------------
# Content of the new version
# ---------------------------------------------------------------------------


def _derive(session: Session, req: ChangeRequest, base: m.LineVersion | None) -> dict[str, Any]:
    """The content the line has after the change, checked against what it had before."""
    kind = req.kind
    if kind is ChangeKind.NEW:
        if base is not None:
            raise InvalidInput("services.changes.new_ordination_no_existing")
        if not req.product:
            raise InvalidInput("services.changes.new_ordination_needs_drug")
        product = resolve_product(session, req.product)
        supply = req.supply or Supply.DOSE_ROLL
        dosage = _dosage_text(req.dosage, supply, as_text=req.dosage_is_text)
        content: dict[str, Any] = dict(
            product_id=product.id,
            atc=product.atc,
            dosage=dosage,
            supply=supply.value,
            status=LineStatus.ACTIVE.value,
            private=req.private,
            prescription_valid_until=req.prescription_valid_until,
        )
        _check_dispensable(product, supply)
        return content
    if base is None:
        raise NotFound("services.changes.line_no_content_that")
    content = repo.version_content(base)
    status = LineStatus(base.status)
    if status is LineStatus.DISCONTINUED:
        raise RuleViolation("services.changes.line_discontinued")
    if kind is ChangeKind.DOSE_CHANGE:
        if req.product:
            product = resolve_product(session, req.product)
            content.update(product_id=product.id, atc=product.atc)
            _check_dispensable(product, Supply(base.supply))
        new = _dosage_text(req.dosage, Supply(base.supply), as_text=req.dosage_is_text)
        if _same_dosage(new, base.dosage) and not req.product:
            raise InvalidInput("services.changes.new_dosage_equals_current", new=new)
        content["dosage"] = new
    elif kind is ChangeKind.DISCONTINUE:
        content["status"] = LineStatus.DISCONTINUED.value
    elif kind is ChangeKind.SWITCH_SUPPLY:
        if req.supply is None or req.supply.value == base.supply:
            raise InvalidInput("services.changes.switching_supply_needs_different")
        current = session.get(m.Product, base.product_id)
        assert current is not None
        _check_dispensable(current, req.supply)
        content["supply"] = req.supply.value
        if req.dosage:
            content["dosage"] = _dosage_text(req.dosage, req.supply, as_text=req.dosage_is_text)
        elif req.supply is Supply.DOSE_ROLL and not base.dosage:
            raise InvalidInput("services.changes.roll_line_needs_dosage")
    elif kind is ChangeKind.PAUSE_LINE:
        if status is not LineStatus.ACTIVE:
            raise RuleViolation("services.changes.only_active_line_can")
        content["status"] = LineStatus.PAUSED.value
    elif kind is ChangeKind.RESUME_LINE:
        if status is not LineStatus.PAUSED:
            raise RuleViolation("services.changes.only_paused_line_can")
        content["status"] = LineStatus.ACTIVE.value
    return content


def _dosage_text(text: str | None, supply: Supply, *, as_text: bool = False) -> str:
    if not text or not text.strip():
        if supply is Supply.AS_NEEDED:
            return ""
        raise InvalidInput("services.changes.dosage_required")
    if as_text:
        if supply is Supply.DOSE_ROLL:
            raise RuleViolation("services.changes.dosage_kept_text_cannot")
        return " ".join(text.split())[:200]
    return format_dosage(parse_dosage(text, allow_zero=supply is Supply.AS_NEEDED))


def _same_dosage(new: str, current: str | None) -> bool:
    """The same dosage however it was written ("0,25+0+1+0" stored before ¼ was the notation
    reads as "¼+0+1+0"); a dosage kept as text compares as written."""
    if current is None:
        return False
    if new == current:
        return True
    try:
        return format_dosage(parse_dosage(current, allow_zero=True)) == new
    except InvalidDosage:
        return False


def _check_dispensable(product: m.Product, supply: Supply) -> None:
    if supply is Supply.DOSE_ROLL and not product.dose_dispensable:
        raise RuleViolation("services.changes.cannot_dose_dispensed", trade_name=product.trade_name)


def _add_version(
    session: Session, line: m.Line, content: dict[str, Any], valid_from: date, change_id: int
) -> m.LineVersion:
    v = m.LineVersion(
        line_id=line.id,
        citizen_id=line.citizen_id,
        valid_from=valid_from,
        change_id=change_id,
        **content,
    )
    session.add(v)
    session.flush()
    return v


def record_transition(
    session: Session,
    ctx: Ctx,
    change: m.Change,
    to: ChangeState,
    note: str = "",
    *,
    from_state: ChangeState | None = None,
) -> None:
    """Record that ``change`` went to ``to`` (from ``from_state``), now, by the actor."""
    session.add(
        m.ChangeTransition(
            change_id=change.id,
            from_state=from_state.value if from_state else None,
            to_state=to.value,
            at=ctx.now(),
            by_user_id=ctx.actor.id,
            note=note,
        )
    )


def move_state(
    session: Session,
    ctx: Ctx,
    change: m.Change,
    to: ChangeState,
    note: str,
    action: str,
    *,
    from_state: ChangeState,
    now: datetime,
    after: dict[str, Any] | None = None,
) -> None:
    """A person moves ``change`` from ``from_state`` to ``to``: its state, the transition on
    record (with ``note``) and the audit entry ``action`` (the states before and after, and the
    facts in ``after``)."""
    change.state = to.value
    record_transition(session, ctx, change, to, note, from_state=from_state)
    session.flush()
    audit.record(
        session,
        ctx.actor,
        now,
        action,
        "change",
        change.id,
        change.citizen_id,
        before={"state": from_state.value},
        after={"state": to.value, **(after or {})},
    )


# ---------------------------------------------------------------------------
# The use cases
# ---------------------------------------------------------------------------


def landing(
    ctx: Ctx, cpr: str, card_id: int | None = None, wanted_from: date | None = None
) -> Landing:
    """Where a change registered now would land (from ``wanted_from`` when given), and the
    current roll (for the bag grid)."""
    now = ctx.now()
    with ctx.db.begin() as s:
        citizen = citizen_by_cpr(s, cpr)
        check_access(ctx, citizen)
        card = card_of(s, citizen, card_id)
        periods = repo.group_periods_ahead(s, card.packing_group_id, now)
        tp = (
            q.target_period(periods, now)
            if wanted_from is None
            else q.target_period_from(periods, now, wanted_from)
        )
        cur = period_containing(periods, now.date())
        return Landing(
            period_id=tp.id,
            first_day=tp.first_day,
            last_day=tp.last_day,
            deadline=tp.deadline,
            first_bag=(tp.first_day, "morning"),
            if_waited=q.if_waited(periods, now),
            current_period_first=cur.first_day if cur else None,
            current_period_last=_bags_until(periods, now.date()),
            days_before_roll=days_before_roll(wanted_from, tp.first_day),
        )


def _bags_until(periods: Sequence[m.Period], today: date) -> date | None:
    """The last day whose bags are in the home: the current roll, or the next one once it has
    been delivered."""
    cur = period_containing(periods, today)
    if cur is None:
        return None
    last = cur.last_day
    for p in periods:
        if p.first_day > cur.last_day and p.expected_delivery <= today:
            last = max(last, p.last_day)
    return last


@retrying
def register(
    ctx: Ctx,
    req: ChangeRequest,
    *,
    on_saved: Callable[[Session, m.Change], None] | None = None,
) -> ChangeDTO:
    """Register a planned or an acute change. Returns the change (with its follow-up id).

    ``on_saved`` runs inside the same unit of work once the change is written (accepting an FMK
    proposal marks the proposal with it: both commit or neither does).
    """
    ctx.require_role(Role.NURSE, Role.COORDINATOR, Role.ADMINISTRATOR)
    if req.received_at is not None and req.received_at.tzinfo is None:
        raise ValueError("received_at must be aware")
    advance(ctx)  # a write: time's moves are stored first, so the change meets today's queue
    now = ctx.now()
    _check_request(req, now)
    if req.received_at is not None and time_between(now, req.received_at) > timedelta(minutes=5):
        raise InvalidInput("services.changes.received_future")
    with ctx.db.begin() as s:
        citizen = citizen_by_cpr(s, req.cpr)
        check_access(ctx, citizen)
        line: m.Line | None = None
        if req.line_id is not None:
            line = s.get(m.Line, req.line_id)
            if line is None or line.citizen_id != citizen.id:
                raise NotFound("services.changes.line_not_this_citizen_s", line_id=req.line_id)
            card = s.get(m.Card, line.card_id)
            assert card is not None
        else:
            if req.kind is not ChangeKind.NEW:
                raise InvalidInput("services.changes.change_needs_line")
            card = card_of(s, citizen, req.card_id)
        periods = repo.group_periods_ahead(s, card.packing_group_id, now)
        tp = q.target_period(periods, now)
        if req.wanted_from is not None:
            if req.acute:
                raise InvalidInput("services.changes.acute_change_no_first")
            tp = q.target_period_from(periods, now, req.wanted_from)
        replaced = _settle_conflicts(s, ctx, req, line, tp) if line is not None else []
        for old in replaced:
            _cancel_in(
                s,
                ctx,
                old,
                words.phrase("note.replaced_by", username=ctx.actor.username, at=now),
            )
        if req.acute:
            change = _register_acute(s, ctx, req, citizen, card, line, periods, tp)
        else:
            change = _register_planned(s, ctx, req, citizen, card, line, tp)
        s.flush()
        if on_saved is not None:
            on_saved(s, change)
            s.flush()
        if replaced or req.conflict_choice is ConflictChoice.KEEP_BOTH:
            record_transition(
                s,
                ctx,
                change,
                ChangeState(change.state),
                _conflict_note(req),
                from_state=ChangeState(change.state),
            )
        audit.record(
            s,
            ctx.actor,
            now,
            "change.register",
            "change",
            change.id,
            citizen.id,
            after=dict(_audit_view(change), conflict=_conflict_note(req) or None),
        )
        return change_dto(s, change, now)


def _check_request(req: ChangeRequest, now: datetime) -> None:
    """What a request may hold (``domain.invariants``): moments and days in range, a
    prescription still valid, handlings near today, texts of a sane length."""
    today = now.date()
    if req.received_at is not None:
        inv.check_moment(req.received_at, "modtaget")
    if req.prescription_valid_until is not None:
        inv.check_day(req.prescription_valid_until, words.FIELD["valid_until"])
        if req.prescription_valid_until < today:
            raise InvalidInput(
                "services.changes.prescription_expired",
                prescription_valid_until=req.prescription_valid_until,
            )
    if req.wanted_from is not None:
        inv.check_day(req.wanted_from, words.FIELD["first_day"])
    for h in req.handlings:
        for bag in h.bags:
            if not today - inv.HANDLING_BACK <= bag.day <= today + inv.HANDLING_AHEAD:
                raise InvalidInput(
                    "services.changes.handling",
                    bag=bag,
                    days=inv.HANDLING_BACK.days,
                    days2=inv.HANDLING_AHEAD.days,
                )
    for text, where in ((req.source, "source"), (req.reason, "reason"), (req.doctor, "doctor")):
        inv.check_text(text, words.FIELD[where])


def _conflict_note(req: ChangeRequest) -> str:
    ids = ", ".join(str(i) for i in req.conflict_with)
    if req.conflict_choice is ConflictChoice.REPLACE:
        return words.phrase("note.replaces", ids=ids)
    if req.conflict_choice is ConflictChoice.KEEP_BOTH:
        return words.phrase("note.kept_with", ids=ids)
    return ""


def _settle_conflicts(
    s: Session, ctx: Ctx, req: ChangeRequest, line: m.Line, tp: m.Period
) -> list[m.Change]:
    """The open changes of this line for the same roll must be answered by an explicit choice
    (domain.conflicts). The line row is locked first (PostgreSQL: SELECT ... FOR UPDATE; SQLite's
    unit of work is BEGIN IMMEDIATE), so two nurses at once are served one after the other and
    the second sees the first one's decision. Returns the changes to replace."""
    if s.get_bind().dialect.name != "sqlite":
        s.execute(select(m.Line.id).where(m.Line.id == line.id).with_for_update())
    rows = list(
        s.scalars(
            select(m.Change)
            .where(
                m.Change.line_id == line.id,
                m.Change.target_period_id == tp.id,
                m.Change.state.in_([st.value for st in OPEN_CHANGE_STATES]),
            )
            .order_by(m.Change.id)
        )
    )
    queued = [
        QueuedChange(
            c.id,
            ChangeKind(c.kind),
            ChangeState(c.state),
            c.effective_date,
            c.dosage,
            c.follow_up_of_id,
        )
        for c in rows
    ]
    check_choice(queued, req.conflict_choice, req.conflict_with)
    return rows if req.conflict_choice is ConflictChoice.REPLACE else []


def _cancel_in(s: Session, ctx: Ctx, change: m.Change, reason: str) -> None:
    """Cancel an open change inside the caller's unit of work (its versions leave the card)."""
    state = ChangeState(change.state)
    q.check_transition(state, ChangeState.CANCELLED)
    lines = repo.delete_versions_of_change(s, change.id)
    change.cancel_reason = reason
    move_state(
        s,
        ctx,
        change,
        ChangeState.CANCELLED,
        reason,
        "change.cancel",
        from_state=state,
        now=ctx.now(),
        after={"reason": reason},
    )
    repo.rederive_lines(s, lines)
    repo.recompute_valid_to(s, lines)


def _new_change(
    ctx: Ctx,
    req: ChangeRequest,
    citizen: m.Citizen,
    card: m.Card,
    line: m.Line | None,
    content: dict[str, Any],
    **kw: Any,
) -> m.Change:
    return m.Change(
        citizen_id=citizen.id,
        card_id=card.id,
        line_id=line.id if line else None,
        kind=req.kind.value,
        product_id=content["product_id"],
        dosage=content["dosage"],
        supply=content["supply"],
        source=req.source,
        received_at=req.received_at,
        registered_at=ctx.now(),
        registered_by=ctx.actor.id,
        **kw,
    )


def _new_line(s: Session, req: ChangeRequest, card: m.Card, change: m.Change) -> m.Line:
    """The line a change for a new drug starts (the change then names it)."""
    line = m.Line(
        card_id=card.id, citizen_id=change.citizen_id, supply_failure_id=req.supply_failure_id
    )
    s.add(line)
    s.flush()
    change.line_id = line.id
    return line


def _register_planned(
    s: Session,
    ctx: Ctx,
    req: ChangeRequest,
    citizen: m.Citizen,
    card: m.Card,
    line: m.Line | None,
    tp: m.Period,
) -> m.Change:
    base = repo.version_at(s, line.id, tp.first_day) if line else None
    content = _derive(s, req, base)
    change = _new_change(
        ctx,
        req,
        citizen,
        card,
        line,
        content,
        acute=False,
        target_period_id=tp.id,
        original_period_id=tp.id,
        effective_date=tp.first_day,
        wanted_from=req.wanted_from,
        state=ChangeState.REGISTERED.value,
    )
    s.add(change)
    s.flush()
    if line is None:
        line = _new_line(s, req, card, change)
    _add_version(s, line, content, tp.first_day, change.id)
    repo.rederive_lines(s, [line.id])
    repo.recompute_valid_to(s, [line.id])
    record_transition(s, ctx, change, ChangeState.REGISTERED, req.source)
    return change


def _register_acute(
    s: Session,
    ctx: Ctx,
    req: ChangeRequest,
    citizen: m.Citizen,
    card: m.Card,
    line: m.Line | None,
    periods: Sequence[m.Period],
    tp: m.Period,
) -> m.Change:
    now = ctx.now()
    today = now.date()
    kinds = [h.kind for h in req.handlings]
    q.check_acute(req.reason, req.doctor, kinds)
    bags_first = today
    bags_last = _bags_until(periods, today) or today
    for h in req.handlings:
        q.check_bags(
            h.kind,
            h.bags,
            identifiable=h.identifiable,
            first_allowed=bags_first,
            last_allowed=bags_last,
        )
    base = repo.version_at(s, line.id, today) if line else None
    content = _derive(s, req, base)
    waited = q.if_waited(periods, now)
    cur = period_containing(periods, today)
    change = _new_change(
        ctx,
        req,
        citizen,
        card,
        line,
        content,
        acute=True,
        reason=req.reason.strip(),
        doctor=req.doctor.strip(),
        target_period_id=cur.id if cur else None,
        original_period_id=cur.id if cur else None,
        effective_date=today,
        state=ChangeState.IN_EFFECT.value,
        if_waited_first_day=waited.period_first_day,
        if_waited_deadline=waited.deadline,
    )
    s.add(change)
    s.flush()

    new_supply = Supply(content["supply"])
    roll = new_supply is Supply.DOSE_ROLL or (base is not None and base.supply == "dose_roll")
    gives = content["status"] == LineStatus.ACTIVE.value and req.kind in (
        ChangeKind.NEW,
        ChangeKind.RESUME_LINE,
        ChangeKind.DOSE_CHANGE,
    )
    interim = (
        new_supply is Supply.DOSE_ROLL
        and gives
        and (req.kind is not ChangeKind.DOSE_CHANGE or HandlingKind.DISCARD_BAGS in kinds)
    )
    follow: m.Change | None = None
    if roll:
        follow = _new_change(
            ctx,
            req,
            citizen,
            card,
            line,
            content,
            reason=words.phrase("note.follow_up_reason", change_id=change.id),
            doctor=req.doctor.strip(),
            acute=False,
            target_period_id=tp.id,
            original_period_id=tp.id,
            effective_date=tp.first_day,
            state=ChangeState.REGISTERED.value,
            follow_up_of_id=change.id,
        )
        s.add(follow)
        s.flush()
    if line is None:
        line = _new_line(s, req, card, change)
        if follow is not None:
            follow.line_id = line.id
    touched = [line.id]
    ordinary_until: date | None = None
    if interim and follow is not None:
        # Give from an ordinary pack until the roll carries the change.
        temp = m.Line(card_id=card.id, citizen_id=citizen.id, origin_acute_change_id=change.id)
        s.add(temp)
        s.flush()
        _add_version(s, temp, dict(content, supply=Supply.ORDINARY.value), today, change.id)
        _add_version(
            s,
            temp,
            dict(
                content,
                supply=Supply.ORDINARY.value,
                status=LineStatus.DISCONTINUED.value,
            ),
            follow.effective_date,
            follow.id,
        )
        _add_version(s, line, content, follow.effective_date, follow.id)
        touched.append(temp.id)
        ordinary_until = follow.effective_date
    elif (
        req.kind is ChangeKind.SWITCH_SUPPLY
        and new_supply is Supply.DOSE_ROLL
        and follow is not None
    ):
        _add_version(s, line, content, follow.effective_date, follow.id)
    else:
        _add_version(s, line, content, today, change.id)
        if follow is not None and req.conflict_choice is ConflictChoice.KEEP_BOTH:
            # Kept after changes queued for the same roll: the acute decision is the later one,
            # so its follow-up states it again on the roll's first day, after theirs (a later
            # version on the same day wins), or the queued change would win on the roll.
            _add_version(s, line, content, follow.effective_date, follow.id)
    repo.rederive_lines(s, touched)
    repo.recompute_valid_to(s, touched)

    for h in req.handlings:
        handling = m.AcuteHandling(
            change_id=change.id,
            kind=h.kind.value,
            bags=json.dumps([{"day": b.day.isoformat(), "slot": b.slot} for b in h.bags]),
            identifiable=h.identifiable,
            note=h.note,
            ordinary_until=ordinary_until if h.kind is HandlingKind.DISCARD_BAGS else None,
        )
        s.add(handling)
        s.flush()
        handlings.add_steps(s, handling)
        if h.kind is HandlingKind.PAUSE_CARD and not card.paused:
            s.add(
                m.Pause(
                    card_id=card.id,
                    paused_at=now,
                    reason=words.phrase("note.acute_pause", reason=req.reason),
                )
            )
            card.paused = True
    record_transition(s, ctx, change, ChangeState.IN_EFFECT, words.phrase("note.acute"))
    if follow is not None:
        record_transition(
            s,
            ctx,
            follow,
            ChangeState.REGISTERED,
            words.phrase("note.follow_up", change_id=change.id),
        )
    return change


def open_for_update(s: Session, ctx: Ctx, change_id: int, version: int | None) -> m.Change:
    """The change, locked for update, once the actor may see its citizen; a ConflictError
    (who changed it, and what it is now) when ``version`` is not the one it has now."""
    change = s.get(m.Change, change_id, with_for_update=s.get_bind().dialect.name != "sqlite")
    if change is None:
        raise NotFound("services.changes.change", change_id=change_id)
    checked_citizen(s, ctx, change.citizen_id)
    if version is not None and change.version_id != version:
        last = queue_sql.last_transition(s, change_id)
        who = (
            f"{last[1]} {format_moment(last[0].at)}"
            if last
            else words.phrase("changes.someone_else")
        )
        raise ConflictError(
            "services.changes.change_was_changed_someone",
            change_id=change_id,
            state=change.state,
            who_=who,
            state2=ChangeState(change.state),
            changed={"state": (None, change.state)},
        )
    return change


@retrying
def confirm(ctx: Ctx, items: Sequence[tuple[int, int | None]], note: str = "") -> list[ChangeDTO]:
    """Confirm changes (checked in FMK / sent to the doctor or pharmacy): all or none."""
    done: list[m.Change] = []
    with change_work(ctx) as (s, now):
        queue_sql.lock_in_order(s, changes=[i for i, _ in items])
        for change_id, version in items:
            change = open_for_update(s, ctx, change_id, version)
            state = ChangeState(change.state)
            q.check_transition(state, ChangeState.CONFIRMED)
            move_state(
                s,
                ctx,
                change,
                ChangeState.CONFIRMED,
                note,
                "change.confirm",
                from_state=state,
                now=now,
                after={"note": note},
            )
            done.append(change)
        out = change_dtos(s, done, now)  # all at once, after the last write
    return out


@retrying
def cancel(ctx: Ctx, change_id: int, version: int | None, reason: str) -> ChangeDTO:
    """Cancel an open change with a reason; its versions leave the card."""
    if not reason.strip():
        raise InvalidInput("services.changes.cancellation_needs_reason")
    with change_work(ctx) as (s, now):
        queue_sql.lock_in_order(
            s, lines=queue_sql.lines_of_changes(s, [change_id]), changes=[change_id]
        )
        change = open_for_update(s, ctx, change_id, version)
        state = ChangeState(change.state)
        if change.acute and state is ChangeState.IN_EFFECT:
            raise RuleViolation("services.changes.acute_change_effect_cannot")
        _cancel_in(s, ctx, change, reason.strip())
        change = s.get(m.Change, change_id)  # type: ignore[assignment]
        assert change is not None
        return change_dto(s, change, now)


@contextmanager
def change_work(ctx: Ctx) -> Iterator[tuple[Session, datetime]]:
    """The unit of work of a use case that moves changes, and its moment: time's own moves of
    the queue stored first (:func:`advance`), then one transaction; a change someone else saved
    meanwhile makes it a :class:`ConflictError` (:func:`stale_conflict`)."""
    advance(ctx)
    now = ctx.now()
    try:
        with ctx.db.begin() as s:
            yield s, now
    except StaleDataError as e:
        raise stale_conflict(e) from e


def stale_conflict(e: Exception) -> ConflictError:
    """The ConflictError to raise for a StaleDataError (someone else saved at the same time)."""
    return ConflictError("services.changes.concurrent_update", e=str(e), changed={})


# ---------------------------------------------------------------------------
# DTOs
# ---------------------------------------------------------------------------


def _audit_view(c: m.Change) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "line": c.line_id,
        "product": c.product_id,
        "dosage": c.dosage,
        "supply": c.supply,
        "acute": c.acute,
        "state": c.state,
        "effective_date": c.effective_date,
        "wanted_from": c.wanted_from,
        "target_period": c.target_period_id,
    }


def change_dto(
    s: Session, c: m.Change, at: datetime | q.ChangeAt[PeriodDTO], *, full: bool = True
) -> ChangeDTO:
    """The change as it stands at a moment (``at``: the moment, or its state already projected
    to it by :func:`change_state.project`): state, target, effective day and missed deadlines
    are the domain's ``change_at``, never the stored columns as such."""
    return change_dtos(s, [c], {c.id: at} if isinstance(at, q.ChangeAt) else at, full=full)[0]


@cache
def _follow_ups_statement() -> Any:
    """The follow-ups (not cancelled) of some changes (built once, run with the ids)."""
    return select(m.Change.id, m.Change.follow_up_of_id).where(
        m.Change.follow_up_of_id.in_(bindparam("ids", expanding=True)),
        m.Change.state != "cancelled",
    )


def _follow_ups(s: repo.Unit, ids: Sequence[int]) -> dict[int, int]:
    """Each change's first follow-up not cancelled, by change id (of those that have one)."""
    out: dict[int, int] = {}
    for part in repo.chunks(ids):
        for fid, of in repo.core_rows(s, _follow_ups_statement(), {"ids": part}):
            if of is not None:
                out[of] = min(fid, out.get(of, fid))
    return out


@cache
def _transitions_statement() -> Any:
    """Some changes' transitions with who made them, in order (built once, run with the ids)."""
    return (
        select(
            m.ChangeTransition.change_id,
            m.ChangeTransition.from_state,
            m.ChangeTransition.to_state,
            m.ChangeTransition.at,
            m.ChangeTransition.note,
            m.User.username,
            m.User.full_name,
        )
        .join(m.User, m.User.id == m.ChangeTransition.by_user_id)
        .where(m.ChangeTransition.change_id.in_(bindparam("ids", expanding=True)))
        .order_by(m.ChangeTransition.id)
    )


def change_dtos(
    s: repo.Unit,
    rows: Sequence[m.ChangeRow],
    at: datetime | Mapping[int, q.ChangeAt[PeriodDTO]],
    *,
    full: bool = True,
    handlings: Mapping[int, Sequence[handlings.HandlingRow]] | None = None,
    known: Mapping[int, m.ChangeRow] | None = None,
    follow_ups: Mapping[int, int] | None = None,
) -> list[ChangeDTO]:
    """:func:`change_dto` of many changes, in ``rows``' order, read set-based: the products,
    the registering users, the follow-ups, the acute changes followed up and (``full``) the
    handlings and transitions of all of them in one query each, whatever their number. ``at``:
    the moment, or each change's state already projected to it (by id). ``handlings``: every
    handling of the rows' changes by change id, when the caller has read them (the card reads
    its changes' handlings once for the bag rule). ``known``: changes the caller has read (the
    acute changes the rows follow up are looked up there first). ``follow_ups``: each row's
    first follow-up not cancelled (by id; none for a row without one), when the caller read them
    with the rows (:func:`repo.first_follow_up`)."""
    from dosisdesk.services import change_state

    if not rows:
        return []
    projected = at if isinstance(at, Mapping) else change_state.project(s, rows, at)
    ids = sorted({c.id for c in rows})
    products = product_dtos(s, (c.product_id for c in rows if c.product_id))
    users = repo.user_names(s, (c.registered_by for c in rows))
    followed = {c.follow_up_of_id for c in rows if c.follow_up_of_id}
    acutes: dict[int, m.ChangeRow] = {i: known[i] for i in followed if known and i in known}
    acutes.update(repo.by_id(s, m.Change, followed - acutes.keys()))
    if follow_ups is None:
        follow_ups = _follow_ups(s, ids)
    handling_dtos: dict[int, list[HandlingDTO]] = defaultdict(list)
    transitions: dict[int, list[TransitionDTO]] = defaultdict(list)
    if full:
        for part in repo.chunks(ids):
            read = (
                repo.core_rows(  # plain columns by the attributes' names
                    s,
                    select(*m.AcuteHandling.__table__.c)
                    .where(m.AcuteHandling.change_id.in_(part))
                    .order_by(m.AcuteHandling.id),
                )
                if handlings is None
                else sorted((h for i in part for h in handlings.get(i, ())), key=lambda h: h.id)
            )
            for h in read:
                handling_dtos[h.change_id].append(
                    HandlingDTO(
                        HandlingKind(h.kind),
                        repo.parse_bags(h.bags),
                        h.identifiable,
                        h.ordinary_until,
                        h.note,
                    )
                )
            read_t = repo.core_rows(s, _transitions_statement(), {"ids": part})
            for change_id, from_state, to_state, at_, note, name, full_name in read_t:
                transitions[change_id].append(
                    TransitionDTO(
                        ChangeState(from_state) if from_state else None,
                        ChangeState(to_state),
                        at_,
                        name,
                        note,
                        full_name,
                    )
                )
    out = []
    for c in rows:
        now = projected[c.id]
        product = products.get(c.product_id) if c.product_id else None
        user = users.get(c.registered_by)
        acute = acutes.get(c.follow_up_of_id) if c.follow_up_of_id is not None else None
        out.append(
            ChangeDTO(
                id=c.id,
                citizen_id=c.citizen_id,
                card_id=c.card_id,
                line_id=c.line_id,
                kind=ChangeKind(c.kind),
                product=product,
                dosage=c.dosage,
                supply=Supply(c.supply) if c.supply else None,
                acute=c.acute,
                reason=c.reason,
                doctor=c.doctor,
                source=c.source,
                received_at=c.received_at,
                registered_at=c.registered_at,
                registered_by=user[0] if user else "?",
                target_period=now.target,
                effective_date=now.effective_date,
                state=now.state,
                missed_deadlines=now.missed_deadlines,
                follow_up_of_id=c.follow_up_of_id,
                follow_up_id=follow_ups.get(c.id),
                if_waited_first_day=c.if_waited_first_day,
                if_waited_deadline=c.if_waited_deadline,
                cancel_reason=c.cancel_reason,
                version=c.version_id,
                handlings=tuple(handling_dtos.get(c.id, ())),
                transitions=tuple(transitions.get(c.id, ())),
                follow_up_of_day=acute.effective_date if acute is not None else None,
                wanted_from=c.wanted_from,
                registered_by_name=user[1] if user else "?",
            )
        )
    return out


def get(ctx: Ctx, change_id: int) -> ChangeDTO:
    """One change as it stands now (the read itself writes nothing; it is logged after)."""
    with ctx.db.read() as s:
        c = s.get(m.Change, change_id)
        if c is None:
            raise NotFound("services.changes.change", change_id=change_id)
        checked_citizen(s, ctx, c.citizen_id)
        dto = change_dto(s, c, ctx.now())
    with ctx.db.begin() as w:  # the read is logged in a unit of its own (reads write nothing)
        audit.record(w, ctx.actor, None, "change.read", "change", dto.id, dto.citizen_id)
    return dto


__all__ = [
    "ChangeRequest",
    "HandlingRequest",
    "Landing",
    "cancel",
    "change_work",
    "confirm",
    "get",
    "landing",
    "move_state",
    "open_for_update",
    "record_transition",
    "register",
    "stale_conflict",
]
