"""Hospital contacts (R6): the dialogs that register them.

``ContactDialog`` registers an admission, outpatient or acute outpatient contact (pausing the card
on admission). ``DischargeDialog`` records the discharge and shows, as it is typed, whether the
72-hour responsibility applies and when it ends; ``ExtendDialog`` sets a later end of the
hospital's responsibility. The card's *Sygehus* tab that opens them is ``ui/nurse/hospital.py``.

Size: three dialogs on one form base, each with its live checks (phone, times, the 72 hours as
typed); they share the contact's title, the somatic/psychiatric choice and the phone check.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.calendar import (
    format_long_moment,
    format_moment,
    is_before,
    time_between,
)
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import ConflictError, DosisError, StorageError
from dosisdesk.domain.responsibility import (
    MIN_ADMISSION,
    HospitalStay,
    responsibility_until,
)
from dosisdesk.domain.text import format_phone
from dosisdesk.domain.types import ContactKind
from dosisdesk.services import contacts, lookup
from dosisdesk.services.contacts import ContactRequest
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ContactDTO
from dosisdesk.ui import errors, texts
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.forms import (
    FormDialog,
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

__all__ = ["ContactDialog", "DischargeDialog", "ExtendDialog", "contact_title"]

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


class _Form(FormDialog):
    """Shared dialog chrome: a header, the form, a banner for errors, Save/Cancel, Ctrl+Enter,
    Escape asks; a saved contact is announced (``contact_saved``, the hub) and closes it."""

    contact_saved = Signal(int)

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None) -> None:
        super().__init__(runner, parent)
        self._ctx = ctx
        self.outer = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setObjectName("header")
        self.header.setWordWrap(True)
        set_type_size(self.header, 12, bold=True)
        self.outer.addWidget(self.header)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.outer.addLayout(self.form)
        self._save_buttons(self.tr("Save (Ctrl+Enter)"))

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

    @Slot()
    def _on_touched(self) -> None:
        self._touch()

    def _show_banner(self, text: str | None) -> None:
        super()._show_banner(text)
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

    def _on_saved(self, dto: ContactDTO) -> None:
        self._saving = False
        self.contact_saved.emit(dto.id)
        hub.publish(Changed.contact(dto.citizen_id))
        self.accept()

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
        now = self._ctx.now()
        start = from_qdatetime(self.started_edit.dateTime())
        ahead = timedelta(minutes=1)
        msg = self.tr("The start is in the future.") if time_between(now, start) > ahead else None
        show_field_error(self.started_edit, self.started_error, msg)
        end_msg = None
        if self.ended_check.isChecked() and self.current_kind() is not ContactKind.ADMISSION:
            end = from_qdatetime(self.ended_edit.dateTime())
            if time_between(now, end) > ahead:
                end_msg = self.tr("The end is in the future.")
            elif is_before(end, start):
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


# ---------------------------------------------------------------------------
# Discharge and extension
# ---------------------------------------------------------------------------


class DischargeDialog(_Form):
    """Record a discharge; shows live whether the 72 hours apply and when the window ends."""

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
        if is_before(ended, self._contact.started_at):
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
        if time_between(self._ctx.now(), ended) > timedelta(minutes=1):
            msg = self.tr("The discharge is in the future.")
        elif is_before(ended, self._contact.started_at):
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


class ExtendDialog(_Form):
    """The hospital sets a later end of its responsibility."""

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
        if current is not None and not is_before(current, until):
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


def _reload_contact(ctx: Ctx, c: ContactDTO) -> ContactDTO | None:
    for fresh in contacts.list_contacts(ctx, cpr=c.cpr):
        if fresh.id == c.id:
            return fresh
    return None
