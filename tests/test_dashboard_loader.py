"""One loader per dashboard: a reload never starts while another runs (the first load included), and
a reload asked for meanwhile is made once the running one is drawn, not lost."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from office_support import make_office
from pilot_support import settle

from jq_console.application.oversight import DashboardReads, MonthView, dashboard_services
from jq_console.bootstrap import DEFAULT_POLICY, frozen_clock, load_runtime
from jq_console.domain.month_figures import Month
from jq_console.store.oversight import Snapshot
from jq_console.ui.dashboard_app import DashboardApp
from jq_console.ui.screens.dashboard import DashboardScreen

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))
MOST_ROUNDS = 200  # of the app's own event loop: how long the test lets the first load take to start


async def test_polls_and_a_reload_key_during_the_first_load_start_no_second_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "office.sqlite")
    make_office(db, cases=3)
    services = dashboard_services(db, load_runtime(str(DEFAULT_POLICY), clock=frozen_clock(NOW)), login="super")
    gate = threading.Event()
    guard = threading.Lock()
    running, most, calls = 0, 0, 0
    original = DashboardReads.load

    def held_load(
        self: DashboardReads, month: Month, *, whole: bool = True, fresh: bool = False
    ) -> tuple[Snapshot, MonthView]:
        nonlocal running, most, calls
        with guard:
            running, calls = running + 1, calls + 1
            most = max(most, running)
        gate.wait()  # the first load is held here until the test lets it go
        try:
            return original(self, month, whole=whole, fresh=fresh)
        finally:
            with guard:
                running -= 1

    monkeypatch.setattr(DashboardReads, "load", held_load)
    app = DashboardApp(services, live=False)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            for _ in range(MOST_ROUNDS):  # until the first load is inside its read
                if calls:
                    break
                await pilot.pause()
            screen = app.screen
            assert isinstance(screen, DashboardScreen) and calls == 1
            screen.poll()
            screen.poll()
            await pilot.press("f5")  # a reload asked for while the first load runs
            await pilot.pause()
            assert calls == 1  # nothing started beside it
            gate.set()
            await settle(pilot, rounds=6)
            assert most == 1
            assert calls == 2  # the reload asked for meanwhile, made after the first
    finally:
        gate.set()
        services.engine.dispose()
