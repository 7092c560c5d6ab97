"""Write a correspondence message (MedCom CareCommunication) to the GP or the department.

The form opens prefilled from where the need arose (a double prescription, a rejected renewal,
an acute change, a supply failure, a question in the 72 hours); every field can be edited. It
says plainly that an acute matter goes by phone. Sending puts the message in the outbox; the
form closes only when the file is there, and a refusal is shown under the form.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.services.context import Ctx
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.forms import error_label, run_guarded, show_field_error

ERROR_RED = "#b3261e"


class ComposeDialog(QDialog):
    """The compose form; ``proposal`` is a services.correspondence.Proposal."""

    sent = Signal(object)  # MessageDTO

    def __init__(
        self,
        ctx: Ctx,
        runner: Runner,
        proposal: Any,
        *,
        reply_to: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from dosisdesk.words import CORRESPONDENCE_CATEGORY

        self._ctx = ctx
        self._runner = runner
        self._proposal = proposal
        self._reply_to = reply_to
        self._saving = False
        self.address_dialog: AddressDialog | None = None
        self.setObjectName("compose_dialog")
        self.setWindowTitle(self.tr("Correspondence message"))
        outer = QVBoxLayout(self)
        head = QLabel(
            self.tr("To the GP or the hospital about %1").replace("%1", proposal.citizen_name)
        )
        head.setObjectName("header")
        head.setWordWrap(True)
        outer.addWidget(head)
        self.acute_note = QLabel(
            self.tr(
                "Acute matters are never sent as a message: phone the doctor or the department."
            )
        )
        self.acute_note.setObjectName("acute_note")
        self.acute_note.setWordWrap(True)
        self.acute_note.setStyleSheet(
            f"color: {ERROR_RED}; font-weight: bold;"
            if proposal.acute_warning
            else "font-weight: bold;"
        )
        outer.addWidget(self.acute_note)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)

        self.to_combo = QComboBox()
        self.to_combo.setObjectName("to_combo")
        self.to_combo.setAccessibleName(self.tr("Recipient"))
        for r in proposal.recipients:
            label = (
                r.label
                if r.addressable
                else self.tr("%1 (no SOR/EAN address)").replace("%1", r.label)
            )
            self.to_combo.addItem(label, r.key)
        self.to_combo.setCurrentIndex(max(0, self.to_combo.findData(proposal.recipient_key)))
        self.to_error = error_label("to_error")
        self.address_button = QPushButton(self.tr("SOR/EA&N…"))
        self.address_button.setObjectName("address_button")
        self.address_button.setToolTip(
            self.tr("Enter the receiver's SOR code and EAN location number (from the SOR register)")
        )
        to_row = QWidget()
        to_lay = QHBoxLayout(to_row)
        to_lay.setContentsMargins(0, 0, 0, 0)
        to_lay.addWidget(self.to_combo, 1)
        to_lay.addWidget(self.address_button)
        self._row(form, self.tr("&To:"), to_row, self.to_error, buddy=self.to_combo)

        self.category_combo = QComboBox()
        self.category_combo.setObjectName("category_combo")
        self.category_combo.setAccessibleName(self.tr("Category"))
        for code, danish in sorted(CORRESPONDENCE_CATEGORY.items(), key=lambda kv: kv[1]):
            self.category_combo.addItem(danish, code)
        self.category_combo.setCurrentIndex(self.category_combo.findData(proposal.category))
        self._row(form, self.tr("&Category:"), self.category_combo)

        self.topic_edit = QLineEdit(proposal.topic)
        self.topic_edit.setObjectName("topic_edit")
        self.topic_edit.setMaxLength(60)
        self.topic_edit.setAccessibleName(self.tr("Topic"))
        self.topic_error = error_label("topic_error")
        self._row(form, self.tr("T&opic:"), self.topic_edit, self.topic_error)

        self.text_edit = QPlainTextEdit(proposal.text)
        self.text_edit.setObjectName("text_edit")
        self.text_edit.setAccessibleName(self.tr("Message text"))
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMinimumHeight(140)
        self.text_error = error_label("text_error")
        self._row(form, self.tr("Te&xt:"), self.text_edit, self.text_error)

        sig = proposal.signature
        self.signature_label = QLabel(", ".join(x for x in (sig.name, sig.role, sig.team) if x))
        self.signature_label.setObjectName("signature_label")
        form.addRow(self.tr("Signed by:"), self.signature_label)
        self.phone_edit = QLineEdit(sig.phone)
        self.phone_edit.setObjectName("phone_edit")
        self.phone_edit.setAccessibleName(self.tr("Phone in the signature"))
        self.phone_error = error_label("phone_error")
        self._row(form, self.tr("&Phone:"), self.phone_edit, self.phone_error)

        self.asap_check = QCheckBox(self.tr("As soon as &possible (only for Regarding referral)"))
        self.asap_check.setObjectName("asap_check")
        self.attach_check = QCheckBox(self.tr("Attach the &medicine list (PDF)"))
        self.attach_check.setObjectName("attach_check")
        form.addRow("", self.asap_check)
        form.addRow("", self.attach_check)

        self.banner = error_label("banner")
        self.banner.setStyleSheet(f"color: {ERROR_RED}; font-weight: bold;")
        outer.addWidget(self.banner)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send_button = self.buttons.addButton(
            self.tr("&Send"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.send_button.setObjectName("send_button")
        self.send_button.setToolTip(self.tr("Put the message in the outbox (Ctrl+Enter)"))
        self.buttons.accepted.connect(self._on_send)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, self._on_send)
        self.category_combo.currentIndexChanged.connect(self._on_category)
        self.address_button.clicked.connect(self._on_address)
        self._on_category()
        self.setMinimumWidth(560)
        self.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _row(
        self,
        form: QFormLayout,
        label: str,
        widget: QWidget,
        error: QLabel | None = None,
        *,
        buddy: QWidget | None = None,
    ) -> None:
        lab = QLabel(label)
        lab.setBuddy(buddy or widget)
        if error is None:
            form.addRow(lab, widget)
            return
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(widget)
        lay.addWidget(error)
        form.addRow(lab, box)

    @Slot()
    def _on_category(self) -> None:
        referral = self.category_combo.currentData() == "regarding-referral"
        self.asap_check.setEnabled(referral)
        if not referral:
            self.asap_check.setChecked(False)
        other = self.category_combo.currentData() == "other"
        self.topic_edit.setPlaceholderText(self.tr("Required for Other") if other else "")

    @Slot()
    def _on_address(self) -> None:
        """Ask for the selected receiver's SOR code and EAN number, save them, and re-read the
        receivers so the message can be addressed."""
        key = self.to_combo.currentData()
        rec = next((r for r in self._proposal.recipients if r.key == key), None)
        if rec is None:
            return
        dlg = AddressDialog(rec.label, rec.organisation.sor, rec.organisation.ean, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.address_entered.connect(lambda sor, ean: self._save_address(key, sor, ean))
        self.address_dialog = dlg
        dlg.open()

    def _save_address(self, key: str, sor: str, ean: str) -> None:
        from dosisdesk.services import correspondence as corr

        ctx, prop = self._ctx, self._proposal

        def save() -> Any:
            if key == "gp":
                corr.set_gp_address(ctx, prop.cpr, sor, ean)
            else:
                corr.set_contact_address(ctx, corr.parse_id(key.removeprefix("contact:")), sor, ean)
            return corr.compose(ctx, prop.cpr, prop.context_kind, prop.context_ref)

        run_guarded(self._runner, self, save, self._on_addressed, self._on_failed)

    def _on_addressed(self, fresh: Any) -> None:
        from dataclasses import replace

        self._proposal = replace(self._proposal, recipients=fresh.recipients)
        key = self.to_combo.currentData()
        self.to_combo.clear()
        for r in fresh.recipients:
            label = (
                r.label
                if r.addressable
                else self.tr("%1 (no SOR/EAN address)").replace("%1", r.label)
            )
            self.to_combo.addItem(label, r.key)
        self.to_combo.setCurrentIndex(max(0, self.to_combo.findData(key)))
        show_field_error(self.to_combo, self.to_error, None)

    def _draft(self) -> Any:
        from dosisdesk.domain.correspondence import Draft, Signature

        sig = self._proposal.signature
        return Draft(
            self.category_combo.currentData(),
            self.topic_edit.text(),
            self.text_edit.toPlainText(),
            Signature(sig.name, sig.role, sig.team, self.phone_edit.text()),
            asap=self.asap_check.isChecked(),
        )

    def _check(self) -> bool:
        """The form's own checks, shown under each field (the service checks again)."""
        ok = True
        other = self.category_combo.currentData() == "other"
        missing_topic = other and not self.topic_edit.text().strip()
        show_field_error(
            self.topic_edit,
            self.topic_error,
            self.tr("The category Other needs a topic.") if missing_topic else None,
        )
        empty = not self.text_edit.toPlainText().strip()
        show_field_error(
            self.text_edit, self.text_error, self.tr("Write the message.") if empty else None
        )
        digits = self.phone_edit.text().replace(" ", "").replace("-", "").lstrip("+")
        bad_phone = not (digits.isdigit() and 6 <= len(digits) <= 15)
        show_field_error(
            self.phone_edit,
            self.phone_error,
            self.tr("A phone number the receiver can call back on.") if bad_phone else None,
        )
        key = self.to_combo.currentData()
        rec = next((r for r in self._proposal.recipients if r.key == key), None)
        no_address = rec is None or not rec.addressable
        show_field_error(
            self.to_combo,
            self.to_error,
            self.tr(
                "This receiver has no SOR code and EAN number yet: add them on the citizen or the "
                "contact first."
            )
            if no_address
            else None,
        )
        for bad in (missing_topic, empty, bad_phone, no_address):
            ok = ok and not bad
        return ok

    @Slot()
    def _on_send(self) -> None:
        if self._saving or not self._check():
            return
        self._saving = True
        self.send_button.setEnabled(False)
        self.banner.setVisible(False)
        ctx, prop, draft = self._ctx, self._proposal, self._draft()
        to, reply_to = self.to_combo.currentData(), self._reply_to
        attachment = None
        if self.attach_check.isChecked():
            # Qt paints the PDF on the GUI thread (as every print does); one citizen's list
            # takes a few tens of milliseconds.
            from dosisdesk.reports.medlist import medlist_pdf

            try:
                attachment = medlist_pdf(ctx, prop.cpr)
            except Exception as e:  # shown like any other refusal
                self._on_failed(e)
                return

        def work() -> Any:
            from dosisdesk.interop import medcom

            return medcom.send(
                ctx,
                prop.cpr,
                draft,
                to,
                context_kind=prop.context_kind,
                context_ref=prop.context_ref,
                reply_to=reply_to,
                attachment=attachment,
            )

        run_guarded(self._runner, self, work, self._on_sent, self._on_failed)

    def _on_sent(self, dto: Any) -> None:
        self._saving = False
        self.sent.emit(dto)
        hub.publish(Changed.correspondence(dto.citizen_id))
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        from dosisdesk.domain.errors import DosisError

        self._saving = False
        self.send_button.setEnabled(True)
        if isinstance(exc, DosisError):
            self.banner.setText(exc.message)
            self.banner.setVisible(True)
            return
        from dosisdesk.ui.errors import present

        present(self, exc)


class AddressDialog(QDialog):
    """A receiver's SOR code and EAN location number."""

    address_entered = Signal(str, str)  # SOR, EAN

    def __init__(self, who: str, sor: str, ean: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Address for correspondence"))
        form = QFormLayout(self)
        form.addRow(QLabel(who))
        self.sor_edit = QLineEdit(sor)
        self.sor_edit.setObjectName("sor_edit")
        self.sor_edit.setAccessibleName(self.tr("SOR code"))
        self.ean_edit = QLineEdit(ean)
        self.ean_edit.setObjectName("ean_edit")
        self.ean_edit.setAccessibleName(self.tr("EAN location number"))
        for label, edit in (
            (self.tr("&SOR code:"), self.sor_edit),
            (self.tr("&EAN number:"), self.ean_edit),
        ):
            lab = QLabel(label)
            lab.setBuddy(edit)
            form.addRow(lab, edit)
        self.error = error_label("address_error")
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @Slot()
    def _on_save(self) -> None:
        sor, ean = self.sor_edit.text().strip(), self.ean_edit.text().strip()
        if not (sor.isdigit() and 6 <= len(sor) <= 18):
            show_field_error(self.sor_edit, self.error, self.tr("A SOR code is 6 to 18 digits."))
            return
        if not (ean.isdigit() and len(ean) == 13):
            show_field_error(
                self.ean_edit, self.error, self.tr("An EAN location number is 13 digits.")
            )
            return
        self.address_entered.emit(sor, ean)
        self.accept()
