"""FMK medicine cards of the test world's citizens, as FMK would send them (built with
``tests.fmk_docs``), and the context the FMK tests act in."""

from __future__ import annotations

from datetime import datetime

from dosisdesk.domain.fmk import FmkCard
from dosisdesk.interop.fmk.document import parse_medicine_card
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.fmk_docs import Dose, Drug, Structure, card_xml
from tests.world import World


def at(db: Database, user: str = "sygpl", moment: datetime = NOW) -> Ctx:
    """``user`` acting at ``moment`` (the test world's now by default)."""
    return open_ctx(db, user, fixed_clock(moment))


def anna_as_on_fmk(w: World, *extra: Drug, version: str = "7001", **changed: Drug) -> FmkCard:
    """FMK's card equal to Anna's card in the world (Zarator 0+0+1+0 and Glucophage 1+0+1+0 in
    the roll, Panodil as needed, Zoloft private), plus ``extra``; ``changed`` replaces one."""
    drugs = {
        "zarator": Drug(
            identifier="11",
            version="1",
            dose_dispensed=True,
            fixed=[Structure(days={1: [Dose("1", "evening")]})],
        ),
        "glucophage": Drug(
            identifier="12",
            version="1",
            atc="A10BA02",
            name="Glucophage",
            strength="500 mg",
            dose_dispensed=True,
            fixed=[Structure(days={1: [Dose("1", "morning"), Dose("1", "evening")]})],
        ),
        "panodil": Drug(
            identifier="13",
            version="1",
            atc="N02BE01",
            name="Panodil",
            strength="500 mg",
            fixed=None,
            need=[Structure(days={1: [Dose(time=None)]})],
        ),
    }
    drugs.update(changed)
    return parse_medicine_card(
        card_xml(w.anna, [*drugs.values(), *extra], version=version, privates=("14",))
    )


def anna_differs_xml(cpr: str) -> bytes:
    """A card for ``cpr`` (Anna) that differs from hers in two ways: Zarator raised to 2 in the
    evening, and Ramipril new in the roll."""
    return card_xml(
        cpr,
        [
            Drug(
                identifier="11",
                dose_dispensed=True,
                fixed=[Structure(days={1: [Dose("2", "evening")]})],
            ),
            Drug(
                identifier="21",
                atc="C09AA05",
                name="Ramipril Actavis",
                strength="5 mg",
                dose_dispensed=True,
            ),
        ],
    )
