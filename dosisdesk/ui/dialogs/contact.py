"""Hospital contacts (R6) and pausing/resuming dose dispensing (R4).

``ContactDialog`` registers an admission, outpatient or acute outpatient contact (pausing the card
on admission). ``DischargeDialog`` records the discharge and shows, as it is typed, whether the
72-hour responsibility applies and when it ends. ``ContactPanel`` shows a citizen's contacts,
whom to call about medicine (the department with a live countdown while the window is open, else
the GP), the after-discharge checklist, and the discharge, extend, pause and resume actions.

Size: the contact dialog, the hospital panel of the card (72-hour window, checklist, pause and
resume) and the small discharge and extension dialogs it opens.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.calendar import (
    format_day,
    format_long_day,
    format_long_moment,
    format_moment,
    format_moment_numeric,
)
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import ConflictError, DosisError, StorageError
from dosisdesk.domain.responsibility import (
    MIN_ADMISSION,
    Answers,
    DischargeChecklist,
    HospitalStay,
    responsibility_until,
    who_answers,
)
from dosisdesk.domain.text import format_phone
from dosisdesk.domain.types import ContactKind, ResumePlan
from dosisdesk.services import contacts, lookup
from dosisdesk.services.contacts import CHECKLIST_FIELDS, KIND_DA, ContactRequest
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ContactDTO
from dosisdesk.ui import errors, texts
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.forms import (
    ERROR_RED,
    ask_yes_no,
    error_label,
    fit_to_contents,
    from_qdatetime,
    info_box,
    make_datetime_edit,
    run_guarded,
    set_type_size,
    show_field_error,
)
from dosisdesk.words import countdown

__all__ = ["ContactDialog", "ContactPanel", "DischargeDialog", "ExtendDialog"]

HOSPITAL_PRESETS = (
    "Aarhus Universitetshospital",
    "Aalborg Universitetshospital",
    "Bispebjerg Hospital",
    "Herlev Hospital",
    "Hvidovre Hospital",
    "Odense Universitetshospital",
    "Regionshospitalet Gødstrup",
    "Regionshospitalet Randers",
    "Rigshospitalet",
    "Sjællands Universitetshospital",
    "Sygehus Lillebælt",
    "Sygehus Sønderjylland",
)
PHONE_CHARS = set("0123456789 +-()")


def phone_problem(phone: str, tr: Callable[[str], str]) -> str | None:
    """Why a department phone number cannot be used (or None)."""
    text = phone.strip()
    if not text:
        return tr("Enter the department's phone number.")
    if any(ch not in PHONE_CHARS for ch in text):
        return tr("A phone number has only digits, spaces and +.")
    if sum(ch.isdigit() for ch in text) < 8:
        return tr("The phone number needs at least 8 digits.")
    return None


def contact_title(c: ContactDTO) -> str:
    """``Indlæggelse · Aarhus Universitetshospital, Kardiologi``."""
    return f"{texts.contact_kind_label(c.kind)} · {c.hospital}, {c.department}"


def _stay_of(c: ContactDTO) -> HospitalStay:
    return HospitalStay(
        c.kind, c.started_at, c.ended_at, c.somatic, c.municipal_nursing, c.extended_until
    )


def contact_times(c: ContactDTO) -> str:
    end = f" – {format_moment_numeric(c.ended_at)}" if c.ended_at else ""
    return f"{format_moment_numeric(c.started_at)}{end}"


class _Form(QDialog):
    """Shared dialog chrome: a banner for errors, Save/Cancel, Ctrl+Enter, Escape asks."""

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._runner = runner
        self._dirty = False
        self._quiet = 0
        self._saving = False
        self.outer = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setObjectName("header")
        self.header.setWordWrap(True)
        set_type_size(self.header, 12, bold=True)
        self.outer.addWidget(self.header)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.outer.addLayout(self.form)
        self.banner = error_label("banner")
        self.banner.setStyleSheet(f"color: {ERROR_RED}; font-weight: bold;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save_button")
        self.save_button.setToolTip(self.tr("Save (Ctrl+Enter)"))
        for b in self.buttons.buttons():
            if isinstance(b, QPushButton):
                b.setAutoDefault(False)
                b.setDefault(False)
        self.buttons.accepted.connect(self._on_save_requested)
        self.buttons.rejected.connect(self.reject)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, self._on_save_requested)

    def _run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        run_guarded(self._runner, self, fn, on_done, on_error)

    def _finish_layout(self) -> None:
        self.outer.addStretch(1)
        self.outer.addWidget(self.banner)
        self.outer.addWidget(self.buttons)

    def _field(self, label: str, widget: QWidget, error: QLabel | None = None) -> QWidget:
        """Add a row (the field, and its message under it); returns the row's widget."""
        if error is None:
            self.form.addRow(label, widget)
            return widget
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(widget)
        lay.addWidget(error)
        self.form.addRow(label, box)
        return box

    def _touch(self) -> None:
        if not self._quiet:
            self._dirty = True

    @Slot()
    def _on_touched(self) -> None:
        self._touch()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _show_banner(self, text: str | None) -> None:
        self.banner.setText(text or "")
        self.banner.setVisible(bool(text))
        fit_to_contents(self)

    def _start_save(self) -> None:
        self._saving = True
        self.save_button.setEnabled(False)
        self._show_banner(None)

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, DosisError) and not isinstance(exc, ConflictError | StorageError):
            self._show_banner(exc.message)
        else:
            errors.present(self, exc)
            self._show_banner(self.tr("Nothing has been saved. What you typed is still here."))

    @Slot()
    def _on_save_requested(self) -> None:
        raise NotImplementedError

    def reject(self) -> None:
        if self._saving:
            return
        if self._dirty and not ask_yes_no(
            self,
            self.tr("Discard what you typed?"),
            self.tr("What you typed is not saved. Close and discard it?"),
        ):
            return
        super().reject()


def _somatic_choice(
    parent: QWidget, somatic: bool
) -> tuple[QWidget, QRadioButton, QRadioButton, QButtonGroup]:
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    # A module function: name the context, or the lookup happens in the caller's class and
    # finds nothing ("Somatic / Psychiatric" stayed English).
    rb_som = QRadioButton(QCoreApplication.translate("ContactForm", "So&matic"))
    rb_som.setObjectName("somatic_radio")
    rb_psy = QRadioButton(QCoreApplication.translate("ContactForm", "Ps&ychiatric"))
    rb_psy.setObjectName("psychiatric_radio")
    group = QButtonGroup(box)
    group.addButton(rb_som)
    group.addButton(rb_psy)
    (rb_som if somatic else rb_psy).setChecked(True)
    lay.addWidget(rb_som)
    lay.addWidget(rb_psy)
    lay.addStretch(1)
    return box, rb_som, rb_psy, group


# ---------------------------------------------------------------------------
# A new contact
# ---------------------------------------------------------------------------


class ContactDialog(_Form):
    """Register an admission, an outpatient or an acute outpatient contact."""

    contact_saved = Signal(int)

    def __init__(self, ctx: Ctx, runner: Runner, cpr: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self._cpr = cpr
        self.setWindowTitle(self.tr("Register a hospital contact"))
        self.setObjectName("contact_dialog")
        self.header.setText(self.tr("Hospital contact"))

        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kind_combo")
        self.kind_combo.setAccessibleName(self.tr("Kind of contact"))
        for k in ContactKind:
            self.kind_combo.addItem(texts.contact_kind_label(k), k.value)
        self._field(self.tr("&Kind:"), self.kind_combo)

        self.hospital_edit = QLineEdit()
        self.hospital_edit.setObjectName("hospital_edit")
        self.hospital_edit.setAccessibleName(self.tr("Hospital"))
        completer = QCompleter(list(HOSPITAL_PRESETS), self.hospital_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.hospital_edit.setCompleter(completer)
        self.hospital_error = error_label("hospital_error")
        self._field(self.tr("&Hospital:"), self.hospital_edit, self.hospital_error)

        self.department_edit = QLineEdit()
        self.department_edit.setObjectName("department_edit")
        self.department_edit.setAccessibleName(self.tr("Department"))
        self.department_edit.setPlaceholderText(self.tr("e.g. Kardiologisk afdeling"))
        self.department_error = error_label("department_error")
        self._field(self.tr("&Department:"), self.department_edit, self.department_error)

        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("phone_edit")
        self.phone_edit.setAccessibleName(self.tr("The department's phone"))
        self.phone_edit.setPlaceholderText("78 45 00 00")
        self.phone_error = error_label("phone_error")
        self._field(self.tr("Department's &phone:"), self.phone_edit, self.phone_error)

        self.started_edit = make_datetime_edit("started_edit", self.tr("Start"), ctx.now())
        self.started_error = error_label("started_error")
        self._field(self.tr("&Start:"), self.started_edit, self.started_error)

        end_row = QWidget()
        el = QHBoxLayout(end_row)
        el.setContentsMargins(0, 0, 0, 0)
        self.ended_check = QCheckBox(self.tr("&Ended"))
        self.ended_check.setObjectName("ended_check")
        self.ended_edit = make_datetime_edit("ended_edit", self.tr("End"), ctx.now())
        self.ended_edit.setEnabled(False)
        el.addWidget(self.ended_check)
        el.addWidget(self.ended_edit, 1)
        self.ended_error = error_label("ended_error")
        self._end_row = self._field(self.tr("End:"), end_row, self.ended_error)

        somatic, self.somatic_radio, self.psychiatric_radio, self._somatic_group = _somatic_choice(
            self, True
        )
        self._field(self.tr("Somatic or psychiatric:"), somatic)

        self.pause_check = QCheckBox(self.tr("P&ause dose dispensing"))
        self.pause_check.setObjectName("pause_check")
        self.pause_check.setAccessibleName(self.tr("Pause dose dispensing"))
        self.pause_check.setChecked(True)
        self.form.addRow("", self.pause_check)
        self.changes_check = QCheckBox(self.tr("The hospital &changed the dose-dispensed medicine"))
        self.changes_check.setObjectName("changes_check")
        self.form.addRow("", self.changes_check)

        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("note_edit")
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(60)
        self._field(self.tr("&Note:"), self.note_edit)
        self._finish_layout()

        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.hospital_edit.textEdited.connect(self._on_text_edited)
        self.department_edit.textEdited.connect(self._on_text_edited)
        self.phone_edit.textChanged.connect(self._on_phone_changed)
        self.started_edit.dateTimeChanged.connect(self._on_time_changed)
        self.ended_edit.dateTimeChanged.connect(self._on_time_changed)
        self.ended_check.toggled.connect(self._on_ended_toggled)
        for w in (self.pause_check, self.changes_check, self.somatic_radio):
            w.toggled.connect(self._on_touched)
        self.note_edit.textChanged.connect(self._on_touched)
        self._apply_kind()
        self.setMinimumWidth(480)
        self._run(lambda: lookup.citizen_brief(ctx, cpr), self._on_brief, self._on_brief_failed)

    def _on_brief(self, brief: lookup.CitizenBrief) -> None:
        c = brief.citizen
        text = f"{html.escape(c.name)} · {format_cpr(c.cpr)}"
        if brief.paused:
            text += " · " + html.escape(self.tr("dose dispensing is already paused"))
        self.header.setText(text)

    def _on_brief_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DosisError):
            self._show_banner(exc.message)
        else:
            errors.present(self, exc)

    def current_kind(self) -> ContactKind:
        return ContactKind(self.kind_combo.currentData())

    def _apply_kind(self) -> None:
        admission = self.current_kind() is ContactKind.ADMISSION
        self._quiet += 1
        self.pause_check.setChecked(admission)
        self._quiet -= 1
        self.form.setRowVisible(self._end_row, not admission)
        fit_to_contents(self)

    @Slot(int)
    def _on_kind_changed(self, _index: int) -> None:
        self._touch()
        self._apply_kind()

    @Slot(str)
    def _on_text_edited(self, _text: str) -> None:
        self._touch()
        if self.hospital_edit.text().strip():
            show_field_error(self.hospital_edit, self.hospital_error, None)
        if self.department_edit.text().strip():
            show_field_error(self.department_edit, self.department_error, None)

    @Slot(str)
    def _on_phone_changed(self, text: str) -> None:
        self._touch()
        problem = phone_problem(text, self.tr) if text.strip() else None
        show_field_error(self.phone_edit, self.phone_error, problem)

    @Slot(bool)
    def _on_ended_toggled(self, on: bool) -> None:
        self._touch()
        self.ended_edit.setEnabled(on)
        self._check_times()

    @Slot(QDateTime)
    def _on_time_changed(self, _value: QDateTime) -> None:
        self._touch()
        self._check_times()

    def _check_times(self) -> bool:
        now = self._ctx.now() + timedelta(minutes=1)
        start = from_qdatetime(self.started_edit.dateTime())
        msg = self.tr("The start is in the future.") if start > now else None
        show_field_error(self.started_edit, self.started_error, msg)
        end_msg = None
        if self.ended_check.isChecked() and self.current_kind() is not ContactKind.ADMISSION:
            end = from_qdatetime(self.ended_edit.dateTime())
            if end > now:
                end_msg = self.tr("The end is in the future.")
            elif end < start:
                end_msg = self.tr("The end is before the start.")
        show_field_error(self.ended_edit, self.ended_error, end_msg)
        return msg is None and end_msg is None

    def build_request(self) -> ContactRequest | None:
        bad: list[QWidget] = []
        hospital = self.hospital_edit.text().strip()
        department = self.department_edit.text().strip()
        show_field_error(
            self.hospital_edit,
            self.hospital_error,
            None if hospital else self.tr("Enter the hospital."),
        )
        if not hospital:
            bad.append(self.hospital_edit)
        show_field_error(
            self.department_edit,
            self.department_error,
            None if department else self.tr("Enter the department."),
        )
        if not department:
            bad.append(self.department_edit)
        problem = phone_problem(self.phone_edit.text(), self.tr)
        show_field_error(self.phone_edit, self.phone_error, problem)
        if problem:
            bad.append(self.phone_edit)
        if not self._check_times():
            bad.append(self.started_edit)
        if bad:
            self._show_banner(self.tr("Check the marked fields. Nothing has been saved."))
            bad[0].setFocus()
            return None
        kind = self.current_kind()
        ended = (
            from_qdatetime(self.ended_edit.dateTime())
            if kind is not ContactKind.ADMISSION and self.ended_check.isChecked()
            else None
        )
        return ContactRequest(
            cpr=self._cpr,
            kind=kind,
            hospital=hospital,
            department=department,
            phone=self.phone_edit.text().strip(),
            started_at=from_qdatetime(self.started_edit.dateTime()),
            ended_at=ended,
            somatic=self.somatic_radio.isChecked(),
            pause_card=self.pause_check.isChecked(),
            dd_changes=self.changes_check.isChecked(),
            note=self.note_edit.toPlainText().strip(),
        )

    @Slot()
    def _on_save_requested(self) -> None:
        if self._saving:
            return
        req = self.build_request()
        if req is None:
            return
        self._start_save()
        ctx = self._ctx
        self._run(lambda: contacts.add_contact(ctx, req), self._on_saved, self._save_failed)

    def _on_saved(self, dto: ContactDTO) -> None:
        self._saving = False
        self.contact_saved.emit(dto.id)
        hub.publish(Changed.contact(dto.citizen_id))
        self.accept()


# ---------------------------------------------------------------------------
# Discharge and extension
# ---------------------------------------------------------------------------


class DischargeDialog(_Form):
    """Record a discharge; shows live whether the 72 hours apply and when the window ends."""

    contact_saved = Signal(int)

    def __init__(
        self, ctx: Ctx, runner: Runner, contact: ContactDTO, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, runner, parent)
        self._contact = contact
        self.setWindowTitle(self.tr("Register discharge"))
        self.setObjectName("discharge_dialog")
        self.header.setText(html.escape(f"{contact.citizen_name} · {contact_title(contact)}"))
        since = QLabel(self.tr("Admitted {when}").format(when=format_moment(contact.started_at)))
        self.form.addRow("", since)
        self.ended_edit = make_datetime_edit("ended_edit", self.tr("Discharge time"), ctx.now())
        self.ended_error = error_label("ended_error")
        self._field(self.tr("&Discharged:"), self.ended_edit, self.ended_error)
        # Somatic or psychiatric was said at the admission: shown, not asked again.
        self.somatic_label = QLabel(
            self.tr("Somatic (said at the admission)")
            if contact.somatic
            else self.tr("Psychiatric (said at the admission)")
        )
        self.somatic_label.setObjectName("somatic_label")
        self.form.addRow(self.tr("Admission:"), self.somatic_label)
        self.nursing_check = QCheckBox(self.tr("Discharged to municipal &nursing"))
        self.nursing_check.setObjectName("nursing_check")
        self.nursing_check.setChecked(contact.municipal_nursing)
        self.form.addRow("", self.nursing_check)
        self.window_label = info_box("info")
        self.window_label.setObjectName("window_label")
        self.window_label.setAccessibleName(self.tr("The 72-hour responsibility"))
        self.outer.addWidget(self.window_label)
        self._finish_layout()
        self.ended_edit.dateTimeChanged.connect(self._on_input_changed)
        self.nursing_check.toggled.connect(self._on_input_changed)
        self.setMinimumWidth(480)
        self._update_window()

    @property
    def window_text(self) -> str:
        return self.window_label.text()

    @Slot()
    def _on_input_changed(self) -> None:
        self._touch()
        self._update_window()

    def _stay(self) -> HospitalStay | None:
        ended = from_qdatetime(self.ended_edit.dateTime())
        if ended < self._contact.started_at:
            return None
        return HospitalStay(
            self._contact.kind,
            self._contact.started_at,
            ended,
            self._contact.somatic,
            self.nursing_check.isChecked(),
            self._contact.extended_until,
        )

    def _check_time(self) -> str | None:
        ended = from_qdatetime(self.ended_edit.dateTime())
        msg = None
        if ended > self._ctx.now() + timedelta(minutes=1):
            msg = self.tr("The discharge is in the future.")
        elif ended < self._contact.started_at:
            msg = self.tr("The discharge is before the admission ({when}).").format(
                when=format_moment(self._contact.started_at)
            )
        show_field_error(self.ended_edit, self.ended_error, msg)
        return msg

    def _update_window(self) -> None:
        self._check_time()
        stay = self._stay()
        if stay is None:
            self.window_label.setText(self.tr("Enter a discharge time after the admission."))
            return
        until = responsibility_until(stay)
        if until is not None:
            text = "<b>" + html.escape(self.tr("The 72-hour responsibility applies.")) + "</b> "
            text += html.escape(
                self.tr("Call {department} ({phone}) about medicine until {end}.").format(
                    department=self._contact.department,
                    phone=format_phone(self._contact.phone),
                    end=format_long_moment(until, today=self._ctx.today()),
                )
            )
        else:
            reasons: list[str] = []
            if stay.kind is not ContactKind.ADMISSION:
                reasons.append(self.tr("it was not an admission"))
            if not stay.somatic:
                reasons.append(self.tr("the admission was psychiatric"))
            if not stay.municipal_nursing:
                reasons.append(self.tr("not discharged to municipal nursing"))
            if stay.duration is not None and stay.duration < MIN_ADMISSION:
                hours = int(stay.duration.total_seconds() // 3600)
                reasons.append(
                    self.tr("the stay was shorter than 24 hours (%n hour(s))", "", hours)
                )
            text = (
                "<b>"
                + html.escape(self.tr("The 72 hours do not apply:"))
                + "</b> "
                + html.escape("; ".join(reasons))
                + ". "
                + html.escape(self.tr("Call the GP with questions about medicine."))
            )
        self.window_label.setText(text)
        fit_to_contents(self)

    @Slot()
    def _on_save_requested(self) -> None:
        if self._saving:
            return
        if self._check_time():
            self._show_banner(self.tr("Check the marked fields. Nothing has been saved."))
            self.ended_edit.setFocus()
            return
        self._start_save()
        ctx, c = self._ctx, self._contact
        ended = from_qdatetime(self.ended_edit.dateTime())
        nursing = self.nursing_check.isChecked()
        run_guarded(
            self._runner,
            self,
            lambda: contacts.discharge(ctx, c.id, c.version, ended, municipal_nursing=nursing),
            self._on_saved,
            self._on_failed,
        )

    def _on_failed(self, exc: BaseException) -> None:
        self._save_failed(exc)
        if isinstance(exc, ConflictError):
            ctx, c = self._ctx, self._contact
            self._run(
                lambda: _reload_contact(ctx, c),
                self._on_reloaded,
                lambda e: errors.present(self, e),
            )

    def _on_reloaded(self, fresh: ContactDTO | None) -> None:
        if fresh is None:
            return
        self._contact = fresh
        if fresh.ended_at is not None:
            self._show_banner(
                self.tr(
                    "Someone else registered the discharge {when}. Check it "
                    "and save again, or cancel."
                ).format(when=format_moment(fresh.ended_at))
            )

    def _on_saved(self, dto: ContactDTO) -> None:
        self._saving = False
        self.contact_saved.emit(dto.id)
        hub.publish(Changed.contact(dto.citizen_id))
        self.accept()


class ExtendDialog(_Form):
    """The hospital sets a later end of its responsibility."""

    contact_saved = Signal(int)

    def __init__(
        self, ctx: Ctx, runner: Runner, contact: ContactDTO, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, runner, parent)
        self._contact = contact
        self.setWindowTitle(self.tr("Extend the 72-hour window"))
        self.header.setText(html.escape(contact_title(contact)))
        current = contact.responsibility_until
        if current is not None:
            self.form.addRow(
                self.tr("Now ends:"), QLabel(format_long_moment(current, today=ctx.today()))
            )
        start = (current or ctx.now()) + timedelta(days=1)
        self.until_edit = make_datetime_edit("until_edit", self.tr("New end"), start)
        self.until_error = error_label("until_error")
        self._field(self.tr("&New end:"), self.until_edit, self.until_error)
        self._finish_layout()
        self.until_edit.dateTimeChanged.connect(self._on_touched)
        self.setMinimumWidth(420)

    @Slot()
    def _on_save_requested(self) -> None:
        if self._saving:
            return
        until = from_qdatetime(self.until_edit.dateTime())
        current = self._contact.responsibility_until
        if current is not None and until <= current:
            show_field_error(
                self.until_edit,
                self.until_error,
                self.tr("The new end must be later than the current one."),
            )
            return
        show_field_error(self.until_edit, self.until_error, None)
        self._start_save()
        ctx, c = self._ctx, self._contact
        self._run(
            lambda: contacts.extend(ctx, c.id, c.version, until), self._on_saved, self._save_failed
        )

    def _on_saved(self, dto: ContactDTO) -> None:
        self._saving = False
        self.contact_saved.emit(dto.id)
        hub.publish(Changed.contact(dto.citizen_id))
        self.accept()


def _reload_contact(ctx: Ctx, c: ContactDTO) -> ContactDTO | None:
    for fresh in contacts.list_contacts(ctx, cpr=c.cpr):
        if fresh.id == c.id:
            return fresh
    return None


# ---------------------------------------------------------------------------
# The panel
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _PanelData:
    brief: lookup.CitizenBrief
    contacts: tuple[ContactDTO, ...]


class ContactPanel(QWidget):
    """A citizen's hospital contacts, whom to call, the checklist, pause and resume."""

    TICK_MS = 30_000

    #: the nurse wants to write to the department (context kind, contact id)
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
        self.call_title = QLabel()
        self.call_title.setObjectName("call_title")
        self.call_title.setWordWrap(True)
        self.call_who = QLabel()
        self.call_who.setObjectName("call_who")
        self.call_who.setWordWrap(True)
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
        self.checklist_state = QLabel()
        self.checklist_state.setObjectName("checklist_state")
        self.checklist_state.setWordWrap(True)
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

    def _run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        run_guarded(self._runner, self, fn, on_done, on_error)

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
        self._run(
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

        self._run(work, lambda d: self._on_reloaded(cpr, d), self._on_load_failed)

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
        open_ = [
            c
            for c in self._contacts
            if c.responsibility_until is not None and now < c.responsibility_until
        ]
        return max(open_, key=lambda c: c.responsibility_until or now) if open_ else None

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
        left = c.responsibility_until - self._ctx.now()
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
        self._run(
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
        c = self.selected_contact()
        if c is None:
            return
        dialog = DischargeDialog(self._ctx, self._runner, c, self)
        dialog.contact_saved.connect(self._after_write)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    @Slot()
    def _on_extend_clicked(self) -> None:
        c = self.selected_contact()
        if c is None:
            return
        dialog = ExtendDialog(self._ctx, self._runner, c, self)
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
        self._run(
            lambda: contacts.pause_card(ctx, cpr, reason), self._after_write, self._on_action_failed
        )

    @Slot()
    def _on_resume_clicked(self) -> None:
        cpr = self._cpr
        if cpr is None:
            return
        ctx = self._ctx
        self.resume_button.setEnabled(False)
        self._run(
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
        self._run(lambda: contacts.resume_card(ctx, cpr), self._on_resumed, self._on_action_failed)

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
