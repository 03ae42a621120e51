"""An open case as the dashboard's board reads it: the dozen fields its clocks, its counts and its
verification deadline depend on, not the case. A dashboard reads these for every open case (10,000
in a large office) and the whole case only for the few rows it draws; a `Case` with its client,
reporter and title was ten times the size, and it was held between reloads."""

from __future__ import annotations

from dataclasses import dataclass, fields

from jq_console.domain.cases import Case, StatusFacts
from jq_console.domain.vocabulary import Severity, Status, Verification


@dataclass(slots=True)
class OpenCase(StatusFacts):
    """The fields the board reads, as `store.open_rows` reads them (named as the case row's columns);
    a read's rows are dropped once the board (`domain.watch.OpenWatch`) has taken what it keeps from them."""

    id: int
    severity: Severity
    status: Status
    verification: Verification
    agent: str | None
    opened_at: float
    assignment_due: float
    resolution_due: float | None
    assigned_at: float | None
    resolved_at: float | None
    policy_version: int
    version: int


# What the board reads of an open case: a whole `Case`, or the dozen fields of an `OpenCase`.
Clocked = Case | OpenCase
OPEN_FIELDS: tuple[str, ...] = tuple(each.name for each in fields(OpenCase))


def open_of(case: Case) -> OpenCase:
    """What the board reads of `case`."""
    return OpenCase(*(getattr(case, name) for name in OPEN_FIELDS))
