"""One agent, two consoles (the desk's and one over SSH), one timer: started in one, the other shows
it and stops it with T; stopped in one, it goes from the other. The second console used to say a
timer already ran, with no way to see or stop it."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import settle, settle_until
from sqlalchemy import Engine
from store_backends import postgres_url, register_case, seed_client, store, store_url  # noqa: F401

from jq_console.application import timer as timers
from jq_console.bootstrap import Runtime
from jq_console.store import cases as case_store
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.widgets.work_timer import TimerBadge, running_timer

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota")).timestamp()


def frozen() -> float:
    return NOW


async def test_a_timer_started_or_stopped_in_another_console_of_the_agent_shows_here(tmp_path: Path) -> None:
    db = str(tmp_path / "two.sqlite")
    here = demo_services(db, login="jvargas", clock=frozen)
    there = demo_services(db, login="jvargas", clock=frozen)  # the other console: its own engine
    case = next(c for c in case_store.open_cases(there.engine) if c.agent == "jvargas" and c.status == "in_progress")
    app = create_app(here, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert running_timer(app) is None
        app.timer_follower.every = 0  # every beat reads (the live console reads at most every 5 s)

        started = timers.start_timer(there.engine, there.runtime, "jvargas", "agent", case.code)
        await asyncio.to_thread(app.timer_follower.on_pulse, True)  # what the live console's pulse does
        await settle_until(pilot, lambda: running_timer(app) == started, "the timer from the other console")
        await settle_until(pilot, lambda: bool(app.screen.query(TimerBadge)), "its badge")

        await pilot.press("T")  # stopped from here
        await settle_until(pilot, lambda: timers.timer_of(there.engine, there.runtime, "jvargas") is None, "stopped")
        await asyncio.to_thread(app.timer_follower.on_pulse, True)  # the beat after that change

        timers.start_timer(there.engine, there.runtime, "jvargas", "agent", case.code)
        await asyncio.to_thread(app.timer_follower.on_pulse, True)
        await settle_until(pilot, lambda: running_timer(app) is not None, "started there again")
        timers.stop_timer(there.engine, there.runtime, "jvargas", None, "")  # and stopped there
        await asyncio.to_thread(app.timer_follower.on_pulse, True)
        await settle_until(pilot, lambda: running_timer(app) is None, "gone from here too")
        await settle_until(pilot, lambda: not app.screen.query(TimerBadge), "its badge gone")
    here.engine.dispose()
    there.engine.dispose()


def test_a_timer_started_or_stopped_is_a_change_the_other_consoles_hear(store: Engine, runtime: Runtime) -> None:
    """On PostgreSQL a console hears of changes by NOTIFY, from the tables that have its trigger: a
    timer started, or stopped without logging time, writes `work_timer` alone (migration 0019)."""
    from jq_console.store import directory, work_timers
    from jq_console.store.changes import ChangeWatcher

    client_id, contact_id = seed_client(store)
    code = register_case(store, runtime, client_id, contact_id)
    directory.add_agent(store, "jvargas", "Julián Vargas", "agent")
    watcher = ChangeWatcher(store)
    watcher.changed()
    assert not watcher.changed()
    work_timers.start_timer(store, "jvargas", code, runtime.now())
    assert watcher.changed()
    work_timers.stop_timer(store, "jvargas", None, "", runtime.now())
    assert watcher.changed()
    watcher.close()


def test_a_stream_of_changes_reads_the_timer_at_most_every_few_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twenty consoles reading their agent's timer at each of two changes a second cost the office two
    points of a core: a follower reads at most every `every` seconds, a change it let pass included."""
    from types import SimpleNamespace

    from jq_console.ui.timer_follow import TimerFollower

    services = demo_services(str(tmp_path / "busy.sqlite"), login="jvargas", clock=frozen)
    reads: list[float] = []
    now = [100.0]
    monkeypatch.setattr("jq_console.ui.timer_follow.time", SimpleNamespace(monotonic=lambda: now[0]))
    monkeypatch.setattr("jq_console.ui.timer_follow.timers.timer_of", lambda *args: reads.append(now[0]))
    follower = TimerFollower(SimpleNamespace(call_from_thread=lambda *a, **k: None), services)  # type: ignore[arg-type]

    def beat(at: float, changed: bool) -> None:
        now[0] = at
        follower.on_pulse(changed)

    beat(100, True)  # read
    beat(101, True)  # too soon: left for later
    beat(104, False)
    beat(105, False)  # five seconds on: the change of 101 is read now
    beat(120, False)  # nothing changed since: nothing read
    for tick in range(20):  # two changes a second for ten seconds
        beat(121 + tick / 2, True)
    assert reads == [100, 105, 121, 126]
    services.engine.dispose()
