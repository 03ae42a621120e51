"""The monthly service report: supervisors and administrators only, asked for by month and scope.

For the dashboard and the wall board: `monthly_report` is one month (the month view), `monthly_reports`
several (a trend: the access checked once, each month read on its own), `last_months` the names of the
months a trend shows. Every figure is a `domain.report.Report`; the text, CSV and PDF print the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from jq_console.application.access import SUPERVISING, require_agent
from jq_console.bootstrap import Runtime
from jq_console.domain.billing import month_bounds, parse_month, shift_month
from jq_console.domain.cases import Case, Refused
from jq_console.domain.nit import normalize_nit
from jq_console.domain.parsing import InputError
from jq_console.domain.report import Period, Report, build_report
from jq_console.domain.sla import SlaEngine
from jq_console.store.report import report_inputs


def period_of(runtime: Runtime, month: str | None) -> Period:
    """'2026-11' as a local calendar month; None: the month that holds the clock's now."""
    if month is None:
        local = runtime.local(runtime.now())
        year, number = local.year, local.month
    else:
        year, number = parse_month(month)
    start, end = month_bounds(year, number, runtime.tz)
    return Period(year, number, start, end)


def last_months(runtime: Runtime, count: int = 12) -> list[str]:
    """The names ('2026-01' ... '2026-12') of the `count` months up to the clock's, oldest first."""
    now = period_of(runtime, None)
    months = (shift_month(now.year, now.month, delta) for delta in range(1 - count, 1))
    return [f"{year}-{month:02d}" for year, month in months]


def _scope(client: str | None, agent: str | None) -> tuple[str, str]:
    if client is not None and agent is not None:
        raise Refused("report.one_scope")
    if client is not None:
        return "client", normalize_nit(client)
    if agent is not None:
        return "agent", agent.strip()
    return "desk", ""


def monthly_reports(
    engine: Engine,
    runtime: Runtime,
    months: Sequence[str | None],
    *,
    client: str | None = None,
    agent: str | None = None,
    login: str | None = None,
) -> list[Report]:
    """The report of each of `months` (None: the clock's month) for the whole desk, one client (`client`:
    its NIT) or one agent (`agent`: a login). Read by a supervisor or an administrator (`login`, else
    whoever is at the keyboard), or `Refused` saying why not."""
    require_agent(engine, SUPERVISING, login)
    kind, key = _scope(client, agent)
    periods = [period_of(runtime, month) for month in months]
    now = runtime.now()
    for period in periods:
        if period.start > now:  # nothing has happened in it: its "load" would be today's open cases
            current = period_of(runtime, None)
            raise InputError("report.future_month", month=period.name, current=current.name)

    def measure(case: Case) -> SlaEngine:  # each case's durations on its own policy version
        return runtime.of_case(case).engine

    return [build_report(report_inputs(engine, period, kind, key, now), runtime.engine, measure) for period in periods]


def monthly_report(
    engine: Engine,
    runtime: Runtime,
    month: str | None = None,
    *,
    client: str | None = None,
    agent: str | None = None,
    login: str | None = None,
) -> Report:
    """The report of one month (None: the clock's month); see `monthly_reports`."""
    (report,) = monthly_reports(engine, runtime, [month], client=client, agent=agent, login=login)
    return report
