"""Export: everything the extract holds, read set-based (private lines and what would reveal them
left out), written atomically to a file whose name may not hold a CPR number.

Size: one set-based read per table of the extract, each with its JSON shape beside it; split
further, a column would be read in one file and written in another.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dosisdesk import outfile
from dosisdesk.domain.calendar import to_cph
from dosisdesk.domain.cpr import check_file_name
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.domain.invariants import shown
from dosisdesk.domain.types import Role
from dosisdesk.interop.extract.format import FORMAT, VERSION, ExportSummary
from dosisdesk.services import audit
from dosisdesk.services.access import team_id as team_id_by_name
from dosisdesk.services.context import Ctx
from dosisdesk.storage import models as m
from dosisdesk.storage import repo


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
