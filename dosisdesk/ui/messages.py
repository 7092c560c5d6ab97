"""The message facade: every info, warning and error the user sees goes through here, so tests
can capture them instead of clicking through modal boxes (after qutebrowser's utils/message)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog, QWidget


@dataclass(frozen=True)
class Message:
    level: str  # "info" | "warning" | "error"
    title: str
    text: str
    details: str = ""


_open_alone: list[QDialog] = []


def open_box(dialog: QDialog) -> None:
    """Open ``dialog`` (window-modal, not blocking) and keep it until it is closed. A dialog
    with no parent belongs to Python alone: left to itself it was deleted as soon as the
    function that made it returned, and the user saw nothing (a program error outside any
    window, a message given no window)."""
    if dialog.parent() is None:
        _open_alone.append(dialog)
        dialog.finished.connect(lambda _r: _open_alone.remove(dialog))
    dialog.open()


def box_parent(parent: QWidget | None) -> QWidget | None:
    """The window a message belongs to: the one given, else the active window (the message
    then sits on top of it), else none."""
    return parent if parent is not None else QApplication.activeWindow()


class MessageBridge(QObject):
    shown = Signal(object)  # Message

    def __init__(self) -> None:
        super().__init__()
        self.interactive = True
        self.history: list[Message] = []

    def show(self, parent: QWidget | None, msg: Message) -> None:
        self.history.append(msg)
        self.shown.emit(msg)
        if not self.interactive:
            return
        # named here, when a box is first shown: PySide6 makes a Qt class's Python type when it
        # is first named (~0.2 MB for this one), and the first screen shows no box (issue #10)
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(box_parent(parent))
        box.setIcon(
            {"info": QMessageBox.Icon.Information, "warning": QMessageBox.Icon.Warning}.get(
                msg.level, QMessageBox.Icon.Critical
            )
        )
        box.setWindowTitle(msg.title)
        box.setText(msg.text)
        if msg.details:
            box.setDetailedText(msg.details)
        open_box(box)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.show(parent, Message("info", title, text))

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        self.show(parent, Message("warning", title, text))

    def error(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        self.show(parent, Message("error", title, text, details))


bridge = MessageBridge()
