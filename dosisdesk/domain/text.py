"""Danish text helpers: the collation key that puts Æ, Ø, Å (and Aa) after Z, and the one
phone number formatter."""

from __future__ import annotations

import unicodedata

_AFTER_Z = {"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"}


def danish_sort_key(text: str) -> str:
    """A key that sorts like Danish: ..., Z, Æ, Ø, Å; "Aa" as Å; case and accents ignored.

    Stored in the database so lists sort the same in SQL on SQLite and PostgreSQL.
    """
    s = text.casefold().replace("aa", "å")
    out: list[str] = []
    for ch in s:
        if ch in _AFTER_Z:
            out.append(_AFTER_Z[ch])
            continue
        if ch == "ü":
            out.append("y")
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base)
    return "".join(out)


def name_sort_key(first_name: str, last_name: str) -> str:
    return danish_sort_key(f"{last_name}\t{first_name}")


def format_phone(number: str) -> str:
    """A phone number as Danes write it: eight digits in pairs (``97 66 00 00``), with the
    country code apart when it is there (``+45 97 66 00 00``). Anything that is not a Danish
    number (too short, too long, letters) comes back as it was typed, trimmed. The one phone
    formatter: screen, paper and CLI all use it."""
    text = number.strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if any(not (ch.isdigit() or ch in " +-./()") for ch in text):
        return text
    prefix = ""
    if text.startswith("+45") and len(digits) == 10:
        prefix, digits = "+45 ", digits[2:]
    elif text.startswith("0045") and len(digits) == 12:
        prefix, digits = "+45 ", digits[4:]
    if len(digits) != 8:
        return text
    return prefix + " ".join(digits[i : i + 2] for i in range(0, 8, 2))


def full_name(first_name: str, last_name: str) -> str:
    """A person's name as every list, paper and message writes it: "Anna Hansen"."""
    return f"{first_name} {last_name}"


def product_label(trade_name: str, strength: str) -> str:
    """A product as every list, paper and message names it: "Furix 40 mg" (a product without a
    strength is its name alone, with no space after it)."""
    return f"{trade_name} {strength}".strip()
