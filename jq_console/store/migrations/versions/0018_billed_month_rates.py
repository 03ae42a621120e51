"""A closed month keeps the rates it was billed at.

Revision ID: 0018
Revises: 0017

Closing a month records that its bill went out, but the bill was computed again at every showing
from the rates of the day: an hourly rate set after the closing changed what a settled month
showed. `billed_month.rates` holds the hourly rate of each year the month's work was billed at when
it was closed (JSON, year -> pesos). A month closed before this revision has none and is shown at
the rates of the day, as it was. Added only if missing; an added column breaks no append-only
trigger of 0014 (they refuse updates and deletes of rows).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "rates" not in {column["name"] for column in sa.inspect(op.get_bind()).get_columns("billed_month")}:
        op.add_column("billed_month", sa.Column("rates", sa.String(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE billed_month DROP COLUMN rates")
