"""A word-wrapped label that remembers its height for a width and its size hints (issue #10).

Qt asks a word-wrapped label for its height at a width on every layout pass: a tab widget asks
each of its pages, shown or not, so opening a card laid out every wrapped label of every tab
(rich text through a whole text document) some fifty times, most of them for a text and width
it had already measured. ``WrappedLabel`` answers those from memory: the height is the label's
own (QLabel's) for the same text, width, font, style and settings, and anything that can change
it (a new text, format, indent or margin, a font, style or contents-margin change) forgets it.
Its size hints (QLabel lays a rich text out three times over for them, each time the text is
set) are kept the same way, by text: a card's labels show the same texts card after card.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget


class WrappedLabel(QLabel):
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
