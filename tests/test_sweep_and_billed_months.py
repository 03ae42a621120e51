"""`sweep` and billed months in the store and the application layer, on SQLite and PostgreSQL:
an overdue verification is invalidated and a long-resolved case closed, each with a history line,
once; only the service user or a supervisor may sweep; a closed month takes no more time."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import epoch
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from store_backends import postgres_url, register_case, seed_client, store, store_url  # noqa: F401

from jq_console.application import cases
from jq_console.application import work as work_log
from jq_console.application.sweep import run_sweep
from jq_console.bootstrap import DEFAULT_POLICY, Runtime, load_runtime
from jq_console.domain.cases import Refused
from jq_console.domain.rules import Registration, evaluate
from jq_console.store import cases as case_store
from jq_console.store import directory
from jq_console.store.cases import NewCase, register
from jq_console.store.time_entries import entries_of

SERVICE = "jqsvc"


class Hand:
    def __init__(self, start: str) -> None:
        self.at = epoch(start)

    def __call__(self) -> float:
        return self.at

    def to(self, moment: str) -> None:
        self.at = epoch(moment)


@pytest.fixture
def hand() -> Hand:
    return Hand("2026-12-07T15:00")  # Monday


@pytest.fixture
def rt(hand: Hand) -> Runtime:
    return load_runtime(str(DEFAULT_POLICY), clock=hand)


def people(engine: Engine) -> None:
    directory.add_agent(engine, "sup", "Supervisora", "supervisor")
    directory.add_agent(engine, "a01", "Agente", "agent")


def pending_case(engine: Engine, rt: Runtime, client_id: int) -> str:
    """A form case reported by a contact who is not the USR: pending verification."""
    other = directory.add_contact(engine, client_id, "Pedro Otro", "other", "3100000000", "pedro@ferreteria.co")
    verdict = evaluate(rt.policy, Registration("subscription", 4, True, "other", "form", "S2", "fault"))
    new = NewCase(client_id, other, "Sin verificar", "", "S2", "fault", "form")
    return register(engine, rt, new, verdict, "sup").code


def history_kinds(engine: Engine, code: str) -> list[tuple[str, str, str]]:
    case = case_store.get_case(engine, code)
    assert case is not None
    return [(event.kind, event.actor, event.note) for event in case_store.history(engine, case.id)]


def test_sweep_invalidates_overdue_verifications_and_closes_old_resolutions_once(
    store: Engine,
    rt: Runtime,
    hand: Hand,
) -> None:
    people(store)
    client_id, usr = seed_client(store)
    pending = pending_case(store, rt, client_id)
    resolved = register_case(store, rt, client_id, usr, "Resuelto")
    cases.take(store, rt, "a01", resolved)
    cases.resolve(store, rt, "a01", resolved, "listo")
    hand.to("2026-12-09T16:00")  # the verification's very deadline (8 regular hours, Tue a holiday)
    assert run_sweep(store, rt, "sup", None).invalidated == []
    hand.to("2026-12-09T16:01")
    report = run_sweep(store, rt, "sup", None)
    assert report.invalidated == [pending] and report.closed == [] and report.skipped == []
    after = case_store.get_case(store, pending)
    assert after is not None and (after.status, after.verification) == ("invalid", "invalid")
    assert history_kinds(store, pending)[-1] == (
        "invalidate",
        "sup",
        "no verificado por el USR dentro del plazo de la política",
    )
    # resolved Mon 15:00: Wed, Thu, Fri, Mon 14, Tue 15 are the five business days
    hand.to("2026-12-15T15:00")
    assert run_sweep(store, rt, SERVICE, SERVICE).closed == []
    hand.to("2026-12-15T15:01")
    report = run_sweep(store, rt, SERVICE, SERVICE)  # cron, as the service user
    assert report.closed == [resolved] and report.invalidated == []
    closed = case_store.get_case(store, resolved)
    assert closed is not None and closed.status == "closed" and closed.closed_at == epoch("2026-12-15T15:01")
    assert history_kinds(store, resolved)[-1] == (
        "close",
        SERVICE,
        "cerrado automáticamente: resuelto hace más de 5 días hábiles",
    )
    again = run_sweep(store, rt, SERVICE, SERVICE)
    assert (again.invalidated, again.closed, again.skipped) == ([], [], [])
    assert len(history_kinds(store, resolved)) == 4  # open, take, resolve, close: nothing twice


def test_a_verified_case_is_not_swept(store: Engine, rt: Runtime, hand: Hand) -> None:
    people(store)
    client_id, _usr = seed_client(store)
    code = pending_case(store, rt, client_id)
    cases.verify(store, rt, "a01", code, "ana@ferreteria.co")
    hand.to("2026-12-20T10:00")
    assert run_sweep(store, rt, "sup", None).invalidated == []


@pytest.mark.parametrize(("login", "service"), [("a01", None), ("a01", SERVICE), ("nadie", None)])
def test_only_the_service_user_or_a_supervisor_sweeps(
    store: Engine,
    rt: Runtime,
    login: str,
    service: str | None,
) -> None:
    people(store)
    with pytest.raises(Refused) as caught:
        run_sweep(store, rt, login, service)
    assert caught.value.code in ("access.role_required", "access.unknown_login")


def test_a_closed_month_takes_no_time_and_no_correction(store: Engine, rt: Runtime, hand: Hand) -> None:
    people(store)
    client_id, usr = seed_client(store)
    hand.to("2026-11-13T09:00")  # opened in November, worked on then
    code = register_case(store, rt, client_id, usr)
    hand.to("2026-12-07T15:00")
    entry = work_log.log_work(store, rt, "a01", code, epoch("2026-11-30T16:00"), 30, "noviembre")
    with pytest.raises(Refused) as agent_closing:
        work_log.close_billing_month(store, rt, "a01", 2026, 11)
    assert agent_closing.value.code == "access.role_required"
    closing = work_log.close_billing_month(store, rt, "sup", 2026, 11)
    assert (closing.closed_by, closing.closed_at) == ("sup", epoch("2026-12-07T15:00"))
    assert work_log.month_closing(store, 2026, 11) == closing
    assert work_log.month_closing(store, 2026, 12) is None
    with pytest.raises(Refused) as twice:
        work_log.close_billing_month(store, rt, "sup", 2026, 11)
    assert twice.value.code == "billing.already_closed" and twice.value.params["login"] == "sup"
    attempts: tuple[Callable[[], object], ...] = (
        lambda: work_log.log_work(store, rt, "a01", code, epoch("2026-11-15T10:00"), 10, "tarde"),
        lambda: work_log.correct_work(store, rt, "a01", code, entry.id, -10, "sobraba"),
    )
    for attempt in attempts:
        with pytest.raises(Refused) as refused:
            attempt()
        assert refused.value.code == "billing.month_billed" and refused.value.params == {"month": "2026-11"}
    work_log.log_work(store, rt, "a01", code, epoch("2026-12-01T09:00"), 10, "diciembre")  # December is open
    case = case_store.get_case(store, code)
    assert case is not None
    assert [e.minutes for e in entries_of(store, case.id)] == [30, 10]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE billed_month SET closed_by = 'nadie'",
        "DELETE FROM billed_month",
        "INSERT INTO billed_month (year, month, closed_by, closed_at) VALUES (2026, 11, 'otro', 0)",
    ],
)
def test_a_closed_month_cannot_be_reopened_with_raw_sql(store: Engine, rt: Runtime, statement: str) -> None:
    """The bill went out: the closing row is append-only in the database itself, as the history is."""
    people(store)
    work_log.close_billing_month(store, rt, "sup", 2026, 11)
    with pytest.raises(DBAPIError, match=r"append-only|duplicate key"), store.begin() as connection:
        if store.dialect.name == "sqlite" and statement.startswith("INSERT"):
            statement = statement.replace("INSERT", "INSERT OR REPLACE")  # the replace deletes without a delete trigger
        connection.execute(text(statement))
    closing = work_log.month_closing(store, 2026, 11)
    assert closing is not None and closing.closed_by == "sup"
