"""The card: rolls side by side with the coming change in the next column, the private-lines
note, the day view, confirm and cancel from the Changes tab, and the conflict message."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import DatabaseBusy
from dosisdesk.domain.types import CPH, ChangeKind, ChangeState, ContactKind
from dosisdesk.services import cards, changes, contacts
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage.db import Database
from dosisdesk.ui import texts
from dosisdesk.ui.messages import bridge
from dosisdesk.ui.nurse.card import CardWidget
from dosisdesk.ui.nurse.card_tabs import CancelChangeDialog
from dosisdesk.ui.nurse.mainwindow import MainWindow
from dosisdesk.ui.nurse.models import CHANGED_BG, CardLinesModel, ChangesModel
from tests.conftest import NOW
from tests.gui.gui_world import GuiWorld


def open_citizen(qtbot: QtBot, w: MainWindow, text: str) -> None:
    with qtbot.waitSignal(w.citizens.model.page_loaded, timeout=5000):
        w.citizens.search.setText(text)
    with qtbot.waitSignal(w.card.card_loaded, timeout=5000):
        w.citizens.select_row(0)
    qtbot.waitUntil(lambda: w.runner.idle, timeout=5000)


def planned(ctx: Ctx, gw: GuiWorld) -> changes.ChangeDTO:
    return changes.register(
        ctx,
        changes.ChangeRequest(
            cpr=gw.world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=gw.world.line_metformin,
            dosage="2+0+1+0",
            source="Egen læge",
        ),
    )


def row_of(model: CardLinesModel, text: str) -> int:
    for r in range(model.rowCount()):
        if text in (model.data(model.index(r, 0)) or ""):
            return r
    raise AssertionError(f"{text} not on the card")


def test_rolls_side_by_side_with_the_coming_change(
    window: MainWindow, qtbot: QtBot, koord: Ctx, gui_world: GuiWorld
) -> None:
    planned(koord, gui_world)
    open_citizen(qtbot, window, "anna")
    card = window.card.card
    model = card.model
    assert [c.is_current for c in model.periods][:2] == [True, False]
    assert model.periods[0].period.first_day == date(2026, 11, 19)
    assert model.periods[1].period.first_day == date(2026, 12, 3)
    r = row_of(model, "Glucophage")
    cur_first, _ = model.period_columns(0)
    next_first, _ = model.period_columns(1)
    # morning dose: 1 now, 2 in the next roll, and the next roll's cell is highlighted
    assert model.data(model.index(r, cur_first)) == "1"
    assert model.data(model.index(r, next_first)) == "2"
    bg = model.data(model.index(r, next_first), Qt.ItemDataRole.BackgroundRole)
    assert bg is not None and bg.color() == CHANGED_BG
    assert model.data(model.index(r, cur_first), Qt.ItemDataRole.BackgroundRole) is None
    notes = model.data(model.index(r, model.notes_column))
    assert "2+0+1+0" in notes and "Registered" in notes
    # the lines are grouped: the roll first, then as needed (PN), apart
    groups = [model.data(model.index(i, 0)) for i in model.group_rows()]
    assert groups == ["In the roll", "As needed (PN)"]
    # each period's box: dates, weeks, deadline with a countdown, status
    boxes = card.strip.texts_of()
    assert "week 47–49" in boxes[0]
    assert "deadline" in boxes[1] and "1 change(s)" in boxes[1]
    assert "<br>in " not in boxes[1]  # the deadline (Tue 1 Dec 12:00) is 9 days away
    assert card.strip.isVisible()
    # within 48 hours of the deadline the box counts down
    card.strip.set_periods(model.periods, datetime(2026, 11, 30, 10, 30, tzinfo=CPH))
    assert "in 1 d 1 h 30 min" in card.strip.texts_of()[1]


def test_private_lines_note(window: MainWindow, qtbot: QtBot) -> None:
    open_citizen(qtbot, window, "anna")
    note = window.card.card.private_note
    assert note.isVisible()
    assert note.text() == "1 private-marked line(s) hidden"
    model = window.card.card.model
    texts = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert not any("Zoloft" in (t or "") for t in texts)


def test_header_and_paused_banner(
    window: MainWindow, qtbot: QtBot, koord: Ctx, gui_world: GuiWorld
) -> None:
    contacts.pause_card(koord, gui_world.world.anna, "Indlagt")
    open_citizen(qtbot, window, "anna")
    header = window.card.header
    assert "Anna Hansen" in header.name_text and "030540" in header.name_text
    assert any("70 20 20 20" in row for row in header.details)
    assert any("Torsdag" in row for row in header.details)
    assert "Indlagt" in header.paused_text


def _colours(widget: QWidget) -> set[int]:
    """The colours (RGB) a widget's pixels show."""
    image = widget.grab().toImage()
    return {
        image.pixelColor(x, y).rgb() & 0xFFFFFF
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
    }


def test_the_header_draws_the_paused_and_admitted_banners(
    window: MainWindow, qtbot: QtBot, koord: Ctx, gui_world: GuiWorld
) -> None:
    """The header is painted: what it says is on the glass (the banners' colours, each line
    in the header's height), and only while it applies."""
    header = window.card.header
    open_citizen(qtbot, window, "anna")
    plain_height = header.height()
    assert 0xA4161A not in _colours(header) and 0xB26A00 not in _colours(header)
    contacts.pause_card(koord, gui_world.world.anna, "Indlagt")
    contacts.add_contact(
        koord,
        contacts.ContactRequest(
            cpr=gui_world.world.anna,
            kind=ContactKind.ADMISSION,
            hospital="Aarhus Universitetshospital",
            department="Kardiologisk afdeling",
            phone="78451234",
            started_at=NOW - timedelta(days=1),
        ),
    )
    with qtbot.waitSignal(window.card.card_loaded, timeout=5000):
        window.card.reload()
    qtbot.waitUntil(lambda: header.paused_text != "", timeout=5000)
    assert header.admitted_text.startswith("Admitted: Aarhus Universitetshospital")
    # two banners more: the header grew to hold them, and draws both
    assert header.height() > plain_height + 2 * header.fontMetrics().height()
    colours = _colours(header)
    assert 0xA4161A in colours  # the paused banner's ground
    assert 0xB26A00 in colours  # the admitted banner's border
    assert header.accessibleName() == header.name_text
    assert "Indlagt" in header.accessibleDescription()


def test_the_header_copies_the_cpr_number_and_its_text(
    window: MainWindow, qtbot: QtBot, gui_world: GuiWorld
) -> None:
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QContextMenuEvent, QGuiApplication
    from PySide6.QtWidgets import QApplication, QMenu

    open_citizen(qtbot, window, "anna")
    header = window.card.header
    clipboard = QGuiApplication.clipboard()
    offered: list[str] = []

    def choose(index: int) -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        offered[:] = [a.text() for a in menu.actions()]
        menu.actions()[index].trigger()
        menu.close()

    for index in (0, 1):
        clipboard.setText("")
        QTimer.singleShot(50, lambda index=index: choose(index))
        at = QPoint(20, 10)
        header.contextMenuEvent(
            QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, header.mapToGlobal(at))
        )
        qtbot.waitUntil(lambda: clipboard.text() != "", timeout=3000)
        if index == 0:
            assert offered == ["Copy CPR number", "Copy the header"]
            assert clipboard.text() == format_cpr(gui_world.world.anna)
        else:
            lines = clipboard.text().split("\n")
            assert lines[0] == header.name_text and "Anna Hansen" in lines[0]
            assert any("70 20 20 20" in line for line in lines)


def test_the_period_strip_draws_a_box_per_roll(window: MainWindow, qtbot: QtBot) -> None:
    open_citizen(qtbot, window, "anna")
    strip = window.card.card.strip
    model = window.card.card.model
    qtbot.waitUntil(lambda: strip.isVisible(), timeout=5000)
    assert len(strip.texts_of()) == len(model.periods) >= 2
    image = strip.grab().toImage()
    header = window.card.card.view.horizontalHeader()
    offset = window.card.card.view.frameWidth()
    for i in range(len(model.periods)):
        first, _last = model.period_columns(i)
        x = header.sectionViewportPosition(first) + offset
        # the box's border at its left edge, its ground inside
        assert image.pixelColor(x, strip.height() // 2).name() == "#868e96"
        assert image.pixelColor(x + 2, strip.height() - 4).name() == "#f8f9fa"
    # as tall as the tallest box's text (five lines and more: title, dates, weeks, deadline,
    # status), in the strip's own font
    assert strip.height() >= 5 * strip.fontMetrics().lineSpacing()
    # a screen reader reads the boxes as plain text
    description = strip.accessibleDescription()
    assert "Today:" in description and "week" in description and "<" not in description


def test_day_view(window: MainWindow, qtbot: QtBot) -> None:
    open_citizen(qtbot, window, "anna")
    card = window.card
    card.tabs.setCurrentIndex(CardWidget.TAB_DAY)
    day_view = card.day_view
    assert day_view.day == date(2026, 11, 22)
    assert day_view.date_edit.displayFormat() == "d. MMM yyyy"
    with qtbot.waitSignal(card.day_loaded, timeout=5000):
        qtbot.mouseClick(day_view.next_button, Qt.MouseButton.LeftButton)
    assert day_view.day == date(2026, 11, 23)
    model = day_view.model
    rows = [
        (
            model.data(model.index(r, 0)),
            model.data(model.index(r, 1)),
            model.data(model.index(r, 2)),
        )
        for r in range(model.rowCount())
    ]
    assert rows[0][0] == "Morning" and "Glucophage" in rows[0][1] and rows[0][2] == "1"
    assert any("Zarator" in r[1] for r in rows)
    assert "2 bag(s)" in day_view.summary.text()


def test_day_view_shows_the_coming_change(
    window: MainWindow, qtbot: QtBot, koord: Ctx, gui_world: GuiWorld
) -> None:
    planned(koord, gui_world)
    open_citizen(qtbot, window, "anna")
    day_view = window.card.day_view
    with qtbot.waitSignal(window.card.day_loaded, timeout=5000):
        day_view.set_day(date(2026, 12, 4))
    model = day_view.model
    first = [model.data(model.index(0, c)) for c in range(3)]
    assert first[0] == "Morning" and "Glucophage" in first[1] and first[2] == "2"


def select_change(qtbot: QtBot, w: MainWindow) -> None:
    w.card.tabs.setCurrentIndex(CardWidget.TAB_CHANGES)
    tab = w.card.changes_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.view.selectRow(0)


def test_confirm_from_the_changes_tab(
    window: MainWindow, qtbot: QtBot, koord: Ctx, gui_world: GuiWorld
) -> None:
    planned(koord, gui_world)
    open_citizen(qtbot, window, "anna")
    select_change(qtbot, window)
    tab = window.card.changes_tab
    assert tab.confirm_button.isEnabled()
    with qtbot.waitSignal(window.card.card_loaded, timeout=5000):
        qtbot.mouseClick(tab.confirm_button, Qt.MouseButton.LeftButton)
    assert tab.model.change(0).state is ChangeState.CONFIRMED
    assert tab.model.data(tab.model.index(0, ChangesModel.COL_STATE)) == "Confirmed"
    assert not tab.confirm_button.isEnabled()
    assert not bridge.history


def test_cancel_from_the_changes_tab(
    window: MainWindow, qtbot: QtBot, koord: Ctx, gui_world: GuiWorld
) -> None:
    dto = planned(koord, gui_world)
    open_citizen(qtbot, window, "anna")
    select_change(qtbot, window)
    tab = window.card.changes_tab
    qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    dialog = tab._dialog
    assert isinstance(dialog, CancelChangeDialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # a reason is required
    qtbot.keyClicks(dialog.reason, "Registreret på forkert linje")
    assert ok.isEnabled()
    with qtbot.waitSignal(window.card.card_loaded, timeout=5000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 0
    assert changes.get(koord, dto.id).state is ChangeState.CANCELLED
    model = window.card.card.model
    r = row_of(model, "Glucophage")
    first, _ = model.period_columns(1)
    assert model.data(model.index(r, first)) == "1"  # the next roll is as today again


def test_conflict_when_another_session_changed_it_first(
    window: MainWindow, qtbot: QtBot, sqlite_db: Database, koord: Ctx, gui_world: GuiWorld
) -> None:
    dto = planned(koord, gui_world)
    open_citizen(qtbot, window, "anna")
    select_change(qtbot, window)
    other = open_ctx(sqlite_db, "sygpl", fixed_clock(NOW))
    changes.cancel(other, dto.id, dto.version, "Lægen har trukket den tilbage")
    tab = window.card.changes_tab
    with qtbot.waitSignal(window.card.card_loaded, timeout=5000):
        qtbot.mouseClick(tab.confirm_button, Qt.MouseButton.LeftButton)
    assert [m.title for m in bridge.history] == ["Changed by someone else"]
    assert "Sif Sygeplejerske" in bridge.history[0].text
    assert tab.model.rowCount() == 0  # reloaded: the change is gone from the open list


def test_double_click_on_a_line_opens_the_change_dialog(
    window: MainWindow, qtbot: QtBot, gui_world: GuiWorld
) -> None:
    open_citizen(qtbot, window, "anna")
    view = window.card.card.view
    model = window.card.card.model
    r = row_of(model, "Zarator")
    window.card.card._on_activated(model.index(r, 0))
    dialog = window.dialog
    assert dialog is not None and type(dialog).__name__ == "ChangeDialog"
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=5000)
    dialog.reject()
    assert view is not None


def test_shortcuts_and_actions(window: MainWindow, qtbot: QtBot) -> None:
    assert window.act_new.shortcut().toString() == "Ctrl+N"
    assert window.act_acute.shortcut().toString() == "Ctrl+Shift+N"
    assert window.act_contact.shortcut().toString() == "Ctrl+H"
    assert window.act_reload.shortcut().toString() == "F5"
    assert window.act_find.shortcut().toString() == "Ctrl+F"
    assert not window.act_new.isEnabled()  # no citizen yet
    window.open_change_dialog()
    assert bridge.history and bridge.history[-1].level == "info"
    open_citizen(qtbot, window, "anna")
    window.act_acute.trigger()
    assert window.dialog is not None and window.dialog.isVisible()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=5000)
    window.dialog.reject()


def test_print_actions_open_the_print_dialogs(window: MainWindow, qtbot: QtBot) -> None:
    from dosisdesk.ui.dialogs.printing import HandoverPrintDialog, MedlistPrintDialog

    assert window.act_print_handover.isEnabled()
    assert not window.act_print_medlist.isEnabled()  # no citizen chosen yet
    window.act_print_handover.trigger()
    assert isinstance(window.dialog, HandoverPrintDialog)
    window.dialog.close()
    open_citizen(qtbot, window, "anna")
    assert window.act_print_medlist.isEnabled()
    window.act_print_medlist.trigger()
    assert isinstance(window.dialog, MedlistPrintDialog)
    # Saving proposes the citizen's name and the date, never the CPR number.
    assert window.dialog.default_file_name() == "medicinliste-anna-hansen-2026-11-22.pdf"
    window.dialog.close()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=5000)


def test_coordinator_desk_is_a_workspace_that_opens_cards(
    window: MainWindow, qtbot: QtBot, koord: Ctx, gui_world: GuiWorld
) -> None:
    assert window.desk is not None and window.act_show_desk.isEnabled()
    window.act_show_desk.trigger()
    assert window.workspaces.currentWidget() is window.desk
    window.desk.open_citizen.emit(gui_world.world.anna)
    assert window.workspaces.currentIndex() == 0
    qtbot.waitUntil(
        lambda: (
            window.card.card_view is not None
            and window.card.card_view.citizen.cpr == gui_world.world.anna
        ),
        timeout=5000,
    )
    qtbot.waitUntil(lambda: window.runner.idle, timeout=5000)


def test_a_discontinuation_shows_no_new_dose(koord: Ctx, gui_world: GuiWorld) -> None:
    c = changes.register(
        koord,
        changes.ChangeRequest(
            cpr=gui_world.world.anna,
            kind=ChangeKind.DISCONTINUE,
            line_id=gui_world.world.line_atorva,
        ),
    )
    d = planned(koord, gui_world)
    model = ChangesModel()
    model.set_changes([c, d], {})
    doses = [model.data(model.index(r, ChangesModel.COL_DOSE)) for r in range(2)]
    assert doses == ["–", "2+0+1+0"]


def test_a_wrapped_drug_name_or_note_is_never_cut(
    window: MainWindow, qtbot: QtBot, koord: Ctx, gui_world: GuiWorld
) -> None:
    """Rows are measured from the cells that wrap (the drug and the notes): a narrow drug
    column makes the name take two lines, and its row grows to show both."""
    planned(koord, gui_world)
    open_citizen(qtbot, window, "anna")
    view = window.card.card.view
    model = window.card.card.model
    r = row_of(model, "Glucophage")
    one_line = view.rowHeight(r)
    view.setColumnWidth(model.COL_DRUG, 60)
    view.resizeRowsToContents()
    text = model.data(model.index(r, model.COL_DRUG))
    fm = view.fontMetrics()
    wrapped = fm.boundingRect(0, 0, 60 - 12, 100_000, Qt.TextFlag.TextWordWrap, text).height()
    assert wrapped > fm.height()  # the name does wrap at that width
    assert view.rowHeight(r) >= wrapped > one_line - 6
    notes = model.data(model.index(r, model.notes_column))
    assert notes and view.rowHeight(r) >= fm.height()


def test_the_hospital_tab_shows_the_open_citizens_contacts(
    window: MainWindow, qtbot: QtBot, koord: Ctx, gui_world: GuiWorld
) -> None:
    """The hospital tab is filled when it is shown (not on every card open), and always with
    the card's own citizen: opened on another tab, then on the hospital tab, then again."""
    contacts.add_contact(
        koord,
        contacts.ContactRequest(
            gui_world.world.anna,
            ContactKind.OUTPATIENT,
            "Herlev Hospital",
            "Medicinsk ambulatorium",
            "38 68 38 68",
            NOW - timedelta(hours=1),
        ),
    )
    card = window.card
    open_citizen(qtbot, window, "anna")
    card.tabs.setCurrentIndex(card.TAB_HOSPITAL)
    panel = card.contact_panel
    assert panel is not None
    assert [c.hospital for c in panel.contacts] == ["Herlev Hospital"]  # type: ignore[attr-defined]
    card.tabs.setCurrentIndex(card.TAB_CARD)
    open_citizen(qtbot, window, "bent")
    card.tabs.setCurrentIndex(card.TAB_HOSPITAL)
    assert panel.contacts == []  # type: ignore[attr-defined]
    # a card opened while the tab is shown fills it at once
    open_citizen(qtbot, window, "anna")
    assert [c.hospital for c in panel.contacts] == ["Herlev Hospital"]  # type: ignore[attr-defined]


def test_the_changes_tab_shows_the_open_citizens_changes(
    window: MainWindow, qtbot: QtBot, koord: Ctx, gui_world: GuiWorld
) -> None:
    """The changes tab is filled when it is shown (its title, with the number, when the card
    loads), and always with the card's own citizen: Anna's change is never listed for Bent,
    whether his card was opened on another tab or on the changes tab itself."""
    dto = planned(koord, gui_world)
    card = window.card
    tab = card.changes_tab
    title = card.tabs.tabText
    open_citizen(qtbot, window, "anna")
    assert "(1)" in title(card.TAB_CHANGES)
    card.tabs.setCurrentIndex(card.TAB_CHANGES)
    assert [tab.model.change(i).id for i in range(tab.model.rowCount())] == [dto.id]
    assert tab.detail.text()  # the selected change's details
    card.tabs.setCurrentIndex(card.TAB_CARD)
    open_citizen(qtbot, window, "bent")
    assert "(0)" in title(card.TAB_CHANGES)
    card.tabs.setCurrentIndex(card.TAB_CHANGES)
    assert tab.model.rowCount() == 0
    assert not tab.detail.text() and not tab.confirm_button.isEnabled()
    # a card opened while the tab is shown fills it at once
    open_citizen(qtbot, window, "anna")
    assert [tab.model.change(i).id for i in range(tab.model.rowCount())] == [dto.id]
    open_citizen(qtbot, window, "bent")
    assert tab.model.rowCount() == 0


def _card_reads(db: Database) -> int:
    with db.engine.connect() as c:
        return int(
            c.exec_driver_sql("SELECT count(*) FROM audit_log WHERE action = 'card.read'").scalar()
            or 0
        )


def test_a_card_whose_read_is_not_committed_is_never_shown(
    window: MainWindow,
    qtbot: QtBot,
    sqlite_db: Database,
    gui_world: GuiWorld,
    monkeypatch: pytest.MonkeyPatch,
    quiet_messages: list[object],
) -> None:
    """While a card's read is committed (its access entry with it), the window sets the card
    on its hidden page (issue #10). A commit that fails shows nothing: the page stays hidden,
    what was set on it is taken off again, the read is not in the log, the error is shown."""
    real = cards.card_view
    handed: list[object] = []

    def failing(ctx: Ctx, cpr: str, card_id: int | None = None, **kw: Any) -> Any:
        early = kw.pop("before_commit")

        def commit_fails(view: object) -> None:
            early(view)
            handed.append(view)
            raise DatabaseBusy("storage.db.busy")

        return real(ctx, cpr, card_id, before_commit=commit_fails, **kw)

    card = window.card
    set_on_hidden_page: list[str] = []
    set_page = card._set_page

    def spy(cv: Any, now: datetime) -> None:
        set_page(cv, now)
        if card.stack.currentIndex() == 0:
            set_on_hidden_page.append(card.header.name_text)

    monkeypatch.setattr(card, "_set_page", spy)
    monkeypatch.setattr(cards, "card_view", failing)
    reads = _card_reads(sqlite_db)
    with qtbot.waitSignal(card.load_failed, timeout=5000):
        card.show_citizen(gui_world.world.anna)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=5000)
    assert handed and set_on_hidden_page and "Anna" in set_on_hidden_page[0]
    assert card.stack.currentIndex() == 0 and card.card_view is None
    assert card.header.name_text == "" and card.header.details == []
    assert card.card.model.rowCount() == 0 and card.day_view.model.rowCount() == 0
    assert _card_reads(sqlite_db) == reads
    assert quiet_messages  # the error was shown


def test_a_card_asked_for_while_the_last_one_commits_replaces_it(
    window: MainWindow, qtbot: QtBot, gui_world: GuiWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anna's card is set on the hidden page while its read commits; Bent's is asked for
    before that commit is done: Anna's card is never shown, Bent's is."""
    real = cards.card_view
    anna = gui_world.world.anna
    bent = gui_world.names["Andersen"]
    hold = threading.Event()

    def slow_commit(ctx: Ctx, cpr: str, card_id: int | None = None, **kw: Any) -> Any:
        early = kw.pop("before_commit")

        def held(view: object) -> None:
            early(view)
            if cpr == anna:
                assert hold.wait(10)

        return real(ctx, cpr, card_id, before_commit=held, **kw)

    monkeypatch.setattr(cards, "card_view", slow_commit)
    card = window.card
    shown: list[str] = []
    card.card_loaded.connect(lambda cv: shown.append(cv.citizen.cpr))
    card.show_citizen(anna)
    qtbot.waitUntil(lambda: "Anna" in card.header.name_text, timeout=5000)
    assert card.stack.currentIndex() == 0  # set on the hidden page, not shown
    card.show_citizen(bent)
    hold.set()
    qtbot.waitUntil(lambda: shown == [bent] and window.runner.idle, timeout=10_000)
    assert card.stack.currentIndex() == 1
    assert "Bent" in card.header.name_text and card.card_view is not None
    assert card.card_view.citizen.cpr == bent


def _held_at_commit(
    monkeypatch: pytest.MonkeyPatch, held_cpr: str, fail: bool = False
) -> tuple[threading.Event, threading.Event]:
    """card_view with the named citizen's commit held (after the view is handed over) until
    the first event is set, then done or failing; the second is set once it is held."""
    real = cards.card_view
    hold, reached = threading.Event(), threading.Event()

    def slow_commit(ctx: Ctx, cpr: str, card_id: int | None = None, **kw: Any) -> Any:
        early = kw.pop("before_commit")

        def held(view: object) -> None:
            early(view)
            if cpr == held_cpr:
                reached.set()
                assert hold.wait(10)
                if fail:
                    raise DatabaseBusy("storage.db.busy")

        return real(ctx, cpr, card_id, before_commit=held, **kw)

    monkeypatch.setattr(cards, "card_view", slow_commit)
    return hold, reached


def _open(window: MainWindow, qtbot: QtBot, cpr: str) -> None:
    with qtbot.waitSignal(window.card.day_loaded, timeout=5000):
        window.card.show_citizen(cpr)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=5000)


def _lines(card: CardWidget) -> list[object]:
    model = card.card.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_from_another_card_nothing_of_the_next_is_shown_before_its_commit(
    window: MainWindow, qtbot: QtBot, gui_world: GuiWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bent's card is shown; Anna's is asked for. While her read commits (its view handed
    over), Bent's header, rolls and day stay on screen as they were. Once the commit is done
    her card is shown, the keyboard focus still on the rolls."""
    anna, bent = gui_world.world.anna, gui_world.names["Andersen"]
    card = window.card
    _open(window, qtbot, bent)
    card.tabs.setCurrentIndex(card.TAB_CARD)
    card.card.view.setFocus()
    qtbot.waitUntil(card.card.view.hasFocus)
    header, lines = card.header.name_text, _lines(card)
    hold, reached = _held_at_commit(monkeypatch, anna)
    card.show_citizen(anna)
    qtbot.waitUntil(reached.is_set, timeout=5000)
    qtbot.wait(50)  # (the hand-over delivered to the window)
    assert "Bent" in header and card.header.name_text == header and _lines(card) == lines
    assert card.stack.currentIndex() == 1 and card.day_view.model.rowCount() == 0
    hold.set()
    qtbot.waitUntil(lambda: card.card_view is not None and window.runner.idle, timeout=10_000)
    assert "Anna" in card.header.name_text and row_of(card.card.model, "Glucophage") >= 0
    assert card.card.view.hasFocus()


def test_from_another_card_a_failed_commit_shows_no_card(
    window: MainWindow,
    qtbot: QtBot,
    sqlite_db: Database,
    gui_world: GuiWorld,
    monkeypatch: pytest.MonkeyPatch,
    quiet_messages: list[object],
) -> None:
    """Anna's card is shown; Bent is chosen in the list and his read's commit fails. Anna's
    card does not stay beside his name in the list and the title (a card of the wrong citizen):
    the card is taken off and the empty state says his could not be opened. His read is not in
    the log, the error is shown, and asking for him again (Enter on his row) opens his card."""
    anna, bent = gui_world.world.anna, gui_world.names["Andersen"]
    card = window.card
    _open(window, qtbot, anna)
    assert "Anna" in card.header.name_text and _lines(card)
    hold, reached = _held_at_commit(monkeypatch, bent, fail=True)
    reads = _card_reads(sqlite_db)
    with qtbot.waitSignal(card.load_failed, timeout=5000):
        card.show_citizen(bent)
        qtbot.waitUntil(reached.is_set, timeout=5000)
        hold.set()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=5000)
    assert card.stack.currentIndex() == 0 and card.card_view is None
    assert card.empty.text() == texts.card_failed_text()
    assert card.header.name_text == "" and _lines(card) == []
    assert card.day_view.model.rowCount() == 0
    assert _card_reads(sqlite_db) == reads
    assert quiet_messages
    assert not window.act_new.isEnabled()  # nothing to change on no card
    # the same citizen asked for again (Enter on his row, as the text says): read again
    monkeypatch.undo()
    _open(window, qtbot, bent)
    assert card.stack.currentIndex() == 1 and "Bent" in card.header.name_text
    assert window.act_new.isEnabled()
    card.show_citizen(None)  # no citizen chosen: the usual empty text again
    assert card.empty.text() == texts.card_empty_text()


def test_a_failed_day_read_leaves_the_card(
    window: MainWindow,
    qtbot: QtBot,
    gui_world: GuiWorld,
    monkeypatch: pytest.MonkeyPatch,
    quiet_messages: list[object],
) -> None:
    """Another day's bags that cannot be read: the error is shown, the citizen's own card stays
    (only a failed read of the card itself takes the card off)."""
    anna = gui_world.world.anna
    card = window.card
    _open(window, qtbot, anna)
    lines = _lines(card)

    def fails(*_a: object, **_k: object) -> Any:
        raise DatabaseBusy("storage.db.busy")

    monkeypatch.setattr(cards, "bags_on", fails)
    with qtbot.waitSignal(card.load_failed, timeout=5000):
        card.day_view.day_requested.emit(card.day_view.day + timedelta(days=1))
    qtbot.waitUntil(lambda: window.runner.idle, timeout=5000)
    assert quiet_messages
    assert card.stack.currentIndex() == 1 and card.card_view is not None
    assert "Anna" in card.header.name_text and _lines(card) == lines


def test_from_another_card_a_third_asked_during_the_commit_wins(
    window: MainWindow, qtbot: QtBot, gui_world: GuiWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bent's card is shown; Anna's is asked for; a third citizen's is asked for before her
    read's commit is done: Anna's is never shown, the third's is."""
    anna, bent = gui_world.world.anna, gui_world.names["Andersen"]
    third = next(c for name, c in gui_world.names.items() if name != "Andersen")
    card = window.card
    _open(window, qtbot, bent)
    hold, reached = _held_at_commit(monkeypatch, anna)
    shown: list[str] = []
    card.card_loaded.connect(lambda cv: shown.append(cv.citizen.cpr))
    card.show_citizen(anna)
    qtbot.waitUntil(reached.is_set, timeout=5000)
    card.show_citizen(third)
    hold.set()
    qtbot.waitUntil(lambda: shown == [third] and window.runner.idle, timeout=10_000)
    assert card.card_view is not None and card.card_view.citizen.cpr == third
    assert "Anna" not in card.header.name_text
    assert card.card.model.rowCount() == 0  # the third's card has no lines, not Anna's


def test_a_long_name_wraps_and_keeps_the_cpr_number_on_the_header(qtbot: QtBot) -> None:
    """In a narrow window the name line wraps: the header grows to hold it, so the CPR number
    at its end is drawn inside the header, not cut off at its edge (one line, it was cut)."""
    from dosisdesk.ui.nurse.card_views import CardHeader

    header = CardHeader()
    qtbot.addWidget(header)
    header.resize(900, 10)
    header.show()
    qtbot.waitExposed(header)
    name = "Anne-Marie Kristine Østergaard-Christiansen  ·  030540-1234  ·  86 years"
    header._show("0305401234", name, ["Vej 1, 9999 By"], "", "")
    wide = header.height()
    header.resize(300, wide)
    qtbot.waitUntil(lambda: header.height() > wide + header.fontMetrics().height())
