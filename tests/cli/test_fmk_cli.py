"""`dosisdesk fmk ...` end to end against a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dosisdesk.cli import run
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.fmk_docs import RECORDING_HELLE
from tests.helpers.cli import cli
from tests.helpers.fmk import anna_differs_xml
from tests.world import World


def counts(url: str) -> tuple[int, int, int]:
    db = Database.open(url)
    with db.begin() as s:
        out = (
            s.scalar(select(func.count(m.FmkRead.id))) or 0,
            s.scalar(select(func.count(m.FmkProposal.id))) or 0,
            s.scalar(select(func.count(m.Change.id))) or 0,
        )
    db.dispose()
    return out


def anna_file(tmp_path: Path, w: World, name: str = "fmk.xml") -> Path:
    f = tmp_path / name
    f.write_bytes(anna_differs_xml(w.anna))
    return f


def test_read_accept_and_reject(dbfile, tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    url, w = dbfile
    f = anna_file(tmp_path, w)
    assert run(cli(url, "fmk", "read", str(f), "--json")) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["target"]["first_day"] == "2026-12-03"
    kinds = {p["kind"]: p for p in out["new"]}
    assert {"new", "dose", "not_in_fmk"} <= set(kinds)
    new = kinds["new"]
    assert (new["dosage"], new["supply"], new["author"]) == (
        "1+0+0+0",
        "dose_roll",
        "Lene Læge, Lægehuset Demo",
    )

    assert run(cli(url, "fmk", "accept", str(new["id"]))) == 0
    text = capsys.readouterr().out
    assert "godkendt" in text and "rullen fra tors. 3. dec." in text

    assert run(cli(url, "fmk", "reject", str(kinds["dose"]["id"]))) == 2
    assert "begrundelse" in capsys.readouterr().err
    assert run(cli(url, "fmk", "reject", str(kinds["dose"]["id"]), "--reason", "Ringer lægen")) == 0
    capsys.readouterr()

    before = counts(url)
    assert run(cli(url, "fmk", "read", str(f))) == 0  # the same version: nothing new
    assert "ingen nye forslag" in capsys.readouterr().out
    after = counts(url)
    assert after[1:] == before[1:] and after[0] == before[0] + 1


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"<nope", "ikke gyldig XML"),
        (RECORDING_HELLE.read_bytes().replace(b'/E2"', b'/E9"', 1), "rod-elementet"),
        (RECORDING_HELLE.read_bytes().replace(b"<Time>noon", b"<Time>kl12"), "skema"),
        (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "DTD"),
    ],
)
def test_bad_documents_exit_2_with_one_danish_line_and_change_nothing(
    dbfile,
    tmp_path: Path,
    capsys,
    content: bytes,
    needle: str,  # type: ignore[no-untyped-def]
):
    url, _ = dbfile
    f = tmp_path / "bad.xml"
    f.write_bytes(content)
    before = counts(url)
    assert run(cli(url, "fmk", "read", str(f))) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err
    assert counts(url) == before


def test_wrong_cpr_and_unknown_citizen(dbfile, tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    url, w = dbfile
    f = anna_file(tmp_path, w)
    assert run(cli(url, "fmk", "read", str(f), "--cpr", w.ojvind)) == 2
    assert "ikke for den valgte borger" in capsys.readouterr().err
    assert run(cli(url, "fmk", "read", str(RECORDING_HELLE))) == 2
    assert "--create" in capsys.readouterr().err
    assert (
        run(
            cli(
                url,
                "fmk",
                "read",
                str(RECORDING_HELLE),
                "--create",
                "--team",
                "Team Nord",
                "--group",
                "Torsdag",
                user="koord",
            )
        )
        == 0
    )
    assert "Helle Bonde (111111-1118)" in capsys.readouterr().out


def test_inbox_reads_deletes_and_lists_oldest_first(dbfile, tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    url, w = dbfile
    inbox = tmp_path / "indbakke"
    inbox.mkdir()
    good = anna_file(inbox, w, "a.xml")
    (inbox / "b.xml").write_bytes(b"<broken")
    (inbox / "c.xml").write_bytes(RECORDING_HELLE.read_bytes())
    assert run(cli(url, "fmk", "inbox", "--set-folder", str(inbox), user="koord")) == 0
    text = capsys.readouterr().out
    assert "1 læst, 1 venter på en borger, 1 kunne ikke læses" in text
    assert "Anna Hansen" in text
    assert not good.exists()  # the document is not kept
    assert (inbox / "b.xml.fejl").exists() and (inbox / "c.xml").exists()
    assert run(cli(url, "fmk", "inbox", "--json", user="koord")) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["cpr"] for c in data["citizens"]] == [w.anna]
    assert run(cli(url, "fmk", "inbox", "--set-folder", "x", user="sygpl")) == 2
