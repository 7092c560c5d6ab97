"""Akutte: the acute changes of a span of days, each with its handlings, for review."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.cpr import format_cpr
from dosisdesk.services import review
from dosisdesk.services.context import Ctx
from dosisdesk.services.review import AcuteReview
from dosisdesk.ui import texts
from dosisdesk.ui.desk.base import DeskTab, buddy_label, make_table
from dosisdesk.ui.desk.models import (
    AcuteWords,
    ListModel,
    acute_model,
)
from dosisdesk.ui.hub import Changed
from dosisdesk.ui.runner import Runner


class AcuteTab(DeskTab):
    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        today = ctx.today()
        self.first = QDateEdit(texts.qdate(today - timedelta(days=13)))
        self.last = QDateEdit(texts.qdate(today))
        for d, name in ((self.first, self.tr("From")), (self.last, self.tr("To"))):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd-MM-yyyy")
            d.setAccessibleName(name)
        self.team = self._team_combo()
        self.model: ListModel[AcuteReview] = acute_model(self)
        self.view = make_table("acuteView", self.model)
        self.view.setAccessibleName(self.tr("Acute changes"))
        self.view.horizontalHeader().setStretchLastSection(False)
        for col, width in enumerate((130, 150, 100, 230, 200, 130, 220, 190, 110, 90)):
            self.view.horizontalHeader().resizeSection(col, width)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("The acute change"))
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(buddy_label(self.tr("F&rom:"), self.first))
        top.addWidget(self.first)
        top.addWidget(buddy_label(self.tr("T&o:"), self.last))
        top.addWidget(self.last)
        top.addWidget(buddy_label(self.tr("&Team:"), self.team))
        top.addWidget(self.team)
        top.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)
        self.first.dateChanged.connect(self.refresh)
        self.last.dateChanged.connect(self.refresh)
        self.team.currentIndexChanged.connect(self.refresh)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.activated.connect(lambda _i: self._open_selected(self.view))

    def interested(self, what: Changed) -> bool:
        return what.everything or what.queue or bool(what.citizen_ids)

    def _load(self) -> None:
        ctx = self.ctx
        first, last = texts.pydate(self.first.date()), texts.pydate(self.last.date())
        team = self.team.currentData()
        self._run(lambda: review.acute_changes(ctx, first, last, team=team), self._show)

    def _show(self, rows: list[AcuteReview]) -> None:
        self.model.set_rows(rows)
        days = [r.days_to_next_roll for r in rows if r.days_to_next_roll is not None]
        near = sum(1 for d in days if d <= 3)
        mid = sum(1 for d in days if 3 < d <= 7)
        far = sum(1 for d in days if d > 7)
        self.summary.setText(
            self.tr("%n acute change(s).", "", len(rows))
            + " "
            + self.tr(
                "The next roll was, when decided: within 3 days for %1, 4–7 days away for %2, "
                "more than a week away for %3."
            )
            .replace("%1", str(near))
            .replace("%2", str(mid))
            .replace("%3", str(far))
        )
        self.detail.clear()
        self.loaded.emit()

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        r = self.model.row(current.row())
        self.detail.setHtml(acute_html(r))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def acute_html(r: AcuteReview) -> str:
    """The selected acute change in full, for the detail pane."""
    from PySide6.QtCore import QCoreApplication

    reason = QCoreApplication.translate("coordinator", "Reason:")
    doctor = QCoreApplication.translate("coordinator", "Doctor:")
    registered = QCoreApplication.translate("coordinator", "Registered:")
    handling = QCoreApplication.translate("coordinator", "Handling:")
    if_waited = QCoreApplication.translate("coordinator", "If it had waited:")
    follow_up = QCoreApplication.translate("coordinator", "Follow-up in the roll:")
    none = QCoreApplication.translate("coordinator", "none")
    parts = [
        f"<p><b>{_esc(r.citizen_name)}</b> ({format_cpr(r.cpr)}), {_esc(r.team_name)}<br>"
        f"{_esc(texts.kind_label(r.kind))}: {_esc(r.product_label)} {_esc(r.dosage)}</p>",
        f"<p><b>{reason}</b> {_esc(r.reason)}<br><b>{doctor}</b> {_esc(r.doctor)}<br>"
        f"<b>{registered}</b> {texts.fmt_datetime(r.registered_at)}, "
        f"{_esc(r.registered_by_name or r.registered_by)}</p>",
    ]
    if r.handlings:
        items = "".join(
            f"<li>{_esc(texts.handling_label(k))}{': ' + _esc(n) if n else ''}</li>"
            for k, n in r.handlings
        )
        parts.append(f"<p><b>{handling}</b></p><ul>{items}</ul>")
    if r.if_waited_first_day is not None and r.if_waited_deadline is not None:
        waited = AcuteWords().if_waited_detail(
            r.days_to_next_roll or 0,
            texts.fmt_date(r.if_waited_first_day),
            texts.fmt_datetime(r.if_waited_deadline),
        )
        parts.append(f"<p><b>{if_waited}</b> {waited}</p>")
    follow = texts.state_label(r.follow_up_state) if r.follow_up_state else none
    parts.append(f"<p><b>{follow_up}</b> {_esc(follow)}</p>")
    return "".join(parts)
