"""Which open cases pass a deadline while the console is open, so each breach is announced once.

Deadlines still ahead are kept sorted; a tick is one bisection. Breaches that already existed
when the console opened are not announced one by one (the queue shows them in red)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping

from jq_console.domain.cases import Case


class BreachWatch:
    def __init__(self) -> None:
        self.announced: set[str] = set()
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
                if self._started and case.code not in self.announced:
                    fresh.append(case)
                self.announced.add(case.code)
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
                if case.code not in self.announced:
                    self.announced.add(case.code)
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
            if case is None or case.pending_due != due or code in self.announced:
                continue  # closed, or its deadline moved since it was queued
            self.announced.add(code)
            fresh.append(case)
        return fresh
