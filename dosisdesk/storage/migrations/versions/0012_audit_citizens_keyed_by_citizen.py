"""key the audit log's list citizens by citizen (SQLite: without a rowid)

A list's audit entry (a search page, the queue, a handover) names every citizen shown, one row
each in ``audit_citizens`` for the citizen's log. The table was keyed (entry, citizen) with an
index on the citizen: on SQLite three b-trees per row (the rowid table, the key, the index), on
PostgreSQL the heap and two indexes. Keyed (citizen, entry) the key is the citizen's lookup, and
on SQLite the table is stored as that one b-tree (WITHOUT ROWID): about a quarter of the space and
one b-tree to write per citizen. The rows are copied as they are; the append-only triggers are
made again on the new table.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_GUARDS = [
    f"CREATE TRIGGER audit_citizens_no_{verb.lower()} BEFORE {verb} ON audit_citizens "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
    for verb in ("UPDATE", "DELETE")
]


def _sqlite_rebuild(key: str, rowid: bool) -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_citizens_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_citizens_no_delete")
    op.execute(
        "CREATE TABLE audit_citizens_new (entry_id INTEGER NOT NULL, citizen_id INTEGER NOT NULL, "
        f"CONSTRAINT pk_audit_citizens PRIMARY KEY ({key}), "
        "CONSTRAINT fk_audit_citizens_entry_id_audit_log FOREIGN KEY(entry_id) "
        f"REFERENCES audit_log (id)){'' if rowid else ' WITHOUT ROWID'}"
    )
    op.execute(
        "INSERT INTO audit_citizens_new (entry_id, citizen_id) "
        "SELECT entry_id, citizen_id FROM audit_citizens"
    )
    op.execute("DROP TABLE audit_citizens")  # its index and triggers go with it
    op.execute("ALTER TABLE audit_citizens_new RENAME TO audit_citizens")
    for guard in _SQLITE_GUARDS:
        op.execute(guard)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_citizens DROP CONSTRAINT pk_audit_citizens")
        op.execute(
            "ALTER TABLE audit_citizens ADD CONSTRAINT pk_audit_citizens "
            "PRIMARY KEY (citizen_id, entry_id)"
        )
        op.execute("DROP INDEX ix_audit_citizens_citizen_id")
    else:
        _sqlite_rebuild("citizen_id, entry_id", rowid=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_audit_citizens_citizen_id ON audit_citizens (citizen_id)")
        op.execute("ALTER TABLE audit_citizens DROP CONSTRAINT pk_audit_citizens")
        op.execute(
            "ALTER TABLE audit_citizens ADD CONSTRAINT pk_audit_citizens "
            "PRIMARY KEY (entry_id, citizen_id)"
        )
    else:
        _sqlite_rebuild("entry_id, citizen_id", rowid=True)
        op.execute("CREATE INDEX ix_audit_citizens_citizen_id ON audit_citizens (citizen_id)")
