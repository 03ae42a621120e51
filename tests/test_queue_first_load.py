"""The queue's first load is one the app waits for. The screen checks the database on mount and
again on its first resume; the second check used to cancel the first, whose thread went on and
posted the queue after the console looked quiet, so a test or a snapshot could see it empty."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pilot_support import settle
from textual.worker import Worker, get_current_worker

from jq_console.bootstrap import frozen_clock
from jq_console.store import cases as case_store
from jq_console.store import queue_sync
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.screens.queue import QueueScreen

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))
ROUNDS = 200  # pauses allowed for the screen to ask for its second check (it takes one or two)


async def test_a_second_check_waits_for_the_first_instead_of_cancelling_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = demo_services(str(tmp_path / "q.sqlite"), cases=60, seed=11, clock=frozen_clock(NOW))
    expected = len(case_store.open_cases(services.engine))
    release = threading.Event()
    held: list[Worker[object]] = []
    asked = [0]
    read = queue_sync.whole_queue

    def held_read(*args: Any, **kwargs: Any) -> queue_sync.WholeQueue:
        """The first full read waits until the test has seen the screen ask for a second check."""
        if not held:
            held.append(get_current_worker())
            release.wait()
        return read(*args, **kwargs)

    real_poll = QueueScreen.poll

    def counted_poll(screen: QueueScreen) -> None:
        asked[0] += 1
        real_poll(screen)

    monkeypatch.setattr(queue_sync, "whole_queue", held_read)
    monkeypatch.setattr(QueueScreen, "poll", counted_poll)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 36)) as pilot:
        try:
            for _ in range(ROUNDS):
                if held and asked[0]:
                    break
                await pilot.pause()
            assert held and asked[0] == 1, "the screen did not check twice on opening"
            assert not held[0].is_cancelled  # its thread cannot stop: cancelled, its answer would come unawaited
        finally:
            release.set()  # never leave the reading thread blocked, whatever failed
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        assert len(screen.model.keys) == expected > 0
