"""`dosisdesk handling done|list`: signing an acute change's bags from the command line."""

from __future__ import annotations

import json

from dosisdesk.cli import run
from tests.helpers.cli import cli


def _stop_zarator(url: str, anna: str, capsys) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    assert (
        run(
            cli(
                url,
                "--json",
                "change",
                "add",
                anna,
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
    return data["id"], data["follow_up_id"]


def test_handling_done_per_bag_then_all_with_json(dbfile, capsys):
    url, w = dbfile
    acute, follow = _stop_zarator(url, w.anna, capsys)
    assert run(cli(url, "handling", "list")) == 0
    listed = capsys.readouterr().out
    assert "søn. 22. nov. aften: tages ud; man. 23. nov. aften: tages ud" in listed
    assert (
        run(cli(url, "handling", "done", str(acute), "--bag", "2026-11-22/evening", "--json")) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert [(s["day"], s["slot"], s["done_by"]) for s in data["done"]] == [
        ("2026-11-22", "evening", "sygpl")
    ]
    assert data["done"][0]["done_at"].startswith("2026-11-22T10:00")
    # The same bag again: exit 2, one Danish line, nothing signed.
    assert run(cli(url, "handling", "done", str(acute), "--bag", "2026-11-22/evening")) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "allerede udført af Sif Sygeplejerske" in err[0]
    assert run(cli(url, "handling", "done", str(acute), "--bag", "22-11-2026/aften")) == 2
    assert "DATO/tid" in capsys.readouterr().err
    assert run(cli(url, "handling", "done", str(follow))) == 2
    assert "ingen akut ændring" in capsys.readouterr().err
    assert run(cli(url, "handling", "done", str(acute))) == 0
    assert "man. 23. nov. aften: tages ud — udført af Sif Sygeplejerske" in capsys.readouterr().out
    assert run(cli(url, "--json", "handling", "list")) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_follow_up_reads_as_the_roll_catching_up_in_the_cli(dbfile, capsys):
    url, w = dbfile
    _acute, follow = _stop_zarator(url, w.anna, capsys)
    assert run(cli(url, "change", "show", str(follow))) == 0
    text = capsys.readouterr().out
    assert (
        "Apoteket stopper pakningen fra rullen tors. 3. dec. "
        "(opfølgning af akut seponering søn. 22. nov.)"
    ) in text
    rc = run(cli(url, "queue", "--acute", user="koord"))
    assert rc == 0, capsys.readouterr().err
    assert "Apoteket stopper pakningen fra rullen tors. 3. dec." in capsys.readouterr().out


def test_a_conflicting_change_stops_in_the_cli_until_a_choice_is_named(dbfile, capsys):
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
                "pause_line",
            )
        )
        == 0
    )
    first = json.loads(capsys.readouterr().out)["id"]
    args = (
        "change",
        "add",
        w.anna,
        "--drug",
        "Glucophage",
        "--kind",
        "dose_change",
        "--dose",
        "2+0+1+0",
    )
    assert run(cli(url, *args)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"ændring {first}: sæt i bero, registreret" in err[0]
    assert f"--replace {first}" in err[0]
    assert run(cli(url, "--json", *args, "--keep-both", str(first))) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "registered"


def test_people_are_named_in_the_text_and_logins_kept_in_json(dbfile, capsys):
    """The text output names the person ("Sif Sygeplejerske"), never only her login; --json
    keeps the login and adds the name."""
    url, w = dbfile
    acute, follow = _stop_zarator(url, w.anna, capsys)
    assert run(cli(url, "change", "show", str(follow))) == 0
    text = capsys.readouterr().out
    assert "af Sif Sygeplejerske" in text and "Sif Sygeplejerske: - → Registreret" in text
    assert "sygpl" not in text and "registered" not in text
    assert run(cli(url, "change", "show", str(follow), "--json")) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["registered_by"], data["registered_by_name"]) == ("sygpl", "Sif Sygeplejerske")
    assert data["transitions"][0]["by_name"] == "Sif Sygeplejerske"
    assert run(cli(url, "queue", user="koord")) == 0
    listed = capsys.readouterr().out
    assert "Registreret af" in listed and "Sif Sygeplejerske" in listed
    assert run(cli(url, "handling", "done", str(acute), "--json")) == 0
    steps = json.loads(capsys.readouterr().out)["done"]
    assert {(s["done_by"], s["done_by_name"]) for s in steps} == {("sygpl", "Sif Sygeplejerske")}


def test_the_emergency_access_list_names_people(dbfile, capsys):
    url, w = dbfile
    rc = run(cli(url, "glass", "open", w.ojvind, "--reason", "Vikar på ruten"))
    assert rc == 0, capsys.readouterr().err
    capsys.readouterr()
    assert run(cli(url, "glass", "list", user="koord")) == 0
    listed = capsys.readouterr().out
    assert "Sif Sygeplejerske" in listed and "sygpl" not in listed
    assert run(cli(url, "glass", "reviewed", "1", user="koord")) == 0
    capsys.readouterr()
    assert run(cli(url, "glass", "list", "--all", user="koord")) == 0
    assert "Karl Koordinator" in capsys.readouterr().out
    assert run(cli(url, "glass", "list", "--all", "--json", user="koord")) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["reviewed_by"], row["reviewed_by_name"]) == ("koord", "Karl Koordinator")
