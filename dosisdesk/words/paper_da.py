"""The paper face's own Danish words (the printed medicine list and the citizen's log), by key,
with ``{name:spec}`` fields as in the errors' table; ``words.phrase(key, **params)`` reads them
beside the phrases. ``paper_en`` has the same keys. The markup stays in ``reports/``."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # the citizen's log
    "paper.log.title": "Borgerens log · {name}",
    "paper.log.document": "Borgerens log {day:date_numeric}",
    "paper.log.about": (
        "Alle opslag i, udskrifter af og ændringer til borgerens oplysninger i dosisdesk, med "
        "hvem der gjorde det, i hvilken rolle og hvornår (sundhedslovens § 42 a). "
        "Udtrukket {day:long_day}."
    ),
    "paper.log.training": "ØVELSE — øvelsesdatabase, ikke rigtige borgere.",
    "paper.log.empty": "Ingen registrerede adgange.",
    "paper.log.at": "Tidspunkt",
    "paper.log.who": "Hvem",
    "paper.log.role": "Rolle",
    "paper.log.what": "Hvad",
    "paper.log.access_one": "adgang",
    "paper.log.access_many": "adgange",
    "paper.confidential": "Fortroligt",
    "paper.name": "Navn",
    "paper.cpr": "CPR-nummer",
    "paper.cpr_short": "CPR {cpr}",
    # the medicine list
    "paper.medlist.title": "Medicinliste · {name}",
    "paper.medlist.document": "Medicinliste {day:date_numeric}",
    "paper.medlist.valid_on": "Gælder pr. {day:long_day}",
    "paper.medlist.about": (
        "Gælder pr. {day:long_day}. Doser er antal tabletter eller enheder pr. gang. "
        "Listen viser ikke privatmarkerede ordinationer."
    ),
    "paper.medlist.discard_older": "Ældre udgaver kasseres",
    "paper.medlist.no_card": "Borgeren har intet dosisdispenseringskort.",
    "paper.medlist.address": "Adresse",
    "paper.medlist.gp": "Egen læge",
    "paper.medlist.gp_phone": "{name}, tlf. {phone}",
    "paper.medlist.home_care": "Hjemmepleje",
    "paper.medlist.dose_dispensing": "Dosisdispensering",
    "paper.medlist.pharmacy_group": "{pharmacy}, pakkegruppe {group}",
    "paper.medlist.card_of": "Dosisdispenseringskort {number} af {count}: ",
    "paper.medlist.packing_group": "pakkegruppe {group}",
    "paper.medlist.paused": "Dosisdispenseringen er sat i bero{since}.",
    "paper.medlist.paused_since": " siden {at:moment_no_year}",
    "paper.medlist.roll": " (rullen {first:date_no_year} – {last:date_no_year})",
    "paper.medlist.today": "Medicin i dag{period}",
    "paper.medlist.next_roll": "Næste rulle fra {day:day_no_year}",
    "paper.medlist.deadline": "frist for ændringer {at:moment_no_year}",
    "paper.medlist.as_today": "Som i dag.",
    "paper.medlist.bags_changed": "Poser i rullen, der er ændret",
    "paper.medlist.coming": "Kommende ændringer",
    "paper.medlist.no_changes": "Ingen registrerede ændringer.",
    "paper.medlist.no_lines": "Ingen ordinationer.",
    "paper.medlist.paused_lines": "Sat i bero – gives ikke:",
    "paper.medlist.as_needed": "efter behov: {dosage}",
    "paper.medlist.line_paused": "I BERO – gives ikke",
    "paper.medlist.until": "til og med {day:date_no_year}",
    "paper.medlist.new_appearance": "nyt udseende: pakkes som {name}",
    "paper.medlist.discontinued": "seponeres",
    "paper.medlist.product": "Lægemiddel",
    "paper.medlist.strength": "Styrke",
    "paper.medlist.morning": "Morgen",
    "paper.medlist.noon": "Middag",
    "paper.medlist.evening": "Aften",
    "paper.medlist.night": "Nat",
    "paper.medlist.supply": "Forsyning",
    "paper.medlist.start": "Start",
    "paper.medlist.first_day": "Første dag",
    "paper.medlist.change": "Ændring",
    "paper.medlist.dosage": "Dosering",
    "paper.medlist.state": "Status",
}
