"""The tabs of the coordinator's desk (all but the figures, in ``coordinator_figures``).

Each tab loads its list through the window's runner and shows it in a thin model; writes go
through the services, say what they changed on the hub, and the tabs that show it reload. A nurse
sees every tab read-only (the services scope her lists to her own team).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import ConflictError
from dosisdesk.domain.types import ChangeState, RejectionReason, RenewalState, Role, Severity
from dosisdesk.services import changes, contacts, figures, flags, queue, renewals, review, supply
from dosisdesk.services.catalogue import search_products
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ContactDTO, FlagDTO, ProductDTO, QueueRow, RenewalDTO
from dosisdesk.services.queue import QueueFilter
from dosisdesk.services.review import AcuteReview, FlagMark, TaskDTO
from dosisdesk.services.supply import AffectedLine, SupplyFailureDTO
from dosisdesk.ui import texts
from dosisdesk.ui.desk.models import (
    ContactMode,
    DeskRole,
    ListModel,
    QueueModel,
    acute_model,
    affected_model,
    contacts_model,
    failures_model,
    flags_model,
    renewals_model,
    tasks_model,
)
from dosisdesk.ui.errors import present
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.runner import Runner

log = logging.getLogger("dosisdesk.ui")

SEARCH_DEBOUNCE_MS = 250
T = TypeVar("T")


@dataclass(frozen=True)
class Lookups:
    """What the filters offer, loaded once when the desk opens."""

    teams: tuple[str, ...] = ()
    users: tuple[tuple[str, str], ...] = ()  # (username, full name)
    pharmacies: tuple[str, ...] = ()


# ---------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------


def make_table(name: str, model: Any, *, multi: bool = False) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    return view


def selected_rows(view: QTableView) -> list[int]:
    sm = view.selectionModel()
    return sorted({i.row() for i in sm.selectedRows()}) if sm is not None else []


class ReasonDialog(QDialog):
    """A reason (required) and, when asked for, an optional end date. Opened with ``open()`` so
    nothing blocks; ``accepted`` carries on."""

    def __init__(
        self,
        title: str,
        prompt: str,
        *,
        with_until: bool = False,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        lay = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        lay.addWidget(label)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setAccessibleName(self.tr("Reason"))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(80)
        label.setBuddy(self.reason_edit)
        lay.addWidget(self.reason_edit)
        self.until_check = QCheckBox(self.tr("Holds until"))
        self.until_edit = QDateEdit()
        self.until_edit.setCalendarPopup(True)
        self.until_edit.setDisplayFormat("dd-MM-yyyy")
        self.until_edit.setAccessibleName(self.tr("End date"))
        day = today or date.today()  # noqa: DTZ011 - only a default for the date picker
        self.until_edit.setMinimumDate(texts.qdate(day))
        self.until_edit.setDate(texts.qdate(day + timedelta(days=90)))
        self.until_edit.setEnabled(False)
        self.until_check.toggled.connect(self.until_edit.setEnabled)
        if with_until:
            row = QHBoxLayout()
            row.addWidget(self.until_check)
            row.addWidget(self.until_edit)
            row.addStretch(1)
            lay.addLayout(row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._on_text_changed)
        self._on_text_changed()
        self.resize(420, 220)

    def _on_text_changed(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason().strip()))

    def set_reason(self, text: str) -> None:
        self.reason_edit.setPlainText(text)

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def until(self) -> date | None:
        return texts.pydate(self.until_edit.date()) if self.until_check.isChecked() else None


class DeskTab(QWidget):
    """A tab of the desk: loads in the background, reloads when the hub says its data changed."""

    #: the tab's data has arrived and is shown
    loaded = Signal()
    #: a short note for the desk's status line ("12 changes confirmed")
    notice = Signal(str)
    #: the user wants a citizen's card (CPR)
    open_citizen = Signal(str)

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.dirty = True
        self.lookups = Lookups()
        self._gen = 0
        self._dialog: QDialog | None = None

    @property
    def read_only(self) -> bool:
        return self.ctx.actor.role is Role.NURSE

    @property
    def dialog(self) -> QDialog | None:
        """The dialog the tab has open (tests fill it in)."""
        return self._dialog

    def interested(self, what: Changed) -> bool:
        return what.everything

    def set_lookups(self, lookups: Lookups) -> None:
        self.lookups = lookups

    def refresh(self) -> None:
        self.dirty = False
        self._load()

    def _load(self) -> None:
        raise NotImplementedError

    def _run(self, fn: Callable[[], T], done: Callable[[T], None]) -> None:
        """A load: a newer load makes an older answer void."""
        self._gen += 1
        gen = self._gen

        def ok(result: T) -> None:
            if gen == self._gen:
                done(result)

        def fail(exc: BaseException) -> None:
            if gen == self._gen:
                present(self, exc)

        self.runner.run(fn, ok, fail)

    def _write(self, fn: Callable[[], T], done: Callable[[T], None], what: Changed) -> None:
        """A write: on success ``done`` and the hub; on failure the error, and a conflict
        reloads (someone else changed what is shown)."""

        def ok(result: T) -> None:
            done(result)
            hub.publish(what)

        def fail(exc: BaseException) -> None:
            present(self, exc)
            if isinstance(exc, ConflictError):
                self.refresh()

        self.runner.run(fn, ok, fail)

    def _open(self, dialog: QDialog, on_accept: Callable[[], None]) -> None:
        self._dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        d, self._dialog = self._dialog, None
        if d is not None:
            d.deleteLater()

    # helpers for the filters

    def _team_combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(self.tr("Team"))
        combo.addItem(self.tr("All teams"), None)
        return combo

    def _fill_teams(self, combo: QComboBox) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        if self.read_only:
            combo.addItem(self.tr("My team"), None)
            combo.setEnabled(False)
        else:
            combo.addItem(self.tr("All teams"), None)
            for t in self.lookups.teams:
                combo.addItem(t, t)
            i = combo.findData(current)
            combo.setCurrentIndex(max(i, 0))
        combo.blockSignals(False)

    def _open_selected(self, view: QTableView) -> None:
        idx = view.currentIndex()
        cpr = idx.data(DeskRole.CprRole) if idx.isValid() else None
        if cpr:
            self.open_citizen.emit(str(cpr))


def _label(text: str, buddy: QWidget) -> QLabel:
    lab = QLabel(text)
    lab.setBuddy(buddy)
    return lab


# ---------------------------------------------------------------------------
# Kø: the change queue
# ---------------------------------------------------------------------------


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

        self.confirm_button = QPushButton(self.tr("&Confirm selected"))
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
            filters.addWidget(_label(text, w))
            filters.addWidget(w)
        filters.addWidget(self.missed)
        filters.addStretch(1)
        search_row = QHBoxLayout()
        search_row.addWidget(_label(self.tr("&Find:"), self.search))
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
        self._fill_teams(self.team)
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
            self.model.reload(keep=True)

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

        def done(result: object) -> None:
            text = self.tr("%n change(s) confirmed", "", len(todo))
            if skipped:
                text += " " + self.tr("(%n already confirmed or locked)", "", skipped)
            self.notice.emit(text)

        self._write(lambda: changes.confirm(ctx, todo), done, Changed(citizen_ids=who, queue=True))

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
        self._write(
            lambda: changes.cancel(ctx, r.change_id, r.version, reason),
            lambda _c: self.notice.emit(self.tr("The change was cancelled")),
            Changed(citizen_ids=frozenset({r.citizen_id}), queue=True),
        )

    @Slot()
    def ask_export(self) -> None:
        dlg = QFileDialog(self, self.tr("Export the queue"))
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dlg.setNameFilter(self.tr("CSV files (*.csv)"))
        dlg.setDefaultSuffix("csv")
        dlg.selectFile(f"koe-{self.ctx.today().isoformat()}.csv")
        self._dialog = dlg
        dlg.fileSelected.connect(lambda path: self.export(Path(path)))
        dlg.finished.connect(self._on_dialog_finished)
        dlg.open()

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
            self.model.reload(keep=True)
            return
        for row in self.model.group_rows():
            idx = self.model.index(row, 0)
            self.model.dataChanged.emit(idx, idx)


# ---------------------------------------------------------------------------
# Akutte ændringer: the acute changes of a period
# ---------------------------------------------------------------------------


class AcuteTab(DeskTab):
    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        today = ctx.today()
        self.first = QDateEdit(texts.qdate(today - timedelta(days=13)))
        self.last = QDateEdit(texts.qdate(today))
        for d, name in ((self.first, self.tr("From")), (self.last, self.tr("To"))):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd-MM-yyyy")
            d.setAccessibleName(name)
        self.team = self._team_combo()
        self.model: ListModel[AcuteReview] = acute_model(self)
        self.view = make_table("acuteView", self.model)
        self.view.setAccessibleName(self.tr("Acute changes"))
        self.view.horizontalHeader().setStretchLastSection(False)
        for col, width in enumerate((130, 150, 100, 230, 200, 130, 220, 190, 110, 90)):
            self.view.horizontalHeader().resizeSection(col, width)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("The acute change"))
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(_label(self.tr("&From:"), self.first))
        top.addWidget(self.first)
        top.addWidget(_label(self.tr("&To:"), self.last))
        top.addWidget(self.last)
        top.addWidget(_label(self.tr("&Team:"), self.team))
        top.addWidget(self.team)
        top.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)
        self.first.dateChanged.connect(self.refresh)
        self.last.dateChanged.connect(self.refresh)
        self.team.currentIndexChanged.connect(self.refresh)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.activated.connect(lambda _i: self._open_selected(self.view))

    def interested(self, what: Changed) -> bool:
        return what.everything or what.queue or bool(what.citizen_ids)

    def set_lookups(self, lookups: Lookups) -> None:
        super().set_lookups(lookups)
        self._fill_teams(self.team)

    def _load(self) -> None:
        ctx = self.ctx
        first, last = texts.pydate(self.first.date()), texts.pydate(self.last.date())
        team = self.team.currentData()
        self._run(lambda: review.acute_changes(ctx, first, last, team=team), self._show)

    def _show(self, rows: list[AcuteReview]) -> None:
        self.model.set_rows(rows)
        days = [r.days_to_next_roll for r in rows if r.days_to_next_roll is not None]
        near = sum(1 for d in days if d <= 3)
        mid = sum(1 for d in days if 3 < d <= 7)
        far = sum(1 for d in days if d > 7)
        self.summary.setText(
            self.tr("%n acute change(s).", "", len(rows))
            + " "
            + self.tr(
                "The next roll was, when decided: within 3 days for %1, 4–7 days away for %2, "
                "more than a week away for %3."
            )
            .replace("%1", str(near))
            .replace("%2", str(mid))
            .replace("%3", str(far))
        )
        self.detail.clear()
        self.loaded.emit()

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        r = self.model.row(current.row())
        self.detail.setHtml(acute_html(r))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def acute_html(r: AcuteReview) -> str:
    """The selected acute change in full, for the detail pane."""
    from PySide6.QtCore import QCoreApplication

    reason = QCoreApplication.translate("coordinator", "Reason:")
    doctor = QCoreApplication.translate("coordinator", "Doctor:")
    registered = QCoreApplication.translate("coordinator", "Registered:")
    handling = QCoreApplication.translate("coordinator", "Handling:")
    if_waited = QCoreApplication.translate("coordinator", "If it had waited:")
    follow_up = QCoreApplication.translate("coordinator", "Follow-up in the roll:")
    none = QCoreApplication.translate("coordinator", "none")
    parts = [
        f"<p><b>{_esc(r.citizen_name)}</b> ({format_cpr(r.cpr)}), {_esc(r.team_name)}<br>"
        f"{_esc(texts.kind_label(r.kind))}: {_esc(r.product_label)} {_esc(r.dosage)}</p>",
        f"<p><b>{reason}</b> {_esc(r.reason)}<br><b>{doctor}</b> {_esc(r.doctor)}<br>"
        f"<b>{registered}</b> {texts.fmt_datetime(r.registered_at)}, "
        f"{_esc(r.registered_by)}</p>",
    ]
    if r.handlings:
        items = "".join(
            f"<li>{_esc(texts.handling_label(k))}{': ' + _esc(n) if n else ''}</li>"
            for k, n in r.handlings
        )
        parts.append(f"<p><b>{handling}</b></p><ul>{items}</ul>")
    if r.if_waited_first_day is not None and r.if_waited_deadline is not None:
        waited = (
            QCoreApplication.translate(
                "coordinator",
                "the next roll started %1 (deadline %2), %n day(s) after the decision.",
                "",
                r.days_to_next_roll or 0,
            )
            .replace("%1", texts.fmt_date(r.if_waited_first_day))
            .replace("%2", texts.fmt_datetime(r.if_waited_deadline))
        )
        parts.append(f"<p><b>{if_waited}</b> {waited}</p>")
    follow = texts.state_label(r.follow_up_state) if r.follow_up_state else none
    parts.append(f"<p><b>{follow_up}</b> {_esc(follow)}</p>")
    return "".join(parts)


# ---------------------------------------------------------------------------
# Dobbeltordinationer: double prescriptions (R5)
# ---------------------------------------------------------------------------


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
        top = QHBoxLayout()
        top.addWidget(_label(self.tr("S&everity:"), self.severity))
        top.addWidget(self.severity)
        top.addWidget(_label(self.tr("&Team:"), self.team))
        top.addWidget(self.team)
        top.addWidget(self.show_ack)
        top.addStretch(1)
        top.addWidget(self.count)
        sides = QHBoxLayout()
        sides.addWidget(box_a, 1)
        sides.addWidget(box_b, 1)
        sides.addWidget(box_h, 1)
        buttons = QHBoxLayout()
        for b in (self.ack_button, self.doctor_button, self.open_button):
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
        self._update_buttons()

    def interested(self, what: Changed) -> bool:
        return what.everything or what.flags or bool(what.citizen_ids)

    def set_lookups(self, lookups: Lookups) -> None:
        super().set_lookups(lookups)
        self._fill_teams(self.team)

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
        self._write(
            lambda: flags.acknowledge_flag(ctx, f.line_a, f.line_b, reason, until, kind=kind),
            lambda _r: self.notice.emit(
                self.tr("Acknowledged as intentional")
                if kind == "intentional"
                else self.tr("Marked as sent to the doctor")
            ),
            Changed(citizen_ids=frozenset({f.citizen_id}), flags=True),
        )


# ---------------------------------------------------------------------------
# Fornyelser: renewals (R7) and the teams' tasks
# ---------------------------------------------------------------------------


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
        top.addWidget(_label(self.tr("Sho&w:"), self.mode))
        top.addWidget(self.mode)
        top.addWidget(_label(self.tr("&Team:"), self.team))
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

    def set_lookups(self, lookups: Lookups) -> None:
        super().set_lookups(lookups)
        self._fill_teams(self.team)

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
        per_team = ", ".join(f"{t or self.tr('no team')}: {n}" for t, n in sorted(counts.items()))
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
            Changed(citizen_ids=frozenset(r.citizen_id for r in todo), renewals=True),
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
            Changed(citizen_ids=frozenset({t.citizen_id}), renewals=True),
        )


# ---------------------------------------------------------------------------
# Leveringssvigt: supply failures (R8)
# ---------------------------------------------------------------------------


class SupplyTab(DeskTab):
    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.show_ended = QCheckBox(self.tr("Show &ended"))
        self.failures: ListModel[SupplyFailureDTO] = failures_model(self)
        self.failures_view = make_table("failuresView", self.failures)
        self.failures_view.setAccessibleName(self.tr("Supply failures"))
        for col, width in enumerate((220, 80, 95, 95)):
            self.failures_view.horizontalHeader().resizeSection(col, width)
        self.affected: ListModel[AffectedLine] = affected_model(self)
        self.affected_view = make_table("affectedView", self.affected)
        self.affected_view.setAccessibleName(self.tr("Citizens affected"))
        for col, width in enumerate((170, 95, 110, 110, 95, 95)):
            self.affected_view.horizontalHeader().resizeSection(col, width)
        self.affected_count = QLabel()
        self.affected_count.setObjectName("hint")
        # registering a failure
        self.product = QComboBox()
        self.product.setEditable(True)
        self.product.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.product.setAccessibleName(self.tr("Product"))
        self.from_day = QDateEdit(texts.qdate(ctx.today()))
        self.to_day = QDateEdit(texts.qdate(ctx.today() + timedelta(days=14)))
        self.open_ended = QCheckBox(self.tr("No end date yet"))
        for d in (self.from_day, self.to_day):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd-MM-yyyy")
        self.from_day.setAccessibleName(self.tr("From"))
        self.to_day.setAccessibleName(self.tr("To"))
        self.note = QLineEdit()
        self.note.setAccessibleName(self.tr("Note"))
        self.register_button = QPushButton(self.tr("&Register supply failure"))
        form_box = QGroupBox(self.tr("Register a product in supply failure"))
        form = QFormLayout(form_box)
        form.addRow(self.tr("&Product:"), self.product)
        dates = QHBoxLayout()
        dates.addWidget(self.from_day)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.to_day)
        dates.addWidget(self.open_ended)
        dates.addStretch(1)
        dates_label = QLabel(self.tr("&From – to:"))
        dates_label.setBuddy(self.from_day)
        form.addRow(dates_label, dates)
        form.addRow(self.tr("N&ote:"), self.note)
        form.addRow("", self.register_button)
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Products in supply failure")))
        top.addStretch(1)
        top.addWidget(self.show_ended)
        left_lay.addLayout(top)
        left_lay.addWidget(self.failures_view, 1)
        left_lay.addWidget(form_box)
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.addWidget(self.affected_count)
        right_lay.addWidget(self.affected_view, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        QVBoxLayout(self).addWidget(split)
        self._products: list[ProductDTO] = []
        self.show_ended.toggled.connect(self.refresh)
        self.open_ended.toggled.connect(lambda on: self.to_day.setEnabled(not on))
        self.failures_view.selectionModel().currentRowChanged.connect(self._on_current)
        self.affected_view.activated.connect(lambda _i: self._open_selected(self.affected_view))
        self.register_button.clicked.connect(self.register)
        self.register_button.setEnabled(not self.read_only)

    def interested(self, what: Changed) -> bool:
        return what.everything or bool(what.citizen_ids)

    def _load(self) -> None:
        ctx, ended = self.ctx, self.show_ended.isChecked()
        need_products = not self._products

        def job() -> tuple[list[SupplyFailureDTO], list[ProductDTO]]:
            prods = search_products(ctx, "", limit=5000) if need_products else []
            return supply.failures(ctx, current_only=not ended), prods

        self._run(job, self._show)

    def _show(self, result: tuple[list[SupplyFailureDTO], list[ProductDTO]]) -> None:
        rows, prods = result
        if prods:
            self._products = prods
            self.product.clear()
            for p in prods:
                self.product.addItem(f"{p.label} ({p.atc})", p.id)
            self.product.setCurrentIndex(-1)
        current = self.failures_view.currentIndex()
        keep = self.failures.row(current.row()).id if current.isValid() else None
        self.failures.set_rows(rows)
        row = next((i for i, f in enumerate(rows) if f.id == keep), 0 if rows else -1)
        if row >= 0:
            self.failures_view.selectRow(row)
        else:
            self.affected.set_rows([])
            self.affected_count.setText("")
            self.loaded.emit()

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if not current.isValid():
            return
        f = self.failures.row(current.row())
        ctx = self.ctx
        self._run(lambda: supply.affected(ctx, f.id), lambda rows: self._show_affected(f, rows))

    def _show_affected(self, f: SupplyFailureDTO, rows: list[AffectedLine]) -> None:
        self.affected.set_rows(rows)
        citizens = len({a.citizen_id for a in rows})
        handled = len({a.citizen_id for a in rows if a.handled})
        self.affected_count.setText(
            self.tr("%1: %2 line(s) in the roll for %3 citizen(s); given beside the roll for %4.")
            .replace("%1", f.product_label)
            .replace("%2", str(len(rows)))
            .replace("%3", str(citizens))
            .replace("%4", str(handled))
        )
        self.loaded.emit()

    @Slot()
    def register(self) -> None:
        if self.read_only:
            return
        pid = self.product.currentData()
        if pid is None:
            text = self.product.currentText().strip()
            ref = text
        else:
            ref = f"#{pid}"
        ctx = self.ctx
        first = texts.pydate(self.from_day.date())
        last = None if self.open_ended.isChecked() else texts.pydate(self.to_day.date())
        note = self.note.text().strip()

        def done(f: SupplyFailureDTO) -> None:
            self.note.clear()
            self.notice.emit(
                self.tr("Supply failure registered: %1").replace("%1", f.product_label)
            )

        self._write(
            lambda: supply.register_failure(ctx, ref, first, last, note),
            done,
            Changed(everything=True),
        )


# ---------------------------------------------------------------------------
# Sygehus: hospital contacts (R6)
# ---------------------------------------------------------------------------


class HospitalTab(DeskTab):
    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.team = self._team_combo()
        self.admitted = contacts_model(ContactMode.ADMITTED, ctx.now, self)
        self.windows = contacts_model(ContactMode.WINDOWS, ctx.now, self)
        self.discharges = contacts_model(ContactMode.DISCHARGES, ctx.now, self)
        self.views: list[QTableView] = []
        self.titles: list[QLabel] = []
        split = QSplitter(Qt.Orientation.Vertical)
        for name, model, title in (
            ("admittedView", self.admitted, self.tr("Admitted now")),
            ("windowsView", self.windows, self.tr("Open 72-hour windows, ending soonest first")),
            ("dischargesView", self.discharges, self.tr("Discharges whose checklist is not done")),
        ):
            box = QWidget()
            box_lay = QVBoxLayout(box)
            box_lay.setContentsMargins(0, 4, 0, 0)
            head = QLabel(title)
            head.setObjectName("sectionTitle")
            view = make_table(name, model)
            view.setAccessibleName(title)
            header = view.horizontalHeader()
            header.resizeSection(0, 170)
            header.resizeSection(1, 95)
            header.resizeSection(2, 300)
            for col in range(3, model.columnCount()):
                header.resizeSection(col, 170)
            view.activated.connect(lambda _i, v=view: self._open_selected(v))
            box_lay.addWidget(head)
            box_lay.addWidget(view, 1)
            split.addWidget(box)
            self.views.append(view)
            self.titles.append(head)
        top = QHBoxLayout()
        top.addWidget(_label(self.tr("&Team:"), self.team))
        top.addWidget(self.team)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        self._base_titles = [t.text() for t in self.titles]
        self.team.currentIndexChanged.connect(self.refresh)

    def interested(self, what: Changed) -> bool:
        return what.everything or what.contacts

    def set_lookups(self, lookups: Lookups) -> None:
        super().set_lookups(lookups)
        self._fill_teams(self.team)

    def _load(self) -> None:
        ctx, team = self.ctx, self.team.currentData()

        def job() -> tuple[list[ContactDTO], list[ContactDTO], list[ContactDTO]]:
            return (
                contacts.list_contacts(ctx, admitted_now=True, team=team),
                contacts.list_contacts(ctx, open_only=True, team=team),
                review.pending_discharges(ctx, team=team),
            )

        self._run(job, self._show)

    def _show(self, result: tuple[list[ContactDTO], list[ContactDTO], list[ContactDTO]]) -> None:
        for model, rows, title, base in zip(
            (self.admitted, self.windows, self.discharges),
            result,
            self.titles,
            self._base_titles,
            strict=True,
        ):
            model.set_rows(rows)
            title.setText(f"{base} ({len(rows)})")
        self.loaded.emit()

    def repaint_countdowns(self) -> None:
        self.windows.refresh_column(self.windows.columnCount() - 1)
