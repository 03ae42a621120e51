"""The supervisors' reads: everything the dashboard shows, in one snapshot. (Their one write, the
corrective action of a breached case, is a move: `application.cases.corrective`.)"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Engine,
    Select,
    and_,
    bindparam,
    exists,
    or_,
    select,
    text,
    true,
    union,
)
from sqlalchemy.engine import Connection

from jq_console.domain.breaches import Breach, of_cases
from jq_console.domain.cases import Case
from jq_console.domain.policy import Policy
from jq_console.domain.priority import PriorityKey, priority_key
from jq_console.store import breaches as breach_store
from jq_console.store.cases import _case_select, _to_case, open_in_order
from jq_console.store.directory import AgentInfo, agent_infos, clients_revised_since
from jq_console.store.engine import read
from jq_console.store.presence import load_by_agent
from jq_console.store.queue_sync import Mark, mark_of
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
    # False: the closed cases still showing an unrecorded breach were not read yet (a first read
    # that draws at once; the next read adds them).
    complete: bool = True


def _unrecorded(clock: str, run: Any) -> ColumnElement[bool]:
    return ~exists().where(
        BreachRow.c.case_id == CaseRow.c.id, BreachRow.c.clock == clock, BreachRow.c.occurrence == run
    )


NOW = "now"  # the instant a statement below is read at: `connection.execute(statement, {NOW: now})`


@cache
def _shown_unrecorded_sql() -> ColumnElement[bool]:
    """The SQL twin of `domain.breaches.to_record`: a deadline the clocks show broken that nobody
    has recorded yet, so the search does not read every case. Built once, the instant bound when
    read (`NOW`): a dashboard reads it after every change, and building it each time was a fifth of
    its reads' CPU."""
    now = bindparam(NOW, type_=CaseRow.c.assignment_due.type)
    assigned, resolved, is_open = CaseRow.c.assigned_at, CaseRow.c.resolved_at, CaseRow.c.is_open
    assignment = or_(
        assigned > CaseRow.c.assignment_due,
        and_(assigned.is_(None), is_open.is_(True), CaseRow.c.assignment_due < now),
    )
    resolution = and_(
        CaseRow.c.resolution_due.is_not(None),
        or_(
            and_(resolved.is_not(None), resolved > CaseRow.c.resolution_due),
            and_(resolved.is_(None), is_open.is_(True), CaseRow.c.resolution_due < now),
        ),
    )
    return or_(
        and_(assignment, _unrecorded("assignment", CaseRow.c.assignment_run)),
        and_(resolution, _unrecorded("resolution", CaseRow.c.resolution_run)),
    )


@cache
def _current_awaiting_sql() -> CompoundSelect[Any]:
    opened = CaseRow.c.opened_at
    recorded = (
        select(CaseRow.c.id, opened)
        .join(BreachRow, BreachRow.c.case_id == CaseRow.c.id)
        .where(BreachRow.c.corrective_at.is_(None))
    )
    open_ones = select(CaseRow.c.id, opened).where(CaseRow.c.is_open == true(), _shown_unrecorded_sql())
    return union(recorded, open_ones)


def _opened_by_id(rows: Iterable[Sequence[Any]]) -> dict[int, float]:
    """Rows of (id, opened_at) as a dict."""
    return {int(row[0] or 0): float(row[1]) for row in rows}


def _current_awaiting(connection: Connection, now: float) -> dict[int, float]:
    """Id -> opened_at of the cases awaiting a corrective action by a recorded breach without its
    action (`ix_breach_awaiting`), or by an open clock showing a breach nobody recorded (the open
    cases' index): both move with time or with every corrective action, so they are read each time."""
    return _opened_by_id(connection.execute(_current_awaiting_sql(), {NOW: now}))


@cache
def _late_awaiting_sql() -> Select[Any]:
    return select(CaseRow.c.id, CaseRow.c.opened_at).where(
        text(f"({LATE_MET})"),  # word for word the index's condition, so SQLite uses it
        _shown_unrecorded_sql(),
    )


def late_awaiting(connection: Connection, now: float, among: Collection[int] | None = None) -> dict[int, float]:
    """Id -> opened_at of the cases met after a deadline whose breach nobody recorded (of `among`
    only, if given): the only closed cases whose clocks still show a breach. Read through the
    covering partial index `ix_case_late`; this changes only when such a case is touched, so a
    dashboard keeps it between reads (`Held`)."""
    statement = _late_awaiting_sql()
    if among is None:
        return _opened_by_id(connection.execute(statement, {NOW: now}))
    found: dict[int, float] = {}
    ids = sorted(among)
    for first in range(0, len(ids), CHUNK):
        chunk = statement.where(CaseRow.c.id.in_(ids[first : first + CHUNK]))
        found.update(_opened_by_id(connection.execute(chunk, {NOW: now})))
    return found


def _in_order(awaiting: dict[int, float]) -> list[int]:
    """The awaiting cases' ids, oldest opened first (then by id). Sorted as (opened, id) pairs,
    compared without a key function: a dashboard sorts every awaiting case at each look."""
    return [case_id for _, case_id in sorted(zip(awaiting.values(), awaiting.keys(), strict=True))]


def _awaiting_order(connection: Connection, now: float) -> list[int]:
    return _in_order({**late_awaiting(connection, now), **_current_awaiting(connection, now)})


# Read at every reload that found a change: built once, the ids bound.
_CASES_BY_ID = _case_select(with_description=False).where(CaseRow.c.id.in_(bindparam("ids", expanding=True)))


def _cases_by_id(connection: Connection, ids: list[int]) -> list[Case]:
    """The cases of `ids` (without descriptions), in the order of `ids`."""
    found: dict[int, Case] = {}
    for first in range(0, len(ids), CHUNK):
        rows = connection.execute(_CASES_BY_ID, {"ids": ids[first : first + CHUNK]})
        found.update((case.id, case) for case in (_to_case(row, False) for row in rows))
    return [found[case_id] for case_id in ids if case_id in found]


def awaiting_action(connection: Connection, now: float, limit: int | None = None) -> list[Case]:
    """Cases with a breach still waiting for its corrective action, recorded or shown by the clocks,
    oldest opened first."""
    ids = _awaiting_order(connection, now)
    return _cases_by_id(connection, ids if limit is None else ids[:limit])


def count_awaiting(connection: Connection, now: float) -> int:
    return len(_awaiting_order(connection, now))


@dataclass
class Held:
    """What a dashboard keeps between reads: the open cases (in `policy`'s queue order), the closed
    cases still showing an unrecorded breach (`late_awaiting`), and how far the database was read
    (`queue_sync.Mark`); the next read asks only for the cases with newer events or edited clients."""

    policy: Policy
    cases: list[Case]
    late: dict[int, float] | None  # None: not read yet
    mark: Mark
    reads: int = 0
    keys: list[PriorityKey] | None = None  # each case's queue key, once a merge needed them
    key_of: dict[int, PriorityKey] | None = None  # the same, by case id: where a touched case stands
    # What this read changed from the one before: the ids read again (None: read whole) and those
    # of them still open, as read (what `domain.watch.OpenWatch.update` needs).
    touched: frozenset[int] | None = None
    fresh: tuple[Case, ...] = ()
    # The closed cases of the last awaiting list, as read then: one changes only with a move on it,
    # which touches it. Dropped at every read whole and every `check_after` reads, like the rest.
    closed: dict[int, Case] = field(default_factory=dict)


Merged = tuple[list[Case], list[PriorityKey], dict[int, PriorityKey]]


def _merged(policy: Policy, held: Held, touched: set[int], fresh: list[Case]) -> Merged:
    """The held cases without the touched ones, with the fresh ones put in their place in the queue
    order: each held case's key is computed once, not at every read, and a touched case is found
    by its key (a key ends with the case's code: no two are equal), not by a pass over them all.
    New lists: the ones held may still be drawn from."""
    if held.keys is None or held.key_of is None:
        keys = [priority_key(policy, case) for case in held.cases]
        key_of = {case.id: key for key, case in zip(keys, held.cases, strict=True)}
    else:
        keys, key_of = list(held.keys), dict(held.key_of)
    cases = list(held.cases)
    for case_id in touched:
        key = key_of.pop(case_id, None)
        held_at = None if key is None else _where(cases, keys, key, case_id)
        if held_at is not None:
            del keys[held_at], cases[held_at]
    for case in fresh:
        key = priority_key(policy, case)
        at = bisect_left(keys, key)
        keys.insert(at, key)
        cases.insert(at, case)
        key_of[case.id] = key
    return cases, keys, key_of


def _where(cases: list[Case], keys: list[PriorityKey], key: PriorityKey, case_id: int) -> int | None:
    """Where the held case `case_id`, of queue key `key`, stands: found by its key, or, were the keys
    out of step with the cases, looked for over them all; None if it is not held."""
    at = bisect_left(keys, key)
    if at < len(cases) and cases[at].id == case_id:
        return at
    return next((index for index, case in enumerate(cases) if case.id == case_id), None)


_EVENTS_AFTER = select(CaseEvent.c.case_id).where(CaseEvent.c.id > bindparam("after"))


def _touched(connection: Connection, held: Held, there: Mark, check_versions: bool) -> set[int]:
    """Ids of the cases with history events between `held`'s mark and `there`, and the held cases of
    the clients edited in between; with `check_versions`, also the open cases whose version moved
    without an event (a safety net: ids committed out of order on a server database), and those held
    that are no longer open."""
    ids: set[int] = set()
    if there.event > held.mark.event:  # no DISTINCT: it would send SQLite through the case_id index
        ids.update(connection.execute(_EVENTS_AFTER, {"after": held.mark.event}).scalars())
    if there.client > held.mark.client:  # a client renamed or marked behind on payments
        edited = set(clients_revised_since(connection, held.mark.client))
        ids |= {case.id for case in (*held.cases, *held.closed.values()) if case.client_id in edited}
    if check_versions:
        versions = select(CaseRow.c.id, CaseRow.c.version).where(CaseRow.c.is_open == true())
        now_open = {int(case_id or 0): int(version) for case_id, version in connection.execute(versions)}
        known = {case.id: case.version for case in held.cases}
        ids |= {case_id for case_id, version in now_open.items() if known.get(case_id) != version}
        ids |= {case_id for case_id in known if case_id not in now_open}
    return ids


def read_held(
    connection: Connection,
    policy: Policy,
    now: float,
    held: Held | None,
    *,
    late: bool = True,
    check_after: int = 30,
    most: int = 300,
) -> Held:
    """Read whole the first time (or when more than `most` cases changed, or the policy did), else
    `held` with only the cases touched since its read, read again; every `check_after` reads the
    open cases' versions are compared and the late set read whole, in case a change left no event
    that this read could see. `late=False` leaves a late set not read yet for the next read."""
    there = mark_of(connection)
    # Another database, or a history behind the one held (a copy put in its place): read whole.
    whole = held is None or held.policy is not policy or not there.goes_on_from(held.mark)
    reads = 0 if held is None else held.reads + 1
    check = reads % check_after == 0
    touched = set() if held is None or whole else _touched(connection, held, there, check_versions=check)
    if held is None or whole or len(touched) > most:
        late_read = late_awaiting(connection, now) if late else None
        return Held(policy, open_in_order(connection, policy), late_read, there)
    if check or held.late is None:
        kept_late = late_awaiting(connection, now)
    else:
        kept_late = {case_id: at for case_id, at in held.late.items() if case_id not in touched}
        kept_late.update(late_awaiting(connection, now, touched))
    closed = {} if check else {case_id: case for case_id, case in held.closed.items() if case_id not in touched}
    if not touched:
        return Held(policy, held.cases, kept_late, there, reads, held.keys, held.key_of, frozenset(), (), closed)
    fresh = [case for case in _cases_by_id(connection, sorted(touched)) if case.is_open]
    cases, keys, key_of = _merged(policy, held, touched, fresh)
    return Held(policy, cases, kept_late, there, reads, keys, key_of, frozenset(touched), tuple(fresh), closed)


def _awaiting_cases(connection: Connection, ids: list[int], kept: Held) -> list[Case]:
    """The cases of `ids`, in that order: the open ones as `kept` holds them, the closed ones kept
    from the last read unless touched since, and only the others read; `kept.closed` is left
    holding the closed ones of this list."""
    held_open = {case.id: case for case in kept.cases}
    wanted = [case_id for case_id in ids if case_id not in held_open and case_id not in kept.closed]
    read_now = {case.id: case for case in _cases_by_id(connection, wanted)}
    found = [held_open.get(case_id) or kept.closed.get(case_id) or read_now.get(case_id) for case_id in ids]
    cases = [case for case in found if case is not None]
    kept.closed = {case.id: case for case in cases if not case.is_open}
    return cases


def snapshot(
    engine: Engine, policy: Policy, now: float, limit: int = 300, held: Held | None = None, *, late: bool = True
) -> tuple[Snapshot, Held]:
    """What the dashboard draws live, in one read: the open cases (their counts, countdowns and
    checks are the domain's), the first `limit` cases awaiting a corrective action and how many
    there are, the agents and their open cases. With `held` (what the previous read kept) only the
    cases touched since are read again (`read_held`): nothing here grows with the closed cases.
    `late=False` on a first read leaves out the closed cases still showing an unrecorded breach
    (the one part that reads the history's late cases): the snapshot says it is not `complete`."""

    def work(connection: Connection) -> tuple[Snapshot, Held]:
        kept = read_held(connection, policy, now, held, late=late)
        people = agent_infos(connection)
        order = _in_order({**(kept.late or {}), **_current_awaiting(connection, now)})
        awaiting = _awaiting_cases(connection, order[:limit], kept)
        recorded = breach_store.recorded(connection, [case.id for case in awaiting])
        snap = Snapshot(
            kept.cases,
            awaiting,
            people,
            load_by_agent(connection),
            len(order),
            of_cases(awaiting, recorded, now),
            complete=kept.late is not None,
        )
        return snap, kept

    return read(engine, work)
