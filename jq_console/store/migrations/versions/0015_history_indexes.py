"""Indexes that make the dashboard, the month figures and billing cost what they show, not the history.

Revision ID: 0015
Revises: 0014

- `ix_case_open_agent`: the open cases' agents (partial, `is_open`): the agents panel counts each
  agent's open cases, and the dashboard reads the open cases, without walking every case ever assigned.
- `ix_case_assignment_due`, `ix_case_resolution_due`: a month's clocks are those whose deadline falls in
  it (compliance and the breaches the clocks show), read by range.
- `ix_case_assigned_at`, `ix_case_resolved_at`, `ix_case_closed_at`: the cases taken, resolved or
  closed since an instant (a month's agents and the cases it touched).
- `ix_case_late`: the cases whose clock was met after its deadline (partial, holding every column
  its query reads), the only closed cases that can show a breach nobody recorded.
- `ix_breach_awaiting`: the breaches still without their corrective action (partial).
- `ix_time_entry_started_at`: a month's work for billing.

Each is created only if missing, on both engines.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

LATE = "assigned_at > assignment_due OR resolved_at > resolution_due"  # frozen copy of tables.LATE_MET
# Frozen copy of tables.LATE_COLUMNS: every column the late cases' query reads (a covering index).
LATE_COLUMNS = (
    "id",
    "opened_at",
    "assigned_at",
    "assignment_due",
    "assignment_run",
    "resolved_at",
    "resolution_due",
    "resolution_run",
    "is_open",
)
PLAIN = {
    "ix_case_assignment_due": ("case", "assignment_due"),
    "ix_case_resolution_due": ("case", "resolution_due"),
    "ix_case_assigned_at": ("case", "assigned_at"),
    "ix_case_resolved_at": ("case", "resolved_at"),
    "ix_case_closed_at": ("case", "closed_at"),
    "ix_time_entry_started_at": ("time_entry", "started_at"),
}


def upgrade() -> None:
    for name, (table, column) in PLAIN.items():
        op.create_index(name, table, [column], if_not_exists=True)
    op.create_index(
        "ix_case_open_agent",
        "case",
        ["agent"],
        sqlite_where=sa.text("is_open = 1"),
        postgresql_where=sa.text("is_open"),
        if_not_exists=True,
    )
    op.create_index(
        "ix_case_late",
        "case",
        list(LATE_COLUMNS),
        sqlite_where=sa.text(LATE),
        postgresql_where=sa.text(LATE),
        if_not_exists=True,
    )
    where = sa.text("corrective_at IS NULL")
    op.create_index(
        "ix_breach_awaiting", "breach", ["case_id"], sqlite_where=where, postgresql_where=where, if_not_exists=True
    )


def downgrade() -> None:
    op.drop_index("ix_breach_awaiting", table_name="breach")
    op.drop_index("ix_case_late", table_name="case")
    op.drop_index("ix_case_open_agent", table_name="case")
    for name, (table, _column) in PLAIN.items():
        op.drop_index(name, table_name=table)
