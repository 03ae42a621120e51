"""The case screen's live link: its clocks tick every second, and a change made by another
console (noticed by the console's pulse, about once a second: `ui.database_pulse`) reloads the case and shows
one line saying who did what; a note, time or a client's e-mail added elsewhere, which moves nothing,
reloads it too, without that line. A dialog open on the case meanwhile is told before anything is
applied; what was typed in it stays."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from textual import work
from textual.message import Message

from jq_console.application.case_view import case_look
from jq_console.domain.cases import Case
from jq_console.i18n import short_datetime, t
from jq_console.presentation.case_timeline import event_phrase
from jq_console.store.cases import CaseLook, Event
from jq_console.store.changes import ChangeWatcher
from jq_console.ui.database_pulse import look_alone, pulse_of
from jq_console.ui.screens.case_safety import SafeMoves
from jq_console.ui.screens.dialog_base import DialogScreen
from jq_console.ui.support import attempt, one_line, services_of


class LiveCase(SafeMoves):
    code: str
    _watcher: ChangeWatcher | None = None
    _shown_version: int | None = None
    _shown_look: CaseLook | None = None  # the case shown: its version, its client's revision, its trails, its database

    @dataclass
    class Stale(Message):
        """The stored case is newer than the one shown."""

        version: int

    def start_live(self) -> None:
        self._checking = threading.Lock()
        pulse = pulse_of(self)
        if getattr(self.app, "live", True) and pulse is not None:
            pulse.join(self)
        else:
            self._watcher = ChangeWatcher(services_of(self).engine)

    def on_unmount(self) -> None:
        pulse = pulse_of(self)
        if pulse is not None:
            pulse.leave(self)
        if self._watcher is not None:
            self._watcher.close()

    @work(thread=True, group="case-watch")
    def poll_once(self) -> None:
        """One look of its own now, for a console without a pulse (tests, snapshots)."""
        with self._checking:
            look_alone(self, self._watcher, self)

    def on_pulse(self, changed: bool) -> None:
        # Nothing changed anywhere: not even the case's look is read (an idle console stays idle).
        # Something did: one statement says whether it touched this case, its conversation included.
        if not changed:
            return
        services = services_of(self)
        look = attempt(self, lambda: case_look(services, self.code))
        if look is not None and self._shown_look is not None and look != self._shown_look:
            self.post_message(self.Stale(look.version))

    def on_live_case_stale(self, message: Stale) -> None:
        self.reload_case()

    def note_shown(self, case: Case, look: CaseLook | None, history: list[Event], first: bool, own_move: bool) -> str:
        """After a (re)load: the line saying what another console did, if that is why it changed
        (a client edited changes no version, and says nothing); a dialog open on the case is told too."""
        version, self._shown_look = case.version, look
        before, self._shown_version = self._shown_version, version
        if first or own_move or before == version or not history:
            return ""
        newest = history[-1]
        if newest.actor == services_of(self).login:
            return ""
        what = event_phrase(newest.kind)
        runtime = services_of(self).runtime
        line = t(
            "live.changed",
            when=short_datetime(runtime.local(newest.at)),
            actor=one_line(newest.actor),
            what=what,
        )
        self.notify(t("live.changed_toast", code=self.code, actor=one_line(newest.actor), what=what))
        for screen in self.app.screen_stack:
            if isinstance(screen, DialogScreen) and screen.is_attached:
                screen.case_changed(t("live.stale", actor=one_line(newest.actor), what=what))
        return line
