"""What a supervisor may look at: the dashboard's read-only session, the snapshot of the month shown
and that month's figures with the 12-month trend."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from jq_console.application.access import SUPERVISING, require_agent
from jq_console.application.policy import of_record
from jq_console.application.services import Services
from jq_console.bootstrap import Runtime
from jq_console.domain.month_figures import TREND_MONTHS, Month, MonthFigures, month_figures, trend
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


def load_snapshot(services: Services, limit: int = 300, month: Month | None = None) -> Snapshot:
    """Everything the dashboard draws, read in one transaction (read again if the file moved):
    the open cases now, and the cases opened in `month` (this month by default) and the 11 before."""
    runtime = services.runtime
    now = runtime.now()
    shown = month or this_month(runtime, now)
    start, end = month_bounds(runtime, shown)
    first = month_bounds(runtime, shown.shifted(1 - TREND_MONTHS))[0]
    return stable_read(
        services.engine,
        lambda engine: snapshot(engine, runtime.policy, start, now, limit, month_end=end, history_start=first),
    )


@dataclass(frozen=True)
class MonthView:
    figures: MonthFigures
    trend: dict[str, list[float | None]]  # per severity, the 12 months ending with the one shown
    days: int  # days of the month drawn (up to today in the current month)
    month_days: int


def month_view(services: Services, snap: Snapshot, month: Month) -> MonthView:
    """The month's figures, computed here in one place; the report model can replace this function
    without the screen noticing (it draws a MonthView)."""
    runtime = services.runtime
    now = runtime.now()
    month_days = calendar.monthrange(month.year, month.month)[1]
    current = this_month(runtime, now)
    days = runtime.local(now).day if month == current else (0 if month > current else month_days)

    def month_of(epoch: float) -> Month:
        local = runtime.local(epoch)
        return Month(local.year, local.month)

    figures = month_figures(snap.month_cases, now, lambda epoch: runtime.local(epoch).day, days, month)
    series = trend(snap.history or snap.month_cases, now, month_of, month)
    return MonthView(figures, series, days, month_days)
