"""Structured dosage notation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dosisdesk.domain.dosage import bags_on, format_dosage, parse_dosage, slot_amounts
from dosisdesk.domain.errors import InvalidDosage, InvalidInput
from dosisdesk.domain.types import Dosage, DoseEntry, Slot

D = Decimal


class TestParse:
    def test_four_slots(self) -> None:
        d = parse_dosage("1+0+1+0")
        assert d.entries == (DoseEntry("morning", D(1)), DoseEntry("evening", D(1)))
        assert d.weekdays == frozenset()
        assert d.daily_total == 2

    @pytest.mark.parametrize(
        ("text", "amount"),
        [
            ("0,5", D("0.5")),
            ("1.5", D("1.5")),
            ("½", D("0.5")),
            ("1½", D("1.5")),
            ("¼", D("0.25")),
            ("¾", D("0.75")),
            ("2¾", D("2.75")),
            ("0,25", D("0.25")),
            ("1,50", D("1.5")),
            ("10", D(10)),
        ],
    )
    def test_amounts(self, text: str, amount: Decimal) -> None:
        assert parse_dosage(f"0+0+{text}+0").amount_at(Slot.EVENING) == amount

    def test_canonical_decimal_representation(self) -> None:
        assert str(parse_dosage("10+1,50+0+0").amount_at("morning")) == "10"
        assert str(parse_dosage("10+1,50+0+0").amount_at("noon")) == "1.5"

    def test_weekdays(self) -> None:
        assert parse_dosage("man,ons,fre: 1+0+0+0").weekdays == frozenset({0, 2, 4})
        assert parse_dosage("Lør, SØN:1+0+0+0").weekdays == frozenset({5, 6})
        assert parse_dosage("lor,son: 1+0+0+0").weekdays == frozenset({5, 6})
        assert parse_dosage("mon,tue,wed,thu,fri,sat,sun: 1+0+0+0").weekdays == frozenset(range(7))
        assert parse_dosage("mandag: 1+0+0+0").weekdays == frozenset({0})

    def test_clock_entries(self) -> None:
        d = parse_dosage("1+0+1+0 20:00=2 8:00=½")
        assert d.entries == (
            DoseEntry("morning", D(1)),
            DoseEntry("evening", D(1)),
            DoseEntry("08:00", D("0.5")),
            DoseEntry("20:00", D(2)),
        )

    def test_clock_only(self) -> None:
        assert parse_dosage("14:00=1").entries == (DoseEntry("14:00", D(1)),)
        assert parse_dosage("tir: 14:00=1").weekdays == frozenset({1})

    def test_spaces_are_tolerated(self) -> None:
        assert parse_dosage("  1 + 0 + 1 + 0   14:00 = 1 ") == parse_dosage("1+0+1+0 14:00=1")

    def test_zero_slots_not_stored(self) -> None:
        assert parse_dosage("0+0+0+1").entries == (DoseEntry("night", D(1)),)
        assert parse_dosage("1+0+0+0 14:00=0").entries == (DoseEntry("morning", D(1)),)

    def test_allow_zero(self) -> None:
        assert parse_dosage("0+0+0+0", allow_zero=True) == Dosage(entries=())
        with pytest.raises(InvalidDosage) as exc:
            parse_dosage("0+0+0+0")
        assert "alle doser er 0" in exc.value.message

    @pytest.mark.parametrize(
        ("text", "needle"),
        [
            ("1+x+1+0", '"x" (middag) er ikke et tal'),
            ("1+0+1", "4 tal"),
            ("1+0+1+0+1", "4 tal"),
            ("1", "4 tal"),
            ("1+-1+1+0", "negativ"),
            ("1,255+0+0+0", "mere end 2 decimaler"),
            ("1+0+0+0 25:00=1", 'klokkeslættet "25:00" findes ikke'),
            ("1+0+0+0 12:60=1", "findes ikke"),
            ("fri-dag: 1+0+0+0", "ikke en ugedag"),
            ("man,,ons: 1+0+0+0", "tom plads"),
            ("xyz: 1+0+0+0", '"xyz" er ikke en ugedag'),
            ("1+0+0+0 14:00=1 14:00=2", "14:00 står der to gange"),
            ("1+0+0+0 14:00=1 2+0+0+0", "to sæt"),
            ("1+0+0+0 14:00", "mangler en dosis"),
            ("1+0+0+0 14:00=", '"(tom)" (kl. 14:00) er ikke et tal'),
            ("", "ingenting"),
            ("man:", "mangler doser"),
            ("1,5½+0+0+0", "blander"),
            (",5+0+0+0", "før kommaet"),
            ("1++0+0", "(middag) er ikke et tal"),
        ],
    )
    def test_errors_name_the_bad_part(self, text: str, needle: str) -> None:
        with pytest.raises(InvalidDosage) as exc:
            parse_dosage(text)
        msg = exc.value.message
        assert msg.startswith("Doseringen kan ikke læses:")
        assert needle in msg
        assert "Skriv fx" in msg
        assert isinstance(exc.value, InvalidInput)

    def test_error_example_from_brief(self) -> None:
        with pytest.raises(InvalidDosage) as exc:
            parse_dosage("x+0+1+0")
        assert exc.value.message == (
            'Doseringen kan ikke læses: "x" (morgen) er ikke et tal. Skriv fx 1+0+1+0.'
        )


class TestFormat:
    @pytest.mark.parametrize(
        ("text", "canonical"),
        [
            ("1+0+0,5+0", "1+0+½+0"),
            ("1,5+0+0+0", "1½+0+0+0"),
            ("0,25+0+0+2", "¼+0+0+2"),
            ("¾+0+0+0", "¾+0+0+0"),
            ("0,3+1,25+0+0", "0,3+1¼+0+0"),
            ("MAN, ons ,fre:1+0+0+0", "man,ons,fre: 1+0+0+0"),
            ("1+0+1+0 14:00=1", "1+0+1+0 14:00=1"),
            ("20:00=1 8:00=2", "08:00=2 20:00=1"),
            ("søn,lør: 0+0+0+1", "lør,søn: 0+0+0+1"),
        ],
    )
    def test_canonical(self, text: str, canonical: str) -> None:
        assert format_dosage(parse_dosage(text)) == canonical

    def test_empty(self) -> None:
        assert format_dosage(Dosage(entries=())) == "0+0+0+0"

    def test_unsorted_hand_built_dosage(self) -> None:
        d = Dosage(entries=(DoseEntry("15:00", D(1)), DoseEntry("night", D(2))))
        assert format_dosage(d) == "0+0+0+2 15:00=1"


class TestBags:
    def test_slot_amounts_intake_order(self) -> None:
        d = Dosage(
            entries=(
                DoseEntry("14:00", D(1)),
                DoseEntry("evening", D("0.5")),
                DoseEntry("morning", D(2)),
                DoseEntry("noon", D(0)),
            )
        )
        assert slot_amounts(d) == [("morning", D(2)), ("evening", D("0.5")), ("14:00", D(1))]

    def test_bags_on_weekday_pattern(self) -> None:
        d = parse_dosage("man,ons,fre: 1+0+1+0")
        monday = date(2025, 12, 1)
        assert bags_on(d, monday) == [("morning", D(1)), ("evening", D(1))]
        assert bags_on(d, monday + timedelta(days=1)) == []
        assert bags_on(d, monday + timedelta(days=6)) == []

    def test_bags_every_day(self) -> None:
        d = parse_dosage("0+0+0+1")
        assert all(bags_on(d, date(2025, 12, i)) == [("night", D(1))] for i in range(1, 8))


# ---------------------------------------------------------------------------
# Round trip
# ---------------------------------------------------------------------------

_amounts = st.integers(0, 2000).map(lambda n: Decimal(n) / 100)
_clock = st.tuples(st.integers(0, 23), st.integers(0, 59)).map(
    lambda hm: f"{hm[0]:02d}:{hm[1]:02d}"
)


@st.composite
def _dosages(draw: st.DrawFn) -> Dosage:
    slot_vals = [draw(_amounts) for _ in Slot]
    clocks = draw(st.dictionaries(_clock, _amounts.filter(lambda a: a > 0), max_size=3))
    entries = [DoseEntry(s.value, a) for s, a in zip(Slot, slot_vals, strict=True) if a != 0]
    entries += [DoseEntry(at, clocks[at]) for at in sorted(clocks)]
    weekdays = draw(st.frozensets(st.integers(0, 6)))
    return Dosage(entries=tuple(entries), weekdays=weekdays)


@settings(max_examples=300, deadline=None)
@given(d=_dosages())
def test_round_trip(d: Dosage) -> None:
    text = format_dosage(d)
    back = parse_dosage(text, allow_zero=True)
    assert back == d
    assert format_dosage(back) == text


@settings(max_examples=150, deadline=None)
@given(d=_dosages(), day=st.dates(date(2024, 1, 1), date(2027, 12, 31)))
def test_bags_follow_weekdays(d: Dosage, day: date) -> None:
    bags = bags_on(d, day)
    if d.weekdays and day.weekday() not in d.weekdays:
        assert bags == []
    else:
        assert sum((a for _, a in bags), Decimal(0)) == d.daily_total


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("1", "1"),
        ("0.25", "¼"),
        ("0.5", "½"),
        ("0.75", "¾"),
        ("1.25", "1¼"),
        ("2.50", "2½"),
        ("0.3", "0,3"),
        ("1.05", "1,05"),
        ("10", "10"),
    ],
)
def test_format_amount_writes_quarters_as_fractions(value: str, text: str) -> None:
    from dosisdesk.domain.dosage import format_amount

    assert format_amount(Decimal(value)) == text
