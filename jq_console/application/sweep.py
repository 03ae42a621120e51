"""The desk's housekeeping, run by cron (`jq-console sweep`):
- a case pending the USR's verification past the policy's deadline is invalidated, with the
  policy's reason ("no verificado por el USR"), as a history line;
- a case resolved more than the policy's business days ago is closed, as a history line.

Who may run it: the service user named in the server's own configuration (`[security]
service_user`, the account cron runs it as), or a registered, active supervisor or administrator.
An ordinary agent may not: it invalidates other people's cases. Running it twice does nothing the
second time: each move is decided again on the case as it stands in the move's own write.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
from jq_console.domain.cases import Refused
from jq_console.i18n import t
from jq_console.store import moves, sweep
from jq_console.store.engine import Guard

# A resolved case cannot be due to close sooner than this after its resolution (a business day
# is at least a calendar day), so older resolutions are all the store needs to read.
_DAY = 86400.0


@dataclass
class SweepReport:
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


def run_sweep(engine: Engine, runtime: Runtime, login: str, service_user: str | None) -> SweepReport:
    guard = sweep_guard(engine, login, service_user)
    policy = runtime.policy
    bounds = policy.bounds
    calendars = runtime.engine.calendars
    report = SweepReport()
    now = runtime.now()
    verifying = calendars[bounds.verification_schedule]
    for case in sweep.pending_verification(engine):
        if not verification_overdue(case, verifying, bounds, now):
            continue
        try:
            moves.apply(
                engine,
                runtime,
                case.code,
                login,
                lambda seen: expire_verification(seen, verifying, bounds, now, t(VERIFICATION_EXPIRED)),
                guard=guard,
            )
        except Refused as refusal:
            report.skipped.append((case.code, refusal))
            continue
        report.invalidated.append(case.code)
    closing = calendars[bounds.closure_schedule]
    for case in sweep.resolved_cases(engine, now - bounds.auto_close_days * _DAY):
        if case.resolved_at is None or now <= close_due(case.resolved_at, closing, bounds.auto_close_days):
            continue
        try:
            moves.apply(
                engine,
                runtime,
                case.code,
                login,
                lambda seen: auto_close(seen, closing, bounds, now, t(AUTO_CLOSED, days=bounds.auto_close_days)),
                guard=guard,
            )
        except Refused as refusal:
            report.skipped.append((case.code, refusal))
            continue
        report.closed.append(case.code)
    return report
