"""Render the style sheet's arrows (``resources/arrow-*.svg``) as the PNG pictures the sheet
names, at 1×, 2× and 3× (``@2x``, ``@3x``: Qt picks the one for the screen's scale).

    python -m tools.render_arrows

The sheet names PNGs, not the SVGs: an SVG in the sheet loads Qt's SVG module and its image
plugin at the first paint of a combo box, 1.1 MB of the memory with the citizen list open
(issue #10). At 1× and 2× the PNGs paint the same pixels as the SVG did.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "resources"


def main() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for name in ("arrow-down", "arrow-up"):
        svg = QSvgRenderer(str(ROOT / f"{name}.svg"))
        size = svg.defaultSize()
        for scale in (1, 2, 3):
            img = QImage(size * scale, QImage.Format.Format_ARGB32)
            img.fill(Qt.GlobalColor.transparent)
            painter = QPainter(img)
            svg.render(painter)
            painter.end()
            suffix = "" if scale == 1 else f"@{scale}x"
            img.save(str(ROOT / f"{name}{suffix}.png"))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
