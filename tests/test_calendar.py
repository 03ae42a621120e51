"""BusinessCalendar on the shipped schedules and Colombian holidays. Expected instants are worked
out by hand from docs/policy.md (regular Mon-Fri 09-13 + 14-17, urgency Mon-Sat 08-20, CO holidays).

Dates used: Mon 2026-12-07, Tue 2026-12-08 (Inmaculada, holiday), Mon 2026-12-14, Sat 2026-12-12,
Fri 2026-12-18, Thu 2026-12-31, Fri 2027-01-01 (holiday), Sat 2027-01-02, Mon 2027-01-04.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import bogota

from jq_console.bootstrap import Runtime
from jq_console.domain.calendar import BusinessCalendar
from jq_console.domain.policy import Schedule


def test_runtime_clock_is_frozen(runtime: Runtime) -> None:
    assert runtime.now() == bogota("2026-12-07T10:00").timestamp()
    assert runtime.local(runtime.now()).utcoffset() == timedelta(hours=-5)


# -- adding business time --------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, minutes, due",
    [
        # lunch is skipped
        ("2026-12-14T12:30", 60, "2026-12-14T14:30"),
        ("2026-12-14T11:00", 180, "2026-12-14T15:00"),
        # a target used up exactly at 13:00 or 17:00 is due then, not at the next opening
        ("2026-12-14T12:00", 60, "2026-12-14T13:00"),
        ("2026-12-14T09:00", 240, "2026-12-14T13:00"),
        ("2026-12-14T16:00", 60, "2026-12-14T17:00"),
        ("2026-12-14T09:00", 420, "2026-12-14T17:00"),
        ("2026-12-14T09:00", 421, "2026-12-15T09:01"),
        # opened outside hours: counting starts at the next opening
        ("2026-12-14T07:15", 30, "2026-12-14T09:30"),
        ("2026-12-14T13:30", 30, "2026-12-14T14:30"),
        ("2026-12-14T13:00", 30, "2026-12-14T14:30"),
        ("2026-12-14T18:00", 30, "2026-12-15T09:30"),
        ("2026-12-14T17:00", 30, "2026-12-15T09:30"),
        ("2026-12-13T11:00", 30, "2026-12-14T09:30"),  # Sunday
        ("2026-12-12T10:00", 60, "2026-12-14T10:00"),  # Saturday: closed on the regular schedule
        # weekends
        ("2026-12-18T16:30", 60, "2026-12-21T09:30"),
        # Tue 2026-12-08 is a holiday
        ("2026-12-07T16:30", 60, "2026-12-09T09:30"),
        # Reyes Magos (Jan 6, a Tuesday in 2026) is observed on Monday 2026-01-12
        ("2026-01-09T16:00", 120, "2026-01-13T10:00"),
        ("2026-01-05T16:00", 120, "2026-01-06T10:00"),  # Jan 6 itself is a working day
        # year end: Fri 2027-01-01 holiday, then the weekend
        ("2026-12-31T16:00", 120, "2027-01-04T10:00"),
    ],
)
def test_regular_add(regular: BusinessCalendar, start: str, minutes: int, due: str) -> None:
    assert regular.add(bogota(start), minutes) == bogota(due)


@pytest.mark.parametrize(
    "start, minutes, due",
    [
        ("2026-12-12T10:00", 60, "2026-12-12T11:00"),  # Saturday is open 08-20
        ("2026-12-12T19:30", 60, "2026-12-14T08:30"),  # ... Sunday is not
        ("2026-12-13T12:00", 60, "2026-12-14T09:00"),  # opened on Sunday
        ("2026-12-14T06:00", 60, "2026-12-14T09:00"),  # before 08:00
        ("2026-12-14T12:30", 60, "2026-12-14T13:30"),  # no lunch break
        ("2026-12-14T19:00", 60, "2026-12-14T20:00"),  # used up exactly at closing
        ("2026-12-14T20:00", 60, "2026-12-15T09:00"),
        ("2026-12-07T19:30", 60, "2026-12-09T08:30"),  # over the Dec 8 holiday
        ("2026-12-31T19:00", 120, "2027-01-02T09:00"),  # Jan 1 holiday, Saturday Jan 2 open
        ("2026-01-10T19:00", 120, "2026-01-13T09:00"),  # Sat, Sun closed, Mon Jan 12 Reyes observed
    ],
)
def test_urgency_add(urgency: BusinessCalendar, start: str, minutes: int, due: str) -> None:
    assert urgency.add(bogota(start), minutes) == bogota(due)


def test_add_zero_is_identity_and_negative_goes_back(regular: BusinessCalendar) -> None:
    sunday = bogota("2026-12-13T11:00")
    assert regular.add(sunday, 0) == sunday
    # back from a closed Sunday: the last 5 business minutes of Friday
    assert regular.add(sunday, -5) == bogota("2026-12-11T16:55")
    # back across lunch: 14:10 minus 20 business minutes is 12:50
    assert regular.add(bogota("2026-12-14T14:10"), -20) == bogota("2026-12-14T12:50")
    # back across the start of the table (years before any use) still works
    assert regular.add(bogota("2019-01-02T09:30"), -60) == bogota("2018-12-31T16:30")


def test_add_accepts_other_offsets(regular: BusinessCalendar) -> None:
    # 17:30 UTC is 12:30 in Bogota
    assert regular.add(bogota("2026-12-14T17:30+00:00"), 60) == bogota("2026-12-14T14:30")


# -- measuring business time -----------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, minutes",
    [
        ("2026-12-14T12:30", "2026-12-14T14:30", 60),
        ("2026-12-14T13:00", "2026-12-14T14:00", 0),
        ("2026-12-18T17:00", "2026-12-21T09:00", 0),
        # Mon 12-07 7 h, Tue holiday, Wed-Fri 21 h
        ("2026-12-07T00:00", "2026-12-14T00:00", 28 * 60),
        ("2026-12-31T00:00", "2027-01-05T00:00", 7 * 60 + 7 * 60),  # Thu Dec 31 and Mon Jan 4 only
    ],
)
def test_regular_minutes_between(regular: BusinessCalendar, start: str, end: str, minutes: int) -> None:
    assert regular.minutes_between(bogota(start), bogota(end)) == minutes
    assert regular.minutes_between(bogota(end), bogota(start)) == -minutes


@pytest.mark.parametrize(
    "start, end, minutes",
    [
        # Mon 12 h, Tue holiday, Wed-Sat 4 x 12 h, Sunday closed
        ("2026-12-07T00:00", "2026-12-14T00:00", 60 * 60),
        ("2026-12-31T00:00", "2027-01-03T00:00", 24 * 60),  # Thu Dec 31 + Sat Jan 2
    ],
)
def test_urgency_minutes_between(urgency: BusinessCalendar, start: str, end: str, minutes: int) -> None:
    assert urgency.minutes_between(bogota(start), bogota(end)) == minutes


# -- which instants are open -----------------------------------------------------------------


@pytest.mark.parametrize(
    "moment, regular_open, urgency_open",
    [
        ("2026-12-14T08:59", False, True),
        ("2026-12-14T09:00", True, True),
        ("2026-12-14T12:59", True, True),
        ("2026-12-14T13:00", False, True),  # lunch
        ("2026-12-14T14:00", True, True),
        ("2026-12-14T17:00", False, True),
        ("2026-12-14T19:59", False, True),
        ("2026-12-14T20:00", False, False),
        ("2026-12-14T07:59", False, False),
        ("2026-12-12T10:00", False, True),  # Saturday
        ("2026-12-13T10:00", False, False),  # Sunday
        ("2026-12-08T10:00", False, False),  # Inmaculada Concepción
        ("2026-12-25T10:00", False, False),  # Navidad
        ("2027-01-01T10:00", False, False),  # Año nuevo
        ("2027-01-02T10:00", False, True),  # Saturday after new year
        ("2026-01-12T10:00", False, False),  # Reyes Magos, moved to Monday
        ("2026-01-06T10:00", True, True),  # ... so Jan 6 itself is open
        ("2026-03-23T10:00", False, False),  # San José, moved to Monday
        ("2026-03-19T10:00", True, True),  # ... so Mar 19 is open
        ("2026-04-03T10:00", False, False),  # Viernes Santo
    ],
)
def test_is_open(
    regular: BusinessCalendar, urgency: BusinessCalendar, moment: str, regular_open: bool, urgency_open: bool
) -> None:
    assert regular.is_open(bogota(moment)) is regular_open
    assert urgency.is_open(bogota(moment)) is urgency_open


def test_holiday_names_come_from_the_co_calendar(regular: BusinessCalendar) -> None:
    assert regular.holiday_name(date(2026, 12, 8)) is not None
    assert regular.holiday_name(date(2026, 1, 12)) is not None
    assert regular.holiday_name(date(2026, 1, 6)) is None
    assert regular.holiday_name(date(2026, 12, 7)) is None


def test_open_intervals(regular: BusinessCalendar, urgency: BusinessCalendar) -> None:
    assert regular.open_intervals(date(2026, 12, 14)) == (
        (bogota("2026-12-14T09:00"), bogota("2026-12-14T13:00")),
        (bogota("2026-12-14T14:00"), bogota("2026-12-14T17:00")),
    )
    assert urgency.open_intervals(date(2026, 12, 12)) == ((bogota("2026-12-12T08:00"), bogota("2026-12-12T20:00")),)
    assert regular.open_intervals(date(2026, 12, 12)) == ()
    assert regular.open_intervals(date(2026, 12, 8)) == ()


@pytest.mark.parametrize(
    "moment, start, stop",
    [
        ("2026-12-14T10:00", "2026-12-14T09:00", "2026-12-14T13:00"),
        ("2026-12-14T13:15", "2026-12-14T14:00", "2026-12-14T17:00"),
        ("2026-12-14T17:00", "2026-12-15T09:00", "2026-12-15T13:00"),
        ("2026-12-12T10:00", "2026-12-14T09:00", "2026-12-14T13:00"),
        ("2026-12-07T17:30", "2026-12-09T09:00", "2026-12-09T13:00"),
    ],
)
def test_current_or_next_opening(regular: BusinessCalendar, moment: str, start: str, stop: str) -> None:
    assert regular.current_or_next_opening(bogota(moment)) == (bogota(start), bogota(stop))


def test_days_explains_holidays_weekends_and_lunch(regular: BusinessCalendar) -> None:
    accounts = list(regular.days(bogota("2026-12-07T15:00"), bogota("2026-12-14T10:00")))
    assert [a.day for a in accounts] == [date(2026, 12, d) for d in range(7, 15)]
    by_day = {a.day.day: a for a in accounts}
    assert by_day[7].seconds == 2 * 3600 and by_day[7].closed_reason is None
    assert by_day[8].seconds == 0 and by_day[8].closed_reason == "holiday" and by_day[8].holiday_name
    assert by_day[9].seconds == 7 * 3600
    assert by_day[9].breaks == ((bogota("2026-12-09T13:00"), bogota("2026-12-09T14:00")),)
    assert by_day[12].closed_reason == "closed" and by_day[13].closed_reason == "closed"
    assert by_day[14].seconds == 3600
    assert sum(a.seconds for a in accounts) == 24 * 3600  # the S2 assignment target, see test_sla


@pytest.mark.parametrize("schedule", ["regular", "urgency"])
def test_running_from_is_now_when_open_else_the_next_opening(schedule: str, request: pytest.FixtureRequest) -> None:
    """Over a holiday week and its weekend, by the quarter hour and at the edges of each interval."""
    calendar: BusinessCalendar = request.getfixturevalue(schedule)
    first = bogota("2026-12-04T00:00")  # a Friday; Dec 8 is a holiday
    moments = [first + timedelta(minutes=15 * step) for step in range(4 * 24 * 10)]
    edges = [edge for day in range(10) for span in calendar.open_intervals(date(2026, 12, 4 + day)) for edge in span]
    moments += edges + [edge - timedelta(seconds=1) for edge in edges]
    for moment in moments:
        start, _stop = calendar.current_or_next_opening(moment)
        expected = moment if calendar.is_open(moment) else start
        assert calendar.running_from(moment.timestamp()) == expected.timestamp(), moment


def test_business_time_runs_no_faster_than_the_wall_clock_within_a_local_day() -> None:
    """What `presentation.clocks.held_until` relies on to keep a countdown: within a local day business
    time never outruns the wall clock. A day shortened by a clock change (here New York's, on a schedule
    open around the clock) counts an hour the day never reaches, and `day_end` is where it is added."""
    new_york = ZoneInfo("America/New_York")
    always = Schedule("always", "always", (((0, 86400),),) * 7)
    calendar = BusinessCalendar(always, lambda year: {}, new_york)
    first = datetime(2025, 3, 8, tzinfo=new_york).timestamp()
    for step in range(4 * 24 * 6):  # every ten minutes from March 8 to 11 (the clocks spring forward on the 9th)
        start = first + 600 * step
        end = min(start + 3 * 3600, calendar.day_end(start) - 0.001)
        assert calendar.seconds_between(start, end) <= end - start + 1e-6, datetime.fromtimestamp(start, new_york)
    midnight = datetime(2025, 3, 10, tzinfo=new_york).timestamp()
    assert calendar.day_end(midnight - 10) == midnight
    assert calendar.seconds_between(midnight - 10, midnight + 10) > 20  # the hour the short day never had
