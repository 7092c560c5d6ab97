"""R5: double-prescription detection, acknowledgements and the open list."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dosisdesk.domain.doubles import (
    Acknowledgement,
    acknowledgement_holds,
    detect_double_prescriptions,
    double_pairs_on_days,
    open_flags,
    pair_severity,
    span_row,
)
from dosisdesk.domain.errors import RuleViolation
from dosisdesk.domain.types import SEVERITY_RANK, DoubleFlag, LineSpan, LineStatus, Severity, Supply

D0 = date(2025, 11, 3)
PARACETAMOL = "N02BE01"
METAMIZOLE = "N02BB02"  # other group (N02BB)
ASA_N02BA = "N02BA01"
FUROSEMIDE = "C03CA01"
BUMETANIDE = "C03CA02"  # same level 4 as furosemide


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def span(
    line: int,
    supply: Supply,
    atc: str = PARACETAMOL,
    *,
    version: int | None = None,
    citizen: int = 1,
    start: int = 0,
    end: int | None = None,
    status: LineStatus = LineStatus.ACTIVE,
    **kw: object,
) -> LineSpan:
    return LineSpan(
        line_id=line,
        version_id=version if version is not None else line * 100,
        citizen_id=citizen,
        atc=atc,
        supply=supply,
        status=status,
        valid_from=day(start),
        valid_to=None if end is None else day(end),
        **kw,  # type: ignore[arg-type]
    )


def detect(*spans: LineSpan, from_day: date = D0) -> list[DoubleFlag]:
    return detect_double_prescriptions(spans, from_day=from_day)


# --- severities -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("supply_a", "supply_b", "expected"),
    [
        (Supply.DOSE_ROLL, Supply.ORDINARY, Severity.HIGH),
        (Supply.ORDINARY, Supply.DOSE_ROLL, Severity.HIGH),
        (Supply.DOSE_ROLL, Supply.AS_NEEDED, Severity.REVIEW),
        (Supply.AS_NEEDED, Supply.DOSE_ROLL, Severity.REVIEW),
        (Supply.DOSE_ROLL, Supply.DOSE_ROLL, Severity.REVIEW),
        (Supply.ORDINARY, Supply.ORDINARY, None),
        (Supply.ORDINARY, Supply.AS_NEEDED, None),
        (Supply.AS_NEEDED, Supply.AS_NEEDED, None),
    ],
)
def test_same_substance(supply_a: Supply, supply_b: Supply, expected: Severity | None) -> None:
    flags = detect(span(1, supply_a), span(2, supply_b))
    if expected is None:
        assert flags == []
    else:
        assert [f.severity for f in flags] == [expected]


@pytest.mark.parametrize(
    ("supply_a", "supply_b", "expected"),
    [
        (Supply.DOSE_ROLL, Supply.ORDINARY, Severity.INFO),
        (Supply.AS_NEEDED, Supply.DOSE_ROLL, Severity.INFO),
        (Supply.DOSE_ROLL, Supply.DOSE_ROLL, None),
        (Supply.ORDINARY, Supply.AS_NEEDED, None),
        (Supply.ORDINARY, Supply.ORDINARY, None),
    ],
)
def test_same_group_other_substance(
    supply_a: Supply, supply_b: Supply, expected: Severity | None
) -> None:
    flags = detect(span(1, supply_a, FUROSEMIDE), span(2, supply_b, BUMETANIDE))
    assert [f.severity for f in flags] == ([] if expected is None else [expected])


def test_other_group_is_not_flagged() -> None:
    assert (
        detect(span(1, Supply.DOSE_ROLL, PARACETAMOL), span(2, Supply.ORDINARY, METAMIZOLE)) == []
    )
    assert detect(span(1, Supply.DOSE_ROLL, ASA_N02BA), span(2, Supply.ORDINARY, METAMIZOLE)) == []


def test_atc_codes_compared_trimmed_and_uppercase_and_only_full_codes() -> None:
    [flag] = detect(span(1, Supply.DOSE_ROLL, " n02be01"), span(2, Supply.ORDINARY, "N02BE01 "))
    assert flag.severity is Severity.HIGH
    assert (flag.atc_a, flag.atc_b) == (PARACETAMOL, PARACETAMOL)
    # A level-4 code alone is not a substance: it matches nothing.
    assert detect(span(1, Supply.DOSE_ROLL, "N02BE"), span(2, Supply.ORDINARY, "N02BE")) == []
    assert detect(span(1, Supply.DOSE_ROLL, "N02BE"), span(2, Supply.ORDINARY, PARACETAMOL)) == []
    assert pair_severity("", Supply.DOSE_ROLL, "", Supply.ORDINARY) is None


def test_flag_fields() -> None:
    [flag] = detect(
        span(7, Supply.ORDINARY, start=3, end=20),
        span(4, Supply.DOSE_ROLL, start=-10, end=12),
        from_day=day(0),
    )
    assert flag == DoubleFlag(
        citizen_id=1,
        line_a=4,
        line_b=7,
        version_a=400,
        version_b=700,
        severity=Severity.HIGH,
        atc_a=PARACETAMOL,
        atc_b=PARACETAMOL,
        overlap_from=day(3),
        overlap_to=day(12),
    )


def test_overlap_from_is_clamped_to_from_day_and_open_end_is_none() -> None:
    [flag] = detect(span(1, Supply.DOSE_ROLL, start=-30), span(2, Supply.ORDINARY, start=-5))
    assert flag.overlap_from == D0
    assert flag.overlap_to is None


# --- what does not count ---------------------------------------------------------------------


def test_non_overlapping_half_open_spans_are_ignored() -> None:
    # Line 1's last day is day 9; line 2 starts on day 10.
    assert detect(span(1, Supply.DOSE_ROLL, end=10), span(2, Supply.ORDINARY, start=10)) == []
    # One shared day is enough.
    [flag] = detect(span(1, Supply.DOSE_ROLL, end=11), span(2, Supply.ORDINARY, start=10))
    assert (flag.overlap_from, flag.overlap_to) == (day(10), day(11))


def test_overlap_only_before_from_day_is_ignored() -> None:
    spans = (span(1, Supply.DOSE_ROLL, start=-20, end=-3), span(2, Supply.ORDINARY, start=-10))
    assert detect(*spans) == []
    assert len(detect(*spans, from_day=day(-4))) == 1


@pytest.mark.parametrize("status", [LineStatus.PAUSED, LineStatus.DISCONTINUED])
def test_paused_and_discontinued_lines_are_ignored(status: LineStatus) -> None:
    assert detect(span(1, Supply.DOSE_ROLL), span(2, Supply.ORDINARY, status=status)) == []
    assert detect(span(1, Supply.DOSE_ROLL, status=status), span(2, Supply.ORDINARY)) == []


def test_paused_version_then_active_version_flags_from_the_active_one() -> None:
    flags = detect(
        span(1, Supply.DOSE_ROLL),
        span(2, Supply.ORDINARY, version=21, end=5, status=LineStatus.PAUSED),
        span(2, Supply.ORDINARY, version=22, start=5),
    )
    assert [(f.version_b, f.overlap_from) for f in flags] == [(22, day(5))]


def test_empty_span_is_ignored() -> None:
    assert detect(span(1, Supply.DOSE_ROLL), span(2, Supply.ORDINARY, start=4, end=4)) == []


def test_different_citizens_and_same_line_are_not_paired() -> None:
    assert detect(span(1, Supply.DOSE_ROLL, citizen=1), span(2, Supply.ORDINARY, citizen=2)) == []
    assert (
        detect(
            span(1, Supply.DOSE_ROLL, version=1, end=5),
            span(1, Supply.ORDINARY, version=2, start=3),
        )
        == []
    )


def test_supply_failure_line_is_not_a_double() -> None:
    assert detect(span(1, Supply.DOSE_ROLL), span(2, Supply.ORDINARY, supply_failure=True)) == []


# --- the acute-change exemption --------------------------------------------------------------


def acute_line(
    end: int | None, follow_up: int | None = 14, supply: Supply = Supply.ORDINARY
) -> LineSpan:
    return span(
        2,
        supply,
        start=1,
        end=end,
        origin_acute_change_id=99,
        follow_up_effective=None if follow_up is None else day(follow_up),
    )


def test_acute_bridge_ending_when_follow_up_takes_effect_is_not_flagged() -> None:
    assert detect(span(1, Supply.DOSE_ROLL), acute_line(end=14)) == []
    assert detect(span(1, Supply.DOSE_ROLL), acute_line(end=10)) == []


def test_acute_bridge_running_one_day_past_is_flagged() -> None:
    [flag] = detect(span(1, Supply.DOSE_ROLL), acute_line(end=15))
    assert flag.severity is Severity.HIGH
    assert (flag.overlap_from, flag.overlap_to) == (day(1), day(15))


def test_acute_bridge_without_end_or_known_follow_up_is_flagged() -> None:
    assert len(detect(span(1, Supply.DOSE_ROLL), acute_line(end=None))) == 1
    assert len(detect(span(1, Supply.DOSE_ROLL), acute_line(end=10, follow_up=None))) == 1


def test_exemption_is_for_ordinary_lines_only() -> None:
    [flag] = detect(span(1, Supply.DOSE_ROLL), acute_line(end=14, supply=Supply.AS_NEEDED))
    assert flag.severity is Severity.REVIEW


# --- one flag per pair of lines --------------------------------------------------------------


def test_most_severe_version_pair_wins_over_earlier_one() -> None:
    # Line 2 is as-needed until day 10, then ordinary: REVIEW first, HIGH later.
    flags = detect(
        span(1, Supply.DOSE_ROLL),
        span(2, Supply.AS_NEEDED, version=21, end=10),
        span(2, Supply.ORDINARY, version=22, start=10),
    )
    assert [(f.severity, f.version_b, f.overlap_from, f.overlap_to) for f in flags] == [
        (Severity.HIGH, 22, day(10), None)
    ]


def test_earliest_overlap_wins_among_equal_severity() -> None:
    flags = detect(
        span(1, Supply.DOSE_ROLL, version=12, start=6),
        span(1, Supply.DOSE_ROLL, version=11, end=6),
        span(2, Supply.ORDINARY, start=2),
    )
    assert [(f.version_a, f.overlap_from, f.overlap_to) for f in flags] == [(11, day(2), day(6))]


def test_line_a_is_always_the_smaller_id() -> None:
    [flag] = detect(span(9, Supply.ORDINARY, FUROSEMIDE), span(3, Supply.DOSE_ROLL, BUMETANIDE))
    assert (flag.line_a, flag.line_b, flag.atc_a, flag.atc_b) == (3, 9, BUMETANIDE, FUROSEMIDE)


def test_several_pairs_sorted_by_citizen_and_lines() -> None:
    flags = detect(
        span(5, Supply.DOSE_ROLL, citizen=2),
        span(6, Supply.ORDINARY, citizen=2),
        span(1, Supply.DOSE_ROLL, citizen=1),
        span(2, Supply.DOSE_ROLL, citizen=1),
        span(3, Supply.AS_NEEDED, citizen=1),
    )
    assert [(f.citizen_id, f.line_a, f.line_b, f.severity) for f in flags] == [
        (1, 1, 2, Severity.REVIEW),
        (1, 1, 3, Severity.REVIEW),
        (1, 2, 3, Severity.REVIEW),
        (2, 5, 6, Severity.HIGH),
    ]


# --- acknowledgements ------------------------------------------------------------------------


@pytest.fixture
def flag() -> DoubleFlag:
    [f] = detect(span(1, Supply.DOSE_ROLL), span(2, Supply.ORDINARY))
    return f


def ack_for(f: DoubleFlag, until: date | None = None) -> Acknowledgement:
    return Acknowledgement(
        f.line_a, f.line_b, f.version_a, f.version_b, "Aftalt med egen læge", until
    )


def test_acknowledgement_holds_in_either_order(flag: DoubleFlag) -> None:
    assert acknowledgement_holds(flag, ack_for(flag), D0)
    reversed_ack = Acknowledgement(flag.line_b, flag.line_a, flag.version_b, flag.version_a, "ok")
    assert acknowledgement_holds(flag, reversed_ack, D0)
    crossed = Acknowledgement(flag.line_b, flag.line_a, flag.version_a, flag.version_b, "ok")
    assert not acknowledgement_holds(flag, crossed, D0)


def test_acknowledgement_lapses_when_either_line_changes(flag: DoubleFlag) -> None:
    ack = ack_for(flag)
    assert not acknowledgement_holds(replace(flag, version_a=flag.version_a + 1), ack, D0)
    assert not acknowledgement_holds(replace(flag, version_b=flag.version_b + 1), ack, D0)
    assert not acknowledgement_holds(replace(flag, line_b=42), ack, D0)


def test_acknowledgement_lapses_after_until(flag: DoubleFlag) -> None:
    ack = ack_for(flag, until=day(10))
    assert acknowledgement_holds(flag, ack, day(10))
    assert not acknowledgement_holds(flag, ack, day(11))


def test_acknowledgement_lapses_when_a_new_version_takes_effect() -> None:
    spans = [
        span(1, Supply.DOSE_ROLL, version=11, end=10),
        span(1, Supply.DOSE_ROLL, version=12, start=10),
        span(2, Supply.ORDINARY),
    ]
    [today_flag] = detect_double_prescriptions(spans, from_day=day(0))
    ack = ack_for(today_flag)
    assert open_flags([today_flag], [ack], day(0)) == []
    [later_flag] = detect_double_prescriptions(spans, from_day=day(10))
    assert later_flag.version_a == 12
    assert open_flags([later_flag], [ack], day(10)) == [later_flag]


def test_acknowledgement_needs_a_reason_and_two_lines() -> None:
    with pytest.raises(RuleViolation) as err:
        Acknowledgement(1, 2, 10, 20, "  ")
    assert "begrundelse" in err.value.message
    with pytest.raises(ValueError):
        Acknowledgement(1, 1, 10, 20, "x")


def test_open_flags_sorted_by_severity_then_citizen() -> None:
    flags = detect(
        span(1, Supply.DOSE_ROLL, FUROSEMIDE, citizen=1),
        span(2, Supply.ORDINARY, BUMETANIDE, citizen=1),  # INFO
        span(3, Supply.DOSE_ROLL, citizen=2),
        span(4, Supply.ORDINARY, citizen=2),  # HIGH
        span(5, Supply.DOSE_ROLL, citizen=3),
        span(6, Supply.AS_NEEDED, citizen=3),  # REVIEW
        span(7, Supply.DOSE_ROLL, citizen=0),
        span(8, Supply.ORDINARY, citizen=0),  # HIGH, acknowledged below
    )
    acked = next(f for f in flags if f.citizen_id == 0)
    result = open_flags(reversed(flags), [ack_for(acked)], D0)
    assert [(f.severity, f.citizen_id) for f in result] == [
        (Severity.HIGH, 2),
        (Severity.REVIEW, 3),
        (Severity.INFO, 1),
    ]
    # The acknowledgement has ended: the flag is open again and first.
    result = open_flags(flags, [ack_for(acked, until=D0)], day(1))
    assert [(f.severity, f.citizen_id) for f in result][:2] == [
        (Severity.HIGH, 0),
        (Severity.HIGH, 2),
    ]


# --- properties ------------------------------------------------------------------------------

ATCS = [PARACETAMOL, METAMIZOLE, FUROSEMIDE, BUMETANIDE, "N02BE", "C03CA"]


@st.composite
def span_sets(draw: st.DrawFn) -> list[LineSpan]:
    n = draw(st.integers(0, 9))
    result = []
    for i in range(n):
        start = draw(st.integers(-5, 15))
        length = draw(st.one_of(st.none(), st.integers(0, 12)))
        acute = draw(st.booleans())
        result.append(
            LineSpan(
                line_id=draw(st.integers(1, 4)),
                version_id=i,
                citizen_id=draw(st.integers(1, 2)),
                atc=draw(st.sampled_from(ATCS)),
                supply=draw(st.sampled_from(list(Supply))),
                status=draw(st.sampled_from(list(LineStatus))),
                valid_from=day(start),
                valid_to=None if length is None else day(start + length),
                origin_acute_change_id=1 if acute else None,
                follow_up_effective=day(draw(st.integers(0, 20))) if acute else None,
                supply_failure=draw(st.booleans()),
            )
        )
    return result


def _counts(s: LineSpan) -> bool:
    exempt = (
        s.supply is Supply.ORDINARY
        and s.origin_acute_change_id is not None
        and s.follow_up_effective is not None
        and s.valid_to is not None
        and s.valid_to <= s.follow_up_effective
    )
    return not s.supply_failure and not exempt


def reference(
    spans: list[LineSpan], from_day: date
) -> dict[tuple[int, int, int], tuple[Severity, date]]:
    """Day by day: for each pair of lines the most severe day, then the earliest such day."""
    horizon = day(40)
    result: dict[tuple[int, int, int], tuple[Severity, date]] = {}
    d = from_day
    while d < horizon:
        active = [s for s in spans if s.active_on(d) and _counts(s)]
        for a in active:
            for b in active:
                if a.citizen_id != b.citizen_id or a.line_id >= b.line_id:
                    continue
                sev = pair_severity(a.atc, a.supply, b.atc, b.supply)
                if sev is None:
                    continue
                key = (a.citizen_id, a.line_id, b.line_id)
                old = result.get(key)
                if old is None or SEVERITY_RANK[sev] < SEVERITY_RANK[old[0]]:
                    result[key] = (sev, d)
        d += timedelta(days=1)
    return result


@settings(max_examples=150, deadline=None, database=None)
@given(span_sets(), st.integers(-3, 10))
def test_matches_day_by_day_reference(spans: list[LineSpan], offset: int) -> None:
    from_day = day(offset)
    flags = detect_double_prescriptions(spans, from_day=from_day)
    got = {(f.citizen_id, f.line_a, f.line_b): (f.severity, f.overlap_from) for f in flags}
    assert got == reference(spans, from_day)
    for f in flags:
        assert f.line_a < f.line_b
        # The reported versions are both active on overlap_from.
        by_version = {(s.line_id, s.version_id): s for s in spans}
        assert by_version[(f.line_a, f.version_a)].active_on(f.overlap_from)
        assert by_version[(f.line_b, f.version_b)].active_on(f.overlap_from)


@settings(max_examples=100, deadline=None, database=None)
@given(span_sets(), st.randoms(use_true_random=False))
def test_flags_do_not_depend_on_input_order(spans: list[LineSpan], rnd: random.Random) -> None:
    shuffled = list(spans)
    rnd.shuffle(shuffled)
    assert detect(*spans) == detect(*shuffled)


@settings(max_examples=100, deadline=None, database=None)
@given(span_sets())
def test_no_flag_for_lines_never_both_active(spans: list[LineSpan]) -> None:
    for f in detect(*spans):
        both = [
            d
            for d in (D0 + timedelta(days=i) for i in range(40))
            if any(s.line_id == f.line_a and s.active_on(d) for s in spans)
            and any(s.line_id == f.line_b and s.active_on(d) for s in spans)
        ]
        assert both and both[0] <= f.overlap_from


@settings(max_examples=200, deadline=None, database=None)
@given(span_sets(), st.lists(st.integers(-8, 30), max_size=9))
def test_pairs_on_days_are_the_rule_run_on_each_day(
    spans: list[LineSpan], offsets: list[int]
) -> None:
    """The figures' series in one pass: on each day exactly the flags (severity and versions)
    the rule finds on the spans in force that day, from that day; days in any order."""
    days = [day(n) for n in offsets]
    got = double_pairs_on_days([span_row(sp) for sp in spans], days)
    assert len(got) == len(days)
    for d, found in zip(days, got, strict=True):
        in_force = [
            sp for sp in spans if sp.valid_from <= d and (sp.valid_to is None or d < sp.valid_to)
        ]
        expected = {
            (f.citizen_id, f.line_a, f.line_b): (
                SEVERITY_RANK[f.severity],
                f.version_a,
                f.version_b,
            )
            for f in detect_double_prescriptions(in_force, from_day=d)
        }
        assert found == expected
