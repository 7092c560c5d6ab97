"""index line versions by product

The desk's supply view lists the roll lines of a product that cannot be delivered: without an
index on the product that read every line version of the database (900,000 at 85,000
citizens, about 100 ms) for each failure chosen, however few lines held the product.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("line_versions", schema=None) as batch_op:
        batch_op.create_index("ix_line_versions_product", ["product_id", "supply"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("line_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_line_versions_product")
