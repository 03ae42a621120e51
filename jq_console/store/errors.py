"""What went wrong in the database, named by the drivers' codes and never by their words.

A driver's message text depends on its version, the server's locale and the operating system, so
no decision is taken on it: PostgreSQL reports a SQLSTATE (`40001` serialization failure, `25006`
read-only transaction...) and SQLite a result code (`SQLITE_BUSY`, `SQLITE_READONLY`...), and the
store's error is chosen from those alone. The driver's own words travel only as a parameter of
`OTHER`, to be shown, never compared.

A `StoreError` is a `CodedError`: a catalogue code and its params, rendered at the edge in the
user's language. `driver_code` keeps the code the driver gave, for the log and the tests.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import DBAPIError

from jq_console.domain.coded import CodedError

BUSY = "err.store.busy"
CANCELLED = "err.store.cancelled"
CHANGED = "err.store.changed"
DAMAGED = "err.store.damaged"
FULL = "err.store.full"
MISSING = "err.store.missing"
NOT_INITIALIZED = "err.store.not_initialized"
OTHER = "err.store.other"
PG_AUTH = "err.store.pg_auth"
PG_CONNECT = "err.store.pg_connect"
READONLY = "err.store.readonly"
UNABLE_OPEN = "err.store.unable_open"
UNREADABLE = "err.store.unreadable"

# Worth running the same work again after a pause: another writer held the lock, or the server
# aborted one of two racing serializable transactions. Nothing else is retried.
RETRYABLE = frozenset({BUSY})

# SQLite primary result codes (the low byte of an extended code such as SQLITE_BUSY_SNAPSHOT).
_SQLITE: dict[int, str] = {
    3: UNABLE_OPEN,  # SQLITE_PERM
    5: BUSY,  # SQLITE_BUSY
    6: BUSY,  # SQLITE_LOCKED
    8: READONLY,  # SQLITE_READONLY
    11: DAMAGED,  # SQLITE_CORRUPT
    13: FULL,  # SQLITE_FULL
    14: UNABLE_OPEN,  # SQLITE_CANTOPEN
    23: UNABLE_OPEN,  # SQLITE_AUTH
    26: DAMAGED,  # SQLITE_NOTADB
}

# PostgreSQL SQLSTATEs, then whole classes (the first two characters).
_SQLSTATE: dict[str, str] = {
    "40001": BUSY,  # serialization_failure
    "40P01": BUSY,  # deadlock_detected
    "55P03": BUSY,  # lock_not_available
    "57014": CANCELLED,  # query_canceled (statement_timeout, or cancelled by an administrator)
    "25006": READONLY,  # read_only_sql_transaction
    "42P01": NOT_INITIALIZED,  # undefined_table
    "3D000": PG_CONNECT,  # invalid_catalog_name: the URL names no database
    "53100": FULL,  # disk_full
    "57P01": PG_CONNECT,  # admin_shutdown
    "57P02": PG_CONNECT,  # crash_shutdown
    "57P03": PG_CONNECT,  # cannot_connect_now (starting up)
}
_SQLSTATE_CLASS: dict[str, str] = {
    "08": PG_CONNECT,  # connection_exception
    "28": PG_AUTH,  # invalid_authorization_specification, invalid_password
    "53": FULL,  # insufficient_resources
}


class StoreError(CodedError):
    """A database problem named by a catalogue code ('err.store.busy', 'err.directory.no_client'...)
    and its params. `driver_code` is the SQLSTATE or SQLite result name it came from, if any."""

    def __init__(self, code: str, /, *, driver_code: str | None = None, **params: Any) -> None:
        super().__init__(code, **params)
        self.driver_code = driver_code

    @property
    def retryable(self) -> bool:
        return self.code in RETRYABLE


def sqlstate(error: DBAPIError) -> str | None:
    """PostgreSQL's SQLSTATE (psycopg 3 `sqlstate`, psycopg 2 `pgcode`); None when the server sent
    none, which is when there was no server to answer (refused, unreachable, lost connection)."""
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code if isinstance(code, str) and code else None


def sqlite_result(error: DBAPIError) -> tuple[int, str] | None:
    """SQLite's (extended result code, its name), as Python's sqlite3 exceptions carry them."""
    number = getattr(error.orig, "sqlite_errorcode", None)
    name = getattr(error.orig, "sqlite_errorname", None)
    return (number, str(name)) if isinstance(number, int) else None


def _reason(error: DBAPIError) -> str:
    text = str(error.orig).strip()
    return text.splitlines()[0] if text else type(error.orig).__name__


def classify(error: DBAPIError) -> StoreError:
    """The store's error for what the driver raised; `OTHER` (with the driver's words to show) when
    its code names nothing the user can act on differently."""
    result = sqlite_result(error)
    if result is not None:
        number, name = result
        code = _SQLITE.get(number & 0xFF, OTHER)
        return _made(code, name, error)
    state = sqlstate(error)
    if state is not None:
        code = _SQLSTATE.get(state) or _SQLSTATE_CLASS.get(state[:2], OTHER)
        return _made(code, state, error)
    if _is_postgres(error):
        # psycopg reports a failed connection without a SQLSTATE (no server answered, or it
        # refused the login before any session): say so, with the driver's own detail.
        return _made(PG_CONNECT, None, error)
    return _made(OTHER, None, error)


def _is_postgres(error: DBAPIError) -> bool:
    return type(error.orig).__module__.split(".")[0] in ("psycopg", "psycopg2")


def _made(code: str, driver_code: str | None, error: DBAPIError) -> StoreError:
    if code == OTHER:
        return StoreError(code, driver_code=driver_code, reason=_reason(error))
    if code == PG_CONNECT:
        return StoreError(code, driver_code=driver_code, detail=_reason(error))
    return StoreError(code, driver_code=driver_code)
