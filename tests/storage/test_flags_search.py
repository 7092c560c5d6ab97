"""The double-prescription search (storage.flags, the groups migration 0013 keeps) finds
exactly what the R5 rule finds when it is run on every citizen's spans: the whole database, a
team, one citizen; on several days, with versions that end (a pending change or a stop on
record) on one side of a pair or on both."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from dosisdesk.demo.build import build_demo
from dosisdesk.domain.doubles import (
    Acknowledgement,
    detect_double_prescriptions,
    open_flags,
)
from dosisdesk.domain.types import CPH, SEVERITY_RANK, DoubleFlag, Severity, Supply
from dosisdesk.services import flags
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage import flags as flags_sql
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=CPH)
TODAY = NOW.date()

Key = tuple[int, int, int, int, int, Severity]


def _key(f: Any) -> Key:
    return (f.citizen_id, f.line_a, f.line_b, f.version_a, f.version_b, f.severity)


def _oracle(db: Database, day: Any, citizens: list[int] | None = None) -> list[DoubleFlag]:
    """The rule run on every (or these) citizens' spans: no candidate search."""
    with db.begin() as s:
        ids = citizens if citizens is not None else list(s.scalars(select(m.Citizen.id)))
        spans = flags_sql.spans(s, ids, day)
        acks = [
            Acknowledgement(a.line_a, a.line_b, a.version_a, a.version_b, a.reason, a.until)
            for a in s.scalars(select(m.FlagAck).where(m.FlagAck.kind == "intentional"))
        ]
    return open_flags(detect_double_prescriptions(spans, from_day=day), acks, day)


def _ranked(found: list[DoubleFlag]) -> list[Key]:
    return [
        _key(f)
        for f in sorted(found, key=lambda f: (SEVERITY_RANK[f.severity], f.citizen_id, f.line_a))
    ]


def _end(db: Database, version_ids: list[int], day: Any) -> None:
    """As if a later version were on record: the versions end on ``day``."""
    with db.begin() as s:
        s.execute(
            update(m.LineVersion).where(m.LineVersion.id.in_(version_ids)).values(valid_to=day)
        )


@pytest.fixture
def demo(db: Database) -> Database:
    build_demo(db, citizens=120, seed=5, now=NOW)
    return db


def test_the_search_finds_what_the_rule_finds_on_every_citizen(demo: Database) -> None:
    db = demo
    first = _oracle(db, TODAY)
    assert {f.severity for f in first} == {Severity.HIGH, Severity.REVIEW, Severity.INFO}
    with db.begin() as s:
        current = {
            v.id for v in s.scalars(select(m.LineVersion).where(m.LineVersion.valid_to.is_(None)))
        }
        supply = {v.id: v.supply for v in s.scalars(select(m.LineVersion))}
    with_no_end = [f for f in first if {f.version_a, f.version_b} <= current]
    # a flag whose two versions both end (only "two versions that end" can find it), and one
    # whose version outside the roll ends (a version that ends beside one with no end)
    both, one = with_no_end[0], with_no_end[-1]
    _end(db, [both.version_a, both.version_b], TODAY + timedelta(days=10))
    other = one.version_b if supply[one.version_b] != Supply.DOSE_ROLL.value else one.version_a
    _end(db, [other], TODAY + timedelta(days=5))
    ctx = open_ctx(db, "koord1", fixed_clock(NOW))
    listed = flags.flags(ctx)
    expected = _ranked(_oracle(db, TODAY))
    assert [_key(f) for f in listed] == expected
    assert _key(both) in expected and _key(one) in expected
    for later in (3, 7, 12, 40):
        day = TODAY + timedelta(days=later)
        with db.begin() as s:
            found = flags.flags_in(s, day, None, None)
        assert [_key(f) for f in found] == _ranked(_oracle(db, day)), day
    with db.begin() as s:
        teams = list(s.execute(select(m.Team.id, m.Team.name)))
        by_team = {
            t: list(s.scalars(select(m.Citizen.id).where(m.Citizen.team_id == t)))
            for t, _n in teams
        }
    for tid, name in teams:
        assert [_key(f) for f in flags.flags(ctx, team=name)] == _ranked(
            _oracle(db, TODAY, by_team[tid])
        )
    flagged = sorted({f.citizen_id for f in listed})
    for cid in [*flagged[:5], *sorted(set(by_team[teams[0][0]]) - set(flagged))[:5]]:
        with db.begin() as s:
            one_citizen = flags.flags_in(s, TODAY, [cid], None)
        assert [_key(f) for f in one_citizen] == _ranked(_oracle(db, TODAY, [cid]))


def test_the_list_shows_each_lines_product_dose_and_citizen(demo: Database) -> None:
    ctx = open_ctx(demo, "koord1", fixed_clock(NOW))
    listed = flags.flags(ctx, include_acknowledged=True)
    assert listed and any(f.acknowledged and f.ack_reason for f in listed)
    with demo.begin() as s:
        for f in listed[:: max(1, len(listed) // 15)]:
            z = s.get(m.Citizen, f.citizen_id)
            assert z is not None
            assert (f.citizen_name, f.cpr) == (f"{z.first_name} {z.last_name}", z.cpr)
            team = s.get(m.Team, z.team_id) if z.team_id is not None else None
            assert f.team_name == (team.name if team else "")
            for vid, label, sup in (
                (f.version_a, f.label_a, f.supply_a),
                (f.version_b, f.label_b, f.supply_b),
            ):
                v = s.get(m.LineVersion, vid)
                assert v is not None
                p = s.get(m.Product, v.product_id)
                assert p is not None
                assert label == f"{p.trade_name} {p.strength} {v.dosage}".strip()
                assert sup.value == v.supply


def test_an_acknowledgement_shows_on_every_list_its_citizen_is_on(demo: Database) -> None:
    """The acknowledgements are read beside the candidates (the whole database, a team, some
    citizens): a flag acknowledged now shows as acknowledged, with the newest reason, on each,
    and an older acknowledgement of other versions of the same lines neither holds nor shows."""
    ctx = open_ctx(demo, "koord1", fixed_clock(NOW))
    target = next(f for f in flags.flags(ctx) if f.team_name)
    with demo.begin() as s:
        s.add(
            m.FlagAck(
                citizen_id=target.citizen_id,
                line_a=target.line_a,
                line_b=target.line_b,
                version_a=target.version_a + 100000,
                version_b=target.version_b,
                kind="intentional",
                reason="gammel begrundelse",
                created_at=NOW,
                created_by=ctx.actor.id,
            )
        )
    lists = lambda: {  # noqa: E731
        "all": flags.flags(ctx, include_acknowledged=True),
        "team": flags.flags(ctx, team=target.team_name, include_acknowledged=True),
        "card": flags.flags(ctx, cpr=target.cpr, include_acknowledged=True),
    }
    for name, listed in lists().items():
        row = next(f for f in listed if (f.line_a, f.line_b) == (target.line_a, target.line_b))
        assert not row.acknowledged, name
    flags.acknowledge_flag(ctx, target.line_a, target.line_b, "bevidst dobbelt")
    with demo.begin() as s:
        some = flags.flags_in(s, TODAY, [target.citizen_id, 1, 2], None, include_acknowledged=True)
    for name, listed in [*lists().items(), ("some", some)]:
        row = next(f for f in listed if (f.line_a, f.line_b) == (target.line_a, target.line_b))
        assert (row.acknowledged, row.ack_reason) == (True, "bevidst dobbelt"), name
    assert all((f.line_a, f.line_b) != (target.line_a, target.line_b) for f in flags.flags(ctx))


def test_a_citizen_with_no_team_an_empty_dose_and_a_blank_reason_read_alike_on_every_list(
    demo: Database,
) -> None:
    """The whole database's list, a few citizens' and the card's put a flag's texts together in
    different places (the statement, Python): a citizen with no team shows "" as the team, a
    version with no dose its product and strength alone, and an acknowledgement on record with
    a blank reason "-" as its reason, on each."""
    ctx = open_ctx(demo, "koord1", fixed_clock(NOW))
    target = flags.flags(ctx)[0]
    with demo.begin() as s:
        s.execute(update(m.Citizen).where(m.Citizen.id == target.citizen_id).values(team_id=None))
        s.execute(
            update(m.LineVersion).where(m.LineVersion.id == target.version_a).values(dosage="")
        )
        s.add(
            m.FlagAck(
                citizen_id=target.citizen_id,
                line_a=target.line_a,
                line_b=target.line_b,
                version_a=target.version_a,
                version_b=target.version_b,
                kind="intentional",
                reason="",
                created_at=NOW,
                created_by=ctx.actor.id,
            )
        )
        v = s.get(m.LineVersion, target.version_a)
        assert v is not None
        p = s.get(m.Product, v.product_id)
        assert p is not None
        label = f"{p.trade_name} {p.strength}"
    with demo.begin() as s:
        some = flags.flags_in(s, TODAY, [target.citizen_id, 1, 2], None, include_acknowledged=True)
    lists = {
        "all": flags.flags(ctx, include_acknowledged=True),
        "card": flags.flags(ctx, cpr=target.cpr, include_acknowledged=True),
        "some": some,
    }
    for name, listed in lists.items():
        row = next(f for f in listed if (f.line_a, f.line_b) == (target.line_a, target.line_b))
        assert (row.team_name, row.label_a, row.acknowledged, row.ack_reason) == (
            "",
            label,
            True,
            "-",
        ), name
        assert row.citizen_name == target.citizen_name, name
    assert all((f.line_a, f.line_b) != (target.line_a, target.line_b) for f in flags.flags(ctx))
