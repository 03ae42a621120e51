"""Noticing other processes' commits cheaply, so a queue reloads only when something changed.

SQLite's `PRAGMA data_version` changes on a connection whenever *another* connection commits;
the watcher keeps one connection of its own for that, so every commit, ours included, is seen.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.engine import Connection


class ChangeWatcher:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None
        self._last: int | None = None

    def _token(self) -> int | None:
        if self._engine.dialect.name != "sqlite":
            return None  # no cheap token: every poll counts as a change
        if self._connection is None:
            self._connection = self._engine.connect()
        value = self._connection.exec_driver_sql("PRAGMA data_version").scalar()
        # End the read transaction at once: inside one, data_version is frozen at its snapshot.
        self._connection.rollback()
        return int(value) if value is not None else None

    def changed(self) -> bool:
        """True on the first call and whenever the database changed since the previous call."""
        token = self._token()
        if token is None:
            return True
        changed = token != self._last
        self._last = token
        return changed

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
