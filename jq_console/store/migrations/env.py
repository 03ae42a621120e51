"""Alembic environment: always online, on the connection the application passes in."""

from __future__ import annotations

from alembic import context

from jq_console.store.tables import with_partial_conditions

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("jq-console runs its migrations itself: use 'jq-console upgrade'")

context.configure(
    connection=connection,
    target_metadata=with_partial_conditions(),
    # SQLite cannot ALTER most things in place; batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
# The caller already opened the transaction (BEGIN IMMEDIATE on SQLite, a locked one on
# PostgreSQL): run inside it so the migration and the version stamp commit together.
context.run_migrations()
