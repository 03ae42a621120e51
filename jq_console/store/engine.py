"""Engine creation and the one way to write.

SQLite is opened in WAL mode with synchronous=FULL (an acknowledged write survives a power cut),
a busy timeout and foreign keys. Every write runs in a short `BEGIN IMMEDIATE` transaction: a
deferred transaction that reads before it writes cannot be retried by SQLite's busy handler and
fails at once under contention, while an immediate one waits its turn for the write lock.

PostgreSQL writes run SERIALIZABLE, the closest match to SQLite's one-writer-at-a-time: a
read-then-write that raced another is refused by the server with a serialization failure
(SQLSTATE 40001), which `write` retries like SQLite's SQLITE_BUSY. A read-only engine opens every
PostgreSQL session with default_transaction_read_only, so the server refuses writes. Every driver
error becomes a `StoreError` named by its SQLSTATE or SQLite result code (`store.errors`).
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import sqlite3
import stat
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, IntegrityError
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from jq_console.domain.finding import quick_fold
from jq_console.store.errors import BUSY, StoreError, classify

T = TypeVar("T")
# Runs first inside a write's transaction and raises to refuse it: the application layer passes one
# that loads the actor (registered? active? role?), so authority is read in the write it allows.
Guard = Callable[[Connection], None]
BUSY_TIMEOUT_MS = 5000
WRITE_ATTEMPTS = 40
PG_CONNECT_TIMEOUT_S = 10
# The page cache each SQLite connection of a long-running console keeps (SQLite's default is 2 MiB).
# Twenty consoles and their dashboards stay open on one server all day, each with a few pooled
# connections that fill their caches once, on the first read of the queue, and keep them; a
# console's reads then are a page or two (the queue's whole read, 10,000 keys, took as long).
LONG_RUNNING_CACHE_KIB = 512
_READONLY: weakref.WeakSet[Engine] = weakref.WeakSet()
# Which file a SQLite connection opened, (path, (device, inode)): kept in its pool entry's `info`.
_OPENED = "jq_console_opened"
Origin = tuple[int, int] | None  # which database a connection reads (see `origin_of`)


def default_db_path() -> Path:
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "jq-console" / "jq-console.sqlite"


def database_url(target: str | None) -> str:
    """`--db` / JQ_CONSOLE_DB may be a file path or a full SQLAlchemy URL."""
    value = target or os.environ.get("JQ_CONSOLE_DB") or str(default_db_path())
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


# user:password@ in an address SQLAlchemy cannot read (a port that is not a number): the password
# is hidden by its place, as `render_as_string` hides it in one it can.
_PASSWORD = re.compile(r"(://[^:/@]*):([^@/]*)@")


def shown_target(target: str | None) -> str:
    """The database as the user may see it: a file's path, or the address without its password."""
    url = database_url(target)
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _PASSWORD.sub(r"\1:***@", url)


def _without_password(url: str, text: str) -> str:
    """`text` (a driver's reason) with the password of address `url` hidden, should it repeat it."""
    found = _PASSWORD.search(url)
    return text.replace(found.group(2), "***") if found and found.group(2) else text


def sqlite_file(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def database_files(target: str | None) -> list[Path]:
    """The SQLite file `target` names (none for a database server): what an export must never overwrite."""
    path = sqlite_file(database_url(target))
    return [] if path is None else [path]


def companions_exist(path: Path) -> bool:
    """True while the WAL's `-wal` or `-shm` file exists: some connection has the database open
    (or one ended without tidying up)."""
    return any(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm"))


def locked_out(path: Path) -> bool:
    """True when a read-only open would fail: no `-wal`/`-shm` to share and no right to create them."""
    return not companions_exist(path) and not os.access(path.parent, os.W_OK)


def reader_uri(path: Path, *, immutable_when_locked_out: bool = False) -> str:
    """How a connection that only reads opens the SQLite file `path`, leaving no files behind.

    A `mode=ro` connection to a WAL database creates the `-wal` and `-shm` files if they are
    missing and, not allowed to checkpoint, leaves them when it closes, owned by whoever read
    (root, a supervisor): a later reader may be unable to open them. So:
    - a connection exists (the files exist): `mode=ro`, sharing them;
    - nobody is connected and this user may write the file and its folder (the service user,
      root): `mode=rw`; the caller sets `PRAGMA query_only`, so no statement can write, and being
      the last to close, SQLite removes the files this connection made;
    - nobody is connected and this user may not create the files: `immutable` for a caller that
      reads again when the file moves (`readonly.stable_read`), else `mode=ro`.
    """
    if companions_exist(path):
        mode = "mode=ro"
    elif os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        mode = "mode=rw"
    elif immutable_when_locked_out and locked_out(path):
        mode = "mode=ro&immutable=1"
    else:
        mode = "mode=ro"
    return f"file:{path}?{mode}"


def sqlite_reader(path: Path, *, immutable_when_locked_out: bool = False) -> sqlite3.Connection:
    """A connection that only reads `path` (see `reader_uri`); every statement that writes is refused."""
    connection = sqlite3.connect(
        reader_uri(path, immutable_when_locked_out=immutable_when_locked_out),
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    connection.isolation_level = None
    connection.execute("PRAGMA query_only = ON")
    return connection


def _sqlite_writer(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)


def _fold(value: str | None) -> str:
    return quick_fold(value) if value else ""


def _sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def file_identity(path: Path) -> Origin:
    """(device, inode) of the file `path` names now; None while there is none."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def replaced(connection: PoolProxiedConnection | ConnectionPoolEntry) -> bool:
    """True when the SQLite file this connection opened is no longer the one its path names: a
    sandbox made again (`demo --reset`), or a copy put in its place. The connection would go on
    reading and writing the old file, which nobody else will ever open. A connection opened while
    the path named no file is counted as replaced once there is one."""
    opened = connection.info.get(_OPENED)
    if opened is None:
        return False
    now = file_identity(opened[0])
    return now is not None and now != opened[1]


def origin_of(connection: Connection) -> Origin:
    """Which database `connection` reads: the SQLite file it opened (a file replaced under a console
    is another database, whatever its history says); None on a database server."""
    opened = connection.connection.info.get(_OPENED)
    return None if opened is None else opened[1]


def file_opener(
    path: Path, connect: Callable[[], sqlite3.Connection]
) -> Callable[[ConnectionPoolEntry], sqlite3.Connection]:
    """A pool's creator for `path`: `connect()`, and which file it opened (see `replaced`), read
    before opening, so that a file put in its place in between shows as replaced at once."""

    def opened(entry: ConnectionPoolEntry) -> sqlite3.Connection:
        entry.info[_OPENED] = (path, file_identity(path))
        return connect()

    return opened


def follow_file(engine: Engine) -> None:
    """A pooled connection on a replaced file (see `replaced`) is closed at checkout and another
    opened on the file there now: SQLAlchemy's pool retries a checkout that raises this."""

    @event.listens_for(engine, "checkout")
    def on_checkout(_dbapi_connection: Any, entry: ConnectionPoolEntry, _proxy: Any) -> None:
        if replaced(entry):
            raise DisconnectionError("the database file was replaced")


def _sqlite_events(engine: Engine, readonly: bool) -> None:
    follow_file(engine)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _entry: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy's `begin` event issue BEGIN itself, so writes can ask for IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # PostgreSQL has sha256() built in; SQLite gets it here, for the history's chain (store/ledger.py).
        dbapi_connection.create_function("jq_sha256", 1, _sha256_hex, deterministic=True)
        # SQLite folds with the domain's own fold; PostgreSQL matches a pattern of accented forms (store/finder.py).
        dbapi_connection.create_function("jq_fold", 1, _fold, deterministic=True)
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


def small_page_cache(engine: Engine) -> None:
    """Keep each SQLite connection's page cache at LONG_RUNNING_CACHE_KIB (for a console, which runs
    all day); connections pooled so far are closed, so every one from now on has it."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _entry: ConnectionPoolEntry) -> None:
        dbapi_connection.execute(f"PRAGMA cache_size = -{LONG_RUNNING_CACHE_KIB}")

    engine.dispose()


def make_engine(target: str | None = None, *, readonly: bool = False, create: bool = True) -> Engine:
    """Open the database named by `target` (path or URL). Never called at import time. A SQLite
    file that does not exist is made, with its folder, only when `create`: a command that needs
    the database it names left an empty file (and folders) behind a mistyped `--db`."""
    url = database_url(target)
    path = sqlite_file(url)
    if path is not None:
        refuse_what_is_not_a_file(path)
        if readonly:
            if not path.exists():
                raise StoreError("err.store.missing", path=path)
            engine = create_engine(url, creator=file_opener(path, lambda: sqlite_reader(path)))
            _sqlite_events(engine, readonly)
            _READONLY.add(engine)
            return engine
        if not create and not path.exists():
            raise StoreError("err.store.missing", path=path)
        if create:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError("err.store.mkdir", folder=path.parent, reason=error.strerror) from None
        engine = create_engine(url, creator=file_opener(path, lambda: _sqlite_writer(path)))
        _sqlite_events(engine, readonly)
        return engine
    connect_args: dict[str, Any] = {}
    if url.startswith("postgresql"):
        # Every session of a read-only engine is read-only on the server side, whatever it runs.
        if readonly:
            connect_args["options"] = "-c default_transaction_read_only=on"
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    try:
        engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    except (ArgumentError, ImportError, ValueError) as error:  # a malformed URL or a missing driver: say which
        shown = shown_target(target)
        raise StoreError("err.store.bad_target", target=shown, reason=_without_password(url, str(error))) from None
    if readonly:
        _READONLY.add(engine)
    return engine


def refuse_what_is_not_a_file(path: Path) -> None:
    """A folder, a pipe or a device named as the database (a link to one too): SQLite fails on it
    with "disk I/O error" after making its journal beside it (`/dev/null-journal`, in /dev)."""
    try:
        found = os.stat(path)
    except OSError:  # missing (made, or refused as missing, below) or not to be looked at: SQLite says
        return
    if not stat.S_ISREG(found.st_mode):
        raise StoreError("err.store.not_a_file", path=path)


def is_readonly(engine: Engine) -> bool:
    """True for engines opened with readonly=True (SQLite mode=ro, or PostgreSQL read-only sessions)."""
    return engine in _READONLY


def _write_options(engine: Engine, single_statement: bool) -> dict[str, Any]:
    if engine.dialect.name == "postgresql":
        return {"isolation_level": "AUTOCOMMIT" if single_statement else "SERIALIZABLE"}
    return {"immediate": True}


def write(
    engine: Engine, work: Callable[[Connection], T], *, single_statement: bool = False, guard: Guard | None = None
) -> T:
    """Run `work` in one short immediate transaction, retrying while the database is busy.

    `single_statement=True` promises that on PostgreSQL `work` sends exactly one statement. A
    statement is atomic by itself, so it is sent without BEGIN and COMMIT, two round trips fewer.
    `guard` runs first in the same transaction (and again on every retry); with a guard the write
    is never a single statement."""
    single = single_statement and guard is None
    for attempt in range(WRITE_ATTEMPTS):
        try:
            with engine.connect() as connection:
                connection = connection.execution_options(**_write_options(engine, single))
                with connection.begin():
                    if guard is not None:
                        guard(connection)
                    return work(connection)
        except IntegrityError:
            raise  # a broken constraint is the caller's to name (a duplicate NIT, a second release...)
        except DBAPIError as error:
            problem = classify(error)
            if not problem.retryable or attempt == WRITE_ATTEMPTS - 1:
                raise problem from error
            time.sleep(min(0.5, 0.005 * 2 ** min(attempt, 7)) * (0.5 + random.random()))
    raise StoreError(BUSY)


SCHEMA_LOCK_KEY = 7_290_415  # any fixed number: the advisory lock that serialises migrations


def write_schema(engine: Engine, work: Callable[[Connection], T]) -> T:
    """`write` for schema changes. On PostgreSQL the transaction first takes an advisory lock, so
    two processes opening an old database migrate it once, and runs READ COMMITTED, so after the
    wait it sees what the other one committed (a SERIALIZABLE snapshot would predate it)."""
    if engine.dialect.name != "postgresql":
        return write(engine, work)

    def locked(connection: Connection) -> T:
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK_KEY})")
        return work(connection)

    try:
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="READ COMMITTED")
            with connection.begin():
                return locked(connection)
    except IntegrityError:
        raise
    except DBAPIError as error:
        raise classify(error) from error


def read(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run `work` in one read transaction that sees a single snapshot, as SQLite's reads do
    (PostgreSQL's default would take a new snapshot for every statement)."""
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                return work(connection)
    except IntegrityError:
        raise
    except DBAPIError as error:
        raise classify(error) from error


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key a one-row insert made (SQLAlchemy types it as optional: a many-row insert has none)."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])
