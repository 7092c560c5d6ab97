"""Run Python's cyclic garbage collector on the GUI thread only (after qutebrowser's
``misc/utilities`` garbage collector).

The collector otherwise runs in whichever thread happens to allocate: a background database job
could then free a cycle holding Qt widgets, and shiboken would delete them off the GUI thread
(a segfault, seen in the GUI tests). Automatic collection is switched off and a timer on the GUI
thread collects instead, by generation, as often as CPython would.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

_guard: GuiGarbageCollector | None = None


class GuiGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = 250) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start()

    @Slot()
    def _on_tick(self) -> None:
        counts = gc.get_count()
        if counts[0] > self._threshold[0]:
            generation = 0
            if counts[1] > self._threshold[1]:
                generation = 1
                if counts[2] > self._threshold[2]:
                    generation = 2
            gc.collect(generation)


def install(parent: QObject) -> GuiGarbageCollector:
    """Install once per process (idempotent); ``parent`` is usually the QApplication."""
    global _guard
    if _guard is None:
        _guard = GuiGarbageCollector(parent)
    return _guard
