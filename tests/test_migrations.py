"""Schema migrations (Alembic) on both engines: init creates at head, the migrated schema equals
the SQLModel tables, older databases are upgraded, newer ones refused."""

from __future__ import annotations

import importlib
import multiprocessing
import pkgutil
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlmodel import SQLModel

import jq_console.store
from jq_console.cli import main
from jq_console.runtime import Runtime
from jq_console.store import migrations
from jq_console.store.engine import StoreError, make_engine, read, write, write_schema
from jq_console.store.schema import (PRE_MIGRATIONS, create_schema, require_schema, schema_state,
                                     schema_version, upgrade_schema)

from store_backends import postgres_url, store_url  # noqa: F401

ALEMBIC_TABLE = "alembic_version"


def _all_tables() -> dict[str, set[str]]:
    """Every table any store module declares, with its columns (imports them all first, so a
    table defined outside tables.py without a migration is caught too)."""
    for module in pkgutil.iter_modules(jq_console.store.__path__):
        if module.name != "migrations":
            importlib.import_module(f"jq_console.store.{module.name}")
    return {name: {column.name for column in table.columns} for name, table in SQLModel.metadata.tables.items()}


def _database_tables(engine: Engine) -> dict[str, set[str]]:
    inspector = inspect(engine)
    return {name: {column["name"] for column in inspector.get_columns(name)}
            for name in inspector.get_table_names() if name != ALEMBIC_TABLE}


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
    # Alembic's own comparison: nothing to add or drop (types and indexes differ in spelling only).
    with engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    structural = [d for d in diffs if isinstance(d, tuple) and d[0] in ("add_table", "remove_table",
                                                                         "add_column", "remove_column")]
    assert structural == []
    engine.dispose()


def test_database_made_before_migrations_is_upgraded_by_a_writer(store_url: str, runtime: Runtime) -> None:
    engine = make_engine(store_url)
    _all_tables()
    write(engine, lambda c: SQLModel.metadata.create_all(c))  # what the first store did: tables, no revision
    assert schema_version(engine) == PRE_MIGRATIONS
    readonly = make_engine(store_url, readonly=True)
    with pytest.raises(StoreError, match="jq-console upgrade"):
        require_schema(readonly)  # a reader must not change the schema: it says what to run
    require_schema(engine)  # a writer upgrades on open
    assert schema_version(engine) == migrations.head()
    require_schema(readonly)
    assert "case_event" in inspect(engine).get_table_names()
    readonly.dispose()
    engine.dispose()


def _set_revision(engine: Engine, revision: str) -> None:
    write(engine, lambda c: c.execute(text(f"UPDATE {ALEMBIC_TABLE} SET version_num = :r"), {"r": revision}))


def test_newer_database_is_refused(store_url: str, runtime: Runtime) -> None:
    engine = make_engine(store_url)
    create_schema(engine, runtime.policy)
    _set_revision(engine, "9999")
    assert schema_state(engine).newer
    for attempt in (lambda: require_schema(engine), lambda: create_schema(engine, runtime.policy),
                    lambda: upgrade_schema(engine)):
        with pytest.raises(StoreError, match="más nuevo .9999.*actualice jq-console"):
            attempt()
    assert schema_version(engine) == "9999"  # refused means untouched
    engine.dispose()


def test_empty_database_is_not_upgraded_but_told_to_init(store_url: str) -> None:
    engine = make_engine(store_url)
    with pytest.raises(StoreError, match="jq-console init"):
        upgrade_schema(engine)
    with pytest.raises(StoreError, match="jq-console init"):
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
    write(engine, lambda c: c.execute(text(f"DELETE FROM {ALEMBIC_TABLE}")))
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
    names = read(engine, lambda c: set(c.execute(text(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars()))
    assert {"case_notify_change", "case_event_notify_change", "time_entry_notify_change", "agent_notify_change",
            "case_event_append_only", "time_entry_append_only"} <= names
    engine.dispose()


def _row_level_notify(engine: Engine) -> set[bool]:
    return set(read(engine, lambda c: c.execute(text(
        "SELECT (tgtype & 1) = 1 FROM pg_trigger WHERE tgname LIKE '%notify_change'")).scalars()))


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
    write(engine, lambda c: SQLModel.metadata.create_all(c))
    dashboard = open_readonly(store_url)
    with pytest.raises(StoreError, match="jq-console upgrade"):
        require_schema(dashboard)
    assert schema_version(engine) == PRE_MIGRATIONS  # the reader changed nothing
    dashboard.dispose()
    engine.dispose()
