"""Hospital contacts, pause/resume, and the storage layer's own promises (R4, R6, R11)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from dosisdesk.domain.errors import ConflictError, InvalidInput, RuleViolation, SchemaMismatch
from dosisdesk.domain.types import CPH, ContactKind, PeriodStatus
from dosisdesk.services import cards, contacts, search
from dosisdesk.services.contacts import ContactRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage import migrate
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database, normalize_url
from tests.conftest import NOW
from tests.world import World


def at(db: Database, moment: datetime, user: str = "sygpl") -> Ctx:
    return open_ctx(db, user, fixed_clock(moment))


def admission(w: World, start: datetime, **kw: object) -> ContactRequest:
    base: dict[str, object] = dict(
        cpr=w.anna,
        kind=ContactKind.ADMISSION,
        hospital="Demo Hospital",
        department="Medicinsk afdeling M2",
        phone="70 11 22 33",
        started_at=start,
        pause_card=True,
    )
    return ContactRequest(**(base | kw))  # type: ignore[arg-type]


def test_admission_pauses_the_card_and_discharge_opens_72_hours(db: Database, world: World):
    start = datetime(2026, 11, 18, 14, 0, tzinfo=CPH)
    c = contacts.add_contact(at(db, start + timedelta(minutes=1)), admission(world, start))
    view = cards.card_view(at(db, NOW), world.anna)
    assert view.paused
    # the deadline of the coming roll passes while paused: it will not be dispensed
    coming = next(col for col in view.columns if not col.is_current)
    assert coming.period.status is PeriodStatus.NOT_DISPENSED
    out = datetime(2026, 11, 21, 11, 30, tzinfo=CPH)
    d = contacts.discharge(at(db, NOW), c.id, c.version, out)
    assert d.responsibility_until == out + timedelta(hours=72)
    assert d.window_open
    open_now = contacts.list_contacts(at(db, NOW, "koord"), open_only=True)
    assert [x.id for x in open_now] == [c.id]
    after = at(db, out + timedelta(hours=72, minutes=1), "koord")
    assert contacts.list_contacts(after, open_only=True) == []
    row = search.search_citizens(at(db, NOW), "Hansen")[0]
    assert row.window_open and row.paused


def test_short_or_psychiatric_stays_have_no_window(db: Database, world: World):
    start = datetime(2026, 11, 20, 9, 0, tzinfo=CPH)
    c = contacts.add_contact(at(db, NOW), admission(world, start, pause_card=False))
    d = contacts.discharge(at(db, NOW), c.id, c.version, start + timedelta(hours=23, minutes=59))
    assert d.responsibility_until is None and not d.window_open
    c2 = contacts.add_contact(
        at(db, NOW), admission(world, start, pause_card=False, somatic=False)
    )  # psychiatric: said once, at the admission
    d2 = contacts.discharge(at(db, NOW), c2.id, c2.version, start + timedelta(hours=30))
    assert d2.responsibility_until is None and not d2.somatic


def test_extension_and_checklist_with_conflict(db: Database, world: World):
    start = datetime(2026, 11, 18, 14, 0, tzinfo=CPH)
    c = contacts.add_contact(at(db, NOW), admission(world, start))
    d = contacts.discharge(at(db, NOW), c.id, c.version, datetime(2026, 11, 21, 10, 0, tzinfo=CPH))
    later = datetime(2026, 11, 27, 12, 0, tzinfo=CPH)
    e = contacts.extend(at(db, NOW), c.id, d.version, later)
    assert e.responsibility_until == later
    ok = contacts.set_checklist(at(db, NOW), c.id, e.version, epicrisis_received=True)
    assert ok.epicrisis_received and not ok.checklist_done
    with pytest.raises(ConflictError):  # a second nurse still holds the old version
        contacts.set_checklist(at(db, NOW), c.id, e.version, fmk_checked=True)
    assert not contacts.list_contacts(at(db, NOW), cpr=world.anna)[0].fmk_checked


@pytest.mark.parametrize(
    "bad", [dict(phone="12"), dict(hospital=" "), dict(started_at=NOW + timedelta(days=1))]
)
def test_bad_contact_input_saves_nothing(db: Database, world: World, bad: dict[str, object]):
    with pytest.raises(InvalidInput):
        contacts.add_contact(at(db, NOW), admission(world, NOW - timedelta(hours=1), **bad))
    with db.begin() as s:
        assert s.scalar(select(m.HospitalContact.id)) is None
        assert not s.scalar(select(m.Card.paused).where(m.Card.id == world.card))


def test_resume_names_the_days_that_need_manual_dispensing(db: Database, world: World):
    paused = datetime(2026, 11, 24, 9, 0, tzinfo=CPH)
    contacts.pause_card(at(db, paused), world.anna, "Indlagt", at=paused)
    with pytest.raises(RuleViolation):
        contacts.pause_card(at(db, paused), world.anna, "igen")
    resume = datetime(2026, 12, 7, 15, 0, tzinfo=CPH)
    preview = contacts.resume_preview(at(db, resume), world.anna)
    plan = contacts.resume_card(at(db, resume), world.anna)
    assert plan == preview
    # the 3-16 Dec roll was not packed (its deadline 1 Dec passed while paused); the next
    # roll starts 17 Dec (deadline 15 Dec is still ahead), so 7-16 Dec are given by hand
    assert plan.first_packed_period_start == date(2026, 12, 17)
    assert plan.manual_days == tuple(date(2026, 12, d) for d in range(7, 17))
    assert not cards.card_view(at(db, resume), world.anna).paused


def test_a_schema_the_program_does_not_know_is_refused(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    Database.create(url, training=True).dispose()
    eng = create_engine(url)
    with eng.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    eng.dispose()
    with pytest.raises(SchemaMismatch) as err:
        Database.open(url)
    assert "nyere version" in err.value.message


def test_postgres_is_not_upgraded_behind_the_administrators_back(pg_or_skip: str):
    with pytest.raises(SchemaMismatch) as err:
        Database.open(pg_or_skip)
    assert "db upgrade" in err.value.message
    migrate.upgrade(normalize_url(pg_or_skip))
    Database.open(pg_or_skip).dispose()


@pytest.fixture
def pg_or_skip(request: pytest.FixtureRequest) -> str:
    from tests.conftest import PG_URL

    if not PG_URL:
        pytest.skip("set DOSISDESK_TEST_DATABASE_URL to run on PostgreSQL")
    return str(request.getfixturevalue("pg_schema_url"))


def test_sqlite_pragmas_are_set(sqlite_db: Database):
    with sqlite_db.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_upgrade_is_idempotent_and_keeps_data(sqlite_url: str, tmp_path: Path):
    db = Database.create(sqlite_url, training=True)
    from tests.world import build_world

    build_world(db)
    db.dispose()
    migrate.upgrade(sqlite_url)
    db = Database.open(sqlite_url)
    with db.begin() as s:
        assert s.scalar(select(m.LineVersion.id).limit(1)) is not None
    db.dispose()


def test_site_settings_file_sets_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from dosisdesk.domain.errors import StorageError
    from dosisdesk.storage.db import resolve_url

    ini = tmp_path / "dosisdesk.ini"
    ini.write_text("[database]\nurl = postgresql://dd@db.kommune.local/dosisdesk\n")
    monkeypatch.setenv("DOSISDESK_CONFIG", str(ini))
    monkeypatch.delenv("DOSISDESK_DATABASE_URL", raising=False)
    assert resolve_url() == "postgresql+psycopg://dd@db.kommune.local/dosisdesk"
    assert resolve_url("sqlite:////x.sqlite") == "sqlite:////x.sqlite"  # --db wins
    monkeypatch.setenv("DOSISDESK_DATABASE_URL", "sqlite:////y.sqlite")
    assert resolve_url() == "sqlite:////y.sqlite"  # then the environment
    ini.write_text("[database\nurl = x")
    monkeypatch.delenv("DOSISDESK_DATABASE_URL")
    with pytest.raises(StorageError):
        resolve_url()


def test_migrations_create_exactly_the_models(any_url: str):
    """A model change without its migration fails here (Alembic autogenerate finds no diff)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    db = Database.create(any_url, training=True)
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), m.Base.metadata
        )
    db.dispose()
    assert diff == []


def test_downgrade_and_upgrade_again(any_url: str):
    from alembic import command

    from dosisdesk.storage.db import make_engine

    Database.create(any_url, training=True).dispose()
    url = normalize_url(any_url)
    engine = make_engine(url, migration=True)
    with engine.connect() as conn:
        cfg = migrate.config(url)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    engine.dispose()
    migrate.upgrade(url)
    Database.open(any_url).dispose()
