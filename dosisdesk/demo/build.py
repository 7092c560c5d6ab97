"""Demo data: a realistic, clearly fictitious municipality in an empty database.

:func:`build_demo` fills a freshly migrated database with teams, users, pharmacies and packing
groups, citizens with dose cards, ordination lines and their history, the change queue, hospital
contacts, double prescriptions, renewal requests and a supply failure, in the proportions of
DOMAIN.md ("Sizes for realistic data"). The database is marked as demo (meta ``demo`` = ``true``);
CPR numbers come from :func:`~dosisdesk.domain.cpr.demo_cpr` and fail modulus 11 on purpose;
names, streets, doctors and hospitals are invented.

Speed: the bulk is written with Core ``INSERT`` executemany in batches, with ids assigned here, so
85,000 citizens take minutes on SQLite. Only the acute changes of the last days (at most
:data:`MAX_SERVICE_ACUTE`) go through the real service (:func:`dosisdesk.services.changes.register`)
so that they carry their follow-ups, handlings and interim lines exactly as the app makes them.

Everything happens in one transaction: the services run inside it (each call in a savepoint), and
a cancellation (``should_cancel``) or any error leaves the database as it was.

Determinism: one ``random.Random(seed)`` drives every choice, in a fixed order; the only time read
is ``now`` (``seconds`` in the summary is measured, not used).

Size: one builder of fictitious data. It is to be split into the catalogue of people, the
planning and the bulk writing once the pure state-of-a-change function is in the domain
(issues #9 and #17).
"""

from __future__ import annotations

import json
import logging
import math
import random
import time as _time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import count
from typing import Any

from sqlalchemy import Connection, Table, func, select, text, update
from sqlalchemy.orm import Session

from dosisdesk.demo.medcom import demo_medcom_settings
from dosisdesk.domain.calendar import cph_datetime, to_cph
from dosisdesk.domain.cpr import demo_cpr
from dosisdesk.domain.dosage import bags_on, format_dosage, parse_dosage
from dosisdesk.domain.errors import DosisError, InvalidInput, RuleViolation
from dosisdesk.domain.periods import generate_periods
from dosisdesk.domain.renewals import rejection_text
from dosisdesk.domain.responsibility import HospitalStay, responsibility_until
from dosisdesk.domain.text import name_sort_key
from dosisdesk.domain.types import (
    CPH,
    BagRef,
    ChangeKind,
    ChangeState,
    ContactKind,
    Dosage,
    DoseEntry,
    HandlingKind,
    RejectionReason,
    Role,
    Supply,
)
from dosisdesk.services import audit
from dosisdesk.services.catalogue import seed_products
from dosisdesk.services.changes import ChangeRequest, HandlingRequest, register
from dosisdesk.services.context import Actor, Ctx, fixed_clock
from dosisdesk.storage import models as m
from dosisdesk.storage import repo
from dosisdesk.storage.db import Database

__all__ = ["MAX_SERVICE_ACUTE", "DemoCancelled", "DemoSummary", "build_demo"]

log = logging.getLogger(__name__)

#: Acute changes made through the real service at most (the rest of the history is bulk data).
MAX_SERVICE_ACUTE = 300
#: Citizens written per batch (progress and cancellation are checked between batches).
BATCH_CITIZENS = 2000
MAX_CITIZENS = 250_000
#: Share of citizens with an acute change in the last two weeks.
ACUTE_SHARE = 0.03


class DemoCancelled(DosisError):
    """The user cancelled building demo data; nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            "building demo data was cancelled; the database is unchanged",
            "Oprettelsen af demodata blev afbrudt. Databasen er uændret.",
        )


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What :func:`build_demo` made. ``flags_expected`` is the number of double prescriptions it
    created on purpose (acknowledged ones included): the R5 check should find exactly these."""

    citizens: int
    lines: int
    changes: int
    contacts: int
    flags_expected: int
    seconds: float


# ---------------------------------------------------------------------------
# Fictitious names and places
# ---------------------------------------------------------------------------

FEMALE = (
    "Anna",
    "Inger",
    "Kirsten",
    "Karen",
    "Hanne",
    "Else",
    "Ellen",
    "Grethe",
    "Birgit",
    "Bente",
    "Lis",
    "Ruth",
    "Jytte",
    "Gerda",
    "Ingrid",
    "Lone",
    "Marianne",
    "Birthe",
    "Edith",
    "Tove",
    "Agnete",
    "Aase",
    "Åse",
    "Dorthe",
    "Ester",
    "Solveig",
    "Ebba",
    "Karin",
    "Ulla",
    "Vibeke",
)
MALE = (
    "Jens",
    "Peter",
    "Hans",
    "Niels",
    "Poul",
    "Jørgen",
    "Erik",
    "Knud",
    "Ole",
    "Henning",
    "Svend",
    "Arne",
    "Bent",
    "Kaj",
    "Aage",
    "Børge",
    "Leif",
    "Finn",
    "Preben",
    "Øjvind",
    "Villy",
    "Mogens",
    "Flemming",
    "Torben",
    "Carl",
    "Åge",
    "Ejnar",
    "Holger",
    "Verner",
    "Erling",
)
LAST = (
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Frederiksen",
    "Lund",
    "Holm",
    "Schmidt",
    "Eriksen",
    "Clausen",
    "Simonsen",
    "Svendsen",
    "Andreasen",
    "Iversen",
    "Østergaard",
    "Jeppesen",
    "Vestergaard",
    "Nissen",
    "Lauridsen",
    "Kjær",
    "Ærø",
    "Aagaard",
    "Åberg",
    "Dahl",
    "Bækgaard",
    "Søgaard",
    "Mølgaard",
    "Ørum",
    "Åkjær",
    "Aabye",
    "Ærbo",
)
# Common names more often: weight 1/(rank + 4).
_LAST_W = tuple(1.0 / (i + 4) for i in range(len(LAST)))
_FIRST_W = tuple(1.0 / (i + 6) for i in range(len(FEMALE)))

STREETS = (
    "Kastanjevej",
    "Bøgevænget",
    "Ærøvej",
    "Åbrinken",
    "Skovbrynet",
    "Mølledammen",
    "Kirkestien",
    "Engvej",
    "Havrevænget",
    "Lærkevej",
    "Søndergade",
    "Nørregade",
    "Østervang",
    "Vestergade",
    "Rosenhaven",
    "Hybenvej",
    "Fyrrebakken",
    "Aagade",
    "Birkeparken",
    "Tjørnevej",
    "Ålekrogen",
    "Præstemarken",
    "Smedestræde",
    "Æblehaven",
)
# Post codes above 9990 do not exist in Denmark.
TOWNS = (
    ("9991", "Demby"),
    ("9992", "Nørre Demby"),
    ("9993", "Demstrup"),
    ("9994", "Ådemose"),
    ("9995", "Østerdem"),
)

TEAMS = (
    ("Team Nord", "nord"),
    ("Team Syd", "syd"),
    ("Team Øst", "oest"),
    ("Team Vest", "vest"),
    ("Team Centrum", "centrum"),
    ("Team Ådalen", "aadalen"),
    ("Team Havnen", "havnen"),
    ("Team Skovbakken", "skovbakken"),
)

# (name, weekday of the first day, [(group name, deadline clock time)])
PHARMACIES = (
    (
        "Demby Apotek (demo)",
        0,
        (("Mandag, frist kl. 12", "12:00"), ("Mandag, frist kl. 10", "10:00")),
    ),
    ("Østerdem Apotek (demo)", 2, (("Onsdag, frist kl. 12", "12:00"),)),
    (
        "Ådalens Apotek (demo)",
        3,
        (("Torsdag, frist kl. 12", "12:00"), ("Torsdag, frist kl. 10", "10:00")),
    ),
)
GROUP_WEIGHTS = (3.0, 2.0, 4.0, 3.0, 2.0)
#: The group whose Christmas period is stretched (index into the flattened groups).
STRETCHED_GROUP = 3
STRETCH_DAYS = 21
STRETCH_NOTE = "Forlænget over jul"

SOMATIC = (
    ("Demby Universitetshospital", "Geriatrisk afdeling G2", "71001202"),
    ("Demby Universitetshospital", "Kardiologisk afdeling B", "71001310"),
    ("Demby Universitetshospital", "Lungemedicinsk afdeling L", "71001420"),
    ("Demby Universitetshospital", "Ortopædkirurgisk afdeling O", "71001530"),
    ("Regionshospitalet Østerdem", "Medicinsk afdeling M", "71002140"),
    ("Regionshospitalet Østerdem", "Nyremedicinsk afdeling N", "71002250"),
)
PSYCHIATRIC = (("Psykiatrisk Center Demby", "Gerontopsykiatrisk afsnit P3", "71003030"),)
OUTPATIENT = (
    ("Demby Universitetshospital", "Hjerteambulatoriet", "71001390"),
    ("Demby Universitetshospital", "Diabetesambulatoriet", "71001660"),
    ("Regionshospitalet Østerdem", "Geriatrisk ambulatorium", "71002290"),
)
ACUTE_OUTPATIENT = (("Regionshospitalet Østerdem", "Akutmodtagelsen", "71002000"),)

SOURCES = ("FMK", "Egen læge", "Udskrivelsesbrev", "Ambulatorienotat", "Telefon fra egen læge")
ACUTE_REASONS = {
    "decrease": (
        "Lavt blodtryk og svimmelhed; lægen nedsætter dosis straks",
        "Fald i nyrefunktion; dosis nedsættes i dag efter aftale med lægen",
        "Udtalte bivirkninger; lægen vil ikke vente til næste rulle",
    ),
    "increase": (
        "Tiltagende væskeophobning og åndenød; dosis øges i dag",
        "Forværring af smerter; lægen øger dosis med det samme",
    ),
    "new": (
        "Lungebetændelse; behandling skal starte i dag",
        "Nyopstået atrieflimren; lægen starter behandling straks",
        "Blodprop i benet; behandling starter i dag",
    ),
    "discontinue": (
        "Blødning fra tarmen; lægen seponerer straks",
        "Allergisk reaktion; præparatet seponeres i dag",
        "Forvirring, mistanke om bivirkning; seponeres straks",
    ),
}
ACK_REASONS = (
    "Bevidst kombination, aftalt med egen læge ved medicingennemgang",
    "Fast dosis og PN-dosis afstemt; maksimal døgndosis er noteret",
    "Styrkekombination er tilsigtet (lægens notat i FMK)",
)
_SLOT_HOUR = {"morning": 8, "noon": 12, "evening": 17, "night": 21}

# ---------------------------------------------------------------------------
# Drug profiles: which substances, how dosed, how common
# ---------------------------------------------------------------------------

# atc, weight, dosages, preferred strengths (None: any), indication
ROLL: tuple[tuple[str, float, tuple[str, ...], tuple[str, ...] | None, str], ...] = (
    ("C10AA05", 30, ("0+0+1+0",), ("20 mg", "40 mg"), "Forhøjet kolesterol"),
    ("C10AA01", 10, ("0+0+1+0",), ("20 mg", "40 mg"), "Forhøjet kolesterol"),
    ("C10AA07", 5, ("0+0+1+0",), ("5 mg", "10 mg"), "Forhøjet kolesterol"),
    ("C08CA01", 25, ("1+0+0+0", "1+0+1+0"), ("5 mg", "10 mg"), "Forhøjet blodtryk"),
    ("C09AA05", 10, ("1+0+0+0", "1+0+1+0"), ("2,5 mg", "5 mg", "10 mg"), "Forhøjet blodtryk"),
    ("C09AA02", 4, ("1+0+0+0",), ("5 mg", "10 mg"), "Forhøjet blodtryk"),
    ("C09CA01", 14, ("1+0+0+0",), ("50 mg", "100 mg"), "Forhøjet blodtryk"),
    ("C09CA06", 6, ("1+0+0+0",), ("8 mg", "16 mg"), "Hjertesvigt"),
    ("C09DA01", 4, ("1+0+0+0",), None, "Forhøjet blodtryk"),
    ("C07AB02", 16, ("1+0+0+0", "½+0+½+0", "1+0+1+0"), ("50 mg", "100 mg"), "Hjerterytme"),
    ("C07AB07", 9, ("1+0+0+0", "½+0+0+0"), ("2,5 mg", "5 mg"), "Hjertesvigt"),
    ("C03CA01", 22, ("1+0+0+0", "1+1+0+0", "2+0+0+0"), ("40 mg",), "Væskeophobning"),
    ("C03CA02", 4, ("1+0+0+0", "1+1+0+0"), None, "Væskeophobning"),
    ("C03DA01", 9, ("1+0+0+0", "½+0+0+0"), ("25 mg",), "Hjertesvigt"),
    ("C01AA05", 3, ("1+0+0+0",), ("62,5 mikrogram", "125 mikrogram"), "Atrieflimren"),
    ("B01AC06", 22, ("1+0+0+0",), None, "Forebyggelse af blodprop"),
    ("B01AC04", 7, ("1+0+0+0",), None, "Forebyggelse af blodprop"),
    ("B01AF01", 8, ("1+0+0+0",), ("15 mg", "20 mg"), "Atrieflimren"),
    ("B01AF02", 14, ("1+0+1+0",), ("2,5 mg", "5 mg"), "Atrieflimren"),
    ("C01DA14", 3, ("1+0+0+0",), None, "Hjertekramper"),
    ("A10BA02", 16, ("1+0+1+0", "1+1+1+0"), ("500 mg", "850 mg"), "Type 2-diabetes"),
    ("A10BB12", 3, ("1+0+0+0", "2+0+0+0"), ("1 mg", "2 mg"), "Type 2-diabetes"),
    ("A10BH01", 4, ("1+0+0+0",), ("100 mg",), "Type 2-diabetes"),
    ("A10BK01", 4, ("1+0+0+0",), None, "Type 2-diabetes"),
    ("A10BK03", 4, ("1+0+0+0",), ("10 mg",), "Type 2-diabetes"),
    ("A02BC02", 18, ("1+0+0+0", "1+0+1+0"), ("20 mg", "40 mg"), "Mavesårsforebyggelse"),
    ("A02BC05", 5, ("1+0+0+0",), ("20 mg",), "Halsbrand"),
    ("A02BC01", 5, ("1+0+0+0",), None, "Halsbrand"),
    ("N02BE01", 24, ("2+0+2+0", "1+1+1+1", "2+2+2+0"), ("500 mg",), "Smerter"),
    ("N02BF02", 5, ("1+0+1+0",), ("25 mg", "75 mg"), "Nervesmerter"),
    ("N02BF01", 3, ("1+0+1+0", "1+1+1+0"), ("300 mg",), "Nervesmerter"),
    ("N06AB10", 9, ("1+0+0+0",), ("5 mg", "10 mg"), "Depression"),
    ("N06AB04", 6, ("1+0+0+0",), ("10 mg", "20 mg"), "Depression"),
    ("N06AB06", 6, ("1+0+0+0",), ("50 mg",), "Depression"),
    ("N05AH04", 5, ("0+0+1+0", "½+0+1+0"), ("25 mg",), "Uro"),
    ("N05AX08", 3, ("½+0+½+0", "1+0+0+0"), ("0,5 mg", "1 mg"), "Uro ved demens"),
    ("N05CF01", 7, ("0+0+0+1",), ("3,75 mg", "7,5 mg"), "Søvnbesvær"),
    ("N06DA02", 7, ("0+0+1+0",), ("5 mg", "10 mg"), "Demens"),
    ("N06DX01", 4, ("1+0+0+0",), ("10 mg", "20 mg"), "Demens"),
    (
        "N04BA02",
        3,
        ("07:00=1 11:00=1 15:00=1 19:00=1", "08:00=1 12:00=1 16:00=1 20:00=1"),
        ("100 mg/25 mg",),
        "Parkinsons sygdom",
    ),
    ("G04CA02", 7, ("1+0+0+0",), None, "Vandladningsbesvær"),
    ("G04CB01", 3, ("1+0+0+0",), None, "Forstørret prostata"),
    ("G04BD08", 3, ("1+0+0+0",), ("5 mg",), "Overaktiv blære"),
    ("H03AA01", 13, ("1+0+0+0",), ("50 mikrogram", "100 mikrogram"), "Lavt stofskifte"),
    ("H02AB06", 5, ("1+0+0+0", "2+0+0+0"), None, "Polymyalgi"),
    ("M04AA01", 6, ("1+0+0+0",), ("100 mg", "300 mg"), "Urinsyregigt"),
    ("B03BB01", 5, ("1+0+0+0",), None, "Folinsyremangel"),
)

# atc, weight, supply, dosages, trade names (None: any), strengths (None: any), indication
OUTSIDE: tuple[
    tuple[str, float, Supply, tuple[str, ...], tuple[str, ...] | None, tuple[str, ...] | None, str],
    ...,
] = (
    ("N02BE01", 30, Supply.AS_NEEDED, ("",), ("Panodil", "Pamol", "Pinex"), ("500 mg",), "Smerter"),
    ("N05BA04", 6, Supply.AS_NEEDED, ("",), None, None, "Uro"),
    ("C01DA02", 5, Supply.AS_NEEDED, ("",), ("Nitrolingual",), None, "Brystsmerter"),
    ("A06AD65", 12, Supply.AS_NEEDED, ("",), None, None, "Forstoppelse"),
    ("A06AD11", 5, Supply.AS_NEEDED, ("",), None, None, "Forstoppelse"),
    ("N02AA05", 4, Supply.AS_NEEDED, ("",), ("Oxynorm",), ("5 mg",), "Gennembrudssmerter"),
    ("S01EE01", 10, Supply.ORDINARY, ("0+0+1+0",), None, None, "Grøn stær"),
    ("R03AK06", 7, Supply.ORDINARY, ("1+0+1+0",), None, None, "KOL"),
    ("R03BB04", 7, Supply.ORDINARY, ("2+0+0+0",), None, None, "KOL"),
    (
        "A10AE04",
        7,
        Supply.ORDINARY,
        ("0+0+12+0", "0+0+20+0", "16+0+0+0"),
        ("Lantus", "Abasaglar"),
        None,
        "Diabetes",
    ),
    ("M05BA04", 8, Supply.ORDINARY, ("man: 1+0+0+0", "ons: 1+0+0+0"), None, None, "Knogleskørhed"),
    ("A12AX", 12, Supply.ORDINARY, ("1+0+1+0", "1+0+0+0"), None, None, "Knogleskørhed"),
    ("A11CC05", 5, Supply.ORDINARY, ("1+0+0+0",), None, None, "D-vitaminmangel"),
    (
        "B01AA03",
        3,
        Supply.ORDINARY,
        ("0+0+1+0", "0+0+1½+0"),
        None,
        None,
        "Blodfortyndende (INR-styret)",
    ),
    ("B01AE07", 3, Supply.ORDINARY, ("1+0+1+0",), None, ("110 mg",), "Atrieflimren"),
    (
        "N02AB03",
        3,
        Supply.ORDINARY,
        ("man,tor: 1+0+0+0",),
        None,
        ("12 mikrogram/h", "25 mikrogram/h"),
        "Smerter",
    ),
    (
        "N02AE01",
        4,
        Supply.ORDINARY,
        ("man: 1+0+0+0",),
        None,
        ("5 mikrogram/h", "10 mikrogram/h"),
        "Smerter",
    ),
    ("L01BA01", 2, Supply.ORDINARY, ("fre: 4+0+0+0",), None, None, "Leddegigt"),
    ("A12BA01", 4, Supply.ORDINARY, ("1+0+1+0",), None, ("750 mg",), "Kaliummangel"),
    ("N02AA05", 3, Supply.ORDINARY, ("1+0+1+0",), ("OxyContin",), ("5 mg", "10 mg"), "Smerter"),
    ("C03AB01", 2, Supply.ORDINARY, ("1+0+0+0",), None, None, "Forhøjet blodtryk"),
    ("N06AX11", 4, Supply.ORDINARY, ("0+0+1+0",), None, ("15 mg",), "Depression og søvn"),
)

#: Therapeutic families of which a card has at most one line (besides deliberate doubles).
#: By default the ATC level-4 group; a few are merged so a card never holds, say, an ACE inhibitor
#: and an angiotensin II antagonist together.
_FAMILY = {
    "C09AA": "RAS",
    "C09CA": "RAS",
    "C09DA": "RAS",
    "B01AF": "AK",
    "B01AE": "AK",
    "B01AA": "AK",
    "N06AB": "AD",
    "N06AX": "AD",
    "N05AH": "AP",
    "N05AX": "AP",
    "N02AA": "OPI",
    "N02AB": "OPI",
    "N02AE": "OPI",
    "N02AX": "OPI",
    "A12AX": "CAD",
    "A11CC": "CAD",
}
_GENERIC_DOSAGES = ("1+0+0+0", "2+0+0+0", "1+0+1+0", "½+0+0+0", "0+0+1+0", "1+1+0+0")
#: The product in supply failure (R8): common, and without a packable substitute.
SUPPLY_FAILURE_PRODUCT = ("Furix", "40 mg")


def _family(atc: str) -> str:
    return _FAMILY.get(atc[:5], atc[:5])


_CANON: dict[str, str] = {}


def _canon(text: str) -> str:
    """The canonical dosage text (what the services store)."""
    if not text:
        return ""
    out = _CANON.get(text)
    if out is None:
        out = format_dosage(parse_dosage(text))
        _CANON[text] = out
    return out


# ---------------------------------------------------------------------------
# Small value types
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Prod:
    id: int
    atc: str
    substance: str
    trade: str
    strength: str
    form: str
    dd: bool


@dataclass(frozen=True, slots=True)
class _Per:
    id: int
    first_day: date
    last_day: date
    deadline: datetime
    expected_delivery: date


@dataclass
class _Group:
    id: int
    pharmacy_id: int
    periods: list[_Per]
    cur: _Per
    prev: _Per | None
    target: _Per
    earlier: _Per | None
    locked: _Per | None
    past: list[_Per]

    def containing(self, day: date) -> _Per | None:
        for p in self.periods:
            if p.first_day <= day <= p.last_day:
                return p
        return None

    def first_deadline_after(self, moment: datetime) -> _Per | None:
        for p in self.periods:
            if p.deadline > moment:
                return p
        return None


@dataclass
class _Line:
    id: int
    card_id: int
    product: _Prod
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
class _AcutePlan:
    citizen_id: int
    cpr: str
    actor: Actor
    card_id: int
    group: _Group
    lines: list[_Line]
    families: list[str]
    order: int
    days_back: int = 0
    at: datetime | None = None


@dataclass
class _Counters:
    flags: int = 0
    doubles_by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rejections: int = 0
    recent_discharges: int = 0
    psychiatric: int = 0
    missed: int = 0
    locked: int = 0
    supply_failure_lines: int = 0
    acute_planned: int = 0


# ---------------------------------------------------------------------------
# The services inside the demo's transaction
# ---------------------------------------------------------------------------


class _InTransaction(Database):
    """The demo's open session as a Database: each service call runs in a savepoint of it, so the
    whole build stays one transaction."""

    def __init__(self, db: Database, session: Session) -> None:
        super().__init__(db.url, db.engine, db.sessions)
        self._session = session

    @contextmanager
    def begin(self) -> Iterator[Session]:
        with self._session.begin_nested():
            yield self._session


def _table(name: str) -> Table:
    return m.Base.metadata.tables[name]


def _bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Rows straight to the driver's ``executemany``: half the time of a Core insert went to
    SQLAlchemy's processing of each value. Values are stored as the models store them (on SQLite:
    dates as ISO text, moments as naive UTC text); a column a row leaves out gets its default."""
    sqlite = conn.dialect.name == "sqlite"
    keys = set().union(*rows)
    names = [c.name for c in table.columns if c.name in keys or c.default is not None]
    cols = [table.c[n] for n in names]
    defaults = [
        getattr(c.default, "arg", None) if c.default is not None and c.default.is_scalar else None
        for c in cols
    ]
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f'INSERT INTO "{table.name}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) '
        f"VALUES ({', '.join([mark] * len(names))})"
    )
    out = []
    for r in rows:
        values = [r.get(n, d) for n, d in zip(names, defaults, strict=True)]
        if sqlite:
            values = [_sqlite_value(v) for v in values]
        out.append(tuple(values))
    conn.exec_driver_sql(sql, out)


def _sqlite_value(v: Any) -> Any:
    if isinstance(v, datetime):
        if v.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(v, date):
        return v.isoformat()
    return v


# Tables in foreign-key order: a batch is written in this order.
_ORDER = (
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


# ---------------------------------------------------------------------------
# The builder
# ---------------------------------------------------------------------------


class _Builder:
    def __init__(self, session: Session, citizens: int, seed: int, now: datetime) -> None:
        self.s = session
        self.n = citizens
        self.seed = seed
        self.rng = random.Random(seed)
        self.now = to_cph(now).replace(second=0, microsecond=0)
        self.today = self.now.date()
        self.buf: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.c = _Counters()
        self.serials: dict[date, int] = {}
        self.cprs: set[str] = set()
        self.route: dict[int, int] = defaultdict(int)
        self.acute: list[_AcutePlan] = []
        # About 3 % of citizens get an acute change in the last two weeks (10-15 % of the
        # changes): through the service up to its cap, the rest in bulk.
        self.p_acute = min(ACUTE_SHARE, MAX_SERVICE_ACUTE / max(citizens, 1))
        self.p_recent = max(0.0, ACUTE_SHARE - self.p_acute)
        self.ids: dict[str, Iterator[int]] = {}

    # -- helpers -----------------------------------------------------------

    def _next(self, table: str) -> int:
        return next(self.ids[table])

    def _minutes_before(self, moment: datetime, lo: int, hi: int) -> datetime:
        """A moment ``lo..hi`` minutes before ``moment`` (real minutes), in Copenhagen time."""
        delta = timedelta(minutes=self.rng.randint(lo, hi))
        return (moment.astimezone(UTC) - delta).astimezone(CPH)

    def _minutes_after(self, moment: datetime, lo: int, hi: int) -> datetime:
        delta = timedelta(minutes=self.rng.randint(lo, hi))
        return (moment.astimezone(UTC) + delta).astimezone(CPH)

    def _between(self, a: datetime, b: datetime) -> datetime:
        """A whole minute strictly after ``a`` and not after ``b`` (``b`` when they are close)."""
        span = int((b.astimezone(UTC) - a.astimezone(UTC)).total_seconds() // 60)
        if span <= 1:
            return b
        return (a.astimezone(UTC) + timedelta(minutes=self.rng.randint(1, span))).astimezone(CPH)

    def _at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return cph_datetime(day, time(hour, minute))

    def _quota(self, have: int, need: int, p: float, gate: float = 0.35) -> bool:
        """True with probability ``p``; until ``need`` are made, also with probability ``gate``
        (so small demos still show every kind, spread over the first citizens)."""
        r = self.rng.random()
        return r < p or (have < need and r < gate)

    # -- setup ---------------------------------------------------------------

    def setup(self) -> None:
        s, rng = self.s, self.rng
        n_teams = min(8, max(3, round(self.n / 350)))
        self.teams: list[int] = []
        self.nurses: list[list[Actor]] = []
        for name, _slug in TEAMS[:n_teams]:
            team = s.scalar(select(m.Team).where(m.Team.name == name))
            if team is None:
                team = m.Team(name=name)
                s.add(team)
                s.flush()
            self.teams.append(team.id)
        wanted: list[tuple[str, Role, int | None]] = []
        for ti, (_name, slug) in enumerate(TEAMS[:n_teams]):
            wanted += [(f"sygpl.{slug}{k}", Role.NURSE, self.teams[ti]) for k in (1, 2)]
        wanted += [(f"koord{k}", Role.COORDINATOR, None) for k in range(1, 2 * n_teams + 1)]
        users: list[m.User] = []
        for username, role, team_id in wanted:
            full_name = self._person_name()
            user = s.scalar(select(m.User).where(m.User.username == username))
            if user is None:
                user = m.User(
                    username=username,
                    full_name=full_name,
                    role=role.value,
                    team_id=team_id,
                    active=True,
                )
                s.add(user)
            users.append(user)
        s.flush()
        for ti in range(n_teams):
            self.nurses.append(
                [
                    Actor(u.id, u.username, u.full_name, Role.NURSE, u.team_id)
                    for u in users
                    if u.team_id == self.teams[ti]
                ]
            )
        self.coordinators = [u.id for u in users if u.role == Role.COORDINATOR.value]
        system_id = s.scalar(select(m.User.id).where(m.User.username == "system"))
        if system_id is None:
            system = m.User(
                username="system",
                full_name="dosisdesk (automatisk)",
                role=Role.ADMINISTRATOR.value,
                active=False,
            )
            s.add(system)
            s.flush()
            system_id = system.id
        self.system_id: int = system_id

        # Pharmacies, packing groups, the Christmas stretch, periods.
        anchor_base = self.today - timedelta(days=364)
        group_rows: list[tuple[m.PackingGroup, m.Pharmacy]] = []
        for name, weekday, groups in PHARMACIES:
            ph = m.Pharmacy(
                name=name,
                phone=f"7{rng.randint(1000000, 9999999)}",
                closed_christmas_eve=True,
                closed_constitution_day=True,
                extra_closed_days="[]",
            )
            s.add(ph)
            s.flush()
            anchor = anchor_base + timedelta(days=(weekday - anchor_base.weekday()) % 7)
            for gname, clock in groups:
                g = m.PackingGroup(
                    pharmacy_id=ph.id,
                    name=gname,
                    start_weekday=weekday,
                    length_days=14,
                    deadline_days_before=2,
                    deadline_time=clock,
                    delivery_days_before=1,
                    anchor=anchor,
                )
                s.add(g)
                group_rows.append((g, ph))
        s.flush()
        g, ph = group_rows[STRETCHED_GROUP]
        xmas = date(self.today.year, 12, 24)
        if xmas < self.today:
            xmas = date(self.today.year + 1, 12, 24)
        plans = generate_periods(
            repo.schedule_of(g, ph), anchor=g.anchor, start_from=g.anchor, until=xmas
        )
        s.add(
            m.Stretch(
                packing_group_id=g.id,
                first_day=plans[-1].first_day,
                length_days=STRETCH_DAYS,
                note=STRETCH_NOTE,
            )
        )
        s.flush()
        horizon = self.today + timedelta(days=repo.HORIZON_DAYS)
        self.groups: list[_Group] = []
        for g, _ph in group_rows:
            repo.ensure_periods(s, g.id, horizon)
            self.groups.append(self._group(g))
        self.pharmacy_of = [g.pharmacy_id for g, _ in group_rows]

        # Products and the supply failure.
        seed_products(s)
        self.products = [
            _Prod(p.id, p.atc, p.substance, p.trade_name, p.strength, p.form, p.dose_dispensable)
            for p in s.scalars(select(m.Product).order_by(m.Product.id))
        ]
        by_atc: dict[str, list[_Prod]] = defaultdict(list)
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
        sf = m.SupplyFailure(
            product_id=failing.id,
            from_day=self.today - timedelta(days=7),
            to_day=self.today + timedelta(days=21),  # as in self.failure
            note="Leveringssvigt hos leverandøren (demo)",
        )
        s.add(sf)
        s.flush()
        self.failure = (
            sf.id,
            failing.id,
            self.today - timedelta(days=7),
            self.today + timedelta(days=21),
        )
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
            g[0]: (_made_up("9999", g[0], 8) + "016", _made_up("579999", g[0], 7)) for g in self.gps
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

        self._reset_ids()

    def _reset_ids(self) -> None:
        """Ids for the bulk tables continue after the highest one in the database."""
        for name in _ORDER:
            t = _table(name)
            start = (self.s.scalar(select(func.max(t.c.id))) or 0) + 1
            self.ids[name] = count(start)

    def _group(self, g: m.PackingGroup) -> _Group:
        rows = self.s.scalars(
            select(m.Period).where(m.Period.packing_group_id == g.id).order_by(m.Period.first_day)
        ).all()
        periods = [
            _Per(r.id, r.first_day, r.last_day, r.deadline, r.expected_delivery) for r in rows
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
        return _Group(
            g.id,
            g.pharmacy_id,
            periods,
            periods[cur_i],
            periods[cur_i - 1] if cur_i > 0 else None,
            periods[tgt_i],
            periods[tgt_i - 1] if tgt_i > 0 else None,
            locked,
            past,
        )

    def _person_name(self) -> str:
        rng = self.rng
        first = rng.choice(FEMALE if rng.random() < 0.8 else MALE)
        return f"{first} {rng.choice(LAST)}"

    def _roll_products(self, profile: tuple[Any, ...]) -> list[_Prod]:
        atc, _w, _d, strengths, _ind = profile
        prods = [p for p in self.by_atc[atc] if p.dd]
        preferred = [p for p in prods if strengths is None or p.strength in strengths]
        if not (preferred or prods):
            raise RuntimeError(f"the catalogue has no dose-dispensable product for {atc}")
        return preferred or prods

    def _outside_products(self, profile: tuple[Any, ...]) -> list[_Prod]:
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

    # -- one citizen ---------------------------------------------------------

    def citizen(self) -> None:
        """One citizen's story, step by step, into the batch buffers."""
        rng, today, buf = self.rng, self.today, self.buf
        female = rng.random() < 0.62
        first = rng.choices(FEMALE if female else MALE, weights=_FIRST_W)[0]
        last = rng.choices(LAST, weights=_LAST_W)[0]
        r = rng.random()
        if r < 0.04:
            age = rng.randint(40, 64)
        elif r < 0.19:
            age = rng.randint(65, 74)
        else:
            age = min(104, 75 + int(rng.triangular(0, 28, 9)))
        birth = today - timedelta(days=age * 365 + age // 4 + rng.randint(1, 364))
        k = self.serials.get(birth, 0)
        while True:
            cpr = demo_cpr(birth, k)
            k += 1
            if (int(cpr[9]) % 2 == 0) == female and cpr not in self.cprs:
                break
        self.serials[birth] = k
        self.cprs.add(cpr)
        ti = rng.randrange(len(self.teams))
        team_id = self.teams[ti]
        self.route[team_id] += 1
        street = rng.choice(STREETS)
        pc, town = rng.choice(TOWNS)
        address = f"{street} {rng.randint(1, 120)}"
        if rng.random() < 0.2:
            address += f", {rng.randint(1, 4)}. {rng.choice(('tv', 'th', 'mf'))}"
        address += f", {pc} {town}"
        gp_name, gp_phone = rng.choice(self.gps)
        cid = self._next("citizens")
        buf["citizens"].append(
            dict(
                id=cid,
                cpr=cpr,
                first_name=first,
                last_name=last,
                sort_key=name_sort_key(first, last),
                address=address,
                phone=f"{rng.choice((2, 3, 4, 5, 6))}{rng.randint(1000000, 9999999)}"
                if rng.random() < 0.7
                else "",
                team_id=team_id,
                route_order=self.route[team_id],
                gp_name=gp_name,
                gp_phone=gp_phone,
                gp_sor=self.gp_addr[gp_name][0],
                gp_ean=self.gp_addr[gp_name][1],
                birth_date=birth,
                version_id=1,
            )
        )
        nurse = self.nurses[ti][rng.randrange(2)]

        # Cards.
        gi = rng.choices(range(len(self.groups)), weights=GROUP_WEIGHTS)[0]
        cards: list[tuple[int, _Group]] = [(self._card(cid, gi), self.groups[gi])]
        if rng.random() < 0.01:
            other = rng.choice([i for i in range(len(self.groups)) if i != gi])
            cards.append((self._card(cid, other), self.groups[other]))
        card_id, group = cards[0]

        # Lines: roll lines of distinct families, then lines outside the roll.
        lines: list[_Line] = []
        families: list[str] = []
        n_roll = min(15, max(3, round(rng.lognormvariate(math.log(7), 0.35))))
        for idx in self._weighted_order(self.roll_inv):
            if len(lines) >= n_roll:
                break
            atc = ROLL[idx][0]
            if _family(atc) in families:
                continue
            families.append(_family(atc))
            lines.append(self._roll_line(cid, card_id, idx))
        n_out = rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]
        placed = 0
        for idx in self._weighted_order(self.outside_inv):
            if placed >= n_out:
                break
            atc = OUTSIDE[idx][0]
            if _family(atc) in families:
                continue
            families.append(_family(atc))
            lines.append(self._outside_line(cid, card_id, idx))
            placed += 1
        for extra_card, _g in cards[1:]:
            wanted = rng.randint(1, 2)
            for idx in self._weighted_order(self.roll_inv):
                atc = ROLL[idx][0]
                if _family(atc) in families:
                    continue
                families.append(_family(atc))
                lines.append(self._roll_line(cid, extra_card, idx))
                wanted -= 1
                if not wanted:
                    break

        # Hospital contacts (first: an admitted citizen's card is paused).
        admitted_at = self._contacts(cid, [c for c, _ in cards])

        # History: changes in each of the last periods at about the rate a period sees now
        # (so the coordinator's figures per period have a history), some acute, some after a
        # missed deadline; and an older one now and then.
        for past_period in group.past[-8:]:
            if rng.random() < 0.1:
                self._past_change(cid, card_id, group, lines, nurse, past_period)
        if rng.random() < 0.05:
            self._past_change(cid, card_id, group, lines, nurse)

        # What happens now: an acute change today (service), planned changes, or a double.
        role = rng.random()
        if admitted_at is None and self._quota(self.c.acute_planned, 3, self.p_acute):
            self.c.acute_planned += 1
            self.acute.append(
                _AcutePlan(
                    cid,
                    cpr,
                    nurse,
                    card_id,
                    group,
                    [ln for ln in lines if ln.card_id == card_id],
                    list(families),
                    len(self.acute),
                )
            )
        elif admitted_at is None and role < self.p_recent:
            self._recent_acute(cid, card_id, group, lines, nurse)
        elif role < self.p_recent + 0.23:
            self._coming_changes(cid, card_id, group, lines, families, nurse)
        elif role < self.p_recent + 0.26 or self._quota(
            sum(self.c.doubles_by_kind.values()), 8, 0.0, 0.12
        ):
            self._double(cid, card_id, lines, families)

        # Supply failure: a temporary ordinary line beside the roll for a few citizens.
        sf_id, sf_product, sf_from, sf_to = self.failure
        if self.c.supply_failure_lines < self.sf_cap:
            hit = next(
                (
                    ln
                    for ln in lines
                    if ln.product.id == sf_product
                    and ln.supply is Supply.DOSE_ROLL
                    and ln.card_id == card_id
                ),
                None,
            )
            if hit is not None and rng.random() < 0.08:
                lines.append(self._supply_failure_line(cid, hit, sf_id, sf_from, sf_to))
                self.c.supply_failure_lines += 1

        # Finish the versions: each ends where the next begins.
        for ln in lines:
            ln.versions.sort(key=lambda v: (v["valid_from"], v["id"]))
            for a, b in zip(ln.versions, ln.versions[1:], strict=False):
                a["valid_to"] = b["valid_from"]
            ln.versions[-1]["valid_to"] = ln.end
            buf["lines"].append(
                dict(
                    id=ln.id,
                    card_id=ln.card_id,
                    citizen_id=cid,
                    origin_acute_change_id=None,
                    supply_failure_id=ln.supply_failure_id,
                    version_id=1,
                )
            )
            buf["line_versions"].extend(ln.versions)

        self._renewals(cid, team_id, lines)
        for cid_card, g in cards:
            self._packed(
                [ln for ln in lines if ln.card_id == cid_card],
                g,
                skip_current=admitted_at is not None and admitted_at < g.cur.deadline,
            )

    def _weighted_order(self, inv_weights: Sequence[float]) -> list[int]:
        """Indices in a weighted random order (Efraimidis-Spirakis: key u ** (1 / w))."""
        rnd = self.rng.random
        keys = [(rnd() ** inv, i) for i, inv in enumerate(inv_weights)]
        keys.sort(reverse=True)
        return [i for _k, i in keys]

    def _card(self, citizen_id: int, gi: int) -> int:
        card_id = self._next("cards")
        self.buf["cards"].append(
            dict(
                id=card_id,
                citizen_id=citizen_id,
                packing_group_id=self.groups[gi].id,
                dispensing_pharmacy_id=self.pharmacy_of[gi],
                paused=False,
                version_id=1,
            )
        )
        return card_id

    def _version(
        self,
        line: _Line,
        citizen_id: int,
        valid_from: date,
        dosage: str,
        *,
        status: str = "active",
        supply: Supply | None = None,
        prescription_valid_until: date | None = None,
        indication: str = "",
        private: bool = False,
        change_id: int | None = None,
        product: _Prod | None = None,
    ) -> dict[str, Any]:
        prod = product or line.product
        v = dict(
            id=self._next("line_versions"),
            line_id=line.id,
            citizen_id=citizen_id,
            valid_from=valid_from,
            valid_to=None,
            product_id=prod.id,
            atc=prod.atc,
            dosage=dosage,
            supply=(supply or line.supply).value,
            status=status,
            private=private,
            prescription_valid_until=prescription_valid_until,
            indication=indication,
            change_id=change_id,
        )
        line.versions.append(v)
        return v

    def _derived(
        self, line: _Line, base: dict[str, Any], valid_from: date, change_id: int, **changes: Any
    ) -> dict[str, Any]:
        v = dict(base)
        v.update(
            id=self._next("line_versions"),
            valid_from=valid_from,
            valid_to=None,
            change_id=change_id,
            **changes,
        )
        line.versions.append(v)
        return v

    def _roll_line(
        self,
        citizen_id: int,
        card_id: int,
        idx: int,
        valid_from: date | None = None,
        product: _Prod | None = None,
    ) -> _Line:
        rng = self.rng
        _atc, _w, dosages, _s, indication = ROLL[idx]
        prod = product or rng.choice(self.roll_choices[idx])
        line = _Line(self._next("lines"), card_id, prod, Supply.DOSE_ROLL, [])
        vf = valid_from or self.today - timedelta(days=rng.randint(45, 900))
        self._version(
            line,
            citizen_id,
            vf,
            _canon(rng.choice(dosages)),
            prescription_valid_until=self.today + timedelta(days=rng.randint(-10, 700)),
            indication=indication,
            private=rng.random() < 0.01,
        )
        return line

    def _outside_line(
        self,
        citizen_id: int,
        card_id: int,
        idx: int,
        valid_from: date | None = None,
        product: _Prod | None = None,
        supply: Supply | None = None,
    ) -> _Line:
        rng = self.rng
        _atc, _w, default_supply, dosages, _t, _s, indication = OUTSIDE[idx]
        prod = product or rng.choice(self.outside_choices[idx])
        sup = supply or default_supply
        line = _Line(self._next("lines"), card_id, prod, sup, [])
        vf = valid_from or self.today - timedelta(days=rng.randint(45, 900))
        self._version(
            line,
            citizen_id,
            vf,
            _canon(rng.choice(dosages)),
            indication=indication,
            private=rng.random() < 0.01,
        )
        return line

    def _other_dosage(self, current: str, atc: str) -> str:
        options = next((r[2] for r in ROLL if r[0] == atc), ()) + _GENERIC_DOSAGES
        choices = [_canon(d) for d in options if _canon(d) != current]
        return self.rng.choice(choices)

    # -- changes -------------------------------------------------------------

    def _change(
        self,
        *,
        citizen_id: int,
        card_id: int,
        line: _Line | None,
        kind: ChangeKind,
        version: dict[str, Any],
        registered_at: datetime,
        by: int,
        target: _Per | None,
        original: _Per | None,
        effective: date,
        state: ChangeState,
        version_id: int,
        acute: bool = False,
        reason: str = "",
        doctor: str = "",
        missed: int = 0,
        follow_up_of: int | None = None,
        if_waited: _Per | None = None,
        cancel_reason: str = "",
        change_id: int | None = None,
    ) -> int:
        cid = change_id or self._next("changes")
        self.buf["changes"].append(
            dict(
                id=cid,
                citizen_id=citizen_id,
                card_id=card_id,
                line_id=line.id if line else None,
                kind=kind.value,
                product_id=version["product_id"],
                dosage=version["dosage"],
                supply=version["supply"],
                acute=acute,
                reason=reason,
                doctor=doctor,
                source=self.rng.choice(SOURCES),
                received_at=self._minutes_before(registered_at, 10, 600),
                registered_at=registered_at,
                registered_by=by,
                target_period_id=target.id if target else None,
                original_period_id=original.id if original else None,
                effective_date=effective,
                state=state.value,
                missed_deadlines=missed,
                follow_up_of_id=follow_up_of,
                if_waited_first_day=if_waited.first_day if if_waited else None,
                if_waited_deadline=if_waited.deadline if if_waited else None,
                cancel_reason=cancel_reason,
                version_id=version_id,
            )
        )
        return cid

    def _transition(
        self,
        change_id: int,
        from_state: ChangeState | None,
        to: ChangeState,
        at: datetime,
        by: int,
        note: str = "",
    ) -> None:
        self.buf["change_transitions"].append(
            dict(
                id=self._next("change_transitions"),
                change_id=change_id,
                from_state=from_state.value if from_state else None,
                to_state=to.value,
                at=at,
                by_user_id=by,
                note=note,
            )
        )

    def _past_change(
        self,
        citizen_id: int,
        card_id: int,
        group: _Group,
        lines: list[_Line],
        nurse: Actor,
        period: _Per | None = None,
    ) -> None:
        """A dose change that took effect with a past period (history; ``period`` or one
        chosen at random), some of them acute, some moved there after a missed deadline."""
        rng = self.rng
        roll = [
            ln
            for ln in lines
            if ln.supply is Supply.DOSE_ROLL and ln.card_id == card_id and len(ln.versions) == 1
        ]
        if not roll or not group.past:
            return
        line = rng.choice(roll)
        base = line.versions[0]
        periods = [p for p in group.past if p.first_day >= base["valid_from"] + timedelta(days=21)]
        if period is not None:
            periods = [p for p in periods if p == period]
        if not periods:
            return
        p = rng.choice(periods)
        coord = rng.choice(self.coordinators)
        if rng.random() < 0.12:
            # Acute, a few days before p's deadline: the follow-up took effect with p.
            idx = group.periods.index(p)
            lo = group.periods[idx - 1].deadline.date() + timedelta(days=1)
            hi = p.deadline.date() - timedelta(days=1)
            if lo <= hi:
                day = lo + timedelta(days=rng.randint(0, (hi - lo).days))
                if self._acute_bulk(citizen_id, card_id, group, line, day, nurse.id, coord):
                    return
        new = self._other_dosage(base["dosage"], base["atc"])
        change_id = self._next("changes")
        v = self._derived(line, base, p.first_day, change_id, dosage=new)
        idx = group.periods.index(p)
        earlier = group.periods[idx - 1] if idx > 0 else None
        if earlier is not None and rng.random() < 0.08:
            # Registered for the period before, not confirmed by its deadline: moved to p.
            reg = self._minutes_before(earlier.deadline, 60, 4 * 24 * 60)
            self._change(
                citizen_id=citizen_id,
                card_id=card_id,
                line=line,
                kind=ChangeKind.DOSE_CHANGE,
                version=v,
                registered_at=reg,
                by=nurse.id,
                target=p,
                original=earlier,
                effective=p.first_day,
                state=ChangeState.IN_EFFECT,
                version_id=5,
                change_id=change_id,
                missed=1,
            )
            self._transition(change_id, None, ChangeState.REGISTERED, reg, nurse.id)
            self._transition(
                change_id,
                ChangeState.REGISTERED,
                ChangeState.REGISTERED,
                earlier.deadline,
                self.system_id,
                "Frist overskredet uden bekræftelse: flyttet til næste periode",
            )
            confirmed = self._between(earlier.deadline, p.deadline)
            self._transition(
                change_id,
                ChangeState.REGISTERED,
                ChangeState.CONFIRMED,
                confirmed,
                coord,
                "Tjekket i FMK",
            )
            self._transition(
                change_id,
                ChangeState.CONFIRMED,
                ChangeState.LOCKED,
                p.deadline,
                self.system_id,
                "Fristen er passeret",
            )
            self._transition(
                change_id,
                ChangeState.LOCKED,
                ChangeState.IN_EFFECT,
                min(self._at(p.first_day, 6), self.now),
                self.system_id,
                "Perioden er begyndt",
            )
            return
        reg = self._minutes_before(p.deadline, 60, 6 * 24 * 60)
        self._change(
            citizen_id=citizen_id,
            card_id=card_id,
            line=line,
            kind=ChangeKind.DOSE_CHANGE,
            version=v,
            registered_at=reg,
            by=nurse.id,
            target=p,
            original=p,
            effective=p.first_day,
            state=ChangeState.IN_EFFECT,
            version_id=4,
            change_id=change_id,
        )
        self._walk(change_id, reg, p, nurse.id, coord, ChangeState.IN_EFFECT)

    def _state_by_now(self, p: _Per, *, confirmed: bool) -> ChangeState:
        """The state a change of period ``p``, confirmed in time or not, has reached by now."""
        if p.deadline <= self.now:
            return ChangeState.IN_EFFECT if p.first_day <= self.today else ChangeState.LOCKED
        return ChangeState.CONFIRMED if confirmed else ChangeState.REGISTERED

    def _walk(
        self,
        change_id: int,
        registered_at: datetime,
        p: _Per,
        nurse: int,
        coord: int,
        final: ChangeState,
        note: str = "",
    ) -> int:
        """Transitions registered → confirmed → locked → in effect of a change of period ``p``,
        as far as ``final``. Returns the change's version (1 + the number of moves)."""
        steps = (
            ChangeState.REGISTERED,
            ChangeState.CONFIRMED,
            ChangeState.LOCKED,
            ChangeState.IN_EFFECT,
        )
        last = steps.index(final)
        self._transition(change_id, None, ChangeState.REGISTERED, registered_at, nurse, note)
        if last >= 1:
            limit = min(p.deadline, self.now)
            confirmed = self._between(registered_at, limit)
            if confirmed >= p.deadline:
                confirmed = registered_at
            self._transition(
                change_id,
                ChangeState.REGISTERED,
                ChangeState.CONFIRMED,
                confirmed,
                coord,
                "Tjekket i FMK",
            )
        if last >= 2:
            self._transition(
                change_id,
                ChangeState.CONFIRMED,
                ChangeState.LOCKED,
                p.deadline,
                self.system_id,
                "Fristen er passeret",
            )
        if last >= 3:
            started = min(self._at(p.first_day, 6), self.now)
            self._transition(
                change_id,
                ChangeState.LOCKED,
                ChangeState.IN_EFFECT,
                started,
                self.system_id,
                "Perioden er begyndt",
            )
        return 1 + last

    def _acute_bulk(
        self,
        citizen_id: int,
        card_id: int,
        group: _Group,
        line: _Line,
        day: date,
        nurse: int,
        coord: int,
    ) -> bool:
        """An acute change on ``day`` as the service makes it when tablets can be taken out of the
        bags: a dose reduction (or a discontinuation) in effect that day, its handling, and its
        follow-up for the first period whose deadline was ahead, in the state it has reached by
        now. False when it does not fit the line."""
        rng = self.rng
        base = line.version_on(day)
        if (
            base is None
            or base["valid_from"] >= day
            or base["status"] != "active"
            or not base["dosage"]
        ):
            return False
        at = self._at(day, rng.randint(8, 15), rng.choice((0, 10, 20, 30, 40, 50)))
        if at >= self.now:
            at = self._minutes_before(self.now, 30, 90)
        tp = group.first_deadline_after(at)
        cur = group.containing(day)
        if tp is None or cur is None:
            return False
        dosage = parse_dosage(base["dosage"])
        if len(dosage.entries) >= 2:
            kind, what = ChangeKind.DOSE_CHANGE, "decrease"
            slots = [dosage.entries[-1].at]
            changes: dict[str, Any] = {
                "dosage": format_dosage(
                    Dosage(entries=dosage.entries[:-1], weekdays=dosage.weekdays)
                )
            }
        else:
            kind, what = ChangeKind.DISCONTINUE, "discontinue"
            slots = [e.at for e in dosage.entries]
            changes = {"status": "discontinued"}
        acute_id = self._next("changes")
        v = self._derived(line, base, day, acute_id, **changes)
        doctor = f"Læge {rng.choice(FEMALE + MALE)} {rng.choice(LAST)}" + (
            " (vagtlæge)" if rng.random() < 0.4 else ""
        )
        self._change(
            citizen_id=citizen_id,
            card_id=card_id,
            line=line,
            kind=kind,
            version=v,
            registered_at=at,
            by=nurse,
            target=cur,
            original=cur,
            effective=day,
            state=ChangeState.IN_EFFECT,
            version_id=1,
            acute=True,
            reason=rng.choice(ACUTE_REASONS[what]),
            doctor=doctor,
            if_waited=tp,
            change_id=acute_id,
        )
        self._transition(acute_id, None, ChangeState.IN_EFFECT, at, nurse, "akut")
        bags = [
            {"day": bag.day.isoformat(), "slot": bag.slot}
            for bag in self._bags(dosage, day, at, cur)
            if bag.slot in slots
        ]
        handling_id = self._next("acute_handlings")
        self.buf["acute_handlings"].append(
            dict(
                id=handling_id,
                change_id=acute_id,
                kind=HandlingKind.REMOVE_TABLETS.value,
                bags=json.dumps(bags),
                identifiable=True,
                ordinary_until=None,
                note="Tabletterne er taget ud af poserne",
            )
        )
        # The nurse signs a bag when she takes the tablets out: the bags of the days before
        # today are signed; today's and later ones are still to do.
        for row in repo.handling_step_rows(
            handling_id,
            acute_id,
            HandlingKind.REMOVE_TABLETS.value,
            [(date.fromisoformat(b["day"]), b["slot"]) for b in bags],
        ):
            signed = row["day"] < self.today
            self.buf["handling_steps"].append(
                dict(
                    row,
                    id=self._next("handling_steps"),
                    done_at=at if signed else None,
                    done_by=nurse if signed else None,
                )
            )
        follow_id = self._next("changes")
        note = f"opfølgning på akut ændring {acute_id}"
        final = self._state_by_now(tp, confirmed=rng.random() < 0.7)
        version = self._walk(follow_id, at, tp, nurse, coord, final, note)
        self._change(
            citizen_id=citizen_id,
            card_id=card_id,
            line=line,
            kind=kind,
            version=v,
            registered_at=at,
            by=nurse,
            target=tp,
            original=tp,
            effective=tp.first_day,
            state=final,
            version_id=version,
            doctor=doctor,
            reason=f"Opfølgning på akut ændring {acute_id}",
            follow_up_of=acute_id,
            change_id=follow_id,
        )
        return True

    def _recent_acute(
        self, citizen_id: int, card_id: int, group: _Group, lines: list[_Line], nurse: Actor
    ) -> None:
        """An acute change in the last two weeks, written in bulk (beyond the service's cap)."""
        rng = self.rng
        roll = [
            ln
            for ln in lines
            if ln.supply is Supply.DOSE_ROLL
            and ln.card_id == card_id
            and ln.end is None
            and not ln.reserved
        ]
        if not roll:
            return
        day = self.today - timedelta(days=rng.randint(1, 13))
        line = rng.choice(roll)
        if self._acute_bulk(
            citizen_id, card_id, group, line, day, nurse.id, rng.choice(self.coordinators)
        ):
            line.reserved = True

    def _coming_changes(
        self,
        citizen_id: int,
        card_id: int,
        group: _Group,
        lines: list[_Line],
        families: list[str],
        nurse: Actor,
    ) -> None:
        rng = self.rng
        n = 2 if rng.random() < 0.15 else 1
        used: list[int] = []
        for _ in range(n):
            r = rng.random()
            if group.locked is not None and self.c.locked < 8:
                state = "locked"  # a few in every demo: a roll between deadline and start
            elif r < 0.40:
                state = "registered"
            elif r < 0.77:
                state = "confirmed"
            elif r < 0.87 or self.c.missed < 3:
                state = "missed" if group.earlier is not None else "registered"
            elif r < 0.95:
                state = "locked" if group.locked is not None else "confirmed"
            else:
                state = "cancelled"
            if state == "missed":
                self.c.missed += 1
            if state == "locked":
                self.c.locked += 1
            kind = rng.choices(
                (
                    ChangeKind.DOSE_CHANGE,
                    ChangeKind.NEW,
                    ChangeKind.DISCONTINUE,
                    ChangeKind.PAUSE_LINE,
                    ChangeKind.SWITCH_SUPPLY,
                ),
                weights=(45, 20, 20, 5, 10),
            )[0]
            self._coming_change(
                citizen_id, card_id, group, lines, families, nurse, state, kind, used
            )

    def _coming_change(
        self,
        citizen_id: int,
        card_id: int,
        group: _Group,
        lines: list[_Line],
        families: list[str],
        nurse: Actor,
        state: str,
        kind: ChangeKind,
        used: list[int],
    ) -> None:
        rng = self.rng
        coord = rng.choice(self.coordinators)
        target = group.locked if state == "locked" and group.locked else group.target
        eff = target.first_day
        # When it was registered.
        if state == "missed":
            assert group.earlier is not None
            reg = self._minutes_before(group.earlier.deadline, 120, 4 * 24 * 60)
        elif state == "locked":
            reg = self._minutes_before(target.deadline, 180, 5 * 24 * 60)
        else:
            lo = self.now - timedelta(days=12)
            if group.earlier is not None and group.earlier.deadline > lo:
                lo = group.earlier.deadline
            reg = self._between(lo, self.now)
        candidates = [
            ln
            for ln in lines
            if ln.card_id == card_id and not ln.reserved and ln.id not in used and ln.end is None
        ]
        line: _Line | None = None
        if kind is not ChangeKind.NEW:
            if kind in (ChangeKind.PAUSE_LINE, ChangeKind.SWITCH_SUPPLY):
                candidates = [ln for ln in candidates if ln.supply is Supply.DOSE_ROLL]
            elif kind is ChangeKind.DOSE_CHANGE:
                candidates = [ln for ln in candidates if (ln.version_on(eff) or {}).get("dosage")]
            candidates = [
                ln for ln in candidates if (ln.version_on(eff) or {}).get("status") == "active"
            ]
            if not candidates:
                kind = ChangeKind.NEW
            else:
                line = rng.choice(candidates)
        change_id = self._next("changes")
        if kind is ChangeKind.NEW:
            idx = next(
                (
                    i
                    for i in self._weighted_order(self.roll_inv)
                    if _family(ROLL[i][0]) not in families
                ),
                None,
            )
            if idx is None:
                return
            families.append(_family(ROLL[idx][0]))
            line = self._roll_line(citizen_id, card_id, idx, valid_from=eff)
            line.versions[0]["change_id"] = change_id
            line.versions[0]["prescription_valid_until"] = eff + timedelta(
                days=rng.randint(180, 700)
            )
            lines.append(line)
            v = line.versions[0]
        else:
            assert line is not None
            base = line.version_on(eff)
            assert base is not None
            if kind is ChangeKind.DOSE_CHANGE:
                changes: dict[str, Any] = {
                    "dosage": self._other_dosage(base["dosage"], base["atc"])
                }
            elif kind is ChangeKind.DISCONTINUE:
                changes = {"status": "discontinued"}
            elif kind is ChangeKind.PAUSE_LINE:
                changes = {"status": "paused"}
            else:
                changes = {"supply": Supply.ORDINARY.value}
            if state == "cancelled":
                v = dict(base, **changes)
            else:
                v = self._derived(line, base, eff, change_id, **changes)
        used.append(line.id)
        if state == "cancelled":
            if kind is ChangeKind.NEW:  # a cancelled new line never reaches the card
                line.versions.clear()
                lines.remove(line)
                families.pop()
                v = dict(v)
                line = None
            cancel_at = self._between(reg, self.now)
            self._change(
                citizen_id=citizen_id,
                card_id=card_id,
                line=line,
                kind=kind,
                version=v,
                registered_at=reg,
                by=nurse.id,
                target=target,
                original=target,
                effective=eff,
                state=ChangeState.CANCELLED,
                version_id=2,
                cancel_reason="Registreret på forkert borger",
                change_id=change_id,
            )
            self._transition(change_id, None, ChangeState.REGISTERED, reg, nurse.id)
            self._transition(
                change_id,
                ChangeState.REGISTERED,
                ChangeState.CANCELLED,
                cancel_at,
                coord,
                "Registreret på forkert borger",
            )
            return
        st = {
            "registered": ChangeState.REGISTERED,
            "missed": ChangeState.REGISTERED,
            "confirmed": ChangeState.CONFIRMED,
            "locked": ChangeState.LOCKED,
        }[state]
        original = group.earlier if state == "missed" else target
        self._change(
            citizen_id=citizen_id,
            card_id=card_id,
            line=line,
            kind=kind,
            version=v,
            registered_at=reg,
            by=nurse.id,
            target=target,
            original=original,
            effective=eff,
            state=st,
            missed=1 if state == "missed" else 0,
            version_id={"registered": 1, "missed": 2, "confirmed": 2, "locked": 3}[state],
            change_id=change_id,
        )
        self._transition(change_id, None, ChangeState.REGISTERED, reg, nurse.id)
        if state == "missed":
            assert group.earlier is not None
            self._transition(
                change_id,
                ChangeState.REGISTERED,
                ChangeState.REGISTERED,
                group.earlier.deadline,
                self.system_id,
                "Frist overskredet uden bekræftelse: flyttet til næste periode",
            )
        elif state in ("confirmed", "locked"):
            limit = target.deadline if state == "locked" else self.now
            self._transition(
                change_id,
                ChangeState.REGISTERED,
                ChangeState.CONFIRMED,
                self._between(reg, limit),
                coord,
                "Tjekket i FMK",
            )
            if state == "locked":
                self._transition(
                    change_id,
                    ChangeState.CONFIRMED,
                    ChangeState.LOCKED,
                    target.deadline,
                    self.system_id,
                    "Fristen er passeret",
                )

    # -- double prescriptions (R5) -------------------------------------------

    def _double(
        self, citizen_id: int, card_id: int, lines: list[_Line], families: list[str]
    ) -> None:
        rng = self.rng
        made = sum(self.c.doubles_by_kind.values())
        kinds = ("high", "review_pn", "review_roll", "info")
        kind = kinds[made % 4] if made < 8 else rng.choices(kinds, weights=(35, 25, 20, 20))[0]
        roll = [
            ln
            for ln in lines
            if ln.card_id == card_id
            and ln.supply is Supply.DOSE_ROLL
            and ln.end is None
            and not ln.reserved
            and len(ln.versions) == 1
        ]
        if not roll:
            return
        vf = self.today - timedelta(days=rng.randint(10, 200))
        pair: tuple[_Line, _Line] | None = None
        if kind == "review_pn":
            pair = self._double_pn(citizen_id, card_id, lines, families, roll, vf)
        elif kind == "review_roll":
            for a in rng.sample(roll, len(roll)):
                others = [
                    p
                    for p in self.by_atc[a.product.atc]
                    if p.dd and p.strength != a.product.strength
                ]
                if others:
                    idx = next(i for i, r in enumerate(ROLL) if r[0] == a.product.atc)
                    b = self._roll_line(
                        citizen_id, card_id, idx, valid_from=vf, product=rng.choice(others)
                    )
                    b.versions[0]["dosage"] = _canon("0+0+1+0")
                    pair = (a, b)
                    break
        elif kind == "info":
            for a in rng.sample(roll, len(roll)):
                siblings = [
                    p
                    for p in self.products
                    if p.atc[:5] == a.product.atc[:5] and p.atc != a.product.atc and len(p.atc) == 7
                ]
                if siblings:
                    prod = rng.choice(siblings)
                    b = _Line(self._next("lines"), card_id, prod, Supply.ORDINARY, [])
                    self._version(b, citizen_id, vf, _canon("1+0+0+0"))
                    pair = (a, b)
                    break
        if pair is None:  # "high", and the fallback of the others
            kind = "high"
            a = rng.choice(roll)
            same = [p for p in self.by_atc[a.product.atc] if p.trade != a.product.trade]
            prod = rng.choice(same) if same else a.product
            b = _Line(self._next("lines"), card_id, prod, Supply.ORDINARY, [])
            self._version(b, citizen_id, vf, a.versions[0]["dosage"] or _canon("1+0+0+0"))
            pair = (a, b)
        a, b = pair
        for ln in pair:
            ln.reserved = True
            for v in ln.versions:
                v["private"] = False
            if all(x is not ln for x in lines):
                lines.append(ln)
        self.c.doubles_by_kind[kind] += 1
        self.c.flags += 1
        # The first of each kind stays open, so every severity shows in the flag list.
        if self.c.doubles_by_kind[kind] > 1 and rng.random() < 0.35:
            la, lb = sorted((a, b), key=lambda ln: ln.id)
            self.buf["flag_acks"].append(
                dict(
                    id=self._next("flag_acks"),
                    citizen_id=citizen_id,
                    line_a=la.id,
                    line_b=lb.id,
                    version_a=self._today_version(la),
                    version_b=self._today_version(lb),
                    kind="intentional",
                    reason=rng.choice(ACK_REASONS),
                    until=None
                    if rng.random() < 0.6
                    else self.today + timedelta(days=rng.randint(30, 120)),
                    created_at=self._minutes_before(self.now, 60, 9 * 24 * 60),
                    created_by=rng.choice(self.coordinators),
                )
            )

    def _today_version(self, line: _Line) -> int:
        v = line.version_on(self.today)
        assert v is not None
        return int(v["id"])

    def _double_pn(
        self,
        citizen_id: int,
        card_id: int,
        lines: list[_Line],
        families: list[str],
        roll: list[_Line],
        vf: date,
    ) -> tuple[_Line, _Line]:
        """Paracetamol in the roll and as needed (REVIEW)."""
        rng = self.rng
        roll_pcm = next(
            (
                ln
                for ln in lines
                if ln.product.atc == "N02BE01"
                and ln.supply is Supply.DOSE_ROLL
                and ln.card_id == card_id
            ),
            None,
        )
        pn = next(
            (
                ln
                for ln in lines
                if ln.product.atc == "N02BE01"
                and ln.supply is Supply.AS_NEEDED
                and ln.card_id == card_id
            ),
            None,
        )
        roll_idx = next(i for i, r in enumerate(ROLL) if r[0] == "N02BE01")
        if roll_pcm is None:
            roll_pcm = self._roll_line(citizen_id, card_id, roll_idx, valid_from=vf)
        if pn is None:
            idx = next(
                i for i, o in enumerate(OUTSIDE) if o[0] == "N02BE01" and o[2] is Supply.AS_NEEDED
            )
            brus = [p for p in self.by_atc["N02BE01"] if "Brus" in p.trade]
            pn = self._outside_line(
                citizen_id, card_id, idx, valid_from=vf, product=rng.choice(brus) if brus else None
            )
        if "N02BE" not in families:
            families.append("N02BE")
        return roll_pcm, pn

    def _supply_failure_line(
        self, citizen_id: int, roll_line: _Line, sf_id: int, sf_from: date, sf_to: date
    ) -> _Line:
        line = _Line(
            self._next("lines"),
            roll_line.card_id,
            roll_line.product,
            Supply.ORDINARY,
            [],
            reserved=True,
            supply_failure_id=sf_id,
        )
        cur = roll_line.versions[-1]
        start = sf_from + timedelta(days=self.rng.randint(0, 3))
        self._version(
            line,
            citizen_id,
            start,
            cur["dosage"] or _canon("1+0+0+0"),
            indication="Gives ved siden af rullen pga. leveringssvigt",
        )
        self._version(
            line,
            citizen_id,
            sf_to + timedelta(days=1),
            cur["dosage"],
            status="discontinued",
            indication="Gives ved siden af rullen pga. leveringssvigt",
        )
        return line

    # -- hospital contacts (R6) and pauses (R4) -------------------------------

    def _contacts(self, citizen_id: int, card_ids: list[int]) -> datetime | None:
        """Maybe a hospital contact. Returns the admission time when admitted now."""
        rng, now = self.rng, self.now
        r = rng.random()
        forced_recent = self.c.recent_discharges < 3 and rng.random() < 0.3
        if r < 0.04:
            psych = self._quota(self.c.psychiatric, 1, 0.1, 0.5)
            self.c.psychiatric += psych
            hosp, dept, phone = rng.choice(PSYCHIATRIC if psych else SOMATIC)
            started = self._minutes_before(now, 180, 21 * 24 * 60)
            cid = self._contact(
                citizen_id,
                ContactKind.ADMISSION,
                hosp,
                dept,
                phone,
                started,
                None,
                somatic=not psych,
                paused=True,
                checklist=(False,) * 4,
            )
            self._pause(card_ids, started, None, f"Indlæggelse: {dept}", cid)
            return started
        if forced_recent or r < 0.052:
            psych = not forced_recent and rng.random() < 0.1
            short = not forced_recent and rng.random() < 0.15
            hosp, dept, phone = rng.choice(PSYCHIATRIC if psych else SOMATIC)
            ended = self._minutes_before(now, 60, 70 * 60)
            started = (
                self._minutes_before(ended, 6 * 60, 20 * 60)
                if short
                else self._minutes_before(ended, 26 * 60, 14 * 24 * 60)
            )
            extended = None
            if rng.random() < 0.1:
                extended = ended + timedelta(hours=rng.choice((96, 120)))
            resumed = None
            if rng.random() < 0.6:
                candidate = self._minutes_after(ended, 120, 24 * 60)
                if candidate < now:
                    resumed = candidate
            checklist = (
                rng.random() < 0.7,
                rng.random() < 0.5,
                rng.random() < 0.4,
                resumed is not None,
            )
            cid = self._contact(
                citizen_id,
                ContactKind.ADMISSION,
                hosp,
                dept,
                phone,
                started,
                ended,
                somatic=not psych,
                paused=True,
                checklist=checklist,
                extended=extended,
            )
            self._pause(card_ids, started, resumed, f"Indlæggelse: {dept}", cid)
            if not psych and not short:
                self.c.recent_discharges += 1
            return None
        if r < 0.09:
            psych = rng.random() < 0.1
            hosp, dept, phone = rng.choice(PSYCHIATRIC if psych else SOMATIC)
            ended = self._minutes_before(now, 4 * 24 * 60, 300 * 24 * 60)
            started = self._minutes_before(ended, 20 * 60, 20 * 24 * 60)
            done = rng.random() < 0.9
            cid = self._contact(
                citizen_id,
                ContactKind.ADMISSION,
                hosp,
                dept,
                phone,
                started,
                ended,
                somatic=not psych,
                paused=True,
                checklist=(done,) * 4,
            )
            self._pause(
                card_ids,
                started,
                self._minutes_after(ended, 60, 24 * 60),
                f"Indlæggelse: {dept}",
                cid,
            )
            return None
        if r < 0.13:
            acute = r >= 0.12
            hosp, dept, phone = rng.choice(ACUTE_OUTPATIENT if acute else OUTPATIENT)
            day = self.today - timedelta(days=rng.randint(0 if acute else 1, 200))
            started = self._at(day, rng.randint(8, 14), rng.choice((0, 15, 30, 45)))
            if started >= now:
                started = self._minutes_before(now, 120, 240)
            ended = self._minutes_after(started, 45, 240)
            if ended > now:
                ended = now
            self._contact(
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

    def _contact(
        self,
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
        cid = self._next("hospital_contacts")
        until = (
            responsibility_until(HospitalStay(kind, started, ended, somatic, True, extended))
            if ended is not None
            else None
        )
        self.buf["hospital_contacts"].append(
            dict(
                id=cid,
                citizen_id=citizen_id,
                kind=kind.value,
                hospital=hosp,
                department=dept,
                phone=phone,
                dept_sor=_made_up("9998", f"{hosp}/{dept}", 8) + "016",
                dept_ean=_made_up("579998", f"{dept}/{hosp}", 7),
                started_at=started,
                ended_at=ended,
                somatic=somatic,
                municipal_nursing=True,
                extended_until=extended,
                responsibility_until=until,
                dd_paused=paused,
                dd_changes=changes or self.rng.random() < 0.2,
                note="",
                epicrisis_received=checklist[0],
                fmk_checked=checklist[1],
                changes_registered=checklist[2],
                dd_decided=checklist[3],
                version_id=1,
            )
        )
        return cid

    def _pause(
        self,
        card_ids: list[int],
        at: datetime,
        resumed: datetime | None,
        reason: str,
        contact_id: int,
    ) -> None:
        for card_id in card_ids:
            self.buf["pauses"].append(
                dict(
                    id=self._next("pauses"),
                    card_id=card_id,
                    paused_at=at,
                    resumed_at=resumed,
                    reason=reason,
                    contact_id=contact_id,
                )
            )
            if resumed is None:
                for row in reversed(self.buf["cards"]):
                    if row["id"] == card_id:
                        row["paused"] = True
                        break

    # -- renewals (R7) and packed products (R8) -------------------------------

    def _renewals(self, citizen_id: int, team_id: int, lines: list[_Line]) -> None:
        rng, today, now = self.rng, self.today, self.now
        for ln in lines:
            v = ln.version_on(today)
            if (
                v is None
                or ln.supply is not Supply.DOSE_ROLL
                or v["status"] != "active"
                or v["prescription_valid_until"] is None
                or ln.end is not None
            ):
                continue
            until: date = v["prescription_valid_until"]
            due = until <= today + timedelta(days=28)
            if due and self._quota(self.c.rejections, 12, 0.01, 0.5):
                reason = list(RejectionReason)[self.c.rejections % len(RejectionReason)]
                self.c.rejections += 1
                sent = self._minutes_before(now, 5 * 24 * 60, 20 * 24 * 60)
                decided = self._between(sent, self._minutes_before(now, 30, 60))
                rid = self._renewal(ln.id, citizen_id, sent, "rejected", reason.value, decided, 2)
                self.buf["tasks"].append(
                    dict(
                        id=self._next("tasks"),
                        citizen_id=citizen_id,
                        team_id=team_id,
                        kind="renewal_rejected",
                        text=f"Receptfornyelse afvist: {rejection_text(reason)}",
                        created_at=decided,
                        done_at=None,
                        renewal_id=rid,
                    )
                )
            elif due and rng.random() < 0.3:
                self._renewal(
                    ln.id,
                    citizen_id,
                    self._minutes_before(now, 60, 12 * 24 * 60),
                    "sent",
                    None,
                    None,
                    1,
                )
            elif not due and until > today + timedelta(days=300) and rng.random() < 0.015:
                sent = self._minutes_before(now, 30 * 24 * 60, 300 * 24 * 60)
                self._renewal(
                    ln.id,
                    citizen_id,
                    sent,
                    "renewed",
                    None,
                    self._minutes_after(sent, 600, 4 * 24 * 60),
                    2,
                )

    def _renewal(
        self,
        line_id: int,
        citizen_id: int,
        sent: datetime,
        state: str,
        reason: str | None,
        decided: datetime | None,
        version: int,
    ) -> int:
        rid = self._next("renewal_requests")
        self.buf["renewal_requests"].append(
            dict(
                id=rid,
                line_id=line_id,
                citizen_id=citizen_id,
                sent_at=sent,
                state=state,
                rejection_reason=reason,
                decided_at=decided,
                note="",
                version_id=version,
            )
        )
        return rid

    def _packed(self, lines: list[_Line], group: _Group, *, skip_current: bool) -> None:
        rng = self.rng
        periods = [p for p in (group.prev, group.cur) if p is not None]
        if skip_current:
            periods = periods[:1] if group.prev is not None else []
        for ln in lines:
            if ln.supply is not Supply.DOSE_ROLL:
                continue
            names = self.substitutes.get((ln.product.atc, ln.product.strength)) or [
                ln.product.trade
            ]
            name = ln.product.trade if rng.random() < 0.6 else rng.choice(names)
            for i, p in enumerate(periods):
                v = ln.version_on(p.first_day)
                if v is None or v["status"] != "active" or v["supply"] != "dose_roll":
                    continue
                if i > 0 and len(names) > 1 and rng.random() < 0.05:
                    name = rng.choice([x for x in names if x != name])
                self.buf["packed_products"].append(
                    dict(
                        id=self._next("packed_products"),
                        line_id=ln.id,
                        period_id=p.id,
                        trade_name=name,
                    )
                )

    # -- writing -------------------------------------------------------------

    def flush(self) -> None:
        conn = self.s.connection()
        for name in _ORDER:
            rows = self.buf.pop(name, None)
            if rows:
                _bulk_insert(conn, _table(name), rows)
        self.buf.clear()

    # -- acute changes through the service (R3) -------------------------------

    def plan_acute(self) -> list[tuple[datetime, _AcutePlan, ChangeRequest]]:
        rng, now = self.rng, self.now
        out: list[tuple[datetime, _AcutePlan, ChangeRequest]] = []
        for plan in self.acute:
            if rng.random() < 0.7:
                at = self._minutes_before(now, 5, 150)
                if at.date() != self.today:
                    at = self._at(self.today, 0, 5) if now > self._at(self.today, 0, 5) else now
                # No deadline may fall between the change and now (it would count as missed).
                for p in plan.group.periods:
                    if at < p.deadline <= now:
                        at = p.deadline
                plan.days_back = 0
            else:
                plan.days_back = rng.randint(1, 6)
                at = self._at(
                    self.today - timedelta(days=plan.days_back),
                    rng.randint(8, 15),
                    rng.choice((0, 10, 20, 30, 40, 50)),
                )
            plan.at = at
            req = self._acute_request(plan, at)
            if req is not None:
                out.append((at, plan, req))
        out.sort(key=lambda x: (x[0].astimezone(UTC), x[1].order))
        return out

    def _acute_request(self, plan: _AcutePlan, at: datetime) -> ChangeRequest | None:
        rng = self.rng
        day = at.date()
        cur = plan.group.containing(day)
        if cur is None:
            return None
        roll = [
            ln
            for ln in plan.lines
            if ln.supply is Supply.DOSE_ROLL
            and ln.end is None
            and (ln.version_on(day) or {}).get("status") == "active"
        ]
        doctor = f"Læge {rng.choice(FEMALE + MALE)} {rng.choice(LAST)}" + (
            " (vagtlæge)" if rng.random() < 0.4 else ""
        )
        what = rng.choices(
            ("decrease", "increase", "new", "discontinue"), weights=(40, 20, 20, 20)
        )[0]
        source = rng.choice(("Vagtlæge", "Egen læge", "Sygehus"))
        received = self._minutes_before(at, 10, 60)
        if what != "new" and roll:
            line = rng.choice(roll)
            v = line.version_on(day)
            assert v is not None
            dosage = parse_dosage(v["dosage"])
            if what == "decrease" and len(dosage.entries) < 2:
                what = "discontinue"
            if what == "decrease":
                removed = dosage.entries[-1]
                new = format_dosage(Dosage(entries=dosage.entries[:-1], weekdays=dosage.weekdays))
                bags = self._bags(dosage, day, at, cur, only=removed.at)
                kind, handling, text = ChangeKind.DOSE_CHANGE, HandlingKind.REMOVE_TABLETS, new
            elif what == "increase":
                first = dosage.entries[0]
                entries = (DoseEntry(first.at, first.amount + 1), *dosage.entries[1:])
                text = format_dosage(Dosage(entries=entries, weekdays=dosage.weekdays))
                bags = self._bags(dosage, day, at, cur)
                kind, handling = ChangeKind.DOSE_CHANGE, HandlingKind.DISCARD_BAGS
            else:
                bags = self._bags(dosage, day, at, cur)
                kind, handling, text = ChangeKind.DISCONTINUE, HandlingKind.REMOVE_TABLETS, ""
            if bags:
                identifiable = handling is HandlingKind.REMOVE_TABLETS
                note = (
                    "Tabletterne er taget ud af poserne"
                    if identifiable
                    else "Poserne kasseret; medicinen gives fra almindelig pakning"
                )
                return ChangeRequest(
                    cpr=plan.cpr,
                    kind=kind,
                    line_id=line.id,
                    dosage=text or None,
                    source=source,
                    received_at=received,
                    acute=True,
                    reason=rng.choice(ACUTE_REASONS[what]),
                    doctor=doctor,
                    handlings=(HandlingRequest(handling, tuple(bags), identifiable, note),),
                )
        # A new drug in the roll, given from an ordinary pack until the roll carries it.
        idx = next(
            (
                i
                for i in self._weighted_order(self.roll_inv)
                if _family(ROLL[i][0]) not in plan.families
            ),
            None,
        )
        if idx is None:
            return None
        _atc, _w, dosages, _s, _ind = ROLL[idx]
        prod = rng.choice(self.roll_choices[idx])
        return ChangeRequest(
            cpr=plan.cpr,
            kind=ChangeKind.NEW,
            product=f"#{prod.id}",
            dosage=_canon(rng.choice(dosages)),
            supply=Supply.DOSE_ROLL,
            source=source,
            received_at=received,
            acute=True,
            reason=rng.choice(ACUTE_REASONS["new"]),
            doctor=doctor,
            card_id=plan.card_id,
            prescription_valid_until=day + timedelta(days=rng.randint(180, 700)),
            handlings=(
                HandlingRequest(
                    HandlingKind.ASK_PHARMACY,
                    note="Apoteket udleverer en almindelig pakning til tiden indtil næste rulle",
                ),
            ),
        )

    def _bags(
        self, dosage: Dosage, day: date, at: datetime, cur: _Per, only: str | None = None
    ) -> list[BagRef]:
        out: list[BagRef] = []
        for d in range(3):
            bag_day = day + timedelta(days=d)
            if bag_day > cur.last_day:
                break
            for slot, _amount in bags_on(dosage, bag_day):
                if only is not None and slot != only:
                    continue
                hour = _SLOT_HOUR.get(slot)
                if hour is None:
                    hour = int(slot.split(":")[0])
                if bag_day == day and hour <= at.hour:
                    continue
                out.append(BagRef(bag_day, slot))
        return out[:4]

    def sync_sequences(self) -> None:
        """PostgreSQL: move each id sequence past the ids written here, so rows the services add
        get fresh ids. (SQLite takes max(id) + 1 by itself.)"""
        if self.s.get_bind().dialect.name != "postgresql":
            return
        for name in _ORDER:
            self.s.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"COALESCE((SELECT max(id) FROM {name}), 1), "
                    f"(SELECT max(id) FROM {name}) IS NOT NULL)"
                )
            )

    def run_acute(self, db: Database, should_cancel: Callable[[], bool] | None) -> int:
        """Register the planned acute changes through the service; returns how many were made."""
        self.sync_sequences()
        planned = self.plan_acute()
        inside = _InTransaction(db, self.s)
        earlier: list[int] = []
        made = 0
        for i, (at, plan, req) in enumerate(planned):
            if should_cancel is not None and i % 25 == 0 and should_cancel():
                raise DemoCancelled
            ctx = Ctx(inside, plan.actor, fixed_clock(at))
            try:
                dto = register(ctx, req)
            except DosisError as e:  # a rule said no: leave this one out, keep the rest
                log.warning("demo: acute change left out: %s", e.english)
                continue
            made += 1
            if plan.days_back and dto.follow_up_id is not None:
                earlier.append(dto.follow_up_id)
        self._settle_follow_ups(earlier)
        return made

    def _settle_follow_ups(self, follow_ids: list[int]) -> None:
        """Follow-ups of acute changes from earlier days were confirmed in time, and their
        period's deadline or first day may have passed since."""
        s, rng = self.s, self.rng
        if not follow_ids:
            return
        self._reset_ids()  # the service has written rows since
        rows = s.execute(
            select(
                m.Change.id,
                m.Change.registered_at,
                m.Change.version_id,
                m.Period.deadline,
                m.Period.first_day,
            )
            .join(m.Period, m.Period.id == m.Change.target_period_id)
            .where(m.Change.id.in_(follow_ids))
            .order_by(m.Change.id)
        ).all()
        for change_id, reg, version, deadline, first_day in rows:
            if deadline > self.now and rng.random() < 0.3:
                continue  # still registered, deadline ahead
            coord = rng.choice(self.coordinators)
            confirmed = self._minutes_after(reg, 30, 180)
            if confirmed >= deadline or confirmed > self.now:
                confirmed = self._between(reg, min(deadline, self.now))
            self._transition(
                change_id,
                ChangeState.REGISTERED,
                ChangeState.CONFIRMED,
                confirmed,
                coord,
                "Tjekket i FMK",
            )
            state, version = ChangeState.CONFIRMED, version + 1
            if deadline <= self.now:
                self._transition(
                    change_id,
                    ChangeState.CONFIRMED,
                    ChangeState.LOCKED,
                    deadline,
                    self.system_id,
                    "Fristen er passeret",
                )
                state, version = ChangeState.LOCKED, version + 1
                if first_day <= self.today:
                    self._transition(
                        change_id,
                        ChangeState.LOCKED,
                        ChangeState.IN_EFFECT,
                        min(self._at(first_day, 6), self.now),
                        self.system_id,
                        "Perioden er begyndt",
                    )
                    state, version = ChangeState.IN_EFFECT, version + 1
            s.execute(
                update(m.Change)
                .where(m.Change.id == change_id)
                .values(state=state.value, version_id=version)
                .execution_options(synchronize_session=False)
            )
        self.flush()
        self.sync_sequences()
        s.expire_all()


# ---------------------------------------------------------------------------
# The entry point
# ---------------------------------------------------------------------------


def refuse_real_database(db: Database) -> None:
    """Demo data goes into a training database only (RuleViolation otherwise)."""
    if not db.is_training():
        raise RuleViolation(
            "demo data goes into a training database only",
            "Demodata kan kun lægges i en øvelsesdatabase, og dette er en rigtig database (den "
            "skifter aldrig art). Opret en øvelsesdatabase med 'dosisdesk db init --training'.",
        )


def _made_up(prefix: str, key: str, digits: int) -> str:
    """A stable made-up number in a range no register issues (demo SOR codes, EAN numbers)."""
    return f"{prefix}{zlib.crc32(key.encode()) % 10**digits:0{digits}d}"


def build_demo(
    db: Database,
    *,
    citizens: int,
    seed: int,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> DemoSummary:
    """Fill an empty training database (øvelsesdatabase) with fictitious demo data.

    Refuses with RuleViolation when the database already has citizens. ``progress(done, total)``
    is called after each step; ``should_cancel()`` is asked between steps and, when it answers
    true, DemoCancelled is raised and nothing is written.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if not 1 <= citizens <= MAX_CITIZENS:
        raise InvalidInput(
            f"citizens must be 1..{MAX_CITIZENS}, got {citizens}",
            f"Antallet af borgere skal være mellem 1 og {MAX_CITIZENS:,}.".replace(",", "."),
        )
    refuse_real_database(db)
    started = _time.perf_counter()
    batches = math.ceil(citizens / BATCH_CITIZENS)
    total = batches + 3
    step = 0

    def tick() -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(step, total)

    def check() -> None:
        if should_cancel is not None and should_cancel():
            raise DemoCancelled

    with db.begin() as s:
        if s.scalar(select(func.count()).select_from(m.Citizen)):
            raise RuleViolation(
                "the database already has citizens",
                "Databasen indeholder allerede borgere. Demodata kan kun lægges i en tom database.",
            )
        b = _Builder(s, citizens, seed, now)
        b.setup()
        tick()
        made = 0
        for _batch in range(batches):
            check()
            for _ in range(min(BATCH_CITIZENS, citizens - made)):
                b.citizen()
                made += 1
            b.flush()
            tick()
        check()
        b.run_acute(db, should_cancel)
        tick()
        check()
        counts = {
            name: int(s.scalar(select(func.count()).select_from(_table(name))) or 0)
            for name in ("citizens", "lines", "changes", "hospital_contacts")
        }
        system = Actor(b.system_id, "system", "dosisdesk (automatisk)", Role.ADMINISTRATOR, None)
        audit.record(
            s,
            system,
            b.now,
            "demo.build",
            "database",
            None,
            None,
            after={
                "citizens": counts["citizens"],
                "seed": seed,
                "lines": counts["lines"],
                "changes": counts["changes"],
                "contacts": counts["hospital_contacts"],
            },
        )
    tick()
    return DemoSummary(
        citizens=counts["citizens"],
        lines=counts["lines"],
        changes=counts["changes"],
        contacts=counts["hospital_contacts"],
        flags_expected=b.c.flags,
        seconds=round(_time.perf_counter() - started, 2),
    )
