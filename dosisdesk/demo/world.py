"""The demo's world: the state one build carries (its random generator, its moment, the rows
waiting to be written, the ids handed out) and what is laid before the first citizen: teams and
users, pharmacies and packing groups with their periods (a Christmas stretch included), the
product catalogue, the supply failure, the doctors and the database's demo marks.

Every choice comes from one ``random.Random(seed)`` in a fixed order; the only time read is
``now``.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from dosisdesk.demo.catalogue import (
    FEMALE,
    LAST,
    MALE,
    OUTSIDE,
    PHARMACIES,
    ROLL,
    STREETS,
    STRETCH_DAYS,
    STRETCH_NOTE,
    STRETCHED_GROUP,
    SUPPLY_FAILURE_PRODUCT,
    TEAMS,
    made_up,
)
from dosisdesk.demo.medcom import demo_medcom_settings
from dosisdesk.domain.calendar import cph_datetime, to_cph, to_utc, utc_to_cph
from dosisdesk.domain.errors import DosisError
from dosisdesk.domain.periods import generate_periods
from dosisdesk.domain.types import Role, Supply
from dosisdesk.services.catalogue import seed_products
from dosisdesk.services.context import Actor
from dosisdesk.storage import bulk, repo
from dosisdesk.storage import models as m

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

T = TypeVar("T")

#: Acute changes made through the real service at most (the rest of the history is bulk data,
#: the acute changes beyond this among it). Each service call costs about as much as writing a
#: thousand bulk rows; 100 show every kind of acute change on any size of demo.
MAX_SERVICE_ACUTE = 100
#: Share of citizens with an acute change in the last two weeks.
ACUTE_SHARE = 0.03

#: The tables written in bulk, in foreign-key order (a batch is written in this order).
TABLES = (
    "citizens",
    "cards",
    "lines",
    "changes",
    "line_versions",
    "change_transitions",
    "acute_handlings",
    "handling_steps",
    "hospital_contacts",
    "pauses",
    "renewal_requests",
    "tasks",
    "flag_acks",
    "packed_products",
)


class DemoRandom(random.Random):
    """``random.Random`` whose ``randint`` and ``choice`` draw exactly as the standard ones do
    (the same numbers from the same seed, the same state after) in one call instead of two or
    three: the demo makes about two million such draws. Each draws as
    ``Random._randbelow_with_getrandbits`` does (which randrange and choice use), written out in
    it: a call less per draw."""

    def randint(self, a: int, b: int) -> int:
        n = b - a + 1
        if n <= 0:
            raise ValueError(f"empty range for randint({a}, {b})")
        k = n.bit_length()
        r = self.getrandbits(k)
        while r >= n:
            r = self.getrandbits(k)
        return a + r

    def choice(self, seq: SupportsLenAndGetItem[T]) -> T:
        n = len(seq)
        if not n:
            raise IndexError("Cannot choose from an empty sequence")
        k = n.bit_length()
        r = self.getrandbits(k)
        while r >= n:
            r = self.getrandbits(k)
        return seq[r]

    def pick(self, population: Sequence[T], cum_weights: Sequence[float]) -> T:
        """Exactly ``choices(population, cum_weights=cum_weights)[0]`` (one draw, the same
        element), without building a list of one."""
        n = len(population)
        if len(cum_weights) != n:
            raise ValueError("The number of weights does not match the population")
        total = cum_weights[-1] + 0.0
        if not 0.0 < total < math.inf:
            raise ValueError("Total of weights must be greater than zero and finite")
        return population[bisect_right(cum_weights, self.random() * total, 0, n - 1)]


class DemoCancelled(DosisError):
    """The user cancelled building demo data; nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            "building demo data was cancelled; the database is unchanged",
            "Oprettelsen af demodata blev afbrudt. Databasen er uændret.",
        )


@dataclass(frozen=True, slots=True)
class Prod:
    id: int
    atc: str
    substance: str
    trade: str
    strength: str
    form: str
    dd: bool


@dataclass(frozen=True, slots=True)
class Per:
    id: int
    first_day: date
    last_day: date
    deadline: datetime
    expected_delivery: date


@dataclass
class Group:
    id: int
    pharmacy_id: int
    periods: list[Per]
    cur: Per
    prev: Per | None
    target: Per
    earlier: Per | None
    locked: Per | None
    past: list[Per]
    #: each period's place in ``periods`` (by its id: a period is one row)
    place: dict[int, int] = field(default_factory=dict)
    #: the last eight of ``past`` (a citizen's history looks at these)
    recent_past: list[Per] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.place = {p.id: i for i, p in enumerate(self.periods)}
        self.recent_past = self.past[-8:]

    def containing(self, day: date) -> Per | None:
        for p in self.periods:
            if p.first_day <= day <= p.last_day:
                return p
        return None


@dataclass(slots=True)
class Line:
    id: int
    card_id: int
    product: Prod
    supply: Supply
    versions: list[dict[str, Any]]
    end: date | None = None  # valid_to of the last version (temporary lines)
    reserved: bool = False  # part of a deliberate double or a temporary line: no changes
    supply_failure_id: int | None = None

    def version_on(self, day: date) -> dict[str, Any] | None:
        best = None
        for v in self.versions:
            if v["valid_from"] <= day:
                best = v
        return best


@dataclass
class AcutePlan:
    citizen_id: int
    cpr: str
    actor: Actor
    card_id: int
    group: Group
    lines: list[Line]
    families: list[str]
    order: int
    days_back: int = 0
    at: datetime | None = None


@dataclass
class Counters:
    flags: int = 0
    doubles_by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rejections: int = 0
    recent_discharges: int = 0
    psychiatric: int = 0
    missed: int = 0
    locked: int = 0
    supply_failure_lines: int = 0
    acute_planned: int = 0


class World:
    """One build's state and its random helpers."""

    def __init__(self, session: Session, citizens: int, seed: int, now: datetime) -> None:
        self.s = session
        self.n = citizens
        self.seed = seed
        self.rng = DemoRandom(seed)
        self.now = to_cph(now).replace(second=0, microsecond=0)
        self.today = self.now.date()
        #: the day ``k`` days from today, for ``k`` within about three years either way (made
        #: once: every line's first version and prescription name such a day)
        self.days = {k: self.today + timedelta(days=k) for k in range(-1100, 1101)}
        self._clocks: dict[tuple[date, int, int], datetime] = {}
        self.buf: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.c = Counters()
        self.serials: dict[date, int] = {}
        self.cprs: set[str] = set()
        self.route: dict[int, int] = defaultdict(int)
        self.acute: list[AcutePlan] = []
        # About 3 % of citizens get an acute change in the last two weeks (10-15 % of the
        # changes): through the service up to its cap, the rest in bulk.
        self.p_acute = min(ACUTE_SHARE, MAX_SERVICE_ACUTE / max(citizens, 1))
        self.p_recent = max(0.0, ACUTE_SHARE - self.p_acute)
        self.ids: dict[str, Iterator[int]] = {}

    def next_id(self, table: str) -> int:
        return next(self.ids[table])

    def add(self, table: str, **values: Any) -> int:
        """A row of ``table`` with the next id, buffered until :meth:`flush` writes it; its id.
        (Every row the demo writes in bulk is made here.)"""
        row_id = values["id"] = next(self.ids[table])
        self.buf[table].append(values)
        return row_id

    def minutes_before(self, moment: datetime, lo: int, hi: int) -> datetime:
        """A moment ``lo..hi`` minutes before ``moment`` (real minutes), in Copenhagen time."""
        delta = timedelta(minutes=self.rng.randint(lo, hi))
        return utc_to_cph(to_utc(moment) - delta)

    def minutes_after(self, moment: datetime, lo: int, hi: int) -> datetime:
        delta = timedelta(minutes=self.rng.randint(lo, hi))
        return utc_to_cph(to_utc(moment) + delta)

    def between(self, a: datetime, b: datetime) -> datetime:
        """A whole minute strictly after ``a`` and not after ``b`` (``b`` when they are close)."""
        start = to_utc(a)
        span = int((to_utc(b) - start).total_seconds() // 60)
        if span <= 1:
            return b
        return utc_to_cph(start + timedelta(minutes=self.rng.randint(1, span)))

    def clock(self, day: date, hour: int, minute: int = 0) -> datetime:
        """The Copenhagen moment at ``hour:minute`` on ``day`` (each worked out once: the
        acute changes and outpatient visits name a few hundred of them, many times)."""
        key = (day, hour, minute)
        moment = self._clocks.get(key)
        if moment is None:
            moment = self._clocks[key] = cph_datetime(day, time(hour, minute))
        return moment

    def quota(self, have: int, need: int, p: float, gate: float = 0.35) -> bool:
        """True with probability ``p``; until ``need`` are made, also with probability ``gate``
        (so small demos still show every kind, spread over the first citizens)."""
        r = self.rng.random()
        return r < p or (have < need and r < gate)

    def weighted_order(self, inv_weights: Sequence[float]) -> list[int]:
        """Indices in a weighted random order (Efraimidis-Spirakis: key u ** (1 / w))."""
        rnd = self.rng.random
        keys = [(rnd() ** inv, i) for i, inv in enumerate(inv_weights)]
        keys.sort(reverse=True)
        return [i for _k, i in keys]

    def person_name(self) -> str:
        rng = self.rng
        first = rng.choice(FEMALE if rng.random() < 0.8 else MALE)
        return f"{first} {rng.choice(LAST)}"

    def flush(self) -> None:
        """Write the buffered rows (in foreign-key order) and empty the buffers."""
        conn = self.s.connection()
        for name in TABLES:
            rows = self.buf.pop(name, None)
            if rows:
                bulk.insert(conn, name, rows)
        self.buf.clear()

    def sync_sequences(self) -> None:
        """PostgreSQL: the services' rows get ids after the ones written here."""
        bulk.sync_sequences(self.s, TABLES)

    def reset_ids(self) -> None:
        """Ids for the bulk tables continue after the highest one in the database."""
        self.ids = bulk.next_ids(self.s, TABLES)

    def setup(self) -> None:
        s, rng = self.s, self.rng
        ref = bulk.ReferenceRows(s)
        n_teams = min(8, max(3, round(self.n / 350)))
        self.teams: list[int] = []
        self.nurses: list[list[Actor]] = []
        for name, _slug in TEAMS[:n_teams]:
            team_id = s.scalar(select(m.Team.id).where(m.Team.name == name))
            self.teams.append(ref.team(name) if team_id is None else team_id)
        wanted: list[tuple[str, Role, int | None]] = []
        for ti, (_name, slug) in enumerate(TEAMS[:n_teams]):
            wanted += [(f"sygpl.{slug}{k}", Role.NURSE, self.teams[ti]) for k in (1, 2)]
        wanted += [(f"koord{k}", Role.COORDINATOR, None) for k in range(1, 2 * n_teams + 1)]
        users: list[Actor] = []
        for username, role, team_id in wanted:
            full_name = self.person_name()
            user = s.scalar(select(m.User).where(m.User.username == username))
            if user is None:
                uid = ref.user(username, full_name, role.value, team_id, active=True)
                users.append(Actor(uid, username, full_name, role, team_id))
            else:
                users.append(
                    Actor(user.id, user.username, user.full_name, Role(user.role), user.team_id)
                )
        for ti in range(n_teams):
            self.nurses.append(
                [
                    Actor(u.id, u.username, u.full_name, Role.NURSE, u.team_id)
                    for u in users
                    if u.team_id == self.teams[ti]
                ]
            )
        self.coordinators = [u.id for u in users if u.role is Role.COORDINATOR]
        system_id = s.scalar(select(m.User.id).where(m.User.username == "system"))
        if system_id is None:
            system_id = ref.user(
                "system", "dosisdesk (automatisk)", Role.ADMINISTRATOR.value, None, active=False
            )
        self.system_id: int = system_id

        # Pharmacies, packing groups, the Christmas stretch, periods.
        anchor_base = self.today - timedelta(days=364)
        group_ids: list[int] = []
        self.pharmacy_of: list[int] = []
        for name, weekday, groups in PHARMACIES:
            pharmacy_id = ref.pharmacy(
                name,
                f"7{rng.randint(1000000, 9999999)}",
                closed_christmas_eve=True,
                closed_constitution_day=True,
                extra_closed_days=(),
            )
            anchor = anchor_base + timedelta(days=(weekday - anchor_base.weekday()) % 7)
            for gname, clock in groups:
                group_ids.append(
                    ref.packing_group(
                        pharmacy_id,
                        gname,
                        start_weekday=weekday,
                        length_days=14,
                        deadline_days_before=2,
                        deadline_time=time.fromisoformat(clock),
                        delivery_days_before=1,
                        anchor=anchor,
                    )
                )
                self.pharmacy_of.append(pharmacy_id)
        ref.write()
        g = s.get(m.PackingGroup, group_ids[STRETCHED_GROUP])
        assert g is not None
        ph = s.get(m.Pharmacy, g.pharmacy_id)
        assert ph is not None
        xmas = date(self.today.year, 12, 24)
        if xmas < self.today:
            xmas = date(self.today.year + 1, 12, 24)
        plans = generate_periods(
            repo.schedule_of(g, ph), anchor=g.anchor, start_from=g.anchor, until=xmas
        )
        ref.stretch(g.id, plans[-1].first_day, STRETCH_DAYS, STRETCH_NOTE)
        ref.write()
        horizon = self.today + timedelta(days=repo.HORIZON_DAYS)
        self.groups: list[Group] = []
        for gid, pharmacy_id in zip(group_ids, self.pharmacy_of, strict=True):
            repo.ensure_periods(s, gid, horizon)
            self.groups.append(self._group(gid, pharmacy_id))

        # Products and the supply failure.
        seed_products(s)
        self.products = [
            Prod(p.id, p.atc, p.substance, p.trade_name, p.strength, p.form, p.dose_dispensable)
            for p in s.scalars(select(m.Product).order_by(m.Product.id))
        ]
        by_atc: dict[str, list[Prod]] = defaultdict(list)
        for p in self.products:
            by_atc[p.atc].append(p)
        self.by_atc = by_atc
        self.substitutes: dict[tuple[str, str], list[str]] = defaultdict(list)
        for p in self.products:
            if p.dd and p.trade not in self.substitutes[(p.atc, p.strength)]:
                self.substitutes[(p.atc, p.strength)].append(p.trade)
        self.roll_choices = [self._roll_products(r) for r in ROLL]
        self.outside_choices = [self._outside_products(o) for o in OUTSIDE]
        self.roll_inv = [1.0 / r[1] for r in ROLL]
        self.outside_inv = [1.0 / o[1] for o in OUTSIDE]
        failing = next(p for p in self.products if (p.trade, p.strength) == SUPPLY_FAILURE_PRODUCT)
        first, last = self.today - timedelta(days=7), self.today + timedelta(days=21)
        sf = ref.supply_failure(failing.id, first, last, "Leveringssvigt hos leverandøren (demo)")
        ref.write()
        self.failure = (sf, failing.id, first, last)
        self.sf_cap = 5 + self.n // 2000

        # Doctors.
        n_gp = min(150, max(8, self.n // 600))
        self.gps = [
            (
                f"Læge {rng.choice(FEMALE + MALE)} {rng.choice(LAST)}"
                if rng.random() < 0.6
                else f"Lægehuset {rng.choice(STREETS)}",
                f"7{rng.randint(1000000, 9999999)}",
            )
            for _ in range(n_gp)
        ]
        # Made-up SOR codes and EAN numbers (the 9999…/579999… ranges are not issued).
        self.gp_addr = {
            g[0]: (made_up("9999", g[0], 8) + "016", made_up("579999", g[0], 7)) for g in self.gps
        }

        # Meta.
        pop = int(round(self.n * rng.uniform(6.5, 8.5), -1))
        for key, value in (
            ("demo", "true"),
            ("municipality", "Demo Kommune"),
            ("population_75plus", str(max(pop, 10))),
            ("demo_seed", str(self.seed)),
            *demo_medcom_settings(s),
        ):
            row = s.get(m.Meta, key)
            if row is None:
                s.add(m.Meta(key=key, value=value))
            else:
                row.value = value
        s.flush()

        self.reset_ids()

    def _group(self, group_id: int, pharmacy_id: int) -> Group:
        rows = self.s.scalars(
            select(m.Period)
            .where(m.Period.packing_group_id == group_id)
            .order_by(m.Period.first_day)
        ).all()
        periods = [
            Per(r.id, r.first_day, r.last_day, r.deadline, r.expected_delivery) for r in rows
        ]
        cur_i = next(i for i, p in enumerate(periods) if p.first_day <= self.today <= p.last_day)
        tgt_i = next(i for i, p in enumerate(periods) if p.deadline > self.now)
        locked = next(
            (p for p in periods if p.first_day > self.today and p.deadline <= self.now), None
        )
        past = [
            p
            for i, p in enumerate(periods)
            if i >= 2 and p.first_day <= self.today - timedelta(days=14)
        ]
        return Group(
            group_id,
            pharmacy_id,
            periods,
            periods[cur_i],
            periods[cur_i - 1] if cur_i > 0 else None,
            periods[tgt_i],
            periods[tgt_i - 1] if tgt_i > 0 else None,
            locked,
            past,
        )

    def _roll_products(self, profile: tuple[Any, ...]) -> list[Prod]:
        atc, _w, _d, strengths, _ind = profile
        prods = [p for p in self.by_atc[atc] if p.dd]
        preferred = [p for p in prods if strengths is None or p.strength in strengths]
        if not (preferred or prods):
            raise RuntimeError(f"the catalogue has no dose-dispensable product for {atc}")
        return preferred or prods

    def _outside_products(self, profile: tuple[Any, ...]) -> list[Prod]:
        atc, _w, _supply, _d, trades, strengths, _ind = profile
        prods = [
            p
            for p in self.by_atc[atc]
            if (trades is None or p.trade in trades)
            and (strengths is None or p.strength in strengths)
        ]
        if not prods:
            raise RuntimeError(f"the catalogue has no product for {atc} {trades} {strengths}")
        return prods
