"""The citizen's medicine list: a MedicineList DTO as HTML and a print job.

Pure Python (no Qt). For the citizen's dose folder and for the doctor, so the CPR number is shown
in full. Per card: the medicine today, the next roll (or "as today"), and the coming changes with
their first day. Private-marked lines are never on it (the service leaves them out).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from dosisdesk.domain.calendar import (
    format_date_numeric,
    format_day,
)
from dosisdesk.domain.text import format_phone, product_label
from dosisdesk.domain.types import ChangeKind
from dosisdesk.reports.handover import supply_da
from dosisdesk.reports.pdf import PrintJob, esc
from dosisdesk.services.handover import ChangeItem
from dosisdesk.services.medlist import MedCard, MedicineList, MedLine
from dosisdesk.words import CHANGE_KIND, CHANGE_STATE, follow_up_text, phrase

__all__ = ["medlist_html", "medlist_job"]


def _th(key: str, width: str, cls: str = "") -> str:
    css = f" class='{cls}'" if cls else ""
    return f"<th{css} width='{width}'>{esc(phrase('paper.medlist.' + key))}</th>"


def _head() -> str:
    """The medicine table's heading row, in the current language."""
    return (
        "<thead><tr>"
        + _th("product", "24%")
        + _th("strength", "13%")
        + "".join(_th(slot, "9%", "num") for slot in ("morning", "noon", "evening", "night"))
        + _th("supply", "14%")
        + _th("start", "13%")
        + "</tr></thead>"
    )


def _line(ln: MedLine) -> str:
    notes = []
    if ln.change:
        notes.append(ln.change)
    if ln.extra:
        notes.append(ln.extra)
    if ln.supply.value == "as_needed" and ln.dosage:
        notes.append(phrase("paper.medlist.as_needed", dosage=ln.dosage))
    if ln.paused:
        notes.append(phrase("paper.medlist.line_paused"))
    if ln.last_day:
        notes.append(phrase("paper.medlist.until", day=ln.last_day))
    if ln.new_appearance and ln.packed_trade_name:
        notes.append(phrase("paper.medlist.new_appearance", name=ln.packed_trade_name))
    drug = f"<b>{esc(ln.trade_name)}</b><br/><span class='small'>{esc(ln.substance)}</span>"
    if notes:
        drug += f"<br/><span class='small'>{esc('; '.join(notes))}</span>"
    slots = "".join(f"<td class='num'>{esc(a)}</td>" for a in ln.slots)
    return (
        f"<tr><td>{drug}</td><td>{esc(ln.strength)}</td>{slots}"
        f"<td>{esc(supply_da(ln.supply))}</td><td>{esc(format_date_numeric(ln.start))}</td></tr>"
    )


def _table(lines: tuple[MedLine, ...]) -> str:
    """The medicine the citizen takes; paused lines apart, below, without a dose."""
    given = tuple(ln for ln in lines if not ln.paused)
    paused = tuple(ln for ln in lines if ln.paused)
    out = ""
    if given:
        rows = "".join(_line(ln) for ln in given)
        out = (
            f"<table class='grid' width='100%' cellspacing='0' cellpadding='3'>{_head()}{rows}"
            "</table>"
        )
    elif not paused:
        return f"<p>{esc(phrase('paper.medlist.no_lines'))}</p>"
    if paused:
        names = ", ".join(product_label(ln.trade_name, ln.strength) for ln in paused)
        out += f"<p><b>{esc(phrase('paper.medlist.paused_lines'))}</b> {esc(names)}</p>"
    return out


def _change(c: ChangeItem) -> str:
    dose = (
        phrase("paper.medlist.discontinued")
        if c.kind is ChangeKind.DISCONTINUE
        else (c.dosage or "–")
    )
    return (
        f"<tr><td><b>{esc(format_day(c.effective_date, with_year=False)).replace(' ', '&nbsp;')}</b></td>"
        f"<td>{esc(CHANGE_KIND[c.kind])}</td>"
        f"<td>{esc(c.product)}</td><td>{esc(dose)}</td><td>{esc(supply_da(c.supply))}</td>"
        f"<td>{esc(CHANGE_STATE[c.state])}</td></tr>"
    )


def _card(card: MedCard, number: int, count: int) -> str:
    out = []
    if count > 1:
        out.append(
            f"<h2>{esc(phrase('paper.medlist.card_of', number=number, count=count))}"
            f"{esc(card.pharmacy)}, "
            f"{esc(phrase('paper.medlist.packing_group', group=card.packing_group))}</h2>"
        )
    if card.paused:
        since = (
            phrase("paper.medlist.paused_since", at=card.paused_since) if card.paused_since else ""
        )
        out.append(f"<p><b>{esc(phrase('paper.medlist.paused', since=since))}</b></p>")
    cur = card.current_period
    period = ""
    if cur is not None:
        period = phrase("paper.medlist.roll", first=cur.first_day, last=cur.last_day)
    out.append(f"<h2>{esc(phrase('paper.medlist.today', period=period))}</h2>")
    out.append(_table(card.today))
    nxt = card.next_period
    if nxt is not None:
        title = phrase("paper.medlist.next_roll", day=nxt.first_day)
        deadline = phrase("paper.medlist.deadline", at=nxt.deadline)
        out.append(f"<h2>{esc(title)} · {esc(deadline)}</h2>")
        if card.next_same_as_today:
            out.append(f"<p>{esc(phrase('paper.medlist.as_today'))}</p>")
        else:
            out.append(_table(card.next_roll))
    if card.bag_notes:
        out.append(f"<h2>{esc(phrase('paper.medlist.bags_changed'))}</h2>")
        out.append("".join(f"<p>{esc(n)}.</p>" for n in card.bag_notes))
    if card.roll_catch_up:
        out.append(
            "<p class='muted'>"
            + "<br/>".join(
                esc(
                    f"{c.product}: "
                    + follow_up_text(
                        c.kind, c.effective_date, c.follow_up_of_day or c.effective_date
                    )
                )
                for c in card.roll_catch_up
            )
            + "</p>"
        )
    out.append(f"<h2>{esc(phrase('paper.medlist.coming'))}</h2>")
    if card.coming:
        rows = "".join(_change(c) for c in card.coming)
        out.append(
            "<table class='grid' width='100%' cellspacing='0' cellpadding='3'><thead><tr>"
            + _th("first_day", "19%")
            + _th("change", "17%")
            + _th("product", "22%")
            + _th("dosage", "12%")
            + _th("supply", "16%")
            + _th("state", "14%")
            + f"</tr></thead>{rows}</table>"
        )
    else:
        out.append(f"<p>{esc(phrase('paper.medlist.no_changes'))}</p>")
    return "".join(out)


def medlist_html(ml: MedicineList) -> str:
    facts = [
        (phrase("paper.name"), ml.name),
        (phrase("paper.cpr"), ml.cpr),
        (phrase("paper.medlist.address"), ml.address),
        (
            phrase("paper.medlist.gp"),
            phrase("paper.medlist.gp_phone", name=ml.gp_name, phone=format_phone(ml.gp_phone))
            if ml.gp_phone
            else ml.gp_name,
        ),
        (phrase("paper.medlist.home_care"), ml.team),
    ]
    if len(ml.cards) == 1:
        c = ml.cards[0]
        facts.append(
            (
                phrase("paper.medlist.dose_dispensing"),
                phrase("paper.medlist.pharmacy_group", pharmacy=c.pharmacy, group=c.packing_group),
            )
        )
    rows = "".join(
        f"<tr><td><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>" for k, v in facts if v.strip()
    )
    head = (
        f"<table class='facts' cellspacing='0' cellpadding='1'>{rows}</table>"
        f"<p class='muted'>{esc(phrase('paper.medlist.about', day=ml.day))}</p>"
    )
    if not ml.cards:
        return head + f"<p>{esc(phrase('paper.medlist.no_card'))}</p>"
    body = "".join(_card(c, i, len(ml.cards)) for i, c in enumerate(ml.cards, start=1))
    return head + body


def medlist_job(ml: MedicineList) -> PrintJob:
    return PrintJob(
        html=medlist_html(ml),
        title=phrase("paper.medlist.title", name=ml.name),
        title_right=phrase("paper.cpr_short", cpr=ml.cpr),
        subtitle=phrase("paper.medlist.valid_on", day=ml.day),
        printed_by=ml.printed_by,
        printed_at=ml.printed_at,
        note=phrase("paper.medlist.discard_older"),
        document_name=phrase("paper.medlist.document", day=ml.day),
    )


def medlist_pdf(ctx: Any, cpr: str) -> tuple[str, bytes]:
    """The citizen's medicine list as PDF bytes for a message attachment (title, data).

    Rendered like the printed list (private-marked lines never appear) and logged as a print.
    """
    from dosisdesk.reports import pdf
    from dosisdesk.services import handover as ho
    from dosisdesk.services.medlist import medicine_list

    ml = medicine_list(ctx, cpr)
    pdf.ensure_gui_app()
    with tempfile.TemporaryDirectory(prefix="dosisdesk-") as folder:
        path = Path(folder) / "medicinliste.pdf"
        pdf.write_pdf(
            medlist_job(ml), path, before_commit=lambda: ho.record_print(ctx, ml, "medcom")
        )
        return f"Medicinliste {format_date_numeric(ml.day)}", path.read_bytes()
