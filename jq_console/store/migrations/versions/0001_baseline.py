"""Baseline: every table of the first release, the append-only history and the change signal.

Revision ID: 0001
Revises: (none)

The tables come from the SQLModel metadata as it stands at the first release. Once that release
has shipped this file is frozen: every later table or column gets its own revision (a test
compares a migrated database with the metadata and fails on anything without one).
"""

from __future__ import annotations

from alembic import op
from sqlmodel import SQLModel

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY = ("case_event", "time_entry")
# Tables whose writes the console's live queue must notice (PostgreSQL LISTEN/NOTIFY channel).
WATCHED = ("case", "case_event", "time_entry", "agent")
CHANNEL = "jq_console_change"

SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS {table}_no_{verb} BEFORE {verb.upper()} ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"""
    for table in APPEND_ONLY for verb in ("update", "delete")
]

POSTGRES = [
    # SQLSTATE 23000 (integrity constraint violation), as SQLite's RAISE(ABORT) is reported.
    """CREATE OR REPLACE FUNCTION jq_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '23000'; END
       $$ LANGUAGE plpgsql""",
    *[f"""CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
          FOR EACH ROW EXECUTE FUNCTION jq_append_only()""" for table in APPEND_ONLY],
    # A notification is delivered only when the writing transaction commits, and repeated ones
    # within a transaction are folded into one: the cheap, exact "something changed" signal.
    f"""CREATE OR REPLACE FUNCTION jq_notify_change() RETURNS trigger AS $$
        BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END
        $$ LANGUAGE plpgsql""",
    *[f"""CREATE OR REPLACE TRIGGER {table}_notify_change AFTER INSERT OR UPDATE OR DELETE ON "{table}"
          FOR EACH STATEMENT EXECUTE FUNCTION jq_notify_change()""" for table in WATCHED],
]


def upgrade() -> None:
    from jq_console.store import tables  # noqa: F401  (fills SQLModel.metadata)

    bind = op.get_bind()
    # checkfirst: a database made before migrations existed gains only what it lacks.
    SQLModel.metadata.create_all(bind, checkfirst=True)
    for statement in SQLITE if bind.dialect.name == "sqlite" else POSTGRES:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS jq_append_only() CASCADE")
        op.execute("DROP FUNCTION IF EXISTS jq_notify_change() CASCADE")
    SQLModel.metadata.drop_all(bind)
