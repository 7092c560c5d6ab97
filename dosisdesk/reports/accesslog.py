"""The citizen's log on paper: every access to one citizen (who, role, when, what), newest first.

Pure Python (no Qt): a CitizenLog DTO as HTML and a print job. For the citizen herself, so the
CPR number is shown in full; nothing about the medicine is on it.
"""

from __future__ import annotations

from dosisdesk.domain.calendar import format_moment_numeric
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.reports.pdf import PrintJob, esc
from dosisdesk.services.accesslog import CitizenLog
from dosisdesk.words import phrase

__all__ = ["accesslog_html", "accesslog_job"]


def accesslog_html(log: CitizenLog) -> str:
    head = (
        "<table class='facts' cellspacing='0' cellpadding='1'>"
        f"<tr><td><b>{esc(phrase('paper.name'))}</b></td><td>{esc(log.name)}</td></tr>"
        f"<tr><td><b>{esc(phrase('paper.cpr'))}</b></td>"
        f"<td>{esc(format_cpr(log.cpr))}</td></tr></table>"
        f"<p class='muted'>{esc(phrase('paper.log.about', day=log.printed_at.date()))}</p>"
    )
    if log.training:
        head = f"<p><b>{esc(phrase('paper.log.training'))}</b></p>" + head
    if not log.rows:
        return head + f"<p>{esc(phrase('paper.log.empty'))}</p>"
    rows = "".join(
        f"<tr><td nowrap>{esc(format_moment_numeric(r.at)).replace(' ', '&nbsp;')}</td>"
        f"<td>{esc(r.who)}</td>"
        f"<td nowrap>{esc(r.role)}</td><td>{esc(r.what)}</td></tr>"
        for r in log.rows
    )
    return head + (
        "<table class='grid' width='100%' cellspacing='0' cellpadding='3'><thead><tr>"
        f"<th width='20%'>{esc(phrase('paper.log.at'))}</th>"
        f"<th width='22%'>{esc(phrase('paper.log.who'))}</th>"
        f"<th width='20%'>{esc(phrase('paper.log.role'))}</th>"
        f"<th width='38%'>{esc(phrase('paper.log.what'))}</th></tr></thead>{rows}</table>"
    )


def accesslog_job(log: CitizenLog) -> PrintJob:
    return PrintJob(
        html=accesslog_html(log),
        title=phrase("paper.log.title", name=log.name),
        title_right=phrase("paper.cpr_short", cpr=format_cpr(log.cpr)),
        subtitle=f"{len(log.rows)} "
        + phrase("paper.log.access_one" if len(log.rows) == 1 else "paper.log.access_many"),
        printed_by=log.printed_by,
        printed_at=log.printed_at,
        note=phrase("paper.confidential"),
        document_name=phrase("paper.log.document", day=log.printed_at.date()),
        training=log.training,
    )
