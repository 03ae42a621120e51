"""The policy of record: the applied policy versions, and the version each case was opened under.

Revision ID: 0005
Revises: 0004

- `policy_version`: one row per applied policy file (number, TOML text, its sha256, who applied it
  and when, the holiday list it froze as JSON, a note). Append-only, as `case_event`: triggers
  refuse UPDATE and DELETE (and, on SQLite, INSERT OR REPLACE; on PostgreSQL, TRUNCATE). Its
  writes notify the live consoles (PostgreSQL), which then switch to the new version.
- `case.policy_version`: every case already stored is measured by version 1, the shipped default
  that `init`, `demo` and `upgrade` store when the table is empty (store/policies.py).

Every table and column is created only if missing, as in 0001.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLE = "policy_version"
_RAISE = f"SELECT RAISE(ABORT, '{TABLE} is append-only')"
SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} BEGIN {_RAISE}; END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} BEGIN {_RAISE}; END",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_replace BEFORE INSERT ON {TABLE}
        WHEN EXISTS (SELECT 1 FROM {TABLE} WHERE number = NEW.number) BEGIN {_RAISE}; END""",
]
POSTGRES = [
    f"""CREATE OR REPLACE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION jq_append_only()""",
    f"""CREATE OR REPLACE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION jq_append_only()""",
    # Row-level, as 0002 made every change signal.
    f"""CREATE OR REPLACE TRIGGER {TABLE}_notify_change AFTER INSERT OR UPDATE OR DELETE ON "{TABLE}"
        FOR EACH ROW EXECUTE FUNCTION jq_notify_change()""",
]


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        TABLE,
        sa.Column("number", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("applied_by", sa.String(), nullable=False),
        sa.Column("applied_at", sa.Float(), nullable=False),
        sa.Column("holidays", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("number"),
        if_not_exists=True,
    )
    if "policy_version" not in {column["name"] for column in sa.inspect(bind).get_columns("case")}:
        # The server default backfills every stored case with version 1 in the same statement.
        op.add_column("case", sa.Column("policy_version", sa.Integer(), nullable=False, server_default="1"))
    for statement in SQLITE if bind.dialect.name == "sqlite" else POSTGRES:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for suffix in ("no_update", "no_delete", "no_replace"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{suffix}")
    op.drop_column("case", "policy_version")
    op.drop_table(TABLE)  # PostgreSQL drops the table's triggers with it
