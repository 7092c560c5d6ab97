"""What the GUI tests set up the same way: the change dialog, the coordinator's desk, a hospital
admission, a table's own paint compared with Qt's."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from dosisdesk.domain.types import ContactKind
from dosisdesk.services import contacts
from dosisdesk.services.contacts import ContactRequest
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ContactDTO
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from dosisdesk.ui.desk.desk import CoordinatorDesk
from dosisdesk.ui.dialogs.change import ChangeDialog
from dosisdesk.ui.hub import hub
from dosisdesk.ui.runner import Runner, alive
from tests.world import World

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
    if alive(desk):  # (Qt removed a deleted desk's connections itself)
        hub.changed.disconnect(desk._on_hub_changed)
    desk._timer.stop()


def admission(
    ctx: Ctx, w: World, started: datetime, *, pause: bool = True, ended: datetime | None = None
) -> ContactDTO:
    """Anna admitted to Aarhus Universitetshospital's cardiology from ``started`` (the card
    paused unless ``pause`` is false; ended at ``ended`` when given)."""
    return contacts.add_contact(
        ctx,
        ContactRequest(
            w.anna,
            ContactKind.ADMISSION,
            "Aarhus Universitetshospital",
            "Kardiologisk afdeling",
            "78 45 12 34",
            started,
            ended_at=ended,
            pause_card=pause,
        ),
    )


ROOT = Path(__file__).resolve().parents[2]


def run_program(tmp_path: Path, probe: str) -> subprocess.CompletedProcess[str]:
    """Run ``probe`` (Python that starts the program, e.g. ``dosisdesk.app.main`` with
    ``--exit-when-ready``) in a process of its own, offscreen, its settings and log in
    ``tmp_path``; fails the test when it does not end with 0."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "cfg"),
        DOSISDESK_LOG_DIR=str(tmp_path / "logs"),
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def paints_as_qt(view: QAbstractItemView, what: str, forget: Callable[[], None]) -> None:
    """A table (or header) that paints itself (``fast_paint``) must give Qt's pixels:
    painted after ``forget`` dropped what it keeps between paints, painted again from what it
    kept, and by Qt (``fast_paint`` False). Fails on the pixels that differ."""
    viewport = view.viewport()
    forget()
    first = viewport.grab().toImage()
    again = viewport.grab().toImage()
    view.fast_paint = False  # type: ignore[attr-defined]
    try:
        qt = viewport.grab().toImage()
    finally:
        view.fast_paint = True  # type: ignore[attr-defined]
    for fast, when in ((first, "first paint"), (again, "repaint")):
        assert fast.size() == qt.size()
        if fast != qt:
            differ = _differing(fast, qt)
            pytest.fail(
                f"{what}, {when}: {len(differ)} pixels differ from Qt's table: {differ[:5]}"
            )


def _differing(a: QImage, b: QImage) -> list[tuple[int, int]]:
    return [
        (x, y)
        for y in range(a.height())
        for x in range(a.width())
        if a.pixel(x, y) != b.pixel(x, y)
    ]
