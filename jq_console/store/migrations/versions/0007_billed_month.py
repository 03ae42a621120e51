"""Months closed for billing.

Revision ID: 0007
Revises: 0005

- `billed_month`: one row per local calendar month closed by `jq-console billing close --month`,
  with who closed it and when. Afterwards no time entry or correction may start in that month.

Created only if missing, as in 0001.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "billed_month",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("closed_by", sa.String(), nullable=False),
        sa.Column("closed_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("year", "month"),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_table("billed_month")
