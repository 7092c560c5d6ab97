"""Render the application icon from resources/dosisdesk.svg to PNG (several sizes) and ICO.

python packaging/make_icons.py [OUTDIR]      (default: packaging/build/icons)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main(out: Path) -> None:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    svg = ROOT / "resources" / "dosisdesk.svg"
    for size in SIZES:
        if not render(svg, size).save(str(out / f"dosisdesk-{size}.png")):
            raise SystemExit(f"could not write dosisdesk-{size}.png")
    if not render(svg, 256).save(str(out / "dosisdesk.ico"), "ICO"):
        raise SystemExit("could not write dosisdesk.ico (Qt's ico image plugin missing?)")
    print(f"icons written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "packaging" / "build" / "icons")
