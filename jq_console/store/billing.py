"""Reading a month's work for billing, and corrections of time entries.

The screen and the CSV export both call `month_bill`, so they show the same figures to the peso.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import Column, Engine, Select, select
from sqlalchemy.engine import Connection, Row

from jq_console.bootstrap import Runtime
from jq_console.domain.billing import MonthBill, WorkItem, bill_month, month_bounds
from jq_console.domain.bounds import month_of, refuse_billed
from jq_console.domain.cases import Refused
from jq_console.domain.parsing import MAX_DURATION_MINUTES
from jq_console.store.billed_months import billed_on, rates_of_month
from jq_console.store.cases import find_case
from jq_console.store.engine import Guard, read, write
from jq_console.store.tables import CaseRow, Client, TimeEntry
from jq_console.store.time_entries import Entry, store_entry

# Plain columns: a row unpacks into `WorkItem`, and the ids (optional in the tables only until
# inserted) are never None when read back.
_ITEM: tuple[Column[Any], ...] = (
    TimeEntry.c.id,
    CaseRow.c.code,
    Client.c.id,
    Client.c.name,
    Client.c.nit,
    CaseRow.c.service,
    CaseRow.c.level,
    TimeEntry.c.agent,
    TimeEntry.c.started_at,
    TimeEntry.c.minutes,
    TimeEntry.c.note,
    TimeEntry.c.corrects_id,
)


def work_select(start: float, end: float) -> Select[Any]:
    """Time entries started in [start, end), each with its case's client and service (rows unpack
    into `WorkItem`); a caller may narrow it further (one client, one agent)."""
    started_at = TimeEntry.c.started_at
    return (
        select(*_ITEM)
        .join(CaseRow, CaseRow.c.id == TimeEntry.c.case_id)
        .join(Client, Client.c.id == CaseRow.c.client_id)
        .where(started_at >= start, started_at < end)
        .order_by(started_at, TimeEntry.c.id)
    )


def work_between(engine: Engine, start: float, end: float) -> list[WorkItem]:
    """Time entries started in [start, end), each with its case's client and service."""
    statement = work_select(start, end)
    return read(engine, lambda c: [WorkItem(*row) for row in c.execute(statement)])


def month_bill(engine: Engine, runtime: Runtime, year: int, month: int) -> MonthBill:
    """The bill of a local calendar month, at the database's rates (the policy file's as fallback);
    a closed month at the rates it was closed at."""
    start, end = month_bounds(year, month, runtime.tz)
    policy = runtime.policy
    kept = read(engine, lambda connection: rates_of_month(connection, year, month))
    return bill_month(
        year, month, work_between(engine, start, end), runtime.tz, policy.fraction_minutes, kept, policy.rates
    )


def current_month(runtime: Runtime) -> tuple[int, int]:
    today = datetime.fromtimestamp(runtime.now(), runtime.tz)
    return today.year, today.month


def _entry(connection: Connection, entry_id: int) -> Row[int, float, int, int | None] | None:
    return connection.execute(
        select(TimeEntry.c.case_id, TimeEntry.c.started_at, TimeEntry.c.minutes, TimeEntry.c.corrects_id).where(
            TimeEntry.c.id == entry_id
        )
    ).first()


def correct_entry(
    engine: Engine,
    code: str,
    entry_id: int,
    minutes: int,
    agent: str,
    note: str,
    now: float,
    guard: Guard | None = None,
    tz: tzinfo | None = None,
) -> Entry:
    """A correction of entry `entry_id` by `minutes` (negative takes time away), as a new entry.

    It is dated at the start of the entry it corrects, so it nets in the same month and rate-year,
    and it is allowed whatever the case's status: a closed case's billed time can still be wrong.
    An entry can never go below zero, counting the corrections it already has, nor be made longer
    than a day or end after `now` by time added. The check and the
    insert share one immediate transaction, so two agents correcting at once cannot both pass.
    With the policy's time zone `tz` (the application always gives it), a correction of an entry in
    a month already billed is refused: that month's bill is settled."""
    if minutes == 0:
        raise Refused("minutes_positive")

    def work(connection: Connection) -> Entry:
        case = find_case(connection, code)
        if case is None:
            raise Refused("billing.no_case", case=code.strip().upper())
        original = _entry(connection, entry_id)
        if original is None or original.case_id != case.id or original.corrects_id is not None:
            raise Refused("billing.entry_not_found", entry=entry_id, case=case.code)
        if tz is not None:
            refuse_billed(original.started_at, tz, billed_on(connection, {month_of(original.started_at, tz)}))
        earlier = connection.execute(select(TimeEntry.c.minutes).where(TimeEntry.c.corrects_id == entry_id)).scalars()
        total = original.minutes + sum(earlier) + minutes
        if total < 0:
            raise Refused("billing.correction_too_large", entry=entry_id)
        # Time added is held to what a new entry is: at most a day, and over by now.
        if minutes > 0 and (total > MAX_DURATION_MINUTES or original.started_at + total * 60 > now):
            raise Refused("billing.correction_too_long", entry=entry_id, hours=MAX_DURATION_MINUTES // 60)
        return store_entry(connection, case.id, agent, float(original.started_at), minutes, note, now, entry_id)

    return write(engine, work, guard=guard)
