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

Size: the extract format end to end: the schema check, the export and the import with its
checks. Export and import share the column lists and the JSON paths, which keeps them together.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match
from sqlalchemy import select
from sqlalchemy.orm import Session

from dosisdesk import outfile
from dosisdesk.domain import invariants as inv
from dosisdesk.domain.calendar import format_day, to_cph
from dosisdesk.domain.cpr import birth_date, check_file_name, format_cpr, normalize_cpr
from dosisdesk.domain.dosage import format_dosage, parse_dosage
from dosisdesk.domain.errors import ImportError_, InvalidCpr, InvalidDosage, InvalidInput
from dosisdesk.domain.invariants import shown
from dosisdesk.domain.periods import (
    first_starting_on_or_after,
    generate_periods,
    relaid_starts,
)
from dosisdesk.domain.responsibility import HospitalStay, responsibility_until
from dosisdesk.domain.text import name_sort_key
from dosisdesk.domain.types import ContactKind, PackingSchedule, Role
from dosisdesk.services import audit
from dosisdesk.services.access import team_id as team_id_by_name
from dosisdesk.services.context import Ctx
from dosisdesk.services.periods import MovedChange, move_to_relaid
from dosisdesk.storage import bulk, repo
from dosisdesk.storage import models as m
from dosisdesk.words.calendar_da import WEEKDAYS

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

FORMAT = "dosisdesk-extract"
VERSION = 1

_MOMENT_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})", re.ASCII
)
#: Ten digits in a row, or DDMMYY-XXXX (also with a space, dot, underscore or dash variant).


# ---------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _counts_da(citizens: int, lines: int, changes: int, contacts: int) -> str:
    return ", ".join(
        (
            _n(citizens, "borger", "borgere"),
            _n(lines, "linje", "linjer"),
            _n(changes, "ændring", "ændringer"),
            _n(contacts, "sygehuskontakt", "sygehuskontakter"),
        )
    )


def _moved_da(moved: Sequence[MovedChange]) -> str:
    """The changes an import moved to a later roll, old → new first day, and the days between
    that may need manual dispensing."""
    items = []
    for x in moved:
        text = (
            f"ændring {x.change_id} ({x.citizen_name}"
            + (f", {x.product_label}" if x.product_label else "")
            + f") {format_day(x.old_first_day)} → {format_day(x.new_first_day)}"
        )
        if x.manual_days is not None:
            a, b = x.manual_days
            text += f", manuel dispensering {format_day(a)}–{format_day(b)}"
        items.append(text)
    return (
        _n(len(moved), "ændring", "ændringer")
        + " flyttet til en senere rulle, fordi perioden er forlænget: "
        + "; ".join(items)
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
        text = (
            f"{_counts_da(self.citizens, self.lines, self.changes, self.contacts)} til {self.path}"
        )
        if self.private_lines_omitted:
            lines = _n(self.private_lines_omitted, "privatmarkeret linje", "privatmarkerede linjer")
            changes = _n(self.private_changes_omitted, "ændring", "ændringer")
            text += f"; {lines} (og {changes} til dem) er ikke udlæst"
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
        text = _counts_da(self.citizens, self.lines, self.changes, self.contacts)
        if self.moved:
            text += "; " + _moved_da(self.moved)
        made = [
            (self.teams_created, "teams"),
            (self.users_created, "brugere (inaktive)"),
            (self.pharmacies_created, "apoteker"),
            (self.packing_groups_created, "pakkegrupper"),
            (self.products_created, "lægemidler"),
            (self.supply_failures_created, "leveringssvigt"),
        ]
        created = ", ".join(f"{n} {what}" for n, what in made if n)
        return f"{text}; oprettet: {created}" if created else text


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


_TYPE_DA = {
    "string": "en tekst",
    "integer": "et heltal",
    "number": "et tal",
    "boolean": "true eller false",
    "array": "en liste",
    "object": "et objekt",
    "null": "null",
}


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
        text = f"feltet »{missing[0] if missing else '?'}« mangler"
    elif kw == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(k for k in value if k not in known)
        if extra:
            path = f"{path}.{extra[0]}"
        text = "feltet findes ikke i formatet (stavefejl?)"
    elif kw == "type":
        wanted = error.validator_value
        names = [_TYPE_DA[t] for t in (wanted if isinstance(wanted, list) else [wanted])]
        text = f"skal være {' eller '.join(names)}, men er {_TYPE_DA[_json_type(value)]}"
    elif kw in ("pattern", "format", "const") and hint:
        text = f"»{_show(value)}« {hint}" if kw != "const" else hint
    elif kw == "enum":
        allowed = ", ".join("null" if v is None else str(v) for v in error.validator_value)
        text = f"»{_show(value)}« er ikke en af de tilladte værdier: {allowed}"
    elif kw == "minimum":
        text = f"{value} er for lille; mindst {error.validator_value}"
    elif kw == "maximum":
        text = f"{value} er for stor; højst {error.validator_value}"
    elif kw == "minLength":
        text = (
            "må ikke være tom"
            if error.validator_value == 1
            else f"skal have mindst {error.validator_value} tegn"
        )
    elif kw == "maxLength":
        text = f"er for lang; højst {error.validator_value} tegn"
    else:
        text = f"overholder ikke formatet ({error.message})"
    if total > 1:
        text += f" (der er fejl {total} steder i filen; her er den vigtigste)"
    return _err(path, "interop.extract.schema", text=text, detail=error.message)


def validate_document(doc: Any) -> None:
    """Raise ImportError_ for the most relevant schema violation in ``doc``."""
    errors = list(_validator().iter_errors(doc))
    if errors:
        best = best_match(errors)
        assert best is not None
        raise _schema_error(best, len({e.json_path for e in errors}))


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------


def _d(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _t(value: datetime | None) -> str | None:
    return to_cph(value).isoformat() if value is not None else None


@dataclass
class _Export:
    doc: dict[str, Any]
    citizen_ids: list[int]
    lines: int
    changes: int
    contacts: int
    private_lines: int
    private_changes: int


def _collect(s: Session, team: str | None, now: datetime) -> _Export:
    """Everything the extract holds, read set-based (no query per citizen)."""
    tid = team_id_by_name(s, team)
    scope = select(m.Citizen.id)
    if tid is not None:
        scope = scope.where(m.Citizen.team_id == tid)
    citizens = list(
        s.scalars(
            select(m.Citizen)
            .where(m.Citizen.id.in_(scope))
            .order_by(m.Citizen.sort_key, m.Citizen.id)
        )
    )
    cards = list(s.scalars(select(m.Card).where(m.Card.citizen_id.in_(scope)).order_by(m.Card.id)))
    lines = list(s.scalars(select(m.Line).where(m.Line.citizen_id.in_(scope)).order_by(m.Line.id)))
    versions = list(
        s.scalars(
            select(m.LineVersion)
            .where(m.LineVersion.citizen_id.in_(scope))
            .order_by(m.LineVersion.line_id, m.LineVersion.valid_from, m.LineVersion.id)
        )
    )
    changes = list(
        s.scalars(select(m.Change).where(m.Change.citizen_id.in_(scope)).order_by(m.Change.id))
    )
    transitions = list(
        s.scalars(
            select(m.ChangeTransition)
            .join(m.Change, m.Change.id == m.ChangeTransition.change_id)
            .where(m.Change.citizen_id.in_(scope))
            .order_by(m.ChangeTransition.id)
        )
    )
    handlings = list(
        s.scalars(
            select(m.AcuteHandling)
            .join(m.Change, m.Change.id == m.AcuteHandling.change_id)
            .where(m.Change.citizen_id.in_(scope))
            .order_by(m.AcuteHandling.id)
        )
    )
    pauses = list(
        s.scalars(
            select(m.Pause)
            .join(m.Card, m.Card.id == m.Pause.card_id)
            .where(m.Card.citizen_id.in_(scope))
            .order_by(m.Pause.id)
        )
    )
    contacts = list(
        s.scalars(
            select(m.HospitalContact)
            .where(m.HospitalContact.citizen_id.in_(scope))
            .order_by(m.HospitalContact.started_at, m.HospitalContact.id)
        )
    )
    packed = list(
        s.execute(
            select(m.PackedProduct, m.Period.first_day)
            .join(m.Period, m.Period.id == m.PackedProduct.period_id)
            .join(m.Line, m.Line.id == m.PackedProduct.line_id)
            .where(m.Line.citizen_id.in_(scope))
            .order_by(m.Period.first_day, m.PackedProduct.id)
        ).all()
    )
    renewals = list(
        s.scalars(
            select(m.RenewalRequest)
            .where(m.RenewalRequest.citizen_id.in_(scope))
            .order_by(m.RenewalRequest.sent_at, m.RenewalRequest.id)
        )
    )

    # Private-marked lines, and everything that would reveal them (R11).
    omit_lines = {v.line_id for v in versions if v.private}
    omit_changes: set[int] = set()
    while True:
        more_changes = {
            c.id
            for c in changes
            if c.id not in omit_changes
            and (c.line_id in omit_lines or c.follow_up_of_id in omit_changes)
        }
        more_lines = {
            ln.id
            for ln in lines
            if ln.id not in omit_lines and ln.origin_acute_change_id in omit_changes | more_changes
        }
        if not more_changes and not more_lines:
            break
        omit_changes |= more_changes
        omit_lines |= more_lines

    period_ids = {
        pid
        for c in changes
        for pid in (c.target_period_id, c.original_period_id)
        if pid is not None
    }
    period_day: dict[int, date] = {}
    for chunk in repo.chunks(sorted(period_ids)):
        period_day.update(
            s.execute(select(m.Period.id, m.Period.first_day).where(m.Period.id.in_(chunk))).all()
        )

    users = {u.id: u for u in s.scalars(select(m.User).order_by(m.User.username))}
    teams = {t.id: t for t in s.scalars(select(m.Team).order_by(m.Team.name))}
    pharmacies = {p.id: p for p in s.scalars(select(m.Pharmacy).order_by(m.Pharmacy.name))}
    groups = {
        g.id: g
        for g in s.scalars(select(m.PackingGroup).order_by(m.PackingGroup.name, m.PackingGroup.id))
    }
    stretches: dict[int, list[m.Stretch]] = defaultdict(list)
    for st in s.scalars(select(m.Stretch).order_by(m.Stretch.first_day)):
        stretches[st.packing_group_id].append(st)

    used_failures = {
        ln.supply_failure_id
        for ln in lines
        if ln.id not in omit_lines and ln.supply_failure_id is not None
    }
    failures = [
        f
        for f in s.scalars(
            select(m.SupplyFailure).order_by(m.SupplyFailure.from_day, m.SupplyFailure.id)
        )
        if tid is None or f.id in used_failures
    ]
    product_ids = (
        {v.product_id for v in versions if v.line_id not in omit_lines}
        | {c.product_id for c in changes if c.id not in omit_changes and c.product_id is not None}
        | {f.product_id for f in failures}
    )
    products: dict[int, m.Product] = {}
    for chunk in repo.chunks(sorted(product_ids)):
        products.update(
            (p.id, p) for p in s.scalars(select(m.Product).where(m.Product.id.in_(chunk)))
        )

    def product_ref(pid: int) -> dict[str, str]:
        p = products[pid]
        return {"trade_name": p.trade_name, "strength": p.strength, "form": p.form}

    def change_ref(cid: int | None) -> str | None:
        return f"change-{cid}" if cid is not None and cid not in omit_changes else None

    by_card_lines: dict[int, list[m.Line]] = defaultdict(list)
    for ln in lines:
        if ln.id not in omit_lines:
            by_card_lines[ln.card_id].append(ln)
    by_line_versions: dict[int, list[m.LineVersion]] = defaultdict(list)
    for v in versions:
        by_line_versions[v.line_id].append(v)
    by_card_changes: dict[int, list[m.Change]] = defaultdict(list)
    for c in changes:
        if c.id not in omit_changes:
            by_card_changes[c.card_id].append(c)
    by_change_transitions: dict[int, list[m.ChangeTransition]] = defaultdict(list)
    for t in transitions:
        by_change_transitions[t.change_id].append(t)
    by_change_handlings: dict[int, list[m.AcuteHandling]] = defaultdict(list)
    for h in handlings:
        by_change_handlings[h.change_id].append(h)
    # Open changes on a line for a roll that already has one: both kept, this one after.
    kept_after: set[int] = set()
    first_open: dict[tuple[int | None, int | None], int] = {}
    for c in sorted(changes, key=lambda c: c.id):
        if (
            c.state in ("registered", "confirmed", "locked")
            and c.line_id is not None
            and first_open.setdefault((c.line_id, c.target_period_id), c.id) != c.id
        ):
            kept_after.add(c.id)
    by_handling_steps: dict[int, list[m.HandlingStep]] = defaultdict(list)
    for chunk in repo.chunks(h.id for h in handlings):
        for step in s.scalars(
            select(m.HandlingStep)
            .where(m.HandlingStep.handling_id.in_(chunk))
            .order_by(m.HandlingStep.id)
        ):
            by_handling_steps[step.handling_id].append(step)
    by_card_pauses: dict[int, list[m.Pause]] = defaultdict(list)
    for p in pauses:
        by_card_pauses[p.card_id].append(p)
    by_citizen_cards: dict[int, list[m.Card]] = defaultdict(list)
    for cd in cards:
        by_citizen_cards[cd.citizen_id].append(cd)
    by_citizen_contacts: dict[int, list[m.HospitalContact]] = defaultdict(list)
    for hc in contacts:
        by_citizen_contacts[hc.citizen_id].append(hc)
    by_line_packed: dict[int, list[tuple[m.PackedProduct, date]]] = defaultdict(list)
    for pp, first_day in packed:
        by_line_packed[pp.line_id].append((pp, first_day))
    by_line_renewals: dict[int, list[m.RenewalRequest]] = defaultdict(list)
    for r in renewals:
        by_line_renewals[r.line_id].append(r)

    used_users: set[int] = set()
    used_pharmacies: set[int] = set()
    n_lines = n_changes = n_contacts = 0

    def line_doc(ln: m.Line) -> dict[str, Any]:
        return {
            "ref": f"line-{ln.id}",
            "origin_acute_change": change_ref(ln.origin_acute_change_id),
            "supply_failure": (
                f"supply-failure-{ln.supply_failure_id}"
                if ln.supply_failure_id is not None
                else None
            ),
            "versions": [
                {
                    "valid_from": _d(v.valid_from),
                    "valid_to": _d(v.valid_to),
                    "product": product_ref(v.product_id),
                    "dosage": v.dosage,
                    "supply": v.supply,
                    "status": v.status,
                    "private": False,
                    "prescription_valid_until": _d(v.prescription_valid_until),
                    "indication": v.indication,
                    "change": change_ref(v.change_id),
                }
                for v in by_line_versions[ln.id]
            ],
            "packed": [
                {"period_first_day": _d(day), "trade_name": pp.trade_name}
                for pp, day in by_line_packed[ln.id]
            ],
            "renewal_requests": [
                {
                    "sent_at": _t(r.sent_at),
                    "state": r.state,
                    "rejection_reason": r.rejection_reason,
                    "decided_at": _t(r.decided_at),
                    "note": r.note,
                }
                for r in by_line_renewals[ln.id]
            ],
        }

    def change_doc(c: m.Change) -> dict[str, Any]:
        used_users.add(c.registered_by)
        for t in by_change_transitions[c.id]:
            used_users.add(t.by_user_id)
        return {
            "ref": f"change-{c.id}",
            "line": f"line-{c.line_id}" if c.line_id is not None else None,
            "kind": c.kind,
            "product": product_ref(c.product_id) if c.product_id is not None else None,
            "dosage": c.dosage,
            "supply": c.supply,
            "acute": c.acute,
            "reason": c.reason,
            "doctor": c.doctor,
            "source": c.source,
            "received_at": _t(c.received_at),
            "registered_at": _t(c.registered_at),
            "registered_by": users[c.registered_by].username,
            "target_period_first_day": _d(period_day.get(c.target_period_id or 0)),
            "original_period_first_day": _d(period_day.get(c.original_period_id or 0)),
            "effective_date": _d(c.effective_date),
            "wanted_from": _d(c.wanted_from),
            "state": c.state,
            "missed_deadlines": c.missed_deadlines,
            "follow_up_of": change_ref(c.follow_up_of_id),
            "if_waited_first_day": _d(c.if_waited_first_day),
            "if_waited_deadline": _t(c.if_waited_deadline),
            "cancel_reason": c.cancel_reason,
            "conflict_choice": "keep_both" if c.id in kept_after else None,
            "transitions": [
                {
                    "from_state": t.from_state,
                    "to_state": t.to_state,
                    "at": _t(t.at),
                    "by": users[t.by_user_id].username,
                    "note": t.note,
                }
                for t in by_change_transitions[c.id]
            ],
            "handlings": [
                {
                    "kind": h.kind,
                    "bags": [
                        {"day": _d(day), "slot": slot} for day, slot in repo.parse_bags(h.bags)
                    ],
                    "identifiable": h.identifiable,
                    "ordinary_until": _d(h.ordinary_until),
                    "note": h.note,
                    "done": [
                        {
                            "day": _d(st.day),
                            "slot": st.slot,
                            "at": _t(st.done_at),
                            "by": users[st.done_by].username,
                        }
                        for st in by_handling_steps[h.id]
                        if st.done_at is not None and st.done_by is not None
                    ],
                }
                for h in by_change_handlings[c.id]
            ],
        }

    citizen_docs: list[dict[str, Any]] = []
    for cit in citizens:
        card_docs = []
        for cd in by_citizen_cards[cit.id]:
            group = groups[cd.packing_group_id]
            used_pharmacies.add(group.pharmacy_id)
            if cd.dispensing_pharmacy_id is not None:
                used_pharmacies.add(cd.dispensing_pharmacy_id)
            card_lines = by_card_lines[cd.id]
            card_changes = by_card_changes[cd.id]
            n_lines += len(card_lines)
            n_changes += len(card_changes)
            card_docs.append(
                {
                    "pharmacy": pharmacies[group.pharmacy_id].name,
                    "packing_group": group.name,
                    "dispensing_pharmacy": (
                        pharmacies[cd.dispensing_pharmacy_id].name
                        if cd.dispensing_pharmacy_id is not None
                        else None
                    ),
                    "paused": cd.paused,
                    "pauses": [
                        {
                            "paused_at": _t(p.paused_at),
                            "resumed_at": _t(p.resumed_at),
                            "reason": p.reason,
                            "contact": f"contact-{p.contact_id}"
                            if p.contact_id is not None
                            else None,
                        }
                        for p in by_card_pauses[cd.id]
                    ],
                    "lines": [line_doc(ln) for ln in card_lines],
                    "changes": [change_doc(c) for c in card_changes],
                }
            )
        contact_docs = [
            {
                "ref": f"contact-{hc.id}",
                "kind": hc.kind,
                "hospital": hc.hospital,
                "department": hc.department,
                "phone": hc.phone,
                "dept_sor": hc.dept_sor,
                "dept_ean": hc.dept_ean,
                "started_at": _t(hc.started_at),
                "ended_at": _t(hc.ended_at),
                "somatic": hc.somatic,
                "municipal_nursing": hc.municipal_nursing,
                "extended_until": _t(hc.extended_until),
                "dd_paused": hc.dd_paused,
                "dd_changes": hc.dd_changes,
                "note": hc.note,
                "epicrisis_received": hc.epicrisis_received,
                "fmk_checked": hc.fmk_checked,
                "changes_registered": hc.changes_registered,
                "dd_decided": hc.dd_decided,
            }
            for hc in by_citizen_contacts[cit.id]
        ]
        n_contacts += len(contact_docs)
        citizen_docs.append(
            {
                "cpr": cit.cpr,
                "first_name": cit.first_name,
                "last_name": cit.last_name,
                "address": cit.address,
                "phone": cit.phone,
                "team": teams[cit.team_id].name if cit.team_id is not None else None,
                "route_order": cit.route_order,
                "gp_name": cit.gp_name,
                "gp_phone": cit.gp_phone,
                "gp_sor": cit.gp_sor,
                "gp_ean": cit.gp_ean,
                "cards": card_docs,
                "contacts": contact_docs,
            }
        )

    # Reference data: everything when the whole municipality is exported, else what is used.
    if tid is None:
        out_users = list(users.values())
        out_pharmacies = list(pharmacies.values())
        out_teams = list(teams.values())
    else:
        out_users = [u for u in users.values() if u.id in used_users or u.team_id == tid]
        out_pharmacies = [p for p in pharmacies.values() if p.id in used_pharmacies]
        used_teams = {tid} | {u.team_id for u in out_users if u.team_id is not None}
        out_teams = [t for t in teams.values() if t.id in used_teams]

    def group_doc(g: m.PackingGroup) -> dict[str, Any]:
        return {
            "name": g.name,
            "start_weekday": g.start_weekday,
            "length_days": g.length_days,
            "deadline_days_before": g.deadline_days_before,
            "deadline_time": g.deadline_time,
            "delivery_days_before": g.delivery_days_before,
            "anchor": _d(g.anchor),
            "stretches": [
                {"first_day": _d(st.first_day), "length_days": st.length_days, "note": st.note}
                for st in stretches[g.id]
            ],
        }

    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _t(now),
        "teams": [{"name": t.name} for t in out_teams],
        "pharmacies": [
            {
                "name": p.name,
                "phone": p.phone,
                "closed_christmas_eve": p.closed_christmas_eve,
                "closed_constitution_day": p.closed_constitution_day,
                "extra_closed_days": sorted(json.loads(p.extra_closed_days or "[]")),
                "packing_groups": [group_doc(g) for g in groups.values() if g.pharmacy_id == p.id],
            }
            for p in out_pharmacies
        ],
        "products": [
            {
                "atc": p.atc,
                "substance": p.substance,
                "trade_name": p.trade_name,
                "strength": p.strength,
                "form": p.form,
                "dose_dispensable": p.dose_dispensable,
            }
            for p in sorted(
                products.values(), key=lambda p: (p.trade_name.casefold(), p.strength, p.form)
            )
        ],
        "supply_failures": [
            {
                "ref": f"supply-failure-{f.id}",
                "product": product_ref(f.product_id),
                "from_day": _d(f.from_day),
                "to_day": _d(f.to_day),
                "note": f.note,
            }
            for f in failures
        ],
        "citizens": citizen_docs,
        "users": [
            {
                "username": u.username,
                "full_name": u.full_name,
                "role": u.role,
                "team": teams[u.team_id].name if u.team_id is not None else None,
            }
            for u in out_users
        ],
    }
    return _Export(
        doc,
        [c.id for c in citizens],
        n_lines,
        n_changes,
        n_contacts,
        len(omit_lines),
        len(omit_changes),
    )


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(target: Path, doc: dict[str, Any]) -> Path:
    data = (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    tmp = outfile.temp_beside(target, prefix=f".{target.name[:200]}.")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        outfile.discard(tmp)
        raise
    return tmp


def export_extract(ctx: Ctx, path: Path, *, team: str | None = None) -> ExportSummary:
    """Write the extract of every citizen (or of one team) to ``path``, atomically.

    Coordinators and administrators only. Private-marked lines are left out and counted. Each
    exported citizen gets an ``extract.export`` audit entry, plus one entry for the file.

    The queue clock runs first (an export is a write: it logs), so every change goes out in its
    state at the moment of the export (``domain.queue.change_at``) with the transitions that
    brought it there.
    """
    ctx.require_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    path = Path(path)
    check_file_name(path, example="udtraek-team-nord.json")
    path = outfile.check_target(path)  # a regular file in an existing folder, a sane name
    folder = path.parent
    from dosisdesk.services.queue_clock import advance

    advance(ctx)
    now = ctx.now()
    tmp: Path | None = None
    placed = False
    try:
        with ctx.db.begin() as s:
            ex = _collect(s, team, now)
            tmp = _write_temp(path, ex.doc)
            for cid in ex.citizen_ids:
                audit.record(
                    s,
                    ctx.actor,
                    now,
                    "extract.export",
                    "citizen",
                    cid,
                    cid,
                    after={"file": path.name},
                )
            audit.record(
                s,
                ctx.actor,
                now,
                "extract.export",
                "extract",
                None,
                None,
                after={
                    "file": path.name,
                    "team": team,
                    "citizens": len(ex.citizen_ids),
                    "lines": ex.lines,
                    "changes": ex.changes,
                    "contacts": ex.contacts,
                    "private_lines_omitted": ex.private_lines,
                },
            )
            s.flush()
            # The access happens when the file appears: it is moved into place inside the unit
            # of work, so a failed move logs nothing and a failed commit takes the file away.
            outfile.check_target(path)
            os.replace(tmp, path)
            outfile.finished(tmp)
            tmp = None
            placed = True
        _fsync_dir(folder)
    except OSError as e:
        if placed:
            path.unlink(missing_ok=True)
        raise InvalidInput(
            "interop.extract.cannot_write",
            file=path,
            e=str(e),
            file2=shown(str(path)),
            value=e.strerror or e,
        ) from e
    except BaseException:
        if placed:
            path.unlink(missing_ok=True)
        raise
    finally:
        if tmp is not None:
            outfile.discard(tmp)
    return ExportSummary(
        str(path),
        len(ex.citizen_ids),
        ex.lines,
        ex.changes,
        ex.contacts,
        ex.private_lines,
        ex.private_changes,
    )


# ---------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------


def _err(path: str, code: str, **params: Any) -> ImportError_:
    """The import error ``code`` at JSON path ``path`` (its sentences start with ``{where}: ``);
    text from the file is shown with its control characters escaped."""
    path = _escaped(path)
    shown: dict[str, Any] = {k: _escaped(v) if isinstance(v, str) else v for k, v in params.items()}
    return ImportError_(code, path=path, where=path, **shown)


def _escaped(text: str) -> str:
    """Text from the file shown safely: control characters written as escapes (``\\x1b``)."""
    if all(c.isprintable() or c == " " for c in text):
        return text
    return "".join(
        c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


#: Limits checked before the file is parsed: its size, and how deep objects and lists nest.
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_DEPTH = 64


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` before parsing (a thousand nested lists
    would exhaust the parser's recursion)."""
    depth = 0
    in_string = escaped = False
    line = 1
    for c in text:
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _err(
                    "$", "interop.extract.nesting_deeper_than", max_depth=MAX_DEPTH, line=line
                )
        elif c in "]}":
            depth -= 1
        elif c == "\n":
            line += 1


_DAY_PREFIX = re.compile(r"(\d{4})-\d{2}-\d{2}")


def _check_values(value: Any, path: str = "$") -> None:
    """Every day and moment in the plausible years, every whole number one a database holds
    (``domain.invariants``); checked before any date arithmetic (year 1 at +14:00 overflows)."""
    if isinstance(value, dict):
        for k, v in value.items():
            _check_values(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_values(v, f"{path}[{i}]")
    elif isinstance(value, str):
        if len(value) >= 10 and (m_ := _DAY_PREFIX.match(value)):
            year = int(m_.group(1))
            if not inv.EARLIEST_DAY.year <= year <= inv.LATEST_DAY.year:
                raise _err(
                    path,
                    "interop.extract.year_out_range",
                    value=_show(value),
                    year=inv.EARLIEST_DAY.year,
                    year2=inv.LATEST_DAY.year,
                    year3=year,
                )
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > inv.MAX_INT:
        raise _err(
            path, "interop.extract.integer_out_range", value=_show(value), max_int=inv.MAX_INT
        )


_JSON_MSG_DA = {
    "Expecting value": "her forventes en værdi",
    "Expecting ',' delimiter": "her mangler et komma",
    "Expecting ':' delimiter": "her mangler et kolon",
    "Expecting property name enclosed in double quotes": "her forventes et feltnavn i dobbelte anførselstegn",
    "Unterminated string starting at": 'en tekst slutter ikke (der mangler et ")',
    "Extra data": "der står mere efter dokumentets afslutning",
    "Invalid control character at": "ugyldigt kontroltegn i en tekst",
    "Invalid \\escape": "ugyldig \\-sekvens i en tekst",
}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _load(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _err(
                "$",
                "interop.extract.file_too_large_bytes",
                size=size // (1024 * 1024),
                max_file_bytes=MAX_FILE_BYTES // (1024 * 1024),
                size2=size,
            )
        raw = path.read_bytes()
    except FileNotFoundError as e:
        raise _err("$", "interop.extract.file_not_found", file=path) from e
    except OSError as e:
        raise _err(
            "$", "interop.extract.cannot_read", file=path, value=e.strerror or e, e=str(e)
        ) from e
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise _err("$", "interop.extract.not_utf_8_line", line=line) from e
    _check_depth(text)
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        what = _JSON_MSG_DA.get(e.msg, e.msg)
        raise _err(
            "$", "interop.extract.not_json", lineno=e.lineno, colno=e.colno, what_=what, e=e
        ) from e
    except ValueError as e:  # NaN, Infinity
        raise _err("$", "interop.extract.json_2", e=str(e)) from e


def _day(text: str) -> date:
    return date.fromisoformat(text)  # the schema checked that it exists


def _day_opt(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None


def _moment(text: str) -> datetime:
    return to_cph(datetime.fromisoformat(text))  # the schema checked it has an offset


def _moment_opt(text: str | None) -> datetime | None:
    return _moment(text) if text is not None else None


def _cpr_detail(message: str) -> str:
    for prefix in ("CPR-nummeret er ikke en rigtig dato: ",):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return message.removesuffix(" Skriv fx 010203-1234.").rstrip(".")


#: A row for :func:`dosisdesk.storage.bulk.insert`: column name to value.
Row = dict[str, Any]

#: The tables an import writes in bulk, in the order their references need.
_BULK = (
    "citizens",
    "hospital_contacts",
    "cards",
    "pauses",
    "lines",
    "changes",
    "acute_handlings",
    "line_versions",
    "change_transitions",
    "handling_steps",
    "packed_products",
    "renewal_requests",
)


@dataclass
class _CardWork:
    """One card of the file while it is being written: its rows and its citizen's, as they go
    to :mod:`dosisdesk.storage.bulk` (ids given when made)."""

    path: str
    doc: dict[str, Any]
    citizen: Row
    row: Row
    contacts: dict[str, Row]
    lines: dict[str, Row] = field(default_factory=dict)
    changes: dict[str, Row] = field(default_factory=dict)

    def line_ref(self, ref: str | None, where: str) -> Row | None:
        if ref is None:
            return None
        if ref not in self.lines:
            raise _err(where, "interop.extract.unknown_line_ref", ref=ref)
        return self.lines[ref]

    def change_ref(self, ref: str | None, where: str) -> Row | None:
        if ref is None:
            return None
        if ref not in self.changes:
            raise _err(where, "interop.extract.unknown_change_ref", ref=ref)
        return self.changes[ref]


class _Importer:
    """One import, in one session: look-ups, counters and the refs seen so far."""

    def __init__(self, s: Session, ctx: Ctx) -> None:
        self.s = s
        self.ctx = ctx
        self.now = ctx.now()
        self.today = self.now.date()
        self.teams = {t.name: t.id for t in s.scalars(select(m.Team))}
        self.users = {u.username: u.id for u in s.scalars(select(m.User))}
        self.pharmacies = {p.name: p.id for p in s.scalars(select(m.Pharmacy))}
        self.groups = {(g.pharmacy_id, g.name): g.id for g in s.scalars(select(m.PackingGroup))}
        self.group_names = {g.id: g.name for g in s.scalars(select(m.PackingGroup))}
        self.products = {
            (p.trade_name, p.strength, p.form): p for p in s.scalars(select(m.Product))
        }
        self.created: Counter[str] = Counter()
        self.count: Counter[str] = Counter()
        self.line_refs: dict[str, str] = {}
        self.change_refs: dict[str, str] = {}
        self.contact_refs: dict[str, str] = {}
        self.failures: dict[str, int] = {}
        self.cprs: dict[str, str] = {}
        self.citizen_ids: list[tuple[int, int, int]] = []
        #: (group, day named in the file) → the re-laid period a queued change moves to
        self.relaid: dict[tuple[int, date], m.Period] = {}
        #: (change id, its re-laid period, the last day of the period the file named)
        self.to_move: list[tuple[int, m.Period, date]] = []
        #: The citizens' rows (citizens, contacts, cards, pauses, lines, changes and all that
        #: hangs on them), written in bulk once the whole file is read and checked; ids given
        #: when a row is made (storage.bulk.reserve_ids)
        self.rows: dict[str, list[Row]] = defaultdict(list)
        self.ids: dict[str, Iterator[int]] = {}
        #: References written after both rows are (forward or in a circle): table, column,
        #: (id, target) pairs
        self.links: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        self.moved: list[MovedChange] = []

    # -- reference data -----------------------------------------------------

    def teams_(self, items: Sequence[dict[str, Any]]) -> None:
        seen: dict[str, str] = {}
        for i, t in enumerate(items):
            path = f"$.teams[{i}].name"
            name = t["name"]
            if name in seen:
                raise _err(path, "interop.extract.teamet_st_r_gange", name=name, seen=seen[name])
            seen[name] = path
            if name not in self.teams:
                row = m.Team(name=name)
                self.s.add(row)
                self.s.flush()
                self.teams[name] = row.id
                self.created["teams"] += 1

    def team(self, name: str | None, path: str) -> int | None:
        if name is None:
            return None
        tid = self.teams.get(name)
        if tid is None:
            raise _err(path, "interop.extract.unknown_team", name=name)
        return tid

    def users_(self, items: Sequence[dict[str, Any]]) -> None:
        seen: dict[str, str] = {}
        for i, u in enumerate(items):
            path = f"$.users[{i}]"
            name = u["username"]
            if name in seen:
                raise _err(
                    f"{path}.username",
                    "interop.extract.brugeren_st_r_gange",
                    name=name,
                    seen=seen[name],
                )
            seen[name] = path
            if name in self.users:
                continue  # the database's user wins
            row = m.User(
                username=name,
                full_name=u["full_name"],
                role=u["role"],
                team_id=self.team(u.get("team"), f"{path}.team"),
                active=False,
            )
            self.s.add(row)
            self.s.flush()
            self.users[name] = row.id
            self.created["users"] += 1

    def user(self, name: str, path: str) -> int:
        uid = self.users.get(name)
        if uid is None:
            raise _err(path, "interop.extract.unknown_user", name=name)
        return uid

    def pharmacies_(self, items: Sequence[dict[str, Any]]) -> None:
        seen: dict[str, str] = {}
        for i, p in enumerate(items):
            path = f"$.pharmacies[{i}]"
            name = p["name"]
            if name in seen:
                raise _err(
                    f"{path}.name",
                    "interop.extract.apoteket_st_r_gange",
                    name=name,
                    seen=seen[name],
                )
            seen[name] = path
            closed = sorted({_day(d) for d in p.get("extra_closed_days", [])})
            pid = self.pharmacies.get(name)
            if pid is None:
                row = m.Pharmacy(
                    name=name,
                    phone=p.get("phone", ""),
                    closed_christmas_eve=p.get("closed_christmas_eve", True),
                    closed_constitution_day=p.get("closed_constitution_day", True),
                    extra_closed_days=json.dumps([d.isoformat() for d in closed]),
                )
                self.s.add(row)
                self.s.flush()
                pid = self.pharmacies[name] = row.id
                self.created["pharmacies"] += 1
            seen_groups: dict[str, str] = {}
            for j, g in enumerate(p.get("packing_groups", [])):
                gpath = f"{path}.packing_groups[{j}]"
                if g["name"] in seen_groups:
                    raise _err(
                        f"{gpath}.name",
                        "interop.extract.pakkegruppen_st_r_gange",
                        g=g["name"],
                        seen_groups=seen_groups[g["name"]],
                    )
                seen_groups[g["name"]] = gpath
                if (pid, g["name"]) not in self.groups:
                    self._group(pid, p, g, closed, gpath)

    def _group(
        self,
        pharmacy_id: int,
        p: dict[str, Any],
        g: dict[str, Any],
        closed: Sequence[date],
        path: str,
    ) -> None:
        hh, mm = (int(x) for x in g.get("deadline_time", "12:00").split(":"))
        sched = PackingSchedule(
            start_weekday=g["start_weekday"],
            length_days=g.get("length_days", 14),
            deadline_days_before=g.get("deadline_days_before", 2),
            deadline_time=time(hh, mm),
            delivery_days_before=g.get("delivery_days_before", 1),
            closed_christmas_eve=p.get("closed_christmas_eve", True),
            closed_constitution_day=p.get("closed_constitution_day", True),
            extra_closed_days=frozenset(closed),
        )
        anchor = _day(g["anchor"])
        if anchor.weekday() != sched.start_weekday:
            raise _err(
                f"{path}.anchor",
                "interop.extract.ankerdatoen_er_en_men",
                anchor=anchor.isoformat(),
                value=WEEKDAYS[anchor.weekday()],
                start_weekday=WEEKDAYS[sched.start_weekday],
                start_weekday2=sched.start_weekday,
            )
        stretches: dict[date, tuple[int, str]] = {}
        for k, st in enumerate(g.get("stretches", [])):
            first = _day(st["first_day"])
            if first in stretches:
                raise _err(
                    f"{path}.stretches[{k}].first_day",
                    "interop.extract.perioden_fra_er_ndret",
                    first=first.isoformat(),
                )
            stretches[first] = (st["length_days"], st["note"])
        until = max([anchor, *stretches]) + timedelta(days=60)
        try:
            generate_periods(
                sched, anchor=anchor, start_from=anchor, until=until, stretches=stretches
            )
        except InvalidInput as e:
            raise _err(
                f"{path}.stretches" if stretches else path,
                "interop.extract.packing_plan",
                message=e.message,
                english=e.english,
            ) from e
        row = m.PackingGroup(
            pharmacy_id=pharmacy_id,
            name=g["name"],
            start_weekday=sched.start_weekday,
            length_days=sched.length_days,
            deadline_days_before=sched.deadline_days_before,
            deadline_time=f"{hh:02d}:{mm:02d}",
            delivery_days_before=sched.delivery_days_before,
            anchor=anchor,
        )
        self.s.add(row)
        self.s.flush()
        self.s.add_all(
            m.Stretch(packing_group_id=row.id, first_day=first, length_days=length, note=note)
            for first, (length, note) in stretches.items()
        )
        self.groups[(pharmacy_id, row.name)] = row.id
        self.group_names[row.id] = row.name
        self.created["packing_groups"] += 1

    def products_(self, items: Sequence[dict[str, Any]]) -> None:
        seen: dict[tuple[str, str, str], str] = {}
        for i, p in enumerate(items):
            path = f"$.products[{i}]"
            key = (p["trade_name"], p["strength"], p["form"])
            if key in seen:
                raise _err(
                    f"{path}.trade_name",
                    "interop.extract.produktet_st_r_gange",
                    key=_label(key),
                    seen=seen[key],
                )
            seen[key] = path
            known = self.products.get(key)
            if known is not None:
                if known.atc != p["atc"]:
                    raise _err(
                        f"{path}.atc",
                        "interop.extract.har_atc_koden_i",
                        key=_label(key),
                        atc=known.atc,
                        p=p["atc"],
                    )
                continue
            row = m.Product(
                atc=p["atc"],
                substance=p["substance"],
                trade_name=p["trade_name"],
                strength=p["strength"],
                form=p["form"],
                dose_dispensable=p.get("dose_dispensable", True),
            )
            self.s.add(row)
            self.s.flush()
            self.products[key] = row
            self.created["products"] += 1

    def product(self, ref: dict[str, str], path: str) -> m.Product:
        key = (ref["trade_name"], ref["strength"], ref["form"])
        p = self.products.get(key)
        if p is None:
            raise _err(path, "interop.extract.unknown_product", key=_label(key), key2=key)
        return p

    def supply_failures_(self, items: Sequence[dict[str, Any]]) -> None:
        seen: dict[str, str] = {}
        for i, f in enumerate(items):
            path = f"$.supply_failures[{i}]"
            self.unique_ref(seen, f["ref"], f"{path}.ref", "leveringssvigtet")
            product = self.product(f["product"], f"{path}.product")
            first, last = _day(f["from_day"]), _day_opt(f.get("to_day"))
            if last is not None and last < first:
                raise _err(
                    f"{path}.to_day",
                    "interop.extract.leveringssvigtet_slutter_f_r",
                    last=last.isoformat(),
                    first=first.isoformat(),
                )
            note = f.get("note", "")
            same = self.s.scalars(
                select(m.SupplyFailure.id).where(
                    m.SupplyFailure.product_id == product.id,
                    m.SupplyFailure.from_day == first,
                    m.SupplyFailure.to_day.is_(None)
                    if last is None
                    else m.SupplyFailure.to_day == last,
                )
            ).first()
            if same is None:
                row = m.SupplyFailure(product_id=product.id, from_day=first, to_day=last, note=note)
                self.s.add(row)
                self.s.flush()
                same = row.id
                self.created["supply_failures"] += 1
            self.failures[f["ref"]] = same

    # -- values ---------------------------------------------------------------

    def dosage(self, text: str, supply: str | None, path: str) -> str:
        if not text.strip():
            if supply in (None, "as_needed"):
                return ""
            raise _err(path, "interop.extract.missing_dosage")
        try:
            parsed = parse_dosage(text, allow_zero=supply == "as_needed")
        except InvalidDosage as e:
            raise _err(
                path, "interop.extract.dosage", text=text, message=e.message, english=e.english
            ) from e
        return format_dosage(parsed)

    def unique_ref(self, seen: dict[str, str], ref: str, path: str, what: str) -> None:
        if ref in seen:
            raise _err(path, "interop.extract.duplicate_ref", what_=what, ref=ref, seen=seen[ref])
        seen[ref] = path

    # -- citizens -------------------------------------------------------------
    #
    # Rows are written in stages across the whole file (citizens, then contacts and cards, then
    # pauses and lines, then changes, then versions and history), so that each stage is one
    # batched flush instead of several small ones per citizen.

    def citizens_(self, items: Sequence[dict[str, Any]]) -> None:
        s = self.s
        self.ids = bulk.reserve_ids(s, _BULK)
        people: list[tuple[str, dict[str, Any], Row]] = []
        for i, c in enumerate(items):
            people.append((f"$.citizens[{i}]", c, self.citizen(c, f"$.citizens[{i}]")))
        existing: set[str] = set()
        for chunk in repo.chunks(row["cpr"] for _p, _c, row in people):
            existing.update(s.scalars(select(m.Citizen.cpr).where(m.Citizen.cpr.in_(chunk))))
        for path, _c, row in people:
            if row["cpr"] in existing:
                raise _err(
                    f"{path}.cpr",
                    "interop.extract.citizen_already_exists",
                    cpr=format_cpr(row["cpr"]),
                )

        works: list[_CardWork] = []
        for path, c, cit in people:
            contacts = self.contacts(cit, c.get("contacts", []), path)
            for k, cd in enumerate(c.get("cards", [])):
                works.append(self.card(cit, cd, contacts, f"{path}.cards[{k}]"))
        for w in works:
            self.pauses(w)
            self.lines(w)
        periods = self.periods(works)
        for w in works:
            self.changes(w, periods[w.row["packing_group_id"]])
        for w in works:
            self.links_and_versions(w, periods[w.row["packing_group_id"]])
        self.write()
        self.move_relaid()

        per_citizen: Counter[int] = Counter()
        changes_of: Counter[int] = Counter()
        for w in works:
            per_citizen[w.citizen["id"]] += len(w.lines)
            changes_of[w.citizen["id"]] += len(w.changes)
        self.citizen_ids = [
            (row["id"], per_citizen[row["id"]], changes_of[row["id"]]) for _p, _c, row in people
        ]
        self.count["citizens"] += len(people)
        self.count["lines"] += sum(per_citizen.values())
        self.count["changes"] += sum(changes_of.values())

    def new_row(self, name: str, **values: Any) -> Row:
        """A row of table ``name`` with the next id, to be written by :meth:`write`."""
        row = {"id": next(self.ids[name]), **values}
        self.rows[name].append(row)
        return row

    def write(self) -> None:
        """Every row of the file, table by table in the order their references need, one
        ``executemany`` each (storage.bulk, the demo's write path); then the references that
        point forward or in a circle (a follow-up, a line an acute change began)."""
        conn = self.s.connection()
        for name in _BULK:
            bulk.insert(conn, name, self.rows.pop(name, []))
        for (name, column), pairs in self.links.items():
            bulk.link(conn, name, column, pairs)
        self.rows.clear()
        self.links.clear()

    def citizen(self, c: dict[str, Any], path: str) -> Row:
        raw = c["cpr"]
        try:
            cpr = normalize_cpr(raw, today=self.today)
        except InvalidCpr as e:
            raise _err(
                f"{path}.cpr",
                "interop.extract.cpr",
                raw=raw,
                message=_cpr_detail(e.message),
                english=e.english,
            ) from e
        if cpr in self.cprs:
            raise _err(
                f"{path}.cpr",
                "interop.extract.duplicate_cpr",
                cpr=format_cpr(cpr),
                cprs=self.cprs[cpr],
            )
        self.cprs[cpr] = f"{path}.cpr"
        first, last = c["first_name"], c["last_name"]
        return self.new_row(
            "citizens",
            cpr=cpr,
            first_name=first,
            last_name=last,
            sort_key=name_sort_key(first, last),
            address=c.get("address", ""),
            phone=c.get("phone", ""),
            team_id=self.team(c.get("team"), f"{path}.team"),
            route_order=c.get("route_order", 0),
            gp_name=c.get("gp_name", ""),
            gp_phone=c.get("gp_phone", ""),
            gp_sor=c.get("gp_sor", ""),
            gp_ean=c.get("gp_ean", ""),
            birth_date=birth_date(cpr),
        )

    def contacts(self, cit: Row, items: Sequence[dict[str, Any]], path: str) -> dict[str, Row]:
        rows: dict[str, Row] = {}
        for i, hc in enumerate(items):
            cpath = f"{path}.contacts[{i}]"
            started = _moment(hc["started_at"])
            ended = _moment_opt(hc.get("ended_at"))
            if ended is not None and ended < started:
                raise _err(f"{cpath}.ended_at", "interop.extract.ended_before_started")
            kind = ContactKind(hc["kind"])
            extended = _moment_opt(hc.get("extended_until"))
            somatic = hc.get("somatic", True)
            municipal = hc.get("municipal_nursing", True)
            row = self.new_row(
                "hospital_contacts",
                citizen_id=cit["id"],
                kind=kind.value,
                hospital=hc["hospital"],
                department=hc["department"],
                phone=hc["phone"],
                dept_sor=hc.get("dept_sor", ""),
                dept_ean=hc.get("dept_ean", ""),
                started_at=started,
                ended_at=ended,
                somatic=somatic,
                municipal_nursing=municipal,
                extended_until=extended,
                responsibility_until=responsibility_until(
                    HospitalStay(kind, started, ended, somatic, municipal, extended)
                ),
                dd_paused=hc.get("dd_paused", False),
                dd_changes=hc.get("dd_changes", False),
                note=hc.get("note", ""),
                epicrisis_received=hc.get("epicrisis_received", False),
                fmk_checked=hc.get("fmk_checked", False),
                changes_registered=hc.get("changes_registered", False),
                dd_decided=hc.get("dd_decided", False),
            )
            ref = hc.get("ref")
            if ref is not None:
                self.unique_ref(self.contact_refs, ref, f"{cpath}.ref", "kontakten")
                rows[ref] = row
            self.count["contacts"] += 1
        return rows

    def card(self, cit: Row, cd: dict[str, Any], contacts: dict[str, Row], path: str) -> _CardWork:
        pharmacy = cd["pharmacy"]
        pid = self.pharmacies.get(pharmacy)
        if pid is None:
            raise _err(
                f"{path}.pharmacy", "interop.extract.apoteket_findes_hverken_i", pharmacy=pharmacy
            )
        gid = self.groups.get((pid, cd["packing_group"]))
        if gid is None:
            raise _err(
                f"{path}.packing_group",
                "interop.extract.pakkegruppen_findes_ikke_hos",
                cd=cd["packing_group"],
                pharmacy=pharmacy,
            )
        dispensing = cd.get("dispensing_pharmacy")
        disp_id = None
        if dispensing is not None:
            disp_id = self.pharmacies.get(dispensing)
            if disp_id is None:
                raise _err(
                    f"{path}.dispensing_pharmacy",
                    "interop.extract.apoteket_findes_hverken_i_2",
                    dispensing=dispensing,
                )
        row = self.new_row(
            "cards",
            citizen_id=cit["id"],
            packing_group_id=gid,
            dispensing_pharmacy_id=disp_id,
            paused=cd.get("paused", False),
        )
        return _CardWork(path, cd, cit, row, contacts)

    def pauses(self, w: _CardWork) -> None:
        open_at: str | None = None
        for i, p in enumerate(w.doc.get("pauses", [])):
            pp = f"{w.path}.pauses[{i}]"
            paused = _moment(p["paused_at"])
            resumed = _moment_opt(p.get("resumed_at"))
            if resumed is None:
                if open_at is not None:
                    raise _err(
                        f"{pp}.resumed_at",
                        "interop.extract.kortet_har_allerede_en",
                        open_at=open_at,
                    )
                open_at = pp
            elif resumed < paused:
                raise _err(f"{pp}.resumed_at", "interop.extract.genoptagelsen_ligger_f_r")
            contact = p.get("contact")
            if contact is not None and contact not in w.contacts:
                raise _err(
                    f"{pp}.contact", "interop.extract.kontakten_findes_ikke_hos", contact=contact
                )
            self.new_row(
                "pauses",
                card_id=w.row["id"],
                paused_at=paused,
                resumed_at=resumed,
                reason=p.get("reason", ""),
                contact_id=w.contacts[contact]["id"] if contact is not None else None,
            )

    def lines(self, w: _CardWork) -> None:
        for j, ln in enumerate(w.doc.get("lines", [])):
            self.unique_ref(self.line_refs, ln["ref"], f"{w.path}.lines[{j}].ref", "linjen")
            failure = ln.get("supply_failure")
            if failure is not None and failure not in self.failures:
                raise _err(
                    f"{w.path}.lines[{j}].supply_failure",
                    "interop.extract.unknown_supply_failure",
                    failure=failure,
                )
            w.lines[ln["ref"]] = self.new_row(
                "lines",
                card_id=w.row["id"],
                citizen_id=w.citizen["id"],
                origin_acute_change_id=None,
                supply_failure_id=self.failures[failure] if failure else None,
            )
        for j, ch in enumerate(w.doc.get("changes", [])):
            self.unique_ref(self.change_refs, ch["ref"], f"{w.path}.changes[{j}].ref", "ændringen")

    def periods(self, works: Sequence[_CardWork]) -> dict[int, dict[date, int]]:
        """The periods the changes and packed products name, per packing group, generated from
        the group's schedule; an error for a day on which no period starts."""
        wanted: dict[int, dict[date, str]] = defaultdict(dict)
        # Days that must be a period's first day: what was packed, and the target of a change
        # that is locked or in effect (packed too). Any other day named may have been re-laid
        # by a stretch: its change moves to the first period starting on or after it.
        fixed: dict[int, dict[date, str]] = defaultdict(dict)
        for w in works:
            gid = w.row["packing_group_id"]
            days = wanted[gid]
            for j, ch in enumerate(w.doc.get("changes", [])):
                for key in ("target_period_first_day", "original_period_first_day"):
                    if ch.get(key) is not None:
                        where = f"{w.path}.changes[{j}].{key}"
                        days.setdefault(_day(ch[key]), where)
                        if key == "target_period_first_day" and ch["state"] in (
                            "locked",
                            "in_effect",
                        ):
                            fixed[gid].setdefault(_day(ch[key]), where)
            for j, ln in enumerate(w.doc.get("lines", [])):
                for k, pp in enumerate(ln.get("packed", [])):
                    where = f"{w.path}.lines[{j}].packed[{k}].period_first_day"
                    days.setdefault(_day(pp["period_first_day"]), where)
                    fixed[gid].setdefault(_day(pp["period_first_day"]), where)
        out: dict[int, dict[date, int]] = defaultdict(dict)
        for gid, days in wanted.items():
            if not days:
                continue
            # beyond the last day named, so a re-laid period follows it (a stretch is <= 28 days)
            repo.ensure_periods(self.s, gid, max(days) + timedelta(days=60))
            found = out[gid]
            for chunk in repo.chunks(days):
                found.update(
                    (first_day, pid)
                    for first_day, pid in self.s.execute(
                        select(m.Period.first_day, m.Period.id).where(
                            m.Period.packing_group_id == gid, m.Period.first_day.in_(chunk)
                        )
                    )
                )
            missing = [d for d in days if d not in found and d not in fixed[gid]]
            if missing:
                missing = sorted(set(missing) & self.relaid_starts(gid, max(missing)))
            if missing:
                rows = list(
                    self.s.scalars(
                        select(m.Period).where(
                            m.Period.packing_group_id == gid, m.Period.first_day > min(missing)
                        )
                    )
                )
                for day in missing:
                    home = first_starting_on_or_after(rows, day)
                    if home is not None:
                        found[day] = home.id
                        self.relaid[(gid, day)] = home
            for day, where in days.items():
                if day not in found:
                    where = fixed[gid].get(day, where)
                    raise _err(
                        where,
                        "interop.extract.no_period_starts",
                        group_names=self.group_names[gid],
                        day=day.isoformat(),
                        day2=day,
                    )
        return out

    def relaid_starts(self, gid: int, until: date) -> set[date]:
        """The days a period of the group started on before its stretches re-laid them."""
        group = self.s.get(m.PackingGroup, gid)
        assert group is not None
        pharmacy = self.s.get(m.Pharmacy, group.pharmacy_id)
        assert pharmacy is not None
        stretches = {
            st.first_day: (st.length_days, st.note)
            for st in self.s.scalars(select(m.Stretch).where(m.Stretch.packing_group_id == gid))
        }
        if not stretches:
            return set()
        return relaid_starts(
            repo.schedule_of(group, pharmacy),
            anchor=group.anchor,
            until=until,
            stretches=stretches,
        )

    def changes(self, w: _CardWork, periods: dict[date, int]) -> None:
        open_on: dict[tuple[str, str], int] = {}
        for j, ch in enumerate(w.doc.get("changes", [])):
            cp = f"{w.path}.changes[{j}]"
            if (
                ch["state"] in ("registered", "confirmed", "locked")
                and ch.get("line")
                and ch.get("target_period_first_day")
            ):
                key = (ch["line"], ch["target_period_first_day"])
                if key in open_on and ch.get("conflict_choice") != "keep_both":
                    raise _err(
                        cp,
                        "interop.extract.second_open_change_line",
                        key=key[1],
                        file=w.path,
                        open_on=open_on[key],
                    )
                open_on.setdefault(key, j)
            inv.check_received(_moment_opt(ch.get("received_at")), _moment(ch["registered_at"]), cp)
            supply = ch.get("supply")
            product = ch.get("product")
            target = ch.get("target_period_first_day")
            original = ch.get("original_period_first_day")
            line = w.line_ref(ch.get("line"), f"{cp}.line")
            w.changes[ch["ref"]] = self.new_row(
                "changes",
                citizen_id=w.citizen["id"],
                card_id=w.row["id"],
                line_id=line["id"] if line is not None else None,
                kind=ch["kind"],
                product_id=self.product(product, f"{cp}.product").id if product else None,
                dosage=self.dosage(ch.get("dosage", ""), supply, f"{cp}.dosage"),
                supply=supply,
                acute=ch.get("acute", False),
                reason=ch.get("reason", ""),
                doctor=ch.get("doctor", ""),
                source=ch.get("source", ""),
                received_at=_moment_opt(ch.get("received_at")),
                registered_at=_moment(ch["registered_at"]),
                registered_by=self.user(ch["registered_by"], f"{cp}.registered_by"),
                target_period_id=periods[_day(target)] if target else None,
                original_period_id=periods[_day(original)] if original else None,
                effective_date=_day(ch["effective_date"]),
                wanted_from=_day_opt(ch.get("wanted_from")),
                state=ch["state"],
                missed_deadlines=ch.get("missed_deadlines", 0),
                if_waited_first_day=_day_opt(ch.get("if_waited_first_day")),
                if_waited_deadline=_moment_opt(ch.get("if_waited_deadline")),
                cancel_reason=ch.get("cancel_reason", ""),
                follow_up_of_id=None,
            )
            gid = w.row["packing_group_id"]
            home = self.relaid.get((gid, _day(target))) if target else None
            if home is not None and target is not None:
                group = self.s.get(m.PackingGroup, gid)
                assert group is not None
                # the named period as the group's schedule lays it without the stretch
                old_last = _day(target) + timedelta(days=group.length_days - 1)
                self.to_move.append((w.changes[ch["ref"]]["id"], home, old_last))

    def move_relaid(self) -> None:
        """Move the changes whose period the file's stretches re-laid, by the stretch's rule
        (never earlier than the day they were queued for), once their versions are written."""
        lines: set[int] = set()
        for change_id, home, old_last in self.to_move:
            change = self.s.get(m.Change, change_id)
            assert change is not None, "written with the file's rows"
            moved, moved_lines = move_to_relaid(self.s, change, old_last, home)
            lines |= moved_lines
            if moved is not None:
                self.moved.append(moved)
        if lines:
            repo.rederive_lines(self.s, lines)
            repo.recompute_valid_to(self.s, lines)
        self.s.flush()
        self.moved.sort(key=lambda x: (x.old_first_day, x.citizen_name, x.change_id))

    def links_and_versions(self, w: _CardWork, periods: dict[date, int]) -> None:
        for j, ch in enumerate(w.doc.get("changes", [])):
            cp = f"{w.path}.changes[{j}]"
            row = w.changes[ch["ref"]]
            fu = w.change_ref(ch.get("follow_up_of"), f"{cp}.follow_up_of")
            if fu is not None:
                if fu is row:
                    raise _err(f"{cp}.follow_up_of", "interop.extract.en_ndring_kan_ikke")
                self.links[("changes", "follow_up_of_id")].append((row["id"], fu["id"]))
            self.history(row, ch, cp)
        for j, ln in enumerate(w.doc.get("lines", [])):
            lp = f"{w.path}.lines[{j}]"
            line = w.lines[ln["ref"]]
            origin = w.change_ref(ln.get("origin_acute_change"), f"{lp}.origin_acute_change")
            if origin is not None:
                if not origin["acute"]:
                    raise _err(
                        f"{lp}.origin_acute_change",
                        "interop.extract.ndringen_er_ikke_akut",
                        ln=ln["origin_acute_change"],
                    )
                self.links[("lines", "origin_acute_change_id")].append((line["id"], origin["id"]))
            withdrawn = any(
                ch.get("line") == ln["ref"] and ch["kind"] == "new" and ch["state"] == "cancelled"
                for ch in w.doc.get("changes", [])
            )
            inv.check_line_has_versions(len(ln["versions"]), withdrawn, f"{lp}.versions")
            self.versions(w, line, ln["versions"], lp)
            self.packed_and_renewals(w, line, ln, periods, lp)

    def versions(self, w: _CardWork, line: Row, items: Sequence[dict[str, Any]], path: str) -> None:
        prev: tuple[date | None, str] | None = None
        for k, v in enumerate(items):
            vp = f"{path}.versions[{k}]"
            start = _day(v["valid_from"])
            end = _day_opt(v.get("valid_to"))
            if end is not None and end < start:
                raise _err(
                    f"{vp}.valid_to",
                    "interop.extract.slutdatoen_ligger_f_r",
                    end=end.isoformat(),
                    start=start.isoformat(),
                )
            if prev is not None:
                prev_end, prev_path = prev
                if prev_end is None or prev_end > start:
                    ends = f"slutter {prev_end.isoformat()}" if prev_end else "har ingen slutdato"
                    raise _err(
                        f"{vp}.valid_from",
                        "interop.extract.versions_overlap",
                        start=start.isoformat(),
                        prev_path=prev_path,
                        ends=ends,
                    )
                if prev_end < start:
                    raise _err(
                        f"{prev_path}.valid_to",
                        "interop.extract.gap_between_versions",
                        prev_end=prev_end.isoformat(),
                        start=start.isoformat(),
                    )
            if k == len(items) - 1 and end is not None:
                raise _err(f"{vp}.valid_to", "interop.extract.last_version_end")
            prev = (end, vp)
            product = self.product(v["product"], f"{vp}.product")
            supply = v["supply"]
            change = w.change_ref(v.get("change"), f"{vp}.change")
            self.rows["line_versions"].append(
                dict(
                    line_id=line["id"],
                    citizen_id=w.citizen["id"],
                    valid_from=start,
                    valid_to=end,
                    product_id=product.id,
                    atc=product.atc,
                    dosage=self.dosage(v.get("dosage", ""), supply, f"{vp}.dosage"),
                    supply=supply,
                    status=v.get("status", "active"),
                    private=v.get("private", False),
                    prescription_valid_until=_day_opt(v.get("prescription_valid_until")),
                    indication=v.get("indication", ""),
                    change_id=change["id"] if change is not None else None,
                )
            )
            self.count["versions"] += 1

    def packed_and_renewals(
        self, w: _CardWork, line: Row, ln: dict[str, Any], periods: dict[date, int], path: str
    ) -> None:
        seen: set[date] = set()
        for k, pp in enumerate(ln.get("packed", [])):
            day = _day(pp["period_first_day"])
            if day in seen:
                raise _err(
                    f"{path}.packed[{k}].period_first_day",
                    "interop.extract.perioden_fra_st_r",
                    day=day.isoformat(),
                )
            seen.add(day)
            self.rows["packed_products"].append(
                dict(line_id=line["id"], period_id=periods[day], trade_name=pp["trade_name"])
            )
        for k, r in enumerate(ln.get("renewal_requests", [])):
            rp = f"{path}.renewal_requests[{k}]"
            reason = r.get("rejection_reason")
            if (r["state"] == "rejected") != (reason is not None):
                raise _err(f"{rp}.rejection_reason", "interop.extract.en_afvist_anmodning_skal")
            inv.check_renewal(_moment(r["sent_at"]), _moment_opt(r.get("decided_at")), rp)
            self.rows["renewal_requests"].append(
                dict(
                    line_id=line["id"],
                    citizen_id=w.citizen["id"],
                    sent_at=_moment(r["sent_at"]),
                    state=r["state"],
                    rejection_reason=reason,
                    decided_at=_moment_opt(r.get("decided_at")),
                    note=r.get("note", ""),
                )
            )

    def history(self, change: Row, ch: dict[str, Any], path: str) -> None:
        inv.check_transitions(
            ch["state"],
            [
                (t.get("from_state"), t["to_state"], _moment(t["at"]))
                for t in ch.get("transitions", [])
            ],
            f"{path}.transitions",
        )
        for k, t in enumerate(ch.get("transitions", [])):
            self.rows["change_transitions"].append(
                dict(
                    change_id=change["id"],
                    from_state=t.get("from_state"),
                    to_state=t["to_state"],
                    at=_moment(t["at"]),
                    by_user_id=self.user(t["by"], f"{path}.transitions[{k}].by"),
                    note=t.get("note", ""),
                )
            )
        for j, h in enumerate(ch.get("handlings", [])):
            bags = [
                {"day": _day(b["day"]).isoformat(), "slot": b["slot"]} for b in h.get("bags", [])
            ]
            handling = self.new_row(
                "acute_handlings",
                change_id=change["id"],
                kind=h["kind"],
                bags=json.dumps(bags),
                identifiable=h.get("identifiable", False),
                ordinary_until=_day_opt(h.get("ordinary_until")),
                note=h.get("note", ""),
            )
            signed = {}
            for k, d in enumerate(h.get("done", [])):
                where = f"{path}.handlings[{j}].done[{k}]"
                signed[(_day_opt(d.get("day")), d.get("slot"))] = (
                    _moment(d["at"]),
                    self.user(d["by"], f"{where}.by"),
                )
            for row in repo.handling_step_rows(
                handling["id"], change["id"], handling["kind"], repo.parse_bags(handling["bags"])
            ):
                at_by = signed.pop((row["day"], row["slot"]), None)
                self.rows["handling_steps"].append(
                    dict(
                        **row,
                        done_at=at_by[0] if at_by else None,
                        done_by=at_by[1] if at_by else None,
                    )
                )
            if signed:
                raise _err(
                    f"{path}.handlings[{j}].done", "interop.extract.signed_step_handling_does_not"
                )

    # -- the whole file -------------------------------------------------------

    def run(self, doc: dict[str, Any], file_name: str) -> ImportSummary:
        self.teams_(doc.get("teams", []))
        self.users_(doc.get("users", []))
        self.pharmacies_(doc.get("pharmacies", []))
        self.products_(doc.get("products", []))
        self.supply_failures_(doc.get("supply_failures", []))
        self.citizens_(doc["citizens"])
        self.s.flush()
        summary = ImportSummary(
            citizens=self.count["citizens"],
            lines=self.count["lines"],
            changes=self.count["changes"],
            contacts=self.count["contacts"],
            teams_created=self.created["teams"],
            users_created=self.created["users"],
            pharmacies_created=self.created["pharmacies"],
            packing_groups_created=self.created["packing_groups"],
            products_created=self.created["products"],
            supply_failures_created=self.created["supply_failures"],
            moved=tuple(self.moved),
        )
        actor = self.ctx.actor
        for cid, n_lines, n_changes in self.citizen_ids:
            audit.record(
                self.s,
                actor,
                self.now,
                "extract.import",
                "citizen",
                cid,
                cid,
                after={"file": file_name, "lines": n_lines, "changes": n_changes},
            )
        audit.record(
            self.s,
            actor,
            self.now,
            "extract.import",
            "extract",
            None,
            None,
            after={
                "file": file_name,
                "exported_at": doc["exported_at"],
                "citizens": summary.citizens,
                "lines": summary.lines,
                "versions": self.count["versions"],
                "changes": summary.changes,
                "contacts": summary.contacts,
                "created": dict(self.created),
                "moved_changes": [
                    {"change": x.change_id, "from": x.old_first_day, "to": x.new_first_day}
                    for x in summary.moved
                ],
            },
        )
        return summary


def _label(key: tuple[str, str, str]) -> str:
    trade, strength, form = key
    return " ".join(x for x in (trade, strength) if x) + (f" ({form})" if form else "")


def import_extract(ctx: Ctx, path: Path) -> ImportSummary:
    """Read the extract at ``path`` into the database: all or nothing, in one transaction.

    Coordinators and administrators only. Raises ImportError_ (``path`` = the JSON path of the
    offending value, ``message`` in Danish) for a file that is not JSON, breaks the schema, or
    holds a bad value: a CPR number, dosage, date or moment that does not exist, a ref, product,
    team, pharmacy, packing group, period or user that does not resolve, overlapping versions, or
    a citizen that is already in the database. Nothing is written then.
    """
    ctx.require_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    path = Path(path)
    doc = _load(path)
    validate_document(doc)
    _check_values(doc)
    with ctx.db.begin() as s:
        return _Importer(s, ctx).run(doc, path.name)
