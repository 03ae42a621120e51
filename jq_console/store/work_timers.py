"""The agents' running work timers (table `work_timer`, one row per agent at most). Starting
writes the row; stopping logs the time and deletes the row in one transaction, so a timer is
never both logged and still running, nor lost when the console that started it closes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from sqlalchemy import Engine, delete, select
from sqlalchemy.engine import Connection

from jq_console.domain.cases import Refused
from jq_console.store.cases import find_case
from jq_console.store.engine import Guard, read, write
from jq_console.store.tables import CaseRow, WorkTimer
from jq_console.store.time_entries import Entry, add_entry


@dataclass(frozen=True)
class StoredTimer:
    agent: str
    code: str
    started_at: float


def _running(connection: Connection, agent: str) -> StoredTimer | None:
    statement = (
        select(WorkTimer.c.agent, CaseRow.c.code, WorkTimer.c.started_at)
        .join(CaseRow, CaseRow.c.id == WorkTimer.c.case_id)
        .where(WorkTimer.c.agent == agent)
    )
    row = connection.execute(statement).first()
    return StoredTimer(row[0], row[1], float(row[2])) if row is not None else None


def running_timer(engine: Engine, agent: str) -> StoredTimer | None:
    return read(engine, lambda connection: _running(connection, agent))


def start_timer(engine: Engine, agent: str, code: str, started_at: float, guard: Guard | None = None) -> StoredTimer:
    """Refused with `timer.other_running` if the agent already has one (on any console)."""

    def work(connection: Connection) -> StoredTimer:
        running = _running(connection, agent)
        if running is not None:
            raise Refused("timer.other_running", case=running.code)
        case = find_case(connection, code)
        if case is None:
            raise Refused("billing.no_case", case=code)
        connection.execute(WorkTimer.insert().values(agent=agent, case_id=case.id, started_at=started_at))
        return StoredTimer(agent, case.code, started_at)

    return write(engine, work, guard=guard)


def drop_timer(connection: Connection, agent: str) -> StoredTimer | None:
    """Inside a write: the agent's timer, removed (None if none ran)."""
    running = _running(connection, agent)
    if running is not None:
        connection.execute(delete(WorkTimer).where(WorkTimer.c.agent == agent))
    return running


def stop_timer(
    engine: Engine,
    agent: str,
    minutes: int | None,
    note: str,
    now: float,
    guard: Guard | None = None,
    tz: tzinfo | None = None,
) -> tuple[StoredTimer | None, Entry | None]:
    """End the agent's timer and, when `minutes` is given, log them on its case, in one write."""

    def work(connection: Connection) -> tuple[StoredTimer | None, Entry | None]:
        running = drop_timer(connection, agent)
        if running is None or minutes is None or minutes < 1:
            return running, None
        return running, add_entry(connection, running.code, agent, running.started_at, minutes, note, now, None, tz)

    return write(engine, work, guard=guard)
