"""Breaches are facts: the `breach` table and the run of each clock.

Revision ID: 0011
Revises: 0010

- `breach`: one row per (case, clock, occurrence) whose deadline passed, with the due instant,
  the severity then, the policy version the case was opened under (0005), when it was recorded, and the
  corrective action a supervisor fills in once. Append-only but for that one fill (triggers on
  both engines), chained like the history (`chain_head` row "breach").
- `case.assignment_run` and `case.resolution_run`: which run of each clock the case's deadlines
  belong to (jq_console/domain/breaches.py).

Breaches that happened before this revision are not recorded here (this revision cannot know the
policy's calendars): the consoles show them from the clocks and record them before the next move.
Every table and column is created only if missing, as in 0001. The trigger statements are frozen
copies of store/protection.py's.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
FACTS = ("id", "case_id", "clock", "occurrence", "due", "severity", "policy_version", "recorded_at", "chain_hash")
ACTION = ("corrective_note", "corrective_by", "corrective_at")
RAISE = "SELECT RAISE(ABORT, 'breach is append-only')"


def _sqlite_triggers() -> list[str]:
    changed = " OR ".join(f"NEW.{name} IS NOT OLD.{name}" for name in FACTS)
    missing = " OR ".join(f"NEW.{name} IS NULL" for name in ACTION)
    return [
        f"CREATE TRIGGER IF NOT EXISTS breach_fill_once BEFORE UPDATE ON breach "
        f"WHEN OLD.corrective_at IS NOT NULL OR {missing} OR {changed} BEGIN {RAISE}; END",
        f"CREATE TRIGGER IF NOT EXISTS breach_no_delete BEFORE DELETE ON breach BEGIN {RAISE}; END",
        "CREATE TRIGGER IF NOT EXISTS breach_no_replace BEFORE INSERT ON breach "
        "WHEN EXISTS (SELECT 1 FROM breach WHERE id = NEW.id OR (case_id = NEW.case_id "
        f"AND clock = NEW.clock AND occurrence = NEW.occurrence)) BEGIN {RAISE}; END",
    ]


def _postgres_triggers() -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION jq_breach_fill_once() RETURNS trigger AS $$
   BEGIN
     IF TG_OP = 'UPDATE' AND OLD.corrective_at IS NULL
        AND {" AND ".join(f"NEW.{name} IS NOT NULL" for name in ACTION)}
        AND ({", ".join(f"NEW.{name}" for name in FACTS)})
            IS NOT DISTINCT FROM ({", ".join(f"OLD.{name}" for name in FACTS)})
     THEN RETURN NEW; END IF;
     RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '23000';
   END
   $$ LANGUAGE plpgsql""",
        "CREATE OR REPLACE TRIGGER breach_fill_once BEFORE UPDATE OR DELETE ON breach "
        "FOR EACH ROW EXECUTE FUNCTION jq_breach_fill_once()",
        "CREATE OR REPLACE TRIGGER breach_no_truncate BEFORE TRUNCATE ON breach "
        "FOR EACH STATEMENT EXECUTE FUNCTION jq_append_only()",
    ]


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "breach",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("clock", sa.String(), nullable=False),
        sa.Column("occurrence", sa.Integer(), nullable=False),
        sa.Column("due", sa.Float(), nullable=False),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("policy_version", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.Float(), nullable=False),
        sa.Column("corrective_note", sa.String(), nullable=True),
        sa.Column("corrective_by", sa.String(), nullable=True),
        sa.Column("corrective_at", sa.Float(), nullable=True),
        sa.Column("chain_hash", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "clock", "occurrence"),
        if_not_exists=True,
    )
    indexes = {str(index["name"]) for index in sa.inspect(bind).get_indexes("breach")}
    for column in ("case_id", "due"):
        if f"ix_breach_{column}" not in indexes:
            op.create_index(f"ix_breach_{column}", "breach", [column], unique=False)
    columns = {column["name"] for column in sa.inspect(bind).get_columns("case")}
    for name in ("assignment_run", "resolution_run"):
        if name not in columns:
            op.add_column("case", sa.Column(name, sa.Integer(), nullable=False, server_default="1"))
    present = bind.execute(sa.text("SELECT 1 FROM chain_head WHERE name = 'breach'")).first()
    if present is None:
        bind.execute(
            sa.text("INSERT INTO chain_head (name, hash, length) VALUES ('breach', :hash, 0)"), {"hash": GENESIS}
        )
    for statement in _sqlite_triggers() if bind.dialect.name == "sqlite" else _postgres_triggers():
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS jq_breach_fill_once() CASCADE")
    bind.execute(sa.text("DELETE FROM chain_head WHERE name = 'breach'"))
    op.drop_table("breach")
    # A plain DROP COLUMN, as 0005 does: a batch copy of "case" would trip over its foreign keys.
    op.drop_column("case", "resolution_run")
    op.drop_column("case", "assignment_run")
