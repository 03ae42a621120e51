"""Opening the database for someone who may only read it (the supervisors' dashboard).

Every connection runs `PRAGMA query_only`, so no statement can write, whatever the code tries,
and is opened as `store.engine.reader_uri` says: `mode=ro` while agents are working. A WAL
database needs its `-shm` file to be read: when agents are working it exists (SQLite gives it
the database file's permission bits, and in the documented setgid folder its group, so whoever
may read the database may read it); when nobody is connected it does not. A reader who may write
the folder (the service user, alternative B of docs/deployment.md) then opens it `mode=rw` so it
leaves no `-wal`/`-shm` behind; a reader who cannot create them (a supervisor as themselves,
alternative A) opens it `immutable`: with no `-wal` file every committed change is in the main
file. A writer may appear during the read and checkpoint into the file, so `stable_read` compares
the file's identity before and after and reads again if it moved.
"""

from __future__ import annotations

import os
import sqlite3
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.pool import NullPool

from jq_console.store.engine import (
    database_url,
    file_opener,
    locked_out,
    make_engine,
    read,
    sqlite_file,
    sqlite_reader,
)
from jq_console.store.errors import StoreError

T = TypeVar("T")
STABLE_ATTEMPTS = 5
_PATHS: weakref.WeakKeyDictionary[Engine, Path] = weakref.WeakKeyDictionary()


def _companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def needs_immutable(path: Path) -> bool:
    """True when a plain read-only open would fail: no -shm to share and no right to create one."""
    return locked_out(path)


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite_reader(path, immutable_when_locked_out=True)


def open_readonly(target: str | None) -> Engine:
    """An engine that can only read. For SQLite each read opens a fresh connection, so the choice
    between a shared and an immutable open is made again every time."""
    url = database_url(target)
    path = sqlite_file(url)
    if path is None:
        return make_engine(target, readonly=True)
    if not path.exists():
        raise StoreError("err.store.missing", path=path)
    if not os.access(path, os.R_OK):
        raise StoreError("err.store.unreadable", path=path)
    # Which file each connection opened: the one a change watcher holds must notice it replaced.
    engine = create_engine("sqlite://", creator=file_opener(path, lambda: _connect(path)), poolclass=NullPool)

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN")

    _PATHS[engine] = path
    return engine


def reads_immutable(engine: Engine) -> bool:
    """True while this engine's reads bypass SQLite's locks (no writer connected, see above), so a
    change watcher cannot see commits and the reader must simply read again."""
    path = _PATHS.get(engine)
    return path is not None and needs_immutable(path)


def _stamp(path: Path) -> tuple[bool, int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return _companion(path, "-wal").exists(), stat.st_mtime_ns, stat.st_size, stat.st_ino


def stable_read(engine: Engine, work: Callable[[Engine], T]) -> T:
    """`work(engine)`, read again if the database file changed under an immutable read."""
    path = _PATHS.get(engine)
    for _ in range(STABLE_ATTEMPTS):
        immutable = path is not None and needs_immutable(path)
        before = _stamp(path) if immutable and path is not None else None
        result = work(engine)
        if not immutable or path is None or _stamp(path) == before:
            return result
    raise StoreError("err.store.changed")


def probe(engine: Engine) -> None:
    """Fail now, with the reason, rather than on the first screen refresh."""
    # A query every engine answers (sqlite_master exists only in SQLite) that still reads the file
    # on SQLite: a file that is no database fails here, with the reason.
    read(engine, lambda c: inspect(c).get_table_names())
