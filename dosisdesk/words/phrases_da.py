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
