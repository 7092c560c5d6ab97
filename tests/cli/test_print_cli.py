"""``dosisdesk handover`` and ``dosisdesk medlist``: PDFs from the command line, logged, never
with a CPR number in the file name, and the usual error conventions (exit 2, one line)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from dosisdesk.cli import run
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.handover_world import Scene, build_scene
from tests.helpers.cli import cli
from tests.world import build_world

# The commands create a QGuiApplication when none exists; in this process pytest-qt's
# QApplication must come first, or the GUI tests after these would find the wrong kind.
pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture(scope="module")
def dbfile(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Scene]:
    url = f"sqlite:///{tmp_path_factory.mktemp('printcli') / 'cli.sqlite'}"
    db = Database.create(url, training=True)
    scene = build_scene(db, build_world(db))
    db.dispose()
    return url, scene


def prints(url: str) -> list[tuple[str, int | None, str]]:
    db = Database.open(url)
    with db.begin() as s:
        rows = [
            (r.action, r.citizen_id, r.after or "")
            for r in s.scalars(
                select(m.AuditEntry)
                .where(m.AuditEntry.action.like("print.%"))
                .order_by(m.AuditEntry.id)
            )
        ]
    db.dispose()
    return rows


def page_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def test_handover_pdf_from_the_cli(
    dbfile: tuple[str, Scene], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _scene = dbfile
    before = len(prints(url))
    out = tmp_path / "overlevering.pdf"
    args = cli(url, "--json", "handover", "--team", "Team Nord", "--date", "2026-11-22")
    assert run([*args, "--shift", "evening", "--pdf", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "file": str(out.resolve()),
        "pages": 1,
        "team": "Team Nord",
        "date": "2026-11-22",
        "shift": "evening",
        "citizens": 5,
        "short_list": True,
        "sections": {"handlings": 1, "hospital": 4, "follow_up": 1},
    }
    text = page_text(out)
    assert "Aftenvagt 15–23" in text and "Side 1 af 1" in text and "Åse Ørum" in text
    logged = prints(url)[before:]  # one entry naming the five citizens on the paper
    assert [a for a, _c, _x in logged] == ["print.handover"]
    assert '"output": "pdf"' in logged[0][2] and '"count": 5' in logged[0][2]
    # human output, default date (today by --now) and shift (day)
    assert run(cli(url, "handover", "--team", "team nord", "--pdf", str(out))) == 0
    said = capsys.readouterr().out
    assert "Team Nord, dagvagt 07–15 søn. 22. nov." in said and "5 borgere, 1 side." in said
    # the day sheet has the short list at the end; --no-short-list leaves it out
    assert run([*args, "--pdf", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["sections"]["short_list"] == 1
    assert run([*args, "--pdf", str(out), "--no-short-list"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["short_list"] is False and "short_list" not in data["sections"]
    assert "Kort liste" not in page_text(out)


def test_medlist_pdf_from_the_cli(
    dbfile: tuple[str, Scene], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, scene = dbfile
    before = len(prints(url))
    out = tmp_path / "medicinliste.pdf"
    assert run(cli(url, "medlist", scene.world.anna, "--pdf", str(out))) == 0
    assert "Medicinlisten for Anna Hansen er gemt" in capsys.readouterr().out
    text = page_text(out)
    assert f"{scene.world.anna[:6]}-{scene.world.anna[6:]}" in text
    assert "Zoloft" not in text
    assert [(a, c) for a, c, _x in prints(url)[before:]] == [("print.medlist", scene.world.anna_id)]


@pytest.mark.parametrize(
    "args",
    [
        ("medlist", "{anna}", "--pdf", "{dir}/{anna}.pdf"),
        ("medlist", "{anna}", "--pdf", "{dir}/liste-{anna6}-{anna4}.pdf"),
        ("handover", "--team", "Team Nord", "--pdf", "{dir}/{anna6}-xxxx.pdf"),
    ],
)
def test_a_cpr_in_the_file_name_is_refused(
    dbfile: tuple[str, Scene],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
) -> None:
    url, scene = dbfile
    anna = scene.world.anna
    fill = {"anna": anna, "anna6": anna[:6], "anna4": anna[6:], "dir": str(tmp_path)}
    before = len(prints(url))
    assert run(cli(url, *(a.format(**fill) for a in args))) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("dosisdesk: Filnavnet »")
    assert "ligner et CPR-nummer" in err[0]
    assert list(tmp_path.iterdir()) == []
    assert len(prints(url)) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("handover", "--team", "Team Syd"), "Du kan kun udskrive overlevering for dit eget team"),
        (("handover", "--team", "Team Øst"), "Teamet »Team Øst« findes ikke."),
        (("handover", "--team", "Team Nord", "--shift", "morgen"), "Ukendt vagt »morgen«"),
        (("handover", "--team", "Team Nord", "--date", "2026-02-30"), "ikke en gyldig dato"),
        (("medlist", "{ojvind}"), "Borgeren hører ikke til dit team"),
    ],
)
def test_errors_exit_2_with_one_line_and_no_file(
    dbfile: tuple[str, Scene],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
) -> None:
    url, scene = dbfile
    out = tmp_path / "x.pdf"
    argv = [a.format(ojvind=scene.world.ojvind) for a in args]
    assert run(cli(url, *argv, "--pdf", str(out))) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("dosisdesk: ") and message in err[0]
    assert not out.exists()


def test_missing_folder_is_a_plain_error(
    dbfile: tuple[str, Scene], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, scene = dbfile
    out = tmp_path / "findes-ikke" / "liste.pdf"
    assert run(cli(url, "medlist", scene.world.anna, "--pdf", str(out))) == 2
    assert "findes ikke" in capsys.readouterr().err


def test_entry_point_without_a_display(dbfile: tuple[str, Scene], tmp_path: Path) -> None:
    """The real process: no DISPLAY, no QT_QPA_PLATFORM; the CLI goes offscreen by itself."""
    url, _scene = dbfile
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["DOSISDESK_LOG_DIR"] = str(tmp_path / "logs")
    out = tmp_path / "nat.pdf"
    args = cli(url, "handover", "--team", "Team Nord", "--shift", "night", "--pdf", str(out))
    done = subprocess.run(
        [sys.executable, "-m", "dosisdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Nattevagt 23–07" in page_text(out)
