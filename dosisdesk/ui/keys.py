"""Alt+letter is for moving between fields, never for choosing in a list.

Every underlined letter must reach a field. A form row whose field sits in a container (the field
and its message under it, a pair of radio buttons) gave its label the container as buddy, which
cannot take the focus: the letter did nothing. When a window is first shown, a label whose buddy
cannot take the focus gets the container's first field that can.

Qt hands an Alt+letter that matches no underlined letter on to the focused widget as an ordinary
key press, and a combo box (or a list) then jumps to the first item starting with that letter:
in the change dialog, Alt+P switched the drug to Pantoprazol and reset the dose without a word.
One application-wide filter swallows such key presses for combo boxes and item views. (AltGr, which
Windows reports as Ctrl+Alt and which types ``@``, ``€`` and ``{`` on a Danish keyboard, passes.)
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QMainWindow,
    QWidget,
)

__all__ = ["AltLetterGuard", "focusable_buddies", "install", "tab_title"]

_OTHER = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.MetaModifier
    | Qt.KeyboardModifier.GroupSwitchModifier
)


def tab_title(text: str) -> str:
    """A tab's title without its underlined letter. The window's and the desk's tabs are many
    and always shown, so their letters took the fields' (Alt+F: *Find borger*, *Filer* and
    *Fornyelser* at once); tabs are reached with Ctrl+Tab / Ctrl+Shift+Tab (and Ctrl+1 / Ctrl+2 for
    the citizens and the desk), and Alt+letter is for the fields and the menus."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def focusable_buddies(window: QWidget) -> int:
    """Point each label's buddy at a widget that takes the focus; returns how many changed."""
    changed = 0
    for label in window.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is None or buddy.focusPolicy() != Qt.FocusPolicy.NoFocus:
            continue
        inner = next(
            (w for w in buddy.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus),
            None,
        )
        if inner is not None:
            label.setBuddy(inner)
            changed += 1
    return changed


def _first_shown(window: QWidget) -> None:
    if not window.property("dosisdeskBuddies"):
        window.setProperty("dosisdeskBuddies", True)
        focusable_buddies(window)


class AltLetterGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and isinstance(watched, QDialog | QMainWindow):
            _first_shown(watched)
            return False
        if kind != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        mods = event.modifiers()
        if not mods & Qt.KeyboardModifier.AltModifier or mods & _OTHER:
            return False
        if not isinstance(watched, QComboBox | QAbstractItemView):
            return False
        key = event.key()
        return bool(
            Qt.Key.Key_A.value <= key <= Qt.Key.Key_Z.value
            or Qt.Key.Key_0.value <= key <= Qt.Key.Key_9.value
            or event.text().isalnum()
        )


_guard: AltLetterGuard | None = None


def install(app: QCoreApplication | None) -> AltLetterGuard:
    """Install the guard on the application once (idempotent). The windows and dialogs already
    shown get their buddies now (the app installs the guard once its window has painted: an
    application-wide filter in Python sees each of the thousands of events that building and
    first painting the window sends, ~30 ms of the start)."""
    global _guard
    if _guard is None:
        _guard = AltLetterGuard()
    if app is not None:
        app.removeEventFilter(_guard)
        app.installEventFilter(_guard)
        if isinstance(app, QApplication):
            for window in app.topLevelWidgets():
                if window.isVisible() and isinstance(window, QDialog | QMainWindow):
                    _first_shown(window)
    return _guard
