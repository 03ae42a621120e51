"""The queue's marks and countdowns kept while they cannot read or look otherwise (`QueueView._timed`)
read as computed afresh each second: across the end of a working day, over a night, with the clock of
record jumping forward and back, as clocks in time turn at risk and at risk turn breached; and far
fewer are computed (each visible line's clocks, each second, were most of an idle console's tick)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from held_support import MONDAY_EVENING, MONDAY_MORNING, desk, evening_night_and_back, seconds_from

from jq_console.domain.cases import Case
from jq_console.domain.sla import ClockState, SlaEngine
from jq_console.presentation import clocks
from jq_console.presentation.verification import queue_marks_hold, verification_deadline
from jq_console.ui.widgets.queue_view import QueueView


def test_kept_marks_and_countdowns_read_as_computed_afresh(tmp_path: Path) -> None:
    services, cases = desk(tmp_path, MONDAY_MORNING)
    runtime = services.runtime
    kept, fresh = QueueView(runtime), QueueView(runtime)

    def afresh(case: Case, now: float) -> tuple[tuple[str, ClockState | None], ...]:
        fresh._timed_of.clear()
        return fresh._timed(case, now)

    # Each second of twenty minutes around the first clock to turn at risk after 10:00, then from
    # 16:50 to 17:10 (the end of the regular day), a fraction of a second off the deadlines' whole
    # seconds; then the night, and back.
    turn = min(
        engine.at_risk_after(engine.target(case.severity, clock.kind), clock.due)
        for case in cases
        for engine in [runtime.of_case(case).engine]
        for clock in (
            clocks.assignment_clock(engine, case, MONDAY_MORNING),
            clocks.resolution_clock(engine, case, MONDAY_MORNING),
        )
        if clock.state is ClockState.OK and clock.due is not None
    )
    instants = seconds_from(turn - 600, 20 * 60) + evening_night_and_back()
    turned: set[tuple[ClockState, ClockState]] = set()
    before = {case.code: afresh(case, instants[0]) for case in cases}
    computed = 0
    for now in instants:
        for case in cases:
            held = kept._timed_of.get(case.code)
            shown = kept._timed(case, now)
            computed += held is None or shown is not held.shown
            expected = afresh(case, now)
            assert shown == expected, (case.code, now)
            for (_, old), (_, new) in zip(before[case.code], expected):
                if old is not None and new is not None and old != new:
                    turned.add((old, new))
            before[case.code] = expected
    # The window holds the turns the kept lines must not miss ...
    assert (ClockState.OK, ClockState.AT_RISK) in turned
    assert (ClockState.AT_RISK, ClockState.BREACHED) in turned
    # ... and a line is computed again only once something on it may read otherwise.
    assert computed < len(cases) * len(instants) / 10


def test_a_clock_in_time_is_kept_no_longer_than_its_turn_to_at_risk(tmp_path: Path) -> None:
    """With a share of the target that is no whole number of minutes, a clock in time turns at risk
    within a minute its text shows: it is kept until then, not to the minute's end."""
    services, cases = desk(tmp_path, MONDAY_MORNING)
    runtime = services.runtime
    checked = 0
    for case in cases:
        measured = runtime.of_case(case).engine
        engine = SlaEngine(
            dataclasses.replace(measured.policy, at_risk_fraction=0.2371), measured.calendars, measured.tz
        )
        clock = clocks.resolution_clock(engine, case, MONDAY_MORNING)
        if clock.state is not ClockState.OK or clock.due is None:
            continue
        target = engine.target(case.severity, "resolution")
        turn = engine.running_from(target, engine.at_risk_after(target, clock.due))
        now = turn - 20  # within the minute its text shows, its schedule open or not
        clock = clocks.resolution_clock(engine, case, now)
        if clock.state is not ClockState.OK:
            continue
        until = clocks.held_until(engine, case, clock, now)
        assert now < until <= turn
        last = clocks.resolution_clock(engine, case, until)
        assert (clocks.clock_text(last), last.state) == (clocks.clock_text(clock), clock.state)
        checked += 1
    assert checked > 10


def test_a_clock_left_with_its_share_over_a_closed_stretch_is_kept_until_it_reopens(tmp_path: Path) -> None:
    """A clock whose share of its target is left at a closing (lunch, the night) stays in time until
    the schedule reopens: it is kept until then, not computed again each second of the stretch."""
    services, cases = desk(tmp_path, MONDAY_MORNING)
    runtime = services.runtime
    checked = 0
    for case in cases:
        engine = runtime.of_case(case).engine
        for measure in (clocks.assignment_clock, clocks.resolution_clock):
            clock = measure(engine, case, MONDAY_MORNING)
            if clock.state is not ClockState.OK or clock.due is None:
                continue
            target = engine.target(case.severity, clock.kind)
            closing = engine.at_risk_after(target, clock.due)
            reopening = engine.running_from(target, closing)
            if reopening == closing:
                continue  # it turns while the schedule runs
            now = (closing + reopening) / 2
            clock = measure(engine, case, now)
            assert clock.state is ClockState.OK
            until = clocks.held_until(engine, case, clock, now)
            assert now < until <= reopening
            checked += 1
    assert checked


def test_a_case_read_again_is_measured_again_though_its_version_is_the_same(tmp_path: Path) -> None:
    """The "$" mark is the client's payments, not the case's: a client fallen behind shows on a line
    kept for the case read before, even with no deadline near (a paused clock holds forever)."""
    now = MONDAY_EVENING - 3 * 3600
    services, cases = desk(tmp_path, now, cases=60)
    view = QueueView(services.runtime)
    case = next(case for case in cases if case.is_paused and case.client_up_to_date and case.assigned_at is not None)
    assert "$" not in view._timed(case, now)[0][0]
    behind = dataclasses.replace(case, client_up_to_date=False)
    assert "$" in view._timed(behind, now + 3600)[0][0]


def test_a_line_held_since_it_was_drawn_is_not_compared_again(tmp_path: Path) -> None:
    """The tick skips a line whose marks and countdowns are the very ones it was drawn with."""
    now = MONDAY_EVENING - 3 * 3600
    services, cases = desk(tmp_path, now, cases=60)
    view = QueueView(services.runtime)
    case = next(case for case in cases if case.is_paused)
    first = view._timed(case, now)
    assert view._timed(case, now + 30) is first  # a paused clock reads alike all along
    assert queue_marks_hold(services.runtime, case, now) >= now


def test_a_kept_line_shows_its_verification_overdue_once_the_deadline_passed(tmp_path: Path) -> None:
    """A paused clock holds forever; the verification's mark does not: it turns at its deadline."""
    services, cases = desk(tmp_path, MONDAY_MORNING)
    runtime = services.runtime
    view = QueueView(runtime)
    pending = [
        (case, due)
        for case in cases
        for due in [verification_deadline(runtime, case)]
        if due is not None and case.is_paused
    ]
    assert pending
    for case, due in pending:
        before = view._timed(case, due - 5)
        assert "V" not in before[0][0]
        assert queue_marks_hold(runtime, case, due - 5) == due
        assert "V" in view._timed(case, due + 1)[0][0]


def test_a_new_policy_version_in_force_measures_kept_lines_again(tmp_path: Path) -> None:
    """A case with no version of its own is measured by the version in force: one applied meanwhile
    (`Runtime.follow`) computes its line again, however long the old reading would have held."""
    now = MONDAY_EVENING - 3 * 3600
    services, cases = desk(tmp_path, now, cases=60)
    view = QueueView(services.runtime)
    case = next(case for case in cases if case.is_paused)
    first = view._timed(case, now)
    assert view._timed(case, now + 1) is first
    services.runtime.version = (services.runtime.version or 0) + 1  # what `follow` sets
    assert view._timed(case, now + 2) is not first


def test_a_line_is_not_measured_again_at_the_instant_it_was_measured(tmp_path: Path) -> None:
    """At 10:00:00 a deadline at a whole hour reads "22h 00m" and otherwise right after, so its line
    holds until a hair before that instant; a frozen clock asks the same instant every second (and
    again after each change elsewhere): the line is kept then, and measured again a second later."""
    services, cases = desk(tmp_path, MONDAY_MORNING)
    view = QueueView(services.runtime)
    for case in cases:
        view._timed(case, MONDAY_MORNING)
    empty = [case for case in cases if view._timed_of[case.code].until < MONDAY_MORNING]
    assert empty  # whole minutes left at a whole minute
    for case in empty:
        held = view._timed_of[case.code]
        assert view._timed(case, MONDAY_MORNING) is held.shown
        assert view._timed_of[case.code] is held
        view._timed(case, MONDAY_MORNING + 1)
        assert view._timed_of[case.code] is not held
