"""The lines that change every second or minute (a running work timer, a case's countdowns, the
schedule line at the top of the queue) are drawn again without laying the screen out again: each is
as wide as the screen, and a layout each second had cost a console with a running timer as much as all
its other idle work (the case screen's CPU fell by nearly half without it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pilot_support import settle
from test_time_entries import Clock, clock, open_case, services, timer_started_on  # noqa: F401 - fixtures
from textual.screen import Screen

from jq_console.application.services import Services
from jq_console.ui.app import create_app
from jq_console.ui.widgets.case_pulse import CasePulse
from jq_console.ui.widgets.schedule_status import ScheduleStatus
from jq_console.ui.widgets.work_timer import TimerBadge, WorkTimer


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The screens laid out from now on, by class name."""
    seen: list[str] = []
    original = Screen._refresh_layout

    def counted(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        seen.append(type(self).__name__)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    yield seen


async def test_a_running_timer_and_the_countdowns_tick_without_a_layout(
    services: Services, clock: Clock, layouts: list[str]
) -> None:
    code = open_case(services, "S2")
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        queue = await timer_started_on(app, pilot, code)
        case_screen = app.screen
        timer, pulse = case_screen.query_one(WorkTimer), case_screen.query_one(CasePulse)
        before = (str(timer.render()), str(pulse.render()))
        layouts.clear()
        for _ in range(3):
            clock.now += 61  # a new second on the timer, a new minute on the countdowns
            timer.refresh_text()
            pulse.tick()
            await pilot.pause()
        assert (str(timer.render()), str(pulse.render())) != before
        assert "00:03:03" in str(timer.render())
        assert layouts == []

        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is queue
        badge = queue.query_one(TimerBadge)
        layouts.clear()
        clock.now += 1
        badge.refresh_text()
        await pilot.pause()
        assert "00:03:04" in str(badge.render()) and layouts == []


async def test_the_schedule_line_turns_the_minute_without_a_layout(
    services: Services, clock: Clock, layouts: list[str]
) -> None:
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        line = app.screen.query_one(ScheduleStatus)
        before = str(line.render())
        layouts.clear()
        clock.now += 60
        line.tick()
        await pilot.pause()
        assert str(line.render()) != before and "10:01" in str(line.render())
        assert layouts == []


async def test_a_countdown_line_that_wraps_to_another_height_still_lays_the_screen_out(
    services: Services, layouts: list[str]
) -> None:
    """At 80 columns a change told under the countdowns takes more lines: then, and only then, the
    screen is laid out again, and the line is as tall as what it shows."""
    from jq_console.ui.screens.case import CaseScreen

    code = open_case(services, "S2")
    app = create_app(services, live=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CaseScreen(code))
        await settle(pilot)
        pulse = app.screen.query_one(CasePulse)
        height = pulse.size.height
        layouts.clear()
        pulse.tell_change("Otra consola movió el caso: " + "tomado, iniciado y puesto en espera " * 3)
        await pilot.pause()
        assert layouts and pulse.size.height > height
        assert pulse.size.height == pulse.get_content_height(pulse.container_size, app.size, pulse.content_size.width)
        layouts.clear()
        pulse.tell_change("")
        await pilot.pause()
        assert layouts and pulse.size.height == height
