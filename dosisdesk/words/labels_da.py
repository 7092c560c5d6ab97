"""The Danish names of the domain's values, one dict per group keyed by the value's code (an
enum's value; an int enum's lower-case name). ``words.label(group, value)`` and
``words.Labels(group)`` read them; ``labels_en`` has the same groups and keys."""

from __future__ import annotations

#: A change's state (R2).
CHANGE_STATE = {
    "registered": "Registreret",
    "confirmed": "Bekræftet",
    "locked": "Låst",
    "in_effect": "I kraft",
    "cancelled": "Annulleret",
}

#: What a change does to a line.
CHANGE_KIND = {
    "new": "Ny ordination",
    "dose_change": "Dosisændring",
    "discontinue": "Seponering",
    "switch_supply": "Skift af forsyning",
    "pause_line": "Sæt i bero",
    "resume_line": "Genoptag",
}

#: The acute handlings (R3).
HANDLING_KIND = {
    "remove_tablets": "Tabletter udtages af navngivne poser",
    "discard_bags": "Poser kasseres, medicin gives fra almindelig pakning",
    "ask_pharmacy": "Apoteket bedes om erstatnings- eller ekstrarulle",
    "pause_card": "Dosisdispensering sættes i bero",
}

#: What happens to a bag in the home (screen, paper and CLI; the GUI has its own copy via tr()).
BAG_ACTION = {
    "remove": "tages ud",
    "discard": "kasseres — giv fra alm. pakning",
    "unchanged": "uændret",
    "unhandled": "ikke håndteret — tag stilling",
}

#: What the pharmacy does from the follow-up's roll, per kind of change.
FOLLOW_UP = {
    "discontinue": "Apoteket stopper pakningen fra rullen",
    "dose_change": "Apoteket pakker den nye dosis fra rullen",
    "pause_line": "Apoteket holder pakningen i bero fra rullen",
    "resume_line": "Apoteket genoptager pakningen fra rullen",
    "new": "Apoteket pakker lægemidlet fra rullen",
    "switch_supply": "Apoteket ændrer pakningen fra rullen",
}

#: The acute change named as a noun ("opfølgning af akut seponering").
ACUTE_NOUN = {
    "discontinue": "akut seponering",
    "dose_change": "akut dosisændring",
    "pause_line": "akut pause",
    "resume_line": "akut genoptagelse",
    "new": "akut ny ordination",
    "switch_supply": "akut skift af forsyning",
}

#: What an acute change lacks (``change.acute_lacks``).
ACUTE_MISSING = {
    "reason": "begrundelse",
    "doctor": "den besluttende læge",
    "handling": "mindst én håndtering",
}

#: The section headings of the handover sheet (``domain.triage.Urgency``).
TRIAGE_SECTION = {
    "handlings": "Håndteringer i vagten",
    "acute": "Akutte ændringer",
    "window_closing": "72-timers ansvar udløber i vagten",
    "hospital": "Indlæggelser, udskrivelser og pauser",
    "bags_changing": "Poserne skifter",
    "expired": "Dosisrecept udløbet – apoteket kan ikke pakke",
    "follow_up": "Opfølgning i dagtiden",
    "short_list": "Kort liste: fornyelser om 8–28 dage, til orientering",
}

#: Why an FMK dosage is not mapped to the dose notation (``domain.fmk.NotMapped``).
NOT_MAPPED = {
    "free_text": "FMK angiver doseringen som fritekst",
    "local_schema": "FMK henviser til doseringsskema i lokalt system",
    "combined": "fast dosering og efter behov på samme ordination",
    "several_structures": "flere doseringsperioder efter hinanden",
    "no_structure": "FMK angiver ingen dosering",
    "not_iterated": "doseringen gentages ikke",
    "interval": "doseringen gentages ikke dagligt eller ugentligt",
    "any_day": "dosering på en vilkårlig dag",
    "days_differ": "forskellige doser på ugens dage",
    "no_time": "en dosis uden tidspunkt (morgen, middag, aften, nat eller klokkeslæt)",
    "time_twice": "samme tidspunkt to gange samme dag",
    "seconds": "klokkeslæt med sekunder",
    "range": "en dosis angivet som mindst–højst",
    "quantity": "en mængde, der ikke er et positivt tal med højst 2 decimaler",
    "ends_early": "doseringen slutter før behandlingen",
}

#: The ten standard rejection reasons of a renewal request (R7).
REJECTION_REASON = {
    "treatment_ended": "Behandlingen er ophørt",
    "needs_consultation": "Fornyelse kræver konsultation",
    "contact_own_doctor": "Kontakt egen læge, hvis der ønskes recept",
    "renew_at_checkup_place": "Forny hos det sted, hvor borgeren går til kontrol",
    "renew_with_last_prescriber": "Forny hos den læge, der sidst ordinerede",
    "request_withdrawn": "Anmodningen er trukket tilbage (af borgeren eller hjemmesygeplejen)",
    "valid_prescription_exists": "Ikke fornyet, der findes en gyldig recept",
    "too_early": "For tidligt at udstede en ny recept",
    "supplied_by_hospital": "Medicinen udleveres af sygehuset",
    "over_the_counter": "Medicinen kan købes i håndkøb",
}

#: A renewal request's state, in a sentence (lower case).
RENEWAL_STATE = {
    "sent": "sendt",
    "renewed": "fornyet",
    "rejected": "afvist",
    "cancelled": "annulleret",
}

#: How urgent a renewal is, as a column or a mark shows it.
RENEWAL_URGENCY = {
    "expired": "Udløbet",
    "soon": "Udløber inden 7 dage",
    "due": "Udløber inden 28 dage",
}

#: One word for a printed label: the paper is read in black and white.
RENEWAL_URGENCY_WORD = {
    "expired": "UDLØBET",
    "soon": "INDEN 7 DAGE",
    "due": "INDEN 28 DAGE",
}

#: Who answers questions about the citizen's medicine now (R6).
ANSWERS = {
    "hospital": "Indlagt: ring til afdelingen",
    "department": "72-timers ansvar: ring til afdelingen",
    "gp": "Ring til egen læge",
}

#: The nurse's checklist after a discharge (R6), in checklist order.
DISCHARGE_CHECKLIST = {
    "epicrisis_received": "Epikrise modtaget",
    "fmk_checked": "FMK tjekket",
    "changes_registered": "Ændringer registreret",
    "dd_resumed_or_still_paused_decided": (
        "Dosisdispensering genoptaget eller fortsat i bero (besluttet)"
    ),
}

#: MedCom's CareCommunication categories (the codes are ``domain.correspondence.CATEGORIES``).
CORRESPONDENCE_CATEGORY = {
    "alcohol-and-drug-treatment": "Rusmiddelbehandling",
    "assistive-devices": "Hjælpemidler",
    "carecoordination": "Forløbskoordinering",
    "decease": "Dødsfald",
    "discharge": "Udskrivelse",
    "examination-results": "Undersøgelsessvar",
    "healthcare": "Sundhedspleje",
    "home-care-assessment": "Visitation",
    "medicine": "Medicin",
    "nursing": "Sygepleje",
    "outpatient": "Ambulant",
    "psychiatry-social-disability": "Psykiatri, social, handicap",
    "regarding-referral": "Vedr. henvisning",
    "telemedicine": "Telemedicin",
    "training": "Træning",
    "acute-ambulant": "Akut ambulant",
    "extended-care-responsibility": "Udvidet behandlingsansvar",
    "other": "Andet",
}

#: Why a pharmacy is closed on a day: the public holidays (``domain.calendar``), the schedule's
#: own closing days and the weekend.
CLOSED_DAY = {
    "new_year": "Nytårsdag",
    "maundy_thursday": "Skærtorsdag",
    "good_friday": "Langfredag",
    "easter_sunday": "Påskedag",
    "easter_monday": "2. påskedag",
    "ascension_day": "Kristi himmelfartsdag",
    "whit_sunday": "Pinsedag",
    "whit_monday": "2. pinsedag",
    "christmas_day": "Juledag",
    "boxing_day": "2. juledag",
    "great_prayer_day": "Store bededag",
    "christmas_eve": "Juleaftensdag",
    "constitution_day": "Grundlovsdag",
    "pharmacy_closed": "Apoteket holder lukket",
    "saturday": "Lørdag",
    "sunday": "Søndag",
}

#: The intake times of the dose notation, as the messages name them.
SLOT = {
    "morning": "morgen",
    "noon": "middag",
    "evening": "aften",
    "night": "nat",
}

#: A user's role, in a sentence (lower case).
ROLE = {
    "nurse": "sygeplejerske",
    "coordinator": "medicinkoordinator",
    "administrator": "administrator",
}

#: What an FMK proposal proposes (``domain.fmk.ProposalKind``).
FMK_PROPOSAL_KIND = {
    "new": "Ny i FMK",
    "dose": "Dosis ændret",
    "ended": "Seponeret i FMK",
    "into_roll": "Ind i rullen",
    "out_of_roll": "Ud af rullen",
    "supply": "Forsyning ændret",
    "substituted": "Andet handelsnavn",
    "not_in_fmk": "Findes ikke i FMK",
}

#: Where an FMK proposal stands.
FMK_PROPOSAL_STATE = {
    "pending": "Afventer",
    "accepted": "Godkendt",
    "rejected": "Afvist",
    "superseded": "Erstattet",
}

#: A hospital contact's kind.
CONTACT_KIND = {
    "admission": "Indlæggelse",
    "outpatient": "Ambulant",
    "acute_outpatient": "Akut ambulant",
}

#: What an audit action means to the citizen (``*.read``: any other read).
AUDIT_ACTION = {
    "card.read": "Læst kort",
    "change.register": "Ændring registreret",
    "change.confirm": "Ændring bekræftet",
    "change.cancel": "Ændring annulleret",
    "change.read": "Læst ændring",
    "queue.advance": "Ændring flyttet af programmet (frist overskredet)",
    "contact.add": "Sygehuskontakt registreret",
    "contact.discharge": "Udskrivning registreret",
    "contact.extend": "Ansvarsperiode forlænget",
    "contact.checklist": "Tjekliste efter udskrivning",
    "card.pause": "Dosisdispensering sat i bero",
    "card.resume": "Dosisdispensering genoptaget",
    "renewal.send": "Receptfornyelse sendt",
    "task.done": "Opgave udført",
    "print.handover": "Udskrevet (overlevering)",
    "print.medlist": "Udskrevet (medicinliste)",
    "print.citizen_log": "Udskrevet (borgerens log)",
    "extract.export": "Eksporteret",
    "extract.import": "Indlæst",
    "queue.export": "Eksporteret (ændringskø)",
    "search.read": "Vist i søgeresultat",
    "queue.read": "Vist i ændringskøen",
    "flags.read": "Vist i dobbeltordinationer",
    "contacts.read": "Vist i sygehuskontakter",
    "renewals.read": "Vist i receptfornyelser",
    "supply.read": "Vist i leveringssvigt",
    "acute.read": "Vist i akutte ændringer",
    "discharges.read": "Vist i udskrivelser uden færdig tjekliste",
    "audit.citizen": "Læst borgerens log",
    "access.refused": "Adgang nægtet",
    "access.break_glass": "Åbnet uden for eget team (nødadgang)",
    "*.read": "Læst",
    "*.print": "Udskrevet",
}

#: The handover's shifts.
SHIFT = {
    "day": "Dagvagt 07–15",
    "evening": "Aftenvagt 15–23",
    "night": "Nattevagt 23–07",
}

#: The discharge checklist as the handover lists what is missing.
HANDOVER_CHECKLIST = {
    "epicrisis_received": "epikrise modtaget",
    "fmk_checked": "FMK tjekket",
    "changes_registered": "ændringer registreret",
    "dd_decided": "dosisdispensering genoptaget eller fortsat i bero",
}

#: Where a line's medicine comes from.
SUPPLY = {
    "dose_roll": "i rullen",
    "ordinary": "ved siden af rullen",
    "as_needed": "efter behov (PN)",
}

#: A user's role as a message's signature gives it.
SIGNATURE_ROLE = {
    "nurse": "Sygeplejerske",
    "coordinator": "Medicinkoordinator",
    "administrator": "Administrator",
}

#: Where a MedCom message stands.
MESSAGE_STATUS = {
    "ready": "klar",
    "sent": "sendt",
    "answered": "besvaret",
    "failed": "fejlet",
    "received": "modtaget",
}

#: Names of the fields a checked text or day belongs to (in an error's "(where)").
FIELD = {
    "valid_until": "gyldig til",
    "search": "søgning",
    "first_day": "første dag",
    "source": "kilde",
    "reason": "begrundelse",
    "doctor": "læge",
    "gp": "Lægen",
    "municipality": "Kommunen",
    "change": "ændringen",
}

#: How a line of the next roll compares with the card today (the handover sheet).
ROLL_CHANGE = {
    "new": "NY",
    "changed": "ÆNDRET",
}

#: The settings of the figures a coordinator may change, named in messages.
FIGURE_SETTING = {
    "population_75plus": "kommunens antal borgere på 75 år og derover",
    "target_citizens": "målet for antal borgere på dosisdispensering",
}

#: The columns of the figures' CSV file (one long table).
FIGURES_HEADER = {
    "scope": "Område",
    "measure": "Nøgletal",
    "from": "Fra",
    "to": "Til",
    "value": "Værdi",
}

#: The measures of the figures' CSV file.
FIGURE = {
    "municipality": "Kommunen",
    "on_dd": "Borgere på dosisdispensering",
    "over75": "Heraf 75 år og derover",
    "share75": "Andel 75+ af borgere på DD (%)",
    "target": "Mål for borgere på dosisdispensering",
    "population75": "Borgere på 75 år og derover i kommunen",
    "coverage75": "Andel af kommunens 75+ på DD (%)",
    "changes": "Ændringer registreret",
    "acute": "Heraf akutte",
    "acute_share": "Andel akutte (%)",
    "missed": "Overskredne frister",
}

#: A flag's severity as the figures' CSV file writes it.
SEVERITY = {
    "high": "høj",
    "review": "vurdér",
    "info": "info",
}

#: The columns of the change queue's CSV file.
QUEUE_HEADER = {
    "pharmacy": "Apotek",
    "pack_group": "Pakkegruppe",
    "deadline": "Frist",
    "period_from": "Periode fra",
    "citizen": "Borger",
    "cpr": "CPR",
    "team": "Team",
    "change": "Ændring",
    "product": "Lægemiddel",
    "dosage": "Dosering",
    "state": "Status",
    "acute": "Akut",
    "missed": "Overskredne frister",
    "registered": "Registreret",
    "registered_by": "Registreret af",
}

#: A JSON value's type in the extract's schema messages.
JSON_TYPE = {
    "string": "en tekst",
    "integer": "et heltal",
    "number": "et tal",
    "boolean": "true eller false",
    "array": "en liste",
    "object": "et objekt",
    "null": "null",
}

#: Python's JSON parser's messages (its own English, the key) as the import shows them.
JSON_ERROR = {
    "Expecting value": "her forventes en værdi",
    "Expecting ',' delimiter": "her mangler et komma",
    "Expecting ':' delimiter": "her mangler et kolon",
    "Expecting property name enclosed in double quotes": "her forventes et feltnavn i dobbelte anførselstegn",
    "Unterminated string starting at": 'en tekst slutter ikke (der mangler et ")',
    "Extra data": "der står mere efter dokumentets afslutning",
    "Invalid control character at": "ugyldigt kontroltegn i en tekst",
    "Invalid \\escape": "ugyldig \\-sekvens i en tekst",
}

#: Counted nouns (``words.count(3, "change")``): one, and more than one.
COUNT_ONE = {
    "citizen": "borger",
    "line": "linje",
    "change": "ændring",
    "contact": "sygehuskontakt",
    "private_line": "privatmarkeret linje",
}
COUNT_MANY = {
    "citizen": "borgere",
    "line": "linjer",
    "change": "ændringer",
    "contact": "sygehuskontakter",
    "private_line": "privatmarkerede linjer",
}

#: What an import created beside the citizens (after a count).
CREATED = {
    "teams": "teams",
    "users": "brugere (inaktive)",
    "pharmacies": "apoteker",
    "packing_groups": "pakkegrupper",
    "products": "lægemidler",
    "supply_failures": "leveringssvigt",
}

#: A line's supply as the paper writes it after a medicine.
SUPPLY_PAPER = {
    "dose_roll": "i rullen",
    "ordinary": "ved siden af rullen",
    "as_needed": "efter behov",
}

GROUPS: dict[str, dict[str, str]] = {
    "change_state": CHANGE_STATE,
    "change_kind": CHANGE_KIND,
    "handling_kind": HANDLING_KIND,
    "bag_action": BAG_ACTION,
    "follow_up": FOLLOW_UP,
    "acute_noun": ACUTE_NOUN,
    "acute_missing": ACUTE_MISSING,
    "triage_section": TRIAGE_SECTION,
    "not_mapped": NOT_MAPPED,
    "rejection_reason": REJECTION_REASON,
    "renewal_state": RENEWAL_STATE,
    "renewal_urgency": RENEWAL_URGENCY,
    "renewal_urgency_word": RENEWAL_URGENCY_WORD,
    "answers": ANSWERS,
    "discharge_checklist": DISCHARGE_CHECKLIST,
    "correspondence_category": CORRESPONDENCE_CATEGORY,
    "closed_day": CLOSED_DAY,
    "slot": SLOT,
    "role": ROLE,
    "fmk_proposal_kind": FMK_PROPOSAL_KIND,
    "fmk_proposal_state": FMK_PROPOSAL_STATE,
    "contact_kind": CONTACT_KIND,
    "audit_action": AUDIT_ACTION,
    "shift": SHIFT,
    "handover_checklist": HANDOVER_CHECKLIST,
    "supply": SUPPLY,
    "signature_role": SIGNATURE_ROLE,
    "message_status": MESSAGE_STATUS,
    "field": FIELD,
    "roll_change": ROLL_CHANGE,
    "figure_setting": FIGURE_SETTING,
    "figures_header": FIGURES_HEADER,
    "figure": FIGURE,
    "severity": SEVERITY,
    "queue_header": QUEUE_HEADER,
    "json_type": JSON_TYPE,
    "json_error": JSON_ERROR,
    "count_one": COUNT_ONE,
    "count_many": COUNT_MANY,
    "created": CREATED,
    "supply_paper": SUPPLY_PAPER,
}
