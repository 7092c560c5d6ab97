"""The main window: find a citizen on the left, read the card on the right.

The window is shown before the database is open (``app.py`` opens it in the background and then
calls :meth:`MainWindow.set_session`). All database work runs in the window's runner.

Size: the main window: the citizen list, the card, the desk as a second workspace, menus,
shortcuts and settings.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QSettings,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.cpr import format_cpr, mask_cpr
from dosisdesk.domain.types import Role
from dosisdesk.ui import texts
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.keys import tab_title
from dosisdesk.ui.messages import bridge
from dosisdesk.ui.nurse.citizen_list import CitizenListView
from dosisdesk.ui.nurse.citizen_model import CitizenListModel
from dosisdesk.ui.painted import after_next_paint
from dosisdesk.ui.queue_clock import QueueClock
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.tabs import SteadyTabWidget

if TYPE_CHECKING:  # the services pull in SQLAlchemy: not before the window is shown
    from dosisdesk.services.context import Ctx
    from dosisdesk.services.dto import CardView
    from dosisdesk.services.search import CitizenRow
    from dosisdesk.services.users import DatabaseInfo
    from dosisdesk.ui.nurse.card import CardWidget

log = logging.getLogger("dosisdesk.ui")

SEARCH_DEBOUNCE_MS = 150
SELECT_DEBOUNCE_MS = 120
# "Working…" and the busy cursor show only when background work lasts this long: a search
# keystroke's few milliseconds no longer change the cursor and the status bar twice.
BUSY_SHOW_MS = 200
ALL_TEAMS = ""  # the team combo's data for "all teams"


def describe_database(url: str) -> str:
    """``SQLite: /home/…/dosisdesk.sqlite`` or ``PostgreSQL: server/database`` (no password)."""
    from sqlalchemy.engine import make_url

    try:
        u = make_url(url)
    except Exception:
        return url
    if u.get_backend_name() == "sqlite":
        return f"SQLite: {u.database or ':memory:'}"
    host = u.host or "localhost"
    port = f":{u.port}" if u.port else ""
    return f"PostgreSQL: {host}{port}/{u.database or ''}"


class CitizenSearch(QWidget):
    """The search field, the team filter and the list."""

    citizen_chosen = Signal(object)  # CitizenRow or None

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("CPR number or name"))
        self.search.setAccessibleName(self.tr("Search citizens"))
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("searchField")
        self.team = QComboBox()
        self.team.setAccessibleName(self.tr("Team"))
        self.model = CitizenListModel(runner, parent=self)
        self.view = CitizenListView(self.model)
        self.view.setObjectName("citizenList")
        self.view.setAccessibleName(self.tr("Citizens"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setAlternatingRowColors(True)
        self.view.setTabKeyNavigation(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(CitizenListModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        # The CPR and team columns as wide as their widest text, measured when the teams or the
        # font change (:meth:`_fit_columns`): sizing them to the rows' contents asked the model
        # for every loaded cell on every keystroke (6-10 ms of a page of 100).
        for col in (CitizenListModel.COL_CPR, CitizenListModel.COL_TEAM):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        self._teams: set[str] = set()
        header.resizeSection(CitizenListModel.COL_ATTENTION, 120)
        self.count = QLabel()
        self.count.setObjectName("hint")
        search_label = QLabel(self.tr("Find citi&zen:"))
        search_label.setBuddy(self.search)
        team_label = QLabel(self.tr("T&eam:"))
        team_label.setBuddy(self.team)
        row = QHBoxLayout()
        row.addWidget(team_label)
        row.addWidget(self.team, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 0, 6)
        lay.addWidget(search_label)
        lay.addWidget(self.search)
        lay.addLayout(row)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.count)
        self.setTabOrder(self.search, self.team)
        self.setTabOrder(self.team, self.view)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._on_search_due)
        self._select = QTimer(self)
        self._select.setSingleShot(True)
        self._select.setInterval(SELECT_DEBOUNCE_MS)
        self._select.timeout.connect(self._on_select_due)
        self._keep_id: int | None = None
        # Enter or Down asked for the list while the last search's rows were still shown: the
        # new page's first row is selected when it comes, never a row of the last search
        self._first_when_loaded = False
        self.search.textChanged.connect(self._on_text_changed)
        self.search.returnPressed.connect(self._on_return_pressed)
        self.search.installEventFilter(self)
        self.team.currentIndexChanged.connect(self._on_team_changed)
        self.model.page_loaded.connect(self._on_page_loaded)
        self.model.modelAboutToBeReset.connect(self._on_about_to_reset)
        self.model.load_failed.connect(self._on_load_failed)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.view.activated.connect(self._on_activated)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The CPR column as wide as a CPR number (every one is as wide, in any digits), the
        team column as wide as the widest team name known, each at least its heading."""
        view = self.view
        header = view.horizontalHeader()
        metrics = view.fontMetrics()
        margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) + 2
        cpr = max(metrics.horizontalAdvance(format_cpr(d * 10)) for d in "0123456789")
        team = max((metrics.horizontalAdvance(t) for t in self._teams), default=0)
        for col, text in ((CitizenListModel.COL_CPR, cpr), (CitizenListModel.COL_TEAM, team)):
            header.resizeSection(col, max(text + margin, header.sectionSizeHint(col)))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_columns()

    # -- session ------------------------------------------------------------

    def set_teams(
        self, teams: list[str], own: str | None, restricted: bool, last: str | None
    ) -> None:
        self._teams = {t for t in (*teams, own) if t}
        self._fit_columns()
        with_signals = self.team.blockSignals(True)
        self.team.clear()
        if restricted and own:
            self.team.addItem(self.tr("My team (%1)").replace("%1", own), own)
            self.team.setEnabled(False)
            self.team.setToolTip(self.tr("Nurses see the citizens of their own team."))
        else:
            self.team.setEnabled(True)
            self.team.setToolTip("")
            if own:
                self.team.addItem(self.tr("My team (%1)").replace("%1", own), own)
            self.team.addItem(self.tr("All teams"), ALL_TEAMS)
            for t in teams:
                if t != own:
                    self.team.addItem(t, t)
            if last is not None:
                i = self.team.findData(last)
                if i >= 0:
                    self.team.setCurrentIndex(i)
        self.team.blockSignals(with_signals)

    def current_team(self) -> str | None:
        data = self.team.currentData()
        return str(data) if data else None

    def start(self, fetcher: Any, log: Any = None) -> None:
        self.model.set_fetcher(fetcher, log)
        self.model.set_query(self.search.text(), self.current_team())

    def clear(self) -> None:
        self.model.set_fetcher(None, None)
        self.model.set_query("", None)

    # -- events -------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self._focus_list()
                return True
        return super().eventFilter(watched, event)

    def _focus_list(self) -> None:
        self.view.setFocus()
        if self.model.replacing:  # the rows shown are the last search's (model.replacing)
            self.view.clearSelection()
            self._first_when_loaded = True
            return
        if not self.view.selectionModel().hasSelection() and self.model.rowCount() > 0:
            self.view.selectRow(max(self.view.currentIndex().row(), 0))

    @Slot(str)
    def _on_text_changed(self, _text: str) -> None:
        self._debounce.start()

    @Slot()
    def _on_search_due(self) -> None:
        self.model.set_query(self.search.text(), self.current_team())

    @Slot()
    def _on_return_pressed(self) -> None:
        if self._debounce.isActive():
            self._debounce.stop()
            self._on_search_due()
        self._focus_list()

    @Slot(int)
    def _on_team_changed(self, _i: int) -> None:
        self._debounce.stop()
        self._on_search_due()

    @Slot()
    def _on_about_to_reset(self) -> None:
        idx = self.view.currentIndex()
        self._keep_id = (  # the citizen selected stays selected when the same rows reload
            self.model.citizen(idx.row()).id
            if idx.isValid() and idx.row() < self.model.rowCount() and not self.model.replacing
            else None
        )

    @Slot(int)
    def _on_page_loaded(self, count: int) -> None:
        new_teams = {r.team_name for r in self.model.rows if r.team_name} - self._teams
        if new_teams:  # a team created after sign-in
            self._teams |= new_teams
            self._fit_columns()
        more = self.model.canFetchMore(QModelIndex())
        if count == 0:
            self.count.setText(self.tr("No citizens match."))
        elif more:
            self.count.setText(self.tr("%n citizen(s) shown, scroll for more", "", count))
        else:
            self.count.setText(self.tr("%n citizen(s)", "", count))
        if self._keep_id is not None:
            row = self.model.row_of(self._keep_id)
            if row >= 0:
                self.view.selectionModel().blockSignals(True)
                self.view.selectRow(row)
                self.view.selectionModel().blockSignals(False)
        self._keep_id = None
        if self._first_when_loaded:
            self._first_when_loaded = False
            if count > 0 and self.view.hasFocus():
                self.view.selectRow(0)

    @Slot(object)
    def _on_load_failed(self, exc: object) -> None:
        self._first_when_loaded = False
        from dosisdesk.ui.errors import present

        self.count.setText(self.tr("The list could not be loaded."))
        if isinstance(exc, BaseException):
            present(self, exc)

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        self._select.start()

    @Slot()
    def _on_select_due(self) -> None:
        if self.model.replacing:  # a row of the last search: its page is about to go
            return
        self.citizen_chosen.emit(self.selected())

    @Slot(QModelIndex)
    def _on_activated(self, _index: QModelIndex) -> None:
        self._select.stop()
        if self.model.replacing:
            return
        self.citizen_chosen.emit(self.selected())

    def selected(self) -> CitizenRow | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.citizen(rows[0].row())

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)
        self._select.stop()
        self.citizen_chosen.emit(self.selected())


class MainWindow(QMainWindow):
    """Find a citizen; read and change the card."""

    switch_user_requested = Signal()
    session_started = Signal(object)  # Ctx

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)  # an FMK file dropped on the window is read
        self._fmk: Any = None
        self.runner = Runner(self)
        self.runner.default_error = self._on_job_failed
        # The audit entries of the lists shown, written one after another in the order shown,
        # off the GUI thread (see :meth:`wait_idle`).
        self.log_writer = Runner(self, max_threads=1)
        self.log_writer.default_error = self._on_job_failed
        self.ctx: Ctx | None = None
        self.db_info: DatabaseInfo | None = None
        self.dialog: QDialog | None = None  # the last dialog opened (tests, screenshots)
        self.help_dialog: QDialog | None = None  # F1: the help page, while open
        self.citizens = CitizenSearch(self.runner)
        # The card (all its tabs) is built when the first citizen is opened (:attr:`card`);
        # until then its empty state stands in, so start-up shows the list without paying for it.
        self._card: CardWidget | None = None
        self._card_stand_in = QLabel(texts.card_empty_text())
        self._card_stand_in.setObjectName("emptyState")
        self._card_stand_in.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._card_stand_in.setWordWrap(True)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.citizens)
        self.splitter.addWidget(self._card_stand_in)
        # The list grows with the window too (a third of the extra width), and widens itself
        # when a name would be cut (see _fit_citizen_list), each name measured once per font.
        self._name_widths: dict[str, int] = {}
        self._name_font = QFont()
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([480, 920])
        self.splitter.setChildrenCollapsible(False)
        # Two workspaces: the citizens (find, read, change the card) and the coordinator's desk
        # (the queue across all citizens and the figures), created when someone signs in.
        self.workspaces = SteadyTabWidget()
        self.workspaces.setObjectName("workspaces")
        self.workspaces.setDocumentMode(True)
        self.workspaces.addTab(self.splitter, tab_title(self.tr("&Citizens")))
        self.workspaces.setAccessibleName(self.tr("Workspaces"))
        # The coordinator's desk (QtCharts and all its tabs) is built when first opened: a tab
        # stands in for it until then, so start-up shows the citizen list without paying for it.
        self._desk: Any = None
        self._desk_ctx: Ctx | None = None
        self._desk_slot: QWidget | None = None
        self.workspaces.currentChanged.connect(self._on_workspace_changed)
        # The lock page hides all health data while the screen is locked (ui/idlelock.py).
        self.lock_page = QLabel(self.tr("Locked. Sign in again to go on."))
        self.lock_page.setObjectName("lockPage")
        self.lock_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.workspaces)
        self.stack.addWidget(self.lock_page)
        self.locked = False
        self._hidden_dialogs: list[QDialog] = []
        self._title_before_lock = ""
        self._enabled_before_lock: dict[QAction, bool] = {}
        self.setCentralWidget(self.stack)
        self._make_actions()
        self._make_status_bar()
        self.citizens.citizen_chosen.connect(self._on_citizen_chosen)
        self.citizens.model.page_loaded.connect(self._fit_citizen_list)
        self._busy_shown = False
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_SHOW_MS)
        self._busy_timer.timeout.connect(self._show_busy)
        self.runner.busy_changed.connect(self._on_busy_changed)
        hub.changed.connect(self._on_hub_changed)
        self.queue_clock = QueueClock(self)  # time moves the queue: at sign-in, each minute
        # At sign-in the clock's first run waits until the list has shown: it is a write that
        # no view waits for, and it would share the CPU with the list's first page.
        self._clock_after_list = False
        self.citizens.model.page_loaded.connect(self._run_clock_after_list)
        self.citizens.model.load_failed.connect(self._run_clock_after_list)
        self.setWindowTitle(self.tr("Dose cards"))
        self.resize(1400, 900)
        self._update_actions()
        self.citizens.search.setFocus()

    # -- building -----------------------------------------------------------

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Any,
        icon: QStyle.StandardPixmap | None = None,
        tip: str = "",
    ) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            act.setIcon(self.style().standardIcon(icon))
        act.setToolTip(
            f"{tip or text.replace('&', '').replace('…', '')}"
            + (
                f" ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                if shortcut is not None
                else ""
            )
        )
        act.setStatusTip(tip or text.replace("&", ""))
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _make_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.act_new = self._action(
            self.tr("&New change…"),
            "Ctrl+N",
            self._on_new_change,
            sp.SP_FileIcon,
            self.tr("Register a change the doctor made"),
        )
        self.act_acute = self._action(
            self.tr("&Acute change…"),
            "Ctrl+Shift+N",
            self._on_acute_change,
            sp.SP_MessageBoxWarning,
            self.tr("Register a change that cannot wait for the next roll"),
        )
        self.act_contact = self._action(
            self.tr("&Hospital contact…"),
            "Ctrl+H",
            self._on_contact,
            sp.SP_DirHomeIcon,
            self.tr("Register an admission or outpatient contact"),
        )
        self.act_reload = self._action(
            self.tr("&Reload"),
            QKeySequence.StandardKey.Refresh,
            self._on_reload,
            sp.SP_BrowserReload,
        )
        self.act_reload.setShortcut(QKeySequence("F5"))
        self.act_find = self._action(
            self.tr("&Find citizen"), "Ctrl+F", self._on_find, sp.SP_FileDialogContentsView
        )
        self.act_switch = self._action(
            self.tr("&Switch user…"), None, self._on_switch_user, sp.SP_DialogResetButton
        )
        self.act_quit = self._action(
            self.tr("&Quit"), "Ctrl+Q", self._on_quit, sp.SP_DialogCloseButton
        )
        self.act_about = self._action(self.tr("&About dosisdesk"), None, self._on_about)
        self.act_read_fmk = self._action(
            self.tr("Read &FMK card…"),
            "Ctrl+Shift+F",
            self._on_read_fmk,
            None,
            self.tr(
                "Read the citizen's medicine card from an FMK file and see what differs "
                "(you can also drop the file on the window)"
            ),
        )
        self.act_fmk_inbox = self._action(
            self.tr("FMK &inbox folder…"),
            None,
            self._on_fmk_inbox,
            None,
            self.tr("The folder the municipality's integration fills with FMK responses"),
        )
        self.act_help = self._action(
            self.tr("&Help"),
            "F1",
            self._on_help,
            None,
            self.tr("The rules in plain words, and the shortcuts"),
        )
        self.act_zoom_in = self._action(
            self.tr("&Larger text"), QKeySequence.StandardKey.ZoomIn, lambda: self.zoom(+1)
        )
        self.act_zoom_in.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.act_zoom_out = self._action(
            self.tr("S&maller text"), QKeySequence.StandardKey.ZoomOut, lambda: self.zoom(-1)
        )
        self.act_zoom_out.setShortcuts([QKeySequence("Ctrl+-")])
        self.act_zoom_reset = self._action(
            self.tr("&Normal text size"), "Ctrl+0", lambda: self.zoom(0)
        )
        self.act_show_citizens = self._action(
            self.tr("Citi&zens"), "Ctrl+1", self._on_show_citizens
        )
        self.act_show_desk = self._action(
            self.tr("Coordinator's &desk"),
            "Ctrl+2",
            self._on_show_desk,
            None,
            self.tr("The change queue across all citizens, flags, renewals and figures"),
        )
        self.act_print_handover = self._action(
            self.tr("Print &handover…"),
            "Ctrl+P",
            self._on_print_handover,
            sp.SP_FileDialogDetailedView,
            self.tr("Print the handover summary of a team for the next shift"),
        )
        self.act_print_medlist = self._action(
            self.tr("Print &medicine list…"),
            "Ctrl+Shift+P",
            self._on_print_medlist,
            None,
            self.tr("Print the citizen's medicine list for the dose folder"),
        )
        self.act_glass = self._action(
            self.tr("&Emergency access to a citizen…"),
            None,
            self._on_break_glass,
            None,
            self.tr(
                "Open a citizen outside your team when you cover for another team (with a "
                "reason; logged)"
            ),
        )
        self.act_glass_review = self._action(
            self.tr("&Emergency accesses to review…"), None, self._on_glass_review
        )
        self.act_citizen_log = self._action(
            self.tr("The citizen's &log…"),
            None,
            self._on_citizen_log,
            None,
            self.tr("Every access to the citizen: who, role, when, what (for an insight request)"),
        )
        for act in (
            self.act_new,
            self.act_acute,
            self.act_contact,
            self.act_reload,
            self.act_find,
            self.act_switch,
            self.act_quit,
            self.act_print_handover,
            self.act_print_medlist,
        ):
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.act_reload.setToolTip(self.tr("Reload (F5)"))

        bar = QToolBar(self.tr("Main toolbar"))
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setAccessibleName(self.tr("Main toolbar"))
        for item in (
            self.act_find,
            None,
            self.act_new,
            self.act_acute,
            self.act_contact,
            None,
            self.act_print_handover,
            self.act_reload,
            None,
            self.act_switch,
        ):
            if item is None:
                bar.addSeparator()
            else:
                bar.addAction(item)
        self.addToolBar(bar)
        self.toolbar = bar

        mb = self.menuBar()
        file_menu = mb.addMenu(self.tr("&File"))
        file_menu.addAction(self.act_print_handover)
        file_menu.addAction(self.act_print_medlist)
        file_menu.addAction(self.act_citizen_log)
        file_menu.addSeparator()
        file_menu.addAction(self.act_switch)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        citizen_menu = mb.addMenu(self.tr("&Citizen"))
        citizen_menu.addAction(self.act_find)
        citizen_menu.addSeparator()
        citizen_menu.addAction(self.act_new)
        citizen_menu.addAction(self.act_acute)
        citizen_menu.addAction(self.act_contact)
        citizen_menu.addSeparator()
        citizen_menu.addAction(self.act_read_fmk)
        citizen_menu.addAction(self.act_fmk_inbox)
        citizen_menu.addSeparator()
        citizen_menu.addAction(self.act_glass)
        citizen_menu.addSeparator()
        citizen_menu.addAction(self.act_reload)
        view_menu = mb.addMenu(self.tr("&View"))
        view_menu.addAction(self.act_show_citizens)
        view_menu.addAction(self.act_show_desk)
        view_menu.addSeparator()
        view_menu.addAction(self.act_zoom_in)
        view_menu.addAction(self.act_zoom_out)
        view_menu.addAction(self.act_zoom_reset)
        view_menu.addAction(self.act_glass_review)
        help_menu = mb.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_help)
        help_menu.addSeparator()
        help_menu.addAction(self.act_about)

    def _make_status_bar(self) -> None:
        sb = self.statusBar()
        self.user_label = QLabel()
        self.user_label.setAccessibleName(self.tr("Signed-in user"))
        self.db_label = QLabel()
        self.db_label.setAccessibleName(self.tr("Database"))
        self.demo_label = QLabel(self.tr("DEMO"))
        self.demo_label.setObjectName("demoMarker")
        self.demo_label.setToolTip(
            self.tr("This database holds generated demo data, not real citizens.")
        )
        self.demo_label.hide()
        self.busy_label = QLabel()
        self.busy_label.setObjectName("hint")
        sb.addWidget(self.user_label)
        sb.addWidget(self.busy_label, 1)
        sb.addPermanentWidget(self.demo_label)
        sb.addPermanentWidget(self.db_label)
        self.user_label.setText(self.tr("Not signed in"))
        self.db_label.setText(self.tr("Opening the database…"))

    # -- session ------------------------------------------------------------

    def setWindowTitle(self, title: str) -> None:  # Qt override: ØVELSE on a training database
        training = self.db_info is not None and self.db_info.training
        mark = "ØVELSE – "
        title = title.removeprefix(mark)
        super().setWindowTitle(mark + title if training else title)

    def set_database(self, url: str, info: DatabaseInfo | None) -> None:
        self.db_info = info
        self.setWindowTitle(self.windowTitle())
        self.db_label.setText(describe_database(url))
        self.db_label.setToolTip(describe_database(url))
        if info is not None and info.training:
            self.demo_label.setText(self.tr("TRAINING"))
            self.demo_label.setToolTip(
                self.tr(
                    "A training database: for teaching, demonstrations and tests, never real "
                    "citizens."
                )
            )
        else:
            self.demo_label.setText(self.tr("DEMO"))
            self.demo_label.setToolTip(
                self.tr("This database holds generated demo data, not real citizens.")
            )
        self.demo_label.setVisible(bool(info and (info.demo or info.training)))

    def set_session(
        self,
        ctx: Ctx | None,
        teams: list[str] | None = None,
        own_team: str | None = None,
        last_team: str | None = None,
    ) -> None:
        """Sign in (or out, with None): the list reloads for the user's team."""
        self.citizens.model.log_shown()
        self.log_writer.wait_idle(30_000)  # what the last person was shown is logged first
        self.ctx = ctx
        if self._card is not None:
            self._card.set_context(ctx)
        self._clock_after_list = ctx is not None
        self.queue_clock.start(ctx, now=False)
        if ctx is None:
            self._make_desk(None)
            self.citizens.clear()
            self.user_label.setText(self.tr("Not signed in"))
            self._update_actions()
            return
        a = ctx.actor
        own = own_team or None
        self.user_label.setText(
            self.tr("%1 (%2) · %3")
            .replace("%1", a.full_name)
            .replace("%2", a.username)
            .replace("%3", texts.role_label(a.role))
            + (f" · {own}" if own else "")
        )
        self.citizens.set_teams(teams or [], own, a.role is Role.NURSE, last_team)
        from dosisdesk.services import search

        def fetch(text: str, team: str | None, offset: int, limit: int) -> list[CitizenRow]:
            return search.find_citizens(ctx, text, team=team, limit=limit, offset=offset)

        def log(rows: list[CitizenRow]) -> None:  # the page is shown: its entry is written next
            self.log_writer.run(lambda: search.log_shown(ctx, rows))

        self.citizens.start(fetch, log)
        self._make_desk(ctx)
        self._update_actions()
        self.citizens.search.setFocus()
        self.session_started.emit(ctx)

    def _run_clock_after_list(self, *_page_or_error: object) -> None:
        if self._clock_after_list:
            self._clock_after_list = False
            # after the list's first paint: a zero timer fired before it, and the clock's
            # imports and reads shared the CPU with it (~40 ms before the list showed)
            after_next_paint(self.citizens.view.viewport(), self.queue_clock.run_now)

    def lock_screen(self) -> None:
        """Hide every citizen's data: the workspaces, the title and the open dialogs (kept, with
        what was typed in them, for the same person)."""
        if self.locked:
            return
        self.locked = True
        self._hidden_dialogs = [d for d in self.findChildren(QDialog) if d.isVisible()]
        for d in self._hidden_dialogs:
            d.hide()
        self._title_before_lock = self.windowTitle()
        self.setWindowTitle(self.tr("Locked"))
        self.stack.setCurrentWidget(self.lock_page)
        self._enabled_before_lock = {a: a.isEnabled() for a in self.findChildren(QAction)}
        for act in self._enabled_before_lock:
            act.setEnabled(False)  # no shortcut reaches the data while locked

    def unlock_screen(self, ctx: Ctx | None) -> list[QDialog]:
        """Show the data again. ``ctx`` is None when the same person came back (her dialogs
        reappear); otherwise the dialogs are closed and the window signs in the new person.
        Returns the dialogs shown again."""
        self.locked = False
        self.stack.setCurrentWidget(self.workspaces)
        for act, enabled in self._enabled_before_lock.items():
            act.setEnabled(enabled)
        self._enabled_before_lock = {}
        dialogs, self._hidden_dialogs = self._hidden_dialogs, []
        if ctx is None:
            self.setWindowTitle(self._title_before_lock)
            for d in dialogs:
                d.show()
            self._update_actions()
            return dialogs
        for d in dialogs:
            d.reject()
        self.setWindowTitle(self.tr("Dose cards"))
        self._update_actions()
        return []

    def _make_desk(self, ctx: Ctx | None) -> None:
        """(Re)place the coordinator's desk for the signed-in user (read-only for nurses): a
        stand-in tab now, the desk itself when first opened (:attr:`desk`)."""
        for widget in (self._desk, self._desk_slot):
            if widget is not None:
                self.workspaces.removeTab(self.workspaces.indexOf(widget))
                widget.deleteLater()
        self._desk = self._desk_slot = None
        self._desk_ctx = ctx
        if ctx is None:
            return
        self._desk_slot = QWidget()
        self._desk_slot.setObjectName("deskPlaceholder")
        self.workspaces.addTab(self._desk_slot, tab_title(self.tr("Coordinator's &desk")))

    @property
    def desk(self) -> Any:
        """The coordinator's desk (CoordinatorDesk), built on first use; None when signed out."""
        if self._desk is None and self._desk_ctx is not None and self._desk_slot is not None:
            from dosisdesk.ui.desk.desk import CoordinatorDesk

            slot = self._desk_slot
            index = self.workspaces.indexOf(slot)
            desk = CoordinatorDesk(self._desk_ctx, self.runner)
            desk.open_citizen.connect(self.show_citizen)
            with QSignalBlocker(self.workspaces):
                current = self.workspaces.currentIndex()
                self.workspaces.insertTab(index, desk, self.workspaces.tabText(index))
                self.workspaces.removeTab(index + 1)
                self.workspaces.setCurrentIndex(current)
            slot.deleteLater()
            self._desk, self._desk_slot = desk, None
        return self._desk

    @Slot(int)
    def _on_workspace_changed(self, index: int) -> None:
        if self._desk_slot is not None and self.workspaces.widget(index) is self._desk_slot:
            desk = self.desk  # first opened: build it now, in the stand-in's place
            if desk is not None:
                desk.refresh()

    @Slot(str)
    def show_citizen(self, cpr: str) -> None:
        """Open a citizen's card in the Citizens workspace (from the desk's rows)."""
        self.workspaces.setCurrentIndex(0)
        self.citizens.search.setText(cpr)
        self.card.show_citizen(cpr)
        self.setWindowTitle(mask_cpr(cpr))
        self._update_actions()

    @property
    def card(self) -> CardWidget:
        """The citizen's card, built when first used (a citizen opened)."""
        if self._card is None:
            from dosisdesk.ui.nurse.card import CardWidget

            card = CardWidget(self.runner)
            card.set_context(self.ctx)
            card.card_loaded.connect(self._on_card_loaded)
            card.load_failed.connect(self._on_card_loaded)  # (no card: its actions off)
            card.change_requested.connect(self._on_change_requested)
            self.splitter.replaceWidget(1, card)  # in the stand-in's place, at its size
            self._card_stand_in.deleteLater()
            self._card = card
            self.setTabOrder(self.citizens.view, card)
        return self._card

    def current_cpr(self) -> str | None:
        return None if self._card is None else self._card.cpr

    def _selected_line_id(self) -> int | None:
        return None if self._card is None else self._card.selected_line_id()

    def _card_view(self) -> CardView | None:
        return None if self._card is None else self._card.card_view

    def _update_actions(self) -> None:
        has_citizen = self.ctx is not None and self._card_view() is not None
        for act in (self.act_new, self.act_acute, self.act_contact, self.act_print_medlist):
            act.setEnabled(has_citizen)
        self.act_print_handover.setEnabled(self.ctx is not None)
        self.act_read_fmk.setEnabled(self.ctx is not None)
        self.act_fmk_inbox.setEnabled(
            self.ctx is not None
            and self._desk_ctx is not None
            and self.ctx.actor.role.value != "nurse"
        )
        self.act_reload.setEnabled(self.ctx is not None)
        self.act_show_desk.setEnabled(self._desk_ctx is not None)
        self.act_switch.setEnabled(self.ctx is not None or self.db_info is not None)
        nurse = self.ctx is not None and self.ctx.actor.role is Role.NURSE
        overseer = self.ctx is not None and not nurse
        self.act_glass.setEnabled(nurse)
        self.act_glass_review.setEnabled(overseer)
        self.act_citizen_log.setEnabled(overseer and has_citizen)

    def save_settings(self, settings: QSettings) -> None:
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        if self.citizens.team.isEnabled():
            settings.setValue("session/last_team", self.citizens.team.currentData() or "")

    def restore_settings(self, settings: QSettings) -> None:
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        split = settings.value("window/splitter")
        if isinstance(split, QByteArray):
            self.splitter.restoreState(split)

    # -- handlers -----------------------------------------------------------

    def _on_job_failed(self, exc: BaseException) -> None:
        from dosisdesk.ui.errors import present

        present(self, exc)

    @Slot(object)
    def _on_citizen_chosen(self, row: CitizenRow | None) -> None:
        if row is not None:
            self.card.show_citizen(row.cpr)
            self.setWindowTitle(f"{row.name}, {mask_cpr(row.cpr)}")
        else:
            if self._card is not None:
                self._card.show_citizen(None)
            self.setWindowTitle(self.tr("Dose cards"))
        self._update_actions()

    @Slot(object)
    def _on_card_loaded(self, _cv: object) -> None:
        self._update_actions()

    @Slot(bool)
    def _on_busy_changed(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()  # shown only if the work is still going after BUSY_SHOW_MS
            return
        self._busy_timer.stop()
        if self._busy_shown:
            self._busy_shown = False
            self.busy_label.setText("")
            QApplication.restoreOverrideCursor()

    @Slot()
    def _show_busy(self) -> None:
        if not self.runner.idle and not self._busy_shown:
            self._busy_shown = True
            self.busy_label.setText(self.tr("Working…"))
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    @Slot(object)
    def _on_hub_changed(self, what: object) -> None:
        if (
            isinstance(what, Changed)
            and self.ctx is not None
            and (what.everything or what.citizen_ids or what.contacts or what.flags)
        ):
            self.citizens.model.refresh()

    @Slot(object, bool)
    def _on_change_requested(self, line_id: object, acute: bool) -> None:
        self.open_change_dialog(line_id if isinstance(line_id, int) else None, acute)

    @Slot()
    def _on_new_change(self) -> None:
        self.open_change_dialog(self._selected_line_id(), False)

    @Slot()
    def _on_acute_change(self) -> None:
        self.open_change_dialog(self._selected_line_id(), True)

    @Slot()
    def _on_contact(self) -> None:
        self.open_contact_dialog()

    @Slot()
    def _on_reload(self) -> None:
        if self.ctx is None:
            return
        self.citizens.model.refresh()
        if self._card is not None:
            self._card.reload()
        if self._desk is not None and (
            self.workspaces.currentIndex() == self.workspaces.indexOf(self._desk)
        ):
            self._desk.refresh()

    @Slot()
    def _on_show_citizens(self) -> None:
        self.workspaces.setCurrentIndex(0)

    @Slot()
    def _on_show_desk(self) -> None:
        if self.desk is not None:
            self.workspaces.setCurrentWidget(self.desk)
            self.desk.refresh()

    @Slot()
    def _on_find(self) -> None:
        self.workspaces.setCurrentIndex(0)
        self.citizens.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.citizens.search.selectAll()

    @Slot()
    def _on_switch_user(self) -> None:
        self.switch_user_requested.emit()

    # -- FMK --------------------------------------------------------------

    def _fmk_reader(self) -> Any:
        if self._fmk is None:
            from dosisdesk.ui.nurse.fmk import FmkReader

            self._fmk = FmkReader(self.runner, self)
            self._fmk.citizen_read.connect(self._on_fmk_read)
        return self._fmk

    @Slot()
    def _on_read_fmk(self) -> None:
        if self.ctx is not None:
            self._fmk_reader().choose_and_read(self.ctx, self.current_cpr())

    def read_fmk_file(self, path: str) -> None:
        """Read one FMK file (the file dialog, or a file dropped on the window)."""
        if self.ctx is not None:
            self._fmk_reader().read(self.ctx, Path(path), self.current_cpr())

    @Slot(str)
    def _on_fmk_read(self, cpr: str) -> None:
        if self.current_cpr() != cpr:
            self.show_citizen(cpr)
        self.card.tabs.setCurrentIndex(self.card.TAB_FMK)

    @Slot()
    def _on_fmk_inbox(self) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        from PySide6.QtWidgets import QFileDialog  # named when used (see _on_about)

        from dosisdesk.services import fmk

        def ask(current: str | None) -> None:
            dlg = QFileDialog(self, self.tr("FMK inbox folder"), current or "")
            dlg.setFileMode(QFileDialog.FileMode.Directory)
            dlg.setOption(QFileDialog.Option.ShowDirsOnly, True)
            dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dlg.fileSelected.connect(
                lambda folder: self.runner.run(
                    lambda: fmk.set_inbox_folder(ctx, folder),
                    lambda _r: hub.publish(Changed.fmk_inbox()),
                )
            )
            dlg.open()

        self.runner.run(lambda: fmk.inbox_folder(ctx), ask)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if self.ctx is not None and len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.read_fmk_file(urls[0].toLocalFile())

    @Slot()
    def _on_quit(self) -> None:
        self.close()

    @Slot()
    def _on_help(self) -> None:
        from dosisdesk.ui.help import HelpDialog

        if self.help_dialog is not None:
            self.help_dialog.raise_()
            self.help_dialog.activateWindow()
            return
        dialog = HelpDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._on_help_closed)
        self.help_dialog = dialog
        dialog.show()

    @Slot()
    def _on_help_closed(self) -> None:
        self.help_dialog = None

    @Slot()
    def _fit_citizen_list(self) -> None:
        """Widen the citizen list (up to half the window) so no loaded name is cut.

        The names are measured with the view's font (plus the style's margins of a cell), not
        through the view's size hint, which asks the model for every loaded cell's data and
        font: 10 ms for a page of 100, on every keystroke."""
        sizes = self.splitter.sizes()
        if len(sizes) != 2 or sizes[0] >= sum(sizes) // 2:
            return
        view = self.citizens.view
        header = view.horizontalHeader()
        name_col = CitizenListModel.COL_NAME
        metrics = view.fontMetrics()
        widths = self._name_widths  # measuring a page's names was 0.4 ms of each keystroke
        if view.font() != self._name_font or len(widths) > 50_000:
            widths.clear()
            self._name_font = QFont(view.font())
        widest = 0
        for r in self.citizens.model.rows:
            width = widths.get(r.name)
            if width is None:
                width = widths[r.name] = metrics.horizontalAdvance(r.name)
            widest = max(widest, width)
        margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != name_col)
        name = max(widest + margin + 2, header.sectionSizeHint(name_col))
        chrome = view.frameWidth() * 2 + view.verticalScrollBar().sizeHint().width() + 12
        need = others + name + chrome
        if sizes[0] >= need:
            return
        total = sum(sizes)
        left = min(need, total // 2)
        if left > sizes[0]:
            self.splitter.setSizes([left, total - left])

    def zoom(self, direction: int) -> int:
        """Ctrl++ / Ctrl+− / Ctrl+0: the whole window's text larger, smaller or normal
        (remembered)."""
        from dosisdesk.ui import appearance

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        level = appearance.set_zoom(app, appearance.step(appearance.zoom_level(), direction))
        self.statusBar().showMessage(self.tr("Text size %1 %").replace("%1", str(level)), 3000)
        return level

    @Slot()
    def _on_about(self) -> None:
        # named when used: PySide6 makes a Qt class's Python type when it is first named, and the
        # first screen has no use for this one (issue #10)
        from PySide6.QtWidgets import QMessageBox

        from dosisdesk import __version__

        QMessageBox.about(
            self,
            self.tr("About dosisdesk"),
            self.tr(
                "<b>dosisdesk</b> %1<br>Dose-dispensing cards, change queues and hospital contacts "
                "for municipal home care."
            ).replace("%1", __version__),
        )

    # -- dialogs ------------------------------------------------------------

    def _need_citizen(self) -> tuple[Ctx, str] | None:
        cpr = self.current_cpr()
        if self.ctx is None or cpr is None or self._card_view() is None:
            bridge.info(
                self, self.tr("Choose a citizen"), self.tr("Choose a citizen in the list first.")
            )
            return None
        return self.ctx, cpr

    def open_change_dialog(self, line_id: int | None = None, acute: bool = False) -> QDialog | None:
        need = self._need_citizen()
        if need is None:
            return None
        ctx, cpr = need
        from dosisdesk.ui.dialogs.change import ChangeDialog

        dialog = ChangeDialog(ctx, self.runner, cpr, line_id=line_id, acute=acute, parent=self)
        return self._open(dialog)

    def open_contact_dialog(self) -> QDialog | None:
        need = self._need_citizen()
        if need is None:
            return None
        ctx, cpr = need
        from dosisdesk.ui.dialogs.contact import ContactDialog

        dialog = ContactDialog(ctx, self.runner, cpr, parent=self)
        self.card.tabs.setCurrentIndex(self.card.TAB_HOSPITAL)
        return self._open(dialog)

    @Slot()
    def _on_print_handover(self) -> None:
        if self.ctx is None:
            return
        from dosisdesk.ui.dialogs.printing import print_handover

        dialog = print_handover(self.ctx, self.runner, self)
        dialog.destroyed.connect(self._on_dialog_destroyed)
        self.dialog = dialog

    @Slot()
    def _on_print_medlist(self) -> None:
        need = self._need_citizen()
        if need is None:
            return
        from dosisdesk.ui.dialogs.printing import print_medlist

        view = self._card_view()
        name = view.citizen.name if view is not None and view.citizen.cpr == need[1] else ""
        dialog = print_medlist(need[0], self.runner, need[1], self, name)
        dialog.destroyed.connect(self._on_dialog_destroyed)
        self.dialog = dialog

    @Slot()
    def _on_break_glass(self) -> None:
        if self.ctx is None:
            return
        from dosisdesk.ui.dialogs.access import BreakGlassDialog

        dialog = BreakGlassDialog(self.ctx, self.runner, self)
        dialog.opened.connect(self.show_citizen)
        self._open(dialog)

    @Slot()
    def _on_glass_review(self) -> None:
        if self.ctx is None:
            return
        from dosisdesk.ui.dialogs.access import GlassReviewDialog

        self._open(GlassReviewDialog(self.ctx, self.runner, self))

    @Slot()
    def _on_citizen_log(self) -> None:
        need = self._need_citizen()
        if need is None:
            return
        from dosisdesk.ui.dialogs.access import CitizenLogDialog

        self._open(CitizenLogDialog(need[0], self.runner, need[1], self))

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._on_dialog_destroyed)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _on_dialog_destroyed(self) -> None:
        self.dialog = None

    # -- closing ------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings(QSettings())
        self.wait_idle(30_000)
        super().closeEvent(event)

    def wait_idle(self, msecs: int = 10_000) -> bool:
        """Block until the background work is done: the database jobs, then the audit entries
        of every list shown (closing, signing out and quitting wait for them, so a list shown
        right before is logged all the same)."""
        done = self.runner.wait_idle(msecs)
        self.citizens.model.log_shown()  # a page taken but not yet painted is logged too
        return self.log_writer.wait_idle(msecs) and done
