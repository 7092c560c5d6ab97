"""Every table model passes Qt's model tester (qutebrowser's habit)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from dosisdesk.domain.types import ChangeKind, ChangeState, Supply
from dosisdesk.services import cards, changes
from dosisdesk.services.context import Ctx
from dosisdesk.storage.db import Database
from dosisdesk.ui.nurse.models import (
    BagsModel,
    CardLinesModel,
    ChangesModel,
    CitizenListModel,
    FlagsModel,
    ItemRole,
    RenewalsModel,
    change_summary,
)
from dosisdesk.ui.runner import Runner
from tests.gui.gui_world import GuiWorld, add_many


def planned_change(ctx: Ctx, gw: GuiWorld) -> Any:
    w = gw.world
    return changes.register(
        ctx,
        changes.ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=w.line_metformin,
            dosage="2+0+1+0",
            source="Egen læge",
        ),
    )


def test_citizen_list_model(
    qtmodeltester: ModelTester, qtbot: QtBot, koord: Ctx, sqlite_db: Database, gui_world: GuiWorld
) -> None:
    from dosisdesk.services.search import search_citizens

    add_many(sqlite_db, 30, gui_world.world.team_nord)
    runner = Runner()
    model = CitizenListModel(
        runner,
        lambda t, team, o, n: search_citizens(koord, t, team=team, limit=n, offset=o),
        page_size=10,
    )
    with qtbot.waitSignal(model.page_loaded):
        model.set_query("", None)
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.page_loaded):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 20
    with qtbot.waitSignal(model.page_loaded):
        model.set_query("ærø", None)
    assert model.rowCount() == 2
    with qtbot.waitSignal(model.page_loaded):
        model.refresh()
    assert model.rowCount() == 2
    assert model.data(model.index(0, 0), ItemRole.CitizenIdRole) == model.citizen(0).id
    qtbot.waitUntil(lambda: runner.idle)


def test_attention_column(qtbot: QtBot, koord: Ctx, gui_world: GuiWorld) -> None:
    from dosisdesk.services.search import search_citizens

    runner = Runner()
    model = CitizenListModel(
        runner, lambda t, team, o, n: search_citizens(koord, t, team=team, limit=n, offset=o)
    )
    with qtbot.waitSignal(model.page_loaded):
        model.set_query("anna", None)
    text = model.data(model.index(0, CitizenListModel.COL_ATTENTION))
    assert "renewal" in text  # metformin's prescription runs out 10 Dec
    assert model.data(model.index(0, CitizenListModel.COL_ATTENTION), Qt.ItemDataRole.ToolTipRole)
    qtbot.waitUntil(lambda: runner.idle)


def test_card_lines_model(qtmodeltester: ModelTester, koord: Ctx, gui_world: GuiWorld) -> None:
    planned_change(koord, gui_world)
    cv = cards.card_view(koord, gui_world.world.anna)
    model = CardLinesModel()
    model.set_card(cv)
    qtmodeltester.check(model)
    assert len(model.periods) >= 2
    model.set_card(None)
    assert model.rowCount() == 0
    model.set_card(cv)
    assert model.rowCount() > 0


def test_changes_model(qtmodeltester: ModelTester, koord: Ctx, gui_world: GuiWorld) -> None:
    dto = planned_change(koord, gui_world)
    cv = cards.card_view(koord, gui_world.world.anna)
    model = ChangesModel()
    model.set_changes(cv.open_changes, {gui_world.world.line_metformin: "Glucophage 500 mg"})
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0), ItemRole.ChangeIdRole) == dto.id
    assert model.data(model.index(0, ChangesModel.COL_STATE)) == "Registered"
    registered = model.data(model.index(0, ChangesModel.COL_REGISTERED))
    assert "Karl Koordinator" in registered  # the person, not the login "koord"
    assert "2+0+1+0" in change_summary(model.change(0))
    assert model.change(0).state is ChangeState.REGISTERED


def test_flags_and_renewals_models(
    qtmodeltester: ModelTester, koord: Ctx, gui_world: GuiWorld
) -> None:
    w = gui_world.world
    # An ordinary line with the roll's substance: a high double prescription (R5).
    changes.register(
        koord,
        changes.ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.NEW,
            product="Zarator",
            dosage="0+0+1+0",
            supply=Supply.ORDINARY,
            source="Sygehus",
        ),
    )
    cv = cards.card_view(koord, w.anna)
    flags = FlagsModel()
    flags.set_flags(cv.flags)
    qtmodeltester.check(flags)
    renewals = RenewalsModel()
    renewals.set_renewals(cv.renewals)
    qtmodeltester.check(renewals)
    assert renewals.rowCount() >= 1
    assert "Glucophage" in renewals.data(renewals.index(0, RenewalsModel.COL_DRUG))


def test_bags_model(qtmodeltester: ModelTester, koord: Ctx, gui_world: GuiWorld) -> None:
    day = date(2026, 11, 23)
    bags = cards.bags_on(koord, gui_world.world.anna, day)
    model = BagsModel()
    model.set_bags(day, bags)
    qtmodeltester.check(model)
    assert model.bag_count == 2  # morning (metformin) and evening (metformin, atorvastatin)
    assert model.rowCount() == 3


def test_amounts() -> None:
    from decimal import Decimal

    from dosisdesk.domain.dosage import format_amount

    assert [format_amount(Decimal(x)) for x in ("1", "0.5", "1.5", "0.25", "2")] == [
        "1",
        "½",
        "1½",
        "¼",
        "2",
    ]


def test_renewals_show_three_states_in_words_and_colour(
    qtbot: QtBot, koord: Ctx, gui_world: GuiWorld, sqlite_db: Database
) -> None:
    from dosisdesk.services import renewals as renewals_svc
    from dosisdesk.services.search import search_citizens
    from dosisdesk.ui import texts
    from dosisdesk.ui.desk.models import renewals_model
    from tests.storage.test_renewal_states import three_states

    three_states(sqlite_db, gui_world.world)
    cv = cards.card_view(koord, gui_world.world.anna)
    card = RenewalsModel()
    card.set_renewals(cv.renewals)
    states = [card.data(card.index(i, RenewalsModel.COL_STATE)) for i in range(3)]
    assert states == [
        "Expired: the pharmacy cannot pack it",
        "Expires within 7 days",
        "Expires within 28 days",
    ]
    colours = {
        card.data(card.index(i, RenewalsModel.COL_UNTIL), Qt.ItemDataRole.BackgroundRole)
        .color()
        .name()
        for i in range(3)
    }
    assert len(colours) == 3  # three distinct colours
    desk = renewals_model()
    desk.set_rows(renewals_svc.renewals(koord, team="Team Nord"))
    column = [desk.headerData(c, Qt.Orientation.Horizontal) for c in range(desk.columnCount())]
    col = column.index("Renewal")
    assert [desk.data(desk.index(i, col)) for i in range(3)] == states
    runner = Runner()
    model = CitizenListModel(
        runner, lambda t, team, o, n: search_citizens(koord, t, team=team, limit=n, offset=o)
    )
    with qtbot.waitSignal(model.page_loaded):
        model.set_query("anna", None)
    text = model.data(model.index(0, CitizenListModel.COL_ATTENTION))
    assert "prescription expired" in text and "renewal ≤" not in text
    assert texts.RENEWAL_BG  # one palette for every view
    qtbot.waitUntil(lambda: runner.idle)


def test_a_new_search_replaces_the_rows_in_one_go(
    qtbot: QtBot, koord: Ctx, gui_world: GuiWorld
) -> None:
    """The list shows the last search's rows until the new page replaces them (never painted
    empty in between), and a search that fails leaves no row of the last one behind; every
    page taken is handed to the logger once, in order."""
    from dosisdesk.services.search import find_citizens

    def fetch(text: str, team: str | None, offset: int, limit: int) -> Any:
        if text == "fails":
            raise RuntimeError("the database went away")
        return find_citizens(koord, text, team=team, limit=limit, offset=offset)

    logged: list[list[int]] = []
    runner = Runner()
    model = CitizenListModel(runner, fetch, log=lambda rows: logged.append([r.id for r in rows]))
    with qtbot.waitSignal(model.page_loaded):
        model.set_query("", None)
    everyone = [model.citizen(r).id for r in range(model.rowCount())]
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    with qtbot.waitSignal(model.page_loaded):
        model.set_query("ærø", None)
        assert model.rowCount() == len(everyone) and model.replacing
    assert resets == [2] and not model.replacing
    with qtbot.waitSignal(model.load_failed):
        model.set_query("fails", None)
    assert model.rowCount() == 0 and not model.replacing
    qtbot.waitUntil(lambda: len(logged) == 2)  # not painted: handed over after a moment
    assert logged[0] == everyone and len(logged[1]) == 2
    qtbot.waitUntil(lambda: runner.idle)


def test_a_jobs_early_value_arrives_before_its_result_and_never_after(qtbot: QtBot) -> None:
    """``Runner.run_early``: what a job hands over before it is done reaches the GUI thread
    first, from a job that fails too; nothing arrives for a job once its result has."""
    runner = Runner()
    got: list[tuple[str, object]] = []

    def job(early: Any, fail: bool) -> str:
        early("early")
        if fail:
            raise ValueError("failed")
        return "done"

    for fail in (False, True):
        runner.run_early(
            lambda early, fail=fail: job(early, fail),
            lambda v: got.append(("early", v)),
            lambda r: got.append(("done", r)),
            lambda e: got.append(("error", str(e))),
        )
        qtbot.waitUntil(lambda: runner.idle, timeout=5000)
    assert got == [("early", "early"), ("done", "done"), ("early", "early"), ("error", "failed")]
    late: list[Any] = []
    runner.run_early(late.append, lambda v: got.append(("early", v)))
    qtbot.waitUntil(lambda: runner.idle, timeout=5000)
    late[0]("too late")  # the job's hand-over function, called after its result came
    qtbot.wait(20)
    assert got[-1] == ("error", "failed")
