"""A word-wrapped label that remembers its height for a width and its size hints (issue #10).

Qt asks a word-wrapped label for its height at a width on every layout pass: a tab widget asks
each of its pages, shown or not, so opening a card laid out every wrapped label of every tab
(rich text through a whole text document) some fifty times, most of them for a text and width
it had already measured. ``WrappedLabel`` answers those from memory: the height is the label's
own (QLabel's) for the same text, width, font, style and settings, and anything that can change
it (a new text, format, indent or margin, a font, style or contents-margin change) forgets it.
Its size hints (QLabel lays a rich text out three times over for them, each time the text is
set) are kept the same way, by text: a card's labels show the same texts card after card.

Both it and ``SteadyLabel`` (a QLabel, no wrapping, nothing kept) hold the repaints a rich or
selectable text's layout asks for while QLabel measures or paints it (see ``SteadyLabel``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget


class SteadyLabel(QLabel):
    """A QLabel whose text, laid out to be measured or painted, asks for no repaint.

    QLabel measures a rich (or selectable) text by laying its document out at the width asked
    and then at its own width again, and each layout asks for the label to be repainted: a
    layout pass asking a height for a width not asked before repainted the label, the same
    pixels (a card's header after the card was shown). A text laid out by the paint itself
    asks for a repaint that Qt keeps for a second paint. Those requests are held; what changes
    the text's layout on screen (a new text, size, font, style, margin) repaints the whole
    label already, and a selection made with the mouse (no measure, no paint) still repaints.
    """

    def sizeHint(self) -> QSize:  # Qt override
        with self._repaints_held():
            return super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # Qt override
        with self._repaints_held():
            return super().minimumSizeHint()

    def heightForWidth(self, width: int) -> int:  # Qt override
        with self._repaints_held():
            return super().heightForWidth(width)

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        with self._repaints_held():
            super().paintEvent(event)

    @contextmanager
    def _repaints_held(self) -> Iterator[None]:
        """The repaints the text's layout asks for (its text control's ``updateRequest``)
        held meanwhile."""
        control = self._text_control()
        if control is None:
            yield
            return
        blocked = control.blockSignals(True)
        try:
            yield
        finally:
            control.blockSignals(blocked)

    def _text_control(self) -> QObject | None:
        """QLabel's text control (a rich or selectable text's document), None while it has
        none."""
        control: QObject | None = getattr(self, "_control", None)  # (none while made)
        if control is not None and shiboken6.isValid(control) and control.parent() is self:
            return control
        self._control = None
        for child in self.children():
            if child.metaObject().className() == "QWidgetTextControl":
                self._control = child
                return child
        return None


class WrappedLabel(SteadyLabel):
    """A QLabel with word wrap on whose height for a width is measured once per text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._heights: dict[tuple[int, str], int] = {}
        self._size_hints: dict[tuple[object, ...], tuple[QSize, QSize]] = {}
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(self._hints()[0])

    def minimumSizeHint(self) -> QSize:  # Qt override
        return QSize(self._hints()[1])

    def _hints(self) -> tuple[QSize, QSize]:
        """QLabel's size hints for the text: a rich text laid out three times over, each time
        the text is set. A card's labels show the same texts card after card (a roll's dates
        and deadline, the legend), so they are kept by text as the heights are."""
        policy = self.sizePolicy()
        key = (
            self.text(),
            self.maximumWidth(),
            policy.horizontalPolicy(),
            policy.verticalPolicy(),
            policy.hasHeightForWidth(),
        )
        hints = self._size_hints.get(key)
        if hints is None:
            if len(self._size_hints) > 64:
                self._size_hints.clear()
            hints = self._size_hints[key] = (super().sizeHint(), super().minimumSizeHint())
        return hints

    def heightForWidth(self, width: int) -> int:  # Qt override
        key = (width, self.text())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > 64:
                self._heights.clear()
            height = self._heights[key] = super().heightForWidth(width)
        return height

    def _forget(self) -> None:
        heights: dict[tuple[int, str], int] | None = getattr(self, "_heights", None)
        if heights:  # (none yet while QLabel is being made)
            heights.clear()
        hints: dict[object, tuple[QSize, QSize]] | None = getattr(self, "_size_hints", None)
        if hints:
            hints.clear()

    def changeEvent(self, event: QEvent) -> None:  # Qt override: font, style, margins
        self._forget()
        super().changeEvent(event)

    def setWordWrap(self, on: bool) -> None:
        self._forget()
        super().setWordWrap(on)

    def setTextFormat(self, fmt: Qt.TextFormat) -> None:
        self._forget()
        super().setTextFormat(fmt)

    def setAlignment(self, alignment: Qt.AlignmentFlag) -> None:
        self._forget()
        super().setAlignment(alignment)

    def setIndent(self, indent: int) -> None:
        self._forget()
        super().setIndent(indent)

    def setMargin(self, margin: int) -> None:
        self._forget()
        super().setMargin(margin)
