"""The dashboard's awaiting-action rows: made once per look of a case, made again when what the row
reads from changed (see `ui.view_models.awaiting_rows`); and its at-risk rows follow a client renamed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from case_factory import new_case

from jq_console.bootstrap import Runtime
from jq_console.domain.breaches import Breach
from jq_console.domain.cases import Case
from jq_console.i18n import language, set_language
from jq_console.presentation.clocks import Clock, held_until
from jq_console.ui.view_models.awaiting_rows import AwaitingRows
from jq_console.ui.view_models.risk_rows import RiskRows
from jq_console.ui.widgets.sla_summary import pending_clock

OPENED = 1_796_655_600.0  # Mon 2026-12-07 10:00 in Bogotá


@pytest.fixture(autouse=True)
def spanish() -> Iterator[None]:
    before = language()
    set_language("es")
    yield
    set_language(before)


def broken(case: Case, clock: str = "assignment", occurrence: int = 1) -> Breach:
    return Breach(case.id, clock, occurrence, case.assignment_due, case.severity)  # type: ignore[arg-type]


def test_a_row_reads_its_breaches_agent_opening_and_client(runtime: Runtime) -> None:
    case = new_case(runtime, 1, "S2", OPENED)
    awaiting = AwaitingRows(runtime.local)
    rows = awaiting.of([case], {case.id: [broken(case), broken(case, "resolution", 2)]}, with_opened=True)
    assert rows == [
        ("JQ-2026-00001", ("JQ-2026-00001", "asignación, resolución (2)", "S2", "—", "lun 7 dic 10:00", "Cliente"))
    ]
    narrow = awaiting.of([case], {case.id: [broken(case)]}, with_opened=False)  # a narrower terminal
    assert narrow[0][1] == ("JQ-2026-00001", "asignación", "S2", "—", "Cliente")


def test_a_case_read_again_alike_keeps_its_row_and_a_changed_one_gets_a_new_row(runtime: Runtime) -> None:
    rows = AwaitingRows(runtime.local)
    first, second = new_case(runtime, 1, "S2", OPENED), new_case(runtime, 2, "S3", OPENED)
    before = rows.of([first, second], {first.id: [broken(first)], second.id: [broken(second)]}, with_opened=True)
    # The next reload reads both cases again (new objects); only the second was taken meanwhile.
    again = dataclasses.replace(first)
    taken = dataclasses.replace(second, agent="cmejia", status="assigned", version=second.version + 1)
    after = rows.of([again, taken], {first.id: [broken(first)], second.id: [broken(second)]}, with_opened=True)
    assert after[0] is before[0]  # the very row: the table compares it by identity and draws nothing
    assert after[1] is not before[1] and after[1][1][3] == "cmejia"


@pytest.mark.parametrize(
    "change",
    [
        {"client_name": "Cliente renombrado"},  # a client renamed: the case's version stays
        {"version": 2},
    ],
)
def test_what_a_row_reads_from_changing_makes_it_again(runtime: Runtime, change: dict[str, object]) -> None:
    rows = AwaitingRows(runtime.local)
    case = new_case(runtime, 1, "S2", OPENED)
    before = rows.of([case], {case.id: [broken(case)]}, with_opened=True)
    after = rows.of([dataclasses.replace(case, **change)], {case.id: [broken(case)]}, with_opened=True)  # type: ignore[arg-type]
    assert after[0] is not before[0]


def test_a_breach_recorded_or_a_new_one_makes_the_row_again(runtime: Runtime) -> None:
    rows = AwaitingRows(runtime.local)
    case = new_case(runtime, 1, "S2", OPENED)
    first = rows.of([case], {case.id: [broken(case)]}, with_opened=True)
    second = rows.of([case], {case.id: [broken(case), broken(case, "resolution")]}, with_opened=True)
    assert second[0][1][1] == "asignación, resolución"
    recorded = dataclasses.replace(broken(case), action="llamada al cliente")
    third = rows.of([case], {case.id: [recorded, broken(case, "resolution")]}, with_opened=True)
    assert third[0][1][1] == "resolución"
    assert first[0] is not second[0] is not third[0]


def test_forgetting_makes_every_row_again(runtime: Runtime) -> None:
    rows = AwaitingRows(runtime.local)
    case = new_case(runtime, 1, "S2", OPENED)
    before = rows.of([case], {case.id: [broken(case)]}, with_opened=True)
    rows.forget()  # a new policy version in force: its time zone may differ
    after = rows.of([case], {case.id: [broken(case)]}, with_opened=True)
    assert after[0] is not before[0] and after[0] == before[0]


def test_a_case_gone_from_the_list_is_forgotten(runtime: Runtime) -> None:
    rows = AwaitingRows(runtime.local)
    first, second = new_case(runtime, 1, "S2", OPENED), new_case(runtime, 2, "S3", OPENED)
    breaches = {first.id: [broken(first)], second.id: [broken(second)]}
    before = rows.of([first, second], breaches, with_opened=True)
    rows.of([second], breaches, with_opened=True)
    back = rows.of([first, second], breaches, with_opened=True)
    assert back[0] is not before[0] and back[0] == before[0]


def test_a_client_renamed_shows_on_the_at_risk_rows_of_its_cases(runtime: Runtime) -> None:
    """The at-risk list keeps a row's cells per case version; a client's edit changes no version."""

    def measure(case: Case, now: float) -> tuple[Clock, float]:
        clock = pending_clock(runtime.engine, case, now)
        return clock, held_until(runtime.engine, case, clock, now)

    rows = RiskRows(measure)
    case = new_case(runtime, 1, "S1", OPENED)
    now = OPENED + 3 * 3600  # its assignment overdue: at risk
    before = rows.at([case], now)
    assert before is not None and before[0][1][-1] == "Cliente"
    after = rows.at([dataclasses.replace(case, client_name="Renombrada S.A.S.")], now)
    assert after is not None and after[0][1][-1] == "Renombrada S.A.S."
