"""One citizen's story, step by step into the world's buffers: who they are and where they
live, their cards and lines, hospital contacts, the history and the coming changes, a double
prescription now and then (R5), a temporary line during the supply failure (R8), renewals (R7)
and what the pharmacy packed."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from functools import partial
from itertools import accumulate, pairwise
from typing import Any

from dosisdesk.demo.catalogue import (
    ACK_REASONS,
    FEMALE,
    FIRST_WEIGHTS,
    GROUP_WEIGHTS,
    LAST,
    LAST_WEIGHTS,
    MALE,
    OUTSIDE,
    ROLL,
    STREETS,
    TOWNS,
    canon,
    family,
)
from dosisdesk.demo.contacts import add_contacts
from dosisdesk.demo.history import coming_changes, past_change, recent_acute
from dosisdesk.demo.lines import add_card, add_version, outside_line, roll_line
from dosisdesk.demo.world import AcutePlan, Group, Line, Prod, World
from dosisdesk.domain.cpr import demo_cpr
from dosisdesk.domain.text import name_sort_key
from dosisdesk.domain.types import (
    RejectionReason,
    Supply,
)
from dosisdesk.words import REJECTION_REASON

# Cumulative weights, summed once (``choices`` with ``weights`` sums them on every call; with
# the same sums as ``cum_weights`` it draws exactly the same).
_FIRST_CUM = tuple(accumulate(FIRST_WEIGHTS))
_LAST_CUM = tuple(accumulate(LAST_WEIGHTS))
_GROUP_CUM = tuple(accumulate(GROUP_WEIGHTS))
_OUTSIDE_COUNTS = (1, 2, 3, 4)
_OUTSIDE_CUM = tuple(accumulate((35, 35, 20, 10)))
#: each drug profile's family, worked out once
_ROLL_FAMILIES = tuple(family(p[0]) for p in ROLL)
_OUTSIDE_FAMILIES = tuple(family(p[0]) for p in OUTSIDE)
#: the names' sort keys (the names come from short lists: each pair's key is made once)
_SORT_KEYS: dict[tuple[str, str], str] = {}


def citizen(w: World) -> None:
    """One citizen's story, step by step, into the batch buffers."""
    rng, today, buf = w.rng, w.today, w.buf
    female = rng.random() < 0.62
    first = rng.pick(FEMALE if female else MALE, _FIRST_CUM)
    last = rng.pick(LAST, _LAST_CUM)
    r = rng.random()
    if r < 0.04:
        age = rng.randint(40, 64)
    elif r < 0.19:
        age = rng.randint(65, 74)
    else:
        age = min(104, 75 + int(rng.triangular(0, 28, 9)))
    birth = today - timedelta(days=age * 365 + age // 4 + rng.randint(1, 364))
    k = w.serials.get(birth, 0)
    while True:
        cpr = demo_cpr(birth, k)
        k += 1
        if (int(cpr[9]) % 2 == 0) == female and cpr not in w.cprs:
            break
    w.serials[birth] = k
    w.cprs.add(cpr)
    ti = rng.randrange(len(w.teams))
    team_id = w.teams[ti]
    w.route[team_id] += 1
    street = rng.choice(STREETS)
    pc, town = rng.choice(TOWNS)
    address = f"{street} {rng.randint(1, 120)}"
    if rng.random() < 0.2:
        address += f", {rng.randint(1, 4)}. {rng.choice(('tv', 'th', 'mf'))}"
    address += f", {pc} {town}"
    gp_name, gp_phone = rng.choice(w.gps)
    gp_sor, gp_ean = w.gp_addr[gp_name]
    sort_key = _SORT_KEYS.get((first, last))
    if sort_key is None:
        sort_key = _SORT_KEYS[(first, last)] = name_sort_key(first, last)
    cid = w.add(
        "citizens",
        cpr=cpr,
        first_name=first,
        last_name=last,
        sort_key=sort_key,
        address=address,
        phone=f"{rng.choice((2, 3, 4, 5, 6))}{rng.randint(1000000, 9999999)}"
        if rng.random() < 0.7
        else "",
        team_id=team_id,
        route_order=w.route[team_id],
        gp_name=gp_name,
        gp_phone=gp_phone,
        gp_sor=gp_sor,
        gp_ean=gp_ean,
        birth_date=birth,
        version_id=1,
    )
    nurse = w.nurses[ti][rng.randrange(2)]

    # Cards.
    gi = rng.pick(range(len(w.groups)), _GROUP_CUM)
    cards: list[tuple[int, Group]] = [(add_card(w, cid, gi), w.groups[gi])]
    if rng.random() < 0.01:
        other = rng.choice([i for i in range(len(w.groups)) if i != gi])
        cards.append((add_card(w, cid, other), w.groups[other]))
    card_id, group = cards[0]

    # Lines: roll lines of distinct families, then lines outside the roll.
    lines: list[Line] = []
    families: list[str] = []
    n_roll = min(15, max(3, round(rng.lognormvariate(math.log(7), 0.35))))
    roll_order = w.weighted_order(w.roll_inv)
    lines += _of_new_families(
        roll_order, _ROLL_FAMILIES, n_roll, families, partial(roll_line, w, cid, card_id)
    )
    n_out = rng.pick(_OUTSIDE_COUNTS, _OUTSIDE_CUM)
    out_order = w.weighted_order(w.outside_inv)
    lines += _of_new_families(
        out_order, _OUTSIDE_FAMILIES, n_out, families, partial(outside_line, w, cid, card_id)
    )
    for extra_card, _g in cards[1:]:
        wanted = rng.randint(1, 2)
        order = w.weighted_order(w.roll_inv)
        lines += _of_new_families(
            order, _ROLL_FAMILIES, wanted, families, partial(roll_line, w, cid, extra_card)
        )

    # Hospital contacts (first: an admitted citizen's card is paused).
    admitted_at = add_contacts(w, cid, [c for c, _ in cards])

    # History: changes in each of the last periods at about the rate a period sees now
    # (so the coordinator's figures per period have a history), some acute, some after a
    # missed deadline; and an older one now and then.
    for past_period in group.recent_past:
        if rng.random() < 0.1:
            past_change(w, cid, card_id, group, lines, nurse, past_period)
    if rng.random() < 0.05:
        past_change(w, cid, card_id, group, lines, nurse)

    # What happens now: an acute change today (service), planned changes, or a double.
    role = rng.random()
    if admitted_at is None and w.quota(w.c.acute_planned, 3, w.p_acute):
        w.c.acute_planned += 1
        w.acute.append(
            AcutePlan(
                cid,
                cpr,
                nurse,
                card_id,
                group,
                [ln for ln in lines if ln.card_id == card_id],
                list(families),
                len(w.acute),
            )
        )
    elif admitted_at is None and role < w.p_recent:
        recent_acute(w, cid, card_id, group, lines, nurse)
    elif role < w.p_recent + 0.23:
        coming_changes(w, cid, card_id, group, lines, families, nurse)
    elif role < w.p_recent + 0.26 or w.quota(sum(w.c.doubles_by_kind.values()), 8, 0.0, 0.12):
        double(w, cid, card_id, lines, families)

    # Supply failure: a temporary ordinary line beside the roll for a few citizens.
    sf_id, sf_product, sf_from, sf_to = w.failure
    if w.c.supply_failure_lines < w.sf_cap:
        hit = _line_of(lines, card_id, Supply.DOSE_ROLL, lambda p: p.id == sf_product)
        if hit is not None and rng.random() < 0.08:
            lines.append(supply_failure_line(w, cid, hit, sf_id, sf_from, sf_to))
            w.c.supply_failure_lines += 1

    # Finish the versions: each ends where the next begins.
    line_rows, version_rows = buf["lines"], buf["line_versions"]
    for ln in lines:
        versions = ln.versions
        if len(versions) > 1:
            versions.sort(key=_version_order)
            for a, b in pairwise(versions):
                a["valid_to"] = b["valid_from"]
        versions[-1]["valid_to"] = ln.end
        line_rows.append(
            {
                "id": ln.id,
                "card_id": ln.card_id,
                "citizen_id": cid,
                "origin_acute_change_id": None,
                "supply_failure_id": ln.supply_failure_id,
                "version_id": 1,
            }
        )
        version_rows.extend(versions)

    renewals(w, cid, team_id, lines)
    for cid_card, g in cards:
        packed(
            w,
            [ln for ln in lines if ln.card_id == cid_card],
            g,
            skip_current=admitted_at is not None and admitted_at < g.cur.deadline,
        )


def double(w: World, citizen_id: int, card_id: int, lines: list[Line], families: list[str]) -> None:
    rng = w.rng
    made = sum(w.c.doubles_by_kind.values())
    kinds = ("high", "review_pn", "review_roll", "info")
    kind = kinds[made % 4] if made < 8 else rng.choices(kinds, weights=(35, 25, 20, 20))[0]
    roll = [
        ln
        for ln in lines
        if ln.card_id == card_id
        and ln.supply is Supply.DOSE_ROLL
        and ln.end is None
        and not ln.reserved
        and len(ln.versions) == 1
    ]
    if not roll:
        return
    vf = w.today - timedelta(days=rng.randint(10, 200))
    pair: tuple[Line, Line] | None = None
    if kind == "review_pn":
        pair = _double_pn(w, citizen_id, card_id, lines, families, roll, vf)
    elif kind == "review_roll":
        for a in rng.sample(roll, len(roll)):
            others = [
                p for p in w.by_atc[a.product.atc] if p.dd and p.strength != a.product.strength
            ]
            if others:
                idx = next(i for i, r in enumerate(ROLL) if r[0] == a.product.atc)
                b = roll_line(
                    w, citizen_id, card_id, idx, valid_from=vf, product=rng.choice(others)
                )
                b.versions[0]["dosage"] = canon("0+0+1+0")
                pair = (a, b)
                break
    elif kind == "info":
        for a in rng.sample(roll, len(roll)):
            siblings = [
                p
                for p in w.products
                if p.atc[:5] == a.product.atc[:5] and p.atc != a.product.atc and len(p.atc) == 7
            ]
            if siblings:
                prod = rng.choice(siblings)
                b = Line(w.next_id("lines"), card_id, prod, Supply.ORDINARY, [])
                add_version(w, b, citizen_id, vf, canon("1+0+0+0"))
                pair = (a, b)
                break
    if pair is None:  # "high", and the fallback of the others
        kind = "high"
        a = rng.choice(roll)
        same = [p for p in w.by_atc[a.product.atc] if p.trade != a.product.trade]
        prod = rng.choice(same) if same else a.product
        b = Line(w.next_id("lines"), card_id, prod, Supply.ORDINARY, [])
        add_version(w, b, citizen_id, vf, a.versions[0]["dosage"] or canon("1+0+0+0"))
        pair = (a, b)
    a, b = pair
    for ln in pair:
        ln.reserved = True
        for v in ln.versions:
            v["private"] = False
        if all(x is not ln for x in lines):
            lines.append(ln)
    w.c.doubles_by_kind[kind] += 1
    w.c.flags += 1
    # The first of each kind stays open, so every severity shows in the flag list.
    if w.c.doubles_by_kind[kind] > 1 and rng.random() < 0.35:
        la, lb = sorted((a, b), key=lambda ln: ln.id)
        w.add(
            "flag_acks",
            citizen_id=citizen_id,
            line_a=la.id,
            line_b=lb.id,
            version_a=_today_version(w, la),
            version_b=_today_version(w, lb),
            kind="intentional",
            reason=rng.choice(ACK_REASONS),
            until=None if rng.random() < 0.6 else w.today + timedelta(days=rng.randint(30, 120)),
            created_at=w.minutes_before(w.now, 60, 9 * 24 * 60),
            created_by=rng.choice(w.coordinators),
        )


def _version_order(v: dict[str, Any]) -> tuple[date, int]:
    return v["valid_from"], v["id"]


def _of_new_families(
    order: list[int],
    profile_families: Sequence[str],
    n: int,
    families: list[str],
    make: Callable[[int], Line],
) -> list[Line]:
    """Up to ``n`` lines made from the drug profiles in ``order`` (``profile_families``: each
    profile's family), one per drug family not in ``families`` yet (which gains them)."""
    made: list[Line] = []
    for idx in order:
        if len(made) >= n:
            break
        fam = profile_families[idx]
        if fam in families:
            continue
        families.append(fam)
        made.append(make(idx))
    return made


def _line_of(
    lines: list[Line], card_id: int, supply: Supply, product: Callable[[Prod], bool]
) -> Line | None:
    """The first line of the card with this supply whose product is the one asked for."""
    return next(
        (
            ln
            for ln in lines
            if ln.card_id == card_id and ln.supply is supply and product(ln.product)
        ),
        None,
    )


def _today_version(w: World, line: Line) -> int:
    v = line.version_on(w.today)
    assert v is not None
    return int(v["id"])


def _double_pn(
    w: World,
    citizen_id: int,
    card_id: int,
    lines: list[Line],
    families: list[str],
    roll: list[Line],
    vf: date,
) -> tuple[Line, Line]:
    """Paracetamol in the roll and as needed (REVIEW)."""
    rng = w.rng
    roll_pcm = _line_of(lines, card_id, Supply.DOSE_ROLL, lambda p: p.atc == "N02BE01")
    pn = _line_of(lines, card_id, Supply.AS_NEEDED, lambda p: p.atc == "N02BE01")
    roll_idx = next(i for i, r in enumerate(ROLL) if r[0] == "N02BE01")
    if roll_pcm is None:
        roll_pcm = roll_line(w, citizen_id, card_id, roll_idx, valid_from=vf)
    if pn is None:
        idx = next(
            i for i, o in enumerate(OUTSIDE) if o[0] == "N02BE01" and o[2] is Supply.AS_NEEDED
        )
        brus = [p for p in w.by_atc["N02BE01"] if "Brus" in p.trade]
        pn = outside_line(
            w, citizen_id, card_id, idx, valid_from=vf, product=rng.choice(brus) if brus else None
        )
    if "N02BE" not in families:
        families.append("N02BE")
    return roll_pcm, pn


def supply_failure_line(
    w: World, citizen_id: int, roll_line: Line, sf_id: int, sf_from: date, sf_to: date
) -> Line:
    line = Line(
        w.next_id("lines"),
        roll_line.card_id,
        roll_line.product,
        Supply.ORDINARY,
        [],
        reserved=True,
        supply_failure_id=sf_id,
    )
    cur = roll_line.versions[-1]
    start = sf_from + timedelta(days=w.rng.randint(0, 3))
    add_version(
        w,
        line,
        citizen_id,
        start,
        cur["dosage"] or canon("1+0+0+0"),
        indication="Gives ved siden af rullen pga. leveringssvigt",
    )
    add_version(
        w,
        line,
        citizen_id,
        sf_to + timedelta(days=1),
        cur["dosage"],
        status="discontinued",
        indication="Gives ved siden af rullen pga. leveringssvigt",
    )
    return line


def renewals(w: World, citizen_id: int, team_id: int, lines: list[Line]) -> None:
    rng, today, now = w.rng, w.today, w.now
    soon, far = today + timedelta(days=28), today + timedelta(days=300)
    for ln in lines:
        if ln.supply is not Supply.DOSE_ROLL or ln.end is not None:
            continue
        v = ln.version_on(today)
        if v is None or v["status"] != "active" or v["prescription_valid_until"] is None:
            continue
        until: date = v["prescription_valid_until"]
        due = until <= soon
        if due and w.quota(w.c.rejections, 12, 0.01, 0.5):
            reason = list(RejectionReason)[w.c.rejections % len(RejectionReason)]
            w.c.rejections += 1
            sent = w.minutes_before(now, 5 * 24 * 60, 20 * 24 * 60)
            decided = w.between(sent, w.minutes_before(now, 30, 60))
            rid = _renewal(w, ln.id, citizen_id, sent, "rejected", reason.value, decided, 2)
            w.add(
                "tasks",
                citizen_id=citizen_id,
                team_id=team_id,
                kind="renewal_rejected",
                text=f"Receptfornyelse afvist: {REJECTION_REASON[reason]}",
                created_at=decided,
                done_at=None,
                renewal_id=rid,
            )
        elif due and rng.random() < 0.3:
            _renewal(
                w,
                ln.id,
                citizen_id,
                w.minutes_before(now, 60, 12 * 24 * 60),
                "sent",
                None,
                None,
                1,
            )
        elif not due and until > far and rng.random() < 0.015:
            sent = w.minutes_before(now, 30 * 24 * 60, 300 * 24 * 60)
            _renewal(
                w,
                ln.id,
                citizen_id,
                sent,
                "renewed",
                None,
                w.minutes_after(sent, 600, 4 * 24 * 60),
                2,
            )


def _renewal(
    w: World,
    line_id: int,
    citizen_id: int,
    sent: datetime,
    state: str,
    reason: str | None,
    decided: datetime | None,
    version: int,
) -> int:
    return w.add(
        "renewal_requests",
        line_id=line_id,
        citizen_id=citizen_id,
        sent_at=sent,
        state=state,
        rejection_reason=reason,
        decided_at=decided,
        note="",
        version_id=version,
    )


def packed(w: World, lines: list[Line], group: Group, *, skip_current: bool) -> None:
    rng = w.rng
    periods = [p for p in (group.prev, group.cur) if p is not None]
    if skip_current:
        periods = periods[:1] if group.prev is not None else []
    rows, ids = w.buf["packed_products"], w.ids["packed_products"]
    substitutes = w.substitutes
    for ln in lines:
        if ln.supply is not Supply.DOSE_ROLL:
            continue
        prod = ln.product
        names = substitutes.get((prod.atc, prod.strength)) or [prod.trade]
        name = prod.trade if rng.random() < 0.6 else rng.choice(names)
        for i, p in enumerate(periods):
            v = ln.version_on(p.first_day)
            if v is None or v["status"] != "active" or v["supply"] != "dose_roll":
                continue
            if i > 0 and len(names) > 1 and rng.random() < 0.05:
                name = rng.choice([x for x in names if x != name])
            rows.append({"line_id": ln.id, "period_id": p.id, "trade_name": name, "id": next(ids)})
