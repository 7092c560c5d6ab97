"""index changes by card and line

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 04:08:09.646999
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_changes_card_id'), ['card_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_changes_line_id'), ['line_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_changes_line_id'))
        batch_op.drop_index(batch_op.f('ix_changes_card_id'))

