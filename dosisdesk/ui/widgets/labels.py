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

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

import shiboken6
from PySide6 import QtGui
from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette, QStaticText
from PySide6.QtWidgets import QFrame, QLabel, QWidget


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
    """A QLabel with word wrap on whose height for a width is measured once per text.

    With ``keep_layouts`` on, a rich text is painted from its lines as laid out once per text,
    width and font (a QStaticText: the glyphs' places kept), not by QLabel's paint, which walks
    the text's whole document, its blocks and formats, at every paint (issue #10): the same
    pixels. The layouts are kept for all such labels, at most ``KEPT_TEXTS`` of them: for texts
    that recur from citizen to citizen (a roll's dates, deadline and status), as a new text
    costs a layout of its own (more than QLabel's paint of its document, laid out already to
    be measured). A text with markup the kept layout would not draw as QLabel does (a
    background, an underline, a picture, a table ...), a label laid out otherwise than QLabel's
    default (aligned other than left, indented, framed, right to left), disabled, or with a
    selection or the focus, is QLabel's to paint.
    """

    # off: painted by QLabel (a text seldom painted again: a citizen's own details)
    keep_layouts = False

    # the texts as laid out, by text, width, font and device pixel ratio (for all labels)
    _laid_out: ClassVar[dict[tuple[str, float, str, float], QStaticText | None]] = {}
    KEPT_TEXTS = 256

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._heights: dict[tuple[int, str], int] = {}
        self._size_hints: dict[tuple[object, ...], tuple[QSize, QSize]] = {}
        # the text as laid out for painting, by what it was laid out for, and where it goes
        self._drawn: tuple[tuple[object, ...], QStaticText | None, QPointF] | None = None
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

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        if not (self.keep_layouts and self._paint_laid_out(event)):
            super().paintEvent(event)

    def _paint_laid_out(self, event: QPaintEvent) -> bool:
        """Painted as QLabel paints a rich text (its frame, then its document at the contents
        rectangle less the margin, centred vertically, in the palette's foreground colour),
        from the text's kept layout; False: not painted, QLabel's to paint."""
        if (
            self.frameWidth()
            or self.isRightToLeft()
            or not self.isEnabled()
            or self.hasFocus()
            or self.hasSelectedText()
        ):
            return False
        text = self.text()
        rect = self.contentsRect()
        key = (text, rect.x(), rect.y(), rect.width(), rect.height(), self.devicePixelRatioF())
        drawn = self._drawn
        if drawn is None or drawn[0] != key:
            drawn = self._drawn = (key, *self._laid_out_at(text, rect, key[-1]))
        laid_out, at = drawn[1], drawn[2]
        if laid_out is None:
            return False
        group = (
            QPalette.ColorGroup.Active if self.isActiveWindow() else QPalette.ColorGroup.Inactive
        )
        # (enabled: QLabel sets its document's text colour to its foreground's)
        colour = self.palette().color(group, self.foregroundRole())
        QFrame.paintEvent(self, event)
        painter = QPainter(self)
        painter.setPen(colour)
        painter.drawStaticText(at, laid_out)
        painter.end()
        return True

    def _laid_out_at(
        self, text: str, rect: QRect, ratio: float
    ) -> tuple[QStaticText | None, QPointF]:
        """The text laid out (kept for all labels) and where QLabel places it in the contents
        rectangle; None: QLabel's to paint (a plain text, or laid out otherwise than QLabel's
        default)."""
        fmt = self.textFormat()
        align = self.alignment()
        if (
            not text
            or not (
                fmt is Qt.TextFormat.RichText
                or (fmt is Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text))
            )
            or not self.wordWrap()
            or align & Qt.AlignmentFlag.AlignHorizontal_Mask != Qt.AlignmentFlag.AlignLeft
            or self.indent() >= 0
        ):
            return None, QPointF()
        margin = self.margin()
        rect = rect.adjusted(margin, margin, -margin, -margin)
        width = float(rect.width())
        font = self.font()
        key = (text, width, font.key(), ratio)
        kept = WrappedLabel._laid_out
        if key in kept:
            laid_out = kept[key]
        else:
            if len(kept) >= WrappedLabel.KEPT_TEXTS:
                kept.clear()
            laid_out = kept[key] = _laid_out(text, width, font)
        if laid_out is None:
            return None, QPointF()
        y = float(rect.y())
        height = laid_out.size().height()
        if align & Qt.AlignmentFlag.AlignVCenter:
            y += max((rect.height() - height) / 2, 0.0)
        elif align & Qt.AlignmentFlag.AlignBottom:
            y += max(rect.height() - height, 0.0)
        # (QLabel paints at its layout rectangle aligned to whole pixels: the top rounded down)
        return laid_out, QPointF(rect.x(), math.floor(y))

    def heightForWidth(self, width: int) -> int:  # Qt override
        key = (width, self.text())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > 64:
                self._heights.clear()
            height = self._heights[key] = super().heightForWidth(width)
        return height

    def _forget(self) -> None:
        self._drawn = None
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


# the markup a laid-out text (QStaticText) draws as QLabel does: its glyphs in their colours,
# bold and italic; not a background, an underline, a picture, a list, a table or a rule (not
# recorded as glyphs, QStaticText leaves them out)
_DRAWN_TAGS = frozenset({"b", "i", "br", "span", "strong", "em", "font"})
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9]*)")


def _laid_out(text: str, width: float, font: QFont) -> QStaticText | None:
    """The rich text laid out at the width in the font, None: a markup it would not draw as
    QLabel does."""
    lowered = text.lower()
    if "background" in lowered or "bgcolor" in lowered or "decoration" in lowered:
        return None
    if any(tag.lower() not in _DRAWN_TAGS for tag in _TAG.findall(text)):
        return None
    laid_out = QStaticText(text)
    laid_out.setTextFormat(Qt.TextFormat.RichText)
    laid_out.setTextWidth(width)
    laid_out.prepare(font=font)
    return laid_out
