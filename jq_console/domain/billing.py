"""Billing of contractual work, as pure functions (quotes for custom development: quotes.py).

How a month is billed (one reading of the policy, fixed here once):
- Only cases whose service is contractual are billed; subscription work is totalled apart.
- A time entry belongs to the month in which it started (local time). Its minutes are split at
  local midnight of 1 January, so work that spans New Year is charged at each year's rate.
- Per case, per month and per rate-year the minutes are netted (corrections are negative
  entries and count against the year their `started_at` falls in, which the console sets to the
  start of the entry they correct) and floored at zero. The case's month is rounded UP to
  `fraction_minutes` once: every year but the last bills exactly its minutes and the last year
  bills the rounding surplus too (10 minutes from 23:55 on 31 December bill 5 + 10, not 15 + 15).
  Rounding once per case and month, not per entry, keeps an agent who logs in small pieces from
  billing the client more than one who logs the same work in one entry.
- Amounts are whole pesos: minutes billed x hourly rate / 60, rounded half up, per line; totals
  are sums of the lines, so every total shown equals the sum of what the CSV exports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from jq_console.domain.cases import Refused
from jq_console.domain.parsing import InputError


def round_up(minutes: int, fraction: int) -> int:
    """Minutes billed for `minutes` worked: 1 -> 15, 15 -> 15, 16 -> 30 (fraction 15); none below 1."""
    if fraction <= 0:
        raise ValueError("fraction must be positive")
    if minutes <= 0:
        return 0
    return -(-minutes // fraction) * fraction


# The refusal of a time entry longer than a day (`domain.parsing.MAX_DURATION_MINUTES`): a work timer
# stopped with it runs on, for its agent to count otherwise.
ENTRY_TOO_LONG = "billing.entry_too_long"


def billed_by_year(worked: list[int], fraction: int) -> list[int]:
    """Minutes billed per rate-year of one case's month (`worked` in year order): the month is rounded
    up once and the surplus goes to the last year, so crossing New Year never bills two fractions."""
    total = round_up(sum(worked), fraction)
    earlier = worked[:-1]
    return [*earlier, total - sum(earlier)] if worked else []


def pesos_for(minutes: int, hourly_rate: int) -> int:
    """Whole pesos for `minutes` at `hourly_rate`, rounded half up (exact integer arithmetic)."""
    return (minutes * hourly_rate * 2 + 60) // 120


def rate_of(year: int, stored: Mapping[int, int], policy_rates: Mapping[int, int]) -> int:
    """The hourly rate of `year`: the database's (editable) rate, else the policy file's."""
    rate = stored.get(year, policy_rates.get(year))
    if rate is None:
        raise Refused("billing.rate_missing", year=year)
    return rate


@dataclass(frozen=True)
class WorkItem:
    """One time entry with what billing needs to know about its case."""

    entry_id: int
    case_code: str
    client_id: int
    client_name: str
    nit: str
    service: str
    level: int | None
    agent: str
    started_at: float
    minutes: int
    note: str = ""
    corrects_id: int | None = None


def year_parts(started_at: float, minutes: int, tz: tzinfo) -> list[tuple[int, int]]:
    """(year, minutes) of an entry, split at local New Year. A correction is dated at the start of
    the entry it corrects and split over the same span, from that start: one that takes time away
    takes it in the years the work was in (booked whole in the first year, cancelling an entry across
    New Year left the new year's part billed)."""
    start = datetime.fromtimestamp(started_at, tz)
    size, sign = abs(minutes), (-1 if minutes < 0 else 1)
    new_year = datetime(start.year + 1, 1, 1, tzinfo=tz).timestamp()
    if size == 0 or started_at + size * 60 <= new_year:
        return [(start.year, minutes)]
    before = int((new_year - started_at) // 60)
    parts = [(start.year, sign * before), (start.year + 1, sign * (size - before))]
    return [part for part in parts if part[1] != 0]


@dataclass(frozen=True)
class BillLine:
    """One case's work in one rate-year of the month. The CSV prints these; the screen shows them."""

    case_code: str
    client_id: int
    client_name: str
    nit: str
    year: int
    minutes_worked: int
    minutes_billed: int
    rate: int
    amount: int
    entries: tuple[WorkItem, ...] = ()


@dataclass(frozen=True)
class ClientBill:
    client_id: int
    client_name: str
    nit: str
    lines: tuple[BillLine, ...]

    @property
    def minutes_worked(self) -> int:
        return sum(line.minutes_worked for line in self.lines)

    @property
    def minutes_billed(self) -> int:
        return sum(line.minutes_billed for line in self.lines)

    @property
    def amount(self) -> int:
        return sum(line.amount for line in self.lines)


@dataclass(frozen=True)
class UnbilledCase:
    """Subscription work: shown so the effort is visible, never charged."""

    case_code: str
    client_name: str
    level: int | None
    minutes_worked: int
    entries: tuple[WorkItem, ...] = ()


@dataclass(frozen=True)
class MonthBill:
    year: int
    month: int
    clients: tuple[ClientBill, ...]
    subscription: tuple[UnbilledCase, ...] = field(default=())

    @property
    def lines(self) -> list[BillLine]:
        return [line for client in self.clients for line in client.lines]

    @property
    def minutes_worked(self) -> int:
        return sum(client.minutes_worked for client in self.clients)

    @property
    def minutes_billed(self) -> int:
        return sum(client.minutes_billed for client in self.clients)

    @property
    def amount(self) -> int:
        return sum(client.amount for client in self.clients)

    @property
    def subscription_minutes(self) -> int:
        return sum(case.minutes_worked for case in self.subscription)


def bill_month(
    year: int,
    month: int,
    items: Iterable[WorkItem],
    tz: tzinfo,
    fraction: int,
    stored_rates: Mapping[int, int],
    policy_rates: Mapping[int, int],
) -> MonthBill:
    """The month's bill from its time entries (the caller picks the entries started in the month)."""
    parts: dict[tuple[str, int], list[tuple[WorkItem, int]]] = {}
    unbilled: dict[str, list[WorkItem]] = {}
    for item in items:
        if item.service != "contractual":
            unbilled.setdefault(item.case_code, []).append(item)
            continue
        for part_year, minutes in year_parts(item.started_at, item.minutes, tz):
            parts.setdefault((item.case_code, part_year), []).append((item, minutes))
    by_client: dict[int, list[BillLine]] = {}
    by_case: dict[str, list[tuple[int, list[tuple[WorkItem, int]]]]] = {}
    for (code, part_year), pieces in sorted(parts.items()):
        by_case.setdefault(code, []).append((part_year, pieces))
    for code, years in by_case.items():
        worked = [max(0, sum(minutes for _, minutes in pieces)) for _, pieces in years]
        billed = billed_by_year(worked, fraction)
        for (part_year, pieces), year_worked, year_billed in zip(years, worked, billed):
            rate = rate_of(part_year, stored_rates, policy_rates)
            first = pieces[0][0]
            line = BillLine(
                code,
                first.client_id,
                first.client_name,
                first.nit,
                part_year,
                year_worked,
                year_billed,
                rate,
                pesos_for(year_billed, rate),
                tuple(item for item, _ in pieces),
            )
            by_client.setdefault(first.client_id, []).append(line)
    clients = sorted(
        (
            ClientBill(lines[0].client_id, lines[0].client_name, lines[0].nit, tuple(lines))
            for lines in by_client.values()
        ),
        key=lambda bill: (bill.client_name, bill.nit),
    )
    subscription = tuple(
        UnbilledCase(
            code, entries[0].client_name, entries[0].level, max(0, sum(e.minutes for e in entries)), tuple(entries)
        )
        for code, entries in sorted(unbilled.items())
    )
    return MonthBill(year, month, tuple(clients), subscription)


def month_bounds(year: int, month: int, tz: tzinfo) -> tuple[float, float]:
    """[start, end) of a local calendar month as epoch seconds."""
    if not 1 <= month <= 12:
        raise InputError("billing.bad_month", text=f"{year}-{month}")
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
    return start.timestamp(), end.timestamp()


def refuse_unended_month(year: int, month: int, now: float, tz: tzinfo) -> None:
    """A month is closed for billing once it has ended: closing it sooner would refuse the rest of
    its work, and a closing is never undone."""
    if month_bounds(year, month, tz)[1] > now:
        after = shift_month(year, month, 1)
        raise Refused("billing.month_not_over", month=f"{year}-{month:02d}", next=f"{after[0]}-{after[1]:02d}-01")


# The years a month or a rate may name. A month ends where the next begins, and Python's calendar
# ends with 9999: December 9999 would end in a year that does not exist, so 9998 is the last.
FIRST_YEAR, LAST_YEAR = 1900, 9998


def parse_month(text: str) -> tuple[int, int]:
    """'2026-11' -> (2026, 11)."""
    head, _, tail = text.strip().partition("-")
    if not (head.isascii() and tail.isascii() and head.isdigit() and tail.isdigit()):  # '²' is a digit to isdigit
        raise InputError("billing.bad_month", text=text)
    if not (len(head) == 4 and len(tail) <= 2 and 1 <= int(tail) <= 12):
        raise InputError("billing.bad_month", text=text)
    if not FIRST_YEAR <= int(head) <= LAST_YEAR:  # year 0000 has no calendar
        raise InputError("billing.month_range", text=text, low=FIRST_YEAR, high=LAST_YEAR)
    return int(head), int(tail)


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


# The work timer's end of the working day -----------------------------------------------------


def working_day_end(week: tuple[tuple[tuple[int, int], ...], ...], tz: tzinfo, started_at: float) -> float:
    """When the working day of a timer started at `started_at` ends: the last closing time of that
    local day in the schedule `week`; for a timer started after closing or on a closed day, local
    midnight. Holidays are not consulted: a timer started on one asks at midnight."""
    local = datetime.fromtimestamp(started_at, tz)
    midnight = datetime(local.year, local.month, local.day, tzinfo=tz)
    intervals = week[local.weekday()]
    if intervals:
        closing = midnight + timedelta(seconds=intervals[-1][1])
        if local < closing:
            return closing.timestamp()
    return (midnight + timedelta(days=1)).timestamp()


def timer_minutes(started_at: float, stopped_at: float) -> int:
    """Whole minutes of a timer run, rounded half up; billing rounds again per case and month."""
    return max(0, int((stopped_at - started_at + 30) // 60))
