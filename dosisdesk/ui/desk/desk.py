"""The coordinator's desk: the change queue across all citizens, acute changes, double
prescriptions, renewals, supply failures, hospital contacts and the figures, as tabs.

The lead's main window embeds it::

    desk = CoordinatorDesk(ctx, runner)
    desk.open_citizen.connect(window.show_citizen)   # a CPR
    desk.refresh()

A nurse sees it read-only ("Kun læsning"): no button that writes is enabled, and the services
scope her lists to her own team. Every tab loads in the background; a tab that is not shown only
notes that its data changed and loads when it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.types import Role
from dosisdesk.services import review
from dosisdesk.services.context import Ctx
from dosisdesk.services.users import list_teams, list_users
from dosisdesk.ui import texts
from dosisdesk.ui.desk.acute_tab import AcuteTab
from dosisdesk.ui.desk.base import DeskTab, Lookups, Undo
from dosisdesk.ui.desk.correspondence import CorrespondenceTab
from dosisdesk.ui.desk.figures import FiguresTab
from dosisdesk.ui.desk.flags_tab import FlagsTab
from dosisdesk.ui.desk.hospital_tab import HospitalTab
from dosisdesk.ui.desk.periods_tab import PeriodsTab
from dosisdesk.ui.desk.queue_tab import QueueTab
from dosisdesk.ui.desk.renewals_tab import RenewalsTab
from dosisdesk.ui.desk.supply_tab import SupplyTab
from dosisdesk.ui.errors import present
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.keys import tab_title
from dosisdesk.ui.runner import Runner, alive

# How often countdowns are repainted (and a passed deadline reloads the queue).
TICK_MS = 60_000


class CoordinatorDesk(QWidget):
    """The medicine coordinator's workspace (issue 4)."""

    # the user opened a citizen's card from a row (a CPR number)
    open_citizen = Signal(str)

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coordinatorDesk")
        self.ctx = ctx
        self.runner = runner
        self.queue_tab = QueueTab(ctx, runner)
        self.acute_tab = AcuteTab(ctx, runner)
        self.flags_tab = FlagsTab(ctx, runner)
        self.renewals_tab = RenewalsTab(ctx, runner)
        self.supply_tab = SupplyTab(ctx, runner)
        self.hospital_tab = HospitalTab(ctx, runner)
        self.periods_tab = PeriodsTab(ctx, runner)
        self.figures_tab = FiguresTab(ctx, runner)
        from dosisdesk.ui.desk.fmk_tab import FmkDeskTab

        self.fmk_tab = FmkDeskTab(ctx, runner)
        self.correspondence_tab = CorrespondenceTab(ctx, runner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("coordinatorTabs")
        self.tabs.setDocumentMode(True)
        for tab, title in (
            (self.queue_tab, self.tr("&Queue")),
            (self.acute_tab, self.tr("A&cute changes")),
            (self.flags_tab, self.tr("&Double prescriptions")),
            (self.renewals_tab, self.tr("Re&newals")),
            (self.supply_tab, self.tr("&Supply failures")),
            (self.hospital_tab, self.tr("&Hospital")),
            (self.periods_tab, self.tr("&Periods")),
            (self.fmk_tab, self.tr("F&MK")),
            (self.figures_tab, self.tr("&Figures")),
            (self.correspondence_tab, self.tr("C&orrespondence")),
        ):
            self.tabs.addTab(tab, tab_title(title))
            tab.open_citizen.connect(self.open_citizen)
            tab.notice.connect(self._on_notice)
            tab.undoable.connect(self._on_undoable)
        self.figures_tab.export_queue_requested.connect(self.queue_tab.ask_export)

        self.title = QLabel(self.tr("Medicine coordinator's desk"))
        self.title.setObjectName("deskTitle")
        self.read_only_label = QLabel(self.tr("Read only"))
        self.read_only_label.setObjectName("readOnly")
        self.read_only_label.setToolTip(
            self.tr(
                "Nurses can look at the desk; confirming, cancelling and acknowledging "
                "is for medicine coordinators."
            )
        )
        self.read_only_label.setStyleSheet(
            "QLabel#readOnly { background: #fff3cd; border: 1px solid #b08900; "
            "padding: 2px 8px; font-weight: bold; }"
        )
        self.read_only_label.setVisible(self.read_only)
        self.notice = QLabel()
        self.notice.setObjectName("hint")
        self.notice.setAccessibleName(self.tr("Last action"))
        self.notice.setWordWrap(True)
        self._undo: Undo | None = None
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("deskUndo")
        self.undo_button.setEnabled(False)
        self.undo_button.setToolTip(self.tr("Nothing to undo"))
        self.undo_action = QAction(self.tr("Undo the last action"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo_last)
        self.addAction(self.undo_action)
        self.undo_button.clicked.connect(self.undo_last)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.read_only_label)
        head.addStretch(1)
        head.addWidget(self.notice, 4)
        head.addWidget(self.undo_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(head)
        lay.addWidget(self.tabs, 1)

        self.setFocusProxy(self.queue_tab.search)  # keyboard first: the queue's search field
        self.tabs.currentChanged.connect(self._on_tab_changed)
        hub.changed.connect(self._on_hub_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start()
        self._lookups_loaded = False

    @property
    def read_only(self) -> bool:
        return self.ctx.actor.role is Role.NURSE

    @property
    def all_tabs(self) -> list[DeskTab]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]  # type: ignore[misc]

    def refresh(self) -> None:
        """Reload what is shown (the filters' lists first, once); the other tabs reload when
        they are shown next."""
        for tab in self.all_tabs:
            tab.dirty = True
        if not self._lookups_loaded:
            ctx, db = self.ctx, self.ctx.db

            def job() -> Lookups:
                return Lookups(
                    teams=tuple(list_teams(db)),
                    users=tuple((u.username, u.full_name) for u in list_users(db)),
                    pharmacies=tuple(review.pharmacies(ctx)),
                )

            self.runner.run(job, self._on_lookups, lambda exc: present(self, exc))
            return
        self._refresh_current()

    def _on_lookups(self, lookups: Lookups) -> None:
        self._lookups_loaded = True
        for tab in self.all_tabs:
            tab.set_lookups(lookups)
        self._refresh_current()

    def _refresh_current(self) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, DeskTab) and tab.dirty:
            tab.refresh()

    @Slot(int)
    def _on_tab_changed(self, _index: int) -> None:
        if self._lookups_loaded:
            self._refresh_current()

    @Slot(object)
    def _on_hub_changed(self, what: object) -> None:
        if not isinstance(what, Changed) or not alive(self):
            return  # (a desk Qt has already deleted may still hear the hub once)
        for tab in self.all_tabs:
            if tab.interested(what):
                tab.dirty = True
        if self._lookups_loaded:
            self._refresh_current()

    @Slot(str)
    def _on_notice(self, text: str) -> None:
        self.notice.setText(f"{texts.fmt_time(self.ctx.now())}  {text}")
        self.notice.setToolTip(text)

    @Slot(object)
    def _on_undoable(self, item: object) -> None:
        if isinstance(item, Undo):
            self._set_undo(item)

    def _set_undo(self, item: Undo | None) -> None:
        self._undo = item
        self.undo_button.setEnabled(item is not None)
        self.undo_action.setEnabled(item is not None)
        self.undo_button.setToolTip(
            self.tr("Undo: %1 (Ctrl+Z)").replace("%1", item.done)
            if item is not None
            else self.tr("Nothing to undo")
        )

    @property
    def last_undo(self) -> Undo | None:
        """The action Fortryd would undo (None when there is none)."""
        return self._undo

    @Slot()
    def undo_last(self) -> None:
        """Undo the last confirm, cancel or acknowledgement (once): through its service, which
        refuses with a message when it is no longer possible."""
        item, self._undo = self._undo, None
        self._set_undo(None)
        if item is None:
            return

        def ok(_result: object) -> None:
            self._on_notice(self.tr("Undone: %1").replace("%1", item.undone))
            hub.publish(item.what)

        def fail(exc: BaseException) -> None:
            present(self, exc)
            hub.publish(item.what)  # what is shown may be stale: reload it

        self.runner.run(item.run, ok, fail)

    @Slot()
    def _on_tick(self) -> None:
        if self.tabs.currentWidget() is self.queue_tab and not self.queue_tab.model.loading:
            self.queue_tab.repaint_countdowns()
        if self.tabs.currentWidget() is self.hospital_tab:
            self.hospital_tab.repaint_countdowns()
