"""PostgreSQL roles, privileges and row-level security: access enforced by the database itself.

``dosisdesk db roles`` (the database's owner runs it after ``db upgrade`` and whenever users
change) sets up:

- three group roles, ``<prefix>_nurse``, ``<prefix>_coordinator`` and ``<prefix>_administrator``
  (NOLOGIN), and grants each active dosisdesk user's login role (her ``login``, else her user
  name) the group of her dosisdesk role; a deactivated user's role loses it;
- privileges: everyone reads; the citizen's data (every table with a ``citizen_id``, and what
  hangs under a card, a change or a line) may be written by all three; reference data by
  coordinators and administrators; users, teams and database facts by administrators only; the
  audit tables are INSERT-only for all three (no UPDATE, DELETE or TRUNCATE, and only the owner
  may change their triggers); the tables the database keeps by triggers (``flag_candidates``)
  are read-only for all three; a break of the glass (``access_grants``) is INSERT-only for a nurse,
  commits only together with its audit entry, and only its review may be updated, by coordinators
  and administrators;
- row-level security: a nurse's role sees and writes only citizens of her own team — plus those
  she broke the glass for — and what hangs under them, even from ``psql``; coordinators and
  administrators see all; of the audit log a nurse sees only her own entries.

Who "she" is comes from ``session_user`` mapped to an *active* dosisdesk user (functions
``dosisdesk_me_*``, SECURITY DEFINER, owned by the database's owner). A role that maps to no
active user sees no citizen. The table owner is not bound by the policies (it runs migrations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import Connection, text

ROLES = ("nurse", "coordinator", "administrator")

#: Tables only administrators write (users and the database's own facts).
ADMIN_TABLES = {"users", "teams", "database_kind", "alembic_version"}
#: Tables coordinators also write (settings and reference data).
REFERENCE_TABLES = {
    "meta",
    "pharmacies",
    "packing_groups",
    "stretches",
    "products",
    "supply_failures",
}
AUDIT_TABLES = {"audit_log", "audit_citizens"}
#: Tables the database keeps itself (triggers running as the owner): read by all, written by no
#: role, so no one can make a double prescription vanish from the list by hand.
KEPT_TABLES = {"flag_candidates"}
#: How long a break of the glass lasts (a shift); the database refuses a longer grant.
GLASS_HOURS = 12
#: Tables under a parent that carries the citizen: (column, parent table)
VIA_PARENT = {"card_id": "cards", "change_id": "changes", "line_id": "lines"}

_IDENT = re.compile(r"^[a-z_][a-z0-9_.@-]{0,62}$")


def quote(name: str) -> str:
    if not _IDENT.match(name):
        raise ValueError(f"not a usable role name: {name!r}")
    return '"' + name.replace('"', '""') + '"'


@dataclass
class RolesReport:
    schema: str
    groups: list[str]
    granted: list[tuple[str, str]] = field(default_factory=list)  # (login, group)
    revoked: list[tuple[str, str]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # users whose login role does not exist
    policies: list[str] = field(default_factory=list)


def _functions(conn: Connection, schema: str) -> None:
    s = quote(schema) if schema != "public" else "public"
    me = (
        f"FROM {s}.users WHERE active AND username <> 'system' "
        "AND lower(coalesce(login, username)) = lower(session_user::text)"
    )
    defs = {
        "dosisdesk_me_id() RETURNS integer": f"SELECT id {me}",
        "dosisdesk_me_role() RETURNS text": f"SELECT role {me}",
        "dosisdesk_me_team() RETURNS integer": f"SELECT team_id {me}",
        "dosisdesk_sees_team(t integer, cid integer) RETURNS boolean": (
            f"SELECT coalesce({s}.dosisdesk_me_role() IN ('coordinator', 'administrator'), false)"
            f" OR (t IS NOT NULL AND t = {s}.dosisdesk_me_team())"
            f" OR EXISTS (SELECT 1 FROM {s}.access_grants g WHERE g.citizen_id = cid"
            f" AND g.user_id = {s}.dosisdesk_me_id() AND g.until > now())"
        ),
        # break the glass: the id of a citizen by CPR, even one the caller cannot see (yet)
        "dosisdesk_citizen_id(c text) RETURNS integer": (
            f"SELECT id FROM {s}.citizens WHERE cpr = c"
        ),
        "dosisdesk_sees(cid integer) RETURNS boolean": (
            f"SELECT {s}.dosisdesk_sees_team((SELECT team_id FROM {s}.citizens WHERE id = cid),"
            " cid)"
        ),
    }
    for sig, body in defs.items():
        conn.execute(
            text(
                f"CREATE OR REPLACE FUNCTION {s}.{sig} LANGUAGE sql STABLE SECURITY DEFINER "
                f"SET search_path = {s}, pg_temp AS $$ {body} $$"
            )
        )


def _columns(conn: Connection, schema: str) -> dict[str, set[str]]:
    rows = conn.execute(
        text(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            "JOIN information_schema.tables t ON t.table_schema = c.table_schema "
            "AND t.table_name = c.table_name "
            "WHERE c.table_schema = :s AND t.table_type = 'BASE TABLE'"
        ),
        {"s": schema},
    ).all()
    out: dict[str, set[str]] = {}
    for table, column in rows:
        out.setdefault(table, set()).add(column)
    return out


def _policy(
    conn: Connection,
    table: str,
    using: str,
    check: str | None = None,
    command: str = "ALL",
    name: str = "dosisdesk_team",
) -> str:
    conn.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
    conn.execute(text(f"DROP POLICY IF EXISTS {name} ON {table}"))
    sql = f"CREATE POLICY {name} ON {table} FOR {command}"
    if command != "INSERT":
        sql += f" USING ({using})"
    if command in ("ALL", "INSERT", "UPDATE"):
        sql += f" WITH CHECK ({check or using})"
    conn.execute(text(sql))
    return f"{table}.{name}"


def _grants_logged(conn: Connection, s: str, t: str, reviewers: str) -> None:
    """A break of the glass never goes unlogged, even typed in ``psql``: a grant commits only
    with the audit entry ``access.break_glass`` for the same citizen and user written in the same
    transaction (the entry's moment and role are stamped by the database, so the entry must be
    this transaction's and hers), and it lasts at most a shift from the database's clock (15
    minutes' grace for the workstation's clock). Checked at COMMIT (a deferred constraint
    trigger), so the program may write the two in either order. Only coordinators and administrators change a grant, and
    only its review: a nurse cannot stretch her grant's time or move it to another citizen."""
    conn.execute(
        text(
            f"CREATE OR REPLACE FUNCTION {s}.dosisdesk_grant_logged() RETURNS trigger "
            f"LANGUAGE plpgsql SECURITY DEFINER SET search_path = {s}, pg_temp AS $$ BEGIN "
            f"IF NOT EXISTS (SELECT 1 FROM {s}.audit_log a WHERE a.action = 'access.break_glass' "
            "AND a.citizen_id = NEW.citizen_id AND a.user_id = NEW.user_id "
            "AND a.db_user = session_user::text AND a.at = now()) THEN "
            "RAISE EXCEPTION 'break the glass without its audit entry' USING ERRCODE = '42501', "
            "HINT = 'access.break_glass must be logged in the same transaction'; "
            "END IF; "
            f"IF NEW.until > now() + interval '{GLASS_HOURS} hours 15 minutes' THEN "
            f"RAISE EXCEPTION 'a break of the glass lasts at most a shift ({GLASS_HOURS} hours)' "
            "USING ERRCODE = '42501'; "
            "END IF; RETURN NULL; END $$"
        )
    )
    conn.execute(text(f"DROP TRIGGER IF EXISTS access_grants_logged ON {t}"))
    conn.execute(
        text(
            f"CREATE CONSTRAINT TRIGGER access_grants_logged AFTER INSERT ON {t} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            f"EXECUTE FUNCTION {s}.dosisdesk_grant_logged()"
        )
    )
    conn.execute(text(f"GRANT UPDATE (reviewed_by, reviewed_at) ON {t} TO {reviewers}"))


def setup_roles(
    conn: Connection, prefix: str = "dosisdesk", *, create_logins: bool = False
) -> RolesReport:
    """Create or refresh roles, privileges and policies (idempotent). ``conn`` is the owner's
    connection inside a transaction; nothing is half-done if it fails."""
    schema = str(conn.execute(text("SELECT current_schema()")).scalar())
    groups = {r: f"{prefix}_{r}" for r in ROLES}
    rep = RolesReport(schema, list(groups.values()))
    s = quote(schema) if schema != "public" else "public"
    for g in groups.values():
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": g}).first()
        if not exists:
            conn.execute(text(f"CREATE ROLE {quote(g)} NOLOGIN"))
    everyone = ", ".join(quote(g) for g in groups.values())
    writers_ref = f"{quote(groups['coordinator'])}, {quote(groups['administrator'])}"
    admin = quote(groups["administrator"])
    _functions(conn, schema)
    conn.execute(text(f"GRANT USAGE ON SCHEMA {s} TO {everyone}"))
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {everyone}"))
    conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {everyone}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {everyone}"))
    cols = _columns(conn, schema)
    for table, columns in sorted(cols.items()):
        t = f"{s}.{quote(table)}"
        if table in AUDIT_TABLES:
            conn.execute(text(f"GRANT INSERT ON {t} TO {everyone}"))
        elif table in ADMIN_TABLES:
            conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {t} TO {admin}"))
        elif table in REFERENCE_TABLES:
            conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {t} TO {writers_ref}"))
        elif table == "access_grants":  # UPDATE of the review only: see _grants_logged
            conn.execute(text(f"GRANT INSERT ON {t} TO {everyone}"))
        elif table in KEPT_TABLES:
            pass  # SELECT only, granted above
        else:
            conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {t} TO {everyone}"))
        if table == "citizens":
            rep.policies.append(_policy(conn, t, f"{s}.dosisdesk_sees_team(team_id, id)"))
        elif table in AUDIT_TABLES:
            mine = f"{s}.dosisdesk_me_role() IN ('coordinator', 'administrator')" + (
                " OR db_user = session_user::text" if table == "audit_log" else ""
            )
            rep.policies.append(_policy(conn, t, mine, command="SELECT", name="dosisdesk_read"))
            rep.policies.append(_policy(conn, t, "true", command="INSERT", name="dosisdesk_append"))
        elif table == "access_grants":  # break the glass: her own grants, with a reason
            _grants_logged(conn, s, t, writers_ref)
            coord = f"{s}.dosisdesk_me_role() IN ('coordinator', 'administrator')"
            conn.execute(
                text(f"DROP POLICY IF EXISTS dosisdesk_team ON {t}")
            )  # the one policy of earlier versions
            rep.policies += [
                _policy(
                    conn,
                    t,
                    f"user_id = {s}.dosisdesk_me_id() OR {coord}",
                    command="SELECT",
                    name="dosisdesk_read",
                ),
                _policy(
                    conn,
                    t,
                    "true",
                    check=f"user_id = {s}.dosisdesk_me_id()",
                    command="INSERT",
                    name="dosisdesk_own",
                ),
                _policy(conn, t, coord, command="UPDATE", name="dosisdesk_review"),
            ]
        elif "citizen_id" in columns:
            rep.policies.append(_policy(conn, t, f"{s}.dosisdesk_sees(citizen_id)"))
        else:
            for col, parent in VIA_PARENT.items():
                if col in columns and parent in cols:
                    rep.policies.append(
                        _policy(
                            conn,
                            t,
                            f"{s}.dosisdesk_sees((SELECT p.citizen_id FROM {s}.{parent} p "
                            f"WHERE p.id = {col}))",
                        )
                    )
                    break
    # Login roles: each active user's login (or user name) gets the group of her role.
    users = conn.execute(
        text(
            f"SELECT lower(coalesce(login, username)), role, active FROM {s}.users "
            "WHERE username <> 'system'"
        )
    ).all()
    members = {
        (str(r[0]), str(r[1]))
        for r in conn.execute(
            text(
                "SELECT m.rolname, g.rolname FROM pg_auth_members a "
                "JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
                "WHERE g.rolname = ANY(:gs)"
            ),
            {"gs": list(groups.values())},
        )
    }
    for login, role, active in users:
        if not _IDENT.match(login):
            rep.missing.append(login)
            continue
        exists = conn.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}
        ).first()
        if not exists:
            if not (create_logins and active):
                if active:
                    rep.missing.append(login)
                continue
            conn.execute(text(f"CREATE ROLE {quote(login)} LOGIN"))
            rep.created.append(login)
        for r, g in groups.items():
            has = (login, g) in members
            want = active and r == role
            if want and not has:
                conn.execute(text(f"GRANT {quote(g)} TO {quote(login)}"))
                rep.granted.append((login, g))
            elif has and not want:
                conn.execute(text(f"REVOKE {quote(g)} FROM {quote(login)}"))
                rep.revoked.append((login, g))
    return rep
