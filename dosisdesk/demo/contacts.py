"""Hospital contacts (R6) and the pauses of dose dispensing they bring (R4): admitted now,
discharged in the last days (the 72 hours open), long ago, and outpatient visits."""

from __future__ import annotations

from datetime import datetime, timedelta

from dosisdesk.demo.catalogue import (
    ACUTE_OUTPATIENT,
    OUTPATIENT,
    PSYCHIATRIC,
    SOMATIC,
    made_up,
)
from dosisdesk.demo.world import World
from dosisdesk.domain.responsibility import HospitalStay, responsibility_until
from dosisdesk.domain.types import (
    ContactKind,
)


def add_contacts(w: World, citizen_id: int, card_ids: list[int]) -> datetime | None:
    """Maybe a hospital contact. Returns the admission time when admitted now."""
    rng, now = w.rng, w.now
    r = rng.random()
    forced_recent = w.c.recent_discharges < 3 and rng.random() < 0.3
    if r < 0.04:
        psych = w.quota(w.c.psychiatric, 1, 0.1, 0.5)
        w.c.psychiatric += psych
        place = rng.choice(PSYCHIATRIC if psych else SOMATIC)
        started = w.minutes_before(now, 180, 21 * 24 * 60)
        cid = _admission(w, citizen_id, place, started, None, psych, (False,) * 4)
        _pause(w, card_ids, started, None, place[1], cid)
        return started
    if forced_recent or r < 0.052:
        psych = not forced_recent and rng.random() < 0.1
        short = not forced_recent and rng.random() < 0.15
        place = rng.choice(PSYCHIATRIC if psych else SOMATIC)
        ended = w.minutes_before(now, 60, 70 * 60)
        started = (
            w.minutes_before(ended, 6 * 60, 20 * 60)
            if short
            else w.minutes_before(ended, 26 * 60, 14 * 24 * 60)
        )
        extended = None
        if rng.random() < 0.1:
            extended = ended + timedelta(hours=rng.choice((96, 120)))
        resumed = None
        if rng.random() < 0.6:
            candidate = w.minutes_after(ended, 120, 24 * 60)
            if candidate < now:
                resumed = candidate
        checklist = (
            rng.random() < 0.7,
            rng.random() < 0.5,
            rng.random() < 0.4,
            resumed is not None,
        )
        cid = _admission(w, citizen_id, place, started, ended, psych, checklist, extended)
        _pause(w, card_ids, started, resumed, place[1], cid)
        if not psych and not short:
            w.c.recent_discharges += 1
        return None
    if r < 0.09:
        psych = rng.random() < 0.1
        place = rng.choice(PSYCHIATRIC if psych else SOMATIC)
        ended = w.minutes_before(now, 4 * 24 * 60, 300 * 24 * 60)
        started = w.minutes_before(ended, 20 * 60, 20 * 24 * 60)
        done = rng.random() < 0.9
        cid = _admission(w, citizen_id, place, started, ended, psych, (done,) * 4)
        _pause(w, card_ids, started, w.minutes_after(ended, 60, 24 * 60), place[1], cid)
        return None
    if r < 0.13:
        acute = r >= 0.12
        hosp, dept, phone = rng.choice(ACUTE_OUTPATIENT if acute else OUTPATIENT)
        day = w.today - timedelta(days=rng.randint(0 if acute else 1, 200))
        started = w.clock(day, rng.randint(8, 14), rng.choice((0, 15, 30, 45)))
        if started >= now:
            started = w.minutes_before(now, 120, 240)
        ended = w.minutes_after(started, 45, 240)
        if ended > now:
            ended = now
        _contact(
            w,
            citizen_id,
            ContactKind.ACUTE_OUTPATIENT if acute else ContactKind.OUTPATIENT,
            hosp,
            dept,
            phone,
            started,
            ended,
            somatic=True,
            paused=False,
            checklist=(True,) * 4,
            changes=rng.random() < 0.3,
        )
    return None


def _admission(
    w: World,
    citizen_id: int,
    place: tuple[str, str, str],
    started: datetime,
    ended: datetime | None,
    psychiatric: bool,
    checklist: tuple[bool, ...],
    extended: datetime | None = None,
) -> int:
    """An admission (still admitted when ``ended`` is None) at ``place`` (hospital, department,
    phone) that paused dose dispensing; its id."""
    hosp, dept, phone = place
    return _contact(
        w,
        citizen_id,
        ContactKind.ADMISSION,
        hosp,
        dept,
        phone,
        started,
        ended,
        somatic=not psychiatric,
        paused=True,
        checklist=checklist,
        extended=extended,
    )


def _contact(
    w: World,
    citizen_id: int,
    kind: ContactKind,
    hosp: str,
    dept: str,
    phone: str,
    started: datetime,
    ended: datetime | None,
    *,
    somatic: bool,
    paused: bool,
    checklist: tuple[bool, ...],
    extended: datetime | None = None,
    changes: bool = False,
) -> int:
    until = (
        responsibility_until(HospitalStay(kind, started, ended, somatic, True, extended))
        if ended is not None
        else None
    )
    return w.add(
        "hospital_contacts",
        citizen_id=citizen_id,
        kind=kind.value,
        hospital=hosp,
        department=dept,
        phone=phone,
        dept_sor=made_up("9998", f"{hosp}/{dept}", 8) + "016",
        dept_ean=made_up("579998", f"{dept}/{hosp}", 7),
        started_at=started,
        ended_at=ended,
        somatic=somatic,
        municipal_nursing=True,
        extended_until=extended,
        responsibility_until=until,
        dd_paused=paused,
        dd_changes=changes or w.rng.random() < 0.2,
        note="",
        epicrisis_received=checklist[0],
        fmk_checked=checklist[1],
        changes_registered=checklist[2],
        dd_decided=checklist[3],
        version_id=1,
    )


def _pause(
    w: World,
    card_ids: list[int],
    at: datetime,
    resumed: datetime | None,
    department: str,
    contact_id: int,
) -> None:
    """The pause of each card an admission to ``department`` brought (the card stays paused
    while ``resumed`` is None)."""
    for card_id in card_ids:
        w.add(
            "pauses",
            card_id=card_id,
            paused_at=at,
            resumed_at=resumed,
            reason=f"Indlæggelse: {department}",
            contact_id=contact_id,
        )
        if resumed is None:
            for row in reversed(w.buf["cards"]):
                if row["id"] == card_id:
                    row["paused"] = True
                    break
