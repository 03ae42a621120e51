"""The console application: one `App`, built by `create_app` for the command line and the tests."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen

from jq_console.application.identity import current_login
from jq_console.application.services import Services
from jq_console.bootstrap import Clock
from jq_console.i18n import t
from jq_console.store import directory
from jq_console.ui.app_base import PlainApp, palette_binding, personalise
from jq_console.ui.case_commands import CaseCommands
from jq_console.ui.database_pulse import DatabasePulse
from jq_console.ui.support import one_line
from jq_console.ui.widgets.work_timer import restore_timer, running_timer, stop_binding, stop_running_timer

if TYPE_CHECKING:
    from jq_console.cli.context import Context
    from jq_console.ui.widgets.work_timer import OverrunToCount


# The console's letter keys that a screen holding typed text (the new-case form, a dialog) does not
# take: a text field takes its letters, but a letter typed while a choice list had the focus opened
# billing over the form, or quit the console and lost everything typed in it.
NOT_WHILE_TYPING = frozenset({"billing", "go_to", "quit"})


class JQConsoleApp(PlainApp):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "JQ Console"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {CaseCommands}
    BINDINGS = [
        Binding("question_mark,f1", "help", t("ui.key.help"), tooltip=t("ui.tip.help"), id="app.help"),
        Binding("b", "billing", t("ui.key.billing"), tooltip=t("ui.tip.billing"), id="app.billing"),
        # Everywhere, so not in every footer (the help and Ctrl+P list it): the queue's footer is full.
        Binding("g", "go_to", t("goto.key"), tooltip=t("goto.tip"), show=False, id="app.go_to"),
        palette_binding("app.palette"),
        stop_binding(),  # T: the case screen's timer key, which elsewhere stops the timer that runs
        Binding("q", "quit", t("ui.key.quit"), tooltip=t("ui.tip.quit"), id="app.quit"),
    ]

    def __init__(self, services: Services, *, live: bool = True, export_dir: Path | None = None) -> None:
        super().__init__()
        self.services = services
        self.live = live  # False freezes the screen for snapshots: no timers, no polling
        self.export_dir = export_dir  # None: jq_console.files.default_export_dir()
        # One look at the database a second for every live part of the console (`database_pulse`).
        self.pulse = DatabasePulse(services.engine) if live else None

    def on_mount(self) -> None:
        from jq_console.ui.screens.queue import QueueScreen

        self.title = t("ui.title", login=one_line(self.services.login))
        if self.pulse is not None:
            self.run_worker(self.pulse.run, thread=True, group="database-pulse", exit_on_error=False)
        self.push_screen(QueueScreen(live=self.live))
        if not self.services.readonly:
            from jq_console.ui.owner_watch import OwnerWatch
            from jq_console.ui.timer_follow import TimerFollower

            restore_timer(self)
            self.owner_watch = OwnerWatch(self, self.services)
            self.timer_follower = TimerFollower(self, self.services)
            if self.pulse is not None:
                self.pulse.join(self.owner_watch)
                self.pulse.join(self.timer_follower)
            else:  # tests and snapshots look when they choose: the first look marks where news begins
                self.run_worker(self.owner_watch.check, thread=True, group="owner-watch")

    def on_unmount(self) -> None:
        if self.pulse is not None:
            self.pulse.stop()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "timer":
            return running_timer(self) is not None
        return not (action in NOT_WHILE_TYPING and getattr(self.screen, "holds_typing", False))

    def action_timer(self) -> None:
        stop_running_timer(self)

    def action_help(self) -> None:
        from jq_console.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        from jq_console.i18n import duration
        from jq_console.ui.screens.quit_dialog import QuitWithTimerDialog

        timer = running_timer(self)
        if timer is None:
            self.exit()
            return
        elapsed = duration(self.services.runtime.now() - timer.started_at)

        def decided(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(QuitWithTimerDialog(timer.code, elapsed), decided)

    def on_overrun_to_count(self, message: OverrunToCount) -> None:
        from jq_console.ui.screens.timer_overrun_dialog import TimerOverrunDialog

        self.push_screen(
            TimerOverrunDialog(message.code, message.end_text, message.total, message.until_end), message.decided
        )

    def action_go_to(self) -> None:
        """Go to any case by code or words; one match opens, several make a pick list."""
        from jq_console.ui.screens.go_to_dialog import GoToDialog

        if isinstance(self.screen, ModalScreen):  # a dialog answers first
            return

        def chosen(code: str | None) -> None:
            if code:
                self.action_open_case(code)

        self.push_screen(GoToDialog(), chosen)

    def action_open_case(self, code: str) -> None:
        from jq_console.ui.screens.case import CaseScreen

        self.push_screen(CaseScreen(code))

    def action_billing(self) -> None:
        from jq_console.ui.screens.billing import BillingScreen  # imported when first opened

        self.push_screen(BillingScreen())


def create_app(services: Services, *, live: bool = True, export_dir: Path | None = None) -> JQConsoleApp:
    return JQConsoleApp(services, live=live, export_dir=export_dir)


def demo_services(
    db_path: str,
    *,
    login: str = "ana",
    cases: int = 60,
    seed: int = 11,
    open_share: float = 0.35,
    clock: Clock | None = None,
) -> Services:
    """A database filled with demo data (made once per path) and the services of an admin on it.
    Tests, snapshots and benchmarks use this with a frozen or hand-driven clock."""
    from jq_console.application.policy import of_record
    from jq_console.bootstrap import load_runtime
    from jq_console.store.demo import DemoOptions, fill_demo
    from jq_console.store.engine import make_engine
    from jq_console.store.schema import schema_version

    runtime = load_runtime(clock=clock) if clock is not None else load_runtime()
    engine = make_engine(db_path)
    if schema_version(engine) is None:
        fill_demo(engine, runtime, DemoOptions(cases=cases, seed=seed, open_share=open_share, login=login))
    runtime = of_record(engine, runtime)  # as a console opened on it: the version in force, and the others
    agent = directory.agent(engine, login)
    return Services(engine, runtime, login, agent.role if agent else "agent")


def run_app(context: Context) -> int:
    """Open the console for the agent at the keyboard; refuse, without opening it, anyone else."""
    engine = context.engine()
    login = current_login(engine)
    agent = directory.agent(engine, login)
    if agent is None or not agent.active:
        key = "ui.not_agent" if agent is None else "ui.agent_inactive"
        print(f"jq-console: {t(key, login=login)}", file=sys.stderr)
        return 3
    from jq_console.store.engine import small_page_cache

    small_page_cache(engine)
    services = Services(engine, context.runtime, login, agent.role)
    app = create_app(services, export_dir=context.settings.export_dir)
    personalise(app, context.settings)
    app.run()
    return 0
