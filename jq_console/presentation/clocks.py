"""The two SLA clocks of a case at an instant, and how they look: text and colour.

Business-time targets count in working hours ('38h 12m' = 38 working hours and 12 minutes left), so
a countdown never suggests calendar days that are not there; calendar-day targets show days ('29d
23:59'). Seconds show within an hour of the deadline, before or after it ('59m 59s', '-12m 05s'):
that is when they matter, and a countdown whose text stays the same is not drawn again (with seconds
everywhere, every line holding a running clock was drawn and sent to the terminal each second).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.style import Style

from jq_console.domain.cases import Case
from jq_console.domain.sla import SAME_INSTANT, ClockState, SlaEngine
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


def text_holds(clock: Clock) -> float:
    """Seconds of the clock's own measure during which its text (`clock_text`) cannot change:
    forever for a clock that does not run (met, paused, no deadline); for a running clock the rest
    of the minute its text shows, or of the second within `SECONDS_WITHIN` of the deadline. Its state
    holds as long, but for the turn to at risk of a clock in time, which falls where its target puts
    it (`held_until` bounds that). Business time runs no faster than the wall clock, so the text also
    holds at least this many seconds of the clock of record."""
    left = clock.left
    if left is None or clock.state in (ClockState.MET, ClockState.PAUSED):
        return math.inf
    shown, unit = _shown(left)
    if left > 0:
        return left - shown  # until the time left falls below what is shown
    return shown + unit - abs(left)  # until the overrun reaches what shows next


def _shown(left: float) -> tuple[int, int]:
    """The seconds `time_left(left)` shows, overrun or not (whole minutes far from the deadline,
    whole seconds near it), and that unit."""
    total = int(abs(left))
    unit = 1 if total < SECONDS_WITHIN else 60
    return total // unit * unit, unit


def as_shown(left: float) -> int:
    """`left` to the unit its text shows, toward zero: rows ordered by it follow their texts, and
    rows showing the same text keep their order."""
    shown, _unit = _shown(left)
    return -shown if left < 0 else shown


def row_order(clock: Clock) -> tuple[float, float]:
    """Where a clock's row goes in a list by time left: the time left as its text shows it
    (`as_shown`), then its deadline. On one schedule the time left follows the deadline, so rows
    showing the same time come in their exact order and a row whose minute ends never passes
    another; a met or paused clock (no time running out) goes last."""
    if clock.left is None:
        return (math.inf, math.inf)
    return (as_shown(clock.left), math.inf if clock.due is None else clock.due)


HAIR = 0.001  # seconds: far above a float's rounding at today's epochs (about 2.4e-7 s)


def held_until(engine: SlaEngine, case: Case, clock: Clock, now: float) -> float:
    """The first instant after `now` at which `clock` (of `case`, measured by `engine` at `now`) may
    read or look otherwise: its schedule must open first (`SlaEngine.running_from`), then its text
    holds for `text_holds`, within the stretch where its time runs no faster than the wall clock
    (`SlaEngine.steady_until`); a clock in time turns at risk once no more than the policy's share
    of its target is left (`SlaEngine.at_risk_after`), and one not yet breached turns breached at its
    deadline, its schedule open or not. A hair early, so that no rounding of the instant can make it
    late."""
    holds = text_holds(clock)
    if holds == math.inf:
        return math.inf
    target = engine.target(case.severity, clock.kind)
    until = min(engine.running_from(target, now) + holds, engine.steady_until(target, now))
    if clock.state is ClockState.OK and clock.due is not None:
        # The share is left from that instant on; at a closing, time runs below it once it reopens.
        until = min(until, engine.running_from(target, engine.at_risk_after(target, clock.due)))
    if clock.state is not ClockState.BREACHED and clock.due is not None:
        until = min(until, clock.due + SAME_INSTANT)
    return until - HAIR
