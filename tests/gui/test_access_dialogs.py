"""The citizen's log at the window: saved as PDF like the other prints — the print logged and the
chain anchored on the runner, never on the GUI thread; a failure shown in Danish, no file left."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import StorageError
from dosisdesk.services import accesslog
from dosisdesk.services.context import Ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from dosisdesk.ui.dialogs.access import CitizenLogDialog
from dosisdesk.ui.messages import bridge
from dosisdesk.ui.runner import Runner
from tests.gui.gui_world import GuiWorld


def opened(qtbot: QtBot, koord: Ctx, runner: Runner, cpr: str) -> CitizenLogDialog:
    dialog = CitizenLogDialog(koord, runner, cpr)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.save.isEnabled(), timeout=10_000)
    return dialog


def test_the_citizens_log_is_saved_with_the_database_work_off_the_gui_thread(
    qtbot: QtBot,
    koord: Ctx,
    gui_world: GuiWorld,
    runner: Runner,
    sqlite_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    anna = gui_world.world.anna
    dialog = opened(qtbot, koord, runner, anna)
    threads: list[bool] = []
    real_record, real_after = accesslog.record_print, accesslog.after_print

    def record(ctx: Ctx, log: accesslog.CitizenLog) -> None:
        threads.append(threading.current_thread() is threading.main_thread())
        real_record(ctx, log)

    def after(ctx: Ctx) -> None:
        threads.append(threading.current_thread() is threading.main_thread())
        real_after(ctx)

    monkeypatch.setattr(accesslog, "record_print", record)
    monkeypatch.setattr(accesslog, "after_print", after)
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "borgerens-log.pdf"
    with qtbot.waitSignal(dialog.pdf_saved, timeout=20_000) as sig:
        dialog.save_pdf(str(path))
        assert not dialog.save.isEnabled()  # busy until it is done
    assert sig.args == [str(path)]
    assert threads == [False, False]  # logged and anchored on the runner
    text = PdfReader(str(path)).pages[0].extract_text()
    assert format_cpr(anna) in text
    with sqlite_db.begin() as s:
        actions = list(s.scalars(select(m.AuditEntry.action).order_by(m.AuditEntry.seq)))
    assert actions[-1] == "print.citizen_log"
    assert bridge.history[-1].level == "info" and str(path) in bridge.history[-1].text
    assert dialog.save.isEnabled()


def test_a_failure_while_logging_is_shown_in_danish_and_leaves_no_file(
    qtbot: QtBot,
    koord: Ctx,
    gui_world: GuiWorld,
    runner: Runner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = opened(qtbot, koord, runner, gui_world.world.anna)

    def broken(_ctx: Ctx, _log: object) -> None:
        raise StorageError("disk full", "Databasen kan ikke skrive lige nu. Prøv igen om lidt.")

    monkeypatch.setattr(accesslog, "record_print", broken)
    out = tmp_path / "out"
    out.mkdir()
    with qtbot.waitSignal(dialog.pdf_failed, timeout=20_000):
        dialog.save_pdf(str(out / "borgerens-log.pdf"))
    assert list(out.iterdir()) == []
    assert bridge.history[-1].level == "error"
    assert bridge.history[-1].text == "Databasen kan ikke skrive lige nu. Prøv igen om lidt."
    assert dialog.save.isEnabled()


def test_a_cpr_in_the_file_name_is_refused_in_danish(
    qtbot: QtBot, koord: Ctx, gui_world: GuiWorld, runner: Runner, tmp_path: Path
) -> None:
    anna = gui_world.world.anna
    dialog = opened(qtbot, koord, runner, anna)
    out = tmp_path / "out"
    out.mkdir()
    with qtbot.waitSignal(dialog.pdf_failed, timeout=5_000):
        dialog.save_pdf(str(out / f"log-{format_cpr(anna)}.pdf"))
    assert list(out.iterdir()) == []
    assert "CPR" in bridge.history[-1].text
