"""Structured dosage notation, in and out.

Grammar (spaces around ``+``, ``=``, ``,`` and ``:`` are allowed; case does not matter)::

    dosage   = [ weekdays ":" ] [ slots ] { " " clock "=" amount }   (slots or >= 1 clock entry)
    weekdays = weekday { "," weekday }
    weekday  = "man" | "tir" | "ons" | "tor" | "fre" | "lør" | "søn"
             | "lor" | "son"                      (without ø)
             | "mandag" .. "søndag"               (full Danish names)
             | "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun"
    slots    = amount "+" amount "+" amount "+" amount     (morning + noon + evening + night)
    clock    = H:MM | HH:MM                                (00:00 .. 23:59)
    amount   = digits [ ("," | ".") digit [digit] ]        ("0,5", "1.25"; at most 2 decimals)
             | [ digits ] ( "½" | "¼" | "¾" )              ("½", "1½", "2¾")

Examples: ``1+0+1+0``, ``1+0+½+0``, ``man,ons,fre: 1+0+0+0``, ``1+0+1+0 14:00=1``, ``14:00=2``.

Zero amounts are not stored as entries; entries are ordered morning, noon, evening, night, then
clock times ascending. Weekdays are Python weekday numbers (Monday 0 .. Sunday 6); no weekday part
means every day. :func:`format_dosage` writes the canonical form (quarters as "¼", "½", "¾", a
Danish decimal comma otherwise, through :func:`format_amount`), and ``parse_dosage(format_dosage(d)) == d`` for every dosage :func:`parse_dosage` returns.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from dosisdesk.domain.calendar import WEEKDAY_ABBR_DA, WEEKDAYS_DA
from dosisdesk.domain.errors import InvalidDosage
from dosisdesk.domain.invariants import MAX_UNITS_PER_INTAKE
from dosisdesk.domain.types import SLOT_ORDER, Dosage, DoseEntry

__all__ = [
    "bags_on",
    "format_amount",
    "format_dosage",
    "parse_dosage",
    "slot_amounts",
]


_WEEKDAY_NAMES: dict[str, int] = {
    **{name: i for i, name in enumerate(WEEKDAY_ABBR_DA)},
    "lor": 5,
    "son": 6,
    **{name: i for i, name in enumerate(WEEKDAYS_DA)},
    "lordag": 5,
    "sondag": 6,
    **{name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
}

_GLYPHS: dict[str, Decimal] = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75")}
_AMOUNT_RE = re.compile(r"(?P<int>\d+)?(?:(?P<sep>[.,])(?P<dec>\d+))?(?P<glyph>[½¼¾])?")
_CLOCK_RE = re.compile(r"(\d{1,2}):(\d{2})")
_WEEKDAY_PREFIX_RE = re.compile(r"^\s*([^\d:+=]*[^\W\d_][^\d:+=]*?)\s*:(.*)$", re.DOTALL)
_EXAMPLE = "Skriv fx 1+0+1+0."
_SLOT_NAMES_DA = ("morgen", "middag", "aften", "nat")


def _fail(english: str, danish_detail: str, example: str = _EXAMPLE) -> InvalidDosage:
    return InvalidDosage(english, f"Doseringen kan ikke læses: {danish_detail} {example}")


def _parse_amount(text: str, *, where: str) -> Decimal:
    """One non-negative amount with at most two decimals (``where`` names it in messages)."""
    raw = text
    if raw.startswith("-"):
        raise _fail(
            f"negative amount {raw!r} ({where})",
            f'"{raw}" ({where}) er negativ; en dosis kan ikke være under 0.',
        )
    m = _AMOUNT_RE.fullmatch(raw)
    if not raw or m is None or (m["int"] is None and m["dec"] is None and m["glyph"] is None):
        shown = raw or "(tom)"
        raise _fail(f"not a number: {raw!r} ({where})", f'"{shown}" ({where}) er ikke et tal.')
    if m["glyph"] is not None and m["sep"] is not None:
        raise _fail(
            f"decimal and fraction glyph together: {raw!r}",
            f'"{raw}" ({where}) blander decimaltal og brøk.',
            "Skriv fx 1,5 eller 1½.",
        )
    if m["sep"] is not None and m["int"] is None:
        raise _fail(
            f"amount without integer part: {raw!r}",
            f'"{raw}" ({where}) mangler et tal før kommaet.',
            "Skriv fx 0,5.",
        )
    if m["dec"] is not None and len(m["dec"]) > 2:
        raise _fail(
            f"more than 2 decimals: {raw!r} ({where})",
            f'"{raw}" ({where}) har mere end 2 decimaler.',
        )
    try:
        value = Decimal(m["int"] or "0")
        if m["dec"] is not None:
            value += Decimal(f"0.{m['dec']}")
    except InvalidOperation as exc:  # pragma: no cover - the regex only lets digits through
        raise _fail(f"not a number: {raw!r}", f'"{raw}" ({where}) er ikke et tal.') from exc
    if m["glyph"] is not None:
        value += _GLYPHS[m["glyph"]]
    if value > MAX_UNITS_PER_INTAKE:
        raise _fail(
            f"absurd amount {raw[:30]!r} ({where})",
            f'"{raw[:30]}" ({where}) er for meget til én indtagelse '
            f"(højst {MAX_UNITS_PER_INTAKE}).",
        )
    return _canonical(value)


def _canonical(value: Decimal) -> Decimal:
    """A stable representation: ``1``, ``0.5``, ``1.25`` (never ``1E+1`` or ``0.50``)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _parse_weekdays(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.split(","):
        name = part.strip().lower().rstrip(".")
        if not name:
            raise _fail(
                f"empty weekday in {text!r}",
                f'ugedagene "{text.strip()}" har en tom plads mellem kommaerne.',
                "Skriv fx man,ons,fre: 1+0+0+0.",
            )
        if name not in _WEEKDAY_NAMES:
            raise _fail(
                f"unknown weekday {name!r}",
                f'"{part.strip()}" er ikke en ugedag (brug man, tir, ons, tor, fre, lør, søn).',
                "Skriv fx man,ons,fre: 1+0+0+0.",
            )
        days.add(_WEEKDAY_NAMES[name])
    return frozenset(days)


def _parse_clock(text: str) -> str:
    m = _CLOCK_RE.fullmatch(text)
    if m is None or int(m[1]) > 23 or int(m[2]) > 59:
        raise _fail(
            f"invalid clock time {text!r}",
            f'klokkeslættet "{text}" findes ikke (brug 00:00 til 23:59).',
            "Skriv fx 1+0+1+0 14:00=1.",
        )
    return f"{int(m[1]):02d}:{m[2]}"


def _sort_key(at: str) -> tuple[int, str]:
    for i, slot in enumerate(SLOT_ORDER):
        if at == slot.value:
            return (i, "")
    return (len(SLOT_ORDER), at)


def parse_dosage(text: str, *, allow_zero: bool = False) -> Dosage:
    """Parse the dosage notation (see the module docstring) into a :class:`Dosage`.

    Raises InvalidDosage with a Danish message that names the bad part and shows an example:
    wrong number of slots, not a number, negative, more than 2 decimals, an invalid clock time,
    an unknown weekday, a clock time given twice, or every amount zero (unless ``allow_zero``).
    """
    source = text.strip()
    if not source:
        raise _fail("empty dosage", "der står ingenting.")
    weekdays: frozenset[int] = frozenset()
    m = _WEEKDAY_PREFIX_RE.match(source)
    if m is not None:
        weekdays = _parse_weekdays(m[1])
        source = m[2].strip()
    body = re.sub(r"\s*([+=])\s*", r"\1", source)
    tokens = body.split()
    if not tokens:
        raise _fail(
            "no amounts after the weekdays",
            "der mangler doser efter ugedagene.",
            "Skriv fx man,ons,fre: 1+0+0+0.",
        )

    amounts: dict[str, Decimal] = {}
    slots_seen = False
    for token in tokens:
        if "=" in token:
            clock_text, _, amount_text = token.partition("=")
            at = _parse_clock(clock_text)
            if at in amounts:
                raise _fail(
                    f"clock time {at} given twice",
                    f"klokkeslættet {at} står der to gange.",
                    "Skriv fx 1+0+1+0 14:00=1.",
                )
            amounts[at] = _parse_amount(amount_text, where=f"kl. {at}")
        elif ":" in token and "+" not in token:
            raise _fail(
                f"clock entry without amount {token!r}",
                f'"{token}" mangler en dosis efter et lighedstegn.',
                "Skriv fx 1+0+1+0 14:00=1.",
            )
        elif "+" in token or not slots_seen:
            if slots_seen:
                raise _fail(
                    f"second slot part {token!r}",
                    f'der er to sæt morgen+middag+aften+nat ("{token}").',
                )
            parts = token.split("+")
            if len(parts) != len(SLOT_ORDER):
                raise _fail(
                    f"expected 4 slots, got {len(parts)} in {token!r}",
                    f'der skal være 4 tal (morgen+middag+aften+nat), men "{token}" har '
                    f"{len(parts)}.",
                )
            for slot, name, part in zip(SLOT_ORDER, _SLOT_NAMES_DA, parts, strict=True):
                amounts[slot.value] = _parse_amount(part, where=name)
            slots_seen = True
        else:
            raise _fail(
                f"unexpected text {token!r}",
                f'"{token}" hører ikke til en dosering.',
                "Skriv fx 1+0+1+0 14:00=1.",
            )

    entries = tuple(
        DoseEntry(at=at, amount=amount)
        for at, amount in sorted(amounts.items(), key=lambda kv: _sort_key(kv[0]))
        if amount != 0
    )
    if not entries and not allow_zero:
        raise _fail(
            f"all amounts are zero: {text!r}",
            "alle doser er 0. Skal medicinen seponeres, så registrér en seponering.",
        )
    return Dosage(entries=entries, weekdays=weekdays)


#: The quarters written as fractions, as on a pill box: ``¼``, ``½``, ``¾``.
_FRACTION_GLYPHS: dict[Decimal, str] = {v: k for k, v in _GLYPHS.items()}


def format_amount(value: Decimal) -> str:
    """An amount of a drug as nurses write it, the one way for screen, paper and command line:
    ``1``, ``½``, ``1¼``, ``2¾``, and a Danish decimal comma otherwise (``0,3``, ``1,25`` is
    ``1¼``)."""
    whole = int(value)
    frac = value - whole
    if frac == 0:
        return str(whole)
    glyph = _FRACTION_GLYPHS.get(frac)
    if glyph is not None:
        return (str(whole) if whole else "") + glyph
    return format(_canonical(value), "f").replace(".", ",")


def format_dosage(d: Dosage) -> str:
    """Canonical text: ``"1+0+½+0"``, ``"man,ons,fre: 1+0+0+0"``, ``"1+0+1+0 14:00=1"``.

    The four-slot part is written when any slot has an amount (or nothing else would be written:
    an empty dosage is ``"0+0+0+0"``); clock entries follow in ascending order.
    """
    slot_values = {s.value for s in SLOT_ORDER}
    slot_part = "+".join(format_amount(d.amount_at(s.value)) for s in SLOT_ORDER)
    clocks = sorted(
        (e for e in d.entries if e.at not in slot_values and e.amount != 0), key=lambda e: e.at
    )
    has_slots = any(e.at in slot_values and e.amount != 0 for e in d.entries)
    parts: list[str] = []
    if has_slots or not clocks:
        parts.append(slot_part)
    parts.extend(f"{e.at}={format_amount(e.amount)}" for e in clocks)
    text = " ".join(parts)
    if d.weekdays:
        names = ",".join(WEEKDAY_ABBR_DA[i] for i in sorted(d.weekdays))
        text = f"{names}: {text}"
    return text


def slot_amounts(d: Dosage) -> list[tuple[str, Decimal]]:
    """The non-zero amounts in intake order: morning, noon, evening, night, then clock times."""
    return [
        (e.at, e.amount) for e in sorted(d.entries, key=lambda e: _sort_key(e.at)) if e.amount != 0
    ]


def bags_on(d: Dosage, day: date) -> list[tuple[str, Decimal]]:
    """The bags (intake time, amount) on ``day``; empty when the weekday pattern excludes it."""
    if not d.applies_on(day):
        return []
    return slot_amounts(d)
