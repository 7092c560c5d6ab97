"""The dose card of one citizen, today and as each coming roll will be (R1, R2, R8)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, bindparam, or_, select
from sqlalchemy.orm import Session

from dosisdesk.domain.pause import PauseSpan
from dosisdesk.domain.periods import period_containing
from dosisdesk.domain.substitution import new_appearance
from dosisdesk.domain.types import (
    OPEN_CHANGE_STATES,
    ChangeState,
    LineStatus,
    PeriodDTO,
    Supply,
)
from dosisdesk.services import audit, change_state, contacts, flags, handlings, renewals
from dosisdesk.services.access import (
    CardRow,
    card_of,
    check_access,
    citizen_and_cards,
    citizen_by_cpr,
    product_dtos,
)
from dosisdesk.services.changes import change_dtos
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import (
    BagEntryDTO,
    CardView,
    ChangeDTO,
    CitizenDTO,
    LineDTO,
    PauseDTO,
    PeriodColumn,
    line_dto,
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
    s: repo.Unit,
    card_ids: list[int],
    day: date,
    period_id: int | None = None,
    prev_period_id: int | None = None,
    *,
    moved: Mapping[int, date] | None = None,
    versions: Sequence[repo.VersionInForce] | None = None,
    packed: Mapping[tuple[int, int], str] | None = None,
    made: dict[tuple[int, str | None, bool], LineDTO] | None = None,
) -> tuple[list[LineDTO], int]:
    """The lines in force on ``day`` (not discontinued), and how many private ones were left
    out. With period ids, the packed trade name and "new appearance" (R8) are filled in.

    ``moved`` (change id → effective day) are the moves time has made that the queue clock has
    not stored yet (``change_state.moved_days``): the versions of those changes count from
    their new day, so the card agrees with the changes' state at every moment.

    A caller showing the cards on several days passes every version of their lines
    (``versions``, :func:`repo.versions_of_cards`) and the packed trade names of the periods
    (``packed``, :func:`_packed_names`): then nothing more is read but products not read yet.
    ``made``: the lines made for other days of the same unit of work (a card shows the same
    version with the same packed name in several columns), by (version, packed name, new
    appearance); those made here are added."""
    if versions is None:
        in_force = repo.versions_at(s, card_ids, day)
    else:
        in_force = repo.in_force(versions, day)
    if moved:
        in_force = _with_moves(s, in_force, day, moved, versions)
    shown = [v for v in in_force if v.status is not LineStatus.DISCONTINUED]
    hidden = sum(1 for v in shown if v.private)
    shown = [v for v in shown if not v.private]
    products = product_dtos(s, (v.product_id for v in shown))
    if period_id is not None and packed is None:
        pids = [period_id] + ([prev_period_id] if prev_period_id else [])
        packed = _packed_names(s, pids, m.PackedProduct.line_id.in_({v.line_id for v in shown}))
    packed = packed or {}
    made = {} if made is None else made
    out = []
    for v in shown:
        now_name = packed.get((v.line_id, period_id)) if period_id else None
        before = packed.get((v.line_id, prev_period_id)) if prev_period_id else None
        looks_new = new_appearance(before, now_name)
        dto = made.get((v.id, now_name, looks_new))
        if dto is None:
            dto = made[v.id, now_name, looks_new] = line_dto(
                v,
                products[v.product_id],
                packed_trade_name=now_name,
                new_appearance=looks_new,
            )
        out.append(dto)
    order = {Supply.DOSE_ROLL: 0, Supply.ORDINARY: 1, Supply.AS_NEEDED: 2}
    out.sort(key=lambda ln: (order[ln.supply], ln.product.trade_name.casefold(), ln.line_id))
    return out, hidden


def _packed_names(
    s: repo.Unit, period_ids: Sequence[int], lines: ColumnElement[bool]
) -> dict[tuple[int, int], str]:
    """The trade names packed in some periods, by (line, period), of the ``lines`` chosen."""
    if not period_ids:
        return {}
    return {
        (line_id, period_id): name
        for line_id, period_id, name in s.execute(
            select(
                m.PackedProduct.line_id, m.PackedProduct.period_id, m.PackedProduct.trade_name
            ).where(m.PackedProduct.period_id.in_(period_ids), lines)
        )
    }


def _with_moves(
    s: repo.Unit,
    in_force: list[repo.VersionInForce],
    day: date,
    moved: Mapping[int, date],
    versions: Sequence[repo.VersionInForce] | None = None,
) -> list[repo.VersionInForce]:
    """The versions in force on ``day`` when the changes in ``moved`` start on their new day
    (the latest start on or before the day wins, ties to the newest version, as in storage).
    ``versions``: every version of the card's lines, read already."""
    if versions is None:
        touched = set(
            s.scalars(select(m.LineVersion.line_id).where(m.LineVersion.change_id.in_(moved)))
        )
    else:
        touched = {v.line_id for v in versions if v.change_id in moved}
    if not touched:
        return in_force
    kept = [v for v in in_force if v.line_id not in touched]
    best: dict[int, tuple[date, int, repo.VersionInForce]] = {}
    of_lines = (
        repo.versions_of_lines(s, touched)
        if versions is None
        else [v for v in versions if v.line_id in touched]
    )
    for v in of_lines:
        start = moved.get(v.change_id, v.valid_from) if v.change_id else v.valid_from
        if start <= day and (v.line_id not in best or (start, v.id) > best[v.line_id][:2]):
            best[v.line_id] = (start, v.id, v)
    return kept + [b[2] for b in best.values()]


def card_view(
    ctx: Ctx,
    cpr: str,
    card_id: int | None = None,
    *,
    log: bool = True,
    before_commit: Callable[[CardView], object] | None = None,
) -> CardView:
    """The card now and in each coming period. Every read is logged in the audit log.

    ``before_commit`` is called with the view once the read and its access entry are written,
    before the unit of work commits: the window prepares what it will show (never shows it)
    while the commit is written to disk. The view is the caller's to show only once this
    returns it, committed; an error raised by ``before_commit`` rolls the read back.

    The changes are shown as they stand now (``change_state``), whether or not the queue clock
    has stored the moves yet; the card's content follows them.

    Set-based: every version of the card's lines is read once (the bag rule's facts) and each
    day's lines are picked from them; the changes shown (open, in effect in a column, acute
    ones not in the roll yet) are read with their products, people, follow-ups, handlings and
    transitions in one query each (``change_dtos``); what the unit of work has read of a row it
    keeps (``repo.by_id``, ``repo.unit_info``), and every later read of it finds it there.

    The unit of work is a connection, not an ORM session: every read is of plain columns (the
    session's own work, at its start, per statement and at its commit, was a tenth of the
    read's CPU); the rare step that needs the ORM (laying a group's periods, the renewals of a
    citizen with two cards) has a session in the same transaction (``repo.orm_on``)."""
    now = ctx.now()
    today = now.date()
    # a unit of work on a connection (no ORM session): every read below is of plain columns
    with ctx.db.begin_core() as s:
        # the citizen, access checked, and her cards with their groups' and pharmacies' names
        citizen, card, other_cards = citizen_and_cards(s, ctx, cpr, card_id)
        # id, paused_at, resumed_at, reason: plain columns
        pauses = repo.core_rows(s, _pauses_statement(), {"card_id": card.id}).all()
        periods = repo.card_periods(
            s,
            card,
            now,
            from_day=today - timedelta(days=28),
            to_day=today + timedelta(days=84),
            pauses=[PauseSpan(paused_at, resumed_at) for _id, paused_at, resumed_at, _r in pauses],
        )
        known = repo.as_planned(periods)  # the changes' targets are among them
        chosen = _chosen(periods, today)
        # the open changes and those stored in effect in the columns' days, in one query
        rows, effect_rows = _changes_shown(s, card.id, [p for p, _prev in chosen])
        # the bag rule's facts, read once, with the handlings of every change shown
        facts = handlings.card_facts(s, card.id, all_handlings=bool(rows or effect_rows))
        acute_rows = handlings.acutes_in_roll(facts, today)
        shown = list({c.id: c for c in [*rows, *effect_rows, *acute_rows]}.values())
        # every period, product and person the screen names, read at once (then kept by the
        # unit of work: the reads below find them there)
        targets = {c.target_period_id for c in shown if c.target_period_id}
        repo.by_id(s, m.Period, targets - known.keys())
        projected = change_state.project(s, rows, now, known)
        moved = change_state.moved_days(projected, rows)
        product_dtos(
            s,
            {v.product_id for v in facts.rows.values()}
            | {c.product_id for c in shown if c.product_id},
        )
        repo.user_names(
            s, {c.registered_by for c in shown} | {st.done_by for st in facts.steps if st.done_by}
        )
        states = {**change_state.stored_rows(s, [*effect_rows, *acute_rows], known), **projected}
        # the handlings of the changes shown came with the bag rule's facts: not read again
        dtos = {
            d.id: d
            for d in change_dtos(
                s,
                shown,
                states,
                handlings=facts.handlings_of,
                known=facts.changes,
                # read with the changes: no statement of their own
                follow_ups={c.id: c.first_follow_up_id for c in shown if c.first_follow_up_id},
            )
        }
        open_dtos = sorted((dtos[c.id] for c in rows), key=lambda d: (d.effective_date, d.id))
        versions = list(facts.rows.values())
        made: dict[tuple[int, str | None, bool], LineDTO] = {}  # lines shown on several days
        columns = _columns(
            s, card, chosen, today, open_dtos, effect_rows, dtos, moved, facts, versions, made
        )
        lines_today, hidden = lines_on(
            s, [card.id], today, moved=moved, versions=versions, made=made
        )
        open_changes = tuple(d for d in open_dtos if d.state in OPEN_CHANGE_STATES)
        open_pauses = [p for p in pauses if p.resumed_at is None]
        pause_row = min(open_pauses, key=lambda p: p.id) if open_pauses else None
        pause = (
            PauseDTO(card.id, pause_row.paused_at, None, pause_row.reason) if pause_row else None
        )
        # flags, contacts and renewals in the same unit of work (access checked above)
        card_flags = tuple(flags.flags_in(s, today, [citizen.id], None, include_acknowledged=True))
        card_contacts = tuple(contacts.contacts_of(s, citizen, now))
        card_renewals = tuple(
            renewals.due_in(s, today, None, citizen.id)
            if other_cards  # the versions read are those of this card
            else renewals.due_of_card(s, today, citizen, versions)
        )
        # each line's label once (of its product in the last place it is shown)
        shown_products = {ln.line_id: ln.product for col in columns for ln in col.lines}
        shown_products.update({ln.line_id: ln.product for ln in lines_today})
        labels = {line_id: p.label for line_id, p in shown_products.items()}
        in_roll = handlings.acute_in_roll(s, card.id, today, labels, facts, dtos)
        bags_today = _group(handlings.day_bags(s, card.id, today, facts))
        if log:  # one access entry: today's bags come with the card
            audit.record(s, ctx.actor, now, "card.read", "card", card.id, citizen.id)
        view = CardView(
            citizen=citizen,
            card_id=card.id,
            packing_group=card.group_name,
            pharmacy=card.pharmacy_name,
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
            other_cards=tuple(c.id for c in other_cards),
            bags_today=tuple((at, tuple(items)) for at, items in bags_today),
            acute_in_roll=in_roll,
        )
        if before_commit is not None:
            before_commit(view)
    return view


def _chosen(periods: list[PeriodDTO], today: date) -> list[tuple[PeriodDTO, PeriodDTO | None]]:
    """Current period, the next, and, between the next one's deadline and its start, the one
    after: the rolls a nurse must think about (each with the period before it)."""
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
        out.append((p, periods[idx - 1] if idx > 0 else None))
    return out


def _columns(
    s: repo.Unit,
    card: CardRow,
    chosen: list[tuple[PeriodDTO, PeriodDTO | None]],
    today: date,
    changes: Sequence[ChangeDTO],
    in_effect: Sequence[m.ChangeRow],
    dtos: Mapping[int, ChangeDTO],
    moved: Mapping[int, date],
    facts: handlings.CardFacts,
    versions: Sequence[repo.VersionInForce],
    made: dict[tuple[int, str | None, bool], LineDTO] | None = None,
) -> list[PeriodColumn]:
    """The columns of the chosen periods: their lines and the changes taking effect in them
    (``in_effect``: the changes stored in effect in their days, shown without handlings and
    transitions; time never takes a change out of that state, the open ones are projected)."""
    cur = period_containing([p for p, _prev in chosen], today)
    spans = [p for p, _prev in chosen] + [prev for _p, prev in chosen if prev]
    # the packed names of the card's lines in the chosen periods and those before them: the
    # periods between the first and the last of them (they are consecutive periods of the
    # card's group) and the card's lines, said in the statement (no list of ids: an expanding
    # IN list is rendered anew at every run); only those of the lines and periods shown are
    # looked up
    packed = (
        {
            (line_id, period_id): name
            for line_id, period_id, name in repo.core_rows(
                s,
                _packed_statement(),
                {
                    "group": card.packing_group_id,
                    "first": min(p.first_day for p in spans),
                    "last": max(p.first_day for p in spans),
                    "card": card.id,
                },
            )
        }
        if spans and versions
        else {}
    )
    out = []
    for p, prev in chosen:
        day = today if p is cur else p.first_day
        lines, _hidden = lines_on(
            s,
            [card.id],
            day,
            p.id,
            prev.id if prev else None,
            moved=moved,
            versions=versions,
            packed=packed,
            made=made,
        )
        if p is cur:
            lines = _as_packed(s, card.id, today, lines, facts)
        inside = [c for c in changes if p.first_day <= c.effective_date <= p.last_day]
        inside += [
            replace(dtos[c.id], handlings=(), transitions=())
            for c in in_effect
            if p.first_day <= c.effective_date <= p.last_day
        ]
        inside.sort(key=lambda c: (c.effective_date, c.id))
        out.append(PeriodColumn(p, tuple(lines), tuple(inside), p is cur))
    return out


def _as_packed(
    s: repo.Unit, card_id: int, today: date, lines: list[LineDTO], facts: handlings.CardFacts
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


def _changes_shown(
    s: repo.Unit, card_id: int, periods: Sequence[PeriodDTO]
) -> tuple[list[Row[Any]], list[Row[Any]]]:
    """The card's open changes, and the changes stored in effect in some periods' days (time
    never takes a change out of that state; the open ones are projected by the caller), each in
    effective-day order."""
    if periods:
        first, last = min(p.first_day for p in periods), max(p.last_day for p in periods)
    else:  # no column: an empty span
        first, last = date.max, date.min
    rows = repo.core_rows(
        s, _changes_shown_statement(), {"card_id": card_id, "first": first, "last": last}
    ).all()
    in_effect = ChangeState.IN_EFFECT.value
    return [c for c in rows if c.state != in_effect], [c for c in rows if c.state == in_effect]


@cache
def _changes_shown_statement() -> Any:
    """:func:`_changes_shown`' query (plain columns by the attributes' names), built once and
    run with the card and the span bound."""
    return (
        select(
            *m.Change.__table__.c,
            repo.first_follow_up().label("first_follow_up_id"),
        )
        .where(
            repo.private_change_filter(),
            m.Change.card_id == bindparam("card_id"),
            or_(
                m.Change.state.in_([st.value for st in OPEN_CHANGE_STATES]),
                and_(
                    m.Change.state == ChangeState.IN_EFFECT.value,
                    m.Change.effective_date >= bindparam("first"),
                    m.Change.effective_date <= bindparam("last"),
                ),
            ),
        )
        .order_by(m.Change.effective_date, m.Change.id)
    )


@cache
def _pauses_statement() -> Any:
    """A card's pauses as plain columns (built once, run with the card)."""
    p = m.Pause
    return select(p.id, p.paused_at, p.resumed_at, p.reason).where(
        p.card_id == bindparam("card_id")
    )


@cache
def _packed_statement() -> Any:
    """The trade names packed for a card's lines in its group's periods starting between two
    days (built once, run with the card, its group and the days)."""
    p, period, line = m.PackedProduct, m.Period, m.Line
    return select(p.line_id, p.period_id, p.trade_name).where(
        p.period_id.in_(
            select(period.id).where(
                period.packing_group_id == bindparam("group"),
                period.first_day >= bindparam("first"),
                period.first_day <= bindparam("last"),
            )
        ),
        p.line_id.in_(select(line.id).where(line.card_id == bindparam("card"))),
    )


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
