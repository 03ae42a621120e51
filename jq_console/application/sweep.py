"""The desk's housekeeping, run by cron (`jq-console sweep`):
- every breach the clocks show that nobody recorded yet becomes a fact (those that happened before
  the breach table existed, which migration 0011 could not measure, and those of cases nobody moved
  since), under the policy version the case was opened under, chained like every recorded breach;
- a case pending the USR's verification past the policy's deadline is invalidated, with the
  policy's reason ("no verificado por el USR"), as a history line;
- a case resolved more than the policy's business days ago is closed, as a history line.

Who may run it: the service user named in the server's own configuration (`[security]
service_user`, the account cron runs it as), or a registered, active supervisor or administrator.
An ordinary agent may not: it invalidates other people's cases. Running it twice does nothing the
second time: each move is decided again on the case as it stands in the move's own write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import Engine

from jq_console.application.access import SUPERVISING, ActorCheck, require_agent
from jq_console.bootstrap import Runtime
from jq_console.domain.bounds import (
    AUTO_CLOSED,
    VERIFICATION_EXPIRED,
    auto_close,
    close_due,
    expire_verification,
    verification_overdue,
)
from jq_console.domain.calendar import BusinessCalendar
from jq_console.domain.cases import Case, Change, Refused
from jq_console.domain.policy import Bounds
from jq_console.i18n import t
from jq_console.store import moves, sweep
from jq_console.store.engine import Guard

# A resolved case cannot be due to close sooner than this after its resolution (a business day
# is at least a calendar day, and a policy closes after one at least), so older resolutions are
# all the store needs to read.
_DAY = 86400.0


@dataclass
class SweepReport:
    recorded: list[tuple[str, str]] = field(default_factory=list)  # (case code, clock) of each breach recorded
    invalidated: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, Refused]] = field(default_factory=list)  # moved by someone else meanwhile


def sweep_guard(engine: Engine, login: str, service_user: str | None) -> Guard | None:
    """The guard each of the sweep's writes runs, or `Refused` when `login` may not sweep. The service
    user is no agent of the desk (it has no row to check again), so its writes carry no guard."""
    if service_user and login == service_user.strip():
        return None
    require_agent(engine, SUPERVISING, login)
    return ActorCheck(login, SUPERVISING)


def _bounds_of(runtime: Runtime, case: Case, which: str) -> tuple[Bounds, BusinessCalendar]:
    """The bounds and the calendar that measure `case`: the policy version it was opened under."""
    measure = runtime.of_case(case)
    bounds = measure.policy.bounds
    schedule = bounds.verification_schedule if which == "verification" else bounds.closure_schedule
    return bounds, measure.engine.calendars[schedule]


def _expire(case: Case, *, calendar: BusinessCalendar, bounds: Bounds, now: float) -> Change:
    return expire_verification(case, calendar, bounds, now, t(VERIFICATION_EXPIRED))


def _close(case: Case, *, calendar: BusinessCalendar, bounds: Bounds, now: float) -> Change:
    return auto_close(case, calendar, bounds, now, t(AUTO_CLOSED, days=bounds.auto_close_days))


def run_sweep(engine: Engine, runtime: Runtime, login: str, service_user: str | None) -> SweepReport:
    guard = sweep_guard(engine, login, service_user)
    report = SweepReport()
    now = runtime.now()
    _record_breaches(engine, guard, now, report)
    for case in sweep.pending_verification(engine):
        bounds, verifying = _bounds_of(runtime, case, "verification")
        if not verification_overdue(case, verifying, bounds, now):
            continue
        move = partial(_expire, calendar=verifying, bounds=bounds, now=now)
        _sweep_one(engine, runtime, login, guard, case.code, move, report, report.invalidated)
    # Read with the shortest closing period any version may give: each case's own is checked below.
    for case in sweep.resolved_cases(engine, now - _DAY):
        bounds, closing = _bounds_of(runtime, case, "closure")
        if case.resolved_at is None or now <= close_due(case.resolved_at, closing, bounds.auto_close_days):
            continue
        move = partial(_close, calendar=closing, bounds=bounds, now=now)
        _sweep_one(engine, runtime, login, guard, case.code, move, report, report.closed)
    return report


def _record_breaches(engine: Engine, guard: Guard | None, now: float, report: SweepReport) -> None:
    """Before any move: the breaches the clocks show become facts, each case in a write of its own.
    The case's stored deadlines were measured by its own policy version, which each row names."""
    for code in sweep.with_unrecorded_breaches(engine, now):
        fresh = sweep.record_breaches(engine, code, now, guard)  # the sweeper checked again in the write
        report.recorded.extend((code, breach.clock) for breach in fresh)


def _sweep_one(
    engine: Engine,
    runtime: Runtime,
    login: str,
    guard: Guard | None,
    code: str,
    move: Callable[[Case], Change],
    report: SweepReport,
    done: list[str],
) -> None:
    """One case's move, in its own write: a refusal (the case changed meanwhile) is told, not fatal."""
    try:
        moves.apply(engine, runtime, code, login, move, guard=guard)
    except Refused as refusal:
        report.skipped.append((code, refusal))
        return
    done.append(code)
