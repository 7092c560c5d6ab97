"""The desk's "Acute changes" list is a handful of statements of plain columns (issue #10): the
changes with their citizen, product, registrar and follow-up in one, their handlings by the
changes' ids (one statement on PostgreSQL, one per 500 changes on SQLite), and the list's one
sealed entry naming the citizens shown. It read the same statements into ORM entities, one for
every change, citizen, product and handling: 110-150 ms of a 2,417-change list at 85,000
citizens, against 40-55 ms now."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dosisdesk.domain.types import BagRef, ChangeKind, ChangeState, HandlingKind
from dosisdesk.services import changes, review
from dosisdesk.services.changes import ChangeRequest, HandlingRequest
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.helpers.changes import acute_stop
from tests.storage.test_card_statements import counting
from tests.world import World

#: Statements of the list, BEGIN not counted. SQLite: the changes, their handlings; the
#: chain's head with the clock, the entry and its citizens. PostgreSQL: the same and the
#: chain's lock.
BUDGET = {"sqlite": 5, "postgresql": 6}


def test_the_acute_list_stays_within_its_statement_budget_and_reads_every_field(
    db: Database, world: World
) -> None:
    nurse = open_ctx(db, "sygpl", fixed_clock(NOW))
    first = changes.register(nurse, acute_stop(world, note="Taget ud af aftenposen"))
    evening = BagRef(NOW.date(), "evening")
    second = changes.register(
        nurse,
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=world.line_metformin,
            dosage="1+0+0+0",
            acute=True,
            reason="Svimmelhed",
            doctor="Dr. Holm",
            handlings=(
                HandlingRequest(HandlingKind.DISCARD_BAGS, (evening,)),
                HandlingRequest(HandlingKind.ASK_PHARMACY, note="Apoteket ringet op"),
            ),
        ),
    )
    k = open_ctx(db, "koord", fixed_clock(NOW))
    review.acute_changes(k, date(2026, 11, 9), NOW.date())  # warm: the statements built
    with counting(db) as seen:
        rows = review.acute_changes(k, date(2026, 11, 9), NOW.date())
    counted = [s for s in seen["statements"] if not s.lstrip().upper().startswith("BEGIN")]
    assert len(counted) <= BUDGET[db.engine.dialect.name], "\n".join(
        s.split("\n")[0][:90] for s in counted
    )
    # newest first (the same moment: the higher id first), each with its own handlings in the
    # order they were recorded, its follow-up and what waiting would have meant
    assert [r.change_id for r in rows] == [second.id, first.id]
    newest, oldest = rows
    assert newest.handlings == (
        (HandlingKind.DISCARD_BAGS, ""),
        (HandlingKind.ASK_PHARMACY, "Apoteket ringet op"),
    )
    assert oldest.handlings == ((HandlingKind.REMOVE_TABLETS, "Taget ud af aftenposen"),)
    assert (newest.reason, newest.doctor) == ("Svimmelhed", "Dr. Holm")
    assert (newest.kind, newest.dosage) == (ChangeKind.DOSE_CHANGE, "1+0+0+0")
    assert newest.product_label == "Glucophage 500 mg"
    assert (oldest.kind, oldest.product_label) == (ChangeKind.DISCONTINUE, "Zarator 20 mg")
    for r, c in ((newest, second), (oldest, first)):
        assert (r.citizen_name, r.team_name, r.registered_by) == (
            "Anna Hansen",
            "Team Nord",
            "sygpl",
        )
        assert r.registered_by_name and r.registered_at == NOW
        assert (r.follow_up_id, r.follow_up_state) == (c.follow_up_id, ChangeState.REGISTERED)
        assert (r.if_waited_first_day, r.days_to_next_roll) == (date(2026, 12, 3), 11)
    with db.begin() as s:
        entry = s.scalars(select(m.AuditEntry).order_by(m.AuditEntry.seq.desc())).first()
        assert entry is not None and entry.action == "acute.read"
        named = list(
            s.scalars(select(m.AuditCitizen.citizen_id).where(m.AuditCitizen.entry_id == entry.id))
        )
    assert named == [rows[0].citizen_id]
