"""The README's FMK picture, made offscreen from demo data:

    QT_QPA_PLATFORM=offscreen python -m tools.fmk_screenshot docs/screenshots

builds a demo database (60 citizens, the clock at Sunday 22 November 2026 10:00), lets a
coordinator create Helle Bonde from FMK's recorded card (``docs/examples/``), reads it and a
changed card of a demo citizen, and saves ``fmk-tab.png`` (the card's FMK tab) and
``fmk-desk.png`` (the desk's list of citizens whose FMK card differs).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tools.screenshots import NOW, save, settle, show_citizen, wait_until

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples"


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
    from dosisdesk.interop.fmk.document import parse_medicine_card
    from dosisdesk.services import fmk
    from dosisdesk.services.context import fixed_clock, open_ctx
    from dosisdesk.services.users import database_info, list_teams, list_users
    from dosisdesk.storage.db import Database
    from dosisdesk.ui.messages import bridge
    from dosisdesk.ui.nurse.mainwindow import MainWindow

    bridge.interactive = False
    app = create_application()
    translators = install_translators(app, os.environ.get("DOSISDESK_LANG", "da"))
    apply_stylesheet(app)
    now: datetime = parse_now(NOW)
    with tempfile.TemporaryDirectory(prefix="dosisdesk-fmk-") as tmp:
        db = Database.create(f"sqlite:///{Path(tmp) / 'demo.sqlite'}", training=True)
        build_demo(db, citizens=60, seed=1, now=now)
        coordinator = next(u for u in list_users(db) if u.role.value == "coordinator")
        ctx = open_ctx(db, coordinator.username, fixed_clock(now))
        card = parse_medicine_card((EXAMPLE / "medicine-card-1111111118.xml").read_bytes())
        teams, groups = fmk.teams_and_groups(ctx)
        fmk.create_citizen(ctx, card, teams[0], groups[0])
        fmk.read_card(ctx, card)

        window = MainWindow()
        window.resize(1400, 900)
        window.set_database(db.url, database_info(db))
        window.show()
        window.set_session(ctx, list_teams(db), None, None)
        wait_until(lambda: window.citizens.model.rowCount() > 0)
        settle(window)
        show_citizen(window, "Bonde", card.cpr)
        window.card.tabs.setCurrentIndex(window.card.TAB_FMK)
        settle(window)
        save(window, out / "fmk-tab.png")
        desk = window.desk
        if desk is not None and hasattr(desk, "fmk_tab"):
            window.workspaces.setCurrentWidget(desk)
            desk.tabs.setCurrentWidget(desk.fmk_tab)
            desk.fmk_tab.refresh()
            settle(window)
            save(window, out / "fmk-desk.png")
        window.close()
        settle(window)
        db.dispose()
    del translators
    return 0


if __name__ == "__main__":
    sys.exit(main())
