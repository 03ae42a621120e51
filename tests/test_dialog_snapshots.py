"""Snapshots of every dialog of the case screen at 80x24 and 160x48, each opened by its key on a
demo case where the move is allowed (assign, agreed deadline, corrective action, log time, S3
notification, a reason, reclassify with its preview, recategorize with the policy's answer, refer),
and the two the work timer asks (quitting while it runs, a run past the working day)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from snapshot_support import SHOTS, SIZES

DIALOGS = [
    "assign",
    "agreed_deadline",
    "corrective",
    "log_time",
    "notify",
    "reason",
    "reclassify",
    "recategorize",
    "refer",
    "quit_with_timer",
    "timer_overrun",
    "confirm",
    "moves_menu",
    "reassign",
]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("dialog", DIALOGS)
def test_dialog_snapshot(snap_compare: Any, tmp_path: Path, dialog: str, size: tuple[int, int]) -> None:
    shot = SHOTS[dialog]
    assert snap_compare(shot.app(tmp_path), terminal_size=size, run_before=shot.run)
