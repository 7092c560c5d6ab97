"""the database kind: real or training (øvelsesdatabase), set once

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 09:40:00

A new database gets the kind its creator asks for (``db init [--training]``, the first-run
dialog, ``demo``), passed in the Alembic config's attributes as ``database_kind``. An existing
database upgraded to this revision is a training database when its meta table marks it as demo
data, otherwise a real one. The row can never be changed or deleted afterwards (triggers), so a
real database is never turned into a training one or back.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_GUARD = "the database kind is set once and never changed"


def upgrade() -> None:
    op.create_table(
        'database_kind',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_database_kind_one_row')),
        sa.CheckConstraint("kind IN ('real', 'training')", name=op.f('ck_database_kind_kind')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_database_kind')),
    )
    kind = context.config.attributes.get("database_kind")
    if kind not in ("real", "training"):
        demo = op.get_bind().execute(
            sa.text("SELECT value FROM meta WHERE key = 'demo'")
        ).scalar()
        marked = demo is not None and demo.strip().lower() not in ("", "0", "false", "no")
        kind = "training" if marked else "real"
    op.execute(sa.text(f"INSERT INTO database_kind (id, kind) VALUES (1, '{kind}')"))
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER database_kind_no_{verb.lower()} BEFORE {verb} ON database_kind "
                f"BEGIN SELECT RAISE(ABORT, '{_GUARD}'); END"
            )
    else:
        op.execute(
            "CREATE OR REPLACE FUNCTION dosisdesk_database_kind_fixed() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{_GUARD}'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER database_kind_fixed BEFORE UPDATE OR DELETE ON database_kind "
            "FOR EACH ROW EXECUTE FUNCTION dosisdesk_database_kind_fixed()"
        )
        op.execute(
            "CREATE TRIGGER database_kind_no_truncate BEFORE TRUNCATE ON database_kind "
            "FOR EACH STATEMENT EXECUTE FUNCTION dosisdesk_database_kind_fixed()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS dosisdesk_database_kind_fixed() CASCADE")
    op.drop_table('database_kind')
