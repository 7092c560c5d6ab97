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

from dosisdesk.domain.errors import InvalidDosage
from dosisdesk.domain.invariants import MAX_UNITS_PER_INTAKE
from dosisdesk.domain.types import SLOT_ORDER, Dosage, DoseEntry
from dosisdesk.words.calendar_da import WEEKDAY_ABBR, WEEKDAYS

__all__ = [
    "bags_on",
    "format_amount",
    "format_dosage",
    "parse_dosage",
    "slot_amounts",
]


_WEEKDAY_NAMES: dict[str, int] = {
    **{name: i for i, name in enumerate(WEEKDAY_ABBR)},
    "lor": 5,
    "son": 6,
    **{name: i for i, name in enumerate(WEEKDAYS)},
    "lordag": 5,
    "sondag": 6,
    **{name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
}

_GLYPHS: dict[str, Decimal] = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75")}
_AMOUNT_RE = re.compile(r"(?P<int>\d+)?(?:(?P<sep>[.,])(?P<dec>\d+))?(?P<glyph>[½¼¾])?")
_CLOCK_RE = re.compile(r"(\d{1,2}):(\d{2})")
_WEEKDAY_PREFIX_RE = re.compile(r"^\s*([^\d:+=]*[^\W\d_][^\d:+=]*?)\s*:(.*)$", re.DOTALL)


def _parse_amount(text: str, *, where: str) -> Decimal:
    """One non-negative amount with at most two decimals (``where``, an intake time or a clock
    time, names it in messages)."""
    raw = text
    if raw.startswith("-"):
        raise InvalidDosage("dosage.negative_amount", raw=raw, where=where)
    m = _AMOUNT_RE.fullmatch(raw)
    if not raw or m is None or (m["int"] is None and m["dec"] is None and m["glyph"] is None):
        shown = raw or "(tom)"
        raise InvalidDosage("dosage.not_a_number", raw=raw, shown=shown, where=where)
    if m["glyph"] is not None and m["sep"] is not None:
        raise InvalidDosage("dosage.decimal_fraction_glyph_together", raw=raw, where=where)
    if m["sep"] is not None and m["int"] is None:
        raise InvalidDosage("dosage.amount_without_integer_part", raw=raw, where=where)
    if m["dec"] is not None and len(m["dec"]) > 2:
        raise InvalidDosage("dosage.more_than_2_decimals", raw=raw, where=where)
    try:
        value = Decimal(m["int"] or "0")
        if m["dec"] is not None:
            value += Decimal(f"0.{m['dec']}")
    except InvalidOperation as exc:  # pragma: no cover - the regex only lets digits through
        raise InvalidDosage("dosage.not_a_number", raw=raw, shown=raw, where=where) from exc
    if m["glyph"] is not None:
        value += _GLYPHS[m["glyph"]]
    if value > MAX_UNITS_PER_INTAKE:
        raise InvalidDosage(
            "dosage.absurd_amount",
            raw=raw[:30],
            where=where,
            max_units_per_intake=MAX_UNITS_PER_INTAKE,
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
            raise InvalidDosage("dosage.empty_weekday", text=text, value=text.strip())
        if name not in _WEEKDAY_NAMES:
            raise InvalidDosage("dosage.unknown_weekday", name=name, value=part.strip())
        days.add(_WEEKDAY_NAMES[name])
    return frozenset(days)


def _parse_clock(text: str) -> str:
    m = _CLOCK_RE.fullmatch(text)
    if m is None or int(m[1]) > 23 or int(m[2]) > 59:
        raise InvalidDosage("dosage.invalid_clock_time", text=text)
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
        raise InvalidDosage("dosage.empty")
    weekdays: frozenset[int] = frozenset()
    m = _WEEKDAY_PREFIX_RE.match(source)
    if m is not None:
        weekdays = _parse_weekdays(m[1])
        source = m[2].strip()
    body = re.sub(r"\s*([+=])\s*", r"\1", source)
    tokens = body.split()
    if not tokens:
        raise InvalidDosage("dosage.no_amounts_after_weekdays")

    amounts: dict[str, Decimal] = {}
    slots_seen = False
    for token in tokens:
        if "=" in token:
            clock_text, _, amount_text = token.partition("=")
            at = _parse_clock(clock_text)
            if at in amounts:
                raise InvalidDosage("dosage.clock_time_given_twice", at=at)
            amounts[at] = _parse_amount(amount_text, where=at)
        elif ":" in token and "+" not in token:
            raise InvalidDosage("dosage.clock_entry_without_amount", token=token)
        elif "+" in token or not slots_seen:
            if slots_seen:
                raise InvalidDosage("dosage.second_slot_part", token=token)
            parts = token.split("+")
            if len(parts) != len(SLOT_ORDER):
                raise InvalidDosage("dosage.expected_4_slots_got", n_parts=len(parts), token=token)
            for slot, part in zip(SLOT_ORDER, parts, strict=True):
                amounts[slot.value] = _parse_amount(part, where=slot.value)
            slots_seen = True
        else:
            raise InvalidDosage("dosage.unexpected_text", token=token)

    entries = tuple(
        DoseEntry(at=at, amount=amount)
        for at, amount in sorted(amounts.items(), key=lambda kv: _sort_key(kv[0]))
        if amount != 0
    )
    if not entries and not allow_zero:
        raise InvalidDosage("dosage.all_amounts_are_zero", text=text)
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
        names = ",".join(WEEKDAY_ABBR[i] for i in sorted(d.weekdays))
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
