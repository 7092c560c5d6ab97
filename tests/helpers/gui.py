"""What the GUI tests open the same way: the change dialog, the coordinator's desk."""

from __future__ import annotations

from collections.abc import Iterator

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from dosisdesk.services.context import Ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from dosisdesk.ui.desk.desk import CoordinatorDesk
from dosisdesk.ui.dialogs.change import ChangeDialog
from dosisdesk.ui.hub import hub
from dosisdesk.ui.runner import Runner

#: How long a desk may take to load a tab (ms).
DESK_TIMEOUT = 15_000


def open_change_dialog(
    qtbot: QtBot, ctx: Ctx, runner: Runner, cpr: str, **kw: object
) -> ChangeDialog:
    """The change dialog for ``cpr``, shown, once its form is ready."""
    d = ChangeDialog(ctx, runner, cpr, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.form_page.isEnabled(), timeout=5000)
    return d


def count_changes(db: Database) -> int:
    """How many changes are stored."""
    with db.begin() as s:
        return int(s.scalar(select(func.count(m.Change.id))) or 0)


def open_desk(qtbot: QtBot, ctx: Ctx) -> Iterator[CoordinatorDesk]:
    """The coordinator's desk at 1300×850 with its queue loaded (a generator: ``yield from`` it in
    a fixture, or ``for desk in open_desk(...)``; after the yield it waits for its work and stops
    listening)."""
    runner = Runner()
    desk = CoordinatorDesk(ctx, runner)
    qtbot.addWidget(desk)
    desk.resize(1300, 850)
    desk.show()
    with qtbot.waitSignal(desk.queue_tab.loaded, timeout=DESK_TIMEOUT):
        desk.refresh()
    yield desk
    qtbot.waitUntil(lambda: runner.idle, timeout=DESK_TIMEOUT)
    hub.changed.disconnect(desk._on_hub_changed)
    desk._timer.stop()
