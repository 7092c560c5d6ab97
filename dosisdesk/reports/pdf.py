"""The printing toolkit: HTML → QTextDocument → pages on a QPdfWriter or a QPrinter.

The page loop is our own (NOTES.md, "Printing"):

- the document is laid out once, as one long page, at a fixed layout resolution
  (:data:`LAYOUT_DPI`) on a private paint device, so the layout and the page breaks do not
  depend on the screen and are the same in the preview, on paper and in the PDF; the painter is
  scaled to the output device;
- every top-level table of the HTML is a block that is never split across pages when it fits on
  one page (a citizen on the handover, a table on the medicine list); a heading sticks to the
  block after it; a block taller than a page is cut between text lines, never through one;
- each page gets a header (title, date/shift) and a footer "Udskrevet af NAME, dd-MM-yyyy HH:MM ·
  Side x af y · Destrueres efter brug", so the number of pages is known before the first is
  painted;
- ligatures are switched off (the OpenType features ``liga``, ``clig`` and ``dlig``), so "Morfin"
  is extracted from the PDF as "Morfin", not "Mor\\ufb01n", and screen readers read it;
- black on white, A4 portrait; no colour carries meaning.

QTextDocument and painting must happen on the GUI thread (or, in the CLI, the main thread with a
QGuiApplication: :func:`ensure_gui_app`). Building the HTML is pure Python and can happen anywhere.
"""

from __future__ import annotations

import heapq
import html
import os
import sys
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from dosisdesk import outfile
from dosisdesk.domain.cpr import check_file_name
from dosisdesk.domain.errors import DosisError, InvalidInput
from dosisdesk.words import phrase

__all__ = [
    "LAYOUT_DPI",
    "PrintCancelled",
    "PrintJob",
    "build_document",
    "commit_pdf_file",
    "ensure_gui_app",
    "esc",
    "paginate",
    "render",
    "render_pdf_file",
    "setup_device",
    "write_pdf",
]

#: The resolution the document is laid out at (one layout unit = 1/96 inch).
LAYOUT_DPI = 96.0
#: Page margins in millimetres (left, top, right, bottom).
MARGINS_MM = (15.0, 12.0, 15.0, 12.0)
HEADER_MM = 15.0
FOOTER_MM = 9.0
PDF_DPI = 300
FONT_FAMILIES = ["DejaVu Sans", "Arial", "Liberation Sans", "Helvetica"]
BASE_POINT_SIZE = 9.5

#: Rich-text CSS the reports share. Qt supports a subset of CSS 2.1; no colour carries meaning.
STYLE = """
body { font-size: 9.5pt; color: #000000; }
h1 { font-size: 14pt; font-weight: bold; margin-top: 0px; margin-bottom: 4px; }
h2 { font-size: 11pt; font-weight: bold; margin-top: 10px; margin-bottom: 3px; }
p { margin-top: 0px; margin-bottom: 4px; }
.small { font-size: 8pt; }
.muted { font-size: 8pt; color: #333333; }
table { border-collapse: collapse; }
table.block { border: 1px solid #000000; margin-bottom: 7px; }
table.block td { border: 1px solid #000000; padding: 3px; vertical-align: top; }
td.name { background-color: #e4e4e4; font-size: 10.5pt; }
td.label { font-weight: bold; }
td.sign { padding-top: 9px; padding-bottom: 5px; }
p.sign { margin-top: 12px; }
h2.sec { font-size: 10pt; margin-top: 5px; margin-bottom: 2px; }
table.tri { border: 1px solid #000000; margin-bottom: 0px; font-size: 8pt; }
table.tri td { border: 1px solid #000000; padding: 1px 2px; vertical-align: top; }
span.who { background-color: #e4e4e4; }
td.route { text-align: right; }
table.short { font-size: 7.5pt; margin-bottom: 3px; }
table.short td { padding: 0px 4px 1px 0px; vertical-align: top; }
table.grid { border: 1px solid #000000; margin-bottom: 4px; }
table.grid th { border: 1px solid #000000; padding: 3px; background-color: #e4e4e4;
                font-weight: bold; text-align: left; font-size: 8.5pt; }
table.grid td { border: 1px solid #000000; padding: 3px; vertical-align: top; }
td.num, th.num { text-align: center; }
table.facts td { padding: 1px 10px 1px 0px; vertical-align: top; }
"""


class PrintCancelled(DosisError):
    """The user cancelled while the pages were being made; nothing was handed out."""

    def __init__(self) -> None:
        super().__init__("reports.pdf.print_cancelled")


@dataclass(frozen=True, slots=True)
class PrintJob:
    """What to print: the body as HTML and the texts of every page's header and footer."""

    html: str
    title: str  # header, left, bold: "Overlevering · Team Nord"
    title_right: str  # header, right: "Dagvagt 07–15"
    subtitle: str  # header, second line: "søndag 22. november 2026"
    printed_by: str
    printed_at: datetime
    note: str = field(default_factory=lambda: phrase("paper.handover.destroy"))
    document_name: str = "dosisdesk"  # PDF title and print-job name (never a CPR)
    training: bool = False  # from a training database: "ØVELSE" on every page

    @property
    def header_title(self) -> str:
        return f"{phrase('paper.training')} · {self.title}" if self.training else self.title

    def footer(self, page: int, pages: int) -> str:
        parts = [
            phrase("paper.printed_by", who=self.printed_by, at=self.printed_at),
            phrase("paper.page", page=page, pages=pages),
        ]
        if self.training:
            parts.insert(0, phrase("paper.training"))
        if self.note:
            parts.append(self.note)
        return " · ".join(parts)


# ---------------------------------------------------------------------------
# Danish text helpers (pure Python, so the HTML can be built off the GUI thread)
# ---------------------------------------------------------------------------


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------------------
# Qt set-up
# ---------------------------------------------------------------------------


def ensure_gui_app() -> QGuiApplication:
    """The running QGuiApplication, or a new one (offscreen when there is no display), so the
    CLI can lay out and paint text. Call on the main thread."""
    app = QCoreApplication.instance()
    if isinstance(app, QGuiApplication):
        return app
    if app is not None:
        raise RuntimeError("a QCoreApplication without GUI support is running")
    no_display = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if no_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(["dosisdesk"])


def base_font(point_size: float = BASE_POINT_SIZE) -> QFont:
    """The reports' font: DejaVu Sans (or a common sans serif), without ligatures."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(point_size)
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


_layout_device: QImage | None = None


def _device() -> QImage:
    """A 1×1 image at :data:`LAYOUT_DPI`: the paint device documents are laid out on."""
    global _layout_device
    if _layout_device is None:
        img = QImage(1, 1, QImage.Format.Format_RGB32)
        dpm = round(LAYOUT_DPI / 0.0254)
        img.setDotsPerMeterX(dpm)
        img.setDotsPerMeterY(dpm)
        _layout_device = img
    return _layout_device


def build_document(body_html: str, width: float) -> QTextDocument:
    """Lay the HTML out as one long page ``width`` layout units wide (GUI thread only)."""
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)
    doc.documentLayout().setPaintDevice(_device())
    doc.setUseDesignMetrics(True)
    doc.setDefaultFont(base_font())
    doc.setDefaultStyleSheet(STYLE)
    doc.setDocumentMargin(0)
    doc.setHtml(body_html)
    doc.setTextWidth(width)
    return doc


def setup_device(device: QPagedPaintDevice) -> None:
    """A4 portrait with the reports' margins (a printer's paper size is left as chosen)."""
    if isinstance(device, QPdfWriter):
        device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        device.setResolution(PDF_DPI)
        device.setPageOrientation(QPageLayout.Orientation.Portrait)
    left, top, right, bottom = MARGINS_MM
    device.setPageMargins(QMarginsF(left, top, right, bottom), QPageLayout.Unit.Millimeter)


def _mm(mm: float) -> float:
    return mm / 25.4 * LAYOUT_DPI


@dataclass(frozen=True, slots=True)
class _Geometry:
    scale: float  # device pixels per layout unit
    width: float  # layout units
    height: float
    header: float
    footer: float

    @property
    def body(self) -> float:
        return self.height - self.header - self.footer


def _geometry(device: QPagedPaintDevice) -> _Geometry:
    scale = device.logicalDpiY() / LAYOUT_DPI
    return _Geometry(
        scale=scale,
        width=device.width() / scale,
        height=device.height() / scale,
        header=_mm(HEADER_MM),
        footer=_mm(FOOTER_MM),
    )


# ---------------------------------------------------------------------------
# Pagination
# ---------------------------------------------------------------------------


def _lines(
    doc: QTextDocument, first: int = 0, last: int | None = None
) -> list[tuple[float, float]]:
    """(top, bottom) of every line of text in the document (or between two positions). Empty
    blocks are skipped: Qt's separators after tables float beside them."""
    layout = doc.documentLayout()
    out: list[tuple[float, float]] = []
    block = doc.findBlock(first)
    while block.isValid() and (last is None or block.position() <= last):
        if block.text().strip():
            top = layout.blockBoundingRect(block).top()
            tl = block.layout()
            for i in range(tl.lineCount()):
                line = tl.lineAt(i)
                out.append((top + line.y(), top + line.y() + line.height()))
        block = block.next()
    return out


@dataclass(frozen=True, slots=True)
class _Unit:
    """Something kept on one page: its text extent and how far its borders reach beyond it."""

    top: float
    bottom: float
    pad: float  # cell padding and border around the text (tables), 0 for paragraphs

    @property
    def outer_top(self) -> float:
        return self.top - self.pad

    @property
    def outer_bottom(self) -> float:
        return self.bottom + self.pad


#: How far a table's borders reach beyond its text: cell padding (3 px in STYLE), the border
#: (1 px) and a pixel for anti-aliasing, with room to spare.
TABLE_PAD = 6.0
#: Beyond a table's own cell padding and border: anti-aliasing, with room to spare.
_PAD_SPARE = 1.0


def _units(doc: QTextDocument) -> list[_Unit]:
    """Keep-together units: each top-level table (a citizen's block) and each top-level
    paragraph; a heading is joined to the unit after it. Measured by their text lines, not by
    frame rectangles: QTextDocumentLayout reports a table's frame at its content origin, a few
    units below the border it paints."""
    items: list[tuple[_Unit, bool]] = []
    # Not QTextFrame.iterator: in PySide6 6.12 its currentFrame() returns None without a
    # reference, and enough calls crash the interpreter at exit ("none_dealloc").
    children = doc.rootFrame().childFrames()
    frames = [(f.firstPosition(), f.lastPosition()) for f in children]
    pads = []
    for f in children:  # a table's own padding and border (small rows sit close together)
        tf = f.frameFormat().toTableFormat()
        pads.append(tf.cellPadding() + tf.border() + _PAD_SPARE if tf.isValid() else TABLE_PAD)
    for (first_pos, last_pos), pad in zip(frames, pads, strict=True):
        lines = _lines(doc, first_pos, last_pos)
        if lines:
            top, bottom = min(t for t, _b in lines), max(b for _t, b in lines)
            items.append((_Unit(top, bottom, pad), False))
    starts = [first_pos for first_pos, _last_pos in frames]
    block = doc.begin()
    while block.isValid():
        pos = block.position()
        k = bisect_right(starts, pos) - 1
        inside = k >= 0 and frames[k][0] <= pos <= frames[k][1]
        if not inside and block.text().strip():
            lines = _lines(doc, pos, pos)
            if lines:
                heading = block.blockFormat().headingLevel() > 0
                items.append((_Unit(lines[0][0], lines[-1][1], 0.0), heading))
        block = block.next()
    items.sort(key=lambda x: x[0].top)
    out: list[_Unit] = []
    sticky: _Unit | None = None
    for unit, heading in items:
        if sticky is not None:
            unit = _Unit(sticky.top, max(unit.bottom, sticky.bottom), unit.pad)
            sticky = None
        if heading:
            sticky = unit
            continue
        if out and unit.outer_top < out[-1].outer_bottom:
            last = out[-1]
            out[-1] = _Unit(last.top, max(last.bottom, unit.bottom), max(last.pad, unit.pad))
        else:
            out.append(unit)
    if sticky is not None:
        out.append(sticky)
    return out


def _boundary(above: _Unit, below: _Unit) -> float:
    """Where a page may end between two units: below the borders of the one, above the borders
    of the other (or half way between their text when they are closer than that)."""
    lo, hi = above.outer_bottom, below.outer_top
    if lo <= hi:
        return (lo + hi) / 2
    return (above.bottom + below.top) / 2


def _safe_breaks(doc: QTextDocument) -> list[float]:
    """Heights where a page may end without touching a line of text in any column: half way
    between a line's bottom and the next line's top (between two tables, or two table rows, that
    is also between their borders), and the end of the document."""
    lines = sorted(_lines(doc))
    total = doc.size().height()
    candidates = sorted({round(b, 2) for _t, b in lines})
    safe: list[float] = []
    i = 0
    active: list[float] = []  # bottoms of lines that started before the candidate
    for y in candidates:
        while i < len(lines) and lines[i][0] < y - 0.01:
            heapq.heappush(active, lines[i][1])
            i += 1
        while active and active[0] <= y + 0.01:
            heapq.heappop(active)
        if not active:
            next_top = lines[i][0] if i < len(lines) else total
            safe.append((y + max(next_top, y)) / 2)
    return safe


def paginate(doc: QTextDocument, page_height: float) -> list[tuple[float, float]]:
    """The (top, bottom) of each page's slice of the laid-out document. A unit that fits on a
    page is never split; slices end between units, outside their borders; a unit taller than a
    page is cut half way between two lines."""
    if page_height <= 0:
        raise ValueError("page height must be positive")
    total = doc.size().height()
    units = _units(doc)
    safe = _safe_breaks(doc)
    pages: list[tuple[float, float]] = []
    page_top = 0.0
    for i, unit in enumerate(units):
        if unit.outer_bottom - page_top <= page_height:
            continue
        start = _boundary(units[i - 1], unit) if i else 0.0
        if start > page_top and unit.outer_bottom - start <= page_height:
            pages.append((page_top, start))  # the whole unit on a fresh page
            page_top = start
            continue
        while unit.outer_bottom - page_top > page_height:  # taller than a page: cut it
            k = bisect_right(safe, page_top + page_height) - 1
            cut = safe[k] if k >= 0 and safe[k] > page_top + 1 else page_top + page_height
            pages.append((page_top, cut))
            page_top = cut
    pages.append((page_top, max(total, page_top + 1)))
    return pages


# ---------------------------------------------------------------------------
# Painting
# ---------------------------------------------------------------------------


def render(
    job: PrintJob,
    device: QPagedPaintDevice,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    document: QTextDocument | None = None,
) -> int:
    """Paint every page of ``job`` on ``device`` (already set up); returns the number of pages.

    Raises PrintCancelled when ``cancelled()`` answers true between pages, and InvalidInput when
    the device cannot be opened (an unwritable file).
    """
    geo = _geometry(device)
    doc = document or build_document(job.html, geo.width)
    if document is not None:
        doc.setTextWidth(geo.width)
    pages = paginate(doc, geo.body)
    n = len(pages)
    painter = QPainter()
    if not painter.begin(device):
        raise InvalidInput("reports.pdf.device_not_opened")
    try:
        header_font = base_font(12)
        header_font.setBold(True)
        small = base_font(8)
        for index, (top, bottom) in enumerate(pages):
            if cancelled is not None and cancelled():
                raise PrintCancelled
            if index:
                device.newPage()
            _header(painter, job, geo, header_font, small)
            painter.save()
            painter.scale(geo.scale, geo.scale)
            painter.translate(0, geo.header - top)
            doc.drawContents(painter, QRectF(-4, top, geo.width + 8, bottom - top))
            painter.restore()
            _footer(painter, job.footer(index + 1, n), geo, small)
            if progress is not None:
                progress(index + 1, n)
    finally:
        painter.end()
    return n


def _header(painter: QPainter, job: PrintJob, geo: _Geometry, bold: QFont, small: QFont) -> None:
    """Title (left), date or shift (right), subtitle below, a rule. Drawn in device pixels: the
    fonts' point sizes are resolved against the output device."""
    k = geo.scale
    device = painter.device()
    fm, fs = QFontMetricsF(bold, device), QFontMetricsF(small, device)
    painter.setPen(QPen(Qt.GlobalColor.black))
    painter.setFont(bold)
    line1 = QRectF(0, 0, geo.width * k, fm.height())
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    title_width = geo.width * k - fm.horizontalAdvance(job.title_right) - 2 * fm.height()
    painter.drawText(
        line1, left, fm.elidedText(job.header_title, Qt.TextElideMode.ElideRight, title_width)
    )
    painter.drawText(line1, right, job.title_right)
    painter.setFont(small)
    painter.drawText(
        QRectF(0, fm.height() + 1.5 * k, geo.width * k, fs.height()), left, job.subtitle
    )
    y = fm.height() + fs.height() + 4 * k
    painter.setPen(QPen(Qt.GlobalColor.black, 0.9 * k))
    painter.drawLine(QPointF(0, y), QPointF(geo.width * k, y))


def _footer(painter: QPainter, text: str, geo: _Geometry, font: QFont) -> None:
    k = geo.scale
    fm = QFontMetricsF(font, painter.device())
    y = (geo.height - geo.footer) * k + 4 * k
    painter.setPen(QPen(Qt.GlobalColor.black, 0.6 * k))
    painter.drawLine(QPointF(0, y), QPointF(geo.width * k, y))
    painter.setFont(font)
    elided = fm.elidedText(text, Qt.TextElideMode.ElideMiddle, geo.width * k)
    painter.drawText(
        QRectF(0, y + 2 * k, geo.width * k, fm.height() + 2 * k),
        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
        elided,
    )


def render_pdf_file(
    job: PrintJob,
    path: str | Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[str, int]:
    """Paint ``job`` into a temporary PDF beside ``path`` (GUI thread); returns the temporary
    file's name and the number of pages. Nothing is at ``path`` until :func:`commit_pdf_file`.
    The file name must not carry a CPR number (R11); the folder must exist and be writable."""
    target = Path(path)
    check_file_name(target)
    target = outfile.check_target(target)  # a regular file in an existing folder, a sane name
    folder = target.parent
    try:
        tmp_name = str(outfile.temp_beside(target, prefix=".dosisdesk-", suffix=".pdf.tmp"))
    except OSError as e:
        raise InvalidInput("reports.pdf.cannot_write_folder", folder=folder, e=e) from e
    try:
        writer = QPdfWriter(tmp_name)
        writer.setCreator("dosisdesk")
        writer.setTitle(job.document_name)
        setup_device(writer)
        pages = render(job, writer, progress=progress, cancelled=cancelled)
        del writer  # the file is complete when the painter ends; release it
        with open(tmp_name, "rb+") as fh:
            os.fsync(fh.fileno())
    except BaseException:
        outfile.discard(Path(tmp_name))
        raise
    return tmp_name, pages


def commit_pdf_file(tmp_name: str, path: str | Path) -> None:
    """Move a finished temporary PDF into place (atomic on one file system); never over a
    device or a folder."""
    try:
        outfile.check_target(path)
        os.replace(tmp_name, path)
        outfile.finished(Path(tmp_name))
    except (OSError, InvalidInput) as e:
        outfile.discard(Path(tmp_name))
        if isinstance(e, InvalidInput):
            raise
        raise InvalidInput("reports.pdf.cannot_save", file=path, e=e) from e


def write_pdf(
    job: PrintJob,
    path: str | Path,
    *,
    before_commit: Callable[[], object] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the PDF atomically: pages go to a temporary file beside ``path``; then
    ``before_commit()`` runs (the audit log: an error there leaves no file) and the file is moved
    into place. Returns the number of pages."""
    tmp_name, pages = render_pdf_file(job, path, progress=progress, cancelled=cancelled)
    try:
        outfile.check_target(path)  # still a place we may write: checked before it is logged
        if before_commit is not None:
            before_commit()
    except BaseException:
        outfile.discard(Path(tmp_name))
        raise
    commit_pdf_file(tmp_name, path)
    return pages
