"""The database's own defences, checked and restored: the triggers that keep the history
append-only (and the breaches too, but for their corrective action, filled once), and the engine's
integrity check.

Migrations create the triggers once; someone with raw write access can drop (or, on PostgreSQL,
disable) them. `missing_triggers` names the ones that are gone, `restore_triggers` puts them
back (`init` and `upgrade` do), `integrity_problems` runs the engine's own check.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.exc import DBAPIError

# A closed billing month stays closed: its bill went out (store/billed_months.py).
APPEND_ONLY = ("case_event", "time_entry", "policy_version", "case_entry", "billed_month")
# Each table's key, for SQLite's refusal of an INSERT OR REPLACE over an existing row.
_KEYS = {"policy_version": ("number",), "billed_month": ("year", "month")}
# Append-only but for one update: the corrective action filled in, once (store/breaches.py).
FILL_ONCE = "breach"
_FACTS = ("id", "case_id", "clock", "occurrence", "due", "severity", "policy_version", "recorded_at", "chain_hash")
_ACTION = ("corrective_note", "corrective_by", "corrective_at")


def _sql(connection: Connection, statement: str) -> CursorResult[Any]:
    # text(), not the driver's own call: psycopg would read the % of the statements as placeholders.
    return connection.execute(text(statement))


_RAISE = "SELECT RAISE(ABORT, '{table} is append-only')"


def _sqlite_triggers() -> dict[str, str]:
    statements: dict[str, str] = {}
    for table in APPEND_ONLY:
        for verb in ("update", "delete"):
            statements[f"{table}_no_{verb}"] = (
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
                f"BEGIN {_RAISE.format(table=table)}; END"
            )
        # INSERT OR REPLACE deletes the old row without firing the delete trigger.
        same_key = " AND ".join(f"{key} = NEW.{key}" for key in _KEYS.get(table, ("id",)))
        statements[f"{table}_no_replace"] = (
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {same_key}) BEGIN {_RAISE.format(table=table)}; END"
        )
    raise_breach = _RAISE.format(table=FILL_ONCE)
    changed = " OR ".join(f"NEW.{name} IS NOT OLD.{name}" for name in _FACTS)
    missing = " OR ".join(f"NEW.{name} IS NULL" for name in _ACTION)
    statements[f"{FILL_ONCE}_fill_once"] = (
        f"CREATE TRIGGER IF NOT EXISTS {FILL_ONCE}_fill_once BEFORE UPDATE ON {FILL_ONCE} "
        f"WHEN OLD.corrective_at IS NOT NULL OR {missing} OR {changed} BEGIN {raise_breach}; END"
    )
    statements[f"{FILL_ONCE}_no_delete"] = (
        f"CREATE TRIGGER IF NOT EXISTS {FILL_ONCE}_no_delete BEFORE DELETE ON {FILL_ONCE} BEGIN {raise_breach}; END"
    )
    # INSERT OR REPLACE over the same id, or over the same (case, clock, occurrence), deletes the old row.
    statements[f"{FILL_ONCE}_no_replace"] = (
        f"CREATE TRIGGER IF NOT EXISTS {FILL_ONCE}_no_replace BEFORE INSERT ON {FILL_ONCE} "
        f"WHEN EXISTS (SELECT 1 FROM {FILL_ONCE} WHERE id = NEW.id OR (case_id = NEW.case_id "
        f"AND clock = NEW.clock AND occurrence = NEW.occurrence)) BEGIN {raise_breach}; END"
    )
    return statements


_PG_FUNCTION = """CREATE OR REPLACE FUNCTION jq_append_only() RETURNS trigger AS $$
   BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '23000'; END
   $$ LANGUAGE plpgsql"""


_PG_FILL_ONCE = f"""CREATE OR REPLACE FUNCTION jq_breach_fill_once() RETURNS trigger AS $$
   BEGIN
     IF TG_OP = 'UPDATE' AND OLD.corrective_at IS NULL
        AND {" AND ".join(f"NEW.{name} IS NOT NULL" for name in _ACTION)}
        AND ({", ".join(f"NEW.{name}" for name in _FACTS)})
            IS NOT DISTINCT FROM ({", ".join(f"OLD.{name}" for name in _FACTS)})
     THEN RETURN NEW; END IF;
     RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '23000';
   END
   $$ LANGUAGE plpgsql"""


def _postgres_triggers() -> dict[str, str]:
    statements: dict[str, str] = {}
    for table in APPEND_ONLY:
        statements[f"{table}_append_only"] = (
            f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION jq_append_only()"
        )
        # TRUNCATE fires no row trigger.
        statements[f"{table}_no_truncate"] = (
            f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION jq_append_only()"
        )
    statements[f"{FILL_ONCE}_fill_once"] = (
        f"CREATE OR REPLACE TRIGGER {FILL_ONCE}_fill_once BEFORE UPDATE OR DELETE ON {FILL_ONCE} "
        "FOR EACH ROW EXECUTE FUNCTION jq_breach_fill_once()"
    )
    statements[f"{FILL_ONCE}_no_truncate"] = (
        f"CREATE OR REPLACE TRIGGER {FILL_ONCE}_no_truncate BEFORE TRUNCATE ON {FILL_ONCE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION jq_append_only()"
    )
    return statements


def expected_triggers(connection: Connection) -> dict[str, str]:
    """Each protective trigger's name and the statement that creates it."""
    return _sqlite_triggers() if connection.dialect.name == "sqlite" else _postgres_triggers()


def _present(connection: Connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        rows = _sql(connection, "SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {str(name) for (name,) in rows}
    # A disabled trigger ('D') protects nothing; nor does the function if its body was replaced.
    rows = _sql(
        connection,
        "SELECT t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
        "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' "
        "AND p.proname IN ('jq_append_only', 'jq_breach_fill_once') "
        "AND p.prosrc LIKE '%RAISE EXCEPTION%'",
    )
    return {str(name) for (name,) in rows}


def missing_triggers(connection: Connection) -> list[str]:
    present = _present(connection)
    return [name for name in expected_triggers(connection) if name not in present]


def restore_triggers(connection: Connection) -> list[str]:
    """Create the protective triggers that are missing; returns their names."""
    missing = missing_triggers(connection)
    if not missing:
        return []
    if connection.dialect.name == "postgresql":
        _sql(connection, _PG_FUNCTION)
        _sql(connection, _PG_FILL_ONCE)
        for table in (*APPEND_ONLY, FILL_ONCE):  # CREATE OR REPLACE leaves a disabled trigger disabled
            _sql(connection, f"ALTER TABLE {table} ENABLE TRIGGER USER")
    statements = expected_triggers(connection)
    for name in missing:
        _sql(connection, statements[name])
    return missing


def integrity_problems(connection: Connection, *, thorough: bool = True) -> list[str]:
    """The engine's own check of the stored pages. SQLite: PRAGMA integrity_check (quick_check,
    which skips the index-against-table comparison, when not `thorough`). PostgreSQL, when
    `thorough`: a full read of every table (a damaged page fails the read) and amcheck's index
    check where the extension is installed; otherwise nothing (the server checks its pages'
    checksums on every read)."""
    if connection.dialect.name == "sqlite":
        pragma = "integrity_check" if thorough else "quick_check"
        try:
            lines = [str(line) for (line,) in _sql(connection, f"PRAGMA {pragma}")]
        except DBAPIError as error:
            return [str(error.orig)]
        return [] if lines == ["ok"] else lines
    problems: list[str] = []
    if not thorough:
        return problems
    tables = _sql(
        connection, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    ).scalars()
    for table in list(tables):
        try:
            with connection.begin_nested():
                for _row in _sql(connection, f'SELECT * FROM "{table}"'):
                    pass
        except DBAPIError as error:
            problems.append(f"{table}: {str(error.orig).strip().splitlines()[0]}")
    amcheck = _sql(connection, "SELECT 1 FROM pg_extension WHERE extname = 'amcheck'").first()
    if amcheck is not None:
        indexes = _sql(
            connection,
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE a.amname = 'btree' AND n.nspname = current_schema()",
        ).scalars()
        for index in list(indexes):
            try:
                with connection.begin_nested():
                    _sql(connection, f"SELECT bt_index_check('\"{index}\"'::regclass)")
            except DBAPIError as error:
                problems.append(f"{index}: {str(error.orig).strip().splitlines()[0]}")
    return problems
