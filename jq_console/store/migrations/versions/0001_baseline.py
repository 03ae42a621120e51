"""Baseline: every table of the first release, the append-only history and the change signal.

Revision ID: 0001
Revises: (none)

Frozen. The tables below are written out as the first release created them (the DDL was rendered
from that release's SQLModel tables with Alembic's autogenerate, then tidied) and no longer follow
jq_console/store/tables.py: this file must keep creating exactly the same schema for ever, whatever
the models become. A later change to the tables (a new table, column, index or constraint, a
trigger) goes in its own revision `NNNN_what.py` next to this one, with `down_revision` set to the
previous head (see jq_console/store/migrations/__init__.py); tests/test_migrations.py compares a
migrated database with the models and fails on any change that has no revision.

Every table and index is created only if missing: a database made before migrations existed
(tables but no alembic_version) gains only what it lacks.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

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
    for table in APPEND_ONLY
    for verb in ("update", "delete")
]

POSTGRES = [
    # SQLSTATE 23000 (integrity constraint violation), as SQLite's RAISE(ABORT) is reported.
    """CREATE OR REPLACE FUNCTION jq_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '23000'; END
       $$ LANGUAGE plpgsql""",
    *[
        f"""CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
          FOR EACH ROW EXECUTE FUNCTION jq_append_only()"""
        for table in APPEND_ONLY
    ],
    # A notification is delivered only when the writing transaction commits, and repeated ones
    # within a transaction are folded into one: the cheap, exact "something changed" signal.
    f"""CREATE OR REPLACE FUNCTION jq_notify_change() RETURNS trigger AS $$
        BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END
        $$ LANGUAGE plpgsql""",
    *[
        f"""CREATE OR REPLACE TRIGGER {table}_notify_change AFTER INSERT OR UPDATE OR DELETE ON "{table}"
          FOR EACH STATEMENT EXECUTE FUNCTION jq_notify_change()"""
        for table in WATCHED
    ],
]

# Referenced tables come before the tables that refer to them; downgrade() drops in reverse.
TABLES = (
    "agent",
    "case_sequence",
    "client",
    "partner",
    "rate",
    "release",
    "contact",
    "case",
    "case_event",
    "case_study",
    "time_entry",
    "quote_line",
    "study_release",
)


def _string(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=nullable)


def _integer(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _float(name: str, nullable: bool = False) -> sa.Column[float]:
    return sa.Column(name, sa.Float(), nullable=nullable)


def _boolean(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False)


def _index(name: str, table: str, columns: list[str], unique: bool = False, **where: sa.TextClause) -> None:
    # op.f: the name is final, never rewritten by a naming convention configured later. schema=None
    # is the default, named so that `where` (sqlite_where=…) can only land in create_index's **kw.
    op.create_index(op.f(name), table, columns, schema=None, unique=unique, if_not_exists=True, **where)


def _tables() -> None:
    op.create_table(
        "agent",
        _integer("id"),
        _string("login"),
        _string("name"),
        _string("role"),
        _boolean("active"),
        _string("availability"),
        _float("last_seen", nullable=True),
        sa.PrimaryKeyConstraint("id"),
        if_not_exists=True,
    )
    _index("ix_agent_login", "agent", ["login"], unique=True)
    op.create_table(
        "case_sequence",
        _integer("year"),
        _integer("last"),
        sa.PrimaryKeyConstraint("year"),
        if_not_exists=True,
    )
    op.create_table(
        "client",
        _integer("id"),
        _string("nit"),
        _string("name"),
        _string("service"),
        _integer("level", nullable=True),
        _integer("uc"),
        _boolean("up_to_date"),
        sa.PrimaryKeyConstraint("id"),
        if_not_exists=True,
    )
    _index("ix_client_nit", "client", ["nit"], unique=True)
    op.create_table(
        "partner",
        _integer("id"),
        _string("name"),
        _string("specialty"),
        _string("phone"),
        _string("email"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        if_not_exists=True,
    )
    op.create_table(
        "rate",
        _integer("year"),
        _integer("hourly"),
        sa.PrimaryKeyConstraint("year"),
        if_not_exists=True,
    )
    op.create_table(
        "release",
        _integer("id"),
        _string("name"),
        _float("shipped_at"),
        _string("recorded_by"),
        _string("note"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        if_not_exists=True,
    )
    op.create_table(
        "contact",
        _integer("id"),
        _integer("client_id"),
        _string("name"),
        _string("role"),
        _string("phone"),
        _string("email"),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        if_not_exists=True,
    )
    _index("ix_contact_client_id", "contact", ["client_id"])
    _index("ix_contact_email", "contact", ["email"])
    op.create_table(
        "case",
        _integer("id"),
        _string("code"),
        _integer("client_id"),
        _integer("reporter_id", nullable=True),
        _string("title"),
        _string("description"),
        _string("severity"),
        _string("category"),
        _string("channel"),
        _string("scope"),
        _string("justification"),
        _string("service"),
        _integer("level", nullable=True),
        _string("status"),
        _string("verification"),
        _string("agent", nullable=True),
        _float("opened_at"),
        _float("assignment_due"),
        _float("resolution_due", nullable=True),
        _float("resolution_left", nullable=True),
        _float("assigned_at", nullable=True),
        _float("resolved_at", nullable=True),
        _float("closed_at", nullable=True),
        _float("notified_at", nullable=True),
        _string("partner", nullable=True),
        _string("submission_id", nullable=True),
        _boolean("is_open"),
        _integer("sev_rank"),
        _integer("service_rank"),
        _float("pending_due", nullable=True),
        _integer("version"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("submission_id"),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.ForeignKeyConstraint(["reporter_id"], ["contact.id"]),
        if_not_exists=True,
    )
    _index("ix_case_agent", "case", ["agent"])
    _index("ix_case_client_id", "case", ["client_id"])
    _index("ix_case_code", "case", ["code"], unique=True)
    # The queue reads only open cases in priority order; this partial index serves exactly that.
    _index(
        "ix_case_queue",
        "case",
        ["sev_rank", "service_rank", "pending_due", "opened_at"],
        sqlite_where=sa.text("is_open = 1"),
        postgresql_where=sa.text("is_open"),
    )
    op.create_table(
        "case_event",
        _integer("id"),
        _integer("case_id"),
        _float("at"),
        _string("actor"),
        _string("kind"),
        _string("before"),
        _string("after"),
        _string("note"),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        if_not_exists=True,
    )
    _index("ix_case_event_case_id", "case_event", ["case_id"])
    op.create_table(
        "case_study",
        _integer("id"),
        _integer("case_id"),
        _string("outcome"),
        _string("feature"),
        _string("note"),
        _integer("quote_year", nullable=True),
        _integer("quote_rate", nullable=True),
        _integer("quote_level", nullable=True),
        _integer("discount_percent"),
        _string("decided_by"),
        _float("decided_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        if_not_exists=True,
    )
    _index("ix_case_study_case_id", "case_study", ["case_id"], unique=True)
    op.create_table(
        "time_entry",
        _integer("id"),
        _integer("case_id"),
        _string("agent"),
        _float("started_at"),
        _integer("minutes"),
        _string("note"),
        _integer("corrects_id", nullable=True),
        _float("created_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["corrects_id"], ["time_entry.id"]),
        if_not_exists=True,
    )
    _index("ix_time_entry_case_id", "time_entry", ["case_id"])
    op.create_table(
        "quote_line",
        _integer("id"),
        _integer("study_id"),
        _integer("position"),
        _string("description"),
        _integer("minutes"),
        _integer("gross"),
        _integer("discount"),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["study_id"], ["case_study.id"]),
        if_not_exists=True,
    )
    _index("ix_quote_line_study_id", "quote_line", ["study_id"])
    op.create_table(
        "study_release",
        _integer("study_id"),
        _integer("release_id"),
        sa.PrimaryKeyConstraint("study_id"),
        sa.ForeignKeyConstraint(["study_id"], ["case_study.id"]),
        sa.ForeignKeyConstraint(["release_id"], ["release.id"]),
        if_not_exists=True,
    )
    _index("ix_study_release_release_id", "study_release", ["release_id"])


def upgrade() -> None:
    _tables()
    for statement in SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRES:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS jq_append_only() CASCADE")
        op.execute("DROP FUNCTION IF EXISTS jq_notify_change() CASCADE")
    for table in reversed(TABLES):  # a table's indexes and SQLite triggers go with it
        op.drop_table(table, if_exists=True)
