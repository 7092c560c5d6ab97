"""correspondence and SOR EAN addresses

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 09:37:09.187480
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op



revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('correspondence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('header_id', sa.String(length=64), nullable=False),
    sa.Column('communication_identifier', sa.String(length=64), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('topic', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('party_name', sa.String(length=200), nullable=False),
    sa.Column('party_sor', sa.String(length=20), nullable=False),
    sa.Column('party_ean', sa.String(length=20), nullable=False),
    sa.Column('segments', sa.Text(), nullable=False),
    sa.Column('attachments', sa.Text(), nullable=False),
    sa.Column('context_kind', sa.String(length=20), nullable=False),
    sa.Column('context_ref', sa.String(length=64), nullable=False),
    sa.Column('reply_to_id', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('status_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_correspondence_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_correspondence_created_by_users')),
    sa.ForeignKeyConstraint(['reply_to_id'], ['correspondence.id'], name=op.f('fk_correspondence_reply_to_id_correspondence')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correspondence')),
    sa.UniqueConstraint('header_id', name=op.f('uq_correspondence_header_id'))
    )
    with op.batch_alter_table('correspondence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correspondence_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_correspondence_communication_identifier'), ['communication_identifier'], unique=False)
        batch_op.create_index(batch_op.f('ix_correspondence_context_ref'), ['context_ref'], unique=False)
        batch_op.create_index(batch_op.f('ix_correspondence_reply_to_id'), ['reply_to_id'], unique=False)

    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gp_sor', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('gp_ean', sa.String(length=20), server_default='', nullable=False))

    with op.batch_alter_table('hospital_contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dept_sor', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('dept_ean', sa.String(length=20), server_default='', nullable=False))

    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sor', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('ean', sa.String(length=20), server_default='', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.drop_column('ean')
        batch_op.drop_column('sor')

    with op.batch_alter_table('hospital_contacts', schema=None) as batch_op:
        batch_op.drop_column('dept_ean')
        batch_op.drop_column('dept_sor')

    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.drop_column('gp_ean')
        batch_op.drop_column('gp_sor')

    with op.batch_alter_table('correspondence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correspondence_reply_to_id'))
        batch_op.drop_index(batch_op.f('ix_correspondence_context_ref'))
        batch_op.drop_index(batch_op.f('ix_correspondence_communication_identifier'))
        batch_op.drop_index(batch_op.f('ix_correspondence_citizen_id'))

    op.drop_table('correspondence')
