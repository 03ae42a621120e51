"""The loop a live screen (the queue, the case screen) runs in one long-lived thread: check the
database, then wait until woken or `seconds` passed; cheaper than starting a worker per second."""

from __future__ import annotations

import threading
from typing import Protocol

from textual.worker import get_current_worker

from jq_console.store.changes import ChangeWatcher


class Followed(Protocol):
    @property
    def _unwatched(self) -> bool: ...
    @property
    def _wake(self) -> threading.Event: ...
    @property
    def _watcher(self) -> ChangeWatcher | None: ...
    def _check(self) -> None: ...


def follow(owner: Followed, seconds: float) -> None:
    """Run inside the owner's thread worker until it is cancelled or the screen closes; the watcher's
    connection is closed on the way out."""
    worker = get_current_worker()
    try:
        while not worker.is_cancelled and not owner._unwatched:
            owner._check()
            owner._wake.wait(seconds)
            owner._wake.clear()
    finally:
        if owner._watcher is not None:
            owner._watcher.close()
