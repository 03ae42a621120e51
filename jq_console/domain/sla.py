"""SLA targets turned into deadlines, and the state of each clock at a given instant."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import Enum

from jq_console.domain.calendar import BusinessCalendar
from jq_console.domain.policy import Policy, Target
from jq_console.domain.vocabulary import ClockKind, Severity

# Instants are floats: a deadline computed to 17:00:00 may come out a hair before it. Within half a
# second of the deadline counts as on it, so work done exactly at 17:00 is met (never a countdown of minus zero).
SAME_INSTANT = 0.5


class ClockState(str, Enum):
    OK = "ok"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    PAUSED = "paused"
    MET = "met"


@dataclass(frozen=True)
class Deadlines:
    assignment_due: datetime
    resolution_due: datetime


class SlaEngine:
    """Deadlines per severity from the policy, on calendars passed in (one per schedule)."""

    def __init__(self, policy: Policy, calendars: Mapping[str, BusinessCalendar], tz: tzinfo) -> None:
        self.policy = policy
        self.calendars = calendars
        self.tz = tz

    def calendar_for(self, target: Target) -> BusinessCalendar:
        return self.calendars[target.schedule]

    def target(self, severity: Severity, kind: ClockKind) -> Target:
        sev = self.policy.severities[severity]
        if kind == "assignment":
            return sev.assignment
        if kind == "resolution":
            return sev.resolution
        raise ValueError(f"unknown clock kind {kind!r}")  # a programming error: mypy sees the Literal

    # -- deadlines -------------------------------------------------------------------------
    def due_epoch(self, target: Target, start: float) -> float:
        if target.is_calendar:
            local = datetime.fromtimestamp(start, self.tz)
            return (local + timedelta(days=target.amount)).timestamp()
        return self.calendars[target.schedule].add_seconds(start, target.amount * 60)

    def deadlines_epoch(self, severity: Severity, opened: float) -> tuple[float, float]:
        sev = self.policy.severities[severity]
        return self.due_epoch(sev.assignment, opened), self.due_epoch(sev.resolution, opened)

    def deadlines(self, severity: Severity, opened: datetime) -> Deadlines:
        assignment, resolution = self.deadlines_epoch(severity, opened.timestamp())
        return Deadlines(datetime.fromtimestamp(assignment, self.tz), datetime.fromtimestamp(resolution, self.tz))

    # -- time left, pause and resume ---------------------------------------------------------
    def target_seconds(self, target: Target) -> float:
        return target.amount * 86400 if target.is_calendar else target.amount * 60

    def remaining(self, target: Target, now: float, due: float) -> float:
        """Time left to `due` in the target's own measure: business seconds, or plain seconds
        for calendar-day targets. Negative once breached."""
        if target.is_calendar:
            return due - now
        return self.calendars[target.schedule].seconds_between(now, due)

    def running_from(self, target: Target, now: float) -> float:
        """`now`, or when the target's schedule next opens if it is closed: its clocks stand still
        until then (a calendar-day target always runs)."""
        return now if target.is_calendar else self.calendars[target.schedule].running_from(now)

    def steady_until(self, target: Target, now: float) -> float:
        """Until when the target's time runs no faster than the wall clock: always for calendar
        days; for business time, to the end of the local day (`BusinessCalendar.day_end`)."""
        return math.inf if target.is_calendar else self.calendars[target.schedule].day_end(now)

    def pause(self, target: Target, now: float, due: float) -> float:
        """The time the clock had left when paused; `resume` gives it back in full."""
        return self.remaining(target, now, due)

    def resume(self, target: Target, now: float, remaining: float) -> float:
        """The new due instant: `remaining` after `now`, or as far before it when the clock was
        already breached at the pause, so the overrun is kept."""
        if target.is_calendar:
            return now + remaining
        return self.calendars[target.schedule].add_seconds(now, remaining)

    def due_counting(
        self, target: Target, start: float, pauses: Sequence[tuple[float, float | None]]
    ) -> tuple[float | None, float | None]:
        """`target` counted from `start`, the paused intervals (wall-clock, in order; an end of None:
        still paused) not counting: (due, None), or (None, time left) while the last pause goes on.
        A due instant in the past means the clock would already have been breached then."""
        left = self.target_seconds(target)
        cursor = start
        for pause_start, pause_end in pauses:
            if pause_start > cursor:
                span = self.remaining(target, cursor, pause_start)
                if span >= left:
                    return self.resume(target, cursor, left), None
                left -= span
            if pause_end is None:
                return None, left
            cursor = max(cursor, pause_end)
        return self.resume(target, cursor, left), None

    def at_risk_after(self, target: Target, due: float) -> float:
        """The earliest instant at which no more than the at-risk share of the target is left before
        `due`: until it, time alone cannot put the clock at risk (`state` says at risk once less is left)."""
        share = self.target_seconds(target) * self.policy.at_risk_fraction
        if target.is_calendar:
            return due - share
        return self.calendars[target.schedule].add_seconds(due, -share)

    def state(
        self, target: Target, now: float, due: float | None, *, met_at: float | None = None, paused: bool = False
    ) -> ClockState:
        if met_at is not None:
            return ClockState.MET if due is None or met_at <= due + SAME_INSTANT else ClockState.BREACHED
        if paused or due is None:
            return ClockState.PAUSED
        if now > due + SAME_INSTANT:
            return ClockState.BREACHED
        if self.remaining(target, now, due) < self.target_seconds(target) * self.policy.at_risk_fraction:
            return ClockState.AT_RISK
        return ClockState.OK
