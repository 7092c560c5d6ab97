"""the citizen list's indexes carry the citizen's id (PostgreSQL)

A page of the citizen search is the first hundred citizens in name order whose name key holds
what was typed (``sort_key LIKE '%hanse%'``): PostgreSQL walks the name index in order and tests
each entry. The index held the name key alone, so each entry tested read its row for the id (at
85,000 citizens, "hanse" walked ~15,000 entries and their rows for one page: 10-16 ms). With the
id carried in the index (``INCLUDE (id)``) the walk reads the index alone (an index-only scan,
~2 ms), once the table's visibility map is set (autovacuum, or a VACUUM). The same for the index
by team that a nurse's search (her own team) walks.

SQLite: nothing. Its indexes hold the row's id already (the citizen's id is the rowid).

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = {"ix_citizens_sort": ["sort_key"], "ix_citizens_team_sort": ["team_id", "sort_key"]}


def _recreate(include: list[str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, columns in _INDEXES.items():
        op.drop_index(name, table_name="citizens")
        op.create_index(name, "citizens", columns, postgresql_include=include)


def upgrade() -> None:
    _recreate(["id"])


def downgrade() -> None:
    _recreate([])
