"""Work logged on cases. Entries are never edited: a correction is a new entry that points at
the one it corrects and carries the difference in minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, tzinfo
from typing import Any

from sqlalchemy import Column, Engine, select
from sqlalchemy.engine import Connection

from jq_console.domain.billing import ENTRY_TOO_LONG
from jq_console.domain.bounds import month_of, refuse_before_opening, refuse_billed
from jq_console.domain.cases import Refused
from jq_console.domain.parsing import MAX_DURATION_MINUTES
from jq_console.domain.policy import Bounds
from jq_console.domain.text import plain
from jq_console.domain.vocabulary import ENDED_STATUSES
from jq_console.store import ledger
from jq_console.store.billed_months import billed_on
from jq_console.store.cases import add_event, find_case
from jq_console.store.engine import Guard, inserted_id, read, write
from jq_console.store.tables import TimeEntry

# The shipped policy's bounds, for callers that give none (tests; a stopped timer began after the opening).
SHIPPED_BOUNDS = Bounds()


@dataclass(frozen=True)
class Entry:
    id: int
    case_id: int
    agent: str
    started_at: float
    minutes: int
    note: str
    corrects_id: int | None
    created_at: float


# Plain columns: a row unpacks into `Entry`, and its id (optional in the table only until it is
# inserted) is never None when read back.
_COLUMNS: tuple[Column[Any], ...] = (
    TimeEntry.c.id,
    TimeEntry.c.case_id,
    TimeEntry.c.agent,
    TimeEntry.c.started_at,
    TimeEntry.c.minutes,
    TimeEntry.c.note,
    TimeEntry.c.corrects_id,
    TimeEntry.c.created_at,
)


def log_work(
    engine: Engine,
    code: str,
    agent: str,
    started_at: float,
    minutes: int,
    note: str,
    now: float,
    corrects_id: int | None = None,
    guard: Guard | None = None,
    tz: tzinfo | None = None,
    bounds: Bounds = SHIPPED_BOUNDS,
) -> Entry:
    """Add an entry (or a correction of `corrects_id` by `minutes`, which may be negative). With the
    policy's time zone `tz` (the application always gives it), an entry starting in a month already
    billed is refused in the same write; a new one that ends too long before its case was opened
    too (the policy's `bounds`)."""
    return write(
        engine,
        lambda connection: add_entry(connection, code, agent, started_at, minutes, note, now, corrects_id, tz, bounds),
        guard=guard,
    )


def add_entry(
    connection: Connection,
    code: str,
    agent: str,
    started_at: float,
    minutes: int,
    note: str,
    now: float,
    corrects_id: int | None = None,
    tz: tzinfo | None = None,
    bounds: Bounds = SHIPPED_BOUNDS,
) -> Entry:
    """`log_work` inside a write the caller holds (a stopped timer logs and ends in one)."""
    if minutes == 0 or (corrects_id is None and minutes < 0):
        raise Refused("minutes_positive")
    if corrects_id is None and minutes > MAX_DURATION_MINUTES:  # a timer left running over a weekend
        raise Refused(ENTRY_TOO_LONG, hours=MAX_DURATION_MINUTES // 60)
    case = find_case(connection, code)
    if case is None:
        raise Refused("case_not_found", code=code)
    if case.status in ENDED_STATUSES:
        raise Refused("action_not_allowed", action="log_time", status=case.status)
    if case.verification == "pending" and corrects_id is None:  # a correction may always undo an error
        raise Refused("pending_verification", action="log_time")
    if corrects_id is None:  # a correction is dated at the start of the entry it corrects
        refuse_before_opening(case, started_at, minutes, tz or UTC, bounds)
    if tz is not None:
        refuse_billed(started_at, tz, billed_on(connection, {month_of(started_at, tz)}))
    return store_entry(connection, case.id, agent, started_at, minutes, note, now, corrects_id)


def store_entry(
    connection: Connection,
    case_id: int,
    agent: str,
    started_at: float,
    minutes: int,
    note: str,
    now: float,
    corrects_id: int | None = None,
) -> Entry:
    """The entry's row, its link in the chain and its history line, once the caller's checks passed
    (a new entry's here, a correction's in store.billing.correct_entry)."""
    values: dict[str, Any] = {
        "case_id": case_id,
        "agent": agent,
        "started_at": started_at,
        "minutes": minutes,
        "note": plain(note, multiline=True).strip(),
        "corrects_id": corrects_id,
        "created_at": now,
    }
    row = dict(values)
    ledger.link(connection, "time_entry", [row])
    entry_id = inserted_id(connection.execute(TimeEntry.insert().values(**row)))
    after: dict[str, Any] = {"minutes": minutes, "entry": entry_id}
    if corrects_id is not None:
        after["corrects"] = corrects_id
    kind = "correct_time" if corrects_id is not None else "log_time"
    add_event(connection, case_id, now, agent, kind, {}, after, values["note"])
    return Entry(id=int(entry_id), **values)


def entries_of(engine: Engine, case_id: int) -> list[Entry]:
    statement = select(*_COLUMNS).where(TimeEntry.c.case_id == case_id).order_by(TimeEntry.c.id)
    return read(engine, lambda c: [Entry(*row) for row in c.execute(statement)])
