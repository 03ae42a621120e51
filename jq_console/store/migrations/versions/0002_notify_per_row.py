"""PostgreSQL change signal per changed row instead of per statement.

Revision ID: 0002
Revises: 0001

A move is one statement that updates the case only if its version is still the one the agent
saw. When it is not, the statement changes nothing, yet a statement-level trigger still fired
and woke every console for nothing. Row-level triggers fire only for rows actually written;
PostgreSQL still folds the repeated notifications of a transaction into one. SQLite has no
change triggers (it is watched through `PRAGMA data_version`): nothing to do there.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# As in 0001, frozen here: a later change to the watched tables gets its own revision.
WATCHED = ("case", "case_event", "time_entry", "agent")


def _triggers(granularity: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in WATCHED:
        op.execute(f"""CREATE OR REPLACE TRIGGER {table}_notify_change AFTER INSERT OR UPDATE OR DELETE
                       ON "{table}" FOR EACH {granularity} EXECUTE FUNCTION jq_notify_change()""")


def upgrade() -> None:
    _triggers("ROW")


def downgrade() -> None:
    _triggers("STATEMENT")
