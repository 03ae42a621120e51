"""Database errors are classified by the drivers' codes (SQLSTATE, SQLite result codes), each one
produced here on a real database, and told at the edge in the language of the moment of telling."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError
from store_backends import postgres_url  # noqa: F401  (a fixture)

from jq_console.bootstrap import Runtime
from jq_console.cli import main
from jq_console.i18n import error_text, set_language, t
from jq_console.store import engine as store_engine
from jq_console.store import errors
from jq_console.store.engine import make_engine, read, write
from jq_console.store.errors import StoreError, classify
from jq_console.store.schema import create_schema


@pytest.fixture(autouse=True)
def spanish_afterwards() -> Iterator[None]:
    yield
    set_language("es")


def _raised(attempt: Any) -> StoreError:
    with pytest.raises(StoreError) as caught:
        attempt()
    return caught.value


# ---- SQLite, real files ------------------------------------------------------------------------


def _sqlite(tmp_path: Path, runtime: Runtime) -> tuple[Path, Engine]:
    path = tmp_path / "store.sqlite"
    engine = make_engine(str(path))
    create_schema(engine, runtime.policy)
    return path, engine


def test_a_file_locked_by_another_connection_is_busy_and_retried(
    tmp_path: Path, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, engine = _sqlite(tmp_path, runtime)
    engine.dispose()
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 1)  # SQLite's own wait, so the test does not sit in it
    engine = make_engine(str(path))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    pauses: list[float] = []

    def pause(seconds: float) -> None:  # the lock is released during the first pause
        pauses.append(seconds)
        holder.execute("COMMIT")

    monkeypatch.setattr("jq_console.store.engine.time.sleep", pause)
    write(
        engine, lambda c: c.execute(text("INSERT INTO partner (name, specialty, phone, email) VALUES ('a','','','')"))
    )
    assert len(pauses) == 1  # refused once with SQLITE_BUSY, then written
    assert read(engine, lambda c: c.execute(text("SELECT count(*) FROM partner")).scalar()) == 1

    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(store_engine, "WRITE_ATTEMPTS", 2)
    monkeypatch.setattr("jq_console.store.engine.time.sleep", pauses.append)
    busy = _raised(lambda: write(engine, lambda c: c.execute(text("DELETE FROM partner"))))
    holder.execute("ROLLBACK")
    holder.close()
    assert (busy.code, busy.driver_code, busy.retryable) == (errors.BUSY, "SQLITE_BUSY", True)
    engine.dispose()


def test_a_read_only_file_refuses_writes_as_readonly(tmp_path: Path, runtime: Runtime) -> None:
    path, writer = _sqlite(tmp_path, runtime)
    writer.dispose()
    reader = make_engine(str(path), readonly=True)
    refused = _raised(lambda: write(reader, lambda c: c.execute(text("DELETE FROM partner"))))
    assert (refused.code, refused.driver_code, refused.retryable) == (errors.READONLY, "SQLITE_READONLY", False)
    reader.dispose()


def test_a_garbage_file_is_told_as_damaged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database, just bytes " * 400)
    engine = make_engine(str(garbage))
    damaged = _raised(lambda: read(engine, lambda c: c.execute(text("SELECT 1")).scalar()))
    engine.dispose()
    assert (damaged.code, damaged.driver_code) == (errors.DAMAGED, "SQLITE_NOTADB")
    assert main(["--lang", "en", "cases", "--db", str(garbage)]) == 2
    assert capsys.readouterr().err.strip() == f"jq-console: {t(errors.DAMAGED)}"
    assert "damaged" in t(errors.DAMAGED)


def unopenable(tmp_path: Path) -> Engine:
    """An engine on a name SQLite cannot open: a folder, put there after the engine was made (made
    on a folder, the engine itself refuses it: `err.store.not_a_file`)."""
    engine = make_engine(str(tmp_path / "x.sqlite"))
    (tmp_path / "x.sqlite").mkdir()
    return engine


def test_a_file_that_cannot_be_opened_is_told_so(tmp_path: Path) -> None:
    engine = unopenable(tmp_path)
    refused = _raised(lambda: read(engine, lambda c: c.execute(text("SELECT 1")).scalar()))
    assert (refused.code, refused.driver_code) == (errors.UNABLE_OPEN, "SQLITE_CANTOPEN")


def test_the_driver_s_words_are_never_what_decides() -> None:
    """Messages that name the wrong problem (as a translated or reworded one might) are ignored:
    only the code counts."""
    readonly = sqlite3.OperationalError("database is locked: could not serialize, deadlock")
    readonly.sqlite_errorcode = 8
    readonly.sqlite_errorname = "SQLITE_READONLY"
    assert classify(OperationalError("UPDATE x", {}, readonly)).code == errors.READONLY

    class ServerError(Exception):
        sqlstate = "40001"

    assert classify(DBAPIError("UPDATE x", {}, ServerError("la base de datos es de solo lectura"))).code == errors.BUSY
    assert classify(DBAPIError("UPDATE x", {}, Exception("database is locked"))).code == errors.OTHER


# ---- PostgreSQL, a real server ------------------------------------------------------------------


def _pg(url: str) -> Engine:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)"))
        connection.execute(text("INSERT INTO counter VALUES (1, 0), (2, 0)"))
    return engine


def _pg_error(work: Any) -> StoreError:
    with pytest.raises(DBAPIError) as caught:
        work()
    return classify(caught.value)


def test_postgres_serialization_failure_is_busy_and_write_retries_it(postgres_url: str) -> None:
    _pg(postgres_url).dispose()
    engine = make_engine(postgres_url)
    other = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    attempts: list[int] = []

    def bump(connection: Connection) -> int:
        attempts.append(1)
        n = int(connection.execute(text("SELECT n FROM counter WHERE id = 1")).scalar_one())
        if len(attempts) == 1:  # another session commits a change after this snapshot was taken
            with other.connect() as meanwhile:
                meanwhile.execute(text("UPDATE counter SET n = n + 10 WHERE id = 1"))
        connection.execute(text("UPDATE counter SET n = :n WHERE id = 1"), {"n": n + 1})
        return n + 1

    assert write(engine, bump) == 11  # the first attempt was refused with 40001 and run again
    assert len(attempts) == 2

    with engine.connect() as first, engine.connect() as second:
        first = first.execution_options(isolation_level="SERIALIZABLE")
        second = second.execution_options(isolation_level="SERIALIZABLE")
        first.begin()
        second.begin()
        first.execute(text("SELECT n FROM counter WHERE id = 2")).scalar_one()
        second.execute(text("SELECT n FROM counter WHERE id = 2")).scalar_one()
        first.execute(text("UPDATE counter SET n = 1 WHERE id = 2"))
        first.commit()
        failure = _pg_error(lambda: second.execute(text("UPDATE counter SET n = 2 WHERE id = 2")))
        second.rollback()
    assert (failure.code, failure.driver_code, failure.retryable) == (errors.BUSY, "40001", True)
    other.dispose()
    engine.dispose()


def test_postgres_lock_not_available_and_cancelled_statement(postgres_url: str) -> None:
    engine = _pg(postgres_url)
    with engine.connect() as holder, engine.connect() as waiter:
        holder.execute(text("BEGIN"))
        holder.execute(text("UPDATE counter SET n = 1 WHERE id = 1"))
        locked = _pg_error(lambda: waiter.execute(text("SELECT n FROM counter WHERE id = 1 FOR UPDATE NOWAIT")))
        holder.execute(text("ROLLBACK"))
        waiter.execute(text("SET statement_timeout = 1"))
        cancelled = _pg_error(lambda: waiter.execute(text("SELECT pg_sleep(5)")))
    assert (locked.code, locked.driver_code) == (errors.BUSY, "55P03")
    assert (cancelled.code, cancelled.driver_code, cancelled.retryable) == (errors.CANCELLED, "57014", False)
    engine.dispose()


def test_postgres_deadlock_is_busy(postgres_url: str) -> None:
    engine = _pg(postgres_url)
    with engine.connect() as a, engine.connect() as b:
        a.execute(text("BEGIN"))
        b.execute(text("BEGIN"))
        a.execute(text("UPDATE counter SET n = 1 WHERE id = 1"))
        b.execute(text("UPDATE counter SET n = 1 WHERE id = 2"))
        outcome: dict[str, BaseException | None] = {}

        def cross() -> None:  # waits for b's row; the server breaks the cycle by failing one side
            try:
                a.execute(text("UPDATE counter SET n = 2 WHERE id = 2"))
                outcome["a"] = None
            except DBAPIError as error:
                outcome["a"] = error

        side = threading.Thread(target=cross)
        side.start()
        try:
            b.execute(text("UPDATE counter SET n = 2 WHERE id = 1"))
            outcome["b"] = None
        except DBAPIError as error:
            outcome["b"] = error
        b.execute(text("ROLLBACK"))
        side.join()
        a.execute(text("ROLLBACK"))
    failed = [error for error in outcome.values() if isinstance(error, DBAPIError)]
    assert len(failed) == 1
    deadlock = classify(failed[0])
    assert (deadlock.code, deadlock.driver_code, deadlock.retryable) == (errors.BUSY, "40P01", True)
    engine.dispose()


def test_postgres_read_only_session_and_missing_tables(postgres_url: str) -> None:
    empty = make_engine(postgres_url)
    missing = _raised(lambda: read(empty, lambda c: c.execute(text('SELECT count(*) FROM "case"')).scalar()))
    assert (missing.code, missing.driver_code) == (errors.NOT_INITIALIZED, "42P01")
    empty.dispose()
    _pg(postgres_url).dispose()
    reader = make_engine(postgres_url, readonly=True)
    refused = _raised(lambda: write(reader, lambda c: c.execute(text("DELETE FROM counter"))))
    assert (refused.code, refused.driver_code) == (errors.READONLY, "25006")
    reader.dispose()


def test_postgres_unreachable_server_is_told_with_the_driver_detail(postgres_url: str) -> None:
    from sqlalchemy import make_url

    nowhere = make_url(postgres_url).set(host="127.0.0.1", port=1).render_as_string(hide_password=False)
    engine = make_engine(nowhere)
    refused = _raised(lambda: read(engine, lambda c: c.execute(text("SELECT 1")).scalar()))
    assert refused.code == errors.PG_CONNECT and refused.driver_code is None
    assert refused.params["detail"] and refused.params["detail"] in error_text(refused)
    engine.dispose()


# ---- told at the edge ---------------------------------------------------------------------------


def test_the_sentence_follows_the_language_at_render_time_not_at_raise_time(tmp_path: Path) -> None:
    set_language("es")
    engine = unopenable(tmp_path)
    raised_in_spanish = _raised(lambda: read(engine, lambda c: c.execute(text("SELECT 1")).scalar()))
    set_language("en")
    raised_in_english = StoreError(errors.BUSY)
    assert str(raised_in_spanish) == errors.UNABLE_OPEN  # no sentence inside the error
    assert error_text(raised_in_spanish) == "cannot open the database: check the path (--db) and its permissions"
    set_language("es")
    assert error_text(raised_in_english) == "la base de datos está ocupada; intente de nuevo en unos segundos"
    assert error_text(raised_in_spanish) == t(errors.UNABLE_OPEN) != errors.UNABLE_OPEN


def test_every_store_code_has_both_sentences() -> None:
    from jq_console.i18n.catalog import CATALOG

    codes = {value for name, value in vars(errors).items() if name.isupper() and isinstance(value, str)}
    assert codes and all(code in CATALOG["es"] and code in CATALOG["en"] for code in codes)
