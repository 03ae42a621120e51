"""The running work timer is kept in the database, so a closed console or a dropped SSH link
does not lose it.

Revision ID: 0012
Revises: 0011

`work_timer`: one row per agent (the login is the key) naming the case and when the timer
started. Starting writes the row, stopping deletes it in the same transaction that logs the
time. Created only if missing, as in 0001.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "work_timer",
        sa.Column("agent", sa.String(), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case.id"), nullable=False),
        sa.Column("started_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("agent"),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_table("work_timer")
