"""How a countdown reads: working hours and minutes, seconds only within an hour of the deadline
(docs/policy.md, "Countdowns"). A countdown far from its deadline keeps its text for a minute, so a
console with the real clock draws nothing for it in between."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from jq_console.domain.sla import ClockState
from jq_console.presentation.clocks import (
    SECONDS_WITHIN,
    Clock,
    as_shown,
    clock_text,
    row_order,
    text_holds,
    time_left,
)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (38 * 3600 + 12 * 60 + 5, "38h 12m"),
        (3600, "1h 00m"),
        (3599.9, "59m 59s"),
        (61, "1m 01s"),
        (0.4, "0m 00s"),
        (-0.4, "0m 00s"),  # a hair under zero is zero: not overdue by itself
        (-725, "-12m 05s"),
        (-3600, "-1h 00m"),
        (-(24 * 3600 + 61), "-24h 01m"),
        (101 * 3600 + 5 * 60, "101h 05m"),
    ],
)
def test_a_countdown_shows_hours_and_minutes_and_seconds_only_in_the_last_hour(seconds: float, text: str) -> None:
    assert time_left(seconds) == text


def test_far_from_its_deadline_a_countdown_changes_once_a_minute_and_near_it_every_second() -> None:
    far = [time_left(5 * 3600 + 30 - second) for second in range(60)]
    assert len(set(far)) == 2  # 5h 00m until the half minute, then 4h 59m
    near = [time_left(SECONDS_WITHIN - 1 - second) for second in range(60)]
    assert len(set(near)) == 60


def test_paused_and_overdue_countdowns_fit_the_ten_columns_of_the_queue() -> None:
    paused = Clock("resolution", ClockState.PAUSED, 101 * 3600, None, False)
    overdue = Clock("resolution", ClockState.BREACHED, -(101 * 3600 + 59 * 60), 0.0, False)
    assert clock_text(paused) == "⏸ 101h 00m" and len(clock_text(paused)) <= 10
    assert clock_text(overdue) == "-101h 59m" and len(clock_text(overdue)) <= 10


def test_a_calendar_day_clock_counts_days_and_under_a_day_reads_as_any_other() -> None:
    def text(left: float) -> str:
        return clock_text(Clock("resolution", ClockState.AT_RISK, left, 0.0, True))

    assert text(18 * 86400 + 13 * 3600 + 18 * 60 + 59) == "18d 13:18"
    assert text(86400) == "1d 00:00"
    assert text(86399) == "23h 59m"  # no seconds a day away, as for working hours
    assert text(59 * 60 + 7) == "59m 07s"


def _texts_over(clock: Clock, seconds: float) -> set[str]:
    """The texts `clock` shows while `seconds` of its measure pass, sampled every tenth of a second."""
    steps = int(seconds * 10)
    left = clock.left
    assert left is not None
    return {
        clock_text(Clock(clock.kind, clock.state, left - step / 10, clock.due, clock.calendar_days))
        for step in range(steps + 1)
    }


@pytest.mark.parametrize("calendar_days", [False, True])
@pytest.mark.parametrize("in_time", [ClockState.OK, ClockState.AT_RISK])
def test_a_running_countdown_holds_its_text_for_what_text_holds_says_and_no_longer(
    calendar_days: bool, in_time: ClockState
) -> None:
    rng = random.Random(7)
    lefts = [rng.uniform(-40 * 86400, 40 * 86400) for _ in range(400)] + [rng.uniform(-4000, 4000) for _ in range(200)]
    lefts += [3600.0, 3660.5, 3599.5, -3600.0, -3659.5, -3599.5, 7200.0, 59.5, 1.5, -1.5]
    for left in lefts:
        state = in_time if left > 0 else ClockState.BREACHED
        clock = Clock("resolution", state, left, 0.0, calendar_days)
        holds = text_holds(clock)
        assert 0.0 <= holds <= (1.0 if abs(left) < SECONDS_WITHIN else 60.0)
        assert len(_texts_over(clock, holds - 1e-6)) == 1, left  # the same text all along ...
        later = Clock(clock.kind, state, left - holds - 0.01, 0.0, calendar_days)
        assert clock_text(later) != clock_text(clock), left  # ... and not a moment more


def test_a_clock_that_does_not_run_holds_forever_and_one_in_time_the_rest_of_its_minute() -> None:
    assert text_holds(Clock("resolution", ClockState.PAUSED, 5 * 3600, None, False)) == math.inf
    assert text_holds(Clock("assignment", ClockState.MET, None, 0.0, False)) == math.inf
    assert text_holds(Clock("resolution", ClockState.BREACHED, None, 0.0, False)) == math.inf  # met late
    # Its text; its turn to at risk is `held_until`'s to bound (tests/test_queue_view_held.py).
    assert text_holds(Clock("resolution", ClockState.OK, 30 * 3600 + 20, 0.0, False)) == 20


def test_rows_ordered_as_shown_follow_their_texts() -> None:
    rng = random.Random(11)
    lefts = sorted(rng.uniform(-3 * 86400, 3 * 86400) for _ in range(2000))
    shown = [as_shown(left) for left in lefts]
    assert shown == sorted(shown)  # never against the order of the times left
    for first, second in itertools.pairwise(lefts):
        same_text = time_left(first) == time_left(second)
        assert (as_shown(first) == as_shown(second)) == same_text or abs(first) < 1 or abs(second) < 1


def test_rows_showing_the_same_time_come_by_deadline_so_a_minute_ending_passes_no_row() -> None:
    """Two clocks on one schedule, 15 s apart, showing the same minute: the one due first stays first
    as their minutes end one after the other (ordered by code alone, it would jump ahead)."""
    due = 1_800_000_000.0

    def rows(elapsed: float) -> list[str]:
        first = ("JQ-2", Clock("resolution", ClockState.AT_RISK, 7530 - elapsed, due, False))
        second = ("JQ-1", Clock("resolution", ClockState.AT_RISK, 7545 - elapsed, due + 15, False))
        return [code for code, clock in sorted((first, second), key=lambda row: (row_order(row[1]), row[0]))]

    assert all(rows(elapsed) == ["JQ-2", "JQ-1"] for elapsed in range(61))
    paused = Clock("resolution", ClockState.PAUSED, 60.0, None, False)
    met = Clock("assignment", ClockState.MET, None, due, False)
    assert row_order(paused) < row_order(met) == (math.inf, math.inf)
