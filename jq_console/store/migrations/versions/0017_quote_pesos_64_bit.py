"""A quote's pesos in 64-bit columns.

Revision ID: 0017
Revises: 0016

A quote line's gross and discount are hours times the year's rate: at most 10,000 hours a line and
an hourly rate of up to 1,000,000,000 pesos, 10^13 pesos. PostgreSQL's INTEGER ends at
2,147,483,647, so a line of 10,000 hours at more than 214,748 pesos an hour was refused with a
database error; `quote_line.gross` and `quote_line.discount` become BIGINT. SQLite's INTEGER already holds
64 bits: nothing to do there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

COLUMNS = ("gross", "discount")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.alter_column("quote_line", column, type_=sa.BigInteger(), existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    # Refused by the server if a stored quote no longer fits: nothing is cut short.
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.alter_column("quote_line", column, type_=sa.Integer(), existing_type=sa.BigInteger(), nullable=False)
