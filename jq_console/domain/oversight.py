"""What supervisors watch: which deadlines a case broke, the corrective action each breach needs,
and how many deadlines were met.

The breaches themselves are facts recorded by the store (`domain.breaches`); here they are counted.
Compliance counts each breach in the month its deadline passed, whatever later happened to the case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from jq_console.domain.breaches import CLOCKS, Breach, broken_due, choose
from jq_console.domain.cases import Case, Change, Refused
from jq_console.domain.policy import SEVERITIES
from jq_console.domain.tally import ClockTally, summed
from jq_console.domain.vocabulary import ClockKind

SUPERVISING_ROLES = ("supervisor", "admin")


def breaches(case: Case, now: float) -> tuple[str, ...]:
    """The clocks the case's deadlines show broken at `now` (not the record: see `domain.breaches`)."""
    return tuple(clock for clock in CLOCKS if broken_due(case, clock, now) is not None)


def corrective_action(
    case: Case,
    role: str,
    known: Sequence[Breach],
    note: str,
    clock: ClockKind | None = None,
    occurrence: int | None = None,
) -> Change:
    """A supervisor records what is done about one breach of the case (`known`: every breach of
    it, recorded or shown by its clocks): the one named, or the oldest still waiting for one.
    Each breach needs its own; the note is the action."""
    if role not in SUPERVISING_ROLES:
        raise Refused("corrective.supervisor_only")
    breach = choose(case, known, clock, occurrence)
    text = note.strip()
    if not text:
        raise Refused("reason_required")
    return Change("corrective_action", {}, text, detail={"clock": breach.clock, "occurrence": breach.occurrence})


@dataclass
class Compliance:
    assignment: dict[str, ClockTally] = field(default_factory=lambda: {s: ClockTally() for s in SEVERITIES})
    resolution: dict[str, ClockTally] = field(default_factory=lambda: {s: ClockTally() for s in SEVERITIES})

    def total(self, kind: str) -> ClockTally:
        tallies = (self.assignment if kind == "assignment" else self.resolution).values()
        return summed(tallies)


def compliance(cases: Iterable[Case], known: Iterable[Breach], start: float, now: float) -> Compliance:
    """Assignment and resolution compliance per severity for the month from `start` to `now`:
    - breached: every breach (`known`) whose deadline passed in the month, under the severity the
      case had then, whatever later happened to the case;
    - met: the clocks of `cases` met in the month without breaking their current deadline;
    - in time: the clocks still racing a deadline, of the open `cases` opened in the month.
    `cases` may hold cases of other months; each clock is counted once."""
    result = Compliance()
    for breach in known:
        if start <= breach.due <= now:
            tallies = result.assignment if breach.clock == "assignment" else result.resolution
            tallies[breach.severity].breached += 1
    for case in cases:
        for clock in CLOCKS:
            tally = (result.assignment if clock == "assignment" else result.resolution)[case.severity]
            met_at = case.assigned_at if clock == "assignment" else case.resolved_at
            if broken_due(case, clock, now) is not None:
                continue  # counted among the breaches
            if met_at is not None:
                if start <= met_at <= now:
                    tally.met += 1
            elif case.is_open and start <= case.opened_at <= now:
                tally.in_time += 1
    return result


def by_severity_and_status(cases: Iterable[Case]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for case in cases:
        key = (case.severity, case.status)
        counts[key] = counts.get(key, 0) + 1
    return counts


def breaches_per_day(known: Iterable[Breach], day_of: Callable[[float], int], days: int) -> list[int]:
    """How many deadlines passed on each day of the month (1..days): `known` are the month's breaches."""
    result = [0] * days
    for breach in known:
        day = day_of(breach.due)
        if 1 <= day <= days:
            result[day - 1] += 1
    return result
