"""English sentences built from several values: the same functions as ``phrases_da``."""

from __future__ import annotations

from datetime import date, timedelta

from dosisdesk.words.labels_en import ACUTE_NOUN, FOLLOW_UP


def follow_up_text(kind: str, roll_first_day: date, acute_day: date) -> str:
    """The follow-up of an acute change: the roll catching up."""
    return (
        f"{FOLLOW_UP[kind]} {roll_first_day.isoformat()} "
        f"(follow-up of {ACUTE_NOUN[kind]} {acute_day.isoformat()})"
    )


def renewal_text(valid_until: date, today: date) -> str:
    """How long a renewal has left, counting days from ``today``."""
    days = (valid_until - today).days
    when = valid_until.isoformat()
    if days < 0:
        ago = "yesterday" if days == -1 else f"{-days} days ago"
        return f"expired {when} ({ago})"
    if days == 0:
        return "expires today"
    if days == 1:
        return f"expires tomorrow ({when})"
    return f"expires in {days} days ({when})"


def countdown(td: timedelta) -> str:
    """A countdown: ``"2 d 5 h 12 min"``; ``"under 1 min"``; ``"expired"``."""
    if td <= timedelta(0):
        return "expired"
    total_minutes = int(td.total_seconds() // 60)
    if total_minutes < 1:
        return "under 1 min"
    days, rest = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h {minutes} min"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


#: The same keys as ``phrases_da.TEXTS``.
TEXTS: dict[str, str] = {
    "handover.remove_from_bags": "{line}: taken out of the bags {bags}",
    "handover.discard_bags": "The bags {bags} are discarded; the medicine is given from an ordinary package",
    "medcom.narrative": "CareCommunication from {sender} to {receiver}",
    "slot.clock": "at {slot}",
    "note.missed_deadline": "Deadline passed without confirmation: moved to the next period",
    "note.locked": "The deadline has passed",
    "note.in_effect": "The period has begun",
    "note.acute": "acute",
    "note.replaced_by": "Replaced by a new change ({username}, {at:moment})",
    "note.replaces": "Replaces change {ids}",
    "note.kept_with": "Kept together with change {ids}, which comes first",
    "note.follow_up_reason": "Follow-up of acute change {change_id}",
    "note.follow_up": "follow-up of acute change {change_id}",
    "changes.someone_else": "another user",
    "note.acute_pause": "Acute change: {reason}",
    "figures.open_flags": "Open double prescriptions ({severity:severity})",
    "correspondence.gp": "GP: {name}",
    "correspondence.gp_org": "GP",
    "correspondence.unknown": "unknown",
    "correspondence.topic.flag": "Double prescription",
    "correspondence.text.flag": (
        "Re {name}: the dose dispensing card has the same medicine on two prescriptions:\n"
        "- {line_a}\n- {line_b}\nCould you check whether both should continue, and correct "
        "FMK? If it is intended, please say so, so we can acknowledge it."
    ),
    "correspondence.topic.renewal": "Prescription renewal rejected",
    "correspondence.text.renewal": (
        "Re {name}: the renewal of the dose prescription for {line} was rejected ({reason}). "
        "How should we proceed? The product cannot be dose dispensed without a valid "
        "prescription."
    ),
    "correspondence.no_reason": "no reason given",
    "correspondence.topic.change": "Prescription change",
    "correspondence.text.change": (
        "Re {name}: we have registered a change ({kind}) from {day:day}. "
        "Reason: {reason}. Decided by: {doctor}."
    ),
    "correspondence.topic.acute_change": "Acute change",
    "correspondence.text.acute_change": (
        "Re {name}: we have registered an acute change ({kind}) from {day:day}. "
        "Reason: {reason}. Decided by: {doctor}. Could the change have waited for the next roll?"
    ),
    "correspondence.topic.supply": "Supply failure",
    "correspondence.text.supply": (
        "Re {name}: {trade_name} {strength} has a supply failure from {day:day}. "
        "We give it beside the roll from an ordinary package. "
        "Would you like to prescribe another product?"
    ),
    "correspondence.topic.contact": "Question about medicine",
    "correspondence.text.contact": "Re {name}, discharged from {department}: ",
    "extract.export": "{counts} to {path}",
    "extract.private_omitted": "{lines} (and {changes} to them) not exported",
    "extract.created": "created: {created}",
    "extract.moved": "{changes} moved to a later roll because the period was stretched: {items}",
    "extract.moved_item": "change {change_id} ({citizen}) {old:day} → {new:day}",
    "extract.moved_item_product": "change {change_id} ({citizen}, {product}) {old:day} → {new:day}",
    "extract.manual_days": "manual dispensing {first:day}–{last:day}",
    "schema.required": "the field '{name}' is missing",
    "schema.unknown_field": "the field is not in the format (a typo?)",
    "schema.type": "must be {wanted}, but is {got}",
    "schema.or": " or ",
    "schema.hint": "'{value}' {hint}",
    "schema.enum": "'{value}' is not one of the allowed values: {allowed}",
    "schema.minimum": "{value} is too small; at least {limit}",
    "schema.maximum": "{value} is too large; at most {limit}",
    "schema.empty": "must not be empty",
    "schema.min_length": "must have at least {limit} characters",
    "schema.max_length": "is too long; at most {limit} characters",
    "schema.other": "does not follow the format ({message})",
    "schema.more": " (there are errors in {total} places in the file; this is the most important)",
}
