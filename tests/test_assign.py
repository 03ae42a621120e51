"""A supervisor hands a case to another agent: the domain rule, the store's check that the agent
exists and is active (in the move's own write), and `jq-console assign` with every refusal."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from office_support import make_office, run
from office_support import runtime as office_runtime
from sqlalchemy.engine import Engine
from store_backends import postgres_url, register_case, seed_client, store, store_url  # noqa: F401

from jq_console.bootstrap import Runtime
from jq_console.domain import lifecycle
from jq_console.domain.cases import Refused
from jq_console.i18n import set_language
from jq_console.store import cases as case_store
from jq_console.store import directory, moves
from jq_console.store.engine import make_engine

NOW = 1_796_000_000.0


@pytest.fixture
def office(tmp_path: Path) -> tuple[str, list[str]]:
    db = tmp_path / "office.sqlite"
    return str(db), make_office(db, agents=3, cases=2)


def stored(db: str, code: str):  # type: ignore[no-untyped-def]
    engine = make_engine(db)
    try:
        case = case_store.get_case(engine, code)
        assert case is not None
        return case, case_store.history(engine, case.id)
    finally:
        engine.dispose()


def test_the_domain_refuses_the_agent_who_already_holds_the_case(office: tuple[str, list[str]]) -> None:
    db, codes = office
    case, _ = stored(db, codes[0])
    change = lifecycle.assign(case, "a01", NOW, "  turno de la tarde  ")
    assert change.updates == {"agent": "a01", "assigned_at": NOW, "status": "assigned"}
    assert change.note == "turno de la tarde" and change.before == {"agent": None, "status": "new"}
    with pytest.raises(Refused) as refused:
        lifecycle.assign(replace(case, agent="a01", status="assigned"), "a01", NOW)
    assert refused.value.code == "assign.same_agent"


def test_supervisor_assigns_and_reassigns_with_notes_in_the_history(office: tuple[str, list[str]]) -> None:
    db, codes = office
    first = run("assign", codes[0], "a01", "--note", "Conoce al cliente", "--db", db, login="super")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == f"Caso {codes[0]} asignado a a01 (antes: sin agente)."
    second = run("assign", codes[0].lower(), "a02", "--db", db, login="jefe")  # an admin may too
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == f"Caso {codes[0]} asignado a a02 (antes: a01)."
    case, history = stored(db, codes[0])
    assert case.agent == "a02" and case.status == "assigned" and case.assigned_at is not None
    assigns = [e for e in history if e.kind == "assign"]
    assert [(e.actor, e.before["agent"], e.after["agent"], e.note) for e in assigns] == [
        ("super", None, "a01", "Conoce al cliente"),
        ("jefe", "a01", "a02", ""),
    ]


@pytest.mark.parametrize(
    ("args", "login", "sentence"),
    [
        (("JQ-2026-09999", "a01"), "super", "No existe el caso JQ-2026-09999"),
        (("{code}", "nadie"), "super", "No hay un agente con usuario nadie"),
        (("{code}", "a03"), "super", "El agente a03 está deshabilitado: no puede recibir casos"),
        (("{code}", "a02"), "a01", "esto lo puede hacer solo un Supervisor / Administrador"),
        (("{code}", "a01"), "super", "ya lo tiene a01"),
    ],
)
def test_refusals_exit_non_zero_with_a_sentence_and_change_nothing(
    office: tuple[str, list[str]], args: tuple[str, str], login: str, sentence: str
) -> None:
    db, codes = office
    assert run("assign", codes[0], "a01", "--db", db, login="super").returncode == 0
    assert run("agent", "disable", "a03", "--db", db).returncode == 0
    before, history = stored(db, codes[0])
    result = run("assign", *(arg.format(code=codes[0]) for arg in args), "--db", db, login=login)
    assert result.returncode == 1 and result.stdout == ""
    assert sentence in result.stderr and "Traceback" not in result.stderr
    after, history_after = stored(db, codes[0])
    assert (after.agent, after.version, len(history_after)) == (before.agent, before.version, len(history))


def test_a_case_in_a_status_that_allows_no_assignment_is_refused(office: tuple[str, list[str]]) -> None:
    db, codes = office
    engine = make_engine(db)
    rt = office_runtime()
    moves.apply(engine, rt, codes[1], "a01", lambda c: lifecycle.take(c, "a01", rt.now()))
    moves.apply(engine, rt, codes[1], "a01", lambda c: lifecycle.resolve(c, rt.now(), "Listo"))
    engine.dispose()
    result = run("assign", codes[1], "a02", "--db", db, login="super")
    assert result.returncode == 1 and "no está permitida en un caso con estado «Resuelto»" in result.stderr
    assert stored(db, codes[1])[0].agent == "a01"


def test_english_sentences_with_lang_en(office: tuple[str, list[str]]) -> None:
    db, codes = office
    assert run("agent", "disable", "a03", "--db", db).returncode == 0
    try:
        refused = run("--lang", "en", "assign", codes[0], "a03", "--db", db, login="super")
        done = run("--lang", "en", "assign", codes[0], "a02", "--db", db, login="super")
    finally:
        set_language("es")  # --lang sets the process's language; the other tests speak Spanish
    assert refused.returncode == 1 and "Agent a03 is disabled and cannot receive cases" in refused.stderr
    assert done.returncode == 0 and done.stdout.strip() == f"Case {codes[0]} assigned to a02 (before: no agent)."


def test_the_store_checks_the_target_inside_the_write_of_a_seen_copy(office: tuple[str, list[str]]) -> None:
    db, codes = office
    engine = make_engine(db)
    rt = office_runtime()
    seen = case_store.get_case(engine, codes[0])
    assert seen is not None
    directory.set_agent(engine, "a02", active=False)
    with pytest.raises(Refused) as disabled:
        moves.apply_seen(
            engine, rt, seen, "super", lambda c: lifecycle.assign(c, "a02", rt.now()), moves.active_agent("a02")
        )
    assert disabled.value.code == "assign.disabled_agent"
    assert case_store.get_case(engine, codes[0]).version == seen.version  # type: ignore[union-attr]
    # Someone else moves the case: the screen's copy is stale and the assignment is refused.
    moves.apply(engine, rt, codes[0], "a01", lambda c: lifecycle.take(c, "a01", rt.now()))
    with pytest.raises(Refused) as stale:
        moves.apply_seen(
            engine, rt, seen, "super", lambda c: lifecycle.assign(c, "a03", rt.now()), moves.active_agent("a03")
        )
    assert stale.value.code == "case_changed"
    now = case_store.get_case(engine, codes[0])
    assert now is not None and now.agent == "a01"
    engine.dispose()


def test_both_engines_check_the_target_in_the_move_and_write_nothing_on_refusal(
    store: Engine, runtime: Runtime
) -> None:
    code = register_case(store, runtime, *seed_client(store))
    for login, active in (("luis", True), ("marta", False)):
        directory.add_agent(store, login, login.title(), "agent")
        directory.set_agent(store, login, active=active)
    seen = case_store.get_case(store, code)
    assert seen is not None
    with pytest.raises(Refused) as disabled:
        moves.apply_seen(
            store,
            runtime,
            seen,
            "jefa",
            lambda c: lifecycle.assign(c, "marta", runtime.now()),
            moves.active_agent("marta"),
        )
    assert disabled.value.code == "assign.disabled_agent"
    with pytest.raises(Refused) as unknown:
        moves.apply(
            store,
            runtime,
            code,
            "jefa",
            lambda c: lifecycle.assign(c, "nadie", runtime.now()),
            moves.active_agent("nadie"),
        )
    assert unknown.value.code == "assign.unknown_agent"
    assert case_store.get_case(store, code) == seen
    assigned = moves.apply_seen(
        store,
        runtime,
        seen,
        "jefa",
        lambda c: lifecycle.assign(c, "luis", runtime.now(), "turno"),
        moves.active_agent("luis"),
    )
    assert assigned == case_store.get_case(store, code) and (assigned.agent, assigned.version) == ("luis", 2)
    events = case_store.history(store, seen.id)
    assert [(e.kind, e.actor, e.note) for e in events] == [("open", "tester", ""), ("assign", "jefa", "turno")]
