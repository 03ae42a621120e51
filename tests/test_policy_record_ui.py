"""The console and the dashboard follow the policy of record: a version applied while they run is
noticed (one toast line), and from then on new cases open under it while open cases keep theirs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from office_support import make_office
from pilot_support import settle, settle_until
from test_policy_record import four_pm

from jq_console.application.oversight import dashboard_services
from jq_console.application.policy import apply_policy
from jq_console.bootstrap import DEFAULT_POLICY, frozen_clock, load_runtime
from jq_console.store.engine import make_engine
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.dashboard_app import DashboardApp
from jq_console.ui.screens.dashboard import DashboardScreen
from jq_console.ui.screens.queue import QueueScreen

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))
TOAST = "Nueva versión de la política (2)"


async def test_the_console_notices_a_new_version_and_opens_new_cases_under_it(tmp_path: Path) -> None:
    services = demo_services(str(tmp_path / "console.sqlite"), cases=20, clock=frozen_clock(NOW))
    runtime = services.runtime
    assert runtime.version == 1
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        applied = apply_policy(make_engine(str(tmp_path / "console.sqlite")), runtime, "ana", four_pm(tmp_path))
        assert applied.changed and applied.number == 2
        screen.poll()
        await settle_until(pilot, lambda: runtime.version == 2, "the console following version 2")
        texts = [notification.message for notification in app._notifications]
        assert sum(TOAST in text for text in texts) == 1
        assert runtime.policy.schedules["regular"].week[0][-1] == (14 * 3600, 16 * 3600)
        screen.poll()  # nothing new: no second toast
        await settle(pilot)
        assert sum(TOAST in n.message for n in app._notifications) == 1
    services.engine.dispose()


async def test_the_dashboard_notices_a_new_version(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    make_office(db, cases=2)
    runtime = load_runtime(str(DEFAULT_POLICY), clock=frozen_clock(NOW))
    services = dashboard_services(db, runtime, login="super")
    assert services.runtime.version == 1
    app = DashboardApp(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert apply_policy(make_engine(db), runtime, "jefe", four_pm(tmp_path)).number == 2
        await pilot.press("f5")
        await settle_until(pilot, lambda: services.runtime.version == 2, "the dashboard following version 2")
        assert any(TOAST in notification.message for notification in app._notifications)
    services.engine.dispose()
