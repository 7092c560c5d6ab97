"""The citizen list's model: citizens matching the search, a page at a time in the background
runner (``canFetchMore`` / ``fetchMore``): with 85,000 citizens in the database it never holds
more than the rows scrolled to. Apart from the card's models (:mod:`dosisdesk.ui.nurse.models`,
which load with the card and the services' DTOs): the first screen needs this one alone.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor

from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.text import format_phone
from dosisdesk.ui import texts
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.table_model import (
    ROOT,
    AccessibleRole,
    DisplayRole,
    FontRole,
    ForegroundRole,
    Index,
    PagedTableModel,
    ToolTipRole,
    bold_font,
)

if TYPE_CHECKING:  # the services pull in SQLAlchemy: not before the window is shown
    from dosisdesk.services.search import CitizenRow

# the attention column's colour when something is to be done (the card's alerts too)
ALERT_FG = QColor("#a4161a")


class ItemRole(enum.IntEnum):
    """Custom data roles shared by the models."""

    CitizenIdRole = int(Qt.ItemDataRole.UserRole) + 1
    CprRole = int(Qt.ItemDataRole.UserRole) + 2
    LineIdRole = int(Qt.ItemDataRole.UserRole) + 3
    ChangeIdRole = int(Qt.ItemDataRole.UserRole) + 4
    VersionRole = int(Qt.ItemDataRole.UserRole) + 5
    DtoRole = int(Qt.ItemDataRole.UserRole) + 6


# ---------------------------------------------------------------------------
# The citizen list
# ---------------------------------------------------------------------------

# ``(text, team or None, offset, limit) -> rows`` (runs in the background runner)
PageFetcher = Callable[[str, str | None, int, int], "list[CitizenRow]"]
# ``(rows) -> None``: log rows the list has just shown (called on the GUI thread; the window
# hands them to its audit writer, which writes the entry in the background)
PageLogger = Callable[["list[CitizenRow]"], None]
# How long a page taken waits for the list's paint before it is handed to its logger all the
# same (a list hidden or minimised is not painted; its page is logged then)
LOG_UNPAINTED_MS = 100


@lru_cache(maxsize=8192)
def _cpr_text(cpr: str) -> str:
    """A CPR as shown (worked out once per CPR, not on every repaint)."""
    return format_cpr(cpr)


_ATTENTION_TEXTS: dict[tuple[object, ...], str] = {}


def _attention_text(marks: tuple[object, ...], row: CitizenRow) -> str:
    """The attention column's text, once per combination of marks and page."""
    text = _ATTENTION_TEXTS.get(marks)
    if text is None:
        text = _ATTENTION_TEXTS[marks] = " · ".join(short for short, _ in attention_labels(row))
    return text


def attention_labels(row: CitizenRow) -> list[tuple[str, str]]:
    """(short label, explanation) of what needs attention, most urgent first."""
    out = []
    if row.open_handlings:
        out.append(
            (
                QCoreApplication.translate("models", "bags to handle: %1").replace(
                    "%1", str(row.open_handlings)
                ),
                QCoreApplication.translate(
                    "models", "An acute change's handling is not signed as done yet"
                ),
            )
        )
    if row.admitted is not None:
        department, phone = row.admitted
        out.append(
            (
                QCoreApplication.translate("models", "admitted: %1, phone %2")
                .replace("%1", department)
                .replace("%2", format_phone(phone)),
                QCoreApplication.translate(
                    "models", "Admitted: the hospital department answers questions about medicine"
                ),
            )
        )
    if row.acute_today:
        out.append(
            (
                QCoreApplication.translate("models", "acute today"),
                QCoreApplication.translate("models", "An acute change was registered today"),
            )
        )
    if row.window_open:
        out.append(
            (
                QCoreApplication.translate("models", "72 h"),
                QCoreApplication.translate(
                    "models", "Open 72-hour window: call the discharging department"
                ),
            )
        )
    if row.paused:
        out.append(
            (
                QCoreApplication.translate("models", "paused"),
                QCoreApplication.translate("models", "Dose dispensing is paused"),
            )
        )
    if row.high_flag:
        out.append(
            (
                QCoreApplication.translate("models", "double prescription"),
                QCoreApplication.translate("models", "Double prescription of high severity"),
            )
        )
    if row.renewal is not None:
        out.append((texts.renewal_mark(row.renewal), texts.renewal_urgency_label(row.renewal)))
    return out


# Roles the view asks of every cell it paints that the citizen list never answers.
_NO_CITIZEN_DATA = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
    )
)


class CitizenListModel(PagedTableModel["CitizenRow"]):
    """Citizens matching the search, a page at a time, in Danish order (from SQL)."""

    COL_NAME, COL_CPR, COL_TEAM, COL_ATTENTION = range(4)
    # the attention column's colour when something is to be done
    ALERT = ALERT_FG

    def __init__(
        self,
        runner: Runner,
        fetch: PageFetcher | None = None,
        *,
        log: PageLogger | None = None,
        page_size: int = 100,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(runner, page_size=page_size, parent=parent)
        self._fetch = fetch
        self._log = log
        self._text = ""
        self._team: str | None = None
        # each row's texts and marks as shown (:meth:`cells`), worked out once per row
        self._cells: dict[CitizenRow, tuple[tuple[str, str, str, str], bool, bool]] = {}
        # pages taken, not yet handed to ``log``: handed over when the list has painted them
        # (:meth:`log_shown`), so writing the entry never competes with the paint for the
        # interpreter (a keystroke's page showed ~1 ms later when it did)
        self._unlogged: list[list[CitizenRow]] = []
        self._log_unpainted = QTimer(self)
        self._log_unpainted.setSingleShot(True)
        self._log_unpainted.timeout.connect(self.log_shown)
        self._headers = [
            QCoreApplication.translate("models", "Name"),
            QCoreApplication.translate("models", "CPR"),
            QCoreApplication.translate("models", "Team"),
            QCoreApplication.translate("models", "Attention"),
        ]

    # -- querying -----------------------------------------------------------

    def set_fetcher(self, fetch: PageFetcher | None, log: PageLogger | None) -> None:
        """Where pages come from and who logs each page as it is shown (every row that enters
        the list is handed to ``log``); None only when ``fetch`` logs its pages itself."""
        self.log_shown()  # pages already shown go to the logger they were shown with
        self._fetch, self._log = fetch, log

    @property
    def query(self) -> tuple[str, str | None]:
        return self._text, self._team

    def set_query(self, text: str, team: str | None) -> None:
        """Start over with a new search: the first page loads and replaces the rows in one
        reset (emptying the list first painted it empty, hid its scroll bar and laid the
        window out again at every keystroke, before the page did it all once more); with no
        fetcher (signed out) the list empties at once."""
        self._text, self._team = text, team
        self.start_over(keep_rows=True)

    def refresh(self) -> None:
        """Load the same rows again (after a change elsewhere), keeping how far the user
        scrolled: one query for the rows already loaded."""
        self.reload()

    def _page_job(self, offset: int, limit: int, first: bool) -> Callable[[], Any] | None:
        if self._fetch is None:
            return None
        fetch, text, team = self._fetch, self._text, self._team
        return lambda: fetch(text, team, offset, limit)

    def _take_first(self, rows: list[CitizenRow]) -> int:
        _ATTENTION_TEXTS.clear()  # worked out again for each page (the language may change)
        self._cells.clear()
        self.set_rows(rows)
        self._shown(rows)
        return len(rows)

    def _take_page(self, rows: list[CitizenRow]) -> int:
        if rows:
            first = len(self._rows)
            self.beginInsertRows(ROOT, first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
            self._shown(rows)
        return len(rows)

    def _shown(self, rows: list[CitizenRow]) -> None:
        if rows and self._log is not None:
            self._unlogged.append(rows)
            if not self._log_unpainted.isActive():
                self._log_unpainted.start(LOG_UNPAINTED_MS)

    def painted(self) -> None:
        """The list's view has painted the rows: the pages not yet logged are handed to the
        logger as soon as the event loop is back, once the whole window's paint is done (the
        writer's thread starting within the paint took the interpreter from it)."""
        if self._unlogged:
            self._log_unpainted.start(0)

    def log_shown(self) -> None:
        """Hand every page taken and not yet logged to the logger, in the order they came: right
        after the list's view has painted them (:meth:`painted`), or ``LOG_UNPAINTED_MS`` after
        they came when it does not paint them; the window calls it before it waits for its
        audit writer (closing, signing out)."""
        if not self._unlogged:
            return
        self._log_unpainted.stop()
        pages, self._unlogged = self._unlogged, []
        if self._log is not None:
            for rows in pages:
                self._log(rows)

    # -- reading ------------------------------------------------------------

    def row_of(self, citizen_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.id == citizen_id:
                return i
        return -1

    def citizen(self, row: int) -> CitizenRow:
        return self._rows[row]

    def cells(self, row: int) -> tuple[tuple[str, str, str, str], bool, bool]:
        """A row as the list shows it: the four columns' texts, whether the attention column is
        red (something to act on) and whether it is bold (acute today, bags to handle). Worked
        out once per row (the list's view paints from it, ``data`` answers from it)."""
        r = self._rows[row]
        known = self._cells.get(r)
        if known is None:
            attention = _attention_text(
                (
                    r.acute_today,
                    r.window_open,
                    r.paused,
                    r.high_flag,
                    r.renewal,
                    r.open_handlings,
                    r.admitted,
                ),
                r,
            )
            known = self._cells[r] = (
                (r.name, _cpr_text(r.cpr), r.team_name, attention),
                bool(r.acute_today or r.window_open or r.high_flag or r.open_handlings),
                bool(r.acute_today or r.open_handlings),
            )
        return known

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if role in _NO_CITIZEN_DATA:  # asked for every cell painted; answered at once
            return None
        r = self._row_at(index)
        if r is None:
            return None
        col = index.column()
        if role == ItemRole.CitizenIdRole:
            return r.id
        if role == ItemRole.CprRole:
            return r.cpr
        if role == ItemRole.DtoRole:
            return r
        if role in (DisplayRole, AccessibleRole):
            return self.cells(index.row())[0][col] if 0 <= col < 4 else None
        if role == ToolTipRole:
            if col == self.COL_ATTENTION:
                return "\n".join(long for _, long in attention_labels(r)) or None
            if col == self.COL_NAME:
                return r.address or None
        if col == self.COL_ATTENTION and role in (ForegroundRole, FontRole):
            _texts, alert, strong = self.cells(index.row())
            if role == ForegroundRole and alert:
                return QBrush(self.ALERT)
            if role == FontRole and strong:
                return bold_font()
        return None
