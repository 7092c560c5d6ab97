"""Correspondence (R9) through the services: a message about a double prescription goes to the
outbox whole, a reply dropped in the inbox threads under it and shows with the flag, a bad file
is moved aside with its reason, and nothing about a private line ever leaves."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dosisdesk.domain.correspondence import Draft, MessageStatus
from dosisdesk.domain.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from dosisdesk.domain.types import ChangeKind, Supply
from dosisdesk.interop import medcom
from dosisdesk.interop.medcom.build import Message, Segment, build_message, new_uuid
from dosisdesk.interop.medcom.read import read_message
from dosisdesk.services import changes, exchange, flags
from dosisdesk.services import correspondence as corr
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.conftest import NOW
from tests.world import World

GP_SOR, GP_EAN = "999990000016002", "5790000000024"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    out, inbox = tmp_path / "udbakke", tmp_path / "indbakke"
    out.mkdir()
    inbox.mkdir()
    return out, inbox


def setup(db: Database, world: World, folders: tuple[Path, Path]) -> Ctx:
    admin = open_ctx(db, "admin", fixed_clock(NOW))
    corr.set_settings(
        admin,
        name="Hjemmeplejen Testkommune",
        sor="999990000016001",
        ean="5790000000017",
        phone="38683868",
        outbox=str(folders[0]),
        inbox=str(folders[1]),
    )
    nurse = open_ctx(db, "sygpl", fixed_clock(NOW))
    corr.set_gp_address(nurse, world.anna, GP_SOR, GP_EAN)
    # an ordinary atorvastatin beside the roll: a high double prescription with the roll line
    changes.register(
        nurse,
        changes.ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.NEW,
            product=f"#{world.p_atorva_krka}",
            dosage="0+0+1+0",
            supply=Supply.ORDINARY,
            source="Egen læge",
        ),
    )
    return nurse


def flag_ref(db: Database, world: World) -> str:
    with db.begin() as s:
        lines = sorted(s.scalars(select(m.Line.id).where(m.Line.citizen_id == world.anna_id)))
    return f"{world.line_atorva}-{lines[-1]}"


def test_a_message_about_a_double_prescription_goes_to_the_outbox_whole(db, world, folders):
    nurse = setup(db, world, folders)
    ref = flag_ref(db, world)
    prop = corr.compose(nurse, world.anna, "flag", ref)
    assert prop.category == "medicine" and prop.recipient_key == "gp"
    assert "Zarator 20 mg, 0+0+1+0 (dosisrulle" in prop.text
    assert 'Atorvastatin "Krka" 20 mg, 0+0+1+0 (almindelig recept' in prop.text
    assert prop.signature.name == "Sif Sygeplejerske" and prop.signature.phone == "38683868"
    d = medcom.send(
        nurse,
        world.anna,
        Draft(prop.category, prop.topic, prop.text, prop.signature),
        "gp",
        context_kind="flag",
        context_ref=ref,
    )
    assert d.status is MessageStatus.READY and d.party_name == "Læge Lund"
    files = list(folders[0].iterdir())
    assert [f.name for f in files] == [d.file_name]  # no temporary file left beside it
    assert world.anna not in d.file_name
    back = read_message(files[0].read_bytes())
    assert back.cpr == world.anna and back.header_id == d.header_id
    assert back.segments[0].author_name == "Sif Sygeplejerske"
    with db.begin() as s:
        entry = s.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "medcom.send")).one()
        assert entry.citizen_id == world.anna_id


def test_a_reply_in_the_inbox_threads_under_the_message_and_shows_with_the_flag(db, world, folders):
    nurse = setup(db, world, folders)
    ref = flag_ref(db, world)
    prop = corr.compose(nurse, world.anna, "flag", ref)
    sent = medcom.send(
        nurse,
        world.anna,
        Draft("medicine", "Dobbeltordination", "Se venligst.", prop.signature),
        "gp",
        context_kind="flag",
        context_ref=ref,
    )
    ours = json.loads((folders[0] / sent.file_name).read_text(encoding="utf-8"))
    first = read_message(json.dumps(ours).encode())
    # the GP answers: a reply carrying our segment and theirs
    from dosisdesk.domain.correspondence import Organisation

    later = NOW + timedelta(hours=3)
    reply = build_message(
        Message(
            new_uuid(),
            first.communication_identifier,
            Organisation("Læge Lund", GP_SOR, GP_EAN),
            Organisation("Hjemmeplejen Testkommune", "999990000016001", "5790000000017"),
            world.anna,
            "Anna",
            "Hansen",
            "medicine",
            "Dobbeltordination",
            False,
            (
                Segment(
                    first.segments[0].identifier,
                    first.segments[0].text,
                    NOW,
                    "Sif Sygeplejerske",
                    "Sygeplejerske",
                    "38683868",
                    False,
                ),
                Segment(
                    f"urn:uuid:{new_uuid()}",
                    "Zarator seponeres i FMK i dag.",
                    later,
                    "Lars Lund",
                    "Læge",
                    "70202020",
                    True,
                ),
            ),
            None,
            later,
            preceding_header_id=first.header_id,
        )
    )
    (folders[1] / "svar.json").write_text(json.dumps(reply), encoding="utf-8")
    (folders[1] / "noget.json").write_text("{ikke json", encoding="utf-8")
    rep = medcom.scan_inbox(open_ctx(db, "sygpl", fixed_clock(later)))
    assert [r.reply_to_id for r in rep.received] == [sent.id]
    assert [f for f, _ in rep.refused] == ["noget.json"]
    assert (folders[1] / "fejlede" / "noget.json").exists()
    assert "JSON" in (folders[1] / "fejlede" / "noget.json.txt").read_text(encoding="utf-8")
    assert (folders[1] / "behandlet" / "svar.json").exists()
    assert not (folders[1] / "svar.json").exists()
    threads = corr.threads(nurse, world.anna)
    assert len(threads) == 1
    assert [d.direction.value for d in threads[0]] == ["out", "in"]
    assert threads[0][0].status is MessageStatus.ANSWERED
    assert [g.text for g in threads[0][1].segments] == ["Zarator seponeres i FMK i dag."]
    about_flag = corr.for_context(nurse, "flag", ref)
    assert [d.direction.value for d in about_flag] == ["out", "in"]
    a, b = (int(x) for x in ref.split("-"))
    history = flags.flag_history(nurse, b, a)
    assert [(h[1], h[2]) for h in history] == [
        ("Sif Sygeplejerske", "message_sent"),
        ("Læge Lund", "reply_received"),
    ]
    assert history[1][3] == "Zarator seponeres i FMK i dag."
    assert corr.unanswered(nurse) == []
    # the same reply again is refused, nothing doubles
    (folders[1] / "svar2.json").write_text(json.dumps(reply), encoding="utf-8")
    rep2 = medcom.scan_inbox(nurse)
    assert rep2.received == () and [f for f, _ in rep2.refused] == ["svar2.json"]


def test_a_reply_to_an_unknown_message_is_moved_aside(db, world, folders):
    nurse = setup(db, world, folders)
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "medcom" / "2nd-message.json"
    (folders[1] / "fremmed.json").write_bytes(fixture.read_bytes())
    rep = medcom.scan_inbox(nurse)
    assert rep.received == ()
    assert (folders[1] / "fejlede" / "fremmed.json").exists()
    with db.begin() as s:
        assert s.scalar(select(func.count(m.CorrespondenceMessage.id))) == 0


def test_the_gateway_taking_a_file_marks_the_message_sent(db, world, folders):
    nurse = setup(db, world, folders)
    prop = corr.compose(nurse, world.anna)
    d = medcom.send(nurse, world.anna, Draft("medicine", "", "Spørgsmål", prop.signature), "gp")
    (folders[0] / d.file_name).unlink()  # the gateway picked it up
    assert medcom.scan_inbox(nurse).taken_by_gateway == 1
    assert corr.messages(nurse, world.anna)[0].status is MessageStatus.SENT
    assert [x.id for x in corr.unanswered(open_ctx(db, "koord", fixed_clock(NOW)))] == [d.id]


def test_nothing_about_a_private_line_leaves_and_nurses_keep_to_their_team(db, world, folders):
    nurse = setup(db, world, folders)
    with pytest.raises(RuleViolation):
        corr.compose(nurse, world.anna, "flag", f"{world.line_atorva}-{world.line_private}")
    with pytest.raises(RuleViolation):
        medcom.send(
            nurse,
            world.anna,
            Draft("medicine", "", "x", corr.compose(nurse, world.anna).signature),
            "gp",
            context_kind="flag",
            context_ref=f"{world.line_private}-{world.line_atorva}",
        )
    with pytest.raises(AccessDenied):
        corr.compose(nurse, world.ojvind)
    assert list(folders[0].iterdir()) == []


def test_bad_input_is_refused_and_nothing_is_written(db, world, folders):
    nurse = setup(db, world, folders)
    sig = corr.compose(nurse, world.anna).signature
    with pytest.raises(RuleViolation):  # other needs a topic
        medcom.send(nurse, world.anna, Draft("other", "", "Tekst", sig), "gp")
    with pytest.raises(InvalidInput):
        medcom.send(nurse, world.anna, Draft("medication", "", "Tekst", sig), "gp")
    with pytest.raises(RuleViolation):  # no signature phone
        medcom.send(nurse, world.anna, Draft("medicine", "", "Tekst", replace(sig, phone="")), "gp")
    with pytest.raises(InvalidInput):
        medcom.send(nurse, world.anna, Draft("medicine", "", "Tekst", sig), "hospital")
    with pytest.raises(NotFound):
        medcom.send(nurse, world.anna, Draft("medicine", "", "Tekst", sig), "gp", reply_to=999)
    with pytest.raises(RuleViolation):  # Øjvind's GP has no SOR/EAN: cannot be addressed
        medcom.send(
            open_ctx(db, "koord", fixed_clock(NOW)),
            world.ojvind,
            Draft("medicine", "", "Tekst", sig),
            "gp",
        )
    assert list(folders[0].iterdir()) == []
    with db.begin() as s:
        assert s.scalar(select(func.count(m.CorrespondenceMessage.id))) == 0


def test_a_full_outbox_leaves_no_file_and_no_message(db, world, folders, monkeypatch):
    nurse = setup(db, world, folders)
    sig = corr.compose(nurse, world.anna).signature

    def full(*a, **k):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exchange, "_write_temp", full)
    with pytest.raises(InvalidInput) as e:
        medcom.send(nurse, world.anna, Draft("medicine", "", "Tekst", sig), "gp")
    assert "udbakken" in e.value.message
    assert list(folders[0].iterdir()) == []
    with db.begin() as s:
        assert s.scalar(select(func.count(m.CorrespondenceMessage.id))) == 0
        assert (
            s.scalar(
                select(func.count(m.AuditEntry.id)).where(m.AuditEntry.action == "medcom.send")
            )
            == 0
        )


def test_settings_are_the_administrators_and_checked(db, world, folders):
    nurse = open_ctx(db, "sygpl", fixed_clock(NOW))
    with pytest.raises(AccessDenied):
        corr.set_settings(nurse, sor="999990000016001")
    admin = open_ctx(db, "admin", fixed_clock(NOW))
    with pytest.raises(InvalidInput):
        corr.set_settings(admin, outbox="/no/such/folder")
    with pytest.raises(RuleViolation):
        corr.set_settings(admin, sor="12", ean="5790000000017")
    st = corr.set_settings(admin, sor="999990000016001", ean="5790000000017", name="Kommune")
    assert (st.sor, st.ean, st.name) == ("999990000016001", "5790000000017", "Kommune")
    corr.set_team_address(admin, "Team Nord", "999990000016009", "5790000000031")
    assert corr.compose(nurse, world.anna).recipients[0].addressable is False  # GP not set


def test_a_message_forwarded_to_us_starts_a_thread_of_its_own(db, world, folders):
    """A department forwards a thread we were not part of (the guide's forward-message): it is
    not a reply to an unknown message, it is a new thread on the citizen."""
    from dosisdesk.domain.correspondence import Organisation

    nurse = setup(db, world, folders)
    forward = build_message(
        Message(
            new_uuid(),
            f"urn:uuid:{new_uuid()}",
            Organisation("Ortopædkirurgisk afdeling", "999990000016033", "5790000000093"),
            Organisation("Hjemmeplejen Testkommune", "999990000016001", "5790000000017"),
            world.anna,
            "Anna",
            "Hansen",
            "discharge",
            "",
            False,
            (
                Segment(
                    f"urn:uuid:{new_uuid()}",
                    "Videresendt fra egen læge.",
                    NOW,
                    "Eva Holm",
                    "Sygeplejerske",
                    "78450000",
                    True,
                ),
            ),
            None,
            NOW,
            preceding_header_id=new_uuid(),
        )
    )
    prov = next(
        e["resource"] for e in forward["entry"] if e["resource"]["resourceType"] == "Provenance"
    )
    prov["activity"]["coding"][0]["code"] = "forward-message"
    (folders[1] / "videre.json").write_text(json.dumps(forward), encoding="utf-8")
    rep = medcom.scan_inbox(nurse)
    assert rep.refused == () and len(rep.received) == 1
    assert rep.received[0].reply_to_id is None and rep.received[0].category == "discharge"


def test_compose_from_a_supply_failure_an_acute_change_and_an_open_72_hour_window(
    db, world, folders
):
    from datetime import date

    from dosisdesk.domain.types import ContactKind
    from dosisdesk.services import contacts, supply

    setup(db, world, folders)
    koord = open_ctx(db, "koord", fixed_clock(NOW))
    f = supply.register_failure(koord, "Zarator", date(2026, 11, 20), None)
    p = corr.compose(koord, world.anna, "supply", str(f.id))
    assert p.topic == "Leveringssvigt" and "Zarator 20 mg er i leveringssvigt" in p.text
    k = contacts.add_contact(
        koord,
        contacts.ContactRequest(
            cpr=world.anna,
            kind=ContactKind.ADMISSION,
            hospital="Regionshospitalet",
            department="Medicinsk afdeling",
            phone="78450000",
            started_at=NOW - timedelta(days=5),
            ended_at=NOW - timedelta(hours=20),
        ),
    )
    p = corr.compose(koord, world.anna, "contact", str(k.id))
    assert p.category == "extended-care-responsibility" and p.acute_warning
    assert p.recipient_key == f"contact:{k.id}"
    assert not next(r for r in p.recipients if r.key == p.recipient_key).addressable
    with pytest.raises(InvalidInput):
        corr.compose(koord, world.anna, "supply", "99999999999999999999")
