"""The figures of one calendar month the dashboard shows: compliance per severity, the cases with a
breach by opening day, and the same tally per agent and per client; plus the 12-month trend.

A case belongs to the month it was opened in. Its clocks are judged at `now` (a case opened last
month and still pending past its deadline counts as breached), as `domain.oversight.compliance` does.
The month view calls `month_figures` once per month shown, so the report model can take its place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from jq_console.domain.cases import Case
from jq_console.domain.oversight import Compliance, Tally, breaches, breaches_per_day, compliance
from jq_console.domain.policy import SEVERITIES

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
    """One agent's or client's month: cases opened, how many broke a deadline, and their clocks."""

    name: str
    cases: int
    breached: int
    clocks: Tally  # assignment and resolution clocks together


@dataclass(frozen=True)
class MonthFigures:
    month: Month
    cases: int
    compliance: Compliance
    per_day: list[int]  # cases with a breach by day of opening, day 1 first
    agents: list[Row]  # most breaches first
    clients: list[Row]


def both_clocks(result: Compliance, severity: str | None = None) -> Tally:
    """Assignment and resolution tallies added, for one severity or all."""
    if severity is None:
        parts = [result.total("assignment"), result.total("resolution")]
    else:
        parts = [result.assignment[severity], result.resolution[severity]]
    return Tally(sum(p.met for p in parts), sum(p.breached for p in parts), sum(p.pending for p in parts))


def _rows(groups: dict[str, list[Case]], now: float) -> list[Row]:
    rows = [
        Row(name, len(group), sum(1 for case in group if breaches(case, now)), both_clocks(compliance(group, now)))
        for name, group in groups.items()
    ]
    return sorted(rows, key=lambda row: (-row.breached, -row.cases, row.name))


def month_figures(
    cases: Iterable[Case], now: float, day_of: Callable[[float], int], days: int, month: Month
) -> MonthFigures:
    """`cases` are those opened in `month`; `day_of` gives the local day of the month of an instant;
    `days` is how many days of the month to draw (up to today in the current month)."""
    chosen = list(cases)
    by_agent: dict[str, list[Case]] = {}
    by_client: dict[str, list[Case]] = {}
    for case in chosen:
        if case.agent is not None:
            by_agent.setdefault(case.agent, []).append(case)
        by_client.setdefault(case.client_name, []).append(case)
    return MonthFigures(
        month,
        len(chosen),
        compliance(chosen, now),
        breaches_per_day(chosen, now, day_of, days),
        _rows(by_agent, now),
        _rows(by_client, now),
    )


def trend(
    cases: Iterable[Case], now: float, month_of: Callable[[float], Month], last: Month, months: int = TREND_MONTHS
) -> dict[str, list[float | None]]:
    """Per severity, the share of decided clocks met in each of the `months` months ending with
    `last` (None: no clock of that severity was decided that month)."""
    window = [last.shifted(offset - months + 1) for offset in range(months)]
    grouped: dict[Month, list[Case]] = {month: [] for month in window}
    for case in cases:
        month = month_of(case.opened_at)
        if month in grouped:
            grouped[month].append(case)
    series: dict[str, list[float | None]] = {severity: [] for severity in SEVERITIES}
    for month in window:
        result = compliance(grouped[month], now)
        for severity in SEVERITIES:
            series[severity].append(both_clocks(result, severity).percent)
    return series
