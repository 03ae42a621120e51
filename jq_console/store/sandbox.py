"""Sandbox databases, and knowing what a target holds before touching it.

A sandbox is a database made by `jq-console demo` or `jq-console init --sandbox` (the `meta` row
`sandbox` = "1", written in the transaction that created the schema). Only a sandbox may be
wiped by `demo --reset`, and only on a sandbox may JQ_CONSOLE_AGENT name the agent.

`inspect_target` looks at a database through a read-only opening (SQLite `mode=ro`), so a
refusal leaves a file exactly as it was: a writable opening would already switch it to WAL.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, insert, inspect, select
from sqlalchemy.engine import Connection

from jq_console.store import migrations
from jq_console.store.engine import (
    Origin,
    database_url,
    file_identity,
    make_engine,
    read,
    refuse_what_is_not_a_file,
    shown_target,
    sqlite_file,
    write_schema,
)
from jq_console.store.errors import StoreError
from jq_console.store.migrations import VERSION_TABLE
from jq_console.store.readonly import open_readonly
from jq_console.store.tables import CaseRow, Meta, metadata

SANDBOX_KEY = "sandbox"
T = TypeVar("T")


def _flag(connection: Connection) -> bool:
    if not inspect(connection).has_table(Meta.name):
        return False
    row = connection.execute(select(Meta.c.value).where(Meta.c.key == SANDBOX_KEY)).first()
    return row is not None and row[0] == "1"


def is_sandbox_connection(connection: Connection) -> bool:
    return _flag(connection)


def is_sandbox(engine: Engine) -> bool:
    """True only for a database made by `demo` or `init --sandbox`."""
    return read(engine, _flag)


def mark_sandbox(connection: Connection) -> None:
    if not _flag(connection):
        connection.execute(insert(Meta).values(key=SANDBOX_KEY, value="1"))


def our_tables() -> frozenset[str]:
    return frozenset(metadata.tables) | {VERSION_TABLE}


@dataclass(frozen=True)
class Target:
    tables: frozenset[str]  # every table the database holds (none: new or empty)
    sandbox: bool

    @property
    def foreign(self) -> list[str]:
        """Tables that are not ours: the database belongs to something else. A schema of ours
        that a newer version extended is not foreign: opening it is refused as newer instead."""
        if {VERSION_TABLE, CaseRow.name} <= self.tables:
            return []
        return sorted(name for name in self.tables if name not in our_tables() and not name.startswith("sqlite_"))

    @property
    def empty(self) -> bool:
        return not self.tables


def inspect_target(target: str | None) -> Target:
    """What the database named by `target` holds, read without writing a byte."""
    path = sqlite_file(database_url(target))
    if path is not None:
        refuse_what_is_not_a_file(path)
    if path is not None and not path.exists():
        return Target(frozenset(), False)
    if path is not None and path.stat().st_size == 0:
        return Target(frozenset(), False)
    engine = open_readonly(target)

    def look(connection: Connection) -> Target:
        return Target(frozenset(inspect(connection).get_table_names()), _flag(connection))

    try:
        return read(engine, look)
    finally:
        engine.dispose()


def refuse_foreign(target: str | None) -> Target:
    """The target's state, or StoreError if it holds tables that are not ours (another
    application's file): creating our schema there would mix two applications' data."""
    found = inspect_target(target)
    if found.foreign:
        raise StoreError("err.target.foreign", target=shown_target(target), tables=", ".join(found.foreign[:5]))
    return found


def rebuild_sandbox(target: str | None, build: Callable[[Engine], T]) -> T:
    """Make a sandbox again: `build` fills an empty database, which then takes the old one's place.
    Anything else is refused, untouched: a file that is not a database of ours, or a database without
    the sandbox flag (real work).

    A SQLite sandbox is built in a file beside it and put in its place whole, by a rename: consoles
    open on it never read a database half-made ("no such table"), and follow the new file once it is
    there (`store.engine.replaced`). A build that fails leaves the old sandbox as it was, and so does
    a path that names another file by the time the new one is ready.
    On PostgreSQL every table of ours is dropped, then `build` fills the database in place."""
    found = refuse_foreign(target)
    if not found.empty and not found.sandbox:
        raise StoreError("err.reset.not_sandbox", target=shown_target(target))
    path = sqlite_file(database_url(target))
    if path is None or found.empty or not path.exists():
        if not found.empty:
            _wipe_server(target)
        return _built(make_engine(target), build)
    # Held open while the new one is made, so that no other file can take its inode number: a path
    # naming another file by then is told by the number alone.
    try:
        sandbox = os.open(path, os.O_RDONLY)
    except OSError as error:
        raise StoreError("err.reset.swap", target=shown_target(target), reason=error.strerror) from None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.new-", dir=path.parent)  # empty: a new database
    except OSError as error:
        os.close(sandbox)
        raise StoreError("err.reset.swap", target=shown_target(target), reason=error.strerror) from None
    os.close(handle)
    beside = Path(name)
    try:
        inspected = os.fstat(sandbox)
        result = _built(make_engine(str(beside)), build)
        _put_in_place(beside, path, (inspected.st_dev, inspected.st_ino), target)
    finally:
        os.close(sandbox)
        for suffix in ("", "-wal", "-shm"):
            beside.with_name(beside.name + suffix).unlink(missing_ok=True)
    return result


def _put_in_place(beside: Path, path: Path, inspected: Origin, target: str | None) -> None:
    """`beside` (complete, closed) becomes `path`. The old file's `-shm` and `-wal` go first: a new
    file must never meet the log of another, which SQLite would read as its own."""
    if any(beside.with_name(beside.name + suffix).exists() for suffix in ("-wal", "-shm")):
        raise StoreError("err.reset.unfinished", target=shown_target(target))
    if file_identity(path) != inspected:  # another file since it was found to be a sandbox
        raise StoreError("err.reset.not_sandbox", target=shown_target(target))
    try:
        os.chmod(beside, stat.S_IMODE(path.stat().st_mode))  # who may read it stays the same
        for suffix in ("-shm", "-wal"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        os.replace(beside, path)
    except OSError as error:
        raise StoreError("err.reset.swap", target=shown_target(target), reason=error.strerror) from None


def _built(engine: Engine, build: Callable[[Engine], T]) -> T:
    try:
        return build(engine)
    finally:
        engine.dispose()


def _wipe_server(target: str | None) -> None:
    engine = make_engine(target)

    def wipe(connection: Connection) -> None:
        if not _flag(connection):  # checked again under the schema lock: it may have changed
            raise StoreError("err.reset.not_sandbox", target=shown_target(target))
        migrations.downgrade(connection, "base")

    try:
        write_schema(engine, wipe)
    finally:
        engine.dispose()
