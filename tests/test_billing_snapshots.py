"""Snapshots of the billing screen (with a case's time entries open), the correction of an entry
and the case-study screen at 80x24 and 160x48, on seeded demo data and a stopped clock, so a
change in what they show is seen in review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from snapshot_support import SHOTS, SIZES

SCREENS = ["billing", "case_study", "entry_correction"]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", SCREENS)
def test_billing_snapshot(snap_compare: Any, tmp_path: Path, screen: str, size: tuple[int, int]) -> None:
    shot = SHOTS[screen]
    assert snap_compare(shot.app(tmp_path), terminal_size=size, run_before=shot.run)
