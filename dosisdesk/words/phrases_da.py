"""Danish sentences built from several values (more than a label, less than an error): the
follow-up of an acute change, how long a renewal has left, a countdown. ``phrases_en`` has the
same functions."""

from __future__ import annotations

from datetime import date, timedelta

from dosisdesk.words.calendar_da import format_date, format_day
from dosisdesk.words.labels_da import ACUTE_NOUN, FOLLOW_UP


def follow_up_text(kind: str, roll_first_day: date, acute_day: date) -> str:
    """ "Apoteket stopper pakningen fra rullen ons. 2. dec. (opfølgning af akut seponering
    man. 30. nov.)": the follow-up of an acute change is the roll catching up, not a second
    change."""
    return (
        f"{FOLLOW_UP[kind]} {format_day(roll_first_day, with_year=False)} "
        f"(opfølgning af {ACUTE_NOUN[kind]} {format_day(acute_day, with_year=False)})"
    )


def renewal_text(valid_until: date, today: date) -> str:
    """``udløb 25. nov. (for 5 dage siden)``, ``udløber i dag``, ``udløber om 3 dage (3. dec.)``:
    the sentence beside a renewal, counting days from ``today``."""
    days = (valid_until - today).days
    when = format_date(valid_until, today=today)
    if days < 0:
        ago = "i går" if days == -1 else f"for {-days} dage siden"
        return f"udløb {when} ({ago})"
    if days == 0:
        return "udløber i dag"
    if days == 1:
        return f"udløber i morgen ({when})"
    return f"udløber om {days} dage ({when})"


def countdown(td: timedelta) -> str:
    """A countdown: ``"2 d 5 t 12 min"``, ``"5 t 0 min"``, ``"12 min"``.

    Rounded down to whole minutes (never shows more time than is left); leading zero units are
    left out. Less than a minute left gives ``"under 1 min"``; zero or less gives ``"udløbet"``.
    """
    if td <= timedelta(0):
        return "udløbet"
    total_minutes = int(td.total_seconds() // 60)
    if total_minutes < 1:
        return "under 1 min"
    days, rest = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} t {minutes} min"
    if hours:
        return f"{hours} t {minutes} min"
    return f"{minutes} min"


#: Sentences the services and the extract write, by key, with ``{name}`` fields as in the
#: errors' table (``{day:day}`` formats a date). ``words.phrase(key, **params)`` fills them in.
TEXTS: dict[str, str] = {
    # the notes a change's transitions and pauses carry (stored with the change)
    "handover.remove_from_bags": "{line}: tages ud af poserne {bags}",
    "handover.discard_bags": "Poserne {bags} kasseres; medicinen gives fra almindelig pakning",
    "medcom.narrative": "CareCommunication fra {sender} til {receiver}",
    "slot.clock": "kl. {slot}",
    "note.missed_deadline": "Frist overskredet uden bekræftelse: flyttet til næste periode",
    "note.locked": "Fristen er passeret",
    "note.in_effect": "Perioden er begyndt",
    "note.acute": "akut",
    "note.replaced_by": "Erstattet af en ny ændring ({username}, {at:moment})",
    "note.replaces": "Erstatter ændring {ids}",
    "note.kept_with": "Beholdt sammen med ændring {ids}, der kommer før",
    "note.follow_up_reason": "Opfølgning på akut ændring {change_id}",
    "note.follow_up": "opfølgning på akut ændring {change_id}",
    "changes.someone_else": "en anden bruger",
    "note.acute_pause": "Akut ændring: {reason}",
    "figures.open_flags": "Åbne dobbeltordinationer ({severity:severity})",
    # the correspondence's recipients and drafts
    "correspondence.gp": "Egen læge: {name}",
    "correspondence.gp_org": "Egen læge",
    "correspondence.unknown": "ukendt",
    "correspondence.topic.flag": "Dobbeltordination",
    "correspondence.text.flag": (
        "Vedr. {name}: dosisdispenseringskortet har samme lægemiddel på to ordinationer:\n"
        "- {line_a}\n- {line_b}\nVil du se på, om begge skal fortsætte, og rette i FMK? "
        "Er det bevidst, så skriv det gerne, så vi kan kvittere for det."
    ),
    "correspondence.topic.renewal": "Receptfornyelse afvist",
    "correspondence.text.renewal": (
        "Vedr. {name}: fornyelsen af dosisrecepten på {line} er afvist ({reason}). "
        "Hvordan skal vi forholde os? Pakningen kan ikke dosisdispenseres uden gyldig recept."
    ),
    "correspondence.no_reason": "uden årsag",
    "correspondence.topic.change": "Ordinationsændring",
    "correspondence.text.change": (
        "Vedr. {name}: vi har registreret en ændring ({kind}) fra {day:day}. "
        "Begrundelse: {reason}. Besluttet af: {doctor}."
    ),
    "correspondence.topic.acute_change": "Akut ændring",
    "correspondence.text.acute_change": (
        "Vedr. {name}: vi har registreret en akut ændring ({kind}) fra {day:day}. "
        "Begrundelse: {reason}. Besluttet af: {doctor}. "
        "Kunne ændringen have ventet til næste rulle?"
    ),
    "correspondence.topic.supply": "Leveringssvigt",
    "correspondence.text.supply": (
        "Vedr. {name}: {trade_name} {strength} er i leveringssvigt fra {day:day}. "
        "Vi giver det ved siden af rullen fra almindelig pakning. "
        "Ønsker du at ordinere et andet præparat?"
    ),
    "correspondence.topic.contact": "Spørgsmål om medicin",
    "correspondence.text.contact": "Vedr. {name}, udskrevet fra {department}: ",
    # the extract's summaries
    "extract.export": "{counts} til {path}",
    "extract.private_omitted": "{lines} (og {changes} til dem) er ikke udlæst",
    "extract.created": "oprettet: {created}",
    "extract.moved": "{changes} flyttet til en senere rulle, fordi perioden er forlænget: {items}",
    "extract.moved_item": "ændring {change_id} ({citizen}) {old:day} → {new:day}",
    "extract.moved_item_product": (
        "ændring {change_id} ({citizen}, {product}) {old:day} → {new:day}"
    ),
    "extract.manual_days": "manuel dispensering {first:day}–{last:day}",
    # the extract's schema messages (what is wrong at a JSON path)
    "schema.required": "feltet »{name}« mangler",
    "schema.unknown_field": "feltet findes ikke i formatet (stavefejl?)",
    "schema.type": "skal være {wanted}, men er {got}",
    "schema.or": " eller ",
    "schema.hint": "»{value}« {hint}",
    "schema.enum": "»{value}« er ikke en af de tilladte værdier: {allowed}",
    "schema.minimum": "{value} er for lille; mindst {limit}",
    "schema.maximum": "{value} er for stor; højst {limit}",
    "schema.empty": "må ikke være tom",
    "schema.min_length": "skal have mindst {limit} tegn",
    "schema.max_length": "er for lang; højst {limit} tegn",
    "schema.other": "overholder ikke formatet ({message})",
    "schema.more": " (der er fejl {total} steder i filen; her er den vigtigste)",
}
