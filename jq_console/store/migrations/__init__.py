"""Schema migrations with Alembic, run by the application itself on SQLite and PostgreSQL alike.

No alembic.ini: the configuration is built here and the caller's connection (already inside the
schema transaction) is handed to env.py, so a migration commits or rolls back with the caller.
A new revision goes in versions/ as `NNNN_what.py` with `down_revision` set to the previous head.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect
from sqlalchemy.engine import Connection

if TYPE_CHECKING:  # alembic is imported only when a schema is checked or migrated (start-up time)
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent
VERSION_TABLE = "alembic_version"


def config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    settings = Config()
    settings.set_main_option("script_location", str(MIGRATIONS_DIR))
    settings.attributes["connection"] = connection
    return settings


@cache
def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


_REVISION = re.compile(r'^revision\s*=\s*"([^"]+)"', re.MULTILINE)
_DOWN = re.compile(r'^down_revision\s*=\s*(?:"([^"]+)"|None)', re.MULTILINE)


@cache
def _revisions() -> dict[str, str | None]:
    """revision -> down_revision, read from the version files without importing alembic (this
    runs on every opening of a database; a test checks it against alembic's own reading)."""
    graph: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("[0-9]*.py")):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        assert revision is not None and down is not None, f"{path.name}: revision or down_revision missing"
        graph[revision.group(1)] = down.group(1)
    return graph


def head() -> str:
    """The newest revision this code knows."""
    graph = _revisions()
    heads = set(graph) - set(graph.values())
    assert len(heads) == 1, f"migrations must form one line, heads: {sorted(heads)}"
    return heads.pop()


def is_known(revision: str) -> bool:
    return revision in _revisions()


def current(connection: Connection) -> str | None:
    """The revision recorded in the database (alembic_version), or None when there is none.
    Read directly: this runs on every opening, and needs neither alembic nor its scripts."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    rows = connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalars().all()
    return rows[0] if len(rows) == 1 else (",".join(sorted(rows)) or None)


def upgrade(connection: Connection, target: str = "head") -> None:
    from alembic import command

    command.upgrade(config(connection), target)


def downgrade(connection: Connection, target: str = "base") -> None:
    """Undo revisions down to `target` ("base": no table of ours is left)."""
    from alembic import command

    command.downgrade(config(connection), target)
