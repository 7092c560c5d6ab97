"""How the window looks: one light palette on purpose, the style sheet, and the text size.

**One light palette, on purpose.** The style sheet paints light backgrounds and dark text. Under
a dark system palette (Windows dark mode, a dark desktop theme) the widgets the sheet does not
paint took the system's dark colours: a black menu bar under dark text, and check boxes and radio
buttons whose checked state drew as black squares (the chosen bag handling could not be seen).
So the app sets Qt's Fusion style and a fixed light palette, whatever the system's: every widget
is drawn from the same light colours the sheet was written for. (Following the system's palette
would mean a second, dark sheet tested screen by screen; a medicine program is better served by
one look that has been checked.)

**Text size.** Ctrl++ / Ctrl+− / Ctrl+0 zoom the whole window: every point size in the style sheet
(and the application font) is scaled by the zoom, which is remembered in the settings
(``ui/zoom``, percent).

**Arrows.** A style sheet that sets a border on a spin box or combo box makes Qt draw their
arrows from the sheet; the sheet names small arrow pictures from ``resources/``: PNGs at 1×, 2×
and 3× rendered from the SVGs beside them (``python -m tools.render_arrows``), the same pixels at
those scales. An SVG in the sheet loaded Qt's SVG module and its image plugin at the first paint
of the search panel's combo box: 1.1 MB of the memory with the citizen list open (issue #10).

**Painting on the GUI thread alone.** Qt 6 splits every fill taller than about 96 pixels (a
widget's background, a scroll bar's groove) into pieces handed to a pool of threads and waits
for them: for the small areas a window of tables and labels paints that costs more in waking
threads than it saves, most on a machine with few cores. ``QT_NO_GUI_THREADPOOL`` (read by Qt
once, at the first paint) turns it off: a full repaint of the card took a quarter less time on
a 2-core machine (issue #10), the pixels the same.
"""

from __future__ import annotations

import logging
import os
import re
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

log = logging.getLogger(__name__)

# Zoom levels in percent; Ctrl++ / Ctrl+− step through them, Ctrl+0 goes back to 100.
ZOOM_LEVELS = (70, 80, 90, 100, 110, 125, 140, 160, 180, 200)
DEFAULT_ZOOM = 100
_SETTING = "ui/zoom"
_BASE_POINT_SIZE = 10.0

_PT = re.compile(r"(\d+(?:\.\d+)?)pt\b")


def light_palette() -> QPalette:
    """The one palette of the app: black text on white and light greys, dark blue selection."""
    p = QPalette()
    roles = QPalette.ColorRole
    colours = {
        roles.Window: "#f4f5f7",
        roles.WindowText: "#111111",
        roles.Base: "#ffffff",
        roles.AlternateBase: "#f1f3f5",
        roles.ToolTipBase: "#ffffdc",
        roles.ToolTipText: "#111111",
        roles.PlaceholderText: "#6c757d",
        roles.Text: "#111111",
        roles.Button: "#e9ecef",
        roles.ButtonText: "#111111",
        roles.BrightText: "#ffffff",
        roles.Light: "#ffffff",
        roles.Midlight: "#e9ecef",
        roles.Mid: "#adb5bd",
        roles.Dark: "#868e96",
        roles.Shadow: "#495057",
        roles.Highlight: "#1c4f8c",
        roles.HighlightedText: "#ffffff",
        roles.Link: "#1c4f8c",
        roles.LinkVisited: "#5a3d8a",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(disabled, role, QColor("#6c757d"))
    p.setColor(disabled, roles.Base, QColor("#eceef0"))
    return p


def zoom_level(settings: QSettings | None = None) -> int:
    value = (settings or QSettings()).value(_SETTING, DEFAULT_ZOOM)
    try:
        zoom = int(str(value))
    except ValueError:
        return DEFAULT_ZOOM
    return zoom if ZOOM_LEVELS[0] <= zoom <= ZOOM_LEVELS[-1] else DEFAULT_ZOOM


def scaled_sheet(sheet: str, zoom: int, resource_dir: str) -> str:
    """The style sheet with every ``Npt`` scaled by ``zoom`` percent and ``@RESOURCES@``
    replaced by the resource folder (forward slashes, as Qt's ``url()`` wants)."""

    def scale(m: re.Match[str]) -> str:
        value = float(m.group(1)) * zoom / 100
        return f"{value:.1f}pt"

    return _PT.sub(scale, sheet).replace("@RESOURCES@", resource_dir.replace("\\", "/"))


def apply(app: QApplication, zoom: int | None = None) -> int:
    """Fusion, the light palette, the style sheet at ``zoom`` percent (the remembered one when
    None). Returns the zoom applied."""
    # before the window's first paint (Qt reads it once): see "Painting on the GUI thread alone"
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    folder = Path(str(resources.files("dosisdesk.resources")))
    zoom = zoom_level() if zoom is None else zoom
    if app.style().name().lower() != "fusion" and "Fusion" in list(QStyleFactory.keys()):
        app.setStyle("Fusion")
    app.setPalette(light_palette())
    font = QFont(app.font())
    font.setPointSizeF(_BASE_POINT_SIZE * zoom / 100)
    app.setFont(font)
    try:
        sheet = (folder / "dosisdesk.qss").read_text(encoding="utf-8")
    except OSError:
        log.warning("stylesheet not found")
        sheet = ""
    app.setStyleSheet(scaled_sheet(sheet, zoom, str(folder)))
    return zoom


def step(current: int, direction: int) -> int:
    """The next zoom level up (+1) or down (−1); 0 gives the default."""
    if direction == 0:
        return DEFAULT_ZOOM
    if direction > 0:
        return next((z for z in ZOOM_LEVELS if z > current), ZOOM_LEVELS[-1])
    return next((z for z in reversed(ZOOM_LEVELS) if z < current), ZOOM_LEVELS[0])


def set_zoom(app: QApplication, zoom: int, settings: QSettings | None = None) -> int:
    """Apply and remember a zoom level."""
    applied = apply(app, zoom)
    (settings or QSettings()).setValue(_SETTING, applied)
    return applied
