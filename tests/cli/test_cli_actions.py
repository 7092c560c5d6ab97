"""What the window can do, the command line can too: pause and resume, hospital contacts, flag
acknowledgements, renewal requests — each with ``--json``, the same checks, audit and role rules.
Bad input exits 2 with one Danish line and changes nothing; a nurse acting on another team's
citizen is refused and the refusal is logged."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import func, select

from dosisdesk.cli import run
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.helpers.cli import NOW, cli, out_json


def state(url: str) -> dict[str, int]:
    """How many of each thing these commands write (audit entries counted apart)."""
    db = Database.open(url)
    with db.begin() as s:
        out = {
            name: s.scalar(select(func.count()).select_from(model)) or 0
            for name, model in (
                ("pauses", m.Pause),
                ("contacts", m.HospitalContact),
                ("acks", m.FlagAck),
                ("renewals", m.RenewalRequest),
                ("tasks", m.Task),
            )
        }
        out["paused_cards"] = s.scalar(select(func.count(m.Card.id)).where(m.Card.paused)) or 0
        out["open_requests"] = (
            s.scalar(
                select(func.count(m.RenewalRequest.id)).where(m.RenewalRequest.state == "sent")
            )
            or 0
        )
        out["discharged"] = (
            s.scalar(
                select(func.count(m.HospitalContact.id)).where(
                    m.HospitalContact.ended_at.is_not(None)
                )
            )
            or 0
        )
    db.dispose()
    return out


def audit_actions(url: str) -> list[str]:
    db = Database.open(url)
    with db.begin() as s:
        rows = list(s.scalars(select(m.AuditEntry.action).order_by(m.AuditEntry.id)))
    db.dispose()
    return rows


# ---------------------------------------------------------------------------
# pause / resume
# ---------------------------------------------------------------------------


def test_pause_then_resume_names_the_first_roll_and_the_manual_days(dbfile, capsys):
    url, w = dbfile
    assert (
        run(
            cli(
                url,
                "--json",
                "pause",
                w.anna,
                "--from",
                "2026-11-22T09:00",
                "--reason",
                "Indlagt på Herlev",
            )
        )
        == 0
    )
    data = out_json(capsys)
    assert data == {
        "cpr": w.anna,
        "paused_from": "2026-11-22T09:00:00+01:00",
        "reason": "Indlagt på Herlev",
    }
    assert state(url)["paused_cards"] == 1 and "card.pause" in audit_actions(url)
    # The deadline of 3-16 December (Tue 1 Dec 12:00) passes while paused: that roll is not
    # packed, so resuming on 2 December leaves 3-16 December to manual dispensing.
    later = "2026-12-02T10:00"
    assert run(cli(url, "resume", w.anna, "--at", later, now=later)) == 0
    human = capsys.readouterr().out
    assert "Første pakkede rulle begynder tors. 17. dec." in human
    assert "Manuel dosering 14 dage: tors. 3. dec., fre. 4. dec." in human
    assert state(url)["paused_cards"] == 0 and audit_actions(url)[-1] == "card.resume"


def test_resume_json_is_the_plan(dbfile, capsys):
    url, w = dbfile
    assert run(cli(url, "pause", w.anna)) == 0  # from now, reason as the window's default
    capsys.readouterr()
    assert run(cli(url, "resume", w.anna, "--json")) == 0  # --json after the subcommand
    data = out_json(capsys)
    assert data["first_packed_period_start"] == "2026-12-03" and data["manual_days"] == []


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["resume", "{anna}"], "ikke sat i bero"),
        (["pause", "{anna}", "--from", "2026-11-30T10:00"], "fremtiden"),
        (["pause", "{anna}", "--from", "i morgen"], "gyldigt tidspunkt"),
        (["pause", "{anna}", "--reason", "  "], "Angiv hvorfor"),
        (["pause", "0102031234"], "ingen borger"),
        (["pause", "{anna}", "--frm", "2026-11-22"], "ukendte argumenter"),
    ],
)
def test_pause_and_resume_refuse_bad_input(dbfile, capsys, args, needle):
    url, w = dbfile
    before = state(url)
    assert run(cli(url, *[a.format(anna=w.anna) for a in args])) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and needle in err, err
    assert state(url) == before


def test_pausing_twice_is_refused(dbfile, capsys):
    url, w = dbfile
    assert run(cli(url, "pause", w.anna, "--reason", "Indlagt")) == 0
    before = state(url)
    assert run(cli(url, "pause", w.anna, "--reason", "Igen")) == 2
    assert "allerede sat i bero" in capsys.readouterr().err
    assert state(url) == before


# ---------------------------------------------------------------------------
# A nurse acting on another team's citizen: refused and logged, for every new command
# ---------------------------------------------------------------------------


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.mark.parametrize(
    "args",
    [
        ["pause", "{ojvind}", "--reason", "Indlagt"],
        ["resume", "{ojvind}"],
        [
            "contact",
            "admit",
            "{ojvind}",
            "--hospital",
            "Herlev",
            "--department",
            "Med. afd.",
            "--phone",
            "38683868",
        ],
        ["contact", "discharge", "{ojvind}"],
    ],
)
def test_a_nurse_cannot_act_on_another_teams_citizen(dbfile, capsys, args):
    url, w = dbfile
    before = state(url)
    records = _Records()
    log = logging.getLogger("dosisdesk")
    log.addHandler(records)
    try:
        assert run(cli(url, *[a.format(ojvind=w.ojvind) for a in args], user="sygpl")) == 2
    finally:
        log.removeHandler(records)
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "hører ikke til dit team" in err
    assert state(url) == before
    refused = [r for r in records.messages if "refused" in r]
    assert refused and "sygpl" in refused[0] and w.ojvind not in refused[0]


# ---------------------------------------------------------------------------
# contact
# ---------------------------------------------------------------------------


def test_admission_discharge_and_extension_print_the_72_hour_window(dbfile, capsys):
    url, w = dbfile
    assert (
        run(
            cli(
                url,
                "--json",
                "contact",
                "admit",
                w.anna,
                "--hospital",
                "Herlev Hospital",
                "--department",
                "Kardiologisk afd.",
                "--phone",
                "38 68 38 68",
                "--at",
                "2026-11-19T08:00",
            )
        )
        == 0
    )
    admitted = out_json(capsys)
    assert admitted["kind"] == "admission" and admitted["dd_paused"] is True
    assert admitted["somatic"] is True and admitted["ended_at"] is None
    assert state(url)["paused_cards"] == 1  # an admission pauses, as the dialog's default

    # somatic/psychiatric is the admission's: a discharge may repeat it, never change it
    assert run(cli(url, "contact", "discharge", w.anna, "--psychiatric")) == 2
    assert "registreret som somatisk" in capsys.readouterr().err
    assert state(url)["paused_cards"] == 1  # nothing changed
    assert (
        run(cli(url, "contact", "discharge", w.anna, "--somatic", "--at", "2026-11-22T09:00")) == 0
    )
    human = capsys.readouterr().out
    assert "udskrevet søn. 22. nov. kl. 09.00" in human
    assert "72-timers vindue (åbent): afdelingen har ansvaret til ons. 25. nov. kl. 09.00" in human
    assert "ring 38 68 38 68" in human

    assert run(cli(url, "contact", "extend", w.anna, "--until", "2026-11-27T12:00", "--json")) == 0
    extended = out_json(capsys)
    assert extended["responsibility_until"] == "2026-11-27T12:00:00+01:00"
    assert [a for a in audit_actions(url) if a.startswith("contact.")] == [
        "contact.add",
        "contact.discharge",
        "contact.extend",
    ]


def test_a_psychiatric_or_short_stay_has_no_window(dbfile, capsys):
    url, w = dbfile
    assert (
        run(
            cli(
                url,
                "contact",
                "admit",
                w.anna,
                "--hospital",
                "Psykiatrisk Center",
                "--department",
                "Afsnit 3",
                "--phone",
                "38643864",
                "--psychiatric",
                "--no-pause",
                "--at",
                "2026-11-18T08:00",
            )
        )
        == 0
    )
    assert state(url)["paused_cards"] == 0
    capsys.readouterr()
    assert run(cli(url, "--json", "contact", "discharge", w.anna)) == 0
    data = out_json(capsys)
    assert data["somatic"] is False and data["responsibility_until"] is None
    assert (
        run(
            cli(
                url,
                "contact",
                "outpatient",
                w.anna,
                "--hospital",
                "Herlev",
                "--department",
                "Øjenambulatoriet",
                "--phone",
                "38683868",
                "--at",
                "2026-11-22T08:00",
                "--end",
                "2026-11-22T09:30",
            )
        )
        == 0
    )
    assert "ambulant for" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            [
                "contact",
                "admit",
                "{anna}",
                "--hospital",
                "Herlev",
                "--department",
                "Med.",
                "--phone",
                "1234",
            ],
            "mindst 8 cifre",
        ),
        (
            [
                "contact",
                "admit",
                "{anna}",
                "--hospital",
                " ",
                "--department",
                "Med.",
                "--phone",
                "38683868",
            ],
            "Angiv sygehus",
        ),
        (
            [
                "contact",
                "admit",
                "{anna}",
                "--hospital",
                "Herlev",
                "--department",
                "Med.",
                "--phone",
                "38683868",
                "--at",
                "2026-11-23T08:00",
            ],
            "fremtiden",
        ),
        (
            [
                "contact",
                "outpatient",
                "{anna}",
                "--hospital",
                "Herlev",
                "--department",
                "Med.",
                "--phone",
                "38683868",
                "--at",
                "2026-11-22T08:00",
                "--end",
                "2026-11-21T08:00",
            ],
            "før starttidspunktet",
        ),
        (["contact", "admit", "{anna}", "--hospital", "Herlev"], "mangler"),
        (["contact", "discharge", "{anna}"], "ikke indlagt"),
        (["contact", "extend", "{anna}", "--until", "2026-11-30T10:00"], "ikke udskrevet"),
        (["contact", "discharge", "{anna}", "--contact", "99"], "hører ikke til"),
        (["contact", "transfer", "{anna}"], "ukendt valg"),
    ],
)
def test_contact_refuses_bad_input(dbfile, capsys, args, needle):
    url, w = dbfile
    before = state(url)
    assert run(cli(url, *[a.format(anna=w.anna) for a in args])) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and needle in err, err
    assert state(url) == before


def test_a_discharge_before_the_admission_is_refused(dbfile, capsys):
    url, w = dbfile
    assert (
        run(
            cli(
                url,
                "contact",
                "admit",
                w.anna,
                "--hospital",
                "Herlev",
                "--department",
                "Med.",
                "--phone",
                "38683868",
                "--at",
                "2026-11-20T08:00",
            )
        )
        == 0
    )
    before = state(url)
    assert run(cli(url, "contact", "discharge", w.anna, "--at", "2026-11-19T08:00")) == 2
    assert "før indlæggelsen" in capsys.readouterr().err
    assert state(url) == before


# ---------------------------------------------------------------------------
# flag
# ---------------------------------------------------------------------------


def _ordinary_atorvastatin(url: str, anna: str) -> None:
    """Atorvastatin as an ordinary pack beside Zarator in the roll: a high double prescription
    from the next roll on."""
    assert (
        run(
            cli(
                url,
                "change",
                "add",
                anna,
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
        == 0
    )


def _high_flag(url: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert run(cli(url, "--json", "flags", "--severity", "high", user="koord")) == 0
    (f,) = out_json(capsys)  # type: ignore[misc]
    return f"{f['line_a']}-{f['line_b']}"


def test_acknowledge_a_flag_and_read_its_history(dbfile, capsys):
    url, w = dbfile
    _ordinary_atorvastatin(url, w.anna)
    flag = _high_flag(url, capsys)
    assert run(cli(url, "flags", user="koord")) == 0
    assert flag in capsys.readouterr().out  # the list names the flag as the commands take it
    assert (
        run(
            cli(
                url,
                "flag",
                "ack",
                flag,
                "--reason",
                "Aftalt med egen læge",
                "--until",
                "2026-12-31",
                "--json",
                user="koord",
            )
        )
        == 0
    )
    assert out_json(capsys) == {
        "flag": flag,
        "kind": "intentional",
        "reason": "Aftalt med egen læge",
        "until": "2026-12-31",
    }
    assert run(cli(url, "--json", "flags", "--severity", "high", user="koord")) == 0
    assert out_json(capsys) == []  # acknowledged: no longer open
    assert run(cli(url, "flag", "sent", flag, "--reason", "Sendt til egen læge", user="koord")) == 0
    assert "sendt til lægen" in capsys.readouterr().out
    assert run(cli(url, "--json", "flag", "history", flag, user="koord")) == 0
    rows = out_json(capsys)
    assert [(r["kind"], r["reason"]) for r in rows] == [  # type: ignore[index]
        ("intentional", "Aftalt med egen læge"),
        ("sent_to_doctor", "Sendt til egen læge"),
    ]
    assert [r["by"] for r in rows] == ["Karl Koordinator"] * 2  # type: ignore[index]
    assert run(cli(url, "flag", "history", flag, user="koord")) == 0
    assert "kvitteret som tilsigtet" in capsys.readouterr().out
    flag_actions = [a for a in audit_actions(url) if a.startswith("flag.")]
    assert flag_actions[-2:] == ["flag.intentional", "flag.sent_to_doctor"]


@pytest.mark.parametrize(
    ("args", "user", "needle"),
    [
        (["flag", "ack", "{flag}", "--reason", "Fint"], "sygpl", "kræver rollen"),
        (["flag", "ack", "{flag}", "--reason", " "], "koord", "begrundelse"),
        (["flag", "ack", "{flag}", "--reason", "x", "--until", "2026-11-01"], "koord", "før i dag"),
        (
            ["flag", "ack", "{flag}", "--reason", "x", "--until", "31-12-2026"],
            "koord",
            "gyldig dato",
        ),
        (["flag", "ack", "abc", "--reason", "x"], "koord", "ikke en dobbeltordination"),
        (["flag", "ack", "{a}-99999", "--reason", "x"], "koord", "ikke længere"),
        (["flag", "ack", "{flag}"], "koord", "mangler: --reason"),
    ],
)
def test_flag_refuses_bad_input_and_nurses(dbfile, capsys, args, user, needle):
    url, w = dbfile
    _ordinary_atorvastatin(url, w.anna)
    flag = _high_flag(url, capsys)
    before = state(url)
    args = [a.format(flag=flag, a=flag.split("-")[0]) for a in args]
    assert run(cli(url, *args, user=user)) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and needle in err, err
    assert state(url) == before


# ---------------------------------------------------------------------------
# renewal
# ---------------------------------------------------------------------------


def _due_line(url: str, capsys: pytest.CaptureFixture[str]) -> int:
    assert run(cli(url, "--json", "renewals", "--due", user="koord")) == 0
    (r,) = out_json(capsys)  # type: ignore[misc]
    return int(r["line_id"])


def test_request_and_answer_a_renewal(dbfile, capsys):
    url, _ = dbfile
    line = _due_line(url, capsys)
    assert run(cli(url, "--json", "renewal", "request", str(line))) == 0  # a nurse may ask
    rid = out_json(capsys)["request_id"]  # type: ignore[index]
    assert run(cli(url, "renewal", "reject", str(rid), "--reason", "8", user="koord")) == 0
    human = capsys.readouterr().out
    assert "afvist (For tidligt at udstede en ny recept); teamet har fået en opgave" in human
    assert state(url)["tasks"] == 1
    assert run(cli(url, "--json", "renewals", "--state", "rejected", user="koord")) == 0
    (row,) = out_json(capsys)  # type: ignore[misc]
    assert row["rejection_reason"] == "too_early"
    # A new request for the same line, renewed this time; a third one cancelled.
    assert run(cli(url, "--json", "renewal", "request", str(line))) == 0
    rid2 = out_json(capsys)["request_id"]  # type: ignore[index]
    assert run(cli(url, "renewal", "renewed", str(rid2))) == 0
    assert "fornyet" in capsys.readouterr().out
    assert run(cli(url, "--json", "renewal", "request", str(line))) == 0
    rid3 = out_json(capsys)["request_id"]  # type: ignore[index]
    assert run(cli(url, "--json", "renewal", "cancel", str(rid3))) == 0
    assert out_json(capsys) == {"request_id": rid3, "state": "cancelled", "reason": None}
    assert [a for a in audit_actions(url) if a.startswith("renewal.")] == [
        "renewal.send",
        "renewal.decide",
        "renewal.send",
        "renewal.decide",
        "renewal.send",
        "renewal.decide",
    ]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["renewal", "reject", "{rid}", "--reason", "keine-lust"], "ti standardårsager"),
        (["renewal", "reject", "{rid}", "--reason", "11"], "ti standardårsager"),
        (["renewal", "reject", "{rid}"], "mangler: --reason"),
        (["renewal", "renewed", "x{rid}"], "ikke et heltal"),
        (["renewal", "renewed", "9999"], "findes ikke"),
        (["renewal", "request", "{line}"], "allerede sendt"),
        (["renewal", "request", "9999"], "findes ikke"),
    ],
)
def test_renewal_refuses_bad_input(dbfile, capsys, args, needle):
    url, _ = dbfile
    line = _due_line(url, capsys)
    assert run(cli(url, "--json", "renewal", "request", str(line))) == 0
    rid = out_json(capsys)["request_id"]  # type: ignore[index]
    before = state(url)
    assert run(cli(url, *[a.format(rid=rid, line=line) for a in args])) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and needle in err, err
    assert state(url) == before


def test_an_answered_request_cannot_be_answered_again(dbfile, capsys):
    url, _ = dbfile
    line = _due_line(url, capsys)
    assert run(cli(url, "--json", "renewal", "request", str(line))) == 0
    rid = out_json(capsys)["request_id"]  # type: ignore[index]
    assert run(cli(url, "renewal", "renewed", str(rid))) == 0
    capsys.readouterr()
    before = state(url)
    assert run(cli(url, "renewal", "cancel", str(rid))) == 2
    assert "kan ikke gå fra fornyet til annulleret" in capsys.readouterr().err
    assert state(url) == before


# ---------------------------------------------------------------------------
# Global options after the subcommand; period list's real status
# ---------------------------------------------------------------------------


def test_global_options_work_after_the_subcommand(dbfile, capsys):
    url, _ = dbfile
    assert run(["--db", url, "--user", "koord", "--now", NOW, "--json", "queue"]) == 0
    before = capsys.readouterr().out
    assert run(["queue", "--json", "--db", url, "--user", "koord", "--now", NOW]) == 0
    assert capsys.readouterr().out == before
    # Given in both places, the one after the subcommand wins; not given there, the one before.
    assert (
        run(["--db", url, "--user", "sygpl", "--now", NOW, "queue", "--user", "koord", "--json"])
        == 0
    )
    assert capsys.readouterr().out == before
    assert run(["--db", url, "--now", NOW, "period", "list", "Torsdag", "--json"]) == 0
    json.loads(capsys.readouterr().out)


def test_period_list_shows_each_periods_real_status(dbfile, capsys):
    url, _ = dbfile
    assert run(cli(url, "--json", "period", "list", "Torsdag", "--count", "3")) == 0
    rows = out_json(capsys)
    assert [(r["first_day"], r["status"]) for r in rows] == [  # type: ignore[index]
        ("2026-11-19", "delivered"),
        ("2026-12-03", "planned"),
        ("2026-12-17", "planned"),
    ]
    # After the deadline of 3-16 December, before its delivery: packing.
    assert run(cli(url, "period", "list", "Torsdag", "--count", "2", now="2026-12-01T12:00")) == 0
    human = capsys.readouterr().out
    assert "låst (pakkes)" in human and "leveret" in human and "[planned]" not in human


def test_cli_words_are_danish(dbfile, capsys):
    url, w = dbfile
    _ordinary_atorvastatin(url, w.anna)
    capsys.readouterr()
    assert run(cli(url, "card", w.anna)) == 0
    card = capsys.readouterr().out
    for english in ("[planned]", "[delivered]", "[review]", "[high]", "admission"):
        assert english not in card
    assert "[leveret]" in card and "[høj]" in card
