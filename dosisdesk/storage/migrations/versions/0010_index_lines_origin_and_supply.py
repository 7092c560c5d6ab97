"""index lines by the acute change that started them and by supply failure

The card asks, on every open, which lines an acute change started ("given beside the roll"):
without an index that scanned every line of the database (80 ms at 85,000 citizens, three times
per card). The desk's supply view asks which lines a failure holds.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lines_origin_acute_change_id"), ["origin_acute_change_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_lines_supply_failure_id"), ["supply_failure_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lines_supply_failure_id"))
        batch_op.drop_index(batch_op.f("ix_lines_origin_acute_change_id"))
