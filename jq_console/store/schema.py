"""Creating the schema, the triggers that keep history append-only, and schema versioning."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from ..domain.policy import Policy
from . import tables
from .engine import StoreError, read, write

_APPEND_ONLY = ("case_event", "time_entry")

_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS {table}_no_{verb} BEFORE {verb.upper()} ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"""
    for table in _APPEND_ONLY for verb in ("update", "delete")
]

_POSTGRES_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION jq_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$ LANGUAGE plpgsql""",
    *[f"""DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '{table}_append_only') THEN
            CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION jq_append_only();
          END IF; END $$""" for table in _APPEND_ONLY],
]


def _triggers(connection: Connection) -> None:
    statements = _SQLITE_TRIGGERS if connection.dialect.name == "sqlite" else _POSTGRES_TRIGGERS
    for statement in statements:
        connection.exec_driver_sql(statement)


def schema_version(engine: Engine) -> int | None:
    def get(connection: Connection) -> int | None:
        if not engine.dialect.has_table(connection, "meta"):
            return None
        value = connection.execute(select(tables.Meta.value).where(tables.Meta.key == "schema_version")).scalar()
        return int(value) if value is not None else None
    return read(engine, get)


def create_schema(engine: Engine, policy: Policy) -> bool:
    """Create whatever is missing; True if the database was new. Safe to run on a live database."""
    version = schema_version(engine)
    if version is not None and version > tables.SCHEMA_VERSION:
        raise StoreError(f"la base de datos es de una versión más nueva ({version}); actualice jq-console")

    def work(connection: Connection) -> bool:
        SQLModel.metadata.create_all(connection)
        _triggers(connection)
        fresh = version is None
        if fresh:
            connection.execute(tables.Meta.__table__.insert(), [{"key": "schema_version",
                                                                 "value": str(tables.SCHEMA_VERSION)}])
            connection.execute(tables.Rate.__table__.insert(),
                               [{"year": year, "hourly": rate} for year, rate in policy.rates.items()])
        return fresh

    return write(engine, work)


def require_schema(engine: Engine) -> None:
    version = schema_version(engine)
    if version is None:
        raise StoreError("la base de datos no está inicializada: ejecute 'jq-console init' o 'jq-console demo'")
    if version > tables.SCHEMA_VERSION:
        raise StoreError(f"la base de datos es de una versión más nueva ({version}); actualice jq-console")
