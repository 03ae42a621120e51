"""The sandbox flag and the tamper-evident history.

Revision ID: 0004
Revises: 0003

- `meta`: facts about the database itself; key `sandbox` = "1" marks a database made by
  `jq-console demo` or `init --sandbox` (only there may `demo --reset` delete it, and
  JQ_CONSOLE_AGENT name the agent).
- `chain_head` and a `chain_hash` column on `case_event` and `time_entry`: every row is chained
  to the previous one by a sha256 (jq_console/store/ledger.py). The rows already stored get their
  chain here, in id order; the append-only triggers are lifted for that one update and put back.
- More protective triggers: SQLite's `INSERT OR REPLACE` deletes the old row without firing the
  delete trigger, so an insert over an existing id is refused; PostgreSQL's TRUNCATE fires no
  row trigger, so a statement trigger refuses it.

Every table and column is created only if missing, as in 0001.

Frozen like the other revisions: the hashing below is a copy, not an import.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
CHAINED = {
    "case_event": ("case_id", "at", "actor", "kind", "before", "after", "note"),
    "time_entry": ("case_id", "agent", "started_at", "minutes", "note", "corrects_id", "created_at"),
}
FLOATS = frozenset({"at", "started_at", "created_at"})


def _seal(previous: str, table: str, values: dict[str, Any]) -> str:
    items = [float(values[name]) if name in FLOATS else values[name] for name in CHAINED[table]]
    content = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((previous + content).encode("utf-8")).hexdigest()


def _sqlite_no_replace(table: str) -> str:
    return f"""CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table}
               WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id)
               BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"""


def _sqlite_no_update(table: str) -> str:
    return f"""CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
               BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"""


def _chain(bind: sa.engine.Connection, table: str) -> None:
    columns = ", ".join(f'"{name}"' for name in ("id", *CHAINED[table]))
    previous, updates = GENESIS, []
    for row in bind.exec_driver_sql(f'SELECT {columns} FROM "{table}" ORDER BY id').mappings():
        previous = _seal(previous, table, dict(row))
        updates.append({"row_id": row["id"], "chain": previous})
    if updates:
        bind.execute(sa.text(f'UPDATE "{table}" SET chain_hash = :chain WHERE id = :row_id'), updates)
    bind.execute(sa.text("DELETE FROM chain_head WHERE name = :name"), {"name": table})
    bind.execute(
        sa.text("INSERT INTO chain_head (name, hash, length) VALUES (:name, :hash, :length)"),
        {"name": table, "hash": previous, "length": len(updates)},
    )


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.create_table(
        "meta",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
        if_not_exists=True,
    )
    op.create_table(
        "chain_head",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
        if_not_exists=True,
    )
    for table in CHAINED:
        # Only if missing, as in 0001: a database made before migrations may have it already.
        if "chain_hash" not in {column["name"] for column in sa.inspect(bind).get_columns(table)}:
            op.add_column(table, sa.Column("chain_hash", sa.String(), nullable=True))
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        else:
            op.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        _chain(bind, table)
        if sqlite:
            op.execute(_sqlite_no_update(table))
            op.execute(_sqlite_no_replace(table))
        else:
            op.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")
            op.execute(f"""CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
                           FOR EACH STATEMENT EXECUTE FUNCTION jq_append_only()""")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in CHAINED:
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_replace")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.drop_column(table, "chain_hash")
    op.drop_table("chain_head")
    op.drop_table("meta")
