"""``dosisdesk supply``, ``dosisdesk advance`` and what a stretch lists, from the command line."""

from __future__ import annotations

import json

import pytest

from dosisdesk.cli import run
from dosisdesk.storage.db import Database
from tests.cli.test_cli import counts
from tests.helpers.cli import cli


def test_supply_add_list_and_affected(dbfile, capsys):
    url, w = dbfile
    assert (
        run(
            cli(
                url,
                "supply",
                "add",
                "Zocor",
                "--from",
                "2026-11-20",
                "--to",
                "2026-12-10",
                "--note",
                "Restordre",
                user="koord",
            )
        )
        == 0
    )
    assert "Leveringssvigt 1 registreret: Zocor 40 mg (C10AA01)" in capsys.readouterr().out
    assert run(cli(url, "--json", "supply", "list", user="koord")) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(f["id"], f["atc"], f["from_day"], f["to_day"]) for f in listed] == [
        (1, "C10AA01", "2026-11-20", "2026-12-10")
    ]
    assert run(cli(url, "--json", "supply", "affected", "1", user="koord")) == 0
    hit = json.loads(capsys.readouterr().out)
    assert [(a["cpr"], a["handled"]) for a in hit] == [(w.ojvind, False)]
    assert run(cli(url, "supply", "affected", "1", user="koord")) == 0
    human = capsys.readouterr().out
    assert f"{w.ojvind[:6]}-{w.ojvind[6:]}" in human and "Givet ved siden af" in human
    # a team that has none of them
    assert (
        run(cli(url, "--json", "supply", "affected", "1", "--team", "Team Nord", user="koord")) == 0
    )
    assert [a["cpr"] for a in json.loads(capsys.readouterr().out)] == [
        a["cpr"] for a in hit if a["team_name"] == "Team Nord"
    ]


@pytest.mark.parametrize(
    ("args", "user", "says"),
    [
        (("supply", "add", "Zocor", "--from", "2026-11-20"), "sygpl", "rollen"),
        (("supply", "add", "Ukendtol", "--from", "2026-11-20"), "koord", "findes ikke"),
        (("supply", "add", "Zocor", "--from", "2026-11-31"), "koord", "gyldig dato"),
        (
            ("supply", "add", "Zocor", "--from", "2026-12-01", "--to", "2026-11-01"),
            "koord",
            "før startdatoen",
        ),
        (("supply", "affected", "99"), "koord", "findes ikke"),
    ],
)
def test_supply_bad_input_exits_2_and_changes_nothing(dbfile, capsys, args, user, says):
    url, _w = dbfile
    assert run(cli(url, *args, user=user)) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1 and "Traceback" not in err
    assert run(cli(url, "--json", "supply", "list", "--all", user="koord")) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_advance_moves_the_queue_and_says_what_moved(dbfile, capsys):
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
            )
        )
        == 0
    )
    change = json.loads(capsys.readouterr().out)
    before = counts(url)
    late = ["--db", url, "--user", "koord", "--now", "2026-12-01T12:00"]
    # a read at the deadline minute already reports the move, and writes nothing
    assert run([*late, "--json", "change", "show", str(change["id"])]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["effective_date"], shown["missed_deadlines"]) == ("2026-12-17", 1)
    assert counts(url) == before
    assert run([*late, "--json", "advance"]) == 0
    moved = json.loads(capsys.readouterr().out)
    assert moved["missed"] == [change["id"]] and moved["next_deadline"].startswith("2026-12-15")
    assert run([*late, "--json", "change", "show", str(change["id"])]) == 0
    assert json.loads(capsys.readouterr().out)["effective_date"] == "2026-12-17"
    assert run([*late, "advance"]) == 0
    assert "0 flyttet" in capsys.readouterr().out


def test_change_add_from_a_day_inside_a_roll_says_which_days(dbfile, capsys):
    url, w = dbfile
    add = (
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
    assert run(cli(url, "--json", *add, "--from", "2026-12-10")) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["effective_date"], data["wanted_from"], data["days_before_roll"]) == (
        "2026-12-17",
        "2026-12-10",
        ["2026-12-10", "2026-12-16"],
    )
    assert (
        run(
            cli(
                url,
                "change",
                "add",
                w.anna,
                "--drug",
                "C10AA05",
                "--kind",
                "discontinue",
                "--from",
                "2026-12-03",
            )
        )
        == 0
    )
    human = capsys.readouterr().out
    assert "Træder i kraft i rullen fra tors. 3. dec." in human and "manuel" not in human
    before = counts(url)
    for day, says in (
        ("2026-11-01", "fortiden"),
        ("2028-01-06", "ikke lagt perioder"),
        ("2026-13-01", "gyldig dato"),
    ):
        assert run(cli(url, *add[:-2], "--dose", "2+0+2+0", "--from", day)) == 2
        err = capsys.readouterr().err
        assert says in err and err.count("\n") == 1
    assert counts(url) == before


def test_period_stretch_lists_the_moved_changes_and_preview_stores_nothing(dbfile, capsys):
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
                "--from",
                "2026-12-17",
            )
        )
        == 0
    )
    cid = json.loads(capsys.readouterr().out)["id"]
    stretch = (
        "period",
        "stretch",
        "Torsdag",
        "--first-day",
        "2026-12-03",
        "--days",
        "21",
        "--note",
        "Jul",
    )
    assert run(cli(url, *stretch, "--preview", user="koord")) == 0
    text = capsys.readouterr().out
    assert "Forhåndsvisning: intet er gemt" in text
    assert "tors. 17. dec. → tors. 24. dec." in text and "17-12-2026 – 23-12-2026" in text
    assert run(cli(url, "--json", "change", "show", str(cid))) == 0
    assert json.loads(capsys.readouterr().out)["effective_date"] == "2026-12-17"
    assert run(cli(url, "--json", *stretch, user="koord")) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["preview"] is False
    assert [
        (x["change_id"], x["old_first_day"], x["new_first_day"], x["manual_days"])
        for x in done["moved"]
    ] == [(cid, "2026-12-17", "2026-12-24", ["2026-12-17", "2026-12-23"])]
    assert run(cli(url, "--json", "change", "show", str(cid))) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["effective_date"], shown["wanted_from"]) == ("2026-12-24", "2026-12-17")


def test_import_of_stretched_periods_lists_the_changes_it_moved(dbfile, tmp_path, capsys):
    """An extract whose packing group is stretched from 3 December: the change queued for the
    period of 17 December (which no longer exists) moves to 24 December, and ``import`` says
    so (old → new, and the days that may need manual dispensing)."""
    url, w = dbfile
    add = ("change", "add", w.anna, "--drug", "Glucophage", "--kind", "dose_change")
    assert run(cli(url, *add, "--dose", "1+1+1+0", "--from", "2026-12-17")) == 0
    capsys.readouterr()
    path = tmp_path / "udtraek.json"
    assert run(cli(url, "export", str(path), user="koord")) == 0
    doc = json.loads(path.read_text("utf-8"))
    doc["pharmacies"][0]["packing_groups"][0]["stretches"] = [
        {"first_day": "2026-12-03", "length_days": 21, "note": "Jul"}
    ]
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    other = f"sqlite:///{tmp_path / 'andet.sqlite'}"
    Database.create(other, training=True).dispose()
    capsys.readouterr()
    assert run(cli(other, "import", str(path), user="admin")) == 0
    text = capsys.readouterr().out
    assert "1 ændring flyttet til en senere rulle" in text
    assert "Anna Hansen" in text and "tors. 17. dec. 2026 → tors. 24. dec. 2026" in text
    assert "manuel dispensering tors. 17. dec. 2026–ons. 23. dec. 2026" in text
