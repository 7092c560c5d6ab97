"""The README's pictures, made offscreen from demo data:

    QT_QPA_PLATFORM=offscreen python -m tools.screenshots docs/screenshots

builds a demo database (300 citizens, the clock fixed at Sunday 22 November 2026 10:00) in a
temporary folder, opens the main window at 1400×900 in Danish and saves ``main-window.png``,
``card-coming-changes.png``, ``acute-dialog.png``, ``contact-72h.png``, the coordinator's queue
(also at 1366×768 after a bulk confirm, ``coordinator-desk-1366.png``), figures, periods and acute changes, and — with a dark system palette, as Windows' dark mode sets it —
``dark-system-main-window.png`` and ``dark-system-contact-dialog.png``; and F1's ``help.png``.
Who is at the keyboard: the sign-in on the training database (``signin-training.png``), on a new
real database where the administrator chooses her password (``signin-first-password.png``, the
dialog as the start-up builds it from that database) and on a real one (``signin.png``); the
locked window and its sign-in (``locked-window.png``, ``locked-signin.png``); break the glass
(``break-glass.png``), the coordinators' review (``glass-review.png``) and the citizen's log
(``citizen-log.png``).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QWidget

NOW = "2026-11-22T10:00"
CITIZENS = 300


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise TimeoutError("screenshots: timed out")
        loop = QEventLoop()
        QTimer.singleShot(10, loop.quit)
        loop.exec()


def settle(window: Any) -> None:
    """Let the runner finish and the widgets lay themselves out."""
    wait_until(lambda: bool(window.runner.idle))
    for _ in range(5):
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    wait_until(lambda: bool(window.runner.idle))


def save(widget: QWidget, path: Path) -> None:
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    print(f"wrote {path}")


def show_citizen(window: Any, text: str, cpr: str) -> None:
    """Type ``text`` in the search field and open the citizen with ``cpr`` from the list."""
    model = window.citizens.model
    window.citizens.search.setText(text)
    wait_until(lambda: not model.loading and model.rowCount() > 0 and model.query[0] == text)
    rows = [r for r in range(model.rowCount()) if model.citizen(r).cpr == cpr]
    loaded: list[object] = []
    window.card.card_loaded.connect(loaded.append)
    window.citizens.select_row(rows[0] if rows else 0)
    wait_until(lambda: bool(loaded))
    window.card.card_loaded.disconnect(loaded.append)
    settle(window)


def correspondence_pictures(window: Any, ctx: Any, out: Path) -> None:
    """A message to the GP about a double prescription, and the GP's reply in the thread."""
    import json

    from PySide6.QtWidgets import QApplication

    from dosisdesk.domain.correspondence import Message, Organisation, Segment
    from dosisdesk.interop.medcom.build import build_message, new_uuid
    from dosisdesk.interop.medcom.read import read_message
    from dosisdesk.services import correspondence as corr
    from dosisdesk.services import flags as flag_service
    from dosisdesk.ui.dialogs.correspondence import ComposeDialog
    from dosisdesk.ui.nurse.card import CardWidget

    found = flag_service.flags(ctx)
    if not found:
        print("no double prescription in the nurse's team", file=sys.stderr)
        return
    f = found[0]
    show_citizen(window, f.citizen_name.split()[-1], f.cpr)
    window.card.write_about("flag", f"{f.line_a}-{f.line_b}")
    wait_until(
        lambda: any(
            isinstance(w, ComposeDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
        )
    )
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ComposeDialog))
    dialog.resize(760, dialog.height())
    settle(window)
    save(dialog, out / "correspondence-compose.png")
    sent: list[object] = []
    dialog.sent.connect(sent.append)
    dialog.send_button.click()
    wait_until(lambda: bool(sent))
    settle(window)
    settings = corr.settings(ctx)
    outbox, inbox = Path(settings.outbox), Path(settings.inbox)
    first = read_message(next(outbox.glob("*.json")).read_bytes())
    gp = Organisation("Egen læge", "999900000000099", "5799990000099")
    reply = build_message(
        Message(
            new_uuid(),
            first.communication_identifier,
            gp,
            Organisation(settings.name, settings.sor, settings.ean),
            f.cpr,
            f.citizen_name.rsplit(" ", 1)[0],
            f.citizen_name.rsplit(" ", 1)[-1],
            "medicine",
            first.topic,
            False,
            (
                Segment(
                    f"urn:uuid:{new_uuid()}",
                    "Tak. Jeg har seponeret den almindelige recept i "
                    "FMK; dosisrullen fortsætter uændret.",
                    ctx.now(),
                    "Lars Lund",
                    "Læge",
                    "70202020",
                    True,
                ),
            ),
            None,
            ctx.now(),
            preceding_header_id=first.header_id,
        )
    )
    (inbox / "svar.json").write_text(json.dumps(reply), encoding="utf-8")
    panel = window.card.correspondence_panel
    loaded: list[object] = []
    panel.loaded.connect(loaded.append)
    panel.inbox_button.click()
    wait_until(lambda: bool(loaded))
    settle(window)
    window.card.tabs.setCurrentIndex(CardWidget.TAB_CORRESPONDENCE)
    settle(window)
    save(window, out / "correspondence-thread.png")


def signin_pictures(tmp: str, demo_nurse: str | None, out: Path) -> None:
    """The sign-in dialog as the start-up builds it (``app._ask_sign_in``) from each database's
    own sign-in set-up: a new real database (no one has a password yet), then a real one."""
    from dosisdesk.services import signin
    from dosisdesk.storage.db import Database
    from dosisdesk.ui.signin import SignInDialog

    def dialog(setup: Any, name: str, fill: str = "") -> None:
        d = SignInDialog(
            training=setup.training,
            first_password=setup.needs_first_password,
            demo_nurse=setup.demo_nurse,
            ask_password=setup.method == "password",
        )
        d.show()
        if fill:
            d.username.setText(fill)
            d.password.setText("x" * 12)
        settle_widget()
        save(d, out / name)
        d.close()

    real = Database.create(f"sqlite:///{Path(tmp) / 'real.sqlite'}", training=False)
    first = signin.setup(real)
    if not first.needs_first_password:
        print("a new real database does not ask for the first password", file=sys.stderr)
    dialog(first, "signin-first-password.png")
    dialog(signin.SignInSetup("password", False, False, "", None, None), "signin.png", "sygpl")
    real.dispose()
    training = signin.SignInSetup("training", True, False, "", demo_nurse, None)
    dialog(training, "signin-training.png")


def settle_widget() -> None:
    for _ in range(5):
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def access_pictures(
    window: Any, nurse_ctx: Any, nurse_team: str, koord_ctx: Any, out: Path
) -> None:
    """Break the glass (as the nurse), the lock, the review and the citizen's log (as the
    coordinator)."""
    from dosisdesk.services import glass, search
    from dosisdesk.ui.dialogs.access import BreakGlassDialog, CitizenLogDialog, GlassReviewDialog
    from dosisdesk.ui.signin import SignInDialog

    others = [
        r
        for r in search.search_citizens(koord_ctx, "", limit=400)
        if r.team_name and r.team_name != nurse_team
    ]
    d = BreakGlassDialog(nurse_ctx, window.runner, window)
    if others:
        d.cpr.setText(others[0].cpr)
    d.reason.setText("Dækker for Team Syd i aftenvagten")
    d.show()
    settle(window)
    save(d, out / "break-glass.png")
    d.close()
    if others:
        glass.break_glass(nurse_ctx, others[0].cpr, "Dækker for Team Syd i aftenvagten")

    window.lock_screen()
    settle(window)
    save(window, out / "locked-window.png")
    lock = SignInDialog(training=False, locked_for=nurse_ctx.actor.username, parent=window)
    lock.show()
    settle(window)
    save(lock, out / "locked-signin.png")
    lock.close()
    window.unlock_screen(nurse_ctx)
    settle(window)

    review = GlassReviewDialog(koord_ctx, window.runner, window)
    review.show()
    settle(window)
    save(review, out / "glass-review.png")
    review.close()
    if others:
        log = CitizenLogDialog(koord_ctx, window.runner, others[0].cpr, window)
        log.show()
        wait_until(lambda: log.save.isEnabled())
        settle(window)
        save(log, out / "citizen-log.png")
        log.close()
    settle(window)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)

    from dosisdesk.ui.pyside_fix import pin_singletons

    pin_singletons()
    from dosisdesk.app import apply_stylesheet, create_application, install_translators, parse_now
    from dosisdesk.demo.build import build_demo
    from dosisdesk.domain.cpr import format_cpr
    from dosisdesk.services import contacts, queue
    from dosisdesk.services.context import fixed_clock, open_ctx
    from dosisdesk.services.users import database_info, list_teams, list_users
    from dosisdesk.storage.db import Database
    from dosisdesk.ui.messages import bridge
    from dosisdesk.ui.nurse.card import CardWidget
    from dosisdesk.ui.nurse.mainwindow import MainWindow

    bridge.interactive = False
    app = create_application()
    translators = install_translators(app, os.environ.get("DOSISDESK_LANG", "da"))
    apply_stylesheet(app)
    now: datetime = parse_now(NOW)

    with tempfile.TemporaryDirectory(prefix="dosisdesk-shots-") as tmp:
        db = Database.create(f"sqlite:///{Path(tmp) / 'demo.sqlite'}", training=True)
        build_demo(db, citizens=CITIZENS, seed=1, now=now)
        users = list_users(db)
        nurses = [u for u in users if u.role.value == "nurse" and u.team_name]
        # a nurse of a team with an open 72-hour window, so contact-72h.png can be made
        nurse = next(
            (
                u
                for u in nurses
                if contacts.list_contacts(
                    open_ctx(db, u.username, fixed_clock(now)), open_only=True, log=False
                )
            ),
            nurses[0],
        )
        ctx = open_ctx(db, nurse.username, fixed_clock(now))

        # A citizen of the nurse's team with a planned change in the next roll, and one with
        # an open 72-hour window.
        rows = queue.queue(ctx, queue.QueueFilter())
        planned = next(
            (r for r in rows if not r.acute and r.deadline > now), rows[0] if rows else None
        )
        windows = contacts.list_contacts(ctx, open_only=True)

        window = MainWindow()
        window.resize(1400, 900)
        window.set_database(db.url, database_info(db))
        window.show()
        window.set_session(ctx, list_teams(db), nurse.team_name, None)
        wait_until(lambda: window.citizens.model.rowCount() > 0)
        settle(window)

        if planned is not None:
            show_citizen(window, planned.citizen_name.split()[-1], planned.cpr)
        window.card.tabs.setCurrentIndex(CardWidget.TAB_CARD)
        settle(window)
        save(window, out / "main-window.png")
        save(window.card, out / "card-coming-changes.png")

        cv = window.card.card_view
        roll = [
            ln
            for c in (cv.columns if cv else ())
            for ln in c.lines
            if ln.supply.value == "dose_roll"
        ]
        dialog = window.open_change_dialog(roll[0].line_id if roll else None, acute=True)
        if dialog is not None:
            dialog.resize(max(dialog.width(), 900), max(dialog.height(), 760))
            settle(window)
            save(dialog, out / "acute-dialog.png")
            dialog.reject()
            settle(window)

        if windows:
            show_citizen(window, format_cpr(windows[0].cpr), windows[0].cpr)
            window.card.tabs.setCurrentIndex(CardWidget.TAB_HOSPITAL)
            settle(window)
            save(window, out / "contact-72h.png")
        else:
            print("no open 72-hour window in the demo data", file=sys.stderr)

        correspondence_pictures(window, ctx, out)
        signin_pictures(tmp, nurse.username, out)

        # The coordinator's desk, as a coordinator sees it: the queue and the figures.
        coordinator = next(u for u in users if u.role.value == "coordinator")
        kctx = open_ctx(db, coordinator.username, fixed_clock(now))
        from dosisdesk.services import figures

        access_pictures(window, ctx, nurse.team_name, kctx, out)
        figures.set_setting(kctx, "target_citizens", CITIZENS + 50)
        window.set_session(kctx, list_teams(db), None, None)
        settle(window)
        desk = window.desk
        if desk is not None:
            window.workspaces.setCurrentWidget(desk)
            loaded: list[object] = []
            desk.queue_tab.loaded.connect(lambda: loaded.append(1))
            desk.refresh()
            wait_until(lambda: bool(loaded), 60)
            settle(window)
            save(window, out / "coordinator-queue.png")
            # The smallest screen: 1366×768, after a bulk confirm (what happened, Fortryd).
            window.resize(1366, 768)
            settle(window)
            tab = desk.queue_tab
            tab._on_clicked(tab.model.index(0, 0))  # the first group's changes
            loaded.clear()
            tab.confirm_selected()
            wait_until(lambda: bool(loaded), 60)
            settle(window)
            save(window, out / "coordinator-desk-1366.png")
            window.resize(1400, 900)
            settle(window)
            loaded.clear()
            desk.figures_tab.loaded.connect(lambda: loaded.append(1))
            desk.tabs.setCurrentWidget(desk.figures_tab)
            wait_until(lambda: bool(loaded), 120)
            settle(window)
            save(window, out / "coordinator-figures.png")
            # Perioder: the first period that can still be stretched is chosen.
            loaded.clear()
            desk.periods_tab.loaded.connect(lambda: loaded.append(1))
            desk.tabs.setCurrentWidget(desk.periods_tab)
            wait_until(lambda: bool(loaded), 60)
            settle(window)
            save(window, out / "coordinator-periods.png")
            # Akutte ændringer: the last 14 days' acute changes, the first one's detail shown.
            loaded.clear()
            desk.acute_tab.loaded.connect(lambda: loaded.append(1))
            desk.tabs.setCurrentWidget(desk.acute_tab)
            wait_until(lambda: bool(loaded), 60)
            acute = desk.acute_tab
            if acute.model.rowCount():
                acute.view.setCurrentIndex(acute.model.index(0, 0))
            settle(window)
            save(window, out / "coordinator-acute.png")

        # Dark mode: the system's palette dark (as Windows' dark mode sets it) before the app
        # applies its own; the app keeps its one light palette, so the window and the checked
        # choices stay readable.
        from PySide6.QtGui import QColor, QPalette

        from dosisdesk.ui import appearance

        dark = QPalette()
        for role, colour in (
            (QPalette.ColorRole.Window, "#202020"),
            (QPalette.ColorRole.WindowText, "#f0f0f0"),
            (QPalette.ColorRole.Base, "#101010"),
            (QPalette.ColorRole.Text, "#f0f0f0"),
            (QPalette.ColorRole.Button, "#303030"),
            (QPalette.ColorRole.ButtonText, "#f0f0f0"),
        ):
            dark.setColor(role, QColor(colour))
        app.setPalette(dark)
        appearance.apply(app, 100)
        window.set_session(ctx, list_teams(db), nurse.team_name, None)
        settle(window)
        window.workspaces.setCurrentIndex(0)
        if planned is not None:
            show_citizen(window, planned.citizen_name.split()[-1], planned.cpr)
        contact = window.open_contact_dialog()
        if contact is not None:
            settle(window)
            save(contact, out / "dark-system-contact-dialog.png")
            contact.reject()
            settle(window)
        save(window, out / "dark-system-main-window.png")
        window.act_help.trigger()
        settle(window)
        if window.help_dialog is not None:
            save(window.help_dialog, out / "help.png")
            window.help_dialog.close()
            settle(window)

        window.close()
        settle(window)
        db.dispose()
    del translators
    return 0


if __name__ == "__main__":
    sys.exit(main())
