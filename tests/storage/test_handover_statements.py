"""A team's handover reads its sheet in a fixed number of statements, however many citizens, lines
and changes the team has: one set-based statement per kind of data, not one per citizen (issue #10).
On SQLite and PostgreSQL; the scene is tests/handover_world.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from dosisdesk.services import handover as ho
from dosisdesk.storage.db import Database
from tests.conftest import _backends, backend_url
from tests.handover_world import Scene, at, build_scene
from tests.storage.test_handover_data import TODAY
from tests.world import build_world

#: Statements the scene's day sheet may issue (the team's look-up and size, each section, the
#: acute changes' handlings, the targets of the changes time has moved, the citizens named), not
#: counting transaction control: 18 when this was written, 17 with admissions and discharges read
#: in one statement, 16 with the planned changes for the rolls and those that missed a deadline
#: read in one. Each is set-based over the team, whatever the team's size.
BUDGET = 16


@pytest.fixture(scope="module", params=_backends())
def scene_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, Scene]]:
    with backend_url(
        request.param, tmp_path_factory.mktemp("handover"), "statements.sqlite"
    ) as url:
        database = Database.create(url, training=True)
        yield database, build_scene(database, build_world(database))
        database.dispose()


def _statements(db: Database, shift: ho.Shift) -> tuple[ho.Handover, list[str]]:
    seen: list[str] = []

    def before(_c: Any, _cur: Any, statement: str, *_a: Any) -> None:
        word = statement.lstrip().split(None, 1)[0].upper()
        if word not in ("BEGIN", "PRAGMA", "COMMIT", "ROLLBACK", "SET", "SAVEPOINT", "RELEASE"):
            seen.append(statement)

    for engine in db.engines:  # the reads' own engine too (SQLite)
        event.listen(engine, "before_cursor_execute", before)
    try:
        h = ho.handover_summary(at(db), "Team Nord", TODAY, shift)
    finally:
        for engine in db.engines:
            event.remove(engine, "before_cursor_execute", before)
    return h, seen


def test_the_day_sheet_stays_within_its_statement_budget(
    scene_db: tuple[Database, Scene],
) -> None:
    db, _scene = scene_db
    h, seen = _statements(db, ho.Shift.DAY)
    assert h.citizens, "the scene's team has something to act on"
    assert len(seen) <= BUDGET, "\n".join(seen)


def test_the_night_sheet_reads_no_more_than_the_day_sheet(
    scene_db: tuple[Database, Scene],
) -> None:
    db, _scene = scene_db
    _h, day = _statements(db, ho.Shift.DAY)
    _h, night = _statements(db, ho.Shift.NIGHT)
    assert len(night) <= len(day)  # the night leaves out the office's sections
