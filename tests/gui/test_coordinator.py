"""The coordinator's desk, offscreen: the queue's groups and filters on known data, bulk confirm
with audit and conflicts, cancel with a reason, missed deadlines as the clock moves, flags and
their acknowledgement, renewals and tasks, supply failures, hospital lists, the charts against the
services' numbers, CSV export, and every model through Qt's model tester."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from dosisdesk.domain.cpr import demo_cpr
from dosisdesk.domain.text import name_sort_key
from dosisdesk.domain.types import (
    CPH,
    ChangeKind,
    ChangeState,
    ContactKind,
    HandlingKind,
    RejectionReason,
    RenewalState,
    Severity,
    Supply,
)
from dosisdesk.services import changes, contacts, figures, flags, renewals, review, supply
from dosisdesk.services import queue as queue_service
from dosisdesk.services.changes import ChangeRequest, HandlingRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.services.queue import QueueFilter
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from dosisdesk.ui.desk.base import DeskTab, ReasonDialog
from dosisdesk.ui.desk.desk import CoordinatorDesk
from dosisdesk.ui.desk.flags_tab import FlagsTab
from dosisdesk.ui.desk.models import (
    MISSED_BG,
    SOON_BG,
    ContactMode,
    DeskRole,
    QueueModel,
    acute_model,
    affected_model,
    contacts_model,
    failures_model,
    figures_model,
    flags_model,
    renewals_model,
    tasks_model,
)
from dosisdesk.ui.messages import bridge
from dosisdesk.ui.runner import Runner
from tests.conftest import NOW
from tests.gui.gui_world import GuiWorld
from tests.helpers.changes import acute_stop
from tests.helpers.gui import open_desk

DEADLINE_DEC1 = datetime(2026, 12, 1, 12, 0, tzinfo=CPH)
DEADLINE_DEC4 = datetime(2026, 12, 4, 12, 0, tzinfo=CPH)  # Saturday 5 Dec moves to Friday
TIMEOUT = 15_000


@dataclass(frozen=True)
class Queue:
    """Four planned changes in two groups: Apotek Test / Torsdag (deadline Tue 1 Dec 12:00):
    Anna's metformin (by sygpl), Anna's PN (by koord), Øjvind's simvastatin (by koord); and
    Apotek Nord / Mandag (deadline Fri 4 Dec 12:00): Søren Syd's line (by koord)."""

    anna_dose: int
    anna_pn: int
    ojvind: int
    soren: int
    soren_cpr: str


def _line_of(db: Database, cpr: str) -> int:
    with db.begin() as s:
        return (
            s.scalars(
                select(m.Line.id)
                .join(m.Citizen, m.Citizen.id == m.Line.citizen_id)
                .where(m.Citizen.cpr == cpr)
            ).first()
            or 0
        )


def _monday_citizen(db: Database, gw: GuiWorld) -> str:
    w = gw.world
    cpr = demo_cpr(date(1936, 2, 2), 40)
    with db.begin() as s:
        ph = m.Pharmacy(name="Apotek Nord", phone="70303030")
        s.add(ph)
        s.flush()
        g = m.PackingGroup(
            pharmacy_id=ph.id, name="Mandag", start_weekday=0, anchor=date(2026, 1, 5)
        )
        s.add(g)
        c = m.Citizen(
            cpr=cpr,
            first_name="Søren",
            last_name="Syd",
            sort_key=name_sort_key("Søren", "Syd"),
            team_id=w.team_syd,
            birth_date=date(1936, 2, 2),
        )
        s.add(c)
        s.flush()
        card = m.Card(citizen_id=c.id, packing_group_id=g.id)
        s.add(card)
        s.flush()
        ln = m.Line(card_id=card.id, citizen_id=c.id)
        s.add(ln)
        s.flush()
        s.add(
            m.LineVersion(
                line_id=ln.id,
                citizen_id=c.id,
                valid_from=date(2026, 3, 5),
                product_id=w.p_metformin,
                atc="A10BA02",
                dosage="1+0+1+0",
                supply="dose_roll",
            )
        )
    return cpr


def at(db: Database, moment: datetime, user: str = "koord") -> Ctx:
    return open_ctx(db, user, fixed_clock(moment))


@pytest.fixture
def queue(sqlite_db: Database, gui_world: GuiWorld) -> Queue:
    w = gui_world.world
    soren = _monday_citizen(sqlite_db, gui_world)
    nurse, koord = at(sqlite_db, NOW, "sygpl"), at(sqlite_db, NOW)
    a = changes.register(
        nurse,
        ChangeRequest(
            cpr=w.anna, kind=ChangeKind.DOSE_CHANGE, line_id=w.line_metformin, dosage="1+1+1+0"
        ),
    )
    b = changes.register(
        koord, ChangeRequest(cpr=w.anna, kind=ChangeKind.DISCONTINUE, line_id=w.line_pn)
    )
    c = changes.register(
        koord,
        ChangeRequest(
            cpr=w.ojvind, kind=ChangeKind.DISCONTINUE, line_id=_line_of(sqlite_db, w.ojvind)
        ),
    )
    d = changes.register(
        koord,
        ChangeRequest(
            cpr=soren,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=_line_of(sqlite_db, soren),
            dosage="2+0+1+0",
        ),
    )
    return Queue(a.id, b.id, c.id, d.id, soren)


@pytest.fixture
def desk(qtbot: QtBot, koord: Ctx, queue: Queue) -> Iterator[CoordinatorDesk]:
    yield from open_desk(qtbot, koord)


def show(qtbot: QtBot, desk: CoordinatorDesk, tab: DeskTab) -> None:
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        if desk.tabs.currentWidget() is tab:
            tab.refresh()
        else:
            desk.tabs.setCurrentWidget(tab)


def change_ids(model: QueueModel) -> list[int]:
    out = []
    for row in range(model.rowCount()):
        r = model.queue_row(row)
        if r is not None:
            out.append(r.change_id)
    return out


def reload_queue(qtbot: QtBot, desk: CoordinatorDesk, action: object = None) -> None:
    with qtbot.waitSignal(desk.queue_tab.loaded, timeout=TIMEOUT):
        if callable(action):
            action()
        else:
            desk.queue_tab.apply_filter()


def select_changes(desk: CoordinatorDesk, ids: list[int]) -> None:
    view, model = desk.queue_tab.view, desk.queue_tab.model
    view.clearSelection()
    from PySide6.QtCore import QItemSelectionModel

    for cid in ids:
        row = model.row_of_change(cid)
        assert row >= 0, cid
        view.selectionModel().select(
            model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


# ---------------------------------------------------------------------------
# The queue
# ---------------------------------------------------------------------------


def test_queue_is_grouped_by_pharmacy_and_deadline_next_first(
    desk: CoordinatorDesk, queue: Queue
) -> None:
    model = desk.queue_tab.model
    assert [(g.pharmacy, g.packing_group, g.deadline, g.count) for g in model.groups] == [
        ("Apotek Test", "Torsdag", DEADLINE_DEC1, 3),
        ("Apotek Nord", "Mandag", DEADLINE_DEC4, 1),
    ]
    # heading, its three changes (Danish order of names), heading, one change
    assert model.group_rows() == [0, 4]
    assert change_ids(model) == [queue.anna_dose, queue.anna_pn, queue.ojvind, queue.soren]
    heading = model.data(model.index(0, 0))
    assert "Apotek Test · Torsdag" in heading and "3 change(s)" in heading
    assert "3 to confirm" in heading
    assert desk.queue_tab.view.columnSpan(0, 0) == model.columnCount()
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert "4 of 4" in desk.queue_tab.count.text()


@pytest.mark.parametrize(
    ("widget", "value", "expected"),
    [
        ("team", "Team Syd", ("ojvind", "soren")),
        ("pharmacy", "Apotek Nord", ("soren",)),
        ("registered_by", "sygpl", ("anna_dose",)),
        ("search", "ærø", ("ojvind",)),
        ("search", "0305", ("anna_dose", "anna_pn")),
        ("acute", True, ()),
    ],
)
def test_queue_filters_give_the_right_rows(
    qtbot: QtBot,
    desk: CoordinatorDesk,
    queue: Queue,
    widget: str,
    value: object,
    expected: tuple[str, ...],
) -> None:
    tab = desk.queue_tab

    def apply() -> None:
        w = getattr(tab, widget)
        if widget == "search":
            w.setText(str(value))
            tab.apply_filter()
        else:
            w.setCurrentIndex(w.findData(value))

    reload_queue(qtbot, desk, apply)
    assert change_ids(tab.model) == [getattr(queue, name) for name in expected]
    assert tab.model.total == len(expected)


def test_bulk_confirm_changes_the_states_and_writes_the_audit(
    qtbot: QtBot, desk: CoordinatorDesk, queue: Queue, sqlite_db: Database
) -> None:
    tab = desk.queue_tab
    # a click on a group's heading selects its changes
    tab._on_clicked(tab.model.index(0, 0))
    assert sorted(r.change_id for r in tab.selected()) == sorted(
        [queue.anna_dose, queue.anna_pn, queue.ojvind]
    )
    assert tab.confirm_button.isEnabled()
    reload_queue(qtbot, desk, tab.confirm_button.click)
    k = at(sqlite_db, NOW)
    for cid in (queue.anna_dose, queue.anna_pn, queue.ojvind):
        c = changes.get(k, cid)
        assert c.state is ChangeState.CONFIRMED
        assert c.transitions[-1].by == "koord"
    assert changes.get(k, queue.soren).state is ChangeState.REGISTERED
    with sqlite_db.begin() as s:
        audited = s.execute(
            select(m.AuditEntry.entity_id, m.AuditEntry.username).where(
                m.AuditEntry.action == "change.confirm"
            )
        ).all()
    assert sorted(audited) == sorted(
        (cid, "koord") for cid in (queue.anna_dose, queue.anna_pn, queue.ojvind)
    )
    assert "3 change(s) confirmed" in desk.notice.text()
    # the rows show their new state; confirmed ones cannot be confirmed again
    row = tab.model.queue_row(tab.model.row_of_change(queue.anna_pn))
    assert row is not None and row.state is ChangeState.CONFIRMED
    select_changes(desk, [queue.anna_pn])
    assert not tab.confirm_button.isEnabled()


def test_bulk_confirm_conflict_saves_nothing_and_reloads(
    qtbot: QtBot, desk: CoordinatorDesk, queue: Queue, sqlite_db: Database
) -> None:
    select_changes(desk, [queue.anna_dose, queue.ojvind])
    # someone else cancels one of them meanwhile
    other = at(sqlite_db, NOW, "sygpl")
    c = changes.get(other, queue.anna_dose)
    changes.cancel(other, c.id, c.version, "dublet")
    reload_queue(qtbot, desk, desk.queue_tab.confirm_selected)
    assert bridge.history and bridge.history[-1].level == "warning"
    assert str(queue.anna_dose) in bridge.history[-1].text
    assert changes.get(at(sqlite_db, NOW), queue.ojvind).state is ChangeState.REGISTERED
    assert queue.anna_dose not in change_ids(desk.queue_tab.model)


def test_cancel_with_a_reason(
    qtbot: QtBot, desk: CoordinatorDesk, queue: Queue, sqlite_db: Database
) -> None:
    tab = desk.queue_tab
    select_changes(desk, [queue.soren])
    tab.ask_cancel()
    dlg = tab.dialog
    assert isinstance(dlg, ReasonDialog)
    ok = dlg.buttons.buttons()[0]
    assert not ok.isEnabled() or dlg.reason() == ""
    dlg.set_reason("Lægen fortrød")
    reload_queue(qtbot, desk, dlg.accept)
    done = changes.get(at(sqlite_db, NOW), queue.soren)
    assert done.state is ChangeState.CANCELLED and done.cancel_reason == "Lægen fortrød"
    assert queue.soren not in change_ids(tab.model)
    assert [g.pharmacy for g in tab.model.groups] == ["Apotek Test"]


def test_missed_deadline_appears_after_the_clock_moves_past_it(
    qtbot: QtBot, desk: CoordinatorDesk, queue: Queue, koord: Ctx
) -> None:
    tab = desk.queue_tab
    assert tab.model.data(tab.model.index(1, QueueModel.COL_MISSED)) == ""
    # the day before: the deadline is within 24 hours and the group stands out
    koord.clock = fixed_clock(DEADLINE_DEC1 - timedelta(hours=20))
    reload_queue(qtbot, desk)
    brush = tab.model.data(tab.model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == SOON_BG
    state = tab.model.index(1, QueueModel.COL_STATE)
    assert tab.model.data(state, Qt.ItemDataRole.BackgroundRole).color() == SOON_BG
    assert tab.model.data(tab.model.index(4, 0), Qt.ItemDataRole.BackgroundRole).color() != (
        SOON_BG
    )  # Apotek Nord's deadline is three days later
    # past the deadline: the unconfirmed changes moved on and count a missed deadline
    koord.clock = fixed_clock(DEADLINE_DEC1 + timedelta(minutes=5))
    reload_queue(qtbot, desk)
    row = tab.model.row_of_change(queue.anna_dose)
    r = tab.model.queue_row(row)
    assert r is not None and r.missed_deadlines == 1
    assert tab.model.data(tab.model.index(row, QueueModel.COL_MISSED)) == "1"
    bg = tab.model.data(tab.model.index(row, 0), Qt.ItemDataRole.BackgroundRole)
    assert bg.color() == MISSED_BG
    reload_queue(qtbot, desk, lambda: tab.missed.setChecked(True))
    assert sorted(change_ids(tab.model)) == sorted([queue.anna_dose, queue.anna_pn, queue.ojvind])
    assert "3 missed a deadline" in tab.model.data(tab.model.index(0, 0))


def test_opening_a_row_opens_the_citizen(
    qtbot: QtBot, desk: CoordinatorDesk, queue: Queue, gui_world: GuiWorld
) -> None:
    view, model = desk.queue_tab.view, desk.queue_tab.model
    row = model.row_of_change(queue.ojvind)
    rect = view.visualRect(model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(desk.open_citizen, timeout=TIMEOUT) as sig:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == [gui_world.world.ojvind]


def test_the_queue_loads_lazily(qtbot: QtBot, desk: CoordinatorDesk, queue: Queue) -> None:
    model = desk.queue_tab.model
    model.page_size = 2
    reload_queue(qtbot, desk)
    assert model.loaded == 2 and model.total == 4  # one page of two, not the whole queue
    # the rest a page at a time (the view itself may ask for the next page to fill its space)
    for _page in range(2):
        qtbot.waitUntil(
            lambda: model.loaded == model.total or model.canFetchMore(QModelIndex()),
            timeout=TIMEOUT,
        )
        if model.loaded < model.total:
            with qtbot.waitSignal(model.page_loaded, timeout=TIMEOUT):
                model.fetchMore(QModelIndex())
    assert model.loaded == model.total
    if model.canFetchMore(QModelIndex()):  # a full last page: one more (empty) page says the end
        with qtbot.waitSignal(model.page_loaded, timeout=TIMEOUT):
            model.fetchMore(QModelIndex())
    assert change_ids(model) == [queue.anna_dose, queue.anna_pn, queue.ojvind, queue.soren]
    assert model.group_rows() == [0, 4]
    assert desk.queue_tab.view.columnSpan(4, 0) == model.columnCount()
    assert not model.canFetchMore(QModelIndex())


def test_queue_export(qtbot: QtBot, desk: CoordinatorDesk, queue: Queue, tmp_path: Path) -> None:
    path = tmp_path / "koe.csv"
    with qtbot.waitSignal(desk.queue_tab.notice, timeout=TIMEOUT):
        desk.queue_tab.export(path, QueueFilter(team="Team Nord"))
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split(";")[:3] == ["Apotek", "Pakkegruppe", "Frist"]
    assert len(lines) == 3  # Anna's two changes
    assert all("Anna Hansen" in ln and "-xxxx" in ln for ln in lines[1:])


def test_export_asks_where_to_save_the_csv_and_writes_it_there(
    qtbot: QtBot, desk: CoordinatorDesk, queue: Queue, tmp_path: Path
) -> None:
    """Eksportér: a save dialog for CSV files proposing the day's name; the file chosen is
    written (the queue's and the figures' export ask the same way)."""
    from PySide6.QtWidgets import QFileDialog

    tab = desk.queue_tab
    tab.ask_export()
    dlg = tab.dialog
    assert isinstance(dlg, QFileDialog) and dlg.isVisible()
    assert dlg.acceptMode() is QFileDialog.AcceptMode.AcceptSave
    assert dlg.nameFilters() == ["CSV files (*.csv)"] and dlg.defaultSuffix() == "csv"
    assert dlg.selectedFiles()[0].endswith(f"koe-{NOW.date().isoformat()}.csv")
    path = tmp_path / "valgt.csv"
    with qtbot.waitSignal(tab.notice, timeout=TIMEOUT):
        dlg.fileSelected.emit(str(path))
    assert path.read_text(encoding="utf-8-sig").splitlines()[0].startswith("Apotek;")
    dlg.reject()
    assert tab.dialog is None  # closed and let go


def test_write_to_the_gp_from_the_desk_opens_the_prefilled_message(
    qtbot: QtBot, desk: CoordinatorDesk, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    from dosisdesk.ui.dialogs.correspondence import ComposeDialog

    tab = flag_selected(qtbot, desk, sqlite_db, gui_world)
    tab.write_button.click()
    qtbot.waitUntil(lambda: isinstance(tab.dialog, ComposeDialog), timeout=TIMEOUT)
    dlg = tab.dialog
    assert isinstance(dlg, ComposeDialog) and dlg.isVisible()
    assert "Zarator" in dlg.text_edit.toPlainText() and "Krka" in dlg.text_edit.toPlainText()
    dlg.close()


# ---------------------------------------------------------------------------
# Nurses look, coordinators act
# ---------------------------------------------------------------------------


def test_a_nurse_sees_the_desk_read_only(qtbot: QtBot, sqlite_db: Database, queue: Queue) -> None:
    nurse = at(sqlite_db, NOW, "sygpl")
    for desk in open_desk(qtbot, nurse):
        assert desk.read_only_label.isVisible()
        assert desk.read_only_label.text() == "Read only"
        tab = desk.queue_tab
        # her own team only
        assert sorted(change_ids(tab.model)) == sorted([queue.anna_dose, queue.anna_pn])
        assert not tab.team.isEnabled()
        select_changes(desk, [queue.anna_dose])
        assert not tab.confirm_button.isEnabled()
        assert not tab.cancel_button.isEnabled()
        assert tab.open_button.isEnabled()
        tab.confirm_selected()  # does nothing
        assert changes.get(nurse, queue.anna_dose).state is ChangeState.REGISTERED
        show(qtbot, desk, desk.flags_tab)
        assert not desk.flags_tab.ack_button.isEnabled()
        show(qtbot, desk, desk.figures_tab)
        assert not desk.figures_tab.save_target.isEnabled()
        show(qtbot, desk, desk.supply_tab)
        assert not desk.supply_tab.register_button.isEnabled()


# ---------------------------------------------------------------------------
# Double prescriptions
# ---------------------------------------------------------------------------


def _krka_beside_the_roll(db: Database, gw: GuiWorld) -> None:
    changes.register(
        at(db, NOW, "sygpl"),
        ChangeRequest(
            cpr=gw.world.anna,
            kind=ChangeKind.NEW,
            product='Atorvastatin "Krka"',
            dosage="0+0+1+0",
            supply=Supply.ORDINARY,
        ),
    )


def flag_selected(qtbot: QtBot, desk: CoordinatorDesk, db: Database, gw: GuiWorld) -> FlagsTab:
    """The desk's Dobbeltordinationer tab showing Anna's double prescription (Zarator in the
    roll, Krka beside it), its row selected."""
    _krka_beside_the_roll(db, gw)
    tab = desk.flags_tab
    show(qtbot, desk, tab)
    tab.view.selectRow(0)
    return tab


def test_acknowledging_a_flag_hides_it_until_a_line_changes(
    qtbot: QtBot, desk: CoordinatorDesk, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    _krka_beside_the_roll(sqlite_db, gui_world)
    tab = desk.flags_tab
    show(qtbot, desk, tab)
    assert [(f.cpr, f.severity) for f in tab.model.rows] == [(gui_world.world.anna, Severity.HIGH)]
    tab.view.selectRow(0)
    assert "Zarator" in tab.line_a.text() and "Krka" in tab.line_b.text()
    assert tab.ack_button.isEnabled()
    # first: sent to the doctor (stays open, shows in the status and the history)
    tab.ask_sent_to_doctor()
    dlg = tab.dialog
    assert isinstance(dlg, ReasonDialog)
    dlg.set_reason("Spurgt egen læge")
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        dlg.accept()
    assert "Sent to the doctor" in tab.model.data(tab.model.index(0, 7))
    tab.view.selectRow(0)
    qtbot.waitUntil(lambda: tab.history.count() == 1, timeout=TIMEOUT)
    assert "Spurgt egen læge" in tab.history.item(0).text()
    # then: acknowledged as intentional, with an end date: hidden
    tab.ask_acknowledge()
    dlg = tab.dialog
    assert isinstance(dlg, ReasonDialog)
    dlg.set_reason("Bevidst styrkekombination")
    dlg.until_check.setChecked(True)
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        dlg.accept()
    assert tab.model.rowCount() == 0
    assert "0 flag(s)" in tab.count.text()
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.show_ack.setChecked(True)
    assert [f.acknowledged for f in tab.model.rows] == [True]
    assert "Bevidst styrkekombination" in tab.model.data(tab.model.index(0, 7))
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.show_ack.setChecked(False)
    # a change to either line lapses the acknowledgement
    changes.register(
        at(sqlite_db, NOW),
        ChangeRequest(
            cpr=gui_world.world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=gui_world.world.line_atorva,
            dosage="0+0+2+0",
        ),
    )
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        desk.refresh()
    assert [f.severity for f in tab.model.rows] == [Severity.HIGH]


# ---------------------------------------------------------------------------
# Acute changes, renewals, supply failures, hospital
# ---------------------------------------------------------------------------


def test_acute_changes_show_reason_handling_and_if_it_waited(
    qtbot: QtBot, desk: CoordinatorDesk, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    w = gui_world.world
    changes.register(
        at(sqlite_db, NOW, "sygpl"),
        acute_stop(w),
    )
    tab = desk.acute_tab
    show(qtbot, desk, tab)
    assert [r.reason for r in tab.model.rows] == ["Muskelsmerter"]
    m_ = tab.model
    assert m_.data(m_.index(0, 5)) == "Dr. Berg"
    assert m_.data(m_.index(0, 7)).startswith("11 day(s)")  # next roll 3 December
    assert "1 acute change(s)" in tab.summary.text()
    tab.view.selectRow(0)
    assert "Muskelsmerter" in tab.detail.toPlainText()
    assert "1 December 2026" in tab.detail.toPlainText() or "2026" in tab.detail.toPlainText()
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.first.setDate(tab.last.date().addDays(1))
    assert tab.model.rowCount() == 0


def test_renewal_request_rejection_becomes_a_task(
    qtbot: QtBot, desk: CoordinatorDesk, sqlite_db: Database
) -> None:
    tab = desk.renewals_tab
    show(qtbot, desk, tab)
    assert [r.product_label for r in tab.model.rows] == ["Glucophage 500 mg"]
    tab.view.selectRow(0)
    assert tab.send_button.isEnabled() and not tab.rejected_button.isEnabled()
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.send_button.click()
    assert tab.model.rowCount() == 0  # requested: no longer just due
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.mode.setCurrentIndex(tab.mode.findData(RenewalState.SENT))
    tab.view.selectRow(0)
    assert tab.rejected_button.isEnabled()
    assert tab.reason.count() == 10
    tab.reason.setCurrentIndex(tab.reason.findData(RejectionReason.NEEDS_CONSULTATION))
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.rejected_button.click()
    assert [(t.team_name, t.citizen_name) for t in tab.tasks.rows] == [("Team Nord", "Anna Hansen")]
    assert "1 open task(s)" in tab.task_counts.text()
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.mode.setCurrentIndex(tab.mode.findData(RenewalState.REJECTED))
    assert [r.rejection_reason for r in tab.model.rows] == [RejectionReason.NEEDS_CONSULTATION]
    tab.tasks_view.selectRow(0)
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.done_button.click()
    assert tab.tasks.rowCount() == 0


def test_supply_failure_lists_the_citizens_affected(
    qtbot: QtBot, desk: CoordinatorDesk, gui_world: GuiWorld
) -> None:
    tab = desk.supply_tab
    show(qtbot, desk, tab)
    assert tab.failures.rowCount() == 0
    tab.product.setCurrentIndex(tab.product.findData(gui_world.world.p_zarator))
    tab.note.setText("Restordre")
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.register_button.click()
    assert [f.product_label for f in tab.failures.rows] == ["Zarator 20 mg"]
    assert [(a.citizen_name, a.handled) for a in tab.affected.rows] == [("Anna Hansen", False)]
    assert tab.affected.data(tab.affected.index(0, 6)) == "No"
    assert "1 citizen(s)" in tab.affected_count.text()


def test_hospital_lists(
    qtbot: QtBot, desk: CoordinatorDesk, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    k = at(sqlite_db, NOW)
    c = contacts.add_contact(
        k,
        contacts.ContactRequest(
            cpr=gui_world.world.anna,
            kind=ContactKind.ADMISSION,
            hospital="Demo Sygehus",
            department="Medicinsk afdeling",
            phone="70112233",
            started_at=NOW - timedelta(days=3),
            pause_card=True,
        ),
    )
    tab = desk.hospital_tab
    show(qtbot, desk, tab)
    assert [x.citizen_name for x in tab.admitted.rows] == ["Anna Hansen"]
    assert tab.admitted.data(tab.admitted.index(0, 5)) == "paused"
    contacts.discharge(k, c.id, c.version, NOW - timedelta(hours=2))
    show(qtbot, desk, tab)
    assert tab.admitted.rowCount() == 0
    assert [x.phone for x in tab.windows.rows] == ["70112233"]
    shown = [tab.windows.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    phone_col = shown.index("Phone")
    assert tab.windows.data(tab.windows.index(0, phone_col)) == "70 11 22 33"  # a Danish number
    assert tab.windows.data(tab.windows.index(0, 6)) == "2 d 22 h 0 min"  # countdown
    assert "epicrisis" in tab.discharges.data(tab.discharges.index(0, 4))
    assert "(1)" in tab.titles[1].text()


def test_a_hospital_list_that_stops_at_its_limit_says_so(
    qtbot: QtBot,
    desk: CoordinatorDesk,
    sqlite_db: Database,
    gui_world: GuiWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Across the whole country more are admitted than a list shows (3,484 at 85,000 citizens,
    1,000 shown): the title does not give the rows shown as the number admitted, it says the
    list stopped and how to see the rest."""
    k = at(sqlite_db, NOW)
    for cpr in (gui_world.world.anna, gui_world.world.ojvind):
        contacts.add_contact(
            k,
            contacts.ContactRequest(
                cpr=cpr,
                kind=ContactKind.ADMISSION,
                hospital="Demo Sygehus",
                department="Medicinsk afdeling",
                phone="70112233",
                started_at=NOW - timedelta(days=1),
            ),
        )
    tab = desk.hospital_tab
    monkeypatch.setattr(type(tab), "SHOWN", 1)
    show(qtbot, desk, tab)
    assert tab.admitted.rowCount() == 1
    title = tab.titles[0].text()
    assert "(1)" not in title and "first 1 shown" in title and "choose a team" in title
    monkeypatch.setattr(type(tab), "SHOWN", 1000)
    show(qtbot, desk, tab)
    assert tab.admitted.rowCount() == 2 and tab.titles[0].text().endswith("(2)")


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def test_the_charts_show_the_numbers_the_services_compute(
    qtbot: QtBot,
    desk: CoordinatorDesk,
    sqlite_db: Database,
    gui_world: GuiWorld,
    koord: Ctx,
    tmp_path: Path,
) -> None:
    w = gui_world.world
    changes.register(
        at(sqlite_db, NOW, "sygpl"),
        ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.DISCONTINUE,
            line_id=w.line_atorva,
            acute=True,
            reason="Muskelsmerter",
            doctor="Dr. Berg",
            handlings=(HandlingRequest(HandlingKind.ASK_PHARMACY),),
        ),
    )
    _krka_beside_the_roll(sqlite_db, gui_world)
    tab = desk.figures_tab
    show(qtbot, desk, tab)
    fig = figures.figures(koord)
    assert fig.teams == ("Team Nord", "Team Syd")
    assert [tab.dd_set.at(i) for i in range(tab.dd_set.count())] == [
        fig.citizens["Team Nord"].on_dd,
        fig.citizens["Team Syd"].on_dd,
    ]
    assert [tab.over75_set.at(i) for i in range(tab.over75_set.count())] == [
        fig.citizens["Team Nord"].over75,
        fig.citizens["Team Syd"].over75,
    ]
    shares = [round(100 * s, 1) if s is not None else 0.0 for s in fig.acute_share(None)]
    assert [tab.acute_set.at(i) for i in range(8)] == pytest.approx(shares)
    assert shares[-1] == pytest.approx(16.7)  # 1 acute of 6 changes these two weeks
    assert [tab.missed_set.at(i) for i in range(8)] == [float(x) for x in fig.missed[None]]
    for sev, line in tab.flag_lines.items():
        assert [p.y() for p in line.points()] == [c[sev] for c in fig.flags[None]]
    assert tab.acute_x.categories()[-1] == "46–47"
    # every axis says what it counts; a chart with data has no "no data" note
    for axis in (
        tab.teams_x,
        tab.teams_y,
        tab.acute_x,
        tab.acute_y,
        tab.missed_x,
        tab.missed_y,
        tab.flags_x,
        tab.flags_y,
    ):
        assert axis.titleText()
    assert not any(note.isVisibleTo(tab) for note in tab.no_data.values())
    # a window without changes has no acute share: it says so instead of a 0 bar
    for label, share in zip(tab.acute_x.categories(), fig.acute_share(None), strict=True):
        assert label.endswith(("no data", "ingen data")) == (share is None)
    # a team's charts
    tab.scope.setCurrentIndex(tab.scope.findData("Team Syd"))
    assert [tab.acute_set.at(i) for i in range(8)][-1] == pytest.approx(0.0)
    syd = fig.acute_share("Team Syd")
    assert tab.no_data["acute"].isVisibleTo(tab) == all(s is None for s in syd)
    # the table: municipality first, then the teams
    assert [r.scope for r in tab.table.rows][1:] == ["Team Nord", "Team Syd"]
    assert tab.table.rows[0].on_dd == fig.citizens[None].on_dd
    # the target and the 75+ population are settings the coordinator edits
    tab.target.setValue(10)
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.save_target.click()
    tab.population.setValue(20)
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT):
        tab.save_population.click()
    assert figures.read_settings(koord) == {"target_citizens": 10, "population_75plus": 20}
    assert tab.progress.maximum() == 10
    assert tab.progress.value() == fig.citizens[None].on_dd
    assert tab.coverage.text().startswith(str(100 * fig.citizens[None].over75 // 20))
    # export
    path = tmp_path / "noegletal.csv"
    with qtbot.waitSignal(tab.notice, timeout=TIMEOUT):
        tab.export(path)
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "Område;Nøgletal;Fra;Til;Værdi"
    assert "Mål for borgere på dosisdispensering;2026-11-22;2026-11-22;10" in text


# ---------------------------------------------------------------------------
# Every model through Qt's model tester
# ---------------------------------------------------------------------------


def test_queue_model(qtmodeltester: ModelTester, qtbot: QtBot, koord: Ctx, queue: Queue) -> None:
    runner = Runner()
    model = QueueModel(
        runner,
        lambda f, o, n: queue_service.queue(koord, f, limit=n, offset=o),
        lambda f: review.queue_groups(koord, f),
        koord.now,
        page_size=2,
    )
    with qtbot.waitSignal(model.page_loaded, timeout=TIMEOUT):
        model.set_filter(QueueFilter())
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.page_loaded, timeout=TIMEOUT):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 6  # two headings and four changes
    assert model.data(model.index(1, 0), DeskRole.IdRole) == queue.anna_dose
    assert model.data(model.index(0, 0), DeskRole.IsGroupRole) is True
    qtbot.waitUntil(lambda: runner.idle, timeout=TIMEOUT)


def test_list_models(
    qtmodeltester: ModelTester, koord: Ctx, sqlite_db: Database, gui_world: GuiWorld, queue: Queue
) -> None:
    w = gui_world.world
    changes.register(
        at(sqlite_db, NOW, "sygpl"),
        ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.DISCONTINUE,
            line_id=w.line_atorva,
            acute=True,
            reason="Muskelsmerter",
            doctor="Dr. Berg",
            handlings=(HandlingRequest(HandlingKind.ASK_PHARMACY, note="Ny rulle"),),
        ),
    )
    _krka_beside_the_roll(sqlite_db, gui_world)
    rid = renewals.request_renewal(koord, w.line_metformin)
    renewals.decide_renewal(koord, rid, None, RenewalState.REJECTED, RejectionReason.TOO_EARLY)
    failure = supply.register_failure(koord, "Zarator", NOW.date(), None)
    c = contacts.add_contact(
        koord,
        contacts.ContactRequest(
            cpr=w.anna,
            kind=ContactKind.ADMISSION,
            hospital="Demo Sygehus",
            department="Medicinsk afdeling",
            phone="70112233",
            started_at=NOW - timedelta(days=3),
        ),
    )
    contacts.discharge(koord, c.id, c.version, NOW - timedelta(hours=2))
    flag_rows = flags.flags(koord)
    cases = [
        (acute_model(), review.acute_changes(koord, NOW.date(), NOW.date())),
        (flags_model(lambda: {}), flag_rows),
        (renewals_model(), renewals.renewals(koord, due=False, state=RenewalState.REJECTED)),
        (tasks_model(), review.tasks(koord)),
        (failures_model(), supply.failures(koord)),
        (affected_model(), supply.affected(koord, failure.id)),
        (contacts_model(ContactMode.ADMITTED, koord.now), []),
        (
            contacts_model(ContactMode.WINDOWS, koord.now),
            contacts.list_contacts(koord, open_only=True),
        ),
        (contacts_model(ContactMode.DISCHARGES, koord.now), review.pending_discharges(koord)),
    ]
    for model, rows in cases:
        assert rows or isinstance(model, type(cases[6][0]))
        model.set_rows(rows)  # type: ignore[attr-defined]
        qtmodeltester.check(model)
        if rows:
            assert model.data(model.index(0, 0), DeskRole.DtoRole) == rows[0]
    fig_model = figures_model()
    from dosisdesk.ui.desk.models import FigureRow

    fig_model.set_rows([FigureRow("Team Nord", 3, 2, 2 / 3, None, 0, (1, 0, 0))])
    qtmodeltester.check(fig_model)
    assert fig_model.data(fig_model.index(0, 3)) == "66.7 %"
    assert fig_model.data(fig_model.index(0, 4)) == "–"
