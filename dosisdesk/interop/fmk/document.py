"""Read one FMK response document: size limit, secure XML parse, schema validation, then mapping.

The order is the point. Nothing of a document is looked at before it has passed, in turn:

1. **size**: at most :data:`MAX_BYTES` (a medicine card of 100 drug medications is about 0.5 MB;
   the recordings are 9 and 24 kB);
2. **parse** with lxml and everything that could reach out or blow up switched off: no entity
   resolution, no DTD loading, no network, no ``huge_tree``; a document that carries a DTD at all
   is refused (FMK's responses never do: this is how an entity-expansion bomb is stopped before
   anything expands);
3. **root**: a ``GetMedicineCardResponse`` in FMK's E2 namespace (or, for the dose-dispensing
   card, ``GetExplicitDoseDispensingCardResponse`` in E6);
4. **schema**: FMK's own XML schema 1.4.6 (``resources/fmk/``, extracted from FMK's WSDL by
   ``resources/build_fmk_schemas.py``), compiled once per process.

Only then is it mapped into :mod:`dosisdesk.domain.fmk` values. Any failure raises
:class:`~dosisdesk.domain.fmk.FmkDocumentError` with the element path and a Danish message. The
indication is never read; a PrivateDrugMedication gives only its identifier (to be counted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from dosisdesk.domain.calendar import to_cph
from dosisdesk.domain.cpr import mask_cpr, normalize_cpr
from dosisdesk.domain.errors import InvalidCpr
from dosisdesk.domain.fmk import (
    FmkAuthor,
    FmkCard,
    FmkDay,
    FmkDocumentError,
    FmkDosage,
    FmkDose,
    FmkDrugMedication,
    FmkStructure,
)

__all__ = [
    "MAX_BYTES",
    "DoseDispensingCard",
    "parse_dose_dispensing_card",
    "parse_medicine_card",
    "read_bytes",
]

MAX_BYTES = 5 * 1024 * 1024

BASE = "http://www.dkma.dk/medicinecard/xml.schema/2015/06/01"
E2 = f"{BASE}/E2"
E6 = f"{BASE}/E6"
CARD_ROOT = f"{{{E2}}}GetMedicineCardResponse"
DD_ROOT = f"{{{E6}}}GetExplicitDoseDispensingCardResponse"

_PREFIX = re.compile(r"(?<=/)[^/:\[\]]+:")


def _fail(path: str | None, code: str, **params: Any) -> FmkDocumentError:
    """The document error ``code`` at element ``path`` (its sentences name the place with
    ``{where:where}``)."""
    return FmkDocumentError(code, path=path, where=path, **params)


def read_bytes(file: Path) -> bytes:
    """The file's bytes, refusing a file over :data:`MAX_BYTES` before reading it whole."""
    try:
        with file.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError as e:
        raise FmkDocumentError("interop.fmk.document.no_such_file", name=file.name) from e
    except OSError as e:
        raise FmkDocumentError(
            "interop.fmk.document.cannot_read", name=file.name, strerror=e.strerror
        ) from e
    if len(data) > MAX_BYTES:
        raise _too_large()
    return data


def _too_large() -> FmkDocumentError:
    mb = MAX_BYTES // (1024 * 1024)
    return _fail(None, "interop.fmk.document.larger_than_mib", mb=mb)


@cache
def _schema() -> etree.XMLSchema:
    folder = resources.files("dosisdesk.resources").joinpath("fmk")
    with resources.as_file(folder) as path:
        parser = _parser()
        doc = etree.parse(str(Path(path) / "fmk.xsd"), parser)
        return etree.XMLSchema(doc)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )


def _local(path: str) -> str:
    return _PREFIX.sub("", path)


def _path(el: etree._Element) -> str:
    return _local(el.getroottree().getpath(el))


def _dtd() -> FmkDocumentError:
    return _fail(None, "interop.fmk.document.carries_dtd")


def _element_at(tree: etree._ElementTree, line: int) -> str | None:
    """A readable path ("/GetMedicineCardResponse/MedicineCard/DrugMedication[2]/Dosage") of the
    innermost element that starts on ``line``."""
    found = None
    for el in tree.getroot().iter():
        if isinstance(el.tag, str) and el.sourceline == line:
            found = el
    if found is None:
        return None
    steps = []
    cur = found
    while cur is not None:
        name = etree.QName(cur).localname
        parent = cur.getparent()
        if parent is not None:
            same = [c for c in parent if isinstance(c.tag, str) and c.tag == cur.tag]
            if len(same) > 1:
                name += f"[{same.index(cur) + 1}]"
        steps.append(name)
        cur = parent
    return "/" + "/".join(reversed(steps))


def _parse(data: bytes, roots: tuple[str, ...]) -> etree._Element:
    if len(data) > MAX_BYTES:
        raise _too_large()
    if not data.strip():
        raise _fail(None, "interop.fmk.document.empty")
    head = data[:4]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head:
        raise _fail(None, "interop.fmk.document.not_utf_8")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        # Refused before libxml2 sees it: no entity is ever declared, let alone expanded.
        raise _dtd()
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as e:
        line = getattr(e, "lineno", None) or (e.position[0] if e.position else "?")
        raise _fail(
            None, "interop.fmk.document.not_well_formed_xml_line", line=line, msg=e.msg
        ) from e
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _dtd()
    root = tree.getroot()
    if root.tag not in roots:
        qn = etree.QName(root)
        raise _fail(
            f"/{qn.localname}",
            "interop.fmk.document.unexpected_root_element",
            localname=qn.localname,
            value=qn.namespace or "(intet)",
            e2=E2,
            tag=root.tag,
        )
    schema = _schema()
    if not schema.validate(tree):
        err = schema.error_log.filter_from_errors()[0] if schema.error_log else None
        if err is None:  # pragma: no cover - libxml2 always logs why
            raise _fail(None, "interop.fmk.document.schema_invalid")
        path = _element_at(tree, err.line) or (_local(err.path) if err.path else None)
        raise _fail(
            path, "interop.fmk.document.not_valid_against_fmk_s", line=err.line, message=err.message
        )
    return root


# ---------------------------------------------------------------------------
# Small readers: every element below has passed the schema, so its form is known
# ---------------------------------------------------------------------------


def _c(el: etree._Element | None, *names: str) -> etree._Element | None:
    """The first child path of local names (any namespace)."""
    cur = el
    for name in names:
        if cur is None:
            return None
        cur = next(
            (c for c in cur if isinstance(c.tag, str) and etree.QName(c).localname == name), None
        )
    return cur


def _first(*els: etree._Element | None) -> etree._Element | None:
    return next((e for e in els if e is not None), None)


def _all(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str) and etree.QName(c).localname == name]


def _t(el: etree._Element | None, *names: str) -> str:
    found = _c(el, *names) if names else el
    return " ".join((found.text or "").split()) if found is not None else ""


def _date(el: etree._Element | None) -> date | None:
    if el is None or not (el.text or "").strip():
        return None
    text = el.text.strip()[:10]
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise _fail(_path(el), "interop.fmk.document.bad_date", text=text) from e


def _moment(el: etree._Element | None) -> datetime | None:
    if el is None or not (el.text or "").strip():
        return None
    text = el.text.strip().replace("Z", "+00:00")
    try:
        value = datetime.fromisoformat(text)
    except ValueError as e:
        raise _fail(_path(el), "interop.fmk.document.bad_time", text=text) from e
    if value.tzinfo is None:  # FMK's times without an offset are Danish local time
        from dosisdesk.domain.types import CPH

        value = value.replace(tzinfo=CPH)
    return to_cph(value)


def _decimal(el: etree._Element | None) -> Decimal | None:
    if el is None:
        return None
    try:
        return Decimal((el.text or "").strip())
    except InvalidOperation as e:
        raise _fail(_path(el), "interop.fmk.document.bad_number", text=el.text) from e


def _author(by: etree._Element | None) -> FmkAuthor | None:
    if by is None:
        return None
    person = _first(_c(by, "AuthorisedHealthcareProfessional"), _c(by, "Person"), by)
    name = _t(person, "Name")
    if not name:
        given, surname = _t(person, "Name", "GivenName"), _t(person, "Name", "Surname")
        name = f"{given} {surname}".strip()
    return FmkAuthor(
        name=name,
        organisation=_t(by, "Organisation", "Name"),
        authorisation=_t(person, "AuthorisationIdentifier"),
    )


def _text_of(translation: etree._Element | None) -> str:
    return _t(translation, "ShortText") or _t(translation, "LongText")


def _doses(parent: etree._Element) -> tuple[FmkDose, ...]:
    out = []
    for dose in _all(parent, "Dose"):
        time = _t(dose, "Time") or None
        out.append(
            FmkDose(
                time=time,
                quantity=_decimal(_c(dose, "Quantity")),
                minimal=_decimal(_c(dose, "MinimalQuantity")),
                maximal=_decimal(_c(dose, "MaximalQuantity")),
            )
        )
    return tuple(out)


def _structures(el: etree._Element | None) -> tuple[tuple[FmkStructure, ...], str]:
    if el is None:
        return (), ""
    out = []
    for s in _all(el, "Structure"):
        interval = _c(s, "IterationInterval")
        any_day = _c(s, "AnyDay")
        start = _date(_c(s, "StartDate"))
        assert start is not None  # required by the schema
        out.append(
            FmkStructure(
                iteration_interval=int(interval.text) if interval is not None else None,
                start=start,
                end=_date(_c(s, "EndDate")),
                supplementary_text=_t(s, "SupplementaryText"),
                days=tuple(FmkDay(int(_t(d, "Number")), _doses(d)) for d in _all(s, "Day")),
                any_day=_doses(any_day) if any_day is not None else None,
                text=_text_of(_c(s, "DosageTranslation")),
            )
        )
    return tuple(out), _text_of(_c(el, "DosageTranslationCombined"))


def _dosage(el: etree._Element) -> FmkDosage:
    fixed, fixed_text = _structures(_c(el, "StructuresFixed"))
    need, need_text = _structures(_c(el, "StructuresAccordingToNeed"))
    free = _c(el, "FreeText")
    free_text = _t(free, "Text") if free is not None else None
    unit = _t(el, "UnitTexts", "Plural") or _t(el, "UnitText")
    if free_text is not None:
        text = free_text
    elif fixed and need:
        parts = [s.text for s in (*fixed, *need) if s.text]
        text = " / ".join(parts) or fixed_text or need_text
    else:
        text = fixed_text or need_text or " / ".join(s.text for s in (*fixed, *need) if s.text)
    if _c(el, "AdministrationAccordingToSchemaInLocalSystem") is not None:
        text = text or "Efter skema i lokalt system"
    return FmkDosage(
        type=_t(el, "Type"),
        fixed=fixed,
        according_to_need=need,
        free_text=free_text,
        local_schema=_c(el, "AdministrationAccordingToSchemaInLocalSystem") is not None,
        unit=unit,
        text=text,
    )


def _dose_dispensed(dm: etree._Element) -> bool:
    """A prescription on the drug medication with the doctor's DoseDispensedRestriction (that it
    be effectuated dose-dispensed), not invalidated."""
    for p in _all(dm, "Prescription"):
        if _c(p, "DoseDispensedRestriction") is not None and _t(p, "Status").lower() not in (
            "annulleret",
            "afsluttet",
            "ugyldig",
        ):
            return True
    return False


def _drug_medication(dm: etree._Element) -> FmkDrugMedication:
    drug = _c(dm, "Drug")
    begin_end = _c(dm, "BeginEndDate")
    begin = _date(_c(begin_end, "TreatmentStartDate"))  # None: "started previously"
    strength = _t(drug, "Strength", "Text")
    if not strength and _c(drug, "Strength") is not None:
        strength = f"{_t(drug, 'Strength', 'Value')} {_t(drug, 'Strength', 'UnitText')}".strip()
    modified = _first(_c(dm, "Modified"), _c(dm, "Created"))
    author = _author(_c(modified, "By")) or FmkAuthor(name="")
    when = _moment(_c(modified, "DateTime"))
    assert when is not None
    return FmkDrugMedication(
        identifier=_t(dm, "Identifier"),
        version=_t(dm, "Version"),
        atc=_t(drug, "ATC", "Code").upper(),
        atc_text=_t(drug, "ATC", "Text"),
        drug_name=_t(drug, "Name"),
        drug_identifier=_t(drug, "Identifier"),
        form=_t(drug, "Form", "Text"),
        strength=strength,
        begin=begin,
        end=_date(_c(begin_end, "TreatmentEndDate")),
        dosage=_dosage(_c(dm, "Dosage")),  # required by the schema
        dose_dispensed=_dose_dispensed(dm),
        author=author,
        modified_at=when,
        withdrawn=_c(dm, "Withdrawn") is not None,
        paused=_c(dm, "Paused") is not None,
    )


def parse_medicine_card(data: bytes, *, expected_cpr: str | None = None) -> FmkCard:
    """Check and map a GetMedicineCardResponse (see the module docstring for the order).

    With ``expected_cpr`` a card for anyone else is refused. Several MedicineCard elements in
    one response must be for the same citizen; the newest version is used.
    """
    root = _parse(data, (CARD_ROOT,))
    cards = _all(root, "MedicineCard")
    chosen = max(cards, key=lambda c: int(_t(c, "Version") or 0))
    person = _c(chosen, "Patient", "Person")
    id_el = _c(person, "PersonIdentifier")
    raw_cpr = _t(id_el)
    try:
        cpr = normalize_cpr(raw_cpr)
    except InvalidCpr as e:
        raise _fail(
            _path(id_el) if id_el is not None else None,
            "interop.fmk.document.bad_cpr",
            message=e.message,
            english=e.english,
        ) from e
    for other in cards:
        o = _c(other, "Patient", "Person", "PersonIdentifier")
        if _t(o).replace("-", "") != cpr:
            raise _fail(
                _path(o) if o is not None else None,
                "interop.fmk.document.several_citizens_one_response",
            )
    if expected_cpr is not None and cpr != normalize_cpr(expected_cpr):
        raise _fail(
            _path(id_el) if id_el is not None else None,
            "interop.fmk.document.another_citizen",
            cpr=mask_cpr(cpr),
        )
    address = _c(chosen, "Patient", "Address")
    street = " ".join(
        p for p in (_t(address, "StreetName"), _t(address, "StreetBuildingIdentifier")) if p
    )
    town = " ".join(
        p for p in (_t(address, "PostCodeIdentifier"), _t(address, "DistrictName")) if p
    )
    modified = _c(chosen, "Modified")
    privates = _all(chosen, "PrivateDrugMedication")
    return FmkCard(
        cpr=cpr,
        given_name=_t(person, "Name", "GivenName"),
        surname=_t(person, "Name", "Surname"),
        birth_date=_date(_c(person, "BirthDate")),
        address=", ".join(p for p in (street, town) if p),
        version=_t(chosen, "Version"),
        modified_at=_moment(_c(modified, "DateTime")),
        author=_author(_c(modified, "By")),
        drug_medications=tuple(_drug_medication(d) for d in _all(chosen, "DrugMedication")),
        private_count=len(privates),
        private_identifiers=frozenset(_t(p, "Identifier") for p in privates),
    )


@dataclass(frozen=True, slots=True)
class DoseDispensingCard:
    """What dosisdesk takes from FMK's dose-dispensing card: whose it is, and which drug
    medications its periods dispense in doses."""

    cpr: str
    drug_medication_ids: frozenset[str]
    on_hold: bool


def parse_dose_dispensing_card(
    data: bytes, *, expected_cpr: str | None = None
) -> DoseDispensingCard:
    """Check and map a GetExplicitDoseDispensingCardResponse (same order as the card)."""
    root = _parse(data, (DD_ROOT,))
    id_el = _c(root, "Patient", "Person", "PersonIdentifier")
    try:
        cpr = normalize_cpr(_t(id_el))
    except InvalidCpr as e:
        raise _fail(
            _path(id_el) if id_el is not None else None,
            "interop.fmk.document.error",
            message=e.message,
            english=e.english,
        ) from e
    if expected_cpr is not None and cpr != normalize_cpr(expected_cpr):
        raise _fail(
            _path(id_el) if id_el is not None else None,
            "interop.fmk.document.another_citizen_2",
            cpr=mask_cpr(cpr),
        )
    ids: set[str] = set()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname
        if name == "DrugMedicationIdentifier":
            ids.add(_t(el))
        elif name == "DrugMedication":
            ident = _c(el, "Identifier")
            if ident is not None:
                ids.add(_t(ident))
    return DoseDispensingCard(cpr, frozenset(ids), _c(root, "DoseDispensingOnHold") is not None)
