"""The open cases as the dashboard watches them: which are at risk or breached, how many there are
per severity and status, which are past their USR verification deadline.

`board_of` computes that from scratch. `OpenWatch` keeps it between reloads, so that a reload costs
what changed: the cases touched since the last one, and the cases whose shown state time alone can
have changed since. Each case keeps the instant up to which its state holds by time alone (`until`);
a heap of those instants gives, at each reload, the few cases to compute again. It keeps no case,
only what its board is computed from (about 250 bytes a case, where a `Case` was ten times that):
its board names cases by id (`Watched`), and the dashboard reads whole only those it draws. Equal
by test to `board_of` after any sequence of changes and clock moves.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from jq_console.domain.cases import Case
from jq_console.domain.open_case import Clocked
from jq_console.domain.policy import Target
from jq_console.domain.sla import SAME_INSTANT, ClockState, SlaEngine
from jq_console.domain.vocabulary import ClockKind

# Seconds taken off the instant a clock turns at risk: the instant is found by the calendar's
# inverse arithmetic, and a recomputation a second early only finds the same state again.
MARGIN = 1.0
RISKY = (ClockState.AT_RISK, ClockState.BREACHED)
TIMED = (ClockState.OK, ClockState.AT_RISK)  # states time alone moves on (to at risk, to breached)

EngineOf = Callable[[Clocked], SlaEngine]  # the engine that measures a case (its policy version)
VerificationOf = Callable[[Clocked], "float | None"]  # when a case pending USR verification becomes overdue


@dataclass(frozen=True, slots=True)
class Standing:
    """The state of the clock an open case is racing (assignment while nobody has it, else
    resolution) at an instant, its deadline, and the instant up to which time alone leaves the
    state as it is (inf: only a change to the case can change it)."""

    state: ClockState
    due: float | None
    until: float


def _raced(case: Clocked) -> tuple[ClockKind, float | None, float | None, bool]:
    """The clock `case` races: its kind, when it was met, its deadline, whether it is paused."""
    if case.agent is None:
        return "assignment", case.assigned_at, case.assignment_due, False
    met_at = case.resolved_at
    return "resolution", met_at, case.resolution_due, met_at is None and case.is_paused


def _state_until(
    engine: SlaEngine, target: Target, due: float | None, now: float, met_at: float | None, paused: bool
) -> tuple[ClockState, float]:
    state = engine.state(target, now, due, met_at=met_at, paused=paused)
    until = math.inf  # met, paused, breached: only a change to the case moves them
    if state is ClockState.OK and due is not None:
        until = max(now, engine.at_risk_after(target, due) - MARGIN)
    elif state is ClockState.AT_RISK and due is not None:
        until = due + SAME_INSTANT  # `SlaEngine.state`: breached once past it
    return state, until


def standing(engine: SlaEngine, case: Clocked, now: float) -> Standing:
    """The pending clock's state as `presentation.clocks.pending_clock` shows it, and until when it holds."""
    kind, met_at, due, paused = _raced(case)
    state, until = _state_until(engine, engine.target(case.severity, kind), due, now, met_at, paused)
    return Standing(state, due, until)


def _risk_key(case: Clocked, found: Standing) -> tuple[bool, float, int]:
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


@dataclass(frozen=True)
class Watched:
    """The board as `OpenWatch` keeps it: cases named by id. `shown` makes it the `Board` drawn, with
    the cases read whole for its rows."""

    risky: list[int]  # as `Board.risky`
    counts: dict[tuple[str, str], int]
    overdue: dict[int, float]  # every case past its verification deadline, with it

    def shown(self, risky: Sequence[Case], unverified: Sequence[Case]) -> Board:
        """`risky`: the cases of `self.risky`, in its order; `unverified`: the first few overdue
        cases in the cases' order (the queue's)."""
        past = [(case, self.overdue[case.id]) for case in unverified]
        return Board(list(risky), self.counts, past, len(self.overdue))


@dataclass(slots=True)
class _Entry:
    """What the board keeps of an open case (see the module): the clock it races and that clock's
    state until `until`, the other things the board reads of it, and the deadlines it runs."""

    engine: SlaEngine
    target: Target  # of the clock raced
    due: float | None  # that clock's deadline
    state: ClockState
    until: float  # time alone leaves `state` and `overdue` as they are until then (its heap instant)
    verification: float | None  # the verification deadline, if the case is pending verification
    counted: tuple[str, str]  # (severity, status): one tuple per pair, shared by the cases
    version: int
    runs: bool  # the clock raced runs: not met, with a deadline (paused or not)
    also: float | None  # the other clock's deadline, while that clock runs too

    def timed(self) -> bool:
        """Time alone moves the state: the clock raced runs, unpaused (`SlaEngine.state`)."""
        return self.runs and self.state is not ClockState.PAUSED


class OpenWatch:
    """The board kept between reloads (see the module). Feed it every reload's open cases as read
    (`update`): every one of them when the read was whole, else those touched since the last read."""

    def __init__(self, engine_of: EngineOf, verification_of: VerificationOf) -> None:
        self._engine_of = engine_of
        self._verification_of = verification_of
        self._entries: dict[int, _Entry] = {}
        self._heap: list[tuple[float, int]] = []  # (until, case id); stale once the entry's until differs
        self._risky: list[int] = []  # the risky cases' ids, sorted by `_risk_key`
        self._counts: Counter[tuple[str, str]] = Counter()
        self._pairs: dict[tuple[str, str], tuple[str, str]] = {}
        self._overdue: set[int] = set()
        self._now: float | None = None
        self.computed = 0  # clocks computed so far (what a reload cost)

    # -- one case in, one case out ------------------------------------------------------------
    def _key(self, case_id: int) -> tuple[bool, float, int]:
        entry = self._entries[case_id]
        return (entry.state is not ClockState.BREACHED, entry.due or 0.0, case_id)

    def _entry(self, case: Clocked, now: float) -> _Entry:
        engine = self._engine_of(case)
        kind, met_at, due, paused = _raced(case)
        target = engine.target(case.severity, kind)
        state, until = _state_until(engine, target, due, now, met_at, paused)
        if kind == "assignment":
            runs = met_at is None
            resolution = case.resolution_due
            also = resolution if case.resolved_at is None and resolution is not None else None
        else:
            runs = met_at is None and due is not None
            also = case.assignment_due if case.assigned_at is None else None
        pair = (case.severity, case.status)
        counted = self._pairs.setdefault(pair, pair)
        verification = self._verification_of(case)
        return _Entry(engine, target, due, state, until, verification, counted, case.version, runs, also)

    def _place(self, case_id: int, entry: _Entry, now: float, *, in_order: bool = True) -> None:
        """Put `entry`, its state computed at `now`, in the board (`in_order=False`: at the end of
        the risky cases, for the caller to sort them once)."""
        self.computed += 1
        self._entries[case_id] = entry
        if entry.state in RISKY and not in_order:
            self._risky.append(case_id)
        elif entry.state in RISKY:
            insort(self._risky, case_id, key=self._key)
        due = entry.verification
        if due is not None and now > due:
            self._overdue.add(case_id)
        pending = math.inf if due is None or now > due else due  # overdue once past it
        entry.until = min(entry.until, pending)
        if entry.until < math.inf:
            heapq.heappush(self._heap, (entry.until, case_id))

    def _take(self, case_id: int) -> _Entry | None:
        """Take the case out of the board (not out of the counts); its entry, if it was there."""
        entry = self._entries.get(case_id)
        if entry is None:
            return None
        if entry.state in RISKY:
            del self._risky[bisect_left(self._risky, self._key(case_id), key=self._key)]
        del self._entries[case_id]
        self._overdue.discard(case_id)
        return entry

    def _again(self, case_id: int, entry: _Entry, now: float, *, in_order: bool = True) -> None:
        """The case's state computed again at `now`: only time moved since."""
        self._take(case_id)
        if entry.timed():  # not met, not paused: `_raced` gave no met instant and no pause
            entry.state, entry.until = _state_until(entry.engine, entry.target, entry.due, now, None, False)
        else:
            entry.until = math.inf
        self._place(case_id, entry, now, in_order=in_order)

    # -- a reload -----------------------------------------------------------------------------
    def _reset(self, cases: Iterable[Clocked], now: float) -> None:
        self._entries, self._heap, self._risky, self._overdue = {}, [], [], set()
        self._counts = Counter()
        for case in cases:
            entry = self._entry(case, now)
            self._counts[entry.counted] += 1
            self._place(case.id, entry, now, in_order=False)
        self._risky.sort(key=self._key)

    def _rewind(self, now: float) -> None:
        """Every case computed again at `now`, an instant before the last update's."""
        entries = list(self._entries.items())
        self._entries, self._heap, self._risky, self._overdue = {}, [], [], set()
        for case_id, entry in entries:
            self._again(case_id, entry, now, in_order=False)
        self._risky.sort(key=self._key)

    def update(self, cases: Iterable[Clocked], now: float, touched: Collection[int] | None) -> None:
        """`touched`: the ids of the cases changed since the previous update (None: unknown, computed
        again whole); `cases`: the touched cases still open, as now (every open case, if None)."""
        if touched is None or self._now is None:
            self._now = now
            self._reset(cases, now)
            return
        for case_id in touched:
            gone = self._take(case_id)
            if gone is not None:
                self._counts[gone.counted] -= 1
        for case in cases:
            entry = self._entry(case, now)
            self._counts[entry.counted] += 1
            self._place(case.id, entry, now)
        if now < self._now:  # the clock went back: what it had moved on may be undone
            self._now = now
            self._rewind(now)
            return
        self._now = now
        heap = self._heap
        while heap and heap[0][0] < now:  # a state that time alone can have changed
            until, case_id = heapq.heappop(heap)
            found = self._entries.get(case_id)
            if found is not None and found.until == until:
                self._again(case_id, found, now)
        if len(heap) > 2 * len(self._entries) + 1000:  # stale items of changed cases
            self._heap = [item for item in heap if (kept := self._entries.get(item[1])) and kept.until == item[0]]
            heapq.heapify(self._heap)

    def board(self, limit: int) -> Watched:
        """The board as of the last update."""
        entries = self._entries
        counts = {key: count for key, count in self._counts.items() if count}
        overdue = {case_id: due for case_id in self._overdue if (due := entries[case_id].verification) is not None}
        return Watched(self._risky[:limit], counts, overdue)

    def versions(self) -> dict[int, int]:
        """Each open case's version, as last read."""
        return {case_id: entry.version for case_id, entry in self._entries.items()}

    def running(self) -> Iterator[float]:
        """The deadlines of the clocks the open cases run, met or not yet (`domain.month_figures`'s
        `time_moves_facts`)."""
        for entry in self._entries.values():
            if entry.runs and entry.due is not None:
                yield entry.due
            if entry.also is not None:
                yield entry.also


def running_deadlines(case: Clocked) -> tuple[float, ...]:
    """The deadlines of the clocks `case` runs: the assignment until assigned, the resolution
    until resolved (none while paused); `OpenWatch.running` yields them for every open case."""
    found: list[float] = []
    if case.assigned_at is None:
        found.append(case.assignment_due)
    due = case.resolution_due
    if case.resolved_at is None and due is not None:
        found.append(due)
    return tuple(found)
