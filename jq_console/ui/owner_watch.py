"""Tells an agent, in their own console, when someone else acts on a case they hold (a supervisor
resolving it, a colleague closing it, a reassignment away from them): a toast as soon as this
console notices the change, about once a second (`ui.database_pulse`)."""

from __future__ import annotations

import threading
from typing import Any

from textual.app import App

from jq_console.application.services import Services
from jq_console.i18n import t
from jq_console.presentation.case_timeline import event_phrase
from jq_console.store import queue_sync
from jq_console.store.case_context import Touch, touches_since
from jq_console.store.changes import ChangeWatcher
from jq_console.ui.support import failure_text, one_line


class OwnerWatch:
    def __init__(self, app: App[Any], services: Services) -> None:
        self.app, self.services = app, services
        self._watcher: ChangeWatcher | None = None  # a look of its own (`check`), when no pulse looks for it
        self._last: queue_sync.Mark | None = None
        self._lock = threading.Lock()

    def check(self) -> None:
        """One look of its own (tests and snapshots, which have no pulse)."""
        if self._watcher is None:
            self._watcher = ChangeWatcher(self.services.engine)
        try:
            changed = self._watcher.changed()
        except Exception as error:  # noqa: BLE001 - told; the console works on without these notices
            self.app.call_from_thread(self.app.notify, failure_text(error), severity="error", timeout=10)
            return
        self.on_pulse(changed)

    def on_pulse(self, changed: bool) -> None:
        """In a thread: tell every move by someone else on this agent's cases since the last look."""
        with self._lock:
            try:
                if not changed and self._last is not None:
                    return
                engine, login = self.services.engine, self.services.login
                if self._last is None:  # what happened before the console opened is not news
                    self._last = queue_sync.mark(engine)
                    return
                self._last, touches = touches_since(engine, login, self._last)
            except Exception as error:  # noqa: BLE001 - told; the console works on without these notices
                self.app.call_from_thread(self.app.notify, failure_text(error), severity="error", timeout=10)
                return
        for touch in touches:
            self.app.call_from_thread(self._tell, touch)

    def _tell(self, touch: Touch) -> None:
        self.app.notify(
            t("live.owner_toast", actor=one_line(touch.actor), what=event_phrase(touch.kind), code=touch.code),
            title=t("live.owner_title"),
            severity="warning",
            timeout=15,
        )
