"""storage.bulk: rows written straight to the driver read back through the models exactly as
rows the ORM wrote (dates, moments in UTC, defaults), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from dosisdesk.domain.types import CPH
from dosisdesk.storage import bulk
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database

SUMMER = datetime(2026, 7, 1, 8, 30, 15, 250000, tzinfo=CPH)  # UTC+2
WINTER = datetime(2026, 12, 24, 23, 45, tzinfo=CPH)  # UTC+1


def test_bulk_rows_read_back_as_the_orm_writes_them(db: Database) -> None:
    with db.begin() as s:
        orm = m.Citizen(
            cpr="0101401234",
            first_name="Orm",
            last_name="Række",
            sort_key="r",
            birth_date=date(1940, 1, 1),
        )
        s.add(orm)
        s.flush()
        ids = bulk.next_ids(s, ["citizens", "hospital_contacts"])
        a, b = next(ids["citizens"]), next(ids["citizens"])
        bulk.insert(
            s.connection(),
            "citizens",
            [
                # the second leaves out an address and the route: their defaults apply
                dict(
                    id=a,
                    cpr="0202401234",
                    first_name="Å",
                    last_name="Ø",
                    sort_key="o",
                    birth_date=date(1940, 2, 2),
                    address="Vej 1",
                    route_order=3,
                ),
                dict(
                    id=b,
                    cpr="0303401234",
                    first_name="Bo",
                    last_name="Æ",
                    sort_key="a",
                    birth_date=date(1940, 3, 3),
                ),
            ],
        )
        c = next(ids["hospital_contacts"])
        bulk.insert(
            s.connection(),
            "hospital_contacts",
            [
                dict(
                    id=c,
                    citizen_id=a,
                    kind="admission",
                    hospital="H",
                    department="D",
                    phone="1",
                    started_at=SUMMER,
                    ended_at=WINTER,
                    extended_until=None,
                ),
            ],
        )
        bulk.sync_sequences(s, ["citizens", "hospital_contacts"])
        s.add(
            m.Citizen(
                cpr="0404401234",
                first_name="Ny",
                last_name="Ny",
                sort_key="n",
                birth_date=date(1940, 4, 4),
            )
        )
        s.flush()  # the ORM's next id comes after the bulk ones (PostgreSQL's sequence moved)
    with db.begin() as s:
        rows = {r.cpr: r for r in s.scalars(select(m.Citizen))}
        contact = s.scalars(select(m.HospitalContact)).one()
        plain = s.execute(select(m.HospitalContact.started_at, m.HospitalContact.ended_at)).one()
    first, second = rows["0202401234"], rows["0303401234"]
    assert (first.birth_date, first.address, first.route_order) == (date(1940, 2, 2), "Vej 1", 3)
    assert (second.address, second.route_order, second.version_id, second.gp_sor) == ("", 0, 1, "")
    assert rows["0404401234"].id > b
    assert contact.started_at == SUMMER and contact.ended_at == WINTER
    assert contact.started_at.astimezone(UTC).hour == 6  # stored as the moment, not the clock
    assert contact.extended_until is None and contact.somatic is True and contact.note == ""
    assert plain == (SUMMER, WINTER)


def test_rows_naming_different_columns_each_get_the_defaults_of_theirs(db: Database) -> None:
    """Rows as long as each other but naming different columns: each keeps what it names and
    gets the defaults of what it leaves out (none is dropped for looking like the first)."""
    with db.begin() as s:
        ids = bulk.next_ids(s, ["citizens"])
        a, b = next(ids["citizens"]), next(ids["citizens"])
        common = dict(first_name="A", last_name="B", sort_key="b", birth_date=date(1940, 1, 1))
        bulk.insert(
            s.connection(),
            "citizens",
            [
                dict(common, id=a, cpr="0101401111", address="Vej 2"),
                dict(common, id=b, cpr="0101402222", route_order=7),
            ],
        )
    with db.begin() as s:
        got = {r.id: (r.address, r.route_order) for r in s.scalars(select(m.Citizen))}
    assert got == {a: ("Vej 2", 0), b: ("", 7)}


def _indexes(db: Database, tables: list[str]) -> dict[str, list[tuple[str, bool]]]:
    insp = inspect(db.engine)
    return {
        t: sorted((i["name"] or "", bool(i["unique"])) for i in insp.get_indexes(t)) for t in tables
    }


def test_indexes_built_after_the_rows_are_the_same_indexes(db: Database) -> None:
    """Rows written with the indexes built after them: the same indexes afterwards, in use (a
    search by them finds the rows) and enforced (a unique one refuses a duplicate); a rollback
    inside brings them back with everything else."""
    tables = ["citizens", "cards", "lines"]
    before = _indexes(db, tables)
    assert before["citizens"], "the test needs a table with indexes"
    common = dict(first_name="A", last_name="B", birth_date=date(1940, 1, 1))
    with (
        pytest.raises(RuntimeError),
        db.begin() as s,
        bulk.indexes_after(s.connection(), tables),
    ):
        ids = bulk.next_ids(s, ["citizens"])
        bulk.insert(
            s.connection(),
            "citizens",
            [dict(common, id=next(ids["citizens"]), cpr="0101400000", sort_key="x")],
        )
        raise RuntimeError("the unit of work fails")
    assert _indexes(db, tables) == before
    with db.begin() as s:
        assert s.scalar(select(m.Citizen.id)) is None
        with bulk.indexes_after(s.connection(), tables):
            ids = bulk.next_ids(s, ["citizens"])
            bulk.insert(
                s.connection(),
                "citizens",
                [
                    dict(common, id=next(ids["citizens"]), cpr=f"01014{k:05d}", sort_key=f"{k:05d}")
                    for k in range(50)
                ],
            )
    assert _indexes(db, tables) == before
    with db.begin() as s:
        assert s.scalar(select(m.Citizen.cpr).where(m.Citizen.sort_key == "00042")) == "0101400042"
    with pytest.raises(IntegrityError), db.begin() as s:
        s.add(m.Citizen(cpr="0101400042", sort_key="y", **common))
        s.flush()


def test_reserved_ids_are_nobody_elses(db: Database) -> None:
    """Ids reserved for bulk rows are never handed to another writer meanwhile (PostgreSQL: a
    second session adds a row between the reservation and the write), nor to rows added after."""
    postgres = db.engine.dialect.name == "postgresql"
    with db.begin() as s:
        ids = bulk.reserve_ids(s, ["teams"])
        mine = [next(ids["teams"]) for _ in range(3)]
        if postgres:
            with db.begin() as other:
                other.add(m.Team(name="Ved siden af"))
        bulk.insert(s.connection(), "teams", [dict(id=i, name=f"Hold {i}") for i in mine])
    with db.begin() as s:
        s.add(m.Team(name="Bagefter"))
        s.flush()
    with db.begin() as s:
        teams = {t.name: t.id for t in s.scalars(select(m.Team))}
    assert [teams[f"Hold {i}"] for i in mine] == mine
    assert teams["Bagefter"] not in mine
    if postgres:
        assert teams["Ved siden af"] not in mine
