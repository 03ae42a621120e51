"""The case's conversation: notes, calls, WhatsApp messages and messages to the client.

Revision ID: 0008
Revises: 0007

- `case_entry`: one row per note, call, WhatsApp message or message to the client, append-only
  (the same triggers as `case_event`: no UPDATE, DELETE, REPLACE or TRUNCATE) and chained by a
  sha256 like the history (jq_console/store/ledger.py), with its own `chain_head` row.
- On PostgreSQL a written entry wakes the other consoles (NOTIFY per row, as 0002 does).
- `ix_case_opened_at`: the case finder pages the whole history newest first; with the index a
  search that finds a page stops reading there instead of sorting every case.

Every table and index is created only if missing, as in 0001. Frozen: the trigger texts are copies.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLE = "case_entry"
GENESIS = "0" * 64
_RAISE = f"SELECT RAISE(ABORT, '{TABLE} is append-only')"


def _sqlite_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} BEGIN {_RAISE}; END",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} BEGIN {_RAISE}; END",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_replace BEFORE INSERT ON {TABLE} "
        f"WHEN EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id) BEGIN {_RAISE}; END",
    ]


def _postgres_triggers() -> list[str]:
    return [
        f"""CREATE OR REPLACE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION jq_append_only()""",
        f"""CREATE OR REPLACE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
            FOR EACH STATEMENT EXECUTE FUNCTION jq_append_only()""",
        f"""CREATE OR REPLACE TRIGGER {TABLE}_notify_change AFTER INSERT OR UPDATE OR DELETE
            ON "{TABLE}" FOR EACH ROW EXECUTE FUNCTION jq_notify_change()""",
    ]


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("direction", sa.String(), nullable=False),
        sa.Column("contact", sa.String(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("chain_hash", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
        if_not_exists=True,
    )
    indexes = {str(index["name"]) for index in sa.inspect(bind).get_indexes(TABLE)}
    if "ix_case_entry_case_id" not in indexes:
        op.create_index("ix_case_entry_case_id", TABLE, ["case_id"], unique=False)
    if "ix_case_opened_at" not in {str(index["name"]) for index in sa.inspect(bind).get_indexes("case")}:
        op.create_index("ix_case_opened_at", "case", ["opened_at"], unique=False)
    head = bind.execute(sa.text("SELECT 1 FROM chain_head WHERE name = :name"), {"name": TABLE}).first()
    if head is None:
        bind.execute(
            sa.text("INSERT INTO chain_head (name, hash, length) VALUES (:name, :hash, 0)"),
            {"name": TABLE, "hash": GENESIS},
        )
    for statement in _sqlite_triggers() if bind.dialect.name == "sqlite" else _postgres_triggers():
        op.execute(statement)


def downgrade() -> None:
    op.drop_index("ix_case_opened_at", table_name="case")
    op.drop_table(TABLE)  # its triggers go with it
    op.execute(f"DELETE FROM chain_head WHERE name = '{TABLE}'")
