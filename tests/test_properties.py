"""Properties of the business calendars, on random instants (2025-2028) and random amounts."""

from __future__ import annotations

from datetime import datetime, timedelta

from conftest import BOGOTA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jq_console.domain.calendar import BusinessCalendar
from jq_console.domain.sla import SlaEngine
from jq_console.domain.vocabulary import Severity

START = datetime(2025, 1, 1, tzinfo=BOGOTA).timestamp()
END = datetime(2029, 1, 1, tzinfo=BOGOTA).timestamp()

instants = st.integers(min_value=int(START), max_value=int(END) - 1)
# Whole minutes too, so that interval edges (09:00, 13:00, 17:00, 20:00 ...) are hit often.
minute_instants = st.integers(min_value=int(START) // 60, max_value=int(END) // 60 - 1).map(lambda m: m * 60)
any_instant = st.one_of(instants, minute_instants)
amounts = st.integers(min_value=1, max_value=20000)  # business minutes
schedules = st.sampled_from(["regular", "urgency"])

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _interval_edges(calendar: BusinessCalendar, moment: float) -> set[float]:
    local = datetime.fromtimestamp(moment, BOGOTA)
    return {
        stop.timestamp()
        for day in (local.date(), local.date() - timedelta(days=1))
        for _, stop in calendar.open_intervals(day)
    }


@SETTINGS
@given(schedule=schedules, start=any_instant, minutes=amounts)
def test_measuring_what_was_added_gives_it_back(engine: SlaEngine, schedule: str, start: int, minutes: int) -> None:
    calendar = engine.calendars[schedule]
    due = calendar.add_seconds(start, minutes * 60)
    assert due > start
    assert calendar.seconds_between(start, due) == minutes * 60
    assert calendar.seconds_between(due, start) == -minutes * 60


@SETTINGS
@given(schedule=schedules, start=any_instant, minutes=amounts)
def test_due_is_the_earliest_instant(engine: SlaEngine, schedule: str, start: int, minutes: int) -> None:
    calendar = engine.calendars[schedule]
    due = calendar.add_seconds(start, minutes * 60)
    # one second earlier, a second of the target is still missing
    assert calendar.seconds_between(start, due - 1) == minutes * 60 - 1


@SETTINGS
@given(schedule=schedules, start=any_instant, minutes=amounts)
def test_due_is_never_outside_the_schedule(engine: SlaEngine, schedule: str, start: int, minutes: int) -> None:
    calendar = engine.calendars[schedule]
    due = calendar.add_seconds(start, minutes * 60)
    moment = datetime.fromtimestamp(due, BOGOTA)
    assert calendar.is_open(moment) or due in _interval_edges(calendar, due), moment


@SETTINGS
@given(schedule=schedules, a=any_instant, b=any_instant, c=any_instant)
def test_seconds_between_is_additive(engine: SlaEngine, schedule: str, a: int, b: int, c: int) -> None:
    calendar = engine.calendars[schedule]
    a, b, c = sorted((a, b, c))
    assert calendar.seconds_between(a, b) + calendar.seconds_between(b, c) == calendar.seconds_between(a, c)
    assert calendar.seconds_between(a, c) <= c - a


@SETTINGS
@given(
    severity=st.sampled_from(["S1", "S2", "S3"]),
    opened=any_instant,
    paused=st.integers(min_value=0, max_value=40 * 86400),
    waited=st.integers(min_value=0, max_value=60 * 86400),
)
def test_pause_then_resume_preserves_business_time_left(
    engine: SlaEngine, severity: Severity, opened: int, paused: int, waited: int
) -> None:
    target = engine.target(severity, "resolution")
    _, due = engine.deadlines_epoch(severity, opened)
    pause_at = opened + paused
    resume_at = pause_at + waited
    left = engine.pause(target, pause_at, due)
    if left <= 0:
        return  # already breached when paused: covered in test_sla.py
    new_due = engine.resume(target, resume_at, left)
    assert engine.remaining(target, resume_at, new_due) == left
    assert new_due >= due  # waiting never brings the deadline forward
    if waited == 0:
        assert new_due == due
    if target.is_calendar:
        assert new_due - due == waited


@SETTINGS
@given(schedule=schedules, start=any_instant, minutes=amounts)
def test_matches_a_minute_by_minute_walk_for_short_targets(
    engine: SlaEngine, schedule: str, start: int, minutes: int
) -> None:
    # an independent, naive model: walk whole minutes using is_open(), only for short targets
    calendar = engine.calendars[schedule]
    minutes = minutes % 600 + 1
    start = start - start % 60
    moment, counted = start, 0
    while counted < minutes:
        if calendar.is_open(datetime.fromtimestamp(moment, BOGOTA)):
            counted += 1
        moment += 60
    assert calendar.add_seconds(start, minutes * 60) == moment
