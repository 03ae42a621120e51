"""The monthly service report: supervisors and administrators only, asked for by month and scope."""

from __future__ import annotations

from sqlalchemy import Engine

from jq_console.application.access import SUPERVISING, require_agent
from jq_console.bootstrap import Runtime
from jq_console.domain.billing import month_bounds, parse_month
from jq_console.domain.cases import Refused
from jq_console.domain.nit import normalize_nit
from jq_console.domain.report import Period, Report, build_report
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


def monthly_report(
    engine: Engine,
    runtime: Runtime,
    month: str | None = None,
    *,
    client: str | None = None,
    agent: str | None = None,
    login: str | None = None,
) -> Report:
    """The report of `month` for the whole desk, one client (`client`: its NIT) or one agent (`agent`:
    a login). Read by a supervisor or an administrator (`login`, else whoever is at the keyboard)."""
    require_agent(engine, SUPERVISING, login)
    if client is not None and agent is not None:
        raise Refused("report.one_scope")
    period = period_of(runtime, month)
    if client is not None:
        kind, key = "client", normalize_nit(client)
    elif agent is not None:
        kind, key = "agent", agent.strip()
    else:
        kind, key = "desk", ""
    inputs = report_inputs(engine, period, kind, key, runtime.now())
    return build_report(inputs, runtime.engine)
