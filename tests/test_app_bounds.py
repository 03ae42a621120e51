"""The console shows the bounds: the queue line marks a verification past its deadline (V) and a
client behind on payments ($); the case screen tells both, with the verification's deadline; the
case screen's `y` recategorises through its dialog, which shows the policy's answer first."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pilot_support import answer_yes_if_asked, settle, settle_until
from pilot_support import show_case as show
from rich.console import Console
from textual.widgets import Input, Select, Static

from jq_console.application import work as work_log
from jq_console.application.oversight import dashboard_services
from jq_console.application.services import Services
from jq_console.domain.cases import Case
from jq_console.presentation.verification import verification_deadline
from jq_console.store import billed_months, time_entries
from jq_console.store import cases as case_store
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.dashboard_app import DashboardApp
from jq_console.ui.screens.billing import BillingScreen
from jq_console.ui.screens.queue import QueueScreen
from jq_console.ui.screens.recategorize_dialog import RecategorizeDialog
from jq_console.ui.widgets.queue_view import QueueView, layout
from jq_console.ui.widgets.work_timer import running_timer

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))


class Hand:
    def __init__(self) -> None:
        self.at = NOW.timestamp()

    def __call__(self) -> float:
        return self.at


@pytest.fixture
def hand() -> Hand:
    return Hand()


@pytest.fixture
def services(tmp_path: Path, hand: Hand) -> Services:
    return demo_services(str(tmp_path / "bounds.sqlite"), clock=hand)


def open_cases(services: Services) -> list[Case]:
    return sorted(case_store.open_cases(services.engine), key=lambda c: c.code)


def mark_of(view: QueueView, case: Case) -> str:
    """The two characters of the mark column on `case`'s line, as drawn."""
    index = view.rows.index_of_code(case.code)
    assert index is not None
    view.action_jump(index)
    strip = view.render_line(index - view.top + 1)
    text = "".join(segment.text for segment in strip)
    start = 0
    for column in layout(view.size.width):
        if column.key == "mark":
            return text[start : start + column.width]
        start += column.width + 1
    raise AssertionError("no mark column")


async def test_the_queue_marks_overdue_verifications_and_clients_behind(services: Services, hand: Hand) -> None:
    cases = open_cases(services)
    pending = [c for c in cases if c.verification == "pending"]
    behind = next(c for c in cases if not c.client_up_to_date)
    good = next(c for c in cases if c.client_up_to_date and c.verification != "pending")
    assert pending, "the demo has cases pending the USR's verification"
    runtime = services.runtime
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle_until(pilot, lambda: isinstance(app.screen, QueueScreen) and bool(app.screen.model.keys), "queue")
        view = app.screen.query_one(QueueView)
        assert mark_of(view, behind)[1] == "$"
        assert mark_of(view, good) == "  "
        for case in pending:
            due = verification_deadline(runtime, case)
            assert due is not None
            assert mark_of(view, case)[0] == ("V" if runtime.now() > due else " ")
        latest = max(due for c in pending if (due := verification_deadline(runtime, c)) is not None)
        hand.at = latest + 60  # time alone makes every pending verification overdue
        for case in pending:
            assert mark_of(view, case)[0] == "V"


def fields_text(screen: object) -> str:
    console = Console(width=160, record=True, file=io.StringIO())
    console.print(screen.query_one("#case-fields", Static).content)  # type: ignore[attr-defined]
    return console.export_text()


async def test_the_case_screen_tells_payments_and_the_verification_deadline(services: Services, hand: Hand) -> None:
    cases = open_cases(services)
    pending = next(c for c in cases if c.verification == "pending")
    behind = next(c for c in cases if not c.client_up_to_date)
    due = verification_deadline(services.runtime, pending)
    assert due is not None
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await show(app, pilot, behind.code)
        assert "$ pagos atrasados" in fields_text(screen)
        app.pop_screen()
        hand.at = min(hand.at, due - 60)
        screen = await show(app, pilot, pending.code)
        text = fields_text(screen)
        assert "Pendiente" in text and "· vence" in text and "VENCIDA" not in text
        app.pop_screen()
        hand.at = due + 60
        screen = await show(app, pilot, pending.code)
        assert "VENCIDA desde" in fields_text(screen)


async def test_y_recategorizes_after_the_policy_answers_in_the_dialog(services: Services) -> None:
    fault = next(
        c for c in open_cases(services) if c.category == "fault" and c.severity == "S2" and c.status != "waiting"
    )
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await show(app, pilot, fault.code)
        await pilot.press("y")
        await answer_yes_if_asked(pilot)  # another agent's case: the console asks first
        await settle_until(pilot, lambda: isinstance(app.screen, RecategorizeDialog), "the dialog opened")
        dialog = app.screen
        dialog.query_one("#category", Select).value = "request"  # S1 only: the policy says no at once
        await settle(pilot)
        assert "S2" in str(dialog.query_one("#preview", Static).content)
        dialog.query_one("#category", Select).value = "out_of_scope"
        await settle(pilot)
        assert str(dialog.query_one("#preview", Static).content).startswith("La política admite el caso")
        dialog.query_one("#reason", Input).value = "es un problema de la red local"
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: not isinstance(app.screen, RecategorizeDialog), "the dialog closed")
        await settle(pilot)
    after = case_store.get_case(services.engine, fault.code)
    assert after is not None and after.category == "out_of_scope"
    last = case_store.history(services.engine, after.id)[-1]
    assert (last.kind, last.note, last.before) == (
        "recategorize",
        "es un problema de la red local",
        {"category": "fault"},
    )


def test_a_demo_week_later_still_has_the_marks(services: Services) -> None:
    """The marks are computed from the clock, not stored: a week later the same cases are overdue."""
    runtime = services.runtime
    later = (NOW + timedelta(days=7)).timestamp()
    overdue = [c for c in open_cases(services) if (due := verification_deadline(runtime, c)) and later > due]
    assert overdue == [c for c in open_cases(services) if c.verification == "pending"]


async def test_a_timer_run_in_a_billed_month_is_refused_with_the_sentence(services: Services, hand: Hand) -> None:
    """December closed for billing (by ana, an admin): stopping the work timer logs nothing and says why."""
    code = next(c.code for c in open_cases(services) if c.verification != "pending" and c.status != "waiting")
    # A month is closed once it has ended (application/work.py); a run still going across its end, stopped
    # later, is what meets a closed month. Closed here in the store's own write, the clock kept in December.
    billed_months.close_month(services.engine, 2026, 12, "ana", services.runtime.now(), services.runtime.policy.rates)
    case = case_store.get_case(services.engine, code)
    assert case is not None
    before = len(time_entries.entries_of(services.engine, case.id))
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await show(app, pilot, code)
        await pilot.press("T")
        await settle_until(pilot, lambda: running_timer(app) is not None, "the timer started")
        hand.at += 20 * 60
        await pilot.press("T")
        await settle_until(pilot, lambda: running_timer(app) is None, "the timer stopped")
        await settle(pilot)
        told = [str(notice.message) for notice in app._notifications]
        assert any("El mes 2026-12 ya está facturado" in text for text in told), told
    assert len(time_entries.entries_of(services.engine, case.id)) == before


async def test_the_dashboard_counts_the_overdue_verifications(tmp_path: Path, services: Services, hand: Hand) -> None:
    pending = [c for c in open_cases(services) if c.verification == "pending"]
    latest = max(due for c in pending if (due := verification_deadline(services.runtime, c)) is not None)
    hand.at = latest + 60
    services.engine.dispose()
    app = DashboardApp(dashboard_services(str(tmp_path / "bounds.sqlite"), services.runtime, login="ana"), live=False)
    async with app.run_test(size=(160, 48)) as pilot:

        def loaded() -> bool:
            return bool(str(app.screen.query_one("#unverified-title", Static).content))

        await settle_until(pilot, loaded, "the dashboard loaded")
        title = str(app.screen.query_one("#unverified-title", Static).content)
        listed = str(app.screen.query_one("#unverified", Static).content)
    assert title == f"Verificación USR vencida: {len(pending)}"
    assert all(case.code in listed for case in pending[:5])


async def test_the_billing_screen_says_whether_the_month_is_closed(services: Services) -> None:
    work_log.close_billing_month(services.engine, services.runtime, "ana", 2026, 11)
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        for month, expected in ((11, "mes cerrado (facturado) por ana el lun 7 dic 10:00"), (10, "mes abierto")):
            app.push_screen(BillingScreen(2026, month))

            def billed() -> bool:
                return isinstance(app.screen, BillingScreen) and app.screen.bill is not None

            await settle_until(pilot, billed, "the month billed")
            assert str(app.screen.query_one("#billing-month", Static).content).endswith(expected)
            app.pop_screen()
            await settle(pilot)
