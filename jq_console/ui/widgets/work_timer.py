"""The start/stop work timer of the case screen, and the badge that keeps a running timer visible.

A timer belongs to the agent, not to a screen nor to a console: it is kept in the database
(`application.timer`), so leaving the case screen, closing the console or losing the SSH link
does not stop it, and the console shows it again when it opens (`restore_timer`). While one runs,
every (non-modal) screen shows a `TimerBadge` with the case and the elapsed time, so a timer can
never run unseen. Stopping turns the run into a time entry and ends the stored timer in one
write; a run that went past the end of its working day asks first how much of it to log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from rich.text import Text
from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen, Screen

from jq_console.application import timer as timers
from jq_console.application.timer import RunningTimer
from jq_console.domain.billing import ENTRY_TOO_LONG, timer_minutes
from jq_console.domain.cases import Refused
from jq_console.i18n import duration, t
from jq_console.ui.key_hints import key_hint
from jq_console.ui.messages import ActionDone, ActionFailed
from jq_console.ui.support import SteadyStatic, attempt, failure_text, services_of


class OverrunToCount(Message):
    """A stopped run went past its working day: the app asks how many minutes to log and calls
    `decided` with the answer (None: discard)."""

    def __init__(
        self, code: str, end_text: str, total: int, until_end: int, decided: Callable[[int | None], None]
    ) -> None:
        super().__init__()
        self.code, self.end_text, self.total, self.until_end = code, end_text, total, until_end
        self.decided = decided


_RUNNING: WeakKeyDictionary[App[Any], RunningTimer] = WeakKeyDictionary()
_WATCHED: WeakKeyDictionary[App[Any], bool] = WeakKeyDictionary()
# Consoles whose stop is being written: the database still holds the timer meanwhile, which another
# console's change must not bring back (`follow_timer`).
_STOPPING: WeakKeyDictionary[App[Any], bool] = WeakKeyDictionary()


def running_timer(app: App[Any]) -> RunningTimer | None:
    return _RUNNING.get(app)


def _keep(app: App[Any], timer: RunningTimer) -> None:
    """The running timer as this console knows it, shown on every screen from now on."""
    _RUNNING[app] = timer
    if not _WATCHED.get(app):
        _WATCHED[app] = True
        app.screen_change_signal.subscribe(app, lambda _screen: _show_badges(app))
    _show_badges(app)
    _refresh_all(app)


def follow_timer(app: App[Any], timer: RunningTimer | None) -> None:
    """The agent's timer as the database now holds it, started or stopped in another console of
    theirs: shown (and stoppable) here too, or gone from here too."""
    if timer == running_timer(app) or _STOPPING.get(app):
        return
    if timer is None:
        _RUNNING.pop(app, None)
        _refresh_all(app)
    else:
        _keep(app, timer)


def ask_overrun(app: App[Any], timer: RunningTimer, decided: Callable[[int | None], None]) -> None:
    """The agent decides what to count of a run past its working day (the app opens the dialog)."""
    runtime = services_of(app.screen).runtime
    now = runtime.now()
    total = timer_minutes(timer.started_at, now)
    until_end = timer_minutes(timer.started_at, timer.day_end)
    end_text = runtime.local(timer.day_end).strftime("%H:%M")
    app.post_message(OverrunToCount(timer.code, end_text, total, until_end, decided))


def restore_timer(app: App[Any]) -> None:
    """At start-up: the agent's timer kept in the database (from this console or one that was
    closed) runs on; one that passed its working day's close asks at once what to count."""
    services = services_of(app.screen)

    def run() -> None:
        try:
            timer = timers.timer_of(services.engine, services.runtime, services.login)
        except Exception as error:  # noqa: BLE001 - told; the console works on without the timer
            app.call_from_thread(app.notify, failure_text(error), severity="error", timeout=10)
            return
        if timer is not None:
            app.call_from_thread(_restored, app, timer)

    app.run_worker(run, thread=True, group="work-timer")


def _restored(app: App[Any], timer: RunningTimer) -> None:
    _keep(app, timer)
    app.notify(
        t(
            "live.timer.restored",
            case=timer.code,
            elapsed=duration(services_of(app.screen).runtime.now() - timer.started_at),
        )
    )
    if services_of(app.screen).runtime.now() > timer.day_end:
        ask_overrun(app, timer, lambda minutes: finish_timer(app, timer, minutes))


def finish_timer(app: App[Any], timer: RunningTimer, minutes: int | None) -> None:
    """Stop the stored timer: log `minutes` (None: nothing) in an app-owned thread worker."""
    _RUNNING.pop(app, None)
    _STOPPING[app] = True
    _refresh_all(app)
    screen = app.screen
    services = services_of(screen)
    too_short = minutes is not None and minutes < 1
    if too_short:
        app.notify(t("timer.too_short"), severity="warning")  # said once: not again as "not logged"
        minutes = None

    def run() -> None:
        try:
            stop()
        finally:
            app.call_from_thread(_STOPPING.pop, app, None)

    def stop() -> None:
        try:
            entry = timers.stop_timer(services.engine, services.runtime, services.login, minutes, t("timer.note"))
        except Exception as error:  # noqa: BLE001 - told to the agent, who can log the time by hand
            _tell(app, screen, ActionFailed(failure_text(error)))
            if isinstance(error, Refused) and error.code == ENTRY_TOO_LONG:
                # More than a day counted: the stop rolled back and the stored timer runs on. Shown
                # again, and asked again, so the agent counts it up to the end of its day instead.
                app.call_from_thread(restore_timer, app)
            return
        if entry is not None:
            _tell(app, screen, ActionDone(timer.code, t("timer.logged", minutes=entry.minutes, case=timer.code)))
        elif minutes is None and not too_short:
            app.call_from_thread(app.notify, t("timer.discarded", case=timer.code), severity="warning")

    app.run_worker(run, thread=True, group="work-timer")


def _show_badges(app: App[Any]) -> None:
    """Put a badge on the current screen unless it is a dialog or already shows this timer."""
    screen = app.screen
    if running_timer(app) is None or isinstance(screen, ModalScreen):
        return
    if not screen.query(TimerBadge) and not screen.query(WorkTimer):
        screen.mount(TimerBadge())


def _refresh_all(app: App[Any]) -> None:
    for screen in app.screen_stack:
        for node in (*screen.query(TimerBadge), *screen.query(WorkTimer)):
            node.refresh_text()
        if running_timer(app) is None:
            screen.query(TimerBadge).remove()


def timer_binding() -> Binding:
    """The case screen's key for the timer, which the timer's hints name (`key_hint`)."""
    return Binding("T", "timer", t("timer.toggle"), tooltip=t("timer.tip.toggle"), id="case.timer")


def stop_binding() -> Binding:
    """The same key on every other screen, where it can only stop the timer that runs (the app's)."""
    return Binding("T", "timer", t("timer.stop_any"), tooltip=t("timer.tip.stop_any"), id="app.timer", show=False)


def stop_running_timer(app: App[Any]) -> None:
    """Stop the running timer, if one runs: its minutes are logged, or, for a run past its working
    day, the agent is asked what to count."""
    timer = running_timer(app)
    if timer is None:
        return
    now = services_of(app.screen).runtime.now()
    if now <= timer.day_end:
        finish_timer(app, timer, timer_minutes(timer.started_at, now))
        return
    ask_overrun(app, timer, lambda minutes: finish_timer(app, timer, minutes))


class TimerText(SteadyStatic):
    """What the work timer and its badge share: the text, refreshed every second, and stopping. Each
    is as wide as the screen, so a new second is drawn without laying the screen out again (which,
    once a second, had cost a console with a running timer as much as all its other idle work)."""

    HINT_STOP = "timer.hint_stop"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, steady_width=True)

    def on_mount(self) -> None:
        self.refresh_text()
        if getattr(self.app, "live", True):
            self.set_interval(1, self.refresh_text)

    def describe(self, timer: RunningTimer | None) -> Text:
        if timer is None:
            return Text(f"⏱ {t('timer.idle')} · {t('timer.hint_start', key=self.timer_key())}", style="dim")
        runtime = services_of(self).runtime
        now = runtime.now()
        text = Text(t("timer.running", case=timer.code, elapsed=duration(now - timer.started_at)), style="bold")
        if now > timer.day_end:
            text.append(
                f" · {t('timer.past_end', end=runtime.local(timer.day_end).strftime('%H:%M'))}", style="bold red"
            )
        text.append(f" · {self.stop_hint()}", style="dim")
        return text

    def stop_hint(self) -> str:
        return t(self.HINT_STOP, key=self.timer_key())

    def timer_key(self) -> str:
        return key_hint(self, timer_binding())

    def refresh_text(self) -> None:
        self.update(self.describe(running_timer(self.app)))
        self.set_class(running_timer(self.app) is not None, "-running")

    def stop(self) -> None:
        stop_running_timer(self.app)


def _tell(app: App[Any], screen: Screen[object], message: ActionDone | ActionFailed) -> None:
    """To the screen the timer was stopped on if it shows such results (the case screen reloads),
    else as a notification (posting a message is safe from a thread)."""
    handler = "on_action_done" if isinstance(message, ActionDone) else "on_action_failed"
    if hasattr(screen, handler) and screen.is_attached:
        screen.post_message(message)
    elif isinstance(message, ActionDone):
        app.call_from_thread(app.notify, message.text)
    else:
        app.call_from_thread(app.notify, message.text, severity="error", timeout=10)


class TimerBadge(TimerText):
    """Docked on screens other than the case's while a timer runs; a click stops it."""

    HINT_STOP = "timer.hint_badge"

    DEFAULT_CSS = """
    TimerBadge { dock: top; height: 1; width: 100%; background: $warning 30%; padding: 0 1; }
    """

    def on_click(self, event: events.Click) -> None:
        self.stop()

    def timer_key(self) -> str:
        return key_hint(self, stop_binding())

    def stop_hint(self) -> str:
        """Names the key only where it reaches the app's stop on this screen now: a screen's own
        binding may claim it first (a keymap), a text field takes it as typing."""
        stop_id = stop_binding().id
        if any(active.binding.id == stop_id for active in self.screen.active_bindings.values()):
            return super().stop_hint()
        return t("timer.hint_badge_click")


class WorkTimer(TimerText):
    """The case screen's timer: Enter (or a click) starts it on this case or stops it."""

    can_focus = True
    DEFAULT_CSS = """
    WorkTimer { height: 1; width: 100%; padding: 0 1; }
    WorkTimer.-running { background: $warning 30%; }
    WorkTimer:focus { text-style: reverse; }
    """
    # Enter does the highlighted thing: here, only while this line has focus (Tab); the screen's own
    # Enter opens the moves menu, so the help says when this one applies.
    BINDINGS = [
        Binding("enter", "toggle_timer", t("timer.toggle"), tooltip=t("keymap.timer.tip_focused"), id="timer.toggle")
    ]

    @dataclass
    class Started(Message):
        timer: RunningTimer

    def __init__(self, case_code: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.case_code = case_code.strip().upper()

    def on_click(self, event: events.Click) -> None:
        self.action_toggle_timer()

    def action_toggle_timer(self) -> None:
        timer = running_timer(self.app)
        if timer is None:
            self.start()
        elif timer.code == self.case_code:
            self.stop()
        else:
            self.app.notify(t("timer.other_running", case=timer.code), severity="warning")

    @work(thread=True, exclusive=True, group="work-timer-start")
    def start(self) -> None:
        """Stores the timer (refused if the case takes no time entries, or one already runs)."""
        services = services_of(self)
        if services.readonly:
            return
        timer = attempt(
            self,
            lambda: timers.start_timer(
                services.engine, services.runtime, services.login, services.role, self.case_code
            ),
        )
        if timer is not None:
            self.post_message(self.Started(timer))

    def on_work_timer_started(self, message: Started) -> None:
        _keep(self.app, message.timer)
