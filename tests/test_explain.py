"""The explanation of a deadline adds up to its target and names what did not count."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from jq_console.bootstrap import load_runtime
from jq_console.domain.explain import counted_seconds, explain, pause_intervals

BOGOTA = ZoneInfo("America/Bogota")


@pytest.fixture(scope="session")
def runtime():  # type: ignore[no-untyped-def]
    return load_runtime()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BOGOTA)


def test_s3_assignment_over_a_holiday_counts_sixty_minutes(runtime) -> None:  # type: ignore[no-untyped-def]
    calendar = runtime.engine.calendars["urgency"]
    lines = explain(calendar, at("2026-12-07T19:30"), at("2026-12-09T08:30"))
    assert counted_seconds(lines) == 3600
    assert [line.day for line in lines] == [date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 9)]
    holiday = lines[1]
    assert holiday.closed_reason == "holiday" and holiday.holiday_name and holiday.counted == ()
    assert lines[0].counted == ((at("2026-12-07T19:30"), at("2026-12-07T20:00")),)


def test_s2_resolution_shows_lunch_weekend_and_adds_up(runtime) -> None:  # type: ignore[no-untyped-def]
    calendar = runtime.engine.calendars["regular"]
    lines = explain(calendar, at("2026-12-07T15:00"), at("2026-12-17T15:00"))
    assert counted_seconds(lines) == 49 * 3600
    saturday = next(line for line in lines if line.day == date(2026, 12, 12))
    assert saturday.closed_reason == "closed" and saturday.counted == ()
    wednesday = next(line for line in lines if line.day == date(2026, 12, 9))
    assert wednesday.breaks == ((at("2026-12-09T13:00"), at("2026-12-09T14:00")),)


def test_pauses_are_not_counted_and_the_total_still_matches(runtime) -> None:  # type: ignore[no-untyped-def]
    engine = runtime.engine
    calendar = engine.calendars["regular"]
    opened = at("2026-12-09T09:00")
    target = engine.target("S2", "resolution")
    due = engine.due_epoch(target, opened.timestamp())
    wait, resume = at("2026-12-09T10:00"), at("2026-12-10T11:30")
    left = engine.pause(target, wait.timestamp(), due)
    new_due = datetime.fromtimestamp(engine.resume(target, resume.timestamp(), left), BOGOTA)
    lines = explain(calendar, opened, new_due, [(wait, resume)])
    assert counted_seconds(lines) == 49 * 3600
    first = lines[0]
    assert first.paused[0] == (wait, at("2026-12-09T13:00"))
    assert first.counted == ((opened, wait),)


def test_pause_intervals_pairs_wait_and_resume_and_keeps_an_open_pause() -> None:
    marks = [(100.0, "open"), (200.0, "wait"), (300.0, "resume"), (400.0, "wait")]
    assert pause_intervals(marks, 450.0) == [(200.0, 300.0), (400.0, 450.0)]
    assert pause_intervals([(1.0, "resume")], 5.0) == []


def test_parse_moment_reads_a_bare_time_as_today_and_keeps_iso() -> None:
    from jq_console.domain.moments import parse_moment
    from jq_console.domain.parsing import InputError

    now = at("2026-12-07T10:00")
    assert parse_moment("15:30", BOGOTA, now) == at("2026-12-07T15:30")
    assert parse_moment("2026-12-10T08:00", BOGOTA, now) == at("2026-12-10T08:00")
    for bad in ("", "25:00", "mañana"):
        with pytest.raises(InputError):
            parse_moment(bad, BOGOTA, now)


def test_work_start_defaults_to_ended_now_and_refuses_work_not_yet_done() -> None:
    from jq_console.domain.moments import work_start
    from jq_console.domain.parsing import InputError

    now = at("2026-12-07T10:00").timestamp()
    assert work_start(now, 90) == now - 90 * 60
    assert work_start(now, 60, now - 3600) == now - 3600  # ends exactly now: allowed
    last_month = at("2026-11-30T16:00").timestamp()
    assert work_start(now, 60, last_month) == last_month
    for typed in (now - 3599, now + 60):
        with pytest.raises(InputError) as caught:
            work_start(now, 60, typed)
        assert caught.value.code == "err.input.work_future"
