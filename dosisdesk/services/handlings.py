"""Acute changes until the roll carries them (R3): what is in each bag, what to do with it, and
the nurse's signature that it was done.

The rule itself is pure (``domain.bags``); this module feeds it the card's versions and acute
changes, attaches the signed steps, and signs steps (one unit of work, audited).

A step is *open* while it is not done and its bag can still be in the home: until the roll that
carries the change starts (its follow-up's first day; also when the follow-up was cancelled or
replaced: the pharmacy packs that roll anew from the card as it then is). A step without a
follow-up (the roll was not involved) stays open until its bag's day has passed; a step without a
bag (asking the pharmacy) until it is done.

Size: the card's bag facts, read once, and every view made from them (the day's bags, the packed
lines, the acute changes in the roll, the open steps per citizen and per team) and signing a
step; they share the facts and the rule of when a step is open.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from dosisdesk import words
from dosisdesk.domain import bags as rule
from dosisdesk.domain.bags import AcuteFact, BagAction, VersionFact, step_open
from dosisdesk.domain.calendar import utc_naive
from dosisdesk.domain.dosage import format_amount
from dosisdesk.domain.errors import InvalidInput, NotFound, RuleViolation
from dosisdesk.domain.text import full_name, product_label
from dosisdesk.domain.types import BagRef, ChangeKind, HandlingKind, LineStatus, Supply
from dosisdesk.services import audit
from dosisdesk.services.access import hold_products, product_dtos
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import (
    AcuteInRollDTO,
    BagEntryDTO,
    ChangeDTO,
    LineDTO,
    OpenHandlingDTO,
    StepDTO,
    line_dto,
)
from dosisdesk.storage import handlings as handlings_sql
from dosisdesk.storage import models as m
from dosisdesk.storage import repo

#: How far ahead of today the card looks for bags an acute change touches (a roll is at most
#: 28 days; the one after it may be packed already).
_LOOK_AHEAD = timedelta(days=60)


# ---------------------------------------------------------------------------
# Reading the facts of one card
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HandlingRow:
    """An acute change's handling as stored (plain columns: the card reads them without ORM
    objects)."""

    id: int
    change_id: int
    kind: str
    bags: str
    identifiable: bool
    ordinary_until: date | None
    note: str


@dataclass(frozen=True, slots=True)
class StepRow:
    """A handling's step as stored (plain columns)."""

    id: int
    handling_id: int
    change_id: int
    day: date | None
    slot: str | None
    done_at: datetime | None
    done_by: int | None


@dataclass
class CardFacts:
    versions: list[VersionFact]
    rows: dict[int, repo.VersionInForce]  # version id -> every version of the card's lines
    acutes: list[AcuteFact]
    #: the acute changes, plain columns (storage's ``handlings.acute_statement``)
    changes: dict[int, Row[Any]]
    steps: list[StepRow]
    handling_kind: dict[int, HandlingKind]  # handling id -> kind
    #: every handling of the card's changes (any state) by change id, in id order
    handlings_of: dict[int, list[HandlingRow]] = field(default_factory=dict)
    line_dtos: dict[int, LineDTO] = field(default_factory=dict)  # version id -> as packed
    #: the bags of a day as the rule says, by (day, the one line asked for or None for all):
    #: the card asks today's twice (its acute changes and the day view)
    entries: dict[tuple[date, int | None], list[BagEntryDTO]] = field(default_factory=dict)


def card_facts(s: repo.Unit, card_id: int, *, all_handlings: bool = False) -> CardFacts:
    """What the bag rule needs of one card (versions, acute changes, their handlings and steps),
    read once: a caller asking several questions of the same card passes them to each (the
    card also reads its lines of any day from ``rows``: :func:`repo.in_force`).
    ``all_handlings``: ``handlings_of`` holds the handlings of every change of the card (the
    card shows changes with theirs), not only of its acute changes."""
    rows, products = repo.versions_of_cards(s, [card_id])
    hold_products(s, products)  # the card names them: not read again
    versions = [
        VersionFact(
            v.line_id,
            v.id,
            v.valid_from,
            v.dosage,
            v.supply,  # members already (repo._in_force_rows)
            v.status,
            v.change_id,
        )
        for v in rows
        if not v.private
    ]
    # each acute change's columns and the first day of a follow-up (``follow_up_day``)
    acute_rows = repo.core_rows(s, handlings_sql.acute_statement(), {"card_id": card_id}).all()
    changes: dict[int, Row[Any]] = {c.id: c for c in acute_rows}
    handlings_of: dict[int, list[HandlingRow]] = defaultdict(list)
    if all_handlings or changes:
        read = (
            repo.core_rows(s, handlings_sql.card_handlings_statement(), {"card_id": card_id})
            if all_handlings
            else repo.core_rows(s, handlings_sql.handlings_statement(), {"ids": sorted(changes)})
        )
        for r in read:
            h = HandlingRow(*r)
            handlings_of[h.change_id].append(h)
    handlings = [h for i in changes for h in handlings_of.get(i, ())]
    remove: dict[int, set[BagRef]] = defaultdict(set)
    discard: dict[int, set[BagRef]] = defaultdict(set)
    for h in handlings:
        target = (
            remove
            if h.kind == HandlingKind.REMOVE_TABLETS.value
            else (discard if h.kind == HandlingKind.DISCARD_BAGS.value else None)
        )
        if target is not None:
            target[h.change_id].update(BagRef(d, sl) for d, sl in repo.parse_bags(h.bags))
    # the temporary lines an acute change gives from an ordinary pack are lines of this card
    beside = {v.origin_acute_change_id for v in rows if v.origin_acute_change_id in changes}
    acutes = [
        AcuteFact(
            c.id,
            c.line_id,
            c.effective_date,
            c.follow_up_day,
            frozenset(remove[c.id]),
            frozenset(discard[c.id]),
            given_beside=c.id in beside,
        )
        for c in acute_rows
    ]
    steps = (
        [
            StepRow(*r)
            for r in repo.core_rows(s, handlings_sql.steps_statement(), {"ids": sorted(changes)})
        ]
        if changes
        else []
    )
    return CardFacts(
        versions,
        {v.id: v for v in rows},
        acutes,
        changes,
        steps,
        {h.id: HandlingKind(h.kind) for h in handlings},
        dict(handlings_of),
    )


def _names(s: repo.Unit, ids: Iterable[int | None]) -> dict[int, tuple[str, str]]:
    """(login, the person's name) by user id: who signed a bag is shown by name."""
    return repo.user_names(s, (i for i in ids if i is not None))


def _step_dto(
    st: m.HandlingStep | StepRow,
    citizen_id: int,
    kind: HandlingKind,
    names: dict[int, tuple[str, str]],
) -> StepDTO:
    who = names.get(st.done_by) if st.done_by is not None else None
    return StepDTO(
        st.id,
        st.change_id,
        citizen_id,
        kind,
        st.day,
        st.slot,
        st.done_at,
        who[0] if who else None,
        who[1] if who else None,
    )


def _line_dtos(s: repo.Unit, facts: CardFacts, version_ids: set[int]) -> dict[int, LineDTO]:
    """LineDTOs for the given versions (as packed), keyed by version id (each read once per
    CardFacts: the day view asks again for every day an acute change spans)."""
    known = facts.line_dtos
    rows = [facts.rows[v] for v in version_ids if v not in known]
    products = product_dtos(s, (r.product_id for r in rows))
    known.update({r.id: line_dto(r, products[r.product_id]) for r in rows})
    return {v: known[v] for v in version_ids}


def _entries(
    s: repo.Unit,
    facts: CardFacts,
    day: date,
    names: dict[int, tuple[str, str]],
    line_id: int | None = None,
) -> list[BagEntryDTO]:
    """The bags of ``day`` (worked out once per day of the facts; ``names``: those who signed
    the facts' steps, :func:`_names`), of one line's entries only when ``line_id`` is given
    (the rule decides each line's bag entries from that line's versions and the acute changes
    alone)."""
    key = (day, line_id)
    known = facts.entries.get(key)
    if known is None:
        known = facts.entries[key] = _work_out_entries(s, facts, day, names, line_id)
    return known


def _work_out_entries(
    s: repo.Unit,
    facts: CardFacts,
    day: date,
    names: dict[int, tuple[str, str]],
    line_id: int | None = None,
) -> list[BagEntryDTO]:
    versions = (
        facts.versions if line_id is None else [v for v in facts.versions if v.line_id == line_id]
    )
    lines = rule.bag_lines(versions, facts.acutes, day)
    if not lines:
        return []
    by_line: dict[int, list[VersionFact]] = defaultdict(list)
    for v in versions:
        by_line[v.line_id].append(v)
    packed_ids: dict[int, int] = {}
    for bl in lines:
        pv = rule.packed_version(by_line[bl.line_id], facts.acutes, day)
        assert pv is not None
        packed_ids[bl.line_id] = pv.version_id
    dtos = _line_dtos(s, facts, set(packed_ids.values()))
    step_at: dict[tuple[int, HandlingKind, date | None, str | None], StepRow] = {
        (st.change_id, facts.handling_kind[st.handling_id], st.day, st.slot): st
        for st in facts.steps
    }
    # A line's tablets taken out of a bag (signed) are out, even when another acute change
    # later asks for the whole bag to be discarded: the bag no longer holds that line.
    taken_out: dict[tuple[int | None, date | None, str | None], StepRow] = {
        (facts.changes[st.change_id].line_id, st.day, st.slot): st
        for st in facts.steps
        if st.done_at is not None
        and facts.handling_kind[st.handling_id] is HandlingKind.REMOVE_TABLETS
        and st.change_id in facts.changes
    }
    # A bag discarded (signed) is gone with every line in it, whichever of the acute changes
    # that asked for it was signed: the rule names the first of them for the bag.
    discarded: dict[tuple[date | None, str | None], StepRow] = {}
    signed = [st for st in facts.steps if st.done_at is not None]
    for st in sorted(signed, key=lambda st: utc_naive(st.done_at)):  # type: ignore[arg-type]
        if facts.handling_kind[st.handling_id] is HandlingKind.DISCARD_BAGS:
            discarded.setdefault((st.day, st.slot), st)
    out: list[BagEntryDTO] = []
    for bl in lines:
        step = None
        action = bl.action
        if bl.change_id is not None and bl.action in (BagAction.REMOVE, BagAction.DISCARD):
            kind = (
                HandlingKind.REMOVE_TABLETS
                if bl.action is BagAction.REMOVE
                else HandlingKind.DISCARD_BAGS
            )
            step = step_at.get((bl.change_id, kind, bl.day, bl.slot))
            out_already = taken_out.get((bl.line_id, bl.day, bl.slot))
            if (step is None or step.done_at is None) and out_already is not None:
                step, action = out_already, BagAction.REMOVE
            gone = discarded.get((bl.day, bl.slot))
            if (step is None or step.done_at is None) and gone is not None:
                step, action = gone, BagAction.DISCARD
        who = names.get(step.done_by) if step and step.done_by is not None else None
        out.append(
            BagEntryDTO(
                line=dtos[packed_ids[bl.line_id]],
                day=bl.day,
                slot=bl.slot,
                packed=format_amount(bl.packed),
                prescribed=format_amount(bl.prescribed),
                action=action,
                change_id=step.change_id if step else bl.change_id,
                step_id=step.id if step else None,
                done_at=step.done_at if step else None,
                done_by=who[0] if who else None,
                done_by_name=who[1] if who else None,
            )
        )
    return out


# ---------------------------------------------------------------------------
# What the card, the day view and the lists ask
# ---------------------------------------------------------------------------


def day_bags(
    s: repo.Unit, card_id: int, day: date, facts: CardFacts | None = None
) -> list[BagEntryDTO]:
    """The day view of one card: every line in every bag of ``day`` as the roll holds it, with
    what to do per bag and whether it was done (inside the caller's unit of work)."""
    facts = facts or card_facts(s, card_id)
    names = _names(s, (st.done_by for st in facts.steps))
    entries = _entries(s, facts, day, names)
    return [e for e in entries if not e.line.private]


def packed_lines(
    s: repo.Unit, card_id: int, day: date, facts: CardFacts | None = None
) -> dict[int, LineDTO]:
    """The roll lines as the roll holds them on ``day`` where that differs from the card
    (an acute change not carried yet), keyed by line id: the card's current roll shows these."""
    facts = facts or card_facts(s, card_id)
    by_line: dict[int, list[VersionFact]] = defaultdict(list)
    for v in facts.versions:
        by_line[v.line_id].append(v)
    wanted: dict[int, int] = {}
    for line_id, vs in by_line.items():
        if not any(a.line_id == line_id and a.pending_on(day) for a in facts.acutes):
            continue
        pv = rule.packed_version(vs, facts.acutes, day)
        if pv is not None and pv.supply is Supply.DOSE_ROLL and pv.status is LineStatus.ACTIVE:
            wanted[line_id] = pv.version_id
    dtos = _line_dtos(s, facts, set(wanted.values()))
    return {line_id: dtos[vid] for line_id, vid in wanted.items()}


def acutes_in_roll(facts: CardFacts, today: date) -> list[Row[Any]]:
    """The card's acute changes :func:`acute_in_roll` shows (the roll does not carry them yet,
    or steps are still open; none on a private line), in its order."""
    steps_of = _steps_of(facts)
    out: list[Row[Any]] = []
    for a in sorted(facts.acutes, key=lambda a: (a.effective, a.change_id)):
        open_any = any(
            step_open(st.done_at is not None, st.day, a.carried_from, today)
            for st in steps_of[a.change_id]
        )
        if not (a.pending_on(today) or open_any):
            continue
        c = facts.changes[a.change_id]
        if c.line_id is not None and _private_line(facts, c.line_id):
            continue
        out.append(c)
    return out


def acute_in_roll(
    s: repo.Unit,
    card_id: int,
    today: date,
    labels: dict[int, str],
    facts: CardFacts | None = None,
    dtos: Mapping[int, ChangeDTO] | None = None,
) -> tuple[AcuteInRollDTO, ...]:
    """The card's acute changes the roll does not carry yet (or with steps still open), each
    with its steps and the bags it touches from today on. ``dtos``: the changes' DTOs when the
    caller has read them (the card reads all its changes at once)."""
    from dosisdesk.services import change_state
    from dosisdesk.services.changes import change_dtos

    facts = facts or card_facts(s, card_id)
    shown = acutes_in_roll(facts, today)
    if not shown:
        return ()
    if dtos is None or any(c.id not in dtos for c in shown):
        # An acute change is in effect from its registration: its stored state is its state.
        dtos = {d.id: d for d in change_dtos(s, shown, change_state.stored_rows(s, shown))}
    names = _names(s, (st.done_by for st in facts.steps))
    steps_of = _steps_of(facts)
    by_change = {a.change_id: a for a in facts.acutes}
    out: list[AcuteInRollDTO] = []
    for c in shown:
        a = by_change[c.id]
        until = a.carried_from or today
        bags: list[BagEntryDTO] = []
        day = today
        while day < until and day <= today + _LOOK_AHEAD:
            # the change's entries are its own line's, or every line's in a bag it discards
            whole = a.line_id is None or any(b.day == day for b in a.discard)
            of_day = _entries(s, facts, day, names, None if whole else a.line_id)
            bags.extend(e for e in of_day if e.change_id == a.change_id)
            day += timedelta(days=1)
        steps = tuple(
            _step_dto(st, c.citizen_id, facts.handling_kind[st.handling_id], names)
            for st in sorted(
                steps_of[a.change_id],
                key=lambda st: (st.day or date.min, _slot_rank(st.slot), st.id),
            )
        )
        label = labels.get(c.line_id or 0) or (_label_of(s, facts, c.line_id) if c.line_id else "")
        out.append(AcuteInRollDTO(dtos[c.id], label, a.carried_from, steps, tuple(bags)))
    return tuple(out)


def _steps_of(facts: CardFacts) -> dict[int, list[StepRow]]:
    steps_of: dict[int, list[StepRow]] = defaultdict(list)
    for st in facts.steps:
        steps_of[st.change_id].append(st)
    return steps_of


def _private_line(facts: CardFacts, line_id: int) -> bool:
    return any(v.private for v in facts.rows.values() if v.line_id == line_id)


def _label_of(s: repo.Unit, facts: CardFacts, line_id: int) -> str:
    """:func:`line_label` of a line of the card, from its versions already read."""
    versions = [v for v in facts.rows.values() if v.line_id == line_id]
    if not versions:
        return line_label(s, line_id)
    latest = max(versions, key=lambda v: (v.valid_from, v.id))
    p = product_dtos(s, [latest.product_id])[latest.product_id]
    return product_label(p.trade_name, p.strength)


def _slot_rank(slot: str | None) -> int:
    return {"morning": 0, "noon": 1, "evening": 2, "night": 3}.get(slot or "", 4)


def open_by_citizen(
    s: Session, citizen_ids: Sequence[int] | None, today: date, team_id: int | None = None
) -> list[OpenHandlingDTO]:
    """Acute changes with steps still to do, for some citizens (or a team, or everyone)."""
    grouped: dict[int, tuple[m.Change, date | None, list[StepDTO]]] = {}
    for st, kind, c, fu in handlings_sql.open_steps(s, citizen_ids, team_id):
        if not step_open(False, st.day, fu, today):
            continue
        entry = grouped.setdefault(c.id, (c, fu, []))
        entry[2].append(
            StepDTO(
                st.id, st.change_id, c.citizen_id, HandlingKind(kind), st.day, st.slot, None, None
            )
        )
    if not grouped:
        return []
    cit, teams = handlings_sql.citizens_and_teams(
        s, {c.citizen_id for c, _f, _s in grouped.values()}
    )
    labels = handlings_sql.line_labels(
        s, [c.line_id for c, _f, _s in grouped.values() if c.line_id]
    )
    out = []
    for c, carried, steps in grouped.values():
        who = cit[c.citizen_id]
        steps.sort(key=lambda st: (st.day or date.min, _slot_rank(st.slot), st.id))
        out.append(
            OpenHandlingDTO(
                c.id,
                c.citizen_id,
                full_name(who.first_name, who.last_name),
                who.cpr,
                teams.get(who.team_id, "") if who.team_id else "",
                labels.get(c.line_id or 0, ""),
                ChangeKind(c.kind),
                c.effective_date,
                carried,
                tuple(steps),
            )
        )
    out.sort(key=lambda o: (o.effective, o.change_id))
    return out


def line_label(s: repo.Unit, line_id: int) -> str:
    """The drug of one line, as ``Zarator 20 mg``."""
    return handlings_sql.line_labels(s, [line_id]).get(line_id, "")


def open_handlings(ctx: Ctx, team: str | None = None) -> list[OpenHandlingDTO]:
    """The open handlings the acting user may see (a nurse: her team; others: all or a team)."""
    from dosisdesk.services.access import scope_team, team_id

    with ctx.db.begin() as s:
        tid = scope_team(ctx, team_id(s, team))
        return open_by_citizen(s, None, ctx.today(), tid)


# ---------------------------------------------------------------------------
# Signing
# ---------------------------------------------------------------------------


def mark_done(ctx: Ctx, change_id: int, bags: Sequence[BagRef] = ()) -> list[StepDTO]:
    """Sign steps of an acute change's handling as done: the named bags, or every open step.

    A bag the handling did not name, or one already signed, is refused with a Danish sentence and
    nothing is signed (all or nothing). Two nurses signing the same bag at once: the second finds
    it done (the update only touches unsigned rows).
    """
    from dosisdesk.services.access import checked_citizen

    now = ctx.now()
    with ctx.db.begin() as s:
        change = s.get(m.Change, change_id)
        if change is None or not change.acute:
            raise NotFound("services.handlings.acute_change", change_id=change_id)
        checked_citizen(s, ctx, change.citizen_id)
        if change.state == "cancelled":
            raise RuleViolation("services.handlings.change_cancelled", change_id=change_id)
        steps = handlings_sql.steps_of_change(s, change_id)
        kinds = handlings_sql.handling_kinds(s, change_id)
        names = _names(s, (st.done_by for st in steps))
        if bags:
            chosen: list[m.HandlingStep] = []
            for b in bags:
                hits = [st for st in steps if st.day == b.day and st.slot == b.slot]
                if not hits:
                    raise InvalidInput(
                        "services.handlings.bag_not_named_change",
                        b=b,
                        slot=b.slot,
                        change_id=change_id,
                        slot2=_slot_da(b.slot),
                    )
                done = [st for st in hits if st.done_at is not None]
                if len(done) == len(hits):
                    st = done[0]
                    assert st.done_at is not None
                    raise RuleViolation(
                        "services.handlings.bag_already_done",
                        b=b,
                        slot=b.slot,
                        slot2=_slot_da(b.slot),
                        value=names.get(st.done_by or 0, ("?", "?"))[1],
                        done_at=st.done_at,
                    )
                chosen.extend(st for st in hits if st.done_at is None)
        else:
            chosen = [st for st in steps if st.done_at is None]
            if not chosen:
                raise RuleViolation(
                    "services.handlings.change_no_open_handling", change_id=change_id
                )
        ids = sorted({st.id for st in chosen})
        if handlings_sql.sign_steps(s, ids, now, ctx.actor.id) != len(ids):
            from dosisdesk.domain.errors import ConflictError

            raise ConflictError("services.handlings.step_was_signed_someone", changed={})
        audit.record(
            s,
            ctx.actor,
            now,
            "handling.done",
            "change",
            change_id,
            change.citizen_id,
            after={
                "steps": [
                    {"day": st.day, "slot": st.slot, "kind": kinds.get(st.handling_id)}
                    for st in sorted(chosen, key=lambda st: st.id)
                ]
            },
        )
        s.expire_all()
        return [
            StepDTO(
                st.id,
                st.change_id,
                change.citizen_id,
                HandlingKind(kinds[st.handling_id]),
                st.day,
                st.slot,
                now,
                ctx.actor.username,
                ctx.actor.full_name,
            )
            for st in sorted(chosen, key=lambda st: st.id)
        ]


def _slot_da(slot: str) -> str:
    return words.slot_name(slot)


def add_steps(s: Session, handling: m.AcuteHandling) -> None:
    """Create the steps of a freshly added handling (inside the caller's unit of work)."""
    rows = repo.handling_step_rows(
        handling.id, handling.change_id, handling.kind, repo.parse_bags(handling.bags)
    )
    for row in rows:
        s.add(m.HandlingStep(**row))
