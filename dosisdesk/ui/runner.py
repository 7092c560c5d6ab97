"""The background runner: database work off the GUI thread, results back on it.

``runner.run(fn, on_done, on_error)`` runs ``fn()`` in Qt's thread pool and calls
``on_done(result)`` or ``on_error(exc)`` on the GUI thread. Tests wait with
``runner.wait_idle()`` or qtbot.waitUntil. ``runner.run_early(fn, on_early, on_done,
on_error)`` hands ``fn`` a function it may call on its thread with a value before it is done:
``on_early(value)`` then runs on the GUI thread, always before ``on_done`` or ``on_error``.

The callbacks (which usually hold widgets) never travel to the worker thread, and the task is
released on the GUI thread: a widget's last reference must never be dropped in a worker thread
(shiboken crashes when it is).
"""

from __future__ import annotations

import itertools
import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("dosisdesk.ui")

# How long a thread may hold the GIL while another waits for it. Python's default (5 ms) is
# made for throughput: while a job runs, each call the GUI thread makes into Python (a model's
# data(), a slot) can stall it or the job for a whole interval, which added ~5 ms to every card
# opened in the window. 1 ms hands the GIL over promptly at a negligible cost.
GIL_SWITCH_INTERVAL = 0.001


class _Relay(QObject):
    done = Signal(int, bool, object)  # (job, ok, result or exception)
    early = Signal(int, object)  # (job, a value the job handed over before it is done)


class _Task(QRunnable):
    def __init__(self, job: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner releases it on the GUI thread
        self.job, self.fn, self.relay = job, fn, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as e:  # delivered to the GUI thread, never lost
            self.relay.done.emit(self.job, False, e)
            return
        self.relay.done.emit(self.job, True, result)


Callbacks = tuple[_Task, Callable[[Any], None], Callable[[BaseException], None]]


def alive(obj: QObject) -> bool:
    """Whether Qt still has the object: a result or a signal may arrive for a window or tab
    that was closed and deleted in the meantime, and must then be dropped."""
    import shiboken6

    return bool(shiboken6.isValid(obj))


class Runner(QObject):
    """One runner per window; at most ``max_threads`` database jobs at once."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        if sys.getswitchinterval() > GIL_SWITCH_INTERVAL:
            sys.setswitchinterval(GIL_SWITCH_INTERVAL)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay()
        self._relay.done.connect(self._on_done)
        self._relay.early.connect(self._on_early)
        self._ids = itertools.count(1)
        self._jobs: dict[int, Callbacks] = {}
        self._early: dict[int, Callable[[Any], None]] = {}
        self.default_error: Callable[[BaseException], None] | None = None

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._start(next(self._ids), fn, on_done, on_error)

    def run_early(
        self,
        fn: Callable[[Callable[[Any], None]], Any],
        on_early: Callable[[Any], None],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """As :meth:`run`, with ``fn`` given a function that hands a value to ``on_early`` on
        the GUI thread (queued like the result, so it always arrives first)."""
        job = next(self._ids)
        relay = self._relay

        def early(value: Any) -> None:  # on the job's thread: holds no callback, no widget
            relay.early.emit(job, value)

        self._early[job] = on_early
        self._start(job, lambda: fn(early), on_done, on_error)

    def _start(
        self,
        job: int,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
    ) -> None:
        task = _Task(job, fn, self._relay)
        fail = on_error or self.default_error or _log_error
        self._jobs[job] = (task, on_done or (lambda _r: None), fail)
        if len(self._jobs) == 1:
            self.busy_changed.emit(True)
        self._pool.start(task)

    @Slot(int, object)
    def _on_early(self, job: int, value: Any) -> None:
        on_early = self._early.get(job)
        if on_early is not None:
            on_early(value)

    @Slot(int, bool, object)
    def _on_done(self, job: int, ok: bool, result: Any) -> None:
        self._early.pop(job, None)
        _task, on_done, on_error = self._jobs.pop(job)
        if not self._jobs:
            self.busy_changed.emit(False)
        if ok:
            on_done(result)
        else:
            on_error(result)

    @property
    def idle(self) -> bool:
        return not self._jobs

    def wait_idle(self, msecs: int = 10000) -> bool:
        """Block until the pool is empty (tests and shutdown only); results still arrive as
        queued signals, so process events afterwards."""
        return self._pool.waitForDone(msecs)


def _log_error(e: BaseException) -> None:
    log.error("background job failed", exc_info=e)
