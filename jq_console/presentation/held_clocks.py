"""The pending clocks of a list of cases, kept from one second to the next while they cannot read or
look otherwise (`presentation.clocks.held_until`): far from a deadline a countdown shows whole
minutes, and outside its schedule's hours it stands still, so a list of up to 300 cases at risk (the
dashboard's) computes again, each second, only the clocks near a deadline while their schedule runs
and those whose minute ran out, not all of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jq_console.domain.cases import Case
from jq_console.presentation.clocks import Clock, row_order


def still_holds(since: float, until: float, now: float) -> bool:
    """Whether what was computed at `since`, holding until `until`, holds at `now`: within that
    stretch, and always at `since` itself, even when its text may change right after (a countdown of
    whole minutes, `until` then a hair before `since`). On a frozen clock (a sandbox, a benchmark) the
    same instant came back every second and every such clock was computed again."""
    return now == since or since <= now < until


@dataclass(frozen=True)
class _Held:
    clock: Clock
    since: float  # the instant it was computed at
    until: float  # the first instant its text may differ
    order: tuple[float, float]  # where its row goes (`row_order`)


class HeldClocks:
    def __init__(self, measure: Callable[[Case, float], tuple[Clock, float]]) -> None:
        self._measure = measure  # the clock a case is racing at an instant, and until when it holds
        self._held: dict[tuple[str, int], _Held] = {}  # by case code and version
        self.computed = 0  # clocks computed so far (what the kept ones save)

    def at(self, cases: Sequence[Case], now: float) -> tuple[list[tuple[Case, Clock]], bool]:
        """Each case with its clock at `now`, least time left first (`row_order`, then the code),
        and whether any clock was computed again: when none was, over the same cases, nothing
        shown can differ from the last call. A clock is computed again once its text may have
        changed, for a new version of its case, and when time went back (a moved clock)."""
        held, kept = self._held, {}
        computed = False
        pairs: list[tuple[Case, _Held]] = []
        for case in cases:
            key = (case.code, case.version)
            entry = held.get(key)
            if entry is None or not still_holds(entry.since, entry.until, now):
                clock, until = self._measure(case, now)
                entry = _Held(clock, now, until, row_order(clock))
                self.computed += 1
                computed = True
            kept[key] = entry
            pairs.append((case, entry))
        self._held = kept
        pairs.sort(key=lambda pair: (pair[1].order, pair[0].code))
        return [(case, entry.clock) for case, entry in pairs], computed
