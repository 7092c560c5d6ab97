"""The demo's catalogue: invented people, places, hospitals and doctors' words, and the drug
profiles (which substances a card in the roll and outside it holds, how dosed, how common).

Nothing here is real: post codes above 9990 do not exist, SOR codes and EAN numbers are made up in
ranges no register issues (:func:`made_up`), and the names are common Danish names, mixed.
"""

from __future__ import annotations

import zlib

from dosisdesk.domain.dosage import format_dosage, parse_dosage
from dosisdesk.domain.types import Supply

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
LAST_WEIGHTS = tuple(1.0 / (i + 4) for i in range(len(LAST)))
FIRST_WEIGHTS = tuple(1.0 / (i + 6) for i in range(len(FEMALE)))

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
SLOT_HOUR = {"morning": 8, "noon": 12, "evening": 17, "night": 21}

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
GENERIC_DOSAGES = ("1+0+0+0", "2+0+0+0", "1+0+1+0", "½+0+0+0", "0+0+1+0", "1+1+0+0")
#: The product in supply failure (R8): common, and without a packable substitute.
SUPPLY_FAILURE_PRODUCT = ("Furix", "40 mg")


def family(atc: str) -> str:
    return _FAMILY.get(atc[:5], atc[:5])


_CANONICAL: dict[str, str] = {}


def canon(text: str) -> str:
    """The canonical dosage text (what the services store)."""
    if not text:
        return ""
    out = _CANONICAL.get(text)
    if out is None:
        out = format_dosage(parse_dosage(text))
        _CANONICAL[text] = out
    return out


def made_up(prefix: str, key: str, digits: int) -> str:
    """A stable made-up number in a range no register issues (demo SOR codes, EAN numbers)."""
    return f"{prefix}{zlib.crc32(key.encode()) % 10**digits:0{digits}d}"
