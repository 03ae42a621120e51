"""The dashboard's at-risk clocks kept while their text holds (`presentation.held_clocks`) read, and
come in the order, of clocks computed afresh every second: across the end of a working day, over a
night, with the clock of record jumping forward and back; and far fewer are computed."""

from __future__ import annotations

from pathlib import Path

from held_support import MONDAY_EVENING, desk, evening_night_and_back

from jq_console.domain.cases import Case
from jq_console.domain.sla import ClockState
from jq_console.presentation.clocks import (
    Clock,
    clock_text,
    held_until,
    resolution_clock,
    row_order,
)
from jq_console.presentation.held_clocks import HeldClocks
from jq_console.ui.widgets.sla_summary import pending_clock


def test_kept_clocks_read_and_order_as_clocks_computed_afresh(tmp_path: Path) -> None:
    services, cases = desk(tmp_path, MONDAY_EVENING)
    runtime = services.runtime

    def measure(case: Case, now: float) -> Clock:
        return pending_clock(runtime.of_case(case).engine, case, now)

    def kept(case: Case, now: float) -> tuple[Clock, float]:
        clock = measure(case, now)
        return clock, held_until(runtime.of_case(case).engine, case, clock, now)

    def seen(rows: list[tuple[Case, Clock]]) -> list[tuple[str, str, ClockState]]:
        return [(case.code, clock_text(clock), clock.state) for case, clock in rows]

    instants = evening_night_and_back()
    risky = [case for case in cases if measure(case, MONDAY_EVENING).state in (ClockState.AT_RISK, ClockState.BREACHED)]
    assert risky and len(risky) < len(cases)
    every, at_risk = HeldClocks(kept), HeldClocks(kept)  # all open cases; the dashboard's list

    def schedule_of(case: Case, clock: Clock) -> str:
        return runtime.of_case(case).engine.target(case.severity, clock.kind).schedule

    orders: dict[str, list[str]] = {}  # per schedule, the order of the open cases' running clocks
    for now in instants:
        every_row: list[tuple[Case, Clock]] = []
        for held, listed in ((every, cases), (at_risk, risky)):
            rows, _computed = held.at(listed, now)
            afresh = [(case, measure(case, now)) for case in listed]
            afresh.sort(key=lambda row: (row_order(row[1]), row[0].code))
            assert seen(rows) == seen(afresh), now
            every_row = every_row or rows
        for schedule in ("regular", "urgency"):
            running = [
                case.code for case, clock in every_row if clock.due is not None and schedule_of(case, clock) == schedule
            ]
            # A row whose minute ends never passes another on its schedule: the rows stay in one order.
            assert orders.setdefault(schedule, running) == running, (schedule, now)
    # At risk or breached, a clock is computed again only once its minute ran out, or each second near
    # its deadline while its schedule runs (about one in fifty of the seconds here).
    assert at_risk.computed < len(risky) * len(instants) / 20


def test_a_second_that_changes_no_text_computes_nothing_and_says_so(tmp_path: Path) -> None:
    now = MONDAY_EVENING - 3 * 3600
    services, open_ones = desk(tmp_path, now, cases=200)
    runtime = services.runtime
    cases = [case for case in open_ones if case.is_paused]
    assert cases

    def measure(case: Case, now: float) -> tuple[Clock, float]:
        engine = runtime.of_case(case).engine
        clock = resolution_clock(engine, case, now)
        return clock, held_until(engine, case, clock, now)

    held = HeldClocks(measure)
    _rows, computed = held.at(cases, now)
    assert computed and held.computed == len(cases)
    _rows, computed = held.at(cases, now + 1)  # paused clocks do not run
    assert not computed and held.computed == len(cases)


def test_a_clock_whose_minute_ends_now_is_not_computed_again_at_the_same_instant() -> None:
    """A countdown of whole minutes ("22h 00m" at 10:00:00) reads otherwise right after: it holds
    until a hair before the instant it was computed at. Asked again at that very instant (a frozen
    clock asks the same one every second), it is kept; a second later it is computed again."""
    now = 1_796_000_000.0
    measured: list[float] = []

    def measure(case: Case, at: float) -> tuple[Clock, float]:
        measured.append(at)
        return Clock("resolution", ClockState.OK, 22 * 3600, at + 22 * 3600, False), at - 0.001

    case = object.__new__(Case)
    object.__setattr__(case, "code", "JQ-2026-00001")
    object.__setattr__(case, "version", 1)
    held = HeldClocks(measure)
    assert held.at([case], now)[1] and held.at([case], now)[1] is False
    assert measured == [now]
    assert held.at([case], now + 1)[1] and measured == [now, now + 1]
