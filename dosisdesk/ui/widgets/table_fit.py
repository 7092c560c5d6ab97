"""Tables that fit their text: columns sized to their content and header (up to a cap), and
text that is still cut shown whole in a tooltip.

    fit_table(view)            # once, after the model is set; refits when rows arrive

A cell or header whose text does not fit its column shows the full text as its tooltip (before
the model's own tooltip, if it has one). :func:`cut_cells` lists what is cut (tests check at the
smallest screen size that each of those shows its full text when hovered).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView, QToolTip

DisplayRole = Qt.ItemDataRole.DisplayRole
ToolTipRole = Qt.ItemDataRole.ToolTipRole

# No column grows wider than this from its content (the rest is in the tooltip).
MAX_COLUMN = 340
# Rows measured when fitting (a paged table fits to what is loaded, its first rows).
SAMPLE_ROWS = 200
# Room a cell's text needs beyond its own width (the style's margins, a focus frame).
_PAD = 8


def _text(model: object, index: QModelIndex) -> str:
    value = index.data(DisplayRole)
    return "" if value is None else str(value)


def _text_width(view: QTableView, text: str) -> int:
    fm = view.fontMetrics()
    return max((fm.horizontalAdvance(line) for line in text.splitlines()), default=0)


def cell_is_cut(view: QTableView, index: QModelIndex) -> bool:
    """Whether the cell's text is wider than the room its column (or span) gives it."""
    text = _text(view.model(), index)
    if not text:
        return False
    span = max(view.columnSpan(index.row(), index.column()), 1)
    header = view.horizontalHeader()
    room = sum(header.sectionSize(index.column() + i) for i in range(span))
    return _text_width(view, text) + _PAD > room


def header_is_cut(view: QTableView, section: int) -> bool:
    header = view.horizontalHeader()
    text = view.model().headerData(section, Qt.Orientation.Horizontal, DisplayRole)
    if not text:
        return False
    need = header.sectionSizeHint(section)
    return need > header.sectionSize(section)


def cell_tip(view: QTableView, index: QModelIndex) -> str | None:
    """The tooltip a cell shows: the model's own, and the full text when it is cut."""
    own = index.data(ToolTipRole)
    own = str(own) if own else None
    if cell_is_cut(view, index):
        text = _text(view.model(), index)
        return text if not own or text in own else f"{text}\n{own}"
    return own


def header_tip(view: QTableView, section: int) -> str | None:
    model = view.model()
    own = model.headerData(section, Qt.Orientation.Horizontal, ToolTipRole)
    own = str(own) if own else None
    if header_is_cut(view, section):
        text = str(model.headerData(section, Qt.Orientation.Horizontal, DisplayRole))
        return text if not own or text in own else f"{text}\n{own}"
    return own


def cut_cells(view: QTableView) -> tuple[list[int], list[QModelIndex]]:
    """The header sections and the loaded cells (of visible columns) whose text is cut."""
    sections: list[int] = []
    cells: list[QModelIndex] = []
    model = view.model()
    header = view.horizontalHeader()
    for col in range(model.columnCount()):
        if header.isSectionHidden(col):
            continue
        if header_is_cut(view, col):
            sections.append(col)
        for row in range(min(model.rowCount(), SAMPLE_ROWS)):
            idx = model.index(row, col)
            if cell_is_cut(view, idx):
                cells.append(idx)
    return sections, cells


def fit_columns(view: QTableView, max_width: int = MAX_COLUMN) -> None:
    """Each column as wide as its header and its widest loaded text, up to ``max_width``; a
    stretched column keeps stretching."""
    model = view.model()
    header = view.horizontalHeader()
    rows = min(model.rowCount(), SAMPLE_ROWS)
    for col in range(model.columnCount()):
        if header.isSectionHidden(col):
            continue
        if header.sectionResizeMode(col) is QHeaderView.ResizeMode.Stretch:
            continue
        want = header.sectionSizeHint(col)
        for row in range(rows):
            if view.columnSpan(row, col) > 1:  # a group's heading across the row
                continue
            text = _text(model, model.index(row, col))
            if text:
                want = max(want, _text_width(view, text) + _PAD + _icon_room(view))
        header.resizeSection(col, min(want, max_width))


def _icon_room(view: QTableView) -> int:
    return view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) * 2


class _Tips(QObject):
    """Shows :func:`cell_tip` / :func:`header_tip` on a table's viewport and header."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        view = self.view
        header = view.horizontalHeader()
        if watched is header.viewport():
            section = header.logicalIndexAt(event.pos())
            tip = header_tip(view, section) if section >= 0 else None
        else:
            index = view.indexAt(event.pos())
            tip = cell_tip(view, index) if index.isValid() else None
        if tip:
            QToolTip.showText(event.globalPos(), tip, view)
        else:
            QToolTip.hideText()
            event.ignore()
        return True


def fit_table(view: QTableView, max_width: int = MAX_COLUMN) -> None:
    """Fit the columns now and whenever rows arrive; show cut text in tooltips."""
    model = view.model()
    timer = QTimer(view)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(lambda: fit_columns(view, max_width))
    for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
        signal.connect(timer.start)
    tips = _Tips(view)
    view.viewport().installEventFilter(tips)
    view.horizontalHeader().viewport().installEventFilter(tips)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    fit_columns(view, max_width)


__all__ = ["cell_tip", "cut_cells", "fit_columns", "fit_table", "header_tip"]
