"""Creating and upgrading the schema (Alembic migrations, the same on SQLite and PostgreSQL).

The database records its revision in `alembic_version`. A database older than the code is
upgraded by the commands that write (or by `jq-console upgrade`); a read-only opening says to run
the upgrade; a database newer than the code is refused, since this code cannot know its tables.
A database made before migrations existed (tables but no revision) counts as older.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, insert
from sqlalchemy.engine import Connection

from jq_console.domain.policy import Policy
from jq_console.store import migrations, policies, tables
from jq_console.store.engine import is_readonly, read, write_schema
from jq_console.store.errors import NOT_INITIALIZED, READONLY, StoreError
from jq_console.store.protection import integrity_problems, restore_triggers
from jq_console.store.sandbox import is_sandbox_connection, mark_sandbox

PRE_MIGRATIONS = "pre-migrations"  # the revision shown for a database made before migrations


@dataclass(frozen=True)
class SchemaState:
    revision: str | None  # None: an empty database
    head: str

    @property
    def initialized(self) -> bool:
        return self.revision is not None

    @property
    def current(self) -> bool:
        return self.revision == self.head

    @property
    def newer(self) -> bool:
        return self.revision not in (None, PRE_MIGRATIONS) and not migrations.is_known(self.revision)


def _state(connection: Connection) -> SchemaState:
    revision = migrations.current(connection)
    if revision is None and connection.dialect.has_table(connection, tables.CaseRow.name):
        revision = PRE_MIGRATIONS
    return SchemaState(revision, migrations.head())


def schema_state(engine: Engine) -> SchemaState:
    return read(engine, _state)


def schema_version(engine: Engine) -> str | None:
    """The database's schema revision, or None when it has no schema yet."""
    return schema_state(engine).revision


def _newer_error(state: SchemaState) -> StoreError:
    return StoreError("err.schema.newer", revision=state.revision, head=state.head)


def _check_integrity(connection: Connection) -> None:
    """Refuse to build on damaged storage: a migration would write into it and call it healthy."""
    problems = integrity_problems(connection, thorough=False)
    if problems:
        raise StoreError("err.schema.damaged", detail=problems[0])


def create_schema(engine: Engine, policy: Policy, *, sandbox: bool = False) -> bool:
    """Create the schema, or bring it to the newest revision; True if the database was new.
    Safe to run on a live database and from several processes at once. Missing protective
    triggers are put back. `sandbox` marks a new database as a sandbox (see store/sandbox.py);
    an existing database that is not one is refused rather than turned into one."""

    def work(connection: Connection) -> bool:
        _check_integrity(connection)
        state = _state(connection)
        if state.newer:
            raise _newer_error(state)
        if not state.current:
            migrations.upgrade(connection)
        restore_triggers(connection)
        policies.ensure_first(connection)  # the shipped policy is version 1 of the record
        if state.initialized:
            if sandbox and not is_sandbox_connection(connection):
                raise StoreError("err.schema.not_sandbox")
            return False
        if sandbox:
            mark_sandbox(connection)
        connection.execute(insert(tables.Rate), [{"year": year, "hourly": rate} for year, rate in policy.rates.items()])
        return True

    return write_schema(engine, work)


@dataclass(frozen=True)
class Upgrade:
    before: str
    after: str
    restored: list[str]  # protective triggers that were missing and are back


def upgrade_database(engine: Engine) -> Upgrade:
    """Bring an initialised database to the newest revision and put back missing protective
    triggers; refuses a database whose storage fails the integrity check."""

    def work(connection: Connection) -> Upgrade:
        _check_integrity(connection)
        state = _state(connection)
        if state.revision is None:
            raise StoreError(NOT_INITIALIZED)
        if state.newer:
            raise _newer_error(state)
        if not state.current:
            migrations.upgrade(connection)
        restored = restore_triggers(connection)
        policies.ensure_first(connection)  # cases stored before versions are measured by version 1
        return Upgrade(state.revision, state.head, restored)

    return write_schema(engine, work)


def upgrade_schema(engine: Engine) -> tuple[str, str]:
    """`upgrade_database`; returns (before, after)."""
    done = upgrade_database(engine)
    return done.before, done.after


def require_schema(engine: Engine) -> None:
    """Check the schema before use; upgrade an older one unless the engine is read-only."""
    state = schema_state(engine)
    if not state.initialized:
        raise StoreError("err.schema.not_initialized")
    if state.newer:
        raise _newer_error(state)
    if state.current:
        return
    older = StoreError("err.schema.older", revision=state.revision, head=state.head)
    if is_readonly(engine):
        raise older
    try:
        upgrade_schema(engine)
    except StoreError as error:
        # A read-only engine made elsewhere (e.g. the dashboard's own): the database refused the
        # write (SQLITE_READONLY, SQLSTATE 25006), so the reader is told to run the upgrade.
        if error.code == READONLY:
            raise older from error
        raise
