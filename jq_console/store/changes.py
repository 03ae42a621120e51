"""Noticing other processes' commits cheaply, so a queue reloads only when something changed.

SQLite's `PRAGMA data_version` changes on a connection whenever *another* connection commits;
the watcher keeps one connection of its own for that, so every commit, ours included, is seen.

PostgreSQL: triggers on the watched tables (migration 0001) send a NOTIFY on `CHANNEL`, which the
server delivers only when the writing transaction commits. The watcher LISTENs on a connection of
its own and, on each poll, makes one round trip that collects whatever notifications arrived.

A SQLite file replaced under the watcher (`demo --reset`, a copy put in its place) is another
database: the watcher opens it, and the poll that finds it says the database changed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from jq_console.store.engine import replaced

CHANNEL = "jq_console_change"


class ChangeWatcher:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Any = None  # SQLite: a pooled DBAPI connection of the watcher's own
        self._last: int | None = None
        self._raw: Any = None  # the pooled connection that LISTENs (PostgreSQL) ...
        self._listener: Any = None  # ... and the psycopg connection inside it
        self._notified = False

    def _token(self) -> int | None:
        if self._engine.dialect.name != "sqlite":
            return None
        if self._connection is not None and replaced(self._connection):
            self._connection.invalidate()  # closed, never handed back to the pool
            self._connection, self._last = None, None  # a token of the new file proves nothing
        if self._connection is None:
            self._connection = self._engine.raw_connection()
        # The driver connection is in autocommit (see store.engine), so this read opens no
        # transaction that would freeze data_version at its snapshot; no SQLAlchemy bookkeeping
        # either, which a close from another thread could otherwise catch mid-way.
        row = self._connection.driver_connection.execute("PRAGMA data_version").fetchone()
        return int(row[0]) if row is not None else None

    def _on_notify(self, _notify: Any) -> None:
        self._notified = True

    def _postgres_changed(self) -> bool:
        """True if a watched table changed since the last poll; True also when the listening
        connection is new or was lost, since changes in between could not be heard."""
        if self._listener is not None:
            try:
                self._listener.execute("SELECT 1")  # the round trip that delivers pending notifications
            except self._engine.dialect.loaded_dbapi.Error:  # the server went away or restarted:
                self._drop_listener()  # listen again, and count it as a change
        if self._listener is None:
            self._listen()
            return True
        changed, self._notified = self._notified, False
        return changed

    def _listen(self) -> None:
        raw = self._engine.raw_connection()
        listener: Any = raw.driver_connection
        listener.autocommit = True
        listener.add_notify_handler(self._on_notify)
        listener.execute(f"LISTEN {CHANNEL}")
        self._raw, self._listener, self._notified = raw, listener, False

    def _drop_listener(self) -> None:
        raw, self._raw, self._listener = self._raw, None, None
        if raw is not None:
            raw.invalidate()  # never hand a LISTENing connection back to the pool

    def changed(self) -> bool:
        """True on the first call and whenever the database changed since the previous call."""
        if self._engine.dialect.name == "postgresql":
            return self._postgres_changed()
        token = self._token()
        if token is None:
            return True  # no cheap token on this engine: every poll counts as a change
        changed = token != self._last
        self._last = token
        return changed

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self._drop_listener()
