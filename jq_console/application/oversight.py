"""What a supervisor may look at: the dashboard's read-only session, its live snapshot, and the
month shown with its 12-month trend, the monthly report's figures as the database counts them
(`store.month_figures`)."""

from __future__ import annotations

import calendar
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from jq_console.application.access import SUPERVISING, require_agent
from jq_console.application.policy import of_record
from jq_console.application.reports import period_of
from jq_console.application.services import Services
from jq_console.bootstrap import Runtime
from jq_console.domain.bounds import verification_due
from jq_console.domain.cases import Case
from jq_console.domain.month_figures import (
    TREND_MONTHS,
    Month,
    MonthFacts,
    MonthFigures,
    from_facts,
    time_moves_facts,
    trend_of_facts,
)
from jq_console.domain.open_case import Clocked
from jq_console.domain.policy import SEVERITIES
from jq_console.domain.watch import Board, OpenWatch, board_of
from jq_console.store.engine import read
from jq_console.store.month_figures import month_facts
from jq_console.store.oversight import Drawn, Held, Snapshot, first_in_queue, read_held, snapshot
from jq_console.store.readonly import open_readonly, probe, stable_read
from jq_console.store.schema import require_schema

UNVERIFIED_ROWS = 5  # the dashboard's left column is short at 80x24; a count says how many more


def dashboard_services(target: str | None, runtime: Runtime, login: str | None = None) -> Services:
    """The read-only engine and the supervisor at the keyboard, or the reason they may not look."""
    engine = open_readonly(target)
    probe(engine)
    require_schema(engine)
    me = require_agent(engine, SUPERVISING, login)
    return Services(engine, of_record(engine, runtime), me.login, me.role, readonly=True)


def this_month(runtime: Runtime, now: float) -> Month:
    local = runtime.local(now)
    return Month(local.year, local.month)


def month_bounds(runtime: Runtime, month: Month) -> tuple[float, float]:
    """The first instant of `month` and of the month after it, in the policy's time zone."""
    following = month.shifted(1)
    start = datetime(month.year, month.month, 1, tzinfo=runtime.tz)
    return start.timestamp(), datetime(following.year, following.month, 1, tzinfo=runtime.tz).timestamp()


def month_start(runtime: Runtime, now: float) -> float:
    return month_bounds(runtime, this_month(runtime, now))[0]


def load_snapshot(services: Services, limit: int = 300) -> Snapshot:
    """What the dashboard draws live besides its board, read whole in one transaction (read again
    if the file moved); a dashboard keeps a `DashboardReads`."""
    return DashboardReads(services, limit).snapshot()


@dataclass(frozen=True)
class MonthView:
    figures: MonthFigures
    trend: dict[str, list[float | None]]  # per severity, the 12 months ending with the one shown
    days: int  # days of the month drawn (up to today in the current month)
    month_days: int
    trend_pending: bool = False  # the trend is not read yet (`MonthViews.with_trend` reads it)


@dataclass(frozen=True)
class _Figured:
    """Figures drawn from a count, and what they were drawn with: the count itself, the days shown
    and the policy version whose time zone dates the breaches."""

    facts: MonthFacts
    days: int
    version: int | None
    figures: MonthFigures

    def drawn_from(self, facts: MonthFacts, days: int, version: int | None) -> bool:
        return self.facts is facts and (self.days, self.version) == (days, version)


# While changes keep coming, a count is held back this many times as long as the last one took (if
# longer than `settle`): at 10,000 open cases a count takes ~0.13 s, which every 5 s was 2.6 % of a
# core for each dashboard; this keeps it near 1 %, whatever the size of the desk.
COUNT_COST_FACTOR = 100.0


class MonthViews:
    """The month view of one dashboard. The shown month is counted at a reload that follows a change
    (see `view`), but at most every `settle` seconds while changes keep coming (or COUNT_COST_FACTOR
    times what the last count took, if longer): the month's figures then lag the live lists by that
    much, and a reload (`recount_due`) counts what was held back. A `settle` of 0 holds nothing back.
    The 11 months before it, for the trend, are counted at most every `refresh` seconds (a past month
    changes only with a late move on a case whose deadline fell in it)."""

    def __init__(
        self,
        services: Services,
        refresh: float = 60.0,
        settle: float = 0.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.services = services
        self.refresh = refresh
        self.settle = settle
        self._monotonic = monotonic
        self._earlier: tuple[Month, float, list[MonthFacts]] | None = None  # month shown, when read, facts
        self._shown: MonthFacts | None = None  # the shown month as last counted
        self._counted: tuple[float, float] = (0.0, 0.0)  # the clock of record and the monotonic time of that count
        self._count_cost = 0.0  # monotonic seconds the last count of the shown month took
        self.counts = 0  # times the shown month was counted (what reloads cost)
        # The figures last drawn: a reload that keeps the count keeps them, where working them out
        # again from its breaches took ~10 ms at 10,000 open cases.
        self._figured: _Figured | None = None
        self.behind = False  # the last view held back a count: cases changed since the month shown was counted

    def _facts(self, months: list[Month], now: float, *, people_last: bool) -> list[MonthFacts]:
        """Each month counted in one read; the agents' part only for the last, with `people_last`."""
        services = self.services
        require_agent(services.engine, SUPERVISING, services.login)  # still a supervisor
        periods = [period_of(services.runtime, str(month)) for month in months]
        last = len(periods) - 1

        def work(engine: Engine) -> list[MonthFacts]:
            return read(
                engine,
                lambda connection: [
                    month_facts(connection, period, now, people=people_last and index == last)
                    for index, period in enumerate(periods)
                ],
            )

        return stable_read(services.engine, work)

    def _fresh(self, month: Month) -> list[MonthFacts] | None:
        earlier = self._earlier
        if earlier is None or earlier[0] != month or self._monotonic() - earlier[1] > self.refresh:
            return None
        return earlier[2]

    def _still(self, month: Month, now: float, unchanged: Iterable[float] | None) -> MonthFacts | None:
        """The shown month as last counted, if it still holds at `now`: no case changed since
        (`unchanged`: the deadlines the open cases run then, else None), time moved no running
        clock past its deadline (`domain.month_figures.time_moves_facts`), and it was counted less
        than `refresh` seconds ago (what no case's history records, a client renamed, shows within
        that)."""
        shown, (counted_at, counted_when) = self._shown, self._counted
        if unchanged is None or shown is None or shown.month != month:
            return None
        if self._monotonic() - counted_when > self.refresh:
            return None
        start, end = month_bounds(self.services.runtime, month)
        return None if time_moves_facts(unchanged, counted_at, now, start, end) else shown

    def _settling(self, month: Month) -> bool:
        """`month` was counted less than `settle` seconds ago (or COUNT_COST_FACTOR times the count)."""
        shown = self._shown
        hold = max(self.settle, COUNT_COST_FACTOR * self._count_cost) if self.settle else 0.0
        return shown is not None and shown.month == month and self._monotonic() - self._counted[1] < hold

    def recount_due(self, month: Month) -> bool:
        """A count the last view held back may be made now."""
        return self.behind and not self._settling(month)

    def view(
        self, month: Month, *, whole: bool = True, unchanged: Iterable[float] | None = None, fresh: bool = False
    ) -> MonthView:
        """The month's figures and the 12-month trend, the numbers `jq-console report` prints
        (`domain.month_figures`, equal by test to the report's). With `whole=False` a trend that is
        not at hand is left for `with_trend` (`trend_pending`), so the month is drawn first. With
        `unchanged` (the deadlines the open cases run, when no case changed since the last view)
        the month is counted again only if time alone can have changed its figures (`_still`).
        Counted less than `settle` seconds ago, it is not counted again (`behind`) unless the view
        is `fresh` (asked for by the supervisor)."""
        runtime = self.services.runtime
        now = runtime.now()
        month_days = calendar.monthrange(month.year, month.month)[1]
        current = this_month(runtime, now)
        days = runtime.local(now).day if month == current else (0 if month > current else month_days)
        shown = self._still(month, now, unchanged)
        behind = shown is None and not fresh and self._settling(month)
        if shown is None and not behind:
            self.behind = True  # until the count is made: one that fails is due again at the next load
            began = self._monotonic()
            (shown,) = self._facts([month], now, people_last=True)
            self._shown, self._counted = shown, (now, self._monotonic())
            self._count_cost = self._counted[1] - began
            self.counts += 1
            self.behind = False
        else:
            self.behind = behind
            shown = shown or self._shown
            assert shown is not None  # `_still` and `_settling` both hold a count of `month`
            require_agent(self.services.engine, SUPERVISING, self.services.login)  # still a supervisor
        figures = self._figures(shown, days)
        earlier = self._fresh(month)
        if earlier is None and not whole:
            no_trend: dict[str, list[float | None]] = {severity: [None] * TREND_MONTHS for severity in SEVERITIES}
            return MonthView(figures, no_trend, days, month_days, trend_pending=True)
        if earlier is None:
            earlier = self._read_earlier(month, now)
        return MonthView(figures, trend_of_facts([*earlier, shown]), days, month_days)

    def _figures(self, facts: MonthFacts, days: int) -> MonthFigures:
        runtime = self.services.runtime
        figured = self._figured
        if figured is not None and figured.drawn_from(facts, days, runtime.version):
            return figured.figures
        figures = from_facts(facts, lambda epoch: runtime.local(epoch).day, days)
        self._figured = _Figured(facts, days, runtime.version, figures)
        return figures

    def _read_earlier(self, month: Month, now: float) -> list[MonthFacts]:
        earlier = self._facts([month.shifted(offset) for offset in range(1 - TREND_MONTHS, 0)], now, people_last=False)
        self._earlier = (month, self._monotonic(), earlier)
        return earlier

    def with_trend(self, view: MonthView) -> MonthView:
        """`view` with its trend read (the 11 months before it, counted only)."""
        shown = self._shown
        if not view.trend_pending or shown is None or shown.month != view.figures.month:
            return view
        earlier = self._read_earlier(view.figures.month, self.services.runtime.now())
        return replace(view, trend=trend_of_facts([*earlier, shown]), trend_pending=False)


def month_view(services: Services, month: Month) -> MonthView:
    """One month view, read whole (tests, scripts); a dashboard keeps a `MonthViews`."""
    return MonthViews(services).view(month)


def verification_of(runtime: Runtime, case: Clocked) -> float | None:
    """When `case`, pending the USR's verification, becomes overdue, measured (like its clocks) by
    the policy version it was opened under."""
    measure = runtime.of_version(case.policy_version)
    bounds = measure.policy.bounds
    return verification_due(case, measure.engine.calendars[bounds.verification_schedule], bounds)


def open_watch(runtime: Runtime) -> OpenWatch:
    """A board of the open cases kept between reloads, each case measured by its policy version."""
    return OpenWatch(
        lambda case: runtime.of_version(case.policy_version).engine, lambda case: verification_of(runtime, case)
    )


def open_board(runtime: Runtime, cases: list[Case], limit: int, rows: int = UNVERIFIED_ROWS) -> Board:
    """The board of `cases` computed from scratch (tests, scripts); a dashboard keeps an `OpenWatch`."""
    return board_of(
        cases,
        runtime.now(),
        lambda case: runtime.of_version(case.policy_version).engine,
        lambda case: verification_of(runtime, case),
        limit,
        rows,
    )


class DashboardReads:
    """Everything one dashboard reads, kept between reloads so that a reload reads and computes what
    changed: the cases touched since the last read (`store.oversight.read_held`), the board of the
    open cases (`domain.watch.OpenWatch`: only the touched cases and those whose state time alone
    moved are computed again; it keeps a few fields of each open case, and the cases its rows show
    are read whole, kept until touched), the awaiting list, the agents, and the month shown counted
    by the database (`MonthViews`)."""

    def __init__(
        self,
        services: Services,
        limit: int = 300,
        rows: int = UNVERIFIED_ROWS,
        settle: float = 0.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.services = services
        self.limit = limit
        self.rows = rows
        self.views = MonthViews(services, settle=settle, monotonic=monotonic)
        self.watch = open_watch(services.runtime)
        self._held: Held | None = None
        self.board = Board([], {}, [], 0)  # as of the last snapshot
        self._changed = True  # a case changed since the month was last counted (or it never was)

    def _read(self, connection: Connection, now: float, held: Held | None, late: bool) -> tuple[Snapshot, Held, Board]:
        """One read: the open cases touched since `held` (all of them the first time) into the
        board, then the cases its rows and the awaiting list draw, in the same transaction. (Read
        again, after a file that moved, it feeds the board the same cases again: harmless.)"""
        kept, rows = read_held(
            connection, self.services.runtime.policy, now, held, late=late, versions=self.watch.versions
        )
        self.watch.update(rows, now, kept.touched)
        del rows  # the board took what it keeps of them
        watched = self.watch.board(self.limit)
        drawn = Drawn(kept.shown)
        risky = drawn.cases(connection, watched.risky)
        unverified = first_in_queue(connection, kept, frozenset(watched.overdue), self.rows)
        snap = snapshot(connection, now, self.limit, kept, drawn)
        kept.shown = drawn.drawn
        return snap, kept, watched.shown(risky, unverified)

    def snapshot(self, *, whole: bool = True) -> Snapshot:
        """The snapshot, and `board` brought to it; with `whole=False`, a first read leaves out
        what takes longest (see `store.oversight.snapshot`), for the next read to add."""
        now = self.services.runtime.now()
        held = self._held

        def work(engine: Engine) -> tuple[Snapshot, Held, Board]:
            return read(engine, lambda connection: self._read(connection, now, held, whole))

        snap, self._held, self.board = stable_read(self.services.engine, work)
        touched = None if held is None else self._held.touched
        self._changed = self._changed or touched != frozenset()
        return snap

    def load(self, month: Month, *, whole: bool = True, fresh: bool = False) -> tuple[Snapshot, MonthView]:
        """The snapshot and the month view. With `whole=False` the first load leaves the late cases
        and the trend for `complete` (the snapshot is not `complete`, the view's trend pending).
        When no case changed since the last load, the month is counted again only if time moved it;
        while cases keep changing, at most every `settle` seconds unless `fresh` (`MonthViews.view`)."""
        snap = self.snapshot(whole=whole)
        view = self.views.view(
            month, whole=whole, unchanged=None if self._changed else self.watch.running(), fresh=fresh
        )
        self._changed = self.views.behind  # counted as of this load, or still to count
        return snap, view

    def month_due(self, month: Month) -> bool:
        """Changes the last load left out of the month's figures may be counted now."""
        return self.views.recount_due(month)

    def complete(self, view: MonthView) -> tuple[Snapshot, MonthView]:
        """What a partial load left out: the snapshot read again (only what changed, and the late
        cases) and the view's trend."""
        return self.snapshot(), self.views.with_trend(view)
