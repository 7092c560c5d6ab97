"""Import: the file's citizens, cards, lines, changes, contacts and the rest written in one
transaction, each value checked as it is written; the first problem raises an
:class:`~dosisdesk.domain.errors.ImportError_` with the JSON path of the offending value and
nothing is written.

Size: one import class, since every entity of the file (citizens, cards, lines with their
versions, changes with their transitions and handlings, contacts, pauses, stretches, renewals)
is checked against what the same import wrote before it, in one transaction; its look-ups and
counters are shared state of that one run.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dosisdesk import words
from dosisdesk.domain import invariants as inv
from dosisdesk.domain.calendar import is_before
from dosisdesk.domain.cpr import birth_date, format_cpr, normalize_cpr
from dosisdesk.domain.dosage import format_dosage, parse_dosage
from dosisdesk.domain.errors import InvalidCpr, InvalidDosage, InvalidInput
from dosisdesk.domain.periods import (
    first_starting_on_or_after,
    generate_periods,
    relaid_starts,
)
from dosisdesk.domain.responsibility import HospitalStay, responsibility_until
from dosisdesk.domain.text import name_sort_key
from dosisdesk.domain.types import ContactKind, PackingSchedule, Role
from dosisdesk.interop.extract.format import ImportSummary, _err, validate_document
from dosisdesk.interop.extract.read import (
    _check_values,
    _cpr_detail,
    _day,
    _day_opt,
    _load,
    _moment,
    _moment_opt,
)
from dosisdesk.services import audit
from dosisdesk.services.context import Ctx
from dosisdesk.services.periods import MovedChange, move_to_relaid
from dosisdesk.storage import bulk, repo
from dosisdesk.storage import models as m
from dosisdesk.words.calendar_da import WEEKDAYS

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
        #: (trade name, strength, form) → (id, ATC code)
        self.products = {
            (p.trade_name, p.strength, p.form): (p.id, p.atc) for p in s.scalars(select(m.Product))
        }
        #: The reference rows the file brings (storage.reference), written before its citizens
        self.ref = bulk.ReferenceRows(s)
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
                self.teams[name] = self.ref.team(name)
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
            self.users[name] = self.ref.user(
                name,
                u["full_name"],
                u["role"],
                self.team(u.get("team"), f"{path}.team"),
                active=False,
            )
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
                pid = self.pharmacies[name] = self.ref.pharmacy(
                    name,
                    p.get("phone", ""),
                    closed_christmas_eve=p.get("closed_christmas_eve", True),
                    closed_constitution_day=p.get("closed_constitution_day", True),
                    extra_closed_days=closed,
                )
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
        gid = self.ref.packing_group(
            pharmacy_id,
            g["name"],
            start_weekday=sched.start_weekday,
            length_days=sched.length_days,
            deadline_days_before=sched.deadline_days_before,
            deadline_time=sched.deadline_time,
            delivery_days_before=sched.delivery_days_before,
            anchor=anchor,
        )
        for first, (length, note) in stretches.items():
            self.ref.stretch(gid, first, length, note)
        self.groups[(pharmacy_id, g["name"])] = gid
        self.group_names[gid] = g["name"]
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
                if known[1] != p["atc"]:
                    raise _err(
                        f"{path}.atc",
                        "interop.extract.har_atc_koden_i",
                        key=_label(key),
                        atc=known[1],
                        p=p["atc"],
                    )
                continue
            pid = self.ref.product(
                p["atc"], p["substance"], *key, dose_dispensable=p.get("dose_dispensable", True)
            )
            self.products[key] = (pid, p["atc"])
            self.created["products"] += 1

    def product(self, ref: dict[str, str], path: str) -> tuple[int, str]:
        """The product's id and ATC code."""
        key = (ref["trade_name"], ref["strength"], ref["form"])
        p = self.products.get(key)
        if p is None:
            raise _err(path, "interop.extract.unknown_product", key=_label(key), key2=key)
        return p

    def supply_failures_(self, items: Sequence[dict[str, Any]]) -> None:
        seen: dict[str, str] = {}
        made: dict[tuple[int, date, date | None], int] = {}  # by this file, not written yet
        for i, f in enumerate(items):
            path = f"$.supply_failures[{i}]"
            self.unique_ref(seen, f["ref"], f"{path}.ref", "leveringssvigtet")
            product_id, _atc = self.product(f["product"], f"{path}.product")
            first, last = _day(f["from_day"]), _day_opt(f.get("to_day"))
            if last is not None and last < first:
                raise _err(
                    f"{path}.to_day",
                    "interop.extract.leveringssvigtet_slutter_f_r",
                    last=last.isoformat(),
                    first=first.isoformat(),
                )
            note = f.get("note", "")
            same = (
                made.get((product_id, first, last))
                or self.s.scalars(
                    select(m.SupplyFailure.id).where(
                        m.SupplyFailure.product_id == product_id,
                        m.SupplyFailure.from_day == first,
                        m.SupplyFailure.to_day.is_(None)
                        if last is None
                        else m.SupplyFailure.to_day == last,
                    )
                ).first()
            )
            if same is None:
                same = made[(product_id, first, last)] = self.ref.supply_failure(
                    product_id, first, last, note
                )
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
            if ended is not None and is_before(ended, started):
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
            elif is_before(resumed, paused):
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
            self.unique_ref(
                self.change_refs, ch["ref"], f"{w.path}.changes[{j}].ref", words.FIELD["change"]
            )

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
                product_id=self.product(product, f"{cp}.product")[0] if product else None,
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
            product_id, atc = self.product(v["product"], f"{vp}.product")
            supply = v["supply"]
            change = w.change_ref(v.get("change"), f"{vp}.change")
            self.rows["line_versions"].append(
                dict(
                    line_id=line["id"],
                    citizen_id=w.citizen["id"],
                    valid_from=start,
                    valid_to=end,
                    product_id=product_id,
                    atc=atc,
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
        self.ref.write()
        self.citizens_(doc["citizens"])
        self.s.flush()
        # The rows written in bulk, and the groups the triggers kept for them.
        bulk.analyze(self.s.connection(), (*bulk.REFERENCE_TABLES, *_BULK, "flag_candidates"))
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
