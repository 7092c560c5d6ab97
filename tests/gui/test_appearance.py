"""The look of the app: one light palette whatever the system's (a dark system palette used to
turn the menu bar black and the checked radio buttons into black squares), arrows under the style
sheet, zoom with Ctrl++ / Ctrl+− / Ctrl+0 (remembered), and F1's help page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSettings
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QRadioButton,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from dosisdesk.ui import appearance


def _dark_palette() -> QPalette:
    p = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202020"),
        (QPalette.ColorRole.WindowText, "#f0f0f0"),
        (QPalette.ColorRole.Base, "#101010"),
        (QPalette.ColorRole.Text, "#f0f0f0"),
        (QPalette.ColorRole.Button, "#303030"),
        (QPalette.ColorRole.ButtonText, "#f0f0f0"),
    ):
        p.setColor(role, QColor(colour))
    return p


def _form(qtbot: QtBot) -> tuple[QWidget, QRadioButton, QRadioButton, QCheckBox]:
    w = QWidget()
    f = QFormLayout(w)
    combo = QComboBox()
    combo.addItems(["Zarator 20 mg", "Pantoprazol 40 mg"])
    f.addRow("Lægemiddel", combo)
    f.addRow("Antal", QSpinBox())
    on, off = QRadioButton("Tag tabletter ud"), QRadioButton("Kassér poser")
    on.setChecked(True)
    check = QCheckBox("Sæt i bero")
    check.setChecked(True)
    for b in (on, off, check):
        f.addRow(b)
    qtbot.addWidget(w)
    w.resize(360, 220)
    w.show()
    qtbot.waitExposed(w)
    return w, on, off, check


def _indicator(img: QImage, w: QWidget, button: QWidget) -> list[QColor]:
    """The pixels of the button's indicator (its left square, as tall as the button)."""
    top_left = button.mapTo(w, QPoint(0, 0))
    size = button.height()
    ratio = img.devicePixelRatio()
    return [
        img.pixelColor(int((top_left.x() + x) * ratio), int((top_left.y() + y) * ratio))
        for x in range(2, size - 2)
        for y in range(2, size - 2)
    ]


def _lightness(colours: list[QColor]) -> float:
    return sum(c.lightness() for c in colours) / len(colours)


@pytest.mark.parametrize("system", ["light", "dark"])
def test_one_light_palette_whatever_the_system_and_checked_state_visible(
    restore_look: QApplication, qtbot: QtBot, system: str
) -> None:
    app = restore_look
    app.setPalette(_dark_palette() if system == "dark" else QPalette(QColor("#efefef")))
    appearance.apply(app, 100)
    w, on, off, check = _form(qtbot)
    img = w.grab().toImage()
    # The window is light, text dark: the palette is the app's own, not the system's.
    assert w.palette().color(QPalette.ColorRole.Window).lightness() > 200
    assert w.palette().color(QPalette.ColorRole.WindowText).lightness() < 60
    assert img.pixelColor(w.width() - 5, w.height() - 5).lightness() > 200
    # A checked radio button has a dark dot inside a light circle; an unchecked one has none.
    checked, unchecked = _indicator(img, w, on), _indicator(img, w, off)
    assert min(c.lightness() for c in checked) < 100
    assert max(c.lightness() for c in checked) > 200
    assert _lightness(checked) < _lightness(unchecked) - 5
    # The check box's mark shows on a light box (not a black square).
    box = _indicator(img, w, check)
    assert max(c.lightness() for c in box) > 200 and min(c.lightness() for c in box) < 100


def test_arrows_of_spin_and_combo_boxes_are_drawn(restore_look: QApplication, qtbot: QtBot) -> None:
    appearance.apply(restore_look, 100)
    w = QWidget()
    f = QFormLayout(w)
    combo, spin = QComboBox(), QSpinBox()
    combo.addItem("Zarator 20 mg")
    f.addRow("A", combo)
    f.addRow("B", spin)
    qtbot.addWidget(w)
    w.resize(300, 90)
    w.show()
    qtbot.waitExposed(w)
    for box in (combo, spin):
        img = box.grab().toImage()
        # The arrow is a dark shape in the rightmost 18 pixels.
        dark = [
            img.pixelColor(x, y).lightness()
            for x in range(img.width() - 18, img.width() - 2)
            for y in range(2, img.height() - 2)
        ]
        assert min(dark) < 90, type(box).__name__


def test_zoom_scales_the_whole_window_and_is_remembered(restore_look: QApplication) -> None:
    app = restore_look
    appearance.apply(app, 100)
    assert "font-size: 10.0pt" in app.styleSheet()
    assert appearance.set_zoom(app, appearance.step(100, +1)) == 110
    assert "font-size: 11.0pt" in app.styleSheet() and app.font().pointSizeF() == 11.0
    assert QSettings().value("ui/zoom") in (110, "110")
    assert appearance.zoom_level() == 110
    assert appearance.step(appearance.step(110, -1), -1) == 90
    assert appearance.step(200, +1) == 200 and appearance.step(70, -1) == 70
    assert appearance.set_zoom(app, appearance.step(160, 0)) == 100
    assert appearance.zoom_level() == 100


def test_ctrl_plus_minus_zero_zoom_the_main_window(
    restore_look: QApplication, window, qtbot: QtBot
) -> None:
    appearance.apply(restore_look, 100)
    shortcuts = {
        a.shortcut().toString()
        for a in (window.act_zoom_in, window.act_zoom_out, window.act_zoom_reset)
    }
    assert shortcuts == {"Ctrl++", "Ctrl+-", "Ctrl+0"}
    window.act_zoom_in.trigger()
    assert appearance.zoom_level() == 110
    window.act_zoom_in.trigger()
    assert appearance.zoom_level() == 125 and "font-size: 12.5pt" in restore_look.styleSheet()
    window.act_zoom_reset.trigger()
    window.act_zoom_out.trigger()
    assert appearance.zoom_level() == 90


def test_f1_opens_a_short_danish_help_page(window, qtbot: QtBot) -> None:
    from PySide6.QtCore import QLocale

    from dosisdesk.ui.help import HelpDialog

    assert window.act_help.shortcut().toString() == "F1"
    old = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
    try:
        window.act_help.trigger()
    finally:
        QLocale.setDefault(old)
    dialog = window.help_dialog
    assert isinstance(dialog, HelpDialog)
    qtbot.waitExposed(dialog)
    text = dialog.browser.toPlainText()
    for needle in ("Fristen", "Akut ændring", "72 timer", "Dobbeltordination", "Ctrl+N", "F1"):
        assert needle in text
    window.act_help.trigger()  # a second F1 keeps the one page
    assert window.help_dialog is dialog
    dialog.close()
    qtbot.waitUntil(lambda: window.help_dialog is None)


def test_names_are_never_cut_and_the_list_grows_with_the_window(
    qtbot: QtBot, sqlite_db, koord, gui_world
) -> None:
    from datetime import date

    from dosisdesk.services.users import database_info, list_teams
    from dosisdesk.ui.nurse.mainwindow import MainWindow
    from dosisdesk.ui.nurse.models import CitizenListModel
    from tests.gui.gui_world import add_citizen

    add_citizen(
        sqlite_db,
        "Anna Christine Margrethe",
        "Bach-Christensen-Østergaard",
        date(1941, 3, 5),
        91,
        gui_world.world.team_nord,
        gui_world.world.group,
    )
    w = MainWindow()
    qtbot.addWidget(w)
    w.set_database(sqlite_db.url, database_info(sqlite_db))
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    with qtbot.waitSignal(w.citizens.model.page_loaded, timeout=10_000):
        w.set_session(koord, list_teams(sqlite_db), None, None)
    qtbot.waitUntil(lambda: w.runner.idle, timeout=10_000)
    view, model = w.citizens.view, w.citizens.model
    fm = view.fontMetrics()
    for row in range(model.rowCount()):
        idx = model.index(row, CitizenListModel.COL_NAME)
        text = str(idx.data())
        assert view.columnWidth(CitizenListModel.COL_NAME) >= fm.horizontalAdvance(text), text
    narrow = w.citizens.width()
    w.resize(1600, 1000)
    qtbot.waitUntil(lambda: w.citizens.width() > narrow)
    qtbot.waitUntil(lambda: w.runner.idle, timeout=10_000)
    w.close()
