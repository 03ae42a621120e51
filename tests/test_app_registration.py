"""The registration screen applies the policy as the agent types: who reports, payments,
contractual limits and prior approvals, and the deadlines the chosen severity would give."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import settle
from textual.pilot import Pilot
from textual.widgets import Input, Select

from jq_console.application.services import Services
from jq_console.bootstrap import frozen_clock
from jq_console.store import cases as case_store
from jq_console.store import directory
from jq_console.ui.app import JQConsoleApp, create_app, demo_services
from jq_console.ui.screens.case import CaseScreen
from jq_console.ui.screens.registration import RegistrationScreen

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return demo_services(str(tmp_path / "reg.sqlite"), clock=frozen_clock(NOW))


async def open_form(app: JQConsoleApp, pilot: Pilot[None], client_name: str) -> RegistrationScreen:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, RegistrationScreen)
    screen.query_one("#client-search", Input).value = client_name
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)
    assert screen.client is not None and screen.client.name == client_name
    return screen


def findings(screen: RegistrationScreen) -> str:
    return str(screen.query_one("#findings").render())


async def test_reporter_role_and_late_payments_show_as_you_type(services: Services) -> None:
    late = next(c for c in directory.clients(services.engine) if not c.up_to_date and c.service == "subscription")
    other = next(c for c in directory.contacts_of(services.engine, late.id) if c.role == "other")
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_form(app, pilot, late.name)
        assert "Verificación: Válido" in findings(screen)  # the USR is proposed first
        assert "no está al día" in findings(screen)
        screen.query_one("#reporter", Select).value = other.id
        await pilot.pause()
        assert "pendiente de verificación del USR" in findings(screen)
        screen.query_one("#severity", Select).value = "S3"
        await pilot.pause()
        preview = str(screen.query_one("#deadlines").render())
        assignment, _ = services.runtime.engine.deadlines_epoch("S3", NOW.timestamp())
        assert "lun 7 dic 11:00" in preview and assignment == NOW.timestamp() + 3600
        screen.query_one("#justification", Input).value = "Sin Internet en la sede"
        screen.query_one("#title", Input).value = "Caja bloqueada"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.case is not None
        stored = case_store.get_case(services.engine, app.screen.case.code)
        assert stored is not None and stored.verification == "pending" and stored.reporter_id == other.id


async def test_contractual_s2_is_refused_with_the_reason_unless_an_exception(services: Services) -> None:
    contractual = next(c for c in directory.clients(services.engine) if c.service == "contractual")
    app = create_app(services, live=False)
    before = case_store.count_cases(services.engine)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_form(app, pilot, contractual.name)
        screen.query_one("#justification", Input).value = "Llamó el USR"
        screen.query_one("#title", Input).value = "Error en reporte"
        screen.query_one("#severity", Select).value = "S2"
        await pilot.pause()
        assert "solo puede abrir casos S3" in findings(screen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and case_store.count_cases(services.engine) == before
        assert screen.query_one("#title", Input).value == "Error en reporte"

        # "Other" needs a recorded prior approval; its fields appear only then.
        assert screen.query_one("#approval").has_class("hidden")
        screen.query_one("#category", Select).value = "other"
        await pilot.pause()
        assert not screen.query_one("#approval").has_class("hidden")
        assert "solo puede abrir casos S3" in findings(screen)
        screen.query_one("#approval-by", Input).value = "Gerente comercial"
        screen.query_one("#approval-when", Input).value = "2026-12-01"
        screen.query_one("#approval-reason", Input).value = "Cliente estratégico"
        await pilot.pause()
        assert "solo puede abrir casos S3" not in findings(screen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert case_store.count_cases(services.engine) == before + 1
        assert isinstance(app.screen, CaseScreen) and app.screen.case is not None
        stored = case_store.get_case(services.engine, app.screen.case.code)
        assert stored is not None and "Gerente comercial" in stored.justification


async def test_escape_with_something_typed_asks_before_discarding_it(services: Services) -> None:
    from jq_console.ui.screens.confirm_dialog import ConfirmDialog

    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_form(app, pilot, directory.clients(services.engine)[0].name)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # no: back to the form, nothing lost
        await pilot.pause()
        current: object = app.screen
        assert current is screen and screen.client is not None
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert screen not in app.screen_stack
