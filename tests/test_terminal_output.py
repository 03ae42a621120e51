"""What a console writes to its terminal, read back through a terminal emulator (pyte): after any
number of one-second ticks the terminal shows what a full repaint would, colours included. Only the
refreshed characters are written (`ui.cropped_update`, `QueueView.tick`), so a stale record of what a
line shows, a line drawn a moment after its tick, or marks that move with time alone would leave
wrong digits on screen; these tests read the screen as the agent would see it."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyte
import pytest
from pilot_support import queue_codes, settle, settle_until
from rich.console import Console
from snapshot_support import clock_of, console, dashboard, on_dashboard, queue_of
from textual.app import App
from textual.pilot import Pilot

from jq_console.domain.sla import ClockState
from jq_console.presentation.clocks import Clock
from jq_console.ui.screens.dashboard import DashboardScreen
from jq_console.ui.widgets import queue_view
from jq_console.ui.widgets.queue_view import QueueView

WIDTH, HEIGHT = 160, 48


class Terminal:
    """A terminal fed with what the app writes (after `PlainApp._display` crops the updates)."""

    def __init__(self) -> None:
        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.stream = pyte.Stream(self.screen)
        self.console = Console(force_terminal=True, width=WIDTH, height=HEIGHT, color_system="truecolor")

    def feed(self, renderable: Any) -> None:
        if hasattr(renderable, "render_segments"):
            self.stream.feed(renderable.render_segments(self.console))
        else:
            self.stream.feed(self.console._render_buffer(self.console.render(renderable)))


def cells(screen: pyte.Screen) -> list[list[tuple[Any, ...]]]:
    return [
        [(c.data, c.fg, c.bg, c.bold, c.reverse) for c in (screen.buffer[y][x] for x in range(WIDTH))]
        for y in range(HEIGHT)
    ]


def wrong_lines(app: App[None], terminal: Terminal) -> list[str]:
    """The lines where the terminal differs from a full repaint of the screen as it stands."""
    repaint = Terminal()
    repaint.feed(app.screen._compositor.render_full_update())
    shown, expected = cells(terminal.screen), cells(repaint.screen)
    return [
        f"{y}: shows {terminal.screen.display[y][60:115]!r}, should {repaint.screen.display[y][60:115]!r}"
        for y in range(HEIGHT)
        if shown[y] != expected[y]
    ]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    fed = Terminal()

    def display(app: App[None], screen: Any, renderable: Any) -> None:
        if renderable is not None and not app._batch_count:
            fed.feed(renderable)

    monkeypatch.setattr(App, "_display", display)  # what the driver would write, headless
    return fed


def at(instant: float) -> Callable[[], float]:
    """A clock stopped at `instant`."""
    return lambda: instant


async def shown_queue(pilot: Pilot[None]) -> QueueView:
    await settle_until(pilot, lambda: bool(queue_of(pilot).model.keys), "the queue loaded")
    await settle(pilot)
    return pilot.app.screen.query_one(QueueView)


async def test_a_minute_of_ticks_leaves_the_screen_a_full_repaint_would_show(
    tmp_path: Path, terminal: Terminal
) -> None:
    app = console(tmp_path)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        view = await shown_queue(pilot)
        start = view.now()
        for second in range(61):
            view.now = at(start + second)
            view.tick()
            await settle(pilot)
        assert wrong_lines(app, terminal) == []


async def test_marks_that_turn_with_time_alone_are_drawn(
    tmp_path: Path, terminal: Terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A verification falls overdue with time alone: its mark appears without any change stored."""
    app = console(tmp_path)
    start = clock_of(app)()
    monkeypatch.setattr(queue_view, "queue_marks", lambda runtime, case, now: "V " if now > start else "  ")
    # ... as its hold says: the marks read alike until `start`, not a moment longer.
    hold = lambda runtime, case, now: start if now <= start else math.inf  # noqa: E731
    monkeypatch.setattr(queue_view, "queue_marks_hold", hold)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        view = await shown_queue(pilot)
        assert view.now() == start
        await settle(pilot)
        assert all(line[19] == " " for line in terminal.screen.display[3 : 3 + min(len(view.rows), 10)])
        view.tick()
        await settle(pilot)
        view.now = at(start + 1)
        view.tick()
        await settle(pilot)
        assert wrong_lines(app, terminal) == []
        assert all(line[19] == "V" for line in terminal.screen.display[3 : 3 + min(len(view.rows), 10)])


async def test_lines_are_drawn_at_the_instant_their_tick_compared(tmp_path: Path, terminal: Terminal) -> None:
    """A tick just before a second turns and a redraw just after: only the characters the tick
    found changed are written, so the line must show the tick's instant, not a mix of two."""
    app = console(tmp_path)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        view = await shown_queue(pilot)
        start = view.now()
        wrong = []
        for second in range(1, 25):
            view.now = at(start + second - 0.001)
            view.tick()
            view.now = at(start + second + 0.001)
            await settle(pilot)
            view.now = at(start + second - 0.001)  # the screen as the tick left it
            wrong += wrong_lines(app, terminal)  # a wrong digit heals a tick later: looked at each time
        assert wrong == []


async def test_a_page_down_then_ticks_compare_with_what_each_line_shows(tmp_path: Path, terminal: Terminal) -> None:
    """After a scroll each line shows another case; a tick compares with what is on the line now.
    Cases an hour and a second apart share every digit but the hour's and the second's."""
    app = console(tmp_path)
    async with app.run_test(size=(WIDTH, 20)) as pilot:
        view = await shown_queue(pilot)
        start = view.now()
        codes = queue_codes(view)

        def clocks(case: Any, now: float) -> tuple[Clock, Clock]:
            left = 76199 - 3599 * (codes.index(case.code) % 2) - (now - start)
            return (Clock("assignment", ClockState.OK, left, None, False),) * 2

        view._clocks = clocks  # type: ignore[method-assign]
        view.refresh()
        view.tick()
        await settle(pilot)
        view.action_page(1)
        await settle(pilot)
        for second in range(1, 12):
            view.now = at(start + second)
            view.tick()
            await settle(pilot)
        assert wrong_lines(app, terminal) == []


async def test_two_minutes_of_the_dashboards_ticks_leave_what_a_full_repaint_would_show(
    tmp_path: Path, terminal: Terminal
) -> None:
    """The at-risk rows whose clock was kept keep their cells, which the table skips by identity
    (`ui.view_models.risk_rows`, `PlainTable.show_rows`); only the cells that changed are written.
    The terminal ends as a full repaint shows it (what the rows read is
    `test_dashboard_history.py`'s part)."""
    app = dashboard(tmp_path)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await on_dashboard(pilot)
        clock = clock_of(app)
        start = clock.at + 0.37  # a tick falls between the deadlines' whole seconds
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        for second in range(120):
            clock.at = start + second * 1.0
            screen.tick()
            await pilot.pause()
        await settle(pilot)
        assert wrong_lines(app, terminal) == []
