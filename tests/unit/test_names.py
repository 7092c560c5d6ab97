"""A person's name and a product's label are written by one function each (domain.text), so
every list, paper and message says them the same way; a product without a strength has no
trailing space in one list and one in another."""

from __future__ import annotations

import re
from pathlib import Path

import dosisdesk
from dosisdesk.domain.text import full_name, product_label

PACKAGE = Path(dosisdesk.__file__).resolve().parent


def test_a_name_and_a_label() -> None:
    assert full_name("Anna", "Hansen") == "Anna Hansen"
    assert product_label("Furix", "40 mg") == "Furix 40 mg"
    assert product_label("Movicol", "") == "Movicol"


def test_no_layer_writes_a_name_or_a_label_itself() -> None:
    spelled = re.compile(
        r"\{[\w.\[\]]*(first_name|trade_name)\} \{[\w.\[\]]*(last_name|strength)\}"
    )
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in ("demo", "words") or rel == Path("domain/text.py"):
            continue  # the demo invents people; the word tables are templates
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if spelled.search(line):
                found.append(f"{rel}:{n}")
    assert not found, "use domain.text.full_name / product_label: " + ", ".join(found)
