"""National scale benchmarks: every user-visible path next to its physical limit (issue #10).

    python -m tests.perf.run [--sizes 3000,20000,85000] [--repeat 9] [--only card,search,...]
                             [--demo] [--no-pg]

For each size it builds (first time) or reuses the seed-7 demo database cached under
/tmp/dosisdesk-perf (never in the repository), then times each path against its baseline in
ALTERNATING pairs in the same run (tests/perf/harness.py) and prints one line per measurement and,
at the end, the table of the issue with how each path grows with the size. The interactive paths
run on PostgreSQL too when DOSISDESK_TEST_DATABASE_URL is set (a schema per size, copied from the
SQLite demo once). ``--demo`` also times building the demo against sqlite3.executemany of the same
rows (a few minutes at 85,000 citizens).

Baselines (tests/perf/baselines.py): hand-written SQL for the same rows (card: ~13 statements in
one read transaction plus one sealed audit entry committed; search: the page with its six
attention marks in one statement, CPR prefixes as an index range, and the citizens shown handed
to a writer thread that writes the one sealed audit entry naming them right after (as the window
does; that entry is timed as a row of its own); queue: the desk's first page and
its groups' counts with the private-line filter, each change as it stands at the moment, and the
page's one sealed audit entry, committed; flags: the same ranked list in one statement
and its one sealed audit entry, committed; the desk's hospital tab: its three lists, each read
with the citizens' names and its sealed entry committed in a unit of work of its own);
Qt rendering the same HTML to PDF (handover); an empty QMainWindow shown by the same interpreter
(start-up, memory); ``python -c "import sqlalchemy, PySide6.QtCore"`` (the CLI).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.perf import baselines
from tests.perf.harness import (
    NOW,
    Results,
    alternate,
    alternate_timed,
    ensure_sqlite,
    fmt_ms,
    pair,
    pg_url,
)

USER = "admin"
PAGE = 100  # the citizen list's page (ui/nurse/models.py)
QUEUE_PAGE = 200  # the desk's queue page
HOSPITAL_LIMIT = 1000  # the most rows of each of the desk's hospital lists (the services' limit)
NAMES = ("h", "ha", "han", "hans", "hanse")

GOALS: dict[str, tuple[str, Callable[[float, float], bool]]] = {
    "start-up until the list shows": ("<= 1.5x", lambda r, _ms: r <= 1.5),
    "memory with the list open": ("<= 2x", lambda r, _ms: r <= 2.0),
    "search per keystroke, a name": ("<= 2x and < 16 ms", lambda r, ms: r <= 2 and ms < 16),
    "search per keystroke, a CPR prefix": ("<= 2x and < 16 ms", lambda r, ms: r <= 2 and ms < 16),
    "search: a page's audit entry (after it shows)": ("<= 2x", lambda r, _ms: r <= 2.0),
    "open a card (service: card + day view)": ("<= 2x", lambda r, _ms: r <= 2.0),
    "open a card in the window": ("<= 3x", lambda r, _ms: r <= 3.0),
    "queue: first page + groups (service)": ("<= 2x", lambda r, _ms: r <= 2.0),
    "supply failure: the lines it affects (service)": ("<= 2x", lambda r, _ms: r <= 2.0),
    "acute changes, 14 days (service)": ("<= 2x", lambda r, _ms: r <= 2.0),
    "figures tab (service)": ("<= 2x", lambda r, _ms: r <= 2.0),
    "flags over the whole database": ("<= 1.5x and < 300 ms", lambda r, ms: r <= 1.5 and ms < 300),
    "hospital tab: admitted, windows, discharges": ("<= 2x", lambda r, _ms: r <= 2.0),
    "handover PDF, 300-citizen team": ("<= 1.3x", lambda r, _ms: r <= 1.3),
    "demo data": ("<= 2x", lambda r, _ms: r <= 2.0),
    "CLI --json card CPR, whole process": ("<= 2x", lambda r, _ms: r <= 2.0),
}


def services() -> Any:
    """The services the benchmarks call, wherever this version of the code keeps them (the
    BEFORE figures were taken on the code before the services were split by noun)."""
    from types import SimpleNamespace

    try:
        from dosisdesk.services import flags, queue, search

        return SimpleNamespace(
            search=search.search_citizens,
            flags=flags.flags,
            queue=queue.queue,
            QueueFilter=queue.QueueFilter,
        )
    except ImportError:
        from dosisdesk.services import overview

        return SimpleNamespace(
            search=overview.search_citizens,
            flags=overview.flags,
            queue=overview.queue,
            QueueFilter=overview.QueueFilter,
        )


def goal(
    results: Results,
    path: str,
    size: int,
    engine: str,
    timing: tuple[float, float, list[float]],
    note: str = "",
) -> None:
    text, check = GOALS[path]
    pair(results, path, size, engine, timing, text, check, note)


# ---------------------------------------------------------------------------
# In-process: services, the window, baselines
# ---------------------------------------------------------------------------


#: How long a window must go without painting before it counts as shown (``Session.wait``).
QUIET_MS = 150


class Session:
    """One database opened the way the app opens it, the baseline engine beside it, and (for
    the window rows) the nurse's main window signed in as ``admin``."""

    def __init__(self, url: str) -> None:
        self.settled_late = 0  # window rows whose widget changed after its first paint
        from dosisdesk.services.context import fixed_clock, open_ctx
        from dosisdesk.storage.db import Database

        self.url = url
        self.db = Database.open(url)
        self.ctx = open_ctx(self.db, USER, fixed_clock(NOW))
        self.base = baselines.Baseline(url)
        with self.base.engine.connect() as c:
            from sqlalchemy import text

            self.user = tuple(
                c.execute(
                    text("SELECT id, username FROM users WHERE username = :u"), {"u": USER}
                ).one()
            )
            # Citizens with something on their card: open changes first (a busy card).
            self.cprs = [
                r[0]
                for r in c.execute(
                    text(
                        "SELECT z.cpr FROM citizens z WHERE EXISTS (SELECT 1 FROM changes c "
                        "WHERE c.citizen_id = z.id AND c.state IN ('registered', 'confirmed')) "
                        "ORDER BY z.id LIMIT 5"
                    )
                )
            ]
            self.citizens = c.execute(text("SELECT count(*) FROM citizens")).scalar_one()
        self.window: Any = None
        self.idle: Any = None

    def close(self) -> None:
        if self.idle is not None:
            self.idle.disarm()
        if self.window is not None:
            self.window.runner.wait_idle(30_000)
            self.window.close()
            self.window.deleteLater()
            self.window = None
        self.base.dispose()
        self.db.dispose()

    # -- the window -------------------------------------------------------------

    def open_window(self) -> Any:
        from PySide6.QtWidgets import QApplication

        from dosisdesk.ui import appearance
        from dosisdesk.ui.messages import bridge
        from dosisdesk.ui.nurse.mainwindow import MainWindow
        from dosisdesk.ui.pyside_fix import pin_singletons

        pin_singletons()
        app = QApplication.instance() or QApplication([sys.argv[0]])
        # the program's own style and sheet (app.py applies them before the window): a window
        # painted without them paints less than the user's does
        appearance.apply(app, appearance.DEFAULT_ZOOM)
        bridge.interactive = False
        self.app = app
        w = MainWindow()
        w.resize(1400, 900)
        w.show()
        self.window = w
        # what the app watches the windows with once someone has signed in (app.main, Startup):
        # the Alt+letter guard and the idle lock see every event their windows get
        from dosisdesk.ui import keys
        from dosisdesk.ui.idlelock import IdleLock

        keys.install(app)
        self.idle = IdleLock(10)
        self.idle.arm()
        self.wait(w.citizens.model.page_loaded, lambda: w.set_session(self.ctx, [], None, None))
        self.settle(w)
        return w

    def settle(self, w: Any) -> None:
        """What the sign-in sets off once the list has painted (the page's audit entry, the
        queue clock's first run) is done before anything is timed. Both write: left to the
        first timed operations they ran beside them, and a baseline that reads and then writes
        its audit entry failed now and then ("database is locked": SQLite's snapshot of its
        reads was older than their commit)."""
        w.citizens.view.viewport().repaint()
        for _ in range(3):
            self.app.processEvents()
        w.queue_clock.runner.wait_idle(120_000)
        w.wait_idle(120_000)
        self.app.processEvents()

    def flush_screen(self) -> None:
        """The layouts and repaints pending now done, and those they set off in turn (a layout
        that changes a size posts another), untimed: a few turns of the loop."""
        from PySide6.QtCore import QCoreApplication, QEvent

        for _ in range(4):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateRequest)
            self.app.processEvents()

    def wait(self, signal: Any, start: Callable[[], None], paint: Any = None) -> float:
        """ms from start() until ``signal`` fired and ``paint`` (a widget) shows what it was
        given: the layouts and repaints still pending at the signal are done (the loop's next
        turn), and if the widget's pixels change after that (a layout settling, a scroll bar
        appearing and the rows fitted again), until its last paint before :data:`QUIET_MS`
        pass without one. Forcing a repaint instead counted a paint too many where the loop
        had painted already, and nothing that came after it; a repaint that changes no pixel
        is not waited for (it is compared, untimed, with the widget as it ends)."""
        from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer
        from PySide6.QtWidgets import QWidget

        loop = QEventLoop()
        fired: list[int] = []

        def done(*_a: object) -> None:
            fired.append(1)
            loop.quit()

        signal.connect(done)
        QTimer.singleShot(120_000, loop.quit)
        t = time.perf_counter()
        start()
        if not fired:
            loop.exec()
        if paint is not None:
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateRequest)
        end = time.perf_counter()
        signal.disconnect(done)
        if not fired:
            raise RuntimeError("timed out waiting for the window")
        if paint is None:
            return (end - t) * 1000
        g = time.perf_counter()
        shown = paint.grab().toImage()  # untimed: what the user sees now
        grab_s = time.perf_counter() - g  # what the grab delays the paints after it by

        class Painted(QObject):
            last: float | None = None

            def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt override
                if event.type() == QEvent.Type.Paint and (
                    obj is paint or (isinstance(obj, QWidget) and paint.isAncestorOf(obj))
                ):
                    self.last = time.perf_counter()
                return False

        watch = Painted()
        self.app.installEventFilter(watch)
        quiet = QEventLoop()
        tick = QTimer()
        tick.setInterval(5)
        since = time.perf_counter()

        def check() -> None:
            now = time.perf_counter()
            if (now - (watch.last or since)) * 1000 >= QUIET_MS or now - since > 10:
                quiet.quit()

        tick.timeout.connect(check)
        tick.start()
        quiet.exec()
        tick.stop()
        self.app.removeEventFilter(watch)
        if watch.last is not None and paint.grab().toImage() != shown:
            self.settled_late += 1
            # it changed after its first paint: the user waits for the last (less the grab)
            end = watch.last - grab_s
        return (end - t) * 1000


def check_same(what: str, ours: object, theirs: object) -> str:
    if ours != theirs:
        print(
            f"  !! {what}: the baseline's rows differ from the operation's:\n"
            f"     operation {str(ours)[:300]}\n     baseline  {str(theirs)[:300]}"
        )
        return "rows differ!"
    return ""


class PlainPage:
    """The least a window can do to show a page: the rows' texts drawn with QPainter.drawText,
    one line per row, on a plain widget the size of the list's viewport, painted at once
    (``repaint``). The search's baseline paints its page with it: showing a page is part of
    what a keystroke must do (the issue's baseline, the SQL alone, is printed beside it)."""

    def __init__(self, size: Any) -> None:
        from PySide6.QtGui import QPainter
        from PySide6.QtWidgets import QWidget

        rows: list[Any] = []

        class Page(QWidget):
            def paintEvent(self, _event: Any) -> None:
                p = QPainter(self)
                line = self.fontMetrics().height() + 6
                y = line
                for r in rows:
                    if y > self.height():
                        break
                    x = 4
                    # CPR, name, address, team and the six marks, as the list shows them
                    for value in (r[1], f"{r[3]}, {r[2]}", r[4], r[5], *r[7:13]):
                        p.drawText(x, y, "" if value is None else str(value))
                        x += 120
                    y += line
                p.end()

        self.rows = rows
        self.widget = Page()
        self.widget.resize(size)
        self.widget.show()

    def show_rows(self, rows: list[Any]) -> None:
        self.rows[:] = rows
        self.widget.repaint()


def bench_search(results: Results, s: Session, engine: str, repeat: int) -> None:
    """A keystroke until its page shows (the window writes the page's audit entry right after,
    on its audit writer: not part of what the user waits for, so the baseline hands its entry
    to a writer thread the same way), then that entry on its own against the hand-written one."""
    from concurrent.futures import ThreadPoolExecutor

    svc = services()

    b = s.base
    w = s.window
    writer = ThreadPoolExecutor(1)

    def log_list(shown: list[int]) -> None:
        with b.engine.connect() as c:
            baselines.log_list(b, c, NOW, s.user, shown)

    plain = PlainPage(w.citizens.view.viewport().size())
    cpr = s.cprs[0]
    groups = {
        "search per keystroke, a name": NAMES,
        "search per keystroke, a CPR prefix": (cpr[:4], cpr[:6], cpr),
    }
    for path, words in groups.items():
        worst: tuple[float, float, list[float]] | None = None
        notes = []
        for word in words:
            rows = svc.search(s.ctx, word, limit=PAGE)
            with b.engine.connect() as c:
                raw = baselines.search(b, c, word, NOW, PAGE)
            bad = check_same(
                f"search {word!r}",
                [
                    (
                        r.id,
                        r.acute_today,
                        r.window_open,
                        r.paused,
                        r.high_flag,
                        r.renewal_due,
                        r.open_handlings,
                    )
                    for r in rows
                ],
                [(r[0], *(bool(x) for x in r[7:12]), r[12]) for r in raw],
            )

            def op(word: str = word) -> float:
                ms = s.wait(
                    w.citizens.model.page_loaded,
                    lambda: w.citizens.model.set_query(word, None),
                    w.citizens.view.viewport(),
                )
                w.wait_idle(30_000)  # its entry, written after the page showed (not timed)
                s.app.processEvents()
                return ms

            def base_sql(word: str = word) -> float:
                t = time.perf_counter()
                with b.engine.connect() as c:
                    _rows, shown = baselines.search_shown(b, c, word, NOW, PAGE)
                written = writer.submit(log_list, shown)  # the hand-off to the log's writer
                ms = (time.perf_counter() - t) * 1000
                written.result()  # the entry, written after the page (not timed)
                return ms

            def base(word: str = word) -> float:
                t = time.perf_counter()
                with b.engine.connect() as c:
                    rows, shown = baselines.search_shown(b, c, word, NOW, PAGE)
                written = writer.submit(log_list, shown)  # the hand-off to the log's writer
                plain.show_rows(rows)  # and the page's texts painted, plainly
                ms = (time.perf_counter() - t) * 1000
                written.result()  # the entry, written after the page (not timed)
                return ms

            timing = alternate_timed(op, base, repeat)
            r = statistics.median(timing[2])
            sql_only = alternate_timed(op, base_sql, repeat)
            r_sql = statistics.median(sql_only[2])
            notes.append(
                f"{word}:{timing[0]:.1f}/{timing[1]:.1f}ms {r:.1f}x"
                f" (SQL only {sql_only[1]:.1f}ms {r_sql:.1f}x){bad and ' ' + bad}"
            )
            if worst is None or r > statistics.median(worst[2]):
                worst = timing
        assert worst is not None
        goal(results, path, s.citizens, engine, worst, "worst of " + "; ".join(notes))
    bench_search_entry(results, s, engine, repeat)
    writer.shutdown()
    plain.widget.close()


def bench_search_entry(results: Results, s: Session, engine: str, repeat: int) -> None:
    """The audit entry of a full page (100 citizens), as the window's audit writer writes it
    after the page shows, against the hand-written sealed entry with its citizens."""
    from dosisdesk.services import search

    b = s.base
    rows = search.find_citizens(s.ctx, NAMES[0], limit=PAGE)
    shown = sorted(r.id for r in rows)

    def op() -> None:
        search.log_shown(s.ctx, rows)

    def base() -> None:
        with b.engine.connect() as c:
            baselines.log_list(b, c, NOW, s.user, shown)

    goal(
        results,
        "search: a page's audit entry (after it shows)",
        s.citizens,
        engine,
        alternate(op, base, repeat),
        f"{len(shown)} citizens",
    )


def bench_card(results: Results, s: Session, engine: str, repeat: int) -> None:
    from dosisdesk.services import cards

    b = s.base
    cprs = s.cprs
    it = {"op": 0, "base": 0}

    def nxt(side: str) -> str:
        it[side] += 1
        return cprs[it[side] % len(cprs)]

    def op() -> None:
        cpr = nxt("op")
        view = cards.card_view(s.ctx, cpr)
        if not hasattr(view, "bags_today"):  # before: the day view was a second read
            cards.bags_on(s.ctx, cpr, NOW.date())  # (a card with no bags today needs none)

    def base() -> None:
        with b.engine.connect() as c:
            baselines.card(b, c, nxt("base"), NOW, s.user)

    statements = count_statements(s, lambda: op())
    with b.engine.connect() as c:
        base_n = baselines.card(b, c, cprs[0], NOW, s.user)
    goal(
        results,
        "open a card (service: card + day view)",
        s.citizens,
        engine,
        alternate(op, base, repeat),
        f"{statements[0]} statements in {statements[1]} transactions, {statements[2]} audit "
        f"entries (baseline: {base_n} statements, 1 transaction, 1 audit entry)",
    )

    w = s.window

    def op_window(from_card: bool) -> float:
        """A card opened from the empty state (the first card) or from another citizen's card
        shown (going down the list): both are what a nurse waits for."""
        cpr = nxt("op")
        if from_card:
            other = nxt("op")
            s.wait(w.card.day_loaded, lambda: w.card.show_citizen(other), w.card)
        else:
            w.card.show_citizen(None)
            # the empty state on screen first, as a nurse sees it before she picks a citizen:
            # its layout and paint are what came before the click, not part of the open
            s.flush_screen()
        got: list[int] = []

        def day(_d: object) -> None:
            got.append(1)

        w.card.day_loaded.connect(day)
        ms = s.wait(w.card.day_loaded, lambda: w.card.show_citizen(cpr), w.card)
        w.card.day_loaded.disconnect(day)
        return ms

    def base_timed() -> float:
        t = time.perf_counter()
        base()
        return (time.perf_counter() - t) * 1000

    late = s.settled_late
    ways = {
        "from the empty state": alternate_timed(lambda: op_window(False), base_timed, repeat),
        "from another card": alternate_timed(lambda: op_window(True), base_timed, repeat),
    }
    worst = max(ways, key=lambda k: statistics.median(ways[k][2]))
    goal(
        results,
        "open a card in the window",
        s.citizens,
        engine,
        ways[worst],
        "worst of "
        + "; ".join(
            f"{k}: {t[0]:.1f}/{t[1]:.1f}ms {statistics.median(t[2]):.2f}x" for k, t in ways.items()
        )
        + f"; {s.settled_late - late} opens changed after their first paint",
    )


def count_statements(s: Session, fn: Callable[[], object]) -> tuple[int, int, int]:
    """Statements, transactions (BEGIN) and audit inserts one call of ``fn`` issues. The
    window's audit writer (the citizen list's entries, written after a page shows) is waited
    for first, so its statements are not counted as the call's."""
    from sqlalchemy import event

    if s.window is not None:
        s.window.log_writer.wait_idle(30_000)

    seen: list[str] = []

    def before(_conn: Any, _cur: Any, statement: str, *_a: Any) -> None:
        seen.append(statement)

    begins = [0]

    def on_begin(_conn: Any) -> None:
        begins[0] += 1

    for engine in s.db.engines:  # the reads' own engine too (SQLite)
        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "begin", on_begin)
    try:
        fn()
    finally:
        for engine in s.db.engines:
            event.remove(engine, "before_cursor_execute", before)
            event.remove(engine, "begin", on_begin)
    audits = sum(1 for st in seen if st.lstrip().upper().startswith("INSERT INTO AUDIT_LOG"))
    return len([st for st in seen if not st.startswith("BEGIN")]), begins[0], audits


def bench_queue(results: Results, s: Session, engine: str, repeat: int) -> None:
    """The desk's queue tab as it opens and at each refresh (ui/desk/queue_tab.py: its model's
    first job is exactly these two calls, with the tab's default filter, "to do", and its page
    of 200; measured 1 December, the tab's refresh took what these calls take, plus ~1 ms to
    take the rows into the model and 15-25 ms to paint the rows on screen)."""
    from dosisdesk.domain.types import ChangeState
    from dosisdesk.services import review

    svc = services()
    b = s.base
    f = svc.QueueFilter(states=(ChangeState.REGISTERED, ChangeState.CONFIRMED))
    rows = svc.queue(s.ctx, f, limit=QUEUE_PAGE)
    with b.engine.connect() as c:
        raw, raw_groups = baselines.queue(b, c, NOW, s.user, QUEUE_PAGE)
    groups = review.queue_groups(s.ctx, f)
    bad = check_same("queue", [r.change_id for r in rows], [r[0] for r in raw]) or check_same(
        "queue groups", [(g.period_id, g.count) for g in groups], [(r[0], r[1]) for r in raw_groups]
    )

    def op() -> None:
        svc.queue(s.ctx, f, limit=QUEUE_PAGE)
        review.queue_groups(s.ctx, f)

    def base() -> None:
        with b.engine.connect() as c:
            baselines.queue(b, c, NOW, s.user, QUEUE_PAGE)

    goal(
        results,
        "queue: first page + groups (service)",
        s.citizens,
        engine,
        alternate(op, base, repeat),
        bad,
    )


def bench_supply(results: Results, s: Session, engine: str, repeat: int) -> None:
    """The desk's supply view: the roll lines the first current failure affects (the view
    selects it when it opens), with the list's audit entry."""
    from dataclasses import astuple

    from dosisdesk.services import supply

    b = s.base
    failures = supply.failures(s.ctx)
    if not failures:
        print(f"  {engine} {s.citizens}: no current supply failure to time", flush=True)
        return
    fid = failures[0].id
    ours = supply.affected(s.ctx, fid)
    with b.engine.connect() as c:
        raw = baselines.supply_affected(b, c, NOW, s.user, fid)
    bad = check_same("supply", [astuple(a) for a in ours], raw)

    def base() -> None:
        with b.engine.connect() as c:
            baselines.supply_affected(b, c, NOW, s.user, fid)

    goal(
        results,
        "supply failure: the lines it affects (service)",
        s.citizens,
        engine,
        alternate(lambda: supply.affected(s.ctx, fid), base, repeat),
        f"{len(ours):,} lines of {failures[0].product_label} {bad}".strip(),
    )


def bench_acute(results: Results, s: Session, engine: str, repeat: int) -> None:
    """The desk's "Acute changes" tab as it opens (the last 14 days, every team): the changes
    with their citizen, product, registrar, follow-up and handlings and the list's sealed
    entry, against the same rows by hand-written SQL (two statements and the entry, one
    transaction), each field as the tab shows it (Copenhagen time, days to the next roll)."""
    from dataclasses import astuple
    from datetime import timedelta

    from dosisdesk.services import review

    b = s.base
    last = NOW.date()
    first = last - timedelta(days=13)  # the tab's default span (ui/desk/acute_tab.py)

    def ours() -> list[tuple[Any, ...]]:
        # every field in order, then what the tab shows of it (days to the next roll)
        return [
            (*astuple(r), r.days_to_next_roll) for r in review.acute_changes(s.ctx, first, last)
        ]

    def theirs() -> list[tuple[Any, ...]]:
        with b.engine.connect() as c:
            return baselines.acute(b, c, NOW, s.user, first, last)

    rows = ours()
    bad = check_same("acute changes", rows, theirs())
    statements = count_statements(s, lambda: review.acute_changes(s.ctx, first, last))

    def op() -> None:
        review.acute_changes(s.ctx, first, last)

    goal(
        results,
        "acute changes, 14 days (service)",
        s.citizens,
        engine,
        alternate(op, theirs, repeat),
        f"{len(rows)} changes; {statements[0]} statements in {statements[1]} transactions, "
        f"{statements[2]} audit entries (baseline: 2 statements and the entry, 1 transaction)"
        + (f"; {bad}" if bad else ""),
    )


def figure_values(fig: Any) -> dict[tuple[Any, ...], Any]:
    """A :class:`~dosisdesk.services.figures.Figures` as :func:`baselines.figures` gives its
    figures: ``{(measure, scope, index): value}``, the zeros left out."""
    out: dict[tuple[Any, ...], Any] = {}
    for key, value in (
        ("population_75plus", fig.population_75plus),
        ("target_citizens", fig.target_citizens),
        ("municipality", fig.municipality or None),
    ):
        if value is not None:
            out[("meta", None, key)] = str(value)
    ranks = {"high": 0, "review": 1, "info": 2}
    for scope in fig.scopes:
        values: list[tuple[tuple[Any, ...], int]] = [
            (("on_dd", scope), fig.citizens[scope].on_dd),
            (("over75", scope), fig.citizens[scope].over75),
        ]
        for w, ((acute, n), missed) in enumerate(
            zip(fig.acute[scope], fig.missed[scope], strict=True)
        ):
            values += [
                (("changes", scope, w), n),
                (("acute", scope, w), acute),
                (("missed", scope, w), missed),
            ]
        for i, counts in enumerate(fig.flags[scope]):
            values += [(("flags", scope, i, ranks[sev.value]), n) for sev, n in counts.items()]
        out.update((k, v) for k, v in values if v)
    return out


def bench_figures(results: Results, s: Session, engine: str, repeat: int) -> None:
    from dosisdesk.services import figures

    b = s.base
    ours = figure_values(figures.figures(s.ctx))
    with b.engine.connect() as c:
        theirs = baselines.figures(b, c, NOW)
    bad = check_same("figures", sorted(ours.items(), key=repr), sorted(theirs.items(), key=repr))
    statements = count_statements(s, lambda: figures.figures(s.ctx))[0]

    def base() -> None:
        with b.engine.connect() as c:
            baselines.figures(b, c, NOW)

    goal(
        results,
        "figures tab (service)",
        s.citizens,
        engine,
        alternate(lambda: figures.figures(s.ctx), base, repeat),
        f"{statements} statements {bad}".strip(),
    )


def hospital_rows(b: baselines.Baseline, lists: list[list[Any]]) -> list[list[tuple[Any, ...]]]:
    """The baseline's rows as the tab's fields (``baselines.HOSPITAL_COLUMNS``' order), moments
    as UTC (SQLite's driver gives them as the text stored), for comparing with the service's."""
    from datetime import UTC, datetime

    def moment(v: Any) -> Any:
        if v is None:
            return None
        if isinstance(v, str):
            return datetime.fromisoformat(v).replace(tzinfo=UTC)
        return v.astimezone(UTC)

    moments = (9, 10, 13, 14)
    flags = (11, 12, 15, 16, 18, 19, 20, 21, 23)
    return [
        [
            tuple(
                moment(v) if i in moments else bool(v) if i in flags else v for i, v in enumerate(r)
            )
            for r in rows
        ]
        for rows in lists
    ]


def contact_fields(lists: Any) -> list[list[tuple[Any, ...]]]:
    """The service's ContactDTOs as the baseline's fields, moments as UTC."""
    from datetime import UTC

    def utc(v: Any) -> Any:
        return None if v is None else v.astimezone(UTC)

    out = []
    for rows in lists:
        got = []
        for c in rows:
            got.append(
                (
                    c.id,
                    c.citizen_id,
                    c.citizen_name,
                    c.cpr,
                    c.kind.value,
                    c.hospital,
                    c.department,
                    c.phone,
                    utc(c.started_at),
                    utc(c.ended_at),
                    c.somatic,
                    c.municipal_nursing,
                    utc(c.extended_until),
                    utc(c.responsibility_until),
                    c.window_open,
                    c.dd_paused,
                    c.note,
                    c.epicrisis_received,
                    c.fmk_checked,
                    c.changes_registered,
                    c.dd_decided,
                    c.version,
                    c.admitted,
                )
            )
        out.append(got)
    return out


def last_entries(s: Session, k: int) -> list[tuple[Any, ...]]:
    """The last ``k`` audit entries' contents (what, whose, the citizens named), oldest first."""
    from sqlalchemy import text

    with s.base.engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT action, entity, entity_id, citizen_id, after, username FROM audit_log "
                "ORDER BY seq DESC LIMIT :k"
            ),
            {"k": k},
        ).fetchall()
    return [tuple(r) for r in reversed(rows)]


def bench_hospital(results: Results, s: Session, engine: str, repeat: int) -> None:
    """The coordinator's "Sygehus" tab refreshed (whole country): the three services its job
    calls (admitted now, the open 72-hour windows, the discharges whose checklist is not done),
    each reading its list and writing its one sealed entry, against the same three units of
    work in hand-written SQL."""
    from dosisdesk.domain.text import full_name
    from dosisdesk.services import contacts, review

    b = s.base

    def op() -> Any:
        return (
            contacts.list_contacts(s.ctx, admitted_now=True, team=None),
            contacts.list_contacts(s.ctx, open_only=True, team=None),
            review.pending_discharges(s.ctx, team=None),
        )

    def base() -> Any:
        with b.engine.connect() as c:
            return baselines.hospital(b, c, NOW, s.user, HOSPITAL_LIMIT)

    ours = op()
    ours_logged = last_entries(s, 3)
    raw = base()
    raw_logged = last_entries(s, 3)
    theirs = [
        [(r[0], r[1], full_name(r[2], r[3]), *r[4:]) for r in rows]
        for rows in hospital_rows(b, raw)
    ]
    bad = check_same("hospital lists", contact_fields(ours), theirs) or check_same(
        "hospital audit entries", ours_logged, raw_logged
    )
    goal(
        results,
        "hospital tab: admitted, windows, discharges",
        s.citizens,
        engine,
        alternate(op, base, repeat),
        f"{' + '.join(str(len(x)) for x in ours)} contacts {bad}".strip(),
    )


def bench_flags(results: Results, s: Session, engine: str, repeat: int) -> None:
    svc = services()
    b = s.base
    ours = svc.flags(s.ctx)
    with b.engine.connect() as c:
        raw = baselines.flags_logged(b, c, NOW, s.user)
    sev = {"high": 0, "review": 1, "info": 2}
    bad = check_same(
        "flags",
        [(f.citizen_id, f.line_a, f.line_b, sev[f.severity.value]) for f in ours],
        [(r[0], r[6], r[7], r[5]) for r in raw],
    )

    def base() -> None:
        with b.engine.connect() as c:
            baselines.flags_logged(b, c, NOW, s.user)

    goal(
        results,
        "flags over the whole database",
        s.citizens,
        engine,
        # as many pairs as the other rows: a third of them (from when flags took 1.3 s) left
        # a 4 ms row at 3,000 citizens to three pairs' noise (0.1 s a pair at 85,000 now)
        alternate(lambda: svc.flags(s.ctx), base, repeat),
        f"{len(ours):,} flags {bad}".strip(),
    )


# ---------------------------------------------------------------------------
# Whole processes: start-up, memory, the CLI
# ---------------------------------------------------------------------------

# Shown means painted: the window quits once its first paint is done, as the app reports ready
# once the list's rows are painted (app.ReadyExit).
EMPTY_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
w = QMainWindow(); w.resize(1400, 900)
painted = Painted(); w.installEventFilter(painted)
w.show()
app.exec()
print("ready", flush=True)
with open("/proc/self/status", encoding="ascii") as f:
    peak = next(line.split()[1] for line in f if line.startswith("VmHWM:"))
print(f"peak memory {peak} kB", flush=True)
"""


def run_process(
    cmd: list[str], env: dict[str, str], ready: bool = False
) -> tuple[float, float, str]:
    """Wall ms until the child ends or, with ``ready``, until its first line (the app's
    "ready": its list painted; the empty window's: its first paint), and the peak resident MB
    the child reports (Linux's VmHWM read by the child itself: a parent's rusage of a child
    counts the parent at the fork). What a child does after it is ready (the app's audit
    entries, tearing down) is not what the user waits for; the empty window reads its peak
    itself, as importing the app's module for it would add the app's imports to the baseline."""
    with tempfile.TemporaryFile() as err_f:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err_f, env=env)
        assert p.stdout is not None
        first = p.stdout.readline()
        ms = (time.perf_counter() - t) * 1000
        rest = p.stdout.read()
        p.wait()
        if not ready or not first:
            ms = (time.perf_counter() - t) * 1000
        out = (first + rest).decode(errors="replace")
        if p.returncode != 0:
            err_f.seek(0)
            err = err_f.read().decode(errors="replace")
            raise RuntimeError(f"{cmd[:4]}... exited {p.returncode}: {err[-800:]}")
    peak = re.search(r"peak memory (\d+) kB", out)
    return ms, int(peak.group(1)) / 1024 if peak else float("nan"), out


def process_env(tmp: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # start-up is measured with bytecode cached
    env["PYTHONPYCACHEPREFIX"] = os.path.join(tmp, "pycache")
    env["DOSISDESK_DATA_DIR"] = os.path.join(tmp, "data")
    env["DOSISDESK_LOG_DIR"] = os.path.join(tmp, "logs")
    env["DOSISDESK_CONFIG"] = os.path.join(tmp, "no-settings.ini")
    env["XDG_CONFIG_HOME"] = os.path.join(tmp, "config")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def bench_processes(
    results: Results, url: str, size: int, engine: str, cpr: str, repeat: int, only: set[str]
) -> None:
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="dosisdesk-perf-") as tmp:
        env = process_env(tmp)
        app = [
            py,
            "-m",
            "dosisdesk",
            "--db",
            url,
            "--user",
            USER,
            "--now",
            NOW.strftime("%Y-%m-%dT%H:%M"),
            "--exit-when-ready",
        ]
        empty = [py, "-c", EMPTY_WINDOW]
        # Printed beside the row, not its goal: the same empty window in an interpreter that has
        # first imported what this engine's storage cannot start without (SQLAlchemy, its dialect
        # and the driver), the floor of any window on this stack that shows data.
        stack = (
            "sqlalchemy.dialects.sqlite, sqlite3"
            if engine == "sqlite"
            else "sqlalchemy.dialects.postgresql.psycopg, psycopg"
        )
        floor = [py, "-c", f"import {stack}\n{EMPTY_WINDOW}"]
        if only & {"startup", "memory"}:
            mem: dict[str, list[float]] = {"op": [], "base": []}
            focus: list[str] = []
            floors: list[float] = []
            floor_mb: list[float] = []
            apps: list[float] = []
            turn = [0]

            def op() -> float:
                ms, mb, out = run_process(app, env, ready=True)
                mem["op"].append(mb)
                focus.append(out.splitlines()[0] if out else "")
                apps.append(ms)
                return ms

            def empty_window() -> float:
                ms, mb, _out = run_process(empty, env, ready=True)
                mem["base"].append(mb)
                return ms

            def base() -> float:
                # the floor beside the baseline, each first in turn
                turn[0] += 1
                if turn[0] % 2:
                    ms = empty_window()
                    on_floor()
                else:
                    on_floor()
                    ms = empty_window()
                return ms

            def on_floor() -> None:
                ms, mb, _out = run_process(floor, env, ready=True)
                floors.append(ms)
                floor_mb.append(mb)

            timing = alternate_timed(op, base, repeat)
            if "startup" in only:
                # the last ``repeat`` rounds are the timed ones (the first is the warm-up)
                pairs = list(zip(apps[-repeat:], floors[-repeat:], strict=True))
                on_floor = statistics.median(a / f for a, f in pairs)
                beside = (
                    f"; an empty window after importing SQLAlchemy's {engine} dialect and driver: "
                    f"{fmt_ms(statistics.median(f for _a, f in pairs))}, {on_floor:.2f}x"
                )
                goal(
                    results,
                    "start-up until the list shows",
                    size,
                    engine,
                    timing,
                    (focus[-1] if focus else "") + beside,
                )
            if "memory" in only:
                m_op, m_base = statistics.median(mem["op"]), statistics.median(mem["base"])
                text, check = GOALS["memory with the list open"]
                row = baselines_pair(
                    "memory with the list open", size, engine, m_op, m_base, text, check
                )
                m_floor = statistics.median(floor_mb)
                row.note += (
                    f"; an empty window after importing SQLAlchemy's {engine} dialect and "
                    f"driver: {m_floor:.0f} MB, {m_op / m_floor:.2f}x"
                )
                results.add(row)
        if "cli" in only and engine == "sqlite":
            cli = [
                py,
                "-m",
                "dosisdesk",
                "--db",
                url,
                "--now",
                NOW.strftime("%Y-%m-%dT%H:%M"),
                "--json",
                "card",
                cpr,
            ]
            imports = [py, "-c", "import sqlalchemy, PySide6.QtCore"]
            timing = alternate_timed(
                lambda: run_process(cli, env)[0], lambda: run_process(imports, env)[0], repeat
            )
            goal(results, "CLI --json card CPR, whole process", size, engine, timing)


def baselines_pair(
    path: str,
    size: int,
    engine: str,
    op: float,
    base: float,
    goal_text: str,
    check: Callable[[float, float], bool],
) -> Any:
    from tests.perf.harness import Pair

    r = op / base
    return Pair(path, size, engine, op, base, r, goal_text, check(r, op), "MB, peak RSS")


# ---------------------------------------------------------------------------
# Handover and demo
# ---------------------------------------------------------------------------


def bench_handover(results: Results, url: str, repeat: int) -> None:
    """A 300-citizen team's day handover, end to end as the CLI prints it (data, HTML, PDF,
    audit), next to Qt rendering the same HTML to the same PDF plus the print's one audit entry
    (hand-written, committed: the work the law asks of any print of health data)."""
    from sqlalchemy import func, select, update

    from dosisdesk.reports import pdf
    from dosisdesk.reports.handover import handover_job
    from dosisdesk.services import handover as ho
    from dosisdesk.services.context import fixed_clock, open_ctx
    from dosisdesk.storage import models as m
    from dosisdesk.storage.db import Database
    from dosisdesk.ui.pyside_fix import pin_singletons

    pin_singletons()
    pdf.ensure_gui_app()
    db = Database.open(url)
    with db.begin() as s:  # the largest team made exactly 300 citizens (on the work copy)
        (tid, name, n), (other, _o, _c) = s.execute(
            select(m.Team.id, m.Team.name, func.count(m.Citizen.id))
            .join(m.Citizen, m.Citizen.team_id == m.Team.id)
            .group_by(m.Team.id, m.Team.name)
            .order_by(func.count(m.Citizen.id).desc())
        ).all()[:2]
        if n > 300:
            extra = s.scalars(
                select(m.Citizen.id)
                .where(m.Citizen.team_id == tid)
                .order_by(m.Citizen.route_order.desc())
                .limit(n - 300)
            ).all()
            s.execute(update(m.Citizen).where(m.Citizen.id.in_(extra)).values(team_id=other))
    ctx = open_ctx(db, "koord1", fixed_clock(NOW))
    day = NOW.date()
    sheet = ho.handover_summary(ctx, name, day, ho.Shift.DAY)
    job = handover_job(sheet)
    shown = sorted(set(sheet.citizen_ids))
    base = baselines.Baseline(url)
    with base.engine.connect() as c:
        user = tuple(
            c.execute(select(m.User.id, m.User.username).where(m.User.username == "koord1")).one()
        )

    def base_print(out: Path) -> None:
        """Qt rendering the same HTML to the same PDF, and the print's one audit entry (the law
        asks it of a print as of a card or a list: the card and search baselines write theirs
        too), written before the file is handed out, as the program does."""

        def logged() -> None:
            with base.engine.connect() as c:
                baselines.log_print(base, c, NOW, user, tid, shown)  # type: ignore[arg-type]

        pdf.write_pdf(job, out, before_commit=logged)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "h.pdf"

        def op() -> None:
            h = ho.handover_summary(ctx, name, day, ho.Shift.DAY)
            pdf.write_pdf(
                handover_job(h), out, before_commit=lambda: ho.record_print(ctx, h, "pdf")
            )

        goal(
            results,
            "handover PDF, 300-citizen team",
            300,
            "sqlite",
            alternate(op, lambda: base_print(out), repeat),
        )
    base.engine.dispose()
    db.dispose()


#: Alternated pairs of the demo row (a baseline and a build: 16-18 s a pair at 20,000 citizens,
#: quiet or with both cores busy: under a minute for the row).
DEMO_PAIRS = 3


def bench_demo(results: Results, size: int, pairs: int = DEMO_PAIRS) -> None:
    """Building the demo (``python -m tests.perf.build``: a new training database, the demo in
    it, its WAL folded in) next to sqlite3.executemany of the same rows into the same empty
    schema, in ``pairs`` alternated pairs (baseline first in the first, the build first in the
    second, ...): the ratio is the median of the per-pair ratios, its spread the lowest and
    highest. One pair alone was noise-bound (the baseline alone moved between 10 and 15 s).

    The baseline writes every table's rows from the cached demo of the same size and seed in
    one transaction, WAL and synchronous=FULL as the program's connections, into a copy of the
    empty migrated schema with its indexes and triggers, and commits: its ``flag_candidates``
    are the ones the schema's triggers derive from the lines' versions as they go in (the
    demo fills that table in one pass after its rows instead). After the pairs, untimed, both
    sides' databases must hold exactly the cached demo's number of rows in every table (the
    triggers' candidates the same rows), or the row is not reported."""
    import shutil
    import sqlite3

    with tempfile.TemporaryDirectory(prefix="dosisdesk-demo-") as tmp:
        built = Path(tmp) / "demo.sqlite"
        empty = Path(tmp) / "empty.sqlite"
        target = Path(tmp) / "base.sqlite"
        from dosisdesk.storage.db import Database

        Database.create(f"sqlite:///{empty}", training=True).dispose()  # the migrated, empty schema
        source = ensure_sqlite(size)
        src = sqlite3.connect(source)
        tables = [
            r[0]
            for r in src.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name <> 'alembic_version'"
            )
        ]
        data = {t: src.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
        src.close()
        rows = sum(len(v) for v in data.values())
        derived = "flag_candidates"  # the schema's triggers fill it from line_versions

        def base() -> float:
            for sfx in ("", "-wal", "-shm"):
                Path(f"{target}{sfx}").unlink(missing_ok=True)
            shutil.copyfile(empty, target)
            t = time.perf_counter()
            conn = sqlite3.connect(target, isolation_level=None)
            for p in ("journal_mode=WAL", "foreign_keys=OFF", "synchronous=FULL"):
                conn.execute(f"PRAGMA {p}")
            conn.execute("BEGIN")
            for table, values in data.items():
                if table == derived:
                    continue
                # the database kind is set once (triggers refuse to change it): keep the
                # schema's row
                verb = "INSERT OR IGNORE" if table == "database_kind" else "INSERT"
                if table != "database_kind":
                    conn.execute(f'DELETE FROM "{table}"')  # a migration's seed rows, if any
                if values:
                    marks = ", ".join("?" * len(values[0]))
                    conn.executemany(f'{verb} INTO "{table}" VALUES ({marks})', values)
            conn.execute("COMMIT")
            conn.close()
            return (time.perf_counter() - t) * 1000

        def op() -> float:
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "tests.perf.build", str(size), str(built)],
                check=True,
                capture_output=True,
            )
            return (time.perf_counter() - t) * 1000

        timing = alternate_timed(op, base, pairs, warm=0)
        _same_rows(data, derived, {"baseline": target, "demo": built}, source)
        ratios = timing[2]
        goal(
            results,
            "demo data",
            size,
            "sqlite",
            timing,
            f"{rows / 1e6:.1f} M rows; {pairs} pairs, ratios "
            + " ".join(f"{r:.2f}" for r in ratios)
            + f" (spread {min(ratios):.2f}-{max(ratios):.2f})",
        )


def _same_rows(
    data: dict[str, list[Any]], derived: str, outputs: dict[str, Path], source: Path
) -> None:
    """Both sides wrote exactly the rows of ``data``: every table's count, and the derived
    table's very rows (RuntimeError naming the differences otherwise)."""
    import sqlite3

    wrong = []
    for side, path in outputs.items():
        conn = sqlite3.connect(path)
        try:
            for table, values in data.items():
                n = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                if n != len(values):
                    wrong.append(f"{side}: {table} has {n} rows, the demo {len(values)}")
            got = sorted(conn.execute(f'SELECT * FROM "{derived}"').fetchall())
            if got != sorted(data[derived]):
                wrong.append(f"{side}: {derived} differs from the demo's")
        finally:
            conn.close()
    if wrong:
        raise RuntimeError(
            f"the demo row compares different rows (is {source} from other code?): "
            + "; ".join(wrong)
        )


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------


def print_table(results: Results) -> None:
    print("\n| path | engine | citizens | operation | baseline | ratio | goal | |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results.rows:
        unit = " MB" if "MB" in r.note else ""
        op = f"{r.op_ms:.0f}{unit}" if unit else fmt_ms(r.op_ms)
        base = f"{r.base_ms:.0f}{unit}" if unit else fmt_ms(r.base_ms)
        print(
            f"| {r.path} | {r.engine} | {r.size:,} | {op} | {base} | {r.ratio:.2f}x | "
            f"{r.goal} | {'ok' if r.ok else 'MISS'} |"
        )
    # growth: the operation's time at the largest size over the smallest, per path and engine
    keys = sorted({(r.path, r.engine) for r in results.rows})
    lines = []
    for path, engine in keys:
        rs = sorted(
            (r for r in results.rows if (r.path, r.engine) == (path, engine)), key=lambda r: r.size
        )
        if len(rs) < 2 or rs[0].size == rs[-1].size:
            continue
        size_x = rs[-1].size / rs[0].size
        lines.append(
            f"| {path} | {engine} | "
            + " → ".join(fmt_ms(r.op_ms) if "MB" not in r.note else f"{r.op_ms:.0f} MB" for r in rs)
            + f" | {rs[-1].op_ms / rs[0].op_ms:.2f}x for {size_x:.1f}x the citizens |"
        )
    if lines:
        print("\n| path | engine | operation by size | growth |")
        print("|---|---|---|---|")
        print("\n".join(lines))


ALL = (
    "startup",
    "memory",
    "search",
    "card",
    "queue",
    "hospital",
    "acute",
    "figures",
    "flags",
    "supply",
    "cli",
    "handover",
)


def _positive(text: str) -> int:
    """A whole number of at least 1 (pairs, citizens): a clear message, not a traceback."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is less than 1")
    return value


def _sizes(text: str) -> list[int]:
    """The comma list of citizens per database, each at least 1."""
    sizes = [_positive(x.strip()) for x in text.split(",") if x.strip()]
    if not sizes:
        raise argparse.ArgumentTypeError("no size given")
    return sizes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--sizes", type=_sizes, default=_sizes("3000,20000,85000"))
    ap.add_argument("--repeat", type=_positive, default=9)
    ap.add_argument("--only", default=",".join(ALL), help="comma list of " + ",".join(ALL))
    ap.add_argument("--demo", action="store_true", help="also time building the demo")
    ap.add_argument("--demo-size", type=_positive, help="citizens for --demo (default: largest)")
    ap.add_argument(
        "--demo-pairs", type=_positive, default=DEMO_PAIRS, help="alternated pairs of the demo row"
    )
    ap.add_argument("--no-pg", action="store_true", help="SQLite only")
    ap.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = ap.parse_args()
    sizes: list[int] = args.sizes
    only = set(args.only.split(","))
    unknown = only - set(ALL)
    if unknown:
        ap.error(f"--only: unknown {', '.join(sorted(unknown))} (choose from {', '.join(ALL)})")
    results = Results()
    print(
        "  engine  size  path                                         operation  baseline   ratio",
        flush=True,
    )
    for size in sizes:
        engines = [] if args.no_sqlite else [("sqlite", f"sqlite:///{ensure_sqlite(size)}")]
        pg = None if args.no_pg else pg_url(size)
        if pg:
            engines.append(("pg", pg))
        for engine, url in engines:
            s = Session(url)
            try:
                if only & {"search", "card"}:
                    s.open_window()
                if "search" in only:
                    bench_search(results, s, engine, args.repeat)
                if "card" in only:
                    bench_card(results, s, engine, args.repeat)
                if "queue" in only:
                    bench_queue(results, s, engine, args.repeat)
                if "hospital" in only:
                    bench_hospital(results, s, engine, args.repeat)
                if "acute" in only:
                    bench_acute(results, s, engine, args.repeat)
                if "figures" in only:
                    bench_figures(results, s, engine, args.repeat)
                if "flags" in only:
                    bench_flags(results, s, engine, args.repeat)
                if "supply" in only:
                    bench_supply(results, s, engine, args.repeat)
                cpr = s.cprs[0]
            finally:
                s.close()
            if only & {"startup", "memory", "cli"}:  # the CLI on SQLite only (its function)
                bench_processes(results, url, size, engine, cpr, max(5, args.repeat // 2), only)
    if "handover" in only:
        bench_handover(results, f"sqlite:///{ensure_sqlite(min(sizes))}", args.repeat)
    if args.demo:
        bench_demo(results, args.demo_size or max(sizes), args.demo_pairs)
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
