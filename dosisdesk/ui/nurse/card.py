"""The dose card of one citizen: the header, the rolls side by side, the day view, the open
changes (confirm, cancel), flags and renewals, and the hospital contacts.

Everything is loaded in the background runner from :func:`dosisdesk.services.cards.card_view`;
the widget refreshes itself when the change hub says its citizen changed.

The parts are beside it: ``card_views`` (the header, the rolls, the day view), ``card_tabs``
(the open changes, flags and renewals) and ``hospital`` (the hospital contacts).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    QRect,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeySequence,
    QMoveEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.types import BagRef
from dosisdesk.services.dto import (
    BagEntryDTO,
    CardView,
)
from dosisdesk.ui import texts
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.keys import tab_title
from dosisdesk.ui.nurse.card_tabs import ChangesTab, FlagsRenewalsTab
from dosisdesk.ui.nurse.card_views import CardHeader, CardTable, DayView
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.tabs import SteadyTabWidget

if TYPE_CHECKING:  # the services pull in SQLAlchemy: not before the window is shown
    from dosisdesk.services.context import Ctx

log = logging.getLogger("dosisdesk.ui")


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
        # (generation, card) set on the hidden page while its read's commit was under way
        self._filled: tuple[int, CardView] | None = None
        self._failed = False  # the chosen citizen's card could not be read (none is shown)
        self.header = CardHeader()
        self.card = CardTable()
        self.day_view = DayView()
        self.changes_tab = ChangesTab()
        self.flags_tab = FlagsRenewalsTab()
        self.contact_panel: QWidget | None = None
        # the card the contact panel shows (it is filled when its tab is shown)
        self._contacts_of: CardView | None = None
        # the card the changes tab shows (filled when shown, as the contact panel)
        self._changes_of: CardView | None = None
        self.correspondence_panel: QWidget | None = None
        # (a layout request that changes nothing of the tabs' own layout repaints nothing: the
        # layouts a card sets off reach the tabs after its first paint and repainted it whole)
        self.tabs = SteadyTabWidget()
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
        # a plain QLabel (one short text, measured by Qt): shown while the next card is read,
        # a WrappedLabel's size hints called into Python, taking the lock from the read
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
        # the ground beneath the card as Qt paints it (None: not one colour, or not known yet)
        self._ground: QColor | None = None
        self._ground_of: tuple[object, ...] | None = None
        # the window whose paints the card watches for (see eventFilter)
        self._painted_by: QWidget | None = None

    # -- the ground ---------------------------------------------------------
    # The card paints the ground beneath it itself and is opaque to Qt: otherwise every repaint
    # of the card (each card opened) painted the window, its workspaces, the stacked pages and
    # the splitter beneath it first, the window's whole background among them (issue #10).
    # The ground is what those widgets paint over the card's rectangle, drawn by Qt once (per
    # size, style and palette): when it is one colour the card fills with it, else it stays
    # transparent and Qt paints beneath it as before.

    def _measure_ground(self) -> None:
        window = self.window()
        key = (self.size(), self.mapTo(window, QPoint(0, 0)), window.size(), id(self.style()))
        if key == self._ground_of:
            return
        self._ground_of = key
        # transparent while it is measured: Qt leaves an opaque child's area out of its own
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self._ground = self._ground_beneath()
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, self._ground is not None)

    def _ground_beneath(self) -> QColor | None:
        """The one colour Qt paints beneath the card (each ancestor's own painting, from the
        window down, over the card's rectangle), or None."""
        if self.width() <= 0 or self.height() <= 0 or self.isWindow():
            return None
        chain: list[QWidget] = []
        parent = self.parentWidget()
        while parent is not None:
            chain.append(parent)
            if parent.isWindow():
                break
            parent = parent.parentWidget()
        image = QImage(self.size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        for widget in reversed(chain):  # the window first
            at = self.mapTo(widget, QPoint(0, 0))
            widget.render(
                painter,
                QPoint(0, 0),
                QRect(at, self.size()),
                QWidget.RenderFlag.DrawWindowBackground,  # itself, not its children
            )
        painter.end()
        colour = QColor.fromRgba(image.pixel(0, 0))
        if colour.alpha() != 255:
            return None
        one = QImage(image.size(), image.format())
        one.fill(colour)
        return colour if image == one else None

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        self._measure_ground()
        window = self.window()
        if window is not self._painted_by and window is not self:
            if self._painted_by is not None and shiboken6.isValid(self._painted_by):
                self._painted_by.removeEventFilter(self)
            window.installEventFilter(self)
            self._painted_by = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        # the window is about to paint what changed: a layout the rolls' view left to a zero
        # timer is done first, so its repaint is part of this paint and not a second one
        if (
            event.type() == QEvent.Type.UpdateRequest
            and watched is self._painted_by
            and self.card.view.isVisible()
        ):
            self.card.view.lay_out_pending()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        if self.isVisible():
            self._measure_ground()

    def moveEvent(self, event: QMoveEvent) -> None:  # Qt override
        super().moveEvent(event)
        if self.isVisible():
            self._measure_ground()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange):
            self._ground_of = None  # measured again
            self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
            if self.isVisible():
                QTimer.singleShot(0, self, self._measure_ground)
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        if self._ground is not None and self.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent):
            painter = QPainter(self)
            painter.fillRect(event.rect(), self._ground)
            painter.end()
        super().paintEvent(event)

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
        if index == self.TAB_CHANGES:
            self._fill_changes_tab()
        if index == self.TAB_HOSPITAL:
            self._fill_contact_panel()
        if index == self.TAB_CORRESPONDENCE and self._cpr is not None:
            panel = self.ensure_correspondence_panel()
            if panel is not None:
                panel.set_citizen(self._cpr)  # type: ignore[attr-defined]

    def _fill_changes_tab(self) -> None:
        """The changes tab shows the loaded card's open changes. It is filled when shown (its
        title, with their number, when the card loads): filled with every card opened, Qt laid
        out the selected change's details on the hidden tab (a text document, about 1.5 ms for
        a citizen's first card) while the card was being shown (issue #10)."""
        cv = self._cv
        if cv is None or cv is self._changes_of:
            return
        labels = {ln.line_id: ln.product.label for c in cv.columns for ln in c.lines}
        labels.update({ln.line_id: ln.product.label for ln in cv.lines_today})
        self.changes_tab.set_changes(cv.open_changes, labels, cv.acute_in_roll)
        self._changes_of = cv

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
        self._changes_of = None
        self.show_citizen(None)

    def show_citizen(self, cpr: str | None) -> None:
        if cpr == self._cpr and cpr is not None and not self._failed:
            return  # (her card shown or being read; after a failure, asked again: read again)
        self._cpr = cpr
        self._cv = None
        if cpr is None:
            self.fmk_tab.show_citizen(None)
            self._generation += 1
            self._show_empty(texts.card_empty_text())
            return
        self.reload()

    def _show_empty(self, text: str) -> None:
        """The empty state in the card's place, saying ``text``."""
        self.empty.setText(text)  # (the same text again lays nothing out)
        self.stack.setCurrentIndex(0)
        self._tick.stop()

    def reload(self) -> None:
        ctx, cpr = self._ctx, self._cpr
        if ctx is None or cpr is None:
            return
        self._generation += 1
        self._failed = False
        gen = self._generation
        from dosisdesk.services import cards

        self._runner.run_early(
            lambda early: cards.card_view(ctx, cpr, before_commit=early),
            lambda cv: self._on_read(gen, cv),
            lambda cv: self._on_loaded(gen, cv),
            lambda exc: self._on_card_failed(gen, exc),
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

    def _on_read(self, generation: int, cv: CardView) -> None:
        """The card is read and its access entry written; the commit is being written to disk.
        While no card is shown (the card's page is hidden: the empty state, the first card)
        the header, the rolls and today's bags are set on the hidden page now, beside the
        commit, not after it. Nothing is shown until the commit is done (:meth:`_on_loaded`
        shows the page); a commit that fails clears them again (:meth:`_on_failed`), and a
        card asked for meanwhile replaces them (the generation)."""
        if generation != self._generation or self._ctx is None or self.stack.currentIndex() != 0:
            return
        self._set_page(cv, self._ctx.now())
        self._show_bags(cv.today, [(at, list(items)) for at, items in cv.bags_today])
        self._filled = (generation, cv)

    def _set_page(self, cv: CardView, now: datetime) -> None:
        self.header.set_card(cv)
        self.card.set_card(cv, now)
        self.day_view.set_today(cv.today, cv.columns)

    def _clear_page(self) -> None:
        """What :meth:`_on_read` set on the hidden page, taken off again (its commit failed)."""
        self.header.clear()
        self.card.clear()
        self.day_view.show_bags(self.day_view.day, [])

    def _on_loaded(self, generation: int, cv: CardView) -> None:
        filled = (
            self._filled is not None and self._filled[0] == generation and self._filled[1] is cv
        )
        if filled:
            self._filled = None
        if generation != self._generation or self._ctx is None:
            return
        first = self._cv is None or self._cv.citizen.id != cv.citizen.id
        self._cv = cv
        if not filled:
            self._set_page(cv, self._ctx.now())
        if self.tabs.currentIndex() == self.TAB_CHANGES:
            self._fill_changes_tab()
        self.flags_tab.set_card(cv)
        if self.tabs.currentIndex() == self.TAB_HOSPITAL:
            self._fill_contact_panel()
        self._update_tab_titles(cv)
        if self.tabs.currentIndex() == self.TAB_CORRESPONDENCE:
            self._on_tab_changed(self.TAB_CORRESPONDENCE)
        if self.stack.currentIndex() != 1:
            with self.card.shown_quietly():
                self.stack.setCurrentIndex(1)
        self._tick.start()
        day = cv.today if first else self.day_view.day
        if day == cv.today:
            # today's bags came with the card (one access, one audit entry): no second read
            self._day_generation += 1
            self.card_loaded.emit(cv)
            if filled:  # (set on the hidden page with the card: today's)
                self.day_loaded.emit(day)
            else:
                self._on_bags(
                    self._day_generation, day, [(at, list(items)) for at, items in cv.bags_today]
                )
            self._follow_with_fmk_later()
            return
        self._on_day_requested(day)
        self.card_loaded.emit(cv)
        self._follow_with_fmk_later()

    def _on_card_failed(self, generation: int, exc: BaseException) -> None:
        """The card's read (or its commit) failed. Whatever card was on screen (another
        citizen's, opened before; or this citizen's, now out of date) is taken off and the
        empty state says the card could not be opened: the list and the window's title name
        the chosen citizen, and a card beside them must be hers or none."""
        if self._filled is not None and self._filled[0] == generation:
            self._filled = None  # set on the hidden page, never committed: taken off
            self._clear_page()
        if generation != self._generation:
            return
        if self.stack.currentIndex() != 0:
            self._clear_page()
        self._cv = None
        self._failed = True
        self._show_empty(texts.card_failed_text())
        self._report_failure(exc)

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        """A read beside the card failed (the day view's bags on another day): the card stays,
        the error is shown."""
        if generation != self._generation:
            return
        self._report_failure(exc)

    def _report_failure(self, exc: BaseException) -> None:
        self._follow_with_fmk()
        self.load_failed.emit(exc)
        from dosisdesk.ui.errors import present

        present(self, exc)

    def _update_tab_titles(self, cv: CardView) -> None:
        shown = len(cv.open_changes) + len(cv.acute_in_roll)
        open_window = any(c.window_open for c in cv.contacts)
        for index, title in (
            (self.TAB_CHANGES, self.tr("C&hanges (%1)").replace("%1", str(shown))),
            (
                self.TAB_FLAGS,
                self.tr("Double prescriptions and &renewals (%1)").replace(
                    "%1", str(len(cv.flags) + len(cv.renewals))
                ),
            ),
            (
                self.TAB_HOSPITAL,
                self.tr("Hos&pital · 72 h open") if open_window else self.tr("Hos&pital"),
            ),
        ):
            text = tab_title(title)
            if self.tabs.tabText(index) != text:  # (each title set lays out the tab bar)
                self.tabs.setTabText(index, text)

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
        self._show_bags(day, bags)
        self.day_loaded.emit(day)

    def _show_bags(self, day: date, bags: list[tuple[str, list[BagEntryDTO]]]) -> None:
        with QSignalBlocker(self.day_view.date_edit):
            self.day_view.date_edit.setDate(texts.qdate(day))
        self.day_view.show_bags(day, bags)

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
        text = tab_title(self.tr("F&MK (%1)").replace("%1", str(n)) if n else self.tr("F&MK"))
        if self.tabs.tabText(self.TAB_FMK) != text:  # (each title set lays out the tab bar)
            self.tabs.setTabText(self.TAB_FMK, text)

    @Slot()
    def _on_tick(self) -> None:
        """Keep the deadline countdowns current."""
        if self._cv is not None and self._ctx is not None:
            self.card.strip.set_periods(self.card.model.periods, self._ctx.now())
