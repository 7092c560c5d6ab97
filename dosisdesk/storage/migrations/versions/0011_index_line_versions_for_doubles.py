"""index the line versions the double-prescription search reads

Flags over the whole database (R5) looked at every version of every line: at 85,000 citizens
(900,000 versions) grouping them all by citizen and ATC level 4 took about a second. The search
now reads narrow, covering indexes instead: the versions in force with no end (nearly all of
them), one index for the roll and one for the other supplies, so a roll partner is found by a
seek on (citizen, ATC range) and two roll lines of one substance by a scan in index order; and
the few versions that end after today (a later version or a stop is on record), by their end.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the columns a search reads, the filter's columns too (SQLite reads an index alone only when it
# holds every column the query names)
_NOW = ["citizen_id", "atc", "line_id", "status", "supply", "valid_to"]
_ROLL_NOW = "status = 'active' AND valid_to IS NULL AND supply = 'dose_roll'"
_OTHER_NOW = "status = 'active' AND valid_to IS NULL AND supply <> 'dose_roll'"
_ENDING = ["valid_to", "citizen_id", "atc", "line_id", "status", "valid_from"]
_ENDS = "valid_to IS NOT NULL"


def _where(clause: str) -> dict[str, sa.TextClause]:
    return {"sqlite_where": sa.text(clause), "postgresql_where": sa.text(clause)}


def upgrade() -> None:
    op.create_index("ix_line_versions_roll_now", "line_versions", _NOW, **_where(_ROLL_NOW))
    op.create_index("ix_line_versions_other_now", "line_versions", _NOW, **_where(_OTHER_NOW))
    op.create_index("ix_line_versions_ending", "line_versions", _ENDING, **_where(_ENDS))


def downgrade() -> None:
    op.drop_index("ix_line_versions_ending", table_name="line_versions")
    op.drop_index("ix_line_versions_other_now", table_name="line_versions")
    op.drop_index("ix_line_versions_roll_now", table_name="line_versions")
