"""Lock the window after a time without keyboard or mouse (``[signin] idle_minutes``, default 10).

Why: an office PC is shared, and a card left open shows health data to whoever passes. The lock
hides every citizen's data (the workspaces and any open dialog) and asks for the sign-in again;
the same person gets back exactly what she had, typed text included; someone else starts afresh.

Input is watched on the windows (:mod:`.windowfilters`), where every key press and mouse event
arrives before a widget gets it: a filter on the application would be called for each paint and
layout of every widget too.

The clock is injectable (``clock``: seconds, monotonic) so tests move time without sleeping; the
check runs on a timer and can be called directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleLock(QObject):
    """Emits ``idle`` once when no input has come for ``minutes``; ``reset()`` re-arms it."""

    idle = Signal()

    def __init__(
        self,
        minutes: float,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.seconds = minutes * 60.0
        self.clock = clock
        self.armed = False
        self._last = clock()
        self.timer = QTimer(self)
        self.timer.setInterval(int(min(15.0, max(1.0, self.seconds / 4)) * 1000))
        self.timer.timeout.connect(self.check)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            from dosisdesk.ui import windowfilters

            windowfilters.watch(app, self)

    def arm(self) -> None:
        """Start watching (someone signed in)."""
        self._last = self.clock()
        self.armed = True
        self.timer.start()

    def disarm(self) -> None:
        self.armed = False
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() in _ACTIVITY:
            self._last = self.clock()
        return False

    @Slot()
    def check(self) -> None:
        if self.armed and self.clock() - self._last >= self.seconds:
            self.disarm()
            self.idle.emit()
