"""The citizen list's view: the rows painted straight from the model's rows (issue #10).

Qt's own table paints a cell by asking the model for seven roles and the row and column counts
(nine calls into Python per cell, a thousand for a page on screen): at a keystroke that was
most of the list's paint. This view paints the rows the way Qt's table and the program's style
draw them (the same row tints, selection, text colour and weight, elision and grid lines, at
the same pixels: ``tests/gui/test_citizen_list_paint.py`` compares the two), reading each
row's texts from the model once; a text painted again (scrolling, selecting, the next
keystroke's page) is drawn from its layout kept as a QStaticText. What it does not draw the
same way itself (the focused current cell's frame, a disabled or right-to-left list, spans,
hidden rows or columns, wrapped text) it leaves to Qt's table.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QLineF, QPointF, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyleOption,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from dosisdesk.ui.nurse.citizen_model import CitizenListModel
from dosisdesk.ui.widgets.table_model import bold_font

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup


class _ColumnHeader(QHeaderView):
    """The list's column headings. A new page replaces the rows in one reset of the model, after
    which Qt's header starts over and paints itself again, though its columns and headings are
    the same (~0.25 ms of a keystroke's 2.5 ms at 85,000): it starts over only when the number
    of columns changed."""

    def reset(self) -> None:  # Qt override (the model's reset)
        model = self.model()
        if model is not None and 0 < self.count() == model.columnCount():
            return
        super().reset()


class CitizenListView(QTableView):
    """The list of citizens; ``fast_paint`` False paints through Qt's table (the tests compare)."""

    def __init__(self, model: CitizenListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The viewport is made here, not by Qt: PySide6 wraps a widget Qt made at its first
        # viewport() call and, to find its type, creates the Python type of every QWidget
        # subclass it has (~50; 0.6 MB of the memory at start). As Qt makes its own.
        viewport = QWidget()
        viewport.setObjectName("qt_scrollarea_viewport")
        viewport.setBackgroundRole(QPalette.ColorRole.Base)
        viewport.setAutoFillBackground(True)
        self.setViewport(viewport)
        self._citizens = model
        self.fast_paint = True
        # each text as cut to its cell, by (text, width, bold): the cut text when first
        # painted, then laid out once (QStaticText) for every repaint (scrolling, selecting)
        self._elided: dict[tuple[str, int, bool], str | QStaticText] = {}
        header = _ColumnHeader(Qt.Orientation.Horizontal, self)
        header.setSectionsClickable(True)  # as Qt's table makes its own
        header.setHighlightSections(True)
        self.setHorizontalHeader(header)
        self.setModel(model)
        # The viewport paints its own background (:meth:`_paint_background`): Qt then paints
        # nothing beneath it. Its background comes from the style sheet, which Qt does not take
        # for opaque, so each repaint of the list painted the window, its tabs, the splitter and
        # the search panel under the viewport first (~1 ms of a 3.5 ms keystroke at 85,000).
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        self._elided.clear()  # a new font or style: measured again
        super().changeEvent(event)

    def _can_paint(self) -> bool:
        """The usual list: enabled, left to right, one line per cell, nothing hidden or spanned,
        and no focused current cell (its frame is the style's to draw)."""
        if (
            not self.fast_paint
            or not self.isEnabled()
            or self.isRightToLeft()
            or self.wordWrap()
            or self.horizontalHeader().sectionsHidden()
            or self.verticalHeader().sectionsHidden()
            or self.horizontalHeader().sectionsMoved()
            or self.verticalHeader().sectionsMoved()
            or self.rowSpan(0, 0) != 1
            or self.columnSpan(0, 0) != 1
        ):
            return False
        current = self.currentIndex()
        focused = self.hasFocus() or self.viewport().hasFocus()
        return not (focused and current.isValid())

    def _paint_background(self, event: QPaintEvent) -> None:
        """What Qt paints under the rows when the viewport is not opaque: the viewport's own
        brush when it fills itself (no style sheet), else the list's background from the style
        sheet, which the list (the viewport's parent) paints beneath it (QWidget's
        paintBackground of the list, where the viewport lies)."""
        viewport = self.viewport()
        painter = QPainter(viewport)
        if viewport.autoFillBackground():
            painter.fillRect(event.rect(), viewport.palette().brush(viewport.backgroundRole()))
        elif self.testAttribute(Qt.WidgetAttribute.WA_StyledBackground):
            option = QStyleOption()
            option.initFrom(self)
            painter.translate(-viewport.pos())
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        painter.end()

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        if self.viewport().testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent):
            self._paint_background(event)
        if self._can_paint():
            self._paint(event)
        else:
            super().paintEvent(event)
        self._citizens.painted()  # the rows just painted: their entry is written next

    def _paint(self, event: QPaintEvent) -> None:
        model = self._citizens
        count = model.rowCount()
        header = self.horizontalHeader()
        vheader = self.verticalHeader()
        columns = header.count()
        if count == 0 or columns == 0:
            return
        # the area Qt's table paints: the dirty rectangle within the last row and column
        area = event.rect()
        area.setBottom(min(area.bottom(), vheader.length() - vheader.offset() - 1))
        area.setRight(min(area.right(), header.length() - header.offset() - 1))
        if not area.isValid():
            return
        top = vheader.visualIndexAt(area.top())
        bottom = vheader.visualIndexAt(area.bottom())
        if top < 0:
            return
        if bottom < 0:
            bottom = count - 1
        left = header.visualIndexAt(area.left())
        right = header.visualIndexAt(area.right())
        left = 0 if left < 0 else left
        right = columns - 1 if right < 0 else right

        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        style = self.style()
        grid = 1 if self.showGrid() else 0
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1
        active = bool(option.state & QStyle.StateFlag.State_Active)
        group = _Group.Normal if active else _Group.Inactive
        palette = self.palette()
        highlight = palette.brush(group, _Role.Highlight)
        alternate_brush = palette.brush(group, _Role.AlternateBase)
        text_colour = palette.color(group, _Role.Text)
        selected_colour = palette.color(group, _Role.HighlightedText)
        alternate = self.alternatingRowColors()
        plain = QFont(self.font())
        bold = bold_font().resolve(plain)
        metrics = {False: QFontMetrics(plain), True: QFontMetrics(bold)}
        # where the style's text layout puts a line: a line's height is its ascent and descent
        # rounded up, its box centred in the cell as QStyle.alignedRect centres it (half the
        # cell less half the line, each in whole pixels), the baseline an ascent below its top
        lines = {}
        for strong_font, font in ((False, plain), (True, bold)):
            exact = QFontMetricsF(font)
            lines[strong_font] = (math.ceil(exact.ascent() + exact.descent()) // 2, exact.ascent())
        cells = [
            (c, self.columnViewportPosition(c), self.columnWidth(c) - grid)
            for c in range(left, right + 1)
        ]
        x0 = cells[0][1]
        x1 = cells[-1][1] + cells[-1][2] + grid
        selection = self.selectionModel()
        elided = self._elided
        if len(elided) > 4096:
            elided.clear()

        painter = QPainter(self.viewport())
        painter.setFont(plain)
        font_bold = False
        rows = range(top, bottom + 1)
        for row in rows:
            y = self.rowViewportPosition(row)
            height = self.rowHeight(row) - grid
            selected = selection.isRowSelected(row)
            if selected:
                painter.fillRect(QRect(x0, y, x1 - x0, height), highlight)
            elif alternate and row & 1:
                painter.fillRect(QRect(x0, y, x1 - x0, height), alternate_brush)
            texts, alert, strong = model.cells(row)
            for column, x, width in cells:
                text = texts[column]
                if not text:
                    continue
                is_bold = strong and column == CitizenListModel.COL_ATTENTION
                if is_bold != font_bold:
                    painter.setFont(bold if is_bold else plain)
                    font_bold = is_bold
                fm = metrics[is_bold]
                room = width - 2 * margin
                key = (text, room, is_bold)
                shown = elided.get(key)
                if shown is None:  # first seen: cut to the room, drawn as text
                    shown = elided[key] = (
                        text
                        if fm.horizontalAdvance(text) <= room
                        else fm.elidedText(text, Qt.TextElideMode.ElideRight, room)
                    )
                elif isinstance(shown, str):  # seen again: laid out once for every repaint
                    static = elided[key] = QStaticText(shown)
                    static.setTextFormat(Qt.TextFormat.PlainText)
                    static.prepare(QTransform(), bold if is_bold else plain)
                    shown = static
                if selected:
                    painter.setPen(selected_colour)
                elif alert and column == CitizenListModel.COL_ATTENTION:
                    painter.setPen(model.ALERT)
                else:
                    painter.setPen(text_colour)
                half_line, ascent = lines[is_bold]
                line_top = y + height // 2 - half_line
                if isinstance(shown, str):
                    painter.drawText(QPointF(x + margin, line_top + ascent), shown)
                else:
                    painter.drawStaticText(QPointF(x + margin, line_top), shown)
        if grid:
            hint = style.styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, self)
            painter.setPen(QPen(QColor.fromRgba(hint & 0xFFFFFFFF), 1, self.gridStyle()))
            half = QPointF(0.5, 0.5)
            for row in rows:
                line_y = self.rowViewportPosition(row) + self.rowHeight(row) - grid
                painter.drawLine(QLineF(area.left(), line_y, area.right(), line_y).translated(half))
            for _column, x, width in cells:
                painter.drawLine(
                    QLineF(x + width, area.top(), x + width, area.bottom()).translated(half)
                )
        painter.end()
