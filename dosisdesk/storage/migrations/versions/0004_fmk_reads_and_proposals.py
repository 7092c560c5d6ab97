"""FMK reads and proposals; FMK identifier on lines, FMK version on line versions and changes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 09:55:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'fmk_reads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('citizen_id', sa.Integer(), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('read_by', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('card_version', sa.String(length=20), nullable=False),
        sa.Column('fmk_modified_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('drug_medications', sa.Integer(), nullable=False),
        sa.Column('private_count', sa.Integer(), nullable=False),
        sa.Column('differences', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'],
                                name=op.f('fk_fmk_reads_citizen_id_citizens')),
        sa.ForeignKeyConstraint(['read_by'], ['users.id'],
                                name=op.f('fk_fmk_reads_read_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_fmk_reads')),
    )
    with op.batch_alter_table('fmk_reads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fmk_reads_citizen_id'), ['citizen_id'], unique=False)
    op.create_table(
        'fmk_proposals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('citizen_id', sa.Integer(), nullable=False),
        sa.Column('read_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('change_kind', sa.String(length=20), nullable=False),
        sa.Column('fmk_id', sa.String(length=20), nullable=True),
        sa.Column('fmk_version', sa.String(length=20), nullable=True),
        sa.Column('line_id', sa.Integer(), nullable=True),
        sa.Column('atc', sa.String(length=7), nullable=False),
        sa.Column('drug_name', sa.String(length=200), nullable=False),
        sa.Column('strength', sa.String(length=100), nullable=False),
        sa.Column('form', sa.String(length=200), nullable=False),
        sa.Column('substance', sa.String(length=200), nullable=False),
        sa.Column('dosage', sa.String(length=200), nullable=False),
        sa.Column('dosage_exact', sa.Boolean(), nullable=False),
        sa.Column('supply', sa.String(length=20), nullable=True),
        sa.Column('before', sa.Text(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('author', sa.String(length=300), nullable=False),
        sa.Column('fmk_modified_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decided_by', sa.Integer(), nullable=True),
        sa.Column('reject_reason', sa.Text(), nullable=False),
        sa.Column('change_id', sa.Integer(), nullable=True),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['change_id'], ['changes.id'],
                                name=op.f('fk_fmk_proposals_change_id_changes')),
        sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'],
                                name=op.f('fk_fmk_proposals_citizen_id_citizens')),
        sa.ForeignKeyConstraint(['decided_by'], ['users.id'],
                                name=op.f('fk_fmk_proposals_decided_by_users')),
        sa.ForeignKeyConstraint(['line_id'], ['lines.id'],
                                name=op.f('fk_fmk_proposals_line_id_lines')),
        sa.ForeignKeyConstraint(['read_id'], ['fmk_reads.id'],
                                name=op.f('fk_fmk_proposals_read_id_fmk_reads')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_fmk_proposals')),
    )
    with op.batch_alter_table('fmk_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fmk_proposals_citizen_id'), ['citizen_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_fmk_proposals_read_id'), ['read_id'], unique=False)
        batch_op.create_index('ix_fmk_proposals_state_created', ['state', 'created_at'],
                              unique=False)
    # Plain ADD COLUMN (no table rebuild): nullable columns, no data to move.
    op.add_column('lines', sa.Column('fmk_id', sa.String(length=20), nullable=True))
    op.create_index(op.f('ix_lines_fmk_id'), 'lines', ['fmk_id'], unique=False)
    op.add_column('line_versions', sa.Column('fmk_version', sa.String(length=20), nullable=True))
    op.add_column('changes', sa.Column('fmk_version', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.drop_column('fmk_version')
    with op.batch_alter_table('line_versions', schema=None) as batch_op:
        batch_op.drop_column('fmk_version')
    with op.batch_alter_table('lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lines_fmk_id'))
        batch_op.drop_column('fmk_id')
    op.drop_table('fmk_proposals')
    op.drop_table('fmk_reads')
