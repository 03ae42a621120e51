"""The case's conversation (table `case_entry`): appended with its chain link, read in order.

Entries are never changed: the triggers refuse it (store/protection.py) and the chain notices a
row changed by hand (store/ledger.py). A message to the client is stored with state `to_send` and
its e-mail is queued in the outbox in the same write (`add_entry`'s effect, dedupe `to_client:<entry
id>`); the outbox keeps its delivery state (sent, failed) in its own row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Engine, insert, select
from sqlalchemy.engine import Connection

from jq_console.domain.cases import Case, Refused
from jq_console.domain.conversation import TO_SEND, EntryValues
from jq_console.store import ledger
from jq_console.store.cases import find_case
from jq_console.store.engine import Guard, inserted_id, read, write
from jq_console.store.tables import CaseEntry


@dataclass(frozen=True)
class Entry:
    id: int
    case_id: int
    kind: str
    direction: str
    contact: str
    at: float
    text: str
    author: str
    created_at: float
    state: str


_COLUMNS: tuple[Column[Any], ...] = (
    CaseEntry.c.id,
    CaseEntry.c.case_id,
    CaseEntry.c.kind,
    CaseEntry.c.direction,
    CaseEntry.c.contact,
    CaseEntry.c.at,
    CaseEntry.c.text,
    CaseEntry.c.author,
    CaseEntry.c.created_at,
    CaseEntry.c.state,
)


def append(connection: Connection, case_id: int, values: EntryValues, author: str, now: float) -> Entry:
    row: dict[str, Any] = {
        "case_id": case_id,
        "kind": values.kind,
        "direction": values.direction,
        "contact": values.contact,
        "at": values.at,
        "text": values.text,
        "author": author,
        "created_at": now,
        "state": values.state,
    }
    ledger.link(connection, "case_entry", [row])
    entry_id = inserted_id(connection.execute(insert(CaseEntry), row))
    return Entry(entry_id, **{key: value for key, value in row.items() if key != "chain_hash"})


def add_entry(
    engine: Engine,
    code: str,
    decide: Callable[[Case], EntryValues],
    author: str,
    now: float,
    guard: Guard | None = None,
    effect: Callable[[Connection, Case, Entry], None] | None = None,
) -> tuple[Case, Entry]:
    """Append the entry `decide(case)` gives (an `EntryValues`, or `Refused`) to case `code`; `effect`
    runs in the same transaction (a message to the client queues its e-mail there)."""

    def work(connection: Connection) -> tuple[Case, Entry]:
        case = find_case(connection, code)
        if case is None:
            raise Refused("case_not_found", code=code)
        values = decide(case)
        entry = append(connection, case.id, values, author, now)
        if effect is not None:
            effect(connection, case, entry)
        return case, entry

    return write(engine, work, guard=guard)


def entries_on(connection: Connection, case_id: int) -> list[Entry]:
    statement = select(*_COLUMNS).where(CaseEntry.c.case_id == case_id).order_by(CaseEntry.c.id)
    return [Entry(*row) for row in connection.execute(statement)]


def entries_of(engine: Engine, case_id: int) -> list[Entry]:
    return read(engine, lambda connection: entries_on(connection, case_id))


def messages_to_send(engine: Engine) -> list[Entry]:
    """Every message to a client recorded as to be sent, oldest first (each one's e-mail and its
    delivery state are in the outbox, `outbox.entry_deliveries`)."""
    statement = select(*_COLUMNS).where(CaseEntry.c.state == TO_SEND).order_by(CaseEntry.c.id)
    return read(engine, lambda connection: [Entry(*row) for row in connection.execute(statement)])
