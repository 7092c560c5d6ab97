"""The printed handover and medicine list, as PDFs made offscreen and read back with pypdf
(R10, R11), and the print dialogs' three outputs."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

from dosisdesk.domain.cpr import demo_cpr, format_cpr
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.domain.text import name_sort_key
from dosisdesk.reports import pdf
from dosisdesk.reports.handover import handover_html, handover_job
from dosisdesk.reports.medlist import medlist_job
from dosisdesk.services import handover as ho
from dosisdesk.services import medlist
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from dosisdesk.ui.dialogs.printing import HandoverPrintDialog, print_medlist
from dosisdesk.ui.messages import bridge
from dosisdesk.ui.runner import Runner
from tests.handover_world import NOW, ROLL_EVE, Scene, at, build_scene
from tests.world import World, build_world

TODAY = NOW.date()
BIG_TEAM = 40


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Scene]]:
    """The scene once for the module (SQLite), plus Team Vest: many citizens, many pages."""
    path = tmp_path_factory.mktemp("reports") / "r.sqlite"
    db = Database.create(f"sqlite:///{path}", training=True)
    scene = build_scene(db, build_world(db))
    with db.begin() as s:
        vest = m.Team(name="Team Vest")
        s.add(vest)
        s.flush()
        for i in range(BIG_TEAM):
            born = date(1930, 1, 1) + timedelta(days=97 * i)
            c = m.Citizen(
                cpr=demo_cpr(born, 20 + i),
                first_name=f"Søren{i:02d}",
                last_name="Æbelø",
                sort_key=name_sort_key(f"Søren{i:02d}", "Æbelø"),
                team_id=vest.id,
                route_order=BIG_TEAM - i,  # route order wins over the name
                birth_date=born,
            )
            s.add(c)
            s.flush()
            card = m.Card(citizen_id=c.id, packing_group_id=scene.world.group, paused=True)
            s.add(card)
            s.flush()
            s.add(m.Pause(card_id=card.id, paused_at=NOW - timedelta(days=1 + i % 3)))
    yield db, scene
    db.dispose()


def text_of(path: Path) -> list[str]:
    """Each page's text, whitespace normalised (pypdf gives word gaps as tabs)."""
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]


def has(page: str, expected: str) -> bool:
    """``expected`` is on the page, ignoring whitespace (the extractor adds spaces where bold
    text meets regular text and where a line wraps after a hyphen)."""
    return re.sub(r"\s+", "", expected) in re.sub(r"\s+", "", page)


def all_cprs(db: Database) -> list[str]:
    with db.begin() as s:
        return list(s.scalars(select(m.Citizen.cpr)))


def test_handover_pdf_is_a_triage_sheet_with_no_full_cpr(
    qapp: object, shared: tuple[Database, Scene], tmp_path: Path
) -> None:
    db, scene = shared
    h = ho.handover_summary(at(db), "Team Nord", TODAY, ho.Shift.DAY)
    out = tmp_path / "overlevering.pdf"
    assert pdf.write_pdf(handover_job(h), out) == 1
    (page,) = text_of(out)
    headings = [
        "Akutte ændringer (1)",
        "Indlæggelser, udskrivelser og pauser (4)",
        "Opfølgning i dagtiden (1)",
        "Kort liste: fornyelser om 8–28 dage, til orientering (1)",
    ]
    positions = [page.index(x) for x in headings]
    assert positions == sorted(positions)  # most urgent first
    hospital = page[positions[1] : positions[2]]
    names = ["Erik Ærbo", "Else Aabye", "Bo Bøgh", "Åse Ørum"]
    assert [hospital.index(n) for n in names] == sorted(hospital.index(n) for n in names)
    for absent in ("Carl Clausen", "Øjvind"):
        assert absent not in page
    for cpr in all_cprs(db):  # masked only, never the full number
        assert cpr not in page and format_cpr(cpr) not in page
    assert scene.world.anna[:6] + "-xxxx" in page
    for expected in (
        "Overlevering · Team Nord",
        "Dagvagt 07–15",
        "søndag 22. november 2026",
        "Akut ændring: Glucophage 500 mg",
        "senere: søn. 22. nov. aften, man. 23. nov. morgen",
        "(Læge Lund, kl. 10.00)",
        "Indlagt: Demo Hospital, Medicinsk afd. M3",
        "Indlagt: Demo Hospital, Medicinsk afd. M3, siden 20. nov.: ring tlf. 70 33 44 55",
        "72-timers ansvar til tirs. 24. nov. kl. 11.30",
        "tlf. 70 55 66 77",
        "Tjekliste mangler: FMK tjekket",
        "I bero",
        "HØJ: Zarator 20 mg",
        "GENNEMGÅ: Panodil",
        "Fornyelse afvist: Panodil 500 mg",
        "Fornyelse kræver konsultation",
        "Glucophage 500 mg udløber om 18 dage (10. dec.)",
        "Overleveret til og læst af",
        "Udskrevet af Karl Koordinator, 22-11-2026 10.00 · Side 1 af 1 · Destrueres efter brug",
    ):
        assert has(page, expected), expected
    assert page.index("HØJ") < page.index("GENNEMGÅ")
    assert page.count("Overleveret til og læst af") == 1
    # never printed: the private line, its free-text neighbours
    for secret in ("Zoloft", "diagnose X", "hemmelig", "pneumoni", "Blodsukker"):
        assert secret not in page
    assert "\ufb01" not in page and "\ufb02" not in page


def test_the_evening_sheet_has_the_evening_bags_first_and_no_office_work(
    qapp: object, shared: tuple[Database, Scene], tmp_path: Path
) -> None:
    db, _scene = shared
    h = ho.handover_summary(at(db), "Team Nord", TODAY, ho.Shift.EVENING)
    out = tmp_path / "aften.pdf"
    pdf.write_pdf(handover_job(h), out)
    (page,) = text_of(out)
    assert page.index("Håndteringer i vagten (1)") < page.index("Indlæggelser")
    for expected in (
        "Aftenvagt 15–23",
        "i vagten: søn. 22. nov. aften – senere: man. 23. nov. morgen",
        "HØJ: Zarator 20 mg",  # a risk in every shift
        "står på dagvagtens overlevering",
    ):
        assert has(page, expected), expected
    for absent in ("GENNEMGÅ", "Fornyelse", "Kort liste", "Glucophage 500 mg udløber"):
        assert absent not in page


def test_an_expired_prescription_is_its_own_red_item_and_the_short_list_can_go(
    qapp: object, sqlite_db: Database, sqlite_world: World, tmp_path: Path
) -> None:
    build_scene(sqlite_db, sqlite_world)
    with sqlite_db.begin() as s:  # Anna's Glucophage prescription ran out on Friday
        s.execute(
            update(m.LineVersion)
            .where(m.LineVersion.prescription_valid_until == date(2026, 12, 10))
            .values(prescription_valid_until=date(2026, 11, 20))
        )
    h = ho.handover_summary(at(sqlite_db), "Team Nord", TODAY, short_list=False)
    out = tmp_path / "h.pdf"
    pdf.write_pdf(handover_job(h), out)
    (page,) = text_of(out)
    assert has(page, "Dosisrecept udløbet – apoteket kan ikke pakke (1)")
    assert has(page, "UDLØBET Glucophage 500 mg: udløb 20. nov. (for 2 dage siden)")
    assert page.index("Dosisrecept udløbet") < page.index("Opfølgning i dagtiden")
    assert "Kort liste" not in page and has(page, "Den korte liste")
    assert 'color:#b00000">' in handover_html(h)


def test_the_roll_starting_tomorrow_and_ligature_free_text(
    qapp: object, sqlite_db: Database, sqlite_world: World, tmp_path: Path
) -> None:
    build_scene(sqlite_db, sqlite_world)
    h = ho.handover_summary(at(sqlite_db, ROLL_EVE), "Team Nord", ROLL_EVE.date())
    out = tmp_path / "h.pdf"
    pdf.write_pdf(handover_job(h), out)
    (page,) = text_of(out)
    for expected in (
        "Poserne skifter (2)",
        'Ny rulle: Fra i morgen: Morfin "SAD" 10 mg: dosisændring til 1+1+1+0',
        'Nyt udseende: Morfin "SAD" 10 mg er nu Morfin "Alternova" (fra i morgen)',
        "Frist overskredet",
        "nåede ikke fristen, nu rullen fra tors. 17. dec., ny frist tirs. 15. dec. kl. 12.00: "
        "bekræft (tjek FMK) før fristen",
        "(opfølgning af akut",
        "søn. 22. nov. aften (overskredet)",  # an undone bag stays on every sheet
    ):
        assert has(page, expected), expected
    assert "Zoloft" not in page
    assert "Mor\ufb01n" not in page and "Morfin" in page


def test_many_citizens_many_pages_each_row_on_one_page(
    qapp: object, shared: tuple[Database, Scene], tmp_path: Path
) -> None:
    db, _scene = shared
    h = ho.handover_summary(at(db), "Team Vest", TODAY)
    assert len(h.citizens) == BIG_TEAM
    assert [c.route_order for c in h.citizens] == list(range(1, BIG_TEAM + 1))
    assert [r.citizen.route_order for r in h.rows] == list(range(1, BIG_TEAM + 1))
    out = tmp_path / "vest.pdf"
    n = pdf.write_pdf(handover_job(h), out)
    pages = text_of(out)
    assert n == len(pages) >= 2
    seen: list[str] = []
    for i, page in enumerate(pages, start=1):
        assert f"Side {i} af {n}" in page
        assert "Overlevering · Team Vest" in page
        # every row whole on one page: name, CPR and what to do together
        rows = re.findall(r"Søren\d\d Æbelø \d{6}-xxxx · I bero: Dosisdispensering i bero", page)
        assert rows
        seen += rows
    assert len(seen) == len(set(seen)) == BIG_TEAM


def test_the_short_list_goes_on_where_the_page_has_room(
    qapp: object, shared: tuple[Database, Scene], tmp_path: Path
) -> None:
    """The short list is read across, two to a line, and each line is a block of its own: it
    starts on the page where the sheet has room and goes on over the page, instead of leaving
    that room empty and starting a page of its own."""
    from dosisdesk.reports.handover import _short_list

    db, _scene = shared
    rows = ho.handover_summary(at(db), "Team Vest", TODAY).rows
    filler = "".join(f"<p>Linje {i}</p>" for i in range(40))
    body = f'{filler}<h2 class="sec">Kort liste ({len(rows)})</h2>{_short_list(rows, TODAY)}'
    out = tmp_path / "kort.pdf"
    n = pdf.write_pdf(pdf.PrintJob(body, "Prøve", "", "", "Test", NOW), out)
    pages = text_of(out)
    assert n == len(pages) == 2
    names = [r.citizen.name for r in rows]  # in route order
    assert has(pages[0], "Kort liste") and has(pages[0], names[0])  # where there is room
    assert has(pages[1], names[-1])  # and goes on over the page
    found = re.findall(r"(Søren\d\d)\s*Æbelø", " ".join(pages))
    assert found == [n.split()[0] for n in names]  # read across, none lost, none twice


def test_a_block_taller_than_a_page_is_cut_between_lines(qapp: object, tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>Række {i:03d} Morfin</td><td>æøå</td></tr>" for i in range(160))
    body = f"<p>Før</p><table class='grid' width='100%'>{rows}</table><p>Efter</p>"
    job = pdf.PrintJob(body, "Prøve", "", "", "Test", NOW)
    out = tmp_path / "lang.pdf"
    n = pdf.write_pdf(job, out)
    pages = text_of(out)
    assert n == len(pages) >= 3
    found = re.findall(r"Række (\d{3}) Morfin", " ".join(pages))
    assert found == [f"{i:03d}" for i in range(160)]  # none lost, none twice
    doc = pdf.build_document(body, 600)
    for top, bottom in pdf.paginate(doc, 400):
        assert bottom - top <= 400.5


def test_medicine_list_pdf(qapp: object, shared: tuple[Database, Scene], tmp_path: Path) -> None:
    db, scene = shared
    anna = medlist.medicine_list(at(db), scene.world.anna)
    out = tmp_path / "medicinliste.pdf"
    assert pdf.write_pdf(medlist_job(anna), out) == 1
    (page,) = text_of(out)
    for expected in (
        f"CPR {format_cpr(scene.world.anna)}",  # full CPR: the citizen's own paper
        "Medicinliste · Anna Hansen",
        "Egen læge Læge Lund, tlf. 70202020",
        "Lægemiddel Styrke Morgen Middag Aften Nat Forsyning Start",
        "i rullen",
        "ved siden af rullen",
        "efter behov",
        "til og med 2. dec.",
        "Næste rulle fra tors. 3. dec.",
        "Kommende ændringer",
        "tors. 3. dec. Dosisændring Zarator 20 mg 0+0+2+0",
        "Side 1 af 1",
    ):
        assert has(page, expected), expected
    assert "Zoloft" not in page and "mod hemmelig" not in page
    aase = medlist.medicine_list(at(db), scene.aase)
    pdf.write_pdf(medlist_job(aase), out)
    (page,) = text_of(out)
    assert "Morfin" in page and "Mor\ufb01n" not in page
    assert "Åse Ørum" in page
    assert 'nyt udseende: pakkes som Morfin "Alternova"' in page


def test_atomic_write_cancel_and_refusals(
    qapp: object, shared: tuple[Database, Scene], tmp_path: Path
) -> None:
    db, _scene = shared
    job = handover_job(ho.handover_summary(at(db), "Team Nord", TODAY))
    target = tmp_path / "a.pdf"
    with pytest.raises(pdf.PrintCancelled):
        pdf.write_pdf(job, target, cancelled=lambda: True)

    def broken_log() -> None:
        raise RuntimeError("audit log unavailable")

    with pytest.raises(RuntimeError):
        pdf.write_pdf(job, target, before_commit=broken_log)
    with pytest.raises(InvalidInput):
        pdf.write_pdf(job, tmp_path / "0305401234.pdf")
    with pytest.raises(InvalidInput):
        pdf.write_pdf(job, tmp_path / "no-such-folder" / "a.pdf")
    # no file, no temporary left behind (the data folder is the app's own, set by the fixture;
    # its note of temporary files in progress is empty again)
    assert [p for p in tmp_path.iterdir() if p.name != "data"] == []
    assert not (tmp_path / "data" / "pending-writes.txt").exists()


def test_html_alone_is_plain_python(shared: tuple[Database, Scene]) -> None:
    db, _scene = shared
    html = handover_html(ho.handover_summary(at(db), "Team Nord", TODAY))
    assert "<table" in html and "Anna Hansen" in html and "Zoloft" not in html


# ---------------------------------------------------------------------------
# The dialogs
# ---------------------------------------------------------------------------


def print_entries(db: Database, after: int) -> list[tuple[str, int | None, str | None]]:
    with db.begin() as s:
        return [
            (r.action, r.citizen_id, r.after)
            for r in s.scalars(
                select(m.AuditEntry)
                .where(m.AuditEntry.id > after, m.AuditEntry.action.like("print.%"))
                .order_by(m.AuditEntry.id)
            )
        ]


def last_id(db: Database) -> int:
    with db.begin() as s:
        return int(s.scalar(select(func.max(m.AuditEntry.id))) or 0)


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[Runner]:
    r = Runner()
    yield r
    r.wait_idle()
    qtbot.waitUntil(lambda: r.idle, timeout=10_000)


def test_handover_dialog_saves_previews_and_prints(
    qtbot: QtBot, shared: tuple[Database, Scene], runner: Runner, tmp_path: Path
) -> None:
    db, _scene = shared
    ctx = at(db, NOW, "sygpl")  # a nurse: her own team only
    dialog = HandoverPrintDialog(ctx, runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pdf_button.isEnabled(), timeout=10_000)
    assert [dialog.team.itemText(i) for i in range(dialog.team.count())] == ["Team Nord"]
    assert dialog.selection() == ("Team Nord", TODAY, ho.Shift.EVENING)  # the next shift
    assert dialog.default_file_name() == "overlevering-team-nord-2026-11-22-aften.pdf"
    start = last_id(db)

    path = tmp_path / dialog.default_file_name()
    with qtbot.waitSignal(dialog.output_done, timeout=20_000) as sig:
        dialog.save_pdf(str(path))
    assert sig.args == ["pdf", str(path)]
    assert "Side 1 af 1" in text_of(path)[0]
    logged = print_entries(db, start)  # one entry naming the five citizens on the paper
    assert [a for a, _c, _x in logged] == ["print.handover"]
    assert '"output": "pdf"' in (logged[0][2] or "") and '"count": 5' in (logged[0][2] or "")
    assert bridge.history[-1].level == "info"

    mark = last_id(db)
    with qtbot.waitSignal(dialog.output_done, timeout=20_000) as sig:
        dialog.preview()
    assert sig.args[0] == "preview"
    preview = dialog.preview_dialog
    assert preview is not None and preview.isVisible()
    assert len(print_entries(db, mark)) == 1  # logged before the preview opened
    preview.close()

    mark = last_id(db)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printer.pdf"
    printer.setOutputFileName(str(printed))
    with qtbot.waitSignal(dialog.output_done, timeout=20_000) as sig:
        dialog.print_to(printer)
    assert sig.args[0] == "printer"
    assert "Overlevering · Team Nord" in text_of(printed)[0]
    assert [a for a, _c, _x in print_entries(db, mark)] == ["print.handover"]


def test_the_short_list_can_be_left_out_in_the_dialog_and_stays_so(
    qtbot: QtBot, shared: tuple[Database, Scene], runner: Runner, tmp_path: Path
) -> None:
    db, _scene = shared
    dialog = HandoverPrintDialog(at(db, NOW, "sygpl"), runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pdf_button.isEnabled(), timeout=10_000)
    assert dialog.short_list.isChecked()  # on by default
    dialog.set_selection("Team Nord", TODAY, ho.Shift.DAY)
    with_list = tmp_path / "med.pdf"
    with qtbot.waitSignal(dialog.output_done, timeout=20_000):
        dialog.save_pdf(str(with_list))
    assert "Kort liste" in text_of(with_list)[0]
    dialog.short_list.setChecked(False)
    without = tmp_path / "uden.pdf"
    with qtbot.waitSignal(dialog.output_done, timeout=20_000):
        dialog.save_pdf(str(without))
    page = text_of(without)[0]
    assert "Kort liste" not in page and "Glucophage 500 mg udløber" not in page
    again = HandoverPrintDialog(at(db, NOW, "sygpl"), runner)  # the choice is remembered
    qtbot.addWidget(again)
    assert not again.short_list.isChecked()
    qtbot.waitUntil(lambda: again.pdf_button.isEnabled(), timeout=10_000)


def test_a_cpr_file_name_is_refused_in_the_dialog(
    qtbot: QtBot, shared: tuple[Database, Scene], runner: Runner, tmp_path: Path
) -> None:
    db, _scene = shared
    dialog = HandoverPrintDialog(at(db), runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pdf_button.isEnabled(), timeout=10_000)
    start = last_id(db)
    with qtbot.waitSignal(dialog.output_failed, timeout=5_000):
        dialog.save_pdf(str(tmp_path / "overlevering-030540-1234.pdf"))
    assert list(tmp_path.iterdir()) == []
    assert print_entries(db, start) == []
    assert "CPR" in bridge.history[-1].text


def test_cancel_leaves_no_file_and_no_log(
    qtbot: QtBot, shared: tuple[Database, Scene], runner: Runner, tmp_path: Path
) -> None:
    db, _scene = shared
    dialog = HandoverPrintDialog(at(db), runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pdf_button.isEnabled(), timeout=10_000)
    start = last_id(db)
    with qtbot.waitSignal(dialog.output_failed, timeout=20_000) as sig:
        dialog.save_pdf(str(tmp_path / "overlevering.pdf"))
        progress = dialog.progress_dialog
        assert progress is not None
        progress.cancel()  # the nurse presses Cancel while the data is collected
    assert isinstance(sig.args[0], pdf.PrintCancelled)
    assert list(tmp_path.iterdir()) == []
    assert print_entries(db, start) == []
    assert dialog.pdf_button.isEnabled()


def test_print_medlist_from_the_gui(
    qtbot: QtBot, shared: tuple[Database, Scene], runner: Runner, tmp_path: Path
) -> None:
    db, scene = shared
    ctx = at(db)
    dialog = print_medlist(ctx, runner, scene.world.anna)
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert dialog.default_file_name() == "medicinliste-2026-11-22.pdf"
    start = last_id(db)
    path = tmp_path / dialog.default_file_name()
    with qtbot.waitSignal(dialog.output_done, timeout=20_000):
        dialog.save_pdf(str(path))
    assert format_cpr(scene.world.anna) in text_of(path)[0]
    assert [(a, c) for a, c, _x in print_entries(db, start)] == [
        ("print.medlist", scene.world.anna_id)
    ]
