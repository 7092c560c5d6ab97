"""Two kinds of error (after qutebrowser's misc/sql.py): the environment's or the input's fault
becomes a plain Danish sentence that says what to do; a bug gets the crash dialog with "copy
details" and a log entry. No Python traceback ever reaches a nurse."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.errors import (
    ConflictError,
    DatabaseBusy,
    DatabaseConflict,
    DatabaseLost,
    DosisError,
    StorageError,
)
from dosisdesk.ui.messages import Message, box_parent, bridge, open_box

log = logging.getLogger("dosisdesk.ui")


def tr(text: str) -> str:
    """Translate in the "errors" context (the strings are listed for lupdate below)."""
    return QCoreApplication.translate("", text)  # lupdate files bare tr() calls under ""


def present(parent: QWidget | None, exc: BaseException) -> None:
    """Show an error the way its kind deserves. Database errors arrive classified (the storage
    layer turned them into their kind); here a kind only gets its words."""
    if isinstance(exc, ConflictError):
        bridge.warning(parent, tr("Changed by someone else"), exc.message)
    elif isinstance(exc, DatabaseBusy | DatabaseConflict):
        bridge.error(
            parent,
            tr("Database"),
            tr(
                "The database is busy with another user right now. Wait a moment and try "
                "again. Nothing you typed has been lost."
            ),
        )
    elif isinstance(exc, DatabaseLost):
        bridge.error(
            parent,
            tr("Database"),
            tr(
                "The connection to the database was lost. Check the network and try again. "
                "Nothing you typed has been lost."
            ),
        )
    elif isinstance(exc, StorageError):
        bridge.error(parent, tr("Database"), exc.message)
    elif isinstance(exc, DosisError):
        bridge.warning(parent, tr("Cannot be saved"), exc.message)
    else:
        crash(parent, type(exc), exc, exc.__traceback__)


class CrashDialog(QDialog):
    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        # imported when a program error is shown, not at start (each Qt class named costs
        # PySide6 its Python type, ~0.1-0.2 MB; issue #10)
        from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit

        super().__init__(parent)
        self.setWindowTitle(tr("Program error"))
        lay = QVBoxLayout(self)
        lay.addWidget(
            QLabel(
                tr(
                    "An error occurred in the program. What you saved before is not affected; "
                    "the action you were doing was not saved.\n"
                    "Copy the details and send them to IT support."
                )
            )
        )
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(tr("Error details"))
        lay.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(tr("Copy details"))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(640, 400)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


def crash(
    parent: QWidget | None, etype: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    details = "".join(traceback.format_exception(etype, exc, tb))
    log.error("unexpected error\n%s", details)
    bridge.history.append(Message("error", "crash", str(exc), details))
    if bridge.interactive:
        open_box(CrashDialog(details, box_parent(parent)))


def install_excepthook() -> None:
    def hook(etype: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(etype, KeyboardInterrupt):
            sys.__excepthook__(etype, exc, tb)
            return
        crash(None, etype, exc, tb)

    sys.excepthook = hook
