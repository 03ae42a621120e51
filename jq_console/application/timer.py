"""The agent's work timer, kept in the database (`store.work_timers`): it survives a closed
console or a dropped SSH link and shows again when the agent opens the console. Stopping logs
the time on the case and ends the timer in one write."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from jq_console.application.access import ActorCheck
from jq_console.bootstrap import Runtime
from jq_console.domain.billing import working_day_end
from jq_console.domain.cases import Case, Refused, allowed_actions
from jq_console.store import cases as case_store
from jq_console.store import work_timers
from jq_console.store.time_entries import Entry


@dataclass(frozen=True)
class RunningTimer:
    code: str
    started_at: float
    day_end: float  # the end of the working day it started in (its case's resolution schedule)


def _day_end(runtime: Runtime, case: Case | None, started_at: float) -> float:
    """The end of the working day of the case's resolution schedule, under the policy version the
    case was opened under (midnight when the case is gone)."""
    if case is None:
        return working_day_end(((),) * 7, runtime.tz, started_at)
    policy = runtime.of_case(case).policy
    schedule = policy.schedules[policy.severities[case.severity].resolution.schedule]
    return working_day_end(schedule.week, runtime.tz, started_at)


def timer_of(engine: Engine, runtime: Runtime, login: str) -> RunningTimer | None:
    """The agent's running timer, started on this console or any other, or None."""
    stored = work_timers.running_timer(engine, login)
    if stored is None:
        return None
    case = case_store.get_case(engine, stored.code)
    return RunningTimer(stored.code, stored.started_at, _day_end(runtime, case, stored.started_at))


def start_timer(engine: Engine, runtime: Runtime, login: str, role: str, code: str) -> RunningTimer:
    """Start the agent's timer on `code`, a case that takes time entries now; one per agent."""
    case = case_store.get_case(engine, code)
    if case is None:
        raise Refused("billing.no_case", case=code)
    if "log_time" not in allowed_actions(case, login, role):
        raise Refused("timer.closed_case", case=case.code)
    now = runtime.now()
    stored = work_timers.start_timer(engine, login, case.code, now, guard=ActorCheck(login))
    return RunningTimer(stored.code, stored.started_at, _day_end(runtime, case, now))


def stop_timer(engine: Engine, runtime: Runtime, login: str, minutes: int | None, note: str) -> Entry | None:
    """End the agent's timer; `minutes` (None or under one: nothing) are logged on its case."""
    _timer, entry = work_timers.stop_timer(
        engine, login, minutes, note, runtime.now(), guard=ActorCheck(login), tz=runtime.tz
    )  # a run that began in a month already billed is refused, as a time entry typed by hand
    return entry
