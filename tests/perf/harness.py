"""Timing and databases for the benchmarks (never collected by pytest: pyproject's norecursedirs).

Every figure is a ratio against a baseline timed in the same run, in ALTERNATING pairs (baseline,
operation, baseline, operation, ...): the two sides see the same load on a shared machine, so the
ratio stays honest when the absolute milliseconds do not. The ratio reported is the median of the
per-pair ratios; the milliseconds are the medians of each side.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from dosisdesk.domain.types import CPH

#: The moment the benchmarks live in (the tests' clock): Sunday 22 November 2026, 10:00.
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=CPH)
SEED = 7
CACHE = Path(os.environ.get("DOSISDESK_PERF_CACHE", "/tmp/dosisdesk-perf"))


@dataclass
class Pair:
    """One row of the table: the operation and its baseline, timed in alternating pairs."""

    path: str
    size: int
    engine: str
    op_ms: float
    base_ms: float
    ratio: float
    goal: str
    ok: bool
    note: str = ""
    spread: tuple[float, float] = (0.0, 0.0)  # lowest and highest per-pair ratio


@dataclass
class Results:
    rows: list[Pair] = field(default_factory=list)

    def add(self, row: Pair) -> Pair:
        self.rows.append(row)
        if "MB" in row.note:  # a memory row: megabytes, not milliseconds
            op, base = f"{row.op_ms:.0f} MB", f"{row.base_ms:.0f} MB"
        else:
            op, base = fmt_ms(row.op_ms), fmt_ms(row.base_ms)
        line = (
            f"  {row.engine:6} {row.size:>6} {row.path:44} {op:>9} "
            f"{base:>9} {row.ratio:7.2f}x  {'ok' if row.ok else 'MISS'} {row.note}"
        )
        print(line, flush=True)
        return row


def fmt_ms(ms: float) -> str:
    if ms >= 10_000:
        return f"{ms / 1000:.0f} s"
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    if ms >= 10:
        return f"{ms:.0f} ms"
    return f"{ms:.2f} ms"


def alternate(
    op: Callable[[], object],
    base: Callable[[], object],
    repeat: int,
    *,
    warm: int = 1,
) -> tuple[float, float, list[float]]:
    """Median ms of ``op`` and of ``base`` and the per-pair ratios, timed base/op alternately
    (``warm`` untimed rounds of each first, so caches are warm for both sides alike)."""
    for _ in range(warm):
        base()
        op()
    ops, bases, ratios = [], [], []
    for i in range(repeat):
        # Alternate which side goes first too, so neither always follows the other.
        order = (base, op) if i % 2 == 0 else (op, base)
        took = {}
        for fn in order:
            t = time.perf_counter()
            fn()
            took[id(fn)] = (time.perf_counter() - t) * 1000
        ops.append(took[id(op)])
        bases.append(took[id(base)])
        ratios.append(took[id(op)] / took[id(base)])
    return statistics.median(ops), statistics.median(bases), ratios


def alternate_timed(
    op: Callable[[], float], base: Callable[[], float], repeat: int, *, warm: int = 1
) -> tuple[float, float, list[float]]:
    """Like :func:`alternate`, for callables that measure themselves and return ms."""
    for _ in range(warm):
        base()
        op()
    ops, bases, ratios = [], [], []
    for i in range(repeat):
        if i % 2 == 0:
            b, o = base(), op()
        else:
            o, b = op(), base()
        ops.append(o)
        bases.append(b)
        ratios.append(o / b)
    return statistics.median(ops), statistics.median(bases), ratios


def pair(
    results: Results,
    path: str,
    size: int,
    engine: str,
    timing: tuple[float, float, list[float]],
    goal: str,
    check: Callable[[float, float], bool],
    note: str = "",
) -> Pair:
    op_ms, base_ms, ratios = timing
    ratio = statistics.median(ratios)
    return results.add(
        Pair(
            path,
            size,
            engine,
            op_ms,
            base_ms,
            ratio,
            goal,
            check(ratio, op_ms),
            note,
            (min(ratios), max(ratios)),
        )
    )


# ---------------------------------------------------------------------------
# Databases: built once per size and cached under /tmp (never in the repository)
# ---------------------------------------------------------------------------


#: The PostgreSQL schemas' name prefix (``<prefix>_<size>_s7``): a branch that migrates the schema
#: can use schemas of its own (DOSISDESK_PERF_PG_PREFIX=mybranch) beside the shared ones.
PG_PREFIX = os.environ.get("DOSISDESK_PERF_PG_PREFIX", "perf")


def sqlite_path(size: int) -> Path:
    return CACHE / f"demo-{size}-seed{SEED}.sqlite"


def _revision(url: str) -> str | None:
    """The schema revision a database is at (None: no schema)."""
    from sqlalchemy import create_engine

    from dosisdesk.storage import migrate
    from dosisdesk.storage.db import normalize_url

    engine = create_engine(normalize_url(url))
    try:
        return migrate.current(engine)
    finally:
        engine.dispose()


def _at_head(path: Path) -> Path:
    """The cached demo ``path`` at this program's schema revision: ``path`` itself when it is,
    else a copy beside it upgraded once (``…-r<head>.sqlite``, its data the same: a migration
    fills what it adds). The older file stays for programs of its revision (a branch not yet
    rebased uses it still)."""
    from dosisdesk.storage import migrate

    head = migrate.head()
    if _revision(f"sqlite:///{path}") == head:
        return path
    upgraded = path.with_name(f"{path.stem}-r{head}.sqlite")
    with one_builder(path.parent, upgraded.stem):  # two runs at once upgrade it once
        if not upgraded.exists():
            print(f"upgrading a copy of {path.name} to revision {head} ...", flush=True)
            tmp = upgraded.with_suffix(".upgrading")
            shutil.copyfile(path, tmp)
            migrate.upgrade(f"sqlite:///{tmp}")
            checkpoint(tmp)
            tmp.replace(upgraded)
    return upgraded


def build_sqlite(size: int, path: Path) -> float:
    """Build the demo into ``path`` (a fresh file); the seconds it took (open included)."""
    from dosisdesk.demo.build import build_demo
    from dosisdesk.storage.db import Database

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    db = Database.create(f"sqlite:///{path}", training=True)  # every demo is a training one
    build_demo(db, citizens=size, seed=SEED, now=NOW)
    took = time.perf_counter() - t
    db.dispose()
    checkpoint(path)
    return took


def checkpoint(path: Path) -> None:
    """Fold the WAL into the file: outside any transaction (a checkpoint inside one fails with
    "database table is locked"), on a plain connection nobody else holds."""
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


@contextmanager
def one_builder(cache: Path, name: str) -> Iterator[None]:
    """Two runs at once never build the same cached database: the second waits for the first
    and then finds it built (two builds writing one file once left an empty database)."""
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def sweep_work_copies(pristine: Path) -> list[Path]:
    """Remove the work copies of ``pristine`` left by runs that ended without their exit
    handlers (killed, or stopped by a timeout): 400 MB each at 85,000 citizens, they filled
    ``/tmp``. A copy whose run is still going (its process id alive) is left alone; so is one
    whose id a new process has taken since (kept: the safe side). Returns what was removed."""
    removed = []
    for path in pristine.parent.glob(f"{pristine.stem}-work-*.sqlite*"):
        pid = path.name[len(pristine.stem) + len("-work-") :].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            path.unlink(missing_ok=True)
            removed.append(path)
        except PermissionError:
            pass  # alive, another user's
    return removed


def ensure_sqlite(size: int) -> Path:
    """The cached demo database of ``size`` citizens, built (in a subprocess, so this process
    stays small) when missing; a pristine copy is kept beside it and the benchmarks run on a copy
    of that, so audit entries written by one run never pile up into the next."""
    pristine = sqlite_path(size)
    with one_builder(pristine.parent, pristine.stem):
        if not pristine.exists():
            tmp = pristine.with_suffix(".building")
            print(f"building the {size:,}-citizen demo database (seed {SEED}) ...", flush=True)
            subprocess.run(
                [sys.executable, "-m", "tests.perf.build", str(size), str(tmp)],
                check=True,
            )
            tmp.replace(pristine)
    pristine = _at_head(pristine)
    sweep_work_copies(pristine)
    # one work copy per run (two runs at once must never share one), removed when it ends
    work = pristine.with_name(f"{pristine.stem}-work-{os.getpid()}.sqlite")
    for suffix in ("-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(pristine, work)
    atexit.register(
        lambda: [Path(f"{work}{x}").unlink(missing_ok=True) for x in ("", "-wal", "-shm")]
    )
    return work


def pg_url(size: int) -> str | None:
    """A schema ``perf_<size>_s7`` on the server in DOSISDESK_TEST_DATABASE_URL holding the same
    demo, built once (its marker table says it is complete), or None without a server. When
    that schema is at an older revision than this program's, ``perf_<size>_s7_r<head>`` beside
    it (left as it is for programs of its revision)."""
    base = os.environ.get("DOSISDESK_TEST_DATABASE_URL")
    if not base:
        return None
    from sqlalchemy import create_engine, text

    from dosisdesk.storage import migrate
    from dosisdesk.storage.db import normalize_url

    sep = "&" if "?" in base else "?"
    schema = f"{PG_PREFIX}_{size}_s{SEED}"
    url = f"{base}{sep}options=-csearch_path%3D{schema}"
    head = migrate.head()
    if _complete(base, schema) and _revision(url) != head:
        schema = f"{schema}_r{head}"
        url = f"{base}{sep}options=-csearch_path%3D{schema}"
    with one_builder(sqlite_path(size).parent, schema):  # one copier at a time
        done = _complete(base, schema)
        if not done:
            admin = create_engine(normalize_url(base))
            with admin.begin() as c:
                c.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
                c.execute(text(f"CREATE SCHEMA {schema}"))
            admin.dispose()
        if not done:
            print(
                f"copying the {size:,}-citizen demo into PostgreSQL schema {schema} ...", flush=True
            )
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "tests.perf.build",
                    str(size),
                    url,
                    "--copy-from",
                    str(_at_head(sqlite_path(size))),
                ],
                check=True,
            )
    return url


def _complete(base: str, schema: str) -> bool:
    """The schema holds a complete copy of a demo (its marker table)."""
    from sqlalchemy import create_engine, text

    from dosisdesk.storage.db import normalize_url

    admin = create_engine(normalize_url(base))
    try:
        with admin.connect() as c:
            return (
                c.execute(
                    text(
                        "SELECT 1 FROM information_schema.tables "
                        "WHERE table_schema = :s AND table_name = 'perf_complete'"
                    ),
                    {"s": schema},
                ).first()
                is not None
            )
    finally:
        admin.dispose()
