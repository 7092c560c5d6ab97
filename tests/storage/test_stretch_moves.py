"""A stretch never moves a queued change earlier than the first day it was queued for (R1, R2),
and says which open changes move (old → new) and which days may need manual dispensing."""

from __future__ import annotations

from datetime import date

import pytest

from dosisdesk.domain.errors import InvalidInput, RuleViolation
from dosisdesk.domain.types import ChangeKind
from dosisdesk.services import cards, changes, periods
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.world import World


def test_an_order_from_a_day_targets_the_first_roll_starting_then_or_later(
    db: Database, world: World
):
    nurse = open_ctx(db, "sygpl", fixed_clock(NOW))
    req = changes.ChangeRequest(
        cpr=world.anna,
        kind=ChangeKind.DOSE_CHANGE,
        line_id=world.line_metformin,
        dosage="1+1+1+0",
        wanted_from=date(2026, 12, 10),
    )
    where = changes.landing(nurse, world.anna, wanted_from=date(2026, 12, 10))
    assert (where.first_day, where.days_before_roll) == (
        date(2026, 12, 17),
        (date(2026, 12, 10), date(2026, 12, 16)),
    )
    c = changes.register(nurse, req)
    assert (c.effective_date, c.wanted_from) == (date(2026, 12, 17), date(2026, 12, 10))
    assert c.days_before_roll == (date(2026, 12, 10), date(2026, 12, 16))
    card = cards.card_view(nurse, world.anna, log=False)
    assert [(x.id, x.days_before_roll) for x in card.open_changes] == [
        (c.id, (date(2026, 12, 10), date(2026, 12, 16)))
    ]
    for day, words in ((date(2026, 11, 1), "fortiden"), (date(2028, 1, 6), "ikke lagt perioder")):
        with pytest.raises(RuleViolation) as err:
            changes.register(
                nurse,
                changes.ChangeRequest(
                    cpr=world.anna,
                    kind=ChangeKind.DISCONTINUE,
                    line_id=world.line_atorva,
                    wanted_from=day,
                ),
            )
        assert words in err.value.message
    with pytest.raises(InvalidInput):
        changes.register(
            nurse,
            changes.ChangeRequest(
                cpr=world.anna,
                kind=ChangeKind.DISCONTINUE,
                line_id=world.line_atorva,
                acute=True,
                reason="x",
                doctor="y",
                wanted_from=date(2026, 12, 17),
            ),
        )


def test_a_stretch_moves_queued_changes_later_never_earlier_and_lists_them(
    db: Database, world: World
):
    nurse = open_ctx(db, "sygpl", fixed_clock(NOW))
    koord = open_ctx(db, "koord", fixed_clock(NOW))
    # queued for the roll of 17 December ("fra 17. december"), and one for 3 December
    later = changes.register(
        nurse,
        changes.ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=world.line_metformin,
            dosage="1+1+1+0",
            wanted_from=date(2026, 12, 17),
        ),
    )
    soon = changes.register(
        nurse,
        changes.ChangeRequest(
            cpr=world.anna, kind=ChangeKind.DISCONTINUE, line_id=world.line_atorva
        ),
    )
    changes.confirm(koord, [(later.id, None)])
    assert (later.effective_date, soon.effective_date) == (date(2026, 12, 17), date(2026, 12, 3))

    preview = periods.stretch_period(koord, "Torsdag", date(2026, 12, 3), 21, "Jul", preview=True)
    assert preview.preview
    assert changes.get(koord, later.id).effective_date == date(2026, 12, 17)  # nothing stored
    done = periods.stretch_period(koord, "Torsdag", date(2026, 12, 3), 21, "Jul")
    assert not done.preview and done.moved == preview.moved
    assert [(p.first_day, p.last_day) for p in done.periods[:2]] == [
        (date(2026, 12, 3), date(2026, 12, 23)),
        (date(2026, 12, 24), date(2027, 1, 6)),
    ]
    moved = {x.change_id: x for x in done.moved}
    # the period of 17 December is gone: the change lands on 24 December, not on 3 December
    x = moved[later.id]
    assert (x.old_first_day, x.new_first_day, x.manual_days) == (
        date(2026, 12, 17),
        date(2026, 12, 24),
        (date(2026, 12, 17), date(2026, 12, 23)),
    )
    # the change for 3 December keeps its first day; its roll now runs to 23 December
    y = moved[soon.id]
    assert (y.old_first_day, y.new_first_day, y.new_last_day, y.manual_days) == (
        date(2026, 12, 3),
        date(2026, 12, 3),
        date(2026, 12, 23),
        None,
    )
    after = changes.get(koord, later.id)
    assert (after.effective_date, after.wanted_from, after.days_before_roll) == (
        date(2026, 12, 24),
        date(2026, 12, 17),
        (date(2026, 12, 17), date(2026, 12, 23)),
    )
    # the card carries the new dose from 24 December, not on a day the order was not in force
    lines, _ = cards.card_on(koord, world.anna, date(2026, 12, 20))
    assert {ln.line_id: ln.dosage for ln in lines}[world.line_metformin] == "1+0+1+0"
    lines, _ = cards.card_on(koord, world.anna, date(2026, 12, 24))
    assert {ln.line_id: ln.dosage for ln in lines}[world.line_metformin] == "1+1+1+0"
