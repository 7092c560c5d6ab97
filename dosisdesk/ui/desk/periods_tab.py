"""Perioder: a packing group's coming periods, and stretching one (R1, issue 17).

The coordinator chooses the packing group and one of its periods whose deadline is ahead, the new
length (or the new last day), and a note; *Vis hvad der flyttes* asks the stretch service for a
preview (nothing is stored) and lists every open change whose roll or first day changes, old →
new, with the days that may need manual dispensing. Only that preview, for exactly what the form
says, can be confirmed: *Forlæng perioden* stretches and publishes the change. A nurse sees the
periods read-only. The service's refusals (the deadline has passed, a length outside 7–28 days, a
later stretch) are shown under the form in Danish; nothing is stored then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import DosisError, StorageError
from dosisdesk.domain.types import PeriodDTO, PeriodStatus
from dosisdesk.services import periods
from dosisdesk.services.context import Ctx
from dosisdesk.services.periods import GroupDTO, MovedChange, StretchResult
from dosisdesk.ui import texts
from dosisdesk.ui.desk.base import DeskTab, make_table
from dosisdesk.ui.desk.models import ALERT_FG, ListModel
from dosisdesk.ui.errors import present
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.forms import error_label, info_box, show_field_error
from dosisdesk.ui.widgets.table_model import Column

# The lengths a period may be stretched (or shortened) to (R1; the domain checks them too).
MIN_DAYS, MAX_DAYS = 7, 28
# How many coming periods the list shows.
SHOWN = 8


def periods_model(parent: QObject | None = None) -> ListModel[PeriodDTO]:
    return ListModel(
        [
            Column(
                QCoreApplication.translate("coordinator", "Period"),
                lambda p: texts.fmt_span(p.first_day, p.last_day),
            ),
            Column(QCoreApplication.translate("coordinator", "Days"), lambda p: str(p.length_days)),
            Column(
                QCoreApplication.translate("coordinator", "Deadline"),
                lambda p: texts.fmt_day_time(p.deadline),
            ),
            Column(
                QCoreApplication.translate("coordinator", "Delivery"),
                lambda p: texts.fmt_day(p.expected_delivery),
            ),
            Column(
                QCoreApplication.translate("coordinator", "Status"),
                lambda p: texts.period_status_label(p.status),
            ),
            Column(QCoreApplication.translate("coordinator", "Note"), lambda p: p.note),
        ],
        ident=lambda p: int(p.id),
        parent=parent,
    )


def _manual(x: MovedChange) -> str:
    if x.manual_days is None:
        return ""
    a, b = x.manual_days
    return texts.fmt_span(a, b)


def moved_model(parent: QObject | None = None) -> ListModel[MovedChange]:
    return ListModel(
        [
            Column(QCoreApplication.translate("coordinator", "Change"), lambda x: str(x.change_id)),
            Column(QCoreApplication.translate("coordinator", "Citizen"), lambda x: x.citizen_name),
            Column(QCoreApplication.translate("coordinator", "CPR"), lambda x: format_cpr(x.cpr)),
            Column(QCoreApplication.translate("coordinator", "Drug"), lambda x: x.product_label),
            Column(
                QCoreApplication.translate("coordinator", "State"),
                lambda x: texts.state_label(x.state),
            ),
            Column(
                QCoreApplication.translate("coordinator", "First day (old → new)"),
                lambda x: f"{texts.fmt_day(x.old_first_day)} → {texts.fmt_day(x.new_first_day)}",
                bold=lambda x: x.new_first_day != x.old_first_day,
            ),
            Column(
                QCoreApplication.translate("coordinator", "New roll"),
                lambda x: texts.fmt_span(x.new_first_day, x.new_last_day),
            ),
            Column(
                QCoreApplication.translate("coordinator", "May need manual dispensing"),
                _manual,
                fg=lambda x: ALERT_FG if x.manual_days else None,
            ),
        ],
        cpr=lambda x: x.cpr,
        ident=lambda x: x.change_id,
        parent=parent,
    )


@dataclass(frozen=True)
class _Ask:
    """What the form says: the stretch a preview was made for, and may be confirmed."""

    group: str
    first_day: date
    length_days: int
    note: str


class PeriodsTab(DeskTab):
    """The packing groups' periods; a coordinator stretches one after seeing what moves."""

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.group_combo = QComboBox()
        self.group_combo.setObjectName("periodsGroup")
        self.group_combo.setAccessibleName(self.tr("Packing group"))
        self.periods = periods_model(self)
        self.periods_view = make_table("periodsView", self.periods)
        self.periods_view.setAccessibleName(self.tr("Coming periods"))
        for col, width in enumerate((190, 50, 170, 110, 110)):
            self.periods_view.horizontalHeader().resizeSection(col, width)

        # the stretch form
        self.period_label = QLabel()
        self.period_label.setObjectName("stretchPeriod")
        self.period_label.setWordWrap(True)
        self.length_spin = QSpinBox()
        self.length_spin.setObjectName("stretchLength")
        self.length_spin.setAccessibleName(self.tr("New length in days"))
        self.length_spin.setRange(1, 60)  # the service says what is allowed, in Danish
        self.length_spin.setSuffix(self.tr(" days"))
        self.last_day = QDateEdit()
        self.last_day.setObjectName("stretchLastDay")
        self.last_day.setAccessibleName(self.tr("New last day"))
        self.last_day.setCalendarPopup(True)
        self.last_day.setDisplayFormat("dd-MM-yyyy")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("stretchNote")
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.setPlaceholderText(self.tr("Why, e.g. Christmas (shown on the card)"))
        self.form_error = error_label("stretchError")
        self.preview_button = QPushButton(self.tr("Show &what moves"))
        self.preview_button.setObjectName("stretchPreview")
        self.preview_button.setToolTip(
            self.tr("Lists the open changes the stretch would move; nothing is stored")
        )
        self.confirm_button = QPushButton(self.tr("St&retch the period"))
        self.confirm_button.setObjectName("stretchConfirm")
        self.confirm_button.setEnabled(False)
        self.form_box = QGroupBox(self.tr("Stretch a period"))
        form = QFormLayout(self.form_box)
        form.addRow(self.tr("Period:"), self.period_label)
        length_row = QHBoxLayout()
        length_row.addWidget(self.length_spin)
        length_row.addWidget(QLabel(self.tr("last day")))
        length_row.addWidget(self.last_day)
        length_row.addStretch(1)
        length_label = QLabel(self.tr("New &length:"))
        length_label.setBuddy(self.length_spin)
        form.addRow(length_label, length_row)
        note_label = QLabel(self.tr("No&te:"))
        note_label.setBuddy(self.note_edit)
        form.addRow(note_label, self.note_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.confirm_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        form.addRow("", self.form_error)

        # what moves
        self.result_label = info_box("info")
        self.result_label.setObjectName("stretchResult")
        self.result_label.setAccessibleName(self.tr("What the stretch moves"))
        self.result_label.setVisible(False)
        self.moved = moved_model(self)
        self.moved_view = make_table("movedView", self.moved)
        self.moved_view.setAccessibleName(self.tr("Open changes the stretch moves"))
        for col, width in enumerate((70, 170, 100, 190, 100, 240, 210)):
            self.moved_view.horizontalHeader().resizeSection(col, width)

        top = QHBoxLayout()
        group_label = QLabel(self.tr("Packing &group:"))
        group_label.setBuddy(self.group_combo)
        self.group_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        top.addWidget(group_label)
        top.addWidget(self.group_combo)
        top.addStretch(1)
        # above: the periods and the form side by side; below: what the stretch moves
        upper = QWidget()
        upper_lay = QHBoxLayout(upper)
        upper_lay.setContentsMargins(0, 0, 0, 0)
        upper_lay.addWidget(self.periods_view, 3)
        upper_lay.addWidget(self.form_box, 2)
        lower = QWidget()
        lower_lay = QVBoxLayout(lower)
        lower_lay.setContentsMargins(0, 0, 0, 0)
        lower_lay.addWidget(self.result_label)
        lower_lay.addWidget(self.moved_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)

        self._groups: list[GroupDTO] = []
        self._period: PeriodDTO | None = None
        self._previewed: _Ask | None = None
        self._busy = False
        self._syncing = False
        self._preselecting = False  # the tab, not the coordinator, is choosing a period
        self._chosen_by_user = False
        self.group_combo.currentIndexChanged.connect(self._on_group_changed)
        self.periods_view.selectionModel().currentRowChanged.connect(self._on_period_chosen)
        self.length_spin.valueChanged.connect(self._on_length_changed)
        self.last_day.dateChanged.connect(self._on_last_day_changed)
        self.note_edit.textChanged.connect(self._on_form_edited)
        self.preview_button.clicked.connect(self.preview)
        self.confirm_button.clicked.connect(self.confirm)
        self.moved_view.activated.connect(lambda _i: self._open_selected(self.moved_view))
        self._set_form_enabled()
        if self.read_only:
            self.form_box.setToolTip(self.tr("Stretching a period is for medicine coordinators."))

    def interested(self, what: Changed) -> bool:
        return what.everything or what.queue

    # -- loading ------------------------------------------------------------------

    def _load(self) -> None:
        ctx = self.ctx
        group = self._group_ref()

        def job() -> tuple[list[GroupDTO], list[PeriodDTO]]:
            groups = periods.groups(ctx)
            ref = group or (str(groups[0].id) if groups else None)
            return groups, (periods.list_periods(ctx, ref, count=SHOWN) if ref else [])

        self._run(job, self._show)

    def _show(self, result: tuple[list[GroupDTO], list[PeriodDTO]]) -> None:
        groups, rows = result
        if [g.id for g in groups] != [g.id for g in self._groups]:
            self._groups = groups
            keep = self.group_combo.currentData()
            self.group_combo.blockSignals(True)
            self.group_combo.clear()
            for g in groups:
                self.group_combo.addItem(f"{g.pharmacy} / {g.name}", g.id)
            i = self.group_combo.findData(keep)
            self.group_combo.setCurrentIndex(max(i, 0))
            self.group_combo.blockSignals(False)
        # A period the coordinator chose stays chosen; one the tab chose is chosen again: the
        # first that can still be stretched now (the last one's deadline may have passed).
        keep_day = self._period.first_day if self._period and self._chosen_by_user else None
        self.periods.set_rows(rows)
        row = next((i for i, p in enumerate(rows) if p.first_day == keep_day), -1)
        self._chosen_by_user = row >= 0
        if row < 0:
            row = next((i for i, p in enumerate(rows) if self._can_stretch(p)), -1)
        if row >= 0:
            self._preselecting = True
            self.periods_view.selectRow(row)
            self._preselecting = False
        else:
            self._choose(None)
        self.loaded.emit()

    def _group_ref(self) -> str | None:
        gid = self.group_combo.currentData()
        return str(gid) if gid is not None else None

    @Slot(int)
    def _on_group_changed(self, _index: int) -> None:
        self._period = None
        self._clear_result()
        self.refresh()

    # -- the form -------------------------------------------------------------------

    def _can_stretch(self, p: PeriodDTO) -> bool:
        return p.status is PeriodStatus.PLANNED and p.deadline > self.ctx.now()

    @Slot(QModelIndex, QModelIndex)
    def _on_period_chosen(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if not self._preselecting:
            self._chosen_by_user = current.isValid()
        self._choose(self.periods.row(current.row()) if current.isValid() else None)

    def _choose(self, p: PeriodDTO | None) -> None:
        changed = p is None or self._period is None or p.first_day != self._period.first_day
        self._period = p
        if p is None:
            self.period_label.setText(self.tr("Choose a period in the list."))
        else:
            self.period_label.setText(
                self.tr("{span} ({days} days, deadline {deadline})").format(
                    span=texts.fmt_span(p.first_day, p.last_day),
                    days=p.length_days,
                    deadline=texts.fmt_day_time(p.deadline),
                )
            )
            if changed:
                self._syncing = True
                self.last_day.setMinimumDate(texts.qdate(p.first_day))
                self.length_spin.setValue(p.length_days)
                self.last_day.setDate(texts.qdate(p.last_day))
                self._syncing = False
        if changed:
            self._clear_result()
        self._set_form_enabled()

    @Slot(int)
    def _on_length_changed(self, days: int) -> None:
        if self._syncing or self._period is None:
            return
        self._syncing = True
        self.last_day.setDate(texts.qdate(self._period.first_day + timedelta(days=days - 1)))
        self._syncing = False
        self._on_form_edited()

    @Slot()
    def _on_last_day_changed(self) -> None:
        if self._syncing or self._period is None:
            return
        days = (texts.pydate(self.last_day.date()) - self._period.first_day).days + 1
        self._syncing = True
        self.length_spin.setValue(days)
        self._syncing = False
        self._on_form_edited()

    @Slot()
    def _on_form_edited(self) -> None:
        # a preview holds only for what it was made for
        if self._previewed is not None and self._ask() != self._previewed:
            self._previewed = None
            self.result_label.setText(
                self.tr("The form has changed: show what moves again before stretching.")
            )
        show_field_error(self.length_spin, self.form_error, None)
        self._set_form_enabled()

    def _ask(self) -> _Ask | None:
        group = self._group_ref()
        if group is None or self._period is None:
            return None
        return _Ask(group, self._period.first_day, self.length_spin.value(), self.note_edit.text())

    def _set_form_enabled(self) -> None:
        can = not self.read_only and self._period is not None and not self._busy
        for w in (self.length_spin, self.last_day, self.note_edit, self.preview_button):
            w.setEnabled(can)
        self.confirm_button.setEnabled(
            can and self._previewed is not None and self._previewed == self._ask()
        )

    def _clear_result(self) -> None:
        self._previewed = None
        self.moved.set_rows([])
        self.result_label.setVisible(False)
        show_field_error(self.length_spin, self.form_error, None)

    # -- preview and stretch -----------------------------------------------------------

    @Slot()
    def preview(self) -> None:
        """Ask the stretch service what the stretch would move (nothing is stored)."""
        self._stretch(preview=True)

    @Slot()
    def confirm(self) -> None:
        """Stretch the period the preview was made for."""
        if self._previewed is None or self._previewed != self._ask():
            return
        self._stretch(preview=False)

    def _stretch(self, *, preview: bool) -> None:
        ask = self._ask()
        if self.read_only or ask is None or self._busy:
            return
        ctx = self.ctx
        self._busy = True
        self._set_form_enabled()
        show_field_error(self.length_spin, self.form_error, None)

        def job() -> StretchResult:
            return periods.stretch_period(
                ctx, ask.group, ask.first_day, ask.length_days, ask.note, preview=preview
            )

        self.runner.run(job, lambda r: self._on_stretched(ask, r), self._on_refused)

    def _on_stretched(self, ask: _Ask, result: StretchResult) -> None:
        self._busy = False
        self.moved.set_rows(list(result.moved))
        n = len(result.moved)
        later = sum(1 for x in result.moved if x.new_first_day != x.old_first_day)
        manual = sum(1 for x in result.moved if x.manual_days)
        if result.preview:
            self._previewed = ask
            head = self.tr("Preview: nothing is stored yet.")
        else:
            self._previewed = None
            head = self.tr("The period is stretched.")
        if n:
            body = (
                self.tr(
                    "%1 open change(s) change roll or first day; %2 move to a later first "
                    "day, %3 with days that may need manual dispensing."
                )
                .replace("%1", str(n))
                .replace("%2", str(later))
                .replace("%3", str(manual))
            )
        else:
            body = self.tr("No open change changes roll or first day.")
        tail = (
            self.tr("Check the list, then stretch the period.")
            if result.preview
            else self.tr("The cards, the queue and the handover show the new days.")
        )
        self.result_label.setText(f"<b>{head}</b><br>{body}<br>{tail}")
        self.result_label.setVisible(True)
        self._set_form_enabled()
        if not result.preview:
            self.notice.emit(
                self.tr("Period stretched: %1 open change(s) moved").replace("%1", str(n))
            )
            hub.publish(Changed.stretch(*{x.citizen_id for x in result.moved}))
        self.loaded.emit()

    def _on_refused(self, exc: BaseException) -> None:
        self._busy = False
        self._previewed = None
        self._set_form_enabled()
        if isinstance(exc, DosisError) and not isinstance(exc, StorageError):
            # the deadline has passed, a length outside the rule, a later stretch: in Danish,
            # under the form; nothing is stored
            show_field_error(self.length_spin, self.form_error, exc.message)
            self.moved.set_rows([])
            self.result_label.setVisible(False)
            self.loaded.emit()
            if "deadline" in exc.english:
                self.refresh()  # the period's status has changed since the list was loaded
        else:
            present(self, exc)

    @property
    def error_text(self) -> str:
        return self.form_error.text() if not self.form_error.isHidden() else ""

    @property
    def result_text(self) -> str:
        return self.result_label.text() if not self.result_label.isHidden() else ""
