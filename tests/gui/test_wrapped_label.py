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


#: rich texts as the card shows them: a roll's box (bold, a coloured countdown, a note in
#: italics) and the citizen's details (lines of escaped text)
PAINTED = {
    "roll": (
        "<b>Current roll</b><br>Mon 23 Nov – Sun 6 Dec<br>week 48–49<br>deadline Thu 19 Nov "
        "12.00<br><span style='color:#a4161a'><b>in 5 hours</b></span><br>packed · 2 "
        "change(s)<br><i>the pharmacy &amp; the GP were told</i>"
    ),
    "details": (
        "Vestergade 12, 8000 Aarhus C · Team Nord<br>GP: Lene Hansen, phone 12 34 56 78"
        "<br>Packing group: A1, Aarhus Apotek &lt;Løve&gt;"
    ),
    "background": "<span style='background:#ffe8a3'>yellow</span> differs from the roll",
    "plain": "a plain text long enough to wrap over two lines in a narrow label",
}


def _grab_as_qlabel(label: WrappedLabel) -> tuple[object, object]:
    q = _fresh(label)
    q.setTextInteractionFlags(label.textInteractionFlags())
    q.setAlignment(label.alignment())
    q.resize(label.size())
    if label.hasSelectedText():
        q.setSelection(label.selectionStart(), len(label.selectedText()))
    return label.grab().toImage(), q.grab().toImage()


@pytest.mark.parametrize("text", list(PAINTED.values()), ids=list(PAINTED))
def test_a_rich_text_is_painted_as_qlabel_paints_it(qtbot: QtBot, text: str) -> None:
    """Painted from its kept layout (a roll's box), a label's text has QLabel's pixels: at widths that wrap
    it differently, with room to spare above and below (an odd number of pixels: the text
    centred half-way between two), in a larger font, aligned to the top, and selected."""
    label = WrappedLabel(text)
    label.keep_layouts = True
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    qtbot.addWidget(label)
    for width, spare in ((120, 0), (200, 7), (400, 10), (400, 11)):
        label.resize(width, label.heightForWidth(width) + spare)
        for when in ("laid out", "kept"):
            ours, qt = _grab_as_qlabel(label)
            assert ours == qt, (width, spare, when)
    kept = bool(WrappedLabel._laid_out.get((text, 400.0, label.font().key(), 1.0)))
    assert kept == (text in (PAINTED["roll"], PAINTED["details"]))  # (the others: QLabel's)
    _big(label)
    label.resize(300, label.heightForWidth(300) + 5)
    assert _grab_as_qlabel(label)[0] == _grab_as_qlabel(label)[1]
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    assert _grab_as_qlabel(label)[0] == _grab_as_qlabel(label)[1]
    label.setSelection(3, 12)
    assert label.hasSelectedText()
    ours, qt = _grab_as_qlabel(label)
    assert ours == qt
