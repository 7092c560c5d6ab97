"""The baselines: hand-written SQL doing exactly the work a user-visible operation must do.

Each function takes a plain connection (``Baseline.conn``) and runs the statements an expert
would write for the same screen, returning the raw rows (no DTOs). The harness checks, before it
times anything, that a baseline finds the same rows as the operation it stands beside: a baseline
that does less than the operation would flatter it, one that does more would hide its cost.

The baseline engine begins a plain (deferred) transaction on SQLite: reads do not need the write
lock, and the card's single audit entry takes it when it is inserted.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.engine import Engine

OPEN_STATES = ("registered", "confirmed", "locked")


class Baseline:
    """A second engine on the same database for the hand-written SQL (same pragmas as the app:
    WAL, foreign keys, synchronous=FULL, busy timeout)."""

    def __init__(self, url: str) -> None:
        from dosisdesk.storage.db import is_sqlite, normalize_url

        self.url = normalize_url(url)
        self.sqlite = is_sqlite(self.url)
        # the connection used last is used next, as the app's engine does (its statements
        # prepared on the server are kept)
        self.engine: Engine = create_engine(self.url, pool_use_lifo=not self.sqlite)
        if not self.sqlite:

            @event.listens_for(self.engine, "do_execute")
            def _prepare(cursor: Any, statement: str, parameters: Any, context: Any) -> Any:
                # "prepare": True prepares the statement on the server at once, False never
                prepare = None if context is None else context.execution_options.get("prepare")
                if prepare is None:
                    return None
                cursor.execute(statement, parameters, prepare=bool(prepare))
                return True

        if self.sqlite:

            @event.listens_for(self.engine, "connect")
            def _connect(dbapi: Any, _rec: Any) -> None:
                dbapi.isolation_level = None
                cur = dbapi.cursor()
                for p in (
                    "journal_mode=WAL",
                    "foreign_keys=ON",
                    "synchronous=FULL",
                    "busy_timeout=5000",
                ):
                    cur.execute(f"PRAGMA {p}")
                cur.close()

            @event.listens_for(self.engine, "begin")
            def _begin(conn: Any) -> None:
                conn.exec_driver_sql("BEGIN")

    # -- dialect helpers -------------------------------------------------------

    def greatest(self, *args: str) -> str:
        return f"{'max' if self.sqlite else 'greatest'}({', '.join(args)})"

    def ts(self, at: datetime) -> Any:
        """A moment as the app stores it: naive UTC text on SQLite, aware on PostgreSQL."""
        if self.sqlite:
            return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        return at

    def dispose(self) -> None:
        self.engine.dispose()


# ---------------------------------------------------------------------------
# Shared fragments
# ---------------------------------------------------------------------------


def _takes_part(b: Baseline, v: str, ln: str) -> str:
    """A version that counts for double prescriptions from :today (domain.doubles)."""
    return (
        f"{v}.status = 'active' AND {ln}.supply_failure_id IS NULL AND length({v}.atc) = 7 "
        f"AND ({v}.valid_to IS NULL OR {v}.valid_to > {b.greatest(f'{v}.valid_from', ':today')}) "
        f"AND NOT ({v}.supply = 'ordinary' AND {ln}.origin_acute_change_id IS NOT NULL "
        f"AND {v}.valid_to IS NOT NULL AND EXISTS (SELECT 1 FROM changes fu "
        f"WHERE fu.follow_up_of_id = {ln}.origin_acute_change_id AND fu.state <> 'cancelled' "
        f"AND {v}.valid_to <= fu.effective_date))"
    )


def _overlaps(b: Baseline, a: str, c: str) -> str:
    start = b.greatest(":today", f"{a}.valid_from", f"{c}.valid_from")
    return (
        f"({a}.valid_to IS NULL OR {a}.valid_to > {start}) "
        f"AND ({c}.valid_to IS NULL OR {c}.valid_to > {start})"
    )


def _high_flag_exists(b: Baseline, citizen: str) -> str:
    """An open HIGH flag: the same level-5 substance in the roll and as an ordinary line."""
    return (
        "EXISTS (SELECT 1 FROM line_versions fa JOIN lines fla ON fla.id = fa.line_id "
        "JOIN line_versions fb ON fb.citizen_id = fa.citizen_id AND fb.atc = fa.atc "
        "AND fb.line_id <> fa.line_id JOIN lines flb ON flb.id = fb.line_id "
        f"WHERE fa.citizen_id = {citizen} AND fa.supply = 'dose_roll' AND fb.supply = 'ordinary' "
        f"AND {_takes_part(b, 'fa', 'fla')} AND {_takes_part(b, 'fb', 'flb')} "
        f"AND {_overlaps(b, 'fa', 'fb')} "
        "AND NOT EXISTS (SELECT 1 FROM flag_acks k WHERE k.kind = 'intentional' "
        "AND ((k.line_a = fa.line_id AND k.line_b = fb.line_id AND k.version_a = fa.id "
        "AND k.version_b = fb.id) OR (k.line_a = fb.line_id AND k.line_b = fa.line_id "
        "AND k.version_a = fb.id AND k.version_b = fa.id)) "
        "AND (k.until IS NULL OR k.until >= :today)))"
    )


def _renewal_due_exists(citizen: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM line_versions rv WHERE rv.citizen_id = "
        f"{citizen} AND rv.status <> 'discontinued' AND rv.valid_from <= :today "
        "AND (rv.valid_to IS NULL OR rv.valid_to > :today) AND rv.supply = 'dose_roll' "
        "AND rv.private = :false AND rv.prescription_valid_until IS NOT NULL "
        "AND rv.prescription_valid_until <= :due "
        "AND NOT EXISTS (SELECT 1 FROM renewal_requests rr WHERE rr.line_id = rv.line_id "
        "AND rr.state IN ('sent', 'rejected')))"
    )


# ---------------------------------------------------------------------------
# Search: one page of citizens with their five attention marks, one statement
# ---------------------------------------------------------------------------


def search_sql(b: Baseline, query: str) -> tuple[str, str, dict[str, Any]]:
    """The page's citizens and the statement of their marks: on SQLite one statement, the
    page (``pg``) first and its marks for those rows only; on PostgreSQL the page, then the
    marks of its citizens (``:ids``) in a statement of their own (:func:`search`)."""
    from dosisdesk.domain.text import danish_sort_key

    digits = query.strip().replace("-", "").replace(" ", "")
    params: dict[str, Any] = {}
    if digits.isdigit():
        # a range on the indexed column (LIKE cannot use the index on SQLite)
        where = "z.cpr >= :lo AND z.cpr < :hi"
        params.update(lo=digits, hi=digits[:-1] + chr(ord(digits[-1]) + 1))
    else:
        parts = danish_sort_key(query.strip()).replace("\t", " ").split()
        where = " AND ".join(f"z.sort_key LIKE :p{i}" for i in range(len(parts))) or "1 = 1"
        params.update({f"p{i}": f"%{p}%" for i, p in enumerate(parts)})
    page = (
        f"SELECT z.id, z.sort_key FROM citizens z WHERE {where} "
        "ORDER BY z.sort_key, z.id LIMIT :limit"
    )
    marks = (
        "SELECT z.id, z.cpr, z.first_name, z.last_name, z.address, t.name, z.sort_key, "
        "EXISTS (SELECT 1 FROM changes c WHERE c.citizen_id = z.id AND c.acute = :true "
        "AND c.registered_at >= :start AND c.state <> 'cancelled'), "
        "EXISTS (SELECT 1 FROM hospital_contacts h WHERE h.citizen_id = z.id "
        "AND h.responsibility_until > :now), "
        "EXISTS (SELECT 1 FROM cards k WHERE k.citizen_id = z.id AND k.paused = :true), "
        f"{_high_flag_exists(b, 'z.id')}, {_renewal_due_exists('z.id')}, "
        f"{_open_steps(b, 'z.id')}, {_admitted('department')}, {_admitted('phone')} "
    )
    if b.sqlite:  # the page first, its marks for those rows only
        return (
            "",
            f"{marks}FROM ({page}) pg JOIN citizens z ON z.id = pg.id "
            "LEFT JOIN teams t ON t.id = z.team_id ORDER BY pg.sort_key, pg.id",
            params,
        )
    return (
        page,
        f"{marks}FROM citizens z LEFT JOIN teams t ON t.id = z.team_id WHERE z.id = ANY(CAST(:ids AS integer[]))",
        params,
    )


def _admitted(column: str) -> str:
    """The department (or its phone) of the admission going on now, for the list's "Indlagt"."""
    return (
        f"(SELECT h.{column} FROM hospital_contacts h WHERE h.citizen_id = z.id "
        "AND h.kind = 'admission' AND h.started_at <= :now AND (h.ended_at IS NULL OR "
        "h.ended_at > :now) ORDER BY h.started_at DESC, h.id DESC LIMIT 1)"
    )


def _open_steps(b: Baseline, citizen: str) -> str:
    """Handling steps still to do (not signed; before the follow-up reaches the roll, else on
    or after today), of changes not cancelled and not private.

    From the citizen's changes to their steps: SQLite's planner otherwise starts from the index
    of open steps and walks every open step in the database for each citizen on the page (18 ms
    of a 20 ms page at 85,000 citizens); ``CROSS JOIN`` is SQLite's way to fix the order."""
    return (
        f"(SELECT count(*) FROM changes hc {'CROSS JOIN' if b.sqlite else 'JOIN'} handling_steps "
        "hs ON hs.change_id = hc.id LEFT JOIN changes fu ON fu.follow_up_of_id = hc.id "
        f"WHERE hc.citizen_id = {citizen} AND hs.done_at IS NULL AND hc.state <> 'cancelled' "
        "AND NOT EXISTS (SELECT 1 FROM line_versions hv WHERE hv.line_id = hc.line_id "
        "AND hv.private = :true) AND CASE WHEN fu.id IS NOT NULL THEN fu.effective_date > :today "
        "ELSE (hs.day IS NULL OR hs.day >= :today) END)"
    )


def search(b: Baseline, conn: Connection, query: str, now: datetime, limit: int) -> list[Any]:
    """The page with its marks. PostgreSQL: the page planned for its values at each run (never
    prepared: which index serves a name or a CPR range depends on them), then its citizens'
    marks by a statement prepared at once and planned once for any page (``plan_cache_mode``
    for the rest of the transaction): planning the marks' subqueries at each run took ~3 ms."""
    page, sql, params = search_sql(b, query)
    today = now.date()
    start = datetime.combine(today, datetime.min.time(), tzinfo=now.tzinfo)
    params.update(
        true=True,
        false=False,
        start=b.ts(start),
        now=b.ts(now),
        today=today,
        due=today + timedelta(days=28),
        limit=limit,
    )
    if b.sqlite:
        return conn.execute(text(sql), params).fetchall()
    ids = [r[0] for r in conn.execute(text(page), params, execution_options={"prepare": False})]
    if not ids:
        return []
    conn.execute(text("SET LOCAL plan_cache_mode = force_generic_plan"))
    rows = conn.execute(text(sql), {**params, "ids": ids}, execution_options={"prepare": True})
    at = {cid: i for i, cid in enumerate(ids)}
    return sorted(rows.fetchall(), key=lambda r: at[r[0]])


def search_shown(
    b: Baseline, conn: Connection, query: str, now: datetime, limit: int
) -> tuple[list[Any], list[int]]:
    """The page as the window shows it: read in one transaction, and the citizens shown, which
    the caller hands to the writer that logs them right after (:func:`log_list`). The window
    does the same: the page shows first, its entry is written next on the audit writer."""
    with conn.begin():
        rows = search(b, conn, query, now, limit)
    return rows, sorted({r[0] for r in rows})


def log_list(
    b: Baseline, conn: Connection, now: datetime, user: tuple[int, str], shown: list[int]
) -> None:
    """A list's one sealed entry naming every citizen shown (the law asks it of every list of
    health data), committed; an empty list is not logged."""
    if shown:
        with conn.begin():
            one = shown[0] if len(shown) == 1 else None
            _audit(b, conn, now, user, "search.read", "citizen_list", None, one, citizens=shown)


def log_print(
    b: Baseline,
    conn: Connection,
    now: datetime,
    user: tuple[int, str],
    team_id: int,
    shown: list[int],
) -> None:
    """A handover print's one sealed entry of the team naming every citizen on the paper (the
    law asks a print of health data to be logged, as a list shown is), committed."""
    with conn.begin():
        one = shown[0] if len(shown) == 1 else None
        _audit(b, conn, now, user, "print.handover", "team", team_id, one, citizens=shown)


# ---------------------------------------------------------------------------
# The card: card view and day view of one citizen, one read transaction, one audit entry
# ---------------------------------------------------------------------------


def card(b: Baseline, conn: Connection, cpr: str, now: datetime, user: tuple[int, str]) -> int:
    """The rows of the card screen (citizen, cards, periods, pauses, versions with products for
    today, the coming rolls and the flags, packed products, changes with their periods, users and
    follow-ups, acute handlings, transitions, acknowledgements, contacts, renewal requests) and
    one audit entry, committed. Returns the number of statements run."""
    today = now.date()
    n = 0

    def q(sql: str, **params: Any) -> list[Any]:
        nonlocal n
        n += 1
        return conn.execute(text(sql), params).fetchall()

    with conn.begin():
        (cit,) = q(
            "SELECT z.id, z.cpr, z.first_name, z.last_name, z.address, z.phone, z.team_id, "
            "t.name, z.route_order, z.gp_name, z.gp_phone, z.birth_date, z.version_id "
            "FROM citizens z LEFT JOIN teams t ON t.id = z.team_id WHERE z.cpr = :cpr",
            cpr=cpr,
        )
        cid = cit[0]
        cards = q(
            "SELECT k.id, k.paused, k.packing_group_id, g.name, ph.name, g.start_weekday, "
            "g.length_days, g.deadline_days_before, g.deadline_time, g.anchor "
            "FROM cards k JOIN packing_groups g ON g.id = k.packing_group_id "
            "JOIN pharmacies ph ON ph.id = g.pharmacy_id WHERE k.citizen_id = :c ORDER BY k.id",
            c=cid,
        )
        kid, group = cards[0][0], cards[0][2]
        periods = q(
            "SELECT id, first_day, last_day, deadline, expected_delivery, note FROM periods "
            "WHERE packing_group_id = :g AND last_day >= :a AND first_day <= :z "
            "ORDER BY first_day",
            g=group,
            a=today - timedelta(days=28),
            z=today + timedelta(days=84),
        )
        q("SELECT id, paused_at, resumed_at, reason FROM pauses WHERE card_id = :k", k=kid)
        periods = [(p[0], _day(p[1]), _day(p[2])) for p in periods]
        ahead = [p for p in periods if p[1] > today]
        last = ahead[1][1] if len(ahead) > 1 else (ahead[0][1] if ahead else today)
        # every version of the citizen alive from today (card, columns, day view and flags)
        q(
            "SELECT v.id, v.line_id, l.card_id, v.valid_from, v.valid_to, v.dosage, v.supply, "
            "v.status, v.private, v.prescription_valid_until, v.change_id, v.atc, "
            "l.origin_acute_change_id, l.supply_failure_id, p.id, p.trade_name, p.strength, "
            "p.form, p.substance, p.atc, p.dose_dispensable, "
            "(SELECT min(fu.effective_date) FROM changes fu WHERE fu.follow_up_of_id = "
            "l.origin_acute_change_id AND fu.state <> 'cancelled') "
            "FROM line_versions v JOIN lines l ON l.id = v.line_id "
            "JOIN products p ON p.id = v.product_id "
            "WHERE v.citizen_id = :c AND (v.valid_to IS NULL OR v.valid_to > :today) "
            "AND v.valid_from <= :last ORDER BY v.line_id, v.valid_from",
            c=cid,
            today=today,
            last=last,
        )
        pids = [p[0] for p in periods if p[2] >= today - timedelta(days=14)][:4] or [0]
        q(
            "SELECT line_id, period_id, trade_name FROM packed_products WHERE period_id IN "
            f"({', '.join(str(int(p)) for p in pids)}) AND line_id IN "
            "(SELECT id FROM lines WHERE card_id = :k)",
            k=kid,
        )
        first = min((p[1] for p in periods if p[2] >= today), default=today)
        changes = q(
            "SELECT c.*, p.trade_name, p.strength, p.form, u.username, tp.first_day, "
            "tp.last_day, tp.deadline, tp.expected_delivery, (SELECT f.id FROM changes f "
            "WHERE f.follow_up_of_id = c.id AND f.state <> 'cancelled' LIMIT 1) "
            "FROM changes c LEFT JOIN products p ON p.id = c.product_id "
            "JOIN users u ON u.id = c.registered_by "
            "LEFT JOIN periods tp ON tp.id = c.target_period_id "
            "WHERE c.card_id = :k AND (c.state IN ('registered', 'confirmed', 'locked') "
            "OR (c.state <> 'cancelled' AND c.effective_date >= :first "
            "AND c.effective_date <= :last)) AND NOT EXISTS (SELECT 1 FROM line_versions pv "
            "WHERE pv.line_id = c.line_id AND pv.private = :true) "
            "ORDER BY c.effective_date, c.id",
            k=kid,
            first=first,
            last=last + timedelta(days=13),
            true=True,
        )
        open_ids = ", ".join(str(int(c[0])) for c in changes if c.state in OPEN_STATES) or "0"
        q(f"SELECT * FROM acute_handlings WHERE change_id IN ({open_ids}) ORDER BY id")
        q(
            "SELECT t.*, u.username FROM change_transitions t JOIN users u "
            f"ON u.id = t.by_user_id WHERE t.change_id IN ({open_ids}) ORDER BY t.id"
        )
        q(
            "SELECT line_a, line_b, version_a, version_b, reason, until FROM flag_acks "
            "WHERE citizen_id = :c AND kind = 'intentional'",
            c=cid,
        )
        q("SELECT * FROM hospital_contacts WHERE citizen_id = :c ORDER BY started_at DESC", c=cid)
        q("SELECT line_id, state FROM renewal_requests WHERE citizen_id = :c", c=cid)
        _audit(b, conn, now, user, "card.read", "card", kid, cid)
        n += 2
    return n


def _day(value: Any) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _audit(
    b: Baseline,
    conn: Connection,
    now: datetime,
    user: tuple[int, str],
    action: str,
    entity: str,
    entity_id: int | None,
    citizen_id: int | None,
    citizens: list[int] | None = None,
) -> None:
    """One entry of the sealed chain, as the law asks of every read (services.audit writes the
    same): the chain's head locked, the database's clock and account, the entry's hash over
    every field and its seal, and for a list one index row per citizen shown."""
    import json

    from dosisdesk.domain import auditchain as chain
    from dosisdesk.services.audit import os_account, seal_key

    del now  # the database's clock stamps an entry, as in the app
    if b.sqlite:  # the head and the clock in one statement
        head = conn.execute(
            text(
                "SELECT (SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1), "
                "(SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), "
                "strftime('%Y-%m-%d %H:%M:%f', 'now')"
            )
        ).one()
        at = datetime.strptime(str(head[2]), "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC)
        who = os_account()
    else:
        conn.execute(text("SELECT pg_advisory_xact_lock(727001)"))
        head = conn.execute(
            text("SELECT h.seq, h.hash, now(), session_user FROM dosisdesk_audit_head() AS h")
        ).one()
        at, who = head[2].astimezone(UTC), str(head[3])
    seq, prev = (head[0], head[1]) if head is not None and head[0] is not None else (0, "0" * 64)
    after = (
        json.dumps({"citizens": citizens, "count": len(citizens)}, sort_keys=True)
        if citizens
        else None
    )
    h = chain.digest(
        seq=seq + 1,
        at=at,
        user_id=user[0],
        username=user[1],
        db_user=who,
        action=action,
        entity=entity,
        entity_id=entity_id,
        citizen_id=citizen_id,
        before=None,
        after=after,
        prev_hash=prev,
    )
    key = seal_key()
    entry = conn.execute(
        text(
            "INSERT INTO audit_log (seq, at, user_id, username, db_user, action, entity, "
            "entity_id, citizen_id, before, after, prev_hash, hash, mac) VALUES (:seq, :at, "
            ":uid, :un, :who, :a, :e, :eid, :cid, NULL, :after, :prev, :hash, :mac) RETURNING id"
        ),
        dict(
            seq=seq + 1,
            at=b.ts(at),
            uid=user[0],
            un=user[1],
            who=who,
            a=action,
            e=entity,
            eid=entity_id,
            cid=citizen_id,
            after=after,
            prev=prev,
            hash=h,
            mac=chain.seal(key, h) if key is not None else None,
        ),
    ).scalar_one()
    if citizens:
        conn.execute(
            text("INSERT INTO audit_citizens (entry_id, citizen_id) VALUES (:e, :c)"),
            [{"e": entry, "c": c} for c in citizens],
        )


# ---------------------------------------------------------------------------
# The queue: the desk's first page (with the private-line filter) and its groups' counts, each
# change as it stands at the moment (services.change_state.sql_at: a registered change whose
# deadline has come waits for the next period, a confirmed one is locked), and the page's one
# sealed audit entry naming the citizens shown, committed
# ---------------------------------------------------------------------------

# A registered change whose deadline has come (its target and effective day moved by time).
_MOVED = "c.state = 'registered' AND c.acute = :false AND t.deadline <= :now"
_QUEUE_FROM = (
    "FROM changes c JOIN periods t ON t.id = c.target_period_id "
    # the target now: the first period of the group whose deadline is still ahead
    f"JOIN periods p ON p.id = CASE WHEN {_MOVED} THEN coalesce((SELECT n.id FROM periods n "
    "WHERE n.packing_group_id = t.packing_group_id AND n.first_day > t.first_day "
    "AND n.deadline > :now ORDER BY n.first_day LIMIT 1), t.id) ELSE t.id END "
    "JOIN packing_groups g ON g.id = p.packing_group_id "
    "JOIN pharmacies ph ON ph.id = g.pharmacy_id "
    # registered or confirmed now: a confirmed planned change is locked once its deadline came
    "WHERE c.state IN ('registered', 'confirmed') "
    "AND (c.state = 'registered' OR c.acute = :true OR t.deadline > :now) "
    "AND NOT EXISTS (SELECT 1 FROM line_versions pv WHERE pv.line_id = c.line_id "
    "AND pv.private = :true) "
)


def queue(
    b: Baseline, conn: Connection, now: datetime, user: tuple[int, str], limit: int
) -> tuple[list[Any], list[Any]]:
    params = {"true": True, "false": False, "now": b.ts(now), "limit": limit}
    with conn.begin():
        page = conn.execute(
            text(
                "WITH q AS (SELECT c.id AS cid, p.id AS pid, p.deadline AS deadline, "
                "ph.name AS pharmacy, g.name AS grp, z.sort_key AS sort_key "
                + _QUEUE_FROM.replace(
                    "JOIN periods t", "JOIN citizens z ON z.id = c.citizen_id JOIN periods t", 1
                )
                + "ORDER BY p.deadline, ph.name, g.name, z.sort_key, c.id LIMIT :limit) "
                "SELECT c.id, c.kind, c.dosage, c.state, c.acute, c.follow_up_of_id, "
                "c.missed_deadlines, c.registered_at, c.version_id, c.wanted_from, "
                "c.effective_date, z.id, z.cpr, z.first_name, z.last_name, tm.name, q.pharmacy, "
                "q.grp, p.first_day, p.deadline, pr.trade_name, pr.strength, u.username, "
                "u.full_name, fu.effective_date "
                "FROM q JOIN changes c ON c.id = q.cid JOIN citizens z ON z.id = c.citizen_id "
                "JOIN periods p ON p.id = q.pid JOIN users u ON u.id = c.registered_by "
                "LEFT JOIN teams tm ON tm.id = z.team_id "
                "LEFT JOIN products pr ON pr.id = c.product_id "
                "LEFT JOIN changes fu ON fu.id = c.follow_up_of_id "
                "ORDER BY q.deadline, q.pharmacy, q.grp, q.sort_key, q.cid"
            ),
            params,
        ).fetchall()
        groups = conn.execute(
            text(
                "SELECT p.id, count(*), "
                f"sum(CASE WHEN c.missed_deadlines > 0 OR ({_MOVED}) THEN 1 ELSE 0 END), "
                "sum(CASE WHEN c.acute = :true THEN 1 ELSE 0 END), "
                "sum(CASE WHEN c.state = 'registered' THEN 1 ELSE 0 END), p.deadline, "
                "p.first_day, ph.name, g.name "
                + _QUEUE_FROM
                + "GROUP BY p.id, p.deadline, p.first_day, ph.name, g.name "
                "ORDER BY p.deadline, ph.name, g.name"
            ),
            params,
        ).fetchall()
    shown = sorted({r[11] for r in page})
    if shown:
        with conn.begin():
            one = shown[0] if len(shown) == 1 else None
            _audit(b, conn, now, user, "queue.read", "citizen_list", None, one, citizens=shown)
    return page, groups


# ---------------------------------------------------------------------------
# Flags: the ranked list of open double prescriptions over the whole database, one statement
# ---------------------------------------------------------------------------


def flags(b: Baseline, conn: Connection, today: date) -> list[Any]:
    """Every open flag, most severe first, then by citizen and line, with what the list shows
    (citizen, team, both lines' product, strength and dose): domain.doubles in SQL. Driven from
    the candidate groups (as storage.flags reads them), each version's partner found through
    the citizen's index."""
    start = b.greatest(":today", "a.valid_from", "c.valid_from")

    def lo(x: str, y: str) -> str:
        return f"CASE WHEN a.line_id < c.line_id THEN {x} ELSE {y} END"

    # the candidate groups the database keeps (migration 0013: a roll line and another line
    # of one citizen's ATC level-4 group, on any days), as storage.flags reads them
    cand = "SELECT citizen_id, atc_group AS g FROM flag_candidates"
    join = "CROSS JOIN" if b.sqlite else "JOIN"
    sql = (
        f"WITH cand AS ({cand}), "
        "pairs AS (SELECT a.citizen_id, "
        f"{lo('a.line_id', 'c.line_id')} AS la, {lo('c.line_id', 'a.line_id')} AS lb, "
        f"{lo('a.id', 'c.id')} AS va, {lo('c.id', 'a.id')} AS vb, "
        f"{lo('a.atc', 'c.atc')} AS atc_a, {lo('c.atc', 'a.atc')} AS atc_b, "
        "CASE WHEN a.atc = c.atc AND c.supply = 'ordinary' THEN 0 "
        "WHEN a.atc = c.atc THEN 1 ELSE 2 END AS sev, "
        f"{start} AS ofrom "
        # the candidates drive, then their versions and lines (SQLite: CROSS JOIN keeps that
        # order; it has no statistics to choose by)
        f"FROM cand {join} line_versions a ON a.citizen_id = cand.citizen_id "
        f"AND substr(a.atc, 1, 5) = cand.g {join} lines al ON al.id = a.line_id "
        f"{join} line_versions c ON c.citizen_id = a.citizen_id AND c.line_id <> a.line_id "
        f"{join} lines cl ON cl.id = c.line_id "
        "WHERE a.supply = 'dose_roll' AND substr(c.atc, 1, 5) = substr(a.atc, 1, 5) "
        "AND (c.supply <> 'dose_roll' OR (a.atc = c.atc AND a.line_id < c.line_id)) "
        f"AND {_takes_part(b, 'a', 'al')} AND {_takes_part(b, 'c', 'cl')} "
        f"AND {_overlaps(b, 'a', 'c')}), "
        "best AS (SELECT pairs.*, row_number() OVER (PARTITION BY citizen_id, la, lb "
        "ORDER BY sev, ofrom, va, vb) AS rn FROM pairs) "
        "SELECT f.citizen_id, z.first_name, z.last_name, z.cpr, t.name, f.sev, f.la, f.lb, "
        "f.va, f.vb, f.atc_a, f.atc_b, f.ofrom, pa.trade_name, pa.strength, va.dosage, "
        "va.supply, pb.trade_name, pb.strength, vb.dosage, vb.supply "
        "FROM best f JOIN citizens z ON z.id = f.citizen_id "
        "LEFT JOIN teams t ON t.id = z.team_id "
        "JOIN line_versions va ON va.id = f.va JOIN products pa ON pa.id = va.product_id "
        "JOIN line_versions vb ON vb.id = f.vb JOIN products pb ON pb.id = vb.product_id "
        "WHERE f.rn = 1 AND NOT EXISTS (SELECT 1 FROM flag_acks k WHERE k.kind = 'intentional' "
        "AND k.line_a = f.la AND k.line_b = f.lb AND k.version_a = f.va AND k.version_b = f.vb "
        "AND (k.until IS NULL OR k.until >= :today)) "
        "ORDER BY f.sev, f.citizen_id, f.la, f.lb"
    )
    return conn.execute(text(sql), {"today": today}).fetchall()


def flags_logged(b: Baseline, conn: Connection, now: datetime, user: tuple[int, str]) -> list[Any]:
    """The list as the coordinator sees it: read, and the citizens shown logged in one entry
    (the law asks it of every list of health data), committed."""
    with conn.begin():
        rows = flags(b, conn, now.date())
        if rows:
            shown = sorted({r[0] for r in rows})
            one = shown[0] if len(shown) == 1 else None
            _audit(b, conn, now, user, "flags.read", "citizen_list", None, one, citizens=shown)
    return rows


# ---------------------------------------------------------------------------
# A supply failure's affected roll lines (the desk's supply view), one unit of work
# ---------------------------------------------------------------------------


def supply_affected(
    b: Baseline, conn: Connection, now: datetime, user: tuple[int, str], failure_id: int
) -> list[tuple[Any, ...]]:
    """The roll lines of the failing product that overlap the failure, with their citizens,
    in the citizen list's order, which of the citizens already have a line beside the roll,
    and the list's one sealed entry naming them: read and logged in one transaction, as the
    service does. Rows as the service's fields (names joined, days as dates)."""
    from dosisdesk.domain.text import full_name

    with conn.begin():
        product_id, from_day, to_day = conn.execute(
            text("SELECT product_id, from_day, to_day FROM supply_failures WHERE id = :id"),
            {"id": failure_id},
        ).one()
        rows = conn.execute(
            text(
                "SELECT c.id, c.first_name, c.last_name, c.cpr, tm.name, v.line_id, v.dosage, "
                "v.valid_from, v.valid_to FROM line_versions v "
                "JOIN citizens c ON c.id = v.citizen_id LEFT JOIN teams tm ON tm.id = c.team_id "
                "WHERE v.product_id = :p AND v.supply = 'dose_roll' AND v.status = 'active' "
                "AND (v.valid_to IS NULL OR v.valid_to > :from_day) "
                "AND (v.valid_to IS NULL OR v.valid_to > v.valid_from) "
                + ("AND v.valid_from <= :to_day " if to_day is not None else "")
                + "ORDER BY c.sort_key, v.line_id"
            ),
            {"p": product_id, "from_day": from_day, "to_day": to_day},
        ).fetchall()
        handled = set(
            conn.execute(
                text("SELECT citizen_id FROM lines WHERE supply_failure_id = :id"),
                {"id": failure_id},
            ).scalars()
        )
        out = [
            (
                r[0],
                full_name(r[1], r[2]),
                r[3],
                r[4] or "",
                r[5],
                r[6],
                _day(r[7]),
                None if r[8] is None else _day(r[8]),
                r[0] in handled,
            )
            for r in rows
        ]
        shown = sorted({r[0] for r in rows})
        if shown:
            one = shown[0] if len(shown) == 1 else None
            _audit(b, conn, now, user, "supply.read", "citizen_list", None, one, citizens=shown)
    return out


# ---------------------------------------------------------------------------
# Acute changes: a span of days' acute changes with their citizen, product, registrar,
# follow-up and handlings, newest first, and the list's one sealed entry, committed
# ---------------------------------------------------------------------------

_ACUTE_COLUMNS = (
    "SELECT c.id, z.id, z.first_name || ' ' || z.last_name, z.cpr, tm.name, c.registered_at, "
    "u.username, c.kind, p.trade_name, p.strength, c.dosage, c.reason, c.doctor, "
    "c.if_waited_first_day, c.if_waited_deadline, {fid}, {fstate}, u.full_name "
)
_ACUTE_JOINS = (
    "JOIN citizens z ON z.id = c.citizen_id LEFT JOIN teams tm ON tm.id = z.team_id "
    "LEFT JOIN products p ON p.id = c.product_id JOIN users u ON u.id = c.registered_by "
)
_ACUTE_WHERE = "c.acute = :true AND c.registered_at >= :start AND c.registered_at < :end "
_FOLLOW_UP = "LEFT JOIN changes fu ON fu.follow_up_of_id = c.id AND fu.state <> 'cancelled' "


def acute(
    b: Baseline,
    conn: Connection,
    now: datetime,
    user: tuple[int, str],
    first: date,
    last: date,
    limit: int = 5000,
) -> list[tuple[Any, ...]]:
    """The acute tab's rows as the user sees them: each change's id, citizen (id, name, CPR,
    team), when it was registered (in Copenhagen time) and by whom (login), kind, product,
    dosage, reason, doctor, handlings (kind, note) in the order they were recorded, the "if it
    had waited" answer recorded then, the follow-up's id and state, the registrar's name and
    the days from the decision to the roll it could have waited for; newest first. The changes
    in one statement (SQLite in one piece; PostgreSQL the rows kept first and the rest joined
    for them, which spares it hashing every citizen), their handlings in one by the changes'
    ids, and the sealed entry naming the citizens shown, in one transaction."""
    from zoneinfo import ZoneInfo

    cph = ZoneInfo("Europe/Copenhagen")
    start = datetime.combine(first, datetime.min.time(), tzinfo=cph)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=cph)
    params = {"true": True, "start": b.ts(start), "end": b.ts(end), "limit": limit}
    order = "ORDER BY c.registered_at DESC, c.id DESC"
    if b.sqlite:
        sql = (
            _ACUTE_COLUMNS.format(fid="fu.id", fstate="fu.state")
            + f"FROM changes c {_ACUTE_JOINS}{_FOLLOW_UP}WHERE {_ACUTE_WHERE}{order} LIMIT :limit"
        )
    else:
        sql = (
            _ACUTE_COLUMNS.format(fid="k.fid", fstate="k.fstate")
            + "FROM (SELECT c.id, c.registered_at AS at, fu.id AS fid, fu.state AS fstate "
            f"FROM changes c {_FOLLOW_UP}WHERE {_ACUTE_WHERE}{order} LIMIT :limit) k "
            f"JOIN changes c ON c.id = k.id {_ACUTE_JOINS}ORDER BY k.at DESC, k.id DESC"
        )
    with conn.begin():
        rows = conn.execute(text(sql), params).fetchall()
        handled: dict[int, list[tuple[str, str]]] = {}
        ids = sorted({r[0] for r in rows})
        if ids:
            if b.sqlite:
                found = conn.execute(
                    text(
                        "SELECT change_id, kind, note FROM acute_handlings WHERE change_id IN "
                        f"({', '.join(str(int(i)) for i in ids)}) ORDER BY id"
                    )
                )
            else:
                found = conn.execute(
                    text(
                        "SELECT change_id, kind, note FROM acute_handlings "
                        "WHERE change_id = ANY(:ids) ORDER BY id"
                    ),
                    {"ids": ids},
                )
            for cid, kind, note in found:
                handled.setdefault(cid, []).append((kind, note))
        shown = sorted({r[1] for r in rows})
        if shown:
            one = shown[0] if len(shown) == 1 else None
            _audit(b, conn, now, user, "acute.read", "citizen_list", None, one, citizens=shown)
    out = []
    for r in rows:
        at, day, deadline = r[5], r[13], r[14]
        if b.sqlite:  # UTC text and ISO days
            at = datetime.fromisoformat(at).replace(tzinfo=UTC)
            day = day and date.fromisoformat(day)
            deadline = deadline and datetime.fromisoformat(deadline).replace(tzinfo=UTC)
        at = at.astimezone(cph)
        product = f"{r[8]} {r[9]}".strip() if r[8] is not None else ""
        out.append(
            (
                r[0],
                r[1],
                r[2],
                r[3],
                r[4] or "",
                at,
                r[6],
                r[7],
                product,
                r[10],
                r[11],
                r[12],
                tuple(handled.get(r[0], ())),
                day,
                deadline and deadline.astimezone(cph),
                r[15],
                r[16],
                r[17],
                None if day is None else (day - at.date()).days,
            )
        )
    return out


# ---------------------------------------------------------------------------
# Figures: the coordinator's desk's figures tab, every figure per team and for the
# municipality, in hand-written SQL (the open double prescriptions of the nine days too)
# ---------------------------------------------------------------------------


def _cph_midnight(day: date) -> datetime:
    from dosisdesk.domain.types import CPH

    return datetime(day.year, day.month, day.day, tzinfo=CPH)


def _bucket(b: Baseline, column: str, ends: list[datetime]) -> str:
    """The window index of a moment, the windows given by their ends (bound :e0, :e1 ...)."""
    whens = " ".join(f"WHEN {column} < :e{i} THEN {i}" for i in range(len(ends) - 1))
    return f"CASE {whens} ELSE {len(ends) - 1} END"


def figures(b: Baseline, conn: Connection, now: datetime) -> dict[tuple[Any, ...], Any]:
    """Every figure the tab shows, as ``{(measure, scope, index): value}`` with the zeros left
    out (scope: the team's name, ``None`` for the municipality): the settings, citizens on dose
    dispensing and 75+ of them, per 14-day window the changes, acute changes and missed
    deadlines, per flag day (today and the same weekday of the 8 weeks before) the open double
    prescriptions by severity rank. Six statements in one read transaction."""
    today = now.date()
    try:
        born_by = today.replace(year=today.year - 75)
    except ValueError:  # 29 February
        born_by = date(today.year - 75, 2, 28)
    sunday = today + timedelta(days=6 - today.weekday())
    firsts = [sunday - timedelta(days=14 * k + 13) for k in range(7, -1, -1)]
    ends = [_cph_midnight(f + timedelta(days=14)) for f in firsts]
    window = {"start": b.ts(_cph_midnight(firsts[0]))}
    window.update({f"e{i}": b.ts(e) for i, e in enumerate(ends)})
    days = [today - timedelta(weeks=k) for k in range(8, -1, -1)]
    out: dict[tuple[Any, ...], Any] = {}

    def add(key: tuple[Any, ...], team: Any, value: int) -> None:
        if value:
            for scope in (None, team) if team is not None else (None,):
                k = (key[0], scope, *key[1:])
                out[k] = out.get(k, 0) + value

    with conn.begin():
        teams = dict(conn.execute(text("SELECT id, name FROM teams")).fetchall())
        for key, value in conn.execute(
            text(
                "SELECT key, value FROM meta WHERE key IN "
                "('population_75plus', 'target_citizens', 'municipality')"
            )
        ):
            out[("meta", None, key)] = value
        for tid, n, old in conn.execute(
            text(
                "SELECT team_id, count(*), sum(CASE WHEN birth_date <= :born THEN 1 ELSE 0 END) "
                "FROM citizens WHERE id IN (SELECT citizen_id FROM cards) AND id IN "
                "(SELECT citizen_id FROM line_versions WHERE valid_from <= :today "
                "AND (valid_to IS NULL OR valid_to > :today) AND status <> 'discontinued') "
                "GROUP BY team_id"
            ),
            {"born": born_by, "today": today},
        ):
            add(("on_dd",), teams.get(tid), n)
            add(("over75",), teams.get(tid), old)
        for tid, w, n, acute in conn.execute(
            text(
                "SELECT team_id, w, count(*), sum(a) FROM (SELECT z.team_id, "
                f"{_bucket(b, 'c.registered_at', ends)} AS w, "
                "CASE WHEN c.acute = :true THEN 1 ELSE 0 END AS a "
                "FROM changes c JOIN citizens z ON z.id = c.citizen_id "
                f"WHERE c.registered_at >= :start AND c.registered_at < :e{len(ends) - 1} "
                "AND c.follow_up_of_id IS NULL AND c.state <> 'cancelled') x GROUP BY team_id, w"
            ),
            {**window, "true": True},
        ):
            add(("changes", w), teams.get(tid), n)
            add(("acute", w), teams.get(tid), acute)
        # each deadline a change passed unconfirmed, from its original period's up to (not
        # including) its target's as it stands now: a registered planned change whose
        # deadline has come waits for the group's first period whose deadline is ahead
        moved = "c.state = 'registered' AND c.acute = :false AND t.deadline <= :now"
        for tid, w, n in conn.execute(
            text(
                f"SELECT team_id, w, count(*) FROM (SELECT z.team_id, "
                f"{_bucket(b, 'p.deadline', ends)} AS w "
                "FROM changes c JOIN periods o ON o.id = c.original_period_id "
                "JOIN periods t ON t.id = c.target_period_id "
                f"JOIN periods tn ON tn.id = CASE WHEN {moved} THEN coalesce((SELECT n.id "
                "FROM periods n WHERE n.packing_group_id = t.packing_group_id "
                "AND n.first_day > t.first_day AND n.deadline > :now "
                "ORDER BY n.first_day LIMIT 1), t.id) ELSE t.id END "
                "JOIN periods p ON p.packing_group_id = o.packing_group_id "
                "AND p.deadline >= o.deadline AND p.deadline < tn.deadline "
                "JOIN citizens z ON z.id = c.citizen_id "
                f"WHERE (c.missed_deadlines > 0 OR ({moved})) "
                f"AND p.deadline >= :start AND p.deadline < :e{len(ends) - 1}) x "
                "GROUP BY team_id, w"
            ),
            {**window, "false": False, "now": b.ts(now)},
        ):
            add(("missed", w), teams.get(tid), n)
        for tid, i, sev, n in _flag_series(b, conn, days):
            add(("flags", i, sev), teams.get(tid), n)
    return out


def _flag_series(b: Baseline, conn: Connection, days: list[date]) -> list[tuple[Any, ...]]:
    """Per team, day index and severity rank: the open double prescriptions on each of ``days``
    (domain.doubles on the versions in force that day, from that day: one flag per pair of
    lines, its most severe version pair, then the lowest versions; less those an intentional
    acknowledgement made by then still holds on the day). The version pairs that can pair in
    one statement driven from the candidate groups (as the flags list's baseline), the
    acknowledgements in another; the days each pair shares and the best pair of each day in a
    minimal loop (one statement doing that too, with the days as rows, took 150-200 ms at
    85,000 citizens on either engine: twice this)."""
    pairs = conn.execute(text(_version_pairs_sql(b)), {"first": days[0], "last": days[-1]})
    ends = [b.ts(_cph_midnight(d + timedelta(days=1))) for d in days]
    acks = conn.execute(
        text(
            "SELECT created_at, line_a, line_b, version_a, version_b, until FROM flag_acks "
            "WHERE kind = 'intentional'"
        )
    ).fetchall()
    best: list[dict[tuple[int, int, int], tuple[int, int, int, Any]]] = [{} for _ in days]
    n = len(days)
    for tid, cid, la, lb, va, vb, sev, fa, ta, fc, tc in pairs:
        start = fa if fa > fc else fc
        end = ta if tc is None or (ta is not None and ta < tc) else tc
        lo = bisect_left(days, _day(start))
        hi = n if end is None else bisect_left(days, _day(end))
        key = (sev, va, vb, tid)
        for i in range(lo, hi):
            found = best[i]
            current = found.get((cid, la, lb))
            if current is None or key < current:
                found[(cid, la, lb)] = key
    counts: dict[tuple[Any, int, int], int] = {}
    for i, d in enumerate(days):
        held = {
            (a, x, c, y) if a < c else (c, y, a, x)
            for made, a, c, x, y, until in acks
            if made < ends[i] and (until is None or _day(until) >= d)
        }
        for (_cid, la, lb), (sev, va, vb, tid) in best[i].items():
            if (la, va, lb, vb) not in held:
                counts[(tid, i, sev)] = counts.get((tid, i, sev), 0) + 1
    return [(*k, v) for k, v in counts.items()]


def _version_pairs_sql(b: Baseline) -> str:
    """Each pair of versions of two lines of a candidate group that is a double prescription
    on some day of [:first, :last] if both are in force then: team, citizen, the lower line
    and the other, their versions, severity rank and both versions' days."""
    join = "CROSS JOIN" if b.sqlite else "JOIN"

    def takes_part(v: str, ln: str) -> str:
        """Active, no supply failure, a full code, not an exempt acute bridge, in force on some
        day of the series."""
        return (
            f"{v}.status = 'active' AND {ln}.supply_failure_id IS NULL AND length({v}.atc) = 7 "
            f"AND {v}.valid_from <= :last AND ({v}.valid_to IS NULL OR {v}.valid_to > :first) "
            f"AND NOT ({v}.supply = 'ordinary' AND {ln}.origin_acute_change_id IS NOT NULL "
            f"AND {v}.valid_to IS NOT NULL AND EXISTS (SELECT 1 FROM changes fu "
            f"WHERE fu.follow_up_of_id = {ln}.origin_acute_change_id "
            f"AND fu.state <> 'cancelled' AND {v}.valid_to <= fu.effective_date))"
        )

    return (
        "SELECT z.team_id, a.citizen_id, a.line_id, c.line_id, a.id, c.id, "
        "CASE WHEN a.atc = c.atc AND (a.supply = 'ordinary' OR c.supply = 'ordinary') THEN 0 "
        "WHEN a.atc = c.atc THEN 1 ELSE 2 END, "
        "a.valid_from, a.valid_to, c.valid_from, c.valid_to "
        f"FROM flag_candidates k {join} line_versions a ON a.citizen_id = k.citizen_id "
        f"AND substr(a.atc, 1, 5) = k.atc_group {join} lines al ON al.id = a.line_id "
        f"{join} line_versions c ON c.citizen_id = a.citizen_id AND c.line_id > a.line_id "
        f"{join} lines cl ON cl.id = c.line_id {join} citizens z ON z.id = a.citizen_id "
        "WHERE substr(c.atc, 1, 5) = k.atc_group "
        "AND (a.supply = 'dose_roll' OR c.supply = 'dose_roll') "
        "AND (a.atc = c.atc OR a.supply <> c.supply) "
        f"AND {takes_part('a', 'al')} AND {takes_part('c', 'cl')}"
    )


# ---------------------------------------------------------------------------
# The coordinator's "Sygehus" tab: admitted now, the open 72-hour windows, the discharges whose
# checklist is not done; each list its own unit of work (the tab calls three services), its
# rows read with the citizens' names and its one sealed entry naming the citizens shown,
# committed
# ---------------------------------------------------------------------------

#: the fields the tab's rows carry (services.dto.ContactDTO), in its order; ``admitted`` (an
#: admission going on at :now) and ``window_open`` (the 72-hour window not over at :now) too
HOSPITAL_COLUMNS = (
    "h.id, h.citizen_id, z.first_name, z.last_name, z.cpr, h.kind, h.hospital, h.department, "
    "h.phone, h.started_at, h.ended_at, h.somatic, h.municipal_nursing, h.extended_until, "
    "h.responsibility_until, "
    "h.responsibility_until IS NOT NULL AND h.responsibility_until > :now, "
    "h.dd_paused, h.note, h.epicrisis_received, h.fmk_checked, h.changes_registered, "
    "h.dd_decided, h.version_id, "
    "h.kind = 'admission' AND h.started_at <= :now AND (h.ended_at IS NULL OR h.ended_at > :now)"
)
HOSPITAL_LISTS = (
    ("contacts.read", "h.kind = 'admission' AND h.ended_at IS NULL ORDER BY h.started_at, h.id"),
    ("contacts.read", "h.responsibility_until > :now ORDER BY h.responsibility_until, h.id"),
    (
        "discharges.read",
        "h.kind = 'admission' AND h.ended_at IS NOT NULL AND NOT (h.epicrisis_received = :true "
        "AND h.fmk_checked = :true AND h.changes_registered = :true AND h.dd_decided = :true) "
        "ORDER BY h.ended_at, h.id",
    ),
)


def hospital(
    b: Baseline, conn: Connection, now: datetime, user: tuple[int, str], limit: int
) -> list[list[Any]]:
    """The tab's three lists (whole country, at most ``limit`` rows each), each read and logged
    in a unit of work of its own, as the three services the tab calls do."""
    params = {"now": b.ts(now), "true": True, "limit": limit}
    out = []
    for action, where in HOSPITAL_LISTS:
        with conn.begin():
            rows = conn.execute(
                text(
                    f"SELECT {HOSPITAL_COLUMNS} FROM hospital_contacts h "
                    f"JOIN citizens z ON z.id = h.citizen_id WHERE {where} LIMIT :limit"
                ),
                params,
            ).fetchall()
            shown = sorted({r[1] for r in rows})
            if shown:
                one = shown[0] if len(shown) == 1 else None
                _audit(b, conn, now, user, action, "citizen_list", None, one, citizens=shown)
        out.append(rows)
    return out
