"""The command line end to end: real commands against a SQLite file (in-process for speed, and
once as a subprocess to prove the entry point)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dosisdesk.cli import run
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.helpers.cli import cli


def counts(url: str) -> tuple[int, int, int]:
    db = Database.open(url)
    with db.begin() as s:
        out = (
            s.scalar(select(func.count(m.Change.id))) or 0,
            s.scalar(select(func.count(m.LineVersion.id))) or 0,
            s.scalar(select(func.count(m.Line.id))) or 0,
        )
    db.dispose()
    return out


def test_change_add_prints_where_it_lands(dbfile, capsys):
    url, w = dbfile
    assert (
        run(
            cli(
                url,
                "--json",
                "change",
                "add",
                w.anna,
                "--drug",
                "Glucophage",
                "--kind",
                "dose_change",
                "--dose",
                "1+1+1+0",
                "--source",
                "Egen læge",
            )
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["target_period"]["start"] == "2026-12-03"
    assert data["target_period"]["deadline"] == "2026-12-01T12:00:00+01:00"
    assert data["effective_date"] == "2026-12-03"
    assert data["state"] == "registered" and data["acute"] is False
    assert run(cli(url, "change", "add", w.anna, "--drug", "C10AA05", "--kind", "discontinue")) == 0
    human = capsys.readouterr().out
    assert "Træder i kraft i rullen fra tors. 3. dec. (frist tirs. 1. dec. kl. 12.00)" in human


def test_acute_change_from_the_cli(dbfile, capsys):
    url, w = dbfile
    assert (
        run(
            cli(
                url,
                "--json",
                "change",
                "add",
                w.anna,
                "--drug",
                "Zarator",
                "--kind",
                "discontinue",
                "--acute",
                "--reason",
                "Muskelsmerter",
                "--doctor",
                "Dr. Berg",
                "--handling",
                "remove_tablets=2026-11-22/evening,2026-11-23/evening",
                "--identifiable",
            )
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["acute"] is True and data["state"] == "in_effect"
    assert data["follow_up_id"] is not None
    assert data["if_waited"]["start"] == "2026-12-03"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["card", "0102031234"], "ingen borger"),
        (["card", "3102401234"], "31. februar"),
        (
            [
                "change",
                "add",
                "{anna}",
                "--drug",
                "Glucophage",
                "--kind",
                "dose_change",
                "--dose",
                "1+x+1+0",
            ],
            "ikke et tal",
        ),
        (
            ["change", "add", "{anna}", "--drug", "Nixalin", "--kind", "new", "--dose", "1+0+0+0"],
            "findes ikke i kataloget",
        ),
        (
            ["change", "add", "{anna}", "--drug", "Zarator", "--kind", "discontinue", "--acute"],
            "akut ændring kræver",
        ),
        (["change", "add", "{anna}", "--drug", "Zarator", "--kind", "explode"], "Ukendt"),
        (
            [
                "change",
                "add",
                "{anna}",
                "--drug",
                "Zarator",
                "--kind",
                "discontinue",
                "--acute",
                "--reason",
                "x",
                "--doctor",
                "y",
                "--handling",
                "discard_bags=2025-02-30/evening",
            ],
            "gyldig dato",
        ),
        (["queue", "--state", "waiting"], "Tilstand"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_changes_nothing(dbfile, capsys, args, needle):
    url, w = dbfile
    before = counts(url)
    args = [a.format(anna=w.anna) for a in args]
    assert run(cli(url, *args)) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and needle in err
    assert counts(url) == before


def test_bad_now_is_refused(dbfile, capsys):
    url, _ = dbfile
    assert run(["--db", url, "--now", "2025-02-30", "queue"]) == 2
    assert "gyldigt tidspunkt" in capsys.readouterr().err


def test_card_queue_flags_contacts_renewals(dbfile, capsys):
    url, w = dbfile
    run(
        cli(
            url,
            "change",
            "add",
            w.anna,
            "--drug",
            "Glucophage",
            "--kind",
            "dose_change",
            "--dose",
            "1+1+1+0",
        )
    )
    run(
        cli(
            url,
            "change",
            "add",
            w.anna,
            "--drug",
            "#2",
            "--kind",
            "new",
            "--dose",
            "0+0+1+0",
            "--supply",
            "ordinary",
        )
    )
    capsys.readouterr()
    assert run(cli(url, "card", w.anna)) == 0
    card = capsys.readouterr().out
    assert "Anna Hansen" in card and "Kommende periode" in card and "1+1+1+0" in card
    assert "1 privatmarkerede linjer er skjult" in card and "Zoloft" not in card
    assert run(cli(url, "--json", "card", w.anna, "--period", "next")) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["period"]["first_day"] for c in data["columns"]] == ["2026-12-03"]
    assert run(cli(url, "--json", "queue", user="koord")) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["kind"] for r in rows} == {"dose_change", "new"}
    assert run(cli(url, "--json", "flags", "--severity", "high", user="koord")) == 0
    assert [f["cpr"] for f in json.loads(capsys.readouterr().out)] == [w.anna]
    assert run(cli(url, "--json", "renewals", "--due", user="koord")) == 0
    assert [r["product_label"] for r in json.loads(capsys.readouterr().out)] == [
        "Glucophage 500 mg"
    ]
    assert run(cli(url, "--json", "contacts", "--open", user="koord")) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run(cli(url, "audit", "verify", user="koord")) == 0
    assert "intakt" in capsys.readouterr().out


def test_missed_deadline_appears_when_now_moves_past_it(dbfile, capsys):
    url, w = dbfile
    run(
        cli(
            url,
            "change",
            "add",
            w.anna,
            "--drug",
            "Glucophage",
            "--kind",
            "dose_change",
            "--dose",
            "1+1+1+0",
        )
    )
    capsys.readouterr()
    assert (
        run(
            [
                "--db",
                url,
                "--user",
                "koord",
                "--now",
                "2026-12-01T12:00",
                "--json",
                "queue",
                "--missed",
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert [(r["missed_deadlines"], r["period_first_day"]) for r in rows] == [(1, "2026-12-17")]


def test_entry_point_runs_as_a_program(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    v = subprocess.run(
        [sys.executable, "-m", "dosisdesk", "--version"], capture_output=True, text=True, check=True
    )
    assert v.stdout.startswith("dosisdesk ")
    for verb in ("init", "upgrade"):
        up = subprocess.run(
            [sys.executable, "-m", "dosisdesk", "--db", url, "db", verb],
            capture_output=True,
            text=True,
        )
        assert up.returncode == 0, up.stderr
    cur = subprocess.run(
        [sys.executable, "-m", "dosisdesk", "--db", url, "--json", "db", "current"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(cur.stdout)
    assert data["revision"] == data["head"]


def test_user_administration(dbfile, capsys):
    url, _ = dbfile
    assert run(cli(url, "user", "team", "Team Øst", user="admin")) == 0
    assert (
        run(
            cli(
                url,
                "user",
                "add",
                "sygpl.ost1",
                "--name",
                "Åse Østergaard",
                "--role",
                "nurse",
                "--team",
                "team øst",
                user="admin",
            )
        )
        == 0
    )
    assert run(cli(url, "user", "add", "x", "--name", "X", "--role", "nurse", user="admin")) == 2
    assert (
        run(cli(url, "user", "add", "ny", "--name", "Ny", "--role", "nurse", user="admin")) == 2
    )  # a nurse needs a team
    assert (
        run(cli(url, "user", "add", "ny", "--name", "Ny", "--role", "coordinator", user="sygpl"))
        == 2
    )  # only administrators
    assert run(cli(url, "user", "deactivate", "sygpl.ost1", user="admin")) == 0
    capsys.readouterr()
    assert run(cli(url, "--json", "user", "list", user="admin")) == 0
    rows = {r["username"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["sygpl.ost1"]["team_name"] == "Team Øst" and rows["sygpl.ost1"]["active"] is False
    assert run(cli(url, "queue", user="sygpl.ost1")) == 2  # an inactive user cannot act
    assert run(cli(url, "user", "activate", "sygpl.ost1", user="admin")) == 0
    assert run(cli(url, "queue", user="sygpl.ost1")) == 0


def test_the_citizens_log_as_pdf_from_the_cli(
    qapp, dbfile, capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """`audit citizen CPR --pdf FILE` (an insight request): every access on paper, the print
    logged, the chain's head anchored in the checkpoint file; a nurse may not print it."""
    from pypdf import PdfReader

    from dosisdesk.domain.cpr import format_cpr
    from dosisdesk.services import audit

    key = tmp_path / "keys" / "audit.key"
    audit.create_key(key)
    points = tmp_path / "keys" / "cp.jsonl"
    monkeypatch.setenv("DOSISDESK_AUDIT_KEY_FILE", str(key))
    monkeypatch.setenv("DOSISDESK_AUDIT_CHECKPOINT_FILE", str(points))
    url, w = dbfile
    assert run(cli(url, "card", w.anna)) == 0  # the nurse reads the card
    capsys.readouterr()
    out = tmp_path / "borgerens-log.pdf"
    assert run(cli(url, "audit", "citizen", w.anna, "--pdf", str(out), user="koord")) == 0
    text = " ".join("".join(p.extract_text() for p in PdfReader(str(out)).pages).split())
    assert "Borgerens log" in text and format_cpr(w.anna) in text
    assert "sygeplejerske Læst kort" in text  # who, in which role, did what
    db = Database.open(url)
    with db.begin() as s:
        last = s.scalar(select(m.AuditEntry.action).order_by(m.AuditEntry.seq.desc()).limit(1))
    db.dispose()
    assert last == "print.citizen_log"
    assert points.is_file() and points.read_text().count("\n") >= 1
    assert run(cli(url, "audit", "citizen", w.anna, "--pdf", str(tmp_path / "x.pdf"))) != 0
    assert not (tmp_path / "x.pdf").exists()


def test_renewals_say_their_state_in_json_and_words(dbfile, capsys):
    url, w = dbfile
    db = Database.open(url)
    with db.begin() as s:  # Zarator ran out on Friday; Glucophage ends 10 December
        from datetime import date

        from sqlalchemy import update

        s.execute(
            update(m.LineVersion)
            .where(m.LineVersion.line_id == w.line_atorva)
            .values(prescription_valid_until=date(2026, 11, 20))
        )
    db.dispose()
    assert run(cli(url, "--json", "renewals", "--due", user="koord")) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["product_label"], r["urgency"]) for r in rows] == [
        ("Zarator 20 mg", "expired"),
        ("Glucophage 500 mg", "due"),
    ]
    assert run(cli(url, "renewals", "--due", user="koord")) == 0
    text = capsys.readouterr().out
    assert "Udløbet" in text and "Udløber inden 28 dage" in text
    assert text.index("Zarator") < text.index("Glucophage")
    assert run(cli(url, "search", "Anna")) == 0
    assert "udløbet" in capsys.readouterr().out
