"""Storing moves on both engines: a move on the copy the agent saw is stored with its history line,
and a move on a stale copy, or one the policy refuses, writes nothing at all."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Engine
from store_backends import postgres_url, register_case, seed_client, store, store_url  # noqa: F401

from jq_console.bootstrap import Runtime
from jq_console.domain import lifecycle
from jq_console.domain.cases import Refused
from jq_console.store import cases as case_store
from jq_console.store import moves
from jq_console.store.engine import read
from jq_console.store.tables import CaseEvent


def _events(engine: Engine) -> list[tuple[str, str]]:
    return read(
        engine,
        lambda c: [
            (row.kind, row.actor)
            for row in c.execute(select(CaseEvent.c.kind, CaseEvent.c.actor).order_by(CaseEvent.c.id))
        ],
    )


def test_a_move_on_the_seen_copy_is_stored_with_its_history_line(store: Engine, runtime: Runtime) -> None:
    code = register_case(store, runtime, *seed_client(store))
    seen = case_store.get_case(store, code)
    assert seen is not None
    taken = moves.apply_seen(store, runtime, seen, "ana", lambda case: lifecycle.take(case, "ana", runtime.now()))
    assert taken == case_store.get_case(store, code)  # what the screen gets back is what is stored
    assert (taken.agent, taken.status, taken.version) == ("ana", "assigned", 2)
    started = moves.apply_seen(store, runtime, taken, "ana", lifecycle.start)
    assert started == case_store.get_case(store, code) and started.version == 3
    assert _events(store) == [("open", "tester"), ("take", "ana"), ("start", "ana")]


def test_a_stale_copy_is_refused_and_nothing_is_written(store: Engine, runtime: Runtime) -> None:
    code = register_case(store, runtime, *seed_client(store))
    stale = case_store.get_case(store, code)
    assert stale is not None
    moves.apply(store, runtime, code, "luis", lambda case: lifecycle.take(case, "luis", runtime.now()))
    before = case_store.get_case(store, code)
    with pytest.raises(Refused) as refusal:
        moves.apply_seen(store, runtime, stale, "ana", lambda case: lifecycle.take(case, "ana", runtime.now()))
    assert refusal.value.code == "case_changed"
    assert case_store.get_case(store, code) == before
    assert _events(store) == [("open", "tester"), ("take", "luis")]


def test_a_move_the_policy_refuses_writes_nothing(store: Engine, runtime: Runtime) -> None:
    code = register_case(store, runtime, *seed_client(store))
    seen = case_store.get_case(store, code)
    assert seen is not None
    with pytest.raises(Refused):
        moves.apply_seen(store, runtime, seen, "ana", lifecycle.start)  # nobody has taken it yet
    assert case_store.get_case(store, code) == seen
    assert read(store, lambda c: c.execute(select(func.count()).select_from(CaseEvent)).scalar()) == 1


def test_an_unknown_code_is_refused_by_name(store: Engine, runtime: Runtime) -> None:
    with pytest.raises(Refused) as refusal:
        moves.apply(store, runtime, "JQ-2026-99999", "ana", lifecycle.start)
    assert refusal.value.code == "case_not_found"


def test_postgres_change_triggers_fire_per_written_row(postgres_url: str, runtime: Runtime) -> None:
    from jq_console.store.engine import make_engine
    from jq_console.store.schema import create_schema

    engine = make_engine(postgres_url)
    create_schema(engine, runtime.policy)
    # tgtype bit 0 is TRIGGER_TYPE_ROW: a refused move (a statement that writes no row) is silent.
    per_row: dict[str, bool] = read(
        engine,
        lambda c: dict(
            c.execute(text("SELECT tgname, (tgtype & 1) = 1 FROM pg_trigger WHERE tgname LIKE '%notify_change'")).all()
        ),
    )
    engine.dispose()
    watched = ["case", "case_event", "time_entry", "agent", "policy_version", "case_entry", "client"]
    watched += ["mail_message", "work_timer"]  # 0019: a client's e-mail, an agent's timer
    assert per_row == {f"{table}_notify_change": True for table in watched}


def test_postgres_connection_used_for_a_one_statement_move_goes_back_to_transactions(
    postgres_url: str, runtime: Runtime
) -> None:
    """The move borrows a pooled connection in autocommit; whoever borrows it next must again get
    transactions, or its statements would commit one by one and a rollback would undo nothing."""
    from jq_console.store.engine import make_engine, write
    from jq_console.store.schema import create_schema
    from jq_console.store.tables import Partner

    engine = make_engine(postgres_url)
    try:
        create_schema(engine, runtime.policy)
        code = register_case(engine, runtime, *seed_client(engine))
        seen = case_store.get_case(engine, code)
        assert seen is not None
        moves.apply_seen(engine, runtime, seen, "ana", lambda case: lifecycle.take(case, "ana", runtime.now()))
        assert engine.pool.checkedin()  # type: ignore[attr-defined]  # QueuePool's own counter == 1  # sequential work: the next write reuses the move's connection

        with engine.connect() as connection:  # borrowed plainly, without execution options
            dbapi = connection.connection.dbapi_connection
            assert dbapi is not None and dbapi.autocommit is False
            transaction = connection.begin()
            connection.execute(insert(Partner).values(name="Redes SAS", specialty="redes", phone="", email=""))
            transaction.rollback()
        assert read(engine, lambda c: c.execute(select(func.count()).select_from(Partner)).scalar()) == 0
        assert write(engine, lambda c: c.execute(text("SHOW transaction_isolation")).scalar()) == "serializable"
    finally:
        engine.dispose()
