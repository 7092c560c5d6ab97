"""The extract's format: its name and version, the summaries an export and an import give, and
the check of a document against ``resources/extract.schema.json`` (the first problem as an
:class:`~dosisdesk.domain.errors.ImportError_` with its JSON path).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from dosisdesk import words
from dosisdesk.domain.errors import ImportError_
from dosisdesk.services.periods import MovedChange

FORMAT = "dosisdesk-extract"
VERSION = 1

_MOMENT_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})", re.ASCII
)


# ---------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------


def _counts(citizens: int, lines: int, changes: int, contacts: int) -> str:
    return ", ".join(
        (
            words.count(citizens, "citizen"),
            words.count(lines, "line"),
            words.count(changes, "change"),
            words.count(contacts, "contact"),
        )
    )


def _moved(moved: Sequence[MovedChange]) -> str:
    """The changes an import moved to a later roll, old → new first day, and the days between
    that may need manual dispensing."""
    items = []
    for x in moved:
        text = words.phrase(
            "extract.moved_item_product" if x.product_label else "extract.moved_item",
            change_id=x.change_id,
            citizen=x.citizen_name,
            product=x.product_label,
            old=x.old_first_day,
            new=x.new_first_day,
        )
        if x.manual_days is not None:
            a, b = x.manual_days
            text += ", " + words.phrase("extract.manual_days", first=a, last=b)
        items.append(text)
    return words.phrase(
        "extract.moved", changes=words.count(len(moved), "change"), items="; ".join(items)
    )


@dataclass(frozen=True, slots=True)
class ExportSummary:
    path: str
    citizens: int
    lines: int
    changes: int
    contacts: int
    private_lines_omitted: int  # private-marked lines and the temporary lines derived from them
    private_changes_omitted: int  # changes to those lines

    def __str__(self) -> str:
        counts = _counts(self.citizens, self.lines, self.changes, self.contacts)
        text = words.phrase("extract.export", counts=counts, path=self.path)
        if self.private_lines_omitted:
            text += "; " + words.phrase(
                "extract.private_omitted",
                lines=words.count(self.private_lines_omitted, "private_line"),
                changes=words.count(self.private_changes_omitted, "change"),
            )
        return text


@dataclass(frozen=True, slots=True)
class ImportSummary:
    citizens: int
    lines: int
    changes: int
    contacts: int
    teams_created: int = 0
    users_created: int = 0
    pharmacies_created: int = 0
    packing_groups_created: int = 0
    products_created: int = 0
    supply_failures_created: int = 0
    #: Queued changes whose period the file's stretched periods re-laid: moved to a later roll
    #: (old → new first day), as a stretch moves them.
    moved: tuple[MovedChange, ...] = ()

    def __str__(self) -> str:
        text = _counts(self.citizens, self.lines, self.changes, self.contacts)
        if self.moved:
            text += "; " + _moved(self.moved)
        made = [
            (self.teams_created, "teams"),
            (self.users_created, "users"),
            (self.pharmacies_created, "pharmacies"),
            (self.packing_groups_created, "packing_groups"),
            (self.products_created, "products"),
            (self.supply_failures_created, "supply_failures"),
        ]
        created = ", ".join(f"{n} {words.label('created', what)}" for n, what in made if n)
        return f"{text}; {words.phrase('extract.created', created=created)}" if created else text


# ---------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------


@cache
def schema() -> dict[str, Any]:
    """The extract's JSON Schema (draft 2020-12), as shipped in ``dosisdesk.resources``."""
    text = (
        resources.files("dosisdesk.resources")
        .joinpath("extract.schema.json")
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _is_moment(instance: object) -> bool:
    """The ``date-time`` format: a moment that exists, with a UTC offset."""
    if not isinstance(instance, str):
        return True
    if not _MOMENT_RE.fullmatch(instance):
        return False
    return datetime.fromisoformat(instance).tzinfo is not None  # ValueError: does not exist


@cache
def _validator() -> Any:
    checker = FormatChecker(formats=())
    checker.checkers = dict(Draft202012Validator.FORMAT_CHECKER.checkers)
    checker.checks("date-time", raises=ValueError)(_is_moment)
    return Draft202012Validator(schema(), format_checker=checker)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return _escaped(text if len(text) <= 60 else text[:57] + "...")


def _schema_error(error: ValidationError, total: int) -> ImportError_:
    """The Danish sentence for one schema violation; ``total`` is how many places are wrong."""
    path: str = error.json_path
    kw = error.validator
    value = error.instance
    hint = error.schema.get("x-error-da") if isinstance(error.schema, dict) else None
    if kw == "required":
        missing = [k for k in error.validator_value if k not in value]
        text = words.phrase("schema.required", name=missing[0] if missing else "?")
    elif kw == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(k for k in value if k not in known)
        if extra:
            path = f"{path}.{extra[0]}"
        text = words.phrase("schema.unknown_field")
    elif kw == "type":
        wanted = error.validator_value
        names = [
            words.label("json_type", t) for t in (wanted if isinstance(wanted, list) else [wanted])
        ]
        text = words.phrase(
            "schema.type",
            wanted=words.phrase("schema.or").join(names),
            got=words.label("json_type", _json_type(value)),
        )
    elif kw in ("pattern", "format", "const") and hint:
        text = words.phrase("schema.hint", value=_show(value), hint=hint) if kw != "const" else hint
    elif kw == "enum":
        allowed = ", ".join("null" if v is None else str(v) for v in error.validator_value)
        text = words.phrase("schema.enum", value=_show(value), allowed=allowed)
    elif kw == "minimum":
        text = words.phrase("schema.minimum", value=value, limit=error.validator_value)
    elif kw == "maximum":
        text = words.phrase("schema.maximum", value=value, limit=error.validator_value)
    elif kw == "minLength":
        text = (
            words.phrase("schema.empty")
            if error.validator_value == 1
            else words.phrase("schema.min_length", limit=error.validator_value)
        )
    elif kw == "maxLength":
        text = words.phrase("schema.max_length", limit=error.validator_value)
    else:
        text = words.phrase("schema.other", message=error.message)
    if total > 1:
        text += words.phrase("schema.more", total=total)
    return _err(path, "interop.extract.schema", text=text, detail=error.message)


def validate_document(doc: Any) -> None:
    """Raise ImportError_ for the most relevant schema violation in ``doc``."""
    errors = list(_validator().iter_errors(doc))
    if errors:
        best = best_match(errors)
        assert best is not None
        raise _schema_error(best, len({e.json_path for e in errors}))


def _escaped(text: str) -> str:
    """Text from the file shown safely: control characters written as escapes (``\\x1b``)."""
    if all(c.isprintable() or c == " " for c in text):
        return text
    return "".join(
        c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


def _err(path: str, code: str, **params: Any) -> ImportError_:
    """The import error ``code`` at JSON path ``path`` (its sentences start with ``{where}: ``);
    text from the file is shown with its control characters escaped."""
    path = _escaped(path)
    shown: dict[str, Any] = {k: _escaped(v) if isinstance(v, str) else v for k, v in params.items()}
    return ImportError_(code, path=path, where=path, **shown)
