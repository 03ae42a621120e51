"""Every screen and dialog in jq_console/ui/screens/ has a snapshot at each size, so a new one
cannot ship unseen: add a `Shot` for it in tests/snapshot_support.py and its name to one of the
snapshot test modules, then run them once with --snapshot-update and look at the pictures."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path
from types import ModuleType
from typing import Any

import test_billing_snapshots
import test_dialog_snapshots
import test_english_snapshots
import test_screen_snapshots
import test_talk_snapshots
from snapshot_support import SHOTS, SIZES
from textual.screen import Screen

import jq_console.ui.screens as screens_package

# What each snapshot module pictures: (module, its test function, the shots it takes).
MODULES: list[tuple[ModuleType, str, list[str]]] = [
    (test_screen_snapshots, "test_screen_snapshot", test_screen_snapshots.SCREENS),
    (test_billing_snapshots, "test_billing_snapshot", test_billing_snapshots.SCREENS),
    (test_dialog_snapshots, "test_dialog_snapshot", test_dialog_snapshots.DIALOGS),
    (test_talk_snapshots, "test_talk_snapshot", test_talk_snapshots.SHOTS_TAKEN),
]
# Shared by the screens below them and never shown on their own.
BASES = {
    "DialogScreen": "the titled box, error line and keys every dialog shares",
    "LiveQueue": "the queue's link to the database",
    "CaseAssign": "the case screen's assign move",
    "CaseMoves": "the case screen's moves",
    "CaseTalk": "the case screen's conversation and corrections",
    "SafeMoves": "the case screen's confirmations before a move",
    "LiveCase": "the case screen's link to the database",
    "MarkedCases": "the queue's marks for moves on several cases",
    "MarkedPastWork": "past work's marks for closing several resolved cases",
}
SNAPSHOTS = Path(__file__).parent / "__snapshots__"


def screen_classes() -> dict[str, type[Screen[Any]]]:
    found: dict[str, type[Screen[Any]]] = {}
    for info in pkgutil.iter_modules(screens_package.__path__):
        module = importlib.import_module(f"{screens_package.__name__}.{info.name}")
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Screen) and value.__module__ == module.__name__:
                found[name] = value
    return found


def pictured() -> set[str]:
    return {shot for _module, _test, shots in MODULES for shot in shots}


def test_the_screens_are_found() -> None:
    found = screen_classes()
    assert {"QueueScreen", "CaseScreen", "HelpScreen", "ReasonDialog", "TimerOverrunDialog"} <= found.keys()
    assert len(found) >= 20


def test_every_screen_and_dialog_has_a_snapshot() -> None:
    covered = {SHOTS[name].screen.__name__ for name in pictured()}
    missing = sorted(name for name in screen_classes() if name not in covered and name not in BASES)
    assert missing == [], f"no snapshot test shows {missing}: add a Shot in tests/snapshot_support.py"


def test_the_bases_left_out_are_only_bases() -> None:
    """A class left out as a base must really be one, with a pictured screen built on it."""
    found = screen_classes()
    shown = [SHOTS[name].screen for name in pictured()]
    for base in BASES:
        assert base in found, f"{base} is no longer in jq_console/ui/screens/"
        assert any(issubclass(screen, found[base]) and screen is not found[base] for screen in shown), base


def test_every_scenario_is_pictured_once() -> None:
    names = [shot for _module, _test, shots in MODULES for shot in shots]
    assert len(names) == len(set(names))
    assert sorted(SHOTS) == sorted(names)


def test_every_snapshot_file_is_committed() -> None:
    """Both sizes of every shot, in Spanish, and the English ones: an SVG per test id."""
    expected = [
        SNAPSHOTS / module.__name__ / f"{test}[{shot}-{width}x{height}].svg"
        for module, test, shots in MODULES
        for shot in shots
        for width, height in SIZES
    ]
    expected += [
        SNAPSHOTS / test_english_snapshots.__name__ / f"test_english_snapshot[{shot}-{width}x{height}].svg"
        for shot in test_english_snapshots.ENGLISH
        for width, height in SIZES
    ]
    assert [path.name for path in expected if not path.is_file()] == []
    assert len(expected) >= 40
