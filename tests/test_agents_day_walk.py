"""An agent's day around one call, walked end to end on a real SQLite file: a client calls about a
case resolved last week. The agent finds it with `g` by part of its code, reopens it with a reason,
logs the call, starts the work timer, closes the console (the timer must outlive it), opens a new
console on the same file, resolves the case with a note and closes it after confirming.

After every step the database is read back through the store and application reads, so the test
fails if a screen shows a change that was never stored."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import answer_yes_if_asked, settle, settle_until
from textual.widgets import Input, Select, TextArea

from jq_console.application import cases, finder
from jq_console.application import timer as timers
from jq_console.application.services import Services
from jq_console.domain.cases import Case
from jq_console.store import cases as case_store
from jq_console.store.conversation import entries_of
from jq_console.ui.app import JQConsoleApp, create_app, demo_services
from jq_console.ui.screens.case import CaseScreen
from jq_console.ui.screens.confirm_dialog import ConfirmDialog
from jq_console.ui.screens.conversation_dialog import ConversationDialog
from jq_console.ui.screens.go_to_dialog import GoToDialog
from jq_console.ui.screens.reason_dialog import ReasonDialog
from jq_console.ui.widgets.work_timer import running_timer

TZ = ZoneInfo("America/Bogota")
SEEDED = datetime(2026, 11, 30, 10, 0, tzinfo=TZ)  # Monday of last week: the demo's history ends here
RESOLVED = datetime(2026, 12, 2, 15, 0, tzinfo=TZ)  # last Wednesday
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=TZ)  # Monday: the client calls
SIZE = (120, 40)


class Clock:
    """The console's clock, frozen and moved by hand between steps."""

    def __init__(self) -> None:
        self.now = SEEDED.timestamp()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "day-walk.sqlite")


@pytest.fixture
def services(db: str, clock: Clock) -> Services:
    return demo_services(db, login="ana", clock=clock)


def resolved_last_week(services: Services, clock: Clock) -> Case:
    """A case in progress with another agent, resolved by its owner last Wednesday; then the clock
    moves on to Monday, when the client calls."""
    case = next(
        c
        for c in case_store.open_cases(services.engine)
        if c.status == "in_progress" and c.agent not in (None, "ana") and c.verification != "pending"
    )
    clock.now = RESOLVED.timestamp()
    cases.resolve(services.engine, services.runtime, case.agent or "", case.code, "Se reinstaló el módulo")
    clock.now = NOW.timestamp()
    assert case.code in [c.code for c in finder.find(services.engine, "", "resolved").cases]
    assert case.code not in [c.code for c in case_store.open_cases(services.engine)]
    return stored(services, case.code)


def stored(services: Services, code: str) -> Case:
    case = case_store.get_case(services.engine, code)
    assert case is not None
    return case


def kinds(services: Services, case: Case) -> list[str]:
    return [event.kind for event in case_store.history(services.engine, case.id)]


def on_case(app: JQConsoleApp, code: str) -> bool:
    screen = app.screen
    return isinstance(screen, CaseScreen) and screen.case is not None and screen.case.code == code


async def give_reason(app: JQConsoleApp, pilot: object, text: str) -> None:
    await settle_until(pilot, lambda: isinstance(app.screen, ReasonDialog), "the reason dialog")  # type: ignore[arg-type]
    app.screen.query_one("#reason", Input).value = text
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]


@pytest.mark.long
async def test_a_call_about_last_weeks_case_walks_through_the_whole_day(
    services: Services, db: str, clock: Clock
) -> None:
    case = resolved_last_week(services, clock)
    before = kinds(services, case)
    assert before[-1] == "resolve"

    first = create_app(services, live=False)
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Found with `g` by part of its code: the open queue does not list it.
        await pilot.press("g")
        await settle_until(pilot, lambda: isinstance(first.screen, GoToDialog), "the go-to dialog")
        first.screen.query_one("#goto-query", Input).value = case.code[3:]  # without the prefix
        await pilot.press("enter")
        await settle_until(pilot, lambda: on_case(first, case.code), "the resolved case opened")
        screen = first.screen
        assert isinstance(screen, CaseScreen)

        # Reopened with a reason.
        clock.now += 60
        await pilot.press("o")
        await answer_yes_if_asked(pilot)  # another agent's case asks first
        await give_reason(first, pilot, "El cliente llamó: volvió a fallar")
        await settle_until(pilot, lambda: stored(services, case.code).status == "in_progress", "the case reopened")
        reopened = case_store.history(services.engine, case.id)[-1]
        assert reopened.kind == "reopen" and reopened.note == "El cliente llamó: volvió a fallar"
        assert kinds(services, case) == [*before, "reopen"]

        # The call, logged as an incoming call.
        clock.now += 60
        await settle_until(pilot, lambda: on_case(first, case.code), "back on the case")
        await pilot.press("N")
        await settle_until(pilot, lambda: isinstance(first.screen, ConversationDialog), "the conversation dialog")
        dialog = first.screen
        dialog.query_one("#kind", Select).value = "call"
        await settle(pilot)
        dialog.query_one("#direction", Select).value = "in"
        dialog.query_one("#text", TextArea).text = "Llamó la contadora: la factura sale en blanco otra vez"
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: bool(entries_of(services.engine, case.id)), "the call stored")
        (call,) = entries_of(services.engine, case.id)
        assert (call.kind, call.direction) == ("call", "in")
        assert call.text == "Llamó la contadora: la factura sale en blanco otra vez"

        # The work timer, started with `T`.
        await settle_until(pilot, lambda: on_case(first, case.code), "back on the case")
        started = clock.now
        await pilot.press("T")
        await settle_until(pilot, lambda: running_timer(first) is not None, "the timer started")
        await settle(pilot)
    # The console closed without stopping the timer: the database still holds it.
    running = timers.timer_of(services.engine, services.runtime, "ana")
    assert running is not None and (running.code, running.started_at) == (case.code, started)

    clock.now += 30 * 60  # half an hour later, the same working day
    again = demo_services(db, login="ana", clock=clock)  # a new console on the same file
    second = create_app(again, live=False)
    async with second.run_test(size=SIZE) as pilot:
        await settle_until(pilot, lambda: running_timer(second) is not None, "the timer shown again")
        shown = running_timer(second)
        assert shown is not None and shown.code == case.code and shown.started_at == started

        second.action_open_case(case.code)
        await settle_until(pilot, lambda: on_case(second, case.code), "the case opened again")
        # Resolved with a note.
        await pilot.press("s")
        await answer_yes_if_asked(pilot)
        await give_reason(second, pilot, "Se corrigió la plantilla de la factura")
        await settle_until(pilot, lambda: stored(again, case.code).status == "resolved", "the case resolved")
        resolved = case_store.history(again.engine, case.id)[-1]
        assert resolved.kind == "resolve" and resolved.note == "Se corrigió la plantilla de la factura"

        # Closed only after the confirmation is answered.
        await settle_until(pilot, lambda: on_case(second, case.code), "back on the case")
        await pilot.press("c")
        await settle_until(pilot, lambda: isinstance(second.screen, ConfirmDialog), "asked before closing")
        assert stored(again, case.code).status == "resolved"  # nothing stored while it asks
        assert await answer_yes_if_asked(pilot)
        await settle_until(pilot, lambda: stored(again, case.code).status == "closed", "the case closed")
    assert kinds(again, case) == [*before, "reopen", "resolve", "close"]
    assert [entry.kind for entry in entries_of(again.engine, case.id)] == ["call"]
