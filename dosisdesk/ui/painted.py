"""Run something once a widget has painted: what the user need not wait for starts after the
first screen is on the glass, not while it is being drawn (issue #10)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QWidget

# A widget that does not paint (a minimised window) keeps nothing waiting longer than this.
LONGEST_WAIT_MS = 2_000


class _AfterPaint(QObject):
    def __init__(self, widget: QWidget, fn: Callable[[], object], longest_ms: int | None) -> None:
        super().__init__(widget)
        self._widget = widget
        self._fn: Callable[[], object] | None = fn
        widget.installEventFilter(self)
        widget.update()
        if longest_ms is not None:
            QTimer.singleShot(longest_ms, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._fire)  # once the paint is done
        return False

    @Slot()
    def _fire(self) -> None:
        fn, self._fn = self._fn, None
        if fn is None:
            return
        self._widget.removeEventFilter(self)
        self.deleteLater()
        fn()


def after_next_paint(
    widget: QWidget, fn: Callable[[], object], longest_ms: int | None = LONGEST_WAIT_MS
) -> None:
    """Call ``fn`` (once, on the GUI thread) right after ``widget``'s next paint; at once (from
    the event loop) when the widget is not shown, and after ``longest_ms`` at the latest (None:
    only after a paint)."""
    if not widget.isVisible():
        QTimer.singleShot(0, fn)
        return
    _AfterPaint(widget, fn, longest_ms)
