"""The two SLA clocks of a case at an instant, and how they look: text and colour.

Business-time targets count in working hours ('38h 12m' = 38 working hours and 12 minutes left), so
a countdown never suggests calendar days that are not there; calendar-day targets show days ('29d
23:59'). Seconds show within an hour of the deadline, before or after it ('59m 59s', '-12m 05s'):
that is when they matter, and a countdown whose text stays the same is not drawn again (with seconds
everywhere, every line holding a running clock was drawn and sent to the terminal each second).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style

from jq_console.domain.cases import Case
from jq_console.domain.sla import ClockState, SlaEngine
from jq_console.domain.vocabulary import ClockKind
from jq_console.i18n import duration

STYLES: dict[ClockState, Style] = {
    ClockState.OK: Style(color="green"),
    ClockState.AT_RISK: Style(color="yellow", bold=True),
    ClockState.BREACHED: Style(color="bright_white", bgcolor="red", bold=True),
    ClockState.PAUSED: Style(color="cyan", dim=True),
    ClockState.MET: Style(color="green", dim=True),
}


@dataclass(frozen=True)
class Clock:
    kind: ClockKind
    state: ClockState
    left: float | None  # time left in the target's measure; negative once breached; None once met
    due: float | None
    calendar_days: bool


def assignment_clock(engine: SlaEngine, case: Case, now: float) -> Clock:
    target = engine.target(case.severity, "assignment")
    met_at = case.assigned_at
    state = engine.state(target, now, case.assignment_due, met_at=met_at)
    left = None if met_at is not None else engine.remaining(target, now, case.assignment_due)
    return Clock("assignment", state, left, case.assignment_due, target.is_calendar)


def resolution_clock(engine: SlaEngine, case: Case, now: float) -> Clock:
    target = engine.target(case.severity, "resolution")
    if case.resolved_at is not None:
        state = engine.state(target, now, case.resolution_due, met_at=case.resolved_at)
        return Clock("resolution", state, None, case.resolution_due, target.is_calendar)
    if case.is_paused or case.resolution_due is None:
        return Clock("resolution", ClockState.PAUSED, case.resolution_left, None, target.is_calendar)
    state = engine.state(target, now, case.resolution_due)
    return Clock(
        "resolution", state, engine.remaining(target, now, case.resolution_due), case.resolution_due, target.is_calendar
    )


SECONDS_WITHIN = 3600  # seconds are shown this close to a deadline, before or after it
DAY = 86400


def time_left(seconds: float) -> str:
    """Working hours (or, for a calendar-day clock under a day, plain hours) and minutes left: '22h
    05m'; minutes and seconds within SECONDS_WITHIN of the deadline: '59m 59s'; '-' once overdue."""
    total = int(abs(seconds))
    sign = "-" if seconds < 0 and total else ""  # a hair under zero is zero: not overdue by itself
    if total < SECONDS_WITHIN:
        minutes, secs = divmod(total, 60)
        return f"{sign}{minutes}m {secs:02d}s"
    hours, rest = divmod(total, 3600)
    return f"{sign}{hours}h {rest // 60:02d}m"


def clock_text(clock: Clock) -> str:
    if clock.state is ClockState.MET:
        return "✓"
    if clock.left is None:
        return "✗" if clock.state is ClockState.BREACHED else "—"
    # Calendar-day targets count days while a day or more is left; under a day, hours as any clock.
    days = clock.calendar_days and abs(clock.left) >= DAY
    text = duration(clock.left) if days else time_left(clock.left)
    if clock.state is ClockState.BREACHED and not text.startswith("-"):
        text = "-" + text  # overdue with no working time elapsed since (after hours): still overdue
    if clock.state is not ClockState.PAUSED:
        return text
    # Paused, on every severity: "⏸ 22h 00m", and "⏸18d 13:18" for calendar days, both in the
    # ten columns a countdown has (the mark must never be the part that is cut off).
    return f"⏸{text}" if clock.calendar_days else f"⏸ {text}"
