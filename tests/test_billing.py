"""Billing rules as pure functions: rounding up to the fraction, each year's rate, quotes with discounts."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jq_console.domain.billing import (
    WorkItem,
    bill_month,
    month_bounds,
    parse_month,
    pesos_for,
    rate_of,
    round_up,
    shift_month,
    year_parts,
)
from jq_console.domain.cases import Refused
from jq_console.domain.parsing import InputError
from jq_console.domain.quotes import QuoteLine, discount_for, price_quote
from jq_console.i18n import pesos

TZ = ZoneInfo("America/Bogota")
RATES = {2026: 180000, 2027: 195000}
DISCOUNTS = {1: 5, 2: 10, 3: 15, 4: 20}


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=TZ).timestamp()


def item(
    code: str,
    start: str,
    minutes: int,
    *,
    service: str = "contractual",
    client: int = 1,
    entry: int = 1,
    corrects: int | None = None,
) -> WorkItem:
    return WorkItem(
        entry,
        code,
        client,
        f"Cliente {client}",
        f"90000000{client}-1",
        service,
        None if service == "contractual" else 2,
        "ana",
        at(start),
        minutes,
        "",
        corrects,
    )


@pytest.mark.parametrize(("worked", "billed"), [(1, 15), (15, 15), (16, 30), (30, 30), (31, 45), (0, 0), (-5, 0)])
def test_rounds_up_to_the_fraction(worked: int, billed: int) -> None:
    assert round_up(worked, 15) == billed


@given(st.integers(min_value=1, max_value=100_000), st.sampled_from([1, 5, 6, 10, 15, 30, 60]))
def test_rounding_is_the_smallest_multiple_not_below(worked: int, fraction: int) -> None:
    billed = round_up(worked, fraction)
    assert billed % fraction == 0 and worked <= billed < worked + fraction


def test_pesos_are_whole_and_rounded_half_up() -> None:
    assert pesos_for(15, 180000) == 45000
    assert pesos_for(60, 180000) == 180000
    assert pesos_for(1, 100) == 2  # 1.67 -> 2
    assert pesos_for(1, 90) == 2  # 1.5 -> 2 (half up)
    assert pesos(1234500) == "$ 1.234.500"


def test_rate_comes_from_database_then_policy_else_refused() -> None:
    assert rate_of(2026, {2026: 200000}, RATES) == 200000
    assert rate_of(2027, {}, RATES) == 195000
    with pytest.raises(Refused) as refusal:
        rate_of(2030, {}, RATES)
    assert refusal.value.code == "billing.rate_missing" and refusal.value.params == {"year": 2030}


def test_one_case_rounded_once_per_month_not_per_entry() -> None:
    bill = bill_month(
        2026,
        11,
        [
            item("JQ-2026-00001", "2026-11-03T09:00", 10, entry=1),
            item("JQ-2026-00001", "2026-11-04T09:00", 10, entry=2),
        ],
        TZ,
        15,
        {},
        RATES,
    )
    (line,) = bill.lines
    assert (line.minutes_worked, line.minutes_billed, line.rate, line.amount) == (20, 30, 180000, 90000)


def test_work_spanning_new_year_uses_each_years_rate_for_its_part() -> None:
    # 23:30 on 31 Dec for 90 minutes: 30 min in 2026, 60 min in 2027, each at its year's rate.
    parts = year_parts(at("2026-12-31T23:30"), 90, TZ)
    assert parts == [(2026, 30), (2027, 60)]
    bill = bill_month(2026, 12, [item("JQ-2026-00009", "2026-12-31T23:30", 90)], TZ, 15, {}, RATES)
    assert [(line.year, line.minutes_worked, line.minutes_billed, line.rate, line.amount) for line in bill.lines] == [
        (2026, 30, 30, 180000, 90000),
        (2027, 60, 60, 195000, 195000),
    ]
    assert bill.amount == 285000


def test_the_part_of_a_minute_before_new_year_goes_to_the_later_year() -> None:
    """Entries count whole minutes: a timer started at 23:59:30 splits at a minute's edge, and the
    part of a minute goes where the rounding surplus goes (docs/policy.md, "New Year rule")."""
    assert year_parts(at("2026-12-31T23:59:30"), 1, TZ) == [(2027, 1)]
    assert year_parts(at("2026-12-31T23:50:30"), 15, TZ) == [(2026, 9), (2027, 6)]
    assert year_parts(at("2026-12-31T23:50:30"), -15, TZ) == [(2026, -9), (2027, -6)]  # its correction too


def test_work_across_new_year_is_rounded_once_the_surplus_going_to_the_new_year() -> None:
    # 10 minutes from 23:55 on 31 December: 5 at the old rate, 10 at the new, 15 in all (not 15 + 15).
    bill = bill_month(2026, 12, [item("JQ-2026-00009", "2026-12-31T23:55", 10)], TZ, 15, {}, RATES)
    assert [(line.year, line.minutes_worked, line.minutes_billed) for line in bill.lines] == [
        (2026, 5, 5),
        (2027, 5, 10),
    ]
    assert bill.minutes_billed == 15
    assert bill.amount == pesos_for(5, 180000) + pesos_for(10, 195000)


def test_a_correction_across_new_year_takes_its_minutes_where_the_work_was() -> None:
    """A correction is dated at the start of the entry it corrects and takes its minutes from there:
    one that cancels 10 minutes from 23:55 on 31 December cancels 5 in each year. Booked whole in
    the entry's first year, it left the new year's 5 minutes standing: cancelling raised the bill
    from 47,500 to 48,750 pesos."""
    work = item("JQ-2026-00009", "2026-12-31T23:55", 10, entry=1)
    undo = replace(item("JQ-2026-00009", "2026-12-31T23:55", -10, entry=2), corrects_id=1)
    assert year_parts(undo.started_at, undo.minutes, TZ) == [(2026, -5), (2027, -5)]
    cancelled = bill_month(2026, 12, [work, undo], TZ, 15, {}, RATES)
    assert (cancelled.minutes_billed, cancelled.amount) == (0, 0)
    trimmed = bill_month(2026, 12, [work, replace(undo, minutes=-3)], TZ, 15, {}, RATES)  # the first 3 minutes
    assert [(line.year, line.minutes_worked, line.minutes_billed) for line in trimmed.lines] == [
        (2026, 2, 2),
        (2027, 5, 13),
    ]


@given(
    st.lists(st.tuples(st.integers(0, 60 * 24 * 2), st.integers(-30, 240)), min_size=1, max_size=6),
    st.sampled_from([1, 5, 15, 30, 60]),
)
def test_a_case_month_bills_its_rounded_total_whatever_the_years(entries: list[tuple[int, int]], fraction: int) -> None:
    start = at("2026-12-30T12:00")
    items = [
        item("JQ-2026-00009", "2026-12-30T12:00", minutes, entry=index + 1)
        for index, (_offset, minutes) in enumerate(entries)
    ]
    items = [replace(one, started_at=start + offset * 60) for one, (offset, _m) in zip(items, entries)]
    bill = bill_month(2026, 12, items, TZ, fraction, {}, RATES)
    worked = sum(line.minutes_worked for line in bill.lines)
    assert bill.minutes_billed == round_up(worked, fraction)
    assert all(line.minutes_billed >= line.minutes_worked for line in bill.lines)


def test_new_year_is_local_midnight_not_utc() -> None:
    # 19:30 Bogotá on 31 Dec is already 1 Jan in UTC, but the work was done in 2026.
    assert year_parts(at("2026-12-31T19:30"), 60, TZ) == [(2026, 60)]


def test_corrections_net_against_their_case_and_never_go_below_zero() -> None:
    items = [
        item("JQ-2026-00002", "2026-11-05T10:00", 50, entry=1),
        item("JQ-2026-00002", "2026-11-05T10:00", -20, entry=2, corrects=1),
        item("JQ-2026-00003", "2026-11-05T10:00", 10, entry=3, client=2),
        item("JQ-2026-00003", "2026-11-05T10:00", -10, entry=4, corrects=3, client=2),
    ]
    bill = bill_month(2026, 11, items, TZ, 15, {}, RATES)
    by_case = {line.case_code: line for line in bill.lines}
    assert (by_case["JQ-2026-00002"].minutes_worked, by_case["JQ-2026-00002"].minutes_billed) == (30, 30)
    assert (by_case["JQ-2026-00003"].minutes_billed, by_case["JQ-2026-00003"].amount) == (0, 0)


def test_subscription_work_is_shown_apart_and_not_billed() -> None:
    items = [
        item("JQ-2026-00004", "2026-11-05T10:00", 45, service="subscription"),
        item("JQ-2026-00005", "2026-11-05T10:00", 16),
    ]
    bill = bill_month(2026, 11, items, TZ, 15, {}, RATES)
    assert [line.case_code for line in bill.lines] == ["JQ-2026-00005"]
    assert bill.subscription_minutes == 45 and bill.amount == 90000


def test_client_and_month_totals_are_sums_of_lines() -> None:
    items = [
        item("JQ-2026-00006", "2026-11-05T10:00", 1, client=1),
        item("JQ-2026-00007", "2026-11-06T10:00", 61, client=1),
        item("JQ-2026-00008", "2026-11-07T10:00", 100, client=2),
    ]
    bill = bill_month(2026, 11, items, TZ, 15, {}, RATES)
    first, second = bill.clients
    assert (first.minutes_worked, first.minutes_billed, first.amount) == (62, 90, 45000 + 225000)
    assert (second.minutes_billed, second.amount) == (105, 315000)
    assert bill.amount == first.amount + second.amount == sum(line.amount for line in bill.lines)


@pytest.mark.parametrize(("level", "percent"), [(1, 5), (2, 10), (3, 15), (4, 20), (None, 0)])
def test_quote_discount_depends_on_level_line_by_line(level: int | None, percent: int) -> None:
    assert discount_for(level, DISCOUNTS) == percent
    quote = price_quote([QuoteLine("Análisis", 600), QuoteLine("Desarrollo", 1230)], 2027, 195000, level, DISCOUNTS)
    gross = [1950000, 3997500]
    assert [line.gross for line in quote.lines] == gross
    assert [line.discount for line in quote.lines] == [g * percent // 100 for g in gross]
    assert quote.net == sum(gross) - sum(g * percent // 100 for g in gross)
    assert quote.minutes == 1830 and quote.discount_percent == percent


def test_quote_refuses_empty_or_incomplete_lines() -> None:
    for lines, code in (
        ([], "study.quote_empty"),
        ([QuoteLine(" ", 60)], "study.line_description"),
        ([QuoteLine("x", 0)], "study.line_hours"),
    ):
        with pytest.raises(Refused) as refusal:
            price_quote(lines, 2026, 180000, 1, DISCOUNTS)
        assert refusal.value.code == code


def test_months_are_local_and_navigable() -> None:
    start, end = month_bounds(2026, 12, TZ)
    assert start == at("2026-12-01T00:00") and end == at("2027-01-01T00:00")
    assert parse_month("2026-11") == (2026, 11)
    assert shift_month(2026, 12, 1) == (2027, 1) and shift_month(2027, 1, -1) == (2026, 12)
    for bad in ("2026-13", "nov", "26-11", ""):
        with pytest.raises(InputError):  # bad input, not a refusal of the policy
            parse_month(bad)
