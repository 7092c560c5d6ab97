"""Correspondence addresses for a demo database: the municipality's made-up SOR code and EAN
number, a phone for the signature, and (for a SQLite file) an outbox and an inbox folder beside
the database, so a newcomer can send a message and drop a reply in without any set-up."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session


def demo_medcom_settings(s: Session) -> list[tuple[str, str]]:
    values = [
        ("medcom.name", "Demo Kommune, Hjemmeplejen"),
        ("medcom.sor", "999900000000016"),
        ("medcom.ean", "5799990000000"),
        ("medcom.phone", "70112233"),
    ]
    url = s.get_bind().engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        base = Path(str(url.database)).resolve()
        for key, name in (("medcom.outbox", "udbakke"), ("medcom.inbox", "indbakke")):
            folder = base.parent / f"{base.stem}-medcom" / name
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # health data: owner only
            values.append((key, str(folder)))
    return values
