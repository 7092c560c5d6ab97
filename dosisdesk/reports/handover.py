"""The printed handover summary (R10): a Handover DTO as HTML and a print job.

Pure Python (no Qt): the HTML can be built in a background thread. One block per citizen, a
bordered table that is kept on one page (see reports/pdf.py), headed by the name and the masked
CPR, with one row per thing to act on, most urgent first, and a line for the receiving nurse to
sign. The receiving shift reads it on paper in black and white: severity is written, not coloured.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from dosisdesk.domain.bags import follow_up_text_da
from dosisdesk.domain.queue import HANDLING_DA, KIND_DA, STATE_DA
from dosisdesk.domain.types import (
    REJECTION_TEXT_DA,
    ChangeKind,
    ChangeState,
    HandlingKind,
    Severity,
    Supply,
)
from dosisdesk.reports.pdf import PrintJob, da_date, da_long_date, da_time, esc
from dosisdesk.services.handover import (
    CHECKLIST_DA,
    SHIFT_DA,
    AcuteItem,
    ChangeItem,
    Handover,
    HandoverCitizen,
)

__all__ = ["handover_html", "handover_job", "slot_da", "supply_da"]

SEVERITY_DA = {Severity.HIGH: "HØJ", Severity.REVIEW: "GENNEMGÅ", Severity.INFO: "INFO"}
SUPPLY_DA = {
    Supply.DOSE_ROLL: "i rullen",
    Supply.ORDINARY: "ved siden af rullen",
    Supply.AS_NEEDED: "efter behov",
}
SLOT_DA = {"morning": "morgen", "noon": "middag", "evening": "aften", "night": "nat"}


def supply_da(supply: Supply | None) -> str:
    return SUPPLY_DA[supply] if supply else ""


def slot_da(slot: str) -> str:
    return SLOT_DA.get(slot, f"kl. {slot}")


def _change_text(kind: ChangeKind, product: str, dosage: str, supply: Supply | None) -> str:
    """``Glucophage 500 mg: dosisændring til 1+1+1+0 (i rullen)``."""
    what = KIND_DA[kind].lower()
    if kind in (ChangeKind.DOSE_CHANGE, ChangeKind.NEW) and dosage:
        what += f" {'til' if kind is ChangeKind.DOSE_CHANGE else ''} {dosage}".replace("  ", " ")
    elif kind is ChangeKind.SWITCH_SUPPLY and supply:
        what += f" til {SUPPLY_DA[supply]}"
        if dosage:
            what += f", {dosage}"
    if supply and kind is not ChangeKind.SWITCH_SUPPLY and kind is not ChangeKind.DISCONTINUE:
        what += f" ({SUPPLY_DA[supply]})"
    return f"<b>{esc(product)}</b>: {esc(what)}"


def _acute(a: AcuteItem) -> str:
    parts = [
        _change_text(a.kind, a.product, a.dosage, a.supply)
        + esc(
            f". Besluttet af {a.doctor}, registreret {da_time(a.registered_at)}."
            if a.doctor
            else f". Registreret {da_time(a.registered_at)}."
        )
    ]
    for h in a.handlings:
        text = esc(HANDLING_DA[h.kind])
        if h.bags:
            todo = [b for b in h.bags if b.done_by is None]
            done = [b for b in h.bags if b.done_by is not None]
            if todo:
                bags = ", ".join(f"{da_date(b.day)} {slot_da(b.slot)}" for b in todo)
                text += f" – <b>mangler: {esc(bags)}</b>"
            if done:
                bags = ", ".join(f"{da_date(b.day)} {slot_da(b.slot)} ({b.done_by})" for b in done)
                text += esc(f" – udført: {bags}")
        if h.kind is HandlingKind.DISCARD_BAGS and h.ordinary_until:
            last = h.ordinary_until - timedelta(days=1)
            text += esc(f"; almindelig pakning til og med {da_date(last)}")
        parts.append(text + ".")
    if a.roll_from:
        parts.append(esc(follow_up_text_da(a.kind, a.roll_from, a.effective_date) + "."))
    return "<br/>".join(parts)


def _planned(c: ChangeItem) -> str:
    if c.follow_up_of_day is not None:
        return f"<b>{esc(c.product)}</b>: " + esc(
            f"{follow_up_text_da(c.kind, c.effective_date, c.follow_up_of_day)} "
            f"[{STATE_DA[c.state]}]"
        )
    text = f"Fra {esc(da_date(c.effective_date))}: " + _change_text(
        c.kind, c.product, c.dosage, c.supply
    )
    notes = [STATE_DA[c.state]]
    if c.follow_up:
        notes.append("opfølgning på akut ændring")
    text += esc(f" [{', '.join(notes)}]")
    if c.days_before_roll:
        first, last = c.days_before_roll
        text += esc(
            f". Ordineret fra {da_date(first)}: {da_date(first)} – {da_date(last)} håndteres "
            "poserne, eller medicinen dispenseres manuelt"
        )
    return text


def _missed(c: ChangeItem) -> str:
    times = "1 gang" if c.missed_deadlines == 1 else f"{c.missed_deadlines} gange"
    text = _change_text(c.kind, c.product, c.dosage, c.supply)
    text += esc(
        f" nåede ikke fristen ({times}); flyttet til rullen fra {da_date(c.effective_date)}"
    )
    if c.deadline:
        text += esc(f", ny frist {da_time(c.deadline)}")
    if c.state is ChangeState.REGISTERED:
        text += esc(". Skal bekræftes (tjek i FMK) før fristen")
    return text + "."


def _rows(c: HandoverCitizen, day: date) -> Iterable[tuple[str, str]]:
    for a in c.acute:
        yield "Akut ændring", _acute(a)
    for adm in c.admissions:
        yield (
            "Indlagt",
            esc(
                f"{adm.hospital}, {adm.department}, siden {da_time(adm.since)}. "
                f"Afdelingens tlf. {adm.phone}."
            ),
        )
    for d in c.discharges:
        text = esc(f"{d.hospital}, {d.department}, udskrevet {da_time(d.discharged_at)}.")
        if d.window_open and d.responsibility_until:
            text += (
                f" <b>72-timers ansvar til {esc(da_time(d.responsibility_until))}</b>"
                f" – spørgsmål om medicin: ring til afdelingen, <b>tlf. {esc(d.phone)}</b>."
            )
        if d.missing:
            text += (
                " Tjekliste mangler: " + esc(", ".join(CHECKLIST_DA[k] for k in d.missing)) + "."
            )
        yield "Udskrevet", text
    for p in c.paused:
        text = "Dosisdispensering i bero"
        if p.since:
            text += f" siden {da_time(p.since)}"
        if p.hospital:
            text += f" ({p.hospital}, {p.department})"
        yield "I bero", esc(text + ".")
    for ch in c.roll_changes:
        yield "Ny rulle", _planned(ch)
    for n in c.new_appearance:
        yield (
            "Nyt udseende",
            f"Fra {esc(da_date(n.from_day))}: <b>{esc(n.previous)} {esc(n.strength)}</b>"
            f" pakkes nu som <b>{esc(n.current)}</b>. Tabletterne kan se anderledes ud.",
        )
    for ch in c.missed:
        yield "Frist overskredet", _missed(ch)
    for f in c.flags:
        yield (
            "Dobbeltordination",
            f"<b>{SEVERITY_DA[f.severity]}</b>: "
            + esc(
                f"{f.label_a} ({SUPPLY_DA[f.supply_a]}) og {f.label_b} ({SUPPLY_DA[f.supply_b]})"
            ),
        )
    for r in c.renewals:
        if r.rejected:
            reason = REJECTION_TEXT_DA[r.rejection_reason] if r.rejection_reason else "uden årsag"
            when = f" {da_date(r.decided_at.date())}" if r.decided_at else ""
            yield (
                "Fornyelse afvist",
                f"<b>{esc(r.product)}</b>: " + esc(f"lægen afviste{when}: {reason}. Følg op."),
            )
        else:
            until = da_date(r.valid_until) if r.valid_until else "?"
            expired = r.valid_until is not None and r.valid_until < day
            verb = "udløb" if expired else "udløber"
            yield (
                "Receptfornyelse",
                f"<b>{esc(r.product)}</b>: "
                + esc(f"dosisrecepten {verb} {until}. Send anmodning."),
            )


def _block(number: int, c: HandoverCitizen, day: date) -> str:
    route = f" · rute {c.route_order}" if c.route_order else ""
    rows = "".join(
        f'<tr><td class="label" width="22%">{label}</td><td>{text}</td></tr>'
        for label, text in _rows(c, day)
    )
    return (
        '<table class="block" width="100%" cellspacing="0" cellpadding="3">'
        f'<tr><td class="name" colspan="2"><b>{number}. {esc(c.name)}</b>'
        f"&nbsp;&nbsp;&nbsp;{esc(c.masked_cpr)}{esc(route)}</td></tr>"
        f"{rows}"
        '<tr><td class="sign" colspan="2">Overleveret til og læst af: '
        "______________________________&nbsp;&nbsp;&nbsp;Kl.: __________</td></tr>"
        "</table>"
    )


def handover_html(h: Handover) -> str:
    """The body of the handover summary (header and footer are painted per page)."""
    start, end = h.starts, h.ends
    until = f"kl. {end:%H.%M}" if end.date() == start.date() else da_time(end)
    intro = (
        f"<p>{esc(SHIFT_DA[h.shift])}: {esc(da_time(start))} – {esc(until)}. "
        f"<b>{len(h.citizens)} af {h.team_citizens} borgere</b> i teamet har noget at handle på. "
        "Borgerne står i køreordnen (rute, derefter navn).</p>"
        '<p class="muted">CPR-numre er maskeret. Privatmarkerede ordinationer, diagnoser og '
        "indikationer udskrives aldrig; se borgerens kort for detaljer.</p>"
    )
    if not h.citizens:
        return intro + "<p><b>Ingen borgere i teamet har noget at handle på i denne vagt.</b></p>"
    blocks = "".join(_block(i, c, h.day) for i, c in enumerate(h.citizens, start=1))
    return intro + blocks


def handover_job(h: Handover) -> PrintJob:
    return PrintJob(
        html=handover_html(h),
        title=f"Overlevering · {h.team}",
        title_right=SHIFT_DA[h.shift],
        subtitle=da_long_date(h.day),
        printed_by=h.printed_by,
        printed_at=h.printed_at,
        note="Destrueres efter brug",
        document_name=f"Overlevering {h.team} {h.day:%d-%m-%Y} {SHIFT_DA[h.shift]}",
    )
