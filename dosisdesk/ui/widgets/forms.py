"""Form helpers the dialogs share: aware datetimes in a QDateTimeEdit (dates are written by
``domain.calendar``), inline field errors, framed info boxes, a yes/no question tests can answer,
running a dialog's job so that its callbacks never outlive the dialog, and the form dialog's base
(:class:`FormDialog`: its work, whether something was typed, the banner, Save and Cancel).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QDateTime, QObject, Qt, QTimer, QTimeZone, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from dosisdesk.domain.types import (
    CPH,
)
from dosisdesk.ui.messages import Message, bridge
from dosisdesk.ui.runner import Runner

ERROR_RED = "#b3261e"


QT_CPH = QTimeZone(b"Europe/Copenhagen")


# The answer ``ask_yes_no`` gives when the message facade is not interactive (tests).
AUTO_ANSWER = True


def to_qdatetime(dt: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(dt.timestamp()), QT_CPH)


def from_qdatetime(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), CPH)


def make_datetime_edit(name: str, accessible: str, value: datetime) -> QDateTimeEdit:
    """A date-time field in Copenhagen time, to the minute, with a calendar popup."""
    edit = QDateTimeEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setTimeZone(QT_CPH)
    edit.setDisplayFormat("dd-MM-yyyy HH:mm")
    edit.setCalendarPopup(True)
    edit.setDateTime(to_qdatetime(value.replace(second=0, microsecond=0)))
    return edit


def set_type_size(label: QLabel, points: float, *, bold: bool = False) -> None:
    """Type size by style sheet, so the application's style sheet (which fixes the size of every
    widget) does not shrink it."""
    weight = "bold" if bold else "normal"
    label.setStyleSheet(f"QLabel {{ font-size: {points}pt; font-weight: {weight}; }}")


def error_label(name: str) -> QLabel:
    """The message under a field; hidden while the field is fine."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_RED};")
    label.setVisible(False)
    return label


def show_field_error(field: QWidget, label: QLabel, message: str | None) -> None:
    """Red border on the field and the message under it (or neither). A dialog grows to give
    the message its room, so it never lies over a field."""
    name = field.objectName()
    if message:
        field.setStyleSheet(f"#{name} {{ border: 2px solid {ERROR_RED}; border-radius: 3px; }}")
        field.setAccessibleDescription(message)
        label.setText(message)
        label.setVisible(True)
        make_room(label)
    else:
        field.setStyleSheet("")
        field.setAccessibleDescription("")
        label.clear()
        label.setVisible(False)
        label.setMinimumHeight(0)


# The dynamic property a dialog carries while :func:`make_room` waits for its layouts.
_PENDING = "dosisdeskRoomPending"


def make_room(label: QLabel) -> None:
    """Grow the dialog a message was just shown in, so every message's wrapped text has the
    height it needs and nothing is pressed over the fields (a main window keeps its size). Runs
    once the layouts have taken the new text in (a posted call, one per dialog)."""
    window = label.window()
    if not isinstance(window, QDialog) or window.property(_PENDING):
        return
    window.setProperty(_PENDING, True)
    QTimer.singleShot(0, window, lambda: _make_room(window, 4))


def room_pending(window: QWidget) -> bool:
    """Whether the dialog has still to be grown for a message just shown (tests wait on it)."""
    return bool(window.property(_PENDING))


def _make_room(window: QWidget, tries: int) -> None:
    if not shiboken6.isValid(window):
        return
    fit_to_contents(window)
    # A stacked page does not pass its height-for-width on: give each message its height.
    short = [
        (lab, lab.heightForWidth(lab.width()))
        for lab in window.findChildren(QLabel)
        if lab.isVisible() and lab.wordWrap() and ERROR_RED in lab.styleSheet()
    ]
    short = [(lab, need) for lab, need in short if need > lab.height()]
    for lab, need in short:
        lab.setMinimumHeight(need)
    if short and tries > 1:
        QTimer.singleShot(0, window, lambda: _make_room(window, tries - 1))
        return
    window.setProperty(_PENDING, False)


def fit_to_contents(window: QWidget) -> None:
    """Make a top-level window at least as tall as its wrapped contents need."""
    lay = window.layout()
    if lay is None:
        return
    width = max(window.width(), lay.totalMinimumSize().width())
    need = (
        lay.totalHeightForWidth(width)
        if lay.hasHeightForWidth()
        else lay.totalMinimumSize().height()
    )
    window.setMinimumHeight(max(need, lay.totalMinimumSize().height()))
    if need > window.height() or width > window.width():
        window.resize(width, max(need, window.height()))


_jobs = itertools.count(1)


_pending: dict[int, tuple[QObject, Callable[[Any], None], Callable[[BaseException], None]]] = {}


def run_guarded(
    runner: Runner,
    owner: QObject,
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> None:
    """``runner.run`` for a widget's job: the callbacks are dropped when ``owner`` has been
    deleted meanwhile (a dialog closed while its job ran), and they stay on the GUI thread. The
    runner only sees two closures holding a number, so no reference to a widget is ever released
    in a worker thread (which crashed shiboken when it was the last one). ``fn`` itself must not
    hold widgets.
    """
    job = next(_jobs)
    _pending[job] = (owner, on_done, on_error)

    def done(result: Any) -> None:
        owner_, ok, _fail = _pending.pop(job)
        if shiboken6.isValid(owner_):
            ok(result)

    def failed(exc: BaseException) -> None:
        owner_, _ok, fail = _pending.pop(job)
        if shiboken6.isValid(owner_):
            fail(exc)

    runner.run(fn, done, failed)


class FormDialog(QDialog):
    """A dialog with a form: its database work through the runner (:func:`run_guarded`),
    whether the user has typed anything (:attr:`dirty`; the dialog's own filling of fields, while
    ``_quiet`` > 0, does not count), a banner for what went wrong, and Save and Cancel
    (:meth:`_save_buttons`). A subclass places the banner and the buttons and saves in
    :meth:`_on_save_requested`."""

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._dirty = False
        self._quiet = 0  # > 0 while the dialog itself fills fields
        self._saving = False
        self.banner = error_label("banner")
        self.banner.setStyleSheet(f"color: {ERROR_RED}; font-weight: bold;")

    def _run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        run_guarded(self._runner, self, fn, on_done, on_error)

    def _touch(self) -> None:
        if not self._quiet:
            self._dirty = True

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _show_banner(self, text: str | None) -> None:
        self.banner.setText(text or "")
        self.banner.setVisible(bool(text))

    def _save_buttons(self, tip: str) -> QDialogButtonBox:
        """Save and Cancel (``self.buttons``, ``self.save_button``): neither is the default, so
        Enter never saves a half-typed form; Save and Ctrl+Enter ask :meth:`_on_save_requested`,
        Cancel rejects. ``tip`` is the Save button's tooltip, in the caller's words."""
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save_button")
        self.save_button.setToolTip(tip)
        for b in self.buttons.buttons():
            if isinstance(b, QPushButton):
                b.setAutoDefault(False)
                b.setDefault(False)
        self.buttons.accepted.connect(self._on_save_requested)
        self.buttons.rejected.connect(self.reject)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, self._on_save_requested)
        return self.buttons

    @Slot()
    def _on_save_requested(self) -> None:
        raise NotImplementedError


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question; with a non-interactive message facade it is recorded and answered
    ``AUTO_ANSWER``."""
    if not bridge.interactive:
        bridge.show(parent, Message("question", title, text))
        return AUTO_ANSWER
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return bool(box.exec() == QMessageBox.StandardButton.Yes)


def info_box(style: str = "info") -> QLabel:
    """A framed, word-wrapped text box (``info``, ``warn`` or ``ok``)."""
    colours = {
        "info": ("#e8f0fe", "#4a6fa5"),
        "warn": ("#fff4e5", "#b26a00"),
        "ok": ("#e7f5ea", "#2e7d32"),
    }
    back, edge = colours[style]
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(
        f"QLabel {{ background: {back}; border: 1px solid {edge}; "
        "border-radius: 4px; padding: 8px; color: #1b1b1b; }"
    )
    return label


__all__ = [
    "AUTO_ANSWER",
    "ERROR_RED",
    "QT_CPH",
    "ask_yes_no",
    "error_label",
    "fit_to_contents",
    "from_qdatetime",
    "info_box",
    "make_datetime_edit",
    "make_room",
    "room_pending",
    "run_guarded",
    "set_type_size",
    "show_field_error",
    "to_qdatetime",
]
