"""The desk's FMK tab: citizens whose FMK card differs from dosisdesk, oldest difference first,
and the inbox the municipality's integration fills (read it now; coordinators only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dosisdesk.domain.calendar import format_moment_numeric
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.services import fmk
from dosisdesk.services.context import Ctx
from dosisdesk.ui.desk.base import DeskTab, buddy_label, make_table
from dosisdesk.ui.desk.models import ListModel
from dosisdesk.ui.hub import Changed
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.table_model import Column


def _moment(value: Any) -> str:
    return format_moment_numeric(value) if value is not None else ""


class FmkDeskTab(DeskTab):
    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.team = self._team_combo()
        self.model: ListModel[fmk.FmkCitizenRow] = ListModel(
            [
                Column(self.tr("Name"), lambda r: r.name),
                Column(self.tr("CPR"), lambda r: format_cpr(r.cpr)),
                Column(self.tr("Team"), lambda r: r.team),
                Column(self.tr("Differences"), lambda r: str(r.pending)),
                Column(self.tr("Oldest difference"), lambda r: _moment(r.oldest)),
                Column(self.tr("FMK last read"), lambda r: _moment(r.last_read_at)),
                Column(self.tr("FMK version"), lambda r: r.card_version),
            ],
            cpr=lambda r: r.cpr,
            ident=lambda r: r.citizen_id,
            parent=self,
        )
        self.view = make_table("fmkView", self.model)
        self.view.setAccessibleName(self.tr("Citizens whose FMK card differs"))
        header = self.view.horizontalHeader()
        for col, width in enumerate((200, 100, 120, 90, 140, 140)):
            header.resizeSection(col, width)
        self.view.activated.connect(lambda _i: self._open_selected(self.view))
        self.inbox_label = QLabel()
        self.inbox_label.setObjectName("hint")
        self.inbox_button = QPushButton(self.tr("Read the FMK &inbox now"))
        self.inbox_button.setEnabled(not self.read_only)
        self.inbox_button.clicked.connect(self.read_inbox)
        top = QHBoxLayout()
        top.addWidget(buddy_label(self.tr("&Team:"), self.team))
        top.addWidget(self.team)
        top.addStretch(1)
        top.addWidget(self.inbox_label)
        top.addWidget(self.inbox_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        title = QLabel(
            self.tr(
                "Citizens whose FMK card differs, oldest first. Enter opens the "
                "citizen's card; the differences are on its FMK tab."
            )
        )
        title.setObjectName("sectionTitle")
        lay.addWidget(title)
        lay.addWidget(self.view, 1)
        self.team.currentIndexChanged.connect(self.refresh)

    def interested(self, what: Changed) -> bool:
        return what.everything or what.queue or bool(what.citizen_ids)

    def _load(self) -> None:
        ctx, team = self.ctx, self.team.currentData()

        def job() -> tuple[list[fmk.FmkCitizenRow], str | None]:
            return fmk.citizens_with_differences(ctx, team), fmk.inbox_folder(ctx)

        self._run(job, self._on_loaded)

    def _on_loaded(self, result: tuple[list[fmk.FmkCitizenRow], str | None]) -> None:
        rows, folder = result
        self.model.set_rows(rows)
        self.inbox_label.setText(
            self.tr("Inbox: %1").replace("%1", folder)
            if folder
            else self.tr("No FMK inbox is set up (Citizen → FMK inbox folder…).")
        )
        self.inbox_button.setEnabled(bool(folder) and not self.read_only)
        self.loaded.emit()

    def read_inbox(self) -> None:
        ctx = self.ctx
        from dosisdesk.interop.fmk import sources

        def job() -> Any:
            folder = fmk.inbox_folder(ctx)
            return sources.process_inbox(ctx, Path(folder)) if folder else None

        def done(report: Any) -> None:
            if report is None:
                return
            self.notice.emit(
                self.tr("FMK inbox: %1 read, %2 waiting for a citizen, %3 could not be read")
                .replace("%1", str(len(report.read)))
                .replace("%2", str(len(report.unknown)))
                .replace("%3", str(len(report.failed)))
            )
            if report.failed or report.unknown:
                from dosisdesk.ui.messages import bridge

                bridge.warning(
                    self,
                    self.tr("FMK inbox"),
                    "\n".join(f"{name}: {msg}" for name, msg in report.unknown + report.failed),
                )
            self.refresh()

        self._write(job, done, Changed.fmk_inbox())


__all__ = ["FmkDeskTab"]
