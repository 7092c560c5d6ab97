"""Alt+letter is for moving between fields, never for choosing in a list.

Every underlined letter must reach a field. A form row whose field sits in a container (the field
and its message under it, a pair of radio buttons) gave its label the container as buddy, which
cannot take the focus: the letter did nothing. When a window is first shown, a label whose buddy
cannot take the focus gets the container's first field that can.

Qt hands an Alt+letter that matches no underlined letter on to the focused widget as an ordinary
key press, and a combo box (or a list) then jumps to the first item starting with that letter:
in the change dialog, Alt+P switched the drug to Pantoprazol and reset the dose without a word.
A filter on each window swallows such key presses when they are on their way to a combo box or an
item view (the window hands every key press to the focused widget: :mod:`.windowfilters`).
(AltGr, which Windows reports as Ctrl+Alt and which types ``@``, ``€`` and ``{`` on a Danish
keyboard, passes.)
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent, QWindow
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


def _key_receiver() -> QWidget | None:
    """The widget a window hands a key press to: the keyboard's grabber, else the focused widget
    (an open popup's own: the list of an open combo box). Not ``activePopupWidget().focusWidget()``:
    in PySide6 6.11 that call invalidates the Python wrapper the program holds of a combo box's
    list."""
    return QWidget.keyboardGrabber() or QApplication.focusWidget()


def _picks_from_a_list(widget: QWidget | None) -> bool:
    """A combo box or an item view would take the key, itself or as the parent a key press not
    used by its child (an editor in a view) goes on to."""
    while widget is not None:
        if isinstance(widget, QComboBox | QAbstractItemView):
            return True
        if widget.isWindow():
            return False
        widget = widget.parentWidget()
    return False


class AltLetterGuard(QObject):
    """Watches the windows (:func:`.windowfilters.watch`): a window's first focus fixes its
    labels' buddies, and an Alt+letter on its way to a list is swallowed."""

    @Slot(QWindow)
    def window_focused(self, window: QWindow | None) -> None:
        if window is None:
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog | QMainWindow) and widget.windowHandle() is window:
                _first_shown(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        mods = event.modifiers()
        if not mods & Qt.KeyboardModifier.AltModifier or mods & _OTHER:
            return False
        key = event.key()
        if not (
            Qt.Key.Key_A.value <= key <= Qt.Key.Key_Z.value
            or Qt.Key.Key_0.value <= key <= Qt.Key.Key_9.value
            or event.text().isalnum()
        ):
            return False
        return _picks_from_a_list(_key_receiver())


_guard: AltLetterGuard | None = None


def install(app: QCoreApplication | None) -> AltLetterGuard:
    """Install the guard on the application's windows once (idempotent). The windows and dialogs
    already shown get their buddies now, the others when they first take the keyboard (before
    anyone can type into them)."""
    global _guard
    if _guard is None:
        _guard = AltLetterGuard()
    if isinstance(app, QApplication):
        from dosisdesk.ui import windowfilters

        if not app.property("dosisdeskKeysGuarded"):
            app.setProperty("dosisdeskKeysGuarded", True)
            app.focusWindowChanged.connect(_guard.window_focused)
        windowfilters.watch(app, _guard)
        for window in app.topLevelWidgets():
            if window.isVisible() and isinstance(window, QDialog | QMainWindow):
                _first_shown(window)
    return _guard
