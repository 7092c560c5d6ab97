"""The documented JSON extract: how a municipality moves data in and out of dosisdesk.

``dosisdesk export FILE`` writes the extract, ``dosisdesk import FILE`` reads it. The format is
described by ``resources/extract.schema.json`` (JSON Schema, draft 2020-12) and ``docs/extract.md``.

Export
    Coordinators and administrators only. Private-marked lines (R11) are never exported, nor is
    anything that would reveal them (their changes, and the temporary ordinary lines of those
    changes); the summary counts what was left out. The file is written atomically (a temporary
    file in the same folder, fsync, ``os.replace``) and its name may not contain a CPR number.
    Every exported citizen gets an ``extract.export`` entry in the audit log.

Import
    All or nothing, in one transaction: the file is parsed, validated against the schema, then
    checked value by value while it is written; the first problem raises
    :class:`~dosisdesk.domain.errors.ImportError_` whose ``path`` is the JSON path of the offending
    value (``$.citizens[3].cards[0].lines[2].versions[0].dosage``) and whose Danish ``message``
    says what is wrong. A bad file leaves the database exactly as it was.

Periods are not part of the extract: they are generated from the packing groups, and a change
names its target period by the period's first day. When the file brings stretched periods, a
queued change may name a period that no longer starts on that day: it moves by the stretch's rule
(``services.periods.move_to_relaid``: the first re-laid period starting on or after that day,
never earlier) and the import's summary lists it. The audit log is not part of the extract.

The package: ``format`` (the format's name and version, the summaries, the schema check),
``export`` (reading the database set-based and writing the file atomically), ``read`` (the file
read safely: size, depth, JSON, dates and moments) and ``importer`` (the import's one
transaction, checked value by value as it is written).
"""

from __future__ import annotations

from dosisdesk.interop.extract.export import export_extract
from dosisdesk.interop.extract.format import (
    FORMAT,
    VERSION,
    ExportSummary,
    ImportSummary,
    schema,
    validate_document,
)
from dosisdesk.interop.extract.importer import import_extract

__all__ = [
    "FORMAT",
    "VERSION",
    "ExportSummary",
    "ImportSummary",
    "export_extract",
    "import_extract",
    "schema",
    "validate_document",
]
