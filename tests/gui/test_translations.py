"""The Danish translation is complete and loads; dates use Danish month names."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from dosisdesk.app import resource_path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "dosisdesk_da.ts"


def test_every_message_has_a_danish_translation() -> None:
    sys.path.insert(0, str(ROOT / "resources"))
    try:
        from build_translations import unfinished
    finally:
        sys.path.pop(0)
    assert unfinished(TS) == []


def test_the_ts_file_knows_every_string_in_the_sources(tmp_path: Path) -> None:
    """lupdate over today's sources finds no message the committed .ts lacks."""
    sys.path.insert(0, str(ROOT / "resources"))
    try:
        from build_translations import sources, tool
    finally:
        sys.path.pop(0)
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            "-locations",
            "none",
            *[str(s) for s in sources()],
            "-ts",
            str(fresh),
        ],
        check=True,
        capture_output=True,
    )

    def keys(path: Path) -> set[tuple[str, str, str]]:
        out = set()
        for ctx in ET.parse(path).getroot().iter("context"):
            name = ctx.findtext("name") or ""
            for m in ctx.iter("message"):
                tr = m.find("translation")
                if tr is not None and tr.get("type") in ("obsolete", "vanished"):
                    continue
                out.add((name, m.findtext("source") or "", m.findtext("comment") or ""))
        return out

    missing = keys(fresh) - keys(TS)
    assert not missing, f"run resources/build_translations.py and translate: {sorted(missing)[:5]}"


def test_the_qm_translates(qapp: QCoreApplication) -> None:
    tr = QTranslator()
    assert tr.load(str(resource_path("translations", "dosisdesk_da.qm")))
    assert tr.translate("texts", "Registered") == "Registreret"
    assert tr.translate("MainWindow", "&New change…") == "&Ny ændring …"
    assert tr.translate("CardTable", "%n private-marked line(s) hidden", "", 2) == (
        "%n privatmarkerede linjer er skjult"
    )  # QCoreApplication.translate fills in %n


def test_danish_dates(qapp: QCoreApplication) -> None:
    from dosisdesk.ui import texts

    old = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
    try:
        assert texts.fmt_date(date(2026, 12, 3)) == "3. dec. 2026"
        assert texts.fmt_date_num(date(2026, 12, 3)) == "03-12-2026"
        assert texts.fmt_day(date(2026, 12, 3)) == "tors. 3. dec."
        assert texts.week_label(date(2026, 11, 19), date(2026, 12, 2)) == "week 47–49"
    finally:
        QLocale.setDefault(old)
