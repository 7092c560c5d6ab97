"""CPR numbers (R11), and what python-stdnum does with them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import exceptions as stdnum_exceptions
from stdnum.dk import cpr as stdnum_cpr

from dosisdesk.domain.cpr import (
    age_on,
    birth_date,
    demo_cpr,
    format_cpr,
    has_modulus11,
    is_female,
    mask_cpr,
    normalize_cpr,
)
from dosisdesk.domain.errors import InvalidCpr, InvalidInput

TODAY = date(2026, 11, 22)
NO_MOD11 = "0102031234"  # weighted sum mod 11 == 8: a number of the post-2007 kind
MOD11 = "1503451235"  # 15 March 1945, weighted sum divisible by 11


class TestStdnumBehaviour:
    """Pin down the library behaviour this module relies on."""

    def test_validate_does_not_require_modulus11(self) -> None:
        assert stdnum_cpr.checksum(NO_MOD11) != 0
        assert stdnum_cpr.validate(NO_MOD11) == NO_MOD11

    def test_validate_rejects_future_birth_dates(self) -> None:
        with pytest.raises(stdnum_exceptions.InvalidComponent):
            stdnum_cpr.validate("0101305000")  # 1 January 2030

    def test_checksum_is_the_modulus11_sum(self) -> None:
        assert stdnum_cpr.checksum(MOD11) == 0

    @settings(max_examples=200, deadline=None)
    @given(st.from_regex(r"\A(0[1-9]|1[0-9]|2[0-8])(0[1-9]|1[0-2])[0-9]{6}\Z"))
    def test_our_century_rule_matches_stdnum(self, number: str) -> None:
        assert birth_date(number) == stdnum_cpr.get_birth_date(number)

    @settings(max_examples=300, deadline=None)
    @given(st.from_regex(r"\A[0-9]{10}\Z"))
    def test_our_modulus11_matches_stdnum(self, number: str) -> None:
        assert has_modulus11(number) is (stdnum_cpr.checksum(number) == 0)

    @pytest.mark.parametrize("number", ["3002001234", "2902011234", "3104451234", "0013451234"])
    def test_a_day_stdnum_refuses_we_refuse(self, number: str) -> None:
        with pytest.raises(stdnum_exceptions.InvalidComponent):
            stdnum_cpr.get_birth_date(number)
        with pytest.raises(InvalidCpr):
            normalize_cpr(number, today=TODAY)


class TestNormalize:
    @pytest.mark.parametrize(
        "text", ["0102031234", "010203-1234", " 010203 1234 ", "01 02 03 12 34", "010203–1234"]
    )
    def test_accepted_forms(self, text: str) -> None:
        assert normalize_cpr(text, today=TODAY) == "0102031234"

    def test_without_modulus11_is_accepted(self) -> None:
        assert not has_modulus11(NO_MOD11)
        assert normalize_cpr(NO_MOD11) == NO_MOD11

    def test_with_modulus11(self) -> None:
        assert has_modulus11(MOD11)
        assert normalize_cpr("150345-1235") == MOD11

    @pytest.mark.parametrize(
        ("text", "needle"),
        [
            ("", "mangler"),
            ("   ", "mangler"),
            ("010203123", "10 cifre, men der er 9"),
            ("01020312345", "10 cifre, men der er 11"),
            ("01O2031234", 'tal, men der står "O"'),
            ("abc", "kun indeholde tal"),
            ("010203/1234", "bindestreg"),
            ("3102901234", "31. februar 1990 findes ikke"),
            ("2902011234", "29. februar 1901 findes ikke"),
            ("3104901234", "31. april 1990 findes ikke"),
            ("0013901234", "måned 13 findes ikke"),
            ("0113901234", "måned 13 findes ikke"),
            ("0100901234", "måned 00 findes ikke"),
            ("0001901234", "dag 00 i januar findes ikke"),
            ("0101304234", "fremtiden"),
        ],
    )
    def test_rejected_with_danish_reason(self, text: str, needle: str) -> None:
        with pytest.raises(InvalidCpr) as exc:
            normalize_cpr(text, today=TODAY)
        assert needle in exc.value.message
        assert isinstance(exc.value, InvalidInput)

    def test_unicode_digits_rejected(self) -> None:
        with pytest.raises(InvalidCpr):
            normalize_cpr("٠١٠٢٠٣١٢٣٤", today=TODAY)

    def test_leap_day(self) -> None:
        assert normalize_cpr("2902004234", today=TODAY) == "2902004234"  # 29 Feb 2000
        assert normalize_cpr("2902961234", today=TODAY) == "2902961234"  # 29 Feb 1996

    def test_future_depends_on_today(self) -> None:
        number = "2211264000"  # 22 November 2026
        assert normalize_cpr(number, today=date(2026, 11, 22)) == number
        with pytest.raises(InvalidCpr):
            normalize_cpr(number, today=date(2026, 11, 21))


class TestBirthDate:
    @pytest.mark.parametrize(
        ("number", "born"),
        [
            ("0101370000", date(1937, 1, 1)),  # 0: 1900s
            ("0101373000", date(1937, 1, 1)),
            ("0101364000", date(2036, 1, 1)),  # 4, YY <= 36: 2000s
            ("0101374000", date(1937, 1, 1)),  # 4, YY >= 37: 1900s
            ("0101369000", date(2036, 1, 1)),
            ("0101379000", date(1937, 1, 1)),
            ("0101575000", date(2057, 1, 1)),  # 5-8, YY <= 57: 2000s
            ("0101585000", date(1858, 1, 1)),  # 5-8, YY >= 58: 1800s
            ("0101998000", date(1899, 1, 1)),
        ],
    )
    def test_century_rule(self, number: str, born: date) -> None:
        assert birth_date(number) == born

    def test_birth_date_accepts_formatted(self) -> None:
        assert birth_date("211062-0629") == date(1962, 10, 21)
        # stdnum's doc example 211062-5629 is, by the century rule, born in 1862.
        assert birth_date("211062-5629") == date(1862, 10, 21)

    def test_age_on(self) -> None:
        assert age_on("211062-0629", date(2026, 10, 20)) == 63
        assert age_on("211062-0629", date(2026, 10, 21)) == 64
        with pytest.raises(InvalidCpr):
            age_on("211062-0629", date(1962, 10, 20))

    def test_age_leap_day(self) -> None:
        # Born 29 Feb 1996: 30 on 1 March 2026 (no 29 February that year).
        assert age_on("2902961234", date(2026, 2, 28)) == 29
        assert age_on("2902961234", date(2026, 3, 1)) == 30
        assert age_on("2902961234", date(2028, 2, 29)) == 32


class TestDisplay:
    def test_sex(self) -> None:
        assert is_female("0102031234")
        assert not is_female("0102031235")
        assert is_female("0102031230")

    def test_format_and_mask(self) -> None:
        assert format_cpr("0102031234") == "010203-1234"
        assert format_cpr(" 010203-1234") == "010203-1234"
        assert mask_cpr("0102031234") == "010203-xxxx"

    def test_format_rejects_garbage(self) -> None:
        with pytest.raises(InvalidCpr):
            mask_cpr("12345")


class TestDemo:
    def test_deterministic_and_not_modulus11(self) -> None:
        a = demo_cpr(date(1940, 5, 17), 42)
        assert a == demo_cpr(date(1940, 5, 17), 42)
        assert a.startswith("170540")
        assert not has_modulus11(a)
        assert normalize_cpr(a, today=TODAY) == a

    @pytest.mark.parametrize("born", [date(1936, 3, 1), date(1950, 7, 9), date(2012, 2, 29)])
    def test_distinct_serials(self, born: date) -> None:
        numbers = {demo_cpr(born, s) for s in range(3600)}
        assert len(numbers) == 3600
        assert all(birth_date(n) == born and not has_modulus11(n) for n in numbers)
        assert any(is_female(n) for n in numbers) and not all(is_female(n) for n in numbers)

    def test_out_of_range(self) -> None:
        with pytest.raises(ValueError):
            demo_cpr(date(1857, 12, 31), 0)
        with pytest.raises(ValueError):
            demo_cpr(date(2058, 1, 1), 0)
        with pytest.raises(ValueError):
            demo_cpr(date(1950, 1, 1), -1)

    def test_1800s_and_late_2000s(self) -> None:
        assert birth_date(demo_cpr(date(1858, 1, 1), 7)) == date(1858, 1, 1)
        assert birth_date(demo_cpr(date(2057, 12, 31), 7)) == date(2057, 12, 31)

    @settings(max_examples=300, deadline=None)
    @given(
        born=st.dates(min_value=date(1920, 1, 1), max_value=date(2020, 12, 31)),
        serial=st.integers(0, 100_000),
    )
    def test_normalize_accepts_every_demo_cpr(self, born: date, serial: int) -> None:
        number = demo_cpr(born, serial)
        assert normalize_cpr(number) == number
        assert birth_date(number) == born
        assert stdnum_cpr.get_birth_date(number) == born
        assert not has_modulus11(number)


@pytest.mark.parametrize(
    "name",
    [
        "udtraek-010170-xxxx.json",
        "0305401234.pdf",
        "liste-030540-1234.pdf",
        "030540-xxxx.pdf",
        "udtraek 030540-0001.json",
        "x_030540-0001_y.json",
        "borger-030540.json",
        "/tmp/0305401234/a.pdf",
    ],
)
def test_a_file_name_that_reads_as_a_cpr_is_refused(name: str) -> None:
    from dosisdesk.domain.cpr import check_file_name, cpr_in_file_name

    assert cpr_in_file_name(name)
    with pytest.raises(InvalidInput) as e:
        check_file_name(name)
    assert "CPR-nummer" in e.value.message


@pytest.mark.parametrize(
    "name",
    [
        "order-20261122153000.json",
        "overlevering-team-nord-2026-11-22-dag.pdf",
        "medicinliste-20261122.pdf",
        "liste-123456.pdf",  # 12/34 is no date
        "310299-1234.pdf",  # 31 February
        "a.pdf",
    ],
)
def test_an_ordinary_file_name_passes(name: str) -> None:
    from dosisdesk.domain.cpr import check_file_name, cpr_in_file_name

    assert not cpr_in_file_name(name)
    check_file_name(name)


def test_a_cpr_in_a_file_name_is_masked_for_display() -> None:
    from dosisdesk.domain.cpr import mask_cpr_in_file_name

    assert mask_cpr_in_file_name("/in/fmk-0305401234.xml") == "fmk-030540-xxxx.xml"
    assert mask_cpr_in_file_name("fmk 030540-1234 svar.xml") == "fmk 030540-xxxx svar.xml"
    assert mask_cpr_in_file_name("order-20261122153000.json") == "order-20261122153000.json"
