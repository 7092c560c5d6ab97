"""Double-prescription flags (R5): listing them, acknowledging one, and its history.

The SQL finds the few citizens who could have a flag (:mod:`dosisdesk.storage.flags`); the domain
rule (:mod:`dosisdesk.domain.doubles`) decides for those.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dosisdesk.domain.calendar import utc_naive
from dosisdesk.domain.doubles import (
    detect_double_prescriptions,
    double_pairs,
    held_by,
    holding,
)
from dosisdesk.domain.errors import InvalidInput, NotFound, RuleViolation
from dosisdesk.domain.types import SEVERITY_BY_RANK, SEVERITY_RANK, DoubleFlag, Role, Severity
from dosisdesk.services import audit
from dosisdesk.services.access import check_access, citizen_by_cpr, scope_team, team_id
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import FlagDTO
from dosisdesk.storage import flags as flags_sql
from dosisdesk.storage import models as m
from dosisdesk.storage import repo
from dosisdesk.storage.flags import open_flags_in as open_flags_in  # (callers name them here)
from dosisdesk.storage.flags import open_flags_of as open_flags_of


def flags(
    ctx: Ctx,
    *,
    severity: Severity | None = None,
    team: str | None = None,
    include_acknowledged: bool = False,
    cpr: str | None = None,
    log: bool = True,
) -> list[FlagDTO]:
    """Double-prescription flags, most severe first. The read writes nothing (no write lock
    while it reads the candidates); it is logged after, in one entry naming the citizens shown,
    in a unit of work of its own (:func:`audit.append_list`). ``log=False``: the caller logs the
    read itself."""
    today = ctx.today()
    if cpr:
        with ctx.db.read() as s:
            citizen = citizen_by_cpr(s, cpr)
            check_access(ctx, citizen)
            tid = scope_team(ctx, team_id(s, team))
            found = flags_in(
                s,
                today,
                [citizen.id],
                tid,
                severity=severity,
                include_acknowledged=include_acknowledged,
            )
    else:
        # plain rows on a plain connection (no ORM session to set up for them)
        with ctx.db.read_core() as conn:
            tid = scope_team(ctx, team_id(conn, team))
            found = flags_in(
                conn, today, None, tid, severity=severity, include_acknowledged=include_acknowledged
            )
    if log:
        audit.append_list(ctx.db, ctx.actor, "flags.read", [f.citizen_id for f in found])
    return found


def flags_in(
    s: repo.Unit,
    today: date,
    only: Sequence[int] | None,
    tid: int | None,
    *,
    severity: Severity | None = None,
    include_acknowledged: bool = False,
) -> list[FlagDTO]:
    """The flags of some citizens (or all, or one team's) in the caller's unit of work, most
    severe first (the caller has checked access)."""
    if only is not None and len(only) == 1 and tid is None:
        # one citizen (the card): the candidate search would cost what reading the spans
        # costs; the domain's rule on the spans decides the same
        found = double_pairs(flags_sql.citizen_rows(s, today, only), from_day=today)
        if not found:
            return []
        acks = flags_sql.acknowledgement_rows(s, only)
    else:
        found = double_pairs(flags_sql.candidate_rows(s, today, only, tid), from_day=today)
        if not found:
            return []
        # those of every candidate citizen (a superset of the flagged ones: an acknowledgement
        # names its two lines), in one statement instead of lists of the flagged citizens' ids
        acks = flags_sql.candidate_acknowledgements(s, only, tid)
    held = holding(acks, today)
    # the reason shown: the last acknowledgement's of the two lines
    ack_reason = {(a, b): reason for a, b, _va, _vb, reason, _until in acks}
    wanted = None if severity is None else SEVERITY_RANK[severity]
    chosen = []
    for (citizen_id, line_a, line_b), pair in found.items():
        key = pair[0]
        if wanted is not None and key[0] != wanted:
            continue
        acknowledged = held_by(line_a, key[2], line_b, key[3]) in held
        if acknowledged and not include_acknowledged:
            continue
        chosen.append((key[0], citizen_id, line_a, line_b, acknowledged))
    # most severe first (the key's rank), then by citizen and lines: no two flags share those,
    # so the tuples are never compared past them (plain values, as the rule's: see FoundPair)
    chosen.sort()
    # each flag as the list shows it, from its pair of span rows (thousands over the whole
    # database: built here, with no call per flag but storage's of the rows)
    citizen, label, supply = flags_sql.citizen, flags_sql.label, flags_sql.supply
    out = []
    for rank, citizen_id, line_a, line_b, acknowledged in chosen:
        key, a, b, atc_a, atc_b, _end = found[citizen_id, line_a, line_b]
        name, cpr, team = citizen(a)
        out.append(
            FlagDTO(
                citizen_id,
                name,
                cpr,
                team,
                SEVERITY_BY_RANK[rank],
                line_a,
                line_b,
                key[2],
                key[3],
                label(a),
                label(b),
                supply(a),
                supply(b),
                atc_a,
                atc_b,
                key[1],
                acknowledged,
                ack_reason.get((line_a, line_b), ""),
            )
        )
    return out


def acknowledge_flag(
    ctx: Ctx,
    line_a: int,
    line_b: int,
    reason: str,
    until: date | None = None,
    *,
    kind: str = "intentional",
) -> int:
    """A coordinator marks a flag intentional (with a reason, optional end) or as sent to the
    doctor. The acknowledgement names the lines' current versions, so a change lapses it.
    Returns the acknowledgement's id (``undo.unacknowledge`` takes it back)."""
    ctx.require_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    if not reason.strip():
        raise InvalidInput("services.flags.reason_required")
    today = ctx.today()
    if until is not None and until < today:
        raise InvalidInput("services.flags.end_date_past")
    a, b = sorted((line_a, line_b))
    with ctx.db.begin() as s:
        line = s.get(m.Line, a)
        if line is None:
            raise NotFound("services.flags.line", a=a)
        current = [
            f for f in _all_flags_of(s, line.citizen_id, today) if (f.line_a, f.line_b) == (a, b)
        ]
        if not current:
            raise RuleViolation("services.flags.no_such_flag_now")
        f = current[0]
        ack = m.FlagAck(
            citizen_id=line.citizen_id,
            line_a=a,
            line_b=b,
            version_a=f.version_a,
            version_b=f.version_b,
            kind=kind,
            reason=reason.strip(),
            until=until,
            created_at=ctx.now(),
            created_by=ctx.actor.id,
        )
        s.add(ack)
        s.flush()
        audit.record(
            s,
            ctx.actor,
            ctx.now(),
            f"flag.{kind}",
            "flag",
            a,
            line.citizen_id,
            after={
                "lines": [a, b],
                "severity": f.severity.value,
                "reason": reason.strip(),
                "until": until,
            },
        )
        return ack.id


def _all_flags_of(s: Session, citizen_id: int, today: date) -> list[DoubleFlag]:
    spans = repo.spans_for_citizens(s, [citizen_id], today)
    return detect_double_prescriptions(spans, from_day=today)


def flag_history(ctx: Ctx, line_a: int, line_b: int) -> list[tuple[datetime, str, str, str]]:
    """(when, who by name, kind, reason) of each acknowledgement of the flag and of each message
    about it (``message_sent`` / ``reply_received`` with the message's first line), oldest
    first."""
    a, b = sorted((line_a, line_b))
    with ctx.db.begin() as s:
        acks = [
            (r.created_at, u, r.kind, r.reason)
            for r, u in s.execute(
                select(m.FlagAck, m.User.full_name)
                .join(m.User, m.User.id == m.FlagAck.created_by)
                .where(m.FlagAck.line_a == a, m.FlagAck.line_b == b)
                .order_by(m.FlagAck.id)
            )
        ]
        msgs = []
        for r, user in s.execute(
            select(m.CorrespondenceMessage, m.User.full_name)
            .outerjoin(m.User, m.User.id == m.CorrespondenceMessage.created_by)
            .where(
                m.CorrespondenceMessage.context_kind == "flag",
                m.CorrespondenceMessage.context_ref.in_([f"{a}-{b}", f"{b}-{a}"]),
            )
        ):
            segments = json.loads(r.segments or "[]")
            first = segments[-1]["text"].splitlines()[0] if segments else ""
            if r.direction == "out":
                msgs.append((r.created_at, user or "", "message_sent", f"{r.party_name}: {first}"))
            else:
                msgs.append((r.created_at, r.party_name, "reply_received", first))
        return sorted(acks + msgs, key=lambda row: utc_naive(row[0]))  # as moments


__all__ = ["acknowledge_flag", "flag_history", "flags", "open_flags_of"]
