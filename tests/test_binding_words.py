"""Each binding says what it does where it works: the help's line for a key is that binding's own
words, never another screen's (the case screen's `c` once read "Cerrar la ayuda"), and no two
bindings a screen answers to read the same in the help."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FROZEN_NOW, bogota
from pilot_support import settle, show_case

from jq_console.bootstrap import frozen_clock
from jq_console.i18n import retold, set_language
from jq_console.store import cases as case_store
from jq_console.ui.app import JQConsoleApp, create_app, demo_services
from jq_console.ui.dashboard_app import DashboardApp
from jq_console.ui.screens.dashboard import DashboardScreen
from jq_console.ui.screens.help import SECTIONS, HelpScreen
from jq_console.ui.widgets.case_list import CaseList


@pytest.fixture
def spanish() -> Iterator[None]:
    set_language("es")
    yield
    set_language("es")


async def help_lines(tmp_path: Path, language: str) -> list[str]:
    """The help's lines, opened from a case screen, in `language`."""
    services = demo_services(str(tmp_path / "h.sqlite"), clock=frozen_clock(bogota(FROZEN_NOW)))
    code = case_store.open_cases(services.engine)[0].code
    set_language(language)
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await show_case(app, pilot, code)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        return [line.strip() for line in app.screen.help_text().plain.splitlines()]


@pytest.mark.parametrize(
    ("language", "close", "timer"),
    [
        ("es", "c  Cerrar: Cerrar el caso (pide confirmación)", "⏎  Cronómetro: Con el cronómetro resaltado (Tab)"),
        ("en", "c  Close: Close the case (asks first)", "⏎  Timer: With the timer highlighted (Tab)"),
    ],
)
async def test_the_help_says_what_each_key_of_the_case_does(
    tmp_path: Path, spanish: None, language: str, close: str, timer: str
) -> None:
    lines = await help_lines(tmp_path, language)
    assert close in lines
    assert not any("ayuda" in line.lower() or "help" in line.lower() for line in lines if line.startswith("c  "))
    # Enter: the menu of moves on the case; on the timer's line, only while it has focus, and so told.
    enter = [line for line in lines if line.startswith("⏎  ")]
    assert any(line.startswith(timer) for line in enter)
    assert len(enter) == len(set(enter))


def _screens() -> list[tuple[str, list[object]]]:
    """Each screen's bindings as the help and the footer read them, with the app's where they work."""
    console: list[object] = list(JQConsoleApp.BINDINGS)
    screens: list[tuple[str, list[object]]] = [
        (title, [*(binding for group in groups for binding in group), *console]) for title, _, groups in SECTIONS
    ]
    screens.append(("help", [*HelpScreen.BINDINGS]))  # modal: the app's keys do not reach it
    dashboard: list[object] = [*DashboardScreen.BINDINGS, *CaseList.BINDINGS, *DashboardApp.BINDINGS]
    screens.append(("dashboard", dashboard))
    return screens


def test_no_two_bindings_of_a_screen_read_the_same(spanish: None) -> None:
    from textual.binding import Binding

    shared = []
    for title, bindings in _screens():
        # Two keys of one action (billing's Esc and b, both "back") may share their words; two actions may not.
        actions_by_words: dict[str, set[str]] = defaultdict(set)
        for binding in bindings:
            if isinstance(binding, Binding):
                actions_by_words[f"{retold(binding.description)}: {retold(binding.tooltip)}"].add(binding.action)
        shared += [
            f"{title}: {words} {sorted(actions)}" for words, actions in actions_by_words.items() if len(actions) > 1
        ]
    assert shared == []


def test_a_list_of_the_dashboard_does_not_speak_of_the_queue(spanish: None) -> None:
    from textual.binding import Binding

    tips = [retold(binding.tooltip) for binding in CaseList.BINDINGS if isinstance(binding, Binding)]
    assert tips and not any("cola" in tip for tip in tips)
