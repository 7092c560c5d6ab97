"""The product catalogue: the packaged CSV, the script that builds it, seeding and search."""

from __future__ import annotations

import csv
import importlib
import io
from collections.abc import Iterator
from datetime import datetime
from importlib.resources import files
from pathlib import Path

import pytest

from dosisdesk.services.catalogue import COLUMNS, load_catalogue, search_products, seed_products
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database

# resources/ is installed as the package dosisdesk.resources (mypy does not follow that mapping).
build_catalogue = importlib.import_module("dosisdesk.resources.build_catalogue")

NOW = datetime.fromisoformat("2026-11-22T10:00:00+01:00")


@pytest.fixture
def catalogue() -> list[dict[str, object]]:
    return load_catalogue()


def test_columns_and_types(catalogue: list[dict[str, object]]) -> None:
    assert len(catalogue) > 150
    for row in catalogue:
        assert tuple(row) == COLUMNS
        assert isinstance(row["dose_dispensable"], bool)
        for key in COLUMNS:
            if key != "dose_dispensable":
                value = row[key]
                assert isinstance(value, str) and value == value.strip()
        assert row["trade_name"] and row["strength"] and row["form"] and row["substance"]


def test_one_row_per_trade_name_strength_and_form(catalogue: list[dict[str, object]]) -> None:
    keys = [(r["trade_name"], r["strength"], r["form"]) for r in catalogue]
    assert len(keys) == len(set(keys))


def test_strength_lists_are_split_and_combinations_kept(
    catalogue: list[dict[str, object]],
) -> None:
    zarator = sorted(str(r["strength"]) for r in catalogue if r["trade_name"] == "Zarator")
    assert zarator == ["10 mg", "20 mg", "40 mg", "80 mg"]
    cozaar_comp = [r["strength"] for r in catalogue if r["trade_name"] == "Cozaar Comp"]
    assert cozaar_comp == ["50 mg/12,5 mg"]
    furix = {
        (r["trade_name"], r["strength"], r["form"])
        for r in catalogue
        if str(r["trade_name"]).startswith("Furix")
    }
    assert furix == {
        ("Furix", "40 mg", "tabletter"),
        ("Furix Retard", "30 mg", "depotkapsler"),
        ("Furix Retard", "60 mg", "depotkapsler"),
    }
    ramipril = {r["strength"] for r in catalogue if r["atc"] == "C09AA05"}
    assert ramipril == {"2,5 mg", "5 mg", "10 mg"}


def test_forms_are_the_danish_ones_without_parentheses(catalogue: list[dict[str, object]]) -> None:
    forms = {str(r["form"]) for r in catalogue}
    assert "filmovertrukne tabletter" in forms
    assert not [f for f in forms if "(" in f]
    assert not [f for f in forms if "tablet" in f.split() or "capsule" in f]


def test_the_danish_words_nurses_see_in_fmk_and_on_the_pack(
    catalogue: list[dict[str, object]],
) -> None:
    """Substance names and units are Danish; the ATC code stays the key (R5 compares it)."""
    by_atc = {str(r["atc"]): str(r["substance"]) for r in catalogue}
    assert by_atc["C03CA01"] == "furosemid"
    assert by_atc["B03BB01"] == "folsyre"
    assert by_atc["B01AC06"] == "acetylsalicylsyre"
    assert by_atc["A12AX"] == "calcium og D-vitamin"
    english = {
        "furosemide",
        "folic acid",
        "acetylsalicylic acid",
        "levothyroxine sodium",
        "potassium chloride",
        "insulin glargine",
        "alendronic acid",
    }
    assert not english & set(by_atc.values())
    strengths = {str(r["strength"]) for r in catalogue}
    assert "50 mikrogram" in strengths and "100 IE/ml" in strengths
    assert not [x for x in strengths if "microgram" in x or " IU" in x or "puff" in x]


def test_the_build_reads_the_source_in_the_repository() -> None:
    """The catalogue is built from resources/, never from outside the repository."""
    source = build_catalogue.DEFAULT_SOURCE
    assert source.parent == Path(build_catalogue.__file__).resolve().parent
    assert source.exists() and "shared" not in source.parts


def test_level4_atc_is_kept_and_noted(catalogue: list[dict[str, object]]) -> None:
    calcium = [r for r in catalogue if r["atc"] == "A12AX"]
    assert {r["trade_name"] for r in calcium} == {"Calcichew-D3", "Calcichew-D3 Forte"}
    assert all("level-4" in str(r["note"]) for r in calcium)


def test_check_becomes_false_with_a_note(catalogue: list[dict[str, object]]) -> None:
    warfarin = [r for r in catalogue if r["atc"] == "B01AA03"]
    assert warfarin and all(r["dose_dispensable"] is False for r in warfarin)
    assert all("pharmacy confirms" in str(r["note"]) for r in warfarin)
    # "yes" and "no" are kept as they are.
    assert all(r["dose_dispensable"] is True for r in catalogue if r["trade_name"] == "Zarator")
    assert all(r["dose_dispensable"] is False for r in catalogue if r["trade_name"] == "Xalatan")


def test_packaged_file_is_the_scripts_output(tmp_path: Path) -> None:
    if not build_catalogue.DEFAULT_SOURCE.exists():
        pytest.skip(f"source {build_catalogue.DEFAULT_SOURCE} not available")
    out = tmp_path / "catalogue.csv"
    assert build_catalogue.main(["--out", str(out)]) == 0
    packaged = files("dosisdesk.resources").joinpath("catalogue.csv").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == packaged
    rows = list(csv.DictReader(io.StringIO(packaged)))
    assert tuple(rows[0]) == build_catalogue.COLUMNS


def test_split_strengths() -> None:
    split = build_catalogue.split_strengths
    assert split("C10AA05", "10/20/40/80 mg") == ["10 mg", "20 mg", "40 mg", "80 mg"]
    assert split("N02AE01", "5/10/20 microgram/h") == [
        "5 mikrogram/h",
        "10 mikrogram/h",
        "20 mikrogram/h",
    ]
    assert split("C09DA01", "50/12.5 mg") == ["50 mg/12,5 mg"]
    assert split("A12BA01", "750 mg / 1 g") == ["750 mg", "1 g"]
    assert split("A06AD11", " 667 mg/ml ") == ["667 mg/ml"]


# ---------------------------------------------------------------------------
# In the database
# ---------------------------------------------------------------------------


@pytest.fixture
def tmp_db(tmp_path: Path) -> Iterator[Database]:
    db = Database.create("sqlite:///" + str(tmp_path / "t.sqlite"), training=True)
    yield db
    db.dispose()


@pytest.fixture
def ctx(tmp_db: Database) -> Ctx:
    with tmp_db.begin() as s:
        seed_products(s)
    return open_ctx(tmp_db, "admin", fixed_clock(NOW))


def test_seed_is_idempotent(tmp_db: Database, catalogue: list[dict[str, object]]) -> None:
    with tmp_db.begin() as s:
        assert seed_products(s) == len(catalogue)
    with tmp_db.begin() as s:
        assert seed_products(s) == 0
        assert s.query(m.Product).count() == len(catalogue)


def test_seed_adds_only_missing(tmp_db: Database, catalogue: list[dict[str, object]]) -> None:
    with tmp_db.begin() as s:
        s.add(
            m.Product(
                atc="C10AA05",
                substance="atorvastatin",
                trade_name="Zarator",
                strength="20 mg",
                form="filmovertrukne tabletter",
                dose_dispensable=True,
            )
        )
    with tmp_db.begin() as s:
        assert seed_products(s) == len(catalogue) - 1


def test_search_by_trade_name_substance_and_atc(ctx: Ctx) -> None:
    by_name = search_products(ctx, "zaRATor")
    assert [p.strength for p in by_name] == ["10 mg", "20 mg", "40 mg", "80 mg"]
    assert by_name[1].label == "Zarator 20 mg"
    by_substance = {p.trade_name for p in search_products(ctx, "ATORVA")}
    assert by_substance == {"Zarator", 'Atorvastatin "Krka"'}
    by_atc = {p.atc for p in search_products(ctx, "c10aa")}
    assert by_atc == {"C10AA01", "C10AA05", "C10AA07"}
    assert {p.atc for p in search_products(ctx, "N02BE01")} == {"N02BE01"}
    # An ATC code matches as a prefix only, not in the middle.
    assert search_products(ctx, "0AA05") == []


def test_search_limit_order_and_wildcards(ctx: Ctx) -> None:
    assert len(search_products(ctx, "", limit=5)) == 5
    hits = search_products(ctx, "a", limit=500)
    names = [p.trade_name.lower() for p in hits]
    assert names == sorted(names)
    assert search_products(ctx, "%") == []
    assert search_products(ctx, "_") == []
    assert search_products(ctx, "  ") == search_products(ctx, "")[:50]
