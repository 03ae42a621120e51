"""What supervisors watch: which deadlines a case broke, the corrective action each breach needs,
and how many cases met their targets.

A deadline is breached when it was met late, or when it is still pending and already past. A
paused resolution clock is not breached while it waits on the client.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from jq_console.domain.cases import Case, Change, Refused
from jq_console.domain.policy import SEVERITIES

SUPERVISING_ROLES = ("supervisor", "admin")


def assignment_breached(case: Case, now: float) -> bool:
    if case.assigned_at is not None:
        return case.assigned_at > case.assignment_due
    return case.is_open and now > case.assignment_due


def resolution_breached(case: Case, now: float) -> bool:
    if case.resolution_due is None:
        return False
    if case.resolved_at is not None:
        return case.resolved_at > case.resolution_due
    return case.is_open and not case.is_paused and now > case.resolution_due


def breaches(case: Case, now: float) -> tuple[str, ...]:
    kinds = []
    if assignment_breached(case, now):
        kinds.append("assignment")
    if resolution_breached(case, now):
        kinds.append("resolution")
    return tuple(kinds)


def corrective_action(case: Case, role: str, now: float, note: str) -> Change:
    """A supervisor records what is done about a breached case; the note is the action."""
    if role not in SUPERVISING_ROLES:
        raise Refused("corrective.supervisor_only")
    kinds = breaches(case, now)
    if not kinds:
        raise Refused("corrective.no_breach", code=case.code)
    text = note.strip()
    if not text:
        raise Refused("reason_required")
    return Change("corrective_action", {}, text, detail={"breaches": list(kinds)})


@dataclass
class Tally:
    met: int = 0
    breached: int = 0
    pending: int = 0

    @property
    def decided(self) -> int:
        return self.met + self.breached

    @property
    def percent(self) -> float | None:
        """Share of decided clocks that were met; None when none is decided yet."""
        return None if not self.decided else 100.0 * self.met / self.decided


@dataclass
class Compliance:
    assignment: dict[str, Tally] = field(default_factory=lambda: {s: Tally() for s in SEVERITIES})
    resolution: dict[str, Tally] = field(default_factory=lambda: {s: Tally() for s in SEVERITIES})

    def total(self, kind: str) -> Tally:
        tallies = (self.assignment if kind == "assignment" else self.resolution).values()
        return Tally(sum(t.met for t in tallies), sum(t.breached for t in tallies), sum(t.pending for t in tallies))


def _count(tally: Tally, breached: bool, met: bool) -> None:
    if breached:
        tally.breached += 1
    elif met:
        tally.met += 1
    else:
        tally.pending += 1


def compliance(cases: Iterable[Case], now: float) -> Compliance:
    """Assignment and resolution compliance per severity. Invalid, rejected and referred cases
    never reached a deadline honestly, so they count only if they had already broken one."""
    result = Compliance()
    for case in cases:
        dropped = case.status in ("invalid", "rejected", "referred")
        a_breached = assignment_breached(case, now)
        if not (dropped and not a_breached and case.assigned_at is None):
            _count(result.assignment[case.severity], a_breached, case.assigned_at is not None)
        r_breached = resolution_breached(case, now)
        if not (dropped and not r_breached):
            _count(result.resolution[case.severity], r_breached, case.resolved_at is not None)
    return result


def by_severity_and_status(cases: Iterable[Case]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for case in cases:
        key = (case.severity, case.status)
        counts[key] = counts.get(key, 0) + 1
    return counts


def breaches_per_day(cases: Iterable[Case], now: float, day_of: Callable[[float], int], days: int) -> list[int]:
    """How many of the cases opened on each day of the month (1..days) broke a deadline."""
    result = [0] * days
    for case in cases:
        day = day_of(case.opened_at)
        if 1 <= day <= days and breaches(case, now):
            result[day - 1] += 1
    return result
