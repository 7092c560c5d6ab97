"""The printed handover summary (R10): a Handover DTO as HTML and a print job.

Pure Python (no Qt): the HTML can be built in a background thread. The sheet is a triage list
(:mod:`dosisdesk.domain.triage`): one section per urgency, most urgent first, each citizen in
it as a small bordered table (kept on one page, see reports/pdf.py) with the name, route and
masked CPR beside what to do; the short list at the end is one line per citizen; one line for
the receiving nurse to sign at the end. The receiving shift reads it on paper in black and
white: severity and the expired prescription are written in words (the red only repeats them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from dosisdesk.domain.calendar import (
    format_date,
    format_day,
    format_long_day,
    format_moment,
    format_time,
    to_cph,
)
from dosisdesk.domain.renewals import RenewalUrgency
from dosisdesk.domain.text import format_phone
from dosisdesk.domain.triage import BagTiming, Urgency
from dosisdesk.domain.types import ChangeKind, ChangeState, HandlingKind, Supply
from dosisdesk.reports.pdf import PrintJob, esc
from dosisdesk.services.handover import (
    AcuteItem,
    AdmissionItem,
    ChangeItem,
    DischargeItem,
    FlagItem,
    Handover,
    NewAppearanceItem,
    PauseItem,
    RenewalItem,
    TriageRow,
)
from dosisdesk.words import (
    CHANGE_KIND,
    CHANGE_STATE,
    FOLLOW_UP,
    HANDLING_KIND,
    HANDOVER_CHECKLIST,
    REJECTION_REASON,
    RENEWAL_URGENCY_WORD,
    SHIFT,
    TRIAGE_SECTION,
    follow_up_text,
    label,
    phrase,
    renewal_text,
    slot_name,
)

__all__ = ["handover_html", "handover_job", "slot_da", "supply_da"]


def supply_da(supply: Supply | None) -> str:
    """A line's supply as the paper writes it ("i rullen"), in the current language."""
    return label("supply_paper", supply) if supply else ""


def slot_da(slot: str) -> str:
    """A bag's slot ("morgen", "kl. 14:00"), in the current language."""
    return slot_name(slot)


def _p(key: str, **params: object) -> str:
    """The handover sheet's words: ``paper.handover.<key>`` of the paper table."""
    return phrase("paper.handover." + key, **params)


def _change_text(kind: ChangeKind, product: str, dosage: str, supply: Supply | None) -> str:
    """``Glucophage 500 mg: dosisændring til 1+1+1+0 (i rullen)``."""
    what = CHANGE_KIND[kind].lower()
    if kind in (ChangeKind.DOSE_CHANGE, ChangeKind.NEW) and dosage:
        to = _p("to") if kind is ChangeKind.DOSE_CHANGE else ""
        what += f" {to} {dosage}".replace("  ", " ")
    elif kind is ChangeKind.SWITCH_SUPPLY and supply:
        what += f" {_p('to')} {supply_da(supply)}"
        if dosage:
            what += f", {dosage}"
    if supply and kind is not ChangeKind.SWITCH_SUPPLY and kind is not ChangeKind.DISCONTINUE:
        what += f" ({supply_da(supply)})"
    return f"<b>{esc(product)}</b>: {esc(what)}"


def _planned(c: ChangeItem, day: date) -> str:
    if c.follow_up_of_day is not None:
        return f"<b>{esc(c.product)}</b>: " + esc(
            f"{follow_up_text(c.kind, c.effective_date, c.follow_up_of_day)} "
            f"[{CHANGE_STATE[c.state]}]"
        )
    text = f"{_from_day(c.effective_date, day).capitalize()}: " + _change_text(
        c.kind, c.product, c.dosage, c.supply
    )
    notes = [CHANGE_STATE[c.state]]
    if c.follow_up:
        notes.append(_p("follow_up_note"))
    text += esc(f" [{', '.join(notes)}]")
    if c.days_before_roll:
        first, last = c.days_before_roll
        text += esc(_p("before_roll", first=first, last=last))
    return text


def _missed(c: ChangeItem, day: date) -> str:
    times = _p("times", n=c.missed_deadlines) if c.missed_deadlines > 1 else ""
    text = _change_text(c.kind, c.product, c.dosage, c.supply)
    text += esc(_p("missed", times=times, roll=format_day(c.effective_date, today=day)))
    if c.deadline:
        text += esc(_p("new_deadline", deadline=format_moment(c.deadline, today=day)))
    if c.state is ChangeState.REGISTERED:
        text += esc(_p("confirm"))
    return text + "."


def _acute_bags(a: AcuteItem, day: date) -> str:
    """The acute change with its bags split as the shift sees them: to do now (or overdue),
    later, done."""
    registered = (
        format_time(a.registered_at)
        if a.registered_at.date() == day
        else format_moment(a.registered_at, with_year=False)
    )
    parts = [
        _change_text(a.kind, a.product, a.dosage, a.supply)
        + esc(f" ({a.doctor}, {registered})." if a.doctor else f" ({registered}).")
    ]
    for h in a.handlings:
        text = esc(HANDLING_KIND[h.kind])
        bags = h.shift_bags()
        if bags.due:
            listed = ", ".join(
                f"{format_day(b.day, today=day)} {slot_da(b.slot)}"
                + (_p("overdue") if b.timing is BagTiming.OVERDUE else "")
                for b in bags.due
            )
            text += f" – <b>{esc(_p('in_shift', listed=listed))}</b>"
        if bags.later:
            listed = ", ".join(
                f"{format_day(b.day, today=day)} {slot_da(b.slot)}" for b in bags.later
            )
            text += esc(_p("later", listed=listed))
        if bags.done:
            listed = ", ".join(
                f"{format_day(b.day, today=day)} {slot_da(b.slot)} ({b.done_by})" for b in bags.done
            )
            text += esc(_p("done", listed=listed))
        if h.kind is HandlingKind.DISCARD_BAGS and h.ordinary_until:
            last = h.ordinary_until - timedelta(days=1)
            text += esc(_p("ordinary_until", day=last))
        parts.append(text + ".")
    if a.roll_from:
        parts.append(esc(f"{FOLLOW_UP[a.kind]} {format_day(a.roll_from, today=day)}"))
    return " ".join(parts)


def _renewal(r: RenewalItem, day: date) -> tuple[str, str]:
    if r.rejected:
        reason = REJECTION_REASON[r.rejection_reason] if r.rejection_reason else _p("no_reason")
        when = f" {format_date(r.decided_at.date(), today=day)}" if r.decided_at else ""
        return (
            _p("renewal_rejected"),
            f"<b>{esc(r.product)}</b>: " + esc(_p("rejected", when=when, reason=reason)),
        )
    if r.valid_until is None:
        return _p("renewal"), f"<b>{esc(r.product)}</b>: " + esc(_p("send_request"))
    text = renewal_text(r.valid_until, day)
    if r.urgency is RenewalUrgency.EXPIRED:
        return (
            "",
            f'<span style="color:#b00000"><b>{RENEWAL_URGENCY_WORD[r.urgency]}</b></span> '
            f"<b>{esc(r.product)}</b>: " + esc(f"{text}."),
        )
    return _p("renewal"), f"<b>{esc(r.product)}</b> " + esc(f"{text}.")


def _phone(number: str) -> str:
    """A phone number that does not wrap."""
    return esc(format_phone(number)).replace(" ", "&nbsp;")


def _from_day(first: date, day: date) -> str:
    """``fra i dag``, ``fra i morgen`` or ``fra tor 03-12-2026``."""
    if first == day:
        return _p("from_today")
    if first == day + timedelta(days=1):
        return _p("from_tomorrow")
    return esc(_p("from_day", day=first))


def _entry(section: str, item: Any, day: date) -> tuple[str, str]:
    """One thing to act on: its label and its text."""
    if section == "acute":
        return _p("section.acute"), _acute_bags(item, day)
    if section == "admissions":
        adm: AdmissionItem = item
        return (
            _p("section.admissions"),
            esc(
                _p(
                    "admitted",
                    hospital=adm.hospital,
                    department=adm.department,
                    since=format_date(to_cph(adm.since).date(), today=day),
                )
            )
            + f"{esc(_p('call'))} <b>{esc(_p('phone'))}&nbsp;{_phone(adm.phone)}</b>.",
        )
    if section == "discharges":
        d: DischargeItem = item
        text = esc(
            _p("discharged", hospital=d.hospital, department=d.department, at=d.discharged_at)
        )
        if d.window_open and d.responsibility_until:
            text += (
                f" <b>{esc(_p('responsibility', until=d.responsibility_until))}</b>"
                f" – {esc(_p('call_department'))} <b>{esc(_p('phone'))}&nbsp;{_phone(d.phone)}</b>."
            )
        if d.missing:
            text += (
                " "
                + esc(_p("checklist_missing"))
                + esc(", ".join(HANDOVER_CHECKLIST[k] for k in d.missing))
                + "."
            )
        return _p("section.discharges"), text
    if section == "paused":
        p: PauseItem = item
        since = _p("paused_since", day=p.since.date()) if p.since else ""
        return _p("section.paused"), esc(_p("paused", since=since))
    if section == "roll_changes":
        return _p("section.roll_changes"), _planned(item, day)
    if section == "new_appearance":
        n: NewAppearanceItem = item
        return (
            _p("section.new_appearance"),
            f"<b>{esc(n.previous)} {esc(n.strength)}</b> {esc(_p('is_now'))} <b>{esc(n.current)}</b>"
            f" ({_from_day(n.from_day, day)}).",
        )
    if section == "missed":
        return _p("section.missed"), _missed(item, day)
    if section == "flags":
        f: FlagItem = item
        return (
            _p("section.flags"),
            f"<b>{esc(_p('severity.' + f.severity.value))}</b>: "
            + esc(_p("flag", a=f.label_a, supply_a=f.supply_a, b=f.label_b, supply_b=f.supply_b)),
        )
    return _renewal(item, day)


def _row(r: TriageRow, day: date) -> str:
    """A citizen's row in a section: route, name and masked CPR, what to do."""
    lines = []
    for section, item in r.entries:
        label, text = _entry(section, item, day)
        lines.append(f"<b>{esc(label)}:</b> {text}" if label else text)
    c = r.citizen
    who = f'<span class="who"><b>{esc(c.name)}</b> {esc(c.masked_cpr)}</span>'
    return (
        '<table class="tri" width="100%" cellspacing="0" cellpadding="1">'
        f'<tr><td class="route" width="4%">{c.route_order or ""}</td>'
        f"<td>{who} · {'<br/>'.join(lines)}</td></tr></table>"
    )


def _short_entry(section: str, item: Any, day: date) -> str:
    if section == "renewals" and item.valid_until is not None:
        return f"{esc(item.product)} {esc(renewal_text(item.valid_until, day))}"
    label, text = _entry(section, item, day)
    return f"{esc(label)}: {text}"


def _short_list(rows: Sequence[TriageRow], day: date) -> str:
    """The short list: one cell per citizen, two to a line, in route order."""
    cells = []
    for r in rows:
        c = r.citizen
        route = f"{c.route_order}. " if c.route_order else ""
        cells.append(
            f"{esc(route)}<b>{esc(c.name)}</b> {esc(c.masked_cpr)}: "
            + "; ".join(_short_entry(section, item, day) for section, item in r.entries)
        )
    # two to a line, read across: each line its own block, so the list may go on over a page
    pairs = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    return "".join(
        '<table class="short" width="100%" cellspacing="0" cellpadding="1">'
        f'<tr><td width="50%">{p[0]}</td><td width="50%">{p[1] if len(p) > 1 else ""}</td></tr>'
        "</table>"
        for p in pairs
    )


def handover_html(h: Handover) -> str:
    """The body of the handover summary (header and footer are painted per page): one section
    per urgency, most urgent first, each citizen in route order within it."""
    start, end = h.starts, h.ends
    until = format_time(end) if end.date() == start.date() else format_moment(end, with_year=False)
    intro = (
        f"<p>{esc(SHIFT[h.shift])}: {esc(format_moment(start, with_year=False))} – {esc(until)}. "
        f"<b>{esc(_p('count', n=len(h.citizens), total=h.team_citizens))}</b> "
        f"{esc(_p('intro'))}</p>"
        f'<p class="muted">{esc(_p("privacy"))}</p>'
    )
    if not h.citizens:
        body = f"<p><b>{esc(_p('nothing'))}</b></p>"
    else:
        parts = []
        for urgency in Urgency:
            rows = h.section(urgency)
            if not rows:
                continue
            heading = esc(TRIAGE_SECTION[urgency])
            if urgency is Urgency.EXPIRED:
                heading = f'<span style="color:#b00000">{heading}</span>'
            parts.append(f'<h2 class="sec">{heading} ({len(rows)})</h2>')
            if urgency is Urgency.SHORT_LIST:
                parts.append(_short_list(rows, h.day))
            else:
                parts.extend(_row(r, h.day) for r in rows)
        body = "".join(parts)
    notes = []
    if not h.office_hours:
        notes.append(_p("day_shift_has"))
    elif not h.short_list:
        notes.append(_p("short_list_left_out"))
    tail = "".join(f'<p class="muted">{esc(n)}</p>' for n in notes)
    sign = (
        f'<p class="sign">{esc(_p("received_by"))} '
        f"______________________________&nbsp;&nbsp;&nbsp;{esc(_p('clock'))} __________</p>"
    )
    return intro + body + tail + sign


def handover_job(h: Handover) -> PrintJob:
    return PrintJob(
        html=handover_html(h),
        title=_p("title", team=h.team),
        title_right=SHIFT[h.shift],
        subtitle=format_long_day(h.day),
        printed_by=h.printed_by,
        printed_at=h.printed_at,
        note=_p("destroy"),
        document_name=_p("document", team=h.team, day=h.day, shift=SHIFT[h.shift]),
    )
