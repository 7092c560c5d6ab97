"""Extra citizens for the GUI tests: names that test Danish order, and many citizens for lazy
loading (built with the ORM on top of tests.world)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dosisdesk.domain.cpr import demo_cpr
from dosisdesk.domain.text import name_sort_key
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.world import World

#: (first name, last name, birth date): Danish order by last name is Andersen, Hansen (Anna,
#: from tests.world), Zander, Ærø, Ørum, Aagaard (Aa sorts as Å, last).
DANISH_NAMES = (
    ("Ib", "Aagaard", date(1941, 2, 3)),
    ("Ole", "Ørum", date(1942, 4, 5)),
    ("Zenia", "Zander", date(1943, 6, 7)),
    ("Else", "Ærø", date(1944, 8, 9)),
    ("Bent", "Andersen", date(1945, 10, 11)),
)


@dataclass(frozen=True)
class GuiWorld:
    world: World
    names: dict[str, str]  # last name -> CPR


def add_citizen(
    db: Database,
    first: str,
    last: str,
    born: date,
    serial: int,
    team_id: int | None,
    group_id: int | None = None,
) -> str:
    cpr = demo_cpr(born, serial)
    with db.begin() as s:
        c = m.Citizen(
            cpr=cpr,
            first_name=first,
            last_name=last,
            sort_key=name_sort_key(first, last),
            address=f"Testvej {serial}",
            team_id=team_id,
            birth_date=born,
        )
        s.add(c)
        s.flush()
        if group_id is not None:
            s.add(m.Card(citizen_id=c.id, packing_group_id=group_id))
    return cpr


def build_gui_world(db: Database, world: World) -> GuiWorld:
    names = {}
    for i, (first, last, born) in enumerate(DANISH_NAMES):
        names[last] = add_citizen(db, first, last, born, 10 + i, world.team_nord, world.group)
    return GuiWorld(world, names)


def add_many(db: Database, count: int, team_id: int | None) -> None:
    """``count`` plain citizens (no cards), named so they sort after the world's citizens."""
    with db.begin() as s:
        for i in range(count):
            born = date(1930 + i % 60, 1 + i % 12, 1 + i % 28)
            first, last = f"Test{i:04d}", f"Mangeborger{i:04d}"
            s.add(
                m.Citizen(
                    cpr=demo_cpr(born, 100 + i),
                    first_name=first,
                    last_name=last,
                    sort_key=name_sort_key(first, last),
                    address="Testvej",
                    team_id=team_id,
                    birth_date=born,
                )
            )
