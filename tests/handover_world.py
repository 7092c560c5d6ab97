"""A known scene for the handover and medicine-list tests, on top of tests/world.py.

At NOW (Sunday 22 November 2026 10:00) Team Nord has:

- Anna Hansen (route 0): an acute dose change of Glucophage today (bags 22-11 evening and 23-11
  morning discarded, given beside the roll until the roll of 3 December), its follow-up confirmed;
  a planned change of Zarator left unconfirmed (it misses the deadline of 1 December); her
  Glucophage prescription runs out 10 December (renewal due); a PRIVATE Zoloft roll line with a
  planned change, a short prescription, a packed-name change and a double prescription with an
  ordinary sertraline line: none of it may ever be printed;
- Erik Ærbo and Else Aabye (route 0): paused cards (Danish order: Hansen, Ærbo, Aabye);
- Bo Bøgh (route 1): admitted now, card paused;
- Åse Ørum (route 2): discharged yesterday after three days (72-hour window open, checklist half
  done), a Morfin roll line whose packed name changes in the roll of 3 December and a planned,
  confirmed change of it, a HIGH and a REVIEW double prescription, a rejected renewal;
- Carl Clausen: nothing to act on.
Team Syd: Øjvind Ærø with an acute change (must not be on Team Nord's paper).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from dosisdesk.domain.cpr import demo_cpr
from dosisdesk.domain.text import name_sort_key
from dosisdesk.domain.types import (
    CPH,
    BagRef,
    ChangeKind,
    ContactKind,
    HandlingKind,
    RejectionReason,
    RenewalState,
    Supply,
)
from dosisdesk.services import changes, contacts, queue_clock, renewals
from dosisdesk.services.changes import ChangeRequest, HandlingRequest
from dosisdesk.services.contacts import ContactRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.world import World

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=CPH)
#: The day before the roll of 3 December starts (after its deadline, 1 December 12:00).
ROLL_EVE = datetime(2026, 12, 2, 10, 0, tzinfo=CPH)


@dataclass(frozen=True)
class Scene:
    world: World
    bo: str
    aase: str
    erik: str
    else_: str
    carl: str
    acute_id: int
    follow_up_id: int
    missed_id: int
    morfin_change_id: int
    private_change_id: int
    line_morfin: int
    line_sertralin: int


def at(db: Database, moment: datetime = NOW, user: str = "koord") -> Ctx:
    return open_ctx(db, user, fixed_clock(moment))


def build_scene(db: Database, w: World) -> Scene:
    with db.begin() as s:
        morfin = m.Product(
            atc="N02AA01",
            substance="morfin",
            trade_name='Morfin "SAD"',
            strength="10 mg",
            form="tabletter",
            dose_dispensable=True,
        )
        sertralin = m.Product(
            atc="N06AB06",
            substance="sertralin",
            trade_name='Sertralin "Teva"',
            strength="50 mg",
            form="filmovertrukne tabletter",
            dose_dispensable=True,
        )
        s.add_all([morfin, sertralin])
        s.flush()
        nord = w.team_nord

        def citizen(first: str, last: str, born: date, serial: int, route: int) -> m.Citizen:
            c = m.Citizen(
                cpr=demo_cpr(born, serial),
                first_name=first,
                last_name=last,
                sort_key=name_sort_key(first, last),
                address="Demovej 9",
                team_id=nord,
                route_order=route,
                birth_date=born,
            )
            s.add(c)
            s.flush()
            return c

        def card(c: m.Citizen, paused: bool = False) -> m.Card:
            k = m.Card(citizen_id=c.id, packing_group_id=w.group, paused=paused)
            s.add(k)
            s.flush()
            if paused:
                s.add(m.Pause(card_id=k.id, paused_at=NOW - timedelta(days=2), reason="diagnose X"))
            return k

        def line(
            c: m.Citizen,
            k: m.Card,
            product_id: int,
            atc: str,
            dosage: str,
            supply: str,
            *,
            private: bool = False,
            until: date | None = date(2027, 6, 1),
        ) -> int:
            ln = m.Line(card_id=k.id, citizen_id=c.id)
            s.add(ln)
            s.flush()
            s.add(
                m.LineVersion(
                    line_id=ln.id,
                    citizen_id=c.id,
                    valid_from=date(2026, 3, 5),
                    product_id=product_id,
                    atc=atc,
                    dosage=dosage,
                    supply=supply,
                    private=private,
                    prescription_valid_until=until,
                    indication="mod hemmelig diagnose",
                )
            )
            s.flush()
            return ln.id

        erik = citizen("Erik", "Ærbo", date(1941, 2, 2), 3, 0)
        else_ = citizen("Else", "Aabye", date(1942, 3, 3), 4, 0)
        bo = citizen("Bo", "Bøgh", date(1939, 4, 4), 5, 1)
        aase = citizen("Åse", "Ørum", date(1937, 5, 5), 6, 2)
        carl = citizen("Carl", "Clausen", date(1936, 6, 6), 7, 3)
        card(erik, paused=True)
        card(else_, paused=True)
        bo_card = card(bo)
        aase_card = card(aase)
        carl_card = card(carl)
        line(bo, bo_card, w.p_simva, "C10AA01", "0+0+1+0", "dose_roll")
        line(carl, carl_card, w.p_simva, "C10AA01", "0+0+1+0", "dose_roll")
        l_morfin = line(aase, aase_card, morfin.id, "N02AA01", "1+0+1+0", "dose_roll")
        line(aase, aase_card, w.p_zarator, "C10AA05", "0+0+1+0", "dose_roll")
        line(aase, aase_card, w.p_atorva_krka, "C10AA05", "0+0+1+0", "ordinary")
        line(aase, aase_card, w.p_panodil, "N02BE01", "1+0+1+0", "dose_roll")
        l_pn = line(aase, aase_card, w.p_panodil, "N02BE01", "", "as_needed", until=None)
        # Anna's private Zoloft line: a short prescription too (it would be "due")
        s.execute(
            update(m.LineVersion)
            .where(m.LineVersion.line_id == w.line_private)
            .values(prescription_valid_until=date(2026, 12, 1))
        )
        anna_card = s.scalar(select(m.Card).where(m.Card.citizen_id == w.anna_id))
        assert anna_card is not None
        anna = s.get(m.Citizen, w.anna_id)
        assert anna is not None
        l_sert = line(anna, anna_card, sertralin.id, "N06AB06", "1+0+0+0", "ordinary")
        aase_cpr, bo_cpr = aase.cpr, bo.cpr
        erik_cpr, else_cpr, carl_cpr = erik.cpr, else_.cpr, carl.cpr

    koord = at(db)
    queue_clock.advance(koord)  # periods exist from here on
    with db.begin() as s:
        per = {
            p.first_day: p.id
            for p in s.scalars(select(m.Period).where(m.Period.packing_group_id == w.group))
        }
        p_now, p_next = per[date(2026, 11, 19)], per[date(2026, 12, 3)]
        s.add_all(
            [
                m.PackedProduct(line_id=l_morfin, period_id=p_now, trade_name='Morfin "SAD"'),
                m.PackedProduct(
                    line_id=l_morfin, period_id=p_next, trade_name='Morfin "Alternova"'
                ),
                # same name, other quotes: not a new appearance
                m.PackedProduct(line_id=w.line_atorva, period_id=p_now, trade_name="Zarator"),
                m.PackedProduct(line_id=w.line_atorva, period_id=p_next, trade_name="zarator "),
                m.PackedProduct(line_id=w.line_private, period_id=p_now, trade_name="Zoloft"),
                m.PackedProduct(
                    line_id=w.line_private, period_id=p_next, trade_name='Sertralin "Zoloft2"'
                ),
            ]
        )

    nurse = at(db, NOW, "sygpl")
    acute = changes.register(
        nurse,
        ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=w.line_metformin,
            dosage="1+1+1+0",
            acute=True,
            reason="Blodsukker højt (diagnose må ikke printes)",
            doctor="Læge Lund",
            handlings=(
                HandlingRequest(
                    HandlingKind.DISCARD_BAGS,
                    (
                        BagRef(date(2026, 11, 23), "morning"),
                        BagRef(date(2026, 11, 22), "evening"),
                    ),
                ),
            ),
        ),
    )
    assert acute.follow_up_id is not None
    changes.confirm(nurse, [(acute.follow_up_id, None)])
    missed = changes.register(
        nurse,
        ChangeRequest(
            cpr=w.anna, kind=ChangeKind.DOSE_CHANGE, line_id=w.line_atorva, dosage="0+0+2+0"
        ),
    )
    private = changes.register(
        nurse,
        ChangeRequest(
            cpr=w.anna, kind=ChangeKind.DOSE_CHANGE, line_id=w.line_private, dosage="2+0+0+0"
        ),
    )
    mchange = changes.register(
        nurse,
        ChangeRequest(
            cpr=aase_cpr, kind=ChangeKind.DOSE_CHANGE, line_id=l_morfin, dosage="1+1+1+0"
        ),
    )
    changes.confirm(nurse, [(mchange.id, None)])
    changes.register(
        at(db, NOW, "koord"),
        ChangeRequest(
            cpr=w.ojvind,
            kind=ChangeKind.DISCONTINUE,
            line_id=_line_of(db, w.ojvind),
            acute=True,
            reason="Bivirkning",
            doctor="Læge Syd",
            handlings=(HandlingRequest(HandlingKind.ASK_PHARMACY),),
        ),
    )
    # Bo: admitted two days ago, card paused with the admission
    contacts.add_contact(
        nurse,
        ContactRequest(
            cpr=bo_cpr,
            kind=ContactKind.ADMISSION,
            hospital="Demo Hospital",
            department="Medicinsk afd. M3",
            phone="70 33 44 55",
            started_at=NOW - timedelta(days=2),
            pause_card=True,
            note="pneumoni (diagnose må ikke printes)",
        ),
    )
    # Åse: three days in hospital, discharged yesterday 11:30; epicrisis received only
    stay = contacts.add_contact(
        nurse,
        ContactRequest(
            cpr=aase_cpr,
            kind=ContactKind.ADMISSION,
            hospital="Demo Hospital",
            department="Kirurgisk afd. K2",
            phone="70 55 66 77",
            started_at=datetime(2026, 11, 18, 9, 0, tzinfo=CPH),
        ),
    )
    d = contacts.discharge(nurse, stay.id, stay.version, datetime(2026, 11, 21, 11, 30, tzinfo=CPH))
    contacts.set_checklist(nurse, stay.id, d.version, epicrisis_received=True)
    # Åse: a renewal request for the PN line, rejected
    rid = renewals.request_renewal(nurse, l_pn)
    renewals.decide_renewal(
        at(db), rid, None, RenewalState.REJECTED, RejectionReason.NEEDS_CONSULTATION
    )
    return Scene(
        world=w,
        bo=bo_cpr,
        aase=aase_cpr,
        erik=erik_cpr,
        else_=else_cpr,
        carl=carl_cpr,
        acute_id=acute.id,
        follow_up_id=acute.follow_up_id,
        missed_id=missed.id,
        morfin_change_id=mchange.id,
        private_change_id=private.id,
        line_morfin=l_morfin,
        line_sertralin=l_sert,
    )


def _line_of(db: Database, cpr: str) -> int:
    with db.begin() as s:
        cid = s.scalar(select(m.Citizen.id).where(m.Citizen.cpr == cpr))
        lid = s.scalar(select(m.Line.id).where(m.Line.citizen_id == cid).order_by(m.Line.id))
        assert lid is not None
        return lid


__all__ = ["NOW", "ROLL_EVE", "Scene", "Supply", "at", "build_scene"]
