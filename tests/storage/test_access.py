"""Who may see what: a nurse without a team sees no citizen, refused accesses are logged, and an
older database's log is re-chained once when it is upgraded."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from dosisdesk.domain.errors import AccessDenied
from dosisdesk.domain.types import CPH, Role
from dosisdesk.services import access, audit, cards
from dosisdesk.services.context import fixed_clock, open_ctx
from dosisdesk.storage import migrate
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database, make_engine
from tests.conftest import NOW
from tests.world import World


def add_nurse(db: Database, username: str, team_id: int | None) -> None:
    with db.begin() as s:
        s.add(m.User(username=username, full_name=username.title(), role="nurse", team_id=team_id))


def refusals(db: Database) -> list[tuple[str, str, int | None]]:
    with db.begin() as s:
        return [
            (r.username, r.entity, r.citizen_id)
            for r in s.scalars(
                select(m.AuditEntry)
                .where(m.AuditEntry.action == "access.refused")
                .order_by(m.AuditEntry.seq)
            )
        ]


def test_a_nurse_without_a_team_sees_no_citizen(db: Database, world: World):
    add_nurse(db, "udenteam", None)
    ctx = open_ctx(db, "udenteam", fixed_clock(NOW))
    assert access.scope_team(ctx, None) == access.NO_TEAM
    with pytest.raises(AccessDenied, match="team"):
        cards.card_view(ctx, world.anna)
    assert refusals(db) == [("udenteam", "citizen", world.anna_id)]


def test_a_refused_card_read_is_logged_and_the_chain_holds(db: Database, world: World):
    nurse = open_ctx(db, "sygpl", fixed_clock(NOW))
    with pytest.raises(AccessDenied):
        cards.card_view(nurse, world.ojvind)
    with pytest.raises(AccessDenied):  # a role refusal, before any unit of work
        nurse.require_role(Role.COORDINATOR)
    got = refusals(db)
    assert got[0][:2] == ("sygpl", "citizen") and got[0][2] is not None
    assert got[1][:2] == ("sygpl", "role:coordinator")
    assert audit.verify(open_ctx(db, "koord")).ok


def _legacy(prev, at, username, action, entity, entity_id, citizen_id, before, after):  # type: ignore[no-untyped-def]
    payload = "\x1f".join(
        [
            prev,
            at.isoformat(timespec="microseconds"),
            username,
            action,
            entity,
            str(entity_id),
            str(citizen_id),
            before or "",
            after or "",
        ]
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def test_an_older_log_is_rechained_once_on_upgrade(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    migrate.upgrade(url, "0003", kind="real")
    engine = make_engine(url)
    prev = "0" * 64
    with engine.begin() as c:
        for i in range(3):
            at = datetime(2026, 11, 20, 9, i, tzinfo=UTC)
            h = _legacy(prev, at.astimezone(CPH), "admin", "card.read", "card", i, 1, None, None)
            c.execute(
                text(
                    "INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, "
                    "citizen_id, prev_hash, hash) VALUES (:at, 2, 'admin', 'card.read', 'card', :i, 1,"
                    " :p, :h)"
                ),
                {"at": at.replace(tzinfo=None), "i": i, "p": prev, "h": h},
            )
            prev = h
    engine.dispose()
    db = Database.open(url)
    rep = audit.verify(open_ctx(db, "admin"))
    assert rep.ok and rep.entries == 3
    with db.begin() as s:
        note = s.scalar(select(m.Meta.value).where(m.Meta.key == "audit_rechained"))
    assert note == "3 entries re-chained in form 2; the old chain was intact"
    db.dispose()


def test_every_list_of_health_data_is_logged_naming_the_citizens(db: Database, world: World):
    from dosisdesk.services import contacts, flags, queue, renewals, search
    from dosisdesk.services.queue import QueueFilter

    k = open_ctx(db, "koord", fixed_clock(NOW))
    shown = search.search_citizens(k, "")
    assert {r.id for r in shown} == {world.anna_id, _id(db, world.ojvind)}
    queue.queue(k, QueueFilter())
    flags.flags(k, include_acknowledged=True)
    renewals.renewals(k, due=True)
    contacts.list_contacts(k)
    with db.begin() as s:
        entries = s.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "search.read")).all()
        named = s.scalars(
            select(m.AuditCitizen.citizen_id).where(m.AuditCitizen.entry_id == entries[0].id)
        ).all()
    assert len(entries) == 1 and sorted(named) == sorted(r.id for r in shown)
    # the citizen's log finds the list that showed her
    looked = audit.who_looked(k, world.anna_id)
    assert "search.read" in {r.action for r in looked}
    # a nurse's search names only her own team's citizens
    nurse = open_ctx(db, "sygpl", fixed_clock(NOW))
    assert [r.id for r in search.search_citizens(nurse, "")] == [world.anna_id]
    assert audit.verify(k).ok


def _id(db: Database, cpr: str) -> int:
    with db.begin() as s:
        got = s.scalar(select(m.Citizen.id).where(m.Citizen.cpr == cpr))
    assert got is not None
    return got


def test_breaking_the_glass_needs_a_reason_is_logged_and_listed(db: Database, world: World):
    from dosisdesk.domain.errors import InvalidInput
    from dosisdesk.services import glass

    nurse = open_ctx(db, "sygpl", fixed_clock(NOW))
    with pytest.raises(AccessDenied):
        cards.card_view(nurse, world.ojvind)
    with pytest.raises(InvalidInput):
        glass.break_glass(nurse, world.ojvind, "fordi")
    g = glass.break_glass(nurse, world.ojvind, "Dækker for Team Syd i aftenvagten")
    assert g.username == "sygpl" and g.until > NOW
    assert cards.card_view(nurse, world.ojvind).citizen.cpr == world.ojvind
    later = open_ctx(db, "sygpl", fixed_clock(g.until))
    with pytest.raises(AccessDenied):  # a shift, not for ever
        cards.card_view(later, world.ojvind)
    k = open_ctx(db, "koord", fixed_clock(NOW))
    listed = glass.grants_to_review(k)
    assert [(r.username, r.reason) for r in listed] == [
        ("sygpl", "Dækker for Team Syd i aftenvagten")
    ]
    glass.mark_reviewed(k, listed[0].id)
    assert glass.grants_to_review(k) == []
    with pytest.raises(AccessDenied):
        glass.grants_to_review(nurse)
    actions = [r.action for r in audit.who_looked(k, g.citizen_id)]
    assert "access.break_glass" in actions and "access.refused" in actions
