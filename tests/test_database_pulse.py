"""One look at the database a second for the whole console (`ui.database_pulse`): the queue (with the
agents panel it draws), an open case and the watch on the agent's own cases hear the same answer, instead of each
running a thread and a watching connection of its own (docs: README, "The office")."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from snapshot_support import demo_copy
from sqlalchemy.engine import Engine
from store_backends import postgres_url, register_case, seed_client, store, store_url  # noqa: F401

from jq_console.application import presence as agent_presence
from jq_console.bootstrap import Runtime
from jq_console.domain import lifecycle
from jq_console.store import changes, moves
from jq_console.store.engine import make_engine
from jq_console.ui import database_pulse
from jq_console.ui.app import create_app
from jq_console.ui.database_pulse import DatabasePulse


class Heard:
    def __init__(self) -> None:
        self.answers: list[bool] = []

    def on_pulse(self, changed: bool) -> None:
        self.answers.append(changed)


def test_every_follower_hears_the_same_answer_and_a_newcomer_hears_a_change_first(tmp_path: Path) -> None:
    services = demo_copy(tmp_path, 20)
    pulse = DatabasePulse(services.engine)
    queue, panel = Heard(), Heard()
    pulse.join(queue)
    pulse.beat()  # the watcher's first look counts as a change
    pulse.beat()
    pulse.join(panel)
    pulse.beat()  # nothing changed, but the newcomer may have missed what an earlier beat saw
    other = make_engine(str(tmp_path / "snap.sqlite"))  # another console
    agent_presence.set_availability(other, services.runtime, "ana", "busy")
    other.dispose()
    pulse.beat()
    pulse.leave(queue)
    pulse.beat()
    assert queue.answers == [True, False, False, True]
    assert panel.answers == [True, True, False]


def test_a_pulse_on_a_read_only_engine_hears_a_move_made_elsewhere_on_both_engines(
    store: Engine, store_url: str, runtime: Runtime
) -> None:
    """SQLite through `PRAGMA data_version`, PostgreSQL through LISTEN: the same answers."""
    client_id, contact_id = seed_client(store)
    code = register_case(store, runtime, client_id, contact_id)
    readonly = make_engine(store_url, readonly=True)  # as the dashboard's, the strictest
    pulse = DatabasePulse(readonly)
    heard = Heard()
    pulse.join(heard)
    try:
        pulse.beat()  # a newcomer's first beat
        pulse.beat()
        moves.apply(store, runtime, code, "ana", lambda case: lifecycle.take(case, "ana", runtime.now()))
        pulse.beat()
        pulse.beat()
    finally:
        pulse.stop()
        pulse._watcher.close()
        readonly.dispose()
    assert heard.answers == [True, False, True, False]


def test_a_check_that_fails_counts_as_a_change_and_goes_to_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = demo_copy(tmp_path, 20)
    pulse = DatabasePulse(services.engine)
    heard = Heard()
    pulse.join(heard)
    logged: list[BaseException] = []

    def broken(_self: Any) -> bool:
        raise RuntimeError("the watching connection broke")

    monkeypatch.setattr(changes.ChangeWatcher, "changed", broken)

    def log(error: BaseException) -> str:
        logged.append(error)
        return "told"

    monkeypatch.setattr(database_pulse, "unexpected", log)
    pulse.beat()
    assert heard.answers == [True], "each follower reads, meets the trouble and tells it"
    assert [str(error) for error in logged] == ["the watching connection broke"]


def test_stop_ends_the_thread_and_closes_its_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    services = demo_copy(tmp_path, 20)
    closed: list[bool] = []
    close = changes.ChangeWatcher.close

    def closing(self: changes.ChangeWatcher) -> None:
        closed.append(True)
        close(self)

    monkeypatch.setattr(changes.ChangeWatcher, "close", closing)
    pulse = DatabasePulse(services.engine, seconds=3600)  # only a wake moves it
    heard = Heard()
    pulse.join(heard)
    thread = threading.Thread(target=pulse.run)
    thread.start()
    pulse.stop()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert closed == [True]


async def test_a_live_console_watches_the_database_once_for_all_its_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    watchers: list[object] = []
    made = changes.ChangeWatcher.__init__

    def counted(self: changes.ChangeWatcher, engine: Any) -> None:
        watchers.append(self)
        made(self, engine)

    monkeypatch.setattr(changes.ChangeWatcher, "__init__", counted)
    app = create_app(demo_copy(tmp_path, 20), live=True)
    async with app.run_test(size=(160, 48)) as pilot:
        pulse = app.pulse
        assert pulse is not None
        names: set[str] = set()
        for _ in range(200):  # the screens mount over a few rounds of messages, no time involved
            await pilot.pause()
            with pulse._lock:
                names = {type(follower).__name__ for follower in pulse._followers}
            if {"QueueScreen", "OwnerWatch", "TimerFollower"} <= names:
                break
        # The agents panel is drawn by the queue screen, which reads the directory for it.
        assert names == {"QueueScreen", "OwnerWatch", "TimerFollower"}  # the agent's timer: ui/timer_follow.py
        assert len(watchers) == 1, "one watching connection for the whole console"
