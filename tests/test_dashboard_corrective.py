"""Supervisors record a breach's corrective action from the normal console's case screen; agents
are not offered the move. On both engines."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pilot_support import settle
from store_backends import postgres_url, store_url  # noqa: F401
from textual.widgets import Input

from jq_console.application.services import Services
from jq_console.bootstrap import frozen_clock
from jq_console.domain.oversight import breaches
from jq_console.store import cases as case_store
from jq_console.store.engine import read
from jq_console.store.oversight import awaiting_action
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.screens.case import CaseScreen

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))


def breached_case(services: Services) -> str:
    now = services.runtime.now()
    waiting = read(services.engine, lambda c: awaiting_action(c, now))
    return next(case.code for case in waiting if case.is_open and breaches(case, now))


async def test_supervisor_records_a_corrective_action_from_the_case_screen(store_url: str) -> None:
    services = demo_services(store_url, login="jefa", clock=frozen_clock(NOW))  # an admin
    code = breached_case(services)
    app = create_app(services, live=False)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(code))
        await settle(pilot)
        assert "corrective" in {
            active.binding.action for active in app.screen.active_bindings.values() if active.enabled
        }
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#reason", Input).value = "Se refuerza el turno de la mañana"
        await pilot.press("ctrl+s")
        await settle(pilot)
    case = case_store.get_case(services.engine, code)
    assert case is not None
    notes = [(e.actor, e.note) for e in case_store.history(services.engine, case.id) if e.kind == "corrective_action"]
    assert notes == [("jefa", "Se refuerza el turno de la mañana")]
    assert code not in [c.code for c in read(services.engine, lambda c: awaiting_action(c, NOW.timestamp()))]


async def test_agents_are_not_offered_the_corrective_action(store_url: str) -> None:
    admin = demo_services(store_url, login="jefa", clock=frozen_clock(NOW))
    code = breached_case(admin)
    services = Services(admin.engine, admin.runtime, "dcastro", "agent")
    app = create_app(services, live=False)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(code))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert screen.check_action("corrective", ()) is False
