"""The start/stop work timer of the case screen, and the badge that keeps a running timer visible.

A timer belongs to the app, not to a screen: leaving the case screen does not stop it. While one
runs, every (non-modal) screen shows a `TimerBadge` with the case and the elapsed time, so a timer
can never run unseen. Stopping turns the run into a time entry (`application.work.log_work`);
a run that went past the end of its working day asks first how much of it to log.
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
from textual.widgets import Static

from jq_console.application import work as work_log
from jq_console.domain.billing import timer_minutes, working_day_end
from jq_console.domain.cases import Refused, allowed_actions
from jq_console.i18n import duration, t
from jq_console.store import cases as case_store
from jq_console.ui.messages import ActionDone, ActionFailed
from jq_console.ui.support import attempt, failure_text, services_of


class OverrunToCount(Message):
    """A stopped run went past its working day: the app asks how many minutes to log and calls
    `decided` with the answer (None: discard)."""

    def __init__(
        self, code: str, end_text: str, total: int, until_end: int, decided: Callable[[int | None], None]
    ) -> None:
        super().__init__()
        self.code, self.end_text, self.total, self.until_end = code, end_text, total, until_end
        self.decided = decided


@dataclass(frozen=True)
class RunningTimer:
    code: str
    started_at: float
    day_end: float


_RUNNING: WeakKeyDictionary[App[Any], RunningTimer] = WeakKeyDictionary()
_WATCHED: WeakKeyDictionary[App[Any], bool] = WeakKeyDictionary()


def running_timer(app: App[Any]) -> RunningTimer | None:
    return _RUNNING.get(app)


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


class TimerText(Static):
    """What the work timer and its badge share: the text, refreshed every second, and stopping."""

    HINT_STOP = "timer.hint_stop"

    def on_mount(self) -> None:
        self.refresh_text()
        if getattr(self.app, "live", True):
            self.set_interval(1, self.refresh_text)

    def describe(self, timer: RunningTimer | None) -> Text:
        if timer is None:
            return Text(f"⏱ {t('timer.idle')} · {t('timer.hint_start')}", style="dim")
        runtime = services_of(self).runtime
        now = runtime.now()
        text = Text(t("timer.running", case=timer.code, elapsed=duration(now - timer.started_at)), style="bold")
        if now > timer.day_end:
            text.append(
                f" · {t('timer.past_end', end=runtime.local(timer.day_end).strftime('%H:%M'))}", style="bold red"
            )
        text.append(f" · {t(self.HINT_STOP)}", style="dim")
        return text

    def refresh_text(self) -> None:
        self.update(self.describe(running_timer(self.app)))
        self.set_class(running_timer(self.app) is not None, "-running")

    def stop(self) -> None:
        timer = running_timer(self.app)
        if timer is None:
            return
        runtime = services_of(self).runtime
        now = runtime.now()
        total = timer_minutes(timer.started_at, now)
        if now <= timer.day_end:
            self._finish(timer, total)
            return
        until_end = timer_minutes(timer.started_at, timer.day_end)
        end_text = runtime.local(timer.day_end).strftime("%H:%M")
        # The app asks the agent (a dialog is a screen, which a widget does not open itself).
        self.post_message(
            OverrunToCount(timer.code, end_text, total, until_end, lambda minutes: self._finish(timer, minutes))
        )

    def _finish(self, timer: RunningTimer, minutes: int | None) -> None:
        _RUNNING.pop(self.app, None)
        _refresh_all(self.app)
        if minutes is None:
            self.app.notify(t("timer.discarded", case=timer.code), severity="warning")
        elif minutes < 1:
            self.app.notify(t("timer.too_short"), severity="warning")
        else:
            self.log_run(self.screen, timer, minutes)

    def log_run(self, screen: Screen[object], timer: RunningTimer, minutes: int) -> None:
        """Logs in an app-owned thread worker: the badge that was clicked is gone by the time it ends."""
        services = services_of(self)
        app = self.app

        def run() -> None:
            try:
                work_log.log_work(
                    services.engine,
                    services.runtime,
                    services.login,
                    timer.code,
                    timer.started_at,
                    minutes,
                    t("timer.note"),
                )
            except Exception as error:  # noqa: BLE001 - told to the agent, who can log the time by hand
                _tell(app, screen, ActionFailed(failure_text(error)))
                return
            _tell(app, screen, ActionDone(timer.code, t("timer.logged", minutes=minutes, case=timer.code)))

        app.run_worker(run, thread=True, group="work-timer")


def _tell(app: App[Any], screen: Screen[object], message: ActionDone | ActionFailed) -> None:
    """To the screen the timer was stopped on if it shows such results (the case screen reloads),
    else as a notification (posting a message is safe from a thread)."""
    handler = "on_action_done" if isinstance(message, ActionDone) else "on_action_failed"
    if hasattr(screen, handler) and screen.is_attached:
        screen.post_message(message)
    elif isinstance(message, ActionDone):
        app.notify(message.text)
    else:
        app.notify(message.text, severity="error", timeout=10)


class TimerBadge(TimerText):
    """Docked on screens other than the case's while a timer runs; a click stops it."""

    HINT_STOP = "timer.hint_badge"

    DEFAULT_CSS = """
    TimerBadge { dock: top; height: 1; width: 100%; background: $warning 30%; padding: 0 1; }
    """

    def on_click(self, event: events.Click) -> None:
        self.stop()


class WorkTimer(TimerText):
    """The case screen's timer: Enter (or a click) starts it on this case or stops it."""

    can_focus = True
    DEFAULT_CSS = """
    WorkTimer { height: 1; width: 100%; padding: 0 1; }
    WorkTimer.-running { background: $warning 30%; }
    WorkTimer:focus { text-style: reverse; }
    """
    BINDINGS = [
        Binding("enter,space", "toggle_timer", t("timer.toggle"), tooltip=t("timer.tip.toggle"), id="timer.toggle")
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
        """Checks the case takes time entries, and finds its working day from its severity's schedule."""
        services = services_of(self)
        runtime = services.runtime

        def check() -> RunningTimer:
            case = case_store.get_case(services.engine, self.case_code)
            if case is None:
                raise Refused("billing.no_case", case=self.case_code)
            if "log_time" not in allowed_actions(case, services.login, services.role) or services.readonly:
                raise Refused("timer.closed_case", case=case.code)
            policy = runtime.of_case(case).policy  # the schedules of the version the case was opened under
            schedule = policy.schedules[policy.severities[case.severity].resolution.schedule]
            now = runtime.now()
            return RunningTimer(case.code, now, working_day_end(schedule.week, runtime.tz, now))

        timer = attempt(self, check)
        if timer is not None:
            self.post_message(self.Started(timer))

    def on_work_timer_started(self, message: Started) -> None:
        timer = message.timer
        if running_timer(self.app) is not None:
            return
        _RUNNING[self.app] = timer
        if not _WATCHED.get(self.app):
            _WATCHED[self.app] = True
            self.app.screen_change_signal.subscribe(self.app, lambda _screen: _show_badges(self.app))
        _refresh_all(self.app)
