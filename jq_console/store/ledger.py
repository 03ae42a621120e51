"""The hash chain that makes the history tamper-evident (see docs/security.md).

Each row of `case_event`, `time_entry`, `case_entry` and `breach` carries `chain_hash` = sha256(previous row's
chain_hash + the row's canonical content), and `chain_head` keeps the newest hash and the number
of rows of each table. The link is made in the same transaction as the row, and the head row is
locked (SELECT ... FOR UPDATE, or the UPDATE itself) before the row is inserted, so concurrent
writers take turns and the chain follows the order of the ids. A row changed, removed or added by
hand (raw SQL after dropping the triggers, or an edited file) breaks the chain at that row, or
leaves the head out of step with the table, and `jq-console audit` says where.

The canonical content is computed here only, in Python; PostgreSQL's one-statement move hashes
it in SQL (`sql_seal`), with the same formula.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Update, bindparam, func, select, update
from sqlalchemy.engine import Connection

from jq_console.store.errors import StoreError
from jq_console.store.tables import ChainHead

GENESIS = "0" * 64  # the "previous hash" of a table's first row
EVENT_COLUMNS = ("case_id", "at", "actor", "kind", "before", "after", "note")
ENTRY_COLUMNS = ("case_id", "agent", "started_at", "minutes", "note", "corrects_id", "created_at")
CONVERSATION_COLUMNS = ("case_id", "kind", "direction", "contact", "at", "text", "author", "created_at", "state")
# A breach's facts; its corrective action, filled once later, is chained by its history line.
BREACH_COLUMNS = ("case_id", "clock", "occurrence", "due", "severity", "policy_version", "recorded_at")
CHAINED = {
    "case_event": EVENT_COLUMNS,
    "time_entry": ENTRY_COLUMNS,
    "case_entry": CONVERSATION_COLUMNS,
    "breach": BREACH_COLUMNS,
}
# Columns stored as REAL / double precision: an int given on insert reads back as a float.
_FLOATS = frozenset({"at", "started_at", "created_at", "due", "recorded_at", "applied_at", "closed_at"})
# Append-only records that carry no link of their own (a policy version holds its text's sha256,
# which a forger rewrites with the text): their chain is computed by the audit, in key order, only
# to be anchored outside the database (`domain.anchors`).
RECORDS = {
    "policy_version": (("number",), ("number", "text", "holidays", "applied_by", "applied_at", "note")),
    "billed_month": (("year", "month"), ("year", "month", "closed_by", "closed_at", "rates")),
}


def canonical(table: str, values: dict[str, Any], columns: Sequence[str] | None = None) -> str:
    """The row's content as one unambiguous text: a JSON array of its columns in a fixed order."""
    names = CHAINED[table] if columns is None else columns
    items = [float(values[name]) if name in _FLOATS else values.get(name) for name in names]
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def seal(previous: str, content: str) -> str:
    return hashlib.sha256((previous + content).encode("utf-8")).hexdigest()


def sql_seal(dialect: str, previous: Any, content: Any) -> Any:
    """`seal` in SQL: PostgreSQL's built-in sha256(), or the jq_sha256() every SQLite connection of
    store.engine registers. The content is still computed here, in Python."""
    if dialect == "postgresql":
        return func.encode(func.sha256(func.convert_to(previous + content, "UTF8")), "hex")
    return func.jq_sha256(previous + content)


_HEAD = ChainHead.c.hash
_WHERE = ChainHead.c.name == bindparam("table")
_READ_HEAD = select(_HEAD).where(_WHERE).with_for_update()
_MOVE_HEAD = (
    update(ChainHead).where(_WHERE).values(hash=bindparam("hash"), length=ChainHead.c.length + bindparam("added"))
)


@cache
def _seal_one(dialect: str) -> Update:
    """One statement that locks the head, moves it one link on and returns the new hash."""
    return (
        update(ChainHead)
        .where(_WHERE)
        .values(hash=sql_seal(dialect, _HEAD, bindparam("content")), length=ChainHead.c.length + 1)
        .returning(_HEAD)
    )


def link(connection: Connection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Give each row (about to be inserted, in this order) its `chain_hash`, and move the head.
    One row (every write but the demo's bulk insert) costs one statement."""
    if not rows:
        return
    if len(rows) == 1:
        content = canonical(table, rows[0])
        sealed = connection.execute(_seal_one(connection.dialect.name), {"table": table, "content": content}).first()
        if sealed is None:
            raise StoreError("err.ledger.no_head", table=table)
        rows[0]["chain_hash"] = sealed[0]
        return
    head = connection.execute(_READ_HEAD, {"table": table}).first()
    if head is None:
        raise StoreError("err.ledger.no_head", table=table)
    previous = str(head[0])
    for row in rows:
        previous = row["chain_hash"] = seal(previous, canonical(table, row))
    connection.execute(_MOVE_HEAD, {"table": table, "hash": previous, "added": len(rows)})


@dataclass(frozen=True)
class Break:
    """Something wrong in a chain: the table, the row id (None: the table as a whole) and a
    catalogue key with its parameters."""

    table: str
    row: int | None
    key: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Walked:
    """A table's chain walked in id order: what is wrong in it, its rows, the hash it ends with,
    and the hash of the row at each position asked for (1: the first row)."""

    breaks: list[Break]
    rows: int
    end: str
    at: dict[int, str]


def verify(connection: Connection, table: str, positions: Collection[int] = ()) -> Walked:
    """Walk the table in id order and recompute every link; compare the end with the head. The
    stored hashes of the rows at `positions` are kept (an anchor names one: `domain.anchors`)."""
    head = connection.execute(select(ChainHead.c.hash, ChainHead.c.length).where(ChainHead.c.name == table)).first()
    columns = ", ".join(f'"{name}"' for name in ("id", *CHAINED[table], "chain_hash"))
    rows: Iterable[Any] = connection.exec_driver_sql(f'SELECT {columns} FROM "{table}" ORDER BY id')
    problems: list[Break] = []
    kept: dict[int, str] = {}
    previous, count = GENESIS, 0
    for row in rows:
        count += 1
        values = dict(zip(("id", *CHAINED[table], "chain_hash"), row))
        expected = seal(previous, canonical(table, values))
        if values["chain_hash"] != expected:
            problems.append(Break(table, values["id"], "audit.chain_row", {"table": table, "id": values["id"]}))
        # Go on from the stored hash: one edited row is reported once, not with every row after it.
        previous = values["chain_hash"] or expected
        if count in positions:
            kept[count] = previous
    if head is None:
        problems.append(Break(table, None, "audit.chain_no_head", {"table": table}))
    elif head.length != count or head.hash != previous:
        params = {"table": table, "rows": count, "expected": head.length}
        problems.append(Break(table, None, "audit.chain_head", params))
    return Walked(problems, count, previous, kept)


def walk_records(connection: Connection, table: str, positions: Collection[int] = ()) -> Walked:
    """The chain of an append-only record table (`RECORDS`), computed now from its rows in key
    order: nothing in the database to compare it with, only an anchor kept outside it."""
    keys, columns = RECORDS[table]
    names, order = (", ".join(f'"{name}"' for name in group) for group in (columns, keys))
    rows: Iterable[Any] = connection.exec_driver_sql(f'SELECT {names} FROM "{table}" ORDER BY {order}')
    kept: dict[int, str] = {}
    previous, count = GENESIS, 0
    for row in rows:
        count += 1
        previous = seal(previous, canonical(table, dict(zip(columns, row, strict=True)), columns))
        if count in positions:
            kept[count] = previous
    return Walked([], count, previous, kept)
