"""Snapshots of finding any case and of the case's conversation at 80x24 and 160x48: the go-to pick
list, past work, a case screen whose timeline interleaves a call, a note and a message to the client
with the moves, and the conversation, correction and new-contact dialogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from snapshot_support import SHOTS, SIZES

SHOTS_TAKEN = ["go_to", "case_finder", "case_conversation", "conversation", "edit_case", "new_contact"]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("shot_name", SHOTS_TAKEN)
def test_talk_snapshot(snap_compare: Any, tmp_path: Path, shot_name: str, size: tuple[int, int]) -> None:
    shot = SHOTS[shot_name]
    assert snap_compare(shot.app(tmp_path), terminal_size=size, run_before=shot.run)
