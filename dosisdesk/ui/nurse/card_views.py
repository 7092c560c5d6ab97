"""What the dose card shows: the header (who, the card's state, whom to call), the rolls side
by side (one column block per period, the lines as rows) and the day view (what is given when,
bag by bag). Read-only: the actions are in ``card_tabs`` and ``card``.

Size: the rolls' table, its period strip and the day view share the card's column widths and
the table's set-up.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QEvent,
    QLine,
    QLineF,
    QModelIndex,
    QRect,
    QRectF,
    QSignalBlocker,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QRegion,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOption,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.bags import BagAction
from dosisdesk.domain.calendar import now_cph, time_between
from dosisdesk.domain.cpr import age_on, format_cpr
from dosisdesk.domain.text import format_phone
from dosisdesk.domain.types import BagRef
from dosisdesk.services.dto import (
    BagEntryDTO,
    CardView,
    PeriodColumn,
)
from dosisdesk.ui import texts
from dosisdesk.ui.nurse.models import (
    BagsModel,
    CardLinesModel,
    CellLook,
)
from dosisdesk.ui.widgets.labels import WrappedLabel
from dosisdesk.ui.widgets.static_text import StaticTexts
from dosisdesk.ui.widgets.table_model import bold_font

SLOT_WIDTH = 54  # a dose column; narrower when three rolls are shown
DRUG_WIDTH = 300  # at most; the drug column gives way to the notes column
NOTES_MIN_WIDTH = 210


_UNSEEN: Any = object()  # a cell not drawn yet


def _only(drawn: QPixmap, ground: QColor) -> bool:
    """Whether a drawn cell is nothing but the ground it was drawn on."""
    image = drawn.toImage()
    empty = QImage(image.size(), image.format())
    empty.fill(ground)
    return image == empty


class _Looks:
    """What every cell of one paint shares: the bold font, the palettes by text colour."""

    def __init__(self, base: QStyleOptionViewItem, palette: QPalette) -> None:
        self.bold = bold_font().resolve(base.font)
        self.bold_metrics = QFontMetrics(self.bold)
        self.no_brush = QBrush()
        self._palette = palette
        self._by_text: dict[tuple[int, Qt.BrushStyle], QPalette] = {}

    def palette_with_text(self, brush: QBrush) -> QPalette:
        key = (brush.color().rgba(), brush.style())
        known = self._by_text.get(key)
        if known is None:
            known = self._by_text[key] = QPalette(self._palette)
            known.setBrush(QPalette.ColorRole.Text, brush)
        return known


def _table(name: str, view: QTableView | None = None) -> QTableView:
    view = view if view is not None else QTableView()
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(True)
    view.horizontalHeader().setHighlightSections(False)
    view.setTabKeyNavigation(False)
    return view


class CardHeader(QFrame):
    """Who the citizen is, who to call, and the paused banner.

    Painted, not four labels (issue #10): the labels' style-sheet lookups, text documents and
    heights for a width, asked through every layout above them, were a fifth of a card's
    opening in the window. The texts are laid out once each (:class:`StaticTexts`) and the
    header sets its own height for its width (nothing above it asks it for one). Right-click
    copies the CPR number or the whole header; a screen reader reads the name and, as the
    description, the rest."""

    MARGINS = (8, 6, 8, 6)  # left, top, right, bottom, inside the frame
    SPACING = 2  # between the blocks
    NAME_SCALE = 1.4  # the name's point size, by the header's (14 pt beside 10 pt)
    PADDING = (6, 4)  # a banner's text from its edge: across, down
    # (background, text, border or None, border width): the admitted banner says whom to call
    # (R6), the paused one that the pharmacy packs nothing
    ADMITTED = (QColor("#fff4e5"), QColor("#1b1b1b"), QColor("#b26a00"), 2)
    PAUSED = (QColor("#a4161a"), QColor("#ffffff"), None, 0)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardHeader")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._texts = StaticTexts()
        self._cpr = ""
        self.name_text = ""
        self.details: list[str] = []
        self.admitted_text = ""  # "" while not admitted
        self.paused_text = ""  # "" while not paused
        self._height_of: tuple[object, ...] | None = None
        self._fit()

    # -- what it shows ------------------------------------------------------------

    def clear(self) -> None:
        """No citizen: every text taken off."""
        self._show("", "", [], "", "")

    def set_card(self, cv: CardView) -> None:
        c = cv.citizen
        age = age_on(c.cpr, cv.today)
        name = (
            self.tr("%1  ·  %2  ·  %3 years")
            .replace("%1", c.name)
            .replace("%2", format_cpr(c.cpr))
            .replace("%3", str(age))
        )
        rows = [
            " · ".join(x for x in (c.address, c.team_name) if x),
            self.tr("GP: %1").replace("%1", c.gp_name or self.tr("not registered"))
            + (self.tr(", phone %1").replace("%1", format_phone(c.gp_phone)) if c.gp_phone else ""),
            self.tr("Packing group: %1, %2")
            .replace("%1", cv.packing_group)
            .replace("%2", cv.pharmacy),
        ]
        if cv.other_cards:
            rows.append(self.tr("The citizen has %n more dose card(s).", "", len(cv.other_cards)))
        admitted = ""
        stay = next((k for k in cv.contacts if k.admitted), None)
        if stay is not None:
            # While admitted the hospital answers questions about medicine, not the GP (R6).
            admitted = (
                self.tr("Admitted: %1, %2 · the department answers: phone %3")
                .replace("%1", stay.hospital)
                .replace("%2", stay.department)
                .replace("%3", format_phone(stay.phone))
            )
        paused = ""
        if cv.paused:
            paused = self.tr("Dose dispensing is PAUSED")
            if cv.pause is not None:
                paused += " " + self.tr("since %1").replace(
                    "%1", texts.fmt_datetime(cv.pause.paused_at)
                )
                if cv.pause.reason:
                    paused += f": {cv.pause.reason}"
        self._show(c.cpr, name, [r for r in rows if r], admitted, paused)

    def _show(self, cpr: str, name: str, details: list[str], admitted: str, paused: str) -> None:
        shown = (name, details, admitted, paused)
        if shown == (self.name_text, self.details, self.admitted_text, self.paused_text):
            return
        self._cpr = cpr
        self.name_text, self.details = name, details
        self.admitted_text, self.paused_text = admitted, paused
        self.setAccessibleName(name)
        self.setAccessibleDescription("\n".join(t for t in (*details, admitted, paused) if t))
        self._fit()
        self.update()

    def all_text(self) -> str:
        """Everything the header shows, one line per line (what "Copy" copies)."""
        return "\n".join(
            t for t in (self.name_text, *self.details, self.admitted_text, self.paused_text) if t
        )

    # -- layout -------------------------------------------------------------------

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        """The name's, the details' and the banners' fonts."""
        plain = QFont(self.font())
        name = QFont(plain)
        name.setPointSizeF(plain.pointSizeF() * self.NAME_SCALE)
        name.setBold(True)
        bold = QFont(plain)
        bold.setBold(True)
        return name, plain, bold

    def _blocks(self, width: int) -> list[tuple[str, QFont, int, tuple[Any, ...] | None]]:
        """(text, font, wrap width, banner look or None) top to bottom, at the header's
        ``width``."""
        left, _top, right, _bottom = self.MARGINS
        frame = self.contentsMargins()
        inner = max(width - frame.left() - frame.right() - left - right, 40)
        name_font, plain, bold = self._fonts()
        # (the name wraps too: a long name in a narrow window must not push the CPR number off
        # the header's edge)
        blocks: list[tuple[str, QFont, int, tuple[Any, ...] | None]] = [
            (self.name_text, name_font, inner, None)
        ]
        blocks += [(row, plain, inner, None) for row in self.details]
        across = self.PADDING[0] * 2
        for text, look in ((self.admitted_text, self.ADMITTED), (self.paused_text, self.PAUSED)):
            if text:
                blocks.append((text, bold, max(inner - across - look[3] * 2, 20), look))
        return blocks

    def _block_height(self, text: str, font: QFont, wrap: int, look: tuple[Any, ...] | None) -> int:
        if not text:
            return QFontMetrics(font).height()
        height = self._texts.height(text, font, wrap)
        if look is not None:
            height += self.PADDING[1] * 2 + look[3] * 2
        return height

    def height_for(self, width: int) -> int:
        frame = self.contentsMargins()
        _left, top, _right, bottom = self.MARGINS
        blocks = self._blocks(width)
        inside = sum(self._block_height(*b) for b in blocks) + self.SPACING * (len(blocks) - 1)
        return frame.top() + top + inside + bottom + frame.bottom()

    def _fit(self) -> None:
        """The header as tall as its texts at its width (set when they or the width change)."""
        key = (
            self.name_text,
            tuple(self.details),
            self.admitted_text,
            self.paused_text,
            self.width(),
            self.font().key(),
            self.contentsMargins(),
        )
        if key == self._height_of:
            return
        self._height_of = key
        height = self.height_for(self.width())
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()

    def changeEvent(self, event: QEvent) -> None:  # Qt override: a font or style
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._texts.clear()
            self._height_of = None
            self._fit()
        super().changeEvent(event)

    # -- painting -----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        super().paintEvent(event)  # the frame and its background (the style sheet's)
        painter = QPainter(self)
        frame = self.contentsMargins()
        left, top, right, _bottom = self.MARGINS
        x = frame.left() + left
        y = frame.top() + top
        width = self.width() - frame.left() - frame.right() - left - right
        text_colour = self.palette().color(self.foregroundRole())
        for text, font, wrap, look in self._blocks(self.width()):
            height = self._block_height(text, font, wrap, look)
            if text:
                painter.setFont(font)
                at_x, at_y = x, y
                if look is not None:
                    ground, colour, border, thick = look
                    painter.fillRect(QRect(x, y, width, height), ground)
                    if border is not None:
                        painter.setPen(QPen(border, thick))
                        half = thick / 2
                        painter.drawRect(QRectF(x + half, y + half, width - thick, height - thick))
                    at_x += self.PADDING[0] + thick
                    at_y += self.PADDING[1] + thick
                    painter.setPen(colour)
                else:
                    painter.setPen(text_colour)
                painter.drawStaticText(at_x, at_y, self._texts.get(text, font, wrap))
            y += height + self.SPACING
        painter.end()

    # -- copying ------------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # Qt override
        if not self.name_text:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Copy CPR number"), self.copy_cpr)
        menu.addAction(self.tr("Copy the header"), self.copy_all)
        menu.exec(event.globalPos())
        menu.deleteLater()

    @Slot()
    def copy_cpr(self) -> None:
        """The citizen's CPR number (DDMMYY-XXXX) to the clipboard."""
        if self._cpr:
            QGuiApplication.clipboard().setText(format_cpr(self._cpr))

    @Slot()
    def copy_all(self) -> None:
        """Everything the header says to the clipboard, one line per line."""
        if self.name_text:
            QGuiApplication.clipboard().setText(self.all_text())


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------------------
# The rolls side by side
# ---------------------------------------------------------------------------


class PeriodStrip(QWidget):
    """One box per period above the table's column group for that period: dates, week
    numbers, deadline (with a countdown within 48 hours) and status; today's date above the
    drug column.

    Painted, not a frame and a label per box (issue #10): the boxes' rich texts, laid out by
    their labels' text documents and measured through the layouts at every card, were a
    tenth of a card's opening in the window. Each box's text is laid out once
    (:class:`StaticTexts`: the same rolls recur card after card) and drawn; the strip is as
    tall as its tallest box. Its font is the style sheet's (``#periodStrip``)."""

    MARGINS = (4, 3)  # a box's text from its border: across, down
    GROUND = QColor("#f8f9fa")
    BORDER = QColor("#868e96")
    LEAST_WIDTH = 40  # a box is never narrower

    def __init__(
        self, table: QTableView, model: CardLinesModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("periodStrip")
        self.setAccessibleName(self.tr("Rolls"))
        self._table = table
        self._model = model
        self._texts = StaticTexts()
        # each period's text (rich), and today's
        self._descriptions: list[str] = []
        self._today = ""
        # where the boxes are drawn, by _on_layout_changed: (x, width) per box, today's label
        # (x, width), the boxes' height
        self._boxes: list[tuple[int, int]] = []
        self._today_at: tuple[int, int] | None = None
        self._box_height = 0
        # while the card's columns are being sized, each section resized asks for a relayout:
        # held, the strip is laid out once when they are all done
        self.held = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = table.horizontalHeader()
        header.sectionResized.connect(self._on_layout_changed)
        header.geometriesChanged.connect(self._on_layout_changed)
        if isinstance(table, _CardLinesView):
            table.columns_resized.connect(self._on_layout_changed)
        table.horizontalScrollBar().valueChanged.connect(self._on_layout_changed)
        self.setFixedHeight(10)

    def texts_of(self) -> list[str]:
        """The boxes' texts as shown (rich text), left to right."""
        return list(self._descriptions)

    def clear(self) -> None:
        """No card: the boxes' texts taken off."""
        self._descriptions = []
        self._today = ""
        self.setAccessibleDescription("")
        self._on_layout_changed()

    def set_periods(self, columns: tuple[PeriodColumn, ...], now: datetime) -> None:
        self._descriptions = [self._describe(i, col, now) for i, col in enumerate(columns)]
        self._today = self.tr("Today: %1").replace(
            "%1",
            texts.fmt_date(now.date()) + " (" + texts.fmt_day(now.date()).split(" ")[0] + ")",
        )
        self.setAccessibleDescription(
            "\n".join([self._today, *(_plain(d) for d in self._descriptions)])
        )
        self._on_layout_changed()

    def _describe(self, i: int, col: PeriodColumn, now: datetime) -> str:
        p = col.period
        if col.is_current:
            title = self.tr("Current roll")
        elif i <= 1:
            title = self.tr("Next roll")
        else:
            title = self.tr("The roll after")
        lines = [
            f"<b>{_esc(title)}</b>",
            _esc(texts.fmt_span(p.first_day, p.last_day)),
            _esc(texts.week_label(p.first_day, p.last_day)),
        ]
        if p.length_days != 14:
            lines[-1] += _esc(" · " + self.tr("%n days", "", p.length_days))
        left = time_between(now, p.deadline)
        deadline = _esc(self.tr("deadline %1").replace("%1", texts.fmt_day_time(p.deadline)))
        if timedelta(0) < left <= timedelta(hours=48):
            deadline += (
                "<br><span style='color:#a4161a'><b>"
                + _esc(self.tr("in %1").replace("%1", texts.countdown(left)))
                + "</b></span>"
            )
        elif left <= timedelta(0):
            deadline = f"<span style='color:#495057'>{deadline}</span>"
        lines.append(deadline)
        lines.append(_esc(texts.period_status_label(p.status)))
        if col.changes:
            lines[-1] += " · " + _esc(self.tr("%n change(s)", "", len(col.changes)))
        if p.note:
            lines.append(f"<i>{_esc(p.note)}</i>")
        return "<br>".join(lines)

    @Slot()
    def _on_layout_changed(self) -> None:
        if self.held:
            return
        header = self._table.horizontalHeader()
        offset = self._table.frameWidth() + (
            self._table.verticalHeader().width() if self._table.verticalHeader().isVisible() else 0
        )
        font = self.font()
        across, down = self.MARGINS
        height = 10
        boxes: list[tuple[int, int]] = []
        count = min(len(self._descriptions), len(self._model.periods))
        for i in range(count):
            first, last = self._model.period_columns(i)
            x = header.sectionViewportPosition(first) + offset
            width = max(
                sum(header.sectionSize(c) for c in range(first, last + 1)), self.LEAST_WIDTH
            )
            text = self._texts.height(
                self._descriptions[i], font, width - 2 * (across + 1), rich=True
            )
            height = max(height, text + 2 * (down + 1))
            boxes.append((x, width))
        self._boxes = boxes
        self._box_height = height
        self._today_at = None
        if count:
            self._today_at = (offset + 2, max(header.sectionSize(0) - 8, 40))
        self.setFixedHeight(height + 2)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        if not self._boxes:
            return
        painter = QPainter(self)
        font = self.font()
        painter.setFont(font)
        painter.setPen(self.palette().color(self.foregroundRole()))
        height = self._box_height
        if self._today_at is not None and self._today:
            x, width = self._today_at
            today = self._texts.get(self._today, font, width)
            painter.drawStaticText(x, (height - int(today.size().height())) // 2, today)
        across, down = self.MARGINS
        for (x, width), text in zip(self._boxes, self._descriptions, strict=False):
            painter.fillRect(QRect(x, 0, width, height), self.GROUND)
            painter.setPen(self.BORDER)
            painter.drawRect(QRect(x, 0, width - 1, height - 1))
            painter.setPen(self.palette().color(self.foregroundRole()))
            laid = self._texts.get(text, font, width - 2 * (across + 1), rich=True)
            painter.drawStaticText(x + across + 1, down + 1, laid)
        painter.end()

    def changeEvent(self, event: QEvent) -> None:  # Qt override: a font or style
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._texts.clear()
            self._on_layout_changed()
        super().changeEvent(event)


def _plain(rich: str) -> str:
    """A box's rich text as plain lines (for a screen reader)."""
    lines = re.sub(r"<[^>]+>", "", rich.replace("<br>", "\n"))
    return html.unescape(lines)


class _RowHeader(QHeaderView):
    """The card table's vertical header: hidden, and its rows' heights are set by the view
    (_CardLinesView.fit_rows) as ResizeToContents would set them. In that mode Qt asked Python
    three times per row (the row's size, the header's data, the header's size for an empty
    section) at every layout of a card (~150 calls per card, issue #10). The card's rows have no
    header data, so the size this header gives a section (the style's, for an empty section) is
    the same for every row: asked once per font and style."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self._empty: QSize | None = None
        # as QTableView makes its own vertical header
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:  # Qt override
        if self._empty is None:
            self._empty = super().sectionSizeFromContents(logicalIndex)
        return QSize(self._empty)

    def empty_height(self) -> int:
        """What ResizeToContents takes from this header for a row: its size for a section with
        no header data, within the sections' bounds (QHeaderView.sectionSizeHint)."""
        return max(
            self.minimumSectionSize(),
            min(self.sectionSizeFromContents(0).height(), self.maximumSectionSize()),
        )

    def changeEvent(self, event: QEvent) -> None:  # Qt override: a font or style
        self._empty = None
        view = self.parent()
        if isinstance(view, _CardLinesView):
            view.forget_fit()
        super().changeEvent(event)


class _ColumnHeader(QHeaderView):
    """The card table's column titles. Qt measures every title (four roles asked of the model,
    each a call into Python, and the style's measure) at each layout of a card; a title's size
    depends only on its text and alignment, the same from card to card: measured once per
    font and style (issue #10)."""

    # at most this many pictures of the titles are kept
    KEPT_PICTURES = 8

    def __init__(self, model: CardLinesModel, parent: QWidget) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._titles = model
        self._sizes: dict[tuple[object, ...], QSize] = {}
        # the titles as drawn, by what they were drawn from (paintEvent): the few layouts of
        # columns a nurse's cards have (two or three rolls, a scroll bar or not)
        self._pictures: dict[tuple[object, ...], QPixmap] = {}
        # False: painted by Qt's header (the tests compare the two)
        self.fast_paint = True
        # as QTableView makes its own horizontal header
        self.setSectionsClickable(True)
        self.setHighlightSections(True)

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:  # Qt override
        key = (
            *self._titles.header_key(logicalIndex),
            logicalIndex == 0,
            logicalIndex == self.count() - 1,
        )
        size = self._sizes.get(key)
        if size is None:
            size = self._sizes[key] = super().sectionSizeFromContents(logicalIndex)
        return QSize(size)

    def changeEvent(self, event: QEvent) -> None:  # Qt override: a font or style
        self._sizes.clear()
        if event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
            QEvent.Type.PaletteChange,
        ):  # (the others, enabled, active, are in the pictures' keys)
            self._pictures.clear()
        super().changeEvent(event)

    # -- painting -----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        """The titles as last drawn, when nothing they are drawn from has changed: most cards
        have the same columns (the same titles and widths), and Qt's own paint asked the
        model for each title's roles and the style sheet to draw each section, every paint
        (about half a millisecond of a card's first paint, issue #10). A mouse over the
        titles (hover, pressed) or a selection (highlighted titles) is Qt's to draw."""
        key = self._picture_key()
        if key is None:
            super().paintEvent(event)
            return
        picture = self._pictures.get(key)
        if picture is None:
            if len(self._pictures) >= self.KEPT_PICTURES:
                del self._pictures[next(iter(self._pictures))]  # (the oldest)
            picture = self._pictures[key] = self._draw_picture()
        painter = QPainter(self.viewport())
        painter.drawPixmap(0, 0, picture)
        painter.end()

    def _picture_key(self) -> tuple[object, ...] | None:
        """Everything the titles' pixels depend on, None: drawn by Qt."""
        viewport = self.viewport()
        selection = self.selectionModel()
        count = self.count()
        if (
            not self.fast_paint
            or not count
            or self.isRightToLeft()
            or self.orientation() is not Qt.Orientation.Horizontal
            or self.sectionsHidden()
            or self.sectionsMoved()
            or viewport.underMouse()
            or self.hasFocus()
            or (selection is not None and selection.hasSelection())
        ):
            return None
        sections = tuple(
            (*self._titles.header_key(logical), self.sectionSize(logical))
            for logical in range(count)
        )
        return (
            sections,
            self.offset(),
            viewport.width(),
            viewport.height(),
            viewport.devicePixelRatioF(),
            viewport.font().key(),
            viewport.palette().cacheKey(),
            self.isEnabled(),
            self.isActiveWindow(),
            self.isSortIndicatorShown(),
            self.sortIndicatorSection(),
            self.sortIndicatorOrder(),
        )

    def _draw_picture(self) -> QPixmap:
        """The titles drawn as Qt's paint draws them (QHeaderView::paintEvent, left to right),
        on a picture of the viewport's size: each section, then the area after the last."""
        viewport = self.viewport()
        ratio = viewport.devicePixelRatioF()
        picture = QPixmap(viewport.size() * ratio)
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setFont(viewport.font())
        painter.setPen(viewport.palette().color(viewport.foregroundRole()))
        painter.setBrush(viewport.palette().brush(viewport.backgroundRole()))
        height = viewport.height()
        right = -1
        for visual in range(self.count()):
            logical = self.logicalIndex(visual)
            rect = QRect(
                self.sectionViewportPosition(logical), 0, self.sectionSize(logical), height
            )
            painter.save()
            font = self.model().headerData(logical, self.orientation(), Qt.ItemDataRole.FontRole)
            if isinstance(font, QFont):
                painter.setFont(font)
            self.paintSection(painter, rect, logical)
            painter.restore()
            right = rect.right()
        if right < viewport.width() - 1:
            option = QStyleOption()
            option.initFrom(self)
            option.state |= QStyle.StateFlag.State_Horizontal
            option.rect = QRect(right + 1, 0, viewport.width() - 1 - right, height)
            self.style().drawControl(
                QStyle.ControlElement.CE_HeaderEmptyArea, option, painter, self
            )
        painter.end()
        return picture


class _CardLinesView(QTableView):
    """The card's lines. Only the drug and the notes wrap; a dose cell is one short line. So a
    row's height is measured from those two cells alone: Qt's own measure asks every cell of
    every row for its size each time the table lays out (thousands of calls into Python per
    card at a large municipality's card sizes).

    A strong vertical line before each period's column group (and the notes) makes the rolls
    read as separate blocks side by side. It is drawn once per paint over the rows shown, not
    by a delegate per cell: a Python delegate made every cell's paint a call into Python (a
    third of the card's first paint, issue #10)."""

    # the separator: a near-black line on the first pixel column of the group's first cell,
    # beside the grid line (as the delegate's 2 px pen showed once the grid was drawn over it)
    SEPARATOR = QColor("#343a40")
    # at most this many cell pictures are kept (then they are drawn afresh)
    KEPT_IMAGES = 2048

    # the columns' widths changed while the view laid itself out (updateGeometries: the
    # header's own signals are held then)
    columns_resized = Signal()

    def __init__(self, model: CardLinesModel) -> None:
        super().__init__()
        self.setHorizontalHeader(_ColumnHeader(model, self))
        self.setVerticalHeader(_RowHeader(self))
        self._lines = model
        # False: painted by Qt's table (the tests compare the two)
        self.fast_paint = True
        # the spans set, by their first cell: (rows, columns)
        self._spans: dict[tuple[int, int], tuple[int, int]] = {}
        # each cell as drawn, by what it shows, its size and state: a dose "1" on white
        # or a drug name seen before is drawn once, not laid out and shaped every paint. None:
        # the cell drew nothing but the viewport's ground (an empty dose: half a card's cells),
        # which Qt has filled before the paint: it is not drawn at all
        self._images: dict[tuple[object, ...], QPixmap | None] = {}
        self._probe = QPixmap(1, 1)
        # Qt measures every row several times per load (each relayout, each paint): a row's
        # height is kept by what it depends on (its drug name and note, the two wrapping
        # columns' widths, the rows' default height), for every card (rows recur: a card
        # opened again, the same medicines), until the font or style change.
        self._heights: dict[tuple[object, ...], int] = {}
        # a drug name's or a note's wrapped height by width, for every card (names recur)
        self._text_heights: dict[tuple[str, int], int] = {}
        # what the rows' heights were last set for (fit_rows), None: set them again
        self._fitted: tuple[int, ...] | None = None
        # while a new card's columns are being sized the rows are not fitted to the widths on
        # the way (CardTable._set_columns): they are fitted once, to the columns' own
        self.held = False
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.dataChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.columnsInserted,
            model.columnsRemoved,
        ):
            signal.connect(self._forget_heights)

    @Slot()
    def _forget_heights(self) -> None:
        self._fitted = None  # (the heights are kept by the rows' texts, not by row)

    def forget_fit(self) -> None:
        """The rows' heights are set again at the next layout (a font or style changed)."""
        self._fitted = None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
            self._text_heights.clear()
            self._fitted = None
        self._images.clear()  # a new font, style, palette or state: drawn again
        super().changeEvent(event)

    # -- painting -----------------------------------------------------------------

    def setSpan(self, row: int, column: int, row_span: int, column_span: int) -> None:
        self._spans[(row, column)] = (row_span, column_span)
        super().setSpan(row, column, row_span, column_span)

    def clearSpans(self) -> None:
        self._spans.clear()
        super().clearSpans()

    def _can_paint(self, event: QPaintEvent) -> bool:
        """The card as it is shown: left to right, nothing hidden, moved or tinted in turn,
        the only spans the group titles across a whole row, one area to paint, the item
        delegate Qt's own, and no mouse over the rows (a hovered cell is Qt's to draw)."""
        header = self.horizontalHeader()
        vheader = self.verticalHeader()
        return (
            self.fast_paint
            and not self.isRightToLeft()
            and not self.alternatingRowColors()
            and event.region().rectCount() == 1
            and not header.sectionsHidden()
            and not vheader.sectionsHidden()
            and not header.sectionsMoved()
            and not vheader.sectionsMoved()
            and type(self.itemDelegate()) is QStyledItemDelegate
            and not self.viewport().underMouse()
            and all(
                column == 0 and spans == (1, header.count())
                for (_row, column), spans in self._spans.items()
            )
        )

    def _can_keep_images(self) -> bool:
        """A cell's picture is kept only where drawing it again gives the same pixels: one
        device pixel per pixel, and a pixmap's text resolution the viewport's."""
        viewport = self.viewport()
        probe = self._probe
        return (
            viewport.devicePixelRatioF() == 1.0
            and probe.logicalDpiX() == viewport.logicalDpiX()
            and probe.logicalDpiY() == viewport.logicalDpiY()
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        if self._can_paint(event):
            self._paint_cells(event)
        else:
            super().paintEvent(event)
        self._paint_separators(event)

    def _paint_cells(self, event: QPaintEvent) -> None:
        """What QTableView.paintEvent draws (the group titles' spans, then each cell, then
        the grid, clipped off the spans), each cell drawn by the style from the option Qt's
        item delegate would make, with the roles it reads taken from ``model.looks``."""
        model = self._lines
        header = self.horizontalHeader()
        vheader = self.verticalHeader()
        rows, columns = vheader.count(), header.count()
        if rows == 0 or columns == 0:
            return
        base = QStyleOptionViewItem()
        self.initViewItemOption(base)
        style = self.style()
        grid = 1 if self.showGrid() else 0
        dirty = event.rect()
        area = QRect(dirty)
        area.setBottom(min(area.bottom(), vheader.length() - vheader.offset() - 1))
        area.setRight(min(area.right(), header.length() - header.offset() - 1))
        first_row = max(vheader.visualIndexAt(0), 0)
        last_row = vheader.visualIndexAt(vheader.height())
        last_row = rows - 1 if last_row == -1 else last_row

        enabled = bool(base.state & QStyle.StateFlag.State_Enabled)
        palette = QPalette(base.palette)
        if enabled:  # every cell of the card is enabled: drawn from the normal colours
            palette.setCurrentColorGroup(QPalette.ColorGroup.Normal)
        looks = _Looks(base, palette)
        selection = self.selectionModel()
        current = self.currentIndex()
        focus = (self.hasFocus() or self.viewport().hasFocus()) and current.isValid()
        current_cell = (current.row(), current.column()) if focus else None
        delegate = self.itemDelegate()
        assert isinstance(delegate, QStyledItemDelegate)  # (_can_paint)
        display: dict[str, str] = {}

        selected = {(i.row(), i.column()) for i in selection.selectedIndexes()}
        images = self._images if self._can_keep_images() else None
        if images is not None and len(images) > self.KEPT_IMAGES:
            images.clear()
        ground = self.viewport().palette().color(self.viewport().backgroundRole())

        def option(rect: QRect, state: QStyle.StateFlag) -> QStyleOptionViewItem:
            opt = QStyleOptionViewItem(base)
            opt.rect = rect
            opt.state = state
            opt.palette = palette
            return opt

        def render(painter: QPainter, opt: QStyleOptionViewItem, look: CellLook) -> None:
            """PE_PanelItemViewRow as QTableView draws it, then the cell as its delegate does."""
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewRow, opt, painter, self)
            if look.bold:
                opt.font = looks.bold
                opt.fontMetrics = looks.bold_metrics
            if look.align is not None:
                opt.displayAlignment = Qt.AlignmentFlag(look.align)
            if look.fg is not None:
                opt.palette = looks.palette_with_text(look.fg)
            if look.text is not None:
                opt.features = opt.features | QStyleOptionViewItem.ViewItemFeature.HasDisplay
                shown = display.get(look.text)
                if shown is None:
                    shown = display[look.text] = delegate.displayText(look.text, opt.locale)
                opt.text = shown
            opt.backgroundBrush = look.bg if look.bg is not None else looks.no_brush
            opt.styleObject = None  # type: ignore[assignment]  # as Qt's delegate
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, self)

        plain = base.state
        chosen = plain | QStyle.StateFlag.State_Selected
        states = {plain: int(plain.value), chosen: int(chosen.value)}

        def draw(
            painter: QPainter, x: int, y: int, width: int, height: int, row: int, column: int
        ) -> None:
            look = model.looks(row)[column]
            state = chosen if (row, column) in selected else plain
            if current_cell == (row, column):  # the focus frame: drawn, never kept
                rect = QRect(x, y, width, height)
                render(painter, option(rect, state | QStyle.StateFlag.State_HasFocus), look)
                return
            if images is None:
                render(painter, option(QRect(x, y, width, height), state), look)
                return
            key = (look.key, width, height, states[state])
            image = images.get(key, _UNSEEN)
            if image is _UNSEEN:
                drawn = QPixmap(width, height)
                drawn.fill(ground)
                inner = QPainter(drawn)
                render(inner, option(QRect(0, 0, width, height), state), look)
                inner.end()
                image = images[key] = None if _only(drawn, ground) else drawn
            if image is not None:  # (None: the cell is the viewport's ground, already there)
                painter.drawPixmap(x, y, image)

        painter = QPainter(self.viewport())
        span_rows: set[int] = set()
        if self._spans:
            clip = QRegion(self.viewport().rect())
            for row, _column in self._spans:
                if not first_row <= row <= last_row:
                    continue
                width = sum(self.columnWidth(c) for c in range(columns))
                rect = QRect(
                    header.sectionViewportPosition(0),
                    vheader.sectionViewportPosition(row),
                    width - grid,
                    self.rowHeight(row) - grid,
                )
                if not rect.intersects(dirty):
                    continue
                draw(painter, rect.x(), rect.y(), rect.width(), rect.height(), row, 0)
                span_rows.add(row)
                if grid:  # as Qt keeps the top and left grid lines of the first span
                    if header.visualIndex(row) == 0:
                        rect.setTop(rect.top() + 1)
                    if vheader.visualIndex(row) == 0:
                        rect.setLeft(rect.left() + 1)
                clip -= rect
            painter.setClipRegion(clip)
        if area.isValid():
            left = header.visualIndexAt(area.left())
            right = header.visualIndexAt(area.right())
            left = 0 if left == -1 else left
            right = columns - 1 if right == -1 else right
            bottom = vheader.visualIndexAt(area.bottom())
            bottom = rows - 1 if bottom == -1 else bottom
            top = vheader.visualIndexAt(area.top())
            if top != -1 and top <= bottom:
                # rows with a selected or the focused cell: each cell through draw()
                special = {row for row, _column in selected}
                if current_cell is not None:
                    special.add(current_cell[0])
                kept = (images, states[plain], special) if images is not None else None
                self._paint_rows(painter, area, top, bottom, left, right, span_rows, draw, kept)
        painter.end()

    def _paint_rows(
        self,
        painter: QPainter,
        area: QRect,
        top: int,
        bottom: int,
        left: int,
        right: int,
        span_rows: set[int],
        draw: Callable[[QPainter, int, int, int, int, int, int], None],
        kept: tuple[dict[tuple[object, ...], QPixmap | None], int, set[int]] | None,
    ) -> None:
        """The cells of rows ``top`` to ``bottom``, then the grid. ``kept``: the cells' kept
        pictures, the plain state's key and the rows with a selected or focused cell; a plain
        cell drawn before is blitted here (or skipped, if it is the ground), the rest drawn by
        ``draw``."""
        grid = 1 if self.showGrid() else 0
        cells = [
            (column, self.columnViewportPosition(column), self.columnWidth(column) - grid)
            for column in range(left, right + 1)
        ]
        model = self._lines
        blit = painter.drawPixmap
        images, plain, special = kept if kept is not None else ({}, 0, set())
        for row in range(top, bottom + 1):
            if row in span_rows:
                continue
            y = self.rowViewportPosition(row)
            height = self.rowHeight(row) - grid
            if kept is None or row in special:
                for column, x, width in cells:
                    draw(painter, x, y, width, height, row, column)
                continue
            looks = model.looks(row)
            for column, x, width in cells:
                image = images.get((looks[column].key, width, height, plain), _UNSEEN)
                if image is _UNSEEN:
                    draw(painter, x, y, width, height, row, column)
                elif image is not None:
                    blit(x, y, image)
        if not grid:
            return
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        style = self.style()
        hint = style.styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, self)
        painter.setPen(QPen(QColor.fromRgba(hint & 0xFFFFFFFF), 1, self.gridStyle()))
        # the lines Qt draws one by one, in one call (the same pixels)
        start, end = area.left() + 0.5, area.right() + 0.5
        lines = [
            QLineF(start, y + 0.5, end, y + 0.5)
            for row in range(top, bottom + 1)
            for y in [self.rowViewportPosition(row) + self.rowHeight(row) - grid]
        ]
        high, low = area.top() + 0.5, area.bottom() + 0.5
        lines += [QLineF(x + width + 0.5, high, x + width + 0.5, low) for _c, x, width in cells]
        painter.drawLines(lines)
        if style.styleHint(QStyle.StyleHint.SH_Table_AlwaysDrawLeftTopGridLines, option, self):
            if self.horizontalHeader().isHidden() and self.rowViewportPosition(top) == area.top():
                painter.drawLine(area.left(), area.top(), area.right(), area.top())
            if self.verticalHeader().isHidden() and cells[0][1] == area.left():
                painter.drawLine(area.left(), area.top(), area.left(), area.bottom())

    def _paint_separators(self, event: QPaintEvent) -> None:
        model = self._lines
        rows = model.rowCount()
        columns = [c for c in sorted(model.separator_columns) if not self.isColumnHidden(c)]
        if not rows or not columns:
            return
        area = event.rect()
        first = self.rowAt(area.top())
        last = self.rowAt(area.bottom())
        first = 0 if first < 0 else first
        last = rows - 1 if last < 0 else last
        grid = 1 if self.showGrid() else 0
        xs = [self.columnViewportPosition(c) for c in columns]
        lines: list[QLine] = []
        for row in range(first, last + 1):
            if model.line_id(row) is None or self.isRowHidden(row):
                continue  # a group's title row spans the whole width: no separator
            top = self.rowViewportPosition(row)
            bottom = top + self.rowHeight(row) - grid - 1
            lines += [QLine(x, top, x, bottom) for x in xs]
        if lines:
            painter = QPainter(self.viewport())
            painter.setPen(QPen(self.SEPARATOR, 1))
            painter.drawLines(lines)
            painter.end()

    def updateGeometries(self) -> None:  # Qt override
        # Qt lays the view out here after new rows, a column's new width, a font or a resize:
        # the rows get their heights first, so the scroll bars' ranges are the rows' own.
        # The column header's signals are held while Qt lays the view out: the notes column
        # stretched to a new width (a scroll bar shown or hidden, other columns) told the
        # table, which laid itself out and repainted its rows again on a zero timer, after
        # the card's first paint (the same pixels). The rows are fitted to the new widths and
        # the view laid out again here, at once, and repainted with the paint to come.
        header = self.horizontalHeader()
        resized = False
        for _ in range(3):  # (a scroll bar shown narrows the columns; it settles at once)
            # (held from the first width asked: a section size asked for does the header's
            # pending resizes, a new resize mode's, there)
            with QSignalBlocker(header):
                widths = [header.sectionSize(c) for c in range(header.count())]
                self.fit_rows()
                super().updateGeometries()
                same = widths == [header.sectionSize(c) for c in range(header.count())]
            if same:
                break
            resized = True
            self.viewport().update()
        if resized:
            self.columns_resized.emit()

    def lay_out_pending(self) -> None:
        """The layout Qt left to a zero timer (new rows, a model reset: its delayed items
        layout) done now, if one is pending. Left to the view's next paint, it was done in that
        paint, and its repaint asked for there was a second paint of the rows (the same pixels)
        right after the card was shown."""
        self.executeDelayedItemsLayout()

    def rows_overflow(self) -> bool:
        """Whether the rows need a vertical scroll bar whatever the columns' widths: each as
        low as fit_rows makes a row, they are taller together than the viewport."""
        header = self.verticalHeader()
        if not isinstance(header, _RowHeader):
            return False
        least = max(
            header.minimumSectionSize(),
            min(
                max(header.defaultSectionSize(), header.empty_height()),
                header.maximumSectionSize(),
            ),
        )
        shown = header.count() - header.hiddenSectionCount()
        return shown * least > self.viewport().height()

    def width_without_bar(self) -> int:
        """The viewport's width with no vertical scroll bar beside it."""
        margins = self.viewportMargins()
        return self.contentsRect().width() - margins.left() - margins.right()

    def place_scroll_bars(self) -> None:
        """The scroll bars shown or hidden for the rows' height now, the viewport sized to
        what is left: Qt does it on a queued call when their ranges change, after the card
        was painted with the last card's (and its columns fitted to the last card's width)."""
        QCoreApplication.sendEvent(self, QEvent(QEvent.Type.LayoutRequest))

    def fit_rows(self) -> None:
        """Each row as tall as the vertical header's ResizeToContents mode makes it (the
        larger of the row's size hint and the header's, within the header's bounds), set
        only when what the heights depend on changed since the last time: the rows, the
        two wrapping columns' widths, the font, the header's default and bounds."""
        header = self.verticalHeader()
        model = self._lines
        if self.held or not isinstance(header, _RowHeader):
            return
        count = header.count()
        if count != model.rowCount():
            return
        drug, notes = model.COL_DRUG, model.notes_column
        drug_width, notes_width = self.columnWidth(drug), self.columnWidth(notes)
        base = header.defaultSectionSize()
        least, most = header.minimumSectionSize(), header.maximumSectionSize()
        key = (count, drug_width, notes_width, base, least, most)
        if key == self._fitted:
            return
        self._fitted = key
        floor = header.empty_height()
        hidden = header.hiddenSectionCount() > 0
        size_of, resize = header.sectionSize, header.resizeSection
        hint = self._row_hint
        resized = False
        # the rows resized with the header's signals held: each resize told the table, which
        # laid itself out and repainted its rows again on a zero timer, after the card's first
        # paint (the same pixels). The caller lays the view out (updateGeometries); the rows
        # are repainted with the paint to come. (What the heights depend on is asked for once
        # here, not once per row.)
        with QSignalBlocker(header):
            for row in range(count):
                if hidden and header.isSectionHidden(row):
                    continue
                height = hint(row, base, drug_width, notes_width)
                height = max(least, min(max(height, floor), most))
                if size_of(row) != height:
                    resize(row, height)
                    resized = True
        if resized:
            self.viewport().update()

    def sizeHintForRow(self, row: int) -> int:
        base = self.verticalHeader().defaultSectionSize()
        model = self._lines
        if row < 0 or row >= model.rowCount():
            return base
        width = self.columnWidth
        return self._row_hint(row, base, width(model.COL_DRUG), width(model.notes_column))

    def _row_hint(self, row: int, base: int, drug_width: int, notes_width: int) -> int:
        """The row's height for its drug name and note at those columns' widths, kept by
        them (rows recur, card after card)."""
        model = self._lines
        looks = model.looks(row)  # (the texts data() shows, worked out once per load)
        drug, notes = model.COL_DRUG, model.notes_column
        drug_text = looks[drug].text if 0 <= drug < len(looks) else None
        note = looks[notes].text if 0 <= notes < len(looks) else None
        key = (
            base,
            drug_text,
            drug_width if drug_text else 0,
            note,
            notes_width if note else 0,
        )
        known = self._heights.get(key)
        if known is None:
            if len(self._heights) > 4096:
                self._heights.clear()
            known = self._heights[key] = self._measure_row(row, base)
        return known

    def _measure_row(self, row: int, base: int) -> int:
        model = self._lines
        fm = self.fontMetrics()
        height = fm.height()
        looks = model.looks(row)  # (the texts data() shows, worked out once per load)
        for col in (model.COL_DRUG, model.notes_column):
            if not 0 <= col < len(looks):
                continue
            text = looks[col].text
            if not text:
                continue
            width = max(self.columnWidth(col) - 12, 20)  # the cell's text margins
            key = (text, width)
            wrapped = self._text_heights.get(key)
            if wrapped is None:
                if len(self._text_heights) > 4096:
                    self._text_heights.clear()
                rect = fm.boundingRect(0, 0, width, 100_000, Qt.TextFlag.TextWordWrap, text)
                wrapped = self._text_heights[key] = rect.height()
            height = max(height, wrapped)
        return max(base, height + 6)


class CardTable(QWidget):
    """The period strip, the lines table, the legend and the note on private lines."""

    line_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CardLinesModel(self)
        self.view = _CardLinesView(self.model)
        _table(self.tr("Dose card lines"), self.view)
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(False)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.activated.connect(self._on_activated)
        self.strip = PeriodStrip(self.view, self.model, self)
        self.legend = WrappedLabel(
            self.tr(
                "<span style='background:#ffe8a3'>&nbsp;yellow&nbsp;</span> differs from the "
                "current roll &nbsp; <span style='background:#cfe2ff'>&nbsp;blue&nbsp;</span> new "
                "appearance &nbsp; <span style='background:#e9ecef'>&nbsp;–&nbsp;</span> not on "
                "the card in that roll &nbsp; Double-click a line (or press Enter) to register a "
                "change."
            )
        )
        self.legend.setObjectName("legend")
        self.private_note = QLabel()
        self.private_note.setObjectName("privateNote")
        self.private_note.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.strip)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.private_note)
        lay.addWidget(self.legend)

    def set_card(self, cv: CardView, now: datetime) -> None:
        # the strip laid out once, by set_periods below; the rows fitted once, to the columns'
        # widths as set (each column sized on the way asked for a fit: a card's rows were
        # measured at the last card's widths, then again at the new ones)
        self.strip.held = self.view.held = True
        try:
            self._set_columns(cv)
        finally:
            self.strip.held = self.view.held = False
        if cv.hidden_private:
            self.private_note.setText(
                self.tr("%n private-marked line(s) hidden", "", cv.hidden_private)
            )
            self.private_note.show()
        else:
            self.private_note.hide()
        self.strip.set_periods(self.model.periods, now)
        # the table's own layout done now (the strip's height, the note): the view at the
        # height it shows this card at when it is laid out below
        layout = self.layout()
        if layout is not None and self.isVisible():
            layout.activate()
        # the view laid out (the rows fitted, the scroll bars set) and repainted now: the new
        # rows left it to a zero timer (Qt's delayed items layout), which laid it out and
        # repainted it again after the card's first paint (the same pixels)
        self.view.doItemsLayout()
        self._settle_columns()
        self.strip._on_layout_changed()

    def _settle_columns(self) -> bool:
        """The drug column fitted to the viewport as it is laid out for these rows, the
        scroll bars placed for them, now; whether the drug column's width changed. Qt places
        the scroll bars on a queued call, after the card's paint: the drug column was fitted to
        the last card's viewport, and a card was shown with other widths (the notes narrower
        than their least) after another card than after none. Where the rows might fit without
        a scroll bar it is fitted without one first, and beside one if the rows then need it
        (narrower, they only grow taller): the same widths for a card, a size and a font,
        whatever was shown before."""
        view = self.view
        bar = view.verticalScrollBar()
        view.place_scroll_bars()
        changed = False
        room = view.viewport().width()
        if bar.isVisible() and not view.rows_overflow():
            room = view.width_without_bar()
        for _ in range(2):
            if self._fit_drug_column(room):
                changed = True
                view.updateGeometries()
                view.place_scroll_bars()
            if not bar.isVisible() or room == view.viewport().width():
                break
            room = view.viewport().width()
        return changed

    @contextmanager
    def shown_quietly(self) -> Iterator[None]:
        """Around showing the table (the card's page made current): its column header's
        signals held meanwhile, then the table laid out at once. Shown, the header stretched
        the notes column to the viewport and told the view, which laid itself out and repainted
        on a zero timer, after the card's first paint (the same pixels)."""
        header = self.view.horizontalHeader()
        with QSignalBlocker(header):
            yield
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.view.updateGeometries()
        self._settle_columns()
        self.view.viewport().update()
        self.strip._on_layout_changed()

    def clear(self) -> None:
        """No card: the rows, the period boxes and the note on private lines taken off."""
        self.view.clearSpans()
        self.model.set_card(None)
        self.strip.clear()
        self.private_note.hide()

    def _set_columns(self, cv: CardView) -> None:
        self.view.clearSpans()
        self.model.set_card(cv)
        header = self.view.horizontalHeader()
        # the columns sized with the header's signals held: each resize told the table, which
        # laid itself out and repainted on a zero timer, after the card's first paint (the
        # same pixels); set_card lays the view out and repaints it once they are set
        with QSignalBlocker(header):
            self._size_columns(header)
            # (a section's size asked for does the header's pending resizes, the stretched
            # notes column's, here and not where it is next asked)
            header.sectionSize(self.model.notes_column)
        for row in self.model.group_rows():
            self.view.setSpan(row, 0, 1, self.model.columnCount())

    def _size_columns(self, header: QHeaderView) -> None:
        header.setMinimumSectionSize(30)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        slot = SLOT_WIDTH if len(self.model.periods) < 3 else SLOT_WIDTH - 8
        for c in range(1, self.model.notes_column):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            first_of_clock = self.model.per_period == 5 and (c - 1) % self.model.per_period == 4
            header.resizeSection(c, slot * 2 if first_of_clock else slot)
        header.setSectionResizeMode(self.model.notes_column, QHeaderView.ResizeMode.Stretch)
        self._fit_drug_column()

    def _fit_drug_column(self, viewport_width: int | None = None) -> bool:
        """The drug column takes what the rolls and a readable notes column leave of the
        viewport (its width now, or the one given). Whether its width changed: it is set with
        the header's signals held (the table, told of it, laid itself out and repainted on a
        zero timer, after the card's paint), the caller lays the view out."""
        header = self.view.horizontalHeader()
        if self.model.columnCount() == 0:
            return False
        if viewport_width is None:
            viewport_width = self.view.viewport().width()
        with QSignalBlocker(header):
            doses = sum(header.sectionSize(c) for c in range(1, self.model.notes_column))
            room = viewport_width - doses - NOTES_MIN_WIDTH
            width = max(180, min(DRUG_WIDTH, room))
            if header.sectionSize(0) == width:
                return False
            header.resizeSection(0, width)
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._settle_columns():
            self.view.viewport().update()
        self.strip._on_layout_changed()

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        line_id = self.model.line_id(index.row())
        if line_id is not None:
            self.line_activated.emit(line_id)

    def current_line_id(self) -> int | None:
        idx = self.view.currentIndex()
        return self.model.line_id(idx.row()) if idx.isValid() else None


# ---------------------------------------------------------------------------
# The day view
# ---------------------------------------------------------------------------


class DayView(QWidget):
    """Pick a day and see the bags, slot by slot, and what is in each."""

    day_requested = Signal(object)  # date
    handling_done_requested = Signal(int, object)  # acute change id, bags (tuple of BagRef)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_edit = QDateEdit()
        self.date_edit.setDisplayFormat("d. MMM yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setAccessibleName(self.tr("Day"))
        self.date_edit.setMinimumWidth(150)
        self.today_button = QPushButton(self.tr("&Today"))
        self.prev_button = QPushButton(self.tr("◀ Previous day"))
        self.next_button = QPushButton(self.tr("Next day ▶"))
        for b, name in (
            (self.today_button, self.tr("Today")),
            (self.prev_button, self.tr("Previous day")),
            (self.next_button, self.tr("Next day")),
        ):
            b.setAccessibleName(name)
        self.period_label = QLabel()
        self.model = BagsModel(self)
        self.view = _table(self.tr("Bags of the day"))
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().resizeSection(0, 130)
        self.summary = WrappedLabel()
        self.done_button = QPushButton(self.tr("&Mark bag done"))
        self.done_button.setAccessibleName(self.tr("Mark the selected bag's handling as done"))
        self.done_button.setEnabled(False)
        label = QLabel(self.tr("&Day:"))
        label.setBuddy(self.date_edit)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.date_edit)
        top.addWidget(self.prev_button)
        top.addWidget(self.next_button)
        top.addWidget(self.today_button)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.period_label)
        lay.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.done_button)
        lay.addLayout(bottom)
        self._today = now_cph().date()
        self._columns: tuple[PeriodColumn, ...] = ()
        self.date_edit.dateChanged.connect(self._on_date_changed)
        self.today_button.clicked.connect(self._on_today)
        self.prev_button.clicked.connect(self._on_prev)
        self.next_button.clicked.connect(self._on_next)
        self.done_button.clicked.connect(self._on_done)
        self.view.selectionModel().currentRowChanged.connect(self._on_row_changed)

    def _selected_open(self) -> BagEntryDTO | None:
        idx = self.view.currentIndex()
        e = self.model.entry(idx.row()) if idx.isValid() else None
        if e is None or e.change_id is None or e.done:
            return None
        if e.action not in (BagAction.REMOVE, BagAction.DISCARD):
            return None
        return e

    @Slot(QModelIndex, QModelIndex)
    def _on_row_changed(self, _cur: QModelIndex, _prev: QModelIndex) -> None:
        self.done_button.setEnabled(self._selected_open() is not None)

    @Slot()
    def _on_done(self) -> None:
        e = self._selected_open()
        if e is not None and e.change_id is not None:
            self.handling_done_requested.emit(e.change_id, (BagRef(e.day, e.slot),))

    @property
    def day(self) -> date:
        return texts.pydate(self.date_edit.date())

    def set_today(self, today: date, columns: tuple[PeriodColumn, ...]) -> None:
        self._today = today
        self._columns = columns

    def set_day(self, day: date) -> None:
        if self.day == day:
            self.day_requested.emit(day)
        else:
            self.date_edit.setDate(texts.qdate(day))

    @Slot(QDate)
    def _on_date_changed(self, _d: QDate) -> None:
        self.day_requested.emit(self.day)

    @Slot()
    def _on_today(self) -> None:
        self.set_day(self._today)

    @Slot()
    def _on_prev(self) -> None:
        self.set_day(self.day - timedelta(days=1))

    @Slot()
    def _on_next(self) -> None:
        self.set_day(self.day + timedelta(days=1))

    def show_bags(self, day: date, bags: list[tuple[str, list[BagEntryDTO]]]) -> None:
        self.model.set_bags(day, bags)
        self.done_button.setEnabled(self._selected_open() is not None)
        period = next((c.period for c in self._columns if c.period.contains(day)), None)
        head = texts.fmt_day(day) + " " + str(day.year)
        if period is not None:
            head += " · " + self.tr("roll %1").replace(
                "%1", texts.fmt_span(period.first_day, period.last_day)
            )
        self.period_label.setText(head)
        if bags:
            text = self.tr("%n bag(s) this day.", "", self.model.bag_count)
            if self.model.open_count:
                text += " " + self.tr(
                    "%n handling(s) not done: select the row and mark it done.",
                    "",
                    self.model.open_count,
                )
            self.summary.setText(text)
        else:
            self.summary.setText(self.tr("No bags this day."))
