"""Citizen search: citizens matching a CPR prefix or name parts, in Danish order, each with what
needs attention (acute today, hospital window open, paused, high flag, renewal due, bags of
an acute handling still to do).

On the Core tables, in a read on a connection (``Database.read_core``): the citizen list's first
page is on the start-up's path, which never loads the ORM (issue #10)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    Connection,
    Date,
    Integer,
    and_,
    any_,
    bindparam,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.sql import Select

from dosisdesk import words
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.domain.invariants import check_text
from dosisdesk.domain.renewals import RenewalUrgency, renewal_urgency
from dosisdesk.domain.types import Severity
from dosisdesk.services import audit
from dosisdesk.services.context import Ctx
from dosisdesk.services.scope import scope_team, team_id
from dosisdesk.storage import core
from dosisdesk.storage import renewals as renewals_sql
from dosisdesk.storage import tables as t
from dosisdesk.storage.db import PREPARE
from dosisdesk.storage.flags import open_flags_in

#: The longest search text. A text within it is checked without the field's name, which is
#: looked up only to refuse one: the list's first page shows without loading the word tables.
SEARCH_TEXT_MAX = 200


@dataclass(frozen=True, slots=True)
class CitizenRow:
    id: int
    cpr: str
    name: str
    address: str
    team_name: str
    sort_key: str
    acute_today: bool
    window_open: bool
    paused: bool
    high_flag: bool
    renewal_due: bool
    open_handlings: int = 0  # steps of acute handlings still to do (bags to take out, ...)
    #: The most urgent renewal state of the citizen's dose prescriptions (R7), if any is due.
    renewal: RenewalUrgency | None = None
    #: Admitted now: the department and its phone (the hospital answers, R6); None otherwise.
    admitted: tuple[str, str] | None = None


def search_citizens(
    ctx: Ctx, text: str = "", *, team: str | None = None, limit: int = 100, offset: int = 0
) -> list[CitizenRow]:
    """Citizens matching a CPR prefix (with or without the dash) or name parts, in Danish order,
    each with what needs attention, and the page logged (one sealed audit entry naming every
    citizen on it, committed) before it is returned: :func:`find_citizens` and
    :func:`log_shown` in one call (the command line, the tests)."""
    found = find_citizens(ctx, text, team=team, limit=limit, offset=offset)
    log_shown(ctx, found)
    return found


def find_citizens(
    ctx: Ctx, text: str = "", *, team: str | None = None, limit: int = 100, offset: int = 0
) -> list[CitizenRow]:
    """One page of :func:`search_citizens`, *not yet logged*: whoever shows it logs it with
    :func:`log_shown`. The window shows the page first and writes the entry right after, on its
    audit writer (off the GUI thread, in the order the pages were shown, waited for when the
    window closes or the user changes): a keystroke does not wait for the log's commit.

    One statement returns the page with its marks (PostgreSQL: the page, then its marks:
    :func:`_page_then_marks`); only a citizen the statement finds with a
    roll line and an ordinary line of the same substance is then checked by the domain's rule
    (overlap, exemptions, acknowledgements) for an open high flag; the steps not signed come
    with each row (their days, in one column) and the handlings' rule counts those still to
    do. On an installation that
    seals its log, a key that cannot be read refuses the search before anything is shown (the
    entry could not be written).
    """
    audit.seal_key()
    now = ctx.now()
    today = now.date()
    try:
        check_text(text, limit=SEARCH_TEXT_MAX)
    except InvalidInput:  # the same check naming the field: the word tables load for a refusal
        check_text(text, words.FIELD["search"], limit=SEARCH_TEXT_MAX)
        raise
    match = core.citizen_match_params(text)
    # a read: no write lock; the access is logged on its own (PostgreSQL keeps the marks'
    # statement prepared between keystrokes: _page_then_marks)
    with ctx.db.read_core(keep_prepared=True) as s:
        tid = scope_team(ctx, team_id(s, team))
        params: dict[str, Any] = {
            "start": datetime.combine(today, datetime.min.time(), tzinfo=now.tzinfo),
            "now": now,
            "today": today,
            "due_until": today + timedelta(days=renewals_sql.DUE_WITHIN_DAYS),
            "team": tid,
            "limit": limit,
            "offset": offset,
            **match.params,
        }
        shape = (match.kind, len(match.params), tid is not None)
        if s.dialect.name == "sqlite":
            rows: Sequence[Any] = s.execute(_page_statement(*shape), params).all()
        else:
            rows = _page_then_marks(s, shape, params)
        maybe_high = [r.id for r in rows if r.high]
        high = (  # the statement found the candidates; the domain's rule decides
            {f.citizen_id for f in open_flags_in(s, maybe_high, today, Severity.HIGH)}
            if maybe_high
            else set()
        )
    found = []
    for (
        cid,
        cpr,
        first,
        last,
        address,
        sort_key,
        team,
        acute,
        window,
        paused,
        _h,
        steps,
        due,
        dep,
        phone,
    ) in rows:
        found.append(
            CitizenRow(
                cid,
                cpr,
                f"{first} {last}",
                address,
                team or "",
                sort_key,
                bool(acute),
                bool(window),
                bool(paused),
                cid in high,
                due is not None,
                core.open_step_count(steps, today) if steps else 0,
                None if due is None else renewal_urgency(due, today),
                None if dep is None else (dep, phone),
            )
        )
    return found


def log_shown(ctx: Ctx, rows: Sequence[CitizenRow]) -> None:
    """Log a page of the search as shown: one sealed entry naming every citizen on it, in a unit
    of work of its own (a busy database keeps it in the spool: :func:`audit.append`). An empty
    page showed no one and is not logged."""
    audit.append_list(ctx.db, ctx.actor, "search.read", [r.id for r in rows])


def _page_then_marks(
    conn: Connection, shape: tuple[str, int, bool], params: dict[str, Any]
) -> list[Any]:
    """PostgreSQL: the page's citizens first, planned for the values typed at each run (which
    index serves a name or a CPR range depends on them), then their marks, planned once for any
    page. As one statement, the page with its marks was planned at every keystroke (its ten
    subqueries took PostgreSQL ~3 ms to plan), or, once the driver had prepared it, planned once
    for any values, whose plan walked the name index for a CPR range. The marks' statement is
    prepared at its first run on a connection (and kept: the read ends with COMMIT), and
    ``plan_cache_mode`` (for this read transaction only) keeps the one plan PostgreSQL makes for
    it: it would otherwise plan it again at each run for a page of a few citizens, whose own
    plans look cheaper than the one for any page."""
    ids = [
        cid
        for (cid,) in conn.execute(_page_ids(*shape), params, execution_options={PREPARE: False})
    ]
    if not ids:
        return []
    conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
    rows = conn.execute(
        _marks_statement(), {**params, "ids": ids}, execution_options={PREPARE: True}
    )
    at = {cid: i for i, cid in enumerate(ids)}
    return sorted(rows, key=lambda r: at[r[0]])


@cache
def _page_statement(kind: str, parts: int, by_team: bool) -> Select[*tuple[Any, ...]]:
    """The page with its marks in one statement (SQLite), for one shape of search, built once
    (building it costs more than running it) and run with bound values: the page first, then
    its citizens with their team and attention marks as correlated EXISTS (each served by an
    index on citizen_id), only for the rows of the page. (PostgreSQL would otherwise work each
    mark out for every citizen in the database, a hashed subplan, before picking the page.)"""
    c = t.citizens.c
    first = _page(kind, parts, by_team).subquery("page")
    return (
        select(*_marked_columns())
        .join(first, first.c.id == c.id)
        .outerjoin(t.teams, t.teams.c.id == c.team_id)
        .order_by(first.c.sort_key, first.c.id)
    )


@cache
def _page_ids(kind: str, parts: int, by_team: bool) -> Select[*tuple[Any, ...]]:
    """The page's citizens in order (PostgreSQL: planned for the values at each run)."""
    return _page(kind, parts, by_team).with_only_columns(t.citizens.c.id)


@cache
def _marks_statement() -> Select[*tuple[Any, ...]]:
    """The page's citizens (``ids``) with their team and marks (PostgreSQL, planned once)."""
    c = t.citizens.c
    ids = bindparam("ids", type_=ARRAY(Integer()))
    return (
        select(*_marked_columns())
        .select_from(t.citizens)
        .outerjoin(t.teams, t.teams.c.id == c.team_id)
        .where(c.id == any_(ids))
    )


def _page(kind: str, parts: int, by_team: bool) -> Select[*tuple[Any, ...]]:
    """The citizens of a page: matching, in name order, ``limit`` from ``offset``. PostgreSQL
    reads them from the name index alone (it carries the id: migration 0014)."""
    c = t.citizens.c
    page = select(c.id, c.sort_key).where(core.citizen_match_clause(kind, parts))
    if by_team:
        page = page.where(c.team_id == bindparam("team"))
    return (
        page.order_by(c.sort_key, c.id)
        .limit(bindparam("limit", type_=Integer()))
        .offset(bindparam("offset", type_=Integer()))
    )


def _marked_columns() -> list[Any]:
    """A row of the list: the citizen, the team's name and the attention marks, each mark a
    subquery correlated with the citizen."""
    c, ch, hc, card = t.citizens.c, t.changes.c, t.hospital_contacts.c, t.cards.c
    today, now = bindparam("today", type_=Date()), bindparam("now", type_=t.AwareDateTime())
    acute = exists().where(
        ch.citizen_id == c.id,
        ch.acute.is_(True),
        ch.registered_at >= bindparam("start"),
        ch.state != "cancelled",
    )
    window = exists().where(hc.citizen_id == c.id, hc.responsibility_until > now)
    paused = exists().where(card.citizen_id == c.id, card.paused.is_(True))
    admitted = (  # the latest admission going on now
        select(hc.department, hc.phone)
        .where(
            hc.citizen_id == c.id,
            hc.kind == "admission",
            hc.started_at <= now,
            or_(hc.ended_at.is_(None), hc.ended_at > now),
        )
        .order_by(hc.started_at.desc(), hc.id.desc())
        .limit(1)
    )
    v = t.line_versions.c
    due = (  # the first day a due (or expired) dose prescription ends, None when none is due
        select(func.min(v.prescription_valid_until))
        .where(*renewals_sql.due_filter(today, until=bindparam("due_until", type_=Date())))
        .where(v.citizen_id == c.id)
        .scalar_subquery()
    )
    return [
        c.id,
        c.cpr,
        c.first_name,
        c.last_name,
        c.address,
        c.sort_key,
        t.teams.c.name.label("team"),
        acute.label("acute"),
        window.label("window"),
        paused.label("paused"),
        _maybe_high(today).label("high"),
        core.packed_open_step_days(c.id).label("steps"),
        due.label("due"),
        admitted.with_only_columns(hc.department).scalar_subquery().label("adm_department"),
        admitted.with_only_columns(hc.phone).scalar_subquery().label("adm_phone"),
    ]


def _maybe_high(today: Any) -> Any:
    """A roll line and an ordinary line of the same substance (ATC level 5), both active from
    today and overlapping, the ordinary one not an acute bridge that ends in time: the citizens
    who may have a high flag (a superset; the domain's rule decides)."""
    a, b = t.line_versions.alias().c, t.line_versions.alias().c
    la, lb = t.lines.alias().c, t.lines.alias().c
    fu = t.changes.alias().c
    # An ordinary line an acute change gave beside the roll, ending by the time its follow-up
    # takes effect, is exempt (R5, domain.doubles): left out here only when the rule would
    # leave out every one of its rows, i.e. when it has a follow-up (not cancelled) and ends by
    # the day each of them takes effect (the rule reads one row per follow-up). A citizen with
    # such a bridge beside the roll (one given an acute drug) was checked by the rule at every
    # search (a statement more), to find nothing.
    follow_ups = select(fu.id).where(
        fu.follow_up_of_id == lb.origin_acute_change_id, fu.state != "cancelled"
    )
    bridge_in_time = and_(
        lb.origin_acute_change_id.is_not(None),
        b.valid_to.is_not(None),
        exists(follow_ups),
        ~exists(follow_ups.where(or_(fu.effective_date.is_(None), fu.effective_date < b.valid_to))),
    )

    def alive(v: Any) -> Any:
        return or_(v.valid_to.is_(None), v.valid_to > today)

    # written into the statement, not bound: see core.written
    roll, active = core.written("dose_roll"), core.written("active")
    return exists().where(
        a.citizen_id == t.citizens.c.id,
        a.supply == roll,
        a.status == active,
        alive(a),
        b.citizen_id == a.citizen_id,
        b.atc == a.atc,
        b.line_id != a.line_id,
        b.supply == core.written("ordinary"),
        b.status == active,
        alive(b),
        or_(a.valid_to.is_(None), a.valid_to > b.valid_from),
        or_(b.valid_to.is_(None), b.valid_to > a.valid_from),
        la.id == a.line_id,
        la.supply_failure_id.is_(None),
        lb.id == b.line_id,
        lb.supply_failure_id.is_(None),
        ~bridge_in_time,
    )


__all__ = ["CitizenRow", "find_citizens", "log_shown", "search_citizens"]
