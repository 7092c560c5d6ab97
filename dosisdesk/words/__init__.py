"""The words a person reads, per language: the one place the program keeps its sentences.

The layers below the faces speak no language: an error carries a ``code`` (``cpr.letters``) and
its ``params`` (plain values), a result carries an enum. The words live here, one table per
language and kind:

* ``errors_da`` / ``errors_en``: a sentence per error code, with ``{name}`` fields for the
  parameters (``{name:spec}`` names a format: a label group such as ``change_state``, a date
  format such as ``day``, or one of the table's own ``FORMATS``);
* ``labels_da`` / ``labels_en``: the names of the domain's values (change states, kinds, bag
  actions, sections of the handover sheet ...), one dict per group keyed by the value;
* ``calendar_da`` / ``calendar_en``: how a date and a time are written;
* ``phrases_da`` / ``phrases_en``: sentences built from several values, and ``TEXTS``, the
  services' and the extract's sentences by key (:func:`phrase`);
* ``paper_da`` / ``paper_en``: the paper face's own words by key (also read with :func:`phrase`);
* ``cli_da`` / ``cli_en``: the command line's own words by key (its headings, result lines,
  prompts and help texts, read with :func:`say`) and the names it gives values (``cli_*`` label
  groups).

A new language is one file of each (``errors_xx``, ``labels_xx``, ``calendar_xx``, ``phrases_xx``,
``paper_xx``, ``cli_xx``) and a line in
:data:`LANGUAGES`; ``tests/unit/test_words.py`` checks that every code the product raises is in
every table with the same fields. The faces choose the language (:func:`set_language`); the UI
keeps its own texts in Qt's ``.ts`` as before.

This package imports nothing from the rest of dosisdesk (import-linter keeps it so), so every
layer may use it.
"""

from __future__ import annotations

import enum
import importlib
import string
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from types import ModuleType
from typing import Any, overload

__all__ = [
    "ACUTE_NOUN",
    "ANSWERS",
    "AUDIT_ACTION",
    "BAG_ACTION",
    "CHANGE_KIND",
    "CHANGE_STATE",
    "CONTACT_KIND",
    "CORRESPONDENCE_CATEGORY",
    "DISCHARGE_CHECKLIST",
    "FIELD",
    "FIGURE",
    "FIGURES_HEADER",
    "FMK_PROPOSAL_KIND",
    "FMK_PROPOSAL_STATE",
    "FOLLOW_UP",
    "HANDLING_KIND",
    "HANDOVER_CHECKLIST",
    "LANGUAGES",
    "MESSAGE_STATUS",
    "NOT_MAPPED",
    "QUEUE_HEADER",
    "REJECTION_REASON",
    "RENEWAL_STATE",
    "RENEWAL_URGENCY",
    "RENEWAL_URGENCY_WORD",
    "ROLE",
    "ROLL_CHANGE",
    "SHIFT",
    "SIGNATURE_ROLE",
    "SUPPLY",
    "TRIAGE_SECTION",
    "Columns",
    "Labels",
    "count",
    "countdown",
    "error_fields",
    "follow_up_text",
    "has_error",
    "has_phrase",
    "label",
    "language",
    "phrase",
    "render_error",
    "renewal_text",
    "say",
    "set_language",
    "slot_name",
]


class _Language:
    def __init__(
        self,
        errors: ModuleType,
        labels: ModuleType,
        calendar: ModuleType,
        phrases: ModuleType,
        paper: ModuleType,
        cli: ModuleType,
    ) -> None:
        self.errors: dict[str, str] = errors.ERRORS
        self.labels: dict[str, dict[str, str]] = {**labels.GROUPS, **cli.GROUPS}
        self.formats: dict[str, Callable[[Any], str]] = {**calendar.FORMATS, **errors.FORMATS}
        self.phrases = phrases
        #: The sentences by key: the phrases' and the paper's (``phrase`` reads them).
        self.texts: dict[str, str] = {**phrases.TEXTS, **paper.TEXTS}
        #: The command line's sentences by key (``say`` reads them).
        self.cli: dict[str, str] = cli.TEXTS


class _Languages(Mapping[str, _Language]):
    """The languages by code, each one's tables read from its modules (``errors_da`` ...) the
    first time the language is asked for: a program that shows no sentence (the GUI's first
    screen) loads none, and one that reads Danish does not load the English tables."""

    def __init__(self, codes: Sequence[str]) -> None:
        self._codes = tuple(codes)
        self._loaded: dict[str, _Language] = {}

    def __getitem__(self, code: str) -> _Language:
        loaded = self._loaded.get(code)
        if loaded is not None:
            return loaded
        if code not in self._codes:
            raise KeyError(code)
        kinds = ("errors", "labels", "calendar", "phrases", "paper", "cli")
        modules = [importlib.import_module(f"{__name__}.{kind}_{code}") for kind in kinds]
        # two threads may build it at once: the same tables, and the first kept
        return self._loaded.setdefault(code, _Language(*modules))

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)


#: The languages the tables exist in. The first is what a user reads unless a face says else;
#: English is the one for logs and developers (``str(err)``).
LANGUAGES: Mapping[str, _Language] = _Languages(("da", "en"))

_current = "da"


def language() -> str:
    """The language users read now (``"da"`` unless a face set another)."""
    return _current


def set_language(lang: str) -> None:
    """Let users read ``lang`` from now on (a key of :data:`LANGUAGES`)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"no words for language {lang!r}")
    _current = lang


def _key(value: object) -> str:
    """A label's key: an enum's value (an int enum's lower-case name), a plain value as text."""
    if isinstance(value, enum.IntEnum):
        return value.name.lower()
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def label(group: str, value: object, lang: str | None = None) -> str:
    """The name of ``value`` in ``group`` (``label("change_state", ChangeState.LOCKED)``)."""
    return LANGUAGES[lang or _current].labels[group][_key(value)]


class Labels(Mapping[str, str]):
    """One group of labels as a read-only dict in the current language: ``CHANGE_STATE[state]``.

    Keys are the values' codes (a ``StrEnum`` member works as its value); iteration gives them in
    the table's order."""

    def __init__(self, group: str) -> None:
        self.group = group

    def _table(self) -> dict[str, str]:
        return LANGUAGES[_current].labels[self.group]

    def __getitem__(self, key: object) -> str:
        return self._table()[_key(key)]

    def __contains__(self, key: object) -> bool:
        return _key(key) in self._table()

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


class Columns(Sequence[str]):
    """The headings of a table's columns, a group of labels in the table's order, as a sequence
    in the current language: a CSV writer's ``writerow(QUEUE_HEADER)``."""

    def __init__(self, group: str) -> None:
        self.group = group

    def _names(self) -> list[str]:
        return list(LANGUAGES[_current].labels[self.group].values())

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._names()[index]

    def __len__(self) -> int:
        return len(self._names())


#: The groups the faces and the services read most, in the current language.
CHANGE_STATE = Labels("change_state")
CHANGE_KIND = Labels("change_kind")
HANDLING_KIND = Labels("handling_kind")
BAG_ACTION = Labels("bag_action")
FOLLOW_UP = Labels("follow_up")
ACUTE_NOUN = Labels("acute_noun")
TRIAGE_SECTION = Labels("triage_section")
NOT_MAPPED = Labels("not_mapped")
REJECTION_REASON = Labels("rejection_reason")
RENEWAL_STATE = Labels("renewal_state")
RENEWAL_URGENCY = Labels("renewal_urgency")
RENEWAL_URGENCY_WORD = Labels("renewal_urgency_word")
ANSWERS = Labels("answers")
DISCHARGE_CHECKLIST = Labels("discharge_checklist")
CORRESPONDENCE_CATEGORY = Labels("correspondence_category")
FMK_PROPOSAL_KIND = Labels("fmk_proposal_kind")
FMK_PROPOSAL_STATE = Labels("fmk_proposal_state")
CONTACT_KIND = Labels("contact_kind")
AUDIT_ACTION = Labels("audit_action")
SHIFT = Labels("shift")
HANDOVER_CHECKLIST = Labels("handover_checklist")
SUPPLY = Labels("supply")
SIGNATURE_ROLE = Labels("signature_role")
MESSAGE_STATUS = Labels("message_status")
ROLE = Labels("role")
FIELD = Labels("field")
ROLL_CHANGE = Labels("roll_change")
FIGURES_HEADER = Columns("figures_header")
FIGURE = Labels("figure")
QUEUE_HEADER = Columns("queue_header")


def follow_up_text(kind: str, roll_first_day: date, acute_day: date) -> str:
    """The follow-up of an acute change of ``kind`` (a ``ChangeKind``): "Apoteket stopper
    pakningen fra rullen ons. 2. dec. (opfølgning af akut seponering man. 30. nov.)"."""
    text: str = LANGUAGES[_current].phrases.follow_up_text(_key(kind), roll_first_day, acute_day)
    return text


def renewal_text(valid_until: date, today: date) -> str:
    """How long a renewal has left: "udløber om 3 dage (3. dec.)"."""
    text: str = LANGUAGES[_current].phrases.renewal_text(valid_until, today)
    return text


def slot_name(slot: str) -> str:
    """A bag's slot: "morgen", or for a clock slot "kl. 14:00" (the slot as written)."""
    names = LANGUAGES[_current].labels["slot"]
    return names.get(slot) or phrase("slot.clock", slot=slot)


def countdown(td: timedelta) -> str:
    """A countdown: "2 d 5 t 12 min", "under 1 min", "udløbet"."""
    text: str = LANGUAGES[_current].phrases.countdown(td)
    return text


class _Formatter(string.Formatter):
    def __init__(self, lang: _Language) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in self.lang.labels:
            return self.lang.labels[format_spec][_key(value)]
        if format_spec in self.lang.formats:
            return str(self.lang.formats[format_spec](value))
        return str(super().format_field(value, format_spec))


def phrase(key: str, lang: str | None = None, /, **params: object) -> str:
    """The sentence ``key`` of the phrases' ``TEXTS`` with ``params`` filled in (the same
    ``{name:spec}`` fields as an error's sentence), in ``lang`` (default: the current language):
    ``phrase("note.replaces", ids="3, 4")`` is "Erstatter ændring 3, 4"."""
    language_ = LANGUAGES[lang or _current]
    return _Formatter(language_).vformat(language_.texts[key], (), params)


def say(key: str, /, **params: object) -> str:
    """The command line's sentence ``key`` (of ``cli_da``/``cli_en``) with ``params`` filled in
    (the same ``{name:spec}`` fields as a phrase), in the current language:
    ``say("change.cancelled", id=7, state="annulleret")``. The key is always written out where it
    is used, so ``tests/unit/test_words.py`` can check every key against every table."""
    language_ = LANGUAGES[_current]
    return _Formatter(language_).vformat(language_.cli[key], (), params)


def has_phrase(key: str) -> bool:
    """True when ``key`` is a sentence of the phrases' tables."""
    return key in LANGUAGES["da"].texts


def count(n: int, noun: str) -> str:
    """``n`` and the noun in the right number: "1 ændring", "3 ændringer"."""
    return f"{n} {label('count_one' if n == 1 else 'count_many', noun)}"


def has_error(code: str) -> bool:
    """True when ``code`` is an error code of the tables."""
    return code in LANGUAGES["da"].errors


def render_error(code: str, params: Mapping[str, object], lang: str | None = None) -> str:
    """The sentence of error ``code`` with ``params`` filled in, in ``lang`` (default: the
    current language). A missing parameter raises KeyError (the tests walk every code)."""
    language_ = LANGUAGES[lang or _current]
    return _Formatter(language_).vformat(language_.errors[code], (), dict(params))


def error_fields(template: str) -> set[str]:
    """The parameter names a sentence uses (``{name}``, ``{name:spec}``, ``{name!r}``)."""
    return {
        field.split(".")[0].split("[")[0]
        for _, field, _, _ in string.Formatter().parse(template)
        if field is not None and field != ""
    }
