"""R6: the 72-hour extended treatment responsibility and the discharge checklist."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dosisdesk.domain.responsibility import (
    DischargeChecklist,
    HospitalStay,
    remaining,
    responsibility_applies,
    responsibility_until,
    who_to_call,
    window_open,
)
from dosisdesk.domain.types import CPH, ContactKind
from dosisdesk.words import DISCHARGE_CHECKLIST, countdown

ADMITTED = datetime(2025, 11, 3, 9, 0, tzinfo=CPH)
H = timedelta(hours=1)


def stay(
    duration: timedelta | None = timedelta(days=3),
    *,
    kind: ContactKind = ContactKind.ADMISSION,
    admitted: datetime = ADMITTED,
    **kw: object,
) -> HospitalStay:
    discharged = None if duration is None else (admitted.astimezone(UTC) + duration).astimezone(CPH)
    return HospitalStay(kind, admitted, discharged, **kw)  # type: ignore[arg-type]


# --- when the rule applies -------------------------------------------------------------------


def test_admission_of_23_h_59_min_does_not_qualify() -> None:
    s = stay(timedelta(hours=23, minutes=59))
    assert not responsibility_applies(s)
    assert responsibility_until(s) is None


def test_admission_of_exactly_24_h_qualifies() -> None:
    s = stay(timedelta(hours=24))
    assert responsibility_applies(s)
    assert responsibility_until(s) == ADMITTED + 24 * H + 72 * H


def test_psychiatric_admission_does_not_qualify() -> None:
    assert not responsibility_applies(stay(somatic=False))


def test_discharge_not_to_municipal_nursing_does_not_qualify() -> None:
    assert not responsibility_applies(stay(municipal_nursing=False))


@pytest.mark.parametrize("kind", [ContactKind.OUTPATIENT, ContactKind.ACUTE_OUTPATIENT])
def test_outpatient_contacts_do_not_qualify(kind: ContactKind) -> None:
    assert not responsibility_applies(stay(kind=kind))


def test_still_admitted_does_not_qualify() -> None:
    s = stay(None)
    assert not responsibility_applies(s)
    assert who_to_call(s, ADMITTED + 100 * H) == "gp"


def test_admission_length_is_real_time_across_dst() -> None:
    # 24 real hours across the end of summer time are only 23 on the wall clock: qualifies.
    admitted = datetime(2025, 10, 25, 12, 0, tzinfo=CPH)
    discharged = datetime(2025, 10, 26, 11, 0, tzinfo=CPH)
    assert discharged.replace(tzinfo=None) - admitted.replace(tzinfo=None) == 23 * H
    assert responsibility_applies(HospitalStay(ContactKind.ADMISSION, admitted, discharged))
    # 24 wall-clock hours across the start of summer time are only 23 real hours: does not.
    admitted = datetime(2026, 3, 28, 12, 0, tzinfo=CPH)
    discharged = datetime(2026, 3, 29, 12, 0, tzinfo=CPH)
    assert not responsibility_applies(HospitalStay(ContactKind.ADMISSION, admitted, discharged))


# --- the end of the window -------------------------------------------------------------------


def test_72_hours_across_end_of_october_dst_are_71_wall_clock_hours() -> None:
    discharged = datetime(2025, 10, 24, 12, 0, tzinfo=CPH)  # Friday, CEST (+02:00)
    s = HospitalStay(ContactKind.ADMISSION, discharged - 48 * H, discharged)
    until = responsibility_until(s)
    assert until is not None
    assert until.astimezone(UTC) - discharged.astimezone(UTC) == 72 * H
    assert until.astimezone(UTC) == datetime(2025, 10, 27, 10, 0, tzinfo=UTC)
    local = until.astimezone(CPH)
    assert (local.day, local.hour, local.utcoffset()) == (27, 11, H)  # Monday 11:00 CET
    assert local.replace(tzinfo=None) - discharged.replace(tzinfo=None) == 71 * H


def test_72_hours_across_end_of_march_dst_are_73_wall_clock_hours() -> None:
    discharged = datetime(2026, 3, 27, 12, 0, tzinfo=CPH)  # Friday, CET (+01:00)
    until = responsibility_until(
        HospitalStay(ContactKind.ADMISSION, discharged - 48 * H, discharged)
    )
    assert until is not None
    local = until.astimezone(CPH)
    assert (local.day, local.hour) == (30, 13)
    assert local.replace(tzinfo=None) - discharged.replace(tzinfo=None) == 73 * H


def test_later_extension_moves_the_end() -> None:
    later = ADMITTED + 72 * H + 72 * H + 5 * H
    assert responsibility_until(stay(extended_until=later)) == later


def test_earlier_extension_does_not_shorten() -> None:
    s = stay(extended_until=ADMITTED + 72 * H + H)
    assert responsibility_until(s) == ADMITTED + 72 * H + 72 * H


def test_window_open_remaining_and_who_to_call() -> None:
    s = stay()
    until = responsibility_until(s)
    assert until is not None
    discharged = s.discharged_at
    assert discharged is not None
    assert window_open(s, discharged)
    assert remaining(s, discharged) == 72 * H
    assert who_to_call(s, discharged) == "department"
    just_before = until - timedelta(microseconds=1)
    assert window_open(s, just_before)
    assert who_to_call(s, just_before) == "department"
    assert not window_open(s, until)
    assert remaining(s, until) == timedelta(0)
    assert who_to_call(s, until) == "gp"
    assert remaining(s, until + 10 * H) == timedelta(0)


def test_window_compares_real_time_in_other_time_zones() -> None:
    s = stay()
    until = responsibility_until(s)
    assert until is not None
    assert window_open(s, (until - timedelta(seconds=1)).astimezone(UTC))
    assert not window_open(s, until.astimezone(UTC))


def test_not_applicable_has_no_remaining_time() -> None:
    s = stay(somatic=False)
    assert remaining(s, ADMITTED) == timedelta(0)
    assert who_to_call(s, ADMITTED) == "gp"


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2025, 11, 3, 9, 0)  # noqa: DTZ001
    with pytest.raises(ValueError):
        HospitalStay(ContactKind.ADMISSION, naive, None)
    with pytest.raises(ValueError):
        HospitalStay(ContactKind.ADMISSION, ADMITTED, naive)
    with pytest.raises(ValueError):
        stay(extended_until=naive)
    with pytest.raises(ValueError):
        window_open(stay(), naive)
    with pytest.raises(ValueError):
        remaining(stay(), naive)


def test_discharge_before_admission_is_refused() -> None:
    with pytest.raises(ValueError):
        HospitalStay(ContactKind.ADMISSION, ADMITTED, ADMITTED - H)


# --- the countdown ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("td", "text"),
    [
        (timedelta(days=2, hours=5, minutes=12), "2 d 5 t 12 min"),
        (timedelta(days=2, hours=5, minutes=12, seconds=59), "2 d 5 t 12 min"),
        (timedelta(hours=72), "3 d 0 t 0 min"),
        (timedelta(hours=5), "5 t 0 min"),
        (timedelta(minutes=12), "12 min"),
        (timedelta(minutes=1), "1 min"),
        (timedelta(seconds=59), "under 1 min"),
        (timedelta(microseconds=1), "under 1 min"),
        (timedelta(0), "udløbet"),
        (timedelta(hours=-1), "udløbet"),
    ],
)
def test_countdown(td: timedelta, text: str) -> None:
    assert countdown(td) == text


@settings(database=None)
@given(st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(days=30)))
def test_countdown_never_shows_more_than_is_left(td: timedelta) -> None:
    parts = countdown(td).split()
    values = dict(zip(parts[1::2], map(int, parts[0::2]), strict=True))
    shown = timedelta(days=values.get("d", 0), hours=values.get("t", 0), minutes=values["min"])
    assert shown <= td < shown + timedelta(minutes=1)


@settings(database=None)
@given(st.integers(0, 200 * 60))
def test_remaining_plus_now_is_until_while_open(minutes: int) -> None:
    s = stay()
    now = ADMITTED + timedelta(minutes=minutes)
    until = responsibility_until(s)
    assert until is not None
    if window_open(s, now):
        assert now.astimezone(UTC) + remaining(s, now) == until.astimezone(UTC)
    else:
        assert remaining(s, now) == timedelta(0)


# --- the checklist ---------------------------------------------------------------------------


def test_checklist() -> None:
    empty = DischargeChecklist()
    assert not empty.done
    assert [DISCHARGE_CHECKLIST[m] for m in empty.missing()] == [
        "Epikrise modtaget",
        "FMK tjekket",
        "Ændringer registreret",
        "Dosisdispensering genoptaget eller fortsat i bero (besluttet)",
    ]
    partly = DischargeChecklist(epicrisis_received=True, changes_registered=True)
    assert [DISCHARGE_CHECKLIST[m] for m in partly.missing()] == [
        "FMK tjekket",
        "Dosisdispensering genoptaget eller fortsat i bero (besluttet)",
    ]
    full = DischargeChecklist(True, True, True, True)
    assert full.done
    assert full.missing() == []


def test_who_answers_the_hospital_while_admitted_then_the_department_then_the_gp() -> None:
    from dosisdesk.domain.responsibility import Answers, who_answers

    t0 = datetime(2026, 11, 18, 10, 0, tzinfo=CPH)
    admitted = HospitalStay(ContactKind.ADMISSION, t0, None)
    assert who_answers([admitted], t0 + timedelta(days=2)) == (Answers.HOSPITAL, 0)
    out = HospitalStay(ContactKind.ADMISSION, t0, t0 + timedelta(days=2))
    assert who_answers([out], t0 + timedelta(days=1)) == (Answers.HOSPITAL, 0)
    assert who_answers([out], t0 + timedelta(days=3)) == (Answers.DEPARTMENT, 0)
    assert who_answers([out], t0 + timedelta(days=5, minutes=1)) == (Answers.GP, None)
    # a new admission during an old window: the hospital that has the citizen now
    again = HospitalStay(ContactKind.ADMISSION, t0 + timedelta(days=3), None)
    assert who_answers([out, again], t0 + timedelta(days=4)) == (Answers.HOSPITAL, 1)
    outpatient = HospitalStay(ContactKind.OUTPATIENT, t0, None)
    assert who_answers([outpatient], t0 + timedelta(hours=1)) == (Answers.GP, None)
    assert who_answers([], t0) == (Answers.GP, None)
