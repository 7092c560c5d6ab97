"""`dosisdesk medcom ...` end to end on a SQLite file: set up, write about a double
prescription, read a reply from the inbox, show the thread; bad input exits 2 with one Danish
line and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dosisdesk.cli import run
from dosisdesk.interop.medcom.read import read_message
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.helpers.cli import NOW, world_file
from tests.world import World


@pytest.fixture
def env(tmp_path: Path) -> tuple[str, World, Path, Path]:
    url, w = world_file(tmp_path)
    out, inbox = tmp_path / "ud", tmp_path / "ind"
    out.mkdir()
    inbox.mkdir()
    base = ["--db", url, "--now", NOW]
    assert (
        run(
            [
                *base,
                "--user",
                "admin",
                "medcom",
                "setup",
                "--name",
                "Hjemmeplejen",
                "--sor",
                "999990000016001",
                "--ean",
                "5790000000017",
                "--phone",
                "38683868",
                "--outbox",
                str(out),
                "--inbox",
                str(inbox),
            ]
        )
        == 0
    )
    assert (
        run(
            [
                *base,
                "--user",
                "sygpl",
                "medcom",
                "address",
                "gp",
                w.anna,
                "--sor",
                "999990000016002",
                "--ean",
                "5790000000024",
            ]
        )
        == 0
    )
    return url, w, out, inbox


def messages(url: str) -> int:
    db = Database.open(url)
    with db.begin() as s:
        n = s.scalar(select(func.count(m.CorrespondenceMessage.id))) or 0
    db.dispose()
    return n


def test_new_message_prints_file_and_id_then_thread_and_inbox(env, capsys):
    url, w, out, inbox = env
    capsys.readouterr()
    base = ["--db", url, "--user", "sygpl", "--now", NOW]
    assert (
        run(
            [
                *base,
                "--json",
                "medcom",
                "new",
                w.anna,
                "--to",
                "gp",
                "--category",
                "medicine",
                "--topic",
                "Dobbeltordination",
                "--text",
                "Zarator og Atorvastatin begge aktive.",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert (out / data["file"]).exists() and data["status"] == "ready"
    msg = read_message((out / data["file"]).read_bytes())
    assert msg.header_id == data["message_id"] and msg.topic == "Dobbeltordination"
    assert run([*base, "medcom", "thread", w.anna]) == 0
    text = capsys.readouterr().out
    assert "Medicin »Dobbeltordination« · Læge Lund · klar" in text
    assert "Sif Sygeplejerske (Sygeplejerske)" in text
    (inbox / "x.json").write_text("{}", encoding="utf-8")
    assert run([*base, "--json", "medcom", "inbox"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in rep["refused"]] == ["x.json"]
    assert [u["id"] for u in rep["unanswered"]] == [data["id"]]


@pytest.mark.parametrize(
    "args",
    [
        ["--to", "gp", "--category", "medication", "--text", "x"],
        ["--to", "gp", "--category", "other", "--text", "x"],
        ["--to", "gp", "--category", "medicine", "--text", "x", "--asap"],
        ["--to", "contact:99999999999999999999", "--category", "medicine", "--text", "x"],
        ["--to", "gp", "--category", "medicine", "--text", " "],
        ["--to", "gp", "--category", "medicine", "--text", "x", "--about", "flag:1"],
    ],
)
def test_bad_input_exits_2_with_one_danish_line_and_nothing_sent(env, capsys, args):
    url, w, out, _ = env
    capsys.readouterr()
    rc = run(["--db", url, "--user", "sygpl", "--now", NOW, "medcom", "new", w.anna, *args])
    err = capsys.readouterr().err.strip()
    assert rc == 2 and err.startswith("dosisdesk: ") and "\n" not in err
    assert list(out.iterdir()) == [] and messages(url) == 0


def test_a_nurse_cannot_write_about_another_teams_citizen(env, capsys):
    url, w, out, _ = env
    rc = run(
        [
            "--db",
            url,
            "--user",
            "sygpl",
            "--now",
            NOW,
            "medcom",
            "new",
            w.ojvind,
            "--to",
            "gp",
            "--category",
            "medicine",
            "--text",
            "x",
        ]
    )
    assert rc == 2 and "team" in capsys.readouterr().err
    assert list(out.iterdir()) == []
