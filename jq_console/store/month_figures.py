"""One month of the desk as the dashboard draws it, counted by the database (`domain.month_figures`).

The monthly report (`store.report`) reads every case the month touched, with its history, to print
everything a report prints; the dashboard needs a few counts of it, for the shown month at every
reload and for the eleven before it (the trend). Here the database counts them by the report's
rules, each query bounded by an indexed range of the month (migration 0015), so the cost follows the
month and not the years of history:
- cases opened in the month: `ix_case_opened_at`;
- clocks whose deadline fell in the month, met or still in time, without any breach of that clock
  (`ix_case_assignment_due`, `ix_case_resolution_due`): counted per severity and agent;
- the month's breaches, as plain rows (for the shown month; the trend's months only count them):
  the recorded ones by `ix_breach_due`, and those the clocks show that nobody recorded, among the
  cases whose deadline fell in the month, by the rules of `store.report.load_breaches`;
- per agent, cases taken in the month (`ix_case_assigned_at`), and which agents the report gives a
  line: those holding a case of the report's case set (`store.report._in_period`) or who logged work.

Every query also carries the report's own case set condition, so a figure counts exactly the cases
the report would. Tests compare the two on both engines.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select, true, union
from sqlalchemy.engine import Connection

from jq_console.domain.breaches import CLOCKS
from jq_console.domain.month_figures import ClockCount, Month, MonthFacts
from jq_console.domain.report import DROPPED, Breach, Corrective, Period
from jq_console.domain.vocabulary import ClockKind
from jq_console.store.cases import shared_word
from jq_console.store.report import _in_period
from jq_console.store.tables import BreachRow, CaseRow, Client, TimeEntry


def _clock_columns(clock: ClockKind) -> tuple[Any, Any, Any]:
    if clock == "assignment":
        return CaseRow.c.assignment_due, CaseRow.c.assigned_at, CaseRow.c.assignment_run
    return CaseRow.c.resolution_due, CaseRow.c.resolved_at, CaseRow.c.resolution_run


def _due_in(clock: ClockKind, period: Period) -> ColumnElement[bool]:
    due = _clock_columns(clock)[0]
    return and_(due >= period.start, due < period.end)


def _no_breach_of(clock: ClockKind) -> ColumnElement[bool]:
    return ~exists().where(BreachRow.c.case_id == CaseRow.c.id, BreachRow.c.clock == clock)


def _shown_unrecorded(clock: ClockKind, now: float) -> ColumnElement[bool]:
    """The clock's current run broke its deadline (`domain.breaches.broken_due`) and nobody
    recorded that breach yet."""
    due, met_at, run = _clock_columns(clock)
    broken = or_(met_at > due, and_(met_at.is_(None), CaseRow.c.is_open == true(), due < now))
    recorded = exists().where(
        BreachRow.c.case_id == CaseRow.c.id, BreachRow.c.clock == clock, BreachRow.c.occurrence == run
    )
    return and_(due.is_not(None), broken, ~recorded)


def _clock_counts(connection: Connection, clock: ClockKind, period: Period, now: float) -> list[ClockCount]:
    """Clocks whose deadline fell in the month and that no breach touches (none recorded, none
    shown): met, or still running in time; a paused resolution clock (no deadline) is in time in
    the month that holds `now`. Dropped cases count only through their breaches."""
    due, met_at, _run = _clock_columns(clock)
    is_open = CaseRow.c.is_open == true()
    met = func.sum(case((met_at.is_not(None), 1), else_=0))
    in_time = func.sum(case((met_at.is_(None), 1), else_=0))
    keys = (CaseRow.c.severity, CaseRow.c.agent)
    holds = or_(met_at <= due, and_(met_at.is_(None), is_open, due >= now))
    common = (_in_period(period), CaseRow.c.status.not_in(DROPPED), _no_breach_of(clock))
    statement = select(*keys, met, in_time).where(_due_in(clock, period), holds, *common).group_by(*keys)
    result = [
        ClockCount(clock, row[0], row[1], int(row[2] or 0), int(row[3] or 0)) for row in connection.execute(statement)
    ]
    if clock == "resolution" and period.start <= now < period.end:
        paused = select(*keys, func.count()).where(is_open, due.is_(None), *common).group_by(*keys)
        result.extend(ClockCount(clock, row[0], row[1], 0, int(row[2])) for row in connection.execute(paused))
    return result


def _people(connection: Connection, period: Period) -> tuple[dict[str, int], frozenset[str]]:
    """Cases taken in the month per agent, and the agents the report gives a line: holding a case
    of its case set, or having logged work in the month."""
    agent, assigned = CaseRow.c.agent, CaseRow.c.assigned_at
    in_set = _in_period(period)
    taken_rows = connection.execute(
        select(agent, func.count())
        .where(assigned >= period.start, assigned < period.end, agent.is_not(None), in_set)
        .group_by(agent)
    )
    taken = {str(row[0]): int(row[1]) for row in taken_rows}
    # The case set, one indexed range per way in (an OR of them would read the whole table).
    since = period.start
    ways = (
        CaseRow.c.is_open == true(),
        CaseRow.c.resolved_at >= since,
        CaseRow.c.closed_at >= since,
        CaseRow.c.assignment_due >= since,
        CaseRow.c.resolution_due >= since,
    )
    # `opened_at + 0`: a condition no index serves, so each way is read by its own index (SQLite
    # would otherwise walk every case opened before the month's end for the open ones).
    before_end = CaseRow.c.opened_at + 0 < period.end
    holders = [select(agent).where(way, before_end, agent.is_not(None), agent != "") for way in ways]
    logged = select(TimeEntry.c.agent).where(
        TimeEntry.c.started_at >= period.start, TimeEntry.c.started_at < period.end
    )
    logins = {str(row[0]) for row in connection.execute(select(union(*holders, logged).subquery().c[0]))}
    return taken, frozenset(logins)


def _breach_counts(connection: Connection, period: Period, now: float) -> dict[tuple[str, str], int]:
    """(clock, severity) -> breaches due in the month: the recorded ones by the severity they had,
    those the clocks show by the case's; counted, not read (the trend's months)."""
    in_set = _in_period(period)
    due = BreachRow.c.due
    recorded = (
        select(BreachRow.c.clock, BreachRow.c.severity, func.count())
        .join(CaseRow, CaseRow.c.id == BreachRow.c.case_id)
        .where(due >= period.start, due < period.end, in_set)
        .group_by(BreachRow.c.clock, BreachRow.c.severity)
    )
    counts: dict[tuple[str, str], int] = {}
    for clock, severity, count in connection.execute(recorded):
        counts[(clock, severity)] = counts.get((clock, severity), 0) + int(count)
    for clock in CLOCKS:
        shown = (
            select(CaseRow.c.severity, func.count())
            .where(_due_in(clock, period), _shown_unrecorded(clock, now), in_set)
            .group_by(CaseRow.c.severity)
        )
        for severity, count in connection.execute(shown):
            counts[(clock, severity)] = counts.get((clock, severity), 0) + int(count)
    return counts


def _breaches(connection: Connection, period: Period, now: float) -> tuple[Breach, ...]:
    """The month's breaches as the report lists them (`store.report.load_breaches`), oldest deadline
    first, read as plain rows: the recorded ones due in the month (`ix_breach_due`), each with its
    corrective action, and those the clocks show that nobody recorded, among the cases whose deadline
    falls in the month."""
    in_set = _in_period(period)
    case_columns = (CaseRow.c.id, CaseRow.c.code, Client.c.name, Client.c.nit, CaseRow.c.agent)
    due = BreachRow.c.due
    recorded = (
        select(
            *case_columns,
            BreachRow.c.severity,
            BreachRow.c.clock,
            due,
            BreachRow.c.corrective_at,
            BreachRow.c.corrective_by,
            BreachRow.c.corrective_note,
        )
        .join(CaseRow, CaseRow.c.id == BreachRow.c.case_id)
        .join(Client, Client.c.id == CaseRow.c.client_id)
        .where(due >= period.start, due < period.end, in_set)
    )
    found = []
    row: Any  # plain values: the severity and clock as stored
    for row in connection.execute(recorded):
        case_id, code, client, nit, agent, severity, clock, at, action_at, action_by, action = row
        corrective = None if action is None or action_at is None else Corrective(action_at, action_by or "", action)
        # A dashboard holds the month's breaches (3,000 in a month of a large office): one string per word.
        client, nit, agent, severity, clock = map(shared_word, (client, nit, agent, severity, clock))
        found.append(Breach(case_id, code, client, nit, agent, severity, clock, at, corrective))
    for clock in CLOCKS:
        shown = (
            select(*case_columns, CaseRow.c.severity, _clock_columns(clock)[0])
            .join(Client, Client.c.id == CaseRow.c.client_id)
            .where(_due_in(clock, period), _shown_unrecorded(clock, now), in_set)
        )
        for row in connection.execute(shown):
            case_id, code, client, nit, agent, severity, at = row
            client, nit, agent, severity = map(shared_word, (client, nit, agent, severity))
            found.append(Breach(case_id, code, client, nit, agent, severity, clock, at))
    return tuple(sorted(found, key=lambda b: (b.due, b.code, b.clock)))


def month_facts(connection: Connection, period: Period, now: float, *, people: bool = True) -> MonthFacts:
    """The desk's month as the database counts it (see the module). With `people=False` (the
    trend's months, which need compliance only) the breaches are counted, not read, and the
    per-agent part is left out."""
    opened = connection.execute(
        select(func.count()).where(
            CaseRow.c.opened_at >= period.start, CaseRow.c.opened_at < period.end, _in_period(period)
        )
    ).scalar()
    clocks = tuple(count for clock in CLOCKS for count in _clock_counts(connection, clock, period, now))
    month = Month(period.year, period.month)
    if not people:
        return MonthFacts(month, int(opened or 0), (), clocks, breached=_breach_counts(connection, period, now))
    breaches = _breaches(connection, period, now)
    breached: Counter[tuple[str, str]] = Counter((breach.clock, breach.severity) for breach in breaches)
    taken, logins = _people(connection, period)
    return MonthFacts(month, int(opened or 0), breaches, clocks, taken, logins, dict(breached))
