"""Access enforced by PostgreSQL itself: after `dosisdesk roles`, each person connects as her own
role (SCRAM roles in the test cluster) and tries, with plain SQL, to read and write across teams,
to change the audit log, and to change who she is. Coordinators see all."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError

from dosisdesk.services import audit, cards, signin
from dosisdesk.storage import models as m
from dosisdesk.storage import roles
from dosisdesk.storage.db import Database, normalize_url
from tests.conftest import PG_URL
from tests.world import World, build_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="set DOSISDESK_TEST_DATABASE_URL to run on PostgreSQL"),
]

PASSWORD = "scram-test-pw"


@dataclass
class Cluster:
    db: Database  # the owner's
    world: World
    url: str  # the owner's URL (with the schema)
    logins: dict[str, str]  # dosisdesk user -> role name
    prefix: str

    def url_as(self, user: str) -> str:
        return (
            make_url(normalize_url(self.url))
            .set(username=self.logins[user], password=PASSWORD)
            .render_as_string(hide_password=False)
        )

    def engine_as(self, user: str) -> Engine:
        return create_engine(self.url_as(user))


@pytest.fixture
def cluster(pg_schema_url: str) -> Iterator[Cluster]:
    tag = "r" + uuid.uuid4().hex[:8]
    db = Database.create(pg_schema_url, training=False)
    w = build_world(db)
    logins = {
        "sygpl": f"{tag}_sif",
        "koord": f"{tag}_karl",
        "gammel": f"{tag}_old",
        "fremmed": f"{tag}_stranger",
    }
    with db.begin() as s:
        s.add(
            m.User(
                username="gammel",
                full_name="Gammel",
                role="nurse",
                team_id=w.team_nord,
                active=False,
                login=logins["gammel"],
            )
        )
        for user in ("sygpl", "koord"):
            u = s.scalar(select(m.User).where(m.User.username == user))
            assert u is not None
            u.login = logins[user]
    with db.engine.begin() as c:
        c.execute(text("SET LOCAL password_encryption = 'scram-sha-256'"))
        for role in logins.values():
            c.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}'"))
        rep = roles.setup_roles(c, prefix=tag)
    assert (logins["sygpl"], f"{tag}_nurse") in rep.granted
    assert (logins["koord"], f"{tag}_coordinator") in rep.granted
    cl = Cluster(db, w, pg_schema_url, logins, tag)
    yield cl
    db.dispose()
    admin = create_engine(normalize_url(PG_URL or ""))
    with admin.begin() as c:
        for role in [*logins.values(), *(f"{tag}_{r}" for r in roles.ROLES)]:
            c.execute(text(f"DROP OWNED BY {role}"))
            c.execute(text(f"DROP ROLE {role}"))
    admin.dispose()


def rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.begin() as c:
        return [tuple(r) for r in c.execute(text(sql))]


def refused(engine: Engine, sql: str) -> str:
    with pytest.raises(DBAPIError) as e, engine.begin() as c:
        c.execute(text(sql))
    return str(e.value.orig)


def test_the_roles_are_scram_and_a_nurse_reads_only_her_team(cluster: Cluster):
    owner = cluster.db.engine
    methods = rows(
        owner,
        f"SELECT left(rolpassword, 13) FROM pg_authid WHERE rolname = '{cluster.logins['sygpl']}'",
    )
    assert methods == [("SCRAM-SHA-256",)]
    nurse = cluster.engine_as("sygpl")
    w = cluster.world
    assert rows(nurse, "SELECT session_user = current_user") == [(True,)]
    assert rows(nurse, "SELECT cpr FROM citizens") == [(w.anna,)]
    oj = rows(owner, f"SELECT id FROM citizens WHERE cpr = '{w.ojvind}'")[0][0]
    for table in ("cards", "lines", "line_versions"):
        assert rows(nurse, f"SELECT count(*) FROM {table} WHERE citizen_id = {oj}") == [(0,)]
        assert rows(nurse, f"SELECT count(*) FROM {table}")[0][0] > 0  # her own team's
    assert rows(
        nurse,
        f"SELECT count(*) FROM pauses p JOIN cards c ON c.id = p.card_id WHERE c.citizen_id = {oj}",
    ) == [(0,)]
    nurse.dispose()


def test_a_nurse_cannot_write_across_teams(cluster: Cluster):
    nurse = cluster.engine_as("sygpl")
    w = cluster.world
    owner = cluster.db.engine
    oj = rows(owner, f"SELECT id FROM citizens WHERE cpr = '{w.ojvind}'")[0][0]
    card_oj = rows(owner, f"SELECT id FROM cards WHERE citizen_id = {oj}")[0][0]
    with nurse.begin() as c:
        assert c.execute(text(f"UPDATE citizens SET phone = 'x' WHERE id = {oj}")).rowcount == 0
        assert c.execute(text(f"DELETE FROM lines WHERE citizen_id = {oj}")).rowcount == 0
        assert (
            c.execute(text(f"UPDATE citizens SET phone = '1' WHERE id = {w.anna_id}")).rowcount == 1
        )
    msg = refused(nurse, f"UPDATE citizens SET team_id = {w.team_syd} WHERE id = {w.anna_id}")
    assert "row-level security" in msg
    msg = refused(
        nurse, f"INSERT INTO lines (card_id, citizen_id, version_id) VALUES ({card_oj}, {oj}, 1)"
    )
    assert "row-level security" in msg
    msg = refused(
        nurse, f"INSERT INTO pauses (card_id, paused_at, reason) VALUES ({card_oj}, now(), 'x')"
    )
    assert "row-level security" in msg
    assert rows(owner, f"SELECT phone FROM citizens WHERE id = {oj}") != [("x",)]
    nurse.dispose()


def test_the_audit_log_is_insert_only_and_stamped_by_the_database(cluster: Cluster):
    nurse = cluster.engine_as("sygpl")
    with nurse.begin() as c:  # an honest append through the program's own path
        from sqlalchemy.orm import Session

        s = Session(bind=c)
        audit.record(s, signin._nobody(), None, "card.read", "card", 1, None)
        s.flush()
    for sql in (
        "UPDATE audit_log SET username = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "DELETE FROM audit_citizens",
    ):
        assert "permission denied" in refused(nurse, sql)
    assert "must be owner" in refused(nurse, "ALTER TABLE audit_log DISABLE TRIGGER ALL")
    assert "must be owner" in refused(nurse, "DROP TRIGGER audit_log_stamp ON audit_log")
    # a row typed by hand gets the database's moment and the real role, not what was typed
    with nurse.begin() as c:
        c.execute(
            text(
                "INSERT INTO audit_log (seq, at, user_id, username, db_user, action, entity, "
                "prev_hash, hash) VALUES (999, '2001-01-01', 2, 'koord', 'koord', 'x', 'y', 'p', "
                "'h')"
            )
        )
    stamped = rows(
        cluster.db.engine,
        "SELECT db_user, at > now() - interval '1 hour' FROM audit_log WHERE seq = 999",
    )
    assert stamped == [(cluster.logins["sygpl"], True)]
    # she sees only her own entries
    assert {r[0] for r in rows(nurse, "SELECT db_user FROM audit_log")} == {cluster.logins["sygpl"]}
    nurse.dispose()


def test_a_nurse_cannot_change_who_she_is(cluster: Cluster):
    nurse = cluster.engine_as("sygpl")
    w = cluster.world
    for sql in (
        f"UPDATE users SET team_id = {w.team_syd} WHERE username = 'sygpl'",
        "UPDATE users SET role = 'coordinator' WHERE username = 'sygpl'",
        "INSERT INTO teams (name) VALUES ('Team X')",
        "UPDATE meta SET value = 'x'",
    ):
        assert "permission denied" in refused(nurse, sql)
    nurse.dispose()


def test_coordinators_see_all_and_unmapped_or_deactivated_roles_see_nothing(cluster: Cluster):
    koord = cluster.engine_as("koord")
    assert rows(koord, "SELECT count(*) FROM citizens") == [(2,)]
    koord.dispose()
    with cluster.db.engine.begin() as c:  # a deactivated user keeps her role but sees nothing
        c.execute(text(f"GRANT {cluster.prefix}_nurse TO {cluster.logins['gammel']}"))
        c.execute(text(f"GRANT {cluster.prefix}_nurse TO {cluster.logins['fremmed']}"))
    for who in ("gammel", "fremmed"):
        e = cluster.engine_as(who)
        assert rows(e, "SELECT count(*) FROM citizens") == [(0,)]
        assert rows(e, "SELECT count(*) FROM lines") == [(0,)]
        e.dispose()
    # re-running the set-up takes the group from the deactivated user
    with cluster.db.engine.begin() as c:
        rep = roles.setup_roles(c, prefix=cluster.prefix)
    assert (cluster.logins["gammel"], f"{cluster.prefix}_nurse") in rep.revoked


def test_the_program_signs_in_as_the_connection_role(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
):
    from dosisdesk.domain.errors import DosisError

    monkeypatch.setenv("DOSISDESK_SIGNIN", "database")
    db = Database.open(cluster.url_as("sygpl"))
    ctx = signin.sign_in(db)
    assert ctx.actor.username == "sygpl"
    assert cards.card_view(ctx, cluster.world.anna).citizen.cpr == cluster.world.anna
    with pytest.raises(DosisError):
        cards.card_view(ctx, cluster.world.ojvind)  # hidden by the database itself
    with pytest.raises(signin.SignInFailed):
        signin.sign_in(db, "koord")  # --user may only name herself
    db.dispose()
    from dosisdesk.services.context import open_ctx

    rep = audit.verify(open_ctx(cluster.db, "koord"))
    assert rep.ok, rep.problems


def test_a_nurse_cannot_break_the_glass_in_psql_without_an_audit_entry(cluster: Cluster):
    """A grant typed by hand is refused unless the same transaction logs it; she cannot stretch
    it afterwards; the program's own path and the coordinator's review still work."""
    from dosisdesk.services import glass
    from dosisdesk.services.context import open_ctx

    owner = cluster.db.engine
    w = cluster.world
    me = rows(owner, "SELECT id FROM users WHERE username = 'sygpl'")[0][0]
    oj = rows(owner, f"SELECT id FROM citizens WHERE cpr = '{w.ojvind}'")[0][0]
    nurse = cluster.engine_as("sygpl")
    grant = (
        "INSERT INTO access_grants (user_id, citizen_id, reason, granted_at, until) "
        f"VALUES ({me}, {oj}, 'bare lige', now(), now() + interval '1 year')"
    )
    assert "without its audit entry" in refused(nurse, grant)
    assert rows(nurse, f"SELECT count(*) FROM citizens WHERE id = {oj}") == [(0,)]
    assert rows(owner, "SELECT count(*) FROM access_grants") == [(0,)]

    # with an entry typed by hand in the same transaction it commits (for a shift at most), and
    # the log shows it
    entry = (
        "INSERT INTO audit_log (seq, at, user_id, username, db_user, action, entity, "
        f"entity_id, citizen_id, prev_hash, hash) VALUES (990, now(), {me}, 'sygpl', '', "
        f"'access.break_glass', 'citizen', {oj}, {oj}, 'p', 'h')"
    )
    with pytest.raises(DBAPIError) as year, nurse.begin() as c:
        c.execute(text(grant))
        c.execute(text(entry))
    assert "at most a shift" in str(year.value.orig)
    with nurse.begin() as c:
        c.execute(text(grant.replace("interval '1 year'", "interval '12 hours'")))
        c.execute(text(entry))
    assert rows(
        owner, "SELECT db_user FROM audit_log WHERE action = 'access.break_glass' AND seq = 990"
    ) == [(cluster.logins["sygpl"],)]
    # her grant cannot be stretched, moved or removed
    for sql in (
        "UPDATE access_grants SET until = now() + interval '10 years'",
        f"UPDATE access_grants SET citizen_id = {w.anna_id}",
        "DELETE FROM access_grants",
    ):
        assert "permission denied" in refused(nurse, sql)
    nurse.dispose()

    # the program's path as her own role: the grant and its entry in one unit of work
    db = Database.open(cluster.url_as("sygpl"))
    ctx = open_ctx(db, "sygpl")
    g = glass.break_glass(ctx, w.ojvind, "Dækker for Team Syd i aftenvagten")
    assert cards.card_view(ctx, w.ojvind).citizen.cpr == w.ojvind
    db.dispose()
    # and the coordinator reviews it as hers
    kdb = Database.open(cluster.url_as("koord"))
    glass.mark_reviewed(open_ctx(kdb, "koord"), g.id)
    kdb.dispose()
    assert rows(owner, f"SELECT reviewed_at IS NOT NULL FROM access_grants WHERE id = {g.id}") == [
        (True,)
    ]


def test_a_nurses_write_keeps_the_flag_candidates_which_no_role_writes_itself(cluster: Cluster):
    """The triggers keep ``flag_candidates`` as the table's owner, whatever the writer may do;
    no role may write the table by hand (a double prescription cannot be hidden from the list)."""
    nurse = cluster.engine_as("sygpl")
    w = cluster.world
    owner = cluster.db.engine
    assert rows(owner, f"SELECT * FROM flag_candidates WHERE citizen_id = {w.anna_id}") == []
    with nurse.begin() as c:  # the PN line becomes the roll's atorvastatin: a double
        c.execute(text(f"UPDATE line_versions SET atc = 'C10AA05' WHERE line_id = {w.line_pn}"))
    assert rows(owner, "SELECT citizen_id, atc_group FROM flag_candidates") == [
        (w.anna_id, "C10AA")
    ]
    assert rows(nurse, "SELECT citizen_id FROM flag_candidates") == [(w.anna_id,)]
    for sql in (
        "DELETE FROM flag_candidates",
        f"INSERT INTO flag_candidates (citizen_id, atc_group) VALUES ({w.anna_id}, 'N02BE')",
    ):
        assert "permission denied" in refused(nurse, sql)
    nurse.dispose()
