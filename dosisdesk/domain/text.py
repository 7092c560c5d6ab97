"""Danish text helpers: the collation key that puts Æ, Ø, Å (and Aa) after Z."""

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
