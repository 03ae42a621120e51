"""The service report of one month, for the whole desk, one client or one agent, computed from the
record. One model: the terminal text, the CSV and the client's PDF all print this, so they agree.

How each figure is defined (docs/policy.md, "The monthly report", says the same for readers):
- Flow: a case is *opened* in the month of `opened_at`, *resolved* in that of `resolved_at`, *closed*
  in that of `closed_at` (closed, invalid, rejected and referred cases all carry `closed_at`).
- Compliance, per clock (assignment, resolution) and severity: every clock belongs to the month of its
  due instant. A breach (a fact, `Breach`) counts in the month of its due instant; a clock with no breach
  whose due instant lies in the month is *met* when it was met, else *in time so far* while it is still
  running (due not yet past). A paused resolution clock has no due instant: it is in time in the month
  that holds `now`. Invalid, rejected and referred cases count only through their breaches.
- Business times are measured on the schedule of the case's severity (its assignment target's
  schedule: S1 and S2 regular, S3 urgency). First response: opening to the agent taking the case,
  for cases taken in the month. Resolution: opening to resolution, less the time paused waiting on the
  client and the time spent resolved before a reopening, for cases resolved in the month.
- Median and 90th percentile by nearest rank: the value at rank ceil(p x n / 100) of the n values
  sorted (so the median of an even count is the lower middle value). Always a measured value.
- Pauses: each wait on the client that overlaps the month, with its business time inside the month.
- Agreed deadlines: those agreed in the month.
- Billing: `domain.billing.bill_month` over the scope's time entries started in the month.
- Agents: cases held (open at some moment of the month), taken and resolved in the month, their
  clocks' compliance and the minutes they logged in the month.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jq_console.domain.billing import MonthBill, WorkItem, bill_month
from jq_console.domain.cases import CATEGORIES, CHANNELS, Case
from jq_console.domain.policy import SEVERITIES
from jq_console.domain.sla import SlaEngine
from jq_console.domain.tally import ClockTally
from jq_console.domain.vocabulary import CLOCK_KINDS, ClockKind, Severity

CLOCKS: tuple[ClockKind, ...] = CLOCK_KINDS
SCOPES = ("desk", "client", "agent")
DROPPED = ("invalid", "rejected", "referred")  # never reached a deadline honestly
PAUSE_ENDS = ("resume", "invalidate", "reject")  # the moves that end a wait on the client
# The history lines the report reads (the store loads only these).
READ_KINDS = ("wait", *PAUSE_ENDS, "resolve", "reopen", "agree_deadline", "corrective_action")


# -- inputs ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """A local calendar month as [start, end) epoch seconds (`domain.billing.month_bounds`)."""

    year: int
    month: int
    start: float
    end: float

    def holds(self, at: float | None) -> bool:
        return at is not None and self.start <= at < self.end

    @property
    def name(self) -> str:
        return f"{self.year}-{self.month:02d}"


@dataclass(frozen=True)
class Scope:
    """Whom the report is about: the whole desk, one client (by NIT) or one agent (by login)."""

    kind: str = "desk"
    key: str = ""  # the client's NIT or the agent's login
    name: str = ""  # the client's or the agent's name

    def covers(self, case: Case) -> bool:
        if self.kind == "client":
            return case.nit == self.key
        if self.kind == "agent":
            return case.agent == self.key
        return True

    def covers_work(self, item: WorkItem) -> bool:
        if self.kind == "client":
            return item.nit == self.key
        if self.kind == "agent":
            return item.agent == self.key
        return True


@dataclass(frozen=True)
class Moment:
    """One line of a case's history, as the report reads it."""

    case_id: int
    at: float
    actor: str
    kind: str
    before: Mapping[str, Any] = field(default_factory=dict)
    after: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Corrective:
    at: float
    by: str
    note: str


@dataclass(frozen=True, slots=True)
class Breach:
    """A clock that passed its deadline, for good, with the corrective action recorded for it (if any)."""

    case_id: int
    code: str
    client_name: str
    nit: str
    agent: str | None
    severity: Severity
    clock: ClockKind
    due: float
    corrective: Corrective | None = None


@dataclass(frozen=True)
class ReportInputs:
    """What the store reads for one report: every case of the scope with something in the period
    (or still open), the history lines of `READ_KINDS` of those cases, their breaches, the scope's
    time entries started in the period, and the agents' names."""

    period: Period
    scope: Scope
    now: float
    cases: tuple[Case, ...]
    moments: tuple[Moment, ...] = ()
    breaches: tuple[Breach, ...] = ()
    work: tuple[WorkItem, ...] = ()
    agent_names: Mapping[str, str] = field(default_factory=dict)
    stored_rates: Mapping[int, int] = field(default_factory=dict)


# -- outputs ---------------------------------------------------------------------------------------
@dataclass
class Flow:
    opened: int = 0
    resolved: int = 0
    closed: int = 0


Compliance = dict[str, dict[str, ClockTally]]  # clock -> severity -> tally


@dataclass(frozen=True)
class Spread:
    """Business seconds: how many values, their median and 90th percentile (nearest rank)."""

    count: int = 0
    median: float | None = None
    p90: float | None = None


@dataclass(frozen=True)
class PauseLine:
    case_id: int
    code: str
    severity: Severity
    started: float
    ended: float | None  # None: still waiting on the client
    seconds_in_period: float  # business seconds of the pause inside the month


@dataclass(frozen=True)
class AgreedLine:
    case_id: int
    code: str
    severity: Severity
    at: float
    by: str
    old_due: float | None
    new_due: float | None
    reason: str


@dataclass(frozen=True)
class AgentLine:
    login: str
    name: str
    load: int  # cases held that were open at some moment of the month
    taken: int
    resolved: int
    assignment: ClockTally
    resolution: ClockTally
    minutes_logged: int


@dataclass(frozen=True)
class Report:
    period: Period
    scope: Scope
    now: float
    by_severity: dict[str, Flow]
    by_category: dict[str, Flow]
    by_channel: dict[str, Flow]
    compliance: Compliance
    breaches: tuple[Breach, ...]
    pauses: tuple[PauseLine, ...]
    agreed: tuple[AgreedLine, ...]
    first_response: dict[str, Spread]  # severity, and "all"
    resolution: dict[str, Spread]
    bill: MonthBill
    agents: tuple[AgentLine, ...]

    @property
    def total(self) -> Flow:
        flows = self.by_severity.values()
        return Flow(sum(f.opened for f in flows), sum(f.resolved for f in flows), sum(f.closed for f in flows))

    def clock_total(self, clock: str) -> ClockTally:
        total = ClockTally()
        for tally in self.compliance[clock].values():
            total.add(tally)
        return total

    @property
    def paused_seconds(self) -> float:
        return sum(line.seconds_in_period for line in self.pauses)

    @property
    def breaches_without_action(self) -> int:
        return sum(1 for breach in self.breaches if breach.corrective is None)


# -- the computation -------------------------------------------------------------------------------
def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest rank: the value at rank ceil(p x n / 100) of the sorted values; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p * len(ordered) / 100))
    return ordered[rank - 1]


def spread(values: Sequence[float]) -> Spread:
    return Spread(len(values), percentile(values, 50), percentile(values, 90))


def _flows(cases: Iterable[Case], period: Period, key: str, keys: Iterable[str]) -> dict[str, Flow]:
    result = {k: Flow() for k in keys}
    for case in cases:
        flow = result.setdefault(getattr(case, key), Flow())
        flow.opened += int(period.holds(case.opened_at))
        flow.resolved += int(period.holds(case.resolved_at))
        flow.closed += int(period.holds(case.closed_at))
    return result


def compliance(cases: Iterable[Case], breaches: Iterable[Breach], period: Period, now: float) -> Compliance:
    """Met, breached and in-time clocks of the month, per clock and severity (see the module's rules)."""
    result: Compliance = {clock: {s: ClockTally() for s in SEVERITIES} for clock in CLOCKS}
    broken: set[tuple[int, str]] = set()
    for breach in breaches:
        broken.add((breach.case_id, breach.clock))
        if period.holds(breach.due):
            result[breach.clock].setdefault(breach.severity, ClockTally()).breached += 1
    for case in cases:
        for clock in CLOCKS:
            if (case.id, clock) in broken or case.status in DROPPED:
                continue
            due = case.assignment_due if clock == "assignment" else case.resolution_due
            met_at = case.assigned_at if clock == "assignment" else case.resolved_at
            tally = result[clock].setdefault(case.severity, ClockTally())
            if due is None:  # a paused resolution clock: running, with no due instant
                tally.in_time += int(period.holds(now) and case.is_open)
            elif period.holds(due):
                if met_at is not None:
                    tally.met += 1
                elif case.is_open and now <= due:
                    tally.in_time += 1
    return result


Measure = Callable[[Case], SlaEngine]
"""The SLA engine a case's durations are measured with: its policy version's."""


def _schedule_seconds(sla: SlaEngine, severity: Severity, start: float, end: float) -> float:
    """Business seconds from `start` to `end` on the schedule of the severity's clocks."""
    schedule = sla.target(severity, "assignment").schedule
    return max(0.0, sla.calendars[schedule].seconds_between(start, end)) if end > start else 0.0


def _intervals(moments: Sequence[Moment], opens: str, ends: tuple[str, ...]) -> list[tuple[float, float | None]]:
    """The intervals from each `opens` move to the next move in `ends` (None: not ended yet)."""
    result: list[tuple[float, float | None]] = []
    start: float | None = None
    for moment in moments:
        if moment.kind == opens and start is None:
            start = moment.at
        elif moment.kind in ends and start is not None:
            result.append((start, moment.at))
            start = None
    if start is not None:
        result.append((start, None))
    return result


def _pauses(moments: Sequence[Moment]) -> list[tuple[float, float | None]]:
    return _intervals(moments, "wait", PAUSE_ENDS)


def _stopped(moments: Sequence[Moment], until: float) -> list[tuple[float, float]]:
    """When the resolution clock stood still before `until`: waits on the client, and time resolved
    before a reopening."""
    spans = _pauses(moments) + _intervals(moments, "resolve", ("reopen",))
    result = []
    for start, end in spans:
        stop = min(until, end if end is not None else until)
        if stop > start:
            result.append((start, stop))
    return result


def _durations(
    cases: Iterable[Case], moments_of: Mapping[int, Sequence[Moment]], period: Period, measure: Measure
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    first: dict[str, list[float]] = {s: [] for s in SEVERITIES}
    resolution: dict[str, list[float]] = {s: [] for s in SEVERITIES}
    for case in cases:
        sla = measure(case)
        if case.assigned_at is not None and period.holds(case.assigned_at):
            seconds = _schedule_seconds(sla, case.severity, case.opened_at, case.assigned_at)
            first.setdefault(case.severity, []).append(seconds)
        if case.resolved_at is not None and period.holds(case.resolved_at):
            resolved = case.resolved_at
            gross = _schedule_seconds(sla, case.severity, case.opened_at, resolved)
            still = sum(
                _schedule_seconds(sla, case.severity, max(start, case.opened_at), end)
                for start, end in _stopped(moments_of.get(case.id, ()), resolved)
            )
            resolution.setdefault(case.severity, []).append(max(0.0, gross - still))
    return first, resolution


def _spreads(values: Mapping[str, list[float]]) -> dict[str, Spread]:
    result = {severity: spread(found) for severity, found in values.items()}
    result["all"] = spread([value for found in values.values() for value in found])
    return result


def _pause_lines(
    cases: Iterable[Case], moments_of: Mapping[int, Sequence[Moment]], period: Period, now: float, measure: Measure
) -> list[PauseLine]:
    lines = []
    for case in cases:
        sla = measure(case)
        for start, end in _pauses(moments_of.get(case.id, ())):
            stop = end if end is not None else now
            if start >= period.end or stop < period.start:
                continue
            inside = _schedule_seconds(sla, case.severity, max(start, period.start), min(stop, period.end))
            lines.append(PauseLine(case.id, case.code, case.severity, start, end, inside))
    return sorted(lines, key=lambda line: (line.started, line.code))


def _agreed_lines(
    cases: Iterable[Case], moments_of: Mapping[int, Sequence[Moment]], period: Period
) -> list[AgreedLine]:
    lines = []
    for case in cases:
        for moment in moments_of.get(case.id, ()):
            if moment.kind == "agree_deadline" and period.holds(moment.at):
                old, new = moment.before.get("resolution_due"), moment.after.get("resolution_due")
                lines.append(
                    AgreedLine(
                        case.id,
                        case.code,
                        case.severity,
                        moment.at,
                        moment.actor,
                        None if old is None else float(old),
                        None if new is None else float(new),
                        moment.note,
                    )
                )
    return sorted(lines, key=lambda line: (line.at, line.code))


def _finished_at(case: Case) -> float | None:
    if case.closed_at is not None:
        return case.closed_at
    return case.resolved_at if case.status == "resolved" else None


def _agent_lines(
    cases: Sequence[Case], breaches: Sequence[Breach], work: Sequence[WorkItem], inputs: ReportInputs
) -> list[AgentLine]:
    period = inputs.period
    held_by: dict[str, list[Case]] = {}
    for case in cases:
        if case.agent:
            held_by.setdefault(case.agent, []).append(case)
    broken_by: dict[str, list[Breach]] = {}
    for breach in breaches:
        if breach.agent:
            broken_by.setdefault(breach.agent, []).append(breach)
    logged: dict[str, int] = {}
    for item in work:
        logged[item.agent] = logged.get(item.agent, 0) + item.minutes
    logins = {inputs.scope.key} if inputs.scope.kind == "agent" else set(held_by) | set(logged)
    lines = []
    for login in sorted(logins):
        held = held_by.get(login, [])
        active = [
            case
            for case in held
            if case.opened_at < period.end and ((done := _finished_at(case)) is None or done >= period.start)
        ]
        clocks = compliance(held, broken_by.get(login, []), period, inputs.now)
        totals = {clock: ClockTally() for clock in CLOCKS}
        for clock in CLOCKS:
            for tally in clocks[clock].values():
                totals[clock].add(tally)
        lines.append(
            AgentLine(
                login,
                inputs.agent_names.get(login, login),
                len(active),
                sum(1 for case in held if period.holds(case.assigned_at)),
                sum(1 for case in held if period.holds(case.resolved_at)),
                totals["assignment"],
                totals["resolution"],
                logged.get(login, 0),
            )
        )
    return lines


def build_report(inputs: ReportInputs, sla: SlaEngine, measure: Measure | None = None) -> Report:
    """The month's report from its inputs; `sla` brings the policy (schedules, billing) and calendars;
    `measure` gives the engine of each case's own policy version (default: `sla` for every case)."""
    measure = measure or (lambda case: sla)
    period, scope, now = inputs.period, inputs.scope, inputs.now
    cases = [case for case in inputs.cases if scope.covers(case)]
    ids = {case.id for case in cases}
    breaches = [b for b in inputs.breaches if b.case_id in ids]
    moments_of: dict[int, list[Moment]] = {}
    for moment in sorted(inputs.moments, key=lambda m: m.at):
        if moment.case_id in ids:
            moments_of.setdefault(moment.case_id, []).append(moment)
    work = [item for item in inputs.work if period.holds(item.started_at) and scope.covers_work(item)]
    first, resolution = _durations(cases, moments_of, period, measure)
    policy = sla.policy
    return Report(
        period=period,
        scope=scope,
        now=now,
        by_severity=_flows(cases, period, "severity", SEVERITIES),
        by_category=_flows(cases, period, "category", CATEGORIES),
        by_channel=_flows(cases, period, "channel", CHANNELS),
        compliance=compliance(cases, breaches, period, now),
        breaches=tuple(sorted((b for b in breaches if period.holds(b.due)), key=lambda b: (b.due, b.code, b.clock))),
        pauses=tuple(_pause_lines(cases, moments_of, period, now, measure)),
        agreed=tuple(_agreed_lines(cases, moments_of, period)),
        first_response=_spreads(first),
        resolution=_spreads(resolution),
        bill=bill_month(
            period.year, period.month, work, sla.tz, policy.fraction_minutes, inputs.stored_rates, policy.rates
        ),
        agents=tuple(_agent_lines(cases, breaches, work, inputs)),
    )
