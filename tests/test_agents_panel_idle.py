"""The agents panel costs its console almost nothing: its counts come from the open cases the queue
already holds, and the directory is read only when something could have changed it (the database,
any process), a read was asked for, or someone's silence turns them away. Before, every console read
the whole board, three queries, every two seconds, changed or not, and later at every other
changed beat (docs: README, "The office")."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from office_support import counted_board
from pilot_support import queue_cases, settle
from snapshot_support import console
from sqlalchemy import event
from textual.pilot import Pilot

from jq_console.application import cases as moves
from jq_console.application import presence as agent_presence
from jq_console.domain.presence import next_silence
from jq_console.store.engine import make_engine
from jq_console.ui.app import JQConsoleApp
from jq_console.ui.database_pulse import DatabasePulse
from jq_console.ui.screens.queue import QueueScreen
from jq_console.ui.widgets.agents_panel import AgentsPanel
from jq_console.ui.widgets.queue_view import QueueView

MINUTE = 60.0


def test_the_next_silence_is_the_first_moment_someone_turns_away() -> None:
    assert next_silence([100.0, 40.0, None], 50.0, 1) == 100.0  # 40 + 60 s; 160 is later
    assert next_silence([100.0, None], 200.0, 1) is None  # already away: nothing more to wait for
    assert next_silence([], 0.0, 5) is None


def _reads_of_the_directory(statements: list[str]) -> list[str]:
    return [s for s in statements if "FROM agent" in s]


@asynccontextmanager
async def _on_a_pulse(tmp_path: Path) -> AsyncIterator[tuple[JQConsoleApp, Pilot[None], QueueScreen, DatabasePulse]]:
    """Ana's console, its queue screen following a pulse whose beats the test makes one at a time
    (a live console's come once a second), after its first beat (a newcomer's counts as a change)."""
    app = console(tmp_path)
    assert isinstance(app, JQConsoleApp)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        pulse = DatabasePulse(app.services.engine)
        pulse.join(screen)
        await asyncio.to_thread(pulse.beat)
        await settle(pilot)
        yield app, pilot, screen, pulse


async def test_the_directory_is_read_only_after_a_change_a_request_or_a_silence(tmp_path: Path) -> None:
    async with _on_a_pulse(tmp_path) as (app, pilot, screen, pulse):
        panel = screen.query_one(AgentsPanel)
        engine, runtime = app.services.engine, app.services.runtime
        assert screen.agents_feed.next_silence is not None
        statements: list[str] = []

        def counted(*args: Any) -> None:
            statements.append(str(args[2]))

        event.listen(engine, "before_cursor_execute", counted)
        for _ in range(3):
            await asyncio.to_thread(pulse.beat)
        assert statements == []  # idle: the change check reads no table

        other = make_engine(str(tmp_path / "snap.sqlite"))  # another console's connection
        agent_presence.set_availability(other, runtime, "ana", "busy")
        other.dispose()
        await asyncio.to_thread(pulse.beat)
        assert _reads_of_the_directory(statements), "a change made elsewhere is read at the next beat"
        await settle(pilot)
        assert panel._board is not None
        assert next(p for p in panel._board.people if p.login == "ana").chosen == "busy"

        statements.clear()
        await asyncio.to_thread(pulse.beat)
        assert statements == []
        screen.agents_feed.ask()  # what the panel asks of its screen after the agent's own change
        await asyncio.to_thread(pulse.beat)
        assert _reads_of_the_directory(statements)

        statements.clear()
        silence = screen.agents_feed.next_silence
        assert silence is not None
        app_clock = runtime.clock
        runtime.clock = lambda: silence + MINUTE  # past someone's last sign of life
        try:
            await asyncio.to_thread(pulse.beat)
        finally:
            runtime.clock = app_clock
        assert _reads_of_the_directory(statements), "silence alone turns someone away: the directory is read again"
    engine.dispose()


async def test_a_case_taken_elsewhere_moves_the_panels_counts_without_counting_in_the_database(
    tmp_path: Path,
) -> None:
    async with _on_a_pulse(tmp_path) as (app, pilot, screen, pulse):
        panel = screen.query_one(AgentsPanel)
        engine, runtime = app.services.engine, app.services.runtime
        minutes = runtime.policy.away_after_minutes
        assert panel._board == counted_board(engine, runtime.now(), minutes)
        unassigned = [case for case in queue_cases(app.services, screen.query_one(QueueView)) if case.agent is None]
        urgent = next(case for case in unassigned if case.severity == "S3")
        other_case = next(case for case in unassigned if case.severity != "S3")
        before = next(p.open_cases for p in panel._board.people if p.login == "cmejia")
        statements: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *args: statements.append(str(args[2])))

        other = make_engine(str(tmp_path / "snap.sqlite"))  # another console takes two cases
        moves.take(other, runtime, "cmejia", urgent.code)
        moves.take(other, runtime, "cmejia", other_case.code)
        other.dispose()
        for _ in range(2):  # a change waits for the panel's next read, at most a beat more
            await asyncio.to_thread(pulse.beat)
            await settle(pilot)

        counts = [s for s in statements if "count(" in s.lower() or "GROUP BY" in s]
        assert counts == [], "the counts come from the open cases' agents the console holds"
        assert _reads_of_the_directory(statements)
        board = panel._board
        assert board is not None
        assert board == counted_board(engine, runtime.now(), minutes)  # as the database counts it
        assert urgent.code not in board.urgent
        held = next(p.open_cases for p in board.people if p.login == "cmejia")
        assert held == before + 2
    engine.dispose()
