"""Kø: the change queue across citizens, filtered, grouped by deadline, confirmed or cancelled
from here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.types import ChangeState
from dosisdesk.services import changes, figures, queue, review, undo
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ChangeDTO, QueueRow
from dosisdesk.services.queue import QueueFilter
from dosisdesk.ui import texts
from dosisdesk.ui.desk.base import (
    SEARCH_DEBOUNCE_MS,
    DeskTab,
    Lookups,
    ReasonDialog,
    Undo,
    buddy_label,
    make_table,
    selected_rows,
)
from dosisdesk.ui.desk.models import (
    DeskRole,
    QueueModel,
)
from dosisdesk.ui.errors import present
from dosisdesk.ui.hub import Changed
from dosisdesk.ui.runner import Runner


class QueueTab(DeskTab):
    """Every change not yet in effect, grouped by pharmacy and deadline, next deadline first."""

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.team = self._team_combo()
        self.pharmacy = QComboBox()
        self.pharmacy.setAccessibleName(self.tr("Pharmacy"))
        self.pharmacy.addItem(self.tr("All pharmacies"), None)
        self.state = QComboBox()
        self.state.setAccessibleName(self.tr("State"))
        # (Qt turns enums in item data into plain strings: keep strings and map them back.)
        self.state.addItem(self.tr("To do (not locked)"), "todo")
        self.state.addItem(self.tr("All open"), "all")
        for st in (ChangeState.REGISTERED, ChangeState.CONFIRMED, ChangeState.LOCKED):
            self.state.addItem(texts.state_label(st), st.value)
        self.acute = QComboBox()
        self.acute.setAccessibleName(self.tr("Acute"))
        self.acute.addItem(self.tr("Acute and planned"), None)
        self.acute.addItem(self.tr("Acute only"), True)
        self.acute.addItem(self.tr("Planned only"), False)
        self.missed = QCheckBox(self.tr("&Missed deadlines only"))
        self.registered_by = QComboBox()
        self.registered_by.setAccessibleName(self.tr("Registered by"))
        self.registered_by.addItem(self.tr("Anyone"), None)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Name or CPR"))
        self.search.setAccessibleName(self.tr("Search the queue"))
        self.search.setClearButtonEnabled(True)

        def page(f: QueueFilter, offset: int, limit: int) -> list[QueueRow]:
            return queue.queue(ctx, f, limit=limit, offset=offset)

        self.model = QueueModel(
            runner, page, lambda f: review.queue_groups(ctx, f), ctx.now, parent=self
        )
        self.view = make_table("queueView", self.model, multi=True)
        self.view.setAccessibleName(self.tr("Change queue"))
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        for col, width in (
            (QueueModel.COL_CITIZEN, 170),
            (QueueModel.COL_CPR, 95),
            (QueueModel.COL_TEAM, 110),
            (QueueModel.COL_KIND, 120),
            (QueueModel.COL_STATE, 95),
            (QueueModel.COL_ACUTE, 50),
            (QueueModel.COL_MISSED, 105),
            (QueueModel.COL_REGISTERED, 200),
        ):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QueueModel.COL_DRUG, QHeaderView.ResizeMode.Stretch)

        self.confirm_button = QPushButton(self.tr("Co&nfirm selected"))
        self.confirm_button.setToolTip(
            self.tr("Checked in FMK / sent to the doctor or pharmacy (Ctrl+Enter)")
        )
        self.cancel_button = QPushButton(self.tr("C&ancel change…"))
        self.open_button = QPushButton(self.tr("&Open card"))
        self.export_button = QPushButton(self.tr("&Export…"))
        self.count = QLabel()
        self.count.setObjectName("hint")

        filters = QHBoxLayout()
        for text, w in (
            (self.tr("&Team:"), self.team),
            (self.tr("&Pharmacy:"), self.pharmacy),
            (self.tr("&State:"), self.state),
            (self.tr("Ac&ute:"), self.acute),
            (self.tr("&Registered by:"), self.registered_by),
        ):
            filters.addWidget(buddy_label(text, w))
            filters.addWidget(w)
        filters.addWidget(self.missed)
        filters.addStretch(1)
        search_row = QHBoxLayout()
        search_row.addWidget(buddy_label(self.tr("Fin&d:"), self.search))
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count, 2)
        buttons = QHBoxLayout()
        for b in (self.confirm_button, self.cancel_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.addLayout(filters)
        lay.addLayout(search_row)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)

        confirm_action = QAction(self.tr("Confirm selected"), self.view)
        confirm_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        confirm_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        confirm_action.triggered.connect(self.confirm_selected)
        self.addAction(confirm_action)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        for combo in (self.team, self.pharmacy, self.state, self.acute, self.registered_by):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.missed.toggled.connect(self.apply_filter)
        self.model.modelReset.connect(self._on_reset)
        self.model.rowsInserted.connect(self._on_rows_inserted)
        self.model.page_loaded.connect(self._on_page_loaded)
        self.model.load_failed.connect(self._on_load_failed)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.view.clicked.connect(self._on_clicked)
        self.view.activated.connect(self._on_activated)
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.cancel_button.clicked.connect(self.ask_cancel)
        self.open_button.clicked.connect(lambda: self._open_selected(self.view))
        self.export_button.clicked.connect(self.ask_export)
        self._update_buttons()

    def interested(self, what: Changed) -> bool:
        return what.everything or what.queue or bool(what.citizen_ids)

    def set_lookups(self, lookups: Lookups) -> None:
        super().set_lookups(lookups)
        for combo, items in (
            (self.pharmacy, [(p, p) for p in lookups.pharmacies]),
            (self.registered_by, [(f"{name} ({u})", u) for u, name in lookups.users]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def current_filter(self) -> QueueFilter:
        search = self.search.text().strip()
        return QueueFilter(
            team=self.team.currentData(),
            pharmacy=self.pharmacy.currentData(),
            states=self._states(),
            acute=self.acute.currentData(),
            missed_only=self.missed.isChecked(),
            registered_by=self.registered_by.currentData(),
            search=search or None,
        )

    def _states(self) -> tuple[ChangeState, ...]:
        key = self.state.currentData()
        if key == "todo":
            return (ChangeState.REGISTERED, ChangeState.CONFIRMED)
        if key == "all" or not key:
            return ()
        return (ChangeState(key),)

    @Slot()
    def apply_filter(self) -> None:
        self._debounce.stop()
        self.dirty = False
        self.model.set_filter(self.current_filter())

    def _load(self) -> None:
        f = self.current_filter()
        if f != self.model.filter or not self.model.groups:
            self.model.set_filter(f)
        else:
            self.model.reload()

    # -- the view -------------------------------------------------------------

    def _apply_spans(self, first: int, last: int) -> None:
        cols = self.model.columnCount()
        for row in range(first, last + 1):
            if self.model.is_group(row):
                self.view.setSpan(row, 0, 1, cols)

    @Slot()
    def _on_reset(self) -> None:
        self.view.clearSpans()
        self._apply_spans(0, self.model.rowCount() - 1)

    @Slot(QModelIndex, int, int)
    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        self._apply_spans(first, last)

    @Slot(int)
    def _on_page_loaded(self, _count: int) -> None:
        m = self.model
        self.count.setText(
            self.tr("%1 of %2 changes shown, in %3 group(s)")
            .replace("%1", str(m.loaded))
            .replace("%2", str(m.total))
            .replace("%3", str(len(m.groups)))
        )
        self._update_buttons()
        self.loaded.emit()

    @Slot(object)
    def _on_load_failed(self, exc: object) -> None:
        if isinstance(exc, BaseException):
            present(self, exc)

    @Slot(QModelIndex)
    def _on_clicked(self, index: QModelIndex) -> None:
        """A click on a group's heading selects the changes loaded in the group."""
        if not self.model.is_group(index.row()):
            return
        rows = self.model.rows_of_group(index.row())
        if not rows:
            return
        sel = QItemSelection(self.model.index(rows[0], 0), self.model.index(rows[-1], 0))
        self.view.selectionModel().select(
            sel,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        cpr = index.data(DeskRole.CprRole)
        if cpr:
            self.open_citizen.emit(str(cpr))

    @Slot()
    def _on_selection_changed(self) -> None:
        self._update_buttons()

    def selected(self) -> list[QueueRow]:
        out = []
        for row in selected_rows(self.view):
            r = self.model.queue_row(row)
            if r is not None:
                out.append(r)
        return out

    def _update_buttons(self) -> None:
        sel = self.selected()
        can_write = not self.read_only
        self.confirm_button.setEnabled(
            can_write and any(r.state is ChangeState.REGISTERED for r in sel)
        )
        self.cancel_button.setEnabled(can_write and len(sel) == 1)
        self.open_button.setEnabled(len(sel) == 1)

    # -- writing --------------------------------------------------------------

    @Slot()
    def confirm_selected(self) -> None:
        """Confirm the selected registered changes together (all or none, audited)."""
        if self.read_only:
            return
        sel = self.selected()
        todo = [(r.change_id, r.version) for r in sel if r.state is ChangeState.REGISTERED]
        if not todo:
            return
        skipped = len(sel) - len(todo)
        ctx = self.ctx
        who = frozenset(r.citizen_id for r in sel)
        what = [self._what(r) for r in sel if r.state is ChangeState.REGISTERED]

        def done(result: list[ChangeDTO]) -> None:
            text = self.tr("%n change(s) confirmed: %1", "", len(todo)).replace(
                "%1", texts.some_of(what)
            )
            if skipped:
                text += " " + self.tr("(%n already confirmed or locked)", "", skipped)
            self.notice.emit(text)
            items = [(c.id, c.version) for c in result]
            self.undoable.emit(
                Undo(
                    text,
                    lambda: undo.unconfirm(ctx, items),
                    self.tr(
                        "%n change(s) registered again, not confirmed: %1", "", len(items)
                    ).replace("%1", texts.some_of(what)),
                    Changed.change(*who),
                )
            )

        self._write(lambda: changes.confirm(ctx, todo), done, Changed.change(*who))

    def _what(self, r: QueueRow) -> str:
        """``Anna Hansen (Metformin 500 mg)``: whose change and to what."""
        return f"{r.citizen_name} ({r.product_label or texts.kind_label(r.kind)})"

    @Slot()
    def ask_cancel(self) -> None:
        sel = self.selected()
        if self.read_only or len(sel) != 1:
            return
        r = sel[0]
        dlg = ReasonDialog(
            self.tr("Cancel change"),
            self.tr("Why is the change to %1 for %2 cancelled?")
            .replace("%1", r.product_label or texts.kind_label(r.kind))
            .replace("%2", r.citizen_name),
            parent=self,
        )
        self._open(dlg, lambda: self.cancel_change(r, dlg.reason()))

    def cancel_change(self, r: QueueRow, reason: str) -> None:
        ctx = self.ctx
        what = self._what(r)

        def done(c: ChangeDTO) -> None:
            text = self.tr("Change cancelled: %1").replace("%1", what)
            self.notice.emit(text)
            self.undoable.emit(
                Undo(
                    text,
                    lambda: undo.uncancel(ctx, c.id, c.version),
                    self.tr("The change is back in the queue: %1").replace("%1", what),
                    Changed.change(r.citizen_id),
                )
            )

        self._write(
            lambda: changes.cancel(ctx, r.change_id, r.version, reason),
            done,
            Changed.change(r.citizen_id),
        )

    @Slot()
    def ask_export(self) -> None:
        name = f"koe-{self.ctx.today().isoformat()}.csv"
        self._ask_csv(self.tr("Export the queue"), name, self.export)

    def export(self, path: Path, f: QueueFilter | None = None) -> None:
        """Write the queue under the current filter (all rows, not only those loaded)."""
        ctx, flt = self.ctx, f or self.current_filter()

        def job() -> int:
            return figures.write_csv(path, figures.QUEUE_HEADER, figures.queue_csv_rows(ctx, flt))

        def done(n: int) -> None:
            self.notice.emit(self.tr("%n change(s) exported to %1", "", n).replace("%1", path.name))

        self.runner.run(job, done, lambda exc: present(self, exc))

    def repaint_countdowns(self) -> None:
        """Once a minute: the headings' countdowns; a deadline that passed reloads the queue."""
        now = self.ctx.now()
        if any(g.deadline <= now for g in self.model.groups if g.count):
            self.model.reload()
            return
        for row in self.model.group_rows():
            idx = self.model.index(row, 0)
            self.model.dataChanged.emit(idx, idx)
