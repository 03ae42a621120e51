"""An open case as the dashboard's board reads it: the dozen fields its clocks, its counts and its
verification deadline depend on, not the case. A dashboard reads these for every open case (10,000
in a large office) and the whole case only for the few rows it draws; a `Case` with its client,
reporter and title was ten times the size, and it was held between reloads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from jq_console.domain.cases import Case
from jq_console.domain.vocabulary import OPEN_STATUSES, Severity, Status, Verification


class Clocked(Protocol):
    """What the board reads of an open case: a `Case`, or an `OpenCase`."""

    @property
    def id(self) -> int: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def status(self) -> Status: ...
    @property
    def verification(self) -> Verification: ...
    @property
    def agent(self) -> str | None: ...
    @property
    def opened_at(self) -> float: ...
    @property
    def assignment_due(self) -> float: ...
    @property
    def resolution_due(self) -> float | None: ...
    @property
    def assigned_at(self) -> float | None: ...
    @property
    def resolved_at(self) -> float | None: ...
    @property
    def policy_version(self) -> int: ...
    @property
    def version(self) -> int: ...
    @property
    def is_open(self) -> bool: ...
    @property
    def is_paused(self) -> bool: ...


@dataclass(slots=True)
class OpenCase:
    """The fields of `Clocked`, as `store.open_rows` reads them; a read's rows are dropped once the
    board (`domain.watch.OpenWatch`) has taken what it keeps from them."""

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

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.status == "waiting"


def open_of(case: Case) -> OpenCase:
    """What the board reads of `case`."""
    return OpenCase(
        case.id,
        case.severity,
        case.status,
        case.verification,
        case.agent,
        case.opened_at,
        case.assignment_due,
        case.resolution_due,
        case.assigned_at,
        case.resolved_at,
        case.policy_version,
        case.version,
    )
