"""The supervisors' reads: everything the dashboard shows, in one transaction (`application.oversight`
puts the parts together). (Their one write, the corrective action of a breached case, is a move:
`application.cases.corrective`.)"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
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
from jq_console.domain.open_case import OpenCase
from jq_console.domain.policy import Policy
from jq_console.domain.priority import priority_key
from jq_console.store import breaches as breach_store
from jq_console.store import queue_keys
from jq_console.store.cases import _case_select, _to_case
from jq_console.store.directory import AgentInfo, agent_infos, clients_revised_since
from jq_console.store.open_rows import open_rows
from jq_console.store.presence import load_by_agent
from jq_console.store.queue_sync import Mark, mark_of
from jq_console.store.report import chunks
from jq_console.store.tables import LATE_MET, BreachRow, CaseEvent, CaseRow


@dataclass(frozen=True)
class Snapshot:
    """The database as the dashboard draws it besides its board of open cases, read in one
    transaction with the board's reads."""

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
    for some in chunks(ids):
        found.update(_opened_by_id(connection.execute(statement.where(CaseRow.c.id.in_(some)), {NOW: now})))
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
    for some in chunks(ids):
        rows = connection.execute(_CASES_BY_ID, {"ids": some})
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
    """What a dashboard keeps between reads: the closed cases still showing an unrecorded breach
    (`late_awaiting`), how far the database was read (`queue_sync.Mark`), and the whole cases it
    drew; the next read asks only for the cases with newer events or edited clients. Not the open
    cases: its board (`domain.watch.OpenWatch`) keeps what it needs of each, and `read_held` hands
    it the open cases it read (`domain.open_case.OpenCase`), to be dropped once taken."""

    policy: Policy
    late: dict[int, float] | None  # None: not read yet
    mark: Mark
    reads: int = 0
    # What this read changed from the one before: the ids read again (None: read whole).
    touched: frozenset[int] | None = None
    # The cases the last read drew (`Drawn`), as read then: one changes only with a move on it, or
    # an edit of its client, which touches it. Dropped at every read whole and every `check_after`
    # reads, like the rest.
    shown: dict[int, Case] = field(default_factory=dict)
    # The last `first_in_queue`: the ids it was asked and its answer, kept while none is touched.
    first: tuple[frozenset[int], list[Case]] | None = None


_OPEN_OF_CLIENTS = select(CaseRow.c.id).where(
    CaseRow.c.is_open == true(), CaseRow.c.client_id.in_(bindparam("clients", expanding=True))
)
_EVENTS_AFTER = select(CaseEvent.c.case_id).where(CaseEvent.c.id > bindparam("after"))
Versions = Callable[[], Mapping[int, int]]  # the open cases a reader holds, by id: the version it read


def _touched(connection: Connection, held: Held, there: Mark, versions: Versions | None) -> set[int]:
    """Ids of the cases with history events between `held`'s mark and `there`, and the open and
    drawn cases of the clients edited in between; with `versions` (of the open cases the reader
    holds), also the open cases whose version moved without an event (a safety net: ids committed
    out of order on a server database), and those held that are no longer open."""
    ids: set[int] = set()
    if there.event > held.mark.event:  # no DISTINCT: it would send SQLite through the case_id index
        ids.update(connection.execute(_EVENTS_AFTER, {"after": held.mark.event}).scalars())
    if there.client > held.mark.client:  # a client renamed or marked behind on payments
        edited = set(clients_revised_since(connection, held.mark.client))
        for some in chunks(sorted(edited)):
            ids.update(connection.execute(_OPEN_OF_CLIENTS, {"clients": some}).scalars())
        ids |= {case.id for case in held.shown.values() if case.client_id in edited}
    if versions is not None:
        statement = select(CaseRow.c.id, CaseRow.c.version).where(CaseRow.c.is_open == true())
        now_open = {int(case_id or 0): int(version) for case_id, version in connection.execute(statement)}
        known = versions()
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
    versions: Versions | None = None,
) -> tuple[Held, list[OpenCase]]:
    """Read whole the first time (or when more than `most` cases changed, or the policy did), else
    `held` with only the cases touched since its read, read again: the new `Held` and the open
    cases read (every one if read whole, else the touched ones still open). Every `check_after`
    reads the open cases' versions are compared with `versions` and the late set read whole, in
    case a change left no event that this read could see. `late=False` leaves a late set not read
    yet for the next read."""
    there = mark_of(connection)
    # Another database, or a history behind the one held (a copy put in its place): read whole.
    whole = held is None or held.policy is not policy or not there.goes_on_from(held.mark)
    reads = 0 if held is None else held.reads + 1
    check = reads % check_after == 0
    touched = set() if held is None or whole else _touched(connection, held, there, versions if check else None)
    if held is None or whole or len(touched) > most:
        late_read = late_awaiting(connection, now) if late else None
        return Held(policy, late_read, there), open_rows(connection)
    if check or held.late is None:
        kept_late = late_awaiting(connection, now)
    else:
        kept_late = {case_id: at for case_id, at in held.late.items() if case_id not in touched}
        kept_late.update(late_awaiting(connection, now, touched))
    shown = {} if check else {case_id: case for case_id, case in held.shown.items() if case_id not in touched}
    first = held.first
    if check or (first is not None and not touched.isdisjoint(first[0])):
        first = None
    fresh = open_rows(connection, touched) if touched else []
    return Held(policy, kept_late, there, reads, frozenset(touched), shown, first), fresh


@dataclass
class Drawn:
    """The whole cases one read draws (the board's rows, the awaiting list): those the last read
    drew and no change touched since (`Held.shown`) as they were, the others read now. `drawn`
    collects them, for the next read."""

    held: dict[int, Case]
    drawn: dict[int, Case] = field(default_factory=dict)

    def cases(self, connection: Connection, ids: Sequence[int]) -> list[Case]:
        """The cases of `ids` (those that exist), in that order."""
        drawn, held = self.drawn, self.held
        wanted = [case_id for case_id in ids if case_id not in drawn and case_id not in held]
        read_now = {case.id: case for case in _cases_by_id(connection, wanted)} if wanted else {}
        found = [drawn.get(case_id) or held.get(case_id) or read_now.get(case_id) for case_id in ids]
        cases = [case for case in found if case is not None]
        self.drawn.update((case.id, case) for case in cases)
        return cases


_KEYS_OF = select(CaseRow.c.queue_key, CaseRow.c.id).where(CaseRow.c.id.in_(bindparam("ids", expanding=True)))


def first_in_queue(connection: Connection, kept: Held, ids: frozenset[int], count: int) -> list[Case]:
    """The first `count` cases of `ids` in `kept.policy`'s queue order, read by their stored keys
    when these follow the policy (`store.cases.open_in_order`). Kept from the last read while the
    ids are the same and none was touched (`read_held`)."""
    if kept.first is not None and kept.first[0] == ids:
        return kept.first[1]
    wanted = sorted(ids)
    if not wanted or count <= 0:
        cases: list[Case] = []
    elif queue_keys.follows(connection, kept.policy):
        keyed: list[tuple[bytes, int]] = []
        # The first `count` of each chunk: the first `count` overall are among them.
        first_of = _KEYS_OF.order_by(CaseRow.c.queue_key).limit(count)
        for some in chunks(wanted):
            keyed.extend((key, case_id) for key, case_id in connection.execute(first_of, {"ids": some}))
        cases = _cases_by_id(connection, [case_id for _, case_id in sorted(keyed)[:count]])
    else:
        cases = sorted(_cases_by_id(connection, wanted), key=lambda case: priority_key(kept.policy, case))[:count]
    kept.first = (ids, cases)
    return cases


def snapshot(connection: Connection, now: float, limit: int, kept: Held, drawn: Drawn) -> Snapshot:
    """What the dashboard draws live besides its board of open cases (`domain.watch`), in the read
    of `kept`: the first `limit` cases awaiting a corrective action and how many there are, the
    agents and their open cases. Nothing here grows with the closed cases; `kept.late` not read
    yet (a first read that draws at once) leaves out the closed cases still showing an unrecorded
    breach: the snapshot says it is not `complete`."""
    people = agent_infos(connection)
    order = _in_order({**(kept.late or {}), **_current_awaiting(connection, now)})
    awaiting = drawn.cases(connection, order[:limit])
    recorded = breach_store.recorded(connection, [case.id for case in awaiting])
    return Snapshot(
        awaiting,
        people,
        load_by_agent(connection),
        len(order),
        of_cases(awaiting, recorded, now),
        complete=kept.late is not None,
    )
