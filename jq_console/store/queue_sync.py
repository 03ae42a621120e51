"""Keeping a console's queue in step with the database cheaply.

Every write to a case leaves a row in the append-only history (`case_event`), so after a change
the queue asks which cases have events newer than the last one it saw and reads back only those,
instead of reloading 10,000 rows; and, since a client's edit leaves none, which clients were edited
since (`client.revision`), whose open cases it reads back too. As a safety net (a write that left
no event, or ids committed out of order on a server database) the queue also compares every open
case's version now and then.

Neither history goes back, nor does a database become another while a console reads it, except by
hand: a copy of an older one put in its place, or a sandbox made again (`demo --reset`). Then the
events after the mark are not what changed, and the queue is told to read everything again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from sys import intern

from sqlalchemy import Engine, bindparam, func, select, true
from sqlalchemy.engine import Connection

from jq_console.domain.cases import Case
from jq_console.domain.policy import Policy
from jq_console.domain.priority import code_of, queue_key
from jq_console.store import queue_keys
from jq_console.store.cases import _case_select, _open_select, _to_case, shared_word
from jq_console.store.engine import Origin, origin_of, read
from jq_console.store.tables import CaseEvent, CaseRow, Client

# Asked at every look that found a change, in every console: built once, the values bound (building
# and keying a statement cost twice as long as running it).
_EVENTS_AFTER = (
    select(CaseEvent.c.id, CaseRow.c.code)
    .join(CaseRow, CaseRow.c.id == CaseEvent.c.case_id)
    .where(CaseEvent.c.id > bindparam("after"))
)
# By a subquery, not a list of ids: a script editing thousands of clients binds no thousands of values.
_OPEN_OF_CLIENTS = select(CaseRow.c.code).where(
    CaseRow.c.client_id.in_(select(Client.c.id).where(Client.c.revision > bindparam("revision"))),
    CaseRow.c.is_open == true(),
)
_NEWEST_EVENT = select(func.max(CaseEvent.c.id))
# `= true` matches the partial indexes' condition; `IS true` would read every case ever opened.
_OPEN_VERSIONS = select(CaseRow.c.code, CaseRow.c.version).where(CaseRow.c.is_open == true())
_CASES_BY_CODE = _case_select(with_description=False).where(CaseRow.c.code.in_(bindparam("codes", expanding=True)))


@dataclass(frozen=True)
class Mark:
    """How far a queue has read: the newest history event, and the newest client edit (a case
    shows its client's name and whether it is behind on payments, which no case event records), in
    which database (`store.engine.origin_of`)."""

    event: int
    client: int
    origin: Origin = None

    def goes_on_from(self, seen: Mark) -> bool:
        """True when this is `seen`'s database, its history and clients' edits no older: what changed
        since `seen` is what came after it (see the module's note)."""
        return self.origin == seen.origin and self.event >= seen.event and self.client >= seen.client


# The newest event and the newest client edit, in one round trip.
_NEWEST = select(_NEWEST_EVENT.scalar_subquery(), select(func.max(Client.c.revision)).scalar_subquery())


def mark_of(connection: Connection) -> Mark:
    row = connection.execute(_NEWEST).one()
    return Mark(int(row[0] or 0), int(row[1] or 0), origin_of(connection))


def mark(engine: Engine) -> Mark:
    return read(engine, mark_of)


def changed_since(engine: Engine, seen: Mark) -> tuple[Mark, list[str] | None]:
    """How far the database is now, and the codes of the cases with events after `seen`, with the
    open cases of the clients edited after it; None for the codes when everything may have changed:
    another database, or a history behind `seen` (see the module's note)."""

    def work(connection: Connection) -> tuple[Mark, list[str] | None]:
        now = mark_of(connection)
        if not now.goes_on_from(seen):
            return now, None
        codes: set[str] = set()
        if now.event > seen.event:
            codes.update(code for _, code in connection.execute(_EVENTS_AFTER, {"after": seen.event}))
        if now.client > seen.client:
            codes.update(connection.execute(_OPEN_OF_CLIENTS, {"revision": seen.client}).scalars())
        return now, sorted(codes)

    return read(engine, work)


def open_versions(engine: Engine) -> dict[str, int]:
    """Code -> version of every open case (two small columns, served by the queue's index)."""
    # The codes interned: the queue holds the same ones (`domain.priority.code_of`).
    return read(engine, lambda c: {intern(code): version for code, version in c.execute(_OPEN_VERSIONS)})


def cases_by_code(engine: Engine, codes: Iterable[str]) -> list[Case]:
    """The named cases as they are now, open or not (without descriptions, like the queue)."""
    wanted = list(codes)
    return read(engine, lambda c: _by_code(c, wanted)) if wanted else []


def _by_code(connection: Connection, codes: list[str]) -> list[Case]:
    return [_to_case(row, False) for row in connection.execute(_CASES_BY_CODE, {"codes": codes})]


# The open cases' stored keys in order: the queue's partial index alone serves it.
_OPEN_KEYS = select(CaseRow.c.queue_key).where(CaseRow.c.is_open == true()).order_by(CaseRow.c.queue_key)


def open_keys(connection: Connection, policy: Policy) -> list[bytes]:
    """Every open case's packed queue key (`domain.priority.queue_key`) under `policy`, in order: all
    a queue holds of the cases it does not show. The stored keys when they follow `policy`; else
    each case's key made here, the cases read one at a time and let go."""
    if queue_keys.follows(connection, policy):
        return [bytes(key) for key in connection.execute(_OPEN_KEYS).scalars()]
    return sorted(queue_key(policy, _to_case(row, False)) for row in connection.execute(_open_select()))


def open_keys_where(engine: Engine, policy: Policy, keeps: Callable[[Case], bool]) -> list[bytes]:
    """The keys, in order, of the open cases `keeps` keeps (a filter of the queue): every open case is
    read, one at a time, and only the keys of those kept are held."""

    def work(connection: Connection) -> list[bytes]:
        kept = (_to_case(row, False) for row in connection.execute(_open_select()))
        return sorted(queue_key(policy, case) for case in kept if keeps(case))

    return read(engine, work)


@dataclass(frozen=True)
class WholeQueue:
    """The queue read whole, in one snapshot: how far the database was, every open case's key in
    order, its version and (when it has one) its agent, and the first `top` cases in full (what a
    screen shows first)."""

    mark: Mark
    keys: list[bytes]
    versions: dict[str, int]
    holders: dict[str, str]
    top: list[Case]


# Each open case's code, version and agent: the queue's index by code and the agents panel's counts.
_OPEN_HOLDERS = select(CaseRow.c.code, CaseRow.c.version, CaseRow.c.agent).where(CaseRow.c.is_open == true())


def whole_queue(engine: Engine, policy: Policy, top: int) -> WholeQueue:
    def work(connection: Connection) -> WholeQueue:
        versions: dict[str, int] = {}
        holders: dict[str, str] = {}
        for code, version, agent in connection.execute(_OPEN_HOLDERS):
            code = intern(code)  # the queue holds the same ones (`domain.priority.code_of`)
            versions[code] = version
            if agent is not None:
                holders[code] = shared_word(agent)
        keys = open_keys(connection, policy)
        # The top by the keys just read: with keys out of step with the policy, the cases were
        # read once, to make them, not a second time to order them.
        first = [code_of(key) for key in keys[:top]]
        by_code = {case.code: case for case in _by_code(connection, first)} if first else {}
        return WholeQueue(mark_of(connection), keys, versions, holders, [by_code[code] for code in first])

    return read(engine, work)
