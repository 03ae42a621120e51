"""The console's words: every key the screens use exists in Spanish and English, and with
--lang en the console really speaks English (labels are bound when the screens are imported,
so that check runs in a fresh interpreter, as the command line does)."""

from __future__ import annotations

import importlib
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

from jq_console.i18n.catalog import CATALOG, ui
from jq_console.ui.screens.case_moves import MOVES

ROOT = Path(__file__).resolve().parent.parent / "jq_console"
UI = ROOT / "ui"
MINE = [UI / "app.py", *UI.glob("screens/*.py"), *UI.glob("widgets/*.py")]
LITERAL = re.compile(r't\("(ui\.[a-z_.]+)"')


def test_every_literal_ui_key_is_in_both_languages() -> None:
    used = {key for path in MINE for key in LITERAL.findall(path.read_text(encoding="utf-8"))}
    assert len(used) > 100
    # a ui key may live in the area of the feature it belongs to (catalog/<area>.py), not only in ui.py
    assert sorted(used - CATALOG["es"].keys()) == []
    assert sorted(used - CATALOG["en"].keys()) == []
    assert ui.ES.keys() == ui.EN.keys()


def test_every_move_has_a_key_label_a_tooltip_and_a_done_sentence() -> None:
    for action in [*MOVES, "case_study"]:
        for prefix in ("ui.key.", "ui.tip."):
            assert prefix + action in ui.ES and prefix + action in ui.EN
    for action in MOVES:
        assert "ui.done." + action in ui.ES and "{code}" in ui.ES["ui.done." + action]


SCRIPT = r"""
import asyncio, json, sys
from datetime import datetime
from zoneinfo import ZoneInfo
from jq_console.i18n import set_language
set_language("en")
from jq_console.ui.app import create_app, demo_services
from jq_console.bootstrap import frozen_clock

async def main():
    clock = frozen_clock(datetime(2026, 12, 8, 10, 0, tzinfo=ZoneInfo("America/Bogota")))
    app = create_app(demo_services(sys.argv[1], clock=clock), live=False)
    async with app.run_test(size=(120, 30)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        footer = [a.binding.description for a in app.screen.active_bindings.values() if a.binding.show]
        header = str(app.screen.query_one("#schedules").render())
        status = str(app.screen.query_one("#status-line").render())
        print(json.dumps({"footer": footer, "header": header, "status": status}))

asyncio.run(main())
"""


def test_the_console_speaks_english_with_lang_en(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "en.sqlite")], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert "New case" in seen["footer"] and "Quit" in seen["footer"]
    # Tuesday 8 December 2026 is a Colombian holiday: both schedules closed, and why.
    assert "Regular: opens Wed 9 Dec 09:00" in seen["header"] and "holiday" in seen["header"]
    assert "open cases" in seen["status"]


def _bindings_of_every_screen_and_widget() -> list[tuple[str, Binding]]:
    found: list[tuple[str, Binding]] = []
    for path in [UI / "app.py", UI / "dashboard_app.py", *MINE[1:]]:
        module = importlib.import_module("jq_console." + ".".join(path.relative_to(ROOT).with_suffix("").parts))
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == module.__name__:
                own = cls.__dict__.get("BINDINGS", [])  # Textual's inherited ones are not ours
                found += [(f"{name} {b.key}", b) for b in own if isinstance(b, Binding)]
    return found


def test_every_binding_has_a_description_a_tooltip_and_an_id() -> None:
    bindings = _bindings_of_every_screen_and_widget()
    assert len(bindings) > 40
    lacking = [where for where, b in bindings if not (b.description and b.tooltip and b.id)]
    assert lacking == []
    # A tooltip says more than the footer label it explains.
    assert [where for where, b in bindings if b.tooltip == b.description] == []
