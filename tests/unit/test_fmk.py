"""FMK in: reading, validating and mapping FMK's medicine card; reconciling it with a card."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dosisdesk.domain.dosage import format_dosage, parse_dosage
from dosisdesk.domain.fmk import (
    CardLine,
    FmkDocumentError,
    FmkDosageKind,
    NotMapped,
    ProposalKind,
    map_dosage,
    reconcile,
    structure_to_dosage,
    supply_for,
    to_fmk_structure,
)
from dosisdesk.domain.types import Dosage, DoseEntry, LineStatus, Supply
from dosisdesk.interop.fmk import document
from dosisdesk.interop.fmk.document import (
    MAX_BYTES,
    parse_dose_dispensing_card,
    parse_medicine_card,
    read_bytes,
)
from tests.fmk_docs import RECORDING_HELLE, RECORDING_SOFIE, Dose, Drug, Structure, card_xml

CPR = "0305401234"


def one(drug: Drug, **kw: object):  # type: ignore[no-untyped-def]
    card = parse_medicine_card(card_xml(CPR, [drug], **kw))  # type: ignore[arg-type]
    dm = card.drug_medications[0]
    return dm, map_dosage(dm.dosage, dm.end)


# ---------------------------------------------------------------------------
# The recordings
# ---------------------------------------------------------------------------


def test_recording_of_helle_bonde_reads_and_validates():
    card = parse_medicine_card(RECORDING_HELLE.read_bytes())
    assert (card.cpr, card.given_name, card.surname) == ("1111111118", "Helle", "Bonde")
    assert card.version == "1775566805133001001"
    assert card.private_count == 1 and card.private_identifiers == {"66044262"}
    assert card.author is not None and card.author.label == "Helle Bonde, Hansen og Junge"
    (dm,) = card.drug_medications
    assert (dm.identifier, dm.version) == ("66044263", "1775566804875001001")
    assert (dm.atc, dm.drug_name, dm.strength) == ("M01AE01", "Ipren", "200 mg")
    assert dm.form == "filmovertrukne tabletter"
    assert (dm.begin, dm.end, dm.dose_dispensed) == (date(2013, 5, 1), None, False)
    mapped = map_dosage(dm.dosage, dm.end)
    assert mapped.kind is FmkDosageKind.COMBINED and mapped.reason is NotMapped.COMBINED
    assert "2 tabletter morgen og middag" in mapped.text and "aften efter behov" in mapped.text
    assert mapped.note == "ved smerter"


def test_recording_of_sofie_bach_reads_every_dosage_kind():
    card = parse_medicine_card(RECORDING_SOFIE.read_bytes())
    assert card.cpr == "0410009234" and card.private_count == 0
    kinds = Counter(dm.dosage.kind for dm in card.drug_medications)
    assert kinds == {
        FmkDosageKind.FIXED: 2,
        FmkDosageKind.FREE_TEXT: 1,
        FmkDosageKind.LOCAL_SCHEMA: 1,
        FmkDosageKind.ACCORDING_TO_NEED: 1,
    }
    reasons = {dm.identifier: map_dosage(dm.dosage, dm.end).reason for dm in card.drug_medications}
    # "1 tablet 3 gange daglig" names no times: never spread over the bags by guessing
    assert reasons["54845936"] is NotMapped.NO_TIME
    assert reasons["50302410"] is NotMapped.FREE_TEXT
    assert reasons["50302409"] is NotMapped.LOCAL_SCHEMA
    assert reasons["48694645"] is NotMapped.NO_TIME


def test_the_indication_is_never_read():
    for path in (RECORDING_HELLE, RECORDING_SOFIE):
        card = parse_medicine_card(path.read_bytes())
        assert "smerter" not in repr(card.drug_medications).replace("ved smerter", "")
        assert "mod muskelsmerter" not in repr(card)
        assert "erektil" not in repr(card)


# ---------------------------------------------------------------------------
# Own documents the schema accepts: each dosage structure
# ---------------------------------------------------------------------------


def test_fixed_slots_map_exactly_and_a_dose_dispensed_line_goes_in_the_roll():
    dm, mapped = one(
        Drug(
            dose_dispensed=True,
            fixed=[Structure(days={1: [Dose("1", "morning"), Dose("0.5", "evening")]})],
        )
    )
    assert mapped.notation == "1+0+½+0" and mapped.exact
    assert dm.dose_dispensed and supply_for(dm, mapped) is Supply.DOSE_ROLL


def test_a_line_not_dose_dispensed_goes_beside_the_roll():
    dm, mapped = one(Drug(dose_dispensed=False))
    assert supply_for(dm, mapped) is Supply.ORDINARY


def test_clock_time_and_weekly_structure_map_exactly():
    _, mapped = one(Drug(fixed=[Structure(days={1: [Dose("2", "14:00:00")]})]))
    assert mapped.notation == "14:00=2"
    # 2026-01-01 is a Thursday: days 1 and 4 are Thursday and Sunday
    _, weekly = one(
        Drug(fixed=[Structure(interval=7, start="2026-01-01", days={1: [Dose()], 4: [Dose()]})])
    )
    assert weekly.notation == "tor,søn: 1+0+0+0"


def test_supplementary_text_is_kept_beside_an_exact_dose():
    _, mapped = one(Drug(fixed=[Structure(supplementary="tages med mad")]))
    assert mapped.notation == "1+0+0+0" and mapped.note == "tages med mad"


def test_according_to_need_is_as_needed():
    dm, mapped = one(Drug(fixed=None, need=[Structure(days={1: [Dose("2", "night")]})]))
    assert mapped.kind is FmkDosageKind.ACCORDING_TO_NEED and mapped.notation == "0+0+0+2"
    assert supply_for(dm, mapped) is Supply.AS_NEEDED


@pytest.mark.parametrize(
    ("drug", "reason"),
    [
        (Drug(need=[Structure()]), NotMapped.COMBINED),
        (Drug(fixed=None, free_text="som aftalt"), NotMapped.FREE_TEXT),
        (Drug(fixed=None, local_schema=True), NotMapped.LOCAL_SCHEMA),
        (Drug(fixed=[Structure(days={1: [Dose(minmax=("1", "2"))]})]), NotMapped.RANGE),
        (Drug(fixed=[Structure(days={1: [Dose(time=None)]})]), NotMapped.NO_TIME),
        (Drug(fixed=[Structure(days={1: [Dose("1", "13:30:15")]})]), NotMapped.SECONDS),
        (Drug(fixed=[Structure(days={1: [Dose(), Dose()]})]), NotMapped.TIME_TWICE),
        (Drug(fixed=[Structure(days={1: [Dose("0.125")]})]), NotMapped.QUANTITY),
        (Drug(fixed=[Structure(interval=None)]), NotMapped.NOT_ITERATED),
        (Drug(fixed=[Structure(interval=2)]), NotMapped.INTERVAL),
        (Drug(fixed=[Structure(any_day=[Dose()], days={})]), NotMapped.ANY_DAY),
        (
            Drug(fixed=[Structure(interval=7, days={1: [Dose()], 2: [Dose("2")]})]),
            NotMapped.DAYS_DIFFER,
        ),
        (
            Drug(fixed=[Structure(start="2026-01-01"), Structure(start="2026-02-01")]),
            NotMapped.SEVERAL_STRUCTURES,
        ),
        (Drug(fixed=[Structure(end="2026-03-01")]), NotMapped.ENDS_EARLY),
    ],
)
def test_what_does_not_map_is_kept_as_fmk_text_and_marked(drug: Drug, reason: NotMapped):
    drug.dose_dispensed = True
    dm, mapped = one(drug)
    assert mapped.notation is None and mapped.reason is reason
    assert mapped.text  # FMK's own words are kept
    # "kan ikke dosisdispenseres som angivet": never in the roll
    assert supply_for(dm, mapped) is not Supply.DOSE_ROLL


def test_ended_and_withdrawn_treatments():
    dm, _ = one(Drug(end="2026-10-01"))
    assert dm.end == date(2026, 10, 1) and dm.ended_by(date(2026, 10, 2))
    assert not dm.ended_by(date(2026, 10, 1))
    dm, _ = one(Drug(withdrawn=True))
    assert dm.withdrawn and dm.ended_by(date(2026, 1, 1))


def test_private_entries_are_counted_only():
    card = parse_medicine_card(card_xml(CPR, [Drug()], privates=("771", "772")))
    assert card.private_count == 2 and len(card.drug_medications) == 1


# ---------------------------------------------------------------------------
# Property: FMK dosage -> notation -> FMK dosage is lossless where it maps
# ---------------------------------------------------------------------------

_amount = st.sampled_from(["0.25", "0.5", "0.75", "1", "1.5", "2", "2.5", "3", "10"]).map(Decimal)
_at = st.sampled_from(["morning", "noon", "evening", "night", "08:00", "14:30", "22:15"])
_dosages = st.builds(
    lambda entries, weekdays: Dosage(
        entries=tuple(
            DoseEntry(at, Decimal(a).normalize() if a != a.to_integral_value() else a.quantize(1))
            for at, a in sorted(
                entries.items(),
                key=lambda kv: (
                    ["morning", "noon", "evening", "night"].index(kv[0])
                    if kv[0] in ("morning", "noon", "evening", "night")
                    else 9,
                    kv[0],
                ),
            )
        ),
        weekdays=frozenset(weekdays),
    ),
    st.dictionaries(_at, _amount, min_size=1, max_size=5),
    st.sets(st.integers(0, 6), max_size=6),
)


@given(_dosages, st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)))
def test_notation_to_fmk_and_back_is_lossless(d: Dosage, start: date):
    structure = to_fmk_structure(d, start)
    back, why = structure_to_dosage(structure)
    assert why is None and back == d
    # and through the text the app stores
    assert parse_dosage(format_dosage(back)) == d
    # and FMK -> notation -> FMK gives the same structure
    assert to_fmk_structure(parse_dosage(format_dosage(back)), start) == structure


# ---------------------------------------------------------------------------
# Refused documents: nothing is mapped
# ---------------------------------------------------------------------------


def test_malformed_xml_is_refused_with_the_line():
    with pytest.raises(FmkDocumentError) as e:
        parse_medicine_card(b"<ns2:GetMedicineCardResponse><unclosed>")
    assert "ikke gyldig XML" in e.value.message and "linje 1" in e.value.message


def test_wrong_namespace_is_refused():
    data = RECORDING_HELLE.read_bytes().replace(b"2015/06/01/E2", b"2012/05/08/E2")
    with pytest.raises(FmkDocumentError) as e:
        parse_medicine_card(data)
    assert "rod-elementet" in e.value.message and e.value.path == "/GetMedicineCardResponse"


def test_schema_invalid_is_refused_with_the_element_path():
    data = RECORDING_HELLE.read_bytes().replace(b"<Time>noon</Time>", b"<Time>lunch</Time>")
    with pytest.raises(FmkDocumentError) as e:
        parse_medicine_card(data)
    assert e.value.path is not None and e.value.path.endswith("/Dose[2]/Time")
    assert "DrugMedication" in e.value.path
    assert "FMK's skema" in e.value.message


def test_a_document_for_another_cpr_is_refused():
    with pytest.raises(FmkDocumentError) as e:
        parse_medicine_card(RECORDING_HELLE.read_bytes(), expected_cpr="0410009234")
    assert "ikke for den valgte borger" in e.value.message
    assert "1111111118" not in e.value.message  # the other citizen's CPR is masked


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path):
    big = tmp_path / "stort.xml"
    with big.open("wb") as fh:
        fh.write(RECORDING_HELLE.read_bytes()[:-40])
        fh.write(b"<!--" + b"x" * (MAX_BYTES + 10) + b"-->")
    with pytest.raises(FmkDocumentError) as e:
        read_bytes(big)
    assert "større end" in e.value.message
    with pytest.raises(FmkDocumentError):
        parse_medicine_card(b" " * (MAX_BYTES + 1))


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<ns2:GetMedicineCardResponse xmlns:ns2="http://www.dkma.dk/medicinecard/xml.schema/2015/06/01/E2">
<ns2:MedicineCard>&lol9;</ns2:MedicineCard></ns2:GetMedicineCardResponse>"""


def test_billion_laughs_is_refused_without_expanding():
    with pytest.raises(FmkDocumentError) as e:
        parse_medicine_card(BILLION_LAUGHS)
    assert "DTD" in e.value.message


def test_an_external_entity_is_never_fetched(tmp_path: Path):
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("HEMMELIGT")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'
        '<ns2:GetMedicineCardResponse xmlns:ns2="http://www.dkma.dk/medicinecard/xml.schema/'
        '2015/06/01/E2">&e;</ns2:GetMedicineCardResponse>'
    ).encode()
    with pytest.raises(FmkDocumentError) as e:
        parse_medicine_card(data)
    assert "HEMMELIGT" not in e.value.message


def test_the_schema_is_packaged_and_needs_no_network():
    schema = document._schema()
    assert schema is document._schema()  # compiled once


def test_a_dose_dispensing_card_is_validated_too():
    with pytest.raises(FmkDocumentError) as e:
        parse_dose_dispensing_card(RECORDING_HELLE.read_bytes())
    assert "rod-elementet" in e.value.message


# ---------------------------------------------------------------------------
# Reconciliation against a card, pure
# ---------------------------------------------------------------------------

DAY = date(2026, 12, 3)


def line(
    line_id: int,
    atc: str = "C10AA05",
    dosage: str = "1+0+0+0",
    *,
    fmk_id: str | None = None,
    trade: str = "Zarator",
    supply: Supply = Supply.DOSE_ROLL,
    status: LineStatus = LineStatus.ACTIVE,
    private: bool = False,
    temporary: bool = False,
    strength: str = "20 mg",
) -> CardLine:
    return CardLine(
        line_id, fmk_id, atc, trade, strength, dosage, supply, status, private, temporary
    )


def card_of(*drugs: Drug, privates: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    return parse_medicine_card(card_xml(CPR, list(drugs), privates=privates))


def kinds(diffs) -> list[tuple[ProposalKind, int | None]]:  # type: ignore[no-untyped-def]
    return [(d.kind, d.line_id) for d in diffs]


def test_an_empty_card_gets_every_drug_as_new():
    diffs = reconcile(card_of(Drug(dose_dispensed=True), Drug(identifier="2")), [], DAY)
    assert [d.kind for d in diffs] == [ProposalKind.NEW, ProposalKind.NEW]
    assert diffs[0].supply in (Supply.DOSE_ROLL, Supply.ORDINARY)


def test_an_equal_card_has_no_differences_and_matches_by_atc_first_time():
    diffs = reconcile(card_of(Drug(dose_dispensed=True)), [line(1)], DAY)
    assert diffs == []


def test_dose_changed_into_and_out_of_the_roll_and_substitution():
    card = card_of(
        Drug(
            identifier="1", dose_dispensed=True, fixed=[Structure(days={1: [Dose("2", "morning")]})]
        ),
        Drug(
            identifier="2", atc="A10BA02", name="Glucophage", strength="500 mg", dose_dispensed=True
        ),
        Drug(identifier="3", atc="N02BE01", name="Panodil", strength="500 mg"),
        Drug(
            identifier="4",
            atc="C09AA05",
            name="Ramipril Actavis",
            strength="5 mg",
            dose_dispensed=True,
        ),
    )
    lines = [
        line(1, fmk_id="1"),
        line(2, "A10BA02", trade="Glucophage", strength="500 mg", supply=Supply.ORDINARY),
        line(3, "N02BE01", trade="Panodil", strength="500 mg"),
        line(4, "C09AA05", trade="Triatec", strength="5 mg"),
    ]
    assert kinds(reconcile(card, lines, DAY)) == [
        (ProposalKind.INTO_ROLL, 2),
        (ProposalKind.OUT_OF_ROLL, 3),
        (ProposalKind.SUBSTITUTED, 4),
        (ProposalKind.DOSE, 1),
    ]


def test_ended_withdrawn_gone_and_not_in_fmk():
    card = card_of(
        Drug(identifier="1", end="2026-11-30"), Drug(identifier="2", atc="A10BA02", withdrawn=True)
    )
    lines = [
        line(1, fmk_id="1"),
        line(2, "A10BA02", fmk_id="2"),
        line(3, "B01AC06", fmk_id="9"),
        line(4, "N06AB06"),
    ]
    assert kinds(reconcile(card, lines, DAY)) == [
        (ProposalKind.ENDED, 1),
        (ProposalKind.ENDED, 2),
        (ProposalKind.ENDED, 3),
        (ProposalKind.NOT_IN_FMK, 4),
    ]


def test_private_temporary_and_discontinued_lines_are_left_alone():
    card = card_of(Drug(identifier="1"), privates=("55",))
    lines = [
        line(1, fmk_id="1", supply=Supply.ORDINARY),
        line(2, "N06AB06", fmk_id="55"),  # now private in FMK: cannot be compared
        line(3, "N06AB06", private=True),  # private-marked here
        line(4, "B01AC06", temporary=True),  # an acute change's interim line
        line(5, "B01AC06", status=LineStatus.DISCONTINUED),
    ]
    assert reconcile(card, lines, DAY) == []


def test_a_paused_line_is_compared_on_its_content():
    card = card_of(Drug(identifier="1"))
    assert reconcile(card, [line(1, supply=Supply.ORDINARY, status=LineStatus.PAUSED)], DAY) == []
