"""The dashboard as a supervisor sees it: counts, breached cases with countdowns, compliance, and
the breach that disappears from the waiting list once its corrective action is recorded."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from office_support import cli as run_cli
from office_support import make_office
from pilot_support import settle
from sqlalchemy import event
from store_backends import postgres_url, store_url  # noqa: F401
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from jq_console.application import cases
from jq_console.application.oversight import dashboard_services, month_view
from jq_console.bootstrap import DEFAULT_POLICY, Runtime, frozen_clock, load_runtime
from jq_console.domain import lifecycle
from jq_console.domain.rules import Registration, evaluate
from jq_console.domain.vocabulary import Category, Severity
from jq_console.store.cases import NewCase, register
from jq_console.store.engine import make_engine
from jq_console.store.moves import apply
from jq_console.ui.dashboard_app import DashboardApp
from jq_console.ui.messages import PolicyApplied
from jq_console.ui.screens.dashboard import DashboardScreen
from jq_console.ui.widgets.case_list import CaseList

BOGOTA = ZoneInfo("America/Bogota")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=BOGOTA)  # Monday


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=BOGOTA).timestamp()


@pytest.fixture
def office(store_url: str) -> tuple[str, Runtime, dict[str, str]]:
    """The same office on each engine: a SQLite file, then a PostgreSQL database."""
    db = store_url
    make_office(db)
    runtime = load_runtime(str(DEFAULT_POLICY), clock=frozen_clock(NOW))
    engine = make_engine(str(db))

    def new(severity: Severity, opened: str) -> str:
        category: Category = "request" if severity == "S1" else "fault"  # the categories x severities table
        verdict = evaluate(runtime.policy, Registration("subscription", 3, True, "usr", "form", severity, category))
        return register(
            engine,
            runtime,
            NewCase(1, 1, f"{severity} {opened}", "", severity, category, "form", opened_at=at(opened)),
            verdict,
            "jefe",
        ).code

    codes = {
        "late_s3": new("S3", "2026-12-04T09:00"),
        "fresh_s2": new("S2", "2026-12-07T09:00"),
        "met_s1": new("S1", "2026-12-01T09:00"),
    }
    taken = datetime(2026, 12, 1, 10, 0, tzinfo=BOGOTA)  # the move is made then, on the clock of that day
    then = load_runtime(str(DEFAULT_POLICY), clock=frozen_clock(taken))
    apply(engine, then, codes["met_s1"], "a01", lambda c: lifecycle.take(c, "a01", then.now()))
    engine.dispose()
    return db, runtime, codes


def cells(app: DashboardApp, table_id: str) -> list[list[str]]:
    table: CaseList | DataTable[Any] = (
        app.screen.query_one(table_id, CaseList)
        if table_id in ("#risk", "#awaiting")
        else app.screen.query_one(table_id, DataTable)
    )
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def test_the_dashboard_shows_counts_breaches_and_compliance(office: tuple[str, Runtime, dict[str, str]]) -> None:
    db, runtime, codes = office
    services = dashboard_services(db, runtime, login="super")
    app = DashboardApp(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        by_status = {row[0]: row[1:] for row in cells(app, "#by-status")}
        assert by_status["S3 Urgencia"] == ["1", "0", "0", "0", "1"]  # new, assigned, in progress, waiting, total
        assert by_status["S1 Solicitud"] == ["0", "1", "0", "0", "1"]
        assert by_status["Total"] == ["2", "1", "0", "0", "3"]
        risk = cells(app, "#risk")
        assert [row[0] for row in risk] == [codes["late_s3"]]
        assert risk[0][1:5] == ["-24h 00m", "Incumplido", "S3", "asignación"]  # Fri 10-20 h, Sat 8-20 h, Mon 8-10 h
        compliance = {row[0]: row[1:] for row in cells(app, "#compliance")}
        assert compliance["S3"][0] == "0/1 0%" and compliance["S1"][0] == "1/1 100%"
        assert compliance["S2"][0] == "sin datos"
        assert [row[0] for row in cells(app, "#awaiting")] == [codes["late_s3"]]
        assert str(app.screen.query_one("#awaiting-title", Static).render()).endswith("(1)")

        # Both its deadlines passed (assignment Fri 10:00, resolution Mon 09:00): one action each.
        assert [row[1] for row in cells(app, "#awaiting")] == ["asignación, resolución"]
        engine = make_engine(db)  # a supervisor acts from the console, in another connection
        cases.corrective(engine, runtime, "super", codes["late_s3"], "Se reasignó el turno de urgencias")
        await pilot.press("f5")
        await settle(pilot)
        assert [row[1] for row in cells(app, "#awaiting")] == ["resolución"]  # the oldest had its action
        cases.corrective(engine, runtime, "super", codes["late_s3"], "Se revisó la guardia del lunes")
        engine.dispose()
        await pilot.press("f5")
        await settle(pilot)
        assert cells(app, "#awaiting") == []
        assert str(app.screen.query_one("#awaiting-title", Static).render()).endswith("(0)")
        assert not app.screen.query_one("#awaiting-empty", Static).has_class("hidden")
    services.engine.dispose()


async def test_the_dashboard_fits_a_small_terminal(office: tuple[str, Runtime, dict[str, str]]) -> None:
    db, runtime, codes = office
    services = dashboard_services(db, runtime, login="super")
    app = DashboardApp(services, live=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert [row[0] for row in cells(app, "#risk")] == [codes["late_s3"]]
        assert "Actualizado" in str(app.screen.query_one("#dash-status", Static).render())
    services.engine.dispose()


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
async def test_enter_opens_the_first_case_at_risk_without_a_tab_first(
    office: tuple[str, Runtime, dict[str, str]], size: tuple[int, int]
) -> None:
    """The list of cases at risk has the focus from the start: Enter opened nothing until two to
    four Tabs had passed stops that show nothing (the scrolling panes)."""
    from jq_console.ui.screens.case import CaseScreen

    db, runtime, codes = office
    services = dashboard_services(db, runtime, login="super")
    app = DashboardApp(services, live=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert app.focused is app.screen.query_one("#risk", CaseList)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.code == codes["late_s3"]
    services.engine.dispose()


@pytest.mark.parametrize("language", ["es", "en"])
async def test_count_and_compliance_columns_are_sized_once_to_what_they_hold(
    office: tuple[str, Runtime, dict[str, str]], language: str
) -> None:
    """A column that widened after its first drawing left the header out of line with its rows."""
    from rich.cells import cell_len

    from jq_console.i18n import set_language

    set_language(language)  # put back after the test (conftest)
    async with settled_dashboard(office) as (_app, screen, _pilot):
        for table_id in ("#by-status", "#compliance"):
            table = screen.query_one(table_id, DataTable)
            for index, column in enumerate(table.columns.values()):
                widest = max(cell_len(str(table.get_row_at(row)[index])) for row in range(table.row_count))
                assert not column.auto_width and column.width >= max(widest, cell_len(column.label.plain))


async def test_a_take_in_another_process_shows_within_two_seconds(office: tuple[str, Runtime, dict[str, str]]) -> None:
    db, runtime, codes = office
    services = dashboard_services(db, runtime, login="super")
    app = DashboardApp(services)  # live: polls the database's data_version
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert {row[0]: row[1:] for row in cells(app, "#by-status")}["S3 Urgencia"][:2] == ["1", "0"]
        taken = await asyncio.to_thread(run_cli, "take", codes["late_s3"], "--db", db)
        assert taken.returncode == 0, taken.stderr
        seen_after = None
        started = time.monotonic()
        while time.monotonic() - started < 10:  # a generous bound; the poll runs every 2 s
            await pilot.pause(0.1)
            if {row[0]: row[1:] for row in cells(app, "#by-status")}["S3 Urgencia"][:2] == ["0", "1"]:
                seen_after = time.monotonic() - started
                break
        assert seen_after is not None  # the figure itself (usually under 2 s) is not asserted: no timings in tests
    services.engine.dispose()


async def test_a_slow_reload_spaces_the_next_one_without_losing_the_change(
    office: tuple[str, Runtime, dict[str, str]],
) -> None:
    db, runtime, codes = office
    services = dashboard_services(db, runtime, login="super")
    app = DashboardApp(services, live=False)  # polled by hand below
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)

        def s3() -> list[str]:
            return {row[0]: row[1:] for row in cells(app, "#by-status")}["S3 Urgencia"][:2]

        assert s3() == ["1", "0"]
        taken = await asyncio.to_thread(run_cli, "take", codes["late_s3"], "--db", db)
        assert taken.returncode == 0, taken.stderr
        screen._load_cost = 3600.0  # as if the last reload had taken an hour: the next one must wait
        screen.poll()
        await settle(pilot)
        assert s3() == ["1", "0"]
        screen._load_cost = 0.0
        screen.poll()
        await settle(pilot)
        assert s3() == ["0", "1"]  # the change seen while waiting was kept for this poll
    services.engine.dispose()


async def test_a_dashboard_with_nothing_changing_runs_no_query_after_its_first_load(
    office: tuple[str, Runtime, dict[str, str]],
) -> None:
    """Idle means idle: its polls find the database unchanged (the change check reads no table) and
    the clock frozen, so nothing is read; a change made elsewhere is read at the next poll."""
    db, runtime, codes = office
    services = dashboard_services(db, runtime, login="super")
    app = DashboardApp(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert await statements_of_polls(pilot, screen, 5) == []
        taken = await asyncio.to_thread(run_cli, "take", codes["late_s3"], "--db", db)
        assert taken.returncode == 0, taken.stderr
        assert await statements_of_polls(pilot, screen, 1)  # the change was seen and read
    services.engine.dispose()


async def statements_of_polls(pilot: Pilot[None], screen: DashboardScreen, polls: int) -> list[str]:
    """The SQL the dashboard runs over `polls` polls, each as if long after the last load (only the
    database and the clock may call for a read)."""
    statements: list[str] = []

    def heard(*args: Any) -> None:
        statements.append(str(args[2]))

    engine = screen.services.engine
    event.listen(engine, "before_cursor_execute", heard)
    try:
        for _ in range(polls):
            screen._loaded_at = 0.0
            screen.poll()
            await settle(pilot)
    finally:
        event.remove(engine, "before_cursor_execute", heard)
    return statements


async def test_the_month_lags_a_stream_of_changes_by_its_settle_and_then_catches_up_by_itself(
    office: tuple[str, Runtime, dict[str, str]],
) -> None:
    """A change right after the month was counted shows at once in the live lists; the month's
    figures wait for the settle (`MONTH_SETTLE_SECONDS`), and then a poll counts them with no
    further change. After that, idle polls read nothing again."""
    db, runtime, codes = office
    services = dashboard_services(db, runtime, login="super")
    dashboard = DashboardApp(services, live=False)
    async with dashboard.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = dashboard.screen
        assert isinstance(screen, DashboardScreen) and screen._reads is not None and screen.view is not None
        before = screen.view.figures
        taken = await asyncio.to_thread(run_cli, "take", codes["late_s3"], "--db", db)
        assert taken.returncode == 0, taken.stderr
        screen._reads.views.settle = 3600.0  # as if the month had just been counted
        screen._loaded_at = 0.0  # as if long ago: the load's own spacing is not what is tested
        screen.poll()
        await settle(pilot)
        assert {row[0]: row[1:] for row in cells(dashboard, "#by-status")}["S3 Urgencia"][:2] == ["0", "1"]
        assert screen.view.figures == before  # held back
        counted_now = month_view(services, screen.month).figures
        assert counted_now != before
        screen._reads.views.settle = 0.0  # the settle has passed
        screen._loaded_at = 0.0
        screen.poll()  # nothing changed since: the held-back count alone calls for this load
        await settle(pilot)
        assert screen.view.figures == counted_now
        assert await statements_of_polls(pilot, screen, 3) == []
    services.engine.dispose()


@contextlib.asynccontextmanager
async def settled_dashboard(
    office: tuple[str, Runtime, dict[str, str]],
) -> AsyncIterator[tuple[DashboardApp, DashboardScreen, Pilot[None]]]:
    """A supervisor's dashboard on the office, frozen (`live=False`), once its first load is drawn."""
    db, runtime, _codes = office
    services = dashboard_services(db, runtime, login="super")
    app = DashboardApp(services, live=False)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, DashboardScreen)
            yield app, screen, pilot
    finally:
        services.engine.dispose()


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
async def test_a_second_of_countdown_refreshes_only_the_characters_that_moved(
    office: tuple[str, Runtime, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The usual tick (same cases, countdowns moved) refreshes, on the list of cases at risk, only
    the characters of the countdown that moved: the list is not emptied and filled again, and no
    line is drawn whole."""
    codes = office[2]
    async with settled_dashboard(office) as (app, screen, pilot):
        services = app.services
        assert cells(app, "#risk")[0][:2] == [codes["late_s3"], "-24h 00m"]
        table = screen.query_one("#risk", CaseList)
        emptied: list[int] = []
        monkeypatch.setattr(table, "clear", lambda *args, **kwargs: emptied.append(1))
        refreshed: list[Region] = []
        real_refresh = table.refresh

        def counted(*regions: Region, **options: Any) -> Any:
            refreshed.extend(regions or [table.size.region])
            return real_refresh(*regions, **options)

        monkeypatch.setattr(table, "refresh", counted)
        screen.tick()  # the same instant: nothing computed, nothing drawn
        services.runtime.clock = frozen_clock(datetime.fromtimestamp(NOW.timestamp() + 1, BOGOTA))
        screen.tick()  # a second later: a day overdue still reads "-24h 00m", nothing to refresh
        await settle(pilot)
        assert cells(app, "#risk")[0][:2] == [codes["late_s3"], "-24h 00m"] and refreshed == []
        services.runtime.clock = frozen_clock(datetime.fromtimestamp(NOW.timestamp() + 61, BOGOTA))
        screen.tick()
        await settle(pilot)
        assert cells(app, "#risk")[0][:3] == [codes["late_s3"], "-24h 01m", "Incumplido"]
        # "-24h 00m" to "-24h 01m": one character of the first row's countdown, nothing else.
        assert refreshed == [Region(1 + 13 + 2 + 6, 1, 1, 1)]
        assert emptied == []


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
async def test_a_policy_version_applied_measures_the_at_risk_list_again(
    office: tuple[str, Runtime, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case with no version of its own is measured by the version in force: once another is
    applied, the at-risk list's kept clocks are measured again, however long they would have held."""
    async with settled_dashboard(office) as (app, screen, pilot):
        clocks = screen._risk_rows._clocks
        computed = clocks.computed
        screen.tick()
        assert clocks.computed == computed  # the same instant: all kept

        def measured_since() -> int:
            now = screen._risk_rows._clocks
            return now.computed if now is not clocks else now.computed - computed

        monkeypatch.setattr(app.services.runtime, "follow", lambda number: True)
        screen.post_message(PolicyApplied(2))
        await settle(pilot)
        screen.tick()
        assert measured_since() == len(screen._risky) > 0  # every clock of the list, once


@pytest.mark.parametrize(
    ("language", "title"), [("es", "Cumplimiento del mes (nov 2026)"), ("en", "Compliance in Nov 2026")]
)
async def test_a_past_months_compliance_is_titled_with_that_month(
    office: tuple[str, Runtime, dict[str, str]], language: str, title: str
) -> None:
    """A month before this one, chosen with `[`, was titled "Compliance this month" in English."""
    from jq_console.i18n import set_language

    set_language(language)  # put back after the test (conftest)
    async with settled_dashboard(office) as (_app, screen, pilot):
        await pilot.press("[")
        await settle(pilot)
        assert str(screen.query_one("#compliance-title", Static).render()) == title
