"""Demo data: a realistic, clearly fictitious municipality in an empty training database.

:func:`build_demo` fills a freshly created training database (øvelsesdatabase) with teams, users,
pharmacies and packing groups, citizens with dose cards, ordination lines and their history, the
change queue, hospital contacts, double prescriptions, renewal requests and a supply failure, in
realistic proportions. The database is marked as demo (meta ``demo`` = ``true``); CPR numbers come
from :func:`~dosisdesk.domain.cpr.demo_cpr` and fail modulus 11 on purpose; names, streets,
doctors and hospitals are invented.

The package, by job:

- ``catalogue``: the invented people, places and hospitals, and the drug profiles;
- ``world``: one build's state (random generator, moment, buffers, ids) and what is laid before the
  first citizen (teams, users, pharmacies, periods, products);
- ``citizens``, ``lines``, ``contacts``: one citizen's story (cards, lines, hospital contacts,
  doubles, renewals, packed products);
- ``history``: the changes, in bulk. The demo decides only what people did; each change's state
  at ``now`` and the moves time made come from the domain's rule
  (:func:`dosisdesk.domain.queue.change_path`), so the queue needs no run of the queue clock;
- ``acute``: the acute changes of the last days, through the real service
  (:func:`dosisdesk.services.changes.register`, at most :data:`MAX_SERVICE_ACUTE`);
- this module: the entry point, batches, progress and cancellation.

Bulk rows go to :mod:`dosisdesk.storage.bulk` (the driver's ``executemany``, ids assigned here).
Everything happens in one transaction: the services run inside it (each call in a savepoint), and
a cancellation (``should_cancel``) or any error leaves the database as it was.

Determinism: one ``random.Random(seed)`` drives every choice, in a fixed order; the only time read
is ``now`` (``seconds`` in the summary is measured, not used).
"""

from __future__ import annotations

import math
import time as _time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from dosisdesk.demo.acute import run_acute
from dosisdesk.demo.citizens import citizen
from dosisdesk.demo.world import MAX_SERVICE_ACUTE, TABLES, DemoCancelled, World
from dosisdesk.domain.errors import InvalidInput, RuleViolation
from dosisdesk.domain.types import Role
from dosisdesk.services import audit
from dosisdesk.services.context import Actor
from dosisdesk.storage import bulk
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database

__all__ = [
    "MAX_SERVICE_ACUTE",
    "DemoCancelled",
    "DemoSummary",
    "build_demo",
    "refuse_real_database",
]

#: Citizens written per batch (progress and cancellation are checked between batches).
BATCH_CITIZENS = 2000
MAX_CITIZENS = 250_000


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What :func:`build_demo` made. ``flags_expected`` is the number of double prescriptions it
    created on purpose (acknowledged ones included): the R5 check should find exactly these."""

    citizens: int
    lines: int
    changes: int
    contacts: int
    flags_expected: int
    seconds: float


def refuse_real_database(db: Database) -> None:
    """Demo data goes into a training database only (RuleViolation otherwise)."""
    if not db.is_training():
        raise RuleViolation(
            "demo data goes into a training database only",
            "Demodata kan kun lægges i en øvelsesdatabase, og dette er en rigtig database (den "
            "skifter aldrig art). Opret en øvelsesdatabase med 'dosisdesk db init --training'.",
        )


def build_demo(
    db: Database,
    *,
    citizens: int,
    seed: int,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> DemoSummary:
    """Fill an empty training database (øvelsesdatabase) with fictitious demo data.

    Refuses with RuleViolation when the database already has citizens. ``progress(done, total)``
    is called after each step; ``should_cancel()`` is asked between steps and, when it answers
    true, DemoCancelled is raised and nothing is written.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if not 1 <= citizens <= MAX_CITIZENS:
        raise InvalidInput(
            f"citizens must be 1..{MAX_CITIZENS}, got {citizens}",
            f"Antallet af borgere skal være mellem 1 og {MAX_CITIZENS:,}.".replace(",", "."),
        )
    refuse_real_database(db)
    started = _time.perf_counter()
    batches = math.ceil(citizens / BATCH_CITIZENS)
    total = batches + 3
    step = 0

    def tick() -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(step, total)

    def check() -> None:
        if should_cancel is not None and should_cancel():
            raise DemoCancelled

    with db.begin() as s:
        if s.scalar(select(func.count()).select_from(m.Citizen)):
            raise RuleViolation(
                "the database already has citizens",
                "Databasen indeholder allerede borgere. Demodata kan kun lægges i en tom database.",
            )
        w = World(s, citizens, seed, now)
        w.setup()
        tick()
        made = 0
        with bulk.indexes_after(s.connection(), TABLES):
            for _batch in range(batches):
                check()
                for _ in range(min(BATCH_CITIZENS, citizens - made)):
                    citizen(w)
                    made += 1
                w.flush()
                tick()
        check()
        run_acute(w, db, should_cancel)
        tick()
        check()
        counts = {
            name: int(s.scalar(select(func.count()).select_from(bulk.table(name))) or 0)
            for name in ("citizens", "lines", "changes", "hospital_contacts")
        }
        system = Actor(w.system_id, "system", "dosisdesk (automatisk)", Role.ADMINISTRATOR, None)
        audit.record(
            s,
            system,
            w.now,
            "demo.build",
            "database",
            None,
            None,
            after={
                "citizens": counts["citizens"],
                "seed": seed,
                "lines": counts["lines"],
                "changes": counts["changes"],
                "contacts": counts["hospital_contacts"],
            },
        )
        # The demo fills every table of a new database.
        bulk.analyze(s.connection(), m.Base.metadata.tables)
    tick()
    return DemoSummary(
        citizens=counts["citizens"],
        lines=counts["lines"],
        changes=counts["changes"],
        contacts=counts["hospital_contacts"],
        flags_expected=w.c.flags,
        seconds=round(_time.perf_counter() - started, 2),
    )
