"""The supervisors' reads: everything the dashboard shows, in one snapshot. (Their one write, the
corrective action of a breached case, is a move: `application.cases.corrective`.)"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, Exists, and_, exists, func, or_, select
from sqlalchemy.engine import Connection
from sqlmodel import col

from jq_console.domain.cases import Case
from jq_console.domain.policy import Policy
from jq_console.store.cases import _case_select, _to_case, open_in_order
from jq_console.store.directory import AgentInfo, agent_infos
from jq_console.store.engine import read
from jq_console.store.presence import load_by_agent
from jq_console.store.tables import CaseEvent, CaseRow


@dataclass(frozen=True)
class Snapshot:
    """The database as the dashboard draws it, read in one transaction."""

    open_cases: list[Case]
    month_cases: list[Case]  # opened since the first day of this month
    awaiting_action: list[Case]  # breached, no corrective action recorded yet (the oldest, up to a limit)
    agents: list[AgentInfo]
    load: dict[str, int]
    awaiting_total: int = 0


def _breached_sql(now: float) -> ColumnElement[bool]:
    """The SQL twin of `domain.oversight.breaches`, so the search does not read every case."""
    assigned, resolved, is_open = col(CaseRow.assigned_at), col(CaseRow.resolved_at), col(CaseRow.is_open)
    assignment = or_(
        assigned > col(CaseRow.assignment_due),
        and_(assigned.is_(None), is_open.is_(True), col(CaseRow.assignment_due) < now),
    )
    resolution = or_(
        and_(resolved.is_not(None), resolved > col(CaseRow.resolution_due)),
        and_(
            resolved.is_(None), is_open.is_(True), col(CaseRow.status) != "waiting", col(CaseRow.resolution_due) < now
        ),
    )
    return or_(assignment, resolution)


def _has_action() -> Exists:
    return exists().where(col(CaseEvent.case_id) == col(CaseRow.id), col(CaseEvent.kind) == "corrective_action")


def awaiting_action(connection: Connection, now: float, limit: int | None = None) -> list[Case]:
    statement = (
        _case_select(with_description=False)
        .where(_breached_sql(now), ~_has_action())
        .order_by(col(CaseRow.opened_at))
        .limit(limit)
    )
    return [_to_case(row, False) for row in connection.execute(statement)]


def count_awaiting(connection: Connection, now: float) -> int:
    statement = select(func.count()).select_from(CaseRow).where(_breached_sql(now), ~_has_action())
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
        return Snapshot(
            open_cases,
            [_to_case(r, False) for r in month_rows],
            awaiting_action(connection, now, limit),
            people,
            load_by_agent(connection),
            count_awaiting(connection, now),
        )

    return read(engine, work)
