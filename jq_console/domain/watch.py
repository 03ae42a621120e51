"""The open cases as the dashboard watches them: which are at risk or breached, how many there are
per severity and status, which are past their USR verification deadline.

`board_of` computes that from scratch. `OpenWatch` keeps it between reloads, so that a reload costs
what changed: the cases touched since the last one, and the cases whose shown state time alone can
have changed since. Each case keeps the instant up to which its state holds by time alone (`until`);
a heap of those instants gives, at each reload, the few cases to compute again. Equal by test to
`board_of` after any sequence of changes and clock moves.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from jq_console.domain.cases import Case
from jq_console.domain.sla import SAME_INSTANT, ClockState, SlaEngine

# Seconds taken off the instant a clock turns at risk: the instant is found by the calendar's
# inverse arithmetic, and a recomputation a second early only finds the same state again.
MARGIN = 1.0
RISKY = (ClockState.AT_RISK, ClockState.BREACHED)

EngineOf = Callable[[Case], SlaEngine]  # the engine that measures a case (its policy version)
VerificationOf = Callable[[Case], "float | None"]  # when a case pending USR verification becomes overdue


@dataclass(frozen=True, slots=True)
class Standing:
    """The state of the clock an open case is racing (assignment while nobody has it, else
    resolution) at an instant, its deadline, and the instant up to which time alone leaves the
    state as it is (inf: only a change to the case can change it)."""

    state: ClockState
    due: float | None
    until: float


def standing(engine: SlaEngine, case: Case, now: float) -> Standing:
    """The pending clock's state as `presentation.clocks.pending_clock` shows it, and until when it holds."""
    due: float | None
    if case.agent is None:
        target = engine.target(case.severity, "assignment")
        met_at, due, paused = case.assigned_at, case.assignment_due, False
    else:
        target = engine.target(case.severity, "resolution")
        met_at, due = case.resolved_at, case.resolution_due
        paused = met_at is None and case.is_paused
    state = engine.state(target, now, due, met_at=met_at, paused=paused)
    until = math.inf  # met, paused, breached: only a change to the case moves them
    if state is ClockState.OK and due is not None:
        until = max(now, engine.at_risk_after(target, due) - MARGIN)
    elif state is ClockState.AT_RISK and due is not None:
        until = due + SAME_INSTANT  # `SlaEngine.state`: breached once past it
    return Standing(state, due, until)


def _risk_key(case: Case, found: Standing) -> tuple[bool, float, int]:
    """Breached first, then the nearest deadline (the case id settles ties)."""
    return (found.state is not ClockState.BREACHED, found.due or 0.0, case.id)


@dataclass(frozen=True)
class Board:
    """What the dashboard draws of its open cases at one instant."""

    risky: list[Case]  # at risk or breached, breached first, then the nearest deadline; at most a limit
    counts: dict[tuple[str, str], int]  # (severity, status) -> open cases
    unverified: list[tuple[Case, float]]  # past their verification deadline (with it), in the cases' order; a few
    unverified_total: int


def board_of(
    cases: Sequence[Case],
    now: float,
    engine_of: EngineOf,
    verification_of: VerificationOf,
    limit: int,
    rows: int,
) -> Board:
    """The board computed from scratch: every open case's clock at `now`."""
    found = [(case, standing(engine_of(case), case, now)) for case in cases]
    risky = sorted(((case, s) for case, s in found if s.state in RISKY), key=lambda item: _risk_key(*item))
    counts: Counter[tuple[str, str]] = Counter((case.severity, case.status) for case in cases)
    overdue = [(case, due) for case in cases if (due := verification_of(case)) is not None and now > due]
    return Board([case for case, _ in risky[:limit]], dict(counts), overdue[:rows], len(overdue))


@dataclass(slots=True)
class _Entry:
    case: Case
    standing: Standing
    verification: float | None  # the verification deadline, if the case is pending verification
    stamp: int  # heap items of older stamps are stale


class OpenWatch:
    """The board kept between reloads (see the module). Feed it every reload's open cases with the
    ids touched since the previous one (`update`); None, or a clock that went back, starts over."""

    def __init__(self, engine_of: EngineOf, verification_of: VerificationOf) -> None:
        self._engine_of = engine_of
        self._verification_of = verification_of
        self._entries: dict[int, _Entry] = {}
        self._heap: list[tuple[float, int, int]] = []  # (until, case id, stamp)
        self._risky: list[tuple[bool, float, int]] = []  # `_risk_key` of the risky cases, sorted
        self._counts: Counter[tuple[str, str]] = Counter()
        self._overdue: set[int] = set()
        self._now: float | None = None
        self._stamp = 0
        self.computed = 0  # clocks computed so far (what a reload cost)

    # -- one case in, one case out ------------------------------------------------------------
    def _until(self, entry: _Entry, now: float) -> float:
        due = entry.verification
        pending = math.inf if due is None or now > due else due  # overdue once past it
        return min(entry.standing.until, pending)

    def _add(self, case: Case, now: float, verification: float | None) -> None:
        self._stamp += 1
        self.computed += 1
        entry = _Entry(case, standing(self._engine_of(case), case, now), verification, self._stamp)
        self._entries[case.id] = entry
        if entry.standing.state in RISKY:
            insort(self._risky, _risk_key(case, entry.standing))
        if verification is not None and now > verification:
            self._overdue.add(case.id)
        until = self._until(entry, now)
        if until < math.inf:
            heapq.heappush(self._heap, (until, case.id, entry.stamp))

    def _remove(self, case_id: int) -> _Entry | None:
        entry = self._entries.pop(case_id, None)
        if entry is None:
            return None
        if entry.standing.state in RISKY:
            key = _risk_key(entry.case, entry.standing)
            del self._risky[bisect_left(self._risky, key)]
        self._overdue.discard(case_id)
        return entry

    # -- a reload -----------------------------------------------------------------------------
    def reset(self, cases: Sequence[Case], now: float) -> None:
        self._entries, self._heap, self._risky, self._overdue = {}, [], [], set()
        self._counts = Counter((case.severity, case.status) for case in cases)
        self._now = now
        for case in cases:
            self._add(case, now, self._verification_of(case))

    def update(
        self,
        cases: Sequence[Case],
        now: float,
        touched: Collection[int] | None,
        fresh: Iterable[Case] = (),
    ) -> None:
        """`cases`: the open cases now; `touched`: the ids of the cases changed since the previous
        update (None: unknown, computed again whole); `fresh`: the touched cases still open, as now."""
        if touched is None or self._now is None or now < self._now:
            self.reset(cases, now)
            return
        for case_id in touched:
            gone = self._remove(case_id)
            if gone is not None:
                self._counts[(gone.case.severity, gone.case.status)] -= 1
        for case in fresh:
            self._counts[(case.severity, case.status)] += 1
            self._add(case, now, self._verification_of(case))
        self._now = now
        heap = self._heap
        while heap and heap[0][0] < now:  # a state that time alone can have changed
            _until, case_id, stamp = heapq.heappop(heap)
            entry = self._entries.get(case_id)
            if entry is not None and entry.stamp == stamp:
                self._remove(case_id)
                self._add(entry.case, now, entry.verification)
        if len(heap) > 2 * len(self._entries) + 1000:  # stale items of changed cases
            self._heap = [item for item in heap if self._entries.get(item[1], None) is not None]
            self._heap = [item for item in self._heap if self._entries[item[1]].stamp == item[2]]
            heapq.heapify(self._heap)

    def board(self, cases: Sequence[Case], limit: int, rows: int) -> Board:
        """The board as of the last update; `cases` (the same open cases, in their order) orders the
        few unverified cases shown."""
        entries = self._entries
        risky = [entries[case_id].case for _, _, case_id in self._risky[:limit]]
        counts = {key: count for key, count in self._counts.items() if count}
        unverified: list[tuple[Case, float]] = []
        if self._overdue:
            for case in cases:
                if len(unverified) >= rows:
                    break
                if case.id in self._overdue:
                    due = entries[case.id].verification
                    if due is not None:
                        unverified.append((case, due))
        return Board(risky, counts, unverified, len(self._overdue))
