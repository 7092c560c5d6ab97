"""The command line's own Danish words, by key: its result lines, headings, prompts, argparse's
messages and every help text, with ``{name:spec}`` fields as in the errors' table;
``words.say(key, **params)`` reads them. ``GROUPS`` are the names the command line gives the
program's values and its tables' column headings (``cli_*`` label groups, read as
``words.Labels``/``words.Columns``). ``cli_en`` has the same keys and groups. The errors the
command line raises are in ``errors_da`` (``cli.*``).

Size: one table per language is what issue #9 asks (one place for the command line's words, the
keys checked by ``tests/unit/test_words.py``): every command's sentences and help texts, one
key each."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # the program, its options and argparse's own words (cli/__init__.py)
    "global.description": "Dosisdispensering i hjemmeplejen.",
    "global.commands": (
        "kommandoer:\n"
        "  demo                 fyld en tom database med demodata\n"
        "  db init [--training] opret en ny, tom database (--training: en øvelsesdatabase)\n"
        "  db upgrade|current   opgradér skemaet (PostgreSQL: administratoren) / vis version\n"
        "  import FIL           indlæs et udtræk (alt eller intet)\n"
        "  export FIL           skriv et udtræk (uden privatmarkerede linjer)\n"
        "  search TEKST         find borgere (CPR eller navn)\n"
        "  card CPR             kortet nu og i de kommende perioder\n"
        "  change add|confirm|cancel|show\n"
        "  queue                ændringskøen på tværs af borgere\n"
        "  advance              før køen frem til nu (kører også ved start og før hver skrivning)\n"
        "  pause CPR / resume CPR  sæt dosisdispenseringen i bero / genoptag (manuelle dage)\n"
        "  handling done|list   kvittér for akutte håndteringer (poser) / vis de åbne\n"
        "  flags                dobbeltordinationer\n"
        "  flag ack|sent|history   kvittér en dobbeltordination, send den til lægen, historik\n"
        "  contacts             sygehuskontakter og 72-timers vinduer\n"
        "  contact admit|outpatient|acute-outpatient|discharge|extend   registrér en "
        "sygehuskontakt\n"
        "  renewals             receptfornyelser\n"
        "  renewal request|renewed|reject|cancel   receptanmodninger\n"
        "  handover / medlist   udskriv overlevering / medicinliste som PDF\n"
        "  supply list|add|affected   leveringssvigt og de ramte borgere\n"
        "  period list|stretch  pakkegruppens perioder; forlæng en periode over en helligdag\n"
        "  user list|add|activate|deactivate|team   brugere og teams (administrator)\n"
        "  audit verify|citizen revisionsloggen\n"
        "  fmk read|accept|reject|status|inbox   medicinkortet fra FMK: forskelle som forslag\n"
        "  password             skift din adgangskode (administrator: --for BRUGER)\n"
        "  roles                PostgreSQL: roller, rettigheder og rækkesikkerhed (IT)\n"
        "  glass open|list|reviewed   nødadgang til en borger uden for eget team (med grund)\n"
        "  backup FIL / restore FIL   sikkerhedskopi af databasen / læg en kopi tilbage i en "
        "tom database\n"
        "  medcom new|inbox|thread|setup|address   korrespondance med læge og sygehus "
        "(MedCom)\n"
        "\n"
        "Fælles tilvalg (--db, --user, --now, --json) kan også stå efter kommandoen.\n"
    ),
    "global.help.db": (
        "database-URL eller sti til SQLite-fil (ellers DOSISDESK_DATABASE_URL, ellers datamappen)"
    ),
    "global.help.user": (
        "brugernavn; i en øvelsesdatabase handles der som denne bruger (standard admin), ellers "
        "kun dig selv (styresystemets konto, databaserollen eller med adgangskode)"
    ),
    "global.help.password_stdin": (
        "læs adgangskoden fra standard-input (ellers spørges der i terminalen)"
    ),
    "global.help.now": "tidspunkt at regne fra, ISO-8601",
    "global.help.json": "maskinlæsbart output",
    "global.help.version": "vis versionen",
    "global.version": "dosisdesk {version}",
    "error": "dosisdesk: {message}",
    "interrupted": "dosisdesk: afbrudt",
    "bug": (
        "dosisdesk: der opstod en programfejl; detaljer står i logfilen. Intet er gemt halvt: "
        "ændringen er rullet tilbage."
    ),
    "argparse.usage": "brug: ",
    "argparse.positionals": "argumenter",
    "argparse.optionals": "tilvalg",
    "argparse.help": "vis denne hjælp",
    "argparse.command": "kommando",
    "argparse.error": "{prog}: {message} (se {prog} --help)",
    "argparse.required": "mangler: {args}",
    "argparse.unrecognized": "ukendte argumenter: {args}",
    "argparse.invalid_choice": "{arg}: ukendt valg {value} (vælg mellem {choices})",
    "argparse.invalid_int": "{arg}: {value} er ikke et heltal",
    "argparse.expected_one": "{arg}: mangler en værdi",
    "argparse.not_allowed_with": "{arg} kan ikke bruges sammen med {other}",
    "argparse.ambiguous": "{arg}: tvetydigt tilvalg: {options}",
    "argparse.other": "{arg}: {message}",
    "argparse.not_an_int": "{value} er ikke et heltal",
    "argparse.out_of_range": "{value} er ikke et tal fra 0 til {max}",
    # signing in (cli/common.py)
    "signin.user_name": "Brugernavn: ",
    "signin.password": "Adgangskode: ",
    "signin.first_password": (
        "Der er endnu ingen adgangskoder i databasen. Vælg administratorens adgangskode "
        "(mindst {min} tegn)."
    ),
    "signin.new_password": "Ny adgangskode: ",
    "signin.repeat_password": "Gentag adgangskoden: ",
    # changes and the queue (cli/changes.py)
    "change.acute_added": "Akut ændring {id} er i kraft fra i dag ({day}).",
    "change.follow_up": "Opfølgning {id}: {what} (frist {deadline}).",
    "change.added": (
        "Ændring {id} er registreret. Træder i kraft i rullen fra {day} (frist {deadline})."
    ),
    "change.days_before_roll": (
        "Ordinationen gælder fra {first}: {first} – {last} er poserne fra den nuværende rulle. "
        "Håndtér poserne eller giv medicinen ved manuel dispensering de dage."
    ),
    "change.state": "Ændring {id}: {state}",
    "change.show": "Ændring {id}: {kind} {state} fra {day}",
    "change.registered": "  registreret {at} af {by}",
    "change.or": " eller ",
    "queue.missed": "frist overskredet",
    "change.help": "ordinationsændringer",
    "change.add.help": "registrér en ændring",
    "change.add.help.kind": "new, dose_change, discontinue, switch_supply, pause_line, resume_line",
    "change.add.help.drug": "ATC-kode, handelsnavn, stof eller #produkt-id",
    "change.add.help.line": "linje-id på kortet",
    "change.add.help.dose": "dosering, fx 1+0+1+0",
    "change.add.help.supply": "dose_roll, ordinary eller as_needed",
    "change.add.help.source": "hvem ændrede (egen læge, afdeling)",
    "change.add.help.from": (
        "ordinationens første dag (ÅÅÅÅ-MM-DD): rullen der starter den dag eller senere"
    ),
    "change.add.help.received": "hvornår ændringen blev modtaget (ISO-8601)",
    "change.add.help.valid_until": "dosisreceptens gyldighed (ÅÅÅÅ-MM-DD)",
    "change.add.help.private": "privatmarkeret",
    "change.add.help.reason": "begrundelse (akut)",
    "change.add.help.doctor": "den besluttende læge (akut)",
    "change.add.help.handling": "KIND[=DATO/tid,...], fx discard_bags=2026-11-22/evening",
    "change.add.help.identifiable": "alle tabletter kan identificeres (remove_tablets)",
    "change.add.help.replace": (
        "erstat ændringen ID, der allerede er i kø til samme rulle (annulleres)"
    ),
    "change.add.help.keep_both": "behold ændringen ID i køen; den nye kommer efter den",
    "change.confirm.help": "bekræft (tjekket i FMK)",
    "change.cancel.help": "annullér med begrundelse",
    "change.show.help": "vis en ændring og dens historik",
    "queue.help": "ændringskøen",
    "queue.help.missed": "kun overskredne frister",
    # finding a citizen and reading the card (cli/citizens.py)
    "search.admitted": "indlagt: {hospital}, tlf. {phone}",
    "search.acute_today": "akut i dag",
    "search.window": "72 t",
    "search.paused": "i bero",
    "search.double": "dobbelt",
    "search.bags": "{n} poser at håndtere",
    "search.help": "find borgere",
    "card.packing_group": "Pakkegruppe: {group} ({pharmacy})",
    "card.paused": "DOSISDISPENSERING I BERO",
    "card.paused_since": "DOSISDISPENSERING I BERO siden {at}: {reason}",
    "card.period_current": (
        "Nuværende periode: {first} – {last}  frist {deadline}  levering {delivery}  [{status}]"
    ),
    "card.period_coming": (
        "Kommende periode: {first} – {last}  frist {deadline}  levering {delivery}  [{status}]"
    ),
    "card.new_appearance": "ny udseende",
    "card.line_paused": "i bero",
    "card.change": "  • {kind} {drug} {dosage} fra {day} ({state})",
    "card.change_acute": "  • {kind} {drug} {dosage} fra {day} ({state}, AKUT)",
    "card.acute_heading": "Akutte ændringer, som rullen endnu ikke bærer:",
    "card.acute": "  {kind} {drug} fra {day} (ændring {id})",
    "card.carried_from": "; rullen bærer den fra {day}",
    "card.bag_done": " — udført af {by} {at}",
    "card.bag_missing": " — mangler",
    "card.hidden_private": "{n} privatmarkerede linjer er skjult.",
    "card.flags_heading": "Dobbeltordinationer:",
    "card.flag_acknowledged": " (kvitteret)",
    "card.contacts_heading": "Sygehuskontakter:",
    "card.window": "  72 t til {until} – ring {phone}",
    "card.renewals_heading": "Receptfornyelser:",
    "card.renewal": "  {drug} gyldig til {until}",
    "card.help": "borgerens dosisdispenseringskort",
    "card.help.period": "'next' eller et nummer (0 = nuværende)",
    "card.help.card": "kort-id, hvis borgeren har flere kort",
    # moving the queue (cli/clock.py)
    "advance.done": (
        "Køen er ført frem til {now}: {missed} flyttet efter overskredet frist, {locked} låst, "
        "{in_effect} trådt i kraft."
    ),
    "advance.next": " Næste frist: {deadline}.",
    "advance.help": "før ændringskøen frem til nu (overskredne frister, låsning, i kraft)",
    # hospital contacts (cli/contact.py)
    "contact.added": (
        "Kontakt {id}: {kind} for {cpr} på {hospital}, {department} (tlf. {phone}) fra {start}"
    ),
    "contact.until": " til {end}",
    "contact.paused": "Dosisdispenseringen er sat i bero.",
    "contact.no_window": (
        "Intet 72-timers vindue: det gælder kun efter en somatisk indlæggelse på mindst 24 timer "
        "med udskrivelse til kommunal sygepleje. Kontakt egen læge."
    ),
    "contact.window_open": (
        "72-timers vindue (åbent): afdelingen har ansvaret til {until}; ring {phone}."
    ),
    "contact.window_closed": (
        "72-timers vindue (lukket): afdelingen har ansvaret til {until}; ring {phone}."
    ),
    "contact.discharged": "Kontakt {id}: udskrevet {end} fra {hospital}, {department}.",
    "contact.extended": "Kontakt {id}: forlænget.",
    "contact.help": "registrér en sygehuskontakt, udskrivelse eller forlængelse",
    "contact.admit.help": "indlæggelse (sætter dosisdispenseringen i bero, medmindre --no-pause)",
    "contact.outpatient.help": "ambulant kontakt",
    "contact.acute_outpatient.help": "akut ambulant kontakt",
    "contact.help.hospital": "sygehus",
    "contact.help.department": "afdeling",
    "contact.help.phone": "afdelingens telefonnummer",
    "contact.help.psychiatric": "psykiatrisk (ellers somatisk)",
    "contact.help.at": "start, ISO-8601 (standard: nu)",
    "contact.help.no_pause": "sæt ikke dosisdispenseringen i bero",
    "contact.help.end": "slut, ISO-8601",
    "contact.help.pause": "sæt dosisdispenseringen i bero",
    "contact.help.changes": "kontakten gav ændringer i medicinen",
    "contact.help.note": "note",
    "contact.discharge.help": "udskrivelse; viser 72-timers vinduet",
    "contact.discharge.help.at": "udskrevet, ISO-8601 (standard: nu)",
    "contact.discharge.help.contact": "kontakt-id (standard: den åbne indlæggelse)",
    "contact.discharge.help.no_municipal_nursing": "ikke udskrevet til kommunal sygepleje",
    "contact.discharge.help.somatic": "somatisk (som ved indlæggelsen)",
    "contact.discharge.help.psychiatric": "psykiatrisk (som ved indlæggelsen)",
    "contact.extend.help": "sygehuset forlænger sit ansvar efter udskrivelsen",
    "contact.extend.help.until": "ny slut, ISO-8601",
    "contact.extend.help.contact": "kontakt-id (standard: den senest udskrevne indlæggelse)",
    # demo data, the schema, extracts, users (cli/data.py)
    "yes": "ja",
    "no": "nej",
    "demo.done": (
        "Demodata oprettet: {citizens} borgere, {lines} linjer, {changes} ændringer, {contacts} "
        "sygehuskontakter ({seconds:.1f} s)."
    ),
    "demo.help": "fyld en tom database med demodata",
    "db.created_training": "Øvelsesdatabasen er oprettet (tom).",
    "db.created": "Databasen er oprettet (tom).",
    "db.upgraded": "Databasen er opgraderet (version {revision}).",
    "db.current": "Databasens version: {revision}; programmets: {head}",
    "db.empty": "(tom)",
    "db.help": "databasens skema",
    "db.help.training": (
        "(init) opret en øvelsesdatabase: --now og --user frit, til undervisning og test"
    ),
    "import.done": "Indlæst: {summary}",
    "import.help": "indlæs et udtræk (JSON)",
    "export.done": "Skrevet: {summary}",
    "export.help": "skriv et udtræk (JSON)",
    "user.added": "Brugeren {user} er oprettet ({role}).",
    "user.activated": "Brugeren {user} er aktiveret.",
    "user.deactivated": "Brugeren {user} er deaktiveret.",
    "user.team_added": "Teamet {team} er oprettet.",
    "user.help": "brugere og teams (administrator)",
    "user.list.help": "vis brugerne",
    "user.add.help": "opret en bruger",
    "user.add.help.name": "fulde navn",
    "user.add.help.role": "nurse, coordinator eller administrator",
    "user.add.help.team": "teamet (påkrævet for sygeplejersker)",
    "user.activate.help": "aktivér en bruger",
    "user.deactivate.help": "deaktivér en bruger",
    "user.team.help": "opret et team",
    # the names of option values (metavar)
    "metavar.date": "DATO",
    "metavar.file": "FIL",
    "metavar.user": "BRUGER",
    "metavar.folder": "MAPPE",
    "metavar.proposal": "FORSLAG",
    "metavar.reason": "ÅRSAG",
    # one double prescription (cli/flag.py)
    "flag.acknowledged": "Dobbeltordination {a}-{b}: {what} – {reason}",
    "flag.until": " (til og med {until})",
    "flag.no_history": "Dobbeltordination {a}-{b} er hverken kvitteret eller sendt til lægen.",
    "flag.help": "kvittér en dobbeltordination, send den til lægen, se historik",
    "flag.help.flag": "de to linjer, fx 12-15",
    "flag.ack.help": "kvittér som tilsigtet (medicinkoordinator)",
    "flag.ack.help.flag": "de to linjer, fx 12-15 (se dosisdesk flags)",
    "flag.ack.help.reason": "hvorfor dobbeltordinationen er tilsigtet",
    "flag.ack.help.until": "gælder til og med (ÅÅÅÅ-MM-DD)",
    "flag.sent.help": "markér som sendt til lægen (medicinkoordinator)",
    "flag.sent.default_reason": "Sendt til lægen",
    "flag.sent.help.reason": "hvad blev sendt, og til hvem",
    "flag.history.help": "hvem kvitterede eller sendte, hvornår og hvorfor",
    # acute handlings (cli/handling.py)
    "handling.done": "Håndtering af akut ændring {id} kvitteret:",
    "handling.step_done": "  {step} — udført af {by} {at}",
    "handling.none": "Ingen åbne håndteringer.",
    "handling.help": "håndteringer af akutte ændringer",
    "handling.done.help": "kvittér for en håndtering (alle poser eller de nævnte)",
    "handling.done.help.id": "den akutte ændrings id",
    "handling.done.help.bag": "DATO/tid, fx 2026-11-22/evening (gentages)",
    "handling.list.help": "åbne håndteringer (dit team)",
    # pausing and resuming (cli/pausing.py)
    "pause.done": "Dosisdispenseringen for {cpr} er sat i bero fra {at}: {reason}.",
    "pause.help": "sæt dosisdispenseringen i bero",
    "pause.help.from": "fra hvornår, ISO-8601 (standard: nu)",
    "pause.default_reason": "Sygehuskontakt",
    "pause.help.reason": "hvorfor (standard: Sygehuskontakt, som i vinduet uden valgt kontakt)",
    "resume.done": (
        "Dosisdispenseringen for {cpr} er genoptaget {at}. Første pakkede rulle begynder {first}."
    ),
    "resume.manual_days": "Manuel dosering {n} dage: {days}.",
    "resume.no_manual_days": "Ingen dage skal doseres manuelt.",
    "resume.help": "genoptag dosisdispenseringen (viser første rulle og manuelle dage)",
    "resume.help.at": "hvornår, ISO-8601 (standard: nu)",
    # renewal requests (cli/renewal.py)
    "renewal.requested": "Receptanmodning {id} sendt for linje {line}.",
    "renewal.decided": "Receptanmodning {id}: {state}",
    "renewal.rejected": " ({reason}); teamet har fået en opgave",
    "renewal.help": "receptanmodning: send, fornyet, afvist, annullér",
    "renewal.help.id": "anmodningens id (request_id)",
    "renewal.request.help": "send en receptanmodning for en linje",
    "renewal.request.help.id": "linjens id (line_id i dosisdesk renewals --json)",
    "renewal.request.help.note": "note til anmodningen",
    "renewal.renewed.help": "lægen har fornyet recepten",
    "renewal.reject.help": "lægen har afvist (med en af de ti standardårsager)",
    "renewal.reject.help.reason": "nummer 1-10 eller kode: {reasons}",
    "renewal.cancel.help": "annullér anmodningen",
    # supply failures (cli/supply.py)
    "supply.added": "Leveringssvigt {id} registreret: {drug} ({atc}) fra {first}",
    "supply.until": " til {last}",
    "supply.none": "Ingen leveringssvigt.",
    "supply.none_affected": "Ingen borgere er ramt af dette leveringssvigt.",
    "supply.help": "leveringssvigt: præparater apoteket ikke kan levere",
    "supply.list.help": "leveringssvigt (aktuelle; --all: også afsluttede)",
    "supply.list.help.all": "også afsluttede",
    "supply.add.help": "registrér et præparat i leveringssvigt (koordinator)",
    "supply.add.help.product": "handelsnavn, stof, ATC-kode eller #nummer",
    "supply.add.help.from": "første dag (ÅÅÅÅ-MM-DD)",
    "supply.add.help.to": "sidste dag (ÅÅÅÅ-MM-DD; udelades: åben)",
    "supply.add.help.note": "fx apotekets besked",
    "supply.affected.help": "borgere og rullelinjer ramt af et leveringssvigt",
    "supply.affected.help.id": "leveringssvigtets nummer (se supply list)",
    # double prescriptions, contacts, renewals, periods (cli/review.py)
    "flags.acknowledged": "kvitteret",
    "flags.help": "dobbeltordinationer",
    "flags.help.all": "også kvitterede",
    "contacts.help": "sygehuskontakter",
    "contacts.help.open": "kun åbne 72-timers vinduer",
    "contacts.help.admitted": "kun indlagte nu",
    "renewals.due": "skal fornyes",
    "renewals.help": "receptfornyelser",
    "renewals.help.due": "kun dem der skal fornyes inden 28 dage",
    "period.preview": "Forhåndsvisning: intet er gemt. Kør uden --preview for at forlænge perioden.",
    "period.stretched": "Perioden er forlænget.",
    "period.none_moved": "Ingen åbne ændringer skifter rulle eller første dag.",
    "period.moved": (
        "{n} åbne ændringer skifter rulle (gammel → ny første dag); dagene imellem kan kræve "
        "manuel dispensering:"
    ),
    "period.help": "pakkegruppens perioder",
    "period.help.group": "pakkegruppe: navn, apotek/navn eller nummer",
    "period.list.help": "de kommende perioder",
    "period.stretch.help": "forlæng en periode (fx over jul)",
    "period.stretch.help.first_day": "periodens første dag (ÅÅÅÅ-MM-DD)",
    "period.stretch.help.days": "ny længde, 7-28 dage",
    "period.stretch.help.note": "hvorfor (vises på kortet)",
    "period.stretch.help.preview": "vis perioderne og de ændringer, der flyttes, uden at gemme",
    # the printed handover and medicine list (cli/printing.py)
    "handover.saved_one": (
        "Overleveringen for {team}, {shift} {day}, er gemt i {file}: {citizens} borgere, "
        "{pages} side."
    ),
    "handover.saved_many": (
        "Overleveringen for {team}, {shift} {day}, er gemt i {file}: {citizens} borgere, "
        "{pages} sider."
    ),
    "medlist.saved_one": "Medicinlisten for {name} er gemt i {file} ({pages} side).",
    "medlist.saved_many": "Medicinlisten for {name} er gemt i {file} ({pages} sider).",
    "printing.help.pdf": "PDF-fil (uden CPR i navnet)",
    "handover.help": "overlevering til næste vagt som PDF",
    "handover.help.team": "teamets navn",
    "handover.help.date": "dato (ÅÅÅÅ-MM-DD); standard: i dag",
    "handover.help.shift": "day (07-15), evening (15-23) eller night (23-07)",
    "handover.help.no_short_list": (
        "udelad den korte liste til sidst (fornyelser om 8–28 dage, orientering)"
    ),
    "medlist.help": "borgerens medicinliste som PDF",
    # FMK in (cli/fmk.py)
    "fmk.cannot_dose_dispense": " · kan ikke dosisdispenseres som angivet",
    "fmk.note": " · Bemærk: {note}",
    "fmk.card": "FMK-kort for {name} ({cpr}), version {version}",
    "fmk.modified": ", ændret i FMK {at}",
    "fmk.medications": "{n} lægemiddelordinationer",
    "fmk.private": ", {n} privatmarkeret (vises ikke)",
    "fmk.lands": "Godkendte ændringer lander i rullen fra {day} (frist {deadline}).",
    "fmk.no_differences": "Ingen forskelle: kortet i dosisdesk svarer til FMK.",
    "fmk.new": "{n} nye forslag",
    "fmk.no_new": "ingen nye forslag",
    "fmk.pending": "{n} forskelle venter ({new}):",
    "fmk.how_to_decide": (
        "Godkend: dosisdesk fmk accept FORSLAG · Afvis: dosisdesk fmk reject FORSLAG --reason …"
    ),
    "fmk.accepted": "Forslag {id} godkendt: ændring {change} ({kind}, {drug}) er registreret",
    "fmk.accepted_roll": " til rullen fra {day} (frist {deadline}).",
    "fmk.rejected": "Forslag {id} afvist: {reason}",
    "fmk.last_read": "FMK læst {at} af {by}, version {version}",
    "fmk.never_read": "FMK-kortet er ikke læst endnu",
    "fmk.none_pending": "Ingen ventende forskelle.",
    "fmk.no_inbox": "Ingen FMK-indbakke er sat op (dosisdesk fmk inbox --set-folder MAPPE).",
    "fmk.inbox": (
        "Indbakke {folder}: {read} læst, {unknown} venter på en borger, {failed} kunne ikke læses."
    ),
    "fmk.differing_heading": "Borgere hvis FMK-kort afviger (ældste først):",
    "fmk.none_differing": "Ingen borgere har forskelle mellem FMK og dosisdesk.",
    "fmk.help": "læs medicinkortet fra FMK; godkend eller afvis forskellene",
    "fmk.read.help": "indlæs et GetMedicineCardResponse fra FMK",
    "fmk.read.help.cpr": "afvis dokumentet, hvis det ikke er denne borgers",
    "fmk.read.help.create": "opret borgeren fra FMK-kortet (medicinkoordinator)",
    "fmk.read.help.team": "borgerens team (med --create)",
    "fmk.read.help.group": "pakkegruppe for borgerens dosiskort (med --create)",
    "fmk.accept.help": "godkend et forslag: det bliver en registreret ændring",
    "fmk.reject.help": "afvis et forslag med en begrundelse",
    "fmk.reject.help.reason": "begrundelse (påkrævet)",
    "fmk.status.help": "sidste læsning og ventende forskelle for en borger",
    "fmk.inbox.help": "læs FMK-indbakken; vis borgere hvis kort afviger",
    "fmk.inbox.help.folder": "læs denne mappe i stedet for indstillingen",
    "fmk.inbox.help.set_folder": "gem indbakkens mappe (tom streng: ingen indbakke)",
    "fmk.inbox.help.team": "kun dette team (koordinator)",
    # correspondence (cli/medcom.py)
    "medcom.attachment": "    bilag: {title}",
    "medcom.failed": "    fejl: {error}",
    "medcom.sent": "Besked {id} til {to} ligger i udbakken som {file} (besked-id {message_id}).",
    "medcom.inbox": "Modtaget: {received}, afvist: {refused}, hentet af forsendelsen: {taken}.",
    "medcom.refused": "  afvist {file}: {reason}",
    "medcom.received": "  ny: {id} fra {sender} om {citizen}",
    "medcom.unanswered_heading": "Ubesvarede (ældste først):",
    "medcom.none": "Ingen korrespondance.",
    "medcom.address_saved": "Adressen er gemt.",
    "medcom.help": "korrespondancemeddelelser til læge og sygehus",
    "medcom.new.help": "skriv en besked (lægges i udbakken)",
    "medcom.new.help.to": "gp (egen læge) eller contact:ID (afdelingen)",
    "medcom.new.help.category": "kategori fra MedComs liste, fx medicine",
    "medcom.new.help.topic": "emne (påkrævet ved kategorien other)",
    "medcom.new.help.text": "beskedens tekst",
    "medcom.new.help.about": "anledning: flag:A-B, renewal:ID, change:ID, supply:ID, contact:ID",
    "medcom.new.help.reply_to": "id på den besked der svares på",
    "medcom.new.help.phone": "telefonnummer i underskriften",
    "medcom.new.help.asap": "prioritet (kun Vedr. henvisning)",
    "medcom.new.help.attach": "vedhæft medicinlisten (PDF)",
    "medcom.inbox.help": "læs indbakken; vis ubesvarede beskeder",
    "medcom.thread.help": "borgerens korrespondance i tråde",
    "medcom.setup.help": "kommunens adresse og mapperne (administrator)",
    "medcom.setup.help.name": "afsenderens navn",
    "medcom.setup.help.sor": "kommunens SOR-kode",
    "medcom.setup.help.ean": "kommunens EAN-lokationsnummer",
    "medcom.setup.help.phone": "telefon i underskriften",
    "medcom.setup.help.outbox": "udbakke-mappe",
    "medcom.setup.help.inbox": "indbakke-mappe",
    "medcom.address.help": "SOR/EAN for egen læge, en afdeling eller et team",
    "medcom.address.help.ref": "CPR (gp), kontakt-id (contact) eller teamnavn (team)",
    # the audit log, passwords, roles, backup, breaking the glass (cli/security.py)
    "audit.entry": "post {n}",
    "audit.entry_row": "post {n} (række {row})",
    "audit.edited": "{where}: RETTET efter den blev skrevet (indholdet passer ikke til dens hash).",
    "audit.deleted": "post {span}: SLETTET (mangler før post {n}).",
    "audit.all_deleted": (
        "ALLE poster er SLETTET: kontrolpunktet fra {when} kender post {last}, men loggen er tom."
    ),
    "audit.truncated": (
        "post {first}–{last}: SLETTET i enden (AFKORTET; kontrolpunktet fra {when} kender post "
        "{last})."
    ),
    "audit.reordered": "{where}: FLYTTET (står før en tidligere post; rækkefølgen er ændret).",
    "audit.inserted": (
        "{where}: INDSAT (hænger ikke sammen med posten før, eller nummeret er brugt)."
    ),
    "audit.forged_from": (
        "{count} poster fra post {n} og frem har et forkert segl (skrevet eller genberegnet uden "
        "nøglen)."
    ),
    "audit.forged": (
        "{where}: FORFALSKET (seglet passer ikke: skrevet eller genberegnet uden nøglen)."
    ),
    "audit.recomputed": "{where}: kæden er GENBEREGNET (afviger fra kontrolpunktet fra {when}).",
    "audit.checkpoint_forged": (
        "kontrolpunktet for post {n} fra {when} er FORFALSKET (seglet passer ikke)."
    ),
    "audit.unsealed": "{where}: uden segl, skønt tidligere poster har et (skrevet uden nøglen?).",
    "audit.key_written": (
        "Nøglen er skrevet til {file} (kun læsbar for ejeren). Sæt [audit] key_file i "
        "dosisdesk.ini til den."
    ),
    "audit.intact": "Revisionsloggen er intakt ({n} poster).",
    "audit.broken": "Revisionsloggen er BRUDT ({n} poster læst):",
    "audit.no_key": (
        "Bemærk: ingen nøgle er sat ([audit] key_file), så loggen er ikke forseglet: sletning af "
        "de nyeste poster, falske tilføjelser og en genberegnet kæde kan ikke opdages."
    ),
    "audit.sealed": "{n} poster forseglet; {checkpoints} kontrolpunkter.",
    "audit.checkpoint_written": "Kontrolpunkt skrevet (post {n}) i {file}.",
    "audit.checkpoint_no_key": "Ingen nøgle er sat ([audit] key_file): intet skrevet.",
    "audit.log_saved_one": "Borgerens log ({n} adgange) er gemt i {file} ({pages} side).",
    "audit.log_saved_many": "Borgerens log ({n} adgange) er gemt i {file} ({pages} sider).",
    "audit.help": "revisionsloggen",
    "audit.verify.help": "kontrollér at loggen er ubrudt",
    "audit.citizen.help": "hvem har set borgerens data (borgerens log)",
    "audit.citizen.help.pdf": "gem borgerens log som PDF (uden CPR i navnet)",
    "audit.checkpoint.help": "skriv et forseglet kontrolpunkt nu",
    "audit.key.help": "lav en ny nøgle til forseglingen (IT)",
    "password.current": "Nuværende adgangskode: ",
    "password.repeat_new": "Gentag den nye adgangskode: ",
    "password.set": "Adgangskoden for {user} er sat.",
    "password.help": "skift din adgangskode (administrator: --for BRUGER)",
    "password.help.for": "sæt en andens adgangskode (administrator)",
    "roles.done": (
        "Roller og rækkesikkerhed er sat op i skemaet {schema}: {groups}; {policies} politikker."
    ),
    "roles.granted": "  {login}: medlem af {group}",
    "roles.revoked": "  {login}: ikke længere medlem af {group}",
    "roles.created": "  {login}: rolle oprettet (LOGIN; IT vælger godkendelsen i pg_hba.conf)",
    "roles.missing": (
        "Disse brugere har ingen rolle i databasen endnu (opret dem, eller brug "
        "--create-logins): {users}"
    ),
    "roles.help": "PostgreSQL: roller, rettigheder og rækkesikkerhed (IT)",
    "roles.help.prefix": "navn på grupperollerne (standard dosisdesk: dosisdesk_nurse, …)",
    "roles.help.create_logins": "opret manglende login-roller for aktive brugere",
    "backup.done": (
        "Sikkerhedskopien er gemt i {file} ({kib} KiB; kun læsbar for ejeren). Opbevar den som "
        "helbredsdata."
    ),
    "backup.help": "sikkerhedskopi af hele databasen (administrator)",
    "restore.done": (
        "Sikkerhedskopien er lagt tilbage: {citizens} borgere, {entries} poster i revisionsloggen."
    ),
    "restore.audit_intact": "Revisionsloggen er intakt.",
    "restore.audit_broken": "Revisionsloggen er BRUDT:",
    "restore.help": "læg en sikkerhedskopi tilbage i en tom database (--db)",
    "glass.opened": (
        "Nødadgang til {name} ({cpr}) til {until}. Grunden er logget og ses af "
        "medicinkoordinatoren."
    ),
    "glass.reviewed": "Nødadgang {id} er markeret som gennemset.",
    "glass.help": "nødadgang til en borger uden for dit team (med grund)",
    "glass.open.help": "åbn en borger uden for dit team (sygeplejerske)",
    "glass.open.help.reason": "hvorfor (logges; ses af koordinatoren)",
    "glass.list.help": "nødadgange til gennemsyn (koordinator)",
    "glass.list.help.all": "også de gennemsete",
    "glass.reviewed.help": "markér en nødadgang som gennemset (koordinator)",
}

GROUPS: dict[str, dict[str, str]] = {
    # the names of the program's values
    "cli_period_status": {
        "planned": "planlagt",
        "locked": "låst (pakkes)",
        "not_dispensed": "ikke dispenseret",
        "packed": "pakket",
        "delivered": "leveret",
    },
    "cli_renewal_state": {
        "sent": "anmodning sendt",
        "renewed": "fornyet",
        "rejected": "afvist",
        "cancelled": "annulleret",
    },
    "cli_flag_ack": {
        "intentional": "kvitteret som tilsigtet",
        "sent_to_doctor": "sendt til lægen",
    },
    "cli_contact_kind": {
        "admission": "indlæggelse",
        "outpatient": "ambulant",
        "acute_outpatient": "akut ambulant",
    },
    "cli_handling_step": {
        "remove_tablets": "tages ud",
        "discard_bags": "kasseres — giv fra alm. pakning",
        "ask_pharmacy": "spørg apoteket om erstatningsrulle",
    },
    # the column headings of the tables
    "cli_queue": {
        "id": "Id",
        "cpr": "CPR",
        "name": "Navn",
        "pharmacy": "Apotek",
        "period": "Periode",
        "deadline": "Frist",
        "kind": "Type",
        "drug": "Lægemiddel",
        "dosage": "Dosering",
        "state": "Tilstand",
        "missed": "",
        "registered_by": "Registreret af",
    },
    "cli_search": {"cpr": "CPR", "name": "Navn", "team": "Team", "attention": "Opmærksomhed"},
    "cli_card": {
        "drug": "Lægemiddel",
        "strength": "Styrke",
        "substance": "Stof",
        "dosage": "Dosering",
        "supply": "Forsyning",
        "new_appearance": "",
        "paused": "",
    },
    "cli_users": {
        "user": "Bruger",
        "name": "Navn",
        "role": "Rolle",
        "team": "Team",
        "active": "Aktiv",
    },
    "cli_flag_history": {"at": "Hvornår", "who": "Hvem", "what": "Hvad", "reason": "Begrundelse"},
    "cli_handlings": {
        "change": "Ændring",
        "cpr": "CPR",
        "name": "Navn",
        "drug": "Lægemiddel",
        "acute_from": "Akut fra",
        "missing": "Mangler",
    },
    "cli_supply": {
        "id": "Nr.",
        "drug": "Præparat",
        "atc": "ATC",
        "first": "Fra",
        "last": "Til",
        "note": "Note",
    },
    "cli_supply_affected": {
        "cpr": "CPR",
        "name": "Navn",
        "team": "Team",
        "line": "Linje",
        "dosage": "Dosering",
        "first": "Fra",
        "last": "Til",
        "handled": "Givet ved siden af",
    },
    "cli_flags": {
        "id": "Id",
        "severity": "Alvor",
        "cpr": "CPR",
        "name": "Navn",
        "line_a": "Linje A",
        "line_b": "Linje B",
        "acknowledged": "",
    },
    "cli_contacts": {
        "cpr": "CPR",
        "name": "Navn",
        "kind": "Kontakt",
        "hospital": "Sygehus",
        "department": "Afdeling",
        "phone": "Telefon",
        "start": "Start",
        "end": "Slut",
        "window": "72 t til",
    },
    "cli_renewals": {
        "cpr": "CPR",
        "name": "Navn",
        "drug": "Lægemiddel",
        "valid_until": "Gyldig til",
        "line": "Linje",
        "request": "Anmodning",
        "status": "Status",
        "urgency": "Fornyelse",
        "rejected_because": "Afvist fordi",
    },
    "cli_periods": {
        "period": "Periode",
        "days": "Dage",
        "deadline": "Frist",
        "delivery": "Levering",
        "status": "Status",
        "note": "Note",
    },
    "cli_moved": {
        "change": "Ændring",
        "cpr": "CPR",
        "name": "Navn",
        "drug": "Lægemiddel",
        "first_day": "Første dag",
        "manual": "Manuel dispensering",
    },
    "cli_fmk_proposals": {
        "proposal": "Forslag",
        "difference": "Forskel",
        "now": "Nu i dosisdesk",
        "fmk": "Fra FMK",
        "source": "Kilde i FMK",
    },
    "cli_fmk_citizens": {
        "cpr": "CPR",
        "name": "Navn",
        "team": "Team",
        "pending": "Forskelle",
        "oldest": "Ældste",
        "last_read": "Sidst læst",
    },
    "cli_medcom_unanswered": {
        "id": "Id",
        "sent": "Sendt",
        "cpr": "CPR",
        "name": "Navn",
        "category": "Kategori",
        "to": "Til",
        "status": "Status",
    },
    "cli_citizen_log": {"at": "Tidspunkt", "who": "Hvem", "role": "Rolle", "what": "Hvad"},
    "cli_glass": {
        "id": "Nr.",
        "at": "Tidspunkt",
        "user": "Bruger",
        "citizen": "Borger",
        "cpr": "CPR",
        "reason": "Grund",
        "reviewed_by": "Gennemset af",
    },
}
