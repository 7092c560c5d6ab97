"""The background runner: database work off the GUI thread, results back on it.

``runner.run(fn, on_done, on_error)`` runs ``fn()`` in Qt's thread pool and calls
``on_done(result)`` or ``on_error(exc)`` on the GUI thread. Tests wait with
``runner.wait_idle()`` or qtbot.waitUntil.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("dosisdesk.ui")


class _Relay(QObject):
    done = Signal(object, object)  # (callback, result)


class _Task(QRunnable):
    def __init__(
        self,
        fn: Callable[[], Any],
        relay: _Relay,
        ok: Callable[[Any], None],
        fail: Callable[[BaseException], None],
    ) -> None:
        super().__init__()
        self.fn, self.relay, self.ok, self.fail = fn, relay, ok, fail

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as e:  # delivered to the GUI thread, never lost
            self.relay.done.emit(self.fail, e)
            return
        self.relay.done.emit(self.ok, result)


class Runner(QObject):
    """One runner per window; at most ``max_threads`` database jobs at once."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay()
        self._relay.done.connect(self._on_done)
        self._pending = 0
        self.default_error: Callable[[BaseException], None] | None = None

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        fail = on_error or self.default_error or _log_error
        self._pool.start(_Task(fn, self._relay, on_done or (lambda _r: None), fail))

    @Slot(object, object)
    def _on_done(self, callback: Callable[[Any], None], result: Any) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        callback(result)

    @property
    def idle(self) -> bool:
        return self._pending == 0

    def wait_idle(self, msecs: int = 10000) -> bool:
        """Block until the pool is empty (tests and shutdown only); results still arrive as
        queued signals, so process events afterwards."""
        return self._pool.waitForDone(msecs)


def _log_error(e: BaseException) -> None:
    log.error("background job failed", exc_info=e)
