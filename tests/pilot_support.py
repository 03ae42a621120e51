"""What the Pilot tests share: waiting until the console is quiet, and opening a case or study screen.

Every wait here is on the app itself (its workers, its message queues, a condition on what it
shows), never on the wall clock: a loaded machine makes the test slower, not different."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

from jq_console.application.services import Services
from jq_console.domain.cases import Case
from jq_console.store import queue_sync
from jq_console.ui.app import JQConsoleApp
from jq_console.ui.screens.case import CaseScreen
from jq_console.ui.screens.case_study import CaseStudyScreen
from jq_console.ui.widgets.queue_rows import QueueRows
from jq_console.ui.widgets.queue_view import QueueView

# How many quiet rounds `settle_until` allows before it says what never happened. Each round waits
# for the workers and the messages they posted; a screen needs three or four, so this is generous.
MAX_ROUNDS = 60


async def workers_done(app: App[Any]) -> None:
    """Every worker the app has now has finished. One cancelled meanwhile (an exclusive worker
    replaced by a newer one) counts as finished: `WorkerManager.wait_for_complete` would raise
    `WorkerCancelled` out of the test instead, depending on when it was called."""
    for worker in list(app.workers):
        with suppress(WorkerCancelled):
            await worker.wait()


async def settle(pilot: Pilot[None], rounds: int = 4) -> None:
    """Let thread workers finish and the messages they posted be handled; a move's worker posts
    a message whose handler starts another worker, hence several rounds."""
    for _ in range(rounds):
        await workers_done(pilot.app)
        await pilot.pause()


async def settle_until(pilot: Pilot[None], ready: Callable[[], bool], what: str) -> None:
    """Settle until `ready()` holds (a condition on what the app shows), then once more so the
    messages it set off are handled; fail naming `what` if it never does."""
    for _ in range(MAX_ROUNDS):
        if ready():
            await settle(pilot, rounds=2)
            return
        await settle(pilot, rounds=1)
    raise AssertionError(f"never happened: {what}")


def queue_codes(view: QueueView) -> list[str]:
    """The code of every line of the queue, in order (its case read in full or not)."""
    return [view.rows.code_at(index) for index in range(len(view.rows))]


def queue_cases(services: Services, view: QueueView) -> list[Case]:
    """Every case the queue shows, in its order, as the database holds it now (the queue holds in
    full only the cases on screen and around them)."""
    codes = queue_codes(view)
    by_code = {case.code: case for case in queue_sync.cases_by_code(services.engine, codes)}
    return [by_code[code] for code in codes]


def held_cases(view: QueueView) -> list[Case]:
    """The queue's lines from the top while their cases are held in full (the screen and around it)."""
    cases: list[Case] = []
    for index in range(len(view.rows)):
        case = view.rows.case_at(index)
        if case is None:
            break
        cases.append(case)
    return cases


def rows_of(cases: list[Case]) -> QueueRows:
    """Queue lines showing `cases` in the order given, each held in full (keys made in that order)."""
    keys = [bytes(2) + index.to_bytes(16, "big") + case.code.encode() for index, case in enumerate(cases)]
    return QueueRows(keys, {case.code: case for case in cases}, {case.code: key for case, key in zip(cases, keys)})


def steady_cursors(app: App[Any]) -> None:
    """A focused input's cursor blinks on a half-second timer; stopped, it shows steadily, so a
    screenshot does not depend on how long the machine took to get there."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


async def show_case(app: JQConsoleApp, pilot: Pilot[None], code: str) -> CaseScreen:
    await settle(pilot)
    app.push_screen(CaseScreen(code))
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, CaseScreen) and screen.case is not None
    return screen


async def answer_yes_if_asked(pilot: Pilot[None]) -> bool:
    """A move on another agent's case (or a close) asks first: say yes. True if it asked."""
    from jq_console.ui.screens.confirm_dialog import ConfirmDialog

    await settle(pilot, rounds=1)
    asked = False
    while isinstance(pilot.app.screen, ConfirmDialog):
        asked = True
        await pilot.press("y")
        await settle(pilot, rounds=1)
    return asked


async def show_study(app: App[Any], pilot: Pilot[None], code: str) -> CaseStudyScreen:
    """The case study screen of the feature request `code`, opened once the app is quiet."""
    await settle(pilot)
    app.push_screen(CaseStudyScreen(code))
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, CaseStudyScreen)
    return screen
