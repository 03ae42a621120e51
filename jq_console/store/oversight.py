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
    month_cases: list[Case]  # opened in the month shown (up to now)
    awaiting_action: list[Case]  # breached, no corrective action recorded yet (the oldest, up to a limit)
    agents: list[AgentInfo]
    load: dict[str, int]
    awaiting_total: int = 0
    history: list[Case] | None = None  # opened in the months of the trend, the month shown last


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


def snapshot(
    engine: Engine,
    policy: Policy,
    month_start: float,
    now: float,
    limit: int = 300,
    *,
    month_end: float | None = None,
    history_start: float | None = None,
) -> Snapshot:
    """`month_start`..`month_end` is the month shown (this month when no end is given);
    `history_start` the first instant of the trend's months (none read when not given)."""
    since = month_start if history_start is None else min(history_start, month_start)

    def work(connection: Connection) -> Snapshot:
        open_cases = open_in_order(connection, policy)
        rows = connection.execute(
            _case_select(with_description=False).where(
                col(CaseRow.opened_at) >= since,
                col(CaseRow.opened_at) <= now,
                col(CaseRow.opened_at) < (now + 1 if month_end is None else month_end),
            )
        )
        history = [_to_case(r, False) for r in rows]
        month = [
            case
            for case in history
            if month_start <= case.opened_at and (month_end is None or case.opened_at < month_end)
        ]
        people = agent_infos(connection)
        return Snapshot(
            open_cases,
            month,
            awaiting_action(connection, now, limit),
            people,
            load_by_agent(connection),
            count_awaiting(connection, now),
            history if history_start is not None else None,
        )

    return read(engine, work)
