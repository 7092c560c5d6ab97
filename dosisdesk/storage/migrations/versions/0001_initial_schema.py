"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 03:25:52.900210
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('citizen_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_citizen_at', ['citizen_id', 'at'], unique=False)

    op.create_table('meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_meta'))
    )
    op.create_table('pharmacies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('closed_christmas_eve', sa.Boolean(), nullable=False),
    sa.Column('closed_constitution_day', sa.Boolean(), nullable=False),
    sa.Column('extra_closed_days', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pharmacies')),
    sa.UniqueConstraint('name', name=op.f('uq_pharmacies_name'))
    )
    op.create_table('products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('atc', sa.String(length=7), nullable=False),
    sa.Column('substance', sa.String(length=200), nullable=False),
    sa.Column('trade_name', sa.String(length=200), nullable=False),
    sa.Column('strength', sa.String(length=100), nullable=False),
    sa.Column('form', sa.String(length=200), nullable=False),
    sa.Column('dose_dispensable', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products')),
    sa.UniqueConstraint('trade_name', 'strength', 'form', name=op.f('uq_products_trade_name'))
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_products_atc'), ['atc'], unique=False)

    op.create_table('teams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teams')),
    sa.UniqueConstraint('name', name=op.f('uq_teams_name'))
    )
    op.create_table('citizens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cpr', sa.String(length=10), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('sort_key', sa.String(length=220), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('route_order', sa.Integer(), nullable=False),
    sa.Column('gp_name', sa.String(length=200), nullable=False),
    sa.Column('gp_phone', sa.String(length=40), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_citizens_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citizens')),
    sa.UniqueConstraint('cpr', name=op.f('uq_citizens_cpr'))
    )
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.create_index('ix_citizens_sort', ['sort_key'], unique=False)
        batch_op.create_index('ix_citizens_team_sort', ['team_id', 'sort_key'], unique=False)

    op.create_table('packing_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pharmacy_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('start_weekday', sa.Integer(), nullable=False),
    sa.Column('length_days', sa.Integer(), nullable=False),
    sa.Column('deadline_days_before', sa.Integer(), nullable=False),
    sa.Column('deadline_time', sa.String(length=5), nullable=False),
    sa.Column('delivery_days_before', sa.Integer(), nullable=False),
    sa.Column('anchor', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['pharmacy_id'], ['pharmacies.id'], name=op.f('fk_packing_groups_pharmacy_id_pharmacies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packing_groups')),
    sa.UniqueConstraint('pharmacy_id', 'name', name=op.f('uq_packing_groups_pharmacy_id'))
    )
    op.create_table('supply_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('from_day', sa.Date(), nullable=False),
    sa.Column('to_day', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_supply_failures_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supply_failures'))
    )
    with op.batch_alter_table('supply_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supply_failures_product_id'), ['product_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_users_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('packing_group_id', sa.Integer(), nullable=False),
    sa.Column('dispensing_pharmacy_id', sa.Integer(), nullable=True),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_cards_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['dispensing_pharmacy_id'], ['pharmacies.id'], name=op.f('fk_cards_dispensing_pharmacy_id_pharmacies')),
    sa.ForeignKeyConstraint(['packing_group_id'], ['packing_groups.id'], name=op.f('fk_cards_packing_group_id_packing_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cards'))
    )
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cards_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cards_packing_group_id'), ['packing_group_id'], unique=False)

    op.create_table('hospital_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('hospital', sa.String(length=200), nullable=False),
    sa.Column('department', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('somatic', sa.Boolean(), nullable=False),
    sa.Column('municipal_nursing', sa.Boolean(), nullable=False),
    sa.Column('extended_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('responsibility_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dd_paused', sa.Boolean(), nullable=False),
    sa.Column('dd_changes', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('epicrisis_received', sa.Boolean(), nullable=False),
    sa.Column('fmk_checked', sa.Boolean(), nullable=False),
    sa.Column('changes_registered', sa.Boolean(), nullable=False),
    sa.Column('dd_decided', sa.Boolean(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_hospital_contacts_citizen_id_citizens')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hospital_contacts'))
    )
    with op.batch_alter_table('hospital_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hospital_contacts_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hospital_contacts_responsibility_until'), ['responsibility_until'], unique=False)

    op.create_table('periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('packing_group_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expected_delivery', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['packing_group_id'], ['packing_groups.id'], name=op.f('fk_periods_packing_group_id_packing_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_periods')),
    sa.UniqueConstraint('packing_group_id', 'first_day', name=op.f('uq_periods_packing_group_id'))
    )
    with op.batch_alter_table('periods', schema=None) as batch_op:
        batch_op.create_index('ix_periods_group_deadline', ['packing_group_id', 'deadline'], unique=False)

    op.create_table('stretches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('packing_group_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('length_days', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['packing_group_id'], ['packing_groups.id'], name=op.f('fk_stretches_packing_group_id_packing_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stretches')),
    sa.UniqueConstraint('packing_group_id', 'first_day', name=op.f('uq_stretches_packing_group_id'))
    )
    op.create_table('lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('origin_acute_change_id', sa.Integer(), nullable=True),
    sa.Column('supply_failure_id', sa.Integer(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['cards.id'], name=op.f('fk_lines_card_id_cards')),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_lines_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['origin_acute_change_id'], ['changes.id'], name=op.f('fk_lines_origin_acute_change_id_changes'), use_alter=True),
    sa.ForeignKeyConstraint(['supply_failure_id'], ['supply_failures.id'], name=op.f('fk_lines_supply_failure_id_supply_failures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lines'))
    )
    with op.batch_alter_table('lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lines_card_id'), ['card_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lines_citizen_id'), ['citizen_id'], unique=False)

    op.create_table('pauses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('paused_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resumed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['card_id'], ['cards.id'], name=op.f('fk_pauses_card_id_cards')),
    sa.ForeignKeyConstraint(['contact_id'], ['hospital_contacts.id'], name=op.f('fk_pauses_contact_id_hospital_contacts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pauses'))
    )
    with op.batch_alter_table('pauses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pauses_card_id'), ['card_id'], unique=False)

    op.create_table('changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('dosage', sa.String(length=200), nullable=False),
    sa.Column('supply', sa.String(length=20), nullable=True),
    sa.Column('acute', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('doctor', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('registered_by', sa.Integer(), nullable=False),
    sa.Column('target_period_id', sa.Integer(), nullable=True),
    sa.Column('original_period_id', sa.Integer(), nullable=True),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('missed_deadlines', sa.Integer(), nullable=False),
    sa.Column('follow_up_of_id', sa.Integer(), nullable=True),
    sa.Column('if_waited_first_day', sa.Date(), nullable=True),
    sa.Column('if_waited_deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['cards.id'], name=op.f('fk_changes_card_id_cards')),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_changes_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['follow_up_of_id'], ['changes.id'], name=op.f('fk_changes_follow_up_of_id_changes')),
    sa.ForeignKeyConstraint(['line_id'], ['lines.id'], name=op.f('fk_changes_line_id_lines')),
    sa.ForeignKeyConstraint(['original_period_id'], ['periods.id'], name=op.f('fk_changes_original_period_id_periods')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_changes_product_id_products')),
    sa.ForeignKeyConstraint(['registered_by'], ['users.id'], name=op.f('fk_changes_registered_by_users')),
    sa.ForeignKeyConstraint(['target_period_id'], ['periods.id'], name=op.f('fk_changes_target_period_id_periods')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_changes'))
    )
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_changes_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index('ix_changes_follow_up', ['follow_up_of_id'], unique=False)
        batch_op.create_index('ix_changes_period', ['target_period_id'], unique=False)
        batch_op.create_index('ix_changes_state_period', ['state', 'target_period_id'], unique=False)

    op.create_table('flag_acks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('line_a', sa.Integer(), nullable=False),
    sa.Column('line_b', sa.Integer(), nullable=False),
    sa.Column('version_a', sa.Integer(), nullable=False),
    sa.Column('version_b', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_flag_acks_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_flag_acks_created_by_users')),
    sa.ForeignKeyConstraint(['line_a'], ['lines.id'], name=op.f('fk_flag_acks_line_a_lines')),
    sa.ForeignKeyConstraint(['line_b'], ['lines.id'], name=op.f('fk_flag_acks_line_b_lines')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flag_acks'))
    )
    with op.batch_alter_table('flag_acks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flag_acks_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index('ix_flag_acks_pair', ['line_a', 'line_b'], unique=False)

    op.create_table('line_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('atc', sa.String(length=7), nullable=False),
    sa.Column('dosage', sa.String(length=200), nullable=False),
    sa.Column('supply', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('private', sa.Boolean(), nullable=False),
    sa.Column('prescription_valid_until', sa.Date(), nullable=True),
    sa.Column('indication', sa.String(length=200), nullable=False),
    sa.Column('change_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['change_id'], ['changes.id'], name=op.f('fk_line_versions_change_id_changes'), use_alter=True),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_line_versions_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['line_id'], ['lines.id'], name=op.f('fk_line_versions_line_id_lines')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_line_versions_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_line_versions'))
    )
    with op.batch_alter_table('line_versions', schema=None) as batch_op:
        batch_op.create_index('ix_line_versions_atc5', ['atc', 'citizen_id'], unique=False)
        batch_op.create_index('ix_line_versions_change', ['change_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_line_versions_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index('ix_line_versions_line_from', ['line_id', 'valid_from'], unique=False)
        batch_op.create_index('ix_line_versions_renewal', ['prescription_valid_until'], unique=False)

    op.create_table('packed_products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('trade_name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['line_id'], ['lines.id'], name=op.f('fk_packed_products_line_id_lines')),
    sa.ForeignKeyConstraint(['period_id'], ['periods.id'], name=op.f('fk_packed_products_period_id_periods')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packed_products')),
    sa.UniqueConstraint('line_id', 'period_id', name=op.f('uq_packed_products_line_id'))
    )
    with op.batch_alter_table('packed_products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packed_products_period_id'), ['period_id'], unique=False)

    op.create_table('renewal_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('rejection_reason', sa.String(length=40), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_renewal_requests_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['line_id'], ['lines.id'], name=op.f('fk_renewal_requests_line_id_lines')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_renewal_requests'))
    )
    with op.batch_alter_table('renewal_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_renewal_requests_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_renewal_requests_line_id'), ['line_id'], unique=False)

    op.create_table('acute_handlings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('change_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('bags', sa.Text(), nullable=False),
    sa.Column('identifiable', sa.Boolean(), nullable=False),
    sa.Column('ordinary_until', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['change_id'], ['changes.id'], name=op.f('fk_acute_handlings_change_id_changes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_acute_handlings'))
    )
    with op.batch_alter_table('acute_handlings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_acute_handlings_change_id'), ['change_id'], unique=False)

    op.create_table('change_transitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('change_id', sa.Integer(), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_change_transitions_by_user_id_users')),
    sa.ForeignKeyConstraint(['change_id'], ['changes.id'], name=op.f('fk_change_transitions_change_id_changes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_transitions'))
    )
    with op.batch_alter_table('change_transitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_transitions_change_id'), ['change_id'], unique=False)

    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('renewal_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_tasks_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['renewal_id'], ['renewal_requests.id'], name=op.f('fk_tasks_renewal_id_renewal_requests')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_tasks_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_team_id'), ['team_id'], unique=False)



    if op.get_bind().dialect.name != "sqlite":
        # The two foreign keys of the lines <-> changes cycle (use_alter): create_table leaves
        # them out on PostgreSQL; SQLite has them inline already.
        op.create_foreign_key(
            op.f("fk_lines_origin_acute_change_id_changes"), "lines", "changes",
            ["origin_acute_change_id"], ["id"],
        )
        op.create_foreign_key(
            op.f("fk_line_versions_change_id_changes"), "line_versions", "changes",
            ["change_id"], ["id"],
        )
    _audit_append_only()
    op.bulk_insert(
        sa.table(
            "users",
            sa.column("username", sa.String),
            sa.column("full_name", sa.String),
            sa.column("role", sa.String),
            sa.column("active", sa.Boolean),
        ),
        [
            # The program's own actions (moving a change past a missed deadline) are logged as
            # 'system'; 'admin' is the first administrator of a new installation.
            {"username": "system", "full_name": "dosisdesk (automatisk)",
             "role": "administrator", "active": False},
            {"username": "admin", "full_name": "Administrator", "role": "administrator",
             "active": True},
        ],
    )


def _audit_append_only() -> None:
    """The audit log is append-only (R11): the database itself refuses UPDATE and DELETE."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
            )
    else:
        op.execute(
            "CREATE OR REPLACE FUNCTION dosisdesk_audit_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION dosisdesk_audit_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION dosisdesk_audit_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_line_versions_change_id_changes"), "line_versions",
                           type_="foreignkey")
        op.drop_constraint(op.f("fk_lines_origin_acute_change_id_changes"), "lines",
                           type_="foreignkey")
        op.execute("DROP FUNCTION IF EXISTS dosisdesk_audit_append_only() CASCADE")
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_team_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_citizen_id'))

    op.drop_table('tasks')
    with op.batch_alter_table('change_transitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_transitions_change_id'))

    op.drop_table('change_transitions')
    with op.batch_alter_table('acute_handlings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_acute_handlings_change_id'))

    op.drop_table('acute_handlings')
    with op.batch_alter_table('renewal_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_renewal_requests_line_id'))
        batch_op.drop_index(batch_op.f('ix_renewal_requests_citizen_id'))

    op.drop_table('renewal_requests')
    with op.batch_alter_table('packed_products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_packed_products_period_id'))

    op.drop_table('packed_products')
    with op.batch_alter_table('line_versions', schema=None) as batch_op:
        batch_op.drop_index('ix_line_versions_renewal')
        batch_op.drop_index('ix_line_versions_line_from')
        batch_op.drop_index(batch_op.f('ix_line_versions_citizen_id'))
        batch_op.drop_index('ix_line_versions_change')
        batch_op.drop_index('ix_line_versions_atc5')

    op.drop_table('line_versions')
    with op.batch_alter_table('flag_acks', schema=None) as batch_op:
        batch_op.drop_index('ix_flag_acks_pair')
        batch_op.drop_index(batch_op.f('ix_flag_acks_citizen_id'))

    op.drop_table('flag_acks')
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.drop_index('ix_changes_state_period')
        batch_op.drop_index('ix_changes_period')
        batch_op.drop_index('ix_changes_follow_up')
        batch_op.drop_index(batch_op.f('ix_changes_citizen_id'))

    op.drop_table('changes')
    with op.batch_alter_table('pauses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pauses_card_id'))

    op.drop_table('pauses')
    with op.batch_alter_table('lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lines_citizen_id'))
        batch_op.drop_index(batch_op.f('ix_lines_card_id'))

    op.drop_table('lines')
    op.drop_table('stretches')
    with op.batch_alter_table('periods', schema=None) as batch_op:
        batch_op.drop_index('ix_periods_group_deadline')

    op.drop_table('periods')
    with op.batch_alter_table('hospital_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hospital_contacts_responsibility_until'))
        batch_op.drop_index(batch_op.f('ix_hospital_contacts_citizen_id'))

    op.drop_table('hospital_contacts')
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cards_packing_group_id'))
        batch_op.drop_index(batch_op.f('ix_cards_citizen_id'))

    op.drop_table('cards')
    op.drop_table('users')
    with op.batch_alter_table('supply_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supply_failures_product_id'))

    op.drop_table('supply_failures')
    op.drop_table('packing_groups')
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.drop_index('ix_citizens_team_sort')
        batch_op.drop_index('ix_citizens_sort')

    op.drop_table('citizens')
    op.drop_table('teams')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_products_atc'))

    op.drop_table('products')
    op.drop_table('pharmacies')
    op.drop_table('meta')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_citizen_at')

    op.drop_table('audit_log')
