"""The open cases as the dashboard watches them: which are at risk or breached, how many there are
per severity and status, which are past their USR verification deadline.

`board_of` computes that from scratch. `OpenWatch` keeps it between reloads, so that a reload costs
what changed: the cases touched since the last one, and the cases whose shown state time alone can
have changed since. Each case keeps the instant up to which its state holds by time alone (`until`):
a reload computes again only the cases whose instant it passed. It keeps no case, only what its
board is computed from, in typed arrays (about 50 bytes a case, where a `Case` and its values were
over a kilobyte): its board names cases by id (`Watched`), and the dashboard reads whole only
those it draws. Equal by test to `board_of` after any sequence of changes and clock moves.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from jq_console.domain.cases import Case
from jq_console.domain.open_case import Clocked
from jq_console.domain.policy import Target
from jq_console.domain.sla import SAME_INSTANT, ClockState, SlaEngine
from jq_console.domain.vocabulary import ClockKind, Severity, Status

# Seconds taken off the instant a clock turns at risk: the instant is found by the calendar's
# inverse arithmetic, and a recomputation a second early only finds the same state again.
MARGIN = 1.0
RISKY = (ClockState.AT_RISK, ClockState.BREACHED)

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


NONE = math.inf  # in a column of instants: no instant (no deadline, not pending verification)
STATES: tuple[ClockState, ...] = tuple(ClockState)
_STATE_AT = {state: at for at, state in enumerate(STATES)}
BREACHED_AT, PAUSED_AT = _STATE_AT[ClockState.BREACHED], _STATE_AT[ClockState.PAUSED]
_RISKY_AT = {_STATE_AT[state] for state in RISKY}


@dataclass(frozen=True, slots=True)
class _Measure:
    """What cases opened under one policy version, of one severity and status, racing one clock,
    share: one of these per kind, where the cases hold its number."""

    engine: SlaEngine
    target: Target
    counted: tuple[str, str]  # (severity, status)


class _Columns:
    """One row per open case, in order of id, in typed arrays: nine numbers a case, about 50 bytes,
    where an object per case, its boxed numbers, a dict entry and a heap item took five times that."""

    def __init__(self) -> None:
        self.ids = array("q")
        self.due = array("d")  # the raced clock's deadline (NONE: none)
        self.until = array("d")  # time alone leaves the state and the overdue set as they are until then
        self.verification = array("d")  # the verification deadline (NONE: not pending verification)
        self.also = array("d")  # the other clock's deadline while that clock runs too (NONE: not)
        self.version = array("I")
        self.measure = array("H")  # `_Measure` number
        self.state = array("B")  # `STATES` index
        self.runs = array("B")  # the raced clock runs: not met, with a deadline (paused or not)
        self.all: tuple[array[Any], ...] = (
            self.ids,
            self.due,
            self.until,
            self.verification,
            self.also,
            self.version,
            self.measure,
            self.state,
            self.runs,
        )

    def at(self, case_id: int) -> int | None:
        """The row of the case, if it is held."""
        ids = self.ids
        row = bisect_left(ids, case_id)
        return row if row < len(ids) and ids[row] == case_id else None

    def insert(self, values: tuple[float, ...]) -> int:
        """A row for the case of id `values[0]`; where it went."""
        row = bisect_left(self.ids, values[0])
        for column, value in zip(self.all, values, strict=True):
            column.insert(row, value)
        return row

    def delete(self, row: int) -> None:
        for column in self.all:
            del column[row]

    def timed(self, row: int) -> bool:
        """Time alone moves the state: the clock raced runs, unpaused (`SlaEngine.state`)."""
        return bool(self.runs[row]) and self.state[row] != PAUSED_AT


class OpenWatch:
    """The board kept between reloads (see the module). Feed it every reload's open cases as read
    (`update`): every one of them when the read was whole, else those touched since the last read."""

    def __init__(self, engine_of: EngineOf, verification_of: VerificationOf) -> None:
        self._engine_of = engine_of
        self._verification_of = verification_of
        self._rows = _Columns()
        self._measures: list[_Measure] = []
        self._measure_of: dict[tuple[int, Severity, Status, ClockKind], int] = {}
        self._risky = array("q")  # the risky cases' ids, sorted by `_key`
        self._counts: Counter[tuple[str, str]] = Counter()
        self._overdue: set[int] = set()
        self._soonest = NONE  # the first `until`: no row to compute again before it
        self._now: float | None = None
        self.computed = 0  # clocks computed so far (what a reload cost)

    # -- one case in, one case out ------------------------------------------------------------
    def _key(self, case_id: int) -> tuple[bool, float, int]:
        """`_risk_key` of a held case."""
        rows = self._rows
        row = rows.at(case_id)
        assert row is not None  # only held cases are ranked
        return (rows.state[row] != BREACHED_AT, rows.due[row], case_id)

    def _measure(self, case: Clocked, kind: ClockKind, engine: SlaEngine) -> int:
        key = (id(engine), case.severity, case.status, kind)
        number = self._measure_of.get(key)
        if number is None:
            number = self._measure_of[key] = len(self._measures)
            self._measures.append(_Measure(engine, engine.target(case.severity, kind), (case.severity, case.status)))
        return number

    def _values(self, case: Clocked, now: float) -> tuple[float, ...]:
        """The row of `case` at `now`, `until` not yet bounded by the verification deadline."""
        engine = self._engine_of(case)
        kind, met_at, due, paused = _raced(case)
        number = self._measure(case, kind, engine)
        state, until = _state_until(engine, self._measures[number].target, due, now, met_at, paused)
        if kind == "assignment":
            runs = met_at is None
            resolution = case.resolution_due
            also = resolution if case.resolved_at is None and resolution is not None else NONE
        else:
            runs = met_at is None and due is not None
            also = case.assignment_due if case.assigned_at is None else NONE
        verification = self._verification_of(case)
        return (
            case.id,
            NONE if due is None else due,
            until,
            NONE if verification is None else verification,
            also,
            case.version,
            number,
            _STATE_AT[state],
            runs,
        )

    def _place(self, row: int, now: float, *, in_order: bool = True) -> None:
        """Put the case of `row`, its state computed at `now`, in the board (`in_order=False`: at
        the end of the risky cases, for the caller to sort them once)."""
        self.computed += 1
        rows = self._rows
        case_id = rows.ids[row]
        if rows.state[row] in _RISKY_AT and not in_order:
            self._risky.append(case_id)
        elif rows.state[row] in _RISKY_AT:
            insort(self._risky, case_id, key=self._key)
        due = rows.verification[row]
        if now > due:
            self._overdue.add(case_id)
        elif due < rows.until[row]:
            rows.until[row] = due  # overdue once past it
        self._soonest = min(self._soonest, rows.until[row])

    def _unplace(self, row: int) -> None:
        """Take the case of `row` out of the board (not out of the rows, nor the counts)."""
        rows = self._rows
        case_id = rows.ids[row]
        if rows.state[row] in _RISKY_AT:
            del self._risky[bisect_left(self._risky, self._key(case_id), key=self._key)]
        self._overdue.discard(case_id)

    def _again(self, row: int, now: float, *, in_order: bool = True) -> None:
        """The case's state computed again at `now`: only time moved since."""
        rows = self._rows
        if rows.timed(row):  # not met, not paused: `_raced` gave no met instant and no pause
            measure = self._measures[rows.measure[row]]
            state, rows.until[row] = _state_until(measure.engine, measure.target, rows.due[row], now, None, False)
            rows.state[row] = _STATE_AT[state]
        else:
            rows.until[row] = NONE
        self._place(row, now, in_order=in_order)

    # -- a reload -----------------------------------------------------------------------------
    def _reset(self, cases: Iterable[Clocked], now: float) -> None:
        self._rows, self._risky, self._overdue, self._counts = _Columns(), array("q"), set(), Counter()
        rows = self._rows
        for values in sorted((self._values(case, now) for case in cases), key=lambda values: values[0]):
            for column, value in zip(rows.all, values, strict=True):
                column.append(value)
        self._soonest = NONE
        for row in range(len(rows.ids)):
            self._counts[self._measures[rows.measure[row]].counted] += 1
            self._place(row, now, in_order=False)
        self._risky = array("q", sorted(self._risky, key=self._key))

    def _rewind(self, now: float) -> None:
        """Every case computed again at `now`, an instant before the last update's."""
        self._risky, self._overdue, self._soonest = array("q"), set(), NONE
        for row in range(len(self._rows.ids)):
            self._again(row, now, in_order=False)
        self._risky = array("q", sorted(self._risky, key=self._key))

    def update(self, cases: Iterable[Clocked], now: float, touched: Collection[int] | None) -> None:
        """`touched`: the ids of the cases changed since the previous update (None: unknown, computed
        again whole); `cases`: the touched cases still open, as now (every open case, if None)."""
        if touched is None or self._now is None:
            self._now = now
            self._reset(cases, now)
            return
        rows = self._rows
        for case_id in touched:
            row = rows.at(case_id)
            if row is not None:
                self._unplace(row)
                self._counts[self._measures[rows.measure[row]].counted] -= 1
                rows.delete(row)
        for case in cases:
            row = rows.insert(self._values(case, now))
            self._counts[self._measures[rows.measure[row]].counted] += 1
            self._place(row, now)
        if now < self._now:  # the clock went back: what it had moved on may be undone
            self._now = now
            self._rewind(now)
            return
        self._now = now
        if now <= self._soonest:
            return
        moved = [row for row, until in enumerate(rows.until) if until < now]  # time alone can have changed these
        for row in moved:
            self._unplace(row)
            self._again(row, now)
        self._soonest = min(rows.until, default=NONE)

    def board(self, limit: int) -> Watched:
        """The board as of the last update."""
        rows = self._rows
        counts = {key: count for key, count in self._counts.items() if count}
        overdue = {}
        for case_id in self._overdue:
            row = rows.at(case_id)
            if row is not None:
                overdue[case_id] = rows.verification[row]
        return Watched(list(self._risky[:limit]), counts, overdue)

    def versions(self) -> dict[int, int]:
        """Each open case's version, as last read."""
        return dict(zip(self._rows.ids, self._rows.version, strict=True))

    def running(self) -> Iterator[float]:
        """The deadlines of the clocks the open cases run, met or not yet (`domain.month_figures`'s
        `time_moves_facts`)."""
        rows = self._rows
        for due, runs, also in zip(rows.due, rows.runs, rows.also, strict=True):
            if runs:
                yield due
            if also < NONE:
                yield also
