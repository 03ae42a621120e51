"""A message of the outbox may carry one attachment (the client's monthly report as a PDF).

Revision ID: 0013
Revises: 0012

`outbox.attachment_name` (empty: none) and `outbox.attachment` (its bytes). The bytes live in the
row rather than in a file under the state directory: they are queued in the same transaction as
the message, survive a restart and a move of the sender to another host or user, are in every
backup with the row that needs them, and leave no file behind to clean up. A report is tens of
kilobytes. Columns added only if missing, as 0005 does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("outbox")}
    if "attachment_name" not in columns:
        op.add_column("outbox", sa.Column("attachment_name", sa.String(), nullable=False, server_default=""))
    if "attachment" not in columns:
        op.add_column("outbox", sa.Column("attachment", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as table:
        table.drop_column("attachment")
        table.drop_column("attachment_name")
