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
    "roles": _comma_list,
    "quoted_list": _comma_list,
    "signin_account": str,
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
    # dosisdesk/services/access.py
    "services.access.no_citizen_cpr": "no citizen with CPR {number}",
    "services.access.citizen_no_dose_card": "citizen {id} has no dose card",
    "services.access.unknown_team": "unknown team {name!r}",
    # dosisdesk/services/admin.py
    "services.admin.bad_username": "bad username {username!r}",
    "services.admin.full_name_required": "full name required",
    "services.admin.team_name_required": "team name required",
    "services.admin.unknown_role": "unknown role {text!r}",
    "services.admin.user_exists": "user {name} exists",
    "services.admin.nurse_needs_team": "a nurse needs a team",
    "services.admin.unknown_user": "unknown user {username!r}",
    "services.admin.cannot_deactivate_yourself": "cannot deactivate yourself",
    "services.admin.team_exists": "team {clean} exists",
    # dosisdesk/services/audit.py
    "services.audit.key_too_short": "the audit key {file} is too short",
    "services.audit.cannot_read_key": "cannot read the audit key {file}: {e}",
    "services.audit.exists": "{file} exists",
    "services.audit.cannot_write": "cannot write {file}: {e}",
    "services.audit.cannot_read": "cannot read {file}: {e}",
    "services.audit.cannot_write_checkpoint": "cannot write the checkpoint to {file}: {e}",
    # dosisdesk/services/backup.py
    "services.backup.exists": "{file} exists",
    "services.backup.no_folder": "no folder {parent}",
    "services.backup.file_database": "not a file database",
    "services.backup.found": "{name} not found",
    "services.backup.no_file": "no file {src}",
    "services.backup.exists_2": "{dest} exists",
    "services.backup.target_empty": "target not empty",
    "services.backup.pg_restore_failed": "pg_restore failed: {value}",
    "services.backup.pg_dump_failed": "pg_dump failed: {value}",
    "services.backup.damaged": "damaged backup",
    "services.backup.sqlite": "not an SQLite backup: {e}",
    # dosisdesk/services/catalogue.py
    "services.catalogue.unknown_drug": "unknown drug {ref!r}",
    # dosisdesk/services/changes.py
    "services.changes.concurrent_update": "concurrent update: {e}",
    "services.changes.line_no_content_that": "the line has no content at that date",
    "services.changes.line_discontinued": "the line is discontinued",
    "services.changes.dosage_required": "a dosage is required",
    "services.changes.cannot_dose_dispensed": "{trade_name} cannot be dose dispensed",
    "services.changes.received_future": "received in the future",
    "services.changes.change": "change {change_id}",
    "services.changes.change_was_changed_someone": "change {change_id} was changed by someone else (now {state})",
    "services.changes.cancellation_needs_reason": "a cancellation needs a reason",
    "services.changes.new_ordination_no_existing": "a new ordination has no existing line",
    "services.changes.new_ordination_needs_drug": "a new ordination needs a drug",
    "services.changes.new_dosage_equals_current": "the new dosage equals the current one",
    "services.changes.dosage_kept_text_cannot": "a dosage kept as text cannot go in the roll",
    "services.changes.prescription_expired": "the prescription has expired",
    "services.changes.line_this_citizen_s": "line {line_id} is not on this citizen's card",
    "services.changes.change_needs_line": "the change needs a line",
    "services.changes.acute_change_no_first": "an acute change has no first day",
    "services.changes.handling": "a handling on {bag.day}",
    "services.changes.acute_change_effect_cannot": "an acute change in effect cannot be cancelled",
    "services.changes.switching_supply_needs_different": "switching supply needs a different supply",
    "services.changes.roll_line_needs_dosage": "a roll line needs a dosage",
    "services.changes.only_active_line_can": "only an active line can be paused",
    "services.changes.only_paused_line_can": "only a paused line can be resumed",
    # dosisdesk/services/contacts.py
    "services.contacts.bad_phone_number": "bad phone number {phone!r}",
    "services.contacts.contact_starts_future": "contact starts in the future",
    "services.contacts.contact_ends_future": "contact ends in the future",
    "services.contacts.ends_before_starts": "ends before it starts",
    "services.contacts.contact": "contact {contact_id}",
    "services.contacts.contact_changed_meanwhile": "contact {contact_id} changed meanwhile",
    "services.contacts.discharge_future": "discharge in the future",
    "services.contacts.reason_required": "a reason is required",
    "services.contacts.pause_future": "pause in the future",
    "services.contacts.resume_future": "resume in the future",
    "services.contacts.discharged": "not discharged",
    "services.contacts.already_paused": "already paused",
    "services.contacts.paused": "not paused",
    "services.contacts.resume_before_pause": "resume before pause",
    "services.contacts.discharge_before_admission": "discharge before admission",
    # dosisdesk/services/context.py
    "services.context.unknown_user": "unknown user {username!r}",
    # dosisdesk/services/correspondence.py
    "services.correspondence.concerns_private_marked_line": "concerns a private-marked line",
    "services.correspondence.unknown_settings": "unknown settings {unknown}",
    "services.correspondence.line": "line {line_id}",
    "services.correspondence.unknown_context": "unknown context {context_kind!r}",
    "services.correspondence.bad_id": "bad id {text!r}",
    "services.correspondence.bad_flag": "bad flag {text!r}",
    "services.correspondence.unknown_team": "unknown team {team!r}",
    "services.correspondence.contact": "contact {contact_id}",
    "services.correspondence.no_folder": "{key} {folder} is no folder",
    "services.correspondence.renewal": "renewal",
    "services.correspondence.change": "change",
    "services.correspondence.supply_failure": "supply failure",
    "services.correspondence.contact_2": "contact",
    # dosisdesk/services/exchange.py
    "services.exchange.no_outbox": "no outbox",
    "services.exchange.unknown_recipient": "unknown recipient {to!r}",
    "services.exchange.cannot_place_message_outbox": "cannot place the message in the outbox: {e}",
    "services.exchange.duplicate": "duplicate",
    "services.exchange.unknown_citizen": "unknown citizen",
    "services.exchange.message": "message",
    "services.exchange.cannot_write_outbox": "cannot write to the outbox: {e}",
    "services.exchange.reply_about_another_citizen": "reply about another citizen",
    "services.exchange.reply_unknown_message": "reply to an unknown message",
    # dosisdesk/services/figures.py
    "services.figures.unknown_setting": "unknown setting {key!r}",
    "services.figures.must_positive_number_got": "{key} must be a positive number, got {value}",
    # dosisdesk/services/flags.py
    "services.flags.reason_required": "a reason is required",
    "services.flags.end_date_past": "end date in the past",
    "services.flags.line": "line {a}",
    "services.flags.no_such_flag_now": "no such flag now",
    # dosisdesk/services/fmk.py
    "services.fmk.card_another_citizen": "the FMK card is for another citizen",
    "services.fmk.no_proposal": "no FMK proposal {proposal_id}",
    "services.fmk.proposal_changed_meanwhile": "FMK proposal {proposal_id} changed meanwhile",
    "services.fmk.proposal": "FMK proposal {proposal_id} is {state}",
    "services.fmk.rejection_needs_reason": "a rejection needs a reason",
    "services.fmk.proposal_was_decided_meanwhile": "FMK proposal {proposal_id} was decided meanwhile",
    "services.fmk.citizen_exists_already": "the citizen exists already",
    # dosisdesk/services/glass.py
    "services.glass.reason_required": "a reason is required",
    "services.glass.only_nurses_need": "only nurses need it",
    "services.glass.no_such_citizen": "no such citizen",
    "services.glass.own_team": "own team",
    "services.glass.grant": "grant {grant_id}",
    # dosisdesk/services/handlings.py
    "services.handlings.acute_change": "acute change {change_id}",
    "services.handlings.change_cancelled": "the change is cancelled",
    "services.handlings.step_was_signed_someone": "a step was signed by someone else meanwhile",
    "services.handlings.change_no_open_handling": "change {change_id} has no open handling",
    "services.handlings.bag_named_change": "bag {b.day} {slot} is not named by change {change_id}",
    "services.handlings.bag_already_done": "bag {b.day} {slot} is already done",
    # dosisdesk/services/handover.py
    "services.handover.unknown_team": "unknown team {name!r}",
    "services.handover.unknown_shift": "unknown shift {text!r}",
    "services.handover.may_print_another_team": "{username} may not print another team's handover",
    # dosisdesk/services/periods.py
    "services.periods.stretched_period_needs_note": "a stretched period needs a note",
    "services.periods.no_period_starts": "no period starts on {first_day}",
    "services.periods.period_s_deadline_passed": "the period's deadline has passed",
    "services.periods.later_stretch_exists": "a later stretch exists",
    # dosisdesk/services/renewals.py
    "services.renewals.line": "line {line_id}",
    "services.renewals.request_already_open": "a request is already open",
    "services.renewals.renewal": "renewal {request_id}",
    "services.renewals.renewal_changed_meanwhile": "renewal changed meanwhile",
    # dosisdesk/services/review.py
    "services.review.task": "task {task_id}",
    "services.review.task_already_done": "task already done",
    # dosisdesk/services/signin.py
    "services.signin.password_too_short": "password too short",
    "services.signin.password_spaces_ends_control": "password with spaces at the ends or control characters",
    "services.signin.sign_method_database_needs": "sign-in method 'database' needs PostgreSQL",
    "services.signin.passwords_exist": "passwords exist",
    "services.signin.unknown_user": "unknown user {name!r}",
    # dosisdesk/services/supply.py
    "services.supply.ends_before_starts": "ends before it starts",
    "services.supply.failure": "supply failure {failure_id}",
    # dosisdesk/services/undo.py
    "services.undo.line_newer_change": "line {line_id} has a newer change {newer}",
    "services.undo.line_no_content_return": "the line has no content to return to",
    "services.undo.acknowledgement": "acknowledgement {ack_id}",
    "services.undo.flag_was_acknowledged_again": "the flag was acknowledged again since",
    # dosisdesk/services/audit.py
    "services.audit.settings": "{e}",
    # dosisdesk/services/contacts.py
    "services.contacts.saved_meanwhile": "{e}",
    # dosisdesk/services/signin.py
    "services.signin.sign_failed": "sign-in failed ({why})",
    "services.signin.account_active_dosisdesk_user": "{method} account {account!r} is not an active dosisdesk user",
    "services.signin.user_name_password_required": "user name and password required",
    "services.signin.first_administrator_must_set": "the first administrator must set a password",
    "services.signin.user_names_another_person": "--user names another person than the account",
    "services.signin.settings": "{e}",
    "services.signin.active_administrator": "not an active administrator",
    "services.signin.wrong_old_password": "wrong old password",
    "services.signin.no_training_user": "no usable user {name!r} on the training database",
    "services.signin.system_cannot_sign_in": "no usable user {name!r} on the training database",
    "services.access.not_your_team": "{username} is not in the citizen's team",
    "services.access.no_team": "{username} is not in the citizen's team",
    "services.contacts.hospital_required": "{name} is required",
    "services.contacts.department_required": "{name} is required",
    "services.context.role_required": "user {username} ({role}) may not do this",
    "services.fmk.no_team": "no team {team!r}",
    "services.fmk.no_packing_group": "no packing group {packing_group!r}",
    "services.periods.no_group_matches": "{n_hits} packing groups match {ref!r}",
    "services.periods.groups_match": "{n_hits} packing groups match {ref!r}",
    "services.fmk.citizen_not_in_dosisdesk": "no citizen with CPR {masked}",
    # -- end of table --
}
