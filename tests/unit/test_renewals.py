"""R7: prescription validity, renewals due and the renewal request state machine."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from dosisdesk.domain.errors import InvalidInput, RuleViolation
from dosisdesk.domain.renewals import (
    ALLOWED,
    check_validity,
    latest_valid_until,
    renewal_due,
    renewal_expired,
    transition,
)
from dosisdesk.domain.types import RejectionReason, RenewalState
from dosisdesk.words import REJECTION_REASON, renewal_text

TODAY = date(2025, 11, 3)


# --- validity --------------------------------------------------------------------------------


def test_validity_up_to_exactly_two_years() -> None:
    check_validity(date(2025, 3, 15), date(2025, 3, 15))
    check_validity(date(2025, 3, 15), date(2027, 3, 15))
    with pytest.raises(InvalidInput) as err:
        check_validity(date(2025, 3, 15), date(2027, 3, 16))
    assert "2 år" in err.value.message
    assert "15. mar. 2027" in err.value.message


def test_validity_before_issue_is_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        check_validity(date(2025, 3, 15), date(2025, 3, 14))
    assert "før" in err.value.message


def test_validity_from_29_february() -> None:
    issued = date(2024, 2, 29)
    assert latest_valid_until(issued) == date(2026, 2, 28)
    check_validity(issued, date(2026, 2, 28))
    with pytest.raises(InvalidInput):
        check_validity(issued, date(2026, 3, 1))


def test_validity_to_29_february() -> None:
    check_validity(date(2026, 2, 28), date(2028, 2, 28))
    with pytest.raises(InvalidInput):
        check_validity(date(2026, 2, 28), date(2028, 2, 29))
    check_validity(date(2026, 3, 1), date(2028, 2, 29))


@settings(database=None)
@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(-10, 800))
def test_validity_agrees_with_relativedelta(issued: date, days: int) -> None:
    valid_until = issued + timedelta(days=days)
    ok = issued <= valid_until <= issued + relativedelta(years=2)
    if ok:
        check_validity(issued, valid_until)
    else:
        with pytest.raises(InvalidInput):
            check_validity(issued, valid_until)


# --- due and expired -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "due", "expired"),
    [
        (-1, False, True),
        (0, True, False),
        (1, True, False),
        (28, True, False),
        (29, False, False),
        (400, False, False),
    ],
)
def test_due_and_expired(offset: int, due: bool, expired: bool) -> None:
    valid_until = TODAY + timedelta(days=offset)
    assert renewal_due(valid_until, TODAY) is due
    assert renewal_expired(valid_until, TODAY) is expired


def test_custom_window_and_unknown_end() -> None:
    assert renewal_due(TODAY + timedelta(days=29), TODAY, within_days=29)
    assert not renewal_due(TODAY + timedelta(days=1), TODAY, within_days=0)
    assert renewal_due(TODAY, TODAY, within_days=0)
    assert not renewal_due(None, TODAY)
    assert not renewal_expired(None, TODAY)
    with pytest.raises(ValueError):
        renewal_due(TODAY, TODAY, within_days=-1)


# --- state machine ---------------------------------------------------------------------------


def test_allowed_moves() -> None:
    assert ALLOWED[RenewalState.SENT] == {
        RenewalState.RENEWED,
        RenewalState.REJECTED,
        RenewalState.CANCELLED,
    }
    for terminal in (RenewalState.RENEWED, RenewalState.REJECTED, RenewalState.CANCELLED):
        assert ALLOWED[terminal] == set()
    assert set(ALLOWED) == set(RenewalState)


def test_legal_transitions() -> None:
    assert transition(RenewalState.SENT, RenewalState.RENEWED, None) is RenewalState.RENEWED
    assert transition(RenewalState.SENT, RenewalState.CANCELLED) is RenewalState.CANCELLED
    assert (
        transition(RenewalState.SENT, RenewalState.REJECTED, RejectionReason.TOO_EARLY)
        is RenewalState.REJECTED
    )


@pytest.mark.parametrize(
    "current", [RenewalState.RENEWED, RenewalState.REJECTED, RenewalState.CANCELLED]
)
@pytest.mark.parametrize("target", list(RenewalState))
def test_terminal_states_go_nowhere(current: RenewalState, target: RenewalState) -> None:
    reason = RejectionReason.TOO_EARLY if target is RenewalState.REJECTED else None
    with pytest.raises(RuleViolation) as err:
        transition(current, target, reason)
    assert "kan ikke gå fra" in err.value.message


def test_sent_to_sent_is_illegal() -> None:
    with pytest.raises(RuleViolation):
        transition(RenewalState.SENT, RenewalState.SENT, None)


def test_rejection_needs_a_reason() -> None:
    with pytest.raises(RuleViolation) as err:
        transition(RenewalState.SENT, RenewalState.REJECTED, None)
    assert "afvisningsårsag" in err.value.message


@pytest.mark.parametrize("target", [RenewalState.RENEWED, RenewalState.CANCELLED])
def test_reason_only_with_rejection(target: RenewalState) -> None:
    with pytest.raises(RuleViolation) as err:
        transition(RenewalState.SENT, target, RejectionReason.TREATMENT_ENDED)
    assert "kun" in err.value.message


def test_rejection_texts() -> None:
    assert len(RejectionReason) == 10
    for reason in RejectionReason:
        assert REJECTION_REASON[reason]
    assert REJECTION_REASON[RejectionReason.OVER_THE_COUNTER] == "Medicinen kan købes i håndkøb"


def test_three_renewal_states_expired_within_7_and_within_28_days() -> None:
    from dosisdesk.domain.renewals import RenewalUrgency, renewal_urgency

    today = date(2026, 11, 30)
    cases = {
        date(2026, 11, 29): RenewalUrgency.EXPIRED,
        date(2026, 11, 30): RenewalUrgency.SOON,  # the last valid day is today
        date(2026, 12, 7): RenewalUrgency.SOON,
        date(2026, 12, 8): RenewalUrgency.DUE,
        date(2026, 12, 28): RenewalUrgency.DUE,
        date(2026, 12, 29): None,
    }
    for until, state in cases.items():
        assert renewal_urgency(until, today) is state, until
    assert renewal_urgency(None, today) is None
    # most urgent first when sorted
    states = [RenewalUrgency.DUE, RenewalUrgency.EXPIRED, RenewalUrgency.SOON]
    assert sorted(states, key=lambda u: u.rank) == [
        RenewalUrgency.EXPIRED,
        RenewalUrgency.SOON,
        RenewalUrgency.DUE,
    ]
    assert renewal_text(date(2026, 11, 25), today) == "udløb 25. nov. (for 5 dage siden)"
    assert renewal_text(today, today) == "udløber i dag"
    assert renewal_text(date(2026, 12, 4), today) == "udløber om 4 dage (4. dec.)"
