"""Words and dates as the screen shows them: translated labels for the domain's enums, and dates,
week numbers and countdowns in the user's language (Danish by default, written by
``domain.calendar``: ``tirs. 1. dec. kl. 12.00``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime, QTimeZone

from dosisdesk.domain.bags import BagAction
from dosisdesk.domain.calendar import (
    format_clock,
    format_date,
    format_date_numeric,
    format_day,
    format_moment,
    format_time,
    iso_week,
    to_cph,
)
from dosisdesk.domain.renewals import RenewalUrgency
from dosisdesk.domain.types import (
    ChangeKind,
    ChangeState,
    ContactKind,
    HandlingKind,
    LineStatus,
    PeriodStatus,
    RejectionReason,
    RenewalState,
    Role,
    Severity,
    Slot,
    Supply,
)

# ---------------------------------------------------------------------------
# Enum labels (source English; the Danish .ts gives the words nurses use)
# ---------------------------------------------------------------------------


def card_empty_text() -> str:
    """What the card says before a citizen is opened (the card's empty state, and the main
    window's stand-in for the card until it is built)."""
    return QCoreApplication.translate(
        "CardWidget",
        "Find a citizen in the list on the left (Ctrl+F), then press Enter or click the "
        "name to see the dose card.",
    )


def card_failed_text() -> str:
    """What the card says when the chosen citizen's card could not be read: no card stays on
    screen beside another citizen's name in the list and the title (the error itself is shown
    in a message)."""
    return QCoreApplication.translate(
        "CardWidget",
        "This citizen's card could not be opened, so no card is shown. Press Enter on the "
        "citizen in the list, or F5, to try once more.",
    )


def state_label(state: ChangeState) -> str:
    return {
        ChangeState.REGISTERED: QCoreApplication.translate("texts", "Registered"),
        ChangeState.CONFIRMED: QCoreApplication.translate("texts", "Confirmed"),
        ChangeState.LOCKED: QCoreApplication.translate("texts", "Locked"),
        ChangeState.IN_EFFECT: QCoreApplication.translate("texts", "In effect"),
        ChangeState.CANCELLED: QCoreApplication.translate("texts", "Cancelled"),
    }[state]


def kind_label(kind: ChangeKind) -> str:
    return {
        ChangeKind.NEW: QCoreApplication.translate("texts", "New ordination"),
        ChangeKind.DOSE_CHANGE: QCoreApplication.translate("texts", "Dose change"),
        ChangeKind.DISCONTINUE: QCoreApplication.translate("texts", "Discontinuation"),
        ChangeKind.SWITCH_SUPPLY: QCoreApplication.translate("texts", "Switch of supply"),
        ChangeKind.PAUSE_LINE: QCoreApplication.translate("texts", "Pause"),
        ChangeKind.RESUME_LINE: QCoreApplication.translate("texts", "Resume"),
    }[kind]


def handling_label(kind: HandlingKind) -> str:
    return {
        HandlingKind.REMOVE_TABLETS: QCoreApplication.translate(
            "texts", "Tablets taken out of named bags"
        ),
        HandlingKind.DISCARD_BAGS: QCoreApplication.translate(
            "texts", "Bags discarded, given from an ordinary pack"
        ),
        HandlingKind.ASK_PHARMACY: QCoreApplication.translate(
            "texts", "Pharmacy asked for a replacement or extra roll"
        ),
        HandlingKind.PAUSE_CARD: QCoreApplication.translate("texts", "Dose dispensing paused"),
    }[kind]


def bag_action_label(action: BagAction) -> str:
    """What to do with a bag an acute change touches (R3)."""
    return {
        BagAction.REMOVE: QCoreApplication.translate("texts", "take out"),
        BagAction.DISCARD: QCoreApplication.translate(
            "texts", "discard — give from an ordinary pack"
        ),
        BagAction.UNCHANGED: QCoreApplication.translate("texts", "unchanged"),
        BagAction.UNHANDLED: QCoreApplication.translate("texts", "not handled — decide what to do"),
    }[action]


def follow_up_text(kind: ChangeKind, roll_first_day: date, acute_day: date) -> str:
    """The follow-up of an acute change as the roll catching up: "The pharmacy stops packing it
    from the roll Wed 2 Dec (follow-up of the acute discontinuation Mon 30 Nov)"."""
    what = {
        ChangeKind.DISCONTINUE: QCoreApplication.translate(
            "texts", "The pharmacy stops packing it from the roll %1"
        ),
        ChangeKind.DOSE_CHANGE: QCoreApplication.translate(
            "texts", "The pharmacy packs the new dose from the roll %1"
        ),
        ChangeKind.PAUSE_LINE: QCoreApplication.translate(
            "texts", "The pharmacy pauses packing it from the roll %1"
        ),
        ChangeKind.RESUME_LINE: QCoreApplication.translate(
            "texts", "The pharmacy resumes packing it from the roll %1"
        ),
        ChangeKind.NEW: QCoreApplication.translate(
            "texts", "The pharmacy packs the drug from the roll %1"
        ),
        ChangeKind.SWITCH_SUPPLY: QCoreApplication.translate(
            "texts", "The pharmacy changes the packing from the roll %1"
        ),
    }[kind]
    acute = {
        ChangeKind.DISCONTINUE: QCoreApplication.translate(
            "texts", "follow-up of the acute discontinuation %1"
        ),
        ChangeKind.DOSE_CHANGE: QCoreApplication.translate(
            "texts", "follow-up of the acute dose change %1"
        ),
        ChangeKind.PAUSE_LINE: QCoreApplication.translate(
            "texts", "follow-up of the acute pause %1"
        ),
        ChangeKind.RESUME_LINE: QCoreApplication.translate(
            "texts", "follow-up of the acute resumption %1"
        ),
        ChangeKind.NEW: QCoreApplication.translate(
            "texts", "follow-up of the acute new ordination %1"
        ),
        ChangeKind.SWITCH_SUPPLY: QCoreApplication.translate(
            "texts", "follow-up of the acute switch of supply %1"
        ),
    }[kind]
    return (
        what.replace("%1", fmt_day(roll_first_day))
        + " ("
        + acute.replace("%1", fmt_day(acute_day))
        + ")"
    )


def supply_label(supply: Supply) -> str:
    return {
        Supply.DOSE_ROLL: QCoreApplication.translate("texts", "In the roll"),
        Supply.ORDINARY: QCoreApplication.translate("texts", "Beside the roll"),
        Supply.AS_NEEDED: QCoreApplication.translate("texts", "As needed (PN)"),
    }[supply]


def line_status_label(status: LineStatus) -> str:
    return {
        LineStatus.ACTIVE: QCoreApplication.translate("texts", "Active"),
        LineStatus.PAUSED: QCoreApplication.translate("texts", "Paused"),
        LineStatus.DISCONTINUED: QCoreApplication.translate("texts", "Discontinued"),
    }[status]


def period_status_label(status: PeriodStatus) -> str:
    return {
        PeriodStatus.PLANNED: QCoreApplication.translate("texts", "Planned"),
        PeriodStatus.LOCKED: QCoreApplication.translate("texts", "Locked (packing)"),
        PeriodStatus.NOT_DISPENSED: QCoreApplication.translate("texts", "Not dispensed"),
        PeriodStatus.PACKED: QCoreApplication.translate("texts", "Packed"),
        PeriodStatus.DELIVERED: QCoreApplication.translate("texts", "Delivered"),
    }[status]


def severity_label(severity: Severity) -> str:
    return {
        Severity.HIGH: QCoreApplication.translate("texts", "High"),
        Severity.REVIEW: QCoreApplication.translate("texts", "Review"),
        Severity.INFO: QCoreApplication.translate("texts", "Info"),
    }[severity]


def renewal_state_label(state: RenewalState | None) -> str:
    if state is None:
        return QCoreApplication.translate("texts", "Due, not requested")
    return {
        RenewalState.SENT: QCoreApplication.translate("texts", "Request sent"),
        RenewalState.RENEWED: QCoreApplication.translate("texts", "Renewed"),
        RenewalState.REJECTED: QCoreApplication.translate("texts", "Rejected"),
        RenewalState.CANCELLED: QCoreApplication.translate("texts", "Cancelled"),
    }[state]


def renewal_urgency_label(urgency: RenewalUrgency | None) -> str:
    """The three renewal states (R7) in words: the same words wherever a renewal shows."""
    if urgency is None:
        return ""
    return {
        RenewalUrgency.EXPIRED: QCoreApplication.translate(
            "texts", "Expired: the pharmacy cannot pack it"
        ),
        RenewalUrgency.SOON: QCoreApplication.translate("texts", "Expires within 7 days"),
        RenewalUrgency.DUE: QCoreApplication.translate("texts", "Expires within 28 days"),
    }[urgency]


def renewal_mark(urgency: RenewalUrgency) -> str:
    """The short mark in the citizen list's attention column."""
    return {
        RenewalUrgency.EXPIRED: QCoreApplication.translate("texts", "prescription expired"),
        RenewalUrgency.SOON: QCoreApplication.translate("texts", "renewal ≤ 7 days"),
        RenewalUrgency.DUE: QCoreApplication.translate("texts", "renewal ≤ 28 days"),
    }[urgency]


# The three renewal states' colours (backgrounds; the words say it too): red, orange, yellow.
RENEWAL_BG: dict[RenewalUrgency, str] = {
    RenewalUrgency.EXPIRED: "#f5c2c7",
    RenewalUrgency.SOON: "#ffd8a8",
    RenewalUrgency.DUE: "#fff3bf",
}


def rejection_label(reason: RejectionReason | None) -> str:
    if reason is None:
        return ""
    return {
        RejectionReason.TREATMENT_ENDED: QCoreApplication.translate("texts", "Treatment ended"),
        RejectionReason.NEEDS_CONSULTATION: QCoreApplication.translate(
            "texts", "Renewal needs a consultation"
        ),
        RejectionReason.CONTACT_OWN_DOCTOR: QCoreApplication.translate(
            "texts", "Contact own doctor if a prescription is wanted"
        ),
        RejectionReason.RENEW_AT_CHECKUP_PLACE: QCoreApplication.translate(
            "texts", "Renew where the citizen goes for check-ups"
        ),
        RejectionReason.RENEW_WITH_LAST_PRESCRIBER: QCoreApplication.translate(
            "texts", "Renew with the doctor who last prescribed"
        ),
        RejectionReason.REQUEST_WITHDRAWN: QCoreApplication.translate(
            "texts", "Request withdrawn (by the citizen or home nursing)"
        ),
        RejectionReason.VALID_PRESCRIPTION_EXISTS: QCoreApplication.translate(
            "texts", "Not renewed, a valid prescription exists"
        ),
        RejectionReason.TOO_EARLY: QCoreApplication.translate(
            "texts", "Too early for a new prescription"
        ),
        RejectionReason.SUPPLIED_BY_HOSPITAL: QCoreApplication.translate(
            "texts", "The medicine is supplied by the hospital"
        ),
        RejectionReason.OVER_THE_COUNTER: QCoreApplication.translate(
            "texts", "The medicine can be bought over the counter"
        ),
    }[reason]


def contact_kind_label(kind: ContactKind) -> str:
    return {
        ContactKind.ADMISSION: QCoreApplication.translate("texts", "Admission"),
        ContactKind.OUTPATIENT: QCoreApplication.translate("texts", "Outpatient"),
        ContactKind.ACUTE_OUTPATIENT: QCoreApplication.translate("texts", "Acute outpatient"),
    }[kind]


def role_label(role: Role) -> str:
    return {
        Role.NURSE: QCoreApplication.translate("texts", "Nurse"),
        Role.COORDINATOR: QCoreApplication.translate("texts", "Medicine coordinator"),
        Role.ADMINISTRATOR: QCoreApplication.translate("texts", "Administrator"),
    }[role]


def slot_label(at: str) -> str:
    """A bag's intake time: the four slots by name, clock times as ``kl. 14.00``."""
    names = {
        Slot.MORNING.value: QCoreApplication.translate("texts", "Morning"),
        Slot.NOON.value: QCoreApplication.translate("texts", "Noon"),
        Slot.EVENING.value: QCoreApplication.translate("texts", "Evening"),
        Slot.NIGHT.value: QCoreApplication.translate("texts", "Night"),
    }
    if at in names:
        return names[at]
    return QCoreApplication.translate("texts", "at %1").replace("%1", at.replace(":", "."))


def slot_short(slot: Slot) -> str:
    return {
        Slot.MORNING: QCoreApplication.translate("texts", "Morn."),
        Slot.NOON: QCoreApplication.translate("texts", "Noon", "short column title"),
        Slot.EVENING: QCoreApplication.translate("texts", "Even."),
        Slot.NIGHT: QCoreApplication.translate("texts", "Night"),
    }[slot]


# ---------------------------------------------------------------------------
# Dates and times
# ---------------------------------------------------------------------------


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _loc() -> QLocale:
    return QLocale()


# Dates and times: in Danish exactly as ``domain.calendar`` writes them (the one notation, shared
# with paper and the command line); in English Qt's locale words in the same shapes.


def fmt_date(day: date) -> str:
    """``19. nov. 2026``."""
    if _is_danish():
        return format_date(day)
    return _loc().toString(qdate(day), "d MMM yyyy")


def fmt_date_num(day: date) -> str:
    """``19-11-2026``: the short form for a table cell."""
    return format_date_numeric(day)


def fmt_day(day: date) -> str:
    """``tors. 19. nov.``: weekday, day and month (no year), for period spans and notes."""
    if _is_danish():
        return format_day(day, with_year=False)
    return _loc().toString(qdate(day), "ddd d MMM")


def fmt_time(moment: datetime) -> str:
    """``12.00`` (``12:00`` in English)."""
    if _is_danish():
        return format_clock(moment)
    t = to_cph(moment)
    return _loc().toString(QTime(t.hour, t.minute), "HH:mm")


def fmt_datetime(moment: datetime) -> str:
    """``tirs. 1. dec. 2026 kl. 12.00``."""
    if _is_danish():
        return format_moment(moment)
    t = to_cph(moment)
    return f"{fmt_date(t.date())} {fmt_time(t)}"


def fmt_day_time(moment: datetime) -> str:
    """``tirs. 1. dec. kl. 12.00``."""
    t = to_cph(moment)
    if _is_danish():
        return f"{format_day(t.date(), with_year=False)} {format_time(t)}"
    return f"{fmt_day(t.date())} {fmt_time(t)}"


def fmt_span(first: date, last: date) -> str:
    return f"{fmt_day(first)} – {fmt_day(last)}"


def week_label(first: date, last: date) -> str:
    """``uge 47–49`` (ISO weeks, as nurses use them)."""
    a, b = iso_week(first), iso_week(last)
    weeks = str(a) if a == b else f"{a}–{b}"
    return QCoreApplication.translate("texts", "week %1").replace("%1", weeks)


def countdown(td: timedelta) -> str:
    """``1 d 2 t 5 min``; rounded down; ``expired`` at zero or less."""
    if td <= timedelta(0):
        return QCoreApplication.translate("texts", "expired")
    total = int(td.total_seconds() // 60)
    if total < 1:
        return QCoreApplication.translate("texts", "under 1 min")
    days, rest = divmod(total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    d = QCoreApplication.translate("texts", "d", "days, short")
    h = QCoreApplication.translate("texts", "h", "hours, short")
    if days:
        return f"{days} {d} {hours} {h} {minutes} min"
    if hours:
        return f"{hours} {h} {minutes} min"
    return f"{minutes} min"


def qdatetime(moment: datetime) -> QDateTime:
    t = to_cph(moment)
    return QDateTime(
        qdate(t.date()), QTime(t.hour, t.minute, t.second), QTimeZone(b"Europe/Copenhagen")
    )


def _is_danish() -> bool:
    return _loc().language() == QLocale.Language.Danish


def inbox_summary(received: int, refused: int, by_gateway: int) -> str:
    """What reading the MedCom inbox did: messages taken in, refused, and taken by the mail
    system (the coordinator's status line and the nurse's correspondence tab say it alike)."""
    return (
        QCoreApplication.translate("texts", "Received %1, refused %2, taken by the mail system %3.")
        .replace("%1", str(received))
        .replace("%2", str(refused))
        .replace("%3", str(by_gateway))
    )


def some_of(items: list[str], shown: int = 3) -> str:
    """``A, B og C``; more than ``shown``: ``A, B, C og 4 mere`` (the rest counted, not named)."""
    if not items:
        return ""
    if len(items) <= shown:
        if len(items) == 1:
            return items[0]
        return (
            QCoreApplication.translate("texts", "%1 and %2")
            .replace("%1", ", ".join(items[:-1]))
            .replace("%2", items[-1])
        )
    rest = len(items) - shown
    return (
        QCoreApplication.translate("texts", "%1 and %2 more")
        .replace("%1", ", ".join(items[:shown]))
        .replace("%2", str(rest))
    )
