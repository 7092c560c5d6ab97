"""The dose card of one citizen: the header, the rolls side by side, the day view, the open
changes (confirm, cancel), flags and renewals, and the hospital contacts.

Everything is loaded in the background runner from :func:`dosisdesk.services.cards.card_view`;
the widget refreshes itself when the change hub says its citizen changed.

Size: the card widget with its tabs (card, day view, changes, hospital, flags and renewals) and
the actions on them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, QModelIndex, QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.bags import BagAction
from dosisdesk.domain.calendar import now_cph
from dosisdesk.domain.cpr import age_on, format_cpr
from dosisdesk.domain.text import format_phone
from dosisdesk.domain.types import BagRef, ChangeState, RenewalState
from dosisdesk.services.dto import (
    AcuteInRollDTO,
    BagEntryDTO,
    CardView,
    ChangeDTO,
    PeriodColumn,
)
from dosisdesk.ui import texts
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.keys import tab_title
from dosisdesk.ui.nurse.models import (
    BagsModel,
    CardLinesModel,
    ChangesModel,
    FlagsModel,
    RenewalsModel,
)
from dosisdesk.ui.runner import Runner

if TYPE_CHECKING:  # the services pull in SQLAlchemy: not before the window is shown
    from dosisdesk.services.context import Ctx

log = logging.getLogger("dosisdesk.ui")

SLOT_WIDTH = 54  # a dose column; narrower when three rolls are shown
DRUG_WIDTH = 300  # at most; the drug column gives way to the notes column
NOTES_MIN_WIDTH = 210


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


# ---------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------


class CardHeader(QFrame):
    """Who the citizen is, who to call, and the paused banner."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardHeader")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(2)
        self.name = QLabel()
        self.name.setObjectName("citizenName")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setWordWrap(True)
        self.paused = QLabel()
        self.paused.setObjectName("pausedBanner")
        self.paused.setWordWrap(True)
        self.paused.setAccessibleName(self.tr("Paused"))
        self.paused.hide()
        self.admitted = QLabel()
        self.admitted.setObjectName("admittedBanner")
        self.admitted.setWordWrap(True)
        self.admitted.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.admitted.setAccessibleName(self.tr("Admitted"))
        self.admitted.hide()
        lay.addWidget(self.name)
        lay.addWidget(self.details)
        lay.addWidget(self.admitted)
        lay.addWidget(self.paused)

    def set_card(self, cv: CardView) -> None:
        c = cv.citizen
        age = age_on(c.cpr, cv.today)
        self.name.setText(
            self.tr("%1  ·  %2  ·  %3 years")
            .replace("%1", c.name)
            .replace("%2", format_cpr(c.cpr))
            .replace("%3", str(age))
        )
        self.name.setAccessibleName(self.name.text())
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
        self.details.setText("<br>".join(_esc(r) for r in rows if r))
        stay = next((k for k in cv.contacts if k.admitted), None)
        if stay is not None:
            # While admitted the hospital answers questions about medicine, not the GP (R6).
            self.admitted.setText(
                self.tr("Admitted: %1, %2 · the department answers: phone %3")
                .replace("%1", stay.hospital)
                .replace("%2", stay.department)
                .replace("%3", format_phone(stay.phone))
            )
            self.admitted.show()
        else:
            self.admitted.hide()
        if cv.paused:
            text = self.tr("Dose dispensing is PAUSED")
            if cv.pause is not None:
                text += " " + self.tr("since %1").replace(
                    "%1", texts.fmt_datetime(cv.pause.paused_at)
                )
                if cv.pause.reason:
                    text += f": {cv.pause.reason}"
            self.paused.setText(text)
            self.paused.show()
        else:
            self.paused.hide()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------------------
# The rolls side by side
# ---------------------------------------------------------------------------


class PeriodBox(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("periodBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 3, 4, 3)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.label)


class PeriodStrip(QWidget):
    """One box per period above the table's column group for that period: dates, week
    numbers, deadline (with a countdown within 48 hours) and status."""

    def __init__(
        self, table: QTableView, model: CardLinesModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._table = table
        self._model = model
        self._boxes: list[PeriodBox] = []
        #: a box's height by its text and width (rich text laid out once, not per relayout)
        self._heights: dict[tuple[str, int], int] = {}
        #: while the card's columns are being sized, each section resized asks for a relayout:
        #: held, the strip is laid out once when they are all done
        self.held = False
        self.today_label = QLabel(self)
        self.today_label.setObjectName("todayLabel")
        self.today_label.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = table.horizontalHeader()
        header.sectionResized.connect(self._on_layout_changed)
        header.geometriesChanged.connect(self._on_layout_changed)
        table.horizontalScrollBar().valueChanged.connect(self._on_layout_changed)
        self.setFixedHeight(10)

    def texts_of(self) -> list[str]:
        return [b.label.text() for b in self._boxes]

    def set_periods(self, columns: tuple[PeriodColumn, ...], now: datetime) -> None:
        while len(self._boxes) < len(columns):
            self._boxes.append(PeriodBox(self))
        for i, box in enumerate(self._boxes):
            box.setVisible(i < len(columns))
            if i < len(columns):
                box.label.setText(self._describe(i, columns[i], now))
                box.setAccessibleName(box.label.text())
        self.today_label.setText(
            self.tr("Today: %1").replace(
                "%1",
                texts.fmt_date(now.date()) + " (" + texts.fmt_day(now.date()).split(" ")[0] + ")",
            )
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
        left = p.deadline - now
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
        height = 10
        count = len(self._model.periods)
        for i, box in enumerate(self._boxes):
            if i >= count or not box.isVisible():
                continue
            first, last = self._model.period_columns(i)
            x = header.sectionViewportPosition(first) + offset
            width = sum(header.sectionSize(c) for c in range(first, last + 1))
            box.setFixedWidth(max(width, 40))
            key = (box.label.text(), width)
            needed = self._heights.get(key)
            if needed is None:
                box.adjustSize()
                needed = max(box.sizeHint().height(), box.heightForWidth(width))
                if len(self._heights) > 256:
                    self._heights.clear()
                self._heights[key] = needed
            height = max(height, needed)
            box.move(x, 0)
        if count:
            drug_w = header.sectionSize(0)
            self.today_label.setGeometry(offset + 2, 0, max(drug_w - 8, 40), height)
            self.today_label.show()
        else:
            self.today_label.hide()
        for box in self._boxes[:count]:
            box.setFixedHeight(height)
        self.setFixedHeight(height + 2)


class _CardLinesView(QTableView):
    """The card's lines. Only the drug and the notes wrap; a dose cell is one short line. So a
    row's height is measured from those two cells alone: Qt's own measure asks every cell of
    every row for its size each time the table lays out (thousands of calls into Python per
    card at a large municipality's card sizes).

    A strong vertical line before each period's column group (and the notes) makes the rolls
    read as separate blocks side by side. It is drawn once per paint over the rows shown, not
    by a delegate per cell: a Python delegate made every cell's paint a call into Python (a
    third of the card's first paint, issue #10)."""

    #: the separator: a near-black line on the first pixel column of the group's first cell,
    #: beside the grid line (as the delegate's 2 px pen showed once the grid was drawn over it)
    SEPARATOR = QColor("#343a40")

    def __init__(self, model: CardLinesModel) -> None:
        super().__init__()
        self._lines = model
        # Qt measures every row several times per load (each relayout, each paint): a row's
        # height is kept per width of its two wrapping columns until the rows or the font change.
        self._heights: dict[tuple[int, int, int, int, int], int] = {}
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
        self._heights.clear()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
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
        painter = QPainter(self.viewport())
        painter.setPen(QPen(self.SEPARATOR, 1))
        for row in range(first, last + 1):
            if model.line_id(row) is None or self.isRowHidden(row):
                continue  # a group's title row spans the whole width: no separator
            top = self.rowViewportPosition(row)
            bottom = top + self.rowHeight(row) - grid - 1
            for x in xs:
                painter.drawLine(x, top, x, bottom)
        painter.end()

    def sizeHintForRow(self, row: int) -> int:
        base = self.verticalHeader().defaultSectionSize()
        model = self._lines
        if row < 0 or row >= model.rowCount():
            return base
        notes = model.notes_column
        key = (row, base, notes, self.columnWidth(model.COL_DRUG), self.columnWidth(notes))
        known = self._heights.get(key)
        if known is None:
            known = self._heights[key] = self._measure_row(row, base)
        return known

    def _measure_row(self, row: int, base: int) -> int:
        model = self._lines
        fm = self.fontMetrics()
        height = fm.height()
        for col in (model.COL_DRUG, model.notes_column):
            if not 0 <= col < model.columnCount():
                continue
            text = model.data(model.index(row, col), Qt.ItemDataRole.DisplayRole)
            if not text:
                continue
            width = max(self.columnWidth(col) - 12, 20)  # the cell's text margins
            rect = fm.boundingRect(0, 0, width, 100_000, Qt.TextFlag.TextWordWrap, str(text))
            height = max(height, rect.height())
        return max(base, height + 6)


class CardTable(QWidget):
    """The period strip, the lines table, the legend and the note on private lines."""

    line_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CardLinesModel(self)
        self.view = _table(self.tr("Dose card lines"), _CardLinesView(self.model))
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(False)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.activated.connect(self._on_activated)
        self.strip = PeriodStrip(self.view, self.model, self)
        self.legend = QLabel(
            self.tr(
                "<span style='background:#ffe8a3'>&nbsp;yellow&nbsp;</span> differs from the "
                "current roll &nbsp; <span style='background:#cfe2ff'>&nbsp;blue&nbsp;</span> new "
                "appearance &nbsp; <span style='background:#e9ecef'>&nbsp;–&nbsp;</span> not on "
                "the card in that roll &nbsp; Double-click a line (or press Enter) to register a "
                "change."
            )
        )
        self.legend.setObjectName("legend")
        self.legend.setWordWrap(True)
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
        self.strip.held = True  # laid out once, by set_periods below
        try:
            self._set_columns(cv)
        finally:
            self.strip.held = False
        self.strip.set_periods(self.model.periods, now)
        if cv.hidden_private:
            self.private_note.setText(
                self.tr("%n private-marked line(s) hidden", "", cv.hidden_private)
            )
            self.private_note.show()
        else:
            self.private_note.hide()

    def _set_columns(self, cv: CardView) -> None:
        self.view.clearSpans()
        self.model.set_card(cv)
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(30)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        slot = SLOT_WIDTH if len(self.model.periods) < 3 else SLOT_WIDTH - 8
        for c in range(1, self.model.notes_column):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            first_of_clock = self.model.per_period == 5 and (c - 1) % self.model.per_period == 4
            header.resizeSection(c, slot * 2 if first_of_clock else slot)
        header.setSectionResizeMode(self.model.notes_column, QHeaderView.ResizeMode.Stretch)
        self._fit_drug_column()
        for row in self.model.group_rows():
            self.view.setSpan(row, 0, 1, self.model.columnCount())

    def _fit_drug_column(self) -> None:
        """The drug column takes what the rolls and a readable notes column leave."""
        header = self.view.horizontalHeader()
        if self.model.columnCount() == 0:
            return
        doses = sum(header.sectionSize(c) for c in range(1, self.model.notes_column))
        room = self.view.viewport().width() - doses - NOTES_MIN_WIDTH
        header.resizeSection(0, max(180, min(DRUG_WIDTH, room)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_drug_column()
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
        self.summary = QLabel()
        self.summary.setWordWrap(True)
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


# ---------------------------------------------------------------------------
# Changes, flags and renewals
# ---------------------------------------------------------------------------


class CancelChangeDialog(QDialog):
    """Ask why a change is cancelled (the reason is required)."""

    def __init__(self, change: ChangeDTO, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.change = change
        self.setWindowTitle(self.tr("Cancel change"))
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(self.tr("Reason for cancelling"))
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("Cancel: %1").replace("%1", label)))
        reason_label = QLabel(self.tr("&Reason:"))
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Cancel the change"))
        ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._on_text_changed)
        form.addRow(self.buttons)

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    @Slot()
    def _on_text_changed(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason_text()))


class ChangesTab(QWidget):
    confirm_requested = Signal(int, int)  # change id, version
    cancel_requested = Signal(int, int, str)  # change id, version, reason
    new_change_requested = Signal(bool)  # acute
    handling_done_requested = Signal(int, object)  # acute change id, bags (empty: all open)
    write_requested = Signal(str, str)  # "change", change id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ChangesModel(self)
        self.view = _table(self.tr("Open changes"))
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(ChangesModel.COL_DRUG, QHeaderView.ResizeMode.Stretch)
        for col, width in (
            (ChangesModel.COL_EFFECTIVE, 110),
            (ChangesModel.COL_KIND, 150),
            (ChangesModel.COL_DOSE, 90),
            (ChangesModel.COL_DEADLINE, 170),
            (ChangesModel.COL_STATE, 100),
            (ChangesModel.COL_REGISTERED, 200),
        ):
            header.resizeSection(col, width)
        self.confirm_button = QPushButton(self.tr("C&onfirm (checked in FMK)"))
        self.cancel_button = QPushButton(self.tr("Ca&ncel change…"))
        self.new_button = QPushButton(self.tr("New change…"))
        self.acute_button = QPushButton(self.tr("Acute change…"))
        self.done_button = QPushButton(self.tr("Mark handling &done (all bags)"))
        self.done_button.setAccessibleName(
            self.tr("Mark every open bag of the selected acute change as done")
        )
        self.write_button = QPushButton(self.tr("&Write to the GP…"))
        self.write_button.setObjectName("write_change")
        self.write_button.setToolTip(
            self.tr("A correspondence message (MedCom) to the GP about the selected change")
        )
        self.confirm_button.setAccessibleName(self.tr("Confirm the selected change"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the selected change"))
        self.new_button.setAccessibleName(self.tr("Register a new change"))
        self.acute_button.setAccessibleName(self.tr("Register an acute change"))
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = QLabel(self.tr("No open changes."))
        buttons = QHBoxLayout()
        for b in (self.confirm_button, self.cancel_button, self.done_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.acute_button)
        buttons.addWidget(self.write_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.empty)
        lay.addWidget(self.detail)
        lay.addLayout(buttons)
        self._dialog: CancelChangeDialog | None = None
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.confirm_button.clicked.connect(self._on_confirm)
        self.cancel_button.clicked.connect(self._on_cancel)
        self.new_button.clicked.connect(self._on_new)
        self.acute_button.clicked.connect(self._on_acute)
        self.done_button.clicked.connect(self._on_done)
        self.write_button.clicked.connect(self._on_write)
        self._update_buttons()

    def set_changes(
        self,
        changes: tuple[ChangeDTO, ...],
        labels: dict[int, str],
        acute: tuple[AcuteInRollDTO, ...] = (),
    ) -> None:
        current = self.selected()
        self.model.set_changes(changes, labels, acute)
        rows = self.model.rowCount()
        self.empty.setVisible(rows == 0)
        row = next((i for i in range(rows) if current and self.model.change(i).id == current.id), 0)
        if rows:
            self.view.selectRow(row)
        self._update_buttons()

    def selected(self) -> ChangeDTO | None:
        idx = self.view.currentIndex()
        if not idx.isValid() or idx.row() >= self.model.rowCount():
            return None
        return self.model.change(idx.row())

    def select_change(self, change_id: int) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.change(row).id == change_id:
                self.view.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        c = self.selected()
        acute = self.model.acute(c.id) if c is not None else None
        self.done_button.setVisible(acute is not None)
        self.done_button.setEnabled(acute is not None and acute.open_steps > 0)
        self.confirm_button.setEnabled(c is not None and c.state is ChangeState.REGISTERED)
        self.write_button.setEnabled(c is not None)
        self.cancel_button.setEnabled(
            c is not None
            and c.state in (ChangeState.REGISTERED, ChangeState.CONFIRMED, ChangeState.LOCKED)
        )
        if c is None:
            self.detail.clear()
            return
        parts = [
            self.tr("Change %1, registered %2 by %3")
            .replace("%1", str(c.id))
            .replace("%2", texts.fmt_datetime(c.registered_at))
            .replace("%3", c.registered_by_name or c.registered_by)
        ]
        if c.target_period is not None:
            p = c.target_period
            parts.append(
                self.tr("Lands in the roll %1 (deadline %2)")
                .replace("%1", texts.fmt_span(p.first_day, p.last_day))
                .replace("%2", texts.fmt_day_time(p.deadline))
            )
        if c.acute:
            parts.append(
                self.tr("Acute: %1 · doctor: %2").replace("%1", c.reason).replace("%2", c.doctor)
            )
        if c.follow_up_of_id and c.follow_up_of_day is not None:
            parts.append(texts.follow_up_text(c.kind, c.effective_date, c.follow_up_of_day))
        acute = self.model.acute(c.id)
        if acute is not None:
            if acute.carried_from is not None:
                parts.append(
                    self.tr("The roll carries it from %1; until then:").replace(
                        "%1", texts.fmt_day(acute.carried_from)
                    )
                )
            for h in c.handlings:
                parts.append("• " + texts.handling_label(h.kind))
            for st in acute.steps:
                where = (
                    f"{texts.fmt_day(st.day)} {texts.slot_label(st.slot or '')}"
                    if st.day is not None
                    else texts.handling_label(st.kind)
                )
                state = (
                    self.tr("done by %1 %2")
                    .replace("%1", st.done_by_name or st.done_by or "?")
                    .replace("%2", texts.fmt_day_time(st.done_at))
                    if st.done_at is not None
                    else self.tr("not done")
                )
                parts.append(f"   {where}: {state}")
        if c.source:
            parts.append(self.tr("Source: %1").replace("%1", c.source))
        self.detail.setText("\n".join(parts))

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, _cur: QModelIndex, _prev: QModelIndex) -> None:
        self._update_buttons()

    @Slot()
    def _on_confirm(self) -> None:
        c = self.selected()
        if c is not None:
            self.confirm_requested.emit(c.id, c.version)

    @Slot()
    def _on_cancel(self) -> None:
        c = self.selected()
        if c is None:
            return
        label = self.model.data(
            self.model.index(self.view.currentIndex().row(), ChangesModel.COL_DRUG)
        )
        dialog = CancelChangeDialog(c, f"{texts.kind_label(c.kind)} {label or ''}".strip(), self)
        dialog.accepted.connect(self._on_cancel_accepted)
        self._dialog = dialog
        dialog.open()

    @Slot()
    def _on_cancel_accepted(self) -> None:
        dialog = self._dialog
        if dialog is not None:
            self.cancel_requested.emit(
                dialog.change.id, dialog.change.version, dialog.reason_text()
            )
            dialog.deleteLater()
            self._dialog = None

    @Slot()
    def _on_done(self) -> None:
        c = self.selected()
        if c is not None and self.model.acute(c.id) is not None:
            self.handling_done_requested.emit(c.id, ())

    @Slot()
    def _on_new(self) -> None:
        self.new_change_requested.emit(False)

    @Slot()
    def _on_acute(self) -> None:
        self.new_change_requested.emit(True)

    @Slot()
    def _on_write(self) -> None:
        c = self.selected()
        if c is not None:
            self.write_requested.emit("change", str(c.id))


class FlagsRenewalsTab(QWidget):
    write_requested = Signal(str, str)  # context kind ("flag", "renewal"), reference

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._flags: tuple[Any, ...] = ()
        self._renewals: tuple[Any, ...] = ()
        self.flags_model = FlagsModel(self)
        self.flags_view = _table(self.tr("Double prescriptions"))
        self.flags_view.setModel(self.flags_model)
        fh = self.flags_view.horizontalHeader()
        fh.setSectionResizeMode(FlagsModel.COL_A, QHeaderView.ResizeMode.Stretch)
        fh.setSectionResizeMode(FlagsModel.COL_B, QHeaderView.ResizeMode.Stretch)
        self.renewals_model = RenewalsModel(self)
        self.renewals_view = _table(self.tr("Renewals"))
        self.renewals_view.setModel(self.renewals_model)
        rh = self.renewals_view.horizontalHeader()
        rh.setSectionResizeMode(RenewalsModel.COL_DRUG, QHeaderView.ResizeMode.Stretch)
        rh.setSectionResizeMode(RenewalsModel.COL_REASON, QHeaderView.ResizeMode.Stretch)
        rh.resizeSection(RenewalsModel.COL_UNTIL, 170)
        for col in (RenewalsModel.COL_STATE, RenewalsModel.COL_SENT):
            rh.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.flags_title = QLabel()
        self.flags_title.setObjectName("sectionTitle")
        self.renewals_title = QLabel()
        self.renewals_title.setObjectName("sectionTitle")
        self.flags_hint = QLabel(
            self.tr(
                "Found by active substance (ATC level 5), never by trade name. High: the same "
                "substance in the roll and on an ordinary prescription. Review: with an as-needed "
                "line or two roll lines. Info: the same therapeutic group. The decision is "
                "clinical: talk to the GP."
            )
        )
        self.flags_hint.setWordWrap(True)
        self.flags_hint.setObjectName("hint")
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.flags_title)
        tl.addWidget(self.flags_view, 1)
        self.write_flag_button = QPushButton(self.tr("&Write to the GP about it…"))
        self.write_flag_button.setObjectName("write_flag")
        self.write_flag_button.setToolTip(
            self.tr("A correspondence message (MedCom) to the GP naming both lines")
        )
        self.write_flag_button.setEnabled(False)
        fl = QHBoxLayout()
        fl.addWidget(self.flags_hint, 1)
        fl.addWidget(self.write_flag_button, 0, Qt.AlignmentFlag.AlignTop)
        tl.addLayout(fl)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.renewals_title)
        bl.addWidget(self.renewals_view, 1)
        self.write_renewal_button = QPushButton(self.tr("Write to the GP about the re&jection…"))
        self.write_renewal_button.setObjectName("write_renewal")
        self.write_renewal_button.setEnabled(False)
        rl = QHBoxLayout()
        rl.addStretch(1)
        rl.addWidget(self.write_renewal_button)
        bl.addLayout(rl)
        self.flags_view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.renewals_view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.write_flag_button.clicked.connect(self._on_write_flag)
        self.write_renewal_button.clicked.connect(self._on_write_renewal)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        lay = QVBoxLayout(self)
        lay.addWidget(split)

    def _selected(self, view: QTableView, rows: tuple[Any, ...]) -> Any:
        row = view.currentIndex().row()
        return rows[row] if 0 <= row < len(rows) else None

    @Slot()
    def _update_buttons(self) -> None:
        self.write_flag_button.setEnabled(self._selected(self.flags_view, self._flags) is not None)
        r = self._selected(self.renewals_view, self._renewals)
        self.write_renewal_button.setEnabled(
            r is not None and r.request_id is not None and r.state is RenewalState.REJECTED
        )

    @Slot()
    def _on_write_flag(self) -> None:
        f = self._selected(self.flags_view, self._flags)
        if f is not None:
            self.write_requested.emit("flag", f"{f.line_a}-{f.line_b}")

    @Slot()
    def _on_write_renewal(self) -> None:
        r = self._selected(self.renewals_view, self._renewals)
        if r is not None and r.request_id is not None:
            self.write_requested.emit("renewal", str(r.request_id))

    def set_card(self, cv: CardView) -> None:
        self._flags, self._renewals = tuple(cv.flags), tuple(cv.renewals)
        self.flags_model.set_flags(cv.flags)
        self.renewals_model.set_renewals(cv.renewals)
        self._update_buttons()
        self.flags_title.setText(
            self.tr("Double prescriptions (%1)").replace("%1", str(len(cv.flags)))
        )
        self.renewals_title.setText(
            self.tr("Renewals due within 28 days (%1)").replace("%1", str(len(cv.renewals)))
        )


# ---------------------------------------------------------------------------
# The whole card
# ---------------------------------------------------------------------------


class CardWidget(QWidget):
    """The right-hand side of the main window: one citizen's card."""

    card_loaded = Signal(object)  # CardView
    load_failed = Signal(object)  # exception
    change_requested = Signal(object, bool)  # line id or None, acute
    day_loaded = Signal(object)  # date

    TAB_CARD, TAB_DAY, TAB_CHANGES, TAB_FLAGS, TAB_HOSPITAL, TAB_FMK, TAB_CORRESPONDENCE = range(7)

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._ctx: Ctx | None = None
        self._cpr: str | None = None
        self._cv: CardView | None = None
        self._generation = 0
        self._day_generation = 0
        self.header = CardHeader()
        self.card = CardTable()
        self.day_view = DayView()
        self.changes_tab = ChangesTab()
        self.flags_tab = FlagsRenewalsTab()
        self.contact_panel: QWidget | None = None
        #: the card the contact panel shows (it is filled when its tab is shown)
        self._contacts_of: CardView | None = None
        self.correspondence_panel: QWidget | None = None
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Card sections"))
        self.tabs.addTab(self.card, tab_title(self.tr("&Card")))
        self.tabs.addTab(self.day_view, tab_title(self.tr("&Day view")))
        self.tabs.addTab(self.changes_tab, tab_title(self.tr("C&hanges")))
        self.tabs.addTab(self.flags_tab, tab_title(self.tr("Double prescriptions and &renewals")))
        self.tabs.addTab(self._hospital_tab(), tab_title(self.tr("Hos&pital")))
        from dosisdesk.ui.nurse.fmk import FmkTab

        self.fmk_tab = FmkTab(runner)
        self.tabs.addTab(self.fmk_tab, tab_title(self.tr("F&MK")))
        self.fmk_tab.model.modelReset.connect(self._update_fmk_title)
        self.tabs.addTab(self._correspondence_tab(), tab_title(self.tr("Corr&espondence")))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.empty = QLabel(texts.card_empty_text())
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.header)
        pl.addWidget(self.tabs, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.stack)
        self._tick = QTimer(self)
        self._tick.setInterval(30_000)
        self._tick.timeout.connect(self._on_tick)
        self.card.line_activated.connect(self._on_line_activated)
        self.day_view.day_requested.connect(self._on_day_requested)
        self.changes_tab.confirm_requested.connect(self.confirm_change)
        self.changes_tab.cancel_requested.connect(self.cancel_change)
        self.changes_tab.new_change_requested.connect(self._on_new_change_requested)
        self.changes_tab.handling_done_requested.connect(self.mark_handling_done)
        self.day_view.handling_done_requested.connect(self.mark_handling_done)
        self.flags_tab.write_requested.connect(self.write_about)
        self.changes_tab.write_requested.connect(self.write_about)
        hub.changed.connect(self._on_hub_changed)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.card.view)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(self._on_enter)

    def _hospital_tab(self) -> QWidget:
        holder = QWidget()
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        self._hospital_layout = lay
        return holder

    def _correspondence_tab(self) -> QWidget:
        holder = QWidget()
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        self._correspondence_layout = lay
        return holder

    def ensure_correspondence_panel(self) -> QWidget | None:
        """Built on first use; loads the citizen's threads when the tab is shown."""
        if self.correspondence_panel is None and self._ctx is not None:
            from dosisdesk.ui.nurse.correspondence import CorrespondencePanel

            panel = CorrespondencePanel(self._ctx, self._runner, self)
            self._correspondence_layout.addWidget(panel)
            self.correspondence_panel = panel
        return self.correspondence_panel

    @Slot(str, str)
    def write_about(self, kind: str, ref: str) -> None:
        """Open the compose form on the Correspondence tab, prefilled for ``kind``/``ref``."""
        panel = self.ensure_correspondence_panel()
        if panel is None or self._cpr is None:
            return
        self.tabs.setCurrentIndex(self.TAB_CORRESPONDENCE)
        panel.open_compose(kind, ref)  # type: ignore[attr-defined]

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        if index == self.TAB_HOSPITAL:
            self._fill_contact_panel()
        if index == self.TAB_CORRESPONDENCE and self._cpr is not None:
            panel = self.ensure_correspondence_panel()
            if panel is not None:
                panel.set_citizen(self._cpr)  # type: ignore[attr-defined]

    def _fill_contact_panel(self) -> None:
        """The hospital tab shows the loaded card's contacts. It is filled when shown: filled
        with every card open, it read the citizen again and restyled its box on a hidden tab,
        while the card was being painted (issue #10)."""
        cv = self._cv
        if cv is None or cv is self._contacts_of:
            return
        panel = self._ensure_contact_panel()
        if panel is not None:
            panel.set_citizen(cv.citizen.cpr, cv.contacts)  # type: ignore[attr-defined]
            self._contacts_of = cv

    def _ensure_contact_panel(self) -> QWidget | None:
        if self.contact_panel is None and self._ctx is not None:
            try:
                from dosisdesk.ui.nurse.hospital import ContactPanel
            except ImportError:  # pragma: no cover - the module ships with the app
                log.exception("contact panel not available")
                return None
            panel = ContactPanel(self._ctx, self._runner, self)
            panel.write_requested.connect(self.write_about)
            self._hospital_layout.addWidget(panel)
            self.contact_panel = panel
        return self.contact_panel

    # -- state --------------------------------------------------------------

    @property
    def cpr(self) -> str | None:
        return self._cpr

    @property
    def card_view(self) -> CardView | None:
        return self._cv

    def set_context(self, ctx: Ctx | None) -> None:
        self._ctx = ctx
        self.fmk_tab.set_context(ctx)
        for attr in ("contact_panel", "correspondence_panel"):
            panel = getattr(self, attr)
            if panel is not None:
                panel.setParent(None)
                panel.deleteLater()
                setattr(self, attr, None)
        self._contacts_of = None
        self.show_citizen(None)

    def show_citizen(self, cpr: str | None) -> None:
        if cpr == self._cpr and cpr is not None:
            return
        self._cpr = cpr
        self._cv = None
        if cpr is None:
            self.fmk_tab.show_citizen(None)
            self._generation += 1
            self.stack.setCurrentIndex(0)
            self._tick.stop()
            return
        self.reload()

    def reload(self) -> None:
        ctx, cpr = self._ctx, self._cpr
        if ctx is None or cpr is None:
            return
        self._generation += 1
        gen = self._generation
        from dosisdesk.services import cards

        self._runner.run(
            lambda: cards.card_view(ctx, cpr),
            lambda cv: self._on_loaded(gen, cv),
            lambda exc: self._on_failed(gen, exc),
        )

    def _follow_with_fmk_later(self) -> None:
        """The FMK read starts once the card is painted (a zero timer fires after the paint
        the load posted), unless another card was asked for meanwhile."""
        gen = self._generation

        def follow() -> None:
            if gen == self._generation:
                self._follow_with_fmk()

        QTimer.singleShot(0, self, follow)

    def _follow_with_fmk(self) -> None:
        """The FMK tab (its title shows the pending count) is read once the card is on screen:
        read alongside, it competed with the card's own read for the database and the GIL."""
        if self.fmk_tab.cpr != self._cpr:
            self.fmk_tab.show_citizen(self._cpr)

    def _on_loaded(self, generation: int, cv: CardView) -> None:
        if generation != self._generation or self._ctx is None:
            return
        first = self._cv is None or self._cv.citizen.id != cv.citizen.id
        self._cv = cv
        now = self._ctx.now()
        self.header.set_card(cv)
        self.card.set_card(cv, now)
        labels = {ln.line_id: ln.product.label for c in cv.columns for ln in c.lines}
        labels.update({ln.line_id: ln.product.label for ln in cv.lines_today})
        self.changes_tab.set_changes(cv.open_changes, labels, cv.acute_in_roll)
        self.flags_tab.set_card(cv)
        self.day_view.set_today(cv.today, cv.columns)
        if self.tabs.currentIndex() == self.TAB_HOSPITAL:
            self._fill_contact_panel()
        self._update_tab_titles(cv)
        if self.tabs.currentIndex() == self.TAB_CORRESPONDENCE:
            self._on_tab_changed(self.TAB_CORRESPONDENCE)
        self.stack.setCurrentIndex(1)
        self._tick.start()
        day = cv.today if first else self.day_view.day
        if day == cv.today:
            # today's bags came with the card (one access, one audit entry): no second read
            self._day_generation += 1
            self.card_loaded.emit(cv)
            self._on_bags(
                self._day_generation, day, [(at, list(items)) for at, items in cv.bags_today]
            )
            self._follow_with_fmk_later()
            return
        self._on_day_requested(day)
        self.card_loaded.emit(cv)
        self._follow_with_fmk_later()

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._follow_with_fmk()
        self.load_failed.emit(exc)
        from dosisdesk.ui.errors import present

        present(self, exc)

    def _update_tab_titles(self, cv: CardView) -> None:
        shown = len(cv.open_changes) + len(cv.acute_in_roll)
        self.tabs.setTabText(
            self.TAB_CHANGES, tab_title(self.tr("C&hanges (%1)").replace("%1", str(shown)))
        )
        self.tabs.setTabText(
            self.TAB_FLAGS,
            tab_title(
                self.tr("Double prescriptions and &renewals (%1)").replace(
                    "%1", str(len(cv.flags) + len(cv.renewals))
                )
            ),
        )
        open_window = any(c.window_open for c in cv.contacts)
        self.tabs.setTabText(
            self.TAB_HOSPITAL,
            tab_title(self.tr("Hos&pital · 72 h open") if open_window else self.tr("Hos&pital")),
        )

    # -- day view -----------------------------------------------------------

    @Slot(object)
    def _on_day_requested(self, day: date) -> None:
        ctx, cpr = self._ctx, self._cpr
        if ctx is None or cpr is None:
            return
        self._day_generation += 1
        gen = self._day_generation
        from dosisdesk.services import cards

        self._runner.run(
            lambda: cards.bags_on(ctx, cpr, day),
            lambda bags: self._on_bags(gen, day, bags),
            lambda exc: self._on_failed(self._generation, exc),
        )

    def _on_bags(
        self, generation: int, day: date, bags: list[tuple[str, list[BagEntryDTO]]]
    ) -> None:
        if generation != self._day_generation:
            return
        with QSignalBlocker(self.day_view.date_edit):
            self.day_view.date_edit.setDate(texts.qdate(day))
        self.day_view.show_bags(day, bags)
        self.day_loaded.emit(day)

    # -- actions ------------------------------------------------------------

    def _run_write(self, fn: Callable[[], Any], citizen_id: int, what: Changed) -> None:
        from dosisdesk.ui.errors import present

        def failed(exc: BaseException) -> None:
            present(self, exc)
            self.reload()

        self._runner.run(fn, lambda _r: hub.publish(what), failed)

    @Slot(int, int)
    def confirm_change(self, change_id: int, version: int) -> None:
        ctx, cv = self._ctx, self._cv
        if ctx is None or cv is None:
            return
        from dosisdesk.services import changes

        cid = cv.citizen.id
        self._run_write(
            lambda: changes.confirm(ctx, [(change_id, version)]), cid, Changed.change(cid)
        )

    @Slot(int, int, str)
    def cancel_change(self, change_id: int, version: int, reason: str) -> None:
        ctx, cv = self._ctx, self._cv
        if ctx is None or cv is None:
            return
        from dosisdesk.services import changes

        cid = cv.citizen.id
        self._run_write(
            lambda: changes.cancel(ctx, change_id, version, reason), cid, Changed.change(cid)
        )

    @Slot(int, object)
    def mark_handling_done(self, change_id: int, bags: tuple[BagRef, ...]) -> None:
        """Sign an acute change's handling as done: the named bags, or every open one."""
        ctx, cv = self._ctx, self._cv
        if ctx is None or cv is None:
            return
        from dosisdesk.services import handlings

        cid = cv.citizen.id
        self._run_write(
            lambda: handlings.mark_done(ctx, change_id, bags), cid, Changed.handling(cid)
        )

    @Slot(int)
    def _on_line_activated(self, line_id: int) -> None:
        self.change_requested.emit(line_id, False)

    @Slot()
    def _on_enter(self) -> None:
        line_id = self.card.current_line_id()
        if line_id is not None:
            self.change_requested.emit(line_id, False)

    @Slot(bool)
    def _on_new_change_requested(self, acute: bool) -> None:
        self.change_requested.emit(
            self.card.current_line_id() if self.tabs.currentIndex() == self.TAB_CARD else None,
            acute,
        )

    def selected_line_id(self) -> int | None:
        return self.card.current_line_id()

    @Slot(object)
    def _on_hub_changed(self, what: object) -> None:
        if not isinstance(what, Changed) or self._cv is None:
            return
        if (
            what.everything
            or self._cv.citizen.id in what.citizen_ids
            or (what.contacts and not what.citizen_ids)
        ):
            self.reload()
            self.fmk_tab.reload()

    @Slot()
    def _update_fmk_title(self) -> None:
        n = self.fmk_tab.pending_count
        self.tabs.setTabText(
            self.TAB_FMK,
            tab_title(self.tr("F&MK (%1)").replace("%1", str(n)) if n else self.tr("F&MK")),
        )

    @Slot()
    def _on_tick(self) -> None:
        """Keep the deadline countdowns current."""
        if self._cv is not None and self._ctx is not None:
            self.card.strip.set_periods(self.card.model.periods, self._ctx.now())
