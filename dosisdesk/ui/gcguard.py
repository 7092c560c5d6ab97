"""Run Python's cyclic garbage collector on the GUI thread only (after qutebrowser's
``misc/utilities`` garbage collector).

The collector otherwise runs in whichever thread happens to allocate: a background database job
could then free a cycle holding Qt widgets, and shiboken would delete them off the GUI thread
(a segfault, seen in the GUI tests). Automatic collection is switched off and a timer on the GUI
thread collects instead, by generation, as often as CPython would.

Start-up makes most of the objects the program will ever have (the modules, SQLAlchemy's and
the window's): collecting them while the window opens only walks them again and again. The
app holds the collector (:meth:`GuiGarbageCollector.hold`) until the citizen list shows, then
moves what start-up made out of the collector's way (``gc.freeze``) and collects as usual.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

_guard: GuiGarbageCollector | None = None


class GuiGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = 250) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        self._held = False
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start()

    def hold(self, longest_ms: int) -> None:
        """Collect nothing until :meth:`settle`, and at most ``longest_ms`` (a start-up that
        waits for someone to sign in)."""
        self._held = True
        QTimer.singleShot(longest_ms, self, self.settle)

    @property
    def held(self) -> bool:
        return self._held

    @Slot()
    def settle(self) -> None:
        """Start-up is over: what it made stays for good (``gc.freeze``: never walked again),
        and collecting begins."""
        if self._held:
            self._held = False
            gc.freeze()

    @Slot()
    def _on_tick(self) -> None:
        if self._held:
            return
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
