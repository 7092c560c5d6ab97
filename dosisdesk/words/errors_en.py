"""The English sentence of every error code: for logs and developers (``str(err)``).

The same codes as ``errors_da``; a sentence may leave out a parameter the Danish one uses (and
the other way round), never use one the error does not carry.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dosisdesk.words.labels_en import SLOT


def _where(where: object) -> str:
    return f" ({where})" if where else ""


def _comma_list(parts: Iterable[object]) -> str:
    return ", ".join(str(p) for p in parts)


def _dose_place(at: object) -> str:
    return SLOT.get(str(at)) or f"at {at}"


def _ignore(value: object) -> str:
    return ""


def _lower(value: object) -> str:
    return str(value).lower()


#: The formats a sentence may name beside the label groups and the calendar's.
FORMATS: dict[str, Any] = {
    "where": _where,
    "and_list": _comma_list,
    "missing_list": _comma_list,
    "lower": _lower,
    "queued_changes": _ignore,
    "replace_options": _comma_list,
    "keep_options": _comma_list,
    "dose_place": _dose_place,
    "ids": _comma_list,
}

ERRORS: dict[str, str] = {
    # dosisdesk/domain/cpr.py
    "cpr.must_string": "CPR must be a string",
    "cpr.empty": "CPR is empty",
    "cpr.contains_letters": "CPR contains letters: {compact!r}",
    "cpr.contains_invalid_characters": "CPR contains invalid characters: {compact!r}",
    "cpr.must_have_10_digits": "CPR must have 10 digits, got {n_compact}",
    "cpr.month": "CPR has month {mm:02d}",
    "cpr.birth_date_future": "CPR birth date {born} is in the future",
    "cpr.before_birth_date": "{day} is before the birth date {born}",
    "cpr.file_name_looks_like": "file name {shown!r} looks like it contains a CPR number",
    "cpr.no_day_zero": "CPR has no valid birth date ({dd:02d}-{mm:02d}-{year})",
    "cpr.no_such_day": "CPR has no valid birth date ({dd:02d}-{mm:02d}-{year})",
    # dosisdesk/domain/calendar.py
    "calendar.iso_8601_time": "not an ISO-8601 time: {text!r}",
    # dosisdesk/domain/renewals.py
    "renewals.valid_until_before_issued": "valid_until {valid_until} is before issued {issued}",
    "renewals.valid_until_more_than": "valid_until {valid_until} is more than 2 years after issued {issued} (latest {latest})",
    "renewals.renewal_request_cannot_go": "renewal request cannot go from {current} to {target}",
    "renewals.rejection_needs_reason": "a rejection needs a reason",
    "renewals.reason_only_given_rejection": "a reason is only given with a rejection, not with {target}",
    # dosisdesk/domain/doubles.py
    "doubles.acknowledgement_needs_reason": "an acknowledgement needs a reason",
    # dosisdesk/domain/queue.py
    "queue.no_period_deadline_ahead": "no period with a deadline ahead is known",
    "queue.change_cannot_move_from": "change cannot move from {current} to {target}",
    "queue.cannot_undo_confirmation_after": "cannot undo a confirmation after the deadline",
    "queue.cannot_undo_cancellation_change": "cannot undo the cancellation of a change that is {state}",
    "queue.only_cancelled_planned_change": "only a cancelled planned change, registered or confirmed, can come back",
    "queue.cannot_undo_cancellation_after": "cannot undo a cancellation after the deadline",
    "queue.first_day_past": "first day {wanted_from} is in the past",
    "queue.no_bags_named_handling": "no bags named for the handling",
    "queue.tablets_can_only_taken": "tablets can only be taken out when every tablet is identifiable",
    "queue.cannot_undo_confirmation_change": "cannot undo the confirmation of a change that is {state}",
    "queue.bag_outside_roll_home": "bag {b.day} {slot} is outside the roll in the home",
    # dosisdesk/domain/invariants.py
    "invariants.day_out_range": "day out of range: {day}",
    "invariants.year_out_range": "year out of range: {year}",
    "invariants.integer_out_range": "integer out of range: {value}",
    "invariants.absurd_amount": "absurd amount {amount}",
    "invariants.text_too_long_characters": "text too long ({n_text} characters)",
    "invariants.control_character_text": "control character in text",
    "invariants.empty_name": "empty name",
    "invariants.received_after_registered": "received after registered",
    "invariants.change_without_history": "a change without history",
    "invariants.state_last_transition_s": "state is not the last transition's",
    "invariants.renewal_decided_before_was": "renewal decided before it was sent",
    "invariants.line_without_versions": "a line without versions",
    "invariants.broken_transition_chain": "broken transition chain",
    "invariants.transitions_out_time_order": "transitions out of time order",
    # dosisdesk/domain/pause.py
    "pause.no_known_period_deadline": "no known period has its deadline after the resume at {resume_at}",
    # dosisdesk/domain/periods.py
    "periods.start_weekday_must_0": "start_weekday must be 0..6, got {start_weekday}",
    "periods.length_days_must_least": "length_days must be at least 1, got {length_days}",
    "periods.deadline_days_before_must": "deadline_days_before must be at least 1, got {deadline_days_before}",
    "periods.delivery_days_before_must": "delivery_days_before must not be negative, got {delivery_days_before}",
    "periods.anchor_weekday_schedule_starts": "anchor {anchor} is on weekday {value}, schedule starts on weekday {start_weekday}",
    "periods.start_from_after_until": "start_from {start_from} is after until {until}",
    "periods.stretched_period_starting_length": "stretched period starting {first_day} has length {length}, allowed {min_stretch_days}..{max_stretch_days}",
    "periods.stretched_period_starting_no": "stretched period starting {first_day} has no note",
    "periods.stretch_date_first_day": "stretch date {key} is not the first day of a generated period",
    "periods.period_ends_before_starts": "period {first_day}..{last_day} ends before it starts",
    "periods.overlap": "periods {first_day}..{last_day} and {first_day2}..{last_day2} overlap",
    # dosisdesk/domain/correspondence.py
    "correspondence.signature_needs_name_role": "signature needs name and role",
    "correspondence.bad_signature_phone": "bad signature phone {phone!r}",
    "correspondence.no_sor_code": "{who_} has no SOR code",
    "correspondence.no_ean_number": "{who_} has no EAN number",
    "correspondence.unknown_category": "unknown category {category!r}",
    "correspondence.topic_required_other": "topic required for other",
    "correspondence.topic_too_long": "topic too long",
    "correspondence.priority_only_regarding_referral": "priority only with regarding-referral",
    "correspondence.empty_text": "empty text",
    "correspondence.text_too_long": "text too long",
    "queue.no_period_from": "no period starts on or after {wanted_from}",
    "queue.no_period_from_last": "no period starts on or after {wanted_from}",
    "queue.acute_lacks": "acute change lacks {missing:missing_list}",
    # dosisdesk/domain/dosage.py
    "dosage.not_a_number": "not a number: {raw!r} ({where:dose_place})",
    "dosage.negative_amount": "negative amount {raw!r} ({where:dose_place})",
    "dosage.decimal_fraction_glyph_together": "decimal and fraction glyph together: {raw!r}",
    "dosage.amount_without_integer_part": "amount without integer part: {raw!r}",
    "dosage.more_than_2_decimals": "more than 2 decimals: {raw!r} ({where:dose_place})",
    "dosage.absurd_amount": "absurd amount {raw!r} ({where:dose_place})",
    "dosage.invalid_clock_time": "invalid clock time {text!r}",
    "dosage.empty": "empty dosage",
    "dosage.no_amounts_after_weekdays": "no amounts after the weekdays",
    "dosage.all_amounts_are_zero": "all amounts are zero: {text!r}",
    "dosage.empty_weekday": "empty weekday in {text!r}",
    "dosage.unknown_weekday": "unknown weekday {name!r}",
    "dosage.clock_time_given_twice": "clock time {at} given twice",
    "dosage.clock_entry_without_amount": "clock entry without amount {token!r}",
    "dosage.unexpected_text": "unexpected text {token!r}",
    "dosage.second_slot_part": "second slot part {token!r}",
    "dosage.expected_4_slots_got": "expected 4 slots, got {n_parts} in {token!r}",
    # dosisdesk/domain/conflicts.py
    "conflicts.queued": "the line already has open changes for the same roll: {ids:ids}",
    "conflicts.stale_choice": "the line already has open changes for the same roll: {ids:ids}",
    # dosisdesk/storage/repo.py
    "storage.repo.packing_group": "packing group {group_id}",
    "storage.repo.bad_bag_list": "bad bag list {raw!r}",
    # dosisdesk/storage/errors.py
    "storage.errors.database_busy": "the database is busy: {detail}",
    "storage.errors.conflicting_unit_work": "a conflicting unit of work: {detail}",
    "storage.errors.database_cannot_reached": "the database cannot be reached: {detail}",
    "storage.errors.database_schema_does_match": "the database schema does not match: {detail}",
    # dosisdesk/storage/migrate.py
    "storage.migrate.database_schema_unknown_this": "the database schema {rev} is unknown to this program (newer version?)",
    "storage.migrate.database_no_dosisdesk_schema": "the database has no dosisdesk schema; run 'dosisdesk db upgrade'",
    "storage.migrate.database_schema_older_than": "the database schema {rev} is older than this program's {expected}; run 'dosisdesk db upgrade'",
    "storage.migrate.foreign_key_check_failed": "foreign key check failed after migration: {bad}",
    # dosisdesk/storage/db.py
    "storage.db.no_database": "no database at {file}",
    "storage.db.cannot_open_database": "cannot open the database: {orig}",
    "storage.db.folder": "{file} is a folder",
    "storage.db.regular_file": "{file} is not a regular file",
    "storage.db.cannot_read": "cannot read {file}: {e}",
    "storage.db.database_url": "not a database URL: {url!r}",
    "storage.db.cannot_reach": "cannot reach {file}: {e}",
    "storage.db.unsupported_database_url": "unsupported database URL {url!r}: {e}",
    "storage.db.exists_already": "{file} exists already",
    "storage.db.usable_database": "not a usable database: {orig}",
    "storage.db.cannot_create": "cannot create {file}: {e}",
    "storage.db.database_dosisdesk_schema_already": "the database has a dosisdesk schema already",
    # -- end of table --
}
