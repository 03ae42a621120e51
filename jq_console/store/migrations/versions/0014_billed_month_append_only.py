"""A closed billing month stays closed: `billed_month` becomes append-only on both engines.

Revision ID: 0014
Revises: 0013

Closing a month (0007) records that its bill went out; no update or delete may undo it, and on
SQLite no INSERT OR REPLACE over the same (year, month). The same triggers as the history's
(0004), frozen copies of store/protection.py's; PostgreSQL reuses the `jq_append_only` function.
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

RAISE = "SELECT RAISE(ABORT, 'billed_month is append-only')"
SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS billed_month_no_update BEFORE UPDATE ON billed_month BEGIN {RAISE}; END",
    f"CREATE TRIGGER IF NOT EXISTS billed_month_no_delete BEFORE DELETE ON billed_month BEGIN {RAISE}; END",
    "CREATE TRIGGER IF NOT EXISTS billed_month_no_replace BEFORE INSERT ON billed_month "
    "WHEN EXISTS (SELECT 1 FROM billed_month WHERE year = NEW.year AND month = NEW.month) "
    f"BEGIN {RAISE}; END",
]
POSTGRESQL = [
    "CREATE OR REPLACE TRIGGER billed_month_append_only BEFORE UPDATE OR DELETE ON billed_month "
    "FOR EACH ROW EXECUTE FUNCTION jq_append_only()",
    "CREATE OR REPLACE TRIGGER billed_month_no_truncate BEFORE TRUNCATE ON billed_month "
    "FOR EACH STATEMENT EXECUTE FUNCTION jq_append_only()",
]


def upgrade() -> None:
    for statement in SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("no_update", "no_delete", "no_replace"):
            op.execute(f"DROP TRIGGER IF EXISTS billed_month_{name}")
    else:
        for name in ("append_only", "no_truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS billed_month_{name} ON billed_month")
