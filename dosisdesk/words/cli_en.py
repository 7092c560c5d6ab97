"""The command line's own English words: the same keys and groups as ``cli_da``.

Size: the same table as ``cli_da``, key for key."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # the program, its options and argparse's own words (cli/__init__.py)
    "global.description": "Dose dispensing in home care.",
    "global.commands": (
        "commands:\n"
        "  demo                 fill an empty database with demo data\n"
        "  db init [--training] create a new, empty database (--training: a training database)\n"
        "  db upgrade|current   upgrade the schema (PostgreSQL: the administrator) / show version\n"
        "  import FILE          read an extract (all or nothing)\n"
        "  export FILE          write an extract (without private-marked lines)\n"
        "  search TEXT          find citizens (CPR or name)\n"
        "  card CPR             the card now and in the coming periods\n"
        "  change add|confirm|cancel|show\n"
        "  queue                the change queue across citizens\n"
        "  advance              move the queue up to now (also runs at start and before each write)\n"
        "  pause CPR / resume CPR  pause dose dispensing / resume it (manual days)\n"
        "  handling done|list   sign acute handlings (bags) / show the open ones\n"
        "  flags                double prescriptions\n"
        "  flag ack|sent|history   acknowledge a double prescription, send it to the doctor, "
        "history\n"
        "  contacts             hospital contacts and 72-hour windows\n"
        "  contact admit|outpatient|acute-outpatient|discharge|extend   register a hospital "
        "contact\n"
        "  renewals             prescription renewals\n"
        "  renewal request|renewed|reject|cancel   renewal requests\n"
        "  handover / medlist   print the handover / medicine list as PDF\n"
        "  supply list|add|affected   supply failures and the citizens they hit\n"
        "  period list|stretch  the packing group's periods; stretch a period over a holiday\n"
        "  user list|add|activate|deactivate|team   users and teams (administrator)\n"
        "  audit verify|citizen the audit log\n"
        "  fmk read|accept|reject|status|inbox   the medicine card from FMK: differences as "
        "proposals\n"
        "  password             change your password (administrator: --for USER)\n"
        "  roles                PostgreSQL: roles, privileges and row-level security (IT)\n"
        "  glass open|list|reviewed   emergency access to a citizen outside your team (with a "
        "reason)\n"
        "  backup FILE / restore FILE   back up the database / put a copy back into an empty "
        "database\n"
        "  medcom new|inbox|thread|setup|address   correspondence with doctor and hospital "
        "(MedCom)\n"
        "\n"
        "Shared options (--db, --user, --now, --json) may also follow the command.\n"
    ),
    "global.help.db": (
        "database URL or path to an SQLite file (else DOSISDESK_DATABASE_URL, else the data folder)"
    ),
    "global.help.user": (
        "user name; on a training database you act as this user (default admin), elsewhere only "
        "as yourself (the OS account, the database role or with a password)"
    ),
    "global.help.password_stdin": "read the password from standard input (else asked at the terminal)",
    "global.help.now": "the moment to compute from, ISO-8601",
    "global.help.json": "machine-readable output",
    "global.help.version": "show the version",
    "global.version": "dosisdesk {version}",
    "error": "dosisdesk: {message}",
    "interrupted": "dosisdesk: interrupted",
    "bug": (
        "dosisdesk: a program error occurred; the details are in the log file. Nothing is saved "
        "halfway: the change was rolled back."
    ),
    "argparse.usage": "usage: ",
    "argparse.positionals": "arguments",
    "argparse.optionals": "options",
    "argparse.help": "show this help",
    "argparse.command": "command",
    "argparse.error": "{prog}: {message} (see {prog} --help)",
    "argparse.required": "missing: {args}",
    "argparse.unrecognized": "unrecognized arguments: {args}",
    "argparse.invalid_choice": "{arg}: unknown choice {value} (choose from {choices})",
    "argparse.invalid_int": "{arg}: {value} is not an integer",
    "argparse.expected_one": "{arg}: expects a value",
    "argparse.not_allowed_with": "{arg} cannot be used with {other}",
    "argparse.ambiguous": "{arg}: ambiguous option: {options}",
    "argparse.other": "{arg}: {message}",
    "argparse.not_an_int": "{value} is not an integer",
    "argparse.out_of_range": "{value} is not a number from 0 to {max}",
    # signing in (cli/common.py)
    "signin.user_name": "User name: ",
    "signin.password": "Password: ",
    "signin.first_password": (
        "There are no passwords in the database yet. Choose the administrator's password "
        "(at least {min} characters)."
    ),
    "signin.new_password": "New password: ",
    "signin.repeat_password": "Repeat the password: ",
    # changes and the queue (cli/changes.py)
    "change.acute_added": "Acute change {id} is in effect from today ({day}).",
    "change.follow_up": "Follow-up {id}: {what} (deadline {deadline}).",
    "change.added": "Change {id} is registered. Takes effect in the roll from {day} (deadline {deadline}).",
    "change.days_before_roll": (
        "The prescription applies from {first}: {first} – {last} are the bags of the current "
        "roll. Handle the bags or give the medicine by manual dispensing on those days."
    ),
    "change.state": "Change {id}: {state}",
    "change.show": "Change {id}: {kind} {state} from {day}",
    "change.registered": "  registered {at} by {by}",
    "change.or": " or ",
    "queue.missed": "deadline missed",
    "change.help": "prescription changes",
    "change.add.help": "register a change",
    "change.add.help.kind": "new, dose_change, discontinue, switch_supply, pause_line, resume_line",
    "change.add.help.drug": "ATC code, trade name, substance or #product id",
    "change.add.help.line": "line id on the card",
    "change.add.help.dose": "dosage, e.g. 1+0+1+0",
    "change.add.help.supply": "dose_roll, ordinary or as_needed",
    "change.add.help.source": "who changed it (GP, department)",
    "change.add.help.from": (
        "the prescription's first day (YYYY-MM-DD): the roll that starts that day or later"
    ),
    "change.add.help.received": "when the change was received (ISO-8601)",
    "change.add.help.valid_until": "the dose prescription's validity (YYYY-MM-DD)",
    "change.add.help.private": "private-marked",
    "change.add.help.reason": "reason (acute)",
    "change.add.help.doctor": "the deciding doctor (acute)",
    "change.add.help.handling": "KIND[=DATE/time,...], e.g. discard_bags=2026-11-22/evening",
    "change.add.help.identifiable": "every tablet can be identified (remove_tablets)",
    "change.add.help.replace": "replace change ID, already queued for the same roll (cancelled)",
    "change.add.help.keep_both": "keep change ID in the queue; the new one comes after it",
    "change.confirm.help": "confirm (checked in FMK)",
    "change.cancel.help": "cancel with a reason",
    "change.show.help": "show a change and its history",
    "queue.help": "the change queue",
    "queue.help.missed": "missed deadlines only",
    # finding a citizen and reading the card (cli/citizens.py)
    "search.admitted": "admitted: {hospital}, tel. {phone}",
    "search.acute_today": "acute today",
    "search.window": "72 h",
    "search.paused": "paused",
    "search.double": "double",
    "search.bags": "{n} bags to handle",
    "search.help": "find citizens",
    "card.packing_group": "Packing group: {group} ({pharmacy})",
    "card.paused": "DOSE DISPENSING PAUSED",
    "card.paused_since": "DOSE DISPENSING PAUSED since {at}: {reason}",
    "card.period_current": (
        "Current period: {first} – {last}  deadline {deadline}  delivery {delivery}  [{status}]"
    ),
    "card.period_coming": (
        "Coming period: {first} – {last}  deadline {deadline}  delivery {delivery}  [{status}]"
    ),
    "card.new_appearance": "new appearance",
    "card.line_paused": "paused",
    "card.change": "  • {kind} {drug} {dosage} from {day} ({state})",
    "card.change_acute": "  • {kind} {drug} {dosage} from {day} ({state}, ACUTE)",
    "card.acute_heading": "Acute changes the roll does not carry yet:",
    "card.acute": "  {kind} {drug} from {day} (change {id})",
    "card.carried_from": "; the roll carries it from {day}",
    "card.bag_done": " — done by {by} {at}",
    "card.bag_missing": " — missing",
    "card.hidden_private": "{n} private-marked lines are hidden.",
    "card.flags_heading": "Double prescriptions:",
    "card.flag_acknowledged": " (acknowledged)",
    "card.contacts_heading": "Hospital contacts:",
    "card.window": "  72 h until {until} – call {phone}",
    "card.renewals_heading": "Prescription renewals:",
    "card.renewal": "  {drug} valid until {until}",
    "card.help": "the citizen's dose dispensing card",
    "card.help.period": "'next' or a number (0 = current)",
    "card.help.card": "card id, if the citizen has several cards",
    # moving the queue (cli/clock.py)
    "advance.done": (
        "The queue has moved up to {now}: {missed} moved after a missed deadline, {locked} "
        "locked, {in_effect} in effect."
    ),
    "advance.next": " Next deadline: {deadline}.",
    "advance.help": "move the change queue up to now (missed deadlines, locking, in effect)",
    # hospital contacts (cli/contact.py)
    "contact.added": (
        "Contact {id}: {kind} for {cpr} at {hospital}, {department} (tel. {phone}) from {start}"
    ),
    "contact.until": " until {end}",
    "contact.paused": "Dose dispensing is paused.",
    "contact.no_window": (
        "No 72-hour window: it applies only after a somatic admission of at least 24 hours with "
        "discharge to municipal nursing. Contact the GP."
    ),
    "contact.window_open": (
        "72-hour window (open): the department is responsible until {until}; call {phone}."
    ),
    "contact.window_closed": (
        "72-hour window (closed): the department is responsible until {until}; call {phone}."
    ),
    "contact.discharged": "Contact {id}: discharged {end} from {hospital}, {department}.",
    "contact.extended": "Contact {id}: extended.",
    "contact.help": "register a hospital contact, discharge or extension",
    "contact.admit.help": "admission (pauses dose dispensing unless --no-pause)",
    "contact.outpatient.help": "outpatient contact",
    "contact.acute_outpatient.help": "acute outpatient contact",
    "contact.help.hospital": "hospital",
    "contact.help.department": "department",
    "contact.help.phone": "the department's phone number",
    "contact.help.psychiatric": "psychiatric (else somatic)",
    "contact.help.at": "start, ISO-8601 (default: now)",
    "contact.help.no_pause": "do not pause dose dispensing",
    "contact.help.end": "end, ISO-8601",
    "contact.help.pause": "pause dose dispensing",
    "contact.help.changes": "the contact changed the medication",
    "contact.help.note": "note",
    "contact.discharge.help": "discharge; shows the 72-hour window",
    "contact.discharge.help.at": "discharged, ISO-8601 (default: now)",
    "contact.discharge.help.contact": "contact id (default: the open admission)",
    "contact.discharge.help.no_municipal_nursing": "not discharged to municipal nursing",
    "contact.discharge.help.somatic": "somatic (as at the admission)",
    "contact.discharge.help.psychiatric": "psychiatric (as at the admission)",
    "contact.extend.help": "the hospital extends its responsibility after the discharge",
    "contact.extend.help.until": "new end, ISO-8601",
    "contact.extend.help.contact": "contact id (default: the latest discharged admission)",
    # demo data, the schema, extracts, users (cli/data.py)
    "yes": "yes",
    "no": "no",
    "demo.done": (
        "Demo data created: {citizens} citizens, {lines} lines, {changes} changes, {contacts} "
        "hospital contacts ({seconds:.1f} s)."
    ),
    "demo.help": "fill an empty database with demo data",
    "db.created_training": "The training database is created (empty).",
    "db.created": "The database is created (empty).",
    "db.upgraded": "The database is upgraded (version {revision}).",
    "db.current": "The database's version: {revision}; the program's: {head}",
    "db.empty": "(empty)",
    "db.help": "the database's schema",
    "db.help.training": "(init) create a training database: --now and --user free, for teaching and tests",
    "import.done": "Read: {summary}",
    "import.help": "read an extract (JSON)",
    "export.done": "Written: {summary}",
    "export.help": "write an extract (JSON)",
    "user.added": "User {user} is created ({role}).",
    "user.activated": "User {user} is activated.",
    "user.deactivated": "User {user} is deactivated.",
    "user.team_added": "Team {team} is created.",
    "user.help": "users and teams (administrator)",
    "user.list.help": "show the users",
    "user.add.help": "create a user",
    "user.add.help.name": "full name",
    "user.add.help.role": "nurse, coordinator or administrator",
    "user.add.help.team": "the team (required for nurses)",
    "user.activate.help": "activate a user",
    "user.deactivate.help": "deactivate a user",
    "user.team.help": "create a team",
    # the names of option values (metavar)
    "metavar.date": "DATE",
    "metavar.file": "FILE",
    "metavar.user": "USER",
    "metavar.folder": "FOLDER",
    "metavar.proposal": "PROPOSAL",
    "metavar.reason": "REASON",
    # one double prescription (cli/flag.py)
    "flag.acknowledged": "Double prescription {a}-{b}: {what} – {reason}",
    "flag.until": " (up to and including {until})",
    "flag.no_history": "Double prescription {a}-{b} is neither acknowledged nor sent to the doctor.",
    "flag.help": "acknowledge a double prescription, send it to the doctor, see its history",
    "flag.help.flag": "the two lines, e.g. 12-15",
    "flag.ack.help": "acknowledge as intentional (medication coordinator)",
    "flag.ack.help.flag": "the two lines, e.g. 12-15 (see dosisdesk flags)",
    "flag.ack.help.reason": "why the double prescription is intentional",
    "flag.ack.help.until": "applies up to and including (YYYY-MM-DD)",
    "flag.sent.help": "mark as sent to the doctor (medication coordinator)",
    "flag.sent.default_reason": "Sent to the doctor",
    "flag.sent.help.reason": "what was sent, and to whom",
    "flag.history.help": "who acknowledged or sent it, when and why",
    # acute handlings (cli/handling.py)
    "handling.done": "Handling of acute change {id} signed:",
    "handling.step_done": "  {step} — done by {by} {at}",
    "handling.none": "No open handlings.",
    "handling.help": "handlings of acute changes",
    "handling.done.help": "sign a handling (every bag or the ones named)",
    "handling.done.help.id": "the acute change's id",
    "handling.done.help.bag": "DATE/time, e.g. 2026-11-22/evening (repeatable)",
    "handling.list.help": "open handlings (your team)",
    # pausing and resuming (cli/pausing.py)
    "pause.done": "Dose dispensing for {cpr} is paused from {at}: {reason}.",
    "pause.help": "pause dose dispensing",
    "pause.help.from": "from when, ISO-8601 (default: now)",
    "pause.default_reason": "Hospital contact",
    "pause.help.reason": "why (default: Hospital contact, as in the window with no contact chosen)",
    "resume.done": (
        "Dose dispensing for {cpr} is resumed {at}. The first packed roll begins {first}."
    ),
    "resume.manual_days": "Manual dosing {n} days: {days}.",
    "resume.no_manual_days": "No days need manual dosing.",
    "resume.help": "resume dose dispensing (shows the first roll and the manual days)",
    "resume.help.at": "when, ISO-8601 (default: now)",
    # renewal requests (cli/renewal.py)
    "renewal.requested": "Renewal request {id} sent for line {line}.",
    "renewal.decided": "Renewal request {id}: {state}",
    "renewal.rejected": " ({reason}); the team has been given a task",
    "renewal.help": "renewal request: send, renewed, rejected, cancel",
    "renewal.help.id": "the request's id (request_id)",
    "renewal.request.help": "send a renewal request for a line",
    "renewal.request.help.id": "the line's id (line_id in dosisdesk renewals --json)",
    "renewal.request.help.note": "note to the request",
    "renewal.renewed.help": "the doctor has renewed the prescription",
    "renewal.reject.help": "the doctor has rejected it (with one of the ten standard reasons)",
    "renewal.reject.help.reason": "number 1-10 or code: {reasons}",
    "renewal.cancel.help": "cancel the request",
    # supply failures (cli/supply.py)
    "supply.added": "Supply failure {id} registered: {drug} ({atc}) from {first}",
    "supply.until": " to {last}",
    "supply.none": "No supply failures.",
    "supply.none_affected": "No citizens are hit by this supply failure.",
    "supply.help": "supply failures: products the pharmacy cannot deliver",
    "supply.list.help": "supply failures (current; --all: also ended)",
    "supply.list.help.all": "also ended",
    "supply.add.help": "register a product in supply failure (coordinator)",
    "supply.add.help.product": "trade name, substance, ATC code or #number",
    "supply.add.help.from": "first day (YYYY-MM-DD)",
    "supply.add.help.to": "last day (YYYY-MM-DD; left out: open)",
    "supply.add.help.note": "e.g. the pharmacy's message",
    "supply.affected.help": "citizens and roll lines hit by a supply failure",
    "supply.affected.help.id": "the supply failure's number (see supply list)",
    # double prescriptions, contacts, renewals, periods (cli/review.py)
    "flags.acknowledged": "acknowledged",
    "flags.help": "double prescriptions",
    "flags.help.all": "also acknowledged ones",
    "contacts.help": "hospital contacts",
    "contacts.help.open": "open 72-hour windows only",
    "contacts.help.admitted": "admitted now only",
    "renewals.due": "to be renewed",
    "renewals.help": "prescription renewals",
    "renewals.help.due": "only those to be renewed within 28 days",
    "period.preview": "Preview: nothing is saved. Run without --preview to stretch the period.",
    "period.stretched": "The period is stretched.",
    "period.none_moved": "No open changes move to another roll or first day.",
    "period.moved": (
        "{n} open changes move to another roll (old → new first day); the days between may need "
        "manual dispensing:"
    ),
    "period.help": "the packing group's periods",
    "period.help.group": "packing group: name, pharmacy/name or number",
    "period.list.help": "the coming periods",
    "period.stretch.help": "stretch a period (e.g. over Christmas)",
    "period.stretch.help.first_day": "the period's first day (YYYY-MM-DD)",
    "period.stretch.help.days": "new length, 7-28 days",
    "period.stretch.help.note": "why (shown on the card)",
    "period.stretch.help.preview": "show the periods and the changes that move, without saving",
    # the printed handover and medicine list (cli/printing.py)
    "handover.saved_one": (
        "The handover for {team}, {shift} {day}, is saved in {file}: {citizens} citizens, "
        "{pages} page."
    ),
    "handover.saved_many": (
        "The handover for {team}, {shift} {day}, is saved in {file}: {citizens} citizens, "
        "{pages} pages."
    ),
    "medlist.saved_one": "The medicine list for {name} is saved in {file} ({pages} page).",
    "medlist.saved_many": "The medicine list for {name} is saved in {file} ({pages} pages).",
    "printing.help.pdf": "PDF file (no CPR in its name)",
    "handover.help": "handover to the next shift as PDF",
    "handover.help.team": "the team's name",
    "handover.help.date": "date (YYYY-MM-DD); default: today",
    "handover.help.shift": "day (07-15), evening (15-23) or night (23-07)",
    "handover.help.no_short_list": (
        "leave out the short list at the end (renewals in 8–28 days, for information)"
    ),
    "medlist.help": "the citizen's medicine list as PDF",
    # FMK in (cli/fmk.py)
    "fmk.cannot_dose_dispense": " · cannot be dose-dispensed as given",
    "fmk.note": " · Note: {note}",
    "fmk.card": "FMK card for {name} ({cpr}), version {version}",
    "fmk.modified": ", changed in FMK {at}",
    "fmk.medications": "{n} drug prescriptions",
    "fmk.private": ", {n} private-marked (not shown)",
    "fmk.lands": "Accepted changes land in the roll from {day} (deadline {deadline}).",
    "fmk.no_differences": "No differences: the card in dosisdesk matches FMK.",
    "fmk.new": "{n} new proposals",
    "fmk.no_new": "no new proposals",
    "fmk.pending": "{n} differences waiting ({new}):",
    "fmk.how_to_decide": (
        "Accept: dosisdesk fmk accept PROPOSAL · Reject: dosisdesk fmk reject PROPOSAL --reason …"
    ),
    "fmk.accepted": "Proposal {id} accepted: change {change} ({kind}, {drug}) is registered",
    "fmk.accepted_roll": " for the roll from {day} (deadline {deadline}).",
    "fmk.rejected": "Proposal {id} rejected: {reason}",
    "fmk.last_read": "FMK read {at} by {by}, version {version}",
    "fmk.never_read": "The FMK card has not been read yet",
    "fmk.none_pending": "No waiting differences.",
    "fmk.no_inbox": "No FMK inbox is set up (dosisdesk fmk inbox --set-folder FOLDER).",
    "fmk.inbox": (
        "Inbox {folder}: {read} read, {unknown} waiting for a citizen, {failed} could not be read."
    ),
    "fmk.differing_heading": "Citizens whose FMK card differs (oldest first):",
    "fmk.none_differing": "No citizens have differences between FMK and dosisdesk.",
    "fmk.help": "read the medicine card from FMK; accept or reject the differences",
    "fmk.read.help": "read a GetMedicineCardResponse from FMK",
    "fmk.read.help.cpr": "refuse the document if it is not this citizen's",
    "fmk.read.help.create": "create the citizen from the FMK card (medication coordinator)",
    "fmk.read.help.team": "the citizen's team (with --create)",
    "fmk.read.help.group": "packing group for the citizen's dose card (with --create)",
    "fmk.accept.help": "accept a proposal: it becomes a registered change",
    "fmk.reject.help": "reject a proposal with a reason",
    "fmk.reject.help.reason": "reason (required)",
    "fmk.status.help": "last read and waiting differences for a citizen",
    "fmk.inbox.help": "read the FMK inbox; show citizens whose card differs",
    "fmk.inbox.help.folder": "read this folder instead of the setting",
    "fmk.inbox.help.set_folder": "save the inbox folder (empty string: no inbox)",
    "fmk.inbox.help.team": "this team only (coordinator)",
    # correspondence (cli/medcom.py)
    "medcom.attachment": "    attachment: {title}",
    "medcom.failed": "    error: {error}",
    "medcom.sent": "Message {id} to {to} is in the outbox as {file} (message id {message_id}).",
    "medcom.inbox": "Received: {received}, refused: {refused}, taken by the gateway: {taken}.",
    "medcom.refused": "  refused {file}: {reason}",
    "medcom.received": "  new: {id} from {sender} about {citizen}",
    "medcom.unanswered_heading": "Unanswered (oldest first):",
    "medcom.none": "No correspondence.",
    "medcom.address_saved": "The address is saved.",
    "medcom.help": "correspondence messages to doctor and hospital",
    "medcom.new.help": "write a message (put in the outbox)",
    "medcom.new.help.to": "gp (the GP) or contact:ID (the department)",
    "medcom.new.help.category": "category from MedCom's list, e.g. medicine",
    "medcom.new.help.topic": "topic (required with the category other)",
    "medcom.new.help.text": "the message's text",
    "medcom.new.help.about": "occasion: flag:A-B, renewal:ID, change:ID, supply:ID, contact:ID",
    "medcom.new.help.reply_to": "id of the message answered",
    "medcom.new.help.phone": "phone number in the signature",
    "medcom.new.help.asap": "priority (Re referral only)",
    "medcom.new.help.attach": "attach the medicine list (PDF)",
    "medcom.inbox.help": "read the inbox; show unanswered messages",
    "medcom.thread.help": "the citizen's correspondence in threads",
    "medcom.setup.help": "the municipality's address and the folders (administrator)",
    "medcom.setup.help.name": "the sender's name",
    "medcom.setup.help.sor": "the municipality's SOR code",
    "medcom.setup.help.ean": "the municipality's EAN location number",
    "medcom.setup.help.phone": "phone in the signature",
    "medcom.setup.help.outbox": "outbox folder",
    "medcom.setup.help.inbox": "inbox folder",
    "medcom.address.help": "SOR/EAN for the GP, a department or a team",
    "medcom.address.help.ref": "CPR (gp), contact id (contact) or team name (team)",
    # the audit log, passwords, roles, backup, breaking the glass (cli/security.py)
    "audit.entry": "entry {n}",
    "audit.entry_row": "entry {n} (row {row})",
    "audit.edited": "{where}: EDITED after it was written (the content does not match its hash).",
    "audit.deleted": "entry {span}: DELETED (missing before entry {n}).",
    "audit.all_deleted": (
        "ALL entries are DELETED: the checkpoint of {when} knows entry {last}, but the log is empty."
    ),
    "audit.truncated": (
        "entry {first}–{last}: DELETED at the end (TRUNCATED; the checkpoint of {when} knows "
        "entry {last})."
    ),
    "audit.reordered": "{where}: MOVED (stands before an earlier entry; the order is changed).",
    "audit.inserted": "{where}: INSERTED (does not link to the entry before, or its number is used).",
    "audit.forged_from": (
        "{count} entries from entry {n} on have a wrong seal (written or recomputed without the "
        "key)."
    ),
    "audit.forged": "{where}: FORGED (the seal does not match: written or recomputed without the key).",
    "audit.recomputed": "{where}: the chain is RECOMPUTED (differs from the checkpoint of {when}).",
    "audit.checkpoint_forged": "the checkpoint for entry {n} of {when} is FORGED (the seal does not match).",
    "audit.unsealed": "{where}: no seal, though earlier entries have one (written without the key?).",
    "audit.key_written": (
        "The key is written to {file} (readable by the owner only). Set [audit] key_file in "
        "dosisdesk.ini to it."
    ),
    "audit.intact": "The audit log is intact ({n} entries).",
    "audit.broken": "The audit log is BROKEN ({n} entries read):",
    "audit.no_key": (
        "Note: no key is set ([audit] key_file), so the log is not sealed: deleting the newest "
        "entries, forged additions and a recomputed chain cannot be detected."
    ),
    "audit.sealed": "{n} entries sealed; {checkpoints} checkpoints.",
    "audit.checkpoint_written": "Checkpoint written (entry {n}) in {file}.",
    "audit.checkpoint_no_key": "No key is set ([audit] key_file): nothing written.",
    "audit.log_saved_one": "The citizen's log ({n} accesses) is saved in {file} ({pages} page).",
    "audit.log_saved_many": "The citizen's log ({n} accesses) is saved in {file} ({pages} pages).",
    "audit.help": "the audit log",
    "audit.verify.help": "check that the log is unbroken",
    "audit.citizen.help": "who has seen the citizen's data (the citizen's log)",
    "audit.citizen.help.pdf": "save the citizen's log as PDF (no CPR in its name)",
    "audit.checkpoint.help": "write a sealed checkpoint now",
    "audit.key.help": "make a new key for the sealing (IT)",
    "password.current": "Current password: ",
    "password.repeat_new": "Repeat the new password: ",
    "password.set": "The password for {user} is set.",
    "password.help": "change your password (administrator: --for USER)",
    "password.help.for": "set someone else's password (administrator)",
    "roles.done": (
        "Roles and row-level security are set up in schema {schema}: {groups}; {policies} policies."
    ),
    "roles.granted": "  {login}: member of {group}",
    "roles.revoked": "  {login}: no longer member of {group}",
    "roles.created": "  {login}: role created (LOGIN; IT chooses the authentication in pg_hba.conf)",
    "roles.missing": (
        "These users have no role in the database yet (create them, or use --create-logins): "
        "{users}"
    ),
    "roles.help": "PostgreSQL: roles, privileges and row-level security (IT)",
    "roles.help.prefix": "name of the group roles (default dosisdesk: dosisdesk_nurse, …)",
    "roles.help.create_logins": "create missing login roles for active users",
    "backup.done": (
        "The backup is saved in {file} ({kib} KiB; readable by the owner only). Keep it as health "
        "data."
    ),
    "backup.help": "back up the whole database (administrator)",
    "restore.done": "The backup is put back: {citizens} citizens, {entries} entries in the audit log.",
    "restore.audit_intact": "The audit log is intact.",
    "restore.audit_broken": "The audit log is BROKEN:",
    "restore.help": "put a backup back into an empty database (--db)",
    "glass.opened": (
        "Emergency access to {name} ({cpr}) until {until}. The reason is logged and seen by the "
        "medication coordinator."
    ),
    "glass.reviewed": "Emergency access {id} is marked as reviewed.",
    "glass.help": "emergency access to a citizen outside your team (with a reason)",
    "glass.open.help": "open a citizen outside your team (nurse)",
    "glass.open.help.reason": "why (logged; seen by the coordinator)",
    "glass.list.help": "emergency accesses to review (coordinator)",
    "glass.list.help.all": "also the reviewed ones",
    "glass.reviewed.help": "mark an emergency access as reviewed (coordinator)",
}

GROUPS: dict[str, dict[str, str]] = {
    # the names of the program's values
    "cli_period_status": {
        "planned": "planned",
        "locked": "locked (being packed)",
        "not_dispensed": "not dispensed",
        "packed": "packed",
        "delivered": "delivered",
    },
    "cli_renewal_state": {
        "sent": "request sent",
        "renewed": "renewed",
        "rejected": "rejected",
        "cancelled": "cancelled",
    },
    "cli_flag_ack": {
        "intentional": "acknowledged as intentional",
        "sent_to_doctor": "sent to the doctor",
    },
    "cli_contact_kind": {
        "admission": "admission",
        "outpatient": "outpatient",
        "acute_outpatient": "acute outpatient",
    },
    "cli_handling_step": {
        "remove_tablets": "taken out",
        "discard_bags": "discarded — give from an ordinary pack",
        "ask_pharmacy": "ask the pharmacy for a replacement roll",
    },
    # the column headings of the tables
    "cli_queue": {
        "id": "Id",
        "cpr": "CPR",
        "name": "Name",
        "pharmacy": "Pharmacy",
        "period": "Period",
        "deadline": "Deadline",
        "kind": "Kind",
        "drug": "Drug",
        "dosage": "Dosage",
        "state": "State",
        "missed": "",
        "registered_by": "Registered by",
    },
    "cli_search": {"cpr": "CPR", "name": "Name", "team": "Team", "attention": "Attention"},
    "cli_card": {
        "drug": "Drug",
        "strength": "Strength",
        "substance": "Substance",
        "dosage": "Dosage",
        "supply": "Supply",
        "new_appearance": "",
        "paused": "",
    },
    "cli_users": {
        "user": "User",
        "name": "Name",
        "role": "Role",
        "team": "Team",
        "active": "Active",
    },
    "cli_flag_history": {"at": "When", "who": "Who", "what": "What", "reason": "Reason"},
    "cli_handlings": {
        "change": "Change",
        "cpr": "CPR",
        "name": "Name",
        "drug": "Drug",
        "acute_from": "Acute from",
        "missing": "Missing",
    },
    "cli_supply": {
        "id": "No.",
        "drug": "Product",
        "atc": "ATC",
        "first": "From",
        "last": "To",
        "note": "Note",
    },
    "cli_supply_affected": {
        "cpr": "CPR",
        "name": "Name",
        "team": "Team",
        "line": "Line",
        "dosage": "Dosage",
        "first": "From",
        "last": "To",
        "handled": "Given beside the roll",
    },
    "cli_flags": {
        "id": "Id",
        "severity": "Severity",
        "cpr": "CPR",
        "name": "Name",
        "line_a": "Line A",
        "line_b": "Line B",
        "acknowledged": "",
    },
    "cli_contacts": {
        "cpr": "CPR",
        "name": "Name",
        "kind": "Contact",
        "hospital": "Hospital",
        "department": "Department",
        "phone": "Phone",
        "start": "Start",
        "end": "End",
        "window": "72 h until",
    },
    "cli_renewals": {
        "cpr": "CPR",
        "name": "Name",
        "drug": "Drug",
        "valid_until": "Valid until",
        "line": "Line",
        "request": "Request",
        "status": "Status",
        "urgency": "Renewal",
        "rejected_because": "Rejected because",
    },
    "cli_periods": {
        "period": "Period",
        "days": "Days",
        "deadline": "Deadline",
        "delivery": "Delivery",
        "status": "Status",
        "note": "Note",
    },
    "cli_moved": {
        "change": "Change",
        "cpr": "CPR",
        "name": "Name",
        "drug": "Drug",
        "first_day": "First day",
        "manual": "Manual dispensing",
    },
    "cli_fmk_proposals": {
        "proposal": "Proposal",
        "difference": "Difference",
        "now": "Now in dosisdesk",
        "fmk": "From FMK",
        "source": "Source in FMK",
    },
    "cli_fmk_citizens": {
        "cpr": "CPR",
        "name": "Name",
        "team": "Team",
        "pending": "Differences",
        "oldest": "Oldest",
        "last_read": "Last read",
    },
    "cli_medcom_unanswered": {
        "id": "Id",
        "sent": "Sent",
        "cpr": "CPR",
        "name": "Name",
        "category": "Category",
        "to": "To",
        "status": "Status",
    },
    "cli_citizen_log": {"at": "Time", "who": "Who", "role": "Role", "what": "What"},
    "cli_glass": {
        "id": "No.",
        "at": "Time",
        "user": "User",
        "citizen": "Citizen",
        "cpr": "CPR",
        "reason": "Reason",
        "reviewed_by": "Reviewed by",
    },
}
