"""Snapshots of the console's screens (queue, case, registration, help, command palette) and of the supervisors'
dashboard (this month and the one before) at 80x24 and 160x48, on seeded demo data and a stopped clock:
nothing in them may depend on the real time, on chance or on how loaded the machine is (see
tests/snapshot_support.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from snapshot_support import SHOTS, SIZES

SCREENS = [
    "queue",
    "case",
    "case_client",
    "registration",
    "help",
    "palette",
    "dashboard",
    "dashboard_past",
    "mail_inbox",
]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", SCREENS)
def test_screen_snapshot(snap_compare: Any, tmp_path: Path, screen: str, size: tuple[int, int]) -> None:
    shot = SHOTS[screen]
    assert snap_compare(shot.app(tmp_path), terminal_size=size, run_before=shot.run)
