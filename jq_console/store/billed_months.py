"""Months closed for billing: once a month's bill is sent, its time is settled. The check that time
does not land in a closed month runs inside the write that would add it (store/time_entries.py,
store/billing.py), so a month closed meanwhile is respected."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from jq_console.domain.bounds import month_text
from jq_console.domain.cases import Refused
from jq_console.store.directory import rates_on
from jq_console.store.engine import Guard, read, write
from jq_console.store.tables import BilledMonth


@dataclass(frozen=True)
class Closing:
    year: int
    month: int
    closed_by: str
    closed_at: float


def closing_on(connection: Connection, year: int, month: int) -> Closing | None:
    row = connection.execute(
        select(BilledMonth.c.closed_by, BilledMonth.c.closed_at).where(
            BilledMonth.c.year == year, BilledMonth.c.month == month
        )
    ).first()
    return None if row is None else Closing(year, month, row.closed_by, float(row.closed_at))


def closing(engine: Engine, year: int, month: int) -> Closing | None:
    """Who closed the month and when, or None while it is open."""
    return read(engine, lambda connection: closing_on(connection, year, month))


def billed_on(connection: Connection, months: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which of `months` are closed."""
    return {month for month in months if closing_on(connection, *month) is not None}


def rates_of_month(connection: Connection, year: int, month: int) -> dict[int, int]:
    """The rates the month is billed at: those kept when it was closed, else the database's now. A
    month's work may reach the next year (New Year), so a closing keeps both years' rates."""
    kept = connection.execute(
        select(BilledMonth.c.rates).where(BilledMonth.c.year == year, BilledMonth.c.month == month)
    ).scalar()
    if kept is None:
        return rates_on(connection)
    return {int(each_year): int(hourly) for each_year, hourly in json.loads(kept).items()}


def close_month(
    engine: Engine,
    year: int,
    month: int,
    actor: str,
    now: float,
    policy_rates: Mapping[int, int],
    guard: Guard | None = None,
) -> Closing:
    """Close the month, keeping the rates its bill is at now (the database's, else `policy_rates`,
    for its year and the next); refused if it is already closed (saying by whom)."""

    def work(connection: Connection) -> Closing:
        existing = closing_on(connection, year, month)
        if existing is not None:
            raise Refused("billing.already_closed", month=month_text(year, month), login=existing.closed_by)
        in_force = {**policy_rates, **rates_on(connection)}
        kept = {str(each): in_force[each] for each in (year, year + 1) if each in in_force}
        values = {"year": year, "month": month, "closed_by": actor, "closed_at": now, "rates": json.dumps(kept)}
        connection.execute(BilledMonth.insert().values(**values))
        return Closing(year, month, actor, now)

    return write(engine, work, guard=guard)
