"""Supply failures (R8): who is affected, and a beside-the-roll line is not a double."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import text

from dosisdesk.domain.errors import AccessDenied, InvalidInput, NotFound
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


def _last_entry(db: Database) -> tuple[str, list[int]]:
    with db.begin() as s:
        seq, action = s.execute(
            text("SELECT seq, action FROM audit_log ORDER BY seq DESC LIMIT 1")
        ).one()
        named = s.execute(
            text(
                "SELECT a.citizen_id FROM audit_citizens a JOIN audit_log l ON l.id = a.entry_id "
                "WHERE l.seq = :seq ORDER BY 1"
            ),
            {"seq": seq},
        ).scalars()
        return str(action), list(named)


def test_the_affected_lines_say_who_takes_what_and_the_list_is_logged(
    db: Database, world: World
) -> None:
    """Each affected line names the citizen, her CPR and team, the line, its dosage and from
    when; the list shown is one audit entry naming the citizens on it. A nurse sees her own
    team's citizens only, and a failure that does not exist is refused, nothing logged."""
    k = open_ctx(db, "koord", fixed_clock(NOW))
    f = supply.register_failure(k, "Zocor", date(2026, 11, 20), date(2026, 12, 10))
    [hit] = supply.affected(k, f.id)
    assert (hit.cpr, hit.citizen_name, hit.team_name) == (world.ojvind, "Øjvind Ærø", "Team Syd")
    assert (hit.dosage, hit.valid_from, hit.valid_to) == ("0+0+1+0", date(2026, 3, 5), None)
    assert _last_entry(db) == ("supply.read", [hit.citizen_id])
    nurse_elsewhere = open_ctx(db, "sygpl", fixed_clock(NOW))  # Team Nord
    assert supply.affected(nurse_elsewhere, f.id) == []
    with pytest.raises(NotFound):
        supply.affected(k, f.id + 1000)
    assert _last_entry(db)[0] == "supply.read"
    # the citizen's own log (an insight request) says where she was shown
    from dosisdesk.services import accesslog
    from dosisdesk.words import AUDIT_ACTION

    said = {
        r.what for r in accesslog.citizen_log(k, world.ojvind).rows if r.action == "supply.read"
    }
    assert said == {AUDIT_ACTION["supply.read"]} and said != {AUDIT_ACTION["*.read"]}


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
