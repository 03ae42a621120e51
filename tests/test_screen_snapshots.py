"""Snapshots of the queue, case and registration screens at 80x24 and 160x48, on fixed demo data
(seeded) and a frozen clock: nothing in them may depend on the real time or on chance."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pilot_support import settle
from textual.pilot import Pilot

from jq_console.bootstrap import frozen_clock
from jq_console.ui.app import JQConsoleApp, create_app, demo_services
from jq_console.ui.screens.case import CaseScreen

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))
SIZES = [(80, 24), (160, 48)]


def snapshot_app(tmp_path: Path) -> JQConsoleApp:
    services = demo_services(str(tmp_path / "snap.sqlite"), login="ana", cases=60, seed=11, clock=frozen_clock(NOW))
    return create_app(services, live=False)


async def on_queue(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("down", "down")
    await settle(pilot)


async def on_case(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("down", "down", "down", "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CaseScreen)


async def on_registration(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    await pilot.press("h", "o", "t", "e", "l", "enter")
    await settle(pilot)


SCREENS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "queue": on_queue,
    "case": on_case,
    "registration": on_registration,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_snapshot(snap_compare: Any, tmp_path: Path, screen: str, size: tuple[int, int]) -> None:
    assert snap_compare(snapshot_app(tmp_path), terminal_size=size, run_before=SCREENS[screen])
