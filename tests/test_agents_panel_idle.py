"""The agents panel reads who is free only when something could have changed it: the database (any
process), a read asked for, or the moment someone's silence turns them away. Before, every console
read the whole board every two seconds, changed or not (docs: README, "The office")."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from pilot_support import settle
from snapshot_support import console
from sqlalchemy import event

from jq_console.application import presence as agent_presence
from jq_console.domain.presence import next_silence
from jq_console.store.engine import make_engine
from jq_console.ui.app import JQConsoleApp
from jq_console.ui.database_pulse import DatabasePulse
from jq_console.ui.widgets.agents_panel import AgentsPanel

MINUTE = 60.0


def test_the_next_silence_is_the_first_moment_someone_turns_away() -> None:
    assert next_silence([100.0, 40.0, None], 50.0, 1) == 100.0  # 40 + 60 s; 160 is later
    assert next_silence([100.0, None], 200.0, 1) is None  # already away: nothing more to wait for
    assert next_silence([], 0.0, 5) is None


async def test_the_panel_reads_the_board_only_after_a_change_a_request_or_a_silence(tmp_path: Path) -> None:
    app = console(tmp_path)
    assert isinstance(app, JQConsoleApp)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(AgentsPanel)
        engine, runtime = app.services.engine, app.services.runtime
        # The beats of a live console's pulse, made here one at a time.
        pulse = DatabasePulse(engine)
        pulse.join(panel)
        await asyncio.to_thread(pulse.beat)  # a newcomer's first beat counts as a change: one read
        assert panel._next_silence is not None
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
        assert statements, "a change made elsewhere is read at the next round"
        await settle(pilot)
        assert panel._board is not None
        assert next(p for p in panel._board.people if p.login == "ana").chosen == "busy"

        statements.clear()
        await asyncio.to_thread(pulse.beat)
        assert statements == []
        panel._asked = True  # what `load()` asks of the live thread (after the agent's own change)
        await asyncio.to_thread(pulse.beat)
        assert statements

        statements.clear()
        silence = panel._next_silence
        assert silence is not None
        app_clock = runtime.clock
        runtime.clock = lambda: silence + MINUTE  # past someone's last sign of life
        try:
            await asyncio.to_thread(pulse.beat)
        finally:
            runtime.clock = app_clock
        assert statements, "silence alone turns someone away: the board is read again"
    engine.dispose()
