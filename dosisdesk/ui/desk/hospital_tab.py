"""Hospital: hospital contacts and the 72-hour responsibility windows (R9)."""

from __future__ import annotations

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.services import contacts, review
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ContactDTO
from dosisdesk.ui.desk.base import DeskTab, buddy_label, make_table
from dosisdesk.ui.desk.models import (
    ContactMode,
    contacts_model,
)
from dosisdesk.ui.hub import Changed
from dosisdesk.ui.runner import Runner


class HospitalTab(DeskTab):
    # The most rows a list shows (each list's query stops there; its title says when it did).
    SHOWN = 1000

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.team = self._team_combo()
        self.admitted = contacts_model(ContactMode.ADMITTED, ctx.now, self)
        self.windows = contacts_model(ContactMode.WINDOWS, ctx.now, self)
        self.discharges = contacts_model(ContactMode.DISCHARGES, ctx.now, self)
        self.views: list[QTableView] = []
        self.titles: list[QLabel] = []
        split = QSplitter(Qt.Orientation.Vertical)
        for name, model, title in (
            ("admittedView", self.admitted, self.tr("Admitted now")),
            ("windowsView", self.windows, self.tr("Open 72-hour windows, ending soonest first")),
            ("dischargesView", self.discharges, self.tr("Discharges whose checklist is not done")),
        ):
            box = QWidget()
            box_lay = QVBoxLayout(box)
            box_lay.setContentsMargins(0, 4, 0, 0)
            head = QLabel(title)
            head.setObjectName("sectionTitle")
            view = make_table(name, model)
            view.setAccessibleName(title)
            header = view.horizontalHeader()
            header.resizeSection(0, 170)
            header.resizeSection(1, 95)
            header.resizeSection(2, 300)
            for col in range(3, model.columnCount()):
                header.resizeSection(col, 170)
            view.activated.connect(lambda _i, v=view: self._open_selected(v))
            box_lay.addWidget(head)
            box_lay.addWidget(view, 1)
            split.addWidget(box)
            self.views.append(view)
            self.titles.append(head)
        top = QHBoxLayout()
        top.addWidget(buddy_label(self.tr("&Team:"), self.team))
        top.addWidget(self.team)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        self._base_titles = [t.text() for t in self.titles]
        self.team.currentIndexChanged.connect(self.refresh)

    def interested(self, what: Changed) -> bool:
        return what.everything or what.contacts

    def _load(self) -> None:
        ctx, team = self.ctx, self.team.currentData()

        shown = self.SHOWN

        def job() -> tuple[list[ContactDTO], list[ContactDTO], list[ContactDTO]]:
            return (
                contacts.list_contacts(ctx, admitted_now=True, team=team, limit=shown),
                contacts.list_contacts(ctx, open_only=True, team=team, limit=shown),
                review.pending_discharges(ctx, team=team, limit=shown),
            )

        self._run(job, self._show)

    def _show(self, result: tuple[list[ContactDTO], list[ContactDTO], list[ContactDTO]]) -> None:
        for model, rows, title, base in zip(
            (self.admitted, self.windows, self.discharges),
            result,
            self.titles,
            self._base_titles,
            strict=True,
        ):
            model.set_rows(rows)
            if len(rows) < self.SHOWN:
                title.setText(f"{base} ({len(rows)})")
            else:  # the list stopped there: its count would read as the whole number
                title.setText(
                    self.tr("%1 (the first %2 shown; there may be more: choose a team)")
                    .replace("%1", base)
                    .replace("%2", str(self.SHOWN))
                )
        self.loaded.emit()

    def repaint_countdowns(self) -> None:
        self.windows.refresh_column(self.windows.columnCount() - 1)
