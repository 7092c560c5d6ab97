"""sign-in and a sealed audit chain

The audit log gets a gap-free number (``seq``), the database account (``db_user``) and a seal
(``mac``); its hash now covers every field. Entries written before are re-chained in the new
form once (after checking the old chain; the result is noted in ``meta``). On PostgreSQL a trigger
stamps each new entry with the database's ``now()`` and ``session_user``. Users get a login (the
OS account or database role) and a password hash; failed sign-ins and break-the-glass grants get
tables of their own.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 09:40:00
"""
from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dosisdesk.domain.auditchain import GENESIS, digest

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _legacy_digest(prev, at, username, action, entity, entity_id, citizen_id, before, after):  # type: ignore[no-untyped-def]
    payload = "\x1f".join([
        prev, at.isoformat(timespec="microseconds"), username, action, entity, str(entity_id),
        str(citizen_id), before or "", after or "",
    ])
    return hashlib.sha256(payload.encode()).hexdigest()


def _drop_guards(pg: bool) -> None:
    if pg:
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")


def _guard(table: str, pg: bool) -> None:
    if pg:
        op.execute(
            "CREATE OR REPLACE FUNCTION dosisdesk_audit_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION dosisdesk_audit_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION dosisdesk_audit_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
            )


def upgrade() -> None:
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    _drop_guards(pg)
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('db_user', sa.String(length=64), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('mac', sa.String(length=64), nullable=True))

    # Re-chain the entries written before, in the new form, after checking the old chain.
    from dosisdesk.storage.models import AwareDateTime

    t = sa.table(
        "audit_log", sa.column("id", sa.Integer), sa.column("seq", sa.Integer),
        sa.column("at", AwareDateTime()), sa.column("user_id", sa.Integer),
        sa.column("username", sa.String), sa.column("db_user", sa.String),
        sa.column("action", sa.String), sa.column("entity", sa.String),
        sa.column("entity_id", sa.Integer), sa.column("citizen_id", sa.Integer),
        sa.column("before", sa.Text), sa.column("after", sa.Text),
        sa.column("prev_hash", sa.String), sa.column("hash", sa.String),
    )
    rows = bind.execute(sa.select(t).order_by(t.c.id)).all()
    old_prev, new_prev, broken_at = GENESIS, GENESIS, None
    for n, r in enumerate(rows, start=1):
        if broken_at is None:
            want = _legacy_digest(old_prev, r.at, r.username, r.action, r.entity, r.entity_id,
                                  r.citizen_id, r.before, r.after)
            if r.prev_hash != old_prev or r.hash != want:
                broken_at = r.id
            old_prev = r.hash
        h = digest(seq=n, at=r.at, user_id=r.user_id, username=r.username, db_user="",
                   action=r.action, entity=r.entity, entity_id=r.entity_id,
                   citizen_id=r.citizen_id, before=r.before, after=r.after, prev_hash=new_prev)
        bind.execute(t.update().where(t.c.id == r.id).values(seq=n, prev_hash=new_prev, hash=h))
        new_prev = h

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_audit_log_seq'), ['seq'])
        batch_op.alter_column('db_user', existing_type=sa.String(length=64),
                              server_default=None)

    op.create_table(
        'audit_citizens',
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('citizen_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['entry_id'], ['audit_log.id'],
                                name=op.f('fk_audit_citizens_entry_id_audit_log')),
        sa.PrimaryKeyConstraint('entry_id', 'citizen_id', name=op.f('pk_audit_citizens')),
    )
    with op.batch_alter_table('audit_citizens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_citizens_citizen_id'), ['citizen_id'],
                              unique=False)
    _guard("audit_log", pg)
    _guard("audit_citizens", pg)
    if pg:
        op.execute(
            "CREATE OR REPLACE FUNCTION dosisdesk_audit_stamp() RETURNS trigger AS $$ "
            "BEGIN NEW.at := now(); NEW.db_user := session_user; RETURN NEW; END; $$ "
            "LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER audit_log_stamp BEFORE INSERT ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION dosisdesk_audit_stamp()"
        )
        # The chain's head for appenders who may not read the whole log (row-level security:
        # a nurse reads only her own entries).
        schema = bind.execute(sa.text("SELECT current_schema()")).scalar()
        op.execute(
            "CREATE OR REPLACE FUNCTION dosisdesk_audit_head(OUT seq integer, OUT hash text) "
            "LANGUAGE sql STABLE SECURITY DEFINER "
            f'SET search_path = "{schema}", pg_temp AS $$ '
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1 $$"
        )

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('login', sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column('password_hash', sa.Text(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_login'), ['login'])

    op.create_table(
        'signin_failures',
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_signin_failures')),
    )
    op.create_table(
        'access_grants',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('citizen_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('until', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reviewed_by', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'],
                                name=op.f('fk_access_grants_citizen_id_citizens')),
        sa.ForeignKeyConstraint(['reviewed_by'], ['users.id'],
                                name=op.f('fk_access_grants_reviewed_by_users')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_access_grants_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_access_grants')),
    )
    with op.batch_alter_table('access_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_grants_citizen_id'), ['citizen_id'],
                              unique=False)
        batch_op.create_index('ix_access_grants_user_until', ['user_id', 'until'], unique=False)

    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.bulk_insert(meta, [{"key": "audit_chain_id", "value": uuid.uuid4().hex}])
    if rows:
        note = (f"{len(rows)} entries re-chained in form 2; the old chain was "
                + ("intact" if broken_at is None else f"broken at row {broken_at}"))
        op.bulk_insert(meta, [{"key": "audit_rechained", "value": note}])


def downgrade() -> None:
    """Back to 0002's tables. The entries keep their form-2 hashes (the old program's verify
    will call them broken): a downgrade is for developers, not for a municipality's log."""
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    op.execute("DELETE FROM meta WHERE key IN ('audit_chain_id', 'audit_rechained')")
    with op.batch_alter_table('access_grants', schema=None) as batch_op:
        batch_op.drop_index('ix_access_grants_user_until')
        batch_op.drop_index(batch_op.f('ix_access_grants_citizen_id'))
    op.drop_table('access_grants')
    op.drop_table('signin_failures')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_login'), type_='unique')
        batch_op.drop_column('password_hash')
        batch_op.drop_column('login')
    if pg:
        op.execute("DROP TRIGGER IF EXISTS audit_log_stamp ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS dosisdesk_audit_stamp()")
        op.execute("DROP FUNCTION IF EXISTS dosisdesk_audit_head()")
        op.execute("DROP TRIGGER IF EXISTS audit_citizens_append_only ON audit_citizens")
        op.execute("DROP TRIGGER IF EXISTS audit_citizens_no_truncate ON audit_citizens")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_citizens_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_citizens_no_delete")
    with op.batch_alter_table('audit_citizens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_citizens_citizen_id'))
    op.drop_table('audit_citizens')
    _drop_guards(pg)
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_log_seq'), type_='unique')
        batch_op.drop_column('mac')
        batch_op.drop_column('db_user')
        batch_op.drop_column('seq')
    if pg:
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION dosisdesk_audit_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION dosisdesk_audit_append_only()"
        )
    else:
        _guard("audit_log", pg)
