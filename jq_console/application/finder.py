"""Finding any case, whatever its status: the console's go-to (`g`), its palette and case finder,
and `jq-console case find` read through here. Bounded pages, never the whole history at once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from jq_console.bootstrap import Runtime
from jq_console.domain.cases import Refused
from jq_console.domain.finding import STATUS_GROUPS
from jq_console.domain.parsing import InputError, parse_instant
from jq_console.store import finder
from jq_console.store.finder import PAGE, Page

PICK = 12  # the go-to pick list: a few cases, the newest first


def opened_range(runtime: Runtime, start: str, end: str) -> tuple[float | None, float | None]:
    """[start, end] as typed (dates or instants, local time; either may be blank) as epoch bounds;
    a bare date as the end counts its whole day."""
    low = parse_instant(start, runtime.tz).timestamp() if start.strip() else None
    high: float | None = None
    if end.strip():
        moment = parse_instant(end, runtime.tz)
        high = (moment + timedelta(days=1) if len(end.strip()) <= 10 else moment).timestamp()
    if low is not None and high is not None and high <= low:
        raise InputError("finder.bad_range")
    return low, high


def find(
    engine: Engine,
    query: str,
    group: str = "all",
    opened: tuple[float | None, float | None] = (None, None),
    page: int = 0,
    size: int = PAGE,
) -> Page:
    """Page `page` (from 0) of the cases `query` finds in status `group` opened within `opened`."""
    if group not in STATUS_GROUPS:
        raise Refused("finder.unknown_group", group=group, groups=", ".join(STATUS_GROUPS))
    return finder.find_cases(engine, query, group, opened, size, page * size)


def go_to(engine: Engine, query: str) -> Page:
    """The cases a go-to finds (any status): one opens at once, several make a pick list."""
    if not query.strip():
        return Page([], False)
    return finder.find_cases(engine, query, "all", (None, None), PICK, 0)
