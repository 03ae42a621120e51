"""The report model as pure functions: which month each clock and breach belongs to, business times
less the pauses, pauses cut at the month's edges, nearest-rank percentiles, agents' load."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from jq_console.bootstrap import load_runtime
from jq_console.domain.billing import WorkItem, month_bounds
from jq_console.domain.cases import Case
from jq_console.domain.report import (
    Breach,
    Corrective,
    Moment,
    Period,
    Report,
    ReportInputs,
    Scope,
    build_report,
    percentile,
)

TZ = ZoneInfo("America/Bogota")
RUNTIME = load_runtime()
HOUR = 3600.0


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=TZ).timestamp()


def november() -> Period:
    start, end = month_bounds(2026, 11, TZ)
    return Period(2026, 11, start, end)


def case(case_id: int = 1, **changes: object) -> Case:
    base = Case(
        id=case_id,
        code=f"JQ-2026-{case_id:05d}",
        client_id=1,
        client_name="Textiles Medellín S.A.S.",
        nit="830095119-6",
        title="No factura",
        severity="S2",
        category="fault",
        channel="form",
        service="subscription",
        level=3,
        status="in_progress",
        verification="valid",
        agent="jvargas",
        opened_at=at("2026-11-09T09:00"),  # Monday
        assignment_due=at("2026-11-12T12:00"),
        resolution_due=at("2026-11-18T09:00"),
        assigned_at=at("2026-11-09T11:00"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def report(*cases: Case, now: str = "2026-12-03T10:00", **inputs: object) -> Report:
    made = ReportInputs(november(), Scope(), at(now), tuple(cases), **inputs)  # type: ignore[arg-type]
    return build_report(made, RUNTIME.engine)


def test_a_clock_counts_in_the_month_it_falls_due() -> None:
    met = case(1, status="resolved", resolved_at=at("2026-11-17T10:00"))
    due_in_december = case(2, assignment_due=at("2026-12-02T10:00"), resolution_due=at("2026-12-20T10:00"))
    shown = report(met, due_in_december)
    assert (shown.compliance["assignment"]["S2"].met, shown.compliance["resolution"]["S2"].met) == (1, 1)
    assert shown.clock_total("assignment").decided == 1  # December's clocks are December's
    assert shown.by_severity["S2"].opened == 2 and shown.by_severity["S2"].resolved == 1


def test_a_breach_belongs_to_the_month_of_its_due_instant_with_its_action() -> None:
    late = case(1, status="resolved", resolved_at=at("2026-12-01T10:00"))
    action = Corrective(at("2026-12-02T09:00"), "ana", "Se reforzó el turno")
    breach = Breach(
        1, late.code, late.client_name, late.nit, late.agent, "S2", "resolution", at("2026-11-18T09:00"), action
    )
    october = Breach(1, late.code, late.client_name, late.nit, late.agent, "S2", "assignment", at("2026-10-30T09:00"))
    shown = report(late, breaches=(breach, october))
    assert shown.breaches == (breach,)
    assert shown.compliance["resolution"]["S2"].breached == 1 and shown.compliance["resolution"]["S2"].met == 0
    assert shown.compliance["assignment"]["S2"].met == 0  # breached (in October) stays breached
    assert shown.breaches_without_action == 0
    assert shown.by_severity["S2"].resolved == 0  # resolved in December


def test_in_time_so_far_only_while_running_and_a_paused_clock_only_in_the_month_of_now() -> None:
    running = case(1, resolution_due=at("2026-11-25T09:00"))
    paused = case(2, status="waiting", resolution_due=None, resolution_left=10 * HOUR)
    this_month = report(running, paused, now="2026-11-20T10:00")
    assert this_month.compliance["resolution"]["S2"].in_time == 2
    last_month = report(running, paused, now="2026-12-03T10:00")
    assert last_month.compliance["resolution"]["S2"].in_time == 0


def test_dropped_cases_count_only_through_their_breaches() -> None:
    dropped = case(1, status="invalid", closed_at=at("2026-11-10T10:00"), agent=None, assigned_at=None)
    shown = report(dropped)
    assert shown.clock_total("assignment").decided == 0 and shown.clock_total("assignment").in_time == 0
    assert shown.by_severity["S2"].closed == 1


def test_resolution_time_leaves_out_the_wait_on_the_client_and_the_time_resolved() -> None:
    # Mon 09:00 opened; waits Mon 10:00 - Tue 10:00 (7 business hours); resolved Wed 10:00, reopened
    # Thu 10:00 (7 h), resolved again Thu 12:00. Regular schedule: Mon-Wed 3 x 7 h + Thu 09-12 3 h = 24 h, less 14.
    solved = case(1, status="resolved", resolved_at=at("2026-11-12T12:00"))
    moments = (
        Moment(1, at("2026-11-09T10:00"), "jvargas", "wait"),
        Moment(1, at("2026-11-10T10:00"), "jvargas", "resume"),
        Moment(1, at("2026-11-11T10:00"), "jvargas", "resolve"),
        Moment(1, at("2026-11-12T10:00"), "jvargas", "reopen"),
        Moment(1, at("2026-11-12T12:00"), "jvargas", "resolve"),
    )
    shown = report(solved, moments=moments)
    assert shown.resolution["S2"].median == 10 * HOUR
    assert shown.first_response["S2"].median == 2 * HOUR and shown.first_response["all"].count == 1
    assert [line.seconds_in_period for line in shown.pauses] == [7 * HOUR]


def test_a_pause_is_cut_at_the_edges_of_the_month() -> None:
    waiting = case(1, status="waiting", resolution_due=None, opened_at=at("2026-10-26T09:00"))
    moments = (Moment(1, at("2026-10-30T09:00"), "jvargas", "wait"),)
    shown = report(waiting, moments=moments)
    (line,) = shown.pauses
    assert line.ended is None
    # November 2026 on the regular schedule: 21 weekdays less two holidays moved to Monday (All Saints'
    # to Nov 2, Cartagena's independence to Nov 16) = 19 days of 7 h
    assert line.seconds_in_period == 19 * 7 * HOUR


def test_agreed_deadlines_of_the_month_with_before_and_after() -> None:
    agreed = case(1, resolution_due=at("2026-12-15T10:00"))
    moments = (
        Moment(
            1,
            at("2026-11-20T12:00"),
            "jvargas",
            "agree_deadline",
            {"resolution_due": at("2026-11-18T09:00")},
            {"resolution_due": at("2026-12-15T10:00")},
            "Acordado con el USR",
        ),
    )
    (line,) = report(agreed, moments=moments).agreed
    assert (line.old_due, line.new_due, line.by, line.reason) == (
        at("2026-11-18T09:00"),
        at("2026-12-15T10:00"),
        "jvargas",
        "Acordado con el USR",
    )


def test_agents_load_counts_cases_open_at_some_moment_of_the_month() -> None:
    held = case(1)
    finished_before = case(
        2,
        status="closed",
        opened_at=at("2026-10-19T09:00"),
        assigned_at=at("2026-10-19T10:00"),
        resolved_at=at("2026-10-20T10:00"),
        closed_at=at("2026-10-21T10:00"),
    )
    other = case(3, agent="pmoreno", assigned_at=at("2026-10-30T10:00"))
    work = (
        WorkItem(1, held.code, 1, held.client_name, held.nit, "subscription", 3, "jvargas", at("2026-11-10T10:00"), 45),
    )
    lines = {line.login: line for line in report(held, finished_before, other, work=work).agents}
    assert (lines["jvargas"].load, lines["jvargas"].taken, lines["jvargas"].minutes_logged) == (1, 1, 45)
    assert (lines["pmoreno"].load, lines["pmoreno"].taken) == (1, 0)


def test_a_clients_report_leaves_other_clients_out() -> None:
    mine, theirs = case(1), case(2, nit="900123456-8", client_name="Otro")
    made = ReportInputs(november(), Scope("client", "830095119-6", "Textiles"), at("2026-12-03T10:00"), (mine, theirs))
    assert build_report(made, RUNTIME.engine).total.opened == 1


@given(st.lists(st.floats(min_value=0, max_value=1e7, allow_nan=False), min_size=1, max_size=60))
def test_percentiles_are_values_that_happened_in_order(values: list[float]) -> None:
    median, p90 = percentile(values, 50), percentile(values, 90)
    assert median in values and p90 in values
    assert median is not None and p90 is not None and min(values) <= median <= p90 <= max(values)
    assert sum(1 for v in values if v <= median) * 2 >= len(values)


def test_percentile_by_nearest_rank() -> None:
    assert percentile([], 50) is None
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.0  # the lower middle of an even count
    assert percentile([float(n) for n in range(1, 11)], 90) == 9.0
    assert percentile([float(n) for n in range(1, 12)], 90) == 10.0


def test_a_trend_names_the_last_months_oldest_first() -> None:
    from jq_console.application.reports import last_months
    from jq_console.bootstrap import frozen_clock

    runtime = load_runtime()
    runtime.clock = frozen_clock(datetime(2026, 3, 15, 10, 0, tzinfo=TZ))
    assert last_months(runtime, 4) == ["2025-12", "2026-01", "2026-02", "2026-03"]
    assert len(last_months(runtime)) == 12 and last_months(runtime)[-1] == "2026-03"
