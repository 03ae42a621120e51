"""The case screen names the policy version the case was opened under, where its deadlines are
explained, and says so when a newer version is in force."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pilot_support import settle, show_case
from test_policy_record import four_pm

from jq_console.application.policy import apply_policy
from jq_console.bootstrap import DEFAULT_POLICY, frozen_clock, load_runtime
from jq_console.domain.cases import Case
from jq_console.presentation.deadline_text import policy_of_case
from jq_console.store.cases import open_cases
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.widgets.case_pulse import is_finished

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))


def test_the_version_alone_when_it_is_the_one_in_force_and_both_when_newer() -> None:
    runtime = load_runtime(str(DEFAULT_POLICY))
    runtime.version = 2
    assert policy_of_case(runtime, 2) == "Política v2"
    assert policy_of_case(runtime, 1) == "Política v1 (vigente: v2)"
    runtime.version = None  # a local policy file: no version of record to compare with
    assert policy_of_case(runtime, 1) == "Política v1"


async def test_a_case_opened_under_version_1_says_so_once_version_2_is_in_force(tmp_path: Path) -> None:
    db = str(tmp_path / "console.sqlite")
    first = demo_services(db, cases=20, clock=frozen_clock(NOW))
    assert apply_policy(first.engine, first.runtime, "ana", four_pm(tmp_path)).number == 2
    first.engine.dispose()
    services = demo_services(db, clock=frozen_clock(NOW))  # a console opened now: version 2 in force
    assert services.runtime.version == 2
    case: Case = next(case for case in open_cases(services.engine) if not is_finished(case))
    assert case.policy_version == 1
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show_case(app, pilot, case.code)
        await settle(pilot)
        clocks = str(screen.query_one("#case-clocks").render())
        assert clocks.splitlines()[0] == "Plazos y su explicación · Política v1 (vigente: v2)"
    services.engine.dispose()
