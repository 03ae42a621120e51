"""The command palette speaks the interface language: its placeholder and Textual's own system commands."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FROZEN_NOW, bogota
from pilot_support import settle
from textual.command import CommandInput

from jq_console.bootstrap import frozen_clock
from jq_console.config import load_settings
from jq_console.i18n import set_language
from jq_console.ui.app import create_app, demo_services
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
        assert {"Tema", "Salir", "Captura de pantalla"} <= set(titles)
        assert not {"Theme", "Quit", "Screenshot"} & set(titles)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, Palette)
        assert app.screen.query_one(CommandInput).placeholder == "Buscar comandos…"


async def test_the_keymap_of_the_settings_rebinds_an_action_by_its_id(tmp_path: Path, spanish: None) -> None:
    services = demo_services(str(tmp_path / "k.sqlite"), clock=frozen_clock(bogota(FROZEN_NOW)))
    app = create_app(services, live=False)
    settings = load_settings({"HOME": "/nonexistent"}, files=[])
    settings.keymap = {"app.help": "f2"}
    personalise(app, settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
