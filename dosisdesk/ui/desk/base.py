"""What every tab of the coordinator's desk shares: the base tab (loads its list through the
window's runner, reloads when the hub says its data changed), tables, the reason dialog and the
filters' look-ups.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.errors import ConflictError
from dosisdesk.domain.types import Role
from dosisdesk.services.context import Ctx
from dosisdesk.ui import texts
from dosisdesk.ui.desk.models import (
    DeskRole,
)
from dosisdesk.ui.errors import present
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.runner import Runner, alive
from dosisdesk.ui.widgets.table_fit import fit_table

log = logging.getLogger("dosisdesk.ui")


SEARCH_DEBOUNCE_MS = 250


T = TypeVar("T")


@dataclass(frozen=True)
class Undo:
    """The desk's last action, undoable in the session: what it did (a sentence), the service
    call that undoes it, what it says when undone, and what the undo changes (for the hub)."""

    done: str
    run: Callable[[], object]
    undone: str
    what: Changed


@dataclass(frozen=True)
class Lookups:
    """What the filters offer, loaded once when the desk opens."""

    teams: tuple[str, ...] = ()
    users: tuple[tuple[str, str], ...] = ()  # (username, full name)
    pharmacies: tuple[str, ...] = ()


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
    fit_table(view)  # columns fit content and header; cut text shows whole in a tooltip
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

    # the tab's data has arrived and is shown
    loaded = Signal()
    # a short note for the desk's status line ("12 changes confirmed")
    notice = Signal(str)
    # the user wants a citizen's card (CPR)
    open_citizen = Signal(str)
    # the last write can be undone (an :class:`Undo`)
    undoable = Signal(object)

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.dirty = True
        self.lookups = Lookups()
        self._gen = 0
        self._dialog: QDialog | None = None
        # the tab's team filters (:meth:`_team_combo`), filled when the look-ups arrive
        self._team_combos: list[QComboBox] = []

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
        for combo in self._team_combos:
            self._fill_teams(combo)

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
            if gen == self._gen and alive(self):
                done(result)

        def fail(exc: BaseException) -> None:
            if gen == self._gen and alive(self):
                present(self, exc)

        self.runner.run(fn, ok, fail)

    def _write(
        self,
        fn: Callable[[], T],
        done: Callable[[T], None],
        what: Changed | Callable[[T], Changed],
    ) -> None:
        """A write: on success ``done`` and the hub (``what`` it changed, or how to tell that
        from its result); on failure the error, and a conflict reloads (someone else changed
        what is shown)."""

        def ok(result: T) -> None:
            done(result)
            hub.publish(what(result) if callable(what) else what)

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

    def _compose(self, cpr: str, context_kind: str, context_ref: str) -> None:
        """Open the correspondence form (MedCom) for the citizen, prefilled by the service for
        what it is about (``context_kind`` and ``context_ref``: a flag, a supply failure)."""
        from dosisdesk.services import correspondence as corr
        from dosisdesk.ui.dialogs.correspondence import ComposeDialog

        ctx, runner = self.ctx, self.runner

        def opened(proposal: Any) -> None:
            dlg = ComposeDialog(ctx, runner, proposal, parent=self)
            dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self._dialog = dlg
            dlg.open()

        self._run(lambda: corr.compose(ctx, cpr, context_kind, context_ref), opened)

    def _ask_csv(self, title: str, file_name: str, export: Callable[[Path], None]) -> None:
        """Ask where to save a CSV file (``file_name`` proposed) and ``export`` there."""
        dlg = QFileDialog(self, title)
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dlg.setNameFilter(self.tr("CSV files (*.csv)"))
        dlg.setDefaultSuffix("csv")
        dlg.selectFile(file_name)
        self._dialog = dlg
        dlg.fileSelected.connect(lambda path: export(Path(path)))
        dlg.finished.connect(self._on_dialog_finished)
        dlg.open()

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        d, self._dialog = self._dialog, None
        if d is not None:
            d.deleteLater()

    # helpers for the filters

    def _team_combo(self) -> QComboBox:
        """A team filter ("All teams" until the look-ups fill it)."""
        combo = QComboBox()
        combo.setAccessibleName(self.tr("Team"))
        combo.addItem(self.tr("All teams"), None)
        self._team_combos.append(combo)
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


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    lab = QLabel(text)
    lab.setBuddy(buddy)
    return lab
