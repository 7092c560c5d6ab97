"""The citizen's log on paper: every access to one citizen (who, role, when, what), newest first.

Pure Python (no Qt): a CitizenLog DTO as HTML and a print job. For the citizen herself, so the
CPR number is shown in full; nothing about the medicine is on it.
"""

from __future__ import annotations

from dosisdesk.domain.calendar import format_date_numeric, format_long_day, format_moment_numeric
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.reports.pdf import PrintJob, esc
from dosisdesk.services.accesslog import CitizenLog

__all__ = ["accesslog_html", "accesslog_job"]


def accesslog_html(log: CitizenLog) -> str:
    head = (
        "<table class='facts' cellspacing='0' cellpadding='1'>"
        f"<tr><td><b>Navn</b></td><td>{esc(log.name)}</td></tr>"
        f"<tr><td><b>CPR-nummer</b></td><td>{esc(format_cpr(log.cpr))}</td></tr></table>"
        "<p class='muted'>Alle opslag i, udskrifter af og ændringer til borgerens oplysninger i "
        "dosisdesk, med hvem der gjorde det, i hvilken rolle og hvornår (sundhedslovens § 42 a). "
        f"Udtrukket {esc(format_long_day(log.printed_at.date()))}.</p>"
    )
    if log.training:
        head = "<p><b>ØVELSE — øvelsesdatabase, ikke rigtige borgere.</b></p>" + head
    if not log.rows:
        return head + "<p>Ingen registrerede adgange.</p>"
    rows = "".join(
        f"<tr><td nowrap>{esc(format_moment_numeric(r.at)).replace(' ', '&nbsp;')}</td>"
        f"<td>{esc(r.who)}</td>"
        f"<td nowrap>{esc(r.role)}</td><td>{esc(r.what)}</td></tr>"
        for r in log.rows
    )
    return head + (
        "<table class='grid' width='100%' cellspacing='0' cellpadding='3'><thead><tr>"
        "<th width='20%'>Tidspunkt</th><th width='22%'>Hvem</th><th width='20%'>Rolle</th>"
        f"<th width='38%'>Hvad</th></tr></thead>{rows}</table>"
    )


def accesslog_job(log: CitizenLog) -> PrintJob:
    return PrintJob(
        html=accesslog_html(log),
        title=f"Borgerens log · {log.name}",
        title_right=f"CPR {format_cpr(log.cpr)}",
        subtitle=f"{len(log.rows)} {'adgang' if len(log.rows) == 1 else 'adgange'}",
        printed_by=log.printed_by,
        printed_at=log.printed_at,
        note="Fortroligt",
        document_name=f"Borgerens log {format_date_numeric(log.printed_at.date())}",
        training=log.training,
    )
