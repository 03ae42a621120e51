"""What a supervisor may look at: the dashboard's read-only session and the month's snapshot."""

from __future__ import annotations

from jq_console.application.access import SUPERVISING, require_agent
from jq_console.application.policy import of_record
from jq_console.application.services import Services
from jq_console.bootstrap import Runtime
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


def month_start(runtime: Runtime, now: float) -> float:
    local = runtime.local(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).timestamp()


def load_snapshot(services: Services, limit: int = 300) -> Snapshot:
    """Everything the dashboard draws, read in one transaction (read again if the file moved)."""
    now = services.runtime.now()
    start = month_start(services.runtime, now)
    return stable_read(services.engine, lambda engine: snapshot(engine, services.runtime.policy, start, now, limit))
