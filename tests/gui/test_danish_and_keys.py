"""Every dialog, walked: each underlined letter is unique in its dialog and reaches a widget that
takes the focus; an Alt+letter that matches nothing never reaches the focused combo box or list
(the guard on the windows sees the keyboard, not every paint); and,
run in Danish, no text of any tr() context (ours or Qt's own) is left untranslated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from PySide6 import QtGui
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    Qt,
    QTranslator,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from dosisdesk.domain.types import ContactKind
from dosisdesk.services import contacts
from dosisdesk.services.contacts import ContactRequest
from dosisdesk.services.context import Ctx
from dosisdesk.ui.runner import Runner
from tests.conftest import NOW
from tests.gui.gui_world import GuiWorld

# ---------------------------------------------------------------------------
# The dialogs of the app, built as the window builds them
# ---------------------------------------------------------------------------


def _admission(ctx: Ctx, cpr: str, *, discharged: bool) -> object:
    dto = contacts.add_contact(
        ctx,
        ContactRequest(
            cpr,
            ContactKind.ADMISSION,
            "Herlev Hospital",
            "Kardiologisk afdeling",
            "38 68 38 68",
            NOW - timedelta(days=3),
        ),
    )
    if discharged:
        dto = contacts.discharge(ctx, dto.id, dto.version, NOW - timedelta(hours=2))
    return dto


def dialog_factories(ctx: Ctx, runner: Runner, gw: GuiWorld) -> dict[str, Callable[[], QWidget]]:
    from dosisdesk.app import FirstRunDialog
    from dosisdesk.ui.desk.base import ReasonDialog
    from dosisdesk.ui.dialogs.change import ChangeDialog
    from dosisdesk.ui.dialogs.contact import ContactDialog, DischargeDialog, ExtendDialog
    from dosisdesk.ui.dialogs.printing import HandoverPrintDialog, MedlistPrintDialog
    from dosisdesk.ui.help import HelpDialog
    from dosisdesk.ui.signin import SignInDialog

    w = gw.world
    return {
        "change": lambda: ChangeDialog(ctx, runner, w.anna, line_id=w.line_metformin),
        "new drug": lambda: ChangeDialog(ctx, runner, w.anna),
        "acute": lambda: ChangeDialog(ctx, runner, w.anna, line_id=w.line_atorva, acute=True),
        "contact": lambda: ContactDialog(ctx, runner, w.anna),
        "discharge": lambda: DischargeDialog(
            ctx, runner, _admission(ctx, w.anna, discharged=False)
        ),  # type: ignore[arg-type]
        "extend": lambda: ExtendDialog(ctx, runner, _admission(ctx, w.ojvind, discharged=True)),  # type: ignore[arg-type]
        "handover": lambda: HandoverPrintDialog(ctx, runner),
        "medlist": lambda: MedlistPrintDialog(ctx, runner, w.anna, name="Anna Hansen"),
        "reason": lambda: ReasonDialog("Kvittér", "Hvorfor?", with_until=True, today=NOW.date()),
        "first run": lambda: FirstRunDialog("/tmp/dosisdesk.sqlite"),
        "sign in": lambda: SignInDialog(training=False),
        "help": lambda: HelpDialog(),
    }


def _show(qtbot: QtBot, runner: Runner, make: Callable[[], QWidget]) -> QWidget:
    d = make()
    qtbot.addWidget(d)
    d.show()
    # the guard fixes a window's buddies when it takes the keyboard (before anyone can type in
    # it); a desktop activates a dialog it shows, the offscreen platform only the first window
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    return d


# ---------------------------------------------------------------------------
# Mnemonics
# ---------------------------------------------------------------------------

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonics(dialog: QWidget) -> list[tuple[str, QWidget, QWidget | None]]:
    """(letter, the widget showing it, the widget it gives the focus to) for every visible
    underlined letter of the dialog."""
    out: list[tuple[str, QWidget, QWidget | None]] = []
    for w in dialog.findChildren(QWidget):
        if not w.isVisibleTo(dialog):
            continue
        if isinstance(w, QLabel):
            rich = w.textFormat() == Qt.TextFormat.RichText or (
                w.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(w.text())
            )
            text = "" if rich else w.text()
            m = _MNEMONIC.search(text.replace("&&", ""))
            if m:
                out.append((m.group(1).lower(), w, w.buddy()))
        elif isinstance(w, QAbstractButton | QGroupBox):
            text = w.title() if isinstance(w, QGroupBox) else w.text()
            m = _MNEMONIC.search(text.replace("&&", ""))
            if m:
                out.append((m.group(1).lower(), w, w))
    return out


def _takes_focus(w: QWidget) -> bool:
    """A label's letter moves the focus to its buddy; a button's letter clicks the button."""
    if isinstance(w, QAbstractButton | QGroupBox):
        return w.isEnabled() or w.focusPolicy() != Qt.FocusPolicy.NoFocus
    proxy = w.focusProxy() or w
    return w.focusPolicy() != Qt.FocusPolicy.NoFocus and bool(
        proxy.focusPolicy() & Qt.FocusPolicy.TabFocus
    )


@pytest.fixture(autouse=True)
def _keys(qapp: QCoreApplication) -> None:
    from dosisdesk.ui import keys

    keys.install(qapp)  # as the app does at start (create_application)


DIALOGS = [
    "change",
    "new drug",
    "acute",
    "contact",
    "discharge",
    "extend",
    "handover",
    "medlist",
    "reason",
    "first run",
    "sign in",
    "help",
]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("name", DIALOGS)
def test_every_mnemonic_is_unique_and_reaches_a_focusable_field(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    koord: Ctx,
    runner: Runner,
    gui_world: GuiWorld,
    name: str,
    lang: str,
) -> None:
    if lang == "da":
        request.getfixturevalue("danish")
    dialog = _show(qtbot, runner, dialog_factories(koord, runner, gui_world)[name])
    found = mnemonics(dialog)
    letters = [letter for letter, _, _ in found]
    twice = sorted({x for x in letters if letters.count(x) > 1})
    assert not twice, f"{name}: {twice} used twice: " + "; ".join(
        f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
        for x, w, _ in found
        if x in twice
    )
    for letter, shown, target in found:
        assert target is not None, f"{name}: the label {shown.text()!r} has no buddy"
        assert _takes_focus(target), (
            f"{name}: &{letter} of {shown.text() if hasattr(shown, 'text') else ''!r} reaches "
            f"a {type(target).__name__} that cannot take the focus"
        )


def test_alt_letter_that_matches_nothing_never_reaches_the_combo_box(
    qtbot: QtBot, koord: Ctx, runner: Runner, gui_world: GuiWorld
) -> None:
    from PySide6.QtWidgets import QComboBox

    dialog = _show(qtbot, runner, dialog_factories(koord, runner, gui_world)["change"])
    combos = [
        c
        for c in dialog.findChildren(QComboBox)
        if c.isVisibleTo(dialog) and c.isEnabled() and c.count() > 1
    ]
    assert combos
    used = {letter for letter, _, _ in mnemonics(dialog)}
    free = next(ch for ch in "pqxzjwvy" if ch not in used)
    for combo in combos:
        before = combo.currentIndex()
        combo.setFocus()
        qtbot.waitUntil(combo.hasFocus)
        # through the window, as a key press from the keyboard comes (a key sent to the combo
        # box itself would skip the window and its shortcuts)
        qtbot.keyClick(
            dialog.windowHandle(),
            getattr(Qt.Key, f"Key_{free.upper()}"),
            Qt.KeyboardModifier.AltModifier,
        )
        assert combo.currentIndex() == before, combo.objectName()


def _list_dialog(qtbot: QtBot) -> tuple[QDialog, QListWidget, QComboBox]:
    d = QDialog()
    qtbot.addWidget(d)
    lay = QVBoxLayout(d)
    listing = QListWidget()
    listing.addItems(["Alendronat", "Metformin", "Pantoprazol"])
    listing.setCurrentRow(0)
    combo = QComboBox()
    combo.addItems(["Alendronat", "Metformin", "Pantoprazol"])
    lay.addWidget(listing)
    lay.addWidget(combo)
    d.show()
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    return d, listing, combo


def test_alt_letter_never_picks_in_a_list_nor_in_an_open_combo_box_but_typing_does(
    qtbot: QtBot,
) -> None:
    d, listing, combo = _list_dialog(qtbot)
    window = d.windowHandle()
    listing.setFocus()
    qtbot.waitUntil(listing.hasFocus)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert listing.currentRow() == 0  # Alt+P: not "Pantoprazol"
    qtbot.keyClick(window, Qt.Key.Key_P)  # plain typing still searches the list
    assert listing.currentRow() == 2
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    combo.showPopup()
    popup = combo.view()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert popup.currentIndex().row() == 0  # the open list is a list too
    qtbot.keyClick(window, Qt.Key.Key_M)
    assert popup.currentIndex().row() == 1
    combo.hidePopup()


def test_the_guards_watch_the_windows_not_every_widget(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Alt+letter guard and the idle lock sit on the windows, where the keyboard and the
    mouse arrive: repainting widgets hands neither of them a widget's event (on the application
    they were called, in Python, for each paint and layout of every widget: a card opened ~7 %
    slower), and a key press reaches both."""
    from dosisdesk.ui import keys
    from dosisdesk.ui.idlelock import IdleLock

    seen: list[tuple[str, object]] = []

    class Guard(keys.AltLetterGuard):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            seen.append(("AltLetterGuard", watched))
            return super().eventFilter(watched, event)

    class Lock(IdleLock):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            seen.append(("IdleLock", watched))
            return super().eventFilter(watched, event)

    guard = Guard()
    monkeypatch.setattr(keys, "_guard", guard)  # keys.install puts this one on the windows
    lock = Lock(10)
    d, listing, combo = _list_dialog(qtbot)
    keys.install(QApplication.instance())
    for _ in range(3):
        for w in (listing.viewport(), listing, combo, d):
            w.repaint()
    listing.setFocus()
    qtbot.waitUntil(listing.hasFocus)
    before = lock._last
    lock.clock = lambda: before + 5.0
    qtbot.keyClick(d.windowHandle(), Qt.Key.Key_M)
    assert {"AltLetterGuard", "IdleLock"} <= {who for who, _ in seen}
    assert lock._last == before + 5.0  # the key press counted as activity
    widgets = [type(w).__name__ for _, w in seen if isinstance(w, QWidget)]
    assert widgets == []
    lock.deleteLater()


# ---------------------------------------------------------------------------
# Danish only: every tr() lookup at run time finds a translation
# ---------------------------------------------------------------------------


class Recorder(QTranslator):
    """Answers every lookup from the real translators (the app's, then Qt's own) and records
    those nobody could answer."""

    def __init__(self, translators: list[QTranslator]) -> None:
        super().__init__()
        self.translators = translators
        self.misses: set[tuple[str, str]] = set()
        self.found: set[str] = set()

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        for t in self.translators:
            found = t.translate(context, source, disambiguation, n)
            if found:
                self.found.add(source)
                return found
        if re.search(r"[A-Za-z]{2}", source or ""):
            self.misses.add((context, source))
        return None  # not found: PySide then tries the base classes' contexts

    @property
    def missing(self) -> set[tuple[str, str]]:
        """What no context answered (a subclass's miss that a base class answered is fine)."""
        return {(c, s) for c, s in self.misses if s not in self.found}

    def isEmpty(self) -> bool:
        return False


#: Qt's own messages that the Danish qtbase translation lacks and no dosisdesk user meets in
#: Danish (shortcut key names are shown as "Ctrl" in Danish too).
QT_KNOWN = {"QShortcut", "QGuiApplication", "QPlatformTheme", "QCocoaMenu", "QKeySequence"}


@pytest.fixture
def danish(qapp: QCoreApplication) -> Iterator[Recorder]:
    own, qt, extra = QTranslator(), QTranslator(), QTranslator()
    from dosisdesk.app import resource_path

    assert own.load(str(resource_path("translations", "dosisdesk_da.qm")))
    assert qt.load("qtbase_da", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert extra.load(str(resource_path("translations", "qt_extra_da.qm")))
    rec = Recorder([own, extra, qt])  # as the app installs them (app.install_translators)
    old = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
    qapp.installTranslator(rec)
    yield rec
    qapp.removeTranslator(rec)
    QLocale.setDefault(old)


def test_in_danish_no_text_is_left_in_english(
    danish: Recorder, qtbot: QtBot, koord: Ctx, runner: Runner, gui_world: GuiWorld
) -> None:
    from dosisdesk.services.users import database_info, list_teams
    from dosisdesk.ui.nurse.mainwindow import MainWindow

    for name, make in dialog_factories(koord, runner, gui_world).items():
        d = _show(qtbot, runner, make)
        if name in ("discharge", "contact"):  # both kinds of stay
            for radio in d.findChildren(QAbstractButton):
                if radio.isCheckable() and radio.isVisibleTo(d):
                    radio.click()
        d.close()
    # The whole window, the card's tabs and the coordinator's desk with each of its tabs.
    w = MainWindow()
    qtbot.addWidget(w)
    w.set_database(koord.db.url, database_info(koord.db))
    w.show()
    with qtbot.waitSignal(w.citizens.model.page_loaded, timeout=10_000):
        w.set_session(koord, list_teams(koord.db), None, None)
    with qtbot.waitSignal(w.citizens.model.page_loaded, timeout=10_000):
        w.citizens.search.setText("anna")
    with qtbot.waitSignal(w.card.card_loaded, timeout=10_000):
        w.citizens.select_row(0)
    for i in range(w.card.tabs.count()):
        w.card.tabs.setCurrentIndex(i)
        qtbot.waitUntil(lambda: w.runner.idle, timeout=10_000)
    w.act_show_desk.trigger()
    qtbot.waitUntil(lambda: w.runner.idle, timeout=10_000)
    desk = w.desk  # type: ignore[attr-defined]
    for i in range(desk.tabs.count()):
        desk.tabs.setCurrentIndex(i)
        qtbot.waitUntil(lambda: w.runner.idle, timeout=10_000)
    # Qt's own file dialog, as saving a PDF or a CSV opens it (not the platform's).
    fd = QFileDialog(w, "Gem")
    fd.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    fd.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    fd.setNameFilter("PDF (*.pdf)")
    qtbot.addWidget(fd)
    fd.show()
    qtbot.waitExposed(fd)
    fd.close()
    qtbot.waitUntil(lambda: w.runner.idle, timeout=10_000)
    missing = sorted((c, s) for c, s in danish.missing if c not in QT_KNOWN)
    assert not missing, f"untranslated in Danish: {missing[:10]}"
    w.close()


def test_the_change_dialog_speaks_danish_after_saving(
    danish: Recorder, qtbot: QtBot, koord: Ctx, runner: Runner, gui_world: GuiWorld
) -> None:
    """The texts the change dialog writes only as the nurse goes on (where a change from a first
    day lands, the summary of a planned and of an acute change, a confirmed follow-up) are
    Danish: each room of the dialog finds its translations."""
    from dosisdesk.domain.types import ChangeKind
    from dosisdesk.ui import texts

    factories = dialog_factories(koord, runner, gui_world)
    d = _show(qtbot, runner, factories["change"])
    form = d.form  # type: ignore[attr-defined]
    form.dose_edit.setText("1+1+1+0")
    form.source_combo.setEditText("Læge Lund")
    form.first_day_check.setChecked(True)
    form.first_day_edit.setDate(texts.qdate(NOW.date() - timedelta(days=1)))
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert form.landing_text.startswith("Ingen rulle kan tage ændringen fra den dag")
    form.first_day_edit.setDate(texts.qdate(NOW.date() + timedelta(days=14)))
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert "Ordinationen starter søndag 6. december" in form.landing_text
    with qtbot.waitSignal(d.change_saved, timeout=10_000):  # type: ignore[attr-defined]
        d.save_button.click()  # type: ignore[attr-defined]
    assert "er registreret" in d.summary_text  # type: ignore[attr-defined]
    assert "Status: Registreret" in d.summary_text  # type: ignore[attr-defined]
    d.close()

    d = _show(qtbot, runner, factories["acute"])
    form = d.form  # type: ignore[attr-defined]
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(ChangeKind.DISCONTINUE.value))
    form.source_combo.setEditText("Læge Lund")
    form.acute_box.bag_grid.set_checked(NOW.date(), "evening", True)
    form.acute_box.remove_radio.setChecked(True)
    form.acute_box.identifiable_check.setChecked(True)
    form.acute_box.reason_edit.setPlainText("Muskelsmerter")
    form.acute_box.doctor_edit.setText("Dr. Berg")
    assert "Træder i kraft <b>i dag</b>" in form.landing_text
    with qtbot.waitSignal(d.change_saved, timeout=10_000):  # type: ignore[attr-defined]
        d.save_button.click()  # type: ignore[attr-defined]
    assert "Akut ændring" in d.summary_text  # type: ignore[attr-defined]
    assert "Opfølgningsændring" in d.summary_text  # type: ignore[attr-defined]
    d.confirm_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "Status: Bekræftet" in d.summary_text, timeout=10_000)  # type: ignore[attr-defined]
    d.close()
    ours = sorted((c, s) for c, s in danish.missing if not c.startswith("Q"))  # not Qt's own
    assert not ours, f"untranslated in Danish: {ours[:10]}"


def test_a_deadline_hours_away_says_hours_not_zero_days(
    danish: Recorder, qtbot: QtBot, koord: Ctx, runner: Runner, gui_world: GuiWorld
) -> None:
    dialog = _show(qtbot, runner, dialog_factories(koord, runner, gui_world)["acute"])
    panel = dialog.form.acute_box  # type: ignore[attr-defined]
    deadline = NOW + timedelta(hours=3, minutes=20)
    assert panel.until_text(deadline, NOW, 0) == "om 3 timer"
    assert panel.until_text(NOW + timedelta(minutes=20), NOW, 0) == "om 20 minutter"
    assert panel.until_text(NOW + timedelta(days=2, hours=1), NOW, 2) == "om 2 dage"


# ---------------------------------------------------------------------------
# The main window's own labels and the desk, walked the same way
# ---------------------------------------------------------------------------


def window_mnemonics(win: QWidget) -> list[tuple[str, str, QWidget | None]]:
    """(letter, what shows it, the widget it reaches) for every underlined letter active in the
    window as it stands: its visible labels and buttons, the titles of its visible tab bars and
    its menu bar."""
    from PySide6.QtWidgets import QMainWindow, QTabBar

    out = [
        (letter, w.text() if isinstance(w, QLabel | QAbstractButton) else w.title(), target)
        for letter, w, target in mnemonics(win)
    ]
    for bar in win.findChildren(QTabBar):
        if not bar.isVisibleTo(win):
            continue
        for i in range(bar.count()):
            m = _MNEMONIC.search(bar.tabText(i).replace("&&", ""))
            if m and bar.isTabEnabled(i) and bar.isTabVisible(i):
                out.append((m.group(1).lower(), f"tab {bar.tabText(i)!r}", bar))
    if isinstance(win, QMainWindow) and win.menuBar().isVisible():
        for action in win.menuBar().actions():
            m = _MNEMONIC.search(action.text().replace("&&", ""))
            if m and action.isVisible():
                out.append((m.group(1).lower(), f"menu {action.text()!r}", win.menuBar()))
    return out


def _unique_and_reaching(where: str, found: list[tuple[str, str, QWidget | None]]) -> list[str]:
    letters = [letter for letter, _, _ in found]
    problems = [
        f"{where}: &{x} used by " + ", ".join(repr(t) for y, t, _ in found if y == x)
        for x in sorted({x for x in letters if letters.count(x) > 1})
    ]
    for letter, text, target in found:
        if target is None:
            problems.append(f"{where}: {text!r} has no buddy")
        elif not isinstance(target, QWidget) or not (
            _takes_focus(target) or target.__class__.__name__ in ("QTabBar", "QMenuBar")
        ):
            problems.append(f"{where}: &{letter} of {text!r} reaches nothing that takes the focus")
    return problems


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_main_window_and_every_desk_tab_have_unique_reachable_mnemonics(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    koord: Ctx,
    gui_world: GuiWorld,
    lang: str,
) -> None:
    from dosisdesk.services.users import database_info, list_teams
    from dosisdesk.ui.nurse.mainwindow import MainWindow

    if lang == "da":
        request.getfixturevalue("danish")
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.set_database(koord.db.url, database_info(koord.db))
    w.show()
    with qtbot.waitSignal(w.citizens.model.page_loaded, timeout=10_000):
        w.set_session(koord, list_teams(koord.db), None, None)
    with qtbot.waitSignal(w.citizens.model.page_loaded, timeout=10_000):
        w.citizens.search.setText("anna")
    with qtbot.waitSignal(w.card.card_loaded, timeout=10_000):
        w.citizens.select_row(0)
    problems: list[str] = []
    for i in range(w.card.tabs.count()):
        w.card.tabs.setCurrentIndex(i)
        qtbot.waitUntil(lambda: w.runner.idle, timeout=10_000)
        where = f"citizens, card tab {w.card.tabs.tabText(i)!r}"
        problems += _unique_and_reaching(where, window_mnemonics(w))
    w.act_show_desk.trigger()
    qtbot.waitUntil(lambda: w.runner.idle, timeout=10_000)
    desk = w.desk  # type: ignore[attr-defined]
    for i in range(desk.tabs.count()):
        desk.tabs.setCurrentIndex(i)
        qtbot.waitUntil(lambda: w.runner.idle, timeout=10_000)
        where = f"desk tab {desk.tabs.tabText(i)!r}"
        problems += _unique_and_reaching(where, window_mnemonics(w))
    w.close()
    assert not problems, "\n".join(problems)
