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
    format_date,
    format_date_numeric,
    format_day,
    format_long_day,
    format_moment,
)
from dosisdesk.domain.text import format_phone
from dosisdesk.domain.types import ChangeKind
from dosisdesk.reports.handover import supply_da
from dosisdesk.reports.pdf import PrintJob, esc
from dosisdesk.services.handover import ChangeItem
from dosisdesk.services.medlist import MedCard, MedicineList, MedLine
from dosisdesk.words import CHANGE_KIND, CHANGE_STATE, follow_up_text

__all__ = ["medlist_html", "medlist_job"]

_HEAD = (
    "<thead><tr><th width='24%'>Lægemiddel</th><th width='13%'>Styrke</th>"
    "<th class='num' width='9%'>Morgen</th><th class='num' width='9%'>Middag</th>"
    "<th class='num' width='9%'>Aften</th><th class='num' width='9%'>Nat</th>"
    "<th width='14%'>Forsyning</th><th width='13%'>Start</th></tr></thead>"
)


def _line(ln: MedLine) -> str:
    notes = []
    if ln.change:
        notes.append(ln.change)
    if ln.extra:
        notes.append(ln.extra)
    if ln.supply.value == "as_needed" and ln.dosage:
        notes.append(f"efter behov: {ln.dosage}")
    if ln.paused:
        notes.append("I BERO – gives ikke")
    if ln.last_day:
        notes.append(f"til og med {format_date(ln.last_day, with_year=False)}")
    if ln.new_appearance and ln.packed_trade_name:
        notes.append(f"nyt udseende: pakkes som {ln.packed_trade_name}")
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
            f"<table class='grid' width='100%' cellspacing='0' cellpadding='3'>{_HEAD}{rows}"
            "</table>"
        )
    elif not paused:
        return "<p>Ingen ordinationer.</p>"
    if paused:
        names = ", ".join(f"{ln.trade_name} {ln.strength}".strip() for ln in paused)
        out += f"<p><b>Sat i bero – gives ikke:</b> {esc(names)}</p>"
    return out


def _change(c: ChangeItem) -> str:
    dose = "seponeres" if c.kind is ChangeKind.DISCONTINUE else (c.dosage or "–")
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
            f"<h2>Dosisdispenseringskort {number} af {count}: {esc(card.pharmacy)}, "
            f"pakkegruppe {esc(card.packing_group)}</h2>"
        )
    if card.paused:
        since = (
            f" siden {format_moment(card.paused_since, with_year=False)}"
            if card.paused_since
            else ""
        )
        out.append(f"<p><b>Dosisdispenseringen er sat i bero{esc(since)}.</b></p>")
    cur = card.current_period
    period = ""
    if cur is not None:
        first, last = (
            format_date(cur.first_day, with_year=False),
            format_date(cur.last_day, with_year=False),
        )
        period = f" (rullen {first} – {last})"
    out.append(f"<h2>Medicin i dag{esc(period)}</h2>")
    out.append(_table(card.today))
    nxt = card.next_period
    if nxt is not None:
        title = f"Næste rulle fra {format_day(nxt.first_day, with_year=False)}"
        deadline = f"frist for ændringer {format_moment(nxt.deadline, with_year=False)}"
        out.append(f"<h2>{esc(title)} · {esc(deadline)}</h2>")
        if card.next_same_as_today:
            out.append("<p>Som i dag.</p>")
        else:
            out.append(_table(card.next_roll))
    if card.bag_notes:
        out.append("<h2>Poser i rullen, der er ændret</h2>")
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
    out.append("<h2>Kommende ændringer</h2>")
    if card.coming:
        rows = "".join(_change(c) for c in card.coming)
        out.append(
            "<table class='grid' width='100%' cellspacing='0' cellpadding='3'><thead><tr>"
            "<th width='19%'>Første dag</th><th width='17%'>Ændring</th>"
            "<th width='22%'>Lægemiddel</th><th width='12%'>Dosering</th>"
            f"<th width='16%'>Forsyning</th><th width='14%'>Status</th></tr></thead>{rows}</table>"
        )
    else:
        out.append("<p>Ingen registrerede ændringer.</p>")
    return "".join(out)


def medlist_html(ml: MedicineList) -> str:
    facts = [
        ("Navn", ml.name),
        ("CPR-nummer", ml.cpr),
        ("Adresse", ml.address),
        (
            "Egen læge",
            f"{ml.gp_name}, tlf. {format_phone(ml.gp_phone)}" if ml.gp_phone else ml.gp_name,
        ),
        ("Hjemmepleje", ml.team),
    ]
    if len(ml.cards) == 1:
        c = ml.cards[0]
        facts.append(("Dosisdispensering", f"{c.pharmacy}, pakkegruppe {c.packing_group}"))
    rows = "".join(
        f"<tr><td><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>" for k, v in facts if v.strip()
    )
    head = (
        f"<table class='facts' cellspacing='0' cellpadding='1'>{rows}</table>"
        f"<p class='muted'>Gælder pr. {esc(format_long_day(ml.day))}. Doser er antal tabletter "
        "eller enheder pr. gang. Listen viser ikke privatmarkerede ordinationer.</p>"
    )
    if not ml.cards:
        return head + "<p>Borgeren har intet dosisdispenseringskort.</p>"
    body = "".join(_card(c, i, len(ml.cards)) for i, c in enumerate(ml.cards, start=1))
    return head + body


def medlist_job(ml: MedicineList) -> PrintJob:
    return PrintJob(
        html=medlist_html(ml),
        title=f"Medicinliste · {ml.name}",
        title_right=f"CPR {ml.cpr}",
        subtitle=f"Gælder pr. {format_long_day(ml.day)}",
        printed_by=ml.printed_by,
        printed_at=ml.printed_at,
        note="Ældre udgaver kasseres",
        document_name=f"Medicinliste {format_date_numeric(ml.day)}",
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
