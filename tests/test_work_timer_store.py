"""The stored work timer and the supervisors' several-case moves on both engines: one timer per
agent whatever the console, stopping logs and ends it in one write, reassignment in one action."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from store_backends import postgres_url, store_url  # noqa: F401

from jq_console.application import supervision
from jq_console.application import timer as timers
from jq_console.application.services import Services
from jq_console.bootstrap import frozen_clock
from jq_console.domain.cases import Refused
from jq_console.store import cases as case_store
from jq_console.store import time_entries
from jq_console.ui.app import demo_services

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))


@pytest.fixture
def services(store_url: str) -> Services:
    return demo_services(store_url, login="ana", clock=frozen_clock(NOW))


def test_one_timer_per_agent_and_stopping_logs_and_ends_it_in_one_write(services: Services) -> None:
    engine, runtime = services.engine, services.runtime
    open_ones = [c for c in case_store.open_cases(engine) if c.status == "in_progress" and c.verification != "pending"]
    first, second = open_ones[0], open_ones[1]
    started = timers.start_timer(engine, runtime, "ana", "admin", first.code)
    assert timers.timer_of(engine, runtime, "ana") == started
    with pytest.raises(Refused) as refused:  # another console of the same agent: one timer only
        timers.start_timer(engine, runtime, "ana", "admin", second.code)
    assert refused.value.code == "timer.other_running"
    before = len(time_entries.entries_of(engine, first.id))
    entry = timers.stop_timer(engine, runtime, "ana", 42, "Cronómetro")
    assert entry is not None and entry.minutes == 42
    assert len(time_entries.entries_of(engine, first.id)) == before + 1
    assert timers.timer_of(engine, runtime, "ana") is None
    timers.start_timer(engine, runtime, "ana", "admin", second.code)
    assert timers.stop_timer(engine, runtime, "ana", None, "Cronómetro") is None  # discarded: nothing logged
    assert timers.timer_of(engine, runtime, "ana") is None


def test_a_supervisor_reassigns_an_absent_agents_cases_in_one_action(services: Services) -> None:
    engine, runtime = services.engine, services.runtime
    held = [c.code for c in case_store.open_cases(engine) if c.agent == "jvargas"]
    outcome = supervision.reassign_cases(engine, runtime, "ana", [*held, "JQ-2099-99999"], "pmoreno", "Vacaciones")
    assert outcome.done == held and [code for code, _ in outcome.refused] == ["JQ-2099-99999"]
    assert all(case_store.get_case(engine, code).agent == "pmoreno" for code in held)  # type: ignore[union-attr]
    by_agent = supervision.reassign_cases(engine, runtime, "jvargas", held[:1], "cmejia")  # not a supervisor
    assert by_agent.done == [] and by_agent.refused[0][1].code == "access.role_required"


def test_a_timer_left_running_for_days_cannot_log_more_than_a_day_in_one_entry(services: Services) -> None:
    """Started on a Friday afternoon and stopped on Monday, "count it all" was 65 hours in one entry,
    where a typed entry lasts at most 24: refused, the timer still running, and nothing logged, so the
    agent can count it up to the end of that day instead."""
    engine, runtime = services.engine, services.runtime
    case = next(c for c in case_store.open_cases(engine) if c.status == "in_progress" and c.verification != "pending")
    started = timers.start_timer(engine, runtime, "ana", "admin", case.code)
    before = len(time_entries.entries_of(engine, case.id))
    with pytest.raises(Refused) as refused:
        timers.stop_timer(engine, runtime, "ana", 65 * 60, "Cronómetro")
    assert refused.value.code == "billing.entry_too_long" and refused.value.params == {"hours": 24}
    assert timers.timer_of(engine, runtime, "ana") == started
    assert len(time_entries.entries_of(engine, case.id)) == before
    entry = timers.stop_timer(engine, runtime, "ana", 24 * 60, "Cronómetro")
    assert entry is not None and entry.minutes == 24 * 60
