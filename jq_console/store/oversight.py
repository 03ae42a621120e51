"""The supervisors' reads: everything the dashboard shows, in one snapshot. (Their one write, the
corrective action of a breached case, is a move: `application.cases.corrective`.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, exists, func, or_, select
from sqlalchemy.engine import Connection
from sqlmodel import col

from jq_console.domain.breaches import Breach, of_cases
from jq_console.domain.cases import Case
from jq_console.domain.policy import Policy
from jq_console.store import breaches as breach_store
from jq_console.store.cases import _case_select, _to_case, open_in_order
from jq_console.store.directory import AgentInfo, agent_infos
from jq_console.store.engine import read
from jq_console.store.presence import load_by_agent
from jq_console.store.tables import BreachRow, CaseRow


@dataclass(frozen=True)
class Snapshot:
    """The database as the dashboard draws it, read in one transaction."""

    open_cases: list[Case]
    month_cases: list[Case]  # opened since the first day of this month
    awaiting_action: list[Case]  # a breach without its corrective action (the oldest cases, up to a limit)
    agents: list[AgentInfo]
    load: dict[str, int]
    awaiting_total: int = 0
    breaches_of: dict[int, list[Breach]] = field(default_factory=dict)  # every breach of each awaiting case


def _unrecorded(clock: str, run: Any) -> ColumnElement[bool]:
    return ~exists().where(
        col(BreachRow.case_id) == col(CaseRow.id), col(BreachRow.clock) == clock, col(BreachRow.occurrence) == run
    )


def _shown_unrecorded_sql(now: float) -> ColumnElement[bool]:
    """The SQL twin of `domain.breaches.to_record`: a deadline the clocks show broken that nobody
    has recorded yet, so the search does not read every case."""
    assigned, resolved, is_open = col(CaseRow.assigned_at), col(CaseRow.resolved_at), col(CaseRow.is_open)
    assignment = or_(
        assigned > col(CaseRow.assignment_due),
        and_(assigned.is_(None), is_open.is_(True), col(CaseRow.assignment_due) < now),
    )
    resolution = and_(
        col(CaseRow.resolution_due).is_not(None),
        or_(
            and_(resolved.is_not(None), resolved > col(CaseRow.resolution_due)),
            and_(resolved.is_(None), is_open.is_(True), col(CaseRow.resolution_due) < now),
        ),
    )
    return or_(
        and_(assignment, _unrecorded("assignment", col(CaseRow.assignment_run))),
        and_(resolution, _unrecorded("resolution", col(CaseRow.resolution_run))),
    )


def _awaiting_sql(now: float) -> ColumnElement[bool]:
    recorded_open = exists().where(col(BreachRow.case_id) == col(CaseRow.id), col(BreachRow.corrective_at).is_(None))
    return or_(recorded_open, _shown_unrecorded_sql(now))


def awaiting_action(connection: Connection, now: float, limit: int | None = None) -> list[Case]:
    """Cases with a breach still waiting for its corrective action, recorded or shown by the clocks."""
    statement = (
        _case_select(with_description=False).where(_awaiting_sql(now)).order_by(col(CaseRow.opened_at)).limit(limit)
    )
    return [_to_case(row, False) for row in connection.execute(statement)]


def count_awaiting(connection: Connection, now: float) -> int:
    statement = select(func.count()).select_from(CaseRow).where(_awaiting_sql(now))
    return int(connection.execute(statement).scalar() or 0)


def snapshot(engine: Engine, policy: Policy, month_start: float, now: float, limit: int = 300) -> Snapshot:
    def work(connection: Connection) -> Snapshot:
        open_cases = open_in_order(connection, policy)
        month_rows = connection.execute(
            _case_select(with_description=False).where(
                col(CaseRow.opened_at) >= month_start, col(CaseRow.opened_at) <= now
            )
        )
        people = agent_infos(connection)
        awaiting = awaiting_action(connection, now, limit)
        recorded = breach_store.recorded(connection, [case.id for case in awaiting])
        return Snapshot(
            open_cases,
            [_to_case(r, False) for r in month_rows],
            awaiting,
            people,
            load_by_agent(connection),
            count_awaiting(connection, now),
            of_cases(awaiting, recorded, now),
        )

    return read(engine, work)
