"""The policy's own changes to the public holidays (`[holidays]` in the policy file), and the
holiday list a policy version freezes.

The country's list comes from outside (the `holidays` package, read at the edge); a version of the
policy adds and removes dates by name on top of it and keeps the result, so a later package that
moves a holiday never moves a deadline computed under that version. Pure: dates and names in, out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from jq_console.domain.coded import CodedError

# The years a version freezes, around the year it was applied: cases still open from two years
# back, and deadlines (agreed ones reach a year ahead) well past the next ten.
YEARS_BEFORE = 2
YEARS_AFTER = 10


class HolidayRuleError(CodedError, ValueError):
    """A bad `[holidays]` entry: `key` is the dotted path, as PolicyError's."""

    def __init__(self, key: str, code: str, /, **params: Any) -> None:
        super().__init__(code, key=key, **params)
        self.key = key


@dataclass(frozen=True)
class HolidayChanges:
    add: tuple[tuple[date, str], ...] = ()
    remove: tuple[tuple[date, str], ...] = ()


def frozen_years(applied_year: int) -> range:
    return range(applied_year - YEARS_BEFORE, applied_year + YEARS_AFTER + 1)


def _day(value: Any, path: str) -> date:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise HolidayRuleError(path, "policy.holiday_date", value=value)


def _entries(items: Any, path: str) -> tuple[tuple[date, str], ...]:
    if not isinstance(items, list):
        raise HolidayRuleError(path, "policy.expected.list", value=items)
    result: list[tuple[date, str]] = []
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        if not isinstance(item, dict):
            raise HolidayRuleError(where, "policy.expected.table", value=item)
        name = item.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > 120:
            raise HolidayRuleError(f"{where}.name", "policy.holiday_name")
        result.append((_day(item.get("date"), f"{where}.date"), " ".join(name.split())))
    return tuple(result)


def parse_holiday_changes(data: Mapping[str, Any]) -> HolidayChanges:
    """`[holidays]` of the policy file: optional, with optional `add` and `remove` lists of
    `{ date = 2027-03-15, name = "..." }`."""
    table = data.get("holidays", {})
    if not isinstance(table, dict):
        raise HolidayRuleError("holidays", "policy.expected.table", value=table)
    for key in table:
        if key not in ("add", "remove"):
            raise HolidayRuleError(f"holidays.{key}", "policy.holiday_key")
    changes = HolidayChanges(
        _entries(table.get("add", []), "holidays.add"), _entries(table.get("remove", []), "holidays.remove")
    )
    both = {day for day, _ in changes.add} & {day for day, _ in changes.remove}
    if both:
        raise HolidayRuleError("holidays", "policy.holiday_both", value=min(both).isoformat())
    return changes


def adjusted(base: Mapping[date, str], changes: HolidayChanges, year: int) -> dict[date, str]:
    """`base` (one year of the country's holidays) with the policy's removals and additions for `year`."""
    removed = {day for day, _ in changes.remove}
    result = {day: name for day, name in base.items() if day not in removed}
    result.update((day, name) for day, name in changes.add if day.year == year)
    return dict(sorted(result.items()))


def freeze(source: Callable[[int], Mapping[date, str]], changes: HolidayChanges, years: range) -> dict[str, str]:
    """The holiday list of `years` as a version stores it: ISO date -> name."""
    frozen: dict[str, str] = {}
    for year in years:
        frozen.update((day.isoformat(), name) for day, name in adjusted(source(year), changes, year).items())
    return frozen


def thawed(frozen: Mapping[str, str]) -> dict[int, dict[date, str]]:
    """A stored list back as dates, by year."""
    by_year: dict[int, dict[date, str]] = {}
    for text, name in frozen.items():
        day = date.fromisoformat(text)
        by_year.setdefault(day.year, {})[day] = name
    return by_year


def frozen_source(
    frozen: Mapping[str, Mapping[str, str]], language: str, years: range, fallback: Callable[[int], Mapping[date, str]]
) -> Callable[[int], Mapping[date, str]]:
    """The holidays of a version: its frozen list (by language, "es"/"en") for the years it
    covers, `fallback` (the country's list with the version's changes) beyond them."""
    listed = thawed(frozen.get(language) or frozen.get("es") or {})

    def of_year(year: int) -> Mapping[date, str]:
        return listed.get(year, {}) if year in years else fallback(year)

    return of_year
