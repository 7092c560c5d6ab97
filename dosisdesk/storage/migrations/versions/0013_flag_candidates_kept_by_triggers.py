"""keep the groups a double prescription can be in, by triggers on the line versions

Flags over the whole database (R5) searched every line version for a roll line and another line
of one citizen's ATC level-4 group, alive from today: at 85,000 citizens 818,000 of 900,000
versions are in force with no end, so the search read nearly the whole table on every list
(0.37 s of CPU at best). ``flag_candidates`` holds the (citizen, level-4 group) pairs with an
active version in the roll and an active version of another line, on any days (a few thousand
at 85,000 citizens): every flag's two lines are in one of them, so the list reads only their
versions and decides the days there.

The database keeps it, not the program: a trigger on ``line_versions`` refreshes the group of
each version inserted, deleted or changed in citizen, line, ATC, supply or status, so every
writer (the services, the bulk writers of the demo and the extract import, a fix in ``psql``)
keeps it right. A refresh recomputes its one group from the citizen's versions (a few rows
through the citizen index). On PostgreSQL two transactions writing versions of one citizen take
turns (a transaction-long advisory lock per citizen, then each statement sees what the other
committed): without it two new lines of one group written at once would each see no partner. The
function runs as the table's owner, so row security and a role's privileges never hide a version
from it. SQLite lets one transaction write at a time.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The columns whose change can move a version into or out of a group.
_COLUMNS = "citizen_id, line_id, atc, supply, status"
#: First key of the per-citizen advisory lock (the second is the citizen); its own key space
#: (two integers), apart from the audit log's and the queue clock's single keys.
_LOCK = 727013


def _pair(citizen: str, group: str) -> str:
    """The group ``group`` of ``citizen`` holds an active roll version and an active version of
    another line."""
    return (
        "EXISTS (SELECT 1 FROM line_versions r JOIN line_versions o "
        "ON o.citizen_id = r.citizen_id AND o.line_id <> r.line_id "
        f"WHERE r.citizen_id = {citizen} AND r.status = 'active' AND r.supply = 'dose_roll' "
        f"AND substr(r.atc, 1, 5) = {group} "
        f"AND o.status = 'active' AND substr(o.atc, 1, 5) = {group})"
    )


def _sqlite_refresh(row: str, *, add: bool = True, remove: bool = True) -> str:
    """The statements of a SQLite trigger that refresh the group of ``row`` (NEW or OLD)."""
    citizen, group = f"{row}.citizen_id", f"substr({row}.atc, 1, 5)"
    out = ""
    if remove:
        out += (
            f"DELETE FROM flag_candidates WHERE citizen_id = {citizen} "
            f"AND atc_group = {group} AND NOT {_pair(citizen, group)}; "
        )
    if add:
        out += (
            "INSERT OR IGNORE INTO flag_candidates (citizen_id, atc_group) "
            f"SELECT {citizen}, {group} WHERE {_pair(citizen, group)}; "
        )
    return out


_SQLITE_TRIGGERS = {
    "flag_candidates_insert": (
        "AFTER INSERT ON line_versions",
        _sqlite_refresh("NEW", remove=False),
    ),
    "flag_candidates_delete": ("AFTER DELETE ON line_versions", _sqlite_refresh("OLD", add=False)),
    "flag_candidates_update": (
        f"AFTER UPDATE OF {_COLUMNS} ON line_versions",
        _sqlite_refresh("OLD") + _sqlite_refresh("NEW"),
    ),
}

_PG = [
    "CREATE FUNCTION flag_candidates_refresh(p_citizen integer, p_group text) RETURNS void "
    "LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$ BEGIN "
    f"PERFORM pg_advisory_xact_lock({_LOCK}, p_citizen); "
    "DELETE FROM flag_candidates WHERE citizen_id = p_citizen AND atc_group = p_group "
    f"AND NOT {_pair('p_citizen', 'p_group')}; "
    "INSERT INTO flag_candidates (citizen_id, atc_group) SELECT p_citizen, p_group "
    f"WHERE {_pair('p_citizen', 'p_group')} ON CONFLICT DO NOTHING; "
    "END $$",
    "CREATE FUNCTION flag_candidates_keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN "
    "PERFORM flag_candidates_refresh(OLD.citizen_id, substr(OLD.atc, 1, 5)); END IF; "
    "IF TG_OP <> 'DELETE' THEN "
    "PERFORM flag_candidates_refresh(NEW.citizen_id, substr(NEW.atc, 1, 5)); END IF; "
    "RETURN NULL; END $$",
    "CREATE FUNCTION flag_candidates_clear() RETURNS trigger LANGUAGE plpgsql "
    "SECURITY DEFINER SET search_path FROM CURRENT AS $$ BEGIN "
    "DELETE FROM flag_candidates; RETURN NULL; END $$",
    "CREATE TRIGGER flag_candidates_keep "
    f"AFTER INSERT OR DELETE OR UPDATE OF {_COLUMNS} ON line_versions "
    "FOR EACH ROW EXECUTE FUNCTION flag_candidates_keep()",
    "CREATE TRIGGER flag_candidates_clear AFTER TRUNCATE ON line_versions "
    "FOR EACH STATEMENT EXECUTE FUNCTION flag_candidates_clear()",
]

#: Every group as the triggers keep it, from the versions on record.
_FILL = (
    "INSERT INTO flag_candidates (citizen_id, atc_group) "
    "SELECT DISTINCT r.citizen_id, substr(r.atc, 1, 5) FROM line_versions r "
    "WHERE r.status = 'active' AND r.supply = 'dose_roll' AND EXISTS (SELECT 1 "
    "FROM line_versions o WHERE o.citizen_id = r.citizen_id AND o.line_id <> r.line_id "
    "AND o.status = 'active' AND substr(o.atc, 1, 5) = substr(r.atc, 1, 5))"
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:  # no version written between the filling and the triggers
        op.execute("LOCK TABLE line_versions IN SHARE ROW EXCLUSIVE MODE")
    op.create_table(
        "flag_candidates",
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("atc_group", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizens.id"],
            name=op.f("fk_flag_candidates_citizen_id_citizens"),
        ),
        sa.PrimaryKeyConstraint("citizen_id", "atc_group", name=op.f("pk_flag_candidates")),
        sqlite_with_rowid=False,
    )
    # filled before the triggers exist: in one pass, and no trigger fires on it
    op.execute(_FILL)
    if sqlite:
        for name, (when, body) in _SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body}END")
    else:
        for statement in _PG:
            op.execute(statement)
        op.execute("ANALYZE flag_candidates")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS flag_candidates_clear ON line_versions")
        op.execute("DROP TRIGGER IF EXISTS flag_candidates_keep ON line_versions")
        op.execute("DROP FUNCTION IF EXISTS flag_candidates_clear()")
        op.execute("DROP FUNCTION IF EXISTS flag_candidates_keep()")
        op.execute("DROP FUNCTION IF EXISTS flag_candidates_refresh(integer, text)")
    op.drop_table("flag_candidates")
