"""Why a deadline falls where it does: the working time counted day by day, the lunch breaks,
the days the schedule was closed (weekends, holidays by name) and the time the clock was paused.

An agent reads this to defend a deadline to a client, so the counted time must add up to the
target exactly as the SLA engine computed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from jq_console.domain.calendar import BusinessCalendar

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class DayLine:
    day: date
    counted: tuple[Interval, ...]  # working time that counted towards the target
    paused: tuple[Interval, ...]  # working time not counted: the clock was paused (waiting on the client)
    breaks: tuple[Interval, ...]  # gaps between working periods (lunch)
    closed_reason: str | None  # "holiday", "closed" (the schedule never opens that weekday) or None
    holiday_name: str | None

    @property
    def seconds(self) -> int:
        return int(sum((end - start).total_seconds() for start, end in self.counted))


def clock_stops(marks: Iterable[tuple[float, str]]) -> list[tuple[float, str]]:
    """The history marks (epoch, kind) that stop and restart the resolution clock, as "wait" and
    "resume": waits on the client, and a resolution followed by a reopening (which works like a
    pause, docs/policy.md). A resolution not reopened stopped nothing: the clock was met."""
    result: list[tuple[float, str]] = []
    resolved: float | None = None
    for at, kind in marks:
        if kind in ("wait", "resume"):
            result.append((at, kind))
        elif kind == "resolve":
            resolved = at
        elif kind == "reopen" and resolved is not None:
            result += [(resolved, "wait"), (at, "resume")]
            resolved = None
    return sorted(result)


def pause_intervals(marks: Iterable[tuple[float, str]], until: float) -> list[tuple[float, float]]:
    """Paused stretches from the case's history marks (epoch, "wait" | "resume"), in order.
    A pause still open is counted until `until`."""
    result: list[tuple[float, float]] = []
    started: float | None = None
    for at, kind in marks:
        if kind == "wait" and started is None:
            started = at
        elif kind == "resume" and started is not None:
            result.append((started, at))
            started = None
    if started is not None:
        result.append((started, max(started, until)))
    return result


def _subtract(interval: Interval, pauses: Sequence[Interval]) -> tuple[list[Interval], list[Interval]]:
    """Split one working interval into the parts that counted and the parts that were paused."""
    counted: list[Interval] = [interval]
    paused: list[Interval] = []
    for p_start, p_end in pauses:
        next_counted: list[Interval] = []
        for start, end in counted:
            if p_end <= start or p_start >= end:
                next_counted.append((start, end))
                continue
            if start < p_start:
                next_counted.append((start, p_start))
            paused.append((max(start, p_start), min(end, p_end)))
            if p_end < end:
                next_counted.append((p_end, end))
        counted = next_counted
    return counted, sorted(paused)


def explain(
    calendar: BusinessCalendar, start: datetime, due: datetime, pauses: Sequence[Interval] = ()
) -> tuple[DayLine, ...]:
    """Each local day from `start` to `due` with what counted, what was paused and why the rest
    did not count."""
    lines: list[DayLine] = []
    for account in calendar.days(start, due):
        counted: list[Interval] = []
        paused: list[Interval] = []
        for interval in account.counted:
            kept, stopped = _subtract(interval, pauses)
            counted.extend(kept)
            paused.extend(stopped)
        lines.append(
            DayLine(
                account.day, tuple(counted), tuple(paused), account.breaks, account.closed_reason, account.holiday_name
            )
        )
    return tuple(lines)


def counted_seconds(lines: Sequence[DayLine]) -> int:
    return sum(line.seconds for line in lines)
