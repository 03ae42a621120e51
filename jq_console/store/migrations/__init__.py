"""Schema migrations with Alembic, run by the application itself on SQLite and PostgreSQL alike.

No alembic.ini: the configuration is built here and the caller's connection (already inside the
schema transaction) is handed to env.py, so a migration commits or rolls back with the caller.
A new revision goes in versions/ as `NNNN_what.py` with `down_revision` set to the previous head.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.engine import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent


def config(connection: Connection | None = None) -> Config:
    settings = Config()
    settings.set_main_option("script_location", str(MIGRATIONS_DIR))
    settings.attributes["connection"] = connection
    return settings


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head() -> str:
    """The newest revision this code knows."""
    revision = _scripts().get_current_head()
    assert revision is not None, "no migrations found"
    return revision


def is_known(revision: str) -> bool:
    try:
        return _scripts().get_revision(revision) is not None
    except CommandError:
        return False


def current(connection: Connection) -> str | None:
    """The revision recorded in the database (alembic_version), or None when there is none."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, target: str = "head") -> None:
    command.upgrade(config(connection), target)
