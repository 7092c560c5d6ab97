"""Benchmark the nurse's window on a large database, as ratios against baselines measured in the
same run (never a timed assertion in the test suite):

- start to a usable window (the database opened, the citizen list shown and the screenshot
  written: ``dosisdesk --screenshot``) next to an empty PySide6 window shown and closed;
- search latency per keystroke (typing "h", "ha", "han", "hans", "hanse" in the search field
  until the list shows the page) next to the bare SQL query for the same page.

    python tests/perf/bench_gui.py [--db sqlite:////tmp/dosisdesk-bench.sqlite] [--repeat 5]

Build the database first with ``python tests/perf/bench_engine.py`` (85,000 citizens).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

EMPTY_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1400, 900); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def run_median(cmd: list[str], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="sqlite:////tmp/dosisdesk-bench.sqlite")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    base = run_median([sys.executable, "-c", EMPTY_WINDOW], args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        shot = os.path.join(tmp, "w.png")
        app = run_median([sys.executable, "-m", "dosisdesk", "--db", args.db, "--user", "admin",
                          "--now", "2026-11-22T10:00", "--screenshot", shot], args.repeat)
    print(f"{'start to usable window':28} {app * 1000:8.0f}ms  empty window {base * 1000:6.0f}ms"
          f"  ratio {app / base:5.1f}")

    from PySide6.QtWidgets import QApplication
    from sqlalchemy import text

    from dosisdesk.domain.text import danish_sort_key
    from dosisdesk.domain.types import CPH
    from dosisdesk.services.context import fixed_clock, open_ctx
    from dosisdesk.storage.db import Database
    from dosisdesk.ui.nurse.mainwindow import MainWindow
    from dosisdesk.ui.pyside_fix import pin_singletons

    pin_singletons()
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    db = Database.open(args.db)
    ctx = open_ctx(db, "admin", fixed_clock(datetime(2026, 11, 22, 10, 0, tzinfo=CPH)))
    w = MainWindow()
    w.show()
    w.set_session(ctx, [], None, None)
    model = w.citizens.model

    def wait_page() -> None:
        done = []
        model.page_loaded.connect(lambda _n: done.append(1))
        while not done:
            qapp.processEvents()

    wait_page()
    words = ["h", "ha", "han", "hans", "hanse"]
    gui, sql = [], []
    for _ in range(args.repeat):
        for word in words:
            t = time.perf_counter()
            model.set_query(word, None)  # what the debounced search field does per keystroke
            wait_page()
            gui.append(time.perf_counter() - t)
            t = time.perf_counter()
            with db.engine.connect() as c:
                c.execute(text("SELECT id, cpr, first_name, last_name FROM citizens WHERE "
                               "sort_key LIKE :p ORDER BY sort_key LIMIT 100"),
                          {"p": f"%{danish_sort_key(word)}%"}).fetchall()
            sql.append(time.perf_counter() - t)
    g, s = statistics.median(gui), statistics.median(sql)
    print(f"{'search per keystroke':28} {g * 1000:8.1f}ms  bare SQL {s * 1000:10.1f}ms"
          f"  ratio {g / s:5.1f}")
    w.close()
    db.dispose()


if __name__ == "__main__":
    main()
