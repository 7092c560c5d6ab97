"""Build GetMedicineCardResponse documents that FMK's schema accepts, for the FMK tests.

Modelled on the two recordings in ``tests/fixtures/fmk/`` (FMK's test environment, MIT licence):
the same envelope, author blocks and drug blocks, with the parts a test varies as parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fmk"
RECORDING_HELLE = FIXTURES / "medicine-card-1111111118.xml"
RECORDING_SOFIE = FIXTURES / "medicine-card-0410009234.xml"

NS = (
    'xmlns="http://www.dkma.dk/medicinecard/xml.schema/2015/06/01" '
    'xmlns:ns2="http://www.dkma.dk/medicinecard/xml.schema/2015/06/01/E2"'
)


def _author(name: str = "Lene Læge", org: str = "Lægehuset Demo") -> str:
    return f"""<By><AuthorisedHealthcareProfessional>
        <AuthorisationIdentifier>12345</AuthorisationIdentifier><Name>{escape(name)}</Name>
      </AuthorisedHealthcareProfessional>
      <Organisation><Name>{escape(org)}</Name><Type>Yder</Type>
        <Identifier source="Yder">123456</Identifier></Organisation></By>"""


@dataclass
class Dose:
    quantity: str | None = "1"
    time: str | None = "morning"  # morning/noon/evening/night, "HH:MM:SS", or None
    minmax: tuple[str, str] | None = None

    def xml(self) -> str:
        t = f"<Time>{self.time}</Time>" if self.time else ""
        if self.minmax:
            q = (
                f"<MinimalQuantity>{self.minmax[0]}</MinimalQuantity>"
                f"<MaximalQuantity>{self.minmax[1]}</MaximalQuantity>"
            )
        else:
            q = f"<Quantity>{self.quantity}</Quantity>"
        return f"<Dose>{t}{q}</Dose>"


@dataclass
class Structure:
    days: dict[int, list[Dose]] = field(default_factory=lambda: {1: [Dose()]})
    interval: int | None = 1
    start: str = "2026-01-01"
    end: str | None = None
    supplementary: str | None = None
    text: str = "1 tablet morgen"
    any_day: list[Dose] | None = None

    def xml(self) -> str:
        it = (
            f"<IterationInterval>{self.interval}</IterationInterval>"
            if self.interval
            else "<NotIterated/>"
        )
        end = f"<EndDate>{self.end}</EndDate>" if self.end else "<DosageEndingUndetermined/>"
        sup = (
            f"<SupplementaryText>{escape(self.supplementary)}</SupplementaryText>"
            if self.supplementary
            else ""
        )
        any_day = (
            f"<AnyDay>{''.join(d.xml() for d in self.any_day)}</AnyDay>"
            if self.any_day is not None
            else ""
        )
        days = "".join(
            f"<Day><Number>{n}</Number>{''.join(d.xml() for d in doses)}</Day>"
            for n, doses in sorted(self.days.items())
        )
        return (
            f"<Structure>{it}<StartDate>{self.start}</StartDate>{end}{sup}{any_day}{days}"
            f"<DosageTranslation><ShortText>{escape(self.text)}</ShortText>"
            f"<LongText>{escape(self.text)}</LongText></DosageTranslation></Structure>"
        )


@dataclass
class Drug:
    identifier: str = "1001"
    version: str = "5001"
    atc: str = "C10AA05"
    atc_text: str = "Atorvastatin"
    name: str = "Zarator"
    strength: str = "20 mg"
    form: str = "filmovertrukne tabletter"
    fixed: list[Structure] | None = field(default_factory=lambda: [Structure()])
    need: list[Structure] | None = None
    free_text: str | None = None
    local_schema: bool = False
    dose_dispensed: bool = False
    start: str = "2026-01-01"
    end: str | None = None
    withdrawn: bool = False
    indication: str = "mod forhøjet kolesterol"
    author: str = "Lene Læge"

    def dosage_xml(self) -> str:
        if self.free_text is not None:
            body = (
                f"<ns2:FreeText><StartDate>{self.start}</StartDate><DosageEndingUndetermined/>"
                f"<Text>{escape(self.free_text)}</Text></ns2:FreeText>"
            )
            kind = "fast"
        elif self.local_schema:
            body = (
                f"<ns2:AdministrationAccordingToSchemaInLocalSystem><StartDate>{self.start}"
                "</StartDate><DosageEndingUndetermined/>"
                "</ns2:AdministrationAccordingToSchemaInLocalSystem>"
            )
            kind = "fast"
        else:
            body = (
                "<ns2:UnitTexts><ns2:Singular>tablet</ns2:Singular>"
                "<ns2:Plural>tabletter</ns2:Plural></ns2:UnitTexts>"
            )
            if self.fixed:
                body += (
                    "<ns2:StructuresFixed>"
                    + "".join(s.xml() for s in self.fixed)
                    + "</ns2:StructuresFixed>"
                )
            if self.need:
                body += (
                    "<ns2:StructuresAccordingToNeed>"
                    + "".join(s.xml() for s in self.need)
                    + "</ns2:StructuresAccordingToNeed>"
                )
            kind = (
                "kombineret" if self.fixed and self.need else "efter behov" if self.need else "fast"
            )
        return f"<ns2:Dosage>{body}<ns2:Type>{kind}</ns2:Type></ns2:Dosage>"

    def prescription_xml(self) -> str:
        if not self.dose_dispensed:
            return ""
        return f"""<ns2:Prescription>
          <ns2:Identifier>9{self.identifier}</ns2:Identifier>
          <ns2:AuthorisationDateTime>2026-01-01T10:00:00Z</ns2:AuthorisationDateTime>
          <ns2:Created>{_author(self.author)}<DateTime>2026-01-01T10:00:00Z</DateTime>
          </ns2:Created>
          <ns2:ValidFromDate>2026-01-01</ns2:ValidFromDate>
          <ns2:ValidToDate>2027-12-31</ns2:ValidToDate>
          <ns2:DoseDispensedRestriction/>
          {self.drug_xml()}
          <ns2:SubstitutionAllowed>true</ns2:SubstitutionAllowed>
          <ns2:Status>åben</ns2:Status>
        </ns2:Prescription>"""

    def drug_xml(self) -> str:
        value = self.strength.split()[0].replace(",", ".")
        return f"""<ns2:Drug>
          <ATC><Code source="Medicinpriser" date="2026-01-01">{self.atc}</Code>
            <Text>{escape(self.atc_text)}</Text></ATC>
          <Identifier source="Medicinpriser" date="2026-01-01">28100000000</Identifier>
          <Name>{escape(self.name)}</Name>
          <Form><Code source="Medicinpriser" date="2026-01-01">TABFILM</Code>
            <Text>{escape(self.form)}</Text></Form>
          <Strength><Value>{value}</Value>
            <UnitCode source="Medicinpriser" date="2026-01-01">MG</UnitCode>
            <UnitText>mg</UnitText>
            <Text source="Medicinpriser" date="2026-01-01">{escape(self.strength)}</Text>
          </Strength>
        </ns2:Drug>"""

    def xml(self) -> str:
        end = (
            f"<TreatmentEndDate>{self.end}</TreatmentEndDate>"
            if self.end
            else "<TreatmentEndingUndetermined/>"
        )
        withdrawn = (
            f"<ns2:Withdrawn>{_author(self.author)}<DateTime>2026-11-20T10:00:00Z"
            "</DateTime></ns2:Withdrawn>"
            if self.withdrawn
            else ""
        )
        return f"""<ns2:DrugMedication>
        <ns2:Identifier>{self.identifier}</ns2:Identifier>
        <ns2:Version>{self.version}</ns2:Version>
        <ns2:Created>{_author(self.author)}<DateTime>2026-01-01T10:00:00Z</DateTime></ns2:Created>
        <ns2:Modified>{_author(self.author)}<DateTime>2026-11-20T10:00:00Z</DateTime></ns2:Modified>
        <ns2:Type>Lægeordineret</ns2:Type>
        {withdrawn}
        <ns2:BeginEndDate><TreatmentStartDate>{self.start}</TreatmentStartDate>{end}
        </ns2:BeginEndDate>
        <ns2:Indication><Code source="Medicinpriser" date="2026-01-01">143</Code>
          <Text>{escape(self.indication)}</Text></ns2:Indication>
        <ns2:RouteOfAdministration><Code source="Medicinpriser" date="2026-01-01">OR</Code>
          <Text>Oral anvendelse</Text></ns2:RouteOfAdministration>
        {self.drug_xml()}
        {self.dosage_xml()}
        <ns2:SubstitutionAllowed>true</ns2:SubstitutionAllowed>
        {self.prescription_xml()}
      </ns2:DrugMedication>"""


def card_xml(
    cpr: str,
    drugs: list[Drug],
    *,
    version: str = "7001",
    privates: tuple[str, ...] = (),
    given: str = "Anna",
    surname: str = "Hansen",
    birth: str = "1940-05-03",
) -> bytes:
    priv = "".join(
        f"<ns2:PrivateDrugMedication><Identifier>{i}</Identifier><Version>1</Version>"
        "</ns2:PrivateDrugMedication>"
        for i in privates
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ns2:GetMedicineCardResponse {NS}>
  <ns2:MedicineCard>
    <ns2:Patient><Person><Name><GivenName>{escape(given)}</GivenName>
      <Surname>{escape(surname)}</Surname></Name>
      <PersonIdentifier source="CPR">{cpr}</PersonIdentifier>
      <BirthDate>{birth}</BirthDate><Gender>female</Gender></Person>
      <Address><StreetName>Demovej</StreetName><StreetBuildingIdentifier>1</StreetBuildingIdentifier>
      <PostCodeIdentifier>8000</PostCodeIdentifier><DistrictName>Aarhus C</DistrictName></Address>
    </ns2:Patient>
    <ns2:Version>{version}</ns2:Version>
    <ns2:Modified>{_author()}<DateTime>2026-11-20T10:00:00Z</DateTime></ns2:Modified>
    {priv}
    {"".join(d.xml() for d in drugs)}
    <ns2:HasOpenDosageDispensingPrescriptions>false</ns2:HasOpenDosageDispensingPrescriptions>
    <ns2:OrderedPrescriptionsExist>false</ns2:OrderedPrescriptionsExist>
  </ns2:MedicineCard>
</ns2:GetMedicineCardResponse>
""".encode()
