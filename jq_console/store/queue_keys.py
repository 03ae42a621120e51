"""The queue's order as the database keeps it: the domain's key, stored, never redefined in SQL.

Each open case stores `domain.priority.queue_key` (the priority key packed into bytes whose plain
byte order is the key's order), and the one-row `queue_order` table names the policy's orders
those keys were computed under (`order_signature`). Paging the queue is then `ORDER BY queue_key`
over a partial index, on SQLite and PostgreSQL alike, and gives exactly the domain's order.

When the policy's orders change, the stored keys are out of date: a reader that finds another
signature orders in memory with the domain's key instead, and a writer recomputes every open
case's key (and the signature) before it writes one, in the same transaction (see
`store.cases.align_keys`). Moves check the signature inside their own statement, so a move made
under a stale signature changes nothing and is made again after the keys are brought up to date.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Exists, bindparam, delete, exists, insert, select, update
from sqlalchemy.engine import Connection

from jq_console.domain.cases import Case
from jq_console.domain.policy import Policy
from jq_console.domain.priority import order_signature, queue_key
from jq_console.store.tables import CaseRow, QueueOrder


class StaleOrder(Exception):
    """Internal: the stored keys follow another policy's order; align them, then write again."""


def stored_signature(connection: Connection) -> str | None:
    return connection.execute(select(QueueOrder.c.signature)).scalar()


def follows(connection: Connection, policy: Policy) -> bool:
    """True when the stored keys are this policy's order."""
    return stored_signature(connection) == order_signature(policy)


def key_values(policy: Policy, case: Case) -> dict[str, Any]:
    """The derived columns of a case as it now stands: whether it is open, and its queue key."""
    return {"is_open": case.is_open, "queue_key": queue_key(policy, case) if case.is_open else None}


def signature_matches() -> Exists:
    """For a statement's WHERE: the stored keys follow the order named by the `signature` param."""
    return exists().where(QueueOrder.c.signature == bindparam("signature"))


def store_keys(connection: Connection, policy: Policy, open_cases: Iterable[Case]) -> int:
    """Write every open case's key under `policy` and record its signature (one transaction)."""
    rows = [{"case_id": case.id, "key": queue_key(policy, case)} for case in open_cases]
    if rows:
        statement = update(CaseRow).where(CaseRow.c.id == bindparam("case_id")).values(queue_key=bindparam("key"))
        connection.execute(statement, rows)
    connection.execute(delete(QueueOrder))
    connection.execute(insert(QueueOrder).values(id=1, signature=order_signature(policy)))
    return len(rows)
