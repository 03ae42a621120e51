"""`jq-console dashboard`: the supervisors' dashboard, its own small Textual app on a database
opened read-only at the engine level (see `store.readonly`): it shows, it never writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jq_console.application.oversight import dashboard_services
from jq_console.application.services import Services
from jq_console.i18n import t
from jq_console.ui.app_base import PlainApp, palette_binding, personalise
from jq_console.ui.support import one_line

if TYPE_CHECKING:
    from jq_console.cli.context import Context


class DashboardApp(PlainApp):
    TITLE = "JQ Console"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        palette_binding("dashboard.palette"),
    ]

    def __init__(self, services: Services, *, live: bool = True) -> None:
        super().__init__()
        self.services = services
        self.live = live  # False freezes the screen for snapshots: no timers, no polling

    def on_mount(self) -> None:
        from jq_console.ui.screens.dashboard import DashboardScreen

        self.title = t("dashboard.title")
        self.sub_title = f"{one_line(self.services.login)} · {t('dashboard.readonly')}"
        self.push_screen(DashboardScreen())


def run_dashboard(context: Context) -> int:
    from jq_console.store.engine import small_page_cache

    services = dashboard_services(context.args.db, context.runtime)
    small_page_cache(services.engine)
    try:
        app = DashboardApp(services)
        personalise(app, context.settings)
        app.run()
    finally:
        services.engine.dispose()
    return 0
