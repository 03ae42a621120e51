"""A client's edits reach the consoles and dashboards that show its cases.

Revision ID: 0016
Revises: 0015

A client renamed, or marked behind on its payments, changed no case: the queues, the dashboards and
an open case screen follow the cases' history, so they kept showing the old name, or no "$", until
each case was read again for another reason.

- `client.revision`: 0 until the client is first edited; each edit gives it the newest revision
  of all clients plus one, so "the clients edited since revision n" is one indexed range.
- `ix_client_revision`.
- On PostgreSQL an edited client wakes the consoles (NOTIFY per row, as 0002 does for the cases).

The column and index are added only if missing, as 0005 does. Frozen: the trigger text is a copy.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TRIGGER = """CREATE OR REPLACE TRIGGER client_notify_change AFTER INSERT OR UPDATE OR DELETE
    ON "client" FOR EACH ROW EXECUTE FUNCTION jq_notify_change()"""


def upgrade() -> None:
    bind = op.get_bind()
    if "revision" not in {column["name"] for column in sa.inspect(bind).get_columns("client")}:
        op.add_column("client", sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_client_revision", "client", ["revision"], if_not_exists=True)
    if bind.dialect.name == "postgresql":
        op.execute(TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute('DROP TRIGGER IF EXISTS client_notify_change ON "client"')
    op.drop_index("ix_client_revision", table_name="client")
    # Dropped in place (SQLite 3.35 and later can): a batch copy of the table would drop and
    # recreate `client`, which the cases and contacts reference.
    op.execute('ALTER TABLE "client" DROP COLUMN revision')
