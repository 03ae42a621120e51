"""A console runs all day beside twenty others on one server: each of its SQLite connections keeps a
small page cache (`store.engine.small_page_cache`), not SQLite's 2 MiB, which the queue's first whole
read filled once in every pooled connection and which stayed for the life of the process."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection

from jq_console.store.engine import LONG_RUNNING_CACHE_KIB, make_engine, small_page_cache


def _cache_size(connection: Connection) -> int:
    return int(connection.execute(text("PRAGMA cache_size")).scalar_one())


def test_a_long_running_engine_keeps_a_small_page_cache_in_every_connection(tmp_path: Path) -> None:
    engine = make_engine(str(tmp_path / "office.sqlite"))
    with engine.connect() as connection:
        assert _cache_size(connection) == -2000  # SQLite's default, for a command that ends at once
    small_page_cache(engine)  # the connection pooled so far is closed: the next one has it too
    with engine.connect() as first, engine.connect() as second:
        assert [_cache_size(first), _cache_size(second)] == [-LONG_RUNNING_CACHE_KIB] * 2
    engine.dispose()
