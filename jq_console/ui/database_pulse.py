"""One thread per console that asks the database whether anything changed, about once a second, and
hands the answer to each live part of the screen in turn: the queue (with the agents panel it
draws), an open case, the watch on the agent's own cases.

Each part used to run a thread and a watching connection of its own, each waking every second or two
to ask the same question (`store.changes.ChangeWatcher`). Now the question is asked once; a part reads
what it shows only when the answer is yes, or when it has a reason of its own (a move of ours, a first
look, someone's silence turning them away). The parts' reads run here, one after the other."""

from __future__ import annotations

import threading
from typing import Protocol

from sqlalchemy import Engine
from textual.dom import DOMNode

from jq_console.domain.coded import CodedError
from jq_console.logs import unexpected
from jq_console.store.changes import ChangeWatcher
from jq_console.ui.support import attempt

POLL_SECONDS = 1.0


class Follower(Protocol):
    def on_pulse(self, changed: bool) -> None:
        """In the pulse's thread. `changed`: the database changed since the previous beat (or could
        have: the check itself failed). A follower tells its own failures, as it knows how."""


class DatabasePulse:
    def __init__(self, engine: Engine, seconds: float = POLL_SECONDS) -> None:
        self._watcher = ChangeWatcher(engine)
        self._seconds = seconds
        self._followers: list[Follower] = []
        self._new: list[Follower] = []  # their first beat counts as a change: an earlier beat may have seen it
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = threading.Event()

    def join(self, follower: Follower) -> None:
        """`follower` hears every beat from the next one on, which comes at once."""
        with self._lock:
            if follower not in self._followers:
                self._followers.append(follower)
                self._new.append(follower)
        self._wake.set()

    def leave(self, follower: Follower) -> None:
        with self._lock:
            if follower in self._followers:
                self._followers.remove(follower)
            if follower in self._new:
                self._new.remove(follower)

    def wake(self) -> None:
        """Beat now rather than at the end of the second (after a move of ours)."""
        self._wake.set()

    def stop(self) -> None:
        self._stopped.set()
        self._wake.set()

    def run(self) -> None:
        """The thread's body, until `stop`; the watching connection is closed on the way out."""
        try:
            while not self._stopped.is_set():
                self.beat()
                self._wake.wait(self._seconds)
                self._wake.clear()
        finally:
            self._watcher.close()

    def beat(self) -> None:
        with self._lock:
            followers, new = tuple(self._followers), tuple(self._new)
            self._new.clear()
        if not followers:
            return
        try:
            changed = self._watcher.changed()
        except Exception as error:  # noqa: BLE001 - counted as a change: each follower's read meets it and tells it
            if not isinstance(error, CodedError):
                unexpected(error)  # its traceback in the log; the followers say it in a sentence
            changed = True
        for follower in followers:
            if self._stopped.is_set():
                return
            follower.on_pulse(changed or follower in new)


def look_alone(node: DOMNode, watcher: ChangeWatcher | None, follower: Follower) -> None:
    """A screen's own look, in an app without a pulse (tests and snapshots, which look when they
    choose): its own watcher asked once; a failure is told on `node` and nothing more is read."""
    changed = None if watcher is None else attempt(node, watcher.changed)
    if changed is not None:
        follower.on_pulse(changed)


def pulse_of(node: DOMNode) -> DatabasePulse | None:
    """The app's pulse; None when the app does not follow the database by itself (tests and
    snapshots choose when to look)."""
    pulse = getattr(node.app, "pulse", None)
    return pulse if isinstance(pulse, DatabasePulse) else None
