"""The Danish sentence of every error code: what a nurse reads, plain and actionable.

``{name}`` is a parameter of the error; ``{name:spec}`` formats it (a label group of
``labels_da``, a date format of ``calendar_da.FORMATS`` or one of :data:`FORMATS` below).
``errors_en`` has the same codes; ``tests/unit/test_words.py`` checks both against the code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dosisdesk.words.labels_da import ACUTE_MISSING, CHANGE_KIND, CHANGE_STATE, ROLE, SLOT


def _where(where: object) -> str:
    return f" ({where})" if where else ""


def _and_list(parts: Iterable[object]) -> str:
    items = [str(p) for p in parts]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def _acute_missing(codes: Iterable[str]) -> str:
    return _and_list(ACUTE_MISSING[c] for c in codes)


def _dose_place(at: object) -> str:
    return SLOT.get(str(at)) or f"kl. {at}"


def _queued_changes(changes: Iterable[tuple[int, str, str, int | None, str]]) -> str:
    """``ændring 7: dosisændring 1+0+1+0, registreret; ...``: the changes a new one meets."""

    def one(change_id: int, kind: str, dosage: str, follow_up_of: int | None, state: str) -> str:
        what = CHANGE_KIND[kind].lower()
        if kind in ("dose_change", "new") and dosage:
            what += f" {dosage}"
        if follow_up_of is not None:
            what += f" (opfølgning af akut ændring {follow_up_of})"
        return f"ændring {change_id}: {what}, {CHANGE_STATE[state].lower()}"

    return "; ".join(one(*c) for c in changes)


def _options(option: str) -> Any:
    def fmt(ids: Iterable[object]) -> str:
        return " ".join(f"{option} {i}" for i in ids)

    return fmt


_SIGNIN_ACCOUNT = {"database": "Databaserollen"}


def _roles(roles: Iterable[str]) -> str:
    return " eller ".join(ROLE[r] for r in roles)


def _quoted_list(names: Iterable[object]) -> str:
    return ", ".join(f"»{n}«" for n in names)


def _signin_account(method: object) -> str:
    return _SIGNIN_ACCOUNT.get(str(method), "Styresystemets konto")


def _lower(value: object) -> str:
    return str(value).lower()


def _ids(ids: Iterable[object]) -> str:
    return ", ".join(str(i) for i in ids)


#: The formats a sentence may name beside the label groups and the calendar's.
FORMATS: dict[str, Any] = {
    "where": _where,
    "and_list": _and_list,
    "missing_list": _acute_missing,
    "lower": _lower,
    "roles": _roles,
    "quoted_list": _quoted_list,
    "signin_account": _signin_account,
    "queued_changes": _queued_changes,
    "replace_options": _options("--replace"),
    "keep_options": _options("--keep-both"),
    "dose_place": _dose_place,
    "ids": _ids,
}

ERRORS: dict[str, str] = {
    # dosisdesk/domain/cpr.py
    "cpr.must_string": "CPR-nummeret mangler.",
    "cpr.empty": "CPR-nummeret mangler. Skriv fx 010203-1234.",
    "cpr.contains_letters": 'CPR-nummeret må kun indeholde tal, men der står "{value}". Skriv fx 010203-1234.',
    "cpr.contains_invalid_characters": 'CPR-nummeret må kun indeholde tal og evt. en bindestreg, men der står "{value}". Skriv fx 010203-1234.',
    "cpr.must_have_10_digits": "CPR-nummeret skal have 10 cifre, men der er {n_compact}. Skriv fx 010203-1234.",
    "cpr.month": "CPR-nummeret er ikke en rigtig dato: måned {mm:02d} findes ikke (de første 6 cifre er DDMMÅÅ).",
    "cpr.birth_date_future": "CPR-nummeret giver fødselsdatoen {born.day}. {born.month:month} {born.year}, som ligger i fremtiden. Tjek cifrene.",
    "cpr.before_birth_date": "Datoen {day.day}.{day.month}.{day.year} ligger før borgerens fødselsdato.",
    "cpr.file_name_looks_like": "Filnavnet »{shown}« indeholder noget, der ligner et CPR-nummer (fx DDMMÅÅ-XXXX eller 10 cifre i træk). Af hensyn til databeskyttelsen må et filnavn aldrig indeholde et CPR-nummer. Vælg et andet navn, fx »{example}«.",
    "cpr.no_day_zero": "CPR-nummeret er ikke en rigtig dato: dag 00 i {mm:month} findes ikke.",
    "cpr.no_such_day": "CPR-nummeret er ikke en rigtig dato: {dd}. {mm:month} {year} findes ikke.",
    # dosisdesk/domain/calendar.py
    "calendar.not_iso_8601_time": "»{text}« er ikke et gyldigt tidspunkt (ISO-8601, fx 2026-11-22T10:00).",
    # dosisdesk/domain/renewals.py
    "renewals.valid_until_before_issued": "Gyldig til ({valid_until:date}) ligger før udstedelsesdatoen ({issued:date}).",
    "renewals.valid_until_more_than": "En dosisrecept kan højst være gyldig i 2 år: seneste gyldig til-dato er {latest:date}.",
    "renewals.renewal_request_cannot_go": "En receptanmodning kan ikke gå fra {current:renewal_state} til {target:renewal_state}.",
    "renewals.rejection_needs_reason": "Vælg en afvisningsårsag.",
    "renewals.reason_only_given_rejection_not": "En afvisningsårsag kan kun angives, når anmodningen afvises.",
    # dosisdesk/domain/doubles.py
    "doubles.acknowledgement_needs_reason": "Skriv en begrundelse for, at dobbeltordinationen er tilsigtet.",
    # dosisdesk/domain/queue.py
    "queue.no_period_deadline_ahead": "Der er ingen kommende dispenseringsperiode med frist efter nu. Pakkegruppens perioder skal dannes længere frem.",
    "queue.change_cannot_move_from": "Ændringen kan ikke gå fra »{current:change_state}« til »{target:change_state}«.",
    "queue.cannot_undo_confirmation_after": "Bekræftelsen kan ikke fortrydes: fristen er passeret, og apoteket pakker rullen.",
    "queue.cannot_undo_cancellation_change": "Annulleringen kan ikke fortrydes: ændringen er nu »{state:change_state}«.",
    "queue.only_cancelled_planned_change": "Annulleringen kan ikke fortrydes: kun en planlagt ændring, der var registreret eller bekræftet, kan komme tilbage. Registrér ændringen igen.",
    "queue.cannot_undo_cancellation_after": "Annulleringen kan ikke fortrydes: fristen er passeret. Registrér ændringen igen.",
    "queue.first_day_past": "Første dag {wanted_from:day} ligger i fortiden. En ændring kan tidligst gælde fra i dag; er den akut, så registrér den som akut.",
    "queue.no_bags_named_handling": "Vælg de poser, håndteringen gælder (dato og tidspunkt).",
    "queue.tablets_can_only_taken": "Tabletter må kun tages ud af posen, når alle tabletter kan identificeres. Ellers skal posen kasseres.",
    "queue.cannot_undo_confirmation_change": "Bekræftelsen kan ikke fortrydes: ændringen er nu »{state:change_state}«.",
    "queue.bag_outside_roll_home": "Posen {b.day:day} ({slot}) ligger uden for den rulle, borgeren har ({first_allowed:day} – {last_allowed:day}).",
    # dosisdesk/domain/invariants.py
    "invariants.day_out_range": "Datoen {day}{where:where} ligger uden for det mulige ({earliest_day.year}-{latest_day.year}).",
    "invariants.year_out_range": "Året {year}{where:where} ligger uden for det mulige ({earliest_day.year}-{latest_day.year}).",
    "invariants.integer_out_range": "{value2}{where:where} er ikke et tal fra 0 til {max_int}.",
    "invariants.absurd_amount": "{amount2}{where:where} er for meget til én indtagelse (højst {max_units_per_intake}).",
    "invariants.text_too_long_characters": "Teksten{where:where} er for lang ({n_text} tegn; højst {limit}).",
    "invariants.control_character_text": "Teksten{where:where} indeholder et styretegn ({bad}).",
    "invariants.empty_name": "Navnet{where:where} er tomt.",
    "invariants.received_after_registered": "Ændringen{where:where} er modtaget efter, at den blev registreret.",
    "invariants.change_without_history": "Ændringen{where:where} har ingen historik (ingen overgange).",
    "invariants.state_not_last_transition_s": "Ændringens tilstand »{state}«{where:where} er ikke den sidste overgangs (»{prev_to}«).",
    "invariants.renewal_decided_before_was": "Receptfornyelsen{where:where} er afgjort, før den blev sendt.",
    "invariants.line_without_versions": "Linjen{where:where} har ingen versioner (intet indhold).",
    "invariants.broken_transition_chain": "Ændringens historik{where:where} hænger ikke sammen: overgang {i} starter i »{old}«, men den forrige endte i »{prev_to}«.",
    "invariants.transitions_out_time_order": "Ændringens historik{where:where} går tilbage i tid (overgang {i}).",
    # dosisdesk/domain/pause.py
    "pause.no_known_period_deadline": "Der er ingen kendt dispenseringsperiode med tidsfrist efter genoptagelsen. Dan perioder længere frem, og prøv igen.",
    # dosisdesk/domain/periods.py
    "periods.start_weekday_must_0": "Pakkeplanens startugedag skal være mandag til søndag.",
    "periods.length_days_must_least": "Pakkeplanens periodelængde skal være mindst 1 dag.",
    "periods.deadline_days_before_must": "Tidsfristen skal ligge mindst 1 dag før periodens første dag.",
    "periods.delivery_days_before_must_not": "Den forventede levering kan ikke ligge efter periodens første dag.",
    "periods.anchor_weekday_schedule_starts": "Ankerdatoen {anchor:date} er en {anchor:weekday}, men perioderne starter på en {start_weekday:weekday}.",
    "periods.start_from_after_until": "Startdatoen {start_from:date} ligger efter slutdatoen {until:date}.",
    "periods.stretched_period_starting_length": "Perioden fra {first_day:date} kan ikke vare {length} dage; en ændret periode skal vare {min_stretch_days} til {max_stretch_days} dage.",
    "periods.stretched_period_starting_no": 'Perioden fra {first_day:date} har en ændret længde og skal have en note, fx "Forlænget over julen".',
    "periods.stretch_date_not_first_day": "{key:date} er ikke første dag i en periode, så perioden kan ikke ændres derfra. Vælg en periodes første dag.",
    "periods.period_ends_before_starts": "Perioden {first_day:date}-{last_day:date} slutter før den starter.",
    "periods.overlap": "Perioderne {first_day:date} – {last_day:date} og {first_day2:date} – {last_day2:date} overlapper hinanden. Et kort kan kun have én periode ad gangen.",
    # dosisdesk/domain/correspondence.py
    "correspondence.signature_needs_name_role": "Underskriften skal have navn og rolle.",
    "correspondence.bad_signature_phone": "Underskriften skal have et telefonnummer (cifre, evt. med + foran).",
    "correspondence.no_sor_code": "{who_} mangler en SOR-kode (kan sættes af administratoren).",
    "correspondence.no_ean_number": "{who_} mangler et EAN-lokationsnummer på 13 cifre (kan sættes af administratoren).",
    "correspondence.unknown_category": "»{category}« er ikke en kategori på MedComs liste.",
    "correspondence.topic_required_other": "Kategorien Andet kræver et emne.",
    "correspondence.topic_too_long": "Emnet må højst være {max_topic} tegn.",
    "correspondence.priority_only_regarding_referral": "Prioritet (hurtigst muligt) er kun tilladt i kategorien Vedr. henvisning.",
    "correspondence.empty_text": "Beskeden er tom.",
    "correspondence.text_too_long": "Beskeden må højst være {max_text} tegn.",
    "queue.no_period_from": "Der er ikke lagt perioder frem til {wanted_from:day}. Vælg en tidligere første dag, eller registrér ændringen senere.",
    "queue.no_period_from_last": "Der er ikke lagt perioder frem til {wanted_from:day} (den sidste starter {last:day}). Vælg en tidligere første dag, eller registrér ændringen senere.",
    "queue.acute_lacks": "En akut ændring kræver {missing:missing_list}.",
    # dosisdesk/domain/dosage.py
    "dosage.not_a_number": 'Doseringen kan ikke læses: "{shown}" ({where:dose_place}) er ikke et tal. Skriv fx 1+0+1+0.',
    "dosage.negative_amount": 'Doseringen kan ikke læses: "{raw}" ({where:dose_place}) er negativ; en dosis kan ikke være under 0. Skriv fx 1+0+1+0.',
    "dosage.decimal_fraction_glyph_together": 'Doseringen kan ikke læses: "{raw}" ({where:dose_place}) blander decimaltal og brøk. Skriv fx 1,5 eller 1½.',
    "dosage.amount_without_integer_part": 'Doseringen kan ikke læses: "{raw}" ({where:dose_place}) mangler et tal før kommaet. Skriv fx 0,5.',
    "dosage.more_than_2_decimals": 'Doseringen kan ikke læses: "{raw}" ({where:dose_place}) har mere end 2 decimaler. Skriv fx 1+0+1+0.',
    "dosage.absurd_amount": 'Doseringen kan ikke læses: "{raw}" ({where:dose_place}) er for meget til én indtagelse (højst {max_units_per_intake}). Skriv fx 1+0+1+0.',
    "dosage.invalid_clock_time": 'Doseringen kan ikke læses: klokkeslættet "{text}" findes ikke (brug 00:00 til 23:59). Skriv fx 1+0+1+0 14:00=1.',
    "dosage.empty": "Doseringen kan ikke læses: der står ingenting. Skriv fx 1+0+1+0.",
    "dosage.no_amounts_after_weekdays": "Doseringen kan ikke læses: der mangler doser efter ugedagene. Skriv fx man,ons,fre: 1+0+0+0.",
    "dosage.all_amounts_are_zero": "Doseringen kan ikke læses: alle doser er 0. Skal medicinen seponeres, så registrér en seponering. Skriv fx 1+0+1+0.",
    "dosage.empty_weekday": 'Doseringen kan ikke læses: ugedagene "{value}" har en tom plads mellem kommaerne. Skriv fx man,ons,fre: 1+0+0+0.',
    "dosage.unknown_weekday": 'Doseringen kan ikke læses: "{value}" er ikke en ugedag (brug man, tir, ons, tor, fre, lør, søn). Skriv fx man,ons,fre: 1+0+0+0.',
    "dosage.clock_time_given_twice": "Doseringen kan ikke læses: klokkeslættet {at} står der to gange. Skriv fx 1+0+1+0 14:00=1.",
    "dosage.clock_entry_without_amount": 'Doseringen kan ikke læses: "{token}" mangler en dosis efter et lighedstegn. Skriv fx 1+0+1+0 14:00=1.',
    "dosage.unexpected_text": 'Doseringen kan ikke læses: "{token}" hører ikke til en dosering. Skriv fx 1+0+1+0 14:00=1.',
    "dosage.second_slot_part": 'Doseringen kan ikke læses: der er to sæt morgen+middag+aften+nat ("{token}"). Skriv fx 1+0+1+0.',
    "dosage.expected_4_slots_got": 'Doseringen kan ikke læses: der skal være 4 tal (morgen+middag+aften+nat), men "{token}" har {n_parts}. Skriv fx 1+0+1+0.',
    # dosisdesk/domain/conflicts.py
    "conflicts.queued": "Linjen har allerede en ændring i kø til rullen fra {first:day_no_year} ({changes:queued_changes}). Vælg: erstat den (den annulleres) eller behold begge (den nye kommer efter); på kommandolinjen {ids:replace_options} eller {ids:keep_options}.",
    "conflicts.stale_choice": "Køen er ændret, siden du valgte. Linjen har allerede en ændring i kø til rullen fra {first:day_no_year} ({changes:queued_changes}). Vælg: erstat den (den annulleres) eller behold begge (den nye kommer efter); på kommandolinjen {ids:replace_options} eller {ids:keep_options}.",
    # dosisdesk/storage/repo.py
    "storage.repo.packing_group": "Pakkegruppen findes ikke.",
    "storage.repo.bad_bag_list": "Poselisten kan ikke læses.",
    # dosisdesk/storage/errors.py
    "storage.errors.database_busy": "Databasen er optaget, prøv igen om lidt. Intet er ændret.",
    "storage.errors.conflicting_unit_work": "Databasen er optaget af andre, der ændrer det samme lige nu; prøv igen. Intet er ændret.",
    "storage.errors.database_unreachable": "Forbindelsen til databasen mangler. Kontrollér netværket og prøv igen; intet er gemt halvt. ({detail})",
    "storage.errors.database_schema_does_not_match": "Databasen har ikke den forventede opbygning (en ældre eller fremmed database). Kontakt IT.",
    # dosisdesk/storage/migrate.py
    "storage.migrate.database_schema_unknown_this": "Databasen er opgraderet til en nyere version af dosisdesk end denne. Opdater programmet på denne maskine; der er ikke ændret noget i databasen.",
    "storage.migrate.database_no_dosisdesk_schema": "Databasen er tom eller ikke en dosisdesk-database. En administrator skal køre 'dosisdesk db upgrade' først.",
    "storage.migrate.database_schema_older_than": "Databasen har en ældre opbygning end dette program. En administrator skal køre 'dosisdesk db upgrade'.",
    "storage.migrate.foreign_key_check_failed": "Databasen er ikke konsistent efter opgraderingen. Kontakt IT, og brug sikkerhedskopien.",
    # dosisdesk/storage/db.py
    "storage.db.no_database": "Der er ingen database i {file}. Kontrollér stien (--db); en ny database oprettes kun med 'dosisdesk db init' (en øvelsesdatabase med 'dosisdesk db init --training').",
    "storage.db.cannot_open_database": "Databasen kan ikke åbnes. Kontrollér adressen, at serveren kører, og at du har adgang. ({detail})",
    "storage.db.folder": "{file} er en mappe, ikke en database. Angiv databasefilen (--db).",
    "storage.db.not_regular_file": "{file} er ikke en almindelig fil og kan ikke være en database.",
    "storage.db.cannot_read": "Indstillingsfilen {file} kan ikke læses. Kontakt IT.",
    "storage.db.not_database_url": "»{url}« er ikke en gyldig database-adresse. Brug fx postgresql://bruger@server/dosisdesk eller en sti til en SQLite-fil.",
    "storage.db.cannot_reach": "Databasen {file} kan ikke nås ({reason}).",
    "storage.db.unsupported_database_url": "dosisdesk bruger SQLite (en fil) eller PostgreSQL (postgresql://bruger@server/database); denne adresse understøttes ikke.",
    "storage.db.exists_already": "Der findes allerede en fil i {file}; den er ikke ændret. Vælg en anden sti.",
    "storage.db.not_usable_database": "Filen er ikke en dosisdesk-database, eller den er beskadiget. Vælg en anden fil, eller læg sikkerhedskopien tilbage. ({detail})",
    "storage.db.cannot_create": "Databasen kan ikke oprettes i {file} ({reason}).",
    "storage.db.database_dosisdesk_schema_already": "Der findes allerede en dosisdesk-database på denne adresse; den er ikke ændret.",
    # dosisdesk/services/access.py
    "services.access.no_citizen_cpr": "Der findes ingen borger med CPR-nummer {number2} i databasen.",
    "services.access.citizen_no_dose_card": "{first_name} {last_name} har intet dosisdispenseringskort.",
    "services.access.unknown_team": "Teamet »{name}« findes ikke.",
    # dosisdesk/services/admin.py
    "services.admin.bad_username": "Brugernavnet skal være 2-64 tegn: små bogstaver a-z, tal, punktum, bindestreg eller understregning.",
    "services.admin.full_name_required": "Angiv brugerens fulde navn.",
    "services.admin.team_name_required": "Angiv teamets navn.",
    "services.admin.unknown_role": "Rollen skal være nurse, coordinator eller administrator.",
    "services.admin.user_exists": "Brugeren »{name}« findes allerede.",
    "services.admin.nurse_needs_team": "En sygeplejerske skal høre til et team (--team).",
    "services.admin.unknown_user": "Brugeren »{username}« findes ikke.",
    "services.admin.cannot_deactivate_yourself": "Du kan ikke deaktivere dig selv.",
    "services.admin.team_exists": "Teamet »{clean}« findes allerede.",
    # dosisdesk/services/audit.py
    "services.audit.key_too_short": "Nøglen til revisionsloggen ({file}) er for kort (mindst 32 tegn). Kontakt IT.",
    "services.audit.cannot_read_key": "Nøglen til revisionsloggen ({file}) kan ikke læses. Kontakt IT; der er ikke gemt noget.",
    "services.audit.exists": "Filen {file} findes allerede; den overskrives ikke.",
    "services.audit.cannot_write": "Nøglen kan ikke skrives til {file}: {strerror}.",
    "services.audit.cannot_read": "Kontrolpunkterne ({file}) kan ikke læses: {strerror}.",
    "services.audit.cannot_write_checkpoint": "Kontrolpunktet kan ikke skrives til {file}: {strerror}. Kontakt IT.",
    # dosisdesk/services/backup.py
    "services.backup.exists": "Filen {file} findes allerede; en sikkerhedskopi overskriver ikke.",
    "services.backup.no_folder": "Mappen {parent} findes ikke.",
    "services.backup.not_file_database": "Databasen er ikke en fil.",
    "services.backup.not_found": "Programmet {name} (fra PostgreSQL) er ikke installeret på denne maskine. IT kan installere PostgreSQL-klienten, eller tage sikkerhedskopien på serveren med {name}.",
    "services.backup.no_file": "Sikkerhedskopien {src} findes ikke.",
    "services.backup.exists_2": "Der ligger allerede en database i {dest}. Der lægges kun tilbage i en tom database (vælg en ny fil med --db).",
    "services.backup.target_not_empty": "Databasen er ikke tom. Der lægges kun tilbage i en tom database.",
    "services.backup.pg_restore_failed": "pg_restore kunne ikke lægge kopien tilbage: {value2}",
    "services.backup.pg_dump_failed": "pg_dump kunne ikke tage sikkerhedskopien: {value2}",
    "services.backup.damaged": "Sikkerhedskopien er beskadiget.",
    "services.backup.not_sqlite": "Filen er ikke en sikkerhedskopi af en dosisdesk-database.",
    # dosisdesk/services/catalogue.py
    "services.catalogue.unknown_drug": "Lægemidlet »{ref}« findes ikke i kataloget. Søg på handelsnavn, stof eller ATC-kode.",
    # dosisdesk/services/changes.py
    "services.changes.concurrent_update": "En anden bruger gemte samtidig. Der er ikke gemt noget; genindlæs og prøv igen.",
    "services.changes.line_no_content_that": "Linjen findes ikke på kortet på den dato, ændringen gælder fra.",
    "services.changes.line_discontinued": "Linjen er seponeret og kan ikke ændres.",
    "services.changes.dosage_required": "Angiv doseringen, fx 1+0+1+0.",
    "services.changes.cannot_dose_dispensed": "{trade_name} kan ikke dosisdispenseres. Vælg almindelig pakning ved siden af rullen eller efter behov.",
    "services.changes.received_future": "Tidspunktet for modtagelse ligger i fremtiden.",
    "services.changes.change": "Ændring {change_id} findes ikke.",
    "services.changes.change_was_changed_someone": "Ændring {change_id} er ændret af {who_}, siden du åbnede den: den er nu »{state2:change_state}«. Der er ikke gemt noget; genindlæs og prøv igen.",
    "services.changes.cancellation_needs_reason": "Angiv en begrundelse for annulleringen.",
    "services.changes.new_ordination_no_existing": "En ny ordination kan ikke angive en eksisterende linje.",
    "services.changes.new_ordination_needs_drug": "Vælg lægemidlet.",
    "services.changes.new_dosage_equals_current": "Den nye dosering ({new}) er den samme som den nuværende.",
    "services.changes.dosage_kept_text_cannot": "Doseringen kan ikke dosisdispenseres som angivet (den er kun tekst); linjen skal stå ved siden af rullen, indtil lægen har angivet en struktureret dosering.",
    "services.changes.prescription_expired": "Dosisreceptens gyldighed ({prescription_valid_until:day}) er udløbet; en ændring kræver en gyldig recept.",
    "services.changes.line_not_this_citizen_s": "Linje {line_id} findes ikke på borgerens kort.",
    "services.changes.change_needs_line": "Vælg den linje på kortet, ændringen gælder.",
    "services.changes.acute_change_no_first": "En akut ændring gælder fra i dag og kan ikke have en senere første dag.",
    "services.changes.handling": "Posen {bag.day:day} ligger for langt fra i dag; en akut håndtering gælder poser fra {days} dage før til {days2} dage efter i dag.",
    "services.changes.acute_change_effect_cannot": "En akut ændring, der er trådt i kraft, kan ikke annulleres. Registrér en ny ændring, der retter den.",
    "services.changes.switching_supply_needs_different": "Vælg en anden forsyning end den nuværende.",
    "services.changes.roll_line_needs_dosage": "En linje i rullen skal have en fast dosering, fx 1+0+1+0.",
    "services.changes.only_active_line_can": "Kun en aktiv linje kan sættes i bero.",
    "services.changes.only_paused_line_can": "Kun en linje i bero kan genoptages.",
    # dosisdesk/services/contacts.py
    "services.contacts.bad_phone_number": "Afdelingens telefonnummer skal have mindst 8 cifre.",
    "services.contacts.contact_starts_future": "Kontakten kan ikke starte i fremtiden.",
    "services.contacts.contact_ends_future": "Sluttidspunktet ligger i fremtiden.",
    "services.contacts.ends_before_starts": "Sluttidspunktet ligger før starttidspunktet.",
    "services.contacts.contact": "Kontakt {contact_id} findes ikke.",
    "services.contacts.contact_changed_meanwhile": "Kontakten er ændret af en anden, siden du åbnede den. Der er ikke gemt noget; genindlæs og prøv igen.",
    "services.contacts.discharge_future": "Udskrivelsen kan ikke ligge i fremtiden.",
    "services.contacts.reason_required": "Angiv hvorfor dosisdispenseringen sættes i bero.",
    "services.contacts.pause_future": "Pausen kan ikke begynde i fremtiden.",
    "services.contacts.resume_future": "Genoptagelsen kan ikke ligge i fremtiden.",
    "services.contacts.not_discharged": "Borgeren er ikke udskrevet endnu.",
    "services.contacts.already_paused": "Dosisdispenseringen er allerede sat i bero.",
    "services.contacts.not_paused": "Dosisdispenseringen er ikke sat i bero.",
    "services.contacts.resume_before_pause": "Genoptagelsen ligger før pausen.",
    "services.contacts.discharge_before_admission": "Udskrivelsen ligger før indlæggelsen.",
    # dosisdesk/services/context.py
    "services.context.unknown_user": "Brugeren »{username}« findes ikke eller er ikke aktiv.",
    # dosisdesk/services/correspondence.py
    "services.correspondence.concerns_private_marked_line": "Beskeden vedrører en privatmarkeret ordination og kan ikke sendes.",
    "services.correspondence.unknown_settings": "Ukendt indstilling.",
    "services.correspondence.line": "Linje {line_id} findes ikke.",
    "services.correspondence.unknown_context": "Ukendt anledning.",
    "services.correspondence.bad_id": "»{text}« er ikke et gyldigt id.",
    "services.correspondence.bad_flag": "»{text}« er ikke en flag-reference (A-B).",
    "services.correspondence.unknown_team": "Teamet »{team}« findes ikke.",
    "services.correspondence.contact": "Kontakt {contact_id} findes ikke.",
    "services.correspondence.no_folder": "Mappen »{folder}« findes ikke.",
    "services.correspondence.renewal": "Fornyelsen findes ikke hos borgeren.",
    "services.correspondence.change": "Ændringen findes ikke hos borgeren.",
    "services.correspondence.supply_failure": "Leveringssvigtet findes ikke.",
    "services.correspondence.contact_2": "Kontakten findes ikke hos borgeren.",
    # dosisdesk/services/exchange.py
    "services.exchange.no_outbox": "Der er ikke sat en udbakke-mappe op (administratoren sætter den).",
    "services.exchange.unknown_recipient": "»{to}« er ikke en modtager for borgeren (gp eller contact:ID).",
    "services.exchange.cannot_place_message_outbox": "Beskeden kunne ikke lægges i udbakken »{outbox}«: {value}. Den står som fejlet på borgeren.",
    "services.exchange.duplicate": "Beskeden er allerede modtaget.",
    "services.exchange.unknown_citizen": "Borgeren {cpr} findes ikke.",
    "services.exchange.message": "Besked {reply_to} findes ikke hos borgeren.",
    "services.exchange.cannot_write_outbox": "Beskeden kunne ikke lægges i udbakken »{outbox}«: {value}. Intet er sendt.",
    "services.exchange.reply_about_another_citizen": "Svaret handler om en anden borger end beskeden.",
    "services.exchange.reply_unknown_message": "Svaret henviser til en besked, vi ikke kender ({preceding_header_id}).",
    # dosisdesk/services/figures.py
    "services.figures.unknown_setting": "Indstillingen »{key}« findes ikke.",
    "services.figures.must_positive_number_got": "Angiv {key2} som et positivt helt tal.",
    # dosisdesk/services/flags.py
    "services.flags.reason_required": "Skriv en begrundelse.",
    "services.flags.end_date_past": "Slutdatoen ligger før i dag.",
    "services.flags.line": "Linje {a} findes ikke.",
    "services.flags.no_such_flag_now": "Der er ikke længere en dobbeltordination mellem de to linjer. Genindlæs listen.",
    # dosisdesk/services/fmk.py
    "services.fmk.card_another_citizen": "FMK-kortet er for CPR-nummer {cpr}, ikke for den valgte borger. Der er ikke ændret noget.",
    "services.fmk.no_proposal": "Der findes intet FMK-forslag nr. {proposal_id}.",
    "services.fmk.proposal_changed_meanwhile": "FMK-forslag {proposal_id} er ændret af en anden, siden du åbnede det: det er nu »{state:fmk_proposal_state}«. Der er ikke gemt noget; genindlæs.",
    "services.fmk.proposal": "FMK-forslag {proposal_id} er allerede »{state:fmk_proposal_state}«.",
    "services.fmk.rejection_needs_reason": "Angiv hvorfor forslaget fra FMK afvises.",
    "services.fmk.proposal_was_decided_meanwhile": "FMK-forslag {proposal_id} er afgjort af en anden imens. Der er ikke gemt noget.",
    "services.fmk.citizen_exists_already": "Borgeren findes allerede i dosisdesk.",
    # dosisdesk/services/glass.py
    "services.glass.reason_required": "Skriv hvorfor du skal se borgeren (mindst {min_reason} tegn), fx »Dækker for Team Syd i aftenvagten«. Grunden logges og ses af medicinkoordinatoren.",
    "services.glass.only_nurses_need": "Du ser allerede alle borgere; nødadgang er kun for sygeplejersker.",
    "services.glass.no_such_citizen": "Der findes ingen borger med det CPR-nummer.",
    "services.glass.own_team": "Borgeren hører allerede til dit team.",
    "services.glass.grant": "Nødadgang {grant_id} findes ikke.",
    # dosisdesk/services/handlings.py
    "services.handlings.acute_change": "Der findes ingen akut ændring med nummer {change_id}.",
    "services.handlings.change_cancelled": "Ændring {change_id} er annulleret.",
    "services.handlings.step_was_signed_someone": "En anden har netop kvitteret for en af poserne. Der er ikke gemt noget; genindlæs og prøv igen.",
    "services.handlings.change_no_open_handling": "Ændring {change_id} har ingen håndtering, der mangler at blive udført.",
    "services.handlings.bag_not_named_change": "Posen {b.day:day} {slot2} er ikke nævnt i håndteringen af ændring {change_id}.",
    "services.handlings.bag_already_done": "Posen {b.day:day} {slot2} er allerede udført af {value} {done_at:moment}.",
    # dosisdesk/services/handover.py
    "services.handover.unknown_team": "Teamet »{name}« findes ikke.",
    "services.handover.unknown_shift": "Ukendt vagt »{text}«. Brug day (07–15), evening (15–23) eller night (23–07).",
    "services.handover.may_not_print_another_team": "Du kan kun udskrive overlevering for dit eget team (borgere i din aktuelle pleje).",
    # dosisdesk/services/periods.py
    "services.periods.stretched_period_needs_note": "Skriv en note om, hvorfor perioden er forlænget (fx jul).",
    "services.periods.no_period_starts": "Ingen periode i pakkegruppen starter {first_day:day}.",
    "services.periods.period_s_deadline_passed": "Periodens frist er passeret; apoteket er begyndt at pakke den. Kun en periode med frist frem i tiden kan forlænges.",
    "services.periods.later_stretch_exists": "Der er allerede en forlænget periode fra denne dag eller senere.",
    # dosisdesk/services/renewals.py
    "services.renewals.line": "Linje {line_id} findes ikke.",
    "services.renewals.request_already_open": "Der er allerede sendt en receptanmodning for linjen.",
    "services.renewals.renewal": "Receptanmodning {request_id} findes ikke.",
    "services.renewals.renewal_changed_meanwhile": "Anmodningen er ændret af en anden. Genindlæs.",
    # dosisdesk/services/review.py
    "services.review.task": "Opgave {task_id} findes ikke.",
    "services.review.task_already_done": "Opgaven er allerede løst.",
    # dosisdesk/services/signin.py
    "services.signin.password_too_short": "Adgangskoden skal være mindst {min_password} tegn.",
    "services.signin.password_spaces_ends_control": "Adgangskoden må ikke begynde eller slutte med mellemrum eller indeholde styretegn.",
    "services.signin.sign_method_database_needs": "Indstillingen [signin] method = database kræver en PostgreSQL-database. Kontakt IT.",
    "services.signin.passwords_exist": "Der findes allerede adgangskoder: log ind.",
    "services.signin.unknown_user": "Brugeren »{name}« findes ikke.",
    # dosisdesk/services/supply.py
    "services.supply.ends_before_starts": "Slutdatoen ligger før startdatoen.",
    "services.supply.failure": "Leveringssvigt {failure_id} findes ikke.",
    # dosisdesk/services/undo.py
    "services.undo.line_newer_change": "Annulleringen kan ikke fortrydes: der er registreret en nyere ændring af samme linje (ændring {newer}). Der er ikke gemt noget.",
    "services.undo.line_no_content_return": "Annulleringen kan ikke fortrydes: linjen har intet indhold. Registrér ændringen igen.",
    "services.undo.acknowledgement": "Kvitteringen findes ikke længere; en anden har måske allerede fortrudt den.",
    "services.undo.flag_was_acknowledged_again": "Kvitteringen kan ikke fortrydes: dobbeltordinationen er kvitteret igen siden.",
    # dosisdesk/services/audit.py
    "services.audit.settings": "{message}",
    # dosisdesk/services/contacts.py
    "services.contacts.saved_meanwhile": "En anden gemte samtidig; genindlæs.",
    # dosisdesk/services/signin.py
    "services.signin.sign_failed": "Brugernavnet eller adgangskoden er forkert, eller brugeren er ikke aktiv.",
    "services.signin.account_not_active_dosisdesk_user": "{method:signin_account} »{account}« er ikke knyttet til en aktiv dosisdesk-bruger. Kontakt IT.",
    "services.signin.user_name_password_required": "Skriv dit brugernavn og din adgangskode.",
    "services.signin.first_administrator_must_set": "Der er endnu ingen adgangskoder i databasen. Vælg administratorens adgangskode først.",
    "services.signin.user_names_another_person": "Du er logget ind som »{account}« og kan kun handle som dig selv (--user).",
    "services.signin.settings": "{message}",
    "services.signin.not_active_administrator": "Brugernavnet eller adgangskoden er forkert, eller brugeren er ikke aktiv.",
    "services.signin.wrong_old_password": "Den nuværende adgangskode er forkert.",
    "services.signin.no_training_user": "Brugeren »{name}« findes ikke eller er ikke aktiv i øvelsesdatabasen.",
    "services.signin.system_cannot_sign_in": "»{name}« er programmets egen konto og kan ikke logge ind.",
    "services.access.not_your_team": "Borgeren hører ikke til dit team. Du kan kun se borgere i din aktuelle pleje.",
    "services.access.no_team": "Du hører ikke til noget team, så du kan ikke se borgere. Kontakt en administrator.",
    "services.contacts.hospital_required": "Angiv sygehus og afdeling.",
    "services.contacts.department_required": "Angiv afdelingen.",
    "services.context.role_required": "Det kræver rollen {roles:roles}.",
    "services.fmk.no_team": "Teamet »{team}« findes ikke. Vælg et af: {teams:quoted_list}.",
    "services.fmk.no_packing_group": "Pakkegruppen »{packing_group}« findes ikke. Vælg en af: {names:quoted_list}.",
    "services.periods.no_group_matches": "Ingen pakkegruppe passer til »{ref}». Vælg en af: {names}.",
    "services.periods.groups_match": "Flere pakkegrupper passer til »{ref}«. Vælg en af: {names}.",
    "services.fmk.citizen_not_in_dosisdesk": "{given_name} {surname} ({cpr}) findes ikke i dosisdesk. En medicinkoordinator kan oprette borgeren fra FMK-kortet.",
    # dosisdesk/interop/extract.py
    "interop.extract.file_too_large_bytes": "{where}: filen er for stor ({size} MB; højst {max_file_bytes} MB).",
    "interop.extract.file_not_found": "{where}: filen »{file}« findes ikke.",
    "interop.extract.cannot_read": "{where}: filen »{file}« kan ikke læses: {value}.",
    "interop.extract.not_utf_8_line": "{where}: filen er ikke UTF-8-tekst (linje {line}). Gem den som UTF-8.",
    "interop.extract.not_json": "{where}: filen er ikke gyldig JSON: linje {lineno}, kolonne {colno}: {what_}.",
    "interop.extract.json_2": "{where}: filen er ikke gyldig JSON: {e}.",
    "interop.extract.unknown_line_ref": "{where}: linjen »{ref}« findes ikke på dette kort.",
    "interop.extract.unknown_change_ref": "{where}: ændringen »{ref}« findes ikke på dette kort.",
    "interop.extract.unknown_team": "{where}: teamet »{name}« findes hverken i databasen eller i udtrækkets teams-liste.",
    "interop.extract.unknown_user": "{where}: brugeren »{name}« findes hverken i databasen eller i udtrækkets users-liste.",
    "interop.extract.ankerdatoen_er_en_men": "{where}: ankerdatoen {anchor} er en {value}, men perioderne starter en {start_weekday} (start_weekday {start_weekday2}).",
    "interop.extract.unknown_product": "{where}: lægemidlet »{key}« findes hverken i kataloget eller i udtrækkets products-liste.",
    "interop.extract.missing_dosage": "{where}: doseringen mangler; en linje i rullen eller ved siden af rullen skal have en fast dosering, fx 1+0+1+0.",
    "interop.extract.duplicate_ref": "{where}: {what_} »{ref}« er brugt før (i {seen}); en ref skal være entydig i filen.",
    "interop.extract.duplicate_cpr": "{where}: CPR-nummeret {cpr} står to gange i filen (også i {cprs}).",
    "interop.extract.apoteket_findes_hverken_i": "{where}: apoteket »{pharmacy}« findes hverken i databasen eller i udtrækkets pharmacies-liste.",
    "interop.extract.pakkegruppen_findes_ikke_hos": "{where}: pakkegruppen »{cd}« findes ikke hos apoteket »{pharmacy}«.",
    "interop.extract.teamet_st_r_gange": "{where}: teamet »{name}« står to gange (også i {seen}).",
    "interop.extract.brugeren_st_r_gange": "{where}: brugeren »{name}« står to gange (også i {seen}).",
    "interop.extract.apoteket_st_r_gange": "{where}: apoteket »{name}« står to gange (også i {seen}).",
    "interop.extract.perioden_fra_er_ndret": "{where}: perioden fra {first} er ændret to gange.",
    "interop.extract.packing_plan": "{where}: {message}",
    "interop.extract.produktet_st_r_gange": "{where}: produktet »{key}« står to gange (også i {seen}).",
    "interop.extract.leveringssvigtet_slutter_f_r": "{where}: leveringssvigtet slutter {last}, før det begynder ({first}).",
    "interop.extract.dosage": "{where}: »{text}«: {message}",
    "interop.extract.citizen_already_exists": "{where}: borgeren med CPR-nummer {cpr} findes allerede i databasen. Intet er indlæst (alt eller intet); fjern borgeren fra filen først.",
    "interop.extract.cpr": "{where}: »{raw}« er ikke et gyldigt CPR-nummer: {message}",
    "interop.extract.ended_before_started": "{where}: kontakten slutter, før den begynder.",
    "interop.extract.apoteket_findes_hverken_i_2": "{where}: apoteket »{dispensing}« findes hverken i databasen eller i udtrækkets pharmacies-liste.",
    "interop.extract.kontakten_findes_ikke_hos": "{where}: kontakten »{contact}« findes ikke hos borgeren.",
    "interop.extract.unknown_supply_failure": "{where}: leveringssvigtet »{failure}« findes ikke i udtrækkets supply_failures-liste.",
    "interop.extract.slutdatoen_ligger_f_r": "{where}: slutdatoen {end} ligger før startdatoen {start}.",
    "interop.extract.last_version_end": "{where}: den sidste version af en linje har ingen slutdato (null); en linje, der ophører, får en version med status »discontinued«.",
    "interop.extract.perioden_fra_st_r": "{where}: perioden fra {day} står to gange for linjen.",
    "interop.extract.en_afvist_anmodning_skal": "{where}: en afvist anmodning skal have en afvisningsårsag, og kun en afvist anmodning kan have en.",
    "interop.extract.signed_step_handling_does_not": "{where}: nævner en pose, håndteringen ikke har.",
    "interop.extract.integer_out_range": "{where}: {value} er et urimeligt stort tal (højst {max_int}).",
    "interop.extract.pakkegruppen_st_r_gange": "{where}: pakkegruppen »{g}« står to gange hos apoteket (også i {seen_groups}).",
    "interop.extract.har_atc_koden_i": "{where}: »{key}« har ATC-koden {atc} i kataloget, men {p} i udtrækket. Ret udtrækket eller kataloget.",
    "interop.extract.kortet_har_allerede_en": "{where}: kortet har allerede en pause uden genoptagelse ({open_at}).",
    "interop.extract.genoptagelsen_ligger_f_r": "{where}: genoptagelsen ligger før pausen.",
    "interop.extract.no_period_starts": "{where}: ingen periode i pakkegruppen »{group_names}« begynder {day} (perioderne dannes ud fra pakkegruppens plan).",
    "interop.extract.second_open_change_line": '{where}: linjen har allerede en åben ændring til rullen fra {key} ({file}.changes[{open_on}]). Annullér den ene, eller skriv "conflict_choice": "keep_both" på den senere, hvis begge skal med (den senere kommer efter).',
    "interop.extract.en_ndring_kan_ikke": "{where}: en ændring kan ikke være opfølgning på sig selv.",
    "interop.extract.ndringen_er_ikke_akut": "{where}: ændringen »{ln}« er ikke akut.",
    "interop.extract.versions_overlap": "{where}: versionen begynder {start}, men den forrige version ({prev_path}) {ends}: versioner af samme linje må ikke overlappe.",
    "interop.extract.gap_between_versions": "{where}: der er et hul fra {prev_end} til {start}, hvor linjen intet indhold har; valid_to skal være den næste versions valid_from (en linje, der ophører, får en version med status »discontinued«).",
    "interop.extract.nesting_deeper_than": "{where}: filen er indlejret for dybt (mere end {max_depth} niveauer, linje {line}); et udtræk er aldrig så dybt.",
    "interop.extract.year_out_range": "{where}: »{value}« ligger uden for det mulige ({year}-{year2}).",
    # dosisdesk/interop/fmk/document.py
    "interop.fmk.document.larger_than_mib": "FMK-dokumentet kan ikke læses{where:where}: filen er større end {mb} MB; et medicinkort fra FMK er langt mindre.",
    "interop.fmk.document.carries_dtd": "FMK-dokumentet kan ikke læses{where:where}: dokumentet indeholder en DTD (dokumenttypeerklæring); FMK sender aldrig en, og den afvises af sikkerhedshensyn.",
    "interop.fmk.document.empty": "FMK-dokumentet kan ikke læses{where:where}: filen er tom.",
    "interop.fmk.document.not_utf_8": "FMK-dokumentet kan ikke læses{where:where}: FMK's svar er i UTF-8; denne fil er ikke.",
    "interop.fmk.document.unexpected_root_element": "FMK-dokumentet kan ikke læses{where:where}: rod-elementet er »{localname}« i navnerummet »{value}«; et medicinkort fra FMK er et GetMedicineCardResponse i navnerummet {e2}.",
    "interop.fmk.document.not_valid_against_fmk_s": "FMK-dokumentet kan ikke læses{where:where}: det følger ikke FMK's skema 1.4.6 (linje {line}: {message}).",
    "interop.fmk.document.another_citizen": "FMK-dokumentet kan ikke læses{where:where}: dokumentet er medicinkortet for CPR-nummer {cpr}, ikke for den valgte borger. Der er ikke ændret noget.",
    "interop.fmk.document.another_citizen_2": "FMK-dokumentet kan ikke læses{where:where}: dokumentet er for CPR-nummer {cpr}, ikke for den valgte borger.",
    "interop.fmk.document.not_well_formed_xml_line": "FMK-dokumentet kan ikke læses{where:where}: det er ikke gyldig XML (linje {line}: {msg}).",
    "interop.fmk.document.schema_invalid": "FMK-dokumentet kan ikke læses{where:where}: det følger ikke FMK's skema.",
    "interop.fmk.document.bad_date": "FMK-dokumentet kan ikke læses{where:where}: »{text}« er ikke en dato.",
    "interop.fmk.document.bad_time": "FMK-dokumentet kan ikke læses{where:where}: »{text}« er ikke et tidspunkt.",
    "interop.fmk.document.bad_number": "FMK-dokumentet kan ikke læses{where:where}: »{text}« er ikke et tal.",
    "interop.fmk.document.bad_cpr": "FMK-dokumentet kan ikke læses{where:where}: {message}",
    "interop.fmk.document.several_citizens_one_response": "FMK-dokumentet kan ikke læses{where:where}: svaret indeholder medicinkort for flere borgere.",
    "interop.fmk.document.error": "FMK-dokumentet kan ikke læses{where:where}: {message}",
    # dosisdesk/interop/medcom/profile.py
    "interop.medcom.profile.organization_without_sor_identifier": "{where}: organisationen mangler SOR-kode",
    "interop.medcom.profile.organization_without_ean_identifier": "{where}: organisationen mangler EAN-nummer",
    "interop.medcom.profile.not_bundle": "{where}: filen er ikke en FHIR Bundle",
    "interop.medcom.profile.type_must_message": "{where}: typen skal være message",
    "interop.medcom.profile.timestamp_missing": "{where}: tidsstemplet mangler",
    "interop.medcom.profile.not_carecommunication_message": "{where}: profilen er ikke MedComs CareCommunication-besked",
    "interop.medcom.profile.no_entries": "{where}: beskeden har ingen indhold",
    "interop.medcom.profile.first_entry_not_carecommunication_messageheader": "{where}: første post skal være CareCommunication-MessageHeaderen",
    "interop.medcom.profile.patient_resources_exactly_one": "{where}: beskeden skal have præcis én Patient (har {n_patients})",
    "interop.medcom.profile.no_cpr_identifier": "{where}: patienten mangler et CPR-nummer",
    "interop.medcom.profile.event_must_care_communication": "{where}: hændelsen skal være care-communication-message",
    "interop.medcom.profile.definition_must_messagedefinition_5": "{where}: definition skal pege på MessageDefinition version 5.x",
    "interop.medcom.profile.id_missing": "{where}: id mangler",
    "interop.medcom.profile.exactly_one_primary_destination": "{where}: der skal være præcis én modtager (primary), ingen cc",
    "interop.medcom.profile.destination_use_must_primary": "{where}: modtageren skal være markeret primary",
    "interop.medcom.profile.exactly_one_focus": "{where}: der skal være præcis én focus",
    "interop.medcom.profile.not_carecommunication": "{where}: Communication har ikke CareCommunication-profilen",
    "interop.medcom.profile.status_must_unknown": "{where}: status skal være unknown",
    "interop.medcom.profile.one_identifier_urn_uuid": "{where}: der skal være én identifikator, et urn:uuid version 4",
    "interop.medcom.profile.exactly_one_category_coding": "{where}: der skal være præcis én kategori",
    "interop.medcom.profile.category_not_medcom_s_list": "{where}: kategorien »{code_}« er ikke på MedComs liste",
    "interop.medcom.profile.priority_only_regarding_referral": "{where}: prioritet er kun tilladt med kategorien Vedr. henvisning",
    "interop.medcom.profile.topic_required_category_other": "{where}: kategorien Andet kræver et emne",
    "interop.medcom.profile.encounter_communication_encounter_go": "{where}: Encounter og Communication.encounter skal følges ad",
    "interop.medcom.profile.least_one_text_payload": "{where}: beskeden skal have en tekst",
    "interop.medcom.profile.no_provenance_this_message": "{where}: beskeden mangler Provenance for sin MessageHeader",
    "interop.medcom.profile.activity_must_new_reply": "{where}: aktiviteten skal være new-, reply- eller forward-message",
    "interop.medcom.profile.recorded_missing": "{where}: recorded mangler",
    "interop.medcom.profile.agent_missing": "{where}: agent mangler",
    "interop.medcom.profile.no_payload_entity": "{where}: Provenance nævner ingen afsnit",
    "interop.medcom.profile.reply_names_preceding_message": "{where}: et svar skal pege på den besked det svarer på",
    "interop.medcom.profile.reference_missing": "{where}: referencen mangler",
    "interop.medcom.profile.reference_not_bundle": "{where}: referencen {target} findes ikke i beskeden",
    "interop.medcom.profile.reference_not": "{where}: referencen {target} er ikke en {value}",
    "interop.medcom.profile.provenance_another": "{where}: Provenance har ikke CareCommunication-profilen",
    "interop.medcom.profile.practitioner_without_name": "{where}: behandleren mangler navn",
    "interop.medcom.profile.payload_identifier_without_value": "{where}: afsnittets identifikator mangler værdi",
    "interop.medcom.profile.entry_without_resource": "{where}: posten har ingen ressource",
    "interop.medcom.profile.resource_without_id": "{where}: ressourcen mangler id",
    "interop.medcom.profile.entry_without_fullurl": "{where}: posten mangler fullUrl",
    "interop.medcom.profile.empty_text": "{where}: teksten er tom",
    "interop.medcom.profile.payload_without_text_attachment": "{where}: afsnittet har hverken tekst eller bilag",
    "interop.medcom.profile.extension_missing": "{where}: udvidelsen {names} mangler",
    "interop.medcom.profile.author_contact_must_phone": "{where}: forfatterens kontakt skal være et telefonnummer",
    "interop.medcom.profile.attachment_without_title": "{where}: bilaget mangler titel",
    "interop.medcom.profile.attachment_type_not_allowed": "{where}: bilagstypen er ikke tilladt",
    "interop.medcom.profile.attachment_without_data_url": "{where}: bilaget har hverken indhold eller link",
    "interop.medcom.profile.preceding_message_without_reference": "{where}: den forrige besked mangler reference",
    "interop.medcom.profile.role_must_source_revision": "{where}: rollen skal være source eller revision",
    "interop.medcom.profile.author_role_without_role": "{where}: forfatterens rolle mangler",
    "interop.medcom.profile.payload_entity_without_identifier": "{where}: afsnittet mangler identifikator",
    # dosisdesk/interop/extract.py
    "interop.extract.schema": "{where}: {text}",
    "interop.extract.cannot_write": "Udtrækket kunne ikke skrives til »{file2}«: {value}. Kontrollér, at der er plads på drevet, og at du må skrive i mappen.",
    # dosisdesk/interop/medcom/build.py
    "interop.medcom.build.invalid_fhir": "{place}: ikke gyldig FHIR ({value})",
    # dosisdesk/interop/medcom/read.py
    "interop.medcom.read.file_too_large": "Filen er større end {max_bytes} MB.",
    "interop.medcom.read.not_object": "Filen er ikke en FHIR Bundle.",
    "interop.medcom.read.not_json": "Filen er ikke en læsbar JSON-fil.",
    # dosisdesk/interop/medcom/profile.py
    # dosisdesk/interop/fmk/document.py
    "interop.fmk.document.no_such_file": "Filen »{name}« findes ikke.",
    "interop.fmk.document.cannot_read": "Filen »{name}« kan ikke læses ({strerror}).",
    # dosisdesk/interop/fmk/sources.py
    "interop.fmk.sources.inbox_folder_missing": "FMK-indbakken »{folder}« findes ikke eller er ikke en mappe.",
    "interop.fmk.sources.document_too_large": "FMK-dokumentet kan ikke læses: filen er større end {max_bytes} MB.",
    # dosisdesk/reports/pdf.py
    "reports.pdf.cannot_write_folder": "Der kan ikke skrives i mappen »{folder}«. Vælg en anden mappe.",
    "reports.pdf.device_not_opened": "Udskriften kunne ikke startes: filen kan ikke skrives, eller printeren svarer ikke.",
    "reports.pdf.print_cancelled": "Udskrivningen blev afbrudt. Intet er udskrevet.",
    "reports.pdf.cannot_save": "PDF-filen »{file}« kunne ikke gemmes. Er den åben i et andet program?",
    # dosisdesk/cli/common.py
    "cli.common.not_a_date": "»{text}« er ikke en gyldig dato (ÅÅÅÅ-MM-DD, og datoen skal findes).",
    "cli.common.no_terminal": "Der skal bruges en adgangskode, men der er ingen terminal at skrive den i. Brug --password-stdin og send den på standard-input.",
    "cli.common.system_user": "»system« er programmets egen konto; ingen kan handle som den (--user).",
    "cli.common.no_user_name": "Angiv dit brugernavn med --user.",
    "cli.common.passwords_differ": "De to adgangskoder er ikke ens.",
    "cli.common.now_on_real_database": "--now kan ikke bruges, når noget gemmes i en rigtig database: en ændring gemmes altid på det rigtige tidspunkt. Udelad --now (kun en øvelsesdatabase kan stille uret).",
    # dosisdesk/cli/changes.py, handling.py
    "cli.bad_bag": "Posen »{bag}« skal skrives DATO/tid, fx 2026-11-22/evening.",
    "cli.changes.unknown_handling": "Ukendt håndtering »{kind}«. Brug en af: {known}.",
    "cli.changes.unknown_kind": "Ukendt ændringstype »{kind}«. Brug en af: {known}.",
    "cli.changes.bad_supply": "Forsyning skal være dose_roll, ordinary eller as_needed.",
    "cli.changes.replace_and_keep_both": "Vælg enten --replace eller --keep-both, ikke begge.",
    "cli.changes.no_line_for_drug": "Ingen linje på kortet passer til »{drug}«.",
    "cli.changes.lines_for_drug": "Flere linjer passer til »{drug}«; angiv --line {lines}.",
    "cli.changes.bad_state": "Tilstand skal være en af: {known}.",
    # dosisdesk/cli/citizens.py
    "cli.citizens.bad_period": "--period skal være 'next' eller et tal.",
    "cli.citizens.no_such_period": "Kortet viser ikke periode {n}.",
    # dosisdesk/cli/contact.py
    "cli.contact.not_this_citizens": "Kontakt {id} hører ikke til borgeren {cpr}.",
    "cli.contact.not_the_citizens": "Kontakt {id} hører ikke til borgeren.",
    "cli.contact.not_discharged": "Borgeren er ikke udskrevet endnu.",
    "cli.contact.not_admitted": "Borgeren er ikke indlagt.",
    "cli.contact.was_somatic": "Indlæggelsen blev registreret som somatisk; det angives ved indlæggelsen og ændres ikke ved udskrivelsen. Intet er ændret.",
    "cli.contact.was_psychiatric": "Indlæggelsen blev registreret som psykiatrisk; det angives ved indlæggelsen og ændres ikke ved udskrivelsen. Intet er ændret.",
    # dosisdesk/cli/data.py
    "cli.data.training_with_init_only": "--training hører kun til 'db init': en eksisterende database skifter aldrig art.",
    "cli.data.no_database": "Der er ingen dosisdesk-database på adressen. Opret den med 'dosisdesk db init' (eller 'dosisdesk db init --training' for en øvelsesdatabase).",
    # dosisdesk/cli/flag.py
    "cli.flag.not_a_flag": "»{text}« er ikke en dobbeltordination: skriv de to linjenumre, fx 12-15 (se dosisdesk flags).",
    # dosisdesk/cli/renewal.py
    "cli.renewal.unknown_reason": "Ukendt afvisningsårsag »{text}«; brug en af de ti standardårsager: {reasons}.",
    "cli.renewal.reason_needed": "En afvisning kræver en af de ti standardårsager (--reason): {reasons}.",
    # dosisdesk/cli/review.py
    "cli.review.bad_severity": "Alvor skal være high, review eller info.",
    "cli.review.bad_renewal_state": "Tilstand skal være sent, renewed, rejected eller cancelled.",
    # dosisdesk/cli/fmk.py
    "cli.fmk.not_in_dosisdesk": "{message} Tilføj --create --team TEAM --group PAKKEGRUPPE for at oprette borgeren (medicinkoordinator).",
    "cli.fmk.create_needs_team_and_group": "--create kræver --team og --group (borgerens team og pakkegruppe).",
    "cli.fmk.reason_needed": "Angiv en begrundelse med --reason.",
    # dosisdesk/cli/medcom.py
    "cli.medcom.bad_about": "--about skal være flag:A-B, renewal:ID, change:ID, supply:ID eller contact:ID.",
    "cli.medcom.bad_contact_id": "»{ref}« er ikke et kontakt-id.",
    # dosisdesk/cli/security.py
    "cli.security.roles_need_postgresql": "Roller og rækkesikkerhed findes kun i PostgreSQL; en SQLite-fil beskyttes af styresystemets filrettigheder.",
    "cli.security.bad_prefix": "Præfikset skal være små bogstaver, tal og _.",
    # -- end of table --
}
