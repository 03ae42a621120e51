"""Which open cases pass a deadline while the console is open, so each breach is announced once:
each (case, clock, run), so a case's second breach (a new deadline broken again) is announced too.
A deadline that passed before the console opened is not announced (the queue shows it in red).

The queue holds its cases as keys, each with its pending deadline (`domain.priority`): the watch
keeps, sorted, only the deadlines of the next HORIZON seconds, so a tick is one bisection, and looks
through the keys again when that horizon is reached. A deadline that passes names a case to read:
the case as it stands then decides whether it broke (`update`)."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence

from jq_console.domain.breaches import run_of
from jq_console.domain.cases import Case
from jq_console.domain.priority import code_of, pending_due_of

Key = tuple[str, str, int]  # case code, clock, run
HORIZON = 3600.0  # seconds of deadlines kept; the keys are looked through once per horizon


def _key(case: Case) -> Key:
    kind = case.pending_kind or "resolution"
    return (case.code, kind, run_of(case, kind))


class BreachWatch:
    def __init__(self, horizon: float = HORIZON) -> None:
        self.horizon = horizon
        self.announced: set[str] = set()  # the codes of the cases announced
        self._announced: set[Key] = set()
        self._upcoming: list[tuple[float, str]] = []
        self._since: float | None = None  # when the watch started: no deadline before is announced
        self._until = -math.inf  # the deadlines up to here are in `_upcoming`

    def load(self, keys: Sequence[bytes], now: float) -> None:
        """Every open case's key (a whole read of the queue); the first starts the watch. A deadline
        passed since the watch started comes out of the next tick, to be read and decided."""
        if self._since is None:
            self._since = now
        self._upcoming, self._until = [], self._since
        self._look(keys, now)

    def tick(self, now: float, keys: Sequence[bytes]) -> list[str]:
        """The codes of the cases whose pending deadline passed since the last tick: to read and
        give to `update`, which announces those that broke it."""
        if now + 1.0 > self._until:
            self._look(keys, now)
        cut = bisect.bisect_right(self._upcoming, (now, "\uffff"))
        if cut == 0:
            return []
        passed, self._upcoming = self._upcoming[:cut], self._upcoming[cut:]
        return sorted({code for _, code in passed})

    def update(self, cases: Iterable[Case], now: float) -> list[Case]:
        """Cases as they stand now (changed, or read because a deadline passed): those whose pending
        deadline broke while the watch ran and was not announced yet."""
        fresh: list[Case] = []
        since = self._since if self._since is not None else now
        for case in cases:
            due = case.pending_due
            if due is None or not case.is_open:
                continue
            if due <= now:
                if due > since and _key(case) not in self._announced:
                    self._mark(case)
                    fresh.append(case)
            elif due <= self._until:
                bisect.insort(self._upcoming, (due, case.code))
        return fresh

    def _look(self, keys: Sequence[bytes], now: float) -> None:
        """Keep the deadlines after the last horizon up to a new one."""
        after, until = self._until, now + self.horizon
        found = [(due, code_of(key)) for key in keys if after < (due := pending_due_of(key)) <= until]
        self._upcoming = sorted([*self._upcoming, *found])
        self._until = until

    def _mark(self, case: Case) -> None:
        self.announced.add(case.code)
        self._announced.add(_key(case))
