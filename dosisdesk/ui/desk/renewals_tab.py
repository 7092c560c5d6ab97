"""Fornyelser: dose prescriptions due for renewal and the requests sent to the GP (R7)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.types import RejectionReason, RenewalState
from dosisdesk.services import renewals, review
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import RenewalDTO
from dosisdesk.services.review import TaskDTO
from dosisdesk.ui import texts
from dosisdesk.ui.desk.base import DeskTab, buddy_label, make_table, selected_rows
from dosisdesk.ui.desk.models import (
    ListModel,
    renewals_model,
    tasks_model,
)
from dosisdesk.ui.hub import Changed
from dosisdesk.ui.runner import Runner


class RenewalsTab(DeskTab):
    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.mode = QComboBox()
        self.mode.setAccessibleName(self.tr("Show"))
        self.mode.addItem(self.tr("Due within 28 days"), "due")
        self.mode.addItem(self.tr("Request sent"), RenewalState.SENT.value)
        self.mode.addItem(self.tr("Rejected"), RenewalState.REJECTED.value)
        self.mode.addItem(self.tr("Renewed"), RenewalState.RENEWED.value)
        self.team = self._team_combo()
        self.model: ListModel[RenewalDTO] = renewals_model(self)
        self.view = make_table("renewalsView", self.model, multi=True)
        self.view.setAccessibleName(self.tr("Renewals"))
        for col, width in enumerate((160, 95, 200, 170, 150, 90)):
            self.view.horizontalHeader().resizeSection(col, width)
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.send_button = QPushButton(self.tr("&Send request"))
        self.renewed_button = QPushButton(self.tr("Re&newed"))
        self.reason = QComboBox()
        self.reason.setAccessibleName(self.tr("Rejection reason"))
        for r in RejectionReason:
            self.reason.addItem(texts.rejection_label(r), r.value)
        self.rejected_button = QPushButton(self.tr("Re&jected"))
        self.tasks: ListModel[TaskDTO] = tasks_model(self)
        self.tasks_view = make_table("tasksView", self.tasks)
        self.tasks_view.setAccessibleName(self.tr("Open tasks"))
        self.tasks_view.horizontalHeader().resizeSection(0, 110)
        self.tasks_view.horizontalHeader().resizeSection(1, 150)
        self.tasks_view.horizontalHeader().resizeSection(2, 300)
        self.task_counts = QLabel()
        self.task_counts.setWordWrap(True)
        self.done_button = QPushButton(self.tr("Task &done"))
        top = QHBoxLayout()
        top.addWidget(buddy_label(self.tr("Sho&w:"), self.mode))
        top.addWidget(self.mode)
        top.addWidget(buddy_label(self.tr("&Team:"), self.team))
        top.addWidget(self.team)
        top.addStretch(1)
        top.addWidget(self.count)
        actions = QHBoxLayout()
        actions.addWidget(self.send_button)
        actions.addWidget(self.renewed_button)
        actions.addWidget(self.reason, 1)
        actions.addWidget(self.rejected_button)
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addLayout(top)
        left_lay.addWidget(self.view, 1)
        left_lay.addLayout(actions)
        right = QGroupBox(self.tr("Open tasks (rejected renewals)"))
        right_lay = QVBoxLayout(right)
        right_lay.addWidget(self.task_counts)
        right_lay.addWidget(self.tasks_view, 1)
        right_lay.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignLeft)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([860, 520])
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        self.mode.currentIndexChanged.connect(self.refresh)
        self.team.currentIndexChanged.connect(self.refresh)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.tasks_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.activated.connect(lambda _i: self._open_selected(self.view))
        self.tasks_view.activated.connect(lambda _i: self._open_selected(self.tasks_view))
        self.send_button.clicked.connect(self.send_selected)
        self.renewed_button.clicked.connect(self.renewed_selected)
        self.rejected_button.clicked.connect(self.rejected_selected)
        self.done_button.clicked.connect(self.task_done)
        self._update_buttons()

    def interested(self, what: Changed) -> bool:
        return what.everything or what.renewals or bool(what.citizen_ids)

    def _load(self) -> None:
        ctx, mode, team = self.ctx, self.mode.currentData(), self.team.currentData()

        def job() -> tuple[list[RenewalDTO], list[TaskDTO], dict[str, int]]:
            if mode == "due":
                rows = renewals.renewals(ctx, due=True, team=team)
            else:
                rows = renewals.renewals(ctx, due=False, state=RenewalState(mode), team=team)
            return rows, review.tasks(ctx, team=team), review.task_counts(ctx)

        self._run(job, self._show)

    def _show(self, result: tuple[list[RenewalDTO], list[TaskDTO], dict[str, int]]) -> None:
        rows, tasks, counts = result
        self.model.set_rows(rows)
        self.tasks.set_rows(tasks)
        self.count.setText(self.tr("%n prescription(s)", "", len(rows)))
        total = sum(counts.values())
        no_team = self.tr("no team")  # not inside the f-string: lupdate does not look there
        per_team = ", ".join(f"{t or no_team}: {n}" for t, n in sorted(counts.items()))
        self.task_counts.setText(
            self.tr("%n open task(s)", "", total) + (f" ({per_team})" if per_team else "")
        )
        self._update_buttons()
        self.loaded.emit()

    def selected(self) -> list[RenewalDTO]:
        return [self.model.row(i) for i in selected_rows(self.view)]

    @Slot()
    def _update_buttons(self) -> None:
        sel = self.selected()
        w = not self.read_only
        self.send_button.setEnabled(w and bool(sel) and all(r.state is None for r in sel))
        sent = w and bool(sel) and all(r.state is RenewalState.SENT for r in sel)
        self.renewed_button.setEnabled(sent)
        self.rejected_button.setEnabled(sent)
        self.reason.setEnabled(sent)
        self.done_button.setEnabled(w and bool(selected_rows(self.tasks_view)))

    def _decide(
        self, rows: Sequence[RenewalDTO], fn: Callable[[RenewalDTO], object], note: str
    ) -> None:
        todo = list(rows)

        def job() -> int:
            for r in todo:
                fn(r)
            return len(todo)

        self._write(
            job,
            lambda n: self.notice.emit(note.replace("%1", str(n))),
            Changed.renewal(*(r.citizen_id for r in todo)),
        )

    @Slot()
    def send_selected(self) -> None:
        ctx = self.ctx
        rows = [r for r in self.selected() if r.state is None]
        if self.read_only or not rows:
            return
        self._decide(
            rows,
            lambda r: renewals.request_renewal(ctx, r.line_id),
            self.tr("Renewal requested for %1 prescription(s)"),
        )

    @Slot()
    def renewed_selected(self) -> None:
        self._answer(RenewalState.RENEWED, None)

    @Slot()
    def rejected_selected(self) -> None:
        self._answer(RenewalState.REJECTED, RejectionReason(self.reason.currentData()))

    def _answer(self, state: RenewalState, reason: RejectionReason | None) -> None:
        ctx = self.ctx
        rows = [r for r in self.selected() if r.state is RenewalState.SENT]
        if self.read_only or not rows:
            return

        def one(r: RenewalDTO) -> None:
            assert r.request_id is not None
            renewals.decide_renewal(ctx, r.request_id, r.version, state, reason)

        note = (
            self.tr("%1 recorded as renewed")
            if state is RenewalState.RENEWED
            else self.tr("%1 recorded as rejected; the team has a task")
        )
        self._decide(rows, one, note)

    @Slot()
    def task_done(self) -> None:
        rows = selected_rows(self.tasks_view)
        if self.read_only or not rows:
            return
        t = self.tasks.row(rows[0])
        ctx = self.ctx
        self._write(
            lambda: review.complete_task(ctx, t.id),
            lambda _r: self.notice.emit(self.tr("Task done")),
            Changed.renewal(t.citizen_id),
        )
