"""What a supervisor may look at: the dashboard's read-only session, its live snapshot, and the
month shown with its 12-month trend, from the monthly report."""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass
from datetime import datetime

from jq_console.application.access import SUPERVISING, require_agent
from jq_console.application.policy import of_record
from jq_console.application.reports import monthly_reports
from jq_console.application.services import Services
from jq_console.bootstrap import Runtime
from jq_console.domain.month_figures import TREND_MONTHS, Month, MonthFigures, from_report, trend_of
from jq_console.domain.report import Report
from jq_console.store.oversight import Snapshot, snapshot
from jq_console.store.readonly import open_readonly, probe, stable_read
from jq_console.store.schema import require_schema


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
    """What the dashboard draws live, read in one transaction (read again if the file moved)."""
    runtime = services.runtime
    now = runtime.now()
    start = month_start(runtime, now)
    return stable_read(services.engine, lambda engine: snapshot(engine, runtime.policy, start, now, limit))


@dataclass(frozen=True)
class MonthView:
    figures: MonthFigures
    trend: dict[str, list[float | None]]  # per severity, the 12 months ending with the one shown
    days: int  # days of the month drawn (up to today in the current month)
    month_days: int


class MonthViews:
    """The month view of one dashboard. The shown month's report is read at every reload; the 11
    months before it, for the trend, at most every `refresh` seconds (a past month changes only
    with a late corrective action): on a 3,000-case desk that is 0.6 s a reload instead of 1.4 s."""

    def __init__(self, services: Services, refresh: float = 60.0) -> None:
        self.services = services
        self.refresh = refresh
        self._earlier: tuple[Month, float, list[Report]] | None = None  # month shown, when read, reports

    def _reports(self, names: list[str]) -> list[Report]:
        services = self.services
        return stable_read(
            services.engine,
            lambda engine: monthly_reports(engine, services.runtime, names, login=services.login),
        )

    def view(self, month: Month) -> MonthView:
        """The month's figures and the 12-month trend from the monthly report (`application.reports`),
        so the dashboard shows the numbers `jq-console report` prints."""
        runtime = self.services.runtime
        now = runtime.now()
        month_days = calendar.monthrange(month.year, month.month)[1]
        current = this_month(runtime, now)
        days = runtime.local(now).day if month == current else (0 if month > current else month_days)
        earlier = self._earlier
        if earlier is None or earlier[0] != month or time.monotonic() - earlier[1] > self.refresh:
            names = [str(month.shifted(offset)) for offset in range(1 - TREND_MONTHS, 1)]
            reports = self._reports(names)
            self._earlier = (month, time.monotonic(), reports[:-1])
        else:
            reports = [*earlier[2], *self._reports([str(month)])]
        figures = from_report(reports[-1], lambda epoch: runtime.local(epoch).day, days)
        return MonthView(figures, trend_of(reports), days, month_days)


def month_view(services: Services, month: Month) -> MonthView:
    """One month view, read whole (tests, scripts); a dashboard keeps a `MonthViews`."""
    return MonthViews(services).view(month)
