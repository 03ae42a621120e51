"""An agent with two consoles (at the desk and over SSH) has one timer: started in one, it shows in
the other, where T stops it; stopped in one, it goes from the other. The other console asked to
start a timer was told one already ran, and had no way to see or stop it."""

from __future__ import annotations

import time
from typing import Any

from textual.app import App

from jq_console.application import timer as timers
from jq_console.application.services import Services
from jq_console.application.timer import RunningTimer
from jq_console.ui.support import failure_text
from jq_console.ui.widgets.work_timer import follow_timer

# A person going from one console to another takes seconds: the timer is read again at most this
# often, however busy the office (twenty consoles reading it at every one of two changes a second
# cost the office two points of a core).
FOLLOW_SECONDS = 5.0


class TimerFollower:
    def __init__(self, app: App[Any], services: Services, every: float = FOLLOW_SECONDS) -> None:
        self.app, self.services, self.every = app, services, every  # heard by the pulse's one thread
        self._read: RunningTimer | bool | None = False  # as last read (False: not read yet)
        self._due = False  # the database changed since the last read
        self._last = -every  # when it was last read (monotonic seconds)

    def on_pulse(self, changed: bool) -> None:
        """In the pulse's thread, at every beat: the agent's timer read again when the database changed
        since the last read and `every` seconds have passed; nothing at all while nothing changed."""
        self._due = self._due or changed
        if not self._due or time.monotonic() - self._last < self.every:
            return
        self._due, self._last = False, time.monotonic()
        try:
            timer = timers.timer_of(self.services.engine, self.services.runtime, self.services.login)
        except Exception as error:  # noqa: BLE001 - told; the timer shown stays as it was
            self.app.call_from_thread(self.app.notify, failure_text(error), severity="error", timeout=10)
            return
        if timer == self._read:
            return  # as it was: the console's loop is not woken (twenty consoles, two changes a second)
        self._read = timer
        self.app.call_from_thread(follow_timer, self.app, timer)
