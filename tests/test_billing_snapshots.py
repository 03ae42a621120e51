"""Snapshots of the billing and case-study screens at 80x24 and 160x48, on seeded demo data and a
frozen clock, so a change in what they show is seen in review."""

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
from jq_console.domain.quotes import QuoteLine
from jq_console.store import cases as case_store
from jq_console.store import studies as study_store
from jq_console.ui.app import JQConsoleApp, create_app, demo_services
from jq_console.ui.screens.billing import BillingScreen
from jq_console.ui.screens.case_study import CaseStudyScreen

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))
SIZES = [(80, 24), (160, 48)]


def snapshot_app(tmp_path: Path) -> JQConsoleApp:
    services = demo_services(str(tmp_path / "snap.sqlite"), login="ana", cases=120, seed=11, clock=frozen_clock(NOW))
    feature = next(c for c in case_store.open_cases(services.engine) if c.category == "feature_request")
    study_store.save_study(
        services.engine,
        services.runtime,
        feature.code,
        "ana",
        "custom_development",
        "Reporte de ventas por bodega",
        "Entrega en cuatro semanas",
        [QuoteLine("Análisis y diseño", 360), QuoteLine("Desarrollo y pruebas", 1350)],
    )
    app = create_app(services, live=False)
    app.feature_code = feature.code  # type: ignore[attr-defined]
    return app


async def on_billing(pilot: Pilot[None]) -> None:
    await settle(pilot)
    pilot.app.push_screen(BillingScreen(2026, 11))
    await settle(pilot)
    await pilot.press("down", "enter")
    await settle(pilot)


async def on_study(pilot: Pilot[None]) -> None:
    await settle(pilot)
    pilot.app.push_screen(CaseStudyScreen(pilot.app.feature_code))  # type: ignore[attr-defined]
    await settle(pilot)


SCREENS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {"billing": on_billing, "case_study": on_study}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_billing_snapshot(snap_compare: Any, tmp_path: Path, screen: str, size: tuple[int, int]) -> None:
    assert snap_compare(snapshot_app(tmp_path), terminal_size=size, run_before=SCREENS[screen])
