"""The queue clock in the window: time moves the change queue as a write of its own.

Reads never move the queue (every view reports each change's state at the moment from the
domain's ``change_at``, whether or not the move is stored). This clock stores the moves: once
when a user signs in (the window: as soon as the list has shown), every minute (first days come at midnight), and at the next deadline to
the second. It runs on a runner of its own, so the window's "working" mark does not blink each
minute, and a tick that fails (the database busy or gone) is logged and tried again next tick.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.runner import Runner

log = logging.getLogger(__name__)

# How often the clock runs when no deadline comes sooner.
TICK_MS = 60_000


class QueueClock(QObject):
    """Runs ``advance`` for the signed-in session; publishes on the hub when something moved."""

    advanced = Signal(object)  # the service's Advanced

    def __init__(self, parent: QObject | None = None, tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self._runner = Runner(self, max_threads=1)
        self._ctx: Any = None
        self._running = False
        self._tick = QTimer(self)
        self._tick.setInterval(tick_ms)
        self._tick.timeout.connect(self._on_timeout)
        self._at_deadline = QTimer(self)
        self._at_deadline.setSingleShot(True)
        self._at_deadline.timeout.connect(self._on_timeout)

    @property
    def runner(self) -> Runner:
        return self._runner

    def start(self, ctx: Any, *, now: bool = True) -> None:
        """Run now, then every tick and at each deadline, for ``ctx`` (None stops). With
        ``now=False`` the first run waits for the caller's :meth:`run_now` (or the first tick)."""
        self._ctx = ctx
        if ctx is None:
            self.stop()
            return
        self._tick.start()
        if now:
            self.run_now()

    def stop(self) -> None:
        self._ctx = None
        self._tick.stop()
        self._at_deadline.stop()

    def run_now(self) -> None:
        ctx = self._ctx
        if ctx is None or self._running:
            return
        self._running = True

        def work() -> tuple[Any, datetime | None, datetime]:
            from dosisdesk.services import queue_clock as changes

            moved = changes.advance(ctx)
            return moved, changes.next_deadline(ctx), ctx.now()

        self._runner.run(work, self._on_done, self._on_failed)

    @Slot()
    def _on_timeout(self) -> None:
        self.run_now()

    def _on_done(self, result: tuple[Any, datetime | None, datetime]) -> None:
        self._running = False
        moved, deadline, now = result
        if moved.missed or moved.locked or moved.in_effect:
            hub.publish(Changed.time_moved())
        self.advanced.emit(moved)
        if deadline is not None and self._ctx is not None:
            ms = int((deadline - now).total_seconds() * 1000) + 1
            if 0 < ms < self._tick.interval():
                self._at_deadline.start(ms)

    def _on_failed(self, exc: BaseException) -> None:
        self._running = False
        log.warning("the queue clock could not run; it tries again next tick", exc_info=exc)
