"""The Danish translation is complete and loads; dates use Danish month names."""

from __future__ import annotations

import ast
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
    # lupdate takes a "#:" comment (Python's attribute doc comment) for a note to the
    # translator and puts it on the next message: the GUI's sources write "#" instead
    noted = [e.text for e in ET.parse(fresh).getroot().iter("extracomment")]
    assert not noted, (
        f'a "#:" comment in dosisdesk/ui or app.py reaches the translator: {noted[:2]}'
    )


def _literal_messages() -> list[tuple[str, str, bool, str]]:
    """(context, source, counted, where) of every ``QCoreApplication.translate("ctx", "text", …)``
    and every ``self.tr("text", …)`` in a class, read from the sources' syntax trees, so that a
    call lupdate skips (it drops a translate() whose count is an expression) is still seen."""
    sys.path.insert(0, str(ROOT / "resources"))
    try:
        from build_translations import sources
    finally:
        sys.path.pop(0)

    found: list[tuple[str, str, bool, str]] = []
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(node: ast.AST, cls: str | None, path: Path = path) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.ClassDef):
                    visit(child, child.name)
                    continue
                if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
                    args = child.args
                    where = f"{path.relative_to(ROOT)}:{child.lineno}"
                    strings = [a.value if isinstance(a, ast.Constant) else None for a in args]
                    if (
                        child.func.attr == "translate"
                        and isinstance(child.func.value, ast.Name)
                        and child.func.value.id == "QCoreApplication"
                        and len(strings) >= 2
                        and isinstance(strings[0], str)
                        and isinstance(strings[1], str)
                    ):
                        found.append((strings[0], strings[1], len(args) >= 4, where))
                    elif (
                        child.func.attr == "tr"
                        and isinstance(child.func.value, ast.Name)
                        and child.func.value.id == "self"
                        and cls is not None
                        and strings
                        and isinstance(strings[0], str)
                    ):
                        found.append((cls, strings[0], len(args) >= 3, where))
                visit(child, cls)

        visit(tree, None)
    return found


def test_every_literal_message_in_the_sources_is_translated() -> None:
    """Each message the code asks for by literal text has a finished Danish translation in its
    context, counted where the code counts (a counted message needs its plural forms)."""
    known: dict[tuple[str, str], bool] = {}
    for ctx in ET.parse(TS).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            tr = m.find("translation")
            if tr is None or tr.get("type") in ("obsolete", "vanished", "unfinished"):
                continue
            known[(name, m.findtext("source") or "")] = m.get("numerus") == "yes"
    messages = _literal_messages()
    assert len(messages) > 500  # the scan sees the sources
    missing = [f"{w}: {c!r} {s!r}" for c, s, _, w in messages if (c, s) not in known]
    assert not missing, "not in the .ts (lupdate skipped them?):\n" + "\n".join(missing)
    uncounted = [f"{w}: {s!r}" for c, s, n, w in messages if n and "%n" in s and not known[(c, s)]]
    assert not uncounted, "counted in code, one form in the .ts:\n" + "\n".join(uncounted)


def test_the_qm_translates(qapp: QCoreApplication) -> None:
    tr = QTranslator()
    assert tr.load(str(resource_path("translations", "dosisdesk_da.qm")))
    assert tr.translate("texts", "Registered") == "Registreret"
    assert tr.translate("MainWindow", "&New change…") == "&Ny ændring …"
    assert tr.translate("CardTable", "%n private-marked line(s) hidden", "", 2) == (
        "%n privatmarkerede linjer er skjult"
    )  # QCoreApplication.translate fills in %n
    # the acute review's "if it had waited" column (it showed in English before)
    assert tr.translate("AcuteWords", "%n day(s), roll %1", "", 1) == "%n dag, rulle %1"
    assert tr.translate("RenewalsTab", "no team") == "uden team"


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
