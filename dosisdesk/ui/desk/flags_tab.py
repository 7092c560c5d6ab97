"""Dobbeltordinationer: the double-prescription flags (R5), acknowledged or sent to the doctor
from here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.types import Severity
from dosisdesk.services import flags, review, undo
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import FlagDTO
from dosisdesk.services.review import FlagMark
from dosisdesk.ui import texts
from dosisdesk.ui.desk.acute_tab import _esc
from dosisdesk.ui.desk.base import (
    DeskTab,
    ReasonDialog,
    Undo,
    buddy_label,
    make_table,
)
from dosisdesk.ui.desk.models import (
    ListModel,
    flags_model,
)
from dosisdesk.ui.errors import present
from dosisdesk.ui.hub import Changed
from dosisdesk.ui.runner import Runner


class FlagsTab(DeskTab):
    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.severity = QComboBox()
        self.severity.setAccessibleName(self.tr("Severity"))
        self.severity.addItem(self.tr("All severities"), None)
        for sev in Severity:
            self.severity.addItem(texts.severity_label(sev), sev.value)
        self.team = self._team_combo()
        self.show_ack = QCheckBox(self.tr("Show &acknowledged"))
        self._marks: dict[tuple[int, int], FlagMark] = {}
        self._history_for: tuple[int, int] | None = None
        self.model: ListModel[FlagDTO] = flags_model(lambda: self._marks, self)
        self.view = make_table("flagsView", self.model)
        self.view.setAccessibleName(self.tr("Double prescriptions"))
        self.view.horizontalHeader().setStretchLastSection(False)
        for col, width in enumerate((70, 160, 95, 110, 260, 260, 90, 220)):
            self.view.horizontalHeader().resizeSection(col, width)
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.line_a = QLabel()
        self.line_b = QLabel()
        for lab in (self.line_a, self.line_b):
            lab.setWordWrap(True)
            lab.setTextFormat(Qt.TextFormat.RichText)
            lab.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        box_a = QGroupBox(self.tr("Line A"))
        QVBoxLayout(box_a).addWidget(self.line_a)
        box_b = QGroupBox(self.tr("Line B"))
        QVBoxLayout(box_b).addWidget(self.line_b)
        self.history = QListWidget()
        self.history.setAccessibleName(self.tr("History of the flag"))
        box_h = QGroupBox(self.tr("History"))
        QVBoxLayout(box_h).addWidget(self.history)
        self.ack_button = QPushButton(self.tr("Acknowledge as &intentional…"))
        self.doctor_button = QPushButton(self.tr("Sent to the &doctor…"))
        self.open_button = QPushButton(self.tr("&Open card"))
        self.write_button = QPushButton(self.tr("Write to the &GP…"))
        self.write_button.setObjectName("desk_write_flag")
        self.write_button.setToolTip(
            self.tr("A correspondence message (MedCom) to the GP naming both lines")
        )
        top = QHBoxLayout()
        top.addWidget(buddy_label(self.tr("S&everity:"), self.severity))
        top.addWidget(self.severity)
        top.addWidget(buddy_label(self.tr("&Team:"), self.team))
        top.addWidget(self.team)
        top.addWidget(self.show_ack)
        top.addStretch(1)
        top.addWidget(self.count)
        sides = QHBoxLayout()
        sides.addWidget(box_a, 1)
        sides.addWidget(box_b, 1)
        sides.addWidget(box_h, 1)
        buttons = QHBoxLayout()
        for b in (self.ack_button, self.doctor_button, self.write_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lower = QWidget()
        lower_lay = QVBoxLayout(lower)
        lower_lay.setContentsMargins(0, 0, 0, 0)
        lower_lay.addLayout(sides, 1)
        lower_lay.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lower.setMaximumHeight(230)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        self.severity.currentIndexChanged.connect(self.refresh)
        self.team.currentIndexChanged.connect(self.refresh)
        self.show_ack.toggled.connect(self.refresh)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.activated.connect(lambda _i: self._open_selected(self.view))
        self.ack_button.clicked.connect(self.ask_acknowledge)
        self.doctor_button.clicked.connect(self.ask_sent_to_doctor)
        self.open_button.clicked.connect(lambda: self._open_selected(self.view))
        self.write_button.clicked.connect(self.write_to_gp)
        self._update_buttons()

    def interested(self, what: Changed) -> bool:
        return what.everything or what.flags or bool(what.citizen_ids)

    @Slot()
    def write_to_gp(self) -> None:
        """Open the compose form for the flag, prefilled with both lines."""
        f = self.current()
        if f is None:
            return
        self._compose(f.cpr, "flag", f"{f.line_a}-{f.line_b}")

    def _load(self) -> None:
        ctx = self.ctx
        raw = self.severity.currentData()
        sev, team, acked = (
            Severity(raw) if raw else None,
            self.team.currentData(),
            self.show_ack.isChecked(),
        )
        self.count.setText(self.tr("Looking for double prescriptions…"))

        def job() -> tuple[list[FlagDTO], dict[tuple[int, int], FlagMark]]:
            rows = flags.flags(ctx, severity=sev, team=team, include_acknowledged=acked)
            return rows, review.flag_marks(ctx, [(f.line_a, f.line_b) for f in rows])

        self._run(job, self._show)

    def _show(self, result: tuple[list[FlagDTO], dict[tuple[int, int], FlagMark]]) -> None:
        rows, self._marks = result
        self.model.set_rows(rows)
        by = {sev: sum(1 for f in rows if f.severity is sev) for sev in Severity}
        self.count.setText(
            self.tr("%n flag(s):", "", len(rows))
            + " "
            + ", ".join(f"{texts.severity_label(s).lower()} {n}" for s, n in by.items())
        )
        self._on_current(QModelIndex(), QModelIndex())
        self.loaded.emit()

    def current(self) -> FlagDTO | None:
        idx = self.view.currentIndex()
        if not idx.isValid() or not self.view.selectionModel().isRowSelected(idx.row()):
            return None
        return self.model.row(idx.row())

    @Slot()
    def _update_buttons(self) -> None:
        f = self.current()
        self.ack_button.setEnabled(not self.read_only and f is not None and not f.acknowledged)
        self.doctor_button.setEnabled(not self.read_only and f is not None)
        self.write_button.setEnabled(f is not None)
        self.open_button.setEnabled(f is not None)

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        self.history.clear()
        if not current.isValid():
            self.line_a.setText(self.tr("Choose a flag to see both lines side by side."))
            self.line_b.clear()
            self._update_buttons()
            return
        f = self.model.row(current.row())
        self.line_a.setText(self._side(f.label_a, f.supply_a, f.atc_a))
        self.line_b.setText(self._side(f.label_b, f.supply_b, f.atc_b))
        ctx, pair = self.ctx, (f.line_a, f.line_b)
        self._history_for = pair

        def shown(rows: list[tuple[Any, str, str, str]]) -> None:
            if self._history_for == pair:  # not another flag chosen meanwhile
                self._show_history(rows)

        self.runner.run(
            lambda: flags.flag_history(ctx, f.line_a, f.line_b),
            shown,
            lambda exc: present(self, exc),
        )
        self._update_buttons()

    def _side(self, label: str, sup: Any, atc: str) -> str:
        return (
            f"<p style='font-size:11pt'><b>{_esc(label)}</b></p>"
            f"<p>{_esc(texts.supply_label(sup))}<br>ATC {_esc(atc)}</p>"
        )

    def _show_history(self, rows: list[tuple[Any, str, str, str]]) -> None:
        self.history.clear()
        kinds = {
            "intentional": self.tr("Acknowledged as intentional"),
            "sent_to_doctor": self.tr("Sent to the doctor"),
            "message_sent": self.tr("Message sent"),
            "reply_received": self.tr("Reply received"),
        }
        for at, user, kind, reason in rows:
            self.history.addItem(
                f"{texts.fmt_date_num(at.date())} {texts.fmt_time(at)} {user}: "
                f"{kinds.get(kind, kind)} – {reason}"
            )
        if not rows:
            self.history.addItem(self.tr("Not acknowledged or sent yet"))

    @Slot()
    def ask_acknowledge(self) -> None:
        f = self.current()
        if self.read_only or f is None:
            return
        dlg = ReasonDialog(
            self.tr("Acknowledge as intentional"),
            self.tr(
                "Why is the double prescription of %1 and %2 intentional? The acknowledgement "
                "lapses when either line changes."
            )
            .replace("%1", f.label_a)
            .replace("%2", f.label_b),
            with_until=True,
            today=self.ctx.today(),
            parent=self,
        )
        self._open(dlg, lambda: self.acknowledge(f, dlg.reason(), dlg.until()))

    @Slot()
    def ask_sent_to_doctor(self) -> None:
        f = self.current()
        if self.read_only or f is None:
            return
        dlg = ReasonDialog(
            self.tr("Sent to the doctor"),
            self.tr("What was sent, and to whom?"),
            parent=self,
        )
        self._open(dlg, lambda: self.acknowledge(f, dlg.reason(), None, kind="sent_to_doctor"))

    def acknowledge(
        self, f: FlagDTO, reason: str, until: date | None, *, kind: str = "intentional"
    ) -> None:
        ctx = self.ctx
        what = (
            self.tr("%1 and %2 for %3")
            .replace("%1", f.label_a)
            .replace("%2", f.label_b)
            .replace("%3", f.citizen_name)
        )

        def done(ack_id: int) -> None:
            text = (
                self.tr("Acknowledged as intentional: %1")
                if kind == "intentional"
                else self.tr("Marked as sent to the doctor: %1")
            ).replace("%1", what)
            self.notice.emit(text)
            self.undoable.emit(
                Undo(
                    text,
                    lambda: undo.unacknowledge(ctx, ack_id),
                    self.tr("The double prescription is open again: %1").replace("%1", what),
                    Changed.flag(f.citizen_id),
                )
            )

        self._write(
            lambda: flags.acknowledge_flag(ctx, f.line_a, f.line_b, reason, until, kind=kind),
            done,
            Changed.flag(f.citizen_id),
        )
