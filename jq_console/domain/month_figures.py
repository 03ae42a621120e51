"""The figures of one calendar month the dashboard shows, the same numbers as the monthly report
(`domain.report`, `jq-console report`): compliance per severity, the breaches by day of their
deadline, per agent and per client; plus the 12-month trend.

Two ways in, equal by test: `from_report` (a whole report, read case by case) and `from_facts`
(what the database counted for the month, `store.month_figures`: the dashboard's way, whose cost
follows the month and not the years of history).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from jq_console.domain.oversight import Compliance
from jq_console.domain.policy import SEVERITIES
from jq_console.domain.report import Breach, Report
from jq_console.domain.tally import ClockTally, summed

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
    clocks: ClockTally  # assignment and resolution clocks together


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


def both_clocks(result: Compliance, severity: str | None = None) -> ClockTally:
    """Assignment and resolution tallies added, for one severity or all."""
    if severity is None:
        parts = [result.total("assignment"), result.total("resolution")]
    else:
        parts = [result.assignment[severity], result.resolution[severity]]
    return summed(parts)


def _tally(clock: ClockTally) -> ClockTally:
    return ClockTally(clock.met, clock.breached, clock.in_time)  # a copy: the report's stays its own


def report_compliance(report: Report) -> Compliance:
    result = Compliance()
    for severity in SEVERITIES:
        result.assignment[severity] = _tally(report.compliance["assignment"][severity])
        result.resolution[severity] = _tally(report.compliance["resolution"][severity])
    return result


def _by_breaches(
    breaches: Iterable[Breach], day_of: Callable[[float], int], days: int
) -> tuple[list[int], list[ClientRow]]:
    """The breaches per day (of their deadline) and per client, most breaches first."""
    per_day = [0] * days
    cases_of: dict[str, set[int]] = {}
    breaches_of: dict[str, int] = {}
    waiting_of: dict[str, int] = {}
    for breach in breaches:
        day = day_of(breach.due)
        if 1 <= day <= days:
            per_day[day - 1] += 1
        name = breach.client_name
        cases_of.setdefault(name, set()).add(breach.case_id)
        breaches_of[name] = breaches_of.get(name, 0) + 1
        waiting_of[name] = waiting_of.get(name, 0) + (breach.corrective is None)
    clients = [ClientRow(name, len(ids), breaches_of[name], waiting_of[name]) for name, ids in cases_of.items()]
    return per_day, sorted(clients, key=lambda row: (-row.breaches, -row.cases, row.name))


def _ranked(agents: Iterable[Row]) -> list[Row]:
    return sorted(agents, key=lambda row: (-row.breached, -row.cases, row.name))


def from_report(report: Report, day_of: Callable[[float], int], days: int) -> MonthFigures:
    """The month view of a desk report. A breach counts on the day its deadline fell (the report
    files a breach in the month of its due instant); `days` is how many days to draw."""
    per_day, clients = _by_breaches(report.breaches, day_of, days)
    agents = [
        Row(
            line.login,
            line.taken,
            line.assignment.breached + line.resolution.breached,
            summed((line.assignment, line.resolution)),
        )
        for line in report.agents
    ]
    return MonthFigures(
        Month(report.period.year, report.period.month),
        report.total.opened,
        report_compliance(report),
        per_day,
        _ranked(agents),
        clients,
    )


@dataclass(frozen=True)
class ClockCount:
    """How many clocks of one kind, of one severity and agent, whose deadline fell in the month and
    that no breach touches, were met, and how many are still in time (the database counts them)."""

    clock: str
    severity: str
    agent: str | None
    met: int
    in_time: int


@dataclass(frozen=True)
class MonthFacts:
    """What the store counts for one month of the desk (`store.month_figures`), by the report's
    rules (`domain.report`): the cases opened in it, its breaches (each in the month of its
    deadline, recorded or shown by the clocks), the clocks met or in time, and per agent the cases
    taken; `logins` are the agents the report gives a line. Read for the trend only, `breaches` and
    `logins` are empty and `breached` holds the breaches counted per clock and severity."""

    month: Month
    opened: int
    breaches: tuple[Breach, ...]
    clocks: tuple[ClockCount, ...]
    taken: Mapping[str, int] = field(default_factory=dict)
    logins: frozenset[str] = frozenset()
    breached: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (clock, severity) -> breaches


def facts_compliance(facts: MonthFacts) -> Compliance:
    """Compliance per clock and severity: the breaches counted by the severity they had, the
    clocks met or in time by the case's severity."""
    result = Compliance()
    for (clock, severity), breached in facts.breached.items():
        tallies = result.assignment if clock == "assignment" else result.resolution
        if severity in tallies:
            tallies[severity].breached += breached
    for count in facts.clocks:
        tallies = result.assignment if count.clock == "assignment" else result.resolution
        if count.severity in tallies:
            tallies[count.severity].met += count.met
            tallies[count.severity].in_time += count.in_time
    return result


def _agent_rows(facts: MonthFacts) -> list[Row]:
    breached: dict[str, int] = {}
    for breach in facts.breaches:
        if breach.agent:
            breached[breach.agent] = breached.get(breach.agent, 0) + 1
    met: dict[str | None, int] = {}
    in_time: dict[str | None, int] = {}
    for count in facts.clocks:
        met[count.agent] = met.get(count.agent, 0) + count.met
        in_time[count.agent] = in_time.get(count.agent, 0) + count.in_time
    return [
        Row(
            login,
            facts.taken.get(login, 0),
            breached.get(login, 0),
            ClockTally(met.get(login, 0), breached.get(login, 0), in_time.get(login, 0)),
        )
        for login in sorted(facts.logins)
    ]


def from_facts(facts: MonthFacts, day_of: Callable[[float], int], days: int) -> MonthFigures:
    """The month view from what the database counted: the same figures as `from_report`."""
    per_day, clients = _by_breaches(facts.breaches, day_of, days)
    return MonthFigures(
        facts.month, facts.opened, facts_compliance(facts), per_day, _ranked(_agent_rows(facts)), clients
    )


def trend_of_facts(months: Sequence[MonthFacts]) -> dict[str, list[float | None]]:
    """`trend_of` from the counted months."""
    return _trend(facts_compliance(facts) for facts in months)


def trend_of(reports: Iterable[Report]) -> dict[str, list[float | None]]:
    """Per severity, the share of decided clocks (both kinds) met in each report's month."""
    return _trend(report_compliance(report) for report in reports)


def _trend(months: Iterable[Compliance]) -> dict[str, list[float | None]]:
    series: dict[str, list[float | None]] = {severity: [] for severity in SEVERITIES}
    for result in months:
        for severity in SEVERITIES:
            series[severity].append(both_clocks(result, severity).percent)
    return series


def time_moves_facts(running: Iterable[float], since: float, until: float, start: float, end: float) -> bool:
    """Whether month facts counted at `since` can differ at `until` with no case changed between:
    a running clock of an open case passed its deadline (in time becomes breached), or `until`
    entered or left the month [start, end) (a paused clock counts in the month that holds now).
    `running`: the deadlines of the open cases' running clocks (`domain.watch.OpenWatch.running`):
    closed cases and met clocks do not move with time."""
    if since < start <= until or since < end <= until or until < since:
        return True
    return any(since <= due < until for due in running)
