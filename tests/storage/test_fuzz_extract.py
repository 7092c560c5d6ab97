"""Mutated extract files (the issue "Nothing wrong gets in, nothing breaks"): an import is done
whole, or refused with exit 2 and a located Danish line (a JSON path) and nothing written —
never a program error. The invariants the services keep (``domain.invariants``) are checked on
import too.

The hypothesis run takes a few hundred cases here; ``DOSISDESK_SLOW=1 pytest -m slow`` runs
thousands."""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dosisdesk.cli import run
from dosisdesk.storage.db import Database

NOW = "2026-11-22T10:00"
DEEP = "@@DEEP@@"


@functools.cache
def _base() -> tuple[str, Path]:
    """A demo extract (text) and an empty training database to import it into (made once)."""
    tmp = Path(tempfile.mkdtemp(prefix="dosisdesk-fuzz-"))
    src = tmp / "src.sqlite"
    with contextlib.redirect_stdout(io.StringIO()):
        assert run(["--db", str(src), "--now", NOW, "demo", "--citizens", "3"]) == 0
        assert run(["--db", str(src), "--user", "admin", "--now", NOW, "export", str(tmp / "ex.json")]) == 0  # fmt: skip
    empty = tmp / "empty.sqlite"
    Database.create(str(empty), training=True).dispose()
    return (tmp / "ex.json").read_text(encoding="utf-8"), empty


def _doc() -> dict[str, Any]:
    return json.loads(_base()[0])


def _citizens(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM citizens").fetchone()[0])
    finally:
        con.close()


class Target:
    """An empty database imports are tried against; made afresh after an import that went in."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.n = 0
        self.db = self._fresh()

    def _fresh(self) -> Path:
        self.n += 1
        db = self.folder / f"t{self.n}.sqlite"
        shutil.copy(_base()[1], db)
        return db

    def try_import(self, text: str) -> tuple[int, str]:
        f = self.folder / "udtraek.json"
        f.write_text(text, encoding="utf-8")
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = run(["--db", str(self.db), "--user", "admin", "--now", NOW, "import", str(f)])
        message = err.getvalue().strip()
        assert code in (0, 2), (code, message)
        if code == 0:
            assert _citizens(self.db) == len(json.loads(text)["citizens"])  # done whole
            self.db = self._fresh()
        else:
            assert message.count("\n") == 0 and "programfejl" not in message, message
            assert "$" in message, message  # located: the JSON path of the offending value
            assert not any(ord(c) < 32 for c in message), message  # control chars escaped
            assert _citizens(self.db) == 0  # nothing half-imported
        return code, message


def _change(doc: dict[str, Any], pred: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    for cz in doc["citizens"]:
        for card in cz["cards"]:
            for ch in card["changes"]:
                if pred(ch):
                    return ch
    raise AssertionError("no such change in the demo extract")


def _mutations() -> dict[str, Callable[[dict[str, Any]], str]]:
    def received_after(d: dict[str, Any]) -> str:
        ch = _change(d, lambda c: c.get("received_at") is not None)
        ch["received_at"] = "2026-11-21T23:00:00+01:00"
        ch["registered_at"] = "2026-10-01T08:00:00+02:00"
        return "modtaget efter"

    def renewal_before_sent(d: dict[str, Any]) -> str:
        line = d["citizens"][0]["cards"][0]["lines"][0]
        line["renewal_requests"] = [
            {
                "sent_at": "2026-11-15T10:00:00+01:00",
                "state": "renewed",
                "rejection_reason": None,
                "decided_at": "2026-11-14T10:00:00+01:00",
                "note": "",
            }
        ]
        return "afgjort, før"

    def no_history(d: dict[str, Any]) -> str:
        _change(d, lambda c: bool(c.get("transitions")))["transitions"] = []
        return "ingen historik"

    def broken_chain(d: dict[str, Any]) -> str:
        ch = _change(d, lambda c: len(c.get("transitions", [])) >= 2)
        ch["transitions"][1]["from_state"] = (
            "cancelled" if ch["transitions"][0]["to_state"] != "cancelled" else "registered"
        )
        return "hænger ikke sammen"

    def wrong_state(d: dict[str, Any]) -> str:
        ch = _change(d, lambda c: c["state"] == "in_effect" and not c["acute"])
        ch["state"] = "confirmed"
        return "ikke den sidste overgangs"

    def before_1900(d: dict[str, Any]) -> str:
        _change(d, lambda c: True)["registered_at"] = "1899-12-31T10:00:00+01:00"
        return "uden for det mulige"

    def year_one_east(d: dict[str, Any]) -> str:
        _change(d, lambda c: True)["registered_at"] = "0001-01-01T00:00:00+14:00"
        return "uden for det mulige"

    def absurd_dose(d: dict[str, Any]) -> str:
        _change(d, lambda c: c.get("dosage"))["dosage"] = "100000000000000000000+0+0+0"
        return "for meget"

    def line_without_versions(d: dict[str, Any]) -> str:
        d["citizens"][0]["cards"][0]["lines"][0]["versions"] = []
        return "ingen versioner"

    def control_characters(d: dict[str, Any]) -> str:
        d["citizens"][0]["cards"][0]["changes"][0]["state"] = "in\x1b[31m_effect"
        return "\\x1b"

    return {
        f.__name__: f
        for f in (
            received_after,
            renewal_before_sent,
            no_history,
            broken_chain,
            wrong_state,
            before_1900,
            year_one_east,
            absurd_dose,
            line_without_versions,
            control_characters,
        )
    }


@pytest.mark.parametrize("name", sorted(_mutations()))
def test_impossible_data_is_refused_where_it_is(name: str, tmp_path: Path) -> None:
    doc = _doc()
    expected = _mutations()[name](doc)
    code, message = Target(tmp_path).try_import(json.dumps(doc, ensure_ascii=False))
    assert code == 2 and expected in message, message


def test_the_demo_extract_itself_imports_whole(tmp_path: Path) -> None:
    assert Target(tmp_path).try_import(_base()[0])[0] == 0


@pytest.mark.parametrize("depth", [65, 1000, 100_000])
def test_deep_nesting_is_refused_before_parsing(depth: int, tmp_path: Path) -> None:
    text = _base()[0].replace('"format"', '"x": ' + "[" * depth + "]" * depth + ', "format"', 1)
    code, message = Target(tmp_path).try_import(text)
    assert code == 2 and "dybt" in message


# ---------------------------------------------------------------------------
# Hypothesis: random mutations of a real extract
# ---------------------------------------------------------------------------

_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([10**20, 2**63, 2**31, -1, 0, 1.5e308]),
    st.text(max_size=30),
    st.sampled_from(
        [
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-12:00",
            "1899-12-31T23:59:00+01:00",
            "2026-02-30",
            "9999-12-31",
            "\x1b[31mrød\x00",
            "100000000000000000000+0+0+0",
            "registered",
            "cancelled",
            "in_effect",
            "",
            DEEP,
        ]
    ),
    st.lists(st.integers(), max_size=3),
    st.just({}),
)


def _slots(node: Any, out: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    if isinstance(node, dict):
        for k, v in node.items():
            out.append((node, k))
            _slots(v, out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.append((node, i))
            _slots(v, out)
    return out


@st.composite
def mutated_extracts(draw: st.DrawFn) -> str:
    doc = _doc()
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        slots = _slots(doc, [])
        container, key = slots[draw(st.integers(min_value=0, max_value=len(slots) - 1))]
        action = draw(st.sampled_from(["replace", "replace", "delete", "duplicate"]))
        if action == "replace":
            container[key] = draw(_values)
        elif action == "delete":
            del container[key]
        elif isinstance(container, list):
            container.append(copy.deepcopy(container[key]))
        else:
            container[key] = [copy.deepcopy(container[key])]
    text = json.dumps(doc, ensure_ascii=False)
    depth = draw(st.sampled_from([1, 70, 5000]))
    return text.replace(json.dumps(DEEP), "[" * depth + "]" * depth)


def _fuzz(examples: int) -> Callable[[], None]:
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=examples < 1000,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(text=mutated_extracts())
    def check(text: str) -> None:
        target.try_import(text)

    folder = Path(tempfile.mkdtemp(prefix="dosisdesk-fuzz-target-"))
    target = Target(folder)

    def runner() -> None:
        try:
            check()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return runner


def test_mutated_extracts_import_whole_or_are_refused_in_place() -> None:
    _fuzz(100)()


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("DOSISDESK_SLOW"), reason="DOSISDESK_SLOW=1 runs it")
def test_thousands_of_mutated_extracts() -> None:
    _fuzz(2000)()
