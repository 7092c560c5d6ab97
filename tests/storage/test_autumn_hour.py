"""Hospital contacts in the hour Copenhagen repeats on the last Sunday of October (R6): the
database gives its moments back in Copenhagen time, the clock too, and Python compares two of
them by their wall clocks (``fold`` ignored). The services compare them as moments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dosisdesk.domain.calendar import utc_to_cph
from dosisdesk.domain.types import CPH, ContactKind
from dosisdesk.services import contacts, correspondence
from dosisdesk.services.contacts import ContactRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage.db import Database
from tests.world import World

#: 02:40 summer time, the first pass of the repeated hour (00:40 UTC)
FIRST_0240 = datetime(2026, 10, 25, 2, 40, tzinfo=CPH)
#: the second pass (winter time), by UTC
SECOND = {m: utc_to_cph(datetime(2026, 10, 25, 1, m, tzinfo=UTC)) for m in (10, 15, 30)}


def at(db: Database, moment: datetime, user: str = "sygpl") -> Ctx:
    return open_ctx(db, user, fixed_clock(moment))


def request(w: World, kind: ContactKind, start: datetime, end: datetime | None) -> ContactRequest:
    return ContactRequest(
        cpr=w.anna,
        kind=kind,
        hospital="Demo Hospital",
        department="Medicinsk afdeling M2",
        phone="70 11 22 33",
        started_at=start,
        ended_at=end,
    )


def test_a_window_ending_in_the_second_pass_is_open_in_the_first(db: Database, world: World):
    """Discharged Thursday 03:30 summer time: the department answers until Sunday 02:30 winter
    time. At 02:40 summer time, 50 minutes before, every list says the window is open (the
    lists said closed: 02:40 is after 02:30 on the wall), and the recipients name it."""
    admitted = datetime(2026, 10, 18, 10, 0, tzinfo=CPH)
    out = datetime(2026, 10, 22, 3, 30, tzinfo=CPH)
    c = contacts.add_contact(at(db, out), request(world, ContactKind.ADMISSION, admitted, None))
    d = contacts.discharge(at(db, out), c.id, c.version, out)
    assert d.responsibility_until == SECOND[30] and d.responsibility_until.fold == 1

    night = at(db, FIRST_0240, "koord")
    listed = contacts.list_contacts(night, cpr=world.anna)
    assert [(x.id, x.window_open) for x in listed] == [(c.id, True)]
    (open_,) = contacts.list_contacts(night, open_only=True)
    assert open_.id == c.id and open_.window_open
    ticked = contacts.set_checklist(at(db, FIRST_0240), c.id, d.version, fmk_checked=True)
    assert ticked.window_open
    about = correspondence.compose(at(db, FIRST_0240), world.anna, "contact", str(c.id))
    assert about.category == "extended-care-responsibility"
    assert next(r for r in about.recipients if r.key == f"contact:{c.id}").label.endswith(
        "(72 timer)"
    )

    later = at(db, utc_to_cph(SECOND[30].astimezone(UTC) + timedelta(minutes=1)), "koord")
    assert [x.window_open for x in contacts.list_contacts(later, cpr=world.anna)] == [False]
    assert contacts.list_contacts(later, open_only=True) == []


def test_a_contact_across_the_two_passes_is_registered(db: Database, world: World):
    """An outpatient visit from 02:40 summer time to 02:10 winter time (30 minutes), registered
    at 02:15 winter time: it was refused as starting in the future and ending before it
    started; an admission from 02:40 discharged at 02:10 likewise."""
    now = at(db, SECOND[15])
    visit = contacts.add_contact(
        now, request(world, ContactKind.OUTPATIENT, FIRST_0240, SECOND[10])
    )
    assert (visit.started_at, visit.ended_at) == (FIRST_0240, SECOND[10])
    stay = contacts.add_contact(now, request(world, ContactKind.ADMISSION, FIRST_0240, None))
    out = contacts.discharge(now, stay.id, stay.version, SECOND[10])
    assert out.ended_at == SECOND[10]
