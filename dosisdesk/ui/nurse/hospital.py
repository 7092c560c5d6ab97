"""The card's *Sygehus* tab (R6, R4): a citizen's hospital contacts, whom to call about medicine
(the department with a live countdown while the 72-hour window is open, else the GP), the
after-discharge checklist, and the discharge, extend, pause and resume actions. The dialogs it
opens are in ``ui/dialogs/contact.py``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.calendar import (
    format_day,
    format_long_day,
    format_long_moment,
    format_moment_numeric,
    time_between,
    utc_naive,
)
from dosisdesk.domain.responsibility import (
    Answers,
    DischargeChecklist,
    HospitalStay,
    still_open,
    who_answers,
)
from dosisdesk.domain.text import format_phone
from dosisdesk.domain.types import ContactKind, ResumePlan
from dosisdesk.services import contacts, lookup
from dosisdesk.services.contacts import CHECKLIST_FIELDS, KIND_DA
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ContactDTO
from dosisdesk.ui import errors
from dosisdesk.ui.dialogs.contact import DischargeDialog, ExtendDialog, contact_title
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.forms import (
    ask_yes_no,
    info_box,
    run_guarded,
    set_type_size,
)
from dosisdesk.ui.widgets.labels import WrappedLabel
from dosisdesk.words import countdown

__all__ = ["ContactPanel"]


def _stay_of(c: ContactDTO) -> HospitalStay:
    return HospitalStay(
        c.kind, c.started_at, c.ended_at, c.somatic, c.municipal_nursing, c.extended_until
    )


def contact_times(c: ContactDTO) -> str:
    end = f" – {format_moment_numeric(c.ended_at)}" if c.ended_at else ""
    return f"{format_moment_numeric(c.started_at)}{end}"


@dataclass(frozen=True)
class _PanelData:
    brief: lookup.CitizenBrief
    contacts: tuple[ContactDTO, ...]


class ContactPanel(QWidget):
    """A citizen's hospital contacts, whom to call, the checklist, pause and resume."""

    TICK_MS = 30_000

    # the nurse wants to write to the department (context kind, contact id)
    write_requested = Signal(str, str)

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._runner = runner
        self._cpr: str | None = None
        self._contacts: list[ContactDTO] = []
        self._brief: lookup.CitizenBrief | None = None
        self._busy_checklist = False
        self.last_dialog: QDialog | None = None  # the discharge or extend dialog opened last
        self.setObjectName("contact_panel")
        self._build()
        self.countdown_timer = QTimer(self)
        self.countdown_timer.setInterval(self.TICK_MS)
        self.countdown_timer.timeout.connect(self._on_tick)
        self.countdown_timer.start()

    def _build(self) -> None:
        lay = QVBoxLayout(self)
        self.call_box = QFrame()
        self.call_box.setObjectName("call_box")
        self.call_box.setFrameShape(QFrame.Shape.StyledPanel)
        cb = QVBoxLayout(self.call_box)
        self.call_title = WrappedLabel()
        self.call_title.setObjectName("call_title")
        self.call_who = WrappedLabel()
        self.call_who.setObjectName("call_who")
        self.call_phone = QLabel()
        self.call_phone.setObjectName("call_phone")
        self.call_phone.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.call_phone.setAccessibleName(self.tr("Phone to call"))
        self.countdown_label = QLabel()
        self.countdown_label.setObjectName("countdown_label")
        self.countdown_label.setAccessibleName(self.tr("Time left of the 72 hours"))
        self.until_label = QLabel()
        self.until_label.setObjectName("until_label")
        set_type_size(self.call_title, 11, bold=True)
        set_type_size(self.call_who, 13, bold=True)
        set_type_size(self.call_phone, 26, bold=True)
        set_type_size(self.countdown_label, 14, bold=True)
        set_type_size(self.until_label, 10.5)
        for w in (
            self.call_title,
            self.call_who,
            self.call_phone,
            self.countdown_label,
            self.until_label,
        ):
            cb.addWidget(w)
        lay.addWidget(self.call_box)

        actions = QHBoxLayout()
        self.discharge_button = QPushButton(self.tr("Register &discharge…"))
        self.discharge_button.setObjectName("discharge_button")
        self.extend_button = QPushButton(self.tr("E&xtend window…"))
        self.extend_button.setObjectName("extend_button")
        self.pause_button = QPushButton(self.tr("&Pause dose dispensing"))
        self.pause_button.setObjectName("pause_button")
        self.resume_button = QPushButton(self.tr("&Resume dose dispensing…"))
        self.resume_button.setObjectName("resume_button")
        self.write_button = QPushButton(self.tr("&Write to the department…"))
        self.write_button.setObjectName("write_department")
        self.write_button.setToolTip(
            self.tr(
                "A correspondence message (MedCom); during the 72 hours with the category Extended "
                "care responsibility. Acute matters go by phone."
            )
        )
        self.write_button.clicked.connect(self._on_write_clicked)
        for b in (
            self.discharge_button,
            self.extend_button,
            self.pause_button,
            self.resume_button,
            self.write_button,
        ):
            b.setEnabled(False)
            actions.addWidget(b)
        actions.addStretch(1)
        lay.addLayout(actions)
        self.resume_label = info_box("warn")
        self.resume_label.setObjectName("resume_label")
        self.resume_label.setVisible(False)
        lay.addWidget(self.resume_label)

        row = QHBoxLayout()
        self.contact_list = QListWidget()
        self.contact_list.setObjectName("contact_list")
        self.contact_list.setAccessibleName(self.tr("Hospital contacts"))
        self.contact_list.setMinimumWidth(280)
        self.contact_list.setWordWrap(True)
        self.contact_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row.addWidget(self.contact_list, 3)
        self.checklist_box = QGroupBox(self.tr("After the discharge"))
        self.checklist_box.setObjectName("checklist_box")
        cl = QVBoxLayout(self.checklist_box)
        self.checks: dict[str, QCheckBox] = {}
        for field, label in zip(CHECKLIST_FIELDS, self._checklist_labels(), strict=True):
            cbx = QCheckBox(label)
            cbx.setObjectName(f"check_{field}")
            cbx.setAccessibleName(label)
            cbx.clicked.connect(self._on_checklist_clicked)
            self.checks[field] = cbx
            cl.addWidget(cbx)
        self.checklist_state = WrappedLabel()
        self.checklist_state.setObjectName("checklist_state")
        cl.addWidget(self.checklist_state)
        cl.addStretch(1)
        row.addWidget(self.checklist_box, 2)
        lay.addLayout(row, 1)

        self.contact_list.currentRowChanged.connect(self._on_contact_selected)
        self.discharge_button.clicked.connect(self._on_discharge_clicked)
        self.extend_button.clicked.connect(self._on_extend_clicked)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.resume_button.clicked.connect(self._on_resume_clicked)
        self._show_call_box()
        self._show_checklist()

    def _checklist_labels(self) -> tuple[str, ...]:
        """In the order of ``contacts.CHECKLIST_FIELDS``."""
        return (
            self.tr("Epicrisis received"),
            self.tr("FMK checked"),
            self.tr("Changes registered"),
            self.tr("Dose dispensing resumed, or still paused by decision"),
        )

    # -- data -----------------------------------------------------------------

    def set_citizen(self, cpr: str, contacts: Sequence[ContactDTO]) -> None:
        """Show this citizen's contacts (newest first, as list_contacts gives them)."""
        if cpr != self._cpr:
            self._brief = None
            self.resume_label.setVisible(False)
        self._cpr = cpr
        self._set_contacts(list(contacts))
        ctx = self._ctx
        run_guarded(
            self._runner,
            self,
            lambda: lookup.citizen_brief(ctx, cpr),
            lambda b: self._on_brief(cpr, b),
            self._on_load_failed,
        )

    def reload(self) -> None:
        """Read the citizen's contacts and card again."""
        cpr = self._cpr
        if cpr is None:
            return
        ctx = self._ctx

        def work() -> _PanelData:
            return _PanelData(
                lookup.citizen_brief(ctx, cpr), tuple(contacts.list_contacts(ctx, cpr=cpr))
            )

        run_guarded(
            self._runner, self, work, lambda d: self._on_reloaded(cpr, d), self._on_load_failed
        )

    def _on_brief(self, cpr: str, brief: lookup.CitizenBrief) -> None:
        if cpr != self._cpr:
            return
        self._brief = brief
        self._show_call_box()
        self._update_buttons()

    def _on_reloaded(self, cpr: str, data: _PanelData) -> None:
        if cpr != self._cpr:
            return
        self._brief = data.brief
        self._set_contacts(list(data.contacts))

    def _on_load_failed(self, exc: BaseException) -> None:
        errors.present(self, exc)

    def _set_contacts(self, items: list[ContactDTO]) -> None:
        keep = self.selected_contact()
        self._contacts = items
        self.contact_list.blockSignals(True)
        self.contact_list.clear()
        for c in items:
            item = QListWidgetItem(f"{contact_title(c)}\n{contact_times(c)}")
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.contact_list.addItem(item)
        if not items:
            empty = QListWidgetItem(self.tr("No hospital contacts"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.contact_list.addItem(empty)
        row = next((i for i, c in enumerate(items) if keep and c.id == keep.id), 0)
        self.contact_list.setCurrentRow(row if items else -1)
        self.contact_list.blockSignals(False)
        self._show_call_box()
        self._show_checklist()
        self._update_buttons()

    @property
    def contacts(self) -> list[ContactDTO]:
        return list(self._contacts)

    def selected_contact(self) -> ContactDTO | None:
        row = self.contact_list.currentRow()
        return self._contacts[row] if 0 <= row < len(self._contacts) else None

    def select_contact(self, contact_id: int) -> None:
        for i, c in enumerate(self._contacts):
            if c.id == contact_id:
                self.contact_list.setCurrentRow(i)

    def _replace(self, dto: ContactDTO) -> None:
        self._contacts = [dto if c.id == dto.id else c for c in self._contacts]

    # -- whom to call -------------------------------------------------------

    def open_window(self) -> ContactDTO | None:
        """The contact whose 72-hour window is open now (the one ending last)."""
        now = self._ctx.now()
        open_ = [c for c in self._contacts if still_open(c.responsibility_until, now)]
        return max(open_, key=lambda c: utc_naive(c.responsibility_until or now)) if open_ else None

    def _style_call_box(self, open_: bool) -> None:
        back, edge = ("#fff4e5", "#b26a00") if open_ else ("#eef2f7", "#4a6fa5")
        self.call_box.setStyleSheet(
            f"#call_box {{ background: {back}; border: 2px solid {edge}; border-radius: 6px; }}"
            " QLabel { color: #1b1b1b; }"
        )

    def answers(self) -> tuple[Answers, ContactDTO | None]:
        """Who answers questions about medicine now (domain.responsibility.who_answers)."""
        stays = [_stay_of(c) for c in self._contacts]
        who, i = who_answers(stays, self._ctx.now())
        return who, self._contacts[i] if i is not None else None

    def _show_call_box(self) -> None:
        who, c = self.answers()
        self._style_call_box(who is not Answers.GP)
        if who is Answers.HOSPITAL and c is not None:
            self.call_title.setText(
                self.tr("Admitted · the hospital answers questions about medicine")
            )
            self.call_who.setText(f"{c.hospital}, {c.department}")
            self.call_phone.setText(format_phone(c.phone))
            self.until_label.setText(
                self.tr("Admitted since {when}").format(
                    when=format_long_moment(c.started_at, today=self._ctx.today())
                )
            )
            self.countdown_label.setVisible(False)
            self.until_label.setVisible(True)
            return
        c = self.open_window() if who is Answers.DEPARTMENT else None
        if c is not None and c.responsibility_until is not None:
            self.call_title.setText(
                self.tr("72-hour window open · call the department with questions about medicine")
            )
            self.call_who.setText(f"{c.hospital}, {c.department}")
            self.call_phone.setText(format_phone(c.phone))
            self.until_label.setText(
                self.tr("The department answers until {end}").format(
                    end=format_long_moment(c.responsibility_until, today=self._ctx.today())
                )
            )
            self.countdown_label.setVisible(True)
            self.until_label.setVisible(True)
            self._update_countdown()
            return
        self.countdown_label.setVisible(False)
        self.until_label.setVisible(False)
        self.call_title.setText(self.tr("Call own GP with questions about medicine"))
        gp = self._brief.citizen if self._brief is not None else None
        self.call_who.setText(gp.gp_name if gp and gp.gp_name else self.tr("Own GP"))
        self.call_phone.setText(format_phone(gp.gp_phone) if gp and gp.gp_phone else "—")

    def _update_countdown(self) -> None:
        c = self.open_window()
        if c is None or c.responsibility_until is None:
            return
        left = time_between(self._ctx.now(), c.responsibility_until)
        self.countdown_label.setText(self.tr("{left} left").format(left=countdown(left)))

    @property
    def countdown_text(self) -> str:
        return self.countdown_label.text() if self.countdown_label.isVisibleTo(self) else ""

    @Slot()
    def _on_tick(self) -> None:
        """Every 30 seconds: count down, and route to the GP once the window has closed."""
        self._show_call_box()

    def tick(self) -> None:
        self._on_tick()

    # -- the checklist -------------------------------------------------------

    def _checklist_contact(self) -> ContactDTO | None:
        c = self.selected_contact()
        return c if c is not None and c.ended_at is not None else None

    def _show_checklist(self) -> None:
        c = self._checklist_contact()
        self.checklist_box.setEnabled(c is not None and not self._busy_checklist)
        for field, cbx in self.checks.items():
            cbx.setChecked(bool(getattr(c, field)) if c is not None else False)
        if c is None:
            self.checklist_state.setText(self.tr("For a contact that has ended."))
            return
        state = DischargeChecklist(
            c.epicrisis_received, c.fmk_checked, c.changes_registered, c.dd_decided
        )
        if state.done:
            self.checklist_state.setText(self.tr("Checklist done."))
        else:
            missing = [
                label
                for field, label in zip(CHECKLIST_FIELDS, self._checklist_labels(), strict=True)
                if not getattr(c, field)
            ]
            self.checklist_state.setText(
                self.tr("Missing: {items}").format(items=", ".join(missing))
            )

    @Slot(bool)
    def _on_checklist_clicked(self, checked: bool) -> None:
        c = self._checklist_contact()
        sender = self.sender()
        field = next((f for f, cbx in self.checks.items() if cbx is sender), None)
        if c is None or field is None:
            return
        self._busy_checklist = True
        self.checklist_box.setEnabled(False)
        ctx = self._ctx
        run_guarded(
            self._runner,
            self,
            lambda: contacts.set_checklist(ctx, c.id, c.version, **{field: checked}),
            self._on_checklist_saved,
            self._on_checklist_failed,
        )

    def _on_checklist_saved(self, dto: ContactDTO) -> None:
        self._busy_checklist = False
        self._replace(dto)
        self._show_checklist()
        hub.publish(Changed.contact(dto.citizen_id))

    def _on_checklist_failed(self, exc: BaseException) -> None:
        self._busy_checklist = False
        errors.present(self, exc)
        self._show_checklist()  # back to what is saved
        self.reload()

    # -- actions -----------------------------------------------------------------

    def _update_buttons(self) -> None:
        c = self.selected_contact()
        self.discharge_button.setEnabled(
            c is not None and c.kind is ContactKind.ADMISSION and c.ended_at is None
        )
        self.extend_button.setEnabled(c is not None and c.responsibility_until is not None)
        paused = self._brief.paused if self._brief is not None else None
        self.pause_button.setEnabled(paused is False)
        self.resume_button.setEnabled(paused is True)
        self.write_button.setEnabled(c is not None)

    @Slot()
    def _on_write_clicked(self) -> None:
        c = self.selected_contact()
        if c is not None:
            self.write_requested.emit("contact", str(c.id))

    @Slot(int)
    def _on_contact_selected(self, _row: int) -> None:
        self._show_checklist()
        self._update_buttons()

    def _after_write(self, _id: int = 0) -> None:
        if self._brief is not None:
            hub.publish(Changed.contact(self._brief.citizen.id))
        self.reload()

    @Slot()
    def _on_discharge_clicked(self) -> None:
        self._open_for_selected(DischargeDialog)

    @Slot()
    def _on_extend_clicked(self) -> None:
        self._open_for_selected(ExtendDialog)

    def _open_for_selected(self, kind: type[DischargeDialog] | type[ExtendDialog]) -> None:
        """The discharge or extend dialog for the selected contact; a save reloads the tab."""
        c = self.selected_contact()
        if c is None:
            return
        dialog = kind(self._ctx, self._runner, c, self)
        dialog.contact_saved.connect(self._after_write)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    @Slot()
    def _on_pause_clicked(self) -> None:
        cpr = self._cpr
        if cpr is None:
            return
        c = self.selected_contact()
        reason = (
            f"{KIND_DA[c.kind]}: {c.department}" if c is not None else self.tr("Hospital contact")
        )
        if not ask_yes_no(
            self,
            self.tr("Pause dose dispensing"),
            self.tr(
                "Pause dose dispensing now? Rolls whose deadline passes while "
                "paused are not packed."
            ),
        ):
            return
        ctx = self._ctx
        self.pause_button.setEnabled(False)
        run_guarded(
            self._runner,
            self,
            lambda: contacts.pause_card(ctx, cpr, reason),
            self._after_write,
            self._on_action_failed,
        )

    @Slot()
    def _on_resume_clicked(self) -> None:
        cpr = self._cpr
        if cpr is None:
            return
        ctx = self._ctx
        self.resume_button.setEnabled(False)
        run_guarded(
            self._runner,
            self,
            lambda: contacts.resume_preview(ctx, cpr),
            lambda plan: self._on_resume_preview(cpr, plan),
            self._on_action_failed,
        )

    def resume_text(self, plan: ResumePlan) -> str:
        today = self._ctx.today()
        text = self.tr("The first packed roll starts {day}.").format(
            day=format_long_day(plan.first_packed_period_start, today=today)
        )
        if plan.manual_days:
            days = ", ".join(format_day(d, today=today) for d in plan.manual_days)
            text += (
                " "
                + self.tr("Manual dispensing needed on %n day(s): ", "", len(plan.manual_days))
                + days
                + "."
            )
        else:
            text += " " + self.tr("No days need manual dispensing.")
        return text

    def _on_resume_preview(self, cpr: str, plan: ResumePlan) -> None:
        text = self.resume_text(plan)
        self.resume_label.setText(html.escape(text))
        self.resume_label.setVisible(True)
        if not ask_yes_no(
            self,
            self.tr("Resume dose dispensing"),
            text + "\n\n" + self.tr("Resume dose dispensing now?"),
        ):
            self._update_buttons()
            return
        ctx = self._ctx
        run_guarded(
            self._runner,
            self,
            lambda: contacts.resume_card(ctx, cpr),
            self._on_resumed,
            self._on_action_failed,
        )

    def _on_resumed(self, plan: ResumePlan) -> None:
        self.resume_label.setText(
            "<b>"
            + html.escape(self.tr("Dose dispensing resumed."))
            + "</b> "
            + html.escape(self.resume_text(plan))
        )
        self._after_write()

    @property
    def resume_preview_text(self) -> str:
        return self.resume_label.text() if self.resume_label.isVisibleTo(self) else ""

    def _on_action_failed(self, exc: BaseException) -> None:
        errors.present(self, exc)
        self.reload()
