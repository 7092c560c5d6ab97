"""F1: a short help page in the app (the rules in plain words and the shortcuts).

The page is a small HTML file per language in ``resources/help/`` (``da.html``, ``en.html``),
chosen by the language the window runs in; it is shown in a non-modal window that F1 or Escape
closes again.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

__all__ = ["HelpDialog", "help_html"]


def help_html() -> str:
    lang = "da" if QLocale().language() == QLocale.Language.Danish else "en"
    folder = Path(str(resources.files("dosisdesk.resources"))) / "help"
    return (folder / f"{lang}.html").read_text(encoding="utf-8")


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(self.tr("Help"))
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpText")
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(help_html())
        self.browser.setAccessibleName(self.tr("Help"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("F1"), self, self.close)
        self.resize(620, 640)
