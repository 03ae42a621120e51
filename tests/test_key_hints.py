"""A hint that names a key names the key that does it: the one bound, or the one the user's keymap
binds in its place (`[keymap]`, by binding id). The queue's filter hint once said "x" for a key
bound to "X", and a rebound key kept its old name in every hint."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FROZEN_NOW, bogota
from pilot_support import settle, show_case
from textual.pilot import Pilot
from textual.widgets import Input

from jq_console.bootstrap import frozen_clock
from jq_console.config import load_settings
from jq_console.domain.priority import code_of
from jq_console.i18n import set_language, t
from jq_console.ui.app import JQConsoleApp, create_app, demo_services
from jq_console.ui.app_base import personalise
from jq_console.ui.screens.help import HelpScreen
from jq_console.ui.screens.queue import QueueScreen
from jq_console.ui.widgets.work_timer import TimerBadge, WorkTimer


@pytest.fixture
def spanish() -> Iterator[None]:
    set_language("es")
    yield
    set_language("es")


def console(tmp_path: Path, keymap: dict[str, str]) -> JQConsoleApp:
    services = demo_services(str(tmp_path / "keys.sqlite"), clock=frozen_clock(bogota(FROZEN_NOW)))
    app = create_app(services, live=False)
    settings = load_settings({"HOME": "/nonexistent"}, files=[])
    settings.keymap = keymap
    personalise(app, settings)
    return app


def status(app: JQConsoleApp) -> str:
    return str(app.screen.query_one("#status-line").render())


async def filters_shown(pilot: Pilot[None], app: JQConsoleApp) -> bool:
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, QueueScreen)
    return screen.filter.active


@pytest.mark.parametrize(("keymap", "named", "pressed"), [({}, "X", "X"), ({"queue.clear": "c"}, "c", "c")])
async def test_the_filter_hint_names_the_key_that_clears_the_filters(
    tmp_path: Path, spanish: None, keymap: dict[str, str], named: str, pressed: str
) -> None:
    app = console(tmp_path, keymap)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        assert await filters_shown(pilot, app)
        assert f"({named} los quita)" in status(app)
        await pilot.press(pressed)
        assert not await filters_shown(pilot, app)


@pytest.mark.parametrize(
    ("keymap", "named"), [({}, ("R", "␣")), ({"queue.reassign": "ctrl+r", "queue.mark": "v"}, ("^r", "v"))]
)
async def test_the_marked_cases_hint_names_the_keys_bound(
    tmp_path: Path, spanish: None, keymap: dict[str, str], named: tuple[str, str]
) -> None:
    app = console(tmp_path, keymap)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press(keymap.get("queue.mark", "space"))
        await settle(pilot)
        reassign, unmark = named
        assert f"1 marcado: {reassign} reasignar · {unmark} desmarca" in status(app)


@pytest.mark.parametrize(("keymap", "named"), [({}, "T"), ({"case.timer": "ctrl+t", "app.timer": "ctrl+t"}, "^t")])
async def test_the_timer_hints_name_the_timer_key(
    tmp_path: Path, spanish: None, keymap: dict[str, str], named: str
) -> None:
    app = console(tmp_path, keymap)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        case_screen = await show_case(app, pilot, code_of(screen.model.keys[0]))
        assert f"{named}: iniciar" in str(case_screen.query_one(WorkTimer).render())
        await pilot.press(keymap.get("case.timer", "T"))
        await settle(pilot)
        assert f"{named}: detener" in str(case_screen.query_one(WorkTimer).render())
        await pilot.press("escape")
        await settle(pilot)
        assert f"o {named}: detener" in str(app.screen.query_one(TimerBadge).render())


REBOUND = {"case.timer": "ctrl+t", "queue.mail_inbox": "ctrl+e", "queue.mark": "v", "queue.end_search": "ctrl+g"}


async def test_the_help_lists_and_names_the_keys_as_rebound(tmp_path: Path, spanish: None) -> None:
    app = console(tmp_path, REBOUND)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        lines = screen.help_text().plain.splitlines()
        timer = next(line for line in lines if t("timer.toggle") in line)
        assert timer.split()[0] == "^t"
        assert any("(^e en la cola)" in line for line in lines)
        assert any("(N en el caso)" in line for line in lines)


async def test_the_queue_names_its_rebound_keys_where_it_tells_them(tmp_path: Path, spanish: None) -> None:
    app = console(tmp_path, REBOUND)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert "Enter o ^g para volver" in str(app.screen.query_one("#search", Input).placeholder)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        screen.action_reassign_marked()  # from the palette, with no case marked
        await settle(pilot)
        assert "Marque casos con v primero." in [notice.message for notice in app._notifications]


async def test_the_badge_names_no_key_where_another_binding_takes_it_first(tmp_path: Path, spanish: None) -> None:
    # The configuration's own example keymap binds T to taking a case on the queue.
    app = console(tmp_path, {"queue.take": "T"})
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        await show_case(app, pilot, code_of(screen.model.keys[0]))
        await pilot.press("T")  # the case screen's own T starts the timer
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")  # only unassigned cases: the highlighted one can be taken, so T takes it
        await settle(pilot)
        badge = app.screen.query_one(TimerBadge)
        badge.refresh_text()
        assert "clic aquí para detenerlo" in str(badge.render()) and "T: detener" not in str(badge.render())
