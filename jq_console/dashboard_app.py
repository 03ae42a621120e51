"""`jq-console dashboard`: the supervisors' dashboard, its own small Textual app on a database
opened read-only at the engine level (see `store.readonly`): it shows, it never writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from .access import SUPERVISING, require_agent
from .i18n import t
from .runtime import Runtime
from .services import Services
from .store.oversight import Snapshot, snapshot
from .store.readonly import open_readonly, probe, stable_read
from .store.schema import require_schema

if TYPE_CHECKING:
    from .cli.context import Context


class DashboardApp(App[None]):
    TITLE = "JQ Console"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        # Textual's own palette binding, named in the interface language (as in the console).
        Binding("ctrl+p", "command_palette", t("ui.key.palette"), tooltip=t("ui.tip.palette"), show=False,
                priority=True, id="dashboard.palette"),
    ]

    def __init__(self, services: Services, *, live: bool = True) -> None:
        super().__init__()
        self.services = services
        self.live = live  # False freezes the screen for snapshots: no timers, no polling

    def on_mount(self) -> None:
        from .screens.dashboard import DashboardScreen

        self.title = t("dashboard.title")
        self.sub_title = f"{self.services.login} · {t('dashboard.readonly')}"
        self.push_screen(DashboardScreen())


def dashboard_services(target: str | None, runtime: Runtime, login: str | None = None) -> Services:
    """The read-only engine and the supervisor at the keyboard, or the reason they may not look."""
    engine = open_readonly(target)
    probe(engine)
    require_schema(engine)
    me = require_agent(engine, SUPERVISING, login)
    return Services(engine, runtime, me.login, me.role, readonly=True)


def run_dashboard(context: "Context") -> int:
    services = dashboard_services(context.args.db, context.runtime)
    try:
        DashboardApp(services).run()
    finally:
        services.engine.dispose()
    return 0


def month_start(runtime: Runtime, now: float) -> float:
    local = runtime.local(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).timestamp()


def load_snapshot(services: Services, limit: int = 300) -> Snapshot:
    """Everything the dashboard draws, read in one transaction (read again if the file moved)."""
    now = services.runtime.now()
    start = month_start(services.runtime, now)
    return stable_read(services.engine, lambda engine: snapshot(engine, start, now, limit))
