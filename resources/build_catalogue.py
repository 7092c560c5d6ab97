"""Build ``resources/catalogue.csv`` (the product catalogue) from the drug list in the repository.

    python resources/build_catalogue.py [PATH/TO/catalogue_source.csv] [--out PATH]

The source (``resources/catalogue_source.csv`` beside this script) has one row per substance and
form, with the WHO substance name and the Danish one (``substance_da``), several trade names
joined by ";", alternative strengths joined by "/" ("10/20/40/80 mg"), a dose-dispensable flag of
yes/no/check, and notes. The catalogue has one row per product, i.e. per (trade name, strength,
form), with the columns ``atc,substance,trade_name,strength,form,dose_dispensable,note``.

Danish words reach the nurse: the substance is the Danish name nurses see in FMK and on the pack
(``substance_da``: furosemid, folsyre, acetylsalicylsyre, calcium og D-vitamin), units are Danish
("mikrogram", "IE", "pust", "dosis") and forms are the Danish pharmaceutical forms
("filmovertrukne tabletter"). The ATC code stays the key; the English WHO name is not carried.

Cleaning rules (each one is visible below, nothing is silent):

* ATC codes are kept as given, including the level-4 code A12AX (calcium with vitamin D has no
  level-5 code); its note says so.
* ``check`` becomes ``false``: the pharmacy must confirm the product can be dose-dispensed; until
  then a nurse gives it beside the roll. The note says so.
* Danish text in parentheses after a form ("(filmovertrukne tabletter)") is dropped, then the
  form is written in Danish (``FORMS_DA``; a form without a Danish word stops the build); every
  field is stripped of surrounding spaces.
* Alternative strengths are split ("10/20 mg" gives 10 mg and 20 mg), except for fixed
  combinations ("50/12.5 mg" of losartan + hydrochlorothiazide is one strength, written
  "50 mg/12,5 mg").
* Decimals are written the Danish way ("2,5 mg"); international units as IE / MIE; microgram as
  mikrogram, puff as pust, dose as dosis.
* Rows whose fields are lists that line up with the trade names (or whose alternatives cannot be
  split mechanically) are spelled out in ``OVERRIDES``.

The output is sorted as the input (row order, then trade-name order, then strength order), so the
product ids a fresh database gets are stable.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE / "catalogue_source.csv"
DEFAULT_OUT = HERE / "catalogue.csv"
EXPECTED_ROWS = 74
COLUMNS = ("atc", "substance", "trade_name", "strength", "form", "dose_dispensable", "note")

#: Strengths written "a/b unit" that are one fixed combination, not alternatives.
COMBINATIONS = {"C09DA01", "R03AK06"}

CHECK_NOTE = (
    "Source says 'check': set to false until the pharmacy confirms it can be dose-dispensed; "
    "it can be given beside the roll."
)

# (atc, trade-name field of the source) -> [(trade name, [strengths], form, extra note)]
Override = list[tuple[str, list[str], str, str]]
OVERRIDES: dict[tuple[str, str], Override] = {
    ("C10AA05", 'Zarator; Atorvastatin "Krka"; Atorvastatin "Pfizer"'): [
        ("Zarator", ["10 mg", "20 mg", "40 mg", "80 mg"], "film-coated tablet", ""),
        ('Atorvastatin "Krka"', ["10 mg", "20 mg", "40 mg", "80 mg"], "film-coated tablet", ""),
        # Atorvastatin "Pfizer" is left out: the source notes it is shown as not marketed.
    ],
    ("C03CA01", "Furix; Furix Retard"): [
        ("Furix", ["40 mg"], "tablet", ""),
        ("Furix Retard", ["30 mg", "60 mg"], "prolonged-release capsule", ""),
    ],
    ("C03AB01", "Centyl med kaliumklorid; Centyl mite med kaliumklorid"): [
        ("Centyl med kaliumklorid", ["2,5 mg/573 mg"], "film-coated tablet", ""),
        ("Centyl mite med kaliumklorid", ["1,25 mg/573 mg"], "film-coated tablet", ""),
    ],
    ("C01DA02", 'Nitroglycerin "DAK"; Nitrolingual'): [
        ('Nitroglycerin "DAK"', ["0,5 mg"], "sublingual tablet", ""),
        ("Nitrolingual", ["0,4 mg/dosis"], "sublingual spray", ""),
    ],
    ("A10AE04", "Lantus; Toujeo; Abasaglar"): [
        ("Lantus", ["100 IE/ml"], "solution for injection in pre-filled pen", ""),
        ("Toujeo", ["300 IE/ml"], "solution for injection in pre-filled pen", ""),
        ("Abasaglar", ["100 IE/ml"], "solution for injection in pre-filled pen", ""),
    ],
    ("A06AD65", "Movicol"): [
        ("Movicol", ["13,7 g"], "powder for oral solution in sachet", ""),
    ],
    ("A12BA01", "Kaleorid"): [
        ("Kaleorid", ["750 mg", "1 g"], "prolonged-release tablet", ""),
    ],
    ("N02BE01", "Panodil 665 mg"): [
        (
            "Panodil",
            ["665 mg"],
            "prolonged-release tablet",
            "Trade name given as 'Panodil 665 mg' in the source; the strength is its own column.",
        ),
    ],
    ("N02AA05", "OxyContin; Oxynorm"): [
        ("OxyContin", ["5 mg", "10 mg", "20 mg"], "prolonged-release tablet", ""),
        ("Oxynorm", ["5 mg", "10 mg", "20 mg"], "capsule", ""),
    ],
    ("N02AX02", "Tradolan; Mandolgin"): [
        ("Tradolan", ["50 mg"], "capsule", ""),
        ("Tradolan", ["100 mg", "150 mg", "200 mg"], "prolonged-release tablet", ""),
        ("Mandolgin", ["50 mg"], "capsule", ""),
        ("Mandolgin", ["100 mg", "150 mg", "200 mg"], "prolonged-release tablet", ""),
    ],
    ("N06AX11", 'Remeron; Mirtazapin "Krka"'): [
        ("Remeron", ["15 mg", "30 mg"], "film-coated tablet", ""),
        ("Remeron", ["15 mg", "30 mg"], "orodispersible tablet", ""),
        ('Mirtazapin "Krka"', ["15 mg", "30 mg"], "film-coated tablet", ""),
        ('Mirtazapin "Krka"', ["15 mg", "30 mg"], "orodispersible tablet", ""),
    ],
    ("N04BA02", "Sinemet"): [
        ("Sinemet", ["100 mg/25 mg", "50 mg/12,5 mg"], "tablet", ""),
    ],
    ("M05BA04", 'Alendronat "Teva"; Fosamax'): [
        ('Alendronat "Teva"', ["70 mg"], "tablet", "Taken once a week."),
        ("Fosamax", ["70 mg"], "tablet", "Taken once a week."),
    ],
    ("J01CE02", "Primcillin; Vepicombin"): [
        (
            "Primcillin",
            ["800 mg"],
            "tablet",
            "Strengths '800 mg / 1 MIU' paired with the trade names by position; to be checked.",
        ),
        (
            "Vepicombin",
            ["1 MIE"],
            "tablet",
            "Strengths '800 mg / 1 MIU' paired with the trade names by position; to be checked.",
        ),
    ],
}

#: English pharmaceutical forms (as in the source and the overrides) and their Danish names.
FORMS_DA = {
    "tablet": "tabletter",
    "film-coated tablet": "filmovertrukne tabletter",
    "prolonged-release tablet": "depottabletter",
    "prolonged-release capsule": "depotkapsler",
    "gastro-resistant tablet": "enterotabletter",
    "gastro-resistant capsule": "enterokapsler",
    "orodispersible tablet": "smeltetabletter",
    "effervescent tablet": "brusetabletter",
    "chewable tablet": "tyggetabletter",
    "sublingual tablet": "resoribletter",
    "sublingual spray": "spray til anvendelse i munden",
    "capsule": "kapsler",
    "hard capsule": "hårde kapsler",
    "transdermal patch": "depotplastre",
    "solution for injection": "injektionsvæske, opløsning",
    "solution for injection in pre-filled pen": "injektionsvæske, opløsning i fyldt pen",
    "oral solution": "oral opløsning",
    "oral drops": "orale dråber",
    "powder for oral solution in sachet": "pulver til oral opløsning i brev",
    "inhalation powder": "inhalationspulver",
    "inhalation solution": "inhalationsvæske, opløsning",
    "eye drops": "øjendråber",
}

_PARENS = re.compile(r"\s*\(([^)]*)\)")
_ALTERNATIVES = re.compile(r"(\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?)+)\s+(\S.*)")
_DECIMAL = re.compile(r"(\d)\.(\d)")
_DANISH_HINTS = ("tablet", "kapsl", "dråb", "plaster", "resoriblet", "brus", "smelte")


def clean(text: str) -> str:
    """Surrounding spaces off, runs of spaces as one."""
    return " ".join(text.split())


def danish_units(text: str) -> str:
    """Decimal comma and Danish units."""
    text = _DECIMAL.sub(r"\1,\2", text)
    text = re.sub(r"\bMIU\b", "MIE", text)
    text = re.sub(r"\bIU\b", "IE", text)
    text = re.sub(r"\bmicrograms?\b", "mikrogram", text)
    text = re.sub(r"\bpuff\b", "pust", text)
    return re.sub(r"\bdose\b", "dosis", text)


def danish_form(form: str) -> str:
    """The Danish pharmaceutical form; "tablet / capsule" alternatives each translated."""
    parts = [clean(p) for p in re.split(r"\s*/\s*", form) if clean(p)]
    missing = [p for p in parts if p.lower() not in FORMS_DA]
    if missing:
        raise ValueError(f"no Danish word for the form(s) {missing}: add them to FORMS_DA")
    return " / ".join(FORMS_DA[p.lower()] for p in parts)


def clean_form(form: str) -> str:
    """Drop parenthesised Danish text ("(filmovertrukne tabletter)"); keep English in brackets."""

    def keep_or_drop(m: re.Match[str]) -> str:
        inner = m.group(1).lower()
        return "" if any(h in inner for h in _DANISH_HINTS) else m.group(0)

    return clean(_PARENS.sub(keep_or_drop, form))


def split_strengths(atc: str, strength: str) -> list[str]:
    """Alternative strengths as separate values; fixed combinations stay one value."""
    text = clean(strength)
    m = _ALTERNATIVES.fullmatch(text)
    if m:
        numbers, unit = m.group(1).split("/"), m.group(2)
        if atc in COMBINATIONS:
            return [danish_units("/".join(f"{n} {unit}" for n in numbers))]
        return [danish_units(f"{n} {unit}") for n in numbers]
    if " / " in text:
        return [danish_units(clean(p)) for p in text.split(" / ")]
    return [danish_units(text)]


def dispensable(flag: str) -> tuple[bool, str]:
    value = clean(flag).lower()
    if value == "yes":
        return True, ""
    if value == "no":
        return False, ""
    if value == "check":
        return False, CHECK_NOTE
    raise ValueError(f"unknown dose_dispensable value {flag!r}")


def products(row: dict[str, str]) -> Iterator[dict[str, str]]:
    atc = clean(row["atc"])
    names_field = clean(row["trade_name"])
    dd, dd_note = dispensable(row["dose_dispensable"])
    base_note = clean(row.get("notes") or "")
    if len(atc) != 7:
        base_note = clean(
            f"{base_note} ATC {atc} is a level-4 code (no level-5 code exists); it never takes "
            "part in the double-prescription check, which compares level-5 codes."
        )
    key = (atc, names_field)
    if key in OVERRIDES:
        spec = OVERRIDES[key]
    else:
        form = clean_form(row["form"])
        strengths = split_strengths(atc, row["strength"])
        spec = [(clean(n), strengths, form, "") for n in names_field.split(";") if clean(n)]
    for trade_name, strengths, form, extra in spec:
        note = clean(" ".join(p for p in (base_note, extra, dd_note) if p))
        for strength in strengths:
            yield {
                "atc": atc,
                "substance": clean(row["substance_da"]),
                "trade_name": trade_name,
                "strength": danish_units(strength),
                "form": danish_form(form),
                "dose_dispensable": "true" if dd else "false",
                "note": note,
            }


def build(source: Path) -> list[dict[str, str]]:
    with source.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if len(rows) != EXPECTED_ROWS:
        print(f"warning: expected {EXPECTED_ROWS} rows, found {len(rows)}", file=sys.stderr)
    used: set[tuple[str, str]] = set()
    out: list[dict[str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        key = (clean(row["atc"]), clean(row["trade_name"]))
        if key in OVERRIDES:
            used.add(key)
        for p in products(row):
            ident = (p["trade_name"], p["strength"], p["form"])
            if ident in seen:
                raise ValueError(f"duplicate product {ident}")
            seen.add(ident)
            out.append(p)
    unused = [k for k in OVERRIDES if k not in used]
    if unused:
        raise ValueError(f"overrides that match no source row: {unused}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    catalogue = build(args.source)
    with args.out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(catalogue)
    dd = sum(1 for p in catalogue if p["dose_dispensable"] == "true")
    print(f"{len(catalogue)} products ({dd} dose-dispensable) written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
