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
