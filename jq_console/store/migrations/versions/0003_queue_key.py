"""The queue is paged by the domain's priority key, stored, instead of columns copied for an SQL ORDER BY.

Revision ID: 0003
Revises: 0002

The case kept its severity's rank, its service's rank and its pending deadline so that an
ORDER BY over them could page the queue; the ranks were the policy's at write time, so after a
policy edit the database and the console disagreed. Now each open case keeps the domain's key
packed into bytes (`queue_key`, ordered as bytes on both engines), and `queue_order` names the
policy's orders those keys follow. This revision cannot know the policy: it leaves the keys empty
and no signature, so the first console that writes computes them, and readers meanwhile order in
memory. Every step checks what is there, as a database made before migrations already has the
tables of the code that made it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OLD_COLUMNS = ("sev_rank", "service_rank", "pending_due")


def _columns() -> set[str]:
    return {column["name"] for column in sa.inspect(op.get_bind()).get_columns("case")}


def _indexes() -> set[str]:
    return {str(index["name"]) for index in sa.inspect(op.get_bind()).get_indexes("case")}


def upgrade() -> None:
    if "ix_case_queue" in _indexes():
        op.drop_index("ix_case_queue", table_name="case")
    for name in OLD_COLUMNS:
        if name in _columns():
            op.drop_column("case", name)
    if "queue_key" not in _columns():
        op.add_column("case", sa.Column("queue_key", sa.LargeBinary(), nullable=True))
    if "ix_case_queue_key" not in _indexes():
        op.create_index(
            "ix_case_queue_key",
            "case",
            ["queue_key"],
            unique=False,
            sqlite_where=sa.text("is_open = 1"),
            postgresql_where=sa.text("is_open"),
        )
    op.create_table(
        "queue_order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_table("queue_order")
    op.drop_index("ix_case_queue_key", table_name="case")
    op.drop_column("case", "queue_key")
    # The old derived columns come back empty: a console of that revision rewrites them on each move.
    op.add_column("case", sa.Column("sev_rank", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("case", sa.Column("service_rank", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("case", sa.Column("pending_due", sa.Float(), nullable=True))
    op.create_index(
        "ix_case_queue",
        "case",
        ["sev_rank", "service_rank", "pending_due", "opened_at"],
        unique=False,
        sqlite_where=sa.text("is_open = 1"),
        postgresql_where=sa.text("is_open"),
    )
