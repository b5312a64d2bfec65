"""Alembic environment of the review history.

coach.migrations.upgrade() passes its open connection (inside the transaction that holds the write
lock) as ``config.attributes["connection"]``; run from the ``alembic`` command line (to write a new
revision), it connects to coach.history_engine.default_url().
"""

from __future__ import annotations

from alembic import context

from coach.history_engine import engine_for
from coach.history_tables import metadata


def run() -> None:
    """Run the migrations on the given connection, or on the default history database."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    with engine_for(context.config.get_main_option("sqlalchemy.url") or None).begin() as connection:
        _migrate(connection)


def _migrate(connection) -> None:  # type: ignore[no-untyped-def]
    """Configure the context on one connection and run the pending revisions in its transaction."""
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
