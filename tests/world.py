"""A small, known world for service and GUI tests (built with the ORM, not the services)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dosisdesk.domain.cpr import demo_cpr
from dosisdesk.domain.text import name_sort_key
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database

# Thursday 1 January 2026 starts a period; periods are 14 days: ... 19 Nov-2 Dec, 3-16 Dec
# (deadline Tue 1 Dec 12:00), 17-30 Dec (deadline Tue 15 Dec 12:00), ...
ANCHOR = date(2026, 1, 1)


@dataclass(frozen=True)
class World:
    team_nord: int
    team_syd: int
    group: int
    anna: str  # CPR of Anna Hansen (Team Nord): roll lines, a PN line, a private line
    ojvind: str  # CPR of Øjvind Ærø (Team Syd)
    anna_id: int
    card: int
    line_atorva: int
    line_metformin: int
    line_pn: int
    line_private: int
    p_zarator: int
    p_atorva_krka: int
    p_simva: int
    p_panodil: int
    p_metformin: int
    p_xalatan: int


def build_world(db: Database) -> World:
    with db.begin() as s:
        nord, syd = m.Team(name="Team Nord"), m.Team(name="Team Syd")
        s.add_all([nord, syd])
        s.flush()
        s.add_all(
            [
                m.User(
                    username="sygpl", full_name="Sif Sygeplejerske", role="nurse", team_id=nord.id
                ),
                m.User(username="koord", full_name="Karl Koordinator", role="coordinator"),
            ]
        )
        ph = m.Pharmacy(name="Apotek Test", phone="70101010")
        s.add(ph)
        s.flush()
        g = m.PackingGroup(pharmacy_id=ph.id, name="Torsdag", start_weekday=3, anchor=ANCHOR)
        s.add(g)
        products = [
            m.Product(
                atc="C10AA05",
                substance="atorvastatin",
                trade_name="Zarator",
                strength="20 mg",
                form="filmovertrukne tabletter",
                dose_dispensable=True,
            ),
            m.Product(
                atc="C10AA05",
                substance="atorvastatin",
                trade_name='Atorvastatin "Krka"',
                strength="20 mg",
                form="filmovertrukne tabletter",
                dose_dispensable=True,
            ),
            m.Product(
                atc="C10AA01",
                substance="simvastatin",
                trade_name="Zocor",
                strength="40 mg",
                form="filmovertrukne tabletter",
                dose_dispensable=True,
            ),
            m.Product(
                atc="N02BE01",
                substance="paracetamol",
                trade_name="Panodil",
                strength="500 mg",
                form="tabletter",
                dose_dispensable=True,
            ),
            m.Product(
                atc="A10BA02",
                substance="metformin",
                trade_name="Glucophage",
                strength="500 mg",
                form="filmovertrukne tabletter",
                dose_dispensable=True,
            ),
            m.Product(
                atc="S01EE01",
                substance="latanoprost",
                trade_name="Xalatan",
                strength="50 mikrogram/ml",
                form="øjendråber",
                dose_dispensable=False,
            ),
            m.Product(
                atc="N06AB06",
                substance="sertralin",
                trade_name="Zoloft",
                strength="50 mg",
                form="filmovertrukne tabletter",
                dose_dispensable=True,
            ),
        ]
        s.add_all(products)
        s.flush()
        zar, krka, simva, pan, met, xal, zol = products
        anna_cpr = demo_cpr(date(1940, 5, 3), 1)
        oj_cpr = demo_cpr(date(1938, 11, 30), 2)
        anna = m.Citizen(
            cpr=anna_cpr,
            first_name="Anna",
            last_name="Hansen",
            sort_key=name_sort_key("Anna", "Hansen"),
            address="Demovej 1",
            team_id=nord.id,
            birth_date=date(1940, 5, 3),
            gp_name="Læge Lund",
            gp_phone="70202020",
        )
        oj = m.Citizen(
            cpr=oj_cpr,
            first_name="Øjvind",
            last_name="Ærø",
            sort_key=name_sort_key("Øjvind", "Ærø"),
            address="Demovej 2",
            team_id=syd.id,
            birth_date=date(1938, 11, 30),
        )
        s.add_all([anna, oj])
        s.flush()
        card = m.Card(citizen_id=anna.id, packing_group_id=g.id)
        card2 = m.Card(citizen_id=oj.id, packing_group_id=g.id)
        s.add_all([card, card2])
        s.flush()

        def line(
            cit: m.Citizen,
            c: m.Card,
            p: m.Product,
            dosage: str,
            supply: str,
            private: bool = False,
            until: date | None = date(2027, 6, 1),
        ) -> int:
            ln = m.Line(card_id=c.id, citizen_id=cit.id)
            s.add(ln)
            s.flush()
            s.add(
                m.LineVersion(
                    line_id=ln.id,
                    citizen_id=cit.id,
                    valid_from=date(2026, 3, 5),
                    product_id=p.id,
                    atc=p.atc,
                    dosage=dosage,
                    supply=supply,
                    private=private,
                    prescription_valid_until=until,
                )
            )
            return ln.id

        l_ator = line(anna, card, zar, "0+0+1+0", "dose_roll")
        l_met = line(anna, card, met, "1+0+1+0", "dose_roll", until=date(2026, 12, 10))
        l_pn = line(anna, card, pan, "", "as_needed", until=None)
        l_priv = line(anna, card, zol, "1+0+0+0", "dose_roll", private=True)
        line(oj, card2, simva, "0+0+1+0", "dose_roll")
        return World(
            nord.id,
            syd.id,
            g.id,
            anna_cpr,
            oj_cpr,
            anna.id,
            card.id,
            l_ator,
            l_met,
            l_pn,
            l_priv,
            zar.id,
            krka.id,
            simva.id,
            pan.id,
            met.id,
            xal.id,
        )
