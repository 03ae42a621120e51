"""The supervisors' reads: everything the dashboard shows, in one snapshot. (Their one write, the
corrective action of a breached case, is a move: `application.cases.corrective`.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, and_, exists, func, or_, select, text, true, union
from sqlalchemy.engine import Connection
from sqlmodel import col

from jq_console.domain.breaches import Breach, of_cases
from jq_console.domain.cases import Case
from jq_console.domain.policy import Policy
from jq_console.domain.priority import priority_key
from jq_console.store import breaches as breach_store
from jq_console.store.cases import _case_select, _to_case, open_in_order
from jq_console.store.directory import AgentInfo, agent_infos
from jq_console.store.engine import read
from jq_console.store.presence import load_by_agent
from jq_console.store.report import CHUNK
from jq_console.store.tables import LATE_MET, BreachRow, CaseEvent, CaseRow


@dataclass(frozen=True)
class Snapshot:
    """The database as the dashboard draws it, read in one transaction."""

    open_cases: list[Case]
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


def _awaiting_ids(now: float) -> Select[Any]:
    """Ids of the cases with a breach still waiting for its corrective action, recorded or shown by
    the clocks, as a union of three indexed reads rather than one pass over every case ever opened:
    recorded breaches without their action (`ix_breach_awaiting`), open cases whose clocks show an
    unrecorded breach (`ix_case_open_agent`), and cases met after a deadline (`ix_case_late`, the
    only closed cases whose clocks can still show one)."""
    recorded = select(col(BreachRow.case_id)).where(col(BreachRow.corrective_at).is_(None))
    shown = _shown_unrecorded_sql(now)
    open_ones = select(col(CaseRow.id)).where(col(CaseRow.is_open) == true(), shown)
    late = select(col(CaseRow.id)).where(text(f"({LATE_MET})"), shown)  # word for word the index's condition
    return select(union(recorded, open_ones, late).subquery().c[0])


def _awaiting_order(connection: Connection, now: float) -> list[int]:
    """The awaiting cases' ids, oldest opened first."""
    statement = (
        select(col(CaseRow.id))
        .where(col(CaseRow.id).in_(_awaiting_ids(now)))
        .order_by(col(CaseRow.opened_at), col(CaseRow.id))
    )
    return [case_id for case_id in connection.execute(statement).scalars() if case_id is not None]


def _cases_by_id(connection: Connection, ids: list[int]) -> list[Case]:
    """The cases of `ids` (without descriptions), in the order of `ids`."""
    found: dict[int, Case] = {}
    for first in range(0, len(ids), CHUNK):
        statement = _case_select(with_description=False).where(col(CaseRow.id).in_(ids[first : first + CHUNK]))
        found.update((case.id, case) for case in (_to_case(row, False) for row in connection.execute(statement)))
    return [found[case_id] for case_id in ids if case_id in found]


def awaiting_action(connection: Connection, now: float, limit: int | None = None) -> list[Case]:
    """Cases with a breach still waiting for its corrective action, recorded or shown by the clocks,
    oldest opened first."""
    ids = _awaiting_order(connection, now)
    return _cases_by_id(connection, ids if limit is None else ids[:limit])


def count_awaiting(connection: Connection, now: float) -> int:
    return len(_awaiting_order(connection, now))


@dataclass
class OpenCases:
    """The open cases a dashboard holds between reads (in `policy`'s queue order), and the newest
    history event it has seen: the next read asks only for the cases with newer events."""

    policy: Policy
    cases: list[Case]
    last_event: int
    reads: int = 0  # reads since the last whole one


def _newest_event(connection: Connection) -> int:
    return int(connection.execute(select(func.max(col(CaseEvent.id)))).scalar() or 0)


def _touched(connection: Connection, held: OpenCases, check_versions: bool) -> set[int]:
    """Ids of the cases with history events after the last seen; with `check_versions`, also the
    open cases whose version moved without one (a safety net: ids committed out of order on a
    server database), and those held that are no longer open."""
    events = select(col(CaseEvent.case_id)).where(col(CaseEvent.id) > held.last_event).distinct()
    ids = set(connection.execute(events).scalars())
    if check_versions:
        versions = select(col(CaseRow.id), col(CaseRow.version)).where(col(CaseRow.is_open) == true())
        now_open = {int(case_id or 0): int(version) for case_id, version in connection.execute(versions)}
        known = {case.id: case.version for case in held.cases}
        ids |= {case_id for case_id, version in now_open.items() if known.get(case_id) != version}
        ids |= {case_id for case_id in known if case_id not in now_open}
    return ids


def read_open(
    connection: Connection, policy: Policy, held: OpenCases | None, *, whole_after: int = 30, most: int = 300
) -> OpenCases:
    """The open cases, read whole the first time (and every `whole_after` reads, or when more than
    `most` changed, or the policy changed), else `held` with only the touched cases read again."""
    newest = _newest_event(connection)
    if held is None or held.policy is not policy:
        return OpenCases(policy, open_in_order(connection, policy), newest)
    reads = held.reads + 1
    touched = _touched(connection, held, check_versions=reads % whole_after == 0)
    if len(touched) > most:
        return OpenCases(policy, open_in_order(connection, policy), newest)
    if not touched:
        return OpenCases(policy, held.cases, newest, reads)
    fresh = {case.id: case for case in _cases_by_id(connection, sorted(touched)) if case.is_open}
    kept = [case for case in held.cases if case.id not in touched]
    cases = sorted([*kept, *fresh.values()], key=lambda case: priority_key(policy, case))
    return OpenCases(policy, cases, newest, reads)


def snapshot(
    engine: Engine, policy: Policy, now: float, limit: int = 300, held: OpenCases | None = None
) -> tuple[Snapshot, OpenCases]:
    """What the dashboard draws live, in one read: the open cases (their counts, countdowns and
    checks are the domain's; `held`, the ones of the previous read, are brought up to date by
    `read_open`), the first `limit` cases awaiting a corrective action and how many there are, the
    agents and their open cases. Nothing here grows with the closed cases but those still awaiting."""

    def work(connection: Connection) -> tuple[Snapshot, OpenCases]:
        open_cases = read_open(connection, policy, held)
        people = agent_infos(connection)
        order = _awaiting_order(connection, now)
        awaiting = _cases_by_id(connection, order[:limit])
        recorded = breach_store.recorded(connection, [case.id for case in awaiting])
        snap = Snapshot(
            open_cases.cases,
            awaiting,
            people,
            load_by_agent(connection),
            len(order),
            of_cases(awaiting, recorded, now),
        )
        return snap, open_cases

    return read(engine, work)
