"""What `jq-console sweep` looks at: the cases whose clocks show a breach nobody recorded, the open
cases still pending the USR's verification and the resolved cases. The domain decides which are past
their time (domain.bounds); each is then moved on its own (store.moves), so a case verified or
reopened meanwhile is left alone."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from jq_console.domain.breaches import Breach
from jq_console.domain.cases import Case
from jq_console.store import breaches
from jq_console.store.cases import _case_select, _to_case, find_case
from jq_console.store.engine import Guard, read, write
from jq_console.store.oversight import NOW, _shown_unrecorded_sql
from jq_console.store.tables import CaseRow


def with_unrecorded_breaches(engine: Engine, now: float) -> list[str]:
    """The codes of the cases whose clocks show, at `now`, a breach not recorded yet (one that broke
    before the breach table existed, or since the case's last move), oldest first."""
    statement = select(CaseRow.c.code).where(_shown_unrecorded_sql()).order_by(CaseRow.c.opened_at, CaseRow.c.id)
    return read(engine, lambda c: [str(code) for code in c.execute(statement, {NOW: now}).scalars()])


def record_breaches(engine: Engine, code: str, now: float, guard: Guard | None = None) -> list[Breach]:
    """Record the breaches `code`'s clocks show at `now` that nobody recorded, in a write of their
    own (the case read again in it, the chain's head locked as every recording locks it); the new
    ones. `guard` runs first in the same write. A second call records nothing."""

    def work(connection: Connection) -> list[Breach]:
        case = find_case(connection, code)
        return [] if case is None else breaches.record(connection, case, now)

    return write(engine, work, guard=guard)


def pending_verification(engine: Engine) -> list[Case]:
    """Open cases waiting for the USR's verification, oldest first."""
    statement = (
        _case_select(with_description=False)
        .where(CaseRow.c.is_open.is_(True), CaseRow.c.verification == "pending")
        .order_by(CaseRow.c.opened_at, CaseRow.c.id)
    )
    return read(engine, lambda c: [_to_case(row, False) for row in c.execute(statement)])


def resolved_cases(engine: Engine, resolved_before: float) -> list[Case]:
    """Resolved cases resolved before `resolved_before` (a bound that narrows the read; the domain
    decides each one), oldest resolution first."""
    statement = (
        _case_select(with_description=False)
        .where(CaseRow.c.status == "resolved", CaseRow.c.resolved_at < resolved_before)
        .order_by(CaseRow.c.resolved_at, CaseRow.c.id)
    )
    return read(engine, lambda c: [_to_case(row, False) for row in c.execute(statement)])
