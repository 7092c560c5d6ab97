"""Texts laid out once and painted from their layout, for widgets that paint their own texts
(the card's header and its period strip, issue #10).

A QLabel per text made every card opened pay for the labels' style-sheet lookups, their text
documents (rich or selectable text) and their heights for a width asked for through every
layout above them, card after card. A widget that paints its texts sets its own height once per
card from :class:`StaticTexts`, which keeps each text's layout (a ``QStaticText``, prepared for
the font) by its text, format, width and font: the same roll dates and deadlines recur card
after card, and a text laid out before is only drawn.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStaticText, QTransform


class StaticTexts:
    """``QStaticText`` layouts kept by (text, rich or plain, width, font)."""

    LIMIT = 256  # at most this many kept (then laid out afresh)

    def __init__(self) -> None:
        self._known: dict[tuple[str, bool, int, str], QStaticText] = {}

    def clear(self) -> None:
        """Forget every layout (a new font, style or screen)."""
        self._known.clear()

    def get(self, text: str, font: QFont, width: int = -1, *, rich: bool = False) -> QStaticText:
        """``text`` laid out in ``font``, wrapped at ``width`` pixels (-1: one line per line
        break); ``rich``: Qt's rich-text subset (bold, italic, colour, line breaks)."""
        key = (text, rich, width, font.key())
        known = self._known.get(key)
        if known is None:
            if len(self._known) >= self.LIMIT:
                self._known.clear()
            known = QStaticText(text)
            known.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
            if width > 0:
                known.setTextWidth(width)
            known.prepare(QTransform(), font)
            self._known[key] = known
        return known

    def height(self, text: str, font: QFont, width: int = -1, *, rich: bool = False) -> int:
        """The height ``text`` takes in ``font`` at ``width``, whole pixels."""
        return int(-(-self.get(text, font, width, rich=rich).size().height() // 1))
