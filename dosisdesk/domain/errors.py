"""Typed errors. Domain and services raise these; only the UI and the CLI turn them into text.

An error carries a ``code`` (a stable dotted name, ``cpr.letters``) and its ``params`` (plain
values); the sentences live in the word tables (``dosisdesk.words``: ``errors_da``,
``errors_en``). ``message`` is the sentence a nurse reads (the current language, Danish), and
``str(err)`` the English one for logs and developers. ``path`` names a place in an input file
when the error comes from an import.

``DosisError("code", name=value, ...)`` is the way to raise. The old form with the two sentences
written out, ``DosisError(english, danish)``, still works for the faces' own errors (the UI's);
such an error has the code ``""``.
"""

from __future__ import annotations

from typing import Any

from dosisdesk import words


class DosisError(Exception):
    """Base of all expected errors (the environment's or the input's fault, not a bug)."""

    def __init__(
        self,
        code: str,
        danish: str | None = None,
        *,
        path: str | None = None,
        **params: object,
    ) -> None:
        if danish is None and words.has_error(code):
            self.code = code
            self.params: dict[str, object] = params
            english = words.render_error(code, params, "en")
            message = words.render_error(code, params)
        else:
            if params:
                raise TypeError(f"unknown error code {code!r} with parameters {sorted(params)}")
            self.code = ""
            self.params = {}
            english = code
            message = danish or code
        super().__init__(english)
        self.english = english
        self.message = message
        self.path = path


class InvalidInput(DosisError):
    """Input that cannot be accepted: a bad CPR, dose notation, date, unknown code."""


class InvalidCpr(InvalidInput):
    pass


class InvalidDosage(InvalidInput):
    pass


class NotFound(DosisError):
    pass


class RuleViolation(DosisError):
    """A request the rules do not allow (an illegal state transition, a missing justification)."""


class AccessDenied(DosisError):
    """A refused access. ``who`` is the acting user (an ``Actor``), ``what`` the kind of
    record and ``citizen_id`` the citizen it concerned, so the refusal can be logged; ``logged``
    is set once it is."""

    def __init__(
        self,
        code: str,
        danish: str | None = None,
        *,
        who: object = None,
        what: str = "",
        citizen_id: int | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code, danish, **params)
        self.who = who
        self.what = what
        self.citizen_id = citizen_id
        self.logged = False


class ConflictError(DosisError):
    """Someone else changed the record since it was read; nothing was overwritten."""

    def __init__(
        self,
        code: str,
        danish: str | None = None,
        *,
        changed: dict[str, tuple[object, object]],
        **params: Any,
    ) -> None:
        super().__init__(code, danish, **params)
        self.changed = changed


class StorageError(DosisError):
    """The database could not be reached, is locked, full or of an unknown schema."""


class SchemaMismatch(StorageError):
    pass


class DatabaseMissing(StorageError):
    """No database at the given address (a mistyped ``--db``): nothing was created. Only
    ``dosisdesk db init`` and the first-run dialog create a database. The CLI exits 2."""


class DatabaseExists(StorageError):
    """``db init`` met a database that already exists: it is left as it was. The CLI exits 2."""


class DatabaseBusy(StorageError):
    """Another program holds the database's write lock longer than we wait: try again. The CLI
    exits 2 (nothing changed)."""


class DatabaseConflict(StorageError):
    """PostgreSQL gave up a unit of work for a deadlock or a serialisation failure, again after
    a few tries: try again. The CLI exits 2 (nothing changed)."""


class DatabaseLost(StorageError):
    """The database cannot be reached, or the connection broke during the work (nothing was
    saved halfway)."""


class ImportError_(InvalidInput):
    """A bad extract file; ``path`` is the JSON path of the offending value."""
