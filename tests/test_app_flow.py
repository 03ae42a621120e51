"""The console driven through Pilot: registering a phone case, then taking, pausing, resuming and
resolving it; the store and the history show every step."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import answer_yes_if_asked, settle
from textual.pilot import Pilot
from textual.widgets import Input, Select

from jq_console.application.services import Services
from jq_console.bootstrap import frozen_clock
from jq_console.store import cases as case_store
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.screens.case import CaseScreen
from jq_console.ui.screens.reason_dialog import ReasonDialog
from jq_console.ui.screens.registration import RegistrationScreen
from jq_console.ui.widgets.case_timeline import CaseTimeline

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return demo_services(str(tmp_path / "console.sqlite"), clock=frozen_clock(NOW))


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def answer_dialog(pilot: Pilot[None], text: str) -> None:
    dialog = pilot.app.screen
    assert isinstance(dialog, ReasonDialog)
    await type_text(pilot, text[:2])  # real keys reach the field; the rest is set at once (speed)
    field = dialog.query_one("#reason", Input)
    field.value = field.value + text[2:]
    await pilot.press("enter")
    await settle(pilot)


async def test_phone_case_registered_taken_paused_resumed_resolved(services: Services) -> None:
    app = create_app(services, live=False)
    before = case_store.count_cases(services.engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RegistrationScreen)
        await type_text(pilot, "agro")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.client is not None and screen.client.name.startswith("Agroinsumos")
        assert screen.query_one("#reporter", Select).value is not Select.NULL
        screen.query_one("#channel", Select).value = "phone"
        screen.query_one("#title", Input).value = "No abre el módulo de nómina"
        await settle(pilot)

        # Without a justification the phone case is refused, and nothing typed is lost.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert case_store.count_cases(services.engine) == before
        assert screen.query_one("#title", Input).value == "No abre el módulo de nómina"
        assert "justificación" in str(screen.query_one("#findings").render())

        screen.query_one("#justification", Input).value = "El cliente no tiene Internet"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert case_store.count_cases(services.engine) == before + 1
        case_screen = app.screen
        assert isinstance(case_screen, CaseScreen) and case_screen.case is not None
        code = case_screen.case.code
        stored = case_store.get_case(services.engine, code)
        assert stored is not None and stored.channel == "phone" and stored.status == "new"
        assert stored.justification == "El cliente no tiene Internet"

        await pilot.press("t")
        await settle(pilot)
        assert case_store.get_case(services.engine, code).agent == "ana"  # type: ignore[union-attr]

        await pilot.press("w")
        await pilot.pause()
        await answer_dialog(pilot, "Debe reinstalar el cliente")
        waiting = case_store.get_case(services.engine, code)
        assert waiting is not None and waiting.status == "waiting" and waiting.resolution_due is None

        await pilot.press("r")
        await settle(pilot)
        resumed = case_store.get_case(services.engine, code)
        assert resumed is not None and resumed.status == "in_progress" and resumed.resolution_due is not None

        await pilot.press("s")
        await pilot.pause()
        await answer_dialog(pilot, "Reinstalado y probado")
        done = case_store.get_case(services.engine, code)
        assert done is not None and done.status == "resolved"
        events = case_store.history(services.engine, done.id)
        assert [e.kind for e in events] == ["open", "take", "wait", "resume", "resolve"]
        assert events[2].note == "Debe reinstalar el cliente" and events[4].note == "Reinstalado y probado"
        assert all(e.actor == "ana" for e in events)
        assert "Reinstalado y probado" in app.screen.query_one("#case-history", CaseTimeline).shown


async def test_empty_reason_keeps_the_dialog_open_and_changes_nothing(services: Services) -> None:
    code = next(c.code for c in case_store.open_cases(services.engine) if c.status == "in_progress")
    app = create_app(services, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(CaseScreen(code))
        await settle(pilot)
        await pilot.press("w")
        await answer_yes_if_asked(pilot)  # another agent's case: asked first
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        assert "Falta" in str(app.screen.query_one("#dialog-error").render())
        await pilot.press("escape")
        await settle(pilot)
        assert case_store.get_case(services.engine, code).status == "in_progress"  # type: ignore[union-attr]
