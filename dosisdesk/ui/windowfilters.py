"""Event filters on the program's windows, not on the application.

A filter installed on the application is called, in Python, for every event of every object:
each paint, layout, timer and move of every widget crosses from Qt into Python and back (about
170 events for one card opened from another, and thousands while a screen is first built), and
PySide6 makes a Python type for each kind of object such an event names (the windows' own
``QWidgetWindow`` among them). The two filters the program had on the application made a card
open 4-7 % slower and cost about 1 MB at start (README, *Performance at national scale*).

The keyboard and the mouse reach a window (``QWindow``) before any widget in it: the window hands
each key press to the focused widget (or the open popup's) and each mouse event to the widget
under the pointer. A filter that only needs the user's input therefore watches the windows:
:func:`watch` installs it on every window that exists now and on each window that takes the
keyboard later (a dialog when it opens), and it sees a handful of events per card.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QGuiApplication, QWindow

__all__ = ["watch"]

_NAME = "dosisdeskWindowFilters"


class _Windows(QObject):
    """Keeps the watchers and installs them on each window that takes the keyboard."""

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self.setObjectName(_NAME)
        self.watchers: list[QObject] = []
        app.focusWindowChanged.connect(self._on_focus_window)

    def add(self, watcher: QObject, app: QGuiApplication) -> None:
        if watcher not in self.watchers:
            self.watchers.append(watcher)
        for window in app.topLevelWindows():
            window.installEventFilter(watcher)

    @Slot(QWindow)
    def _on_focus_window(self, window: QWindow | None) -> None:
        if window is None:
            return
        self.watchers = [w for w in self.watchers if shiboken6.isValid(w)]
        for watcher in self.watchers:
            # installing a filter a second time only moves it to the front (no double calls)
            window.installEventFilter(watcher)


def watch(app: QGuiApplication, watcher: QObject) -> None:
    """Install ``watcher`` as an event filter on every window of ``app``: those that exist now
    and each one that takes the keyboard from now on. Idempotent; a watcher that is deleted is
    forgotten."""
    windows = app.findChild(_Windows, _NAME)
    if windows is None:
        windows = _Windows(app)
    windows.add(watcher, app)
