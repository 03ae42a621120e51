"""The application layer itself decides who may act, called directly (no screen, no CLI), on both
engines: the actor is loaded inside the write, so a refusal leaves the database as it was, and a
login disabled or demoted after "opening the console" is refused on the very next action."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from store_backends import postgres_url, register_case, seed_client, store, store_url  # noqa: F401

from jq_console.application import admin, cases, intake, presence, work
from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Case, Refused
from jq_console.domain.rules import Registration
from jq_console.store import cases as case_store
from jq_console.store import directory
from jq_console.store.cases import NewCase
from jq_console.store.time_entries import entries_of

DAY = 86_400.0


@pytest.fixture
def office(store: Engine, runtime: Runtime) -> tuple[Engine, str]:
    """An admin (boss), a supervisor (super), two agents (ana, luis) and one new S2 case."""
    directory.add_agent(store, "boss", "Jefa", "admin")
    directory.add_agent(store, "super", "Supervisora", "supervisor")
    directory.add_agent(store, "ana", "Ana", "agent")
    directory.add_agent(store, "luis", "Luis", "agent")
    client_id, contact_id = seed_client(store)
    return store, register_case(store, runtime, client_id, contact_id)


def case_of(engine: Engine, code: str) -> Case:
    case = case_store.get_case(engine, code)
    assert case is not None
    return case


def refusal(action: object) -> Refused:
    assert callable(action)
    with pytest.raises(Refused) as refused:
        action()
    return refused.value


def test_a_disabled_agent_cannot_take_by_code_or_from_the_copy_on_screen(
    office: tuple[Engine, str], runtime: Runtime
) -> None:
    engine, code = office
    seen = case_of(engine, code)  # what ana's console showed before she was disabled
    admin.set_agent_active(engine, "boss", "ana", False)
    for target in (code, seen):
        refused = refusal(lambda target=target: cases.take(engine, runtime, "ana", target))
        assert (refused.code, refused.params) == ("access.disabled", {"login": "ana"})
    after = case_of(engine, code)
    assert (after.agent, after.version, after.status) == (None, seen.version, "new")
    assert cases.take(engine, runtime, "luis", seen).agent == "luis"  # the case itself was free to take


def test_an_unknown_login_cannot_take(office: tuple[Engine, str], runtime: Runtime) -> None:
    engine, code = office
    for target in (code, case_of(engine, code)):
        refused = refusal(lambda target=target: cases.take(engine, runtime, "visitante", target))
        assert (refused.code, refused.params) == ("access.unknown_login", {"login": "visitante"})
    assert case_of(engine, code).agent is None


def test_a_copy_that_changed_is_still_told_as_changed(office: tuple[Engine, str], runtime: Runtime) -> None:
    """On PostgreSQL the actor's rule is part of the move's one statement: when it stores nothing,
    an actor who may act hears that the case changed, not a refusal of themselves."""
    engine, code = office
    seen = case_of(engine, code)
    cases.take(engine, runtime, "luis", seen)
    refused = refusal(lambda: cases.take(engine, runtime, "ana", seen))
    assert (refused.code, refused.params) == ("case_changed", {"code": code})
    admin.set_agent_active(engine, "boss", "ana", False)
    assert refusal(lambda: cases.take(engine, runtime, "ana", seen)).code == "access.disabled"
    after = case_of(engine, code)
    assert (after.agent, after.version) == ("luis", seen.version + 1)


def test_a_plain_agent_cannot_assign_but_a_supervisor_can(office: tuple[Engine, str], runtime: Runtime) -> None:
    engine, code = office
    refused = refusal(lambda: cases.assign(engine, runtime, "ana", code, "luis"))
    assert refused.code == "access.role_required" and refused.params["login"] == "ana"
    assert case_of(engine, code).agent is None
    handover = cases.assign(engine, runtime, "super", code, "luis", "turno")
    assert (handover.case.agent, handover.before) == ("luis", None)


def test_a_demoted_supervisor_is_refused_on_the_next_assign(office: tuple[Engine, str], runtime: Runtime) -> None:
    engine, code = office
    seen = case_of(engine, code)
    admin.set_agent_role(engine, "boss", "super", "agent")
    refused = refusal(lambda: cases.assign(engine, runtime, "super", seen, "luis"))
    assert refused.code == "access.role_required"
    assert case_of(engine, code).version == seen.version


def test_a_plain_agent_cannot_record_a_corrective_action(office: tuple[Engine, str], runtime: Runtime) -> None:
    engine, code = office
    later = replace(runtime, clock=lambda: runtime.now() + 10 * DAY)  # the assignment deadline is long breached
    refused = refusal(lambda: cases.corrective(engine, later, "ana", code, "Se reasignó"))
    assert refused.code == "access.role_required"
    events = [event.kind for event in case_store.history(engine, case_of(engine, code).id)]
    assert "corrective_action" not in events
    cases.corrective(engine, later, "super", code, "Se reasignó")  # the same action by a supervisor is stored
    events = [event.kind for event in case_store.history(engine, case_of(engine, code).id)]
    assert events[-1] == "corrective_action"


def test_a_plain_agent_cannot_administer(office: tuple[Engine, str]) -> None:
    engine, _ = office
    rates = directory.rates(engine)
    attempts = {
        "agent add": lambda: admin.add_agent(engine, "ana", "evil", "Evil", "admin"),
        "client add": lambda: admin.add_client(engine, "ana", "800765432-1", "Otra S.A.S.", "contractual", None),
        "rate set": lambda: admin.set_rate(engine, "ana", 2027, 1),
        "agent disable": lambda: admin.set_agent_active(engine, "ana", "luis", False),
        "agent role": lambda: admin.set_agent_role(engine, "ana", "ana2", "admin"),
        "partner add": lambda: admin.add_partner(engine, "ana", "Redes S.A.S.", "redes"),
        "contact add": lambda: admin.add_contact(engine, "ana", "900123456-8", "Otro", "other", "3001234567", ""),
    }
    for name, attempt in attempts.items():
        refused = refusal(attempt)
        assert refused.code == "access.role_required", name
    assert directory.agent(engine, "evil") is None
    assert directory.client_by_nit(engine, "800765432-1") is None
    assert directory.rates(engine) == rates
    luis = directory.agent(engine, "luis")
    assert luis is not None and luis.active
    assert admin.add_agent(engine, "boss", "mgomez", "María Gómez", "supervisor") > 0  # an admin may


def test_an_administrator_may_not_disable_or_demote_themselves(office: tuple[Engine, str]) -> None:
    engine, _ = office
    assert refusal(lambda: admin.set_agent_active(engine, "boss", "boss", False)).code == "admin.not_yourself"
    assert refusal(lambda: admin.set_agent_role(engine, "boss", "boss", "agent")).code == "admin.not_yourself_role"
    boss = directory.agent(engine, "boss")
    assert boss is not None and (boss.role, boss.active) == ("admin", True)


def test_every_other_write_refuses_a_disabled_agent(office: tuple[Engine, str], runtime: Runtime) -> None:
    engine, code = office
    case = cases.take(engine, runtime, "ana", code)
    entry = work.log_work(engine, runtime, "ana", code, runtime.now() - 1800, 30, "diagnóstico")
    admin.set_agent_active(engine, "boss", "ana", False)
    registration = Registration("subscription", 4, True, "usr", "form", "S2", "fault")
    new = NewCase(case.client_id, case.reporter_id, "Otro", "", "S2", "fault", "form")
    attempts = {
        "start": lambda: cases.start(engine, runtime, "ana", code),
        "resolve": lambda: cases.resolve(engine, runtime, "ana", code, "hecho"),
        "log": lambda: work.log_work(engine, runtime, "ana", code, runtime.now() - 600, 10, ""),
        "correct": lambda: work.correct_work(engine, runtime, "ana", code, entry.id, -5, "error"),
        "register": lambda: intake.register_case(engine, runtime, "ana", new, registration),
        "register, also blocked by the policy": lambda: intake.register_case(
            engine, runtime, "ana", replace(new, channel="phone"), replace(registration, channel="phone")
        ),
        "availability": lambda: presence.set_availability(engine, runtime, "ana", "busy"),
    }
    for name, attempt in attempts.items():
        assert refusal(attempt).code == "access.disabled", name
    assert case_of(engine, code).status == "assigned"
    assert [e.id for e in entries_of(engine, case.id)] == [entry.id]
    assert case_store.count_cases(engine) == 1


def test_a_case_goes_its_whole_way_through_the_application(office: tuple[Engine, str], runtime: Runtime) -> None:
    """Every move by code (the command line's way) and by the copy on screen, each stored with its actor."""
    engine, code = office
    later = replace(runtime, clock=lambda: runtime.now() + 3600)
    cases.take(engine, runtime, "ana", code)
    cases.start(engine, runtime, "ana", case_of(engine, code))
    cases.wait(engine, runtime, "ana", code, "Esperando el respaldo")
    cases.resume(engine, later, "ana", case_of(engine, code))
    cases.agree(engine, later, "ana", code, later.now() + 2 * DAY, "Lo pidió el cliente")
    cases.reclassify(engine, later, "ana", case_of(engine, code), "S3", "Hay un paso manual")
    cases.notify(engine, later, "ana", code, later.now(), "correo")
    cases.resolve(engine, later, "ana", code, "Corregido")
    cases.reopen(engine, later, "luis", case_of(engine, code), "Volvió a fallar")
    cases.assign(engine, later, "super", code, "luis")
    cases.resolve(engine, later, "luis", code, "Corregido otra vez")
    final = cases.close(engine, later, "luis", case_of(engine, code))
    assert (final.status, final.severity, final.agent) == ("closed", "S3", "luis")
    history = [(event.kind, event.actor) for event in case_store.history(engine, final.id)]
    assert history == [
        ("open", "tester"),
        ("take", "ana"),
        ("start", "ana"),
        ("wait", "ana"),
        ("resume", "ana"),
        ("agree_deadline", "ana"),
        ("reclassify", "ana"),
        ("notify", "ana"),
        ("resolve", "ana"),
        ("reopen", "luis"),
        ("assign", "super"),
        ("resolve", "luis"),
        ("close", "luis"),
    ]


def test_invalidate_and_reject_through_the_application(office: tuple[Engine, str], runtime: Runtime) -> None:
    engine, code = office
    first = case_of(engine, code)
    other = register_case(engine, runtime, first.client_id, first.reporter_id or 0, title="Duplicado")
    assert cases.invalidate(engine, runtime, "ana", code, "No es un fallo").status == "invalid"
    assert cases.reject(engine, runtime, "luis", case_of(engine, other), "Fuera de contrato").status == "rejected"
    refused = refusal(lambda: cases.reopen(engine, runtime, "ana", code, "otra vez"))
    assert refused.code == "action_not_allowed"  # the policy's own refusals come through unchanged


def test_on_postgresql_a_move_on_the_copy_seen_is_one_statement(office: tuple[Engine, str], runtime: Runtime) -> None:
    """The actor's check rides in the move's own statement: no extra round trip for the console's moves
    that tell the client nothing (a notice is written in the move's own transaction, so it takes one)."""
    engine, code = office
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs the guard first in its BEGIN IMMEDIATE transaction")
    quiet = replace(runtime.policy.mail, notices=runtime.policy.mail.notices - {"taken"})
    runtime = Runtime(replace(runtime.policy, mail=quiet), runtime.tz, runtime.engine, runtime.clock)
    seen = case_of(engine, code)
    sent: list[str] = []
    listener = lambda *args: sent.append(args[2])  # noqa: E731 - (connection, cursor, statement, ...)
    event.listen(engine, "before_cursor_execute", listener)
    try:
        cases.take(engine, runtime, "ana", seen)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(sent) == 1 and "EXISTS" in sent[0]
    assert case_of(engine, code).agent == "ana"
