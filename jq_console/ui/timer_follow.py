"""An agent with two consoles (at the desk and over SSH) has one timer: started in one, it shows in
the other, where T stops it; stopped in one, it goes from the other. The other console asked to
start a timer was told one already ran, and had no way to see or stop it."""

from __future__ import annotations

import threading
from typing import Any

from textual.app import App

from jq_console.application import timer as timers
from jq_console.application.services import Services
from jq_console.application.timer import RunningTimer
from jq_console.ui.support import failure_text
from jq_console.ui.widgets.work_timer import follow_timer


class TimerFollower:
    def __init__(self, app: App[Any], services: Services) -> None:
        self.app, self.services = app, services
        self._lock = threading.Lock()
        self._read: RunningTimer | bool | None = False  # as last read (False: not read yet)

    def on_pulse(self, changed: bool) -> None:
        """In the pulse's thread: the agent's timer read again, only when the database changed."""
        if not changed:
            return
        with self._lock:
            try:
                timer = timers.timer_of(self.services.engine, self.services.runtime, self.services.login)
            except Exception as error:  # noqa: BLE001 - told; the timer shown stays as it was
                self.app.call_from_thread(self.app.notify, failure_text(error), severity="error", timeout=10)
                return
            if timer == self._read:
                return  # as it was: the console's loop is not woken (twenty consoles, two changes a second)
            self._read = timer
        self.app.call_from_thread(follow_timer, self.app, timer)
