"""SlaEngine: deadlines per severity (docs/policy.md worked examples and more), pause/resume, clock states."""

from __future__ import annotations

import pytest
from conftest import bogota, epoch

from jq_console.domain.sla import ClockState, SlaEngine
from jq_console.domain.vocabulary import Severity

# -- the three worked examples of docs/policy.md, exactly ----------------------------------------


@pytest.mark.parametrize(
    "severity, opened, assignment, resolution",
    [
        ("S3", "2026-12-07T19:30-05:00", "2026-12-09T08:30-05:00", "2026-12-10T19:30-05:00"),
        ("S2", "2026-12-07T15:00-05:00", "2026-12-14T10:00-05:00", "2026-12-17T15:00-05:00"),
        ("S1", "2026-12-24T16:30-05:00", "2026-12-31T11:30-05:00", "2027-01-23T16:30-05:00"),
    ],
)
def test_policy_worked_examples(
    engine: SlaEngine, severity: Severity, opened: str, assignment: str, resolution: str
) -> None:
    due = engine.deadlines(severity, bogota(opened))
    assert due.assignment_due == bogota(assignment)
    assert due.resolution_due == bogota(resolution)
    assert engine.deadlines_epoch(severity, epoch(opened)) == (epoch(assignment), epoch(resolution))


# -- more deadlines, worked out by hand -------------------------------------------------------


@pytest.mark.parametrize(
    "severity, opened, assignment, resolution",
    [
        # Saturday: the regular clock starts Mon 12-07 09:00. Assignment 24 h: Mon 7, Tue holiday,
        # Wed+Thu 14, Fri 09-12 3. Resolution 49 h: Mon 7, Wed-Fri 21, Mon-Wed 12-14..16 21 = 49, used
        # up exactly at 17:00 on Wed 12-16.
        ("S2", "2026-12-05T10:00", "2026-12-11T12:00", "2026-12-16T17:00"),
        # S3 opened on a Saturday morning: the urgency schedule is open
        ("S3", "2026-12-12T10:00", "2026-12-12T11:00", "2026-12-15T10:00"),
        # S3 opened Sunday: counts from Mon 08:00; 24 h = Mon 12 h + Tue 12 h -> Tue 20:00 (not Wed 08:00)
        ("S3", "2026-12-13T09:00", "2026-12-14T09:00", "2026-12-15T20:00"),
        # S3 across year end: assignment used up exactly at 20:00 on Thu 12-31; resolution: Thu 1 h,
        # Fri 01-01 holiday, Sat 01-02 12 h, Sun closed, Mon 11 h
        ("S3", "2026-12-31T19:00", "2026-12-31T20:00", "2027-01-04T19:00"),
        ("S3", "2026-12-31T19:30", "2027-01-02T08:30", "2027-01-04T19:30"),
    ],
)
def test_more_deadlines(engine: SlaEngine, severity: Severity, opened: str, assignment: str, resolution: str) -> None:
    due = engine.deadlines(severity, bogota(opened))
    assert (due.assignment_due, due.resolution_due) == (bogota(assignment), bogota(resolution))


@pytest.mark.parametrize(
    "opened, resolution",
    [
        ("2026-12-04T10:00", "2027-01-03T10:00"),  # due on a Sunday: calendar days ignore the schedule
        ("2026-11-08T22:15", "2026-12-08T22:15"),  # due on a holiday, at night
        ("2026-12-24T16:30", "2027-01-23T16:30"),
        ("2027-01-31T08:00", "2027-03-02T08:00"),  # across February
    ],
)
def test_s1_resolution_is_calendar_days_same_local_time(engine: SlaEngine, opened: str, resolution: str) -> None:
    assert engine.deadlines("S1", bogota(opened)).resolution_due == bogota(resolution)


# -- remaining, pause and resume --------------------------------------------------------------


def test_remaining_business_time(engine: SlaEngine) -> None:
    target = engine.target("S2", "resolution")
    due = epoch("2026-12-17T15:00")
    # Wed 12-16 10:00 -> Thu 15:00: Wed 6 h + Thu 5 h
    assert engine.remaining(target, epoch("2026-12-16T10:00"), due) == 11 * 3600
    # negative once breached (Thu 15:00 -> 16:30 is 1.5 business hours)
    assert engine.remaining(target, epoch("2026-12-17T16:30"), due) == -1.5 * 3600


def test_pause_then_resume_gives_back_the_business_time_left(engine: SlaEngine) -> None:
    target = engine.target("S2", "resolution")
    due = epoch("2026-12-17T15:00")  # S2 opened Mon 12-07 15:00
    # paused Wed 12-09 10:00: 3 of the 49 h used (Mon 2 h, Wed 1 h)
    left = engine.pause(target, epoch("2026-12-09T10:00"), due)
    assert left == 46 * 3600
    # resumed on Monday 12-14 09:00: Mon-Fri 35 h, Mon 12-21 7 h, Tue 12-22 09:00-13:00 4 h
    new_due = engine.resume(target, epoch("2026-12-14T09:00"), left)
    assert new_due == epoch("2026-12-22T13:00")
    assert engine.remaining(target, epoch("2026-12-14T09:00"), new_due) == left


def test_resume_outside_hours_counts_from_next_opening(engine: SlaEngine) -> None:
    target = engine.target("S3", "resolution")
    # one urgency hour left, resumed Saturday 19:30 -> 30 min Saturday, Sunday closed, Mon 08:30
    assert engine.resume(target, epoch("2026-12-12T19:30"), 3600) == epoch("2026-12-14T08:30")


def test_pause_resume_calendar_target(engine: SlaEngine) -> None:
    target = engine.target("S1", "resolution")
    due = epoch("2027-01-23T16:30")
    left = engine.pause(target, epoch("2027-01-13T16:30"), due)
    assert left == 10 * 86400
    assert engine.resume(target, epoch("2027-02-01T09:00"), left) == epoch("2027-02-11T09:00")


# -- clock states -----------------------------------------------------------------------------

S2_DUE = "2026-12-17T15:00"  # S2 resolution (2940 business min); at risk below 735 min = 12 h 15 m


@pytest.mark.parametrize(
    "now, state",
    [
        ("2026-12-07T15:00", ClockState.OK),
        ("2026-12-16T10:00", ClockState.AT_RISK),  # 11 h left
        ("2026-12-15T16:45", ClockState.OK),  # exactly 12 h 15 m left: not yet in the last 25 %
        ("2026-12-15T16:46", ClockState.AT_RISK),  # 12 h 14 m left
        ("2026-12-15T12:00", ClockState.OK),
        ("2026-12-17T14:59", ClockState.AT_RISK),
        ("2026-12-17T15:01", ClockState.BREACHED),
        ("2026-12-19T10:00", ClockState.BREACHED),  # Saturday after, no business time elapsed
    ],
)
def test_resolution_state(engine: SlaEngine, now: str, state: str) -> None:
    target = engine.target("S2", "resolution")
    assert engine.state(target, epoch(now), epoch(S2_DUE)) is state


def test_state_at_risk_across_a_closed_weekend(engine: SlaEngine) -> None:
    # Sat 12-12 noon is "far" in wall time from Thu 12-17 15:00 but only Mon-Wed 21 h + Thu 5 h = 26 h
    # of business time: still OK; after Tue 12-15 16:45 it is at risk (checked above).
    target = engine.target("S2", "resolution")
    assert engine.state(target, epoch("2026-12-12T12:00"), epoch(S2_DUE)) is ClockState.OK


def test_assignment_state_s3(engine: SlaEngine) -> None:
    target = engine.target("S3", "assignment")  # 60 urgency minutes; at risk in the last 15
    due = epoch("2026-12-09T08:30")
    assert engine.state(target, epoch("2026-12-07T19:30"), due) is ClockState.OK
    assert engine.state(target, epoch("2026-12-09T08:10"), due) is ClockState.OK  # 20 min left
    assert engine.state(target, epoch("2026-12-09T08:20"), due) is ClockState.AT_RISK  # 10 min left
    assert engine.state(target, epoch("2026-12-09T08:31"), due) is ClockState.BREACHED
    # Tue 12-08 (holiday) 19:55: wall-clock far, business-wise still 30 min left
    assert engine.state(target, epoch("2026-12-08T19:55"), due) is ClockState.OK


def test_calendar_target_state(engine: SlaEngine) -> None:
    target = engine.target("S1", "resolution")  # 30 days; at risk in the last 7.5 days
    due = epoch("2027-01-23T16:30")
    assert engine.state(target, epoch("2027-01-15T16:30"), due) is ClockState.OK  # 8 days left
    assert engine.state(target, epoch("2027-01-16T16:30"), due) is ClockState.AT_RISK  # 7 days
    assert engine.state(target, epoch("2027-01-23T16:31"), due) is ClockState.BREACHED


def test_paused_met_and_breached_at_completion(engine: SlaEngine) -> None:
    target = engine.target("S2", "resolution")
    due = epoch(S2_DUE)
    late = epoch("2026-12-18T10:00")
    assert engine.state(target, late, due, paused=True) is ClockState.PAUSED
    assert engine.state(target, late, None) is ClockState.PAUSED
    assert engine.state(target, late, due, met_at=epoch("2026-12-10T10:00")) is ClockState.MET
    assert engine.state(target, late, due, met_at=due) is ClockState.MET
    assert engine.state(target, late, due, met_at=epoch("2026-12-17T15:01")) is ClockState.BREACHED
    # met wins over paused
    assert engine.state(target, late, due, met_at=epoch("2026-12-10T10:00"), paused=True) is ClockState.MET


def test_a_breached_calendar_clock_stays_breached_after_pause_and_resume(engine: SlaEngine) -> None:
    target = engine.target("S1", "resolution")
    left = engine.pause(target, epoch("2027-01-24T16:30"), epoch("2027-01-23T16:30"))
    assert left == -86400
    resumed_at = epoch("2027-02-01T09:00")
    due = engine.resume(target, resumed_at, left)
    assert engine.state(target, resumed_at, due) is ClockState.BREACHED
    assert engine.remaining(target, resumed_at, due) == left


def test_a_breached_business_clock_stays_breached_after_pause_and_resume(engine: SlaEngine) -> None:
    target = engine.target("S2", "resolution")
    # due Thu 12-17 15:00, paused Fri 12-18 10:00: 3 business hours late
    left = engine.pause(target, epoch("2026-12-18T10:00"), epoch(S2_DUE))
    assert left == -3 * 3600
    resumed_at = epoch("2026-12-21T09:00")
    due = engine.resume(target, resumed_at, left)
    assert engine.state(target, resumed_at, due) is ClockState.BREACHED
    assert engine.remaining(target, resumed_at, due) == left
