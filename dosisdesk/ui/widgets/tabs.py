"""A tab widget that repaints only when its own layout changes (issue #10).

QTabWidget answers every layout request by placing its tab bar and pages again and repainting
itself whole: a page's size hint that changes (a card shown, a label's text) made the main
window's workspaces repaint everything in them, the citizen list included, at each card opened.
:class:`SteadyTabWidget` places them as QTabWidget does, but when what the placing depends on
(its size, the tab bar's size and visibility, the tabs, their position and the document mode)
is as it was at the last placing, it only passes the request on to its parent (its own size
hints may have changed) and repaints nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QTabWidget


class SteadyTabWidget(QTabWidget):
    """A QTabWidget that does not repaint itself for a layout request that changes nothing of
    its own layout."""

    def __init__(self) -> None:
        super().__init__()
        self._placed: tuple[object, ...] | None = None

    def _layout_key(self) -> tuple[object, ...]:
        bar = self.tabBar()
        return (
            self.size(),
            bar.sizeHint(),
            bar.isVisibleTo(self),
            self.count(),
            self.currentIndex(),
            self.tabPosition(),
            self.tabShape(),
            self.documentMode(),
            self.cornerWidget(),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        # QTabWidget places the tab bar and pages at each resize (and repaints, as a resize
        # does): what they were placed for is the new size's. Left to the next layout request,
        # a tab widget resized by its parent's layout (a card of another height) placed them
        # again and repainted itself whole when the layouts reached it, after the paint.
        super().resizeEvent(event)
        self._placed = self._layout_key() if self.isVisible() else None

    def event(self, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.LayoutRequest:
            if not self.isVisible():
                self._placed = None  # QTabWidget places them when shown
                return super().event(event)
            key = self._layout_key()
            if key == self._placed:
                self.updateGeometry()  # as QTabWidget does after placing: the parent may care
                return True
            done = super().event(event)
            self._placed = key
            return done
        return super().event(event)
