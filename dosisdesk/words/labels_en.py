"""The English names of the domain's values: the same groups and keys as ``labels_da``."""

from __future__ import annotations

CHANGE_STATE = {
    "registered": "Registered",
    "confirmed": "Confirmed",
    "locked": "Locked",
    "in_effect": "In effect",
    "cancelled": "Cancelled",
}

CHANGE_KIND = {
    "new": "New prescription",
    "dose_change": "Dose change",
    "discontinue": "Discontinuation",
    "switch_supply": "Change of supply",
    "pause_line": "Pause",
    "resume_line": "Resume",
}

HANDLING_KIND = {
    "remove_tablets": "Tablets taken out of named bags",
    "discard_bags": "Bags discarded, medicine given from an ordinary pack",
    "ask_pharmacy": "Pharmacy asked for a replacement or extra roll",
    "pause_card": "Dose dispensing paused",
}

BAG_ACTION = {
    "remove": "taken out",
    "discard": "discarded — give from an ordinary pack",
    "unchanged": "unchanged",
    "unhandled": "not handled — decide",
}

FOLLOW_UP = {
    "discontinue": "The pharmacy stops packing it from the roll",
    "dose_change": "The pharmacy packs the new dose from the roll",
    "pause_line": "The pharmacy pauses packing it from the roll",
    "resume_line": "The pharmacy resumes packing it from the roll",
    "new": "The pharmacy packs the medicine from the roll",
    "switch_supply": "The pharmacy changes the packing from the roll",
}

ACUTE_NOUN = {
    "discontinue": "acute discontinuation",
    "dose_change": "acute dose change",
    "pause_line": "acute pause",
    "resume_line": "acute resumption",
    "new": "acute new prescription",
    "switch_supply": "acute change of supply",
}

ACUTE_MISSING = {
    "reason": "reason",
    "doctor": "doctor",
    "handling": "handling",
}

TRIAGE_SECTION = {
    "handlings": "Handlings during the shift",
    "acute": "Acute changes",
    "window_closing": "72-hour responsibility ends during the shift",
    "hospital": "Admissions, discharges and pauses",
    "bags_changing": "The bags change",
    "expired": "Dose prescription expired – the pharmacy cannot pack",
    "follow_up": "Follow-up in the daytime",
    "short_list": "Short list: renewals in 8–28 days, for information",
}

NOT_MAPPED = {
    "free_text": "FMK gives the dosage as free text",
    "local_schema": "FMK refers to a dosage schema in a local system",
    "combined": "fixed and as-needed dosage on the same prescription",
    "several_structures": "several dosage periods one after another",
    "no_structure": "FMK gives no dosage",
    "not_iterated": "the dosage does not repeat",
    "interval": "the dosage does not repeat daily or weekly",
    "any_day": "a dose on any day",
    "days_differ": "different doses on the days of the week",
    "no_time": "a dose without a time (morning, noon, evening, night or a clock time)",
    "time_twice": "the same time twice on the same day",
    "seconds": "a clock time with seconds",
    "range": "a dose given as minimum–maximum",
    "quantity": "a quantity that is not a positive number with at most 2 decimals",
    "ends_early": "the dosage ends before the treatment",
}

REJECTION_REASON = {
    "treatment_ended": "The treatment has ended",
    "needs_consultation": "Renewal needs a consultation",
    "contact_own_doctor": "Contact your own doctor for a prescription",
    "renew_at_checkup_place": "Renew where the citizen has check-ups",
    "renew_with_last_prescriber": "Renew with the doctor who prescribed last",
    "request_withdrawn": "The request was withdrawn (by the citizen or home nursing)",
    "valid_prescription_exists": "Not renewed, a valid prescription exists",
    "too_early": "Too early to issue a new prescription",
    "supplied_by_hospital": "The hospital supplies the medicine",
    "over_the_counter": "The medicine is sold over the counter",
}

RENEWAL_STATE = {
    "sent": "sent",
    "renewed": "renewed",
    "rejected": "rejected",
    "cancelled": "cancelled",
}

RENEWAL_URGENCY = {
    "expired": "Expired",
    "soon": "Expires within 7 days",
    "due": "Expires within 28 days",
}

RENEWAL_URGENCY_WORD = {
    "expired": "EXPIRED",
    "soon": "WITHIN 7 DAYS",
    "due": "WITHIN 28 DAYS",
}

ANSWERS = {
    "hospital": "Admitted: call the department",
    "department": "72-hour responsibility: call the department",
    "gp": "Call the GP",
}

DISCHARGE_CHECKLIST = {
    "epicrisis_received": "Discharge summary received",
    "fmk_checked": "FMK checked",
    "changes_registered": "Changes registered",
    "dd_resumed_or_still_paused_decided": "Dose dispensing resumed or still paused (decided)",
}

CORRESPONDENCE_CATEGORY = {
    "alcohol-and-drug-treatment": "Alcohol and drug treatment",
    "assistive-devices": "Assistive devices",
    "carecoordination": "Care coordination",
    "decease": "Decease",
    "discharge": "Discharge",
    "examination-results": "Examination results",
    "healthcare": "Health care",
    "home-care-assessment": "Home care assessment",
    "medicine": "Medicine",
    "nursing": "Nursing",
    "outpatient": "Outpatient",
    "psychiatry-social-disability": "Psychiatry, social, disability",
    "regarding-referral": "Regarding referral",
    "telemedicine": "Telemedicine",
    "training": "Training",
    "acute-ambulant": "Acute ambulant",
    "extended-care-responsibility": "Extended care responsibility",
    "other": "Other",
}

CLOSED_DAY = {
    "new_year": "New Year's Day",
    "maundy_thursday": "Maundy Thursday",
    "good_friday": "Good Friday",
    "easter_sunday": "Easter Sunday",
    "easter_monday": "Easter Monday",
    "ascension_day": "Ascension Day",
    "whit_sunday": "Whit Sunday",
    "whit_monday": "Whit Monday",
    "christmas_day": "Christmas Day",
    "boxing_day": "Boxing Day",
    "great_prayer_day": "Great Prayer Day",
    "christmas_eve": "Christmas Eve",
    "constitution_day": "Constitution Day",
    "pharmacy_closed": "The pharmacy is closed",
    "saturday": "Saturday",
    "sunday": "Sunday",
}

SLOT = {
    "morning": "morning",
    "noon": "noon",
    "evening": "evening",
    "night": "night",
}

#: A user's role, in a sentence (lower case).
ROLE = {
    "nurse": "nurse",
    "coordinator": "coordinator",
    "administrator": "administrator",
}

FMK_PROPOSAL_KIND = {
    "new": "New in FMK",
    "dose": "Dose changed",
    "ended": "Ended in FMK",
    "into_roll": "Into the roll",
    "out_of_roll": "Out of the roll",
    "supply": "Supply changed",
    "substituted": "Another trade name",
    "not_in_fmk": "Not in FMK",
}

FMK_PROPOSAL_STATE = {
    "pending": "Pending",
    "accepted": "Accepted",
    "rejected": "Rejected",
    "superseded": "Superseded",
}

CONTACT_KIND = {
    "admission": "Admission",
    "outpatient": "Outpatient",
    "acute_outpatient": "Acute outpatient",
}

#: What an audit action means to the citizen.
AUDIT_ACTION = {
    "card.read": "Card read",
    "change.register": "Change registered",
    "change.confirm": "Change confirmed",
    "change.cancel": "Change cancelled",
    "change.read": "Change read",
    "queue.advance": "Change moved by the program (deadline passed)",
    "contact.add": "Hospital contact registered",
    "contact.discharge": "Discharge registered",
    "contact.extend": "Responsibility period extended",
    "contact.checklist": "Checklist after discharge",
    "card.pause": "Dose dispensing paused",
    "card.resume": "Dose dispensing resumed",
    "renewal.send": "Renewal sent",
    "task.done": "Task done",
    "print.handover": "Printed (handover)",
    "print.medlist": "Printed (medicine list)",
    "print.citizen_log": "Printed (citizen's log)",
    "extract.export": "Exported",
    "extract.import": "Imported",
    "queue.export": "Exported (change queue)",
    "search.read": "Shown in search results",
    "queue.read": "Shown in the change queue",
    "flags.read": "Shown in double prescriptions",
    "contacts.read": "Shown in hospital contacts",
    "renewals.read": "Shown in renewals",
    "supply.read": "Shown in supply failures",
    "acute.read": "Shown in acute changes",
    "discharges.read": "Shown in discharges whose checklist is not done",
    "audit.citizen": "Citizen's log read",
    "access.refused": "Access refused",
    "access.break_glass": "Opened outside own team (break the glass)",
    "*.read": "Read",
    "*.print": "Printed",
}

#: The handover's shifts.
SHIFT = {
    "day": "Day shift 07–15",
    "evening": "Evening shift 15–23",
    "night": "Night shift 23–07",
}

#: The discharge checklist as the handover lists what is missing.
HANDOVER_CHECKLIST = {
    "epicrisis_received": "discharge summary received",
    "fmk_checked": "FMK checked",
    "changes_registered": "changes registered",
    "dd_decided": "dose dispensing resumed or still paused",
}

#: Where a line's medicine comes from.
SUPPLY = {
    "dose_roll": "in the roll",
    "ordinary": "beside the roll",
    "as_needed": "as needed (PN)",
}

#: A user's role as a message's signature gives it.
SIGNATURE_ROLE = {
    "nurse": "Nurse",
    "coordinator": "Medicine coordinator",
    "administrator": "Administrator",
}

#: Where a MedCom message stands.
MESSAGE_STATUS = {
    "ready": "ready",
    "sent": "sent",
    "answered": "answered",
    "failed": "failed",
    "received": "received",
}

#: Names of the fields a checked text or day belongs to (in an error's "(where)").
FIELD = {
    "valid_until": "valid until",
    "search": "search",
    "first_day": "first day",
    "source": "source",
    "reason": "reason",
    "doctor": "doctor",
    "gp": "The GP",
    "municipality": "The municipality",
    "change": "the change",
}

#: How a line of the next roll compares with the card today (the handover sheet).
ROLL_CHANGE = {
    "new": "NEW",
    "changed": "CHANGED",
}

#: The settings of the figures a coordinator may change, named in messages.
FIGURE_SETTING = {
    "population_75plus": "the municipality's number of citizens aged 75 or over",
    "target_citizens": "the target for the number of citizens on dose dispensing",
}

#: The columns of the figures' CSV file (one long table).
FIGURES_HEADER = {
    "scope": "Scope",
    "measure": "Measure",
    "from": "From",
    "to": "To",
    "value": "Value",
}

#: The measures of the figures' CSV file.
FIGURE = {
    "municipality": "The municipality",
    "on_dd": "Citizens on dose dispensing",
    "over75": "Of whom aged 75 or over",
    "share75": "Share 75+ of citizens on DD (%)",
    "target": "Target for citizens on dose dispensing",
    "population75": "Citizens aged 75 or over in the municipality",
    "coverage75": "Share of the municipality's 75+ on DD (%)",
    "changes": "Changes registered",
    "acute": "Of which acute",
    "acute_share": "Share acute (%)",
    "missed": "Missed deadlines",
}

#: A flag's severity as the figures' CSV file writes it.
SEVERITY = {
    "high": "high",
    "review": "review",
    "info": "info",
}

#: The columns of the change queue's CSV file.
QUEUE_HEADER = {
    "pharmacy": "Pharmacy",
    "pack_group": "Pack group",
    "deadline": "Deadline",
    "period_from": "Period from",
    "citizen": "Citizen",
    "cpr": "CPR",
    "team": "Team",
    "change": "Change",
    "product": "Medicine",
    "dosage": "Dosage",
    "state": "State",
    "acute": "Acute",
    "missed": "Missed deadlines",
    "registered": "Registered",
    "registered_by": "Registered by",
}

#: A JSON value's type in the extract's schema messages.
JSON_TYPE = {
    "string": "a text",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}

#: Python's JSON parser's messages (its own English, the key) as the import shows them.
JSON_ERROR = {
    "Expecting value": "a value is expected here",
    "Expecting ',' delimiter": "a comma is missing here",
    "Expecting ':' delimiter": "a colon is missing here",
    "Expecting property name enclosed in double quotes": "a field name in double quotes is expected here",
    "Unterminated string starting at": 'a text does not end (a " is missing)',
    "Extra data": "there is more after the end of the document",
    "Invalid control character at": "invalid control character in a text",
    "Invalid \\escape": "invalid \\ sequence in a text",
}

#: Counted nouns (``words.count(3, "change")``): one, and more than one.
COUNT_ONE = {
    "citizen": "citizen",
    "line": "line",
    "change": "change",
    "contact": "hospital contact",
    "private_line": "private-marked line",
}
COUNT_MANY = {
    "citizen": "citizens",
    "line": "lines",
    "change": "changes",
    "contact": "hospital contacts",
    "private_line": "private-marked lines",
}

#: What an import created beside the citizens (after a count).
CREATED = {
    "teams": "teams",
    "users": "users (inactive)",
    "pharmacies": "pharmacies",
    "packing_groups": "packing groups",
    "products": "medicines",
    "supply_failures": "supply failures",
}

#: A line's supply as the paper writes it after a medicine.
SUPPLY_PAPER = {
    "dose_roll": "in the roll",
    "ordinary": "beside the roll",
    "as_needed": "as needed",
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
