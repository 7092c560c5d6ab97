"""The medicine list prints only what the citizen should take (R3, R4): a paused line has no dose
under a time slot, a line stopped today is not a "coming change", the bags tablets are taken out
of are named, and a temporary ordinary line says until when."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dosisdesk.domain.types import BagRef, ChangeKind, HandlingKind, Supply
from dosisdesk.reports import pdf
from dosisdesk.reports.medlist import medlist_job
from dosisdesk.services import changes, medlist
from dosisdesk.services.changes import ChangeRequest, HandlingRequest
from dosisdesk.storage.db import Database
from tests.gui.test_reports import has, text_of
from tests.handover_world import NOW, at
from tests.helpers.changes import acute_stop
from tests.world import build_world

TODAY = NOW.date()


def test_the_medicine_list_prints_what_the_citizen_takes(qapp: object, tmp_path: Path) -> None:
    db = Database.create(f"sqlite:///{tmp_path / 'm.sqlite'}", training=True)
    w = build_world(db)
    ctx = at(db, user="sygpl")
    ask = (HandlingRequest(HandlingKind.ASK_PHARMACY),)
    changes.register(
        ctx,
        acute_stop(w, BagRef(TODAY, "evening"), BagRef(date(2026, 11, 23), "evening")),
    )
    changes.register(
        ctx,
        ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.PAUSE_LINE,
            line_id=w.line_metformin,
            acute=True,
            reason="Lavt blodsukker",
            doctor="Dr. Berg",
            handlings=ask,
        ),
    )
    changes.register(
        ctx,
        ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.NEW,
            product="Zocor",
            dosage="0+0+1+0",
            supply=Supply.DOSE_ROLL,
            acute=True,
            reason="Højt kolesterol",
            doctor="Dr. Berg",
            handlings=ask,
        ),
    )
    ml = medlist.medicine_list(at(db), w.anna)
    out = tmp_path / "medicinliste.pdf"
    pdf.write_pdf(medlist_job(ml), out)
    page = " ".join(text_of(out))
    # Paused: named apart, with no dose under a slot.
    assert has(page, "Sat i bero – gives ikke: Glucophage 500 mg")
    (card,) = ml.cards
    glucophage = next(ln for ln in card.today if ln.trade_name == "Glucophage")
    assert glucophage.paused and glucophage.slots == ("", "", "", "")
    # Stopped today: not a coming change; the roll catching up is said as such.
    assert all(c.product != "Zarator 20 mg" for c in card.coming)
    assert has(
        page,
        "Zarator 20 mg: Apoteket stopper pakningen fra rullen tors. 3. dec. "
        "(opfølgning af akut seponering søn. 22. nov.)",
    )
    # The bags the tablets come out of are named.
    assert has(page, "Zarator 20 mg: tages ud af poserne søn. 22. nov. aften, man. 23. nov. aften")
    # The new drug is given from an ordinary pack until the roll carries it: until when.
    zocor = next(ln for ln in card.today if ln.trade_name == "Zocor")
    assert zocor.supply is Supply.ORDINARY and zocor.last_day == date(2026, 12, 2)
    assert has(page, "til og med 2. dec.")
    db.dispose()
