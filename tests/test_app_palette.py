"""The command palette speaks the interface language: its placeholder and Textual's own system commands;
it offers every action of the screen that would run now, the case's moves too, each once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FROZEN_NOW, bogota
from pilot_support import settle, settle_until, show_case
from textual.command import CommandInput, CommandList

from jq_console.application import finder
from jq_console.bootstrap import frozen_clock
from jq_console.config import load_settings
from jq_console.i18n import set_language
from jq_console.store import cases as case_store
from jq_console.ui.app import JQConsoleApp, create_app, demo_services
from jq_console.ui.app_base import personalise
from jq_console.ui.screens.help import HelpScreen
from jq_console.ui.screens.palette import Palette


@pytest.fixture
def spanish() -> Iterator[None]:
    set_language("es")
    yield
    set_language("es")


async def test_the_palette_and_textuals_own_commands_are_in_spanish(tmp_path: Path, spanish: None) -> None:
    services = demo_services(str(tmp_path / "p.sqlite"), clock=frozen_clock(bogota(FROZEN_NOW)))
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Tema", "Salir (q)", "Captura de pantalla"} <= set(titles)
        assert not {"Theme", "Quit", "Screenshot"} & set(titles)
        assert "Salir" not in titles  # Textual's Quit is the console's q: offered once
        assert not [title for title in titles if title.startswith(("Subir", "Bajar", "Primero"))]  # keys, not actions
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, Palette)
        assert app.screen.query_one(CommandInput).placeholder == "Buscar comandos…"


async def test_the_keymap_of_the_settings_rebinds_an_action_by_its_id(tmp_path: Path, spanish: None) -> None:
    services = demo_services(str(tmp_path / "k.sqlite"), clock=frozen_clock(bogota(FROZEN_NOW)))
    app = create_app(services, live=False)
    settings = load_settings({"HOME": "/nonexistent"}, files=[])
    settings.keymap = {"app.help": "f3"}  # F2 is the case screen's client: refused at start-up
    personalise(app, settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


def palette_names(app: JQConsoleApp) -> list[str]:
    """What the open palette lists now: each option's name (its first line; the help follows)."""
    commands = app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(index).prompt).split("\n")[0] for index in range(commands.option_count)]


async def test_the_palette_offers_the_case_moves_the_case_allows_and_runs_them(tmp_path: Path, spanish: None) -> None:
    """The moves are kept out of the case's footer (`show=False`), not out of the palette."""
    services = demo_services(str(tmp_path / "m.sqlite"), clock=frozen_clock(bogota(FROZEN_NOW)))
    new = next(case for case in case_store.open_cases(services.engine) if case.status == "new" and not case.agent)
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show_case(app, pilot, new.code)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Tomar (t)", "Reclasificar (k)", "Acciones (⏎)", "Salir (q)"} <= set(titles)
        assert not any(title.startswith(("Reabrir", "Resolver", "Cerrar")) for title in titles)  # not now
        assert [title for title in titles if title.startswith("Salir")] == ["Salir (q)"]  # once: ours, not Textual's
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"tomar")
        await settle_until(pilot, lambda: "Tomar (t)" in palette_names(app), "the palette finds Tomar")
        await pilot.press("enter")
        await settle_until(pilot, lambda: app.screen is screen, "back on the case")
        await settle(pilot)
        assert case_store.get_case(services.engine, new.code).agent == services.login  # type: ignore[union-attr]


async def test_in_english_a_resolved_case_offers_reopen(tmp_path: Path, spanish: None) -> None:
    services = demo_services(str(tmp_path / "r.sqlite"), clock=frozen_clock(bogota(FROZEN_NOW)))
    resolved = finder.find(services.engine, "", group="resolved").cases[0]
    set_language("en")
    app = create_app(services, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await show_case(app, pilot, resolved.code)
        assert "reopen" in {active.binding.action for active in screen.active_bindings.values()}
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Reopen (o)" in titles and "Take (t)" not in titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"reopen")
        await settle_until(pilot, lambda: "Reopen (o)" in palette_names(app), "the palette finds Reopen")
