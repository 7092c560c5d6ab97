"""Renewals (R7) in three distinct states everywhere they show: expired, due within 7 days,
due within 28 days; the most urgent first (one domain rule, domain.renewals.renewal_urgency)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from dosisdesk.domain.renewals import RenewalUrgency
from dosisdesk.services import cards, search
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.services.dto import RenewalDTO
from dosisdesk.services.renewals import due_in, renewals, request_renewal
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.world import World

# NOW is Sunday 22 November 2026
EXPIRED, SOON, DUE = date(2026, 11, 20), date(2026, 11, 27), date(2026, 12, 10)


def three_states(db: Database, w: World) -> None:
    """Zarator expired on Friday, Metformin ends in 5 days, the PN line in 18 (made a roll line)."""
    with db.begin() as s:
        for line, until in ((w.line_atorva, EXPIRED), (w.line_metformin, SOON)):
            s.execute(
                update(m.LineVersion)
                .where(m.LineVersion.line_id == line)
                .values(prescription_valid_until=until)
            )
        s.execute(
            update(m.LineVersion)
            .where(m.LineVersion.line_id == w.line_pn)
            .values(prescription_valid_until=DUE, supply="dose_roll", dosage="1+0+0+0")
        )


def test_the_three_states_most_urgent_first(db: Database, world: World) -> None:
    three_states(db, world)
    ctx = open_ctx(db, "sygpl", fixed_clock(NOW))
    rows = [r for r in renewals(ctx) if r.citizen_id == world.anna_id]
    assert [(r.valid_until, r.urgency) for r in rows] == [
        (EXPIRED, RenewalUrgency.EXPIRED),
        (SOON, RenewalUrgency.SOON),
        (DUE, RenewalUrgency.DUE),
    ]
    view = cards.card_view(ctx, world.anna)
    assert [r.urgency for r in view.renewals] == [
        RenewalUrgency.EXPIRED,
        RenewalUrgency.SOON,
        RenewalUrgency.DUE,
    ]
    # the citizen list marks the most urgent one
    (anna,) = [r for r in search.search_citizens(ctx, "Anna") if r.id == world.anna_id]
    assert anna.renewal is RenewalUrgency.EXPIRED and anna.renewal_due


def test_the_card_lists_the_same_renewals_as_the_due_list(db: Database, world: World) -> None:
    """The card works its renewals out from the versions it read (one card); they are the due
    list's rows for the citizen: a line with a request sent is left out, a private line is
    never shown, and with a second card the card reads them as the list does."""
    three_states(db, world)
    with db.begin() as s:
        s.execute(
            update(m.LineVersion)
            .where(m.LineVersion.line_id == world.line_private)
            .values(prescription_valid_until=SOON)
        )
    ctx = open_ctx(db, "sygpl", fixed_clock(NOW))

    def due_list() -> list[RenewalDTO]:
        with db.begin() as s:
            return due_in(s, NOW.date(), None, world.anna_id)

    assert [r.urgency for r in cards.card_view(ctx, world.anna).renewals] == [
        RenewalUrgency.EXPIRED,
        RenewalUrgency.SOON,
        RenewalUrgency.DUE,
    ]
    request_renewal(ctx, world.line_metformin)
    view = cards.card_view(ctx, world.anna)
    assert list(view.renewals) == due_list()
    assert [r.line_id for r in view.renewals] == [world.line_atorva, world.line_pn]
    with db.begin() as s:
        s.add(m.Card(citizen_id=world.anna_id, packing_group_id=world.group))
    view = cards.card_view(ctx, world.anna)
    assert view.other_cards and list(view.renewals) == due_list()
