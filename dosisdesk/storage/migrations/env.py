"""Alembic environment: one transaction per migration; batch mode on SQLite."""

from __future__ import annotations

from alembic import context

from dosisdesk.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from dosisdesk.storage.db import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url") or "", migration=True)
        with engine.connect() as conn:
            _run(conn)
        engine.dispose()
    else:
        _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        transaction_per_migration=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("dosisdesk migrations run online only")
run_migrations_online()
