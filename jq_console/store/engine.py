"""Engine creation and the one way to write.

SQLite is opened in WAL mode with synchronous=FULL (an acknowledged write survives a power cut),
a busy timeout and foreign keys. Every write runs in a short `BEGIN IMMEDIATE` transaction: a
deferred transaction that reads before it writes cannot be retried by SQLite's busy handler and
fails at once under contention, while an immediate one waits its turn for the write lock.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from pathlib import Path
from typing import Any, Callable, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

T = TypeVar("T")
BUSY_TIMEOUT_MS = 5000
WRITE_ATTEMPTS = 40


class StoreError(Exception):
    """A database problem told as a sentence the user can act on."""


def default_db_path() -> Path:
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "jq-console" / "jq-console.sqlite"


def database_url(target: str | None) -> str:
    """`--db` / JQ_CONSOLE_DB may be a file path or a full SQLAlchemy URL."""
    value = target or os.environ.get("JQ_CONSOLE_DB") or str(default_db_path())
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def sqlite_file(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def _sqlite_events(engine: Engine, readonly: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's `begin` event issue BEGIN itself, so writes can ask for IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if readonly:
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(target: str | None = None, *, readonly: bool = False, create_dir: bool = True) -> Engine:
    """Open the database named by `target` (path or URL). Never called at import time."""
    url = database_url(target)
    path = sqlite_file(url)
    if path is not None:
        if readonly:
            if not path.exists():
                raise StoreError(f"no existe la base de datos {path}; créela con 'jq-console init'")
            url = f"sqlite:///file:{path}?mode=ro&uri=true"
        elif create_dir:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"no se puede crear la carpeta {path.parent}: {error.strerror}") from None
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})
        _sqlite_events(engine, readonly)
        return engine
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except Exception as error:  # a malformed URL or a missing driver: say which
        raise StoreError(f"no se puede usar la base de datos {target!r}: {error}") from None
    if readonly:
        @event.listens_for(engine, "begin")
        def read_only(connection: Connection) -> None:
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
    return engine


def _is_busy(error: OperationalError) -> bool:
    text = str(error.orig).lower()
    return "locked" in text or "busy" in text or "could not serialize" in text or "deadlock" in text


def write(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run `work` in one short immediate transaction, retrying while the database is busy."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            with engine.connect() as connection:
                connection = connection.execution_options(immediate=True)
                with connection.begin():
                    return work(connection)
        except OperationalError as error:
            if not _is_busy(error) or attempt == WRITE_ATTEMPTS - 1:
                raise StoreError(describe(error)) from None
            time.sleep(min(0.5, 0.005 * 2 ** min(attempt, 7)) * (0.5 + random.random()))
    raise StoreError("la base de datos está ocupada; intente de nuevo en unos segundos")


def read(engine: Engine, work: Callable[[Connection], T]) -> T:
    try:
        with engine.connect() as connection:
            with connection.begin():
                return work(connection)
    except OperationalError as error:
        raise StoreError(describe(error)) from None


def describe(error: OperationalError) -> str:
    text = str(error.orig)
    lowered = text.lower()
    if "unable to open" in lowered:
        return "no se puede abrir la base de datos: revise la ruta (--db) y sus permisos"
    if "readonly" in lowered or "read-only" in lowered or "attempt to write" in lowered:
        return "la base de datos es de solo lectura: no se puede escribir en ella"
    if "no such table" in lowered:
        return "la base de datos no está inicializada: ejecute 'jq-console init'"
    if "locked" in lowered or "busy" in lowered:
        return "la base de datos está ocupada; intente de nuevo en unos segundos"
    return f"error de base de datos: {text}"
