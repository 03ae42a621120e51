"""The dashboard's board of open cases kept between reloads (domain/watch.py) equals the board
computed from scratch after any sequence of takes, resolves, pauses, closings, openings and clock
moves (back as well as on), fed only what the store reads of each case (`domain.open_case`); a case
goes from in time to at risk to breached by time alone; and a reload with nothing changed computes
only the clocks that time can have moved."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from case_factory import new_case
from hypothesis import given, settings
from hypothesis import strategies as st

from jq_console.application.oversight import verification_of
from jq_console.bootstrap import Runtime, load_runtime
from jq_console.domain.cases import Case
from jq_console.domain.open_case import Clocked, open_of
from jq_console.domain.sla import ClockState
from jq_console.domain.vocabulary import SEVERITIES, Severity
from jq_console.domain.watch import Board, OpenWatch, board_of, standing

BOGOTA = ZoneInfo("America/Bogota")
START = datetime(2026, 12, 7, 8, 30, tzinfo=BOGOTA).timestamp()  # a Monday morning
RUNTIME = load_runtime()
LIMIT, ROWS = 4, 3  # small, so that the limits are reached


def opened(runtime: Runtime, number: int, severity: Severity, at: float, pending: bool) -> Case:
    return new_case(runtime, number, severity, at, verification="pending" if pending else "valid")


def scratch(cases: list[Case], now: float) -> Board:
    return board_of(
        cases,
        now,
        lambda case: RUNTIME.of_version(case.policy_version).engine,
        lambda case: verification_of(RUNTIME, case),
        LIMIT,
        ROWS,
    )


def watch() -> OpenWatch:
    return OpenWatch(
        lambda case: RUNTIME.of_version(case.policy_version).engine, lambda case: verification_of(RUNTIME, case)
    )


def kept_board(kept: OpenWatch, cases: list[Case], limit: int = LIMIT, rows: int = ROWS) -> Board:
    """The kept board with its cases, as the dashboard reads them: its risky cases by id, the first
    overdue ones in the cases' order."""
    watched = kept.board(limit)
    by_id = {case.id: case for case in cases}
    overdue = [case for case in cases if case.id in watched.overdue]
    return watched.shown([by_id[case_id] for case_id in watched.risky], overdue[:rows])


def fed(kept: OpenWatch, cases: list[Case], now: float, touched: set[int] | None = None) -> None:
    """`kept` updated as a reload feeds it: every open case's row when read whole, else the rows of
    the touched cases still open."""
    kept.update([open_of(case) for case in cases if touched is None or case.id in touched], now, touched)


def moved(case: Case, move: str, now: float) -> Case | None:
    """The case after `move` at `now` (None: closed), as the lifecycle leaves its fields."""
    engine = RUNTIME.engine
    if move == "take" and case.agent is None:
        return replace(case, agent="ana", status="assigned", assigned_at=now, version=case.version + 1)
    if move == "wait" and case.agent is not None and case.status != "waiting" and case.resolution_due is not None:
        target = engine.target(case.severity, "resolution")
        left = engine.pause(target, now, case.resolution_due)
        return replace(case, status="waiting", resolution_due=None, resolution_left=left, version=case.version + 1)
    if move == "resume" and case.status == "waiting" and case.resolution_left is not None:
        target = engine.target(case.severity, "resolution")
        due = engine.resume(target, now, case.resolution_left)
        return replace(case, status="in_progress", resolution_due=due, resolution_left=None, version=case.version + 1)
    if move == "resolve" and case.agent is not None and case.resolved_at is None and case.resolution_due is not None:
        return replace(case, status="resolved", resolved_at=now, version=case.version + 1)
    if move == "verify" and case.verification == "pending":
        return replace(case, verification="valid", version=case.version + 1)
    if move == "close":
        return None
    return case


MOVES = ("take", "wait", "resume", "resolve", "verify", "close", "open")
steps = st.lists(
    st.tuples(
        st.sampled_from(MOVES),
        st.integers(0, 40),  # which case
        st.sampled_from(
            (0.0, 1.0, 59.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, 5 * 3600.0, 16 * 3600.0, 86400.0, -600.0, -7200.0)
        ),  # clock moves
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=80, deadline=None)
@given(
    severities=st.lists(st.sampled_from(SEVERITIES), min_size=1, max_size=30),
    pending=st.lists(st.booleans(), min_size=30, max_size=30),
    spread=st.integers(0, 4 * 86400),
    steps=steps,
)
def test_the_kept_board_equals_the_board_from_scratch(
    severities: list[Severity], pending: list[bool], spread: int, steps: list[tuple[str, int, float]]
) -> None:
    now = START
    cases = {
        number: opened(RUNTIME, number, severity, now - spread * number / len(severities), pending[number - 1])
        for number, severity in enumerate(severities, start=1)
    }
    kept = watch()
    fed(kept, list(cases.values()), now)
    assert kept_board(kept, list(cases.values())) == scratch(list(cases.values()), now)
    for move, pick, step in steps:
        now += step
        touched: set[int] = set()
        if move == "open":
            number = max(cases, default=0) + 1
            cases[number] = opened(RUNTIME, number, severities[pick % len(severities)], now, pending[pick % 30])
            touched.add(number)
        elif cases:
            number = sorted(cases)[pick % len(cases)]
            after = moved(cases[number], move, now)
            touched.add(number)
            if after is None:
                del cases[number]
            else:
                cases[number] = after
        ordered = list(cases.values())
        fed(kept, ordered, now, touched)
        assert kept_board(kept, ordered) == scratch(ordered, now)
        assert sorted(kept.running()) == sorted(due for case in ordered for due in running_deadlines(case))
        assert kept.versions() == {case.id: case.version for case in ordered}


def running_deadlines(case: Clocked) -> tuple[float, ...]:
    """The deadlines of the clocks `case` runs, from the case: the assignment until assigned, the
    resolution until resolved (none while paused); `OpenWatch.running` must yield them for every open
    case."""
    found: list[float] = []
    if case.assigned_at is None:
        found.append(case.assignment_due)
    due = case.resolution_due
    if case.resolved_at is None and due is not None:
        found.append(due)
    return tuple(found)


def test_a_case_crosses_from_in_time_to_at_risk_to_breached_by_time_alone() -> None:
    case = opened(RUNTIME, 1, "S3", START, pending=False)  # an hour on the urgency schedule
    engine = RUNTIME.engine
    target = engine.target("S3", "assignment")
    kept = watch()
    fed(kept, [case], START)
    states = []
    risky = []
    # Every minute for two hours: nothing touches the case, only the clock moves.
    for minutes in range(2 * 60):
        now = START + minutes * 60
        fed(kept, [case], now, set())
        board = kept_board(kept, [case])
        assert board == scratch([case], now)
        states.append(engine.state(target, now, case.assignment_due))
        risky.append([c.code for c in board.risky])
    assert states[0] is ClockState.OK and states[-1] is ClockState.BREACHED
    assert ClockState.AT_RISK in states
    assert risky[0] == [] and risky[-1] == [case.code]
    first_risky = states.index(ClockState.AT_RISK)
    assert risky[first_risky] == [case.code] and risky[first_risky - 1] == []


def test_a_reload_with_nothing_changed_computes_only_what_time_moved() -> None:
    cases = [opened(RUNTIME, number, SEVERITIES[number % 3], START - number * 97.0, False) for number in range(1, 501)]
    kept = watch()
    fed(kept, cases, START)
    assert kept.computed == len(cases)
    fed(kept, cases, START + 1.0, set())
    one_second = kept.computed - len(cases)
    assert one_second < len(cases) // 50  # a second of time moves a handful of states, not 500
    taken = replace(cases[0], agent="ana", status="assigned", assigned_at=START + 2.0)
    before = kept.computed
    fed(kept, [taken, *cases[1:]], START + 2.0, {taken.id})
    assert kept.computed - before <= 1 + one_second + 5
    assert kept_board(kept, [taken, *cases[1:]], 300, 5) == board_of(
        [taken, *cases[1:]],
        START + 2.0,
        lambda case: RUNTIME.of_version(case.policy_version).engine,
        lambda case: verification_of(RUNTIME, case),
        300,
        5,
    )


def test_standing_holds_up_to_its_instant() -> None:
    """Checked on its own: the state at `until` is still the state computed earlier."""
    for number, severity in enumerate(SEVERITIES, start=1):
        case = opened(RUNTIME, number, severity, START, False)
        now = START
        while True:
            found = standing(RUNTIME.engine, case, now)
            if found.until == float("inf"):
                break
            assert standing(RUNTIME.engine, case, found.until).state is found.state
            now = max(found.until, now) + 1.0
        assert found.state is ClockState.BREACHED


def test_a_clock_that_goes_back_undoes_what_time_alone_moved() -> None:
    """A frozen clock set back, or the machine's clock corrected: the cases time had put at risk,
    breached or past their verification deadline are back as they were then, with no case read again."""
    cases = [opened(RUNTIME, number, SEVERITIES[number % 3], START, number % 2 == 0) for number in range(1, 13)]
    kept = watch()
    fed(kept, cases, START)
    later = START + 3 * 86400.0
    fed(kept, cases, later, set())
    assert kept_board(kept, cases).risky and kept_board(kept, cases).unverified  # time moved them
    fed(kept, cases, START + 60.0, set())
    assert kept_board(kept, cases) == scratch(cases, START + 60.0)
    assert not kept_board(kept, cases).risky
