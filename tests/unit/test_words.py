"""The word tables (``dosisdesk.words``): every error code the product raises has a sentence in
every language, with the parameters the raise site gives; the domain speaks no language."""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path

import pytest

import dosisdesk
from dosisdesk import words
from dosisdesk.domain.conflicts import ConflictingChange, QueuedChange
from dosisdesk.domain.cpr import normalize_cpr
from dosisdesk.domain.errors import DosisError, InvalidInput, RuleViolation
from dosisdesk.domain.queue import check_acute, check_transition
from dosisdesk.domain.types import ChangeKind, ChangeState

PACKAGE = Path(dosisdesk.__file__).parent
CODE_RE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
#: Keywords of an error that are not parameters of its sentence.
NOT_PARAMS = {"path", "who", "what", "citizen_id", "changed"}
#: Layers that write no Danish (outside docstrings), and layers whose errors carry codes only (no
#: sentence written at the raise site).
SPEAK_NO_LANGUAGE = ("domain", "storage", "services", "interop", "reports", "cli")
RAISE_CODES = SPEAK_NO_LANGUAGE
_STANDARD_SPEC = re.compile(r"[<>=^]?[+\- ]?#?0?\d*[,_]?(\.\d+)?[bcdeEfFgGnosxX%]?")


def _sources() -> list[tuple[Path, ast.Module]]:
    return [
        (p, ast.parse(p.read_text(encoding="utf-8")))
        for p in sorted(PACKAGE.rglob("*.py"))
        if "words" not in p.relative_to(PACKAGE).parts and "migrations" not in p.parts
    ]


SOURCES = _sources()


def _error_classes() -> set[str]:
    """The names of DosisError and every class that derives from it, anywhere in the product."""
    names = {"DosisError"}
    while True:
        more = {
            node.name
            for _, tree in SOURCES
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
            and any(
                (isinstance(b, ast.Name) and b.id in names)
                or (isinstance(b, ast.Attribute) and b.attr in names)
                for b in node.bases
            )
        }
        if more <= names:
            return names
        names |= more


ERROR_CLASSES = _error_classes()


def _helpers() -> set[str]:
    """Functions that build an error from a code (``def _err(path, code, **params) ->
    ImportError_``): their calls are raise sites too."""
    return {
        node.name
        for _, tree in SOURCES
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and isinstance(node.returns, ast.Name | ast.Constant)
        and (node.returns.id if isinstance(node.returns, ast.Name) else node.returns.value)
        in ERROR_CLASSES
        and "code" in [a.arg for a in node.args.args]
    }


HELPERS = _helpers()


def _callee(call: ast.Call, cls: ast.ClassDef | None) -> bool:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id in ERROR_CLASSES
    if isinstance(f, ast.Attribute):
        if f.attr == "__init__" and isinstance(f.value, ast.Call):
            return cls is not None and cls.name in ERROR_CLASSES  # super().__init__(...)
        return f.attr in ERROR_CLASSES
    return False


def _helper(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Name) and call.func.id in HELPERS


def _codes_of(arg: ast.expr) -> list[str]:
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if isinstance(arg, ast.IfExp):
        return _codes_of(arg.body) + _codes_of(arg.orelse)
    return []


def _raise_sites() -> list[tuple[str, ast.Call, list[str]]]:
    """(where, call, codes) for every error built in the product with a code literal."""
    sites = []
    for path, tree in SOURCES:
        classes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
        owner = {id(c): cls for cls in classes for c in ast.walk(cls)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            if _helper(node):  # the code is the argument named code (after the place)
                codes = [c for a in node.args[:2] for c in _codes_of(a) if CODE_RE.fullmatch(c)]
            elif _callee(node, owner.get(id(node))):
                codes = [c for c in _codes_of(node.args[0]) if CODE_RE.fullmatch(c)]
            else:
                continue
            if codes:
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                sites.append((where, node, codes))
    return sites


SITES = _raise_sites()


def _fields(template: str) -> dict[str, str]:
    out = {}
    for _, field, spec, _ in string.Formatter().parse(template):
        if field:
            out[re.split(r"[.\[]", field)[0]] = spec or ""
    return out


def _params(code: str) -> set[str]:
    return {f for lang in words.LANGUAGES.values() for f in _fields(lang.errors[code])}


def test_the_product_raises_coded_errors() -> None:
    # the walk finds the raise sites (a broken walk would pass anything), the helpers' too
    assert len(SITES) > 300
    assert {"_err", "_fail"} <= HELPERS


def test_every_code_raised_is_in_every_language() -> None:
    missing = [
        f"{where}: {code} ({name})"
        for where, _, codes in SITES
        for code in codes
        for name, lang in words.LANGUAGES.items()
        if code not in lang.errors
    ]
    assert not missing, "codes without a sentence:\n" + "\n".join(missing)


def test_every_code_in_the_tables_is_raised() -> None:
    used = {code for _, _, codes in SITES for code in codes}
    for name, lang in words.LANGUAGES.items():
        unused = sorted(set(lang.errors) - used)
        assert not unused, f"{name}: sentences no error uses: {unused}"


def test_the_languages_have_the_same_codes_and_labels() -> None:
    da, en = words.LANGUAGES["da"], words.LANGUAGES["en"]
    assert set(da.errors) == set(en.errors)
    assert set(da.labels) == set(en.labels)
    for group, table in da.labels.items():
        assert list(table) == list(en.labels[group]), group
    assert set(da.formats) == set(en.formats)


def test_each_raise_site_gives_exactly_the_parameters_its_sentences_use() -> None:
    wrong = []
    for where, call, codes in SITES:
        if any(k.arg is None for k in call.keywords):
            continue  # **params: checked when it is raised
        given = {k.arg for k in call.keywords if k.arg is not None} - NOT_PARAMS
        for code in codes:
            if code not in words.LANGUAGES["da"].errors:
                continue
            if _helper(call):  # the helper adds the place (``where``)
                if given | {"where"} != _params(code) | {"where"}:
                    wrong.append(f"{where}: {code} gives {sorted(given)}, uses {_params(code)}")
            elif given != _params(code):
                wrong.append(f"{where}: {code} gives {sorted(given)}, uses {sorted(_params(code))}")
    assert not wrong, "\n".join(wrong)


def test_every_format_a_sentence_names_exists() -> None:
    for name, lang in words.LANGUAGES.items():
        for code, template in lang.errors.items():
            for field, spec in _fields(template).items():
                known = spec in lang.labels or spec in lang.formats
                assert known or _STANDARD_SPEC.fullmatch(spec), f"{name} {code}: {field}:{spec}"


def test_a_missing_parameter_is_refused() -> None:
    with pytest.raises(KeyError):
        RuleViolation("queue.first_day_past")
    with pytest.raises(TypeError):
        RuleViolation("no.such_code", a=1)


# --- today's sentences, rendered from the tables ------------------------------------------------


def test_cpr_messages_render_as_before() -> None:
    with pytest.raises(InvalidInput) as err:
        normalize_cpr("0102ab1234")
    assert err.value.code == "cpr.contains_letters"
    assert err.value.message == (
        'CPR-nummeret må kun indeholde tal, men der står "ab". Skriv fx 010203-1234.'
    )
    assert str(err.value) == "CPR contains letters: '0102ab1234'"
    with pytest.raises(InvalidInput) as err:
        normalize_cpr("3002901234")
    assert err.value.message == "CPR-nummeret er ikke en rigtig dato: 30. februar 1990 findes ikke."


def test_state_names_come_from_the_label_table() -> None:
    with pytest.raises(RuleViolation) as err:
        check_transition(ChangeState.LOCKED, ChangeState.REGISTERED)
    assert err.value.message == "Ændringen kan ikke gå fra »Låst« til »Registreret«."
    assert str(err.value) == "change cannot move from locked to registered"
    assert err.value.params == {"current": ChangeState.LOCKED, "target": ChangeState.REGISTERED}


def test_an_acute_change_names_what_it_lacks() -> None:
    with pytest.raises(RuleViolation) as err:
        check_acute("", None, [])
    assert err.value.message == (
        "En akut ændring kræver begrundelse, den besluttende læge og mindst én håndtering."
    )
    assert str(err.value) == "acute change lacks reason, doctor, handling"


def test_a_conflict_lists_the_queued_changes_and_the_options() -> None:
    queued = [
        QueuedChange(
            7, ChangeKind.DOSE_CHANGE, ChangeState.CONFIRMED, date(2026, 12, 2), "1+0+1+0"
        ),
        QueuedChange(9, ChangeKind.DISCONTINUE, ChangeState.REGISTERED, date(2026, 12, 9), "", 8),
    ]
    err = ConflictingChange(queued, stale_choice=True)
    assert err.message == (
        "Køen er ændret, siden du valgte. Linjen har allerede en ændring i kø til rullen fra "
        "ons. 2. dec. (ændring 7: dosisændring 1+0+1+0, bekræftet; ændring 9: seponering "
        "(opfølgning af akut ændring 8), registreret). Vælg: erstat den (den annulleres) eller "
        "behold begge (den nye kommer efter); på kommandolinjen --replace 7 --replace 9 eller "
        "--keep-both 7 --keep-both 9."
    )
    assert str(err) == "the line already has open changes for the same roll: 7, 9"


def test_english_is_one_switch_away() -> None:
    try:
        words.set_language("en")
        err = RuleViolation("queue.first_day_past", wanted_from=date(2026, 12, 1))
        assert err.message == str(err) == "first day 2026-12-01 is in the past"
        assert words.CHANGE_STATE[ChangeState.IN_EFFECT] == "In effect"
    finally:
        words.set_language("da")
    assert words.CHANGE_STATE[ChangeState.IN_EFFECT] == "I kraft"


def test_an_old_style_error_keeps_its_sentences() -> None:
    err = DosisError("disk full", "Disken er fuld.")
    assert (err.code, err.message, str(err)) == ("", "Disken er fuld.", "disk full")


# --- the domain speaks no language ----------------------------------------------------------------

_DANISH = re.compile(r"[æøåÆØÅ]")
#: The one exception: Danish collation (Æ, Ø, Å after Z) is a rule about letters, not words.
_COLLATION = PACKAGE / "domain" / "text.py"
#: The errors themselves hand their code and sentences on to the base class.
_ERRORS = PACKAGE / "domain" / "errors.py"


def _docstrings(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


@pytest.mark.parametrize("layer", SPEAK_NO_LANGUAGE)
def test_a_converted_layer_writes_no_danish(layer: str) -> None:
    found = []
    for path, tree in SOURCES:
        if path.relative_to(PACKAGE).parts[0] != layer or path == _COLLATION:
            continue
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
                and _DANISH.search(node.value)
            ):
                found.append(f"{path.name}:{node.lineno}: {node.value[:60]!r}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("layer", RAISE_CODES)
def test_a_converted_layer_raises_only_codes(layer: str) -> None:
    sentences = []
    for path, tree in SOURCES:
        if path.relative_to(PACKAGE).parts[0] != layer or path == _ERRORS:
            continue
        classes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
        owner = {id(c): cls for cls in classes for c in ast.walk(cls)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and _callee(node, owner.get(id(node))):
                first = node.args[0]
                literal = isinstance(first, ast.Constant | ast.JoinedStr | ast.BinOp)
                coded = bool(_codes_of(first)) and all(
                    CODE_RE.fullmatch(c) for c in _codes_of(first)
                )
                if len(node.args) > 1 or (literal and not coded):
                    sentences.append(f"{path.name}:{node.lineno}")
    assert not sentences, "errors written as sentences: " + ", ".join(sentences)


# --- the phrases: the services' and the extract's sentences ----------------------------------------


def _phrase_keys() -> list[tuple[str, str]]:
    """Every literal key the product hands to ``words.phrase`` (file:line, key)."""
    found = []
    for path, tree in SOURCES:
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "phrase"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.append((f"{path.name}:{node.lineno}", node.args[0].value))
    return found


def test_every_phrase_used_is_in_every_language() -> None:
    keys = _phrase_keys()
    assert len(keys) > 30  # the notes, the correspondence drafts, the extract's summaries
    missing = [
        f"{where}: {key} ({lang})"
        for where, key in keys
        for lang, table in words.LANGUAGES.items()
        if key not in table.texts
    ]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("kind", ["texts", "cli"])  # the phrases and paper's; the CLI's
def test_the_sentences_have_the_same_keys_and_fields_in_every_language(kind: str) -> None:
    da: dict[str, str] = getattr(words.LANGUAGES["da"], kind)
    for lang, language in words.LANGUAGES.items():
        table: dict[str, str] = getattr(language, kind)
        assert set(table) == set(da), lang
        for key, text in table.items():
            assert words.error_fields(text) == words.error_fields(da[key]), (lang, key)


def test_a_correspondence_draft_reads_as_before() -> None:
    text = words.phrase(
        "correspondence.text.acute_change",
        name="Inge Hansen",
        kind="stop",
        day=date(2026, 12, 1),
        reason="blødning",
        doctor="Læge Berg",
    )
    assert text == (
        "Vedr. Inge Hansen: vi har registreret en akut ændring (stop) fra tirs. 1. dec. 2026. "
        "Begrundelse: blødning. Besluttet af: Læge Berg. "
        "Kunne ændringen have ventet til næste rulle?"
    )
    assert words.phrase(
        "correspondence.text.acute_change",
        "en",
        name="I",
        kind="stop",
        day=date(2026, 12, 1),
        reason="-",
        doctor="-",
    ).startswith("Re I: we have registered")


def test_a_count_takes_the_noun_in_the_right_number() -> None:
    assert [words.count(n, "change") for n in (0, 1, 2)] == [
        "0 ændringer",
        "1 ændring",
        "2 ændringer",
    ]


def test_csv_headings_follow_the_language() -> None:
    assert list(words.QUEUE_HEADER)[:3] == ["Apotek", "Pakkegruppe", "Frist"]
    words.set_language("en")
    try:
        assert list(words.QUEUE_HEADER)[:3] == ["Pharmacy", "Pack group", "Deadline"]
    finally:
        words.set_language("da")


# --- the command line's words: one table per language, every key used and written out -------------


def _say_calls() -> list[tuple[str, ast.Call]]:
    """Every call of ``say`` (``words.say`` or the name imported) in the product."""
    return [
        (f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", node)
        for path, tree in SOURCES
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "say")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "say")
        )
    ]


SAY_CALLS = _say_calls()


def test_every_cli_key_is_written_out() -> None:
    # a key built at run time would hide from the checks below
    assert len(SAY_CALLS) > 300  # the walk finds the command line's sentences and help texts
    built = [where for where, call in SAY_CALLS if not call.args or not _codes_of(call.args[0])]
    assert not built, "keys not written out: " + ", ".join(built)


def test_every_cli_key_used_is_in_every_language() -> None:
    missing = [
        f"{where}: {key} ({lang})"
        for where, call in SAY_CALLS
        for key in _codes_of(call.args[0])
        for lang, table in words.LANGUAGES.items()
        if key not in table.cli
    ]
    assert not missing, "\n".join(missing)


def test_every_cli_key_in_the_tables_is_used() -> None:
    used = {key for _, call in SAY_CALLS for key in _codes_of(call.args[0])}
    for lang, table in words.LANGUAGES.items():
        unused = sorted(set(table.cli) - used)
        assert not unused, f"{lang}: command-line sentences nothing says: {unused}"


def test_each_cli_call_gives_exactly_the_fields_its_sentence_uses() -> None:
    wrong = []
    for where, call in SAY_CALLS:
        given = {k.arg for k in call.keywords}
        for key in _codes_of(call.args[0]):
            fields = {f for t in words.LANGUAGES.values() for f in _fields(t.cli.get(key, ""))}
            if given != fields:
                wrong.append(f"{where}: {key} gives {sorted(given)}, uses {sorted(fields)}")
    assert not wrong, "\n".join(wrong)


def test_every_cli_label_group_is_read() -> None:
    named = {
        node.args[0].value
        for _, tree in SOURCES
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("Labels", "Columns")
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    groups = {g for g in words.LANGUAGES["da"].labels if g.startswith("cli_")}
    assert groups, "the command line's groups are in the tables"
    assert not groups - named, f"groups nothing reads: {sorted(groups - named)}"


def test_the_cli_speaks_the_current_language() -> None:
    from dosisdesk.cli import build_parser

    assert build_parser().format_help().startswith("brug: dosisdesk")
    words.set_language("en")
    try:
        assert build_parser().format_help().startswith("usage: dosisdesk")
        assert words.say("change.state", id=7, state="locked") == "Change 7: locked"
    finally:
        words.set_language("da")
    assert words.say("change.state", id=7, state="låst") == "Ændring 7: låst"
