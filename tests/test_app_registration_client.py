"""Choosing the client of a new case: what is saved is the client the form says is chosen, and the
search finds clients as an agent types their names on the phone, with or without accents."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import settle, settle_until
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select

from jq_console.application.services import Services
from jq_console.bootstrap import frozen_clock
from jq_console.store import cases as case_store
from jq_console.ui.app import JQConsoleApp, create_app, demo_services
from jq_console.ui.screens.case import CaseScreen
from jq_console.ui.screens.registration import RegistrationScreen

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return demo_services(str(tmp_path / "reg.sqlite"), login="jvargas", clock=frozen_clock(NOW))


async def open_form(app: JQConsoleApp, pilot: Pilot[None]) -> RegistrationScreen:
    await settle(pilot)
    await pilot.press("n")
    await settle_until(pilot, lambda: isinstance(app.screen, RegistrationScreen), "the form open")
    screen = app.screen
    assert isinstance(screen, RegistrationScreen)
    return screen


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)
    await settle(pilot)


def suggestions(screen: RegistrationScreen) -> list[str]:
    options = screen.query_one("#client-list", OptionList)
    return [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]


def client_status(screen: RegistrationScreen) -> str:
    return str(screen.query_one("#client-status").render())


async def test_editing_the_search_after_a_choice_unchooses_the_client(services: Services) -> None:
    app = create_app(services, live=False)
    before = case_store.count_cases(services.engine)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_form(app, pilot)
        await type_text(pilot, "textiles")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.client is not None and screen.client.name == "Textiles Medellín S.A.S."
        assert screen.reporter() is not None

        # The search is edited to another client's name: the earlier choice and its reporter go.
        await pilot.press("end", *["backspace"] * 40)
        await type_text(pilot, "bogotá")
        assert suggestions(screen)[0].startswith("Floristería Bogotá Flores")
        assert screen.client is None
        assert screen.reporter() is None and screen.query_one("#reporter", Select).is_blank()
        assert client_status(screen).startswith("Ningún cliente elegido")

        # Saving now is refused with the usual sentence; everything typed stays.
        screen.query_one("#justification", Input).value = "El cliente no tiene Internet"
        screen.query_one("#title", Input).value = "Impresora sin conexión"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and case_store.count_cases(services.engine) == before
        assert "Elija el cliente y quién reporta antes de registrar." in [n.message for n in app._notifications]
        assert screen.query_one("#client-search", Input).value == "bogotá"
        assert screen.query_one("#title", Input).value == "Impresora sin conexión"
        assert screen.query_one("#justification", Input).value == "El cliente no tiene Internet"

        # Choosing the client shown is what gets saved.
        assert screen.query_one("#client-search", Input).has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert screen.client is not None and screen.client.name == "Floristería Bogotá Flores"
        assert "Floristería Bogotá Flores" in client_status(screen)
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: isinstance(app.screen, CaseScreen), "the case registered")
        assert isinstance(app.screen, CaseScreen) and app.screen.case is not None
        stored = case_store.get_case(services.engine, app.screen.case.code)
        assert stored is not None and stored.client_name == "Floristería Bogotá Flores"


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("medellin", ["Textiles Medellín S.A.S."]),
        ("bogota", ["Floristería Bogotá Flores", "Papelería Escolar Bogotá"]),
        ("FLORISTERIA", ["Floristería Bogotá Flores"]),
        ("papeleria bogota", ["Papelería Escolar Bogotá"]),
    ],
)
async def test_the_client_search_ignores_accents_and_case(services: Services, typed: str, found: list[str]) -> None:
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_form(app, pilot)
        await type_text(pilot, typed)
        assert [line.split(" · ")[0] for line in suggestions(screen)] == found
        await pilot.press("enter")
        await settle(pilot)
        assert screen.client is not None and screen.client.name == found[0]


async def test_a_search_that_finds_no_client_says_so(services: Services) -> None:
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_form(app, pilot)
        await type_text(pilot, "medellinx")
        assert suggestions(screen) == []
        assert client_status(screen) == "Ningún cliente coincide con «medellinx»."
        await pilot.press("enter")  # nothing to choose: nothing happens, the text stays
        await settle(pilot)
        assert screen.client is None and screen.query_one("#client-search", Input).value == "medellinx"
