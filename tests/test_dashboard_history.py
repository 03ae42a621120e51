"""The dashboard's month view: the month keys, the 12-month trend, a labelled bar per day, the
at-risk list by time left, Enter opening a case read-only, and no table heading clipped at 80x24 or
160x48. On the seeded demo database of the snapshots (stopped clock: Monday 7 December 2026), and
the month read on both engines."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from office_support import make_office
from pilot_support import settle
from rich.cells import cell_len
from snapshot_support import clock_of, dashboard, on_dashboard
from store_backends import postgres_url, store_url  # noqa: F401
from textual.pilot import Pilot
from textual.widgets import DataTable

from jq_console.application.oversight import MonthViews, month_view
from jq_console.application.reports import monthly_report
from jq_console.application.services import Services
from jq_console.bootstrap import DEFAULT_POLICY, frozen_clock, load_runtime
from jq_console.domain.month_figures import ClientRow, Month
from jq_console.domain.rules import Registration, evaluate
from jq_console.i18n import label
from jq_console.presentation.clocks import clock_text, row_order
from jq_console.store.cases import NewCase, register
from jq_console.store.engine import make_engine
from jq_console.store.readonly import open_readonly
from jq_console.ui.dashboard_app import DashboardApp
from jq_console.ui.screens.case import CaseScreen
from jq_console.ui.screens.case_moves import MOVES
from jq_console.ui.screens.dashboard import DashboardScreen, day_bars
from jq_console.ui.widgets.case_list import CaseList
from jq_console.ui.widgets.sla_summary import pending_clock
from jq_console.ui.widgets.work_timer import WorkTimer

BOGOTA = ZoneInfo("America/Bogota")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=BOGOTA)


def screen_of(app: DashboardApp) -> DashboardScreen:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


def cells(app: DashboardApp, table_id: str) -> list[list[str]]:
    table: CaseList | DataTable[Any] = (
        app.screen.query_one(table_id, CaseList)
        if table_id in ("#risk", "#awaiting")
        else app.screen.query_one(table_id, DataTable)
    )
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def seconds(left: str) -> int:
    """A countdown as shown ("-24h 01m", "59m 59s") in seconds."""
    sign = -1 if left.startswith("-") else 1
    units = {"h": 3600, "m": 60, "s": 1}
    return sign * sum(int(part[:-1]) * units[part[-1]] for part in left.lstrip("-").split())


async def shown_month(pilot: Pilot[None], key: str) -> Month:
    await pilot.press(key)
    await settle(pilot)
    view = screen_of(pilot.app).view  # type: ignore[arg-type]
    assert view is not None
    return view.figures.month


async def test_the_at_risk_list_comes_by_time_left(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await on_dashboard(pilot)
        table = app.screen.query_one("#risk", CaseList)
        lefts = [seconds(str(table.get_row_at(row)[1])) for row in range(table.row_count)]
        assert len(lefts) > 2 and lefts == sorted(lefts)  # the most overdue first
        assert lefts[0] < 0 < lefts[-1]


async def test_the_at_risk_list_ticking_with_the_clock_reads_as_one_computed_afresh(tmp_path: Path) -> None:
    """The clocks kept while their text holds (`presentation.held_clocks`), the words and cells kept
    per row and the table's own comparison draw, second after second, what the same cases computed
    afresh read: in working hours, across the regular schedule's close, and with the clock moved back."""
    app = dashboard(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await on_dashboard(pilot)
        screen = screen_of(app)
        runtime = app.services.runtime
        clock = clock_of(app)
        cases = screen._risky
        assert len(cases) > 5

        def afresh() -> list[list[str]]:
            now = runtime.now()
            rows = [(case, pending_clock(runtime.of_case(case).engine, case, now)) for case in cases]
            rows.sort(key=lambda row: (row_order(row[1]), row[0].code))
            return [[case.code, clock_text(clock), label("clock", clock.state.value)] for case, clock in rows]

        start = NOW.timestamp()
        close = datetime(2026, 12, 7, 16, 58, 30, tzinfo=BOGOTA).timestamp()
        # A fraction of a second off the deadlines' whole seconds, as a real tick is.
        moments = [start + 0.37 + second for second in range(1, 150)] + [close + 0.37 + second for second in range(150)]
        moments += [moments[-1] - 10.5, moments[-1] - 9.5, moments[-1] + 3600]
        for moment in moments:
            clock.at = moment
            screen.tick()
            await pilot.pause()
            assert [row[:3] for row in cells(app, "#risk")] == afresh(), moment


async def test_the_month_keys_move_through_past_months_and_not_past_this_one(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await on_dashboard(pilot)
        screen = screen_of(app)
        assert screen.view is not None and screen.view.figures.month == Month(2026, 12)
        december = cells(app, "#compliance")
        assert await shown_month(pilot, "right_square_bracket") == Month(2026, 12)  # no month after the current one
        assert await shown_month(pilot, "left_square_bracket") == Month(2026, 11)
        assert cells(app, "#compliance") != december
        assert await shown_month(pilot, "left_square_bracket") == Month(2026, 10)
        view = screen.view
        assert view is not None and view.days == view.month_days == 31 and len(view.figures.per_day) == 31
        assert len(view.trend["S1"]) == 12  # November 2025 to October 2026
        assert await shown_month(pilot, "right_square_bracket") == Month(2026, 11)
        assert await shown_month(pilot, "H") == Month(2026, 12)
        assert cells(app, "#compliance") == december


@pytest.mark.parametrize("month", [Month(2026, 12), Month(2026, 11)], ids=str)
async def test_the_month_view_shows_the_monthly_report_to_the_unit(tmp_path: Path, month: Month) -> None:
    """The figures the dashboard draws are the report's (`jq-console report --month`), not a count of its own."""
    app = dashboard(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await on_dashboard(pilot)
        if month != Month(2026, 12):
            await pilot.press("left_square_bracket")
            await settle(pilot)
        screen = screen_of(app)
        assert screen.view is not None and screen.view.figures.month == month
        services = app.services
        report = monthly_report(services.engine, services.runtime, str(month), login=services.login)
        figures = screen.view.figures
        for clock in ("assignment", "resolution"):
            for severity in ("S1", "S2", "S3"):
                tally = getattr(figures.compliance, clock)[severity]
                expected = report.compliance[clock][severity]
                assert (tally.met, tally.breached, tally.in_time) == (expected.met, expected.breached, expected.in_time)
        drawn = {row[0]: row[1:] for row in cells(app, "#compliance")}
        s1 = report.compliance["assignment"]["S1"]
        assert drawn["S1"][0] == (f"{s1.met}/{s1.decided} {s1.percent:.0f}%" if s1.decided else "sin datos")
        assert sum(figures.per_day) == len(report.breaches)  # every breach of the month on its day
        assert sum(row.breaches for row in figures.clients) == len(report.breaches)
        assert sum(row.without_action for row in figures.clients) == report.breaches_without_action
        taken = {line.login: line.taken for line in report.agents}
        assert {row.name: row.cases for row in figures.agents} == taken
        assert figures.cases == report.total.opened


def test_each_day_is_a_labelled_bar() -> None:
    text = day_bars([0, 3, 1] + [0] * 27, 30).plain.splitlines()
    assert len(text) == 15  # two columns: 1-15 and 16-30
    assert text[0].split() == ["1", "·", "16", "·"] and text[14].split() == ["15", "·", "30", "·"]
    assert text[1].split()[:3] == ["2", "████████", "3"]  # the worst day has the longest bar
    assert text[2].split()[:3] == ["3", "███", "1"]


async def test_enter_opens_the_case_read_only(tmp_path: Path) -> None:
    app = dashboard(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await on_dashboard(pilot)
        table = app.screen.query_one("#risk", CaseList)
        table.focus()
        code = str(table.get_row_at(0)[0])
        await pilot.press("enter")
        await settle(pilot)
        case_screen = app.screen
        assert isinstance(case_screen, CaseScreen) and case_screen.code == code
        assert case_screen.case is not None
        assert not any(case_screen.check_action(action, ()) for action in MOVES)  # nothing can be changed
        assert not case_screen.check_action("timer", ()) and not case_screen.query(WorkTimer)  # no time taken
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("past", [False, True], ids=["this-month", "past-month"])
async def test_no_table_heading_is_clipped(tmp_path: Path, size: tuple[int, int], past: bool) -> None:
    app = dashboard(tmp_path)
    async with app.run_test(size=size) as pilot:
        await on_dashboard(pilot)
        if past:
            await pilot.press("left_square_bracket")
            await settle(pilot)
        for table in app.screen.query(DataTable):
            for column in table.columns.values():
                assert column.width >= cell_len(column.label.plain), (table.id, column.label.plain)
            assert table.max_scroll_x == 0, f"#{table.id} is wider than its pane at {size}"


async def test_the_month_shown_is_read_on_both_engines(store_url: str) -> None:
    make_office(store_url)
    runtime = load_runtime(str(DEFAULT_POLICY), clock=frozen_clock(NOW))
    engine = make_engine(store_url)
    verdict = evaluate(runtime.policy, Registration("subscription", 3, True, "usr", "form", "S2", "fault"))
    moment = datetime(2026, 11, 3, 9, 0, tzinfo=BOGOTA).timestamp()  # a Tuesday; nobody ever takes it
    case = NewCase(1, 1, "Nadie lo tomó", "", "S2", "fault", "form", opened_at=moment)
    register(engine, runtime, case, verdict, "jefe")
    engine.dispose()
    reader = open_readonly(store_url)
    try:
        services = Services(reader, runtime, "super", "supervisor", readonly=True)
        november = month_view(services, Month(2026, 11))
        breaches = sum(november.figures.per_day)
        assert breaches >= 1 and november.figures.cases == 1
        assert november.figures.clients == [ClientRow("Cliente Prueba S.A.S.", 1, breaches, breaches)]
        assert november.trend["S2"][-1] == 0.0 and november.trend["S2"][:-1] == [None] * 11
        december = month_view(services, Month(2026, 12))
        assert december.figures.cases == 0 and december.days == 7 and len(december.figures.per_day) == 7
    finally:
        reader.dispose()


async def test_the_shown_month_is_read_at_every_reload_and_the_months_before_kept_a_while(store_url: str) -> None:
    make_office(store_url)
    runtime = load_runtime(str(DEFAULT_POLICY), clock=frozen_clock(NOW))
    verdict = evaluate(runtime.policy, Registration("subscription", 3, True, "usr", "form", "S2", "fault"))

    def register_on(day: datetime) -> None:
        engine = make_engine(store_url)
        case = NewCase(1, 1, "Caso", "", "S2", "fault", "form", opened_at=day.timestamp())
        register(engine, runtime, case, verdict, "jefe")
        engine.dispose()

    reader = open_readonly(store_url)
    try:
        views = MonthViews(Services(reader, runtime, "super", "supervisor", readonly=True))
        assert views.view(Month(2026, 11)).figures.cases == 0
        register_on(datetime(2026, 11, 3, 9, 0, tzinfo=BOGOTA))
        register_on(datetime(2026, 10, 6, 9, 0, tzinfo=BOGOTA))
        kept = views.view(Month(2026, 11))
        assert kept.figures.cases == 1  # the month shown: read again
        assert kept.trend["S2"][-2] is None  # October: kept from the first read
        views.refresh = 0.0
        fresh = views.view(Month(2026, 11))
        assert fresh.trend["S2"][-2] == 0.0 and fresh == month_view(views.services, Month(2026, 11))
    finally:
        reader.dispose()


async def test_a_month_not_counted_again_is_not_figured_again_either(store_url: str) -> None:
    """A reload that keeps the month's count (nothing changed, or counted less than `settle` ago)
    hands back the figures drawn from it, not the same figures worked out again from its breaches."""
    make_office(store_url)
    runtime = load_runtime(str(DEFAULT_POLICY), clock=frozen_clock(NOW))
    reader = open_readonly(store_url)
    try:
        views = MonthViews(Services(reader, runtime, "super", "supervisor", readonly=True), settle=60.0)
        first = views.view(Month(2026, 11), unchanged=[])
        again = views.view(Month(2026, 11), unchanged=[])
        assert views.counts == 1 and again.figures is first.figures
        engine = make_engine(store_url)
        verdict = evaluate(runtime.policy, Registration("subscription", 3, True, "usr", "form", "S2", "fault"))
        case = NewCase(
            1, 1, "Caso", "", "S2", "fault", "form", opened_at=datetime(2026, 11, 3, 9, tzinfo=BOGOTA).timestamp()
        )
        register(engine, runtime, case, verdict, "jefe")
        engine.dispose()
        views.settle = 0.0
        counted = views.view(Month(2026, 11))  # a case changed: counted, and figured, again
        assert views.counts == 2 and counted.figures is not first.figures and counted.figures.cases == 1
    finally:
        reader.dispose()
