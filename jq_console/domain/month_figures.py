"""The figures of one calendar month the dashboard shows, drawn from the monthly report
(`domain.report`, the same numbers as `jq-console report`): compliance per severity, the breaches
by day of their deadline, per agent and per client; plus the 12-month trend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from jq_console.domain.oversight import Compliance, Tally
from jq_console.domain.policy import SEVERITIES
from jq_console.domain.report import ClockTally, Report

TREND_MONTHS = 12


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class Row:
    """One agent's month: cases taken, breaches, and their clocks (both kinds together)."""

    name: str
    cases: int
    breached: int
    clocks: Tally  # assignment and resolution clocks together


@dataclass(frozen=True)
class ClientRow:
    """One client's breaches in the month: how many cases, how many breaches, how many still
    without a corrective action."""

    name: str
    cases: int
    breaches: int
    without_action: int


@dataclass(frozen=True)
class MonthFigures:
    month: Month
    cases: int
    compliance: Compliance
    per_day: list[int]  # breaches by day (of their deadline in the report), day 1 first
    agents: list[Row]  # most breaches first
    clients: list[ClientRow]


def both_clocks(result: Compliance, severity: str | None = None) -> Tally:
    """Assignment and resolution tallies added, for one severity or all."""
    if severity is None:
        parts = [result.total("assignment"), result.total("resolution")]
    else:
        parts = [result.assignment[severity], result.resolution[severity]]
    return Tally(sum(p.met for p in parts), sum(p.breached for p in parts), sum(p.pending for p in parts))


def _tally(clock: ClockTally) -> Tally:
    return Tally(clock.met, clock.breached, clock.in_time)


def report_compliance(report: Report) -> Compliance:
    result = Compliance()
    for severity in SEVERITIES:
        result.assignment[severity] = _tally(report.compliance["assignment"][severity])
        result.resolution[severity] = _tally(report.compliance["resolution"][severity])
    return result


def from_report(report: Report, day_of: Callable[[float], int], days: int) -> MonthFigures:
    """The month view of a desk report. A breach counts on the day its deadline fell (the report
    files a breach in the month of its due instant); `days` is how many days to draw."""
    per_day = [0] * days
    cases_of: dict[str, set[int]] = {}
    breaches_of: dict[str, int] = {}
    waiting_of: dict[str, int] = {}
    for breach in report.breaches:
        day = day_of(breach.due)
        if 1 <= day <= days:
            per_day[day - 1] += 1
        name = breach.client_name
        cases_of.setdefault(name, set()).add(breach.case_id)
        breaches_of[name] = breaches_of.get(name, 0) + 1
        waiting_of[name] = waiting_of.get(name, 0) + (breach.corrective is None)
    agents = [
        Row(
            line.login,
            line.taken,
            line.assignment.breached + line.resolution.breached,
            Tally(
                line.assignment.met + line.resolution.met,
                line.assignment.breached + line.resolution.breached,
                line.assignment.in_time + line.resolution.in_time,
            ),
        )
        for line in report.agents
    ]
    clients = [ClientRow(name, len(ids), breaches_of[name], waiting_of[name]) for name, ids in cases_of.items()]
    return MonthFigures(
        Month(report.period.year, report.period.month),
        report.total.opened,
        report_compliance(report),
        per_day,
        sorted(agents, key=lambda row: (-row.breached, -row.cases, row.name)),
        sorted(clients, key=lambda row: (-row.breaches, -row.cases, row.name)),
    )


def trend_of(reports: Iterable[Report]) -> dict[str, list[float | None]]:
    """Per severity, the share of decided clocks (both kinds) met in each report's month."""
    series: dict[str, list[float | None]] = {severity: [] for severity in SEVERITIES}
    for report in reports:
        result = report_compliance(report)
        for severity in SEVERITIES:
            series[severity].append(both_clocks(result, severity).percent)
    return series
