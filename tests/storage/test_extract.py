"""The JSON extract: export, schema, import all-or-nothing, and the round trip (R11)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import func, select, text

from dosisdesk.domain.errors import AccessDenied, ImportError_, InvalidInput
from dosisdesk.domain.types import CPH, BagRef, ChangeKind, ContactKind, HandlingKind, Supply
from dosisdesk.interop.extract import (
    ExportSummary,
    export_extract,
    import_extract,
    schema,
    validate_document,
)
from dosisdesk.services import admin, cards, changes, contacts, renewals, supply
from dosisdesk.services.changes import ChangeRequest, HandlingRequest
from dosisdesk.services.context import Ctx, fixed_clock, open_ctx
from dosisdesk.services.dto import CardView, ChangeDTO, LineDTO
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.world import World, build_world

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=CPH)
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get("DOSISDESK_TEST_DATABASE_URL"),
            reason="set DOSISDESK_TEST_DATABASE_URL to run on PostgreSQL",
        ),
    ),
]
ROOT = Path(__file__).resolve().parents[2]


def ctx_of(db: Database, user: str = "admin", moment: datetime = NOW) -> Ctx:
    return open_ctx(db, user, fixed_clock(moment))


@pytest.fixture
def src(tmp_path: Path) -> Iterator[Database]:
    db = Database.create("sqlite:///" + str(tmp_path / "src.sqlite"), training=True)
    yield db
    db.dispose()


@pytest.fixture(params=BACKENDS)
def dst(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """The database imported into: SQLite always, PostgreSQL when configured."""
    if request.param == "sqlite":
        db = Database.create("sqlite:///" + str(tmp_path / "dst.sqlite"), training=True)
    else:
        db = Database.create(request.getfixturevalue("pg_schema_url"), training=True)
    yield db
    db.dispose()


@pytest.fixture
def world(src: Database) -> World:
    """The shared small world (with a stretched Christmas period and a closing day) plus history
    made through the services: a planned change, an acute change with discarded bags (temporary
    line and follow-up), a cancelled new line, an admission with a pause, a discharge and a
    resume, a renewal request; and with the ORM a packed trade name and a line given beside the
    roll because of a supply failure."""
    w = build_world(src)
    with src.begin() as s:  # before any period exists: Christmas stretched, a closing day
        s.add(
            m.Stretch(
                packing_group_id=w.group,
                first_day=date(2026, 12, 17),
                length_days=21,
                note="Forlænget over julen",
            )
        )
        s.scalars(select(m.Pharmacy)).one().extra_closed_days = '["2027-03-01"]'
    nurse = ctx_of(src, "sygpl")
    changes.register(
        nurse,
        ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=w.line_metformin,
            dosage="1+1+1+0",
            source="Egen læge",
            received_at=datetime(2026, 11, 21, 15, 0, tzinfo=CPH),
        ),
    )
    changes.register(
        nurse,
        ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.NEW,
            product="Zocor",
            dosage="0+0+1+0",
            acute=True,
            reason="Ny behandling efter udskrivelse",
            doctor="Læge Lund",
            source="Sygehus",
            handlings=(
                HandlingRequest(
                    HandlingKind.DISCARD_BAGS, (BagRef(date(2026, 11, 22), "evening"),)
                ),
            ),
        ),
    )
    doomed = changes.register(
        nurse,
        ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.NEW,
            product="Xalatan",
            dosage="0+0+1+0",
            supply=Supply.ORDINARY,
        ),
    )
    changes.cancel(nurse, doomed.id, None, "Fejlregistrering")
    koord = ctx_of(src, "koord")
    c = contacts.add_contact(
        koord,
        contacts.ContactRequest(
            cpr=w.ojvind,
            kind=ContactKind.ADMISSION,
            hospital="Aarhus Universitetshospital",
            department="Medicinsk afdeling",
            phone="78450000",
            started_at=datetime(2026, 11, 10, 8, 0, tzinfo=CPH),
            pause_card=True,
        ),
    )
    contacts.discharge(koord, c.id, None, datetime(2026, 11, 20, 14, 0, tzinfo=CPH))
    contacts.set_checklist(koord, c.id, None, epicrisis_received=True)
    contacts.resume_card(koord, w.ojvind, at=datetime(2026, 11, 21, 9, 0, tzinfo=CPH))
    renewals.request_renewal(koord, w.line_metformin, "Sendt via FMK")
    with src.begin() as s:
        period = s.scalars(select(m.Period).where(m.Period.first_day == date(2026, 11, 19))).one()
        s.add(
            m.PackedProduct(
                line_id=w.line_atorva, period_id=period.id, trade_name='Atorvastatin "Krka"'
            )
        )
        # Zocor in supply failure: Øjvind gets it from an ordinary pack beside the roll, which is
        # not a double prescription (R8).
        failure = m.SupplyFailure(
            product_id=w.p_simva, from_day=date(2026, 11, 16), note="Restordre hos grossisten"
        )
        s.add(failure)
        card = s.scalars(
            select(m.Card)
            .join(m.Citizen, m.Citizen.id == m.Card.citizen_id)
            .where(m.Citizen.cpr == w.ojvind)
        ).one()
        s.flush()
        line = m.Line(card_id=card.id, citizen_id=card.citizen_id, supply_failure_id=failure.id)
        s.add(line)
        s.flush()
        s.add(
            m.LineVersion(
                line_id=line.id,
                citizen_id=card.citizen_id,
                valid_from=date(2026, 11, 20),
                product_id=w.p_simva,
                atc="C10AA01",
                dosage="0+0+1+0",
                supply="ordinary",
            )
        )
    return w


def counts(db: Database) -> dict[str, int]:
    tables = (
        m.Citizen,
        m.Card,
        m.Line,
        m.LineVersion,
        m.Change,
        m.ChangeTransition,
        m.HospitalContact,
        m.Pause,
        m.AuditEntry,
        m.Product,
        m.Team,
        m.User,
        m.Pharmacy,
        m.PackingGroup,
        m.Period,
    )
    with db.begin() as s:
        return {
            t.__table__.name: s.scalar(select(func.count()).select_from(t)) or 0 for t in tables
        }


def exported(src: Database, tmp_path: Path, name: str = "udtraek.json") -> dict[str, Any]:
    path = tmp_path / name
    export_extract(ctx_of(src), path)
    doc: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return doc


# ---------------------------------------------------------------------------
# The schema
# ---------------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12_and_describes_the_export(
    src: Database, world: World, tmp_path: Path
) -> None:
    Draft202012Validator.check_schema(schema())
    doc = exported(src, tmp_path)
    validate_document(doc)  # no error
    assert doc["format"] == "dosisdesk-extract" and doc["version"] == 1
    assert datetime.fromisoformat(doc["exported_at"]) == NOW
    anna = doc["citizens"][0]
    assert anna["cpr"] == world.anna
    line = anna["cards"][0]["lines"][0]
    assert set(line["versions"][0]) >= {
        "valid_from",
        "valid_to",
        "product",
        "dosage",
        "supply",
        "status",
        "private",
        "prescription_valid_until",
        "change",
    }
    assert "periods" not in doc and "audit_log" not in doc


def test_export_is_utf8_with_indent_1_and_atomic(
    src: Database, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "udtraek.json"
    summary = export_extract(ctx_of(src), path)
    text = path.read_bytes().decode("utf-8")
    assert text.startswith('{\n "format": "dosisdesk-extract",\n "version": 1,')
    assert '"first_name": "Øjvind"' in text  # ensure_ascii=False
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert isinstance(summary, ExportSummary)
    assert (summary.citizens, summary.contacts) == (2, 1)
    assert "borgere" in str(summary)


# ---------------------------------------------------------------------------
# Round trip
# ---------------------------------------------------------------------------


def _line(ln: LineDTO) -> tuple[object, ...]:
    p = ln.product
    return (
        p.atc,
        p.substance,
        p.trade_name,
        p.strength,
        p.form,
        ln.dosage,
        ln.supply,
        ln.status,
        ln.valid_from,
        ln.valid_to,
        ln.private,
        ln.prescription_valid_until,
        ln.change_id is not None,
        ln.origin_acute_change_id is not None,
        ln.packed_trade_name,
        ln.new_appearance,
    )


def _change(c: ChangeDTO) -> tuple[object, ...]:
    return (
        c.kind,
        c.product.trade_name if c.product else None,
        c.dosage,
        c.supply,
        c.acute,
        c.reason,
        c.doctor,
        c.source,
        c.received_at,
        c.registered_at,
        c.registered_by,
        c.target_period.first_day if c.target_period else None,
        c.effective_date,
        c.state,
        c.missed_deadlines,
        c.follow_up_of_id is not None,
        c.follow_up_id is not None,
        c.if_waited_first_day,
        c.if_waited_deadline,
        c.cancel_reason,
        c.handlings,
        tuple((t.from_state, t.to_state, t.at, t.by, t.note) for t in c.transitions),
    )


def _card(v: CardView) -> dict[str, object]:
    return {
        "citizen": (
            v.citizen.cpr,
            v.citizen.name,
            v.citizen.address,
            v.citizen.team_name,
            v.citizen.gp_name,
            v.citizen.gp_phone,
            v.citizen.birth_date,
        ),
        "where": (v.packing_group, v.pharmacy, v.paused, v.pause and v.pause.paused_at),
        "lines_today": [_line(ln) for ln in v.lines_today],
        "columns": [
            (
                c.period.first_day,
                c.period.last_day,
                c.period.deadline,
                c.period.status,
                c.is_current,
                [_line(ln) for ln in c.lines],
                [_change(ch) for ch in c.changes],
            )
            for c in v.columns
        ],
        "open_changes": [_change(c) for c in v.open_changes],
        "contacts": [
            (
                c.kind,
                c.hospital,
                c.department,
                c.phone,
                c.started_at,
                c.ended_at,
                c.responsibility_until,
                c.window_open,
                c.dd_paused,
                c.epicrisis_received,
            )
            for c in v.contacts
        ],
        "renewals": [(r.product_label, r.valid_until, r.state) for r in v.renewals],
        "flags": [(f.severity, f.label_a, f.label_b, f.overlap_from) for f in v.flags],
    }


def test_round_trip_into_an_empty_database_gives_the_same_cards(
    src: Database, dst: Database, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "udtraek.json"
    out = export_extract(ctx_of(src), path)
    summary = import_extract(ctx_of(dst), path)
    assert (summary.citizens, summary.lines, summary.changes, summary.contacts) == (
        out.citizens,
        out.lines,
        out.changes,
        out.contacts,
    )
    assert summary.users_created == 2  # sygpl and koord; admin and system exist everywhere
    if dst.engine.dialect.name == "postgresql":
        # The import gathered the planner's statistics of what it wrote (bulk.analyze); a table
        # never analysed counts -1.
        with dst.begin() as s:
            sizes = s.execute(
                text(
                    "SELECT (SELECT reltuples FROM pg_class WHERE oid = 'citizens'::regclass), "
                    "(SELECT reltuples FROM pg_class WHERE oid = 'line_versions'::regclass)"
                )
            ).one()
        assert sizes[0] == summary.citizens and sizes[1] > 0
    for cpr in (world.anna, world.ojvind):
        before = cards.card_view(ctx_of(src), cpr)
        after = cards.card_view(ctx_of(dst), cpr)
        assert _card(after) == _card(before)
        assert after.hidden_private == 0
        assert [f for f in after.flags if f.severity.value == "high"] == []
    # Exporting the imported database gives the same file, apart from the ids in the refs.
    again = tmp_path / "igen.json"
    export_extract(ctx_of(dst), again)

    def strip(text: str) -> str:
        return re.sub(r'"(line|change|contact)-\d+"', '"ref"', text)

    first, second = (
        json.loads(strip(path.read_text("utf-8"))),
        json.loads(strip(again.read_text("utf-8"))),
    )
    assert second["citizens"] == first["citizens"]
    assert second["products"] == first["products"]


def test_a_line_given_because_of_a_supply_failure_keeps_its_exemption(
    src: Database, dst: Database, world: World, tmp_path: Path
) -> None:
    doc = exported(src, tmp_path)
    assert [f["note"] for f in doc["supply_failures"]] == ["Restordre hos grossisten"]
    ojvind = doc["citizens"][1]["cards"][0]
    assert [ln["supply_failure"] is not None for ln in ojvind["lines"]] == [False, True]
    ojvind["lines"][1]["supply_failure"] = None  # without it, the same line is a double
    path = tmp_path / "uden.json"
    path.write_text(json.dumps(doc), "utf-8")
    import_extract(ctx_of(dst), path)
    flags = cards.card_view(ctx_of(dst), world.ojvind).flags
    assert [f.severity.value for f in flags] == ["high"]


def test_imported_users_are_inactive_and_the_import_is_audited(
    src: Database, dst: Database, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "udtraek.json"
    export_extract(ctx_of(src), path)
    import_extract(ctx_of(dst), path)
    with dst.begin() as s:
        users = {u.username: u.active for u in s.scalars(select(m.User))}
        assert users == {"admin": True, "system": False, "sygpl": False, "koord": False}
        actions = [
            (e.action, e.entity)
            for e in s.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "extract.import"))
        ]
    assert actions.count(("extract.import", "citizen")) == 2
    assert actions.count(("extract.import", "extract")) == 1


def test_what_an_administrator_adds_after_an_import_gets_ids_of_its_own(
    src: Database, dst: Database, world: World, tmp_path: Path
) -> None:
    """The import writes the file's teams, users, products and supply failures in bulk with ids
    it reserved (on PostgreSQL from each table's sequence): a team, a user and a supply failure
    added through the services afterwards are stored beside them, nothing overwritten."""
    path = tmp_path / "udtraek.json"
    export_extract(ctx_of(src), path)
    summary = import_extract(ctx_of(dst), path)
    assert (summary.teams_created, summary.users_created, summary.products_created) != (0, 0, 0)
    assert summary.supply_failures_created == 1
    admin_ctx = ctx_of(dst)
    admin.add_team(admin_ctx, "Nyt team")
    admin.add_user(admin_ctx, "ny.bruger", "Ny Bruger", "nurse", "Nyt team")
    added = supply.register_failure(admin_ctx, "Zocor", date(2026, 11, 23), None, "Ny restordre")
    with dst.begin() as s:
        teams = {t.name: t.id for t in s.scalars(select(m.Team))}
        users = {u.username: u.team_id for u in s.scalars(select(m.User))}
        notes = {f.id: f.note for f in s.scalars(select(m.SupplyFailure))}
    assert len(teams) == summary.teams_created + 1
    assert users["ny.bruger"] == teams["Nyt team"]
    assert set(users) == {"admin", "system", "sygpl", "koord", "ny.bruger"}
    assert sorted(notes.values()) == ["Ny restordre", "Restordre hos grossisten"]
    assert notes[added.id] == "Ny restordre"


def test_a_supply_failure_named_twice_in_a_file_is_stored_once(
    src: Database, dst: Database, world: World, tmp_path: Path
) -> None:
    """Two supply failures of the file with the same product and days are one failure: it is
    stored once and the lines that name either ref point at it."""
    doc = exported(src, tmp_path)
    [failure] = doc["supply_failures"]
    doc["supply_failures"].append(dict(failure, ref=failure["ref"] + "-igen"))
    ojvind = next(c for c in doc["citizens"] if c["cpr"] == world.ojvind)
    [line] = [ln for ln in ojvind["cards"][0]["lines"] if ln["supply_failure"] is not None]
    line["supply_failure"] = failure["ref"] + "-igen"
    path = tmp_path / "to_gange.json"
    path.write_text(json.dumps(doc), "utf-8")
    summary = import_extract(ctx_of(dst), path)
    assert summary.supply_failures_created == 1
    with dst.begin() as s:
        [stored] = s.scalars(select(m.SupplyFailure.id)).all()
        linked = s.scalars(
            select(m.Line.supply_failure_id).where(m.Line.supply_failure_id.is_not(None))
        ).all()
    assert linked == [stored]
    assert [f.severity.value for f in cards.card_view(ctx_of(dst), world.ojvind).flags] == []


# ---------------------------------------------------------------------------
# Data protection
# ---------------------------------------------------------------------------


def test_private_lines_and_what_reveals_them_are_not_exported(
    src: Database, world: World, tmp_path: Path
) -> None:
    # An acute change to the private line makes a temporary ordinary line and a follow-up.
    changes.register(
        ctx_of(src, "sygpl"),
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=world.line_private,
            dosage="2+0+0+0",
            acute=True,
            reason="Forværring",
            doctor="Læge Lund",
            handlings=(
                HandlingRequest(
                    HandlingKind.DISCARD_BAGS, (BagRef(date(2026, 11, 22), "morning"),)
                ),
            ),
        ),
    )
    path = tmp_path / "udtraek.json"
    summary = export_extract(ctx_of(src), path)
    text = path.read_text("utf-8")
    assert "Zoloft" not in text and "N06AB06" not in text and "sertralin" not in text
    assert f'"line-{world.line_private}"' not in text
    assert summary.private_lines_omitted == 2  # the private line and its temporary line
    assert summary.private_changes_omitted == 2  # the acute change and its follow-up
    assert "privatmarkerede" in str(summary)
    doc = json.loads(text)
    assert all(
        not v["private"]
        for c in doc["citizens"]
        for cd in c["cards"]
        for ln in cd["lines"]
        for v in ln["versions"]
    )


def test_export_is_audited_per_citizen_and_needs_a_coordinator(
    src: Database, world: World, tmp_path: Path
) -> None:
    before = counts(src)["audit_log"]
    export_extract(ctx_of(src, "koord"), tmp_path / "udtraek.json")
    with src.begin() as s:
        rows = s.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "extract.export")).all()
        everyone = set(s.scalars(select(m.Citizen.id)))
    per_citizen = [r.citizen_id or 0 for r in rows if r.entity == "citizen"]
    assert sorted(per_citizen) == sorted(everyone) and world.anna_id in everyone
    assert all(r.username == "koord" for r in rows)
    assert counts(src)["audit_log"] == before + 3
    with pytest.raises(AccessDenied):
        export_extract(ctx_of(src, "sygpl"), tmp_path / "andet.json")
    with pytest.raises(AccessDenied):
        import_extract(ctx_of(src, "sygpl"), tmp_path / "udtraek.json")


def test_export_of_one_team(src: Database, world: World, tmp_path: Path) -> None:
    path = tmp_path / "nord.json"
    summary = export_extract(ctx_of(src), path, team="Team Nord")
    doc = json.loads(path.read_text("utf-8"))
    assert [c["cpr"] for c in doc["citizens"]] == [world.anna]
    assert summary.citizens == 1
    assert {t["name"] for t in doc["teams"]} == {"Team Nord"}
    validate_document(doc)


@pytest.mark.parametrize(
    "name",
    [
        "borger-0305400001.json",
        "0305400001.json",
        "udtraek 030540-0001.json",
        "x_030540-0001_y.json",
    ],
)
def test_export_refuses_a_file_name_with_a_cpr_number(
    src: Database, world: World, tmp_path: Path, name: str
) -> None:
    before = counts(src)
    with pytest.raises(InvalidInput) as info:
        export_extract(ctx_of(src), tmp_path / name)
    assert "CPR-nummer" in info.value.message
    assert list(tmp_path.glob("*.json")) == []
    assert counts(src) == before


# ---------------------------------------------------------------------------
# Bad files: each raises ImportError_ at the right JSON path and changes nothing
# ---------------------------------------------------------------------------


Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    """Set the value at a JSON path like ``$.citizens[1].cpr``."""
    steps = [
        int(s[1:-1]) if s.startswith("[") else s for s in re.findall(r"\[\d+\]|[^.\[\]$]+", path)
    ]

    def apply(doc: dict[str, Any]) -> None:
        node: Any = doc
        for step in steps[:-1]:
            node = node[step]
        node[steps[-1]] = value

    return apply


BAD: list[tuple[str, Mutation, str, str]] = [
    (
        "bad CPR",
        _set("$.citizens[1].cpr", "310299-1234"),
        "$.citizens[1].cpr",
        "»310299-1234« er ikke et gyldigt CPR-nummer: 31. februar 1999 findes ikke",
    ),
    (
        "bad dosage",
        _set("$.citizens[1].cards[0].lines[0].versions[0].dosage", "1+x+1+0"),
        "$.citizens[1].cards[0].lines[0].versions[0].dosage",
        "»1+x+1+0«: Doseringen kan ikke",
    ),
    (
        "impossible date",
        _set("$.citizens[1].cards[0].lines[0].versions[0].valid_from", "2025-02-30"),
        "$.citizens[1].cards[0].lines[0].versions[0].valid_from",
        "ikke en dato, der findes",
    ),
    (
        "impossible moment",
        _set("$.citizens[1].contacts[0].started_at", "2026-11-31T08:00:00+01:00"),
        "$.citizens[1].contacts[0].started_at",
        "ikke et tidspunkt med tidszone",
    ),
    (
        "unknown line ref",
        _set("$.citizens[0].cards[0].changes[0].line", "line-nope"),
        "$.citizens[0].cards[0].changes[0].line",
        "linjen »line-nope« findes ikke",
    ),
    (
        "unknown change ref",
        _set("$.citizens[0].cards[0].lines[0].versions[0].change", "change-nope"),
        "$.citizens[0].cards[0].lines[0].versions[0].change",
        "ændringen »change-nope«",
    ),
    (
        "schema: unknown field",
        _set("$.citizens[1].favourite_colour", "blå"),
        "$.citizens[1].favourite_colour",
        "feltet findes ikke i formatet",
    ),
    (
        "schema: enum",
        _set("$.citizens[1].cards[0].lines[0].versions[0].supply", "roll"),
        "$.citizens[1].cards[0].lines[0].versions[0].supply",
        "»roll« er ikke en af",
    ),
    (
        "schema: type",
        _set("$.citizens[0].route_order", "første"),
        "$.citizens[0].route_order",
        "skal være et heltal, men er en tekst",
    ),
    ("schema: format", _set("$.format", "noget andet"), "$.format", "dosisdesk-extract"),
    (
        "unknown user",
        _set("$.citizens[0].cards[0].changes[0].registered_by", "ukendt"),
        "$.citizens[0].cards[0].changes[0].registered_by",
        "brugeren »ukendt« findes hverken",
    ),
    (
        "unknown team",
        _set("$.citizens[1].team", "Team Vest"),
        "$.citizens[1].team",
        "teamet »Team Vest« findes hverken",
    ),
    (
        "unknown pharmacy",
        _set("$.citizens[1].cards[0].pharmacy", "Apotek Andet"),
        "$.citizens[1].cards[0].pharmacy",
        "apoteket »Apotek Andet«",
    ),
    (
        "unknown product",
        _set(
            "$.citizens[1].cards[0].lines[0].versions[0].product",
            {"trade_name": "Ukendt", "strength": "1 mg", "form": "tablet"},
        ),
        "$.citizens[1].cards[0].lines[0].versions[0].product",
        "»Ukendt 1 mg (tablet)« findes",
    ),
    (
        "period that does not exist",
        _set("$.citizens[0].cards[0].changes[0].target_period_first_day", "2026-12-04"),
        "$.citizens[0].cards[0].changes[0].target_period_first_day",
        "ingen periode",
    ),
    (
        "gap between versions",
        _set("$.citizens[0].cards[0].lines[1].versions[0].valid_to", "2026-11-30"),
        "$.citizens[0].cards[0].lines[1].versions[0].valid_to",
        "der er et hul",
    ),
    (
        "last version with an end",
        _set("$.citizens[1].cards[0].lines[0].versions[0].valid_to", "2027-01-01"),
        "$.citizens[1].cards[0].lines[0].versions[0].valid_to",
        "den sidste version",
    ),
    (
        "duplicate line ref",
        _set("$.citizens[1].cards[0].lines[0].ref", "line-1"),
        "$.citizens[1].cards[0].lines[0].ref",
        "»line-1« er brugt før",
    ),
    (
        "schema: missing field",
        lambda doc: doc["citizens"][1].pop("last_name"),
        "$.citizens[1]",
        "feltet »last_name« mangler",
    ),
    (
        "anchor on the wrong weekday",
        _set("$.pharmacies[0].packing_groups[0].anchor", "2026-01-02"),
        "$.pharmacies[0].packing_groups[0].anchor",
        "er en fredag",
    ),
]


@pytest.mark.parametrize(("what", "mutate", "path", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_value_raises_at_its_json_path_and_changes_nothing(
    src: Database,
    dst: Database,
    world: World,
    tmp_path: Path,
    what: str,
    mutate: Mutation,
    path: str,
    message: str,
) -> None:
    doc = exported(src, tmp_path)
    mutate(doc)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    before = counts(dst)
    with pytest.raises(ImportError_) as info:
        import_extract(ctx_of(dst), bad)
    assert info.value.path == path, info.value.message
    assert info.value.message.startswith(f"{path}: ")
    assert message in info.value.message
    assert counts(dst) == before


def test_overlapping_versions_are_refused(
    src: Database, dst: Database, world: World, tmp_path: Path
) -> None:
    doc = exported(src, tmp_path)
    versions = doc["citizens"][0]["cards"][0]["lines"][1]["versions"]  # metformin: 2 versions
    assert len(versions) == 2
    versions[0]["valid_to"] = None
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), "utf-8")
    before = counts(dst)
    with pytest.raises(ImportError_) as info:
        import_extract(ctx_of(dst), bad)
    assert info.value.path == "$.citizens[0].cards[0].lines[1].versions[1].valid_from"
    assert "må ikke overlappe" in info.value.message
    assert counts(dst) == before


def test_a_file_that_is_not_json_names_line_and_column(dst: Database, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "dosisdesk-extract",\n "version": 1,,\n}', "utf-8")
    before = counts(dst)
    with pytest.raises(ImportError_) as info:
        import_extract(ctx_of(dst), bad)
    assert info.value.path == "$"
    assert "linje 2, kolonne 15" in info.value.message
    assert counts(dst) == before


def test_a_missing_file_and_a_non_utf8_file(dst: Database, tmp_path: Path) -> None:
    with pytest.raises(ImportError_) as missing:
        import_extract(ctx_of(dst), tmp_path / "mangler.json")
    assert missing.value.path == "$" and "findes ikke" in missing.value.message
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{\n"x": "Ærø"}'.encode("latin-1"))
    with pytest.raises(ImportError_) as info:
        import_extract(ctx_of(dst), latin1)
    assert "UTF-8" in info.value.message and "linje 2" in info.value.message


def test_a_citizen_already_in_the_database_is_refused(
    src: Database, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "udtraek.json"
    export_extract(ctx_of(src), path)
    before = counts(src)
    with pytest.raises(ImportError_) as info:
        import_extract(ctx_of(src), path)
    assert info.value.path == "$.citizens[0].cpr"
    assert "findes allerede" in info.value.message
    assert counts(src) == before


def test_the_minimal_example_in_the_docs_imports(dst: Database, tmp_path: Path) -> None:
    text = (ROOT / "docs" / "extract.md").read_text("utf-8")
    block = re.search(r"```json\n(.*?)```", text, re.DOTALL)
    assert block is not None
    example = tmp_path / "eksempel.json"
    example.write_text(block.group(1), "utf-8")
    summary = import_extract(ctx_of(dst), example)
    assert (summary.citizens, summary.lines, summary.changes) == (1, 2, 1)
    view = cards.card_view(ctx_of(dst), "0305400001")
    assert [ln.dosage for ln in view.lines_today] == ["0+0+1+0", ""]
    assert [c.dosage for c in view.open_changes] == ["0+0+2+0"]


def test_sor_and_ean_addresses_travel_with_the_extract(
    src: Database, dst: Database, world: World, tmp_path: Path
) -> None:
    """The GP's and the department's SOR code and EAN number, which address correspondence
    messages (R9), are exported and imported; a malformed one is refused with its path."""
    from dosisdesk.services import correspondence as corr

    corr.set_gp_address(ctx_of(src), world.anna, "999990000016002", "5790000000024")
    path = tmp_path / "udtraek.json"
    export_extract(ctx_of(src), path)
    doc = json.loads(path.read_text("utf-8"))
    anna = next(c for c in doc["citizens"] if c["cpr"] == world.anna)
    assert (anna["gp_sor"], anna["gp_ean"]) == ("999990000016002", "5790000000024")
    anna["contacts"].append(
        {
            "kind": "outpatient",
            "hospital": "Regionshospitalet",
            "department": "Medicinsk ambulatorium",
            "phone": "78450000",
            "dept_sor": "999990000016077",
            "dept_ean": "5790000000079",
            "started_at": "2026-11-20T09:00:00+01:00",
            "ended_at": "2026-11-20T11:00:00+01:00",
        }
    )
    bad = json.loads(json.dumps(doc))
    next(c for c in bad["citizens"] if c["cpr"] == world.anna)["gp_ean"] = "12345"
    bad_path = tmp_path / "forkert.json"
    bad_path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(InvalidInput) as e:
        import_extract(ctx_of(dst), bad_path)
    assert "gp_ean" in (e.value.path or e.value.message)
    path.write_text(json.dumps(doc), encoding="utf-8")
    import_extract(ctx_of(dst), path)
    with dst.begin() as s:
        c = s.scalars(select(m.Citizen).where(m.Citizen.cpr == world.anna)).one()
        assert (c.gp_sor, c.gp_ean) == ("999990000016002", "5790000000024")
        k = s.scalars(
            select(m.HospitalContact).where(
                m.HospitalContact.department == "Medicinsk ambulatorium"
            )
        ).one()
        assert (k.dept_sor, k.dept_ean) == ("999990000016077", "5790000000079")


# ---------------------------------------------------------------------------
# Stretched periods and the order's first day (issue 17)
# ---------------------------------------------------------------------------


def _queue_from_17_december(src: Database, world: World) -> ChangeDTO:
    """A confirmed change queued for the roll of 17 December ("fra 10. december")."""
    c = changes.register(
        ctx_of(src, "sygpl"),
        ChangeRequest(
            cpr=world.anna,
            kind=ChangeKind.DISCONTINUE,
            line_id=world.line_atorva,
            source="Egen læge",
            wanted_from=date(2026, 12, 10),
        ),
    )
    changes.confirm(ctx_of(src, "koord"), [(c.id, None)])
    assert (c.effective_date, c.wanted_from) == (date(2026, 12, 17), date(2026, 12, 10))
    return c


def _anna_changes(db: Database, world: World) -> list[ChangeDTO]:
    return list(cards.card_view(ctx_of(db), world.anna, log=False).open_changes)


def test_the_orders_first_day_travels_with_the_extract(
    src: Database, dst: Database, world: World, tmp_path: Path
) -> None:
    _queue_from_17_december(src, world)
    doc = exported(src, tmp_path)
    anna = next(c for c in doc["citizens"] if c["cpr"] == world.anna)
    assert {ch.get("wanted_from") for ch in anna["cards"][0]["changes"]} == {None, "2026-12-10"}
    import_extract(ctx_of(dst), tmp_path / "udtraek.json")
    got = {c.kind: c for c in _anna_changes(dst, world)}[ChangeKind.DISCONTINUE]
    assert (got.effective_date, got.wanted_from, got.days_before_roll) == (
        date(2026, 12, 17),
        date(2026, 12, 10),
        (date(2026, 12, 10), date(2026, 12, 16)),
    )


def test_an_older_extract_without_the_first_day_still_imports(
    src: Database, dst: Database, world: World, tmp_path: Path
) -> None:
    _queue_from_17_december(src, world)
    doc = exported(src, tmp_path)
    for c in doc["citizens"]:
        for card in c["cards"]:
            for ch in card["changes"]:
                del ch["wanted_from"]
    old = tmp_path / "gammel.json"
    old.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    import_extract(ctx_of(dst), old)
    got = {c.kind: c for c in _anna_changes(dst, world)}[ChangeKind.DISCONTINUE]
    assert (got.effective_date, got.wanted_from, got.days_before_roll) == (
        date(2026, 12, 17),
        None,
        None,
    )


def _stretched_from_3_december(doc: dict[str, Any]) -> None:
    """The file's packing group stretched over Christmas from 3 December to 21 days instead:
    its periods start 3 and 24 December; the period of 17 December no longer exists."""
    doc["pharmacies"][0]["packing_groups"][0]["stretches"] = [
        {"first_day": "2026-12-03", "length_days": 21, "note": "Jul"}
    ]


def test_an_import_that_brings_stretched_periods_moves_queued_changes_later_and_lists_them(
    src: Database, dst: Database, world: World, tmp_path: Path
) -> None:
    queued = _queue_from_17_december(src, world)
    doc = exported(src, tmp_path)
    _stretched_from_3_december(doc)
    path = tmp_path / "forlaenget.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    summary = import_extract(ctx_of(dst), path)
    # the change queued for 17 December lands on 24 December, never in the roll of 3 December
    assert [(x.old_first_day, x.new_first_day, x.manual_days) for x in summary.moved] == [
        (date(2026, 12, 17), date(2026, 12, 24), (date(2026, 12, 17), date(2026, 12, 23)))
    ]
    x = summary.moved[0]
    assert (x.citizen_name, x.kind) == ("Anna Hansen", ChangeKind.DISCONTINUE)
    assert "tors. 17. dec. 2026 → tors. 24. dec. 2026" in str(
        summary
    ) and "manuel dispensering" in str(summary)
    got = {c.kind: c for c in _anna_changes(dst, world)}
    moved = got[ChangeKind.DISCONTINUE]
    assert moved.id == x.change_id
    assert (moved.effective_date, moved.wanted_from, moved.days_before_roll) == (
        date(2026, 12, 24),
        date(2026, 12, 10),
        (date(2026, 12, 10), date(2026, 12, 23)),
    )
    assert moved.target_period is not None
    assert moved.target_period.first_day == date(2026, 12, 24)
    # the change for 3 December keeps its day (its roll is the stretched one)
    assert got[ChangeKind.DOSE_CHANGE].effective_date == date(2026, 12, 3)
    # the card: atorvastatin still in the roll on 20 December, stopped from 24 December
    kctx = ctx_of(dst)
    on_20, _ = cards.card_on(kctx, world.anna, date(2026, 12, 20))
    on_24, _ = cards.card_on(kctx, world.anna, date(2026, 12, 24))
    zarator = "Zarator"
    assert any(ln.product.trade_name == zarator for ln in on_20)
    assert not any(ln.product.trade_name == zarator for ln in on_24)
    assert queued.id  # (the source keeps its own id)


def test_a_packed_change_naming_a_re_laid_period_is_still_refused(
    src: Database, dst: Database, world: World, tmp_path: Path
) -> None:
    _queue_from_17_december(src, world)
    doc = exported(src, tmp_path)
    _stretched_from_3_december(doc)
    anna = next(i for i, c in enumerate(doc["citizens"]) if c["cpr"] == world.anna)
    chs = doc["citizens"][anna]["cards"][0]["changes"]
    j = next(j for j, ch in enumerate(chs) if ch.get("wanted_from") == "2026-12-10")
    chs[j]["state"] = "locked"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    before = counts(dst)
    with pytest.raises(ImportError_) as info:
        import_extract(ctx_of(dst), bad)
    assert info.value.path == f"$.citizens[{anna}].cards[0].changes[{j}].target_period_first_day"
    assert "ingen periode" in info.value.message
    assert counts(dst) == before
