"""The dose card of one citizen, today and as each coming roll will be (R1, R2, R8)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dosisdesk.domain.periods import period_containing
from dosisdesk.domain.substitution import new_appearance
from dosisdesk.domain.types import (
    OPEN_CHANGE_STATES,
    LineStatus,
    PeriodDTO,
    Supply,
)
from dosisdesk.services import audit, change_state, contacts, flags, handlings, renewals
from dosisdesk.services.access import card_of, check_access, citizen_by_cpr, product_dto
from dosisdesk.services.changes import change_dto
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import (
    BagEntryDTO,
    CardView,
    ChangeDTO,
    CitizenDTO,
    LineDTO,
    PauseDTO,
    PeriodColumn,
)
from dosisdesk.storage import models as m
from dosisdesk.storage import repo


def citizen_dto(s: Session, c: m.Citizen) -> CitizenDTO:
    team = s.get(m.Team, c.team_id) if c.team_id else None
    return CitizenDTO(
        c.id,
        c.cpr,
        c.first_name,
        c.last_name,
        c.address,
        c.phone,
        c.team_id,
        team.name if team else "",
        c.route_order,
        c.gp_name,
        c.gp_phone,
        c.birth_date,
        c.version_id,
    )


def lines_on(
    s: Session,
    card_ids: list[int],
    day: date,
    period_id: int | None = None,
    prev_period_id: int | None = None,
    *,
    moved: Mapping[int, date] | None = None,
) -> tuple[list[LineDTO], int]:
    """The lines in force on ``day`` (not discontinued), and how many private ones were left
    out. With period ids, the packed trade name and "new appearance" (R8) are filled in.

    ``moved`` (change id → effective day) are the moves time has made that the queue clock has
    not stored yet (``change_state.moved_days``): the versions of those changes count from
    their new day, so the card agrees with the changes' state at every moment."""
    in_force = repo.versions_at(s, card_ids, day)
    if moved:
        in_force = _with_moves(s, in_force, day, moved)
    versions = [v for v in in_force if v.status is not LineStatus.DISCONTINUED]
    hidden = sum(1 for v in versions if v.private)
    versions = [v for v in versions if not v.private]
    products = {
        p.id: p
        for p in s.scalars(
            select(m.Product).where(m.Product.id.in_({v.product_id for v in versions}))
        )
    }
    packed: dict[tuple[int, int], str] = {}
    if period_id is not None:
        pids = [period_id] + ([prev_period_id] if prev_period_id else [])
        packed = {
            (p.line_id, p.period_id): p.trade_name
            for p in s.scalars(
                select(m.PackedProduct).where(
                    m.PackedProduct.period_id.in_(pids),
                    m.PackedProduct.line_id.in_({v.line_id for v in versions}),
                )
            )
        }
    out = []
    for v in versions:
        now_name = packed.get((v.line_id, period_id)) if period_id else None
        before = packed.get((v.line_id, prev_period_id)) if prev_period_id else None
        out.append(
            LineDTO(
                line_id=v.line_id,
                version_id=v.id,
                card_id=v.card_id,
                product=product_dto(products[v.product_id]),
                dosage=v.dosage,
                supply=v.supply,
                status=v.status,
                valid_from=v.valid_from,
                valid_to=v.valid_to,
                private=v.private,
                prescription_valid_until=v.prescription_valid_until,
                change_id=v.change_id,
                origin_acute_change_id=v.origin_acute_change_id,
                packed_trade_name=now_name,
                new_appearance=new_appearance(before, now_name),
            )
        )
    order = {Supply.DOSE_ROLL: 0, Supply.ORDINARY: 1, Supply.AS_NEEDED: 2}
    out.sort(key=lambda ln: (order[ln.supply], ln.product.trade_name.casefold(), ln.line_id))
    return out, hidden


def _with_moves(
    s: Session, in_force: list[repo.VersionInForce], day: date, moved: Mapping[int, date]
) -> list[repo.VersionInForce]:
    """The versions in force on ``day`` when the changes in ``moved`` start on their new day
    (the latest start on or before the day wins, ties to the newest version, as in storage)."""
    touched = set(
        s.scalars(select(m.LineVersion.line_id).where(m.LineVersion.change_id.in_(moved)))
    )
    if not touched:
        return in_force
    kept = [v for v in in_force if v.line_id not in touched]
    best: dict[int, tuple[date, int, repo.VersionInForce]] = {}
    for v in repo.versions_of_lines(s, touched):
        start = moved.get(v.change_id, v.valid_from) if v.change_id else v.valid_from
        if start <= day and (v.line_id not in best or (start, v.id) > best[v.line_id][:2]):
            best[v.line_id] = (start, v.id, v)
    return kept + [b[2] for b in best.values()]


def card_view(ctx: Ctx, cpr: str, card_id: int | None = None, *, log: bool = True) -> CardView:
    """The card now and in each coming period. Every read is logged in the audit log.

    The changes are shown as they stand now (``change_state``), whether or not the queue clock
    has stored the moves yet; the card's content follows them."""
    now = ctx.now()
    today = now.date()
    with ctx.db.begin() as s:
        citizen = citizen_by_cpr(s, cpr)
        check_access(ctx, citizen)
        card = card_of(s, citizen, card_id)
        group = s.get(m.PackingGroup, card.packing_group_id)
        assert group is not None
        pharmacy = s.get(m.Pharmacy, group.pharmacy_id)
        assert pharmacy is not None
        periods = repo.card_periods(
            s, card, now, from_day=today - timedelta(days=28), to_day=today + timedelta(days=84)
        )
        rows = s.scalars(
            select(m.Change)
            .where(
                repo.private_change_filter(),
                m.Change.card_id == card.id,
                m.Change.state.in_([st.value for st in OPEN_CHANGE_STATES]),
            )
            .order_by(m.Change.effective_date, m.Change.id)
        ).all()
        projected = change_state.project(s, rows, now)
        moved = change_state.moved_days(projected, rows)
        dtos = sorted(
            (change_dto(s, c, projected[c.id]) for c in rows),
            key=lambda d: (d.effective_date, d.id),
        )
        facts = handlings.card_facts(s, card.id)  # the bag rule's facts, read once
        columns = _columns(s, card, periods, today, dtos, moved, facts)
        lines_today, hidden = lines_on(s, [card.id], today, moved=moved)
        open_changes = tuple(d for d in dtos if d.state in OPEN_CHANGE_STATES)
        pause_row = s.scalars(
            select(m.Pause).where(m.Pause.card_id == card.id, m.Pause.resumed_at.is_(None))
        ).first()
        pause = (
            PauseDTO(card.id, pause_row.paused_at, None, pause_row.reason) if pause_row else None
        )
        others = tuple(
            c.id
            for c in s.scalars(
                select(m.Card).where(m.Card.citizen_id == citizen.id, m.Card.id != card.id)
            )
        )
        cdto = citizen_dto(s, citizen)
        # flags, contacts and renewals in the same unit of work (access checked above)
        card_flags = tuple(flags.flags_in(s, today, [citizen.id], None, include_acknowledged=True))
        card_contacts = tuple(contacts.contacts_of(s, citizen.id, now))
        card_renewals = tuple(renewals.due_in(s, today, None, citizen.id))
        labels = {ln.line_id: ln.product.label for col in columns for ln in col.lines}
        labels.update({ln.line_id: ln.product.label for ln in lines_today})
        in_roll = handlings.acute_in_roll(s, card.id, today, labels, facts)
        bags_today = _group(handlings.day_bags(s, card.id, today, facts))
        if log:  # one access entry: today's bags come with the card
            audit.record(s, ctx.actor, now, "card.read", "card", card.id, citizen.id)
    return CardView(
        citizen=cdto,
        card_id=card.id,
        packing_group=group.name,
        pharmacy=pharmacy.name,
        paused=card.paused,
        pause=pause,
        today=today,
        lines_today=tuple(lines_today),
        columns=tuple(columns),
        open_changes=open_changes,
        hidden_private=hidden,
        flags=card_flags,
        contacts=card_contacts,
        renewals=card_renewals,
        other_cards=others,
        bags_today=tuple((at, tuple(items)) for at, items in bags_today),
        acute_in_roll=in_roll,
    )


def _columns(
    s: Session,
    card: m.Card,
    periods: list[PeriodDTO],
    today: date,
    changes: Sequence[ChangeDTO],
    moved: Mapping[int, date],
    facts: handlings.CardFacts,
) -> list[PeriodColumn]:
    """Current period, the next, and, between the next one's deadline and its start, the one
    after: the rolls a nurse must think about."""
    cur = period_containing(periods, today)
    ahead = [p for p in periods if p.first_day > today]
    chosen: list[PeriodDTO] = [cur] if cur else []
    if ahead:
        chosen.append(ahead[0])
        if len(ahead) > 1 and ahead[0].status.value != "planned":
            chosen.append(ahead[1])
    out = []
    for p in chosen:
        idx = periods.index(p)
        prev = periods[idx - 1] if idx > 0 else None
        day = today if p is cur else p.first_day
        lines, _hidden = lines_on(s, [card.id], day, p.id, prev.id if prev else None, moved=moved)
        if p is cur:
            lines = _as_packed(s, card.id, today, lines, facts)
        inside = [c for c in changes if p.first_day <= c.effective_date <= p.last_day]
        inside += _in_effect_in(s, card.id, p)
        inside.sort(key=lambda c: (c.effective_date, c.id))
        out.append(PeriodColumn(p, tuple(lines), tuple(inside), p is cur))
    return out


def _as_packed(
    s: Session, card_id: int, today: date, lines: list[LineDTO], facts: handlings.CardFacts
) -> list[LineDTO]:
    """The current roll as the bags hold it: a roll line an acute change stopped, paused or
    changed today stays with its packed dose until the roll carries the change (R3)."""
    packed = handlings.packed_lines(s, card_id, today, facts)
    if not packed:
        return lines
    out = [packed.pop(ln.line_id, ln) for ln in lines]
    out.extend(packed.values())
    order = {Supply.DOSE_ROLL: 0, Supply.ORDINARY: 1, Supply.AS_NEEDED: 2}
    out.sort(key=lambda ln: (order[ln.supply], ln.product.trade_name.casefold(), ln.line_id))
    return out


def _in_effect_in(s: Session, card_id: int, p: PeriodDTO) -> list[ChangeDTO]:
    """The changes stored in effect in a period (time never takes a change out of that state;
    the open ones are projected by the caller)."""
    rows = s.scalars(
        select(m.Change)
        .where(
            repo.private_change_filter(),
            m.Change.card_id == card_id,
            m.Change.state == "in_effect",
            m.Change.effective_date >= p.first_day,
            m.Change.effective_date <= p.last_day,
        )
        .order_by(m.Change.effective_date, m.Change.id)
    ).all()
    return [change_dto(s, c, change_state.stored_row(s, c), full=False) for c in rows]


def _moves_of_card(s: Session, card_id: int, now: datetime) -> dict[int, date]:
    """The moves time has made on a card's changes that are not stored yet."""
    rows = s.scalars(
        select(m.Change).where(
            m.Change.card_id == card_id, m.Change.state == "registered", m.Change.acute.is_(False)
        )
    ).all()
    return change_state.moved_days(change_state.project(s, rows, now), rows)


def card_on(ctx: Ctx, cpr: str, day: date, card_id: int | None = None) -> tuple[list[LineDTO], int]:
    """The card of any past or future day (history is kept as versions)."""
    with ctx.db.begin() as s:
        citizen = citizen_by_cpr(s, cpr)
        check_access(ctx, citizen)
        card = card_of(s, citizen, card_id)
        result = lines_on(s, [card.id], day, moved=_moves_of_card(s, card.id, ctx.now()))
        audit.record(
            s, ctx.actor, ctx.now(), "card.read", "card", card.id, citizen.id, after={"day": day}
        )
        return result


def bags_on(ctx: Ctx, cpr: str, day: date) -> list[tuple[str, list[BagEntryDTO]]]:
    """The day view: for each intake time, the lines in that bag as the roll holds them, with
    what an acute change not yet in the roll asks of the bag and whether it was done (R3)."""
    with ctx.db.begin() as s:
        citizen = citizen_by_cpr(s, cpr)
        check_access(ctx, citizen)
        card = card_of(s, citizen)
        entries = handlings.day_bags(s, card.id, day)
        audit.record(
            s, ctx.actor, ctx.now(), "card.read", "card", card.id, citizen.id, after={"day": day}
        )
    return _group(entries)


def _group(entries: list[BagEntryDTO]) -> list[tuple[str, list[BagEntryDTO]]]:
    """Bag entries by intake time, in intake order."""
    slots: dict[str, list[BagEntryDTO]] = {}
    for e in entries:
        slots.setdefault(e.slot, []).append(e)
    order = {"morning": 0, "noon": 1, "evening": 2, "night": 3}
    return sorted(slots.items(), key=lambda kv: (order.get(kv[0], 4), kv[0]))
