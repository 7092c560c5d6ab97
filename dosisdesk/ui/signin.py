"""Signing in at the window: a user name and a password (no list of users to pick from).

On a training database (øvelsesdatabase) the password field is not needed, the dialog says so in
capitals, and a button signs in as a demo nurse. On a database where no one has a password yet,
the administrator chooses hers first (twice). The dialog does no database work itself: the
start-up sequence runs the sign-in in the background and calls :meth:`SignInDialog.failed` with
the sentence to show, which never tells whether a user name exists.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class SignInDialog(QDialog):
    """Who is working: every action is attributed to the person who signs in here."""

    # (user name, password or ""): the start-up sequence checks them in the background
    submitted = Signal(str, str)
    # (user name, new password): the first administrator's password
    first_password = Signal(str, str)
    # sign in as the demo nurse (training databases only)
    demo_requested = Signal()

    def __init__(
        self,
        *,
        training: bool,
        first_password: bool = False,
        demo_nurse: str | None = None,
        locked_for: str | None = None,
        ask_password: bool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.training = training
        # the OS account or the database role signs in without a password here
        self.ask_password = (not training) if ask_password is None else ask_password
        self.first = first_password and not training
        self.locked_for = locked_for
        self.setWindowTitle(
            self.tr("Screen locked") if locked_for else self.tr("Sign in to dosisdesk")
        )
        self.setObjectName("signInDialog")
        intro = QLabel()
        intro.setWordWrap(True)
        if locked_for:
            intro.setText(
                self.tr(
                    "The screen was locked after a time without use. Sign in again to go on; what "
                    "you had typed is kept for you. Someone else may sign in instead (your open "
                    "work is then closed)."
                )
            )
        elif self.first:
            intro.setText(
                self.tr(
                    "No one has a password in this database yet. Choose the administrator's password "
                    "(at least 10 characters); then add the users and their passwords."
                )
            )
        elif training or not self.ask_password:
            intro.setText(
                self.tr("Sign in with your user name. Everything you do is recorded in your name.")
            )
        else:
            intro.setText(
                self.tr(
                    "Sign in with your user name and password. Everything you do is recorded in "
                    "your name."
                )
            )
        self.training_label = QLabel(
            self.tr(
                "ØVELSE — a training database: no real citizens. A user name is enough here; no "
                "password is needed."
            )
        )
        self.training_label.setObjectName("trainingMarker")
        self.training_label.setWordWrap(True)
        self.training_label.setVisible(training)
        self.username = QLineEdit()
        self.username.setAccessibleName(self.tr("User name"))
        self.username.setMaxLength(64)
        self.username.setInputMethodHints(
            Qt.InputMethodHint.ImhNoAutoUppercase | Qt.InputMethodHint.ImhNoPredictiveText
        )
        if locked_for:
            self.username.setText(locked_for)
        elif self.first:
            self.username.setText("admin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setMaxLength(256)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(self.tr("Repeat the password"))
        self.repeat.setMaxLength(256)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.username)
        if self.ask_password:
            form.addRow(
                self.tr("New &password:") if self.first else self.tr("&Password:"), self.password
            )
        if self.first:
            form.addRow(self.tr("&Repeat it:"), self.repeat)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Sign in"))
        if locked_for is None:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Quit"))
        else:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).hide()
        self.demo_button: QPushButton | None = None
        if training and demo_nurse and not locked_for:
            self.demo_button = QPushButton(
                self.tr("TRAINING: sign in as a &demo nurse (%1)").replace("%1", demo_nurse)
            )
            self.demo_button.setAutoDefault(False)
            self.buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.demo_button.clicked.connect(self._on_demo)
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.training_label)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addStretch(1)
        lay.addWidget(self.buttons)
        self.username.textEdited.connect(self._on_edited)
        self.password.textEdited.connect(self._on_edited)
        (self.password if locked_for and self.ask_password else self.username).setFocus()
        self.resize(460, 260)

    def busy(self, on: bool) -> None:
        for w in (self.username, self.password, self.repeat, self.ok_button):
            w.setEnabled(not on)
        if self.demo_button is not None:
            self.demo_button.setEnabled(not on)

    def failed(self, message: str) -> None:
        """The sign-in was refused: say so, clear the password, try again."""
        self.busy(False)
        self.error.setText(message)
        self.error.show()
        self.password.clear()
        self.repeat.clear()
        (self.password if self.username.text() and self.ask_password else self.username).setFocus()

    @Slot(str)
    def _on_edited(self, _text: str) -> None:
        self.error.hide()

    @Slot()
    def _on_demo(self) -> None:
        self.busy(True)
        self.demo_requested.emit()

    @Slot()
    def _on_accept(self) -> None:
        name = self.username.text().strip()
        if not name:
            self.failed(self.tr("Write your user name."))
            return
        if self.first:
            if self.password.text() != self.repeat.text():
                self.failed(self.tr("The two passwords are not the same."))
                return
            self.busy(True)
            self.first_password.emit(name, self.password.text())
            return
        if self.ask_password and not self.password.text():
            self.failed(self.tr("Write your password."))
            return
        self.busy(True)
        self.submitted.emit(name, self.password.text() if self.ask_password else "")
