"""A wrapped label remembers its height for a width (the card's layout asked some fifty times
per card opened, issue #10) and its size hints by text, and never answers an old size: after a
new text, font, indent, margin or format it measures as a fresh QLabel does."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from dosisdesk.ui.widgets.labels import WrappedLabel

LONG = (
    "<b>Current roll</b><br>Mon 23 Nov – Sun 6 Dec · week 48–49<br>deadline Thu 19 Nov 12.00 "
    "and a note long enough to wrap over several lines in a narrow box"
)


def _fresh(label: WrappedLabel) -> QLabel:
    """A plain QLabel set up as ``label`` is now."""
    q = QLabel(label.text())
    q.setWordWrap(label.wordWrap())
    q.setTextFormat(label.textFormat())
    q.setFont(label.font())
    q.setIndent(label.indent())
    q.setMargin(label.margin())
    return q


def _big(label: QLabel) -> None:
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.6)
    label.setFont(font)


#: what may change a label's size, by name
CHANGES: dict[str, Callable[[WrappedLabel], None]] = {
    "text": lambda w: w.setText(LONG + " and more words at the end of it all"),
    "font": _big,
    "indent": lambda w: w.setIndent(30),
    "margin": lambda w: w.setMargin(12),
    "format": lambda w: w.setTextFormat(Qt.TextFormat.PlainText),
}


@pytest.mark.parametrize(
    "change",
    [*CHANGES.values(), lambda w: w.setWordWrap(False)],
    ids=[*CHANGES, "no-wrap"],
)
def test_height_for_width_as_qlabel_after_a_change(
    qtbot: QtBot, change: Callable[[WrappedLabel], None]
) -> None:
    label = WrappedLabel(LONG)
    qtbot.addWidget(label)
    widths = (120, 200, 400)
    before = [label.heightForWidth(w) for w in widths]
    assert before == [_fresh(label).heightForWidth(w) for w in widths]
    assert before[0] > before[2]  # it does wrap: narrower is taller
    change(label)
    after = [label.heightForWidth(w) for w in widths]
    assert after == [_fresh(label).heightForWidth(w) for w in widths]
    assert after != before


@pytest.mark.parametrize("change", CHANGES.values(), ids=list(CHANGES))
def test_size_hints_as_qlabel_after_a_change(
    qtbot: QtBot, change: Callable[[WrappedLabel], None]
) -> None:
    """The size hints are kept by text (a card's labels show the same texts card after card),
    and are QLabel's own: for the text shown again, and after anything else changed."""
    label = WrappedLabel(LONG)
    qtbot.addWidget(label)

    def hints(q: QLabel) -> tuple[object, object]:
        return q.sizeHint(), q.minimumSizeHint()

    before = hints(label)
    assert before == hints(_fresh(label))
    label.setText("short")
    label.setText(LONG)  # shown again: the kept hints, still QLabel's
    assert hints(label) == before
    change(label)
    assert hints(label) == hints(_fresh(label))
    assert hints(label) != before
