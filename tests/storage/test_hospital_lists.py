"""The hospital lists: the coordinator's "Sygehus" tab (admitted now, the open 72-hour windows,
the discharges whose checklist is not done), the nurse's card and the CLI (a citizen's contacts,
every contact newest first). Which rows, in which order, with which fields, the one audit entry
each list writes, and how many statements the tab's refresh takes however many contacts there
are (issue #10: it read every contact's citizen by itself, 2,764 statements at 85,000 citizens).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text

from dosisdesk.domain.types import ContactKind
from dosisdesk.services import contacts, review
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.services.dto import ContactDTO
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.storage.test_card_statements import counting
from tests.world import World

#: Statements of the tab's refresh (three lists, each in its own unit of work): the list with
#: its citizens' names, the audit chain's head (with the database's clock), the entry and its
#: citizens; SQLite's BEGIN IMMEDIATE, PostgreSQL's advisory lock on the chain: 5 a list.
BUDGET = 15


def at(db: Database, user: str = "koord") -> Ctx:
    return open_ctx(db, user, fixed_clock(NOW))


def _contact(
    db: Database,
    cpr: str,
    started: datetime,
    ended: datetime | None = None,
    kind: ContactKind = ContactKind.ADMISSION,
    checklist_done: bool = False,
) -> int:
    k = at(db)
    c = contacts.add_contact(
        k,
        contacts.ContactRequest(
            cpr=cpr,
            kind=kind,
            hospital="Demo Sygehus",
            department="Medicinsk afdeling",
            phone="70112233",
            started_at=started,
        ),
    )
    if ended is not None:
        c = contacts.discharge(k, c.id, c.version, ended)
    if checklist_done:
        contacts.set_checklist(
            k,
            c.id,
            c.version,
            epicrisis_received=True,
            fmk_checked=True,
            changes_registered=True,
            dd_decided=True,
        )
    return c.id


def _hospital(db: Database, w: World) -> dict[str, int]:
    """Anna (Team Nord) and Øjvind (Team Syd) in and out of hospital; two admissions began at
    the same moment (listed by their id)."""
    day = timedelta(days=1)
    return {
        # discharged 2 days ago after 8 days: the department answers until tomorrow
        "anna_window": _contact(db, w.anna, NOW - 10 * day, NOW - 2 * day),
        "oj_admitted": _contact(db, w.ojvind, NOW - day),
        "anna_admitted": _contact(db, w.anna, NOW - day),
        # long over, its checklist done
        "oj_old": _contact(db, w.ojvind, NOW - 20 * day, NOW - 15 * day, checklist_done=True),
        "anna_outpatient": _contact(
            db, w.anna, NOW - timedelta(hours=3), NOW - timedelta(hours=2), ContactKind.OUTPATIENT
        ),
        # discharged 4 days ago: the window closed yesterday, the checklist not done
        "oj_discharged": _contact(db, w.ojvind, NOW - 6 * day, NOW - 4 * day),
    }


def _tab(ctx: Ctx, team: str | None = None) -> tuple[list[ContactDTO], ...]:
    """The three lists as the desk's hospital tab reads them."""
    return (
        contacts.list_contacts(ctx, admitted_now=True, team=team),
        contacts.list_contacts(ctx, open_only=True, team=team),
        review.pending_discharges(ctx, team=team),
    )


def _entries(db: Database, after_seq: int) -> list[tuple[Any, ...]]:
    """The audit entries written after ``after_seq``: action, citizen, the citizens named."""
    with db.begin() as s:
        rows = s.execute(
            text(
                "SELECT e.seq, e.action, e.entity, e.citizen_id, a.citizen_id FROM audit_log e "
                "LEFT JOIN audit_citizens a ON a.entry_id = e.id WHERE e.seq > :s "
                "ORDER BY e.seq, a.citizen_id"
            ),
            {"s": after_seq},
        ).all()
    out: dict[int, tuple[Any, ...]] = {}
    for seq, action, entity, citizen, named in rows:
        old = out.get(seq, (action, entity, citizen, ()))
        out[seq] = (*old[:3], (*old[3], named) if named is not None else old[3])
    return list(out.values())


def _seq(db: Database) -> int:
    with db.begin() as s:
        return int(s.scalar(text("SELECT coalesce(max(seq), 0) FROM audit_log")) or 0)


def test_the_tab_lists_their_rows_in_order_with_their_fields(db: Database, world: World):
    ids = _hospital(db, world)
    oj_id = next(c.citizen_id for c in contacts.list_contacts(at(db), cpr=world.ojvind))
    admitted, windows, discharges = _tab(at(db))
    assert [c.id for c in admitted] == [ids["oj_admitted"], ids["anna_admitted"]]
    assert [c.id for c in windows] == [ids["anna_window"]]
    assert [c.id for c in discharges] == [ids["oj_discharged"], ids["anna_window"]]

    oj, anna = admitted
    assert (oj.citizen_id, oj.citizen_name, oj.cpr) == (oj_id, "Øjvind Ærø", world.ojvind)
    assert (anna.citizen_id, anna.citizen_name, anna.cpr) == (
        world.anna_id,
        "Anna Hansen",
        world.anna,
    )
    assert oj.kind is ContactKind.ADMISSION and oj.admitted and not oj.window_open
    assert oj.started_at == NOW - timedelta(days=1) and oj.ended_at is None
    assert (oj.hospital, oj.department, oj.phone) == (
        "Demo Sygehus",
        "Medicinsk afdeling",
        "70112233",
    )
    assert oj.responsibility_until is None and oj.version == 1

    (w,) = windows
    assert w.window_open and not w.admitted and w.somatic and w.municipal_nursing
    assert w.ended_at == NOW - timedelta(days=2)
    assert w.responsibility_until == NOW + timedelta(days=1)
    assert not w.checklist_done and not w.dd_paused and w.note == ""

    closed = discharges[0]
    assert not closed.window_open and not closed.admitted
    assert closed.responsibility_until == NOW - timedelta(days=1)
    assert discharges[1] == w  # the same contact, the same fields in both lists


def test_every_contact_newest_first_one_citizen_one_team_and_a_nurse(db: Database, world: World):
    ids = _hospital(db, world)
    k = at(db)
    newest_first = [
        ids["anna_outpatient"],
        ids["oj_admitted"],  # began with anna_admitted: the first registered first
        ids["anna_admitted"],
        ids["oj_discharged"],
        ids["anna_window"],
        ids["oj_old"],
    ]
    assert [c.id for c in contacts.list_contacts(k)] == newest_first
    assert [c.id for c in contacts.list_contacts(k, limit=2)] == newest_first[:2]
    everyone = contacts.list_contacts(k)
    assert [c.id for c in contacts.list_contacts(k, cpr=world.ojvind)] == [
        c.id for c in everyone if c.cpr == world.ojvind
    ]
    assert [c.id for c in contacts.list_contacts(k, cpr=world.anna, open_only=True)] == [
        ids["anna_window"]
    ]
    outpatient = everyone[0]
    assert outpatient.kind is ContactKind.OUTPATIENT and not outpatient.admitted
    assert outpatient.responsibility_until is None and not outpatient.window_open

    nord = _tab(k, "Team Nord")
    assert [[c.id for c in x] for x in nord] == [
        [ids["anna_admitted"]],
        [ids["anna_window"]],
        [ids["anna_window"]],
    ]
    assert [c.id for c in contacts.list_contacts(k, team="Team Syd")] == [
        ids["oj_admitted"],
        ids["oj_discharged"],
        ids["oj_old"],
    ]
    # a nurse sees her own team's citizens, whatever team she asks for
    assert _tab(at(db, "sygpl")) == nord
    assert _tab(at(db, "sygpl"), "Team Syd") == nord


def test_each_list_writes_one_entry_naming_the_citizens_shown(db: Database, world: World):
    _hospital(db, world)
    oj_id = contacts.list_contacts(at(db), cpr=world.ojvind)[0].citizen_id
    both = tuple(sorted((world.anna_id, oj_id)))
    seq = _seq(db)
    _tab(at(db))
    assert _entries(db, seq) == [
        ("contacts.read", "citizen_list", None, both),
        # one citizen shown: the entry is hers too
        ("contacts.read", "citizen_list", world.anna_id, (world.anna_id,)),
        ("discharges.read", "citizen_list", None, both),
    ]
    seq = _seq(db)
    # an empty list showed no one and is not logged; log=False writes nothing
    assert contacts.list_contacts(at(db), open_only=True, team="Team Syd") == []
    contacts.list_contacts(at(db), log=False)
    assert _entries(db, seq) == []


def test_the_tab_takes_the_same_statements_however_many_contacts(db: Database, world: World):
    _hospital(db, world)
    k = at(db)
    _tab(k)
    with counting(db) as few:
        _tab(k)
    for _ in range(4):  # more of everything: admitted, windows, discharges
        _hospital(db, world)
    with counting(db) as many:
        lists = _tab(k)
    assert [len(x) for x in lists] == [10, 5, 10]
    assert len(many["statements"]) == len(few["statements"]) <= BUDGET, many["statements"]
    assert many["begins"] == 3  # one unit of work a list
