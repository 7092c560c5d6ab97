"""Supply failures (R8): who is affected, and a beside-the-roll line is not a double."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dosisdesk.domain.errors import AccessDenied, InvalidInput
from dosisdesk.domain.types import CPH, ChangeKind, Severity, Supply
from dosisdesk.services import changes, flags, supply
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.world import World


def test_citizens_affected_by_a_supply_failure(db: Database, world: World):
    k = open_ctx(db, "koord", fixed_clock(NOW))
    with pytest.raises(AccessDenied):
        supply.register_failure(
            open_ctx(db, "sygpl", fixed_clock(NOW)), "Zocor", date(2026, 11, 20), None
        )
    with pytest.raises(InvalidInput):
        supply.register_failure(k, "Zocor", date(2026, 11, 20), date(2026, 11, 1))
    f = supply.register_failure(k, "Zocor", date(2026, 11, 20), date(2026, 12, 10), "Restordre")
    hit = supply.affected(k, f.id)
    assert [(a.cpr, a.handled) for a in hit] == [(world.ojvind, False)]
    assert [x.id for x in supply.failures(k)] == [f.id]
    later = open_ctx(db, "koord", fixed_clock(datetime(2026, 12, 11, 9, 0, tzinfo=CPH)))
    assert supply.failures(later) == []


def test_line_beside_the_roll_for_a_supply_failure_is_not_a_double(db: Database, world: World):
    k = open_ctx(db, "koord", fixed_clock(NOW))
    f = supply.register_failure(k, "Zarator", date(2026, 11, 20), None)
    c = changes.register(
        k,
        changes.ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.NEW,
            product='Atorvastatin "Krka"',
            dosage="0+0+1+0",
            supply=Supply.ORDINARY,
        ),
    )
    later = open_ctx(db, "koord", fixed_clock(datetime(2026, 12, 4, 9, 0, tzinfo=CPH)))
    assert [x.severity for x in flags.flags(later, cpr=world.anna)] == [Severity.HIGH]
    changes.cancel(k, c.id, None, "forkert registreret")
    changes.register(
        k,
        changes.ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.NEW,
            product='Atorvastatin "Krka"',
            dosage="0+0+1+0",
            supply=Supply.ORDINARY,
            supply_failure_id=f.id,
        ),
    )
    assert flags.flags(later, cpr=world.anna) == []
    assert [a.handled for a in supply.affected(k, f.id)] == [True]
