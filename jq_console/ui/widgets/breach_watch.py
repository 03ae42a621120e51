"""Which open cases pass a deadline while the console is open, so each breach is announced once:
each (case, clock, run), so a case's second breach (a new deadline broken again) is announced too.

Deadlines still ahead are kept sorted; a tick is one bisection. Breaches that already existed
when the console opened are not announced one by one (the queue shows them in red)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping

from jq_console.domain.breaches import run_of
from jq_console.domain.cases import Case

Key = tuple[str, str, int]  # case code, clock, run


def _key(case: Case) -> Key:
    kind = case.pending_kind or "resolution"
    return (case.code, kind, run_of(case, kind))


class BreachWatch:
    def __init__(self) -> None:
        self.announced: set[str] = set()  # the codes of the cases announced
        self._announced: set[Key] = set()
        self._upcoming: list[tuple[float, str]] = []
        self._started = False

    def load(self, cases: Iterable[Case], now: float) -> list[Case]:
        """All open cases; returns those newly breached (none on the first load)."""
        fresh: list[Case] = []
        upcoming: list[tuple[float, str]] = []
        for case in cases:
            due = case.pending_due
            if due is None:
                continue
            if due <= now:
                if self._started and _key(case) not in self._announced:
                    fresh.append(case)
                self._mark(case)
            else:
                upcoming.append((due, case.code))
        upcoming.sort()
        self._upcoming = upcoming
        self._started = True
        return fresh

    def update(self, changed: Iterable[Case], now: float) -> list[Case]:
        fresh: list[Case] = []
        for case in changed:
            due = case.pending_due
            if due is None or not case.is_open:
                continue
            if due <= now:
                if _key(case) not in self._announced:
                    self._mark(case)
                    fresh.append(case)
            else:
                bisect.insort(self._upcoming, (due, case.code))
        return fresh

    def tick(self, now: float, open_cases: Mapping[str, Case]) -> list[Case]:
        """Cases whose pending deadline passed since the last tick (checked against their current state)."""
        cut = bisect.bisect_right(self._upcoming, (now, "\uffff"))
        if cut == 0:
            return []
        passed, self._upcoming = self._upcoming[:cut], self._upcoming[cut:]
        fresh = []
        for due, code in passed:
            case = open_cases.get(code)
            if case is None or case.pending_due != due or _key(case) in self._announced:
                continue  # closed, or its deadline moved since it was queued
            self._mark(case)
            fresh.append(case)
        return fresh

    def _mark(self, case: Case) -> None:
        self.announced.add(case.code)
        self._announced.add(_key(case))
