"""The case's conversation (notes, calls, WhatsApp, messages to the client) on both engines: appended
through the application layer, cleaned where it enters, append-only and chained like the history;
corrections of a case keep the old value and re-apply the reporting rules; finding any case."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from store_backends import postgres_url, register_case, seed_client, store, store_url  # noqa: F401

from jq_console.application import conversation, corrections, finder
from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Refused
from jq_console.domain.conversation import Draft
from jq_console.domain.parsing import InputError
from jq_console.store import directory
from jq_console.store.audit import audit
from jq_console.store.cases import get_case, history
from jq_console.store.conversation import messages_to_send
from jq_console.store.engine import write

AGENT = "jvargas"


@pytest.fixture
def desk(store: Engine, runtime: Runtime) -> tuple[Engine, str, int]:
    """A client in Medellín with its USR and a manager, an agent Julián, one case taken by him."""
    directory.add_agent(store, AGENT, "Julián Vargas", "agent")
    directory.add_agent(store, "tester", "Tess", "admin")
    client_id, contact_id = seed_client(store)
    directory.add_contact(store, client_id, "Marta Gerente", "manager", "3109990000", "marta@ferreteria.co")
    code = register_case(store, runtime, client_id, contact_id, title="Bodega de Medellín sin facturar")
    from jq_console.application import cases

    cases.take(store, runtime, AGENT, code)
    return store, code, client_id


def test_entries_are_appended_cleaned_and_read_in_order(desk: tuple[Engine, str, int], runtime: Runtime) -> None:
    engine, code, _ = desk
    conversation.add_entry(engine, runtime, AGENT, code, Draft("note", "revisar\x1b[2J el servidor\nmañana"))
    conversation.add_entry(
        engine, runtime, AGENT, code, Draft("call", "llamó Ana", "in", "ana@ferreteria.co", runtime.now() - 600)
    )
    conversation.add_entry(engine, runtime, AGENT, code, Draft("to_client", "Ya quedó"))
    case = get_case(engine, code)
    assert case is not None
    entries = conversation.entries(engine, case.id)
    assert [(e.kind, e.direction, e.author) for e in entries] == [
        ("note", "", AGENT),
        ("call", "in", AGENT),
        ("to_client", "", AGENT),
    ]
    assert entries[0].text == "revisar el servidor\nmañana"  # the escape sequence gone, the line break kept
    assert entries[1].at == runtime.now() - 600 and entries[1].contact == "ana@ferreteria.co"
    assert [e.state for e in entries] == ["", "", "to_send"]
    assert [e.text for e in messages_to_send(engine)] == ["Ya quedó"]  # the mail outbox's input


@pytest.mark.parametrize(
    ("draft", "code"),
    [
        (Draft("call", "sin dirección"), "conversation.direction_required"),
        (Draft("note", "con dirección", "in"), "conversation.no_direction"),
        (Draft("fax", "tipo raro"), "conversation.unknown_kind"),
        (Draft("note", "  \x07 "), "text.blank"),
    ],
)
def test_a_bad_entry_is_refused_and_nothing_is_written(
    desk: tuple[Engine, str, int], runtime: Runtime, draft: Draft, code: str
) -> None:
    engine, case_code, _ = desk
    with pytest.raises(Refused) as refused:
        conversation.add_entry(engine, runtime, AGENT, case_code, draft)
    assert refused.value.code == code
    case = get_case(engine, case_code)
    assert case is not None and conversation.entries(engine, case.id) == []


def test_a_call_in_the_future_is_refused(desk: tuple[Engine, str, int], runtime: Runtime) -> None:
    engine, code, _ = desk
    with pytest.raises(Refused) as refused:
        conversation.add_entry(engine, runtime, AGENT, code, Draft("call", "x", "out", "", runtime.now() + 3600))
    assert refused.value.code == "conversation.future"


def test_an_unknown_login_may_not_add_an_entry(desk: tuple[Engine, str, int], runtime: Runtime) -> None:
    engine, code, _ = desk
    with pytest.raises(Refused) as refused:
        conversation.add_entry(engine, runtime, "intruso", code, Draft("note", "hola"))
    assert refused.value.code == "access.unknown_login"


def test_entries_are_append_only_and_chained(desk: tuple[Engine, str, int], runtime: Runtime) -> None:
    engine, code, _ = desk
    conversation.add_entry(engine, runtime, AGENT, code, Draft("note", "primera"))
    conversation.add_entry(engine, runtime, AGENT, code, Draft("note", "segunda"))
    report = audit(engine)
    assert report.ok, report.problems
    for statement in ("UPDATE case_entry SET text = 'otra'", "DELETE FROM case_entry"):

        def tamper(connection: Connection, sql: str = statement) -> None:
            connection.execute(text(sql))

        with pytest.raises(DBAPIError):
            write(engine, tamper)
    case = get_case(engine, code)
    assert case is not None and [e.text for e in conversation.entries(engine, case.id)] == ["primera", "segunda"]


def test_a_title_correction_keeps_the_old_value(desk: tuple[Engine, str, int], runtime: Runtime) -> None:
    engine, code, _ = desk
    case = corrections.edit_text(engine, runtime, AGENT, code, "title", "Bodega de Medellín: facturas", "errata")
    assert case.title == "Bodega de Medellín: facturas"
    last = history(engine, case.id)[-1]
    assert last.kind == "edit" and last.note == "errata"
    assert last.before == {"title": "Bodega de Medellín sin facturar"}
    assert last.after["title"] == "Bodega de Medellín: facturas" and last.after["field"] == "title"
    with pytest.raises(Refused) as unchanged:
        corrections.edit_text(engine, runtime, AGENT, code, "title", "Bodega de Medellín: facturas", "otra vez")
    assert unchanged.value.code == "edit.unchanged"
    with pytest.raises(Refused) as no_reason:
        corrections.edit_scope(engine, runtime, AGENT, code, "usr", "  ")
    assert no_reason.value.code == "reason_required"


def test_changing_the_reporter_applies_the_reporting_rules_again(
    desk: tuple[Engine, str, int], runtime: Runtime
) -> None:
    engine, code, client_id = desk
    case = corrections.edit_reporter(engine, runtime, AGENT, code, "marta@ferreteria.co", "reportó la gerente")
    assert case.verification == "temporary"
    caller = corrections.add_caller(engine, runtime, AGENT, client_id, "Pedro Bodega", "310 555 1234", "")
    assert caller.role == "other" and caller.phone == "3105551234"
    case = corrections.edit_reporter(engine, runtime, AGENT, code, "310 555 1234", "llamó Pedro")
    assert case.verification == "pending"
    stored = get_case(engine, code)
    assert stored is not None and stored.reporter_name == "Pedro Bodega" and stored.verification == "pending"
    last = history(engine, stored.id)[-1]
    assert last.before["reporter"] == "Marta Gerente" and last.after["reporter"] == "Pedro Bodega"
    assert last.after["findings"] == ["reporter_pending"]
    with pytest.raises(Refused) as unknown:
        corrections.edit_reporter(engine, runtime, AGENT, code, "nadie@x.co", "?")
    assert unknown.value.code == "edit.no_such_contact"


def test_an_edit_on_a_copy_that_changed_meanwhile_is_refused(desk: tuple[Engine, str, int], runtime: Runtime) -> None:
    engine, code, _ = desk
    seen = get_case(engine, code)
    assert seen is not None
    corrections.edit_scope(engine, runtime, AGENT, code, "usr", "es del equipo del usuario")
    with pytest.raises(Refused) as refused:
        corrections.edit_text(engine, runtime, AGENT, seen, "title", "Otro", "errata")
    assert refused.value.code == "case_changed"


def test_search_finds_any_case_by_what_an_agent_remembers(desk: tuple[Engine, str, int], runtime: Runtime) -> None:
    engine, code, _ = desk
    from jq_console.application import cases

    cases.resolve(engine, runtime, AGENT, code, "listo")  # a finished case is found too
    conversation.add_entry(engine, runtime, AGENT, code, Draft("call", "el lector de códigos", "in", "3216664301"))

    def found(query: str, group: str = "all") -> list[str]:
        return [case.code for case in finder.find(engine, query, group).cases]

    assert found("medellin") == [code]  # Medellín
    assert found("MEDELLÍN bodega") == [code]
    assert found("900123456") == [code]  # the NIT without its check digit
    assert found("9001234568") == [code] and found("900.123.456-8") == [code]
    assert found("ana@ferreteria.co") == [code]  # the reporter's e-mail
    assert found("321 666 4301") == [code]  # the reporter's phone
    assert found("julian") == [code] and found("jvargas") == [code]  # the agent's first name, login
    assert found("lector codigos") == [code]  # the conversation
    assert found("bogota") == []
    assert found("medellin", "resolved") == [code] and found("medellin", "open") == []
    number = code.rsplit("-", 1)[1]
    assert found(number) == [code] and found(str(int(number))) == [code]
    assert found(f"{code[3:7]}-{int(number)}") == [code]  # 2026-1


def test_search_pages_and_date_ranges(store: Engine, runtime: Runtime) -> None:
    directory.add_agent(store, "tester", "Tess", "admin")
    client_id, contact_id = seed_client(store)
    codes = [register_case(store, runtime, client_id, contact_id, title=f"Caso {n}") for n in range(5)]
    first = finder.find(store, "caso", "all", page=0, size=2)
    second = finder.find(store, "caso", "all", page=2, size=2)
    assert len(first.cases) == 2 and first.more and len(second.cases) == 1 and not second.more
    assert {c.code for c in first.cases} | {c.code for c in second.cases} <= set(codes)
    today = runtime.local(runtime.now()).date().isoformat()
    assert len(finder.find(store, "caso", "all", finder.opened_range(runtime, today, today)).cases) == 5
    assert finder.find(store, "caso", "all", finder.opened_range(runtime, "2020-01-01", "2020-12-31")).cases == []
    with pytest.raises(InputError):  # typed backwards: bad input, not a refusal
        finder.opened_range(runtime, "2026-12-10", "2026-12-01")


def test_go_to_lists_several_matches(desk: tuple[Engine, str, int], runtime: Runtime) -> None:
    engine, code, client_id = desk
    directory_contact = directory.contacts_of(engine, client_id)[0]
    other = register_case(engine, runtime, client_id, directory_contact.id, title="Medellín otra vez")
    assert {c.code for c in finder.go_to(engine, "medellin").cases} == {code, other}
    assert finder.go_to(engine, "  ").cases == []


def test_the_move_store_is_unchanged_by_edits(desk: tuple[Engine, str, int], runtime: Runtime) -> None:
    """An edit is an ordinary move: the case's version goes up by one per edit."""
    engine, code, _ = desk
    before = get_case(engine, code)
    assert before is not None
    after = corrections.edit_text(engine, runtime, AGENT, code, "description", "Más detalle\nen dos líneas", "ampliar")
    assert after.version == before.version + 1 and after.description == "Más detalle\nen dos líneas"


def test_accents_and_capitals_as_stored_are_found_on_both_engines(
    desk: tuple[Engine, str, int], runtime: Runtime
) -> None:
    engine, _code, client_id = desk
    contact = directory.contacts_of(engine, client_id)[0]
    shouting = register_case(engine, runtime, client_id, contact.id, title="FACTURACIÓN ELECTRÓNICA CAÍDA (¿SERVIDOR?)")
    assert [c.code for c in finder.find(engine, "facturacion electronica caida").cases] == [shouting]
    assert [c.code for c in finder.find(engine, "(¿servidor?)").cases] == [shouting]
    assert finder.find(engine, "facturación_").cases == []  # LIKE's and the pattern's wildcards are literal
