"""handling steps: each named bag of an acute handling is done and signed on its own

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 09:40:00
"""
from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('handling_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handling_id', sa.Integer(), nullable=False),
    sa.Column('change_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('slot', sa.String(length=20), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['handling_id'], ['acute_handlings.id'], name=op.f('fk_handling_steps_handling_id_acute_handlings')),
    sa.ForeignKeyConstraint(['change_id'], ['changes.id'], name=op.f('fk_handling_steps_change_id_changes')),
    sa.ForeignKeyConstraint(['done_by'], ['users.id'], name=op.f('fk_handling_steps_done_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handling_steps')),
    sa.UniqueConstraint('handling_id', 'day', 'slot', name=op.f('uq_handling_steps_handling_id')),
    )
    with op.batch_alter_table('handling_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handling_steps_handling_id'), ['handling_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_handling_steps_change_id'), ['change_id'], unique=False)
        batch_op.create_index('ix_handling_steps_open', ['done_at', 'change_id'], unique=False)
    # Existing handlings get their steps, still to do: what was named is what is to be signed.
    conn = op.get_bind()
    steps = sa.table('handling_steps', sa.column('handling_id'), sa.column('change_id'),
                     sa.column('day', sa.Date()), sa.column('slot'))
    rows = conn.execute(sa.text('SELECT id, change_id, kind, bags FROM acute_handlings')).all()
    values = []
    from datetime import date
    for hid, cid, kind, bags in rows:
        if kind in ('remove_tablets', 'discard_bags'):
            seen = set()
            for b in json.loads(bags or '[]'):
                key = (b['day'], b['slot'])
                if key in seen:
                    continue
                seen.add(key)
                values.append(dict(handling_id=hid, change_id=cid,
                                   day=date.fromisoformat(b['day']), slot=b['slot']))
        elif kind == 'ask_pharmacy':
            values.append(dict(handling_id=hid, change_id=cid, day=None, slot=None))
    if values:
        op.bulk_insert(steps, values)


def downgrade() -> None:
    with op.batch_alter_table('handling_steps', schema=None) as batch_op:
        batch_op.drop_index('ix_handling_steps_open')
        batch_op.drop_index(batch_op.f('ix_handling_steps_change_id'))
        batch_op.drop_index(batch_op.f('ix_handling_steps_handling_id'))
    op.drop_table('handling_steps')
