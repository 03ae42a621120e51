"""The history cannot be rewritten unnoticed: REPLACE and TRUNCATE are refused, every event and
time entry is chained by a sha256, and `jq-console audit` (a real process, both engines) reports a
row changed or removed by someone with raw write access, a missing trigger and damaged storage."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from office_support import cli, make_office, runtime
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from store_backends import postgres_url, store_url  # noqa: F401

from jq_console.domain import lifecycle
from jq_console.store import migrations
from jq_console.store.audit import audit
from jq_console.store.engine import make_engine, write
from jq_console.store.moves import apply
from jq_console.store.time_entries import log_work

NOW = 1_796_000_000.0


def raw(url: str) -> Engine:
    """Someone with the database's password or the file's write permission, bypassing the program."""
    if "://" not in url:
        url = f"sqlite:///{url}"
    return create_engine(url, isolation_level="AUTOCOMMIT")


def sql(url: str, *statements: str) -> None:
    engine = raw(url)
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


@pytest.fixture
def office(store_url: str) -> Iterator[tuple[str, list[str]]]:
    """An office with three cases, two taken, and two time entries (one corrected)."""
    codes = make_office(store_url, cases=3, opened=NOW - 3600)
    engine = make_engine(store_url)
    rt = runtime()
    for code in codes[:2]:
        apply(engine, rt, code, "a01", lambda case: lifecycle.take(case, "a01", NOW))
    first = log_work(engine, codes[0], "a01", NOW, 45, "Revisión", NOW)
    log_work(engine, codes[0], "a01", NOW, -15, "Sobraba", NOW + 60, corrects_id=first.id)
    engine.dispose()
    yield store_url, codes


def event_note(url: str, event_id: int) -> str:
    engine = raw(url)
    with engine.connect() as connection:
        note = connection.execute(text("SELECT note FROM case_event WHERE id = :id"), {"id": event_id}).scalar_one()
    engine.dispose()
    return str(note)


def test_replace_or_upsert_over_an_event_or_entry_is_refused(office: tuple[str, list[str]]) -> None:
    url, _ = office
    sqlite = "://" not in url
    before = event_note(url, 1)
    for table, columns, values in (
        ("case_event", "id, case_id, at, actor, kind, before, after, note", "1, 1, 0, 'x', 'open', '{}', '{}', 'r'"),
        ("time_entry", "id, case_id, agent, started_at, minutes, note, created_at", "1, 1, 'x', 0, 999, 'n', 0"),
    ):
        if sqlite:
            statement = f"INSERT OR REPLACE INTO {table} ({columns}) VALUES ({values})"
        else:
            statement = f"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT (id) DO UPDATE SET note = 'r'"
        with pytest.raises(DBAPIError, match="append-only"):
            sql(url, statement)
    assert event_note(url, 1) == before
    assert audit(make_engine(url)).ok


def test_truncate_is_refused_on_postgresql(postgres_url: str) -> None:
    make_office(postgres_url, cases=1)
    for table in ("case_event", "time_entry"):
        with pytest.raises(DBAPIError, match="append-only"):
            sql(postgres_url, f"TRUNCATE {table} CASCADE")
    engine = raw(postgres_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM case_event")).scalar_one() == 1
    engine.dispose()


def _drop_protection(url: str, table: str) -> str:
    """Drop (SQLite) or disable (PostgreSQL) the trigger that forbids updates; returns its name."""
    if "://" not in url:
        sql(url, f"DROP TRIGGER {table}_no_update")
        return f"{table}_no_update"
    sql(url, f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
    return f"{table}_append_only"


def test_audit_says_all_good_then_names_a_hand_edited_event(office: tuple[str, list[str]]) -> None:
    url, _ = office
    good = cli("audit", "--db", url)
    assert good.returncode == 0, good.stderr
    assert len(good.stdout.splitlines()) == 1 and "todo bien" in good.stdout

    trigger = _drop_protection(url, "case_event")
    sql(url, "UPDATE case_event SET note = 'nunca pasó' WHERE id = 2")
    found = cli("audit", "--db", url)
    assert found.returncode == 1
    assert "case_event fila 2" in found.stdout and trigger in found.stdout
    assert "case_event fila 1" not in found.stdout and "case_event fila 3" not in found.stdout

    repaired = cli("upgrade", "--db", url)
    assert repaired.returncode == 0 and trigger in repaired.stdout  # the trigger is back ...
    with pytest.raises(DBAPIError, match="append-only"):
        sql(url, "UPDATE case_event SET note = 'otra vez' WHERE id = 3")
    again = cli("audit", "--db", url)
    assert again.returncode == 1 and "case_event fila 2" in again.stdout  # ... the edit is still reported
    assert trigger not in again.stdout


def test_audit_notices_rows_removed_from_the_middle_and_from_the_end(office: tuple[str, list[str]]) -> None:
    url, _ = office
    if "://" not in url:
        sql(url, "DROP TRIGGER time_entry_no_delete", "DROP TRIGGER case_event_no_delete")
    else:
        sql(url, "ALTER TABLE time_entry DISABLE TRIGGER USER", "ALTER TABLE case_event DISABLE TRIGGER USER")
    sql(url, "DELETE FROM time_entry WHERE id = 2")  # the last entry: only the head can tell
    sql(url, "DELETE FROM case_event WHERE id = 2")  # a middle event: the next link breaks
    found = cli("audit", "--db", url, "--lang", "en")
    assert found.returncode == 1
    assert "time_entry: the end of the table (1 rows) does not match the chain head (2 rows)" in found.stdout
    assert "case_event row 3" in found.stdout


def test_a_forged_row_with_a_made_up_hash_is_reported(office: tuple[str, list[str]]) -> None:
    url, _ = office
    sql(
        url,
        "INSERT INTO time_entry (case_id, agent, started_at, minutes, note, created_at, chain_hash) "
        f"VALUES (1, 'a01', {NOW}, 600, 'horas inventadas', {NOW}, '{'a' * 64}')",
    )
    found = cli("audit", "--db", url, "--lang", "en")
    assert found.returncode == 1 and "time_entry row 3" in found.stdout


def test_concurrent_writers_keep_one_unbroken_chain(store_url: str) -> None:
    """Moves of different cases and time entries from several threads at once: the chain head's lock
    makes them take turns, so the chain follows the ids with no fork."""
    codes = make_office(store_url, agents=4, cases=12, opened=NOW - 3600)
    engine = make_engine(store_url)
    rt = runtime()
    errors: list[BaseException] = []

    def worker(agent: str, mine: list[str]) -> None:
        try:
            for code in mine:
                apply(engine, rt, code, agent, lambda case: lifecycle.take(case, agent, NOW))
                log_work(engine, code, agent, NOW, 30, "trabajo", NOW)
        except BaseException as error:  # noqa: BLE001 - handed to the test thread below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(f"a0{n + 1}", codes[n::4])) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = audit(engine)
    assert report.ok, report.problems
    assert report.events == 12 * 3 and report.entries == 12  # opened, taken, time logged; one entry each
    engine.dispose()


def test_rows_stored_before_the_chain_get_it_from_the_migration(store_url: str) -> None:
    engine = make_engine(store_url)
    write(engine, lambda connection: migrations.upgrade(connection, "0002"))
    sql(
        store_url,
        "INSERT INTO client (nit, name, service, level, uc, up_to_date) VALUES ('1-1', 'C', 'contractual', NULL, 1, "
        "true)",
        'INSERT INTO "case" (code, client_id, title, description, severity, category, channel, scope, '
        "justification, service, status, verification, opened_at, assignment_due, is_open, sev_rank, service_rank, "
        "version) VALUES ('JQ-2026-00001', 1, 't', '', 'S2', 'fault', 'form', 'server', '', 'contractual', 'new', "
        "'valid', 1, 2, true, 1, 1, 1)",
        "INSERT INTO case_event (case_id, at, actor, kind, before, after, note) VALUES (1, 1, 'a', 'open', '{}', "
        "'{}', 'uno')",
        "INSERT INTO case_event (case_id, at, actor, kind, before, after, note) VALUES (1, 2.5, 'a', 'take', '{}', "
        "'{}', 'dos')",
    )
    write(engine, lambda connection: migrations.upgrade(connection))
    report = audit(engine)
    assert report.ok and report.events == 2, report.problems
    engine.dispose()


def garble(path: Path) -> None:
    """Overwrite the middle of the file (its table pages) with junk, leaving the header readable."""
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):
        data[offset + 8 : offset + 200] = bytes(range(192))
    path.write_bytes(bytes(data))


def test_upgrade_init_and_audit_refuse_a_file_with_garbled_pages(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    make_office(db, cases=20)
    garble(db)
    damaged = db.read_bytes()
    for command in ("upgrade", "init"):
        result = cli(command, "--db", str(db))
        assert result.returncode != 0, (command, result.stdout)
        assert "al día" not in result.stdout and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == damaged
    result = cli("audit", "--db", str(db))
    assert result.returncode != 0 and "Traceback" not in result.stderr
