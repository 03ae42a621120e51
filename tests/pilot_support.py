"""What the Pilot tests share: waiting until the console is quiet, and opening a case screen."""

from __future__ import annotations

from textual.pilot import Pilot

from jq_console.ui.app import JQConsoleApp
from jq_console.ui.screens.case import CaseScreen


async def settle(pilot: Pilot[None], rounds: int = 4) -> None:
    """Let thread workers finish and the messages they posted be handled; a move's worker posts
    a message whose handler starts another worker, hence several rounds."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def show_case(app: JQConsoleApp, pilot: Pilot[None], code: str) -> CaseScreen:
    await settle(pilot)
    app.push_screen(CaseScreen(code))
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, CaseScreen) and screen.case is not None
    return screen
