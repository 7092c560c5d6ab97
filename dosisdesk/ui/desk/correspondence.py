"""The desk's *Korrespondance* tab: messages to the GP and the hospital still waiting for an
answer (and any that failed), oldest first, across the citizens the user may see. *Hent
indbakke* reads the inbox folder; Enter or a double click opens the citizen's card."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.calendar import format_moment_numeric
from dosisdesk.services.context import Ctx
from dosisdesk.ui import texts
from dosisdesk.ui.desk.base import DeskTab
from dosisdesk.ui.hub import Changed
from dosisdesk.ui.runner import Runner


class CorrespondenceTab(DeskTab):
    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.rows: list[Any] = []
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("unanswered")
        self.table.setAccessibleName(self.tr("Unanswered messages"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Sent"),
                self.tr("Citizen"),
                self.tr("CPR"),
                self.tr("Category"),
                self.tr("To"),
                self.tr("Status"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        head = self.table.horizontalHeader()
        for col in range(6):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.inbox_button = QPushButton(self.tr("Fetch in&box"))
        self.inbox_button.setObjectName("desk_fetch_inbox")
        self.inbox_button.setToolTip(self.tr("Read replies and new messages from the inbox folder"))
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.inbox_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        self.inbox_button.clicked.connect(self._on_inbox)
        self.table.itemActivated.connect(self._on_activated)

    def interested(self, what: Changed) -> bool:
        return what.everything or what.flags

    def _load(self) -> None:
        from dosisdesk.services import correspondence as corr

        ctx = self.ctx
        self._run(lambda: corr.unanswered(ctx), self._show)

    def _show(self, rows: list[Any]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, d in enumerate(rows):
            cells = [
                format_moment_numeric(d.created_at),
                d.citizen_name,
                d.masked_cpr,
                d.category_da + (f" »{d.topic}«" if d.topic else ""),
                d.party_name,
                d.status_da,
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 4:
                    item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.title.setText(
            self.tr("Waiting for an answer, oldest first (%1)").replace("%1", str(len(rows)))
        )
        self.loaded.emit()

    @Slot(QTableWidgetItem)
    def _on_activated(self, item: QTableWidgetItem) -> None:
        row = item.row()
        if not 0 <= row < len(self.rows):
            return
        self.open_citizen.emit(self.rows[row].cpr)

    @Slot()
    def _on_inbox(self) -> None:
        from dosisdesk.interop import medcom

        ctx = self.ctx

        def done(rep: Any) -> None:
            self.notice.emit(
                texts.inbox_summary(len(rep.received), len(rep.refused), rep.taken_by_gateway)
            )

        self._write(
            lambda: medcom.scan_inbox(ctx),
            done,
            lambda rep: Changed.correspondence(*(d.citizen_id for d in rep.received)),
        )
