"""The store behaves the same on SQLite and PostgreSQL: registration, compare-and-set between
real processes, append-only history, read-only engines and the change signal."""

from __future__ import annotations

import multiprocessing
from typing import Any

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from store_backends import postgres_url, register_case, seed_client, store, store_url  # noqa: F401

from jq_console.bootstrap import Runtime
from jq_console.domain import lifecycle
from jq_console.domain.cases import Refused
from jq_console.store import cases as case_store
from jq_console.store import moves
from jq_console.store.changes import ChangeWatcher
from jq_console.store.engine import make_engine, read, write
from jq_console.store.errors import StoreError
from jq_console.store.tables import CaseEvent, CaseRow, Partner

TAKERS = 20


def test_register_case_and_history(store: Engine, runtime: Runtime) -> None:
    client_id, contact_id = seed_client(store)
    first = register_case(store, runtime, client_id, contact_id, "Primero")
    second = register_case(store, runtime, client_id, contact_id, "Segundo")
    assert (first, second) == ("JQ-2026-00001", "JQ-2026-00002")
    case = case_store.get_case(store, first)
    assert case is not None and case.title == "Primero" and case.status == "new" and case.version == 1
    events = case_store.history(store, case.id)
    assert [event.kind for event in events] == ["open"]
    assert events[0].after["severity"] == "S2"
    assert case_store.codes(case_store.open_cases(store)) == [first, second]


def _take(url: str, runtime: Runtime, code: str, agent: str, barrier: Any, results: Any) -> None:
    engine = make_engine(url)
    try:
        seen = case_store.get_case(engine, code)  # the queue's copy, version 1, read before the race
        assert seen is not None and seen.version == 1
        barrier.wait(timeout=60)
        moves.apply_seen(engine, runtime, seen, agent, lambda case: lifecycle.take(case, agent, runtime.now()))
        results.put(("won", agent))
    except Refused as refusal:
        results.put(("refused", refusal.code))
    except Exception as error:  # noqa: BLE001  (any other outcome is a failure the parent reports)
        results.put(("error", f"{type(error).__name__}: {error}"))
    finally:
        engine.dispose()


@pytest.mark.slow
def test_twenty_processes_take_one_case_exactly_one_wins(store: Engine, store_url: str, runtime: Runtime) -> None:
    client_id, contact_id = seed_client(store)
    code = register_case(store, runtime, client_id, contact_id)
    store.dispose()  # no pooled connection may cross the fork
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(TAKERS), context.Queue()
    workers = [
        context.Process(target=_take, args=(store_url, runtime, code, f"agente{n}", barrier, results))
        for n in range(TAKERS)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert [o for o in outcomes if o[0] == "error"] == []
    winners = [agent for kind, agent in outcomes if kind == "won"]
    assert len(winners) == 1
    assert all(o[1] in ("case_changed", "already_taken") for o in outcomes if o[0] == "refused")
    case = case_store.get_case(store, code)
    assert case is not None and case.agent == winners[0] and case.version == 2
    assert [event.kind for event in case_store.history(store, case.id)] == ["open", "take"]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE case_event SET note = 'reescrito'",
        "DELETE FROM case_event",
    ],
)
def test_history_is_append_only(store: Engine, runtime: Runtime, statement: str) -> None:
    client_id, contact_id = seed_client(store)
    register_case(store, runtime, client_id, contact_id)
    with pytest.raises(IntegrityError, match="append-only"):
        write(store, lambda connection: connection.execute(text(statement)))
    assert read(store, lambda c: c.execute(select(func.count()).select_from(CaseEvent)).scalar()) == 1
    assert read(store, lambda c: c.execute(select(CaseEvent.c.note)).scalar()) == ""


def test_time_entries_are_append_only(store: Engine, runtime: Runtime) -> None:
    client_id, contact_id = seed_client(store)
    code = register_case(store, runtime, client_id, contact_id)
    case = case_store.get_case(store, code)
    assert case is not None
    write(
        store,
        lambda c: c.execute(
            text(
                "INSERT INTO time_entry (case_id, agent, started_at, minutes, note, created_at) "
                "VALUES (:case, 'ana', 0, 30, '', 0)"
            ),
            {"case": case.id},
        ),
    )
    for statement in ("UPDATE time_entry SET minutes = 1", "DELETE FROM time_entry"):
        with pytest.raises(IntegrityError, match="append-only"):
            write(store, lambda connection: connection.execute(text(statement)))


def test_readonly_engine_reads_but_cannot_write(store: Engine, store_url: str, runtime: Runtime) -> None:
    client_id, contact_id = seed_client(store)
    code = register_case(store, runtime, client_id, contact_id)
    readonly = make_engine(store_url, readonly=True)
    try:
        assert case_store.codes(case_store.open_cases(readonly)) == [code]
        with pytest.raises(StoreError, match=r"^err\.store\.readonly$"):
            moves.apply(readonly, runtime, code, "ana", lambda case: lifecycle.take(case, "ana", runtime.now()))
        seen = case_store.get_case(readonly, code)
        assert seen is not None
        with pytest.raises(StoreError, match=r"^err\.store\.readonly$"):  # the one-statement move too
            moves.apply_seen(readonly, runtime, seen, "ana", lambda case: lifecycle.take(case, "ana", runtime.now()))
        with pytest.raises(StoreError, match=r"^err\.store\.readonly$"):
            write(readonly, lambda c: c.execute(text("DELETE FROM partner")))
        with pytest.raises(StoreError, match=r"^err\.store\.readonly$"):
            register_case(readonly, runtime, client_id, contact_id)
    finally:
        readonly.dispose()
    case = case_store.get_case(store, code)
    assert case is not None and case.agent is None and case.version == 1
    assert case_store.count_cases(store) == 1


def test_readonly_postgres_session_is_read_only_on_the_server(postgres_url: str, runtime: Runtime) -> None:
    from jq_console.store.schema import create_schema

    create_schema(make_engine(postgres_url), runtime.policy)
    readonly = make_engine(postgres_url, readonly=True)
    try:
        with readonly.connect() as connection:
            assert connection.exec_driver_sql("SHOW default_transaction_read_only").scalar() == "on"
            assert connection.exec_driver_sql("SHOW transaction_read_only").scalar() == "on"
    finally:
        readonly.dispose()


def test_change_watcher_moves_only_on_change(store: Engine, store_url: str, runtime: Runtime) -> None:
    client_id, contact_id = seed_client(store)
    code = register_case(store, runtime, client_id, contact_id)
    readonly = make_engine(store_url, readonly=True)  # the dashboard watches through a read-only engine
    watcher = ChangeWatcher(readonly)
    first_copy = case_store.get_case(store, code)
    assert first_copy is not None
    try:
        assert watcher.changed() is True  # the first poll always loads
        assert watcher.changed() is False
        case_store.open_cases(readonly)  # reading is not a change
        assert watcher.changed() is False
        moves.apply(store, runtime, code, "ana", lambda case: lifecycle.take(case, "ana", runtime.now()))
        assert watcher.changed() is True
        assert watcher.changed() is False
        register_case(store, runtime, client_id, contact_id, "Otro")
        assert watcher.changed() is True
        assert watcher.changed() is False
        # A write that fails and rolls back is not a change either.
        with pytest.raises(Refused):
            moves.apply_seen(
                store, runtime, first_copy, "luis", lambda case: lifecycle.take(case, "luis", runtime.now())
            )
        assert watcher.changed() is False
    finally:
        watcher.close()
        readonly.dispose()


def test_postgres_watcher_ignores_tables_the_queue_does_not_show(postgres_url: str, runtime: Runtime) -> None:
    from jq_console.store.schema import create_schema

    engine = make_engine(postgres_url)
    create_schema(engine, runtime.policy)
    watcher = ChangeWatcher(engine)
    try:
        assert watcher.changed() is True
        write(
            engine,
            lambda c: c.execute(insert(Partner).values(name="Redes SAS", specialty="redes", phone="", email="")),
        )
        assert watcher.changed() is False
        write(engine, lambda c: c.execute(text("UPDATE agent SET name = name")))  # no row: no change
        assert watcher.changed() is False
        write(
            engine,
            lambda c: c.execute(
                text(
                    "INSERT INTO agent (login, name, role, active, availability) "
                    "VALUES ('ana', 'Ana', 'agent', true, 'available')"
                )
            ),
        )
        assert watcher.changed() is True
        write(engine, lambda c: c.execute(text("UPDATE agent SET name = name")))  # a row of a watched table
        assert watcher.changed() is True
    finally:
        watcher.close()
        engine.dispose()


def test_case_codes_stay_unique_under_concurrent_registration(store: Engine, store_url: str, runtime: Runtime) -> None:
    client_id, contact_id = seed_client(store)
    store.dispose()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [
        context.Process(target=_register, args=(store_url, runtime, client_id, contact_id, results)) for _ in range(8)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    codes = [code for _, batch in outcomes for code in batch]
    assert len(codes) == len(set(codes)) == 8 * 5
    assert read(store, lambda c: c.execute(select(func.max(CaseRow.c.code))).scalar()) == "JQ-2026-00040"


def _register(url: str, runtime: Runtime, client_id: int, contact_id: int, results: Any) -> None:
    engine = make_engine(url)
    try:
        results.put(("ok", [register_case(engine, runtime, client_id, contact_id) for _ in range(5)]))
    except Exception as error:  # noqa: BLE001
        results.put(("error", f"{type(error).__name__}: {error}"))
    finally:
        engine.dispose()


def test_unreachable_postgres_is_one_clear_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    from jq_console.cli import main

    assert main(["cases", "--db", "postgresql+psycopg://jq@127.0.0.1:1/nada"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("jq-console: no se puede conectar con el servidor PostgreSQL") and "Traceback" not in error


def test_a_read_sees_one_snapshot_while_others_commit(store: Engine, store_url: str, runtime: Runtime) -> None:
    client_id, contact_id = seed_client(store)
    register_case(store, runtime, client_id, contact_id)
    other = make_engine(store_url)

    def work(connection: Any) -> tuple[int, int]:
        first = connection.execute(select(func.count()).select_from(CaseRow)).scalar()
        register_case(other, runtime, client_id, contact_id, "Mientras tanto")  # commits in between
        second = connection.execute(select(func.count()).select_from(CaseRow)).scalar()
        return first, second

    try:
        assert read(store, work) == (1, 1)
        assert case_store.count_cases(store) == 2
    finally:
        other.dispose()
