"""One table-model base for every list in the UI.

:class:`TableModel` holds rows (the services' DTOs) and says how to show them: either
declaratively, as a list of :class:`Column` (header, text, tooltip, colours, bold) plus extra
roles, or by a subclass overriding :meth:`TableModel.data` (the card's dose grid). It guards
against stale indexes, so a view that asks about a row that has just gone gets ``None``.

:class:`PagedTableModel` adds loading a page at a time in the background (``canFetchMore`` /
``fetchMore``): a generation number drops answers to an older query, ``page_loaded`` says how
many rows are loaded, ``load_failed`` passes the error on. A subclass says what one page is
(:meth:`PagedTableModel._page_job`) and how a first page and a later page enter the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from dosisdesk.ui.runner import Runner

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()

DisplayRole = Qt.ItemDataRole.DisplayRole
ToolTipRole = Qt.ItemDataRole.ToolTipRole
BackgroundRole = Qt.ItemDataRole.BackgroundRole
ForegroundRole = Qt.ItemDataRole.ForegroundRole
FontRole = Qt.ItemDataRole.FontRole
AccessibleRole = Qt.ItemDataRole.AccessibleTextRole

T = TypeVar("T")


@cache
def bold_font() -> QFont:
    """One bold font for every cell that asks (made once, after the QApplication)."""
    f = QFont()
    f.setBold(True)
    return f


@dataclass(frozen=True)
class Column(Generic[T]):
    """How one column shows a row."""

    header: str
    text: Callable[[T], str]
    tip: Callable[[T], str | None] | None = None
    fg: Callable[[T], QColor | None] | None = None
    bg: Callable[[T], QColor | None] | None = None
    bold: Callable[[T], bool] | None = None
    header_tip: str | None = None


class TableModel(QAbstractTableModel, Generic[T]):
    """Rows of one type. With ``columns`` each column says how it shows a row; ``roles`` maps
    further item roles (the row itself, its CPR number, its id) to a function of the row."""

    def __init__(
        self,
        columns: Sequence[Column[T]] = (),
        *,
        roles: Mapping[int, Callable[[T], Any]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns: list[Column[T]] = list(columns)
        self._roles: dict[int, Callable[[T], Any]] = dict(roles or {})
        self._headers: list[str] = [c.header for c in self._columns]
        self._rows: list[T] = []

    # -- rows ---------------------------------------------------------------

    def set_rows(self, rows: Iterable[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[T]:
        return list(self._rows)

    def row(self, i: int) -> T:
        return self._rows[i]

    def _row_at(self, index: Index) -> T | None:
        """The row an index points at, or None for an invalid or stale index."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def refresh_column(self, column: int) -> None:
        """Repaint one column (a countdown) without reloading."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0, column), self.index(self.rowCount() - 1, column), [DisplayRole]
            )

    # -- Qt -----------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DisplayRole) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == DisplayRole:
            return self._headers[section]
        if role == ToolTipRole and section < len(self._columns):
            return self._columns[section].header_tip
        return None

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        r = self._row_at(index)
        if r is None or not 0 <= index.column() < len(self._columns):
            return None
        col = self._columns[index.column()]
        if role in (DisplayRole, AccessibleRole):
            return col.text(r)
        if role in self._roles:
            return self._roles[role](r)
        if role == ToolTipRole and col.tip is not None:
            return col.tip(r)
        if role == ForegroundRole and col.fg is not None:
            c = col.fg(r)
            return QBrush(c) if c is not None else None
        if role == BackgroundRole and col.bg is not None:
            c = col.bg(r)
            return QBrush(c) if c is not None else None
        if role == FontRole and col.bold is not None and col.bold(r):
            return bold_font()
        return None


class PagedTableModel(TableModel[T]):
    """A table loaded a page at a time in the background. Subclasses implement
    :meth:`_page_job`, :meth:`_take_first` and :meth:`_take_page`."""

    # a page (or the first page of a new query) has arrived; the number of rows now loaded
    page_loaded = Signal(int)
    load_failed = Signal(object)

    def __init__(
        self,
        runner: Runner,
        columns: Sequence[Column[T]] = (),
        *,
        page_size: int,
        roles: Mapping[int, Callable[[T], Any]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(columns, roles=roles, parent=parent)
        self._runner = runner
        self.page_size = page_size
        self._more = False
        self._loading = False
        self._generation = 0
        self._replacing = False

    # -- what a subclass says -------------------------------------------------

    def _page_job(self, offset: int, limit: int, first: bool) -> Callable[[], Any] | None:
        """The background job that loads ``limit`` rows from ``offset`` (``first``: the first
        page of a query, which may load more than rows); None when there is nothing to ask."""
        raise NotImplementedError

    def _take_first(self, result: Any) -> int:
        """Replace the model's content with a first page; return the number of rows in it."""
        raise NotImplementedError

    def _take_page(self, result: Any) -> int:
        """Append a later page; return the number of rows in it."""
        raise NotImplementedError

    # -- loading ------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def loaded(self) -> int:
        return len(self._rows)

    @property
    def replacing(self) -> bool:
        """The rows shown are the last query's, kept until the new query's first page replaces
        them (:meth:`start_over` with ``keep_rows``): true until that page is taken."""
        return self._replacing

    def _clear(self) -> None:
        """Empty the model (a new query starts)."""
        self.beginResetModel()
        self._rows = []
        self._more = False
        self.endResetModel()

    def start_over(self, *, keep_rows: bool = False) -> None:
        """A new query: the list empties and the first page loads (asked for first, so the
        database works while the view empties; the answer arrives after, on this thread).
        ``keep_rows``: the rows shown stay until the first page replaces them in one reset
        (the list is not painted empty in between); a query that fails empties the list."""
        self._generation += 1
        asked = self._load(0, self.page_size, first=True)
        self._replacing = keep_rows and asked
        if not self._replacing:
            self._clear()

    def reload(self) -> None:
        """Load the same query again (after a change elsewhere), keeping how far the user
        scrolled: one request for the rows already loaded."""
        self._generation += 1
        self._load(0, max(len(self._rows), self.page_size), first=True)

    def _load(self, offset: int, limit: int, *, first: bool) -> bool:
        """Ask for a page in the background; False when there is nothing to ask."""
        job = self._page_job(offset, limit, first)
        if job is None:
            return False
        gen = self._generation
        self._loading = True
        self._runner.run(
            job,
            lambda result: self._arrived(gen, result, limit, first),
            lambda exc: self._failed(gen, exc),
        )
        return True

    def _arrived(self, gen: int, result: Any, limit: int, first: bool) -> None:
        if gen != self._generation:
            return  # an older query answered late: the user asked again meanwhile
        self._loading = False
        n = self._take_first(result) if first else self._take_page(result)
        if first:
            self._replacing = False
        self._more = n >= limit
        self.page_loaded.emit(len(self._rows))

    def _failed(self, gen: int, exc: BaseException) -> None:
        if gen != self._generation:
            return
        self._loading = False
        self._more = False
        if self._replacing:  # the last query's rows are not this query's answer
            self._replacing = False
            self._clear()
        self.load_failed.emit(exc)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._load(len(self._rows), self.page_size, first=False)


__all__ = [
    "ROOT",
    "Column",
    "Index",
    "PagedTableModel",
    "TableModel",
    "bold_font",
]
