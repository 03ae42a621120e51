"""Breaches are facts (docs/policy.md, "The record"): a clock that passed its deadline stays breached,
whatever later moves do to the clock.

A clock's *run* is the stretch during which it races one deadline. A run ends when a move gives the
clock a deadline in the future again after it broke the old one (an agreed deadline, a reclassification,
a reopening with time left); the next breach of that clock is then a new *occurrence*. A breach is
(case, clock, occurrence): the store records it, with its due instant, before any move of the case is
applied, and every read shows the recorded breaches together with the one the clocks show now and
nobody has recorded yet, so nothing depends on someone having acted.

The run number lives on the case (`assignment_run`, `resolution_run`); `next_runs` moves it on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jq_console.domain.cases import Case, Refused
from jq_console.domain.vocabulary import CLOCK_KINDS, ClockKind, Severity

CLOCKS = CLOCK_KINDS


@dataclass(frozen=True)
class Breach:
    case_id: int
    clock: ClockKind
    occurrence: int  # 1 for the clock's first breach, 2 after a new deadline was broken again...
    due: float  # the deadline that passed
    severity: Severity  # the case's severity when the deadline passed
    recorded_at: float | None = None  # None: the clocks show it and nobody has recorded it yet
    policy_version: int | None = None
    action: str | None = None  # the corrective action, once a supervisor recorded it
    action_by: str | None = None
    action_at: float | None = None

    @property
    def key(self) -> tuple[int, ClockKind, int]:
        return (self.case_id, self.clock, self.occurrence)

    @property
    def needs_action(self) -> bool:
        return self.action is None


def run_of(case: Case, clock: ClockKind) -> int:
    return case.assignment_run if clock == "assignment" else case.resolution_run


def broken_due(case: Case, clock: ClockKind, now: float) -> float | None:
    """The deadline the clock's current run broke, or None while it holds (or was met in time).
    A clock met late stays broken; a paused clock is judged by what it was when paused, which the
    store recorded then."""
    if clock == "assignment":
        due: float | None = case.assignment_due
        met_at = case.assigned_at
    else:
        due, met_at = case.resolution_due, case.resolved_at
    if due is None:
        return None
    if met_at is not None:
        return due if met_at > due else None
    return due if case.is_open and now > due else None


def on_clocks(case: Case, now: float) -> list[Breach]:
    """The breaches the case's clocks show at `now`, one per broken clock, with its current run."""
    found = []
    for clock in CLOCKS:
        due = broken_due(case, clock, now)
        if due is not None:
            found.append(Breach(case.id, clock, run_of(case, clock), due, case.severity))
    return found


def to_record(case: Case, recorded: Iterable[Breach], now: float) -> list[Breach]:
    """The breaches the clocks show that are not recorded yet (what the store writes before a move)."""
    known = {breach.key for breach in recorded}
    return [breach for breach in on_clocks(case, now) if breach.key not in known]


def _order(breach: Breach) -> tuple[float, int, int]:
    return (breach.due, CLOCKS.index(breach.clock), breach.occurrence)


def of_case(case: Case, recorded: Iterable[Breach], now: float) -> list[Breach]:
    """Every breach of the case, oldest first: the recorded ones and those the clocks show now."""
    kept = [breach for breach in recorded if breach.case_id == case.id]
    return sorted([*kept, *to_record(case, kept, now)], key=_order)


def of_cases(cases: Iterable[Case], recorded: Iterable[Breach], now: float) -> dict[int, list[Breach]]:
    """`of_case` for many cases at once; `recorded` may hold the breaches of other cases too."""
    by_case: dict[int, list[Breach]] = {}
    for breach in recorded:
        by_case.setdefault(breach.case_id, []).append(breach)
    return {case.id: of_case(case, by_case.get(case.id, ()), now) for case in cases}


def awaiting(breaches: Iterable[Breach]) -> list[Breach]:
    """Those still waiting for their corrective action, oldest first."""
    return sorted((breach for breach in breaches if breach.needs_action), key=_order)


def next_runs(case: Case, updates: Mapping[str, Any], now: float) -> dict[str, int]:
    """The run numbers a move moves on: a clock broken now that the move gives a deadline in the
    future starts a new run (its next breach is a new occurrence). A deadline set in the past (a
    paused overrun resumed, a late resolution reopened) continues the same run."""
    result: dict[str, int] = {}
    for clock in CLOCKS:
        new_due = updates.get(f"{clock}_due")
        if isinstance(new_due, int | float) and new_due > now and broken_due(case, clock, now) is not None:
            result[f"{clock}_run"] = run_of(case, clock) + 1
    return result


def choose(case: Case, breaches: Sequence[Breach], clock: str | None = None, occurrence: int | None = None) -> Breach:
    """The breach a corrective action is for: the one named, or the oldest still waiting for one."""
    waiting = awaiting(breaches)
    if clock is None and occurrence is None:
        if not waiting:
            raise Refused("corrective.all_recorded" if breaches else "corrective.no_breach", code=case.code)
        return waiting[0]
    named = [
        breach
        for breach in sorted(breaches, key=_order)
        if (clock is None or breach.clock == clock) and (occurrence is None or breach.occurrence == occurrence)
    ]
    if not named:
        raise Refused("corrective.no_such_breach", code=case.code, clock=clock or "", occurrence=occurrence or "")
    pending = [breach for breach in named if breach.needs_action]
    if not pending:
        raise Refused(
            "corrective.already_recorded", code=case.code, clock=named[0].clock, occurrence=named[0].occurrence
        )
    return pending[0]
