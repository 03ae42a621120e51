"""Search as agents type: case- and accent-insensitive, every word somewhere in the case."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from jq_console.domain.cases import Case
from jq_console.domain.search import fold, haystack, matches
from jq_console.ui.widgets.queue_filters import QueueFilter

CASE = Case(
    id=1,
    code="JQ-2026-00042",
    client_id=7,
    client_name="Textiles Medellín S.A.S.",
    nit="900.123.456-8",
    title="No abre la FACTURACIÓN electrónica",
    severity="S2",
    category="fault",
    channel="form",
    service="subscription",
    level=3,
    status="new",
    verification="valid",
    agent="jvargas",
    opened_at=0.0,
    assignment_due=1.0,
    resolution_due=2.0,
    description="Desde el lunes la impresora fiscal no responde",
    reporter_name="Ana Ruíz",
)


def found(query: str, case: Case = CASE, names: dict[str, str] | None = None) -> bool:
    return matches(query, haystack(case, names))


def test_accents_and_case_do_not_matter() -> None:
    assert found("medellin") and found("MEDELLÍN") and found("facturacion electronica")
    assert found("ana ruiz") and found("impresora")
    assert not found("bogota")


def test_every_word_must_appear() -> None:
    assert found("medellin factur")
    assert not found("medellin bogota")


def test_the_nit_is_found_with_or_without_dots_and_check_digit() -> None:
    assert found("900123456") and found("900.123.456-8") and found("9001234568")


def test_an_agent_is_found_by_login_or_by_name() -> None:
    assert found("jvargas")
    assert not found("julian")
    assert found("julian", names={"jvargas": "Julián Vargas"})


def test_the_queue_filter_uses_the_same_search() -> None:
    other = replace(CASE, id=2, code="JQ-2026-00043", client_name="Ferretería Bogotá", title="x", description="")
    assert QueueFilter(text="medellin").apply([CASE, other], "ana") == [CASE]
    assert QueueFilter(text="FERRETERIA").apply([CASE, other], "ana") == [other]


@given(st.text(max_size=40))
def test_folding_is_stable_and_a_case_always_finds_its_own_code(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert matches(CASE.code.lower(), haystack(replace(CASE, title=text)))
