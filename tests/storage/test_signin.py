"""Sign-in as municipalities run it: a local Argon2id password, the OS account, the PostgreSQL
role; a training database takes a user name. Right, wrong, unknown and deactivated credentials;
`system` never; failures logged and slowed; the same answer whether or not a name exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from dosisdesk.cli import run
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.services import audit, signin
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.world import World, build_world

SIF_PW = "sifs-adgangskode"


def open_real(url: str) -> Database:
    """A real database (not a training one)."""
    return Database.create(url, training=False)


def real_world(tmp_path: Path) -> tuple[str, World]:
    """A real SQLite database with the small world: sygpl has a password, gammel is
    deactivated (with a password), koord has none."""
    url = f"sqlite:///{tmp_path / 'real.sqlite'}"
    db = open_real(url)
    w = build_world(db)
    with db.begin() as s:
        sif = s.scalar(select(m.User).where(m.User.username == "sygpl"))
        assert sif is not None
        sif.password_hash = signin.hash_password(SIF_PW)
        s.add(
            m.User(
                username="gammel",
                full_name="Gammel Bruger",
                role="nurse",
                team_id=w.team_nord,
                active=False,
                password_hash=signin.hash_password("gammel-adgangskode"),
            )
        )
    db.dispose()
    return url, w


@pytest.fixture
def real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("DOSISDESK_SIGNIN", "password")
    url, _w = real_world(tmp_path)
    db = Database.open(url)
    yield db  # type: ignore[misc]
    db.dispose()


def failed_entries(db: Database) -> list[str]:
    with db.begin() as s:
        return [
            r.after or ""
            for r in s.scalars(
                select(m.AuditEntry)
                .where(m.AuditEntry.action == "signin.failed")
                .order_by(m.AuditEntry.seq)
            )
        ]


def test_the_right_password_signs_in_and_is_logged(real: Database):
    ctx = signin.sign_in(real, "SygPl ", SIF_PW, clock=lambda: NOW)
    assert ctx.actor.username == "sygpl"
    with real.begin() as s:
        last = s.scalar(select(m.AuditEntry).order_by(m.AuditEntry.seq.desc()).limit(1))
        assert last is not None and last.action == "signin" and last.username == "sygpl"


@pytest.mark.parametrize(
    "name, password",
    [
        ("sygpl", "forkert-adgangskode"),
        ("nobody", "forkert-adgangskode"),
        ("gammel", "gammel-adgangskode"),
        ("koord", "forkert-adgangskode"),
        ("system", "forkert-adgangskode"),
    ],
)
def test_every_refusal_reads_the_same(real: Database, name: str, password: str):
    with pytest.raises(signin.SignInFailed) as e:
        signin.sign_in(real, name, password, sleep=lambda _s: None)
    assert e.value.message == signin.bad_credentials_da()
    assert len(failed_entries(real)) == 1
    assert audit.verify(signin.sign_in(real, "sygpl", SIF_PW)).ok


def test_failed_tries_are_slowed_down_per_name(real: Database):
    waits: list[float] = []
    for _ in range(5):
        with pytest.raises(signin.SignInFailed):
            signin.sign_in(real, "nobody", "forkert-adgangskode", sleep=waits.append)
    assert waits == [1.0, 2.0, 4.0, 8.0]  # the first try waits nothing
    assert signin.delay_for(50) == signin.MAX_DELAY_S
    # a success resets the count for that name
    signin.sign_in(real, "sygpl", SIF_PW, sleep=waits.append)
    with pytest.raises(signin.SignInFailed):
        signin.sign_in(real, "sygpl", "forkert-adgangskode", sleep=waits.append)
    assert waits[-1] == 8.0  # only "nobody" waited; sygpl's own count had been cleared
    assert len(failed_entries(real)) == 6


def test_the_first_administrator_sets_a_password(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DOSISDESK_SIGNIN", "password")
    db = open_real(f"sqlite:///{tmp_path / 'new.sqlite'}")
    assert signin.setup(db).needs_first_password
    with pytest.raises(signin.PasswordNeeded):
        signin.sign_in(db, "admin", "noget-som-helst")
    with pytest.raises(InvalidInput, match="short"):
        signin.set_first_password(db, "admin", "kort")
    ctx = signin.set_first_password(db, "admin", "administratorens-kode")
    assert ctx.actor.username == "admin"
    assert not signin.setup(db).needs_first_password
    with pytest.raises(Exception, match="passwords exist"):
        signin.set_first_password(db, "admin", "en-anden-lang-kode")
    with pytest.raises(signin.SignInFailed):  # admin needs credentials like anyone
        signin.sign_in(db, "admin", "forkert-adgangskode", sleep=lambda _s: None)
    assert signin.sign_in(db, "admin", "administratorens-kode").actor.username == "admin"
    db.dispose()


def test_passwords_are_argon2id_and_can_be_changed(real: Database):
    with real.begin() as s:
        stored = s.scalar(select(m.User.password_hash).where(m.User.username == "sygpl"))
    assert stored is not None and stored.startswith("$argon2id$") and SIF_PW not in stored
    ctx = signin.sign_in(real, "sygpl", SIF_PW)
    with pytest.raises(signin.SignInFailed):
        signin.change_own_password(ctx, "forkert", "en-ny-adgangskode")
    signin.change_own_password(ctx, SIF_PW, "en-ny-adgangskode")
    assert signin.sign_in(real, "sygpl", "en-ny-adgangskode").actor.username == "sygpl"


def test_the_os_account_is_the_user(real: Database, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DOSISDESK_SIGNIN", "os")
    monkeypatch.setattr(audit, "os_account", lambda: "sif")
    with pytest.raises(signin.SignInFailed, match="not an active"):
        signin.sign_in(real)
    with real.begin() as s:
        u = s.scalar(select(m.User).where(m.User.username == "sygpl"))
        assert u is not None
        u.login = "SIF"
    assert signin.sign_in(real).actor.username == "sygpl"
    assert signin.sign_in(real, "sygpl").actor.username == "sygpl"  # naming yourself is fine
    with pytest.raises(signin.SignInFailed) as e:
        signin.sign_in(real, "koord")
    assert "kun handle som dig selv" in e.value.message


def test_the_cli_on_a_real_database(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("DOSISDESK_SIGNIN", "password")
    url, w = real_world(tmp_path)
    base = ["--db", url, "--now", "2026-11-22T10:00"]
    # no terminal and no --password-stdin: refused plainly
    assert run([*base, "--user", "sygpl", "search", "Hansen"]) == 2
    assert "adgangskode" in capsys.readouterr().err
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(SIF_PW + "\n"))
    assert run([*base, "--user", "sygpl", "--password-stdin", "search", "Hansen"]) == 0
    assert "Hansen" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("forkert\n"))
    assert run([*base, "--user", "sygpl", "--password-stdin", "search", "Hansen"]) == 2
    assert signin.bad_credentials_da() in capsys.readouterr().err
    # 'system' can never be named, on any database
    assert run([*base, "--user", "system", "user", "list"]) == 2
    assert "programmets egen konto" in capsys.readouterr().err
    del w


def test_a_training_database_takes_a_name_but_never_system(db: Database, world: World):
    assert signin.setup(db).training
    assert signin.sign_in(db, "sygpl").actor.username == "sygpl"
    with pytest.raises(signin.SignInFailed) as e:
        signin.sign_in(db, "system")
    assert "programmets egen konto" in e.value.message
    with db.begin() as s:
        u = s.scalar(select(m.User).where(m.User.username == "sygpl"))
        assert u is not None
        u.active = False
    with pytest.raises(signin.SignInFailed):
        signin.sign_in(db, "sygpl")
