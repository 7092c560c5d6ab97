"""Printing from the GUI: the handover summary for a team and shift, and a citizen's medicine list.

Both dialogs offer the same three ways out: preview (QPrintPreviewDialog, from which the user can
also print), print (QPrintDialog) and save as PDF. The work is split by thread:

1. in the background runner: gather the data (services) and build the HTML (pure Python);
2. on the GUI thread: lay the HTML out in a QTextDocument and paint the pages (Qt requires it),
   with a cancellable QProgressDialog that appears only when it takes more than half a second;
3. the audit log (one entry naming every citizen on the paper) is written in the runner
   *before* anything leaves the program: before the printer gets the pages, before the PDF is
   moved into place, and before the preview opens. A cancelled print leaves no file and nothing
   printed.

Tests drive ``preview()``, ``print_to(printer)`` and ``save_pdf(path)`` directly; only the buttons
open the modal file and printer dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings, QStandardPaths, Qt, Signal, Slot
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.cpr import check_file_name, mask_cpr
from dosisdesk.domain.errors import DosisError
from dosisdesk.reports import pdf
from dosisdesk.reports.handover import handover_job
from dosisdesk.reports.medlist import medlist_job
from dosisdesk.services import handover as svc
from dosisdesk.services import medlist
from dosisdesk.services.context import Ctx
from dosisdesk.ui import errors
from dosisdesk.ui.messages import bridge
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.texts import pydate, qdate
from dosisdesk.ui.widgets.page_progress import PageProgress, log_then_commit

__all__ = ["HandoverPrintDialog", "MedlistPrintDialog", "print_handover", "print_medlist"]

Doc = svc.Handover | medlist.MedicineList
Gathered = tuple[Doc, pdf.PrintJob]


class _PrintDialog(QDialog):
    """The three outputs and the thread choreography; subclasses say what to gather."""

    # Emitted when an output is complete: ("pdf", path), ("printer", name), ("preview", "").
    output_done = Signal(str, str)
    # Emitted when an output failed or was cancelled (the exception).
    output_failed = Signal(object)

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._runner = runner
        self._pages = PageProgress(self)  # titled like this dialog
        self._preview_paints = 0
        self.preview_dialog: QPrintPreviewDialog | None = None
        self._preview_printer: QPrinter | None = None
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.preview_button = QPushButton(self.tr("Pre&view…"))
        self.print_button = QPushButton(self.tr("&Print…"))
        self.pdf_button = QPushButton(self.tr("Save as PD&F…"))
        for b, name in (
            (self.preview_button, self.tr("Show the pages before printing")),
            (self.print_button, self.tr("Print on a printer")),
            (self.pdf_button, self.tr("Save the pages as a PDF file")),
        ):
            b.setAccessibleName(name)
            b.setToolTip(name)
            self.buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self._on_preview_clicked)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)

    # -- what subclasses provide -------------------------------------------------------------

    def _gather(self) -> Callable[[], Gathered]:
        """A function, run in the background, that returns the data and the print job."""
        raise NotImplementedError

    def default_file_name(self) -> str:
        raise NotImplementedError

    # -- buttons -------------------------------------------------------------------------------

    @Slot()
    def _on_preview_clicked(self) -> None:
        self.preview()

    @Slot()
    def _on_print_clicked(self) -> None:
        self.print_to(None)

    @Slot()
    def _on_pdf_clicked(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save as PDF"),
            str(Path(folder) / self.default_file_name()),
            self.tr("PDF files (*.pdf)"),
        )
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.save_pdf(path)

    # -- the three outputs -------------------------------------------------------------------

    def preview(self) -> None:
        """Gather, log the view, then open the preview (non-modal, ``open()``)."""
        gather = self._gather()
        ctx = self._ctx

        def work() -> Gathered:
            doc, job = gather()
            svc.record_print(ctx, doc, "preview")
            return doc, job

        self._start(self.tr("Collecting the data…"), work, self._show_preview)

    def print_to(self, printer: QPrinter | None) -> None:
        """Gather, ask for the printer (unless given), log, then paint the pages."""
        self._start(
            self.tr("Collecting the data…"),
            self._gather(),
            lambda got: self._choose_printer(got, printer),
        )

    def save_pdf(self, path: str) -> None:
        """Gather, paint to a temporary file, log, then move the file into place."""
        try:
            check_file_name(path)
        except DosisError as e:
            self._fail(e)
            return
        self._start(
            self.tr("Collecting the data…"), self._gather(), lambda got: self._write_pdf(got, path)
        )

    # -- steps ---------------------------------------------------------------------------------

    def _start(
        self, label: str, work: Callable[[], Gathered], then: Callable[[Gathered], None]
    ) -> None:
        self._set_busy(True)
        self._pages.start(label)

        def done(got: Gathered) -> None:
            if not shiboken6.isValid(self):
                return
            if self._pages.cancelled():
                self._finish()
                self.output_failed.emit(pdf.PrintCancelled())
                return
            try:
                then(got)
            except Exception as e:  # shown to the user, never lost
                self._fail(e)

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(self):
                self._fail(exc)

        self._runner.run(work, done, failed)

    def _show_preview(self, got: Gathered) -> None:
        _doc, job = got
        self._finish()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        pdf.setup_device(printer)
        printer.setDocName(job.document_name)
        self._preview_printer = printer  # the dialog does not own it: keep it alive
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(self.tr("Preview: %1").replace("%1", job.title))
        self._preview_paints = 0
        dialog.paintRequested.connect(lambda p: self._paint_preview(got, p))
        dialog.resize(900, 1000)
        self.preview_dialog = dialog
        dialog.open()
        self.output_done.emit("preview", "")

    def _paint_preview(self, got: Gathered, printer: QPrinter) -> None:
        doc, job = got
        self._preview_paints += 1
        if self._preview_paints > 1:
            # Printed from the preview (or the page set-up changed): log it again.
            ctx = self._ctx
            self._runner.run(lambda: svc.record_print(ctx, doc, "printer"))
        pdf.render(job, printer)

    def _choose_printer(self, got: Gathered, printer: QPrinter | None) -> None:
        doc, job = got
        if printer is None:
            self._finish()
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            pdf.setup_device(printer)
            chooser = QPrintDialog(printer, self)
            chooser.setWindowTitle(self.tr("Print"))
            if chooser.exec() != QDialog.DialogCode.Accepted:
                self.output_failed.emit(pdf.PrintCancelled())
                return
            self._set_busy(True)
            self._pages.start(self.tr("Printing…"))
        else:
            pdf.setup_device(printer)
        printer.setDocName(job.document_name)
        chosen = printer
        ctx = self._ctx

        def log() -> int:
            return svc.record_print(ctx, doc, "printer")

        def paint(_n: int) -> None:
            if not shiboken6.isValid(self):
                return
            try:
                pdf.render(
                    job, chosen, progress=self._pages.on_page, cancelled=self._pages.cancelled
                )
            except pdf.PrintCancelled as e:
                chosen.abort()
                self._finish()
                self.output_failed.emit(e)
                return
            except Exception as e:
                self._fail(e)
                return
            self._finish()
            self.output_done.emit("printer", chosen.printerName() or chosen.outputFileName())

        self._runner.run(log, paint, self._fail)

    def _write_pdf(self, got: Gathered, path: str) -> None:
        doc, job = got
        tmp, pages = pdf.render_pdf_file(
            job, path, progress=self._pages.on_page, cancelled=self._pages.cancelled
        )
        ctx = self._ctx

        def log() -> int:
            return svc.record_print(ctx, doc, "pdf")

        def saved() -> None:
            self._finish()
            bridge.info(
                self,
                self.tr("Saved"),
                self.tr("Saved %1 pages as %2.").replace("%1", str(pages)).replace("%2", path),
            )
            self.output_done.emit("pdf", path)

        log_then_commit(self, self._runner, log, tmp, path, saved, self._fail)

    # -- progress ------------------------------------------------------------------------------

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        """The progress dialog of the running output (shown after half a second), if any."""
        return self._pages.dialog

    def _finish(self) -> None:
        self._pages.finish()
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        for b in (self.preview_button, self.print_button, self.pdf_button):
            b.setEnabled(not busy and self._ready())

    def _ready(self) -> bool:
        return True

    def _fail(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._finish()
        self.output_failed.emit(exc)
        if isinstance(exc, pdf.PrintCancelled):
            return
        errors.present(self, exc)


# QSettings key: the handover's short list is printed (default yes).
SHORT_LIST_SETTING = "handover/short_list"


def _bool(value: object) -> bool:
    """A QSettings value as a bool (an INI file gives back the text "false")."""
    return value not in (False, "false", "0", 0, None)


class HandoverPrintDialog(_PrintDialog):
    """Choose team, date and shift; preview, print or save the handover summary."""

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.setWindowTitle(self.tr("Print handover"))
        self.team = QComboBox()
        self.team.setAccessibleName(self.tr("Team"))
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.day.setAccessibleName(self.tr("Date"))
        self.shift = QComboBox()
        self.shift.setAccessibleName(self.tr("Shift"))
        for shift, label in (
            (svc.Shift.DAY, self.tr("Day 07–15")),
            (svc.Shift.EVENING, self.tr("Evening 15–23")),
            (svc.Shift.NIGHT, self.tr("Night 23–07")),
        ):
            self.shift.addItem(label, shift.value)
        day, shift = svc.next_shift(ctx.now())
        self.day.setDate(qdate(day))
        self.shift.setCurrentIndex(self.shift.findData(shift.value))
        self.form.addRow(self.tr("&Team:"), self.team)
        self.form.addRow(self.tr("&Date:"), self.day)
        self.form.addRow(self.tr("&Shift:"), self.shift)
        self.short_list = QCheckBox(self.tr("Short &list at the end (renewals in 8–28 days, info)"))
        self.short_list.setObjectName("short_list")
        self.short_list.setToolTip(
            self.tr(
                "On the day sheet: renewals due in more than 7 days and double prescriptions "
                "for information, one line each after everything to act on."
            )
        )
        self.short_list.setChecked(_bool(QSettings().value(SHORT_LIST_SETTING, True)))
        self.short_list.toggled.connect(
            lambda on: QSettings().setValue(SHORT_LIST_SETTING, bool(on))
        )
        self.form.addRow("", self.short_list)
        note = QLabel(
            self.tr(
                "Every citizen of the team with something to act on in the shift, most urgent "
                "first, then by route. CPR numbers are masked; private-marked ordinations are "
                "never printed. The print is logged for each citizen on it."
            )
        )
        note.setWordWrap(True)
        self.layout_.insertWidget(1, note)
        self._teams_loaded = False
        self._set_busy(True)
        run_ctx = ctx
        self._runner.run(lambda: svc.team_names(run_ctx), self._on_teams, self._fail)

    def _on_teams(self, got: tuple[list[str], str | None]) -> None:
        if not shiboken6.isValid(self):
            return
        names, own = got
        self.team.clear()
        self.team.addItems(names)
        if own in names:
            self.team.setCurrentText(own)
        self._teams_loaded = True
        self._set_busy(False)
        self.team.setFocus()

    def _ready(self) -> bool:
        return self._teams_loaded and self.team.count() > 0

    def selection(self) -> tuple[str, date, svc.Shift]:
        return (
            self.team.currentText(),
            pydate(self.day.date()),
            svc.Shift(self.shift.currentData()),
        )

    def set_selection(self, team: str, day: date, shift: svc.Shift) -> None:
        self.team.setCurrentText(team)
        self.day.setDate(qdate(day))
        self.shift.setCurrentIndex(self.shift.findData(shift.value))

    def _gather(self) -> Callable[[], Gathered]:
        ctx = self._ctx
        team, day, shift = self.selection()
        short_list = self.short_list.isChecked()

        def work() -> Gathered:
            h = svc.handover_summary(ctx, team, day, shift, short_list=short_list)
            return h, replace(handover_job(h), training=ctx.is_training())

        return work

    def default_file_name(self) -> str:
        team, day, shift = self.selection()
        slug = _slug(team)
        words = {svc.Shift.DAY: "dag", svc.Shift.EVENING: "aften", svc.Shift.NIGHT: "nat"}
        return f"overlevering-{slug}-{day:%Y-%m-%d}-{words[shift]}.pdf"


class MedlistPrintDialog(_PrintDialog):
    """Preview, print or save one citizen's medicine list (full CPR: the citizen's own paper)."""

    def __init__(
        self,
        ctx: Ctx,
        runner: Runner,
        cpr: str,
        parent: QWidget | None = None,
        name: str = "",
    ) -> None:
        super().__init__(ctx, runner, parent)
        self._cpr = cpr
        self._name = name
        self.setWindowTitle(self.tr("Print medicine list"))
        label = QLabel(
            self.tr(
                "The medicine list of the citizen %1: the card today and as the next roll will "
                "be, with the coming changes. Private-marked ordinations are never printed. The "
                "print is logged."
            ).replace("%1", mask_cpr(cpr))
        )
        label.setWordWrap(True)
        self.form.addRow(label)

    def _gather(self) -> Callable[[], Gathered]:
        ctx, cpr = self._ctx, self._cpr

        def work() -> Gathered:
            ml = medlist.medicine_list(ctx, cpr)
            return ml, replace(medlist_job(ml), training=ctx.is_training())

        return work

    def default_file_name(self) -> str:
        """``medicinliste-anna-hansen-2026-11-22.pdf``: the citizen's name and the date, never
        the CPR number."""
        slug = _slug(self._name)
        return f"medicinliste-{slug + '-' if slug else ''}{self._ctx.today():%Y-%m-%d}.pdf"


def _slug(text: str) -> str:
    """``Anna Chr. Ærø`` → ``anna-chr-ærø``: letters and digits, words joined by hyphens."""
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def print_handover(ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> HandoverPrintDialog:
    """Open the handover print dialog (non-modal) and return it."""
    dialog = HandoverPrintDialog(ctx, runner, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def print_medlist(
    ctx: Ctx, runner: Runner, cpr: str, parent: QWidget | None = None, name: str = ""
) -> MedlistPrintDialog:
    """Open the medicine-list print dialog for one citizen (non-modal) and return it."""
    dialog = MedlistPrintDialog(ctx, runner, cpr, parent, name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
