"""R8: new appearance and supply failure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dosisdesk.domain.substitution import SupplyFailure, affects, new_appearance
from dosisdesk.domain.types import LineSpan, LineStatus, Supply

D0 = date(2025, 11, 3)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        ("Panodil", "Pamol", True),
        ("Panodil", "panodil", False),
        ("  Panodil 500 mg ", "PANODIL 500 MG", False),
        ("Panodil  500 mg", "Panodil 500 mg", False),
        ('Paracetamol "Orifarm"', "Paracetamol „Orifarm“", False),
        ('Paracetamol "Orifarm"', "Paracetamol “Orifarm”", False),
        ("Paracetamol „Orifarm“", "Paracetamol 'Orifarm'", False),
        ('Paracetamol "Orifarm"', 'Paracetamol "Teva"', True),
        ("Metformin 500 mg", "Metformin 850 mg", True),
        ("Ibuprofen", "ibuprofen", False),
        ("Café", "Cafe\u0301", False),  # composed vs decomposed é
        (None, "Panodil", False),
        ("Panodil", None, False),
        (None, None, False),
        ("", "Panodil", False),
        ("   ", "Panodil", False),
    ],
)
def test_new_appearance(previous: str | None, current: str | None, expected: bool) -> None:
    assert new_appearance(previous, current) is expected


@settings(database=None)
@given(st.text(max_size=20), st.text(max_size=20))
def test_new_appearance_is_symmetric_and_irreflexive(a: str, b: str) -> None:
    assert new_appearance(a, b) == new_appearance(b, a)
    assert not new_appearance(a, a)
    assert not new_appearance(a, f"  {a.upper()}\t")


# --- supply failure --------------------------------------------------------------------------

PRODUCT = 17


def span(
    line: int,
    *,
    start: int = 0,
    end: int | None = None,
    supply: Supply = Supply.DOSE_ROLL,
    status: LineStatus = LineStatus.ACTIVE,
    citizen: int = 1,
) -> LineSpan:
    return LineSpan(
        line_id=line,
        version_id=line * 10,
        citizen_id=citizen,
        atc="C03CA01",
        supply=supply,
        status=status,
        valid_from=day(start),
        valid_to=None if end is None else day(end),
    )


def test_affects_roll_lines_of_the_product_in_the_interval() -> None:
    failure = SupplyFailure(PRODUCT, day(10), day(20))
    spans = [
        (PRODUCT, span(1)),  # open, affected
        (PRODUCT, span(2, start=20)),  # starts on to_day (inclusive): affected
        (PRODUCT, span(3, start=21)),  # starts after: not
        (PRODUCT, span(4, end=10)),  # last day is day 9: not
        (PRODUCT, span(5, end=11)),  # last day is day 10: affected
        (PRODUCT, span(6, supply=Supply.ORDINARY)),  # not in the roll
        (PRODUCT, span(7, supply=Supply.AS_NEEDED)),
        (PRODUCT, span(8, status=LineStatus.PAUSED)),
        (PRODUCT, span(9, status=LineStatus.DISCONTINUED)),
        (PRODUCT + 1, span(10)),  # another product
        (PRODUCT, span(11, start=12, end=12)),  # empty span
    ]
    assert [s.line_id for s in affects(failure, spans)] == [1, 2, 5]


def test_open_ended_failure_and_order() -> None:
    failure = SupplyFailure(PRODUCT, day(10))
    spans = [
        (PRODUCT, span(3, start=400, citizen=2)),
        (PRODUCT, span(2, start=-100, end=11, citizen=1)),
        (PRODUCT, span(1, start=-100, end=10, citizen=1)),
    ]
    assert [(s.citizen_id, s.line_id) for s in affects(failure, spans)] == [(1, 2), (2, 3)]


def test_failure_interval_must_not_be_reversed() -> None:
    SupplyFailure(PRODUCT, day(3), day(3))
    with pytest.raises(ValueError):
        SupplyFailure(PRODUCT, day(3), day(2))


@settings(database=None)
@given(
    st.integers(-5, 30),
    st.one_of(st.none(), st.integers(0, 10)),
    st.integers(-5, 30),
    st.one_of(st.none(), st.integers(0, 10)),
)
def test_affected_iff_a_shared_day(
    f_start: int, f_len: int | None, s_start: int, s_len: int | None
) -> None:
    failure = SupplyFailure(PRODUCT, day(f_start), None if f_len is None else day(f_start + f_len))
    s = span(1, start=s_start, end=None if s_len is None else s_start + s_len)
    horizon = [day(n) for n in range(-10, 60)]
    shared = any(
        s.active_on(d) and failure.from_day <= d and (failure.to_day is None or d <= failure.to_day)
        for d in horizon
    )
    assert bool(affects(failure, [(PRODUCT, s)])) is shared
