"""A word-wrapped label that remembers its height for a width (issue #10).

Qt asks a word-wrapped label for its height at a width on every layout pass: a tab widget asks
each of its pages, shown or not, so opening a card laid out every wrapped label of every tab
(rich text through a whole text document) some fifty times, most of them for a text and width
it had already measured. ``WrappedLabel`` answers those from memory: the height is the label's
own (QLabel's) for the same text, width, font, style and settings, and anything that can change
it (a new text, format, indent or margin, a font, style or contents-margin change) forgets it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget


class WrappedLabel(QLabel):
    """A QLabel with word wrap on whose height for a width is measured once per text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._heights: dict[tuple[int, str], int] = {}
        self.setWordWrap(True)

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
