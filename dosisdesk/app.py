"""Start-up of the desktop app, in order: logging, exception hook, QApplication, translators,
stylesheet, the main window (shown first), then the database in the background, demo data on
request, and signing in (services.signin: the OS account, the database role, or the sign-in
dialog; never a list of users).

``python -m dosisdesk [--db URL] [--user NAME] [--now ISO] [--screenshot PATH] [--demo-if-empty]``

Size: the whole start-up (arguments, translators, the first-run and user dialogs, opening the
database in the background, the screenshot mode). The two dialogs belong in ui/dialogs/; they
move when sign-in is rebuilt (issue #13), which rewrites them.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    Qt,
    QTimer,
    QTranslator,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.errors import DosisError, InvalidInput, StorageError
from dosisdesk.ui.messages import bridge

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

log = logging.getLogger("dosisdesk.app")

ORGANIZATION = "dosisdesk"
APPLICATION = "dosisdesk"
DEMO_CITIZENS = 300
SCREENSHOT_TIMEOUT_MS = 120_000
START_HOLD_MS = 60_000  # the garbage collector waits for the list at most this long


# ---------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="dosisdesk", description="dosisdesk: the desktop app")
    p.add_argument("--db", help="database URL or path to an SQLite file")
    p.add_argument(
        "--user", help="on a training database: sign in as this user; elsewhere only yourself"
    )
    p.add_argument("--now", help="what-if clock: ISO-8601 time to compute from")
    p.add_argument(
        "--screenshot",
        metavar="PATH",
        help="render the window when the data has loaded, save a PNG and exit",
    )
    p.add_argument(
        "--demo-if-empty", action="store_true", help="fill an empty database with demo data"
    )
    p.add_argument("--demo-citizens", type=int, default=DEMO_CITIZENS, help=argparse.SUPPRESS)
    # for the start-up benchmark (tests/perf): quit once the first page of the list shows
    p.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(list(argv))


def parse_now(text: str) -> datetime:
    from dosisdesk.domain.calendar import parse_moment

    return parse_moment(text)


def resource_path(*parts: str) -> Path:
    return Path(str(resources.files("dosisdesk.resources").joinpath(*parts)))


def language(settings: QSettings) -> str:
    env = os.environ.get("DOSISDESK_LANG", "").strip().lower()
    if env:
        return "en" if env.startswith("en") else "da"
    value = settings.value("ui/language", "da")
    return "en" if str(value).lower().startswith("en") else "da"


def install_translators(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Danish (the default): Qt's own ``qtbase_da`` and the app's ``dosisdesk_da``."""
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        return []
    QLocale.setDefault(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
    installed = []
    qt = QTranslator(app)
    if qt.load("qtbase_da", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    else:
        log.warning("Qt's Danish translation not found")
    extra = QTranslator(app)  # Qt's texts that qtbase_da lacks (the file dialog's labels)
    if extra.load(str(resource_path("translations", "qt_extra_da.qm"))):
        app.installTranslator(extra)
        installed.append(extra)
    own = QTranslator(app)
    if own.load(str(resource_path("translations", "dosisdesk_da.qm"))):
        app.installTranslator(own)
        installed.append(own)
    else:
        log.warning("dosisdesk_da.qm not found")
    return installed


def apply_stylesheet(app: QApplication) -> None:
    """Fusion, the one light palette and the style sheet at the remembered zoom
    (``ui/appearance.py`` says why)."""
    from dosisdesk.ui import appearance

    appearance.apply(app)


# ---------------------------------------------------------------------------
# Dialogs at start
# ---------------------------------------------------------------------------


class FirstRunDialog(QDialog):
    """No database yet: demo data, an empty database, or a shared PostgreSQL server."""

    DEMO, EMPTY, SERVER = range(3)

    def __init__(self, default_path: str, parent: QWidget | None = None) -> None:
        # imported here: PySide6 makes each Qt class's Python type when it is first named,
        # ~0.1-0.3 MB each, and a start with a database never shows these (issue #10)
        from PySide6.QtWidgets import QButtonGroup, QDialogButtonBox, QRadioButton, QSpinBox

        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to dosisdesk"))
        intro = QLabel(
            self.tr(
                "There is no database on this computer yet. The database will be created in:\n%1"
            ).replace("%1", default_path)
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo = QRadioButton(
            self.tr("&Demo data: a fictitious municipality to try the program")
        )
        self.citizens = QSpinBox()
        self.citizens.setRange(10, 85_000)
        self.citizens.setValue(DEMO_CITIZENS)
        self.citizens.setSingleStep(100)
        self.citizens.setSuffix(self.tr(" citizens"))
        self.citizens.setAccessibleName(self.tr("Number of demo citizens"))
        self.empty = QRadioButton(self.tr("&Empty database (a new installation)"))
        self.server = QRadioButton(self.tr("S&hared PostgreSQL database on a server:"))
        self.url = QLineEdit()
        self.url.setPlaceholderText("postgresql://bruger@server/dosisdesk")
        self.url.setAccessibleName(self.tr("PostgreSQL address"))
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.group = QButtonGroup(self)
        for i, b in enumerate((self.demo, self.empty, self.server)):
            self.group.addButton(b, i)
        self.demo.setChecked(True)
        demo_row = QHBoxLayout()
        demo_row.addSpacing(24)
        demo_row.addWidget(self.citizens)
        demo_row.addStretch(1)
        url_row = QHBoxLayout()
        url_row.addSpacing(24)
        url_row.addWidget(self.url, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Start"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Quit"))
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addSpacing(6)
        lay.addWidget(self.demo)
        lay.addLayout(demo_row)
        lay.addWidget(self.empty)
        lay.addWidget(self.server)
        lay.addLayout(url_row)
        lay.addWidget(self.error)
        lay.addStretch(1)
        lay.addWidget(self.buttons)
        self.group.idToggled.connect(self._on_choice_toggled)
        self.url.textEdited.connect(self._on_url_edited)
        self._on_choice_toggled(0, True)
        self.resize(560, 320)

    @property
    def choice(self) -> int:
        return self.group.checkedId()

    def server_url(self) -> str:
        return self.url.text().strip()

    @Slot(int, bool)
    def _on_choice_toggled(self, _id: int, _checked: bool) -> None:
        self.citizens.setEnabled(self.choice == self.DEMO)
        self.url.setEnabled(self.choice == self.SERVER)
        if self.choice == self.SERVER:
            self.url.setFocus()

    @Slot(str)
    def _on_url_edited(self, _text: str) -> None:
        self.error.hide()

    @Slot()
    def _on_accept(self) -> None:
        if self.choice == self.SERVER:
            from dosisdesk.storage.db import normalize_url

            text = self.server_url()
            try:
                if not text.startswith(("postgresql://", "postgres://", "postgresql+")):
                    raise StorageError(
                        "not a PostgreSQL URL",
                        self.tr("Write the server's address as postgresql://user@server/database."),
                    )
                normalize_url(text)
            except DosisError as e:
                self.error.setText(e.message)
                self.error.show()
                self.url.setFocus()
                return
        self.accept()


def _demo_wanted(demo: int | None, if_empty: int | None, info: Any) -> int | None:
    """How many demo citizens to make before anyone signs in: those asked for in the first-run
    dialog, or (``--demo-if-empty``: ``if_empty``) as many in a training database without any."""
    if demo is None and if_empty and not info.has_citizens:
        return if_empty if info.training else None
    return demo


class _ProgressRelay(QObject):
    progress = Signal(int, int)


# ---------------------------------------------------------------------------
# The start-up sequence
# ---------------------------------------------------------------------------


class Startup(QObject):
    """Open the database (first run: ask how), build demo data if asked, sign in, and
    hand the session to the main window. Every step that touches the database runs in the
    window's runner; the window stays responsive throughout."""

    ready = Signal(object)  # Ctx
    failed = Signal(str)

    def __init__(
        self,
        window: Any,
        args: argparse.Namespace,
        settings: QSettings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        from dosisdesk.domain.calendar import fixed_clock, now_cph

        self.window = window
        self.args = args
        self.settings = settings
        self.clock: Callable[[], datetime] = (
            fixed_clock(parse_now(args.now)) if args.now else now_cph
        )
        self.db: Any = None
        self.url = ""
        self.signin_setup: Any = None
        self.teams: list[str] = []
        self.idle: Any = None  # IdleLock, made at the first sign-in
        self.dialog: QDialog | None = None
        self.progress: QProgressDialog | None = None
        self._cancel_demo = False
        self._relay = _ProgressRelay(self)
        self._relay.progress.connect(self._on_demo_progress)
        window.switch_user_requested.connect(self._on_switch_user)

    @property
    def runner(self) -> Any:
        return self.window.runner

    # -- choosing the database ----------------------------------------------

    def start(self) -> None:
        from dosisdesk.paths import default_database

        explicit = (
            self.args.db
            or os.environ.get("DOSISDESK_DATABASE_URL")
            or str(self.settings.value("database/url", "") or "")
            or None
        )
        default_file = default_database()
        if (
            explicit is None
            and not default_file.exists()
            and not (self.args.demo_if_empty or self.args.screenshot)
        ):
            self._ask_first_run(str(default_file))
            return
        # Only the first-run dialog and --demo-if-empty (a training database) create one; a
        # mistyped --db is refused with a message, never made into a new empty database.
        create = "training" if (self.args.demo_if_empty or self.args.screenshot) else None
        self._open(explicit or f"sqlite:///{default_file}", demo=None, create=create)

    def _ask_first_run(self, path: str) -> None:
        dialog = FirstRunDialog(path, self.window)
        dialog.accepted.connect(self._on_first_run_accepted)
        dialog.rejected.connect(self._on_first_run_rejected)
        self.dialog = dialog
        self.window.db_label.setText(QCoreApplication.translate("app", "No database yet"))
        dialog.open()

    @Slot()
    def _on_first_run_accepted(self) -> None:
        from dosisdesk.storage.db import default_url

        dialog = self.dialog
        assert isinstance(dialog, FirstRunDialog)
        self.dialog = None
        if dialog.choice == FirstRunDialog.SERVER:
            url = dialog.server_url()
            self.settings.setValue("database/url", url)
            self._open(url, demo=None)
        elif dialog.choice == FirstRunDialog.DEMO:
            self._open(default_url(), demo=dialog.citizens.value(), create="training")
        else:
            self._open(default_url(), demo=None, create="real")
        dialog.deleteLater()

    @Slot()
    def _on_first_run_rejected(self) -> None:
        self.dialog = None
        self.window.close()

    def _open(self, url: str, demo: int | None, create: str | None = None) -> None:
        """Open the database at ``url``; ``create`` ("real" or "training") makes a new one of
        that kind when none is there (an existing one keeps its kind).

        One job does it all in the background, SQLAlchemy's and the services' imports too: the
        window paints meanwhile. Unless demo data is to be built first, the same job reads how
        people sign in here and the teams (:meth:`_load_users` otherwise)."""
        self.window.db_label.setText(QCoreApplication.translate("app", "Opening the database…"))
        if_empty = self.args.demo_citizens if self.args.demo_if_empty else None

        def work() -> tuple[Any, str, Any, Any]:
            from dosisdesk.services import signin
            from dosisdesk.services.users import database_info, list_teams
            from dosisdesk.storage.db import Database, database_exists, resolve_url

            resolved = resolve_url(url)
            if create is not None and not database_exists(resolved):
                db = Database.create(resolved, training=create == "training")
            else:
                db = Database.open(resolved)
            info = database_info(db)
            users = None
            if not _demo_wanted(demo, if_empty, info):
                users = (signin.setup(db), list_teams(db))
            return db, resolved, info, users

        self.runner.run(work, lambda r: self._on_opened(r[0], r[1], r[2], r[3], demo), self._fail)

    def _on_opened(
        self, db: Any, url: str, info: Any, users: tuple[Any, list[str]] | None, demo: int | None
    ) -> None:
        self.db, self.url = db, url
        self.window.set_database(self.url, info)
        if self.args.now and not info.training:
            # The window saves; on a real database what is saved is saved at the real moment.
            from dosisdesk.domain.calendar import now_cph

            self.clock = now_cph
            bridge.warning(
                self.window,
                QCoreApplication.translate("app", "Clock"),
                QCoreApplication.translate(
                    "app",
                    "--now is not used on a real database: what is saved is saved at the real "
                    "time. Only a training database can set the clock.",
                ),
            )
        if_empty = self.args.demo_citizens if self.args.demo_if_empty else None
        demo = _demo_wanted(demo, if_empty, info)
        if demo:
            self._build_demo(demo)
        elif users is not None:
            self._on_setup(users[0], users[1], False)
        else:
            self._load_users()

    def _fail(self, exc: BaseException) -> None:
        """Start-up failed: a plain sentence, never a traceback."""
        from dosisdesk.ui.errors import present

        self.window.db_label.setText(QCoreApplication.translate("app", "No database"))
        if isinstance(exc, StorageError):
            bridge.error(
                self.window,
                QCoreApplication.translate("app", "The database cannot be opened"),
                exc.message,
            )
        else:
            present(self.window, exc)
        message = exc.message if isinstance(exc, DosisError) else str(exc)
        self.failed.emit(message)

    # -- demo data ----------------------------------------------------------

    def _build_demo(self, citizens: int) -> None:
        from dosisdesk.demo.build import build_demo

        self._cancel_demo = False
        from dosisdesk.ui.widgets.page_progress import cancellable_progress

        title = QCoreApplication.translate("app", "Demo data")
        progress = cancellable_progress(self.window, title, 300)
        progress.setLabelText(QCoreApplication.translate("app", "Building demo data…"))
        progress.setRange(0, 0)
        progress.canceled.connect(self._on_demo_cancel)
        self.progress = progress
        db, now, relay = self.db, self.clock(), self._relay

        def work() -> Any:
            return build_demo(
                db,
                citizens=citizens,
                seed=1,
                now=now,
                progress=relay.progress.emit,
                should_cancel=lambda: self._cancel_demo,
            )

        self.runner.run(work, self._on_demo_built, self._on_demo_failed)

    @Slot()
    def _on_demo_cancel(self) -> None:
        self._cancel_demo = True
        if self.progress is not None:
            self.progress.setLabelText(QCoreApplication.translate("app", "Cancelling…"))

    @Slot(int, int)
    def _on_demo_progress(self, done: int, total: int) -> None:
        if self.progress is not None and not self._cancel_demo:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self._on_demo_cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _on_demo_built(self, _summary: Any) -> None:
        self._close_progress()
        self._refresh_info_then_users()

    def _on_demo_failed(self, exc: BaseException) -> None:
        from dosisdesk.demo.build import DemoCancelled
        from dosisdesk.ui.errors import present

        self._close_progress()
        if isinstance(exc, DemoCancelled):
            bridge.info(
                self.window,
                QCoreApplication.translate("app", "Demo data"),
                QCoreApplication.translate(
                    "app", "No demo data was created; the database is empty."
                ),
            )
        else:
            present(self.window, exc)
        self._refresh_info_then_users()

    def _refresh_info_then_users(self) -> None:
        from dosisdesk.services.users import database_info

        db = self.db

        def done(info: Any) -> None:
            self.window.set_database(self.url, info)
            self._load_users()

        self.runner.run(lambda: database_info(db), done, self._fail)

    # -- who is working -----------------------------------------------------

    def _load_users(self, switching: bool = False) -> None:
        """How people sign in here (services.signin), then sign in: at once as the OS account
        or database role, or with the sign-in dialog (no list of users to pick from)."""
        from dosisdesk.services import signin
        from dosisdesk.services.users import list_teams

        db = self.db
        self.runner.run(
            lambda: (signin.setup(db), list_teams(db)),
            lambda r: self._on_setup(r[0], r[1], switching),
            self._fail,
        )

    def _on_setup(self, setup: Any, teams: list[str], switching: bool) -> None:
        self.signin_setup, self.teams = setup, teams
        if setup.method in ("os", "database"):
            self._sign_in(self.args.user, None)
            return
        if setup.training and not switching:
            name = self.args.user or (setup.demo_coordinator if self.args.screenshot else None)
            if name:
                self._sign_in(name, None)
                return
        self._ask_sign_in(setup)

    def _ask_sign_in(self, setup: Any, locked_for: str | None = None) -> None:
        from dosisdesk.ui.signin import SignInDialog

        dialog = SignInDialog(
            training=setup.training,
            first_password=setup.needs_first_password and locked_for is None,
            demo_nurse=setup.demo_nurse,
            locked_for=locked_for,
            ask_password=setup.method == "password",
            parent=self.window,
        )
        if locked_for is None:
            dialog.submitted.connect(self._on_credentials)
        else:
            dialog.submitted.connect(self._on_unlock)
        dialog.first_password.connect(self._on_first_password)
        dialog.demo_requested.connect(self._on_demo_nurse)
        dialog.rejected.connect(self._on_sign_in_rejected)
        self.dialog = dialog
        dialog.open()

    @Slot(str, str)
    def _on_credentials(self, name: str, password: str) -> None:
        self._sign_in(name, password or None)

    @Slot(str, str)
    def _on_first_password(self, name: str, password: str) -> None:
        from dosisdesk.services import signin

        db, clock = self.db, self.clock
        self.runner.run(
            lambda: self._with_team(signin.set_first_password(db, name, password, clock)),
            self._on_signed_in,
            self._on_sign_in_failed,
        )

    @Slot()
    def _on_demo_nurse(self) -> None:
        self._sign_in(self.signin_setup.demo_nurse, None)

    @Slot()
    def _on_sign_in_rejected(self) -> None:
        dialog, self.dialog = self.dialog, None
        if self.window.locked and self.window.ctx is not None:
            # Escape on the lock: the data stays hidden and the sign-in stays asked for
            name = self.window.ctx.actor.username
            if dialog is not None:
                dialog.deleteLater()
            QTimer.singleShot(0, lambda: self._ask_sign_in(self.signin_setup, locked_for=name))
            return
        if self.window.ctx is None:
            self.window.close()

    @Slot()
    def _on_switch_user(self) -> None:
        """*Skift bruger*: sign out first (no health data stays on the screen), then sign in."""
        if self.db is None:
            return
        if self.idle is not None:
            self.idle.disarm()
        self.window.set_session(None)
        self._load_users(switching=True)

    # -- the idle lock ------------------------------------------------------

    def _watch_idle(self) -> None:
        from dosisdesk.settings import SettingsError, idle_minutes
        from dosisdesk.ui.idlelock import IdleLock

        if self.idle is None:
            try:
                minutes = idle_minutes()
            except SettingsError as e:
                log.warning("idle lock: %s; using 10 minutes", e)
                minutes = 10.0
            self.idle = IdleLock(minutes, parent=self)
            self.idle.idle.connect(self._on_idle)
        self.idle.arm()

    @Slot()
    def _on_idle(self) -> None:
        """No input for a while: hide the data and ask for the sign-in again."""
        if self.window.ctx is None or self.args.screenshot:
            return
        self.window.lock_screen()
        self._ask_sign_in(self.signin_setup, locked_for=self.window.ctx.actor.username)

    @Slot(str, str)
    def _on_unlock(self, name: str, password: str) -> None:
        from dosisdesk.services import signin

        db, clock = self.db, self.clock
        self.runner.run(
            lambda: self._with_team(signin.sign_in(db, name, password or None, clock=clock)),
            self._on_unlocked,
            self._on_sign_in_failed,
        )

    def _on_unlocked(self, result: tuple[Any, str | None]) -> None:
        ctx, _own = result
        same = self.window.ctx is not None and ctx.actor.id == self.window.ctx.actor.id
        if not same:
            self.window.unlock_screen(ctx)
            self._on_signed_in(result)
            return
        if self.dialog is not None:
            self.dialog.accept()
            self.dialog.deleteLater()
            self.dialog = None
        self.window.unlock_screen(None)
        self._watch_idle()

    def _with_team(self, ctx: Any) -> tuple[Any, str | None]:
        from dosisdesk.services.users import team_name

        return ctx, team_name(ctx.db, ctx.actor.team_id)

    def _sign_in(self, username: str | None, password: str | None) -> None:
        from dosisdesk.services import signin

        db, clock = self.db, self.clock
        self.runner.run(
            lambda: self._with_team(signin.sign_in(db, username, password, clock=clock)),
            self._on_signed_in,
            self._on_sign_in_failed,
        )

    def _on_sign_in_failed(self, exc: BaseException) -> None:
        from dosisdesk.ui.signin import SignInDialog

        dialog = self.dialog
        if isinstance(dialog, SignInDialog) and isinstance(exc, DosisError):
            dialog.failed(exc.message)
            return
        self._fail(exc)

    def _on_signed_in(self, result: tuple[Any, str | None]) -> None:
        ctx, own = result
        if self.dialog is not None:
            self.dialog.accept()
            self.dialog.deleteLater()
            self.dialog = None
        last_team = self.settings.value("session/last_team")
        self.window.set_session(
            ctx, self.teams, own or None, None if last_team is None else str(last_team)
        )
        self._watch_idle()
        self.ready.emit(ctx)


# ---------------------------------------------------------------------------
# --screenshot
# ---------------------------------------------------------------------------


class ScreenshotTaker(QObject):
    """Wait for the list and the first citizen's card, save the window as PNG, quit."""

    def __init__(self, window: Any, path: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.path = path
        self.result = 1
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self._on_timeout)

    def attach(self, startup: Startup) -> None:
        startup.ready.connect(self._on_ready)
        startup.failed.connect(self._on_failed)
        self._timeout.start(SCREENSHOT_TIMEOUT_MS)

    @Slot(object)
    def _on_ready(self, _ctx: object) -> None:
        self.window.citizens.model.page_loaded.connect(self._on_page_loaded)

    @Slot(int)
    def _on_page_loaded(self, count: int) -> None:
        self.window.citizens.model.page_loaded.disconnect(self._on_page_loaded)
        if count == 0:
            QTimer.singleShot(0, self._save)
            return
        self.window.card.card_loaded.connect(self._on_card_loaded)
        self.window.citizens.select_row(0)

    @Slot(object)
    def _on_card_loaded(self, _cv: object) -> None:
        self.window.card.card_loaded.disconnect(self._on_card_loaded)
        self.window.card.day_loaded.connect(self._on_day_loaded)

    @Slot(object)
    def _on_day_loaded(self, _day: object) -> None:
        self.window.card.day_loaded.disconnect(self._on_day_loaded)
        QTimer.singleShot(0, self._save)

    @Slot()
    def _save(self) -> None:
        self.window.runner.wait_idle()
        QApplication.processEvents()
        ok = self.window.grab().save(self.path, "PNG")
        self.result = 0 if ok else 1
        if not ok:
            print(f"could not save {self.path}", file=sys.stderr)
        QApplication.exit(self.result)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        print(message, file=sys.stderr)
        QApplication.exit(1)

    @Slot()
    def _on_timeout(self) -> None:
        print("screenshot: timed out waiting for data", file=sys.stderr)
        QApplication.exit(2)


class ReadyExit(QObject):
    """``--exit-when-ready``: quit as soon as the signed-in user's list shows its first page,
    painted (the moment a user can start typing), so a benchmark can time a cold start."""

    def __init__(self, window: Any, startup: Startup) -> None:
        super().__init__(window)
        self.window = window
        startup.ready.connect(self._on_ready)
        startup.failed.connect(lambda _m: QApplication.exit(1))

    @Slot(object)
    def _on_ready(self, _ctx: object) -> None:
        self.window.citizens.model.page_loaded.connect(self._on_page_loaded)

    @Slot(int)
    def _on_page_loaded(self, _count: int) -> None:
        from dosisdesk.ui.painted import after_next_paint

        self.window.citizens.model.page_loaded.disconnect(self._on_page_loaded)
        # once the rows are painted (never sooner: a benchmark times this)
        after_next_paint(self.window.citizens.view.viewport(), self._report, longest_ms=None)

    @Slot()
    def _report(self) -> None:
        focus = self.window.focusWidget() is self.window.citizens.search
        print("ready, search focused" if focus else "ready, search NOT focused", flush=True)
        print(f"peak memory {peak_memory_kb()} kB", flush=True)
        QApplication.exit(0)


def settle_when_listed(window: Any, startup: Startup) -> None:
    """Hold the garbage collector while the window opens, until the signed-in user's list
    shows its first page (ui/gcguard.py says why; at most a minute: a sign-in can wait)."""
    from dosisdesk.ui import gcguard

    guard = gcguard.install(QApplication.instance() or window)
    guard.hold(START_HOLD_MS)

    def on_page(_count: int) -> None:
        window.citizens.model.page_loaded.disconnect(on_page)
        guard.settle()

    def on_ready(_ctx: object) -> None:
        if guard.held:
            window.citizens.model.page_loaded.connect(on_page)

    startup.ready.connect(on_ready)
    startup.failed.connect(lambda _m: guard.settle())


def peak_memory_kb() -> int | None:
    """This process's peak resident memory (Linux's VmHWM; its own, unlike a parent's rusage of
    a child, which counts the parent's memory at the fork), or None where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------


def create_application(argv0: str = "dosisdesk", *, guard_keys: bool = True) -> QApplication:
    """The application with its names, the garbage collector on the GUI thread and (unless
    ``guard_keys`` is False) the Alt+letter guard on its windows."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([argv0])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("dosisdesk")
    from dosisdesk.ui import gcguard

    gcguard.install(app)  # garbage cycles holding widgets are freed on the GUI thread only
    if guard_keys:
        from dosisdesk.ui import keys

        keys.install(app)  # an Alt+letter that matches no field never picks from a list
    return app


def main(argv: Sequence[str] | None = None) -> int:
    from dosisdesk.ui.pyside_fix import light_feature_scan, pin_singletons

    pin_singletons()  # before any Qt call: PySide6 6.12.0 on CPython 3.11 (see the module)
    light_feature_scan()  # before the window's and the database's imports (see the module)
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from dosisdesk.logs import setup_logging
    from dosisdesk.ui.errors import install_excepthook

    setup_logging()
    from dosisdesk import outfile

    outfile.sweep()  # a temporary file an interrupted export or print left behind
    install_excepthook()
    if args.screenshot:
        bridge.interactive = False  # nobody is there to close a box
    app = create_application(sys.argv[0] if sys.argv else "dosisdesk")
    settings = QSettings()
    translators = install_translators(app, language(settings))
    apply_stylesheet(app)
    if args.now:
        try:
            parse_now(args.now)
        except InvalidInput as e:
            print(e.message, file=sys.stderr)
            return 2

    from dosisdesk.ui.nurse.mainwindow import MainWindow

    window = MainWindow()
    if not args.screenshot:
        window.restore_settings(settings)
    else:
        window.resize(1400, 900)
    window.show()
    startup = Startup(window, args, settings, window)
    shooter: ScreenshotTaker | None = None
    if args.screenshot:
        shooter = ScreenshotTaker(window, args.screenshot, window)
        shooter.attach(startup)
    if args.exit_when_ready:
        ReadyExit(window, startup)
    settle_when_listed(window, startup)
    QTimer.singleShot(0, startup.start)
    code = app.exec()
    window.wait_idle(30_000)  # the database jobs and the audit entries of the lists shown
    window.queue_clock.runner.wait_idle(30_000)
    if startup.db is not None:
        startup.db.dispose()
    settings.sync()  # written now: the program may end without tearing down (__main__.exit_now)
    del translators
    return int(code)
