"""Schema migrations (Alembic) on both engines: init creates at head, the migrated schema equals
the tables (store/tables.py), the baseline is frozen, older databases are upgraded, newer ones refused."""

from __future__ import annotations

import ast
import importlib
import json
import multiprocessing
import pkgutil
import re
import subprocess
import sys
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, Table, inspect, text
from store_backends import postgres_url, store_url  # noqa: F401

import jq_console.store
from jq_console.bootstrap import Runtime
from jq_console.cli import main
from jq_console.store import migrations
from jq_console.store.engine import make_engine, read, write, write_schema
from jq_console.store.errors import StoreError
from jq_console.store.schema import (
    PRE_MIGRATIONS,
    create_schema,
    require_schema,
    schema_state,
    schema_version,
    upgrade_schema,
)
from jq_console.store.tables import metadata, with_partial_conditions

ALEMBIC_TABLE = "alembic_version"
BASELINE = migrations.MIGRATIONS_DIR / "versions" / "0001_baseline.py"
ADD_A_REVISION = (
    "the migrated schema differs from jq_console/store/tables.py: a change to the tables needs "
    "its own revision in jq_console/store/migrations/versions (NNNN_what.py)"
)


def _all_tables() -> dict[str, set[str]]:
    """Every table any store module declares, with its columns (imports them all first, so a
    table defined outside tables.py without a migration is caught too)."""
    for module in pkgutil.iter_modules(jq_console.store.__path__):
        if module.name != "migrations":
            importlib.import_module(f"jq_console.store.{module.name}")
    with_partial_conditions()  # the partial indexes' WHERE, which DDL and the comparison read
    return {name: {column.name for column in table.columns} for name, table in metadata.tables.items()}


def _database_tables(engine: Engine) -> dict[str, set[str]]:
    inspector = inspect(engine)
    return {
        name: {column["name"] for column in inspector.get_columns(name)}
        for name in inspector.get_table_names()
        if name != ALEMBIC_TABLE
    }


def _describe(diff: tuple[Any, ...]) -> str:
    kind = diff[0]
    if kind.startswith("modify_"):  # (kind, schema, table, column, existing, database's, models')
        return f"{kind} {diff[2]}.{diff[3]}: database {diff[5]!r}, models {diff[6]!r}"
    if kind in ("add_column", "remove_column"):  # (kind, schema, table, Column)
        return f"{kind} {diff[2]}.{diff[3].name}"
    item = diff[1]  # a Table, Index, UniqueConstraint or ForeignKeyConstraint
    if isinstance(item, Table):
        return f"{kind} {item.name}"
    columns = [column.name for column in item.columns]
    target = f" -> {item.referred_table.name}" if kind.endswith("_fk") else ""
    return f"{kind} {item.table.name} {item.name or 'unnamed'} {columns}{target}"


def _spelling_only(diff: tuple[Any, ...], dialect: Any) -> bool:
    """A type difference that both sides write as the same SQL on this engine is no difference."""
    if diff[0] != "modify_type":
        return False
    database, models = diff[5], diff[6]
    return bool(database.compile(dialect=dialect).lower() == models.compile(dialect=dialect).lower())


def _condition(where: Any) -> str:
    return "" if where is None else re.sub(r"[\s()]", "", str(where)).lower()


def _partial_index_differences(engine: Engine) -> list[str]:
    """Alembic compares an index's columns and uniqueness but not its WHERE: compare it here."""
    inspector, dialect = inspect(engine), engine.dialect.name
    found = []
    for table in metadata.tables.values():
        reflected = {index["name"]: index.get("dialect_options", {}) for index in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in reflected:
                continue  # compare_metadata reports it
            models = _condition(index.dialect_options[dialect].get("where"))
            database = _condition(reflected[index.name].get(f"{dialect}_where"))
            if models != database:
                found.append(f"index {index.name} WHERE: database {database!r}, models {models!r}")
    return found


def _schema_differences(engine: Engine) -> list[str]:
    """Everything by which a migrated database differs from the models: tables, columns, types,
    nullability, server defaults, indexes (with their WHERE), unique constraints, foreign keys."""
    _all_tables()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True})
        diffs = compare_metadata(context, metadata)
    flat = [change for diff in diffs for change in (diff if isinstance(diff, list) else [diff])]
    return [
        _describe(change) for change in flat if not _spelling_only(change, engine.dialect)
    ] + _partial_index_differences(engine)


def _assert_matches_the_models(engine: Engine) -> None:
    differences = _schema_differences(engine)
    assert differences == [], f"{ADD_A_REVISION}:\n" + "\n".join(differences)


def test_init_creates_the_schema_at_head(store_url: str, runtime: Runtime) -> None:
    engine = make_engine(store_url)
    assert schema_version(engine) is None
    assert create_schema(engine, runtime.policy) is True
    assert schema_version(engine) == migrations.head()
    assert create_schema(engine, runtime.policy) is False  # running it again changes nothing
    assert read(engine, lambda c: c.execute(text("SELECT count(*) FROM rate")).scalar()) == len(runtime.policy.rates)
    engine.dispose()


def test_migrated_schema_equals_the_tables_in_code(store_url: str, runtime: Runtime) -> None:
    engine = make_engine(store_url)
    create_schema(engine, runtime.policy)
    expected = _all_tables()
    actual = _database_tables(engine)
    missing = sorted(set(expected) - set(actual))
    assert missing == [], f"tables without a migration: {missing}"
    assert sorted(set(actual) - set(expected)) == []
    for name, columns in expected.items():
        assert actual[name] == columns, f"columns of {name} differ from the migrated schema"
    _assert_matches_the_models(engine)
    engine.dispose()


def test_fresh_database_upgraded_to_the_baseline_then_to_head_equals_the_tables_in_code(store_url: str) -> None:
    engine = make_engine(store_url)
    write_schema(engine, lambda connection: migrations.upgrade(connection, "0001"))
    assert schema_version(engine) == "0001"
    assert upgrade_schema(engine) == ("0001", migrations.head())
    _assert_matches_the_models(engine)
    engine.dispose()


def test_the_comparison_sees_indexes_constraints_foreign_keys_and_nullability(store_url: str, runtime: Runtime) -> None:
    engine = make_engine(store_url)
    create_schema(engine, runtime.policy)
    write(engine, lambda c: c.execute(text("DROP INDEX ix_contact_email")))
    write(engine, lambda c: c.execute(text("CREATE INDEX ix_note ON case_event (note)")))
    differences = _schema_differences(engine)
    assert "add_index contact ix_contact_email ['email']" in differences
    assert "remove_index case_event ix_note ['note']" in differences
    if engine.dialect.name == "postgresql":  # SQLite cannot alter these in place
        write(engine, lambda c: c.execute(text('ALTER TABLE "case" DROP CONSTRAINT case_submission_id_key')))
        write(engine, lambda c: c.execute(text("ALTER TABLE agent ALTER COLUMN name DROP NOT NULL")))
        write(engine, lambda c: c.execute(text("ALTER TABLE contact DROP CONSTRAINT contact_client_id_fkey")))
        differences = _schema_differences(engine)
        assert "add_constraint case unnamed ['submission_id']" in differences
        assert any(d.startswith("modify_nullable agent.name") for d in differences)
        assert "add_fk contact unnamed ['client_id'] -> client" in differences
    engine.dispose()


_IMPORTS_OF_THE_BASELINE = {"__future__", "alembic", "sqlalchemy"}

# Runs the baseline's upgrade() and downgrade() alone, loaded from its file, in a fresh interpreter.
_BASELINE_ALONE = """
import importlib.util, json, sys
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect
spec = importlib.util.spec_from_file_location("baseline", sys.argv[1])
baseline = importlib.util.module_from_spec(spec)
spec.loader.exec_module(baseline)
with create_engine("sqlite://").begin() as connection:
    with Operations.context(MigrationContext.configure(connection)):
        baseline.upgrade()
        created = inspect(connection).get_table_names()
        baseline.downgrade()
        left = inspect(connection).get_table_names()
loaded = [name for name in sys.modules if name.split(".")[0] in ("jq_console",)]
print(json.dumps({"tables": list(baseline.TABLES), "created": created, "left": left, "loaded": loaded}))
"""


def test_the_baseline_is_frozen_it_never_reads_the_models() -> None:
    tree = ast.parse(BASELINE.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {
        ("." * node.level) + (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert imported <= _IMPORTS_OF_THE_BASELINE, "0001 must not import the models: it describes the first release"
    done = subprocess.run(
        [sys.executable, "-c", _BASELINE_ALONE, str(BASELINE)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome["loaded"] == []  # jq_console (its tables) was not imported
    assert sorted(outcome["created"]) == sorted(outcome["tables"]) and len(outcome["tables"]) == 13
    assert outcome["left"] == []


def _back_to_before_migrations(connection: Connection) -> None:
    """A database as the first store left it: no revision, and the case's old queue columns."""
    connection.execute(text(f"DELETE FROM {ALEMBIC_TABLE}"))
    _add_old_queue_columns(connection)


def _first_store_tables(connection: Connection) -> None:
    """The tables of the store before migrations: today's, plus the case's columns the first
    store's queue order read (sev_rank, service_rank, pending_due; dropped by 0003)."""
    with_partial_conditions().create_all(connection)
    _add_old_queue_columns(connection)


def _add_old_queue_columns(connection: Connection) -> None:
    for column in (
        "sev_rank INTEGER NOT NULL DEFAULT 0",
        "service_rank INTEGER NOT NULL DEFAULT 0",
        "pending_due FLOAT",
    ):
        connection.execute(text(f'ALTER TABLE "case" ADD COLUMN {column}'))


def test_database_made_before_migrations_is_upgraded_by_a_writer(store_url: str, runtime: Runtime) -> None:
    engine = make_engine(store_url)
    _all_tables()
    write(engine, _first_store_tables)  # what the first store did: tables, no revision
    assert schema_version(engine) == PRE_MIGRATIONS
    readonly = make_engine(store_url, readonly=True)
    with pytest.raises(StoreError, match=r"^err\.schema\.older$"):
        require_schema(readonly)  # a reader must not change the schema: it says what to run
    require_schema(engine)  # a writer upgrades on open
    assert schema_version(engine) == migrations.head()
    require_schema(readonly)
    assert "case_event" in inspect(engine).get_table_names()
    _assert_matches_the_models(engine)
    readonly.dispose()
    engine.dispose()


def test_database_made_before_migrations_gains_only_what_it_lacks(store_url: str) -> None:
    engine = make_engine(store_url)
    _all_tables()
    write(engine, _first_store_tables)
    # An older store: without the studies' releases table and one index, with a row of its own.
    write(engine, lambda c: c.execute(text("DROP TABLE study_release")))
    write(engine, lambda c: c.execute(text("DROP INDEX ix_contact_email")))
    write(
        engine,
        lambda c: c.execute(
            text(
                "INSERT INTO agent (login, name, role, active, availability) "
                "VALUES ('ana', 'Ana', 'agent', true, 'available')"
            )
        ),
    )
    assert schema_version(engine) == PRE_MIGRATIONS
    require_schema(engine)
    assert schema_version(engine) == migrations.head()
    _assert_matches_the_models(engine)
    assert read(engine, lambda c: c.execute(text("SELECT login FROM agent")).scalars().all()) == ["ana"]
    engine.dispose()


def _functions(engine: Engine) -> set[str]:
    if engine.dialect.name != "postgresql":
        return set()
    return set(
        read(engine, lambda c: c.execute(text("SELECT proname FROM pg_proc WHERE proname LIKE 'jq_%'")).scalars())
    )


def test_downgrade_to_nothing_and_back(store_url: str, runtime: Runtime) -> None:
    engine = make_engine(store_url)
    create_schema(engine, runtime.policy)
    write_schema(engine, lambda connection: command.downgrade(migrations.config(connection), "base"))
    assert set(inspect(engine).get_table_names()) <= {ALEMBIC_TABLE}
    assert _functions(engine) == set()
    assert create_schema(engine, runtime.policy) is True
    _assert_matches_the_models(engine)
    if engine.dialect.name == "postgresql":
        assert _functions(engine) == {"jq_append_only", "jq_breach_fill_once", "jq_notify_change"}
    engine.dispose()


def _set_revision(engine: Engine, revision: str) -> None:
    write(engine, lambda c: c.execute(text(f"UPDATE {ALEMBIC_TABLE} SET version_num = :r"), {"r": revision}))


def test_newer_database_is_refused(store_url: str, runtime: Runtime) -> None:
    engine = make_engine(store_url)
    create_schema(engine, runtime.policy)
    _set_revision(engine, "9999")
    assert schema_state(engine).newer
    for attempt in (
        lambda: require_schema(engine),
        lambda: create_schema(engine, runtime.policy),
        lambda: upgrade_schema(engine),
    ):
        with pytest.raises(StoreError, match=r"^err\.schema\.newer$") as refused:
            attempt()
        assert refused.value.params["revision"] == "9999"
    assert schema_version(engine) == "9999"  # refused means untouched
    engine.dispose()


def test_empty_database_is_not_upgraded_but_told_to_init(store_url: str) -> None:
    engine = make_engine(store_url)
    with pytest.raises(StoreError, match=r"^err\.store\.not_initialized$"):
        upgrade_schema(engine)
    with pytest.raises(StoreError, match=r"^err\.schema\.not_initialized$"):
        require_schema(engine)
    engine.dispose()


def test_upgrade_command(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["upgrade", "--db", store_url]) == 2
    assert "jq-console init" in capsys.readouterr().err
    assert main(["init", "--db", store_url]) == 0
    capsys.readouterr()
    assert main(["upgrade", "--db", store_url]) == 0
    assert f"al día ({migrations.head()})" in capsys.readouterr().out
    engine = make_engine(store_url)
    write(engine, _back_to_before_migrations)
    assert main(["upgrade", "--db", store_url, "--lang", "en"]) == 0
    assert f"upgraded from {PRE_MIGRATIONS} to {migrations.head()}" in capsys.readouterr().out
    _set_revision(engine, "9999")
    assert main(["cases", "--db", store_url]) == 2
    assert "actualice jq-console" in capsys.readouterr().err
    engine.dispose()


def _init(url: str, runtime: Runtime, results: Any) -> None:
    engine = make_engine(url)
    try:
        results.put(("ok", create_schema(engine, runtime.policy)))
    except Exception as error:  # noqa: BLE001
        results.put(("error", f"{type(error).__name__}: {error}"))
    finally:
        engine.dispose()


@pytest.mark.slow
def test_several_processes_initialising_at_once_migrate_once(store_url: str, runtime: Runtime) -> None:
    make_engine(store_url).dispose()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=_init, args=(store_url, runtime, results)) for _ in range(6)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert sorted(outcomes) == [("ok", False)] * 5 + [("ok", True)]
    engine = make_engine(store_url)
    assert schema_version(engine) == migrations.head()
    assert read(engine, lambda c: c.execute(text("SELECT count(*) FROM rate")).scalar()) == len(runtime.policy.rates)
    engine.dispose()


def test_postgres_has_the_change_triggers(postgres_url: str, runtime: Runtime) -> None:
    engine = make_engine(postgres_url)
    create_schema(engine, runtime.policy)
    names = read(
        engine, lambda c: set(c.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars())
    )
    assert {
        "case_notify_change",
        "case_event_notify_change",
        "time_entry_notify_change",
        "agent_notify_change",
        "mail_message_notify_change",  # a client's e-mail on a case wakes its open screens (0019)
        "work_timer_notify_change",  # a timer started or stopped wakes the agent's other consoles (0019)
        "case_event_append_only",
        "time_entry_append_only",
    } <= names
    engine.dispose()


def _row_level_notify(engine: Engine) -> set[bool]:
    return set(
        read(
            engine,
            lambda c: c.execute(
                text("SELECT (tgtype & 1) = 1 FROM pg_trigger WHERE tgname LIKE '%notify_change'")
            ).scalars(),
        )
    )


def test_postgres_database_at_0001_gets_row_level_change_triggers(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    write_schema(engine, lambda connection: migrations.upgrade(connection, "0001"))
    assert schema_version(engine) == "0001" and _row_level_notify(engine) == {False}
    assert upgrade_schema(engine) == ("0001", migrations.head())
    assert _row_level_notify(engine) == {True}
    engine.dispose()


def test_the_quick_revision_reader_agrees_with_alembic() -> None:
    scripts = migrations._scripts()
    assert migrations.head() == scripts.get_current_head()
    assert set(migrations._revisions()) == {script.revision for script in scripts.walk_revisions()}
    assert not migrations.is_known("9999")


def test_dashboard_engine_on_an_older_database_says_to_upgrade(store_url: str) -> None:
    from jq_console.store.readonly import open_readonly

    engine = make_engine(store_url)
    _all_tables()
    write(engine, _first_store_tables)
    dashboard = open_readonly(store_url)
    with pytest.raises(StoreError, match=r"^err\.schema\.older$"):
        require_schema(dashboard)
    assert schema_version(engine) == PRE_MIGRATIONS  # the reader changed nothing
    dashboard.dispose()
    engine.dispose()
